/*
 * capture.h: a test's output, kept within bounds. Of a stream of any
 * length only the first `head` bytes and the last `tail` are kept, and how
 * many were cut between them is counted: an assertion printed after 500 MB
 * of log is still there, and memory holds at most head + tail per stream.
 *
 * From a pipe, as bytes arrive:
 *
 *     struct capture c;
 *     capture_init(&c, head, tail);
 *     capture_add(&c, buf, n);  ...
 *     capture_finish(&c, &kept, &cut_at, &cut);
 *
 * From a file someone else writes (a batch's test output), the same bytes:
 * capture_file_trim() while it grows keeps the disk it takes within
 * head + tail (it punches out what would be cut), capture_file() at the
 * end reads what is kept.
 *
 * What is kept is `head` bytes, then `tail` bytes, as one buffer; `cut_at`
 * is where the cut was (the length of the head) and `cut` how many bytes
 * went there. The edges are moved to whole UTF-8 characters, so that a
 * character is never split by the cut (its bytes count as cut).
 */
#ifndef TARE_CAPTURE_H
#define TARE_CAPTURE_H

#include <stddef.h>

#include "strbuf.h"

/* The default bounds: the first and the last MiB of each stream. */
#define CAPTURE_HEAD_DEFAULT ((size_t)1 << 20)
#define CAPTURE_TAIL_DEFAULT ((size_t)1 << 20)

struct capture {
	size_t head, tail;	/* the bounds */
	struct strbuf kept;	/* the head, as it fills */
	char *ring;		/* the last `tail` bytes once the head is full */
	size_t ring_len, ring_pos;
	size_t total;		/* bytes seen */
};

void capture_init(struct capture *c, size_t head, size_t tail);
void capture_add(struct capture *c, const char *buf, size_t n);
/* 1 if nothing more would be kept (no tail, head full): reads may be skipped. */
int capture_full(const struct capture *c);
/*
 * Hands over what is kept: into out (replacing it), with where the cut is
 * and how many bytes it took (0 and 0 when nothing was cut). c is released.
 */
void capture_finish(struct capture *c, struct strbuf *out, size_t *cut_at, size_t *cut);
void capture_release(struct capture *c);

/*
 * What capture_finish() would give for the file at path: its first head
 * and last tail bytes. A missing file is empty. Returns 0, or -1 after an
 * error line.
 */
int capture_file(const char *path, size_t head, size_t tail, struct strbuf *out,
		 size_t *cut_at, size_t *cut);

/*
 * For a file being written at fd: frees the disk of what lies between its
 * first head and its last tail bytes (what capture_file() will cut), so
 * that a test printing in a loop cannot fill the disk. Returns 0, or -1
 * with errno set where the file system cannot (EOPNOTSUPP).
 */
int capture_file_trim(int fd, size_t head, size_t tail);

/*
 * Appends kept output (from capture_finish()) to sb, with a line saying
 * what was cut at the cut.
 */
void capture_add_marked(struct strbuf *sb, const char *kept, size_t len, size_t cut_at,
			size_t cut);

#endif
