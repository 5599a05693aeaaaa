// SPDX-License-Identifier: MIT
/*
 * mm/page_alloc.c - the buddy page allocator.
 *
 * Theory
 * ------
 * 1. Free areas.  Each zone keeps free memory as naturally aligned blocks of
 *    2^order pages, order 0..MAX_PAGE_ORDER, one free list per order.  The
 *    head page of a free block has PG_buddy set and its order in
 *    page->private; the other pages of the block are untouched (all-zero
 *    struct pages).  Invariant: a free block's buddy (pfn ^ (1 << order)) is
 *    never a free block of the same order - they would have been merged.
 *
 * 2. Allocation.  __alloc_pages() walks the zonelist of the preferred node
 *    (that node's zones, highest first, then the other nodes' by distance),
 *    skipping zones above the highest one the GFP zone modifiers allow.  In a
 *    zone, the smallest free block of at least the requested order is taken
 *    and split: the upper halves go back on the lower free lists ("expand").
 *
 * 3. Free.  The block is put back and merged with its buddy while the buddy
 *    is a free block of the same order, up to MAX_PAGE_ORDER.
 *
 * 4. Page states (head page of a block):
 *
 *      state        PG_buddy  _refcount  order record   where
 *      free            1         0          -           zone free list
 *      allocated       0        >=1       order        the caller
 *      reserved     PG_reserved  0          -           never in the allocator
 *
 *    kmm records the order of every allocated block in the head page (the
 *    kernel does not), so frees with the wrong order, of a page in the middle
 *    of a block, or of a free page are reported ("BUG: Bad page state") and
 *    refused or repaired without corrupting the free lists.
 *
 * 5. Per-CPU page lists.  Blocks of order 0..PAGE_ALLOC_COSTLY_ORDER are
 *    cached per zone and per CPU (struct per_cpu_pages): an allocation pops
 *    the hot end of the list with interrupts "disabled" - which in kmm means
 *    holding a virtual CPU, so no other thread touches that CPU's lists - and
 *    refills it with @batch pages from the buddy lists when empty; a free
 *    pushes onto it and gives @batch of the coldest pages back above @high.
 *    The hottest block of each order sits in a slot of its own (pcp->hot),
 *    so a free followed by an allocation touches no list at all.
 *    Pages on these lists are PG_pcp heads: free, but not in NR_FREE_PAGES
 *    (as in the kernel), never merged.  drain_all_pages() runs on each CPU
 *    in turn (kmm_run_on_cpu()) and empties its lists.
 *
 * 6. Policy (the slow path, page_alloc_slow.c): watermarks decide who may
 *    take the last pages of a zone; sleeping allocations wake kswapd,
 *    reclaim, retry and finally wait for pages to be freed.
 *
 * 7. Locking.  zone->lock (a spinlock, taken irqsave) protects the zone's
 *    free lists and NR_FREE_PAGES; a CPU's per_cpu_pages are protected by
 *    holding that CPU.  Order: CPU held -> zone->lock; nothing is taken under
 *    zone->lock.  __foo() helpers expect the lock held.
 *
 * 8. The fast path.  alloc_pages() of a small order with no nodemask, no
 *    __GFP_THISNODE and no memory policy goes to one zone, known in advance:
 *    fast_zone[node][highest zone] is the first zone the full walk would
 *    try (filled at boot from the zonelists).  If that zone is above its low
 *    watermark and this CPU's list has a block, the block is popped and
 *    that is all - the same outcome as the full walk, without the walk.
 *    Anything else (empty list, low memory, odd flags) takes the full path.
 *    __free_pages() of a small block with one reference pushes it on the
 *    CPU's list the same way.  Entering a CPU costs two plain stores and a
 *    load when the thread still owns its CPU (kernel/sched.c, sticky CPUs).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/vmstat.h>

#include <kmm/kmm.h>
#include <kmm/sched.h>

#include "arch/host/host.h"
#include "kernel/internal.h"
#include "mm/internal.h"

#include <string.h>

bool memblock_handed_over;

/* fast_zone[nid][zone index]: the zone an ordinary allocation tries first (8. above). */
static struct zone *fast_zone[MAX_NUMNODES][MAX_NR_ZONES];

/* ---------------------------------------------------------------------------
 * Free lists
 * ------------------------------------------------------------------------- */

void zone_init_free_lists(struct zone *zone)
{
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		INIT_LIST_HEAD(&zone->free_area[order].free_list);
		zone->free_area[order].nr_free = 0;
	}
	zone->deferred_pfn = zone->deferred_end_pfn = 0;
}

static inline void buddy_set_order(struct page *page, unsigned int order)
{
	set_page_private(page, order);
	__SetPageBuddy(page);
}

static inline void add_to_free_list(struct page *page, struct zone *zone, unsigned int order)
{
	buddy_set_order(page, order);
	list_add(&page->buddy_list, &zone->free_area[order].free_list);
	kmm_counter_add(zone->free_area[order].nr_free, 1UL);
}

static inline void del_page_from_free_list(struct page *page, struct zone *zone, unsigned int order)
{
	list_del(&page->buddy_list);
	page->buddy_list.next = page->buddy_list.prev = NULL;
	__ClearPageBuddy(page);
	set_page_private(page, 0);
	kmm_counter_add(zone->free_area[order].nr_free, -1UL);
}

/*
 * Put a block on the free lists, merging it with its buddy as far as it goes.
 * Zone boundaries are section-aligned and a section is a MAX_PAGE_ORDER
 * block, so a buddy always has a struct page in the same zone.
 */
static void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
			    unsigned int order)
{
	unsigned long nr = 1UL << order;

	lockdep_assert_held(&zone->lock);
	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy = page + (buddy_pfn - pfn);

		if (!page_is_buddy(buddy, order))
			break;
		del_page_from_free_list(buddy, zone, order);
		pfn &= buddy_pfn;
		page = pfn_to_page(pfn);
		order++;
	}
	add_to_free_list(page, zone, order);
	__mod_zone_page_state(zone, NR_FREE_PAGES, (long)nr);
}

/* Split a 2^high block at @page, keeping the first 2^low pages. */
static void expand(struct zone *zone, struct page *page, unsigned int low, unsigned int high)
{
	while (high > low) {
		high--;
		add_to_free_list(page + (1UL << high), zone, high);
	}
}

/* ---------------------------------------------------------------------------
 * Deferred struct pages
 *
 * The kernel's CONFIG_DEFERRED_STRUCT_PAGE_INIT, done on demand only: at
 * boot, the free MAX_PAGE_ORDER blocks of a zone's first contiguous run
 * are counted free (free_area[MAX_PAGE_ORDER].nr_free, NR_FREE_PAGES) but
 * their head struct pages are not written - a block's head is one page of
 * the memory map per 4 MiB of RAM, so a 4 GiB machine would otherwise
 * fault in 4 MiB of struct pages that it may never use.  When the
 * MAX_PAGE_ORDER list runs dry, the next deferred block becomes a real
 * free block.  A deferred block never merges with anything: merging stops
 * at MAX_PAGE_ORDER.  Walks of the memory map skip the range
 * (mm/debug.c).  Unlike the kernel, nothing finishes the work in the
 * background: a block is set up when it is first needed.
 * ------------------------------------------------------------------------- */

/* Count free MAX_PAGE_ORDER block @pfn as deferred if it extends the range (boot, zone->lock). */
static bool zone_defer_block(struct zone *zone, unsigned long pfn)
{
	lockdep_assert_held(&zone->lock);
	if (zone->deferred_pfn == zone->deferred_end_pfn)
		zone->deferred_pfn = zone->deferred_end_pfn = pfn;
	if (pfn != zone->deferred_end_pfn)
		return false;
	zone->deferred_end_pfn += 1UL << MAX_PAGE_ORDER;
	kmm_counter_add(zone->free_area[MAX_PAGE_ORDER].nr_free, 1UL);
	__mod_zone_page_state(zone, NR_FREE_PAGES, 1L << MAX_PAGE_ORDER);
	return true;
}

/* Make the next deferred block a listed free block; false if none is left (zone->lock). */
static bool zone_grow_deferred(struct zone *zone)
{
	struct page *page;

	lockdep_assert_held(&zone->lock);
	if (zone->deferred_pfn == zone->deferred_end_pfn)
		return false;
	page = pfn_to_page(zone->deferred_pfn);
	zone->deferred_pfn += 1UL << MAX_PAGE_ORDER;
	buddy_set_order(page, MAX_PAGE_ORDER); /* already counted in nr_free */
	list_add(&page->buddy_list, &zone->free_area[MAX_PAGE_ORDER].free_list);
	return true;
}

static struct page *__rmqueue_smallest(struct zone *zone, unsigned int order)
{
	for (unsigned int cur = order; cur < NR_PAGE_ORDERS; cur++) {
		struct free_area *area = &zone->free_area[cur];
		struct page *page;

		if (list_empty(&area->free_list) &&
		    !(cur == MAX_PAGE_ORDER && zone_grow_deferred(zone)))
			continue;
		page = list_first_entry(&area->free_list, struct page, buddy_list);
		del_page_from_free_list(page, zone, cur);
		expand(zone, page, order, cur);
		__mod_zone_page_state(zone, NR_FREE_PAGES, -(long)(1UL << order));
		return page;
	}
	return NULL;
}

/* Move up to @count blocks of @order from the buddy lists to @list (zone->lock held). */
static int rmqueue_bulk(struct zone *zone, unsigned int order, int count, struct list_head *list)
{
	int i;

	lockdep_assert_held(&zone->lock);
	for (i = 0; i < count; i++) {
		struct page *page = __rmqueue_smallest(zone, order);

		if (!page)
			break;
		set_page_private(page, order);
		__SetPagePcp(page);
		list_add_tail(&page->pcp_list, list);
	}
	return i;
}

static struct per_cpu_pages *this_cpu_pcp(struct zone *zone)
{
	return &zone->per_cpu_pageset[raw_smp_processor_id()];
}

/*
 * A CPU's cache of order-@order blocks is its hot slot (the block freed
 * last, which comes back first: no list to touch for the commonest case, a
 * free followed by an allocation) and then the list, hot end first.
 */
static __always_inline struct page *pcp_unlink(struct per_cpu_pages *pcp, unsigned int order,
					       bool cold)
{
	struct list_head *list = &pcp->lists[order];
	struct page *page = pcp->hot[order];

	if (page && (!cold || list_empty(list))) {
		pcp->hot[order] = NULL;
	} else if (!list_empty(list)) {
		page = cold ? list_last_entry(list, struct page, pcp_list)
			    : list_first_entry(list, struct page, pcp_list);
		list_del(&page->pcp_list);
	} else {
		return NULL;
	}
	__ClearPagePcp(page);
	set_page_private(page, 0);
	kmm_counter_add(pcp->count, -(1 << order));
	return page;
}

static __always_inline void pcp_link(struct per_cpu_pages *pcp, struct page *page,
				     unsigned int order, bool cold)
{
	struct page *old;

	set_page_private(page, order);
	__SetPagePcp(page);
	if (cold) {
		list_add_tail(&page->pcp_list, &pcp->lists[order]);
	} else {
		old = pcp->hot[order];
		pcp->hot[order] = page;
		if (old)
			list_add(&old->pcp_list, &pcp->lists[order]);
	}
	kmm_counter_add(pcp->count, 1 << order);
}

/* Take a block of @order from this CPU's cache, refilling it if empty (CPU held). */
static struct page *pcp_take(struct zone *zone, struct per_cpu_pages *pcp, unsigned int order,
			     gfp_t gfp)
{
	struct page *page = pcp_unlink(pcp, order, gfp & __GFP_COLD);
	int want = max(pcp->batch >> order, 1), got;

	pcp->free_count >>= 1; /* this CPU allocates too: see pcp_high() */
	if (page)
		return page;
	spin_lock(&zone->lock);
	got = rmqueue_bulk(zone, order, want, &pcp->lists[order]);
	spin_unlock(&zone->lock);
	if (!got)
		return NULL;
	kmm_counter_add(pcp->count, got << order);
	return pcp_unlink(pcp, order, gfp & __GFP_COLD);
}

static void zone_statistics(struct per_cpu_pages *pcp, struct zone *preferred, struct zone *z)
{
	int local = cpu_to_node(raw_smp_processor_id());
	unsigned long *ev = pcp->numa_event;

	if (z->node == preferred->node) {
		kmm_counter_add(ev[NUMA_HIT], 1UL);
	} else {
		kmm_counter_add(ev[NUMA_MISS], 1UL);
		kmm_counter_add(this_cpu_pcp(preferred)->numa_event[NUMA_FOREIGN], 1UL);
	}
	kmm_counter_add(ev[z->node == local ? NUMA_LOCAL : NUMA_OTHER], 1UL);
}

/* Take a block from @zone: through the per-CPU list for small orders. */
static struct page *rmqueue(struct zone *preferred, struct zone *zone, unsigned int order,
			    gfp_t gfp)
{
	struct per_cpu_pages *pcp;
	unsigned long flags;
	struct page *page;

	local_irq_save(flags);
	pcp = this_cpu_pcp(zone);
	if (order <= PAGE_ALLOC_COSTLY_ORDER) {
		page = pcp_take(zone, pcp, order, gfp);
	} else {
		spin_lock(&zone->lock);
		page = __rmqueue_smallest(zone, order);
		spin_unlock(&zone->lock);
	}
	if (page) {
		kmm_counter_add(pcp->pgalloc, 1UL << order);
		zone_statistics(pcp, preferred, zone);
	}
	local_irq_restore(flags);
	return page;
}

/**
 * __free_pages_core - give a block of boot memory to the buddy allocator
 * @page: first page of the block
 * @order: its order (the block is naturally aligned)
 *
 * A MAX_PAGE_ORDER block that extends the zone's deferred range is only
 * counted, its struct page left alone ("Deferred struct pages" above).
 *
 * Context: boot, from memblock_free_all().
 */
void __free_pages_core(struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(page);
	unsigned long flags;

	atomic_long_add(1L << order, &zone->managed_pages);
	atomic_long_add(1L << order, &_totalram_pages);
	spin_lock_irqsave(&zone->lock, flags);
	if (order != MAX_PAGE_ORDER || !zone_defer_block(zone, page_to_pfn(page)))
		__free_one_page(page, page_to_pfn(page), zone, order);
	spin_unlock_irqrestore(&zone->lock, flags);
}

/* ---------------------------------------------------------------------------
 * Allocation
 * ------------------------------------------------------------------------- */

/*
 * The flags word of an allocated page may be read by a thread freeing its
 * buddy (under the zone lock, not ours): single relaxed accesses keep that
 * well defined.  The owner is the only writer.
 */
static inline void page_set_alloc_order(struct page *page, int order)
{
	unsigned long flags = __atomic_load_n(&page->flags, __ATOMIC_RELAXED);

	flags = (flags & ~KMM_PAGE_ORDER_MASK) |
		((unsigned long)(order + 1) << KMM_PAGE_ORDER_SHIFT);
	__atomic_store_n(&page->flags, flags, __ATOMIC_RELAXED);
}

/* Order recorded for an allocated block's head page, or -1. */
int page_alloc_order(const struct page *page)
{
	unsigned long flags = __atomic_load_n(&page->flags, __ATOMIC_RELAXED);

	return (int)((flags & KMM_PAGE_ORDER_MASK) >> KMM_PAGE_ORDER_SHIFT) - 1;
}

/**
 * gfp_zone - the highest zone an allocation may use
 * @flags: GFP flags
 *
 * Two zone modifiers at once is a caller bug: reported, and ZONE_DMA used.
 * Context: any.
 * Return: the zone index.
 */
enum zone_type gfp_zone(gfp_t flags)
{
	gfp_t z = flags & (__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM);
	bool x86_64 = kmm_machine.layout == KMM_LAYOUT_X86_64;

	if (z & (z - 1)) {
		WARN_ONCE(1, "gfp_zone: conflicting zone modifiers %#x\n", z);
		return ZONE_DMA;
	}
	if (z == __GFP_DMA)
		return ZONE_DMA;
	if (z == __GFP_DMA32)
		return x86_64 ? ZONE_DMA32 : ZONE_NORMAL;
	if (z == __GFP_HIGHMEM)
		return x86_64 ? ZONE_NORMAL : ZONE_HIGHMEM;
	return ZONE_NORMAL;
}

static void prep_compound_page(struct page *page, unsigned int order)
{
	unsigned long nr = 1UL << order;

	__SetPageHead(page);
	for (unsigned long i = 1; i < nr; i++)
		WRITE_ONCE(page[i].compound_head, (unsigned long)page + 1);
	page[1].compound_order = (unsigned char)order;
}

/* Zero @bytes of pages from @page on by giving their host memory back. */
static void discard_pages(struct page *page, size_t bytes)
{
	if (host_physmem_discard(kmm_physmem_fd, page_to_phys(page), bytes))
		BUG(); /* the host refused to drop pages of its own file */
}

/* Zero @nr pages from @page on (one zone), whether or not they have a kernel address. */
static void clear_pages(struct page *page, unsigned long nr)
{
	size_t bytes = nr << PAGE_SHIFT;

	if (!PageHighMem(page))
		memset(page_address(page), 0, bytes);
	else
		discard_pages(page, bytes);
}

static void clear_block(struct page *page, unsigned int order)
{
	clear_pages(page, 1UL << order);
}

/**
 * kmm_pages_zero_discard - zero whole pages of the direct map without touching them
 * @addr: page-aligned start (lowmem)
 * @len: bytes, a multiple of PAGE_SIZE
 *
 * Their host memory goes back (a hole in the RAM file reads as zeroes), so
 * parts that are never written afterwards cost the host nothing.  A system
 * call: for big, sparsely used blocks, not for what will be written soon.
 * Context: any; the pages must be the caller's.
 */
void kmm_pages_zero_discard(void *addr, size_t len)
{
	struct page *page = virt_to_page(addr);

	if (WARN_ON(((uintptr_t)addr | len) & (PAGE_SIZE - 1) || PageHighMem(page)))
		return;
	discard_pages(page, len);
}

static __always_inline void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	set_page_count(page, 1);
	page_set_alloc_order(page, (int)order);
	if (gfp & __GFP_ZERO)
		clear_block(page, order);
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(page, order);
}

struct page *get_page_from_freelist(gfp_t gfp, unsigned int order, unsigned int alloc_flags,
				    const struct alloc_context *ac)
{
	for (struct zoneref *z = ac->zonelist->_zonerefs; z->zone; z++) {
		struct zone *zone = z->zone;
		struct page *page;

		if (z->zone_idx > ac->highest_zoneidx)
			continue;
		if (ac->nodemask && !node_isset(zone->node, ac->nodemask))
			continue;
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_ok(zone, order,
				       wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK),
				       ac->highest_zoneidx, alloc_flags))
			continue;
		page = rmqueue(ac->preferred_zone, zone, order, gfp);
		if (page) {
			prep_new_page(page, order, gfp);
			return page;
		}
	}
	return NULL;
}

void warn_alloc(gfp_t gfp, const nodemask_t *nodemask, unsigned int order)
{
	char flags[256], nodes[64] = "(null)";

	count_vm_event(PGALLOC_FAIL_EVENT);
	if (gfp & __GFP_NOWARN)
		return;
	format_gfp_flags(gfp, flags, sizeof(flags));
	if (nodemask)
		format_nodemask(nodemask, nodes, sizeof(nodes));
	printk_report_lock();
	pr_warn("%s: page allocation failure: order:%u, mode:%#x(%s), nodemask=%s\n", current->comm,
		order, gfp, flags, nodes);
	dump_stack();
	show_mem();
	printk_report_unlock();
}

/* First zone of the zonelist the allocation may use: where it "should" land. */
static struct zone *first_usable_zone(const struct alloc_context *ac)
{
	for (struct zoneref *z = ac->zonelist->_zonerefs; z->zone; z++)
		if (z->zone_idx <= ac->highest_zoneidx &&
		    (!ac->nodemask || node_isset(z->zone->node, ac->nodemask)))
			return z->zone;
	return NULL;
}

/* ---------------------------------------------------------------------------
 * The fast path (see 8. above)
 * ------------------------------------------------------------------------- */

/**
 * fast_zones_setup - fill in fast_zone[][] from the zonelists
 * @on: false to forget every zone (shutdown)
 *
 * Context: boot or shutdown.
 */
void fast_zones_setup(bool on)
{
	memset(fast_zone, 0, sizeof(fast_zone));
	for (int nid = 0; on && nid < MAX_NUMNODES; nid++) {
		if (!node_online(nid) || !NODE_DATA(nid))
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct alloc_context ac = {
				.zonelist = node_zonelist(nid, 0),
				.highest_zoneidx = z,
			};

			fast_zone[nid][z] = first_usable_zone(&ac);
		}
	}
}

/* gfp_zone() for the plain cases: -1 when the zone modifiers need the full path. */
static __always_inline int fast_gfp_zone(gfp_t gfp)
{
	gfp_t z = gfp & (__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM | __GFP_THISNODE);

	if (likely(!z))
		return ZONE_NORMAL;
	return z == __GFP_HIGHMEM ? (int)gfp_zone(gfp) : -1;
}

/* Above the low watermark for this allocation, as __zone_watermark_ok() decides. */
static __always_inline bool fast_watermark_ok(struct zone *zone, unsigned int order, int zidx)
{
	long free = (long)zone_page_state(zone, NR_FREE_PAGES) - ((1L << order) - 1);

	if (order)
		return zone_watermark_ok(zone, order, low_wmark_pages(zone), zidx, ALLOC_WMARK_LOW);
	return free > (long)(low_wmark_pages(zone) + zone->lowmem_reserve[zidx]);
}

/* Pop a block off the list of @t's CPU; NULL if the full path must decide.  On the CPU. */
static __always_inline struct page *pcp_pop(struct task_struct *t, struct zone *zone,
					    unsigned int order, int zidx, gfp_t gfp)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[t->cpu];
	struct page *page;

	if (unlikely(!fast_watermark_ok(zone, order, zidx)))
		return NULL;
	page = pcp_unlink(pcp, order, gfp & __GFP_COLD);
	if (unlikely(!page))
		return NULL;
	pcp->free_count >>= 1; /* this CPU allocates too: see pcp_high() */
	kmm_counter_add(pcp->pgalloc, 1UL << order);
	kmm_counter_add(pcp->hit[zone->node != kmm_cpu_node_map[t->cpu]], 1UL);
	return page;
}

/* pcp_pop() for a task that does not own its CPU, or is on it already. */
static noinline struct page *pcp_pop_irqsave(struct zone *zone, unsigned int order, int zidx,
					     gfp_t gfp)
{
	unsigned long flags;
	struct page *page;

	local_irq_save(flags);
	page = pcp_pop(current, zone, order, zidx, gfp);
	local_irq_restore(flags);
	return page;
}

static __always_inline struct page *fast_rmqueue(struct zone *zone, unsigned int order, int zidx,
						 gfp_t gfp)
{
	struct task_struct *t = current;
	struct kmm_cpu_ticket *tk = kmm_cpu_fast_enter(t, (unsigned int)t->cpu);
	struct page *page;

	if (unlikely(!tk))
		return pcp_pop_irqsave(zone, order, zidx, gfp);
	page = pcp_pop(t, zone, order, zidx, gfp);
	kmm_cpu_fast_leave(tk);
	return page;
}

/* The rest of a fast allocation when it has more to do: report, zero, compound. */
static noinline struct page *fast_prep_slow(struct page *page, unsigned int order, gfp_t gfp)
{
	if (gfpflags_allow_blocking(gfp) && !preemptible())
		might_sleep();
	prep_new_page(page, order, gfp);
	return page;
}

/* The whole fast allocation, or NULL. */
static __always_inline struct page *alloc_pages_fast(gfp_t gfp, unsigned int order, int nid)
{
	int zidx = fast_gfp_zone(gfp);
	struct zone *zone;
	struct page *page;

	if (unlikely(zidx < 0 || (unsigned int)nid >= MAX_NUMNODES))
		return NULL;
	zone = fast_zone[nid][zidx];
	if (unlikely(!zone))
		return NULL;
	page = fast_rmqueue(zone, order, zidx, gfp);
	if (unlikely(!page))
		return NULL; /* the full path checks might_sleep() */
	if (unlikely((gfpflags_allow_blocking(gfp) && !preemptible()) ||
		     (gfp & (__GFP_ZERO | __GFP_COMP))))
		return fast_prep_slow(page, order, gfp); /* a tail call */
	set_page_count(page, 1);
	page_set_alloc_order(page, (int)order);
	return page;
}

static struct page *alloc_pages_full(gfp_t gfp, unsigned int order, int preferred_nid,
				     nodemask_t *nodemask);

/**
 * __alloc_pages - the page allocator's entry point (see <linux/gfp.h>)
 * @gfp: GFP flags
 * @order: log2 of the number of pages
 * @preferred_nid: the node whose zonelist is walked
 * @nodemask: allowed nodes, or NULL
 *
 * Fast path: the first zone above its low watermark.  Otherwise the slow
 * path (mm/page_alloc_slow.c) applies the GFP flags' promises.
 *
 * Context: may sleep when @gfp has __GFP_DIRECT_RECLAIM (checked with
 * might_sleep); any context otherwise.
 * Return: the block's first page, or NULL.
 */
struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid, nodemask_t *nodemask)
{
	struct page *page;

	if (likely(order <= PAGE_ALLOC_COSTLY_ORDER && !nodemask)) {
		page = alloc_pages_fast(gfp, order, preferred_nid);
		if (likely(page))
			return page;
	}
	return alloc_pages_full(gfp, order, preferred_nid, nodemask);
}

/* __alloc_pages() past its fast path: the zonelist walk, then the slow path. */
static noinline struct page *alloc_pages_full(gfp_t gfp, unsigned int order, int preferred_nid,
					      nodemask_t *nodemask)
{
	struct alloc_context ac = {.nodemask = nodemask};
	struct page *page;

	if (order > MAX_PAGE_ORDER) {
		WARN_ON_ONCE(!(gfp & __GFP_NOWARN));
		return NULL;
	}
	if (WARN_ON_ONCE(!memblock_handed_over))
		return NULL; /* no machine, or called before mem_init() */
	might_sleep_if(gfpflags_allow_blocking(gfp));
	if (preferred_nid < 0 || preferred_nid >= MAX_NUMNODES || !node_online(preferred_nid)) {
		WARN_ONCE(1, "__alloc_pages: node %d is not online\n", preferred_nid);
		preferred_nid = first_online_node;
	}
	ac.zonelist = node_zonelist(preferred_nid, gfp);
	ac.highest_zoneidx = (int)gfp_zone(gfp);
	ac.preferred_zone = first_usable_zone(&ac);
	if (!ac.preferred_zone) {
		warn_alloc(gfp, nodemask, order);
		return NULL;
	}
	page = get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW, &ac);
	if (!page)
		page = __alloc_pages_slowpath(gfp, order, &ac);
	return page;
}

struct page *__alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	return __alloc_pages(gfp, order, nid, NULL);
}

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	if (nid == NUMA_NO_NODE)
		nid = numa_node_id();
	return __alloc_pages_node(nid, gfp, order);
}

unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order)
{
	struct page *page;

	if (WARN_ON_ONCE(gfp_mask & __GFP_HIGHMEM))
		gfp_mask &= ~__GFP_HIGHMEM; /* the caller needs an address */
	page = alloc_pages(gfp_mask, order);
	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp_mask)
{
	return __get_free_pages(gfp_mask | __GFP_ZERO, 0);
}

/* ---------------------------------------------------------------------------
 * Free
 * ------------------------------------------------------------------------- */

/* Is @page a pointer to a real struct page of this machine? */
/* The zone of @page if it is a struct page of this machine, else NULL: one section-table look. */
static __always_inline struct zone *page_zone_checked(const struct page *page)
{
	uintptr_t off = (uintptr_t)page - (uintptr_t)vmemmap;
	unsigned long sec = off / sizeof(struct page) >> PFN_SECTION_SHIFT;

	if (!vmemmap || (uintptr_t)page < (uintptr_t)vmemmap || off % sizeof(struct page) ||
	    sec >= kmm_nr_sections)
		return NULL;
	return kmm_section_zone[sec];
}

static bool page_pointer_valid(const struct page *page)
{
	return page_zone_checked(page) != NULL;
}

/*
 * Checks before a reference is dropped.  Returns false (after a report) when
 * the page cannot be freed: not allocated, a compound tail, order too big.
 */
static bool free_check(struct page *page, unsigned int order)
{
	if (!page_pointer_valid(page)) {
		WARN(1, "freeing %p, which is not a struct page of this machine\n", page);
		return false;
	}
	if (order > MAX_PAGE_ORDER) {
		bad_page(page, "freed with order > MAX_PAGE_ORDER");
		return false;
	}
	if (PageTail(page)) {
		bad_page(page, "freeing a tail page of a compound page");
		return false;
	}
	if (page_ref_count(page) > 0)
		return true;
	if (PageBuddy(page) || PagePcp(page))
		bad_page(page, "double free: page is already free");
	else if (PageReserved(page) || memblock_noinit_pfn(page_to_pfn(page), NULL))
		bad_page(page, "freeing a reserved page");
	else
		bad_page(page, "not the first page of an allocated block (double free?)");
	return false;
}

/* Checks once the last reference is gone; repairs what it can. */
static unsigned int free_pages_prepare(struct page *page, unsigned int order)
{
	int recorded = page_alloc_order(page);
	const unsigned long bad_flags = BIT(PG_lru) | BIT(PG_locked) | BIT(PG_private) |
					BIT(PG_writeback) | BIT(PG_reserved) | BIT(PG_slab) |
					BIT(PG_active) | BIT(PG_unevictable) | BIT(PG_mlocked);

	if (recorded >= 0 && (unsigned int)recorded != order) {
		bad_page(page, "freed with a different order than it was allocated with");
		order = (unsigned int)recorded;
	}
	if (PageHead(page)) {
		unsigned long nr = 1UL << order;

		for (unsigned long i = 1; i < nr; i++)
			WRITE_ONCE(page[i].compound_head, 0UL);
		page[1].compound_order = 0;
	}
	if (page->flags & bad_flags)
		bad_page(page, "PAGE_FLAGS_CHECK_AT_FREE flag(s) set");
	if (page_mapcount(page) != 0)
		bad_page(page, "nonzero mapcount");
	__atomic_store_n(&page->flags, 0UL, __ATOMIC_RELAXED);
	page->mapping = NULL;
	page->index = 0;
	page->private = 0;
	page->virtual = NULL;
	atomic_set(&page->_mapcount, 0);
	return order;
}

/* Give @count pages' worth of the coldest blocks of @pcp back to the buddy lists. */
static void free_pcppages_bulk(struct zone *zone, struct per_cpu_pages *pcp, int count)
{
	spin_lock(&zone->lock);
	for (int order = NR_PCP_ORDERS - 1; order >= 0 && count > 0; order--) {
		struct page *page;

		while (count > 0 && (page = pcp_unlink(pcp, (unsigned int)order, true))) {
			__free_one_page(page, page_to_pfn(page), zone, (unsigned int)order);
			count -= 1 << order;
		}
	}
	spin_unlock(&zone->lock);
}

/*
 * The list's high mark now.  A CPU that mostly frees - it freed batch +
 * high / 2 pages since it last allocated, free_count halving at each
 * allocation - keeps none: the consumer of a producer/consumer pair would
 * otherwise sit on up to high pages while the producer's CPU takes fresh
 * ones from the buddy allocator (the kernel's "free_high", Linux 6.7).
 */
static __always_inline int pcp_high(const struct per_cpu_pages *pcp)
{
	return pcp->free_count >= pcp->batch + pcp->high / 2 ? 0 : pcp->high;
}

/* Put a block on @t's CPU's list (hot end unless @cold); true: trim the list. */
static __always_inline bool pcp_push(struct task_struct *t, struct zone *zone, struct page *page,
				     unsigned int order, bool cold)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[t->cpu];

	pcp_link(pcp, page, order, cold);
	if (pcp->free_count < pcp->batch << 5)
		pcp->free_count += 1 << order;
	kmm_counter_add(pcp->pgfree, 1UL << order);
	return pcp->count >= pcp_high(pcp);
}

/* Give coldest pages back if this CPU's list of @zone is above its high mark. */
static noinline void pcp_trim(struct zone *zone)
{
	struct per_cpu_pages *pcp;
	unsigned long flags;
	int high;

	local_irq_save(flags);
	pcp = this_cpu_pcp(zone);
	high = pcp_high(pcp);
	if (pcp->count >= high) /* a freeing CPU gives more back at a time */
		free_pcppages_bulk(zone, pcp, high ? pcp->batch : min(pcp->count, pcp->batch << 2));
	local_irq_restore(flags);
}

/* pcp_push() for a task that does not own its CPU, or is on it already. */
static noinline bool pcp_push_irqsave(struct zone *zone, struct page *page, unsigned int order,
				      bool cold)
{
	unsigned long flags;
	bool trim;

	local_irq_save(flags);
	trim = pcp_push(current, zone, page, order, cold);
	local_irq_restore(flags);
	return trim;
}

static __always_inline void free_unref_page(struct zone *zone, struct page *page,
					    unsigned int order, bool cold)
{
	struct task_struct *t = current;
	struct kmm_cpu_ticket *tk = kmm_cpu_fast_enter(t, (unsigned int)t->cpu);
	bool trim;

	if (likely(tk)) {
		trim = pcp_push(t, zone, page, order, cold);
		kmm_cpu_fast_leave(tk);
	} else {
		trim = pcp_push_irqsave(zone, page, order, cold);
	}
	if (unlikely(trim))
		pcp_trim(zone);
}

static void __free_the_page(struct page *page, unsigned int order, bool cold)
{
	struct zone *zone = page_zone(page);
	unsigned long flags;

	order = free_pages_prepare(page, order);
	if (order <= PAGE_ALLOC_COSTLY_ORDER) {
		free_unref_page(zone, page, order, cold);
	} else {
		local_irq_save(flags);
		spin_lock(&zone->lock);
		__free_one_page(page, page_to_pfn(page), zone, order);
		spin_unlock(&zone->lock);
		kmm_counter_add(this_cpu_pcp(zone)->pgfree, 1UL << order);
		local_irq_restore(flags);
	}
	if (unlikely(__atomic_load_n(&page_waiters, __ATOMIC_RELAXED)))
		wake_page_waiters();
}

static void free_the_page(struct page *page, unsigned int order)
{
	__free_the_page(page, order, false);
}

/* The seeds' free_hot_page()/free_cold_page(): an order-0 page to the hot or cold end. */
void free_hot_cold_page(struct page *page, bool cold)
{
	if (!free_check(page, 0)) {
		count_vm_event(PGBAD_FREE);
		return;
	}
	if (put_page_testzero(page))
		__free_the_page(page, 0, cold);
}

void free_hot_page(struct page *page)
{
	free_hot_cold_page(page, false);
}

void free_cold_page(struct page *page)
{
	free_hot_cold_page(page, true);
}

/* ---------------------------------------------------------------------------
 * Draining the per-CPU lists
 * ------------------------------------------------------------------------- */

/* Empty this CPU's lists of @zone (all zones if NULL); the CPU is held. */
static void drain_local_pages(void *arg)
{
	struct zone *only = arg, *zone;

	for_each_populated_zone(zone) {
		struct per_cpu_pages *pcp;

		if (only && zone != only)
			continue;
		pcp = this_cpu_pcp(zone);
		if (pcp->count)
			free_pcppages_bulk(zone, pcp, pcp->count);
	}
}

/**
 * drain_all_pages - give every CPU's cached pages back to the buddy lists
 * @zone: only this zone's, or NULL for all
 *
 * Runs the drain on each CPU in turn.  Called while holding a CPU (in
 * atomic context) it can only drain that CPU.
 * Context: process context; may wait for each CPU.
 */
void drain_all_pages(struct zone *zone)
{
	if (!memblock_handed_over)
		return;
	if (!preemptible()) {
		drain_local_pages(zone);
		return;
	}
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		kmm_run_on_cpu(cpu, drain_local_pages, zone);
}

static int pcp_batch(const struct zone *zone)
{
	unsigned long batch = min(zone_managed_pages(zone) >> 10, SZ_1M / PAGE_SIZE) / 4;

	if (batch < 1)
		batch = 1;
	return (int)rounddown_pow_of_two(batch + batch / 2) - 1 ?: 1;
}

/**
 * setup_zone_pagesets - size every CPU's lists (batch, high) from the zone size
 *
 * Context: boot, after memblock_free_all().
 */
/*
 * The per-CPU lists' sizes: batch from the zone's size (the kernel's
 * zone_batchsize()) and high six batches; or, with percpu_pagelist_fraction=N
 * (the kernel's vm.percpu_pagelist_fraction up to Linux 5.13, here a boot
 * parameter), high = 1/N of the zone and batch a quarter of that.  Pages
 * on the lists stay host memory: small lists suit a process with few CPUs
 * busy (libkmm-malloc uses them).
 */
void setup_zone_pagesets(void)
{
	unsigned int fraction = kmm_machine.percpu_pagelist_fraction;
	struct zone *zone;

	for_each_populated_zone(zone) {
		int batch = pcp_batch(zone), high = 6 * batch;

		if (fraction) {
			high = (int)max(zone_managed_pages(zone) / fraction, 1UL);
			batch = max(high / 4, 1);
		}
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
			zone->per_cpu_pageset[cpu].batch = batch;
			zone->per_cpu_pageset[cpu].high = high;
		}
	}
}

/* Pages on the per-CPU lists of @zone (a snapshot). */
unsigned long zone_pcp_pages(const struct zone *zone)
{
	unsigned long n = 0;

	if (!zone->per_cpu_pageset)
		return 0;
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		n += (unsigned long)kmm_counter_read(zone->per_cpu_pageset[cpu].count);
	return n;
}

/* Pages of @zone handed out and not yet freed (a snapshot). */
/**
 * zone_pcp_event - pages of @zone allocated (PGALLOC_DMA: any pgalloc_*) or
 * freed (PGFREE) through its per-CPU counters
 * @zone: the zone
 * @item: PGALLOC_DMA or PGFREE
 *
 * Context: any (a snapshot).
 * Return: the sum over every CPU.
 */
unsigned long zone_pcp_event(const struct zone *zone, enum vm_event_item item)
{
	unsigned long n = 0;

	if (zone->per_cpu_pageset)
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
			const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

			n += item == PGFREE ? kmm_counter_read(pcp->pgfree)
					    : kmm_counter_read(pcp->pgalloc);
		}
	return n;
}

unsigned long zone_allocated_pages(const struct zone *zone)
{
	long n = atomic_long_read(&zone->vm_stat[NR_ZONE_ALLOCATED]);

	n += (long)(zone_pcp_event(zone, PGALLOC_DMA) - zone_pcp_event(zone, PGFREE));
	return n < 0 ? 0 : (unsigned long)n;
}

void count_numa_event(struct zone *zone, enum numa_stat_item item)
{
	unsigned long flags;

	local_irq_save(flags);
	kmm_counter_add(this_cpu_pcp(zone)->numa_event[item], 1UL);
	local_irq_restore(flags);
}

unsigned long zone_numa_event(const struct zone *zone, enum numa_stat_item item)
{
	unsigned long n = 0;

	if (!zone->per_cpu_pageset)
		return 0;
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		n += kmm_counter_read(pcp->numa_event[item]);
		if (item == NUMA_HIT || item == NUMA_LOCAL)
			n += kmm_counter_read(pcp->hit[0]);
		if (item == NUMA_HIT || item == NUMA_OTHER)
			n += kmm_counter_read(pcp->hit[1]);
	}
	return n;
}

/* kmm_nr_free_pages(): free in the buddy lists plus cached on per-CPU lists. */
unsigned long kmm_nr_free_pages(void)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		n += zone_page_state(zone, NR_FREE_PAGES) + zone_pcp_pages(zone);
	return n;
}

/*
 * Free a small block the caller holds alone, in the plainest state: order
 * recorded as @order, no other flag, not mapped.  False when the full path
 * must look at it (it may be wrong, compound, shared, or bad).
 *
 * A count of one means the caller holds the only reference, and nobody may
 * take a new one without holding one already (kmm has no page cache and no
 * lockless page-table walkers, the kernel's users of speculative
 * references), so the count drops to zero with a plain store: a locked
 * decrement would cost a third of the whole free.  <linux/page_ref.h>
 * states the rule for page_ref_add_unless().
 */
static __always_inline bool free_pages_fast(struct page *page, unsigned int order)
{
	unsigned long plain = (unsigned long)(order + 1) << KMM_PAGE_ORDER_SHIFT;
	struct zone *zone = page_zone_checked(page);

	if (unlikely(!zone || __atomic_load_n(&page->flags, __ATOMIC_RELAXED) != plain ||
		     PageTail(page) || page_ref_count(page) != 1 ||
		     atomic_read(&page->_mapcount) != 0))
		return false;
	atomic_set(&page->_refcount, 0);
	__atomic_store_n(&page->flags, 0UL, __ATOMIC_RELAXED);
	page->mapping = NULL;
	page->index = 0;
	page->virtual = NULL;
	free_unref_page(zone, page, order, false);
	if (unlikely(__atomic_load_n(&page_waiters, __ATOMIC_RELAXED)))
		wake_page_waiters();
	return true;
}

/* __free_pages() past its fast path: checks, shared and compound blocks. */
static noinline void free_pages_full(struct page *page, unsigned int order)
{
	if (!free_check(page, order)) {
		count_vm_event(PGBAD_FREE);
		return;
	}
	if (put_page_testzero(page)) {
		free_the_page(page, order);
	} else if (!PageHead(page)) {
		/* someone else holds the first page: free the rest now */
		int recorded = page_alloc_order(page);

		if (recorded >= 0)
			order = (unsigned int)recorded;
		page_set_alloc_order(page, 0);
		while (order-- > 0) {
			page_set_alloc_order(page + (1UL << order), (int)order);
			free_the_page(page + (1UL << order), order);
		}
	}
}

void __free_pages(struct page *page, unsigned int order)
{
	if (likely(order <= PAGE_ALLOC_COSTLY_ORDER) && free_pages_fast(page, order))
		return;
	free_pages_full(page, order);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr == 0)
		return;
	if (!virt_addr_valid((void *)addr)) {
		WARN(1, "free_pages: %#lx is not a direct-map address\n", addr);
		count_vm_event(PGBAD_FREE);
		return;
	}
	WARN(offset_in_page(addr), "free_pages: %#lx is not page aligned\n", addr);
	__free_pages(virt_to_page((void *)addr), order);
}

void put_page(struct page *page)
{
	int order;

	page = compound_head(page);
	if (!free_check(page, 0)) {
		count_vm_event(PGBAD_FREE);
		return;
	}
	if (!put_page_testzero(page))
		return;
	order = PageHead(page) ? (int)compound_order(page) : page_alloc_order(page);
	free_the_page(page, order < 0 ? 0 : (unsigned int)order);
}

void split_page(struct page *page, unsigned int order)
{
	VM_BUG_ON(PageCompound(page));
	page_set_alloc_order(page, 0);
	for (unsigned long i = 1; i < (1UL << order); i++) {
		set_page_count(page + i, 1);
		page_set_alloc_order(page + i, 0);
	}
}

/* Split a fresh block and free the pages past @size. */
static void *make_alloc_exact(struct page *page, unsigned int order, size_t size)
{
	unsigned long used = PFN_UP(size), nr = 1UL << order;

	split_page(page, order);
	for (unsigned long i = used; i < nr; i++)
		__free_pages(page + i, 0);
	return page_address(page);
}

void *alloc_pages_exact_nid(int nid, size_t size, gfp_t gfp_mask)
{
	unsigned int order = (unsigned int)get_order(size);
	struct page *page;

	if (WARN_ON_ONCE(gfp_mask & (__GFP_COMP | __GFP_HIGHMEM)))
		gfp_mask &= ~(__GFP_COMP | __GFP_HIGHMEM);
	page = alloc_pages_node(nid, gfp_mask, order);
	return page ? make_alloc_exact(page, order, size) : NULL;
}

void *alloc_pages_exact(size_t size, gfp_t gfp_mask)
{
	return alloc_pages_exact_nid(NUMA_NO_NODE, size, gfp_mask);
}

void free_pages_exact(void *virt, size_t size)
{
	unsigned long addr = (unsigned long)virt, end = addr + PAGE_ALIGN(size);

	for (; addr < end; addr += PAGE_SIZE)
		free_page(addr);
}

/* ---------------------------------------------------------------------------
 * Contiguous ranges (the kernel's alloc_contig_pages())
 *
 * A range of more than MAX_ORDER_NR_PAGES pages is a run of adjacent free
 * MAX_PAGE_ORDER blocks - listed ones, the lowest run found from the free
 * list by looking at their neighbours, else the front of the zone's
 * deferred range - cut to length: the pages past the end go straight back
 * to the free lists.  A range of up to one block is the lowest free block
 * big enough, split and cut the same way; up to CONTIG_SMALL pages, an
 * ordinary allocation (the per-CPU lists) cut like alloc_pages_exact()'s.
 * Lowest first keeps big ranges packed at one end of the zone, so fewer
 * pages are ever touched (the host memory behind the others stays unused).
 * The kernel also migrates movable pages out of the way; kmm has nothing
 * to migrate, so a range must already be free, and it does not reclaim.
 * Each page is allocated on its own (refcount 1, order 0), and
 * free_contig_range() frees them one by one.
 * ------------------------------------------------------------------------- */

#define CONTIG_NONE ULONG_MAX
#define CONTIG_SMALL 16 /* up to this many pages: an ordinary allocation, cut to length */

/* Is the MAX_PAGE_ORDER block at @pfn a listed free block of @zone? */
static bool contig_block_free(struct zone *zone, unsigned long pfn)
{
	return zone_spans_pfn(zone, pfn) && pfn_valid(pfn) &&
	       page_is_buddy(pfn_to_page(pfn), MAX_PAGE_ORDER);
}

/*
 * Find @k adjacent listed free MAX_PAGE_ORDER blocks: the first pfn of the
 * lowest such run, or CONTIG_NONE.  Lowest first keeps big ranges packed
 * at one end of the zone, so fewer pages are ever touched.
 */
static unsigned long contig_find_run(struct zone *zone, unsigned long k)
{
	const unsigned long step = MAX_ORDER_NR_PAGES;
	unsigned long best = CONTIG_NONE;
	struct page *page;

	list_for_each_entry(page, &zone->free_area[MAX_PAGE_ORDER].free_list, buddy_list) {
		unsigned long start = page_to_pfn(page), end = start + step;

		if (start >= best)
			continue;
		while (end - start < k * step && contig_block_free(zone, end))
			end += step;
		if (end - start >= k * step)
			best = start;
	}
	return best;
}

/*
 * Take the lowest free block of @zone of @order or more off its free list,
 * split down to @order: its pfn, or CONTIG_NONE (zone->lock).
 */
static unsigned long contig_take_lowest(struct zone *zone, unsigned int order)
{
	struct page *best = NULL, *page;
	unsigned int best_order = 0;

	lockdep_assert_held(&zone->lock);
	for (unsigned int o = order; o <= MAX_PAGE_ORDER; o++)
		list_for_each_entry(page, &zone->free_area[o].free_list, buddy_list)
			if (!best || page < best) {
				best = page;
				best_order = o;
			}
	if (!best) {
		if (!zone_grow_deferred(zone))
			return CONTIG_NONE;
		best = list_first_entry(&zone->free_area[MAX_PAGE_ORDER].free_list, struct page,
					buddy_list);
		best_order = MAX_PAGE_ORDER;
	}
	del_page_from_free_list(best, zone, best_order);
	expand(zone, best, order, best_order);
	__mod_zone_page_state(zone, NR_FREE_PAGES, -(long)(1UL << order));
	return page_to_pfn(best);
}

/* Take @k MAX_PAGE_ORDER blocks of @zone off its free lists, or CONTIG_NONE (zone->lock). */
static unsigned long contig_take_blocks(struct zone *zone, unsigned long k)
{
	const unsigned long step = MAX_ORDER_NR_PAGES;
	unsigned long start = contig_find_run(zone, k);

	lockdep_assert_held(&zone->lock);
	if (start != CONTIG_NONE) {
		for (unsigned long i = 0; i < k; i++)
			del_page_from_free_list(pfn_to_page(start + i * step), zone,
						MAX_PAGE_ORDER);
	} else if (zone->deferred_end_pfn - zone->deferred_pfn >= k * step) {
		start = zone->deferred_pfn; /* counted free, never listed */
		zone->deferred_pfn += k * step;
		kmm_counter_add(zone->free_area[MAX_PAGE_ORDER].nr_free, -k);
	} else {
		return CONTIG_NONE;
	}
	__mod_zone_page_state(zone, NR_FREE_PAGES, -(long)(k * step));
	return start;
}

/* Give pages [@pfn, @end) of @zone back to the free lists in aligned blocks (zone->lock). */
static void contig_free_tail(struct zone *zone, unsigned long pfn, unsigned long end)
{
	while (pfn < end) {
		unsigned int order = pfn ? (unsigned int)__ffs(pfn) : MAX_PAGE_ORDER;

		order = min(order, (unsigned int)MAX_PAGE_ORDER);
		while (pfn + (1UL << order) > end)
			order--;
		__free_one_page(pfn_to_page(pfn), pfn, zone, order);
		pfn += 1UL << order;
	}
}

/* @nr_pages pages from one zone, or NULL. */
static struct page *contig_from_zone(struct zone *zone, unsigned long nr_pages)
{
	unsigned long k = DIV_ROUND_UP(nr_pages, MAX_ORDER_NR_PAGES), start, flags, got;
	unsigned int order = (unsigned int)get_order(nr_pages << PAGE_SHIFT);
	struct per_cpu_pages *pcp;

	got = k > 1 ? k * MAX_ORDER_NR_PAGES : 1UL << order;
	local_irq_save(flags);
	spin_lock(&zone->lock);
	start = CONTIG_NONE;
	if (zone_page_state(zone, NR_FREE_PAGES) >= got + low_wmark_pages(zone))
		start = k > 1 ? contig_take_blocks(zone, k) : contig_take_lowest(zone, order);
	if (start != CONTIG_NONE)
		contig_free_tail(zone, start + nr_pages, start + got);
	spin_unlock(&zone->lock);
	if (start != CONTIG_NONE) {
		pcp = this_cpu_pcp(zone);
		kmm_counter_add(pcp->pgalloc, nr_pages);
	}
	local_irq_restore(flags);
	return start == CONTIG_NONE ? NULL : pfn_to_page(start);
}

/**
 * alloc_contig_pages - allocate a physically contiguous range of pages
 * @nr_pages: how many; more than MAX_ORDER_NR_PAGES is allowed
 * @gfp_mask: GFP flags: the zone modifiers pick the zones, __GFP_ZERO
 *	zeroes; __GFP_COMP is not supported
 * @nid: the preferred node (NUMA_NO_NODE: this CPU's)
 * @nodemask: allowed nodes, or NULL
 *
 * Each page comes with a reference of its own and is freed by
 * free_contig_range() (or __free_page() one by one).  A range longer than
 * CONTIG_SMALL pages is found among free blocks only: unlike the kernel,
 * kmm migrates nothing to make room, and it does not reclaim for it.
 * Context: may sleep if @gfp_mask allows (ranges up to CONTIG_SMALL pages).
 * Return: the first page, or NULL.
 */
struct page *alloc_contig_pages(unsigned long nr_pages, gfp_t gfp_mask, int nid,
				nodemask_t *nodemask)
{
	struct page *page = NULL;
	struct zoneref *z;

	if (WARN_ON_ONCE(!nr_pages || (gfp_mask & __GFP_COMP)))
		return NULL;
	if (nr_pages <= CONTIG_SMALL) {
		unsigned int order = (unsigned int)get_order(nr_pages << PAGE_SHIFT);

		page = __alloc_pages(gfp_mask, order, nid == NUMA_NO_NODE ? numa_node_id() : nid,
				     nodemask);
		if (page)
			make_alloc_exact(page, order, nr_pages << PAGE_SHIFT);
		return page;
	}
	if (nid == NUMA_NO_NODE)
		nid = numa_node_id();
	if (WARN_ON_ONCE(nid < 0 || nid >= MAX_NUMNODES || !node_online(nid)))
		nid = first_online_node;
	for (z = node_zonelist(nid, gfp_mask)->_zonerefs; z->zone && !page; z++)
		if (z->zone_idx <= (int)gfp_zone(gfp_mask) &&
		    (!nodemask || node_isset(z->zone->node, nodemask)))
			page = contig_from_zone(z->zone, nr_pages);
	if (!page)
		return NULL;
	for (unsigned long i = 0; i < nr_pages; i++) {
		set_page_count(page + i, 1);
		page_set_alloc_order(page + i, 0);
	}
	if (gfp_mask & __GFP_ZERO)
		clear_pages(page, nr_pages);
	return page;
}

/**
 * free_contig_range - free @nr_pages pages from @pfn, each allocated on its own
 * @pfn: the first page's frame number
 * @nr_pages: how many
 *
 * Context: any.
 */
void free_contig_range(unsigned long pfn, unsigned long nr_pages)
{
	for (unsigned long i = 0; i < nr_pages; i++)
		__free_page(pfn_to_page(pfn + i));
}

/* ---------------------------------------------------------------------------
 * memblock after boot
 * ------------------------------------------------------------------------- */

void *late_alloc_pages(size_t size, phys_addr_t max_addr, int nid)
{
	gfp_t gfp = GFP_NOWAIT | __GFP_ZERO;

	if (max_addr != MEMBLOCK_ALLOC_ANYWHERE && max_addr != MEMBLOCK_ALLOC_ACCESSIBLE) {
		if (max_addr <= SZ_16M)
			gfp |= __GFP_DMA;
		else if (max_addr <= SZ_4G)
			gfp |= __GFP_DMA32;
	}
	if (nid != NUMA_NO_NODE && !node_online(nid))
		nid = NUMA_NO_NODE;
	return alloc_pages_exact_nid(nid, size, gfp);
}

/* Give a page that was reserved at boot to the buddy allocator. */
static void free_reserved_page(struct page *page)
{
	struct zone *zone = page_zone(page);

	ClearPageReserved(page);
	atomic_long_inc(&zone->managed_pages);
	atomic_long_inc(&_totalram_pages);
	set_page_count(page, 1);
	page_set_alloc_order(page, 0);
	__mod_zone_page_state(zone, NR_ZONE_ALLOCATED, 1);
	__free_pages(page, 0);
}

void late_free_range(phys_addr_t base, phys_addr_t size)
{
	unsigned long pfn = PFN_DOWN(base), end = PFN_UP(base + size);

	for (; pfn < end; pfn++) {
		bool whole = PFN_PHYS(pfn) >= base && PFN_PHYS(pfn + 1) <= base + size;
		struct page *page;

		if (!pfn_valid(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (!PageReserved(page))
			__free_pages(page, 0); /* from late_alloc_pages(): page by page */
		else if (whole && memblock_is_memory(PFN_PHYS(pfn)))
			free_reserved_page(page); /* boot memory: only pages wholly freed */
	}
}
