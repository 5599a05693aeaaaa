// SPDX-License-Identifier: MIT
/*
 * tests/test_slab.c - object caches and kmalloc: allocation and free,
 * constructors, alignment, zones, cross-CPU frees, destroy and shrink,
 * kmalloc and its relatives, /proc/slabinfo, statistics.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "mm/internal.h"
#include "mm/slab.h"
#include "tests/kmm_test.h"

#include <kmm/sched.h>

#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

/* Pages back in the buddy allocator after flushing the per-CPU page lists. */
static unsigned long free_pages_now(void)
{
	drain_all_pages(NULL);
	return kmm_nr_free_pages();
}

static char *proc_text(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	if (kmm_proc_show(path, f)) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	return buf;
}

struct thing {
	long a;
	char name[20];
};

TEST(cache_alloc_free_destroy)
{
	struct kmem_cache *s;
	unsigned long free0;
	void *objs[300];

	BOOT("mem=64M slab_nomerge"); /* a cache of its own, not kmalloc-32 */
	free0 = free_pages_now();
	s = KMEM_CACHE(thing, 0);
	REQUIRE(s);
	CHECK_EQ(kmem_cache_size(s), sizeof(struct thing));
	CHECK(!strcmp(kmem_cache_name(s), "thing"));
	for (int i = 0; i < 300; i++) {
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(objs[i]);
		CHECK_EQ((uintptr_t)objs[i] % __alignof__(struct thing), 0);
		CHECK(PageSlab(compound_head(virt_to_page(objs[i]))));
		memset(objs[i], i, sizeof(struct thing));
	}
	for (int i = 0; i < 300; i++)
		for (int j = 0; j < (int)sizeof(struct thing); j++)
			CHECK_EQ(((unsigned char *)objs[i])[j], (unsigned char)i);
	CHECK_INVARIANTS();
	for (int i = 0; i < 300; i += 2)
		kmem_cache_free(s, objs[i]);
	CHECK_INVARIANTS();
	for (int i = 1; i < 300; i += 2)
		kmem_cache_free(s, objs[i]);
	CHECK_INVARIANTS();
	objs[0] = kmem_cache_zalloc(s, GFP_KERNEL);
	REQUIRE(objs[0]);
	for (int j = 0; j < (int)sizeof(struct thing); j++)
		CHECK_EQ(((unsigned char *)objs[0])[j], 0);
	kmem_cache_free(s, objs[0]);
	kmem_cache_free(s, NULL);
	kmem_cache_destroy(s);
	kmem_cache_destroy(NULL);
	CHECK(!dmesg_contains("still has objects"));
	kmem_cache_shrink_all(); /* "kmem_cache", where descriptors live, keeps empty slabs too */
	CHECK_EQ(free_pages_now(), free0);
	CHECK_INVARIANTS();
}

static int ctor_calls;

static void thing_ctor(void *p)
{
	struct thing *t = p;

	__atomic_add_fetch(&ctor_calls, 1, __ATOMIC_RELAXED);
	t->a = 0x5ca1ab1e;
	strcpy(t->name, "constructed");
}

TEST(constructor_runs_once_per_object_per_slab)
{
	struct kmem_cache *s;
	struct thing *t, *u;
	unsigned int per_slab;

	BOOT("mem=64M");
	ctor_calls = 0;
	s = kmem_cache_create("ctor_test", sizeof(struct thing), 0, 0, thing_ctor);
	REQUIRE(s);
	CHECK_EQ(ctor_calls, 0);
	per_slab = s->objects;
	t = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(t);
	CHECK_EQ(ctor_calls, per_slab);
	CHECK_EQ(t->a, 0x5ca1ab1e);
	CHECK(!strcmp(t->name, "constructed"));
	kmem_cache_free(s, t);
	/* the constructed state survives free and reallocation; no new calls */
	for (int i = 0; i < 10; i++) {
		u = kmem_cache_alloc(s, GFP_KERNEL);
		REQUIRE(u);
		CHECK_EQ(u->a, 0x5ca1ab1e);
		CHECK(!strcmp(u->name, "constructed"));
		kmem_cache_free(s, u);
	}
	CHECK_EQ(ctor_calls, per_slab);
	{
		void *objs[512];
		unsigned int n = per_slab + 1;

		REQUIRE(n <= 512);
		for (unsigned int i = 0; i < n; i++)
			REQUIRE((objs[i] = kmem_cache_alloc(s, GFP_KERNEL)));
		CHECK_EQ(ctor_calls, 2 * per_slab); /* exactly one more slab */
		for (unsigned int i = 0; i < n; i++)
			kmem_cache_free(s, objs[i]);
	}
	kmem_cache_destroy(s);
}

TEST(alignment_of_every_kmalloc_size_and_explicit_aligns)
{
	static const unsigned int aligns[] = {8, 16, 32, 64, 128, 256, 512, 1024, 4096};

	BOOT("mem=64M");
	for (size_t size = 1; size <= 8192; size += (size < 256 ? 1 : 61)) {
		void *p = kmalloc(size, GFP_KERNEL);

		REQUIRE(p);
		CHECK_EQ((uintptr_t)p % ARCH_KMALLOC_MINALIGN, 0);
		CHECK(ksize(p) >= size);
		memset(p, 0xab, size);
		kfree(p);
	}
	for (unsigned int shift = 3; shift <= 13; shift++) {
		void *p[3];

		for (int i = 0; i < 3; i++) {
			p[i] = kmalloc(1UL << shift, GFP_KERNEL);
			REQUIRE(p[i]);
			CHECK_EQ((uintptr_t)p[i] % (1UL << shift), 0);
			CHECK_EQ(ksize(p[i]), 1UL << shift);
		}
		for (int i = 0; i < 3; i++)
			kfree(p[i]);
	}
	{
		void *p = kmalloc(90, GFP_KERNEL);

		REQUIRE(p);
		CHECK_EQ(ksize(p), 96);
		kfree(p);
	}
	for (size_t i = 0; i < ARRAY_SIZE(aligns); i++) {
		struct kmem_cache *s = kmem_cache_create("aligned", 40, aligns[i], 0, NULL);
		void *p[20];

		REQUIRE(s);
		for (int j = 0; j < 20; j++) {
			p[j] = kmem_cache_alloc(s, GFP_KERNEL);
			REQUIRE(p[j]);
			CHECK_EQ((uintptr_t)p[j] % aligns[i], 0);
		}
		for (int j = 0; j < 20; j++)
			kmem_cache_free(s, p[j]);
		kmem_cache_destroy(s);
	}
	{
		/* SLAB_HWCACHE_ALIGN: a cache line, or the smallest power of two >= the size */
		struct kmem_cache *big =
			kmem_cache_create("hw100", 100, 0, SLAB_HWCACHE_ALIGN, NULL);
		struct kmem_cache *small =
			kmem_cache_create("hw24", 24, 0, SLAB_HWCACHE_ALIGN, NULL);
		void *a, *b;

		REQUIRE(big && small);
		a = kmem_cache_alloc(big, GFP_KERNEL);
		b = kmem_cache_alloc(small, GFP_KERNEL);
		REQUIRE(a && b);
		CHECK_EQ((uintptr_t)a % 64, 0);
		CHECK_EQ((uintptr_t)b % 32, 0);
		CHECK_EQ(big->size, 128);
		kmem_cache_free(big, a);
		kmem_cache_free(small, b);
		kmem_cache_destroy(big);
		kmem_cache_destroy(small);
	}
	/* bad alignment: not a power of two */
	CHECK(!kmem_cache_create("bad_align", 40, 24, 0, NULL));
	CHECK_DMESG("kmem_cache_create_usercopy(bad_align) failed with error -22");
	CHECK(!kmem_cache_create("zero", 0, 0, 0, NULL));
	CHECK_DMESG("kmem_cache_create(zero) integrity check failed");
}

TEST(dma_caches_and_reclaimable_accounting)
{
	struct kmem_cache *dma, *alias, *rcl;
	void *a, *b, *c, *d;
	unsigned long rcl0;

	BOOT("mem=64M");
	dma = kmem_cache_create("dma_things", 64, 0, SLAB_CACHE_DMA, NULL);
	alias = kmem_cache_create("seed_dma", 64, 0, SLAB_RECLAIM_DMA | SLAB_HWCACHE_ALIGN, NULL);
	rcl = kmem_cache_create("rcl_things", 64, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	REQUIRE(dma && alias && rcl);
	a = kmem_cache_alloc(dma, GFP_KERNEL);
	b = kmem_cache_alloc(alias, GFP_KERNEL);
	c = kmalloc(200, GFP_KERNEL | GFP_DMA);
	REQUIRE(a && b && c);
	CHECK_EQ(page_zonenum(virt_to_page(a)), ZONE_DMA);
	CHECK_EQ(page_zonenum(virt_to_page(b)), ZONE_DMA);
	CHECK_EQ(page_zonenum(virt_to_page(c)), ZONE_DMA);
	CHECK(!strcmp(virt_to_slab(c)->slab_cache->name, "dma-kmalloc-256"));
	rcl0 = slab_pages(true);
	d = kmem_cache_alloc(rcl, GFP_KERNEL);
	REQUIRE(d);
	CHECK_EQ(slab_pages(true), rcl0 + (1UL << rcl->order));
	{
		char *mi = proc_text("/proc/meminfo");

		REQUIRE(mi);
		CHECK(strstr(mi, "\nSlab:"));
		CHECK(strstr(mi, "\nSReclaimable:"));
		CHECK(strstr(mi, "\nSUnreclaim:"));
		free(mi);
	}
	kmem_cache_free(dma, a);
	kmem_cache_free(alias, b);
	kfree(c);
	kmem_cache_free(rcl, d);
	kmem_cache_destroy(dma);
	kmem_cache_destroy(alias);
	kmem_cache_destroy(rcl);
	CHECK_EQ(slab_pages(true), 0);
}

/* ------------------------------------------------- cross-CPU producer/consumer */

#define RING 64

struct ring {
	spinlock_t lock;
	void *slot[RING];
	unsigned int head, tail; /* (lock) */
	bool done;		 /* (lock) */
	struct kmem_cache *s;
	long n;
};

static void *producer(void *arg)
{
	struct ring *r = arg;

	for (long i = 0; i < r->n; i++) {
		void *p = r->s ? kmem_cache_alloc(r->s, GFP_KERNEL)
			       : kmalloc(48 + i % 200, GFP_KERNEL);
		bool queued = false;

		if (!p)
			continue;
		memset(p, 0x5a, 40);
		while (!queued) {
			spin_lock(&r->lock);
			if (r->head - r->tail < RING) {
				r->slot[r->head++ % RING] = p;
				queued = true;
			}
			spin_unlock(&r->lock);
		}
	}
	spin_lock(&r->lock);
	r->done = true;
	spin_unlock(&r->lock);
	return NULL;
}

static void *consumer(void *arg)
{
	struct ring *r = arg;

	for (;;) {
		void *p = NULL;
		bool done;

		spin_lock(&r->lock);
		if (r->tail != r->head)
			p = r->slot[r->tail++ % RING];
		done = r->done && r->tail == r->head;
		spin_unlock(&r->lock);
		if (p) {
			if (r->s)
				kmem_cache_free(r->s, p);
			else
				kfree(p);
		}
		if (!p && done)
			return NULL;
	}
}

TEST(frees_from_another_cpu)
{
	static struct ring ring[2];
	pthread_t t[4];
	unsigned long free0;

	BOOT("mem=128M nr_cpus=2");
	free0 = free_pages_now();
	for (int k = 0; k < 2; k++) {
		memset(&ring[k], 0, sizeof(ring[k]));
		spin_lock_init(&ring[k].lock);
		ring[k].n = kmm_test_env("KMM_TEST_ITERS", 20000);
	}
	ring[0].s = kmem_cache_create("xcpu", 40, 0, 0, NULL);
	REQUIRE(ring[0].s);
	for (int k = 0; k < 2; k++) {
		REQUIRE(pthread_create(&t[2 * k], NULL, producer, &ring[k]) == 0);
		REQUIRE(pthread_create(&t[2 * k + 1], NULL, consumer, &ring[k]) == 0);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK_INVARIANTS();
	kmem_cache_destroy(ring[0].s);
	CHECK(!dmesg_contains("still has objects"));
	kmem_cache_shrink_all();
	CHECK_EQ(free_pages_now(), free0);
	CHECK_INVARIANTS();
}

TEST(destroy_with_live_objects_reports_and_keeps_the_cache)
{
	struct kmem_cache *s;
	void *live[3], *p;

	BOOT("mem=64M");
	s = kmem_cache_create("live_test", 100, 0, 0, NULL);
	REQUIRE(s);
	for (int i = 0; i < 3; i++)
		REQUIRE((live[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	kmem_cache_destroy(s);
	CHECK_DMESG("BUG live_test (");
	CHECK_DMESG("Objects remaining in live_test on __kmem_cache_shutdown()");
	CHECK_DMESG("Object 0x");
	CHECK_DMESG("kmem_cache_destroy live_test: Slab cache still has objects when called from");
	CHECK_EQ(dmesg_count("Object 0x"), 3);
	/* kept: still usable */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	kmem_cache_free(s, p);
	{
		char *info = proc_text("/proc/slabinfo");

		REQUIRE(info);
		CHECK(strstr(info, "live_test"));
		free(info);
	}
	CHECK_INVARIANTS();
	for (int i = 0; i < 3; i++)
		kmem_cache_free(s, live[i]);
	kmem_cache_destroy(s);
	CHECK_EQ(dmesg_count("still has objects"), 1);
	{
		char *info = proc_text("/proc/slabinfo");

		REQUIRE(info);
		CHECK(!strstr(info, "live_test"));
		free(info);
	}
}

TEST(shrink_returns_pages_to_the_buddy_allocator)
{
	struct kmem_cache *s;
	unsigned long free0, used;
	static void *objs[4000];

	BOOT("mem=64M");
	s = kmem_cache_create("shrink_test", 256, 0, 0, NULL);
	REQUIRE(s);
	free0 = free_pages_now();
	for (int i = 0; i < 4000; i++)
		REQUIRE((objs[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	used = free0 - free_pages_now();
	CHECK(used >= 4000 * 256 / PAGE_SIZE);
	CHECK_EQ(slab_pages(false) >= used, 1);
	for (int i = 0; i < 4000; i++)
		kmem_cache_free(s, objs[i]);
	/* empty slabs beyond min_partial went back at once; the rest wait for a shrink */
	CHECK(free0 - free_pages_now() <= (s->min_partial + 2 * s->cpu_partial_slabs + 2)
						  << s->order);
	CHECK_EQ(kmem_cache_shrink(s), 0);
	CHECK_EQ(free_pages_now(), free0);
	CHECK_INVARIANTS();
	kmem_cache_destroy(s);
}

TEST(kmalloc_and_friends)
{
	char *p, *q;
	int *arr;

	BOOT("mem=64M");
	CHECK(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	CHECK_EQ(ksize(NULL), 0);
	CHECK_EQ(ksize(ZERO_SIZE_PTR), 0);

	p = kzalloc(300, GFP_KERNEL);
	REQUIRE(p);
	for (int i = 0; i < 300; i++)
		CHECK_EQ(p[i], 0);
	CHECK_EQ(ksize(p), 512);
	kfree(p);

	arr = kcalloc(100, sizeof(int), GFP_KERNEL);
	REQUIRE(arr);
	for (int i = 0; i < 100; i++)
		CHECK_EQ(arr[i], 0);
	kfree(arr);
	CHECK(!kmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL));
	CHECK(!kcalloc(SIZE_MAX / 8, 16, GFP_KERNEL));
	arr = kmalloc_array(10, sizeof(int), GFP_KERNEL);
	REQUIRE(arr);
	for (int i = 0; i < 10; i++)
		arr[i] = i * i;
	arr = krealloc_array(arr, 1000, sizeof(int), GFP_KERNEL);
	REQUIRE(arr);
	for (int i = 0; i < 10; i++)
		CHECK_EQ(arr[i], i * i);
	CHECK(!krealloc_array(arr, SIZE_MAX / 2, 4, GFP_KERNEL)); /* arr is untouched */
	kfree(arr);

	/* large: straight from the page allocator, a compound block */
	p = kmalloc(64 * 1024, GFP_KERNEL);
	REQUIRE(p);
	CHECK(!PageSlab(virt_to_page(p)));
	CHECK(PageHead(virt_to_page(p)));
	CHECK_EQ((uintptr_t)p % (64 * 1024), 0);
	CHECK_EQ(ksize(p), 64 * 1024);
	memset(p, 1, 64 * 1024);
	kfree(p);
	p = kmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL);
	REQUIRE(p);
	p[KMALLOC_MAX_SIZE - 1] = 1;
	kfree(p);
	CHECK(!dmesg_contains("WARNING"));
	CHECK(!kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL));
	CHECK_DMESG("WARNING");
	CHECK_DMESG("is more than KMALLOC_MAX_SIZE");

	/* krealloc: growth keeps the contents, a shrink stays in place */
	p = kmalloc(20, GFP_KERNEL);
	REQUIRE(p);
	strcpy(p, "nineteen characters");
	q = krealloc(p, 5000, GFP_KERNEL);
	REQUIRE(q);
	CHECK(!strcmp(q, "nineteen characters"));
	p = krealloc(q, 10, GFP_KERNEL);
	CHECK(p == q);
	q = krealloc(p, 20000, GFP_KERNEL); /* into a large block */
	REQUIRE(q);
	CHECK(!strncmp(q, "nineteen c", 10));
	p = krealloc(q, 0, GFP_KERNEL);
	CHECK(p == ZERO_SIZE_PTR);
	p = krealloc(NULL, 33, GFP_KERNEL);
	REQUIRE(p);
	kfree_sensitive(p);

	/* copies */
	p = kstrdup("Memory Allocation", GFP_KERNEL);
	REQUIRE(p);
	CHECK(!strcmp(p, "Memory Allocation"));
	q = kmemdup(p, 7, GFP_KERNEL);
	REQUIRE(q);
	CHECK(!memcmp(q, "Memory ", 7));
	kfree(q);
	q = kstrndup(p, 6, GFP_KERNEL);
	REQUIRE(q);
	CHECK(!strcmp(q, "Memory"));
	kfree(q);
	CHECK(!kstrdup(NULL, GFP_KERNEL));
	kfree(p);
	p = kmalloc_node(100, GFP_ATOMIC, 0);
	REQUIRE(p);
	kfree(p);
	p = kzalloc_node(100, GFP_KERNEL, NUMA_NO_NODE);
	REQUIRE(p);
	kfree(p);
}

TEST(bulk_and_node_allocations)
{
	struct kmem_cache *s;
	void *p[100];

	BOOT("mem=256M numa=fake=2");
	s = kmem_cache_create("bulk", 72, 0, 0, NULL);
	REQUIRE(s);
	CHECK_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL, 100, p), 100);
	for (int i = 0; i < 100; i++)
		CHECK(p[i] && virt_to_slab(p[i])->slab_cache == s);
	kmem_cache_free_bulk(s, 100, p);
	CHECK_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL, 100, p), 100);
	kmem_cache_free_bulk(NULL, 100, p);
	for (int node = 0; node < 2; node++) {
		for (int i = 0; i < 50; i++) {
			p[i] = kmem_cache_alloc_node(s, GFP_KERNEL, node);
			REQUIRE(p[i]);
			CHECK_EQ(page_to_nid(virt_to_page(p[i])), node);
		}
		for (int i = 0; i < 50; i++)
			kmem_cache_free(s, p[i]);
	}
	p[0] = kmalloc_node(500, GFP_KERNEL, 1);
	REQUIRE(p[0]);
	CHECK_EQ(page_to_nid(virt_to_page(p[0])), 1);
	kfree(p[0]);
	CHECK_INVARIANTS();
	kmem_cache_destroy(s);
}

TEST(slabinfo_and_statistics)
{
	char *info, *stats;
	void *p;

	BOOT("mem=64M");
	p = kmalloc(64, GFP_KERNEL);
	REQUIRE(p);
	kfree(p);
	p = kmalloc(64, GFP_KERNEL);
	kfree(p);
	info = proc_text("/proc/slabinfo");
	REQUIRE(info);
	{
		static const char head[] =
			"slabinfo - version: 2.1\n# name            <active_objs> <num_objs> "
			"<objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> "
			"<sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n";

		CHECK(!strncmp(info, head, sizeof(head) - 1));
	}
	CHECK(strstr(info, "\nkmalloc-96 "));
	CHECK(strstr(info, "\nkmalloc-192 "));
	CHECK(strstr(info, "\nkmalloc-8k "));
	CHECK(strstr(info, "\ndma-kmalloc-64 "));
	{
		const char *line = strstr(info, "\nkmalloc-64 ");
		unsigned long act, num, size, per, pages, t1, t2, t3, as, ns, sh;

		REQUIRE(line);
		CHECK_EQ(sscanf(line + 1,
				"kmalloc-64 %lu %lu %lu %lu %lu : tunables %lu %lu %lu : slabdata "
				"%lu %lu %lu",
				&act, &num, &size, &per, &pages, &t1, &t2, &t3, &as, &ns, &sh),
			 11);
		CHECK_EQ(num, 64);
		CHECK_EQ(act, 64); /* objects of CPU slabs count as active, as in the kernel */
		CHECK_EQ(size, 64);
		CHECK_EQ(per, 64);
		CHECK_EQ(pages, 1);
		CHECK_EQ(ns, 1);
	}
	free(info);
	stats = proc_text("/sys/kernel/slab/stats");
	REQUIRE(stats);
	CHECK(strstr(stats, "kmalloc-64 alloc_fastpath 1 C"));
	CHECK(strstr(stats, "kmalloc-64 alloc_slowpath 1 C"));
	CHECK(strstr(stats, "kmalloc-64 free_fastpath 2 C"));
	free(stats);
}

/* The seeds' kmalloc module, as a function (examples/kmalloc_seed.c is the module). */
TEST(seed_kmalloc_module)
{
	char *buffer;

	BOOT(NULL);
	if ((buffer = kmalloc(1024, GFP_KERNEL)) != NULL)
		printk("Memory Allocation\n");
	REQUIRE(buffer);
	CHECK_DMESG("Memory Allocation");
	if (buffer != NULL)
		kfree(buffer);
}

static void create_panics(void *arg)
{
	if (kmm_boot("mem=64M"))
		return;
	kmem_cache_create("doomed", 0, 0, SLAB_PANIC, NULL);
}

TEST(slab_panic)
{
	CHECK(kmm_test_dies(create_panics, NULL, "Failed to create slab 'doomed'"));
}

#ifdef __SANITIZE_ADDRESS__
void __sanitizer_set_death_callback(void (*callback)(void));

static void asan_died(void)
{
	abort(); /* kmm_test_dies() wants SIGABRT; ASan itself exits with status 1 */
}

static void use_after_free(void *arg)
{
	struct kmem_cache *s;
	char *p;

	__sanitizer_set_death_callback(asan_died);
	if (kmm_boot("mem=64M"))
		return;
	s = kmem_cache_create("uaf", 64, 0, 0, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	p[3] = 1;
}

TEST(asan_catches_use_after_free)
{
	CHECK(kmm_test_dies(use_after_free, NULL, "use-after-poison"));
}
#endif

TEST(slab_debug_everywhere_still_allocates_correctly)
{
	static struct ring ring[2];
	pthread_t t[4];
	void *p[200];

	BOOT("mem=128M nr_cpus=2 slab_debug"); /* FZPU for every cache */
	for (int i = 0; i < 200; i++) {
		p[i] = kmalloc((size_t)(i * 41 % 9000) + 1, GFP_KERNEL);
		REQUIRE(p[i]);
		memset(p[i], 0x77, (size_t)(i * 41 % 9000) + 1);
	}
	for (int i = 0; i < 200; i++)
		kfree(p[i]);
	for (int k = 0; k < 2; k++) {
		memset(&ring[k], 0, sizeof(ring[k]));
		spin_lock_init(&ring[k].lock);
		ring[k].n = 5000;
	}
	ring[0].s = kmem_cache_create("debugged", 40, 0, 0, thing_ctor);
	REQUIRE(ring[0].s);
	CHECK_EQ(ring[0].s->flags & SLAB_DEBUG_FLAGS, SLAB_DEBUG_FLAGS & ~SLAB_POISON);
	for (int k = 0; k < 2; k++) {
		REQUIRE(pthread_create(&t[2 * k], NULL, producer, &ring[k]) == 0);
		REQUIRE(pthread_create(&t[2 * k + 1], NULL, consumer, &ring[k]) == 0);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK(!dmesg_contains("BUG "));
	CHECK_INVARIANTS();
	kmem_cache_destroy(ring[0].s);
	CHECK(!dmesg_contains("still has objects"));
}

struct uc_thing {
	long header;
	char data[40];
	long trailer;
};

TEST(usercopy_caches_and_atomic_allocations_under_a_lock)
{
	static DEFINE_SPINLOCK(lock);
	struct kmem_cache *s;
	void *a, *b;

	BOOT("mem=64M");
	s = KMEM_CACHE_USERCOPY(uc_thing, SLAB_HWCACHE_ALIGN, data);
	REQUIRE(s);
	CHECK_EQ(s->useroffset, offsetof(struct uc_thing, data));
	CHECK_EQ(s->usersize, 40);
	spin_lock(&lock); /* holds the CPU: only non-sleeping allocations */
	a = kmem_cache_alloc(s, GFP_ATOMIC);
	b = kmalloc(3000, GFP_NOWAIT);
	spin_unlock(&lock);
	REQUIRE(a && b);
	CHECK(!dmesg_contains("sleeping function called from invalid context"));
	kfree(b);
	kmem_cache_free(s, a);
	kmem_cache_destroy(s);
}

/* ------------------------------------------------------------ cache merging */

struct slabinfo_row {
	unsigned long active, num, size, per, pages, slabs;
};

/* The /proc/slabinfo line of cache @name; false if there is none. */
static bool slabinfo_row(const char *name, struct slabinfo_row *r)
{
	char *info = proc_text("/proc/slabinfo"), key[64];
	const char *line;
	bool found = false;

	if (!info)
		return false;
	snprintf(key, sizeof(key), "\n%s ", name);
	line = strstr(info, key);
	if (line) {
		unsigned long t1, t2, t3, as, sh;

		found = sscanf(line + strlen(key),
			       "%lu %lu %lu %lu %lu : tunables %lu %lu %lu : slabdata %lu %lu %lu",
			       &r->active, &r->num, &r->size, &r->per, &r->pages, &t1, &t2, &t3,
			       &as, &r->slabs, &sh) == 11;
	}
	free(info);
	return found;
}

static bool in_slabinfo(const char *name)
{
	struct slabinfo_row r;

	return slabinfo_row(name, &r);
}

TEST(compatible_caches_merge_and_destroy_counts_references)
{
	struct kmem_cache *k64, *a, *b, *c, *d;
	char *p, *q;

	BOOT("mem=64M");
	k64 = virt_to_slab((p = kmalloc(64, GFP_KERNEL)))->slab_cache;
	kfree(p);
	/* 60 bytes round up to 64: an alias of kmalloc-64, which keeps its name */
	a = kmem_cache_create("m_a", 60, 0, 0, NULL);
	REQUIRE(a);
	CHECK(a == k64);
	CHECK(!strcmp(kmem_cache_name(a), "kmalloc-64"));
	CHECK_EQ(a->refcount, 2);
	CHECK(!in_slabinfo("m_a"));
	/* 100 bytes (stride 104): nothing to merge with, a cache of its own */
	b = kmem_cache_create("m_b", 100, 0, 0, NULL);
	c = kmem_cache_create("m_c", 97, 8, SLAB_MEM_SPREAD, NULL);
	d = kmem_cache_create("m_d", 104, 0, 0, NULL);
	REQUIRE(b && c && d);
	CHECK(!strcmp(b->name, "m_b"));
	CHECK(c == b && d == b);
	CHECK_EQ(b->refcount, 3);
	CHECK_EQ(kmem_cache_size(b), 104); /* the alias' larger object size */
	CHECK(in_slabinfo("m_b") && !in_slabinfo("m_c") && !in_slabinfo("m_d"));
	/* objects of an alias work and belong to the merged cache */
	p = kmem_cache_alloc(d, GFP_KERNEL | __GFP_ZERO);
	q = kmem_cache_alloc(c, GFP_KERNEL);
	REQUIRE(p && q);
	for (int i = 0; i < 104; i++)
		CHECK_EQ(p[i], 0);
	memset(p, 0x11, 104);
	memset(q, 0x22, 97);
	CHECK(virt_to_slab(p)->slab_cache == b);
	kmem_cache_free(b, q); /* same cache: no "Wrong slab cache" */
	CHECK(!dmesg_contains("Wrong slab cache"));
	/* only the last destroy destroys */
	kmem_cache_destroy(b);
	kmem_cache_destroy(c);
	CHECK(in_slabinfo("m_b"));
	CHECK_EQ(d->refcount, 1);
	q = kmem_cache_alloc(d, GFP_KERNEL);
	REQUIRE(q);
	kmem_cache_free(d, q);
	kmem_cache_free(d, p);
	kmem_cache_destroy(d);
	CHECK(!in_slabinfo("m_b"));
	CHECK(!dmesg_contains("still has objects"));
	kmem_cache_destroy(a);
	CHECK_EQ(k64->refcount, 1);
	CHECK(in_slabinfo("kmalloc-64"));
	CHECK_INVARIANTS();
}

static void other_ctor(void *p)
{
	memset(p, 0, 8);
}

TEST(caches_that_must_not_merge_stay_apart)
{
	static const slab_flags_t never[] = {
		SLAB_POISON,	      SLAB_RED_ZONE,	SLAB_STORE_USER, SLAB_CONSISTENCY_CHECKS,
		SLAB_TYPESAFE_BY_RCU, SLAB_NOLEAKTRACE, SLAB_NO_MERGE,	 SLAB_TRACE,
	};
	struct kmem_cache *plain, *s, *t, *dma, *rcl;

	BOOT("mem=64M");
	plain = kmem_cache_create("plain", 136, 0, 0, NULL);
	REQUIRE(plain);
	for (size_t i = 0; i < ARRAY_SIZE(never); i++) {
		s = kmem_cache_create("never", 136, 0, never[i], NULL);
		REQUIRE(s);
		CHECK(s != plain && !strcmp(s->name, "never"));
		/* nor does a plain cache merge into it */
		t = kmem_cache_create("plain2", 136, 0, 0, NULL);
		CHECK(t == plain);
		kmem_cache_destroy(t);
		kmem_cache_destroy(s);
	}
	/* constructors: neither the new cache nor the target may have one */
	s = kmem_cache_create("ctor1", 136, 0, 0, other_ctor);
	t = kmem_cache_create("ctor2", 136, 0, 0, other_ctor);
	REQUIRE(s && t);
	CHECK(s != plain && t != plain && s != t);
	kmem_cache_destroy(t);
	kmem_cache_destroy(s);
	/* zone and reclaim flags must agree; DMA merges with dma-kmalloc-* */
	dma = kmem_cache_create("dma136", 136, 0, SLAB_CACHE_DMA, NULL);
	rcl = kmem_cache_create("rcl136", 136, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	s = kmem_cache_create("dma64", 64, 0, SLAB_CACHE_DMA, NULL);
	REQUIRE(dma && rcl && s);
	CHECK(dma != plain && rcl != plain && dma != rcl);
	CHECK(!strcmp(s->name, "dma-kmalloc-64"));
	kmem_cache_destroy(s);
	kmem_cache_destroy(rcl);
	kmem_cache_destroy(dma);
	/* a user-copy region is never merged */
	s = kmem_cache_create_usercopy("uc136", 136, 0, 0, 8, 16, NULL);
	REQUIRE(s);
	CHECK(s != plain);
	kmem_cache_destroy(s);
	/* too much bigger (a pointer or more of waste) is no match either */
	s = kmem_cache_create("smaller", 128, 0, SLAB_NO_MERGE, NULL);
	t = kmem_cache_create("bigger", 120, 0, 0, NULL);
	REQUIRE(s && t);
	CHECK(t != s && t != plain);
	kmem_cache_destroy(t);
	kmem_cache_destroy(s);
	kmem_cache_destroy(plain);
}

TEST(slab_nomerge_and_slab_merge_parameters)
{
	static const char *const nomerge[] = {"mem=64M slab_nomerge", "mem=64M slub_nomerge"};
	struct kmem_cache *a, *b;

	for (size_t i = 0; i < ARRAY_SIZE(nomerge); i++) {
		BOOT(nomerge[i]);
		a = kmem_cache_create("nm_a", 64, 0, 0, NULL);
		b = kmem_cache_create("nm_b", 64, 0, 0, NULL);
		REQUIRE(a && b);
		CHECK(a != b);
		CHECK(!strcmp(a->name, "nm_a") && !strcmp(b->name, "nm_b"));
		CHECK(in_slabinfo("nm_a") && in_slabinfo("nm_b"));
		kmem_cache_destroy(a);
		kmem_cache_destroy(b);
		CHECK_EQ(kmm_shutdown(), 0);
	}
	BOOT("mem=64M slab_nomerge slub_merge"); /* the last word wins */
	a = kmem_cache_create("nm_a", 64, 0, 0, NULL);
	REQUIRE(a);
	CHECK(!strcmp(a->name, "kmalloc-64"));
	kmem_cache_destroy(a);
}

TEST(slab_debug_caches_do_not_merge)
{
	struct kmem_cache *dbg, *plain;

	BOOT("mem=64M slab_debug=FZ,m_dbg");
	dbg = kmem_cache_create("m_dbg", 64, 0, 0, NULL);
	plain = kmem_cache_create("m_plain", 64, 0, 0, NULL);
	REQUIRE(dbg && plain);
	CHECK(!strcmp(dbg->name, "m_dbg"));
	CHECK(!strcmp(plain->name, "kmalloc-64"));
	kmem_cache_destroy(dbg);
	kmem_cache_destroy(plain);
	CHECK_EQ(kmm_shutdown(), 0);
	BOOT("mem=64M slab_debug"); /* every cache, the kmalloc caches too, is a debug cache */
	plain = kmem_cache_create("m_plain", 64, 0, 0, NULL);
	REQUIRE(plain);
	CHECK(!strcmp(plain->name, "m_plain"));
	kmem_cache_destroy(plain);
}

/* ------------------------------------------------------------ slab orders */

struct order_case {
	const char *cmdline, *cache;
	unsigned long per, pages;
};

TEST(slab_order_parameters)
{
	static const struct order_case cases[] = {
		/* 2 CPUs: 4 * (fls(2) + 1) = 12 objects of 512 B need order 1 */
		{"mem=64M", "kmalloc-512", 16, 2},
		{"mem=64M nr_cpus=1", "kmalloc-512", 8, 1}, /* 8 objects: one page */
		{"mem=64M nr_cpus=16", "kmalloc-512", 32, 4},
		{"mem=64M", "kmalloc-8k", 4, 8}, /* at most slab_max_order 3 */
		{"mem=64M slab_max_order=0", "kmalloc-512", 8, 1},
		{"mem=64M slub_max_order=0", "kmalloc-8k", 1, 2}, /* smallest order holding one */
		{"mem=64M slub_min_order=2", "kmalloc-64", 256, 4},
		{"mem=64M slab_min_order=2", "kmalloc-8k", 4, 8},
		{"mem=64M slab_min_order=5", "kmalloc-8k", 16, 32}, /* raised slab_max_order */
		{"mem=64M slab_min_order=5 slab_max_order=2", "kmalloc-64", 256, 4},
		{"mem=64M slub_min_objects=64", "kmalloc-512", 64, 8},
		{"mem=64M slab_min_objects=1000", "kmalloc-512", 64, 8}, /* capped by max order */
		{"mem=64M slab_max_order=5 slab_min_objects=128", "kmalloc-512", 128, 16},
		{"mem=64M slab_min_objects=1", "kmalloc-512", 8, 1},
	};
	struct slabinfo_row r;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct order_case *c = &cases[i];

		BOOT(c->cmdline);
		REQUIRE(slabinfo_row(c->cache, &r));
		if (r.per != c->per || r.pages != c->pages)
			fprintf(stderr, "  %s: %s has %lu objects in %lu pages\n", c->cmdline,
				c->cache, r.per, r.pages);
		CHECK_EQ(r.per, c->per);
		CHECK_EQ(r.pages, c->pages);
		if (i + 1 < ARRAY_SIZE(cases))
			CHECK_EQ(kmm_shutdown(), 0);
	}
}

TEST(slab_order_waste_rule)
{
	struct kmem_cache *s;
	struct slabinfo_row r;

	/* 1104-byte objects: an order-0 slab wastes 784 B (> 1/16), order 1 464 B (< 1/16) */
	BOOT("mem=64M slab_min_objects=1");
	s = kmem_cache_create("w1104", 1104, 0, 0, NULL);
	REQUIRE(s && slabinfo_row("w1104", &r));
	CHECK_EQ(r.per, 7);
	CHECK_EQ(r.pages, 2);
	kmem_cache_destroy(s);
	CHECK_EQ(kmm_shutdown(), 0);
	/* with slab_max_order=0 the 1/4 waste step accepts order 0 */
	BOOT("mem=64M slab_min_objects=1 slab_max_order=0");
	s = kmem_cache_create("w1104", 1104, 0, 0, NULL);
	REQUIRE(s && slabinfo_row("w1104", &r));
	CHECK_EQ(r.per, 3);
	CHECK_EQ(r.pages, 1);
	kmem_cache_destroy(s);
}

TEST(bad_slab_parameters_fail_boot)
{
	static const char *const bad[] = {
		"slab_min_order=x",    "slub_min_order=11", "slab_max_order=",
		"slub_max_order=-1",   "slab_min_objects=", "slub_min_objects=40000",
		"slab_min_objects=3k",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char cmd[64];

		snprintf(cmd, sizeof(cmd), "mem=64M %s", bad[i]);
		CHECK_EQ(kmm_boot(cmd), -EINVAL);
		CHECK(!kmm_booted());
	}
	CHECK_DMESG("kmm: slab_min_order=x: expected a number from 0 to 10");
	CHECK_DMESG("kmm: slab_min_objects=40000: expected a number from 0 to 32767");
	BOOT("mem=64M");
}

/* ------------------------------------------------------------ the slab shrinker */

/*
 * Fill @s with @n objects, free every other one (full slabs become node
 * partial slabs), allocate one (a CPU takes partial slabs: an active one and
 * a CPU partial one), then free everything but objs[0] - empty slabs are
 * left on the CPU partial list, as active slabs and on the node list.
 */
static void fill_and_empty(struct kmem_cache *s, void **objs, int n)
{
	void *extra;

	for (int i = 0; i < n; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (int i = 1; i < n; i += 2)
		kmem_cache_free(s, objs[i]);
	extra = kmem_cache_alloc(s, GFP_KERNEL);
	for (int i = 2; i < n; i += 2)
		kmem_cache_free(s, objs[i]);
	kmem_cache_free(s, extra);
}

static unsigned long stat_of(const char *cache, const char *item)
{
	char *stats = proc_text("/sys/kernel/slab/stats"), key[96];
	unsigned long v = 0;
	const char *line;

	if (!stats)
		return 0;
	snprintf(key, sizeof(key), "%s %s ", cache, item);
	line = strstr(stats, key);
	if (line)
		v = strtoul(line + strlen(key), NULL, 10);
	free(stats);
	return v;
}

TEST(slab_shrinker_frees_empty_slabs)
{
	static void *objs[4000];
	struct slabinfo_row r;
	unsigned long free0, freed;
	struct kmem_cache *s;

	BOOT("mem=64M nr_cpus=2");
	s = kmem_cache_create("reclaim_me", 256, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	fill_and_empty(s, objs, 4000);
	REQUIRE(objs[0]);
	memset(objs[0], 0x3c, 256);
	REQUIRE(slabinfo_row("reclaim_me", &r));
	CHECK(r.slabs >= s->min_partial); /* empty slabs kept, and objs[0]'s */
	CHECK_INVARIANTS();
	free0 = free_pages_now();
	freed = shrink_slab(GFP_KERNEL, 0, DEF_PRIORITY);
	CHECK(freed >= r.slabs - 1);
	REQUIRE(slabinfo_row("reclaim_me", &r));
	CHECK_EQ(r.slabs, 1); /* only the slab with an object in use */
	CHECK(free_pages_now() >= free0 + freed);
	CHECK(stat_of("reclaim_me", "deactivate_empty") >= 1); /* CPU slabs were freed too */
	for (int i = 0; i < 256; i++)
		CHECK_EQ(((unsigned char *)objs[0])[i], 0x3c);
	CHECK_INVARIANTS();
	/* the cache works on: new slabs as needed */
	for (int i = 1; i < 100; i++)
		REQUIRE((objs[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	for (int i = 0; i < 100; i++)
		kmem_cache_free(s, objs[i]);
	CHECK_EQ(shrink_slab(GFP_KERNEL, 0, DEF_PRIORITY) > 0, 1);
	REQUIRE(slabinfo_row("reclaim_me", &r));
	CHECK_EQ(r.slabs, 0);
	/* nothing left to free: the shrinker says so */
	CHECK_EQ(shrink_slab(GFP_KERNEL, 0, DEF_PRIORITY), 0);
	kmem_cache_destroy(s);
}

TEST(memory_pressure_gives_slab_pages_back)
{
	static void *objs[4000];
	struct slabinfo_row r;
	struct kmem_cache *s;
	struct page *page, *tmp;
	unsigned long nr = 0;
	LIST_HEAD(pages);

	BOOT("mem=32M nr_cpus=2");
	s = kmem_cache_create("pressure", 256, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	fill_and_empty(s, objs, 4000);
	kmem_cache_free(s, objs[0]);
	REQUIRE(slabinfo_row("pressure", &r));
	CHECK(r.slabs >= s->min_partial);
	/* take every page the page allocator gives: reclaim must run, and finds the slabs */
	while ((page = alloc_pages(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN, 0))) {
		list_add(&page->lru, &pages);
		nr++;
	}
	CHECK(nr > 0);
	/*
	 * Direct reclaim and kswapd both run the slab shrinker, which only
	 * try-locks slab_mutex: when the last allocation fails, kswapd may still
	 * be freeing the slabs.  The pages stay taken, so the pressure does too.
	 */
	for (int i = 0; i < 300; i++) {
		REQUIRE(slabinfo_row("pressure", &r));
		if (!r.slabs)
			break;
		usleep(10000);
	}
	CHECK_EQ(r.slabs, 0);
	list_for_each_entry_safe(page, tmp, &pages, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
	CHECK_INVARIANTS();
	kmem_cache_destroy(s);
}

/* Objects of the remote-free test, allocated and freed on chosen CPUs. */
static struct {
	struct kmem_cache *s;
	void *obj[64];
	unsigned int n;
} rf;

static void rf_alloc(void *arg)
{
	for (rf.n = 0; rf.n < 2 * rf.s->objects + 1; rf.n++)
		rf.obj[rf.n] = kmem_cache_alloc(rf.s, GFP_ATOMIC);
}

static void rf_free_first(void *arg)
{
	kmem_cache_free(rf.s, rf.obj[0]); /* on a CPU: the slab path, not the sheaf */
}

TEST(remote_free_freezes_a_full_slab_onto_the_freeing_cpu)
{
	unsigned int live;

	BOOT("mem=64M nr_cpus=2");
	rf.s = kmem_cache_create("remote_free", 256, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(rf.s && 2 * rf.s->objects + 1 <= 64);
	kmm_run_on_cpu(0, rf_alloc, NULL); /* two full slabs given up by CPU 0, a third active */
	for (unsigned int i = 0; i < rf.n; i++)
		REQUIRE(rf.obj[i]);
	CHECK(stat_of("remote_free", "deactivate_full") >= 2);
	CHECK_INVARIANTS(); /* full slabs are on no list: counted, not walked */
	kmm_run_on_cpu(1, rf_free_first, NULL);
	CHECK_EQ(stat_of("remote_free", "cpu_partial_free"), 1);
	CHECK_EQ(rf.s->cpu_slab[1].nr_partial, 1);
	CHECK_INVARIANTS();
	/* destroy names every live object, those of the full slab (found in the memory map) too */
	live = rf.n - 1;
	kmem_cache_destroy(rf.s);
	CHECK_DMESG("Objects remaining in remote_free on __kmem_cache_shutdown()");
	CHECK_EQ(dmesg_count("Object 0x"), (int)live);
	CHECK_INVARIANTS();
	for (unsigned int i = 1; i < rf.n; i++)
		kmem_cache_free(rf.s, rf.obj[i]);
	kmem_cache_destroy(rf.s);
	CHECK_EQ(dmesg_count("still has objects"), 1);
}

/*
 * kfree() of the object just popped from the sheaf puts it back on top with
 * no object-start check (it was checked on the way in), and a second
 * kfree() of it is still reported; a pointer inside it is not taken.
 */
TEST(kfree_of_the_object_popped_last)
{
	struct kmem_cache *s;
	unsigned int n;
	char *p, *q;

	BOOT("mem=64M nr_cpus=1");
	p = kmalloc(64, GFP_KERNEL);
	REQUIRE(p);
	kfree(p);
	q = kmalloc(64, GFP_KERNEL);
	REQUIRE(q);
	s = virt_to_slab(q)->slab_cache;
	if (kmm_cpus_sticky()) {
		CHECK(q == p); /* popped from the sheaf's top */
		n = s->cpu_slab[0].sheaf_nr;
		kfree(q + 8);
		CHECK_DMESG("Invalid object pointer");
		kfree(q);
		CHECK_EQ(s->cpu_slab[0].sheaf_nr, n + 1);
	} else {
		kfree(q);
	}
	kfree(q);
	CHECK_DMESG("already free (double free)");
	CHECK_INVARIANTS();
}

/*
 * Cache descriptors are objects of "kmem_cache", several to a page, with the
 * name inside (a long one is a separate string); destroying a cache frees
 * its descriptor.
 */
TEST(descriptors_share_pages)
{
	enum { N = 24 };
	static const char long_name[] = "a_cache_name_longer_than_a_descriptor_keeps_inside_it";
	struct kmem_cache *caches[N], *lng;
	unsigned long pages[N];
	unsigned int distinct = 0;
	struct slabinfo_row r0, r;
	char name[32];

	BOOT("mem=64M slab_nomerge");
	REQUIRE(kmem_cache && !strcmp(kmem_cache->name, "kmem_cache"));
	kmem_cache_shrink(kmem_cache); /* objects in sheaves count as active */
	REQUIRE(slabinfo_row("kmem_cache", &r0));
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "desc%d", i);
		REQUIRE((caches[i] = kmem_cache_create(name, 100 + i, 0, 0, NULL)));
		CHECK_EQ((uintptr_t)caches[i] % 64, 0);
		CHECK(!strcmp(caches[i]->name, name));
		pages[i] = (uintptr_t)caches[i] >> PAGE_SHIFT;
		for (int j = 0; j < i; j++)
			if (pages[j] == pages[i]) {
				distinct--;
				break;
			}
		distinct++;
	}
	CHECK(distinct <= N / 2); /* a page each before */
	lng = kmem_cache_create(long_name, 64, 0, 0, NULL);
	REQUIRE(lng);
	CHECK(!strcmp(lng->name, long_name));
	kmem_cache_shrink(kmem_cache);
	REQUIRE(slabinfo_row("kmem_cache", &r));
	CHECK_EQ(r.active, r0.active + N + 1);
	kfree(kmem_cache_alloc(lng, GFP_KERNEL));
	CHECK_INVARIANTS();
	for (int i = 0; i < N; i++)
		kmem_cache_destroy(caches[i]);
	kmem_cache_destroy(lng);
	kmem_cache_shrink(kmem_cache);
	REQUIRE(slabinfo_row("kmem_cache", &r));
	CHECK_EQ(r.active, r0.active);
	CHECK_INVARIANTS();
}

/*
 * The slab map names the cache and page index of every page of a slab, the
 * free fast paths find an object in a tail page through it, and a
 * discarded slab's words are zero again.
 */
TEST(slab_map_follows_slabs)
{
	struct kmem_cache *s;
	struct slab *slab;
	unsigned long pfn;
	unsigned int s_order;
	char *p;

	BOOT("mem=64M nr_cpus=1");
	s = kmem_cache_create("mapped", 1024, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	REQUIRE(s->order > 0);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	slab = virt_to_slab(p);
	pfn = page_to_pfn(slab_page(slab));
	for (unsigned long i = 0; i < 1UL << s->order; i++)
		CHECK_EQ(slab_map[pfn + i], slab_map_word(s, i, 0));
	CHECK_EQ(slab_map[pfn + (1UL << s->order)], 0); /* the next page is no slab's */
	{
		char *tail = (char *)slab_address(slab) + PAGE_SIZE * ((1UL << s->order) - 1);
		char *objs[64];
		unsigned int n = 0, sheaf0 = s->cpu_slab[0].sheaf_nr;

		/* allocate up to an object in the last page, then free it: the sheaf takes it */
		while (n < 64 && (objs[n] = kmem_cache_alloc(s, GFP_KERNEL)) && objs[n] < tail)
			n++;
		REQUIRE(n < 64 && objs[n] >= tail && virt_to_slab(objs[n]) == slab);
		kfree(objs[n]);
		if (kmm_cpus_sticky())
			CHECK_EQ(s->cpu_slab[0].sheaf_nr, sheaf0 + 1);
		kfree(objs[n]); /* and a double free of it is still seen */
		CHECK_DMESG("already free (double free)");
		while (n--)
			kmem_cache_free(s, objs[n]);
	}
	kmem_cache_free(s, p);
	CHECK_INVARIANTS();
	s_order = s->order;
	kmem_cache_destroy(s);
	CHECK_EQ(slab_map[pfn], 0);
	CHECK_EQ(slab_map[pfn + (1UL << s_order) - 1], 0);
	CHECK_INVARIANTS();
}

/*
 * A slab of the fallback order (the preferred order was not available)
 * holds fewer objects; its map words say so and its objects are freed by
 * the slow path, with the same checks.
 */
TEST(slab_map_marks_fallback_order_slabs)
{
	enum { MAX_PAGES = 8192 };
	static struct page *pages[MAX_PAGES];
	struct page *big[64];
	unsigned int big_order[64], nbig = 0, n = 0;
	struct kmem_cache *s;
	struct slab *slab;
	void *p, *q, *keep;

	BOOT("mem=16M nr_cpus=1");
	s = kmem_cache_create("fallback", 1024, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s && s->order > s->min_order);
	/* take every page, then give back those of even pfn: no block above order 0 */
	while (n < MAX_PAGES && (pages[n] = alloc_page(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN)))
		n++;
	REQUIRE(n < MAX_PAGES);
	for (unsigned int i = 0; i < n; i++)
		if (!(page_to_pfn(pages[i]) & 1))
			__free_page(pages[i]);
	for (unsigned int order = MAX_PAGE_ORDER; order > 0; order--) /* and what is left above */
		while (nbig < 64 && (big[nbig] = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, order)))
			big_order[nbig++] = order;
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	keep = kmem_cache_alloc(s, GFP_KERNEL); /* the slab stays, whatever kswapd does */
	REQUIRE(p && q && keep && virt_to_slab(keep) == virt_to_slab(p));
	slab = virt_to_slab(p);
	CHECK_EQ(slab_order(slab), s->min_order);
	CHECK(slab->objects < s->objects);
	CHECK_EQ(slab_map[page_to_pfn(slab_page(slab))], slab_map_word(s, 0, SLAB_MAP_SHORT));
	CHECK_INVARIANTS();
	kfree(q);
	kmem_cache_free(s, p);
	kmem_cache_free(s, p);
	CHECK_DMESG("already free (double free)");
	CHECK_INVARIANTS();
	kmem_cache_free(s, keep);
	kmem_cache_destroy(s);
	CHECK(!dmesg_contains("still has objects"));
	for (unsigned int i = 0; i < n; i++)
		if (page_to_pfn(pages[i]) & 1)
			__free_page(pages[i]);
	while (nbig--)
		__free_pages(big[nbig], big_order[nbig]);
	CHECK_INVARIANTS();
}

TEST(sheaf_keeps_objects_of_other_slabs_for_the_next_allocations)
{
	struct kmem_cache *s;
	void **objs;
	unsigned int n, cap, i;

	BOOT("mem=64M nr_cpus=1");
	/* kswapd naps 100 ms after boot, then looks again on the only CPU: let it fall asleep */
	for (int i = 0;
	     i < 2000 && __atomic_load_n(&NODE_DATA(0)->kswapd_sleeping, __ATOMIC_ACQUIRE) != 2;
	     i++)
		usleep(1000);
	s = kmem_cache_create("sheafy", 64, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	cap = s->sheaf_capacity;
	CHECK_EQ(cap, SLAB_SHEAF_MAX);
	n = cap + s->objects; /* the sheaf fills up exactly with all but the active slab */
	objs = calloc(n, sizeof(*objs));
	REQUIRE(objs);
	for (i = 0; i < n; i++)
		REQUIRE((objs[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	for (i = 0; i < n; i++) /* the first slabs' objects: not the active slab's */
		kmem_cache_free(s, objs[i]);
	CHECK_INVARIANTS();
	if (kmm_cpus_sticky()) { /* fast paths run: the sheaf is full, the rest went to slabs */
		void *top[SLAB_SHEAF_MAX];

		CHECK_EQ(s->cpu_slab[0].sheaf_nr, cap);
		memcpy(top, s->cpu_slab[0].sheaf, sizeof(top));
		/* the next allocations pop it: the last objects freed there, last first */
		for (i = 0; i < cap; i++) {
			objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
			CHECK(objs[i] == top[cap - 1 - i]);
		}
		CHECK_EQ(s->cpu_slab[0].sheaf_nr, 0);
		for (i = 0; i < cap; i++)
			kmem_cache_free(s, objs[i]);
	}
	/* a double free of the sheaf's top is reported, and changes nothing */
	{
		void *p = kmem_cache_alloc(s, GFP_KERNEL), *q = kmem_cache_alloc(s, GFP_KERNEL);

		REQUIRE(p && q);
		kmem_cache_free(s, q);
		kmem_cache_free(s, p);
		kmem_cache_free(s, p);
		CHECK_DMESG("already free (double free)");
		CHECK_INVARIANTS();
	}
	kmem_cache_shrink(s); /* sheaves go back to the slabs */
	CHECK_EQ(s->cpu_slab[0].sheaf_nr, 0);
	for (i = 0; i < cap; i++) /* no stale pointer for kmem_cache_free()'s shortcut */
		CHECK(!s->cpu_slab[0].sheaf[i]);
	CHECK_INVARIANTS();
	kmem_cache_destroy(s);
	CHECK(!dmesg_contains("still has objects"));
	free(objs);
}

/* kmem_cache_free() of the object popped last puts it straight back on the sheaf's top. */
TEST(object_popped_last_goes_back_on_the_sheaf)
{
	struct kmem_cache *s, *other;
	void *objs[3 * 64], *p;
	unsigned int n, nr;

	BOOT("mem=64M nr_cpus=1 slab_nomerge");
	s = kmem_cache_create("popped", 64, 0, 0, NULL);
	other = kmem_cache_create("other", 64, 0, 0, NULL);
	REQUIRE(s && other && 2 * s->objects < 3 * 64);
	n = 2 * s->objects;
	for (unsigned int i = 0; i < n; i++)
		REQUIRE((objs[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	for (unsigned int i = 0; i < s->objects; i++) /* the first slab's: to the sheaf */
		kmem_cache_free(s, objs[i]);
	if (kmm_cpus_sticky()) {
		nr = s->cpu_slab[0].sheaf_nr;
		REQUIRE(nr > 0);
		p = kmem_cache_alloc(s, GFP_KERNEL);
		CHECK_EQ(s->cpu_slab[0].sheaf_nr, nr - 1);
		CHECK(s->cpu_slab[0].sheaf[nr - 1] == p); /* left above the top */
		kmem_cache_free(other, p);		  /* not through the shortcut of @other */
		CHECK_DMESG("Wrong slab cache. other but object is from popped");
		nr = s->cpu_slab[0].sheaf_nr; /* p went back to its slab, not here */
		p = kmem_cache_alloc(s, GFP_KERNEL);
		kmem_cache_free(s, (char *)p + 8); /* nor an inside pointer */
		CHECK_DMESG("Invalid object pointer");
		kmem_cache_free(s, p);
		CHECK_EQ(s->cpu_slab[0].sheaf_nr, nr);
		CHECK(s->cpu_slab[0].sheaf[nr - 1] == p);
		kmem_cache_free(s, p); /* and a double free is still caught at the top */
		CHECK_DMESG("already free (double free)");
	}
	CHECK_INVARIANTS();
	for (unsigned int i = s->objects; i < n; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_destroy(s);
	kmem_cache_destroy(other);
	CHECK(!dmesg_contains("still has objects"));
}

/* Is the host page under @p resident (in the RAM file, not a hole)? */
static bool host_resident(const void *p)
{
	unsigned char v = 0;
	uintptr_t page = (uintptr_t)p & ~(uintptr_t)(PAGE_SIZE - 1);

	if (mincore((void *)page, PAGE_SIZE, &v))
		return true; /* cannot tell: counts as touched, so the checks below fail */
	return v & 1;
}

/*
 * A cache's per-CPU structs start as untouched zero pages: those of CPUs
 * that never use the cache cost no host memory, and their partial lists
 * are set up on first use.
 */
TEST(per_cpu_structs_of_idle_cpus_cost_no_host_memory)
{
	struct kmem_cache *s;
	void *objs[3 * 64];
	unsigned int n, last;

	BOOT("mem=64M nr_cpus=16");
	s = kmem_cache_create("percpu_lazy", 64, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	last = nr_cpu_ids - 1;
	REQUIRE(current->cpu != (int)last);
	CHECK(!host_resident(&s->cpu_slab[last]));
	CHECK(!host_resident(&s->cpu_slab[last].sheaf[SLAB_SHEAF_MAX - 1]));
	n = 2 * s->objects + 1;
	REQUIRE(n <= 3 * 64);
	for (unsigned int i = 0; i < n; i++)
		REQUIRE((objs[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(s, objs[i]);
	CHECK(host_resident(&s->cpu_slab[current->cpu]));
	CHECK(!host_resident(&s->cpu_slab[last]));
	/* (a read makes the page host memory too, so only now) */
	CHECK(!s->cpu_slab[last].partial.next && !s->cpu_slab[last].nr_partial);
	CHECK_INVARIANTS(); /* runs on every CPU: now their structs are touched */
	kmem_cache_destroy(s);
	CHECK(!dmesg_contains("still has objects"));
}
