/*
 * utf8.c - UTF-8 validation and repair at the input boundary.
 *
 * Everything after the readers assumes valid UTF-8 without stray control
 * characters, so each reader passes the text it keeps through
 * utf8_sanitize() once.  Validity follows RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF.  An invalid sequence is replaced by
 * one U+FFFD per "maximal subpart" (the Unicode recommendation), so a
 * truncated multi-byte character costs one replacement, not three.
 *
 * Legacy charsets (a page's or a mail part's declared one, UTF-16 after a
 * BOM, Windows-1252 for text that is not UTF-8) are converted here too, so
 * every reader decodes them the same way: utf8_from_charset() and
 * utf8_decode_text().
 *
 * Relies on nothing but libc (glibc's iconv); pure functions, no state.
 */
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readers.h"

/*
 * Length of the valid sequence at s[0..len), or 0 when it is invalid; in
 * that case *sub gets the length of its maximal subpart (at least 1), the
 * bytes one U+FFFD stands for.
 */
static size_t utf8_seq_len(const unsigned char *s, size_t len, size_t *sub)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t need, i;

	*sub = 1;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		if (c == 0xE0)
			lo = 0xA0;	/* overlong */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		if (c == 0xF0)
			lo = 0x90;	/* overlong */
		else if (c == 0xF4)
			hi = 0x8F;	/* above U+10FFFF */
	} else {
		return 0;
	}
	for (i = 1; i < need; i++) {
		unsigned char b;

		if (i >= len)
			return 0;
		b = s[i];
		if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
			return 0;
		*sub = i + 1;
	}
	return need;
}

bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, sub;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_seq_len(p + i, len - i, &sub);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

/*
 * One pass of the repair: writes into out (cap bytes) when it is not NULL,
 * and returns the output length either way, or SIZE_MAX when out is too
 * small; so a caller can try a buffer the size of the input (enough but
 * for replacement characters) and else size one exactly (a 32 MiB article
 * should not cost 96 MiB for the worst case).  keep8: bytes from 0x80 on
 * are copied as they are (line ends and controls only).
 */
static size_t utf8_repair(const unsigned char *p, size_t len, char *out,
			  size_t cap, size_t *nbad, bool keep8)
{
	size_t i = 0, o = 0, bad = 0, n = 0, sub = 0;

	while (i < len) {
		unsigned char c = p[i];

		if (c >= 0x80)
			n = keep8 ? 1 : utf8_seq_len(p + i, len - i, &sub);
		/* what this step writes at most: a byte, the sequence, or a
		 * replacement character */
		if (out && o + (c < 0x80 ? 1 : n ? n : 3) > cap)
			return SIZE_MAX;
		if (c < 0x80) {
			if (c == '\r') {
				if (out)
					out[o] = '\n';
				o++;
				i += (i + 1 < len && p[i + 1] == '\n') ? 2 : 1;
				continue;
			}
			/* C0 controls (NUL included) other than tab and
			 * newline only ever confuse later stages. */
			if (c >= 0x20 || c == '\t' || c == '\n') {
				if (out)
					out[o] = (char)c;
				o++;
			}
			i++;
			continue;
		}
		if (n) {
			if (out)
				memcpy(out + o, p + i, n);
			o += n;
			i += n;
		} else {
			if (out)
				memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i += sub;
			bad++;
		}
	}
	if (nbad)
		*nbad = bad;
	return o;
}

/* utf8_sanitize() and utf8_sanitize_lines(). */
static char *utf8_repaired(const char *s, size_t len, size_t *outlen,
			   size_t *nbad, bool keep8)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	char *out;

	if (!s)
		len = 0;
	/* Valid text (nearly all of it) is repaired in one pass. */
	out = malloc(len + 1);
	if (!out)
		return NULL;
	n = utf8_repair(p, len, out, len, nbad, keep8);
	if (n == SIZE_MAX) {
		free(out);
		n = utf8_repair(p, len, NULL, 0, NULL, keep8);
		out = malloc(n + 1);
		if (!out)
			return NULL;
		utf8_repair(p, len, out, n, nbad, keep8);
	}
	out[n] = '\0';
	if (outlen)
		*outlen = n;
	return out;
}

char *utf8_sanitize(const char *s, size_t len, size_t *outlen, size_t *nbad)
{
	return utf8_repaired(s, len, outlen, nbad, false);
}

char *utf8_sanitize_lines(const char *s, size_t len, size_t *outlen)
{
	return utf8_repaired(s, len, outlen, NULL, true);
}

/* ---- legacy charsets */

/* Room for at least need more bytes in *out. */
static bool grow_to(char **out, size_t *cap, size_t o, size_t need)
{
	size_t c = *cap;
	char *p;

	if (o + need <= c)
		return true;
	while (c < o + need) {
		if (c > SIZE_MAX / 2)
			return false;
		c *= 2;
	}
	p = realloc(*out, c);
	if (!p)
		return false;
	*out = p;
	*cap = c;
	return true;
}

/*
 * in[0..inlen) converted from charset from to UTF-8, each undecodable byte
 * becoming U+FFFD.  malloc'd, caller frees; NULL when out of memory or
 * when iconv does not know the charset (*unknown set).
 */
static char *iconv_to_utf8(const char *from, const char *in, size_t inlen,
			   size_t *outlen, bool *unknown)
{
	iconv_t cd = iconv_open("UTF-8", from);
	char *out, *ip = (char *)in, *op;
	size_t cap, o = 0, il = inlen, ol;

	if (cd == (iconv_t)-1) {
		*unknown = true;
		return NULL;
	}
	cap = inlen < SIZE_MAX / 2 - 64 ? inlen * 2 + 64 : 0;
	out = cap ? malloc(cap) : NULL;
	if (!out) {
		iconv_close(cd);
		return NULL;
	}
	for (;;) {
		if (!grow_to(&out, &cap, o, 64))
			goto oom;
		op = out + o;
		ol = cap - o - 8;	/* 8 bytes kept for a U+FFFD */
		if (iconv(cd, il ? &ip : NULL, il ? &il : NULL, &op, &ol) !=
		    (size_t)-1) {
			o = (size_t)(op - out);
			if (il == 0)
				break;
			continue;
		}
		o = (size_t)(op - out);
		if (errno == E2BIG)
			continue;
		/* EILSEQ, EINVAL (truncated at the end) or anything else:
		 * one replacement character and on with the next byte. */
		memcpy(out + o, "\xEF\xBF\xBD", 3);
		o += 3;
		if (il == 0)
			break;
		ip++;
		il--;
		if (errno != EILSEQ && errno != EINVAL && il == 0)
			break;
	}
	iconv_close(cd);
	*outlen = o;
	return out;
oom:
	iconv_close(cd);
	free(out);
	return NULL;
}

/* True when label (in any case) names UTF-8. */
static bool utf8_label(const char *label)
{
	return strcasecmp(label, "utf-8") == 0 ||
	       strcasecmp(label, "utf8") == 0 ||
	       strcasecmp(label, "unicode-1-1-utf-8") == 0;
}

/* True when label names ASCII, which promises nothing about 8-bit bytes. */
static bool ascii_label(const char *label)
{
	return strcasecmp(label, "us-ascii") == 0 ||
	       strcasecmp(label, "ascii") == 0;
}

/*
 * The iconv name for a charset label as it is meant in practice (the
 * WHATWG encoding standard): Latin-1 labels are read as their superset
 * Windows-1252, whose 0x80-0x9F are the curly quotes, dashes and euro that
 * such text really holds; GB2312 as its superset GBK; the EUC-KR labels
 * (ks_c_5601-1987 is what Outlook wrote) as its superset CP949.
 */
static const char *iconv_name(const char *label)
{
	static const char *const latin1[] = {
		"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1",
		"l1", "cp819", "ibm819", NULL
	};
	static const char *const korean[] = {
		"euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601",
		"ksc_5601", "windows-949", "korean", "csksc56011987", NULL
	};
	const char *const *p;

	for (p = latin1; *p; p++)
		if (strcasecmp(label, *p) == 0)
			return "WINDOWS-1252";
	if (strcasecmp(label, "gb2312") == 0)
		return "GBK";
	for (p = korean; *p; p++)
		if (strcasecmp(label, *p) == 0)
			return "CP949";
	return label;
}

/*
 * True when s[0..len) is better read as Windows-1252 than as UTF-8: it is
 * not valid UTF-8 and its invalid bytes outnumber its valid multi-byte
 * characters (a UTF-8 file with a stray byte stays UTF-8; a Latin-1 one
 * seldom forms a valid sequence at all).
 */
static bool looks_1252(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, sub, good = 0, bad = 0;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_seq_len(p + i, len - i, &sub);
		if (n) {
			good++;
			i += n;
		} else {
			bad++;
			i += sub;
		}
	}
	return bad > good;
}

/* See readers.h: label's bytes through iconv, then sanitised. */
char *utf8_from_charset(const char *label, const char *s, size_t len,
			size_t *outlen, bool *unknown)
{
	char *conv, *out;
	size_t clen;

	*unknown = false;
	if (label && ascii_label(label))
		/* 8-bit bytes under an ASCII label: UTF-8 when they are, else
		 * what Latin-1 text really is */
		label = looks_1252(s, len) ? "windows-1252" : NULL;
	if (!label || !label[0] || utf8_label(label))
		return utf8_sanitize(s, len, outlen, NULL);
	conv = iconv_to_utf8(iconv_name(label), s, len, &clen, unknown);
	if (!conv)
		return NULL;
	/* Drops the NULs and controls a legacy charset may decode to. */
	out = utf8_sanitize(conv, clen, outlen, NULL);
	free(conv);
	return out;
}

size_t utf8_bom_len(const char *s, size_t len)
{
	return len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* See readers.h: a BOM, else UTF-8, else Windows-1252. */
char *utf8_decode_text(const char *s, size_t len, size_t *outlen,
		       size_t *skip, bool *converted)
{
	const char *from = NULL;
	bool unknown;
	char *out;

	*skip = 0;
	*converted = false;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		*skip = 3;
	else if (len >= 2 && memcmp(s, "\xFF\xFE", 2) == 0)
		from = "UTF-16LE";
	else if (len >= 2 && memcmp(s, "\xFE\xFF", 2) == 0)
		from = "UTF-16BE";
	else if (looks_1252(s, len))
		from = "WINDOWS-1252";
	if (from && strncmp(from, "UTF-16", 6) == 0)
		*skip = 2;	/* its BOM */
	if (!from)
		return utf8_sanitize(s + *skip, len - *skip, outlen, NULL);
	out = utf8_from_charset(from, s + *skip, len - *skip, outlen, &unknown);
	if (unknown)	/* an iconv without it: repaired as UTF-8 */
		return utf8_sanitize(s + *skip, len - *skip, outlen, NULL);
	*converted = out != NULL;
	return out;
}
