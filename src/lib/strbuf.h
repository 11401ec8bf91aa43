/*
 * strbuf.h: the one growable string buffer.
 *
 * Invariants, relied on everywhere:
 *  - `buf` is never NULL: STRBUF_INIT and strbuf_init() point it at a shared
 *    empty string, so a fresh buffer can be printed without a check.
 *  - `buf[len] == '\0'`, so the contents are always a C string (they may
 *    also hold NUL bytes of their own; `len` is the truth).
 *  - `alloc` is private.
 *
 * Lifecycle: STRBUF_INIT or strbuf_init(), any number of adds, then
 * strbuf_release() (frees, and leaves the buffer ready for reuse) or
 * strbuf_detach() (hands the memory to the caller; the sole supported way
 * to keep it).
 */
#ifndef TARE_STRBUF_H
#define TARE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

/* Initialises sb; hint > 0 preallocates that many bytes. */
void strbuf_init(struct strbuf *sb, size_t hint);
/* Frees the memory and re-initialises sb. */
void strbuf_release(struct strbuf *sb);
/* Returns the contents as a malloc'd string owned by the caller. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* Makes room for extra more bytes (plus the NUL). */
void strbuf_grow(struct strbuf *sb, size_t extra);
/* Truncates to len bytes (len must not exceed sb->len). */
void strbuf_setlen(struct strbuf *sb, size_t len);
#define strbuf_reset(sb) strbuf_setlen((sb), 0)

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
/* Appends n copies of c. */
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) TARE_PRINTF(2, 3);
/* Appends the code point cp (at most 0x10ffff) encoded as UTF-8. */
void strbuf_add_utf8(struct strbuf *sb, uint32_t cp);
/* Appends sign ("-", "+" or "") and magnitude with thousands separators: "+1,234,567". */
void strbuf_add_thousands(struct strbuf *sb, const char *sign, uint64_t magnitude);
/* Appends v with thousands separators, "-" before a negative one: "-1,234". */
void strbuf_add_thousands_signed(struct strbuf *sb, int64_t v);
/*
 * s as one word for a POSIX shell: as it is when nothing in it is special,
 * else in single quotes, a quote written '\''.
 */
void strbuf_add_shell_quoted(struct strbuf *sb, const char *s);
/*
 * s as Markdown text (a table cell, a heading, a list item), shown as it
 * is: a backslash before each character CommonMark or GitHub's tables
 * could take for markup there (\ ` * [ ] < > | ~ always; _ but not inside
 * a word, & before a name or '#', # after a space), a line break as a space.
 */
void strbuf_add_md_escaped(struct strbuf *sb, const char *s);
/*
 * len bytes of str as XML (and HTML) text, or an attribute's value (attr:
 * quotes and line breaks escaped too). XML 1.0 cannot hold most control
 * characters, U+FFFE, U+FFFF or invalid UTF-8 (a reader must reject the
 * file): each such character, or byte, becomes U+FFFD.
 */
void strbuf_add_xml_escaped(struct strbuf *sb, const char *str, size_t len, int attr);
/*
 * s as a Markdown code span: between runs of backticks longer than any in
 * s (and spaces when s starts or ends with one). Not for table cells,
 * where a '|' would still end the cell.
 */
void strbuf_add_md_code(struct strbuf *sb, const char *s);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Appends buf with every line prefixed by prefix (a last line without '\n' gets one). */
void strbuf_add_indented(struct strbuf *sb, const char *buf, size_t len,
			 const char *prefix);

/* Removes len bytes at pos (the rest moves down). */
void strbuf_remove(struct strbuf *sb, size_t pos, size_t len);

/* Removes trailing whitespace. */
void strbuf_rtrim(struct strbuf *sb);

/*
 * Reads what fd has without blocking (fd is O_NONBLOCK) and appends it.
 * Returns the number of bytes read, 0 at end of file, -1 with errno set
 * (EAGAIN when nothing is ready).
 */
ssize_t strbuf_read_once(struct strbuf *sb, int fd, size_t hint);

/*
 * Reads the whole file at path. Fails (returns -1 after printing an error)
 * when the file is larger than max bytes, so untrusted input cannot make us
 * allocate without bound.
 */
int strbuf_read_file(struct strbuf *sb, const char *path, size_t max);

#endif
