/*
 * test_query.c - the query-language parser (searcher/query.c).
 *
 * Most cases are rows of tests/data/queries.tsv: a query, a mode, and the
 * exact query_to_string() tree or the exact error offset and message.  This
 * file adds what a table cannot hold (bytes that are not text, tabs, huge
 * queries), node positions, the caret display, and a randomized loop that
 * must neither crash nor leak.  Needs the schema functions of the shim.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "query.h"

/* Parses q and returns its tree as text, or "ERROR <pos> <msg>". */
static char *parse_str(const char *q, size_t len, unsigned flags)
{
	static char buf[65536];
	struct query_tree *t;
	struct query_error e;

	if (query_parse(q, len, flags, &t, &e) < 0) {
		snprintf(buf, sizeof(buf), "ERROR %zu %s", e.pos, e.msg);
		return buf;
	}
	if (query_to_string(query_root(t), buf, sizeof(buf)) < 0)
		snprintf(buf, sizeof(buf), "(too long)");
	query_free(t);
	return buf;
}

#define CHECK_PARSE(q, flags, want) \
	CHECK_STR(parse_str((q), strlen(q), (flags)), (want))

/*
 * Invariants of any tree the parser returns: spans inside the query, text
 * on every term, at least two kids on every operator, words in NEAR.
 */
static int tree_ok(const struct shim_qnode *n, size_t len, int depth)
{
	size_t i;

	if (!n || depth > 1000 || n->pos > len || n->len > len - n->pos)
		return 0;
	switch (n->op) {
	case SHIM_Q_WORD:
	case SHIM_Q_PHRASE:
	case SHIM_Q_WILDCARD:
		return n->text && *n->text && n->nkids == 0;
	case SHIM_Q_DATE:
		return (n->from || n->to) && n->nkids == 0 &&
		       (n->field == SHIM_FIELD_DATE ||
			n->field == SHIM_FIELD_YEAR);
	case SHIM_Q_ALL:
		return n->nkids == 0;
	case SHIM_Q_AND_NOT:
		if (n->nkids != 2)
			return 0;
		break;
	case SHIM_Q_NEAR:
	case SHIM_Q_ADJ:
		if (n->window < 1 || n->window > QUERY_MAX_WINDOW)
			return 0;
		for (i = 0; i < n->nkids; i++)
			if (n->kids[i]->op != SHIM_Q_WORD)
				return 0;
		break;
	default:
		break;
	}
	if (n->nkids < 2 || !n->kids)
		return 0;
	for (i = 0; i < n->nkids; i++)
		if (!tree_ok(n->kids[i], len, depth + 1))
			return 0;
	return 1;
}

/* ------------------------------------------------------------- the table */

static void test_table(void)
{
	const char *src = getenv("srcdir");
	char path[4096], line[8192];
	FILE *f;
	unsigned lineno = 0, cases = 0;

	snprintf(path, sizeof(path), "%s/tests/data/queries.tsv",
		 src && *src ? src : ".");
	f = fopen(path, "r");
	CHECK(f != NULL);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);
		char *mode = line, *q, *want, *got;
		struct query_tree *t;
		struct query_error e;
		unsigned flags;

		lineno++;
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		q = strchr(mode, '\t');
		want = q ? strchr(q + 1, '\t') : NULL;
		if (!q || !want) {
			fprintf(stderr, "%s:%u: malformed row\n", path, lineno);
			check_failures++;
			continue;
		}
		*q++ = '\0';
		*want++ = '\0';
		flags = strcmp(mode, "any") == 0 ? QUERY_ANY : 0;
		got = parse_str(q, strlen(q), flags);
		if (strncmp(want, "ERROR\t", 6) == 0) {
			char *p = strchr(want + 6, '\t');

			if (p) {
				*p = ' ';
				want[5] = ' ';
			}
		}
		if (strcmp(got, want) != 0) {
			fprintf(stderr, "%s:%u: [%s] %s\n  got:  %s\n  want: %s\n",
				path, lineno, mode, q, got, want);
			check_failures++;
		}
		if (query_parse(q, strlen(q), flags, &t, &e) == 0) {
			CHECK(tree_ok(query_root(t), strlen(q), 0));
			query_free(t);
		} else {
			CHECK(e.pos <= strlen(q));
			CHECK(e.msg[0] != '\0');
		}
		cases++;
	}
	fclose(f);
	CHECK(cases > 250);
}

/* ----------------------------------------------------- bytes and buffers */

static void test_bytes(void)
{
	static const char unterminated[] = "huawei AND zteXXXX";
	struct query_tree *t = (struct query_tree *)&t;
	struct query_error e;

	CHECK_STR(parse_str("a\0b", 3, 0), "ERROR 1 NUL byte at byte 1");
	CHECK_PARSE("a \x1b[31m", 0,
		    "ERROR 2 control character 0x1b at byte 2");
	CHECK_PARSE("a \x7f", 0, "ERROR 2 control character 0x7f at byte 2");
	CHECK_PARSE("a \xc3", 0, "ERROR 2 invalid UTF-8 at byte 2");
	CHECK_PARSE("\"a \xff\"", 0, "ERROR 3 invalid UTF-8 at byte 3");
	CHECK_PARSE("\xc0\xaf", 0, "ERROR 0 invalid UTF-8 at byte 0");
	CHECK_PARSE("\xed\xa0\x80", 0, "ERROR 0 invalid UTF-8 at byte 0");
	CHECK_PARSE("\xf4\x90\x80\x80", 0, "ERROR 0 invalid UTF-8 at byte 0");
	CHECK_PARSE("\xe2\x82", 0, "ERROR 0 invalid UTF-8 at byte 0");
	CHECK_PARSE("\xf0\x9f\x93\xb1 5G", 0,
		    "(AND (WORD \xf0\x9f\x93\xb1) (WORD 5G))");
	CHECK_PARSE("a\tb\nc\r\nd\v\fe", 0,
		    "(AND (WORD a) (WORD b) (WORD c) (WORD d) (WORD e))");
	CHECK_PARSE("\"  x\t\n y  \"", 0, "(PHRASE \"x y\")");
	CHECK_PARSE("huawei\tAND\nzte", 0, "(AND (WORD huawei) (WORD zte))");
	CHECK_PARSE("\t\n ", 0, "ERROR 0 empty query");
	/* The length rules, not a NUL. */
	CHECK_STR(parse_str(unterminated, 14, 0),
		  "(AND (WORD huawei) (WORD zte))");
	CHECK_STR(parse_str("\"ab\"", 3, 0),
		  "ERROR 0 missing closing '\"' for the quote at column 1");

	CHECK_INT(query_parse(NULL, 0, 0, &t, &e), -1);
	CHECK(t == NULL);
	CHECK_STR(e.msg, "empty query");
	CHECK_INT(query_parse(NULL, 3, 0, &t, &e), -1);
	CHECK_STR(e.msg, "invalid arguments");
	CHECK_INT(query_parse("a", 1, 0, NULL, &e), -1);
	CHECK_INT(query_parse("a", 1, 0x2, &t, &e), -1);
	CHECK_STR(e.msg, "unknown query flags 0x2");
	CHECK_INT(query_parse("a AND", 5, 0, &t, NULL), -1);
	CHECK_INT(query_parse("a", 1, 0, &t, NULL), 0);
	query_free(t);
	query_free(NULL);
	CHECK(query_root(NULL) == NULL);
}

/* --------------------------------------------------------------- spans */

static const struct shim_qnode *parse_tree(struct query_tree **t,
					   const char *q, unsigned flags)
{
	struct query_error e;

	if (query_parse(q, strlen(q), flags, t, &e) < 0) {
		fprintf(stderr, "unexpected error for %s: %s\n", q, e.msg);
		*t = NULL;
		return NULL;
	}
	return query_root(*t);
}

#define CHECK_SPAN(n, p, l) do { \
	CHECK_INT((n)->pos, (p)); \
	CHECK_INT((n)->len, (l)); \
} while (0)

static void test_spans(void)
{
	struct query_tree *t;
	const struct shim_qnode *n;

	n = parse_tree(&t, "huawei AND org:NCSC", 0);
	CHECK(n && n->op == SHIM_Q_AND && n->nkids == 2);
	if (n && n->nkids == 2) {
		CHECK_SPAN(n, 0, 19);
		CHECK_SPAN(n->kids[0], 0, 6);
		CHECK_SPAN(n->kids[1], 11, 8);
		CHECK_INT(n->kids[1]->field, SHIM_FIELD_ORG);
		CHECK_STR(n->kids[1]->text, "NCSC");
		CHECK_INT(n->kids[0]->field, -1);
	}
	query_free(t);

	n = parse_tree(&t, "a -\"b  c\"", 0);
	CHECK(n && n->op == SHIM_Q_AND_NOT);
	if (n && n->nkids == 2) {
		CHECK_SPAN(n, 0, 9);
		CHECK_SPAN(n->kids[1], 3, 6);
		CHECK_STR(n->kids[1]->text, "b c");
	}
	query_free(t);

	n = parse_tree(&t, "NOT b", 0);
	CHECK(n && n->op == SHIM_Q_AND_NOT);
	if (n && n->nkids == 2) {
		CHECK_SPAN(n, 0, 5);
		CHECK(n->kids[0]->op == SHIM_Q_ALL);
		CHECK_SPAN(n->kids[0], 0, 3);
		CHECK_SPAN(n->kids[1], 4, 1);
	}
	query_free(t);

	n = parse_tree(&t, "x title:(y  \"z w\")", 0);
	CHECK(n && n->op == SHIM_Q_AND && n->nkids == 3);
	if (n && n->nkids == 3) {
		CHECK_SPAN(n, 0, 17);
		CHECK_SPAN(n->kids[1], 9, 1);
		CHECK_INT(n->kids[1]->field, SHIM_FIELD_TITLE);
		CHECK_SPAN(n->kids[2], 12, 5);
		CHECK_INT(n->kids[2]->field, SHIM_FIELD_TITLE);
		CHECK(n->kids[2]->op == SHIM_Q_PHRASE);
	}
	query_free(t);

	n = parse_tree(&t, "date:2019..2020-06 z", 0);
	CHECK(n && n->nkids == 2);
	if (n && n->nkids == 2) {
		CHECK_SPAN(n->kids[0], 0, 18);
		CHECK_STR(n->kids[0]->from, "2019");
		CHECK_STR(n->kids[0]->to, "202006");
		CHECK_INT(n->kids[0]->field, SHIM_FIELD_DATE);
	}
	query_free(t);

	n = parse_tree(&t, "date:..2019", 0);
	CHECK(n && n->op == SHIM_Q_DATE && n->from == NULL);
	query_free(t);


	n = parse_tree(&t, "  a NEAR/3 b  ", 0);
	CHECK(n && n->op == SHIM_Q_NEAR && n->window == 3);
	if (n)
		CHECK_SPAN(n, 2, 10);
	query_free(t);

	n = parse_tree(&t, "huaw* source:\"Policy   Wire\"", 0);
	CHECK(n && n->nkids == 2);
	if (n && n->nkids == 2) {
		CHECK(n->kids[0]->op == SHIM_Q_WILDCARD);
		CHECK_SPAN(n->kids[0], 0, 5);
		CHECK_STR(n->kids[0]->text, "huaw");
		CHECK_SPAN(n->kids[1], 6, 22);
		CHECK_STR(n->kids[1]->text, "Policy Wire");
		CHECK_INT(n->kids[1]->field, SHIM_FIELD_SOURCE);
	}
	query_free(t);

	n = parse_tree(&t, "year:2019", 0);
	CHECK(n && n->op == SHIM_Q_DATE && n->field == SHIM_FIELD_YEAR);
	if (n) {
		CHECK_STR(n->from, "2019");
		CHECK_STR(n->to, "2019");
	}
	query_free(t);
}

/* ------------------------------------------------------- error display */

static const char *fmt(const char *q, size_t len, size_t pos)
{
	static char buf[1024];
	struct query_error e;

	e.pos = pos;
	e.msg[0] = '\0';
	if (query_format_error(q, len, &e, buf, sizeof(buf)) < 0)
		return "(overflow)";
	return buf;
}

static void test_format_error(void)
{
	struct query_error e;
	char q[2048], buf[16];
	const char *out, *nl;
	size_t i, pos = 0;

	CHECK_STR(fmt("huawei AND (ncsc", 16, 11),
		  "huawei AND (ncsc\n           ^");
	CHECK_STR(fmt("huawei AND", 10, 7), "huawei AND\n       ^");
	CHECK_STR(fmt("a", 1, 1), "a\n ^");
	CHECK_STR(fmt("", 0, 0), "\n^");
	CHECK_STR(fmt("\xc3\xa9t\xc3\xa9 AND", 9, 6),
		  "\xc3\xa9t\xc3\xa9 AND\n    ^");
	CHECK_STR(fmt("a\tb\nAND", 7, 4), "a b AND\n    ^");
	CHECK_STR(fmt("a \xff z", 5, 2), "a ? z\n  ^");
	CHECK_STR(fmt("a \x1b z", 5, 2), "a ? z\n  ^");
	CHECK_STR(fmt("a\0b", 3, 1), "a?b\n ^");
	/* By display width: ideographs and emoji are two columns wide, a
	 * combining mark none. */
	CHECK_STR(fmt("\xe5\x8d\x8e\xe4\xb8\xba AND (", 12, 11),
		  "\xe5\x8d\x8e\xe4\xb8\xba AND (\n         ^");
	CHECK_STR(fmt("\xf0\x9f\x94\xa5 x", 6, 5), "\xf0\x9f\x94\xa5 x\n   ^");
	CHECK_STR(fmt("e\xcc\x81t\xc3\xa9 AND", 10, 7),
		  "e\xcc\x81t\xc3\xa9 AND\n    ^");
	/* A long query of wide characters: the window is 72 columns. */
	for (i = 0, q[0] = '\0'; i < 100; i++)
		strcat(q, "\xe5\x8d\x8e");
	strcat(q, " AND (");
	out = fmt(q, strlen(q), strlen(q) - 1);
	nl = strchr(out, '\n');
	CHECK(nl && strncmp(out, "...", 3) == 0 && strncmp(nl - 6, " AND (", 6) == 0);
	/* 3 + 2 per ideograph shown + " AND (": the caret under '(' */
	CHECK(nl && strlen(nl + 1) == 3 + 2 * (size_t)(nl - 6 - out - 3) / 3 + 5 + 1);
	CHECK(nl && nl[strlen(nl) - 1] == '^');

	/* A long query shows a window around the caret. */
	for (i = 0; i < 150; i++) {
		size_t at = i ? strlen(q) : 0;

		snprintf(q + at, sizeof(q) - at, "%sw%03zu", i ? " " : "", i);
		if (i == 120)
			pos = at + 1;
	}
	out = fmt(q, strlen(q), pos);
	nl = strchr(out, '\n');
	CHECK(nl != NULL);
	CHECK(strncmp(out, "...", 3) == 0);
	if (nl) {
		size_t caret = strlen(nl + 1) - 1, width = (size_t)(nl - out);

		CHECK(nl[1 + caret] == '^');
		CHECK(caret < width);
		CHECK(strncmp(out + caret, "w120", 4) == 0);
		CHECK(width <= 72 + 6);
		CHECK(strncmp(nl - 3, "...", 3) == 0);
	}
	/* Near the start: no leading "...". */
	out = fmt(q, strlen(q), 5);
	CHECK(strncmp(out, "w000 w001", 9) == 0);
	nl = strchr(out, '\n');
	CHECK(nl && strcmp(nl, "\n     ^") == 0);
	/* At the end: no trailing "...", caret after the last character. */
	out = fmt(q, strlen(q), strlen(q));
	nl = strchr(out, '\n');
	CHECK(nl && strncmp(nl - 4, "w149", 4) == 0);
	CHECK(nl && nl[1 + (size_t)(nl - out)] == '^');

	e.pos = 0;
	CHECK_INT(query_format_error("huawei AND", 10, &e, buf, 8), -1);
	CHECK_STR(buf, "huawei ");
	CHECK_INT(query_format_error("huawei AND", 10, &e, buf, 0), -1);
	CHECK_INT(query_format_error("huawei", 6, &e, buf, sizeof(buf)), 8);
}

/* ------------------------------------------------------------- to_string */

static void test_to_string(void)
{
	struct query_tree *t;
	char buf[64];

	CHECK_INT(query_to_string(NULL, buf, sizeof(buf)), 6);
	CHECK_STR(buf, "(NULL)");
	if (parse_tree(&t, "huawei AND zte", 0)) {
		CHECK_INT(query_to_string(query_root(t), buf, sizeof(buf)), 30);
		CHECK_INT(query_to_string(query_root(t), buf, 10), -1);
		CHECK_STR(buf, "(AND (WOR");
		CHECK_INT(query_to_string(query_root(t), buf, 0), -1);
	}
	query_free(t);
}

/* ---------------------------------------------------------------- limits */

/* n copies of s, malloc'd, with *len. */
static char *repeat(const char *s, size_t n, const char *tail, size_t *len)
{
	size_t sl = strlen(s), tl = strlen(tail), i;
	char *b = malloc(sl * n + tl + 1);

	if (!b)
		return NULL;
	for (i = 0; i < n; i++)
		memcpy(b + i * sl, s, sl);
	memcpy(b + n * sl, tail, tl + 1);
	*len = sl * n + tl;
	return b;
}

static void test_limits(void)
{
	char want[128];
	char *q, *p, *q2;
	size_t len, i;

	/* Query length. */
	q = repeat("a", QUERY_MAX_BYTES + 1, "", &len);
	if (q) {
		snprintf(want, sizeof(want), "ERROR %d query too long (%d "
			 "bytes, at most %d)", QUERY_MAX_BYTES,
			 QUERY_MAX_BYTES + 1, QUERY_MAX_BYTES);
		CHECK_STR(parse_str(q, len, 0), want);
		/* One huge word is fine here (the shim caps word length). */
		struct query_tree *t;
		struct query_error e;

		CHECK_INT(query_parse(q, len - 1, 0, &t, &e), 0);
		if (t) {
			CHECK(query_root(t)->op == SHIM_Q_WORD);
			CHECK_INT(strlen(query_root(t)->text), len - 1);
		}
		query_free(t);
	}
	free(q);

	/* 100,000 terms: refused, by length. */
	q = repeat("a ", 100000, "", &len);
	if (q)
		CHECK(strncmp(parse_str(q, len, 0), "ERROR 65536 query too "
			      "long", 22) == 0);
	free(q);

	/* Terms: 1000 pass, the 1001st is refused where it stands. */
	q = repeat("a ", QUERY_MAX_TERMS, "", &len);
	if (q) {
		struct query_tree *t;

		CHECK(parse_tree(&t, q, 0) != NULL);
		CHECK(t && query_root(t)->nkids == QUERY_MAX_TERMS);
		query_free(t);
	}
	free(q);
	snprintf(want, sizeof(want), "ERROR %d too many terms (at most %d)",
		 2 * QUERY_MAX_TERMS, QUERY_MAX_TERMS);
	q = repeat("a ", QUERY_MAX_TERMS + 1, "", &len);
	if (q)
		CHECK_STR(parse_str(q, len, 0), want);
	free(q);
	q = repeat("a ", 30000, "", &len);	/* 60 KB of terms */
	if (q)
		CHECK_STR(parse_str(q, len, QUERY_ANY), want);
	free(q);
	q = repeat("ab NEAR ", QUERY_MAX_TERMS, "ab", &len);
	if (q) {
		snprintf(want, sizeof(want), "ERROR %zu too many terms (at "
			 "most %d)", len - 2, QUERY_MAX_TERMS);
		CHECK_STR(parse_str(q, len, 0), want);
	}
	free(q);
	q = repeat("\"a\" OR ", QUERY_MAX_TERMS, "date:2019", &len);
	if (q)
		CHECK(strstr(parse_str(q, len, 0), "too many terms") != NULL);
	free(q);

	/* Depth: 64 levels pass, the 65th '(' is refused. */
	q = repeat("(", QUERY_MAX_DEPTH, "a", &len);
	p = q ? repeat(")", QUERY_MAX_DEPTH, "", &i) : NULL;
	if (q && p) {
		char *both = malloc(len + i + 1);

		if (both) {
			memcpy(both, q, len);
			memcpy(both + len, p, i + 1);
			CHECK_STR(parse_str(both, len + i, 0), "(WORD a)");
			free(both);
		}
	}
	free(q);
	free(p);
	snprintf(want, sizeof(want), "ERROR %d parentheses nested too deep "
		 "(at most %d levels)", QUERY_MAX_DEPTH, QUERY_MAX_DEPTH);
	q = repeat("(", QUERY_MAX_DEPTH + 1, "a", &len);
	if (q)
		CHECK_STR(parse_str(q, len, 0), want);
	free(q);
	q = repeat("(", 10000, "", &len);
	if (q)
		CHECK_STR(parse_str(q, len, 0), want);
	free(q);
	q = repeat("title:(", 1000, "a", &len);
	if (q)
		CHECK(strncmp(parse_str(q, len, 0), "ERROR 454 parentheses "
			      "nested too deep", 36) == 0);
	q2 = repeat("title:(", 2, "a))", &len);
	if (q2)
		CHECK_STR(parse_str(q2, len, 0), "ERROR 7 fields cannot be "
			  "nested: 'title:' inside 'title:(...)'");
	free(q2);
	free(q);
	q = repeat(")", 16000, "", &len);
	if (q)
		CHECK_STR(parse_str(q, len, 0),
			  "ERROR 0 ')' without a matching '('");
	free(q);

	/* Long chains of prefixes and operators: loops, not recursion. */
	q = repeat("NOT ", 10000, "a", &len);
	if (q)
		CHECK_STR(parse_str(q, len, 0), "(WORD a)");
	free(q);
	q = repeat("NOT ", 10001, "a", &len);
	if (q)
		CHECK_STR(parse_str(q, len, 0), "(AND_NOT (ALL) (WORD a))");
	free(q);
	q = repeat("a OR ", 999, "a", &len);
	if (q) {
		struct query_tree *t;

		CHECK(parse_tree(&t, q, 0) != NULL);
		CHECK(t && query_root(t)->op == SHIM_Q_OR &&
		      query_root(t)->nkids == 1000);
		query_free(t);
	}
	free(q);
	q = repeat("\"\"", 30000, "", &len);
	if (q)
		CHECK_STR(parse_str(q, len, 0), "ERROR 0 empty phrase");
	free(q);
}

/* --------------------------------------------------- randomized inputs */

static uint32_t rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*s >> 33);
}

static void test_random(void)
{
	/* Mostly pieces of queries, now and then something hostile. */
	static const char *const bits[] = {
		"a", "huawei", "ncsc", "AND", "OR", "NOT", "XOR", "and", "or",
		"not", "xor", "NEAR", "NEAR/3", "ADJ", "ADJ/2", "(a OR b)",
		"+a", "-b", "NOT c", "ab*", "title:x", "org:NCSC", "date:2019",
		"date:2019-03..2020", "year:2019", "http://x", "\xc3\xa9",
		"U.S.", "back-door", "\"x y\"", "title:(a b)",
		"org:\"x y\"", "5G"
	};
	static const char *const hostile[] = {
		"\"", "*", "NEAR/0", "date:", "year:", "foo:", "2019-02-29",
		"..", ">=", ":", "\t", "\xff", "\0", "\x1b", "()", "date:x",
		"(", ")", "(a", "b)", "+", "-", "title:", "org:"
	};
	const size_t nbits = sizeof(bits) / sizeof(bits[0]);
	const size_t nhostile = sizeof(hostile) / sizeof(hostile[0]);
	uint64_t seed = 0x5eed;
	char q[512];
	long i, parsed = 0;

	for (i = 0; i < 100000; i++) {
		size_t len = 0, k, n = rnd(&seed) % 24;
		struct query_tree *t;
		struct query_error e;
		int raw = rnd(&seed) % 8 == 0;

		for (k = 0; k < n && len < sizeof(q) - 32; k++) {
			if (raw) {
				q[len++] = (char)(rnd(&seed) & 0xff);
			} else {
				const char *b = rnd(&seed) % 16 ?
						bits[rnd(&seed) % nbits] :
						hostile[rnd(&seed) % nhostile];
				size_t bl = *b ? strlen(b) : 1;

				memcpy(q + len, b, bl);
				len += bl;
				if (rnd(&seed) % 2)
					q[len++] = ' ';
			}
		}
		if (query_parse(q, len, rnd(&seed) % 2 ? QUERY_ANY : 0, &t,
				&e) == 0) {
			char buf[8192];

			parsed++;
			if (!tree_ok(query_root(t), len, 0)) {
				fprintf(stderr, "bad tree for %.*s\n", (int)len,
					q);
				check_failures++;
			}
			CHECK(query_to_string(query_root(t), buf,
					      sizeof(buf)) > 0);
			query_free(t);
		} else {
			char buf[512];

			if (e.pos > len || !e.msg[0]) {
				fprintf(stderr, "bad error for %.*s\n",
					(int)len, q);
				check_failures++;
			}
			CHECK(query_format_error(q, len, &e, buf,
						 sizeof(buf)) > 0);
		}
	}
	/* The generator must reach the parser's successful paths too. */
	CHECK(parsed > 10000);
}

int main(void)
{
	test_table();
	test_bytes();
	test_spans();
	test_format_error();
	test_to_string();
	test_limits();
	test_random();
	return CHECK_DONE();
}
