/* layout.h - the index directory (layout.cc). */
#ifndef DOSSIER_SHIM_LAYOUT_H
#define DOSSIER_SHIM_LAYOUT_H

#include <string>
#include <vector>

#include "internal.h"

namespace shim {
std::string marker_path(const std::string &dir);
std::string stub_path(const std::string &dir);
std::string lexicon_path(const std::string &dir);
/*
 * The spelling dictionary is split into partitions DIR/spelling.K, K <
 * spelling_parts(lexicon), written in parallel; a word lives in partition
 * fnv1a64(word) % parts (shard_of() in writer.cc).  Xapian merges the
 * partitions' trigram lists and sums their frequencies, so the partitions
 * opened as one database suggest exactly what one table would.
 */
const char SPELLING_PARTS[] = "spelling_parts";
std::string spelling_path(const std::string &dir, unsigned k);
/* The lexicon's partition count, 0 when missing or damaged. */
unsigned spelling_parts(const Xapian::Database &lex);
/* SHIM_OK when there are parts (> 0) partitions in dir, else SHIM_CORRUPT
 * and why in msg. */
shim_status_t check_spelling(const std::string &dir, unsigned parts,
			     std::string &msg);
/* SHIM_OK when dir is a dossier index of this schema version. */
shim_status_t check_index(const std::string &dir, std::string &msg);
/*
 * Makes dir (and parents) into a new, empty index of nshards local shards
 * (1 .. SHIM_MAX_SHARDS); dir must be absent or empty.
 */
shim_status_t create_index(const std::string &dir, unsigned nshards,
			   std::string &msg);
/*
 * The local shard directories the stub names, in order; *nremote (may be
 * NULL) gets the number of its other lines (remote shards, ...).
 */
std::vector<std::string> shard_paths(const std::string &dir,
				     size_t *nremote = nullptr);
}

#endif
