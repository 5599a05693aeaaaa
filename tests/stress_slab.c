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
#include <unistd.h>

#define HELD 256
#define SLOTS 64
#define MAGIC 0x0b1ec7

struct obj_hdr {
	unsigned long magic;
	size_t size;
	bool cached;	    /* from the test cache, not kmalloc */
	unsigned char fill; /* every byte after the header, until it is freed */
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
	h->fill = (unsigned char)r;
	memset(h + 1, h->fill, size - sizeof(*h));
	return h;
}

/* Free @h; false if it was not intact (handed out twice, written after a free). */
static bool obj_free(struct obj_hdr *h)
{
	const unsigned char *body = (const unsigned char *)(h + 1);
	size_t n = h->size - sizeof(*h); /* 0 for the smallest size */
	bool ok = h->magic == MAGIC && (!n || (body[0] == h->fill && body[n - 1] == h->fill));

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

static bool shrinking; /* atomic: the shrinker thread runs while set */

/* Shrink the test cache and every kmalloc cache again and again: CPUs flushed, sheaves emptied. */
static void *shrinker_main(void *arg)
{
	unsigned long rounds = 0;

	while (__atomic_load_n(&shrinking, __ATOMIC_ACQUIRE)) {
		kmem_cache_shrink(test_cache);
		if (++rounds % 8 == 0)
			kmem_cache_shrink_all();
		usleep(200);
	}
	return NULL;
}

static void run_workers(bool with_shrinker)
{
	const long nthreads = kmm_test_env("KMM_TEST_THREADS", 4);
	struct worker *w = calloc((size_t)nthreads, sizeof(*w));
	unsigned long free0, slab0;
	pthread_t shrinker;

	REQUIRE(w);
	iters = kmm_test_env("KMM_TEST_ITERS", 100000);
	BOOT("mem=256M nr_cpus=4 numa=fake=2");
	kmem_cache_shrink_all();
	free0 = (drain_all_pages(NULL), kmm_nr_free_pages());
	slab0 = slab_pages(false) + slab_pages(true);
	test_cache = kmem_cache_create("stress", 200, 0, SLAB_HWCACHE_ALIGN, obj_ctor);
	REQUIRE(test_cache);
	__atomic_store_n(&shrinking, with_shrinker, __ATOMIC_RELEASE);
	if (with_shrinker)
		REQUIRE(pthread_create(&shrinker, NULL, shrinker_main, NULL) == 0);
	for (long i = 0; i < nthreads; i++) {
		w[i].seed = 0x9e3779b97f4a7c15ULL * (unsigned long long)(i + 1);
		REQUIRE(pthread_create(&w[i].tid, NULL, worker_main, &w[i]) == 0);
	}
	for (long i = 0; i < nthreads; i++) {
		void *ret;

		pthread_join(w[i].tid, &ret);
		CHECK(ret == NULL); /* every object was intact when freed */
	}
	__atomic_store_n(&shrinking, false, __ATOMIC_RELEASE);
	if (with_shrinker)
		pthread_join(shrinker, NULL);
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
	CHECK_EQ(slab_pages(false) + slab_pages(true), slab0); /* the kmalloc caches' descriptors */
	CHECK_INVARIANTS();
	free(w);
}

TEST(threads_with_cross_thread_frees)
{
	run_workers(false);
}

/* The same while another thread keeps flushing every CPU's slabs and sheaves. */
TEST(threads_with_cross_thread_frees_and_a_shrinker)
{
	run_workers(true);
}
