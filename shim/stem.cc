/*
 * stem.cc - the one stemmer: libstemmer_c (Snowball) wrapped as a
 * Xapian::StemImplementation, so indexing (which records each word form
 * under its stem) and querying (which expands a word to the forms of its
 * stem) use exactly the same algorithm.  A small cache per stemmer avoids
 * re-stemming frequent words; it is cleared when it grows past a bound, so
 * memory stays flat however large the corpus.
 */
#include <libstemmer.h>

#include <new>

#include "internal.h"

using namespace std;

namespace {

class snowball : public Xapian::StemImplementation {
	struct sb_stemmer *st;
	string lang;
	unordered_map<string, string> cache;
	static const size_t CACHE_MAX = 100000;

public:
	snowball(struct sb_stemmer *s, const string &l) : st(s), lang(l) {}
	~snowball() { sb_stemmer_delete(st); }

	string operator()(const string &word) override
	{
		auto it = cache.find(word);
		if (it != cache.end())
			return it->second;
		const sb_symbol *r = sb_stemmer_stem(
			st, (const sb_symbol *)word.data(), (int)word.size());
		if (!r)
			throw bad_alloc();
		string s((const char *)r, (size_t)sb_stemmer_length(st));
		if (cache.size() >= CACHE_MAX)
			cache.clear();
		cache.emplace(word, s);
		return s;
	}

	string get_description() const override
	{
		return "snowball(" + lang + ")";
	}
};

} // namespace

namespace shim {

Xapian::Stem &stemmers::get(const string &lang)
{
	auto it = by_lang.find(lang);
	if (it != by_lang.end())
		return it->second;
	struct sb_stemmer *st = sb_stemmer_new(lang.c_str(), nullptr);
	Xapian::Stem s = st ? Xapian::Stem(new snowball(st, lang))
			    : Xapian::Stem("none");
	return by_lang.emplace(lang, s).first->second;
}

} // namespace shim
