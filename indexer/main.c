/*
 * main.c - dossier-index: options, the run, the summary, the exit status.
 *
 * Exit status: 0 everything indexed, 1 something was skipped (or the run
 * was interrupted), 2 a fatal error (the index is left at its last commit).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "indexer.h"
#include "readers.h"

#define DEFAULT_BATCH_DOCS 2000
#define DEFAULT_BATCH_MB 64
#define REREAD_BATCHES 4
#define STR_(x) #x
#define STR(x) STR_(x)
#define JOBS_MAX_STR STR(SHIM_MAX_SHARDS)

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void usage(FILE *out)
{
	fprintf(out,
"Usage: dossier-index [OPTION]... PATH...\n"
"Index articles for dossier-search.  PATH is a file, a directory (read\n"
"recursively) or - for standard input (with --format and --name).\n"
"\n"
"Formats, chosen by extension and confirmed by content, any of them gzipped:\n"
"  scraped plain text (.txt), HTML (.html .htm), JSON (.json: an object or\n"
"  an array), JSON Lines (.jsonl .ndjson), RFC 822 header+body (.eml).\n"
"\n"
"Options:\n"
"  -d, --db DIR         the index (default $DOSSIER_DB, else\n"
"                       ${XDG_DATA_HOME:-~/.local/share}/dossier/index);\n"
"                       created with its parents if missing\n"
"  -f, --format FMT     read every input as FMT: text, html, json, jsonl, mail\n"
"      --name NAME      the file name that standard input is indexed under\n"
"  -e, --entities FILE  more gazetteer entries (same format as the shipped\n"
"                       gazetteer.tsv); may be repeated\n"
"      --prune          remove documents whose files are gone\n"
"  -n, --dry-run        change nothing: print each article's file, title and\n"
"                       date (with --json, all that would be indexed)\n"
"      --json           with --dry-run: one JSON object per article\n"
"      --batch N        commit every N documents (default %d)\n"
"  -j, --jobs N         index with N threads: the shard count of a new index\n"
"                       (default: the number of CPUs, at most %d); an\n"
"                       existing index keeps its shards, one thread each\n"
"  -q, --quiet          no progress line and no summary\n"
"  -h, --help           this help\n"
"  -V, --version        the version\n"
"\n"
"Re-running on unchanged files changes nothing; a changed file replaces its\n"
"documents.  Ctrl-C commits what is done; a re-run finishes the rest.\n"
"Exit status: 0 all indexed, 1 something skipped, 2 fatal error.\n",
		DEFAULT_BATCH_DOCS, SHIM_MAX_SHARDS);
}

static void die_usage(const char *msg, const char *arg)
{
	fprintf(stderr, "dossier-index: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	fprintf(stderr, "Try 'dossier-index --help'.\n");
	exit(2);
}

/*
 * The option getopt_long() refused (opterr is off, so this is the one
 * message): arg is the argument it stopped at, opt its optopt (the option
 * that lacks its value or has one it takes not, or the unknown short
 * option; 0 for an unknown or ambiguous long one).
 */
static void die_bad_option(const char *arg, int opt, const char *shortopts,
			   const struct option *longopts)
{
	const struct option *o = NULL;
	char msg[96];

	if (arg && strncmp(arg, "--", 2) == 0) {
		size_t n = strcspn(arg + 2, "=");
		for (const struct option *l = longopts; opt && l->name && !o; l++)
			if (l->val == opt && strncmp(arg + 2, l->name, n) == 0)
				o = l;
	}
	if (o)
		snprintf(msg, sizeof msg, "--%s %s", o->name,
			 o->has_arg == no_argument ? "takes no value" : "needs a value");
	else if (opt > 0 && opt < 128 && strchr(shortopts, opt))
		snprintf(msg, sizeof msg, "-%c needs a value", opt);
	else if (opt > 0 && opt < 128)
		snprintf(msg, sizeof msg, "unknown option -%c", opt);
	else
		die_usage("unknown or ambiguous option", arg);
	die_usage(msg, NULL);
}

/* One shard (and one indexing thread) per online CPU, within the cap. */
static unsigned default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > SHIM_MAX_SHARDS ? SHIM_MAX_SHARDS : (unsigned)n;
}

/*
 * Where the shipped data (gazetteer, compounds) is: $DOSSIER_DATADIR, else
 * the installed directory, else the source tree this binary was built from
 * (so the README's quick start works before make install).
 */
static const char *data_dir(void)
{
	const char *env = getenv("DOSSIER_DATADIR");
	static const char *const dirs[] = { DOSSIER_DATADIR, DOSSIER_SRCDATADIR };
	char probe[4200];

	if (env && *env)
		return env;
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		snprintf(probe, sizeof probe, "%s/gazetteer.tsv", dirs[i]);
		if (access(probe, R_OK) == 0)
			return dirs[i];
	}
	return DOSSIER_DATADIR;
}

void indexer_skip(struct indexer *ix, const char *path, enum skip_reason why,
		  const char *detail)
{
	if (ix->prog)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "dossier-index: %s: %s%s%s (skipped)\n", path,
		skip_reason_name(why), detail && *detail ? ": " : "",
		detail ? detail : "");
	ix->st.skipped[why]++;
}

int indexer_maybe_commit(struct indexer *ix, bool force)
{
	size_t docs, bytes, k = 1, gone = 0;

	if (!ix->w)
		return 0;
	/* A changed file read again had its old documents deleted: a commit
	 * before its last record would show searches the file half gone.
	 * Its batch may grow REREAD_BATCHES times as big first (its
	 * deletions not counted), so that a file of that many records is
	 * replaced at one commit. */
	if (ix->had_docs && ix->in) {
		k = REREAD_BATCHES;
		gone = ix->file_deleted;
	}
	shim_writer_pending(ix->w, &docs, &bytes);
	if (!force && docs < ix->opts->batch_docs * k + gone &&
	    bytes < ix->opts->batch_bytes * k)
		return 0;
	/* the forced commit is the run's last: it writes what commits hold
	 * back (spelling) */
	if ((force ? shim_writer_finish(ix->w) : shim_writer_commit_async(ix->w)) != SHIM_OK) {
		snprintf(ix->err, sizeof ix->err, "commit failed: %s",
			 shim_writer_error(ix->w));
		ix->fatal = 1;
		return -1;
	}
	return 0;
}

/* Loads the compounds list of the data directory into the writer. */
static int load_compounds(shim_writer_t *w, const char *datadir, char *err, size_t errlen)
{
	char path[4096], line[256];
	FILE *f;
	unsigned n = 0;

	snprintf(path, sizeof path, "%s/compounds.txt", datadir);
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char *a = line, *b;
		n++;
		a[strcspn(a, "\r\n")] = '\0';
		if (*a == '#' || *a == '\0')
			continue;
		b = strchr(a, ' ');
		if (!b) {
			snprintf(err, errlen, "%s:%u: expected two words", path, n);
			fclose(f);
			return -1;
		}
		*b++ = '\0';
		if (shim_writer_add_compound(w, a, b) != SHIM_OK) {
			snprintf(err, errlen, "%s", shim_writer_error(w));
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

/* The gazetteer's aliases go into the index, so that the searcher resolves
 * org:NCSC exactly as this run's extraction does: an alias shared by
 * several entries is stored for the one the gazetteer resolves it to. */
static int store_alias(void *ctx, enum entity_type t, const char *alias,
		       const char *canonical)
{
	static const enum shim_field field[ENTITY_NTYPES] = {
		SHIM_FIELD_ORG, SHIM_FIELD_PERSON, SHIM_FIELD_PLACE };
	struct indexer *ix = ctx;
	const char *primary = gazetteer_resolve(ix->gaz, t, alias);

	if (primary && strcmp(primary, canonical) != 0)
		return 0;
	return shim_writer_add_alias(ix->w, field[t], alias, canonical, 1) == SHIM_OK ? 0 : -1;
}

struct prune_ctx {
	char **gone;
	size_t n, cap;
};

static int prune_collect(void *ctx, const char *file)
{
	struct prune_ctx *p = ctx;
	if (access(file, F_OK) == 0 || errno != ENOENT)
		return 0;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		char **v = realloc(p->gone, cap * sizeof *v);
		if (!v)
			return 1;
		p->gone = v;
		p->cap = cap;
	}
	p->gone[p->n] = strdup(file);
	if (p->gone[p->n])
		p->n++;
	return 0;
}

static int prune(struct indexer *ix)
{
	struct prune_ctx p = { NULL, 0, 0 };
	int rc = 0;

	if (shim_writer_foreach_file(ix->w, prune_collect, &p) != SHIM_OK)
		rc = -1;
	for (size_t i = 0; i < p.n; i++) {
		size_t n = 0;
		if (rc == 0 && shim_writer_delete_file(ix->w, p.gone[i], &n) != SHIM_OK)
			rc = -1;
		ix->st.deleted += n;
		free(p.gone[i]);
	}
	free(p.gone);
	if (rc)
		snprintf(ix->err, sizeof ix->err, "prune: %s", shim_writer_error(ix->w));
	return rc;
}

static void summary(const struct indexer *ix)
{
	const struct index_stats *s = &ix->st;
	uint64_t skipped = 0;

	for (int i = 0; i < SKIP_NREASONS; i++)
		skipped += s->skipped[i];
	if (ix->opts->dry_run)	/* it read no index: nothing to compare */
		fprintf(stderr, "dossier-index: %llu files read; %llu documents would be "
			"indexed (dry run: nothing changed); %llu skipped",
			(unsigned long long)s->files, (unsigned long long)s->added,
			(unsigned long long)skipped);
	else
		fprintf(stderr, "dossier-index: %llu files read, %llu unchanged; documents: "
			"%llu added, %llu replaced, %llu removed; %llu skipped",
			(unsigned long long)s->files, (unsigned long long)s->files_unchanged,
			(unsigned long long)s->added, (unsigned long long)s->replaced,
			(unsigned long long)(s->deleted > s->replaced ? s->deleted - s->replaced : 0),
			(unsigned long long)skipped);
	if (skipped) {
		const char *sep = " (";
		for (int i = 0; i < SKIP_NREASONS; i++) {
			if (!s->skipped[i])
				continue;
			fprintf(stderr, "%s%s: %llu", sep, skip_reason_name((enum skip_reason)i),
				(unsigned long long)s->skipped[i]);
			sep = ", ";
		}
		fputc(')', stderr);
	}
	fputc('\n', stderr);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "name", required_argument, NULL, 'N' },
		{ "entities", required_argument, NULL, 'e' },
		{ "prune", no_argument, NULL, 'P' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'J' },
		{ "batch", required_argument, NULL, 'B' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct index_opts o = { 0 };
	struct indexer ix;
	struct walk_list files = { 0 };
	const char *extra[16];
	size_t nextra = 0;
	char *db = NULL, err[1024], path[4096];
	int c, status = 0;

	memset(&ix, 0, sizeof ix);
	o.batch_docs = DEFAULT_BATCH_DOCS;
	o.batch_bytes = (size_t)DEFAULT_BATCH_MB << 20;
	o.jobs = default_jobs();
	static const char shortopts[] = "d:f:e:j:nqhV";
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'd': free(db); db = strdup(optarg); break;
		case 'f':
			o.format = sniff_format_from_name(optarg);
			if (o.format == ARTICLE_FMT_UNKNOWN)
				die_usage("unknown --format (text, html, json, jsonl, mail)", optarg);
			break;
		case 'N': o.name = optarg; break;
		case 'e':
			if (nextra == sizeof extra / sizeof *extra)
				die_usage("too many --entities files", NULL);
			extra[nextra++] = optarg;
			break;
		case 'P': o.prune = true; break;
		case 'n': o.dry_run = true; break;
		case 'J': o.json = true; break;
		case 'B': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 10000000)
				die_usage("--batch takes a number from 1 to 10000000", optarg);
			o.batch_docs = (size_t)v;
			break;
		}
		case 'j': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > SHIM_MAX_SHARDS)
				die_usage("--jobs takes a number from 1 to " JOBS_MAX_STR, optarg);
			o.jobs = (unsigned)v;
			break;
		}
		case 'q': o.quiet = true; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("dossier-index %s\n", PACKAGE_VERSION); return 0;
		default: die_bad_option(argv[optind - 1], optopt, shortopts, longopts);
		}
	}
	if (optind >= argc && !o.prune)
		die_usage("no PATH to index", NULL);
	if (o.json && !o.dry_run)
		die_usage("--json goes with --dry-run", NULL);
	if (!db)
		db = shim_default_dir();
	if (!db)
		die_usage("out of memory", NULL);
	o.db = db;
	o.datadir = data_dir();
	o.progress = !o.quiet && !o.dry_run && isatty(STDERR_FILENO);
	ix.opts = &o;
	ix.stop = &stop_flag;

	snprintf(path, sizeof path, "%s/gazetteer.tsv", o.datadir);
	if (gazetteer_load(&ix.gaz, path, err, sizeof err) != 0) {
		fprintf(stderr, "dossier-index: %s\n", err);
		status = 2;
		goto out;
	}
	for (size_t i = 0; i < nextra; i++)
		if (gazetteer_load(&ix.gaz, extra[i], err, sizeof err) != 0) {
			fprintf(stderr, "dossier-index: %s\n", err);
			status = 2;
			goto out;
		}

	for (int i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			struct walk_file *f;
			if (!o.name)
				die_usage("standard input needs --name NAME", NULL);
			if (files.n == files.cap) {
				size_t cap = files.cap ? files.cap * 2 : 8;
				struct walk_file *v = realloc(files.v, cap * sizeof *v);
				if (!v)
					goto oom;
				files.v = v;
				files.cap = cap;
			}
			f = &files.v[files.n];
			memset(f, 0, sizeof *f);
			f->path = strdup("-");
			f->key = strdup(o.name);
			f->label = strdup(o.name);
			if (!f->path || !f->key || !f->label)
				goto oom;
			files.n++;
			continue;
		}
		if (walk_add(&files, argv[i], &ix, indexer_skip) != 0)
			goto oom;
	}

	if (!o.dry_run) {
		shim_status_t st = shim_writer_open(db, SHIM_WRITER_CREATE, o.jobs,
						    &ix.w, err, sizeof err);
		if (st != SHIM_OK) {
			fprintf(stderr, "dossier-index: %s\n", err);
			status = 2;
			goto out;
		}
		if (load_compounds(ix.w, o.datadir, err, sizeof err) != 0) {
			fprintf(stderr, "dossier-index: %s\n", err);
			status = 2;
			goto out;
		}
		if (gazetteer_foreach(ix.gaz, store_alias, &ix) != 0) {
			fprintf(stderr, "dossier-index: %s\n", shim_writer_error(ix.w));
			status = 2;
			goto out;
		}
	}
	{
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	{
		uint64_t total = 0;
		for (size_t i = 0; i < files.n; i++)
			total += files.v[i].size;
		ix.prog = o.progress ? progress_new(stderr, total, files.n) : NULL;
	}
	for (size_t i = 0; i < files.n && !stop_flag; i++) {
		ix.nfile = i + 1;
		if (ingest_file(&ix, &files.v[i]) != 0) {
			progress_done(ix.prog);
			ix.prog = NULL;
			fprintf(stderr, "dossier-index: %s: %s\n", files.v[i].path, ix.err);
			status = 2;
			goto out;
		}
		progress_update(ix.prog, ix.bytes_done, i + 1, ix.st.added + ix.st.replaced);
	}
	progress_done(ix.prog);
	ix.prog = NULL;
	if (ix.w && !stop_flag && o.prune && prune(&ix) != 0) {
		fprintf(stderr, "dossier-index: %s\n", ix.err);
		status = 2;
		goto out;
	}
	if (indexer_maybe_commit(&ix, true) != 0) {
		fprintf(stderr, "dossier-index: %s\n", ix.err);
		status = 2;
		goto out;
	}
	for (int i = 0; i < SKIP_NREASONS; i++)
		if (ix.st.skipped[i])
			status = 1;
	if (stop_flag) {
		fprintf(stderr, "dossier-index: interrupted; what was done is committed, "
			"run again to finish\n");
		status = 1;
	}
	if (!o.quiet)
		summary(&ix);
	goto out;
oom:
	fprintf(stderr, "dossier-index: out of memory\n");
	status = 2;
out:
	progress_done(ix.prog);
	shim_writer_close(ix.w);
	gazetteer_free(ix.gaz);
	walk_free(&files);
	smap_free(&ix.ids);
	free(db);
	return status;
}
