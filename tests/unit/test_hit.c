/*
 * test_hit.c - where a hit's first match is (searcher/hit.c): stored
 * texts with the match at the start, deep inside, just before and across
 * the end of the first prefix that hit_load() reads, and far past it; each
 * must be found at its exact byte offset, line and column.  And a split
 * compound ("back doors") that the prefix cuts short, before a whole word
 * of the query at the prefix's end, an upper-case accented word
 * ("ÉTAT" for "état"), a word in curly quotes and one whose first letter
 * folds to ASCII ("İstanbul’s").  A line map whose lines are partly
 * the file's bytes ("L,C=P"): a match's offset counts only inside them.
 * And the window a snippet is chosen
 * from (hit_window()): whole words, the match inside, UTF-8 kept whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "searcher.h"

/* The line map says text line k is file line 1 + k, at column 1. */
#define LINEMAP "1,1*100000\n"
/* What hit.c reads first, minus the line map: the text's own boundary. */
#define EDGE (TEXT_PREFIX - (sizeof LINEMAP - 1))
#define WORD "zeppelinite"

/* Offsets of the match in the stored text, one article each. */
static const size_t offsets[] = {
	0, 5000, EDGE - 700, EDGE - 300, EDGE - 40,
	EDGE - 11, EDGE - 10, EDGE - 6, EDGE - 1, EDGE, EDGE + 1, EDGE + 5,
	EDGE + 700, 70000, 300000,
};
#define N (sizeof offsets / sizeof offsets[0])
static long want_line[N], want_col[N];

/* Filler of lines of 60 bytes ("\n" included) and blank lines, with the
 * word at off. */
static char *text_with_word_at(size_t off, size_t *len)
{
	size_t total = off + sizeof WORD + 3000, i;
	char *t = malloc(total + 1);

	if (!t)
		return NULL;
	for (i = 0; i < total; i++)
		t[i] = i % 60 == 59 || i % 120 == 58 ? '\n' : /* blank lines too */
		       i % 6 == 5 ? ' ' : "abcde"[i % 6];
	/* a word of its own: spaces around it (unless at a line's start) */
	if (off > 0)
		t[off - 1] = ' ';
	memcpy(t + off, WORD, sizeof WORD - 1);
	t[off + sizeof WORD - 1] = ' ';
	t[total] = '\0';
	*len = total;
	return t;
}

/* hit_window() on text t with the match at m: checks the window holds
 * the match and at most SNIPPET_WINDOW bytes, starts and ends between
 * words where gaps allow (gaps), else on a character boundary. */
static void check_window(const char *t, long m, bool gaps)
{
	size_t len = strlen(t), f, e;

	hit_window(t, len, false, m, &f, &e);
	CHECK(f <= e && e <= len && e - f <= SNIPPET_WINDOW);
	if (m >= 0)
		CHECK(f <= (size_t)m && (size_t)m < e);
	CHECK(f == 0 || ((unsigned char)t[f] & 0xC0) != 0x80);
	CHECK(e == len || ((unsigned char)t[e] & 0xC0) != 0x80);
	if (gaps) {
		CHECK(f == 0 || t[f - 1] == ' ' || t[f - 1] == '\n');
		CHECK(e == len || t[e] == ' ' || t[e] == '\n');
	}
}

static void test_window(void)
{
	char t[4001];
	size_t f, e;

	/* all of a short text */
	hit_window("short text", 10, false, 6, &f, &e);
	CHECK_INT(f, 0);
	CHECK_INT(e, 10);
	/* the first bytes of a longer text: cut between words too */
	hit_window("short text", 10, true, 0, &f, &e);
	CHECK_INT(e, 5);
	/* ... or, with no gap, after a whole character (a prefix may end
	 * inside one: here the last of "日本" lacks its third byte) */
	hit_window("\xe6\x97\xa5\xe6\x9c", 5, true, 0, &f, &e);
	CHECK_INT(e, 3);
	/* words of 7 letters: the cuts land between them */
	for (size_t i = 0; i < 4000; i++)
		t[i] = i % 8 == 7 ? (i % 80 == 79 ? '\n' : ' ') : "abcdefg"[i % 8];
	t[4000] = '\0';
	for (long m = 0; m < 4000; m++)
		check_window(t, m, true);
	check_window(t, -1, true);
	hit_window(t, 4000, false, -1, &f, &e);
	CHECK_INT(f, 0);
	/* one long token: no gap to cut at, only whole characters (é) */
	for (size_t i = 0; i < 4000; i += 2)
		memcpy(t + i, "\xc3\xa9", 2);
	for (long m = 0; m < 4000; m += 2)	/* matches start characters */
		check_window(t, m, false);
	/* characters of two and three bytes ("é€"): the start found on a
	 * character may be bytes earlier, the window no longer for it */
	for (size_t i = 0; i + 5 <= 4000; i += 5)
		memcpy(t + i, "\xc3\xa9\xe2\x82\xac", 5);
	for (long m = 0; m + 5 <= 4000; m += 5) {
		check_window(t, m, false);
		check_window(t, m + 2, false);
	}
	/* two-byte characters where the window starts, ASCII where it ends */
	for (size_t i = 600; i < 4000; i++)
		t[i] = 'a';
	for (long m = 600; m < 1200; m++)
		check_window(t, m, false);
}

/* Words with apostrophes: "don" is not in "don't", but "état" is in
 * "l’État" (after an elided l’); "Huawei’s" is "huawei"; "don’t" is the
 * term "don't".  And
 * dotted initials: "U.S." is "us", "U.S.A." is "usa". */
#define APOS_TEXT LINEMAP "I don\xe2\x80\x99t know. Don Corleone. l\xe2\x80\x99\xc3\x89tat, " \
	"puis \xc3\x89tat. Le Huawei\xe2\x80\x99s kit; I don't. Sent to U.S. and U.S.A.; us. " \
	"He loved rock'n'roll; a drum roll. \xe6\x89\x80\xe8\xb0\x93'\xe5\x90\x8e\xe9\x97\xa8' " \
	"5G'\xe5\x8d\x8e \xe6\x9d\xb1l'Agence, le pr\xc3\xa9sent l\xe2\x80\x99" "Agence nationale.\n"

/* Copied lines (3,5 and the run 12,1*2), one copied for its first 6
 * bytes only and one not at all (decoded, joined: "=P"). */
#define PARTIAL_TEXT "3,5;4,7=6;0,0;9,2=0;12,1*2\n" \
	"one zebra\nabc zebraic quagga\n\nlast okapi\nx\ny gnu\n"

/* hit_load() of hit i with its text, looking for the n words. */
static int load(struct hit *h, shim_results_t *res, size_t i,
		const char *const *words, size_t n)
{
	struct hit_words hw;
	int ret;

	CHECK_INT(hit_words_init(&hw, words, NULL, n), 0);
	ret = hit_load(h, res, i, &hw, true);
	hit_words_free(&hw);
	return ret;
}

/* hit_load() of hit i with the one word w: the match's line and column,
 * as "L:C". */
static const char *place_of(shim_results_t *res, size_t i, const char *w)
{
	static char at[64];
	struct hit h;

	memset(&h, 0, sizeof h);
	CHECK_INT(shim_results_hit(res, i, &h.h), SHIM_OK);
	CHECK_INT(load(&h, res, i, &w, 1), 0);
	snprintf(at, sizeof at, "%ld:%ld", h.line, h.column);
	hit_free(&h);
	return at;
}

/* hit_load() of hit i with the one word w: the match's offset. */
static long match_of(shim_results_t *res, size_t i, const char *w)
{
	struct hit h;
	long off;

	memset(&h, 0, sizeof h);
	CHECK_INT(shim_results_hit(res, i, &h.h), SHIM_OK);
	CHECK_INT(load(&h, res, i, &w, 1), 0);
	off = h.match_off;
	hit_free(&h);
	return off;
}

int main(void)
{
	char dir[512], err[512], buf[600];
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	shim_writer_t *w;
	shim_reader_t *r;
	shim_results_t *res;
	size_t i, found = 0;

	test_window();
	snprintf(dir, sizeof dir, "%s/dossier-test-hit-XXXXXX", tmp);
	if (!mkdtemp(dir))
		return 99;
	strcat(dir, "/index");
	CHECK_INT(shim_writer_open(dir, SHIM_WRITER_CREATE, 1, &w, err, sizeof err), SHIM_OK);
	for (i = 0; i < N; i++) {
		shim_doc_t *d;
		char id[32];
		size_t tlen;
		char *text = text_with_word_at(offsets[i], &tlen);
		char *data = malloc(sizeof LINEMAP + tlen);

		CHECK(text && data);
		if (!text || !data)
			return 99;
		/* where the word is in the "file", counted here */
		want_line[i] = 1;
		want_col[i] = 1;
		for (size_t k = 0; k < offsets[i]; k++) {
			want_col[i]++;
			if (text[k] == '\n') {
				want_line[i]++;
				want_col[i] = 1;
			}
		}
		memcpy(data, LINEMAP, sizeof LINEMAP - 1);
		memcpy(data + sizeof LINEMAP - 1, text, tlen + 1);
		snprintf(id, sizeof id, "%zu", i);
		CHECK_INT(shim_doc_new(w, &d), SHIM_OK);
		CHECK_INT(shim_doc_add_text(d, SHIM_FIELD_BODY, WORD, strlen(WORD), "en"), SHIM_OK);
		CHECK_INT(shim_doc_set_data(d, data, sizeof LINEMAP - 1 + tlen), SHIM_OK);
		CHECK_INT(shim_writer_put(w, d, id, NULL), SHIM_OK);
		shim_doc_free(d);
		free(text);
		free(data);
	}
	{
		/* an upper-case accented letter: "ÉTAT" is the term "état" */
		shim_doc_t *d;
		static const char text[] = LINEMAP "Un tat, l'etat, un \xc3\x89TAT voisin.\n";

		CHECK_INT(shim_doc_new(w, &d), SHIM_OK);
		CHECK_INT(shim_doc_add_text(d, SHIM_FIELD_BODY, WORD, strlen(WORD), "en"), SHIM_OK);
		CHECK_INT(shim_doc_set_data(d, text, sizeof text - 1), SHIM_OK);
		CHECK_INT(shim_writer_put(w, d, "accent", NULL), SHIM_OK);
		shim_doc_free(d);
	}
	{
		/* curly quotes around a word, and a letter that folds to
		 * ASCII ("İ" to "i") */
		shim_doc_t *d;
		static const char text[] = LINEMAP "x\xe2\x80\x9c" "Zeppelin"
			"\xe2\x80\x9d and \xc4\xb0stanbul\xe2\x80\x99s port.\n";

		CHECK_INT(shim_doc_new(w, &d), SHIM_OK);
		CHECK_INT(shim_doc_add_text(d, SHIM_FIELD_BODY, WORD, strlen(WORD), "en"), SHIM_OK);
		CHECK_INT(shim_doc_set_data(d, text, sizeof text - 1), SHIM_OK);
		CHECK_INT(shim_writer_put(w, d, "curly", NULL), SHIM_OK);
		shim_doc_free(d);
	}
	{
		/* apostrophes inside words, as the tokenizer has them */
		shim_doc_t *d;

		CHECK_INT(shim_doc_new(w, &d), SHIM_OK);
		CHECK_INT(shim_doc_add_text(d, SHIM_FIELD_BODY, WORD, strlen(WORD), "en"), SHIM_OK);
		CHECK_INT(shim_doc_set_data(d, APOS_TEXT, sizeof APOS_TEXT - 1), SHIM_OK);
		CHECK_INT(shim_writer_put(w, d, "apos", NULL), SHIM_OK);
		shim_doc_free(d);
	}
	{
		/* "back door" + "s" across the boundary: with the words
		 * "backdoors" and "door", the first prefix ends in a whole
		 * "door", but the match is "back doors", before it */
		shim_doc_t *d;
		size_t tlen;
		char *text = text_with_word_at(EDGE - 9, &tlen);
		char *data = malloc(sizeof LINEMAP + tlen);

		CHECK(text && data);
		if (!text || !data)
			return 99;
		memcpy(text + EDGE - 9, "back doors ", 11);
		memcpy(data, LINEMAP, sizeof LINEMAP - 1);
		memcpy(data + sizeof LINEMAP - 1, text, tlen + 1);
		CHECK_INT(shim_doc_new(w, &d), SHIM_OK);
		CHECK_INT(shim_doc_add_text(d, SHIM_FIELD_BODY, WORD, strlen(WORD), "en"), SHIM_OK);
		CHECK_INT(shim_doc_set_data(d, data, sizeof LINEMAP - 1 + tlen), SHIM_OK);
		CHECK_INT(shim_writer_put(w, d, "split", NULL), SHIM_OK);
		shim_doc_free(d);
		free(text);
		free(data);
	}
	{
		shim_doc_t *d;

		CHECK_INT(shim_doc_new(w, &d), SHIM_OK);
		CHECK_INT(shim_doc_add_text(d, SHIM_FIELD_BODY, WORD, strlen(WORD), "en"), SHIM_OK);
		CHECK_INT(shim_doc_set_data(d, PARTIAL_TEXT, sizeof PARTIAL_TEXT - 1), SHIM_OK);
		CHECK_INT(shim_writer_put(w, d, "partial", NULL), SHIM_OK);
		shim_doc_free(d);
	}
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);

	CHECK_INT(shim_reader_open(dir, &r, err, sizeof err), SHIM_OK);
	{
		struct shim_qnode q = { 0 };
		struct shim_search_opts o = { 0 };
		const char *words[] = { WORD };

		q.op = SHIM_Q_WORD;
		q.field = -1;
		q.text = WORD;
		o.limit = 100;
		CHECK_INT(shim_search(r, &q, &o, &res, NULL), SHIM_OK);
		for (i = 0; i < shim_results_count(res); i++) {
			struct hit h;
			size_t k, off;

			memset(&h, 0, sizeof h);
			CHECK_INT(shim_results_hit(res, i, &h.h), SHIM_OK);
			if (strcmp(h.h.id, "accent") == 0) {
				const char *etat[] = { "\xc3\xa9tat" };
				CHECK_INT(load(&h, res, i, etat, 1), 0);
				CHECK_INT(h.match_off, 19);
				CHECK_INT(h.column, 20);
				hit_free(&h);
				found++;
				continue;
			}
			if (strcmp(h.h.id, "curly") == 0) {
				const char *zep[] = { "zeppelin" }, *ist[] = { "istanbul" };
				CHECK_INT(load(&h, res, i, zep, 1), 0);
				CHECK_INT(h.match_off, 4);
				hit_free(&h);
				memset(&h, 0, sizeof h);
				CHECK_INT(shim_results_hit(res, i, &h.h), SHIM_OK);
				CHECK_INT(load(&h, res, i, ist, 1), 0);
				CHECK_INT(h.match_off, 20);
				hit_free(&h);
				found++;
				continue;
			}
			if (strcmp(h.h.id, "apos") == 0) {
				const char *t = APOS_TEXT + sizeof LINEMAP - 1;
				CHECK_INT(match_of(res, i, "don"), strstr(t, "Don C") - t);
				CHECK_INT(match_of(res, i, "\xc3\xa9tat"), strstr(t, "\xc3\x89tat,") - t);
				/* without its accent, as the tokenizer indexes it too */
				CHECK_INT(match_of(res, i, "etat"), strstr(t, "\xc3\x89tat,") - t);
				CHECK_INT(match_of(res, i, "l'\xc3\xa9tat"), strstr(t, "l\xe2\x80\x99") - t);
				CHECK_INT(match_of(res, i, "huawei"), strstr(t, "Huawei") - t);
				/* wildcards' prefixes, of one letter too; a
				 * one-letter word */
				CHECK_INT(match_of(res, i, "hua*"), strstr(t, "Huawei") - t);
				CHECK_INT(match_of(res, i, "k*"), strstr(t, "know") - t);
				CHECK_INT(match_of(res, i, "t"), -1);
				CHECK_INT(match_of(res, i, "i"), 0);
				CHECK_INT(match_of(res, i, "don't"), strstr(t, "don\xe2") - t);
				CHECK_INT(match_of(res, i, "kit"), strstr(t, "kit") - t);
				CHECK_INT(match_of(res, i, "us"), strstr(t, "U.S.") - t);
				CHECK_INT(match_of(res, i, "usa"), strstr(t, "U.S.A") - t);
				CHECK_INT(match_of(res, i, "sent"), strstr(t, "Sent") - t);
				/* "n" is elided only where it starts a word */
				CHECK_INT(match_of(res, i, "roll"), strstr(t, "roll.") - t);
				/* a phrase across a possessive */
				CHECK_INT(match_of(res, i, "huawei kit"), strstr(t, "Huawei") - t);
				/* ideographs are words alone, quoted or not, and
				 * a word ends before one */
				CHECK_INT(match_of(res, i, "\xe5\x90\x8e \xe9\x97\xa8"),
					  strstr(t, "\xe5\x90\x8e\xe9\x97\xa8") - t);
				CHECK_INT(match_of(res, i, "5g"), strstr(t, "5G") - t);
				CHECK_INT(match_of(res, i, "agence"), strstr(t, "Agence,") - t);
				/* a phrase over an elided word */
				CHECK_INT(match_of(res, i, "pr\xc3\xa9sent agence"), strstr(t, "pr\xc3\xa9sent") - t);
				found++;
				continue;
			}
			if (strcmp(h.h.id, "partial") == 0) {
				CHECK_STR(place_of(res, i, "zebra"), "3:9");
				CHECK_STR(place_of(res, i, "zebraic"), "4:11");
				CHECK_STR(place_of(res, i, "quagga"), "4:7");
				CHECK_STR(place_of(res, i, "okapi"), "9:2");
				CHECK_STR(place_of(res, i, "gnu"), "13:3");
				found++;
				continue;
			}
			if (strcmp(h.h.id, "split") == 0) {
				const char *split[] = { "backdoors", "door" };
				CHECK_INT(load(&h, res, i, split, 2), 0);
				CHECK_INT(h.match_off, (long)(EDGE - 9));
				hit_free(&h);
				found++;
				continue;
			}
			k = (size_t)atoi(h.h.id);
			CHECK(k < N);
			if (k >= N)
				continue;
			off = offsets[k];
			CHECK_INT(load(&h, res, i, words, 1), 0);
			if (h.match_off != (long)off)
				fprintf(stderr, "match at %zu found at %ld\n", off,
					h.match_off);
			CHECK_INT(h.match_off, (long)off);
			CHECK_INT(h.line, want_line[k]);
			CHECK_INT(h.column, want_col[k]);
			hit_free(&h);
			found++;
		}
		shim_results_free(res);
	}
	CHECK_INT(found, N + 5);
	shim_reader_close(r);
	dir[strlen(dir) - strlen("/index")] = '\0';
	snprintf(buf, sizeof buf, "rm -rf '%s'", dir);
	if (system(buf) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return CHECK_DONE();
}
