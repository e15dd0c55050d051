/*
 * test_input.c - files, standard input and gzip streams (indexer/input.c).
 *
 * Uses the small files in tests/data/input/ (made with gzip -n) and builds
 * the big or odd ones here with zlib in a mkdtemp() directory.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "readers.h"

static const char plain[] =
	"first line\nsecond line\r\n\nfourth line without newline";

static char tmpdir[256];

static const char *data(const char *name)
{
	static char path[1024];
	const char *src = getenv("srcdir");

	snprintf(path, sizeof path, "%s/tests/data/input/%s",
		 src ? src : ".", name);
	return path;
}

static const char *tmpfile_with(const char *name, const void *s, size_t n)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(s, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(99);
	}
	return path;
}

/* gzip of s[0..n) with zlib; *outlen set; caller frees. */
static char *gzip_buf(const char *s, size_t n, size_t *outlen)
{
	z_stream zs;
	size_t cap = compressBound((uLong)n) + 64;
	char *out = malloc(cap);

	memset(&zs, 0, sizeof zs);
	if (!out || deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 9,
				 Z_DEFAULT_STRATEGY) != Z_OK)
		exit(99);
	zs.next_in = (unsigned char *)s;
	zs.avail_in = (uInt)n;
	zs.next_out = (unsigned char *)out;
	zs.avail_out = (uInt)cap;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
		exit(99);
	*outlen = cap - zs.avail_out;
	deflateEnd(&zs);
	return out;
}

static int slurp_path(const char *path, size_t cap, char **copy, size_t *len,
		      char *err, size_t errlen, bool *gz)
{
	input_t *in;
	const char *buf;
	int ret;

	*copy = NULL;
	*len = 0;
	err[0] = '\0';
	if (input_open(&in, path, err, errlen) != INPUT_OK)
		return INPUT_ERROR;
	if (gz)
		*gz = input_is_gzip(in);
	ret = input_slurp(in, cap, &buf, len, err, errlen);
	if (ret == INPUT_OK) {
		CHECK(buf[*len] == '\0');
		*copy = malloc(*len + 1);
		if (*copy)
			memcpy(*copy, buf, *len + 1);
	}
	input_close(in);
	return ret;
}

static void test_open_errors(void)
{
	input_t *in = (input_t *)1;
	char err[256];

	CHECK_INT(input_open(&in, data("no-such-file"), err, sizeof err),
		  INPUT_ERROR);
	CHECK(in == NULL);
	CHECK_STR(err, "open failed: No such file or directory");
	CHECK_INT(input_open(&in, tmpdir, err, sizeof err), INPUT_ERROR);
	CHECK_STR(err, "open failed: Is a directory");
}

static void test_plain(void)
{
	char err[256], *s;
	size_t len;
	bool gz = true;

	CHECK_INT(slurp_path(data("plain.txt"), 1024, &s, &len, err,
			     sizeof err, &gz), INPUT_OK);
	CHECK(!gz);
	CHECK_INT(len, sizeof plain - 1);
	CHECK_STR(s, plain);
	free(s);

	/* the cap: exactly the size is fine, one byte less is too big */
	CHECK_INT(slurp_path(data("plain.txt"), sizeof plain - 1, &s, &len,
			     err, sizeof err, NULL), INPUT_OK);
	free(s);
	CHECK_INT(slurp_path(data("plain.txt"), sizeof plain - 2, &s, &len,
			     err, sizeof err, NULL), INPUT_TOO_BIG);
	CHECK(s == NULL);
	CHECK_INT(slurp_path(data("plain.txt"), 0, &s, &len, err, sizeof err,
			     NULL), INPUT_TOO_BIG);

	/* an empty file */
	CHECK_INT(slurp_path(tmpfile_with("empty", "", 0), 10, &s, &len, err,
			     sizeof err, &gz), INPUT_OK);
	CHECK(!gz);
	CHECK_INT(len, 0);
	CHECK_STR(s, "");
	free(s);
	/* one byte that could start a gzip magic */
	CHECK_INT(slurp_path(tmpfile_with("one", "\x1f", 1), 10, &s, &len, err,
			     sizeof err, &gz), INPUT_OK);
	CHECK(!gz);
	CHECK_INT(len, 1);
	free(s);
}

/* Reads every line of path with cap, into a "lineno:text|" transcript. */
static int lines_of(const char *path, size_t cap, char *out, size_t outlen,
		    char *err, size_t errlen)
{
	input_t *in;
	const char *line;
	size_t len, o = 0;
	uint32_t lineno = 0;
	int ret;

	out[0] = '\0';
	if (input_open(&in, path, err, errlen) != INPUT_OK)
		return INPUT_ERROR;
	for (;;) {
		ret = input_getline(in, cap, &line, &len, &lineno, err,
				    errlen);
		if (ret == INPUT_OK) {
			CHECK(line[len] == '\0');
			o += (size_t)snprintf(out + o, outlen - o, "%u:%.*s|",
					      lineno, (int)len, line);
		} else if (ret == INPUT_TOO_BIG) {
			o += (size_t)snprintf(out + o, outlen - o, "%u:BIG|",
					      lineno);
		} else {
			break;
		}
		if (o >= outlen)
			break;
	}
	input_close(in);
	return ret;
}

static void test_lines(void)
{
	char err[256], out[4096];
	char *big, *s;
	size_t n, gzlen, len;

	CHECK_INT(lines_of(data("plain.txt"), 100, out, sizeof out, err,
			   sizeof err), INPUT_EOF);
	CHECK_STR(out, "1:first line|2:second line|3:|"
		  "4:fourth line without newline|");
	CHECK_INT(lines_of(data("plain.txt.gz"), 100, out, sizeof out, err,
			   sizeof err), INPUT_EOF);
	CHECK_STR(out, "1:first line|2:second line|3:|"
		  "4:fourth line without newline|");

	/* overlong lines are skipped, numbering goes on */
	CHECK_INT(lines_of(data("plain.txt"), 11, out, sizeof out, err,
			   sizeof err), INPUT_EOF);
	CHECK_STR(out, "1:first line|2:second line|3:|4:BIG|");
	CHECK_INT(lines_of(data("plain.txt"), 10, out, sizeof out, err,
			   sizeof err), INPUT_EOF);
	CHECK_STR(out, "1:first line|2:BIG|3:|4:BIG|");

	/* a line far longer than the read chunk, plain and gzipped */
	n = 300000;
	big = malloc(n + 32);
	if (!big)
		exit(99);
	memcpy(big, "short\n", 6);
	memset(big + 6, 'x', n);
	memcpy(big + 6 + n, "\r\nafter\n\nend", 12);
	CHECK_INT(lines_of(tmpfile_with("long.txt", big, n + 18), 1000, out,
			   sizeof out, err, sizeof err), INPUT_EOF);
	CHECK_STR(out, "1:short|2:BIG|3:after|4:|5:end|");
	s = gzip_buf(big, n + 18, &gzlen);
	CHECK_INT(lines_of(tmpfile_with("long.gz", s, gzlen), 1000, out,
			   sizeof out, err, sizeof err), INPUT_EOF);
	CHECK_STR(out, "1:short|2:BIG|3:after|4:|5:end|");
	free(s);
	/* the cap counts content bytes only, not CR LF */
	{
		input_t *in;
		const char *line;
		uint32_t ln;

		CHECK_INT(input_open(&in, tmpfile_with("long.txt", big,
						       n + 18), err, sizeof err),
			  INPUT_OK);
		CHECK_INT(input_getline(in, n, &line, &len, &ln, err,
					sizeof err), INPUT_OK);
		CHECK_INT(input_getline(in, n, &line, &len, &ln, err,
					sizeof err), INPUT_OK);
		CHECK_INT(ln, 2);
		CHECK_INT(len, n);
		CHECK(line[0] == 'x' && line[n - 1] == 'x' && line[n] == 0);
		CHECK_INT(input_getline(in, n, &line, &len, &ln, err,
					sizeof err), INPUT_OK);
		CHECK_STR(line, "after");
		CHECK_INT(ln, 3);
		input_close(in);
	}
	CHECK_INT(lines_of(tmpfile_with("long.txt", big, n + 18), n - 1, out,
			   sizeof out, err, sizeof err), INPUT_EOF);
	CHECK_STR(out, "1:short|2:BIG|3:after|4:|5:end|");
	/* an overlong last line without a newline */
	CHECK_INT(lines_of(tmpfile_with("tail.txt", big, n + 6), 1000, out,
			   sizeof out, err, sizeof err), INPUT_EOF);
	CHECK_STR(out, "1:short|2:BIG|");
	free(big);

	/* getline then slurp: the slurp gets the rest */
	{
		input_t *in;
		const char *line, *buf;
		uint32_t ln;

		CHECK_INT(input_open(&in, data("plain.txt.gz"), err,
				     sizeof err), INPUT_OK);
		CHECK_INT(input_getline(in, 100, &line, &len, &ln, err,
					sizeof err), INPUT_OK);
		CHECK_STR(line, "first line");
		CHECK_INT(input_slurp(in, 100, &buf, &len, err, sizeof err),
			  INPUT_OK);
		CHECK_STR(buf, "second line\r\n\nfourth line without newline");
		CHECK_INT(input_getline(in, 100, &line, &len, &ln, err,
					sizeof err), INPUT_EOF);
		input_close(in);
	}
}

static void test_gzip_files(void)
{
	char err[256], *s;
	size_t len;
	bool gz = false;

	CHECK_INT(slurp_path(data("plain.txt.gz"), 1024, &s, &len, err,
			     sizeof err, &gz), INPUT_OK);
	CHECK(gz);
	CHECK_STR(s, plain);
	CHECK_INT(len, sizeof plain - 1);
	free(s);
	/* the cap applies to decoded bytes */
	CHECK_INT(slurp_path(data("plain.txt.gz"), 20, &s, &len, err,
			     sizeof err, NULL), INPUT_TOO_BIG);

	CHECK_INT(slurp_path(data("two-member.gz"), 1024, &s, &len, err,
			     sizeof err, &gz), INPUT_OK);
	CHECK_STR(s, "member one\nmember two\n");
	free(s);

	CHECK_INT(slurp_path(data("truncated.gz"), 1 << 20, &s, &len, err,
			     sizeof err, NULL), INPUT_ERROR);
	CHECK_STR(err, "truncated gzip stream");
	CHECK(s == NULL);

	CHECK_INT(slurp_path(data("corrupt.gz"), 1 << 20, &s, &len, err,
			     sizeof err, NULL), INPUT_ERROR);
	CHECK(strncmp(err, "corrupt gzip data: ", 19) == 0);
	CHECK(strlen(err) > 19);

	/* line by line, the error comes after the good lines */
	{
		char out[16384];

		CHECK_INT(lines_of(data("truncated.gz"), 1000, out,
				   sizeof out, err, sizeof err), INPUT_ERROR);
		CHECK(strncmp(out, "1:line 1 of a longer text", 25) == 0);
		CHECK_STR(err, "truncated gzip stream");
	}
}

static void test_gzip_buffers(void)
{
	char err[256], *out, *gz, *big;
	size_t outlen, gzlen, n = 4u << 20;
	const char *path;

	/* a bomb: 4 MiB of zeros in a few KiB; a tiny cap stops it */
	big = calloc(1, n);
	if (!big)
		exit(99);
	gz = gzip_buf(big, n, &gzlen);
	CHECK(gzlen < 10000);
	CHECK_INT(input_gunzip_buffer(gz, gzlen, 1000, &out, &outlen, err,
				      sizeof err), INPUT_TOO_BIG);
	CHECK(out == NULL);
	CHECK_INT(input_gunzip_buffer(gz, gzlen, n, &out, &outlen, err,
				      sizeof err), INPUT_OK);
	CHECK_INT(outlen, n);
	CHECK(out && memcmp(out, big, n) == 0);
	free(out);
	/* the same through a file: reading stops early */
	path = tmpfile_with("bomb.gz", gz, gzlen);
	{
		input_t *in;
		const char *buf;
		size_t len;

		CHECK_INT(input_open(&in, path, err, sizeof err), INPUT_OK);
		CHECK_INT(input_slurp(in, 1000, &buf, &len, err, sizeof err),
			  INPUT_TOO_BIG);
		CHECK(input_bytes_in(in) <= gzlen);
		input_close(in);
	}
	free(gz);
	free(big);

	/* several members, and junk after the last one is ignored */
	{
		char *a, *b, *cat;
		size_t al, bl;

		a = gzip_buf("alpha\n", 6, &al);
		b = gzip_buf("beta\n", 5, &bl);
		cat = malloc(al + bl + 8);
		if (!a || !b || !cat)
			exit(99);
		memcpy(cat, a, al);
		memcpy(cat + al, b, bl);
		memcpy(cat + al + bl, "\0\0\0junk", 8);
		CHECK_INT(input_gunzip_buffer(cat, al + bl, 100, &out, &outlen,
					      err, sizeof err), INPUT_OK);
		CHECK_STR(out, "alpha\nbeta\n");
		CHECK_INT(outlen, 11);
		free(out);
		CHECK_INT(input_gunzip_buffer(cat, al + bl + 8, 100, &out,
					      &outlen, err, sizeof err),
			  INPUT_OK);
		CHECK_STR(out, "alpha\nbeta\n");
		free(out);
		/* the second member cut short */
		CHECK_INT(input_gunzip_buffer(cat, al + bl - 3, 100, &out,
					      &outlen, err, sizeof err),
			  INPUT_ERROR);
		CHECK_STR(err, "truncated gzip stream");
		/* only the magic */
		CHECK_INT(input_gunzip_buffer(cat, 2, 100, &out, &outlen, err,
					      sizeof err), INPUT_ERROR);
		CHECK_STR(err, "truncated gzip stream");
		/* a damaged CRC */
		a[al - 6] ^= 0x55;
		CHECK_INT(input_gunzip_buffer(a, al, 100, &out, &outlen, err,
					      sizeof err), INPUT_ERROR);
		CHECK_STR(err, "corrupt gzip data: incorrect data check");
		free(a);
		free(b);
		free(cat);
	}
	CHECK_INT(input_gunzip_buffer("plain", 5, 100, &out, &outlen, err,
				      sizeof err), INPUT_ERROR);
	CHECK_STR(err, "not gzip data");
	CHECK_INT(input_gunzip_buffer("", 0, 100, &out, &outlen, err,
				      sizeof err), INPUT_ERROR);
}

static void test_stdin(void)
{
	int fd = open(data("plain.txt.gz"), O_RDONLY);
	int saved = dup(0);
	input_t *in;
	const char *buf;
	size_t len;
	char err[256];

	if (fd < 0 || saved < 0 || dup2(fd, 0) < 0)
		exit(99);
	close(fd);
	CHECK_INT(input_open(&in, "-", err, sizeof err), INPUT_OK);
	CHECK(input_is_gzip(in));
	CHECK_INT(input_slurp(in, 1000, &buf, &len, err, sizeof err),
		  INPUT_OK);
	CHECK_STR(buf, plain);
	CHECK_INT(input_bytes_in(in), 63);	/* the compressed size */
	input_close(in);
	/* standard input is not closed by input_close() */
	CHECK(fcntl(0, F_GETFD) != -1);
	if (dup2(saved, 0) < 0)
		exit(99);
	close(saved);
}

/* Lines end at LF, CR LF or a CR alone (old Mac files: a JSON Lines
 * file of CR-only lines was one line, "trailing garbage", all lost),
 * a CR LF split between two reads too. */
static void test_line_breaks(void)
{
	char err[256], out[256];
	static const char mixed[] = "a\rb\r\nc\n\rd";
	size_t n = 64u * 1024u;	/* INPUT_CHUNK: the CR is a read's last byte */
	char *s = malloc(n + 4);

	CHECK_INT(lines_of(tmpfile_with("cr.txt", mixed, sizeof mixed - 1), 100,
			   out, sizeof out, err, sizeof err), INPUT_EOF);
	CHECK_STR(out, "1:a|2:b|3:c|4:|5:d|");
	if (!s)
		return;
	memset(s, 'x', n - 2);
	s[n - 2] = '\n';
	s[n - 1] = '\r';
	memcpy(s + n, "\ny\n", 3);
	CHECK_INT(lines_of(tmpfile_with("crlf.txt", s, n + 3), 1000, out,
			   sizeof out, err, sizeof err), INPUT_EOF);
	CHECK_STR(out, "1:BIG|2:|3:y|");
	memcpy(s + n - 6, "\nabcd\r", 6);	/* a short line's CR LF split so */
	CHECK_INT(lines_of(tmpfile_with("crlf.txt", s, n + 3), 1000, out,
			   sizeof out, err, sizeof err), INPUT_EOF);
	CHECK_STR(out, "1:BIG|2:abcd|3:y|");
	free(s);
}

int main(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/test_input.XXXXXX",
		 t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 99;
	}
	test_open_errors();
	test_plain();
	test_lines();
	test_line_breaks();
	test_gzip_files();
	test_gzip_buffers();
	test_stdin();
	{
		static const char *const names[] = {
			"empty", "one", "long.txt", "long.gz", "tail.txt",
			"bomb.gz", "cr.txt", "crlf.txt", NULL
		};
		char path[512];
		size_t i;

		for (i = 0; names[i]; i++) {
			snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
			unlink(path);
		}
		rmdir(tmpdir);
	}
	return CHECK_DONE();
}
