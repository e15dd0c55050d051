/*
 * indexer.h - how dossier-index's modules fit together.
 *
 *   main.c      options, the run, the summary and the exit status
 *   walk.c      files and directories in, a sorted list of files out
 *   ingest.c    one file: unchanged? format, reader, each article to record
 *   record.c    one article: metadata, entities, the stored record, the doc
 *   progress.c  the progress line on a terminal
 * The readers (readers.h), cleaner (clean.h), dates (dates.h) and entities
 * (entities.h) are pure functions these call.
 */
#ifndef DOSSIER_INDEXER_H
#define DOSSIER_INDEXER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "article.h"
#include "entities.h"
#include "shim.h"
#include "smap.h"

/* Why an input was not indexed; the summary counts each. */
enum skip_reason {
	SKIP_UNREADABLE,	/* cannot open or read */
	SKIP_BINARY,		/* not text in any format dossier reads */
	SKIP_TOO_BIG,		/* over ARTICLE_MAX_BYTES decoded */
	SKIP_CORRUPT_GZIP,	/* truncated or damaged gzip stream */
	SKIP_MALFORMED,		/* a record that does not parse */
	SKIP_EMPTY,		/* nothing to index */
	SKIP_DUPLICATE_ID,	/* the same article id from another file */
	SKIP_SYMLINK_LOOP,
	SKIP_NREASONS
};
const char *skip_reason_name(enum skip_reason r);

struct index_opts {
	const char *db;
	const char *datadir;
	enum article_format format;	/* forced, or ARTICLE_FMT_UNKNOWN */
	const char *name;		/* file key for standard input */
	bool prune, dry_run, json, quiet, progress;
	size_t batch_docs, batch_bytes;
	unsigned jobs;			/* shards of a new index */
};

struct index_stats {
	uint64_t files, files_unchanged, bytes;
	uint64_t added, replaced, deleted;
	uint64_t skipped[SKIP_NREASONS];
	uint64_t warnings;
};

/* One file to read: its path as given, its identity, its size. */
struct walk_file {
	char *path;		/* as found from the argument */
	char *key;		/* real path: the file's identity in the index */
	char *label;		/* path relative to its argument (dry-run "key") */
	uint64_t size;
	char signature[64];	/* size and mtime */
};

struct walk_list {
	struct walk_file *v;
	size_t n, cap;
};

struct indexer;
typedef void (*walk_skip_fn)(struct indexer *ix, const char *path,
			     enum skip_reason why, const char *detail);

/* Adds path (a file, or a directory walked recursively, sorted, hidden
 * entries and symlink loops skipped) to list.  -1 when out of memory. */
int walk_add(struct walk_list *list, const char *path, struct indexer *ix,
	     walk_skip_fn skip);
void walk_free(struct walk_list *list);

struct progress;
struct progress *progress_new(FILE *tty, uint64_t total_bytes, size_t files);
void progress_update(struct progress *p, uint64_t bytes, size_t files,
		     uint64_t docs);
void progress_done(struct progress *p);

/* The run's state, shared by ingest.c and record.c. */
struct indexer {
	const struct index_opts *opts;
	shim_writer_t *w;		/* NULL in --dry-run */
	gazetteer_t *gaz;
	struct index_stats st;
	struct progress *prog;
	volatile sig_atomic_t *stop;	/* set by SIGINT/SIGTERM */
	uint64_t bytes_done;
	/* the file being read */
	const struct walk_file *file;
	size_t nfile;			/* its number, from 1 */
	struct input *in;		/* its input, while it is read */
	/* its original bytes that the reader is reading, before any
	 * repair (the whole file, or the JSON Lines line src_line): what
	 * body_mark_verbatim() compares the clean lines with */
	const char *src;
	size_t srclen;
	uint32_t src_line;
	enum article_format format;
	bool multi;			/* records get "#N" */
	bool had_docs;			/* the file was indexed before */
	size_t file_deleted;		/* its old documents, deleted to be read again */
	uint64_t file_docs;
	struct smap ids;		/* ids seen in this file */
	int fatal;			/* a shim error: stop everything */
	char err[1024];
};

/* Reads one file (or standard input) and records its articles.
 * Returns 0, or -1 on a fatal index error (ix->err says what). */
int ingest_file(struct indexer *ix, const struct walk_file *f);

/* Records one article (the reader's emit callback; ctx is the indexer). */
int record_article(void *ctx, struct article *a);

/* Reports a skipped input on stderr and counts it. */
void indexer_skip(struct indexer *ix, const char *path, enum skip_reason why,
		  const char *detail);

/* Commits when the batch is full (or force); -1 on a fatal error. */
int indexer_maybe_commit(struct indexer *ix, bool force);

#endif
