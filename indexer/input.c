/*
 * input.c - the only module that touches files: plain files, standard input
 * and gzip streams, read whole (input_slurp) or a line at a time
 * (input_getline).
 *
 * Gzip is recognised by its magic bytes (1f 8b), not by the name, and is
 * inflated with zlib in 64 KiB chunks; concatenated members (as written by
 * "cat a.gz b.gz" or pigz) are read as one stream.  Data after the last
 * member that is not another member (tar-style zero padding, junk appended
 * by a broken download) is ignored, as gzip(1) does.
 *
 * Memory is bounded by the caller's cap: input_slurp never decodes more
 * than cap + 1 bytes (so a gzip bomb costs at most that), and input_getline
 * never holds more than cap + 2 bytes of one line plus one chunk.
 *
 * Error messages name the cause but not the path; the caller adds the path.
 * After an error the input stays in error: every later call repeats it.
 * Relies on POSIX open/read and zlib; no global state.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "readers.h"

#define INPUT_CHUNK (64u * 1024u)

struct input {
	int fd;			/* -1 for a memory source */
	bool own_fd;		/* false for standard input */
	const unsigned char *mem;	/* memory source (input_gunzip_buffer) */
	size_t memlen, mempos;

	bool gzip;
	bool raw_eof;		/* the source has no more bytes */
	bool eof;		/* no more decoded bytes */
	bool failed;
	bool zinit;
	bool member_done;	/* the last inflate() hit a member's end */
	z_stream zs;
	unsigned char *raw;	/* compressed bytes, INPUT_CHUNK */

	char *buf;		/* decoded bytes; [pos, len) not yet consumed */
	size_t pos, len, size;	/* size: allocated, always > len */
	size_t scan;		/* [pos, scan) known to hold no line break */
	bool after_cr;		/* a line ended at CR: a LF next is its CR LF */
	uint32_t lineno;

	uint64_t raw_in, dec_out;
	char msg[160];
};

static int input_fail(input_t *in, char *err, size_t errlen, const char *fmt,
		      const char *detail)
{
	in->failed = true;
	snprintf(in->msg, sizeof in->msg, fmt, detail ? detail : "");
	if (err && errlen)
		snprintf(err, errlen, "%s", in->msg);
	return INPUT_ERROR;
}

static int input_refail(input_t *in, char *err, size_t errlen)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", in->msg);
	return INPUT_ERROR;
}

/* Reads raw bytes from the source; returns the count, 0 at end, -1 error. */
static ssize_t input_read_raw(input_t *in, unsigned char *dst, size_t want)
{
	ssize_t n;

	if (in->fd < 0) {
		size_t left = in->memlen - in->mempos;

		if (want > left)
			want = left;
		if (want)
			memcpy(dst, in->mem + in->mempos, want);
		in->mempos += want;
		in->raw_in += want;
		return (ssize_t)want;
	}
	do
		n = read(in->fd, dst, want);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		in->raw_in += (uint64_t)n;
	return n;
}

/* Appends raw bytes after the unread ones (at least one unless at end). */
static int input_more_raw(input_t *in, char *err, size_t errlen)
{
	ssize_t n;

	if (in->raw_eof)
		return 0;
	if (in->zs.avail_in && in->zs.next_in != in->raw)
		memmove(in->raw, in->zs.next_in, in->zs.avail_in);
	in->zs.next_in = in->raw;
	n = input_read_raw(in, in->raw + in->zs.avail_in,
			   INPUT_CHUNK - in->zs.avail_in);
	if (n < 0)
		return input_fail(in, err, errlen, "read failed: %s",
				  strerror(errno));
	if (n == 0)
		in->raw_eof = true;
	in->zs.avail_in += (uInt)n;
	return 0;
}

/*
 * After a member's end: either another member follows (reset and go on)
 * or the stream is over.  Returns 0, or INPUT_ERROR.
 */
bool gzip_magic(const void *buf, size_t len)
{
	const unsigned char *b = buf;

	return len >= 2 && b[0] == 0x1f && b[1] == 0x8b;
}

static int input_next_member(input_t *in, char *err, size_t errlen)
{
	while (in->zs.avail_in < 2 && !in->raw_eof)
		if (input_more_raw(in, err, errlen))
			return INPUT_ERROR;
	if (gzip_magic(in->zs.next_in, in->zs.avail_in)) {
		if (inflateReset(&in->zs) != Z_OK)
			return input_fail(in, err, errlen,
					  "corrupt gzip data%s", "");
		in->member_done = false;
		return 0;
	}
	in->eof = true;		/* trailing bytes that are not a member */
	return 0;
}

static int input_inflate(input_t *in, char *err, size_t errlen);

/*
 * Decodes up to want bytes into dst.  *got is 0 only at the end.  Returns
 * 0 or INPUT_ERROR.
 */
static int input_fill(input_t *in, char *dst, size_t want, size_t *got,
		      char *err, size_t errlen)
{
	*got = 0;
	if (in->failed)
		return input_refail(in, err, errlen);
	if (in->eof || want == 0)
		return 0;
	if (!in->gzip) {
		ssize_t n;

		/* The bytes read to look for the magic come first. */
		if (in->zs.avail_in) {
			size_t k = in->zs.avail_in < want ? in->zs.avail_in
							  : want;

			memcpy(dst, in->zs.next_in, k);
			in->zs.next_in += k;
			in->zs.avail_in -= (uInt)k;
			*got = k;
			in->dec_out += k;
			return 0;
		}
		if (in->raw_eof) {
			in->eof = true;
			return 0;
		}
		n = input_read_raw(in, (unsigned char *)dst, want);
		if (n < 0)
			return input_fail(in, err, errlen, "read failed: %s",
					  strerror(errno));
		if (n == 0)
			in->eof = in->raw_eof = true;
		*got = (size_t)n;
		in->dec_out += (uint64_t)n;
		return 0;
	}

	if (want > INPUT_CHUNK * 16)
		want = INPUT_CHUNK * 16;	/* uInt-safe and still large */
	in->zs.next_out = (unsigned char *)dst;
	in->zs.avail_out = (uInt)want;
	if (input_inflate(in, err, errlen) && in->zs.avail_out == want)
		return INPUT_ERROR;
	/* Bytes decoded before an error are delivered first (the lines
	 * before the damage); the error comes with the next call. */
	*got = want - in->zs.avail_out;
	in->dec_out += *got;
	return 0;
}

/* Runs inflate() until the output window is full or the stream ends. */
static int input_inflate(input_t *in, char *err, size_t errlen)
{
	while (in->zs.avail_out > 0 && !in->eof) {
		int ret;

		if (in->member_done) {
			if (input_next_member(in, err, errlen))
				return INPUT_ERROR;
			continue;
		}
		if (in->zs.avail_in == 0 && !in->raw_eof &&
		    input_more_raw(in, err, errlen))
			return INPUT_ERROR;
		ret = inflate(&in->zs, Z_NO_FLUSH);
		if (ret == Z_STREAM_END) {
			in->member_done = true;
		} else if (ret == Z_BUF_ERROR) {
			/* No progress: input exhausted mid-member. */
			if (in->zs.avail_in == 0 && in->raw_eof)
				return input_fail(in, err, errlen,
						  "truncated gzip stream%s", "");
			if (in->zs.avail_in != 0)	/* cannot happen */
				return input_fail(in, err, errlen,
						  "corrupt gzip data%s", "");
		} else if (ret == Z_MEM_ERROR) {
			return input_fail(in, err, errlen, "out of memory%s",
					  "");
		} else if (ret != Z_OK) {
			return input_fail(in, err, errlen,
					  "corrupt gzip data: %s",
					  in->zs.msg ? in->zs.msg
						     : "inflate failed");
		}
	}
	return 0;
}

/* Shared set-up once the source is known: reads the head, spots gzip. */
static int input_start(input_t *in, char *err, size_t errlen)
{
	int ret;

	in->raw = malloc(INPUT_CHUNK);
	if (!in->raw)
		return input_fail(in, err, errlen, "out of memory%s", "");
	in->zs.next_in = in->raw;
	in->zs.avail_in = 0;
	while (in->zs.avail_in < 2 && !in->raw_eof)
		if (input_more_raw(in, err, errlen))
			return INPUT_ERROR;
	if (!gzip_magic(in->raw, in->zs.avail_in))
		return INPUT_OK;
	in->gzip = true;
	ret = inflateInit2(&in->zs, 16 + MAX_WBITS);
	if (ret != Z_OK)
		return input_fail(in, err, errlen, "%s",
				  ret == Z_MEM_ERROR ? "out of memory"
						     : "zlib initialisation failed");
	in->zinit = true;
	return INPUT_OK;
}

int input_open(input_t **inp, const char *path, char *err, size_t errlen)
{
	input_t *in;
	struct stat st;

	*inp = NULL;
	in = calloc(1, sizeof *in);
	if (!in) {
		snprintf(err, errlen, "out of memory");
		return INPUT_ERROR;
	}
	if (strcmp(path, "-") == 0) {
		in->fd = STDIN_FILENO;
	} else {
		do
			in->fd = open(path, O_RDONLY | O_CLOEXEC);
		while (in->fd < 0 && errno == EINTR);
		if (in->fd < 0) {
			snprintf(err, errlen, "open failed: %s",
				 strerror(errno));
			free(in);
			return INPUT_ERROR;
		}
		in->own_fd = true;
		if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "open failed: %s",
				 strerror(EISDIR));
			input_close(in);
			return INPUT_ERROR;
		}
	}
	if (input_start(in, err, errlen) != INPUT_OK) {
		input_close(in);
		return INPUT_ERROR;
	}
	*inp = in;
	return INPUT_OK;
}

bool input_is_gzip(const input_t *in)
{
	return in->gzip;
}

/* Makes room for at least extra bytes after len (plus the NUL). */
static int input_reserve(input_t *in, size_t extra, char *err, size_t errlen)
{
	size_t need, n;
	char *p;

	if (in->pos > 0) {		/* drop consumed bytes first */
		memmove(in->buf, in->buf + in->pos, in->len - in->pos);
		in->len -= in->pos;
		in->scan -= in->pos;
		in->pos = 0;
	}
	if (extra > SIZE_MAX - in->len - 1)
		return input_fail(in, err, errlen, "out of memory%s", "");
	need = in->len + extra + 1;
	if (need <= in->size)
		return 0;
	n = in->size ? in->size : INPUT_CHUNK + 1;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	p = realloc(in->buf, n);
	if (!p)
		return input_fail(in, err, errlen, "out of memory%s", "");
	in->buf = p;
	in->size = n;
	return 0;
}

int input_slurp(input_t *in, size_t cap, const char **buf, size_t *len,
		char *err, size_t errlen)
{
	size_t limit = cap == SIZE_MAX ? cap : cap + 1;

	*buf = NULL;
	*len = 0;
	if (in->failed)
		return input_refail(in, err, errlen);
	if (input_reserve(in, 0, err, errlen))
		return INPUT_ERROR;
	while (!in->eof && in->len < limit) {
		size_t want = limit - in->len, got;

		if (want > INPUT_CHUNK * 16)
			want = INPUT_CHUNK * 16;
		if (input_reserve(in, want, err, errlen) ||
		    input_fill(in, in->buf + in->len, want, &got, err, errlen))
			return INPUT_ERROR;
		in->len += got;
	}
	if (in->len > cap) {
		/* Drop what was read: the article is skipped whole. */
		in->pos = in->len = in->scan = 0;
		return INPUT_TOO_BIG;
	}
	if (!in->buf && input_reserve(in, 0, err, errlen))
		return INPUT_ERROR;
	in->buf[in->len] = '\0';
	*buf = in->buf;
	*len = in->len;
	/* The content now belongs to the caller's view; the next call
	 * starts at the end. */
	in->pos = in->scan = in->len;
	return INPUT_OK;
}

/* The first line break (LF, or a CR: CR LF, or an old Mac file's CR
 * alone) in p[0..n), or NULL. */
static char *line_break(char *p, size_t n)
{
	char *lf = memchr(p, '\n', n);
	char *cr = memchr(p, '\r', lf ? (size_t)(lf - p) : n);

	return cr ? cr : lf;
}

/* Past the line break at br, noting a CR (its LF may come next). */
static void input_past(input_t *in, const char *br)
{
	in->pos = in->scan = (size_t)(br - in->buf) + 1;
	in->after_cr = *br == '\r';
}

/* Drops the LF of a CR LF whose CR ended the last line; false when more
 * bytes must be read to know. */
static bool input_drop_lf(input_t *in)
{
	if (!in->after_cr)
		return true;
	if (in->pos == in->len && !in->eof)
		return false;
	if (in->pos < in->len && in->buf[in->pos] == '\n')
		in->pos++;
	if (in->scan < in->pos)
		in->scan = in->pos;
	in->after_cr = false;
	return true;
}

/* Skips the rest of an overlong line; the caller has dropped its start. */
static int input_skip_line(input_t *in, char *err, size_t errlen)
{
	for (;;) {
		char *nl;
		size_t got;

		nl = line_break(in->buf + in->pos, in->len - in->pos);
		if (nl) {
			input_past(in, nl);
			return 0;
		}
		in->pos = in->len = in->scan = 0;
		if (in->eof)
			return 0;
		if (input_reserve(in, INPUT_CHUNK, err, errlen) ||
		    input_fill(in, in->buf, INPUT_CHUNK, &got, err, errlen))
			return INPUT_ERROR;
		in->len = got;
	}
}

int input_getline(input_t *in, size_t cap, const char **line, size_t *len,
		  uint32_t *lineno, char *err, size_t errlen)
{
	*line = NULL;
	*len = 0;
	if (in->failed)
		return input_refail(in, err, errlen);
	for (;;) {
		bool known = input_drop_lf(in);
		char *nl = known && in->len > in->scan
			   ? line_break(in->buf + in->scan, in->len - in->scan)
			   : NULL;
		size_t n, got;

		if (known && (nl || (in->eof && in->len > in->pos))) {
			char *start = in->buf + in->pos;

			n = nl ? (size_t)(nl - start) : in->len - in->pos;
			if (nl)
				input_past(in, nl);
			else
				in->pos = in->scan = in->len;
			in->lineno++;
			*lineno = in->lineno;
			if (n > cap)
				return INPUT_TOO_BIG;
			start[n] = '\0';
			*line = start;
			*len = n;
			return INPUT_OK;
		}
		if (in->eof) {
			*lineno = in->lineno;
			return INPUT_EOF;
		}
		in->scan = in->len;
		/* cap content bytes, a CR and the LF still to come */
		if (in->len - in->pos > cap && in->len - in->pos - cap >= 2) {
			in->lineno++;
			*lineno = in->lineno;
			in->pos = in->len = in->scan = 0;
			if (input_skip_line(in, err, errlen))
				return INPUT_ERROR;
			return INPUT_TOO_BIG;
		}
		if (input_reserve(in, INPUT_CHUNK, err, errlen) ||
		    input_fill(in, in->buf + in->len, INPUT_CHUNK, &got, err,
			       errlen))
			return INPUT_ERROR;
		in->len += got;
	}
}

uint64_t input_bytes_in(const input_t *in)
{
	return in->raw_in;
}

void input_close(input_t *in)
{
	if (!in)
		return;
	if (in->zinit)
		inflateEnd(&in->zs);
	if (in->own_fd && in->fd >= 0)
		close(in->fd);
	free(in->raw);
	free(in->buf);
	free(in);
}

int input_gunzip_buffer(const char *gz, size_t gzlen, size_t cap,
			char **out, size_t *outlen, char *err, size_t errlen)
{
	input_t *in;
	const char *buf;
	size_t len;
	int ret;

	*out = NULL;
	*outlen = 0;
	in = calloc(1, sizeof *in);
	if (!in) {
		snprintf(err, errlen, "out of memory");
		return INPUT_ERROR;
	}
	in->fd = -1;
	in->mem = (const unsigned char *)gz;
	in->memlen = gzlen;
	ret = input_start(in, err, errlen);
	if (ret == INPUT_OK && !in->gzip) {
		snprintf(err, errlen, "not gzip data");
		ret = INPUT_ERROR;
	}
	if (ret == INPUT_OK)
		ret = input_slurp(in, cap, &buf, &len, err, errlen);
	if (ret == INPUT_OK) {
		/* Hand the buffer over instead of copying it. */
		*out = in->buf;
		*outlen = len;
		in->buf = NULL;
	}
	input_close(in);
	return ret;
}
