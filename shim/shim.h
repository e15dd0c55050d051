/*
 * shim.h - dossier's plain C interface to its index (Xapian inside).
 *
 * This is the only header the indexer and the searcher need to reach the
 * index.  It owns the schema (field name <-> term prefix <-> value slot), the
 * tokenizer and the one stemmer, so indexing and querying can never disagree.
 *
 * Conventions (modelled on notmuch's lib/notmuch.h):
 *  - Every call that can fail returns a shim_status_t.  Calls on a handle
 *    leave a readable message on it (shim_writer_error(), ...), valid until
 *    the next call on that handle.  Calls that create a handle write the
 *    message into the caller's buffer instead.
 *  - No C++ exception ever leaves the shim.
 *  - Every pointer handed out says who owns it.  Strings are UTF-8.
 *
 * An index is a directory:
 *     DIR/DOSSIER      "dossier index" and the schema version (checked)
 *     DIR/XAPIANDB     Xapian stub: "auto s0", "auto s1"... (a line per shard)
 *     DIR/s0/ ...      shard databases: documents and postings; a document
 *                      lives in the shard its article id hashes to
 *     DIR/lexicon/     query-time tables the front end reads locally:
 *                      stem -> word forms, entity aliases; and the
 *                      writer's file signatures
 *     DIR/spelling.0/ ...  the spelling dictionary, one partition a
 *                      shard (by hash of the word), also read locally
 * Xapian's own tools (xapian-delve, quest) open DIR as one database
 * through the stub; xapian-check takes one shard at a time.
 */
#ifndef DOSSIER_SHIM_H
#define DOSSIER_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SHIM_SCHEMA_VERSION 5

typedef enum shim_status {
	SHIM_OK = 0,
	SHIM_NOT_FOUND,		/* no index at the path / no such document */
	SHIM_NOT_INDEX,		/* the path exists but is not a dossier index */
	SHIM_VERSION,		/* index written with another schema version */
	SHIM_CORRUPT,		/* the index is damaged: rebuild it */
	SHIM_LOCKED,		/* another dossier-index is writing this index */
	SHIM_IO,		/* I/O error: disk full, permission, ... */
	SHIM_NOMEM,		/* out of memory */
	SHIM_BAD_QUERY,		/* the query cannot be run (see the message) */
	SHIM_TOO_BIG,		/* a bound was hit (wildcard expansion, ...) */
	SHIM_RETRY,		/* the index changed under a reader: reopen */
	SHIM_INVALID,		/* the caller passed a bad argument */
	SHIM_INTERNAL,		/* a bug: an error dossier did not expect */
	SHIM_LAST_STATUS
} shim_status_t;

/* A short English phrase for a status ("index is locked").  Static. */
const char *shim_status_to_string(shim_status_t status);

/* ------------------------------------------------------------------ schema */

/*
 * The fields users name in queries and see in results.  Free-text fields
 * (body, title) are tokenized; the others hold whole values (entity names,
 * source, language...) compared after shim_key_normalize().
 */
enum shim_field {
	SHIM_FIELD_BODY = 0,	/* the article text (unprefixed terms) */
	SHIM_FIELD_TITLE,	/* title:  */
	SHIM_FIELD_ORG,		/* org:    */
	SHIM_FIELD_PERSON,	/* person: */
	SHIM_FIELD_PLACE,	/* place:  */
	SHIM_FIELD_SOURCE,	/* source: */
	SHIM_FIELD_AUTHOR,	/* author: */
	SHIM_FIELD_LANG,	/* lang:   */
	SHIM_FIELD_ID,		/* id:     */
	SHIM_FIELD_DATE,	/* date:   (ranges, see struct shim_qnode) */
	SHIM_FIELD_YEAR,	/* year:   */
	SHIM_NFIELDS
};

#define SHIM_FIELD_FREE_TEXT	0x1	/* tokenized, positional */
#define SHIM_FIELD_ENTITY	0x2	/* org/person/place: aliases apply */
#define SHIM_FIELD_FACET	0x4	/* counted by facets */
#define SHIM_FIELD_QUERYABLE	0x8	/* usable as "name:" in a query */

struct shim_field_info {
	const char *name;	/* as users write and read it: "org" */
	const char *prefix;	/* Xapian term prefix: "XO" */
	int slot;		/* value slot, or -1 */
	unsigned flags;
	const char *help;	/* one line for --help and the man page */
};

/* The schema row of a field, or NULL for an out-of-range value. Static. */
const struct shim_field_info *shim_field_info(enum shim_field f);
/* The field named name ("org"), or -1. */
int shim_field_by_name(const char *name);

/*
 * The comparison key of a whole value (entity name, source, id...):
 * lower-cased, accents kept, punctuation and runs of space folded to one
 * space, "&" kept.  Writes at most outlen bytes including the NUL; returns
 * the key length, or -1 when it does not fit.
 */
int shim_key_normalize(const char *in, char *out, size_t outlen);

/*
 * The character at s (len > 0 bytes) lower-cased as the tokenizer
 * lower-cases words ("É" -> "é"), as a code point in *cp; returns its
 * length in bytes.  A byte that starts no valid UTF-8 sequence is one
 * character, its own value.
 */
size_t shim_utf8_lower(const char *s, size_t len, unsigned *cp);
/* Is code point cp part of a word for the tokenizer (a letter or digit)? */
int shim_wordchar(unsigned cp);
/* cp without its accents ("é" -> "e"), as the tokenizer also indexes a
 * word with accents; cp itself when it has none. */
unsigned shim_unaccented(unsigned cp);
/* Is cp written without spaces between words (Han, kana), so that the
 * tokenizer makes each such character a word of its own? */
int shim_ideograph(unsigned cp);
/* Does the word s (n bytes, any case) elide before an apostrophe ("l",
 * "d", "qu", "dell"...), so that the tokenizer reads what follows it as a
 * word too? */
int shim_elides(const char *s, size_t n);

/*
 * The default index directory: $DOSSIER_DB, else
 * ${XDG_DATA_HOME:-$HOME/.local/share}/dossier/index.  malloc'd; the
 * caller frees it.  NULL when out of memory.
 */
char *shim_default_dir(void);

/* ------------------------------------------------------------ the writer */

typedef struct shim_writer shim_writer_t;
typedef struct shim_doc shim_doc_t;

#define SHIM_WRITER_CREATE	0x1	/* create DIR (and parents) if missing */
#define SHIM_MAX_SHARDS		16	/* most shards a new index gets */

/*
 * Opens the index in dir for writing, holding its lock until
 * shim_writer_close().  A new index (SHIM_WRITER_CREATE) gets nshards
 * shards (0 means 1; more than SHIM_MAX_SHARDS means SHIM_MAX_SHARDS); an
 * existing index keeps the shards its stub names.  The writer runs one
 * thread per shard, which tokenizes and indexes that shard's documents.
 * Returns SHIM_OK and *w, or SHIM_NOT_FOUND (no index and no
 * SHIM_WRITER_CREATE), SHIM_NOT_INDEX, SHIM_VERSION, SHIM_LOCKED,
 * SHIM_CORRUPT, SHIM_IO, SHIM_NOMEM, SHIM_INTERNAL with a message in err.
 */
shim_status_t shim_writer_open(const char *dir, unsigned flags,
			       unsigned nshards, shim_writer_t **w,
			       char *err, size_t errlen);

/* The number of shards (and indexing threads) of w. */
unsigned shim_writer_shards(const shim_writer_t *w);

/* The last message left on w.  Owned by w. */
const char *shim_writer_error(const shim_writer_t *w);

/*
 * Commits every change since the last commit (documents, deletions, and the
 * lexicon tables) so that a crash after it returns loses nothing.  Waits
 * for every shard's thread to index what is queued and commit its shard,
 * then commits the lexicon.  An error in a shard's thread (SHIM_IO for a
 * full disk, ...) is returned here or by the next shim_writer_put(), and
 * again by every later call of either: close the writer, nothing more of
 * the batch can be committed.
 */
shim_status_t shim_writer_commit(shim_writer_t *w);

/*
 * Starts a commit of every change since the last one and returns once the
 * lexicon has committed, while each shard's thread commits its shard; the
 * caller goes on putting documents.  The next commit (of any kind) or
 * shim_writer_close() waits for the shards and records the files'
 * signatures; only then is the commit durable and visible to readers.  A
 * crash before that leaves the index at its previous commit or with some
 * shards ahead (their files' signatures not written, so a re-run reads
 * those files again and replaces their documents by id).  For bulk
 * indexing; the errors are shim_writer_commit()'s.
 */
shim_status_t shim_writer_commit_async(shim_writer_t *w);

/*
 * shim_writer_commit(), and also the spelling dictionary's counts, which
 * commits hold back (up to 300,000 distinct words) because Xapian's
 * spelling table is costly to update often.  Call it once, at the end of
 * a run; until then "did you mean" does not know the words held back.
 * After a run that ended without it (a crash, or close without finish),
 * the next shim_writer_open() adds them from the shards' terms.  The
 * dictionary takes the words found in at least two documents.
 */
shim_status_t shim_writer_finish(shim_writer_t *w);

/* Documents and text bytes added since the last commit (for batching). */
void shim_writer_pending(const shim_writer_t *w, size_t *docs, size_t *bytes);

/*
 * Closes w WITHOUT committing what is pending, but completing a commit
 * started by shim_writer_commit_async() (call shim_writer_commit()
 * first to keep it), stops its threads and releases the lock.  w may be
 * NULL.
 */
void shim_writer_close(shim_writer_t *w);

/*
 * Teaches the tokenizer a closed compound: wherever first and second occur
 * as adjacent words ("back door", "back-door"), the joined word ("backdoor")
 * is indexed at the same position, so a query for it finds all forms.
 * The shards' threads read the table, so it is closed once the first
 * document is put: SHIM_INVALID after that.
 */
shim_status_t shim_writer_add_compound(shim_writer_t *w, const char *first,
				       const char *second);

/*
 * Records that alias names the entity canonical in field (ORG, PERSON,
 * PLACE), for query-time resolution (org:NCSC finds the term of "National
 * Cyber Security Centre").  An alias already recorded for another entity
 * is replaced only when replace is non-zero (the gazetteer's own primary
 * reading replaces; an alias a text defines never does).  Stored in the
 * lexicon at the next commit.
 */
shim_status_t shim_writer_add_alias(shim_writer_t *w, enum shim_field field,
				    const char *alias, const char *canonical,
				    int replace);

/*
 * Records that every document of a file is in: signature is anything that
 * changes when the file does (size, mtime).  Call it after the file's last
 * shim_writer_put(); it is committed after them (in the lexicon, once every
 * shard has committed), so a crash in the middle of a file leaves no
 * signature and a re-run indexes the file again.
 */
shim_status_t shim_writer_file_done(shim_writer_t *w, const char *file,
				    const char *signature);

/*
 * The recorded signature of a file key, into buf: SHIM_OK, or
 * SHIM_NOT_FOUND when the file was never completely indexed.  Sees the
 * current batch.
 */
shim_status_t shim_writer_file_signature(shim_writer_t *w, const char *file,
					 char *buf, size_t buflen);

/*
 * Deletes every document of a file key (in every shard) and its signature;
 * *ndeleted (may be NULL) gets the number of documents, counting the
 * committed ones and those put in the current batch.
 */
shim_status_t shim_writer_delete_file(shim_writer_t *w, const char *file,
				      size_t *ndeleted);

/*
 * Calls fn once per recorded file key (for --prune).  fn may not modify
 * the index; collect keys and delete them after.  A non-zero return from
 * fn stops the walk and is returned as SHIM_OK.
 */
shim_status_t shim_writer_foreach_file(shim_writer_t *w,
				       int (*fn)(void *ctx, const char *file),
				       void *ctx);

/*
 * The file key of the document with article id, into buf: SHIM_OK, or
 * SHIM_NOT_FOUND.  Sees the current batch.  Used to refuse the same id
 * from two files.
 */
shim_status_t shim_writer_id_file(shim_writer_t *w, const char *id,
				  char *buf, size_t buflen);

/* ---------------------------------------------------------- a document */

/* A new, empty document for w.  Free with shim_doc_free() (after add). */
shim_status_t shim_doc_new(shim_writer_t *w, shim_doc_t **doc);
void shim_doc_free(shim_doc_t *doc);

/*
 * Indexes free text (SHIM_FIELD_BODY or SHIM_FIELD_TITLE) with positions.
 * Title words are also indexed as body words.  lang ("en", "fr", NULL for
 * English) chooses the stemmer whose stem table learns the word forms.
 * The text is copied; the shard's thread tokenizes it after
 * shim_writer_put().
 */
shim_status_t shim_doc_add_text(shim_doc_t *doc, enum shim_field field,
				const char *text, size_t len,
				const char *lang);

/*
 * Adds a whole value to a non-free-text field: an entity's canonical name
 * (count = mentions, which weights it), a source, author, language.
 * Entity and source values are also kept for facets and display.
 */
shim_status_t shim_doc_add_value(shim_doc_t *doc, enum shim_field field,
				 const char *value, unsigned count);

/*
 * The publication date, UTC: month and day 0 when unknown.  Sets the date
 * value (sorting, ranges) and the year term.
 */
shim_status_t shim_doc_set_date(shim_doc_t *doc, int year, int month,
				int day);
/* Its time of day, UTC, when known: orders the articles of one day. */
shim_status_t shim_doc_set_time(shim_doc_t *doc, int hour, int min, int sec);

/* The file this document came from: key is the file's identity (its real
 * path, or the --name given for standard input). */
shim_status_t shim_doc_set_file(shim_doc_t *doc, const char *key);

/*
 * What a hit shows without its text (a record packed by shim_meta_pack():
 * title, date, source, path, entities...); copied.  Kept in a value slot,
 * so a page of results reads it without inflating any article's text.
 */
shim_status_t shim_doc_set_meta(shim_doc_t *doc, const char *meta,
				size_t len);

/*
 * An article's metadata as stored (shim/meta.cc has the layout): every
 * string is UTF-8 or NULL when absent; entity names are canonical, the
 * most mentioned first.
 */
enum { SHIM_META_ORG, SHIM_META_PERSON, SHIM_META_PLACE, SHIM_META_NENT };
struct shim_meta {
	const char *id, *title, *date, *source, *author, *url, *lang, *path,
		*format;
	unsigned long record;	/* 1-based record of a multi-record file */
	unsigned long line;	/* the record's first line in its file */
	const char **ents[SHIM_META_NENT];	/* org, person, place names */
	size_t nents[SHIM_META_NENT];
	const char **store;	/* unpack's allocation behind ents */
};

/*
 * Packs m (store unused) into *out, malloc'd (the caller frees it), of
 * *len bytes.  SHIM_OK, SHIM_NOMEM, or SHIM_TOO_BIG past 1 MiB.
 */
shim_status_t shim_meta_pack(const struct shim_meta *m, char **out,
			     size_t *len);

/*
 * Unpacks buf[0..len) into m.  Strings point into buf, which must outlive
 * m; the entity arrays are malloc'd: release them with shim_meta_clear().
 * SHIM_OK, SHIM_CORRUPT (not a packed record: m is empty) or SHIM_NOMEM.
 * Reads nothing but buf.
 */
shim_status_t shim_meta_unpack(const char *buf, size_t len,
			       struct shim_meta *m);
/* Frees what shim_meta_unpack() allocated and empties m.  NULL is fine. */
void shim_meta_clear(struct shim_meta *m);

/* The stored text payload (clean text and its map back to the file), read
 * only for snippets, positions and --show; copied. */
shim_status_t shim_doc_set_data(shim_doc_t *doc, const char *data,
				size_t len);

/*
 * Adds doc under article id, replacing any document with the same id.
 * *replaced (may be NULL) says whether one was replaced (committed, or put
 * earlier in this batch, and not deleted since).  The document goes to
 * the queue of its shard's thread, waiting while that queue is full; put
 * takes its contents, so doc is then only good for shim_doc_free().
 * Returns an error a shard's thread met (see shim_writer_commit()).
 */
shim_status_t shim_writer_put(shim_writer_t *w, shim_doc_t *doc,
			      const char *id, int *replaced);

/* ------------------------------------------------------------ the reader */

/*
 * Non-zero when dir holds a dossier index of any schema version (its
 * DOSSIER file says so): what the indexer does not walk into for
 * articles, though it be its own index inside the tree it indexes.
 */
int shim_is_index(const char *dir);

typedef struct shim_reader shim_reader_t;
typedef struct shim_results shim_results_t;

/*
 * Opens the index in dir (its stub and every shard) read-only.  SHIM_OK,
 * or SHIM_NOT_FOUND, SHIM_NOT_INDEX, SHIM_VERSION, SHIM_CORRUPT, SHIM_IO
 * with a message in err.
 */
shim_status_t shim_reader_open(const char *dir, shim_reader_t **r,
			       char *err, size_t errlen);
const char *shim_reader_error(const shim_reader_t *r);
/* Sees the latest commit (after SHIM_RETRY). */
shim_status_t shim_reader_reopen(shim_reader_t *r);
void shim_reader_close(shim_reader_t *r);

/*
 * A parsed query, as the searcher's parser builds it.  The tree is the
 * caller's; the shim only reads it during shim_search().
 */
enum shim_qop {
	SHIM_Q_WORD,		/* text: one word as typed; field optional */
	SHIM_Q_PHRASE,		/* text: words separated by spaces */
	SHIM_Q_WILDCARD,	/* text: the prefix before '*' */
	SHIM_Q_DATE,		/* from/to: "YYYY", "YYYYMM" or "YYYYMMDD" */
	SHIM_Q_ALL,		/* every document */
	SHIM_Q_AND,
	SHIM_Q_OR,
	SHIM_Q_XOR,
	SHIM_Q_AND_NOT,		/* kids[0] and not kids[1] */
	SHIM_Q_AND_MAYBE,	/* kids[0]; kids[1..] only add weight */
	SHIM_Q_NEAR,		/* WORD kids within window, any order */
	SHIM_Q_ADJ		/* WORD kids within window, in order */
};

struct shim_qnode {
	enum shim_qop op;
	int field;		/* an enum shim_field, or -1 for free text */
	const char *text;	/* WORD, PHRASE, WILDCARD */
	const char *from, *to;	/* DATE: inclusive bounds, NULL = open */
	unsigned window;	/* NEAR, ADJ */
	struct shim_qnode **kids;
	size_t nkids;
	size_t pos, len;	/* the node's bytes in the query string */
};

enum shim_sort { SHIM_SORT_RELEVANCE, SHIM_SORT_DATE, SHIM_SORT_DATE_DESC };

struct shim_search_opts {
	size_t offset, limit;
	enum shim_sort sort;
	size_t check_at_least;	/* count exactly up to this many matches */
	int facets;		/* non-zero: count facets over all matches */
	size_t wildcard_max;	/* most terms one wildcard may expand to */
	const char *like_id;	/* non-NULL: articles related to this one */
};

/*
 * Runs query q (may be NULL when like_id is set) and returns a result set
 * in *res (free with shim_results_free()).  SHIM_BAD_QUERY or SHIM_TOO_BIG
 * with the message on r and, where known, the offending node's pos in
 * *errpos (may be NULL); SHIM_NOT_FOUND for an unknown like_id.
 */
shim_status_t shim_search(shim_reader_t *r, const struct shim_qnode *q,
			  const struct shim_search_opts *opts,
			  shim_results_t **res, size_t *errpos);
void shim_results_free(shim_results_t *res);

/* Total matches: an estimate, and whether it is exact. */
void shim_results_total(const shim_results_t *res, size_t *total,
			int *exact);
/* Hits in this page. */
size_t shim_results_count(const shim_results_t *res);

struct shim_hit {
	unsigned rank;		/* 1-based, counting the offset */
	double score;
	const char *id;		/* owned by res */
	/* The stored metadata, unpacked (strings and lists owned by res);
	 * only the id is set when the record does not unpack. */
	struct shim_meta meta;
};
shim_status_t shim_results_hit(shim_results_t *res, size_t i,
			       struct shim_hit *hit);

/* Hit i's stored data (shim_doc_set_data()), read on first use; owned by
 * res. */
shim_status_t shim_results_data(shim_results_t *res, size_t i,
				const char **data, size_t *len);

/*
 * The first min(want, all) bytes of hit i's stored data (LZ4 stops
 * there: a speech of 40 KB need not be inflated for a match in its first
 * lines); *whole (may be NULL) says whether that is all of it.  Owned by
 * res, valid until the next call for hit i.
 */
shim_status_t shim_results_data_prefix(shim_results_t *res, size_t i,
				       size_t want, const char **data,
				       size_t *len, int *whole);

/*
 * Whether hit i matched field's value (compared as shim_key_normalize()
 * keys): 1 yes, 0 no.  For marking the entities that matched.
 */
int shim_results_matched_value(shim_results_t *res, size_t i,
			       enum shim_field field, const char *value);

/*
 * The query's positive words as they can appear in text (every form,
 * compound part, an entity's name of one word), lower-case, for locating
 * the first match in a file; a wildcard's prefix ends in '*'.  An array
 * of n strings owned by res.
 */
const char *const *shim_results_words(shim_results_t *res, size_t *n);
/*
 * The group of each of shim_results_words(), numbered from 0: the words
 * of one group stand for one word of the query (its forms, a phrase, the
 * names of an entity asked for).  An array of n owned by res.
 */
const unsigned *shim_results_word_groups(shim_results_t *res, size_t *n);

/*
 * A snippet of text for hit i around the query's matches, at most about
 * length bytes, with each match wrapped in pre/post (e.g. "\033[1m" and
 * "\033[0m", or "<b>" and "</b>" with html non-zero to escape the rest).
 * *out is malloc'd; the caller frees it.
 */
shim_status_t shim_results_snippet(shim_results_t *res, size_t i,
				   const char *text, size_t textlen,
				   size_t length, const char *pre,
				   const char *post, int html, char **out);

/*
 * Facet counts over all matches (when opts->facets was set): the j-th most
 * frequent value of field (ORG, PERSON, PLACE, SOURCE, YEAR).  Returns 0
 * past the end; *value is owned by res.
 */
int shim_results_facet(shim_results_t *res, enum shim_field field, size_t j,
		       const char **value, size_t *count);

/*
 * "Did you mean": a correction of word from the spelling dictionary built
 * at index time, or NULL.  malloc'd; the caller frees it.
 */
char *shim_reader_suggest(shim_reader_t *r, const char *word);

/* The stored metadata and data of article id, NUL-terminated and
 * malloc'd (the caller frees both). */
shim_status_t shim_reader_get(shim_reader_t *r, const char *id, char **meta,
			      size_t *metalen, char **data, size_t *datalen);

struct shim_stats {
	uint64_t documents;
	uint64_t terms;		/* distinct terms */
	uint64_t postings;	/* total length of all documents */
	char first_date[9], last_date[9];	/* "YYYYMMDD" or "" */
	uint64_t disk_bytes;
	int64_t last_update;	/* Unix time of the last commit, or 0 */
	unsigned shards;
};
shim_status_t shim_reader_stats(shim_reader_t *r, struct shim_stats *st);

#ifdef __cplusplus
}
#endif

#endif
