/*
 * writer.cc - building and updating an index: one thread per shard.
 *
 * States (after SQLite's pager): closed -> open (lock held) -> in batch
 * (documents pending) -> committed (nothing pending) -> ... -> closed.
 *
 * Threads.  The caller's thread (the "main" thread) builds documents as
 * plain strings and routes each to shard fnv1a64(id) % nshards, a stable
 * choice, so re-indexing an id replaces it in place.  Each shard has a
 * worker thread that owns everything Xapian of that shard: its
 * WritableDatabase (in a transaction for the whole batch), its stemmers,
 * and the batch's new word forms and spelling counts.  Workers take jobs
 * (a document, a file deletion, a commit) from a bounded queue, in order,
 * and tokenize the text themselves.  The main thread owns the lexicon
 * database and one read-only view of each shard at its last commit; no
 * Xapian object is ever touched by two threads.
 *
 * Questions asked synchronously (is this id indexed, from which file?
 * how many documents does deleting this file remove? this file's
 * signature?) are answered without waiting for the queues: from the
 * committed views plus what this batch did, which the main thread records
 * as it routes the jobs (struct batch).
 *
 * Commit: a commit job goes to every worker (at most one commit is in
 * flight: the previous one's shards are waited for first).  Each worker,
 * on reaching it, hands back the word forms and spellings of its batch
 * and commits its shard, so shards commit in parallel; meanwhile the main
 * thread writes the forms into the lexicon (stem table, languages) and
 * commits it.  shim_writer_commit_async() returns there: the next batch is
 * routed while the shards commit (measured: 8% less wall time), its
 * questions answered with the batch in flight counted as committed
 * (shim_writer.prev).  The next commit, finish or close waits for the
 * shards (settle()); once every shard has committed, a second, small
 * lexicon commit records the batch's file signatures, and the views are
 * reopened.  A crash before that leaves files without their new
 * signatures: the next run reads them again, which is safe because a put
 * replaces by id.  Lexicon entries only ever grow: a superset (a shard
 * failed after the first lexicon commit) is harmless.
 *
 * Spelling counts are held back across commits (up to SPELLING_BUFFER
 * words) and written by shim_writer_finish() or the commit that passes
 * the bound: Xapian rewrites the whole word list of every trigram a new
 * word touches, so writing them per batch made the lexicon commit the
 * slowest step of a run, with every shard idle behind it (measured: 1.8
 * of 5.1 s on the bench corpus).  They go to the spelling partitions
 * (layout.h), a thread each, committed before the lexicon commit that
 * says nothing waits any more.  While counts wait (from before the first
 * shard commit of a batch that has documents), the lexicon says so
 * (SPELLING_PENDING); a writer that finds it set (the last run died)
 * sets every word's count from the shards' own term lists
 * (recover_spelling()).  A word's count is the number of documents that
 * have it, and a word of one document is left out.  Counted in memory,
 * that holds only for a new index before its first spelling write with
 * nothing replaced or deleted; otherwise the commit that writes the
 * counts waits for the shards and takes each word's count from them
 * (changes_over_index()), for the words held back and those of the
 * documents replaced or deleted (note_gone()).
 *
 * Errors: a Xapian error in a worker is sticky; the worker drops its later
 * jobs and the next put or commit returns the error.  Close completes a
 * commit in flight, then discards the batch in every shard.
 */
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_set>

#include "counts.h"
#include "internal.h"
#include "layout.h"

using namespace std;

/* What a document is before its shard's worker makes it a Xapian one. */
struct doc_fields {
	vector<pair<enum shim_field, string>> texts;	/* body or title */
	vector<pair<string, Xapian::termcount>> terms;	/* weighted terms */
	vector<string> boolean_terms;
	vector<pair<Xapian::valueno, string>> values;	/* later ones win */
	vector<string> facets[SHIM_NFIELDS];	/* displayed entity values */
	size_t data_bytes = 0;	/* the packed stored data (SLOT_TEXT) */
	string file;		/* the file key, "" when not set */
	string lang = "en";
	size_t bytes = 0;	/* text bytes */
};

struct shim_doc {
	shim_writer *w;
	doc_fields f;
};

namespace {

/* Bounds on a worker's queue, so memory stays flat however fast the
 * readers are: whichever is reached first (one job always fits). */
const size_t QUEUE_DOCS = 64;
const size_t QUEUE_BYTES = 16u << 20;
/* "lang:form" remembered as already in the stem table, for all workers. */
const size_t FORMS_KNOWN_MAX = 2000000;
/* Distinct words whose spelling counts may wait for shim_writer_finish()
 * (about 100 bytes each). */
const size_t SPELLING_BUFFER = 300000;
/* Lexicon metadata: "1" while committed documents have spelling counts
 * that are not written yet (a run under way, or one that died). */
const char SPELLING_PENDING[] = "spelling_pending";
/* Entity names remembered as already in the lexicon's alias table. */
const size_t ENTITIES_KNOWN_MAX = 200000;

struct job {
	enum kind { DOC, DELETE_FILE, COMMIT } kind;
	doc_fields doc;		/* DOC */
	string id;		/* DOC */
	bool replace = false;	/* DOC: the id may be in the shard already */
	string file_term;	/* DELETE_FILE */
	size_t bytes = 0;	/* what the job holds, for the queue bound */
};

/* What a worker hands back at a commit: new stem-table entries
 * ("Z<lang>:<stem>", form) and spelling counts (documents per word). */
struct lexicon_delta {
	vector<pair<string, string>> forms;
	unordered_map<string, unsigned> spelling;
};

class shard_worker {
public:
	shard_worker(Xapian::WritableDatabase shard, const shim::compounds &c,
		     size_t forms_max)
		: db(move(shard)), cmp(c), forms_known_max(forms_max) {}
	~shard_worker() { stop(); }

	void start() { th = thread(&shard_worker::run, this); }

	/* Queues j, waiting while the queue is full (unless bounded is
	 * false: commit jobs must not wait behind the bound). */
	void push(job &&j, bool bounded);

	/* Waits until the worker reaches the commit job pushed last: SHIM_OK
	 * and the batch's lexicon entries, or the worker's sticky error. */
	shim_status_t wait_delta(lexicon_delta &out, string &msg);
	/* Waits until it has committed its shard (or failed). */
	shim_status_t wait_commit(string &msg);

	/* The sticky error, if any (cheap to ask). */
	bool failed() const { return has_failed.load(); }
	shim_status_t error(string &msg);

	/* Drops what is queued, cancels the batch, joins the thread. */
	void stop();

private:
	void run();
	void process(job &j);
	void commit();
	void fail(shim_status_t st, const string &msg);
	void index(job &j);
	void count_forms(const Xapian::Document &doc, const string &lang);
	void take_forms(lexicon_delta &out);
	vector<Xapian::docid> note_gone(const string &term);

	/* Owned by the worker thread once started. */
	Xapian::WritableDatabase db;
	const shim::compounds &cmp;	/* read-only once documents flow */
	shim::stemmers stems;
	unordered_set<string> forms_known;	/* "lang:form" */
	size_t forms_known_max;
	/* lang -> word form -> documents having it, this batch */
	unordered_map<string, shim::counts> batch_forms;
	/* spelling words of the documents this batch replaced or deleted */
	unordered_set<string> batch_gone;

	/* Shared with the main thread, under mu. */
	mutex mu;
	condition_variable work;	/* the worker waits for jobs */
	condition_variable done;	/* the main thread waits for room, acks */
	deque<job> queue;
	size_t queued_docs = 0, queued_bytes = 0;
	unsigned commits_asked = 0, deltas_handed = 0, commits_done = 0;
	bool stopping = false;
	lexicon_delta handed;		/* the last commit's delta */
	shim_status_t status = SHIM_OK;	/* sticky */
	string message;
	atomic<bool> has_failed{ false };

	thread th;
};

void shard_worker::push(job &&j, bool bounded)
{
	unique_lock<mutex> lk(mu);
	if (bounded)
		done.wait(lk, [this] {
			return queue.empty() || (queued_docs < QUEUE_DOCS &&
						 queued_bytes < QUEUE_BYTES);
		});
	if (j.kind == job::COMMIT)
		commits_asked++;
	else
		queued_docs++;
	queued_bytes += j.bytes;
	queue.push_back(move(j));
	work.notify_one();
}

shim_status_t shard_worker::wait_delta(lexicon_delta &out, string &msg)
{
	unique_lock<mutex> lk(mu);
	done.wait(lk, [this] { return deltas_handed == commits_asked; });
	if (status != SHIM_OK) {
		msg = message;
		return status;
	}
	out = move(handed);
	handed = lexicon_delta();
	return SHIM_OK;
}

shim_status_t shard_worker::wait_commit(string &msg)
{
	unique_lock<mutex> lk(mu);
	done.wait(lk, [this] { return commits_done == commits_asked; });
	msg = message;
	return status;
}

shim_status_t shard_worker::error(string &msg)
{
	lock_guard<mutex> lk(mu);
	msg = message;
	return status;
}

void shard_worker::stop()
{
	{
		lock_guard<mutex> lk(mu);
		stopping = true;
		queue.clear();
		work.notify_one();
	}
	if (th.joinable())
		th.join();
}

/* Cancels db's transaction and closes it, whatever fails. */
static void discard(Xapian::WritableDatabase &db)
{
	try {
		db.cancel_transaction();
	} catch (...) {
	}
	try {
		db.close();
	} catch (...) {
	}
}

void shard_worker::run()
{
	for (;;) {
		job j;
		{
			unique_lock<mutex> lk(mu);
			work.wait(lk, [this] { return stopping || !queue.empty(); });
			if (stopping)
				break;
			j = move(queue.front());
			queue.pop_front();
			if (j.kind != job::COMMIT)
				queued_docs--;
			queued_bytes -= j.bytes;
		}
		done.notify_all();
		process(j);
	}
	/* Only a commit job commits: Xapian would commit on close. */
	discard(db);
}

/* Records the worker's first error (call with mu held). */
void shard_worker::fail(shim_status_t st, const string &msg)
{
	if (st != SHIM_OK && status == SHIM_OK) {
		status = st;
		message = msg;
		has_failed.store(true);
	}
}

/* Runs one job; a Xapian error makes the worker skip the rest of the
 * batch and report the error at the next put or commit. */
void shard_worker::process(job &j)
{
	shim_status_t st = SHIM_OK;
	string msg;

	if (j.kind == job::COMMIT) {
		commit();
		return;
	}
	if (has_failed.load())
		return;
	SHIM_TRY
		if (j.kind == job::DOC)
			index(j);
		else {
			for (Xapian::docid did : note_gone(j.file_term))
				db.delete_document(did);
		}
	SHIM_CATCH(msg, st)
	if (st != SHIM_OK) {
		lock_guard<mutex> lk(mu);
		fail(st, msg);
	}
}

/*
 * A commit job: hands the batch's lexicon entries over first, so that the
 * main thread writes them while this shard commits, then commits.
 */
void shard_worker::commit()
{
	shim_status_t st = SHIM_OK;
	string msg;
	lexicon_delta d;

	if (!has_failed.load()) {
		SHIM_TRY
			take_forms(d);
		SHIM_CATCH(msg, st)
	}
	{
		lock_guard<mutex> lk(mu);
		fail(st, msg);
		handed = move(d);
		deltas_handed++;
		done.notify_all();
	}
	if (!has_failed.load()) {
		SHIM_TRY
			db.commit_transaction();
			db.begin_transaction(true);
		SHIM_CATCH(msg, st)
	}
	lock_guard<mutex> lk(mu);
	fail(st, msg);
	commits_done++;
	done.notify_all();
}

static bool stemmable(const string &w)
{
	if (w.size() < 2)
		return false;
	for (unsigned char c : w)
		if (c >= '0' && c <= '9')
			return false;
	return true;
}

/* Is term a word the spelling dictionary counts: a body word (not an
 * upper-case prefix) of 3 to 24 bytes, without digits? */
static bool spelling_word(const string &term)
{
	return !(term[0] >= 'A' && term[0] <= 'Z') && term.size() >= 3 &&
	       term.size() <= 24 && stemmable(term);
}

/* One document: tokenize its texts, add its terms and values, store it. */
void shard_worker::index(job &j)
{
	doc_fields &f = j.doc;
	Xapian::Document doc;
	Xapian::termpos pos = 1;

	for (const auto &t : f.texts) {
		bool title = t.first == SHIM_FIELD_TITLE;
		pos = shim::tokenize(t.second.data(), t.second.size(), pos, &cmp,
			[&doc, title](const string &word, Xapian::termpos p, size_t, size_t) {
				doc.add_posting(word, p);
				if (title)
					doc.add_posting("S" + word, p);
			}) + 10;	/* no phrase spans two fields */
	}
	for (const auto &t : f.terms)
		doc.add_term(t.first, t.second);
	for (const string &t : f.boolean_terms)
		doc.add_boolean_term(t);
	for (const auto &v : f.values)
		doc.add_value(v.first, v.second);
	static const enum shim_field facets[] = {
		SHIM_FIELD_ORG, SHIM_FIELD_PERSON, SHIM_FIELD_PLACE,
		SHIM_FIELD_SOURCE };
	for (enum shim_field fld : facets) {
		const vector<string> &v = f.facets[fld];
		if (v.empty())
			continue;
		string joined;
		for (size_t i = 0; i < v.size(); i++) {
			if (i)
				joined += shim::FACET_SEP;
			joined += v[i];
		}
		doc.add_value(shim_field_info(fld)->slot, joined);
	}
	string q = shim::id_term(j.id);
	doc.add_boolean_term(q);
	doc.add_value(shim::SLOT_ID, j.id);
	/* replace_document() by term costs a postlist walk even when no
	 * document has the term; most ids are new. */
	if (j.replace) {
		vector<Xapian::docid> old = note_gone(q);
		if (old.empty())
			db.add_document(doc);
		else if (old.size() == 1)
			db.replace_document(old[0], doc);
		else
			db.replace_document(q, doc);
	} else {
		db.add_document(doc);
	}
	count_forms(doc, f.lang);
}

/* Notes the spelling words of the documents that have term, about to be
 * replaced or deleted: the commit that writes the spelling counts takes
 * theirs from the shards again (changes_over_index()).  Returns them, so
 * that the caller need not walk the term's postlist again. */
vector<Xapian::docid> shard_worker::note_gone(const string &term)
{
	vector<Xapian::docid> dids;
	for (Xapian::PostingIterator p = db.postlist_begin(term);
	     p != db.postlist_end(term); ++p) {
		dids.push_back(*p);
		for (Xapian::TermIterator t = db.termlist_begin(*p);
		     t != db.termlist_end(*p); ++t) {
			if (spelling_word(*t))
				batch_gone.insert(*t);
		}
	}
	return dids;
}

/* Counts the document's word forms, each once: its unprefixed terms
 * (prefixes are upper case, words never are) and its title terms ("S" +
 * word), so a query asks only for the title forms that exist. */
void shard_worker::count_forms(const Xapian::Document &doc, const string &lang)
{
	shim::counts &counts = batch_forms[lang];
	for (Xapian::TermIterator t = doc.termlist_begin();
	     t != doc.termlist_end(); ++t) {
		const string &term = *t;
		bool word = !(term[0] >= 'A' && term[0] <= 'Z');
		if (word ? stemmable(term)
			 : term[0] == 'S' && term.size() > 1 &&
				   !(term[1] >= 'A' && term[1] <= 'Z') &&
				   stemmable(term.substr(1)))
			counts.add(term);
	}
}

/* The batch's forms into out: those not yet in the stem table under
 * their stem (title forms "S" + word under the word's stem), and document
 * counts for spelling (body words of 3 to 24 bytes). */
void shard_worker::take_forms(lexicon_delta &out)
{
	string lf, form;
	for (auto &lang_forms : batch_forms) {
		const string &lang = lang_forms.first;
		Xapian::Stem &stem = stems.get(lang);
		lang_forms.second.for_each([&](string_view f, unsigned n) {
			form.assign(f);
			bool title = form[0] == 'S';
			lf.assign(lang).append(1, ':').append(form);
			if (!forms_known.count(lf)) {
				if (forms_known.size() >= forms_known_max)
					forms_known.clear();
				forms_known.insert(lf);
				out.forms.emplace_back(
					"Z" + lang + ":" +
						stem(title ? form.substr(1) : form),
					form);
			}
			if (!title && form.size() >= 3 && form.size() <= 24)
				out.spelling[form] += n;
		});
		/* emptied, not freed: the next batch needs as much room */
		lang_forms.second.clear();
	}
	for (const string &word : batch_gone)
		out.spelling.emplace(word, 0);
	batch_gone.clear();
}

/* The shard of an article id: FNV-1a 64, stable across runs and builds. */
unsigned shard_of(const string &id, size_t nshards)
{
	uint64_t h = 14695981039346656037ULL;
	for (unsigned char c : id)
		h = (h ^ c) * 1099511628211ULL;
	return (unsigned)(h % nshards);
}

/*
 * What the current batch did, as the main thread routed it, so that its
 * questions get exact answers from the committed views plus this.
 */
struct batch {
	unordered_map<string, string> ids;	/* id put -> its file key */
	unordered_map<string, size_t> file_docs;	/* file -> ids put */
	/* Files deleted: their committed documents are gone. */
	unordered_set<string> deleted;
	/* file -> its committed documents replaced by a put (not deleted). */
	unordered_map<string, size_t> superseded;
	/* File signatures to write at commit; "" deletes one. */
	map<string, string> signatures;

	void clear()
	{
		ids.clear();
		file_docs.clear();
		deleted.clear();
		superseded.clear();
		signatures.clear();
	}
};

} // namespace

struct shim_writer {
	string dir;
	vector<unique_ptr<shard_worker>> workers;
	vector<Xapian::Database> views;	/* each shard at its last commit */
	vector<string> shard_paths;
	Xapian::WritableDatabase lex;	/* the lexicon, in a transaction */
	/* The spelling partitions (layout.h), each in a transaction. */
	vector<Xapian::WritableDatabase> spell;
	shim::compounds cmp;
	bool documents_put = false;	/* cmp is closed */
	bool compounds_stored = false;	/* cmp is in the lexicon */
	set<string> langs;
	batch b;
	/* The batch committed last, while its shard commits may still run
	 * (in_flight): what it did counts as committed for b's questions. */
	batch prev;
	bool in_flight = false;
	/* "alias:<field>:<key>" of the org and person names documents had,
	 * known to be in the lexicon (entity_known()). */
	unordered_set<string> entities_known;
	/* Spelling counts of committed documents, not yet in the lexicon;
	 * spelling_marked: SPELLING_PENDING says so in the lexicon. */
	unordered_map<string, unsigned> spelling;
	bool spelling_marked = false;
	/* No document of the index is older than the counts held back, and
	 * none was replaced or deleted (a new index, before its first
	 * spelling write): they are the words' document frequencies. */
	bool spelling_whole = false;
	size_t pending_docs = 0, pending_bytes = 0;
	shim_status_t broken = SHIM_OK;	/* sticky: a shard or lexicon error */
	string err, broken_msg;

	~shim_writer()
	{
		/* Workers first: they read cmp. */
		workers.clear();
	}
};

static void set_err(char *err, size_t errlen, const string &msg)
{
	if (err && errlen) {
		strncpy(err, msg.c_str(), errlen - 1);
		err[errlen - 1] = '\0';
	}
}

/* Runs job(k) for each spelling partition k, a thread each (this one for
 * partition 0, and for any that no thread is to be had for); rethrows the
 * first error once every job has ended. */
static void per_partition(size_t parts, const function<void(size_t)> &job)
{
	vector<exception_ptr> errs(parts);
	auto run = [&job, &errs](size_t k) {
		try {
			job(k);
		} catch (...) {
			errs[k] = current_exception();
		}
	};
	vector<thread> threads;
	for (size_t k = 1; k < parts; k++) {
		try {
			threads.emplace_back(run, k);
		} catch (...) {
			run(k);
		}
	}
	run(0);
	for (thread &t : threads)
		t.join();
	for (exception_ptr &e : errs)
		if (e)
			rethrow_exception(e);
}

/* A word's change in the spelling dictionary: documents added to its
 * count (> 0), or taken off it (< 0). */
typedef pair<string, long long> spelling_change;

/*
 * Makes the changes (sorted) in the spelling partitions and commits them,
 * a thread per partition.  A partition's commit rewrites the word list of
 * every trigram its new words touch: at the end of a run the longest step
 * of all, with the shards done (measured on the bench corpus: 0.34 s of
 * 4.2 in one table; two partitions took 0.11 s off the run).
 */
static void write_spelling(shim_writer *w, const vector<spelling_change> &words)
{
	size_t parts = w->spell.size();
	vector<vector<const spelling_change *>> mine(parts);
	for (const auto &sp : words)
		mine[shard_of(sp.first, parts)].push_back(&sp);
	per_partition(parts, [w, &mine](size_t k) {
		if (mine[k].empty())
			return;
		for (const auto *sp : mine[k]) {
			if (sp->second > 0)
				w->spell[k].add_spelling(
					sp->first, (Xapian::termcount)sp->second);
			else
				w->spell[k].remove_spelling(
					sp->first, (Xapian::termcount)-sp->second);
		}
		w->spell[k].commit_transaction();
		w->spell[k].begin_transaction(true);
	});
}

/* Into out, the change that makes word's count (had) its document
 * frequency df, or takes it out below two documents. */
static void count_to(vector<spelling_change> &out, const string &word,
		     Xapian::termcount had, Xapian::doccount df)
{
	long long want = df < 2 ? 0 : (long long)df;
	if (want != (long long)had)
		out.emplace_back(word, want - (long long)had);
}

/*
 * After a run that died before shim_writer_finish(): sets the count of
 * every word of the shards in the spelling dictionary to its document
 * frequency, or takes it out when that is below two.  A merge of two
 * sorted streams (the shards' terms, the dictionary's words), so memory
 * stays flat however big the index.
 */
static void recover_spelling(shim_writer *w)
{
	Xapian::Database all, dict;
	for (Xapian::Database &v : w->views)
		all.add_database(v);
	for (size_t k = 0; k < w->spell.size(); k++)
		dict.add_database(Xapian::Database(
			shim::spelling_path(w->dir, (unsigned)k)));
	Xapian::TermIterator s = dict.spellings_begin(), se = dict.spellings_end();
	vector<spelling_change> changes;	/* in word order */
	for (Xapian::TermIterator t = all.allterms_begin(); t != all.allterms_end();
	     ++t) {
		const string &term = *t;
		if (!spelling_word(term))
			continue;
		for (; s != se && *s < term; ++s)	/* in no shard any more */
			count_to(changes, *s, s.get_termfreq(), 0);
		Xapian::termcount had = 0;
		if (s != se && *s == term) {
			had = s.get_termfreq();
			++s;
		}
		count_to(changes, term, had, t.get_termfreq());
	}
	for (; s != se; ++s)
		count_to(changes, *s, s.get_termfreq(), 0);
	write_spelling(w, changes);
	w->lex.set_metadata(SPELLING_PENDING, "");
	w->lex.commit_transaction();
	w->lex.begin_transaction(true);
}

/* Opens the shards (each in a transaction), their views and the lexicon,
 * and starts one worker per shard. */
static shim_status_t open_shards(shim_writer *w, string &msg)
{
	size_t nremote;
	vector<string> shards = shim::shard_paths(w->dir, &nremote);

	if (nremote || shards.empty() || shards.size() > SHIM_MAX_SHARDS) {
		msg = w->dir + ": this dossier writes indexes of 1 to " +
		      to_string(SHIM_MAX_SHARDS) + " local shards";
		return SHIM_NOT_INDEX;
	}
	w->lex = Xapian::WritableDatabase(shim::lexicon_path(w->dir),
					  Xapian::DB_OPEN);
	w->lex.begin_transaction(true);
	unsigned parts = shim::spelling_parts(w->lex);
	shim_status_t st = shim::check_spelling(w->dir, parts, msg);
	if (st != SHIM_OK) {
		msg = w->dir + ": " + msg;
		return st;
	}
	for (unsigned k = 0; k < parts; k++) {
		w->spell.emplace_back(shim::spelling_path(w->dir, k),
				      Xapian::DB_OPEN);
		w->spell.back().begin_transaction(true);
	}
	for (const string &path : shards) {
		Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
		db.begin_transaction(true);
		w->views.emplace_back(path);
		w->shard_paths.push_back(path);
		w->workers.emplace_back(new shard_worker(
			move(db), w->cmp, FORMS_KNOWN_MAX / shards.size()));
	}
	for (auto &wk : w->workers)
		wk->start();
	Xapian::doccount docs = 0;
	for (Xapian::Database &v : w->views)
		docs += v.get_doccount();
	w->spelling_whole = docs == 0;
	for (Xapian::WritableDatabase &part : w->spell)
		if (part.spellings_begin() != part.spellings_end())
			w->spelling_whole = false;	/* documents went, words stayed */
	if (w->lex.get_metadata(SPELLING_PENDING) == "1")
		recover_spelling(w);
	string langs = w->lex.get_metadata("langs");
	size_t i = 0;
	while (i < langs.size()) {
		size_t j = langs.find(',', i);
		if (j == string::npos)
			j = langs.size();
		if (j > i)
			w->langs.insert(langs.substr(i, j - i));
		i = j + 1;
	}
	return SHIM_OK;
}

extern "C" shim_status_t shim_writer_open(const char *dir, unsigned flags,
					  unsigned nshards,
					  shim_writer_t **out, char *err,
					  size_t errlen)
{
	string msg;
	shim_status_t st = SHIM_OK;
	shim_writer *w = nullptr;

	if (!dir || !*dir || !out) {
		set_err(err, errlen, "no index directory given");
		return SHIM_INVALID;
	}
	*out = nullptr;
	if (nshards == 0)
		nshards = 1;
	if (nshards > SHIM_MAX_SHARDS)
		nshards = SHIM_MAX_SHARDS;
	SHIM_TRY
		st = shim::check_index(dir, msg);
		if (st == SHIM_NOT_FOUND && (flags & SHIM_WRITER_CREATE))
			st = shim::create_index(dir, nshards, msg);
		if (st == SHIM_OK) {
			w = new shim_writer;
			w->dir = dir;
			st = open_shards(w, msg);
		}
	SHIM_CATCH(msg, st)
	if (st != SHIM_OK) {
		delete w;
		set_err(err, errlen, msg);
		return st;
	}
	*out = w;
	return SHIM_OK;
}

extern "C" unsigned shim_writer_shards(const shim_writer_t *w)
{
	return (unsigned)w->workers.size();
}

extern "C" const char *shim_writer_error(const shim_writer_t *w)
{
	return w ? w->err.c_str() : "no writer";
}

extern "C" void shim_writer_pending(const shim_writer_t *w, size_t *docs,
				    size_t *bytes)
{
	if (docs)
		*docs = w->pending_docs;
	if (bytes)
		*bytes = w->pending_bytes;
}

/*
 * SHIM_OK, or the sticky error of the writer (adopting a worker's first):
 * once a shard failed, nothing more of the batch can be committed.
 */
static shim_status_t check_broken(shim_writer *w)
{
	if (w->broken == SHIM_OK)
		for (auto &wk : w->workers)
			if (wk->failed()) {
				w->broken = wk->error(w->broken_msg);
				break;
			}
	if (w->broken != SHIM_OK)
		w->err = w->broken_msg;
	return w->broken;
}

/* The lexicon metadata key of a file: "F" + its XF term. */
static string file_meta_key(const string &file)
{
	return "F" + shim::file_term(file);
}

/*
 * The changes that make the counts of the words held back exact, when the
 * index holds documents older than those counts (an update, or a run past
 * its first spelling write): a word left out before, in one document of a
 * run, may now be in two, and a document replaced or deleted took its
 * words with it.  Each word's count becomes its document frequency over the
 * shards, which the caller has let commit (settle()), or nothing below two.
 * A pass over each partition's word list and a term lookup per shard and
 * word, a thread per partition: adding the bench corpus's second half to
 * its first gave the dictionary of one run over both (it had lacked 1,835
 * of 38,473 words).
 */
static void changes_over_index(shim_writer *w, vector<spelling_change> &words)
{
	/* each partition's words in order, for one pass over its list */
	size_t parts = w->spell.size();
	vector<vector<const string *>> mine(parts);
	for (const auto &sp : w->spelling)
		mine[shard_of(sp.first, parts)].push_back(&sp.first);
	vector<vector<spelling_change>> out(parts);
	per_partition(parts, [w, &mine, &out](size_t k) {
		/* a thread's own readers: the shards have committed and wait
		 * for this commit to end */
		Xapian::Database shards;
		for (const string &path : w->shard_paths)
			shards.add_database(Xapian::Database(path));
		sort(mine[k].begin(), mine[k].end(),
		     [](const string *a, const string *b) { return *a < *b; });
		Xapian::TermIterator t = w->spell[k].spellings_begin(),
				     end = w->spell[k].spellings_end();
		for (const string *word : mine[k]) {
			Xapian::termcount had = 0;
			if (t != end)
				t.skip_to(*word);
			if (t != end && *t == *word)
				had = t.get_termfreq();
			count_to(out[k], *word, had, shards.get_termfreq(*word));
		}
	});
	for (auto &o : out)
		words.insert(words.end(), make_move_iterator(o.begin()),
			     make_move_iterator(o.end()));
}

/* What a commit does with the spelling counts held back. */
enum spelling_write {
	SPELLING_HELD,		/* keeps them */
	SPELLING_WRITTEN,	/* has written them (flush_lexicon()) */
	SPELLING_SETTLE,	/* writes them once the shards have committed */
};

/* The compounds the index's documents were tokenized with, this run's
 * and every earlier run's, so that the reader also asks for the joined
 * word of a query's two ("back door": backdoor). */
static void store_compounds(shim_writer *w)
{
	const string had = w->lex.get_metadata("compounds");
	shim::compounds all;
	all.load(had);
	all.load(w->cmp.dump());
	string now = all.dump();
	if (now != had)
		w->lex.set_metadata("compounds", now);
}

/* Writes the batch's stem table entries, and the spelling counts held
 * back when final or past the bound (committing the spelling partitions)
 * if they are exact as counted; says what became of the counts.  The
 * caller commits the lexicon. */
static enum spelling_write flush_lexicon(shim_writer *w, vector<lexicon_delta> &deltas,
					 bool final)
{
	/* Sorted, the entries of one stem come together: Xapian keeps one
	 * stem's list in memory at a time. */
	vector<pair<string, string>> forms;
	for (lexicon_delta &d : deltas)
		forms.insert(forms.end(), make_move_iterator(d.forms.begin()),
			     make_move_iterator(d.forms.end()));
	sort(forms.begin(), forms.end());
	forms.erase(unique(forms.begin(), forms.end()), forms.end());
	for (const auto &f : forms)
		w->lex.add_synonym(f.first, f.second);

	string langs;
	for (const string &l : w->langs)
		langs += (langs.empty() ? "" : ",") + l;
	w->lex.set_metadata("langs", langs);
	if (!w->compounds_stored) {
		store_compounds(w);
		w->compounds_stored = true;
	}

	unordered_map<string, unsigned> &spelling = w->spelling;
	for (lexicon_delta &d : deltas)
		for (const auto &sp : d.spelling)
			spelling[sp.first] += sp.second;
	if (!final && spelling.size() < SPELLING_BUFFER)
		return SPELLING_HELD;
	if (!w->spelling_whole)
		return SPELLING_SETTLE;
	/* Words of one document only are left out: typos and junk (mail
	 * headers, base64) that "did you mean" should not offer, and half of
	 * what the table would cost (measured: a tenth of a run).  In key
	 * order Xapian's lookups of current counts are cheaper (measured: a
	 * fifth less time in add_spelling). */
	vector<spelling_change> words;
	words.reserve(spelling.size());
	for (const auto &sp : spelling)
		if (sp.second > 1)
			words.emplace_back(sp.first, sp.second);
	sort(words.begin(), words.end());
	write_spelling(w, words);
	w->spelling_whole = false;
	/* cleared only once the lexicon has committed that nothing is
	 * pending: see commit() */
	return SPELLING_WRITTEN;
}

/* Records a worker's error as the writer's (the first one wins). */
static void adopt(shim_writer *w, shim_status_t st, const string &msg)
{
	if (st != SHIM_OK && w->broken == SHIM_OK) {
		w->broken = st;
		w->broken_msg = msg;
	}
}

/*
 * Waits for the shard commits of the batch in flight, then records its
 * files' signatures and reopens the views.
 */
static void settle(shim_writer_t *w)
{
	string msg;
	if (!w->in_flight)
		return;
	for (auto &wk : w->workers)
		adopt(w, wk->wait_commit(msg), msg);
	w->in_flight = false;
	if (w->broken != SHIM_OK)
		return;
	/* Every shard has committed: the files they hold are done. */
	for (const auto &s : w->prev.signatures)
		w->lex.set_metadata(file_meta_key(s.first), s.second);
	/* the index's last change: a run that changed nothing leaves it */
	const batch &p = w->prev;
	if (!p.ids.empty() || !p.deleted.empty() || !p.signatures.empty())
		w->lex.set_metadata("last_commit", to_string((long long)time(nullptr)));
	w->lex.commit_transaction();
	w->lex.begin_transaction(true);
	for (Xapian::Database &v : w->views)
		v.reopen();
	w->prev.clear();
}

enum commit_mode { COMMIT_ASYNC, COMMIT_SYNC, COMMIT_FINAL };

static shim_status_t commit(shim_writer_t *w, enum commit_mode mode)
{
	bool final = mode == COMMIT_FINAL;
	enum spelling_write spelled = SPELLING_HELD;
	string msg;
	if (check_broken(w) != SHIM_OK)
		return w->broken;
	SHIM_TRY
		settle(w);
		if (w->broken == SHIM_OK && !w->spelling_marked && w->pending_docs) {
			/* The shards commit as soon as they hand over their
			 * counts: before that, the lexicon says that committed
			 * documents may have counts not written yet. */
			w->lex.set_metadata(SPELLING_PENDING, "1");
			w->lex.commit_transaction();
			w->lex.begin_transaction(true);
			w->spelling_marked = true;
		}
		if (w->broken == SHIM_OK) {
			for (auto &wk : w->workers) {
				job j;
				j.kind = job::COMMIT;
				wk->push(move(j), false);
			}
			vector<lexicon_delta> deltas(w->workers.size());
			for (size_t k = 0; k < w->workers.size(); k++)
				adopt(w, w->workers[k]->wait_delta(deltas[k], msg), msg);
			w->in_flight = true;
			/* While the shards commit: the lexicon tables, a superset
			 * of what they need should a shard fail. */
			if (w->broken == SHIM_OK) {
				spelled = flush_lexicon(w, deltas, final);
				bool pending = spelled != SPELLING_WRITTEN &&
					       !w->spelling.empty();
				if (pending != w->spelling_marked) {
					w->lex.set_metadata(SPELLING_PENDING, pending ? "1" : "");
					w->spelling_marked = pending;
				}
				w->lex.commit_transaction();
				w->lex.begin_transaction(true);
				if (spelled == SPELLING_WRITTEN)
					w->spelling.clear();
				/* The next batch starts while the shards commit
				 * this one (struct batch: prev). */
				swap(w->prev, w->b);
				w->b.clear();
				w->pending_docs = w->pending_bytes = 0;
			}
		}
		if (spelled == SPELLING_SETTLE) {
			/* counted over the shards with this batch in them */
			settle(w);
			if (w->broken == SHIM_OK) {
				vector<spelling_change> words;
				changes_over_index(w, words);
				sort(words.begin(), words.end());
				write_spelling(w, words);
				w->spelling_whole = false;
				w->lex.set_metadata(SPELLING_PENDING, "");
				w->spelling_marked = false;
				w->lex.commit_transaction();
				w->lex.begin_transaction(true);
				w->spelling.clear();
			}
		}
		if (mode != COMMIT_ASYNC)
			settle(w);
	SHIM_CATCH(w->broken_msg, w->broken)
	if (w->broken != SHIM_OK)
		w->err = w->broken_msg;
	return w->broken;
}

extern "C" shim_status_t shim_writer_commit(shim_writer_t *w)
{
	return commit(w, COMMIT_SYNC);
}

extern "C" shim_status_t shim_writer_commit_async(shim_writer_t *w)
{
	return commit(w, COMMIT_ASYNC);
}

extern "C" shim_status_t shim_writer_finish(shim_writer_t *w)
{
	return commit(w, COMMIT_FINAL);
}

extern "C" void shim_writer_close(shim_writer_t *w)
{
	if (!w)
		return;
	/* A commit asked for is completed; then each worker cancels its
	 * shard's batch as it stops. */
	try {
		settle(w);
	} catch (...) {
	}
	for (auto &wk : w->workers)
		wk->stop();
	discard(w->lex);
	for (Xapian::WritableDatabase &part : w->spell)
		discard(part);
	delete w;
}

extern "C" shim_status_t shim_writer_add_compound(shim_writer_t *w,
						  const char *first,
						  const char *second)
{
	shim_status_t st = SHIM_OK;
	if (!first || !second || !*first || !*second)
		return SHIM_INVALID;
	if (w->documents_put) {
		w->err = "compounds must be added before the first document";
		return SHIM_INVALID;
	}
	SHIM_TRY
		w->cmp.add(shim::key_of(first), shim::key_of(second));
	SHIM_CATCH(w->err, st)
	return st;
}

extern "C" shim_status_t shim_writer_add_alias(shim_writer_t *w,
					       enum shim_field field,
					       const char *alias,
					       const char *canonical,
					       int replace)
{
	shim_status_t st = SHIM_OK;
	const struct shim_field_info *fi = shim_field_info(field);
	if (!fi || !(fi->flags & SHIM_FIELD_ENTITY) || !alias || !canonical) {
		w->err = "aliases are for org, person and place";
		return SHIM_INVALID;
	}
	SHIM_TRY
		string a = shim::key_of(alias), c = shim::key_of(canonical);
		if (!a.empty() && !c.empty() && a.size() < 200 && c.size() < 200) {
			string key = string("alias:") + fi->name + ":" + a;
			string old = w->lex.get_metadata(key);
			if (old != c && (old.empty() || replace))
				w->lex.set_metadata(key, c);
		}
	SHIM_CATCH(w->err, st)
	return st;
}

static shim_status_t copy_out(const string &s, char *buf, size_t buflen)
{
	if (!buf || buflen <= s.size())
		return SHIM_INVALID;
	memcpy(buf, s.data(), s.size());
	buf[s.size()] = '\0';
	return SHIM_OK;
}

/*
 * Whether id is in the committed index (the batch in flight counts as
 * committed; the views are looked at in id's shard only): *file gets its
 * file key, and *live whether this batch left it there (did not delete its
 * file).
 */
static bool committed_id(shim_writer *w, const string &id, string *file,
			 bool *live)
{
	auto in_prev = w->prev.ids.find(id);
	if (in_prev != w->prev.ids.end()) {
		*file = in_prev->second;
	} else {
		Xapian::Database &v = w->views[shard_of(id, w->views.size())];
		string q = shim::id_term(id);
		Xapian::PostingIterator p = v.postlist_begin(q);
		if (p == v.postlist_end(q))
			return false;
		*file = v.get_document(*p).get_value(shim::SLOT_FILE);
		/* its file was deleted by the batch in flight */
		if (w->prev.deleted.count(*file))
			return false;
	}
	*live = !w->b.deleted.count(*file);
	return true;
}

extern "C" shim_status_t shim_writer_file_done(shim_writer_t *w,
					       const char *file,
					       const char *signature)
{
	shim_status_t st = SHIM_OK;
	if (!file || !signature || strchr(signature, '\t'))
		return SHIM_INVALID;
	SHIM_TRY
		w->b.signatures[file] = string(signature) + "\t" + file;
	SHIM_CATCH(w->err, st)
	return st;
}

extern "C" shim_status_t shim_writer_file_signature(shim_writer_t *w,
						    const char *file,
						    char *buf, size_t buflen)
{
	shim_status_t st = SHIM_OK;
	SHIM_TRY
		auto it = w->b.signatures.find(file);
		auto ip = w->prev.signatures.find(file);
		string v = it != w->b.signatures.end()	  ? it->second
			   : ip != w->prev.signatures.end() ? ip->second
			   : w->lex.get_metadata(file_meta_key(file));
		size_t tab = v.find('\t');
		if (v.empty() || tab == string::npos || v.substr(tab + 1) != file)
			st = SHIM_NOT_FOUND;
		else
			st = copy_out(v.substr(0, tab), buf, buflen);
	SHIM_CATCH(w->err, st)
	return st;
}

extern "C" shim_status_t shim_writer_id_file(shim_writer_t *w, const char *id,
					     char *buf, size_t buflen)
{
	shim_status_t st = SHIM_OK;
	SHIM_TRY
		auto it = w->b.ids.find(id);
		string f;
		bool live;
		if (it != w->b.ids.end())
			st = copy_out(it->second, buf, buflen);
		else if (committed_id(w, id, &f, &live) && live)
			st = copy_out(f, buf, buflen);
		else
			st = SHIM_NOT_FOUND;
	SHIM_CATCH(w->err, st)
	return st;
}

extern "C" shim_status_t shim_writer_delete_file(shim_writer_t *w,
						 const char *file,
						 size_t *ndeleted)
{
	shim_status_t st = SHIM_OK;
	if (!file)
		return SHIM_INVALID;
	if (check_broken(w) != SHIM_OK)
		return w->broken;
	SHIM_TRY
		string t = shim::file_term(file);
		batch &b = w->b;
		size_t committed = 0, put = 0;
		if (!b.deleted.count(file)) {
			/* the views, then what the batch in flight did */
			const batch &p = w->prev;
			if (!p.deleted.count(file)) {
				for (Xapian::Database &v : w->views)
					committed += v.get_termfreq(t);
				auto s = p.superseded.find(file);
				if (s != p.superseded.end())
					committed -= s->second;
			}
			auto pf = p.file_docs.find(file);
			if (pf != p.file_docs.end())
				committed += pf->second;
			auto s = b.superseded.find(file);
			if (s != b.superseded.end())
				committed -= s->second;
		}
		auto fd = b.file_docs.find(file);
		if (fd != b.file_docs.end())
			put = fd->second;
		/* Nothing of the file anywhere: no shard needs to look. */
		if (committed || put) {
			w->spelling_whole = false;
			for (auto &wk : w->workers) {
				job j;
				j.kind = job::DELETE_FILE;
				j.file_term = t;
				wk->push(move(j), true);
			}
		}
		if (put) {
			for (auto it = b.ids.begin(); it != b.ids.end();)
				it = it->second == file ? b.ids.erase(it) : next(it);
			b.file_docs.erase(fd);
		}
		b.deleted.insert(file);
		b.superseded.erase(file);
		b.signatures[file] = "";
		w->pending_docs += committed + put;
		if (ndeleted)
			*ndeleted = committed + put;
	SHIM_CATCH(w->err, st)
	return st;
}

extern "C" shim_status_t shim_writer_foreach_file(shim_writer_t *w,
						  int (*fn)(void *, const char *),
						  void *ctx)
{
	shim_status_t st = SHIM_OK;
	SHIM_TRY
		vector<string> files;
		for (auto k = w->lex.metadata_keys_begin("FXF");
		     k != w->lex.metadata_keys_end("FXF"); ++k) {
			string v = w->lex.get_metadata(*k);
			size_t tab = v.find('\t');
			if (tab != string::npos &&
			    !w->b.signatures.count(v.substr(tab + 1)) &&
			    !w->prev.signatures.count(v.substr(tab + 1)))
				files.push_back(v.substr(tab + 1));
		}
		for (const auto &s : w->prev.signatures)
			if (!s.second.empty() && !w->b.signatures.count(s.first))
				files.push_back(s.first);
		for (const auto &s : w->b.signatures)
			if (!s.second.empty())
				files.push_back(s.first);
		for (const string &f : files)
			if (fn(ctx, f.c_str()))
				break;
	SHIM_CATCH(w->err, st)
	return st;
}

/* ------------------------------------------------------------ documents */

extern "C" shim_status_t shim_doc_new(shim_writer_t *w, shim_doc_t **doc)
{
	shim_status_t st = SHIM_OK;
	*doc = nullptr;
	SHIM_TRY
		shim_doc *d = new shim_doc;
		d->w = w;
		*doc = d;
	SHIM_CATCH(w->err, st)
	return st;
}

extern "C" void shim_doc_free(shim_doc_t *doc)
{
	delete doc;
}

extern "C" shim_status_t shim_doc_add_text(shim_doc_t *d, enum shim_field field,
					   const char *text, size_t len,
					   const char *lang)
{
	shim_status_t st = SHIM_OK;
	if (field != SHIM_FIELD_BODY && field != SHIM_FIELD_TITLE) {
		d->w->err = "add_text takes body or title";
		return SHIM_INVALID;
	}
	if (!text)
		return SHIM_OK;
	SHIM_TRY
		if (lang)
			d->f.lang = shim::lang_code(lang);
		d->f.texts.emplace_back(field, string(text, len));
		d->f.bytes += len;
	SHIM_CATCH(d->w->err, st)
	return st;
}

/*
 * Makes sure an org or person name a document has resolves through the
 * alias table to itself (unless the table already says otherwise), so
 * the query side resolves a plain word with lexicon lookups alone, never
 * a term lookup in every shard.
 */
static void entity_known(shim_writer *w, const struct shim_field_info *fi,
			 const string &key)
{
	string k = string("alias:") + fi->name + ":" + key;
	if (w->entities_known.count(k))
		return;
	if (w->entities_known.size() >= ENTITIES_KNOWN_MAX)
		w->entities_known.clear();
	if (w->lex.get_metadata(k).empty())
		w->lex.set_metadata(k, key);
	w->entities_known.insert(move(k));
}

extern "C" shim_status_t shim_doc_add_value(shim_doc_t *d, enum shim_field field,
					    const char *value, unsigned count)
{
	shim_status_t st = SHIM_OK;
	const struct shim_field_info *fi = shim_field_info(field);
	if (!fi || (fi->flags & SHIM_FIELD_FREE_TEXT) || field == SHIM_FIELD_ID ||
	    field == SHIM_FIELD_DATE || field == SHIM_FIELD_YEAR || !value) {
		d->w->err = "add_value takes org, person, place, source, author or lang";
		return SHIM_INVALID;
	}
	SHIM_TRY
		string key = field == SHIM_FIELD_LANG ? shim::lang_code(value)
						      : shim::key_of(value);
		if (!key.empty() && key.size() < shim::MAX_TERM - 4) {
			d->f.terms.emplace_back(fi->prefix + key, count ? count : 1);
			if (field == SHIM_FIELD_LANG)
				d->f.lang = key;
			if (field == SHIM_FIELD_ORG || field == SHIM_FIELD_PERSON)
				entity_known(d->w, fi, key);
			d->f.facets[field].push_back(value);
		}
	SHIM_CATCH(d->w->err, st)
	return st;
}

extern "C" shim_status_t shim_doc_set_date(shim_doc_t *d, int y, int m, int day)
{
	shim_status_t st = SHIM_OK;
	if (y < 1000 || y > 9999 || m < 0 || m > 12 || day < 0 || day > 31)
		return SHIM_INVALID;
	SHIM_TRY
		char buf[16];
		snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, day);
		d->f.values.emplace_back(shim::SLOT_DATE, buf);
		d->f.values.emplace_back(shim::SLOT_HASDATE, "1");
		snprintf(buf, sizeof buf, "%04d", y);
		d->f.values.emplace_back(shim::SLOT_YEAR, buf);
		d->f.boolean_terms.push_back(string("Y") + buf);
	SHIM_CATCH(d->w->err, st)
	return st;
}

extern "C" shim_status_t shim_doc_set_time(shim_doc_t *d, int h, int m, int s)
{
	shim_status_t st = SHIM_OK;
	if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60)
		return SHIM_INVALID;
	SHIM_TRY
		char buf[16];
		snprintf(buf, sizeof buf, "%02d%02d%02d", h, m, s);
		d->f.values.emplace_back(shim::SLOT_TIME, buf);
	SHIM_CATCH(d->w->err, st)
	return st;
}

extern "C" shim_status_t shim_doc_set_file(shim_doc_t *d, const char *key)
{
	shim_status_t st = SHIM_OK;
	if (!key)
		return SHIM_INVALID;
	SHIM_TRY
		d->f.boolean_terms.push_back(shim::file_term(key));
		d->f.values.emplace_back(shim::SLOT_FILE, key);
		d->f.file = key;
	SHIM_CATCH(d->w->err, st)
	return st;
}

extern "C" shim_status_t shim_doc_set_meta(shim_doc_t *d, const char *meta,
					   size_t len)
{
	shim_status_t st = SHIM_OK;
	SHIM_TRY
		d->f.values.emplace_back(shim::SLOT_META, string(meta, len));
	SHIM_CATCH(d->w->err, st)
	return st;
}

extern "C" shim_status_t shim_doc_set_data(shim_doc_t *d, const char *data,
					   size_t len)
{
	shim_status_t st = SHIM_OK;
	SHIM_TRY
		string packed;
		if (!shim::pack_data(data, len, packed)) {
			d->w->err = "stored data too big to compress";
			return SHIM_TOO_BIG;
		}
		d->f.data_bytes = packed.size();
		d->f.values.emplace_back(shim::SLOT_TEXT, std::move(packed));
	SHIM_CATCH(d->w->err, st)
	return st;
}

extern "C" shim_status_t shim_writer_put(shim_writer_t *w, shim_doc_t *d,
					 const char *id, int *replaced)
{
	shim_status_t st = SHIM_OK;
	if (!id || !*id) {
		w->err = "a document needs an id";
		return SHIM_INVALID;
	}
	if (check_broken(w) != SHIM_OK)
		return w->broken;
	SHIM_TRY
		batch &b = w->b;
		string file = d->f.file, old_file;
		bool live = false;
		auto in_batch = b.ids.find(id);
		bool committed = in_batch == b.ids.end() &&
				 committed_id(w, id, &old_file, &live);
		bool had = in_batch != b.ids.end() || (committed && live);

		job j;
		j.kind = job::DOC;
		j.id = id;
		/* The shard replaces only when the id may be there: a
		 * committed document of a deleted file is gone by then, but
		 * replacing is right either way. */
		j.replace = in_batch != b.ids.end() || committed;
		if (j.replace)	/* counts held back may be of its old self */
			w->spelling_whole = false;
		j.bytes = d->f.bytes + d->f.data_bytes;
		size_t bytes = d->f.bytes;
		w->langs.insert(d->f.lang);
		j.doc = move(d->f);
		d->f = doc_fields();
		w->documents_put = true;
		w->workers[shard_of(id, w->workers.size())]->push(move(j), true);

		if (in_batch != b.ids.end()) {
			b.file_docs[in_batch->second]--;
			in_batch->second = file;
		} else {
			b.ids.emplace(id, file);
			if (committed && live)
				b.superseded[old_file]++;
		}
		b.file_docs[file]++;
		w->pending_docs++;
		w->pending_bytes += bytes;
		if (replaced)
			*replaced = had;
	SHIM_CATCH(w->err, st)
	return st;
}
