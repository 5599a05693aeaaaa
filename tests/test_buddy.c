// SPDX-License-Identifier: MIT
/*
 * tests/test_buddy.c - the buddy allocator: orders, zones, split and merge,
 * fallback, exhaustion, zeroing, compound pages, references.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>

#include "arch/host/host.h"
#include "mm/internal.h"
#include "tests/kmm_test.h"

#include <unistd.h>

static void buddy_snapshot(unsigned long snap[MAX_NUMNODES][MAX_NR_ZONES][NR_PAGE_ORDERS])
{
	struct zone *zone;

	memset(snap, 0, sizeof(unsigned long) * MAX_NUMNODES * MAX_NR_ZONES * NR_PAGE_ORDERS);
	for_each_populated_zone(zone)
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			snap[zone->node][zone_idx(zone)][o] = zone->free_area[o].nr_free;
}

static gfp_t gfp_for_zone(enum zone_type z)
{
	switch (z) {
	case ZONE_DMA: return GFP_KERNEL | GFP_DMA;
	case ZONE_DMA32: return GFP_KERNEL | GFP_DMA32;
	case ZONE_HIGHMEM: return GFP_HIGHUSER;
	default: return GFP_KERNEL;
	}
}

static void every_order_in_every_zone(const char *cmdline)
{
	unsigned long free0;
	struct zone *zone;

	BOOT(cmdline);
	free0 = kmm_nr_free_pages();
	for_each_populated_zone(zone) {
		for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
			struct page *page =
				alloc_pages(gfp_for_zone((enum zone_type)zone_idx(zone)), order);

			REQUIRE(page);
			CHECK_EQ(zone_idx(page_zone(page)), zone_idx(zone));
			CHECK(IS_ALIGNED(page_to_pfn(page), 1UL << order));
			CHECK_EQ(page_ref_count(page), 1);
			CHECK_EQ(kmm_nr_free_pages(), free0 - (1UL << order));
			if (page_address(page))
				memset(page_address(page), 0xee, PAGE_SIZE << order);
			__free_pages(page, order);
			CHECK_EQ(kmm_nr_free_pages(), free0);
		}
	}
	CHECK_INVARIANTS();
	kmm_shutdown();
}

TEST(every_order_in_every_zone)
{
	every_order_in_every_zone(NULL);
	every_order_in_every_zone("mem=5G layout=x86_64");
}

struct held {
	struct page *page;
	unsigned int order;
};

TEST(random_split_merge_returns_to_the_boot_state)
{
	static unsigned long before[MAX_NUMNODES][MAX_NR_ZONES][NR_PAGE_ORDERS];
	static unsigned long after[MAX_NUMNODES][MAX_NR_ZONES][NR_PAGE_ORDERS];
	static struct held held[4096];
	int n = 0;
	const long rounds = kmm_test_env("KMM_TEST_ITERS", 20000);

	BOOT("mem=256M numa=fake=2 highmem=64M");
	drain_all_pages(NULL);
	buddy_snapshot(before);
	kmm_test_seed(42);
	for (long i = 0; i < rounds; i++) {
		unsigned long r = kmm_test_rand();

		if (n < 4096 && (n == 0 || r % 3 != 0)) {
			unsigned int order = (unsigned int)((r >> 8) % 7);
			gfp_t gfp = (r >> 16) & 1 ? GFP_HIGHUSER : GFP_KERNEL;
			struct page *page = alloc_pages(gfp | __GFP_NOWARN | __GFP_NORETRY, order);

			if (page)
				held[n++] = (struct held){page, order};
		} else {
			int k = (int)((r >> 20) % (unsigned long)n);

			__free_pages(held[k].page, held[k].order);
			held[k] = held[--n];
		}
		if (i % 5000 == 4999)
			CHECK_INVARIANTS();
	}
	while (n > 0) {
		n--;
		__free_pages(held[n].page, held[n].order);
	}
	CHECK_INVARIANTS();
	drain_all_pages(NULL); /* the per-CPU lists hold pages back from merging */
	buddy_snapshot(after);
	CHECK(memcmp(before, after, sizeof(before)) == 0);
}

TEST(zone_fallback_goes_down_never_up)
{
	struct page *pages[64], *page;
	int n = 0;

	BOOT("mem=64M"); /* DMA 16M, Normal 48M, no HighMem */
	/* Normal has 12 order-10 blocks minus reservations: take them all */
	while (n < 64 && (page = alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_THISNODE, 10))) {
		if (page_zonenum(page) == ZONE_DMA) {
			pages[n++] = page;
			break; /* Normal is out of order-10 blocks: fell back to DMA */
		}
		pages[n++] = page;
	}
	REQUIRE(n > 1);
	CHECK_EQ(page_zonenum(pages[n - 1]), ZONE_DMA);
	CHECK_EQ(page_zonenum(pages[0]), ZONE_NORMAL);
	/* GFP_HIGHUSER on a machine without HighMem is served from lowmem */
	page = alloc_pages(GFP_HIGHUSER, 0);
	REQUIRE(page);
	CHECK(page_zonenum(page) != ZONE_HIGHMEM);
	__free_pages(page, 0);
	while (n > 0)
		__free_pages(pages[--n], 10);
	/* GFP_DMA never leaves ZONE_DMA */
	page = alloc_pages(GFP_KERNEL | GFP_DMA, 10);
	REQUIRE(page);
	CHECK_EQ(page_zonenum(page), ZONE_DMA);
	__free_pages(page, 10);
}

/* Take pages with @gfp until it fails; chain them through page->private. */
static unsigned long grab_all(gfp_t gfp, struct page **head)
{
	unsigned long got = 0;
	struct page *page;

	while ((page = alloc_pages(gfp | __GFP_NOWARN, 0))) {
		page->private = (unsigned long)*head;
		*head = page;
		got++;
	}
	return got;
}

static void release_all(struct page **head)
{
	while (*head) {
		struct page *page = *head;

		*head = (struct page *)page->private;
		page->private = 0;
		__free_pages(page, 0);
	}
}

static unsigned long lowmem_min_sum(void)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		if (!is_highmem(zone))
			n += min_wmark_pages(zone);
	return n;
}

TEST(exhaustion_fails_with_the_kernel_report)
{
	struct page *head = NULL, *page;

	BOOT("mem=32M highmem=8M min_free_kbytes=1024");
	CHECK(grab_all(GFP_KERNEL | __GFP_NORETRY, &head) > 0);
	CHECK(!dmesg_contains("page allocation failure"));
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NORETRY, 0) == NULL);
	CHECK_DMESG("page allocation failure: order:0, mode:0x10cc0(GFP_KERNEL|__GFP_NORETRY), "
		    "nodemask=(null)");
	CHECK_DMESG("Mem-Info:");
	CHECK(alloc_pages(GFP_NOWAIT | __GFP_ZERO, 2) == NULL);
	CHECK_DMESG("order:2, mode:0x900(GFP_NOWAIT|__GFP_ZERO)");
	/* HighMem still has pages for those who may use them */
	page = alloc_pages(GFP_HIGHUSER, 0);
	CHECK(page != NULL);
	if (page)
		__free_pages(page, 0);
	release_all(&head);
	CHECK_INVARIANTS();
	CHECK(lowmem_min_sum() > 0);
}

TEST(order_above_max_fails)
{
	BOOT("mem=64M");
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER + 1) == NULL);
	CHECK(!dmesg_contains("WARNING:"));
	CHECK(alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1) == NULL);
	CHECK_DMESG("WARNING:");
}

TEST(gfp_zero_and_get_zeroed_page)
{
	unsigned long addr;
	struct page *page;
	unsigned char buf[PAGE_SIZE];

	BOOT(NULL);
	addr = __get_free_page(GFP_KERNEL);
	REQUIRE(addr);
	memset((void *)addr, 0x77, PAGE_SIZE);
	free_page(addr);
	addr = get_zeroed_page(GFP_KERNEL); /* the hot page just freed comes back */
	REQUIRE(addr);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		if (((unsigned char *)addr)[i]) {
			CHECK(!"get_zeroed_page returned dirty memory");
			break;
		}
	free_page(addr);
	/* HighMem has no kernel address: check through the RAM file */
	page = alloc_pages(GFP_HIGHUSER, 0);
	REQUIRE(page && PageHighMem(page));
	memset(buf, 0x33, sizeof(buf));
	CHECK(pwrite(kmm_physmem_fd, buf, sizeof(buf), (off_t)page_to_phys(page)) == PAGE_SIZE);
	__free_pages(page, 0);
	page = alloc_pages(GFP_HIGHUSER | __GFP_ZERO, 0);
	REQUIRE(page);
	CHECK(pread(kmm_physmem_fd, buf, sizeof(buf), (off_t)page_to_phys(page)) == PAGE_SIZE);
	CHECK(buf[0] == 0 && buf[PAGE_SIZE - 1] == 0);
	__free_pages(page, 0);
}

TEST(hot_page_is_reused_first)
{
	struct page *a, *b;

	BOOT("mem=64M");
	a = alloc_page(GFP_KERNEL);
	REQUIRE(a);
	__free_page(a);
	b = alloc_page(GFP_KERNEL);
	CHECK(a == b);
	__free_page(b);
}

/*
 * A CPU that frees much more than it allocates (the consumer of a
 * producer/consumer pair) keeps next to nothing on its list; a few frees
 * after allocations stay on it.
 */
TEST(a_cpu_that_only_frees_keeps_few_pages)
{
	struct per_cpu_pages *pcp;
	struct page **pages;
	struct zone *zone;
	int n, cpu;

	BOOT("mem=256M nr_cpus=1");
	pages = calloc(4096, sizeof(*pages));
	REQUIRE(pages);
	pages[0] = alloc_page(GFP_KERNEL);
	REQUIRE(pages[0]);
	zone = page_zone(pages[0]);
	cpu = current->cpu;
	pcp = &zone->per_cpu_pageset[cpu];
	n = 3 * pcp->high;
	REQUIRE(n > pcp->batch && n <= 4096);
	for (int i = 1; i < n; i++)
		REQUIRE((pages[i] = alloc_page(GFP_KERNEL)));
	for (int i = 0; i < n; i++) /* n frees, no allocation: the list stays short */
		__free_page(pages[i]);
	CHECK(pcp->count <= 4 * pcp->batch);
	CHECK(pcp->count < pcp->high);
	for (int i = 0; i < 16; i++) { /* allocating again ends it (each halves free_count) */
		pages[0] = alloc_page(GFP_KERNEL);
		REQUIRE(pages[0]);
		__free_page(pages[0]);
	}
	CHECK(pcp->free_count < pcp->batch);
	CHECK(pcp->count > 0); /* the page of the last pair stays */
	n = pcp->high / 2;     /* fewer frees than batch + high / 2 since allocating: all kept */
	for (int i = 0; i < n; i++)
		REQUIRE((pages[i] = alloc_page(GFP_KERNEL)));
	for (int i = 0; i < n; i++)
		__free_page(pages[i]);
	CHECK(pcp->count >= n);
	CHECK_INVARIANTS();
	free(pages);
}

TEST(compound_pages)
{
	struct page *page;

	BOOT("mem=64M");
	page = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	REQUIRE(page);
	CHECK(PageHead(page) && !PageTail(page));
	for (int i = 1; i < 8; i++) {
		CHECK(PageTail(page + i));
		CHECK(compound_head(page + i) == page);
	}
	CHECK_EQ(compound_order(page), 3);
	CHECK_EQ(page_size(page), 8 * PAGE_SIZE);
	get_page(page + 5); /* a tail reference pins the head */
	CHECK_EQ(page_ref_count(page), 2);
	put_page(page + 5);
	CHECK_EQ(page_ref_count(page), 1);
	__free_pages(page, 3);
	CHECK(!PageTail(page + 1));
	/* order 0 with __GFP_COMP is an ordinary page */
	page = alloc_pages(GFP_KERNEL | __GFP_COMP, 0);
	REQUIRE(page);
	CHECK(!PageHead(page));
	put_page(page);
}

TEST(references_keep_the_first_page_of_a_block)
{
	unsigned long free0;
	struct page *page;

	BOOT("mem=64M");
	free0 = kmm_nr_free_pages();
	page = alloc_pages(GFP_KERNEL, 2);
	REQUIRE(page);
	get_page(page);
	__free_pages(page, 2); /* not the last reference: pages 1..3 go back now */
	CHECK_EQ(kmm_nr_free_pages(), free0 - 1);
	CHECK_EQ(page_ref_count(page), 1);
	CHECK_INVARIANTS();
	put_page(page);
	CHECK_EQ(kmm_nr_free_pages(), free0);
}

TEST(split_page_and_alloc_pages_exact)
{
	unsigned long free0;
	void *p;

	BOOT("mem=64M");
	free0 = kmm_nr_free_pages();
	p = alloc_pages_exact(5 * PAGE_SIZE, GFP_KERNEL | __GFP_ZERO);
	REQUIRE(p);
	CHECK_EQ(kmm_nr_free_pages(), free0 - 5);
	memset(p, 1, 5 * PAGE_SIZE);
	CHECK_INVARIANTS();
	free_pages_exact(p, 5 * PAGE_SIZE);
	CHECK_EQ(kmm_nr_free_pages(), free0);
}

TEST(get_free_pages_refuses_highmem)
{
	unsigned long addr;

	BOOT(NULL);
	addr = __get_free_pages(GFP_KERNEL | __GFP_HIGHMEM, 0);
	CHECK(addr != 0);
	CHECK_DMESG("WARNING:");
	CHECK(virt_addr_valid((void *)addr));
	free_pages(addr, 0);
}

TEST(gfp_zone_follows_the_layout)
{
	BOOT(NULL);
	CHECK_EQ(gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	CHECK_EQ(gfp_zone(GFP_DMA), ZONE_DMA);
	CHECK_EQ(gfp_zone(GFP_DMA32), ZONE_NORMAL);
	CHECK_EQ(gfp_zone(GFP_HIGHUSER), ZONE_HIGHMEM);
	CHECK_EQ(gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_HIGHMEM);
	kmm_shutdown();
	BOOT("mem=128M layout=x86_64");
	CHECK_EQ(gfp_zone(GFP_DMA32), ZONE_DMA32);
	CHECK_EQ(gfp_zone(GFP_HIGHUSER), ZONE_NORMAL);
	CHECK_EQ(gfp_zone(__GFP_DMA | __GFP_HIGHMEM), ZONE_DMA);
	CHECK_DMESG("conflicting zone modifiers");
}

TEST(atomic_allocation_under_a_spinlock)
{
	DEFINE_SPINLOCK(lock);
	struct page *page;

	BOOT("mem=64M");
	spin_lock(&lock);
	page = alloc_page(GFP_ATOMIC);
	spin_unlock(&lock);
	REQUIRE(page);
	CHECK(!dmesg_contains("sleeping function called from invalid context"));
	__free_page(page);
}

TEST(gfp_flag_names_in_reports)
{
	char buf[256];

	format_gfp_flags(GFP_KERNEL, buf, sizeof(buf));
	CHECK(!strcmp(buf, "GFP_KERNEL"));
	format_gfp_flags(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, buf, sizeof(buf));
	CHECK(!strcmp(buf, "GFP_KERNEL|__GFP_ZERO|__GFP_NOWARN"));
	format_gfp_flags(GFP_HIGHUSER_MOVABLE, buf, sizeof(buf));
	CHECK(!strcmp(buf, "GFP_HIGHUSER_MOVABLE"));
	format_gfp_flags(GFP_NOWAIT, buf, sizeof(buf));
	CHECK(!strcmp(buf, "GFP_NOWAIT"));
	format_gfp_flags(0, buf, sizeof(buf));
	CHECK(!strcmp(buf, "none"));
}

/* Free MAX_PAGE_ORDER blocks deferred at boot, still to be set up. */
static unsigned long deferred_blocks(void)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		n += (zone->deferred_end_pfn - zone->deferred_pfn) >> MAX_PAGE_ORDER;
	return n;
}

TEST(deferred_struct_pages_are_set_up_on_demand)
{
	struct page *blocks[64];
	unsigned long free0, deferred;
	int n = 0;

	BOOT("mem=128M layout=x86_64");
	deferred = deferred_blocks();
	CHECK(deferred >= 16); /* DMA32 [16M, 128M): one contiguous run of 4 MiB blocks */
	free0 = kmm_nr_free_pages();
	/* counted free from the start: /proc/buddyinfo and the watermarks see them */
	CHECK(free0 >= deferred << MAX_PAGE_ORDER);
	while (n < 64 && deferred_blocks() > 0) {
		blocks[n] = alloc_pages(GFP_KERNEL | __GFP_DMA32 | __GFP_NOWARN, MAX_PAGE_ORDER);
		if (!blocks[n])
			break;
		n++;
	}
	CHECK_EQ(deferred_blocks(), 0UL); /* every one set up as it was needed */
	CHECK(n >= (int)deferred);
	CHECK_INVARIANTS();
	while (n > 0)
		__free_pages(blocks[--n], MAX_PAGE_ORDER);
	drain_all_pages(NULL);
	CHECK_EQ(kmm_nr_free_pages(), free0);
	CHECK_INVARIANTS();
}

/*
 * alloc_contig_pages(): a range longer than a MAX_PAGE_ORDER block is a run
 * of adjacent free blocks (deferred ones first, on a fresh machine), cut to
 * length; short ranges are exact; every page is freed on its own; a range
 * that no run of free blocks can hold fails without a report.
 */
TEST(contig_pages_beyond_max_order)
{
	const unsigned long nr = 3 * MAX_ORDER_NR_PAGES + 100;
	struct page *page, *small, *again;
	unsigned long free0, deferred;
	char *p;

	BOOT("mem=128M layout=x86_64");
	drain_all_pages(NULL);
	free0 = kmm_nr_free_pages();
	page = alloc_contig_pages(nr, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE, NULL);
	REQUIRE(page);
	CHECK(!PageHighMem(page));
	p = page_address(page);
	for (unsigned long i = 0; i < nr; i++) {
		CHECK_EQ(page_ref_count(page + i), 1);
		if (p[i << PAGE_SHIFT] || p[(i << PAGE_SHIFT) + PAGE_SIZE - 1]) {
			CHECK(!"a page of the range is not zeroed");
			break;
		}
	}
	memset(p, 0x5a, nr << PAGE_SHIFT); /* all of it is ours, in the direct map */
	drain_all_pages(NULL);
	CHECK_EQ(kmm_nr_free_pages(), free0 - nr); /* the cut-off tail went back at once */
	CHECK_INVARIANTS();
	small = alloc_contig_pages(5, GFP_KERNEL, NUMA_NO_NODE, NULL);
	REQUIRE(small);
	drain_all_pages(NULL);
	CHECK_EQ(kmm_nr_free_pages(), free0 - nr - 5);
	free_contig_range(page_to_pfn(small), 5);
	free_contig_range(page_to_pfn(page), nr);
	drain_all_pages(NULL);
	CHECK_EQ(kmm_nr_free_pages(), free0);
	CHECK_INVARIANTS();
	/* the freed range merges back into listed blocks, where the next request finds it */
	deferred = deferred_blocks();
	again = alloc_contig_pages(nr, GFP_KERNEL, NUMA_NO_NODE, NULL);
	REQUIRE(again);
	CHECK_EQ(deferred_blocks(), deferred);
	CHECK_INVARIANTS();
	free_contig_range(page_to_pfn(again), nr);
	/* more than the machine has: NULL, quietly */
	CHECK(!alloc_contig_pages(64 * MAX_ORDER_NR_PAGES, GFP_KERNEL, NUMA_NO_NODE, NULL));
	CHECK(!dmesg_contains("WARNING"));
	drain_all_pages(NULL);
	CHECK_EQ(kmm_nr_free_pages(), free0);
	CHECK_INVARIANTS();
}

/*
 * percpu_pagelist_fraction=N sizes the per-CPU lists as the kernel's
 * vm.percpu_pagelist_fraction did: high = 1/N of the zone, batch a
 * quarter of that; below 8 the boot fails.
 */
TEST(percpu_pagelist_fraction_sizes_the_pcp_lists)
{
	struct zone *zone;
	struct page *page;
	bool seen = false;

	CHECK_EQ(kmm_boot("mem=64M percpu_pagelist_fraction=7"), -EINVAL);
	CHECK(!kmm_booted());
	CHECK_DMESG("kmm: percpu_pagelist_fraction=7: expected a number from 8 to");
	BOOT("mem=256M layout=x86_64 nr_cpus=2 percpu_pagelist_fraction=1024");
	for_each_populated_zone(zone) {
		long high = max((long)(zone_managed_pages(zone) / 1024), 1L);

		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
			CHECK_EQ(zone->per_cpu_pageset[cpu].high, high);
			CHECK_EQ(zone->per_cpu_pageset[cpu].batch, max(high / 4, 1L));
		}
		seen = true;
	}
	CHECK(seen);
	page = alloc_page(GFP_KERNEL); /* the lists work at that size */
	REQUIRE(page);
	__free_page(page);
	CHECK_INVARIANTS();
}
