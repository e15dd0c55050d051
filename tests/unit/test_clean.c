/*
 * test_clean.c - the boilerplate cleaner on its own: cue lists (the data
 * file must match the compiled-in table), credits, bylines, and clean_body()
 * on bodies that are already clean (nothing lost) and on bodies with
 * furniture, promos and comments (removed, line map intact); and how
 * much of each clean line body_mark_verbatim() finds is the file's own
 * bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "clean.h"

static void body_from(struct body *b, const char *const *lines, size_t n)
{
	size_t i;

	memset(b, 0, sizeof *b);
	for (i = 0; i < n; i++) {
		/* original line i+1, indented by two spaces */
		int r = lines[i][0] ? body_add_line(b, lines[i],
						    strlen(lines[i]),
						    (uint32_t)i + 1, 3) :
				      body_end_paragraph(b);
		CHECK_INT(r, 0);
	}
}

static int body_has(const struct body *b, const char *p)
{
	return b->s && strstr(b->s, p) != NULL;
}

static void test_cues(void)
{
	const clean_cues_t *bi = clean_cues_builtin();
	clean_cues_t *file = NULL, *mine = NULL;
	char path[4096], err[256] = "";
	const char *src = getenv("srcdir");
	size_t i, n = clean_cues_count(bi);
	enum clean_cue_class c1, c2;

	CHECK(n > 100);
	/* sorted, no duplicates: the lookup relies on it */
	for (i = 1; i < n; i++) {
		const char *a = clean_cues_get(bi, i - 1, &c1);
		const char *b = clean_cues_get(bi, i, &c2);
		int r = strcmp(a, b);

		CHECK(r < 0 || (r == 0 && c1 != c2));
	}
	snprintf(path, sizeof path, "%s/data/boilerplate-cues.txt",
		 src && *src ? src : ".");
	CHECK_INT(clean_cues_load(path, &file, err, sizeof err), 0);
	if (file) {
		CHECK_INT(clean_cues_count(file), n);
		/* same size and every built-in row in the file: the same set */
		for (i = 0; i < n; i++) {
			const char *a = clean_cues_get(bi, i, &c1);

			if (!clean_cues_has(file, c1, a, strlen(a))) {
				fprintf(stderr, "cue '%s' not in %s\n", a,
					path);
				CHECK(!"data file matches built-in table");
			}
		}
		clean_cues_free(file);
	}
	CHECK_INT(clean_cues_load("/nonexistent/cues.txt", &file, err,
				  sizeof err), -1);
	CHECK(strstr(err, "/nonexistent/cues.txt") != NULL);

	CHECK_INT(clean_cues_parse("# c\npromo x\nbogus y\n", 20, &mine, err,
				   sizeof err), -1);
	CHECK(strstr(err, "line 3") != NULL);
	CHECK(mine == NULL);
	CHECK_INT(clean_cues_parse("chrome  Frob   Nicate \nsocial zork\n",
				   35, &mine, err, sizeof err), 0);
	CHECK_INT(clean_cues_count(mine), 2);
	CHECK(clean_cues_has(mine, CLEAN_CUE_CHROME, "FROB nicate", 11));
	CHECK(!clean_cues_has(mine, CLEAN_CUE_SOCIAL, "frob nicate", 11));
	CHECK(clean_cues_has(NULL, CLEAN_CUE_PROMO, "Newsletter", 10));
	CHECK(clean_cues_has(NULL, CLEAN_CUE_RELATED, "Read  More", 10));
	CHECK(!clean_cues_has(NULL, CLEAN_CUE_PROMO, "backdoor", 8));
	clean_cues_free(mine);
	clean_cues_free(NULL);
	clean_cues_free((clean_cues_t *)bi);	/* harmless on the built-in */
	CHECK_STR(clean_verdict_name(CLEAN_CAPTION), "caption");
	CHECK_STR(clean_verdict_name(CLEAN_VERDICT_LAST), "?");
}

static void test_credit_byline(void)
{
	static const char *const credits[] = {
		"Photo: Reuters",
		"(Image credit: Some Agency)",
		"Officials at the launch in May. Photo: Agency/File",
		"Picture by Jane Doe",
		"Illustration: The Design Desk",
		"A base station on a roof in the city. (Photograph: Agency)",
	};
	static const char *const not_credits[] = {
		"The photo showed a router in a lab.",
		"Reuters",
		"Huawei: US has no evidence for security claims",
		("Image: a long sentence follows here. It has two parts and "
		"more words than any credit would have at all."),
	};
	const char *name;
	size_t i, nlen;

	for (i = 0; i < sizeof credits / sizeof credits[0]; i++)
		if (!clean_is_credit(NULL, credits[i], strlen(credits[i]))) {
			fprintf(stderr, "not a credit: %s\n", credits[i]);
			CHECK(!"credit");
		}
	for (i = 0; i < sizeof not_credits / sizeof not_credits[0]; i++)
		if (clean_is_credit(NULL, not_credits[i],
				    strlen(not_credits[i]))) {
			fprintf(stderr, "credit: %s\n", not_credits[i]);
			CHECK(!"not a credit");
		}

#define BYLINE(s, want) do { \
	name = NULL; nlen = 0; \
	CHECK(clean_parse_byline(NULL, s, strlen(s), &name, &nlen)); \
	if (name) { \
		char tmp_[128]; \
		snprintf(tmp_, sizeof tmp_, "%.*s", (int)nlen, name); \
		CHECK_STR(tmp_, want); \
	} \
} while (0)
	BYLINE("By Jane Doe", "Jane Doe");
	BYLINE("  By Jane Q. Doe, Senior Reporter", "Jane Q. Doe");
	BYLINE("By Jane Doe and John Roe", "Jane Doe and John Roe");
	BYLINE("Written by Ana de Souza", "Ana de Souza");
	BYLINE("Jane Doe | Staff Writer", "Jane Doe");
	BYLINE("Jane Doe, Senior Correspondent", "Jane Doe");
	CHECK(!clean_parse_byline(NULL, "By the end of the year", 22, &name,
				  &nlen));
	CHECK(!clean_parse_byline(NULL, "Jane Doe said the chief was wrong",
				  33, &name, &nlen));
	{
		const char *t = "No Vendor \xe2\x80\x98smoking gun\xe2\x80\x99 "
				"in Europe, cyber chief says";

		CHECK(!clean_parse_byline(NULL, t, strlen(t), &name, &nlen));
	}
	{
		const char *t = "  Hello, wor-ld \xe2\x80\x94 caf\xc3\xa9 5G";

		CHECK_INT(clean_count_words(t, strlen(t)), 5);
	}
}

/* A body of real paragraphs, as JSON or mail gives it, loses nothing. */
static void test_clean_body_keeps(void)
{
	static const char *const lines[] = {
		("The national cyber agency published its annual review on "
		"Monday, describing a year in which attacks on hospitals and "
		"councils rose sharply."),
		"",
		"Ransomware remained the main threat.",
		"",
		"What the agency wants",
		"",
		("The agency asked ministers for powers to require incident "
		"reports from suppliers of managed services within 72 hours."),
		"",
		"\"We cannot defend what we cannot see,\" its director said.",
		"",
		"Critics said the proposal went too far.",
		"",
		"- Hospitals reported 40 incidents.",
		"- Councils reported 25.",
		"",
		"The review is available on the agency's website.",
	};
	struct body b;
	struct clean_report rep;
	char err[128] = "";
	size_t before, i;

	body_from(&b, lines, sizeof lines / sizeof lines[0]);
	before = b.nlines;
	CHECK_INT(clean_body(&b, &rep, err, sizeof err), 0);
	CHECK_INT(b.nlines, before);
	CHECK_INT(rep.lines_kept, rep.lines_in);
	CHECK_INT(rep.comments_line, 0);
	for (i = 0; i < b.nlines; i++)
		if (b.lines[i].len)
			CHECK_INT(b.lines[i].col, 3);
	CHECK(body_has(&b, "What the agency wants"));
	CHECK(body_has(&b, "Councils reported 25."));
	body_free(&b);

	/* empty body */
	memset(&b, 0, sizeof b);
	CHECK_INT(clean_body(&b, &rep, err, sizeof err), 0);
	CHECK_INT(b.nlines, 0);
}

/* Cleans lines[0..n) and says whether the body holds p afterwards. */
static int kept_after_clean(const char *const *lines, size_t n, const char *p)
{
	struct body b;
	struct clean_report rep;
	char err[128] = "";
	int has;

	body_from(&b, lines, n);
	CHECK_INT(clean_body(&b, &rep, err, sizeof err), 0);
	has = body_has(&b, p);
	body_free(&b);
	return has;
}

/* Words addressing the reader make a promo, and bio cues a bio, only as
 * densely as a promo or a bio has them: a long last paragraph (or a
 * speech saved as one line) that says "our" and "price", or "former" and
 * "career", is the article's; and a promo has a promo cue, as a mail's
 * last question to "you" has not. */
static void test_clean_promo_density(void)
{
	static const char *const tail[] = {
		("The regulator published its annual review of the telecoms "
		 "supply chain on Monday, and the findings were read closely "
		 "in several capitals."),
		"",
		("Officials said the review would shape the next round of "
		 "rules for operators, who have two years to comply."),
		"",
		("In its conclusion the review says our networks depend on a "
		 "handful of suppliers, and that our ability to replace them "
		 "is limited; the government will respond in the spring, after "
		 "consulting the operators, the security agencies and the "
		 "parliamentary committee that has followed the question."),
		"",
	};
	static const char *const bio[] = {
		tail[0], "", tail[2], "",
		("The former minister, whose career in the ministry spanned two "
		 "decades, said her experience of the last review was that the "
		 "operators complied late and only in part, and that the rules "
		 "would need an inspector with powers of its own this time, "
		 "with a budget that the Treasury has so far refused, and with "
		 "a deadline that the operators cannot move again."),
	};
	static const char *const ask[] = {
		"Hey folks", "",
		"I know this gets asked a lot, but I have seen no answer.", "",
		("Any idea when a user will be able to see his own rating? "
		 "Will it be built into the client, or mailed to you nightly? "
		 "If you could share your plans, I would appreciate it."),
	};
	static const char *const promo[] = {
		tail[0], "", tail[2], "",
		"Subscribe to our newsletter for your weekly briefing.",
	};
	char speech[8192];
	const char *one[1] = { speech };
	size_t o = 0;

	CHECK(kept_after_clean(tail, 5, "In its conclusion"));
	CHECK(kept_after_clean(bio, 5, "The former minister"));
	CHECK(kept_after_clean(ask, 5, "If you could share"));
	CHECK(!kept_after_clean(promo, 5, "Subscribe"));
	/* 3 promo cues and "our" in 400 words */
	o += (size_t)snprintf(speech + o, sizeof speech - o, "%s",
			      "Our offer to the nation, at a fair price, "
			      "is a deal. ");
	while (o + 200 < sizeof speech && o < 2400)
		o += (size_t)snprintf(speech + o, sizeof speech - o, "%s",
				      "The Congress met and passed the law "
				      "on the budget and the economy. ");
	CHECK(kept_after_clean(one, 1, "Congress met"));
}

/* The tail is trimmed back to the last clean paragraph, but the one
 * paragraph left is the article: a mail of one short line, a paragraph
 * that says "our" twice, the one line under a headline. */
static void test_clean_last_paragraph(void)
{
	static const char *const line[] = { "The NCSC said Huawei may stay" };
	static const char *const ours[] = {
		("Our Constitution declares that from time to time the "
		 "President shall inform Congress about our Union."),
	};
	static const char *const tail[] = {
		ours[0], "", "Follow us", "", "Share this article",
	};

	/* a headline and one short line: that line is the text */
	static const char *const note[] = {
		"Title line", "", "numbat appears here",
	};

	CHECK(kept_after_clean(note, 3, "numbat appears"));
	CHECK(kept_after_clean(line, 1, "Huawei may stay"));
	CHECK(kept_after_clean(ours, 1, "our Union"));
	CHECK(kept_after_clean(tail, 5, "our Union"));
	CHECK(!kept_after_clean(tail, 5, "Follow us"));
	CHECK(!kept_after_clean(tail, 5, "Share this"));
}

/* Furniture, promos, related links and comments go; the text stays. */
static void test_clean_body_removes(void)
{
	static const char *const lines[] = {
		"Sign in",					/* 1 */
		"Register",
		"Topics",
		"",
		"Share on Facebook",				/* 5 */
		"",
		("Lawmakers in Ottawa voted on Wednesday to give the "
		"communications security agency new powers to inspect "
		"equipment sold to telephone companies."),
		"",
		"ADVERTISEMENT",
		"",
		("The bill passed by a wide margin after a short debate in "
		"which opposition members questioned the cost of the "
		"inspections."),
		"",
		("Officials said the first inspections would start next "
		"spring and focus on radio equipment."),
		"",
		"Further reading",				/* 15 */
		"How the inspection regime works in other countries",
		"Why radio equipment is hard to audit",
		"",
		("Get our free weekly newsletter in your inbox: subscribe "
		"today and save on your first year."),		/* 19 */
		"",
		"17 comments",					/* 21 */
		"",
		"radio_ham_99",
		"2 hours ago",
		"About time they checked this kit properly.",
		"Reply",
	};
	struct body b;
	struct clean_report rep;
	char err[128] = "";

	body_from(&b, lines, sizeof lines / sizeof lines[0]);
	CHECK_INT(clean_body(&b, &rep, err, sizeof err), 0);
	CHECK(body_has(&b, "Lawmakers in Ottawa voted"));
	CHECK(body_has(&b, "cost of the inspections."));
	CHECK(body_has(&b, "focus on radio equipment."));
	CHECK(!body_has(&b, "Sign in"));
	CHECK(!body_has(&b, "Topics"));
	CHECK(!body_has(&b, "Facebook"));
	CHECK(!body_has(&b, "ADVERTISEMENT"));
	CHECK(!body_has(&b, "Further reading"));
	CHECK(!body_has(&b, "hard to audit"));
	CHECK(!body_has(&b, "newsletter"));
	CHECK(!body_has(&b, "comments"));
	CHECK(!body_has(&b, "About time"));
	CHECK(!body_has(&b, "Reply"));
	CHECK_INT(rep.comments_line, 21);
	CHECK_INT(rep.lines_kept, 3);
	CHECK(rep.dropped[CLEAN_COMMENT] >= 5);
	CHECK(rep.dropped[CLEAN_RELATED] >= 3);
	/* kept lines keep their original numbers, paragraphs stay apart */
	CHECK_INT(b.nlines, 5);
	if (b.nlines == 5) {
		CHECK_INT(b.lines[0].line, 7);
		CHECK_INT(b.lines[1].len, 0);
		CHECK_INT(b.lines[2].line, 11);
		CHECK_INT(b.lines[4].line, 13);
	}
	body_free(&b);
}

/* A caller's cue list changes what counts as furniture. */
static void test_custom_cues(void)
{
	static const char *const lines[] = {
		("The ministry confirmed on Friday that it had asked two "
		"operators to replace core equipment by the end of next year."),
		"",
		"Zorblat",
		"",
		("Both operators said they would comply with the request and "
		"expected the cost to be modest."),
	};
	struct body b;
	clean_cues_t *c = NULL;
	char err[128] = "";

	body_from(&b, lines, 5);
	CHECK_INT(clean_body(&b, NULL, err, sizeof err), 0);
	CHECK(body_has(&b, "Zorblat"));
	body_free(&b);
	CHECK_INT(clean_cues_parse("chrome zorblat\n", 15, &c, err,
				   sizeof err), 0);
	body_from(&b, lines, 5);
	CHECK_INT(clean_body_with(&b, c, NULL, err, sizeof err), 0);
	CHECK(!body_has(&b, "Zorblat"));
	CHECK(body_has(&b, "expected the cost to be modest."));
	body_free(&b);
	clean_cues_free(c);
}

/*
 * Encoded data goes: a block of base64 lines (three or more, with its
 * short last line), wherever it sits, and the text around it stays.  Not
 * data: a list of hex hashes (kept, though it looks like a menu) or of 0x
 * addresses (other rules may judge those), two lines of base64 alone, a
 * long line of prose, a word right after a block.
 */
static void test_clean_body_data(void)
{
	static const char *const lines[] = {
		("Researchers published the indicators of compromise for the "
		"campaign on Tuesday, with the hashes of three samples."),
		"",
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
		"",
		"PGh0bWw+PGJvZHk+QmFja2Rvb3JzIGFuZCBvdGhlciBzdG9yaWVzPC9ib2R5Pjwv",	/* 7 */
		"aHRtbD4KVGhpcyBpcyBub3QgdGV4dCB0aGF0IGEgcmVhZGVyIHdvdWxkIHNlZS4K",
		"U28gaXQgaXMgZHJvcHBlZCwgbGluZSBieSBsaW5lLCBhcyBlbmNvZGVkIGRhdGEu",
		"Cg==",						/* 10 */
		"",
		("The agency said the samples talked to servers abroad and "
		"that operators should block the addresses at once."),
		"",
		"QmFzZTY0IHR3byBsaW5lcyBhcmUgbm90IGEgYmxvY2sgb2YgZGF0YSB5ZXQu",
		"U28gdGhleSBzdGF5IGluIHRoZSB0ZXh0IGFzIHRoZXkgd2VyZSBnaXZlbi4=",
		"",
		"0x52908400098527886E0F7030069857D2E4169EE7",	/* 17 */
		"0x8617E340B3D01FA5F11F306F4090FD50E238070D",
		"0xde709f2102306220921060314715629080e2fb77",
		"",
		"U2lnbmVkIGJ5IHRoZSBjYW1wYWlnbidzIG9wZXJhdG9ycyBpbiBhIGhhc3Rl",	/* 21 */
		"LCBhbmQgbGVmdCBpbiB0aGUgbWFpbCBhcyBpdCB3YXMgc2VudCBvdXQgdG8g",
		"dGhlIGxpc3Qgb2YgcmVjaXBpZW50cyB0aGF0IHRoZSByZXBvcnQgbmFtZWQu",
		"Thanks",					/* 24: not data */
	};
	enum { N = sizeof lines / sizeof lines[0] };
	struct clean_line cl[N];
	unsigned char v[N] = { 0 };
	struct body b;
	struct clean_report rep;
	char err[128] = "";
	size_t i;

	for (i = 0; i < N; i++) {
		cl[i].s = lines[i];
		cl[i].len = strlen(lines[i]);
		cl[i].line = (uint32_t)i + 1;
		cl[i].col = 1;
	}
	CHECK_INT(clean_classify(cl, N, NULL, v, &rep, err, sizeof err), 0);
	for (i = 0; i < N; i++)
		if ((v[i] == CLEAN_DATA) != ((i >= 6 && i <= 9) ||
					     (i >= 20 && i <= 22))) {
			fprintf(stderr, "line %zu: verdict %s\n", i + 1,
				clean_verdict_name((enum clean_verdict)v[i]));
			CHECK(!"encoded data, and only that, is data");
		}
	CHECK_INT(rep.dropped[CLEAN_DATA], 7);
	CHECK_STR(clean_verdict_name(CLEAN_DATA), "data");

	body_from(&b, lines, N);
	CHECK_INT(clean_body(&b, &rep, err, sizeof err), 0);
	CHECK(body_has(&b, "hashes of three samples."));
	CHECK(body_has(&b, "block the addresses at once."));
	/* a list of hashes looks like a menu, but it is what the article
	 * gives: each hash stays */
	CHECK(body_has(&b, "\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"));
	CHECK(body_has(&b, "\n9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n"));
	CHECK(body_has(&b, "\n2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"));
	CHECK(!body_has(&b, "PGh0bWw"));
	CHECK(!body_has(&b, "aHRtbD4K"));
	CHECK(!body_has(&b, "Cg=="));
	/* the paragraphs on either side stay apart */
	CHECK(!body_has(&b, "samples.\nThe agency"));
	body_free(&b);
}

/* Lines the caller took (title, byline) are left as they were. */
static void test_classify_preset(void)
{
	struct clean_line l[3] = {
		{ "Follow us", 9, 1, 1 },
		{ "", 0, 2, 1 },
		{ "Short text.", 11, 3, 1 },
	};
	unsigned char v[3] = { CLEAN_META, 0, 0 };
	char err[64];

	CHECK_INT(clean_classify(l, 3, NULL, v, NULL, err, sizeof err), 0);
	CHECK_INT(v[0], CLEAN_META);
	CHECK_INT(v[1], CLEAN_BLANK);
	CHECK_INT(v[2], CLEAN_KEEP);
	CHECK_INT(clean_classify(l, 0, NULL, v, NULL, err, sizeof err), 0);
}

/* Which clean lines are the file's bytes where the line map says they
 * start, and how far: only those may have a match's offset added to their
 * column (searcher/hit.c). */
static void test_mark_verbatim(void)
{
	/* a mail body as a reader hands it over, decoded: line 2 is
	 * quoted-printable with an escape and a soft break (line 3 joined
	 * on), line 4 held \xe9 (now U+FFFD), line 5 starts at column 3,
	 * line 7 claims line 6's place, line 9 is past the end */
	static const char src[] =
		"Plain words here.\n"
		"Caf=C3=A9 and a very long line that goes on=\n"
		" and on.\n"
		"caf\xe9 au lait\n"
		"  indented text\r\n"
		"same start\n";
	struct body b;

	memset(&b, 0, sizeof b);
	CHECK_INT(body_add_line(&b, "Plain words here.", 17, 1, 1), 0);
	CHECK_INT(body_add_line(&b, "Caf\xc3\xa9 and a very long line that goes on and on.",
				strlen("Caf\xc3\xa9 and a very long line that goes on and on."), 2, 1), 0);
	CHECK_INT(body_end_paragraph(&b), 0);
	CHECK_INT(body_add_line(&b, "caf\xef\xbf\xbd au lait", 13, 4, 1), 0);
	CHECK_INT(body_add_line(&b, "indented text", 13, 5, 3), 0);
	CHECK_INT(body_add_line(&b, "same start", 10, 6, 1), 0);
	CHECK_INT(body_add_line(&b, "same", 4, 6, 1), 0);
	CHECK_INT(body_add_line(&b, "too far", 7, 5, 40), 0);
	CHECK_INT(body_add_line(&b, "no line", 7, 9, 1), 0);
	body_mark_verbatim(&b, src, sizeof src - 1, 1);
	CHECK_INT(b.lines[0].verbatim, 17);
	CHECK_INT(b.lines[1].verbatim, 3);	/* "Caf", then "=C3" */
	CHECK_INT(b.lines[2].verbatim, 0);	/* the paragraph break */
	CHECK_INT(b.lines[3].verbatim, 3);
	CHECK_INT(b.lines[4].verbatim, 13);	/* the CR is not text */
	CHECK_INT(b.lines[5].verbatim, 10);
	CHECK_INT(b.lines[6].verbatim, 0);
	CHECK_INT(b.lines[7].verbatim, 0);
	CHECK_INT(b.lines[8].verbatim, 0);
	/* a soft break alone: the first file line's bytes, not the next's */
	body_free(&b);
	memset(&b, 0, sizeof b);
	CHECK_INT(body_add_line(&b, "goes on and on.", 15, 1, 1), 0);
	body_mark_verbatim(&b, "goes on=\n and on.\n", 19, 1);
	CHECK_INT(b.lines[0].verbatim, 7);
	/* one JSON Lines line, the file's line 7; lines asked for out of
	 * order are found again */
	body_free(&b);
	memset(&b, 0, sizeof b);
	CHECK_INT(body_add_line(&b, "second", 6, 8, 1), 0);
	CHECK_INT(body_add_line(&b, "first", 5, 7, 3), 0);
	CHECK_INT(body_add_line(&b, "second", 6, 8, 1), 0);
	body_mark_verbatim(&b, "{\"first\n", 9, 7);
	CHECK_INT(b.lines[0].verbatim, 0);
	CHECK_INT(b.lines[1].verbatim, 5);
	CHECK_INT(b.lines[2].verbatim, 0);
	body_mark_verbatim(&b, "{\"first\nsecond", 15, 7);
	CHECK_INT(b.lines[0].verbatim, 6);
	CHECK_INT(b.lines[1].verbatim, 5);
	CHECK_INT(b.lines[2].verbatim, 6);
	body_free(&b);
}

int main(void)
{
	test_clean_promo_density();
	test_clean_last_paragraph();
	test_mark_verbatim();
	test_cues();
	test_credit_byline();
	test_clean_body_keeps();
	test_clean_body_removes();
	test_custom_cues();
	test_clean_body_data();
	test_classify_preset();
	return CHECK_DONE();
}
