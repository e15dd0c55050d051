/*
 * query.h - the query language: from the text a user types to a tree of
 * struct shim_qnode (shim/shim.h) that the shim turns into a Xapian query.
 *
 * The parser owns the SYNTAX and the exact position of every error; the
 * shim owns tokenization, stemming, alias resolution and term prefixes.  So
 * a word here is passed on as typed ("U.S.", "back-door", "NCSC") and the
 * shim decides what terms it becomes.
 *
 * query_parse() is a pure function over a buffer: no globals, no output,
 * and bounded time and memory on any input (see the QUERY_MAX_* limits),
 * so a fuzzer can call it directly.  It needs shim_field_by_name() and
 * shim_field_info() for the field names (the schema lives in the shim).
 *
 * THE LANGUAGE
 *
 *   huawei ncsc            plain words: all of them (AND), or any of them
 *                          (OR) with QUERY_ANY (--any)
 *   "smoking gun"          a phrase (text between the quotes, whitespace
 *                          folded); nothing inside quotes is an operator;
 *                          “...”, „...“, „...” and «...» are quotes too
 *   +huawei -zte           required / excluded ('+' or '-' right before a
 *                          term, word, phrase, field or '(')
 *   a AND b, a OR b, a XOR b, NOT a, a NOT b (= a AND NOT b)
 *   a NEAR b, a NEAR/5 b   words within a window (default 10, 1..1000) in
 *   a ADJ b, a ADJ/3 b     any order (NEAR) or in order (ADJ); operands
 *                          must be plain words (a field is allowed); one
 *                          chain uses one operator and window (a NEAR b
 *                          NEAR c is fine, a NEAR b ADJ c is an error)
 *   huaw*                  trailing wildcard, at least 2 characters before
 *                          the '*' (SHIM_Q_WILDCARD, text "huaw"); a '*'
 *                          anywhere else in a word is an error
 *   ( ... )                grouping, at most QUERY_MAX_DEPTH deep
 *
 * Operators.  Upper-case AND OR NOT XOR NEAR ADJ are always operators
 * (outside quotes and except right after a field's colon or a '+'/'-').
 * Lower-case and, or, xor, not are operators only between two operands:
 * "war and peace" is AND(war, peace), but "and" alone, "not" at the start,
 * "huawei and" or "(or x)" are words.  One extension: a lower-case "not"
 * right after a binary operator and before an operand is NOT, so "a and
 * not b" means a AND NOT b.  Mixed case ("And") is always a word.
 *
 * Precedence, tightest first:
 *   1. NOT (unary), '+', '-'
 *   2. NEAR, ADJ
 *   3. AND, binary NOT, and juxtaposition ("a b") in the default mode
 *      (with QUERY_ANY, juxtaposition sits just below: "a b AND c" is
 *      OR(a, AND(b, c)))
 *   4. XOR
 *   5. OR
 * So "a OR b c" is OR(a, AND(b, c)) and "-a NEAR b" is an error (the '-'
 * takes only a; write "NOT (a NEAR b)").
 *
 * Required, optional and excluded terms in one run of juxtaposed terms:
 *   default:   +a b -c  ->  AND_NOT(AND(a, b), c)
 *   QUERY_ANY: +a b -c  ->  AND_NOT(AND_MAYBE(a, b), c)
 *              (required terms must match; the others only add weight;
 *              several optional terms become AND_MAYBE(req, OR(b, d)))
 * Several excluded terms are OR'ed under one AND_NOT; a run of only
 * excluded terms ("-a", "NOT a") means everything but them:
 * AND_NOT(ALL, a).  A date (date:, year:) in a QUERY_ANY run is a filter,
 * never an optional term: "huawei zte date:2019" is
 * AND(OR(huawei, zte), DATE 2019).
 *
 * Fields (name:value, the names users see in results; only those the
 * schema marks SHIM_FIELD_QUERYABLE; names compared case-insensitively):
 *   org:NCSC               WORD, field ORG, text kept as typed
 *   source:"Policy Wire"   PHRASE with the field (the shim treats entity and
 *                          source phrases as whole values)
 *   title:(huawei OR zte)  the field applies to every word and phrase inside
 *                          (fields cannot be nested)
 *   title:huaw*            WILDCARD with the field
 *   date:2019-02-01..2019-03-31, date:2019..2020, date:2019-03,
 *   date:2019-03-05, date:2019-03.., date:..2019-06-30, date:>=2019-03,
 *   date:<=2019, year:2019, year:2018..2019
 *                          SHIM_Q_DATE, field DATE or YEAR, from/to as
 *                          "YYYY", "YYYYMM" or "YYYYMMDD" (NULL = open; a
 *                          single date has from == to).  Months 1-12, days
 *                          valid for the month (leap years counted), years of
 *                          4 digits, from no later than to; year: takes
 *                          years only.
 * What counts as a field: a word starting "name:" where name is a letter
 * followed by letters, digits or '_' and a value follows the colon at once.
 * An unknown name is then an error ("unknown field 'foo' (known: ...)").
 * Not fields, left as words: a colon followed by '/' or ':' (URLs such as
 * http://x, "std::map"), by a space or the end ("Re: ..."), and words not
 * starting with a letter ("10:30").  A known field with nothing after the
 * colon ("title: huawei") is an error, as it is surely a typo.
 *
 * Words: runs of bytes other than ASCII whitespace, '"', '(' and ')'; a
 * leading '+' or '-' is a sign, any other '+', '-', '.', ':' stays in the
 * word.  UTF-8 passes through; invalid UTF-8, NUL and other control
 * characters (but tab, CR, LF, VT, FF, which are whitespace) are errors.
 *
 * Positions: every node's pos/len are byte offsets into the query: a word,
 * phrase or date includes its "name:" and quotes (not its sign; inside
 * name:( ) only the word itself); parentheses are not kept; an operator node
 * spans its operands; an ALL node made for a leading negation covers the
 * NOT or '-' that made it.
 *
 * Errors: one line (err->msg) and the byte offset (err->pos) where it went
 * wrong: the opening '(' or '"' that is never closed, the operator that
 * lacks an operand, the bad part of a date, the field name.  Columns in
 * messages are 1-based characters.
 */
#ifndef DOSSIER_QUERY_H
#define DOSSIER_QUERY_H

#include <stddef.h>

#include "shim.h"

/* Limits on hostile or runaway queries; past them query_parse() refuses. */
#define QUERY_MAX_BYTES		65536	/* length of the query text */
#define QUERY_MAX_TERMS		1000	/* words, phrases, wildcards, dates */
#define QUERY_MAX_DEPTH		64	/* nested parentheses */
#define QUERY_MAX_WINDOW	1000	/* NEAR/n, ADJ/n */
#define QUERY_DEFAULT_WINDOW	10	/* NEAR, ADJ without /n */

/* Flags of query_parse(). */
#define QUERY_ANY		0x1	/* juxtaposed terms OR'ed (--any) */

/* Owns every node and string of a parsed query; free with query_free(). */
struct query_tree;

struct query_error {
	size_t pos;		/* byte offset in the query where it went wrong */
	char msg[200];		/* one line, no trailing newline */
};

/*
 * Parses q[0..len) (UTF-8, need not be NUL-terminated).  Returns 0 and a
 * tree in *out (free with query_free()), or -1 with *out set to NULL and
 * err (may be NULL) filled.  Out of memory is an error too ("out of
 * memory", pos 0).
 */
int query_parse(const char *q, size_t len, unsigned flags,
		struct query_tree **out, struct query_error *err);

/* The root of t; owned by t, valid until query_free(t). */
const struct shim_qnode *query_root(const struct query_tree *t);

/* Frees t and every node and string in it.  t may be NULL. */
void query_free(struct query_tree *t);

/*
 * Where the words of phrase node n of query q stand between its quote
 * marks ("...", “...”, „...“, «...»): 0 with the first byte after the
 * opening mark in *from and the bytes up to the closing one in *len, or
 * -1 when n is no phrase of q.
 */
int query_phrase_inner(const char *q, const struct shim_qnode *n, size_t *from,
		       size_t *len);

/*
 * Writes the query on one line and a caret under err->pos on the next,
 *	huawei AND (ncsc
 *	           ^
 * (no trailing newline) into buf.  Control characters and invalid bytes
 * show as '?', whitespace as ' '; a query wider than 72 columns is cut
 * to a window around the caret with "...".  Columns are display width, as
 * a terminal shows them: CJK and emoji are two wide, combining marks none.
 * Returns the length written, or -1
 * when buf is too small (it then holds as much as fits, NUL-terminated).
 */
int query_format_error(const char *q, size_t len,
		       const struct query_error *err, char *buf,
		       size_t buflen);

/*
 * The canonical text form of a tree, for tests and debugging:
 *	(AND (WORD huawei) (WORD org:NCSC))
 *	(AND_NOT (ALL) (OR (PHRASE "back door") (WILDCARD title:huaw)))
 *	(NEAR/10 (WORD a) (WORD b))  (DATE date:201903..20190630)
 * Returns the length, or -1 when buf is too small (truncated, with NUL).
 */
int query_to_string(const struct shim_qnode *n, char *buf, size_t buflen);

#endif
