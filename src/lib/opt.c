#include <math.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "opt.h"
#include "strbuf.h"

/* Where the help text starts; longer option names get a line of their own. */
#define OPT_HELP_COLUMN 34

static const struct opt *find_long(const struct opt *opts, const char *name,
				   size_t len)
{
	for (; opts->type != OPT_TYPE_END; opts++)
		if (opts->long_name && strlen(opts->long_name) == len &&
		    !strncmp(opts->long_name, name, len))
			return opts;
	return NULL;
}

static const struct opt *find_short(const struct opt *opts, int c)
{
	for (; opts->type != OPT_TYPE_END; opts++)
		if (opts->type != OPT_TYPE_GROUP && opts->short_name == c)
			return opts;
	return NULL;
}

static void opt_name(struct strbuf *sb, const struct opt *o, int used_short)
{
	if (used_short)
		strbuf_addf(sb, "-%c", o->short_name);
	else
		strbuf_addf(sb, "--%s", o->long_name);
}

static int takes_arg(const struct opt *o)
{
	return o->type != OPT_TYPE_BOOL && o->type != OPT_TYPE_GROUP &&
	       o->type != OPT_TYPE_END;
}

int percent_parse(const char *s, double max, double *out)
{
	const char *p = s, *end = s + strlen(s);
	double v;

	if (cursor_percent(&p, end, &v) || p != end || !isfinite(v) || v < 0 ||
	    (max > 0 && v > max))
		return -1;
	*out = v;
	return 0;
}

int choice_lookup(const char *const *names, const char *s)
{
	int i;

	for (i = 0; names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

void choice_list(struct strbuf *sb, const char *const *names)
{
	size_t i;

	for (i = 0; names[i]; i++)
		strbuf_addf(sb, "%s%s", !i ? "" : names[i + 1] ? ", " : " or ", names[i]);
}

static int set_value(const struct opt *o, const char *arg, int used_short)
{
	struct strbuf name = STRBUF_INIT;
	int ret = 0;

	opt_name(&name, o, used_short);
	switch (o->type) {
	case OPT_TYPE_BOOL:
		*(int *)o->value = 1;
		break;
	case OPT_TYPE_INT: {
		const char *p = arg, *end = arg + strlen(arg);
		int64_t v;

		if (cursor_i64(&p, end, INT_MIN, INT_MAX, &v) || p != end)
			ret = error("option '%s' expects a number, not '%s'",
				    name.buf, arg);
		else
			*(int *)o->value = (int)v;
		break;
	}
	case OPT_TYPE_STRING:
		*(const char **)o->value = arg;
		break;
	case OPT_TYPE_STRING_LIST:
		strvec_push((struct strvec *)o->value, arg);
		break;
	case OPT_TYPE_CHOICE: {
		int v = choice_lookup(o->choices, arg);

		if (v >= 0) {
			*(int *)o->value = v;
		} else {
			struct strbuf words = STRBUF_INIT;

			choice_list(&words, o->choices);
			ret = error("option '%s' expects %s, not '%s'", name.buf, words.buf, arg);
			strbuf_release(&words);
		}
		break;
	}
	case OPT_TYPE_YESNO:
		if (!strcmp(arg, "yes") || !strcmp(arg, "no"))
			*(int *)o->value = arg[0] == 'y';
		else
			ret = error("option '%s' expects yes or no, not '%s'", name.buf, arg);
		break;
	case OPT_TYPE_PERCENT:
		if (percent_parse(arg, o->max, (double *)o->value) < 0) {
			if (o->max > 0)
				ret = error("option '%s' expects a percentage from 0 to %g, not '%s'",
					    name.buf, o->max, arg);
			else
				ret = error("option '%s' expects a percentage, not '%s'",
					    name.buf, arg);
		}
		break;
	default:
		BUG("option type %d", o->type);
	}
	strbuf_release(&name);
	return ret;
}

static int usage_error(const char *usage)
{
	const char *cmd = strstr(usage, "usage: ");
	const char *end;

	if (cmd) {
		cmd += 7;
		end = strstr(cmd, " [");
		if (!end)
			end = strchr(cmd, '\n');
		if (end)
			fprintf(stderr, "Try '%.*s --help' for more information.\n",
				(int)(end - cmd), cmd);
	}
	return -1;
}

int opt_parse(int argc, const char **argv, const struct opt *opts,
	      const char *usage, struct strvec *positional)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct opt *o;

		if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				strvec_push(positional, argv[i]);
			break;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			opt_usage(stdout, usage, opts);
			return 1;
		}
		if (a[0] == '-' && a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			const char *arg = eq ? eq + 1 : NULL;

			o = find_long(opts, a + 2, len);
			if (!o) {
				error("unknown option '--%.*s'", (int)len, a + 2);
				return usage_error(usage);
			}
			if (takes_arg(o) && !arg) {
				if (i + 1 >= argc) {
					error("option '--%s' needs a value", o->long_name);
					return usage_error(usage);
				}
				arg = argv[++i];
			} else if (!takes_arg(o) && arg) {
				error("option '--%s' takes no value", o->long_name);
				return usage_error(usage);
			}
			if (set_value(o, arg, 0) < 0)
				return usage_error(usage);
		} else if (a[0] == '-' && a[1]) {
			const char *p;

			for (p = a + 1; *p; p++) {
				o = find_short(opts, *p);
				if (!o) {
					error("unknown option '-%c'", *p);
					return usage_error(usage);
				}
				if (takes_arg(o)) {
					const char *arg = p[1] ? p + 1 : NULL;
					if (!arg) {
						if (i + 1 >= argc) {
							error("option '-%c' needs a value", *p);
							return usage_error(usage);
						}
						arg = argv[++i];
					}
					if (set_value(o, arg, 1) < 0)
						return usage_error(usage);
					break;
				}
				if (set_value(o, NULL, 1) < 0)
					return usage_error(usage);
			}
		} else {
			strvec_push(positional, a);
		}
	}
	return 0;
}

void opt_usage(FILE *f, const char *usage, const struct opt *opts)
{
	struct strbuf line = STRBUF_INIT;

	fputs(usage, f);
	for (; opts->type != OPT_TYPE_END; opts++) {
		if (opts->type == OPT_TYPE_GROUP) {
			fprintf(f, "\n%s:\n", opts->help);
			continue;
		}
		strbuf_reset(&line);
		strbuf_addstr(&line, "  ");
		if (opts->short_name)
			strbuf_addf(&line, "-%c, ", opts->short_name);
		else
			strbuf_addstr(&line, "    ");
		strbuf_addf(&line, "--%s", opts->long_name);
		if (opts->argh)
			strbuf_addf(&line, " %s", opts->argh);
		if (line.len < OPT_HELP_COLUMN)
			strbuf_addchars(&line, ' ', OPT_HELP_COLUMN - line.len);
		else
			strbuf_addf(&line, "\n%*s", OPT_HELP_COLUMN, "");
		fprintf(f, "%s%s\n", line.buf, opts->help);
	}
	strbuf_release(&line);
}
