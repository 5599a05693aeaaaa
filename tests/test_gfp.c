// SPDX-License-Identifier: MIT
/*
 * tests/test_gfp.c - the promises of the GFP flags on a small machine driven
 * to exhaustion: who may use the reserves, who fails, who waits.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/spinlock.h>
#include <linux/vmstat.h>

#include "mm/internal.h"
#include "tests/kmm_test.h"

#include <pthread.h>
#include <unistd.h>

#define MACHINE "mem=64M layout=x86_64 min_free_kbytes=4096 nr_cpus=2"

struct pile {
	struct page *head;
	unsigned long n;
};

/* Take pages with @gfp until it fails, draining the per-CPU lists between rounds. */
static unsigned long grab(struct pile *p, gfp_t gfp)
{
	unsigned long got = 0, round;
	struct page *page;

	do {
		drain_all_pages(NULL);
		round = 0;
		while ((page = alloc_pages(gfp | __GFP_NOWARN, 0))) {
			page->private = (unsigned long)p->head;
			p->head = page;
			round++;
		}
		got += round;
	} while (round);
	p->n += got;
	return got;
}

static void release(struct pile *p, unsigned long n)
{
	while (p->head && n--) {
		struct page *page = p->head;

		p->head = (struct page *)page->private;
		page->private = 0;
		__free_pages(page, 0);
		p->n--;
	}
}

static unsigned long buddy_free(void)
{
	drain_all_pages(NULL);
	return nr_free_pages();
}

static unsigned long min_sum(void)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		n += min_wmark_pages(zone);
	return n;
}

TEST(watermarks_follow_min_free_kbytes)
{
	struct zone *dma, *dma32;

	BOOT(MACHINE);
	CHECK(min_sum() >= 1000 && min_sum() <= 1030); /* 4096 KiB = 1024 pages */
	dma = &NODE_DATA(0)->node_zones[ZONE_DMA];
	dma32 = &NODE_DATA(0)->node_zones[ZONE_DMA32];
	CHECK(low_wmark_pages(dma32) > min_wmark_pages(dma32));
	CHECK(high_wmark_pages(dma32) > low_wmark_pages(dma32));
	/* ZONE_DMA keeps back managed(DMA32)/256 from DMA32-capable allocations */
	CHECK_EQ(dma->lowmem_reserve[ZONE_DMA32], zone_managed_pages(dma32) / 256);
	CHECK_EQ(dma->lowmem_reserve[ZONE_DMA], 0);
	kmm_shutdown();
	BOOT("mem=1G layout=x86_64");
	CHECK(min_free_kbytes > 3000 && min_free_kbytes < 4200); /* sqrt(16 * ~1G in KiB) */
}

TEST(who_may_use_the_reserves)
{
	struct pile p = {NULL, 0};
	unsigned int noreclaim;
	unsigned long mins = 0;

	BOOT(MACHINE);
	mins = min_sum();
	CHECK(grab(&p, GFP_NOWAIT) > 0);
	CHECK(buddy_free() >= mins - 64); /* NOWAIT stops at min (less per-CPU batches) */
	CHECK(grab(&p, GFP_NOWAIT) == 0);
	/* __GFP_HIGH from a caller that may sleep: half of min */
	CHECK(grab(&p, GFP_KERNEL | __GFP_HIGH | __GFP_NORETRY) > 0);
	CHECK(buddy_free() >= mins / 2 - 64);
	CHECK(grab(&p, GFP_ATOMIC) > 0); /* atomic (high and cannot sleep): a quarter deeper */
	CHECK(buddy_free() >= mins * 3 / 8 - 64);
	CHECK(buddy_free() > 100);
	noreclaim = memalloc_noreclaim_save(); /* PF_MEMALLOC: everything */
	CHECK(grab(&p, GFP_NOWAIT | __GFP_NOMEMALLOC) == 0);
	CHECK(grab(&p, GFP_NOWAIT) > 0);
	memalloc_noreclaim_restore(noreclaim);
	CHECK_EQ(buddy_free(), 0);
	release(&p, 200);
	CHECK(grab(&p, GFP_NOWAIT | __GFP_MEMALLOC) > 0);
	CHECK_EQ(buddy_free(), 0);
	release(&p, p.n);
}

TEST(noretry_and_retry_mayfail_fail_without_oom)
{
	struct pile p = {NULL, 0};
	unsigned int noreclaim;

	BOOT(MACHINE);
	noreclaim = memalloc_noreclaim_save();
	grab(&p, GFP_NOWAIT);
	memalloc_noreclaim_restore(noreclaim);
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NORETRY, 0) == NULL);
	CHECK_DMESG("page allocation failure: order:0, mode:0x10cc0(GFP_KERNEL|__GFP_NORETRY)");
	CHECK(alloc_pages(GFP_KERNEL | __GFP_RETRY_MAYFAIL, 0) == NULL);
	CHECK(alloc_pages(GFP_KERNEL | __GFP_REPEAT | __GFP_NOWARN, 2) == NULL);
	CHECK(!dmesg_contains("invoked oom-killer"));
	/* costly orders give up without OOM too */
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 5) == NULL);
	CHECK(!dmesg_contains("invoked oom-killer"));
	release(&p, p.n);
}

struct waiter {
	pthread_t tid;
	gfp_t gfp;
	int count;
	int done; /* atomic */
	struct page *pages[64];
};

static void *waiter_main(void *arg)
{
	struct waiter *w = arg;

	for (int i = 0; i < w->count; i++)
		w->pages[i] = alloc_pages(w->gfp, 0);
	__atomic_store_n(&w->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void run_blocked_allocation(gfp_t gfp, int count)
{
	struct pile p = {NULL, 0};
	struct waiter w = {.gfp = gfp, .count = count};
	unsigned int noreclaim;

	BOOT(MACHINE);
	noreclaim = memalloc_noreclaim_save();
	grab(&p, GFP_NOWAIT);
	memalloc_noreclaim_restore(noreclaim);
	REQUIRE(pthread_create(&w.tid, NULL, waiter_main, &w) == 0);
	usleep(300 * 1000);
	CHECK_EQ(__atomic_load_n(&w.done, __ATOMIC_SEQ_CST), 0); /* it really waits */
	for (int i = 0; i < count && !__atomic_load_n(&w.done, __ATOMIC_SEQ_CST); i++) {
		release(&p, 1); /* one page at a time: sustained pressure */
		usleep(2000);
	}
	release(&p, p.n);
	pthread_join(w.tid, NULL);
	for (int i = 0; i < count; i++) {
		CHECK(w.pages[i] != NULL);
		if (w.pages[i])
			__free_pages(w.pages[i], 0);
	}
	CHECK_DMESG("invoked oom-killer");
	CHECK(global_vm_event(PGALLOC_WAIT) > 0);
}

TEST(gfp_kernel_waits_until_another_thread_frees)
{
	run_blocked_allocation(GFP_KERNEL, 1);
}

TEST(nofail_never_fails_under_sustained_pressure)
{
	run_blocked_allocation(GFP_KERNEL | __GFP_NOFAIL, 16);
}

TEST(bad_flag_combinations_warn)
{
	struct page *page;

	BOOT(MACHINE);
	page = alloc_pages(GFP_KERNEL | __GFP_NOFAIL | __GFP_NORETRY, 0);
	CHECK(page != NULL); /* plenty of memory: the fast path serves it */
	if (page)
		__free_pages(page, 0);
	/* the warnings come from the slow path: force it with an exhausted machine */
	{
		struct pile p = {NULL, 0};
		unsigned int noreclaim = memalloc_noreclaim_save();

		grab(&p, GFP_NOWAIT);
		memalloc_noreclaim_restore(noreclaim);
		release(&p, 8); /* enough for the NOFAIL below once it reclaims/drains */
		page = alloc_pages(GFP_NOWAIT | __GFP_NOFAIL | __GFP_NOWARN, 0);
		if (page)
			__free_pages(page, 0);
		release(&p, p.n);
	}
	CHECK_DMESG("WARNING:");
}

TEST(hot_and_cold_pages)
{
	struct page *a, *b, *c;

	BOOT(MACHINE);
	a = alloc_page(GFP_KERNEL);
	b = alloc_page(GFP_KERNEL);
	REQUIRE(a && b);
	free_cold_page(b); /* to the cold end */
	free_hot_page(a);  /* to the hot end */
	c = alloc_page(GFP_KERNEL);
	CHECK(c == a); /* the hot page comes back first */
	__free_page(c);
	c = alloc_page(GFP_KERNEL | __GFP_COLD);
	CHECK(c == b); /* a cold request takes the cold end */
	__free_page(c);
}

TEST(per_cpu_lists_cache_and_drain)
{
	struct page *pages[3];
	struct zone *zone;
	unsigned long cached = 0;

	BOOT(MACHINE);
	for (int i = 0; i < 3; i++)
		pages[i] = alloc_page(GFP_KERNEL);
	for (int i = 0; i < 3; i++) /* fewer than batch + high / 2 frees: not a freeing CPU */
		__free_page(pages[i]);
	for_each_populated_zone(zone)
		cached += zone_pcp_pages(zone);
	CHECK_EQ(cached, 3); /* up to each list's high mark stays cached */
	CHECK_INVARIANTS();
	drain_all_pages(NULL);
	cached = 0;
	for_each_populated_zone(zone)
		cached += zone_pcp_pages(zone);
	CHECK_EQ(cached, 0);
	CHECK_INVARIANTS();
}

TEST(zoneinfo_shows_watermarks_and_pagesets)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	BOOT(MACHINE);
	f = open_memstream(&buf, &len);
	kmm_proc_show("/proc/zoneinfo", f);
	fclose(f);
	CHECK(strstr(buf, "\n        min      ") && strstr(buf, "\n        high     "));
	CHECK(strstr(buf, "\n        protection: (0, "));
	CHECK(strstr(buf, "\n  pagesets\n    cpu: 0\n              count: "));
	CHECK(strstr(buf, "\n      numa_hit     "));
	free(buf);
}
