// SPDX-License-Identifier: MIT
/*
 * tests/stress_buddy.c - several threads allocating and freeing pages at
 * once, with a fixed seed.  KMM_TEST_THREADS and KMM_TEST_ITERS scale it.
 *
 * Thread i runs its own random sequence (seed + i); half of its frees go to
 * a shared hand-off slot so that pages are also freed by a thread other than
 * the one that allocated them.  At the end every page must be back.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/spinlock.h>

#include "tests/kmm_test.h"

#include <pthread.h>

#define HELD 256
#define SLOTS 64

static DEFINE_SPINLOCK(handoff_lock);
static struct page *handoff_page[SLOTS];
static unsigned int handoff_order[SLOTS];
static long iters;

struct worker {
	pthread_t tid;
	unsigned long long seed;
	unsigned long allocs, frees;
};

/* Swap a page with the hand-off slot: the page left there by another thread comes back. */
static void handoff(struct page **page, unsigned int *order, unsigned long slot)
{
	struct page *p;
	unsigned int o;

	spin_lock(&handoff_lock);
	p = handoff_page[slot];
	o = handoff_order[slot];
	handoff_page[slot] = *page;
	handoff_order[slot] = *order;
	spin_unlock(&handoff_lock);
	*page = p;
	*order = o;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct page *held[HELD] = {NULL};
	unsigned int order[HELD] = {0};

	for (long i = 0; i < iters; i++) {
		unsigned long long r = kmm_test_rand_r(&w->seed);
		unsigned int k = (unsigned int)(r % HELD);

		if (held[k]) {
			if ((r >> 12) & 1)
				handoff(&held[k], &order[k], (r >> 20) % SLOTS);
			if (held[k]) {
				__free_pages(held[k], order[k]);
				w->frees++;
				held[k] = NULL;
			}
			continue;
		}
		order[k] = (unsigned int)((r >> 32) % 4);
		held[k] = alloc_pages(((r >> 40) & 1 ? GFP_HIGHUSER : GFP_KERNEL) | __GFP_NOWARN |
					      __GFP_NORETRY,
				      order[k]);
		if (held[k])
			w->allocs++;
	}
	for (int k = 0; k < HELD; k++)
		if (held[k])
			__free_pages(held[k], order[k]);
	return NULL;
}

static void run_stress(const char *cmdline, int threads, long default_iters)
{
	struct worker w[16];
	unsigned long free0;

	BOOT(cmdline);
	free0 = kmm_nr_free_pages();
	iters = kmm_test_env("KMM_TEST_ITERS", default_iters);
	for (int i = 0; i < threads; i++) {
		w[i] = (struct worker){.seed = 0x1234567ULL + (unsigned long long)i};
		REQUIRE(pthread_create(&w[i].tid, NULL, worker_main, &w[i]) == 0);
	}
	for (int i = 0; i < threads; i++)
		pthread_join(w[i].tid, NULL);
	for (int s = 0; s < SLOTS; s++)
		if (handoff_page[s]) {
			__free_pages(handoff_page[s], handoff_order[s]);
			handoff_page[s] = NULL;
		}
	CHECK_INVARIANTS();
	CHECK_EQ(kmm_nr_free_pages(), free0); /* every page accounted for */
	for (int i = 0; i < threads; i++)
		CHECK(w[i].allocs > 0);
	kmm_shutdown();
}

TEST(threads_allocate_and_free_pages)
{
	int threads = (int)kmm_test_env("KMM_TEST_THREADS", 4);

	if (threads > 16)
		threads = 16;
	run_stress("mem=128M highmem=32M nr_cpus=2", threads, 100000);
}

/* Issue 3's figure: 2 threads x 10^6 mixed-order operations each. */
TEST(two_threads_a_million_operations_each)
{
	run_stress("mem=256M layout=x86_64 nr_cpus=2", 2, 1000000);
}

TEST(more_threads_than_cpus_on_two_nodes)
{
	run_stress("mem=256M layout=x86_64 numa=fake=2 nr_cpus=2", 6, 100000);
}
