/*
 * chromium.js: how tare's browser scripts start Chromium (check.js and
 * shot.js here, bench/page-timing.js): Debian's, or TARE_CHROMIUM, headless,
 * with nothing of its own on the network, so that a page's only requests
 * are its own.
 */
"use strict";
const { chromium } = require("playwright-core");

exports.launch = () => chromium.launch({
	executablePath: process.env.TARE_CHROMIUM || "/usr/bin/chromium",
	args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	       "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
