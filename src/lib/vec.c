#include <stdarg.h>
#include <string.h>

#include "strbuf.h"
#include "vec.h"

const char *strvec_empty[] = { NULL };

void strvec_init(struct strvec *sv)
{
	sv->v = strvec_empty;
	sv->nr = sv->alloc = 0;
}

static void strvec_push_nodup(struct strvec *sv, const char *s)
{
	if (sv->v == strvec_empty)
		sv->v = NULL;
	ALLOC_GROW(sv->v, sv->nr + 2, sv->alloc);
	sv->v[sv->nr++] = s;
	sv->v[sv->nr] = NULL;
}

const char *strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_nodup(sv, xstrdup(s));
	return sv->v[sv->nr - 1];
}

const char *strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strvec_push_nodup(sv, strbuf_detach(&sb, NULL));
	return sv->v[sv->nr - 1];
}

void strvec_pushv(struct strvec *sv, const char **items)
{
	for (; *items; items++)
		strvec_push(sv, *items);
}

void strvec_clear(struct strvec *sv)
{
	if (sv->v != strvec_empty) {
		for (size_t i = 0; i < sv->nr; i++)
			free((char *)sv->v[i]);
		free(sv->v);
	}
	strvec_init(sv);
}

int strvec_split_shell(struct strvec *sv, const char *cmd, const char **err)
{
	struct strbuf word = STRBUF_INIT;
	const char *p = cmd;
	int in_word = 0;

	for (;;) {
		char c = *p;

		if (!c || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (in_word) {
				strvec_push(sv, word.buf);
				strbuf_reset(&word);
				in_word = 0;
			}
			if (!c)
				break;
			p++;
		} else if (c == '\'') {
			const char *end = strchr(p + 1, '\'');
			if (!end)
				goto unterminated;
			strbuf_add(&word, p + 1, (size_t)(end - p - 1));
			in_word = 1;
			p = end + 1;
		} else if (c == '"') {
			p++;
			for (;;) {
				if (!*p)
					goto unterminated;
				if (*p == '"')
					break;
				if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
					p++;
				strbuf_addch(&word, *p++);
			}
			in_word = 1;
			p++;
		} else if (c == '\\' && p[1]) {
			strbuf_addch(&word, p[1]);
			in_word = 1;
			p += 2;
		} else {
			strbuf_addch(&word, c);
			in_word = 1;
			p++;
		}
	}
	strbuf_release(&word);
	return 0;

unterminated:
	strbuf_release(&word);
	*err = "unterminated quote";
	return -1;
}
