/*
 * read_mail.c - articles saved as RFC 822 style messages: newsletters,
 * alerts, and hand-made files with a "Title:/Date:" header over the text.
 *
 * Header fields are matched case-insensitively and folded lines joined:
 * Title (else Subject) -> title, Date -> date, Source (else From's display
 * name, else From's domain) -> source, Author (else From's display name)
 * -> author, URL/X-URL -> url, Lang/Language/Content-Language -> lang,
 * Message-ID/Id -> id, Description/Summary -> description, and Org/
 * Person/Place (and their plurals) -> given entities, separated by ';' (or
 * ',' when there is no ';').  A singular Organization/Organisation is
 * the mail header of RFC 2076, the sender's affiliation ("Endeavors
 * Technology, Inc."): no entity the message is about.  RFC 2047 encoded-words (Q and B, in any
 * charset iconv knows) are decoded; raw 8-bit fields are read in the
 * message's declared charset, else as UTF-8 when they are, else as
 * Windows-1252.
 *
 * The body starts after the first blank line (or at the first line that
 * is not a header field); a file that is all header has an empty body.
 * Plain bodies keep their exact 1-based file line numbers (col 1), and
 * blank lines make paragraphs.  MIME is handled simply but safely: in a
 * multipart message the first text/plain part is taken (the first
 * text/html one, crudely stripped of tags, when there is no plain part),
 * nested up to MAIL_MAX_DEPTH; quoted-printable and base64 are decoded.
 * Line numbers stay exact for identity and quoted-printable parts (a
 * soft-wrapped line gets the line it starts on); base64 parts and their
 * stripped HTML get the part's first line for every line: best effort.
 * A signature (after "-- ") or list footers (after a rule, with a link or
 * an address) of at most MAIL_SIG_LINES lines at the end are left out, and
 * so are the heads of quoted and forwarded text: the header fields of the
 * message quoted, the dashed separator above them, the "... wrote:" line
 * above quoted lines.  The quoted text itself stays.
 *
 * Each part's text is converted from its charset (Latin-1 labels read as
 * Windows-1252, and an undeclared one, RFC 2045's US-ASCII, as UTF-8 or
 * Windows-1252, whichever its 8-bit bytes are) before anything else reads
 * it.  The buffer is the file's own bytes, line ends made LF
 * (utf8_sanitize_lines()).
 *
 * Relies on article.c for the record and utf8_from_charset() (utf8.c) for
 * the text.
 * A pure function over the buffer, no libxml2 (the HTML here is a mail
 * body, not a page to clean).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "readers.h"

#define MAIL_MAX_DEPTH 8
#define MAIL_CS_MAX 40		/* bytes of a charset label kept */
#define MAIL_SIG_LINES 10	/* non-blank lines of a signature or footer */

/* A growable byte buffer. */
struct mbuf {
	char *s;
	size_t len, cap;
};

/* Decoded text lines, each remembering its file line. */
struct mlines {
	struct mbuf text;	/* lines, each ended by '\n' */
	uint32_t *line;
	size_t n, cap;
};

struct mail_header {
	const char *name;
	size_t nlen;
	struct mbuf value;	/* unfolded, raw bytes */
};

struct mail_headers {
	struct mail_header *h;
	size_t n, cap;
	/* the charset of raw 8-bit bytes in the fields: the message's
	 * declared one, else "us-ascii" (UTF-8 or Windows-1252) */
	char cs[MAIL_CS_MAX];
};

/* The leaf part chosen for the body. */
struct mail_leaf {
	const char *s;
	size_t len;
	uint32_t line;		/* file line of s[0] */
	char cte[32];		/* content-transfer-encoding, lower case */
	char cs[MAIL_CS_MAX];	/* charset label */
	bool html;
};

static int mbuf_add(struct mbuf *b, const char *s, size_t n)
{
	if (n > SIZE_MAX - b->len - 1)
		return -1;
	if (b->len + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap : 64;
		char *p;

		while (c < b->len + n + 1)
			c = c > SIZE_MAX / 2 ? b->len + n + 1 : c * 2;
		p = realloc(b->s, c);
		if (!p)
			return -1;
		b->s = p;
		b->cap = c;
	}
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

static int mbuf_addc(struct mbuf *b, char c)
{
	return mbuf_add(b, &c, 1);
}

/* Appends code point cp as UTF-8. */
static int mbuf_add_cp(struct mbuf *b, unsigned long cp)
{
	char u[4];

	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		u[0] = (char)cp;
		return mbuf_add(b, u, 1);
	}
	if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		return mbuf_add(b, u, 2);
	}
	if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		return mbuf_add(b, u, 3);
	}
	u[0] = (char)(0xF0 | (cp >> 18));
	u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	u[3] = (char)(0x80 | (cp & 0x3F));
	return mbuf_add(b, u, 4);
}

static int mlines_add(struct mlines *m, const char *s, size_t n,
		      uint32_t line)
{
	if (m->n == m->cap) {
		size_t c = m->cap ? m->cap * 2 : 64;
		uint32_t *p;

		if (c > SIZE_MAX / sizeof *p)
			return -1;
		p = realloc(m->line, c * sizeof *p);
		if (!p)
			return -1;
		m->line = p;
		m->cap = c;
	}
	if (mbuf_add(&m->text, s, n) || mbuf_addc(&m->text, '\n'))
		return -1;
	m->line[m->n++] = line;
	return 0;
}

static void mlines_free(struct mlines *m)
{
	free(m->text.s);
	free(m->line);
	memset(m, 0, sizeof *m);
}

static void mail_headers_free(struct mail_headers *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->h[i].value.s);
	free(h->h);
	memset(h, 0, sizeof *h);
}

/* The line at s[*pos..len): sets [*b, *e) without "\n" or "\r\n". */
static bool mail_next_line(const char *s, size_t len, size_t *pos,
			   size_t *b, size_t *e)
{
	const char *nl;

	if (*pos >= len)
		return false;
	*b = *pos;
	nl = memchr(s + *pos, '\n', len - *pos);
	*e = nl ? (size_t)(nl - s) : len;
	*pos = nl ? *e + 1 : len;
	if (*e > *b && s[*e - 1] == '\r')
		(*e)--;
	return true;
}

/* Length of a field name ending in ':' at the start of s, else 0. */
static size_t mail_field_name(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && s[i] > ' ' && s[i] < 0x7f && s[i] != ':')
		i++;
	return i > 0 && i < len && s[i] == ':' ? i : 0;
}

static bool mail_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * Parses a header block at s[*pos..len), whose first line is file line
 * *line.  Stops after the blank line that ends it, or before the first
 * line that is not a field (the body then starts there).  On return *pos
 * and *line describe the body's first line.  0, or -1 when out of memory.
 */
static int mail_parse_headers(const char *s, size_t len, size_t *pos,
			      uint32_t *line, struct mail_headers *h)
{
	size_t b, e, p = *pos, k;

	while (mail_next_line(s, len, &p, &b, &e)) {
		if (mail_blank(s + b, e - b)) {
			(*line)++;
			*pos = p;
			return 0;
		}
		if ((s[b] == ' ' || s[b] == '\t') && h->n > 0) {
			struct mbuf *v = &h->h[h->n - 1].value;

			while (b < e && isspace((unsigned char)s[b]))
				b++;
			if ((v->len && mbuf_addc(v, ' ')) ||
			    mbuf_add(v, s + b, e - b))
				return -1;
		} else if ((k = mail_field_name(s + b, e - b)) > 0) {
			struct mail_header *f;

			if (h->n == h->cap) {
				size_t c = h->cap ? h->cap * 2 : 16;

				f = realloc(h->h, c * sizeof *f);
				if (!f)
					return -1;
				h->h = f;
				h->cap = c;
			}
			f = &h->h[h->n++];
			memset(f, 0, sizeof *f);
			f->name = s + b;
			f->nlen = k;
			for (b += k + 1; b < e && isspace((unsigned char)s[b]);
			     b++)
				;
			if (mbuf_add(&f->value, s + b, e - b))
				return -1;
		} else {
			break;		/* body without a blank line */
		}
		(*line)++;
		*pos = p;
	}
	return 0;
}

/* The first field named name (case-insensitive), or NULL. */
static const struct mail_header *mail_get(const struct mail_headers *h,
					  const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < h->n; i++)
		if (h->h[i].nlen == n && strncasecmp(h->h[i].name, name,
						     n) == 0)
			return &h->h[i];
	return NULL;
}

static const struct mail_header *mail_get_any(const struct mail_headers *h,
					      const char *const *names)
{
	const struct mail_header *f;

	for (; *names; names++)
		if ((f = mail_get(h, *names)) != NULL)
			return f;
	return NULL;
}

/*
 * Appends s[0..n), in the charset labelled cs, as sanitised UTF-8
 * (utf8_from_charset()).  A charset iconv does not know is read as text of
 * no declared charset: UTF-8 when it is, else Windows-1252.
 */
static int mail_add_charset(struct mbuf *b, const char *s, size_t n,
			    const char *cs)
{
	bool unknown;
	size_t tl;
	char *t;
	int ret;

	if (n == 0)
		return 0;
	t = utf8_from_charset(cs, s, n, &tl, &unknown);
	if (unknown)
		t = utf8_from_charset("us-ascii", s, n, &tl, &unknown);
	if (!t)
		return -1;
	ret = mbuf_add(b, t, tl);
	free(t);
	return ret;
}

static int mail_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Quoted-printable s[0..n) (one line, or a Q-encoded word when q). */
static int mail_unqp(struct mbuf *out, const char *s, size_t n, bool q,
		     bool *soft)
{
	size_t i;

	if (soft) {
		*soft = false;
		/* Trailing white space is padding (RFC 2045 6.7 rule 3). */
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n > 0 && s[n - 1] == '=') {
			*soft = true;
			n--;
		}
	}
	for (i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] == '=' && i + 2 < n &&
		    (hi = mail_hex((unsigned char)s[i + 1])) >= 0 &&
		    (lo = mail_hex((unsigned char)s[i + 2])) >= 0) {
			if (mbuf_addc(out, (char)(hi * 16 + lo)))
				return -1;
			i += 2;
		} else if (q && s[i] == '_') {
			if (mbuf_addc(out, ' '))
				return -1;
		} else if (mbuf_addc(out, s[i])) {
			return -1;
		}
	}
	return 0;
}

static int mail_b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Base64, skipping anything outside the alphabet, stopping at '='. */
static int mail_unbase64(struct mbuf *out, const char *s, size_t n)
{
	unsigned long acc = 0;
	int bits = 0, v;
	size_t i;

	for (i = 0; i < n && s[i] != '='; i++) {
		if ((v = mail_b64_value((unsigned char)s[i])) < 0)
			continue;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (mbuf_addc(out, (char)((acc >> bits) & 0xFF)))
				return -1;
		}
		acc &= 0xFFFF;
	}
	return 0;
}

/*
 * An RFC 2047 encoded-word "=?charset?Q|B?text?=" at s[0..n): returns its
 * length, or 0 when s does not start with one.  Appends the decoded text
 * when out is not NULL (-1 is returned when out of memory).
 */
static long mail_encoded_word(const char *s, size_t n, struct mbuf *out)
{
	const char *cs, *q1, *q2, *end;
	struct mbuf raw = { 0 };
	char label[MAIL_CS_MAX];
	size_t cslen;
	char enc;
	int ret;

	if (n < 8 || s[0] != '=' || s[1] != '?')
		return 0;
	cs = s + 2;
	q1 = memchr(cs, '?', n - 2);
	if (!q1 || q1 + 3 >= s + n || q1[2] != '?')
		return 0;
	enc = (char)toupper((unsigned char)q1[1]);
	if (enc != 'Q' && enc != 'B')
		return 0;
	q2 = q1 + 3;
	for (end = q2; end + 1 < s + n; end++)
		if (end[0] == '?' && end[1] == '=')
			break;
	if (end + 1 >= s + n || memchr(q2, ' ', (size_t)(end - q2)))
		return 0;
	if (!out)
		return (long)(end + 2 - s);
	cslen = (size_t)(q1 - cs);
	/* RFC 2231 language suffix: "utf-8*en" */
	if (memchr(cs, '*', cslen))
		cslen = (size_t)((const char *)memchr(cs, '*', cslen) - cs);
	if (cslen >= sizeof label)
		cslen = 0;	/* no such charset: read as undeclared */
	memcpy(label, cs, cslen);
	label[cslen] = '\0';
	ret = enc == 'Q' ? mail_unqp(&raw, q2, (size_t)(end - q2), true, NULL)
			 : mail_unbase64(&raw, q2, (size_t)(end - q2));
	if (!ret && raw.len)
		ret = mail_add_charset(out, raw.s, raw.len,
				       cslen ? label : "us-ascii");
	free(raw.s);
	return ret ? -1 : (long)(end + 2 - s);
}

/*
 * Header text s[0..n) as valid UTF-8 in out: encoded-words decoded, and
 * the raw bytes between them read in charset cs (a field sent with 8-bit
 * bytes, which RFC 5322 forbids and spam and old clients do, is in the
 * message's charset, if it declares one).
 */
static int mail_decode_words(struct mbuf *out, const char *s, size_t n,
			     const char *cs)
{
	size_t i = 0, run = 0;
	bool after_word = false;

	while (i < n) {
		long k = 0;

		if (s[i] == '=') {
			/* the raw run before the word, in cs */
			if (mail_add_charset(out, s + i - run, run, cs))
				return -1;
			run = 0;
			k = mail_encoded_word(s + i, n - i, out);
		}
		if (k < 0)
			return -1;
		if (k > 0) {
			i += (size_t)k;
			after_word = true;
			continue;
		}
		if (after_word && isspace((unsigned char)s[i])) {
			/* White space between two encoded-words goes. */
			size_t j = i;

			while (j < n && isspace((unsigned char)s[j]))
				j++;
			if (j < n && mail_encoded_word(s + j, n - j, NULL)) {
				i = j;
				continue;
			}
		}
		after_word = false;
		run++;
		i++;
	}
	return mail_add_charset(out, s + i - run, run, cs);
}

/*
 * Sets field from raw header text (raw bytes in charset cs): encoded-words
 * decoded, valid UTF-8, white space folded, trimmed; empty leaves it
 * unset.  0 or -1 (memory).
 */
static int mail_set(char **field, const char *s, size_t n, const char *cs)
{
	struct mbuf d = { 0 };
	int ret;

	if (mail_decode_words(&d, s, n, cs)) {
		free(d.s);
		return -1;
	}
	ret = article_set_meta(field, d.s ? d.s : "", d.len);
	free(d.s);
	return ret;
}

static int mail_set_from(char **field, const struct mail_headers *h,
			 const char *const *names)
{
	const struct mail_header *f = mail_get_any(h, names);

	if (!f || *field)
		return 0;
	return mail_set(field, f->value.s, f->value.len, h->cs);
}

/*
 * Splits From into a display name and the address's domain (each set
 * only when found): "Name" <a@b>, Name <a@b>, a@b (Name) and a@b.
 */
static int mail_parse_from(const struct mail_header *f, const char *cs,
			   char **name, char **domain)
{
	struct mbuf d = { 0 };
	const char *s, *lt, *gt, *at, *addr, *addr_end, *nm = NULL;
	size_t nmlen = 0;
	int ret = 0;

	if (mail_decode_words(&d, f->value.s, f->value.len, cs) || !d.s) {
		free(d.s);
		return d.s ? -1 : 0;
	}
	s = d.s;
	lt = strchr(s, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt) {
		nm = s;
		nmlen = (size_t)(lt - s);
		addr = lt + 1;
		addr_end = gt;
	} else if ((lt = strchr(s, '(')) != NULL &&
		   (gt = strchr(lt, ')')) != NULL) {
		nm = lt + 1;
		nmlen = (size_t)(gt - lt - 1);
		addr = s;
		addr_end = lt;
	} else {
		addr = s;
		addr_end = s + d.len;
	}
	while (nmlen && (isspace((unsigned char)*nm) || *nm == '"' ||
			 *nm == '\'')) {
		nm++;
		nmlen--;
	}
	while (nmlen && (isspace((unsigned char)nm[nmlen - 1]) ||
			 nm[nmlen - 1] == '"' || nm[nmlen - 1] == '\''))
		nmlen--;
	if (nmlen)
		ret = mail_set(name, nm, nmlen, "utf-8");
	at = memchr(addr, '@', (size_t)(addr_end - addr));
	if (!ret && at) {
		const char *e = at + 1;

		while (e < addr_end && !isspace((unsigned char)*e) &&
		       *e != '>' && *e != ',')
			e++;
		if (e > at + 1)
			ret = mail_set(domain, at + 1, (size_t)(e - at - 1),
				       "utf-8");
	}
	free(d.s);
	return ret;
}

/* Org/Person/Place fields: names separated by ';', else by ','. */
static int mail_add_entities(struct article *a, const struct mail_headers *h)
{
	static const struct {
		const char *field, *type;
	} map[] = {
		{ "org", "org" }, { "orgs", "org" },
		{ "organizations", "org" }, { "organisations", "org" },
		{ "person", "person" }, { "people", "person" },
		{ "persons", "person" },
		{ "place", "place" }, { "places", "place" },
		{ "location", "place" }, { "locations", "place" },
	};
	size_t i, j;

	for (i = 0; i < h->n; i++) {
		const struct mail_header *f = &h->h[i];
		const char *type = NULL, *s = f->value.s, *end;
		char sep;

		for (j = 0; j < sizeof map / sizeof map[0] && !type; j++)
			if (strlen(map[j].field) == f->nlen &&
			    strncasecmp(f->name, map[j].field, f->nlen) == 0)
				type = map[j].type;
		if (!type || !s)
			continue;
		sep = strchr(s, ';') ? ';' : ',';
		end = s + f->value.len;
		while (s < end) {
			const char *e = memchr(s, sep, (size_t)(end - s));
			char *name = NULL;
			int ret;

			if (!e)
				e = end;
			ret = mail_set(&name, s, (size_t)(e - s), h->cs);
			if (!ret && name)
				ret = article_add_entity(a, type, name);
			free(name);
			if (ret)
				return -1;
			s = e + 1;
		}
	}
	return 0;
}

/*
 * A parameter of a structured field ("boundary", "charset") copied into
 * out; false when absent or too long.
 */
static bool mail_param(const struct mail_header *f, const char *param,
		       char *out, size_t outlen)
{
	const char *s, *end;
	size_t plen = strlen(param);

	if (!f || !f->value.s)
		return false;
	s = f->value.s;
	end = s + f->value.len;
	while ((s = memchr(s, ';', (size_t)(end - s))) != NULL) {
		const char *v;
		size_t n = 0;

		s++;
		while (s < end && isspace((unsigned char)*s))
			s++;
		if ((size_t)(end - s) <= plen ||
		    strncasecmp(s, param, plen) != 0)
			continue;
		/* white space may stand around the '=' (boundary= "x") */
		v = s + plen;
		while (v < end && (*v == ' ' || *v == '\t'))
			v++;
		if (v >= end || *v != '=')
			continue;
		v++;
		while (v < end && (*v == ' ' || *v == '\t'))
			v++;
		if (v < end && *v == '"') {
			const char *q = memchr(v + 1, '"',
					       (size_t)(end - v - 1));

			v++;
			n = q ? (size_t)(q - v) : (size_t)(end - v);
		} else {
			while (v + n < end && v[n] != ';' &&
			       !isspace((unsigned char)v[n]))
				n++;
		}
		if (n == 0 || n >= outlen)
			return false;
		memcpy(out, v, n);
		out[n] = '\0';
		return true;
	}
	return false;
}

/* The media type of Content-Type in lower case ("text/plain" if none). */
static void mail_media_type(const struct mail_header *f, char *out,
			    size_t outlen)
{
	size_t i = 0, n = 0;

	if (!f || !f->value.s) {
		snprintf(out, outlen, "text/plain");
		return;
	}
	while (i < f->value.len && isspace((unsigned char)f->value.s[i]))
		i++;
	while (i < f->value.len && n + 1 < outlen &&
	       f->value.s[i] != ';' && !isspace((unsigned char)f->value.s[i]))
		out[n++] = (char)tolower((unsigned char)f->value.s[i++]);
	out[n] = '\0';
	if (n == 0)
		snprintf(out, outlen, "text/plain");
}

static void mail_leaf_fill(struct mail_leaf *leaf,
			   const struct mail_headers *h, const char *s,
			   size_t len, uint32_t line, bool html)
{
	const struct mail_header *f = mail_get(h, "content-transfer-encoding");
	char cs[64];
	size_t i = 0, n = 0;

	leaf->s = s;
	leaf->len = len;
	leaf->line = line;
	leaf->html = html;
	leaf->cte[0] = '\0';
	if (f && f->value.s) {
		while (i < f->value.len &&
		       isspace((unsigned char)f->value.s[i]))
			i++;
		while (i < f->value.len && n + 1 < sizeof leaf->cte &&
		       !isspace((unsigned char)f->value.s[i]))
			leaf->cte[n++] =
				(char)tolower((unsigned char)f->value.s[i++]);
		leaf->cte[n] = '\0';
	}
	/* RFC 2045's default, which utf8_from_charset() reads as UTF-8 or
	 * Windows-1252, whichever the 8-bit bytes are */
	snprintf(leaf->cs, sizeof leaf->cs, "us-ascii");
	if (mail_param(mail_get(h, "content-type"), "charset", cs, sizeof cs))
		snprintf(leaf->cs, sizeof leaf->cs, "%s", cs);
}

static int mail_find_leaf(const struct mail_headers *h, const char *s,
			  size_t len, uint32_t line, const char *want,
			  int depth, struct mail_leaf *leaf);

/* One body part s[part..end) starting at file line line: its own header
 * block, then a search of its content. */
static int mail_find_in_part(const char *s, size_t part, size_t end,
			     uint32_t line, const char *want, int depth,
			     struct mail_leaf *leaf)
{
	struct mail_headers ph = { 0 };
	size_t ppos = part;
	int ret;

	if (mail_parse_headers(s, end, &ppos, &line, &ph))
		ret = -1;
	else
		ret = mail_find_leaf(&ph, s + ppos, end - ppos, line, want,
				     depth + 1, leaf);
	mail_headers_free(&ph);
	return ret;
}

/*
 * Finds the first leaf of media type want ("text/plain" or "text/html")
 * in the entity with headers h and content s[0..len) starting at file
 * line line.  Returns 1 when found, 0 when not, -1 when out of memory.
 */
static int mail_find_leaf(const struct mail_headers *h, const char *s,
			  size_t len, uint32_t line, const char *want,
			  int depth, struct mail_leaf *leaf)
{
	char type[64], boundary[128];
	size_t pos = 0, b, e, blen, part = 0;
	uint32_t ln = line - 1, partline = 0;
	bool inpart = false;
	int ret = 0;

	mail_media_type(mail_get(h, "content-type"), type, sizeof type);
	if (strncmp(type, "multipart/", 10) != 0 ||
	    !mail_param(mail_get(h, "content-type"), "boundary", boundary,
			sizeof boundary)) {
		/* A multipart without a boundary is read as text. */
		if (strncmp(type, "multipart/", 10) == 0)
			snprintf(type, sizeof type, "text/plain");
		if (strcmp(type, want) != 0)
			return 0;
		mail_leaf_fill(leaf, h, s, len, line,
			       strcmp(want, "text/html") == 0);
		return 1;
	}
	if (depth >= MAIL_MAX_DEPTH)
		return 0;
	blen = strlen(boundary);
	while (ret == 0 && mail_next_line(s, len, &pos, &b, &e)) {
		bool delim = e - b >= blen + 2 && s[b] == '-' &&
			     s[b + 1] == '-' &&
			     memcmp(s + b + 2, boundary, blen) == 0;

		ln++;
		if (!delim)
			continue;
		if (inpart) {
			/* The line break before a delimiter belongs to
			 * the delimiter. */
			size_t end = b > part ? b - 1 : part;

			if (end > part && s[end - 1] == '\r')
				end--;
			ret = mail_find_in_part(s, part, end, partline, want,
						depth, leaf);
		}
		if (e - b >= blen + 4 && memcmp(s + b + 2 + blen, "--", 2) == 0)
			return ret;	/* the closing delimiter */
		inpart = true;
		part = pos;
		partline = ln + 1;
	}
	/* A message cut before its closing delimiter: use what is there. */
	if (ret == 0 && inpart)
		ret = mail_find_in_part(s, part, len, partline, want, depth,
					leaf);
	return ret;
}

/* Decodes the leaf's transfer encoding into lines with file lines. */
static int mail_decode_leaf(const struct mail_leaf *leaf, struct mlines *m)
{
	size_t pos = 0, b, e;
	uint32_t ln = leaf->line;
	int ret = 0;

	if (strcmp(leaf->cte, "base64") == 0) {
		struct mbuf d = { 0 };

		if (mail_unbase64(&d, leaf->s, leaf->len)) {
			free(d.s);
			return -1;
		}
		while (ret == 0 && d.s && mail_next_line(d.s, d.len, &pos, &b,
							 &e))
			ret = mlines_add(m, d.s + b, e - b, leaf->line);
		free(d.s);
		return ret;
	}
	if (strcmp(leaf->cte, "quoted-printable") == 0) {
		struct mbuf d = { 0 };
		uint32_t start = ln;
		bool soft = false;

		while (ret == 0 && mail_next_line(leaf->s, leaf->len, &pos, &b,
						  &e)) {
			if (!soft)
				start = ln;
			ret = mail_unqp(&d, leaf->s + b, e - b, false, &soft);
			if (ret == 0 && !soft) {
				ret = mlines_add(m, d.s ? d.s : "", d.len,
						 start);
				d.len = 0;
			}
			ln++;
		}
		if (ret == 0 && soft && d.len)
			ret = mlines_add(m, d.s, d.len, start);
		free(d.s);
		return ret;
	}
	while (ret == 0 && mail_next_line(leaf->s, leaf->len, &pos, &b, &e))
		ret = mlines_add(m, leaf->s + b, e - b, ln++);
	return ret;
}

/* Block-level tags that end a line or a paragraph in stripped HTML. */
static int mail_html_break(const char *tag)
{
	static const char *const para[] = {
		"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
		"table", "ul", "ol", "section", "article", "header", "footer",
		"pre", "hr", NULL
	};
	static const char *const line[] = { "br", "li", "tr", "dt", "dd",
					    NULL };
	const char *const *p;

	for (p = para; *p; p++)
		if (strcmp(tag, *p) == 0)
			return 2;
	for (p = line; *p; p++)
		if (strcmp(tag, *p) == 0)
			return 1;
	return 0;
}

/* Decodes a character reference at s[0..n) ('&' first): its length. */
static size_t mail_html_entity(const char *s, size_t n, struct mbuf *out,
			       int *err)
{
	static const struct {
		const char *name;
		unsigned long cp;
	} names[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' }, { "nbsp", ' ' }, { "mdash", 0x2014 },
		{ "ndash", 0x2013 }, { "rsquo", 0x2019 }, { "lsquo", 0x2018 },
		{ "rdquo", 0x201D }, { "ldquo", 0x201C }, { "hellip", 0x2026 },
	};
	size_t i, k;
	unsigned long cp = 0;

	*err = 0;
	for (k = 1; k < n && k < 12 && s[k] != ';'; k++)
		;
	if (k >= n || s[k] != ';')
		return 0;
	if (s[1] == '#') {
		bool hex = k > 2 && (s[2] == 'x' || s[2] == 'X');

		for (i = hex ? 3 : 2; i < k; i++) {
			int d = hex ? mail_hex(s[i]) :
				(isdigit((unsigned char)s[i]) ? s[i] - '0' : -1);

			if (d < 0)
				return 0;
			cp = cp * (hex ? 16 : 10) + (unsigned long)d;
			if (cp > 0x10FFFF)
				cp = 0xFFFD;
		}
		if (i == (hex ? 3u : 2u))
			return 0;
		*err = mbuf_add_cp(out, cp);
		return k + 1;
	}
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i].name) == k - 1 &&
		    memcmp(s + 1, names[i].name, k - 1) == 0) {
			*err = mbuf_add_cp(out, names[i].cp);
			return k + 1;
		}
	return 0;
}

/*
 * Crude HTML to text for mail bodies: tags dropped, script and style
 * skipped, block tags break lines, white space folded, a few entities
 * decoded.  Each output line takes the file line of its first character.
 */
static int mail_strip_html(const struct mlines *in, struct mlines *out)
{
	struct mbuf cur = { 0 };
	uint32_t curline = 0;
	const char *s = in->text.s ? in->text.s : "";
	size_t n = in->text.len, i = 0, li = 0;
	int ret = 0, brk;
	const char *skip_to = NULL;

	for (i = 0; i < n && ret == 0; ) {
		uint32_t here = li < in->n ? in->line[li] : 0;
		char c = s[i];

		if (skip_to) {
			size_t k = strlen(skip_to);

			if (n - i >= k &&
			    strncasecmp(s + i, skip_to, k) == 0) {
				/* a comment ends here; "</script" is left
				 * for the tag code to consume */
				if (skip_to[0] == '-')
					i += k;
				skip_to = NULL;
				continue;
			}
			if (c == '\n')
				li++;
			i++;
			continue;
		}
		if (c == '<') {
			char tag[16];
			size_t t = 0, j = i + 1;
			bool closing;

			if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
				skip_to = "-->";
				i += 4;
				continue;
			}
			closing = j < n && s[j] == '/';
			if (closing)
				j++;
			while (j < n && t + 1 < sizeof tag &&
			       isalnum((unsigned char)s[j]))
				tag[t++] = (char)tolower((unsigned char)s[j++]);
			tag[t] = '\0';
			/* Find the end of the tag, counting newlines. */
			while (j < n && s[j] != '>') {
				if (s[j] == '\n')
					li++;
				j++;
			}
			i = j < n ? j + 1 : n;
			/* <script .../> has no content to skip. */
			if (s[i - 1] == '>' && s[i - 2] != '/' &&
			    (strcmp(tag, "script") == 0 ||
			     strcmp(tag, "style") == 0) && !closing)
				skip_to = strcmp(tag, "script") == 0
					  ? "</script" : "</style";
			brk = mail_html_break(tag);
			if (brk && cur.len) {
				while (cur.len && cur.s[cur.len - 1] == ' ')
					cur.len--;
				ret = mlines_add(out, cur.s, cur.len, curline);
				cur.len = 0;
			}
			if (brk == 2 && ret == 0 && out->n &&
			    out->text.len >= 2 &&
			    out->text.s[out->text.len - 2] != '\n')
				ret = mlines_add(out, "", 0, 0);
			continue;
		}
		if (isspace((unsigned char)c)) {
			if (c == '\n')
				li++;
			if (cur.len && cur.s[cur.len - 1] != ' ')
				ret = mbuf_addc(&cur, ' ');
			i++;
			continue;
		}
		if (cur.len == 0)
			curline = here;
		if (c == '&') {
			int err;
			size_t k = mail_html_entity(s + i, n - i, &cur, &err);

			if (err) {
				ret = -1;
				break;
			}
			if (k) {
				i += k;
				continue;
			}
		}
		ret = mbuf_addc(&cur, c);
		i++;
	}
	if (ret == 0 && cur.len)
		ret = mlines_add(out, cur.s, cur.len, curline);
	free(cur.s);
	return ret;
}

/*
 * The decoded lines of a part, in its charset cs, as lines of UTF-8 that
 * keep their file lines: done before any HTML is stripped, so that the
 * characters its references name are not read in the part's charset.
 */
static int mail_lines_utf8(const struct mlines *in, const char *cs,
			   struct mlines *out)
{
	size_t pos = 0, b, e, k = 0, i;
	int ret = 0;

	while (ret == 0 && in->text.s &&
	       mail_next_line(in->text.s, in->text.len, &pos, &b, &e)) {
		struct mbuf conv = { 0 };
		uint32_t line = k < in->n ? in->line[k] : 0;

		k++;
		ret = mail_add_charset(&conv, in->text.s + b, e - b, cs);
		/* a CR decoded from the part is no line of the file */
		for (i = 0; ret == 0 && i < conv.len; i++)
			if (conv.s[i] == '\n')
				conv.s[i] = ' ';
		if (ret == 0)
			ret = mlines_add(out, conv.s ? conv.s : "", conv.len,
					 line);
		free(conv.s);
	}
	return ret;
}

/* The signature delimiter, "-- " (RFC 3676 4.3), or "--" as some clients
 * trim it. */
static bool mail_sig_line(const char *s, size_t n)
{
	return (n == 3 && memcmp(s, "-- ", 3) == 0) ||
	       (n == 2 && memcmp(s, "--", 2) == 0);
}

/* A rule: ten or more of one of - _ = * and nothing else. */
static bool mail_rule_line(const char *s, size_t n)
{
	size_t i;

	if (n < 10 || !strchr("-_=*", s[0]))
		return false;
	for (i = 1; i < n; i++)
		if (s[i] != s[0])
			return false;
	return true;
}

/* True when s[0..n) holds a link or an address. */
static bool mail_has_link(const char *s, size_t n)
{
	return memchr(s, '@', n) || memmem(s, n, "://", 3);
}

/*
 * Where the signature and the list footers at the end of lines m start,
 * as a line count (m->n when there are none): a signature delimiter with
 * at most MAIL_SIG_LINES non-blank lines after it, or a rule with that
 * few after it among which is a link or an address (what a list or
 * newsletter footer carries: "listinfo", "unsubscribe").  There must be
 * text before it; the earliest such line is taken.
 */
static size_t mail_footer_start(const struct mlines *m)
{
	size_t pos = 0, b, e, k = 0, total = 0, seen = 0, cut = m->n;
	size_t after, last_link = 0, i;

	while (m->text.s && mail_next_line(m->text.s, m->text.len, &pos, &b, &e))
		total += !mail_blank(m->text.s + b, e - b);
	/* the non-blank line number (from 1) of the last link */
	for (pos = 0, i = 0; m->text.s &&
	     mail_next_line(m->text.s, m->text.len, &pos, &b, &e);) {
		if (mail_blank(m->text.s + b, e - b))
			continue;
		i++;
		if (mail_has_link(m->text.s + b, e - b))
			last_link = i;
	}
	for (pos = 0; m->text.s &&
	     mail_next_line(m->text.s, m->text.len, &pos, &b, &e); k++) {
		const char *t = m->text.s + b;

		if (mail_blank(t, e - b))
			continue;
		seen++;
		after = total - seen;
		if (seen > 1 && after <= MAIL_SIG_LINES &&
		    (mail_sig_line(t, e - b) ||
		     (mail_rule_line(t, e - b) && last_link > seen))) {
			cut = k;
			break;
		}
	}
	return cut;
}

/* s[0..n) without the quote marks ('>' and spaces) that open it. */
static size_t mail_unquote(const char **s, size_t n)
{
	while (n && (**s == '>' || **s == ' ' || **s == '\t')) {
		(*s)++;
		n--;
	}
	return n;
}

/* A header field of a quoted or forwarded message: "From: ...". */
static bool mail_quoted_field(const char *s, size_t n)
{
	static const char *const names[] = {
		"from", "sent", "to", "cc", "bcc", "subject", "date",
		"reply-to", NULL
	};
	const char *const *p;
	size_t k;

	n = mail_unquote(&s, n);
	k = mail_field_name(s, n);
	if (k == 0 || k + 1 >= n || s[k + 1] != ' ')
		return false;
	for (p = names; *p; p++)
		if (strlen(*p) == k && strncasecmp(s, *p, k) == 0)
			return true;
	return false;
}

/* A separator of words framed by dashes: "-----Original Message-----". */
static bool mail_framed_line(const char *s, size_t n)
{
	size_t i = 0, j;

	n = mail_unquote(&s, n);
	while (i < n && s[i] == '-')
		i++;
	j = n;
	while (j > i && (s[j - 1] == '-' || s[j - 1] == ' '))
		j--;
	return i >= 3 && n - j >= 3 && j > i;
}

/* An attribution above quoted text: "On Mon, Jane Doe wrote:". */
static bool mail_attribution(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n >= 7 && n <= 200 &&
	       (memcmp(s + n - 7, " wrote:", 7) == 0 ||
		(n >= 8 && memcmp(s + n - 8, " writes:", 8) == 0));
}

/*
 * Marks in skip[] the lines of m that head quoted or forwarded text: the
 * header fields of the message quoted (two or more in a run), the dashed
 * separator above them, and an attribution line followed by quoted text.
 * -1 when out of memory.
 */
static int mail_mark_quoted(const struct mlines *m, unsigned char *skip)
{
	size_t *bs = calloc(m->n ? m->n : 1, sizeof *bs);
	size_t *es = calloc(m->n ? m->n : 1, sizeof *es);
	size_t pos = 0, b, e, k = 0, i, j;

	if (!bs || !es) {
		free(bs);
		free(es);
		return -1;
	}
	while (k < m->n && m->text.s &&
	       mail_next_line(m->text.s, m->text.len, &pos, &b, &e)) {
		bs[k] = b;
		es[k++] = e;
	}
	for (i = 0; i < k; i = j) {
		const char *t = m->text.s + bs[i];

		j = i + 1;
		while (j < k && mail_blank(m->text.s + bs[j], es[j] - bs[j]))
			j++;
		/* the separator above a quoted header, and the attribution
		 * above quoted lines */
		if ((mail_framed_line(t, es[i] - bs[i]) && j < k &&
		     mail_quoted_field(m->text.s + bs[j], es[j] - bs[j])) ||
		    (mail_attribution(t, es[i] - bs[i]) && j < k &&
		     m->text.s[bs[j]] == '>')) {
			skip[i] = 1;
			j = i + 1;
			continue;
		}
		j = i + 1;
		while (j < k && mail_quoted_field(m->text.s + bs[j],
						  es[j] - bs[j]))
			j++;
		if (mail_quoted_field(t, es[i] - bs[i]) && j - i >= 2)
			memset(skip + i, 1, j - i);
		else
			j = i + 1;
	}
	free(bs);
	free(es);
	return 0;
}

/* Adds lines of UTF-8 to the body, blank lines making paragraphs. */
static int mail_add_body(struct article *a, const struct mlines *m)
{
	size_t pos = 0, b, e, k = 0, tl, end = mail_footer_start(m);
	unsigned char *skip = calloc(m->n ? m->n : 1, 1);
	bool para = false;
	int ret = 0;

	if (!skip || mail_mark_quoted(m, skip)) {
		free(skip);
		return -1;
	}
	while (ret == 0 && m->text.s && k < end &&
	       mail_next_line(m->text.s, m->text.len, &pos, &b, &e)) {
		uint32_t line = k < m->n ? m->line[k] : 0;
		const char *t = m->text.s + b;

		k++;
		if (k <= m->n && skip[k - 1])
			continue;
		if (mail_blank(t, e - b)) {
			para = true;
			continue;
		}
		tl = e - b;
		while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '\t'))
			tl--;
		if ((para && body_end_paragraph(&a->body)) ||
		    body_add_line(&a->body, t, tl, line, 1))
			ret = -1;
		para = false;
	}
	free(skip);
	return ret;
}

static int mail_body(struct article *a, const struct mail_headers *h,
		     const char *s, size_t len, uint32_t line)
{
	struct mail_leaf leaf;
	struct mlines dec = { 0 }, u8 = { 0 }, txt = { 0 };
	int found, ret;

	found = mail_find_leaf(h, s, len, line, "text/plain", 0, &leaf);
	if (found == 0)
		found = mail_find_leaf(h, s, len, line, "text/html", 0, &leaf);
	if (found <= 0)
		return found;		/* no text part: empty body */
	ret = mail_decode_leaf(&leaf, &dec);
	if (ret == 0)
		ret = mail_lines_utf8(&dec, leaf.cs, &u8);
	if (ret == 0 && leaf.html) {
		ret = mail_strip_html(&u8, &txt);
		if (ret == 0)
			ret = mail_add_body(a, &txt);
	} else if (ret == 0) {
		ret = mail_add_body(a, &u8);
	}
	mlines_free(&dec);
	mlines_free(&u8);
	mlines_free(&txt);
	return ret;
}

static int mail_fill(struct article *a, const struct mail_headers *h)
{
	static const char *const title[] = { "title", "subject", NULL };
	static const char *const date[] = { "date", NULL };
	static const char *const source[] = { "source", NULL };
	static const char *const author[] = { "author", NULL };
	static const char *const url[] = { "url", "x-url", NULL };
	static const char *const lang[] = { "lang", "language",
					    "content-language", NULL };
	static const char *const id[] = { "message-id", "id", NULL };
	static const char *const desc[] = { "description", "summary", NULL };
	static const char *const from[] = { "from", NULL };
	const struct mail_header *f;
	char *name = NULL, *domain = NULL;
	int ret;

	if (mail_set_from(&a->title, h, title) ||
	    mail_set_from(&a->date, h, date) ||
	    mail_set_from(&a->source, h, source) ||
	    mail_set_from(&a->author, h, author) ||
	    mail_set_from(&a->url, h, url) ||
	    mail_set_from(&a->lang, h, lang) ||
	    mail_set_from(&a->id, h, id) ||
	    mail_set_from(&a->description, h, desc) ||
	    mail_add_entities(a, h))
		return -1;
	/* "en, fr" in Content-Language: the first is the article's. */
	if (a->lang)
		a->lang[strcspn(a->lang, ", ")] = '\0';
	if (a->id && a->id[0] == '<' && a->id[strlen(a->id) - 1] == '>' &&
	    strlen(a->id) > 2) {
		size_t n = strlen(a->id) - 2;

		memmove(a->id, a->id + 1, n);
		a->id[n] = '\0';
	}
	f = mail_get_any(h, from);
	if (!f || (a->source && a->author))
		return 0;
	ret = mail_parse_from(f, h->cs, &name, &domain);
	if (ret == 0 && !a->source && (name || domain))
		ret = article_set(&a->source, name ? name : domain,
				  strlen(name ? name : domain));
	if (ret == 0 && !a->author && name)
		ret = article_set(&a->author, name, strlen(name));
	free(name);
	free(domain);
	return ret;
}

/* Sets h->cs from the message's Content-Type; always 0. */
static int mail_header_charset(struct mail_headers *h)
{
	if (!mail_param(mail_get(h, "content-type"), "charset", h->cs,
			sizeof h->cs))
		snprintf(h->cs, sizeof h->cs, "us-ascii");
	return 0;
}

int read_mail(const char *buf, size_t len, const struct reader_ctx *rc)
{
	struct mail_headers h = { 0 };
	struct article a;
	size_t pos = 0;
	uint32_t line = 1;
	int ret;

	memset(&a, 0, sizeof a);
	a.format = ARTICLE_FMT_MAIL;
	a.record = 1;
	a.first_line = 1;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	if (len - pos >= 5 && memcmp(buf + pos, "From ", 5) == 0) {
		/* An mbox separator line, not a field. */
		const char *nl = memchr(buf + pos, '\n', len - pos);

		pos = nl ? (size_t)(nl - buf) + 1 : len;
		line++;
	}
	if (mail_parse_headers(buf, len, &pos, &line, &h) ||
	    mail_header_charset(&h) ||
	    mail_fill(&a, &h) ||
	    mail_body(&a, &h, buf + pos, len - pos, line)) {
		mail_headers_free(&h);
		article_clear(&a);
		if (rc->err && rc->errlen)
			snprintf(rc->err, rc->errlen, "out of memory");
		return -1;
	}
	mail_headers_free(&h);
	if (!a.title && a.body.nlines == 0) {
		article_clear(&a);
		if (rc->err && rc->errlen)
			snprintf(rc->err, rc->errlen,
				 "no title and no text");
		return -1;
	}
	ret = rc->emit(rc->ctx, &a);
	article_clear(&a);
	return ret;
}
