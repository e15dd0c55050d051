/*
 * test_read_json.c - the JSON and JSON Lines readers (indexer/read_json.c),
 * and where in the file each body line starts: after the text string's
 * quote, and after each line break it escapes.
 */
#include <dirent.h>
#include <stdint.h>

#include "check.h"
#include "readers.h"

#define MAXART 16

struct got {
	struct article a[MAXART];
	size_t n;
	char warn[2048];	/* "line:message|" for each warning */
	int stop_at;		/* emit returns 7 at this article (1-based) */
};

static int emit(void *ctx, struct article *a)
{
	struct got *g = ctx;

	if (g->n < MAXART) {
		g->a[g->n++] = *a;		/* take everything */
		memset(a, 0, sizeof *a);
	}
	return g->stop_at && (int)g->n == g->stop_at ? 7 : 0;
}

static void warn(void *ctx, uint32_t line, const char *msg)
{
	struct got *g = ctx;
	size_t o = strlen(g->warn);

	snprintf(g->warn + o, sizeof g->warn - o, "%u:%s|", line, msg);
}

static void got_free(struct got *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		article_clear(&g->a[i]);
	memset(g, 0, sizeof *g);
}

static char errbuf[256];

static int run(int (*reader)(const char *, size_t, const struct reader_ctx *),
	       const char *s, size_t len, struct got *g)
{
	struct reader_ctx rc = { emit, warn, g, errbuf, sizeof errbuf };

	errbuf[0] = '\0';
	return reader(s, len, &rc);
}

/* "text@line:col" for each body line, "|" between. */
static const char *body_of(const struct article *a)
{
	static char out[4096];
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < a->body.nlines && o < sizeof out; i++) {
		const struct body_line *l = &a->body.lines[i];

		o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s@%u:%u",
				      i ? "|" : "", (int)l->len,
				      a->body.s + l->off, l->line, l->col);
	}
	return out;
}

static void test_one_object(void)
{
	static const char doc[] =
		"\n\n{\"id\": \"a-1\", \"url\": \"https://example.org/a\",\n"
		" \"title\": \"  Vendor\\n review  \", \"date\": \"2019-02-26\",\n"
		" \"source\": \"Example News\", \"author\": \"A. Writer\",\n"
		" \"lang\": \"en\", \"description\": \"Short.\",\n"
		" \"extra\": {\"ignored\": [1, 2]},\n"
		" \"text\": \"First line.\\nSecond line.\\n\\n\\n  \\nNext para.\\n\\n\",\n"
		" \"body\": \"not used\",\n"
		" \"entities\": {\"org\": [\"NCSC\", \"  \", 5], \"person\": "
		"\"Guo Ping\", \"Places\": [\"UK\"], \"topic\": [\"5G\"]}}\n";
	struct got g = { 0 };
	const struct article *a;

	CHECK_INT(run(read_json, doc, sizeof doc - 1, &g), 0);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.warn, "");
	a = &g.a[0];
	CHECK_INT(a->format, ARTICLE_FMT_JSON);
	CHECK_STR(a->id, "a-1");
	CHECK_STR(a->url, "https://example.org/a");
	CHECK_STR(a->title, "Vendor review");
	CHECK_STR(a->date, "2019-02-26");
	CHECK_STR(a->source, "Example News");
	CHECK_STR(a->author, "A. Writer");
	CHECK_STR(a->lang, "en");
	CHECK_STR(a->description, "Short.");
	CHECK_INT(a->record, 1);
	CHECK_INT(a->first_line, 3);
	CHECK_STR(body_of(a), "First line.@8:11|Second line.@8:24|@0:0|"
		  "Next para.@8:46");
	CHECK_STR(a->body.s, "First line.\nSecond line.\n\nNext para.");
	CHECK_INT(a->nentities, 3);
	if (a->nentities == 3) {
		CHECK_STR(a->entities[0].type, "org");
		CHECK_STR(a->entities[0].name, "NCSC");
		CHECK_STR(a->entities[1].type, "person");
		CHECK_STR(a->entities[1].name, "Guo Ping");
		CHECK_STR(a->entities[2].type, "place");
		CHECK_STR(a->entities[2].name, "UK");
	}
	got_free(&g);
}

static void test_fields(void)
{
	struct got g = { 0 };
	static const char numid[] = "{\"id\": 42, \"body\": \"b\\r\\nc\"}";
	static const char dblid[] = "{\"id\": 1.5, \"title\": \"t\"}";
	static const char badtype[] =
		"{\"title\": 7, \"text\": [\"x\"], \"body\": \"from body\","
		" \"date\": 20190226}";
	static const char ents[] =
		"{\"title\": \"t\", \"entities\": [{\"type\": \"org\", \"name\": "
		"\"Huawei\"}, {\"type\": \"Organization\", \"name\": \"ANSSI\"},"
		" {\"type\": \"gpe\", \"name\": \"France\"}, {\"type\": "
		"\"misc\", \"name\": \"x\"}, {\"name\": \"no type\"}, \"s\", "
		"{\"type\": \"person\", \"name\": null}]}";
	static const char nul[] =
		"{\"title\": \"te\\u0000st\", \"text\": \"a\\u0001b\\ud800c "
		"caf\xE9 \xF0\x9F\x98\x80\"}";
	static const char bom[] = "\xEF\xBB\xBF{\"title\": \"bom\"}";

	CHECK_INT(run(read_json, numid, sizeof numid - 1, &g), 0);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.a[0].id, "42");
	CHECK(g.a[0].title == NULL);
	CHECK_STR(body_of(&g.a[0]), "b@1:21|c@1:26");
	got_free(&g);

	CHECK_INT(run(read_json, dblid, sizeof dblid - 1, &g), 0);
	CHECK_STR(g.a[0].id, "1.5");
	CHECK_INT(g.a[0].body.nlines, 0);
	got_free(&g);

	/* title and text of the wrong type warn; other fields are quiet */
	CHECK_INT(run(read_json, badtype, sizeof badtype - 1, &g), 0);
	CHECK_INT(g.n, 1);
	CHECK(g.a[0].title == NULL);
	CHECK(g.a[0].date == NULL);
	CHECK_STR(g.a[0].body.s, "from body");
	CHECK_STR(g.warn, "1:record 1: \"title\" is not a string|"
		  "1:record 1: \"text\" is not a string|");
	got_free(&g);

	CHECK_INT(run(read_json, ents, sizeof ents - 1, &g), 0);
	CHECK_INT(g.a[0].nentities, 3);
	if (g.a[0].nentities == 3) {
		CHECK_STR(g.a[0].entities[0].name, "Huawei");
		CHECK_STR(g.a[0].entities[1].type, "org");
		CHECK_STR(g.a[0].entities[1].name, "ANSSI");
		CHECK_STR(g.a[0].entities[2].type, "place");
		CHECK_STR(g.a[0].entities[2].name, "France");
	}
	got_free(&g);

	/* embedded NULs, controls, lone surrogates, invalid bytes */
	CHECK_INT(run(read_json, nul, sizeof nul - 1, &g), 0);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.a[0].title, "test");
	CHECK(g.a[0].body.s && utf8_valid(g.a[0].body.s, g.a[0].body.len));
	CHECK(g.a[0].body.s && strncmp(g.a[0].body.s, "ab", 2) == 0);
	CHECK(g.a[0].body.s && strstr(g.a[0].body.s, "caf\xEF\xBF\xBD "));
	CHECK(g.a[0].body.s && strstr(g.a[0].body.s, "\xF0\x9F\x98\x80"));
	got_free(&g);

	CHECK_INT(run(read_json, bom, sizeof bom - 1, &g), 0);
	CHECK_STR(g.a[0].title, "bom");
	got_free(&g);
}

/* Where body lines start: the text string found only at the object's
 * top (not in a value, not nested), the last of two as json-c keeps it;
 * breaks escaped as \n, \r\n, \r and \u000a; single quotes. */
static void test_positions(void)
{
	static const char doc[] =
		"{\"title\": \"text\", \"x\": {\"text\": \"nested\"},\n"
		"  \"text\": \"old\",\n"
		"  \"text\": \"a\\u000ab\\rc\\r\\nd \\\"q\\\"\\ne\"}\n";
	struct got g = { 0 };

	CHECK_INT(run(read_json, doc, sizeof doc - 1, &g), 0);
	CHECK_INT(g.n, 1);
	CHECK_STR(body_of(&g.a[0]), "a@3:12|b@3:19|c@3:22|d \"q\"@3:27|e@3:36");
	got_free(&g);
	CHECK_INT(run(read_json, "{'text': 'one\\ntwo'}", 20, &g), 0);
	CHECK_STR(body_of(&g.a[0]), "one@1:11|two@1:16");
	got_free(&g);

	/* Vim and Emacs show line 1 without the file's BOM: columns count
	 * from after it, in a document, an array and JSON Lines' first
	 * line; a BOM on a later line is a character of it */
	CHECK_INT(run(read_json, "\xEF\xBB\xBF{\"text\": \"one\"}", 18, &g), 0);
	CHECK_STR(body_of(&g.a[0]), "one@1:11");
	got_free(&g);
	CHECK_INT(run(read_json, "\xEF\xBB\xBF[{\"text\": \"one\"}]", 20, &g), 0);
	CHECK_STR(body_of(&g.a[0]), "one@1:12");
	got_free(&g);
	static const char lines[] = "\xEF\xBB\xBF{\"text\": \"one\"}\n"
				    "\xEF\xBB\xBF{\"text\": \"two\"}\n";
	CHECK_INT(run(read_jsonl, lines, sizeof lines - 1, &g), 0);
	CHECK_STR(body_of(&g.a[0]), "one@1:11");
	CHECK_STR(body_of(&g.a[1]), "two@2:14");
	got_free(&g);
}

static void test_array(void)
{
	static const char doc[] =
		"[\n"
		"  {\"title\": \"One\", \"text\": \"a [b] {c}\"},\n"
		"  \"not an object\",\n"
		"  {\"id\": \"x\", \"url\": \"u\"},\n"
		"\n"
		"  {\"title\": \"Four, with \\\"quotes\\\" and ]\",\n"
		"   \"text\": \"d\"}\n"
		"]\n";
	struct got g = { 0 };

	CHECK_INT(run(read_json, doc, sizeof doc - 1, &g), 0);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.a[0].title, "One");
	CHECK_INT(g.a[0].record, 1);
	CHECK_INT(g.a[0].first_line, 2);
	CHECK_STR(body_of(&g.a[0]), "a [b] {c}@2:29");
	CHECK_STR(g.a[1].title, "Four, with \"quotes\" and ]");
	CHECK_INT(g.a[1].record, 4);
	CHECK_INT(g.a[1].first_line, 6);
	CHECK_STR(body_of(&g.a[1]), "d@7:13");
	CHECK_STR(g.warn, "3:record 2 is not a JSON object|"
		  "4:record 3 has no text|");
	got_free(&g);

	CHECK_INT(run(read_json, "[]", 2, &g), 0);
	CHECK_INT(g.n, 0);

	/* emit's non-zero return stops the reader */
	g.stop_at = 1;
	CHECK_INT(run(read_json, doc, sizeof doc - 1, &g), 7);
	CHECK_INT(g.n, 1);
	got_free(&g);
}

static void test_sequence(void)
{
	static const char doc[] =
		"{\"title\": \"A\", \"text\": \"a\"}\n"
		"{\"title\": \"B\",\n \"text\": \"b\"}\n"
		"\n"
		"{\"title\": \"C\"}\n";
	struct got g = { 0 };

	CHECK_INT(run(read_json, doc, sizeof doc - 1, &g), 0);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.a[1].title, "B");
	CHECK_INT(g.a[1].first_line, 2);
	CHECK_INT(g.a[1].record, 2);
	CHECK_INT(g.a[2].first_line, 5);
	CHECK_INT(g.a[2].format, ARTICLE_FMT_JSON);
	got_free(&g);
}

static void test_errors(void)
{
	struct got g = { 0 };
	char deep[400];
	size_t i;

	CHECK_INT(run(read_json, "{\"title\": \"x\"} tail", 19, &g), -1);
	CHECK_STR(errbuf, "trailing garbage after JSON at line 1");
	CHECK_INT(g.n, 0);
	CHECK_INT(run(read_json, "[{\"title\": \"x\"}]\n\n]", 19, &g), -1);
	CHECK_STR(errbuf, "trailing garbage after JSON at line 3");
	CHECK_INT(g.n, 0);

	CHECK_INT(run(read_json, "{\"title\": \"x\", \"text\": \"ab", 25, &g),
		  -1);
	CHECK_STR(errbuf, "truncated JSON (unexpected end of input)");
	CHECK_INT(run(read_json, "[{\"title\": \"x\"},\n", 17, &g), -1);
	CHECK_STR(errbuf, "truncated JSON (unexpected end of input)");

	CHECK_INT(run(read_json, "{\"title\":\n nope}", 16, &g), -1);
	CHECK(strncmp(errbuf, "malformed JSON at line 2: ", 26) == 0);

	for (i = 0; i < sizeof deep; i++)
		deep[i] = i < sizeof deep / 2 ? '[' : ']';
	CHECK_INT(run(read_json, deep, sizeof deep, &g), -1);
	CHECK(strncmp(errbuf, "malformed JSON at line 1: ", 26) == 0);
	CHECK(strstr(errbuf, "nesting") != NULL);

	CHECK_INT(run(read_json, "  \n ", 4, &g), -1);
	CHECK_STR(errbuf, "empty JSON document");
	CHECK_INT(run(read_json, "\"just a string\"", 15, &g), -1);
	CHECK_STR(errbuf, "JSON document is not an object or an array of "
		  "objects");
	CHECK_INT(run(read_json, "42", 2, &g), -1);
	CHECK_STR(errbuf, "JSON document is not an object or an array of "
		  "objects");
	/* raw NUL bytes and junk: a clean error, no crash */
	CHECK_INT(run(read_json, "{\"title\": \"a\0b\"}", 16, &g), -1);
	CHECK_INT(run(read_json, "{\0}", 3, &g), -1);
	CHECK_INT(run(read_json, "\xFF\xFE{", 3, &g), -1);
	CHECK_INT(g.n, 0);
	got_free(&g);
}

static void test_jsonl(void)
{
	static const char doc[] =
		"{\"title\": \"One\", \"text\": \"p1\\n\\np2\"}\r\n"
		"{\"title\": \"Two\", oops}\n"
		"   \n"
		"{\"id\": 7, \"text\": \"third\"}\n"
		"[1, 2]\n"
		"{\"url\": \"no text\"}\n"
		"{\"title\": \"trail\"} x\n"
		"{\"title\": \"Last\"}";
	struct got g = { 0 };
	struct reader_ctx rc = { emit, warn, &g, errbuf, sizeof errbuf };

	CHECK_INT(run(read_jsonl, doc, sizeof doc - 1, &g), 0);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.a[0].title, "One");
	CHECK_INT(g.a[0].format, ARTICLE_FMT_JSONL);
	CHECK_INT(g.a[0].first_line, 1);
	CHECK_INT(g.a[0].record, 1);
	CHECK_STR(body_of(&g.a[0]), "p1@1:27|@0:0|p2@1:33");
	CHECK_STR(g.a[1].id, "7");
	CHECK_INT(g.a[1].first_line, 4);
	CHECK_INT(g.a[1].record, 3);
	CHECK_STR(body_of(&g.a[1]), "third@4:20");
	CHECK_STR(g.a[2].title, "Last");
	CHECK_INT(g.a[2].first_line, 8);
	CHECK_INT(g.a[2].record, 7);
	CHECK(strncmp(g.warn, "2:malformed JSON at line 1: ", 28) == 0);
	CHECK(strstr(g.warn, "|5:record 4 is not a JSON object|"
		     "6:record 5 has no text|"
		     "7:trailing garbage after JSON object|") != NULL);
	got_free(&g);

	/* one line at a time, as the indexer calls it */
	CHECK_INT(read_jsonl_line("{\"title\": \"x\"}", 14, 12, 5, &rc), 0);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.a[0].first_line, 12);
	CHECK_INT(g.a[0].record, 5);
	CHECK_INT(read_jsonl_line("  ", 2, 13, 6, &rc), 0);
	CHECK_INT(read_jsonl_line("", 0, 14, 6, &rc), 0);
	CHECK_INT(g.n, 1);
	CHECK_INT(read_jsonl_line("{\"title\": ", 10, 15, 6, &rc), -1);
	CHECK_STR(g.warn, "15:truncated JSON (unexpected end of input)|");
	CHECK_INT(read_jsonl_line("{\"title\": \"a\0\"}", 15, 16, 6, &rc),
		  -1);
	CHECK_INT(g.n, 1);
	g.stop_at = 2;
	CHECK_INT(read_jsonl_line("{\"title\": \"y\"}", 14, 17, 6, &rc), 7);
	got_free(&g);
}

/* Every .jsonl and .json in samples/feeds yields titled articles with text. */
static void test_samples(void)
{
	const char *src = getenv("srcdir");
	char dir[1024], path[2048];
	DIR *d;
	struct dirent *e;
	size_t files = 0;

	snprintf(dir, sizeof dir, "%s/samples/feeds", src ? src : ".");
	d = opendir(dir);
	if (!d)
		return;		/* samples not written yet */
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name), len, i;
		bool jsonl = n > 6 && strcmp(e->d_name + n - 6, ".jsonl") == 0;
		bool json = n > 5 && strcmp(e->d_name + n - 5, ".json") == 0;
		struct got g = { 0 };
		char *buf;
		FILE *f;
		long sz;

		if (!json && !jsonl)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		CHECK(f != NULL);
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		sz = ftell(f);
		rewind(f);
		buf = malloc((size_t)sz + 1);
		len = buf ? fread(buf, 1, (size_t)sz, f) : 0;
		fclose(f);
		CHECK(buf && len == (size_t)sz);
		files++;
		CHECK_INT(run(jsonl ? read_jsonl : read_json, buf, len, &g), 0);
		if (g.warn[0])
			fprintf(stderr, "%s: %s\n", path, g.warn);
		CHECK_STR(g.warn, "");
		CHECK(g.n > 0);
		for (i = 0; i < g.n; i++) {
			CHECK(g.a[i].title && g.a[i].title[0]);
			CHECK(g.a[i].body.nlines > 0);
		}
		got_free(&g);
		free(buf);
	}
	closedir(d);
	fprintf(stderr, "samples/feeds: %zu files read\n", files);
}

int main(void)
{
	test_one_object();
	test_fields();
	test_positions();
	test_array();
	test_sequence();
	test_errors();
	test_jsonl();
	test_samples();
	return CHECK_DONE();
}
