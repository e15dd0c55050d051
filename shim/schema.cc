/*
 * schema.cc - the one table of fields, term prefixes and value slots, the
 * key normalisation both programs compare values with, and the mapping of
 * Xapian's exceptions to statuses users can act on.
 */
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>

#include "internal.h"

using namespace std;

static const struct shim_field_info fields[SHIM_NFIELDS] = {
	{ "body", "", -1, SHIM_FIELD_FREE_TEXT,
	  "the article text (plain words search it)" },
	{ "title", "S", -1, SHIM_FIELD_FREE_TEXT | SHIM_FIELD_QUERYABLE,
	  "words or a \"phrase\" in the title" },
	{ "org", "XO", shim::SLOT_ORG,
	  SHIM_FIELD_ENTITY | SHIM_FIELD_FACET | SHIM_FIELD_QUERYABLE,
	  "an organisation, by any of its names (org:NCSC)" },
	{ "person", "XP", shim::SLOT_PERSON,
	  SHIM_FIELD_ENTITY | SHIM_FIELD_FACET | SHIM_FIELD_QUERYABLE,
	  "a person (person:\"Guo Ping\")" },
	{ "place", "XL", shim::SLOT_PLACE,
	  SHIM_FIELD_ENTITY | SHIM_FIELD_FACET | SHIM_FIELD_QUERYABLE,
	  "a country or city, by any of its names (place:UK)" },
	{ "source", "XS", shim::SLOT_SOURCE,
	  SHIM_FIELD_FACET | SHIM_FIELD_QUERYABLE,
	  "the outlet (source:\"Policy Wire\")" },
	{ "author", "A", -1, SHIM_FIELD_QUERYABLE, "the byline" },
	{ "lang", "L", -1, SHIM_FIELD_QUERYABLE, "the language code (lang:fr)" },
	{ "id", "Q", shim::SLOT_ID, SHIM_FIELD_QUERYABLE,
	  "the article id (id:ncsc-2019)" },
	{ "date", "", shim::SLOT_DATE, SHIM_FIELD_QUERYABLE,
	  "a date or range (date:2019-03, date:2019-01..2019-06-30)" },
	{ "year", "Y", shim::SLOT_YEAR, SHIM_FIELD_FACET | SHIM_FIELD_QUERYABLE,
	  "a year or range (year:2019, year:2018..2019)" },
};

extern "C" const struct shim_field_info *shim_field_info(enum shim_field f)
{
	if ((int)f < 0 || f >= SHIM_NFIELDS)
		return nullptr;
	return &fields[f];
}

extern "C" int shim_field_by_name(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < SHIM_NFIELDS; i++)
		if (strcmp(fields[i].name, name) == 0)
			return i;
	return -1;
}

extern "C" const char *shim_status_to_string(shim_status_t s)
{
	switch (s) {
	case SHIM_OK: return "success";
	case SHIM_NOT_FOUND: return "not found";
	case SHIM_NOT_INDEX: return "not a dossier index";
	case SHIM_VERSION: return "index was written by another version";
	case SHIM_CORRUPT: return "index is corrupt";
	case SHIM_LOCKED: return "index is locked";
	case SHIM_IO: return "I/O error";
	case SHIM_NOMEM: return "out of memory";
	case SHIM_BAD_QUERY: return "bad query";
	case SHIM_TOO_BIG: return "limit exceeded";
	case SHIM_RETRY: return "index changed; retry";
	case SHIM_INVALID: return "invalid argument";
	case SHIM_INTERNAL: return "internal error";
	case SHIM_LAST_STATUS: break;
	}
	return "unknown status";
}

/*
 * Keys: lower case, apostrophes and dots dropped ("People's", "U.S."),
 * every other run of non-word characters but '&' folded into one space.
 */
extern "C" int shim_key_normalize(const char *in, char *out, size_t outlen)
{
	if (!in || !out || outlen == 0)
		return -1;
	string k;
	try {
		k = shim::key_of(in);
	} catch (...) {
		return -1;
	}
	if (k.size() + 1 > outlen)
		return -1;
	memcpy(out, k.data(), k.size());
	out[k.size()] = '\0';
	return (int)k.size();
}

namespace shim {

/* The ASCII characters key_of() keeps: a word character by Xapian's rule
 * (letters, digits and the connector '_') or '&'. */
static bool ascii_key_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '&';
}

string key_of(const string &value)
{
	string k;
	bool space = false;
	/* Entity names are nearly all ASCII, and a results page folds
	 * every name of every hit: bytes below 0x80 skip the decoder. */
	size_t i = 0;
	for (; i < value.size() && (unsigned char)value[i] < 0x80; i++) {
		unsigned char c = (unsigned char)value[i];
		if (c == '\'' || c == '.')
			continue;
		if (ascii_key_char(c)) {
			if (space && !k.empty())
				k += ' ';
			space = false;
			k += (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : (char)c;
		} else {
			space = true;
		}
	}
	for (Xapian::Utf8Iterator it(value.data() + i, value.size() - i);
	     it != Xapian::Utf8Iterator(); ++it) {
		unsigned ch = *it;
		if (ch == '\'' || ch == 0x2019 || ch == '.')
			continue;
		if (Xapian::Unicode::is_wordchar(ch) || ch == '&') {
			if (space && !k.empty())
				k += ' ';
			space = false;
			Xapian::Unicode::append_utf8(k, Xapian::Unicode::tolower(ch));
		} else {
			space = true;
		}
	}
	return k;
}

string prefix_of(enum shim_field f)
{
	return fields[f].prefix;
}

/* FNV-1a, twice with different offsets: 128 bits for long keys. */
static string hash_hex(const string &s)
{
	uint64_t a = 14695981039346656037ULL, b = 0x6c62272e07bb0142ULL;
	for (unsigned char c : s) {
		a = (a ^ c) * 1099511628211ULL;
		b = (b ^ c) * 0x100000001b3ULL;
		b ^= b >> 29;
	}
	char buf[40];
	snprintf(buf, sizeof buf, "%016llx%016llx", (unsigned long long)a,
		 (unsigned long long)b);
	return buf;
}

static string bounded_term(const char *prefix, const string &v)
{
	string t = prefix + v;
	if (t.size() <= MAX_TERM)
		return t;
	return string(prefix) + "#" + hash_hex(v);
}

string id_term(const string &id)
{
	return bounded_term("Q", id);
}

string file_term(const string &file)
{
	return bounded_term("XF", file);
}

string lang_code(const char *lang)
{
	string l;
	if (lang)
		for (const char *p = lang; *p && *p != '-' && *p != '_' && l.size() < 8; p++)
			l += (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	if (l.size() < 2)
		return "en";
	return l;
}

shim_status_t status_from_exception(string &msg)
{
	try {
		throw;
	} catch (const Xapian::DatabaseLockError &e) {
		msg = "index is locked (another dossier-index is writing it)";
		return SHIM_LOCKED;
	} catch (const Xapian::DatabaseModifiedError &e) {
		msg = "index changed while reading: " + e.get_msg();
		return SHIM_RETRY;
	} catch (const Xapian::DatabaseCorruptError &e) {
		msg = "index is corrupt: " + e.get_msg();
		return SHIM_CORRUPT;
	} catch (const Xapian::DatabaseVersionError &e) {
		msg = "index format not supported: " + e.get_msg();
		return SHIM_VERSION;
	} catch (const Xapian::DatabaseOpeningError &e) {
		msg = "cannot open index: " + e.get_msg();
		return SHIM_CORRUPT;
	} catch (const Xapian::WildcardError &e) {
		msg = e.get_msg();
		return SHIM_TOO_BIG;
	} catch (const Xapian::QueryParserError &e) {
		msg = e.get_msg();
		return SHIM_BAD_QUERY;
	} catch (const Xapian::DatabaseError &e) {
		msg = e.get_msg();
		if (e.get_error_string())
			msg += string(": ") + e.get_error_string();
		return SHIM_IO;
	} catch (const Xapian::Error &e) {
		msg = e.get_type() + string(": ") + e.get_msg();
		return SHIM_INTERNAL;
	} catch (const std::bad_alloc &) {
		msg = "out of memory";
		return SHIM_NOMEM;
	} catch (const std::exception &e) {
		msg = e.what();
		return SHIM_INTERNAL;
	} catch (...) {
		msg = "unknown exception";
		return SHIM_INTERNAL;
	}
}

} // namespace shim
