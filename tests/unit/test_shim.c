/*
 * test_shim.c - drives the shim's C API directly: create an index, add
 * documents with fields, search with boolean operators, phrases, fields,
 * dates, wildcards and stemming, and check every error path returns a
 * status and a message instead of crashing.  Then a 3-shard index: exact
 * replaced/deleted counts, ids and signatures across shards and batches,
 * and the same hits as one shard.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "check.h"
#include "shim.h"

static char dir[256];

/* ---- a tiny query-tree builder (the real parser lives in searcher/) */
static struct shim_qnode pool[64];
static struct shim_qnode *kidbuf[64][4];
static size_t npool;

static struct shim_qnode *node(enum shim_qop op, int field, const char *text)
{
	struct shim_qnode *n = &pool[npool];
	memset(n, 0, sizeof *n);
	n->op = op;
	n->field = field;
	n->text = text;
	n->kids = kidbuf[npool];
	npool++;
	return n;
}

static struct shim_qnode *word(const char *t) { return node(SHIM_Q_WORD, -1, t); }

static struct shim_qnode *op2(enum shim_qop op, struct shim_qnode *a,
			      struct shim_qnode *b)
{
	struct shim_qnode *n = node(op, -1, NULL);
	n->kids[0] = a;
	n->kids[1] = b;
	n->nkids = 2;
	return n;
}

static void add(shim_writer_t *w, const char *id, const char *title,
		const char *body, const char *org, int year, int month)
{
	shim_doc_t *d;
	CHECK_INT(shim_doc_new(w, &d), SHIM_OK);
	CHECK_INT(shim_doc_add_text(d, SHIM_FIELD_TITLE, title, strlen(title), "en"), SHIM_OK);
	CHECK_INT(shim_doc_add_text(d, SHIM_FIELD_BODY, body, strlen(body), "en"), SHIM_OK);
	if (org)
		CHECK_INT(shim_doc_add_value(d, SHIM_FIELD_ORG, org, 2), SHIM_OK);
	CHECK_INT(shim_doc_add_value(d, SHIM_FIELD_SOURCE, "Policy Wire", 1), SHIM_OK);
	if (year)
		CHECK_INT(shim_doc_set_date(d, year, month, 1), SHIM_OK);
	CHECK_INT(shim_doc_set_file(d, id), SHIM_OK);
	if (strcmp(id, "c") != 0) {
		/* a packed record naming the article "meta-ID" */
		struct shim_meta m = { 0 };
		char name[64], *meta;
		size_t len;
		snprintf(name, sizeof name, "meta-%s", id);
		m.id = id;
		m.title = name;
		CHECK_INT(shim_meta_pack(&m, &meta, &len), SHIM_OK);
		CHECK_INT(shim_doc_set_meta(d, meta, len), SHIM_OK);
		free(meta);
	} else {
		/* bytes that do not unpack: the hit still has its id */
		CHECK_INT(shim_doc_set_meta(d, "meta-c", 6), SHIM_OK);
	}
	CHECK_INT(shim_doc_set_data(d, id, strlen(id)), SHIM_OK);
	CHECK_INT(shim_writer_put(w, d, id, NULL), SHIM_OK);
	CHECK_INT(shim_writer_file_done(w, id, "sig1"), SHIM_OK);
	shim_doc_free(d);
}

static int count_files(void *ctx, const char *file)
{
	(void)file;
	(*(int *)ctx)++;
	return 0;
}

/* Runs q and writes the ids of the hits, comma separated, into out. */
static void ids(shim_reader_t *r, const struct shim_qnode *q, char *out, size_t len)
{
	struct shim_search_opts o = { 0 };
	shim_results_t *res;
	o.limit = 20;
	out[0] = '\0';
	if (shim_search(r, q, &o, &res, NULL) != SHIM_OK) {
		snprintf(out, len, "ERROR: %s", shim_reader_error(r));
		return;
	}
	for (size_t i = 0; i < shim_results_count(res); i++) {
		struct shim_hit h;
		CHECK_INT(shim_results_hit(res, i, &h), SHIM_OK);
		if (i)
			strncat(out, ",", len - strlen(out) - 1);
		strncat(out, h.id, len - strlen(out) - 1);
	}
	shim_results_free(res);
}

/* ---- sharded indexes: one thread per shard, answers kept exact */

static const char *const vocab[] = {
	"backdoor", "backdoors", "network", "networks", "vendor", "security",
	"huawei", "review",
};

/* Puts article id from file with the body "old|fresh w1 w2 w3"; returns
 * what shim_writer_put() said of replaced (-1 on error). */
static int put_doc(shim_writer_t *w, int i, const char *file, const char *age)
{
	shim_doc_t *d;
	char id[32], body[256];
	int replaced = -1;

	snprintf(id, sizeof id, "doc-%03d", i);
	snprintf(body, sizeof body, "%s %s %s %s", age, vocab[i % 8],
		 vocab[(i * 3 + 1) % 8], vocab[(i * 5 + 2) % 8]);
	CHECK_INT(shim_doc_new(w, &d), SHIM_OK);
	CHECK_INT(shim_doc_add_text(d, SHIM_FIELD_BODY, body, strlen(body), "en"), SHIM_OK);
	CHECK_INT(shim_doc_set_file(d, file), SHIM_OK);
	CHECK_INT(shim_doc_set_data(d, id, strlen(id)), SHIM_OK);
	CHECK_INT(shim_writer_put(w, d, id, &replaced), SHIM_OK);
	shim_doc_free(d);
	return replaced;
}

static const char *file_of(int i)
{
	static const char *const files[] = { "f0", "f1", "f2", "f3" };
	return files[i % 4];
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The ids of every hit of q, sorted and comma separated (rank order
 * differs between shard layouts only among ties). */
static void idset(shim_reader_t *r, const struct shim_qnode *q, char *out, size_t len)
{
	struct shim_search_opts o = { 0 };
	shim_results_t *res;
	const char *v[256];
	size_t n;

	o.limit = 256;
	out[0] = '\0';
	if (shim_search(r, q, &o, &res, NULL) != SHIM_OK) {
		snprintf(out, len, "ERROR: %s", shim_reader_error(r));
		return;
	}
	n = shim_results_count(res);
	for (size_t i = 0; i < n; i++) {
		struct shim_hit h;
		CHECK_INT(shim_results_hit(res, i, &h), SHIM_OK);
		v[i] = h.id;
	}
	qsort(v, n, sizeof *v, cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strncat(out, ",", len - strlen(out) - 1);
		strncat(out, v[i], len - strlen(out) - 1);
	}
	shim_results_free(res);
}

static size_t count_hits(shim_reader_t *r, const char *w)
{
	struct shim_search_opts o = { 0 };
	shim_results_t *res;
	size_t total = 0;
	int exact = 0;

	o.limit = 1;
	o.check_at_least = 100000;
	npool = 0;
	if (shim_search(r, word(w), &o, &res, NULL) != SHIM_OK)
		return (size_t)-1;
	shim_results_total(res, &total, &exact);
	CHECK(exact);
	shim_results_free(res);
	return total;
}

/*
 * shim_writer_commit_async(): the next batch is routed while the shards
 * commit, and its questions see the batch in flight as committed.
 */
static void test_async_commit(const char *root)
{
	char d[512], err[512], buf[512];
	shim_writer_t *w;
	shim_reader_t *r;
	size_t del = 0;
	int n = 0;

	snprintf(d, sizeof d, "%s/async", root);
	CHECK_INT(shim_writer_open(d, SHIM_WRITER_CREATE, 3, &w, err, sizeof err), SHIM_OK);
	for (int i = 0; i < 200; i++)
		CHECK_INT(put_doc(w, i, file_of(i), "old"), 0);
	for (int f = 0; f < 4; f++)
		CHECK_INT(shim_writer_file_done(w, file_of(f), "sig-a"), SHIM_OK);
	CHECK_INT(shim_writer_commit_async(w), SHIM_OK);
	/* While it is in flight: a re-put replaces (no second document)... */
	for (int i = 0; i < 20; i++)
		CHECK_INT(put_doc(w, i, file_of(i), "fresh"), 1);
	CHECK_INT(shim_writer_id_file(w, "doc-105", buf, sizeof buf), SHIM_OK);
	CHECK_STR(buf, "f1");
	CHECK_INT(shim_writer_file_signature(w, "f2", buf, sizeof buf), SHIM_OK);
	CHECK_STR(buf, "sig-a");
	/* ...and deleting a file counts its documents in flight exactly:
	 * 45 committed by the flight plus 5 re-put in this batch. */
	CHECK_INT(shim_writer_delete_file(w, "f3", &del), SHIM_OK);
	CHECK_INT(del, 50);
	CHECK_INT(shim_writer_file_signature(w, "f3", buf, sizeof buf), SHIM_NOT_FOUND);
	CHECK_INT(shim_writer_foreach_file(w, count_files, &n), SHIM_OK);
	CHECK_INT(n, 3);
	CHECK_INT(shim_writer_commit_async(w), SHIM_OK);
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	/* A commit in flight is completed by close. */
	CHECK_INT(put_doc(w, 500, "f9", "late"), 0);
	CHECK_INT(shim_writer_file_done(w, "f9", "sig-9"), SHIM_OK);
	CHECK_INT(shim_writer_commit_async(w), SHIM_OK);
	shim_writer_close(w);

	CHECK_INT(shim_reader_open(d, &r, err, sizeof err), SHIM_OK);
	{
		struct shim_stats st;
		CHECK_INT(shim_reader_stats(r, &st), SHIM_OK);
		CHECK_INT(st.documents, 151);
	}
	CHECK_INT(count_hits(r, "old"), 135);
	CHECK_INT(count_hits(r, "fresh"), 15);
	CHECK_INT(count_hits(r, "late"), 1);
	shim_reader_close(r);
	CHECK_INT(shim_writer_open(d, 0, 0, &w, err, sizeof err), SHIM_OK);
	CHECK_INT(shim_writer_file_signature(w, "f9", buf, sizeof buf), SHIM_OK);
	CHECK_STR(buf, "sig-9");
	shim_writer_close(w);
}

/* Spelling counts wait for shim_writer_finish(); a writer closed without
 * it (as a crash leaves things) has them rebuilt by the next open. */
static void test_spelling_recovery(const char *root)
{
	char d[512], err[512];
	shim_writer_t *w;
	shim_reader_t *r;
	char *s;
	static const char *const bodies[] = {
		"The Zanzibarian regulator reviewed the vendor rules.",
		"Zanzibarian officials declined to comment on the rules.",
		"A lone word: quixotically." };

	snprintf(d, sizeof d, "%s/spell", root);
	CHECK_INT(shim_writer_open(d, SHIM_WRITER_CREATE, 2, &w, err, sizeof err), SHIM_OK);
	for (int i = 0; i < 3; i++) {
		shim_doc_t *doc;
		char id[16];
		snprintf(id, sizeof id, "sp-%d", i);
		CHECK_INT(shim_doc_new(w, &doc), SHIM_OK);
		CHECK_INT(shim_doc_add_text(doc, SHIM_FIELD_BODY, bodies[i], strlen(bodies[i]), "en"), SHIM_OK);
		CHECK_INT(shim_doc_set_file(doc, id), SHIM_OK);
		CHECK_INT(shim_writer_put(w, doc, id, NULL), SHIM_OK);
		shim_doc_free(doc);
	}
	CHECK_INT(shim_writer_commit_async(w), SHIM_OK);
	CHECK_INT(shim_writer_commit(w), SHIM_OK);
	shim_writer_close(w);	/* no finish: the counts are not written */

	CHECK_INT(shim_reader_open(d, &r, err, sizeof err), SHIM_OK);
	CHECK_INT(count_hits(r, "zanzibarian"), 2);
	s = shim_reader_suggest(r, "zanzibarain");
	CHECK(s == NULL);
	free(s);
	shim_reader_close(r);

	/* The next writer rebuilds them from the shards. */
	CHECK_INT(shim_writer_open(d, 0, 0, &w, err, sizeof err), SHIM_OK);
	shim_writer_close(w);
	CHECK_INT(shim_reader_open(d, &r, err, sizeof err), SHIM_OK);
	s = shim_reader_suggest(r, "zanzibarain");
	CHECK(s != NULL);
	if (s)
		CHECK_STR(s, "zanzibarian");
	free(s);
	/* a word of one document is not offered */
	s = shim_reader_suggest(r, "quixoticaly");
	CHECK(s == NULL);
	free(s);
	shim_reader_close(r);

	/* A finished run leaves nothing to rebuild: the dictionary is whole. */
	CHECK_INT(shim_writer_open(d, 0, 0, &w, err, sizeof err), SHIM_OK);
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);
	CHECK_INT(shim_reader_open(d, &r, err, sizeof err), SHIM_OK);
	s = shim_reader_suggest(r, "zanzibarain");
	CHECK(s != NULL);
	free(s);
	shim_reader_close(r);
}

/*
 * The spelling dictionary is split into a partition a shard, filled in
 * parallel: every word is found again whichever partition it went to, and
 * an index with a partition gone does not open.
 */
static void test_spelling_parts(const char *root)
{
	static const char *const words[] = {
		"marmalade", "tangerine", "porcupine", "xylophone", "labyrinth",
		"chrysanthemum", "kaleidoscope", "quarantine", "silhouette",
		"rhinoceros", "accordion", "avalanche", "bungalow", "cathedral",
		"dandelion", "escalator", "flamingo", "gargoyle", "hurricane",
		"iguana" };
	enum { N = sizeof words / sizeof words[0] };
	char d[512], p[600], err[512];
	shim_writer_t *w;
	shim_reader_t *r;
	struct stat sb;

	snprintf(d, sizeof d, "%s/parts", root);
	CHECK_INT(shim_writer_open(d, SHIM_WRITER_CREATE, 3, &w, err, sizeof err), SHIM_OK);
	/* document i has words i and i + 1: each word is in two */
	for (int i = 0; i < N; i++) {
		shim_doc_t *doc;
		char id[16], body[128];
		snprintf(id, sizeof id, "w-%d", i);
		snprintf(body, sizeof body, "The %s and the %s.", words[i],
			 words[(i + 1) % N]);
		CHECK_INT(shim_doc_new(w, &doc), SHIM_OK);
		CHECK_INT(shim_doc_add_text(doc, SHIM_FIELD_BODY, body, strlen(body), "en"), SHIM_OK);
		CHECK_INT(shim_doc_set_file(doc, id), SHIM_OK);
		CHECK_INT(shim_writer_put(w, doc, id, NULL), SHIM_OK);
		shim_doc_free(doc);
	}
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);
	for (int k = 0; k < 3; k++) {
		snprintf(p, sizeof p, "%s/spelling.%d", d, k);
		CHECK(stat(p, &sb) == 0 && S_ISDIR(sb.st_mode));
	}
	CHECK_INT(shim_reader_open(d, &r, err, sizeof err), SHIM_OK);
	for (int i = 0; i < N; i++) {
		/* the word without its third letter */
		char typo[64], *s;
		size_t len = strlen(words[i]);
		memcpy(typo, words[i], 2);
		memcpy(typo + 2, words[i] + 3, len - 2);
		s = shim_reader_suggest(r, typo);
		if (!s || strcmp(s, words[i]) != 0) {
			fprintf(stderr, "%s: suggested %s, want %s\n", typo,
				s ? s : "(none)", words[i]);
			CHECK(!"each word suggested from its partition");
		}
		free(s);
	}
	shim_reader_close(r);

	snprintf(p, sizeof p, "rm -rf '%s/spelling.1'", d);
	CHECK_INT(system(p), 0);
	CHECK_INT(shim_reader_open(d, &r, err, sizeof err), SHIM_CORRUPT);
	CHECK(strstr(err, "spelling partition") && strstr(err, "spelling.1"));
	CHECK_INT(shim_writer_open(d, 0, 0, &w, err, sizeof err), SHIM_CORRUPT);
	CHECK(strstr(err, "spelling partition") && strstr(err, "spelling.1"));
}

/*
 * Title matches weigh more than body matches: twins with the same words,
 * the query word in the title of one and in the body of the other, the
 * title twin one word longer (which alone would rank it second).  Also
 * for the word's other forms, and the exact form still ranks first.
 */
static void test_title_weight(const char *root)
{
	char d[512], err[512], buf[512];
	shim_writer_t *w;
	shim_reader_t *r;

	snprintf(d, sizeof d, "%s/titles", root);
	CHECK_INT(shim_writer_open(d, SHIM_WRITER_CREATE, 2, &w, err, sizeof err), SHIM_OK);
	add(w, "t-title", "Quokka review", "officials published the guidance "
	    "on monday for all operators as of today", NULL, 0, 0);
	add(w, "t-body", "Annual review", "officials published the quokka "
	    "guidance on monday for all operators", NULL, 0, 0);
	add(w, "f-title", "Wallabies review", "officials published the guidance "
	    "on monday for all operators as of today", NULL, 0, 0);
	add(w, "f-body", "Annual review", "officials published the wallaby "
	    "guidance on monday for all operators", NULL, 0, 0);
	/* a filler, so that no word is in every document */
	add(w, "other", "Unrelated", "nothing in common here", NULL, 0, 0);
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);
	CHECK_INT(shim_reader_open(d, &r, err, sizeof err), SHIM_OK);
	npool = 0; ids(r, word("quokka"), buf, sizeof buf);
	CHECK_STR(buf, "t-title,t-body");
	/* wallaby (body) is the exact form; wallabies (title) another */
	npool = 0; ids(r, word("wallabies"), buf, sizeof buf);
	CHECK_STR(buf, "f-title,f-body");
	npool = 0; ids(r, word("wallaby"), buf, sizeof buf);
	CHECK(strstr(buf, "f-title") && strstr(buf, "f-body"));
	shim_reader_close(r);
}

/* Accents do not matter: a word or phrase typed with or without them
 * finds the text written either way, its own spelling first. */
static void test_accents(const char *root)
{
	char d[512], err[512], buf[512];
	shim_writer_t *w;
	shim_reader_t *r;

	snprintf(d, sizeof d, "%s/accents", root);
	CHECK_INT(shim_writer_open(d, SHIM_WRITER_CREATE, 2, &w, err, sizeof err), SHIM_OK);
	add(w, "with", "R\xc3\xa9seaux", "la s\xc3\xa9" "curit\xc3\xa9 des r\xc3\xa9seaux "
	    "mobiles", NULL, 0, 0);
	add(w, "without", "Reseaux", "la securite des reseaux mobiles protege", NULL, 0, 0);
	add(w, "with2", "Mobiles", "une autre s\xc3\xa9" "curit\xc3\xa9 protege", NULL, 0, 0);
	add(w, "other", "Unrelated", "nothing in common here", NULL, 0, 0);
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);
	CHECK_INT(shim_reader_open(d, &r, err, sizeof err), SHIM_OK);
	/* a misspelling with accents is one word, and gets its correction;
	 * a word found in either spelling needs none */
	char *s = shim_reader_suggest(r, "s\xc3\xa9" "curt\xc3\xa9");
	CHECK_STR(s, "s\xc3\xa9" "curit\xc3\xa9");
	free(s);
	CHECK(shim_reader_suggest(r, "r\xc3\xa9seaux") == NULL);
	/* found only as written without accents: still found */
	CHECK(shim_reader_suggest(r, "prot\xc3\xa9g\xc3\xa9") == NULL);
	npool = 0; ids(r, word("securite"), buf, sizeof buf);
	/* without accents: the twin is the same term, all three alike */
	CHECK(strlen(buf) == strlen("with,with2,without") && strstr(buf, "without") &&
	      (strstr(buf, "with,") || !strcmp(buf + strlen(buf) - 5, ",with")));
	npool = 0; ids(r, word("s\xc3\xa9" "curit\xc3\xa9"), buf, sizeof buf);
	/* with them: the articles that spell it so first */
	CHECK(strlen(buf) == strlen("with,with2,without") &&
	      !strcmp(buf + strlen(buf) - 8, ",without"));
	npool = 0; ids(r, node(SHIM_Q_PHRASE, -1, "s\xc3\xa9" "curit\xc3\xa9 des r\xc3\xa9seaux"),
		      buf, sizeof buf);
	CHECK(!strcmp(buf, "with,without") || !strcmp(buf, "without,with"));
	npool = 0; ids(r, node(SHIM_Q_PHRASE, -1, "securite des reseaux"), buf, sizeof buf);
	CHECK(!strcmp(buf, "with,without") || !strcmp(buf, "without,with"));
	npool = 0; ids(r, node(SHIM_Q_PHRASE, -1, "reseaux des securite"), buf, sizeof buf);
	CHECK_STR(buf, "");
	npool = 0; ids(r, node(SHIM_Q_WORD, SHIM_FIELD_TITLE, "r\xc3\xa9seaux"), buf, sizeof buf);
	CHECK_STR(buf, "with,without");
	shim_reader_close(r);
}

/* Builds the same 200 articles in a 3-shard and a 1-shard index. */
static void test_shards(const char *root)
{
	char d3[512], d1[512], err[512], buf[512], p[600];
	shim_writer_t *w;
	shim_reader_t *r3, *r1;
	size_t n;
	int replaced_any = 0, r;
	struct stat sb;

	snprintf(d3, sizeof d3, "%s/three", root);
	snprintf(d1, sizeof d1, "%s/one", root);

	/* The stub names one directory per shard. */
	CHECK_INT(shim_writer_open(d3, SHIM_WRITER_CREATE, 3, &w, err, sizeof err), SHIM_OK);
	CHECK_INT(shim_writer_shards(w), 3);
	snprintf(p, sizeof p, "%s/XAPIANDB", d3);
	{
		FILE *f = fopen(p, "r");
		size_t got = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
		buf[got] = '\0';
		if (f)
			fclose(f);
		CHECK_STR(buf, "auto s0\nauto s1\nauto s2\n");
	}
	snprintf(p, sizeof p, "%s/s2", d3);
	CHECK(stat(p, &sb) == 0 && S_ISDIR(sb.st_mode));

	CHECK_INT(shim_writer_add_compound(w, "back", "door"), SHIM_OK);
	for (int i = 0; i < 200; i++)
		replaced_any |= put_doc(w, i, file_of(i), "old");
	CHECK_INT(replaced_any, 0);
	/* The tokenizer's table is closed once documents flow. */
	CHECK_INT(shim_writer_add_compound(w, "cyber", "security"), SHIM_INVALID);
	/* A second put of an id in the same batch replaces it. */
	CHECK_INT(put_doc(w, 7, file_of(7), "old"), 1);
	CHECK_INT(shim_writer_id_file(w, "doc-005", buf, sizeof buf), SHIM_OK);
	CHECK_STR(buf, "f1");
	for (int f = 0; f < 4; f++)
		CHECK_INT(shim_writer_file_done(w, file_of(f), "sig-a"), SHIM_OK);
	CHECK_INT(shim_writer_file_signature(w, "f2", buf, sizeof buf), SHIM_OK);
	CHECK_STR(buf, "sig-a");
	CHECK_INT(shim_writer_commit(w), SHIM_OK);

	/* Re-putting ids replaces them where they are, whatever the shard. */
	for (int i = 0; i < 20; i++)
		CHECK_INT(put_doc(w, i, file_of(i), "fresh"), 1);
	CHECK_INT(shim_writer_commit(w), SHIM_OK);
	CHECK_INT(shim_reader_open(d3, &r3, err, sizeof err), SHIM_OK);
	{
		struct shim_stats st;
		CHECK_INT(shim_reader_stats(r3, &st), SHIM_OK);
		CHECK_INT(st.documents, 200);
		CHECK_INT(st.shards, 3);
	}
	for (int i = 0; i < 200; i++) {
		char id[32], *meta = NULL, *data = NULL;
		size_t metalen, len;
		snprintf(id, sizeof id, "doc-%03d", i);
		CHECK_INT(shim_reader_get(r3, id, &meta, &metalen, &data, &len), SHIM_OK);
		if (data)
			CHECK_STR(data, id);
		free(meta);
		free(data);
	}
	CHECK_INT(count_hits(r3, "old"), 180);
	CHECK_INT(count_hits(r3, "fresh"), 20);
	{
		/* A prefix of the stored data, then more of it, then all. */
		struct shim_search_opts o = { 0 };
		shim_results_t *res;
		const char *data;
		size_t len;
		int whole = -1;
		o.limit = 1;
		npool = 0;
		CHECK_INT(shim_search(r3, word("fresh"), &o, &res, NULL), SHIM_OK);
		CHECK_INT(shim_results_data_prefix(res, 0, 3, &data, &len, &whole), SHIM_OK);
		CHECK_INT(len, 3);
		CHECK_INT(whole, 0);
		CHECK(strncmp(data, "doc", 3) == 0);
		CHECK_INT(shim_results_data_prefix(res, 0, 5, &data, &len, &whole), SHIM_OK);
		CHECK_INT(len, 5);
		CHECK_INT(shim_results_data_prefix(res, 0, 1000, &data, &len, &whole), SHIM_OK);
		CHECK_INT(len, 7);
		CHECK_INT(whole, 1);
		CHECK(strncmp(data, "doc-0", 5) == 0 && data[7] == '\0');
		CHECK_INT(shim_results_data(res, 0, &data, &len), SHIM_OK);
		CHECK_INT(len, 7);
		shim_results_free(res);
	}
	shim_reader_close(r3);

	/* Deletions: committed documents in every shard, minus those a put
	 * of this batch already replaced, plus those this batch put. */
	CHECK_INT(put_doc(w, 2, "f2", "fresh"), 1);
	CHECK_INT(shim_writer_delete_file(w, "f2", &n), SHIM_OK);
	CHECK_INT(n, 50);
	CHECK_INT(shim_writer_delete_file(w, "f2", &n), SHIM_OK);
	CHECK_INT(n, 0);
	CHECK_INT(shim_writer_id_file(w, "doc-002", buf, sizeof buf), SHIM_NOT_FOUND);
	CHECK_INT(shim_writer_file_signature(w, "f2", buf, sizeof buf), SHIM_NOT_FOUND);
	/* A document of a deleted file is new again when put back. */
	CHECK_INT(shim_writer_delete_file(w, "f3", &n), SHIM_OK);
	CHECK_INT(n, 50);
	CHECK_INT(put_doc(w, 3, "f3", "fresh"), 0);
	CHECK_INT(shim_writer_id_file(w, "doc-003", buf, sizeof buf), SHIM_OK);
	CHECK_STR(buf, "f3");
	/* Put then deleted in the same batch. */
	CHECK_INT(put_doc(w, 300, "ft", "fresh"), 0);
	CHECK_INT(put_doc(w, 301, "ft", "fresh"), 0);
	CHECK_INT(shim_writer_delete_file(w, "ft", &n), SHIM_OK);
	CHECK_INT(n, 2);
	CHECK_INT(shim_writer_id_file(w, "doc-300", buf, sizeof buf), SHIM_NOT_FOUND);
	CHECK_INT(shim_writer_file_done(w, "f3", "sig-b"), SHIM_OK);
	CHECK_INT(shim_writer_commit(w), SHIM_OK);
	/* Uncommitted work is dropped by close. */
	CHECK_INT(put_doc(w, 400, "f9", "fresh"), 0);
	CHECK_INT(shim_writer_delete_file(w, "f0", &n), SHIM_OK);
	CHECK_INT(n, 50);
	shim_writer_close(w);

	/* Reopened, the index keeps its 3 shards and its signatures. */
	CHECK_INT(shim_writer_open(d3, 0, 1, &w, err, sizeof err), SHIM_OK);
	CHECK_INT(shim_writer_shards(w), 3);
	CHECK_INT(shim_writer_file_signature(w, "f0", buf, sizeof buf), SHIM_OK);
	CHECK_STR(buf, "sig-a");
	CHECK_INT(shim_writer_file_signature(w, "f3", buf, sizeof buf), SHIM_OK);
	CHECK_STR(buf, "sig-b");
	CHECK_INT(shim_writer_file_signature(w, "f2", buf, sizeof buf), SHIM_NOT_FOUND);
	{
		int files = 0;
		CHECK_INT(shim_writer_foreach_file(w, count_files, &files), SHIM_OK);
		CHECK_INT(files, 3);
	}
	CHECK_INT(shim_writer_id_file(w, "doc-400", buf, sizeof buf), SHIM_NOT_FOUND);
	CHECK_INT(shim_writer_id_file(w, "doc-004", buf, sizeof buf), SHIM_OK);
	CHECK_STR(buf, "f0");
	shim_writer_close(w);

	/* The same articles in one shard: f0 and f1, and doc-003 of f3. */
	CHECK_INT(shim_writer_open(d1, SHIM_WRITER_CREATE, 1, &w, err, sizeof err), SHIM_OK);
	CHECK_INT(shim_writer_add_compound(w, "back", "door"), SHIM_OK);
	for (int i = 0; i < 200; i++) {
		if (i % 4 >= 2 && i != 3)
			continue;
		r = put_doc(w, i, file_of(i), i < 20 ? "fresh" : "old");
		CHECK_INT(r, 0);
	}
	CHECK_INT(shim_writer_commit(w), SHIM_OK);
	shim_writer_close(w);

	/* A search over 3 shards finds what it finds over 1. */
	CHECK_INT(shim_reader_open(d3, &r3, err, sizeof err), SHIM_OK);
	CHECK_INT(shim_reader_open(d1, &r1, err, sizeof err), SHIM_OK);
	{
		struct shim_stats st3, st1;
		CHECK_INT(shim_reader_stats(r3, &st3), SHIM_OK);
		CHECK_INT(shim_reader_stats(r1, &st1), SHIM_OK);
		CHECK_INT(st3.documents, 101);
		CHECK_INT(st1.documents, 101);
	}
	{
		char a[4096], b[4096];
		struct shim_qnode *qs[5];
		npool = 0;
		qs[0] = word("backdoors");
		qs[1] = op2(SHIM_Q_AND, word("network"), word("backdoor"));
		qs[2] = op2(SHIM_Q_AND_NOT, word("fresh"), word("huawei"));
		qs[3] = node(SHIM_Q_PHRASE, -1, "vendor review");
		qs[4] = node(SHIM_Q_WILDCARD, -1, "netw");
		for (int i = 0; i < 5; i++) {
			idset(r3, qs[i], a, sizeof a);
			idset(r1, qs[i], b, sizeof b);
			CHECK(a[0] != '\0' && strncmp(a, "ERROR", 5) != 0);
			CHECK_STR(a, b);
		}
	}
	shim_reader_close(r3);
	shim_reader_close(r1);
}

int main(void)
{
	char err[512], buf[512];
	shim_writer_t *w, *w2;
	shim_reader_t *r;
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

	snprintf(dir, sizeof dir, "%s/dossier-test-shim-XXXXXX", tmp);
	if (!mkdtemp(dir))
		return 99;
	strcat(dir, "/nested/index");

	/* Missing index: clear status and message. */
	CHECK_INT(shim_reader_open(dir, &r, err, sizeof err), SHIM_NOT_FOUND);
	CHECK(strstr(err, "no index") != NULL);
	CHECK_INT(shim_writer_open(dir, 0, 1, &w, err, sizeof err), SHIM_NOT_FOUND);

	CHECK_INT(shim_writer_open(dir, SHIM_WRITER_CREATE, 1, &w, err, sizeof err), SHIM_OK);
	/* A second writer is refused while the first holds the lock. */
	CHECK_INT(shim_writer_open(dir, 0, 1, &w2, err, sizeof err), SHIM_LOCKED);
	CHECK(strstr(err, "locked") != NULL);

	CHECK_INT(shim_writer_add_compound(w, "back", "door"), SHIM_OK);
	CHECK_INT(shim_writer_add_alias(w, SHIM_FIELD_ORG, "NCSC",
					"National Cyber Security Centre", 1), SHIM_OK);
	/* A text's own reading of an alias does not displace the gazetteer's. */
	CHECK_INT(shim_writer_add_alias(w, SHIM_FIELD_ORG, "NCSC",
					"Nowhere Cyber Study Club", 0), SHIM_OK);
	add(w, "a", "Report finds no backdoor", "The NCSC found serious defects but no backdoors.",
	    "National Cyber Security Centre", 2019, 3);
	add(w, "b", "Agency warns", "Officials describe a back door in routers. Huawei's kit is reviewed.",
	    "Huawei", 2018, 12);
	add(w, "c", "Trade talks", "The smoking gun was never found, the minister said.", NULL, 0, 0);
	add(w, "d", "Vendor denies", "A back-door would be a breach of trust, the company said.",
	    "Huawei", 2020, 1);
	CHECK_INT(shim_writer_commit(w), SHIM_OK);
	/* Replacing by id keeps one document. */
	int replaced = 0;
	{
		shim_doc_t *d;
		CHECK_INT(shim_doc_new(w, &d), SHIM_OK);
		CHECK_INT(shim_doc_add_text(d, SHIM_FIELD_BODY, "smoking gun found", 17, NULL), SHIM_OK);
		CHECK_INT(shim_doc_set_file(d, "c"), SHIM_OK);
		CHECK_INT(shim_writer_put(w, d, "c", &replaced), SHIM_OK);
		CHECK_INT(shim_writer_file_done(w, "c", "sig2"), SHIM_OK);
		shim_doc_free(d);
	}
	CHECK_INT(replaced, 1);
	CHECK_INT(shim_writer_file_signature(w, "c", buf, sizeof buf), SHIM_OK);
	CHECK_STR(buf, "sig2");
	CHECK_INT(shim_writer_file_signature(w, "zzz", buf, sizeof buf), SHIM_NOT_FOUND);
	CHECK_INT(shim_writer_id_file(w, "a", buf, sizeof buf), SHIM_OK);
	CHECK_STR(buf, "a");
	{
		int n = 0;
		size_t del = 0;
		CHECK_INT(shim_writer_foreach_file(w, count_files, &n), SHIM_OK);
		CHECK_INT(n, 4);
		/* Deleting a file's documents forgets its signature too. */
		add(w, "e", "Temporary", "to be pruned", NULL, 0, 0);
		CHECK_INT(shim_writer_delete_file(w, "e", &del), SHIM_OK);
		CHECK_INT(del, 1);
		CHECK_INT(shim_writer_file_signature(w, "e", buf, sizeof buf), SHIM_NOT_FOUND);
	}
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	/* Uncommitted work is dropped by close: "f" never appears. */
	add(w, "f", "Uncommitted", "never committed", NULL, 0, 0);
	shim_writer_close(w);

	CHECK_INT(shim_reader_open(dir, &r, err, sizeof err), SHIM_OK);

	/* Stemming through the stem table: every form finds every form. */
	npool = 0; ids(r, word("backdoors"), buf, sizeof buf);
	CHECK_STR(buf, "a,b,d");
	npool = 0; ids(r, word("backdoor"), buf, sizeof buf);
	CHECK(strncmp(buf, "a,", 2) == 0);	/* the exact form and title rank first */
	/* Boolean operators. */
	npool = 0; ids(r, op2(SHIM_Q_AND, word("backdoor"), word("NCSC")), buf, sizeof buf);
	CHECK_STR(buf, "a");
	npool = 0; ids(r, op2(SHIM_Q_AND_NOT, word("backdoor"), word("huawei")), buf, sizeof buf);
	CHECK_STR(buf, "a");
	/* Possessive: Huawei's is huawei. */
	npool = 0; ids(r, node(SHIM_Q_WORD, SHIM_FIELD_BODY, "huawei"), buf, sizeof buf);
	CHECK(strstr(buf, "b") != NULL);
	/* Phrases match exact word order. */
	npool = 0; ids(r, node(SHIM_Q_PHRASE, -1, "smoking gun"), buf, sizeof buf);
	CHECK_STR(buf, "c");
	npool = 0; ids(r, node(SHIM_Q_PHRASE, -1, "gun smoking"), buf, sizeof buf);
	CHECK_STR(buf, "");
	/* Fields: title, and entity aliases. */
	npool = 0; ids(r, node(SHIM_Q_WORD, SHIM_FIELD_TITLE, "backdoor"), buf, sizeof buf);
	CHECK_STR(buf, "a");
	npool = 0; ids(r, node(SHIM_Q_WORD, SHIM_FIELD_ORG, "NCSC"), buf, sizeof buf);
	CHECK_STR(buf, "a");
	npool = 0; ids(r, node(SHIM_Q_PHRASE, SHIM_FIELD_ORG, "national cyber security centre"), buf, sizeof buf);
	CHECK_STR(buf, "a");
	npool = 0; ids(r, node(SHIM_Q_WORD, SHIM_FIELD_SOURCE, "policy wire"), buf, sizeof buf);
	CHECK(strlen(buf) == 5);
	/* Dates: inclusive ranges, month precision, undated never match. */
	{
		struct shim_qnode *q;
		npool = 0;
		q = node(SHIM_Q_DATE, SHIM_FIELD_DATE, NULL);
		q->from = "2018"; q->to = "2019";
		ids(r, q, buf, sizeof buf);
		CHECK_STR(buf, "a,b");
		npool = 0;
		q = node(SHIM_Q_DATE, SHIM_FIELD_DATE, NULL);
		q->from = "201903"; q->to = "201903";
		ids(r, q, buf, sizeof buf);
		CHECK_STR(buf, "a");
	}
	/* Sorting by date: oldest first, undated last. */
	{
		struct shim_search_opts o = { 0 };
		shim_results_t *res;
		struct shim_hit h;
		o.limit = 10;
		o.sort = SHIM_SORT_DATE;
		npool = 0;
		CHECK_INT(shim_search(r, node(SHIM_Q_ALL, -1, NULL), &o, &res, NULL), SHIM_OK);
		CHECK_INT(shim_results_count(res), 4);
		shim_results_hit(res, 0, &h); CHECK_STR(h.id, "b");
		CHECK_STR(h.meta.title, "meta-b");
		CHECK_STR(h.meta.id, "b");
		shim_results_hit(res, 3, &h); CHECK_STR(h.id, "c");
		CHECK_STR(h.meta.id, "c");
		CHECK(h.meta.title == NULL);
		{
			/* the data is read on demand, once */
			const char *data, *again;
			size_t len;
			CHECK_INT(shim_results_data(res, 0, &data, &len), SHIM_OK);
			CHECK_STR(data, "b");
			CHECK_INT(len, 1);
			CHECK_INT(shim_results_data(res, 0, &again, &len), SHIM_OK);
			CHECK(again == data);
			CHECK_INT(shim_results_data(res, 99, &data, &len), SHIM_INVALID);
		}
		shim_results_free(res);
		o.sort = SHIM_SORT_DATE_DESC;
		o.facets = 1;
		npool = 0;
		CHECK_INT(shim_search(r, node(SHIM_Q_ALL, -1, NULL), &o, &res, NULL), SHIM_OK);
		shim_results_hit(res, 0, &h); CHECK_STR(h.id, "d");
		shim_results_hit(res, 3, &h); CHECK_STR(h.id, "c");
		const char *v;
		size_t n;
		CHECK(shim_results_facet(res, SHIM_FIELD_ORG, 0, &v, &n) == 1);
		CHECK_STR(v, "Huawei");
		CHECK_INT(n, 2);
		CHECK(shim_results_facet(res, SHIM_FIELD_YEAR, 3, &v, &n) == 0);
		shim_results_free(res);
	}
	/* Wildcards, and their bound. */
	npool = 0; ids(r, node(SHIM_Q_WILDCARD, -1, "backd"), buf, sizeof buf);
	CHECK_STR(buf, "a,b,d");
	{
		struct shim_search_opts o = { 0 };
		shim_results_t *res;
		size_t pos;
		o.limit = 10;
		o.wildcard_max = 1;
		npool = 0;
		CHECK_INT(shim_search(r, node(SHIM_Q_WILDCARD, -1, "b"), &o, &res, &pos), SHIM_TOO_BIG);
		CHECK(strstr(shim_reader_error(r), "wildcard") != NULL);
		/* the error points at the wildcard that matches too many */
		{
			struct shim_qnode *one, *many;
			npool = 0;
			one = node(SHIM_Q_WILDCARD, -1, "backdoors");
			many = node(SHIM_Q_WILDCARD, -1, "b");
			one->pos = 0;
			many->pos = 11;
			CHECK_INT(shim_search(r, op2(SHIM_Q_OR, one, many), &o, &res, &pos),
				  SHIM_TOO_BIG);
			CHECK_INT(pos, 11);
		}
	}
	/* Snippets highlight the matches, unescaped for terminals. */
	{
		struct shim_search_opts o = { 0 };
		shim_results_t *res;
		char *snip = NULL;
		const char *text = "Officials <say> the back door & more backdoors exist.";
		o.limit = 10;
		npool = 0;
		CHECK_INT(shim_search(r, word("backdoor"), &o, &res, NULL), SHIM_OK);
		CHECK_INT(shim_results_snippet(res, 0, text, strlen(text), 200, "[", "]", 0, &snip), SHIM_OK);
		/* "back door" is the word backdoor, written apart */
		CHECK(snip && strstr(snip, "[backdoors]") && strstr(snip, "<say> the [back door] & more"));
		free(snip);
		CHECK_INT(shim_results_snippet(res, 0, text, strlen(text), 200, "<b>", "</b>", 1, &snip), SHIM_OK);
		CHECK(snip && strstr(snip, "&lt;say&gt;") && strstr(snip, "<b>backdoors</b>"));
		free(snip);
		size_t nw;
		const char *const *words = shim_results_words(res, &nw);
		CHECK(nw >= 2);
		CHECK_STR(words[0], "backdoor");
		shim_results_free(res);
	}
	/* Spelling suggestions from the index's own words. */
	{
		char *s = shim_reader_suggest(r, "backdor");
		CHECK_STR(s, "backdoor");
		free(s);
		CHECK(shim_reader_suggest(r, "backdoor") == NULL);
	}
	/* Stored records and stats. */
	{
		char *meta, *data;
		size_t metalen, len;
		struct shim_stats st;
		struct shim_meta m;
		CHECK_INT(shim_reader_get(r, "a", &meta, &metalen, &data, &len), SHIM_OK);
		CHECK_INT(shim_meta_unpack(meta, metalen, &m), SHIM_OK);
		CHECK_STR(m.title, "meta-a");
		shim_meta_clear(&m);
		CHECK_STR(data, "a");
		CHECK_INT(len, 1);
		free(meta);
		free(data);
		CHECK_INT(shim_reader_get(r, "nope", &meta, &metalen, &data, &len), SHIM_NOT_FOUND);
		CHECK(meta == NULL && data == NULL);
		CHECK_INT(shim_reader_stats(r, &st), SHIM_OK);
		CHECK_INT(st.documents, 4);
		CHECK_STR(st.first_date, "20181201");
		CHECK_STR(st.last_date, "20200101");
		CHECK(st.disk_bytes > 0);
	}
	/* A bad query tree is a status and a message, not a crash. */
	{
		struct shim_search_opts o = { 0 };
		shim_results_t *res;
		size_t pos = 0;
		o.limit = 10;
		npool = 0;
		struct shim_qnode *q = node(SHIM_Q_AND, -1, NULL);
		q->pos = 7;
		CHECK_INT(shim_search(r, q, &o, &res, &pos), SHIM_BAD_QUERY);
		CHECK_INT(pos, 7);
		npool = 0;
		CHECK_INT(shim_search(r, node(SHIM_Q_WORD, -1, "..."), &o, &res, &pos), SHIM_BAD_QUERY);
	}
	shim_reader_close(r);

	/* A directory that is not an index, and a corrupt one. */
	{
		char p[600];
		FILE *f;
		snprintf(p, sizeof p, "%s/..", dir);
		CHECK_INT(shim_reader_open(p, &r, err, sizeof err), SHIM_NOT_INDEX);
		CHECK_INT(shim_writer_open(p, SHIM_WRITER_CREATE, 1, &w, err, sizeof err), SHIM_NOT_INDEX);
		snprintf(p, sizeof p, "%s/s0/postlist.glass", dir);
		f = fopen(p, "w");
		CHECK(f != NULL);
		if (f) {
			fputs("garbage", f);
			fclose(f);
		}
		shim_status_t st = shim_reader_open(dir, &r, err, sizeof err);
		if (st == SHIM_OK) {
			/* Xapian may only notice when reading. */
			struct shim_search_opts o = { 0 };
			shim_results_t *res;
			o.limit = 10;
			npool = 0;
			st = shim_search(r, word("backdoor"), &o, &res, NULL);
			shim_reader_close(r);
		}
		CHECK(st == SHIM_CORRUPT || st == SHIM_IO);
		snprintf(p, sizeof p, "%s/DOSSIER", dir);
		f = fopen(p, "w");
		if (f) {
			fputs("dossier index\nschema 999\n", f);
			fclose(f);
		}
		CHECK_INT(shim_reader_open(dir, &r, err, sizeof err), SHIM_VERSION);
		CHECK(strstr(err, "rebuild") != NULL);
	}
	CHECK_STR(shim_status_to_string(SHIM_LOCKED), "index is locked");
	CHECK_INT(shim_field_by_name("org"), SHIM_FIELD_ORG);
	CHECK_INT(shim_field_by_name("nope"), -1);
	{
		char k[64];
		CHECK(shim_key_normalize("  The U.S.  People's  Army! ", k, sizeof k) > 0);
		CHECK_STR(k, "the us peoples army");
		/* ASCII and the rest fold alike, on either side of a switch */
		CHECK(shim_key_normalize("AT&T_Labs-Inc.", k, sizeof k) > 0);
		CHECK_STR(k, "at&t_labs inc");
		CHECK(shim_key_normalize("Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale S.A.", k, sizeof k) > 0);
		CHECK_STR(k, "soci\xc3\xa9t\xc3\xa9 g\xc3\xa9n\xc3\xa9rale sa");
		CHECK(shim_key_normalize("Ren  \xc3\x89tat\xe2\x80\x99s  O'Neil", k, sizeof k) > 0);
		CHECK_STR(k, "ren \xc3\xa9tats oneil");
		CHECK(shim_key_normalize("\t- \xc2\xa0ZTE\n", k, sizeof k) > 0);
		CHECK_STR(k, "zte");
	}
	dir[strlen(dir) - strlen("/nested/index")] = '\0';
	test_shards(dir);
	test_async_commit(dir);
	test_spelling_recovery(dir);
	test_spelling_parts(dir);
	test_title_weight(dir);
	test_accents(dir);
	snprintf(buf, sizeof buf, "rm -rf '%s'", dir);
	if (system(buf) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return CHECK_DONE();
}
