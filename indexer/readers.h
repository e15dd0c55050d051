/*
 * readers.h - the format readers, the input layer and format sniffing.
 *
 * Every read_*() function is a pure function over a buffer of decoded bytes
 * (already inflated if the file was gzipped, never larger than
 * ARTICLE_MAX_BYTES) that follows the reader contract in article.h.  Only
 * input.c touches files.
 */
#ifndef DOSSIER_READERS_H
#define DOSSIER_READERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "article.h"

/* ---- format readers (read_text.c, read_html.c, read_json.c, read_mail.c) */

/* Scraped plain text: one article; title, byline, date and source are
 * found from the text's structure; boilerplate and comments are removed
 * (clean.h). */
int read_text(const char *buf, size_t len, const struct reader_ctx *rc);

/* An HTML page: one article from its metadata and main content. */
int read_html(const char *buf, size_t len, const struct reader_ctx *rc);

/* A JSON document: one article object, or an array of them. */
int read_json(const char *buf, size_t len, const struct reader_ctx *rc);

/* One line of a JSON Lines file.  lineno is the 1-based line in the file
 * and becomes the article's first_line and body line numbers; record is the
 * 1-based record number.  A malformed line is reported through rc->warn with
 * its line and -1 is returned; blank lines return 0 and emit nothing. */
int read_jsonl_line(const char *line, size_t len, uint32_t lineno,
		    uint32_t record, const struct reader_ctx *rc);

/* A whole JSON Lines buffer, line by line (convenience over the above). */
int read_jsonl(const char *buf, size_t len, const struct reader_ctx *rc);

/* RFC 822 style header + body (saved newsletters, alerts). */
int read_mail(const char *buf, size_t len, const struct reader_ctx *rc);

/* ---- sniffing (sniff.c) */

/*
 * The format of a file from its name (a trailing ".gz" is ignored) and the
 * first bytes of its decoded content.  The extension proposes, the content
 * confirms: unknown extensions are decided by content alone.  Returns
 * ARTICLE_FMT_UNKNOWN for content that is binary or not any known format.
 */
enum article_format sniff_format(const char *name, const char *head,
				 size_t len);
/* True when the bytes look binary (NULs, or mostly invalid UTF-8). */
bool sniff_is_binary(const char *head, size_t len);
const char *sniff_format_name(enum article_format f);
/* Parses "text", "html", "json", "jsonl", "mail" (for --format). */
enum article_format sniff_format_from_name(const char *name);

/* ---- UTF-8 (utf8.c) */

/*
 * Copies s[0..len) into a new NUL-terminated buffer, replacing each invalid
 * UTF-8 sequence by U+FFFD, dropping C0 controls other than tab and newline
 * and turning CR LF / lone CR into LF.  *outlen gets the length and *nbad
 * the number of replaced sequences.  Returns NULL when out of memory.
 * The caller frees the result with free().
 */
char *utf8_sanitize(const char *s, size_t len, size_t *outlen, size_t *nbad);
/*
 * The same repair of line ends and controls, but bytes from 0x80 on are
 * left as they are: for a reader that decodes each part's declared charset
 * itself (mail).  Returns NULL when out of memory; free() the result.
 */
char *utf8_sanitize_lines(const char *s, size_t len, size_t *outlen);
bool utf8_valid(const char *s, size_t len);
/* The length of the UTF-8 BOM s starts with: 3, or 0.  Editors show a
 * file's first line without it, so columns on that line count from after
 * it. */
size_t utf8_bom_len(const char *s, size_t len);

/*
 * s[0..len) in the charset named label (a MIME or HTML label such as
 * "iso-8859-2", "koi8-r", "windows-1252"; NULL or "" for UTF-8) as
 * sanitised UTF-8, as utf8_sanitize() leaves it: each undecodable byte is
 * U+FFFD.  Latin-1 labels are read as Windows-1252 and GB2312 as GBK, as
 * browsers do.  Returns NULL when out of memory, or with *unknown set when
 * iconv does not know the charset.  The caller frees the result with free().
 */
char *utf8_from_charset(const char *label, const char *s, size_t len,
			size_t *outlen, bool *unknown);

/*
 * Text of no declared charset as sanitised UTF-8: after a UTF-8 BOM (which
 * is dropped) or in valid UTF-8 it is sanitised; after a UTF-16 BOM it is
 * decoded as UTF-16; text that is not UTF-8 but plausible Windows-1252 /
 * Latin-1 (0xE9 for e-acute) is decoded as Windows-1252.  *skip gets the
 * length of the BOM dropped, *converted whether the output's bytes differ
 * from the input's beyond repairs (columns cannot be found in the file).
 * Returns NULL when out of memory; the caller frees the result with free().
 */
char *utf8_decode_text(const char *s, size_t len, size_t *outlen,
		       size_t *skip, bool *converted);

/* ---- input (input.c): files, standard input, gzip streams */

typedef struct input input_t;

enum input_status {
	INPUT_OK = 0,
	INPUT_EOF = 1,
	INPUT_TOO_BIG = 2,	/* over the cap: skip this article/line */
	INPUT_ERROR = -1	/* I/O error, truncated or corrupt gzip */
};

/*
 * Opens path ("-" for standard input).  Gzip is recognised by its magic
 * bytes, whatever the name, and inflated as a stream (never more than the
 * caller's cap at once).  Returns INPUT_OK or INPUT_ERROR with err filled
 * ("open failed: Permission denied").  Free with input_close().
 */
int input_open(input_t **in, const char *path, char *err, size_t errlen);
bool input_is_gzip(const input_t *in);
/* Do buf's first bytes (len of them) open a gzip member? */
bool gzip_magic(const void *buf, size_t len);

/*
 * Reads the whole decoded content.  On INPUT_OK *buf (NUL-terminated,
 * owned by the input until the next call or input_close()) and *len are
 * set.  INPUT_TOO_BIG when the decoded content exceeds cap (reading stops
 * there: a gzip bomb costs at most cap bytes).  INPUT_ERROR with err.
 */
int input_slurp(input_t *in, size_t cap, const char **buf, size_t *len,
		char *err, size_t errlen);

/*
 * Reads the next line without its line break: LF, CR LF, or a CR alone (as
 * old Mac files end lines).  INPUT_OK with *line
 * (owned by the input, valid until the next call) and *lineno (1-based);
 * INPUT_EOF at the end; INPUT_TOO_BIG for a line over cap, which is skipped
 * (the next call continues after it); INPUT_ERROR with err.
 */
int input_getline(input_t *in, size_t cap, const char **line, size_t *len,
		  uint32_t *lineno, char *err, size_t errlen);

/* Decoded bytes read so far, and raw (compressed) bytes, for progress. */
uint64_t input_bytes_in(const input_t *in);
void input_close(input_t *in);

/*
 * Pure buffer form of the gzip layer, for tests and fuzzing: inflates a
 * complete gzip buffer (possibly several members) into a new buffer of at
 * most cap bytes.  Same statuses as input_slurp; *out is malloc'd (caller
 * frees) on INPUT_OK.
 */
int input_gunzip_buffer(const char *gz, size_t gzlen, size_t cap,
			char **out, size_t *outlen, char *err, size_t errlen);

#endif
