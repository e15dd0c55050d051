/*
 * layout.cc - the index directory: creating it, recognising it, checking
 * its schema version.  See shim.h for the layout.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "layout.h"

using namespace std;

extern "C" char *shim_default_dir(void)
{
	const char *env = getenv("DOSSIER_DB"), *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	try {
		string d;
		if (env && *env)
			d = env;
		else if (xdg && *xdg)
			d = string(xdg) + "/dossier/index";
		else
			d = string(home && *home ? home : ".") + "/.local/share/dossier/index";
		return strdup(d.c_str());
	} catch (...) {
		return nullptr;
	}
}

namespace shim {

static bool is_dir(const string &p)
{
	struct stat st;
	return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

static int mkdir_p(const string &path)
{
	string cur;
	size_t i = 0;
	while (i <= path.size()) {
		size_t j = path.find('/', i);
		if (j == string::npos)
			j = path.size();
		cur = path.substr(0, j);
		if (!cur.empty() && !is_dir(cur) && mkdir(cur.c_str(), 0777) != 0 &&
		    errno != EEXIST)
			return -1;
		i = j + 1;
	}
	return 0;
}

static int write_file_atomic(const string &path, const string &content)
{
	string tmp = path + ".tmp";
	FILE *f = fopen(tmp.c_str(), "w");
	if (!f)
		return -1;
	bool ok = fwrite(content.data(), 1, content.size(), f) == content.size();
	ok = (fflush(f) == 0) && ok;
	ok = (fsync(fileno(f)) == 0) && ok;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp.c_str(), path.c_str()) != 0) {
		unlink(tmp.c_str());
		return -1;
	}
	return 0;
}

string marker_path(const string &dir) { return dir + "/DOSSIER"; }
string stub_path(const string &dir) { return dir + "/XAPIANDB"; }
string lexicon_path(const string &dir) { return dir + "/lexicon"; }
string spelling_path(const string &dir, unsigned k)
{
	return dir + "/spelling." + to_string(k);
}

shim_status_t check_spelling(const string &dir, unsigned parts, string &msg)
{
	if (parts == 0) {
		msg = "the lexicon does not say how many spelling partitions "
		      "the index has (damaged index): rebuild it";
		return SHIM_CORRUPT;
	}
	for (unsigned k = 0; k < parts; k++)
		if (!is_dir(spelling_path(dir, k))) {
			msg = "spelling partition " + spelling_path(dir, k) +
			      " is missing (damaged index): rebuild it";
			return SHIM_CORRUPT;
		}
	return SHIM_OK;
}

unsigned spelling_parts(const Xapian::Database &lex)
{
	string v = lex.get_metadata(SPELLING_PARTS);
	char *end;
	unsigned long n = strtoul(v.c_str(), &end, 10);
	if (v.empty() || *end || n == 0 || n > SHIM_MAX_SHARDS)
		return 0;
	return (unsigned)n;
}

shim_status_t check_index(const string &dir, string &msg)
{
	struct stat st;
	if (stat(dir.c_str(), &st) != 0) {
		if (errno == ENOENT) {
			msg = "no index at " + dir;
			return SHIM_NOT_FOUND;
		}
		msg = dir + ": " + strerror(errno);
		return SHIM_IO;
	}
	if (!S_ISDIR(st.st_mode)) {
		msg = dir + " is not a dossier index (not a directory)";
		return SHIM_NOT_INDEX;
	}
	ifstream in(marker_path(dir));
	if (!in) {
		msg = dir + " is not a dossier index (no DOSSIER file)";
		return SHIM_NOT_INDEX;
	}
	string magic, word;
	int version = -1;
	getline(in, magic);
	in >> word >> version;
	if (magic != "dossier index" || word != "schema") {
		msg = dir + " is not a dossier index (bad DOSSIER file)";
		return SHIM_NOT_INDEX;
	}
	if (version != SHIM_SCHEMA_VERSION) {
		ostringstream o;
		o << dir << " has index schema " << version << ", this dossier reads "
		  << SHIM_SCHEMA_VERSION << ": rebuild the index";
		msg = o.str();
		return SHIM_VERSION;
	}
	return SHIM_OK;
}

/*
 * Xapian's table block size for new databases.  Glass reads every block
 * with a pread() that copies the whole block, and a query opens a posting
 * list per term and shard: with 8 KB blocks (Xapian's default) copying was
 * a tenth of a warm query.  4 KB blocks made warm queries 6% faster and
 * the bench index 9% smaller, at the same indexing speed (measured on the
 * bench corpus; 2 KB was slower again: more levels and more reads).
 */
const unsigned BLOCK_SIZE = 4096;

shim_status_t create_index(const string &dir, unsigned nshards, string &msg)
{
	assert(nshards >= 1 && nshards <= SHIM_MAX_SHARDS);
	if (mkdir_p(dir) != 0) {
		msg = "cannot create " + dir + ": " + strerror(errno);
		return SHIM_IO;
	}
	/* Only an empty directory becomes an index. */
	if (rmdir(dir.c_str()) == 0) {
		if (mkdir(dir.c_str(), 0777) != 0) {
			msg = "cannot create " + dir + ": " + strerror(errno);
			return SHIM_IO;
		}
	} else if (errno == ENOTEMPTY || errno == EEXIST) {
		msg = dir + " is not a dossier index (a directory with other files)";
		return SHIM_NOT_INDEX;
	}
	string stub;
	for (unsigned k = 0; k < nshards; k++) {
		string name = "s" + to_string(k);
		Xapian::WritableDatabase shard(dir + "/" + name,
					       Xapian::DB_CREATE_OR_OPEN,
					       BLOCK_SIZE);
		shard.commit();
		stub += "auto " + name + "\n";
	}
	/* One spelling partition per shard: the writer fills them in
	 * parallel at the end of a run. */
	for (unsigned k = 0; k < nshards; k++) {
		Xapian::WritableDatabase part(spelling_path(dir, k),
					      Xapian::DB_CREATE_OR_OPEN,
					      BLOCK_SIZE);
		part.commit();
	}
	{
		Xapian::WritableDatabase lex(lexicon_path(dir),
					     Xapian::DB_CREATE_OR_OPEN,
					     BLOCK_SIZE);
		lex.set_metadata(SPELLING_PARTS, to_string(nshards));
		lex.commit();
	}
	ostringstream marker;
	marker << "dossier index\nschema " << SHIM_SCHEMA_VERSION << "\n";
	/* The marker last: a half-made index is never taken for one. */
	if (write_file_atomic(stub_path(dir), stub) != 0 ||
	    write_file_atomic(marker_path(dir), marker.str()) != 0) {
		msg = "cannot write " + dir + ": " + strerror(errno);
		return SHIM_IO;
	}
	return SHIM_OK;
}

/* The shard directories named by the stub file, in order. */
vector<string> shard_paths(const string &dir, size_t *nremote)
{
	vector<string> v;
	ifstream in(stub_path(dir));
	string line;
	if (nremote)
		*nremote = 0;
	while (getline(in, line)) {
		istringstream ls(line);
		string kind, path;
		ls >> kind >> path;
		if (kind == "auto" && !path.empty())
			v.push_back(path[0] == '/' ? path : dir + "/" + path);
		else if (!kind.empty() && kind[0] != '#' && nremote)
			(*nremote)++;
	}
	return v;
}

} // namespace shim

extern "C" int shim_is_index(const char *dir)
{
	try {
		ifstream in(shim::marker_path(dir));
		string magic;
		return in && getline(in, magic) && magic == "dossier index";
	} catch (...) {
		return 0;
	}
}
