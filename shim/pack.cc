/*
 * pack.cc - the stored document data, LZ4-compressed.
 *
 * Xapian compresses document data with zlib; a page of ten hits then
 * inflates ten whole articles (a State of the Union speech is 40 KB) for
 * its snippets, tens of microseconds each.  LZ4 decompresses several times
 * faster.  The packed bytes go in a value slot, which Xapian stores as it
 * is (see internal.h).
 */
#include <lz4.h>

#include <cstdint>

#include "internal.h"

using namespace std;

namespace shim {

static const char MAGIC = 'L';
static const size_t HEADER = 5;

bool pack_data(const char *data, size_t len, string &out)
{
	if (len > (size_t)LZ4_MAX_INPUT_SIZE)
		return false;
	int bound = LZ4_compressBound((int)len);
	out.resize(HEADER + (size_t)bound);
	out[0] = MAGIC;
	for (int i = 0; i < 4; i++)
		out[1 + i] = (char)((len >> (8 * i)) & 0xff);
	int n = LZ4_compress_default(data, &out[HEADER], (int)len, bound);
	if (n <= 0 && len > 0)
		return false;
	out.resize(HEADER + (size_t)n);
	return true;
}

bool unpack_data_prefix(const string &in, size_t want, string &out,
			bool *whole)
{
	if (in.size() < HEADER || in[0] != MAGIC)
		return false;
	size_t len = 0;
	for (int i = 0; i < 4; i++)
		len |= (size_t)(unsigned char)in[1 + i] << (8 * i);
	if (len > (size_t)LZ4_MAX_INPUT_SIZE)
		return false;
	size_t target = want < len ? want : len;
	*whole = target == len;
	out.resize(target);
	if (target == 0)
		return true;
	int n = *whole ? LZ4_decompress_safe(in.data() + HEADER, &out[0],
					     (int)(in.size() - HEADER), (int)len)
		       : LZ4_decompress_safe_partial(in.data() + HEADER, &out[0],
						     (int)(in.size() - HEADER),
						     (int)target, (int)target);
	return n == (int)target;
}

bool unpack_data(const string &in, string &out)
{
	bool whole;
	return unpack_data_prefix(in, SIZE_MAX, out, &whole);
}

} // namespace shim
