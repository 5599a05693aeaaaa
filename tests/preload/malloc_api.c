// SPDX-License-Identifier: MIT
/*
 * tests/preload/malloc_api.c - the malloc API of libkmm-malloc.so, checked
 * call by call: alignment, errno, realloc shrink/grow/in place, calloc
 * overflow, malloc_usable_size, huge blocks, invalid frees, fork while
 * another thread allocates.
 *
 * Linked against libkmm-malloc.so, so its malloc() is kmm's (the first
 * check makes sure of that).  Prints one line per failed check and exits 1
 * if any failed.
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;
/* Sizes the compiler cannot see, so that it does not warn about them. */
static volatile size_t huge_size = SIZE_MAX - 4096, half_max = SIZE_MAX / 2;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                            \
		}                                                              \
	} while (0)

static int aligned(const void *p, size_t a)
{
	return ((uintptr_t)p & (a - 1)) == 0;
}

static void test_kmm_is_used(void)
{
	void *p = malloc(100), *q = malloc(600), *r = malloc(3000);

	/* libkmm-malloc's size classes: malloc-112, malloc-640, malloc-3072; glibc says 104 */
	CHECK(malloc_usable_size(p) == 112);
	CHECK(malloc_usable_size(q) == 640);
	CHECK(malloc_usable_size(r) == 3072);
	free(p);
	free(q);
	free(r);
	p = malloc(1000); /* and kmalloc's caches between them */
	CHECK(malloc_usable_size(p) == 1024);
	free(p);
}

static void test_malloc_alignment(void)
{
	for (size_t n = 0; n < 70000; n = n * 3 / 2 + 1) {
		char *p = malloc(n);

		CHECK(p && aligned(p, 16));
		CHECK(malloc_usable_size(p) >= n);
		memset(p, 0x5a, n);
		free(p);
	}
	free(NULL);
}

static void test_errno_and_overflow(void)
{
	errno = 0;
	CHECK(malloc(huge_size) == NULL && errno == ENOMEM);
	errno = 0;
	CHECK(calloc(half_max, 3) == NULL && errno == ENOMEM);
	errno = 0;
	CHECK(reallocarray(NULL, half_max, 3) == NULL && errno == ENOMEM);
	errno = 0;
	CHECK(aligned_alloc(24, 48) == NULL && errno == EINVAL);
}

static void test_calloc_zeroes(void)
{
	size_t sizes[] = {1, 16, 100, 5000, 70000, 5 << 20};

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = malloc(sizes[i]), *q;
		size_t bad = 0;

		memset(p, 0xff, sizes[i]);
		free(p);
		q = calloc(1, sizes[i]);
		for (size_t j = 0; j < sizes[i]; j++)
			bad += q[j] != 0;
		CHECK(q && bad == 0);
		free(q);
	}
}

static void test_realloc(void)
{
	char *p = malloc(50), *q;

	memcpy(p, "0123456789", 11);
	q = realloc(p, 60); /* same class, kmalloc-64: in place */
	CHECK(q == p);
	q = realloc(q, 600); /* another class, malloc-640: moves */
	CHECK(q && q != p && !memcmp(q, "0123456789", 11) && malloc_usable_size(q) == 640);
	p = q;
	q = realloc(q, 520); /* still malloc-640: in place */
	CHECK(q == p);
	q = realloc(q, 3000); /* grow: moves, keeps contents */
	CHECK(q && !memcmp(q, "0123456789", 11) && malloc_usable_size(q) >= 3000);
	q = realloc(q, 20); /* shrink to another class: moves */
	CHECK(q && !memcmp(q, "0123456789", 11) && malloc_usable_size(q) == 32);
	q = realloc(q, 10 << 20); /* a huge block */
	CHECK(q && !memcmp(q, "0123456789", 11) && malloc_usable_size(q) >= (10 << 20));
	q = realloc(q, 9 << 20); /* still more than half of it: in place */
	CHECK(q && !memcmp(q, "0123456789", 11));
	CHECK(realloc(q, 0) == NULL); /* frees, as glibc */
	/* a page block grown by realloc moves to a power of two of pages, then grows in place */
	p = malloc(20000);
	CHECK(p && malloc_usable_size(p) == 20480); /* five pages */
	memset(p, 7, 20000);
	q = realloc(p, 30000);
	CHECK(q && malloc_usable_size(q) == 32768 && q[19999] == 7);
	p = realloc(q, 32000);
	CHECK(p == q);
	p = realloc(p, 17000); /* more than half of it: in place */
	CHECK(p == q);
	free(p);
	p = realloc(NULL, 5);
	CHECK(p != NULL);
	errno = 0;
	q = realloc(p, huge_size); /* fails: p stays valid */
	CHECK(q == NULL && errno == ENOMEM);
	free(q ? q : p);
}

static void test_memalign_family(void)
{
	size_t aligns[] = {8, 16, 32, 64, 256, 4096, 8192, 1 << 16, 1 << 22};
	void *p = NULL;

	for (size_t i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
		for (size_t n = 1; n < (1 << 20); n *= 7) {
			size_t a = aligns[i];

			CHECK(posix_memalign(&p, a, n) == 0 && aligned(p, a));
			memset(p, 1, n);
			free(p);
			p = aligned_alloc(a, n);
			CHECK(p && aligned(p, a));
			free(p);
			p = memalign(a, n);
			CHECK(p && aligned(p, a) && malloc_usable_size(p) >= n);
			free(p);
		}
	}
	p = (void *)1;
	CHECK(posix_memalign(&p, 12, 8) == EINVAL && p == (void *)1);
	CHECK(posix_memalign(&p, 4, 8) == EINVAL);
	CHECK(posix_memalign(&p, 64, huge_size) == ENOMEM && p == (void *)1);
	p = valloc(10);
	CHECK(p && aligned(p, 4096));
	free(p);
	p = pvalloc(5000);
	CHECK(p && aligned(p, 4096) && malloc_usable_size(p) >= 8192);
	free(p);
	p = memalign(48, 10); /* rounded up to 64, as glibc does */
	CHECK(p && aligned(p, 64));
	free(p);
}

static void test_huge(void)
{
	size_t n = 64 << 20;
	char *p = calloc(1, n);

	CHECK(p && aligned(p, 4096) && malloc_usable_size(p) >= n);
	if (p) {
		p[0] = 1;
		p[n - 1] = 2;
	}
	free(p);
	/*
	 * a big block is a run of the machine's pages: freed, its pages serve the next
	 * big request (the lowest free run first), and calloc() clears them
	 */
	{
		size_t m = 12 << 20;
		char *a = malloc(m), *b;

		CHECK(a != NULL);
		if (!a)
			return;
		CHECK(malloc_usable_size(a) == m);
		memset(a, 0x5a, m);
		free(a);
		b = calloc(1, m - (1 << 20));
		CHECK(b == a); /* the same pages: no page faults */
		CHECK(b && b[0] == 0 && b[m - (1 << 20) - 1] == 0 && b[m / 2] == 0);
		CHECK(b && malloc_usable_size(b) == m - (1 << 20));
		free(b);
		b = malloc(m / 4 + 1); /* rounded up to pages only */
		CHECK(b && malloc_usable_size(b) == m / 4 + 4096);
		CHECK(b && realloc(b, m / 4 + 2) == b); /* the same pages: in place */
		free(b);
	}
}

static void test_invalid_free(void)
{
	static char not_ours[64];
	char *volatile bad = not_ours + 16; /* hidden from the compiler's checks */

	/* reported on stderr (BUG: kmm-malloc: free(): invalid pointer) and ignored */
	free(bad);
	CHECK(malloc_usable_size(bad) == 0);
}

static volatile int stop;

static void *allocator(void *arg)
{
	while (!stop) {
		void *v[64];

		for (int i = 0; i < 64; i++)
			v[i] = malloc((size_t)(i * 37 + 1));
		for (int i = 0; i < 64; i++)
			free(v[i]);
	}
	return arg;
}

/* fork() while another thread allocates: the child allocates and exits 0. */
static void test_fork_safety(void)
{
	pthread_t t;
	int bad = 0;

	pthread_create(&t, NULL, allocator, NULL);
	for (int i = 0; i < 20; i++) {
		char *keep = strdup("parent");
		pid_t pid = fork();
		int status = -1;

		if (pid == 0) {
			char *p = malloc(1000);

			strcpy(keep, "child!");
			memset(p, 1, 1000);
			free(p);
			p = malloc(3 << 20);
			free(p);
			_exit(strcmp(keep, "child!") != 0);
		}
		waitpid(pid, &status, 0);
		bad += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
		bad += strcmp(keep, "parent") != 0; /* the child's write stays in the child */
		free(keep);
	}
	stop = 1;
	pthread_join(t, NULL);
	CHECK(bad == 0);
}

int main(void)
{
	test_kmm_is_used();
	test_malloc_alignment();
	test_errno_and_overflow();
	test_calloc_zeroes();
	test_realloc();
	test_memalign_family();
	test_huge();
	test_invalid_free();
	test_fork_safety();
	printf("%s: %d failure(s)\n", failures ? "FAILED" : "ok", failures);
	return failures != 0;
}
