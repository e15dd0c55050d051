/*
 * answer.c - one query through the parser and the shim into a struct
 * answer that every renderer reads: hits with their records, snippets and
 * positions, facets, a spelling suggestion, the time taken, or an error
 * with a code, a message and where in the query it went wrong.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "query.h"
#include "searcher.h"

#define WILDCARD_MAX 1000
/* Matches are counted exactly up to this many: the last few candidates
 * cost little (a floor of 30 adds about 5% to the bench's p50, of 100
 * about 20%), and a short list says "18", not "about 20". */
#define EXACT_TOTAL_MIN 32
#define ANSWER_TRIES 3

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

const char *answer_status_code(shim_status_t st)
{
	switch (st) {
	case SHIM_BAD_QUERY: return "bad_query";
	case SHIM_TOO_BIG: return "too_big";
	case SHIM_NOT_FOUND: return "not_found";
	case SHIM_NOT_INDEX: return "no_index";
	case SHIM_VERSION: return "index_version";
	case SHIM_RETRY: return "retry";
	case SHIM_CORRUPT: return "corrupt_index";
	default: return "error";
	}
}

/* Splits the shim's \x01...\x02 markers out of s into spans. */
static void take_spans(struct hit *h, char *s)
{
	size_t o = 0, cap = 0, start = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '\x01') {
			start = o;
			continue;
		}
		if (s[i] == '\x02') {
			if (h->nspans == cap) {
				size_t c = cap ? cap * 2 : 4;
				size_t (*v)[2] = realloc(h->spans, c * sizeof *v);
				if (!v)
					continue;
				h->spans = v;
				cap = c;
			}
			h->spans[h->nspans][0] = start;
			h->spans[h->nspans][1] = o;
			h->nspans++;
			continue;
		}
		s[o++] = s[i];
	}
	s[o] = '\0';
	h->snippet = s;
}

#define ELLIPSIS "\xe2\x80\xa6"
#define EDGE_BYTES 24	/* compared to tell where a snippet ends */

static bool blank(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' ||
	       c == '\x01' || c == '\x02';
}

/* Byte k of x (len bytes), counted from its end when from_end. */
static char nth(const char *x, size_t len, size_t k, bool from_end)
{
	return from_end ? x[len - 1 - k] : x[k];
}

/* Do the first (or, at_end, the last) EDGE_BYTES non-blank bytes of
 * snippet s equal those of the window w, highlight marks and blanks
 * skipped?  Then the snippet runs to that edge of the window. */
static bool same_edge(const char *s, size_t n, const char *w, size_t m,
		      bool at_end)
{
	size_t i = 0, j = 0;

	for (int k = 0; k < EDGE_BYTES; k++, i++, j++) {
		while (i < n && blank(nth(s, n, i, at_end)))
			i++;
		while (j < m && blank(nth(w, m, j, at_end)))
			j++;
		if (i == n || j == m)
			return i == n;	/* all of the snippet matched */
		if (nth(s, n, i, at_end) != nth(w, m, j, at_end))
			return false;
	}
	return true;
}

/*
 * The generator marks "…" where it cuts the text it was given short of a
 * sentence's end.  Given a window cut out of a longer text, it takes the
 * window's edges for the text's: where the snippet runs to an edge that
 * was cut (before: the window starts past the text's start; after: it ends
 * before the text's end), the mark goes there too.  Frees s; NULL when out
 * of memory.
 */
static char *with_ellipses(char *s, const char *w, size_t m, bool before,
			   bool after)
{
	size_t n = strlen(s), e = sizeof ELLIPSIS - 1;
	char *o;

	before = before && strncmp(s, ELLIPSIS, e) != 0 &&
		 same_edge(s, n, w, m, false);
	after = after && (n < e || strcmp(s + n - e, ELLIPSIS) != 0) &&
		same_edge(s, n, w, m, true);
	if (!before && !after)
		return s;
	o = malloc(n + 2 * e + 1);
	if (o) {
		size_t k = 0;
		if (before) {
			memcpy(o, ELLIPSIS, e);
			k = e;
		}
		memcpy(o + k, s, n);
		k += n;
		if (after) {
			memcpy(o + k, ELLIPSIS, e);
			k += e;
		}
		o[k] = '\0';
	}
	free(s);
	return o;
}

/* Builds the corrected query by replacing, from the right, each misspelt
 * plain word (node pos/len) by its suggestion. */
struct fix {
	size_t pos, len;
	char *word;
};

/* The length of a quote or other punctuation (ASCII, or “ ” ‘ ’ « »)
 * at the start of s (n bytes), or with at_end at its end; 0 when none. */
static size_t edge_mark(const char *s, size_t n, bool at_end)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n >= 3) {
		const unsigned char *q = at_end ? u + n - 3 : u;
		if (q[0] == 0xE2 && q[1] == 0x80 && q[2] >= 0x98 && q[2] <= 0x9F)
			return 3;
	}
	if (n >= 2) {
		const unsigned char *q = at_end ? u + n - 2 : u;
		if (q[0] == 0xC2 && (q[1] == 0xAB || q[1] == 0xBB))
			return 2;
	}
	return n && ispunct(at_end ? u[n - 1] : u[0]) ? 1 : 0;
}

static void add_fix(struct fix *fx, size_t *nfx, size_t pos, size_t len, char *word)
{
	fx[*nfx].pos = pos;
	fx[*nfx].len = len;
	fx[*nfx].word = word;
	(*nfx)++;
}

/* Text a spelling correction is for: the body's and the title's. */
static bool spelled(int field)
{
	return field < 0 || field == SHIM_FIELD_BODY || field == SHIM_FIELD_TITLE;
}

/* The words of a phrase, each corrected where the dictionary has a
 * correction (malloc'd), or NULL when none has one. */
static char *fixed_phrase(shim_reader_t *r, const char *text)
{
	size_t cap = strlen(text) * 2 + 64, o = 0;
	char *out = malloc(cap), *copy = strdup(text), *save = NULL;
	bool any = false;

	if (!out || !copy) {
		free(out);
		free(copy);
		return NULL;
	}
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		char *s = shim_reader_suggest(r, w);
		const char *put = s ? s : w;
		size_t n = strlen(put);
		if (o + n + 2 > cap) {
			char *v = realloc(out, cap = (o + n + 2) * 2);
			if (!v) {
				free(s);
				any = false;
				break;
			}
			out = v;
		}
		if (o)
			out[o++] = ' ';
		memcpy(out + o, put, n);
		o += n;
		any = any || s;
		free(s);
	}
	free(copy);
	if (!any) {
		free(out);
		return NULL;
	}
	out[o] = '\0';
	return out;
}

static void collect_fixes(shim_reader_t *r, const char *q, const struct shim_qnode *n,
			  struct fix *fx, size_t *nfx, size_t max)
{
	if (!n || *nfx >= max)
		return;
	if (n->op == SHIM_Q_WORD && spelled(n->field) && n->text) {
		/* a field's value ends its node: "title:huwei"; quotes
		 * around the word ('huwei', “huwei”) stay where they are */
		size_t tl = strlen(n->text), at = n->pos + n->len - tl;
		char *s = NULL;
		if (n->len >= tl && memcmp(q + at, n->text, tl) == 0) {
			size_t a = 0, b = tl, k;
			while (a < b && (k = edge_mark(n->text + a, b - a, false)))
				a += k;
			while (b > a && (k = edge_mark(n->text + a, b - a, true)))
				b -= k;
			at += a;
			tl = b - a;
			char *w = tl ? strndup(n->text + a, tl) : NULL;
			s = w ? shim_reader_suggest(r, w) : NULL;
			free(w);
		}
		if (s)
			add_fix(fx, nfx, at, tl, s);
	}
	size_t from, len;
	if (n->op == SHIM_Q_PHRASE && spelled(n->field) && n->text &&
	    query_phrase_inner(q, n, &from, &len) == 0) {
		/* what is between the quotes, blanks as the phrase has them */
		char *s = fixed_phrase(r, n->text);
		if (s)
			add_fix(fx, nfx, from, len, s);
	}
	for (size_t i = 0; i < n->nkids; i++)
		collect_fixes(r, q, n->kids[i], fx, nfx, max);
}

static int fix_cmp(const void *a, const void *b)
{
	const struct fix *x = a, *y = b;
	return x->pos < y->pos ? 1 : x->pos > y->pos ? -1 : 0;
}

/* Must every word of n match for n to?  Then a word that finds nothing
 * leaves the answer empty.  Not so under OR ("huwei backdoor" with
 * --any), an AND_MAYBE's optional words, what NOT takes away, XOR. */
static bool all_required(const struct shim_qnode *n)
{
	if (!n || n->op != SHIM_Q_AND)
		return !n || (n->op != SHIM_Q_OR && n->op != SHIM_Q_XOR &&
			      n->op != SHIM_Q_AND_NOT && n->op != SHIM_Q_AND_MAYBE);
	for (size_t i = 0; i < n->nkids; i++)
		if (!all_required(n->kids[i]))
			return false;
	return true;
}

static char *corrected(shim_reader_t *r, const char *q, const struct shim_qnode *root)
{
	struct fix fx[32];
	size_t nfx = 0;
	char *out;

	collect_fixes(r, q, root, fx, &nfx, 32);
	if (!nfx)
		return NULL;
	qsort(fx, nfx, sizeof *fx, fix_cmp);
	out = strdup(q);
	for (size_t i = 0; i < nfx; i++) {
		if (out && fx[i].pos + fx[i].len <= strlen(out)) {
			size_t ol = strlen(out), wl = strlen(fx[i].word);
			char *v = malloc(ol - fx[i].len + wl + 1);
			if (v) {
				memcpy(v, out, fx[i].pos);
				memcpy(v + fx[i].pos, fx[i].word, wl);
				strcpy(v + fx[i].pos + wl, out + fx[i].pos + fx[i].len);
			}
			free(out);
			out = v;
		}
		free(fx[i].word);
	}
	return out;
}

/* Loads a's hits from a->res: records, text, snippets.  The number whose
 * text could not be read (0 when all were), or -1 when out of memory. */
static int load_hits(struct answer *a, const struct search_opts *o)
{
	int exact, failed = 0;

	shim_results_total(a->res, &a->total, &exact);
	a->exact = exact != 0;
	a->nhits = shim_results_count(a->res);
	a->hits = calloc(a->nhits ? a->nhits : 1, sizeof *a->hits);
	if (!a->hits)
		return -1;
	size_t nwords;
	const char *const *words = shim_results_words(a->res, &nwords);
	const unsigned *groups = shim_results_word_groups(a->res, &nwords);
	struct hit_words *hw = NULL;	/* 8 KB: not on the stack */
	if (!o->no_text) {
		hw = malloc(sizeof *hw);
		if (!hw || hit_words_init(hw, words, groups, nwords) != 0) {
			free(hw);
			return -1;
		}
	}
	for (size_t i = 0; i < a->nhits; i++) {
		struct hit *h = &a->hits[i];
		shim_results_hit(a->res, i, &h->h);
		if (hit_load(h, a->res, i, hw, !o->no_text) != 0) {
			failed++;
			continue;
		}
		if (!h->text)
			continue;
		/* The snippet comes from a window around the best match
		 * (hit_load()): a speech or a long report is tens of
		 * kilobytes. */
		size_t from, to;
		char *s = NULL;
		hit_window(h->text, h->textlen, !h->text_whole, h->snippet_off, &from, &to);
		if (shim_results_snippet(a->res, i, h->text + from, to - from,
					 SNIPPET_BYTES, "\x01", "\x02", 0, &s) == SHIM_OK && s) {
			s = with_ellipses(s, h->text + from, to - from, from > 0,
					  to < h->textlen || !h->text_whole);
			if (s)
				take_spans(h, s);
		}
	}
	if (hw)
		hit_words_free(hw);
	free(hw);
	return failed;
}

/* Undoes load_hits() and the search, for another try. */
static void drop_hits(struct answer *a)
{
	for (size_t i = 0; a->hits && i < a->nhits; i++)
		hit_free(&a->hits[i]);
	free(a->hits);
	a->hits = NULL;
	a->nhits = 0;
	shim_results_free(a->res);
	a->res = NULL;
}

int answer_run(shim_reader_t *r, const char *q, const struct search_opts *o,
	       struct answer *a)
{
	struct query_tree *tree = NULL;
	struct query_error qe;
	struct shim_search_opts so;
	const struct shim_qnode *root = NULL;
	double t0 = now_ms();
	size_t errpos = SIZE_MAX;
	shim_status_t st;

	memset(a, 0, sizeof *a);
	a->query = q;
	a->offset = o->offset;
	a->errpos = -1;
	if (q && (!o->like_id || *q)) {
		if (query_parse(q, strlen(q), o->any ? QUERY_ANY : 0, &tree, &qe) != 0) {
			a->status = SHIM_BAD_QUERY;
			a->code = "bad_query";
			snprintf(a->message, sizeof a->message, "%s", qe.msg);
			a->errpos = (long)qe.pos;
			return -1;
		}
		root = query_root(tree);
	}
	memset(&so, 0, sizeof so);
	so.offset = o->offset;
	so.limit = o->count_only ? 0 : o->limit;
	so.sort = o->sort;
	so.facets = o->facets;
	/* Sorted by date, every match is looked at anyway: count them
	 * all (measured: no slower), rather than estimate. */
	so.check_at_least = o->count_only || o->sort != SHIM_SORT_RELEVANCE
				    ? (size_t)-1 : o->offset + o->limit + 1;
	if (so.check_at_least < EXACT_TOTAL_MIN)
		so.check_at_least = EXACT_TOTAL_MIN;
	so.wildcard_max = WILDCARD_MAX;
	so.like_id = o->like_id;
	/* A writer that commits while the answer is read can discard the
	 * revision it reads (Xapian: "database modified", or a block read
	 * past the end): read the latest state and answer again, all of it,
	 * up to ANSWER_TRIES times. */
	for (int tries = 1;; tries++) {
		int failed = 0;
		st = shim_search(r, root, &so, &a->res, &errpos);
		if (st == SHIM_OK) {
			failed = load_hits(a, o);
			if (failed < 0) {
				a->status = SHIM_NOMEM;
				a->code = "error";
				snprintf(a->message, sizeof a->message, "out of memory");
				query_free(tree);
				return -1;
			}
		}
		if (tries == ANSWER_TRIES || (st == SHIM_OK && !failed) ||
		    (st != SHIM_OK && st != SHIM_RETRY && st != SHIM_IO))
			break;
		drop_hits(a);
		if ((st = shim_reader_reopen(r)) != SHIM_OK)
			break;
	}
	if (st != SHIM_OK) {
		a->status = st;
		a->code = answer_status_code(st);
		snprintf(a->message, sizeof a->message, "%s", shim_reader_error(r));
		a->errpos = errpos == SIZE_MAX ? -1 : (long)errpos;
		query_free(tree);
		return -1;
	}
	if (o->facets) {
		static const enum shim_field ff[] = { SHIM_FIELD_ORG, SHIM_FIELD_PERSON,
			SHIM_FIELD_PLACE, SHIM_FIELD_SOURCE, SHIM_FIELD_YEAR };
		a->has_facets = true;
		for (size_t k = 0; k < sizeof ff / sizeof *ff; k++) {
			size_t j = 0;
			while (j < 10 && shim_results_facet(a->res, ff[k], j,
							   &a->facets[ff[k]][j].value,
							   &a->facets[ff[k]][j].count))
				j++;
			a->nfacets[ff[k]] = j;
		}
	}
	/* Only an empty answer, or one that a word finding nothing may have
	 * left out of, asks the spelling dictionary: each lookup costs about
	 * a millisecond (and is made only for a word that finds nothing). */
	if (root && (a->total == 0 || !all_required(root)))
		a->suggestion = corrected(r, q, root);
	query_free(tree);
	a->ms = now_ms() - t0;
	return 0;
}

void answer_free(struct answer *a)
{
	for (size_t i = 0; i < a->nhits; i++)
		hit_free(&a->hits[i]);
	free(a->hits);
	free(a->suggestion);
	shim_results_free(a->res);
	memset(a, 0, sizeof *a);
}
