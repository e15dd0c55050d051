/*
 * test_dates.c - dates_parse() and dates_format_iso(): every accepted form
 * with its exact ISO result, the rejections, and bounded work on hostile
 * input.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "dates.h"

/* Parses s and returns its ISO form, or "REJECT". */
static const char *iso(const char *s, char buf[DATES_ISO_MAX])
{
	struct date d;

	if (dates_parse(s, strlen(s), &d) != 0)
		return "REJECT";
	dates_format_iso(&d, buf);
	return buf;
}

#define CHECK_DATE(in, want) do { \
	char b_[DATES_ISO_MAX]; \
	CHECK_STR(iso(in, b_), want); \
} while (0)

static void test_textual(void)
{
	CHECK_DATE("December 8, 2018", "2018-12-08");
	CHECK_DATE("Dec 8, 2018", "2018-12-08");
	CHECK_DATE("Dec. 8, 2018", "2018-12-08");
	CHECK_DATE("Sept. 3rd, 2019", "2019-09-03");
	CHECK_DATE("8 December 2018", "2018-12-08");
	CHECK_DATE("8 Dec. 2018", "2018-12-08");
	CHECK_DATE("08-Dec-2018", "2018-12-08");
	CHECK_DATE("DECEMBER 8, 2018", "2018-12-08");
	CHECK_DATE("Updated: December 9, 2018", "2018-12-09");
	/* Chinese and Japanese: 年 月 日 after their numbers */
	CHECK_DATE("2019\xe5\xb9\xb4" "5\xe6\x9c\x88" "16\xe6\x97\xa5", "2019-05-16");
	CHECK_DATE("\xe5\x8f\x91\xe5\xb8\x83 2019\xe5\xb9\xb4 12\xe6\x9c\x88 3\xe6\x97\xa5", "2019-12-03");
	CHECK_DATE("2019\xe5\xb9\xb4" "5\xe6\x9c\x88", "2019-05");
	CHECK_DATE("2019 \xe5\xb9\xb4 5 \xe6\x9c\x88 16 \xe6\x97\xa5", "2019-05-16");
	CHECK_DATE("2019\xe5\xb9\xb4" "13\xe6\x9c\x88" "1\xe6\x97\xa5", "REJECT");
	CHECK_DATE("2019\xe5\xb9\xb4" "2\xe6\x9c\x88" "30\xe6\x97\xa5", "REJECT");
	CHECK_DATE("Published 10:15 AM ET, Sat December 8, 2018",
		   "2018-12-08");
	/* No zone: local time we cannot convert, the day as written. */
	CHECK_DATE("December 8, 2018 10:15 AM", "2018-12-08");
	CHECK_DATE("December 8, 2018 at 11:45 p.m.", "2018-12-08");
	/* A fixed zone converts. */
	CHECK_DATE("December 8, 2018 10:15 PM EST", "2018-12-09T03:15:00Z");
	CHECK_DATE("8 December 2018 09:30 GMT", "2018-12-08T09:30:00Z");
	CHECK_DATE("8 December 2018 09:30 GMT+1", "2018-12-08T08:30:00Z");
	/* The first date is the publication date. */
	CHECK_DATE("December 8, 2018 Updated: December 9, 2018",
		   "2018-12-08");
	CHECK_DATE("Posted on May 3, 2019", "2019-05-03");
	CHECK_DATE("Last updated 3 May 2019", "2019-05-03");
	CHECK_DATE("Date: 2019-05-03", "2019-05-03");
	/* A number after the date that is no time does not spoil it. */
	CHECK_DATE("8 May 2019, 45.50 euros", "2019-05-08");
}

static void test_rfc2822(void)
{
	CHECK_DATE("Thu, 22 Aug 2002 12:36:23 +0100",
		   "2002-08-22T11:36:23Z");
	CHECK_DATE("Thu, 22 Aug 2002 12:36:23 -0000",
		   "2002-08-22T12:36:23Z");
	CHECK_DATE("Mon, 31 Dec 2018 23:30:00 -0100",
		   "2019-01-01T00:30:00Z");
	CHECK_DATE("Tue, 1 Jan 2019 00:15:00 +0200", "2018-12-31T22:15:00Z");
	CHECK_DATE("Sat, 8 Dec 2018 10:15:00 GMT", "2018-12-08T10:15:00Z");
	CHECK_DATE("Sat, 8 Dec 2018 10:15:00 +0000 (UTC)",
		   "2018-12-08T10:15:00Z");
}

static void test_iso(void)
{
	CHECK_DATE("2019-02-26", "2019-02-26");
	CHECK_DATE("2019-02-26T10:00:00Z", "2019-02-26T10:00:00Z");
	CHECK_DATE("2019-02-26T10:00:00.123456Z", "2019-02-26T10:00:00Z");
	CHECK_DATE("2019-02-26T10:00:00+01:00", "2019-02-26T09:00:00Z");
	CHECK_DATE("2019-02-26T10:00:00-0530", "2019-02-26T15:30:00Z");
	CHECK_DATE("2019-02-26 10:00:00Z", "2019-02-26T10:00:00Z");
	CHECK_DATE("2019-02-26T10:00Z", "2019-02-26T10:00:00Z");
	/* No zone: the day as written. */
	CHECK_DATE("2019-02-26T10:00:00", "2019-02-26");
	/* Crossing day, month and year boundaries, and leap days. */
	CHECK_DATE("2019-03-01T00:30:00+01:00", "2019-02-28T23:30:00Z");
	CHECK_DATE("2020-03-01T00:30:00+01:00", "2020-02-29T23:30:00Z");
	CHECK_DATE("2020-02-29T23:30:00-01:00", "2020-03-01T00:30:00Z");
	CHECK_DATE("2018-12-31T23:00:00-02:00", "2019-01-01T01:00:00Z");
	CHECK_DATE("2019-01-01T01:00:00+02:00", "2018-12-31T23:00:00Z");
	CHECK_DATE("2000-02-29", "2000-02-29");
	CHECK_DATE("2019/02/26", "2019-02-26");
	CHECK_DATE("2019-02", "2019-02");
}

static void test_numeric(void)
{
	/* Day first unless only the second number can be a day. */
	CHECK_DATE("26.02.2019", "2019-02-26");
	CHECK_DATE("26/02/2019", "2019-02-26");
	CHECK_DATE("26-02-2019", "2019-02-26");
	CHECK_DATE("05/03/2019", "2019-03-05");
	CHECK_DATE("12/31/2019", "2019-12-31");
	CHECK_DATE("1.2.2019", "2019-02-01");
}

static void test_month_year(void)
{
	CHECK_DATE("February 2019", "2019-02");
	CHECK_DATE("Feb 2019", "2019-02");
	CHECK_DATE("Feb. 2019", "2019-02");
	CHECK_DATE("March, 2019", "2019-03");
	CHECK_DATE("2019", "2019");
	CHECK_DATE("(c) 2019 Example Media", "2019");
	CHECK_DATE("Mobile World Congress 2019", "2019");
}

static void test_languages(void)
{
	CHECK_DATE("26 f\xc3\xa9vrier 2019", "2019-02-26");
	CHECK_DATE("Le 26 f\xc3\xa9vrier 2019", "2019-02-26");
	CHECK_DATE("26 FÉVRIER 2019", "2019-02-26");
	CHECK_DATE("Mis \xc3\xa0 jour le 1er mars 2019 \xc3\xa0 10h30",
		   "2019-03-01");
	CHECK_DATE("3 ao\xc3\xbbt 2019", "2019-08-03");
	CHECK_DATE("d\xc3\xa9" "cembre 2018", "2018-12");
	CHECK_DATE("26. Februar 2019", "2019-02-26");
	CHECK_DATE("1. M\xc3\xa4rz 2019", "2019-03-01");
	CHECK_DATE("Aktualisiert am 9. Dezember 2018, 10:15 Uhr",
		   "2018-12-09");
}

static void test_rejections(void)
{
	CHECK_DATE("", "REJECT");
	CHECK_DATE("no date here", "REJECT");
	CHECK_DATE("5G and Huawei", "REJECT");
	CHECK_DATE("February 30, 2019", "REJECT");
	CHECK_DATE("30 February 2019", "REJECT");
	CHECK_DATE("2019-02-29", "REJECT");
	CHECK_DATE("1900-02-29", "REJECT");
	CHECK_DATE("2019-13-01", "REJECT");
	CHECK_DATE("2019-00-10", "REJECT");
	CHECK_DATE("2019-13", "REJECT");
	CHECK_DATE("31/13/2019", "REJECT");
	CHECK_DATE("April 31, 2019", "REJECT");
	CHECK_DATE("2019-02-26T25:00:00Z", "REJECT");
	CHECK_DATE("1799", "REJECT");
	CHECK_DATE("2101", "REJECT");
	CHECK_DATE("December 8, 1750", "REJECT");
	CHECK_DATE("3000-01-01", "REJECT");
	CHECK_DATE("12345", "REJECT");
	CHECK_DATE("26/02/19", "REJECT");
	CHECK_DATE("2100-12-31T23:00:00-05:00", "REJECT");
	CHECK_DATE("version 20190226", "REJECT");
}

static void test_struct(void)
{
	struct date d;
	char buf[DATES_ISO_MAX];

	CHECK_INT(dates_parse("Thu, 22 Aug 2002 12:36:23 +0100", 31, &d), 0);
	CHECK_INT(d.prec, DATE_SECOND);
	CHECK_INT(d.year, 2002);
	CHECK_INT(d.month, 8);
	CHECK_INT(d.day, 22);
	CHECK_INT(d.hour, 11);
	CHECK_INT(d.min, 36);
	CHECK_INT(d.sec, 23);

	CHECK_INT(dates_parse("Feb 2019", 8, &d), 0);
	CHECK_INT(d.prec, DATE_MONTH);
	CHECK_INT(d.day, 0);

	CHECK_INT(dates_parse("2019", 4, &d), 0);
	CHECK_INT(d.prec, DATE_YEAR);
	CHECK_INT(d.month, 0);

	/* Only len bytes are read: no NUL needed, none looked at. */
	CHECK_INT(dates_parse("2019-02-26T10:00:00Z", 10, &d), 0);
	CHECK_INT(d.prec, DATE_DAY);
	CHECK_INT(dates_parse("2019-02-26", 0, &d), -1);
	CHECK_INT(dates_parse(NULL, 0, &d), -1);

	/* Precisions and a hand-made struct with silly values. */
	memset(&d, 0, sizeof d);
	dates_format_iso(&d, buf);
	CHECK_STR(buf, "");
	d.year = 2019;
	d.month = 2;
	d.day = 26;
	d.hour = 10;
	d.prec = DATE_SECOND;
	dates_format_iso(&d, buf);
	CHECK_STR(buf, "2019-02-26T10:00:00Z");
	d.prec = DATE_DAY;
	dates_format_iso(&d, buf);
	CHECK_STR(buf, "2019-02-26");
	d.prec = DATE_MONTH;
	dates_format_iso(&d, buf);
	CHECK_STR(buf, "2019-02");
	d.prec = DATE_YEAR;
	dates_format_iso(&d, buf);
	CHECK_STR(buf, "2019");
	d.year = -2147483647;
	d.month = 99999;
	d.prec = DATE_SECOND;
	dates_format_iso(&d, buf);
	CHECK(strlen(buf) < DATES_ISO_MAX);
}

/* A megabyte of digits, of "1 ", of letters: rejected, quickly. */
static void test_hostile(void)
{
	size_t n = 1u << 20, i;
	char *s = malloc(n);
	struct date d;
	clock_t t0 = clock();

	CHECK(s != NULL);
	if (!s)
		return;
	memset(s, '7', n);
	CHECK_INT(dates_parse(s, n, &d), -1);
	for (i = 0; i < n; i++)
		s[i] = i % 2 ? ' ' : '1';
	CHECK_INT(dates_parse(s, n, &d), -1);
	for (i = 0; i < n; i++)
		s[i] = "1-1."[i % 4];
	CHECK_INT(dates_parse(s, n, &d), -1);
	memset(s, 'e', n);
	CHECK_INT(dates_parse(s, n, &d), -1);
	for (i = 0; i < n; i++)
		s[i] = (char)(0x80 + i % 64);
	CHECK_INT(dates_parse(s, n, &d), -1);
	/* A date at the very end of a long run of noise is still found. */
	memset(s, '9', n);
	memcpy(s + n - 11, " 2019-02-26", 11);
	CHECK_INT(dates_parse(s, n, &d), 0);
	CHECK_INT(d.day, 26);
	/* Sanitizers slow this down; a quadratic scan would take minutes. */
	CHECK((clock() - t0) / CLOCKS_PER_SEC < 10);
	free(s);
}

int main(void)
{
	test_textual();
	test_rfc2822();
	test_iso();
	test_numeric();
	test_month_year();
	test_languages();
	test_rejections();
	test_struct();
	test_hostile();
	return CHECK_DONE();
}
