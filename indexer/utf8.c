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
 * Relies on nothing but libc; pure functions, no state.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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
 * should not cost 96 MiB for the worst case).
 */
static size_t utf8_repair(const unsigned char *p, size_t len, char *out,
			  size_t cap, size_t *nbad)
{
	size_t i = 0, o = 0, bad = 0, n = 0, sub = 0;

	while (i < len) {
		unsigned char c = p[i];

		if (c >= 0x80)
			n = utf8_seq_len(p + i, len - i, &sub);
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

char *utf8_sanitize(const char *s, size_t len, size_t *outlen, size_t *nbad)
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
	n = utf8_repair(p, len, out, len, nbad);
	if (n == SIZE_MAX) {
		free(out);
		n = utf8_repair(p, len, NULL, 0, NULL);
		out = malloc(n + 1);
		if (!out)
			return NULL;
		utf8_repair(p, len, out, n, nbad);
	}
	out[n] = '\0';
	if (outlen)
		*outlen = n;
	return out;
}
