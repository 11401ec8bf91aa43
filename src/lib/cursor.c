#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "cursor.h"

int cursor_double(const char **cur, const char *end, double *out)
{
	char buf[64], *stop;
	size_t n = (size_t)(end - *cur);
	double v;

	/* strtod() wants a NUL-terminated string; the text need not be one. */
	if (n > sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	memcpy(buf, *cur, n);
	buf[n] = '\0';
	errno = 0;
	v = strtod(buf, &stop);
	if (stop == buf)
		return CURSOR_NONE;
	if (errno == ERANGE && isinf(v))
		return CURSOR_OVERFLOW;
	*out = v;
	*cur += stop - buf;
	return 0;
}

int cursor_percent(const char **cur, const char *end, double *out)
{
	const char *s = *cur;
	double v;
	int rc = cursor_double(&s, end, &v);

	if (rc)
		return rc;
	cursor_char(&s, end, '%');
	*out = v;
	*cur = s;
	return 0;
}

size_t utf8_valid_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

const char *utf8_find_invalid(const char *s, const char *end)
{
	while (s < end) {
		size_t n;

		/* ASCII in bulk: configuration files are mostly that. */
		if ((unsigned char)*s < 0x80) {
			s++;
			continue;
		}
		n = utf8_valid_len((const unsigned char *)s, (size_t)(end - s));
		if (!n)
			return s;
		s += n;
	}
	return NULL;
}

size_t utf8_encode(char out[4], uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}
