/*
 * read_json.c - articles from JSON documents and JSON Lines.
 *
 * A record is an object with any of: id (string or number), url, title,
 * date, source, author, lang, description, text (else body), and entities
 * given either as {"org": [names], "person": [...], "place": [...]} or as
 * [{"type": "org", "name": "..."}].  Unknown fields are ignored; a title,
 * text or body of the wrong type is ignored with a warning.  A record with
 * neither text nor title is skipped with a warning.
 *
 * A .json file holds one object, an array of them, or (written by tools
 * that call it JSON) several objects one after another; JSON Lines hold
 * one object per line and a malformed line is warned about and skipped.
 *
 * Positions: json-c keeps none, so a small scanner finds the record's
 * "text" (or "body") string in the bytes and where each of its lines
 * starts (after a "\n" escape); a body line gets that line and column, or
 * the record's start when the scanner and json-c disagree.  Escapes make a
 * line differ from the file's bytes; body_mark_verbatim() finds how far.
 *
 * Relies on json-c (its tokener enforces the nesting limit and reports
 * truncation) and on utf8_sanitize(): JSON strings may hold "\u0000" or
 * invalid UTF-8, and neither may reach the index.  Pure over the buffer.
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "readers.h"

/* What one record's processing ended with, beyond emit's own value. */
enum json_outcome {
	JSON_DONE = 0,		/* emitted, or skipped with a warning */
	JSON_NOMEM = -1		/* out of memory: rc->err filled */
};

static void json_warn(const struct reader_ctx *rc, uint32_t line,
		      const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!rc->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	rc->warn(rc->ctx, line, msg);
}

static int json_fail(const struct reader_ctx *rc, const char *fmt, ...)
{
	va_list ap;

	if (rc->err && rc->errlen) {
		va_start(ap, fmt);
		vsnprintf(rc->err, rc->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* 1-based line of offset off in buf. */
static uint32_t json_line_at(const char *buf, size_t off)
{
	uint32_t line = 1;
	const char *p = buf, *end = buf + off;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

static size_t json_skip_space(const char *s, size_t len, size_t i)
{
	while (i < len && isspace((unsigned char)s[i]))
		i++;
	return i;
}


/* The string value of key, or NULL; *bad when present but not a string. */
static struct json_object *json_get_string(struct json_object *o,
					   const char *key, bool *bad)
{
	struct json_object *v;

	*bad = false;
	if (!json_object_object_get_ex(o, key, &v) || !v)
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		*bad = true;
		return NULL;
	}
	return v;
}

/* A record's own bytes: buf[from..to), buf[from] on line `line`, which
 * starts at buf[line_start]. */
struct json_src {
	const char *buf;
	size_t from, to, line_start;
	uint32_t line;
};

/* Where the file's bytes of one string value are read: at buf[i] (line
 * `line`, starting at buf[line_start]), the string closing at `quote`. */
struct json_cursor {
	const char *buf;
	size_t i, to, line_start;
	uint32_t line;
	char quote;
	bool cr;		/* the last character read was a CR */
	bool done;		/* at the closing quote (or lost) */
};

static int json_hex4(const char *p)
{
	int v = 0;

	for (int k = 0; k < 4; k++) {
		int c = (unsigned char)p[k], d = c >= '0' && c <= '9' ? c - '0' :
			(c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/*
 * Moves the cursor past the next line break that utf8_sanitize() will
 * leave in the decoded string (LF, CR LF and CR are one each, escaped
 * or not); false at the string's end.
 */
static bool json_cursor_break(struct json_cursor *c)
{
	bool broke = false;

	while (!c->done && c->i < c->to) {
		char ch = c->buf[c->i];
		int cp;
		size_t n = 1;

		/* most bytes are text: past them in a tight loop */
		if (!broke && ch != c->quote && ch != '\\' && ch != '\n' && ch != '\r') {
			const char *p = c->buf + c->i, *e = c->buf + c->to;
			while (p < e && *p != c->quote && *p != '\\' && *p != '\n' &&
			       *p != '\r')
				p++;
			c->i = (size_t)(p - c->buf);
			c->cr = false;
			continue;
		}

		if (ch == c->quote) {
			c->done = true;
			break;
		}
		if (ch == '\\') {
			if (c->i + 1 >= c->to) {
				c->done = true;
				break;
			}
			ch = c->buf[c->i + 1];
			n = 2;
			cp = ch == 'n' ? '\n' : ch == 'r' ? '\r' : 'x';
			if (ch == 'u') {
				cp = c->i + 6 <= c->to ? json_hex4(c->buf + c->i + 2) : -1;
				n = 6;
			}
		} else {
			cp = (unsigned char)ch;
		}
		bool lf = cp == '\n', cr = cp == '\r';
		/* a break is read to its end: CR LF as one */
		if (broke && !(lf && c->cr))
			return true;
		c->i += n;
		if (n == 1 && (lf || (cr && !(c->i < c->to && c->buf[c->i] == '\n')))) {
			c->line++;	/* a raw newline: json-c let it be */
			c->line_start = c->i;
		}
		if (lf || cr)
			broke = true;
		c->cr = cr;
	}
	return broke;
}

/*
 * Splits text into body lines at "\n"; blank lines become paragraph
 * breaks, which are only written once more text follows.  c, when not
 * NULL, reads the string's bytes in the file alongside: each line gets
 * the line and column where it starts there, else the record's start.
 */
static int json_add_body(struct article *a, const char *s, size_t len,
			 uint32_t line, struct json_cursor *c)
{
	size_t n, i = 0;
	bool para = false, lost = c == NULL;
	char *t;

	t = utf8_sanitize(s, len, &n, NULL);
	if (!t)
		return -1;
	while (i < n) {
		char *nl = memchr(t + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - t) : n, k = end, b = i;
		uint32_t l = line, col = 1;

		if (!lost) {
			l = c->line;
			col = (uint32_t)(c->i - c->line_start + 1);
			/* on to the next line's start */
			lost = nl && !json_cursor_break(c);
			if (lost)
				l = line, col = 1;
		}
		while (k > b && (t[k - 1] == ' ' || t[k - 1] == '\t'))
			k--;
		while (b < k && (t[b] == ' ' || t[b] == '\t'))
			b++;
		if (b == k) {
			para = true;
		} else {
			if ((para && body_end_paragraph(&a->body)) ||
			    body_add_line(&a->body, t + i, k - i, l, col)) {
				free(t);
				return -1;
			}
			para = false;
		}
		i = end + 1;
	}
	free(t);
	return 0;
}

/*
 * Finds the string value of key at the top of the object src holds,
 * the last one as json-c keeps the last: fills *c to read it.  The
 * object has been validated by json-c, so knowing strings is enough;
 * false when the scanner finds no such string.
 */
static bool json_find_string(const struct json_src *src, const char *key,
			     struct json_cursor *c)
{
	const char *buf = src->buf;
	size_t klen = strlen(key), at = 0;
	int depth = 0;
	bool want_key = false, found = false;
	char q = 0;

	for (size_t i = src->from; i < src->to; i++) {
		char ch = buf[i];

		if (ch == '"' || ch == '\'') {
			/* the closing quote: memchr, as the text is most of
			 * the record, and one after an odd run of
			 * backslashes is escaped */
			size_t j = i;
			for (;;) {
				const char *e = memchr(buf + j + 1, ch, src->to - j - 1);
				size_t k;
				if (!e)
					return false;
				j = (size_t)(e - buf);
				for (k = j; k > i + 1 && buf[k - 1] == '\\'; k--)
					;
				if ((j - k) % 2 == 0)
					break;
			}
			if (depth == 1 && want_key && j - i - 1 == klen &&
			    memcmp(buf + i + 1, key, klen) == 0) {
				size_t k = json_skip_space(buf, src->to, j + 1);
				if (k < src->to && buf[k] == ':')
					k = json_skip_space(buf, src->to, k + 1);
				if (k < src->to && (buf[k] == '"' || buf[k] == '\'')) {
					found = true;
					at = k + 1;
					q = buf[k];
				}
			}
			want_key = false;
			i = j;
		} else if (ch == '{' || ch == '[') {
			if (++depth == 1)
				want_key = ch == '{';
		} else if (ch == '}' || ch == ']') {
			if (--depth == 0)
				break;
		} else if (ch == ',' && depth == 1) {
			want_key = true;
		}
	}
	if (!found)
		return false;
	memset(c, 0, sizeof *c);
	c->buf = buf;
	c->to = src->to;
	c->quote = q;
	c->i = at;
	c->line = src->line;
	c->line_start = src->line_start;
	for (size_t i = src->from; i < at; i++)
		if (buf[i] == '\n') {
			c->line++;
			c->line_start = i + 1;
		}
	return true;
}

/* Maps the spellings feeds use for entity types onto ours, or NULL. */
static const char *json_entity_type(const char *t)
{
	static const struct {
		const char *alias, *type;
	} map[] = {
		{ "org", "org" }, { "orgs", "org" },
		{ "organization", "org" }, { "organizations", "org" },
		{ "organisation", "org" }, { "organisations", "org" },
		{ "person", "person" }, { "persons", "person" },
		{ "people", "person" }, { "per", "person" },
		{ "place", "place" }, { "places", "place" },
		{ "location", "place" }, { "locations", "place" },
		{ "loc", "place" }, { "gpe", "place" },
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcasecmp(t, map[i].alias) == 0)
			return map[i].type;
	return NULL;
}

static int json_add_entity(struct article *a, const char *type,
			   struct json_object *name)
{
	char *n = NULL;
	int ret = 0;

	if (!type || !json_object_is_type(name, json_type_string))
		return 0;
	if (article_set_meta(&n, json_object_get_string(name),
			  (size_t)json_object_get_string_len(name)))
		return -1;
	if (n)
		ret = article_add_entity(a, type, n);
	free(n);
	return ret;
}

static int json_add_entities(struct article *a, struct json_object *ents)
{
	size_t i, n;

	if (json_object_is_type(ents, json_type_object)) {
		json_object_object_foreach(ents, key, val) {
			const char *type = json_entity_type(key);

			if (!type || !val)
				continue;
			if (!json_object_is_type(val, json_type_array)) {
				if (json_add_entity(a, type, val))
					return -1;
				continue;
			}
			n = json_object_array_length(val);
			for (i = 0; i < n; i++)
				if (json_add_entity(a, type,
					json_object_array_get_idx(val, i)))
					return -1;
		}
	} else if (json_object_is_type(ents, json_type_array)) {
		n = json_object_array_length(ents);
		for (i = 0; i < n; i++) {
			struct json_object *e = json_object_array_get_idx(ents,
									  i);
			struct json_object *t, *nm;

			if (!json_object_is_type(e, json_type_object) ||
			    !json_object_object_get_ex(e, "type", &t) ||
			    !json_object_is_type(t, json_type_string) ||
			    !json_object_object_get_ex(e, "name", &nm))
				continue;
			if (json_add_entity(a,
				json_entity_type(json_object_get_string(t)), nm))
				return -1;
		}
	}
	return 0;
}

/* Fills the simple string fields that need no warning when mistyped. */
static int json_fill_meta(struct article *a, struct json_object *o)
{
	static const struct {
		const char *key;
		size_t off;
	} fields[] = {
		{ "url", offsetof(struct article, url) },
		{ "date", offsetof(struct article, date) },
		{ "source", offsetof(struct article, source) },
		{ "author", offsetof(struct article, author) },
		{ "lang", offsetof(struct article, lang) },
		{ "description", offsetof(struct article, description) },
	};
	struct json_object *v;
	size_t i;
	bool bad;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		char **f = (char **)((char *)a + fields[i].off);

		v = json_get_string(o, fields[i].key, &bad);
		if (v && article_set_meta(f, json_object_get_string(v),
				(size_t)json_object_get_string_len(v)))
			return -1;
	}
	/* Numeric ids are common in exports; keep their JSON spelling. */
	if (json_object_object_get_ex(o, "id", &v) && v &&
	    (json_object_is_type(v, json_type_string) ||
	     json_object_is_type(v, json_type_int) ||
	     json_object_is_type(v, json_type_double))) {
		const char *s = json_object_get_string(v);
		size_t n = json_object_is_type(v, json_type_string)
			   ? (size_t)json_object_get_string_len(v) : strlen(s);

		if (article_set_meta(&a->id, s, n))
			return -1;
	}
	return 0;
}

/*
 * One record.  Returns JSON_DONE, JSON_NOMEM, or emit's non-zero value.
 */
static int json_record(struct json_object *o, const struct json_src *src,
		       uint32_t record, enum article_format fmt,
		       const struct reader_ctx *rc)
{
	struct article a;
	struct json_object *title, *text, *ents;
	struct json_cursor cur;
	const char *key = "text";
	uint32_t line = src->line;
	bool bad;
	int ret;

	memset(&a, 0, sizeof a);
	a.format = fmt;
	a.record = record;
	a.first_line = line;

	title = json_get_string(o, "title", &bad);
	if (bad)
		json_warn(rc, line, "record %u: \"title\" is not a string",
			  record);
	text = json_get_string(o, "text", &bad);
	if (bad)
		json_warn(rc, line, "record %u: \"text\" is not a string",
			  record);
	if (!text) {
		key = "body";
		text = json_get_string(o, "body", &bad);
		if (bad)
			json_warn(rc, line,
				  "record %u: \"body\" is not a string",
				  record);
	}
	if ((title && article_set_meta(&a.title, json_object_get_string(title),
			(size_t)json_object_get_string_len(title))) ||
	    (text && json_add_body(&a, json_object_get_string(text),
			(size_t)json_object_get_string_len(text), line,
			json_find_string(src, key, &cur) ? &cur : NULL)) ||
	    json_fill_meta(&a, o))
		goto nomem;
	if (!a.title && a.body.nlines == 0) {
		json_warn(rc, line, "record %u has no text", record);
		article_clear(&a);
		return JSON_DONE;
	}
	if (json_object_object_get_ex(o, "entities", &ents) && ents &&
	    json_add_entities(&a, ents))
		goto nomem;
	ret = rc->emit(rc->ctx, &a);
	article_clear(&a);
	return ret;
nomem:
	article_clear(&a);
	return json_fail(rc, "out of memory");
}

/* A parsed value at the top of a document or in a top-level array. */
static int json_value(struct json_object *v, const struct json_src *src,
		      uint32_t record, enum article_format fmt,
		      const struct reader_ctx *rc)
{
	if (json_object_is_type(v, json_type_object))
		return json_record(v, src, record, fmt, rc);
	json_warn(rc, src->line, "record %u is not a JSON object", record);
	return JSON_DONE;
}

/* The record at buf[from..to), its line counted on from *at (the line
 * *at_line starts at buf[*at], at or before from): records come in
 * order, so counting is linear over a file. */
static struct json_src json_src_at(const char *buf, size_t from, size_t to,
				   uint32_t *at_line, size_t *at)
{
	struct json_src s = { buf, from, to, *at, *at_line };
	const char *p = buf + *at, *nl;

	while ((nl = memchr(p, '\n', (size_t)(buf + from - p))) != NULL) {
		s.line++;
		p = nl + 1;
		s.line_start = (size_t)(p - buf);
	}
	*at_line = s.line;
	*at = s.line_start;
	return s;
}

/*
 * Where each element of the top-level array at buf[open] ('[') starts:
 * fills starts[0..n) with offsets.  The document has been validated by
 * json-c, so a small scanner that knows strings (json-c also accepts
 * single quotes) is enough; it returns false when it disagrees with json-c
 * (comments, say), and the caller falls back to the array's own line.
 */
static bool json_element_starts(const char *buf, size_t len, size_t open,
				size_t *starts, size_t n)
{
	size_t i, k = 0;
	int depth = 0;
	char quote = 0;
	bool want = false;

	for (i = open; i < len; i++) {
		char c = buf[i];

		if (quote) {
			if (c == '\\')
				i++;	/* an escaped quote or backslash */
			else if (c == quote)
				quote = 0;
			continue;
		}
		if (isspace((unsigned char)c))
			continue;
		if (want && depth == 1 && c != ']') {
			if (k == n)
				return false;
			starts[k++] = i;
			want = false;
		}
		if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '[' || c == '{') {
			depth++;
			if (depth == 1)
				want = true;
		} else if (c == ']' || c == '}') {
			if (--depth == 0)
				break;
		} else if (c == ',' && depth == 1) {
			want = true;
		}
	}
	return k == n;
}

static int json_array(struct json_object *arr, const char *buf, size_t len,
		      size_t open, const struct reader_ctx *rc)
{
	size_t n = json_object_array_length(arr), i, *starts = NULL;
	size_t at = utf8_bom_len(buf, len);	/* where line 1 starts in an editor */
	uint32_t at_line = 1;
	struct json_src whole = json_src_at(buf, open, len, &at_line, &at);
	bool placed;
	int ret = 0;

	if (n > UINT32_MAX)
		return json_fail(rc, "too many records");
	if (n) {
		starts = calloc(n, sizeof *starts);
		if (!starts)
			return json_fail(rc, "out of memory");
	}
	/* else every element is at the array's start, where no key is
	 * found: the array's line, column 1 */
	placed = n && json_element_starts(buf, len, open, starts, n);
	for (i = 0; i < n && ret == 0; i++) {
		struct json_src src = placed ?
			json_src_at(buf, starts[i], i + 1 < n ? starts[i + 1] : len,
				    &at_line, &at) : whole;
		ret = json_value(json_object_array_get_idx(arr, i), &src,
				 (uint32_t)(i + 1), ARTICLE_FMT_JSON, rc);
	}
	free(starts);
	return ret;
}

/* The tokener's complaint in words, for a document that did not parse. */
static int json_parse_error(const struct reader_ctx *rc, const char *what,
			    struct json_tokener *tok, const char *buf,
			    size_t base, size_t len)
{
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	size_t end = base + json_tokener_get_parse_end(tok);

	if (end > len)
		end = len;
	if (jerr == json_tokener_continue || jerr == json_tokener_success)
		return json_fail(rc, "truncated %s (unexpected end of input)",
				 what);
	return json_fail(rc, "malformed %s at line %u: %s", what,
			 json_line_at(buf, end), json_tokener_error_desc(jerr));
}

/*
 * Parses one value at buf[off..len).  Returns it (caller puts it) with
 * *end just after it, or NULL with rc->err filled.
 */
static struct json_object *json_parse_at(struct json_tokener *tok,
					 const char *buf, size_t len,
					 size_t off, size_t *end,
					 const struct reader_ctx *rc)
{
	struct json_object *v;

	json_tokener_reset(tok);
	v = json_tokener_parse_ex(tok, buf + off, (int)(len - off));
	if (v && json_tokener_get_error(tok) == json_tokener_success) {
		*end = off + json_tokener_get_parse_end(tok);
		if (*end > len)
			*end = len;
		return v;
	}
	json_object_put(v);
	if (json_tokener_get_error(tok) == json_tokener_continue) {
		/* A bare number or literal at the very end needs a final
		 * NUL to finish: json-c waits for a delimiter.  Anything
		 * else that wants more input is truncated. */
		v = json_tokener_parse_ex(tok, "", 1);
		if (v && json_tokener_get_error(tok) == json_tokener_success) {
			*end = len;
			return v;
		}
		json_object_put(v);
		json_fail(rc, "truncated JSON (unexpected end of input)");
		return NULL;
	}
	json_parse_error(rc, "JSON", tok, buf, off, len);
	return NULL;
	return v;
}

int read_json(const char *buf, size_t len, const struct reader_ctx *rc)
{
	struct json_tokener *tok;
	struct json_object *v;
	size_t off, end;
	uint32_t record = 0;
	int ret = 0;

	if (len >= INT_MAX)
		return json_fail(rc, "document too large");
	off = json_skip_space(buf, len, utf8_bom_len(buf, len));
	if (off == len)
		return json_fail(rc, "empty JSON document");
	tok = json_tokener_new();
	if (!tok)
		return json_fail(rc, "out of memory");
	v = json_parse_at(tok, buf, len, off, &end, rc);
	if (!v) {
		json_tokener_free(tok);
		return -1;
	}
	end = json_skip_space(buf, len, end);
	if (end < len && !(json_object_is_type(v, json_type_object) &&
			   buf[end] == '{')) {
		json_object_put(v);
		json_tokener_free(tok);
		return json_fail(rc, "trailing garbage after JSON at line %u",
				 json_line_at(buf, end));
	}
	if (end == len && json_object_is_type(v, json_type_array)) {
		ret = json_array(v, buf, len, off, rc);
	} else if (json_object_is_type(v, json_type_object)) {
		/* One object, or objects one after another (JSON Lines or
		 * pretty-printed dumps saved as .json). */
		size_t at = utf8_bom_len(buf, len);
		uint32_t at_line = 1;
		for (;;) {
			struct json_src src = json_src_at(buf, off, end, &at_line, &at);
			ret = json_record(v, &src, ++record, ARTICLE_FMT_JSON, rc);
			json_object_put(v);
			v = NULL;
			if (ret || end == len)
				break;
			off = end;
			v = json_parse_at(tok, buf, len, off, &end, rc);
			if (!v) {
				ret = -1;
				break;
			}
			end = json_skip_space(buf, len, end);
		}
	} else {
		ret = json_fail(rc, "JSON document is not an object or an "
			       "array of objects");
	}
	json_object_put(v);
	json_tokener_free(tok);
	return ret;
}

/*
 * One JSON Lines line; *malformed tells a warned, skipped line from a
 * stop (out of memory, or emit's non-zero value).
 */
static int json_line(struct json_tokener *tok, const char *line, size_t len,
		     uint32_t lineno, uint32_t record,
		     const struct reader_ctx *rc, bool *malformed)
{
	struct json_object *v;
	size_t bom = utf8_bom_len(line, len), off, end;
	char msg[200];
	struct reader_ctx quiet = *rc;
	int ret;

	*malformed = false;
	off = json_skip_space(line, len, bom);
	if (off == len)
		return 0;
	if (len >= INT_MAX) {
		json_warn(rc, lineno, "line too long");
		*malformed = true;
		return 0;
	}
	/* Parse errors become warnings with the line, not fatal errors. */
	quiet.err = msg;
	quiet.errlen = sizeof msg;
	msg[0] = '\0';
	v = json_parse_at(tok, line, len, off, &end, &quiet);
	if (!v) {
		json_warn(rc, lineno, "%s", msg);
		*malformed = true;
		return 0;
	}
	if (json_skip_space(line, len, end) < len) {
		json_warn(rc, lineno, "trailing garbage after JSON object");
		json_object_put(v);
		*malformed = true;
		return 0;
	}
	if (!json_object_is_type(v, json_type_object)) {
		json_warn(rc, lineno, "record %u is not a JSON object",
			  record);
		json_object_put(v);
		*malformed = true;
		return 0;
	}
	{
		/* a BOM further on is a character of its line */
		struct json_src src = { line, off, end, lineno == 1 ? bom : 0, lineno };
		ret = json_record(v, &src, record, ARTICLE_FMT_JSONL, rc);
	}
	json_object_put(v);
	return ret;
}

int read_jsonl_line(const char *line, size_t len, uint32_t lineno,
		    uint32_t record, const struct reader_ctx *rc)
{
	struct json_tokener *tok = json_tokener_new();
	bool malformed;
	int ret;

	if (!tok)
		return json_fail(rc, "out of memory");
	ret = json_line(tok, line, len, lineno, record, rc, &malformed);
	json_tokener_free(tok);
	return malformed ? -1 : ret;
}

/* Where the line at i of buf[0..len) ends, and in *next where the next
 * one starts: at LF, CR LF, or a CR alone (old Mac files; JSON has no raw
 * CR inside a string, so one between records ends a line). */
static size_t jsonl_line_end(const char *buf, size_t i, size_t len, size_t *next)
{
	size_t e = i;

	while (e < len && buf[e] != '\n' && buf[e] != '\r')
		e++;
	*next = e + (e + 1 < len && buf[e] == '\r' && buf[e + 1] == '\n' ? 2 : 1);
	return e;
}

int read_jsonl(const char *buf, size_t len, const struct reader_ctx *rc)
{
	struct json_tokener *tok = json_tokener_new();
	uint32_t lineno = 0, record = 0;
	size_t i = 0;
	bool malformed;
	int ret = 0;

	if (!tok)
		return json_fail(rc, "out of memory");
	while (i < len && ret == 0) {
		size_t next, end = jsonl_line_end(buf, i, len, &next), n = end - i;

		lineno++;
		/* Record numbers count every non-blank line, parsed or
		 * not, so "#N" ids stay put when a bad line is fixed. */
		if (json_skip_space(buf + i, n, 0) < n)
			ret = json_line(tok, buf + i, n, lineno, ++record, rc,
					&malformed);
		i = next;
	}
	json_tokener_free(tok);
	return ret;
}
