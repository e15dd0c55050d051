/*
 * tokenize.cc - the one tokenizer, used to index text and to read queries.
 *
 * Words are runs of Unicode word characters, lower-cased.  Inside a word an
 * apostrophe is kept ("don't") but a possessive "'s" is dropped ("Huawei's"
 * is huawei); after an elided article or pronoun the rest is a word too,
 * at the same position ("l'Agence" gives l'agence and agence); dotted
 * initials join ("U.S." is us).  In scripts written without spaces (Han,
 * kana) each character is a word: a query's run of them is a phrase.  A
 * hyphen between two words also yields the joined word ("back-door" gives
 * back, door and backdoor), and so do the two words of a known compound
 * ("back door").
 * A word with accents also yields itself without them, at the same
 * position ("sécurité" gives sécurité and securite), so a query typed
 * without them finds it.  Words are in NFC: "e" and a combining acute
 * accent is the é a keyboard types, at index and at query time alike.
 * Words over MAX_WORD bytes (base64 runs, URLs) are skipped.
 */
#include <cstdlib>
#include <set>

#include <uninorm.h>

#include "internal.h"

using namespace std;

namespace shim {

static uint64_t length_bit(size_t n)
{
	return 1ull << (n < 63 ? n : 63);
}

void compounds::add(const string &first, const string &second)
{
	if (first.empty() || second.empty())
		return;
	second_of[first].push_back(second);
	firsts[(unsigned char)first[0] & 63] |= length_bit(first.size());
}

bool compounds::joins(const string &a, const string &b) const
{
	if (a.empty() || !(firsts[(unsigned char)a[0] & 63] & length_bit(a.size())))
		return false;
	auto it = second_of.find(a);
	if (it == second_of.end())
		return false;
	for (const string &s : it->second)
		if (s == b)
			return true;
	return false;
}

string compounds::dump() const
{
	set<string> lines;
	for (const auto &f : second_of)
		for (const string &s : f.second)
			lines.insert(f.first + " " + s);
	string text;
	for (const string &l : lines)
		text.append(l).append(1, '\n');
	return text;
}

void compounds::load(const string &text)
{
	size_t i = 0;
	while (i < text.size()) {
		size_t nl = text.find('\n', i);
		if (nl == string::npos)
			nl = text.size();
		size_t sp = text.find(' ', i);
		if (sp < nl) {
			string first = text.substr(i, sp - i);
			string second = text.substr(sp + 1, nl - sp - 1);
			if (!joins(first, second))
				add(first, second);
		}
		i = nl + 1;
	}
}

/*
 * Decodes one UTF-8 character at p (< end); *n gets its length.  An invalid
 * or truncated sequence decodes as its first byte alone (Latin-1), so the
 * tokenizer always moves forward.
 */
static inline unsigned decode(const unsigned char *p,
			      const unsigned char *end, size_t *n)
{
	unsigned c = p[0], ch;
	size_t len, i;

	if (c < 0x80) {
		*n = 1;
		return c;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		ch = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		ch = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		ch = c & 0x07;
	} else {
		*n = 1;
		return c;
	}
	if ((size_t)(end - p) < len) {
		*n = 1;
		return c;
	}
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*n = 1;
			return c;
		}
		ch = (ch << 6) | (p[i] & 0x3f);
	}
	*n = len;
	return ch;
}

} // namespace shim

extern "C" size_t shim_utf8_lower(const char *s, size_t len, unsigned *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	unsigned ch = shim::decode(p, p + len, &n);
	*cp = ch < 0x80 ? (ch >= 'A' && ch <= 'Z' ? ch + 32 : ch)
			: Xapian::Unicode::tolower(ch);
	return n;
}

namespace shim {

static bool wordchar(unsigned ch)
{
	if (ch < 0x80)
		return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		       (ch >= '0' && ch <= '9');
	return Xapian::Unicode::is_wordchar(ch);
}

/* ch without its accents: the base of its canonical decomposition when
 * the rest of that is combining marks ("é" is e, "ǘ" is u), else ch
 * ("ø", "ß", Hangul). */
static unsigned unaccented(unsigned ch)
{
	ucs4_t d[UC_DECOMPOSITION_MAX_LENGTH];

	while (ch >= 0xc0) {
		int n = uc_canonical_decomposition(ch, d);
		if (n < 2)
			break;
		for (int i = 1; i < n; i++)
			if (d[i] < 0x300 || d[i] > 0x36f)
				return ch;
		ch = d[0];
	}
	return ch;
}

string unaccented_word(const string &w)
{
	const unsigned char *p = (const unsigned char *)w.data(), *end = p + w.size();
	string out;
	bool changed = false;

	for (size_t n; p < end; p += n) {
		unsigned ch = decode(p, end, &n);
		if (ch < 0x80) {
			out += (char)ch;
			continue;
		}
		unsigned u = unaccented(ch);
		changed |= u != ch;
		Xapian::Unicode::append_utf8(out, u);
	}
	return changed ? out : string();
}

} // namespace shim

extern "C" unsigned shim_unaccented(unsigned cp)
{
	return shim::unaccented(cp);
}

extern "C" int shim_wordchar(unsigned cp)
{
	return shim::wordchar(cp);
}

namespace shim {

/* w itself should libunistring fail (out of memory). */
string composed(const string &w)
{
	size_t n = 0;
	uint8_t *c = u8_normalize(UNINORM_NFC, (const uint8_t *)w.data(), w.size(),
				  nullptr, &n);
	if (!c)
		return w;
	string out((const char *)c, n);
	free(c);
	return out;
}

static bool is_apostrophe(unsigned ch)
{
	return ch == '\'' || ch == 0x2019;
}

/* Is w (lower case) a word that elides before an apostrophe: French l',
 * d', qu', jusqu'..., Italian dell', all', un'...?  Then what follows is
 * a word too: "l'Agence" is found by agence. */
static bool elides(const string &w)
{
	static const char *const words[] = {
		"qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
		"dell", "all", "nell", "sull", "dall", "un", "quest", "quell",
	};
	if (w.size() == 1)
		return w[0] >= 'a' && w[0] <= 'z';
	for (const char *e : words)
		if (w == e)
			return true;
	return false;
}

/* A character of a script written without spaces between words: Han
 * ideographs (Chinese, Japanese kanji) and Japanese kana. */
static bool ideograph(unsigned ch)
{
	if (ch < 0x3040)	/* most text, at one comparison */
		return false;
	return ch <= 0x30ff || (ch >= 0x3400 && ch <= 0x4dbf) ||
	       (ch >= 0x4e00 && ch <= 0x9fff) || (ch >= 0xf900 && ch <= 0xfaff) ||
	       (ch >= 0x20000 && ch <= 0x2fa1f);
}

Xapian::termpos tokenize(const char *text, size_t len, Xapian::termpos pos,
			 const compounds *cmp, const token_fn &fn)
{
	const unsigned char *p = (const unsigned char *)text;
	const unsigned char *end = p + len;
	string word, prev;
	Xapian::termpos prev_pos = 0;
	size_t prev_start = 0, start;
	bool hyphen_before = false;	/* prev and this word joined by '-' */

	while (p < end) {
		size_t n;
		unsigned ch = decode(p, end, &n);
		if (!wordchar(ch)) {
			p += n;
			continue;
		}
		/* One word. */
		start = (size_t)(p - (const unsigned char *)text);
		word.clear();
		if (ideograph(ch)) {
			/* written without spaces: each character a word, so a
			 * query's characters match as a phrase */
			Xapian::Unicode::append_utf8(word, ch);
			p += n;
			fn(word, pos, start, start + n);
			prev.clear();
			hyphen_before = false;
			pos++;
			continue;
		}
		bool ascii = true;	/* every character ASCII: nothing to unaccent */
		bool marks = false;	/* a character from U+0300 on: compose it */
		size_t seg = 0;		/* characters since the last dot */
		size_t elided = 0, rest = 0;	/* "l'": its bytes in word, where the rest starts */
		bool toolong = false;
		while (p < end) {
			ch = decode(p, end, &n);
			if (wordchar(ch) && !ideograph(ch)) {
				if (word.size() >= 4 * MAX_WORD)
					toolong = true;
				else if (ch < 0x80)	/* most text: skip the tables */
					word += (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
				else {
					ascii = false;
					marks |= ch >= 0x300;
					Xapian::Unicode::append_utf8(
						word, Xapian::Unicode::tolower(ch));
				}
				seg++;
				p += n;
				continue;
			}
			size_t n2;
			unsigned next = p + n < end ? decode(p + n, end, &n2) : 0;
			if (is_apostrophe(ch) && wordchar(next) && !ideograph(next)) {
				bool first = word.find('\'') == string::npos;
				word += '\'';
				p += n;
				seg = 0;
				if (first && elides(word.substr(0, word.size() - 1))) {
					elided = word.size();
					rest = (size_t)(p - (const unsigned char *)text);
				}
				continue;
			}
			/* "U.S." : a one-letter segment, a dot, then another. */
			if (ch == '.' && seg == 1 && next < 0x80 && wordchar(next) &&
			    p + n + 1 < end && !wordchar(p[n + 1])) {
				p += n;
				seg = 0;
				continue;
			}
			break;
		}
		/* below U+0300 every character is already in NFC; an
		 * elided prefix is ASCII, so elided stays its length */
		if (marks && !toolong)
			word = composed(word);
		size_t wl = word.size();
		if (wl >= 2 && word[wl - 2] == '\'' && word[wl - 1] == 's')
			word.resize(wl - 2);
		if (toolong || word.size() > MAX_WORD || word.empty()) {
			prev.clear();
			hyphen_before = false;
			continue;
		}
		size_t stop = (size_t)(p - (const unsigned char *)text);
		fn(word, pos, start, stop);
		if (elided && word.size() > elided)	/* at the same position */
			fn(word.substr(elided), pos, rest, stop);
		if (!ascii) {
			/* and without its accents (never longer), the rest
			 * of an elision too */
			string bare = unaccented_word(word);
			if (!bare.empty())
				fn(bare, pos, start, stop);
			if (elided && word.size() > elided) {
				bare = unaccented_word(word.substr(elided));
				if (!bare.empty())
					fn(bare, pos, rest, stop);
			}
		}
		if (!prev.empty() &&
		    (hyphen_before || (cmp && cmp->joins(prev, word))) &&
		    prev.size() + word.size() <= MAX_WORD)
			fn(prev + word, prev_pos, prev_start, stop);
		prev = word;
		prev_pos = pos;
		prev_start = start;
		pos++;
		/* Is the next word hyphenated to this one? */
		hyphen_before = false;
		if (p < end && (*p == '-' || (p + 2 < end && p[0] == 0xe2 &&
					      p[1] == 0x80 && p[2] == 0x91))) {
			size_t h = *p == '-' ? 1 : 3, n2;
			if (p + h < end && wordchar(decode(p + h, end, &n2)))
				hyphen_before = true;
		}
	}
	return pos;
}

} // namespace shim

extern "C" int shim_ideograph(unsigned cp)
{
	return shim::ideograph(cp);
}

extern "C" int shim_elides(const char *s, size_t n)
{
	string w;
	for (size_t i = 0; i < n; i++)
		w += (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	return shim::elides(w);
}
