/*
 * read_text.c - the scraped-plain-text reader.
 *
 * A saved web page as text is one article wrapped in the page: navigation
 * and promos above the headline, bylines and dates under it, captions and
 * links inside it, bios, share rows and reader comments after it.  This
 * reader finds the headline, byline, date line and outlet from the page's
 * structure, marks them (and the page header above the headline) as taken,
 * and leaves the rest to the cleaner (clean.h), which keeps the article's
 * own paragraphs.  Body lines keep their 1-based line number and the byte
 * column where their text starts after leading white space.
 *
 * Pure function over the buffer (see the reader contract in article.h);
 * relies on clean.h for line classification and dates.h for date lines.
 * Linear in the input: runs of blank lines collapse to one entry, and at
 * most READ_TEXT_MAX_LINES non-blank lines are looked at (a warning says
 * so when a hostile file has more).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clean.h"
#include "dates.h"
#include "readers.h"

#define READ_TEXT_MAX_LINES (1u << 18)
#define META_SCAN_LINES 40	/* non-blank lines searched for title/date */
#define META_MAX_BYTES 300	/* longer lines are never meta lines */

struct text {
	struct clean_line *l;
	unsigned char *v;
	size_t n;
	const clean_cues_t *cues;
};

static void fail(const struct reader_ctx *rc, const char *msg)
{
	if (rc->err && rc->errlen)
		snprintf(rc->err, rc->errlen, "%s", msg);
}

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Splits buf into trimmed lines; blank runs become one empty entry. */
static int text_split(struct text *t, const char *buf, size_t len,
		      const struct reader_ctx *rc)
{
	size_t i = 0, cap = 0, nonblank = 0;
	uint32_t lineno = 0;

	while (i < len) {
		size_t s = i, e, b;

		while (i < len && buf[i] != '\n')
			i++;
		e = i;
		if (i < len)
			i++;
		if (lineno == UINT32_MAX)
			break;
		lineno++;
		b = s;
		while (b < e && is_ws((unsigned char)buf[b]))
			b++;
		/* a no-break space indents too */
		while (b + 1 < e && (unsigned char)buf[b] == 0xC2 &&
		       (unsigned char)buf[b + 1] == 0xA0)
			b += 2;
		while (e > b && is_ws((unsigned char)buf[e - 1]))
			e--;
		if (b == e && t->n && t->l[t->n - 1].len == 0)
			continue;
		if (b != e && ++nonblank > READ_TEXT_MAX_LINES) {
			if (rc->warn)
				rc->warn(rc->ctx, lineno, "text has too many "
					 "lines; the rest is ignored");
			break;
		}
		if (t->n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			struct clean_line *nl;

			nl = realloc(t->l, nc * sizeof *nl);
			if (!nl)
				return -1;
			t->l = nl;
			cap = nc;
		}
		t->l[t->n].s = buf + b;
		t->l[t->n].len = e - b;
		t->l[t->n].line = lineno;
		t->l[t->n].col = (uint32_t)(b - s + 1);
		t->n++;
	}
	t->v = calloc(t->n ? t->n : 1, 1);
	return t->v ? 0 : -1;
}

/* ---- small word helpers over one line */

struct tok {
	const char *s;
	size_t len;
};

/* Next run of letters/digits (bytes >= 0x80 count as letters, except the
 * UTF-8 punctuation this reader cares about: dashes, quotes, bullets). */
static int tok_next(const char *s, size_t len, size_t *pos, struct tok *t)
{
	size_t i = *pos;

#define WORDCH(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') \
		   || ((c) >= '0' && (c) <= '9') || (c) >= 0x80)
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0xE2 && i + 2 < len) {	/* U+2000..U+2BFF */
			i += 3;
			continue;
		}
		if (c == 0xC2 && i + 1 < len) {	/* U+0080..U+00BF */
			i += 2;
			continue;
		}
		if (WORDCH(c))
			break;
		i++;
	}
	if (i >= len) {
		*pos = len;
		return 0;
	}
	t->s = s + i;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0xE2 || c == 0xC2 || !WORDCH(c))
			break;
		i++;
	}
#undef WORDCH
	t->len = (size_t)(s + i - t->s);
	*pos = i;
	return 1;
}

static int tok_is(const struct tok *t, const char *w)
{
	size_t n = strlen(w), k;

	if (t->len != n)
		return 0;
	for (k = 0; k < n; k++) {
		unsigned char c = (unsigned char)t->s[k];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if (c != (unsigned char)w[k])
			return 0;
	}
	return 1;
}

static int tok_in(const struct tok *t, const char *const *set)
{
	for (; *set; set++)
		if (tok_is(t, *set))
			return 1;
	return 0;
}

static int tok_digits(const struct tok *t)
{
	size_t k;

	for (k = 0; k < t->len; k++)
		if (t->s[k] < '0' || t->s[k] > '9')
			return 0;
	return t->len > 0;
}

static const char *const date_words[] = {
	"jan", "january", "feb", "february", "mar", "march", "apr", "april",
	"may", "jun", "june", "jul", "july", "aug", "august", "sep", "sept",
	"september", "oct", "october", "nov", "november", "dec", "december",
	"mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu",
	"thur", "thurs", "thursday", "fri", "friday", "sat", "saturday", "sun",
	"sunday", "am", "pm", "utc", "gmt", "bst", "cet", "cest", "est", "edt",
	"pst", "pdt", "cst", "cdt", "et", "pt", "ist", "jst", "hkt", "sgt",
	"updated", "update", "published", "posted", "modified", "last", "on",
	"at", "date", "first", "st", "nd", "rd", "th", "t", "z", "of",
	"created", "issued", "released", NULL
};

/* Is the line a date in 年 月 日 ("2019年5月16日"), with at most a short
 * label or weekday ("发布时间：", "星期四") of other three-byte characters
 * (ideographs, full-width punctuation and spaces) around it? */
static bool cjk_date_only(const char *s, size_t len)
{
	static const char *const units[] = {
		"\xe5\xb9\xb4", "\xe6\x9c\x88", "\xe6\x97\xa5" };
	bool unit = false;
	int other = 0;

	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		bool ok = false;
		if ((c >= '0' && c <= '9') || c == ' ' || c == '\t' || c == ':' || c == ',') {
			i++;
			continue;
		}
		if (c < 0xE3 || c > 0xEF || i + 3 > len)	/* not CJK */
			return false;
		for (size_t k = 0; k < 3 && !ok; k++)
			if (memcmp(s + i, units[k], 3) == 0)
				ok = unit = true;
		if (!ok && ++other > 8)
			return false;
		i += 3;
	}
	return unit;
}

/* A line that is mostly a date, with an optional label. */
static int is_date_line(const char *s, size_t len)
{
	struct date d;
	size_t pos = 0, other = 0, nw = 0;
	struct tok t;

	if (len > 120 || dates_parse(s, len, &d) != 0 || d.prec < DATE_MONTH)
		return 0;
	if (cjk_date_only(s, len))
		return 1;
	while (tok_next(s, len, &pos, &t)) {
		nw++;
		if (tok_digits(&t) || tok_in(&t, date_words))
			continue;
		/* "8th", "4:52pm" pieces */
		if (t.len <= 4 && t.s[0] >= '0' && t.s[0] <= '9')
			continue;
		other++;
	}
	return nw >= 2 && other <= 1;
}

/* Segments of a meta line: "By Jane Doe | March 3, 2019". */
static size_t next_segment(const char *s, size_t len, size_t pos,
			   size_t *b, size_t *e)
{
	size_t i = pos;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == '|')
			break;
		if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x94 ||	/* em dash */
		     (unsigned char)s[i + 2] == 0xA2))	/* bullet */
			break;
		if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xB7)
			break;
		i++;
	}
	*b = pos;
	*e = i;
	while (*b < *e && is_ws((unsigned char)s[*b]))
		(*b)++;
	while (*e > *b && is_ws((unsigned char)s[*e - 1]))
		(*e)--;
	if (i >= len)
		return len;
	return i + ((unsigned char)s[i] == '|' ? 1 :
		    (unsigned char)s[i] == 0xC2 ? 2 : 3);
}

static int set_trimmed(char **field, const char *s, size_t len)
{
	while (len && (is_ws((unsigned char)s[len - 1]) || s[len - 1] == ',' ||
		       s[len - 1] == ':'))
		len--;
	return article_set(field, s, len);
}

/* Byline and date lines near the top; they become META. */
static int find_meta_lines(struct text *t, struct article *a, size_t from,
			   size_t upto)
{
	size_t i, seen = 0;

	for (i = from; i < upto && seen < META_SCAN_LINES; i++) {
		const char *s = t->l[i].s;
		size_t len = t->l[i].len, pos = 0, b, e;
		int hit = 0, other = 0, whole = 0;

		if (!len || t->v[i] != CLEAN_BLANK)
			continue;
		seen++;
		if (len > META_MAX_BYTES)
			continue;
		if (clean_is_credit(t->cues, s, len))
			continue;
		/* "Jane Doe | Reporter" is one byline across a separator */
		if (!a->author) {
			const char *name;
			size_t nlen;

			if (clean_parse_byline(t->cues, s, len, &name, &nlen)) {
				if (article_set(&a->author, name, nlen))
					return -1;
				whole = 1;
			}
		}
		while (pos < len) {
			const char *name;
			size_t nlen;

			pos = next_segment(s, len, pos, &b, &e);
			if (b == e)
				continue;
			if (!a->author && clean_parse_byline(t->cues, s + b,
							     e - b, &name,
							     &nlen)) {
				if (article_set(&a->author, name, nlen))
					return -1;
				hit = 1;
			} else if (is_date_line(s + b, e - b)) {
				if (!a->date &&
				    set_trimmed(&a->date, s + b, e - b))
					return -1;
				hit = 1;
			} else if (clean_count_words(s + b, e - b) > 4) {
				other = 1;
			}
		}
		if (whole || (hit && !other))
			t->v[i] = CLEAN_META;
	}
	return 0;
}

/* Long sentence-like prose (not a photo caption): the article has begun. */
static int is_prose(const struct text *t, const char *s, size_t len)
{
	size_t w;

	if (len > 2000)
		return 1;
	if (clean_is_credit(t->cues, s, len))
		return 0;
	w = clean_count_words(s, len);
	return w >= 20 || (w >= 12 && (s[len - 1] == '.' ||
				       s[len - 1] == '?' ||
				       s[len - 1] == '!'));
}

/* Words of s that are site-furniture cues (menu, share, subscribe...). */
static int furniture_words(const struct text *t, const char *s, size_t len,
			   int actions)
{
	size_t pos = 0;
	struct tok w;
	int furn = 0;

	while (tok_next(s, len, &pos, &w)) {
		if (clean_cues_has(t->cues, CLEAN_CUE_CHROME, w.s, w.len) ||
		    clean_cues_has(t->cues, CLEAN_CUE_SOCIAL, w.s, w.len) ||
		    clean_cues_has(t->cues, CLEAN_CUE_COMMENT, w.s, w.len) ||
		    clean_cues_has(t->cues, CLEAN_CUE_PROMO, w.s, w.len) ||
		    (actions && clean_cues_has(t->cues, CLEAN_CUE_ACTION, w.s,
					       w.len)))
			furn++;
	}
	return furn;
}

static int title_like(const struct text *t, size_t i)
{
	const char *s = t->l[i].s;
	size_t len = t->l[i].len, w, pos = 0;
	unsigned char last = (unsigned char)s[len - 1];
	struct tok first;
	int furn = 0;

	if (len > 250)
		return 0;
	w = clean_count_words(s, len);
	if (w < 3 || w > 25)
		return 0;
	if (last == '.' || last == ':' || last == ',' || last == ';')
		return 0;
	if (clean_is_credit(t->cues, s, len))
		return 0;
	if (tok_next(s, len, &pos, &first)) {
		const unsigned char c = (unsigned char)first.s[0];

		if (first.s != s && (s[0] == '-' || s[0] == '*' ||
				     (unsigned char)s[0] == 0xE2))
			return 0;	/* a list item */
		if (c >= 'a' && c <= 'z')
			return 0;
		if (w <= 6 && clean_cues_has(t->cues, CLEAN_CUE_ACTION,
					     first.s, first.len))
			return 0;
	}
	/* site furniture words make up much of it */
	furn = furniture_words(t, s, len, 1);
	return (size_t)furn * 3 < w;
}

/* The headline: a line of its own (or followed by its byline/date) near
 * the top, before the article's prose starts.  Returns its index or n. */
static size_t find_title(const struct text *t)
{
	size_t i, seen = 0;

	for (i = 0; i < t->n && seen < META_SCAN_LINES; i++) {
		const struct clean_line *l = &t->l[i];
		int starts_block, ends_block;

		if (!l->len)
			continue;
		seen++;
		if (t->v[i] == CLEAN_META)
			continue;
		if (is_prose(t, l->s, l->len))
			break;
		starts_block = i == 0 || t->l[i - 1].len == 0 ||
			       t->v[i - 1] == CLEAN_META;
		ends_block = i + 1 >= t->n || t->l[i + 1].len == 0 ||
			     t->v[i + 1] == CLEAN_META;
		if (starts_block && ends_block && title_like(t, i))
			return i;
	}
	return t->n;
}

static int same_text(const struct clean_line *a, const char *s, size_t len)
{
	return a->len == len && !memcmp(a->s, s, len);
}

/* The outlet from a copyright line: "© 2019 Outlet Ltd. All rights ...". */
static int source_from_copyright(const char *s, size_t len, const char **name,
				 size_t *nlen)
{
	static const char *const suffix[] = {
		"ltd", "limited", "inc", "llc", "plc", "corp", "corporation",
		"gmbh", "co", "sa", "ag", "pty", "llp", NULL
	};
	size_t pos = 0, start = 0, end = 0, nw = 0, mark = 0, save;
	struct tok t;

	if (len > META_MAX_BYTES)
		return 0;
	if (len >= 2 && (unsigned char)s[0] == 0xC2 &&
	    (unsigned char)s[1] == 0xA9) {
		mark = 2;
	} else if (len >= 3 && (s[0] == '(' && (s[1] == 'c' || s[1] == 'C') &&
				s[2] == ')')) {
		mark = 3;
	} else {
		if (!tok_next(s, len, &pos, &t) || !tok_is(&t, "copyright"))
			return 0;
		mark = pos;
	}
	pos = mark;
	/* skip "©", years and year ranges */
	for (;;) {
		save = pos;
		if (!tok_next(s, len, &pos, &t))
			return 0;
		if (tok_digits(&t) || tok_is(&t, "copyright") || tok_is(&t, "c"))
			continue;
		pos = save;
		break;
	}
	while (pos < len && (is_ws((unsigned char)s[pos]) ||
			     (unsigned char)s[pos] == 0xC2 ||
			     (unsigned char)s[pos] == 0xA9 || s[pos] == '-'))
		pos++;
	start = pos;
	while (tok_next(s, len, &pos, &t)) {
		unsigned char c = (unsigned char)t.s[0];
		size_t gap = (size_t)(t.s - s) - (end ? end : start);
		size_t k;

		if (tok_is(&t, "all") || tok_is(&t, "rights") ||
		    tok_in(&t, suffix))
			break;
		if (end) {
			for (k = end; k < (size_t)(t.s - s); k++)
				if (s[k] == '.' || s[k] == ',' ||
				    s[k] == '|' || s[k] == ';')
					gap = 99;
			if (gap > 3)
				break;
		}
		if (!nw && !((c >= 'A' && c <= 'Z') || c >= 0x80 ||
			     (c >= '0' && c <= '9')))
			return 0;
		end = (size_t)(t.s - s) + t.len;
		if (++nw > 6)
			return 0;
	}
	if (!nw)
		return 0;
	*name = s + start;
	*nlen = end - start;
	return 1;
}

/* The copyright holder is often the masthead plus a company word ("The
 * Ledger Media Inc" under a "The Ledger" masthead): prefer the masthead
 * when one of the first lines is a prefix of the holder's name. */
static int source_prefer_masthead(const struct text *t, struct article *a,
				  const char *name, size_t nlen)
{
	size_t i, seen = 0;

	for (i = 0; i < t->n && seen < 5; i++) {
		const struct clean_line *l = &t->l[i];

		if (!l->len)
			continue;
		seen++;
		if (l->len < nlen && !strncasecmp(l->s, name, l->len) &&
		    name[l->len] == ' ')
			return article_set(&a->source, name, l->len);
	}
	return article_set(&a->source, name, nlen);
}

static int find_source(const struct text *t, struct article *a)
{
	size_t i, first = 0, lastn = 0;

	/* the last copyright line of the page */
	for (i = t->n; i-- > 0;) {
		const char *name;
		size_t nlen;

		const char *s = t->l[i].s;
		size_t len = t->l[i].len, k;

		if (!len || len > META_MAX_BYTES)
			continue;
		for (k = 0; k < len; k++) {
			if (((unsigned char)s[k] == 0xC2 ||
			     s[k] == '(' || s[k] == 'C' || s[k] == 'c') &&
			    (k == 0 || s[k - 1] == ' ') &&
			    source_from_copyright(s + k, len - k, &name,
						  &nlen))
				return source_prefer_masthead(t, a, name,
							      nlen);
		}
	}
	/* a short site-name line at the top that the foot repeats */
	for (i = 0; i < t->n && first < 5; i++) {
		const struct clean_line *l = &t->l[i];
		size_t w, j, k;
		unsigned char last;

		if (!l->len)
			continue;
		first++;
		if (l->len > 80 || clean_is_credit(t->cues, l->s, l->len))
			continue;
		w = clean_count_words(l->s, l->len);
		last = (unsigned char)l->s[l->len - 1];
		if (w < 1 || w > 5 || last == '.' || last == '!' ||
		    last == '?' || last == ':' ||
		    furniture_words(t, l->s, l->len, 0))
			continue;
		for (j = t->n, lastn = 0; j-- > i + 1 && lastn < 15;) {
			if (!t->l[j].len)
				continue;
			lastn++;
			if (t->l[j].len != l->len)
				continue;
			for (k = 0; k < l->len; k++) {
				unsigned char x = (unsigned char)l->s[k];
				unsigned char y = (unsigned char)t->l[j].s[k];

				if (x >= 'A' && x <= 'Z')
					x = (unsigned char)(x + 32);
				if (y >= 'A' && y <= 'Z')
					y = (unsigned char)(y + 32);
				if (x != y)
					break;
			}
			if (k == l->len && j > i + 2)
				return article_set(&a->source, l->s, l->len);
		}
	}
	return 0;
}

/* "Jane Doe is a reporter ..." opening a bio paragraph. */
static int author_from_bio(const struct text *t, struct article *a)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		const char *s = t->l[i].s;
		size_t len = t->l[i].len, pos = 0, nw = 0, end = 0;
		struct tok w;

		if (t->v[i] != CLEAN_BIO)
			continue;
		while (tok_next(s, len, &pos, &w)) {
			unsigned char c = (unsigned char)w.s[0];

			if (nw >= 2 && (tok_is(&w, "is") || tok_is(&w, "was") ||
					tok_is(&w, "has") ||
					tok_is(&w, "writes") ||
					tok_is(&w, "covers") ||
					tok_is(&w, "s")))
				return article_set(&a->author, s, end);
			if (!(c >= 'A' && c <= 'Z') || ++nw > 3)
				break;
			end = (size_t)(w.s - s) + w.len;
		}
		return 0;
	}
	return 0;
}

/* Starts a new paragraph between two kept lines of one block unless the
 * second continues a hard-wrapped first. */
static int wrapped(const struct clean_line *p, const struct clean_line *c)
{
	unsigned char l = (unsigned char)p->s[p->len - 1];
	unsigned char f = (unsigned char)c->s[0];

	if (f >= 'a' && f <= 'z')
		return 1;
	return p->len >= 40 && l != '.' && l != '!' && l != '?' && l != ':' &&
	       l != '"';
}

static int text_body(const struct text *t, struct body *b)
{
	size_t i;
	const struct clean_line *prev = NULL;

	for (i = 0; i < t->n; i++) {
		const struct clean_line *l = &t->l[i];

		size_t keep = t->v[i] == CLEAN_CAPTION ?
			clean_caption_text(t->cues, l->s, l->len) : 0;
		if (keep) {
			if (body_end_paragraph(b) ||
			    body_add_line(b, l->s, keep, l->line, l->col) ||
			    body_end_paragraph(b))
				return -1;
			prev = NULL;
			continue;
		}
		if (t->v[i] != CLEAN_KEEP) {
			if (!l->len || t->v[i] != CLEAN_BLANK)
				prev = NULL;
			if (body_end_paragraph(b))
				return -1;
			continue;
		}
		if (prev && !wrapped(prev, l) && body_end_paragraph(b))
			return -1;
		if (body_add_line(b, l->s, l->len, l->line, l->col))
			return -1;
		prev = l;
	}
	/* no trailing paragraph break */
	while (b->nlines && b->lines[b->nlines - 1].len == 0) {
		b->nlines--;
		b->len = b->nlines ? b->lines[b->nlines - 1].off +
				     b->lines[b->nlines - 1].len : 0;
		if (b->s)
			b->s[b->len] = '\0';
	}
	return 0;
}

int read_text(const char *buf, size_t len, const struct reader_ctx *rc)
{
	struct text t;
	struct article a;
	size_t title, i, prose;
	int r = -1;
	char cerr[128] = "";

	memset(&t, 0, sizeof t);
	memset(&a, 0, sizeof a);
	t.cues = clean_cues_builtin();
	if (len > ARTICLE_MAX_BYTES) {
		fail(rc, "text over the article size cap");
		return -1;
	}
	if (text_split(&t, buf, len, rc))
		goto oom;
	for (i = 0; i < t.n && !t.l[i].len; i++)
		;
	if (i == t.n) {
		/* nothing but white space: no article here */
		free(t.l);
		free(t.v);
		return 0;
	}
	a.format = ARTICLE_FMT_TEXT;
	a.record = 1;
	a.first_line = 1;
	/* Bylines and dates sit above the second paragraph of prose (the
	 * first may be a standfirst). */
	for (prose = 0, i = 0; prose < t.n; prose++)
		if (t.l[prose].len &&
		    is_prose(&t, t.l[prose].s, t.l[prose].len) && ++i == 2)
			break;
	if (find_meta_lines(&t, &a, 0, prose))
		goto oom;
	title = find_title(&t);
	if (title < t.n) {
		if (article_set(&a.title, t.l[title].s, t.l[title].len))
			goto oom;
		/* everything above the headline is the page's header, except
		 * the byline/date lines already taken */
		for (i = 0; i < title; i++)
			if (t.l[i].len && t.v[i] != CLEAN_META)
				t.v[i] = CLEAN_HEADER;
		t.v[title] = CLEAN_META;
		/* the headline repeated (breadcrumbs, share text) */
		for (i = title + 1; i < t.n; i++)
			if (same_text(&t.l[i], t.l[title].s, t.l[title].len))
				t.v[i] = CLEAN_META;
	}
	if (find_source(&t, &a))
		goto oom;
	if (clean_classify(t.l, t.n, t.cues, t.v, NULL, cerr, sizeof cerr))
		goto oom;
	if (!a.author && author_from_bio(&t, &a))
		goto oom;
	if (text_body(&t, &a.body))
		goto oom;
	free(t.l);
	free(t.v);
	r = rc->emit(rc->ctx, &a);
	article_clear(&a);
	return r;
oom:
	fail(rc, "out of memory");
	free(t.l);
	free(t.v);
	article_clear(&a);
	return -1;
}
