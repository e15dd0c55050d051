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
#include <string.h>

#include "searcher.h"

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *entities(shim_results_t *res, size_t i, const struct shim_meta *m)
{
	json_object *out = json_object_new_object();

	for (size_t t = 0; t < SHIM_META_NENT; t++) {
		json_object *arr = json_object_new_array();
		for (size_t k = 0; k < m->nents[t]; k++) {
			const char *n = m->ents[t][k];
			json_object *e = json_object_new_object();
			json_object_object_add(e, "name", jstr(n));
			json_object_object_add(e, "matched", json_object_new_boolean(
				shim_results_matched_value(res, i, hit_entity_kinds[t].field, n)));
			json_object_array_add(arr, e);
		}
		json_object_object_add(out, hit_entity_kinds[t].name, arr);
	}
	return out;
}

json_object *render_json(const struct answer *a)
{
	json_object *o = json_object_new_object(), *t = json_object_new_object();
	json_object *hits = json_object_new_array();

	json_object_object_add(o, "format_version", json_object_new_int(SEARCH_FORMAT_VERSION));
	json_object_object_add(o, "query", jstr(a->query));
	json_object_object_add(t, "value", json_object_new_int64((int64_t)a->total));
	json_object_object_add(t, "exact", json_object_new_boolean(a->exact));
	json_object_object_add(o, "total", t);
	for (size_t i = 0; i < a->nhits; i++) {
		const struct hit *h = &a->hits[i];
		json_object *j = json_object_new_object(), *hl = json_object_new_array();
		json_object_object_add(j, "rank", json_object_new_int((int)h->h.rank));
		json_object_object_add(j, "score", json_object_new_double(h->h.score));
		json_object_object_add(j, "id", jstr(h->h.id));
		json_object_object_add(j, "title", jstr(h->title));
		json_object_object_add(j, "date", jstr(h->date));
		json_object_object_add(j, "source", jstr(h->source));
		json_object_object_add(j, "url", jstr(h->url));
		json_object_object_add(j, "path", jstr(h->path));
		json_object_object_add(j, "line", json_object_new_int64(h->line));
		json_object_object_add(j, "column", json_object_new_int64(h->column));
		json_object_object_add(j, "entities", entities(a->res, i, &h->h.meta));
		json_object_object_add(j, "snippet", jstr(h->snippet ? h->snippet : ""));
		for (size_t k = 0; k < h->nspans; k++) {
			json_object *p = json_object_new_array();
			json_object_array_add(p, json_object_new_int64((int64_t)h->spans[k][0]));
			json_object_array_add(p, json_object_new_int64((int64_t)h->spans[k][1]));
			json_object_array_add(hl, p);
		}
		json_object_object_add(j, "highlights", hl);
		json_object_array_add(hits, j);
	}
	json_object_object_add(o, "hits", hits);
	if (a->has_facets) {
		static const enum shim_field ff[] = { SHIM_FIELD_ORG, SHIM_FIELD_PERSON,
			SHIM_FIELD_PLACE, SHIM_FIELD_SOURCE, SHIM_FIELD_YEAR };
		json_object *f = json_object_new_object();
		for (size_t k = 0; k < sizeof ff / sizeof *ff; k++) {
			json_object *arr = json_object_new_array();
			for (size_t j = 0; j < a->nfacets[ff[k]]; j++) {
				json_object *e = json_object_new_object();
				json_object_object_add(e, "value", jstr(a->facets[ff[k]][j].value));
				json_object_object_add(e, "count",
						       json_object_new_int64((int64_t)a->facets[ff[k]][j].count));
				json_object_array_add(arr, e);
			}
			json_object_object_add(f, shim_field_info(ff[k])->name, arr);
		}
		json_object_object_add(o, "facets", f);
	}
	json_object_object_add(o, "suggestion", jstr(a->suggestion));
	json_object_object_add(o, "time_ms", json_object_new_double(a->ms));
	return o;
}

json_object *render_json_error(const struct answer *a)
{
	json_object *o = json_object_new_object(), *e = json_object_new_object();

	json_object_object_add(o, "format_version", json_object_new_int(SEARCH_FORMAT_VERSION));
	json_object_object_add(o, "query", jstr(a->query));
	json_object_object_add(e, "code", jstr(a->code ? a->code : "error"));
	json_object_object_add(e, "message", jstr(a->message));
	json_object_object_add(e, "offset", a->errpos >= 0 ? json_object_new_int64(a->errpos) : NULL);
	json_object_object_add(o, "error", e);
	return o;
}

json_object *render_stats_json(const struct shim_stats *st)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "format_version", json_object_new_int(SEARCH_FORMAT_VERSION));
	json_object_object_add(o, "documents", json_object_new_int64((int64_t)st->documents));
	json_object_object_add(o, "terms", json_object_new_int64((int64_t)st->terms));
	json_object_object_add(o, "postings", json_object_new_int64((int64_t)st->postings));
	json_object_object_add(o, "first_date", st->first_date[0] ? jstr(st->first_date) : NULL);
	json_object_object_add(o, "last_date", st->last_date[0] ? jstr(st->last_date) : NULL);
	json_object_object_add(o, "disk_bytes", json_object_new_int64((int64_t)st->disk_bytes));
	json_object_object_add(o, "last_update", json_object_new_int64(st->last_update));
	json_object_object_add(o, "shards", json_object_new_int((int)st->shards));
	return o;
}

/* An article's metadata as --show prints it (README). */
json_object *render_meta_json(const struct shim_meta *m)
{
	json_object *o = json_object_new_object(), *ents = json_object_new_object();

	json_object_object_add(o, "id", jstr(m->id));
	json_object_object_add(o, "title", jstr(m->title));
	json_object_object_add(o, "date", jstr(m->date));
	json_object_object_add(o, "source", jstr(m->source));
	json_object_object_add(o, "author", jstr(m->author));
	json_object_object_add(o, "url", jstr(m->url));
	json_object_object_add(o, "lang", jstr(m->lang));
	json_object_object_add(o, "path", jstr(m->path));
	json_object_object_add(o, "format", jstr(m->format));
	json_object_object_add(o, "record", json_object_new_int64((int64_t)m->record));
	json_object_object_add(o, "line", json_object_new_int64((int64_t)m->line));
	for (size_t t = 0; t < SHIM_META_NENT; t++) {
		json_object *arr = json_object_new_array();
		for (size_t k = 0; k < m->nents[t]; k++)
			json_object_array_add(arr, json_object_new_string(m->ents[t][k]));
		json_object_object_add(ents, hit_entity_kinds[t].name, arr);
	}
	json_object_object_add(o, "entities", ents);
	return o;
}
