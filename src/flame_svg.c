/*
 * flame_svg.c: the flame graph as SVG, its behaviour from src/assets/flame.js.
 */
#include <string.h>

#include "assets.h"
#include "flame_svg.h"
#include "strbuf.h"
#include "util.h"

#define FRAME_H 16
#define TOP 34
#define BOTTOM 24
#define PAD 10
#define CHAR_W 7

struct svg {
	const struct flame *f;
	const struct flame_svg_options *o;
	FILE *out;
	int width, height;
	int64_t total;
	int64_t max_change;	/* a diff's largest |new - old| */
	struct strbuf sb, name;
};

/* A warm colour from the name, the same for the same name. */
static void name_colour(struct strbuf *sb, const char *name, size_t len)
{
	uint64_t h = hash_fnv1a(name, len, HASH_FNV1A_SEED);
	unsigned r = 205 + (unsigned)(h % 50), g = (unsigned)((h >> 8) % 230), b = (unsigned)((h >> 16) % 55);

	strbuf_addf(sb, "rgb(%u,%u,%u)", r, g, b);
}

/* Red for growth, blue for shrinking, by the size of the change next to the largest. */
static void change_colour(struct strbuf *sb, int64_t old, int64_t new_, int64_t max)
{
	double d = (double)new_ - (double)old, k = max > 0 ? (d < 0 ? -d : d) / (double)max : 0;
	unsigned fade = (unsigned)(255.0 * (1.0 - (k > 1 ? 1 : k)) + 0.5);

	if (d > 0)
		strbuf_addf(sb, "rgb(255,%u,%u)", fade, fade);
	else if (d < 0)
		strbuf_addf(sb, "rgb(%u,%u,255)", fade, fade);
	else
		strbuf_addstr(sb, "rgb(250,250,250)");
}

static void add_pct(struct strbuf *sb, int64_t v, int64_t total)
{
	strbuf_addf(sb, "%.2f%%", total ? 100.0 * (double)v / (double)total : 0.0);
}

/* The root says "self" only when something is below it. */
static int frame_shows_self(const struct flame_frame *fr)
{
	return fr->child != FLAME_NONE || fr->depth;
}

/* The text a frame's title holds: what the hover line shows (flame.js's details() in the page). */
static void frame_title(struct svg *s, const struct flame_frame *fr)
{
	const struct flame *f = s->f;
	struct strbuf *sb = &s->sb;

	strbuf_add_xml_escaped(sb, s->name.buf, s->name.len, 0);
	strbuf_addstr(sb, " (");
	strbuf_add_thousands_signed(sb, fr->value);
	strbuf_addf(sb, " %s, ", f->event);
	add_pct(sb, fr->value, s->total);
	if (frame_shows_self(fr)) {
		strbuf_addstr(sb, "; self ");
		strbuf_add_thousands_signed(sb, flame_self(f, fr));
	}
	if (f->old) {
		strbuf_addstr(sb, "; was ");
		strbuf_add_thousands_signed(sb, fr->old_value);
		strbuf_addstr(sb, ", ");
		if (fr->old_value)
			strbuf_addf(sb, "%+.2f%%", 100.0 * ((double)fr->value - (double)fr->old_value) /
				    (double)fr->old_value);
		else
			strbuf_addstr(sb, "new");
	}
	strbuf_addch(sb, ')');
}

/* How many characters of a label fit a frame px wide; fewer than 3: no label. */
static long label_fit(double px)
{
	return (long)((px - 6) / CHAR_W);
}

static void frame_label(struct svg *s, long fit)
{
	if ((size_t)fit >= s->name.len) {
		strbuf_add_xml_escaped(&s->sb, s->name.buf, s->name.len, 0);
		return;
	}
	strbuf_add_xml_escaped(&s->sb, s->name.buf, (size_t)fit - 2, 0);
	strbuf_addstr(&s->sb, "..");
}

static void frame_write(struct svg *s, uint32_t i, int64_t x)
{
	const struct flame *f = s->f;
	const struct flame_frame *fr = &f->frames.v[i];
	double span = s->width - 2 * PAD;
	double px = PAD + (double)x / (double)s->total * span;
	double pw = (double)fr->value / (double)s->total * span;
	int y = s->height - BOTTOM - (int)(fr->depth + 1) * FRAME_H;
	long fit = label_fit(pw);
	struct strbuf *sb = &s->sb;

	flame_name(f, fr, &s->name);
	strbuf_reset(sb);
	strbuf_addf(sb, "<g class=\"f\" data-x=\"%lld\" data-w=\"%lld\" data-d=\"%u\"",
		    (long long)x, (long long)fr->value, fr->depth);
	if (s->o->fn_ids && fr->fn != FLAME_NONE && !fr->side && s->o->fn_ids[fr->fn] != UINT32_MAX)
		strbuf_addf(sb, " data-fn=\"%u\"", s->o->fn_ids[fr->fn]);
	strbuf_addstr(sb, " data-n=\"");
	strbuf_add_xml_escaped(sb, s->name.buf, s->name.len, 1);
	strbuf_addch(sb, '"');
	if (s->o->embedded) {
		/*
		 * In the page flame.js writes the hover line from the numbers: a
		 * <title> per frame is much of what a browser parses and styles
		 * for a big graph, and it would carry the name twice.
		 */
		if (frame_shows_self(fr))
			strbuf_addf(sb, " data-s=\"%lld\"", (long long)flame_self(f, fr));
		if (f->old)
			strbuf_addf(sb, " data-o=\"%lld\"", (long long)fr->old_value);
		strbuf_addch(sb, '>');
	} else {
		strbuf_addstr(sb, "><title>");
		frame_title(s, fr);
		strbuf_addstr(sb, "</title>");
	}
	strbuf_addf(sb, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"2\" fill=\"",
		    px, y, pw, FRAME_H - 1);
	if (f->old)
		change_colour(sb, fr->old_value, fr->value, s->max_change);
	else if (!fr->depth)
		strbuf_addstr(sb, "rgb(230,230,230)");
	else
		name_colour(sb, s->name.buf, s->name.len);
	strbuf_addstr(sb, "\"/>");
	/* A frame too narrow for a label gets none; flame.js adds one when a zoom widens it. */
	if (fit >= 3) {
		strbuf_addf(sb, "<text x=\"%.1f\" y=\"%d\">", px + 3, y + FRAME_H - 4);
		frame_label(s, fit);
		strbuf_addstr(sb, "</text>");
	}
	strbuf_addstr(sb, "</g>\n");
	fwrite(sb->buf, 1, sb->len, s->out);
}

/* Every frame with some width, depth first, each child after the last's end. */
static void frames_write(struct svg *s)
{
	const struct flame *f = s->f;
	size_t n = f->frames.nr;
	int64_t *start = xcalloc(n + 1, sizeof(*start));
	uint32_t i = 0;

	while (i != FLAME_NONE) {
		const struct flame_frame *fr = &f->frames.v[i];
		int64_t x = start[i], cx = x;
		uint32_t c;

		if (fr->value > 0)
			frame_write(s, i, x);
		for (c = fr->child; c != FLAME_NONE; c = f->frames.v[c].next) {
			start[c] = cx;
			cx += f->frames.v[c].value;
		}
		/* Next: the first child, else the next sibling of the nearest frame with one. */
		if (fr->child != FLAME_NONE && fr->value > 0) {
			i = fr->child;
			continue;
		}
		while (i != FLAME_NONE && f->frames.v[i].next == FLAME_NONE)
			i = i ? f->frames.v[i].parent : FLAME_NONE;
		if (i != FLAME_NONE)
			i = f->frames.v[i].next;
	}
	free(start);
}

void flame_write_svg(const struct flame *f, const struct flame_svg_options *o, FILE *out)
{
	struct svg s = { .f = f, .o = o, .out = out, .sb = STRBUF_INIT, .name = STRBUF_INIT };
	size_t i;

	s.width = o->width > 0 ? o->width : 1200;
	s.height = TOP + (int)(f->max_depth + 1) * FRAME_H + BOTTOM;
	s.total = f->frames.v[0].value > 0 ? f->frames.v[0].value : 1;
	for (i = 0; f->old && i < f->frames.nr; i++) {
		int64_t d = f->frames.v[i].value - f->frames.v[i].old_value;

		if (i && cost_abs(d) > s.max_change)
			s.max_change = cost_abs(d);
	}
	if (!o->embedded)
		fputs("<?xml version=\"1.0\" standalone=\"no\"?>\n", out);
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" class=\"tare-flame\" "
		"width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" data-total=\"%lld\" data-event=\"",
		s.width, s.height, s.width, s.height, (long long)s.total);
	strbuf_reset(&s.sb);
	strbuf_add_xml_escaped(&s.sb, f->event, strlen(f->event), 1);
	fprintf(out, "%s\">\n", s.sb.buf);
	fputs("<style>\n"
	      "text { font: 12px Verdana, sans-serif; fill: #000; }\n"
	      "g.f { cursor: pointer; }\n"
	      "g.f:hover rect { stroke: #000; stroke-width: 0.5; }\n"
	      "g.f.dim rect { opacity: 0.5; }\n"
	      "g.f.sel rect { stroke: #000; stroke-width: 1.5; }\n"
	      "text.title { font-size: 16px; }\n"
	      "text.reset, text.search { cursor: pointer; }\n"
	      "</style>\n", out);
	fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#f6f6f2\"/>\n",
		s.width, s.height);
	strbuf_reset(&s.sb);
	strbuf_add_xml_escaped(&s.sb, o->title ? o->title : "Flame graph", strlen(o->title ? o->title : "Flame graph"), 0);
	fprintf(out, "<text class=\"title\" x=\"%d\" y=\"22\" text-anchor=\"middle\">%s</text>\n",
		s.width / 2, s.sb.buf);
	fprintf(out, "<text class=\"reset\" x=\"%d\" y=\"22\" opacity=\"0.2\">Reset zoom</text>\n", PAD);
	fprintf(out, "<text class=\"search\" x=\"%d\" y=\"22\" text-anchor=\"end\">Search</text>\n",
		s.width - PAD);
	fprintf(out, "<text class=\"details\" x=\"%d\" y=\"%d\"> </text>\n", PAD, s.height - 8);
	fprintf(out, "<text class=\"matched\" x=\"%d\" y=\"%d\" text-anchor=\"end\"></text>\n",
		s.width - PAD, s.height - 8);
	fputs("<g class=\"frames\">\n", out);
	frames_write(&s);
	fputs("</g>\n", out);
	if (!o->embedded) {
		fputs("<script><![CDATA[\n", out);
		fputs(tare_asset_flame_js, out);
		fputs("tareFlame(document.documentElement);\n]]></script>\n", out);
	}
	fputs("</svg>\n", out);
	strbuf_release(&s.sb);
	strbuf_release(&s.name);
}
