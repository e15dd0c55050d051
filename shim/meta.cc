/*
 * meta.cc - an article's stored metadata, packed into one value.
 *
 * Every hit of every page reads it, so it is built for decoding: no parser,
 * no allocation but one array of entity pointers, strings handed out in
 * place.  (It was a JSON object until schema 3; parsing that with json-c
 * was a third of a query's time.)
 *
 * Layout, version 1:
 *   byte 0       SHIM_META_VERSION
 *   then fields  TAG VALUE NUL   (TAG one byte, VALUE UTF-8 without NUL)
 * Tags: i id, t title, d date, s source, a author, u url, l lang, p path,
 * f format, r record (decimal), n line (decimal), O org, P person,
 * L place (repeatable, in the order given).  A missing field is absent.
 * The decoder skips tags it does not know, so a field can be added
 * without a new version; a changed meaning needs one.
 *
 * shim_meta_unpack() is a pure function over a buffer: what a fuzzer
 * calls.
 */
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "internal.h"

static const unsigned char SHIM_META_VERSION = 1;
/* A record bigger than this is refused at packing (a title or an entity
 * list gone wild); readers cap at SHIM_META_MAX too. */
static const size_t SHIM_META_MAX = 1u << 20;

namespace {

struct out_buf {
	char *p = nullptr;
	size_t len = 0, cap = 0;
	bool failed = false;

	void bytes(const void *s, size_t n)
	{
		if (failed)
			return;
		if (len + n > cap) {
			size_t c = cap ? cap : 256;
			while (c < len + n)
				c *= 2;
			char *v = (char *)realloc(p, c);
			if (!v) {
				failed = true;
				return;
			}
			p = v;
			cap = c;
		}
		memcpy(p + len, s, n);
		len += n;
	}

	void field(char tag, const char *value)
	{
		if (!value)
			return;
		bytes(&tag, 1);
		bytes(value, strlen(value) + 1);
	}

	void number(char tag, unsigned long v)
	{
		char buf[32];
		snprintf(buf, sizeof buf, "%lu", v);
		field(tag, buf);
	}
};

const char ENT_TAGS[SHIM_META_NENT] = { 'O', 'P', 'L' };

} // namespace

extern "C" shim_status_t shim_meta_pack(const struct shim_meta *m, char **out,
					size_t *len)
{
	out_buf b;
	*out = nullptr;
	*len = 0;
	b.bytes(&SHIM_META_VERSION, 1);
	b.field('i', m->id);
	b.field('t', m->title);
	b.field('d', m->date);
	b.field('s', m->source);
	b.field('a', m->author);
	b.field('u', m->url);
	b.field('l', m->lang);
	b.field('p', m->path);
	b.field('f', m->format);
	if (m->record)
		b.number('r', m->record);
	if (m->line)
		b.number('n', m->line);
	for (int t = 0; t < SHIM_META_NENT; t++)
		for (size_t k = 0; k < m->nents[t]; k++)
			b.field(ENT_TAGS[t], m->ents[t][k]);
	if (b.failed) {
		free(b.p);
		return SHIM_NOMEM;
	}
	if (b.len > SHIM_META_MAX) {
		free(b.p);
		return SHIM_TOO_BIG;
	}
	*out = b.p;
	*len = b.len;
	return SHIM_OK;
}

extern "C" shim_status_t shim_meta_unpack(const char *buf, size_t len,
					  struct shim_meta *m)
{
	size_t counts[SHIM_META_NENT] = { 0, 0, 0 }, total = 0;
	const char *end = buf + len, *p;

	memset(m, 0, sizeof *m);
	if (!buf || len < 1 || len > SHIM_META_MAX ||
	    (unsigned char)buf[0] != SHIM_META_VERSION)
		return SHIM_CORRUPT;
	/* First pass: check that every value ends inside buf; count the
	 * entities. */
	for (p = buf + 1; p < end;) {
		const char *nul = (const char *)memchr(p + 1, '\0', (size_t)(end - p - 1));
		if (p + 1 >= end || !nul)
			return SHIM_CORRUPT;
		for (int t = 0; t < SHIM_META_NENT; t++)
			if (*p == ENT_TAGS[t]) {
				counts[t]++;
				total++;
			}
		p = nul + 1;
	}
	if (total) {
		m->store = (const char **)malloc(total * sizeof *m->store);
		if (!m->store)
			return SHIM_NOMEM;
		size_t at = 0;
		for (int t = 0; t < SHIM_META_NENT; t++) {
			m->ents[t] = m->store + at;
			at += counts[t];
		}
	}
	for (p = buf + 1; p < end;) {
		const char *v = p + 1;
		size_t n = strlen(v);
		switch (*p) {
		case 'i': m->id = v; break;
		case 't': m->title = v; break;
		case 'd': m->date = v; break;
		case 's': m->source = v; break;
		case 'a': m->author = v; break;
		case 'u': m->url = v; break;
		case 'l': m->lang = v; break;
		case 'p': m->path = v; break;
		case 'f': m->format = v; break;
		case 'r': m->record = strtoul(v, nullptr, 10); break;
		case 'n': m->line = strtoul(v, nullptr, 10); break;
		default:
			for (int t = 0; t < SHIM_META_NENT; t++)
				if (*p == ENT_TAGS[t])
					m->ents[t][m->nents[t]++] = v;
			break;
		}
		p = v + n + 1;
	}
	return SHIM_OK;
}

extern "C" void shim_meta_clear(struct shim_meta *m)
{
	if (!m)
		return;
	free(m->store);
	memset(m, 0, sizeof *m);
}
