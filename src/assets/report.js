/*
 * report.js: tare report's page, drawn from the data tare wrote into it
 * (script#tare-data) and the flame graphs beside it (div#flame-N). Every
 * name comes from a profile and may hold anything: text goes in through
 * textContent only, never as markup.
 */
(function () {
	"use strict";
	var data = JSON.parse(document.getElementById("tare-data").textContent);
	var app = document.getElementById("app");
	var ROWS = 500;

	function el(tag, attrs, children) {
		var e = document.createElement(tag);
		if (attrs) Object.keys(attrs).forEach(function (k) {
			if (k === "text") e.textContent = attrs[k];
			else if (k === "cls") e.className = attrs[k];
			else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), attrs[k]);
			else e.setAttribute(k, attrs[k]);
		});
		(children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
		return e;
	}
	function num(v) { return v === null || v === undefined ? "" : tareGrouped(v); }
	function pct(v, total) { return total ? (100 * v / total).toFixed(2) + "%" : ""; }
	function signed(v) { return (v > 0 ? "+" : "") + num(v); }
	function change(o, n) {
		if (!o) return n ? "new" : "";
		return (n - o >= 0 ? "+" : "") + (100 * (n - o) / Math.abs(o)).toFixed(2) + "%";
	}
	/*
	 * A view's strings come once, in view.names; a function's name is the
	 * numbers of its parts (f'g'h: f called from g called from h).
	 */
	function named(names, parts, file, obj, into) {
		into.name = parts.map(function (k) { return names[k]; }).join("'");
		into.base = names[parts[0]];
		into.file = names[file];
		into.obj = names[obj];
		return into;
	}
	/* A function's cell: its name, and the callers of its context on one line below, cut to fit. */
	function nameCell(f, td) {
		td = td || el("td", { cls: "name" });
		td.title = f.name;
		td.appendChild(document.createTextNode(f.base));
		if (f.name.length > f.base.length)
			td.appendChild(el("span", { cls: "ctx", text: f.name.slice(f.base.length) }));
		return td;
	}
	function short(path) { var i = path.lastIndexOf("/"); return i < 0 ? path : path.slice(i + 1); }
	/*
	 * A filter of fields (name, file, object): /regex/ matching one of
	 * them, or words that must each appear in one of them.
	 */
	function matcher(text) {
		text = text.trim();
		if (!text) return null;
		var m = /^\/(.*)\/$/.exec(text);
		if (m) {
			try {
				var re = new RegExp(m[1]);
				return function (fields) { return fields.some(function (f) { return re.test(f); }); };
			} catch (e) { /* taken as words */ }
		}
		var words = text.toLowerCase().split(/\s+/);
		return function (fields) {
			var s = fields.join("\n").toLowerCase();
			return words.every(function (w) { return s.indexOf(w) >= 0; });
		};
	}

	/* A sortable table: cols [{title, get(row), fmt, cls, num}], rows; onrow(row, tr). */
	function Table(cols, opts) {
		this.cols = cols;
		this.opts = opts;
		this.sortCol = opts.sortCol || 0;
		this.desc = opts.desc !== false;
		this.limit = ROWS;
		this.node = el("div", { cls: "table" });
	}
	Table.prototype.render = function (rows) {
		var t = this, c = t.cols[t.sortCol], sorted = rows.slice();
		var key = c.sort || c.get;
		sorted.sort(function (a, b) {
			var x = key(a), y = key(b), r;
			if (typeof x === "string") r = x < y ? -1 : x > y ? 1 : 0;
			else r = x - y;
			return t.desc ? -r : r;
		});
		t.rows = sorted;
		var head = el("tr", null, t.cols.map(function (col, i) {
			var th = el("th", { cls: (col.num ? "num " : "") + (i === t.sortCol ? (t.desc ? "desc" : "asc") : ""),
				text: col.title, title: "sort by " + col.title,
				onclick: function () {
					if (t.sortCol === i) t.desc = !t.desc; else { t.sortCol = i; t.desc = !!col.num; }
					t.render(rows);
				} });
			return th;
		}));
		var body = el("tbody");
		sorted.slice(0, t.limit).forEach(function (r) {
			var tr = el("tr", null, t.cols.map(function (col) {
				var v = col.get(r);
				if (col.cell) return col.cell(r, el("td", { cls: col.cls || "" }));
				return el("td", { cls: col.num ? "num" : (col.cls || ""), text: col.fmt ? col.fmt(v, r) : v });
			}));
			if (t.opts.onrow) tr.addEventListener("click", function () { t.opts.onrow(r, tr); });
			if (t.opts.mark) t.opts.mark(r, tr);
			body.appendChild(tr);
		});
		var table = el("table", null, [el("thead", null, [head]), body]);
		t.node.textContent = "";
		t.node.appendChild(table);
		if (t.opts.footer) { var f = t.opts.footer(sorted); if (f) t.node.appendChild(f); }
		if (sorted.length > t.limit)
			t.node.appendChild(el("button", { cls: "more", text: "Show all " + sorted.length + " rows",
				onclick: function () { t.limit = Infinity; t.render(rows); } }));
	};

	/*
	 * A view's flame graph, drawn on first use: api() shows it and returns
	 * tareFlame's handle. The page calls it just after its first paint, so
	 * laying out thousands of frames does not hold up the table.
	 */
	function flameFor(view, onselect, onclick) {
		var div = document.getElementById("flame-" + view.flame), handle = null;
		if (!div) return null;
		return { node: div, api: function () {
			if (handle) return handle;
			var svg = div.querySelector("svg");
			div.hidden = false;
			svg.removeAttribute("height");
			svg.style.width = "100%";
			svg.style.height = "auto";
			return (handle = tareFlame(svg, { embedded: true, onselect: onselect, onclick: onclick }));
		} };
	}

	function eventSelect(events, current, onchange) {
		return el("select", { cls: "event", title: "event", onchange: function (ev) { onchange(+ev.target.value); } },
			events.map(function (e, i) {
				var o = el("option", { value: i, text: e });
				if (i === current) o.selected = true;
				return o;
			}));
	}

	function section(title, children) {
		return el("section", null, [el("h3", { text: title })].concat(children));
	}

	function headerBlock(view) {
		var dl = el("dl", { cls: "header" });
		function item(k, v) { if (v !== null && v !== undefined && v !== "") { dl.appendChild(el("dt", { text: k })); dl.appendChild(el("dd", { text: v })); } }
		var parts = view.parts || [];
		var cmds = [], files = [], creators = [];
		parts.forEach(function (p) {
			if (p.cmd && cmds.indexOf(p.cmd) < 0) cmds.push(p.cmd);
			if (p.file && files.indexOf(p.file) < 0) files.push(p.file);
			if (p.creator && creators.indexOf(p.creator) < 0) creators.push(p.creator);
		});
		item("Files", files.join(", "));
		item("Command", cmds.join(" | "));
		item("Creator", creators.join(", "));
		item("Events", view.events.join(" "));
		if (view.totals) item("Totals" + (view.calculated ? " (calculated)" : ""),
			view.events.map(function (e, i) { return e + " " + num(view.totals[i]); }).join(", "));
		if (parts.length > 1 || (parts.length && (parts[0].thread || parts[0].part)))
			item("Parts", parts.map(function (p) {
				return [p.pid ? "pid " + p.pid : "", p.part ? "part " + p.part : "", p.thread ? "thread " + p.thread : ""]
					.filter(Boolean).join(" ");
			}).join("; "));
		var desc = [];
		/* Callgrind writes "I1 cache:" with nothing after it when it simulated no cache. */
		parts.forEach(function (p) { (p.desc || []).forEach(function (d) { if (!/:\s*$/.test(d) && desc.indexOf(d) < 0) desc.push(d); }); });
		item("Description", desc.join("; "));
		return dl;
	}

	/* Source lines: [number, text, costs...]; cols tells how to show each line's costs. */
	function sourceBlock(files, costCols) {
		var box = el("div", { cls: "source" });
		var pick = el("select", { cls: "file", title: "source file", onchange: function () { show(+pick.value); } },
			files.map(function (f, i) { return el("option", { value: i, text: f.name + (f.found ? "" : " (not found)") }); }));
		var body = el("div");
		box.appendChild(pick);
		box.appendChild(body);
		function show(i) {
			var f = files[i], prev = null, rows = [];
			pick.value = String(i);
			body.textContent = "";
			if (!f) return;
			var max = 1;
			f.lines.forEach(function (l) { costCols.forEach(function (c) { var v = c.get(l); if (v && Math.abs(v) > max) max = Math.abs(v); }); });
			f.lines.forEach(function (l) {
				if (prev !== null && l[0] > prev + 1)
					rows.push(el("tr", { cls: "gap" }, [el("td", { colspan: costCols.length + 2, text: "\u22ee lines " + (prev + 1) + "\u2013" + (l[0] - 1) })]));
				prev = l[0];
				var hot = 0;
				var cells = costCols.map(function (c) {
					var v = c.get(l);
					if (v && c.heat) hot = Math.max(hot, Math.abs(v) / max);
					return el("td", { cls: "num", text: v === null ? "" : c.fmt(v, l) });
				});
				var tr = el("tr", { cls: l.length > 2 ? "costed" : "" }, [el("td", { cls: "line", text: l[0] > 0 ? l[0] : "?" })]
					.concat(cells, [el("td", { cls: "code", text: l[1] === null ? (l[0] > 0 ? "(line not in the file)" : "(unknown line)") : l[1] })]));
				if (hot) tr.style.background = "rgba(255,120,0," + (0.08 + 0.5 * hot).toFixed(3) + ")";
				rows.push(tr);
			});
			var head = el("tr", null, [el("th", { text: "Line" })].concat(costCols.map(function (c) { return el("th", { cls: "num", text: c.title }); }), [el("th", { text: f.name })]));
			body.appendChild(el("table", null, [el("thead", null, [head]), el("tbody", null, rows)]));
			if (!f.found) body.appendChild(el("p", { cls: "note", text: "The file was not found here: lines are shown by number only." }));
		}
		show(0);
		return { node: box, show: show };
	}

	function sourceSection(node, title, source, missing) {
		var parts = source ? [source.node] : [];
		if (missing && missing.length)
			parts.push(el("p", { cls: "note", text: "Not found here (tare report -I DIR looks in DIR too): " + missing.join(", ") }));
		if (parts.length) node.appendChild(section(title, parts));
	}

	/* The disassembly of the costliest functions, each instruction with its cost. */
	function asmBlock(list, ev) {
		var box = el("div", { cls: "source asm" }), body = el("div"), current = 0;
		var pick = el("select", { cls: "file", title: "function", onchange: function () { show(+pick.value); } },
			list.map(function (a, i) { return el("option", { value: i, text: a.name + " (" + short(a.object) + ")" }); }));
		box.appendChild(pick);
		box.appendChild(body);
		function show(i) {
			var a = list[i], max = 1;
			current = i;
			pick.value = String(i);
			body.textContent = "";
			if (!a) return;
			a.lines.forEach(function (l) { if (l[2] && Math.abs(l[2][ev()]) > max) max = Math.abs(l[2][ev()]); });
			body.appendChild(el("table", null, [
				el("thead", null, [el("tr", null, [el("th", { text: "Address" }), el("th", { cls: "num", text: "Cost" }), el("th", { text: a.object })])]),
				el("tbody", null, a.lines.map(function (l) {
					var v = l[2] ? l[2][ev()] : 0;
					var tr = el("tr", { cls: v ? "costed" : "" }, [el("td", { cls: "line", text: l[0] }),
						el("td", { cls: "num", text: v ? num(v) : "" }), el("td", { cls: "code", text: l[1] })]);
					if (v) tr.style.background = "rgba(255,120,0," + (0.08 + 0.5 * Math.abs(v) / max).toFixed(3) + ")";
					return tr;
				}))]));
		}
		show(0);
		return { node: box, show: show, redraw: function () { show(current); },
			 find: function (fn) { for (var i = 0; i < list.length; i++) if (list[i].fn === fn) return i; return -1; } };
	}

	function profileView(view) {
		var ev = view.primary || 0, node = el("div", { cls: "view" }), selected = null;
		var fns = view.fns.map(function (f, i) {
			return named(view.names, f[0], f[1], f[2], { i: i, self: f[3], incl: f[4], calls: f[5], src: f[6] });
		});
		var callers = fns.map(function () { return []; }), callees = fns.map(function () { return []; });
		view.calls.forEach(function (c) {
			var call = { from: c[0], to: c[1], count: c[2], cost: c[3] };
			callees[c[0]].push(call);
			callers[c[1]].push(call);
		});
		var total = function () { return view.totals[ev] || 1; };
		var filter = null;
		var filterBox = el("input", { type: "search", cls: "filter", placeholder: "Filter by name, file or object (or /regex/)",
			oninput: function () { filter = matcher(filterBox.value); draw(); } });
		var count = el("span", { cls: "count" });
		var table = new Table([
			{ title: "Self", num: true, get: function (f) { return f.self[ev]; }, fmt: num },
			{ title: "Self %", num: true, get: function (f) { return f.self[ev]; }, fmt: function (v) { return pct(v, total()); } },
			{ title: "Inclusive", num: true, get: function (f) { return f.incl[ev]; }, fmt: num },
			{ title: "Incl. %", num: true, get: function (f) { return f.incl[ev]; }, fmt: function (v) { return pct(v, total()); } },
			{ title: "Called", num: true, get: function (f) { return f.calls; }, fmt: num },
			{ title: "Function", cls: "name", get: function (f) { return f.name; }, cell: nameCell },
			{ title: "File", cls: "file", get: function (f) { return f.file; } },
			{ title: "Object", cls: "file", get: function (f) { return short(f.obj); } }
		], {
			sortCol: 0,
			onrow: function (f) { select(f.i, true); },
			mark: function (f, tr) { if (f.i === selected) tr.className = "selected"; },
			footer: function () {
				if (!view.rest || !view.rest.count || filter) return null;
				return el("p", { cls: "note", text: view.rest.count + " other functions, each below the page's threshold, cost " +
					num(view.rest.self[ev]) + " " + view.events[ev] + " (" + pct(view.rest.self[ev], total()) + ") themselves." });
			}
		});
		function rows() {
			return fns.filter(function (f) { return !filter || filter([f.name, f.file, f.obj]); });
		}
		function draw() {
			var r = rows();
			count.textContent = r.length + " of " + fns.length + " functions";
			table.render(r);
		}
		var calls = el("div", { cls: "calls" });
		function callTable(title, list, other) {
			if (!list.length) return el("p", { cls: "note", text: "No " + title.toLowerCase() + "." });
			list = list.slice().sort(function (a, b) { return b.cost[ev] - a.cost[ev]; });
			return el("table", null, [
				el("thead", null, [el("tr", null, [el("th", { cls: "num", text: "Calls" }), el("th", { cls: "num", text: "Inclusive" }),
					el("th", { cls: "num", text: "%" }), el("th", { text: title })])]),
				el("tbody", null, list.map(function (c) {
					var f = fns[c[other]];
					return el("tr", { onclick: function () { select(f.i, true); } }, [
						el("td", { cls: "num", text: num(c.count) }), el("td", { cls: "num", text: num(c.cost[ev]) }),
						el("td", { cls: "num", text: pct(c.cost[ev], total()) }), nameCell(f)]);
				}))]);
		}
		function drawCalls() {
			calls.textContent = "";
			if (selected === null) { calls.appendChild(el("p", { cls: "note", text: "Select a function in the table or the flame graph to see its callers and callees." })); return; }
			var f = fns[selected];
			calls.appendChild(el("h4", { cls: "name", text: f.name }));
			calls.appendChild(el("p", { cls: "note", text: "self " + num(f.self[ev]) + " (" + pct(f.self[ev], total()) + "), inclusive " +
				num(f.incl[ev]) + " (" + pct(f.incl[ev], total()) + "), called " + num(f.calls) + " times; " + f.file + " [" + f.obj + "]" }));
			calls.appendChild(el("div", { cls: "pair" }, [
				el("div", null, [el("h5", { text: "Callers" }), callTable("Callers", callers[f.i], "from")]),
				el("div", null, [el("h5", { text: "Callees" }), callTable("Callees", callees[f.i], "to")])]));
		}
		var flame = flameFor(view, function (fn) { select(fn, false); });
		var source = view.files && view.files.length ? sourceBlock(view.files, [
			{ title: "Cost", heat: true, get: function (l) { return l.length > 2 ? l[2][ev] : null; }, fmt: num }]) : null;
		var asm = view.asm && view.asm.length ? asmBlock(view.asm, function () { return ev; }) : null;
		function select(i, fromTable) {
			selected = i;
			draw();
			drawCalls();
			if (flame) flame.api().mark(i);
			if (source && fns[i].src >= 0) source.show(fns[i].src);
			if (asm && asm.find(i) >= 0) asm.show(asm.find(i));
			if (fromTable && flame) {
				var g = flame.node.querySelector('g.f[data-fn="' + i + '"]');
				if (g) flame.api().zoom(g);
			}
		}
		node.appendChild(el("h2", { text: view.name }));
		if (view.note) node.appendChild(el("p", { cls: "note", text: view.note }));
		node.appendChild(headerBlock(view));
		node.appendChild(section("Functions", [el("div", { cls: "toolbar" }, [
			eventSelect(view.events, ev, function (i) {
				ev = i; draw(); drawCalls();
				if (source) source.show(+source.node.querySelector("select").value);
				if (asm) asm.redraw();
			}),
			filterBox, count]), table.node]));
		node.appendChild(section("Callers and callees", [calls]));
		if (flame) node.appendChild(section("Flame graph (" + view.events[view.primary || 0] + ")", [
			el("p", { cls: "note", text: "Click a frame to zoom and select its function; Search highlights by name." }), flame.node]));
		sourceSection(node, "Source", source, view.missing);
		if (asm || view.asm_note)
			node.appendChild(section("Instructions", asm ? [asm.node] : [el("p", { cls: "note", text: view.asm_note })]));
		draw();
		drawCalls();
		node.tare = { select: select, filter: function (s) { filterBox.value = s; filter = matcher(s); draw(); }, flame: flame };
		return node;
	}

	function diffView(view) {
		var ev = 0, node = el("div", { cls: "view" });
		var rows = view.rows.map(function (r) {
			return named(view.names, r[0], r[1], r[2], { inOld: r[3], inNew: r[4], os: r[5], ns: r[6], oi: r[7], ni: r[8] });
		});
		var filter = null;
		var filterBox = el("input", { type: "search", cls: "filter", placeholder: "Filter by name, file or object (or /regex/)",
			oninput: function () { filter = matcher(filterBox.value); draw(); } });
		function d(a, b) { return b[ev] - a[ev]; }
		var table = new Table([
			{ title: "Function", cls: "name", get: function (r) { return r.name; }, cell: nameCell },
			{ title: "File", cls: "file", get: function (r) { return r.file; } },
			{ title: "Old self", num: true, get: function (r) { return r.os[ev]; }, fmt: num },
			{ title: "New self", num: true, get: function (r) { return r.ns[ev]; }, fmt: num },
			{ title: "Change", num: true, get: function (r) { return d(r.os, r.ns); }, sort: function (r) { return Math.abs(d(r.os, r.ns)); }, fmt: signed },
			{ title: "%", num: true, get: function (r) { return change(r.os[ev], r.ns[ev]); }, sort: function (r) { return Math.abs(d(r.os, r.ns)); } },
			{ title: "Old incl.", num: true, get: function (r) { return r.oi[ev]; }, fmt: num },
			{ title: "New incl.", num: true, get: function (r) { return r.ni[ev]; }, fmt: num },
			{ title: "Incl. change", num: true, get: function (r) { return d(r.oi, r.ni); }, sort: function (r) { return Math.abs(d(r.oi, r.ni)); }, fmt: signed }
		], {
			sortCol: 4,
			mark: function (r, tr) { tr.className = d(r.os, r.ns) > 0 ? "grew" : d(r.os, r.ns) < 0 ? "shrank" : ""; },
			onrow: function (r) { var k = view.files.map(function (f) { return f.name; }).indexOf(r.file); if (source && k >= 0) source.show(k); }
		});
		function draw() {
			table.render(rows.filter(function (r) { return !filter || filter([r.name, r.file, r.obj]); }));
		}
		var totals = el("p", { cls: "totals" });
		function drawTotals() {
			totals.textContent = view.events[ev] + ": " + num(view.old_totals[ev]) + " \u2192 " + num(view.new_totals[ev]) +
				" (" + signed(view.new_totals[ev] - view.old_totals[ev]) + ", " + change(view.old_totals[ev], view.new_totals[ev]) + ")";
		}
		var flame = flameFor(view, null, function (g) { filterBox.value = g.getAttribute("data-n"); filter = matcher(filterBox.value); draw(); });
		var source = view.files && view.files.length ? sourceBlock(view.files, [
			{ title: "Old", get: function (l) { return l.length > 2 ? l[2][ev] : null; }, fmt: num },
			{ title: "New", heat: true, get: function (l) { return l.length > 2 ? l[3][ev] : null; }, fmt: num },
			{ title: "Change", get: function (l) { return l.length > 2 ? l[3][ev] - l[2][ev] : null; }, fmt: signed }]) : null;
		node.appendChild(el("h2", { text: view.name }));
		node.appendChild(el("dl", { cls: "header" }, [el("dt", { text: "Old" }), el("dd", { text: view.old || "" }),
			el("dt", { text: "New" }), el("dd", { text: view.new || "" })]));
		node.appendChild(totals);
		node.appendChild(section("Changes per function", [el("div", { cls: "toolbar" }, [
			eventSelect(view.events, ev, function (i) { ev = i; draw(); drawTotals(); }), filterBox]), table.node,
			view.rest && view.rest.count ? el("p", { cls: "note", text: view.rest.count + " functions that did not change are not listed." }) : null]));
		if (flame) node.appendChild(section("Differential flame graph (" + view.events[0] + ")", [
			el("p", { cls: "note", text: "Widths are the new profile's; red grew, blue shrank, by the change of each frame's inclusive cost." }), flame.node]));
		sourceSection(node, "Source, old and new", source, view.missing);
		draw();
		drawTotals();
		node.tare = { filter: function (s) { filterBox.value = s; filter = matcher(s); draw(); }, flame: flame };
		return node;
	}

	var views = data.views.map(function (v) { return v.kind === "diff" ? diffView(v) : profileView(v); });
	var main = el("main");
	var nav = el("nav");
	function showView(i) {
		views.forEach(function (v, k) { v.hidden = k !== i; });
		Array.prototype.forEach.call(nav.children, function (a, k) { a.className = k === i ? "current" : ""; });
		window.tareReport.current = i;
		/* After the next paint: what is on screen first, the flame graph a moment later. */
		requestAnimationFrame(function () {
			setTimeout(function () { if (views[i].tare.flame) views[i].tare.flame.api(); }, 0);
		});
	}
	app.appendChild(el("header", null, [el("h1", { text: data.title }), el("span", { cls: "version", text: "tare " + data.version })]));
	(data.tables || []).forEach(function (t) {
		app.appendChild(section(t.title, [el("table", { cls: "results" }, [
			el("thead", null, [el("tr", null, t.columns.map(function (c) { return el("th", { text: c }); }))]),
			el("tbody", null, t.rows.map(function (r) {
				return el("tr", { onclick: function () {
					var k = data.views.map(function (v) { return v.name; }).indexOf(r[0]);
					if (k >= 0) { showView(k); views[k].scrollIntoView(); }
				} }, r.map(function (c, i) { return el("td", { cls: i ? "num" : "name", text: c }); }));
			}))])]));
	});
	if (views.length > 1) {
		data.views.forEach(function (v, i) { nav.appendChild(el("a", { href: "#", text: v.name, onclick: function (e) { e.preventDefault(); showView(i); } })); });
		app.appendChild(nav);
	}
	views.forEach(function (v) { main.appendChild(v); });
	app.appendChild(main);
	window.tareReport = { views: views, show: showView, current: 0 };
	if (!views.length) main.appendChild(el("p", { cls: "note", text: "Nothing to show." }));
	else showView(0);
})();
