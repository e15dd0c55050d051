/*
 * request.c - one --stdio line into a query and its options: the line is
 * a plain query, or a JSON object (layout in the README):
 *
 *   {"query": "huawei", "limit": 10, "offset": 0, "sort": "-date",
 *    "facets": true, "any": false, "snippets": true, "like": "ID"}
 *
 * Every member is optional but "query" (or "like"); a member of the wrong
 * type or out of range, a string holding a NUL or a lone surrogate, one
 * given twice, or one this version does not know, is an error that names
 * it: a typo ("limt") must not pass for the default, nor "a\u0000b" for
 * "a".
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "searcher.h"

int request_sort(const char *s, enum shim_sort *out)
{
	if (strcmp(s, "relevance") == 0)
		*out = SHIM_SORT_RELEVANCE;
	else if (strcmp(s, "date") == 0)
		*out = SHIM_SORT_DATE;
	else if (strcmp(s, "-date") == 0)
		*out = SHIM_SORT_DATE_DESC;
	else
		return -1;
	return 0;
}

/* v as an integer from 0 to max into *out: 0, or -1. */
static int count_of(json_object *v, size_t max, size_t *out)
{
	int64_t n;

	if (!json_object_is_type(v, json_type_int))
		return -1;
	errno = 0;
	n = json_object_get_int64(v);
	if (errno || n < 0 || (uint64_t)n > max)
		return -1;
	*out = (size_t)n;
	return 0;
}

/*
 * v as a string into *out: 0; -1 when it is not a string; -2 when it holds
 * a NUL ("a\u0000b").  Everything after json-c reads strings up to their
 * first NUL, so such a string would be taken for its first part.
 */
static int string_of(json_object *v, const char **out)
{
	const char *s;

	if (!json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	if (strlen(s) != (size_t)json_object_get_string_len(v))
		return -2;
	*out = s;
	return 0;
}

static int flag_of(json_object *v, bool *out)
{
	if (!json_object_is_type(v, json_type_boolean))
		return -1;
	*out = json_object_get_boolean(v);
	return 0;
}

/* The 4 hex digits at p as a number (the JSON parser checked them). */
static unsigned hex4(const char *p)
{
	unsigned v = 0;

	for (int k = 0; k < 4; k++)
		v = v * 16 + (unsigned)(p[k] <= '9' ? p[k] - '0' : (p[k] | 0x20) - 'a' + 10);
	return v;
}

/* Is p a \uDC00..\uDFFF escape, the second half of a surrogate pair? */
static bool low_surrogate_at(const char *p)
{
	unsigned v;

	if (p[0] != '\\' || p[1] != 'u')
		return false;
	v = hex4(p + 2);
	return v >= 0xDC00 && v <= 0xDFFF;
}

/*
 * What json-c lets through in silence, read from the text of line, an
 * object it parsed: a member given twice (it keeps the last, so
 * {"limit": 5, "limit": 500} would be 500 and no error), and a lone
 * surrogate escape (\ud800 alone, which it makes U+FFFD, a query of
 * another text).  0, or -1 with msg naming the member.
 */
static int request_scan(const char *line, size_t len, char *msg, size_t msglen)
{
	static const char *const known[] = { "query", "limit", "offset", "sort",
		"facets", "any", "snippets", "like" };
	unsigned seen = 0;
	int depth = 0;
	bool want_key = false;
	const char *key = NULL;	/* the name of the member being read, as typed */
	int keylen = 0;
	size_t i = 0;

	while (i < len) {
		char c = line[i];

		if (c == '{' || c == '[') {
			depth++;
			want_key = c == '{' && depth == 1;
			i++;
		} else if (c == '}' || c == ']') {
			depth--;
			i++;
		} else if (c == ',') {
			want_key = depth == 1;
			i++;
		} else if (c == '"') {
			size_t start = ++i;
			bool escapes = false;

			for (; i < len && line[i] != '"'; i++) {
				if (line[i] != '\\')
					continue;
				escapes = true;
				i++;
				if (line[i] != 'u')
					continue;
				unsigned v = hex4(line + i + 1);
				if (v >= 0xD800 && v <= 0xDBFF && low_surrogate_at(line + i + 5)) {
					i += 10;
				} else if (v >= 0xD800 && v <= 0xDFFF) {
					if (want_key)
						snprintf(msg, msglen, "a member name holds a lone "
							 "surrogate (\\u%04x)", v);
					else
						snprintf(msg, msglen, "\"%.*s\" holds a lone surrogate "
							 "(\\u%04x), which is no character",
							 keylen, key, v);
					return -1;
				} else {
					i += 4;
				}
			}
			if (want_key) {
				/* a name spelt with escapes (\u0071uery) is not
				 * compared: json-c has it under its own name,
				 * and such a name is rare enough */
				key = line + start;
				keylen = i - start < 64 ? (int)(i - start) : 64;
				for (size_t k = 0; !escapes && k < sizeof known / sizeof *known; k++) {
					if (strlen(known[k]) != i - start ||
					    memcmp(known[k], line + start, i - start) != 0)
						continue;
					if (seen & (1u << k)) {
						snprintf(msg, msglen, "\"%s\" is given twice", known[k]);
						return -1;
					}
					seen |= 1u << k;
				}
				want_key = false;
			}
			i++;
		} else {
			i++;
		}
	}
	return 0;
}

int request_parse(const char *line, const struct search_opts *defaults,
		  struct request *req, char *msg, size_t msglen)
{
	struct json_tokener *tok;
	bool snippets;

	memset(req, 0, sizeof *req);
	req->opts = *defaults;
	req->query = line;
	/* " {...}" is an object too, as JSON allows blanks before it: taken
	 * for a plain query, its text found nothing */
	line += strspn(line, " \t");
	if (line[0] != '{')
		return 0;
	tok = json_tokener_new();
	if (!tok) {
		snprintf(msg, msglen, "out of memory");
		return -1;
	}
	size_t len = strlen(line), end = 0;
	enum json_tokener_error e = json_tokener_error_size;

	/* strict: JSON as RFC 8259 has it, no comments or single quotes */
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	if (len < INT32_MAX) {
		req->obj = json_tokener_parse_ex(tok, line, (int)len);
		e = json_tokener_get_error(tok);
		end = json_tokener_get_parse_end(tok);
	}
	json_tokener_free(tok);
	while (e == json_tokener_success && end < len && strchr(" \t\r", line[end]))
		end++;
	if (e != json_tokener_success || end < len) {
		snprintf(msg, msglen, "not a JSON object: %s",
			 e == json_tokener_continue ? "the line ends inside it"
			 : e != json_tokener_success ? json_tokener_error_desc(e)
						     : "text after the object");
		return -1;
	}
	if (!json_object_is_type(req->obj, json_type_object)) {
		snprintf(msg, msglen, "not a JSON object");
		return -1;
	}
	if (request_scan(line, len, msg, msglen) != 0)
		return -1;
	req->query = NULL;
	json_object_object_foreach(req->obj, key, v) {
		struct search_opts *o = &req->opts;
		const char *bad = NULL, *str = NULL;
		int sv = string_of(v, &str);

		if (sv == -2) {
			snprintf(msg, msglen, "\"%.64s\" holds a NUL character (\\u0000)", key);
			return -1;
		}
		if (strcmp(key, "query") == 0) {
			if (sv == 0)
				req->query = str;
			else
				bad = "a string";
		} else if (strcmp(key, "limit") == 0) {
			if (count_of(v, SEARCH_LIMIT_MAX, &o->limit) != 0)
				bad = "an integer from 0 to " SEARCH_STR(SEARCH_LIMIT_MAX);
		} else if (strcmp(key, "offset") == 0) {
			if (count_of(v, SEARCH_OFFSET_MAX, &o->offset) != 0)
				bad = "an integer from 0 to " SEARCH_STR(SEARCH_OFFSET_MAX);
		} else if (strcmp(key, "sort") == 0) {
			if (sv != 0 || request_sort(str, &o->sort) != 0)
				bad = "\"relevance\", \"date\" or \"-date\"";
		} else if (strcmp(key, "facets") == 0) {
			if (flag_of(v, &o->facets) != 0)
				bad = "true or false";
		} else if (strcmp(key, "any") == 0) {
			if (flag_of(v, &o->any) != 0)
				bad = "true or false";
		} else if (strcmp(key, "snippets") == 0) {
			if (flag_of(v, &snippets) != 0)
				bad = "true or false";
			else
				o->no_text = !snippets;
		} else if (strcmp(key, "like") == 0) {
			if (sv == 0 && *str)
				o->like_id = str;
			else
				bad = "an article id";
		} else {
			snprintf(msg, msglen, "unknown member \"%.64s\" (known: query, limit, "
				 "offset, sort, facets, any, snippets, like)", key);
			return -1;
		}
		if (bad) {
			snprintf(msg, msglen, "\"%s\" must be %s", key, bad);
			return -1;
		}
	}
	if (!req->query && !req->opts.like_id) {
		snprintf(msg, msglen, "no \"query\" (or \"like\") to answer");
		return -1;
	}
	if (!req->query)
		req->query = "";
	return 0;
}

void request_free(struct request *req)
{
	json_object_put(req->obj);
	memset(req, 0, sizeof *req);
}
