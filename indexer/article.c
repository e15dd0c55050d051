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

static int grow(void **p, size_t *cap, size_t need, size_t elem)
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
	if (grow((void **)&b->s, &b->cap, b->len + sep + len + 1, 1) ||
	    grow((void **)&b->lines, &b->linecap, b->nlines + 1,
		 sizeof *b->lines))
		return -1;
	if (sep)
		b->s[b->len++] = '\n';
	l = &b->lines[b->nlines++];
	l->off = b->len;
	l->len = len;
	l->line = line;
	l->col = col;
	if (len)
		memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
	return 0;
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
