/*
 * walk.c - from the paths on the command line to a sorted list of files.
 *
 * Directories are walked recursively in name order, so runs are
 * reproducible; entries starting with '.' are skipped; a directory reached
 * again through a symlink (a loop, or a second route to the same place) is
 * reported once and not walked twice; a dossier index (the one being
 * written, kept inside the tree) is not walked at all.  Each file is identified by its real
 * path, which is what the index remembers it by.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "indexer.h"

struct dir_id {
	dev_t dev;
	ino_t ino;
};

struct walk {
	struct walk_list *list;
	struct indexer *ix;
	walk_skip_fn skip;
	const char *root;		/* the argument, for labels */
	struct dir_id *seen;
	size_t nseen, seencap;
};

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_file(struct walk *wk, const char *path, const struct stat *st)
{
	struct walk_file *f;
	char *real;

	if (wk->list->n == wk->list->cap) {
		size_t cap = wk->list->cap ? wk->list->cap * 2 : 64;
		struct walk_file *v = realloc(wk->list->v, cap * sizeof *v);
		if (!v)
			return -1;
		wk->list->v = v;
		wk->list->cap = cap;
	}
	real = realpath(path, NULL);
	f = &wk->list->v[wk->list->n];
	memset(f, 0, sizeof *f);
	f->path = strdup(path);
	f->key = real ? real : strdup(path);
	if (strcmp(path, wk->root) == 0) {
		const char *slash = strrchr(path, '/');
		f->label = strdup(slash && slash[1] ? slash + 1 : path);
	} else {
		size_t rl = strlen(wk->root);
		const char *rest = path + rl;
		while (*rest == '/')
			rest++;
		f->label = strdup(rest);
	}
	if (!f->path || !f->key || !f->label) {
		free(f->path);
		free(f->key);
		free(f->label);
		return -1;
	}
	f->size = (uint64_t)st->st_size;
	snprintf(f->signature, sizeof f->signature, "%llu:%lld.%09ld",
		 (unsigned long long)st->st_size, (long long)st->st_mtim.tv_sec,
		 (long)st->st_mtim.tv_nsec);
	wk->list->n++;
	return 0;
}

/* Remembers a directory; 1 if it was already walked. -1 out of memory. */
static int seen_dir(struct walk *wk, const struct stat *st)
{
	for (size_t i = 0; i < wk->nseen; i++)
		if (wk->seen[i].dev == st->st_dev && wk->seen[i].ino == st->st_ino)
			return 1;
	if (wk->nseen == wk->seencap) {
		size_t cap = wk->seencap ? wk->seencap * 2 : 32;
		struct dir_id *v = realloc(wk->seen, cap * sizeof *v);
		if (!v)
			return -1;
		wk->seen = v;
		wk->seencap = cap;
	}
	wk->seen[wk->nseen].dev = st->st_dev;
	wk->seen[wk->nseen].ino = st->st_ino;
	wk->nseen++;
	return 0;
}

static int walk_path(struct walk *wk, const char *path, int depth)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (stat(path, &st) != 0) {
		wk->skip(wk->ix, path, errno == ELOOP ? SKIP_SYMLINK_LOOP
						      : SKIP_UNREADABLE,
			 strerror(errno));
		return 0;
	}
	if (S_ISREG(st.st_mode))
		return add_file(wk, path, &st);
	if (!S_ISDIR(st.st_mode)) {
		wk->skip(wk->ix, path, SKIP_UNREADABLE, "not a regular file");
		return 0;
	}
	switch (seen_dir(wk, &st)) {
	case 1:
		wk->skip(wk->ix, path, SKIP_SYMLINK_LOOP,
			 "directory already walked (symlink loop?)");
		return 0;
	case -1:
		return -1;
	}
	/* the index's own files, when it sits inside the tree: not
	 * articles, and a dozen "binary" skips */
	if (shim_is_index(path))
		return 0;
	if (depth > 64) {
		wk->skip(wk->ix, path, SKIP_SYMLINK_LOOP, "directories nested too deeply");
		return 0;
	}
	d = opendir(path);
	if (!d) {
		wk->skip(wk->ix, path, SKIP_UNREADABLE, strerror(errno));
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t c = cap ? cap * 2 : 32;
			char **v = realloc(names, c * sizeof *v);
			if (!v) {
				rc = -1;
				break;
			}
			names = v;
			cap = c;
		}
		names[n] = strdup(e->d_name);
		if (!names[n]) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(d);
	/* an empty directory has no names array: qsort() must not see NULL */
	if (rc == 0 && n > 1)
		qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0) {
			size_t len = strlen(path) + strlen(names[i]) + 2;
			char *child = malloc(len);
			if (!child) {
				rc = -1;
			} else {
				snprintf(child, len, "%s%s%s", path,
					 path[strlen(path) - 1] == '/' ? "" : "/",
					 names[i]);
				rc = walk_path(wk, child, depth + 1);
				free(child);
			}
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int walk_add(struct walk_list *list, const char *path, struct indexer *ix,
	     walk_skip_fn skip)
{
	struct walk wk = { list, ix, skip, path, NULL, 0, 0 };
	int rc = walk_path(&wk, path, 0);
	free(wk.seen);
	return rc;
}

void walk_free(struct walk_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		free(list->v[i].path);
		free(list->v[i].key);
		free(list->v[i].label);
	}
	free(list->v);
	memset(list, 0, sizeof *list);
}
