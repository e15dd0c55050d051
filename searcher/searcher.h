/*
 * searcher.h - how dossier-search's modules fit together.
 *
 *   main.c           options and modes (one query, --stdio, --show, --stats)
 *   query.c          the query language -> a tree for the shim (query.h)
 *   answer.c         one query through the shim into a struct answer
 *   hit.c            reading a stored record; where a hit is in its file
 *   render_text.c    for people on a terminal
 *   render_json.c    the versioned JSON answer (--json, --stdio)
 *   render_grep.c    --vimgrep, -l, -c
 *   escape.c         text from the index made safe for a terminal
 */
#ifndef DOSSIER_SEARCHER_H
#define DOSSIER_SEARCHER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "shim.h"

/* Bytes of text around the first match that a snippet is chosen from:
 * the generator tokenizes every byte it is given (measured: 512 bytes
 * cost a tenth less per full answer than 768, and leave a snippet of
 * SNIPPET_BYTES room on both sides of the match). */
#define SNIPPET_WINDOW 512
/* The most bytes of text a snippet shows. */
#define SNIPPET_BYTES 240
/* Text read before looking for a hit's first match; more (four times as
 * much each time) is inflated only when the match and the snippet window
 * after it lie further on.  8 KB took 1.5% fewer instructions over the
 * bench queries' full answers than 16 KB; 4 KB no fewer again. */
#define TEXT_PREFIX 8192
/* Text read to find where a hit's snippet shows the most of a query's
 * words, when the first TEXT_PREFIX bytes hold no stretch with two of
 * them (a speech, a long report): reading all of a 45 KB speech took four
 * times as long as the rest of its answer (bench: 'american workers jobs
 * economy', 0.77 -> 3.6 ms); past this, the best stretch of what was read. */
#define SNIPPET_SCAN (32 * 1024)

/* The most hits one answer shows, and the deepest page. */
#define SEARCH_LIMIT_MAX 10000
#define SEARCH_OFFSET_MAX 100000
#define SEARCH_STR_(x) #x
#define SEARCH_STR(x) SEARCH_STR_(x)

/* Bumped when a consumer of --json/--stdio would need to change. */
#define SEARCH_FORMAT_VERSION 1

struct search_opts {
	size_t limit, offset;
	enum shim_sort sort;
	bool facets, any, count_only;
	bool no_text;			/* no snippets and no match positions */
	const char *like_id;
};

/* One --stdio request (request.c): the query and its options. */
struct request {
	json_object *obj;		/* the parsed line: owns the strings */
	const char *query;
	struct search_opts opts;
};

/* Reads one --stdio line, a plain query or a JSON object of options,
 * over the defaults: 0, or -1 with msg saying what is wrong (naming the
 * member).  request_free() after either. */
int request_parse(const char *line, const struct search_opts *defaults,
		  struct request *req, char *msg, size_t msglen);
void request_free(struct request *req);
/* "relevance", "date" or "-date" into *out: 0, or -1. */
int request_sort(const char *s, enum shim_sort *out);

/* One hit, read from its stored record. */
struct hit {
	struct shim_hit h;
	const char *text;		/* the clean text (owned by the results), */
	size_t textlen;			/* when it was read */
	const char *title, *date, *source, *url, *path;
	long line, column;		/* first match in the original file */
	long match_off;			/* its byte offset in the stored text, or -1 */
	long snippet_off;		/* the match the snippet is taken around */
	bool text_whole;		/* text is all of it, not a prefix */
	char *snippet;			/* plain text, malloc'd */
	size_t (*spans)[2];		/* highlighted byte ranges in snippet */
	size_t nspans;
};

struct facet {
	const char *value;
	size_t count;
};

struct answer {
	const char *query;
	size_t total;
	bool exact;
	struct hit *hits;
	size_t nhits;
	size_t offset;			/* the hits asked for start here */
	bool has_facets;
	struct facet facets[SHIM_NFIELDS][10];
	size_t nfacets[SHIM_NFIELDS];
	char *suggestion;		/* malloc'd, or NULL */
	double ms;
	shim_results_t *res;		/* owns the strings above */
	/* on error */
	shim_status_t status;
	const char *code;		/* "bad_query", "too_big", ... */
	char message[512];
	long errpos;			/* byte offset in the query, or -1 */
};

/* Runs query q (may be NULL with like_id).  Returns 0 with a->status
 * SHIM_OK, or fills a->status/code/message/errpos.  Free with
 * answer_free(). */
int answer_run(shim_reader_t *r, const char *q, const struct search_opts *o,
	       struct answer *a);
void answer_free(struct answer *a);
/* The JSON error code of a status: "bad_query", "not_found", ... */
const char *answer_status_code(shim_status_t st);

/* The words a hit's first match is looked for (shim_results_words()),
 * with what makes looking fast: built once for all the hits. */
struct hit_words {
	const char *const *w;
	const unsigned *group;	/* of each word (NULL: a group each) */
	size_t n, ngroups;
	size_t *len;		/* strlen() of each */
	/* The words by their first byte, each run in the order of w: the
	 * ones a match at an ASCII byte c may be of are byfirst[start[c]]
	 * up to byfirst[start[c + 1]] (c folded). */
	size_t *byfirst;
	size_t start[257];
	bool first[256];	/* bytes a match may begin with */
	uint64_t pairs[65536 / 64];	/* pairs of bytes, the first folded */
};
/* 0, or -1 when out of memory.  Free with hit_words_free(). */
int hit_words_init(struct hit_words *hw, const char *const *words,
		   const unsigned *groups, size_t n);
void hit_words_free(struct hit_words *hw);

/* Reads hit i's stored metadata into h (h->h set); with want_text, also
 * its text, where the first of words is in the file, and where in the
 * text the snippet is best taken from (up to SNIPPET_SCAN bytes are read
 * for a query of two words or more when the first part read has no
 * stretch of SNIPPET_BYTES with two of them). */
int hit_load(struct hit *h, shim_results_t *res, size_t i,
	     const struct hit_words *words, bool want_text);
/* The part [*from, *to) of a hit's text (len bytes, more after them when
 * more, first match at match_off, or -1) that its snippet is chosen from:
 * SNIPPET_WINDOW bytes around the match, cut between words where the text
 * goes on. */
void hit_window(const char *text, size_t len, bool more, long match_off,
		size_t *from, size_t *to);
void hit_free(struct hit *h);

/* The entity types in the order of struct shim_meta's lists. */
extern const struct entity_kind {
	const char *name;
	enum shim_field field;
} hit_entity_kinds[SHIM_META_NENT];

/* escape.c: writes s (len bytes, any bytes) to out with every control
 * character and every byte that is not UTF-8 in a visible, inert form
 * (the table is in escape.c).  ESCAPE_LAYOUT keeps newlines and tabs (an
 * article's own lines); ESCAPE_ONE_LINE writes them, and CR, as spaces. */
#define ESCAPE_LAYOUT 1u
#define ESCAPE_ONE_LINE 2u
void escape_text(FILE *out, const char *s, size_t len, unsigned flags);
static inline void escape_puts(FILE *out, const char *s, unsigned flags)
{
	escape_text(out, s, strlen(s), flags);
}
/* s (len bytes, any bytes) as a JSON string with each byte that is not
 * UTF-8 replaced by U+FFFD; NULL (a JSON null) for NULL.  Every string
 * member of every answer is made by this.  The caller owns the object. */
json_object *escape_json_string(const char *s, size_t len);

enum color_mode { COLOR_NEVER, COLOR_ALWAYS, COLOR_AUTO };

void render_text(FILE *out, const struct answer *a, bool color);
json_object *render_json(const struct answer *a);
json_object *render_json_error(const struct answer *a);
/* An article's metadata as the JSON object --show prints (README). */
json_object *render_meta_json(const struct shim_meta *m);
void render_vimgrep(FILE *out, const struct answer *a);
/* -l: the paths of a's hits not yet in *seen (a tsearch() tree of
 * malloc'd copies, the caller's to tdestroy() with free), each once;
 * -1 when out of memory. */
int render_files(FILE *out, const struct answer *a, void **seen);

/* --show and --stats, in both forms. */
void render_article_text(FILE *out, json_object *rec, bool color);
void render_stats_text(FILE *out, const struct shim_stats *st);
json_object *render_stats_json(const struct shim_stats *st);
/* A date as the index keeps it, "YYYYMMDD" with 00 for an unknown month or
 * day, as ISO 8601 to its precision ("2018-08-23", "2019-03", "2019") in
 * buf: buf, or NULL when s is no such date (an index with none). */
const char *render_stats_date(const char *s, char buf[11]);

#endif
