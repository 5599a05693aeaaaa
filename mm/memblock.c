// SPDX-License-Identifier: MIT
/*
 * mm/memblock.c - the boot-time memory allocator.
 *
 * Theory
 * ------
 * 1. What it does.  Before the buddy allocator exists, boot code needs
 *    memory for node descriptors, struct page arrays and the like.  memblock
 *    keeps two lists of physical ranges: "memory", the RAM the machine has
 *    (from the e820 map), and "reserved", what is in use (firmware areas and
 *    everything memblock has handed out).  Free memory is memory minus
 *    reserved; an allocation finds a free range, reserves it and returns it.
 *    memblock_free_all() then gives every free page to the buddy allocator
 *    and marks every reserved page PG_reserved: the hand-over.
 *
 * 2. Data structures.  struct memblock_type is an array of regions with
 *    these invariants (memblock_check_invariants() checks all of them):
 *
 *        regions[i].base + regions[i].size <= regions[i+1].base   (sorted, disjoint)
 *        regions[i].size != 0
 *        touching neighbours differ in nid or flags                (merged)
 *        total_size == sum of regions[i].size,  cnt <= max
 *
 *    An empty list has cnt == 0.  Adding a range inserts only the parts not
 *    yet covered (existing regions keep their nid and flags), then merges
 *    neighbours.  Removing, flagging or setting the node of a range first
 *    "isolates" it: the regions that straddle its ends are split, so the
 *    range is covered by whole regions [start_rgn, end_rgn).
 *
 * 3. Allocation.  memblock_alloc_range_nid() walks the free ranges top-down
 *    (bottom-up after memblock_set_bottom_up(true)), clipped to
 *    [max(start, PAGE_SIZE), end) where end MEMBLOCK_ALLOC_ACCESSIBLE means
 *    memblock.current_limit; it tries node @nid first, then any node, and
 *    when the machine has mirrored memory it tries mirrored memory first.
 *    The virtual variants (memblock_alloc*) never go above current_limit,
 *    which boot sets to the end of the direct map, and retry without
 *    @min_addr when that fails.
 *
 * 4. After the hand-over (memblock_handed_over, set here, defined in
 *    page_alloc.c) memblock is history.  Every allocation call warns once
 *    per boot and takes zeroed pages from late_alloc_pages(); the free calls
 *    warn once and give the range to late_free_range().  The lists are left
 *    as they were at the hand-over (the kernel keeps them with
 *    CONFIG_ARCH_KEEP_MEMBLOCK, and so do the debugfs files).
 *
 * 5. Locking.  None, as in the kernel: memblock is used during boot, by one
 *    thread.  The fallback paths after the hand-over only read the lists;
 *    their warn-once flags are atomic.
 *
 * 6. How kmm differs from the kernel.
 *    - The region arrays are static (INIT_MEMBLOCK_REGIONS each) and never
 *      doubled; a call that needs more regions fails with -ENOMEM and a
 *      pr_err(), leaving the lists as they were.  Isolation asks for room
 *      only for the splits it really makes (the kernel always wants two).
 *    - memblock_free_all() frees highmem too (x86_32 kernels do that later,
 *      in set_highmem_pages_init()) and returns the number of pages freed.
 *      It does not add them to totalram: __free_pages_core() does.
 *    - Debug traces name the caller through host_symbolize() where the
 *      kernel uses %pS.  The debugfs view joins all flag names with '|'
 *      where the kernel prints the lowest one only.
 *    - Overlapping adds with a different nid or flags keep the old ones
 *      silently (the kernel WARNs under CONFIG_NUMA).
 *    - No kmemleak, no movable_node (hotplug regions are never skipped), no
 *      physmem type, no page poisoning of _raw allocations (untouched RAM
 *      costs the host nothing, see mm/sparse.c).
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/printk.h>

#include "arch/host/host.h"
#include "mm/internal.h"

#include <string.h>

static struct memblock_region memblock_memory_regions[INIT_MEMBLOCK_MEMORY_REGIONS];
static struct memblock_region memblock_reserved_regions[INIT_MEMBLOCK_RESERVED_REGIONS];

struct memblock memblock = {
	.bottom_up = false,
	.current_limit = MEMBLOCK_ALLOC_ANYWHERE,
	.memory.max = INIT_MEMBLOCK_MEMORY_REGIONS,
	.memory.regions = memblock_memory_regions,
	.memory.name = "memory",
	.reserved.max = INIT_MEMBLOCK_RESERVED_REGIONS,
	.reserved.regions = memblock_reserved_regions,
	.reserved.name = "reserved",
};

static bool memblock_debug;
/* Some memory is mirrored: allocations try mirrored memory first. */
static bool memblock_has_mirror;
/* Warn-once flags, cleared by memblock_reset() so that each boot warns. */
static bool memblock_warned_align, memblock_warned_alloc, memblock_warned_free;

#define PA(x) ((unsigned long long)(x))

/* The kernel's memblock_dbg() with the caller it prints with %pS. */
#define memblock_dbg(fmt, ...)                                                                   \
	do {                                                                                     \
		if (memblock_debug) {                                                            \
			char caller__[160];                                                      \
			host_symbolize(__builtin_return_address(0), caller__, sizeof(caller__)); \
			pr_info(fmt " %s\n", ##__VA_ARGS__, caller__);                           \
		}                                                                                \
	} while (0)

/* True the first time it is called for @done since the last memblock_reset(). */
static bool memblock_once(bool *done)
{
	return !__atomic_exchange_n(done, true, __ATOMIC_RELAXED);
}

static bool memblock_valid_nid(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES;
}

/* Clamp *@size so that @base + *@size does not wrap; return the new size. */
static phys_addr_t memblock_cap_size(phys_addr_t base, phys_addr_t *size)
{
	*size = min(*size, PHYS_ADDR_MAX - base);
	return *size;
}

/* ---------------------------------------------------------------------------
 * Region arrays
 * ------------------------------------------------------------------------- */

/* Index of the region containing @addr, or -1 (binary search). */
static int memblock_search(const struct memblock_type *type, phys_addr_t addr)
{
	unsigned long lo = 0, hi = type->cnt;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;
		const struct memblock_region *r = &type->regions[mid];

		if (addr < r->base)
			hi = mid;
		else if (addr - r->base >= r->size)
			lo = mid + 1;
		else
			return (int)mid;
	}
	return -1;
}

/* Index of the first region starting at or above @addr (cnt if none). */
static int memblock_first_from(const struct memblock_type *type, phys_addr_t addr)
{
	unsigned long lo = 0, hi = type->cnt;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (type->regions[mid].base < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (int)lo;
}

static int memblock_full(const struct memblock_type *type)
{
	pr_err("memblock: %s array is full (%lu regions); kmm does not grow it\n", type->name,
	       type->max);
	return -ENOMEM;
}

/* Insert a region at @idx; the caller checked that there is room. */
static void memblock_insert_region(struct memblock_type *type, unsigned long idx, phys_addr_t base,
				   phys_addr_t size, int nid, enum memblock_flags flags)
{
	struct memblock_region *r = &type->regions[idx];

	memmove(r + 1, r, (type->cnt - idx) * sizeof(*r));
	*r = (struct memblock_region){.base = base, .size = size, .flags = flags, .nid = nid};
	type->cnt++;
	type->total_size += size;
}

/* Drop regions [start, end). */
static void memblock_remove_regions(struct memblock_type *type, int start, int end)
{
	for (int i = start; i < end; i++)
		type->total_size -= type->regions[i].size;
	memmove(&type->regions[start], &type->regions[end],
		(type->cnt - (unsigned long)end) * sizeof(type->regions[0]));
	type->cnt -= (unsigned long)(end - start);
}

/* Merge every pair of touching neighbours with equal nid and flags. */
static void memblock_merge_regions(struct memblock_type *type)
{
	unsigned long i = 0;

	while (i + 1 < type->cnt) {
		struct memblock_region *this = &type->regions[i], *next = this + 1;

		if (this->base + this->size != next->base || this->nid != next->nid ||
		    this->flags != next->flags) {
			i++;
			continue;
		}
		this->size += next->size;
		memmove(next, next + 1, (type->cnt - (i + 2)) * sizeof(*next));
		type->cnt--;
	}
}

/*
 * The parts of [base, end) not covered by @type: count them, and insert
 * them too when @insert is set.  Returns the number of parts.
 */
static int memblock_fill_gaps(struct memblock_type *type, phys_addr_t base, phys_addr_t end,
			      int nid, enum memblock_flags flags, bool insert)
{
	unsigned long idx;
	int parts = 0;

	for (idx = 0; idx < type->cnt && base < end; idx++) {
		phys_addr_t rbase = type->regions[idx].base;
		phys_addr_t rend = rbase + type->regions[idx].size;

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		if (rbase > base) {
			parts++;
			if (insert)
				memblock_insert_region(type, idx++, base, rbase - base, nid, flags);
		}
		base = min(rend, end);
	}
	if (base < end) {
		parts++;
		if (insert)
			memblock_insert_region(type, idx, base, end - base, nid, flags);
	}
	return parts;
}

/* Add [base, base + size) to @type: only what is missing gets @nid and @flags. */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size,
			      int nid, enum memblock_flags flags)
{
	phys_addr_t end;
	int parts;

	if (!size)
		return 0;
	end = base + memblock_cap_size(base, &size);
	parts = memblock_fill_gaps(type, base, end, nid, flags, false);
	if (type->cnt + (unsigned long)parts > type->max)
		return memblock_full(type);
	memblock_fill_gaps(type, base, end, nid, flags, true);
	memblock_merge_regions(type);
	return 0;
}

/* Does a region contain @addr without starting there (so a split is due)? */
static bool memblock_splits_at(const struct memblock_type *type, phys_addr_t addr)
{
	int i = memblock_search(type, addr);

	return i >= 0 && type->regions[i].base != addr;
}

/* Split the region that contains @addr at @addr; the caller made sure of room. */
static void memblock_split_at(struct memblock_type *type, phys_addr_t addr)
{
	int i = memblock_search(type, addr);
	struct memblock_region *r;

	if (i < 0 || type->regions[i].base == addr)
		return;
	r = &type->regions[i];
	memmove(r + 1, r, (type->cnt - (unsigned long)i) * sizeof(*r));
	type->cnt++;
	r[1].base = addr;
	r[1].size = r->base + r->size - addr;
	r->size = addr - r->base;
}

/*
 * Split regions so that [base, base + size) is exactly regions
 * [*start_rgn, *end_rgn) (an empty span if nothing lies there).
 */
static int memblock_isolate_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size,
				  int *start_rgn, int *end_rgn)
{
	phys_addr_t end;
	unsigned long splits;

	*start_rgn = *end_rgn = 0;
	if (!size)
		return 0;
	end = base + memblock_cap_size(base, &size);
	splits = memblock_splits_at(type, base) + memblock_splits_at(type, end);
	if (type->cnt + splits > type->max)
		return memblock_full(type);
	memblock_split_at(type, base);
	memblock_split_at(type, end);
	*start_rgn = memblock_first_from(type, base);
	*end_rgn = memblock_first_from(type, end);
	return 0;
}

static int memblock_remove_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size)
{
	int start, end, ret;

	ret = memblock_isolate_range(type, base, size, &start, &end);
	if (ret)
		return ret;
	memblock_remove_regions(type, start, end);
	return 0;
}

/* Set (@set) or clear @flag on the memory regions of [base, base + size). */
static int memblock_setclr_flag(struct memblock_type *type, phys_addr_t base, phys_addr_t size,
				bool set, enum memblock_flags flag)
{
	int start, end, ret;

	ret = memblock_isolate_range(type, base, size, &start, &end);
	if (ret)
		return ret;
	for (int i = start; i < end; i++) {
		if (set)
			type->regions[i].flags |= flag;
		else
			type->regions[i].flags &= ~flag;
	}
	memblock_merge_regions(type);
	return 0;
}

/* ---------------------------------------------------------------------------
 * Building the lists
 * ------------------------------------------------------------------------- */

/**
 * memblock_add_node - add RAM of a known node
 * @base: physical start
 * @size: length in bytes (0: nothing happens; clamped at the end of the
 *	address space)
 * @nid: its node
 * @flags: its enum memblock_flags
 *
 * Parts of the range already in memblock.memory keep their node and flags.
 *
 * Context: boot, single-threaded.
 * Return: 0, or -ENOMEM when the region array is full.
 */
int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid, enum memblock_flags flags)
{
	memblock_dbg("%s: [0x%016llx-0x%016llx] nid=%d flags=%x", __func__, PA(base),
		     PA(base + size - 1), nid, flags);
	return memblock_add_range(&memblock.memory, base, size, nid, flags);
}

/**
 * memblock_add - add RAM whose node is not known yet
 * @base: physical start
 * @size: length in bytes (0: nothing happens)
 *
 * The new regions have nid MAX_NUMNODES until memblock_set_node().
 *
 * Context: boot, single-threaded.
 * Return: 0, or -ENOMEM when the region array is full.
 */
int memblock_add(phys_addr_t base, phys_addr_t size)
{
	memblock_dbg("%s: [0x%016llx-0x%016llx]", __func__, PA(base), PA(base + size - 1));
	return memblock_add_range(&memblock.memory, base, size, MAX_NUMNODES, MEMBLOCK_NONE);
}

/**
 * memblock_remove - take a range out of memblock.memory
 * @base: physical start
 * @size: length in bytes (0: nothing happens)
 *
 * Regions that straddle the range are split; reservations stay.
 *
 * Context: boot, single-threaded.
 * Return: 0, or -ENOMEM when a split finds the region array full.
 */
int memblock_remove(phys_addr_t base, phys_addr_t size)
{
	memblock_dbg("%s: [0x%016llx-0x%016llx]", __func__, PA(base), PA(base + size - 1));
	return memblock_remove_range(&memblock.memory, base, size);
}

/**
 * memblock_reserve - mark a range as in use
 * @base: physical start
 * @size: length in bytes (0: nothing happens)
 *
 * The range need not be memory (firmware tables may lie in holes).
 *
 * Context: boot, single-threaded.
 * Return: 0, or -ENOMEM when the region array is full.
 */
int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	memblock_dbg("%s: [0x%016llx-0x%016llx]", __func__, PA(base), PA(base + size - 1));
	return memblock_add_range(&memblock.reserved, base, size, MAX_NUMNODES, MEMBLOCK_NONE);
}

/* After the hand-over: warn once, then let the page allocator take the range. */
static void memblock_free_late_warn(phys_addr_t base, phys_addr_t size, const char *func)
{
	if (memblock_once(&memblock_warned_free))
		WARN(1, "memblock: %s() called after memblock_free_all(); freeing pages\n", func);
	if (size)
		late_free_range(base, size);
}

/**
 * memblock_phys_free - give back a boot allocation (physical address)
 * @base: physical start
 * @size: length in bytes (0: nothing happens)
 *
 * Before the hand-over this only removes the range from memblock.reserved.
 * After it, it warns once and frees the whole pages of the range to the page
 * allocator.
 *
 * Context: boot, single-threaded.
 * Return: 0, or -ENOMEM when a split finds the region array full.
 */
int memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	memblock_dbg("%s: [0x%016llx-0x%016llx]", __func__, PA(base), PA(base + size - 1));
	if (memblock_handed_over) {
		memblock_free_late_warn(base, size, __func__);
		return 0;
	}
	return memblock_remove_range(&memblock.reserved, base, size);
}

/**
 * memblock_free - give back a boot allocation (virtual address)
 * @ptr: what memblock_alloc*() returned, or NULL (nothing happens)
 * @size: its size
 *
 * Context: boot, single-threaded; after the hand-over as memblock_phys_free().
 */
void memblock_free(void *ptr, size_t size)
{
	memblock_dbg("%s: [0x%016llx-0x%016llx]", __func__, PA(ptr ? __pa(ptr) : 0),
		     PA((ptr ? __pa(ptr) : 0) + size - 1));
	if (!ptr)
		return;
	if (memblock_handed_over) {
		memblock_free_late_warn(__pa(ptr), size, __func__);
		return;
	}
	memblock_remove_range(&memblock.reserved, __pa(ptr), size);
}

/**
 * memblock_free_late - free boot memory after the hand-over
 * @base: physical start
 * @size: length in bytes; only whole pages inside the range are freed
 *
 * The legitimate way to release a boot reservation once the buddy allocator
 * runs; before the hand-over it is memblock_phys_free().
 *
 * Context: process context.
 */
void memblock_free_late(phys_addr_t base, phys_addr_t size)
{
	memblock_dbg("%s: [0x%016llx-0x%016llx]", __func__, PA(base), PA(base + size - 1));
	if (!memblock_handed_over) {
		memblock_remove_range(&memblock.reserved, base, size);
		return;
	}
	if (size)
		late_free_range(base, size);
}

/**
 * memblock_set_node - assign a node to the regions of a range
 * @base: physical start
 * @size: length in bytes
 * @type: &memblock.memory or &memblock.reserved
 * @nid: the node
 *
 * Context: boot, single-threaded.
 * Return: 0, or -ENOMEM when a split finds the region array full.
 */
int memblock_set_node(phys_addr_t base, phys_addr_t size, struct memblock_type *type, int nid)
{
	int start, end, ret;

	ret = memblock_isolate_range(type, base, size, &start, &end);
	if (ret)
		return ret;
	for (int i = start; i < end; i++)
		memblock_set_region_node(&type->regions[i], nid);
	memblock_merge_regions(type);
	return 0;
}

/**
 * memblock_mark_hotplug - flag memory as hot-pluggable
 * @base: physical start
 * @size: length in bytes
 *
 * Context: boot, single-threaded.
 * Return: 0, or -ENOMEM when a split finds the region array full.
 */
int memblock_mark_hotplug(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, true, MEMBLOCK_HOTPLUG);
}

/**
 * memblock_clear_hotplug - clear MEMBLOCK_HOTPLUG on a range
 * @base: physical start
 * @size: length in bytes
 *
 * Context: boot, single-threaded.
 * Return: 0, or -ENOMEM when a split finds the region array full.
 */
int memblock_clear_hotplug(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, false, MEMBLOCK_HOTPLUG);
}

/**
 * memblock_mark_mirror - flag memory as mirrored
 * @base: physical start
 * @size: length in bytes
 *
 * From then on allocations try mirrored memory first.
 *
 * Context: boot, single-threaded.
 * Return: 0, or -ENOMEM when a split finds the region array full.
 */
int memblock_mark_mirror(phys_addr_t base, phys_addr_t size)
{
	memblock_has_mirror = true;
	return memblock_setclr_flag(&memblock.memory, base, size, true, MEMBLOCK_MIRROR);
}

/**
 * memblock_mark_nomap - keep memory out of the direct map and the allocators
 * @base: physical start
 * @size: length in bytes
 *
 * NOMAP memory is never allocated, is skipped by for_each_mem_range(), is not
 * freed by memblock_free_all(), and its pages are marked PG_reserved.
 *
 * Context: boot, single-threaded (before the direct map is built).
 * Return: 0, or -ENOMEM when a split finds the region array full.
 */
int memblock_mark_nomap(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, true, MEMBLOCK_NOMAP);
}

/**
 * memblock_reserved_mark_noinit - leave the struct pages of reserved memory alone
 * @base: physical start
 * @size: length in bytes
 *
 * The reserved regions of [base, base + size) get MEMBLOCK_RSRV_NOINIT:
 * memblock_free_all() does not mark their pages PG_reserved, so their
 * struct pages are never written.  For memory that is never freed and whose
 * struct pages nobody needs, such as the memmap's own backing (mm/sparse.c),
 * whose 64 bytes per page would otherwise cost the host a page of struct
 * pages for every 64 pages of memmap.  The debug walkers count such pages
 * as reserved (memblock_noinit_pfn()).
 *
 * Context: boot, single-threaded, before memblock_free_all().
 * Return: 0, or -ENOMEM when a split finds the region array full.
 */
int memblock_reserved_mark_noinit(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.reserved, base, size, true, MEMBLOCK_RSRV_NOINIT);
}

/*
 * Is @pfn in a MEMBLOCK_RSRV_NOINIT region?  If so and @end is not NULL,
 * *@end is the first pfn after the region.  Context: any (reads only).
 */
bool memblock_noinit_pfn(unsigned long pfn, unsigned long *end)
{
	int i = memblock_search(&memblock.reserved, PFN_PHYS(pfn));
	struct memblock_region *r;

	if (i < 0 || !memblock_is_reserved_noinit(r = &memblock.reserved.regions[i]))
		return false;
	if (end)
		*end = PFN_UP(r->base + r->size);
	return true;
}

/**
 * memblock_clear_nomap - undo memblock_mark_nomap()
 * @base: physical start
 * @size: length in bytes
 *
 * Context: boot, single-threaded.
 * Return: 0, or -ENOMEM when a split finds the region array full.
 */
int memblock_clear_nomap(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, false, MEMBLOCK_NOMAP);
}

/* ---------------------------------------------------------------------------
 * Iterators
 * ------------------------------------------------------------------------- */

/* Should an iteration filtered by @nid and @flags leave out region @m? */
static bool memblock_skip_region(const struct memblock_type *type, const struct memblock_region *m,
				 int nid, enum memblock_flags flags)
{
	if (type != &memblock.memory)
		return false; /* only memory regions have nodes and attributes */
	if (memblock_valid_nid(nid) && nid != m->nid)
		return true;
	if ((flags & MEMBLOCK_MIRROR) && !memblock_is_mirror(m))
		return true;
	if (!(flags & MEMBLOCK_NOMAP) && memblock_is_nomap(m))
		return true;
	if (!(flags & MEMBLOCK_DRIVER_MANAGED) && memblock_is_driver_managed(m))
		return true;
	return false;
}

/*
 * Gap @j of @type: [end of region j-1, start of region j), where region -1
 * ends at 0 and region cnt starts at PHYS_ADDR_MAX.
 */
static void memblock_gap(const struct memblock_type *type, long j, phys_addr_t *start,
			 phys_addr_t *end)
{
	const struct memblock_region *r = type->regions;

	*start = j ? r[j - 1].base + r[j - 1].size : 0;
	*end = (unsigned long)j < type->cnt ? r[j].base : PHYS_ADDR_MAX;
}

static void memblock_out(phys_addr_t start, phys_addr_t end, int nid, phys_addr_t *out_start,
			 phys_addr_t *out_end, int *out_nid)
{
	if (out_start)
		*out_start = start;
	if (out_end)
		*out_end = end;
	if (out_nid)
		*out_nid = nid;
}

/* The cursor: index into @type_a in the low half, gap of @type_b in the high. */
static u64 memblock_cursor(long a, long b)
{
	return (u64)(u32)a | ((u64)(u32)b << 32);
}

/**
 * __next_mem_range - next range of @type_a not covered by @type_b
 * @idx: the cursor, 0 to start; ULLONG_MAX when there is no more
 * @nid: node filter for memory regions (NUMA_NO_NODE: any)
 * @flags: attribute filter for memory regions
 * @type_a: ranges to walk
 * @type_b: ranges to leave out, or NULL
 * @out_start: start of the range found (may be NULL)
 * @out_end: its end, exclusive (may be NULL)
 * @out_nid: the node of the @type_a region it lies in (may be NULL)
 *
 * Walks the regions of @type_a and the gaps of @type_b together, low to
 * high; each output is the overlap of one region with one gap.
 *
 * Context: boot; the lists must not change during a walk.
 */
void __next_mem_range(u64 *idx, int nid, enum memblock_flags flags, struct memblock_type *type_a,
		      struct memblock_type *type_b, phys_addr_t *out_start, phys_addr_t *out_end,
		      int *out_nid)
{
	long a = (long)(u32)*idx, b = (long)(u32)(*idx >> 32);

	for (; (unsigned long)a < type_a->cnt; a++) {
		const struct memblock_region *m = &type_a->regions[a];
		phys_addr_t m_start = m->base, m_end = m->base + m->size, g_start, g_end;

		if (memblock_skip_region(type_a, m, nid, flags))
			continue;
		if (!type_b) {
			memblock_out(m_start, m_end, m->nid, out_start, out_end, out_nid);
			*idx = memblock_cursor(a + 1, b);
			return;
		}
		for (; (unsigned long)b <= type_b->cnt; b++) {
			memblock_gap(type_b, b, &g_start, &g_end);
			if (g_start >= m_end)
				break; /* the rest of the gaps lie above this region */
			if (g_end <= m_start)
				continue;
			memblock_out(max(m_start, g_start), min(m_end, g_end), m->nid, out_start,
				     out_end, out_nid);
			/* move past whichever ends first; the other may overlap more */
			*idx = m_end <= g_end ? memblock_cursor(a + 1, b)
					      : memblock_cursor(a, b + 1);
			return;
		}
	}
	*idx = ULLONG_MAX;
}

/**
 * __next_mem_range_rev - __next_mem_range(), high to low
 * @idx: the cursor, ULLONG_MAX to start; ULLONG_MAX when there is no more
 * @nid: node filter for memory regions (NUMA_NO_NODE: any)
 * @flags: attribute filter for memory regions
 * @type_a: ranges to walk
 * @type_b: ranges to leave out, or NULL
 * @out_start: start of the range found (may be NULL)
 * @out_end: its end, exclusive (may be NULL)
 * @out_nid: the node of the @type_a region it lies in (may be NULL)
 *
 * Context: boot; the lists must not change during a walk.
 */
void __next_mem_range_rev(u64 *idx, int nid, enum memblock_flags flags,
			  struct memblock_type *type_a, struct memblock_type *type_b,
			  phys_addr_t *out_start, phys_addr_t *out_end, int *out_nid)
{
	long a = (long)(s32)(u32)*idx, b = (long)(s32)(u32)(*idx >> 32);

	if (*idx == ULLONG_MAX) {
		a = (long)type_a->cnt - 1;
		b = type_b ? (long)type_b->cnt : 0;
	}
	for (; a >= 0; a--) {
		const struct memblock_region *m = &type_a->regions[a];
		phys_addr_t m_start = m->base, m_end = m->base + m->size, g_start, g_end;

		if (memblock_skip_region(type_a, m, nid, flags))
			continue;
		if (!type_b) {
			memblock_out(m_start, m_end, m->nid, out_start, out_end, out_nid);
			*idx = memblock_cursor(a - 1, b);
			return;
		}
		for (; b >= 0; b--) {
			memblock_gap(type_b, b, &g_start, &g_end);
			if (g_end <= m_start)
				break; /* the rest of the gaps lie below this region */
			if (g_start >= m_end)
				continue;
			memblock_out(max(m_start, g_start), min(m_end, g_end), m->nid, out_start,
				     out_end, out_nid);
			*idx = m_start >= g_start ? memblock_cursor(a - 1, b)
						  : memblock_cursor(a, b - 1);
			return;
		}
	}
	*idx = ULLONG_MAX;
}

/**
 * __next_mem_pfn_range - next memory region of a node, as whole pages
 * @idx: the cursor, -1 to start; -1 when there is no more
 * @nid: the node, or MAX_NUMNODES (or NUMA_NO_NODE) for every node
 * @out_start_pfn: first whole page (may be NULL)
 * @out_end_pfn: one past the last whole page (may be NULL)
 * @out_nid: the region's node (may be NULL)
 *
 * Regions without a whole page are skipped.
 *
 * Context: boot; the lists must not change during a walk.
 */
void __next_mem_pfn_range(int *idx, int nid, unsigned long *out_start_pfn,
			  unsigned long *out_end_pfn, int *out_nid)
{
	const struct memblock_type *type = &memblock.memory;
	const struct memblock_region *r;

	while (++*idx < (int)type->cnt) {
		r = &type->regions[*idx];
		if (memblock_region_memory_base_pfn(r) >= memblock_region_memory_end_pfn(r))
			continue;
		if (!memblock_valid_nid(nid) || r->nid == nid)
			break;
	}
	if (*idx >= (int)type->cnt) {
		*idx = -1;
		return;
	}
	r = &type->regions[*idx];
	if (out_start_pfn)
		*out_start_pfn = memblock_region_memory_base_pfn(r);
	if (out_end_pfn)
		*out_end_pfn = memblock_region_memory_end_pfn(r);
	if (out_nid)
		*out_nid = r->nid;
}

/* ---------------------------------------------------------------------------
 * Allocation
 * ------------------------------------------------------------------------- */

static phys_addr_t memblock_find_bottom_up(phys_addr_t start, phys_addr_t end, phys_addr_t size,
					   phys_addr_t align, int nid, enum memblock_flags flags)
{
	phys_addr_t this_start, this_end, cand;
	u64 i;

	for_each_free_mem_range(i, nid, flags, &this_start, &this_end, NULL) {
		this_start = clamp(this_start, start, end);
		this_end = clamp(this_end, start, end);
		cand = round_up(this_start, align);
		if (cand >= this_start && cand < this_end && this_end - cand >= size)
			return cand;
	}
	return 0;
}

static phys_addr_t memblock_find_top_down(phys_addr_t start, phys_addr_t end, phys_addr_t size,
					  phys_addr_t align, int nid, enum memblock_flags flags)
{
	phys_addr_t this_start, this_end, cand;
	u64 i;

	for_each_free_mem_range_reverse(i, nid, flags, &this_start, &this_end, NULL) {
		this_start = clamp(this_start, start, end);
		this_end = clamp(this_end, start, end);
		if (this_end < size)
			continue;
		cand = round_down(this_end - size, align);
		if (cand >= this_start)
			return cand;
	}
	return 0;
}

/* A free, aligned range of @size in [start, end) on @nid; 0 if none. */
static phys_addr_t memblock_find_in_range_node(phys_addr_t size, phys_addr_t align,
					       phys_addr_t start, phys_addr_t end, int nid,
					       enum memblock_flags flags)
{
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE || end == MEMBLOCK_ALLOC_NOLEAKTRACE)
		end = memblock.current_limit;
	start = max_t(phys_addr_t, start, PAGE_SIZE); /* never hand out page 0 */
	end = max(start, end);
	if (memblock.bottom_up)
		return memblock_find_bottom_up(start, end, size, align, nid, flags);
	return memblock_find_top_down(start, end, size, align, nid, flags);
}

/* Find and reserve; 0 if nothing fits or the reservation fails. */
static phys_addr_t memblock_find_and_reserve(phys_addr_t size, phys_addr_t align, phys_addr_t start,
					     phys_addr_t end, int nid, enum memblock_flags flags)
{
	phys_addr_t found = memblock_find_in_range_node(size, align, start, end, nid, flags);

	if (found && !memblock_reserve(found, size))
		return found;
	return 0;
}

/* After the hand-over: warn once, then zeroed pages from the page allocator. */
static void *memblock_alloc_late(phys_addr_t size, phys_addr_t max_addr, int nid, const char *func)
{
	if (memblock_once(&memblock_warned_alloc))
		WARN(1, "memblock: %s() called after memblock_free_all(); allocating pages\n",
		     func);
	if (!size)
		return NULL;
	return late_alloc_pages(size, max_addr, memblock_valid_nid(nid) ? nid : NUMA_NO_NODE);
}

static phys_addr_t memblock_fix_align(phys_addr_t align)
{
	if (align)
		return align;
	if (memblock_once(&memblock_warned_align)) {
		pr_warn("memblock: allocation with align 0; using SMP_CACHE_BYTES\n");
		dump_stack();
	}
	return SMP_CACHE_BYTES;
}

/**
 * memblock_alloc_range_nid - allocate boot memory (the core of every variant)
 * @size: bytes
 * @align: alignment, a power of two (0: SMP_CACHE_BYTES, with a warning)
 * @start: lowest acceptable address
 * @end: one past the highest; MEMBLOCK_ALLOC_ACCESSIBLE for
 *	memblock.current_limit, MEMBLOCK_ALLOC_ANYWHERE for no limit
 * @nid: preferred node, NUMA_NO_NODE for any
 * @exact_nid: do not fall back to other nodes
 *
 * Tries node @nid, then (unless @exact_nid) any node; with mirrored memory
 * on the machine, mirrored memory first, then any.  The range found is
 * reserved.  After the hand-over: warns once and returns __pa() of pages
 * from the page allocator.
 *
 * Context: boot, single-threaded.
 * Return: the physical address, or 0 on failure.
 */
phys_addr_t memblock_alloc_range_nid(phys_addr_t size, phys_addr_t align, phys_addr_t start,
				     phys_addr_t end, int nid, bool exact_nid)
{
	enum memblock_flags flags = memblock_has_mirror ? MEMBLOCK_MIRROR : MEMBLOCK_NONE;
	phys_addr_t found;

	if (memblock_handed_over) {
		void *ptr = memblock_alloc_late(size, end, nid, __func__);

		return ptr ? __pa(ptr) : 0;
	}
	if (WARN_ONCE(nid == MAX_NUMNODES,
		      "Usage of MAX_NUMNODES is deprecated. Use NUMA_NO_NODE instead\n"))
		nid = NUMA_NO_NODE;
	align = memblock_fix_align(align);
	for (;;) {
		found = memblock_find_and_reserve(size, align, start, end, nid, flags);
		if (!found && memblock_valid_nid(nid) && !exact_nid)
			found = memblock_find_and_reserve(size, align, start, end, NUMA_NO_NODE,
							  flags);
		if (found || !(flags & MEMBLOCK_MIRROR))
			return found;
		flags &= ~MEMBLOCK_MIRROR;
		pr_warn_ratelimited("Could not allocate %llu bytes of mirrored memory\n", PA(size));
	}
}

/**
 * memblock_phys_alloc_range - allocate boot memory in a physical range
 * @size: bytes
 * @align: alignment (0: SMP_CACHE_BYTES, with a warning)
 * @start: lowest acceptable address
 * @end: one past the highest (MEMBLOCK_ALLOC_ACCESSIBLE: current limit)
 *
 * Context: boot, single-threaded.
 * Return: the physical address, or 0 on failure.  Not zeroed.
 */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align, phys_addr_t start,
				      phys_addr_t end)
{
	memblock_dbg("%s: %llu bytes align=0x%llx from=0x%016llx max_addr=0x%016llx", __func__,
		     PA(size), PA(align), PA(start), PA(end));
	return memblock_alloc_range_nid(size, align, start, end, NUMA_NO_NODE, false);
}

/**
 * memblock_phys_alloc_try_nid - allocate boot memory, preferably on a node
 * @size: bytes
 * @align: alignment (0: SMP_CACHE_BYTES, with a warning)
 * @nid: preferred node (NUMA_NO_NODE: any)
 *
 * Context: boot, single-threaded.
 * Return: the physical address (below memblock.current_limit), or 0.
 */
phys_addr_t memblock_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align, int nid)
{
	return memblock_alloc_range_nid(size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE, nid, false);
}

/* Below the current limit; retry from 0 if @min_addr was too demanding. */
static void *memblock_alloc_internal(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
				     phys_addr_t max_addr, int nid, bool exact_nid,
				     const char *func)
{
	phys_addr_t pa;

	if (memblock_handed_over)
		return memblock_alloc_late(size, max_addr, nid, func);
	if (max_addr > memblock.current_limit)
		max_addr = memblock.current_limit;
	pa = memblock_alloc_range_nid(size, align, min_addr, max_addr, nid, exact_nid);
	if (!pa && min_addr)
		pa = memblock_alloc_range_nid(size, align, 0, max_addr, nid, exact_nid);
	return pa ? phys_to_virt(pa) : NULL;
}

/**
 * memblock_alloc_exact_nid_raw - allocate on exactly one node, not zeroed
 * @size: bytes
 * @align: alignment (0: SMP_CACHE_BYTES, with a warning)
 * @min_addr: preferred lowest address (dropped if nothing fits above it)
 * @max_addr: one past the highest (capped at memblock.current_limit)
 * @nid: the node
 *
 * Context: boot, single-threaded.
 * Return: the virtual address, or NULL.
 */
void *memblock_alloc_exact_nid_raw(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
				   phys_addr_t max_addr, int nid)
{
	memblock_dbg("%s: %llu bytes align=0x%llx nid=%d from=0x%016llx max_addr=0x%016llx",
		     __func__, PA(size), PA(align), nid, PA(min_addr), PA(max_addr));
	return memblock_alloc_internal(size, align, min_addr, max_addr, nid, true, __func__);
}

/**
 * memblock_alloc_try_nid_raw - allocate boot memory, not zeroed
 * @size: bytes
 * @align: alignment (0: SMP_CACHE_BYTES, with a warning)
 * @min_addr: preferred lowest address (dropped if nothing fits above it)
 * @max_addr: one past the highest (MEMBLOCK_ALLOC_ACCESSIBLE: current
 *	limit; capped at it in any case)
 * @nid: preferred node (NUMA_NO_NODE: any)
 *
 * Context: boot, single-threaded.
 * Return: the virtual address in the direct map, or NULL.
 */
void *memblock_alloc_try_nid_raw(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
				 phys_addr_t max_addr, int nid)
{
	memblock_dbg("%s: %llu bytes align=0x%llx nid=%d from=0x%016llx max_addr=0x%016llx",
		     __func__, PA(size), PA(align), nid, PA(min_addr), PA(max_addr));
	return memblock_alloc_internal(size, align, min_addr, max_addr, nid, false, __func__);
}

/**
 * memblock_alloc_try_nid - allocate zeroed boot memory
 * @size: bytes
 * @align: alignment (0: SMP_CACHE_BYTES, with a warning)
 * @min_addr: preferred lowest address (dropped if nothing fits above it)
 * @max_addr: one past the highest (MEMBLOCK_ALLOC_ACCESSIBLE: current
 *	limit; capped at it in any case)
 * @nid: preferred node (NUMA_NO_NODE: any)
 *
 * Context: boot, single-threaded.
 * Return: the virtual address in the direct map, or NULL.
 */
void *memblock_alloc_try_nid(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
			     phys_addr_t max_addr, int nid)
{
	void *ptr;

	memblock_dbg("%s: %llu bytes align=0x%llx nid=%d from=0x%016llx max_addr=0x%016llx",
		     __func__, PA(size), PA(align), nid, PA(min_addr), PA(max_addr));
	ptr = memblock_alloc_internal(size, align, min_addr, max_addr, nid, false, __func__);
	if (ptr)
		memset(ptr, 0, size);
	return ptr;
}

/**
 * __memblock_alloc_or_panic - memblock_alloc() that cannot fail
 * @size: bytes
 * @align: alignment
 * @func: the caller, for the message
 *
 * Context: boot, single-threaded.
 * Return: zeroed memory; panics when there is none.
 */
void *__memblock_alloc_or_panic(phys_addr_t size, phys_addr_t align, const char *func)
{
	void *ptr = memblock_alloc(size, align);

	if (unlikely(!ptr))
		panic("%s: Failed to allocate %llu bytes\n", func, PA(size));
	return ptr;
}

/* ---------------------------------------------------------------------------
 * The hand-over
 * ------------------------------------------------------------------------- */

/* PG_reserved on every page [start, end) touches that has a struct page. */
static void memblock_reserve_pages(phys_addr_t start, phys_addr_t end)
{
	unsigned long pfn = PFN_DOWN(start), last = min(PFN_UP(end), (u64)max_pfn);

	for (; pfn < last; pfn++)
		if (pfn_valid(pfn))
			__SetPageReserved(pfn_to_page(pfn));
}

/* Reserved parts of memory, and all NOMAP memory, become PG_reserved. */
static void memblock_mark_reserved_pages(void)
{
	struct memblock_region *m, *r;

	for_each_mem_region(m) {
		phys_addr_t m_end = m->base + m->size;

		if (memblock_is_nomap(m)) {
			memblock_reserve_pages(m->base, m_end);
			continue;
		}
		for_each_reserved_mem_region(r) {
			phys_addr_t s = max(m->base, r->base), e = min(m_end, r->base + r->size);

			if (r->base >= m_end)
				break;
			if (s < e && !memblock_is_reserved_noinit(r))
				memblock_reserve_pages(s, e);
		}
	}
}

/* Free the whole pages of [start, end) in the largest aligned blocks. */
static unsigned long memblock_free_pages_range(phys_addr_t start, phys_addr_t end)
{
	unsigned long pfn = PFN_UP(start), last = min(PFN_DOWN(end), (u64)max_pfn);
	unsigned long freed = 0;

	while (pfn < last) {
		unsigned int order =
			pfn ? min_t(unsigned int, __ffs(pfn), MAX_PAGE_ORDER) : MAX_PAGE_ORDER;

		while (pfn + (1UL << order) > last)
			order--;
		if (pfn_valid(pfn)) {
			__free_pages_core(pfn_to_page(pfn), order);
			freed += 1UL << order;
		}
		pfn += 1UL << order;
	}
	return freed;
}

/**
 * memblock_free_all - hand all free memory to the buddy allocator
 *
 * Marks the pages of reserved memory (and of NOMAP memory) PG_reserved,
 * then frees every whole free page below max_pfn that has a struct page with
 * __free_pages_core(), in naturally aligned blocks of order up to
 * MAX_PAGE_ORDER.  From then on memblock_handed_over is true.
 *
 * Context: boot (mem_init()), single-threaded, after the struct pages and
 * zones exist.
 * Return: the number of pages freed.
 */
unsigned long memblock_free_all(void)
{
	phys_addr_t start, end;
	unsigned long count = 0;
	u64 i;

	if (WARN_ON_ONCE(memblock_handed_over))
		return 0;
	memblock_mark_reserved_pages();
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL)
		count += memblock_free_pages_range(start, end);
	memblock_handed_over = true;
	return count;
}

/* ---------------------------------------------------------------------------
 * Queries
 * ------------------------------------------------------------------------- */

/**
 * memblock_phys_mem_size - bytes of RAM in memblock.memory
 *
 * Context: any (reads only).
 * Return: memblock.memory.total_size.
 */
phys_addr_t memblock_phys_mem_size(void)
{
	return memblock.memory.total_size;
}

/**
 * memblock_reserved_size - bytes in memblock.reserved
 *
 * Context: any (reads only).
 * Return: memblock.reserved.total_size.
 */
phys_addr_t memblock_reserved_size(void)
{
	return memblock.reserved.total_size;
}

/**
 * memblock_start_of_DRAM - lowest address of RAM
 *
 * Context: any (reads only).
 * Return: the base of the first memory region, 0 if there is none.
 */
phys_addr_t memblock_start_of_DRAM(void)
{
	return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

/**
 * memblock_end_of_DRAM - one past the highest address of RAM
 *
 * Context: any (reads only).
 * Return: the end of the last memory region, 0 if there is none.
 */
phys_addr_t memblock_end_of_DRAM(void)
{
	const struct memblock_type *t = &memblock.memory;

	return t->cnt ? t->regions[t->cnt - 1].base + t->regions[t->cnt - 1].size : 0;
}

/**
 * memblock_is_memory - is an address RAM?
 * @addr: physical address
 *
 * Context: any (reads only).
 * Return: true if a memory region contains @addr.
 */
bool memblock_is_memory(phys_addr_t addr)
{
	return memblock_search(&memblock.memory, addr) != -1;
}

/**
 * memblock_is_map_memory - is an address RAM in the direct map?
 * @addr: physical address
 *
 * Context: any (reads only).
 * Return: true if a memory region without MEMBLOCK_NOMAP contains @addr.
 */
bool memblock_is_map_memory(phys_addr_t addr)
{
	int i = memblock_search(&memblock.memory, addr);

	return i != -1 && !memblock_is_nomap(&memblock.memory.regions[i]);
}

/**
 * memblock_is_region_memory - is a whole range inside one memory region?
 * @base: physical start
 * @size: length in bytes
 *
 * Context: any (reads only).
 * Return: true if the memory region containing @base also holds its end.
 */
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size)
{
	int i = memblock_search(&memblock.memory, base);
	phys_addr_t end = base + memblock_cap_size(base, &size);

	return i != -1 && memblock.memory.regions[i].base + memblock.memory.regions[i].size >= end;
}

/**
 * memblock_is_reserved - is an address reserved?
 * @addr: physical address
 *
 * Context: any (reads only).
 * Return: true if a reserved region contains @addr.
 */
bool memblock_is_reserved(phys_addr_t addr)
{
	return memblock_search(&memblock.reserved, addr) != -1;
}

/**
 * memblock_overlaps_region - does a range touch any region of a type?
 * @type: the list
 * @base: physical start
 * @size: length in bytes
 *
 * Context: any (reads only).
 * Return: true if some region of @type overlaps [base, base + size).
 */
bool memblock_overlaps_region(struct memblock_type *type, phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + memblock_cap_size(base, &size);
	int i = memblock_first_from(type, end);

	/* only the last region starting below @end can reach into the range */
	return i > 0 && type->regions[i - 1].base + type->regions[i - 1].size > base;
}

/**
 * memblock_is_region_reserved - does a range touch reserved memory?
 * @base: physical start
 * @size: length in bytes
 *
 * Context: any (reads only).
 * Return: true if any reserved region overlaps [base, base + size).
 */
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size)
{
	return memblock_overlaps_region(&memblock.reserved, base, size);
}

/**
 * memblock_search_pfn_nid - the memory region of a page
 * @pfn: the page
 * @start_pfn: set to the region's first page
 * @end_pfn: set to one past its last page
 *
 * Context: any (reads only).
 * Return: the region's node, or -1 if @pfn is not memory.
 */
int memblock_search_pfn_nid(unsigned long pfn, unsigned long *start_pfn, unsigned long *end_pfn)
{
	const struct memblock_type *t = &memblock.memory;
	int i = memblock_search(t, PFN_PHYS(pfn));

	if (i == -1)
		return -1;
	*start_pfn = PFN_DOWN(t->regions[i].base);
	*end_pfn = PFN_DOWN(t->regions[i].base + t->regions[i].size);
	return t->regions[i].nid;
}

/**
 * memblock_set_current_limit - set what MEMBLOCK_ALLOC_ACCESSIBLE means
 * @limit: one past the highest address allocations may return
 *
 * Context: boot, single-threaded.
 */
void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

/**
 * memblock_get_current_limit - what MEMBLOCK_ALLOC_ACCESSIBLE means
 *
 * Context: any (reads only).
 * Return: memblock.current_limit.
 */
phys_addr_t memblock_get_current_limit(void)
{
	return memblock.current_limit;
}

/* ---------------------------------------------------------------------------
 * Debugging and checks
 * ------------------------------------------------------------------------- */

/**
 * memblock_set_debug - turn call tracing (memblock=debug) on or off
 * @on: trace every add, remove, reserve, free and allocation with pr_info()
 *
 * Context: boot, single-threaded.
 */
void memblock_set_debug(bool on)
{
	memblock_debug = on;
}

static void memblock_dump(const struct memblock_type *type)
{
	pr_info(" %s.cnt  = 0x%lx\n", type->name, type->cnt);
	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];
		char nid_buf[32] = "";

		if (memblock_valid_nid(r->nid))
			snprintf(nid_buf, sizeof(nid_buf), " on node %d", r->nid);
		pr_info(" %s[0x%lx]\t[0x%016llx-0x%016llx], 0x%016llx bytes%s flags: 0x%x\n",
			type->name, i, PA(r->base), PA(r->base + r->size - 1), PA(r->size), nid_buf,
			r->flags);
	}
}

/**
 * __memblock_dump_all - print both lists, as memblock=debug does at boot
 *
 * Context: any, as long as nothing changes the lists meanwhile.
 */
void __memblock_dump_all(void)
{
	pr_info("MEMBLOCK configuration:\n");
	pr_info(" memory size = 0x%016llx reserved size = 0x%016llx\n",
		PA(memblock.memory.total_size), PA(memblock.reserved.total_size));
	memblock_dump(&memblock.memory);
	memblock_dump(&memblock.reserved);
}

/**
 * memblock_dump_all - __memblock_dump_all() if memblock=debug is on
 *
 * Context: as __memblock_dump_all().
 */
void memblock_dump_all(void)
{
	if (memblock_debug)
		__memblock_dump_all();
}

static const char *const memblock_flag_names[] = {
	"HOTPLUG", "MIRROR", "NOMAP", "DRV_MNG", "RSV_NIT",
};

static void memblock_show_flags(enum memblock_flags flags, FILE *out)
{
	const char *sep = "";

	if (!flags) {
		fputs("NONE", out);
		return;
	}
	for (unsigned int bit = 0; bit < ARRAY_SIZE(memblock_flag_names); bit++) {
		if (flags & (1U << bit)) {
			fprintf(out, "%s%s", sep, memblock_flag_names[bit]);
			sep = "|";
		}
	}
	if (flags >> ARRAY_SIZE(memblock_flag_names))
		fprintf(out, "%sUNKNOWN", sep);
}

/**
 * memblock_debug_show - print /sys/kernel/debug/memblock/{memory,reserved}
 * @which: "memory" or "reserved"
 * @out: where to print
 *
 * One line per region: index, first..last address, node ('x' if none),
 * flags.
 *
 * Context: any, as long as nothing changes the lists meanwhile.
 * Return: 0, or -ENOENT for an unknown @which.
 */
int memblock_debug_show(const char *which, FILE *out)
{
	const struct memblock_type *type;

	if (!strcmp(which, "memory"))
		type = &memblock.memory;
	else if (!strcmp(which, "reserved"))
		type = &memblock.reserved;
	else
		return -ENOENT;
	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		fprintf(out, "%4d: 0x%016llx..0x%016llx ", (int)i, PA(r->base),
			PA(r->base + r->size - 1));
		if (memblock_valid_nid(r->nid))
			fprintf(out, "%4d ", r->nid);
		else
			fprintf(out, "%4c ", 'x');
		memblock_show_flags(r->flags, out);
		fputc('\n', out);
	}
	return 0;
}

/* Region @i against itself and its left neighbour; returns violations. */
static int memblock_check_region(const struct memblock_type *type, unsigned long i)
{
	const struct memblock_region *r = &type->regions[i], *p = r - 1;
	int bad = 0;

	if (!r->size) {
		pr_err("memblock: %s[%lu] at 0x%016llx is empty\n", type->name, i, PA(r->base));
		bad++;
	} else if (r->base + r->size - 1 < r->base) {
		pr_err("memblock: %s[%lu] wraps around the address space\n", type->name, i);
		bad++;
	}
	if (r->nid != MAX_NUMNODES && !memblock_valid_nid(r->nid)) {
		pr_err("memblock: %s[%lu] has bad node %d\n", type->name, i, r->nid);
		bad++;
	}
	if (i == 0)
		return bad;
	if (p->base + p->size > r->base) {
		pr_err("memblock: %s[%lu] at %#llx+%#llx overlaps %s[%lu] at %#llx+%#llx\n",
		       type->name, i, PA(r->base), PA(r->size), type->name, i - 1, PA(p->base),
		       PA(p->size));
		bad++;
	} else if (p->base + p->size == r->base && p->nid == r->nid && p->flags == r->flags) {
		pr_err("memblock: %s[%lu] and %s[%lu] touch, same node and flags, not merged\n",
		       type->name, i - 1, type->name, i);
		bad++;
	}
	return bad;
}

static int memblock_check_type(const struct memblock_type *type)
{
	phys_addr_t sum = 0;
	int bad = 0;

	if (type->cnt > type->max) {
		pr_err("memblock: %s.cnt %lu exceeds max %lu\n", type->name, type->cnt, type->max);
		return 1;
	}
	for (unsigned long i = 0; i < type->cnt; i++) {
		bad += memblock_check_region(type, i);
		sum += type->regions[i].size;
	}
	if (sum != type->total_size) {
		pr_err("memblock: %s.total_size 0x%llx but its regions add up to 0x%llx\n",
		       type->name, PA(type->total_size), PA(sum));
		bad++;
	}
	return bad;
}

/**
 * memblock_check_invariants - check both lists (see the theory comment)
 *
 * Each violation is printed with pr_err("memblock: ...").  Reserved regions
 * may lie outside memory, as in the kernel; that is not checked.
 *
 * Context: any, as long as nothing changes the lists meanwhile.  O(regions).
 * Return: the number of violations (0 when all is well).
 */
int memblock_check_invariants(void)
{
	return memblock_check_type(&memblock.memory) + memblock_check_type(&memblock.reserved);
}

/**
 * memblock_reset - empty memblock and restore every default
 *
 * Both lists emptied, top-down, no current limit, no tracing, no mirror,
 * not handed over, and the warn-once messages armed again.
 *
 * Context: boot or shutdown, or a test without a machine; single-threaded.
 */
void memblock_reset(void)
{
	struct memblock_type *types[] = {&memblock.memory, &memblock.reserved};

	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		memset(types[i]->regions, 0, types[i]->max * sizeof(types[i]->regions[0]));
		types[i]->cnt = 0;
		types[i]->total_size = 0;
	}
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	memblock_debug = false;
	memblock_has_mirror = false;
	memblock_handed_over = false;
	memblock_warned_align = memblock_warned_alloc = memblock_warned_free = false;
}
