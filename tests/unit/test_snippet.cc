/*
 * test_snippet.cc - shim::snippet(), the pure function that cuts and
 * highlights a hit's text: what the tokenizer indexed is what it marks
 * (a possessive, dotted initials, a compound written apart or with a
 * hyphen, a wildcard's words), a phrase only where its words stand in
 * order, an entity's name; the window holds the most different matches,
 * starts at a sentence when one is near, never passes its length, never
 * cuts a word or a mark; "…" where text was left out; HTML escaped when
 * asked.  And any bytes at all (a fuzzer's diet) give valid output.
 */
#include <string>

#include "check.h"
#include "internal.h"

using std::string;

/* CHECK_STR of a std::string result, kept alive for the check */
#define CHECK_S(got, want)                        \
	do {                                      \
		string got_ = (got);              \
		CHECK_STR(got_.c_str(), want);    \
	} while (0)

static string snip(const shim::highlights &h, const string &text, size_t length = 240,
		   bool html = false)
{
	return shim::snippet(h, text.data(), text.size(), length, "[", "]", html, "…");
}

static shim::highlights words(std::initializer_list<const char *> w)
{
	shim::highlights h;
	for (const char *x : w)
		h.words.insert(x);
	return h;
}

static void test_forms(void)
{
	shim::highlights h = words({ "huawei", "us", "backdoor", "don't" });
	CHECK_S(snip(h, "Huawei’s kit and Huawei's too."),
		  "[Huawei’s] kit and [Huawei's] too.");
	CHECK_S(snip(h, "Sold in the U.S. market."), "Sold in the [U.S]. market.");
	CHECK_S(snip(h, "No back door, no back-door, no backdoor; a back  door."),
		  "No [back door], no [back-door], no [backdoor]; a back door.");
	CHECK_S(snip(h, "I don’t know."), "I [don’t] know.");
	/* after an elided article, the word: "l’Agence" for agence */
	shim::highlights fr = words({ "agence", "anssi" });
	CHECK_S(snip(fr, "L’Agence et l'ANSSI, jusqu'à l'agence."),
		"L’[Agence] et l'[ANSSI], jusqu'à l'[agence].");
	/* a word typed without accents: its accented forms, after an
	 * elision too; not the other way round */
	shim::highlights bare = words({ "securite", "etat" });
	CHECK_S(snip(bare, "La Sécurité de l’État, la securite d'Ǘtat."),
		"La [Sécurité] de l’[État], la [securite] d'Ǘtat.");
	CHECK_S(snip(words({ "sécurité" }), "La securite."), "La securite.");
	/* a word inside another is no match */
	CHECK_S(snip(h, "Huaweiphones and usa."), "Huaweiphones and usa.");
	shim::highlights w;
	w.prefixes.push_back("cyber");
	CHECK_S(snip(w, "Cyber attacks, cybersecurity and a cyborg."),
		  "[Cyber] attacks, [cybersecurity] and a cyborg.");
}

static void test_phrases(void)
{
	shim::highlights h;
	h.phrases.push_back({ "smoking", "gun" });
	CHECK_S(snip(h, "A gun, smoking. No smoking gun. Smoking  guns."),
		  "A gun, smoking. No [smoking gun]. Smoking guns.");
	/* a phrase's word may be any form the index has at its position:
	 * the word after an elided l', a compound joined from two */
	shim::highlights fr;
	fr.phrases.push_back({ "agence", "nationale" });
	fr.phrases.push_back({ "huawei", "backdoor" });
	CHECK_S(snip(fr, "Then l'Agence nationale saw Huawei’s back-door."),
		"Then l'[Agence nationale] saw [Huawei’s back-door].");
	CHECK_S(snip(fr, "Then Huawei’s back door."), "Then [Huawei’s back door].");
	/* ideographs: each a word, a run of them a phrase */
	shim::highlights zh;
	zh.phrases.push_back({ "实", "体", "清", "单" });
	CHECK_S(snip(zh, "列入实体清单，此举清单实体。"), "列入[实体清单]，此举清单实体。");
	/* an entity's name, and the phrase parts of "back-door" */
	shim::highlights e;
	e.phrases.push_back({ "national", "cyber", "security", "centre" });
	e.phrases.push_back({ "back", "door" });
	CHECK_S(snip(e, "The National Cyber Security Centre saw a back-door."),
		  "The [National Cyber Security Centre] saw a [back-door].");
}

static void test_window(void)
{
	string filler;
	for (int i = 0; i < 40; i++)
		filler += "filler words without any match here ";
	shim::highlights h = words({ "alpha", "beta" });
	/* the window goes where both words are, not to the lone alpha */
	string text = "Alpha starts it. " + filler + "Then comes the part. Alpha and beta meet. " +
		      filler;
	string s = snip(h, text, 120);
	CHECK(s.find("[Alpha] and [beta]") != string::npos);
	CHECK_S(s.substr(0, 24), "[Alpha] and [beta] meet.");	/* a sentence */
	CHECK(s.size() <= 120 + 2 * strlen("…"));
	CHECK(s.compare(s.size() - strlen("…"), string::npos, "…") == 0);
	/* no sentence start near: a quarter window of lead, from a word */
	/* the sentence the match is in, when it starts near */
	s = snip(h, filler + "End. Then comes the part with alpha in it. " + filler, 120);
	CHECK_S(s.substr(0, 25), "Then comes the part with ");
	string t = filler + "alpha " + filler;
	s = snip(h, t, 100);
	CHECK(s.compare(0, strlen("…"), "…") == 0);
	CHECK(s.find("[alpha]") != string::npos);
	CHECK(s.find("[alpha]") >= 10);
	/* a sentence that starts so far back that the window from it would
	 * lose a word of the best stretch: the window keeps the words */
	shim::highlights three = words({ "nuclear", "treaty", "weapons" });
	s = snip(three, filler + "End. Here we said we would control all the nuclear "
			"materials we hold and secure nuclear stock and sign the "
			"treaty that limits weapons. " + filler, 120);
	CHECK(s.find("[treaty]") != string::npos && s.find("[weapons]") != string::npos &&
	      s.find("[nuclear]") != string::npos);
	/* so near the start that the window from it would lose one too */
	s = snip(three, "In our time we hold nuclear stock and we will secure all "
			"the nuclear stock and sign the new treaty on arms and "
			"weapons. " + filler, 100);
	CHECK(s.find("[treaty]") != string::npos && s.find("[weapons]") != string::npos &&
	      s.find("[nuclear]") != string::npos);
	CHECK(s.compare(0, strlen("…"), "…") == 0);
	/* nothing matched: the text's start */
	s = snip(words({ "zzz" }), text, 50);
	CHECK_S(s.substr(0, 16), "Alpha starts it.");
	/* short text: all of it, blanks folded */
	CHECK_S(snip(h, "  Alpha\n\n\tand beta.\n"), "[Alpha] and [beta].");
	CHECK_S(snip(h, ""), "");
	/* no word at all: cut between characters */
	string dashes;
	for (int i = 0; i < 100; i++)
		dashes += "\xe2\x80\x94";
	s = snip(h, dashes, 50);
	string cut = dashes.substr(0, 48) + "…";
	CHECK_S(s, cut.c_str());
}

static void test_html(void)
{
	shim::highlights h = words({ "say" });
	CHECK_S(shim::snippet(h, "Officials <say> \"x\" & more", 26, 240, "<b>", "</b>", true, "…"),
		  "Officials &lt;<b>say</b>&gt; &quot;x&quot; &amp; more");
}

/* Any bytes: no crash (ASan), the length bound held, marks balanced. */
static void test_bytes(void)
{
	uint64_t x = 88172645463325252ull;
	shim::highlights h = words({ "ab", "a", "\xc3\xa9" });
	h.prefixes.push_back("b");
	h.phrases.push_back({ "a", "b" });
	for (int round = 0; round < 3000; round++) {
		string t;
		size_t n = round % 300;
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			static const char alphabet[] = "ab \n.-'\xc3\xa9\xe2\x80\x99\x80\xff\0";
			t += alphabet[x % (sizeof alphabet - 1)];
		}
		string s = snip(h, t, 1 + round % 90);
		size_t open = 0, close = 0;
		for (char c : s) {
			open += c == '[';
			close += c == ']';
		}
		CHECK(open == close);
		CHECK(s.size() <= t.size() + 2 * open + 2 * strlen("…"));
	}
}

int main(void)
{
	test_forms();
	test_phrases();
	test_window();
	test_html();
	test_bytes();
	return CHECK_DONE();
}
