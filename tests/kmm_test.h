/* SPDX-License-Identifier: MIT */
/*
 * tests/kmm_test.h - the small harness every kmm test executable uses.
 *
 * A test file defines cases with TEST(name) { ... } and includes this header
 * once; kmm_test.c provides main().  Each case normally boots its own machine
 * (BOOT(cmdline)); when a case returns, the harness runs the invariant
 * checker, shuts the machine down and fails the case if pages leaked.
 *
 *   ./test_x            run every case
 *   ./test_x name...    run the named cases (substring match)
 *   ./test_x --list     list the cases
 *
 * The last line printed is "N passed, N failed" (ctest and CI read it).
 */
#ifndef KMM_TEST_H
#define KMM_TEST_H

#include <kmm/kmm.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kmm_test {
	const char *name;
	void (*fn)(void);
	struct kmm_test *next;
};

void kmm_test_register(struct kmm_test *t);
void kmm_test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* True if the kernel log (since the case began) contains @needle. */
bool dmesg_contains(const char *needle);
/* Number of times @needle occurs in the kernel log since the case began. */
int dmesg_count(const char *needle);
/* Run @fn(@arg) in a child process; true if it died of SIGABRT with @needle in its stderr. */
bool kmm_test_dies(void (*fn)(void *), void *arg, const char *needle);
/* Fixed-seed random numbers (xorshift); kmm_test_seed() resets the sequence. */
void kmm_test_seed(unsigned long long seed);
unsigned long long kmm_test_rand(void);
/* The same generator on a caller-owned state, for threads (seed must not be 0). */
unsigned long long kmm_test_rand_r(unsigned long long *state);
/* Integer option from the environment (KMM_TEST_ITERS, KMM_TEST_THREADS, ...). */
long kmm_test_env(const char *name, long dflt);

extern int kmm_test_failures;

#define TEST(name)                                                            \
	static void test_##name(void);                                        \
	static struct kmm_test test_desc_##name = {#name, test_##name, NULL}; \
	__attribute__((constructor)) static void test_reg_##name(void)        \
	{                                                                     \
		kmm_test_register(&test_desc_##name);                         \
	}                                                                     \
	static void test_##name(void)

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			kmm_test_fail(__FILE__, __LINE__, "CHECK(%s)", #cond); \
	} while (0)

#define CHECK_EQ(a, b)                                                                          \
	do {                                                                                    \
		long long a__ = (long long)(a), b__ = (long long)(b);                           \
		if (a__ != b__)                                                                 \
			kmm_test_fail(__FILE__, __LINE__, "CHECK_EQ(%s, %s): %lld != %lld", #a, \
				      #b, a__, b__);                                            \
	} while (0)

/* Stop the case here when a check failed (later steps would only crash). */
#define REQUIRE(cond)                                                            \
	do {                                                                     \
		if (!(cond)) {                                                   \
			kmm_test_fail(__FILE__, __LINE__, "REQUIRE(%s)", #cond); \
			return;                                                  \
		}                                                                \
	} while (0)

#define BOOT(cmdline) REQUIRE(kmm_boot(cmdline) == 0)

#define CHECK_DMESG(needle)                                                              \
	do {                                                                             \
		if (!dmesg_contains(needle))                                             \
			kmm_test_fail(__FILE__, __LINE__, "dmesg lacks \"%s\"", needle); \
	} while (0)

#define CHECK_INVARIANTS() CHECK_EQ(kmm_check_invariants(), 0)

#endif /* KMM_TEST_H */
