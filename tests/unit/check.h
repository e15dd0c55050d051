/*
 * check.h - the smallest unit-test helper that does the job.
 *
 * Each unit test is one program run by the Automake harness: exit 0 when
 * every CHECK held, 1 when one failed, 77 to skip.  A failed CHECK prints the
 * file, line and expression and the test goes on, so one run shows all
 * failures.
 */
#ifndef DOSSIER_CHECK_H
#define DOSSIER_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures;

#define CHECK(expr) do { \
	if (!(expr)) { \
		fprintf(stderr, "%s:%d: CHECK failed: %s\n", \
			__FILE__, __LINE__, #expr); \
		check_failures++; \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *check_g_ = (got), *check_w_ = (want); \
	if (!check_g_ || !check_w_ || strcmp(check_g_, check_w_) != 0) { \
		fprintf(stderr, "%s:%d: CHECK_STR failed: %s\n  got:  %s\n" \
			"  want: %s\n", __FILE__, __LINE__, #got, \
			check_g_ ? check_g_ : "(null)", \
			check_w_ ? check_w_ : "(null)"); \
		check_failures++; \
	} \
} while (0)

#define CHECK_INT(got, want) do { \
	long long check_g_ = (long long)(got), check_w_ = (long long)(want); \
	if (check_g_ != check_w_) { \
		fprintf(stderr, "%s:%d: CHECK_INT failed: %s: got %lld, want " \
			"%lld\n", __FILE__, __LINE__, #got, check_g_, check_w_); \
		check_failures++; \
	} \
} while (0)

#define CHECK_DONE() (check_failures ? 1 : 0)

/* Directory of ../shared, or NULL when absent (callers then exit 77). */
static inline const char *check_shared_dir(void)
{
	static char dir[2048];
	char probe[2100];
	const char *d = getenv("DOSSIER_SHARED");
	FILE *f;

	if (d && *d) {
		snprintf(dir, sizeof dir, "%.2000s", d);
	} else {
		const char *src = getenv("srcdir");
		snprintf(dir, sizeof dir, "%.2000s/../shared", src ? src : ".");
	}
	snprintf(probe, sizeof probe, "%.2040s/DESIGN.md", dir);
	f = fopen(probe, "r");
	if (!f)
		return NULL;
	fclose(f);
	return dir;
}

#endif
