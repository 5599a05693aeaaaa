// SPDX-License-Identifier: MIT
/*
 * tests/test_slab.c - object caches and kmalloc: allocation and free,
 * constructors, alignment, zones, cross-CPU frees, destroy and shrink,
 * kmalloc and its relatives, /proc/slabinfo, statistics.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "mm/slab.h"
#include "tests/kmm_test.h"

#include <pthread.h>

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

	BOOT("mem=64M");
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
