/*
 * render_text.c - results for people: a count line, then per hit its rank,
 * title and score, a line of date, source and file:line, the entities
 * (those that matched first, marked with '*'), and the snippet with its
 * matches highlighted (bold on a colour terminal, [brackets] otherwise),
 * then the facets and any "did you mean".  Every string from the index
 * goes out through escape.c, colour or not: a file name or a title must
 * not be able to drive the terminal.
 */
#include <string.h>
#include <time.h>

#include "searcher.h"

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define HI "\033[1;31m"
#define OFF "\033[0m"

/* A one-line field (title, path, entity...): a newline in it is shown. */
static void put(FILE *out, const char *s)
{
	escape_puts(out, s, 0);
}

/* A snippet is running text: its line breaks and tabs are spaces. */
static void snippet(FILE *out, const struct hit *h, bool color)
{
	size_t pos = 0;
	const char *s = h->snippet;
	for (size_t k = 0; k < h->nspans; k++) {
		escape_text(out, s + pos, h->spans[k][0] - pos, ESCAPE_ONE_LINE);
		fputs(color ? HI : "[", out);
		escape_text(out, s + h->spans[k][0], h->spans[k][1] - h->spans[k][0],
			    ESCAPE_ONE_LINE);
		fputs(color ? OFF : "]", out);
		pos = h->spans[k][1];
	}
	escape_puts(out, s + pos, ESCAPE_ONE_LINE);
}

/* The entities of a kind a hit lists at most, past those that matched. */
#define ENTITIES_SHOWN 6

static void entity(FILE *out, const char *v, bool first, bool hit, bool color)
{
	fprintf(out, "%s%s", first ? "" : ", ", hit && color ? BOLD : "");
	put(out, v);
	fprintf(out, "%s%s", hit ? "*" : "", hit && color ? OFF : "");
}

/*
 * Those that matched come first, all of them, since they say why the
 * article was found (place:Canada must show Canada, whatever its place
 * among twelve); then the others, up to ENTITIES_SHOWN in all.
 */
static void entities(FILE *out, const struct answer *a, size_t i, int indent,
		     bool color)
{
	const struct shim_meta *m = &a->hits[i].h.meta;
	bool any = false;

	for (size_t t = 0; t < SHIM_META_NENT; t++) {
		enum shim_field f = hit_entity_kinds[t].field;
		size_t n = m->nents[t], shown = 0;
		if (!n)
			continue;
		fprintf(out, "%*s%s%s: ", any ? 2 : indent, "", color ? DIM : "",
			hit_entity_kinds[t].name);
		if (color)
			fputs(OFF, out);
		for (size_t k = 0; k < n; k++)
			if (shim_results_matched_value(a->res, i, f, m->ents[t][k]))
				entity(out, m->ents[t][k], shown++ == 0, true, color);
		for (size_t k = 0; k < n && shown < ENTITIES_SHOWN; k++)
			if (!shim_results_matched_value(a->res, i, f, m->ents[t][k]))
				entity(out, m->ents[t][k], shown++ == 0, false, color);
		if (n > shown)
			fprintf(out, ", +%zu", n - shown);
		any = true;
	}
	if (any)
		fputc('\n', out);
}

/* The width of the widest rank of a's hits, at least 3, so that a
 * hit's lines start under its title on every page ("1000. " too). */
static int rank_width(const struct answer *a)
{
	int w = 3;

	if (a->nhits)
		for (unsigned r = a->hits[a->nhits - 1].h.rank; r >= 1000; r /= 10)
			w++;
	return w;
}

void render_text(FILE *out, const struct answer *a, bool color)
{
	int w = rank_width(a);

	if (a->suggestion) {
		fputs("did you mean: ", out);
		put(out, a->suggestion);
		fputc('\n', out);
	}
	fprintf(out, "%s%zu match%s", a->exact ? "" : "about ", a->total,
		a->total == 1 ? "" : "es");
	if (a->nhits)
		fprintf(out, ", showing %u-%u\n", a->hits[0].h.rank,
			a->hits[a->nhits - 1].h.rank);
	else if (a->total && a->offset)	/* a page past the last */
		fprintf(out, "; --offset %zu is past the last\n", a->offset);
	else
		fputc('\n', out);
	for (size_t i = 0; i < a->nhits; i++) {
		const struct hit *h = &a->hits[i];
		fprintf(out, "\n%*u. %s", w, h->h.rank, color ? BOLD : "");
		put(out, h->title ? h->title : h->h.id);
		fprintf(out, "%s  %s(%.2f)%s\n", color ? OFF : "", color ? DIM : "",
			h->h.score, color ? OFF : "");
		fprintf(out, "%*s%s", w + 2, "", color ? DIM : "");
		put(out, h->date ? h->date : "undated");
		if (h->source) {
			fputs(" | ", out);
			put(out, h->source);
		}
		if (h->path) {
			fputs(" | ", out);
			put(out, h->path);
			fprintf(out, ":%ld", h->line);
		}
		fprintf(out, "%s\n", color ? OFF : "");
		entities(out, a, i, w + 2, color);
		if (h->snippet && *h->snippet) {
			fprintf(out, "%*s", w + 2, "");
			snippet(out, h, color);
			fputc('\n', out);
		}
	}
	if (a->has_facets) {
		static const enum shim_field ff[] = { SHIM_FIELD_ORG, SHIM_FIELD_PERSON,
			SHIM_FIELD_PLACE, SHIM_FIELD_SOURCE, SHIM_FIELD_YEAR };
		fputs("\nfacets over all matches:\n", out);
		for (size_t k = 0; k < sizeof ff / sizeof *ff; k++) {
			if (!a->nfacets[ff[k]])
				continue;
			fprintf(out, "  %-7s", shim_field_info(ff[k])->name);
			for (size_t j = 0; j < a->nfacets[ff[k]]; j++) {
				fputs(j ? ", " : " ", out);
				put(out, a->facets[ff[k]][j].value);
				fprintf(out, " (%zu)", a->facets[ff[k]][j].count);
			}
			fputc('\n', out);
		}
	}
}

static const char *str_field(json_object *o, const char *k)
{
	json_object *v;
	if (!json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

void render_article_text(FILE *out, json_object *rec, bool color)
{
	static const char *const keys[] = { "id", "date", "source", "author", "url",
		"lang", "path", "format" };
	json_object *ents, *text;

	fputs(color ? BOLD : "", out);
	put(out, str_field(rec, "title") ? str_field(rec, "title") : "(untitled)");
	fprintf(out, "%s\n", color ? OFF : "");
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		if (str_field(rec, keys[i])) {
			fprintf(out, "%-8s ", keys[i]);
			put(out, str_field(rec, keys[i]));
			fputc('\n', out);
		}
	}
	if (json_object_object_get_ex(rec, "entities", &ents)) {
		json_object_object_foreach(ents, type, names) {
			size_t n = json_object_array_length(names);
			if (!n)
				continue;
			fprintf(out, "%-8s ", type);
			for (size_t k = 0; k < n; k++) {
				fputs(k ? ", " : "", out);
				put(out, json_object_get_string(json_object_array_get_idx(names, k)));
			}
			fputc('\n', out);
		}
	}
	/* the article's own lines and tabs are its layout; nothing else passes */
	fputc('\n', out);
	if (json_object_object_get_ex(rec, "text", &text) &&
	    json_object_is_type(text, json_type_string))
		escape_text(out, json_object_get_string(text),
			    (size_t)json_object_get_string_len(text), ESCAPE_LAYOUT);
	fputc('\n', out);
}

void render_stats_text(FILE *out, const struct shim_stats *st)
{
	char when[64] = "never";
	time_t t = (time_t)st->last_update;
	if (t) {
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
	}
	fprintf(out, "documents    %llu\n", (unsigned long long)st->documents);
	fprintf(out, "terms        %llu\n", (unsigned long long)st->terms);
	fprintf(out, "postings     %llu\n", (unsigned long long)st->postings);
	char first[11], last[11];
	if (render_stats_date(st->first_date, first) && render_stats_date(st->last_date, last))
		fprintf(out, "dates        %s .. %s\n", first, last);
	else
		fputs("dates        none (no article is dated)\n", out);
	fprintf(out, "disk         %.1f MB\n", st->disk_bytes / 1e6);
	fprintf(out, "shards       %u\n", st->shards);
	fprintf(out, "last update  %s\n", when);
}
