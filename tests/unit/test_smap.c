/*
 * test_smap.c - the indexer's string -> uint32 map: every key put is found
 * with its value through many growths, absent keys (a key extended by
 * one byte, or differing in its first) are not, keys are compared
 * as bytes (NULs inside, the empty key), and a put of an existing key
 * keeps its value and hands back its slot.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "smap.h"

#define NKEYS 50000

static size_t key_of(unsigned i, char *buf)
{
	/* lengths 1..40, so every tail length of the 8-byte hash occurs */
	size_t n = (size_t)snprintf(buf, 64, "k%u", i), want = 1 + i % 40;

	for (; n < want; n++)
		buf[n] = (char)('a' + (i + n) % 26);
	return want < n ? n : want;
}

static void test_many(void)
{
	struct smap m = { 0 };
	char k[64];
	unsigned i;
	uint32_t v;
	size_t n;

	for (i = 0; i < NKEYS; i++) {
		n = key_of(i, k);
		CHECK_INT(smap_put(&m, k, n, i, NULL), 0);
	}
	CHECK_INT(m.n, NKEYS);
	CHECK(m.cap >= 2 * m.n);
	for (i = 0; i < NKEYS; i++) {
		n = key_of(i, k);
		v = UINT32_MAX;
		if (!smap_get(&m, k, n, &v) || v != i) {
			CHECK(!"key lost or value wrong");
			break;
		}
		/* no key ends in '#' or starts with 'K' */
		k[n] = '#';
		if (smap_get(&m, k, n + 1, NULL)) {
			CHECK(!"extension found");
			break;
		}
		k[0] = 'K';
		if (smap_get(&m, k, n, NULL)) {
			CHECK(!"key differing in its first byte found");
			break;
		}
	}
	smap_free(&m);
	CHECK_INT(m.n, 0);
	CHECK(!smap_get(&m, "k1", 2, NULL));
}

static void test_bytes(void)
{
	struct smap m = { 0 };
	uint32_t *slot, v = 0;

	CHECK_INT(smap_put(&m, "a\0b", 3, 1, NULL), 0);
	CHECK_INT(smap_put(&m, "a\0c", 3, 2, NULL), 0);
	CHECK_INT(smap_put(&m, "", 0, 3, NULL), 0);
	CHECK(smap_get(&m, "a\0b", 3, &v) && v == 1);
	CHECK(smap_get(&m, "a\0c", 3, &v) && v == 2);
	CHECK(smap_get(&m, "", 0, &v) && v == 3);
	CHECK(!smap_get(&m, "a", 1, NULL));
	/* an existing key keeps its value; the slot it hands back is live */
	CHECK_INT(smap_put(&m, "a\0b", 3, 99, &slot), 1);
	CHECK_INT(*slot, 1);
	*slot = 7;
	CHECK(smap_get(&m, "a\0b", 3, &v) && v == 7);
	CHECK_INT(m.n, 3);
	smap_free(&m);
}

int main(void)
{
	test_many();
	test_bytes();
	return CHECK_DONE();
}
