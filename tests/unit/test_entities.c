/*
 * test_entities.c - unit tests of indexer/entities.c and the shipped
 * gazetteer, plus precision/recall on the five seed articles.
 *
 * Relies on $srcdir/data/gazetteer.tsv and, for the seed part,
 * $srcdir/tests/data/entities/seeds.tsv and ../shared/seeds (found through
 * check_shared_dir(); that part is skipped when it is absent).  The seeds
 * are fed raw (every non-empty line a body line, no boilerplate removal),
 * so the floors here are lower than the end-to-end ones.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "check.h"
#include "entities.h"

static const char *srcdir(void)
{
	const char *s = getenv("srcdir");

	return s && *s ? s : ".";
}

/* Article whose body is text split at '\n' (empty lines end paragraphs). */
static void make_article(struct article *a, const char *title,
			 const char *text)
{
	const char *p = text;
	uint32_t line = 1;

	memset(a, 0, sizeof *a);
	if (title && article_set(&a->title, title, strlen(title)))
		abort();
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (n == 0 ? body_end_paragraph(&a->body)
			   : body_add_line(&a->body, p, n, line, 1))
			abort();
		line++;
		p += n;
		if (*p)
			p++;
	}
}

static const struct entity *find(const struct entity_result *r,
				 enum entity_type t, const char *name)
{
	size_t i;

	for (i = 0; i < r->nents; i++)
		if (r->ents[i].type == t && strcmp(r->ents[i].name, name) == 0)
			return &r->ents[i];
	return NULL;
}

static int has_alias(const struct entity_result *r, const char *alias,
		     const char *name)
{
	size_t i;

	for (i = 0; i < r->naliases; i++)
		if (strcmp(r->aliases[i].alias, alias) == 0 &&
		    strcmp(r->aliases[i].name, name) == 0)
			return 1;
	return 0;
}

static unsigned count_of(const struct entity_result *r, enum entity_type t,
			 const char *name)
{
	const struct entity *e = find(r, t, name);

	return e ? e->count : 0;
}

/* Runs the extractor over title/text; the caller frees *r. */
static void run(const gazetteer_t *g, const char *title, const char *text,
		struct entity_result *r)
{
	struct article a;
	char err[256];

	make_article(&a, title, text);
	CHECK_INT(entities_extract(g, &a, r, err, sizeof err), 0);
	article_clear(&a);
}

static void test_load_errors(void)
{
	gazetteer_t *g = NULL;
	char err[256];
	static const char bad_type[] =
		"# comment\n\norg\tFoo Agency\tFA\nplanet\tMars\n";
	static const char bad_alias[] =
		"org\tFoo Agency\tFA||FAG\n";
	static const char bad_flag[] =
		"org\tFoo Agency\tFA\tcolour=blue\n";
	static const char bad_words[] =
		"title\tpresident\tchair\n";
	static const char too_long[] =
		"org\tA B C D E F G H I J K L\n";

	CHECK_INT(gazetteer_load_buffer(&g, "bad.tsv", bad_type,
					sizeof bad_type - 1, err, sizeof err),
		  -1);
	CHECK(g == NULL);
	CHECK(strstr(err, "bad.tsv:4:") != NULL);
	CHECK_INT(gazetteer_load_buffer(&g, "b2.tsv", bad_alias,
					sizeof bad_alias - 1, err, sizeof err),
		  -1);
	CHECK(strstr(err, "b2.tsv:1: empty alias") != NULL);
	CHECK_INT(gazetteer_load_buffer(&g, "b3.tsv", bad_flag,
					sizeof bad_flag - 1, err, sizeof err),
		  -1);
	CHECK(strstr(err, "b3.tsv:1:") != NULL);
	CHECK_INT(gazetteer_load_buffer(&g, "b4.tsv", bad_words,
					sizeof bad_words - 1, err, sizeof err),
		  -1);
	CHECK(strstr(err, "b4.tsv:1:") != NULL);
	CHECK_INT(gazetteer_load_buffer(&g, "b5.tsv", too_long,
					sizeof too_long - 1, err, sizeof err),
		  -1);
	CHECK(strstr(err, "b5.tsv:1: alias has too many words") != NULL);
	CHECK(g == NULL);
	CHECK_INT(gazetteer_load(&g, "/nonexistent/gaz.tsv", err, sizeof err),
		  -1);
	CHECK(strstr(err, "/nonexistent/gaz.tsv") != NULL);
	CHECK(g == NULL);
}

struct fe_count {
	unsigned pairs, canon, ncsc;
};

static int fe_cb(void *ctx, enum entity_type t, const char *alias,
		 const char *canonical)
{
	struct fe_count *c = ctx;

	CHECK(entity_type_name(t) != NULL);
	CHECK(strcmp(canonical, "New York Times") != 0);
	c->pairs++;
	if (strcmp(alias, canonical) == 0)
		c->canon++;
	if (strcmp(alias, "NCSC") == 0)
		c->ncsc++;
	return 0;
}

static int fe_stop(void *ctx, enum entity_type t, const char *alias,
		   const char *canonical)
{
	(void)t;
	(void)alias;
	(void)canonical;
	return ++*(int *)ctx == 3 ? 42 : 0;
}

static void test_resolve(const gazetteer_t *g)
{
	struct fe_count c = { 0, 0, 0 };
	int n = 0;
	size_t nal, nent = gazetteer_size(g, &nal);

	CHECK(nent >= 300);
	CHECK(nal > nent);
	CHECK_STR(gazetteer_resolve(g, ENTITY_ORG, "NCSC"),
		  "National Cyber Security Centre");
	CHECK_STR(gazetteer_resolve(g, ENTITY_ORG, "ncsc"),
		  "National Cyber Security Centre");
	CHECK_STR(gazetteer_resolve(g, ENTITY_ORG,
				    "national  cyber-security CENTER"),
		  "National Cyber Security Centre");
	CHECK_STR(gazetteer_resolve(g, ENTITY_ORG, "HCSEC"),
		  "Huawei Cyber Security Evaluation Centre");
	CHECK_STR(gazetteer_resolve(g, ENTITY_ORG, "Huawei\xe2\x80\x99s"),
		  "Huawei");
	CHECK_STR(gazetteer_resolve(g, ENTITY_ORG, "Huawei Technologies"),
		  "Huawei");
	CHECK_STR(gazetteer_resolve(g, ENTITY_ORG, "GCHQ"), "GCHQ");
	CHECK_STR(gazetteer_resolve(g, ENTITY_ORG, "CCP"),
		  "Chinese Communist Party");
	CHECK_STR(gazetteer_resolve(g, ENTITY_ORG, "People's Liberation Army"),
		  "People's Liberation Army");
	CHECK_STR(gazetteer_resolve(g, ENTITY_PLACE, "Britain"),
		  "United Kingdom");
	CHECK_STR(gazetteer_resolve(g, ENTITY_PLACE, "U.K."),
		  "United Kingdom");
	CHECK_STR(gazetteer_resolve(g, ENTITY_PLACE, "British"),
		  "United Kingdom");
	CHECK_STR(gazetteer_resolve(g, ENTITY_PLACE, "U.S."), "United States");
	CHECK_STR(gazetteer_resolve(g, ENTITY_PLACE, "USA"), "United States");
	CHECK_STR(gazetteer_resolve(g, ENTITY_PLACE, "American"),
		  "United States");
	CHECK_STR(gazetteer_resolve(g, ENTITY_PLACE, "French"), "France");
	CHECK_STR(gazetteer_resolve(g, ENTITY_PLACE, "Dutch"), "Netherlands");
	CHECK_STR(gazetteer_resolve(g, ENTITY_PLACE, "Chinese"), "China");
	CHECK_STR(gazetteer_resolve(g, ENTITY_PERSON, "Arne Schoenbohm"),
		  "Arne Sch\xc3\xb6nbohm");
	CHECK_STR(gazetteer_resolve(g, ENTITY_PERSON, "ARNE SCH\xc3\x96NBOHM"),
		  "Arne Sch\xc3\xb6nbohm");
	/* case-sensitive entries */
	CHECK(gazetteer_resolve(g, ENTITY_PLACE, "us") == NULL);
	CHECK(gazetteer_resolve(g, ENTITY_PLACE, "Us") == NULL);
	CHECK_STR(gazetteer_resolve(g, ENTITY_PLACE, "US"), "United States");
	CHECK(gazetteer_resolve(g, ENTITY_ORG, "bt") == NULL);
	CHECK_STR(gazetteer_resolve(g, ENTITY_ORG, "BT"), "BT");
	CHECK_STR(gazetteer_resolve(g, ENTITY_ORG, "bt group"), "BT");
	CHECK(gazetteer_resolve(g, ENTITY_ORG, "ee") == NULL);
	CHECK_STR(gazetteer_resolve(g, ENTITY_ORG, "EE"), "EE");
	CHECK(gazetteer_resolve(g, ENTITY_ORG, "orange") == NULL);
	CHECK(gazetteer_resolve(g, ENTITY_PERSON, "trump") == NULL);
	/* wrong type, unknown, ignore entries */
	CHECK(gazetteer_resolve(g, ENTITY_PLACE, "NCSC") == NULL);
	CHECK(gazetteer_resolve(g, ENTITY_ORG, "Acme Widgets") == NULL);
	CHECK(gazetteer_resolve(g, ENTITY_PLACE, "New York Times") == NULL);
	CHECK(gazetteer_resolve(g, ENTITY_ORG, "") == NULL);
	CHECK(gazetteer_resolve(g, ENTITY_NTYPES, "NCSC") == NULL);
	CHECK(gazetteer_resolve(NULL, ENTITY_ORG, "NCSC") == NULL);

	CHECK_INT(gazetteer_foreach(g, fe_cb, &c), 0);
	CHECK(c.canon >= 300);
	CHECK(c.pairs > c.canon);
	CHECK(c.ncsc >= 3);	/* UK, Dutch, New Zealand, US */
	CHECK_INT(gazetteer_foreach(g, fe_stop, &n), 42);
	CHECK_INT(n, 3);

	CHECK_STR(entity_type_name(ENTITY_ORG), "org");
	CHECK_STR(entity_type_name(ENTITY_PERSON), "person");
	CHECK_STR(entity_type_name(ENTITY_PLACE), "place");
	CHECK(entity_type_name(ENTITY_NTYPES) == NULL);
	CHECK_INT(entity_type_parse("Organization"), ENTITY_ORG);
	CHECK_INT(entity_type_parse("location"), ENTITY_PLACE);
	CHECK_INT(entity_type_parse("thing"), ENTITY_NTYPES);
}

static void test_extend(void)
{
	gazetteer_t *g = NULL;
	char err[256];
	static const char a[] =
		"org\tWidget Security Bureau\tWSB\n"
		"title\tinspector\n";
	static const char b[] =
		"org\tWidget Security Bureau\tWidget Bureau|=WiSB\n"
		"person\tZed Quorn\t-\n";

	CHECK_INT(gazetteer_load_buffer(&g, "a", a, sizeof a - 1, err,
					sizeof err), 0);
	CHECK_INT(gazetteer_load_buffer(&g, "b", b, sizeof b - 1, err,
					sizeof err), 0);
	CHECK_STR(gazetteer_resolve(g, ENTITY_ORG, "wsb"),
		  "Widget Security Bureau");
	CHECK_STR(gazetteer_resolve(g, ENTITY_ORG, "widget bureau"),
		  "Widget Security Bureau");
	CHECK(gazetteer_resolve(g, ENTITY_ORG, "wisb") == NULL);
	CHECK_STR(gazetteer_resolve(g, ENTITY_PERSON, "zed quorn"),
		  "Zed Quorn");
	CHECK_INT(gazetteer_size(g, NULL), 2);
	gazetteer_free(g);
}

static void test_matching(const gazetteer_t *g)
{
	struct entity_result r;
	const struct entity *e;
	static const char text[] =
		"Britain's NCSC and the National Cyber-Security Center met "
		"Huawei\xe2\x80\x99s engineers.\n"
		"\n"
		"The U.S. and the UK disagree; us and them, said nobody.\n"
		"It cost US$400 in Deutsche Telekom shares.\n"
		"BT said so. The bt tower and an orange sky. Orange, the "
		"French operator, agreed.\n"
		"Orange juice was served. Reporters read the New York Times.\n";

	run(g, "Huawei and the NCSC", text, &r);
	CHECK_INT(count_of(&r, ENTITY_ORG, "National Cyber Security Centre"),
		  3);
	CHECK_INT(count_of(&r, ENTITY_ORG, "Huawei"), 2);
	e = find(&r, ENTITY_ORG, "Huawei");
	CHECK(e && e->first_off == (size_t)(strstr(text, "Huawei") - text));
	CHECK_INT(count_of(&r, ENTITY_PLACE, "United Kingdom"), 2);
	CHECK_INT(count_of(&r, ENTITY_PLACE, "United States"), 1);
	CHECK_INT(count_of(&r, ENTITY_PLACE, "France"), 1);
	CHECK_INT(count_of(&r, ENTITY_ORG, "Deutsche Telekom"), 1);
	CHECK_INT(count_of(&r, ENTITY_ORG, "BT"), 1);
	CHECK_INT(count_of(&r, ENTITY_ORG, "Orange"), 1);
	CHECK(find(&r, ENTITY_PLACE, "New York") == NULL);
	/* sorted: orgs first, most mentioned first */
	CHECK(r.nents > 0 && r.ents[0].type == ENTITY_ORG);
	CHECK_STR(r.nents ? r.ents[0].name : NULL,
		  "National Cyber Security Centre");
	entities_result_free(&r);

	/* commas join words only for aliases written with them */
	run(g, NULL,
	    "The Department for Digital, Culture, Media and Sport agreed. "
	    "Huawei, Technologies and more.\n", &r);
	CHECK_INT(count_of(&r, ENTITY_ORG, "DCMS"), 1);
	CHECK_INT(count_of(&r, ENTITY_ORG, "Huawei"), 1);
	entities_result_free(&r);

	/* title-only mention */
	run(g, "GCHQ warns", "Nothing here.\n", &r);
	e = find(&r, ENTITY_ORG, "GCHQ");
	CHECK(e && e->count == 1 && e->first_off == SIZE_MAX);
	entities_result_free(&r);

	/* an acronym shared by agencies: the home place decides */
	run(g, NULL, "In the Netherlands the NCSC issued a warning.\n", &r);
	CHECK(find(&r, ENTITY_ORG, "NCSC-NL") != NULL);
	CHECK(find(&r, ENTITY_ORG, "National Cyber Security Centre") == NULL);
	entities_result_free(&r);
	run(g, NULL, "The NCSC issued a warning.\n", &r);
	CHECK(find(&r, ENTITY_ORG, "National Cyber Security Centre") != NULL);
	entities_result_free(&r);
}

static void test_acronyms(const gazetteer_t *g)
{
	struct entity_result r;

	/* neither side known: a new org named by its long form */
	run(g, NULL,
	    "The Quantum Network Oversight Agency (QNOA) published rules.\n"
	    "The QNOA said vendors must comply. Critics of QNOA disagreed.\n",
	    &r);
	CHECK_INT(count_of(&r, ENTITY_ORG, "Quantum Network Oversight Agency"),
		  4);
	CHECK(has_alias(&r, "QNOA", "Quantum Network Oversight Agency"));
	entities_result_free(&r);

	/* initials that do not fit: nothing learned */
	run(g, NULL, "The Quantum Network Oversight Agency (ZZT) met.\n", &r);
	CHECK(find(&r, ENTITY_ORG, "Quantum Network Oversight Agency") == NULL);
	CHECK_INT(r.naliases, 0);
	entities_result_free(&r);

	/* acronym first, letters from inside words (HQ) */
	run(g, NULL,
	    "Staff at WCHQ (Widget Communications Headquarters) agreed.\n", &r);
	CHECK(has_alias(&r, "WCHQ", "Widget Communications Headquarters"));
	CHECK_INT(count_of(&r, ENTITY_ORG,
			   "Widget Communications Headquarters"), 2);
	entities_result_free(&r);

	/* long form known: the acronym becomes its alias */
	run(g, NULL,
	    "The German Federal Office for Information Security (GFOIS) "
	    "said. GFOIS agreed.\n", &r);
	CHECK(has_alias(&r, "GFOIS", "BSI"));
	CHECK_INT(count_of(&r, ENTITY_ORG, "BSI"), 3);
	entities_result_free(&r);

	/* acronym known: a new long form becomes its alias */
	run(g, NULL, "GCHQ (Government Comms Headquarters) spoke.\n", &r);
	CHECK(has_alias(&r, "Government Comms Headquarters", "GCHQ"));
	CHECK_INT(count_of(&r, ENTITY_ORG, "GCHQ"), 2);
	entities_result_free(&r);

	/* both known and agreeing: nothing new to report */
	run(g, NULL, "The National Cyber Security Center (NCSC) spoke.\n", &r);
	CHECK_INT(r.naliases, 0);
	CHECK_INT(count_of(&r, ENTITY_ORG, "National Cyber Security Centre"),
		  2);
	entities_result_free(&r);

	/* the text's definition beats the default of an ambiguous acronym */
	run(g, NULL,
	    "The Nationaal Cyber Security Centrum (NCSC) spoke in London. "
	    "The NCSC agreed.\n", &r);
	CHECK_INT(count_of(&r, ENTITY_ORG, "NCSC-NL"), 3);
	CHECK(find(&r, ENTITY_ORG, "National Cyber Security Centre") == NULL);
	entities_result_free(&r);

	/* descriptive forms of a known acronym */
	run(g, NULL,
	    "ANSSI, the national cybersecurity agency, said so.\n"
	    "The head of the French signals watchdog BSI? No: of the "
	    "national cyber agency ANSSI.\n", &r);
	CHECK(has_alias(&r, "national cybersecurity agency", "ANSSI"));
	CHECK(has_alias(&r, "national cyber agency", "ANSSI"));
	/* two acronyms and the two descriptive forms */
	CHECK_INT(count_of(&r, ENTITY_ORG, "ANSSI"), 4);
	entities_result_free(&r);

	/* too generic or possessive descriptions teach nothing */
	run(g, NULL,
	    "ASD, the country's signals agency, spoke to the federal office "
	    "BSI.\n", &r);
	CHECK_INT(r.naliases, 0);
	entities_result_free(&r);

	/* French long forms with elided articles */
	run(g, NULL,
	    "Agence Nationale de la Recherche d'Informations (ANRI) "
	    "published.\n", &r);
	CHECK(has_alias(&r, "ANRI",
			"Agence Nationale de la Recherche d'Informations"));
	entities_result_free(&r);
}

static void test_people(const gazetteer_t *g)
{
	struct entity_result r;
	struct article a;
	char err[64];

	run(g, "Vendor row deepens",
	    "Rotating Chairman Guo Ping spoke. Guo said the kit was safe.\n"
	    "Prime Minister Arvid Lindqvist said nothing.\n"
	    "Hilda Brandtner, the head of the regulator, disagreed. "
	    "Brandtner warned of costs.\n"
	    "\"It is fine,\" said Kasimir Olvenbeck. Olvenbeck left.\n"
	    "Company founder Tobiah Marchetti-Ruiz agreed.\n"
	    "Yolanda Pressbaum told reporters she was leaving.\n"
	    "Mobile World Congress opened. The Weekend Edition said so.\n"
	    "In March Sandor Kelemen arrived. Sandor Kelemen is quiet.\n"
	    "The Prism Programme said nothing; Huawei Chief said no.\n"
	    "Theresa May met Xi Jinping in May.\n"
	    "By Ottilie Frame, chief correspondent\n", &r);
	CHECK_INT(count_of(&r, ENTITY_PERSON, "Guo Ping"), 2);
	CHECK_INT(count_of(&r, ENTITY_PERSON, "Arvid Lindqvist"), 1);
	CHECK_INT(count_of(&r, ENTITY_PERSON, "Hilda Brandtner"), 2);
	CHECK_INT(count_of(&r, ENTITY_PERSON, "Kasimir Olvenbeck"), 2);
	CHECK_INT(count_of(&r, ENTITY_PERSON, "Tobiah Marchetti-Ruiz"), 1);
	CHECK_INT(count_of(&r, ENTITY_PERSON, "Yolanda Pressbaum"), 1);
	CHECK_INT(count_of(&r, ENTITY_PERSON, "Theresa May"), 1);
	CHECK_INT(count_of(&r, ENTITY_PERSON, "Xi Jinping"), 1);
	CHECK(find(&r, ENTITY_PERSON, "Sandor Kelemen") == NULL);
	CHECK(find(&r, ENTITY_PERSON, "Mobile World Congress") == NULL);
	CHECK(find(&r, ENTITY_PERSON, "Weekend Edition") == NULL);
	CHECK(find(&r, ENTITY_PERSON, "Ottilie Frame") == NULL);
	CHECK(find(&r, ENTITY_PERSON, "Prism Programme") == NULL);
	CHECK(find(&r, ENTITY_PERSON, "Vendor") == NULL);
	CHECK(r.nents > 0 && r.ents[0].type == ENTITY_ORG);
	entities_result_free(&r);

	/* a company named like a person ("Red Hat said") is the company */
	run(g, "Kernel fix", "Red Hat said the update ships today, "
	    "said Red Hat engineer Alan Cox.\n", &r);
	CHECK(find(&r, ENTITY_PERSON, "Red Hat") == NULL);
	CHECK_INT(count_of(&r, ENTITY_ORG, "Red Hat"), 2);
	entities_result_free(&r);

	/* explicit metadata is canonicalised; unknown names are kept */
	make_article(&a, NULL, "Nothing to see.\n");
	if (article_add_entity(&a, "org", " ncsc ") ||
	    article_add_entity(&a, "person", "Jane Roe") ||
	    article_add_entity(&a, "location", "Britain") ||
	    article_add_entity(&a, "colour", "blue"))
		abort();
	CHECK_INT(entities_extract(g, &a, &r, err, sizeof err), 0);
	CHECK_INT(count_of(&r, ENTITY_ORG, "National Cyber Security Centre"),
		  1);
	CHECK_INT(count_of(&r, ENTITY_PERSON, "Jane Roe"), 1);
	CHECK_INT(count_of(&r, ENTITY_PLACE, "United Kingdom"), 1);
	CHECK_INT(r.nents, 3);
	CHECK(r.nents && r.ents[0].first_off == SIZE_MAX);
	entities_result_free(&r);
	article_clear(&a);

	/* no gazetteer: acronyms still work; the cue words are data */
	run(NULL, NULL,
	    "Minister Arvid Lindqvist spoke at the Foo Bar Council (FBC).\n",
	    &r);
	CHECK(find(&r, ENTITY_PERSON, "Arvid Lindqvist") == NULL);
	CHECK_INT(count_of(&r, ENTITY_ORG, "Foo Bar Council"), 2);
	CHECK(has_alias(&r, "FBC", "Foo Bar Council"));
	entities_result_free(&r);
}

/* Hostile input: long runs of capitals, brackets and possessives. */
static void test_hostile(const gazetteer_t *g)
{
	struct entity_result r;
	size_t n = 400000, i;
	char *s = malloc(n + 1);
	static const char pat[] = "NCSC (National ((( Huawei's's US$ X. ";

	if (!s)
		abort();
	for (i = 0; i < n; i++)
		s[i] = pat[i % (sizeof pat - 1)];
	s[n] = '\0';
	run(g, s, s, &r);
	CHECK(count_of(&r, ENTITY_ORG, "Huawei") > 1000);
	entities_result_free(&r);
	for (i = 0; i < n; i++)
		s[i] = (char)("AB C\xc3\xa9'\n("[i % 9]);
	run(g, NULL, s, &r);
	entities_result_free(&r);
	free(s);
}

/* ---- precision and recall on the seeds */

struct triple_set {
	char **v;
	size_t n, cap;
};

static void ts_add(struct triple_set *s, const char *key, const char *type,
		   const char *name)
{
	size_t len = strlen(key) + strlen(type) + strlen(name) + 3, i;
	char *t = malloc(len);

	if (!t)
		abort();
	snprintf(t, len, "%s\t%s\t%s", key, type, name);
	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], t) == 0) {
			free(t);
			return;
		}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = realloc(s->v, s->cap * sizeof *s->v);
		if (!s->v)
			abort();
	}
	s->v[s->n++] = t;
}

static int ts_has(const struct triple_set *s, const char *t)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], t) == 0)
			return 1;
	return 0;
}

static void ts_free(struct triple_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static void test_seeds(const gazetteer_t *g)
{
	const char *shared = check_shared_dir();
	struct triple_set want = { 0 }, got = { 0 };
	char path[4096], *labels, *p;
	size_t len, i, t;
	unsigned tp[ENTITY_NTYPES] = { 0 }, np[ENTITY_NTYPES] = { 0 },
		 nw[ENTITY_NTYPES] = { 0 }, atp = 0, anp = 0, anw = 0;
	char keys[8][256];
	size_t nkeys = 0;

	if (!shared) {
		fprintf(stderr, "seeds: ../shared absent, skipped\n");
		return;
	}
	snprintf(path, sizeof path, "%s/tests/data/entities/seeds.tsv",
		 srcdir());
	labels = slurp(path, &len);
	CHECK(labels != NULL);
	if (!labels)
		return;
	for (p = labels; *p;) {
		char *nl = strchr(p, '\n'), *f1, *f2;

		if (nl)
			*nl = '\0';
		f1 = strchr(p, '\t');
		f2 = f1 ? strchr(f1 + 1, '\t') : NULL;
		if (*p && *p != '#' && f1 && f2) {
			*f1 = *f2 = '\0';
			ts_add(&want, p, f1 + 1, f2 + 1);
			for (i = 0; i < nkeys; i++)
				if (strcmp(keys[i], p) == 0)
					break;
			if (i == nkeys && nkeys < 8)
				snprintf(keys[nkeys++], sizeof keys[0], "%s",
					 p);
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	free(labels);
	CHECK_INT(nkeys, 5);
	for (i = 0; i < nkeys; i++) {
		struct article a;
		struct entity_result r;
		char err[128], *text, *q;
		uint32_t line = 0;

		snprintf(path, sizeof path, "%s/seeds/%s", shared, keys[i]);
		text = slurp(path, &len);
		CHECK(text != NULL);
		if (!text)
			continue;
		memset(&a, 0, sizeof a);
		for (q = text; *q;) {
			char *nl = strchr(q, '\n');
			size_t n = nl ? (size_t)(nl - q) : strlen(q), k = 0;

			line++;
			while (k < n && (q[k] == ' ' || q[k] == '\t' ||
					 q[k] == '\r'))
				k++;
			if (k < n && body_add_line(&a.body, q, n, line, 1))
				abort();
			if (!nl)
				break;
			q = nl + 1;
		}
		free(text);
		CHECK_INT(entities_extract(g, &a, &r, err, sizeof err), 0);
		for (t = 0; t < r.nents; t++)
			ts_add(&got, keys[i], entity_type_name(r.ents[t].type),
			       r.ents[t].name);
		entities_result_free(&r);
		article_clear(&a);
	}
	for (t = 0; t < ENTITY_NTYPES; t++) {
		const char *tn = entity_type_name((enum entity_type)t);
		size_t tl = strlen(tn);

		for (i = 0; i < got.n; i++) {
			const char *f = strchr(got.v[i], '\t') + 1;

			if (strncmp(f, tn, tl) || f[tl] != '\t')
				continue;
			np[t]++;
			if (ts_has(&want, got.v[i]))
				tp[t]++;
			else
				fprintf(stderr, "  false positive: %s\n",
					got.v[i]);
		}
		for (i = 0; i < want.n; i++) {
			const char *f = strchr(want.v[i], '\t') + 1;

			if (strncmp(f, tn, tl) || f[tl] != '\t')
				continue;
			nw[t]++;
			if (!ts_has(&got, want.v[i]))
				fprintf(stderr, "  missed: %s\n", want.v[i]);
		}
		atp += tp[t];
		anp += np[t];
		anw += nw[t];
	}
	fprintf(stderr, "seeds (raw text)  precision  recall   tp/pred/gold\n");
	for (t = 0; t <= ENTITY_NTYPES; t++) {
		unsigned a = t < ENTITY_NTYPES ? tp[t] : atp;
		unsigned b = t < ENTITY_NTYPES ? np[t] : anp;
		unsigned c = t < ENTITY_NTYPES ? nw[t] : anw;
		double pr = b ? (double)a / b : 1.0, rc = c ? (double)a / c : 1.0;

		fprintf(stderr, "  %-15s %9.3f %7.3f   %u/%u/%u\n",
			t < ENTITY_NTYPES ?
			entity_type_name((enum entity_type)t) : "all",
			pr, rc, a, b, c);
		CHECK(pr >= 0.8);
		CHECK(rc >= 0.7);
	}
	ts_free(&want);
	ts_free(&got);
}

int main(void)
{
	gazetteer_t *g = NULL;
	char path[4096], err[512];

	test_load_errors();
	test_extend();
	snprintf(path, sizeof path, "%s/data/gazetteer.tsv", srcdir());
	if (gazetteer_load(&g, path, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	test_resolve(g);
	test_matching(g);
	test_acronyms(g);
	test_people(g);
	test_hostile(g);
	test_seeds(g);	/* skips itself when ../shared is absent */
	gazetteer_free(g);
	return CHECK_DONE();
}
