#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"
#include "cursor.h"

/* Shared by every empty buffer; only ever holds the terminating NUL. */
char strbuf_slopbuf[1];

void strbuf_init(struct strbuf *sb, size_t hint)
{
	sb->alloc = sb->len = 0;
	sb->buf = strbuf_slopbuf;
	if (hint)
		strbuf_grow(sb, hint);
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, 0);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *res;

	strbuf_grow(sb, 0);
	res = sb->buf;
	if (len)
		*len = sb->len;
	strbuf_init(sb, 0);
	return res;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	int fresh = !sb->alloc;

	if (sb->len + extra + 1 < sb->len)
		die("size overflow growing a string buffer");
	if (fresh)
		sb->buf = NULL;
	ALLOC_GROW(sb->buf, sb->len + extra + 1, sb->alloc);
	if (fresh)
		sb->buf[0] = '\0';
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (len > (sb->alloc ? sb->alloc - 1 : 0))
		BUG("strbuf_setlen beyond buffer");
	sb->len = len;
	if (sb->buf != strbuf_slopbuf)
		sb->buf[len] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (!len)
		return;
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void strbuf_addchars(struct strbuf *sb, int c, size_t n)
{
	if (!n)
		return;
	strbuf_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc ? sb->alloc - sb->len : 0,
		      fmt, cp);
	va_end(cp);
	if (n < 0)
		BUG("vsnprintf failed for format '%s'", fmt);
	if ((size_t)n >= (sb->alloc ? sb->alloc - sb->len : 0)) {
		strbuf_grow(sb, (size_t)n);
		n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	}
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_add_indented(struct strbuf *sb, const char *buf, size_t len,
			 const char *prefix)
{
	const char *end = buf + len;

	while (buf < end) {
		const char *nl = memchr(buf, '\n', (size_t)(end - buf));
		size_t n = nl ? (size_t)(nl - buf) : (size_t)(end - buf);

		strbuf_addstr(sb, prefix);
		strbuf_add(sb, buf, n);
		strbuf_addch(sb, '\n');
		buf += n + (nl != NULL);
	}
}

void strbuf_remove(struct strbuf *sb, size_t pos, size_t len)
{
	if (pos > sb->len || len > sb->len - pos)
		BUG("strbuf_remove beyond the end");
	if (!len)
		return;
	memmove(sb->buf + pos, sb->buf + pos + len, sb->len - pos - len);
	strbuf_setlen(sb, sb->len - len);
}

void strbuf_rtrim(struct strbuf *sb)
{
	while (sb->len > 0 && (sb->buf[sb->len - 1] == ' ' ||
			       sb->buf[sb->len - 1] == '\t' ||
			       sb->buf[sb->len - 1] == '\n' ||
			       sb->buf[sb->len - 1] == '\r'))
		sb->len--;
	if (sb->buf != strbuf_slopbuf)
		sb->buf[sb->len] = '\0';
}

ssize_t strbuf_read_once(struct strbuf *sb, int fd, size_t hint)
{
	ssize_t n;

	strbuf_grow(sb, hint ? hint : 8192);
	do
		n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
	while (n < 0 && errno == EINTR);
	if (n > 0) {
		sb->len += (size_t)n;
		sb->buf[sb->len] = '\0';
	}
	return n;
}

int strbuf_read_file(struct strbuf *sb, const char *path, size_t max)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return error_errno("cannot open '%s'", path);
	if (fstat(fd, &st) < 0) {
		close(fd);
		return error_errno("cannot stat '%s'", path);
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return error("'%s' is a directory", path);
	}
	for (;;) {
		ssize_t n;

		strbuf_grow(sb, 65536);
		n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return error_errno("cannot read '%s'", path);
		}
		if (n == 0)
			break;
		sb->len += (size_t)n;
		if (sb->len > max) {
			close(fd);
			return error("'%s' is larger than %zu bytes", path, max);
		}
	}
	sb->buf[sb->len] = '\0';
	close(fd);
	return 0;
}

void strbuf_add_utf8(struct strbuf *sb, uint32_t cp)
{
	char buf[4];

	strbuf_add(sb, buf, utf8_encode(buf, cp));
}

void strbuf_add_thousands(struct strbuf *sb, const char *sign, uint64_t magnitude)
{
	char digits[32];
	int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)magnitude), i;

	strbuf_addstr(sb, sign);
	for (i = 0; i < n; i++) {
		strbuf_addch(sb, digits[i]);
		if (i < n - 1 && (n - 1 - i) % 3 == 0)
			strbuf_addch(sb, ',');
	}
}

void strbuf_add_thousands_signed(struct strbuf *sb, int64_t v)
{
	strbuf_add_thousands(sb, v < 0 ? "-" : "", v < 0 ? 0 - (uint64_t)v : (uint64_t)v);
}

/* Test names have spaces and quotes; printed commands are there to be pasted. */
void strbuf_add_shell_quoted(struct strbuf *sb, const char *s)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_@%+=:,./-";

	if (*s && s[strspn(s, safe)] == '\0') {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_addstr(sb, "'\\''");
		else
			strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '\'');
}

static int is_alnum_ascii(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * Whether s[i] could be read as markup. Some characters only can in some
 * places, and are left bare elsewhere so that the text reads as it is: '_'
 * between letters or digits (snake_case) opens no emphasis, '&' starts an
 * entity only before a name or '#', '#' closes a heading only after a space.
 */
static int md_special(const char *s, size_t i)
{
	char c = s[i], next = s[i + 1], prev = i ? s[i - 1] : ' ';
	size_t start = i, end = i;

	switch (c) {
	case '\\': case '`': case '*': case '[': case ']': case '<': case '>': case '|': case '~':
		return 1;
	case '_':
		/* A run of them is one delimiter: what is around the run counts. */
		while (start && s[start - 1] == '_')
			start--;
		while (s[end + 1] == '_')
			end++;
		return !start || !is_alnum_ascii(s[start - 1]) || !is_alnum_ascii(s[end + 1]);
	case '&':
		return is_alnum_ascii(next) || next == '#';
	case '#':
		return prev == ' ';
	default:
		return 0;
	}
}

void strbuf_add_md_escaped(struct strbuf *sb, const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			strbuf_addch(sb, ' ');
			continue;
		}
		if (md_special(s, i))
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, s[i]);
	}
}

void strbuf_add_md_code(struct strbuf *sb, const char *s)
{
	size_t run = 0, longest = 0, n = strlen(s);
	const char *p;
	int pad;

	for (p = s; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	/* A space each side is stripped again; it keeps an edge backtick apart. */
	pad = n && (s[0] == '`' || s[n - 1] == '`');
	strbuf_addchars(sb, '`', longest + 1);
	if (pad)
		strbuf_addch(sb, ' ');
	for (p = s; *p; p++)
		strbuf_addch(sb, *p == '\n' || *p == '\r' ? ' ' : *p);
	if (pad)
		strbuf_addch(sb, ' ');
	strbuf_addchars(sb, '`', longest + 1);
}

/*
 * XML 1.0 cannot hold most control characters, U+FFFE, U+FFFF or invalid
 * UTF-8 at all (a reader must reject the file), and test output may
 * contain anything: each such character, or byte, becomes U+FFFD.
 */
void strbuf_add_xml_escaped(struct strbuf *sb, const char *str, size_t len, int attr)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char ch = s[i];
		size_t n;

		switch (ch) {
		case '<': strbuf_addstr(sb, "&lt;"); i++; continue;
		case '>': strbuf_addstr(sb, "&gt;"); i++; continue;
		case '&': strbuf_addstr(sb, "&amp;"); i++; continue;
		case '"':
			strbuf_addstr(sb, attr ? "&quot;" : "\"");
			i++;
			continue;
		case '\n':
		case '\t':
		case '\r':
			if (attr)
				strbuf_addf(sb, "&#%d;", ch);
			else
				strbuf_addch(sb, ch);
			i++;
			continue;
		}
		if (ch < 0x20 || ch == 0x7f) {
			strbuf_addstr(sb, "\xef\xbf\xbd");
			i++;
			continue;
		}
		n = utf8_valid_len(s + i, len - i);
		if (!n) {
			strbuf_addstr(sb, "\xef\xbf\xbd");
			i++;
			continue;
		}
		/* U+FFFE and U+FFFF are well-formed UTF-8 but no XML 1.0 characters. */
		if (n == 3 && s[i] == 0xef && s[i + 1] == 0xbf && s[i + 2] >= 0xbe) {
			strbuf_addstr(sb, "\xef\xbf\xbd");
			i += n;
			continue;
		}
		strbuf_add(sb, s + i, n);
		i += n;
	}
}
