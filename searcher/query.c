/*
 * query.c - the query-language parser (the language is described in
 * query.h).
 *
 * Two passes over the query, both iterative except for parentheses:
 *   1. tokenize(): words, phrases, parentheses, signs, fields and
 *	upper-case operators; checks UTF-8, quotes, parenthesis balance and
 *	depth, fields and NEAR windows, so that those errors point at the
 *	exact byte.  classify_lowercase() then decides which lower-case
 *	and/or/xor/not stand between two operands and are operators.
 *   2. A recursive-descent parser, one function per precedence level
 *	(parse_or > parse_xor > parse_group > parse_chain > parse_near >
 *	parse_unary > parse_primary).  It recurses only at '(' and the
 *	tokenizer has already refused more than QUERY_MAX_DEPTH of those, so
 *	the C stack is bounded whatever the input.
 *
 * Memory: every node, kid array and string lives in one arena owned by the
 * query_tree, so an error anywhere frees everything with one call and
 * nothing can leak.  The token array is the only other allocation; it is
 * bounded by QUERY_MAX_BYTES.
 *
 * Relies on: shim_field_by_name() and shim_field_info() for field names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uniwidth.h>

#include "query.h"

/* ------------------------------------------------------------- the arena */

struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	max_align_t data[];
};

struct query_tree {
	struct arena_block *blocks;
	struct shim_qnode *root;
};

#define ARENA_BLOCK 8192

/* Zeroed memory from t's arena, or NULL when out of memory. */
static void *arena_alloc(struct query_tree *t, size_t size)
{
	struct arena_block *b = t->blocks;
	size_t align = sizeof(max_align_t);

	size = (size + align - 1) / align * align;
	if (size == 0)
		size = align;
	if (!b || b->cap - b->used < size) {
		size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;

		b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->used = 0;
		b->cap = cap;
		/* A big one-off block goes behind the current one so the
		 * current block's free space is not wasted. */
		if (t->blocks && cap > ARENA_BLOCK) {
			b->next = t->blocks->next;
			t->blocks->next = b;
		} else {
			b->next = t->blocks;
			t->blocks = b;
		}
	}
	{
		void *p = (char *)b->data + b->used;

		b->used += size;
		memset(p, 0, size);
		return p;
	}
}

static char *arena_strndup(struct query_tree *t, const char *s, size_t n)
{
	char *d = arena_alloc(t, n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

void query_free(struct query_tree *t)
{
	struct arena_block *b, *next;

	if (!t)
		return;
	for (b = t->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	free(t);
}

const struct shim_qnode *query_root(const struct query_tree *t)
{
	return t ? t->root : NULL;
}

/* ----------------------------------------------------------------- UTF-8 */

/*
 * The length of the valid UTF-8 sequence at s[i..n) and its code point in
 * *cp, or 0 when the bytes there are not valid UTF-8 (overlong forms,
 * surrogates and values past U+10FFFF included).
 */
static size_t utf8_decode(const char *s, size_t n, size_t i, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s + i;
	size_t avail = n - i, k, len;
	uint32_t c, min;

	if (avail == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		len = 2, c = u[0] & 0x1f, min = 0x80;
	} else if ((u[0] & 0xf0) == 0xe0) {
		len = 3, c = u[0] & 0x0f, min = 0x800;
	} else if ((u[0] & 0xf8) == 0xf0) {
		len = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (avail < len)
		return 0;
	for (k = 1; k < len; k++) {
		if ((u[k] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Characters in s[0..n), an invalid byte counting as one. */
static size_t utf8_count(const char *s, size_t n)
{
	size_t i = 0, count = 0;
	uint32_t cp;

	while (i < n) {
		size_t l = utf8_decode(s, n, i, &cp);

		i += l ? l : 1;
		count++;
	}
	return count;
}

/* The longest prefix of s[0..n) of at most max bytes that ends on a
 * character boundary, for quoting user text in messages. */
static int clip(const char *s, size_t n, size_t max)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		size_t l = utf8_decode(s, n, i, &cp);

		if (l == 0)
			l = 1;
		if (i + l > max)
			break;
		i += l;
	}
	return (int)i;
}

/* ---------------------------------------------------------------- tokens */

enum tok_type {
	T_END,
	T_WORD,
	T_PHRASE,
	T_LPAREN,
	T_RPAREN,
	T_PLUS,
	T_MINUS,
	T_FIELD,
	T_AND,
	T_OR,
	T_XOR,
	T_NOT,
	T_NEAR,
	T_ADJ
};

struct tok {
	enum tok_type type;
	size_t pos, len;
	size_t qopen, qclose;	/* T_PHRASE: bytes of its quote marks */
	int field;		/* T_FIELD */
	unsigned window;	/* T_NEAR, T_ADJ */
	enum tok_type lc;	/* a lower-case operator word, or T_END */
};

struct parser {
	const char *q;
	size_t len;
	unsigned flags;
	struct query_tree *t;
	struct query_error *err;
	struct tok *toks;
	size_t ntoks, cap;
	size_t cur;		/* index of the current token */
	int field;		/* field of an enclosing name:( ), or -1 */
	const struct tok *field_tok;
	size_t nterms;
	int depth;
};

/* Fills the error and returns -1, so callers can "return fail(...)". */
static int fail(struct parser *p, size_t pos, const char *fmt, ...)
{
	va_list ap;

	p->err->pos = pos;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static int fail_nomem(struct parser *p)
{
	return fail(p, 0, "out of memory");
}

/* 1-based character column of byte pos, for messages. */
static size_t column(const struct parser *p, size_t pos)
{
	return utf8_count(p->q, pos) + 1;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/*
 * Quote marks that make a phrase: the ASCII one, and those a phrase
 * pasted from a web page or a word processor comes in ("smoking gun"
 * typed as “smoking gun”, „smoking gun“ or «smoking gun»), each with the
 * marks that may close it.  Single quotes are no phrase: ’ is also the
 * apostrophe of "Huawei’s".
 */
static const struct quote {
	const char *open, *close[2];
} quotes[] = {
	{ "\"", { "\"", NULL } },
	{ "\xe2\x80\x9c", { "\xe2\x80\x9d", NULL } },			/* “ ” */
	{ "\xe2\x80\x9e", { "\xe2\x80\x9c", "\xe2\x80\x9d" } },	/* „ “ ” */
	{ "\xc2\xab", { "\xc2\xbb", NULL } },				/* « » */
};

/* Does the mark m stand at s[i..n)? */
static int mark_at(const char *s, size_t n, size_t i, const char *m)
{
	size_t l = strlen(m);

	return n - i >= l && memcmp(s + i, m, l) == 0;
}

/* The quote that opens a phrase at s[i..n), or NULL. */
static const struct quote *quote_open(const char *s, size_t n, size_t i)
{
	for (size_t k = 0; k < sizeof quotes / sizeof quotes[0]; k++)
		if (mark_at(s, n, i, quotes[k].open))
			return &quotes[k];
	return NULL;
}

/* The length of a mark closing quote qt at s[i..n), or 0. */
static size_t quote_close(const struct quote *qt, const char *s, size_t n,
			  size_t i)
{
	for (size_t k = 0; k < 2 && qt->close[k]; k++)
		if (mark_at(s, n, i, qt->close[k]))
			return strlen(qt->close[k]);
	return 0;
}

/*
 * The bytes of the blank at s[i..n): 1 for an ASCII one; 2 or 3 for the
 * Unicode spaces that a query pasted from a page (no-break space U+00A0)
 * or typed with an input method (ideographic space U+3000) has between
 * its words, U+1680, U+2000..U+200A, U+202F and U+205F too; else 0.
 */
static size_t space_at(const char *s, size_t n, size_t i)
{
	uint32_t cp;
	size_t l;

	if (i >= n)
		return 0;
	if (is_space((unsigned char)s[i]))
		return 1;
	l = utf8_decode(s, n, i, &cp);
	if (l > 1 && (cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
		      cp == 0x202f || cp == 0x205f || cp == 0x3000))
		return l;
	return 0;
}

/* Does a word end at s[i..n)? */
static int is_word_end(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	return space_at(s, n, i) || c == '(' || c == ')' || quote_open(s, n, i);
}

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* What an operator lacks: NEAR and ADJ take words, the rest terms. */
static const char *tok_operand(enum tok_type t)
{
	return t == T_NEAR || t == T_ADJ ? "a word" : "a term";
}

static const char *tok_name(enum tok_type t)
{
	switch (t) {
	case T_AND: return "AND";
	case T_OR: return "OR";
	case T_XOR: return "XOR";
	case T_NOT: return "NOT";
	case T_NEAR: return "NEAR";
	case T_ADJ: return "ADJ";
	case T_PLUS: return "'+'";
	case T_MINUS: return "'-'";
	default: return "operator";
	}
}

static int push_tok(struct parser *p, enum tok_type type, size_t pos,
		    size_t len)
{
	struct tok *t;

	if (p->ntoks == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct tok *v = realloc(p->toks, cap * sizeof(*v));

		if (!v)
			return fail_nomem(p);
		p->toks = v;
		p->cap = cap;
	}
	t = &p->toks[p->ntoks++];
	memset(t, 0, sizeof(*t));
	t->type = type;
	t->pos = pos;
	t->len = len;
	t->field = -1;
	t->lc = T_END;
	return 0;
}

/* UTF-8 and control characters, once, before anything else looks. */
static int check_bytes(struct parser *p)
{
	size_t i = 0;
	uint32_t cp;

	while (i < p->len) {
		unsigned char c = (unsigned char)p->q[i];
		size_t l = utf8_decode(p->q, p->len, i, &cp);

		if (l == 0)
			return fail(p, i, "invalid UTF-8 at byte %zu", i);
		if (c == 0)
			return fail(p, i, "NUL byte at byte %zu", i);
		if ((c < 0x20 && !is_space(c)) || c == 0x7f)
			return fail(p, i, "control character 0x%02x at byte %zu",
				    c, i);
		i += l;
	}
	return 0;
}

/* The list of queryable field names, for the unknown-field message. */
static void known_fields(char *buf, size_t buflen)
{
	size_t n = 0;
	int f;

	buf[0] = '\0';
	for (f = 0; f < SHIM_NFIELDS; f++) {
		const struct shim_field_info *fi = shim_field_info(f);
		int w;

		if (!fi || !(fi->flags & SHIM_FIELD_QUERYABLE))
			continue;
		w = snprintf(buf + n, buflen - n, "%s%s", n ? ", " : "",
			     fi->name);
		if (w < 0 || (size_t)w >= buflen - n)
			break;
		n += (size_t)w;
	}
}

/*
 * A "name:" at q[i]: returns 1 and the field in *field when it is one, 0
 * when the colon is not a field's (URL, time, "Re: "), -1 on error (an
 * unknown name, or a known field without a value).
 */
static int scan_field(struct parser *p, size_t i, int *field, size_t *end)
{
	const char *q = p->q;
	size_t j = i, after;
	char name[32];
	int f;
	const struct shim_field_info *fi;

	if (!is_alpha((unsigned char)q[i]))
		return 0;
	while (j < p->len && (is_alpha((unsigned char)q[j]) ||
			      is_digit((unsigned char)q[j]) || q[j] == '_'))
		j++;
	if (j >= p->len || q[j] != ':')
		return 0;
	after = j + 1;
	f = -1;
	if (j - i < sizeof(name)) {
		size_t k;

		for (k = 0; k < j - i; k++) {
			char c = q[i + k];

			name[k] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
		}
		name[j - i] = '\0';
		f = shim_field_by_name(name);
		fi = f >= 0 ? shim_field_info(f) : NULL;
		if (!fi || !(fi->flags & SHIM_FIELD_QUERYABLE))
			f = -1;
	}
	if (after >= p->len || space_at(q, p->len, after) ||
	    q[after] == ')') {
		if (f >= 0)
			return fail(p, i, "'%.*s' needs a value right after "
				    "the colon", (int)(after - i), q + i);
		return 0;
	}
	/* "http://...": a URL, not a field; but "id:/home/..." is the id
	 * field (a path is the id of a file without one) */
	if (f < 0 && (q[after] == '/' || q[after] == ':'))
		return 0;
	if (f < 0) {
		char known[120];

		known_fields(known, sizeof(known));
		return fail(p, i, "unknown field '%.*s%s' (known: %s)",
			    (int)(j - i > 30 ? 30 : j - i), q + i,
			    j - i > 30 ? "..." : "", known);
	}
	*field = f;
	*end = after;
	return 1;
}

/* NEAR, NEAR/n, ADJ, ADJ/n at q[i..j): 1 and the token, 0, or -1. */
static int scan_proximity(struct parser *p, size_t i, size_t j,
			  enum tok_type *type, unsigned *window)
{
	const char *q = p->q;
	size_t n = j - i, k, nlen;
	unsigned long w = 0;

	if (n >= 4 && memcmp(q + i, "NEAR", 4) == 0) {
		*type = T_NEAR;
		nlen = 4;
	} else if (n >= 3 && memcmp(q + i, "ADJ", 3) == 0) {
		*type = T_ADJ;
		nlen = 3;
	} else {
		return 0;
	}
	*window = QUERY_DEFAULT_WINDOW;
	if (n == nlen)
		return 1;
	if (q[i + nlen] != '/')
		return 0;	/* "NEARBY", "ADJUST": words */
	k = i + nlen + 1;
	if (k == j)
		return fail(p, k, "%s/ needs a window: %s/1 to %s/%d",
			    tok_name(*type), tok_name(*type), tok_name(*type),
			    QUERY_MAX_WINDOW);
	for (; k < j; k++) {
		if (!is_digit((unsigned char)q[k]) || w > QUERY_MAX_WINDOW)
			break;
		w = w * 10 + (unsigned long)(q[k] - '0');
	}
	if (k < j || w < 1 || w > QUERY_MAX_WINDOW)
		return fail(p, i + nlen + 1, "bad %s window '%.*s': use "
			    "%s/1 to %s/%d", tok_name(*type),
			    clip(q + i + nlen + 1, j - i - nlen - 1, 20),
			    q + i + nlen + 1, tok_name(*type),
			    tok_name(*type), QUERY_MAX_WINDOW);
	*window = (unsigned)w;
	return 1;
}

static int word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* A word token at q[i..j); operators only in the normal mode. */
static int push_word(struct parser *p, size_t i, size_t j, int normal)
{
	const char *s = p->q + i;
	size_t n = j - i;
	enum tok_type type = T_WORD, lc = T_END;
	unsigned window = 0;

	if (normal) {
		int r;

		if (word_is(s, n, "AND"))
			type = T_AND;
		else if (word_is(s, n, "OR"))
			type = T_OR;
		else if (word_is(s, n, "XOR"))
			type = T_XOR;
		else if (word_is(s, n, "NOT"))
			type = T_NOT;
		else if ((r = scan_proximity(p, i, j, &type, &window)) < 0)
			return -1;
		else if (r == 0)
			type = T_WORD;
		if (word_is(s, n, "and"))
			lc = T_AND;
		else if (word_is(s, n, "or"))
			lc = T_OR;
		else if (word_is(s, n, "xor"))
			lc = T_XOR;
		else if (word_is(s, n, "not"))
			lc = T_NOT;
	}
	if (push_tok(p, type, i, n) < 0)
		return -1;
	p->toks[p->ntoks - 1].window = window;
	p->toks[p->ntoks - 1].lc = lc;
	return 0;
}

/*
 * Pass 1.  mode: 0 normal, 1 right after "name:" (a value: phrase, group
 * or word, never an operator), 2 right after a sign (no operators).
 */
static int tokenize(struct parser *p)
{
	const char *q = p->q;
	size_t i = 0, open[QUERY_MAX_DEPTH];
	int depth = 0, mode = 0;

	for (;;) {
		const struct quote *qt;
		unsigned char c;
		size_t k;

		if (mode == 0)
			while ((k = space_at(q, p->len, i)) > 0)
				i += k;
		if (i >= p->len)
			break;
		c = (unsigned char)q[i];
		if (c == '(') {
			if (depth == QUERY_MAX_DEPTH)
				return fail(p, i, "parentheses nested too deep "
					    "(at most %d levels)",
					    QUERY_MAX_DEPTH);
			open[depth++] = i;
			if (push_tok(p, T_LPAREN, i, 1) < 0)
				return -1;
			i++;
			mode = 0;
		} else if (c == ')') {
			if (depth == 0)
				return fail(p, i, "')' without a matching '('");
			depth--;
			if (push_tok(p, T_RPAREN, i, 1) < 0)
				return -1;
			i++;
			mode = 0;
		} else if ((qt = quote_open(q, p->len, i))) {
			size_t from = i + strlen(qt->open), e = from, cl = 0;

			while (e < p->len && !(cl = quote_close(qt, q, p->len, e)))
				e++;
			if (!cl)
				return fail(p, i, "missing closing '%s' for the "
					    "quote at column %zu",
					    qt->close[0], column(p, i));
			if (push_tok(p, T_PHRASE, i, e + cl - i) < 0)
				return -1;
			p->toks[p->ntoks - 1].qopen = from - i;
			p->toks[p->ntoks - 1].qclose = cl;
			i = e + cl;
			mode = 0;
		} else if (mode == 0 && (c == '+' || c == '-')) {
			size_t run = i;
			unsigned char n;

			while (run < p->len && (q[run] == '+' || q[run] == '-'))
				run++;
			n = run < p->len ? (unsigned char)q[run] : ' ';
			/* "huawei - zte", "huawei -- zte": a dash standing
			 * alone, as titles have it, is no sign but a word of
			 * punctuation, which the search leaves out as it
			 * does a lone "&" or "–" */
			if (is_space(n) || space_at(q, p->len, run) || n == ')') {
				if (push_tok(p, T_WORD, i, run - i) < 0)
					return -1;
				i = run;
				mode = 0;
				continue;
			}
			if (run > i + 1)
				return fail(p, i, "'%c' needs a term right "
					    "after it", c);
			if (push_tok(p, c == '+' ? T_PLUS : T_MINUS, i, 1) < 0)
				return -1;
			i++;
			mode = 2;
		} else {
			int field = -1, r = 0;
			size_t end = i;

			if (mode != 1 && (r = scan_field(p, i, &field, &end)) < 0)
				return -1;
			if (r == 1) {
				if (push_tok(p, T_FIELD, i, end - i) < 0)
					return -1;
				p->toks[p->ntoks - 1].field = field;
				i = end;
				mode = 1;
				continue;
			}
			end = i;
			while (end < p->len && !is_word_end(q, p->len, end))
				end++;
			if (push_word(p, i, end, mode == 0) < 0)
				return -1;
			i = end;
			mode = 0;
		}
	}
	if (depth > 0)
		return fail(p, open[depth - 1], "missing ')' for the '(' at "
			    "column %zu", column(p, open[depth - 1]));
	return push_tok(p, T_END, p->len, 0);
}

static int starts_operand(enum tok_type t)
{
	return t == T_WORD || t == T_PHRASE || t == T_LPAREN ||
	       t == T_PLUS || t == T_MINUS || t == T_FIELD || t == T_NOT;
}

static int ends_operand(enum tok_type t)
{
	return t == T_WORD || t == T_PHRASE || t == T_RPAREN;
}

/*
 * Lower-case and/or/xor/not become operators between two operands, left
 * to right, so in "a and and b" the first is the operator and the second a
 * word.  "not" after a binary operator is the unary NOT ("a or not b").
 */
static void classify_lowercase(struct parser *p)
{
	size_t k;

	for (k = 0; k + 1 < p->ntoks; k++) {
		struct tok *t = &p->toks[k];
		int prev_end, next_start;

		if (t->type != T_WORD || t->lc == T_END)
			continue;
		prev_end = k > 0 && ends_operand(p->toks[k - 1].type);
		next_start = starts_operand(p->toks[k + 1].type);
		if (prev_end && next_start)
			t->type = t->lc;
		else if (t->lc == T_NOT && k > 0 && next_start &&
			 (p->toks[k - 1].type == T_AND ||
			  p->toks[k - 1].type == T_OR ||
			  p->toks[k - 1].type == T_XOR))
			t->type = T_NOT;
	}
}

/* ----------------------------------------------------------------- nodes */

static struct shim_qnode *node_new(struct parser *p, enum shim_qop op,
				   size_t pos, size_t len)
{
	struct shim_qnode *n = arena_alloc(p->t, sizeof(*n));

	if (!n) {
		fail_nomem(p);
		return NULL;
	}
	n->op = op;
	n->field = -1;
	n->pos = pos;
	n->len = len;
	return n;
}

/* A term node: counts against QUERY_MAX_TERMS. */
static struct shim_qnode *leaf_new(struct parser *p, enum shim_qop op,
				   size_t pos, size_t len)
{
	if (++p->nterms > QUERY_MAX_TERMS) {
		fail(p, pos, "too many terms (at most %d)", QUERY_MAX_TERMS);
		return NULL;
	}
	return node_new(p, op, pos, len);
}

/* A growable list of nodes with their signs, in the arena. */
struct item {
	struct shim_qnode *n;
	int sign;		/* 0, '+' or '-' */
	size_t signpos, signlen;	/* the operator that set the sign */
};

struct items {
	struct item *v;
	size_t n, cap;
};

static int items_add(struct parser *p, struct items *l, const struct item *it)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4;
		struct item *v = arena_alloc(p->t, cap * sizeof(*v));

		if (!v)
			return fail_nomem(p);
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *it;
	return 0;
}

static void span_union(struct shim_qnode *n, const struct shim_qnode *k,
		       int first)
{
	size_t end;

	if (first) {
		n->pos = k->pos;
		n->len = k->len;
		return;
	}
	end = n->pos + n->len;
	if (k->pos + k->len > end)
		end = k->pos + k->len;
	if (k->pos < n->pos)
		n->pos = k->pos;
	n->len = end - n->pos;
}

/*
 * op over the nodes of list (signs ignored); one node is returned as is,
 * and kids with the same associative op are spliced in (a AND (b AND c) is
 * AND(a, b, c)).
 */
static struct shim_qnode *combine(struct parser *p, enum shim_qop op,
				  struct shim_qnode **v, size_t nv)
{
	struct shim_qnode *n;
	size_t i, total = 0, k = 0;
	int assoc = op == SHIM_Q_AND || op == SHIM_Q_OR || op == SHIM_Q_XOR;

	if (nv == 1)
		return v[0];
	for (i = 0; i < nv; i++)
		total += assoc && v[i]->op == op ? v[i]->nkids : 1;
	n = node_new(p, op, 0, 0);
	if (!n)
		return NULL;
	n->kids = arena_alloc(p->t, total * sizeof(*n->kids));
	if (!n->kids) {
		fail_nomem(p);
		return NULL;
	}
	for (i = 0; i < nv; i++) {
		if (assoc && v[i]->op == op) {
			memcpy(n->kids + k, v[i]->kids,
			       v[i]->nkids * sizeof(*n->kids));
			k += v[i]->nkids;
		} else {
			n->kids[k++] = v[i];
		}
		span_union(n, v[i], i == 0);
	}
	n->nkids = k;
	return n;
}

static struct shim_qnode *combine2(struct parser *p, enum shim_qop op,
				   struct shim_qnode *a, struct shim_qnode *b)
{
	struct shim_qnode *v[2];

	v[0] = a;
	v[1] = b;
	return combine(p, op, v, 2);
}

/*
 * A run of juxtaposed (or AND'ed) items: required ones AND'ed, optional
 * ones AND'ed (any == 0) or OR'ed under AND_MAYBE (any != 0), excluded
 * ones OR'ed under AND_NOT; nothing positive means ALL.  With any, a date
 * is a filter AND'ed over the rest, not a term that could match alone.
 */
static struct shim_qnode *build_run(struct parser *p, const struct items *l,
				    int any)
{
	struct shim_qnode **req, **opt, **neg, **flt, *pos = NULL, *x;
	size_t nreq = 0, nopt = 0, nneg = 0, nflt = 0, i;
	const struct item *first_neg = NULL;

	req = arena_alloc(p->t, 4 * l->n * sizeof(*req));
	if (!req) {
		fail_nomem(p);
		return NULL;
	}
	opt = req + l->n;
	neg = opt + l->n;
	flt = neg + l->n;
	for (i = 0; i < l->n; i++) {
		const struct item *it = &l->v[i];

		if (it->sign == '-') {
			neg[nneg++] = it->n;
			if (!first_neg)
				first_neg = it;
		} else if (any && it->n->op == SHIM_Q_DATE) {
			flt[nflt++] = it->n;
		} else if (!any || it->sign == '+') {
			req[nreq++] = it->n;
		} else {
			opt[nopt++] = it->n;
		}
	}
	if (nreq && nopt) {
		struct shim_qnode *r = combine(p, SHIM_Q_AND, req, nreq);
		struct shim_qnode *o = r ? combine(p, SHIM_Q_OR, opt, nopt) : NULL;

		pos = o ? combine2(p, SHIM_Q_AND_MAYBE, r, o) : NULL;
	} else if (nreq) {
		pos = combine(p, SHIM_Q_AND, req, nreq);
	} else if (nopt) {
		pos = combine(p, SHIM_Q_OR, opt, nopt);
	}
	if (nflt) {
		x = combine(p, SHIM_Q_AND, flt, nflt);
		if (x && pos)
			x = combine2(p, SHIM_Q_AND, pos, x);
		pos = x;
		if (!pos)
			return NULL;
	}
	if (!pos && !nreq && !nopt && !nflt)
		pos = node_new(p, SHIM_Q_ALL, first_neg->signpos,
			       first_neg->signlen);
	if (!pos || nneg == 0)
		return pos;
	x = combine(p, SHIM_Q_OR, neg, nneg);
	return x ? combine2(p, SHIM_Q_AND_NOT, pos, x) : NULL;
}

/* ---------------------------------------------------------------- parser */

static const struct tok *cur(const struct parser *p)
{
	return &p->toks[p->cur];
}

static void advance(struct parser *p)
{
	if (p->toks[p->cur].type != T_END)
		p->cur++;
}

static struct shim_qnode *parse_or(struct parser *p);

/* A word or trailing wildcard q[tpos..tpos+tlen) spanning pos..pos+len. */
static struct shim_qnode *make_word(struct parser *p, int field, size_t pos,
				    size_t len, size_t tpos, size_t tlen)
{
	const char *s = p->q + tpos;
	const char *star = memchr(s, '*', tlen);
	enum shim_qop op = SHIM_Q_WORD;
	struct shim_qnode *n;

	if (star && (size_t)(star - s) != tlen - 1) {
		fail(p, tpos + (size_t)(star - s), "'*' can only end a word "
		     "(wildcards match the start of words)");
		return NULL;
	}
	if (star) {
		if (utf8_count(s, tlen - 1) < 2) {
			fail(p, tpos, "a wildcard needs at least 2 characters "
			     "before '*'");
			return NULL;
		}
		op = SHIM_Q_WILDCARD;
		tlen--;
	}
	n = leaf_new(p, op, pos, len);
	if (!n)
		return NULL;
	n->field = field;
	n->text = arena_strndup(p->t, s, tlen);
	if (!n->text) {
		fail_nomem(p);
		return NULL;
	}
	return n;
}

/* The phrase token t (quotes included) spanning pos..pos+len. */
static struct shim_qnode *make_phrase(struct parser *p, int field,
				      const struct tok *t, size_t pos,
				      size_t len)
{
	const char *s = p->q + t->pos + t->qopen;
	size_t n = t->len - t->qopen - t->qclose, i, k = 0;
	struct shim_qnode *node;
	char *text;
	int space = 0;

	/* "huaw*" in quotes would search for the word "huaw": say so */
	for (i = 1; i < n; i++)
		if (s[i] == '*' && !is_space((unsigned char)s[i - 1]) &&
		    s[i - 1] != '"') {
			fail(p, t->pos + t->qopen + i, "a wildcard cannot be inside a "
			     "phrase (remove the quotes or the '*')");
			return NULL;
		}
	node = leaf_new(p, SHIM_Q_PHRASE, pos, len);
	if (!node)
		return NULL;
	text = arena_alloc(p->t, n + 1);
	if (!text) {
		fail_nomem(p);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (is_space((unsigned char)s[i])) {
			space = 1;
			continue;
		}
		if (space && k)
			text[k++] = ' ';
		space = 0;
		text[k++] = s[i];
	}
	text[k] = '\0';
	if (k == 0) {
		fail(p, t->pos, "empty phrase");
		return NULL;
	}
	node->field = field;
	node->text = text;
	return node;
}

/* ---------------------------------------------------------------- dates */

struct dval {
	char s[9];		/* "YYYY", "YYYYMM" or "YYYYMMDD" */
	long lo, hi;		/* first and last day covered, YYYYMMDD */
};

static int days_in(int y, int m)
{
	static const int dim[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

/* Digits at s[*i..n), at most max of them: their count and value. */
static size_t digits(const char *s, size_t n, size_t *i, size_t max, int *v)
{
	size_t k = 0;

	*v = 0;
	while (*i < n && k < max + 1 && is_digit((unsigned char)s[*i])) {
		*v = *v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	return k;
}

/* One date "YYYY[-MM[-DD]]" at q[pos..pos+n); years only for year:. */
static int parse_date1(struct parser *p, int field, size_t pos, size_t n,
		       struct dval *d)
{
	const char *s = p->q + pos;
	size_t i = 0, mpos = 0, dpos = 0, mlen = 0, dlen = 0;
	int y, m = 0, day = 0, years_only = field == SHIM_FIELD_YEAR;

	if (digits(s, n, &i, 4, &y) != 4)
		goto shape;
	if (i < n && s[i] == '-' && !years_only) {
		i++;
		mpos = i;
		mlen = digits(s, n, &i, 2, &m);
		if (mlen < 1 || mlen > 2)
			goto shape;
		if (i < n && s[i] == '-') {
			i++;
			dpos = i;
			dlen = digits(s, n, &i, 2, &day);
			if (dlen < 1 || dlen > 2)
				goto shape;
		}
	}
	if (i != n)
		goto shape;
	if (mlen && (m < 1 || m > 12))
		return fail(p, pos + mpos, "bad month '%.*s' in '%.*s': months "
			    "are 01 to 12", (int)mlen, s + mpos, (int)n, s);
	if (dlen && (day < 1 || day > days_in(y, m)))
		return fail(p, pos + dpos, "bad day '%.*s' in '%.*s': "
			    "%04d-%02d has %d days", (int)dlen, s + dpos,
			    (int)n, s, y, m, days_in(y, m));
	/* The year's 4 digits as typed, month and day padded to 2. */
	memset(d->s, 0, sizeof(d->s));
	memcpy(d->s, s, 4);
	if (mlen) {
		d->s[4] = (char)('0' + m / 10);
		d->s[5] = (char)('0' + m % 10);
	}
	if (dlen) {
		d->s[6] = (char)('0' + day / 10);
		d->s[7] = (char)('0' + day % 10);
	}
	d->lo = y * 10000L + (m ? m : 1) * 100L + (day ? day : 1);
	d->hi = y * 10000L + (m ? m : 12) * 100L +
		(day ? day : days_in(y, m ? m : 12));
	return 0;
shape:
	if (years_only)
		return fail(p, pos, "bad year '%.*s': use YYYY, as in "
			    "year:2019 or year:2018..2019", clip(s, n, 40), s);
	return fail(p, pos, "bad date '%.*s': use YYYY, YYYY-MM or "
		    "YYYY-MM-DD", clip(s, n, 40), s);
}

/* date:/year: with its value token v; the node spans fpos..end of v. */
static struct shim_qnode *make_date(struct parser *p, int field, size_t fpos,
				    const struct tok *v)
{
	const char *s = p->q + v->pos;
	size_t n = v->len, lpos, llen, rpos, rlen;
	struct dval from, to;
	struct shim_qnode *node;
	const char *dots = NULL;
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if (s[i] == '.' && s[i + 1] == '.') {
			dots = s + i;
			break;
		}
	if (n >= 2 && s[0] == '>' && s[1] == '=') {
		lpos = 2, llen = n - 2, rpos = n, rlen = 0;
	} else if (n >= 2 && s[0] == '<' && s[1] == '=') {
		lpos = 0, llen = 0, rpos = 2, rlen = n - 2;
	} else if (dots) {
		lpos = 0, llen = (size_t)(dots - s);
		rpos = llen + 2, rlen = n - rpos;
	} else {
		lpos = 0, llen = n, rpos = 0, rlen = n;
	}
	if (llen == 0 && rlen == 0) {
		fail(p, v->pos, "a date range needs at least one end");
		return NULL;
	}
	if (llen && parse_date1(p, field, v->pos + lpos, llen, &from) < 0)
		return NULL;
	if (rlen && parse_date1(p, field, v->pos + rpos, rlen, &to) < 0)
		return NULL;
	if (llen && rlen && from.lo > to.hi) {
		fail(p, v->pos + rpos, "range %.*s ends before it starts",
		     clip(s, n, 60), s);
		return NULL;
	}
	node = leaf_new(p, SHIM_Q_DATE, fpos, v->pos + n - fpos);
	if (!node)
		return NULL;
	node->field = field;
	if (llen && !(node->from = arena_strndup(p->t, from.s,
						 strlen(from.s))))
		goto nomem;
	if (rlen && !(node->to = arena_strndup(p->t, to.s, strlen(to.s))))
		goto nomem;
	return node;
nomem:
	fail_nomem(p);
	return NULL;
}

/* '(' at t: the group inside, without the parentheses in the tree. */
static struct shim_qnode *parse_paren(struct parser *p, const struct tok *t)
{
	struct shim_qnode *n;

	if (p->depth >= QUERY_MAX_DEPTH) {	/* tokenize() refused it */
		fail(p, t->pos, "parentheses nested too deep (at most %d "
		     "levels)", QUERY_MAX_DEPTH);
		return NULL;
	}
	advance(p);
	if (cur(p)->type == T_RPAREN) {
		fail(p, t->pos, "empty parentheses");
		return NULL;
	}
	if (!starts_operand(cur(p)->type)) {
		fail(p, cur(p)->pos, "%s needs %s before it",
		     tok_name(cur(p)->type), tok_operand(cur(p)->type));
		return NULL;
	}
	p->depth++;
	n = parse_or(p);
	p->depth--;
	if (!n)
		return NULL;
	if (cur(p)->type != T_RPAREN) {		/* tokenize() balanced them */
		fail(p, t->pos, "missing ')' for the '(' at column %zu",
		     column(p, t->pos));
		return NULL;
	}
	advance(p);
	return n;
}

/* name:value, name:"phrase", name:(group), date:..., year:... */
static struct shim_qnode *parse_field(struct parser *p)
{
	const struct tok *f = cur(p), *v;
	struct shim_qnode *n;
	int field = f->field;

	if (p->field >= 0) {
		fail(p, f->pos, "fields cannot be nested: '%.*s' inside "
		     "'%.*s(...)'", (int)f->len, p->q + f->pos,
		     (int)p->field_tok->len, p->q + p->field_tok->pos);
		return NULL;
	}
	advance(p);
	v = cur(p);
	if (field == SHIM_FIELD_DATE || field == SHIM_FIELD_YEAR) {
		if (v->type != T_WORD) {
			const char *what = v->type == T_PHRASE ? ", not in quotes"
					   : v->type == T_LPAREN ? ", not in parentheses"
								 : "";

			if (field == SHIM_FIELD_YEAR)
				fail(p, v->pos, "'year:' takes a year like 2019 or "
				     "a range like 2018..2019%s", what);
			else
				fail(p, v->pos, "'date:' takes a date like 2019, "
				     "2019-03 or 2019-03-05, or a range like "
				     "2019..2020%s", what);
			return NULL;
		}
		advance(p);
		return make_date(p, field, f->pos, v);
	}
	switch (v->type) {
	case T_WORD:
		advance(p);
		return make_word(p, field, f->pos, v->pos + v->len - f->pos,
				 v->pos, v->len);
	case T_PHRASE:
		advance(p);
		return make_phrase(p, field, v, f->pos,
				   v->pos + v->len - f->pos);
	case T_LPAREN:
		p->field = field;
		p->field_tok = f;
		n = parse_paren(p, v);
		p->field = -1;
		p->field_tok = NULL;
		return n;
	default:	/* tokenize() puts a value after every field */
		fail(p, f->pos, "'%.*s' needs a value right after the colon",
		     (int)f->len, p->q + f->pos);
		return NULL;
	}
}

static struct shim_qnode *parse_primary(struct parser *p)
{
	const struct tok *t = cur(p);

	switch (t->type) {
	case T_WORD:
		advance(p);
		return make_word(p, p->field, t->pos, t->len, t->pos, t->len);
	case T_PHRASE:
		advance(p);
		return make_phrase(p, p->field, t, t->pos, t->len);
	case T_LPAREN:
		return parse_paren(p, t);
	case T_FIELD:
		return parse_field(p);
	default:	/* callers check starts_operand() first */
		fail(p, t->pos, "expected a term here");
		return NULL;
	}
}

/* NOT, '+', '-' in any number (a loop, not recursion), then a primary. */
static int parse_unary(struct parser *p, struct item *it)
{
	int neg = 0, plus = 0, have = 0;

	memset(it, 0, sizeof(*it));
	while (cur(p)->type == T_NOT || cur(p)->type == T_PLUS ||
	       cur(p)->type == T_MINUS) {
		const struct tok *t = cur(p);

		if (!have) {
			it->signpos = t->pos;
			it->signlen = t->len;
			have = 1;
		}
		if (t->type == T_PLUS)
			plus = 1;
		else
			neg = !neg;
		advance(p);
		if (!starts_operand(cur(p)->type))
			return fail(p, t->pos, "%s needs a term after it",
				    tok_name(t->type));
	}
	it->n = parse_primary(p);
	if (!it->n)
		return -1;
	it->sign = neg ? '-' : plus ? '+' : 0;
	return 0;
}

static int check_near_operand(struct parser *p, const struct item *it,
			      enum tok_type op)
{
	const char *what;

	if (it->sign)
		return fail(p, it->signpos, "%s needs plain words on each side "
			    "(use NOT (a %s b) to exclude)", tok_name(op),
			    tok_name(op));
	switch (it->n->op) {
	case SHIM_Q_WORD:
		return 0;
	case SHIM_Q_PHRASE: what = "a phrase"; break;
	case SHIM_Q_WILDCARD: what = "a wildcard"; break;
	case SHIM_Q_DATE: what = "a date"; break;
	default: what = "a group"; break;
	}
	return fail(p, it->n->pos, "%s needs plain words on each side, not %s",
		    tok_name(op), what);
}

/* unary (NEAR|ADJ unary)*, one operator and window per chain. */
static int parse_near(struct parser *p, struct item *it)
{
	struct shim_qnode **kids, *n;
	size_t nk = 0, cap = 4;
	enum tok_type op;
	unsigned window;

	if (parse_unary(p, it) < 0)
		return -1;
	op = cur(p)->type;
	if (op != T_NEAR && op != T_ADJ)
		return 0;
	window = cur(p)->window;
	if (check_near_operand(p, it, op) < 0)
		return -1;
	kids = arena_alloc(p->t, cap * sizeof(*kids));
	if (!kids)
		return fail_nomem(p);
	kids[nk++] = it->n;
	while (cur(p)->type == T_NEAR || cur(p)->type == T_ADJ) {
		const struct tok *t = cur(p);
		struct item v;

		if (t->type != op || t->window != window)
			return fail(p, t->pos, "cannot chain %s/%u after %s/%u: "
				    "use one operator and window per chain",
				    tok_name(t->type), t->window,
				    tok_name(op), window);
		advance(p);
		if (!starts_operand(cur(p)->type))
			return fail(p, t->pos, "%s needs a word after it",
				    tok_name(op));
		if (parse_unary(p, &v) < 0 ||
		    check_near_operand(p, &v, op) < 0)
			return -1;
		if (nk == cap) {
			struct shim_qnode **k2;

			cap *= 2;
			k2 = arena_alloc(p->t, cap * sizeof(*k2));
			if (!k2)
				return fail_nomem(p);
			memcpy(k2, kids, nk * sizeof(*k2));
			kids = k2;
		}
		kids[nk++] = v.n;
	}
	n = node_new(p, op == T_NEAR ? SHIM_Q_NEAR : SHIM_Q_ADJ, 0, 0);
	if (!n)
		return -1;
	n->window = window;
	n->kids = kids;
	n->nkids = nk;
	span_union(n, kids[0], 1);
	span_union(n, kids[nk - 1], 0);
	it->n = n;
	return 0;
}

/*
 * near ((AND | NOT) near)*: appended to run as separate items in the
 * default mode (AND and juxtaposition are one level there), or as one
 * item with QUERY_ANY (explicit AND binds tighter than juxtaposed OR).
 */
static int parse_chain(struct parser *p, struct items *run)
{
	struct items chain = { NULL, 0, 0 };
	struct item it;
	size_t i;

	if (parse_near(p, &it) < 0 || items_add(p, &chain, &it) < 0)
		return -1;
	while (cur(p)->type == T_AND || cur(p)->type == T_NOT) {
		const struct tok *t = cur(p);

		advance(p);
		if (!starts_operand(cur(p)->type))
			return fail(p, t->pos, "%s needs a term after it",
				    tok_name(t->type));
		if (parse_near(p, &it) < 0)
			return -1;
		if (t->type == T_NOT) {
			it.sign = it.sign == '-' ? '+' : '-';
			it.signpos = t->pos;
			it.signlen = t->len;
		}
		if (items_add(p, &chain, &it) < 0)
			return -1;
	}
	if ((p->flags & QUERY_ANY) && chain.n > 1) {
		it.n = build_run(p, &chain, 0);
		it.sign = 0;
		return it.n ? items_add(p, run, &it) : -1;
	}
	for (i = 0; i < chain.n; i++)
		if (items_add(p, run, &chain.v[i]) < 0)
			return -1;
	return 0;
}

/* chain chain ...: juxtaposition. */
static struct shim_qnode *parse_group(struct parser *p)
{
	struct items run = { NULL, 0, 0 };

	do {
		if (parse_chain(p, &run) < 0)
			return NULL;
	} while (starts_operand(cur(p)->type));
	return build_run(p, &run, (p->flags & QUERY_ANY) != 0);
}

/* One binary level: sub (OP sub)*. */
static struct shim_qnode *parse_binary(struct parser *p, enum tok_type tok,
				       enum shim_qop op,
				       struct shim_qnode *(*sub)(struct parser *))
{
	struct shim_qnode *first, **v, **v2;
	size_t n = 1, cap = 4;

	first = sub(p);
	if (!first || cur(p)->type != tok)
		return first;
	v = arena_alloc(p->t, cap * sizeof(*v));
	if (!v) {
		fail_nomem(p);
		return NULL;
	}
	v[0] = first;
	while (cur(p)->type == tok) {
		const struct tok *t = cur(p);

		advance(p);
		if (!starts_operand(cur(p)->type)) {
			fail(p, t->pos, "%s needs a term after it",
			     tok_name(tok));
			return NULL;
		}
		if (n == cap) {
			cap *= 2;
			v2 = arena_alloc(p->t, cap * sizeof(*v2));
			if (!v2) {
				fail_nomem(p);
				return NULL;
			}
			memcpy(v2, v, n * sizeof(*v2));
			v = v2;
		}
		if (!(v[n++] = sub(p)))
			return NULL;
	}
	return combine(p, op, v, n);
}

static struct shim_qnode *parse_xor(struct parser *p)
{
	return parse_binary(p, T_XOR, SHIM_Q_XOR, parse_group);
}

static struct shim_qnode *parse_or(struct parser *p)
{
	return parse_binary(p, T_OR, SHIM_Q_OR, parse_xor);
}

static int parse_all(struct parser *p)
{
	const struct tok *t;

	if (p->flags & ~(unsigned)QUERY_ANY)
		return fail(p, 0, "unknown query flags 0x%x", p->flags);
	if (p->len > QUERY_MAX_BYTES)
		return fail(p, QUERY_MAX_BYTES, "query too long (%zu bytes, "
			    "at most %d)", p->len, QUERY_MAX_BYTES);
	if (check_bytes(p) < 0 || tokenize(p) < 0)
		return -1;
	classify_lowercase(p);
	t = cur(p);
	if (t->type == T_END)
		return fail(p, 0, "empty query");
	if (!starts_operand(t->type))
		return fail(p, t->pos, "%s needs %s before it",
			    tok_name(t->type), tok_operand(t->type));
	p->t->root = parse_or(p);
	if (!p->t->root)
		return -1;
	if (cur(p)->type != T_END)	/* cannot happen: see parse_group() */
		return fail(p, cur(p)->pos, "unexpected %s",
			    tok_name(cur(p)->type));
	return 0;
}

int query_parse(const char *q, size_t len, unsigned flags,
		struct query_tree **out, struct query_error *err)
{
	struct query_error local;
	struct parser p;
	int r;

	memset(&p, 0, sizeof(p));
	p.err = err ? err : &local;
	p.err->pos = 0;
	p.err->msg[0] = '\0';
	if (out)
		*out = NULL;
	if (!out || (!q && len))
		return fail(&p, 0, "invalid arguments");
	p.q = q ? q : "";
	p.len = len;
	p.flags = flags;
	p.field = -1;
	p.t = calloc(1, sizeof(*p.t));
	if (!p.t)
		return fail_nomem(&p);
	r = parse_all(&p);
	free(p.toks);
	if (r < 0) {
		query_free(p.t);
		return -1;
	}
	*out = p.t;
	return 0;
}

/* -------------------------------------------------------------- printing */

struct out {
	char *buf;
	size_t cap, n;
	int over;
};

static void out_mem(struct out *o, const char *s, size_t n)
{
	if (o->over || o->cap == 0)
		return;
	if (o->n + n >= o->cap) {
		n = o->cap - 1 - o->n;
		o->over = 1;
	}
	memcpy(o->buf + o->n, s, n);
	o->n += n;
	o->buf[o->n] = '\0';
}

static void out_str(struct out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

static void out_field(struct out *o, int field)
{
	const struct shim_field_info *fi;
	char tmp[32];

	if (field < 0)
		return;
	fi = shim_field_info(field);
	if (fi) {
		out_str(o, fi->name);
	} else {
		snprintf(tmp, sizeof(tmp), "field%d", field);
		out_str(o, tmp);
	}
	out_str(o, ":");
}

static void out_node(struct out *o, const struct shim_qnode *n)
{
	static const char *const names[] = {
		"WORD", "PHRASE", "WILDCARD", "DATE", "ALL", "AND", "OR",
		"XOR", "AND_NOT", "AND_MAYBE", "NEAR", "ADJ"
	};
	char tmp[32];
	size_t i;

	if (!n) {
		out_str(o, "(NULL)");
		return;
	}
	out_str(o, "(");
	if ((size_t)n->op < sizeof(names) / sizeof(names[0])) {
		out_str(o, names[n->op]);
	} else {
		snprintf(tmp, sizeof(tmp), "OP%d", (int)n->op);
		out_str(o, tmp);
	}
	switch (n->op) {
	case SHIM_Q_WORD:
	case SHIM_Q_WILDCARD:
		out_str(o, " ");
		out_field(o, n->field);
		out_str(o, n->text ? n->text : "");
		break;
	case SHIM_Q_PHRASE:
		out_str(o, " ");
		out_field(o, n->field);
		out_str(o, "\"");
		out_str(o, n->text ? n->text : "");
		out_str(o, "\"");
		break;
	case SHIM_Q_DATE:
		out_str(o, " ");
		out_field(o, n->field);
		out_str(o, n->from ? n->from : "");
		out_str(o, "..");
		out_str(o, n->to ? n->to : "");
		break;
	case SHIM_Q_NEAR:
	case SHIM_Q_ADJ:
		snprintf(tmp, sizeof(tmp), "/%u", n->window);
		out_str(o, tmp);
		break;
	default:
		break;
	}
	for (i = 0; i < n->nkids; i++) {
		out_str(o, " ");
		out_node(o, n->kids[i]);
	}
	out_str(o, ")");
}

int query_phrase_inner(const char *q, const struct shim_qnode *n, size_t *from,
		       size_t *len)
{
	size_t end = n->pos + n->len, i;
	const struct quote *qt = NULL;

	if (n->op != SHIM_Q_PHRASE || end > strlen(q))
		return -1;
	/* the mark after a field's colon ("title:“...”") */
	for (i = n->pos; i < end && !(qt = quote_open(q, end, i)); i++)
		;
	if (!qt)
		return -1;
	*from = i + strlen(qt->open);
	for (size_t k = 0; k < 2 && qt->close[k]; k++) {
		size_t cl = strlen(qt->close[k]);
		if (end - *from >= cl && quote_close(qt, q, end, end - cl) == cl) {
			*len = end - cl - *from;
			return 0;
		}
	}
	return -1;
}

int query_to_string(const struct shim_qnode *n, char *buf, size_t buflen)
{
	struct out o = { buf, buflen, 0, 0 };

	if (!buf || buflen == 0)
		return -1;
	buf[0] = '\0';
	out_node(&o, n);
	return o.over ? -1 : (int)o.n;
}

#define FORMAT_WIDTH 72

/*
 * What query_format_error() shows for the character of l bytes (0: an
 * invalid byte) at q + i, and its width on a terminal: '?' for a control
 * character or an invalid byte, ' ' for whitespace, else the character,
 * 2 columns for CJK and emoji, 0 for a combining mark (uc_width()).
 */
static int shown_char(const char *q, size_t i, size_t l, uint32_t cp,
		      const char **text, size_t *tlen)
{
	int w;

	*text = "?", *tlen = 1;
	if (l && cp < 0x80 && is_space((unsigned char)cp)) {
		*text = " ";
		return 1;
	}
	if (l == 0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 1;
	w = uc_width(cp, "UTF-8");
	if (w < 0)
		return 1;
	*text = q + i, *tlen = l;
	return w;
}

/* The display columns of q[0..end) as query_format_error() shows it. */
static size_t shown_width(const char *q, size_t end)
{
	size_t i = 0, cols = 0, tlen;
	const char *text;
	uint32_t cp;

	while (i < end) {
		size_t l = utf8_decode(q, end, i, &cp);

		cols += (size_t)shown_char(q, i, l, cp, &text, &tlen);
		i += l ? l : 1;
	}
	return cols;
}

int query_format_error(const char *q, size_t len,
		       const struct query_error *err, char *buf,
		       size_t buflen)
{
	struct out o = { buf, buflen, 0, 0 };
	size_t total, caret, first = 0, last, col = 0, i = 0, pad, shown = 0;
	int started = 0;
	uint32_t cp;

	if (!buf || buflen == 0)
		return -1;
	buf[0] = '\0';
	if (!q)
		q = "", len = 0;
	if (!err)
		return -1;
	total = shown_width(q, len);
	caret = shown_width(q, err->pos < len ? err->pos : len);
	last = total;
	if (total > FORMAT_WIDTH) {
		first = caret > FORMAT_WIDTH / 2 ? caret - FORMAT_WIDTH / 2 : 0;
		last = first + FORMAT_WIDTH;
		if (last > total) {
			last = total;
			first = total - FORMAT_WIDTH;
		}
	}
	if (first > 0)
		out_str(&o, "...");
	while (i < len) {
		size_t l = utf8_decode(q, len, i, &cp), tlen;
		const char *text;
		size_t w = (size_t)shown_char(q, i, l, cp, &text, &tlen);

		/* a wide character that straddles an end of the window
		 * is left out; the caret counts from the first shown */
		if (col + w > last)
			break;
		if (col >= first) {
			if (!started)
				shown = col, started = 1;
			out_mem(&o, text, tlen);
		}
		i += l ? l : 1;
		col += w;
	}
	if (!started)
		shown = col;
	if (last < total)
		out_str(&o, "...");
	out_str(&o, "\n");
	pad = caret > shown ? caret - shown : 0;
	pad += first > 0 ? 3 : 0;
	while (pad--)
		out_str(&o, " ");
	out_str(&o, "^");
	return o.over ? -1 : (int)o.n;
}
