/*
 * article.c - the article record and its line-mapped body.
 *
 * Small growable buffers; every allocation is checked and a failure leaves
 * the structure as it was, so a reader can report "out of memory" and stop.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "readers.h"

int array_grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			return -1;
		n *= 2;
	}
	q = realloc(*p, n * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

int body_add_line(struct body *b, const char *s, size_t len,
		  uint32_t line, uint32_t col)
{
	size_t sep = b->nlines ? 1 : 0;
	struct body_line *l;

	if (len > SIZE_MAX - b->len - 2)
		return -1;
	if (array_grow((void **)&b->s, &b->cap, b->len + sep + len + 1, 1) ||
	    array_grow((void **)&b->lines, &b->linecap, b->nlines + 1,
		 sizeof *b->lines))
		return -1;
	if (sep)
		b->s[b->len++] = '\n';
	l = &b->lines[b->nlines++];
	l->off = b->len;
	l->len = len;
	l->line = line;
	l->col = col;
	l->verbatim = 0;
	if (len)
		memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
	return 0;
}

/* Where file line `line` starts in src, moving *at (the start of line
 * *at_line) forward or back; false when src has no such line. */
static bool seek_line(const char *src, size_t len, uint32_t line,
		      uint32_t *at_line, size_t *at)
{
	while (*at_line < line) {
		const char *nl = memchr(src + *at, '\n', len - *at);
		if (!nl)
			return false;
		*at = (size_t)(nl - src) + 1;
		++*at_line;
	}
	while (*at_line > line) {
		/* readers go forward; cleaners rarely send a line back */
		size_t i = *at - 1;
		while (i > 0 && src[i - 1] != '\n')
			i--;
		*at = i;
		--*at_line;
	}
	return true;
}

void body_mark_verbatim(struct body *b, const char *src, size_t len,
			uint32_t first_line)
{
	uint32_t at_line = first_line, prev_line = 0, prev_col = 0;
	size_t at = 0;

	for (size_t i = 0; i < b->nlines; i++) {
		struct body_line *l = &b->lines[i];
		const char *t = b->s + l->off;

		l->verbatim = 0;
		if (l->len == 0 || l->line < first_line || l->col == 0)
			continue;
		if (l->line == prev_line && l->col == prev_col)
			continue;
		prev_line = l->line;
		prev_col = l->col;
		if (!seek_line(src, len, l->line, &at_line, &at))
			continue;
		const char *nl = memchr(src + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - src) : len, from = at + l->col - 1;
		if (l->col - 1 > end - at)
			continue;
		size_t n = end - from < l->len ? end - from : l->len;
		/* most lines are copies: memcmp first, then find where not */
		if (n == l->len && memcmp(t, src + from, n) == 0) {
			l->verbatim = n;
			continue;
		}
		size_t k = 0;
		while (k < n && t[k] == src[from + k])
			k++;
		l->verbatim = k;
	}
}

int body_end_paragraph(struct body *b)
{
	if (b->nlines == 0 || b->lines[b->nlines - 1].len == 0)
		return 0;
	return body_add_line(b, "", 0, 0, 0);
}

void body_free(struct body *b)
{
	free(b->s);
	free(b->lines);
	memset(b, 0, sizeof *b);
}

int article_set(char **field, const char *s, size_t len)
{
	char *c = malloc(len + 1);

	if (!c)
		return -1;
	memcpy(c, s, len);
	c[len] = '\0';
	free(*field);
	*field = c;
	return 0;
}

int article_set_meta(char **field, const char *s, size_t len)
{
	size_t n, i, o = 0;
	char *t = utf8_sanitize(s, len, &n, NULL);
	int ret;

	if (!t)
		return -1;
	for (i = 0; i < n; i++) {
		if (isspace((unsigned char)t[i])) {
			if (o > 0 && t[o - 1] != ' ')
				t[o++] = ' ';
		} else {
			t[o++] = t[i];
		}
	}
	while (o > 0 && t[o - 1] == ' ')
		o--;
	ret = o ? article_set(field, t, o) : 0;
	free(t);
	return ret;
}

int article_add_entity(struct article *a, const char *type, const char *name)
{
	struct given_entity *e;
	char *t, *n;

	e = realloc(a->entities, (a->nentities + 1) * sizeof *e);
	if (!e)
		return -1;
	a->entities = e;
	t = strdup(type);
	n = strdup(name);
	if (!t || !n) {
		free(t);
		free(n);
		return -1;
	}
	e[a->nentities].type = t;
	e[a->nentities].name = n;
	a->nentities++;
	return 0;
}

void article_clear(struct article *a)
{
	size_t i;

	free(a->id);
	free(a->url);
	free(a->title);
	free(a->date);
	free(a->source);
	free(a->author);
	free(a->lang);
	free(a->description);
	body_free(&a->body);
	for (i = 0; i < a->nentities; i++) {
		free(a->entities[i].type);
		free(a->entities[i].name);
	}
	free(a->entities);
	memset(a, 0, sizeof *a);
}
