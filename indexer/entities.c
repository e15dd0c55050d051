/*
 * entities.c - gazetteer loading and entity extraction (see entities.h).
 *
 * Relies on: article.h (title, line-mapped body, explicit entities) and the
 * shipped data file data/gazetteer.tsv, which holds the names and also the
 * cue words (titles, reporting verbs, words that are never names), so that
 * no list of names or cues lives in the code.
 *
 * Workload: one call per article, a few KB to a few MB of text.  Text is
 * cut into tokens once; matching tries, at each token, only the alias
 * lengths that some alias starting with that token has (a hash of first
 * tokens), longest first, with at most ENTITIES_MAX_ALIAS_TOKENS tokens, so
 * the cost is linear in the text whatever it holds.  The order of work is:
 *
 *   1. tokenise title and body;
 *   2. learn acronym definitions ("Foo Bar Agency (FBA)") into a table of
 *      aliases local to the article, which overrides the gazetteer;
 *   3. match (pass 1) to know which tokens belong to known names and which
 *      places the article mentions (to choose between same-acronym
 *      entries such as the UK and the Dutch NCSC);
 *   4. find people by cues among the capitalised runs left over, and add
 *      their name parts ("Poupard") as local aliases;
 *   5. match again (pass 2) to count mentions and first offsets.
 */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L	/* strdup, strcasecmp */
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "entities.h"
#include "smap.h"

#define NONE UINT32_MAX
#define LOCAL_BIT 0x80000000u	/* entity ids >= this are article-local */
#define MAX_TOK_BYTES 64	/* longer tokens never match (base64 runs) */
#define KEY_MAX ((MAX_TOK_BYTES + 1) * ENTITIES_MAX_ALIAS_TOKENS + 8)
#define GAZ_MAX_BYTES (64u * 1024u * 1024u)
#define CUE_WINDOW 12		/* tokens either side searched for a context cue */
#define LONGFORM_MAX 10		/* tokens of an acronym's long form */

enum { ENT_IGNORE = ENTITY_NTYPES };	/* matches, consumes, yields nothing */

/* ------------------------------------------------------------------ */
/* Characters and tokens. */

enum cclass { C_SPACE, C_NL, C_LOW, C_UP, C_LETTER, C_DIGIT, C_APOS, C_PUNCT };

/* What lies between two tokens (struct tok.gap). */
enum {
	G_NL = 1 << 0,		/* one line break */
	G_BLANK = 1 << 1,	/* an empty line: paragraph break */
	G_COMMA = 1 << 2,
	G_OPEN = 1 << 3,	/* ( [ */
	G_CLOSE = 1 << 4,	/* ) ] */
	G_DOT = 1 << 5,
	G_STOP = 1 << 6,	/* ! ? ; : ellipsis | */
	G_HYPHEN = 1 << 7,
	G_AMP = 1 << 8,		/* & / + */
	G_QUOTE = 1 << 9,
	G_OTHER = 1 << 10,	/* dashes, bullets, symbols */
	G_SEG = 1 << 11,	/* start of the title or of the body */
	G_ELIDE = 1 << 12	/* the apostrophe of "l'ANSSI" */
};

enum {
	T_CAP = 1 << 0,		/* starts with an upper-case letter */
	T_ALLCAPS = 1 << 1,	/* two or more letters, none lower case */
	T_ALPHA = 1 << 2,	/* letters only */
	T_SENT = 1 << 3,	/* first word of a sentence, line or heading */
	T_LOWER = 1 << 4,	/* starts with a lower-case letter */
	T_ACRO = 1 << 5,	/* looks like an acronym: NCSC, BfV, 3GPP */
	T_LONG = 1 << 6		/* longer than MAX_TOK_BYTES */
};

struct tok {
	size_t off;		/* in its segment's text */
	uint32_t len;		/* the word, without a possessive */
	uint16_t gap;		/* G_* before this token */
	uint8_t poss;		/* bytes of "'s" after the word */
	uint8_t flags;		/* T_* */
};

struct toks {
	struct tok *t;
	size_t n, cap;
};

static int is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* The class of each ASCII byte: letters by case, digits, the apostrophe,
 * the newline, white space; everything else is punctuation. */
static const unsigned char ascii_class[128] = {
	C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
	C_PUNCT, C_SPACE, C_NL, C_SPACE, C_SPACE, C_SPACE, C_PUNCT, C_PUNCT,
	C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
	C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
	C_SPACE, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_APOS,
	C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
	C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT,
	C_DIGIT, C_DIGIT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
	C_PUNCT, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP,
	C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP,
	C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP,
	C_UP, C_UP, C_UP, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
	C_PUNCT, C_LOW, C_LOW, C_LOW, C_LOW, C_LOW, C_LOW, C_LOW,
	C_LOW, C_LOW, C_LOW, C_LOW, C_LOW, C_LOW, C_LOW, C_LOW,
	C_LOW, C_LOW, C_LOW, C_LOW, C_LOW, C_LOW, C_LOW, C_LOW,
	C_LOW, C_LOW, C_LOW, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT, C_PUNCT,
};

/* Class of the non-ASCII character at s[i]; *cl gets its length. */
static enum cclass char_class_mb(const unsigned char *s, size_t n, size_t i,
				 size_t *cl)
{
	unsigned char c = s[i], c1, c2;

	*cl = 1;
	if (c >= 0xC2 && c <= 0xDF) {
		if (i + 1 >= n || !is_cont(s[i + 1]))
			return C_PUNCT;
		*cl = 2;
		c1 = s[i + 1];
		if (c == 0xC2)
			return c1 == 0xA0 ? C_SPACE : C_PUNCT;
		if (c == 0xC3) {
			if (c1 == 0x97 || c1 == 0xB7)
				return C_PUNCT;
			return c1 <= 0x9E ? C_UP : C_LOW;
		}
		return C_LETTER;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		if (i + 2 >= n || !is_cont(s[i + 1]) || !is_cont(s[i + 2]))
			return C_PUNCT;
		*cl = 3;
		c1 = s[i + 1];
		c2 = s[i + 2];
		if (c == 0xE2) {
			if (c1 == 0x80 && (c2 == 0x98 || c2 == 0x99))
				return C_APOS;	/* typographic apostrophe */
			if (c1 == 0x80 && (c2 <= 0x8A || c2 == 0xAF))
				return C_SPACE;
			return C_PUNCT;
		}
		if (c == 0xE3 && c1 == 0x80)
			return C_PUNCT;
		if (c == 0xEF && c1 == 0xBB && c2 == 0xBF)
			return C_SPACE;	/* BOM */
		if (c == 0xEF && c1 >= 0xB8)
			return C_PUNCT;
		return C_LETTER;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (i + 3 >= n || !is_cont(s[i + 1]) || !is_cont(s[i + 2]) ||
		    !is_cont(s[i + 3]))
			return C_PUNCT;
		*cl = 4;
		return C_PUNCT;	/* emoji and the like */
	}
	return C_PUNCT;
}

/* Class of the character at s[i]; *cl gets its length in bytes.  Nearly
 * every byte is ASCII: a table, inlined; the rest is char_class_mb(). */
static inline enum cclass char_class(const unsigned char *s, size_t n,
				     size_t i, size_t *cl)
{
	if (s[i] < 0x80) {
		*cl = 1;
		return (enum cclass)ascii_class[s[i]];
	}
	return char_class_mb(s, n, i, cl);
}

static int is_word_class(enum cclass c)
{
	return c == C_LOW || c == C_UP || c == C_LETTER || c == C_DIGIT;
}

/* Gap bits for a punctuation character. */
static unsigned punct_gap(const unsigned char *s, size_t i, size_t cl)
{
	if (cl == 1) {
		switch (s[i]) {
		case ',': return G_COMMA;
		case '(': case '[': case '{': return G_OPEN;
		case ')': case ']': case '}': return G_CLOSE;
		case '.': return G_DOT;
		case '!': case '?': case ';': case ':': case '|':
			return G_STOP;
		case '-': return G_HYPHEN;
		case '&': case '/': case '+': return G_AMP;
		case '"': case '\'': case '`': return G_QUOTE;
		default: return G_OTHER;
		}
	}
	if (cl == 2 && s[i] == 0xC2 && (s[i + 1] == 0xAB || s[i + 1] == 0xBB))
		return G_QUOTE;
	if (cl == 3 && s[i] == 0xE2 && s[i + 1] == 0x80) {
		unsigned char c2 = s[i + 2];

		if (c2 == 0x90 || c2 == 0x91)
			return G_HYPHEN;
		if (c2 >= 0x98 && c2 <= 0x9F)
			return G_QUOTE;
		if (c2 == 0xA6)
			return G_STOP;
	}
	return G_OTHER;
}

/* Abbreviations after which a full stop does not end a sentence. */
static int is_abbrev(const char *w, size_t n)
{
	static const char *const ab[] = {
		"mr", "mrs", "ms", "dr", "st", "no", "jan", "feb", "mar",
		"apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
		"dec", "sen", "rep", "gen", "gov", "prof", "jr", "sr", "inc",
		"ltd", "co", "corp", "vs", "etc", "col", "lt", "adm", "capt"
	};
	size_t i, k;

	if (n == 1)
		return 1;
	for (i = 0; i < sizeof ab / sizeof ab[0]; i++) {
		if (strlen(ab[i]) != n)
			continue;
		for (k = 0; k < n; k++)
			if ((w[k] | 0x20) != ab[i][k])
				break;
		if (k == n)
			return 1;
	}
	return 0;
}

static int is_elision(const char *w, size_t n)
{
	if (n == 1)
		return strchr("ldjnsmtcL", w[0]) != NULL;
	return n == 2 && w[0] == 'q' && w[1] == 'u';
}

/*
 * Appends the tokens of s[0..n) to tk; its first token gets G_SEG.  Stops
 * quietly at ENTITIES_MAX_TOKENS.
 * Returns 0 or -1 (out of memory).
 */
static int toks_scan(struct toks *tk, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned gap = G_SEG;
	unsigned nl = 0;
	size_t i = 0, cl;

	while (i < n) {
		enum cclass c = char_class(s, n, i, &cl);

		if (is_word_class(c)) {
			size_t j = i, poss = 0;
			unsigned nup = 0, nlow = 0, ndig = 0, nlet = 0;
			struct tok *t;
			enum cclass first = c;

			while (j < n) {
				size_t cl2, cl3;
				enum cclass c2 = char_class(s, n, j, &cl2);

				if (is_word_class(c2)) {
					nup += c2 == C_UP;
					nlow += c2 == C_LOW;
					ndig += c2 == C_DIGIT;
					nlet += c2 != C_DIGIT;
					j += cl2;
					continue;
				}
				if (c2 != C_APOS || j + cl2 >= n ||
				    !is_word_class(char_class(s, n, j + cl2,
							      &cl3)))
					break;
				/* French elision: "l'ANSSI" is "l" + "ANSSI"
				 * (but "O'Brien" stays whole) */
				if (is_elision(str + i, j - i))
					break;
				/* "Huawei's": the possessive is not part of
				 * the name; "O'Brien" keeps its apostrophe. */
				if ((s[j + cl2] == 's' || s[j + cl2] == 'S') &&
				    (j + cl2 + 1 >= n ||
				     !is_word_class(char_class(s, n,
							       j + cl2 + 1,
							       &cl3)))) {
					poss = cl2 + 1;
					break;
				}
				j += cl2;
			}
			if (tk->n >= ENTITIES_MAX_TOKENS)
				return 0;
			if (array_grow((void **)&tk->t, &tk->cap, tk->n + 1,
				 sizeof *tk->t))
				return -1;
			t = &tk->t[tk->n++];
			t->off = i;
			t->len = (uint32_t)(j - i > UINT32_MAX ? UINT32_MAX
					    : j - i);
			t->poss = (uint8_t)poss;
			t->gap = (uint16_t)gap;
			t->flags = 0;
			if (first == C_UP)
				t->flags |= T_CAP;
			if (first == C_LOW)
				t->flags |= T_LOWER;
			if (nlet >= 2 && nlow == 0 && nup >= 1)
				t->flags |= T_ALLCAPS;
			if (ndig == 0)
				t->flags |= T_ALPHA;
			if (nup >= 2 && nup >= nlow && j - i <= 10 &&
			    (first == C_UP || first == C_DIGIT))
				t->flags |= T_ACRO;
			if (j - i > MAX_TOK_BYTES)
				t->flags |= T_LONG;
			if (gap & (G_SEG | G_NL | G_BLANK | G_STOP))
				t->flags |= T_SENT;
			else if ((gap & G_DOT) && tk->n >= 2) {
				const struct tok *p = &tk->t[tk->n - 2];

				if (!is_abbrev(str + p->off, p->len))
					t->flags |= T_SENT;
			}
			gap = 0;
			nl = 0;
			i = j + poss;
			continue;
		}
		if (c == C_NL) {
			nl++;
			gap |= nl >= 2 ? G_BLANK : G_NL;
		} else if (c == C_APOS) {
			const struct tok *p = tk->n ? &tk->t[tk->n - 1] : NULL;

			if (p && !(gap & G_SEG) && p->off + p->len == i &&
			    !p->poss && gap == 0 &&
			    is_elision(str + p->off, p->len))
				gap |= G_ELIDE;
			else
				gap |= G_QUOTE;
		} else if (c == C_PUNCT) {
			gap |= punct_gap(s, i, cl);
		}
		i += cl;
	}
	return 0;
}

/* Appends the lower-cased form of w[0..n) to buf (cap KEY_MAX).  The
 * length is kept in a local: through the pointer, every byte stored into
 * buf (a char may alias it) forced a reload. */
static int key_append(char *buf, size_t *lenp, const char *w, size_t n,
		      int fold)
{
	const unsigned char *s = (const unsigned char *)w;
	size_t len = *lenp, i = 0;

	while (i < n) {
		unsigned char c = s[i];

		if (len + 4 >= KEY_MAX)
			return -1;
		if (c < 0x80) {
			buf[len++] = (char)(fold && c >= 'A' && c <= 'Z' ? c | 0x20 : c);
			i++;
		} else if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
			   (s[i + 2] == 0x98 || s[i + 2] == 0x99)) {
			buf[len++] = '\'';	/* curly apostrophes */
			i += 3;
		} else if (fold && c == 0xC3 && i + 1 < n && s[i + 1] >= 0x80 &&
			   s[i + 1] <= 0x9E && s[i + 1] != 0x97) {
			buf[len++] = (char)c;	/* Latin-1 capitals */
			buf[len++] = (char)(s[i + 1] + 0x20);
			i += 2;
		} else {
			buf[len++] = (char)c;
			i++;
		}
	}
	buf[len] = '\0';
	*lenp = len;
	return 0;
}

/* Bit sets of 256 bytes, and a length's bit (lengths past 62 share one). */
static void byte_set(uint64_t set[4], unsigned char c)
{
	set[c >> 6] |= 1ull << (c & 63);
}

static int byte_in(const uint64_t set[4], unsigned char c)
{
	return (set[c >> 6] >> (c & 63)) & 1;
}

static uint64_t length_bit(size_t n)
{
	return 1ull << (n < 63 ? n : 63);
}

/* The first byte key_append(fold) makes of w[0..n) (n > 0). */
static unsigned char key_first_byte(const char *w, size_t n)
{
	const unsigned char *s = (const unsigned char *)w;

	if (s[0] >= 'A' && s[0] <= 'Z')
		return s[0] | 0x20;
	if (s[0] == 0xE2 && n >= 3 && s[1] == 0x80 && (s[2] == 0x98 || s[2] == 0x99))
		return '\'';
	return s[0];
}

/* ------------------------------------------------------------------ */
/* Alias tables: the gazetteer's, and one local to each article. */

/* Alias flags: exact case; needs a context word; written with a comma
 * between words ("Department for Digital, Culture, Media and Sport"). */
enum { AF_CS = 1, AF_WEAK = 2, AF_COMMA = 4 };

struct galias {
	char *text;		/* as written, for gazetteer_foreach() */
	char *surface;		/* case-sensitive aliases: tokens as written */
	uint32_t ent;
	uint32_t next;		/* next alias with the same key */
	uint8_t ntok, flags;
};

struct atable {
	struct galias *a;
	size_t n, cap;
	struct smap keys;	/* key -> first alias with that key */
	struct smap firsts;	/* first token -> most tokens of an alias */
	uint64_t first_bytes[4];	/* bit set: a first token's key starts so */
};

struct gentry {
	uint8_t type;		/* enum entity_type or ENT_IGNORE */
	char *name;
	char *home;		/* place that prefers this entry, or NULL */
};

enum {
	W_TITLE, W_VERB, W_VERB_BEFORE, W_NOTNAME, W_CONTEXT, W_ORGHEAD,
	W_NOTORG, W_NLISTS
};

static const char *const word_list_names[W_NLISTS] = {
	"title", "verb", "verb-before", "notname", "context", "orghead",
	"notorg"
};

struct gazetteer {
	struct gentry *e;
	size_t ne, ecap;
	struct atable at;
	struct smap byname;	/* type byte + name -> entry */
	struct smap words[W_NLISTS];
};

static void atable_free(struct atable *at)
{
	size_t i;

	for (i = 0; i < at->n; i++) {
		free(at->a[i].text);
		free(at->a[i].surface);
	}
	free(at->a);
	smap_free(&at->keys);
	smap_free(&at->firsts);
	memset(at, 0, sizeof *at);
}

/* Does alias j of at have the same entity and surface as what we add? */
static int alias_same(const struct galias *g, uint32_t ent, uint8_t flags,
		      const char *surface)
{
	if (g->ent != ent || g->flags != flags)
		return 0;
	if (!g->surface || !surface)
		return !g->surface && !surface;
	return strcmp(g->surface, surface) == 0;
}

/*
 * Adds an alias whose key (lower case, tokens joined by spaces), surface
 * (as written, joined by spaces) and first-token key length are known.
 * Returns 0 (also when it was there already) or -1 (out of memory).
 */
static int atable_add_key(struct atable *at, const char *key, size_t klen,
			  size_t firstlen, const char *surface,
			  unsigned ntok, const char *text, size_t tlen,
			  uint32_t ent, uint8_t flags)
{
	uint32_t *head, *maxp, j;
	struct galias *g;
	int r;

	if (!(flags & AF_CS))
		surface = NULL;
	r = smap_put(&at->keys, key, klen, NONE, &head);
	if (r < 0)
		return -1;
	for (j = *head; j != NONE; j = at->a[j].next)
		if (alias_same(&at->a[j], ent, flags, surface))
			return 0;
	if (at->n >= NONE - 1 ||
	    array_grow((void **)&at->a, &at->cap, at->n + 1, sizeof *at->a))
		return -1;
	g = &at->a[at->n];
	memset(g, 0, sizeof *g);
	g->text = malloc(tlen + 1);
	g->surface = surface ? strdup(surface) : NULL;
	if (!g->text || (surface && !g->surface)) {
		free(g->text);
		free(g->surface);
		return -1;
	}
	memcpy(g->text, text, tlen);
	g->text[tlen] = '\0';
	g->ent = ent;
	g->next = NONE;
	g->ntok = (uint8_t)ntok;
	g->flags = flags;
	r = smap_put(&at->firsts, key, firstlen, ntok, &maxp);
	if (r < 0) {
		free(g->text);
		free(g->surface);
		return -1;
	}
	if (r == 1 && *maxp < ntok)
		*maxp = ntok;
	byte_set(at->first_bytes, (unsigned char)key[0]);
	/* Append at the end of the chain: file order is priority order. */
	if (!smap_get(&at->keys, key, klen, &j))
		return -1;
	if (j == NONE) {
		smap_put(&at->keys, key, klen, NONE, &head);
		*head = (uint32_t)at->n;
	} else {
		while (at->a[j].next != NONE)
			j = at->a[j].next;
		at->a[j].next = (uint32_t)at->n;
	}
	at->n++;
	return 0;
}

/* Key, surface and first-token length of tokens [i, i+cnt) of text. */
static int build_key(const char *text, const struct tok *t, size_t cnt,
		     char *key, size_t *klen, char *surf, size_t *slen,
		     size_t *firstlen)
{
	size_t k;

	*klen = 0;
	*slen = 0;
	key[0] = surf[0] = '\0';
	for (k = 0; k < cnt; k++) {
		if (t[k].flags & T_LONG)
			return -1;
		if (k) {
			key[(*klen)++] = ' ';
			surf[(*slen)++] = ' ';
		}
		if (key_append(key, klen, text + t[k].off, t[k].len, 1) ||
		    key_append(surf, slen, text + t[k].off, t[k].len, 0))
			return -1;
		if (k == 0 && firstlen)
			*firstlen = *klen;
	}
	return 0;
}

/* Tokenises a short string (an alias or a cue) into a caller's array. */
static int small_tokens(const char *s, size_t n, struct toks *tk)
{
	tk->n = 0;
	return toks_scan(tk, s, n);
}

/*
 * Adds alias text s[0..n) for entity ent.  Returns 0, -1 (out of memory)
 * or -2 (not a usable alias, *why says why).
 */
static int atable_add_text(struct atable *at, struct toks *scratch,
			   const char *s, size_t n, uint32_t ent,
			   uint8_t flags, const char **why)
{
	char key[KEY_MAX], surf[KEY_MAX];
	size_t klen, slen, flen = 0, k;

	if (small_tokens(s, n, scratch))
		return -1;
	if (scratch->n == 0) {
		*why = "alias has no letters or digits";
		return -2;
	}
	if (scratch->n > ENTITIES_MAX_ALIAS_TOKENS) {
		*why = "alias has too many words";
		return -2;
	}
	for (k = 0; k < scratch->n; k++)
		if (scratch->t[k].flags & T_LONG) {
			*why = "alias has a word that is too long";
			return -2;
		}
	if (build_key(s, scratch->t, scratch->n, key, &klen, surf, &slen,
		      &flen)) {
		*why = "alias too long";
		return -2;
	}
	for (k = 1; k < scratch->n; k++)
		if (scratch->t[k].gap & G_COMMA)
			flags |= AF_COMMA;
	return atable_add_key(at, key, klen, flen, surf,
			      (unsigned)scratch->n, s, n, ent, flags);
}

/* ------------------------------------------------------------------ */
/* Loading. */

const char *entity_type_name(enum entity_type t)
{
	switch (t) {
	case ENTITY_ORG: return "org";
	case ENTITY_PERSON: return "person";
	case ENTITY_PLACE: return "place";
	default: return NULL;
	}
}

enum entity_type entity_type_parse(const char *s)
{
	static const struct { const char *name; enum entity_type t; } m[] = {
		{ "org", ENTITY_ORG }, { "organisation", ENTITY_ORG },
		{ "organization", ENTITY_ORG }, { "orgs", ENTITY_ORG },
		{ "person", ENTITY_PERSON }, { "people", ENTITY_PERSON },
		{ "persons", ENTITY_PERSON }, { "place", ENTITY_PLACE },
		{ "places", ENTITY_PLACE }, { "location", ENTITY_PLACE },
		{ "locations", ENTITY_PLACE }
	};
	size_t i;

	if (!s)
		return ENTITY_NTYPES;
	for (i = 0; i < sizeof m / sizeof m[0]; i++)
		if (strcasecmp(s, m[i].name) == 0)
			return m[i].t;
	return ENTITY_NTYPES;
}

void gazetteer_free(gazetteer_t *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->ne; i++) {
		free(g->e[i].name);
		free(g->e[i].home);
	}
	free(g->e);
	atable_free(&g->at);
	smap_free(&g->byname);
	for (i = 0; i < W_NLISTS; i++)
		smap_free(&g->words[i]);
	free(g);
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t' || **s == '\r')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
		      (*s)[*n - 1] == '\r'))
		(*n)--;
}

/* Splits line into tab-separated fields (runs of tabs count as one). */
static size_t split_fields(const char *line, size_t n, const char **f,
			   size_t *fl, size_t max)
{
	size_t i = 0, nf = 0;

	while (i < n) {
		size_t j;

		while (i < n && line[i] == '\t')
			i++;
		if (i >= n)
			break;
		j = i;
		while (j < n && line[j] != '\t')
			j++;
		if (nf < max) {
			f[nf] = line + i;
			fl[nf] = j - i;
			trim(&f[nf], &fl[nf]);
		}
		nf++;
		i = j;
	}
	return nf;
}

/* Finds or creates the entry (type, name).  Returns its index or NONE. */
static uint32_t gaz_entry(gazetteer_t *g, uint8_t type, const char *name,
			  size_t n)
{
	char key[1024];
	uint32_t idx;
	char *copy;

	if (n + 2 > sizeof key || g->ne >= LOCAL_BIT)
		return NONE;
	key[0] = (char)('0' + type);
	memcpy(key + 1, name, n);
	if (smap_get(&g->byname, key, n + 1, &idx))
		return idx;
	if (array_grow((void **)&g->e, &g->ecap, g->ne + 1, sizeof *g->e))
		return NONE;
	copy = malloc(n + 1);
	if (!copy)
		return NONE;
	memcpy(copy, name, n);
	copy[n] = '\0';
	if (smap_put(&g->byname, key, n + 1, (uint32_t)g->ne, NULL) < 0) {
		free(copy);
		return NONE;
	}
	g->e[g->ne].type = type;
	g->e[g->ne].home = NULL;
	g->e[g->ne].name = copy;
	return (uint32_t)g->ne++;
}

static uint8_t alias_flags(const char **s, size_t *n)
{
	uint8_t fl = 0;

	while (*n && (**s == '=' || **s == '~')) {
		fl |= **s == '=' ? AF_CS : (AF_CS | AF_WEAK);
		(*s)++;
		(*n)--;
	}
	trim(s, n);
	return fl;
}

static int gaz_line(gazetteer_t *g, struct toks *scratch, const char *line,
		    size_t n, const char **why)
{
	const char *f[5];
	size_t fl[5], nf, k;
	uint8_t type, fl0;
	const char *name, *p, *end;
	size_t nlen;
	uint32_t ent;
	int r;

	nf = split_fields(line, n, f, fl, 5);
	if (nf == 0)
		return 0;
	for (k = 0; k < W_NLISTS; k++) {
		if (strlen(word_list_names[k]) != fl[0] ||
		    memcmp(f[0], word_list_names[k], fl[0]) != 0)
			continue;
		if (nf != 2) {
			*why = "word list lines have two fields: "
			       "kind<TAB>word|word|...";
			return -2;
		}
		for (p = f[1], end = f[1] + fl[1]; p <= end;) {
			const char *bar = memchr(p, '|', (size_t)(end - p));
			const char *w = p;
			size_t wl = (size_t)((bar ? bar : end) - p);
			char key[KEY_MAX], surf[KEY_MAX];
			size_t klen, slen;

			trim(&w, &wl);
			if (!wl) {
				*why = "empty word in list";
				return -2;
			}
			if (small_tokens(w, wl, scratch))
				return -1;
			if (scratch->n == 0 ||
			    scratch->n > ENTITIES_MAX_ALIAS_TOKENS ||
			    build_key(w, scratch->t, scratch->n, key, &klen,
				      surf, &slen, NULL)) {
				*why = "unusable word in list";
				return -2;
			}
			if (smap_put(&g->words[k], key, klen, 1, NULL) < 0)
				return -1;
			if (!bar)
				break;
			p = bar + 1;
		}
		return 0;
	}
	if (fl[0] == 3 && memcmp(f[0], "org", 3) == 0)
		type = ENTITY_ORG;
	else if (fl[0] == 6 && memcmp(f[0], "person", 6) == 0)
		type = ENTITY_PERSON;
	else if (fl[0] == 5 && memcmp(f[0], "place", 5) == 0)
		type = ENTITY_PLACE;
	else if (fl[0] == 6 && memcmp(f[0], "ignore", 6) == 0)
		type = ENT_IGNORE;
	else {
		*why = "unknown line type (want org, person, place, ignore, "
		       "title, verb, verb-before, notname, context, orghead, "
		       "notorg)";
		return -2;
	}
	if (nf < 2 || nf > 4) {
		*why = "entry lines are type<TAB>canonical[<TAB>aliases"
		       "[<TAB>flags]]";
		return -2;
	}
	name = f[1];
	nlen = fl[1];
	fl0 = alias_flags(&name, &nlen);
	if (!nlen || memchr(name, '|', nlen)) {
		*why = "bad canonical name";
		return -2;
	}
	ent = gaz_entry(g, type, name, nlen);
	if (ent == NONE)
		return -1;
	r = atable_add_text(&g->at, scratch, name, nlen, ent, fl0, why);
	if (r)
		return r;
	if (nf >= 3 && !(fl[2] == 1 && f[2][0] == '-')) {
		for (p = f[2], end = f[2] + fl[2]; p <= end;) {
			const char *bar = memchr(p, '|', (size_t)(end - p));
			const char *w = p;
			size_t wl = (size_t)((bar ? bar : end) - p);
			uint8_t afl;

			trim(&w, &wl);
			afl = alias_flags(&w, &wl);
			if (!wl) {
				*why = "empty alias";
				return -2;
			}
			r = atable_add_text(&g->at, scratch, w, wl, ent, afl,
					    why);
			if (r)
				return r;
			if (!bar)
				break;
			p = bar + 1;
		}
	}
	if (nf == 4) {
		const char *fs = f[3];
		size_t fn = fl[3];

		if (fn > 5 && memcmp(fs, "home=", 5) == 0) {
			char *h = malloc(fn - 5 + 1);

			if (!h)
				return -1;
			memcpy(h, fs + 5, fn - 5);
			h[fn - 5] = '\0';
			free(g->e[ent].home);
			g->e[ent].home = h;
		} else {
			*why = "unknown flag (want home=PLACE)";
			return -2;
		}
	}
	return 0;
}

int gazetteer_load_buffer(gazetteer_t **gp, const char *name,
			  const char *buf, size_t len, char *err,
			  size_t errlen)
{
	gazetteer_t *g = *gp;
	int created = 0;
	struct toks scratch = { 0 };
	size_t i = 0;
	unsigned long lineno = 0;
	int r = 0;
	const char *why = NULL;

	if (!g) {
		g = calloc(1, sizeof *g);
		if (!g) {
			snprintf(err, errlen, "%s: out of memory", name);
			return -1;
		}
		created = 1;
	}
	while (i < len) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - buf) : len;
		const char *line = buf + i;
		size_t n = e - i;

		lineno++;
		i = e + 1;
		trim(&line, &n);
		if (!n || line[0] == '#')
			continue;
		if (memchr(line, '\0', n)) {
			r = -2;
			why = "NUL byte in line";
			break;
		}
		r = gaz_line(g, &scratch, line, n, &why);
		if (r)
			break;
	}
	free(scratch.t);
	if (r == -1)
		snprintf(err, errlen, "%s:%lu: out of memory", name, lineno);
	else if (r)
		snprintf(err, errlen, "%s:%lu: %s", name, lineno, why);
	if (r && created) {
		gazetteer_free(g);
		return -1;
	}
	*gp = g;
	return r ? -1 : 0;
}

int gazetteer_load(gazetteer_t **g, const char *path, char *err,
		   size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int r;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t got;

		if (len + 65536 > GAZ_MAX_BYTES) {
			snprintf(err, errlen, "%s: file too large", path);
			goto fail;
		}
		if (array_grow((void **)&buf, &cap, len + 65536, 1)) {
			snprintf(err, errlen, "%s: out of memory", path);
			goto fail;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		goto fail;
	}
	fclose(f);
	r = gazetteer_load_buffer(g, path, buf, len, err, errlen);
	free(buf);
	return r;
fail:
	fclose(f);
	free(buf);
	return -1;
}

size_t gazetteer_size(const gazetteer_t *g, size_t *naliases)
{
	if (naliases)
		*naliases = g ? g->at.n : 0;
	return g ? g->ne : 0;
}

const char *gazetteer_resolve(const gazetteer_t *g, enum entity_type t,
			      const char *alias)
{
	struct toks tk = { 0 };
	char key[KEY_MAX], surf[KEY_MAX];
	size_t klen, slen;
	const char *res = NULL;
	uint32_t j;

	if (!g || !alias || (unsigned)t >= ENTITY_NTYPES)
		return NULL;
	if (small_tokens(alias, strlen(alias), &tk) || tk.n == 0 ||
	    tk.n > ENTITIES_MAX_ALIAS_TOKENS ||
	    build_key(alias, tk.t, tk.n, key, &klen, surf, &slen, NULL) ||
	    !smap_get(&g->at.keys, key, klen, &j)) {
		free(tk.t);
		return NULL;
	}
	free(tk.t);
	for (; j != NONE; j = g->at.a[j].next) {
		const struct galias *a = &g->at.a[j];

		if (g->e[a->ent].type != t)
			continue;
		if (a->surface && strcmp(a->surface, surf) != 0)
			continue;
		res = g->e[a->ent].name;
		break;
	}
	return res;
}

int gazetteer_foreach(const gazetteer_t *g,
		      int (*fn)(void *ctx, enum entity_type t,
				const char *alias, const char *canonical),
		      void *ctx)
{
	size_t i;
	int r;

	if (!g)
		return 0;
	for (i = 0; i < g->at.n; i++) {
		const struct gentry *e = &g->e[g->at.a[i].ent];

		if (e->type == ENT_IGNORE)
			continue;
		r = fn(ctx, (enum entity_type)e->type, g->at.a[i].text,
		       e->name);
		if (r)
			return r;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Extraction. */

struct xctx {
	const gazetteer_t *g;
	const char *title, *body;
	struct toks tk;
	size_t ntitle;		/* tokens [0, ntitle) are the title's */
	unsigned char *used;	/* 1 + type of the name found there in pass 1 */
	/* Per token, once known: the most tokens of a gazetteer alias that
	 * starts with it (GMAX_UNKNOWN until the first pass looks), so the
	 * second pass skips the key and hash of every other token. */
	unsigned char *gmax;
	struct smap lower;	/* name words; 1: also seen in lower case */
	struct atable loc;	/* aliases learned from this article */
	struct gentry *le;	/* entities only this article knows */
	size_t nle, lecap;
	struct smap places;	/* places mentioned (pass 1) */
	struct entity *ents;
	size_t nents, entcap;
	struct smap eidx;
	struct entity_alias *al;
	size_t nal, alcap;
	struct smap aidx;
	struct toks scratch;
};

static const char *tok_text(const struct xctx *x, size_t i)
{
	return (i < x->ntitle ? x->title : x->body) + x->tk.t[i].off;
}

static const char *seg_text(const struct xctx *x, size_t i)
{
	return i < x->ntitle ? x->title : x->body;
}

static int same_seg(const struct xctx *x, size_t a, size_t b)
{
	return (a < x->ntitle) == (b < x->ntitle);
}

static const struct gentry *ent_of(const struct xctx *x, uint32_t id)
{
	if (id & LOCAL_BIT)
		return &x->le[id & ~LOCAL_BIT];
	return &x->g->e[id];
}

/* Lower-case key of token i into buf (KEY_MAX); its length, 0 if none. */
static size_t tok_key(const struct xctx *x, size_t i, char *buf)
{
	size_t len = 0;

	buf[0] = '\0';
	if (x->tk.t[i].flags & T_LONG)
		return 0;
	if (key_append(buf, &len, tok_text(x, i), x->tk.t[i].len, 1))
		return 0;
	return len;
}

static int in_words(const struct xctx *x, int list, const char *k,
		    size_t n)
{
	return x->g && n && smap_get(&x->g->words[list], k, n, NULL);
}

static int tok_in(const struct xctx *x, int list, size_t i)
{
	char k[KEY_MAX];

	return in_words(x, list, k, tok_key(x, i, k));
}

/* Key of tokens [i-2, i) (two words before i), for "according to". */
static int two_before_in(const struct xctx *x, int list, size_t i)
{
	char k[KEY_MAX], s[KEY_MAX];
	size_t kl, sl;

	if (i < 2 || !same_seg(x, i - 2, i) ||
	    (x->tk.t[i - 1].gap & ~(unsigned)G_NL))
		return 0;
	if (build_key(seg_text(x, i - 2), &x->tk.t[i - 2], 2, k, &kl, s, &sl,
		      NULL))
		return 0;
	return in_words(x, list, k, kl);
}

/* May token k continue a name that token k-1 is part of?  With comma,
 * a comma may separate them (for aliases written with one). */
static int alias_joins_c(const struct xctx *x, size_t k, int comma)
{
	unsigned gap = x->tk.t[k].gap;

	if (k == 0 || k == x->ntitle)
		return 0;
	if (gap & (G_SEG | G_BLANK | G_OPEN | G_CLOSE | G_STOP | G_QUOTE |
		   G_OTHER))
		return 0;
	if ((gap & G_COMMA) && !comma)
		return 0;
	if ((gap & G_DOT) && x->tk.t[k - 1].len != 1)
		return 0;	/* only initials: "U.S." */
	return 1;
}

static int alias_joins(const struct xctx *x, size_t k)
{
	return alias_joins_c(x, k, 0);
}

/* Is a context word in the sentence around tokens [i, i+L)? */
static int context_near(const struct xctx *x, size_t i, size_t L)
{
	size_t k;

	/* another organisation in the sentence is context too: "Orange,
	 * which chose Ericsson and Nokia" */
	for (k = i; k > 0 && i - k < CUE_WINDOW &&
	     !(x->tk.t[k].flags & T_SENT) && same_seg(x, k - 1, i);) {
		k--;
		if (x->used[k] == 1 + ENTITY_ORG || tok_in(x, W_CONTEXT, k))
			return 1;
	}
	for (k = i + L; k < x->tk.n && k - (i + L) < CUE_WINDOW &&
	     !(x->tk.t[k].flags & T_SENT) && same_seg(x, k, i); k++)
		if (x->used[k] == 1 + ENTITY_ORG || tok_in(x, W_CONTEXT, k))
			return 1;
	return 0;
}

/*
 * The entity a chain of aliases gives for tokens [i, i+L) with surface
 * surf, or NONE.  Among several entries (one acronym, several agencies),
 * the first whose home place the article mentions wins, else the first.
 */
static uint32_t pick(const struct xctx *x, const struct atable *at,
		     uint32_t j, size_t i, size_t L, const char *surf,
		     int comma)
{
	uint32_t first = NONE;
	const struct tok *last = &x->tk.t[i + L - 1];
	const char *after = seg_text(x, i + L - 1) + last->off + last->len;

	if (*after == '$' && !last->poss)
		return NONE;	/* "US$400" is money, not a mention */
	for (; j != NONE; j = at->a[j].next) {
		const struct galias *a = &at->a[j];
		uint32_t id = a->ent;	/* local tables hold full ids */
		const struct gentry *e = ent_of(x, id);

		if (a->surface && strcmp(a->surface, surf) != 0)
			continue;
		if (comma && !(a->flags & AF_COMMA))
			continue;
		if ((a->flags & AF_WEAK) && !context_near(x, i, L))
			continue;
		if (first == NONE)
			first = id;
		if (e->home && smap_get(&x->places, e->home, strlen(e->home),
					NULL))
			return id;
	}
	return first;
}

#define GMAX_UNKNOWN 0xFF

/* Longest alias starting at token i: 1 with *len and *id set, else 0. */
static int match_at(const struct xctx *x, size_t i, size_t *len,
		    uint32_t *id)
{
	char key[KEY_MAX], surf[KEY_MAX];
	size_t klen[ENTITIES_MAX_ALIAS_TOKENS + 1];
	size_t slen[ENTITIES_MAX_ALIAS_TOKENS + 1];
	size_t reach = 1, plain = 0, L, kl = 0, sl = 0;
	uint32_t m1 = 0, m2 = 0, maxl;
	const char *text = seg_text(x, i);

	if (x->tk.t[i].flags & T_LONG)
		return 0;
	if (x->gmax[i] == 0) {
		/* Starts no gazetteer alias (known from the first pass), and
		 * no alias of this article's unless its first byte says so. */
		if (!x->loc.firsts.n || !x->tk.t[i].len ||
		    !byte_in(x->loc.first_bytes,
			     key_first_byte(text + x->tk.t[i].off, x->tk.t[i].len)))
			return 0;
	}
	if (key_append(key, &kl, text + x->tk.t[i].off, x->tk.t[i].len, 1))
		return 0;
	smap_get(&x->loc.firsts, key, kl, &m1);
	if (x->gmax[i] != GMAX_UNKNOWN) {
		m2 = x->gmax[i];
	} else {
		if (x->g)
			smap_get(&x->g->at.firsts, key, kl, &m2);
		x->gmax[i] = (unsigned char)(m2 < GMAX_UNKNOWN ? m2 : GMAX_UNKNOWN - 1);
	}
	maxl = m1 > m2 ? m1 : m2;
	if (!maxl)
		return 0;
	while (reach < maxl && i + reach < x->tk.n &&
	       alias_joins_c(x, i + reach, 1) &&
	       !(x->tk.t[i + reach].flags & T_LONG)) {
		if (!plain && (x->tk.t[i + reach].gap & G_COMMA))
			plain = reach;
		reach++;
	}
	if (!plain)
		plain = reach;	/* tokens joined without a comma */
	kl = sl = 0;
	for (L = 0; L < reach; L++) {
		const struct tok *t = &x->tk.t[i + L];

		if (L) {
			key[kl++] = ' ';
			surf[sl++] = ' ';
		}
		if (key_append(key, &kl, text + t->off, t->len, 1) ||
		    key_append(surf, &sl, text + t->off, t->len, 0))
			return 0;
		klen[L + 1] = kl;
		slen[L + 1] = sl;
	}
	for (L = reach; L >= 1; L--) {
		uint32_t j, got = NONE;
		char ks = key[klen[L]], ss = surf[slen[L]];

		key[klen[L]] = '\0';
		surf[slen[L]] = '\0';
		if (smap_get(&x->loc.keys, key, klen[L], &j))
			got = pick(x, &x->loc, j, i, L, surf, L > plain);
		if (got == NONE && x->g &&
		    smap_get(&x->g->at.keys, key, klen[L], &j))
			got = pick(x, &x->g->at, j, i, L, surf, L > plain);
		key[klen[L]] = ks;
		surf[slen[L]] = ss;
		if (got != NONE) {
			*len = L;
			*id = got;
			return 1;
		}
	}
	return 0;
}

static int acc_add(struct xctx *x, unsigned type, const char *name,
		   size_t off)
{
	char key[1024];
	size_t n = strlen(name);
	uint32_t *slot;
	struct entity *e;
	int r;

	if (n + 2 > sizeof key)
		return 0;	/* absurd name: not an entity */
	key[0] = (char)('0' + type);
	memcpy(key + 1, name, n);
	r = smap_put(&x->eidx, key, n + 1, (uint32_t)x->nents, &slot);
	if (r < 0)
		return -1;
	if (r == 1) {
		e = &x->ents[*slot];
		e->count++;
		if (off < e->first_off)
			e->first_off = off;
		return 0;
	}
	if (array_grow((void **)&x->ents, &x->entcap, x->nents + 1,
		 sizeof *x->ents))
		return -1;
	e = &x->ents[x->nents];
	e->name = strdup(name);
	if (!e->name)
		return -1;
	e->type = (enum entity_type)type;
	e->count = 1;
	e->first_off = off;
	x->nents++;
	return 0;
}

static int alias_report(struct xctx *x, unsigned type, const char *alias,
			const char *name)
{
	char key[2048];
	struct entity_alias *a;
	int n = snprintf(key, sizeof key, "%u\t%s\t%s", type, alias, name);
	int r;

	if (n < 0 || (size_t)n >= sizeof key || type >= ENTITY_NTYPES)
		return 0;
	r = smap_put(&x->aidx, key, (size_t)n, 0, NULL);
	if (r)
		return r < 0 ? -1 : 0;
	if (array_grow((void **)&x->al, &x->alcap, x->nal + 1, sizeof *x->al))
		return -1;
	a = &x->al[x->nal];
	a->type = (enum entity_type)type;
	a->alias = strdup(alias);
	a->name = strdup(name);
	if (!a->alias || !a->name) {
		free(a->alias);
		free(a->name);
		return -1;
	}
	x->nal++;
	return 0;
}

/* Text of tokens [s, e] as written, gaps folded to one space (or '-'). */
static char *span_text(const struct xctx *x, size_t s, size_t e)
{
	size_t k, n = 0, cap = 0;
	char *out = NULL;

	for (k = s; k <= e; k++) {
		const struct tok *t = &x->tk.t[k];

		if (array_grow((void **)&out, &cap, n + t->len + 3, 1)) {
			free(out);
			return NULL;
		}
		if (k > s && (t->gap & G_ELIDE)) {
			const struct tok *p = &x->tk.t[k - 1];
			size_t from = p->off + p->len, glen = t->off - from;

			if (array_grow((void **)&out, &cap, n + t->len + glen + 3,
				 1)) {
				free(out);
				return NULL;
			}
			memcpy(out + n, seg_text(x, k) + from, glen);
			n += glen;
		} else if (k > s)
			out[n++] = (t->gap & G_HYPHEN) ? '-' :
				   (t->gap & G_AMP) ? '&' : ' ';
		memcpy(out + n, tok_text(x, k), t->len);
		n += t->len;
	}
	if (!out)
		return strdup("");
	out[n] = '\0';
	return out;
}

/* New article-local entity; returns its id or NONE. */
static uint32_t local_entity(struct xctx *x, unsigned type, char *name)
{
	if (array_grow((void **)&x->le, &x->lecap, x->nle + 1, sizeof *x->le)) {
		free(name);
		return NONE;
	}
	x->le[x->nle].type = (uint8_t)type;
	x->le[x->nle].name = name;
	x->le[x->nle].home = NULL;
	return (uint32_t)x->nle++ | LOCAL_BIT;
}

/* Adds tokens [s, s+cnt) as a local alias of id. */
static int local_alias(struct xctx *x, size_t s, size_t cnt, uint32_t id,
		       uint8_t flags)
{
	char key[KEY_MAX], surf[KEY_MAX];
	size_t kl, sl, fl = 0;

	if (cnt == 0 || cnt > ENTITIES_MAX_ALIAS_TOKENS)
		return 0;
	if (build_key(seg_text(x, s), &x->tk.t[s], cnt, key, &kl, surf, &sl,
		      &fl))
		return 0;
	return atable_add_key(&x->loc, key, kl, fl, surf, (unsigned)cnt,
			      surf, sl, id, flags);
}

/* Global lookup of tokens [s, s+cnt) honouring case-sensitive aliases. */
static uint32_t global_lookup(const struct xctx *x, size_t s, size_t cnt)
{
	char key[KEY_MAX], surf[KEY_MAX];
	size_t kl, sl;
	uint32_t j;

	if (!x->g || cnt == 0 || cnt > ENTITIES_MAX_ALIAS_TOKENS ||
	    build_key(seg_text(x, s), &x->tk.t[s], cnt, key, &kl, surf, &sl,
		      NULL) ||
	    !smap_get(&x->g->at.keys, key, kl, &j))
		return NONE;
	for (; j != NONE; j = x->g->at.a[j].next)
		if (!x->g->at.a[j].surface ||
		    strcmp(x->g->at.a[j].surface, surf) == 0)
			return x->g->at.a[j].ent;
	return NONE;
}

/* Is entity id's alias set (global) holding tokens [s, s+cnt)? */
static int global_has_alias(const struct xctx *x, uint32_t id, size_t s,
			    size_t cnt)
{
	char key[KEY_MAX], surf[KEY_MAX];
	size_t kl, sl;
	uint32_t j;

	if (!x->g || (id & LOCAL_BIT) ||
	    build_key(seg_text(x, s), &x->tk.t[s], cnt, key, &kl, surf, &sl,
		      NULL) ||
	    !smap_get(&x->g->at.keys, key, kl, &j))
		return 0;
	for (; j != NONE; j = x->g->at.a[j].next)
		if (x->g->at.a[j].ent == id)
			return 1;
	return 0;
}

/* ---- acronyms */

static int is_function_word(const char *w, size_t n)
{
	static const char *const fw[] = {
		"of", "for", "and", "the", "on", "in", "to", "de", "du",
		"des", "la", "le", "les", "der", "die", "das", "und", "van",
		"von", "voor", "en", "et", "della", "di", "del", "y", "a",
		"d", "l"
	};
	size_t i;

	for (i = 0; i < sizeof fw / sizeof fw[0]; i++)
		if (strlen(fw[i]) == n && strncasecmp(fw[i], w, n) == 0)
			return 1;
	/* "für" */
	return n == 4 && strncasecmp(w, "f\xc3\xbcr", 4) == 0;
}

struct aword {
	const char *s;
	size_t n;
	int fn;
};

static int lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
}

static int acro_rec(const char *a, size_t ai, size_t an,
		    const struct aword *w, size_t nw, size_t wi, size_t ci,
		    unsigned *budget)
{
	size_t p, v;

	if (!*budget)
		return 0;
	(*budget)--;
	if (ai == an) {
		for (v = wi + 1; v < nw; v++)
			if (!w[v].fn)
				return 0;
		return 1;
	}
	for (p = ci; p < w[wi].n; p++)
		if (lc((unsigned char)w[wi].s[p]) == lc((unsigned char)a[ai]) &&
		    acro_rec(a, ai + 1, an, w, nw, wi, p + 1, budget))
			return 1;
	for (v = wi + 1; v < nw; v++) {
		if (lc((unsigned char)w[v].s[0]) == lc((unsigned char)a[ai]) &&
		    acro_rec(a, ai + 1, an, w, nw, v, 1, budget))
			return 1;
		if (!w[v].fn)
			break;	/* content words cannot be skipped */
	}
	return 0;
}

/* Do the letters of acronym token ai plausibly abbreviate [s, e]? */
static int acro_plausible(const struct xctx *x, size_t ai, size_t s,
			  size_t e)
{
	struct aword w[LONGFORM_MAX];
	char a[16];
	size_t an = 0, k, nw = 0;
	const char *at = tok_text(x, ai);
	unsigned budget = 20000;

	if (e - s + 1 > LONGFORM_MAX || e - s + 1 < 2)
		return 0;
	for (k = 0; k < x->tk.t[ai].len && an < sizeof a - 1; k++)
		if ((at[k] >= 'A' && at[k] <= 'Z') ||
		    (at[k] >= 'a' && at[k] <= 'z') ||
		    (at[k] >= '0' && at[k] <= '9'))
			a[an++] = at[k];
	if (an < 2)
		return 0;
	for (k = s; k <= e; k++) {
		w[nw].s = tok_text(x, k);
		w[nw].n = x->tk.t[k].len;
		/* elided articles: "d'information", "l'Etat" */
		if (w[nw].n > 2 && (lc((unsigned char)w[nw].s[0]) == 'd' ||
				    lc((unsigned char)w[nw].s[0]) == 'l')) {
			size_t skip = w[nw].s[1] == '\'' ? 2 :
				      (w[nw].n > 4 &&
				       (unsigned char)w[nw].s[1] == 0xE2) ? 4
				      : 0;

			w[nw].s += skip;
			w[nw].n -= skip;
		}
		w[nw].fn = is_function_word(w[nw].s, w[nw].n);
		nw++;
	}
	if (w[0].fn || lc((unsigned char)w[0].s[0]) != lc((unsigned char)a[0]))
		return 0;
	return acro_rec(a, 1, an, w, nw, 0, 1, &budget);
}

/* Are the acronym's letters exactly the initials of the content words of
 * [s, e] (or of all its words)? */
static int acro_initials(const struct xctx *x, size_t ai, size_t s, size_t e)
{
	const char *a = tok_text(x, ai);
	size_t an = x->tk.t[ai].len, k, i = 0, j = 0;

	if (e - s + 1 > LONGFORM_MAX)
		return 0;
	for (k = s; k <= e; k++) {
		const char *w = tok_text(x, k);
		int c = lc((unsigned char)w[0]);

		if (!is_function_word(w, x->tk.t[k].len))
			i = (i < an && lc((unsigned char)a[i]) == c) ? i + 1
								      : an + 1;
		j = (j < an && lc((unsigned char)a[j]) == c) ? j + 1 : an + 1;
	}
	return i == an || j == an;
}

/* "d'Information", "l\u2019Etat": an elided article before a capital. */
static int elided_cap(const char *w, size_t n)
{
	const unsigned char *s = (const unsigned char *)w;
	size_t skip;

	if (n < 3 || (lc(s[0]) != 'd' && lc(s[0]) != 'l'))
		return 0;
	skip = s[1] == '\'' ? 2 : (n > 4 && s[1] == 0xE2) ? 4 : 0;
	return skip && skip < n && ((s[skip] >= 'A' && s[skip] <= 'Z') ||
				    (s[skip] == 0xC3 && skip + 1 < n &&
				     s[skip + 1] <= 0x9E));
}

/* Can token k be part of a capitalised long form? */
static int longform_word(const struct xctx *x, size_t k)
{
	const struct tok *t = &x->tk.t[k];

	if (t->flags & T_LONG)
		return 0;
	if (t->flags & T_CAP)
		return 1;
	if (elided_cap(tok_text(x, k), t->len))
		return 1;	/* "d'Information" */
	return is_function_word(tok_text(x, k), t->len);
}

/* First non-space byte after token k (possessive included), or 0. */
static int char_after(const struct xctx *x, size_t k)
{
	const char *s = seg_text(x, k);
	size_t o = x->tk.t[k].off + x->tk.t[k].len + x->tk.t[k].poss;

	while (s[o] == ' ' || s[o] == '\t')
		o++;
	return (unsigned char)s[o];
}

/* Acts on a definition: acronym token ai, long form [s, e]. */
static int learn_pair(struct xctx *x, size_t ai, size_t s, size_t e)
{
	size_t n = e - s + 1;
	uint32_t kl = global_lookup(x, s, n), ka, id;
	char *text;
	int r = 0;

	if (kl != NONE) {
		const struct gentry *g = ent_of(x, kl);

		if (g->type == ENTITY_PERSON)
			return 0;
		if (local_alias(x, ai, 1, kl, AF_CS))
			return -1;
		if (global_has_alias(x, kl, ai, 1))
			return 0;
		text = span_text(x, ai, ai);
		if (!text)
			return -1;
		r = alias_report(x, g->type, text, g->name);
		free(text);
		return r;
	}
	if (!acro_plausible(x, ai, s, e))
		return 0;
	ka = global_lookup(x, ai, 1);
	if (ka != NONE) {
		const struct gentry *g = ent_of(x, ka);

		if (g->type == ENTITY_PERSON)
			return 0;
		if (local_alias(x, s, n, ka, 0) || local_alias(x, ai, 1, ka,
							       AF_CS))
			return -1;
		text = span_text(x, s, e);
		if (!text)
			return -1;
		r = alias_report(x, g->type, text, g->name);
		free(text);
		return r;
	}
	/* "Chief Executive Officer (CEO)", "Clean Network Act (CNA)" define
	 * things that are not organisations */
	if (tok_in(x, W_NOTNAME, ai) || tok_in(x, W_TITLE, e) ||
	    tok_in(x, W_NOTORG, e))
		return 0;
	text = span_text(x, s, e);
	if (!text)
		return -1;
	id = local_entity(x, ENTITY_ORG, text);
	if (id == NONE)
		return -1;
	if (local_alias(x, s, n, id, 0) || local_alias(x, ai, 1, id, AF_CS))
		return -1;
	text = span_text(x, ai, ai);
	if (!text)
		return -1;
	r = alias_report(x, ENTITY_ORG, text, ent_of(x, id)->name);
	free(text);
	return r;
}

/* "ANSSI, the national cybersecurity agency" and "the national
 * cybersecurity agency ANSSI": a known acronym gains a descriptive alias. */
static int learn_descriptive(struct xctx *x, size_t ai, size_t s, size_t e)
{
	uint32_t ka = global_lookup(x, ai, 1);
	const struct gentry *g;
	size_t k;
	char *text;
	int r;

	/* Three words at least: "federal office" or "industry body" would
	 * name too many things to be an alias. */
	if (ka == NONE || e < s + 2 || e - s + 1 > LONGFORM_MAX)
		return 0;
	g = ent_of(x, ka);
	if (g->type != ENTITY_ORG || !tok_in(x, W_ORGHEAD, e))
		return 0;
	for (k = s; k <= e; k++)
		if (!(x->tk.t[k].flags & T_ALPHA) || x->tk.t[k].poss ||
		    (k > s && !alias_joins(x, k)))
			return 0;
	if (global_lookup(x, s, e - s + 1) != NONE)
		return 0;	/* names something already */
	if (local_alias(x, s, e - s + 1, ka, 0))
		return -1;
	text = span_text(x, s, e);
	if (!text)
		return -1;
	r = alias_report(x, g->type, text, g->name);
	free(text);
	return r;
}

static int learn_acronyms(struct xctx *x)
{
	size_t t, n = x->tk.n;
	char k[KEY_MAX];

	for (t = 0; t < n; t++) {
		const struct tok *tt = &x->tk.t[t];
		size_t s, e, best;

		if (!(tt->flags & T_ACRO))
			continue;
		/* Long Form (ACR) */
		if (t > 0 && same_seg(x, t - 1, t) && (tt->gap & G_OPEN) &&
		    !(tt->gap & ~(unsigned)(G_OPEN | G_NL)) &&
		    char_after(x, t) == ')' && longform_word(x, t - 1)) {
			e = t - 1;
			s = e;
			while (s > 0 && e - s + 1 < LONGFORM_MAX &&
			       alias_joins(x, s) && longform_word(x, s - 1))
				s--;
			best = NONE;
			for (size_t c = s; c <= e; c++)
				if ((x->tk.t[c].flags & T_CAP) &&
				    global_lookup(x, c, e - c + 1) != NONE) {
					best = c;
					break;
				}
			/* exact initials over the longest span first
			 * ("Equal Employment Opportunity Commission"),
			 * then the shortest plausible one ("... HQ") */
			if (best == NONE)
				for (size_t c = s; c <= e; c++)
					if ((x->tk.t[c].flags & T_CAP) &&
					    !is_function_word(tok_text(x, c),
							      x->tk.t[c].len) &&
					    acro_initials(x, t, c, e)) {
						best = c;
						break;
					}
			if (best == NONE)
				for (size_t c = e + 1; c-- > s;)
					if ((x->tk.t[c].flags & T_CAP) &&
					    acro_plausible(x, t, c, e)) {
						best = c;
						break;
					}
			if (best != NONE && learn_pair(x, t, best, e))
				return -1;
			continue;
		}
		/* ACR (Long Form) */
		if (t + 1 < n && same_seg(x, t, t + 1) &&
		    (x->tk.t[t + 1].gap & G_OPEN) &&
		    !(x->tk.t[t + 1].gap & ~(unsigned)(G_OPEN | G_NL)) &&
		    (x->tk.t[t + 1].flags & T_CAP)) {
			s = t + 1;
			e = s;
			while (e - s + 1 <= LONGFORM_MAX) {
				if (char_after(x, e) == ')') {
					if (learn_pair(x, t, s, e))
						return -1;
					break;
				}
				if (e + 1 >= n || !alias_joins(x, e + 1) ||
				    !longform_word(x, e + 1))
					break;
				e++;
			}
			continue;
		}
		/* ACR, the description, */
		if (t + 2 < n && same_seg(x, t, t + 2) &&
		    (x->tk.t[t + 1].gap & G_COMMA) &&
		    tok_key(x, t + 1, k) == 3 && strcmp(k, "the") == 0) {
			s = t + 2;
			e = s;
			while (e + 1 < n && e - s + 1 < LONGFORM_MAX &&
			       alias_joins(x, e + 1))
				e++;
			while (e > s + 1 && !tok_in(x, W_ORGHEAD, e))
				e--;
			if (learn_descriptive(x, t, s, e))
				return -1;
			continue;
		}
		/* the description ACR */
		if (t >= 3 && alias_joins(x, t)) {
			size_t p = t;

			while (p > 0 && t - p < LONGFORM_MAX) {
				if (tok_key(x, p - 1, k) == 3 &&
				    strcmp(k, "the") == 0)
					break;
				if (!alias_joins(x, p - 1))
					break;
				p--;
			}
			if (p > 0 && p < t && tok_key(x, p - 1, k) == 3 &&
			    strcmp(k, "the") == 0 &&
			    learn_descriptive(x, t, p, t - 1))
				return -1;
		}
	}
	return 0;
}

/* ---- people */

/* Could token k be a word of a person's name? */
static int namey(const struct xctx *x, size_t k)
{
	unsigned f = x->tk.t[k].flags;

	return (f & T_CAP) && (f & T_ALPHA) && !(f & (T_ALLCAPS | T_LONG)) &&
	       x->tk.t[k].len >= 2;
}

/* A capitalised word that is not a name: a title, a listed non-name, or
 * a common word the article also writes in lower case. */
static int name_breaker(const struct xctx *x, size_t k)
{
	char key[KEY_MAX];
	size_t n = tok_key(x, k, key);
	uint32_t in_lower = 0;

	return in_words(x, W_TITLE, key, n) ||
	       in_words(x, W_NOTNAME, key, n) ||
	       (smap_get(&x->lower, key, n, &in_lower) && in_lower);
}

static int name_joins(const struct xctx *x, size_t k)
{
	unsigned gap = x->tk.t[k].gap;

	return k != x->ntitle && k > 0 && !(gap & ~(unsigned)G_HYPHEN) &&
	       !x->tk.t[k - 1].poss;
}

/* Single name words ("Poupard") of person id found at [s, s+cnt). */
static int person_parts(struct xctx *x, size_t s, size_t cnt, uint32_t id)
{
	size_t ends[2] = { s, s + cnt - 1 }, i;
	char key[KEY_MAX];

	if (cnt < 2)
		return 0;
	for (i = 0; i < 2; i++) {
		size_t k = ends[i], n;
		uint32_t j;

		if (!namey(x, k) || name_breaker(x, k))
			continue;
		n = tok_key(x, k, key);
		if (!n || (x->g && smap_get(&x->g->at.keys, key, n, NULL)))
			continue;
		if (smap_get(&x->loc.keys, key, n, &j) && j != NONE &&
		    x->loc.a[j].ent != id)
			continue;	/* two people share it: neither */
		if (local_alias(x, k, 1, id, AF_CS))
			return -1;
	}
	return 0;
}

/* Is there a title word within the apposition after a name ending at b? */
static int apposition_title(const struct xctx *x, size_t b)
{
	size_t k;

	if (b >= x->tk.n || !same_seg(x, b - 1, b) ||
	    !(x->tk.t[b].gap & G_COMMA) ||
	    (x->tk.t[b].gap & (G_STOP | G_DOT | G_BLANK | G_OPEN | G_NL)))
		return 0;
	if (!(x->tk.t[b].flags & T_LOWER) && !x->used[b] &&
	    !tok_in(x, W_TITLE, b))
		return 0;	/* "Jane Doe, John Roe and ..." is a list */
	for (k = b; k < x->tk.n && k < b + 6 && same_seg(x, b, k); k++) {
		if (k > b && (x->tk.t[k].gap & (G_STOP | G_DOT | G_BLANK |
						 G_OPEN | G_COMMA)))
			return 0;
		if (tok_in(x, W_TITLE, k))
			return 1;
	}
	return 0;
}

static int person_cue(const struct xctx *x, size_t a, size_t k, size_t s,
		      size_t b)
{
	/* a title inside the capitalised run: "Prime Minister Jane Doe" */
	if (k != NONE && k >= a && tok_in(x, W_TITLE, k))
		return 1;
	if (s == a && a > 0 && same_seg(x, a - 1, a) &&
	    !(x->tk.t[a].gap & ~(unsigned)(G_HYPHEN | G_NL))) {
		/* "founder Jane Doe", "said Jane Doe" */
		if (tok_in(x, W_TITLE, a - 1) || two_before_in(x, W_TITLE, a))
			return 1;
		if ((x->tk.t[a - 1].flags & T_LOWER) &&
		    (tok_in(x, W_VERB_BEFORE, a - 1) ||
		     two_before_in(x, W_VERB_BEFORE, a)))
			return 1;
	}
	/* "Jane Doe said", "Jane Doe, the head of ..." (lower-case verbs
	 * only: title-case headlines are not sentences) */
	if (b < x->tk.n && same_seg(x, b - 1, b) &&
	    (x->tk.t[b].flags & T_LOWER) &&
	    !(x->tk.t[b].gap & ~(unsigned)(G_COMMA | G_NL)) &&
	    tok_in(x, W_VERB, b))
		return 1;
	return apposition_title(x, b);
}

/*
 * Words before a capitalised run that say it is not a person: a byline
 * ("By Jane Doe" opening a line: the author is not an actor) or an article
 * ("The Weekend Edition said": a title or an outlet).
 */
static int not_a_person(const struct xctx *x, size_t s)
{
	char k[KEY_MAX];
	size_t n;

	if (s == 0 || !same_seg(x, s - 1, s))
		return 0;
	n = tok_key(x, s - 1, k);
	if (n == 2 && strcmp(k, "by") == 0)
		return (x->tk.t[s - 1].flags & T_SENT) != 0;
	return (n == 3 && strcmp(k, "the") == 0) ||
	       (n == 1 && strcmp(k, "a") == 0) ||
	       (n == 2 && strcmp(k, "an") == 0);
}

static int find_people(struct xctx *x)
{
	size_t i = 0, n = x->tk.n;

	while (i < n) {
		size_t a = i, b, k = NONE, s, j;

		if (x->used[i] || !namey(x, i)) {
			i++;
			continue;
		}
		b = i + 1;
		while (b < n && !x->used[b] && namey(x, b) && name_joins(x, b))
			b++;
		i = b;
		for (j = a; j < b; j++)
			if (name_breaker(x, j))
				k = j;
		s = k == NONE ? a : k + 1;
		if (b - s < 2 || b - s > 4 || not_a_person(x, s) ||
		    !person_cue(x, a, k, s, b))
			continue;
		{
			char *name = span_text(x, s, b - 1);
			const char *canon;
			uint32_t id;

			if (!name)
				return -1;
			canon = gazetteer_resolve(x->g, ENTITY_PERSON, name);
			if (canon) {
				free(name);
				name = strdup(canon);
				if (!name)
					return -1;
			}
			id = local_entity(x, ENTITY_PERSON, name);
			if (id == NONE || local_alias(x, s, b - s, id, AF_CS) ||
			    person_parts(x, s, b - s, id))
				return -1;
		}
	}
	return 0;
}

/* ---- passes */

static int pass_match(struct xctx *x, int final)
{
	size_t i = 0, n = x->tk.n, L, k;
	uint32_t id;

	while (i < n) {
		const struct gentry *e;

		if (!match_at(x, i, &L, &id)) {
			i++;
			continue;
		}
		e = ent_of(x, id);
		if (final && e->type != ENT_IGNORE) {
			if (acc_add(x, e->type, e->name,
				    i < x->ntitle ? SIZE_MAX
						  : x->tk.t[i].off))
				return -1;
		} else if (!final) {
			for (k = i; k < i + L; k++)
				x->used[k] = (unsigned char)(1 + e->type);
			if (e->type == ENTITY_PLACE &&
			    smap_put(&x->places, e->name, strlen(e->name), 1,
				     NULL) < 0)
				return -1;
			if (e->type == ENTITY_PERSON &&
			    person_parts(x, i, L, id))
				return -1;
		}
		i += L;
	}
	return 0;
}

static int cmp_entity(const void *pa, const void *pb)
{
	const struct entity *a = pa, *b = pb;

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->first_off != b->first_off)
		return a->first_off < b->first_off ? -1 : 1;
	return strcmp(a->name, b->name);
}

static void xctx_free(struct xctx *x)
{
	size_t i;

	free(x->tk.t);
	free(x->scratch.t);
	free(x->used);
	free(x->gmax);
	smap_free(&x->lower);
	atable_free(&x->loc);
	for (i = 0; i < x->nle; i++)
		free(x->le[i].name);
	free(x->le);
	smap_free(&x->places);
	smap_free(&x->eidx);
	smap_free(&x->aidx);
}

void entities_result_free(struct entity_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nents; i++)
		free(r->ents[i].name);
	free(r->ents);
	for (i = 0; i < r->naliases; i++) {
		free(r->aliases[i].alias);
		free(r->aliases[i].name);
	}
	free(r->aliases);
	memset(r, 0, sizeof *r);
}

/*
 * Fills x->lower for name_breaker(): the key of every word that could be
 * part of a name (namey()), valued 1 when the article also writes it in
 * lower case.  A lower-case word is looked up only when some name word
 * has its first byte and length: most are not, and a lookup is cheaper
 * than putting every lower-case word of the article in the table.
 */
static int mark_lower(struct xctx *x)
{
	uint64_t seen[256] = { 0 };	/* first key byte -> bit per length */
	char key[KEY_MAX];
	size_t i, n;
	uint32_t *v, marked;

	for (i = 0; i < x->tk.n; i++) {
		if (!namey(x, i) || !(n = tok_key(x, i, key)))
			continue;
		if (smap_put(&x->lower, key, n, 0, NULL) < 0)
			return -1;
		seen[(unsigned char)key[0]] |= length_bit(n);
	}
	if (!x->lower.n)
		return 0;
	for (i = 0; i < x->tk.n; i++) {
		if (!(x->tk.t[i].flags & T_LOWER) || !(n = tok_key(x, i, key)))
			continue;
		/* a name word not marked yet ("the" recurs) */
		if (!(seen[(unsigned char)key[0]] & length_bit(n)) ||
		    !smap_get(&x->lower, key, n, &marked) || marked)
			continue;
		if (smap_put(&x->lower, key, n, 0, &v) < 0)
			return -1;
		*v = 1;
	}
	return 0;
}

static int extract(struct xctx *x, const struct article *a)
{
	size_t i;

	x->title = a->title ? a->title : "";
	x->body = a->body.s ? a->body.s : "";
	if (toks_scan(&x->tk, x->title, strlen(x->title)))
		return -1;
	x->ntitle = x->tk.n;
	if (toks_scan(&x->tk, x->body, a->body.s ? a->body.len : 0))
		return -1;
	x->used = calloc(x->tk.n + 1, 1);
	x->gmax = malloc(x->tk.n + 1);
	if (!x->used || !x->gmax)
		return -1;
	memset(x->gmax, GMAX_UNKNOWN, x->tk.n + 1);
	if (mark_lower(x))
		return -1;
	if (learn_acronyms(x) || pass_match(x, 0) || find_people(x) ||
	    pass_match(x, 1))
		return -1;
	for (i = 0; i < a->nentities; i++) {
		enum entity_type t = entity_type_parse(a->entities[i].type);
		const char *name = a->entities[i].name, *canon;
		size_t n;
		char *copy;
		int r;

		if (t == ENTITY_NTYPES || !name)
			continue;
		n = strlen(name);
		trim(&name, &n);
		if (!n || n > 512)
			continue;
		copy = malloc(n + 1);
		if (!copy)
			return -1;
		memcpy(copy, name, n);
		copy[n] = '\0';
		canon = gazetteer_resolve(x->g, t, copy);
		r = acc_add(x, t, canon ? canon : copy, SIZE_MAX);
		free(copy);
		if (r)
			return -1;
	}
	return 0;
}

int entities_extract(const gazetteer_t *g, const struct article *a,
		     struct entity_result *out, char *err, size_t errlen)
{
	struct xctx x;

	memset(&x, 0, sizeof x);
	memset(out, 0, sizeof *out);
	x.g = g;
	if (extract(&x, a)) {
		size_t i;

		for (i = 0; i < x.nents; i++)
			free(x.ents[i].name);
		free(x.ents);
		for (i = 0; i < x.nal; i++) {
			free(x.al[i].alias);
			free(x.al[i].name);
		}
		free(x.al);
		xctx_free(&x);
		snprintf(err, errlen, "entities: out of memory");
		return -1;
	}
	if (x.nents)
		qsort(x.ents, x.nents, sizeof *x.ents, cmp_entity);
	out->ents = x.ents;
	out->nents = x.nents;
	out->aliases = x.al;
	out->naliases = x.nal;
	xctx_free(&x);
	return 0;
}
