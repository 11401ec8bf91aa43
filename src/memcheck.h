/*
 * memcheck.h: Valgrind memcheck's XML output (protocol 4), read with expat
 * as it is written, into errors a report can explain.
 *
 *     struct mc_parser *p = mc_parser_new(&arena, &callbacks, ctx);
 *     mc_parser_feed(p, buf, len, 0);   as often as bytes arrive
 *     mc_parser_feed(p, NULL, 0, 1);    at the end of the file
 *     mc_parser_free(p);
 *
 * callbacks.error() gets each <error> once it is complete, and
 * callbacks.clientmsg() the text of each <clientmsg> (VALGRIND_PRINTF), in
 * file order: tare.h's "tare-start NAME" and "tare-end NAME" messages tell
 * which test each error belongs to in a batch.
 *
 * Everything an error holds lives in the arena given to mc_parser_new().
 * Input is untrusted: element text is capped at MC_TEXT_MAX, stacks at
 * MC_FRAMES_MAX frames, nesting at MC_DEPTH_MAX.
 */
#ifndef TARE_MEMCHECK_H
#define TARE_MEMCHECK_H

#include <stddef.h>

#include "arena.h"
#include "strbuf.h"

#define MC_TEXT_MAX 65536
#define MC_FRAMES_MAX 500
#define MC_DEPTH_MAX 16
#define MC_AUX_MAX 4

struct mc_frame {
	const char *fn;		/* may be NULL, as may the rest */
	const char *dir;
	const char *file;
	const char *obj;
	unsigned long line;	/* 0: unknown */
	unsigned long long ip;
};

struct mc_stack {
	struct mc_frame *frames;
	size_t nr;
};

/* An auxiliary part: "Address 0x... is 0 bytes after a block ..." and its stack. */
struct mc_aux {
	const char *what;
	struct mc_stack stack;
};

/* A suppression for an error, as --gen-suppressions=all describes it. */
struct mc_suppression {
	const char *kind;	/* "Memcheck:Leak" */
	const char *aux;	/* "match-leak-kinds: definite", or NULL */
	const char **frames;	/* "fun:free", "obj:/lib/..." */
	size_t nr;
};

enum mc_leak {
	MC_LEAK_NONE,		/* not a leak */
	MC_LEAK_DEFINITE,
	MC_LEAK_INDIRECT,
	MC_LEAK_POSSIBLE,
	MC_LEAK_REACHABLE,
};

struct mc_error {
	const char *kind;	/* "InvalidRead", "Leak_DefinitelyLost", ... */
	const char *what;	/* "Invalid read of size 4", or the leak sentence */
	enum mc_leak leak;
	/*
	 * Leaks: bytes and blocks. After a VALGRIND_DO_ADDED_LEAK_CHECK the
	 * sentence says "96 (+32) bytes": these are the increase, 32.
	 */
	unsigned long long bytes, blocks;
	/* Of bytes, those of the blocks only this leak's point to (definite, possible). */
	unsigned long long indirect_bytes;
	struct mc_stack stack;
	struct mc_aux aux[MC_AUX_MAX];
	size_t naux;
	struct mc_suppression *suppression;	/* with --gen-suppressions=all */
	long pid;		/* the process, from the file's <pid> */
	struct mc_error *next;	/* for lists the caller keeps */
};

struct mc_callbacks {
	void (*error)(void *ctx, struct mc_error *e);
	void (*clientmsg)(void *ctx, const char *text);
	/* <fatal_signal>: the process died of signo. */
	void (*fatal_signal)(void *ctx, int signo);
};

struct mc_parser;

struct mc_parser *mc_parser_new(struct arena *a, const struct mc_callbacks *cb,
				void *ctx);
/*
 * Feeds the next bytes (final: no more will come). Returns 0, or -1 when
 * the input is not valid XML: mc_parser_error() says what and where.
 */
int mc_parser_feed(struct mc_parser *p, const char *buf, size_t len, int final);
/* "line 12: mismatched tag", valid after a failed feed. */
const char *mc_parser_error(const struct mc_parser *p);
/* The <pid> of the process that wrote the file (0 until seen). */
long mc_parser_pid(const struct mc_parser *p);
/* Its parent's, from <ppid> (0 until seen). */
long mc_parser_ppid(const struct mc_parser *p);
/* 1 once </valgrindoutput> was read: the file is complete. */
int mc_parser_complete(const struct mc_parser *p);
void mc_parser_free(struct mc_parser *p);

/*
 * Writing an error for people:
 *
 *   InvalidRead: Invalid read of size 4
 *       at reads_freed (tests/ring_test.c:64)
 *     Address 0x4a9e044 is 4 bytes inside a block of size 16 free'd
 *       at free (vg_replace_malloc.c:872)
 *       by reads_freed (tests/ring_test.c:63)
 *
 * Frames in files under root (the project) are the test's own: shown with
 * paths relative to root, and between own_on and own_off (colour escapes
 * or ""). Frames of the tare.h harness and of the C start-up code are
 * left out, and at most MC_FRAMES_SHOWN frames are shown unless verbose.
 * Leaks read "64 bytes in 1 block are definitely lost", whichever way
 * Valgrind worded them.
 */
#define MC_FRAMES_SHOWN 6

struct mc_style {
	const char *root;	/* may be NULL */
	const char *indent;	/* before every line */
	const char *head_on, *head_off;	/* around the first line */
	const char *own_on, *own_off;	/* around the test's own frames */
	int verbose;
	int suppressions;	/* add a suppression for each error */
	const char *name;	/* the suppressions' name: the test's */
};

/* One error, and its suppression with style->suppressions. */
void mc_format_error(struct strbuf *sb, const struct mc_error *e,
		     const struct mc_style *style);
/*
 * An attempt's errors (a list through ->next), for people: errors that are
 * no leak as they happened, then the leaks in the order of memcheck's LEAK
 * SUMMARY: definite, indirect, possible, reachable. The indirect leaks
 * (blocks only lost blocks point to, freed with them) are one line, their
 * bytes and blocks summed, unless style->verbose: it is the definite leak
 * above them that is to be fixed. With style->suppressions each different
 * suppression follows the first error that needs it, once.
 */
void mc_format_errors(struct strbuf *sb, const struct mc_error *list,
		      const struct mc_style *style);
/*
 * The first line of mc_format_errors()'s report, without style: the
 * headline of the error shown first, or the indirect leaks' summary.
 * Returns how many of the errors that line stands for (0 for no errors).
 */
size_t mc_format_errors_headline(struct strbuf *sb, const struct mc_error *list);
/*
 * The errors of list in the order mc_format_errors() shows them: an array
 * of *n pointers, to free().
 */
const struct mc_error **mc_errors_ordered(const struct mc_error *list, size_t *n);
/*
 * A suppression for the error, ready to paste into a suppressions file:
 * the frames down to the test's own, then "..." in place of the harness,
 * so that it matches whichever way tare ran the test.
 */
void mc_format_suppression(struct strbuf *sb, const struct mc_suppression *s,
			   const char *name, const char *indent);
/* The first line alone: "InvalidRead: Invalid read of size 4". */
void mc_format_headline(struct strbuf *sb, const struct mc_error *e);
/* A frame as "fn (file:line)", with the file relative to root when under it. */
void mc_format_frame(struct strbuf *sb, const struct mc_frame *f, const char *root);
/* 1 if the frame is in a file under root. */
int mc_frame_is_own(const struct mc_frame *f, const char *root);
/* How many of the stack's frames to show: harness and start-up frames cut. */
size_t mc_stack_shown(const struct mc_stack *s, int verbose);
/* The frames before the harness and start-up code: the test's part. */
size_t mc_stack_trimmed(const struct mc_stack *s);
/* What happened, the same whichever way the test ran: "Invalid read of
 * size 4", "64 bytes in 1 block are definitely lost", "96 (64 direct,
 * 32 indirect) bytes in 1 block are definitely lost". */
void mc_format_what(struct strbuf *sb, const struct mc_error *e);

/* "definite", "indirect", "possible", "reachable"; MC_LEAK_NONE if none. */
enum mc_leak mc_leak_parse(const char *name);
const char *mc_leak_name(enum mc_leak l);

#endif
