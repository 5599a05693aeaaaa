// SPDX-License-Identifier: MIT
/*
 * mm/debug.c - page dumps, flag names, bad-page reports and the buddy checker.
 *
 * Theory
 * ------
 * Reports follow the kernel's shapes so that people who read kernel logs
 * can read kmm's: dump_page() prints "page: refcount:… pfn:…", the flags by
 * name and the raw words; bad_page() wraps that in "BUG: Bad page state".
 *
 * buddy_check_invariants() is the page allocator's invariant checker.  Per
 * populated zone, under zone->lock:
 *   - every free-list entry is a PG_buddy head of the list's order, aligned,
 *     inside the zone, with refcount 0, and its buddy is not a free block of
 *     the same order (else they should have merged);
 *   - nr_free of each order matches its list, and the pages on all lists
 *     add up to NR_FREE_PAGES;
 *   - every per-CPU list entry is a PG_pcp head of its list's order, and the
 *     lists hold what pcp->count says;
 *   - walking the zone's pfns block by block, every page is reserved, inside
 *     a free block, on a per-CPU list, or inside an allocated block, and
 *     free + per-CPU + allocated == managed pages.
 * The walk reads every struct page of the zone: it is for tests and fuzzers,
 * called while no other thread allocates.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/vmstat.h>

#include "kernel/internal.h"
#include "mm/internal.h"

#include <string.h>

const char *const pageflag_names[__NR_PAGEFLAGS] = {
	[PG_locked] = "locked",
	[PG_writeback] = "writeback",
	[PG_referenced] = "referenced",
	[PG_uptodate] = "uptodate",
	[PG_dirty] = "dirty",
	[PG_lru] = "lru",
	[PG_head] = "head",
	[PG_waiters] = "waiters",
	[PG_active] = "active",
	[PG_workingset] = "workingset",
	[PG_owner_priv_1] = "owner_priv_1",
	[PG_arch_1] = "arch_1",
	[PG_reserved] = "reserved",
	[PG_private] = "private",
	[PG_private_2] = "private_2",
	[PG_reclaim] = "reclaim",
	[PG_swapbacked] = "swapbacked",
	[PG_unevictable] = "unevictable",
	[PG_mlocked] = "mlocked",
	[PG_buddy] = "buddy",
	[PG_slab] = "slab",
	[PG_pcp] = "pcp",
};

struct flag_name {
	gfp_t mask;
	const char *name;
};

/* Combinations first: a name is printed when all its bits are set. */
static const struct flag_name gfp_names[] = {
	{GFP_TRANSHUGE, "GFP_TRANSHUGE"},
	{GFP_TRANSHUGE_LIGHT, "GFP_TRANSHUGE_LIGHT"},
	{GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE"},
	{GFP_HIGHUSER, "GFP_HIGHUSER"},
	{GFP_USER, "GFP_USER"},
	{GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT"},
	{GFP_KERNEL, "GFP_KERNEL"},
	{GFP_NOFS, "GFP_NOFS"},
	{GFP_ATOMIC, "GFP_ATOMIC"},
	{GFP_NOIO, "GFP_NOIO"},
	{GFP_NOWAIT, "GFP_NOWAIT"},
	{GFP_DMA, "GFP_DMA"},
	{__GFP_HIGHMEM, "__GFP_HIGHMEM"},
	{GFP_DMA32, "GFP_DMA32"},
	{__GFP_HIGH, "__GFP_HIGH"},
	{__GFP_IO, "__GFP_IO"},
	{__GFP_FS, "__GFP_FS"},
	{__GFP_ZERO, "__GFP_ZERO"},
	{__GFP_COLD, "__GFP_COLD"},
	{__GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM"},
	{__GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM"},
	{__GFP_WRITE, "__GFP_WRITE"},
	{__GFP_NOWARN, "__GFP_NOWARN"},
	{__GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL"},
	{__GFP_NOFAIL, "__GFP_NOFAIL"},
	{__GFP_NORETRY, "__GFP_NORETRY"},
	{__GFP_COMP, "__GFP_COMP"},
	{__GFP_NOMEMALLOC, "__GFP_NOMEMALLOC"},
	{__GFP_MEMALLOC, "__GFP_MEMALLOC"},
	{__GFP_HARDWALL, "__GFP_HARDWALL"},
	{__GFP_THISNODE, "__GFP_THISNODE"},
	{__GFP_RECLAIMABLE, "__GFP_RECLAIMABLE"},
	{__GFP_MOVABLE, "__GFP_MOVABLE"},
	{__GFP_ACCOUNT, "__GFP_ACCOUNT"},
	{__GFP_ZEROTAGS, "__GFP_ZEROTAGS"},
	{__GFP_SKIP_ZERO, "__GFP_SKIP_ZERO"},
	{__GFP_SKIP_KASAN, "__GFP_SKIP_KASAN"},
	{__GFP_NOLOCKDEP, "__GFP_NOLOCKDEP"},
};

/* "GFP_KERNEL|__GFP_ZERO" for 0xdc0, as the kernel's %pGg. */
void format_gfp_flags(gfp_t gfp, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(gfp_names) && gfp; i++) {
		if ((gfp & gfp_names[i].mask) != gfp_names[i].mask)
			continue;
		used += (size_t)snprintf(buf + used, len - min(used, len), "%s%s", used ? "|" : "",
					 gfp_names[i].name);
		gfp &= ~gfp_names[i].mask;
	}
	if (gfp)
		snprintf(buf + used, len - min(used, len), "%s%#x", used ? "|" : "", gfp);
	else if (!used)
		snprintf(buf, len, "none");
}

/* "0-1,3" for a node mask. */
void format_nodemask(const nodemask_t *mask, char *buf, size_t len)
{
	size_t used = 0;
	int n = first_node(mask);

	buf[0] = '\0';
	while (n < MAX_NUMNODES) {
		int end = n;

		while (end + 1 < MAX_NUMNODES && node_isset(end + 1, mask))
			end++;
		used += (size_t)snprintf(buf + used, len - min(used, len),
					 end > n ? "%s%d-%d" : "%s%d", used ? "," : "", n, end);
		n = next_node(end, mask);
	}
}

static void format_page_flags(unsigned long flags, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < __NR_PAGEFLAGS; i++)
		if (flags & BIT(i))
			used += (size_t)snprintf(buf + used, len - min(used, len), "%s%s",
						 used ? "|" : "", pageflag_names[i]);
}

/**
 * dump_page - print a struct page as the kernel does
 * @page: the page
 * @reason: why, or NULL
 *
 * Context: any.
 */
void dump_page(const struct page *page, const char *reason)
{
	const unsigned long *raw = (const unsigned long *)page;
	char names[256];
	int order = page_alloc_order(page);

	pr_warn("page: refcount:%d mapcount:%d mapping:%016lx index:%#lx pfn:%#lx\n",
		page_ref_count(page), page_mapcount(page), (unsigned long)page->mapping,
		page->index, page_to_pfn(page));
	if (PageBuddy(page))
		pr_warn("free block of order %lu\n", page_private(page));
	else if (order >= 0)
		pr_warn("allocated block of order %d\n", order);
	format_page_flags(page->flags & ~KMM_PAGE_ORDER_MASK, names, sizeof(names));
	pr_warn("flags: %#lx(%s%snode=%d|zone=%d)\n", page->flags, names, names[0] ? "|" : "",
		page_to_nid(page), (int)page_zonenum(page));
	pr_warn("raw: %016lx %016lx %016lx %016lx\n", raw[0], raw[1], raw[2], raw[3]);
	pr_warn("raw: %016lx %016lx %016lx %016lx\n", raw[4], raw[5], raw[6], raw[7]);
	if (reason)
		pr_warn("page dumped because: %s\n", reason);
}

/**
 * bad_page - report a page in a state it must not be in
 * @page: the page
 * @reason: what is wrong
 *
 * Prints the kernel's "BUG: Bad page state" report and taints; the caller
 * decides whether the page can still be used or freed.
 * Context: any.
 */
void bad_page(const struct page *page, const char *reason)
{
	pr_alert("BUG: Bad page state in process %s  pfn:%05lx\n", current->comm,
		 page_to_pfn(page));
	dump_page(page, reason);
	pr_alert("Modules linked in:\n");
	dump_stack();
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
	report_count_inc();
}

/* ---------------------------------------------------------------------------
 * The buddy invariant checker
 * ------------------------------------------------------------------------- */

#define check(cond, ...)                                         \
	({                                                       \
		bool ok__ = (cond);                              \
		if (!ok__)                                       \
			pr_err("buddy invariant: " __VA_ARGS__); \
		!ok__;                                           \
	})

static int buddy_check_block(struct zone *zone, struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), nr = 1UL << order, bpfn = pfn ^ nr;
	int bad = 0;

	bad += check(PageBuddy(page) && page_private(page) == order,
		     "%s pfn %#lx on order-%u list is not a free head of that order\n", zone->name,
		     pfn, order);
	bad += check(IS_ALIGNED(pfn, nr), "%s pfn %#lx misaligned for order %u\n", zone->name, pfn,
		     order);
	bad += check(zone_spans_pfn(zone, pfn) && pfn + nr <= zone_end_pfn(zone) &&
			     page_zone(page) == zone,
		     "%s pfn %#lx order %u outside its zone\n", zone->name, pfn, order);
	bad += check(page_ref_count(page) == 0, "%s free pfn %#lx has refcount %d\n", zone->name,
		     pfn, page_ref_count(page));
	if (order < MAX_PAGE_ORDER && zone_spans_pfn(zone, bpfn) && pfn_valid(bpfn))
		bad += check(!page_is_buddy(pfn_to_page(bpfn), order),
			     "%s pfn %#lx and its buddy %#lx are both free at order %u\n",
			     zone->name, pfn, bpfn, order);
	return bad;
}

static int buddy_check_free_lists(struct zone *zone, unsigned long *free_pages)
{
	int bad = 0;

	*free_pages = 0;
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		struct free_area *area = &zone->free_area[order];
		unsigned long count = 0, limit = zone->spanned_pages + 1;
		struct page *page;

		list_for_each_entry(page, &area->free_list, buddy_list) {
			if (check(count < limit, "%s order-%u list loops\n", zone->name, order))
				return bad + 1;
			bad += buddy_check_block(zone, page, order);
			count++;
		}
		if (order == MAX_PAGE_ORDER) /* deferred blocks: counted, on no list */
			count += (zone->deferred_end_pfn - zone->deferred_pfn) >> MAX_PAGE_ORDER;
		bad += check(count == area->nr_free, "%s order %u: nr_free %lu, list has %lu\n",
			     zone->name, order, area->nr_free, count);
		*free_pages += count << order;
	}
	bad += check(*free_pages == zone_page_state(zone, NR_FREE_PAGES),
		     "%s: free lists hold %lu pages, NR_FREE_PAGES says %lu\n", zone->name,
		     *free_pages, zone_page_state(zone, NR_FREE_PAGES));
	return bad;
}

/* Walk the zone block by block; count free, allocated, reserved and per-CPU pages. */
static int buddy_walk_zone(struct zone *zone, unsigned long counts[4])
{
	unsigned long pfn = zone->zone_start_pfn, end = zone_end_pfn(zone), noinit_end;
	int bad = 0;

	counts[0] = counts[1] = counts[2] = counts[3] = 0;
	while (pfn < end) {
		struct page *page;
		int order;

		if (!pfn_valid(pfn)) {
			pfn = ALIGN(pfn + 1, PAGES_PER_SECTION);
			continue;
		}
		if (pfn == zone->deferred_pfn && pfn < zone->deferred_end_pfn) {
			counts[0] +=
				zone->deferred_end_pfn - pfn; /* free, struct pages not set up */
			pfn = zone->deferred_end_pfn;
			continue;
		}
		page = pfn_to_page(pfn);
		if (PageReserved(page)) {
			counts[2]++;
			pfn++;
		} else if (PageBuddy(page)) {
			counts[0] += 1UL << page_private(page);
			pfn += 1UL << page_private(page);
		} else if (PagePcp(page)) {
			counts[3] += 1UL << page_private(page);
			pfn += 1UL << page_private(page);
		} else if (page_ref_count(page) > 0 && (order = page_alloc_order(page)) >= 0) {
			counts[1] += 1UL << order;
			pfn += 1UL << order;
		} else if (memblock_noinit_pfn(pfn, &noinit_end)) {
			noinit_end = min(noinit_end, end); /* reserved, struct pages not set up */
			counts[2] += noinit_end - pfn;
			pfn = noinit_end;
		} else {
			bad += check(false, "%s pfn %#lx belongs to no block (refcount %d)\n",
				     zone->name, pfn, page_ref_count(page));
			pfn++;
		}
	}
	return bad;
}

/* Each CPU's lists: PG_pcp heads of the right order, as many pages as counted. */
static int buddy_check_pcp(struct zone *zone, unsigned long *pcp_pages)
{
	int bad = 0;

	*pcp_pages = 0;
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
		unsigned long n = 0;

		for (int order = 0; order < NR_PCP_ORDERS; order++) {
			struct page *page = pcp->hot[order];

			if (page) {
				bad += check(PagePcp(page) &&
						     page_private(page) == (unsigned long)order,
					     "%s cpu %u: hot order-%d pfn %#lx is not a pcp head\n",
					     zone->name, cpu, order, page_to_pfn(page));
				n += 1UL << order;
			}
			list_for_each_entry(page, &pcp->lists[order], pcp_list) {
				bad += check(PagePcp(page) &&
						     page_private(page) == (unsigned long)order,
					     "%s cpu %u: pfn %#lx on the order-%d pcp list is not "
					     "a pcp head\n",
					     zone->name, cpu, page_to_pfn(page), order);
				n += 1UL << order;
			}
		}
		bad += check(n == (unsigned long)pcp->count,
			     "%s cpu %u: pcp lists hold %lu, count %d\n", zone->name, cpu, n,
			     pcp->count);
		*pcp_pages += n;
	}
	return bad;
}

static int buddy_check_zone(struct zone *zone)
{
	unsigned long free_pages, pcp_pages, counts[4], allocated = zone_allocated_pages(zone);
	int bad = buddy_check_free_lists(zone, &free_pages) + buddy_check_pcp(zone, &pcp_pages);

	if (bad)
		return bad; /* a broken list makes the walk meaningless */
	bad += buddy_walk_zone(zone, counts);
	bad += check(counts[0] == free_pages, "%s: walk finds %lu free pages, lists %lu\n",
		     zone->name, counts[0], free_pages);
	bad += check(counts[3] == pcp_pages, "%s: walk finds %lu per-CPU pages, lists %lu\n",
		     zone->name, counts[3], pcp_pages);
	bad += check(counts[0] + counts[1] + counts[3] == zone_managed_pages(zone),
		     "%s: free %lu + allocated %lu + per-CPU %lu != managed %lu\n", zone->name,
		     counts[0], counts[1], counts[3], zone_managed_pages(zone));
	bad += check(counts[1] == allocated,
		     "%s: walk finds %lu allocated pages, counters say %lu\n", zone->name,
		     counts[1], allocated);
	return bad;
}

/**
 * buddy_check_invariants - check every zone's free lists and page accounting
 *
 * Context: process context; no concurrent allocations (the walk is not
 * atomic with respect to them).
 * Return: number of violations (each printed).
 */
int buddy_check_invariants(void)
{
	struct zone *zone;
	int bad = 0;

	if (!memblock_handed_over)
		return 0;
	for_each_populated_zone(zone) {
		unsigned long flags;

		/* every CPU's lists are read: hold the zone lock, and no CPU is allocating */
		spin_lock_irqsave(&zone->lock, flags);
		bad += buddy_check_zone(zone);
		spin_unlock_irqrestore(&zone->lock, flags);
	}
	return bad;
}

/**
 * zone_walk_allocated - call @fn for each allocated block of @zone
 * @zone: the zone
 * @fn: called with the block's head page and order; false stops the walk
 * @arg: for @fn
 *
 * Free blocks (on the buddy or per-CPU lists) are skipped whole, holes and
 * reserved pages one by one: O(blocks of the zone).
 * Context: reports and teardown; the caller holds zone->lock or nothing
 * allocates meanwhile.
 */
void zone_walk_allocated(struct zone *zone, bool (*fn)(struct page *head, int order, void *arg),
			 void *arg)
{
	unsigned long pfn, end = zone_end_pfn(zone);

	for (pfn = zone->zone_start_pfn; pfn < end; pfn++) {
		struct page *page;
		int order;

		if (pfn == zone->deferred_pfn && pfn < zone->deferred_end_pfn)
			pfn = zone->deferred_end_pfn; /* free, struct pages not set up */
		if (pfn >= end || !pfn_valid(pfn) || PageReserved(page = pfn_to_page(pfn)))
			continue;
		if (PageBuddy(page) || PagePcp(page)) {
			pfn += (1UL << page_private(page)) - 1;
			continue;
		}
		order = page_alloc_order(page);
		if (order < 0)
			continue;
		if (!fn(page, order, arg))
			return;
		pfn += (1UL << order) - 1;
	}
}

static bool leak_report_block(struct page *page, int order, void *shown)
{
	struct zone *zone = page_zone(page);

	if (page_ref_count(page) <= 0)
		return true;
	pr_err("kmm: leaked: pfn %#lx order %d (%s, node %d) refcount %d\n", page_to_pfn(page),
	       order, zone->name, zone->node, page_ref_count(page));
	return ++*(unsigned long *)shown < 16;
}

/**
 * buddy_leak_report - list blocks still allocated (at shutdown)
 *
 * Context: process context, no concurrent allocations.
 * Return: the number of pages still allocated.
 */
unsigned long buddy_leak_report(void)
{
	unsigned long total = 0, shown = 0;
	struct zone *zone;

	for_each_populated_zone(zone) {
		total += zone_allocated_pages(zone);
		if (shown < 16)
			zone_walk_allocated(zone, leak_report_block, &shown);
	}
	if (total)
		pr_err("kmm: %lu pages still allocated at shutdown%s\n", total,
		       shown == 16 ? " (first 16 blocks listed)" : "");
	return total;
}
