/*
 * escape.c - text from the index is data, never commands to whatever
 * shows it.  Paths are bytes from a file system and titles, sources,
 * entities and snippets come from articles nobody vetted, so before they
 * reach a terminal every control character is made visible and inert:
 *
 *   C0 (U+0000..U+001F) and DEL   caret notation, as cat -v and less show
 *                                 them: ESC is ^[, BEL ^G, DEL ^?
 *   C1 (U+0080..U+009F)           <U+009B>: a terminal reads 0x9B as CSI
 *   a byte that is not UTF-8      <FF>, its value in hex, as less shows it
 *
 * A literal "^[" in a title reads the same as an escaped ESC; that is the
 * price of a form people already know, and it is harmless.
 *
 * Everything else (printable ASCII and valid UTF-8 above U+009F) is
 * written in runs as it is: this is on the path of every rendered hit.
 *
 * For JSON the rule is the one JSON has: every string valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "searcher.h"

/*
 * The length of the well-formed UTF-8 sequence at s[0] (n bytes left) and
 * its code point in *cp, or 0 when s[0] does not start one: overlong
 * forms, surrogates and code points past U+10FFFF are not UTF-8 (RFC 3629).
 */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

void escape_text(FILE *out, const char *s, size_t len, unsigned flags)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t run = 0, i = 0;

	while (i < len) {
		unsigned char b = u[i];
		uint32_t cp = 0;
		size_t l = 0;

		if (b >= 0x20 && b < 0x7f) {
			i++;
			continue;
		}
		if (b >= 0x80 && (l = utf8_next(u + i, len - i, &cp)) > 0 &&
		    cp > 0x9f) {
			i += l;
			continue;
		}
		/* b starts something to show in another form: flush the run */
		fwrite(s + run, 1, i - run, out);
		if ((b == '\n' || b == '\t') && (flags & ESCAPE_LAYOUT)) {
			fputc(b, out);
			i++;
		} else if ((b == '\n' || b == '\r' || b == '\t') &&
			   (flags & ESCAPE_ONE_LINE)) {
			fputc(' ', out);
			i++;
		} else if (b < 0x20 || b == 0x7f) {
			fputc('^', out);
			fputc(b ^ 0x40, out);
			i++;
		} else if (l > 0) {
			fprintf(out, "<U+%04X>", (unsigned)cp);
			i += l;
		} else {
			fprintf(out, "<%02X>", b);
			i++;
		}
		run = i;
	}
	fwrite(s + run, 1, i - run, out);
}

/*
 * JSON must be UTF-8 (RFC 8259) and json-c copies bytes as they are, so a
 * Latin-1 query or a file name that is not UTF-8 would make the whole
 * answer unreadable to a strict parser.  Each byte that is not part of a
 * well-formed sequence becomes U+FFFD, one for one; JSON escapes control
 * characters itself, so they are left to json-c.
 */
json_object *escape_json_string(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0;
	uint32_t cp;
	char *buf;
	json_object *j;

	/* json-c lengths are ints */
	if (!s || len > INT32_MAX)
		return NULL;
	/* most strings are ASCII, and most others are valid: no copy */
	while (i < len && u[i] < 0x80)
		i++;
	while (i < len) {
		size_t l = utf8_next(u + i, len - i, &cp);
		if (l == 0)
			break;
		i += l;
	}
	if (i == len)
		return json_object_new_string_len(s, (int)len);

	buf = len <= INT32_MAX / 3 ? malloc(len * 3) : NULL;
	if (!buf)
		return NULL;
	memcpy(buf, s, i);
	o = i;
	while (i < len) {
		size_t l = utf8_next(u + i, len - i, &cp);
		if (l == 0) {
			memcpy(buf + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else {
			memcpy(buf + o, s + i, l);
			o += l;
			i += l;
		}
	}
	j = json_object_new_string_len(buf, (int)o);
	free(buf);
	return j;
}
