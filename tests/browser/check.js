/*
 * The pages tare writes, checked in a real browser (Debian's Chromium,
 * driven by playwright-core): each loads from a file with no console error
 * and no request beyond it, and what a user does works. Run by
 * tests/projects (pages_work_in_a_browser) as
 *     node tests/browser/check.js DIR
 * where DIR holds flame.svg and flame.html (of tests/browser/flame.out),
 * report.html (a profile with its source), instr.html (a profile with instruction costs,
 * of a binary objdump can read), diff.html (two profiles) and bench.html
 * (tare bench's page). Prints one line per check; exits 1 at the first failure.
 */
"use strict";
const path = require("path");
const { launch } = require("./chromium.js");

const dir = process.argv[2];
let page, problems = [];

function check(cond, what) {
	if (!cond) throw new Error("FAILED: " + what);
	console.log("ok " + what);
}

async function open(browser, name) {
	page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	problems = [];
	page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.text()); });
	page.on("pageerror", (e) => problems.push(String(e)));
	page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) problems.push("request: " + r.url()); });
	page.on("requestfailed", (r) => problems.push("failed request: " + r.url()));
	await page.goto("file://" + path.resolve(dir, name));
	await page.waitForLoadState("load");
}

function clean(name) {
	check(problems.length === 0, name + " loads with no console error and no request (" + problems.join("; ") + ")");
}

/* The frames' data, in document order. */
function frames(root) {
	return page.$$eval(root + " g.f", (gs) => gs.map((g) => ({
		n: g.getAttribute("data-n"), x: +g.getAttribute("data-x"), w: +g.getAttribute("data-w"),
		d: +g.getAttribute("data-d"), shown: g.style.display !== "none",
		rx: +g.querySelector("rect").getAttribute("x"), rw: +g.querySelector("rect").getAttribute("width"),
		fill: g.querySelector("rect").getAttribute("fill"), label: (g.querySelector("text") || { textContent: "" }).textContent,
	})));
}

async function flameSvg(browser) {
	await open(browser, "flame.svg");
	let f = await frames("svg");
	check(f.length === 6, "flame.svg draws all, main, parse, eval and two alloc frames (" + f.map((x) => x.n).join(",") + ")");
	check(f[0].n === "all" && f[0].w === 1000, "the root is as wide as the total");
	const evalF = f.find((x) => x.n === "eval");
	check(evalF.w === 690 && evalF.d === 2, "eval is 690 wide (eval'2 and the inlined compile folded into it)");
	/* Hover: the details line. */
	await page.hover("g.f[data-n='eval'] rect");
	const details = await page.textContent("text.details");
	check(details.startsWith("eval (690 Ir, 69.00%; self 600"), "hovering a frame shows its cost: " + details);
	/* Zoom: eval fills the width, parse is hidden, main stays below, dimmed. */
	await page.click("g.f[data-n='eval'] rect");
	f = await frames("svg");
	const ev = f.find((x) => x.n === "eval"), parse = f.find((x) => x.n === "parse"), main = f.find((x) => x.n === "main");
	check(Math.abs(ev.rx - 10) < 0.2 && Math.abs(ev.rw - 1180) < 0.2, "a click zooms the frame to the full width (" + ev.rx + "," + ev.rw + ")");
	check(!parse.shown && main.shown, "zoomed: frames beside it are hidden, those below it stay");
	const under = f.filter((x) => x.n === "alloc" && x.shown);
	check(under.length === 1 && Math.abs(under[0].rw - 90 / 690 * 1180) < 0.5, "zoomed: eval's alloc is scaled with it");
	await page.click("text.reset");
	f = await frames("svg");
	check(f.every((x) => x.shown) && Math.abs(f.find((x) => x.n === "parse").rw - 300 / 1000 * 1180) < 0.5, "Reset zoom restores every frame");
	/* Search: both alloc frames, 190 of 1000. */
	page.once("dialog", (d) => d.accept("^al+oc$"));
	await page.click("text.search");
	const matched = await page.textContent("text.matched");
	check(matched === "Matched: 19.00%", "Search highlights matches and sums them: " + matched);
	f = await frames("svg");
	check(f.filter((x) => x.fill === "rgb(230,0,230)").length === 2, "Search colours the matching frames");
	await page.click("text.search");	/* "Reset search": no prompt */
	check((await page.textContent("text.matched")) === "", "a second click resets the search");
	/* Nested matches count once: main holds everything. */
	page.once("dialog", (d) => d.accept("a"));
	await page.click("text.search");
	check((await page.textContent("text.matched")) === "Matched: 100.00%", "nested matches are counted once");
	clean("flame.svg");
	await page.close();
}

/* The same graph inside the page: the hover line is written from the frame's numbers, as the SVG's title. */
async function flamePage(browser) {
	await open(browser, "flame.html");
	const view = "main .view:not([hidden])";
	await page.hover(view + " g.f[data-n='eval'] rect");
	const details = await page.textContent(view + " text.details");
	check(details === "eval (690 Ir, 69.00%; self 600)", "the page's flame graph shows the SVG's hover line: " + details);
	await page.hover(view + " g.f[data-n='all'] rect");
	check((await page.textContent(view + " text.details")) === "all (1,000 Ir, 100.00%; self 0)", "and the root's");
	/* eval'2, eval at recursion depth 2: its name, then what follows the quote, apart. */
	await page.fill(view + " input.filter", "eval'2");
	const cell = await page.$eval(view + " .table tbody tr td.name", (td) => [td.firstChild.textContent, td.querySelector(".ctx").textContent, td.title]);
	check(cell[0] === "eval" && cell[1] === "'2" && cell[2] === "eval'2", "a name's context is shown apart from it: " + cell.join(" | "));
	clean("flame.html");
	await page.close();
}

async function rowsOf(sel) {
	return page.$$eval(sel + " tbody tr", (trs) => trs.map((tr) => Array.from(tr.children).map((td) => td.textContent)));
}

function num(s) { return Number(String(s).replace(/[,+%]/g, "")) || 0; }

async function report(browser) {
	await open(browser, "report.html");
	const view = "main .view:not([hidden])";
	let rows = await rowsOf(view + " .table");
	check(rows.length > 5, "report.html lists the functions (" + rows.length + ")");
	const self = rows.map((r) => num(r[0]));
	check(self.every((v, i) => i === 0 || self[i - 1] >= v), "the table starts sorted by self cost, largest first");
	/* Sort by inclusive, then ascending. */
	await page.click(view + " .table th:nth-child(3)");
	rows = await rowsOf(view + " .table");
	let incl = rows.map((r) => num(r[2]));
	check(incl.every((v, i) => i === 0 || incl[i - 1] >= v), "a click on Inclusive sorts by it");
	await page.click(view + " .table th:nth-child(3)");
	rows = await rowsOf(view + " .table");
	incl = rows.map((r) => num(r[2]));
	check(incl.every((v, i) => i === 0 || incl[i - 1] <= v), "a second click sorts the other way");
	/* By name. */
	await page.click(view + " .table th:nth-child(6)");
	rows = await rowsOf(view + " .table");
	const names = rows.map((r) => r[5]);
	check(names.every((v, i) => i === 0 || names[i - 1] <= v), "a click on Function sorts by name");
	/* Filter. */
	await page.fill(view + " input.filter", "sort");
	rows = await rowsOf(view + " .table");
	check(rows.length >= 1 && rows.every((r) => (r[5] + r[6] + r[7]).toLowerCase().includes("sort")), "the filter keeps matching functions only (" + rows.length + ")");
	await page.fill(view + " input.filter", "/^main$/");
	rows = await rowsOf(view + " .table");
	check(rows.length === 1 && rows[0][5] === "main", "a /regex/ filter");
	/* Select main: callers and callees. */
	await page.click(view + " .table tbody tr");
	const h4 = await page.textContent(view + " .calls h4");
	check(h4 === "main", "a click on a row selects the function: " + h4);
	const callees = await page.$$eval(view + " .calls .pair > div:nth-child(2) tbody tr", (trs) => trs.map((tr) => tr.lastChild.textContent));
	check(callees.length >= 1, "its callees are listed (" + callees.join(", ") + ")");
	const callers = await page.$$eval(view + " .calls .pair > div:nth-child(1) tbody tr", (trs) => trs.length);
	check(callers >= 1, "and its callers");
	const marked = await page.$$eval(view + " g.f.sel", (gs) => gs.map((g) => g.getAttribute("data-n")));
	check(marked.length >= 1 && marked.every((n) => n === "main"), "the flame graph marks the selected function's frames");
	/* A callee's row goes to it. */
	const target = callees[0];
	await page.click(view + " .calls .pair > div:nth-child(2) tbody tr");
	check((await page.textContent(view + " .calls h4")) === target, "a click on a callee selects it");
	/* The flame graph selects too. */
	await page.fill(view + " input.filter", "");
	await page.click(view + " g.f[data-n='main'] rect");
	check((await page.textContent(view + " .calls h4")) === "main", "a click on a frame selects its function");
	/* Source: a line with cost, of the profiled file. */
	const src = await page.$$eval(view + " .source tbody tr.costed", (trs) => trs.map((tr) => Array.from(tr.children).map((td) => td.textContent)));
	const file = await page.$eval(view + " .source select", (s) => s.options[s.selectedIndex].textContent);
	check(src.length > 0 && src.some((r) => num(r[1]) > 0 && r[2].length > 0), "the source view shows lines with their cost (" + file + ")");
	/* Another event in the table. */
	const events = await page.$$eval(view + " select.event option", (os) => os.map((o) => o.textContent));
	if (events.length > 1) {
		await page.selectOption(view + " select.event", "1");
		check(true, "the event can be changed (" + events[1] + ")");
	}
	const header = await page.textContent(view + " dl.header");
	check(header.includes("Command") && header.includes("Totals"), "the header shows the command and totals");
	clean("report.html");
	await page.close();
}

async function instr(browser) {
	await open(browser, "instr.html");
	const view = "main .view:not([hidden])";
	await page.fill(view + " input.filter", "/^hash$/");
	const rows = await rowsOf(view + " .table");
	check(rows.length === 1, "instr.html lists hash");
	await page.click(view + " .table tbody tr");
	const picked = await page.$eval(view + " .asm select", (s) => s.options[s.selectedIndex].textContent);
	check(picked.startsWith("hash ("), "selecting a function shows its instructions: " + picked);
	const lines = await page.$$eval(view + " .asm tbody tr", (trs) => trs.map((tr) => Array.from(tr.children).map((td) => td.textContent)));
	const sum = lines.reduce((a, l) => a + num(l[1]), 0);
	check(lines.length > 3 && lines.some((l) => /\bret/.test(l[2])), "the disassembly is objdump's, to the last instruction run (" + lines.length + " lines)");
	check(sum === num(rows[0][0]), "its instructions' costs add up to its self cost (" + sum + " = " + rows[0][0] + ")");
	clean("instr.html");
	await page.close();
}

async function diff(browser) {
	await open(browser, "diff.html");
	const view = "main .view:not([hidden])";
	const rows = await rowsOf(view + " .table");
	check(rows.length > 1, "diff.html lists changed functions (" + rows.length + ")");
	const ch = rows.map((r) => Math.abs(num(r[4])));
	check(ch.every((v, i) => i === 0 || ch[i - 1] >= v), "sorted by the size of the change");
	const fills = await page.$$eval(view + " g.f rect", (rs) => rs.map((r) => r.getAttribute("fill")));
	check(fills.some((c) => /^rgb\((255,\d+,\d+|\d+,\d+,255)\)$/.test(c) && c !== "rgb(255,255,255)"), "the differential flame graph colours changes");
	const totals = await page.textContent(view + " p.totals");
	check(/\u2192/.test(totals), "the totals show old and new: " + totals);
	const src = await page.$$eval(view + " .source thead th", (ths) => ths.map((t) => t.textContent));
	check(src.includes("Old") && src.includes("New"), "the source shows old and new cost side by side");
	await page.hover(view + " g.f[data-n='main'] rect");
	const line = await page.textContent(view + " text.details");
	check(/^main \([\d,]+ \w+, [\d.]+%; self [\d,]+; was [\d,]+, ([+-][\d.]+%|new)\)$/.test(line), "hovering a frame gives both widths and the change: " + line);
	/* A click on a frame filters the table by its function. */
	await page.click(view + " g.f[data-n='main'] rect");
	const after = await rowsOf(view + " .table");
	check(after.length >= 1 && after.every((r) => r[0].includes("main")), "a click on a frame filters the table");
	clean("diff.html");
	await page.close();
}

async function bench(browser) {
	await open(browser, "bench.html");
	const rows = await rowsOf("section table.results");
	check(rows.length >= 1, "bench.html has the results table");
	const views = await page.$$eval("nav a", (as) => as.map((a) => a.textContent));
	check(views.length >= 2 && views.some((v) => v.endsWith(": against the baseline")), "one view per benchmark and its change (" + views.join(" | ") + ")");
	await page.click("nav a:nth-child(2)");
	const shown = await page.textContent("main .view:not([hidden]) h2");
	check(shown === views[1], "the nav shows another view: " + shown);
	clean("bench.html");
	await page.close();
}

(async () => {
	const browser = await launch();
	let rc = 0;
	try {
		await flameSvg(browser);
		await flamePage(browser);
		await report(browser);
		await instr(browser);
		await diff(browser);
		await bench(browser);
	} catch (e) {
		console.log(String(e && e.message || e));
		rc = 1;
	}
	await browser.close();
	process.exit(rc);
})();
