/*
 * internal.h - what the shim's C++ files share; never seen from C.
 *
 * Term layout (see README "Index layout"; SHIM_SCHEMA_VERSION guards it):
 *   word            body and title words, lower-cased, with positions; one
 *                   term per word (no stemmed twin): stemmed matching goes
 *                   through the lexicon's stem -> forms table at query time;
 *                   a word with accents also without them, at its position
 *                   (schema 5)
 *   S word          title words again, with positions
 *   XO/XP/XL key    org/person/place entities (key = shim_key_normalize of
 *                   the canonical name), wdf = mentions
 *   XS/A/L key      source, author, language
 *   Y yyyy          publication year
 *   Q id            article id (long ids hashed, see shim_id_term())
 *   XF file         the file a document came from (long paths hashed)
 * Value slots: the SLOT_* constants below.
 * Document data: none.  shim_doc_set_data()'s bytes are LZ4-compressed
 * (pack_data()) into SLOT_TEXT: Xapian zlib-compresses document data (and
 * LZ4's output is still worth its while), which costs a results page tens
 * of microseconds a hit to inflate; values are stored as they are.
 * A document is in shard fnv1a64(article id) % number of shards.
 * Lexicon database (DIR/lexicon), read by the front end (but for "F"):
 *   synonyms  "Z<lang>:<stem>" -> every indexed form with that stem, and
 *             "S" + each form of it that occurs in a title
 *   (spelling: none here; DIR/spelling.K holds it, see layout.h)
 *   metadata  "alias:<field>:<key>" -> canonical key (every org and
 *             person name a document has maps to itself, at least),
 *             "langs" -> languages present, "last_commit" -> Unix time,
 *             "spelling_pending" -> "1" while spelling counts wait,
 *             "spelling_parts" -> the number of spelling partitions,
 *             "F" + XF term -> file signature TAB file key, written once
 *             every shard has committed the file's documents
 *             (shim_writer_file_done())
 * Spelling partitions (DIR/spelling.K, read by the front end): word
 *   frequencies (in documents) for "did you mean", each word in partition
 *   fnv1a64(word) % spelling_parts.
 */
#ifndef DOSSIER_SHIM_INTERNAL_H
#define DOSSIER_SHIM_INTERNAL_H

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <unordered_set>
#include <string>
#include <unordered_map>
#include <vector>

#include "shim.h"

namespace shim {

/* Document data on disk: "L" + raw length (4 bytes, little-endian) + an
 * LZ4 block.  pack_data() false when len is past LZ4's limit; unpack_data()
 * false on damaged data. */
bool pack_data(const char *data, size_t len, std::string &out);
bool unpack_data(const std::string &in, std::string &out);
/* The first min(want, all) bytes of it (LZ4 stops there); *whole says
 * whether that is all. */
bool unpack_data_prefix(const std::string &in, size_t want, std::string &out,
			bool *whole);

enum slot {
	SLOT_DATE = 0,		/* "YYYYMMDD", 00 for unknown month/day */
	SLOT_HASDATE = 1,	/* "1" when dated: undated sort last */
	SLOT_ID = 2,		/* the full article id */
	SLOT_FILE = 3,		/* the full file key */
	/* slot 4 is free (was a per-document file signature) */
	SLOT_ORG = 5,		/* canonical names, joined by FACET_SEP */
	SLOT_PERSON = 6,
	SLOT_PLACE = 7,
	SLOT_SOURCE = 8,
	SLOT_YEAR = 9,
	SLOT_META = 10,		/* shim_doc_set_meta(): what a hit shows */
	SLOT_TEXT = 11,		/* shim_doc_set_data(), packed (pack_data()) */
	SLOT_TIME = 12		/* "hhmmss" UTC, when the date has a time */
};

const char FACET_SEP = '\x1f';
const size_t MAX_WORD = 64;	/* longer "words" are not indexed */
const size_t MAX_TERM = 240;	/* Xapian's limit is 245 bytes */

/* Sorts the exception in flight (call inside catch) into a status and msg. */
shim_status_t status_from_exception(std::string &msg);

/* The Q term of an id, the XF term of a file key (hashed when long). */
std::string id_term(const std::string &id);
std::string file_term(const std::string &file);
std::string key_of(const std::string &value);
std::string prefix_of(enum shim_field f);

/*
 * Splits UTF-8 text into lower-cased words, calling fn(word, pos) with
 * positions counting from first_pos; hyphenated pairs and known compounds
 * also yield the joined word at the first part's position.  Returns the
 * next free position.
 */
struct compounds {
	std::unordered_map<std::string, std::vector<std::string>> second_of;
	/* Bit min(length, 63) of firsts[byte & 63]: a first part starts with
	 * that byte and has that length.  Nearly every word is no compound's
	 * first part, and the mask says so without hashing it. */
	uint64_t firsts[64] = {};
	void add(const std::string &first, const std::string &second);
	bool joins(const std::string &a, const std::string &b) const;
	/* The table as text, a sorted "first second" line per compound,
	 * and back: what the lexicon keeps under "compounds". */
	std::string dump() const;
	void load(const std::string &text);
};
/* Each word: the term, its position, and the bytes [start, end) of text
 * it was read from (a joined word: both parts and what is between). */
typedef std::function<void(const std::string &, Xapian::termpos, size_t,
			   size_t)> token_fn;
Xapian::termpos tokenize(const char *text, size_t len, Xapian::termpos first_pos,
			 const compounds *cmp, const token_fn &fn);
/* Word w (lower case) without its accents ("sécurité" -> "securite"), as
 * tokenize() also gives it; "" when it has none. */
std::string unaccented_word(const std::string &w);
/* w in NFC ("e" + U+0301 is "é"), as tokenize() composes words. */
std::string composed(const std::string &w);

/* What a snippet highlights (snippet.cc): the query's positive words in
 * every indexed form, its wildcards' prefixes, and its phrases (exact
 * words in order; an entity's name is one too). */
struct highlights {
	std::unordered_set<std::string> words;
	std::vector<std::string> prefixes;
	std::vector<std::vector<std::string>> phrases;
};
/* At most length bytes of text (len bytes) around its best matches,
 * between words, each match between pre and post; omit where text was
 * left out; escaped for HTML when html. */
std::string snippet(const highlights &h, const char *text, size_t len,
		    size_t length, const std::string &pre,
		    const std::string &post, bool html, const std::string &omit);

/*
 * The stemmers of one handle: libstemmer behind Xapian::StemImplementation
 * (stem.cc), one per language, made on first use; a language libstemmer
 * does not know gets Xapian::Stem("none").
 */
struct stemmers {
	std::unordered_map<std::string, Xapian::Stem> by_lang;
	Xapian::Stem &get(const std::string &lang);
};
/* Normalises "fr-FR" -> "fr"; unknown or empty -> "en". */
std::string lang_code(const char *lang);

} // namespace shim

#define SHIM_TRY try {
#define SHIM_CATCH(msgstr, ret) \
	} catch (...) { \
		ret = shim::status_from_exception(msgstr); \
	}

#endif
