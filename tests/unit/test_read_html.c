/*
 * test_read_html.c - the HTML reader: metadata, choice of the story
 * element, boilerplate removal, line numbers, charsets and hostile input.
 *
 * Pages under tests/data/html/ were written for these tests.  When
 * samples/html/ holds pages, each must yield a title, a date dates_parse()
 * accepts, a source and a body free of the page's own navigation, footer,
 * script and comment text (found by parsing the page here, generically).
 * The seeds in ../shared, fed in as if mis-sniffed, must not upset it.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "check.h"
#include "dates.h"
#include "readers.h"

struct capture {
	int n;
	struct article a;
	int stop;		/* value emit returns */
};

static int cap_emit(void *ctx, struct article *a)
{
	struct capture *c = ctx;

	c->n++;
	article_clear(&c->a);
	c->a = *a;		/* take everything; the reader clears a husk */
	memset(a, 0, sizeof *a);
	return c->stop;
}

static int run(const char *buf, size_t len, struct capture *c, char *err,
	       size_t errlen)
{
	struct reader_ctx rc = {cap_emit, NULL, c, err, errlen};

	memset(c, 0, sizeof *c);
	err[0] = '\0';
	return read_html(buf, len, &rc);
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

static const char *srcdir(void)
{
	const char *s = getenv("srcdir");

	return s && *s ? s : ".";
}

static char *data_file(const char *name, size_t *len)
{
	char path[4096];
	char *buf;

	snprintf(path, sizeof path, "%s/tests/data/html/%s", srcdir(), name);
	buf = slurp(path, len);
	if (!buf)
		fprintf(stderr, "cannot read %s\n", path);
	return buf;
}

/* Index of the body line equal to s, or -1. */
static long find_line(const struct article *a, const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i < a->body.nlines; i++)
		if (a->body.lines[i].len == n &&
		    memcmp(a->body.s + a->body.lines[i].off, s, n) == 0)
			return (long)i;
	return -1;
}

static bool body_has(const struct article *a, const char *s)
{
	return a->body.s && strstr(a->body.s, s) != NULL;
}

/* Line numbers and columns of the body line equal to s. */
#define CHECK_LINE(a, s, wantline, wantcol) do { \
	long li_ = find_line((a), (s)); \
	CHECK(li_ >= 0); \
	if (li_ >= 0) { \
		CHECK_INT((a)->body.lines[li_].line, (wantline)); \
		CHECK_INT((a)->body.lines[li_].col, (wantcol)); \
	} \
} while (0)

/* The body is lines and single empty separators, never two in a row, and
 * never one at either end. */
static void check_body_shape(const struct article *a)
{
	size_t i;

	if (a->body.nlines == 0)
		return;
	CHECK(a->body.lines[0].len > 0);
	CHECK(a->body.lines[a->body.nlines - 1].len > 0);
	for (i = 1; i < a->body.nlines; i++)
		CHECK(a->body.lines[i].len > 0 || a->body.lines[i - 1].len > 0);
	CHECK_INT(strlen(a->body.s), a->body.len);
}

static void test_full(void)
{
	struct capture c;
	char err[256];
	size_t len;
	char *buf = data_file("full.html", &len);

	CHECK(buf != NULL);
	if (!buf)
		return;
	CHECK_INT(run(buf, len, &c, err, sizeof err), 0);
	CHECK_INT(c.n, 1);
	CHECK_INT(c.a.format, ARTICLE_FMT_HTML);
	CHECK_INT(c.a.record, 1);
	CHECK_INT(c.a.first_line, 1);
	/* " | The Policy Wire" equals og:site_name and is cut. */
	CHECK_STR(c.a.title, "Regulator publishes 5G vendor rules");
	CHECK_STR(c.a.date, "2019-03-28T09:30:00+01:00");
	CHECK_STR(c.a.source, "The Policy Wire");
	CHECK_STR(c.a.url, "https://policywire.example/2019/03/vendor-rules");
	CHECK_STR(c.a.author, "Jane Example");
	CHECK_STR(c.a.lang, "en-GB");
	CHECK_STR(c.a.description,
		  "A telecoms regulator sets out how operators may buy radio "
		  "gear.");
	/* Story text, whitespace collapsed, entities decoded. */
	CHECK_LINE(&c.a, "The national telecoms regulator on Thursday "
		   "published rules that limit how much radio equipment an "
		   "operator may buy from a single high-risk vendor.", 28, 4);
	CHECK(find_line(&c.a, "Operators have until 2022 to comply, the "
			"regulator said & officials added that core network "
			"functions are covered too.") >= 0);
	CHECK(find_line(&c.a, "What changes") >= 0);
	CHECK_LINE(&c.a, "A cap on market share for any one supplier.", 36,
		   5);
	CHECK(find_line(&c.a, "\"Security is a shared responsibility,\" the "
			"chair said.") >= 0);
	/* <br> splits a paragraph into lines of the same paragraph. */
	CHECK_LINE(&c.a, "Line one", 40, 4);
	CHECK_LINE(&c.a, "Line two after a break", 40, 16);
	if (find_line(&c.a, "Line one") >= 0)
		CHECK_STR(c.a.body.s + c.a.body.lines[find_line(&c.a,
			  "Line one") + 1].off, "Line two after a break");
	/* The h1 repeats the title: kept out of the body. */
	CHECK(find_line(&c.a, "Regulator publishes 5G vendor rules") < 0);
	/* Boilerplate of every kind is gone. */
	CHECK(!body_has(&c.a, "should never appear"));
	CHECK(!body_has(&c.a, "also never"));
	CHECK(!body_has(&c.a, "font-family"));
	CHECK(!body_has(&c.a, "Technology desk"));
	CHECK(!body_has(&c.a, "Independent coverage"));
	CHECK(!body_has(&c.a, "cookies"));
	CHECK(!body_has(&c.a, "Share on social"));
	CHECK(!body_has(&c.a, "Photo: Example Agency"));
	CHECK(!body_has(&c.a, "spectrum auctions"));
	CHECK(!body_has(&c.a, "daily briefing"));
	CHECK(!body_has(&c.a, "Subscribe now"));
	CHECK(!body_has(&c.a, "Reader one"));
	CHECK(!body_has(&c.a, "12 Comments"));
	CHECK(!body_has(&c.a, "Another story"));
	CHECK(!body_has(&c.a, "All rights reserved"));
	check_body_shape(&c.a);
	article_clear(&c.a);
	free(buf);
}

static void test_hinted(void)
{
	struct capture c;
	char err[256];
	size_t len;
	char *buf = data_file("hinted.html", &len);
	struct date d;

	CHECK(buf != NULL);
	if (!buf)
		return;
	CHECK_INT(run(buf, len, &c, err, sizeof err), 0);
	CHECK_INT(c.n, 1);
	/* No site name given: the title's suffix spells the host's name, so
	 * it is the source and is cut from the title. */
	CHECK_STR(c.a.title, "Agency warns on router backdoors");
	CHECK_STR(c.a.source, "Example News");
	CHECK_STR(c.a.url, "https://www.examplenews.com/world/agency-warns");
	CHECK_STR(c.a.date, "Tue, 5 Feb 2019 14:00:00 GMT");
	CHECK(c.a.date && dates_parse(c.a.date, strlen(c.a.date), &d) == 0);
	CHECK_STR(c.a.author, "Sam Writer");
	CHECK(c.a.lang == NULL);
	/* The story-body div wins over a comment section with more text. */
	CHECK_LINE(&c.a, "A national cyber agency warned on Tuesday that some "
		   "home routers ship with undocumented remote access "
		   "accounts.", 16, 4);
	CHECK(find_line(&c.a, "Researchers found the accounts by comparing "
			"firmware images.") >= 0);
	CHECK(!body_has(&c.a, "commenter"));
	CHECK(!body_has(&c.a, "Advertisement"));
	CHECK(!body_has(&c.a, "Front page"));
	CHECK(!body_has(&c.a, "Contact"));
	CHECK_INT(c.a.body.nlines, 5);
	check_body_shape(&c.a);
	article_clear(&c.a);
	free(buf);
}

/* A blog layout: many wrappers with weak cues in their classes, comments
 * in <article> elements, no metadata but the <title>. */
static void test_blog(void)
{
	struct capture c;
	char err[256];
	size_t len;
	char *buf = data_file("blog.html", &len);

	CHECK(buf != NULL);
	if (!buf)
		return;
	CHECK_INT(run(buf, len, &c, err, sizeof err), 0);
	/* "<h1> – Site" names the site. */
	CHECK_STR(c.a.title, "Ministers delay decision on network kit");
	CHECK_STR(c.a.source, "Signal Notes");
	CHECK_STR(c.a.date, "2019-04-24T08:00:00+00:00");
	CHECK_STR(c.a.author, "The Editor");
	CHECK_STR(c.a.lang, "en-US");
	CHECK(c.a.url == NULL);
	CHECK_LINE(&c.a, "Ministers postponed a final decision on which "
		   "suppliers may build the next mobile network, saying more "
		   "analysis was needed.", 24, 4);
	CHECK(find_line(&c.a, "Officials briefed that a compromise allowing "
			"some equipment at the edge of the network, but none "
			"in the core, was the likeliest outcome.") >= 0);
	CHECK(!body_has(&c.a, "Skip to content"));
	CHECK(!body_has(&c.a, "About this blog"));
	CHECK(!body_has(&c.a, "Share this"));
	CHECK(!body_has(&c.a, "Twitter"));
	CHECK(!body_has(&c.a, "spectrum"));
	CHECK(!body_has(&c.a, "Tagged"));
	CHECK(!body_has(&c.a, "Previous post"));
	CHECK(!body_has(&c.a, "A reader"));
	CHECK(!body_has(&c.a, "Leave a Reply"));
	CHECK(!body_has(&c.a, "Recent Posts"));
	CHECK(!body_has(&c.a, "Proudly"));
	CHECK(!body_has(&c.a, "NewsArticle"));
	check_body_shape(&c.a);
	article_clear(&c.a);
	free(buf);
}

static void test_latin1(void)
{
	struct capture c;
	char err[256];
	size_t len;
	char *buf = data_file("latin1.html", &len);

	CHECK(buf != NULL);
	if (!buf)
		return;
	CHECK_INT(run(buf, len, &c, err, sizeof err), 0);
	/* Declared iso-8859-1, read as windows-1252 (0x96 is an en dash). */
	CHECK_STR(c.a.title, "Caf\xc3\xa9 cr\xc3\xa8me \xe2\x80\x93 "
		  "r\xc3\xa9sum\xc3\xa9");
	CHECK_STR(c.a.lang, "fr");
	CHECK_LINE(&c.a, "Le r\xc3\xa9gulateur fran\xc3\xa7" "ais a "
		   "publi\xc3\xa9 un avis.", 5, 1);
	article_clear(&c.a);
	free(buf);

	/* Undeclared and not UTF-8: Windows-1252, as browsers read it;
	 * undeclared UTF-8 stays UTF-8. */
	{
		static const char l1[] = "<title>Caf\xe9 \x93news\x94</title>"
			"<p>The caf\xe9 owner read the r\xe9sum\xe9.</p>";
		static const char u8[] = "<title>Caf\xc3\xa9 \xff</title>"
			"<p>The caf\xc3\xa9 owner read the r\xc3\xa9sum\xc3\xa9.</p>";

		CHECK_INT(run(l1, sizeof l1 - 1, &c, err, sizeof err), 0);
		CHECK_STR(c.a.title, "Caf\xc3\xa9 \xe2\x80\x9cnews\xe2\x80\x9d");
		CHECK(body_has(&c.a, "r\xc3\xa9sum\xc3\xa9."));
		article_clear(&c.a);
		CHECK_INT(run(u8, sizeof u8 - 1, &c, err, sizeof err), 0);
		CHECK_STR(c.a.title, "Caf\xc3\xa9 \xef\xbf\xbd");
		CHECK(body_has(&c.a, "r\xc3\xa9sum\xc3\xa9."));
		article_clear(&c.a);
	}
}

static void test_fragment(void)
{
	struct capture c;
	char err[256];
	size_t len;
	char *buf = data_file("fragment.html", &len);

	CHECK(buf != NULL);
	if (!buf)
		return;
	CHECK_INT(run(buf, len, &c, err, sizeof err), 0);
	CHECK(c.a.title == NULL);
	CHECK_STR(c.a.date, "2018-12-08T10:15:00Z");
	CHECK_LINE(&c.a, "Only a fragment, no html element at all.", 1, 4);
	CHECK_LINE(&c.a, "A second paragraph with bold text and a time.", 2,
		   4);
	CHECK_INT(c.a.body.nlines, 3);
	article_clear(&c.a);
	free(buf);
}

/* Where a block's text starts when what precedes its first word is
 * spelled otherwise in the source: after the tag before it, when the
 * letters in between agree; else column 1 of the block's line. */
static void test_columns(void)
{
	static const char page[] =
		"<html><body><article>\n"
		"<p>\"Quoted text then the zebra.</p>\n"
		"<p>A &gt; b &amp; c &eacute; &#233; then the unicorn.</p>\n"
		"<p>&ldquo;Curly&rdquo; quotes first.</p>\n"
		"<p><b>EU</b> rules for the jackal.</p>\n"
		"<p>Plain start, then <i>words</i>.</p>\n"
		"</article></body></html>\n";
	struct capture c;
	char err[256];

	CHECK_INT(run(page, sizeof page - 1, &c, err, sizeof err), 0);
	CHECK_LINE(&c.a, "\"Quoted text then the zebra.", 2, 4);
	CHECK_LINE(&c.a, "A > b & c \xc3\xa9 \xc3\xa9 then the unicorn.", 3, 4);
	CHECK_LINE(&c.a, "\xe2\x80\x9c" "Curly\xe2\x80\x9d quotes first.", 4, 4);
	CHECK_LINE(&c.a, "EU rules for the jackal.", 5, 1);
	CHECK_LINE(&c.a, "Plain start, then words.", 6, 4);
	article_clear(&c.a);

	/* Vim and Emacs show line 1 without the file's BOM */
	static const char bom[] =
		"\xEF\xBB\xBF<html><body><p>Plain start of the aardvark.</p></body></html>\n";
	CHECK_INT(run(bom, sizeof bom - 1, &c, err, sizeof err), 0);
	CHECK_LINE(&c.a, "Plain start of the aardvark.", 1, 16);
	article_clear(&c.a);
}

static void test_breaks(void)
{
	struct capture c;
	char err[256];
	size_t len;
	char *buf = data_file("breaks.html", &len);

	CHECK(buf != NULL);
	if (!buf)
		return;
	CHECK_INT(run(buf, len, &c, err, sizeof err), 0);
	CHECK_STR(c.a.title, "Zeilen und Vorformatiertes");
	CHECK_STR(c.a.lang, "de");
	CHECK_LINE(&c.a, "Erste Zeile", 3, 6);
	CHECK_LINE(&c.a, "Zweite Zeile", 4, 1);
	CHECK_LINE(&c.a, "Dritte Zeile", 4, 18);
	/* <pre> keeps its lines. */
	CHECK_LINE(&c.a, "code line one", 5, 6);
	CHECK_LINE(&c.a, "code line two", 6, 1);
	/* &nbsp; is a space like any other. */
	CHECK_LINE(&c.a, "Ende des Artikels.", 7, 4);
	CHECK(find_line(&c.a, "Zelle A") >= 0);
	CHECK(find_line(&c.a, "Zelle B") >= 0);
	check_body_shape(&c.a);
	article_clear(&c.a);
	free(buf);
}

static char *repeat(const char *unit, size_t times, const char *tail,
		    size_t *len)
{
	size_t ul = strlen(unit), tl = strlen(tail), i;
	char *s = malloc(ul * times + tl + 1);

	if (!s)
		return NULL;
	for (i = 0; i < times; i++)
		memcpy(s + i * ul, unit, ul);
	memcpy(s + ul * times, tail, tl + 1);
	*len = ul * times + tl;
	return s;
}

static void test_small_cases(void)
{
	struct capture c;
	char err[256];
	static const char og_locale[] =
		"<html><head><meta property='og:locale' content='fr_FR'>"
		"<meta name='application-name' content='Le Site'>"
		"<title>Le Site - Un titre</title></head>"
		"<body><h1>Autre chose</h1><p>Texte.</p></body></html>";
	static const char h1_only[] =
		"<body><div class='hero'><h1>Heading As Title</h1></div>"
		"<p>Body text here.</p></body>";
	static const char no_text[] = "<html><head></head><body>"
				      "<script>x()</script></body></html>";
	static const char utf16[] =
		"\xff\xfe<\0p\0>\0\xe9\0t\0\xe9\0<\0/\0p\0>\0";
	static const char rel_canon[] =
		"<link rel='canonical' href='/relative/path'>"
		"<meta property='og:url' content='http://www.site.example:8080/a'>"
		"<p>x y z</p>";
	static const char hidden[] =
		"<p>Visible words.</p><p hidden>Hidden words.</p>"
		"<div style='display: none'>Styled away.</div>"
		"<div aria-hidden='true'>Aria away.</div>"
		"<p>Inline <button>Click</button> kept together.</p>";

	CHECK_INT(run(og_locale, sizeof og_locale - 1, &c, err, sizeof err),
		  0);
	CHECK_STR(c.a.lang, "fr-FR");
	CHECK_STR(c.a.source, "Le Site");
	CHECK_STR(c.a.title, "Un titre");
	/* An h1 that is not the title stays in the body. */
	CHECK(find_line(&c.a, "Autre chose") >= 0);
	article_clear(&c.a);

	CHECK_INT(run(h1_only, sizeof h1_only - 1, &c, err, sizeof err), 0);
	CHECK_STR(c.a.title, "Heading As Title");
	CHECK(find_line(&c.a, "Heading As Title") < 0);
	CHECK(find_line(&c.a, "Body text here.") >= 0);
	article_clear(&c.a);

	CHECK_INT(run(no_text, sizeof no_text - 1, &c, err, sizeof err), -1);
	CHECK_INT(c.n, 0);
	CHECK(strstr(err, "no text") != NULL);

	CHECK_INT(run(utf16, sizeof utf16 - 1, &c, err, sizeof err), 0);
	CHECK(find_line(&c.a, "\xc3\xa9t\xc3\xa9") >= 0);
	article_clear(&c.a);

	CHECK_INT(run(rel_canon, sizeof rel_canon - 1, &c, err, sizeof err),
		  0);
	CHECK_STR(c.a.url, "http://www.site.example:8080/a");
	CHECK_STR(c.a.source, "site.example");
	article_clear(&c.a);

	CHECK_INT(run(hidden, sizeof hidden - 1, &c, err, sizeof err), 0);
	CHECK(find_line(&c.a, "Visible words.") >= 0);
	CHECK(find_line(&c.a, "Inline kept together.") >= 0);
	CHECK(!body_has(&c.a, "Hidden"));
	CHECK(!body_has(&c.a, "away"));
	article_clear(&c.a);

	/* A long title is cut at a character boundary. */
	{
		size_t len;
		char *t = repeat("\xc3\xa9", 5000, "</title><p>x</p>", &len);

		if (t) {
			memcpy(t, "<title>", 7);	/* over 3 bytes of é */
			t[7] = 'a';
			CHECK_INT(run(t, len, &c, err, sizeof err), 0);
			CHECK(c.a.title && strlen(c.a.title) <= 4096 &&
			      strlen(c.a.title) > 4000);
			CHECK(c.a.title && utf8_valid(c.a.title,
						      strlen(c.a.title)));
			article_clear(&c.a);
			free(t);
		}
	}

	/* emit's non-zero return is the reader's. */
	{
		struct reader_ctx rc = {cap_emit, NULL, &c, err, sizeof err};

		memset(&c, 0, sizeof c);
		c.stop = 7;
		CHECK_INT(read_html(hidden, sizeof hidden - 1, &rc), 7);
		CHECK_INT(c.n, 1);
		article_clear(&c.a);
	}
}

/* Runs read_html with stderr redirected to a file; returns the bytes that
 * reached stderr (libxml2 must print nothing). */
static long run_quiet(const char *buf, size_t len, struct capture *c,
		      int *ret)
{
	char err[256];
	FILE *tmp = tmpfile();
	int saved;
	long n = -1;

	fflush(stderr);
	saved = dup(2);
	if (!tmp || saved < 0) {
		*ret = run(buf, len, c, err, sizeof err);
		if (tmp)
			fclose(tmp);
		if (saved >= 0)
			close(saved);
		return 0;
	}
	dup2(fileno(tmp), 2);
	*ret = run(buf, len, c, err, sizeof err);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	if (fseek(tmp, 0, SEEK_END) == 0)
		n = ftell(tmp);
	fclose(tmp);
	return n;
}

static void test_hostile(void)
{
	struct capture c;
	char err[256];
	char *s;
	size_t len, i;
	int ret;

	/* Empty input: a clean error, nothing emitted. */
	CHECK_INT(run("", 0, &c, err, sizeof err), -1);
	CHECK(err[0] != '\0');
	CHECK_INT(c.n, 0);
	/* No error buffer at all is fine too. */
	{
		struct reader_ctx rc = {cap_emit, NULL, &c, NULL, 0};

		memset(&c, 0, sizeof c);
		CHECK_INT(read_html("", 0, &rc), -1);
	}

	/* A million nested elements. */
	s = repeat("<div>", 1000000, "deep text", &len);
	CHECK(s != NULL);
	if (s) {
		CHECK_INT(run_quiet(s, len, &c, &ret), 0);
		CHECK(ret == 0 || ret == -1);
		article_clear(&c.a);
		free(s);
	}
	s = repeat("<b><i>", 300000, "x", &len);
	if (s) {
		CHECK_INT(run_quiet(s, len, &c, &ret), 0);
		article_clear(&c.a);
		free(s);
	}

	/* A huge attribute, and a huge class attribute full of tokens. */
	s = repeat("a", 8u << 20, "'>Text after a big attribute</p>", &len);
	if (s) {
		memcpy(s, "<p title='", 10);
		CHECK_INT(run_quiet(s, len, &c, &ret), 0);
		CHECK_INT(ret, 0);
		CHECK(find_line(&c.a, "Text after a big attribute") >= 0);
		article_clear(&c.a);
		free(s);
	}
	s = repeat("x-", 4u << 20, "'>Classy text</div>", &len);
	if (s) {
		memcpy(s, "<div class='", 12);
		CHECK_INT(run_quiet(s, len, &c, &ret), 0);
		CHECK_INT(ret, 0);
		CHECK(find_line(&c.a, "Classy text") >= 0);
		article_clear(&c.a);
		free(s);
	}

	/* Invalid UTF-8 is replaced, never passed on. */
	{
		static const char bad[] = "<html><body><p>caf\xe9 \xff\xfe "
					  "ok \xc3</p><p>\xed\xa0\x80 end</p>"
					  "</body></html>";

		CHECK_INT(run_quiet(bad, sizeof bad - 1, &c, &ret), 0);
		CHECK_INT(ret, 0);
		CHECK(c.a.body.s && strstr(c.a.body.s, "ok") != NULL);
		for (i = 0; c.a.body.s && i < c.a.body.len; i++)
			CHECK((unsigned char)c.a.body.s[i] != 0xff);
		article_clear(&c.a);
	}

	/* Bytes that are no HTML at all, NULs included. */
	s = malloc(1u << 16);
	if (s) {
		uint32_t x = 12345;

		for (i = 0; i < 1u << 16; i++) {
			x = x * 1103515245u + 12345u;
			s[i] = (char)(x >> 16);
		}
		CHECK_INT(run_quiet(s, 1u << 16, &c, &ret), 0);
		CHECK(ret == 0 || ret == -1);
		article_clear(&c.a);
		free(s);
	}
	/* An unknown declared charset falls back to UTF-8, quietly. */
	{
		static const char odd[] = "<meta charset='x-no-such-set'>"
					  "<p>still read</p>";

		CHECK_INT(run_quiet(odd, sizeof odd - 1, &c, &ret), 0);
		CHECK_INT(ret, 0);
		CHECK(find_line(&c.a, "still read") >= 0);
		article_clear(&c.a);
	}
	/* Unclosed everything. */
	{
		static const char open[] = "<html><head><title>T<body><p>a"
					   "<table><tr><td>b<script>c";

		CHECK_INT(run_quiet(open, sizeof open - 1, &c, &ret), 0);
		article_clear(&c.a);
	}
}

/* ---- samples/html: generic probes from each page's own boilerplate */

struct probes {
	char **s;
	size_t n, cap;
};

static void probe_add(struct probes *p, const char *text)
{
	size_t n = 0, i;
	bool space = false;
	char *c = malloc(strlen(text) + 1), **q;

	if (!c)
		return;
	for (i = 0; text[i]; i++) {
		if (strchr(" \t\r\n", text[i])) {
			space = n > 0;
			continue;
		}
		if (space)
			c[n++] = ' ';
		space = false;
		c[n++] = text[i];
	}
	c[n] = '\0';
	if (n < 4) {
		free(c);
		return;
	}
	if (p->n == p->cap) {
		q = realloc(p->s, (p->cap * 2 + 8) * sizeof *q);
		if (!q) {
			free(c);
			return;
		}
		p->s = q;
		p->cap = p->cap * 2 + 8;
	}
	p->s[p->n++] = c;
}

/* Collects the text of links in nav/footer, of scripts, and of elements
 * whose class or id names comments: none of it may be a body line. */
static void collect(xmlNode *n, int in_box, struct probes *p)
{
	for (; n; n = n->next) {
		int box = in_box;
		xmlChar *cls, *id;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)n->name, "nav") ||
		    !strcmp((const char *)n->name, "footer"))
			box = 1;
		cls = xmlGetProp(n, (const xmlChar *)"class");
		id = xmlGetProp(n, (const xmlChar *)"id");
		if ((cls && strstr((const char *)cls, "comment")) ||
		    (id && strstr((const char *)id, "comment")))
			box = 2;
		xmlFree(cls);
		xmlFree(id);
		if ((box == 1 && !strcmp((const char *)n->name, "a")) ||
		    (box == 2 && !strcmp((const char *)n->name, "p")) ||
		    !strcmp((const char *)n->name, "script")) {
			xmlChar *t = xmlNodeGetContent(n);

			if (t)
				probe_add(p, (const char *)t);
			xmlFree(t);
		}
		collect(n->children, box, p);
	}
}

static void test_samples(void)
{
	char dir[4096], path[8192];
	DIR *d;
	struct dirent *de;
	int seen = 0;

	snprintf(dir, sizeof dir, "%s/samples/html", srcdir());
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t nl = strlen(de->d_name), len, i;
		struct capture c;
		struct probes pr = {0};
		struct date dt;
		char err[256], *buf;
		htmlDocPtr doc;

		if (nl < 6 || strcmp(de->d_name + nl - 5, ".html") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		buf = slurp(path, &len);
		CHECK(buf != NULL);
		if (!buf)
			continue;
		seen++;
		CHECK_INT(run(buf, len, &c, err, sizeof err), 0);
		if (!c.a.title || !c.a.date || !c.a.source ||
		    c.a.body.nlines == 0)
			fprintf(stderr, "sample %s: title %s date %s source "
				"%s lines %zu\n", de->d_name,
				c.a.title ? "yes" : "no",
				c.a.date ? "yes" : "no",
				c.a.source ? "yes" : "no", c.a.body.nlines);
		CHECK(c.a.title && *c.a.title);
		CHECK(c.a.date && dates_parse(c.a.date, strlen(c.a.date),
					      &dt) == 0);
		CHECK(c.a.source && *c.a.source);
		CHECK(c.a.body.nlines >= 3);
		check_body_shape(&c.a);
		doc = htmlReadMemory(buf, (int)len, NULL, NULL,
				     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
				     HTML_PARSE_NONET | HTML_PARSE_RECOVER);
		if (doc) {
			collect(xmlDocGetRootElement(doc), 0, &pr);
			xmlFreeDoc(doc);
		}
		for (i = 0; i < pr.n; i++) {
			if (find_line(&c.a, pr.s[i]) >= 0 ||
			    (strlen(pr.s[i]) > 20 && body_has(&c.a, pr.s[i]))) {
				fprintf(stderr, "sample %s: boilerplate in "
					"body: %s\n", de->d_name, pr.s[i]);
				check_failures++;
			}
			free(pr.s[i]);
		}
		free(pr.s);
		article_clear(&c.a);
		free(buf);
	}
	closedir(d);
	if (seen == 0)
		fprintf(stderr, "note: no samples/html/*.html yet\n");
}

/* The seeds are plain text; read as HTML they must still come out whole. */
static void test_seeds(void)
{
	const char *shared = check_shared_dir();
	char dir[4096], path[8192];
	DIR *d;
	struct dirent *de;

	if (!shared)
		return;
	snprintf(dir, sizeof dir, "%s/seeds", shared);
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		struct capture c;
		char *buf;
		size_t len;
		int ret;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		buf = slurp(path, &len);
		if (!buf)
			continue;
		CHECK_INT(run_quiet(buf, len, &c, &ret), 0);
		CHECK_INT(ret, 0);
		CHECK(c.a.body.len > len / 2);
		CHECK(body_has(&c.a, "Huawei"));
		article_clear(&c.a);
		free(buf);
	}
	closedir(d);
}

int main(void)
{
	test_full();
	test_hinted();
	test_blog();
	test_latin1();
	test_fragment();
	test_columns();
	test_breaks();
	test_small_cases();
	test_hostile();
	test_samples();
	test_seeds();
	xmlCleanupParser();
	return CHECK_DONE();
}
