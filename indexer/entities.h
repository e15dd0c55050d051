/*
 * entities.h - organisations, people and places named by an article.
 *
 * A gazetteer (data/gazetteer.tsv, extended by --entities FILE) maps every
 * surface form of an entity to one canonical name: "NCSC", "National Cyber
 * Security Center" -> "National Cyber Security Centre".  entities_extract()
 * finds gazetteer names in an article's title and body (longest match first,
 * on token boundaries), learns acronyms the text defines ("National Cyber
 * Security Center (NCSC)"), finds people by cues (titles, apposition,
 * reporting verbs) and folds in explicit metadata (a->entities).
 *
 * Both the gazetteer and the extractor are pure: no printing, no globals, no
 * I/O except gazetteer_load() reading its file.  A gazetteer is read-only
 * after loading, so threads may share one.
 *
 * Gazetteer file format: see the comment at the top of data/gazetteer.tsv.
 */
#ifndef DOSSIER_ENTITIES_H
#define DOSSIER_ENTITIES_H

#include <stddef.h>

#include "article.h"

typedef struct gazetteer gazetteer_t;

enum entity_type {
	ENTITY_ORG,
	ENTITY_PERSON,
	ENTITY_PLACE,
	ENTITY_NTYPES
};

/* Caps that keep extraction bounded on hostile input (documented limits):
 * text past ENTITIES_MAX_TOKENS words of one article is not looked at. */
#define ENTITIES_MAX_TOKENS 2000000u
#define ENTITIES_MAX_ALIAS_TOKENS 10

/*
 * Loads a gazetteer file.  When *g is NULL a new gazetteer is created,
 * otherwise *g is extended (an entry whose type and canonical name already
 * exist gains the new aliases).  Returns 0, or -1 with err naming
 * "file:line: problem" (or the I/O error).  On failure a gazetteer created
 * by this call is freed and *g stays NULL; an existing one keeps the lines
 * read before the bad one.  Free with gazetteer_free().
 */
int gazetteer_load(gazetteer_t **g, const char *path, char *err,
		   size_t errlen);

/* The same over a buffer already in memory; name is used in messages.
 * Pure function, for tests and fuzzing. */
int gazetteer_load_buffer(gazetteer_t **g, const char *name,
			  const char *buf, size_t len, char *err,
			  size_t errlen);

void gazetteer_free(gazetteer_t *g);

/* "org", "person", "place"; NULL for a bad value. */
const char *entity_type_name(enum entity_type t);
/* Parses "org"/"organisation"/"organization", "person"/"people",
 * "place"/"location"; returns ENTITY_NTYPES when unknown. */
enum entity_type entity_type_parse(const char *s);

/*
 * Canonical name of an alias of type t, matched like text is (case-
 * insensitive, punctuation and spacing free, "'s" ignored) except for
 * aliases flagged case-sensitive ("US", "BT").  An alias shared by several
 * entries ("NCSC") resolves to the first one in the file.  Returns NULL
 * when unknown.  The string belongs to g.
 */
const char *gazetteer_resolve(const gazetteer_t *g, enum entity_type t,
			      const char *alias);

/*
 * Calls fn for every (type, alias, canonical) pair, canonical names
 * included (alias == canonical then), so the indexer can store the alias
 * table.  An alias may map to several canonical names; the default comes
 * first.  Stops at and returns the first non-zero value fn returns;
 * returns 0 otherwise.  Strings belong to g.
 */
int gazetteer_foreach(const gazetteer_t *g,
		      int (*fn)(void *ctx, enum entity_type t,
				const char *alias, const char *canonical),
		      void *ctx);

/* Number of entries (canonical names) and of aliases, for --stats. */
size_t gazetteer_size(const gazetteer_t *g, size_t *naliases);

struct entity {
	enum entity_type type;
	char *name;		/* canonical name */
	unsigned count;		/* mentions in title, body and metadata */
	size_t first_off;	/* byte offset of the first mention in body.s,
				   or SIZE_MAX if only in title/metadata */
};

/* An alias learned from the text, e.g. "National Cyber Security Center
 * (NCSC)" gives nothing new, but "Foo Bar Agency (FBA)" gives
 * {ENTITY_ORG, "FBA", "Foo Bar Agency"}. */
struct entity_alias {
	enum entity_type type;
	char *alias;
	char *name;		/* canonical name */
};

struct entity_result {
	struct entity *ents;	/* sorted by type, then count (desc) */
	size_t nents;
	struct entity_alias *aliases;
	size_t naliases;
};

/*
 * Extracts the entities of a (a->title, a->body, a->entities).  g may be
 * NULL (cues and acronyms only).  Returns 0 with *out filled (free it with
 * entities_result_free()), or -1 with err filled (out of memory) and *out
 * empty.
 */
int entities_extract(const gazetteer_t *g, const struct article *a,
		     struct entity_result *out, char *err, size_t errlen);

void entities_result_free(struct entity_result *r);

#endif
