/*
 * opt.h: command-line options declared in one table, which both parses the
 * command line and prints --help. The man page and the README list the same
 * options; scripts/check-docs.sh keeps them in step.
 *
 *     static int jobs = 0;
 *     static struct strvec bins = STRVEC_INIT;
 *     static const struct opt opts[] = {
 *         OPT_GROUP("Selection"),
 *         OPT_STRING_LIST('b', "bin", &bins, "PATH", "a test binary (repeatable)"),
 *         OPT_INT('j', "test-threads", &jobs, "N", "run N tests at once"),
 *         OPT_END(),
 *     };
 *     if (opt_parse(argc, argv, opts, usage, &args) < 0) return 2;
 *
 * Long options take their value as --name=VALUE or --name VALUE, short
 * ones as -jVALUE or -j VALUE; flags may be bundled (-vq). "--" ends the
 * options. Everything else is pushed, in order, onto the positional list.
 */
#ifndef TARE_OPT_H
#define TARE_OPT_H

#include <stdio.h>

#include "vec.h"

enum opt_type {
	OPT_TYPE_END,
	OPT_TYPE_GROUP,
	OPT_TYPE_BOOL,		/* int, set to 1 */
	OPT_TYPE_INT,		/* int, from a decimal argument */
	OPT_TYPE_STRING,	/* const char *, the last one given wins */
	OPT_TYPE_STRING_LIST,	/* struct strvec, one entry per use */
	OPT_TYPE_CHOICE,	/* int: the index of the argument in .choices */
	OPT_TYPE_YESNO,		/* int: 1 for "yes", 0 for "no" */
	OPT_TYPE_PERCENT,	/* double, from "N" or "N%", 0 to .max */
};

struct opt {
	enum opt_type type;
	int short_name;
	const char *long_name;
	void *value;
	const char *argh;	/* what the argument is, for --help */
	const char *help;
	/*
	 * OPT_TYPE_CHOICE: the names, indexed by value, ended by NULL. The
	 * tables config.c reads tare.toml with are the ones given here, so
	 * an option and its key take the same words.
	 */
	const char *const *choices;
	double max;		/* OPT_TYPE_PERCENT: the largest value; 0: none */
};

#define OPT_END() { .type = OPT_TYPE_END }
#define OPT_GROUP(h) { .type = OPT_TYPE_GROUP, .help = (h) }
#define OPT_BOOL(s, l, v, h) \
	{ .type = OPT_TYPE_BOOL, .short_name = (s), .long_name = (l), .value = (v), .help = (h) }
#define OPT_INT(s, l, v, a, h) \
	{ .type = OPT_TYPE_INT, .short_name = (s), .long_name = (l), .value = (v), \
	  .argh = (a), .help = (h) }
#define OPT_STRING(s, l, v, a, h) \
	{ .type = OPT_TYPE_STRING, .short_name = (s), .long_name = (l), .value = (v), \
	  .argh = (a), .help = (h) }
#define OPT_STRING_LIST(s, l, v, a, h) \
	{ .type = OPT_TYPE_STRING_LIST, .short_name = (s), .long_name = (l), .value = (v), \
	  .argh = (a), .help = (h) }
/* names: a NULL-ended table; an unknown word is an error naming them all. */
#define OPT_CHOICE(s, l, v, names, a, h) \
	{ .type = OPT_TYPE_CHOICE, .short_name = (s), .long_name = (l), .value = (v), \
	  .argh = (a), .help = (h), .choices = (names) }
#define OPT_YESNO(s, l, v, h) \
	{ .type = OPT_TYPE_YESNO, .short_name = (s), .long_name = (l), .value = (v), \
	  .argh = "yes|no", .help = (h) }
/* max: the largest percentage allowed, or 0 for no limit. */
#define OPT_PERCENT(s, l, v, mx, a, h) \
	{ .type = OPT_TYPE_PERCENT, .short_name = (s), .long_name = (l), .value = (v), \
	  .argh = (a), .help = (h), .max = (mx) }

/*
 * usage is the first lines of --help ("usage: tare test [OPTIONS]\n\n...").
 * Returns 0, 1 when --help was printed (the caller exits 0), or -1 after
 * printing one error line and a hint to stderr (the caller exits 2).
 */
int opt_parse(int argc, const char **argv, const struct opt *opts,
	      const char *usage, struct strvec *positional);

/*
 * Reads a percentage, "N" or "N%" (N a decimal number, fractions allowed),
 * from 0 to max (no upper limit when max is 0). Returns 0 and sets *out,
 * or -1 without touching it.
 */
int percent_parse(const char *s, double max, double *out);

/*
 * The index of s in names (a NULL-ended table), or -1.
 * choice_list() writes the names as "a, b or c".
 */
int choice_lookup(const char *const *names, const char *s);
struct strbuf;
void choice_list(struct strbuf *sb, const char *const *names);

/* Prints usage and the option table. */
void opt_usage(FILE *f, const char *usage, const struct opt *opts);

#endif
