/*
 * test_read_mail.c - the RFC 822 style reader (indexer/read_mail.c).
 */
#include <dirent.h>
#include <stdint.h>

#include "check.h"
#include "readers.h"

struct got {
	struct article a;
	size_t n;
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

static char errbuf[256];

static int run(const char *s, struct got *g)
{
	struct reader_ctx rc = { emit, NULL, g, errbuf, sizeof errbuf };

	memset(g, 0, sizeof *g);
	errbuf[0] = '\0';
	return read_mail(s, strlen(s), &rc);
}

/* "text@line" for each body line, "|" between (col is always 1). */
static const char *body_of(const struct article *a)
{
	static char out[4096];
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < a->body.nlines && o < sizeof out; i++) {
		const struct body_line *l = &a->body.lines[i];

		CHECK(l->len == 0 || l->col == 1);
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s@%u",
				      i ? "|" : "", (int)l->len,
				      a->body.s + l->off, l->line);
	}
	return out;
}

static void test_simple(void)
{
	static const char doc[] =
		"Title: Vendor review published\n"
		"date: Tue, 26 Feb 2019 10:00:00 +0000\n"
		"SOURCE: Example Wire\n"
		"Author: A. Writer\n"
		"URL: https://example.org/a\n"
		"Lang: fr-FR\n"
		"Message-ID: <abc.123@example.org>\n"
		"Description: A short\n"
		"\tsummary.\n"
		"Org: NCSC; Huawei Technologies Co., Ltd.\n"
		"Places: UK, France\n"
		"\n"
		"First paragraph line one.\r\n"
		"line two.   \n"
		"\n"
		"  \n"
		"Second paragraph.\n"
		"\n";
	struct got g;

	CHECK_INT(run(doc, &g), 0);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.a.format, ARTICLE_FMT_MAIL);
	CHECK_INT(g.a.record, 1);
	CHECK_INT(g.a.first_line, 1);
	CHECK_STR(g.a.title, "Vendor review published");
	CHECK_STR(g.a.date, "Tue, 26 Feb 2019 10:00:00 +0000");
	CHECK_STR(g.a.source, "Example Wire");
	CHECK_STR(g.a.author, "A. Writer");
	CHECK_STR(g.a.url, "https://example.org/a");
	CHECK_STR(g.a.lang, "fr-FR");
	CHECK_STR(g.a.id, "abc.123@example.org");
	CHECK_STR(g.a.description, "A short summary.");
	CHECK_STR(body_of(&g.a), "First paragraph line one.@13|line two.@14|"
		  "@0|Second paragraph.@17");
	CHECK_INT(g.a.nentities, 4);
	if (g.a.nentities == 4) {
		CHECK_STR(g.a.entities[0].type, "org");
		CHECK_STR(g.a.entities[0].name, "NCSC");
		CHECK_STR(g.a.entities[1].name, "Huawei Technologies Co., Ltd.");
		CHECK_STR(g.a.entities[2].type, "place");
		CHECK_STR(g.a.entities[2].name, "UK");
		CHECK_STR(g.a.entities[3].name, "France");
	}
	article_clear(&g.a);
}

static void test_from_and_encoded_words(void)
{
	struct got g;

	CHECK_INT(run("From: \"Desk, Example\" <desk@news.example.org>\n"
		      "Subject: =?utf-8?Q?Caf=C3=A9_talks?= =?UTF-8?B?"
		      "wqMgNUc=?=\n"
		      " about =?iso-8859-1?q?s=E9curit=E9?= (=?x?Q?a?=)\n"
		      "\nBody.\n", &g), 0);
	CHECK_STR(g.a.title, "Caf\xC3\xA9 talks\xC2\xA3 5G about "
		  "s\xC3\xA9" "curit\xC3\xA9 (a)");
	CHECK_STR(g.a.source, "Desk, Example");
	CHECK_STR(g.a.author, "Desk, Example");
	CHECK_STR(body_of(&g.a), "Body.@5");
	article_clear(&g.a);

	/* only an address: the domain is the source, no author */
	CHECK_INT(run("From: alerts@wire.example\nSubject: S\n\nB\n", &g), 0);
	CHECK_STR(g.a.source, "wire.example");
	CHECK(g.a.author == NULL);
	article_clear(&g.a);

	/* old-style comment name; Source and Author win over From */
	CHECK_INT(run("From: a@b.example (Old Style)\nSubject: S\n\nB\n", &g),
		  0);
	CHECK_STR(g.a.source, "Old Style");
	CHECK_STR(g.a.author, "Old Style");
	article_clear(&g.a);
	CHECK_INT(run("From: =?windows-1252?Q?=93Quoted=94?= <a@b.example>\n"
		      "Source: Real Source\nAuthor: Real Author\n"
		      "Subject: S\n\nB\n", &g), 0);
	CHECK_STR(g.a.source, "Real Source");
	CHECK_STR(g.a.author, "Real Author");
	article_clear(&g.a);

	/* malformed encoded-words stay as they are */
	CHECK_INT(run("Subject: =?utf-8?Z?abc?= =?utf-8?Q?unterminated\n\nB\n",
		      &g), 0);
	CHECK_STR(g.a.title, "=?utf-8?Z?abc?= =?utf-8?Q?unterminated");
	article_clear(&g.a);

	/* Content-Language lists: the first; invalid UTF-8 repaired */
	CHECK_INT(run("Subject: caf\xC3\xA9 bad \xFF byte\n"
		      "Content-Language: en, fr\n\nB\n", &g), 0);
	CHECK_STR(g.a.title, "caf\xC3\xA9 bad \xEF\xBF\xBD byte");
	CHECK_STR(g.a.lang, "en");
	article_clear(&g.a);

	/* raw 8-bit fields that are not UTF-8 are Windows-1252 */
	CHECK_INT(run("From: Ren\xE9 <r@b.example>\n"
		      "Subject: R\xE9sum\xE9 \x93quoted\x94\n\nB\n", &g), 0);
	CHECK_STR(g.a.title, "R\xC3\xA9sum\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D");
	CHECK_STR(g.a.author, "Ren\xC3\xA9");
	article_clear(&g.a);
}

static void test_shapes(void)
{
	struct got g;

	/* header only: an empty body, still emitted */
	CHECK_INT(run("Subject: Only a header\nDate: 2019-01-01", &g), 0);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.a.title, "Only a header");
	CHECK_STR(g.a.date, "2019-01-01");
	CHECK_INT(g.a.body.nlines, 0);
	article_clear(&g.a);

	/* no blank line: the body starts at the first non-field line */
	CHECK_INT(run("Title: T\nThe text begins here.\nMore.\n", &g), 0);
	CHECK_STR(body_of(&g.a), "The text begins here.@2|More.@3");
	article_clear(&g.a);

	/* no header at all: all body, no title */
	CHECK_INT(run("Just some text.\n\nAnd more.", &g), 0);
	CHECK(g.a.title == NULL);
	CHECK_STR(body_of(&g.a), "Just some text.@1|@0|And more.@3");
	article_clear(&g.a);

	/* an mbox separator line is not a field */
	CHECK_INT(run("From someone@example Tue Feb 26 10:00:00 2019\n"
		      "Subject: S\n\nB\n", &g), 0);
	CHECK_STR(g.a.title, "S");
	CHECK_STR(body_of(&g.a), "B@4");
	article_clear(&g.a);

	/* nothing usable */
	CHECK_INT(run("X-Other: 1\n\n\n", &g), -1);
	CHECK_STR(errbuf, "no title and no text");
	CHECK_INT(g.n, 0);
	CHECK_INT(run("", &g), -1);
}

static void test_mime(void)
{
	static const char multi[] =
		"Subject: Multi\n"				/* 1 */
		"Content-Type: multipart/mixed; boundary=\"outer\"\n"
		"\n"
		"preamble\n"
		"--outer\n"					/* 5 */
		"Content-Type: multipart/alternative; boundary=inner\n"
		"\n"
		"--inner\n"
		"Content-Type: text/html\n"
		"\n"						/* 10 */
		"<p>html version</p>\n"
		"--inner\n"
		"Content-Type: text/plain; charset=\"iso-8859-1\"\n"
		"Content-Transfer-Encoding: quoted-printable\n"
		"\n"						/* 15 */
		"Caf=E9 line that is soft=\n"
		" wrapped.\n"
		"A =3D sign.\n"
		"\n"
		"Next para.\n"					/* 20 */
		"--inner--\n"
		"--outer\n"
		"Content-Type: text/plain\n"
		"\n"
		"attachment text\n"				/* 25 */
		"--outer--\n";
	static const char html_only[] =
		"Subject: HTML\n"
		"Content-Type: text/html; charset=utf-8\n"
		"\n"
		"<html><head><style>p { color: red }</style>\n"	/* 4 */
		"<script>var x = \"<p>\";</script></head><body>\n"
		"<h1>Head &amp; line</h1>\n"			/* 6 */
		"<p>First <b>bold</b>\n"
		"para &#8212; end&nbsp;here.</p><!-- <p>hidden</p> -->\n"
		"<p>Second<br>line</p>\n"			/* 9 */
		"</body></html>\n";
	static const char b64[] =
		"Subject: B64\n"
		"Content-Type: multipart/mixed; boundary=b\n"
		"\n"
		"--b\n"
		"Content-Type: text/plain; charset=utf-8\n"	/* 5 */
		"Content-Transfer-Encoding: base64\n"
		"\n"
		"T25lIGxpbmUKCkFub3RoZXIg\n"			/* 8 */
		"cGFyYSDDqS4K\n"
		"--b--\n";
	static const char cut[] =
		"Subject: Cut\n"
		"Content-Type: multipart/mixed; boundary=z\n"
		"\n"
		"--z\n"
		"\n"
		"text of a message cut short\n";		/* 6 */
	static const char attach_only[] =
		"Subject: Attachment\n"
		"Content-Type: multipart/mixed; boundary=q\n"
		"\n"
		"--q\n"
		"Content-Type: application/pdf\n"
		"Content-Transfer-Encoding: base64\n"
		"\n"
		"JVBERi0=\n"
		"--q--\n";
	struct got g;

	CHECK_INT(run(multi, &g), 0);
	CHECK_STR(g.a.title, "Multi");
	CHECK_STR(body_of(&g.a), "Caf\xC3\xA9 line that is soft wrapped.@16|"
		  "A = sign.@18|@0|Next para.@20");
	article_clear(&g.a);

	CHECK_INT(run(html_only, &g), 0);
	CHECK_STR(body_of(&g.a), "Head & line@6|@0|"
		  "First bold para \xE2\x80\x94 end here.@7|@0|Second@9|line@9");
	article_clear(&g.a);

	CHECK_INT(run(b64, &g), 0);
	CHECK_STR(body_of(&g.a), "One line@8|@0|Another para \xC3\xA9.@8");
	article_clear(&g.a);

	CHECK_INT(run(cut, &g), 0);
	CHECK_STR(body_of(&g.a), "text of a message cut short@6");
	article_clear(&g.a);

	CHECK_INT(run(attach_only, &g), 0);
	CHECK_STR(g.a.title, "Attachment");
	CHECK_INT(g.a.body.nlines, 0);
	article_clear(&g.a);

	/* a single-part quoted-printable body */
	CHECK_INT(run("Subject: QP\nContent-Transfer-Encoding: Quoted-Printable"
		      "\n\nsoft=\nly =E2=82=AC=\n", &g), 0);
	CHECK_STR(body_of(&g.a), "softly \xE2\x82\xAC@4");
	article_clear(&g.a);

	/* a multipart without a boundary is read as text */
	CHECK_INT(run("Subject: M\nContent-Type: multipart/mixed\n\nplain\n",
		      &g), 0);
	CHECK_STR(body_of(&g.a), "plain@4");
	article_clear(&g.a);
}

/* Deeply nested multiparts stop at the depth limit without harm. */
static void test_nesting(void)
{
	char *doc = malloc(64 * 1024);
	size_t o = 0;
	int i;
	struct got g;

	if (!doc)
		exit(99);
	o += (size_t)sprintf(doc + o, "Subject: deep\n");
	for (i = 0; i < 50; i++)
		o += (size_t)sprintf(doc + o, "Content-Type: multipart/mixed; "
				     "boundary=b%d\n\n--b%d\n", i, i);
	o += (size_t)sprintf(doc + o, "\ninnermost\n");
	CHECK_INT(run(doc, &g), 0);
	CHECK_STR(g.a.title, "deep");
	CHECK_INT(g.a.body.nlines, 0);
	article_clear(&g.a);
	free(doc);
}

/* Every .eml in samples/mail yields an article with a title and text. */
static void test_samples(void)
{
	const char *src = getenv("srcdir");
	char dir[1024], path[2048];
	DIR *d;
	struct dirent *e;
	size_t files = 0;

	snprintf(dir, sizeof dir, "%s/samples/mail", src ? src : ".");
	d = opendir(dir);
	if (!d)
		return;		/* samples not written yet */
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name), len;
		struct reader_ctx rc;
		struct got g;
		char *buf;
		FILE *f;
		long sz;

		if (n < 5 || strcmp(e->d_name + n - 4, ".eml") != 0)
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
		memset(&g, 0, sizeof g);
		rc = (struct reader_ctx){ emit, NULL, &g, errbuf,
					  sizeof errbuf };
		CHECK_INT(read_mail(buf, len, &rc), 0);
		CHECK_INT(g.n, 1);
		CHECK(g.a.title && g.a.title[0]);
		CHECK(g.a.date && g.a.date[0]);
		CHECK(g.a.body.nlines > 0);
		/* body lines point at real lines of the file */
		if (g.a.body.nlines > 0) {
			const struct body_line *l = &g.a.body.lines[0];
			const char *p = buf;
			uint32_t k;

			for (k = 1; k < l->line && p; k++) {
				p = memchr(p, '\n', len - (size_t)(p - buf));
				if (p)
					p++;
			}
			CHECK(p && strncmp(p, g.a.body.s + l->off, l->len) == 0);
		}
		article_clear(&g.a);
		free(buf);
	}
	closedir(d);
	fprintf(stderr, "samples/mail: %zu files read\n", files);
}

/* Each part's charset, whatever it is, and 8-bit text that declares none. */
static void test_charsets(void)
{
	struct got g;

	/* 8-bit Latin-1, as sent: not U+FFFD, not read twice */
	CHECK_INT(run("Subject: S\n"
		      "Content-Type: text/plain; charset=iso-8859-1\n"
		      "Content-Transfer-Encoding: 8bit\n"
		      "\nCaf\xE9 \x93q\x94 na\xEFve\n", &g), 0);
	CHECK_STR(body_of(&g.a), "Caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D "
		  "na\xC3\xAFve@5");
	article_clear(&g.a);

	/* charsets beyond Latin-1, in the body and in encoded-words */
	CHECK_INT(run("Subject: =?koi8-r?B?8NLJ18XU?= =?ISO-8859-2?Q?=B3=F3d=BC?=\n"
		      "Content-Type: text/plain; charset=\"KOI8-R\"\n"
		      "Content-Transfer-Encoding: quoted-printable\n"
		      "\n=F0=D2=C9=D7=C5=D4 =\nworld\n", &g), 0);
	CHECK_STR(g.a.title, "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"
		  "\xC5\x82\xC3\xB3" "d\xC5\xBA");
	CHECK_STR(body_of(&g.a), "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"
		  " world@5");
	article_clear(&g.a);

	/* an HTML part: its bytes in its charset, its references as named */
	CHECK_INT(run("Subject: S\n"
		      "Content-Type: text/html; charset=iso-8859-2\n"
		      "\n<p>\xB3\xF3" "d&rsquo;s &eacute;t&#233;</p>\n", &g), 0);
	CHECK_STR(body_of(&g.a), "\xC5\x82\xC3\xB3" "d\xE2\x80\x99s &eacute;t"
		  "\xC3\xA9@4");
	article_clear(&g.a);

	/* raw 8-bit header fields are in the message's declared charset
	 * (Turkish dotted I is 0xDD), encoded-words in their own; the EUC-KR
	 * label Outlook wrote is read as CP949 */
	CHECK_INT(run("From: T\xDCRK\xDDYE <t@b.example>\n"
		      "Subject: CEK\xDDL\xDDS =?utf-8?Q?=C3=A7ok?=\n"
		      "Content-Type: text/html; charset=\"windows-1254\"\n"
		      "\n<p>\xDD</p>\n", &g), 0);
	CHECK_STR(g.a.title, "CEK\xC4\xB0L\xC4\xB0S \xC3\xA7ok");
	CHECK_STR(g.a.author, "T\xC3\x9CRK\xC4\xB0YE");
	article_clear(&g.a);
	CHECK_INT(run("Subject: \xB1\xA4\xB0\xED\n"
		      "Content-Type: text/plain;charset=ks_c_5601-1987\n"
		      "\n\xB1\xA4\xB0\xED\n", &g), 0);
	CHECK_STR(g.a.title, "\xEA\xB4\x91\xEA\xB3\xA0");
	CHECK_STR(body_of(&g.a), "\xEA\xB4\x91\xEA\xB3\xA0@4");
	article_clear(&g.a);

	/* no charset (US-ASCII) or one iconv does not know: UTF-8 when the
	 * bytes are, else Windows-1252 */
	CHECK_INT(run("Subject: S\n\nCaf\xE9\n", &g), 0);
	CHECK_STR(body_of(&g.a), "Caf\xC3\xA9@3");
	article_clear(&g.a);
	CHECK_INT(run("Subject: S\n\nCaf\xC3\xA9\n", &g), 0);
	CHECK_STR(body_of(&g.a), "Caf\xC3\xA9@3");
	article_clear(&g.a);
	CHECK_INT(run("Subject: S\nContent-Type: text/plain; charset=x-nonesuch\n"
		      "\nCaf\xC3\xA9 \xE2\x82\xAC\n", &g), 0);
	CHECK_STR(body_of(&g.a), "Caf\xC3\xA9 \xE2\x82\xAC@4");
	article_clear(&g.a);
}

/* The signature and list footers at the end of a message are no text. */
static void test_footers(void)
{
	struct got g;

	CHECK_INT(run("Subject: S\n\nThe reply.\n\n-- \nJane Doe\n"
		      "\"A quip\" -- someone\n", &g), 0);
	CHECK_STR(body_of(&g.a), "The reply.@3");
	article_clear(&g.a);
	CHECK_INT(run("Subject: S\n\nThe reply.\n--\nJ.\n", &g), 0);
	CHECK_STR(body_of(&g.a), "The reply.@3");
	article_clear(&g.a);
	/* a list footer after a rule, with its link */
	CHECK_INT(run("Subject: S\n\nThe reply.\n\n"
		      "-----------------------------\nThis list is sponsored.\n"
		      "_____________________________\nA-list mailing list\n"
		      "https://lists.example.org/listinfo/a-list\n", &g), 0);
	CHECK_STR(body_of(&g.a), "The reply.@3");
	article_clear(&g.a);
	/* a rule without a link after it, or with much text after it, or
	 * a delimiter with nothing before it, is the message's */
	CHECK_INT(run("Subject: S\n\nOne.\n----------\nTwo.\n", &g), 0);
	CHECK_STR(body_of(&g.a), "One.@3|----------@4|Two.@5");
	article_clear(&g.a);
	CHECK_INT(run("Subject: S\n\nOne.\n----------\na@b.example\n"
		      "3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", &g), 0);
	CHECK(strstr(body_of(&g.a), "12@15") != NULL);
	article_clear(&g.a);
	CHECK_INT(run("Subject: S\n\n--\nOnly this.\n", &g), 0);
	CHECK_STR(body_of(&g.a), "--@3|Only this.@4");
	article_clear(&g.a);
}

/* The sender's Organization header names no entity; Orgs does. */
static void test_organization(void)
{
	struct got g;

	CHECK_INT(run("From: A <a@b.example>\n"
		      "Organization: Endeavors Technology, Inc.\n"
		      "Organisations: NCSC, ANSSI\n"
		      "Subject: S\n\nThe text.\n", &g), 0);
	CHECK_INT(g.a.nentities, 2);
	if (g.a.nentities == 2) {
		CHECK_STR(g.a.entities[0].name, "NCSC");
		CHECK_STR(g.a.entities[1].name, "ANSSI");
	}
	article_clear(&g.a);
}

/* The heads of quoted and forwarded text go; the quoted text stays. */
static void test_quoted_heads(void)
{
	struct got g;

	CHECK_INT(run("Subject: S\n\nMy answer.\n\n"			/* 3 */
		      "-----Original Message-----\n"			/* 5 */
		      "From: Jane Doe [mailto:jane@b.example]\n"
		      "Sent: Monday, 2 September 2002 11:46\n"
		      "To: A List\n"
		      "Subject: [A] The question\n"
		      "The question.\n\n"				/* 10 */
		      "On Mon, 9 Sep 2002, Jim Roe wrote:\n"
		      "> Quoted words.\n", &g), 0);
	CHECK_STR(body_of(&g.a), "My answer.@3|@0|The question.@10|@0|"
		  "> Quoted words.@13");
	article_clear(&g.a);
	/* one field alone, a "wrote:" above no quote, a framed heading
	 * above text: the message's own */
	CHECK_INT(run("Subject: S\n\nTo: all staff\nShe wrote:\nA poem.\n"
		      "--- Europe ---\nNews.\n", &g), 0);
	CHECK_STR(body_of(&g.a), "To: all staff@3|She wrote:@4|A poem.@5|"
		  "--- Europe ---@6|News.@7");
	article_clear(&g.a);
}

/* White space around a parameter's '=' (boundary= "x"), as sent. */
static void test_param_space(void)
{
	struct got g;

	CHECK_INT(run("Subject: S\n"
		      "Content-Type: multipart/mixed;boundary= \"=_b\"\n\n"
		      "--=_b\n"
		      "Content-Type: text/plain ; charset = iso-8859-1\n"
		      "Content-Transfer-Encoding: base64\n\n"
		      "Q2Fm6SB0ZXh0Lg==\n"
		      "--=_b--\n", &g), 0);
	CHECK_STR(body_of(&g.a), "Caf\xC3\xA9 text.@8");
	article_clear(&g.a);
}

int main(void)
{
	test_charsets();
	test_param_space();
	test_quoted_heads();
	test_organization();
	test_footers();
	test_simple();
	test_from_and_encoded_words();
	test_shapes();
	test_mime();
	test_nesting();
	test_samples();
	return CHECK_DONE();
}
