/*
 * ingest.c - one input file through its reader.
 *
 * Order for each file: skip it if its signature is unchanged; otherwise
 * delete what the index holds of it, choose the format (the extension
 * proposes, the content confirms), run the reader over the decoded bytes
 * (JSON Lines a line at a time, everything else as one buffer of at most
 * ARTICLE_MAX_BYTES), and record its signature only after its last article,
 * so an interrupted file is read again by the next run.
 */
#include <stdlib.h>
#include <string.h>

#include "indexer.h"
#include "readers.h"

#define SNIFF_BYTES 4096

static const char *const skip_names[SKIP_NREASONS] = {
	"unreadable", "binary or unknown format", "too big", "corrupt gzip",
	"malformed record", "empty", "duplicate id", "symlink loop",
};

const char *skip_reason_name(enum skip_reason r)
{
	return (unsigned)r < SKIP_NREASONS ? skip_names[r] : "?";
}

static void reader_warn(void *ctx, uint32_t line, const char *msg)
{
	struct indexer *ix = ctx;
	char where[64] = "";

	if (line)
		snprintf(where, sizeof where, ":%u", line);
	fprintf(stderr, "dossier-index: %s%s: %s (skipped)\n", ix->file->path,
		where, msg);
	ix->st.skipped[SKIP_MALFORMED]++;
}

static bool has_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), e = strlen(ext);
	if (n >= 3 && strcmp(path + n - 3, ".gz") == 0)
		n -= 3;
	return n > e && strncasecmp(path + n - e, ext, e) == 0;
}

/* Decoded bytes that are gzip again: the file was compressed twice, and
 * its lines or its text would be read as binary junk. */
#define GZIP_TWICE "gzip inside gzip (compressed twice: gunzip it once)"

static int read_lines(struct indexer *ix, input_t *in,
		      const struct reader_ctx *rc)
{
	const char *line;
	size_t len;
	uint32_t lineno, record = 0;
	char err[256];
	int st;

	while (!*ix->stop && !ix->fatal) {
		st = input_getline(in, ARTICLE_MAX_BYTES, &line, &len, &lineno,
				   err, sizeof err);
		if (st == INPUT_EOF)
			break;
		if (st == INPUT_TOO_BIG) {
			char d[96];
			snprintf(d, sizeof d, "line %u over %u MiB", lineno,
				 ARTICLE_MAX_BYTES >> 20);
			indexer_skip(ix, ix->file->path, SKIP_TOO_BIG, d);
			record++;
			continue;
		}
		if (st != INPUT_OK) {
			indexer_skip(ix, ix->file->path, SKIP_CORRUPT_GZIP, err);
			return 0;
		}
		if (lineno == 1 && gzip_magic(line, len)) {
			indexer_skip(ix, ix->file->path, SKIP_BINARY, GZIP_TWICE);
			return 0;
		}
		size_t clen, nbad;
		char *clean = utf8_sanitize(line, len, &clen, &nbad);
		if (!clean) {
			snprintf(ix->err, sizeof ix->err, "out of memory");
			return -1;
		}
		/* line 1 as an editor shows it, after the file's BOM */
		size_t bom = lineno == 1 ? utf8_bom_len(line, len) : 0;
		ix->src = line + bom;
		ix->srclen = len - bom;
		ix->src_line = lineno;
		bool blank = true;
		for (size_t i = 0; i < clen && blank; i++)
			blank = clean[i] == ' ' || clean[i] == '\t';
		if (!blank)
			record++;
		read_jsonl_line(clean, clen, lineno, record, rc);
		ix->src = NULL;
		free(clean);
	}
	return 0;
}

/*
 * Sniffs buf[0..len) (bytes in an ASCII-compatible charset) and runs its
 * reader.  own: buf is the file's own bytes, which positions are found in.
 */
static int read_decoded(struct indexer *ix, const char *buf, size_t len,
			bool own, const struct reader_ctx *rc)
{
	enum article_format fmt = ix->opts->format;

	if (fmt == ARTICLE_FMT_UNKNOWN)
		fmt = sniff_format(ix->file->path, buf,
				   len < SNIFF_BYTES ? len : SNIFF_BYTES);
	if (fmt == ARTICLE_FMT_UNKNOWN) {
		indexer_skip(ix, ix->file->path, SKIP_BINARY,
			     "not text, HTML, JSON or mail");
		return 0;
	}
	ix->format = fmt;
	ix->multi = fmt == ARTICLE_FMT_JSONL;
	/* line 1 as an editor shows it, after the file's BOM */
	size_t bom = utf8_bom_len(buf, len);
	ix->src = own ? buf + bom : NULL;
	ix->srclen = own ? len - bom : 0;
	ix->src_line = 1;
	if (fmt == ARTICLE_FMT_JSON) {
		/* An array (or a run of objects) holds records; one object is
		 * one article, named by the file alone. */
		size_t i = 0;
		while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' ||
				   buf[i] == '\r'))
			i++;
		ix->multi = i < len && buf[i] == '[';
	}
	if (fmt == ARTICLE_FMT_HTML) {
		/* libxml2 decodes the page's own charset */
		if (read_html(buf, len, rc) < 0 && rc->err[0])
			indexer_skip(ix, ix->file->path, SKIP_MALFORMED, rc->err);
		return 0;
	}

	size_t clen, nbad, skip;
	bool converted;
	char *clean;
	int r;
	if (fmt == ARTICLE_FMT_TEXT) {
		/* Scraped text declares no charset: a BOM, UTF-8, else
		 * Windows-1252 (utf8_decode_text()). */
		clean = utf8_decode_text(buf, len, &clen, &skip, &converted);
		if (own) {
			ix->src = buf + skip;
			ix->srclen = len - skip;
		}
	} else if (fmt == ARTICLE_FMT_MAIL) {
		/* each part has its own charset, which read_mail() decodes */
		clean = utf8_sanitize_lines(buf, len, &clen);
	} else {
		clean = utf8_sanitize(buf, len, &clen, &nbad);
	}
	if (!clean) {
		snprintf(ix->err, sizeof ix->err, "out of memory");
		return -1;
	}
	switch (fmt) {
	case ARTICLE_FMT_JSON: r = read_json(clean, clen, rc); break;
	case ARTICLE_FMT_JSONL: r = read_jsonl(clean, clen, rc); break;
	case ARTICLE_FMT_MAIL: r = read_mail(clean, clen, rc); break;
	default: r = read_text(clean, clen, rc); break;
	}
	free(clean);
	if (r < 0 && rc->err[0])
		indexer_skip(ix, ix->file->path, SKIP_MALFORMED, rc->err);
	return 0;
}

/* True when buf opens with a UTF-16 byte order mark. */
static bool is_utf16(const char *buf, size_t len)
{
	return len >= 2 && (memcmp(buf, "\xFF\xFE", 2) == 0 ||
			    memcmp(buf, "\xFE\xFF", 2) == 0);
}

/*
 * Reads a buffer of UTF-16 (after its BOM) decoded to UTF-8, as any other:
 * no sniffer or reader but HTML's knows UTF-16, and NULs make it binary.
 */
static int read_utf16(struct indexer *ix, const char *buf, size_t len,
		      const struct reader_ctx *rc)
{
	size_t ulen, skip;
	bool converted;
	char *u8 = utf8_decode_text(buf, len, &ulen, &skip, &converted);
	int r;

	if (!u8) {
		snprintf(ix->err, sizeof ix->err, "out of memory");
		return -1;
	}
	r = read_decoded(ix, u8, ulen, false, rc);
	ix->src = NULL;
	free(u8);
	return r;
}

/* Reads a whole file (any format but JSON Lines) as one buffer. */
static int read_buffer(struct indexer *ix, input_t *in,
		       const struct reader_ctx *rc)
{
	const char *buf;
	size_t len;
	char err[256];
	int st = input_slurp(in, ARTICLE_MAX_BYTES, &buf, &len, err, sizeof err);

	if (st == INPUT_TOO_BIG) {
		char d[64];
		snprintf(d, sizeof d, "over %u MiB", ARTICLE_MAX_BYTES >> 20);
		indexer_skip(ix, ix->file->path, SKIP_TOO_BIG, d);
		return 0;
	}
	if (st != INPUT_OK) {
		indexer_skip(ix, ix->file->path,
			     input_is_gzip(in) ? SKIP_CORRUPT_GZIP : SKIP_UNREADABLE,
			     err);
		return 0;
	}
	ix->bytes_done += input_bytes_in(in);
	if (len == 0) {
		indexer_skip(ix, ix->file->path, SKIP_EMPTY, "empty file");
		return 0;
	}
	if (gzip_magic(buf, len)) {
		indexer_skip(ix, ix->file->path, SKIP_BINARY, GZIP_TWICE);
		return 0;
	}
	if (is_utf16(buf, len))
		return read_utf16(ix, buf, len, rc);
	return read_decoded(ix, buf, len, true, rc);
}

int ingest_file(struct indexer *ix, const struct walk_file *f)
{
	char err[512] = "", sig[96];
	input_t *in = NULL;
	uint64_t skipped_before = 0;
	struct reader_ctx rc = { record_article, reader_warn, ix, err, sizeof err };
	int r = 0;

	ix->file = f;
	ix->file_docs = 0;
	ix->had_docs = false;
	ix->file_deleted = 0;
	ix->format = ix->opts->format;
	ix->multi = false;
	for (int i = 0; i < SKIP_NREASONS; i++)
		skipped_before += ix->st.skipped[i];

	if (ix->w) {
		if (shim_writer_file_signature(ix->w, f->key, sig, sizeof sig) == SHIM_OK) {
			if (strcmp(sig, f->signature) == 0) {
				ix->st.files_unchanged++;
				ix->bytes_done += f->size;
				return 0;
			}
		}
		size_t n = 0;
		if (shim_writer_delete_file(ix->w, f->key, &n) != SHIM_OK) {
			snprintf(ix->err, sizeof ix->err, "%s",
				 shim_writer_error(ix->w));
			return -1;
		}
		ix->had_docs = n > 0;
		ix->file_deleted = n;
		ix->st.deleted += n;
	}
	if (input_open(&in, f->path, err, sizeof err) != INPUT_OK) {
		indexer_skip(ix, f->path, SKIP_UNREADABLE, err);
		return 0;
	}
	ix->st.files++;
	ix->in = in;
	err[0] = '\0';
	if (ix->opts->format == ARTICLE_FMT_JSONL ||
	    (ix->opts->format == ARTICLE_FMT_UNKNOWN &&
	     (has_ext(f->path, ".jsonl") || has_ext(f->path, ".ndjson")))) {
		ix->format = ARTICLE_FMT_JSONL;
		ix->multi = true;
		r = read_lines(ix, in, &rc);
		ix->bytes_done += input_bytes_in(in);
	} else {
		r = read_buffer(ix, in, &rc);
	}
	input_close(in);
	ix->in = NULL;
	ix->src = NULL;
	smap_free(&ix->ids);
	if (r < 0 || ix->fatal)
		return -1;
	if (*ix->stop)
		return 0;	/* not done: the next run reads it again */
	uint64_t skipped_after = 0;
	for (int i = 0; i < SKIP_NREASONS; i++)
		skipped_after += ix->st.skipped[i];
	if (ix->file_docs == 0 && skipped_after == skipped_before)
		indexer_skip(ix, f->path, SKIP_EMPTY, "no article found");
	if (ix->w && strcmp(f->path, "-") != 0 &&
	    shim_writer_file_done(ix->w, f->key, f->signature) != SHIM_OK) {
		snprintf(ix->err, sizeof ix->err, "%s", shim_writer_error(ix->w));
		return -1;
	}
	return indexer_maybe_commit(ix, false);
}
