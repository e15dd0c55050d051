/*
 * test_read_text.c - the scraped-text reader: metadata and cleaning on our
 * own synthetic pages (tests/data/text), on samples/text, on the real pages
 * in ../shared/seeds (skipped when absent), and on hostile input.
 *
 * The probe phrases below are short strings checked at run time; the seed
 * pages themselves are never copied into the project.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "readers.h"
#include "clean.h"

struct got {
	int n;
	struct article a;	/* the first article, taken over */
	int warned;
};

static int emit(void *ctx, struct article *a)
{
	struct got *g = ctx;

	if (g->n++ == 0) {
		g->a = *a;
		memset(a, 0, sizeof *a);
	}
	return 0;
}

static void warn(void *ctx, uint32_t line, const char *msg)
{
	struct got *g = ctx;

	(void)line;
	(void)msg;
	g->warned++;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

/* Reads path and runs read_text; 0 when the file is missing. */
static int run_file(const char *path, struct got *g)
{
	char err[256] = "";
	struct reader_ctx rc = { emit, warn, g, err, sizeof err };
	size_t len = 0;
	char *buf = slurp(path, &len);
	int r;

	memset(g, 0, sizeof *g);
	if (!buf) {
		fprintf(stderr, "cannot read %s\n", path);
		return 0;
	}
	r = read_text(buf, len, &rc);
	free(buf);
	CHECK_INT(r, 0);
	CHECK_INT(g->n, 1);
	return g->n == 1;
}

static int has(const struct got *g, const char *probe)
{
	return g->a.body.s && strstr(g->a.body.s, probe) != NULL;
}

#define PRESENT(g, p) do { \
	if (!has(g, p)) { \
		fprintf(stderr, "  missing from body: %s\n", p); \
		CHECK(!"real text kept"); \
	} \
} while (0)
#define ABSENT(g, p) do { \
	if (has(g, p)) { \
		fprintf(stderr, "  left in body: %s\n", p); \
		CHECK(!"boilerplate removed"); \
	} \
} while (0)

static const char *srcdir(void)
{
	const char *s = getenv("srcdir");

	return s && *s ? s : ".";
}

static void path_in(char *buf, size_t n, const char *dir, const char *file)
{
	snprintf(buf, n, "%s/%s", dir, file);
}

/* Every body line points at its own text in the original buffer. */
static void check_line_map(const char *path, const struct got *g)
{
	size_t len = 0, i;
	char *buf = slurp(path, &len);

	if (!buf)
		return;
	for (i = 0; i < g->a.body.nlines; i++) {
		const struct body_line *l = &g->a.body.lines[i];
		const char *p = buf;
		uint32_t ln = 1;

		if (!l->len)
			continue;
		while (ln < l->line && (p = strchr(p, '\n')) != NULL) {
			p++;
			ln++;
		}
		CHECK(p != NULL);
		if (!p)
			break;
		CHECK(l->col >= 1);
		CHECK(memcmp(p + l->col - 1, g->a.body.s + l->off,
			     l->len) == 0);
	}
	free(buf);
}

static void test_synthetic(void)
{
	char path[4096];
	struct got g;

	path_in(path, sizeof path, srcdir(),
		"tests/data/text/wrapped-newsletter.txt");
	if (run_file(path, &g)) {
		CHECK_STR(g.a.title, "Regulators in Denmark question "
			  "lawful-access rules for 5G cores");
		CHECK_STR(g.a.author, "Karin Holm");
		CHECK_STR(g.a.date, "Posted on 3 March 2021, 09:15");
		CHECK_STR(g.a.source, "THE SIGNAL POST");
		CHECK_INT(g.a.format, ARTICLE_FMT_TEXT);
		PRESENT(&g, "Danish telecoms regulators have asked");
		PRESENT(&g, "traffic inside the country may be hard to prove.");
		PRESENT(&g, "\"Nobody is asking for a backdoor,\" one regulator");
		PRESENT(&g, "the work before its network launch next year.");
		ABSENT(&g, "Front page");
		ABSENT(&g, "Become a member");
		ABSENT(&g, "Staff Writer");
		ABSENT(&g, "Picture:");
		ABSENT(&g, "See also");
		ABSENT(&g, "ten years");	/* the bio */
		ABSENT(&g, "responses");
		ABSENT(&g, "minutes ago");
		ABSENT(&g, "whole story");	/* a comment */
		ABSENT(&g, "SIGNAL POST");
		/* hard-wrapped lines stay separate body lines, one paragraph */
		CHECK(g.a.body.nlines >= 2);
		if (g.a.body.nlines >= 2) {
			CHECK_INT(g.a.body.lines[0].line, 12);
			CHECK_INT(g.a.body.lines[0].col, 1);
			CHECK_INT(g.a.body.lines[1].line, 13);
		}
		check_line_map(path, &g);
		article_clear(&g.a);
	}

	path_in(path, sizeof path, srcdir(),
		"tests/data/text/ads-and-related.txt");
	if (run_file(path, &g)) {
		CHECK_STR(g.a.title, "Cyber agency opens a public bug bounty "
			  "for government websites");
		CHECK_STR(g.a.date, "17 November 2022");
		CHECK(g.a.source == NULL);
		PRESENT(&g, "The national cyber agency has launched");
		PRESENT(&g, "two of them rated critical.");
		PRESENT(&g, "left out several large systems.");
		ABSENT(&g, "Skip navigation");
		ABSENT(&g, "Tweet");
		ABSENT(&g, "ADVERTISEMENT");
		ABSENT(&g, "Trending");
		ABSENT(&g, "smart speakers");
		ABSENT(&g, "briefing");
		ABSENT(&g, "Discussion");
		check_line_map(path, &g);
		article_clear(&g.a);
	}

	/* A page with no boilerplate loses nothing but its title. */
	path_in(path, sizeof path, srcdir(), "tests/data/text/plain-article.txt");
	if (run_file(path, &g)) {
		size_t i, nonblank = 0;

		CHECK_STR(g.a.title, "Parliament committee hears evidence on "
			  "router firmware");
		for (i = 0; i < g.a.body.nlines; i++)
			if (g.a.body.lines[i].len)
				nonblank++;
		CHECK_INT(nonblank, 12);
		PRESENT(&g, "Why it matters");
		PRESENT(&g, "Next steps");
		PRESENT(&g, "Routers sit between every household");
		PRESENT(&g, "The committee will report in the autumn.");
		/* paragraphs stay apart, wrapped lines stay together */
		CHECK(strstr(g.a.body.s, "security\nupdates.\n\nWhy it matters"
			     "\n\nRouters") != NULL);
		article_clear(&g.a);
	}
}

static void test_samples(void)
{
	static const char *const files[] = {
		"hcsec-oversight-report-2019.txt",
		"australia-5g-ban-2018.txt",
		"meng-wanzhou-arrest-2018.txt",
		"uk-huawei-5g-ban-2020.txt",
		"explainer-five-eyes-huawei.txt",
	};
	char path[4096];
	struct got g;
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		FILE *f;

		snprintf(path, sizeof path, "%s/samples/text/%s", srcdir(),
			 files[i]);
		f = fopen(path, "rb");
		if (!f)
			continue;	/* the samples are someone else's */
		fclose(f);
		if (!run_file(path, &g))
			continue;
		CHECK(g.a.title != NULL);
		CHECK(g.a.source != NULL);
		CHECK(g.a.author != NULL);
		ABSENT(&g, "Reply");
		ABSENT(&g, "Subscribe");
		ABSENT(&g, "Sign in");
		ABSENT(&g, "cookies");
		ABSENT(&g, "omments");
		ABSENT(&g, "Privacy");
		ABSENT(&g, "(c)");
		ABSENT(&g, "\xc2\xa9");
		ABSENT(&g, "Photo:");
		ABSENT(&g, "www.");
		ABSENT(&g, "!!!");
		check_line_map(path, &g);
		if (i == 0) {
			CHECK_STR(g.a.author, "Marguerite Ellwood");
			CHECK_STR(g.a.source, "Network Security Weekly");
			CHECK_STR(g.a.date, "Updated: March 28, 2019 4:52 PM");
			PRESENT(&g, "Backdoors are not the point");
			PRESENT(&g, "Only limited assurance");
			ABSENT(&g, "Share this article");
			ABSENT(&g, "Related stories");
			ABSENT(&g, "Operators count the cost");
			ABSENT(&g, "Sign up for");
			ABSENT(&g, "editors' pick");
		}
		article_clear(&g.a);
	}
}

/* ---- the real pages in ../shared/seeds */

static int seed(const char *dir, const char *name, struct got *g)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/seeds/%s", dir, name);
	if (!run_file(path, g))
		return 0;
	check_line_map(path, g);
	return 1;
}

static void test_seeds(const char *dir)
{
	struct got g;

	if (seed(dir, "000_a355c9e05f4edf7f.txt", &g)) {
		CHECK_STR(g.a.title, "No Huawei \xe2\x80\x98smoking gun\xe2\x80"
			  "\x99 in Europe, French cybersecurity chief says");
		CHECK(g.a.source == NULL);
		CHECK(g.a.date == NULL);
		ABSENT(&g, "with myNEWS");	/* the promo line, shortened */
		ABSENT(&g, "personalised news feed");
		ABSENT(&g, "Learn more");
		ABSENT(&g, "Purchase the China AI Report");
		ABSENT(&g, "webinars");
		ABSENT(&g, "Photo:");
		/* A caption stays, without its credit: it names the story's actors. */
		PRESENT(&g, "A woman listens");
		ABSENT(&g, "EU spares Huawei");
		PRESENT(&g, "Huawei, the world\xe2\x80\x99s largest telecoms "
			"gear supplier");
		PRESENT(&g, "has not uncovered any evidence of Huawei");
		PRESENT(&g, "Guillaume Poupard, the head of the national");
		PRESENT(&g, "Shenzhen-based Huawei has repeatedly denied");
		PRESENT(&g, "the Dutch intelligence service, the AIVD");
		PRESENT(&g, "a broadcast journalist and a telecoms sector "
			"expert.");
		CHECK(g.a.body.nlines > 0 && g.a.body.lines[0].line == 8 &&
		      g.a.body.lines[0].col == 3);
		article_clear(&g.a);
	}
	if (seed(dir, "001_831b1fe43b96c98a.txt", &g)) {
		CHECK_STR(g.a.title, "Europe Should Be Worried About Huawei, "
			  "Says EU Tech Commissioner");
		CHECK_STR(g.a.date, "December 8, 2018 Updated: December 9, "
			  "2018");
		CHECK(g.a.source == NULL);
		ABSENT(&g, "Follow Janita");
		ABSENT(&g, "December 9, 2018");
		PRESENT(&g, "Europe should be wary of telecommunications");
		PRESENT(&g, "of course we have to be afraid,\xe2\x80\x9d he "
			"added.");
		PRESENT(&g, "Global Cybersecurity Risk");
		PRESENT(&g, "He continues to run the company today.");
		PRESENT(&g, "to ban government purchases of Huawei");
		article_clear(&g.a);
	}
	if (seed(dir, "002_016be2476e1816a1.txt", &g)) {
		CHECK_STR(g.a.title, "Huawei denies German report on contact "
			  "with Chinese intelligence");
		CHECK(g.a.source == NULL);
		ABSENT(&g, "Connect with us");
		ABSENT(&g, "Also, Check");
		ABSENT(&g, "EU followed UK");
		ABSENT(&g, "Johnson told Trump");
		ABSENT(&g, "his garden");
		ABSENT(&g, "Deng Li");
		PRESENT(&g, "Huawei has denied the report from a German "
			"newspaper");
		PRESENT(&g, "However, the German government didn");
		PRESENT(&g, "Huawei Chief Representative to the EU "
			"Institutions.");
		article_clear(&g.a);
	}
	if (seed(dir, "003_ff8f16013be83914.txt", &g)) {
		CHECK_STR(g.a.title, "Huawei: US has no evidence for security "
			  "claims");
		CHECK_STR(g.a.author, "Steve McCaskill");
		CHECK(g.a.source == NULL);
		ABSENT(&g, "Image credit");
		ABSENT(&g, "reporting live");
		ABSENT(&g, "buying advice");
		ABSENT(&g, "resident mobile industry expert");
		PRESENT(&g, "Huawei has emphatically denied US allegations");
		PRESENT(&g, "Public rejection");
		PRESENT(&g, "prism on the wall.");	/* the quote paragraph stays */
		PRESENT(&g, "proof of hypocrisy");
		PRESENT(&g, "Independent regulation");
		PRESENT(&g, "monitoring by a dedicated GCHQ unit.");
		article_clear(&g.a);
	}
	if (seed(dir, "004_79237e9641582889.txt", &g)) {
		CHECK(g.a.title == NULL);
		CHECK(g.a.source == NULL);
		ABSENT(&g, "Join the Conversation");
		ABSENT(&g, "crab");
		ABSENT(&g, "beachfront");
		ABSENT(&g, "bookmark");
		ABSENT(&g, "Leave a comment");
		ABSENT(&g, "email address");
		ABSENT(&g, "Read more:");
		ABSENT(&g, "Photo:");
		PRESENT(&g, "Theresa May in February");
		PRESENT(&g, "significant technical issues");
		PRESENT(&g, "a key accusation leveled by the US.");
		PRESENT(&g, "Germany defies US pressure");
		PRESENT(&g, "even better job [on cybersecurity]");
		PRESENT(&g, "The US is doing it too");
		PRESENT(&g, "build a data center in the city state");
		CHECK(g.a.body.nlines > 0 && g.a.body.lines[0].line == 3);
		article_clear(&g.a);
	}
}

/* ---- hostile and odd input: bounded, no crash, no leak */

static void run_buf(const char *buf, size_t len, struct got *g, int want_n)
{
	char err[256] = "";
	struct reader_ctx rc = { emit, warn, g, err, sizeof err };

	memset(g, 0, sizeof *g);
	CHECK_INT(read_text(buf, len, &rc), 0);
	CHECK_INT(g->n, want_n);
}

static int stop_emit(void *ctx, struct article *a)
{
	(void)ctx;
	(void)a;
	return 42;
}

static void test_hostile(void)
{
	size_t big = 30u * 1024 * 1024, i;
	char *buf = malloc(big);
	struct got g;
	uint32_t x = 12345;

	CHECK(buf != NULL);
	if (!buf)
		return;
	/* one 30 MB line of words */
	for (i = 0; i < big; i++)
		buf[i] = "photo: credit by the way "[i % 25];
	run_buf(buf, big, &g, 1);
	article_clear(&g.a);

	/* a million empty lines around one sentence */
	memset(buf, '\n', 2000000);
	memcpy(buf + 1000000, "A short line of text that is here.", 34);
	run_buf(buf, 2000000, &g, 1);
	CHECK(g.a.body.nlines == 1 && g.a.body.lines[0].line == 1000001);
	article_clear(&g.a);

	/* more short lines than the reader looks at: a warning */
	for (i = 0; i < 1200000; i += 2) {
		buf[i] = 'x';
		buf[i + 1] = '\n';
	}
	run_buf(buf, 1200000, &g, 1);
	CHECK(g.warned == 1);
	article_clear(&g.a);

	/* binary-ish bytes */
	for (i = 0; i < 4000000; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (char)(x >> 24);
	}
	run_buf(buf, 4000000, &g, 1);
	article_clear(&g.a);

	/* nothing but white space: no article */
	run_buf(" \n\t\n\n", 5, &g, 0);
	run_buf("", 0, &g, 0);

	/* no trailing newline, CR LF, one line */
	run_buf("Just one line\r\n", 15, &g, 1);
	CHECK(g.a.body.s == NULL || strstr(g.a.body.s, "\r") == NULL);
	article_clear(&g.a);
	free(buf);

	/* emit's non-zero return comes back */
	{
		char err[64] = "";
		struct reader_ctx rc = { stop_emit, NULL, NULL, err,
					 sizeof err };

		CHECK_INT(read_text("Hello there.\n", 13, &rc), 42);
	}
}

int main(void)
{
	const char *shared = check_shared_dir();

	test_synthetic();
	test_samples();
	test_hostile();
	if (check_failures)
		return 1;
	if (!shared) {
		fprintf(stderr, "../shared absent: seed checks skipped\n");
		return 77;
	}
	test_seeds(shared);
	return CHECK_DONE();
}
