/* SPDX-License-Identifier: MIT */
/*
 * <asm/page.h> - page size and the direct map.
 *
 * Physical memory is the machine's RAM file; a physical address is an offset
 * in it.  The direct map ("lowmem") maps physical [0, lowmem end) linearly at
 * the host address PAGE_OFFSET, so __va()/__pa() are one addition.  On the
 * 32-bit layout PAGE_OFFSET is 0xC0000000 when the host lets kmm map there
 * (the seeds' CONFIG_PAGE_OFFSET) and wherever the host chooses otherwise; on
 * the 64-bit layout it is wherever the host chooses.  It is fixed from boot to
 * shutdown.
 */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

#include <linux/types.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

/* Host address of physical address 0 in the direct map (set at boot). */
extern unsigned long kmm_page_offset;
#define PAGE_OFFSET kmm_page_offset

#define __pa(x) ((phys_addr_t)((unsigned long)(x)-PAGE_OFFSET))
#define __va(x) ((void *)((unsigned long)(x) + PAGE_OFFSET))
#define __pa_symbol(x) __pa(x)

static inline phys_addr_t virt_to_phys(const volatile void *address)
{
	return __pa(address);
}

static inline void *phys_to_virt(phys_addr_t address)
{
	return __va(address);
}

#define ARCH_PFN_OFFSET 0UL

#endif /* _ASM_PAGE_H */

#ifndef _ASM_GETORDER
#define _ASM_GETORDER
/* Smallest order whose block holds @size bytes (get_order(1) == 0). */
static inline int get_order(unsigned long size)
{
	if (size <= PAGE_SIZE)
		return 0;
	return 64 - __builtin_clzl((size - 1) >> PAGE_SHIFT);
}
#endif
