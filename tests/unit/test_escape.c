/*
 * test_escape.c - text from the index made safe (searcher/escape.c): what
 * each kind of control character and each kind of broken UTF-8 becomes on
 * a terminal, and that everything else passes byte for byte; and that a
 * JSON string is always UTF-8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "searcher.h"

/* escape_text() of len bytes of s with flags, as a malloc'd string */
static char *esc(const char *s, size_t len, unsigned flags)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	if (!f)
		abort();
	escape_text(f, s, len, flags);
	fclose(f);
	return buf;
}

static void term(const char *s, unsigned flags, const char *want)
{
	char *got = esc(s, strlen(s), flags);
	CHECK_STR(got, want);
	free(got);
}

static void json(const char *s, size_t len, const char *want)
{
	json_object *j = escape_json_string(s, len);
	CHECK(j != NULL);
	CHECK_STR(json_object_get_string(j), want);
	CHECK_INT(json_object_get_string_len(j), strlen(want));
	json_object_put(j);
}

int main(void)
{
	/* printable ASCII and UTF-8 past the C1 block pass as they are */
	term("Huawei, \xc3\x89tat, \xe2\x80\xa6 \xf0\x9f\x93\xb0", 0,
	     "Huawei, \xc3\x89tat, \xe2\x80\xa6 \xf0\x9f\x93\xb0");
	/* C0 and DEL: caret notation */
	term("evil\x1b]0;T\x07name", 0, "evil^[]0;T^Gname");
	term("a\x7f" "b\r\n\t", 0, "a^?b^M^J^I");
	/* C1, however it is spelled in UTF-8: U+009B is CSI */
	term("x\xc2\x9b" "1m \xc2\x85 \xc2\x80", 0, "x<U+009B>1m <U+0085> <U+0080>");
	/* U+00A0, the first code point past C1, is text */
	term("\xc2\xa0", 0, "\xc2\xa0");
	/* bytes that are not UTF-8, each shown as its value: a lone
	 * continuation, a raw 0x9B, Latin-1, an overlong NUL and slash, a
	 * surrogate, past U+10FFFF, a sequence cut short at the end */
	term("caf\xe9", 0, "caf<E9>");
	term("\x9b\xff\xfe", 0, "<9B><FF><FE>");
	term("\xc0\x80 \xe0\x80\xaf", 0, "<C0><80> <E0><80><AF>");
	term("\xed\xa0\x80", 0, "<ED><A0><80>");
	term("\xf4\x90\x80\x80", 0, "<F4><90><80><80>");
	term("ab\xe2\x80", 0, "ab<E2><80>");
	/* an embedded NUL is a control character like the others */
	{
		char *got = esc("a\0b", 3, 0);
		CHECK_STR(got, "a^@b");
		free(got);
	}
	/* an article's own lines and tabs; a snippet's become spaces */
	term("one\n\ttwo\r\x1b", ESCAPE_LAYOUT, "one\n\ttwo^M^[");
	term("one\n\ttwo\r\x1b", ESCAPE_ONE_LINE, "one  two ^[");

	/* JSON: valid UTF-8 as it is, each stray byte one U+FFFD */
	CHECK(escape_json_string(NULL, 0) == NULL);
	json("", 0, "");
	json("huawei", 6, "huawei");
	json("\xc3\x89tat \xc2\x9b", 8, "\xc3\x89tat \xc2\x9b");
	json("caf\xe9", 4, "caf\xef\xbf\xbd");
	json("hua\xffwei \xc3\x89", 10, "hua\xef\xbf\xbdwei \xc3\x89");
	json("\xc0\x80", 2, "\xef\xbf\xbd\xef\xbf\xbd");
	json("\xed\xa0\x80!", 4, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd!");
	json("ab\xe2\x80", 4, "ab\xef\xbf\xbd\xef\xbf\xbd");
	/* an embedded NUL is kept: JSON writes it as \u0000 */
	{
		json_object *j = escape_json_string("a\0b", 3);
		CHECK_INT(json_object_get_string_len(j), 3);
		CHECK_STR(json_object_to_json_string(j), "\"a\\u0000b\"");
		json_object_put(j);
	}
	return CHECK_DONE();
}
