/*
 * snippet.cc - the few lines of an article that show why it matched.
 *
 * The text is read with the tokenizer that indexed it (tokenize.cc), so a
 * snippet highlights what the index matched: "Huawei’s" for huawei, "U.S."
 * for us, "back-door" and "back door" for backdoor, the words of a phrase
 * only where they stand in order.  Xapian's MSet::snippet() reads text
 * with its own rules, which disagree on all of these, and took a third of
 * a results page's time.
 *
 * snippet() is a pure function over a buffer: what a fuzzer calls.
 */
#include <algorithm>

#include "internal.h"

using namespace std;

namespace shim {

namespace {

struct tok {
	string w;
	Xapian::termpos pos;
	size_t start, end;
};

/* A stretch of text to highlight, and what it is worth: the term (or
 * phrase) it matched, so that a snippet prefers different ones. */
struct mark {
	size_t start, end;
	string what;
	double weight;
};

bool has_prefix(const highlights &h, const string &w)
{
	for (const string &p : h.prefixes)
		if (w.compare(0, p.size(), p) == 0)
			return true;
	return false;
}

/* Tokens t, u: the two parts of a compound written apart, one space
 * between them ("back door", which the index joins to backdoor)? */
bool written_apart(const tok &t, const tok &u, const char *text)
{
	return u.pos == t.pos + 1 && u.start == t.end + 1 && text[t.end] == ' ';
}

/* The tokens by position, sorted: a position may have several, as the
 * index has them ("l'agence" and agence; back and the joined backdoor). */
typedef vector<pair<Xapian::termpos, size_t>> positions;

/*
 * Is word w at position at: one of its tokens, or a compound written
 * apart there?  Returns how many positions it takes (0: not there) and
 * widens *end to its last byte.
 */
unsigned word_at(const positions &by_pos, const vector<tok> &toks,
		 const char *text, Xapian::termpos at, const string &w,
		 size_t *end)
{
	auto here = [&by_pos](Xapian::termpos p) {
		return equal_range(by_pos.begin(), by_pos.end(), make_pair(p, (size_t)0),
				   [](const pair<Xapian::termpos, size_t> &a,
				      const pair<Xapian::termpos, size_t> &b) {
					   return a.first < b.first;
				   });
	};
	auto r = here(at), next = here(at + 1);
	for (auto it = r.first; it != r.second; ++it) {
		const tok &t = toks[it->second];
		if (t.w == w) {
			*end = max(*end, t.end);
			return 1;
		}
		for (auto u = next.first; u != next.second; ++u) {
			const tok &v = toks[u->second];
			if (written_apart(t, v, text) && t.w + v.w == w) {
				*end = max(*end, v.end);
				return 2;
			}
		}
	}
	return 0;
}

/* The marks of toks, in text order, overlapping ones merged. */
vector<mark> find_marks(const highlights &h, const vector<tok> &toks,
			const char *text)
{
	vector<mark> m;
	/* the lengths of the words, so that few pairs are joined to try */
	uint64_t lengths = 0;
	for (const string &w : h.words)
		lengths |= 1ull << (w.size() < 63 ? w.size() : 63);
	positions by_pos;
	for (size_t i = 0; i < toks.size(); i++)
		by_pos.emplace_back(toks[i].pos, i);
	sort(by_pos.begin(), by_pos.end());
	/* a phrase: its words at the positions after its first's */
	for (const vector<string> &ph : h.phrases) {
		for (size_t i = 0; !ph.empty() && i < toks.size(); i++) {
			if (toks[i].w != ph[0])
				continue;
			size_t end = toks[i].end, k = 1;
			Xapian::termpos at = toks[i].pos + 1;
			for (unsigned took; k < ph.size(); k++, at += took)
				if (!(took = word_at(by_pos, toks, text, at, ph[k], &end)))
					break;
			if (k == ph.size())
				m.push_back({ toks[i].start, end, "\"" + ph[0], 2.0 });
		}
	}
	for (size_t i = 0; i < toks.size(); i++) {
		const tok &t = toks[i];
		if (h.words.count(t.w) || has_prefix(h, t.w)) {
			m.push_back({ t.start, t.end, t.w, 1.0 });
			continue;
		}
		/* "back door" for backdoor ("back-door" the tokenizer joins
		 * itself) */
		if (i + 1 < toks.size() && written_apart(t, toks[i + 1], text) &&
		    t.w.size() + toks[i + 1].w.size() < 63 &&
		    (lengths >> (t.w.size() + toks[i + 1].w.size()) & 1) &&
		    h.words.count(t.w + toks[i + 1].w))
			m.push_back({ t.start, toks[i + 1].end, t.w + toks[i + 1].w, 1.0 });
	}
	sort(m.begin(), m.end(), [](const mark &a, const mark &b) {
		return a.start < b.start || (a.start == b.start && a.end > b.end);
	});
	vector<mark> out;
	for (mark &x : m) {
		if (!out.empty() && x.start < out.back().end) {
			out.back().end = max(out.back().end, x.end);
			continue;
		}
		out.push_back(move(x));
	}
	return out;
}

/* Does a sentence start at text[i], a word: after ". ", "? ", "! " (a
 * closing quote or bracket between) or a blank line?  One line break is
 * a blank: scraped text keeps the lines it was wrapped in. */
bool starts_sentence(const char *text, size_t i)
{
	size_t j = i, breaks = 0;
	bool blank = false;
	while (j > 0 && (text[j - 1] == ' ' || text[j - 1] == '\t' ||
			 text[j - 1] == '\n' || text[j - 1] == '\r')) {
		breaks += text[j - 1] == '\n';
		j--;
		blank = true;
	}
	if (j == 0 || breaks >= 2)
		return true;
	if (!blank)
		return false;
	while (j > 0 && (text[j - 1] == '"' || text[j - 1] == '\'' ||
			 text[j - 1] == ')'))
		j--;
	return j > 0 && (text[j - 1] == '.' || text[j - 1] == '?' ||
			 text[j - 1] == '!');
}

/* Appends text[from, to) to o, blanks folded to one space, escaped for
 * HTML when html. */
void put_text(string &o, const char *text, size_t from, size_t to, bool html)
{
	for (size_t i = from; i < to; i++) {
		char c = text[i];
		if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
			if (!o.empty() && o.back() != ' ')
				o += ' ';
			continue;
		}
		if (html && c == '&')
			o += "&amp;";
		else if (html && c == '<')
			o += "&lt;";
		else if (html && c == '>')
			o += "&gt;";
		else if (html && c == '"')
			o += "&quot;";
		else
			o += c;
	}
}

} // namespace

string snippet(const highlights &h, const char *text, size_t len,
	       size_t length, const string &pre, const string &post, bool html,
	       const string &omit)
{
	vector<tok> toks;
	toks.reserve(len / 6 + 1);
	tokenize(text, len, 1, nullptr,
		 [&toks](const string &w, Xapian::termpos p, size_t s, size_t e) {
			 toks.push_back({ w, p, s, e });
		 });
	vector<mark> marks = find_marks(h, toks, text);

	/* The window: from the match that begins the most different matches
	 * within length bytes (more of one only breaks a tie), with some of
	 * what leads up to it; or the text's start when nothing matched. */
	size_t best = 0, last = 0;	/* last: where best's last mark ends */
	double best_score = -1;
	for (size_t j = 0; j < marks.size(); j++) {
		vector<const string *> seen;
		double score = 0;
		size_t end = marks[j].end;
		for (size_t k = j; k < marks.size() &&
				   marks[k].end - marks[j].start <= length; k++) {
			bool again = false;
			for (const string *s : seen)
				if (*s == marks[k].what)
					again = true;
			score += again ? marks[k].weight / 10 : marks[k].weight;
			if (!again) {
				seen.push_back(&marks[k].what);
				end = marks[k].end;
			}
		}
		if (score > best_score) {
			best_score = score;
			best = j;
			last = end;
		}
	}
	size_t from = 0;
	bool sentence = true;	/* from starts a sentence: no "…" */
	if (!marks.empty() && (marks[best].start > length / 4 || last > length)) {
		/* The sentence the match is in, if it starts within half a
		 * window before it; else a quarter of a window before it,
		 * from the start of a word.  Either only so far back that
		 * the window keeps every different match that made it the
		 * best ("nuclear ... treaty", not "nuclear" alone). */
		size_t m = marks[best].start,
		       want = max(m > length / 4 ? m - length / 4 : 0,
				  last > length ? last - length : 0);
		from = SIZE_MAX;
		for (const tok &t : toks)
			if (t.start + length / 2 >= m && t.start <= m &&
			    t.start + length >= last &&
			    starts_sentence(text, t.start))
				from = t.start;
		if (from == SIZE_MAX) {
			sentence = false;
			for (const tok &t : toks)
				if (t.start >= want) {
					from = min(t.start, m);
					break;
				}
		}
	}
	size_t to = from;
	for (const tok &t : toks)
		if (t.start >= from && t.end - from <= length)
			to = max(to, t.end);
	if (toks.empty() || to == from) {	/* no word: whole characters */
		to = min(len, from + length);
		while (to < len && to > from && ((unsigned char)text[to] & 0xC0) == 0x80)
			to--;
	}
	if (len - to < 8 && len - from <= length + 8)	/* "…" for a word or two? */
		to = len;
	/* A mark cut by the window's end is left out of it, not cut. */
	string o;
	if (from > 0 && !sentence)
		o += omit;
	size_t at = from;
	for (const mark &m : marks) {
		if (m.start < from)
			continue;
		if (m.end > to)
			break;
		put_text(o, text, at, m.start, html);
		o += pre;
		put_text(o, text, m.start, m.end, html);
		o += post;
		at = m.end;
	}
	put_text(o, text, at, to, html);
	if (!o.empty() && o.back() == ' ')
		o.pop_back();
	if (to < len)
		o += omit;
	return o;
}

} // namespace shim
