/*
 * test_sniff.c - format sniffing from names and content (indexer/sniff.c).
 */
#include "check.h"
#include "readers.h"

static enum article_format sniff(const char *name, const char *head)
{
	return sniff_format(name, head, strlen(head));
}

int main(void)
{
	static const char html[] = "<!DOCTYPE html>\n<html><body>x</body>";
	static const char page[] = "\n  <html lang=\"en\"><head>";
	static const char xmlpage[] =
		"<?xml version=\"1.0\"?>\n<!-- saved -->\n<html>";
	static const char text[] = "Export rules tighten\n\nBy A Writer\n"
		"Officials said on Tuesday that...\n";
	static const char obj[] = "{\"title\": \"A\",\n \"text\": \"b\"}\n";
	static const char lines[] = "{\"title\": \"A\"}\n{\"title\": \"B\"}\n";
	static const char arr[] = "[\n  {\"title\": \"A\"}\n]\n";
	static const char mail[] = "Subject: Vendor ban\nDate: Tue, 26 Feb "
		"2019 10:00:00 +0000\nFrom: Desk <desk@example.org>\n\nBody.\n";
	static const char titled[] = "Title: Vendor ban\n"
		"Date: 2019-02-26\n  (folded)\n";
	static const char notmail[] = "Subject: only a subject\n\nBody\n";
	static const char bracket[] = "[Updated] Ministers meet\n";
	char bin[64];
	char bad[100];
	size_t i;

	/* names */
	CHECK_STR(sniff_format_name(ARTICLE_FMT_TEXT), "text");
	CHECK_STR(sniff_format_name(ARTICLE_FMT_HTML), "html");
	CHECK_STR(sniff_format_name(ARTICLE_FMT_JSON), "json");
	CHECK_STR(sniff_format_name(ARTICLE_FMT_JSONL), "jsonl");
	CHECK_STR(sniff_format_name(ARTICLE_FMT_MAIL), "mail");
	CHECK_STR(sniff_format_name(ARTICLE_FMT_UNKNOWN), "unknown");
	CHECK_INT(sniff_format_from_name("jsonl"), ARTICLE_FMT_JSONL);
	CHECK_INT(sniff_format_from_name("MAIL"), ARTICLE_FMT_MAIL);
	CHECK_INT(sniff_format_from_name("ndjson"), ARTICLE_FMT_JSONL);
	CHECK_INT(sniff_format_from_name("pdf"), ARTICLE_FMT_UNKNOWN);
	CHECK_INT(sniff_format_from_name(NULL), ARTICLE_FMT_UNKNOWN);

	/* extensions confirmed by content */
	CHECK_INT(sniff("a.txt", text), ARTICLE_FMT_TEXT);
	CHECK_INT(sniff("dir.d/A.TXT", text), ARTICLE_FMT_TEXT);
	CHECK_INT(sniff("a.text", text), ARTICLE_FMT_TEXT);
	CHECK_INT(sniff("a.html", html), ARTICLE_FMT_HTML);
	CHECK_INT(sniff("a.htm", "<p>fragment</p>"), ARTICLE_FMT_HTML);
	CHECK_INT(sniff("a.xhtml", xmlpage), ARTICLE_FMT_HTML);
	CHECK_INT(sniff("a.json", obj), ARTICLE_FMT_JSON);
	CHECK_INT(sniff("a.json", arr), ARTICLE_FMT_JSON);
	CHECK_INT(sniff("a.jsonl", lines), ARTICLE_FMT_JSONL);
	CHECK_INT(sniff("a.ndjson", lines), ARTICLE_FMT_JSONL);
	CHECK_INT(sniff("a.jsonl", ""), ARTICLE_FMT_JSONL);
	CHECK_INT(sniff("a.eml", mail), ARTICLE_FMT_MAIL);
	CHECK_INT(sniff("a.mail", "no header at all\n"), ARTICLE_FMT_MAIL);

	/* .gz is looked through */
	CHECK_INT(sniff("a.jsonl.gz", lines), ARTICLE_FMT_JSONL);
	CHECK_INT(sniff("a.html.GZ", html), ARTICLE_FMT_HTML);

	/* mismatched extensions: the content wins */
	CHECK_INT(sniff("a.txt", html), ARTICLE_FMT_HTML);
	CHECK_INT(sniff("a.txt", page), ARTICLE_FMT_HTML);
	CHECK_INT(sniff("a.txt", xmlpage), ARTICLE_FMT_HTML);
	CHECK_INT(sniff("a.txt", mail), ARTICLE_FMT_MAIL);
	CHECK_INT(sniff("a.json", lines), ARTICLE_FMT_JSONL);
	CHECK_INT(sniff("a.jsonl", arr), ARTICLE_FMT_JSON);
	CHECK_INT(sniff("a.json", html), ARTICLE_FMT_HTML);
	CHECK_INT(sniff("a.json", text), ARTICLE_FMT_TEXT);
	CHECK_INT(sniff("a.eml", html), ARTICLE_FMT_HTML);

	/* no or unknown extension: content alone */
	CHECK_INT(sniff("article", mail), ARTICLE_FMT_MAIL);
	CHECK_INT(sniff("article", titled), ARTICLE_FMT_MAIL);
	CHECK_INT(sniff("article.dat", html), ARTICLE_FMT_HTML);
	CHECK_INT(sniff("article", lines), ARTICLE_FMT_JSONL);
	CHECK_INT(sniff("article", obj), ARTICLE_FMT_JSON);
	CHECK_INT(sniff("article", arr), ARTICLE_FMT_JSON);
	CHECK_INT(sniff("article", text), ARTICLE_FMT_TEXT);
	CHECK_INT(sniff("article", notmail), ARTICLE_FMT_TEXT);
	CHECK_INT(sniff("article", bracket), ARTICLE_FMT_TEXT);
	CHECK_INT(sniff(".hidden", text), ARTICLE_FMT_TEXT);
	CHECK_INT(sniff("-", lines), ARTICLE_FMT_JSONL);
	CHECK_INT(sniff(NULL, html), ARTICLE_FMT_HTML);
	CHECK_INT(sniff("empty", ""), ARTICLE_FMT_UNKNOWN);
	CHECK_INT(sniff("a.txt", "\xEF\xBB\xBF<!doctype HTML>"),
		  ARTICLE_FMT_HTML);

	/* binary: NULs, or too much invalid UTF-8 */
	memset(bin, 'a', sizeof bin);
	bin[10] = '\0';
	CHECK(sniff_is_binary(bin, sizeof bin));
	CHECK_INT(sniff_format("a.txt", bin, sizeof bin), ARTICLE_FMT_UNKNOWN);
	CHECK_INT(sniff_format("a.json", "\x1f\x8b\x08\x00", 4),
		  ARTICLE_FMT_UNKNOWN);
	for (i = 0; i < sizeof bad; i++)
		bad[i] = (char)(i % 7 == 0 ? 0xFF : 'x');
	CHECK(sniff_is_binary(bad, sizeof bad));
	CHECK_INT(sniff_format("a.html", bad, sizeof bad), ARTICLE_FMT_UNKNOWN);
	/* a little Latin-1 in a text file is still text */
	for (i = 0; i < sizeof bad; i++)
		bad[i] = (char)(i % 20 == 0 ? 0xE9 : 'x');
	CHECK(!sniff_is_binary(bad, sizeof bad));
	CHECK_INT(sniff_format("a.txt", bad, sizeof bad), ARTICLE_FMT_TEXT);
	/* a head cut in the middle of a character is not binary */
	CHECK(!sniff_is_binary("caf\xC3", 4));
	CHECK(!sniff_is_binary("ab\xE2\x82", 4));
	CHECK(!sniff_is_binary("", 0));
	CHECK(!sniff_is_binary("\xE2\x80\x9Cquoted\xE2\x80\x9D", 12));
	return CHECK_DONE();
}
