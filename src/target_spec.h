/*
 * target_spec.h: cargo-nextest's platform specs, evaluated for the machine
 * tare runs on, so that `platform = 'cfg(target_os = "linux")'` in a
 * nextest config reads over unchanged.
 *
 * A spec is a target triple ("x86_64-unknown-linux-gnu"), or a cfg
 * expression: cfg(PRED) with PRED one of `unix`, `windows`,
 * `KEY = "VALUE"` (KEY among target_os, target_family, target_arch,
 * target_env, target_vendor, target_pointer_width, target_endian),
 * any(PRED, ...), all(PRED, ...), not(PRED).
 */
#ifndef TARE_TARGET_SPEC_H
#define TARE_TARGET_SPEC_H

#include <stddef.h>

#include "strbuf.h"

/*
 * 1 if spec matches this machine, 0 if not. -1 if spec is malformed: then
 * *err_col is the 1-based column of the problem and err says what it is.
 */
int target_spec_matches(const char *spec, size_t *err_col, struct strbuf *err);

/* This machine's target triple, as Rust spells it. */
const char *target_triple(void);

#endif
