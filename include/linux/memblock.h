/* SPDX-License-Identifier: MIT */
/*
 * <linux/memblock.h> - the boot-time memory allocator (the API of Linux 6.x).
 *
 * memblock describes physical memory as two sorted lists of regions:
 * "memory" (the RAM the machine has) and "reserved" (what is in use: firmware
 * areas, boot allocations).  Free memory is memory minus reserved.  Boot code
 * allocates from it with memblock_alloc*() (virtual addresses in the direct
 * map) or memblock_phys_alloc*() (physical addresses); memblock_free_all()
 * then hands every free page to the buddy allocator.
 *
 * Everything here is boot-time and single-threaded, as in the kernel.  After
 * the hand-over the allocation and free calls still work but warn once and
 * go to the page allocator instead (see mm/memblock.c).
 */
#ifndef _LINUX_MEMBLOCK_H
#define _LINUX_MEMBLOCK_H

#include <asm/page.h>
#include <linux/cache.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/numa.h>
#include <linux/pfn.h>
#include <linux/types.h>
#include <limits.h>

#ifndef PHYS_ADDR_MAX
#define PHYS_ADDR_MAX (~(phys_addr_t)0)
#endif

/*
 * Each region array is a static array of this many entries.  The kernel
 * doubles a full array (memblock_double_array()); kmm does not, and a call
 * that would need more regions fails with -ENOMEM.
 */
#define INIT_MEMBLOCK_REGIONS 256
#define INIT_MEMBLOCK_RESERVED_REGIONS INIT_MEMBLOCK_REGIONS
#define INIT_MEMBLOCK_MEMORY_REGIONS INIT_MEMBLOCK_REGIONS

/* memblock_alloc_low() allocates below this: the 4 GiB of 32-bit DMA, as on x86. */
#define ARCH_LOW_ADDRESS_LIMIT 0xffffffffULL

/**
 * enum memblock_flags - attributes of a memory region
 * @MEMBLOCK_NONE: nothing special
 * @MEMBLOCK_HOTPLUG: memory that may be hot-unplugged later
 * @MEMBLOCK_MIRROR: mirrored (reliable) memory; allocations prefer it when
 *	the machine has some
 * @MEMBLOCK_NOMAP: not in the direct map; never allocated, never freed to
 *	the buddy allocator, its pages stay PageReserved
 * @MEMBLOCK_DRIVER_MANAGED: memory a driver added; skipped unless asked for
 * @MEMBLOCK_RSRV_NOINIT: (reserved regions) struct pages left uninitialised
 */
enum memblock_flags {
	MEMBLOCK_NONE = 0x0,
	MEMBLOCK_HOTPLUG = 0x1,
	MEMBLOCK_MIRROR = 0x2,
	MEMBLOCK_NOMAP = 0x4,
	MEMBLOCK_DRIVER_MANAGED = 0x8,
	MEMBLOCK_RSRV_NOINIT = 0x10,
};

/**
 * struct memblock_region - one range of physical memory
 * @base: physical address of the first byte
 * @size: length in bytes (never 0 in a list)
 * @flags: enum memblock_flags
 * @nid: NUMA node, or MAX_NUMNODES when not known (memblock_add()/reserve)
 */
struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	enum memblock_flags flags;
	int nid;
};

/**
 * struct memblock_type - a sorted list of regions
 * @cnt: regions in use (0 when empty)
 * @max: size of @regions
 * @total_size: sum of the sizes of all regions
 * @regions: the array, sorted by base, disjoint, neighbours with equal nid
 *	and flags merged
 * @name: "memory" or "reserved"
 */
struct memblock_type {
	unsigned long cnt;
	unsigned long max;
	phys_addr_t total_size;
	struct memblock_region *regions;
	char *name;
};

/**
 * struct memblock - the allocator's state
 * @bottom_up: allocate from low addresses up (default: top-down)
 * @current_limit: highest address + 1 that MEMBLOCK_ALLOC_ACCESSIBLE means
 *	(boot sets it to the end of the direct map)
 * @memory: the RAM
 * @reserved: what of it (or outside it) is in use
 */
struct memblock {
	bool bottom_up;
	phys_addr_t current_limit;
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;

/* Upper limits for the allocation calls. */
#define MEMBLOCK_ALLOC_ANYWHERE (~(phys_addr_t)0) /* no limit */
#define MEMBLOCK_ALLOC_ACCESSIBLE 0		  /* memblock.current_limit */
#define MEMBLOCK_ALLOC_NOLEAKTRACE 1		  /* as ACCESSIBLE (no kmemleak here) */
/* Lower limit: anywhere (page 0 is never handed out). */
#define MEMBLOCK_LOW_LIMIT 0

/* ---- building the lists ---- */

int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid, enum memblock_flags flags);
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_remove(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
int memblock_phys_free(phys_addr_t base, phys_addr_t size);
void memblock_free(void *ptr, size_t size);
void memblock_free_late(phys_addr_t base, phys_addr_t size);
int memblock_set_node(phys_addr_t base, phys_addr_t size, struct memblock_type *type, int nid);
int memblock_mark_hotplug(phys_addr_t base, phys_addr_t size);
int memblock_clear_hotplug(phys_addr_t base, phys_addr_t size);
int memblock_mark_mirror(phys_addr_t base, phys_addr_t size);
int memblock_mark_nomap(phys_addr_t base, phys_addr_t size);
int memblock_clear_nomap(phys_addr_t base, phys_addr_t size);
int memblock_reserved_mark_noinit(phys_addr_t base, phys_addr_t size);

/* The arrays never grow in kmm; kept for source compatibility. */
static inline void memblock_allow_resize(void)
{
}

/* ---- the hand-over ---- */

unsigned long memblock_free_all(void);

/* ---- iterators ---- */

void __next_mem_range(u64 *idx, int nid, enum memblock_flags flags, struct memblock_type *type_a,
		      struct memblock_type *type_b, phys_addr_t *out_start, phys_addr_t *out_end,
		      int *out_nid);
void __next_mem_range_rev(u64 *idx, int nid, enum memblock_flags flags,
			  struct memblock_type *type_a, struct memblock_type *type_b,
			  phys_addr_t *out_start, phys_addr_t *out_end, int *out_nid);
void __next_mem_pfn_range(int *idx, int nid, unsigned long *out_start_pfn,
			  unsigned long *out_end_pfn, int *out_nid);

/*
 * __for_each_mem_range - ranges of @type_a that are not in @type_b (all of
 * @type_a when @type_b is NULL), low to high.  @i is a u64 cursor; @p_start,
 * @p_end (exclusive) and @p_nid receive each range; any of them may be NULL.
 * @nid (NUMA_NO_NODE: any) and @flags filter memory regions as the
 * allocator does.
 */
#define __for_each_mem_range(i, type_a, type_b, nid, flags, p_start, p_end, p_nid)           \
	for (i = 0, __next_mem_range(&i, nid, flags, type_a, type_b, p_start, p_end, p_nid); \
	     i != (u64)ULLONG_MAX;                                                           \
	     __next_mem_range(&i, nid, flags, type_a, type_b, p_start, p_end, p_nid))

/* The same, high to low. */
#define __for_each_mem_range_rev(i, type_a, type_b, nid, flags, p_start, p_end, p_nid)   \
	for (i = (u64)ULLONG_MAX,                                                        \
	    __next_mem_range_rev(&i, nid, flags, type_a, type_b, p_start, p_end, p_nid); \
	     i != (u64)ULLONG_MAX;                                                       \
	     __next_mem_range_rev(&i, nid, flags, type_a, type_b, p_start, p_end, p_nid))

/* Every memory range (NOMAP regions left out), low to high. */
#define for_each_mem_range(i, p_start, p_end)                         \
	__for_each_mem_range(i, &memblock.memory, NULL, NUMA_NO_NODE, \
			     MEMBLOCK_HOTPLUG | MEMBLOCK_DRIVER_MANAGED, p_start, p_end, NULL)

/* Every memory range, high to low. */
#define for_each_mem_range_rev(i, p_start, p_end)                         \
	__for_each_mem_range_rev(i, &memblock.memory, NULL, NUMA_NO_NODE, \
				 MEMBLOCK_HOTPLUG | MEMBLOCK_DRIVER_MANAGED, p_start, p_end, NULL)

/* Every reserved range, low to high. */
#define for_each_reserved_mem_range(i, p_start, p_end)                                          \
	__for_each_mem_range(i, &memblock.reserved, NULL, NUMA_NO_NODE, MEMBLOCK_NONE, p_start, \
			     p_end, NULL)

/* Every free range (memory minus reserved) of node @nid, low to high. */
#define for_each_free_mem_range(i, nid, flags, p_start, p_end, p_nid)                             \
	__for_each_mem_range(i, &memblock.memory, &memblock.reserved, nid, flags, p_start, p_end, \
			     p_nid)

/* Every free range of node @nid, high to low. */
#define for_each_free_mem_range_reverse(i, nid, flags, p_start, p_end, p_nid)                  \
	__for_each_mem_range_rev(i, &memblock.memory, &memblock.reserved, nid, flags, p_start, \
				 p_end, p_nid)

/*
 * The whole pages of each memory region of node @nid (MAX_NUMNODES: every
 * node), as pfns [*p_start, *p_end).  @i is an int cursor.
 */
#define for_each_mem_pfn_range(i, nid, p_start, p_end, p_nid)                      \
	for (i = -1, __next_mem_pfn_range(&i, nid, p_start, p_end, p_nid); i >= 0; \
	     __next_mem_pfn_range(&i, nid, p_start, p_end, p_nid))

/* Every region of a type / of memory / of reserved, as a struct memblock_region *. */
#define for_each_memblock_type(i, memblock_type, rgn)                             \
	for (i = 0, rgn = &(memblock_type)->regions[0]; i < (memblock_type)->cnt; \
	     i++, rgn = &(memblock_type)->regions[i])
#define for_each_mem_region(region)            \
	for (region = memblock.memory.regions; \
	     region < (memblock.memory.regions + memblock.memory.cnt); region++)
#define for_each_reserved_mem_region(region)     \
	for (region = memblock.reserved.regions; \
	     region < (memblock.reserved.regions + memblock.reserved.cnt); region++)

/* ---- regions ---- */

static inline bool memblock_is_hotpluggable(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_HOTPLUG;
}

static inline bool memblock_is_mirror(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_MIRROR;
}

static inline bool memblock_is_nomap(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_NOMAP;
}

static inline bool memblock_is_reserved_noinit(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_RSRV_NOINIT;
}

static inline bool memblock_is_driver_managed(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_DRIVER_MANAGED;
}

static inline int memblock_get_region_node(const struct memblock_region *r)
{
	return r->nid;
}

static inline void memblock_set_region_node(struct memblock_region *r, int nid)
{
	r->nid = nid;
}

/* First whole page of a memory region; one past its last whole page. */
static inline unsigned long memblock_region_memory_base_pfn(const struct memblock_region *reg)
{
	return PFN_UP(reg->base);
}

static inline unsigned long memblock_region_memory_end_pfn(const struct memblock_region *reg)
{
	return PFN_DOWN(reg->base + reg->size);
}

/* First page a reserved region touches; one past the last one. */
static inline unsigned long memblock_region_reserved_base_pfn(const struct memblock_region *reg)
{
	return PFN_DOWN(reg->base);
}

static inline unsigned long memblock_region_reserved_end_pfn(const struct memblock_region *reg)
{
	return PFN_UP(reg->base + reg->size);
}

/* ---- allocation ---- */

phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align, phys_addr_t start,
				      phys_addr_t end);
phys_addr_t memblock_alloc_range_nid(phys_addr_t size, phys_addr_t align, phys_addr_t start,
				     phys_addr_t end, int nid, bool exact_nid);
phys_addr_t memblock_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align, int nid);

static inline phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_phys_alloc_range(size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE);
}

void *memblock_alloc_exact_nid_raw(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
				   phys_addr_t max_addr, int nid);
void *memblock_alloc_try_nid_raw(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
				 phys_addr_t max_addr, int nid);
void *memblock_alloc_try_nid(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
			     phys_addr_t max_addr, int nid);

/* Zeroed memory anywhere below memblock.current_limit; NULL if none. */
static inline void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT, MEMBLOCK_ALLOC_ACCESSIBLE,
				      NUMA_NO_NODE);
}

/* As memblock_alloc(), not zeroed. */
static inline void *memblock_alloc_raw(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid_raw(size, align, MEMBLOCK_LOW_LIMIT,
					  MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

/* As memblock_alloc(), at or above @min_addr if possible. */
static inline void *memblock_alloc_from(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr)
{
	return memblock_alloc_try_nid(size, align, min_addr, MEMBLOCK_ALLOC_ACCESSIBLE,
				      NUMA_NO_NODE);
}

/* As memblock_alloc(), below ARCH_LOW_ADDRESS_LIMIT. */
static inline void *memblock_alloc_low(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT, ARCH_LOW_ADDRESS_LIMIT,
				      NUMA_NO_NODE);
}

/* As memblock_alloc(), on node @nid if possible. */
static inline void *memblock_alloc_node(phys_addr_t size, phys_addr_t align, int nid)
{
	return memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT, MEMBLOCK_ALLOC_ACCESSIBLE,
				      nid);
}

/* As memblock_alloc(), but panic() when there is no memory (Linux 6.13+). */
void *__memblock_alloc_or_panic(phys_addr_t size, phys_addr_t align, const char *func);
#define memblock_alloc_or_panic(size, align) __memblock_alloc_or_panic(size, align, __func__)

/* ---- policy ---- */

/* Allocate bottom-up (true) or top-down (false, the default). */
static inline void memblock_set_bottom_up(bool enable)
{
	memblock.bottom_up = enable;
}

static inline bool memblock_bottom_up(void)
{
	return memblock.bottom_up;
}

void memblock_set_current_limit(phys_addr_t limit);
phys_addr_t memblock_get_current_limit(void);

/* ---- queries ---- */

phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);
phys_addr_t memblock_start_of_DRAM(void);
phys_addr_t memblock_end_of_DRAM(void);
bool memblock_is_memory(phys_addr_t addr);
bool memblock_is_map_memory(phys_addr_t addr);
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size);
bool memblock_is_reserved(phys_addr_t addr);
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size);
bool memblock_overlaps_region(struct memblock_type *type, phys_addr_t base, phys_addr_t size);
int memblock_search_pfn_nid(unsigned long pfn, unsigned long *start_pfn, unsigned long *end_pfn);

/* ---- debugging ---- */

/* memblock=debug: trace every call with pr_info(). */
void memblock_set_debug(bool on);
/* Print the "MEMBLOCK configuration:" dump if memblock=debug is on. */
void memblock_dump_all(void);
/* Print it unconditionally (kmm). */
void __memblock_dump_all(void);

/* kmm: forget everything (boot and shutdown call it; tests may too). */
void memblock_reset(void);

#endif /* _LINUX_MEMBLOCK_H */
