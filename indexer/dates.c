/*
 * dates.c - publication dates as news sites write them, normalised to UTC.
 *
 * A pure function over bytes: no locale, no strptime, no time zone database,
 * no allocation.  The input is cut into tokens (digit runs, letter runs,
 * single punctuation bytes) and a handful of small patterns are tried at
 * every token start.  Each pattern reads a bounded number of tokens, and a
 * number or word that is too long fails at once instead of being read to its
 * end, so the work is linear in the input even for a megabyte of digits.
 *
 * Rules, chosen once and tested:
 *  - The first date of day precision wins; failing that the first
 *    "Month YYYY" / "YYYY-MM"; failing that the first free-standing year.
 *    Labels ("Updated:", "Posted on", "Le", "Mis à jour", weekday names) are
 *    simply words that start no pattern, so they are skipped.
 *  - A date that matches a pattern but is impossible (February 30, month
 *    13, hour 25) makes the whole string a non-date: it is not quietly
 *    downgraded to its year.
 *  - dd/mm/yyyy, dd-mm-yyyy and dd.mm.yyyy read day first, as most of the
 *    world writes them; only when the first number cannot be a month but
 *    the second can (12/31/2019) are they read month first.
 *  - A time is converted to UTC and kept (DATE_SECOND) only when its zone is
 *    known: "Z", "+01:00", "+0100", "UTC", "GMT" or a fixed-offset zone name
 *    (EST, CEST, ...).  A time without a zone, or with a zone whose offset
 *    depends on the season ("ET", "PT"), is local time we cannot convert, so
 *    the date is kept as written with day precision.
 *  - Years 1800..2100 only; two-digit years are not accepted.
 *  - English, French and German month names, full or abbreviated, with or
 *    without accents and a trailing dot; Chinese and Japanese 2019年5月16日.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dates.h"

#define YEAR_MIN 1800
#define YEAR_MAX 2100
#define WORD_MAX 24		/* longer letter runs are no month or zone */

struct scan {
	const char *s;
	size_t len;
};

enum match {
	M_NONE = 0,		/* no date here: try the next position */
	M_OK,			/* a date, *d filled */
	M_BAD			/* a date-shaped text with impossible values */
};

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(unsigned char c)
{
	/* Bytes >= 0x80 belong to letters in UTF-8 text ("février"). */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static bool at(const struct scan *sc, size_t i, char c)
{
	return i < sc->len && sc->s[i] == c;
}

/* Skips ASCII spaces and U+00A0, at most a few dozen so one call stays cheap. */
static size_t skip_space(const struct scan *sc, size_t i)
{
	size_t n = 0;

	while (i < sc->len && n < 64) {
		if (is_space((unsigned char)sc->s[i]))
			i++;
		else if (i + 1 < sc->len && (unsigned char)sc->s[i] == 0xc2 &&
			 (unsigned char)sc->s[i + 1] == 0xa0)
			i += 2;
		else
			break;
		n++;
	}
	return i;
}

/*
 * Reads a run of 1..maxd digits at *i.  Fails (without moving) when there
 * is no digit or the run is longer than maxd, so "20190" is not a year.
 */
static bool read_num(const struct scan *sc, size_t *i, int maxd, int *val,
		     int *nd)
{
	size_t j = *i;
	int v = 0, n = 0;

	while (j < sc->len && is_digit((unsigned char)sc->s[j])) {
		if (n == maxd)
			return false;
		v = v * 10 + (sc->s[j] - '0');
		n++;
		j++;
	}
	if (n == 0)
		return false;
	*val = v;
	if (nd)
		*nd = n;
	*i = j;
	return true;
}

/* Reads exactly n digits. */
static bool read_fixed(const struct scan *sc, size_t *i, int n, int *val)
{
	size_t j = *i;
	int nd;

	if (!read_num(sc, &j, n, val, &nd) || nd != n)
		return false;
	*i = j;
	return true;
}

/*
 * Reads a letter run at *i, folded to lower case (ASCII and the Latin-1
 * capitals of UTF-8), into w.  Fails on no letters or more than WORD_MAX.
 */
static bool read_word(const struct scan *sc, size_t *i, char w[WORD_MAX + 1],
		      size_t *wl)
{
	size_t j = *i, n = 0;

	while (j < sc->len && is_alpha((unsigned char)sc->s[j])) {
		unsigned char c = (unsigned char)sc->s[j];

		if (n == WORD_MAX)
			return false;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		else if (n > 0 && (unsigned char)w[n - 1] == 0xc3 &&
			 c >= 0x80 && c <= 0x9e && c != 0x97)
			c = (unsigned char)(c + 0x20);	/* É -> é */
		w[n++] = (char)c;
		j++;
	}
	if (n == 0)
		return false;
	w[n] = '\0';
	*wl = n;
	*i = j;
	return true;
}

/* Month names and abbreviations: English, French, German. */
static const struct {
	const char *name;
	int month;
} month_names[] = {
	{"january", 1}, {"jan", 1}, {"janvier", 1}, {"janv", 1},
	{"januar", 1}, {"j\xc3\xa4nner", 1}, {"jaenner", 1},
	{"february", 2}, {"feb", 2}, {"febr", 2}, {"f\xc3\xa9vrier", 2},
	{"fevrier", 2}, {"f\xc3\xa9vr", 2}, {"fevr", 2}, {"f\xc3\xa9v", 2},
	{"februar", 2},
	{"march", 3}, {"mar", 3}, {"mars", 3}, {"m\xc3\xa4rz", 3},
	{"maerz", 3}, {"m\xc3\xa4r", 3},
	{"april", 4}, {"apr", 4}, {"avril", 4}, {"avr", 4},
	{"may", 5}, {"mai", 5},
	{"june", 6}, {"jun", 6}, {"juin", 6}, {"juni", 6},
	{"july", 7}, {"jul", 7}, {"juillet", 7}, {"juil", 7}, {"juli", 7},
	{"august", 8}, {"aug", 8}, {"ao\xc3\xbbt", 8}, {"aout", 8},
	{"september", 9}, {"sep", 9}, {"sept", 9}, {"septembre", 9},
	{"october", 10}, {"oct", 10}, {"octobre", 10}, {"oktober", 10},
	{"okt", 10},
	{"november", 11}, {"nov", 11}, {"novembre", 11},
	{"december", 12}, {"dec", 12}, {"d\xc3\xa9" "cembre", 12},
	{"decembre", 12}, {"d\xc3\xa9" "c", 12}, {"dezember", 12},
	{"dez", 12},
};

/* Reads a month name (and an abbreviation's dot) at *i; 1..12 or 0. */
static int read_month(const struct scan *sc, size_t *i)
{
	char w[WORD_MAX + 1];
	size_t j = *i, wl, k;

	if (!read_word(sc, &j, w, &wl))
		return 0;
	for (k = 0; k < sizeof month_names / sizeof month_names[0]; k++) {
		if (strcmp(w, month_names[k].name) == 0) {
			if (at(sc, j, '.'))
				j++;
			*i = j;
			return month_names[k].month;
		}
	}
	return 0;
}

/* Optional ordinal suffix after a day number: 1st, 2nd, 3rd, 8th, 1er. */
static size_t skip_ordinal(const struct scan *sc, size_t i)
{
	static const char *const suf[] = {"st", "nd", "rd", "th", "er"};
	char w[WORD_MAX + 1];
	size_t j = i, wl, k;

	if (!read_word(sc, &j, w, &wl))
		return i;
	for (k = 0; k < sizeof suf / sizeof suf[0]; k++)
		if (strcmp(w, suf[k]) == 0)
			return j;
	return i;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				   30, 31};

	return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

static bool valid_ymd(int y, int m, int d)
{
	return y >= YEAR_MIN && y <= YEAR_MAX && m >= 1 && m <= 12 &&
	       d >= 1 && d <= days_in_month(y, m);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Fixed-offset zone names, in minutes east of UTC. */
static const struct {
	const char *name;
	int off;
} zone_names[] = {
	{"z", 0}, {"utc", 0}, {"gmt", 0}, {"ut", 0},
	{"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},
	{"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
	{"bst", 60}, {"cet", 60}, {"cest", 120}, {"met", 60}, {"mez", 60},
	{"mesz", 120}, {"eet", 120}, {"eest", 180}, {"wet", 0},
	{"west", 60}, {"jst", 540}, {"kst", 540}, {"hkt", 480},
	{"sgt", 480}, {"aest", 600}, {"aedt", 660},
};

/* "+01:00", "+0100", "-05", "−05:00" → minutes east; false when absent. */
static bool read_offset(const struct scan *sc, size_t *i, int *off)
{
	size_t j = *i;
	int sign, h, m = 0;

	if (at(sc, j, '+'))
		sign = 1;
	else if (at(sc, j, '-'))
		sign = -1;
	else
		return false;
	j++;
	if (read_fixed(sc, &j, 4, &h)) {
		m = h % 100;
		h /= 100;
	} else if (read_num(sc, &j, 2, &h, NULL)) {
		if (at(sc, j, ':')) {
			size_t k = j + 1;

			if (read_fixed(sc, &k, 2, &m))
				j = k;
		}
	} else {
		return false;
	}
	if (h > 14 || m > 59)
		return false;
	*off = sign * (h * 60 + m);
	*i = j;
	return true;
}

/*
 * A zone after a time: numeric offset, a fixed-offset name, a name with an
 * offset ("GMT+1", "UTC+01:00"), possibly in parentheses.  Returns 1 with
 * *off when the offset is known, 0 when no zone or one we cannot convert
 * (ET, PT ... depend on the season); *i moves past what was read.
 */
static int read_zone(const struct scan *sc, size_t *i, int *off)
{
	char w[WORD_MAX + 1];
	size_t j = skip_space(sc, *i), wl, k;
	bool paren = false;
	int extra;

	if (read_offset(sc, &j, off)) {
		*i = j;
		return 1;
	}
	if (at(sc, j, '(')) {
		paren = true;
		j++;
	}
	if (!read_word(sc, &j, w, &wl))
		return 0;
	for (k = 0; k < sizeof zone_names / sizeof zone_names[0]; k++) {
		if (strcmp(w, zone_names[k].name) != 0)
			continue;
		*off = zone_names[k].off;
		if (*off == 0 && read_offset(sc, &j, &extra))
			*off = extra;
		if (paren && at(sc, j, ')'))
			j++;
		*i = j;
		return 1;
	}
	return 0;
}

/*
 * A time after a date: "10:15", "10:15:30", "10:15:30.123", "10:15 AM",
 * "10:15 a.m.", "10.15pm", optionally preceded by "T", "at", "à", "um", ","
 * or "-" and followed by a zone.  Returns M_OK with h/m/s and *has_zone,
 * M_NONE when no time follows, M_BAD for an impossible time after "T".
 */
static enum match read_time(const struct scan *sc, size_t *i, int *h, int *mi,
			    int *se, bool *has_zone, int *off)
{
	char w[WORD_MAX + 1];
	size_t j = *i, k, wl;
	int hh, mm, ss = 0, nd;
	/* After an ISO "T" an impossible time spoils the date; after prose
	 * ("8 May 2019, 45.50 euros") it only means no time was there. */
	enum match bad = M_NONE;

	if (at(sc, j, 'T') || at(sc, j, 't')) {
		j++;
		bad = M_BAD;
	} else {
		j = skip_space(sc, j);
		if (at(sc, j, ',') || at(sc, j, '-') || at(sc, j, '|'))
			j = skip_space(sc, j + 1);
		k = j;
		if (read_word(sc, &k, w, &wl) &&
		    (strcmp(w, "at") == 0 || strcmp(w, "um") == 0 ||
		     strcmp(w, "\xc3\xa0") == 0))
			j = skip_space(sc, k);
	}
	if (!read_num(sc, &j, 2, &hh, &nd))
		return M_NONE;
	if (!(at(sc, j, ':') || at(sc, j, '.') || at(sc, j, 'h')))
		return M_NONE;
	j++;
	if (!read_fixed(sc, &j, 2, &mm))
		return M_NONE;
	if (at(sc, j, ':')) {
		k = j + 1;
		if (read_fixed(sc, &k, 2, &ss)) {
			j = k;
			if (at(sc, j, '.') || at(sc, j, ',')) {
				int frac;

				k = j + 1;
				if (read_num(sc, &k, 9, &frac, NULL))
					j = k;
			}
		}
	}
	/* AM / PM, also "a.m." */
	k = skip_space(sc, j);
	if (read_word(sc, &k, w, &wl) && (strcmp(w, "am") == 0 ||
					  strcmp(w, "pm") == 0 ||
					  ((strcmp(w, "a") == 0 ||
					    strcmp(w, "p") == 0) &&
					   at(sc, k, '.')))) {
		bool pm = w[0] == 'p';

		if (at(sc, k, '.')) {
			size_t k2 = k + 1;

			if (read_word(sc, &k2, w, &wl) && strcmp(w, "m") == 0) {
				k = k2;
				if (at(sc, k, '.'))
					k++;
			} else if (wl == 1) {
				k++;
			}
		}
		if (hh < 1 || hh > 12)
			return bad;
		hh = hh % 12 + (pm ? 12 : 0);
		j = k;
	}
	if (hh > 23 || mm > 59 || ss > 60)
		return bad;
	if (ss == 60)
		ss = 59;	/* a leap second is not worth a day rollover */
	*has_zone = read_zone(sc, &j, off) == 1;
	*h = hh;
	*mi = mm;
	*se = ss;
	*i = j;
	return M_OK;
}

/* Fills *d from a validated calendar date and an optional time. */
static enum match finish(int y, int m, int dd, bool has_time, int h, int mi,
			 int se, bool has_zone, int off, struct date *d)
{
	int64_t t;

	if (!valid_ymd(y, m, dd))
		return M_BAD;
	memset(d, 0, sizeof *d);
	if (!has_time || !has_zone) {
		d->year = y;
		d->month = m;
		d->day = dd;
		d->prec = DATE_DAY;
		return M_OK;
	}
	t = days_from_civil(y, m, dd) * 86400 + h * 3600 + mi * 60 + se -
	    (int64_t)off * 60;
	civil_from_days(t >= 0 ? t / 86400 : (t - 86399) / 86400, &y, &m, &dd);
	t = ((t % 86400) + 86400) % 86400;
	if (y < YEAR_MIN || y > YEAR_MAX)
		return M_BAD;
	d->year = y;
	d->month = m;
	d->day = dd;
	d->hour = (int)(t / 3600);
	d->min = (int)(t / 60 % 60);
	d->sec = (int)(t % 60);
	d->prec = DATE_SECOND;
	return M_OK;
}

/* Reads an optional time after a date, then finishes. */
static enum match finish_with_time(const struct scan *sc, size_t j, int y,
				   int m, int dd, struct date *d)
{
	int h = 0, mi = 0, se = 0, off = 0;
	bool has_zone = false;
	enum match r;

	if (!valid_ymd(y, m, dd))
		return M_BAD;
	r = read_time(sc, &j, &h, &mi, &se, &has_zone, &off);
	if (r == M_BAD)
		return M_BAD;
	return finish(y, m, dd, r == M_OK, h, mi, se, has_zone, off, d);
}

/* YYYY-MM-DD[Thh:mm[:ss[.f]][zone]], also with '/' or '.' separators. */
static enum match try_ymd(const struct scan *sc, size_t i, struct date *d)
{
	size_t j = i;
	int y, m, dd;
	char sep;

	if (!read_fixed(sc, &j, 4, &y) || j >= sc->len)
		return M_NONE;
	sep = sc->s[j];
	if (sep != '-' && sep != '/' && sep != '.')
		return M_NONE;
	j++;
	if (!read_num(sc, &j, 2, &m, NULL) || !at(sc, j, sep))
		return M_NONE;
	j++;
	if (!read_num(sc, &j, 2, &dd, NULL))
		return M_NONE;
	if (j < sc->len && is_digit((unsigned char)sc->s[j]))
		return M_NONE;
	return finish_with_time(sc, j, y, m, dd, d);
}

/* dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy (see the rule at the top). */
static enum match try_dmy_numeric(const struct scan *sc, size_t i,
				  struct date *d)
{
	size_t j = i;
	int a, b, y, m, dd;
	char sep;

	if (!read_num(sc, &j, 2, &a, NULL) || j >= sc->len)
		return M_NONE;
	sep = sc->s[j];
	if (sep != '-' && sep != '/' && sep != '.')
		return M_NONE;
	j++;
	if (!read_num(sc, &j, 2, &b, NULL) || !at(sc, j, sep))
		return M_NONE;
	j++;
	if (!read_fixed(sc, &j, 4, &y))
		return M_NONE;
	if (j < sc->len && is_digit((unsigned char)sc->s[j]))
		return M_NONE;
	if (a <= 12 && b > 12) {
		m = a;
		dd = b;
	} else {
		dd = a;
		m = b;
	}
	return finish_with_time(sc, j, y, m, dd, d);
}

/* Month D[st][,] YYYY [time]  -  "December 8, 2018", "Dec. 8th 2018". */
static enum match try_mdy(const struct scan *sc, size_t i, struct date *d)
{
	size_t j = i;
	int m, dd, y;

	m = read_month(sc, &j);
	if (!m)
		return M_NONE;
	j = skip_space(sc, j);
	if (!read_num(sc, &j, 2, &dd, NULL))
		return M_NONE;
	j = skip_ordinal(sc, j);
	if (at(sc, j, ','))
		j++;
	j = skip_space(sc, j);
	if (!read_fixed(sc, &j, 4, &y))
		return M_NONE;
	if (j < sc->len && is_digit((unsigned char)sc->s[j]))
		return M_NONE;
	return finish_with_time(sc, j, y, m, dd, d);
}

/* D[.][st] Month[.][,] YYYY [time]  -  "8 Dec. 2018", "26. Februar 2019". */
static enum match try_dmy(const struct scan *sc, size_t i, struct date *d)
{
	size_t j = i;
	int m, dd, y;

	if (!read_num(sc, &j, 2, &dd, NULL))
		return M_NONE;
	j = skip_ordinal(sc, j);
	if (at(sc, j, '.'))
		j++;
	j = skip_space(sc, j);
	if (at(sc, j, '-'))	/* "08-Dec-2018" */
		j++;
	m = read_month(sc, &j);
	if (!m)
		return M_NONE;
	if (at(sc, j, ',') || at(sc, j, '-'))
		j++;
	j = skip_space(sc, j);
	if (!read_fixed(sc, &j, 4, &y))
		return M_NONE;
	if (j < sc->len && is_digit((unsigned char)sc->s[j]))
		return M_NONE;
	return finish_with_time(sc, j, y, m, dd, d);
}

static bool year_ok(int y)
{
	return y >= YEAR_MIN && y <= YEAR_MAX;
}

/* Month m of year y (m already checked), month precision. */
static enum match month_only(int y, int m, struct date *d)
{
	if (!year_ok(y))
		return M_BAD;
	memset(d, 0, sizeof *d);
	d->year = y;
	d->month = m;
	d->prec = DATE_MONTH;
	return M_OK;
}

/* Month[,] YYYY  or  YYYY-MM (not followed by another number). */
static enum match try_month(const struct scan *sc, size_t i, struct date *d)
{
	size_t j = i;
	int m, y;

	m = read_month(sc, &j);
	if (m) {
		if (at(sc, j, ','))
			j++;
		j = skip_space(sc, j);
		if (!read_fixed(sc, &j, 4, &y))
			return M_NONE;
		if (j < sc->len && is_digit((unsigned char)sc->s[j]))
			return M_NONE;
	} else {
		if (!read_fixed(sc, &j, 4, &y) || !at(sc, j, '-'))
			return M_NONE;
		j++;
		if (!read_fixed(sc, &j, 2, &m))
			return M_NONE;
		if (j < sc->len && (is_digit((unsigned char)sc->s[j]) ||
				    sc->s[j] == '-'))
			return M_NONE;
		if (m < 1 || m > 12)
			return M_BAD;
	}
	return month_only(y, m, d);
}

/* The bytes of UTF-8 string u at sc->s[j]? */
static bool at_bytes(const struct scan *sc, size_t j, const char *u)
{
	size_t n = strlen(u);
	return j + n <= sc->len && memcmp(sc->s + j, u, n) == 0;
}

/* 2019年5月16日 or 2019年5月 (Chinese, Japanese): 年 year, 月 month,
 * 日 day, each after its number. */
static enum match try_cjk(const struct scan *sc, size_t i, struct date *d)
{
	static const char YEAR[] = "\xe5\xb9\xb4", MONTH[] = "\xe6\x9c\x88",
			  DAY[] = "\xe6\x97\xa5";
	size_t j = i;
	int y, m, dd;

	if (!read_fixed(sc, &j, 4, &y) || !at_bytes(sc, j = skip_space(sc, j), YEAR))
		return M_NONE;
	j = skip_space(sc, j + 3);
	if (!read_num(sc, &j, 2, &m, NULL) || !at_bytes(sc, j = skip_space(sc, j), MONTH))
		return M_NONE;
	j = skip_space(sc, j + 3);
	if (read_num(sc, &j, 2, &dd, NULL) && at_bytes(sc, j = skip_space(sc, j), DAY))
		return finish_with_time(sc, j + 3, y, m, dd, d);
	if (m < 1 || m > 12)
		return M_BAD;
	return month_only(y, m, d);
}

/* A free-standing four-digit year: not glued to letters, digits or '-'. */
static enum match try_year(const struct scan *sc, size_t i, struct date *d)
{
	size_t j = i;
	int y;

	if (i > 0) {
		unsigned char p = (unsigned char)sc->s[i - 1];

		if (is_alpha(p) || p == '-' || p == '.' || p == '/')
			return M_NONE;
	}
	if (!read_fixed(sc, &j, 4, &y))
		return M_NONE;
	if (j < sc->len) {
		unsigned char c = (unsigned char)sc->s[j];

		if (is_alpha(c) || is_digit(c) ||
		    ((c == '.' || c == ',' || c == '-' || c == '/') &&
		     j + 1 < sc->len &&
		     is_digit((unsigned char)sc->s[j + 1])))
			return M_NONE;
	}
	if (!year_ok(y))
		return M_NONE;
	memset(d, 0, sizeof *d);
	d->year = y;
	d->prec = DATE_YEAR;
	return M_OK;
}

typedef enum match (*pattern_fn)(const struct scan *, size_t, struct date *);

/*
 * Tries the patterns at every token start, left to right.  Returns the
 * first M_OK or M_BAD, M_NONE when nothing matched anywhere.
 */
static enum match scan_for(const struct scan *sc, const pattern_fn *pats,
			   size_t npats, struct date *d)
{
	size_t i = 0, k;

	while (i < sc->len) {
		unsigned char c = (unsigned char)sc->s[i];

		if (is_digit(c) || is_alpha(c)) {
			for (k = 0; k < npats; k++) {
				enum match r = pats[k](sc, i, d);

				if (r != M_NONE)
					return r;
			}
			/* Move to the next token start. */
			if (is_digit(c))
				while (i < sc->len &&
				       is_digit((unsigned char)sc->s[i]))
					i++;
			else
				while (i < sc->len &&
				       is_alpha((unsigned char)sc->s[i]))
					i++;
		} else {
			i++;
		}
	}
	return M_NONE;
}

int dates_parse(const char *s, size_t len, struct date *d)
{
	static const pattern_fn day_and_month[] = {
		try_ymd, try_cjk, try_dmy_numeric, try_mdy, try_dmy, try_month
	};
	static const pattern_fn year_only[] = {try_year};
	struct scan sc = {s, len};
	struct date tmp;
	enum match r;

	if (!s || !d)
		return -1;
	r = scan_for(&sc, day_and_month,
		     sizeof day_and_month / sizeof day_and_month[0], &tmp);
	if (r == M_NONE)
		r = scan_for(&sc, year_only, 1, &tmp);
	if (r != M_OK)
		return -1;
	*d = tmp;
	return 0;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void dates_format_iso(const struct date *d, char buf[DATES_ISO_MAX])
{
	/* Clamped so that a hand-made struct can never overflow buf. */
	unsigned y = (unsigned)clamp(d->year, 0, 9999);
	unsigned mo = (unsigned)clamp(d->month, 0, 12);
	unsigned dd = (unsigned)clamp(d->day, 0, 31);
	unsigned h = (unsigned)clamp(d->hour, 0, 23);
	unsigned mi = (unsigned)clamp(d->min, 0, 59);
	unsigned se = (unsigned)clamp(d->sec, 0, 60);

	switch (d->prec) {
	case DATE_YEAR:
		snprintf(buf, DATES_ISO_MAX, "%04u", y % 10000u);
		break;
	case DATE_MONTH:
		snprintf(buf, DATES_ISO_MAX, "%04u-%02u", y % 10000u,
			 mo % 100u);
		break;
	case DATE_DAY:
		snprintf(buf, DATES_ISO_MAX, "%04u-%02u-%02u", y % 10000u,
			 mo % 100u, dd % 100u);
		break;
	case DATE_SECOND:
		snprintf(buf, DATES_ISO_MAX, "%04u-%02u-%02uT%02u:%02u:%02uZ",
			 y % 10000u, mo % 100u, dd % 100u, h % 100u, mi % 100u,
			 se % 100u);
		break;
	default:
		buf[0] = '\0';
		break;
	}
}
