/*
 * smap.h - a string -> uint32 hash map (open addressing, keys copied),
 * for the indexer's per-article and per-run tables.
 */
#ifndef DOSSIER_SMAP_H
#define DOSSIER_SMAP_H

#include <stddef.h>
#include <stdint.h>

struct smap_slot {
	char *key;
	size_t klen;
	uint32_t val;
};

/* Zero-initialised is empty. */
struct smap {
	struct smap_slot *slot;
	size_t cap, n;
};

/* 1 with *val set (val may be NULL) when k[0..n) is in m, else 0. */
int smap_get(const struct smap *m, const char *k, size_t n, uint32_t *val);

/*
 * Finds or inserts k.  *valp (may be NULL) points at the value slot (valid
 * until the next insertion).  Returns 1 when k existed, 0 when inserted
 * with val, -1 when out of memory.
 */
int smap_put(struct smap *m, const char *k, size_t n, uint32_t val,
	     uint32_t **valp);

/* Frees the table and its keys; m is empty again. */
void smap_free(struct smap *m);

#endif
