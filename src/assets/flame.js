/*
 * flame.js: the flame graph's behaviour, for the SVG tare writes (on its
 * own or inside tare report's page). Frames are <g> elements with data-x
 * (start), data-w (width) and data-d (depth), in the profile's units,
 * data-n (the name) and the hover line in a <title> (inside the page,
 * data-s, its own cost, and data-o, its width in the old profile of a
 * diff, from which details() writes that line); everything is computed
 * from those, offline. Frames too narrow for a label have no <text> until
 * a zoom widens them.
 *
 * tareFlame(svg, opts) returns { zoom(g), reset(), search(re), mark(fn) };
 * opts.onselect(fn, g) is told of a click on a frame with data-fn, and
 * opts.onclick(g) of a click on any frame.
 */

/*
 * An integer with its digits grouped, 1,234,567 (the page's tables too):
 * toLocaleString makes a formatter per call, most of a big page's script time.
 */
function tareGrouped(v) {
	"use strict";
	var s = String(Math.abs(v)), head = s.length % 3 || 3, out = s.slice(0, head), i;
	for (i = head; i < s.length; i += 3) out += "," + s.slice(i, i + 3);
	return (v < 0 ? "-" : "") + out;
}

function tareFlame(svg, opts) {
	"use strict";
	opts = opts || {};
	var width = +svg.getAttribute("width"), pad = 10, charw = 7;
	var span = width - 2 * pad;
	var frames = Array.prototype.slice.call(svg.querySelectorAll("g.f"));
	var detailsLine = svg.querySelector("text.details");
	var matched = svg.querySelector("text.matched");
	var resetBtn = svg.querySelector("text.reset");
	var searchBtn = svg.querySelector("text.search");
	var total = +svg.getAttribute("data-total") || 1;
	var zoomed = null, searching = null;

	function num(g, a) { return +g.getAttribute(a); }
	/* The hover line, as flame_svg.c writes a frame's <title>. */
	function details(f) {
		var t = f.querySelector("title"), w = num(f, "data-w"), o;
		if (t) return t.textContent;
		t = f.getAttribute("data-n") + " (" + tareGrouped(w) + " " + svg.getAttribute("data-event") + ", " +
			(100 * w / total).toFixed(2) + "%";
		if (f.hasAttribute("data-s")) t += "; self " + tareGrouped(num(f, "data-s"));
		if (f.hasAttribute("data-o")) {
			o = num(f, "data-o");
			t += "; was " + tareGrouped(o) + ", " + (o ? (w >= o ? "+" : "") + (100 * (w - o) / o).toFixed(2) + "%" : "new");
		}
		return t + ")";
	}
	function label(g, px) {
		var name = g.getAttribute("data-n"), text = g.querySelector("text");
		var fit = Math.floor((px - 6) / charw);
		if (!text) {
			if (fit < 3) return null;
			text = document.createElementNS("http://www.w3.org/2000/svg", "text");
			text.setAttribute("y", +g.querySelector("rect").getAttribute("y") + 12);
			g.appendChild(text);
		}
		if (fit < 3) text.textContent = "";
		else if (name.length <= fit) text.textContent = name;
		else text.textContent = name.slice(0, fit - 2) + "..";
		return text;
	}
	function place(g, px, pw) {
		var r = g.querySelector("rect"), t;
		r.setAttribute("x", px.toFixed(1));
		r.setAttribute("width", Math.max(pw, 0).toFixed(1));
		if ((t = label(g, pw))) t.setAttribute("x", (px + 3).toFixed(1));
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
	/* One listener each for all the frames: thousands of frames, not thousands of listeners. */
	function frameOf(ev) { return ev.target.closest ? ev.target.closest("g.f") : null; }
	svg.addEventListener("mouseover", function (ev) {
		var f = frameOf(ev);
		if (f && detailsLine) detailsLine.textContent = details(f).replace(/\n/g, " ");
	});
	svg.addEventListener("mouseout", function (ev) { if (frameOf(ev) && detailsLine) detailsLine.textContent = " "; });
	svg.addEventListener("click", function (ev) {
		var f = frameOf(ev);
		if (!f) return;
		ev.stopPropagation();
		zoom(f);
		if (opts.onselect && f.hasAttribute("data-fn")) opts.onselect(+f.getAttribute("data-fn"), f);
		if (opts.onclick) opts.onclick(f);
	});
	if (resetBtn) resetBtn.addEventListener("click", reset);
	if (searchBtn) searchBtn.addEventListener("click", ask);
	if (!opts.embedded) {
		window.addEventListener("keydown", function (ev) {
			if ((ev.ctrlKey && ev.key === "f") || ev.key === "/") { ev.preventDefault(); ask(); }
			else if (ev.key === "Escape") { reset(); search(null); }
		});
	}
	/* No reset() here: the frames are drawn where tare placed them. */
	return { zoom: zoom, reset: reset, search: search, mark: mark, zoomed: function () { return zoomed; } };
}
