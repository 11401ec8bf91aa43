/*
 * page-timing.js PAGE [ROUNDS]: how long tare report's page takes in
 * headless Chromium, medians of ROUNDS (5) loads: "paint" (from navigation
 * to the first paint, by the page's own clock: the page's script has drawn
 * the function table and sources before it), "ready" (from navigation
 * until playwright sees the flame graph too, which the page draws just
 * after its first paint; playwright's polling included), then in the
 * loaded page "sort" (a click on a column header until the table is laid
 * out again, both ways) and "filter" (typing a name). Prints
 * "paint S ready S sort S filter S" in seconds.
 */
"use strict";
const path = require("path");
const { launch } = require("../tests/browser/chromium.js");

function median(v) { v = v.slice().sort((a, b) => a - b); return v[v.length >> 1]; }

(async () => {
	const file = path.resolve(process.argv[2]), rounds = +(process.argv[3] || 5);
	const browser = await launch();
	const paint = [], ready = [], sort = [], filter = [];
	for (let r = 0; r < rounds; r++) {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		const t0 = Date.now();
		await page.goto("file://" + file);
		await page.waitForSelector("main .view:not([hidden]) .table tbody tr");
		await page.waitForSelector("main .view:not([hidden]) .flame:not([hidden]) g.f");
		ready.push((Date.now() - t0) / 1000);
		paint.push(await page.evaluate(() => {
			const p = performance.getEntriesByName("first-contentful-paint")[0];
			return p ? p.startTime / 1000 : NaN;
		}));
		sort.push(await page.evaluate(() => {
			const th = document.querySelectorAll("main .view:not([hidden]) .table th");
			const t = performance.now();
			th[2].click();	/* Inclusive */
			th[2].click();	/* and back */
			document.querySelector("main .view:not([hidden]) .table tbody tr").getBoundingClientRect();
			return (performance.now() - t) / 2000;
		}));
		filter.push(await page.evaluate(() => {
			const box = document.querySelector("main .view:not([hidden]) input.filter");
			const t = performance.now();
			box.value = "alloc";
			box.dispatchEvent(new Event("input"));
			document.querySelector("main .view:not([hidden]) .table").getBoundingClientRect();
			return (performance.now() - t) / 1000;
		}));
		await page.close();
	}
	await browser.close();
	console.log("paint " + median(paint).toFixed(3) + " ready " + median(ready).toFixed(3) + " sort " + median(sort).toFixed(3) +
		    " filter " + median(filter).toFixed(3));
})().catch((e) => { console.error("page-timing.js: " + e.message); process.exit(1); });
