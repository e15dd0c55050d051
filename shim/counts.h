/*
 * counts.h - how many times each byte string was counted, in one flat
 * table: open addressing (linear probing) over a power-of-two array of
 * slots, the strings themselves in one arena.
 *
 * A shard worker counts every word form of every document of a batch
 * (writer.cc, count_forms()): std::unordered_map, with a node per key and
 * a prime modulo per lookup, was 4% of a run.  Nothing is ever removed but
 * by clear(), which keeps the capacity, so a worker's memory is that of
 * its largest batch.
 */
#ifndef DOSSIER_SHIM_COUNTS_H
#define DOSSIER_SHIM_COUNTS_H

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace shim {

class counts {
public:
	/* Counts s once more. */
	void add(std::string_view s)
	{
		if ((used_ + 1) * 4 > slots_.size() * 3)
			grow();
		uint64_t h = std::hash<std::string_view>()(s);
		size_t mask = slots_.size() - 1;
		for (size_t i = h & mask;; i = (i + 1) & mask) {
			slot &x = slots_[i];
			if (x.count == 0) {
				x = slot{ h, arena_.size(), s.size(), 1 };
				arena_.append(s.data(), s.size());
				used_++;
				return;
			}
			if (x.hash == h && x.len == s.size() &&
			    memcmp(arena_.data() + x.off, s.data(), s.size()) == 0) {
				x.count++;
				return;
			}
		}
	}

	/* fn(string_view, unsigned count) for every string, in no order; the
	 * views live until the next add() or clear(). */
	template <class F> void for_each(F fn) const
	{
		for (const slot &x : slots_)
			if (x.count)
				fn(std::string_view(arena_.data() + x.off, x.len),
				   x.count);
	}

	size_t size() const { return used_; }
	bool empty() const { return used_ == 0; }

	void clear()
	{
		if (used_ == 0)
			return;
		std::fill(slots_.begin(), slots_.end(), slot{});
		arena_.clear();
		used_ = 0;
	}

private:
	struct slot {
		uint64_t hash = 0;
		size_t off = 0;
		size_t len = 0;
		unsigned count = 0;	/* 0: the slot is empty */
	};

	/* Doubles the slots (at least 1024) and places every string again. */
	void grow()
	{
		std::vector<slot> old(slots_.size() ? slots_.size() * 2 : 1024);
		old.swap(slots_);
		size_t mask = slots_.size() - 1;
		for (const slot &x : old) {
			if (x.count == 0)
				continue;
			size_t i = x.hash & mask;
			while (slots_[i].count)
				i = (i + 1) & mask;
			slots_[i] = x;
		}
	}

	std::vector<slot> slots_;
	std::string arena_;
	size_t used_ = 0;
};

} // namespace shim

#endif
