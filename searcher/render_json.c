/*
 * render_json.c - the one JSON answer (README "JSON output"), the same for
 * --json, each --stdio line and the CGI:
 *
 *   { "format_version": 1, "query": "...",
 *     "total": { "value": N, "exact": true },
 *     "hits": [ { "rank", "score", "id", "title", "date", "source", "url",
 *                 "path", "line", "column",
 *                 "entities": { "org": [ { "name", "matched" } ], ... },
 *                 "snippet": "plain text",
 *                 "highlights": [ [start, end], ... ] } ],   byte offsets
 *     "facets": { "org": [ { "value", "count" } ], ... },    when asked
 *     "suggestion": "corrected query" or null,
 *     "time_ms": 1.2 }
 * or, on error:
 *   { "format_version": 1, "query": "...",
 *     "error": { "code", "message", "offset" } }
 */
#include <stdio.h>
#include <string.h>

#include "searcher.h"

/* Adds member key, a constant new to o: json-c neither copies the key nor
 * looks for a member already under it (a tenth of an answer's rendering). */
static void put(json_object *o, const char *key, json_object *v)
{
	json_object_object_add_ex(o, key, v, JSON_C_OBJECT_ADD_KEY_IS_NEW |
					     JSON_C_OBJECT_KEY_IS_CONSTANT);
}

/* Every string member: strings from files and queries need not be UTF-8. */
static json_object *jstr(const char *s)
{
	return s ? escape_json_string(s, strlen(s)) : NULL;
}

static json_object *entities(shim_results_t *res, size_t i, const struct shim_meta *m)
{
	json_object *out = json_object_new_object();

	for (size_t t = 0; t < SHIM_META_NENT; t++) {
		json_object *arr = json_object_new_array();
		for (size_t k = 0; k < m->nents[t]; k++) {
			const char *n = m->ents[t][k];
			json_object *e = json_object_new_object();
			put(e, "name", jstr(n));
			put(e, "matched", json_object_new_boolean(
				shim_results_matched_value(res, i, hit_entity_kinds[t].field, n)));
			json_object_array_add(arr, e);
		}
		put(out, hit_entity_kinds[t].name, arr);
	}
	return out;
}

json_object *render_json(const struct answer *a)
{
	json_object *o = json_object_new_object(), *t = json_object_new_object();
	json_object *hits = json_object_new_array();

	put(o, "format_version", json_object_new_int(SEARCH_FORMAT_VERSION));
	put(o, "query", jstr(a->query));
	put(t, "value", json_object_new_int64((int64_t)a->total));
	put(t, "exact", json_object_new_boolean(a->exact));
	put(o, "total", t);
	for (size_t i = 0; i < a->nhits; i++) {
		const struct hit *h = &a->hits[i];
		json_object *j = json_object_new_object(), *hl = json_object_new_array();
		put(j, "rank", json_object_new_int((int)h->h.rank));
		put(j, "score", json_object_new_double(h->h.score));
		put(j, "id", jstr(h->h.id));
		put(j, "title", jstr(h->title));
		put(j, "date", jstr(h->date));
		put(j, "source", jstr(h->source));
		put(j, "url", jstr(h->url));
		put(j, "path", jstr(h->path));
		put(j, "line", json_object_new_int64(h->line));
		put(j, "column", json_object_new_int64(h->column));
		put(j, "entities", entities(a->res, i, &h->h.meta));
		put(j, "snippet", jstr(h->snippet ? h->snippet : ""));
		for (size_t k = 0; k < h->nspans; k++) {
			json_object *p = json_object_new_array();
			json_object_array_add(p, json_object_new_int64((int64_t)h->spans[k][0]));
			json_object_array_add(p, json_object_new_int64((int64_t)h->spans[k][1]));
			json_object_array_add(hl, p);
		}
		put(j, "highlights", hl);
		json_object_array_add(hits, j);
	}
	put(o, "hits", hits);
	if (a->has_facets) {
		static const enum shim_field ff[] = { SHIM_FIELD_ORG, SHIM_FIELD_PERSON,
			SHIM_FIELD_PLACE, SHIM_FIELD_SOURCE, SHIM_FIELD_YEAR };
		json_object *f = json_object_new_object();
		for (size_t k = 0; k < sizeof ff / sizeof *ff; k++) {
			json_object *arr = json_object_new_array();
			for (size_t j = 0; j < a->nfacets[ff[k]]; j++) {
				json_object *e = json_object_new_object();
				put(e, "value", jstr(a->facets[ff[k]][j].value));
				put(e, "count",
						       json_object_new_int64((int64_t)a->facets[ff[k]][j].count));
				json_object_array_add(arr, e);
			}
			put(f, shim_field_info(ff[k])->name, arr);
		}
		put(o, "facets", f);
	}
	put(o, "suggestion", jstr(a->suggestion));
	put(o, "time_ms", json_object_new_double(a->ms));
	return o;
}

json_object *render_json_error(const struct answer *a)
{
	json_object *o = json_object_new_object(), *e = json_object_new_object();

	put(o, "format_version", json_object_new_int(SEARCH_FORMAT_VERSION));
	put(o, "query", jstr(a->query));
	put(e, "code", jstr(a->code ? a->code : "error"));
	put(e, "message", jstr(a->message));
	put(e, "offset", a->errpos >= 0 ? json_object_new_int64(a->errpos) : NULL);
	put(o, "error", e);
	return o;
}

const char *render_stats_date(const char *s, char buf[11])
{
	for (int k = 0; k < 8; k++)
		if (s[k] < '0' || s[k] > '9')
			return NULL;
	if (memcmp(s + 4, "00", 2) == 0)
		snprintf(buf, 11, "%.4s", s);
	else if (memcmp(s + 6, "00", 2) == 0)
		snprintf(buf, 11, "%.4s-%.2s", s, s + 4);
	else
		snprintf(buf, 11, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
	return buf;
}

json_object *render_stats_json(const struct shim_stats *st)
{
	json_object *o = json_object_new_object();
	char first[11], last[11];
	put(o, "format_version", json_object_new_int(SEARCH_FORMAT_VERSION));
	put(o, "documents", json_object_new_int64((int64_t)st->documents));
	put(o, "terms", json_object_new_int64((int64_t)st->terms));
	put(o, "postings", json_object_new_int64((int64_t)st->postings));
	put(o, "first_date", jstr(render_stats_date(st->first_date, first)));
	put(o, "last_date", jstr(render_stats_date(st->last_date, last)));
	put(o, "disk_bytes", json_object_new_int64((int64_t)st->disk_bytes));
	/* never (an index no run has committed to yet) is null, as the
	 * text's "never", not 0: a client would show 1970 */
	put(o, "last_update", st->last_update ? json_object_new_int64(st->last_update) : NULL);
	put(o, "shards", json_object_new_int((int)st->shards));
	return o;
}

/* An article's metadata as --show prints it (README). */
json_object *render_meta_json(const struct shim_meta *m)
{
	json_object *o = json_object_new_object(), *ents = json_object_new_object();

	put(o, "id", jstr(m->id));
	put(o, "title", jstr(m->title));
	put(o, "date", jstr(m->date));
	put(o, "source", jstr(m->source));
	put(o, "author", jstr(m->author));
	put(o, "url", jstr(m->url));
	put(o, "lang", jstr(m->lang));
	put(o, "path", jstr(m->path));
	put(o, "format", jstr(m->format));
	put(o, "record", json_object_new_int64((int64_t)m->record));
	put(o, "line", json_object_new_int64((int64_t)m->line));
	for (size_t t = 0; t < SHIM_META_NENT; t++) {
		json_object *arr = json_object_new_array();
		for (size_t k = 0; k < m->nents[t]; k++)
			json_object_array_add(arr, jstr(m->ents[t][k]));
		put(ents, hit_entity_kinds[t].name, arr);
	}
	put(o, "entities", ents);
	return o;
}
