/*
 * render_grep.c - output for editors and scripts: --vimgrep lines
 * "path:line:column:text" (Vim's quickfix %f:%l:%c:%m, Emacs grep mode),
 * -l (unique paths in rank order) and -c (the exact count, printed by
 * main.c).  The text is the hit's title, then its snippet, on one line.
 *
 * These are line-oriented, so one hit must be one line: a path holding a
 * newline ("a\nb.txt") is written as a^Jb.txt, with the same escapes as
 * text output (escape.c) for every other control character and every
 * byte that is not UTF-8, since these lines are read on terminals too.
 * Such a path no longer names its file, which only a file name with
 * those bytes loses.
 */
#include <search.h>
#include <stdlib.h>
#include <string.h>

#include "searcher.h"


void render_vimgrep(FILE *out, const struct answer *a)
{
	for (size_t i = 0; i < a->nhits; i++) {
		const struct hit *h = &a->hits[i];
		if (!h->path)
			continue;
		escape_puts(out, h->path, 0);
		fprintf(out, ":%ld:%ld:", h->line > 0 ? h->line : 1,
			h->column > 0 ? h->column : 1);
		escape_puts(out, h->title ? h->title : h->h.id, ESCAPE_ONE_LINE);
		if (h->snippet && *h->snippet) {
			fputs(" | ", out);
			escape_puts(out, h->snippet, ESCAPE_ONE_LINE);
		}
		fputc('\n', out);
	}
}

static int compare_paths(const void *a, const void *b)
{
	return strcmp(a, b);
}

int render_files(FILE *out, const struct answer *a, void **seen)
{
	for (size_t i = 0; i < a->nhits; i++) {
		const char *p = a->hits[i].path;
		char *copy;
		if (!p || tfind(p, seen, compare_paths))
			continue;
		copy = strdup(p);
		if (!copy || !tsearch(copy, seen, compare_paths)) {
			free(copy);
			return -1;
		}
		escape_puts(out, p, 0);
		fputc('\n', out);
	}
	return 0;
}
