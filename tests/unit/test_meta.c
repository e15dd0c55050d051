/*
 * test_meta.c - the stored metadata record (shim/meta.cc): what is packed
 * comes back, and no byte string, however damaged, crashes the unpacker or
 * makes it read outside its buffer.
 */
#include "check.h"
#include "shim.h"

static void test_round_trip(void)
{
	const char *orgs[] = { "National Cyber Security Centre", "Huawei" };
	const char *places[] = { "United Kingdom" };
	struct shim_meta m = { 0 }, u;
	char *buf;
	size_t len;

	m.id = "a-1";
	m.title = "NCSC finds \"significant\" issues";
	m.date = "2019-03-28";
	m.source = "Policy Wire";
	m.url = "https://example.org/a";
	m.lang = "en";
	m.path = "/tmp/a.txt";
	m.format = "text";
	m.record = 3;
	m.line = 1451;
	m.ents[SHIM_META_ORG] = orgs;
	m.nents[SHIM_META_ORG] = 2;
	m.ents[SHIM_META_PLACE] = places;
	m.nents[SHIM_META_PLACE] = 1;
	CHECK_INT(shim_meta_pack(&m, &buf, &len), SHIM_OK);
	CHECK_INT(shim_meta_unpack(buf, len, &u), SHIM_OK);
	CHECK_STR(u.id, "a-1");
	CHECK_STR(u.title, m.title);
	CHECK_STR(u.date, "2019-03-28");
	CHECK_STR(u.source, "Policy Wire");
	CHECK(u.author == NULL);	/* absent stays absent */
	CHECK_STR(u.url, m.url);
	CHECK_STR(u.lang, "en");
	CHECK_STR(u.path, "/tmp/a.txt");
	CHECK_STR(u.format, "text");
	CHECK_INT(u.record, 3);
	CHECK_INT(u.line, 1451);
	CHECK_INT(u.nents[SHIM_META_ORG], 2);
	CHECK_INT(u.nents[SHIM_META_PERSON], 0);
	CHECK_INT(u.nents[SHIM_META_PLACE], 1);
	if (u.nents[SHIM_META_ORG] == 2) {
		CHECK_STR(u.ents[SHIM_META_ORG][0], "National Cyber Security Centre");
		CHECK_STR(u.ents[SHIM_META_ORG][1], "Huawei");
	}
	if (u.nents[SHIM_META_PLACE] == 1)
		CHECK_STR(u.ents[SHIM_META_PLACE][0], "United Kingdom");
	/* strings point into the buffer: no copies per hit */
	CHECK(u.title > buf && u.title < buf + len);
	shim_meta_clear(&u);
	CHECK(u.title == NULL && u.store == NULL);

	/* every truncation is refused, or unpacks to a prefix of the fields */
	for (size_t cut = 0; cut < len; cut++) {
		shim_status_t st = shim_meta_unpack(buf, cut, &u);
		CHECK(st == SHIM_OK || st == SHIM_CORRUPT);
		if (st == SHIM_CORRUPT)
			CHECK(u.id == NULL && u.nents[0] == 0 && u.store == NULL);
		shim_meta_clear(&u);
	}
	free(buf);
}

static void test_damaged(void)
{
	struct shim_meta u;
	static const char no_nul[] = { 1, 't', 'a', 'b' };
	static const char bad_version[] = { 9, 't', 'x', 0 };
	static const char lone_tag[] = { 1, 't', 'x', 0, 'd' };
	static const char unknown[] = { 1, 'Z', 'q', 0, 't', 'T', 0 };
	static const char empty_value[] = { 1, 't', 0 };

	CHECK_INT(shim_meta_unpack(no_nul, sizeof no_nul, &u), SHIM_CORRUPT);
	CHECK_INT(shim_meta_unpack(bad_version, sizeof bad_version, &u), SHIM_CORRUPT);
	CHECK_INT(shim_meta_unpack(lone_tag, sizeof lone_tag, &u), SHIM_CORRUPT);
	CHECK_INT(shim_meta_unpack("", 0, &u), SHIM_CORRUPT);
	CHECK_INT(shim_meta_unpack(NULL, 0, &u), SHIM_CORRUPT);
	/* the JSON of schema 2 is not a record */
	CHECK_INT(shim_meta_unpack("{\"v\":2}", 7, &u), SHIM_CORRUPT);
	/* a tag this version does not know is skipped */
	CHECK_INT(shim_meta_unpack(unknown, sizeof unknown, &u), SHIM_OK);
	CHECK_STR(u.title, "T");
	shim_meta_clear(&u);
	CHECK_INT(shim_meta_unpack(empty_value, sizeof empty_value, &u), SHIM_OK);
	CHECK_STR(u.title, "");
	shim_meta_clear(&u);
	shim_meta_clear(NULL);
}

/* Random bytes after a valid version byte: never a crash (ASan watches
 * the reads), always OK or CORRUPT. */
static void test_random(void)
{
	unsigned long long x = 88172645463325252ull;
	char buf[64];

	for (int it = 0; it < 200000; it++) {
		size_t n = 1 + (size_t)(x % sizeof buf);
		struct shim_meta u;
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* mostly tags and NULs, so deep paths are reached */
			buf[i] = (char)("\0\0tOPLin\1xy"[x % 11]);
		}
		buf[0] = 1;
		shim_status_t st = shim_meta_unpack(buf, n, &u);
		CHECK(st == SHIM_OK || st == SHIM_CORRUPT);
		for (int t = 0; t < SHIM_META_NENT; t++)
			for (size_t k = 0; k < u.nents[t]; k++)
				CHECK(u.ents[t][k] >= buf && u.ents[t][k] < buf + n);
		shim_meta_clear(&u);
	}
}

int main(void)
{
	test_round_trip();
	test_damaged();
	test_random();
	return CHECK_DONE();
}
