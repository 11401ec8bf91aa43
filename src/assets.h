/*
 * assets.h: the scripts and styles of the pages tare writes, built into
 * the binary from src/assets/ (scripts/embed.sh), so that a page needs no
 * file beside it and no network.
 */
#ifndef TARE_ASSETS_H
#define TARE_ASSETS_H

/* The flame graph's behaviour: tareFlame(svg, opts) (flame.js). */
extern const char tare_asset_flame_js[];
/* tare report's page: report.js draws the views from the page's data. */
extern const char tare_asset_report_js[];
extern const char tare_asset_report_css[];

#endif
