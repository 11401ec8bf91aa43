/*
 * shot.js FILE PNG [WIDTH HEIGHT]: a page or SVG rendered by headless
 * Chromium into a PNG, for make screenshots (scripts/screenshots.sh). An
 * SVG is shot at its own size; a page at WIDTH x HEIGHT (1280 x 1000),
 * after a click on its function table's first row, so that the callers
 * and callees show.
 */
"use strict";
const path = require("path");
const { launch } = require("./chromium.js");

(async () => {
	const [file, png, w, h] = process.argv.slice(2);
	const browser = await launch();
	const page = await browser.newPage({ viewport: { width: +(w || 1280), height: +(h || 1000) } });
	await page.goto("file://" + path.resolve(file));
	if (file.endsWith(".svg")) {
		const size = await page.evaluate(() => [+document.documentElement.getAttribute("width"),
							  +document.documentElement.getAttribute("height")]);
		await page.setViewportSize({ width: size[0], height: size[1] });
	} else {
		await page.click("main .view:not([hidden]) .table tbody tr");
		await page.evaluate(() => window.scrollTo(0, 0));
	}
	await page.screenshot({ path: png });
	await browser.close();
})().catch((e) => { console.error("shot.js: " + e.message); process.exit(1); });
