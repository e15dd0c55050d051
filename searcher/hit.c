/*
 * hit.c - a hit's stored record (layout in indexer/record.c), and where
 * its first match is in the original file.
 *
 * The stored data maps each line of the clean text to its line and column
 * in the file, so a byte offset in the text maps back to the file as an
 * editor opens it.
 * The first occurrence (case-insensitive, at word boundaries) of any of
 * the query's words or phrases is reported; with none, the first body
 * line.
 */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "searcher.h"

const struct entity_kind hit_entity_kinds[SHIM_META_NENT] = {
	[SHIM_META_ORG] = { "org", SHIM_FIELD_ORG },
	[SHIM_META_PERSON] = { "person", SHIM_FIELD_PERSON },
	[SHIM_META_PLACE] = { "place", SHIM_FIELD_PLACE },
};

static bool ascii_alnum(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26 || (unsigned)(c - '0') < 10;
}

/* shim_wordchar(), without the call for ASCII: most text */
static bool wordchar(unsigned cp)
{
	return cp < 0x80 ? ascii_alnum((unsigned char)cp) : shim_wordchar(cp);
}

static bool is_apostrophe(unsigned cp)
{
	return cp == '\'' || cp == 0x2019;
}

/* The character at text[i] (i < len), lower-cased; *n gets its length. */
static unsigned char_at(const char *text, size_t len, size_t i, size_t *n)
{
	unsigned char c = (unsigned char)text[i];
	unsigned cp;

	if (c < 0x80) {
		*n = 1;
		return c >= 'A' && c <= 'Z' ? c + 32u : c;
	}
	*n = shim_utf8_lower(text + i, len - i, &cp);
	return cp;
}

/* The character that ends just before text[i] (i > 0); *start gets where
 * it starts.  Bytes that are not one character count as a letter. */
static unsigned char_before(const char *text, size_t i, size_t *start)
{
	size_t j = i - 1, n;
	unsigned cp;

	while (j > 0 && i - j < 4 && ((unsigned char)text[j] & 0xC0) == 0x80)
		j--;
	cp = char_at(text, i, j, &n);
	*start = j;
	return j + n == i ? cp : 'a';
}

/*
 * The tokenizer's word boundaries (shim/tokenize.cc): a word is letters
 * and digits, and an apostrophe between two of them is inside it
 * ("don't", "l'État"), but after an elided word ("l'") a word starts as
 * well; a final "'s" is not part of the word it ends.
 */

/* Does a word go on into text[i] (len bytes in all) from before it? */
static bool word_before(const char *text, size_t len, size_t i)
{
	size_t j, k;
	unsigned cp;
	/* an ideograph is a word alone: none goes on into it, or from it */
	bool alone = (unsigned char)text[i] >= 0x80 &&
		     shim_ideograph(char_at(text, len, i, &k));

	if (i == 0 || alone)
		return false;
	if (ascii_alnum((unsigned char)text[i - 1]))
		return true;
	if ((unsigned char)text[i - 1] < 0x80 && text[i - 1] != '\'')
		return false;
	cp = char_before(text, i, &j);
	if (wordchar(cp))
		return !shim_ideograph(cp);
	if (!is_apostrophe(cp) || j == 0 || !wordchar(char_before(text, j, &k)))
		return false;
	/* "l'État": after an elided word a word starts too, when that word
	 * starts the whole ("rock'n'roll" is one) */
	size_t s = j;
	while (s > 0 && wordchar(cp = char_before(text, s, &k)) && !shim_ideograph(cp))
		s = k;
	if (s == j)	/* an ideograph before the apostrophe */
		return false;
	if (s > 0) {
		unsigned cb = char_before(text, s, &k);
		if (is_apostrophe(cb) || (wordchar(cb) && !shim_ideograph(cb)))
			return true;
	}
	return !shim_elides(text + s, j - s);
}

/* Does a word end before text[i] (len bytes in all)? */
static bool word_ends(const char *text, size_t len, size_t i)
{
	size_t n, n2;
	unsigned cp, next;

	if (i >= len)
		return true;
	if (i > 0 && (unsigned char)text[i - 1] >= 0x80 &&
	    shim_ideograph(char_before(text, i, &n)))
		return true;	/* an ideograph is a word alone */
	if ((unsigned char)text[i] < 0x80 && text[i] != '\'')
		return !ascii_alnum((unsigned char)text[i]);
	cp = char_at(text, len, i, &n);
	if (wordchar(cp))
		return shim_ideograph(cp);
	if (!is_apostrophe(cp) || i + n >= len)
		return true;
	next = char_at(text, len, i + n, &n2);
	if (!wordchar(next) || shim_ideograph(next))
		return true;
	/* "Huawei's": the possessive's "s" ends the word */
	return next == 's' && (i + n + n2 >= len ||
			       !wordchar(char_at(text, len, i + n + n2, &n2)));
}

/*
 * Does word w (a term: lower-cased) match text at i, case-insensitively as
 * the tokenizer folds case ("État" for "état"), letting one hyphen or space
 * stand between two of its letters (a compound "backdoor" written
 * "back-door" or "back door")?  A space in w parts the words of a
 * phrase: any run of what is no word stands for it.  Returns the match's
 * length, or 0.
 */
static size_t match_at(const char *text, size_t len, size_t i, const char *w,
		       size_t wlen)
{
	size_t j = 0, k = i, seg = 0;
	bool split = false;

	while (j < wlen && k < len) {
		size_t tn, wn;
		unsigned tc = char_at(text, len, k, &tn), wc = char_at(w, wlen, j, &wn);
		if (tc == 0x2019)	/* indexed as "'" */
			tc = '\'';
		if (wc == ' ' && j > 0) {
			/* a phrase's next word: after what is no word ("smoking,
			 * gun", "smoking\ngun"), as positions have it */
			size_t k0 = k, an;
			/* "Huawei's backdoor": the possessive is no word */
			if (k < len && is_apostrophe(char_at(text, len, k, &an)) &&
			    k + an < len && char_at(text, len, k + an, &tn) == 's' &&
			    word_ends(text, len, k + an + tn))
				k += an + tn;
			while (k < len && !wordchar(char_at(text, len, k, &tn)))
				k += tn;
			/* "présent l'Agence" for the phrase "présent agence": an
			 * elided word before the next (unless that is it) */
			size_t e = k, en;
			while (e < len && e - k < 8 && ascii_alnum((unsigned char)text[e]))
				e++;
			if (e > k && e < len && is_apostrophe(char_at(text, len, e, &en)) &&
			    shim_elides(text + k, e - k) &&
			    ((unsigned char)text[k] | 0x20) != (unsigned char)w[j + 1])
				k = e + en;
			/* ideographs stand side by side */
			if (k == k0 && !(word_ends(text, len, k) && k < len &&
					 !word_before(text, len, k)))
				return 0;
			j += wn;
			seg = 0;
			continue;
		}
		/* "sécurité" for securite: the tokenizer indexes both */
		if (tc == wc || (tc >= 0xC0 && wc < tc && shim_unaccented(tc) == wc)) {
			j += wn;
			k += tn;
			seg++;
			continue;
		}
		/* "U.S." is the word "us": a dot after a one-letter segment,
		 * before another that the next byte ends (the tokenizer's
		 * rule) */
		if (tc == '.' && seg == 1 && k + 2 < len &&
		    ascii_alnum((unsigned char)text[k + 1]) &&
		    !wordchar((unsigned char)text[k + 2])) {
			seg = 0;
			k++;
			continue;
		}
		if (!split && j > 0 && (tc == '-' || tc == ' ')) {
			split = true;
			seg = 0;
			k++;
			continue;
		}
		return 0;
	}
	return j < wlen ? 0 : k - i;
}

/* ASCII upper case folded, the rest as it is */
static unsigned char fold_byte(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* The pair a, b (a folded) can begin a match, and so can A, b. */
static void pair_add(struct hit_words *hw, unsigned a, unsigned b)
{
	hw->pairs[(a << 8 | b) >> 6] |= 1ull << (b & 63);
	hw->first[a] = hw->first[toupper(a)] = true;
}

/* Every pair beginning with byte a (or A). */
static void pair_add_all(struct hit_words *hw, unsigned a)
{
	memset(&hw->pairs[a << 2], 0xFF, 4 * sizeof hw->pairs[0]);
	hw->first[a] = hw->first[toupper(a)] = true;
}

static bool pair_has(const struct hit_words *hw, unsigned a, unsigned b)
{
	return hw->pairs[(a << 8 | b) >> 6] >> (b & 63) & 1;
}

int hit_words_init(struct hit_words *hw, const char *const *words,
		   const unsigned *groups, size_t n)
{
	memset(hw, 0, sizeof *hw);
	hw->len = malloc((n ? n : 1) * sizeof *hw->len);
	hw->byfirst = malloc((n ? n : 1) * sizeof *hw->byfirst);
	if (!hw->len || !hw->byfirst) {
		hit_words_free(hw);
		return -1;
	}
	/* a counting sort of the words by first byte, stable */
	for (size_t k = 0; k < n; k++)
		hw->start[(unsigned char)words[k][0] + 1]++;
	for (unsigned c = 0; c < 256; c++)
		hw->start[c + 1] += hw->start[c];
	size_t at[256];
	memcpy(at, hw->start, sizeof at);
	for (size_t k = 0; k < n; k++)
		hw->byfirst[at[(unsigned char)words[k][0]]++] = k;
	hw->w = words;
	hw->group = groups;
	hw->n = n;
	for (size_t k = 0; k < n; k++)
		if ((size_t)(groups ? groups[k] : k) + 1 > hw->ngroups)
			hw->ngroups = (size_t)(groups ? groups[k] : k) + 1;
	/* a letter past ASCII may fold to one in ASCII ("İ" to "i"), and
	 * a word may begin with one: any lead byte, then anything */
	for (unsigned a = 0xC0; a < 256; a++)
		pair_add_all(hw, a);
	for (size_t k = 0; k < n; k++) {
		unsigned a = (unsigned char)words[k][0],
			 b = a ? (unsigned char)words[k][1] : 0;
		hw->len[k] = strlen(words[k]);
		if (a >= 0x80)
			continue;
		if (!ascii_alnum((unsigned char)b)) {
			/* one letter, a prefix of one ("h*"), or a phrase
			 * of a one-letter word: anything may follow */
			pair_add_all(hw, a);
			continue;
		}
		/* the second letter; or what match_at() lets stand after
		 * the first: a hyphen or space of a compound ("b-", "b "),
		 * a dot of "U.S.", a letter past ASCII that folds to b */
		pair_add(hw, a, b);
		pair_add(hw, a, '-');
		pair_add(hw, a, ' ');
		pair_add(hw, a, '.');
		for (unsigned c = 0x80; c < 256; c++)
			pair_add(hw, a, c);
	}
	return 0;
}

void hit_words_free(struct hit_words *hw)
{
	free(hw->len);
	free(hw->byfirst);
	hw->len = NULL;
	hw->byfirst = NULL;
}

/* The first i' >= i (or len) where text[i'] may begin a match: the loop
 * that reads most of the bytes, kept apart so that it stays in registers. */
static size_t skip_to_first(const char *text, size_t i, size_t len,
			    const bool *first)
{
	const unsigned char *t = (const unsigned char *)text;

	while (i < len && !first[t[i]])
		i++;
	return i;
}

/* Offset of the first whole-word match of any of the words that starts
 * at or after from, or -1; *which (may be NULL) gets the word's index and
 * *mlen its length in the text.  A word that ends in '*' is a wildcard's
 * prefix: the word matched may go on.  match_at() is tried only where a
 * pair of bytes may begin a match: a scan over tens of kilobytes of a
 * speech then calls it at few places, not at every 'e'. */
static long first_match(const char *text, size_t len, size_t from,
			const struct hit_words *hw, size_t *which, size_t *mlen)
{
	for (size_t i = from; (i = skip_to_first(text, i, len, hw->first)) < len; i++) {
		/* inside a word, the common case ("e" in "the"): no match
		 * starts there (word_before()'s first test, without its call) */
		if (i > 0 && ascii_alnum((unsigned char)text[i - 1]))
			continue;
		if (!pair_has(hw, fold_byte((unsigned char)text[i]),
			      i + 1 < len ? fold_byte((unsigned char)text[i + 1]) : 0) ||
		    word_before(text, len, i))
			continue;
		/* At an ASCII byte only a word that begins with it (folded)
		 * can match (match_at() folds text, not words, past ASCII);
		 * at another, any word may: "É" for e. */
		unsigned char c = fold_byte((unsigned char)text[i]);
		size_t lo = c < 0x80 ? hw->start[c] : 0,
		       hi = c < 0x80 ? hw->start[c + 1] : hw->n;
		for (size_t x = lo; x < hi; x++) {
			size_t k = c < 0x80 ? hw->byfirst[x] : x;
			size_t wl = hw->len[k];
			bool prefix = wl > 1 && hw->w[k][wl - 1] == '*';
			size_t n = match_at(text, len, i, hw->w[k], wl - prefix);
			if (n && (prefix || word_ends(text, len, i + n))) {
				if (which)
					*which = k;
				if (mlen)
					*mlen = n;
				return (long)i;
			}
		}
	}
	return -1;
}

/* The decimal number at *p (< end), *p moved past it; -1 when there is
 * none or it is past LONG_MAX / 10.  The map is read for every hit:
 * strtol(), with its locale and signs, was 2% of a full answer. */
static long map_number(const char **p, const char *end)
{
	const char *q = *p;
	long v = 0;

	while (q < end && *q >= '0' && *q <= '9' && v < LONG_MAX / 10)
		v = v * 10 + (*q++ - '0');
	if (q == *p || (q < end && *q >= '0' && *q <= '9'))
		return -1;
	*p = q;
	return v;
}

/*
 * Where text line idx starts in the file, from the stored line map
 * (runs "L,C", "L,C*N" or "L,C=P" separated by ";", layout in
 * indexer/record.c): 0 with *line and *col set and *copied the bytes of
 * the line that are the file's own from there (-1: all of them), or -1
 * when the map does not say.
 */
static int linemap_find(const char *map, size_t len, size_t idx, long *line,
			long *col, long *copied)
{
	const char *p = map, *end = map + len;
	size_t first = 0;

	while (p < end) {
		long l = map_number(&p, end), c, n = 1, v = -1;
		if (l < 0 || p >= end || *p != ',')
			return -1;
		p++;
		if ((c = map_number(&p, end)) < 0)
			return -1;
		if (p < end && *p == '*') {
			p++;
			n = map_number(&p, end);
		} else if (p < end && *p == '=') {
			p++;
			if ((v = map_number(&p, end)) < 0)
				return -1;
		}
		if (n < 1 || (p < end && *p != ';'))
			return -1;
		if (idx < first + (size_t)n) {
			if (l <= 0)
				return -1;
			*line = l + (long)(idx - first);
			*col = c;
			*copied = v;
			return 0;
		}
		first += (size_t)n;
		p++;
	}
	return -1;
}

/* Index of the text line holding byte off, or of the first non-empty line
 * when off < 0. */
static size_t line_of(const char *t, size_t len, long off)
{
	size_t idx = 0, start = 0;
	const char *nl;

	/* memchr: lines are paragraphs, hundreds of bytes each */
	while ((nl = memchr(t + start, '\n', len - start)) != NULL) {
		size_t i = (size_t)(nl - t);
		if (off < 0 ? i > start : (size_t)off <= i)
			return idx;
		idx++;
		start = i + 1;
	}
	return idx;
}

/* Past a match, what must be read too: the rest of its word (at most 64
 * bytes indexed, more in the text) and half the snippet window. */
#define AFTER_MATCH (SNIPPET_WINDOW / 2 + 256)

/* Where the stretches best_match() weighs may start in len bytes of a
 * hit's text: all of it when that is whole, else where the window after
 * one was read too (the first match is there, hit_load() saw to it). */
static size_t heads(size_t len, int whole)
{
	return whole ? len : len > AFTER_MATCH ? len - AFTER_MATCH : 0;
}

/* Matches a stretch of SNIPPET_BYTES holds, at most, as best_match()
 * counts them (one-letter words a space apart). */
#define STRETCH_MATCHES 128

/*
 * Where a snippet is best taken from: the match (at or after first) that
 * begins the stretch of SNIPPET_BYTES holding matches of the most groups
 * of words (shim_results_word_groups()), the earliest of equals; *got
 * gets how many groups that is.  "nuclear weapons treaty" in a speech
 * that says "weapons" long before "nuclear weapons treaty" shows the
 * latter.  One pass over the matches, stopping at a stretch of them all.
 */
static long best_match(const char *text, size_t len, size_t heads, long first,
		       const struct hit_words *hw, size_t *got)
{
	struct {
		size_t off;
		unsigned g;
	} ring[STRETCH_MATCHES];	/* the stretch's matches, from head */
	size_t head = 0, count = 0, distinct = 0, best_n = 0, at, k, n;
	size_t *seen = calloc(hw->ngroups ? hw->ngroups : 1, sizeof *seen);
	long best = first, m;

	*got = 0;
	if (!seen || first < 0)
		goto done;
	for (at = (size_t)first;; at = (size_t)m + n) {
		m = first_match(text, len, at, hw, &k, &n);
		if (m >= 0 && (size_t)m >= heads)
			m = -1;
		/* the stretch from head is whole when this match is past it */
		while (count && (m < 0 || count == STRETCH_MATCHES ||
				 (size_t)m + n - ring[head].off > SNIPPET_BYTES)) {
			if (distinct > best_n) {
				best_n = distinct;
				best = (long)ring[head].off;
				if (best_n == hw->ngroups)
					goto done;
			}
			if (--seen[ring[head].g] == 0)
				distinct--;
			head = (head + 1) % STRETCH_MATCHES;
			count--;
		}
		if (m < 0)
			break;
		unsigned g = hw->group ? hw->group[k] : (unsigned)k;
		size_t slot = (head + count++) % STRETCH_MATCHES;
		ring[slot].off = (size_t)m;
		ring[slot].g = g;
		if (seen[g]++ == 0)
			distinct++;
	}
done:
	free(seen);
	*got = best_n;
	return best;
}

int hit_load(struct hit *h, shim_results_t *res, size_t i,
	     const struct hit_words *words, bool want_text)
{
	const char *data, *nl;
	size_t len, want = TEXT_PREFIX, from = 0;
	int whole = 0;

	h->title = h->h.meta.title;
	h->date = h->h.meta.date;
	h->source = h->h.meta.source;
	h->url = h->h.meta.url;
	h->path = h->h.meta.path;
	h->line = (long)h->h.meta.line;
	h->column = 1;
	h->match_off = h->snippet_off = -1;
	h->text_whole = false;
	if (!want_text)
		return 0;
	for (;;) {
		if (shim_results_data_prefix(res, i, want, &data, &len, &whole) != SHIM_OK)
			return -1;
		nl = memchr(data, '\n', len);
		if (nl) {
			h->text = nl + 1;
			h->textlen = len - (size_t)(h->text - data);
			h->match_off = first_match(h->text, h->textlen, from, words,
						   NULL, NULL);
			/* a match at the prefix's end may be part of a longer word */
			if (whole || (h->match_off >= 0 &&
				      (size_t)h->match_off + AFTER_MATCH <= h->textlen))
				break;
			/* More text, from where this scan was sure: a word
			 * (a split compound too: "back door") that the end
			 * cut short starts in the last AFTER_MATCH bytes, as
			 * does a match near the end that may grow longer. */
			from = h->textlen > AFTER_MATCH ? h->textlen - AFTER_MATCH : 0;
			if (h->match_off >= 0 && (size_t)h->match_off < from)
				from = (size_t)h->match_off;
		} else if (whole) {
			return -1;
		}
		want = want > SIZE_MAX / 4 ? SIZE_MAX : want * 4;
	}
	h->snippet_off = h->match_off;
	if (words->ngroups > 1 && h->match_off >= 0) {
		/* The best stretch of what was read, if it shows two of
		 * the words (or all); else the best of the first
		 * SNIPPET_SCAN bytes.  A stretch starts where the window
		 * after it was read too. */
		size_t got;
		long b = best_match(h->text, h->textlen, heads(h->textlen, whole),
				    h->match_off, words, &got);
		if (!whole && got < 2 && len < SNIPPET_SCAN) {
			if (shim_results_data_prefix(res, i, SNIPPET_SCAN, &data, &len,
						     &whole) != SHIM_OK ||
			    !(nl = memchr(data, '\n', len)))
				return -1;
			h->text = nl + 1;
			h->textlen = len - (size_t)(h->text - data);
			b = best_match(h->text, h->textlen, heads(h->textlen, whole),
				       h->match_off, words, &got);
		}
		h->snippet_off = b;
	}
	h->text_whole = whole != 0;

	long fl, fc, copied;
	size_t idx = line_of(h->text, h->textlen, h->match_off);
	if (linemap_find(data, (size_t)(nl - data), idx, &fl, &fc, &copied) == 0) {
		if (h->match_off >= 0) {
			/* the match's byte offset within its line, a column
			 * offset only where the line is the file's bytes;
			 * else where the line's source starts */
			const char *lf = memrchr(h->text, '\n', (size_t)h->match_off);
			size_t start = lf ? (size_t)(lf + 1 - h->text) : 0;
			if (copied < 0 || h->match_off - (long)start < copied)
				fc += h->match_off - (long)start;
		}
		h->line = fl;
		h->column = fc > 0 ? fc : 1;
	}
	return 0;
}

static bool gap_byte(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Back from i to the start of a UTF-8 sequence. */
static size_t char_start(const char *t, size_t i)
{
	while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* Where the last whole character of the first e bytes ends: a prefix of
 * a text may stop inside one. */
static size_t whole_end(const char *t, size_t e)
{
	size_t j = char_start(t, e > 0 ? e - 1 : 0);
	unsigned char lead = (unsigned char)t[j];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;

	return e - j < need ? j : e;
}

void hit_window(const char *t, size_t len, bool more, long match_off,
		size_t *from, size_t *to)
{
	size_t f = 0, e, m = match_off < 0 ? 0 : (size_t)match_off;

	if (m > SNIPPET_WINDOW / 2)
		f = m - SNIPPET_WINDOW / 2;
	if (f > 0) {
		/* start after a gap, before the match; else mid-word, but
		 * on a character */
		size_t k = f;
		while (k < m && !gap_byte(t[k - 1]))
			k++;
		f = k < m || gap_byte(t[k - 1]) ? k : char_start(t, f);
	}
	e = len - f > SNIPPET_WINDOW ? f + SNIPPET_WINDOW : len;
	if (e < len || more) {
		/* end at a gap after the match (and its word) */
		size_t k = e;
		while (k > m && k > f && (k == len || !gap_byte(t[k])))
			k--;
		e = k > m && k > f ? k : e < len ? char_start(t, e) : whole_end(t, e);
	}
	*from = f;
	*to = e < f ? f : e;
}

void hit_free(struct hit *h)
{
	free(h->snippet);
	free(h->spans);
	memset(h, 0, sizeof *h);
}
