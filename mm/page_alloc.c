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
 * 5. Locking.  zone->lock (a spinlock, taken irqsave) protects the zone's
 *    free lists and free counts.  It is the only lock here; nothing else is
 *    taken under it.  __foo() helpers expect it held.
 *
 * 6. What is not here yet: watermarks, reserves, per-CPU page lists, waiting
 *    and reclaim (a sleeping allocation that finds nothing fails, with the
 *    kernel's failure report).  See the README's roadmap.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/vmstat.h>

#include "arch/host/host.h"
#include "kernel/internal.h"
#include "mm/internal.h"

#include <string.h>

bool memblock_handed_over;

/* ---------------------------------------------------------------------------
 * Free lists
 * ------------------------------------------------------------------------- */

void zone_init_free_lists(struct zone *zone)
{
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		INIT_LIST_HEAD(&zone->free_area[order].free_list);
		zone->free_area[order].nr_free = 0;
	}
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
	zone->free_area[order].nr_free++;
}

static inline void del_page_from_free_list(struct page *page, struct zone *zone,
					   unsigned int order)
{
	list_del(&page->buddy_list);
	page->buddy_list.next = page->buddy_list.prev = NULL;
	__ClearPageBuddy(page);
	set_page_private(page, 0);
	zone->free_area[order].nr_free--;
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

static struct page *__rmqueue_smallest(struct zone *zone, unsigned int order)
{
	for (unsigned int cur = order; cur < NR_PAGE_ORDERS; cur++) {
		struct free_area *area = &zone->free_area[cur];
		struct page *page;

		if (list_empty(&area->free_list))
			continue;
		page = list_first_entry(&area->free_list, struct page, buddy_list);
		del_page_from_free_list(page, zone, cur);
		expand(zone, page, order, cur);
		__mod_zone_page_state(zone, NR_FREE_PAGES, -(long)(1UL << order));
		return page;
	}
	return NULL;
}

static struct page *rmqueue(struct zone *zone, unsigned int order)
{
	unsigned long flags;
	struct page *page;

	spin_lock_irqsave(&zone->lock, flags);
	page = __rmqueue_smallest(zone, order);
	if (page) {
		__count_vm_events((enum vm_event_item)(PGALLOC_DMA + zone_idx(zone)),
				  1L << order);
		__mod_zone_page_state(zone, NR_ZONE_ALLOCATED, 1L << order);
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	return page;
}

/**
 * __free_pages_core - give a block of boot memory to the buddy allocator
 * @page: first page of the block
 * @order: its order (the block is naturally aligned)
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

	flags = (flags & ~KMM_PAGE_ORDER_MASK) | ((unsigned long)(order + 1) << KMM_PAGE_ORDER_SHIFT);
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

/* Zero a block, whether or not it has a kernel address. */
static void clear_block(struct page *page, unsigned int order)
{
	size_t bytes = PAGE_SIZE << order;

	if (!PageHighMem(page))
		memset(page_address(page), 0, bytes);
	else if (host_physmem_discard(kmm_physmem_fd, page_to_phys(page), bytes))
		BUG(); /* the host refused to drop pages of its own file */
}

static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	set_page_count(page, 1);
	page_set_alloc_order(page, (int)order);
	if (gfp & __GFP_ZERO)
		clear_block(page, order);
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(page, order);
}

static struct page *get_page_from_freelist(gfp_t gfp, unsigned int order,
					   struct zonelist *zonelist, const nodemask_t *nodemask)
{
	int highest = (int)gfp_zone(gfp);

	for (struct zoneref *z = zonelist->_zonerefs; z->zone; z++) {
		struct page *page;

		if (z->zone_idx > highest)
			continue;
		if (nodemask && !node_isset(z->zone->node, nodemask))
			continue;
		page = rmqueue(z->zone, order);
		if (page) {
			prep_new_page(page, order, gfp);
			return page;
		}
	}
	return NULL;
}

static void warn_alloc(gfp_t gfp, const nodemask_t *nodemask, unsigned int order)
{
	char flags[256], nodes[64] = "(null)";

	count_vm_event(PGALLOC_FAIL_EVENT);
	if (gfp & __GFP_NOWARN)
		return;
	format_gfp_flags(gfp, flags, sizeof(flags));
	if (nodemask)
		format_nodemask(nodemask, nodes, sizeof(nodes));
	pr_warn("%s: page allocation failure: order:%u, mode:%#x(%s), nodemask=%s\n",
		current->comm, order, gfp, flags, nodes);
	dump_stack();
	show_mem();
}

/**
 * __alloc_pages - the page allocator's entry point (see <linux/gfp.h>)
 * @gfp: GFP flags
 * @order: log2 of the number of pages
 * @preferred_nid: the node whose zonelist is walked
 * @nodemask: allowed nodes, or NULL
 *
 * Context: may sleep when @gfp has __GFP_DIRECT_RECLAIM (checked with
 * might_sleep); any context otherwise.
 * Return: the block's first page, or NULL.
 */
struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid,
			   nodemask_t *nodemask)
{
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
	page = get_page_from_freelist(gfp, order, node_zonelist(preferred_nid, gfp), nodemask);
	if (!page)
		warn_alloc(gfp, nodemask, order);
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

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return __alloc_pages(gfp, order, numa_node_id(), NULL);
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
static bool page_pointer_valid(const struct page *page)
{
	uintptr_t off = (uintptr_t)page - (uintptr_t)vmemmap;

	return vmemmap && (uintptr_t)page >= (uintptr_t)vmemmap &&
	       off % sizeof(struct page) == 0 && pfn_valid(off / sizeof(struct page));
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
	if (PageBuddy(page))
		bad_page(page, "double free: page is already free");
	else if (PageReserved(page))
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

static void free_the_page(struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(page);
	unsigned long flags;

	order = free_pages_prepare(page, order);
	spin_lock_irqsave(&zone->lock, flags);
	__free_one_page(page, page_to_pfn(page), zone, order);
	__mod_zone_page_state(zone, NR_ZONE_ALLOCATED, -(1L << order));
	__count_vm_events(PGFREE, 1L << order);
	spin_unlock_irqrestore(&zone->lock, flags);
}

void __free_pages(struct page *page, unsigned int order)
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
