/*
 * progress.c - one status line on a terminal while indexing: files,
 * documents, MB/s and the time left when the total size is known.
 * Redrawn at most ten times a second; nothing at all when not a TTY (the
 * caller passes NULL then).
 */
#include <stdlib.h>
#include <time.h>

#include "indexer.h"

struct progress {
	FILE *tty;
	uint64_t total;
	size_t files;
	double start, last;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct progress *progress_new(FILE *tty, uint64_t total_bytes, size_t files)
{
	struct progress *p;

	if (!tty)
		return NULL;
	p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->tty = tty;
	p->total = total_bytes;
	p->files = files;
	p->start = p->last = now();
	return p;
}

void progress_update(struct progress *p, uint64_t bytes, size_t files,
		     uint64_t docs)
{
	double t, mbs;

	if (!p)
		return;
	t = now();
	if (t - p->last < 0.1)
		return;
	p->last = t;
	mbs = t > p->start ? bytes / 1e6 / (t - p->start) : 0;
	fprintf(p->tty, "\r\033[K%zu/%zu files  %llu docs  %.1f MB/s", files,
		p->files, (unsigned long long)docs, mbs);
	if (p->total && bytes && bytes < p->total && mbs > 0) {
		double left = (p->total - bytes) / 1e6 / mbs;
		fprintf(p->tty, "  %3.0f%%  ETA %d:%02d", 100.0 * bytes / p->total,
			(int)left / 60, (int)left % 60);
	}
	fflush(p->tty);
}

void progress_done(struct progress *p)
{
	if (!p)
		return;
	fprintf(p->tty, "\r\033[K");
	fflush(p->tty);
	free(p);
}
