/*
 * test_request.c - --stdio lines into queries and options
 * (searcher/request.c): a plain line; a JSON object with every member; and
 * each way a line can be wrong, which must be an error that names what is
 * wrong, never a default taken in silence.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "searcher.h"

static const struct search_opts defaults = { .limit = 10 };

/* Does line fail, with a message holding want? */
static void bad(const char *line, const char *want)
{
	struct request req;
	char msg[256] = "";

	CHECK_INT(request_parse(line, &defaults, &req, msg, sizeof msg), -1);
	if (!strstr(msg, want))
		fprintf(stderr, "line %s: message '%s' lacks '%s'\n", line, msg, want);
	CHECK(strstr(msg, want) != NULL);
	request_free(&req);
}

int main(void)
{
	struct request req;
	char msg[256];

	/* a plain query: the defaults */
	CHECK_INT(request_parse("huawei AND ncsc", &defaults, &req, msg, sizeof msg), 0);
	CHECK_STR(req.query, "huawei AND ncsc");
	CHECK_INT(req.opts.limit, 10);
	request_free(&req);

	/* every member */
	CHECK_INT(request_parse("{\"query\": \"5g\", \"limit\": 3, \"offset\": 100000, "
				"\"sort\": \"-date\", \"facets\": true, \"any\": true, "
				"\"snippets\": false, \"like\": \"a1\"}  ",
				&defaults, &req, msg, sizeof msg), 0);
	CHECK_STR(req.query, "5g");
	CHECK_INT(req.opts.limit, 3);
	CHECK_INT(req.opts.offset, 100000);
	CHECK_INT(req.opts.sort, SHIM_SORT_DATE_DESC);
	CHECK(req.opts.facets && req.opts.any && req.opts.no_text);
	CHECK_STR(req.opts.like_id, "a1");
	request_free(&req);

	/* blanks before the object, as JSON allows (an editor's indented
	 * line): still the object, not a plain query of its text */
	CHECK_INT(request_parse(" \t{\"query\": \"5g\", \"limit\": 2}", &defaults, &req,
				msg, sizeof msg), 0);
	CHECK_STR(req.query, "5g");
	CHECK_INT(req.opts.limit, 2);
	request_free(&req);
	bad("  {\"query\": \"x\", \"limt\": 3}", "unknown member \"limt\"");

	/* "like" alone asks for related articles */
	CHECK_INT(request_parse("{\"like\": \"a1\"}", &defaults, &req, msg, sizeof msg), 0);
	CHECK_STR(req.query, "");
	request_free(&req);

	bad("{\"query\": 5}", "\"query\" must be a string");
	bad("{\"query\": \"x\", \"limit\": -1}", "\"limit\" must be an integer from 0 to 10000");
	bad("{\"query\": \"x\", \"limit\": 10001}", "\"limit\"");
	bad("{\"query\": \"x\", \"limit\": 2.5}", "\"limit\"");
	bad("{\"query\": \"x\", \"limit\": \"3\"}", "\"limit\"");
	bad("{\"query\": \"x\", \"limit\": 99999999999999999999}", "\"limit\"");
	bad("{\"query\": \"x\", \"offset\": 100001}", "\"offset\" must be an integer from 0 to 100000");
	bad("{\"query\": \"x\", \"sort\": \"newest\"}", "\"sort\" must be");
	bad("{\"query\": \"x\", \"sort\": 1}", "\"sort\" must be");
	bad("{\"query\": \"x\", \"facets\": \"yes\"}", "\"facets\" must be true or false");
	bad("{\"query\": \"x\", \"any\": 1}", "\"any\" must be true or false");
	bad("{\"query\": \"x\", \"snippets\": null}", "\"snippets\" must be true or false");
	bad("{\"query\": \"x\", \"like\": \"\"}", "\"like\" must be an article id");
	bad("{\"query\": \"x\", \"limt\": 3}", "unknown member \"limt\"");
	bad("{\"limit\": 3}", "no \"query\"");
	bad("{\"query\": \"x\"} {}", "not a JSON object: ");
	bad("{\"query\": \"x\"", "not a JSON object: the line ends inside it");
	bad("{query: x}", "not a JSON object: ");
	bad("{'query': 'x'}", "not a JSON object: ");
	bad("{\"query\": \"x\",}", "not a JSON object: ");
	bad("{\"query\": \"x\" /* c */}", "not a JSON object: ");
	bad("{\"query\": \"x\", \"query\": [1]}", "\"query\" is given twice");
	/* a NUL would cut the string short: "a\u0000b" is not "a" */
	bad("{\"query\": \"a\\u0000b\"}", "\"query\" holds a NUL character");
	bad("{\"query\": \"\\u0000\"}", "\"query\" holds a NUL character");
	bad("{\"query\": \"x\", \"sort\": \"date\\u0000x\"}", "\"sort\" holds a NUL");
	bad("{\"like\": \"a1\\u0000\"}", "\"like\" holds a NUL");
	/* json-c keeps the last of two members and makes a lone surrogate
	 * U+FFFD: both would be another request than the one sent */
	bad("{\"limit\": 5, \"query\": \"x\", \"limit\": 500}", "\"limit\" is given twice");
	bad("{\"query\": 5, \"query\": \"x\"}", "\"query\" is given twice");
	bad("{\"query\": \"\\ud800\"}", "\"query\" holds a lone surrogate (\\ud800)");
	bad("{\"query\": \"\\udc00huawei\"}", "\"query\" holds a lone surrogate (\\udc00)");
	bad("{\"query\": \"\\ud83d\\u0041\"}", "\"query\" holds a lone surrogate (\\ud83d)");
	bad("{\"query\": \"x\", \"like\": \"a\\uDFFF\"}", "\"like\" holds a lone surrogate (\\udfff)");
	bad("{\"\\ud800\": 1}", "a member name holds a lone surrogate");
	/* a pair is a character; an escaped backslash before "ud800" is text */
	CHECK_INT(request_parse("{\"query\": \"\\ud83d\\ude00 a\\\\ud800\"}", &defaults, &req,
				msg, sizeof msg), 0);
	CHECK_STR(req.query, "\xF0\x9F\x98\x80 a\\ud800");
	request_free(&req);
	return CHECK_DONE();
}
