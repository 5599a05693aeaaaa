// SPDX-License-Identifier: MIT
/*
 * tests/stress_slab.c - threads allocating and freeing objects of mixed
 * sizes (kmalloc and a cache with a constructor), handing objects to each
 * other through shared slots so that many frees happen on another CPU than
 * the allocation.  Fixed seeds; KMM_TEST_THREADS and KMM_TEST_ITERS scale
 * it.  At the end every object is freed, the test's cache destroyed, the
 * kmalloc caches shrunk, and the page allocator must have every page back.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "mm/slab.h"
#include "tests/kmm_test.h"

#include <pthread.h>

#define HELD 256
#define SLOTS 64
#define MAGIC 0x0b1ec7

struct obj_hdr {
	unsigned long magic;
	size_t size;
	bool cached; /* from the test cache, not kmalloc */
};

static DEFINE_SPINLOCK(handoff_lock);
static struct obj_hdr *handoff_slot[SLOTS]; /* (handoff_lock) */
static struct kmem_cache *test_cache;
static long iters;
static int ctor_calls;

struct worker {
	pthread_t tid;
	unsigned long long seed;
	unsigned long allocs, frees;
};

static void obj_ctor(void *p)
{
	__atomic_add_fetch(&ctor_calls, 1, __ATOMIC_RELAXED);
	memset(p, 0, 200);
}

static struct obj_hdr *obj_alloc(unsigned long long r)
{
	static const size_t sizes[] = {24, 64, 96, 100, 192, 256, 700, 1500, 3000, 8000, 20000};
	struct obj_hdr *h;
	size_t size;
	bool cached = (r & 7) == 0;

	if (cached) {
		size = 200;
		h = kmem_cache_alloc(test_cache, (r & 8) ? GFP_KERNEL : GFP_ATOMIC);
	} else {
		size = sizes[(r >> 4) % ARRAY_SIZE(sizes)];
		h = kmalloc(size, GFP_KERNEL | ((r & 16) ? __GFP_ZERO : 0));
	}
	if (!h)
		return NULL;
	h->magic = MAGIC;
	h->size = size;
	h->cached = cached;
	memset(h + 1, (int)(r & 0xff), size - sizeof(*h));
	return h;
}

static bool obj_free(struct obj_hdr *h)
{
	bool ok = h->magic == MAGIC;

	h->magic = 0;
	if (h->cached)
		kmem_cache_free(test_cache, h);
	else
		kfree(h);
	return ok;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct obj_hdr *held[HELD] = {NULL};
	bool bad = false;

	for (long i = 0; i < iters; i++) {
		unsigned long long r = kmm_test_rand_r(&w->seed);
		unsigned int k = (unsigned int)((r >> 20) % HELD);

		if ((r >> 40) % 4 == 0) {
			/* swap with a shared slot: the object may be freed by another thread */
			unsigned int slot = (unsigned int)((r >> 32) % SLOTS);
			struct obj_hdr *t;

			spin_lock(&handoff_lock);
			t = handoff_slot[slot];
			handoff_slot[slot] = held[k];
			spin_unlock(&handoff_lock);
			held[k] = t;
		} else if (held[k]) {
			bad |= !obj_free(held[k]);
			held[k] = NULL;
			w->frees++;
		} else {
			held[k] = obj_alloc(r);
			w->allocs += held[k] != NULL;
		}
	}
	for (int k = 0; k < HELD; k++)
		if (held[k]) {
			bad |= !obj_free(held[k]);
			w->frees++;
		}
	return bad ? (void *)1 : NULL;
}

TEST(threads_with_cross_thread_frees)
{
	const long nthreads = kmm_test_env("KMM_TEST_THREADS", 4);
	struct worker *w = calloc((size_t)nthreads, sizeof(*w));
	unsigned long free0;

	REQUIRE(w);
	iters = kmm_test_env("KMM_TEST_ITERS", 100000);
	BOOT("mem=256M nr_cpus=4 numa=fake=2");
	free0 = (drain_all_pages(NULL), kmm_nr_free_pages());
	test_cache = kmem_cache_create("stress", 200, 0, SLAB_HWCACHE_ALIGN, obj_ctor);
	REQUIRE(test_cache);
	for (long i = 0; i < nthreads; i++) {
		w[i].seed = 0x9e3779b97f4a7c15ULL * (unsigned long long)(i + 1);
		REQUIRE(pthread_create(&w[i].tid, NULL, worker_main, &w[i]) == 0);
	}
	for (long i = 0; i < nthreads; i++) {
		void *ret;

		pthread_join(w[i].tid, &ret);
		CHECK(ret == NULL); /* every object still had its header */
	}
	for (int s = 0; s < SLOTS; s++)
		if (handoff_slot[s]) {
			CHECK(obj_free(handoff_slot[s]));
			handoff_slot[s] = NULL;
		}
	CHECK_INVARIANTS();
	kmem_cache_destroy(test_cache);
	CHECK(!dmesg_contains("still has objects"));
	kmem_cache_shrink_all();
	drain_all_pages(NULL);
	CHECK_EQ(kmm_nr_free_pages(), free0);
	CHECK_EQ(slab_pages(false) + slab_pages(true), 0);
	CHECK_INVARIANTS();
	free(w);
}
