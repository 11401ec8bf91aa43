/*
 * libFuzzer: a whole tare.toml through the TOML parser, the configuration
 * loader, filter expressions and platform specs, then profile resolution.
 */
#include <stdint.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;

	/* Bad input prints an error line: make fuzz runs with -close_fd_mask=2. */
	if (config_load_buffer(&cfg, (const char *)data, size, "tare.toml", "/tmp") == 0) {
		size_t i;

		for (i = 0; i < cfg.profiles.nr; i++) {
			struct profile_view v;
			struct settings s;

			if (config_profile(&cfg, cfg.profiles.v[i]->name, &v) == 0) {
				config_test_settings(&v, "unit", "ring_push", NULL, NULL, &s);
				config_run_wrapper(&v, "unit", "ring_push", NULL);
				config_list_wrapper(&v, "unit");
			}
		}
	}
	config_release(&cfg);
	return 0;
}
