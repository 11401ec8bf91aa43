/*
 * flame_svg.h: a flame tree (cg_flame.h) drawn as an SVG that works on its
 * own in any browser, offline: hover for a frame's name, width, share and
 * own cost; click to zoom into a frame (Reset zoom, or Escape, to go back);
 * Search (or Ctrl-F, /) for a regular expression, which highlights the
 * frames it matches and says what share of the total they cover, nested
 * frames counted once.
 *
 * Frames are drawn from the root up, children sorted by name, each as wide
 * as its cost; a frame is coloured by its name (warm hues, the same name
 * the same colour). In a diff, widths are the new profile's and colours
 * the change of the frame's inclusive cost: red grew, blue shrank, white
 * unchanged, deeper the larger the change next to the largest one, so a
 * new subtree stands out at its root even when each function in it is
 * small. A frame only the old profile has is not drawn (its width is 0).
 */
#ifndef TARE_FLAME_SVG_H
#define TARE_FLAME_SVG_H

#include <stdio.h>

#include "cg_flame.h"

struct flame_svg_options {
	const char *title;
	int width;		/* pixels; 0: 1200 */
	/*
	 * Inside tare report's page: no XML declaration and no script (the
	 * page brings flame.js); frames carry data-fn, fn_ids[fn] of their
	 * function in the (new) profile's fns, where that is not UINT32_MAX.
	 */
	int embedded;
	const uint32_t *fn_ids;
};

void flame_write_svg(const struct flame *f, const struct flame_svg_options *o, FILE *out);

#endif
