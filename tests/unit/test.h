/*
 * A small unit-test harness. Each tests/unit/t_*.c is one binary made of
 * TEST() functions listed in a TEST_MAIN table. It prints one line per
 * failed check and ends with "unit NAME: N passed, N failed"; the exit
 * status is 1 on any failure, 77 when every test skipped.
 */
#ifndef KABAR_TEST_H
#define KABAR_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct test_case {
	const char	*name;
	void		(*fn)(void);
};

static int test_failed_checks;
static int test_skip_this;

#define TEST(name) static void name(void)

#define TEST_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
		test_failed_checks++;					\
	}								\
} while (0)

#define TEST_CHECK_STR(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ == NULL || w_ == NULL || strcmp(g_, w_) != 0) {		\
		fprintf(stderr, "%s:%d: got '%s', want '%s'\n",		\
		    __FILE__, __LINE__, g_ ? g_ : "(null)",		\
		    w_ ? w_ : "(null)");				\
		test_failed_checks++;					\
	}								\
} while (0)

#define TEST_CHECK_INT(got, want) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (g_ != w_) {							\
		fprintf(stderr, "%s:%d: %s is %lld, want %lld\n",	\
		    __FILE__, __LINE__, #got, g_, w_);			\
		test_failed_checks++;					\
	}								\
} while (0)

#define TEST_SKIP(why) do {						\
	fprintf(stderr, "skipped: %s\n", why);				\
	test_skip_this = 1;						\
	return;								\
} while (0)

#define TEST_MAIN(suite, ...)						\
int									\
main(void)								\
{									\
	static const struct test_case cases[] = { __VA_ARGS__ };	\
	size_t i, n = sizeof(cases) / sizeof(cases[0]);			\
	int passed = 0, failed = 0, skipped = 0;			\
									\
	for (i = 0; i < n; i++) {					\
		int before = test_failed_checks;			\
		test_skip_this = 0;					\
		cases[i].fn();						\
		if (test_skip_this)					\
			skipped++;					\
		else if (test_failed_checks != before) {		\
			fprintf(stderr, "FAIL %s\n", cases[i].name);	\
			failed++;					\
		} else							\
			passed++;					\
	}								\
	printf("unit %s: %d passed, %d failed, %d skipped\n",		\
	    suite, passed, failed, skipped);				\
	if (failed)							\
		return 1;						\
	return passed == 0 && skipped > 0 ? 77 : 0;			\
}

#define T(fn) { #fn, fn }

#endif
