/*
 * record.c - one article into the index (or onto stdout for --dry-run).
 *
 * Fills what the reader could not: a title from the first line, the date
 * normalised (dates.h), the source from the URL's host, the language
 * (metadata, else English), the article id (given id, else URL, else the
 * file's real path plus "#N" for the Nth record of a multi-record file),
 * then the entities (entities.h), and stores the article in two parts that
 * every front end reads (shim_doc_set_meta() and shim_doc_set_data()):
 *
 * meta, read for every hit: a struct shim_meta packed by the shim (id,
 *   title, date (ISO 8601, precision kept), source, author, url, lang,
 *   path (real path of the file), format, record (1-based), line (first
 *   line of the record), and the org, person and place names);
 *
 * data, read only for snippets, match positions and --show:
 *   LINEMAP "\n" TEXT
 *   TEXT is the clean text, lines joined by "\n", paragraphs by a blank
 *   line.  LINEMAP says where each of its lines starts in the original
 *   (decompressed) file, as runs separated by ";": "L,C" is one line at
 *   line L, column C (bytes, 1-based; 0 = unknown); "L,C*N" is N lines at
 *   lines L, L+1, ... all at column C.  Such a line is the file's own
 *   bytes from there, so an offset into it is a column offset.  "L,C=P"
 *   is one line whose source starts at L,C but of which only the first P
 *   bytes (often 0) are the file's: decoded (quoted-printable, charset,
 *   entities, JSON escapes), repaired (invalid UTF-8), or joined from
 *   several lines.  Maps written before "=P" existed have none and mean
 *   every line is a copy.  See searcher/hit.c.
 *
 * --dry-run --json prints the same metadata as a JSON object
 *   { "format_version", "key" (the file label), "id", "title", "date", "source",
 *     "author", "url", "lang", "path", "format", "record", "line",
 *     "entities": { "org": [...], "person": [...], "place": [...] },
 *     "text" }
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "clean.h"
#include "dates.h"
#include "indexer.h"
#include "readers.h"

/* The "format_version" of --dry-run --json's objects (3: it was "v"). */
#define RECORD_VERSION 3

_Static_assert((int)ENTITY_ORG == SHIM_META_ORG && (int)ENTITY_PERSON == SHIM_META_PERSON &&
	       (int)ENTITY_PLACE == SHIM_META_PLACE && (int)ENTITY_NTYPES == SHIM_META_NENT,
	       "entity types and the shim's metadata lists share their order");

static const char *format_name(enum article_format f)
{
	return sniff_format_name(f);
}

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

/* The host of a URL without "www.", into buf; "" when there is none. */
static void url_host(const char *url, char *buf, size_t len)
{
	const char *p = url ? strstr(url, "://") : NULL;
	size_t n = 0;

	buf[0] = '\0';
	if (!p)
		return;
	p += 3;
	if (strncmp(p, "www.", 4) == 0)
		p += 4;
	while (p[n] && p[n] != '/' && p[n] != ':' && p[n] != '?' && p[n] != '#')
		n++;
	if (n == 0 || n >= len)
		return;
	memcpy(buf, p, n);
	buf[n] = '\0';
}

#define TITLE_FROM_BODY 120	/* bytes of the first line that make a title */

/* Does the line hold a letter or a digit (not a rule of dashes or of
 * "・・・")? */
static bool has_word(const char *s, size_t len)
{
	for (size_t i = 0, n; i < len; i += n) {
		unsigned cp;
		n = shim_utf8_lower(s + i, len - i, &cp);
		if (shim_wordchar(cp))
			return true;
	}
	return false;
}

/* First body line with words in it as a title: a long one cut after a
 * word (else after a character) within TITLE_FROM_BODY bytes, with "…"
 * for the rest. */
static char *title_from_body(const struct body *b)
{
	for (size_t i = 0; i < b->nlines; i++) {
		const struct body_line *l = &b->lines[i];
		const char *s = b->s + l->off;
		if (!has_word(s, l->len))
			continue;
		size_t n = l->len;
		bool cut = n > TITLE_FROM_BODY;
		if (cut) {
			n = TITLE_FROM_BODY;
			while (n > TITLE_FROM_BODY / 2 && s[n] != ' ')
				n--;
			if (s[n] != ' ')	/* no space: a character's end */
				for (n = TITLE_FROM_BODY; n > 0 &&
				     ((unsigned char)s[n] & 0xC0) == 0x80; n--)
					;
			while (n > 0 && strchr(" ,;:-", s[n - 1]))
				n--;
		}
		char *t = malloc(n + sizeof "\xe2\x80\xa6");
		if (t) {
			memcpy(t, s, n);
			strcpy(t + n, cut ? "\xe2\x80\xa6" : "");
		}
		return t;
	}
	return NULL;
}

static bool id_seen(struct indexer *ix, const char *id)
{
	/* a hash set: one JSON Lines corpus is 100,000 records (a list
	 * made this check quadratic, a sixth of a run at 30,000) */
	return smap_put(&ix->ids, id, strlen(id), 1, NULL) == 1;
}

static json_object *entities_json(const struct entity_result *er)
{
	json_object *o = json_object_new_object();
	for (int t = 0; t < ENTITY_NTYPES; t++) {
		json_object *arr = json_object_new_array();
		for (size_t i = 0; i < er->nents; i++)
			if ((int)er->ents[i].type == t)
				json_object_array_add(arr, json_object_new_string(er->ents[i].name));
		json_object_object_add(o, entity_type_name((enum entity_type)t), arr);
	}
	return o;
}

/* s on stdout with its control characters as '?': a title or a file
 * name must not drive the terminal. */
static void put_plain(const char *s)
{
	for (; *s; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

/* What --dry-run without --json prints for an article: "KEY: TITLE
 * (DATE)", from its JSON object o. */
static void dry_run_line(json_object *o)
{
	json_object *k, *t, *d;

	json_object_object_get_ex(o, "key", &k);
	json_object_object_get_ex(o, "title", &t);
	json_object_object_get_ex(o, "date", &d);
	put_plain(json_object_get_string(k));
	fputs(": ", stdout);
	put_plain(t ? json_object_get_string(t) : "(no title)");
	if (d) {
		fputs(" (", stdout);
		put_plain(json_object_get_string(d));
		putchar(')');
	}
	putchar('\n');
}

/* What --dry-run --json prints for an article (layout above). */
static json_object *record_json(struct indexer *ix, const struct article *a,
				const char *id, const char *date_iso,
				const char *source, const char *lang,
				const struct entity_result *er)
{
	json_object *o = json_object_new_object();
	const struct walk_file *f = ix->file;
	/* The label relative to the argument, "#N" for multi-record files. */
	char key[4200];

	if (ix->multi || a->record > 1)
		snprintf(key, sizeof key, "%s#%u", f->label, a->record);
	else
		snprintf(key, sizeof key, "%s", f->label);
	json_object_object_add(o, "key", jstr(key));
	json_object_object_add(o, "format_version", json_object_new_int(RECORD_VERSION));
	json_object_object_add(o, "id", jstr(id));
	json_object_object_add(o, "title", jstr(a->title));
	json_object_object_add(o, "date", jstr(date_iso));
	json_object_object_add(o, "source", jstr(source));
	json_object_object_add(o, "author", jstr(a->author));
	json_object_object_add(o, "url", jstr(a->url));
	json_object_object_add(o, "lang", jstr(lang));
	json_object_object_add(o, "path", jstr(f->key));
	json_object_object_add(o, "format", jstr(format_name(ix->format)));
	json_object_object_add(o, "record", json_object_new_int((int32_t)a->record));
	json_object_object_add(o, "line", json_object_new_int((int32_t)a->first_line));
	json_object_object_add(o, "entities", entities_json(er));
	json_object_object_add(o, "text",
			       json_object_new_string_len(a->body.s ? a->body.s : "",
							  (int)a->body.len));
	return o;
}

/* The packed metadata the index stores (layout above): malloc'd into
 * *out (*len bytes), or a shim status. */
static shim_status_t record_meta(struct indexer *ix, const struct article *a,
				 const char *id, const char *date_iso,
				 const char *source, const char *lang,
				 const struct entity_result *er, char **out,
				 size_t *len)
{
	struct shim_meta m;
	const char **names = NULL;
	shim_status_t st;

	memset(&m, 0, sizeof m);
	m.id = id;
	m.title = a->title;
	m.date = date_iso;
	m.source = source;
	m.author = a->author;
	m.url = a->url;
	m.lang = lang;
	m.path = ix->file->key;
	m.format = format_name(ix->format);
	m.record = a->record;
	m.line = a->first_line;
	if (er->nents) {
		size_t at = 0;
		names = malloc(er->nents * sizeof *names);
		if (!names)
			return SHIM_NOMEM;
		for (int t = 0; t < SHIM_META_NENT; t++) {
			m.ents[t] = names + at;
			for (size_t i = 0; i < er->nents; i++)
				if ((int)er->ents[i].type == t)
					names[at++] = er->ents[i].name;
			m.nents[t] = (size_t)(names + at - m.ents[t]);
		}
	}
	st = shim_meta_pack(&m, out, len);
	free(names);
	return st;
}

/* Appends k bytes to *buf (len used, cap allocated, kept NUL-terminated);
 * -1 when out of memory. */
static int buf_append(char **buf, size_t *len, size_t *cap, const char *s,
		      size_t k)
{
	if (*len + k + 1 > *cap) {
		size_t c = *cap ? *cap * 2 : 256;
		while (c < *len + k + 1)
			c *= 2;
		char *v = realloc(*buf, c);
		if (!v)
			return -1;
		*buf = v;
		*cap = c;
	}
	memcpy(*buf + *len, s, k);
	*len += k;
	(*buf)[*len] = '\0';
	return 0;
}

/* The stored data: the line map, a newline, the clean text (layout above).
 * malloc'd, *len set; NULL when out of memory. */
static char *record_data(const struct body *b, size_t *len)
{
	char *buf = NULL, run_s[64];
	size_t n = 0, cap = 0, i = 0;

	while (i < b->nlines) {
		const struct body_line *l = &b->lines[i];
		size_t run = 1;
		bool copy = l->line == 0 || l->verbatim >= l->len;
		/* copied lines that follow each other in the file at one
		 * column */
		while (copy && i + run < b->nlines && l->line > 0 &&
		       b->lines[i + run].line == l->line + run &&
		       b->lines[i + run].col == l->col &&
		       b->lines[i + run].verbatim >= b->lines[i + run].len)
			run++;
		int k = !copy ? snprintf(run_s, sizeof run_s, "%s%lu,%lu=%zu", n ? ";" : "",
					 (unsigned long)l->line, (unsigned long)l->col,
					 l->verbatim)
			: run > 1 ? snprintf(run_s, sizeof run_s, "%s%lu,%lu*%zu", n ? ";" : "",
					     (unsigned long)l->line, (unsigned long)l->col, run)
			: snprintf(run_s, sizeof run_s, "%s%lu,%lu", n ? ";" : "",
				   (unsigned long)l->line, (unsigned long)l->col);
		if (buf_append(&buf, &n, &cap, run_s, (size_t)k) != 0)
			goto oom;
		i += run;
	}
	if (buf_append(&buf, &n, &cap, "\n", 1) != 0 ||
	    buf_append(&buf, &n, &cap, b->s ? b->s : "", b->len) != 0)
		goto oom;
	*len = n;
	return buf;
oom:
	free(buf);
	return NULL;
}

static int shim_fail(struct indexer *ix)
{
	snprintf(ix->err, sizeof ix->err, "%s", shim_writer_error(ix->w));
	ix->fatal = 1;
	return 1;
}

static int add_document(struct indexer *ix, const struct article *a,
			const char *id, const struct date *d, bool dated,
			const char *source, const char *lang,
			const struct entity_result *er, const char *meta,
			size_t metalen)
{
	shim_writer_t *w = ix->w;
	shim_doc_t *doc;
	int replaced = 0;
	static const enum shim_field type_field[ENTITY_NTYPES] = {
		SHIM_FIELD_ORG, SHIM_FIELD_PERSON, SHIM_FIELD_PLACE };

	if (shim_doc_new(w, &doc) != SHIM_OK)
		return shim_fail(ix);
#define TRY(call) do { if ((call) != SHIM_OK) { shim_doc_free(doc); return shim_fail(ix); } } while (0)
	if (a->title)
		TRY(shim_doc_add_text(doc, SHIM_FIELD_TITLE, a->title, strlen(a->title), lang));
	TRY(shim_doc_add_text(doc, SHIM_FIELD_BODY, a->body.s ? a->body.s : "", a->body.len, lang));
	for (size_t i = 0; i < er->nents; i++)
		TRY(shim_doc_add_value(doc, type_field[er->ents[i].type], er->ents[i].name,
				       er->ents[i].count ? er->ents[i].count : 1));
	for (size_t i = 0; i < er->naliases; i++)
		TRY(shim_writer_add_alias(w, type_field[er->aliases[i].type],
					  er->aliases[i].alias, er->aliases[i].name, 0));
	if (source)
		TRY(shim_doc_add_value(doc, SHIM_FIELD_SOURCE, source, 1));
	if (a->author) {
		/* "Jane Doe and John Roe", "Doe, Roe & Poe": one value each */
		char *names = strdup(a->author), *save = NULL;
		if (!names) {
			shim_doc_free(doc);
			snprintf(ix->err, sizeof ix->err, "out of memory");
			ix->fatal = 1;
			return 1;
		}
		for (char *p = names; (p = strstr(p, " and ")) != NULL; p += 5) {
			p[1] = ',';	/* " and " -> " ,   " */
			p[2] = p[3] = ' ';
		}
		for (char *n = strtok_r(names, ",&;", &save); n; n = strtok_r(NULL, ",&;", &save)) {
			while (*n == ' ')
				n++;
			if (*n && shim_doc_add_value(doc, SHIM_FIELD_AUTHOR, n, 1) != SHIM_OK) {
				free(names);
				shim_doc_free(doc);
				return shim_fail(ix);
			}
		}
		free(names);
	}
	TRY(shim_doc_add_value(doc, SHIM_FIELD_LANG, lang, 1));
	if (dated)
		TRY(shim_doc_set_date(doc, d->year, d->month, d->day));
	if (dated && d->prec == DATE_SECOND)	/* orders one day's articles */
		TRY(shim_doc_set_time(doc, d->hour, d->min, d->sec));
	TRY(shim_doc_set_file(doc, ix->file->key));
	TRY(shim_doc_set_meta(doc, meta, metalen));
	{
		size_t len;
		char *data = record_data(&a->body, &len);
		if (!data) {
			shim_doc_free(doc);
			snprintf(ix->err, sizeof ix->err, "out of memory");
			ix->fatal = 1;
			return 1;
		}
		shim_status_t st = shim_doc_set_data(doc, data, len);
		free(data);
		TRY(st);
	}
	TRY(shim_writer_put(w, doc, id, &replaced));
#undef TRY
	shim_doc_free(doc);
	if (replaced || ix->had_docs)
		ix->st.replaced++;
	else
		ix->st.added++;
	return 0;
}

int record_article(void *ctx, struct article *a)
{
	struct indexer *ix = ctx;
	const struct walk_file *f = ix->file;
	char iso[DATES_ISO_MAX] = "", host[256], lang[16], err[256] = "";
	char *id = NULL, where[64] = "";
	struct date d;
	struct entity_result er;
	bool dated = false;
	const char *source;
	int rc = 0;

	if (*ix->stop || ix->fatal)
		return 1;
	memset(&er, 0, sizeof er);
	if (ix->multi)
		snprintf(where, sizeof where, ":%u", a->first_line);
	if (a->body.len == 0 && !a->title) {
		fprintf(stderr, "dossier-index: %s%s: no text (skipped)\n", f->path, where);
		ix->st.skipped[SKIP_EMPTY]++;
		return 0;
	}
	/* Newsletters and alerts carry footers (unsubscribe, manage alerts):
	 * the structural cleaner removes them as it does for web pages. */
	/* JSON text was extracted by its producer: only encoded data (a
	 * mail's undecoded base64, carried along) is taken out of it. */
	if (ix->format == ARTICLE_FMT_MAIL || ix->format == ARTICLE_FMT_JSON ||
	    ix->format == ARTICLE_FMT_JSONL) {
		struct clean_report rep;
		char cerr[128];
		int r = ix->format == ARTICLE_FMT_MAIL ?
			clean_body(&a->body, &rep, cerr, sizeof cerr) :
			clean_body_data(&a->body, &rep, cerr, sizeof cerr);
		if (r != 0) {
			snprintf(ix->err, sizeof ix->err, "%s", cerr);
			ix->fatal = 1;
			return 1;
		}
	}
	/* after the cleaners, which may cut or join lines */
	if (ix->src)
		body_mark_verbatim(&a->body, ix->src, ix->srclen, ix->src_line);
	if (!a->title)
		a->title = title_from_body(&a->body);
	if (a->date && dates_parse(a->date, strlen(a->date), &d) == 0) {
		dated = true;
		dates_format_iso(&d, iso);
	}
	url_host(a->url, host, sizeof host);
	source = a->source ? a->source : host[0] ? host : NULL;
	snprintf(lang, sizeof lang, "%s", a->lang ? a->lang : "en");
	for (char *p = lang; *p; p++) {
		if (*p == '-' || *p == '_') {
			*p = '\0';
			break;
		}
		if (*p >= 'A' && *p <= 'Z')
			*p += 32;
	}

	if (a->id && *a->id)
		id = strdup(a->id);
	else if (a->url && *a->url)
		id = strdup(a->url);
	else if (ix->multi || a->record > 1) {
		size_t n = strlen(f->key) + 16;
		id = malloc(n);
		if (id)
			snprintf(id, n, "%s#%u", f->key, a->record);
	} else
		id = strdup(f->key);
	if (!id) {
		snprintf(ix->err, sizeof ix->err, "out of memory");
		ix->fatal = 1;
		return 1;
	}
	if (id_seen(ix, id)) {
		fprintf(stderr, "dossier-index: %s%s: duplicate id '%s' in this file (skipped)\n",
			f->path, where, id);
		ix->st.skipped[SKIP_DUPLICATE_ID]++;
		free(id);
		return 0;
	}
	if (ix->w) {
		char other[4096];
		if (shim_writer_id_file(ix->w, id, other, sizeof other) == SHIM_OK &&
		    strcmp(other, f->key) != 0) {
			fprintf(stderr, "dossier-index: %s%s: id '%s' is already indexed from %s (skipped)\n",
				f->path, where, id, other);
			ix->st.skipped[SKIP_DUPLICATE_ID]++;
			free(id);
			return 0;
		}
	}

	if (entities_extract(ix->gaz, a, &er, err, sizeof err) != 0) {
		fprintf(stderr, "dossier-index: %s%s: entities: %s\n", f->path, where, err);
		ix->st.warnings++;
		entities_result_free(&er);
		memset(&er, 0, sizeof er);
	}
	if (ix->opts->dry_run) {
		json_object *o = record_json(ix, a, id, iso[0] ? iso : NULL, source,
					     lang, &er);
		const char *data = json_object_to_json_string_ext(
			o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
		if (data) {
			if (ix->opts->json)
				puts(data);
			else
				dry_run_line(o);
			ix->st.added++;
		} else {
			snprintf(ix->err, sizeof ix->err, "out of memory");
			ix->fatal = 1;
			rc = 1;
		}
		json_object_put(o);
	} else {
		char *meta = NULL;
		size_t metalen = 0;
		shim_status_t st = record_meta(ix, a, id, iso[0] ? iso : NULL, source,
					       lang, &er, &meta, &metalen);
		if (st == SHIM_TOO_BIG) {
			fprintf(stderr, "dossier-index: %s%s: metadata over 1 MiB (skipped)\n",
				f->path, where);
			ix->st.skipped[SKIP_TOO_BIG]++;
		} else if (st != SHIM_OK) {
			snprintf(ix->err, sizeof ix->err, "out of memory");
			ix->fatal = 1;
			rc = 1;
		} else {
			rc = add_document(ix, a, id, &d, dated, source, lang, &er,
					  meta, metalen);
		}
		free(meta);
	}
	if (rc == 0)
		ix->file_docs++;
	/* a big file (one JSON Lines corpus) moves the line too */
	progress_update(ix->prog, ix->bytes_done + (ix->in ? input_bytes_in(ix->in) : 0),
			ix->nfile, ix->st.added + ix->st.replaced);
	entities_result_free(&er);
	free(id);
	if (rc == 0 && indexer_maybe_commit(ix, false) != 0)
		rc = 1;
	return rc;
}
