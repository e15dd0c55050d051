/*
 * article.h - one article as the readers hand it to the rest of the indexer.
 *
 * Every reader (read_text.c, read_html.c, read_json.c, read_mail.c) is a pure
 * function over a buffer of decoded bytes: it fills struct article values and
 * passes each to an emit callback.  Nothing here touches the index, the file
 * system or stdout, so a fuzzer can call any reader directly.
 *
 * Text is UTF-8.  The body is kept as lines, each remembering where it came
 * from in the original (decompressed) file, so that a search hit can point an
 * editor at the right line and byte column.
 */
#ifndef DOSSIER_ARTICLE_H
#define DOSSIER_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

/* Hard cap on one article's decoded size (documented in README). */
#define ARTICLE_MAX_BYTES (32u * 1024u * 1024u)

enum article_format {
	ARTICLE_FMT_UNKNOWN = 0,
	ARTICLE_FMT_TEXT,	/* scraped plain text */
	ARTICLE_FMT_HTML,
	ARTICLE_FMT_JSON,	/* one object or an array of objects */
	ARTICLE_FMT_JSONL,	/* one object per line */
	ARTICLE_FMT_MAIL	/* RFC 822 style header + body */
};

/* Where one line of body text came from. */
struct body_line {
	size_t off;		/* start of the line in body.s */
	size_t len;		/* bytes, without the '\n' */
	uint32_t line;		/* 1-based line in the original file (0: unknown) */
	uint32_t col;		/* 1-based byte column of the line's first byte */
	/* How many of the line's first bytes are the file's own bytes from
	 * (line, col), so that a byte offset below it is a column offset:
	 * set by body_mark_verbatim(), 0 until then. */
	size_t verbatim;
};

/*
 * The body: lines joined by '\n' in s (NUL-terminated).  An empty line
 * (len 0) separates paragraphs.  lines[i] describes the i-th line of s.
 */
struct body {
	char *s;
	size_t len, cap;
	struct body_line *lines;
	size_t nlines, linecap;
};

/* An entity named explicitly by the input (JSON "entities"). */
struct given_entity {
	char *type;		/* "org", "person", "place" */
	char *name;
};

struct article {
	enum article_format format;
	char *id;		/* given id, or NULL */
	char *url;		/* canonical URL, or NULL */
	char *title;
	char *date;		/* raw date text as found, or NULL; see dates.h */
	char *source;		/* outlet name as found, or NULL */
	char *author;
	char *lang;		/* as found ("en", "fr-FR"), or NULL */
	char *description;
	uint32_t record;	/* 1-based record number within the file */
	uint32_t first_line;	/* 1-based line where the record starts */
	struct body body;
	struct given_entity *entities;
	size_t nentities;
};

/* Returns 0, or -1 when out of memory (the body is unchanged then). */
int body_add_line(struct body *b, const char *s, size_t len,
		  uint32_t line, uint32_t col);
/*
 * Sets each line's verbatim count by comparing it with src[0..len), the
 * original bytes of the file from its line first_line on (a whole file, or
 * one JSON Lines line).  A line that claims the place of the line before it
 * gets 0: it cannot have come from the same bytes.  Pure over the buffers.
 */
void body_mark_verbatim(struct body *b, const char *src, size_t len,
			uint32_t first_line);
/* Adds a paragraph break unless the body is empty or already ends in one. */
int body_end_paragraph(struct body *b);
void body_free(struct body *b);

/* Makes room for need elements of elem bytes in *p, of *cap now (doubling
 * from 16): 0, or -1 when out of memory (*p is then as it was). */
int array_grow(void **p, size_t *cap, size_t need, size_t elem);

/* Sets *field to a malloc'd copy of s[0..len); 0 or -1 (out of memory). */
int article_set(char **field, const char *s, size_t len);
/*
 * Sets *field from metadata text: invalid UTF-8 repaired, runs of white
 * space (newlines included) folded to one space, trimmed.  Text that is
 * empty after that leaves the field as it was.  0, or -1 (out of memory).
 */
int article_set_meta(char **field, const char *s, size_t len);
int article_add_entity(struct article *a, const char *type, const char *name);
/* Frees everything the article owns and zeroes it; the struct itself is the caller's. */
void article_clear(struct article *a);

/*
 * Reader contract.  A reader calls emit once per article it finds, with an
 * article it owns; emit may take fields out of it (setting them to NULL) and
 * the reader clears it after emit returns.  A non-zero return from emit stops
 * the reader, which returns that value.
 *
 * Problems with one record that do not stop the rest (a malformed JSON line)
 * are reported through warn(ctx, line, message) and the reader goes on.
 * A reader returns 0 when it finished, or -1 with err filled when the whole
 * buffer is unusable.
 */
typedef int (*article_emit_fn)(void *ctx, struct article *a);
typedef void (*article_warn_fn)(void *ctx, uint32_t line, const char *msg);

struct reader_ctx {
	article_emit_fn emit;
	article_warn_fn warn;	/* may be NULL */
	void *ctx;
	char *err;		/* caller's buffer for a fatal message */
	size_t errlen;
};

#endif
