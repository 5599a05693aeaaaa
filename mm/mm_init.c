// SPDX-License-Identifier: MIT
/*
 * mm/mm_init.c - sizing nodes and zones, and handing memory to the buddy allocator.
 *
 * Theory
 * ------
 * After setup_arch() has filled memblock, boot continues as the kernel's does:
 *
 *   1. node_data_init()   one pg_data_t per node, allocated from memblock on
 *                         that node (falling back to any node's lowmem).
 *   2. sparse_init()      struct pages for every section with RAM.
 *   3. free_area_init()   each zone's span is its layout range intersected
 *                         with the node's span; present pages are the RAM in
 *                         it; pages inside existing sections that are not RAM
 *                         are marked PG_reserved ("unavailable ranges").
 *   4. mem_init()         memblock_free_all() gives every free range to the
 *                         buddy allocator; what stays reserved is the boot
 *                         reservations plus the struct page arrays.
 *
 * Zone ranges (pfns):  ZONE_DMA     [0, 16M)
 *                      ZONE_DMA32   [16M, 4G)          x86_64 only
 *                      ZONE_NORMAL  [16M or 4G, lowmem end)
 *                      ZONE_HIGHMEM [lowmem end, end)  x86_32 only
 *
 * All of this runs inside kmm_boot(), single-threaded.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/topology.h>

#include "mm/internal.h"

#include <kmm/kmm.h>

#include <string.h>

struct pglist_data *node_data[MAX_NUMNODES];
nodemask_t node_online_map;
atomic_long_t _totalram_pages;
unsigned long max_pfn, max_low_pfn, min_low_pfn;

const char *const zone_names[MAX_NR_ZONES] = {
	[ZONE_DMA] = "DMA",
	[ZONE_DMA32] = "DMA32",
	[ZONE_NORMAL] = "Normal",
	[ZONE_HIGHMEM] = "HighMem",
};

/* The pfn where each zone ends on this machine's layout. */
static void zone_limits(unsigned long max_zone_pfn[MAX_NR_ZONES])
{
	unsigned long dma = PFN_DOWN(SZ_16M);

	max_zone_pfn[ZONE_DMA] = min(dma, max_pfn);
	if (kmm_machine.layout == KMM_LAYOUT_X86_64) {
		max_zone_pfn[ZONE_DMA32] = min((unsigned long)PFN_DOWN(SZ_4G), max_pfn);
		max_zone_pfn[ZONE_NORMAL] = max_pfn;
		max_zone_pfn[ZONE_HIGHMEM] = max_pfn;
	} else {
		max_zone_pfn[ZONE_DMA32] = max_zone_pfn[ZONE_DMA];
		max_zone_pfn[ZONE_NORMAL] = max_low_pfn;
		max_zone_pfn[ZONE_HIGHMEM] = max_pfn;
	}
}

static void node_span(int nid, unsigned long *start, unsigned long *end)
{
	unsigned long s, e;
	int i;

	*start = ULONG_MAX;
	*end = 0;
	for_each_mem_pfn_range(i, nid, &s, &e, NULL) {
		*start = min(*start, s);
		*end = max(*end, e);
	}
	if (*start > *end)
		*start = *end = 0;
}

static int node_data_init(void)
{
	struct memblock_region *r;

	nodes_clear(&node_online_map);
	for_each_mem_region(r)
		node_set(memblock_get_region_node(r), &node_online_map);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		pg_data_t *pgdat;

		node_data[nid] = NULL;
		if (!node_online(nid))
			continue;
		pgdat = memblock_alloc_try_nid(sizeof(*pgdat), SMP_CACHE_BYTES, 0,
					       MEMBLOCK_ALLOC_ACCESSIBLE, nid);
		if (!pgdat) {
			pr_err("kmm: cannot allocate NODE_DATA(%d)\n", nid);
			return -ENOMEM;
		}
		pr_info("NODE_DATA(%d) allocated [mem 0x%016llx-0x%016llx]\n", nid,
			(unsigned long long)__pa(pgdat),
			(unsigned long long)__pa(pgdat) + sizeof(*pgdat) - 1);
		node_data[nid] = pgdat;
		pgdat->node_id = nid;
	}
	return 0;
}

/* RAM pages of node @nid in [start, end). */
static unsigned long ram_pages_in(int nid, unsigned long start, unsigned long end)
{
	unsigned long s, e, n = 0;
	int i;

	for_each_mem_pfn_range(i, nid, &s, &e, NULL) {
		s = clamp(s, start, end);
		e = clamp(e, start, end);
		n += e - s;
	}
	return n;
}

static unsigned long mark_reserved_range(unsigned long start, unsigned long end)
{
	unsigned long pfn, n = 0;

	for (pfn = start; pfn < end; pfn++) {
		if (!pfn_valid(pfn)) {
			pfn = ALIGN(pfn + 1, PAGES_PER_SECTION) - 1;
			continue;
		}
		__SetPageReserved(pfn_to_page(pfn));
		n++;
	}
	return n;
}

/* Mark struct pages of the zone that are not RAM (holes) as reserved. */
static unsigned long zone_mark_unavailable(struct zone *zone)
{
	unsigned long cur = zone->zone_start_pfn, end = zone_end_pfn(zone), s, e, n = 0;
	int i;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &s, &e, NULL) {
		if (e <= cur)
			continue;
		if (s >= end)
			break;
		if (s > cur)
			n += mark_reserved_range(cur, s);
		cur = max(cur, e);
	}
	if (cur < end)
		n += mark_reserved_range(cur, end);
	return n;
}

/* Per-CPU page lists, from memblock on the zone's node (batch/high come later). */
static void zone_init_pagesets(struct zone *zone)
{
	size_t bytes = nr_cpu_ids * sizeof(struct per_cpu_pages);

	zone->per_cpu_pageset = memblock_alloc_try_nid(bytes, SMP_CACHE_BYTES, 0,
						       MEMBLOCK_ALLOC_ACCESSIBLE, zone->node);
	if (!zone->per_cpu_pageset)
		panic("kmm: no memory for the per-CPU page lists of zone %s\n", zone->name);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		for (int o = 0; o < NR_PCP_ORDERS; o++)
			INIT_LIST_HEAD(&zone->per_cpu_pageset[cpu].lists[o]);
}

static void zone_init(pg_data_t *pgdat, enum zone_type idx, unsigned long start, unsigned long end)
{
	struct zone *zone = &pgdat->node_zones[idx];
	unsigned long sec, unavailable;

	memset(zone, 0, sizeof(*zone));
	zone->name = zone_names[idx];
	zone->node = pgdat->node_id;
	zone->kmm_idx = (int)idx;
	zone->zone_pgdat = pgdat;
	zone->zone_start_pfn = start;
	zone->spanned_pages = end > start ? end - start : 0;
	zone->present_pages = ram_pages_in(pgdat->node_id, start, end);
	spin_lock_init(&zone->lock);
	zone_init_free_lists(zone);
	if (!zone->spanned_pages)
		return;
	if (zone->present_pages)
		zone_init_pagesets(zone);
	for (sec = start >> PFN_SECTION_SHIFT; sec < DIV_ROUND_UP(end, PAGES_PER_SECTION); sec++)
		if (sparse_section_present(sec))
			kmm_section_zone[sec] = zone;
	unavailable = zone_mark_unavailable(zone);
	if (unavailable)
		pr_info("On node %d, zone %s: %lu pages in unavailable ranges\n", pgdat->node_id,
			zone->name, unavailable);
}

static void node_init(pg_data_t *pgdat, const unsigned long max_zone_pfn[MAX_NR_ZONES])
{
	unsigned long start, end, zstart = 0;
	int nid = pgdat->node_id;

	node_span(nid, &start, &end);
	pgdat->node_start_pfn = start;
	pgdat->node_spanned_pages = end - start;
	pgdat->node_present_pages = ram_pages_in(nid, start, end);
	pr_info("Initmem setup node %d [mem 0x%016llx-0x%016llx]\n", nid,
		(unsigned long long)PFN_PHYS(start), (unsigned long long)PFN_PHYS(end) - 1);
	pgdat->nr_zones = 0;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long zs = clamp(zstart, start, end);
		unsigned long ze = clamp(max_zone_pfn[z], start, end);

		zone_init(pgdat, (enum zone_type)z, zs, max(zs, ze));
		if (pgdat->node_zones[z].present_pages)
			pgdat->nr_zones = z + 1;
		zstart = max(zstart, max_zone_pfn[z]);
	}
	/* struct pages past the node's last RAM page, up to its section's end */
	mark_reserved_range(end, ALIGN(end, PAGES_PER_SECTION));
}

static bool zone_in_layout(enum zone_type z)
{
	if (kmm_machine.layout == KMM_LAYOUT_X86_64)
		return z != ZONE_HIGHMEM;
	return z != ZONE_DMA32;
}

static void print_zone_ranges(const unsigned long max_zone_pfn[MAX_NR_ZONES])
{
	unsigned long start = 0;

	pr_info("Zone ranges:\n");
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (!zone_in_layout((enum zone_type)z))
			continue;
		if (max_zone_pfn[z] > start)
			pr_info("  %-8s [mem 0x%016llx-0x%016llx]\n", zone_names[z],
				(unsigned long long)PFN_PHYS(start),
				(unsigned long long)PFN_PHYS(max_zone_pfn[z]) - 1);
		else
			pr_info("  %-8s empty\n", zone_names[z]);
		start = max(start, max_zone_pfn[z]);
	}
	pr_info("Early memory node ranges\n");
	{
		unsigned long s, e;
		int i, nid;

		for_each_mem_pfn_range(i, MAX_NUMNODES, &s, &e, &nid)
			pr_info("  node %3d: [mem 0x%016llx-0x%016llx]\n", nid,
				(unsigned long long)PFN_PHYS(s),
				(unsigned long long)PFN_PHYS(e) - 1);
	}
}

/**
 * free_area_init - size every node and zone and set up their free lists
 *
 * Context: boot, after sparse_init().
 */
void free_area_init(void)
{
	unsigned long max_zone_pfn[MAX_NR_ZONES];
	int nid;

	zone_limits(max_zone_pfn);
	print_zone_ranges(max_zone_pfn);
	for_each_online_node(nid)
		node_init(NODE_DATA(nid), max_zone_pfn);
	build_all_zonelists();
}

/**
 * mm_boot_init - nodes, sections, zones (the part of boot before the hook)
 *
 * Context: boot, after setup_arch().
 * Return: 0 or -ENOMEM.
 */
int mm_boot_init(void)
{
	int ret;

	max_pfn = PFN_DOWN(memblock_end_of_DRAM());
	max_low_pfn = PFN_DOWN(kmm_lowmem_end);
	min_low_pfn = 0;
	ret = node_data_init();
	if (!ret)
		ret = sparse_init();
	if (ret)
		return ret;
	free_area_init();
	return 0;
}

static void print_memory_summary(void)
{
	struct kmm_mem_stats st;

	kmm_mem_stats(&st);
	pr_info("Memory: %luK/%luK available (%luK memmap, %luK reserved, %luK highmem)\n",
		st.managed << (PAGE_SHIFT - 10), st.present << (PAGE_SHIFT - 10),
		st.memmap << (PAGE_SHIFT - 10), st.reserved << (PAGE_SHIFT - 10),
		st.highmem_managed << (PAGE_SHIFT - 10));
	if (kmm_machine.layout == KMM_LAYOUT_X86_32) {
		pr_info("%luMB HIGHMEM available.\n", (max_pfn - max_low_pfn) >> (20 - PAGE_SHIFT));
		pr_info("%luMB LOWMEM available.\n", max_low_pfn >> (20 - PAGE_SHIFT));
	}
}

/**
 * mem_init - hand all free memory to the buddy allocator
 *
 * Context: boot, after the setup_arch hook.
 */
void mem_init(void)
{
	memblock_free_all();
	setup_per_zone_wmarks();
	setup_zone_pagesets();
	fast_zones_setup(true);
	print_memory_summary();
}

void mm_teardown(void)
{
	fast_zones_setup(false);
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		node_data[nid] = NULL;
	nodes_clear(&node_online_map);
	atomic_long_set(&_totalram_pages, 0);
	max_pfn = max_low_pfn = min_low_pfn = 0;
	sparse_teardown();
}

/* ---------------------------------------------------------------------------
 * Zonelists and topology
 * ------------------------------------------------------------------------- */

int node_distance(int from, int to)
{
	return from == to ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

/* Node of each CPU: CPUs split into as many consecutive groups as there are nodes. */
int kmm_cpu_node_map[NR_CPUS];

static void build_cpu_node_map(void)
{
	int nodes = num_online_nodes(), nid;
	int online[MAX_NUMNODES] = {0}, n = 0;

	for_each_online_node(nid)
		online[n++] = nid;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		kmm_cpu_node_map[cpu] = nodes <= 1 || cpu >= nr_cpu_ids
						? (n ? online[0] : 0)
						: online[cpu * (unsigned int)nodes / nr_cpu_ids];
}

/* Append @pgdat's populated zones, highest first. */
static int zonelist_add_node(struct zoneref *z, pg_data_t *pgdat)
{
	int n = 0;

	for (int idx = MAX_NR_ZONES - 1; idx >= 0; idx--) {
		struct zone *zone = &pgdat->node_zones[idx];

		if (!populated_zone(zone))
			continue;
		z[n].zone = zone;
		z[n].zone_idx = idx;
		n++;
	}
	return n;
}

/* Nodes by distance from @nid, the nearest first; ties go round from @nid. */
static int nodes_by_distance(int nid, int order[MAX_NUMNODES])
{
	int n = 0, node;

	for_each_online_node(node)
		order[n++] = node;
	for (int i = 1; i < n; i++) {
		for (int j = i; j > 0; j--) {
			int a = order[j - 1], b = order[j];
			int da = node_distance(nid, a), db = node_distance(nid, b);
			int ra = (a - nid + MAX_NUMNODES) % MAX_NUMNODES;
			int rb = (b - nid + MAX_NUMNODES) % MAX_NUMNODES;

			if (da < db || (da == db && ra <= rb))
				break;
			swap(order[j - 1], order[j]);
		}
	}
	return n;
}

/**
 * build_all_zonelists - order every node's fallback and this-node-only lists
 *
 * Context: boot.
 */
void build_all_zonelists(void)
{
	unsigned long present = 0;
	int nid;

	build_cpu_node_map();
	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);
		struct zoneref *z = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
		int order[MAX_NUMNODES], n = nodes_by_distance(nid, order), used = 0;

		for (int i = 0; i < n; i++)
			used += zonelist_add_node(z + used, NODE_DATA(order[i]));
		z[used].zone = NULL;
		z = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
		z[zonelist_add_node(z, pgdat)].zone = NULL;
		present += pgdat->node_present_pages;
	}
	pr_info("Built %d zonelists, mobility grouping off.  Total pages: %lu\n",
		num_online_nodes(), present);
}
