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
