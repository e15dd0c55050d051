/*
 * test_counts.cc - the shard workers' flat string counter (shim/counts.h):
 * every string counted through the table's growths comes back with its
 * count, once; strings differing in one byte or in length are apart;
 * bytes are bytes (NUL inside, empty string); clear() empties it for
 * reuse.  Checked against std::map.
 */
#include <map>
#include <string>

#include "check.h"
#include "counts.h"

static std::string key(unsigned i)
{
	/* short and long, sharing prefixes */
	std::string k = "w" + std::to_string(i % 9973);
	if (i % 3 == 0)
		k += "-suffix-making-it-longer-" + std::to_string(i % 7);
	return k;
}

static void test_against_map(void)
{
	shim::counts c;
	std::map<std::string, unsigned> want;

	for (unsigned i = 0; i < 200000; i++) {
		std::string k = key(i * 2654435761u % 50021);
		c.add(k);
		want[k]++;
	}
	CHECK_INT(c.size(), want.size());
	size_t seen = 0;
	bool all_right = true;
	c.for_each([&](std::string_view s, unsigned n) {
		auto w = want.find(std::string(s));
		if (w == want.end() || w->second != n)
			all_right = false;
		else
			w->second = 0;	/* a second visit would be wrong */
		seen++;
	});
	CHECK(all_right);
	CHECK_INT(seen, want.size());
	for (const auto &w : want)
		CHECK_INT(w.second, 0);
}

/* The count of s, read the way the writer reads them (0: never counted). */
static unsigned get(const shim::counts &c, std::string_view s)
{
	unsigned n = 0;
	c.for_each([&](std::string_view k, unsigned v) {
		if (k == s)
			n = v;
	});
	return n;
}

static void test_bytes(void)
{
	shim::counts c;
	std::string nul("a\0b", 3), nul2("a\0c", 3);

	CHECK_INT(get(c, "x"), 0);
	c.add("");
	c.add(nul);
	c.add(nul);
	c.add(nul2);
	c.add("ab");
	c.add("abc");
	c.add("abd");
	c.add("abd");
	CHECK_INT(get(c, ""), 1);
	CHECK_INT(get(c, nul), 2);
	CHECK_INT(get(c, nul2), 1);
	CHECK_INT(get(c, "a"), 0);
	CHECK_INT(get(c, "ab"), 1);
	CHECK_INT(get(c, "abc"), 1);
	CHECK_INT(get(c, "abd"), 2);
	CHECK_INT(get(c, "abe"), 0);
	CHECK_INT(get(c, "abcd"), 0);
	CHECK_INT(c.size(), 6);

	c.clear();
	CHECK(c.empty());
	CHECK_INT(get(c, "abd"), 0);
	size_t n = 0;
	c.for_each([&](std::string_view, unsigned) { n++; });
	CHECK_INT(n, 0);
	c.add("abd");
	CHECK_INT(get(c, "abd"), 1);
	CHECK_INT(c.size(), 1);
}

int main(void)
{
	test_against_map();
	test_bytes();
	return CHECK_DONE();
}
