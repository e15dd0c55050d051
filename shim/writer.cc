/*
 * writer.cc - building and updating an index.
 *
 * States (after SQLite's pager): closed -> open (lock held) -> in batch
 * (documents pending) -> committed (nothing pending) -> ... -> closed.
 * Every document is whole when added; shim_writer_commit() makes a batch
 * durable in the shard first, then the lexicon, so a crash between the two
 * leaves at worst lexicon entries missing for words that a re-run of the
 * same batch restores (the indexer re-reads files whose documents are not
 * committed).  Lexicon entries only ever grow: a superset is harmless.
 */
#include <ctime>
#include <cstring>
#include <set>
#include <unordered_set>

#include "internal.h"
#include "layout.h"

using namespace std;

struct shim_writer {
	string dir;
	Xapian::WritableDatabase db;	/* the shard */
	Xapian::WritableDatabase lex;	/* the lexicon */
	shim::compounds cmp;
	shim::stemmers stems;
	/* "lang:form" already recorded in the stem table by this process. */
	unordered_set<string> forms_known;
	unordered_set<string> forms_pending;
	unordered_map<string, unsigned> spelling_pending;
	set<string> langs;
	size_t pending_docs = 0, pending_bytes = 0;
	bool in_batch = false;	/* a Xapian transaction holds the batch */
	string err;
};

struct shim_doc {
	shim_writer *w;
	Xapian::Document doc;
	Xapian::termpos pos = 1;
	string lang = "en";
	vector<string> values[SHIM_NFIELDS];
	unordered_set<string> forms;
	size_t bytes = 0;
};

static const size_t FORMS_KNOWN_MAX = 2000000;

static void set_err(char *err, size_t errlen, const string &msg)
{
	if (err && errlen) {
		strncpy(err, msg.c_str(), errlen - 1);
		err[errlen - 1] = '\0';
	}
}

extern "C" shim_status_t shim_writer_open(const char *dir, unsigned flags,
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
	SHIM_TRY
		st = shim::check_index(dir, msg);
		if (st == SHIM_NOT_FOUND && (flags & SHIM_WRITER_CREATE))
			st = shim::create_index(dir, msg);
		if (st == SHIM_OK) {
			w = new shim_writer;
			w->dir = dir;
			vector<string> shards = shim::shard_paths(dir);
			if (shards.size() != 1) {
				msg = string(dir) + ": this dossier writes indexes of one local shard";
				st = SHIM_NOT_INDEX;
			} else {
				w->db = Xapian::WritableDatabase(shards[0], Xapian::DB_OPEN);
				w->db.begin_transaction(true);
				w->in_batch = true;
				w->lex = Xapian::WritableDatabase(shim::lexicon_path(dir),
								  Xapian::DB_OPEN);
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
			}
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

/* Moves the batch's new word forms and spellings into the lexicon. */
static void flush_lexicon(shim_writer *w)
{
	for (const string &lf : w->forms_pending) {
		size_t colon = lf.find(':');
		string lang = lf.substr(0, colon), form = lf.substr(colon + 1);
		string stem = w->stems.get(lang)(form);
		w->lex.add_synonym("Z" + lang + ":" + stem, form);
		if (w->forms_known.size() >= FORMS_KNOWN_MAX)
			w->forms_known.clear();
		w->forms_known.insert(lf);
	}
	w->forms_pending.clear();
	for (const auto &sp : w->spelling_pending)
		w->lex.add_spelling(sp.first, sp.second);
	w->spelling_pending.clear();
	string langs;
	for (const string &l : w->langs)
		langs += (langs.empty() ? "" : ",") + l;
	w->lex.set_metadata("langs", langs);
	w->lex.set_metadata("last_commit", to_string((long long)time(nullptr)));
}

extern "C" shim_status_t shim_writer_commit(shim_writer_t *w)
{
	shim_status_t st = SHIM_OK;
	SHIM_TRY
		flush_lexicon(w);
		if (w->in_batch) {
			w->in_batch = false;
			w->db.commit_transaction();
		} else {
			w->db.commit();
		}
		w->lex.commit();
		w->db.begin_transaction(true);
		w->in_batch = true;
		w->pending_docs = w->pending_bytes = 0;
	SHIM_CATCH(w->err, st)
	return st;
}

extern "C" void shim_writer_close(shim_writer_t *w)
{
	if (!w)
		return;
	try {
		/* Xapian commits on close; dossier's contract is that only
		 * shim_writer_commit() commits, so drop what is pending. */
		if (w->in_batch)
			w->db.cancel_transaction();
	} catch (...) {
	}
	try {
		w->db.close();
		w->lex.close();
	} catch (...) {
	}
	delete w;
}

extern "C" shim_status_t shim_writer_add_compound(shim_writer_t *w,
						  const char *first,
						  const char *second)
{
	shim_status_t st = SHIM_OK;
	if (!first || !second || !*first || !*second)
		return SHIM_INVALID;
	SHIM_TRY
		w->cmp.second_of[shim::key_of(first)].push_back(shim::key_of(second));
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

static string first_doc_value(Xapian::Database &db, const string &term,
			      Xapian::valueno slot, bool *found)
{
	Xapian::PostingIterator p = db.postlist_begin(term);
	*found = p != db.postlist_end(term);
	if (!*found)
		return string();
	return db.get_document(*p).get_value(slot);
}

static shim_status_t copy_out(const string &s, char *buf, size_t buflen)
{
	if (!buf || buflen <= s.size())
		return SHIM_INVALID;
	memcpy(buf, s.data(), s.size());
	buf[s.size()] = '\0';
	return SHIM_OK;
}

/* Shard metadata "F" + file term -> signature TAB file key. */
static string file_meta_key(const string &file)
{
	return "F" + shim::file_term(file);
}

extern "C" shim_status_t shim_writer_file_done(shim_writer_t *w,
					       const char *file,
					       const char *signature)
{
	shim_status_t st = SHIM_OK;
	if (!file || !signature || strchr(signature, '\t'))
		return SHIM_INVALID;
	SHIM_TRY
		w->db.set_metadata(file_meta_key(file),
				   string(signature) + "\t" + file);
	SHIM_CATCH(w->err, st)
	return st;
}

extern "C" shim_status_t shim_writer_file_signature(shim_writer_t *w,
						    const char *file,
						    char *buf, size_t buflen)
{
	shim_status_t st = SHIM_OK;
	SHIM_TRY
		string v = w->db.get_metadata(file_meta_key(file));
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
		bool found;
		string f = first_doc_value(w->db, shim::id_term(id),
					   shim::SLOT_FILE, &found);
		st = found ? copy_out(f, buf, buflen) : SHIM_NOT_FOUND;
	SHIM_CATCH(w->err, st)
	return st;
}

extern "C" shim_status_t shim_writer_delete_file(shim_writer_t *w,
						 const char *file,
						 size_t *ndeleted)
{
	shim_status_t st = SHIM_OK;
	SHIM_TRY
		string t = shim::file_term(file);
		size_t n = w->db.get_termfreq(t);
		if (n)
			w->db.delete_document(t);
		w->db.set_metadata(file_meta_key(file), "");
		w->pending_docs += n;
		if (ndeleted)
			*ndeleted = n;
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
		for (auto k = w->db.metadata_keys_begin("FXF");
		     k != w->db.metadata_keys_end("FXF"); ++k) {
			string v = w->db.get_metadata(*k);
			size_t tab = v.find('\t');
			if (tab != string::npos)
				files.push_back(v.substr(tab + 1));
		}
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

static bool stemmable(const string &w)
{
	if (w.size() < 2)
		return false;
	for (unsigned char c : w)
		if (c >= '0' && c <= '9')
			return false;
	return true;
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
			d->lang = shim::lang_code(lang);
		bool title = field == SHIM_FIELD_TITLE;
		d->pos = shim::tokenize(text, len, d->pos, &d->w->cmp,
			[d, title](const string &word, Xapian::termpos p) {
				d->doc.add_posting(word, p);
				if (title)
					d->doc.add_posting("S" + word, p);
				if (stemmable(word))
					d->forms.insert(word);
			}) + 10;	/* no phrase spans two fields */
		d->bytes += len;
	SHIM_CATCH(d->w->err, st)
	return st;
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
			d->doc.add_term(fi->prefix + key, count ? count : 1);
			if (field == SHIM_FIELD_LANG)
				d->lang = key;
			d->values[field].push_back(value);
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
		d->doc.add_value(shim::SLOT_DATE, buf);
		d->doc.add_value(shim::SLOT_HASDATE, "1");
		snprintf(buf, sizeof buf, "%04d", y);
		d->doc.add_value(shim::SLOT_YEAR, buf);
		d->doc.add_boolean_term(string("Y") + buf);
	SHIM_CATCH(d->w->err, st)
	return st;
}

extern "C" shim_status_t shim_doc_set_file(shim_doc_t *d, const char *key)
{
	shim_status_t st = SHIM_OK;
	if (!key)
		return SHIM_INVALID;
	SHIM_TRY
		d->doc.add_boolean_term(shim::file_term(key));
		d->doc.add_value(shim::SLOT_FILE, key);
	SHIM_CATCH(d->w->err, st)
	return st;
}

extern "C" shim_status_t shim_doc_set_meta(shim_doc_t *d, const char *meta,
					   size_t len)
{
	shim_status_t st = SHIM_OK;
	SHIM_TRY
		d->doc.add_value(shim::SLOT_META, string(meta, len));
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
		d->doc.add_value(shim::SLOT_TEXT, packed);
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
	SHIM_TRY
		static const enum shim_field facets[] = {
			SHIM_FIELD_ORG, SHIM_FIELD_PERSON, SHIM_FIELD_PLACE,
			SHIM_FIELD_SOURCE };
		for (enum shim_field f : facets) {
			const vector<string> &v = d->values[f];
			if (v.empty())
				continue;
			string joined;
			for (size_t i = 0; i < v.size(); i++) {
				if (i)
					joined += shim::FACET_SEP;
				joined += v[i];
			}
			d->doc.add_value(shim_field_info(f)->slot, joined);
		}
		string q = shim::id_term(id);
		d->doc.add_boolean_term(q);
		d->doc.add_value(shim::SLOT_ID, id);
		/* replace_document() by term costs a postlist walk even when no
		 * document has the term; most ids are new. */
		bool had = w->db.term_exists(q);
		if (had)
			w->db.replace_document(q, d->doc);
		else
			w->db.add_document(d->doc);
		for (const string &f : d->forms) {
			string lf = d->lang + ":" + f;
			if (!w->forms_known.count(lf))
				w->forms_pending.insert(lf);
			/* The spelling dictionary counts documents, not words. */
			if (f.size() >= 3 && f.size() <= 24)
				w->spelling_pending[f]++;
		}
		w->langs.insert(d->lang);
		w->pending_docs++;
		w->pending_bytes += d->bytes;
		if (replaced)
			*replaced = had;
	SHIM_CATCH(w->err, st)
	return st;
}
