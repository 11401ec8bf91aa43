/*
 * filter.c: parses filter expressions into a small tree and evaluates it.
 *
 * The parser is recursive descent over a cursor: every parse_* and match_*
 * function takes `const char **cur`, works on a copy, and stores the copy
 * back only when it succeeds, so a caller that gets a failure still points
 * at the token it can describe in an error message. The first error wins
 * and parsing stops there.
 *
 * Chains of `and` and `or` become one node with a list of operands instead
 * of a left-leaning tree, so recursion depth in the parser and in the
 * evaluators is bounded by the nesting limit, not by the expression length.
 */
#include <fnmatch.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cursor.h"
#include "filter.h"
#include "strbuf.h"
#include "util.h"
#include "vec.h"

enum node_kind {
	NODE_ALL,
	NODE_NONE,
	NODE_TEST,
	NODE_BINARY,
	NODE_LABEL,
	NODE_NOT,
	NODE_AND,
	NODE_OR,
};

enum match_kind {
	MATCH_EXACT,
	MATCH_CONTAINS,
	MATCH_GLOB,
	MATCH_REGEX,
};

struct filter_node {
	enum node_kind kind;
	/*
	 * NODE_TEST and NODE_BINARY: how to compare, and with what (re for
	 * MATCH_REGEX, text for the others).
	 */
	enum match_kind how;
	const char *text;
	regex_t *re;
	/* NODE_NOT: the operand. NODE_AND, NODE_OR: the first operand. */
	struct filter_node *kid;
	/* The next operand of the enclosing NODE_AND or NODE_OR. */
	struct filter_node *next;
	/* In a NODE_AND list: this operand followed '-', so it counts negated. */
	int negated;
};

struct filter {
	struct arena arena;
	struct filter_node *root;
	const char *source;
	/* Every compiled regex, for regfree(); the regex_t live in the arena. */
	VEC(regex_t *) regexes;
};

struct parser {
	struct filter *f;
	/* The first error: where, and what. */
	const char *err_at;
	struct strbuf msg;
	/* Decoded matcher text, reused from one matcher to the next. */
	struct strbuf scratch;
};

static const char known_predicates[] =
	"tare knows all(), none(), test(), binary(), label() and suite()";
static const char expected_predicate[] =
	"expected a predicate such as test(...) or binary(...)";
static const char operators[] = "('and', 'or', '&', '|', '+', '-')";

static void parse_fail(struct parser *p, const char *at, const char *fmt, ...)
	TARE_PRINTF(3, 4);

static void parse_fail(struct parser *p, const char *at, const char *fmt, ...)
{
	va_list ap;

	if (p->err_at)
		BUG("second filter parse error after '%s'", p->msg.buf);
	p->err_at = at;
	va_start(ap, fmt);
	strbuf_vaddf(&p->msg, fmt, ap);
	va_end(ap);
}

/* ASCII only: the locale must not change what an expression means. */
static int is_space(char c)
{
	return cursor_is_space(c) || c == '\n';
}

static int is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static void skip_space(const char **cur)
{
	const char *s = *cur;

	while (is_space(*s))
		s++;
	*cur = s;
}

static size_t word_len(const char *s)
{
	size_t n = 0;

	while (is_word_char(s[n]))
		n++;
	return n;
}

/*
 * Appends one character of s for a message: a whole UTF-8 sequence when
 * it is well formed, else \xNN for a byte that would garble the terminal.
 * Returns how many bytes it consumed.
 */
static size_t add_char_repr(struct strbuf *sb, const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n;

	if (c >= 0x20 && c < 0x7f) {
		strbuf_addch(sb, c);
		return 1;
	}
	n = c >= 0x80 ? utf8_valid_len((const unsigned char *)s, strnlen(s, 4)) : 0;
	if (!n) {
		strbuf_addf(sb, "\\x%02x", c);
		return 1;
	}
	strbuf_add(sb, s, n);
	return n;
}

/*
 * Describes the token at s for "found ..." messages: a whole word (with
 * any non-ASCII letters in it) rather than its first byte, since "found
 * 'andd'" is what the user typed.
 */
static void add_token_repr(struct strbuf *sb, const char *s)
{
	size_t shown = 0;

	if (!*s) {
		strbuf_addstr(sb, "end of expression");
		return;
	}
	strbuf_addch(sb, '\'');
	do {
		if (shown >= 40) {
			strbuf_addstr(sb, "...");
			break;
		}
		shown += add_char_repr(sb, s + shown);
	} while (is_word_char(*s) &&
		 (is_word_char(s[shown]) || (unsigned char)s[shown] >= 0x80));
	strbuf_addch(sb, '\'');
}

/* Fails with "WHAT, found TOKEN" pointing at the token. */
static void parse_fail_found(struct parser *p, const char *at, const char *what)
{
	struct strbuf tok = STRBUF_INIT;

	add_token_repr(&tok, at);
	parse_fail(p, at, "%s, found %s", what, tok.buf);
	strbuf_release(&tok);
}

/* Matches the operator word w, which must not run on into a longer word. */
static int match_word(const char **cur, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(*cur, w, n) || is_word_char((*cur)[n]))
		return 0;
	*cur += n;
	return 1;
}

static int match_char(const char **cur, char c)
{
	if (**cur != c)
		return 0;
	(*cur)++;
	return 1;
}

static int match_not(const char **cur)
{
	return match_char(cur, '!') || match_word(cur, "not");
}

static int match_or(const char **cur)
{
	return match_char(cur, '|') || match_char(cur, '+') ||
	       match_word(cur, "or");
}

/* Sets *negated for '-', which is `and not`. */
static int match_and(const char **cur, int *negated)
{
	*negated = 0;
	if (match_char(cur, '&') || match_word(cur, "and"))
		return 1;
	if (match_char(cur, '-')) {
		*negated = 1;
		return 1;
	}
	return 0;
}

static struct filter_node *node_new(struct parser *p, enum node_kind kind)
{
	struct filter_node *n = arena_alloc(&p->f->arena, sizeof(*n));

	n->kind = kind;
	return n;
}

/* \u{HEX}, with *cur at the backslash. */
static int parse_unicode_escape(struct parser *p, const char **cur,
				struct strbuf *out)
{
	const char *s = *cur + 2;
	uint64_t cp = 0;

	if (!match_char(&s, '{')) {
		parse_fail(p, *cur, "invalid unicode escape, expected \\u{HEX}");
		return -1;
	}
	if (cursor_hex_upto(&s, s + strnlen(s, 6), 6, &cp) || !match_char(&s, '}')) {
		parse_fail(p, *cur,
			   "invalid unicode escape, expected \\u{HEX} with 1 to 6 hex digits");
		return -1;
	}
	if (!cp) {
		parse_fail(p, *cur, "\\u{0} is not allowed: names cannot contain NUL");
		return -1;
	}
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		parse_fail(p, *cur, "invalid unicode escape, %.*s is not a unicode scalar value",
			   (int)(s - *cur), *cur);
		return -1;
	}
	strbuf_add_utf8(out, (uint32_t)cp);
	*cur = s;
	return 0;
}

/* One escape in matcher text, with *cur at the backslash. */
static int parse_escape(struct parser *p, const char **cur, struct strbuf *out)
{
	const char *s = *cur;
	char c;

	switch (s[1]) {
	case 'n': c = '\n'; break;
	case 't': c = '\t'; break;
	case 'r': c = '\r'; break;
	case '\\': case '/': case ')': case ',': c = s[1]; break;
	case 'u':
		return parse_unicode_escape(p, cur, out);
	default: {
		struct strbuf ch = STRBUF_INIT;

		add_char_repr(&ch, s + 1);
		parse_fail(p, s, "invalid escape '\\%s' (tare knows \\n \\t \\r \\\\ \\/ \\) \\, and \\u{HEX})",
			   ch.buf);
		strbuf_release(&ch);
		return -1;
	}
	}
	strbuf_addch(out, c);
	*cur = s + 2;
	return 0;
}

/*
 * glibc's regcomp() copies a repeated subexpression once per repetition
 * (`a+` becomes `aa*`, `a{2,5}` five copies), so nested repetition grows
 * the compiled regex exponentially: 30 bytes of `a+++...` take gigabytes
 * and minutes, which the length cap cannot prevent. So estimate the
 * expanded size first and refuse anything past a budget. Even below it,
 * compile memory and match time grow with the square of the size (a
 * thousand nested optional copies cost 10 MB, and matching (a?){1300}
 * against 300 bytes takes a quarter second), hence a small budget.
 *
 * Unbounded repetition nested in unbounded repetition (`a***`, `((a)*)*`)
 * copies nothing but makes regcomp() time grow with the fourth power of
 * the nesting (a tenth of a second at 50 levels after a '^'), so the
 * nesting of *, + and {m,} is limited too; real patterns rarely nest two.
 *
 * Backreferences, a GNU extension that POSIX ERE and nextest both lack,
 * can make regexec() backtrack without bound, so they go too.
 *
 * This is an estimate, not a parse: it must never count less than glibc
 * builds, but it may accept patterns that regcomp() then rejects.
 */
#define REGEX_BUDGET 1024
#define REGEX_MAX_STAR_NESTING 8
#define REGEX_STR_(x) #x
#define REGEX_STR(x) REGEX_STR_(x)
static const char regex_too_complex[] =
	"too complex, its repetitions would expand it past "
	REGEX_STR(REGEX_BUDGET) " elements";
static const char regex_too_nested[] =
	"too complex, unbounded repetitions nested more than "
	REGEX_STR(REGEX_MAX_STAR_NESTING) " deep";

struct regex_group {
	size_t sum;	/* estimated size of what the group holds so far */
	size_t last;	/* the part of sum a following repetition applies to */
	int nest;	/* deepest nesting of unbounded repetition so far */
	int last_nest;	/* the same, for the part `last` measures */
};

/*
 * Length of the bracket expression at s (which starts with '['), through
 * its ']'. Backslashes are literal inside brackets in POSIX; "[:", "[="
 * and "[." open a name that runs to the matching ":]", "=]" or ".]".
 * Unterminated, it runs to the end, which regcomp() rejects anyway.
 */
static size_t regex_bracket_len(const char *s)
{
	size_t i = 1;

	if (s[i] == '^')
		i++;
	if (s[i] == ']')
		i++;
	while (s[i] && s[i] != ']') {
		if (s[i] == '[' && (s[i + 1] == ':' || s[i + 1] == '=' || s[i + 1] == '.')) {
			const char *close = strchr(s + i + 2, s[i + 1]);

			while (close && close[1] != ']')
				close = strchr(close + 1, s[i + 1]);
			if (close) {
				i = (size_t)(close - s) + 2;
				continue;
			}
		}
		i++;
	}
	return s[i] ? i + 1 : i;
}

/* Reads up to REGEX_BUDGET + 1 from a run of digits; *seen says if any. */
static size_t regex_number(const char *s, size_t *n, int *seen)
{
	size_t i = 0;

	*n = 0;
	*seen = 0;
	while (s[i] >= '0' && s[i] <= '9') {
		*n = *n * 10 + (size_t)(s[i] - '0');
		if (*n > REGEX_BUDGET)
			*n = REGEX_BUDGET + 1;
		*seen = 1;
		i++;
	}
	return i;
}

/*
 * An interval {m}, {m,}, {m,n} or {,n} at s: returns its length, sets
 * *copies to how many copies of its operand glibc makes and *unbounded
 * for {m,}; returns 0 if s holds no interval.
 */
static size_t regex_interval_len(const char *s, size_t *copies, int *unbounded)
{
	size_t i = 1, min, max;
	int has_min, has_max, comma = 0;

	i += regex_number(s + i, &min, &has_min);
	if (s[i] == ',') {
		comma = 1;
		i++;
	}
	i += regex_number(s + i, &max, &has_max);
	if (s[i] != '}' || (!has_min && !has_max) || (!comma && has_max))
		return 0;
	*unbounded = comma && !has_max;
	if (!comma)
		*copies = min;
	else if (!has_max)
		*copies = min + 1;
	else
		*copies = max;
	if (!*copies)
		*copies = 1;
	return i + 1;
}

/* NULL if re looks safe to hand to regcomp(), else why not. */
static const char *regex_check(const char *re)
{
	size_t len = strlen(re), top = 0, i = 0;
	struct regex_group *g = xcalloc(len + 1, sizeof(*g));
	const char *why = NULL;

	while (re[i] && !why) {
		size_t atom = 0, copies = 0, n;
		int atom_nest = 0, unbounded = 0;

		switch (re[i]) {
		case '\\':
			if (re[i + 1] >= '1' && re[i + 1] <= '9')
				why = "backreferences are not supported";
			atom = 1;
			i += re[i + 1] ? 2 : 1;
			break;
		case '[':
			atom = 1;
			i += regex_bracket_len(re + i);
			break;
		case '(':
			top++;
			memset(&g[top], 0, sizeof(g[top]));
			i++;
			continue;
		case ')':
			/* A stray ')' is for regcomp() to judge. */
			if (top) {
				atom = g[top].sum + 1;
				atom_nest = g[top].nest;
				top--;
			} else {
				atom = 1;
			}
			i++;
			break;
		case '|':
			g[top].last = 0;
			g[top].last_nest = 0;
			i++;
			continue;
		case '*':
			unbounded = 1;
			copies = 1;
			i++;
			break;
		case '?':
			copies = 1;
			i++;
			break;
		case '+':
			unbounded = 1;
			copies = 2;
			i++;
			break;
		case '{':
			n = regex_interval_len(re + i, &copies, &unbounded);
			if (!n)
				atom = 1;
			i += n ? n : 1;
			break;
		default:
			atom = 1;
			i++;
			break;
		}
		if (atom) {
			g[top].last = atom;
			g[top].sum += atom;
			g[top].last_nest = atom_nest;
		} else {
			/* Both stay within the budget, so this cannot overflow. */
			g[top].sum -= g[top].last;
			g[top].last = g[top].last * copies + 1;
			g[top].sum += g[top].last;
			g[top].last_nest += unbounded;
		}
		if (g[top].last_nest > g[top].nest)
			g[top].nest = g[top].last_nest;
		/* Sizes only grow, so an early excess is a final one. */
		if (why)
			;
		else if (g[top].sum > REGEX_BUDGET)
			why = regex_too_complex;
		else if (g[top].nest > REGEX_MAX_STAR_NESTING)
			why = regex_too_nested;
	}
	while (top && !why) {
		size_t inner = g[top--].sum + 1;

		g[top].sum += inner;
		if (g[top].sum > REGEX_BUDGET)
			why = regex_too_complex;
	}
	free(g);
	return why;
}

/*
 * "invalid regex /RE/: why", quoting RE as written between the slashes at
 * open and close, but only its start when it is long: the column already
 * says where it is.
 */
static void regex_fail(struct parser *p, const char *open, const char *close,
		       const char *why)
{
	size_t len = (size_t)(close - open - 1);
	const char *more = "";

	if (len > 60) {
		len = 60;
		/* Do not split a UTF-8 sequence. */
		while (len && ((unsigned char)open[1 + len] & 0xc0) == 0x80)
			len--;
		more = "...";
	}
	parse_fail(p, open, "invalid regex /%.*s%s/: %s", (int)len, open + 1,
		   more, why);
}

/*
 * /RE/ followed by optional whitespace and ')', with *cur at the opening
 * slash. Consumes the ')'.
 */
static int parse_regex(struct parser *p, const char **cur,
		       struct filter_node *n)
{
	const char *open = *cur, *s = open + 1, *close;
	struct strbuf *re = &p->scratch;
	regex_t *compiled;
	const char *why;
	int ret;

	strbuf_reset(re);
	while (*s != '/') {
		if (!*s) {
			parse_fail(p, open, "unterminated regex, expected '/'");
			return -1;
		}
		if (s[0] == '\\' && s[1] == '/') {
			strbuf_addch(re, '/');
			s += 2;
		} else if (s[0] == '\\' && s[1]) {
			/* Keep the pair, so "\\/" is an escaped backslash and a slash that ends the regex. */
			strbuf_add(re, s, 2);
			s += 2;
		} else {
			strbuf_addch(re, *s++);
		}
	}
	close = s++;
	if ((size_t)(close - open - 1) > FILTER_MAX_REGEX) {
		parse_fail(p, open, "regex longer than %d bytes", FILTER_MAX_REGEX);
		return -1;
	}
	skip_space(&s);
	if (*s != ')') {
		if (*s)
			parse_fail_found(p, s, "expected ')' after the regex");
		else
			parse_fail(p, s, "expected ')'");
		return -1;
	}
	if (!re->len) {
		parse_fail(p, open, "empty regex");
		return -1;
	}
	why = regex_check(re->buf);
	if (why) {
		regex_fail(p, open, close, why);
		return -1;
	}
	compiled = arena_alloc(&p->f->arena, sizeof(*compiled));
	ret = regcomp(compiled, re->buf, REG_EXTENDED | REG_NOSUB);
	if (ret) {
		char buf[256];

		regerror(ret, compiled, buf, sizeof(buf));
		/* glibc capitalises its messages; ours are lowercase. */
		if (buf[0] >= 'A' && buf[0] <= 'Z' && buf[1] >= 'a' && buf[1] <= 'z')
			buf[0] = (char)(buf[0] - 'A' + 'a');
		regex_fail(p, open, close, buf);
		return -1;
	}
	vec_push(&p->f->regexes, compiled);
	n->how = MATCH_REGEX;
	n->re = compiled;
	*cur = s + 1;
	return 0;
}

/*
 * The matcher of test() or binary() and the closing ')', with *cur just
 * past the '('.
 */
static int parse_matcher(struct parser *p, const char **cur,
			 struct filter_node *n, enum match_kind dflt)
{
	const char *s = *cur, *start;
	struct strbuf *text = &p->scratch;
	size_t keep = 0;

	skip_space(&s);
	start = s;
	if (*s == '/') {
		if (parse_regex(p, &s, n))
			return -1;
		*cur = s;
		return 0;
	}
	if (match_char(&s, '='))
		n->how = MATCH_EXACT;
	else if (match_char(&s, '~'))
		n->how = MATCH_CONTAINS;
	else if (match_char(&s, '#'))
		n->how = MATCH_GLOB;
	else
		n->how = dflt;
	skip_space(&s);

	strbuf_reset(text);
	while (*s != ')') {
		if (!s[0] || (s[0] == '\\' && !s[1])) {
			parse_fail(p, start, "unterminated matcher, expected ')'");
			return -1;
		}
		if (*s == '\\') {
			if (parse_escape(p, &s, text))
				return -1;
			keep = text->len;
		} else {
			/* Trailing whitespace is trimmed; escaped whitespace is not. */
			if (!is_space(*s))
				keep = text->len + 1;
			strbuf_addch(text, *s++);
		}
	}
	if ((size_t)(s - start) > FILTER_MAX_MATCHER) {
		parse_fail(p, start, "matcher longer than %d bytes", FILTER_MAX_MATCHER);
		return -1;
	}
	if (!keep) {
		parse_fail(p, s, "expected a matcher");
		return -1;
	}
	n->text = arena_strndup(&p->f->arena, text->buf, keep);
	*cur = s + 1;
	return 0;
}

static const struct {
	const char *name;
	enum node_kind kind;
} predicates[] = {
	{ "all", NODE_ALL },
	{ "none", NODE_NONE },
	{ "test", NODE_TEST },
	{ "binary", NODE_BINARY },
	{ "label", NODE_LABEL },
	{ "suite", NODE_LABEL },
};

static struct filter_node *parse_predicate(struct parser *p, const char **cur)
{
	const char *name = *cur, *s;
	size_t len = word_len(name), i;
	struct filter_node *n;

	if (!len) {
		parse_fail_found(p, name, expected_predicate);
		return NULL;
	}
	s = name + len;
	skip_space(&s);
	for (i = 0; i < ARRAY_SIZE(predicates); i++)
		if (strlen(predicates[i].name) == len &&
		    !strncmp(predicates[i].name, name, len))
			break;
	if (*s != '(') {
		if (i < ARRAY_SIZE(predicates))
			parse_fail(p, s, "expected '(' after '%.*s'", (int)len, name);
		else
			parse_fail_found(p, name, expected_predicate);
		return NULL;
	}
	if (i == ARRAY_SIZE(predicates)) {
		struct strbuf tok = STRBUF_INIT;

		add_token_repr(&tok, name);
		parse_fail(p, name, "unknown predicate %s: %s", tok.buf,
			   known_predicates);
		strbuf_release(&tok);
		return NULL;
	}
	s++;
	n = node_new(p, predicates[i].kind);
	switch (n->kind) {
	case NODE_ALL:
	case NODE_NONE:
		skip_space(&s);
		if (*s != ')') {
			if (*s)
				parse_fail(p, s, "%s() takes no argument", predicates[i].name);
			else
				parse_fail(p, s, "expected ')'");
			return NULL;
		}
		s++;
		break;
	case NODE_TEST:
		if (parse_matcher(p, &s, n, MATCH_CONTAINS))
			return NULL;
		break;
	case NODE_BINARY:
	case NODE_LABEL:
		if (parse_matcher(p, &s, n, MATCH_GLOB))
			return NULL;
		break;
	default:
		BUG("predicate kind %d", (int)n->kind);
	}
	*cur = s;
	return n;
}

static struct filter_node *parse_or(struct parser *p, const char **cur, int depth);

static int check_depth(struct parser *p, const char *at, int depth)
{
	if (depth < FILTER_MAX_DEPTH)
		return 0;
	parse_fail(p, at, "expression nested more than %d deep", FILTER_MAX_DEPTH);
	return -1;
}

static struct filter_node *parse_unary(struct parser *p, const char **cur, int depth)
{
	const char *s = *cur;
	struct filter_node *n;

	if (match_not(&s)) {
		if (check_depth(p, *cur, depth))
			return NULL;
		skip_space(&s);
		n = node_new(p, NODE_NOT);
		n->kid = parse_unary(p, &s, depth + 1);
		if (!n->kid)
			return NULL;
	} else if (match_char(&s, '(')) {
		if (check_depth(p, *cur, depth))
			return NULL;
		skip_space(&s);
		n = parse_or(p, &s, depth + 1);
		if (!n)
			return NULL;
		skip_space(&s);
		if (*s != ')') {
			if (*s)
				parse_fail_found(p, s, "expected an operator or ')'");
			else
				parse_fail(p, s, "expected ')'");
			return NULL;
		}
		s++;
	} else {
		n = parse_predicate(p, &s);
		if (!n)
			return NULL;
	}
	*cur = s;
	return n;
}

/*
 * Operands joined by the operators match_op accepts, as one node of the
 * given kind (or the lone operand itself). One function for both levels,
 * so and/or chains share their list building.
 */
static struct filter_node *parse_chain(struct parser *p, const char **cur, int depth,
				       enum node_kind kind)
{
	const char *s = *cur;
	struct filter_node *first, *tail, *n = NULL;

	first = kind == NODE_OR ? parse_chain(p, &s, depth, NODE_AND)
				: parse_unary(p, &s, depth);
	if (!first)
		return NULL;
	tail = first;
	for (;;) {
		const char *t = s;
		struct filter_node *next;
		int negated = 0;

		skip_space(&t);
		if (kind == NODE_OR ? !match_or(&t) : !match_and(&t, &negated))
			break;
		skip_space(&t);
		next = kind == NODE_OR ? parse_chain(p, &t, depth, NODE_AND)
				       : parse_unary(p, &t, depth);
		if (!next)
			return NULL;
		if (!n) {
			n = node_new(p, kind);
			n->kid = first;
		}
		next->negated = negated;
		tail->next = next;
		tail = next;
		s = t;
	}
	*cur = s;
	return n ? n : first;
}

static struct filter_node *parse_or(struct parser *p, const char **cur, int depth)
{
	return parse_chain(p, cur, depth, NODE_OR);
}

static struct filter_node *parse_expr(struct parser *p, const char **cur)
{
	const char *s = *cur;
	struct filter_node *n;

	if (strnlen(s, FILTER_MAX_LEN + 1) > FILTER_MAX_LEN) {
		parse_fail(p, s, "expression longer than %d bytes", FILTER_MAX_LEN);
		return NULL;
	}
	skip_space(&s);
	if (!*s) {
		parse_fail(p, *cur, "empty expression");
		return NULL;
	}
	n = parse_or(p, &s, 0);
	if (!n)
		return NULL;
	skip_space(&s);
	if (*s == ')') {
		parse_fail(p, s, "unmatched ')'");
		return NULL;
	}
	if (*s) {
		struct strbuf what = STRBUF_INIT;

		strbuf_addf(&what, "expected an operator %s or end of expression",
			    operators);
		parse_fail_found(p, s, what.buf);
		strbuf_release(&what);
		return NULL;
	}
	*cur = s;
	return n;
}

struct filter *filter_parse(const char *expr, size_t *err_col, struct strbuf *err)
{
	struct parser p = { 0 };
	const char *cur = expr;

	p.f = xcalloc(1, sizeof(*p.f));
	strbuf_init(&p.msg, 0);
	strbuf_init(&p.scratch, 0);
	p.f->root = parse_expr(&p, &cur);
	strbuf_release(&p.scratch);
	if (!p.f->root) {
		if (!p.err_at)
			BUG("filter parse failed without an error");
		if (err_col)
			*err_col = (size_t)(p.err_at - expr) + 1;
		if (err) {
			strbuf_reset(err);
			strbuf_add(err, p.msg.buf, p.msg.len);
		}
		strbuf_release(&p.msg);
		filter_free(p.f);
		return NULL;
	}
	strbuf_release(&p.msg);
	p.f->source = arena_strdup(&p.f->arena, expr);
	return p.f;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->regexes.nr; i++)
		regfree(f->regexes.v[i]);
	vec_release(&f->regexes);
	arena_release(&f->arena);
	free(f);
}

static int matcher_matches(const struct filter_node *n, const char *s)
{
	switch (n->how) {
	case MATCH_EXACT:
		return !strcmp(s, n->text);
	case MATCH_CONTAINS:
		return strstr(s, n->text) != NULL;
	case MATCH_GLOB:
		return !fnmatch(n->text, s, 0);
	case MATCH_REGEX:
		return !regexec(n->re, s, 0, NULL, 0);
	}
	BUG("match kind %d", (int)n->how);
}

static int node_match(const struct filter_node *n, const char *binary_id,
		      const char *test_name, const char *const *labels)
{
	const struct filter_node *k;

	switch (n->kind) {
	case NODE_ALL:
		return 1;
	case NODE_NONE:
		return 0;
	case NODE_TEST:
		return matcher_matches(n, test_name);
	case NODE_BINARY:
		return matcher_matches(n, binary_id);
	case NODE_LABEL:
		for (; labels && *labels; labels++)
			if (matcher_matches(n, *labels))
				return 1;
		return 0;
	case NODE_NOT:
		return !node_match(n->kid, binary_id, test_name, labels);
	case NODE_AND:
		for (k = n->kid; k; k = k->next)
			if (node_match(k, binary_id, test_name, labels) == k->negated)
				return 0;
		return 1;
	case NODE_OR:
		for (k = n->kid; k; k = k->next)
			if (node_match(k, binary_id, test_name, labels))
				return 1;
		return 0;
	}
	BUG("node kind %d", (int)n->kind);
}

int filter_match(const struct filter *f, const char *binary_id,
		 const char *test_name)
{
	return node_match(f->root, binary_id, test_name, NULL);
}

int filter_match_labels(const struct filter *f, const char *binary_id,
			const char *test_name, const char *const *labels)
{
	return node_match(f->root, binary_id, test_name, labels);
}

static enum filter_tri tri_not(enum filter_tri t)
{
	return t == FILTER_MAYBE ? FILTER_MAYBE : t == FILTER_YES ? FILTER_NO : FILTER_YES;
}

static enum filter_tri node_match_binary(const struct filter_node *n,
					 const char *binary_id)
{
	const struct filter_node *k;
	enum filter_tri t, acc;

	switch (n->kind) {
	case NODE_ALL:
		return FILTER_YES;
	case NODE_NONE:
		return FILTER_NO;
	case NODE_TEST:
	case NODE_LABEL:
		return FILTER_MAYBE;
	case NODE_BINARY:
		return matcher_matches(n, binary_id) ? FILTER_YES : FILTER_NO;
	case NODE_NOT:
		return tri_not(node_match_binary(n->kid, binary_id));
	case NODE_AND:
		acc = FILTER_YES;
		for (k = n->kid; k; k = k->next) {
			t = node_match_binary(k, binary_id);
			if (k->negated)
				t = tri_not(t);
			if (t == FILTER_NO)
				return FILTER_NO;
			if (t == FILTER_MAYBE)
				acc = FILTER_MAYBE;
		}
		return acc;
	case NODE_OR:
		acc = FILTER_NO;
		for (k = n->kid; k; k = k->next) {
			t = node_match_binary(k, binary_id);
			if (t == FILTER_YES)
				return FILTER_YES;
			if (t == FILTER_MAYBE)
				acc = FILTER_MAYBE;
		}
		return acc;
	}
	BUG("node kind %d", (int)n->kind);
}

enum filter_tri filter_match_binary(const struct filter *f, const char *binary_id)
{
	return node_match_binary(f->root, binary_id);
}

const char *filter_source(const struct filter *f)
{
	return f->source;
}
