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
};

struct opt {
	enum opt_type type;
	int short_name;
	const char *long_name;
	void *value;
	const char *argh;	/* what the argument is, for --help */
	const char *help;
};

#define OPT_END() { OPT_TYPE_END, 0, NULL, NULL, NULL, NULL }
#define OPT_GROUP(h) { OPT_TYPE_GROUP, 0, NULL, NULL, NULL, (h) }
#define OPT_BOOL(s, l, v, h) { OPT_TYPE_BOOL, (s), (l), (v), NULL, (h) }
#define OPT_INT(s, l, v, a, h) { OPT_TYPE_INT, (s), (l), (v), (a), (h) }
#define OPT_STRING(s, l, v, a, h) { OPT_TYPE_STRING, (s), (l), (v), (a), (h) }
#define OPT_STRING_LIST(s, l, v, a, h) { OPT_TYPE_STRING_LIST, (s), (l), (v), (a), (h) }

/*
 * usage is the first lines of --help ("usage: tare test [OPTIONS]\n\n...").
 * Returns 0, 1 when --help was printed (the caller exits 0), or -1 after
 * printing one error line and a hint to stderr (the caller exits 2).
 */
int opt_parse(int argc, const char **argv, const struct opt *opts,
	      const char *usage, struct strvec *positional);

/* Prints usage and the option table. */
void opt_usage(FILE *f, const char *usage, const struct opt *opts);

#endif
