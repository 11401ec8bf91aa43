/*
 * flame.js: the flame graph's behaviour, for the SVG tare writes (on its
 * own or inside tare report's page). Frames are <g> elements with data-x
 * (start), data-w (width) and data-d (depth), in the profile's units, and
 * data-n (the name); everything is computed from those, offline.
 *
 * tareFlame(svg, opts) returns { zoom(g), reset(), search(re), mark(fn) };
 * opts.onselect(fn, g) is told of a click on a frame with data-fn.
 */
function tareFlame(svg, opts) {
	"use strict";
	opts = opts || {};
	var width = +svg.getAttribute("width"), pad = 10, charw = 7;
	var span = width - 2 * pad;
	var frames = Array.prototype.slice.call(svg.querySelectorAll("g.f"));
	var details = svg.querySelector("text.details");
	var matched = svg.querySelector("text.matched");
	var resetBtn = svg.querySelector("text.reset");
	var searchBtn = svg.querySelector("text.search");
	var total = +svg.getAttribute("data-total") || 1;
	var zoomed = null, searching = null;

	function num(g, a) { return +g.getAttribute(a); }
	function label(g, px) {
		var name = g.getAttribute("data-n"), text = g.querySelector("text");
		var fit = Math.floor((px - 6) / charw);
		if (fit < 3) text.textContent = "";
		else if (name.length <= fit) text.textContent = name;
		else text.textContent = name.slice(0, fit - 2) + "..";
	}
	function place(g, px, pw) {
		var r = g.querySelector("rect"), t = g.querySelector("text");
		r.setAttribute("x", px.toFixed(1));
		r.setAttribute("width", Math.max(pw, 0).toFixed(1));
		t.setAttribute("x", (px + 3).toFixed(1));
		label(g, pw);
	}
	function zoom(g) {
		var zx = num(g, "data-x"), zw = num(g, "data-w"), zd = num(g, "data-d");
		if (!zw) return;
		zoomed = g;
		frames.forEach(function (f) {
			var x = num(f, "data-x"), w = num(f, "data-w"), d = num(f, "data-d");
			var inside = d >= zd && x >= zx && x + w <= zx + zw;
			var above = d < zd && x <= zx && x + w >= zx + zw;
			f.style.display = inside || above ? "" : "none";
			f.classList.toggle("dim", above);
			if (inside) place(f, pad + (x - zx) / zw * span, w / zw * span);
			else if (above) place(f, pad, span);
		});
		if (resetBtn) resetBtn.style.opacity = 1;
	}
	function reset() {
		zoomed = null;
		frames.forEach(function (f) {
			f.style.display = "";
			f.classList.remove("dim");
			place(f, pad + num(f, "data-x") / total * span, num(f, "data-w") / total * span);
		});
		if (resetBtn) resetBtn.style.opacity = 0.2;
	}
	function paint(f, colour) {
		var r = f.querySelector("rect");
		if (!r.hasAttribute("data-f")) r.setAttribute("data-f", r.getAttribute("fill"));
		r.setAttribute("fill", colour || r.getAttribute("data-f"));
	}
	/* Highlights frames whose name matches re; the share they cover, nested ones once. */
	function search(re) {
		var spans = [], sum = 0, end = -1;
		searching = re;
		frames.forEach(function (f) {
			var hit = re && re.test(f.getAttribute("data-n"));
			paint(f, hit ? "rgb(230,0,230)" : null);
			if (hit) spans.push([num(f, "data-x"), num(f, "data-x") + num(f, "data-w")]);
		});
		spans.sort(function (a, b) { return a[0] - b[0]; });
		spans.forEach(function (s) {
			if (s[1] <= end) return;
			sum += s[1] - Math.max(s[0], end);
			end = s[1];
		});
		if (matched) matched.textContent = re ? "Matched: " + (100 * sum / total).toFixed(2) + "%" : "";
		if (searchBtn) searchBtn.textContent = re ? "Reset search" : "Search";
		return sum;
	}
	/* Marks the frames of one function (the report's selection). */
	function mark(fn) {
		frames.forEach(function (f) {
			f.classList.toggle("sel", fn !== null && f.getAttribute("data-fn") === String(fn));
		});
	}
	function ask() {
		if (searching) { search(null); return; }
		var term = window.prompt("Search for a function (a regular expression)", "");
		if (!term) return;
		try { search(new RegExp(term)); }
		catch (e) { search(new RegExp(term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))); }
	}
	frames.forEach(function (f) {
		f.addEventListener("mouseover", function () {
			if (details) details.textContent = f.querySelector("title").textContent.replace(/\n/g, " ");
		});
		f.addEventListener("mouseout", function () { if (details) details.textContent = " "; });
		f.addEventListener("click", function (ev) {
			ev.stopPropagation();
			zoom(f);
			if (opts.onselect && f.hasAttribute("data-fn")) opts.onselect(+f.getAttribute("data-fn"), f);
		});
	});
	if (resetBtn) resetBtn.addEventListener("click", reset);
	if (searchBtn) searchBtn.addEventListener("click", ask);
	if (!opts.embedded) {
		window.addEventListener("keydown", function (ev) {
			if ((ev.ctrlKey && ev.key === "f") || ev.key === "/") { ev.preventDefault(); ask(); }
			else if (ev.key === "Escape") { reset(); search(null); }
		});
	}
	reset();
	return { zoom: zoom, reset: reset, search: search, mark: mark, zoomed: function () { return zoomed; } };
}
