/* The unit-test binary: every tests/unit/NAME_test.c links into it. */
#define TARE_MAIN
#include "tare.h"
