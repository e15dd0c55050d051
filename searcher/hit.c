/*
 * hit.c - a hit's stored record (layout in indexer/record.c), and where
 * its first match is in the original file.
 *
 * The stored text keeps a [line, column] pair for each of its lines, so a
 * byte offset in the text maps back to the file as an editor opens it.
 * The first occurrence (case-insensitive, at word boundaries) of any of
 * the query's words is reported; with none, the first body line.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "searcher.h"

static const char *str_field(json_object *o, const char *k)
{
	json_object *v;
	if (!json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static bool word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/*
 * Does word w match text at i, case-insensitively, letting one hyphen or
 * space stand between two of its letters (a compound "backdoor" written
 * "back-door" or "back door")?  Returns the match's length, or 0.
 */
static size_t match_at(const char *text, size_t len, size_t i, const char *w)
{
	size_t j = 0, k = i;
	bool split = false;

	while (w[j] && k < len) {
		if (tolower((unsigned char)text[k]) == tolower((unsigned char)w[j])) {
			j++;
			k++;
		} else if (!split && j > 0 && (text[k] == '-' || text[k] == ' ')) {
			split = true;
			k++;
		} else {
			return 0;
		}
	}
	return w[j] ? 0 : k - i;
}

/* Offset of the first whole-word match of any of the words, or -1. */
static long first_match(const char *text, size_t len, const char *const *words,
			size_t nwords)
{
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && word_byte((unsigned char)text[i - 1]))
			continue;
		for (size_t w = 0; w < nwords; w++) {
			size_t n = match_at(text, len, i, words[w]);
			/* whole word, or a possessive ("Huawei's") */
			if (n && (i + n >= len || !word_byte((unsigned char)text[i + n]) ||
				  text[i + n] == '\''))
				return (long)i;
		}
	}
	return -1;
}

int hit_load(struct hit *h, const char *const *words, size_t nwords)
{
	json_object *text, *lines, *line;
	const char *t = "";
	size_t len = 0;
	long off;

	h->rec = json_tokener_parse(h->h.data);
	if (!h->rec)
		return -1;
	h->title = str_field(h->rec, "title");
	h->date = str_field(h->rec, "date");
	h->source = str_field(h->rec, "source");
	h->url = str_field(h->rec, "url");
	h->path = str_field(h->rec, "path");
	h->line = json_object_object_get_ex(h->rec, "line", &line) ? json_object_get_int(line) : 0;
	h->column = 1;
	h->match_off = -1;
	if (json_object_object_get_ex(h->rec, "text", &text)) {
		t = json_object_get_string(text);
		len = (size_t)json_object_get_string_len(text);
	}
	if (!json_object_object_get_ex(h->rec, "lines", &lines) ||
	    !json_object_is_type(lines, json_type_array))
		return 0;
	off = first_match(t, len, words, nwords);
	h->match_off = off;
	/* Walk the text's lines to the one holding off. */
	size_t start = 0, idx = 0, n = json_object_array_length(lines);
	long found_line = 0, found_col = 0;
	for (size_t i = 0; i <= len && idx < n; i++) {
		if (i < len && t[i] != '\n')
			continue;
		json_object *p = json_object_array_get_idx(lines, idx);
		long l = json_object_get_int(json_object_array_get_idx(p, 0));
		long c = json_object_get_int(json_object_array_get_idx(p, 1));
		if (off < 0 && l > 0 && i > start) {
			found_line = l;
			found_col = c;
			break;
		}
		if (off >= 0 && (size_t)off >= start && (size_t)off <= i) {
			if (l > 0) {
				found_line = l;
				found_col = c + (off - (long)start);
			}
			break;
		}
		start = i + 1;
		idx++;
	}
	if (found_line > 0) {
		h->line = found_line;
		h->column = found_col > 0 ? found_col : 1;
	}
	return 0;
}

void hit_free(struct hit *h)
{
	json_object_put(h->rec);
	free(h->snippet);
	free(h->spans);
	memset(h, 0, sizeof *h);
}
