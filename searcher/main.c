/*
 * main.c - dossier-search: options and modes.
 *
 * Exit status as grep: 0 something found (or shown), 1 nothing found,
 * 2 an error (bad query, no index...), with a one-line message on stderr.
 * In --stdio mode every input line gets one JSON line back, errors
 * included, and the loop goes on; the exit status is 0 unless the index
 * could not be opened or an answer could not be written.
 *
 * An answer that did not reach standard output (a full disk, a reader
 * that went away) is an error in every mode: exit 2 with a message, and
 * --stdio stops reading.  SIGPIPE keeps its default, so a pipe's reader
 * that goes away ends the program silently, as it ends grep.
 */
#include <errno.h>
#include <getopt.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "query.h"
#include "searcher.h"

enum mode { MODE_TEXT, MODE_JSON, MODE_VIMGREP, MODE_FILES, MODE_COUNT };
/* -l without -n reads the hits this many at a time (list_files()). */
enum { FILES_PAGE = 1000 };

static void usage(FILE *out)
{
	fprintf(out,
"Usage: dossier-search [OPTION]... QUERY...\n"
"Search a dossier index.  The words of QUERY are joined with spaces; a word\n"
"that starts with '-' and is no option is a query word (huawei -zte).\n"
"\n"
"Query language:\n"
"  huawei backdoor        both words (any form: backdoors, back-door, back door)\n"
"  \"smoking gun\"          a phrase (also “...”, „...“, «...»)\n"
"  \"backdoors\"            that form only, as a phrase of one word\n"
"  a AND b, a OR b, a XOR b, a NOT b, ( ... )   (lower case between two terms)\n"
"  +word -word            must have / must not have\n"
"  a NEAR b, a NEAR/5 b, a ADJ/3 b              proximity (words in any form)\n"
"  huaw*                  words starting with huaw\n"
"  title: org: person: place: source: author: lang: id:   fields\n"
"  date:2019-03  date:2019-02-01..2019-03-31  date:2019..  year:2019\n"
"\n"
"Options:\n"
"  -d, --db DIR       the index (default $DOSSIER_DB, else\n"
"                     ${XDG_DATA_HOME:-~/.local/share}/dossier/index)\n"
"  -n, --limit N      show N hits (default 10; 100 with --vimgrep; -l lists\n"
"                     the files of every match unless given)\n"
"      --offset N     skip the first N hits\n"
"      --sort ORDER   relevance (default), date (oldest first) or -date\n"
"      --any          join plain words with OR instead of AND\n"
"      --facets       the top 10 organisations, people, places, sources and\n"
"                     years, counted over all matches\n"
"      --no-snippets  hits without snippets or match positions (faster:\n"
"                     no article text is read)\n"
"      --like ID      articles related to article ID (QUERY optional)\n"
"      --show ID      print one stored article with its metadata\n"
"      --stats        documents, terms, dates, size, last update\n"
"      --json         one JSON object per answer (see README)\n"
"      --vimgrep      path:line:column:text per hit, for editors\n"
"  -l, --files-with-matches   matching file paths, in rank order\n"
"  -c, --count        the exact number of matches\n"
"      --stdio        read one query per line (text, or a JSON object),\n"
"                     answer each with one JSON line\n"
"      --color WHEN   never, always or auto (default; honours NO_COLOR)\n"
"  -h, --help         this help\n"
"  -V, --version      the version\n"
"\n"
"One answer a run: --json (or --stdio) with --vimgrep, -l or -c, two of\n"
"--stats, --show and --stdio, --stats or --show with --vimgrep, -l, -c or\n"
"--like, or a QUERY with one of them is an error; of --vimgrep, -l and -c\n"
"the last one counts.  --stats and --show take --json.\n"
"\n"
"Exit status: 0 found, 1 nothing found, 2 error.\n");
}

/* "dossier-search: " and msg on stderr, with no newline after it.  msg
 * quotes what the user typed (an id, a path, an option's value): a
 * newline or an escape sequence there is shown, never obeyed, so the
 * message stays one line and the terminal stays as it was. */
static void print_message(const char *msg)
{
	fputs("dossier-search: ", stderr);
	escape_puts(stderr, msg, 0);
}

static void die_usage(const char *msg, const char *arg)
{
	print_message(msg);
	if (arg) {
		fputs(": ", stderr);
		escape_puts(stderr, arg, 0);
	}
	fputc('\n', stderr);
	fprintf(stderr, "Try 'dossier-search --help'.\n");
	exit(2);
}

/*
 * The option getopt_long() refused (opterr is off, so this is the one
 * message): arg is the argument it stopped at, opt its optopt (the
 * option that lacks its value, or 0 for one unknown or ambiguous).
 */
static void die_bad_option(const char *arg, int opt, const struct option *longopts)
{
	const struct option *o = NULL;
	bool long_form = arg && strncmp(arg, "--", 2) == 0;
	char msg[96];

	for (const struct option *l = longopts; opt && l->name && !o; l++)
		if (l->val == opt)
			o = l;
	if (opt && !long_form && opt < 128)
		snprintf(msg, sizeof msg, "-%c needs a value", opt);
	else if (o)
		snprintf(msg, sizeof msg, "--%s %s", o->name,
			 o->has_arg == no_argument ? "takes no value" : "needs a value");
	else
		die_usage("unknown or ambiguous option", arg);
	die_usage(msg, NULL);
}

/* Notes that opt was given where *seen is the option of its kind given
 * before (NULL: none); exits with a usage error when they differ, as two
 * answers cannot both be given: --stats and --show, --json and -c. */
static void exclusive(const char **seen, const char *opt)
{
	char msg[96];

	if (*seen && strcmp(*seen, opt) != 0) {
		snprintf(msg, sizeof msg, "%s and %s cannot be combined", *seen, opt);
		die_usage(msg, NULL);
	}
	*seen = opt;
}

static size_t parse_count(const char *s, const char *opt, size_t max)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*s == '\0' || *end || v < 0 || (unsigned long long)v > max)
		die_usage(opt, s);
	return (size_t)v;
}

/* Writes o as one line and flushes it: 0, or -1 with the first failure's
 * errno in *err (a later flush need not fail again to tell why). */
static int print_json(FILE *out, json_object *o, int *err)
{
	int rc = 0;

	if (fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
						 JSON_C_TO_STRING_NOSLASHESCAPE), out) == EOF ||
	    fputc('\n', out) == EOF || fflush(out) != 0) {
		rc = -1;
		if (!*err)
			*err = errno;
	}
	json_object_put(o);
	return rc;
}

/*
 * Whether all that was written reached standard output: 0, or 1 after
 * saying why on stderr (err: the errno of a failure seen before, or 0).
 */
static int output_failed(int err)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	if (errno)
		err = errno;
	fprintf(stderr, "dossier-search: writing the answer: %s\n", strerror(err ? err : EIO));
	return 1;
}

/*
 * One line for scripts: "dossier-search: MESSAGE (at column N)"; on a
 * terminal, the query with a caret under the place follows.
 */
/* The 1-based column of byte pos of q, in characters, as an editor counts
 * them (the caret under the query is placed by display width instead). */
static long char_column(const char *q, long pos)
{
	long col = 1;
	for (long i = 0; i < pos && q[i]; i++)
		col += ((unsigned char)q[i] & 0xC0) != 0x80;
	return col;
}

/*
 * "huawei -zte": a word of the query that starts with '-' (must not have)
 * is no option, wherever it stands.  An argument that starts with one '-'
 * and is not a cluster of short options ("-c", "-lc", "-n5", "-d/path")
 * is copied with WORD_MARK before it into a copy of argv, so that getopt
 * takes it for a non-option; the mark is dropped when the query is
 * joined.  The value of an option that takes one is left alone, and so is
 * all after "--".
 */
#define WORD_MARK '\x1f'

struct words {
	char **args;		/* argv, with the query words marked */
	char **marked;		/* the copies made, to free */
	int nmarked;
};

/* Is arg a cluster of short options?  *next: its last takes the next
 * argument as its value.  -n's value is digits, -d's a path or a
 * directory there is ("-dell", "-nsa" are query words). */
static bool short_options(const char *arg, bool *next)
{
	*next = false;
	for (const char *p = arg + 1; *p; p++) {
		if (strchr("lchV", *p))
			continue;
		if (*p == 'n') {
			*next = p[1] == '\0';
			return p[1] == '\0' || strspn(p + 1, "0123456789") == strlen(p + 1);
		}
		if (*p == 'd') {
			struct stat st;
			*next = p[1] == '\0';
			/* "-ddb" where there is a directory db; "-dell" where
			 * there is none is a word */
			return p[1] == '\0' || p[1] == '/' || p[1] == '.' || p[1] == '~' ||
			       (stat(p + 1, &st) == 0 && S_ISDIR(st.st_mode));
		}
		return false;
	}
	return arg[1] != '\0';
}

/* Does the long option arg take the next argument as its value?  As
 * getopt reads it: the option it names exactly, or the one it is the
 * start of ("--sor -date"). */
static bool long_takes_next(const char *arg, const struct option *longopts)
{
	const struct option *found = NULL;
	size_t n = strlen(arg + 2), matches = 0;

	if (strchr(arg, '='))
		return false;
	for (const struct option *o = longopts; o->name; o++) {
		if (strcmp(arg + 2, o->name) == 0)
			return o->has_arg == required_argument;
		if (strncmp(arg + 2, o->name, n) == 0) {
			found = o;
			matches++;
		}
	}
	/* ambiguous: getopt says so */
	return matches == 1 && found->has_arg == required_argument;
}

static int query_words(int argc, char **argv, const struct option *longopts,
		       struct words *w)
{
	memset(w, 0, sizeof *w);
	w->args = calloc((size_t)argc + 1, sizeof *w->args);
	w->marked = calloc((size_t)argc + 1, sizeof *w->marked);
	if (!w->args || !w->marked)
		return -1;
	for (int i = 0; i < argc; i++)
		w->args[i] = argv[i];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool next;
		if (strcmp(a, "--") == 0)
			break;
		if (a[0] != '-' || a[1] == '\0')
			continue;
		if (a[1] == '-') {
			i += long_takes_next(a, longopts);
			continue;
		}
		if (short_options(a, &next)) {
			i += next;
			continue;
		}
		size_t n = strlen(a);
		char *c = malloc(n + 2);
		if (!c)
			return -1;
		c[0] = WORD_MARK;
		memcpy(c + 1, a, n + 1);
		w->args[i] = w->marked[w->nmarked++] = c;
	}
	return 0;
}

/* arg as the query has it: without the mark, if it is one of the copies. */
static const char *query_word(const struct words *w, const char *arg)
{
	for (int k = 0; k < w->nmarked; k++)
		if (w->marked[k] == arg)
			return arg + 1;
	return arg;
}

static void free_words(struct words *w)
{
	for (int k = 0; k < w->nmarked; k++)
		free(w->marked[k]);
	free(w->marked);
	free(w->args);
}

static void print_error(const struct answer *a)
{
	print_message(a->message);
	if (a->errpos >= 0 && a->query) {
		/* "missing ')' for the '(' at column 3" says where already */
		if (!strstr(a->message, " at column "))
			fprintf(stderr, " (at column %ld)", char_column(a->query, a->errpos));
		if (isatty(STDERR_FILENO)) {
			struct query_error qe;
			char buf[1024];
			qe.pos = (size_t)a->errpos;
			snprintf(qe.msg, sizeof qe.msg, "%s", a->message);
			if (query_format_error(a->query, strlen(a->query), &qe, buf,
					       sizeof buf) >= 0)
				fprintf(stderr, "\n%s", buf);
		}
	}
	fputc('\n', stderr);
}

/*
 * -l: the files of first's hits, each once, in rank order; with all (no
 * -n given), those of every match, as grep -l lists every file, read
 * FILES_PAGE hits at a time so that memory stays a page's.  0, or -1
 * after saying what went wrong.
 */
static int list_files(shim_reader_t *r, const char *q, struct search_opts *o,
		      const struct answer *first, bool all)
{
	void *seen = NULL;
	const struct answer *a = first;
	struct answer next;
	int rc = 0;

	for (;;) {
		size_t got = a->nhits;
		if (render_files(stdout, a, &seen) != 0) {
			print_message("out of memory listing files");
			fputc('\n', stderr);
			rc = -1;
		}
		if (a != first)
			answer_free(&next);
		if (rc != 0 || !all || got < o->limit)
			break;
		o->offset += o->limit;
		if (answer_run(r, q, o, &next) != 0) {
			print_error(&next);
			answer_free(&next);
			rc = -1;
			break;
		}
		a = &next;
	}
	tdestroy(seen, free);
	return rc;
}

/*
 * An error before or instead of a search (no index, --show, --stats): its
 * line on stderr and, with --json or --stdio, the error object a search
 * gets, so that a program reading stdout learns what went wrong rather
 * than finding nothing.
 */
static void report(bool json, const char *query, const char *code,
		   const char *msg, int *err)
{
	if (json) {
		struct answer a;

		memset(&a, 0, sizeof a);
		a.query = query;
		a.code = code;
		a.errpos = -1;
		snprintf(a.message, sizeof a.message, "%s", msg);
		print_json(stdout, render_json_error(&a), err);
	}
	print_message(msg);
	fputc('\n', stderr);
}

/* One --stdio line (len bytes, without its line end): a plain query, or
 * {"query":..., "limit":..., ...}.  0, or -1 (errno in *err) when its
 * answer could not be written. */
static int stdio_line(shim_reader_t *r, char *line, size_t len,
		      const struct search_opts *defaults, int *err)
{
	struct request req;
	struct answer a;
	const char *nul = memchr(line, '\0', len);
	int rc;

	memset(&a, 0, sizeof a);
	if (nul) {
		/* what follows the NUL must not be cut off in silence,
		 * leaving another query; and no query is echoed, as the
		 * line is no string */
		a.code = "bad_request";
		a.errpos = -1;
		snprintf(a.message, sizeof a.message,
			 "the line holds a NUL byte (at byte %zu)", (size_t)(nul - line) + 1);
		return print_json(stdout, render_json_error(&a), err);
	}
	if (request_parse(line, defaults, &req, a.message, sizeof a.message) != 0) {
		a.query = req.query ? req.query : line;
		a.code = "bad_request";
		a.errpos = -1;
		rc = print_json(stdout, render_json_error(&a), err);
	} else {
		int found = answer_run(r, req.query, &req.opts, &a);
		rc = print_json(stdout, found == 0 ? render_json(&a) : render_json_error(&a),
				err);
		answer_free(&a);
	}
	request_free(&req);
	return rc;
}

int main(int argc, char **argv)
{
	enum { OPT_OFFSET = 256, OPT_SORT, OPT_ANY, OPT_FACETS, OPT_LIKE, OPT_SHOW,
	       OPT_STATS, OPT_JSON, OPT_VIMGREP, OPT_STDIO, OPT_COLOR,
	       OPT_NO_SNIPPETS };
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "limit", required_argument, NULL, 'n' },
		{ "offset", required_argument, NULL, OPT_OFFSET },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "any", no_argument, NULL, OPT_ANY },
		{ "facets", no_argument, NULL, OPT_FACETS },
		{ "no-snippets", no_argument, NULL, OPT_NO_SNIPPETS },
		{ "like", required_argument, NULL, OPT_LIKE },
		{ "show", required_argument, NULL, OPT_SHOW },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "vimgrep", no_argument, NULL, OPT_VIMGREP },
		{ "files-with-matches", no_argument, NULL, 'l' },
		{ "count", no_argument, NULL, 'c' },
		{ "stdio", no_argument, NULL, OPT_STDIO },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct search_opts o = { .limit = 10, .sort = SHIM_SORT_RELEVANCE };
	enum mode mode = MODE_TEXT;
	enum color_mode cm = COLOR_AUTO;
	const char *show = NULL;
	/* --stats, --show or --stdio; --json; --vimgrep, -l or -c (the
	 * last one given wins among these three, as in grep) */
	const char *action = NULL, *json_opt = NULL, *grep_opt = NULL;
	bool stats = false, stdio_mode = false, limit_set = false;
	char *db = NULL, err[1024], *query = NULL;
	shim_reader_t *r = NULL;
	int c, status = 2, write_err = 0;

	struct words words;
	if (query_words(argc, argv, longopts, &words) != 0)
		die_usage("out of memory", NULL);
	argv = words.args;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "d:n:lchV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': free(db); db = strdup(optarg); break;
		case 'n': o.limit = parse_count(optarg, "--limit takes a number up to " SEARCH_STR(SEARCH_LIMIT_MAX), SEARCH_LIMIT_MAX);
			limit_set = true; break;
		case OPT_OFFSET: o.offset = parse_count(optarg, "--offset takes a number up to " SEARCH_STR(SEARCH_OFFSET_MAX), SEARCH_OFFSET_MAX); break;
		case OPT_SORT:
			if (request_sort(optarg, &o.sort) != 0)
				die_usage("--sort takes relevance, date or -date", optarg);
			break;
		case OPT_ANY: o.any = true; break;
		case OPT_FACETS: o.facets = true; break;
		case OPT_NO_SNIPPETS: o.no_text = true; break;
		case OPT_LIKE: o.like_id = optarg; break;
		case OPT_SHOW: exclusive(&action, "--show"); show = optarg; break;
		case OPT_STATS: exclusive(&action, "--stats"); stats = true; break;
		case OPT_JSON: json_opt = "--json"; mode = MODE_JSON; break;
		case OPT_VIMGREP: grep_opt = "--vimgrep"; mode = MODE_VIMGREP; break;
		case 'l': grep_opt = "-l"; mode = MODE_FILES; break;
		case 'c': grep_opt = "-c"; mode = MODE_COUNT; break;
		case OPT_STDIO: exclusive(&action, "--stdio"); stdio_mode = true; break;
		case OPT_COLOR:
			if (strcmp(optarg, "never") == 0) cm = COLOR_NEVER;
			else if (strcmp(optarg, "always") == 0) cm = COLOR_ALWAYS;
			else if (strcmp(optarg, "auto") == 0) cm = COLOR_AUTO;
			else die_usage("--color takes never, always or auto", optarg);
			break;
		case 'h': usage(stdout); free_words(&words); free(db); return output_failed(0) ? 2 : 0;
		case 'V': printf("dossier-search %s (output format %d)\n", PACKAGE_VERSION,
				 SEARCH_FORMAT_VERSION);
			free_words(&words);
			free(db);
			return output_failed(0) ? 2 : 0;
		default: die_bad_option(argv[optind - 1], optopt, longopts);
		}
	}
	/* --stdio answers in JSON, and a program asking for JSON must not
	 * get lines of another form */
	if (stdio_mode)
		json_opt = "--stdio";
	if (json_opt && grep_opt)
		exclusive(&json_opt, grep_opt);
	if ((stats || show) && o.like_id)
		exclusive(&action, "--like");
	/* they print no hits to list, locate or count */
	if ((stats || show) && grep_opt)
		exclusive(&action, grep_opt);
	/* nor facets, and neither do lines of hits or a count */
	if (o.facets && (stats || show || grep_opt)) {
		const char *f = "--facets";
		exclusive(&f, grep_opt ? grep_opt : action);
	}
	if (!limit_set && mode == MODE_VIMGREP)
		o.limit = 100;
	if (!limit_set && mode == MODE_FILES)
		o.limit = FILES_PAGE;
	if (optind < argc) {
		size_t len = 0;
		for (int i = optind; i < argc; i++)
			len += strlen(argv[i]) + 1;
		query = malloc(len + 1);
		if (!query)
			die_usage("out of memory", NULL);
		query[0] = '\0';
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				strcat(query, " ");
			strcat(query, query_word(&words, argv[i]));
		}
	}
	if (!query && !show && !stats && !stdio_mode && !o.like_id)
		die_usage("no QUERY", NULL);
	/* a query beside them would be ignored: say so */
	if (query && stdio_mode)
		die_usage("--stdio reads its queries from standard input, not from "
			  "the command line", query);
	if (query && action)
		die_usage(stats ? "--stats takes no QUERY" : "--show takes no QUERY", query);
	/* no-color.org: NO_COLOR counts only when it is set and not empty */
	const char *no_color = getenv("NO_COLOR");
	bool color = cm == COLOR_ALWAYS ||
		     (cm == COLOR_AUTO && isatty(STDOUT_FILENO) && !(no_color && *no_color));
	if (!db)
		db = shim_default_dir();
	if (!db)
		die_usage("out of memory", NULL);
	shim_status_t open_st = shim_reader_open(db, &r, err, sizeof err);
	if (open_st != SHIM_OK) {
		/* not_found is an article's; here no index is */
		report(mode == MODE_JSON || stdio_mode, query,
		       open_st == SHIM_NOT_FOUND ? "no_index" : answer_status_code(open_st),
		       err, &write_err);
		goto out;
	}

	if (stats) {
		struct shim_stats st;
		shim_status_t rc = shim_reader_stats(r, &st);
		if (rc != SHIM_OK) {
			report(mode == MODE_JSON, NULL, answer_status_code(rc),
			       shim_reader_error(r), &write_err);
			goto out;
		}
		if (mode == MODE_JSON)
			print_json(stdout, render_stats_json(&st), &write_err);
		else
			render_stats_text(stdout, &st);
		status = 0;
	} else if (show) {
		char *meta, *data;
		size_t metalen, len;
		shim_status_t st = shim_reader_get(r, show, &meta, &metalen, &data, &len);
		if (st != SHIM_OK) {
			report(mode == MODE_JSON, NULL, answer_status_code(st),
			       shim_reader_error(r), &write_err);
			status = st == SHIM_NOT_FOUND ? 1 : 2;
			goto out;
		}
		/* the metadata, with the text after the data's line map */
		struct shim_meta m;
		json_object *rec = NULL;
		const char *text = memchr(data, '\n', len);
		if (shim_meta_unpack(meta, metalen, &m) == SHIM_OK) {
			rec = render_meta_json(&m);
			shim_meta_clear(&m);
		}
		if (rec && text) {
			text++;
			json_object_object_add(rec, "text", escape_json_string(
				text, len - (size_t)(text - data)));
		}
		free(meta);
		free(data);
		if (!rec || !text) {
			json_object_put(rec);
			snprintf(err, sizeof err, "stored record of '%s' is damaged", show);
			report(mode == MODE_JSON, NULL, answer_status_code(SHIM_CORRUPT),
			       err, &write_err);
			goto out;
		}
		if (mode == MODE_JSON) {
			json_object *w = json_object_new_object();
			json_object_object_add(w, "format_version", json_object_new_int(SEARCH_FORMAT_VERSION));
			json_object_object_add(w, "article", rec);
			print_json(stdout, w, &write_err);
		} else {
			render_article_text(stdout, rec, color);
			json_object_put(rec);
		}
		status = 0;
	} else if (stdio_mode) {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;
		size_t skip;
		time_t last = time(NULL);
		while ((n = getline(&line, &cap, stdin)) >= 0) {
			/* an empty line too gets its (error) answer: a client
			 * pairs answers with requests by counting lines */
			while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				line[--n] = '\0';
			/* A file saved by a Windows tool starts with a UTF-8 BOM
			 * (files joined by cat, each of them): no part of the
			 * request, whose '{' must come first. */
			skip = n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
			/* An editor keeps this process for hours: what is indexed
			 * meanwhile shows up within a second. */
			if (time(NULL) != last) {
				shim_reader_reopen(r);
				last = time(NULL);
			}
			if (stdio_line(r, line + skip, (size_t)n - skip, &o, &write_err) != 0)
				break;
		}
		free(line);
		status = 0;
	} else {
		struct answer a;
		o.count_only = mode == MODE_COUNT;
		if (mode == MODE_COUNT || mode == MODE_FILES)
			o.no_text = true;	/* paths and counts need no text */
		if (answer_run(r, query ? query : "", &o, &a) != 0) {
			if (mode == MODE_JSON)
				print_json(stdout, render_json_error(&a), &write_err);
			print_error(&a);
			status = a.status == SHIM_NOT_FOUND ? 1 : 2;
			answer_free(&a);
			goto out;
		}
		status = a.total > 0 ? 0 : 1;
		switch (mode) {
		case MODE_JSON: print_json(stdout, render_json(&a), &write_err); break;
		case MODE_VIMGREP: render_vimgrep(stdout, &a); break;
		case MODE_FILES:
			if (list_files(r, query ? query : "", &o, &a, !limit_set) != 0)
				status = 2;
			break;
		case MODE_COUNT: printf("%zu\n", a.total); break;
		default: render_text(stdout, &a, color); break;
		}
		answer_free(&a);
	}
out:
	if (output_failed(write_err))
		status = 2;
	shim_reader_close(r);
	free(query);
	free(db);
	free_words(&words);
	return status;
}
