// SPDX-License-Identifier: MIT
/*
 * mm/watermarks.c - per-zone watermarks, lowmem reserves, and the check
 * every allocation makes against them.
 *
 * Theory
 * ------
 * Each zone keeps three watermarks (in pages):
 *
 *   min   below it only allocations that may use reserves succeed: __GFP_HIGH
 *         goes to half of it, GFP_ATOMIC (high priority and unable to sleep)
 *         a further quarter deeper, PF_MEMALLOC / __GFP_MEMALLOC all the way.
 *   low   below it the allocator wakes kswapd.
 *   high  kswapd reclaims until a zone of the node that the waking allocation
 *         could use is back above it (the kernel's "balanced"), then sleeps.
 *
 * They come from min_free_kbytes (the kernel's rule: sqrt(16 * lowmem KiB),
 * clamped to 128 KiB..256 MiB, unless given on the command line), shared
 * between the lowmem zones in proportion to their size; a HighMem zone keeps
 * a small fixed min (managed/1024, 32..128 pages).  The gap min->low->high
 * is max(min/4, managed * watermark_scale_factor / 10000).
 *
 * lowmem_reserve[j] of a zone is extra free memory it keeps back from
 * allocations that could have used a higher zone j (sysctl
 * lowmem_reserve_ratio: DMA 256, DMA32 256, Normal 32), so that GFP_KERNEL
 * cannot exhaust ZONE_DMA.
 *
 * The watermarks are computed once at boot after memblock_free_all() and are
 * read-only afterwards; the check reads NR_FREE_PAGES without locks.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/vmstat.h>

#include "mm/internal.h"

int min_free_kbytes;
int watermark_scale_factor = 10;
static const int lowmem_reserve_ratio[MAX_NR_ZONES] = {
	[ZONE_DMA] = 256,
	[ZONE_DMA32] = 256,
	[ZONE_NORMAL] = 32,
	[ZONE_HIGHMEM] = 0,
};

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << 62;

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

static unsigned long lowmem_managed_pages(void)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		if (!is_highmem(zone))
			n += zone_managed_pages(zone);
	return n;
}

static void zone_set_wmarks(struct zone *zone, unsigned long pages_min, unsigned long lowmem)
{
	unsigned long managed = zone_managed_pages(zone);
	unsigned long share = lowmem ? pages_min * managed / lowmem : 0;
	unsigned long gap;

	if (is_highmem(zone))
		zone->_watermark[WMARK_MIN] = clamp(managed / 1024, 32UL, 128UL);
	else
		zone->_watermark[WMARK_MIN] = share;
	gap = max(share >> 2, managed * (unsigned long)watermark_scale_factor / 10000);
	zone->_watermark[WMARK_LOW] = zone->_watermark[WMARK_MIN] + gap;
	zone->_watermark[WMARK_HIGH] = zone->_watermark[WMARK_LOW] + gap;
}

static void setup_lowmem_reserve(pg_data_t *pgdat)
{
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];
		unsigned long upper = 0;

		zone->lowmem_reserve[i] = 0;
		for (int j = i + 1; j < MAX_NR_ZONES; j++) {
			upper += zone_managed_pages(&pgdat->node_zones[j]);
			zone->lowmem_reserve[j] =
				lowmem_reserve_ratio[i]
					? (long)(upper / (unsigned long)lowmem_reserve_ratio[i])
					: 0;
		}
	}
}

/**
 * setup_per_zone_wmarks - compute every zone's watermarks and reserves
 *
 * Context: boot, after memblock_free_all().
 */
void setup_per_zone_wmarks(void)
{
	unsigned long lowmem = lowmem_managed_pages(), pages_min;
	struct zone *zone;
	int nid;

	if (kmm_machine.min_free_kbytes >= 0)
		min_free_kbytes = kmm_machine.min_free_kbytes;
	else
		min_free_kbytes =
			(int)clamp(int_sqrt(lowmem * (PAGE_SIZE >> 10) * 16), 128UL, 262144UL);
	watermark_scale_factor = kmm_machine.watermark_scale_factor;
	pages_min = (unsigned long)min_free_kbytes >> (PAGE_SHIFT - 10);
	for_each_populated_zone(zone)
		zone_set_wmarks(zone, pages_min, lowmem);
	for_each_online_node(nid)
		setup_lowmem_reserve(NODE_DATA(nid));
	pr_info("min_free_kbytes: %d, watermark_scale_factor: %d\n", min_free_kbytes,
		watermark_scale_factor);
}

/* Pages the allocator keeps back from ordinary allocations, machine-wide. */
unsigned long totalreserve_pages(void)
{
	unsigned long total = 0;
	struct zone *zone;

	for_each_populated_zone(zone) {
		long max_reserve = 0;

		for (int j = 0; j < MAX_NR_ZONES; j++)
			max_reserve = max(max_reserve, zone->lowmem_reserve[j]);
		total += min(zone_managed_pages(zone),
			     (unsigned long)max_reserve + high_wmark_pages(zone));
	}
	return total;
}

/* The watermark test with the free count given (see zone_watermark_ok()). */
bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags, long free_pages)
{
	long min = (long)mark;

	free_pages -= (1L << order) - 1;
	if (alloc_flags & ALLOC_MIN_RESERVE) {
		min -= min / 2;
		if (alloc_flags & ALLOC_NON_BLOCK)
			min -= min / 4;
	}
	if (highest_zoneidx < 0 || highest_zoneidx >= MAX_NR_ZONES)
		highest_zoneidx = MAX_NR_ZONES - 1;
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++)
		if (kmm_counter_read(z->free_area[o].nr_free))
			return true;
	return false;
}

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark, int highest_zoneidx,
		       unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   (long)zone_page_state(z, NR_FREE_PAGES));
}
