/* SPDX-License-Identifier: MIT */
/*
 * <linux/mmzone.h> - nodes (pg_data_t), zones and their buddy free areas.
 *
 * The machine's RAM is split into NUMA nodes; each node into zones by what
 * the memory can be used for:
 *
 *   layout x86_32 (the seeds'):   DMA [0, 16M)  Normal [16M, 896M)  HighMem [896M, end)
 *   layout x86_64:                DMA [0, 16M)  DMA32 [16M, 4G)     Normal [4G, end)
 *
 * Only lowmem (DMA, DMA32, Normal) is in the direct map.  Each zone keeps its
 * free pages in buddy free lists, one per order 0..MAX_PAGE_ORDER.
 */
#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H

#include <asm/page.h>
#include <linux/atomic.h>
#include <linux/cache.h>
#include <linux/gfp_types.h>
#include <linux/list.h>
#include <linux/numa.h>
#include <linux/nodemask.h>
#include <linux/spinlock_types.h>
#include <linux/threads.h>
#include <linux/types.h>

/* The largest buddy block is 2^MAX_PAGE_ORDER pages (4 MiB). */
#define MAX_PAGE_ORDER 10
/* Orders run 0..MAX_ORDER inclusive (the kernel's meaning from 6.4 on). */
#define MAX_ORDER MAX_PAGE_ORDER
#define NR_PAGE_ORDERS (MAX_PAGE_ORDER + 1)
#define MAX_ORDER_NR_PAGES (1UL << MAX_PAGE_ORDER)

/*
 * Memory sections: the unit in which struct page arrays exist.  A section is
 * 4 MiB, the size of the largest buddy block, so a block and its buddy always
 * share a section, and zone and node boundaries fall on section boundaries.
 */
#define SECTION_SIZE_BITS 22
#define PFN_SECTION_SHIFT (SECTION_SIZE_BITS - PAGE_SHIFT)
#define PAGES_PER_SECTION (1UL << PFN_SECTION_SHIFT)

enum zone_type { ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, ZONE_HIGHMEM, __MAX_NR_ZONES };
#define MAX_NR_ZONES __MAX_NR_ZONES

enum migratetype { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE, MIGRATE_TYPES };

enum zone_stat_item {
	NR_FREE_PAGES,
	NR_ZONE_ALLOCATED, /* pages handed out by the buddy allocator */
	NR_VM_ZONE_STAT_ITEMS
};

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

#define min_wmark_pages(z) ((z)->_watermark[WMARK_MIN])
#define low_wmark_pages(z) ((z)->_watermark[WMARK_LOW])
#define high_wmark_pages(z) ((z)->_watermark[WMARK_HIGH])
#define wmark_pages(z, i) ((z)->_watermark[i])

/* NUMA placement counters, per zone (counted per CPU, summed when read). */
enum numa_stat_item {
	NUMA_HIT,	     /* allocated on the node it was meant for */
	NUMA_MISS,	     /* allocated here although another node was preferred */
	NUMA_FOREIGN,	     /* meant for this node, allocated elsewhere */
	NUMA_INTERLEAVE_HIT, /* interleave policy got the node it wanted */
	NUMA_LOCAL,	     /* allocated on the node of the allocating CPU */
	NUMA_OTHER,	     /* allocated on another node than the CPU's */
	NR_VM_NUMA_EVENT_ITEMS
};

/*
 * Counters with one writer at a time (the zone lock holder, the CPU holder)
 * that other threads read without the lock: a relaxed load and store, not
 * a read-modify-write, so readers see whole values and TSan sees no race.
 */
#define kmm_counter_add(var, delta)                                                             \
	do {                                                                                    \
		__typeof__(&(var)) __kmm_c = &(var);                                            \
		__atomic_store_n(__kmm_c, __atomic_load_n(__kmm_c, __ATOMIC_RELAXED) + (delta), \
				 __ATOMIC_RELAXED);                                             \
	} while (0)
#define kmm_counter_read(var) __atomic_load_n(&(var), __ATOMIC_RELAXED)

/* The gentlest reclaim priority; reclaim works down from it to 0. */
#define DEF_PRIORITY 12

/* Orders cached in the per-CPU page lists (0..PAGE_ALLOC_COSTLY_ORDER). */
#define PAGE_ALLOC_COSTLY_ORDER 3
#define NR_PCP_ORDERS (PAGE_ALLOC_COSTLY_ORDER + 1)

/*
 * struct per_cpu_pages - a zone's cache of free pages for one CPU.
 *
 * Only the task holding the CPU touches it (see kernel/sched.c); a remote
 * drain runs on that CPU.  Pages here count as free (NR_FREE_PAGES) but are
 * not on the buddy free lists.  Each list is hot (recently freed) at its head.
 */
struct per_cpu_pages {
	int count;			 /* pages on all lists */
	int high;			 /* give pages back to the buddy allocator above this */
	int batch;			 /* pages moved to or from the buddy allocator at a time */
	int free_count;			 /* pages freed here lately (halved at each allocation) */
	struct page *hot[NR_PCP_ORDERS]; /* the block freed last, taken first (not on a list) */
	struct list_head lists[NR_PCP_ORDERS];
	/*
	 * Pages of this zone this CPU handed out and took back: the zone's
	 * pgalloc_* and pgfree events, and (their difference) its allocated
	 * pages.  hit[0]/hit[1] count fast-path allocations from the preferred
	 * zone on the CPU's own node / another node: numa_hit plus local_node
	 * or other_node, one counter instead of two.
	 */
	unsigned long pgalloc, pgfree;
	unsigned long hit[2];
	unsigned long numa_event[NR_VM_NUMA_EVENT_ITEMS];
} ____cacheline_aligned;

struct free_area {
	struct list_head free_list; /* heads of free blocks of this order */
	unsigned long nr_free;	    /* blocks on free_list */
};

struct pglist_data;

/*
 * struct zone - one zone of one node.
 *
 * Fields above @lock are set at boot and read-only afterwards, except
 * managed_pages.  @free_area and @vm_stat[NR_FREE_PAGES] change only under
 * @lock; vm_stat may be read without it.
 */
struct zone {
	unsigned long _watermark[NR_WMARK];
	long lowmem_reserve[MAX_NR_ZONES];
	int node;
	int kmm_idx; /* zone_idx(), kept for the allocation fast path */
	struct pglist_data *zone_pgdat;
	unsigned long zone_start_pfn;
	unsigned long spanned_pages; /* zone_end_pfn - zone_start_pfn, holes included */
	unsigned long present_pages; /* RAM pages in the span */
	atomic_long_t managed_pages; /* pages given to the buddy allocator */
	const char *name;

	struct per_cpu_pages *per_cpu_pageset; /* [nr_cpu_ids], from memblock at boot */

	spinlock_t lock; /* protects free_area and the deferred range */
	struct free_area free_area[NR_PAGE_ORDERS];
	/*
	 * [deferred_pfn, deferred_end_pfn): free MAX_PAGE_ORDER blocks whose
	 * struct pages are not set up yet - counted in free_area[MAX_PAGE_ORDER]
	 * and NR_FREE_PAGES, on no list; the allocator takes them one at a time
	 * when that list runs dry (mm/page_alloc.c, "Deferred struct pages").
	 */
	unsigned long deferred_pfn, deferred_end_pfn;

	atomic_long_t vm_stat[NR_VM_ZONE_STAT_ITEMS];
};

#define MAX_ZONES_PER_ZONELIST (MAX_NUMNODES * MAX_NR_ZONES)

struct zoneref {
	struct zone *zone; /* NULL ends the list */
	int zone_idx;
};

/* Zones to try, in order: the preferred node's, highest first, then other nodes'. */
struct zonelist {
	struct zoneref _zonerefs[MAX_ZONES_PER_ZONELIST + 1];
};

enum {
	ZONELIST_FALLBACK,   /* every node, nearest first */
	ZONELIST_NOFALLBACK, /* this node only (__GFP_THISNODE) */
	MAX_ZONELISTS
};

/*
 * pg_data_t - one NUMA node.  It lives in the node's own memory (allocated
 * from memblock at boot), as in the kernel.
 */
typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct zonelist node_zonelists[MAX_ZONELISTS];
	int nr_zones; /* highest populated zone index + 1 */
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;

	/* kswapd (mm/vmscan.c): fields written by wakers use atomics */
	void *kswapd;		    /* its host thread; NULL when not running */
	int kswapd_wait;	    /* futex word, bumped to wake kswapd */
	int kswapd_order;	    /* largest order wanted since it last slept */
	int kswapd_highest_zoneidx; /* highest zone wanted since it last slept */
	int kswapd_failures;	    /* balancing passes that reclaimed nothing */
	bool kswapd_should_stop;    /* set at shutdown */
	int kswapd_sleeping;	    /* 0 working, 1 napping after a balance, 2 asleep until woken */
} pg_data_t;

extern struct pglist_data *node_data[MAX_NUMNODES];
#define NODE_DATA(nid) (node_data[nid])

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return zone->zone_start_pfn <= pfn && pfn < zone_end_pfn(zone);
}

static inline unsigned long zone_managed_pages(const struct zone *zone)
{
	return (unsigned long)atomic_long_read(&zone->managed_pages);
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}

static inline bool managed_zone(const struct zone *zone)
{
	return zone_managed_pages(zone) != 0;
}

static inline int zone_to_nid(const struct zone *zone)
{
	return zone->node;
}

#define zone_idx(zone) ((int)((zone) - (zone)->zone_pgdat->node_zones))

static inline bool is_highmem_idx(enum zone_type idx)
{
	return idx == ZONE_HIGHMEM;
}

static inline bool is_highmem(const struct zone *zone)
{
	return zone_idx(zone) == ZONE_HIGHMEM;
}

static inline unsigned long pgdat_end_pfn(const pg_data_t *pgdat)
{
	return pgdat->node_start_pfn + pgdat->node_spanned_pages;
}

static inline struct zonelist *node_zonelist(int nid, gfp_t flags)
{
	return NODE_DATA(nid)->node_zonelists +
	       ((flags & __GFP_THISNODE) ? ZONELIST_NOFALLBACK : 0);
}

static inline unsigned long zone_page_state(const struct zone *zone, enum zone_stat_item item)
{
	long x = atomic_long_read(&zone->vm_stat[item]);

	return x < 0 ? 0 : (unsigned long)x;
}

/* Walk every zone of every online node (populated or not). */
#define for_each_zone(zone)                                                                        \
	for (int nid__ = first_online_node; nid__ < MAX_NUMNODES; nid__ = next_online_node(nid__)) \
		for (zone = NODE_DATA(nid__)->node_zones;                                          \
		     zone < NODE_DATA(nid__)->node_zones + MAX_NR_ZONES; zone++)

#define for_each_populated_zone(zone)      \
	for_each_zone(zone)                \
		if (!populated_zone(zone)) \
			;                  \
		else

extern const char *const zone_names[MAX_NR_ZONES];

/**
 * zone_watermark_ok - may an allocation take pages from this zone?
 * @z: the zone
 * @order: the allocation's order
 * @mark: the watermark to respect (in pages)
 * @highest_zoneidx: the highest zone the allocation could use (for lowmem_reserve)
 * @alloc_flags: ALLOC_* flags (mm/internal.h); 0 for a plain check
 *
 * Context: any; reads counters without locks.
 * Return: true if free pages stay above @mark plus the reserve after taking 2^@order.
 */
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark, int highest_zoneidx,
		       unsigned int alloc_flags);

/* Give every CPU's cached pages of @zone (all zones if NULL) back to the buddy allocator. */
void drain_all_pages(struct zone *zone);

#endif /* _LINUX_MMZONE_H */
