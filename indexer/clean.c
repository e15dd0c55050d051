/*
 * clean.c - the boilerplate and comment cleaner (see clean.h).
 *
 * Works in passes over "units": a unit is one paragraph as the page shows
 * it, that is one line, or several lines of one hard-wrapped paragraph.
 * Each unit gets features (words, sentence shape, share of function words,
 * cue-word hits, words that address the reader outside quotes) and a first
 * verdict; then context decides the ambiguous ones:
 *
 *   1. repeated short lines are site furniture, repeated paragraphs dups;
 *   2. a blank-separated block that is mostly furniture is all furniture;
 *   3. runs of three or more very short unpunctuated lines are menus;
 *   4. a "related" label takes the headline-like lines after it, and a
 *      long unpunctuated headline-like line inside the text is a link;
 *   5. the comment section starts at a comment header (or timestamp line)
 *      once enough of the article has gone by, and runs to the end;
 *   6. the tail before it is trimmed back to the last clean paragraph:
 *      promos, bios, lone list items, unpunctuated short lines; and a
 *      furniture block near the end takes the little that follows it.
 *
 * Before any of that, blocks of encoded data (base64 that a mail or a
 * page dump carried undecoded) are set aside: they are no paragraph, and
 * every line of one made a dozen junk terms.
 *
 * Nothing is dropped without a structural reason or a cue, so a clean
 * body keeps every line.  All passes are linear; memory is one small
 * struct per line.  Relies on article.h for struct body only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clean.h"

struct cue {
	const char *phrase;
	enum clean_cue_class cls;
};

/* Sorted by phrase (strcmp order; a phrase in two classes appears twice):
 * the same rows as data/boilerplate-cues.txt, which test_clean.c checks.
 * After editing the data file, regenerate with
 *   grep -v '^#' data/boilerplate-cues.txt | awk 'NF{c=$1; $1=""; sub(/^ /,"");
 *     print $0 "\t" c}' | LC_ALL=C sort | awk -F'\t'
 *     '{printf "\t{ \"%s\", CLEAN_CUE_%s },\n", $1, toupper($2)}'
 */
static const struct cue clean_builtin_rows[] = {
	{ "about us", CLEAN_CUE_CHROME },
	{ "accept", CLEAN_CUE_CHROME },
	{ "account", CLEAN_CUE_CHROME },
	{ "add", CLEAN_CUE_ACTION },
	{ "advertisement", CLEAN_CUE_CHROME },
	{ "advertising", CLEAN_CUE_CHROME },
	{ "also check", CLEAN_CUE_RELATED },
	{ "also like", CLEAN_CUE_RELATED },
	{ "also read", CLEAN_CUE_RELATED },
	{ "analyst", CLEAN_CUE_ROLE },
	{ "app", CLEAN_CUE_CHROME },
	{ "back to top", CLEAN_CUE_CHROME },
	{ "based in", CLEAN_CUE_BIO },
	{ "briefing", CLEAN_CUE_PROMO },
	{ "bureau", CLEAN_CUE_ROLE },
	{ "buy", CLEAN_CUE_ACTION },
	{ "buy", CLEAN_CUE_PROMO },
	{ "career", CLEAN_CUE_BIO },
	{ "check", CLEAN_CUE_ACTION },
	{ "chief", CLEAN_CUE_ROLE },
	{ "click", CLEAN_CUE_ACTION },
	{ "columnist", CLEAN_CUE_BIO },
	{ "columnist", CLEAN_CUE_ROLE },
	{ "comment", CLEAN_CUE_COMMENT },
	{ "comments", CLEAN_CUE_COMMENT },
	{ "connect", CLEAN_CUE_ACTION },
	{ "contact", CLEAN_CUE_CHROME },
	{ "continue", CLEAN_CUE_ACTION },
	{ "contributing", CLEAN_CUE_ROLE },
	{ "contributor", CLEAN_CUE_BIO },
	{ "contributor", CLEAN_CUE_ROLE },
	{ "conversation", CLEAN_CUE_COMMENT },
	{ "cookie", CLEAN_CUE_CHROME },
	{ "cookies", CLEAN_CUE_CHROME },
	{ "copy link", CLEAN_CUE_CHROME },
	{ "copyright", CLEAN_CUE_CHROME },
	{ "correspondent", CLEAN_CUE_BIO },
	{ "correspondent", CLEAN_CUE_ROLE },
	{ "coupon", CLEAN_CUE_PROMO },
	{ "covering", CLEAN_CUE_BIO },
	{ "covers", CLEAN_CUE_BIO },
	{ "credit", CLEAN_CUE_CREDIT },
	{ "deal", CLEAN_CUE_PROMO },
	{ "deals", CLEAN_CUE_PROMO },
	{ "deputy", CLEAN_CUE_ROLE },
	{ "discount", CLEAN_CUE_PROMO },
	{ "discover", CLEAN_CUE_ACTION },
	{ "discussion", CLEAN_CUE_COMMENT },
	{ "download", CLEAN_CUE_ACTION },
	{ "editor", CLEAN_CUE_BIO },
	{ "editor", CLEAN_CUE_ROLE },
	{ "editorial", CLEAN_CUE_ROLE },
	{ "email", CLEAN_CUE_CHROME },
	{ "enter", CLEAN_CUE_ACTION },
	{ "enthusiast", CLEAN_CUE_BIO },
	{ "exclusive", CLEAN_CUE_PROMO },
	{ "experience", CLEAN_CUE_BIO },
	{ "explore", CLEAN_CUE_ACTION },
	{ "facebook", CLEAN_CUE_SOCIAL },
	{ "find", CLEAN_CUE_ACTION },
	{ "flipboard", CLEAN_CUE_SOCIAL },
	{ "follow", CLEAN_CUE_ACTION },
	{ "footage", CLEAN_CUE_CREDIT },
	{ "former", CLEAN_CUE_BIO },
	{ "free trial", CLEAN_CUE_PROMO },
	{ "further reading", CLEAN_CUE_RELATED },
	{ "get", CLEAN_CUE_ACTION },
	{ "graduate", CLEAN_CUE_BIO },
	{ "graphic", CLEAN_CUE_CREDIT },
	{ "head", CLEAN_CUE_ACTION },
	{ "home", CLEAN_CUE_CHROME },
	{ "illustration", CLEAN_CUE_CREDIT },
	{ "image", CLEAN_CUE_CREDIT },
	{ "images", CLEAN_CUE_CREDIT },
	{ "inbox", CLEAN_CUE_PROMO },
	{ "instagram", CLEAN_CUE_SOCIAL },
	{ "join", CLEAN_CUE_ACTION },
	{ "journalist", CLEAN_CUE_BIO },
	{ "journalist", CLEAN_CUE_ROLE },
	{ "learn", CLEAN_CUE_ACTION },
	{ "leave", CLEAN_CUE_ACTION },
	{ "like", CLEAN_CUE_ACTION },
	{ "likes", CLEAN_CUE_COMMENT },
	{ "linkedin", CLEAN_CUE_SOCIAL },
	{ "listen", CLEAN_CUE_ACTION },
	{ "load", CLEAN_CUE_ACTION },
	{ "log in", CLEAN_CUE_CHROME },
	{ "login", CLEAN_CUE_CHROME },
	{ "logout", CLEAN_CUE_CHROME },
	{ "mastodon", CLEAN_CUE_SOCIAL },
	{ "membership", CLEAN_CUE_PROMO },
	{ "menu", CLEAN_CUE_CHROME },
	{ "more", CLEAN_CUE_RELATED },
	{ "more from", CLEAN_CUE_RELATED },
	{ "more on", CLEAN_CUE_RELATED },
	{ "more stories", CLEAN_CUE_RELATED },
	{ "most popular", CLEAN_CUE_RELATED },
	{ "most read", CLEAN_CUE_RELATED },
	{ "navigation", CLEAN_CUE_CHROME },
	{ "newsletter", CLEAN_CUE_PROMO },
	{ "newsletters", CLEAN_CUE_PROMO },
	{ "next article", CLEAN_CUE_CHROME },
	{ "offer", CLEAN_CUE_PROMO },
	{ "personalised", CLEAN_CUE_PROMO },
	{ "personalized", CLEAN_CUE_PROMO },
	{ "photo", CLEAN_CUE_CREDIT },
	{ "photograph", CLEAN_CUE_CREDIT },
	{ "photography", CLEAN_CUE_CREDIT },
	{ "photos", CLEAN_CUE_CREDIT },
	{ "picture", CLEAN_CUE_CREDIT },
	{ "pinterest", CLEAN_CUE_SOCIAL },
	{ "podcast", CLEAN_CUE_PROMO },
	{ "post", CLEAN_CUE_ACTION },
	{ "premium", CLEAN_CUE_PROMO },
	{ "previous article", CLEAN_CUE_CHROME },
	{ "price", CLEAN_CUE_PROMO },
	{ "print", CLEAN_CUE_CHROME },
	{ "privacy", CLEAN_CUE_CHROME },
	{ "producer", CLEAN_CUE_ROLE },
	{ "purchase", CLEAN_CUE_ACTION },
	{ "purchase", CLEAN_CUE_PROMO },
	{ "read", CLEAN_CUE_ACTION },
	{ "read more", CLEAN_CUE_RELATED },
	{ "recommended", CLEAN_CUE_RELATED },
	{ "reddit", CLEAN_CUE_SOCIAL },
	{ "register", CLEAN_CUE_ACTION },
	{ "register", CLEAN_CUE_CHROME },
	{ "related", CLEAN_CUE_RELATED },
	{ "replies", CLEAN_CUE_COMMENT },
	{ "reply", CLEAN_CUE_COMMENT },
	{ "reporter", CLEAN_CUE_BIO },
	{ "reporter", CLEAN_CUE_ROLE },
	{ "respond", CLEAN_CUE_COMMENT },
	{ "responses", CLEAN_CUE_COMMENT },
	{ "rights reserved", CLEAN_CUE_CHROME },
	{ "rss", CLEAN_CUE_CHROME },
	{ "sale", CLEAN_CUE_PROMO },
	{ "search", CLEAN_CUE_CHROME },
	{ "sections", CLEAN_CUE_CHROME },
	{ "see", CLEAN_CUE_ACTION },
	{ "see also", CLEAN_CUE_RELATED },
	{ "senior", CLEAN_CUE_ROLE },
	{ "settings", CLEAN_CUE_CHROME },
	{ "share", CLEAN_CUE_ACTION },
	{ "share", CLEAN_CUE_CHROME },
	{ "show", CLEAN_CUE_ACTION },
	{ "sign", CLEAN_CUE_ACTION },
	{ "sign in", CLEAN_CUE_CHROME },
	{ "sign up", CLEAN_CUE_CHROME },
	{ "skip", CLEAN_CUE_ACTION },
	{ "skip to", CLEAN_CUE_CHROME },
	{ "sort", CLEAN_CUE_ACTION },
	{ "source image", CLEAN_CUE_CREDIT },
	{ "sponsored", CLEAN_CUE_CHROME },
	{ "staff", CLEAN_CUE_ROLE },
	{ "stories", CLEAN_CUE_RELATED },
	{ "subscribe", CLEAN_CUE_ACTION },
	{ "subscribe", CLEAN_CUE_PROMO },
	{ "subscriber", CLEAN_CUE_PROMO },
	{ "subscribers", CLEAN_CUE_PROMO },
	{ "subscription", CLEAN_CUE_PROMO },
	{ "tags", CLEAN_CUE_CHROME },
	{ "tap", CLEAN_CUE_ACTION },
	{ "telegram", CLEAN_CUE_SOCIAL },
	{ "terms", CLEAN_CUE_CHROME },
	{ "tiktok", CLEAN_CUE_SOCIAL },
	{ "topics", CLEAN_CUE_CHROME },
	{ "trending", CLEAN_CUE_RELATED },
	{ "try", CLEAN_CUE_ACTION },
	{ "twitter", CLEAN_CUE_SOCIAL },
	{ "unsubscribe", CLEAN_CUE_PROMO },
	{ "upvotes", CLEAN_CUE_COMMENT },
	{ "video", CLEAN_CUE_CREDIT },
	{ "view", CLEAN_CUE_ACTION },
	{ "voucher", CLEAN_CUE_PROMO },
	{ "watch", CLEAN_CUE_ACTION },
	{ "webinar", CLEAN_CUE_PROMO },
	{ "webinars", CLEAN_CUE_PROMO },
	{ "whatsapp", CLEAN_CUE_SOCIAL },
	{ "writer", CLEAN_CUE_BIO },
	{ "writer", CLEAN_CUE_ROLE },
	{ "youtube", CLEAN_CUE_SOCIAL },
};

struct clean_cues {
	const struct cue *rows;
	size_t n;
	char *store;		/* parsed lists: the phrases' storage */
	struct cue *own;	/* parsed lists: the rows */
};

static const struct clean_cues clean_builtin = {
	clean_builtin_rows,
	sizeof clean_builtin_rows / sizeof clean_builtin_rows[0],
	NULL, NULL
};

static const char *const cue_class_names[CLEAN_CUE_LAST] = {
	"chrome", "promo", "social", "comment", "related", "credit", "bio",
	"action", "role"
};

static const char *const verdict_names[CLEAN_VERDICT_LAST] = {
	"blank", "keep", "meta", "header", "chrome", "caption", "promo",
	"related", "bio", "comment", "dup", "data"
};

/* English function words: prose is dense in them, headlines and menus are
 * not.  Sorted for bsearch. */
static const char *const stopwords[] = {
	"a", "about", "after", "against", "all", "also", "an", "and", "any",
	"are", "as", "at", "be", "because", "been", "before", "being",
	"between", "both", "but", "by", "can", "could", "did", "do", "does",
	"for", "from", "had", "has", "have", "he", "her", "his", "how", "i",
	"if", "in", "into", "is", "it", "its", "may", "more", "most", "no",
	"not", "of", "on", "one", "only", "or", "other", "our", "out", "over",
	"said", "says", "she", "should", "so", "some", "such", "than", "that",
	"the", "their", "them", "then", "there", "these", "they", "this",
	"those", "to", "under", "up", "was", "we", "were", "what", "when",
	"where", "which", "while", "who", "will", "with", "would", "you",
	"your"
};

const char *clean_verdict_name(enum clean_verdict v)
{
	if ((unsigned)v >= CLEAN_VERDICT_LAST)
		return "?";
	return verdict_names[v];
}

const clean_cues_t *clean_cues_builtin(void)
{
	return &clean_builtin;
}

size_t clean_cues_count(const clean_cues_t *c)
{
	return c ? c->n : 0;
}

const char *clean_cues_get(const clean_cues_t *c, size_t i,
			   enum clean_cue_class *cls)
{
	if (!c || i >= c->n)
		return NULL;
	if (cls)
		*cls = c->rows[i].cls;
	return c->rows[i].phrase;
}

void clean_cues_free(clean_cues_t *c)
{
	if (!c || c == &clean_builtin)
		return;
	free(c->store);
	free(c->own);
	free(c);
}

static int cue_cmp(const void *a, const void *b)
{
	const struct cue *x = a, *y = b;
	int r = strcmp(x->phrase, y->phrase);

	if (r)
		return r;
	return (int)x->cls - (int)y->cls;
}

static void seterr(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

int clean_cues_parse(const char *buf, size_t len, clean_cues_t **out,
		     char *err, size_t errlen)
{
	clean_cues_t *c;
	size_t i, nrows = 0, lineno = 0, w = 0;

	*out = NULL;
	for (i = 0; i < len; i++)
		if (buf[i] == '\n')
			nrows++;
	nrows++;
	c = calloc(1, sizeof *c);
	if (!c || !(c->store = malloc(len + 1)) ||
	    !(c->own = calloc(nrows, sizeof *c->own))) {
		clean_cues_free(c);
		seterr(err, errlen, "out of memory");
		return -1;
	}
	i = 0;
	while (i < len) {
		size_t s = i, e, k, cls;
		const char *phrase;

		lineno++;
		while (i < len && buf[i] != '\n')
			i++;
		e = i++;
		while (s < e && is_space((unsigned char)buf[s]))
			s++;
		while (e > s && is_space((unsigned char)buf[e - 1]))
			e--;
		if (s == e || buf[s] == '#')
			continue;
		for (cls = 0; cls < CLEAN_CUE_LAST; cls++) {
			size_t kl = strlen(cue_class_names[cls]);

			if (e - s > kl && !memcmp(buf + s, cue_class_names[cls],
						  kl) &&
			    is_space((unsigned char)buf[s + kl]))
				break;
		}
		if (cls == CLEAN_CUE_LAST) {
			if (err && errlen)
				snprintf(err, errlen, "line %zu: unknown cue "
					 "class", lineno);
			clean_cues_free(c);
			return -1;
		}
		s += strlen(cue_class_names[cls]);
		while (s < e && is_space((unsigned char)buf[s]))
			s++;
		/* Store lower-cased with single spaces, as words are matched. */
		phrase = c->store + w;
		for (k = s; k < e; k++) {
			unsigned char ch = (unsigned char)buf[k];

			if (is_space(ch)) {
				if (c->store[w - 1] != ' ')
					c->store[w++] = ' ';
				continue;
			}
			c->store[w++] = (char)(ch >= 'A' && ch <= 'Z' ?
					       ch + 32 : ch);
		}
		c->store[w++] = '\0';
		c->own[c->n].phrase = phrase;
		c->own[c->n].cls = (enum clean_cue_class)cls;
		c->n++;
	}
	qsort(c->own, c->n, sizeof *c->own, cue_cmp);
	c->rows = c->own;
	*out = c;
	return 0;
}

int clean_cues_load(const char *path, clean_cues_t **out,
		    char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	int r;

	*out = NULL;
	if (!f) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (cap - len < 4096) {
			char *nb;

			if (cap > (1u << 24)) {
				if (err && errlen)
					snprintf(err, errlen, "%s: too big",
						 path);
				free(buf);
				fclose(f);
				return -1;
			}
			nb = realloc(buf, cap ? cap * 2 : 8192);
			if (!nb) {
				seterr(err, errlen, "out of memory");
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
			cap = cap ? cap * 2 : 8192;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		if (err && errlen)
			snprintf(err, errlen, "%s: read error", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	r = clean_cues_parse(buf, len, out, err, errlen);
	if (r && err && errlen) {
		char tmp[256];

		snprintf(tmp, sizeof tmp, "%s", err);
		snprintf(err, errlen, "%s: %s", path, tmp);
	}
	free(buf);
	return r;
}

/* Bit mask of the classes of phrase (lower case, single spaces). */
static unsigned cue_mask(const clean_cues_t *c, const char *phrase)
{
	size_t lo = 0, hi = c->n, i;
	unsigned m = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(c->rows[mid].phrase, phrase) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < c->n && !strcmp(c->rows[i].phrase, phrase); i++)
		m |= 1u << c->rows[i].cls;
	return m;
}

/*
 * Row ranges by first byte, built once per clean_classify() call: the
 * per-word lookups then search a handful of rows instead of all of them
 * (the lists themselves stay const, so no state outlives the call).
 */
struct cue_index {
	const clean_cues_t *c;
	uint32_t lo[256], hi[256];	/* cue rows */
	uint32_t slo[256], shi[256];	/* stopwords */
};

static void cue_index_build(struct cue_index *x, const clean_cues_t *c)
{
	size_t i, ns = sizeof stopwords / sizeof stopwords[0];

	memset(x, 0, sizeof *x);
	x->c = c;
	for (i = c->n; i-- > 0;) {
		unsigned char b = (unsigned char)c->rows[i].phrase[0];

		x->lo[b] = (uint32_t)i;
		if (!x->hi[b])
			x->hi[b] = (uint32_t)i + 1;
	}
	for (i = ns; i-- > 0;) {
		unsigned char b = (unsigned char)stopwords[i][0];

		x->slo[b] = (uint32_t)i;
		if (!x->shi[b])
			x->shi[b] = (uint32_t)i + 1;
	}
}

static unsigned cue_mask_fast(const struct cue_index *x, const char *phrase)
{
	unsigned char b = (unsigned char)phrase[0];
	size_t lo = x->lo[b], hi = x->hi[b], i;
	unsigned m = 0;

	if (lo >= hi)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(x->c->rows[mid].phrase, phrase) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < x->hi[b] && !strcmp(x->c->rows[i].phrase, phrase);
	     i++)
		m |= 1u << x->c->rows[i].cls;
	return m;
}

static int stopword_fast(const struct cue_index *x, const char *w)
{
	unsigned char b = (unsigned char)w[0];
	size_t i;

	for (i = x->slo[b]; i < x->shi[b]; i++)
		if (!strcmp(stopwords[i], w))
			return 1;
	return 0;
}

/* ---- characters and words */

/* Decodes the UTF-8 sequence at s[i]; returns its length (1 for a bad
 * byte, whose code point is then the byte itself). */
static size_t utf8_at(const char *s, size_t len, size_t i, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s + i;
	size_t left = len - i, n, k;
	unsigned c;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xE0) == 0xC0) {
		n = 2;
		c = u[0] & 0x1F;
	} else if ((u[0] & 0xF0) == 0xE0) {
		n = 3;
		c = u[0] & 0x0F;
	} else if ((u[0] & 0xF8) == 0xF0) {
		n = 4;
		c = u[0] & 0x07;
	} else {
		*cp = u[0];
		return 1;
	}
	if (n > left) {
		*cp = u[0];
		return 1;
	}
	for (k = 1; k < n; k++) {
		if ((u[k] & 0xC0) != 0x80) {
			*cp = u[0];
			return 1;
		}
		c = (c << 6) | (u[k] & 0x3F);
	}
	*cp = c;
	return n;
}

/* Letters and digits of any script; punctuation, symbols, spaces not. */
static int cp_is_wordch(unsigned c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       (c >= '0' && c <= '9');
	if (c <= 0xBF || c == 0xD7 || c == 0xF7)
		return 0;
	if (c >= 0x2000 && c <= 0x2BFF)
		return 0;
	if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFE10 && c <= 0xFE6F) ||
	    (c >= 0xFF00 && c <= 0xFF0F) || c == 0xFFFD)
		return 0;
	return 1;
}

/* Han ideographs and kana, written without spaces (the tokenizer's
 * ideograph(), shim/tokenize.cc): about two make a word. */
static int cp_is_ideograph(unsigned c)
{
	return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x20000 && c <= 0x2FA1F);
}

struct word {
	size_t start, len;	/* in the text */
	char low[32];		/* lower-cased ASCII copy; "" when too long */
};

/* Next word at or after *pos; 0 at the end. */
static int word_next(const char *s, size_t len, size_t *pos, struct word *w)
{
	size_t i = *pos, n;
	unsigned cp;

	while (i < len) {
		n = utf8_at(s, len, i, &cp);
		if (cp_is_wordch(cp))
			break;
		i += n;
	}
	if (i >= len) {
		*pos = len;
		return 0;
	}
	w->start = i;
	n = utf8_at(s, len, i, &cp);
	if (cp_is_ideograph(cp)) {
		/* a word of (at most) two ideographs */
		i += n;
		if (i < len) {
			n = utf8_at(s, len, i, &cp);
			if (cp_is_ideograph(cp))
				i += n;
		}
	} else {
		while (i < len) {
			n = utf8_at(s, len, i, &cp);
			if (!cp_is_wordch(cp) || cp_is_ideograph(cp))
				break;
			i += n;
		}
	}
	w->len = i - w->start;
	if (w->len < sizeof w->low) {
		size_t k;

		for (k = 0; k < w->len; k++) {
			unsigned char ch = (unsigned char)s[w->start + k];

			w->low[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 :
					   ch);
		}
		w->low[w->len] = '\0';
	} else {
		w->low[0] = '\0';
	}
	*pos = i;
	return 1;
}

size_t clean_count_words(const char *s, size_t len)
{
	size_t pos = 0, n = 0;
	struct word w;

	while (word_next(s, len, &pos, &w))
		n++;
	return n;
}

static int is_digits(const char *w)
{
	if (!*w)
		return 0;
	for (; *w; w++)
		if (*w < '0' || *w > '9')
			return 0;
	return 1;
}

int clean_cues_has(const clean_cues_t *c, enum clean_cue_class cls,
		   const char *phrase, size_t len)
{
	char buf[100];
	size_t pos = 0, w = 0, nw = 0;
	struct word wd;

	if (!c)
		c = &clean_builtin;
	while (word_next(phrase, len, &pos, &wd)) {
		size_t l = strlen(wd.low);

		if (!l || ++nw > 3 || w + l + 2 > sizeof buf)
			return 0;
		if (w)
			buf[w++] = ' ';
		memcpy(buf + w, wd.low, l);
		w += l;
	}
	buf[w] = '\0';
	return w && (cue_mask(c, buf) & (1u << cls)) != 0;
}

/* Trims spaces (and no-break spaces) from both ends of s[*b..*e). */
static void trim(const char *s, size_t *b, size_t *e)
{
	while (*b < *e) {
		unsigned char c = (unsigned char)s[*b];

		if (is_space(c))
			(*b)++;
		else if (c == 0xC2 && *b + 1 < *e &&
			 (unsigned char)s[*b + 1] == 0xA0)
			*b += 2;
		else
			break;
	}
	while (*e > *b) {
		unsigned char c = (unsigned char)s[*e - 1];

		if (is_space(c))
			(*e)--;
		else if (c == 0xA0 && *e - 1 > *b &&
			 (unsigned char)s[*e - 2] == 0xC2)
			*e -= 2;
		else
			break;
	}
}

/* Last code point of s[0..len) that is not a closing quote, bracket or
 * space; 0 when none. */
static unsigned last_mark(const char *s, size_t len)
{
	size_t e = len;

	while (e > 0) {
		size_t b = e - 1;
		unsigned cp;

		while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
			b--;
		utf8_at(s, len, b, &cp);
		if (cp == '"' || cp == '\'' || cp == ')' || cp == ']' ||
		    cp == 0x2019 || cp == 0x201D || cp == 0xBB || cp == ' ' ||
		    cp == '\t' || cp == 0xA0 || cp == '*') {
			e = b;
			continue;
		}
		return cp;
	}
	return 0;
}

static int mark_is_terminal(unsigned cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 ||
	       cp == 0x3002;
}

/* A bullet or "1." / "2)" list marker at the start of s. */
static int starts_list(const char *s, size_t len)
{
	size_t i = 0;
	unsigned cp;
	size_t n;

	if (!len)
		return 0;
	n = utf8_at(s, len, 0, &cp);
	if (cp == 0x2022 || cp == 0xB7 || cp == 0x25AA || cp == 0x25CF ||
	    cp == 0x25BA || cp == 0x2023 || cp == 0x2043 || cp == 0x25E6)
		return 1;
	if ((cp == '-' || cp == '*' || cp == 0x2013 || cp == '>' ||
	     cp == 0x203A || cp == 0xBB) && n < len && s[n] == ' ')
		return 1;
	while (i < len && i < 4 && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > 0 && i + 1 < len && (s[i] == '.' || s[i] == ')') &&
	       s[i + 1] == ' ';
}

/* ---- credits and bylines */

/* Is the word w (lower) a credit cue? Multi-word cues are checked by the
 * caller through the pair. */
static int is_cue(const clean_cues_t *c, enum clean_cue_class cls,
		  const char *low)
{
	return *low && (cue_mask(c, low) & (1u << cls)) != 0;
}

/*
 * Where the credit in s starts, plus one (0: no credit).  The cut goes
 * before the credit word and any bracket or dash that opens it, so
 * "Ren speaks in Shenzhen. (Photo: Reuters)" keeps "Ren speaks in Shenzhen.".
 */
static size_t credit_at(const clean_cues_t *cues, const char *s, size_t len)
{
	size_t pos = 0;
	int prev_credit = 0;
	struct word cur;

	if (!cues)
		cues = &clean_builtin;
	while (word_next(s, len, &pos, &cur)) {
		size_t p = cur.start + cur.len, i, rest, q;
		int was = prev_credit, sentences = 0;
		struct word nx;

		prev_credit = is_cue(cues, CLEAN_CUE_CREDIT, cur.low);
		if (!prev_credit)
			continue;
		/* The credit word opens the line or a bracket, follows the
		 * caption's last sentence, or another credit word ("Image
		 * credit"). */
		i = cur.start;
		while (i > 0 && is_space((unsigned char)s[i - 1]))
			i--;
		if (i > 0 && !was) {
			unsigned cp;
			size_t b = i - 1;

			while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
				b--;
			utf8_at(s, len, b, &cp);
			if (!(cp == '(' || cp == '[' || cp == '|' ||
			      cp == 0x2014 || cp == '-' || cp == ')' ||
			      mark_is_terminal(cp) || cp == '"' ||
			      cp == 0x201D || cp == 0x2019))
				continue;
		}
		/* Then ':' or "by"/"credit"/"courtesy" (and maybe ':'). */
		while (p < len && is_space((unsigned char)s[p]))
			p++;
		if (p < len && s[p] == ':') {
			p++;
		} else {
			size_t p2 = p;

			if (!word_next(s, len, &p2, &nx) ||
			    (strcmp(nx.low, "by") &&
			     strcmp(nx.low, "courtesy")))
				continue;
			p = p2;
			while (p < len && is_space((unsigned char)s[p]))
				p++;
			if (p < len && s[p] == ':')
				p++;
		}
		/* What follows is a short name, not more prose (counting
		 * stops at nine words so a hostile line stays linear). */
		{
			size_t wp = p;
			struct word cw;

			rest = 0;
			while (rest < 9 && word_next(s, len, &wp, &cw))
				rest++;
		}
		if (rest < 1 || rest > 8)
			continue;
		for (q = p; q + 1 < len; q++)
			if (mark_is_terminal((unsigned char)s[q]) &&
			    s[q + 1] == ' ' && q > p + 3)
				sentences++;
		if (!sentences) {
			size_t cut = cur.start;
			while (cut > 0 && is_space((unsigned char)s[cut - 1]))
				cut--;
			if (cut > 0 && strchr("([|-", s[cut - 1]))
				cut--;
			else if (cut >= 3 && (unsigned char)s[cut - 3] == 0xE2 &&
				 (unsigned char)s[cut - 2] == 0x80 &&
				 ((unsigned char)s[cut - 1] == 0x94 ||
				  (unsigned char)s[cut - 1] == 0x93))
				cut -= 3;
			while (cut > 0 && is_space((unsigned char)s[cut - 1]))
				cut--;
			return cut + 1;
		}
	}
	return 0;
}

int clean_is_credit(const clean_cues_t *cues, const char *s, size_t len)
{
	return credit_at(cues, s, len) != 0;
}

size_t clean_caption_text(const clean_cues_t *cues, const char *s, size_t len)
{
	size_t at = credit_at(cues, s, len);

	if (at == 0)
		at = len + 1;
	/* Keep a caption that says something: four words or more. */
	return clean_count_words(s, at - 1) >= 4 ? at - 1 : 0;
}

static int cap_word(const char *s, const struct word *w)
{
	unsigned char c = (unsigned char)s[w->start];

	return (c >= 'A' && c <= 'Z') || c >= 0xC0;
}

/* name words: 1-4 capitalised words, allowing "and", "de", "van", initials
 * like "J." and hyphens; returns the end of the name or 0. */
static size_t name_span(const char *s, size_t len, size_t pos, size_t *start)
{
	struct word w;
	size_t n = 0, end = 0, p = pos;

	*start = 0;
	while (word_next(s, len, &p, &w)) {
		size_t gap;

		if (n && (gap = w.start - end) > 3)
			break;
		if (n && gap > 0) {
			/* only spaces, a dot or a hyphen join name words */
			size_t k;
			int bad = 0;

			for (k = end; k < w.start; k++)
				if (s[k] != ' ' && s[k] != '.' &&
				    s[k] != '-' && s[k] != '\'')
					bad = 1;
			if (bad)
				break;
		}
		if (!cap_word(s, &w)) {
			if (n && (!strcmp(w.low, "de") ||
				  !strcmp(w.low, "van") ||
				  !strcmp(w.low, "von") ||
				  !strcmp(w.low, "da") ||
				  !strcmp(w.low, "bin"))) {
				end = w.start + w.len;
				continue;
			}
			break;
		}
		if (!n)
			*start = w.start;
		end = w.start + w.len;
		if (end < len && s[end] == '.' && w.len == 1)
			end++;
		if (++n > 5)
			return 0;
	}
	return n >= 2 || (n == 1 && end > *start + 1) ? end : 0;
}

int clean_parse_byline(const clean_cues_t *cues, const char *s, size_t len,
		       const char **name, size_t *namelen)
{
	size_t b = 0, e = len, pos, st, end, nw;
	struct word w;

	if (!cues)
		cues = &clean_builtin;
	trim(s, &b, &e);
	nw = clean_count_words(s + b, e - b);
	if (nw < 2 || nw > 14 || e - b > 160)
		return 0;
	pos = b;
	if (!word_next(s, e, &pos, &w))
		return 0;
	if (!strcmp(w.low, "by") || !strcmp(w.low, "written") ||
	    !strcmp(w.low, "words")) {
		if (strcmp(w.low, "by")) {
			/* "Written by", "Words by" */
			if (!word_next(s, e, &pos, &w) || strcmp(w.low, "by"))
				return 0;
		}
		while (pos < e && (s[pos] == ' ' || s[pos] == ':'))
			pos++;
		end = name_span(s, e, pos, &st);
		if (!end || st != pos)
			return 0;
		/* more names: "By Jane Doe and John Roe", "A, B and C" */
		for (;;) {
			size_t p = end, st2, end2;

			while (p < e && (s[p] == ' ' || s[p] == ','))
				p++;
			if (p + 4 <= e && !strncmp(s + p, "and ", 4))
				p += 4;
			else if (p + 2 <= e && !strncmp(s + p, "& ", 2))
				p += 2;
			else if (p == end || s[end] != ',')
				break;
			while (p < e && s[p] == ' ')
				p++;
			end2 = name_span(s, e, p, &st2);
			if (!end2 || st2 != p ||
			    clean_count_words(s + p, end2 - p) < 2)
				break;
			/* "Jane Doe, Senior Correspondent" is a role, not a
			 * second name */
			{
				size_t q = p;
				int role = 0;

				while (word_next(s, end2, &q, &w))
					if (is_cue(cues, CLEAN_CUE_ROLE, w.low))
						role = 1;
				if (role)
					break;
			}
			end = end2;
		}
		*name = s + st;
		*namelen = end - st;
		return 1;
	}
	/* "Jane Doe | Reporter", "Jane Doe, Senior Correspondent" */
	end = name_span(s, e, b, &st);
	if (!end || st != b || clean_count_words(s + b, end - b) < 2)
		return 0;
	/* a separator, then a short role: "Jane Doe, Senior Correspondent" */
	pos = end;
	{
		int sep = 0;
		size_t p, nrole = 0;
		int role = 0;

		while (pos < e) {
			unsigned cp;
			size_t n = utf8_at(s, e, pos, &cp);

			if (cp == ',' || cp == '|' || cp == '-' ||
			    cp == 0x2014 || cp == 0x2013 || cp == 0xB7 ||
			    cp == 0x2022)
				sep = 1;
			else if (cp != ' ')
				break;
			pos += n;
		}
		if (!sep)
			return 0;
		p = pos;
		while (word_next(s, e, &p, &w)) {
			nrole++;
			if (is_cue(cues, CLEAN_CUE_ROLE, w.low))
				role = 1;
		}
		if (!role || nrole > 5)
			return 0;
	}
	*name = s + st;
	*namelen = end - st;
	return 1;
}

/* ---- the classifier */

enum {
	U_LIST = 1 << 0,	/* starts with a bullet or number */
	U_CAPTION = 1 << 1,
	U_TERMINAL = 1 << 2,	/* ends like a sentence */
	U_GOOD = 1 << 3,	/* long, sentence-like prose */
	U_HEADLINE = 1 << 4,	/* long for a heading, unpunctuated, sparse */
	U_LABEL = 1 << 5,	/* a "related"/"read more" label */
	U_CHEAD = 1 << 6,	/* a comment-section header or count */
	U_CSTAMP = 1 << 7,	/* "3 hours ago", "Reply" */
	U_COLON = 1 << 8,	/* ends with ':' */
	U_HANDLE = 1 << 9,	/* @handle, www., http */
	U_ACTION = 1 << 10,	/* opens with an imperative cue */
	U_PIPES = 1 << 11,	/* several " | " separated items */
	U_RELFIRST = 1 << 12,	/* opens with a related cue ("More from") */
	U_COMFIRST = 1 << 13,	/* opens with a comment cue ("Comments are") */
	U_HASH = 1 << 14	/* a line that is one hash (32+ hex digits) */
};

/* A promo or a bio has one of its cues in this many words at least. */
#define CUE_WORDS 20

struct unit {
	size_t first, last;	/* line indexes, inclusive */
	size_t block;		/* blank-separated block number */
	uint32_t words, stops, caps;
	uint32_t cue[CLEAN_CUE_LAST];
	uint32_t address;	/* you/your/our outside quotes */
	uint32_t chead_ok;	/* words fitting a comment header */
	uint32_t flags;
	uint64_t hash;
	unsigned char v;	/* verdict */
};

struct lineinfo {
	size_t b, e;		/* trimmed text */
	unsigned char credit, list, term, lower;
};

/* Whether line ci continues the paragraph of line pi (the line before it
 * in the same block): always in a hard-wrapped block, otherwise only when
 * it starts in lower case. */
static int line_continues(const struct clean_line *l, const struct lineinfo *pi,
			  const struct lineinfo *ci, int wrapped_block)
{
	unsigned char c0;

	if (pi->credit || ci->credit || ci->list)
		return 0;
	c0 = (unsigned char)l->s[ci->b];
	return wrapped_block || (c0 >= 'a' && c0 <= 'z');
}

/*
 * A hard-wrapped block: every line but the last fills most of the width,
 * the width is that of running text, and some line starts mid-sentence in
 * lower case.  A list of headlines has lines of similar length too, but
 * none that starts in lower case.
 */
static int block_wrapped(const struct clean_line *lines,
			 const struct lineinfo *li, size_t bs, size_t be)
{
	size_t width = 0, k;
	int lower = 0;

	if (be <= bs)
		return 0;
	for (k = bs; k <= be; k++)
		if (li[k].e - li[k].b > width)
			width = li[k].e - li[k].b;
	if (width < 50)
		return 0;
	for (k = bs; k <= be; k++) {
		unsigned char c0 = (unsigned char)lines[k].s[li[k].b];

		if (k < be && (li[k].e - li[k].b) * 10 < width * 7)
			return 0;
		if (k > bs && c0 >= 'a' && c0 <= 'z')
			lower = 1;
	}
	return lower;
}

/* "3 hours ago", "2 days ago", "yesterday at 10:02" */
static int is_time_ago(const struct word *w, size_t n)
{
	static const char *const units[] = {
		"sec", "secs", "second", "seconds", "min", "mins", "minute",
		"minutes", "hour", "hours", "hr", "hrs", "day", "days", "week",
		"weeks", "month", "months", "year", "years", "h", "m", "d"
	};
	size_t k;

	if (n < 3)
		return 0;
	if (strcmp(w[2].low, "ago"))
		return 0;
	if (!is_digits(w[0].low) && strcmp(w[0].low, "a") &&
	    strcmp(w[0].low, "an"))
		return 0;
	for (k = 0; k < sizeof units / sizeof units[0]; k++)
		if (!strcmp(w[1].low, units[k]))
			return 1;
	return 0;
}

static void unit_scan(const struct cue_index *cx,
		      const struct clean_line *lines,
		      const struct lineinfo *li, struct unit *u)
{
	size_t i;
	struct word ring[3];	/* the last three words, oldest first */
	size_t nring = 0, nw = 0;
	int inq = 0, first = 1;
	uint64_t h = 1469598103934665603ull;
	unsigned seen = 0;	/* classes hit at least once */

	memset(u->cue, 0, sizeof u->cue);
	u->words = u->stops = u->caps = u->address = u->chead_ok = 0;
	for (i = u->first; i <= u->last; i++) {
		const char *s = lines[i].s;
		size_t len = li[i].e, pos = li[i].b, q;
		struct word w;

		/* quote state: straight quotes toggle; curly ones open/close */
		for (;;) {
			size_t prev = pos;

			if (!word_next(s, len, &pos, &w))
				break;
			for (q = prev; q < w.start; q++) {
				unsigned char c = (unsigned char)s[q];

				if (c == '"')
					inq = !inq;
				else if (c == 0xE2 && q + 2 < len &&
					 (unsigned char)s[q + 1] == 0x80) {
					if ((unsigned char)s[q + 2] == 0x9C)
						inq = 1;
					else if ((unsigned char)s[q + 2] ==
						 0x9D)
						inq = 0;
				} else if (c == '@' && q + 1 == w.start) {
					u->flags |= U_HANDLE;
				}
			}
			u->words++;
			if (cap_word(s, &w))
				u->caps++;
			for (q = 0; q < w.len; q++) {
				unsigned char c = (unsigned char)s[w.start + q];

				if (c >= 'A' && c <= 'Z')
					c = (unsigned char)(c + 32);
				h = (h ^ c) * 1099511628211ull;
			}
			h = (h ^ ' ') * 1099511628211ull;
			if (w.low[0]) {
				unsigned m;
				char buf[100];
				size_t k;

				if (stopword_fast(cx, w.low))
					u->stops++;
				if (!inq && (w.low[0] == 'y' ||
					     w.low[0] == 'o') &&
				    (!strcmp(w.low, "you") ||
				     !strcmp(w.low, "your") ||
				     !strcmp(w.low, "yours") ||
				     !strcmp(w.low, "our")))
					u->address++;
				if ((w.low[0] == 'w' || w.low[0] == 'h') &&
				    (!strcmp(w.low, "www") ||
				     !strcmp(w.low, "http") ||
				     !strcmp(w.low, "https")))
					u->flags |= U_HANDLE;
				/* one-, two- and three-word cues ending here */
				m = cue_mask_fast(cx, w.low);
				for (k = 1; k <= nring && k <= 2; k++) {
					size_t j, o = 0;

					for (j = nring - k; j < nring; j++) {
						size_t l = strlen(ring[j].low);

						if (!l)
							break;
						memcpy(buf + o, ring[j].low, l);
						o += l;
						buf[o++] = ' ';
					}
					if (j < nring)
						continue;
					memcpy(buf + o, w.low,
					       strlen(w.low) + 1);
					m |= cue_mask_fast(cx, buf);
				}
				for (k = 0; k < CLEAN_CUE_LAST; k++)
					if (m & (1u << k))
						u->cue[k]++;
				seen |= m;
				if (first && (m & (1u << CLEAN_CUE_ACTION)))
					u->flags |= U_ACTION;
				if (first && (m & (1u << CLEAN_CUE_RELATED)))
					u->flags |= U_RELFIRST;
				if (first && (m & (1u << CLEAN_CUE_COMMENT)))
					u->flags |= U_COMFIRST;
				if ((m & ((1u << CLEAN_CUE_COMMENT) |
					  (1u << CLEAN_CUE_ACTION))) ||
				    stopword_fast(cx, w.low) || is_digits(w.low))
					u->chead_ok++;
			}
			first = 0;
			if (nring == 3) {
				ring[0] = ring[1];
				ring[1] = ring[2];
				nring = 2;
			}
			ring[nring++] = w;
			if (nw < 3 && nring == 3 && is_time_ago(ring, 3))
				u->flags |= U_CSTAMP;
			nw++;
		}
		/* "PaulH · 3 hours ago": a time-ago anywhere in a short unit */
		(void)len;
	}
	(void)seen;
	u->hash = h;
}

/* Time-ago anywhere in the unit (not only its first words). */
static int unit_has_time_ago(const struct clean_line *lines,
			     const struct lineinfo *li, const struct unit *u)
{
	size_t i;

	for (i = u->first; i <= u->last; i++) {
		struct word ring[3];
		size_t n = 0, pos = li[i].b;
		struct word w;

		while (word_next(lines[i].s, li[i].e, &pos, &w)) {
			if (n == 3) {
				ring[0] = ring[1];
				ring[1] = ring[2];
				n = 2;
			}
			ring[n++] = w;
			if (n == 3 && is_time_ago(ring, 3))
				return 1;
		}
	}
	return 0;
}

/* The cue classes of a short label before a ':' opening the line
 * ("Related: ...", "Tags: ...", "Newsletter: ..."); 0 when none. */
static unsigned label_prefix(const clean_cues_t *cues,
			     const struct clean_line *l,
			     const struct lineinfo *li)
{
	const char *s = l->s;
	size_t b = li->b, e = li->e, k, pos, n = 0;
	struct word w;
	unsigned m = 0;

	for (k = b; k < e && k < b + 40; k++)
		if (s[k] == ':')
			break;
	if (k >= e || k >= b + 40)
		return 0;
	char buf[100];
	size_t o = 0, wl;

	pos = b;
	while (word_next(s, k, &pos, &w)) {
		if (++n > 3)
			return 0;
		m |= cue_mask(cues, w.low);
		/* and the whole label as one phrase ("see also") */
		wl = strlen(w.low);
		if (!wl || o + wl + 2 > sizeof buf)
			continue;
		if (o)
			buf[o++] = ' ';
		memcpy(buf + o, w.low, wl);
		o += wl;
		buf[o] = '\0';
		if (n > 1)
			m |= cue_mask(cues, buf);
	}
	return m;
}

/* Starts like a copyright notice: "©", "(c)", "Copyright". */
static int copyright_line(const char *s, size_t len)
{
	if (len >= 2 && (unsigned char)s[0] == 0xC2 &&
	    (unsigned char)s[1] == 0xA9)
		return 1;
	if (len >= 3 && s[0] == '(' && (s[1] == 'c' || s[1] == 'C') &&
	    s[2] == ')')
		return 1;
	return len >= 9 && !strncasecmp(s, "copyright", 9) &&
	       (len == 9 || !cp_is_wordch((unsigned char)s[9]));
}

static int is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* Is s one hash: 32 or more hex digits (MD5, SHA-1, SHA-256...)? */
static int hash_line(const char *s, size_t len)
{
	size_t i;

	if (len < 32)
		return 0;
	for (i = 0; i < len; i++)
		if (!is_hex((unsigned char)s[i]))
			return 0;
	return 1;
}

/* A line of base64 data this long or longer; MIME writes 76 bytes. */
#define DATA_LINE_MIN 40
/* Full data lines in a row that make a block of encoded data. */
#define DATA_RUN_MIN 3

/*
 * Is s (trimmed) in the base64 alphabet, with padding '=' only at its end?
 * *nonhex is set when it has a character outside [0-9A-Fa-f]: a list of
 * hashes is hex alone and is text (indicators of compromise), base64 of
 * anything is not.
 */
static int data_line(const char *s, size_t len, int *nonhex)
{
	size_t i = 0;

	*nonhex = 0;
	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		i = 2;	/* 0x and hex: an address, not base64 */
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int digit = c >= '0' && c <= '9';
		int lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';

		if (!digit && !lower && !upper && c != '+' && c != '/')
			break;
		if (!is_hex(c))
			*nonhex = 1;
	}
	while (i < len && s[i] == '=')
		i++;
	return len > 0 && i == len;
}

/*
 * Marks CLEAN_DATA on every block of encoded data: DATA_RUN_MIN or more
 * lines in a row of at least DATA_LINE_MIN bytes of the base64 alphabet
 * (not all of them hex), with the shorter last line that may end one.
 */
static void mark_data(const struct clean_line *lines,
		      const struct lineinfo *li, size_t n,
		      unsigned char *verdict)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i, k;
		int nonhex = 0, nh;

		while (j < n && verdict[j] == CLEAN_BLANK &&
		       li[j].e - li[j].b >= DATA_LINE_MIN &&
		       data_line(lines[j].s + li[j].b, li[j].e - li[j].b, &nh)) {
			nonhex |= nh;
			j++;
		}
		if (j - i < DATA_RUN_MIN || !nonhex) {
			i = j > i ? j : i + 1;
			continue;
		}
		/* the block's short last line: base64 comes in fours, so a
		 * word after the block ("Thanks") is not taken with it */
		if (j < n && verdict[j] == CLEAN_BLANK && li[j].e > li[j].b &&
		    (li[j].e - li[j].b) % 4 == 0 &&
		    li[j].e - li[j].b <= li[j - 1].e - li[j - 1].b &&
		    data_line(lines[j].s + li[j].b, li[j].e - li[j].b, &nh))
			j++;
		for (k = i; k < j; k++)
			verdict[k] = CLEAN_DATA;
		i = j;
	}
}

/*
 * True when a unit has at least min hits of a cue class, one in CUE_WORDS
 * words at least: promos and bios are short, and a long paragraph saying
 * "our networks" twice, or "former" and "career" and "experience", is
 * the article's.
 */
static int cue_dense(const struct unit *u, uint32_t hits, uint32_t min)
{
	return hits >= min && hits * CUE_WORDS >= u->words;
}

/* Promo cues and words addressing the reader ("you", "our"), densely. */
static int promo_dense(const struct unit *u, uint32_t min)
{
	return cue_dense(u, u->cue[CLEAN_CUE_PROMO] + u->address, min);
}

static unsigned char first_verdict(const clean_cues_t *cues,
				   const struct clean_line *lines,
				   const struct lineinfo *li, struct unit *u)
{
	uint32_t w = u->words;
	uint32_t furn = u->cue[CLEAN_CUE_CHROME] + u->cue[CLEAN_CUE_SOCIAL] +
			u->cue[CLEAN_CUE_PROMO];
	int term = (u->flags & U_TERMINAL) != 0;

	if (u->flags & U_CAPTION)
		return CLEAN_CAPTION;
	if (w == 0)
		return CLEAN_CHROME;	/* only symbols: rules, separators */
	if (w <= 20 && copyright_line(lines[u->first].s + li[u->first].b,
				      li[u->first].e - li[u->first].b))
		return CLEAN_CHROME;
	if (u->first == u->last && w <= 24) {
		unsigned m = label_prefix(cues, &lines[u->first],
					  &li[u->first]);

		if (m & (1u << CLEAN_CUE_RELATED)) {
			if (w <= 16)
				u->flags |= U_LABEL;
			return CLEAN_RELATED;
		}
		if (m & (1u << CLEAN_CUE_PROMO))
			return CLEAN_PROMO;
		if (m & ((1u << CLEAN_CUE_CHROME) | (1u << CLEAN_CUE_SOCIAL)))
			return CLEAN_CHROME;
	}
	if (!term && u->cue[CLEAN_CUE_RELATED] &&
	    (w <= 4 || (w <= 6 && (u->flags & U_RELFIRST)))) {
		u->flags |= U_LABEL;
		return CLEAN_RELATED;
	}
	if (u->cue[CLEAN_CUE_COMMENT] &&
	    ((!term && w <= 5 && (u->chead_ok == w || w <= 3)) ||
	     (w <= 8 && (u->flags & U_COMFIRST)))) {
		u->flags |= U_CHEAD;
		return CLEAN_CHROME;
	}
	if (u->flags & U_CSTAMP && w <= 10)
		return CLEAN_COMMENT;
	if (w <= 6 && !term) {
		if ((u->flags & U_ACTION) &&
		    (w <= 3 || furn || u->address || u->cue[CLEAN_CUE_COMMENT] ||
		     (u->flags & U_HANDLE) || u->cue[CLEAN_CUE_ACTION] >= 2))
			return CLEAN_CHROME;
		if (furn * 2 >= w)
			return CLEAN_CHROME;
		if (u->flags & U_HANDLE)
			return CLEAN_CHROME;
	}
	if (u->flags & U_PIPES && !term)
		return CLEAN_CHROME;
	if (w <= 8 && (u->flags & U_HANDLE) &&
	    (u->cue[CLEAN_CUE_SOCIAL] || (u->flags & U_ACTION)))
		return CLEAN_CHROME;
	/* selling to the reader: cue words plus "you/your/our", as densely
	 * as a promo has them (a speech has as many in 5,000 words) */
	if (u->cue[CLEAN_CUE_PROMO] >= 3 && promo_dense(u, 4))
		return CLEAN_PROMO;
	if (w <= 12 && u->cue[CLEAN_CUE_PROMO] && u->address)
		return CLEAN_PROMO;
	if (w <= 60 && furn >= 3 && u->address >= 1)
		return CLEAN_CHROME;
	return CLEAN_KEEP;
}

static int unit_suspect_tail(const struct unit *u)
{
	int term = (u->flags & U_TERMINAL) != 0;

	if (cue_dense(u, u->cue[CLEAN_CUE_BIO], 3))
		return CLEAN_BIO;
	/* a promo cue at least: "you" alone is every mail's */
	if ((promo_dense(u, 2) && u->cue[CLEAN_CUE_PROMO]) ||
	    (u->cue[CLEAN_CUE_PROMO] && (u->flags & U_ACTION)))
		return CLEAN_PROMO;
	if (u->flags & U_HEADLINE)
		return CLEAN_RELATED;
	if (!term && u->words <= 8)
		return CLEAN_CHROME;
	if ((u->flags & U_HANDLE) && u->words <= 20)
		return CLEAN_CHROME;
	return 0;
}

static int unit_dropped(const struct unit *u)
{
	return u->v != CLEAN_KEEP;
}

/* Open-addressing set of unit hashes with counts (repeated lines). */
struct hcount {
	uint64_t h;
	uint32_t n;
};

static int repeats_mark(struct unit *u, size_t nu, char *err, size_t errlen)
{
	size_t cap = 16, i;
	struct hcount *t;

	while (cap < nu * 2)
		cap *= 2;
	t = calloc(cap, sizeof *t);
	if (!t) {
		seterr(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < nu; i++) {
		size_t k;

		if (!u[i].words)
			continue;
		k = (size_t)(u[i].hash ^ (u[i].hash >> 29)) & (cap - 1);
		while (t[k].n && t[k].h != u[i].hash)
			k = (k + 1) & (cap - 1);
		t[k].h = u[i].hash;
		if (t[k].n++ && u[i].words > 12 && u[i].v == CLEAN_KEEP)
			u[i].v = CLEAN_DUP;
	}
	for (i = 0; i < nu; i++) {
		size_t k;

		if (!u[i].words || u[i].words > 12 || u[i].v != CLEAN_KEEP)
			continue;
		k = (size_t)(u[i].hash ^ (u[i].hash >> 29)) & (cap - 1);
		while (t[k].h != u[i].hash)
			k = (k + 1) & (cap - 1);
		/* a short line the page shows twice is furniture (site
		 * name, menu, share row): never a sentence though */
		if (t[k].n >= 2 && !(u[i].flags & U_TERMINAL))
			u[i].v = CLEAN_CHROME;
	}
	free(t);
	return 0;
}

/* Non-empty lines not judged otherwise are kept; counts them into rep. */
static void settle_verdicts(const struct lineinfo *li, size_t n,
			    unsigned char *verdict, struct clean_report *rep)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (li[i].b == li[i].e)
			continue;
		if (verdict[i] == CLEAN_BLANK)
			verdict[i] = CLEAN_KEEP;
		if (rep) {
			rep->lines_in++;
			if (verdict[i] == CLEAN_KEEP)
				rep->lines_kept++;
			else
				rep->dropped[verdict[i]]++;
		}
	}
}

int clean_classify(const struct clean_line *lines, size_t n,
		   const clean_cues_t *cues, unsigned char *verdict,
		   struct clean_report *rep, char *err, size_t errlen)
{
	struct lineinfo *li = NULL;
	struct unit *u = NULL;
	size_t nu = 0, i, block = 0, goodw = 0, acc, cstart, end, nkept;
	int in_block = 0, seen_good, wrapped = 0;
	struct cue_index *cx;

	if (!cues)
		cues = &clean_builtin;
	if (rep)
		memset(rep, 0, sizeof *rep);
	if (n == 0)
		return 0;
	li = calloc(n, sizeof *li);
	u = calloc(n, sizeof *u);
	cx = malloc(sizeof *cx);
	if (!li || !u || !cx) {
		free(li);
		free(u);
		free(cx);
		seterr(err, errlen, "out of memory");
		return -1;
	}
	cue_index_build(cx, cues);
	/* Lines: trim, and note what a line says on its own. */
	for (i = 0; i < n; i++) {
		size_t b = 0, e = lines[i].len;

		if (verdict[i] != CLEAN_META && verdict[i] != CLEAN_HEADER)
			verdict[i] = CLEAN_BLANK;
		trim(lines[i].s, &b, &e);
		li[i].b = b;
		li[i].e = e;
		if (b == e)
			continue;
		li[i].credit = (unsigned char)clean_is_credit(
			cues, lines[i].s + b, e - b);
		li[i].list = (unsigned char)starts_list(lines[i].s + b, e - b);
		li[i].term = (unsigned char)mark_is_terminal(
			last_mark(lines[i].s + b, e - b));
	}
	mark_data(lines, li, n, verdict);
	/* Units: one per line, or per hard-wrapped paragraph. */
	for (i = 0; i < n; i++) {
		int blank = li[i].b == li[i].e;
		int taken = verdict[i] == CLEAN_META ||
			    verdict[i] == CLEAN_HEADER ||
			    verdict[i] == CLEAN_DATA;

		if (blank || taken) {
			if (in_block)
				block++;
			in_block = 0;
			continue;
		}
		if (!in_block) {
			/* measure the block that starts here */
			size_t be = i;

			while (be + 1 < n && li[be + 1].b != li[be + 1].e &&
			       verdict[be + 1] != CLEAN_META &&
			       verdict[be + 1] != CLEAN_HEADER &&
			       verdict[be + 1] != CLEAN_DATA)
				be++;
			wrapped = block_wrapped(lines, li, i, be);
		}
		if (in_block && nu && u[nu - 1].last == i - 1 &&
		    line_continues(&lines[i], &li[i - 1], &li[i], wrapped)) {
			u[nu - 1].last = i;
			continue;
		}
		in_block = 1;
		u[nu].first = u[nu].last = i;
		u[nu].block = block;
		nu++;
	}
	for (i = 0; i < nu; i++) {
		struct unit *x = &u[i];
		const struct lineinfo *lf = &li[x->first], *ll = &li[x->last];
		size_t pipes = 0, k;

		unit_scan(cx, lines, li, x);
		if (lf->list)
			x->flags |= U_LIST;
		if (lf->credit)
			x->flags |= U_CAPTION;
		if (ll->term)
			x->flags |= U_TERMINAL;
		if (last_mark(lines[x->last].s + ll->b, ll->e - ll->b) == ':')
			x->flags |= U_COLON;
		for (k = lf->b; k + 2 < lf->e && k < lf->b + 400; k++)
			if (lines[x->first].s[k] == '|' ||
			    (lines[x->first].s[k] == ' ' &&
			     lines[x->first].s[k + 1] == '/' &&
			     lines[x->first].s[k + 2] == ' '))
				pipes++;
		if (pipes >= 2 && x->words <= 24)
			x->flags |= U_PIPES;
		if (x->first == x->last &&
		    hash_line(lines[x->first].s + lf->b, lf->e - lf->b))
			x->flags |= U_HASH;
		if (!(x->flags & U_CSTAMP) && x->words <= 10 &&
		    unit_has_time_ago(lines, li, x))
			x->flags |= U_CSTAMP;
		if (x->words >= 10 && (ll->term || x->stops * 4 >= x->words ||
				       x->words >= 20))
			x->flags |= U_GOOD;
		if (!ll->term && !lf->list && x->words >= 8 &&
		    x->words <= 16 && x->stops * 10 < x->words * 3 &&
		    last_mark(lines[x->last].s + ll->b, ll->e - ll->b) != ',')
			x->flags |= U_HEADLINE;
		x->v = first_verdict(cues, lines, li, x);
		if (x->flags & U_GOOD && x->v == CLEAN_KEEP)
			goodw += x->words;
	}
	free(cx);
	if (repeats_mark(u, nu, err, errlen)) {
		free(li);
		free(u);
		return -1;
	}
	/* A block that is mostly furniture is all furniture. */
	for (i = 0; i < nu;) {
		size_t j = i, bad = 0, big = 0, k;

		while (j < nu && u[j].block == u[i].block)
			j++;
		for (k = i; k < j; k++) {
			if (unit_dropped(&u[k]))
				bad++;
			else if (u[k].words >= 25)
				big = 1;
		}
		if (j - i >= 3 && bad * 5 >= (j - i) * 3 && !big)
			for (k = i; k < j; k++)
				if (!unit_dropped(&u[k]))
					u[k].v = u[k].cue[CLEAN_CUE_PROMO] ||
						 u[k].address ?
						 CLEAN_PROMO : CLEAN_CHROME;
		i = j;
	}
	/* Menus: three or more very short unpunctuated lines in a row. */
	for (i = 0; i < nu;) {
		size_t j = i;

		while (j < nu && u[j].words <= 4 &&
		       !(u[j].flags & U_TERMINAL) && !(u[j].flags & U_GOOD))
			j++;
		if (j - i >= 3) {
			size_t k;

			for (k = i; k < j; k++)
				if (u[k].v == CLEAN_KEEP)
					u[k].v = CLEAN_CHROME;
		}
		i = j > i ? j : i + 1;
	}
	/* Related labels take the link lines after them; long headlines
	 * inside the text are links to other stories. */
	seen_good = 0;
	for (i = 0; i < nu; i++) {
		if ((u[i].flags & U_GOOD) && u[i].v == CLEAN_KEEP)
			seen_good = 1;
		if (u[i].flags & U_LABEL) {
			size_t k = i + 1;

			while (k < nu && u[k].words <= 16 &&
			       (!(u[k].flags & U_TERMINAL) ||
				(u[k].words <= 12 && last_mark(
					lines[u[k].last].s + li[u[k].last].b,
					li[u[k].last].e - li[u[k].last].b) ==
				 '?')) &&
			       !(u[k].flags & U_LABEL) &&
			       !(u[k].flags & U_CHEAD)) {
				if (u[k].v == CLEAN_KEEP)
					u[k].v = CLEAN_RELATED;
				k++;
			}
			i = k - 1;
		} else if ((u[i].flags & U_HEADLINE) && u[i].v == CLEAN_KEEP &&
			   seen_good) {
			/* before the first paragraph it is the standfirst */
			u[i].v = CLEAN_RELATED;
		}
	}
	/* The comment section. */
	cstart = nu;
	acc = 0;
	for (i = 0; i < nu; i++) {
		int strong = (u[i].flags & U_CHEAD) != 0;
		int weak = (u[i].flags & U_CSTAMP) != 0 ||
			   (u[i].words <= 3 && u[i].cue[CLEAN_CUE_COMMENT] &&
			    (u[i].flags & U_ACTION));

		if (acc > 0 && ((strong && (acc >= 100 || acc * 10 >= goodw * 3)) ||
				(weak && acc * 2 >= goodw))) {
			cstart = i;
			if (!strong && i > 0 && u[i - 1].words <= 4 &&
			    !(u[i - 1].flags & U_TERMINAL))
				cstart = i - 1;
			break;
		}
		if ((u[i].flags & U_GOOD) && u[i].v == CLEAN_KEEP)
			acc += u[i].words;
	}
	for (i = cstart; i < nu; i++)
		u[i].v = CLEAN_COMMENT;
	if (rep && cstart < nu)
		rep->comments_line = lines[u[cstart].first].line;
	/* The tail: back to the last clean paragraph.  The one paragraph
	 * left is the article, not its tail (a mail of one short line, a
	 * speech saved as one line), and so is the one after a headline
	 * line ("Title\n\nnumbat appears here" kept only its title). */
	nkept = 0;
	for (i = 0; i < cstart; i++)
		nkept += !unit_dropped(&u[i]);
	end = cstart;
	while (end > 0) {
		struct unit *x = &u[end - 1];
		int why;

		if (unit_dropped(x)) {
			end--;
			continue;
		}
		if (nkept <= 1 || (nkept == 2 && !unit_dropped(&u[0]) &&
				   u[0].first == u[0].last))
			break;
		why = unit_suspect_tail(x);
		if (!why && (x->flags & U_LIST) &&
		    (end < 2 || !(u[end - 2].flags & U_LIST)) &&
		    (x->address || x->cue[CLEAN_CUE_PROMO]))
			why = CLEAN_PROMO;
		if (!why)
			break;
		x->v = (unsigned char)why;
		nkept--;
		end--;
	}
	/* A furniture block near the end takes the little that follows. */
	{
		size_t kept = 0, k, after, nafter;

		for (k = 0; k < end; k++)
			if (!unit_dropped(&u[k]) && (u[k].flags & U_GOOD))
				kept += u[k].words;
		acc = 0;
		for (k = 0; k < end; k++) {
			size_t j = k;

			if (!unit_dropped(&u[k])) {
				if (u[k].flags & U_GOOD)
					acc += u[k].words;
				continue;
			}
			while (j < end && unit_dropped(&u[j]))
				j++;
			if (j - k >= 2 && acc * 10 >= kept * 6 &&
			    (u[k].flags & U_LABEL || j - k >= 3)) {
				size_t m;

				after = 0;
				nafter = 0;
				for (m = j; m < end; m++)
					if (!unit_dropped(&u[m]) &&
					    (u[m].flags & U_GOOD)) {
						after += u[m].words;
						nafter++;
					}
				if (nafter <= 1 && after * 100 <= kept * 15) {
					for (m = j; m < end; m++)
						if (!unit_dropped(&u[m]))
							u[m].v = u[m].cue[CLEAN_CUE_BIO] ?
								 CLEAN_BIO : CLEAN_CHROME;
					break;
				}
			}
			k = j - 1;
		}
	}
	/* A line that is one hash is an indicator the article gives (of a
	 * malware sample, a certificate): text wherever it stands, though
	 * a list of them looks like a menu, but for the comment section. */
	for (i = 0; i < nu; i++)
		if ((u[i].flags & U_HASH) && u[i].v != CLEAN_COMMENT &&
		    u[i].v != CLEAN_DUP)
			u[i].v = CLEAN_KEEP;
	/* Verdicts back to lines. */
	for (i = 0; i < nu; i++) {
		size_t k;

		for (k = u[i].first; k <= u[i].last; k++)
			verdict[k] = u[i].v;
	}
	settle_verdicts(li, n, verdict, rep);
	free(li);
	free(u);
	return 0;
}

/* Only the blocks of encoded data: KEEP or DATA for each line. */
static void classify_data(const struct clean_line *lines, size_t n,
			  unsigned char *verdict, struct lineinfo *li,
			  struct clean_report *rep)
{
	size_t i;

	for (i = 0; i < n; i++) {
		li[i].b = 0;
		li[i].e = lines[i].len;
		trim(lines[i].s, &li[i].b, &li[i].e);
		verdict[i] = CLEAN_BLANK;
	}
	mark_data(lines, li, n, verdict);
	settle_verdicts(li, n, verdict, rep);
}

/* Cleans b with every rule, or (data_only) drops encoded data alone. */
static int clean_lines(struct body *b, const clean_cues_t *cues,
		       int data_only, struct clean_report *rep, char *err,
		       size_t errlen)
{
	struct clean_line *cl;
	struct lineinfo *li = NULL;
	unsigned char *v;
	struct body nb;
	size_t i;
	int r = 0;

	if (rep)
		memset(rep, 0, sizeof *rep);
	if (!b->nlines)
		return 0;
	cl = calloc(b->nlines, sizeof *cl);
	v = calloc(b->nlines, 1);
	if (data_only)
		li = calloc(b->nlines, sizeof *li);
	if (!cl || !v || (data_only && !li)) {
		free(cl);
		free(v);
		free(li);
		seterr(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < b->nlines; i++) {
		cl[i].s = b->s + b->lines[i].off;
		cl[i].len = b->lines[i].len;
		cl[i].line = b->lines[i].line;
		cl[i].col = b->lines[i].col;
	}
	if (data_only) {
		int any = 0;

		classify_data(cl, b->nlines, v, li, rep);
		free(li);
		for (i = 0; i < b->nlines && !any; i++)
			any = v[i] == CLEAN_DATA;
		if (!any) {	/* nothing to drop: b as it is */
			free(cl);
			free(v);
			return 0;
		}
	} else if (clean_classify(cl, b->nlines, cues, v, rep, err, errlen)) {
		free(cl);
		free(v);
		return -1;
	}
	memset(&nb, 0, sizeof nb);
	for (i = 0; i < b->nlines && !r; i++) {
		size_t keep = v[i] == CLEAN_CAPTION ?
			clean_caption_text(cues, cl[i].s, cl[i].len) : 0;
		if (v[i] == CLEAN_KEEP)
			r = body_add_line(&nb, cl[i].s, cl[i].len, cl[i].line,
					  cl[i].col);
		else if (keep)
			r = body_end_paragraph(&nb) ||
			    body_add_line(&nb, cl[i].s, keep, cl[i].line, cl[i].col) ||
			    body_end_paragraph(&nb);
		else if (v[i] == CLEAN_BLANK || v[i] == CLEAN_DATA)
			r = body_end_paragraph(&nb);
	}
	/* no trailing paragraph break */
	while (!r && nb.nlines && nb.lines[nb.nlines - 1].len == 0) {
		nb.nlines--;
		nb.len = nb.nlines ? nb.lines[nb.nlines - 1].off +
				     nb.lines[nb.nlines - 1].len : 0;
		if (nb.s)
			nb.s[nb.len] = '\0';
	}
	free(cl);
	free(v);
	if (r) {
		body_free(&nb);
		seterr(err, errlen, "out of memory");
		return -1;
	}
	body_free(b);
	*b = nb;
	return 0;
}

int clean_body_with(struct body *b, const clean_cues_t *cues,
		    struct clean_report *rep, char *err, size_t errlen)
{
	return clean_lines(b, cues, 0, rep, err, errlen);
}

int clean_body_data(struct body *b, struct clean_report *rep, char *err,
		    size_t errlen)
{
	return clean_lines(b, NULL, 1, rep, err, errlen);
}

int clean_body(struct body *b, struct clean_report *rep,
	       char *err, size_t errlen)
{
	return clean_body_with(b, NULL, rep, err, errlen);
}
