/*
 * reader.cc - opening an index read-only and answering queries.
 *
 * The searcher's parser hands over a tree of struct shim_qnode; this file
 * turns it into a Xapian::Query using the lexicon (stem -> forms, aliases),
 * so every table the query side reads is local to the front end even when
 * shards are remote.  Only stock Xapian classes take part in the match
 * (ValueCountMatchSpy for facets, MultiValueKeyMaker for date order).
 *
 * How one plain word w is matched (DESIGN: "exact forms and fields weigh
 * more, never filter"):
 *   AND_MAYBE( SYNONYM(every form of stem(w)),  w,  SYNONYM(S + forms) )
 *   OR  the entity terms w names (org:/person: aliases), if any.
 * The stem table lists the forms that occur in titles ("S" + form) beside
 * the body forms, so the title leg asks only for those; and a word with
 * one form scores its exact leg by doubling the weight of its one term, not
 * by opening it twice: every leaf is opened in every shard.
 */
#include <dirent.h>
#include <sys/stat.h>
#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <memory>
#include <set>

#include <unistr.h>

#include "internal.h"
#include "layout.h"

using namespace std;

/* Lexicon answers a long-running reader (--stdio, an editor, the CGI)
 * asks again and again: a word's forms, an alias.  Cleared at reopen; at
 * most CACHE_MAX of each (then cleared), so memory stays bounded. */
const size_t CACHE_MAX = 8192;
struct word_forms {
	set<string> body, title;
};

struct shim_reader {
	string dir;
	Xapian::Database db;
	Xapian::Database lex;
	/* The spelling partitions as one, opened on the first question:
	 * only an empty answer asks, and a process that answers one query
	 * (a shell, the CGI) pays for opening them otherwise. */
	Xapian::Database spell;
	unsigned spell_parts = 0;
	bool spell_open = false;
	shim::stemmers stems;
	vector<string> langs;
	shim::compounds cmp;	/* those the documents were tokenized with */
	unordered_map<string, word_forms> forms_cache;
	unordered_map<string, string> meta_cache;	/* lexicon metadata */
	unsigned shards = 0;
	string ident;	/* identity() of the index opened */
	bool gone = false;	/* deleted since: answer nothing from it */
	string err;
};

/* Which index dir holds: its DOSSIER marker, written once when the index
 * is made.  Another marker is another index (deleted and built again),
 * which reopen() cannot follow; "" when there is none. */
static string identity(const string &dir)
{
	struct stat st;
	if (stat(shim::marker_path(dir).c_str(), &st) != 0)
		return "";
	return to_string(st.st_dev) + ":" + to_string(st.st_ino) + ":" +
	       to_string(st.st_mtim.tv_sec) + "." + to_string(st.st_mtim.tv_nsec);
}

struct facet_list {
	vector<pair<string, size_t>> v;
};

struct shim_results {
	shim_reader *r;
	Xapian::Enquire enq;
	Xapian::MSet mset;
	vector<string> ids, meta;	/* meta: SLOT_META as stored */
	vector<shim_meta> metas;	/* unpacked, pointing into meta */
	vector<Xapian::Document> docs;
	vector<string> packed;		/* SLOT_TEXT, read on first use */
	vector<string> data;		/* a prefix of it unpacked, or all */
	vector<bool> have_packed, data_whole;
	set<string> entity_terms;	/* the query's entity terms */
	/* for each of those asked about: which hits have it */
	map<string, vector<bool>> entity_hits;
	vector<Xapian::docid> docids;
	vector<string> words;
	vector<unsigned> groups;	/* of each of words */
	vector<const char *> word_ptrs;
	shim::highlights hl;		/* for snippets */
	facet_list facets[SHIM_NFIELDS];
	explicit shim_results(shim_reader *rd) : r(rd), enq(rd->db) {}
	~shim_results()
	{
		for (shim_meta &m : metas)
			shim_meta_clear(&m);
	}
};

static void set_err(char *err, size_t errlen, const string &msg)
{
	if (err && errlen) {
		strncpy(err, msg.c_str(), errlen - 1);
		err[errlen - 1] = '\0';
	}
}

static vector<string> split(const string &s, char sep)
{
	vector<string> v;
	size_t i = 0;
	while (i <= s.size() && !s.empty()) {
		size_t j = s.find(sep, i);
		if (j == string::npos)
			j = s.size();
		if (j > i)
			v.push_back(s.substr(i, j - i));
		i = j + 1;
	}
	return v;
}

/* Opens the index at dir into r: SHIM_OK, or a status and msg. */
static shim_status_t open_into(shim_reader &r, const string &dir, string &msg)
{
	shim_status_t st = SHIM_OK;
	SHIM_TRY
		r.ident = identity(dir);
		st = shim::check_index(dir, msg);
		if (st == SHIM_OK) {
			r.dir = dir;
			r.db = Xapian::Database(shim::stub_path(dir));
			r.lex = Xapian::Database(shim::lexicon_path(dir));
			r.spell_parts = shim::spelling_parts(r.lex);
			st = shim::check_spelling(dir, r.spell_parts, msg);
			r.langs = split(r.lex.get_metadata("langs"), ',');
			if (r.langs.empty())
				r.langs.push_back("en");
			r.cmp.load(r.lex.get_metadata("compounds"));
			r.shards = (unsigned)shim::shard_paths(dir).size();
		}
	SHIM_CATCH(msg, st)
	return st;
}

/* How many times an open that met a commit is tried. */
const int OPEN_TRIES = 5;

extern "C" shim_status_t shim_reader_open(const char *dir, shim_reader_t **out,
					  char *err, size_t errlen)
{
	string msg;
	shim_status_t st = SHIM_OK;
	shim_reader *r = nullptr;
	if (!dir || !*dir || !out) {
		set_err(err, errlen, "no index directory given");
		return SHIM_INVALID;
	}
	*out = nullptr;
	r = new (std::nothrow) shim_reader;
	/* A writer that commits twice while the tables open overwrites the
	 * revision they were reading (DatabaseModifiedError): the latest is
	 * there to open again. */
	for (int tries = 1; r; tries++) {
		st = open_into(*r, dir, msg);
		if (st != SHIM_RETRY || tries == OPEN_TRIES)
			break;
		*r = shim_reader();
	}
	if (!r)
		st = SHIM_NOMEM;
	if (st != SHIM_OK) {
		if (!r)
			msg = "out of memory";
		if (st == SHIM_CORRUPT || st == SHIM_IO)
			msg = string(dir) + ": " + msg;
		delete r;
		set_err(err, errlen, msg);
		return st;
	}
	*out = r;
	return SHIM_OK;
}

extern "C" const char *shim_reader_error(const shim_reader_t *r)
{
	return r ? r->err.c_str() : "no reader";
}

extern "C" shim_status_t shim_reader_reopen(shim_reader_t *r)
{
	shim_status_t st = SHIM_OK;
	string now = identity(r->dir);
	if (now != r->ident || r->gone) {
		/* Deleted, or built again (or back after it was gone): the
		 * open handles read files that may be gone.  The index there
		 * is opened afresh; until one is, searches fail rather than
		 * answer from the old. */
		shim_reader fresh;
		string msg;
		if (now.empty() || (st = open_into(fresh, r->dir, msg)) != SHIM_OK) {
			r->gone = true;
			r->err = msg.empty() ? "no index at " + r->dir + " (deleted while open)"
					     : msg;
			return now.empty() ? SHIM_NOT_FOUND : st;
		}
		*r = std::move(fresh);
		return SHIM_OK;
	}
	SHIM_TRY
		r->db.reopen();
		if (r->spell_open)
			r->spell.reopen();
		/* false: the lexicon certainly did not change */
		if (r->lex.reopen()) {
			r->forms_cache.clear();
			r->meta_cache.clear();
			r->cmp = shim::compounds();
			r->cmp.load(r->lex.get_metadata("compounds"));
		}
		r->langs = split(r->lex.get_metadata("langs"), ',');
		if (r->langs.empty())
			r->langs.push_back("en");
	SHIM_CATCH(r->err, st)
	return st;
}

extern "C" void shim_reader_close(shim_reader_t *r)
{
	delete r;
}

/* ---------------------------------------------------------- the query */

/* A word of a query's text and its position. */
struct token {
	string w;
	Xapian::termpos pos;
};

/* The words of a query's text, as the tokenizer reads them, less the
 * unaccented twin it adds to a word with accents: a query word finds
 * both spellings by itself (builder::matching_forms()). */
static vector<token> query_tokens(const char *text)
{
	vector<token> t;
	shim::tokenize(text, strlen(text), 1, nullptr,
		       [&t](const string &w, Xapian::termpos p, size_t, size_t) {
			       for (size_t k = t.size(); k-- > 0 && t[k].pos == p;)
				       if (shim::unaccented_word(t[k].w) == w)
					       return;
			       t.push_back({ w, p });
		       });
	return t;
}

namespace {

struct bad_query {
	string msg;
	size_t pos;
};

/* The wildcard at pos expands to more than wildcard_max terms. */
struct too_many {
	size_t pos;
};

struct builder {
	shim_reader *r;
	size_t wildcard_max;
	vector<string> &words;	/* positive words, for locating matches */
	vector<unsigned> &groups;	/* the query word each stands for */
	set<string> &entity_terms;	/* for marking matched entities */
	shim::highlights &hl;
	set<string> seen_words;
	size_t wildcard_pos = SIZE_MAX;
	const shim_qnode *dropped = nullptr;	/* the first text of no words */
	bool negated = false;	/* building what NOT or '-' takes away */
	/* The words noted from now on stand for one word of the query (its
	 * forms, a phrase, an entity's names): a snippet is best where it
	 * shows most of them. */
	unsigned group = 0, groups_used = 0;
	void new_group() { group = groups_used++; }

	/* A word the query asks for: where a hit's first match is looked
	 * for, and (alone, not in a phrase) what its snippet highlights. */
	void note_word(const string &w, bool positive, bool alone = true)
	{
		if (!positive)
			return;
		if (seen_words.insert(w).second) {
			words.push_back(w);
			groups.push_back(group);
		}
		if (alone)
			hl.words.insert(w);
	}

	/* Words in order to highlight where they stand so (a phrase, the
	 * parts of "back-door", an entity's name). */
	void note_phrase(const vector<string> &p, bool positive)
	{
		if (!positive || p.empty() || hl.phrases.size() >= 64)
			return;
		hl.phrases.push_back(p);
		/* where a first match is looked for: the words in order,
		 * anything not a word between them (hit.c) */
		string joined;
		for (const string &w : p)
			joined += (joined.empty() ? "" : " ") + w;
		note_word(joined, positive, false);
	}

	void note_name(const string &text, bool positive)
	{
		vector<string> p;
		for (const token &t : query_tokens(text.c_str()))
			p.push_back(t.w);
		note_phrase(p, positive);
	}

	/* The indexed forms of w's stem in every language: body words (w
	 * itself always) and the title terms ("S" + form) that exist. */
	void forms(const string &w, set<string> &body, set<string> &title)
	{
		auto c = r->forms_cache.find(w);
		if (c != r->forms_cache.end()) {
			body = c->second.body;
			title = c->second.title;
			return;
		}
		body.insert(w);
		for (const string &lang : r->langs) {
			string key = "Z" + lang + ":" + r->stems.get(lang)(w);
			for (auto s = r->lex.synonyms_begin(key);
			     s != r->lex.synonyms_end(key); ++s)
				((*s)[0] == 'S' ? title : body).insert(*s);
		}
		if (r->forms_cache.size() >= CACHE_MAX)
			r->forms_cache.clear();
		r->forms_cache[w] = word_forms{ body, title };
	}

	/* The lexicon's metadata under key, through the reader's cache. */
	const string &lex_meta(const string &key)
	{
		auto c = r->meta_cache.find(key);
		if (c != r->meta_cache.end())
			return c->second;
		if (r->meta_cache.size() >= CACHE_MAX)
			r->meta_cache.clear();
		return r->meta_cache[key] = r->lex.get_metadata(key);
	}

	static Xapian::Query synonym(const set<string> &f)
	{
		vector<Xapian::Query> v(f.begin(), f.end());
		if (v.size() == 1)
			return v[0];
		return Xapian::Query(Xapian::Query::OP_SYNONYM, v.begin(), v.end());
	}

	/* Entity terms a plain word or phrase names ("NCSC", "Guo Ping"),
	 * their canonical names noted as value() notes them: an article
	 * that writes only "National Cyber Security Centre" is found by
	 * NCSC and shows (and points at) where it says so. */
	vector<Xapian::Query> entity_queries(const string &text, bool positive)
	{
		vector<Xapian::Query> v;
		string key = shim::key_of(text);
		if (key.empty())
			return v;
		for (enum shim_field f : { SHIM_FIELD_ORG, SHIM_FIELD_PERSON }) {
			const struct shim_field_info *fi = shim_field_info(f);
			/* the writer maps every org and person name to
			 * itself (entity_known() in writer.cc) */
			string canon = lex_meta(string("alias:") + fi->name + ":" + key);
			if (!canon.empty()) {
				v.emplace_back(fi->prefix + canon);
				entity_terms.insert(fi->prefix + canon);
				note_name(canon, positive);
			}
		}
		return v;
	}

	/* The indexed forms of w that a word of the body (or title) matches,
	 * its title forms in *tf; the body forms noted for snippets, w's own
	 * term in *exact. */
	set<string> matching_forms(const string &w, bool title, bool positive,
				   set<string> *tf, string *exact)
	{
		set<string> body;
		forms(w, body, *tf);
		/* "sécurité" also as securite: what an article wrote without
		 * accents, and the twin of every accented form */
		string bare = shim::unaccented_word(w);
		if (!bare.empty()) {
			set<string> b, t;
			forms(bare, b, t);
			body.insert(b.begin(), b.end());
			tf->insert(t.begin(), t.end());
		}
		for (const string &x : body)
			note_word(x, positive);
		*exact = (title ? "S" : "") + w;
		return title ? *tf : body;
	}

	Xapian::Query word(const string &w, bool title, bool positive)
	{
		set<string> tf;
		string exact;
		const set<string> match = matching_forms(w, title, positive, &tf, &exact);
		if (match.empty())	/* in no title: matches nothing */
			return Xapian::Query(exact);
		/*
		 * A word NOT takes away only matches, so it has no legs that
		 * only weigh.  And it must not: Xapian 1.4.22's AndMaybePostList
		 * leaves its maxweights unset until recalc_maxweight(), which
		 * AndNotPostList never calls on its right side; there an
		 * AND_MAYBE compares w_min with garbage, may turn itself into
		 * an AND and match too little, and NOT took away too little
		 * (as heap contents had it: "a XOR b" was "a OR b" under ASan).
		 */
		if (!positive)
			return synonym(match);
		vector<Xapian::Query> v;
		if (match.size() == 1 && match.count(exact))
			/* what "w AND_MAYBE w" would score, from one postlist */
			v.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
				       Xapian::Query(exact), 2.0);
		else
			v.push_back(synonym(match));
		if (match.size() > 1 && match.count(exact))
			v.emplace_back(exact);
		if (!title && !tf.empty())
			v.push_back(synonym(tf));
		if (v.size() == 1)
			return v[0];
		return Xapian::Query(Xapian::Query::OP_AND_MAYBE, v.begin(), v.end());
	}

	/* A word of NEAR or ADJ: every form of it, as a plain word matches
	 * ("encryption NEAR key" at "encryption keys"); *stemmed: it has
	 * forms other than itself. */
	Xapian::Query near_word(const string &w, bool title, bool positive,
				bool *stemmed)
	{
		set<string> tf;
		string exact;
		const set<string> match = matching_forms(w, title, positive, &tf, &exact);
		if (match.size() > 1 || (match.size() == 1 && !match.count(exact)))
			*stemmed = true;
		if (match.empty())
			return Xapian::Query(exact);
		/* OP_OR: Xapian 1.4's NEAR and PHRASE read the positions
		 * of an OR of terms, not those of a SYNONYM */
		vector<Xapian::Query> v(match.begin(), match.end());
		return Xapian::Query(Xapian::Query::OP_OR, v.begin(), v.end());
	}

	/* Are kids i and i + 1 of AND or OR node n the two words of a known
	 * compound, in the order typed, in the same text field ("back door",
	 * title:back title:door)?  Its joined word in *joined. */
	bool joinable(const shim_qnode *n, size_t i, string *joined)
	{
		if ((n->op != SHIM_Q_AND && n->op != SHIM_Q_OR) || i + 1 >= n->nkids)
			return false;
		const shim_qnode *a = n->kids[i], *b = n->kids[i + 1];
		if (!a || !b || a->op != SHIM_Q_WORD || b->op != SHIM_Q_WORD ||
		    a->field != b->field || b->pos <= a->pos ||
		    (a->field >= 0 && a->field != SHIM_FIELD_TITLE &&
		     a->field != SHIM_FIELD_BODY))
			return false;
		string at = a->text ? a->text : "", bt = b->text ? b->text : "";
		/* "back, door", "back. door": punctuation parts them */
		auto wordy = [](unsigned char c) { return isalnum(c) || c >= 0x80; };
		if (at.empty() || bt.empty() || !wordy(at.back()) || !wordy(bt[0]))
			return false;
		vector<token> ta = query_tokens(at.c_str());
		vector<token> tb = query_tokens(bt.c_str());
		if (ta.size() != 1 || tb.size() != 1 || !r->cmp.joins(ta[0].w, tb[0].w))
			return false;
		*joined = ta[0].w + tb[0].w;
		return true;
	}

	/* The compound of kids i, i + 1 of n written apart, as the index has
	 * it: both words (AND: together), or the joined word, which an
	 * article that writes "backdoor" has alone.  Under NOT too, so that
	 * "huawei NOT (back door)" takes away what "back door" finds. */
	Xapian::Query written_apart(const shim_qnode *n, size_t i,
				    const string &joined, bool positive, int depth)
	{
		Xapian::Query a = build(n->kids[i], positive, depth + 1);
		Xapian::Query b = build(n->kids[i + 1], positive, depth + 1);
		new_group();
		Xapian::Query j = word(joined, n->kids[i]->field == SHIM_FIELD_TITLE,
				       positive);
		if (n->op == SHIM_Q_OR) {
			const Xapian::Query v[] = { a, b, j };
			return Xapian::Query(Xapian::Query::OP_OR, v, v + 3);
		}
		/* half weight: an article that writes "back door" has the
		 * joined word too, and is not worth twice one writing
		 * "backdoor" */
		return Xapian::Query(Xapian::Query::OP_OR, j,
				     Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
						   Xapian::Query(Xapian::Query::OP_AND, a, b), 0.5));
	}

	/* Free text in the body or title: one word, a hyphenated word or a
	 * phrase. */
	Xapian::Query text(const shim_qnode *n, bool title, bool positive,
			   bool phrase)
	{
		vector<token> t = query_tokens(n->text ? n->text : "");
		new_group();
		if (t.empty()) {
			/* "huawei -&": taking away nothing is no query the
			 * user meant */
			if (negated)
				throw bad_query{ "nothing to leave out: '" +
							 string(n->text ? n->text : "") +
							 "' is no word (NOT and '-' take words)",
						 n->pos };
			/* "huawei – vendor": a dash or "&" pasted from a title
			 * is no word; it is left out, and only a query of
			 * nothing else is an error (drop()) */
			if (!dropped)
				dropped = n;
			return Xapian::Query();
		}
		vector<Xapian::Query> alts;
		/* a word in quotes is a phrase of one: that form only */
		if (t.size() == 1 && !phrase) {
			alts.push_back(word(t[0].w, title, positive));
		} else {
			/* Exact words in order; a joined hyphenated pair is an
			 * alternative ("back-door" also finds "backdoor"). */
			vector<Xapian::Query> seq;
			vector<string> words_in_order;
			Xapian::termpos last = 0;
			for (size_t i = 0; i < t.size(); i++) {
				/* A joined compound comes after its second part
				 * with the first part's position. */
				if (t[i].pos <= last) {
					if (!phrase)
						alts.push_back(word(t[i].w, title, positive));
					continue;
				}
				last = t[i].pos;
				/* a word with accents as its unaccented twin,
				 * which the index has beside both spellings */
				string bare = shim::unaccented_word(t[i].w);
				const string &pw = bare.empty() ? t[i].w : bare;
				seq.emplace_back((title ? "S" : "") + pw);
				words_in_order.push_back(pw);
			}
			note_phrase(words_in_order, positive);
			if (seq.size() == 1)
				alts.push_back(seq[0]);
			else
				alts.emplace_back(Xapian::Query::OP_PHRASE, seq.begin(),
						  seq.end(), (Xapian::termcount)seq.size());
		}
		if (!title)
			for (const Xapian::Query &e : entity_queries(n->text, positive))
				alts.push_back(e);
		if (alts.size() == 1)
			return alts[0];
		return Xapian::Query(Xapian::Query::OP_OR, alts.begin(), alts.end());
	}

	Xapian::Query value(const shim_qnode *n, bool positive)
	{
		const struct shim_field_info *fi = shim_field_info((enum shim_field)n->field);
		string text = n->text ? n->text : "";
		if (n->field == SHIM_FIELD_ID)
			return Xapian::Query(shim::id_term(text));
		if (n->field == SHIM_FIELD_LANG) {
			/* lang_code() reads an article's missing or bad code
			 * as English; a query's is the user's mistake */
			string code = shim::lang_code(text.c_str());
			/* "lang:french": a name, not a code, unless some
			 * article was given it as its language */
			if (text.find_first_of("-_") < 2 || text.size() < 2 ||
			    (code.size() > 3 && !r->db.term_exists("L" + code)))
				throw bad_query{ "lang: takes a language code (en, fr, "
						 "de...), not '" + text + "'", n->pos };
			return Xapian::Query("L" + code);
		}
		if (n->field == SHIM_FIELD_YEAR)
			return Xapian::Query("Y" + text);
		string key = shim::key_of(text);
		if (key.empty())
			throw bad_query{ string(fi->name) + ": needs a value", n->pos };
		if (fi->flags & SHIM_FIELD_ENTITY) {
			new_group();
			string canon = lex_meta(string("alias:") + fi->name + ":" + key);
			/* the name asked for and the canonical one, where the
			 * text has them ("NCSC", "National Cyber Security
			 * Centre") */
			note_name(text, positive);
			if (!canon.empty()) {
				key = canon;
				note_name(canon, positive);
			}
			entity_terms.insert(fi->prefix + key);
		}
		return Xapian::Query(fi->prefix + key);
	}

	static string pad(const char *d, bool upper)
	{
		string s = d;
		while (s.size() < 8)
			s += upper ? "99" : "00";
		return s.substr(0, 8);
	}

	/*
	 * The lower end of a range from d: padded as pad() does, but a
	 * range that starts on the 1st of a month holds all of that month,
	 * and one from 1 January all of the year, so the articles known only
	 * to that month (20190300) or year (20190000) are in it too.
	 */
	static string from_start(const char *d)
	{
		string s = pad(d, false);
		if (s.compare(6, 2, "01") == 0)
			s.replace(6, 2, "00");
		if (s.compare(4, 4, "0100") == 0)
			s.replace(4, 2, "00");
		return s;
	}

	/*
	 * The dates of less than a day's precision that sort at or below
	 * hi (YYYYMMDD, 99 for "to the end") but may lie after it: an
	 * article of "2019" (20190000) is not in ..2019-02, nor one of
	 * "2019-02" (20190200) in ..2019-02-15.  A lower end needs no such
	 * care beyond from_start(): 20190000 sorts below 2019-03.. as it
	 * should.
	 */
	static vector<string> partial_past(const string &hi)
	{
		static const int dim[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		int m = stoi(hi.substr(4, 2)), d = stoi(hi.substr(6, 2));
		/* Feb 28 in a leap year ends no month: compare with 29
		 * only where the year has it */
		int y = stoi(hi.substr(0, 4));
		int feb = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28;
		bool month_ends = d == 99 || (m >= 1 && m <= 12 &&
					      d >= (m == 2 ? feb : dim[m - 1]));
		vector<string> v;
		if (m != 99 && !(m == 12 && month_ends))
			v.push_back(hi.substr(0, 4) + "0000");
		if (m != 99 && !month_ends)
			v.push_back(hi.substr(0, 6) + "00");
		return v;
	}

	/* q without the articles partial_past(hi) names. */
	static Xapian::Query before_end(Xapian::Query q, const string &hi)
	{
		vector<Xapian::Query> past;
		for (const string &v : partial_past(hi))
			past.emplace_back(Xapian::Query::OP_VALUE_RANGE, shim::SLOT_DATE, v, v);
		if (past.empty())
			return q;
		return Xapian::Query(Xapian::Query::OP_AND_NOT, q,
				     Xapian::Query(Xapian::Query::OP_OR, past.begin(), past.end()));
	}

	/*
	 * What matches an odd number of kids[from, to): an XOR.  Xapian's
	 * own OP_XOR crashes over shards once one operand's postlist ends in
	 * one of them (1.4.22, MultiXorPostList::recalc_maxweight() reads a
	 * sublist it has erased), so XOR is (A OR B) AND_NOT (A AND B), which
	 * scores a match as OP_XOR does: by the side that has it.  Halves
	 * nest, so n operands cost n * n leaves; XOR_MAX bounds them.
	 */
	static const size_t XOR_MAX = 16;
	/* An XOR of n operands matches each about n times (a postlist a
	 * time); XORs nested in XORs multiply that, which XOR_TIMES_MAX
	 * bounds along any path from the root. */
	static const size_t XOR_TIMES_MAX = 64;
	size_t xor_times = 1;
	/* Past what the searcher's parser makes of 64 nested parentheses
	 * (a few nodes a level); it bounds the recursion for any caller. */
	static const int BUILD_DEPTH_MAX = 1024;

	static Xapian::Query odd_of(const vector<Xapian::Query> &scored,
				    const vector<Xapian::Query> &bare, size_t from,
				    size_t to, bool score)
	{
		if (to - from == 1)
			return (score ? scored : bare)[from];
		size_t mid = from + (to - from) / 2;
		/* the AND is what AND_NOT takes away: bare (see build()) */
		return Xapian::Query(
			Xapian::Query::OP_AND_NOT,
			Xapian::Query(Xapian::Query::OP_OR,
				      odd_of(scored, bare, from, mid, score),
				      odd_of(scored, bare, mid, to, score)),
			Xapian::Query(Xapian::Query::OP_AND,
				      odd_of(scored, bare, from, mid, false),
				      odd_of(scored, bare, mid, to, false)));
	}

	/* The terms of prefix term p: an error past wildcard_max. */
	void count_expansions(const string &p, const shim_qnode *n)
	{
		Xapian::termcount seen = 0;
		for (auto t = r->db.allterms_begin(p); t != r->db.allterms_end(p); ++t)
			if (++seen > wildcard_max)
				throw too_many{ n->pos };
	}

	/*
	 * "org:NCSC*", "person:guo*": the entities any of whose names starts
	 * so, canonical or alias (NCSC is an alias of National Cyber Security
	 * Centre, whose term alone the articles have), as org:NCSC finds
	 * it; at most wildcard_max of them.
	 */
	Xapian::Query entity_wildcard(const shim_qnode *n, const string &prefix,
				      const string &key, bool positive)
	{
		const struct shim_field_info *fi = shim_field_info((enum shim_field)n->field);
		set<string> terms;
		auto take = [&](const string &t) {
			if (terms.insert(t).second && terms.size() > wildcard_max)
				throw too_many{ n->pos };
		};
		for (auto t = r->db.allterms_begin(prefix + key);
		     t != r->db.allterms_end(prefix + key); ++t)
			take(*t);
		/* the aliases that matched are names asked for, marked
		 * where the text has them ("NCSC" for org:NCSC*), as
		 * org:NCSC marks them */
		vector<string> aliases;
		const string alias = string("alias:") + fi->name + ":";
		for (auto k = r->lex.metadata_keys_begin(alias + key);
		     k != r->lex.metadata_keys_end(alias + key); ++k) {
			string name = (*k).substr(alias.size());
			string canon = r->lex.get_metadata(*k);
			string t = prefix + canon;
			if (!terms.count(t) && !r->db.term_exists(t))
				continue;
			take(t);
			if (name != canon)
				aliases.push_back(name);
		}
		wildcard_pos = min(wildcard_pos, n->pos);
		new_group();
		for (const string &t : terms) {
			entity_terms.insert(t);
			if (positive && hl.phrases.size() < 64)
				note_name(t.substr(prefix.size()), positive);
		}
		for (const string &a : aliases)
			if (positive && hl.phrases.size() < 64)
				note_name(a, positive);
		if (terms.empty())	/* matches nothing, as a word no article has */
			return Xapian::Query(prefix + key);
		return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
	}

	/*
	 * "huaw*": the words that start so.  Free text is folded as the
	 * tokenizer folds words (lower case, NFC), and a prefix with
	 * accents also expands without them ("sécur*" as "secur*"), as
	 * sécurité finds securite: the twin of every accented word and what
	 * was written without accents.  The word typed whole ranks first.
	 */
	Xapian::Query wildcard(const shim_qnode *n, bool title, bool freetext,
			       bool positive)
	{
		string p = n->text ? n->text : "";
		string prefix = title ? "S" : freetext ? "" :
			shim_field_info((enum shim_field)n->field)->prefix;
		/* ids are terms as given ("pw-2020-06-30-..."),
		 * entity and source names folded keys */
		string lower = freetext ? shim::composed(Xapian::Unicode::tolower(p))
			       : n->field == SHIM_FIELD_ID || n->field == SHIM_FIELD_YEAR
				       ? p
				       : shim::key_of(p);
		if (lower.empty())
			throw bad_query{ "a wildcard needs letters before '*'", n->pos };
		if (!freetext && (shim_field_info((enum shim_field)n->field)->flags &
				  SHIM_FIELD_ENTITY))
			return entity_wildcard(n, prefix, lower, positive);
		vector<string> stems{ lower };
		string bare = freetext ? shim::unaccented_word(lower) : "";
		if (!bare.empty())
			stems.push_back(bare);
		/* Counted here, so that the error points at the wildcard
		 * that matches too many; Xapian's own limit stays behind it */
		wildcard_pos = min(wildcard_pos, n->pos);
		if (freetext && positive && hl.prefixes.size() < 64) {
			/* where the first match is looked for: the prefix,
			 * marked as one */
			new_group();
			for (const string &w : stems) {
				hl.prefixes.push_back(w);
				if (seen_words.insert(w + "*").second) {
					words.push_back(w + "*");
					groups.push_back(group);
				}
			}
		}
		vector<Xapian::Query> v;
		for (const string &w : stems) {
			count_expansions(prefix + w, n);
			v.emplace_back(Xapian::Query::OP_WILDCARD, prefix + w,
				       (Xapian::termcount)wildcard_max,
				       Xapian::Query::WILDCARD_LIMIT_ERROR);
		}
		Xapian::Query any = v.size() == 1 ? v[0]
				    : Xapian::Query(Xapian::Query::OP_OR, v.begin(), v.end());
		/* the word as typed ("huawei" of huawei*) ranks above the
		 * longer ones; what NOT takes away only matches (see word()) */
		if (!freetext || !positive || !r->db.term_exists(prefix + lower))
			return any;
		return Xapian::Query(Xapian::Query::OP_AND_MAYBE, any,
				     Xapian::Query(prefix + lower));
	}

	/* Does s hold a run of letters or digits too long to be a word
	 * (a SHA-512 hash, 128 hex digits)?  The index has none such. */
	static bool too_long_word(const string &s)
	{
		size_t run = 0;
		for (unsigned char c : s) {
			run = isalnum(c) || c >= 0x80 ? run + 1 : 0;
			if (run > shim::MAX_WORD)
				return true;
		}
		return false;
	}

	/* The query of tree n: an error when it has no words at all. */
	Xapian::Query root(const shim_qnode *n)
	{
		Xapian::Query q = build(n, true, 0);
		if (q.empty() && dropped) {
			string t = dropped->text ? dropped->text : "";
			throw bad_query{ "no words to search for in '" + t + "'" +
						 (too_long_word(t) ? " (words over " +
						  to_string(shim::MAX_WORD) +
						  " bytes are not indexed)" : ""),
					 dropped->pos };
		}
		return q;
	}

	Xapian::Query build(const shim_qnode *n, bool positive, int depth)
	{
		if (!n)
			throw bad_query{ "empty query", 0 };
		if (depth > BUILD_DEPTH_MAX)
			throw bad_query{ "query nested too deeply", n->pos };
		int field = n->field;
		bool title = field == SHIM_FIELD_TITLE;
		bool freetext = field < 0 || field == SHIM_FIELD_BODY || title;
		vector<Xapian::Query> kids;
		switch (n->op) {
		case SHIM_Q_WORD:
		case SHIM_Q_PHRASE:
			if (field == SHIM_FIELD_DATE)
				throw bad_query{ "date: takes a date or range", n->pos };
			if (!freetext)
				return value(n, positive);
			return text(n, title, positive, n->op == SHIM_Q_PHRASE);
		case SHIM_Q_WILDCARD:
			return wildcard(n, title, freetext, positive);
		case SHIM_Q_DATE: {
			Xapian::valueno slot = shim::SLOT_DATE;
			if (n->from && n->to)
				return before_end(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot,
								from_start(n->from),
								pad(n->to, true)),
						  pad(n->to, true));
			if (n->from)
				return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot,
						     from_start(n->from));
			if (n->to)
				return before_end(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot,
								pad(n->to, true)),
						  pad(n->to, true));
			return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, "0");
		}
		case SHIM_Q_ALL:
			return Xapian::Query::MatchAll;
		case SHIM_Q_NEAR:
		case SHIM_Q_ADJ: {
			vector<Xapian::Query> exact;
			bool stemmed = false;
			for (size_t i = 0; i < n->nkids; i++) {
				const shim_qnode *k = n->kids[i];
				vector<token> t = query_tokens(k && k->text ? k->text : "");
				if (!k)
					throw bad_query{ "NEAR and ADJ take words", n->pos };
				/* "huawei NEAR &": the operand that is no word */
				if (t.empty())
					throw bad_query{ string(n->op == SHIM_Q_NEAR ? "NEAR" : "ADJ") +
								 " needs a word " +
								 (i == 0 ? "before" : "after") +
								 " it; '" + (k->text ? k->text : "") +
								 "' is no word", k->pos };
				if (k->field >= 0 && k->field != SHIM_FIELD_TITLE &&
				    k->field != SHIM_FIELD_BODY)
					throw bad_query{ "NEAR and ADJ take words of the text "
							 "or of title:, not " +
							 string(shim_field_info((enum shim_field)k->field)->name) +
							 ":", k->pos };
				bool kt = k->field == SHIM_FIELD_TITLE;
				Xapian::termpos last = 0;
				for (const token &tk : t) {
					/* a joined compound ("backdoor" of
					 * "back-door") shares its first part's
					 * position: the parts are the words */
					if (tk.pos <= last)
						continue;
					last = tk.pos;
					new_group();
					kids.push_back(near_word(tk.w, kt, positive, &stemmed));
					exact.emplace_back((kt ? "S" : "") + tk.w);
				}
			}
			/* "within n words", as Xapian's QueryParser has it:
			 * a window of n positions more than the last word's */
			Xapian::termcount win = (n->window ? n->window : 10) +
						(Xapian::termcount)kids.size() - 1;
			Xapian::Query::op op = n->op == SHIM_Q_NEAR ? Xapian::Query::OP_NEAR
								    : Xapian::Query::OP_PHRASE;
			Xapian::Query any(op, kids.begin(), kids.end(), win);
			/* the exact forms near each other weigh more; what NOT
			 * takes away has no legs that only weigh (see word()) */
			if (!stemmed || !positive)
				return any;
			return Xapian::Query(Xapian::Query::OP_AND_MAYBE, any,
					     Xapian::Query(op, exact.begin(), exact.end(), win));
		}
		default:
			break;
		}
		if (n->nkids == 0)
			throw bad_query{ "an operator without operands", n->pos };
		/* what NOT takes away only matches: AND_MAYBE matches what its
		 * first operand does (see word()) */
		if (!positive && n->op == SHIM_Q_AND_MAYBE)
			return build(n->kids[0], false, depth + 1);
		if (n->op == SHIM_Q_XOR) {
			if (n->nkids > XOR_MAX)
				throw bad_query{ "XOR takes at most " + to_string(XOR_MAX) +
							 " operands", n->pos };
			size_t outer = xor_times;
			xor_times *= n->nkids;
			if (xor_times > XOR_TIMES_MAX)
				throw bad_query{ "XORs nested too deeply (their words would "
						 "be matched more than " +
							 to_string(XOR_TIMES_MAX) + " times)",
						 n->pos };
			vector<Xapian::Query> bare;
			for (size_t i = 0; i < n->nkids; i++) {
				Xapian::Query k = build(n->kids[i], positive, depth + 1);
				if (k.empty())
					continue;
				kids.push_back(k);
				bare.push_back(positive ? build(n->kids[i], false, depth + 1) : k);
			}
			xor_times = outer;
			if (kids.empty())
				return Xapian::Query();
			return odd_of(kids, bare, 0, kids.size(), true);
		}
		for (size_t i = 0; i < n->nkids; i++) {
			string joined;
			if (joinable(n, i, &joined)) {
				kids.push_back(written_apart(n, i, joined, positive, depth));
				i++;
				continue;
			}
			bool taken = n->op == SHIM_Q_AND_NOT && i > 0, outer = negated;
			negated = negated || taken;
			Xapian::Query k = build(n->kids[i], positive && !taken, depth + 1);
			negated = outer;
			/* a text of no words is left out: what AND_NOT takes
			 * away is then taken from everything, as "-huawei"
			 * alone is ("– -huawei", "-huawei -"); without the
			 * first operand of AND_MAYBE, nothing is left */
			if (k.empty() && i == 0 && n->op == SHIM_Q_AND_NOT)
				k = Xapian::Query::MatchAll;
			if (k.empty() && i == 0 && n->op == SHIM_Q_AND_MAYBE)
				return Xapian::Query();
			if (!k.empty())
				kids.push_back(k);
		}
		if (kids.empty())
			return Xapian::Query();
		Xapian::Query::op op;
		switch (n->op) {
		case SHIM_Q_AND: op = Xapian::Query::OP_AND; break;
		case SHIM_Q_OR: op = Xapian::Query::OP_OR; break;
		case SHIM_Q_AND_NOT: op = Xapian::Query::OP_AND_NOT; break;
		case SHIM_Q_AND_MAYBE: op = Xapian::Query::OP_AND_MAYBE; break;
		default:
			throw bad_query{ "unknown query operator", n->pos };
		}
		if (kids.size() == 1)
			return kids[0];
		return Xapian::Query(op, kids.begin(), kids.end());
	}
};

} // namespace

/* Terms of the article most worth feeding back, for --like. */
namespace {
struct like_decider : public Xapian::ExpandDecider {
	const Xapian::Database &db;
	explicit like_decider(const Xapian::Database &d) : db(d) {}

	bool operator()(const string &t) const override
	{
		if (t.size() < 3)
			return false;
		/* a word of this article alone relates it to nothing, yet
		 * weighs most with one article to expand from */
		if (db.get_termfreq(t) < 2)
			return false;
		if (t.compare(0, 2, "XO") == 0 || t.compare(0, 2, "XP") == 0 ||
		    t.compare(0, 2, "XL") == 0)
			return true;
		unsigned char c = (unsigned char)t[0];
		if (c >= 'A' && c <= 'Z')
			return false;
		for (unsigned char ch : t)
			if (ch < '0' || ch > '9')
				return true;
		return false;
	}
};
} // namespace

/*
 * The Q term of an id a user gives (--show, --like): its blanks folded
 * as the indexer folds those of every metadata field (one space for a
 * run, none at the ends: article_set_meta()), so that an id copied from
 * the input file, tab or double space and all, finds its article.  With
 * drop_controls, its other C0 controls are dropped too, as
 * utf8_sanitize() drops them from a given id ("esc\u001b[1m" in JSON is
 * kept as "esc[1m"), while an id made of a file's path keeps them.
 */
static string given_id_term(const string &id, bool drop_controls)
{
	string v;
	for (unsigned char c : id) {
		bool blank = drop_controls ? c == ' ' || c == '\t' || c == '\n' || c == '\r'
					   : isspace(c) != 0;
		if (!blank && drop_controls && c < 0x20)
			continue;
		if (!blank)
			v += (char)c;
		else if (!v.empty() && v.back() != ' ')
			v += ' ';
	}
	if (!v.empty() && v.back() == ' ')
		v.pop_back();
	return shim::id_term(v);
}

/* The article with the id a user gives, spelt as a path id or as a
 * given id keeps it, and its Q term in *term: *found false when there
 * is none. */
static Xapian::docid given_id_doc(shim_reader *r, const string &id, bool *found,
				  string *term)
{
	*found = false;
	for (bool drop : { false, true }) {
		*term = given_id_term(id, drop);
		Xapian::PostingIterator p = r->db.postlist_begin(*term);
		if (p != r->db.postlist_end(*term)) {
			*found = true;
			return *p;
		}
	}
	return 0;
}

static Xapian::Query like_query(shim_reader *r, Xapian::Enquire &enq,
				const string &id, bool *found)
{
	string q;
	Xapian::docid did = given_id_doc(r, id, found, &q);
	if (!*found)
		return Xapian::Query();
	Xapian::RSet rset;
	rset.add_document(did);
	like_decider dec(r->db);
	Xapian::ESet eset = enq.get_eset(40, rset, &dec);
	vector<Xapian::Query> v;
	for (auto e = eset.begin(); e != eset.end(); ++e)
		v.emplace_back(*e);
	/* In a small index (a shard of a few articles) every shared word
	 * weighs nothing to the expansion: then the article's words and
	 * entities that other articles have, as they are. */
	if (v.empty())
		for (auto t = r->db.termlist_begin(did);
		     t != r->db.termlist_end(did) && v.size() < 40; ++t)
			if (dec(*t))
				v.emplace_back(*t);
	Xapian::Query terms(Xapian::Query::OP_OR, v.begin(), v.end());
	return Xapian::Query(Xapian::Query::OP_AND_NOT, terms, Xapian::Query(q));
}

static void collect_facets(shim_results *res, enum shim_field f,
			   const Xapian::ValueCountMatchSpy &spy)
{
	map<string, size_t> counts;
	for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
		set<string> names;
		for (const string &name : split(*it, shim::FACET_SEP))
			names.insert(name);
		for (const string &name : names)
			counts[name] += it.get_termfreq();
	}
	auto &v = res->facets[f].v;
	v.assign(counts.begin(), counts.end());
	stable_sort(v.begin(), v.end(), [](const pair<string, size_t> &a,
					   const pair<string, size_t> &b) {
		return a.second > b.second;
	});
}

/* The indexes of docids, in the order of the docids. */
static vector<size_t> docid_order(const vector<Xapian::docid> &docids)
{
	vector<size_t> order(docids.size());
	for (size_t k = 0; k < order.size(); k++)
		order[k] = k;
	sort(order.begin(), order.end(), [&docids](size_t a, size_t b) {
		return docids[a] < docids[b];
	});
	return order;
}

extern "C" shim_status_t shim_search(shim_reader_t *r, const struct shim_qnode *q,
				     const struct shim_search_opts *opts,
				     shim_results_t **out, size_t *errpos)
{
	shim_status_t st = SHIM_OK;
	shim_results *res = nullptr;
	size_t wildcard_pos = SIZE_MAX;
	*out = nullptr;
	if (errpos)
		*errpos = SIZE_MAX;
	if (r->gone)
		return SHIM_NOT_FOUND;	/* r->err says so */
	SHIM_TRY
		res = new shim_results(r);
		builder b{ r, opts->wildcard_max ? opts->wildcard_max : 1000,
			   res->words, res->groups, res->entity_terms, res->hl, {} };
		Xapian::Query query;
		if (opts->like_id) {
			bool found;
			Xapian::Query like = like_query(r, res->enq, opts->like_id, &found);
			if (!found) {
				r->err = string("no article with id '") + opts->like_id + "'";
				delete res;
				return SHIM_NOT_FOUND;
			}
			query = q ? Xapian::Query(Xapian::Query::OP_AND,
						  b.root(q), like)
				  : like;
		} else {
			query = b.root(q);
		}
		wildcard_pos = b.wildcard_pos;
		res->enq.set_query(query);
		res->enq.set_weighting_scheme(Xapian::BM25Weight());
		Xapian::MultiValueKeyMaker keys;
		if (opts->sort != SHIM_SORT_RELEVANCE) {
			keys.add_value(shim::SLOT_HASDATE, true);
			keys.add_value(shim::SLOT_DATE, opts->sort == SHIM_SORT_DATE_DESC);
			/* one day's articles by their time, where they have one
			 * (a day's alone come first, oldest first) */
			keys.add_value(shim::SLOT_TIME, opts->sort == SHIM_SORT_DATE_DESC);
			res->enq.set_sort_by_key_then_relevance(&keys, false);
		}
		static const enum shim_field facet_fields[] = {
			SHIM_FIELD_ORG, SHIM_FIELD_PERSON, SHIM_FIELD_PLACE,
			SHIM_FIELD_SOURCE, SHIM_FIELD_YEAR };
		vector<unique_ptr<Xapian::ValueCountMatchSpy>> spies;
		Xapian::doccount check = (Xapian::doccount)opts->check_at_least;
		if (opts->facets) {
			for (enum shim_field f : facet_fields) {
				spies.emplace_back(new Xapian::ValueCountMatchSpy(
					shim_field_info(f)->slot));
				res->enq.add_matchspy(spies.back().get());
			}
			check = r->db.get_doccount();
		}
		res->mset = res->enq.get_mset((Xapian::doccount)opts->offset,
					      (Xapian::doccount)opts->limit, check);
		if (opts->facets)
			for (size_t i = 0; i < spies.size(); i++)
				collect_facets(res, facet_fields[i], *spies[i]);
		res->enq.clear_matchspies();
		for (auto it = res->mset.begin(); it != res->mset.end(); ++it) {
			res->docs.push_back(it.get_document());
			res->docids.push_back(*it);
		}
		/* The metadata in docid order: the value table's B-tree
		 * cursor then keeps the blocks that lookups share. */
		res->meta.resize(res->docs.size());
		for (size_t k : docid_order(res->docids))
			res->meta[k] = res->docs[k].get_value(shim::SLOT_META);
		/* The id comes with the metadata: one value read per hit.  A
		 * record that does not unpack still shows its id. */
		size_t n = res->meta.size();
		res->metas.resize(n);
		res->ids.resize(n);
		for (size_t i = 0; i < n; i++) {
			shim_meta &m = res->metas[i];
			if (shim_meta_unpack(res->meta[i].data(), res->meta[i].size(),
					     &m) != SHIM_OK || !m.id) {
				shim_meta_clear(&m);
				res->ids[i] = res->docs[i].get_value(shim::SLOT_ID);
				m.id = res->ids[i].c_str();
			} else {
				res->ids[i] = m.id;
			}
		}
		res->packed.resize(res->ids.size());
		res->data.resize(res->ids.size());
		res->have_packed.resize(res->ids.size());
		res->data_whole.resize(res->ids.size());
		for (const string &w : res->words)
			res->word_ptrs.push_back(w.c_str());
	} catch (const bad_query &e) {
		r->err = e.msg;
		if (errpos)
			*errpos = e.pos;
		st = SHIM_BAD_QUERY;
	} catch (const too_many &e) {
		wildcard_pos = e.pos;
		st = SHIM_TOO_BIG;
	SHIM_CATCH(r->err, st)
	if (st != SHIM_OK) {
		if (st == SHIM_TOO_BIG) {
			r->err = "a wildcard matches too many words (more than " +
				 to_string(opts->wildcard_max ? opts->wildcard_max : 1000) +
				 "): add letters before the '*'";
			if (errpos)
				*errpos = wildcard_pos;
		}
		delete res;
		return st;
	}
	*out = res;
	return SHIM_OK;
}

extern "C" void shim_results_free(shim_results_t *res)
{
	delete res;
}

extern "C" void shim_results_total(const shim_results_t *res, size_t *total,
				   int *exact)
{
	const Xapian::MSet &m = res->mset;
	*total = m.get_matches_estimated();
	*exact = m.get_matches_lower_bound() == m.get_matches_upper_bound();
}

extern "C" size_t shim_results_count(const shim_results_t *res)
{
	return res->ids.size();
}

extern "C" shim_status_t shim_results_hit(shim_results_t *res, size_t i,
					  struct shim_hit *hit)
{
	if (i >= res->ids.size())
		return SHIM_INVALID;
	shim_status_t st = SHIM_OK;
	SHIM_TRY
		Xapian::MSetIterator it = res->mset[(Xapian::doccount)i];
		hit->rank = it.get_rank() + 1;
		hit->score = it.get_weight();
		hit->id = res->ids[i].c_str();
		hit->meta = res->metas[i];
	SHIM_CATCH(res->r->err, st)
	return st;
}

extern "C" shim_status_t shim_results_data_prefix(shim_results_t *res,
						  size_t i, size_t want,
						  const char **data, size_t *len,
						  int *whole)
{
	if (i >= res->ids.size())
		return SHIM_INVALID;
	shim_status_t st = SHIM_OK;
	SHIM_TRY
		if (!res->have_packed[i]) {
			/* every hit's, in docid order (see shim_search()):
			 * a page that reads one hit's text reads them all */
			for (size_t k : docid_order(res->docids)) {
				if (res->have_packed[k])
					continue;
				res->packed[k] = res->docs[k].get_value(shim::SLOT_TEXT);
				res->have_packed[k] = true;
			}
		}
		if (!res->data_whole[i] && (res->data[i].size() < want ||
					    res->data[i].empty())) {
			bool all = false;
			if (!shim::unpack_data_prefix(res->packed[i], want,
						      res->data[i], &all)) {
				res->r->err = "the stored data of '" + res->ids[i] +
					      "' is damaged";
				return SHIM_CORRUPT;
			}
			res->data_whole[i] = all;
		}
		*data = res->data[i].c_str();
		*len = res->data[i].size();
		if (whole)
			*whole = res->data_whole[i];
	SHIM_CATCH(res->r->err, st)
	return st;
}

extern "C" shim_status_t shim_results_data(shim_results_t *res, size_t i,
					   const char **data, size_t *len)
{
	return shim_results_data_prefix(res, i, SIZE_MAX, data, len, nullptr);
}

extern "C" int shim_results_matched_value(shim_results_t *res, size_t i,
					  enum shim_field field, const char *value)
{
	if (i >= res->ids.size() || !value || res->entity_terms.empty())
		return 0;	/* the query named no entity: nothing to fold */
	try {
		/* An entity matched when the query named it and the hit has it:
		 * one pass over that term's postlist for all the hits, not each
		 * hit's whole termlist. */
		const struct shim_field_info *fi = shim_field_info(field);
		if (!fi)
			return 0;
		/* No term of this field: nothing to fold (most fields of
		 * most answers). */
		string t = fi->prefix;
		auto named = res->entity_terms.lower_bound(t);
		if (named == res->entity_terms.end() ||
		    named->compare(0, t.size(), t) != 0)
			return 0;
		t += shim::key_of(value);
		if (!res->entity_terms.count(t))
			return 0;
		auto c = res->entity_hits.find(t);
		if (c == res->entity_hits.end()) {
			vector<bool> has(res->docids.size(), false);
			Xapian::PostingIterator p = res->r->db.postlist_begin(t),
					       end = res->r->db.postlist_end(t);
			for (size_t k : docid_order(res->docids)) {
				p.skip_to(res->docids[k]);
				if (p == end)
					break;
				has[k] = *p == res->docids[k];
			}
			c = res->entity_hits.emplace(t, move(has)).first;
		}
		return c->second[i];
	} catch (...) {
		return 0;
	}
}

extern "C" const char *const *shim_results_words(shim_results_t *res, size_t *n)
{
	*n = res->word_ptrs.size();
	return res->word_ptrs.data();
}

extern "C" const unsigned *shim_results_word_groups(shim_results_t *res,
						 size_t *n)
{
	*n = res->groups.size();
	return res->groups.data();
}

extern "C" shim_status_t shim_results_snippet(shim_results_t *res, size_t i,
					      const char *text, size_t textlen,
					      size_t length, const char *pre,
					      const char *post, int html, char **out)
{
	shim_status_t st = SHIM_OK;
	*out = nullptr;
	if (i >= res->ids.size() || !text)
		return SHIM_INVALID;
	SHIM_TRY
		string s = shim::snippet(res->hl, text, textlen, length,
					 pre ? pre : "", post ? post : "", html != 0,
					 "\xe2\x80\xa6");
		*out = strdup(s.c_str());
		if (!*out)
			st = SHIM_NOMEM;
	SHIM_CATCH(res->r->err, st)
	return st;
}

extern "C" int shim_results_facet(shim_results_t *res, enum shim_field field,
				  size_t j, const char **value, size_t *count)
{
	if ((int)field < 0 || field >= SHIM_NFIELDS || j >= res->facets[field].v.size())
		return 0;
	*value = res->facets[field].v[j].first.c_str();
	*count = res->facets[field].v[j].second;
	return 1;
}

/* Does a query word w (a term) find anything: itself, or another form
 * of its stem in some language? */
static bool word_found(shim_reader *r, const string &w)
{
	string bare = shim::unaccented_word(w);	/* as matching_forms() */
	if (r->db.term_exists(w) || (!bare.empty() && word_found(r, bare)))
		return true;
	for (const string &lang : r->langs) {
		string key = "Z" + lang + ":" + r->stems.get(lang)(w);
		if (r->lex.synonyms_begin(key) != r->lex.synonyms_end(key))
			return true;
	}
	return false;
}

/* Is s a correction to offer for w (n characters)?  The edit distance
 * allowed grows with the word (one for five characters or fewer, as the
 * caller asks), and a word of four or fewer keeps its first letter:
 * "huwei" is huawei, but "zte" is not "ate" nor "anssi" anti; a short
 * word that finds nothing is more often a name the index lacks than a
 * typo. */
static bool plausible_fix(const string &w, const string &s, size_t n)
{
	if (n > 4)
		return true;
	/* the first character, not byte: é and á share 0xC3 */
	size_t len = 1;
	while (len < w.size() && ((unsigned char)w[len] & 0xC0) == 0x80)
		len++;
	return s.compare(0, len, w, 0, len) == 0 &&
	       (s.size() == len || ((unsigned char)s[len] & 0xC0) != 0x80);
}

extern "C" char *shim_reader_suggest(shim_reader_t *r, const char *word)
{
	try {
		/* The word as the query has it: "Huawei's" is "huawei",
		 * "back-door" is three terms (back, door, backdoor); one
		 * that finds something needs no correction, and only a
		 * single word gets one */
		vector<token> t = query_tokens(word ? word : "");
		if (t.empty())
			return nullptr;
		for (const token &x : t)
			if (word_found(r, x.w))
				return nullptr;
		if (t.size() != 1)
			return nullptr;
		string w = t[0].w;
		if (!r->spell_open) {
			Xapian::Database all;	/* whole, or not at all */
			for (unsigned k = 0; k < r->spell_parts; k++)
				all.add_database(Xapian::Database(
					shim::spelling_path(r->dir, k)));
			r->spell = all;
			r->spell_open = true;
		}
		size_t n = u8_mbsnlen((const uint8_t *)w.data(), w.size());
		string s = r->spell.get_spelling_suggestion(w, n <= 5 ? 1 : 2);
		if (s.empty() || s == w || !plausible_fix(w, s, n))
			return nullptr;
		return strdup(s.c_str());
	} catch (...) {
		return nullptr;
	}
}

static char *dup_string(const string &s)
{
	char *p = (char *)malloc(s.size() + 1);
	if (p) {
		memcpy(p, s.data(), s.size());
		p[s.size()] = '\0';
	}
	return p;
}

extern "C" shim_status_t shim_reader_get(shim_reader_t *r, const char *id,
					 char **meta, size_t *metalen,
					 char **data, size_t *datalen)
{
	shim_status_t st = SHIM_OK;
	*meta = *data = nullptr;
	SHIM_TRY
		bool found;
		string q;
		Xapian::docid did = given_id_doc(r, id ? id : "", &found, &q);
		if (!found) {
			r->err = string("no article with id '") + (id ? id : "") + "'";
			st = SHIM_NOT_FOUND;
		} else {
			Xapian::Document d = r->db.get_document(did);
			string m = d.get_value(shim::SLOT_META), t;
			if (!shim::unpack_data(d.get_value(shim::SLOT_TEXT), t)) {
				r->err = string("the stored data of '") + id + "' is damaged";
				return SHIM_CORRUPT;
			}
			*meta = dup_string(m);
			*data = dup_string(t);
			if (!*meta || !*data) {
				free(*meta);
				free(*data);
				*meta = *data = nullptr;
				st = SHIM_NOMEM;
			} else {
				*metalen = m.size();
				*datalen = t.size();
			}
		}
	SHIM_CATCH(r->err, st)
	return st;
}

/* Bytes on disk under path (files only, symlinks not followed). */
static uint64_t disk_usage(const string &path, int depth)
{
	struct stat sb;
	/* the index itself may be a symlink; nothing inside is followed */
	if ((depth ? lstat(path.c_str(), &sb) : stat(path.c_str(), &sb)) != 0)
		return 0;
	if (!S_ISDIR(sb.st_mode))
		return S_ISREG(sb.st_mode) ? (uint64_t)sb.st_blocks * 512 : 0;
	uint64_t total = 0;
	DIR *d = depth < 8 ? opendir(path.c_str()) : nullptr;
	if (!d)
		return 0;
	while (struct dirent *e = readdir(d))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			total += disk_usage(path + "/" + e->d_name, depth + 1);
	closedir(d);
	return total;
}

/*
 * The earliest (or, last, the latest) date of an article.  Xapian's value
 * bounds only widen: once articles are deleted they may be the date of
 * none.  A bound some article still has is the answer (one cheap match);
 * else the dated articles are sorted by date for the first.
 */
static string date_bound(Xapian::Database &db, bool last)
{
	string b = last ? db.get_value_upper_bound(shim::SLOT_DATE)
			: db.get_value_lower_bound(shim::SLOT_DATE);
	if (b.empty())
		return b;
	Xapian::Enquire enq(db);
	enq.set_query(Xapian::Query(last ? Xapian::Query::OP_VALUE_GE
					 : Xapian::Query::OP_VALUE_LE,
				    shim::SLOT_DATE, b));
	enq.set_weighting_scheme(Xapian::BoolWeight());
	if (!enq.get_mset(0, 1).empty())
		return b;
	enq.set_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, shim::SLOT_DATE, "0"));
	enq.set_sort_by_value(shim::SLOT_DATE, last);
	Xapian::MSet m = enq.get_mset(0, 1);
	return m.empty() ? string() : m.begin().get_document().get_value(shim::SLOT_DATE);
}

extern "C" shim_status_t shim_reader_stats(shim_reader_t *r, struct shim_stats *s)
{
	shim_status_t st = SHIM_OK;
	memset(s, 0, sizeof *s);
	SHIM_TRY
		s->documents = r->db.get_doccount();
		s->postings = r->db.get_total_length();
		for (auto t = r->db.allterms_begin(); t != r->db.allterms_end(); ++t)
			s->terms++;
		string lo = date_bound(r->db, false), hi = date_bound(r->db, true);
		strncpy(s->first_date, lo.c_str(), 8);
		strncpy(s->last_date, hi.c_str(), 8);
		s->last_update = atoll(r->lex.get_metadata("last_commit").c_str());
		s->shards = r->shards;
		s->disk_bytes = disk_usage(r->dir, 0);
	SHIM_CATCH(r->err, st)
	return st;
}
