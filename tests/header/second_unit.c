/*
 * A second file of the same test binary: it includes tare.h without
 * TARE_MAIN, and its tests register like the first file's.
 */
#include "tare.h"

int header_second_unit_value(void);

int header_second_unit_value(void)
{
	return 42;
}

TARE_TEST(second_file_registers)
{
	TARE_ASSERT_EQ(header_second_unit_value(), 42);
}
