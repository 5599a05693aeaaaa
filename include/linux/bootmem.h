/* SPDX-License-Identifier: MIT */
/*
 * <linux/bootmem.h> - the legacy boot-time allocator API (Linux <= 4.19).
 *
 * Kernels up to 4.19 had this API in front of memblock (mm/nobootmem.c);
 * 4.20 removed it.  kmm keeps it for the seed programs that use it, as thin
 * wrappers over memblock (mm/bootmem.c):
 *
 *   alloc_bootmem*()        zeroed memory in the direct map, cache-line
 *                           aligned (the _pages variants: page aligned);
 *                           above the DMA zone if possible (goal 16 MiB),
 *                           anywhere below memblock.current_limit if not.
 *   alloc_bootmem_low*()    below ARCH_LOW_ADDRESS_LIMIT (and the limit).
 *   alloc_bootmem_node*()   on @pgdat's node if possible.
 *   ..._nopanic()           NULL on failure; the others panic().
 *
 * Addresses given to free_bootmem() and reserve_bootmem() are physical.
 * After the hand-over to the buddy allocator every call warns once and uses
 * the page allocator, as memblock does.
 */
#ifndef _LINUX_BOOTMEM_H
#define _LINUX_BOOTMEM_H

#include <linux/memblock.h>
#include <linux/mmzone.h>

/* Highest address the ISA DMA zone reaches, as a direct-map address. */
#ifndef MAX_DMA_ADDRESS
#define MAX_DMA_ADDRESS (PAGE_OFFSET + 0x1000000UL)
#endif
#ifndef MAX_DMA_PFN
#define MAX_DMA_PFN ((16UL * 1024 * 1024) >> PAGE_SHIFT)
#endif

/* Default goal: the first address above the DMA zone (16 MiB). */
#define BOOTMEM_LOW_LIMIT __pa(MAX_DMA_ADDRESS)
/* Limits: the current memblock limit, or none at all. */
#define BOOTMEM_ALLOC_ACCESSIBLE 0
#define BOOTMEM_ALLOC_ANYWHERE (~0UL)

/* reserve_bootmem() flags. */
#define BOOTMEM_DEFAULT 0
#define BOOTMEM_EXCLUSIVE (1 << 0) /* fail with -EBUSY if any of it is reserved */

void *__alloc_bootmem(unsigned long size, unsigned long align, unsigned long goal);
void *__alloc_bootmem_nopanic(unsigned long size, unsigned long align, unsigned long goal);
void *__alloc_bootmem_node(pg_data_t *pgdat, unsigned long size, unsigned long align,
			   unsigned long goal);
void *__alloc_bootmem_node_nopanic(pg_data_t *pgdat, unsigned long size, unsigned long align,
				   unsigned long goal);
void *__alloc_bootmem_node_high(pg_data_t *pgdat, unsigned long size, unsigned long align,
				unsigned long goal);
void *__alloc_bootmem_low(unsigned long size, unsigned long align, unsigned long goal);
void *__alloc_bootmem_low_nopanic(unsigned long size, unsigned long align, unsigned long goal);
void *__alloc_bootmem_low_node(pg_data_t *pgdat, unsigned long size, unsigned long align,
			       unsigned long goal);

#define alloc_bootmem(x) __alloc_bootmem(x, SMP_CACHE_BYTES, BOOTMEM_LOW_LIMIT)
#define alloc_bootmem_align(x, align) __alloc_bootmem(x, align, BOOTMEM_LOW_LIMIT)
#define alloc_bootmem_nopanic(x) __alloc_bootmem_nopanic(x, SMP_CACHE_BYTES, BOOTMEM_LOW_LIMIT)
#define alloc_bootmem_pages(x) __alloc_bootmem(x, PAGE_SIZE, BOOTMEM_LOW_LIMIT)
#define alloc_bootmem_pages_nopanic(x) __alloc_bootmem_nopanic(x, PAGE_SIZE, BOOTMEM_LOW_LIMIT)
#define alloc_bootmem_node(pgdat, x) \
	__alloc_bootmem_node(pgdat, x, SMP_CACHE_BYTES, BOOTMEM_LOW_LIMIT)
#define alloc_bootmem_node_nopanic(pgdat, x) \
	__alloc_bootmem_node_nopanic(pgdat, x, SMP_CACHE_BYTES, BOOTMEM_LOW_LIMIT)
#define alloc_bootmem_pages_node(pgdat, x) \
	__alloc_bootmem_node(pgdat, x, PAGE_SIZE, BOOTMEM_LOW_LIMIT)
#define alloc_bootmem_pages_node_nopanic(pgdat, x) \
	__alloc_bootmem_node_nopanic(pgdat, x, PAGE_SIZE, BOOTMEM_LOW_LIMIT)

#define alloc_bootmem_low(x) __alloc_bootmem_low(x, SMP_CACHE_BYTES, 0)
#define alloc_bootmem_low_nopanic(x) __alloc_bootmem_low_nopanic(x, SMP_CACHE_BYTES, 0)
#define alloc_bootmem_low_pages(x) __alloc_bootmem_low(x, PAGE_SIZE, 0)
#define alloc_bootmem_low_pages_nopanic(x) __alloc_bootmem_low_nopanic(x, PAGE_SIZE, 0)
#define alloc_bootmem_low_pages_node(pgdat, x) __alloc_bootmem_low_node(pgdat, x, PAGE_SIZE, 0)

void free_bootmem(unsigned long physaddr, unsigned long size);
void free_bootmem_node(pg_data_t *pgdat, unsigned long physaddr, unsigned long size);
void free_bootmem_late(unsigned long physaddr, unsigned long size);
int reserve_bootmem(unsigned long addr, unsigned long size, int flags);
int reserve_bootmem_node(pg_data_t *pgdat, unsigned long physaddr, unsigned long size, int flags);
unsigned long free_all_bootmem(void);

#endif /* _LINUX_BOOTMEM_H */
