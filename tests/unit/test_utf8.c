/*
 * test_utf8.c - UTF-8 validation and repair (indexer/utf8.c).
 */
#include "check.h"
#include "readers.h"

/* Sanitizes s[0..n) and compares with want; checks the replacement count. */
static void check_fix(const char *s, size_t n, const char *want,
		      size_t want_bad)
{
	size_t len = 99, bad = 99;
	char *out = utf8_sanitize(s, n, &len, &bad);

	CHECK(out != NULL);
	if (!out)
		return;
	CHECK_STR(out, want);
	CHECK_INT(len, strlen(want));
	CHECK_INT(bad, want_bad);
	CHECK(utf8_valid(out, len));
	free(out);
}

/* Decodes undeclared text s[0..n) and compares with want. */
static void check_text(const char *s, size_t n, const char *want,
		       size_t want_skip, bool want_converted)
{
	size_t len = 99, skip = 99;
	bool conv = !want_converted;
	char *out = utf8_decode_text(s, n, &len, &skip, &conv);

	CHECK(out != NULL);
	if (!out)
		return;
	CHECK_STR(out, want);
	CHECK_INT(len, strlen(want));
	CHECK_INT(skip, want_skip);
	CHECK(conv == want_converted);
	free(out);
}

/* Converts s[0..n) from charset cs and compares with want. */
static void check_charset(const char *cs, const char *s, size_t n,
			  const char *want)
{
	size_t len = 99;
	bool unknown = true;
	char *out = utf8_from_charset(cs, s, n, &len, &unknown);

	CHECK(!unknown);
	CHECK(out != NULL);
	if (!out)
		return;
	CHECK_STR(out, want);
	CHECK_INT(len, strlen(want));
	free(out);
}

int main(void)
{
	/* valid text passes unchanged */
	CHECK(utf8_valid("", 0));
	CHECK(utf8_valid("plain ascii", 11));
	CHECK(utf8_valid("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 14));
	check_fix("caf\xC3\xA9 \xE2\x82\xAC", 9, "caf\xC3\xA9 \xE2\x82\xAC", 0);

	/* invalid forms */
	CHECK(!utf8_valid("\xC0\xAF", 2));		/* overlong '/' */
	CHECK(!utf8_valid("\xE0\x80\xAF", 3));		/* overlong */
	CHECK(!utf8_valid("\xED\xA0\x80", 3));		/* surrogate */
	CHECK(!utf8_valid("\xF4\x90\x80\x80", 4));	/* > U+10FFFF */
	CHECK(!utf8_valid("\xF5\x80\x80\x80", 4));
	CHECK(!utf8_valid("\x80", 1));			/* lone continuation */
	CHECK(!utf8_valid("\xC3", 1));			/* truncated */
	CHECK(!utf8_valid("ab\xE2\x82", 4));

	/* one U+FFFD per maximal subpart */
	check_fix("a\xFF" "b", 3, "a\xEF\xBF\xBD" "b", 1);
	check_fix("a\xE2\x82" "b", 4, "a\xEF\xBF\xBD" "b", 1);
	check_fix("\xC0\xAF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD", 2);
	check_fix("\xED\xA0\x80", 3,
		  "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3);
	check_fix("end\xF0\x9F\x98", 6, "end\xEF\xBF\xBD", 1);
	check_fix("Latin-1 caf\xE9!", 13, "Latin-1 caf\xEF\xBF\xBD!", 1);

	/* controls dropped, tab and newline kept, CR LF and CR become LF */
	check_fix("a\0b\x01\x1b" "c\td\n", 9, "abc\td\n", 0);
	check_fix("one\r\ntwo\rthree\r", 15, "one\ntwo\nthree\n", 0);
	check_fix("\r\r\n", 3, "\n\n", 0);
	check_fix("", 0, "", 0);

	/* Replacements that make the output longer than the input: the
	 * one-pass buffer is too small, the exact one is used. */
	check_fix("\xFF\xFF\xFF" "abc", 6, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "abc", 3);
	check_fix("ab\xFF", 3, "ab\xEF\xBF\xBD", 1);
	check_fix("\xFF\r\n\xC3\xA9", 5, "\xEF\xBF\xBD\n\xC3\xA9", 1);

	/* Undeclared text: Windows-1252 when it is not UTF-8 (e-acute,
	 * curly quotes, euro), UTF-8 with a stray byte stays UTF-8, a UTF-8
	 * BOM is dropped, UTF-16 after its BOM is decoded. */
	check_text("caf\xE9 \x93ok\x94 \x80" "5 Huawei\x92s", 21,
		   "caf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D \xE2\x82\xAC" "5 Huawei\xE2\x80\x99s",
		   0, true);
	check_text("na\xEFve\r\n", 7, "na\xC3\xAFve\n", 0, true);
	check_text("caf\xC3\xA9 r\xC3\xA9sum\xC3\xA9 \xFF", 16,
		   "caf\xC3\xA9 r\xC3\xA9sum\xC3\xA9 \xEF\xBF\xBD", 0, false);
	check_text("plain", 5, "plain", 0, false);
	check_text("\xEF\xBB\xBFTitle\n", 9, "Title\n", 3, false);
	check_text("\xFF\xFET\0\xE9\0\n\0", 8, "T\xC3\xA9\n", 2, true);
	check_text("\xFE\xFF\0T\0\xE9", 6, "T\xC3\xA9", 2, true);
	check_text("", 0, "", 0, false);

	/* Declared charsets: Latin-1 labels read as Windows-1252, others
	 * through iconv, an ASCII label over 8-bit bytes as what they are. */
	check_charset("iso-8859-1", "\x93" "caf\xE9\x94", 6,
		      "\xE2\x80\x9C" "caf\xC3\xA9\xE2\x80\x9D");
	check_charset("KOI8-R", "\xF0\xD2\xC9\xD7\xC5\xD4", 6,
		      "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
	check_charset("iso-8859-2", "\xB3\xF3" "d\xBC", 4,
		      "\xC5\x82\xC3\xB3" "d\xC5\xBA");
	check_charset("us-ascii", "caf\xE9", 4, "caf\xC3\xA9");
	check_charset("us-ascii", "caf\xC3\xA9", 5, "caf\xC3\xA9");
	check_charset("utf-8", "caf\xE9", 4, "caf\xEF\xBF\xBD");
	check_charset(NULL, "a\0b", 3, "ab");
	{
		size_t len;
		bool unknown = false;
		char *o = utf8_from_charset("x-no-such-charset", "abc", 3,
					    &len, &unknown);

		CHECK(o == NULL);
		CHECK(unknown);
		free(o);
	}

	/* NULL out-parameters are allowed */
	{
		char *o = utf8_sanitize("x\xFFy", 3, NULL, NULL);

		CHECK(o != NULL);
		if (o)
			CHECK_STR(o, "x\xEF\xBF\xBDy");
		free(o);
	}
	return CHECK_DONE();
}
