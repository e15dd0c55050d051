/*
 * test_spelling.cc - the spelling counts the writer keeps back and writes
 * (shim/writer.cc), read back with Xapian from the index's partitions: a
 * commit whose batch takes the held-back counts past their bound writes
 * them once, and later counts add to them; a run's counts are exact.  A
 * word of one document, left out, is counted once a second document has
 * it: after the bound, and in a later run (an update of the index); and
 * a document put again is not counted again, in a new index either; an
 * emptied index's dictionary is not counted twice; and a run that died
 * leaves counts that the next open makes exact; and words leave with
 * the documents replaced or deleted.
 */
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "check.h"
#include "shim.h"

static void put(shim_writer_t *w, const std::string &id, const std::string &body)
{
	shim_doc_t *d;
	CHECK_INT(shim_doc_new(w, &d), SHIM_OK);
	CHECK_INT(shim_doc_add_text(d, SHIM_FIELD_BODY, body.data(), body.size(), "en"), SHIM_OK);
	CHECK_INT(shim_doc_set_file(d, id.c_str()), SHIM_OK);
	CHECK_INT(shim_writer_put(w, d, id.c_str(), NULL), SHIM_OK);
	shim_doc_free(d);
}

/* The frequency of word over every spelling partition of the index. */
static unsigned frequency(const std::string &dir, const char *word)
{
	Xapian::Database all;
	for (int k = 0;; k++) {
		std::string p = dir + "/spelling." + std::to_string(k);
		FILE *f = fopen((p + "/iamglass").c_str(), "r");
		if (!f)
			break;
		fclose(f);
		all.add_database(Xapian::Database(p));
	}
	Xapian::TermIterator t = all.spellings_begin();
	t.skip_to(word);
	return t != all.spellings_end() && *t == word ? t.get_termfreq() : 0;
}

int main(void)
{
	char tmpl[512], err[512];
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	shim_writer_t *w;

	snprintf(tmpl, sizeof tmpl, "%s/dossier-test-spelling-XXXXXX", tmp);
	if (!mkdtemp(tmpl))
		return 99;
	std::string dir = std::string(tmpl) + "/index";

	CHECK_INT(shim_writer_open(dir.c_str(), SHIM_WRITER_CREATE, 2, &w, err, sizeof err), SHIM_OK);
	put(w, "a", "the zebra and the giraffe saw an okapi");
	put(w, "b", "a zebra met a giraffe");
	/* more distinct words than the writer holds back (300,000): this
	 * commit writes the counts */
	std::string junk;
	for (unsigned i = 0; i < 300100; i++) {
		std::string word = "q";
		for (unsigned v = i, k = 0; k < 5; k++, v /= 26)
			word += (char)('a' + v % 26);
		junk += word + ' ';
	}
	put(w, "c", junk);
	CHECK_INT(shim_writer_commit(w), SHIM_OK);
	CHECK_INT(frequency(dir, "zebra"), 2);
	CHECK_INT(frequency(dir, "giraffe"), 2);
	/* later counts add to those, and nothing is written twice */
	CHECK_INT(frequency(dir, "okapi"), 0);	/* one document so far */
	put(w, "d", "one more zebra and the okapi");
	put(w, "e", "and a last zebra, a walrus and an ibex");
	CHECK_INT(shim_writer_commit(w), SHIM_OK);
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);
	CHECK_INT(frequency(dir, "zebra"), 4);
	CHECK_INT(frequency(dir, "giraffe"), 2);
	CHECK_INT(frequency(dir, "okapi"), 2);	/* "a", before the bound, and "d" */
	CHECK_INT(frequency(dir, "walrus"), 0);

	/* An update: its documents count with those already in the index,
	 * the last batch's too (it is still committing when counted). */
	CHECK_INT(shim_writer_open(dir.c_str(), 0, 2, &w, err, sizeof err), SHIM_OK);
	put(w, "f", "the walrus and the ibex, and a giraffe");
	CHECK_INT(shim_writer_commit(w), SHIM_OK);
	put(w, "g", "an ibex again");
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);
	CHECK_INT(frequency(dir, "walrus"), 2);
	CHECK_INT(frequency(dir, "ibex"), 3);
	CHECK_INT(frequency(dir, "giraffe"), 3);
	CHECK_INT(frequency(dir, "zebra"), 4);

	/* Documents put again (a file edited, indexed again) replace their
	 * old selves: their words are not counted twice, and a word of one
	 * document stays out. */
	for (int run = 0; run < 2; run++) {
		CHECK_INT(shim_writer_open(dir.c_str(), 0, 2, &w, err, sizeof err), SHIM_OK);
		put(w, "f", "the walrus and the ibex, and a giraffe");
		put(w, "h", "a lonely kudu");
		CHECK_INT(shim_writer_finish(w), SHIM_OK);
		shim_writer_close(w);
		CHECK_INT(frequency(dir, "walrus"), 2);
		CHECK_INT(frequency(dir, "ibex"), 3);
		CHECK_INT(frequency(dir, "giraffe"), 3);
		CHECK_INT(frequency(dir, "kudu"), 0);
	}

	/* A new index with an id put twice: the word of that one document
	 * stays out. */
	std::string dir2 = std::string(tmpl) + "/twice";
	CHECK_INT(shim_writer_open(dir2.c_str(), SHIM_WRITER_CREATE, 2, &w, err, sizeof err), SHIM_OK);
	put(w, "a", "a wildebeest story");
	put(w, "a", "a wildebeest story");
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);
	CHECK_INT(frequency(dir2, "wildebeest"), 0);

	/* An index emptied (its files deleted) keeps its dictionary: the
	 * files indexed again are not counted on top of it. */
	std::string dir3 = std::string(tmpl) + "/emptied";
	CHECK_INT(shim_writer_open(dir3.c_str(), SHIM_WRITER_CREATE, 2, &w, err, sizeof err), SHIM_OK);
	put(w, "x", "the gazelle");
	put(w, "y", "a gazelle");
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);
	CHECK_INT(shim_writer_open(dir3.c_str(), 0, 2, &w, err, sizeof err), SHIM_OK);
	CHECK_INT(shim_writer_delete_file(w, "x", NULL), SHIM_OK);
	CHECK_INT(shim_writer_delete_file(w, "y", NULL), SHIM_OK);
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);
	CHECK_INT(shim_writer_open(dir3.c_str(), 0, 2, &w, err, sizeof err), SHIM_OK);
	put(w, "x", "the gazelle");
	put(w, "y", "a gazelle");
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);
	CHECK_INT(frequency(dir3, "gazelle"), 2);

	/* A run that dies with counts held back: the next open sets each
	 * word's count from the shards, a word already known too. */
	CHECK_INT(shim_writer_open(dir3.c_str(), 0, 2, &w, err, sizeof err), SHIM_OK);
	put(w, "z1", "one more gazelle");
	put(w, "z2", "and the last gazelle");
	CHECK_INT(shim_writer_commit(w), SHIM_OK);
	shim_writer_close(w);	/* no finish */
	CHECK_INT(frequency(dir3, "gazelle"), 2);
	CHECK_INT(shim_writer_open(dir3.c_str(), 0, 2, &w, err, sizeof err), SHIM_OK);
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);
	CHECK_INT(frequency(dir3, "gazelle"), 4);

	/* Words leave with the documents that had them: one put again
	 * without the word, one deleted. */
	CHECK_INT(shim_writer_open(dir3.c_str(), 0, 2, &w, err, sizeof err), SHIM_OK);
	put(w, "z1", "no more of that animal");
	CHECK_INT(shim_writer_delete_file(w, "z2", NULL), SHIM_OK);
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);
	CHECK_INT(frequency(dir3, "gazelle"), 2);
	CHECK_INT(shim_writer_open(dir3.c_str(), 0, 2, &w, err, sizeof err), SHIM_OK);
	CHECK_INT(shim_writer_delete_file(w, "y", NULL), SHIM_OK);
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);
	CHECK_INT(frequency(dir3, "gazelle"), 0);	/* in "x" alone */

	/* A run that deleted documents and died: recovery takes out the
	 * words no shard has any more. */
	CHECK_INT(shim_writer_open(dir3.c_str(), 0, 2, &w, err, sizeof err), SHIM_OK);
	put(w, "w1", "the walrus");
	put(w, "w2", "a walrus");
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);
	CHECK_INT(frequency(dir3, "walrus"), 2);
	CHECK_INT(shim_writer_open(dir3.c_str(), 0, 2, &w, err, sizeof err), SHIM_OK);
	CHECK_INT(shim_writer_delete_file(w, "w1", NULL), SHIM_OK);
	CHECK_INT(shim_writer_delete_file(w, "w2", NULL), SHIM_OK);
	CHECK_INT(shim_writer_commit(w), SHIM_OK);
	shim_writer_close(w);	/* no finish */
	CHECK_INT(shim_writer_open(dir3.c_str(), 0, 2, &w, err, sizeof err), SHIM_OK);
	CHECK_INT(shim_writer_finish(w), SHIM_OK);
	shim_writer_close(w);
	CHECK_INT(frequency(dir3, "walrus"), 0);

	std::string rm = "rm -rf '" + std::string(tmpl) + "'";
	if (system(rm.c_str()) != 0)
		fprintf(stderr, "could not remove %s\n", tmpl);
	return CHECK_DONE();
}
