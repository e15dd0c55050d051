/*
 * clean.h - tells an article's own paragraphs from the page around them.
 *
 * Scraped pages carry site navigation, promotions, photo captions and
 * credits, share rows, "related" lists, author bios and reader comments
 * beside the article.  The cleaner classifies each line from its structure
 * (length, sentence shape, function-word density, runs of short lines, lines
 * repeated in the page, position before or after the article's main run)
 * helped by a small list of generic cue words (data/boilerplate-cues.txt,
 * also compiled in), and drops what is not the article.
 *
 * It works on any body: a body that is already clean (JSON or mail
 * paragraphs) keeps every line, because nothing is dropped without a
 * structural or cue-word reason.
 *
 * Pure functions over memory, linear in the input; no globals, no output.
 */
#ifndef DOSSIER_CLEAN_H
#define DOSSIER_CLEAN_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"

/* What the cleaner decided for one line. */
enum clean_verdict {
	CLEAN_BLANK = 0,	/* empty line: a paragraph break */
	CLEAN_KEEP,		/* article text */
	CLEAN_META,		/* set by the caller: title, byline, date line */
	CLEAN_HEADER,		/* set by the caller: page header above the title */
	CLEAN_CHROME,		/* navigation, menus, share rows, sign-in, ads */
	CLEAN_CAPTION,		/* photo caption or credit */
	CLEAN_PROMO,		/* subscription and product promotions */
	CLEAN_RELATED,		/* "related"/"read more" labels and their links */
	CLEAN_BIO,		/* author biography after the article */
	CLEAN_COMMENT,		/* the reader comment section and all after it */
	CLEAN_DUP,		/* a later copy of a paragraph kept earlier */
	CLEAN_DATA,		/* encoded data: a block of base64 lines */
	CLEAN_VERDICT_LAST
};

/* Human name of a verdict ("keep", "caption", ...); never NULL. */
const char *clean_verdict_name(enum clean_verdict v);

/* One input line: text without its newline, and where it came from. */
struct clean_line {
	const char *s;
	size_t len;		/* 0 for an empty line */
	uint32_t line;		/* 1-based line in the original file, or 0 */
	uint32_t col;		/* 1-based byte column of s[0], or 0 */
};

struct clean_report {
	size_t lines_in;	/* non-empty lines looked at */
	size_t lines_kept;
	size_t dropped[CLEAN_VERDICT_LAST];	/* non-empty lines per verdict */
	uint32_t comments_line;	/* original line where comments start, or 0 */
};

/* Cue words, grouped by what they hint at. */
enum clean_cue_class {
	CLEAN_CUE_CHROME = 0,	/* site furniture: menu, sign in, cookie */
	CLEAN_CUE_PROMO,	/* subscribe, discount, newsletter */
	CLEAN_CUE_SOCIAL,	/* facebook, twitter */
	CLEAN_CUE_COMMENT,	/* comments, reply, conversation */
	CLEAN_CUE_RELATED,	/* related, read more, see also */
	CLEAN_CUE_CREDIT,	/* photo, image, credit (before a ':') */
	CLEAN_CUE_BIO,		/* journalist, editor, correspondent */
	CLEAN_CUE_ACTION,	/* imperatives that open a button: join, get */
	CLEAN_CUE_ROLE,		/* job titles after a byline name: reporter */
	CLEAN_CUE_LAST
};

typedef struct clean_cues clean_cues_t;

/* The compiled-in cue list (the same as data/boilerplate-cues.txt).
 * Static storage: never freed. */
const clean_cues_t *clean_cues_builtin(void);

/*
 * Parses a cue list: one "class phrase" per line ("promo newsletter",
 * "chrome sign in"), '#' comments, classes chrome promo social comment
 * related credit bio action role.  Phrases are one to three words, matched
 * case-insensitively on word boundaries.  Returns 0 with *out (free with
 * clean_cues_free()), or -1 with err naming the line.
 */
int clean_cues_parse(const char *buf, size_t len, clean_cues_t **out,
		     char *err, size_t errlen);
/* Reads and parses a cue file; -1 with err naming the file on failure. */
int clean_cues_load(const char *path, clean_cues_t **out,
		    char *err, size_t errlen);
void clean_cues_free(clean_cues_t *c);

/* Number of phrases, and the i-th one with its class (for tests/tools). */
size_t clean_cues_count(const clean_cues_t *c);
const char *clean_cues_get(const clean_cues_t *c, size_t i,
			   enum clean_cue_class *cls);

/* True when the phrase (any case, one to three words) is a cue of cls. */
int clean_cues_has(const clean_cues_t *c, enum clean_cue_class cls,
		   const char *phrase, size_t len);

/*
 * Classifies lines[0..n).  verdict[i] may be preset by the caller to
 * CLEAN_META or CLEAN_HEADER (those lines are left alone and treated as
 * already taken); every other entry is overwritten.  cues NULL means the
 * built-in list; rep may be NULL.  Returns 0, or -1 with err filled when out
 * of memory.  Linear in the total length.
 */
int clean_classify(const struct clean_line *lines, size_t n,
		   const clean_cues_t *cues, unsigned char *verdict,
		   struct clean_report *rep, char *err, size_t errlen);

/*
 * Removes boilerplate lines from b in place (line numbers and columns of
 * the lines kept are unchanged; paragraph breaks are kept and never
 * doubled).  Returns 0, or -1 with err filled (out of memory: b unchanged).
 */
int clean_body(struct body *b, struct clean_report *rep,
	       char *err, size_t errlen);
/* The same with a caller's cue list (NULL: built-in). */
int clean_body_with(struct body *b, const clean_cues_t *cues,
		    struct clean_report *rep, char *err, size_t errlen);
/*
 * Removes only blocks of encoded data (CLEAN_DATA), the same way: for text
 * that its producer already extracted (JSON), which the boilerplate rules
 * must not second-guess.
 */
int clean_body_data(struct body *b, struct clean_report *rep, char *err,
		    size_t errlen);

/* ---- helpers shared with the readers (pure, no allocation) */

/* Counts words of s[0..len) (runs of letters/digits, UTF-8 aware). */
size_t clean_count_words(const char *s, size_t len);

/*
 * A byline: "By Jane Doe", "By Jane Doe and John Roe, Reporter",
 * "Jane Doe | Senior Correspondent".  On success returns 1 and sets
 * *name and *namelen to the name inside s.
 */
int clean_parse_byline(const clean_cues_t *cues, const char *s, size_t len,
		       const char **name, size_t *namelen);

/* True when s is a photo/image credit or a caption ending in one. */
int clean_is_credit(const clean_cues_t *cues, const char *s, size_t len);

/*
 * Of a caption line (CLEAN_CAPTION), the length of the caption text to keep
 * once its credit is cut off ("Ren Zhengfei in Shenzhen. Photo: Reuters"
 * keeps "Ren Zhengfei in Shenzhen."), or 0 when nothing worth keeping is
 * left (a bare credit).  A caption describes what the article is about, so
 * its names count; the credit is never text, nor a source.
 */
size_t clean_caption_text(const clean_cues_t *cues, const char *s, size_t len);

#endif
