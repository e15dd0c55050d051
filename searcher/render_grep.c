/*
 * render_grep.c - output for editors and scripts: --vimgrep lines
 * "path:line:column:text" (Vim's quickfix %f:%l:%c:%m, Emacs grep mode),
 * -l (unique paths in rank order) and -c (the exact count, printed by
 * main.c).  The text is the hit's title, then its snippet, on one line.
 */
#include <string.h>

#include "searcher.h"

static void one_line(FILE *out, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s, out);
}

void render_vimgrep(FILE *out, const struct answer *a)
{
	for (size_t i = 0; i < a->nhits; i++) {
		const struct hit *h = &a->hits[i];
		if (!h->path)
			continue;
		fprintf(out, "%s:%ld:%ld:", h->path, h->line > 0 ? h->line : 1,
			h->column > 0 ? h->column : 1);
		one_line(out, h->title ? h->title : h->h.id);
		if (h->snippet && *h->snippet) {
			fputs(" | ", out);
			one_line(out, h->snippet);
		}
		fputc('\n', out);
	}
}

void render_files(FILE *out, const struct answer *a)
{
	for (size_t i = 0; i < a->nhits; i++) {
		const char *p = a->hits[i].path;
		bool dup = false;
		if (!p)
			continue;
		for (size_t j = 0; j < i && !dup; j++)
			dup = a->hits[j].path && strcmp(a->hits[j].path, p) == 0;
		if (!dup)
			fprintf(out, "%s\n", p);
	}
}
