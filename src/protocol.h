/*
 * protocol.h: the one reader of the result channel (descriptor 3, named in
 * TARE_RESULT_FD), the lines a test binary writes while it is listed, runs
 * its tests, a batch of them or a benchmark. docs/protocol.md has the
 * protocol; the output is a harness's, untrusted: a line may be anything.
 *
 *     const char *cur = result->buf, *end = cur + result->len;
 *     struct result_line rl;
 *
 *     int rc;
 *
 *     while ((rc = result_next(&cur, end, &rl)) != 0)
 *         if (rc > 0 && rl.kind == RESULT_PASS) ...
 *
 * A line is a word, the kind, then one space and its argument, up to the
 * newline. Lines of no kind tare knows are RESULT_NONE, and readers pass
 * over them (a newer harness may say more); a known kind with an argument
 * that does not fit (a name that is empty, a number with a letter in it
 * or past its maximum) is malformed: result_line_parse() returns -1 with
 * the kind, the argument and why, so that a reader can pass over it or
 * name it.
 */
#ifndef TARE_PROTOCOL_H
#define TARE_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

enum result_kind {
	RESULT_NONE,		/* a line of no kind tare knows; also the end of the text */
	RESULT_PROTOCOL,	/* "protocol tare 1": the binary speaks this protocol */
	RESULT_FEATURE,		/* "feature WORD": valgrind-batch, callgrind, fork-server */
	RESULT_ISOLATED,	/* "isolated NAME": a test that runs alone */
	RESULT_UNOPTIMIZED,	/* "unoptimized NAME": a benchmark built without optimisation */
	RESULT_WALL,		/* "wall ITERATIONS SAMPLES MEDIAN_NS MIN_NS MAX_NS" */
	RESULT_START,		/* "start NAME" */
	RESULT_ERRORS,		/* "errors N": the errors Valgrind counted in the test */
	RESULT_FILES,		/* "files N": Valgrind's XML files after the test */
	RESULT_CHILDREN,	/* "children N": processes the test left running */
	RESULT_PASS,		/* "pass NAME" */
	RESULT_FAIL,		/* "fail NAME" */
	RESULT_SKIP,		/* "skip NAME" */
	RESULT_DONE,		/* "done": the batch is over */
	RESULT_CHILD,		/* "child PID": a fork server's process for the next case */
	RESULT_EXITED,		/* "exited PID status N" or "exited PID signal N": it ended */
};

/* The largest count ("errors", "files", "children") a line may give. */
#define RESULT_COUNT_MAX INT32_MAX

struct result_line {
	enum result_kind kind;
	/* The text after the kind and one space (empty for none); the whole line for RESULT_NONE. */
	const char *arg;
	size_t len;
	/*
	 * RESULT_ERRORS, RESULT_FILES, RESULT_CHILDREN: the count, at most
	 * RESULT_COUNT_MAX; RESULT_CHILD, RESULT_EXITED: the process id (>= 1).
	 */
	uint64_t count;
	/* RESULT_EXITED: the exit status (0 to 255), or the signal (1 to 127) that ended it. */
	int exit_status, exit_signal;
	/* RESULT_WALL: iterations >= 1, samples from 1 to INT32_MAX, nanoseconds. */
	uint64_t iterations;
	int samples;
	double median_ns, min_ns, max_ns;
	/* After -1: what is wrong with the argument, for a message. */
	const char *why;
};

/*
 * Reads the line [line, line + len) (no newline in it) into *out. Returns
 * 0 (a line of no known kind is RESULT_NONE), or -1 when the line is of a
 * known kind but malformed: out->kind, out->arg and out->why say which
 * and why.
 */
int result_line_parse(const char *line, size_t len, struct result_line *out);

/*
 * The line at *cur (up to a newline, or to end without one) read with
 * result_line_parse(), and *cur past it and its newline. Returns 1 for a
 * line read, -1 for a malformed one, 0 at the end of the text (*cur ==
 * end): every line, malformed or not, advances.
 */
int result_next(const char **cur, const char *end, struct result_line *out);

/*
 * The first line of kind in [buf, buf + len) into *out: 1 when it is well
 * formed, -1 when it is malformed, 0 when there is none.
 */
int result_find(const char *buf, size_t len, enum result_kind kind, struct result_line *out);

/* Whether the line is of kind and its argument is name (len bytes). */
int result_line_names(const struct result_line *rl, enum result_kind kind,
		      const char *name, size_t len);

#endif
