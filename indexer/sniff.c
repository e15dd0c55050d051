/*
 * sniff.c - which reader a file needs, from its name and its first bytes.
 *
 * The extension proposes and the content confirms: a ".txt" that is really
 * a saved web page goes to the HTML reader, a ".json" holding one object
 * per line to the JSON Lines reader, an extension-less file that opens with
 * a "Subject:"/"Date:" header block to the mail reader.  Files whose
 * extension we do not know are decided by content alone; anything binary
 * is ARTICLE_FMT_UNKNOWN so the caller can skip it with a reason.
 *
 * The head is whatever the caller read (typically the first few KiB of
 * decoded content), so every test here must tolerate a cut anywhere,
 * including in the middle of a UTF-8 sequence.  Pure functions, no state.
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "readers.h"

/* Share of invalid UTF-8 bytes / control bytes that makes a head binary. */
#define SNIFF_BINARY_PERCENT 10

static const struct {
	const char *name;
	enum article_format fmt;
} sniff_names[] = {
	{ "text", ARTICLE_FMT_TEXT },
	{ "html", ARTICLE_FMT_HTML },
	{ "json", ARTICLE_FMT_JSON },
	{ "jsonl", ARTICLE_FMT_JSONL },
	{ "mail", ARTICLE_FMT_MAIL },
	/* aliases accepted by --format, never printed */
	{ "txt", ARTICLE_FMT_TEXT },
	{ "htm", ARTICLE_FMT_HTML },
	{ "ndjson", ARTICLE_FMT_JSONL },
	{ "eml", ARTICLE_FMT_MAIL },
};

static const struct {
	const char *ext;
	enum article_format fmt;
} sniff_exts[] = {
	{ "txt", ARTICLE_FMT_TEXT },
	{ "text", ARTICLE_FMT_TEXT },
	{ "html", ARTICLE_FMT_HTML },
	{ "htm", ARTICLE_FMT_HTML },
	{ "xhtml", ARTICLE_FMT_HTML },
	{ "json", ARTICLE_FMT_JSON },
	{ "jsonl", ARTICLE_FMT_JSONL },
	{ "ndjson", ARTICLE_FMT_JSONL },
	{ "eml", ARTICLE_FMT_MAIL },
	{ "mail", ARTICLE_FMT_MAIL },
};

const char *sniff_format_name(enum article_format f)
{
	switch (f) {
	case ARTICLE_FMT_TEXT:
		return "text";
	case ARTICLE_FMT_HTML:
		return "html";
	case ARTICLE_FMT_JSON:
		return "json";
	case ARTICLE_FMT_JSONL:
		return "jsonl";
	case ARTICLE_FMT_MAIL:
		return "mail";
	case ARTICLE_FMT_UNKNOWN:
		break;
	}
	return "unknown";
}

enum article_format sniff_format_from_name(const char *name)
{
	size_t i;

	if (!name)
		return ARTICLE_FMT_UNKNOWN;
	for (i = 0; i < sizeof sniff_names / sizeof sniff_names[0]; i++)
		if (strcasecmp(name, sniff_names[i].name) == 0)
			return sniff_names[i].fmt;
	return ARTICLE_FMT_UNKNOWN;
}

bool sniff_is_binary(const char *head, size_t len)
{
	const unsigned char *p = (const unsigned char *)head;
	size_t i = 0, bad = 0;

	while (i < len) {
		unsigned char c = p[i];
		size_t n, k;

		if (c == 0)
			return true;
		if (c < 0x80) {
			/* Controls other than whitespace, form feed and ESC
			 * (ANSI colour in saved terminal output) are rare
			 * in text. */
			if (c < 0x20 && !strchr("\t\n\r\f\v\x1b", c))
				bad++;
			i++;
			continue;
		}
		n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		if (n > 1 && i + n > len) {
			/* A character cut by the end of the head. */
			for (k = i + 1; k < len && (p[k] & 0xC0) == 0x80; k++)
				;
			if (k == len)
				break;
		}
		if (n > 1 && i + n <= len && utf8_valid(head + i, n)) {
			i += n;
			continue;
		}
		bad++;
		i++;
	}
	return len > 0 && bad * 100 > len * SNIFF_BINARY_PERCENT;
}

/* Offset of the first byte after a UTF-8 BOM and leading whitespace. */
static size_t sniff_skip_space(const char *s, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && isspace((unsigned char)s[i]))
		i++;
	return i;
}

static bool sniff_prefix(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	return len >= n && strncasecmp(s, word, n) == 0;
}

/* Saved web pages: a doctype, <html>, or an XML prolog / comment first. */
static bool sniff_looks_html(const char *s, size_t len)
{
	size_t i = sniff_skip_space(s, len);
	int hops;

	/* An XML prolog or leading comments may precede the doctype. */
	for (hops = 0; hops < 8 && i < len; hops++) {
		const char *end = NULL;

		if (sniff_prefix(s + i, len - i, "<!doctype html") ||
		    sniff_prefix(s + i, len - i, "<html") ||
		    sniff_prefix(s + i, len - i, "<head") ||
		    sniff_prefix(s + i, len - i, "<meta "))
			return true;
		if (sniff_prefix(s + i, len - i, "<?xml"))
			end = memmem(s + i, len - i, "?>", 2);
		else if (sniff_prefix(s + i, len - i, "<!--"))
			end = memmem(s + i, len - i, "-->", 3);
		if (!end)
			return false;
		i = (size_t)(end - s) + (end[1] == '>' ? 2 : 3);
		i += sniff_skip_space(s + i, len - i);
	}
	return false;
}

/* Lines that start with '{' in column 1 (JSON Lines records). */
static size_t sniff_count_object_lines(const char *s, size_t len)
{
	size_t i = sniff_skip_space(s, len), n = 0;

	/* The first record may be indented by blank lines or a BOM. */
	if (i < len && s[i] == '{')
		n++;
	for (; i < len; i++)
		if (s[i] == '\n' && i + 1 < len && s[i + 1] == '{')
			n++;
	return n;
}

/* A header name: printable ASCII without space or colon (RFC 5322). */
static size_t sniff_header_name(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && s[i] > ' ' && s[i] < 0x7f && s[i] != ':')
		i++;
	return i < len && s[i] == ':' ? i : 0;
}

/*
 * An RFC 822 style header block: "Key: value" lines (folded lines allowed)
 * with a title (Subject: or Title:) and a Date:, ended by a blank line or
 * by the end of the head (which may have cut a long header short).
 */
static bool sniff_looks_mail(const char *s, size_t len)
{
	size_t i = 0, nheaders = 0;
	bool title = false, date = false;

	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	if (sniff_prefix(s + i, len - i, "From ")) {	/* mbox separator */
		const char *nl = memchr(s + i, '\n', len - i);

		if (!nl)
			return false;
		i = (size_t)(nl - s) + 1;
	}
	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len;
		size_t n = end - i, k;

		if (n && s[end - 1] == '\r')
			n--;
		if (n == 0)
			break;		/* the blank line ends the header */
		if (s[i] == ' ' || s[i] == '\t') {
			if (nheaders == 0)
				return false;
		} else {
			k = sniff_header_name(s + i, n);
			if (k == 0)
				return false;
			nheaders++;
			if ((k == 7 && strncasecmp(s + i, "subject", 7) == 0) ||
			    (k == 5 && strncasecmp(s + i, "title", 5) == 0))
				title = true;
			else if (k == 4 && strncasecmp(s + i, "date", 4) == 0)
				date = true;
		}
		i = end + 1;
	}
	return title && date;
}

/* The extension after the last dot of the last path component, ".gz"
 * removed; copied lower-case into ext (empty when there is none). */
static void sniff_extension(const char *name, char *ext, size_t extlen)
{
	const char *base, *dot, *end;
	size_t n, i;

	ext[0] = '\0';
	if (!name)
		return;
	base = strrchr(name, '/');
	base = base ? base + 1 : name;
	end = base + strlen(base);
	if (end - base > 3 && strcasecmp(end - 3, ".gz") == 0)
		end -= 3;
	dot = NULL;
	for (const char *p = base; p < end; p++)
		if (*p == '.')
			dot = p;
	if (!dot || dot == base)	/* ".profile" has no extension */
		return;
	n = (size_t)(end - dot - 1);
	if (n >= extlen)
		return;
	for (i = 0; i < n; i++)
		ext[i] = (char)tolower((unsigned char)dot[1 + i]);
	ext[n] = '\0';
}

/* Content alone: used for unknown extensions and for contradictions. */
static enum article_format sniff_content(const char *head, size_t len)
{
	size_t i = sniff_skip_space(head, len);

	if (sniff_looks_html(head, len))
		return ARTICLE_FMT_HTML;
	if (i < len && head[i] == '{')
		return sniff_count_object_lines(head, len) > 1
		       ? ARTICLE_FMT_JSONL : ARTICLE_FMT_JSON;
	if (i < len && head[i] == '[') {
		/* "[" opening prose ("[Updated] ...") is not JSON. */
		size_t j = i + 1;

		while (j < len && isspace((unsigned char)head[j]))
			j++;
		if (j == len || head[j] == '{' || head[j] == ']')
			return ARTICLE_FMT_JSON;
	}
	if (sniff_looks_mail(head, len))
		return ARTICLE_FMT_MAIL;
	return ARTICLE_FMT_TEXT;
}

enum article_format sniff_format(const char *name, const char *head,
				 size_t len)
{
	enum article_format fmt = ARTICLE_FMT_UNKNOWN;
	char ext[16];
	size_t i, k;

	if (!head)
		len = 0;
	if (sniff_is_binary(head, len))
		return ARTICLE_FMT_UNKNOWN;
	sniff_extension(name, ext, sizeof ext);
	for (i = 0; i < sizeof sniff_exts / sizeof sniff_exts[0]; i++)
		if (strcmp(ext, sniff_exts[i].ext) == 0)
			fmt = sniff_exts[i].fmt;
	k = sniff_skip_space(head, len);

	switch (fmt) {
	case ARTICLE_FMT_TEXT:
		if (sniff_looks_html(head, len))
			return ARTICLE_FMT_HTML;
		if (sniff_looks_mail(head, len))
			return ARTICLE_FMT_MAIL;
		return ARTICLE_FMT_TEXT;
	case ARTICLE_FMT_HTML:
		return ARTICLE_FMT_HTML;
	case ARTICLE_FMT_JSON:
		if (k == len)
			return ARTICLE_FMT_JSON;
		if (head[k] == '{')
			return sniff_count_object_lines(head, len) > 1
			       ? ARTICLE_FMT_JSONL : ARTICLE_FMT_JSON;
		if (head[k] == '[')
			return ARTICLE_FMT_JSON;
		return sniff_content(head, len);
	case ARTICLE_FMT_JSONL:
		if (k == len || head[k] == '{')
			return ARTICLE_FMT_JSONL;
		if (head[k] == '[')
			return ARTICLE_FMT_JSON;
		return sniff_content(head, len);
	case ARTICLE_FMT_MAIL:
		if (sniff_looks_html(head, len))
			return ARTICLE_FMT_HTML;
		/* Whatever else an .eml holds, the mail reader copes: a
		 * missing header just leaves the whole file as body. */
		return ARTICLE_FMT_MAIL;
	case ARTICLE_FMT_UNKNOWN:
		break;
	}
	if (k == len)
		return ARTICLE_FMT_UNKNOWN;	/* empty, unknown name */
	return sniff_content(head, len);
}
