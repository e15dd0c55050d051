/*
 * dates.h - publication dates as news sites write them, normalised.
 *
 * dates_parse() is a pure function: it accepts the forms news uses
 * ("December 8, 2018", "8 December 2018", "Updated: December 9, 2018",
 * "Thu, 22 Aug 2002 12:36:23 +0100", "2019-02-26", "2019-02-26T10:00:00Z",
 * "Feb 2019", "2019") and yields a UTC date with its precision.
 */
#ifndef DOSSIER_DATES_H
#define DOSSIER_DATES_H

#include <stddef.h>

enum date_precision {
	DATE_NONE = 0,
	DATE_YEAR,
	DATE_MONTH,
	DATE_DAY,
	DATE_SECOND
};

struct date {
	int year, month, day;		/* month/day 0 when unknown */
	int hour, min, sec;		/* UTC, when precision is DATE_SECOND */
	enum date_precision prec;
};

/*
 * Parses the first date found in s[0..len) (leading labels such as
 * "Updated:", "Published", "Posted on" are skipped).  Returns 0 and fills
 * *d, or -1 when s holds no plausible date (years 1800..2100 only).
 */
int dates_parse(const char *s, size_t len, struct date *d);

/*
 * Writes ISO 8601 for d into buf: "2019", "2019-02", "2019-02-26" or
 * "2019-02-26T10:00:00Z" by precision.  buf needs DATES_ISO_MAX bytes.
 */
#define DATES_ISO_MAX 24
void dates_format_iso(const struct date *d, char buf[DATES_ISO_MAX]);

#endif
