// SPDX-License-Identifier: MIT
/*
 * mm/bootmem.c - the legacy bootmem API, on top of memblock.
 *
 * Theory
 * ------
 * Linux up to 4.19 offered alloc_bootmem() and friends; on most machines
 * (CONFIG_NO_BOOTMEM) they were wrappers around memblock, as here.  Every
 * allocation is one memblock_alloc_try_nid() call:
 *
 *   goal       the preferred lowest address.  The plain variants use
 *              BOOTMEM_LOW_LIMIT (16 MiB, the end of ZONE_DMA) so that boot
 *              data does not eat the small DMA zone; the _low variants use 0.
 *              If nothing fits above the goal, memblock retries from 0.
 *   limit      one past the highest address: memblock.current_limit (the
 *              end of the direct map) or, for _low, ARCH_LOW_ADDRESS_LIMIT
 *              (memblock caps it at current_limit as well).
 *   node       @pgdat's node first, then any node.
 *
 * The memory is zeroed and returned as a direct-map address.  Variants
 * without _nopanic panic() when nothing fits, as the kernel did.  After the
 * hand-over to the buddy allocator memblock warns once and uses the page
 * allocator; these wrappers inherit that.
 *
 * Locking: none, boot-time and single-threaded like memblock.
 *
 * Differences from the kernel: a NULL @pgdat means "any node" (4.19 would
 * crash), and reserve_bootmem() is kept although nobootmem.c lacked it: it
 * reserves in memblock, BOOTMEM_EXCLUSIVE failing with -EBUSY on overlap as
 * the old bootmem.c did.
 */
#include <linux/bootmem.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/printk.h>

static int bootmem_nid(const pg_data_t *pgdat)
{
	return pgdat ? pgdat->node_id : NUMA_NO_NODE;
}

/* One allocation; @may_fail: return NULL instead of panicking. */
static void *bootmem_alloc(const char *func, unsigned long size, unsigned long align,
			   unsigned long goal, phys_addr_t limit, int nid, bool may_fail)
{
	void *ptr = memblock_alloc_try_nid(size, align, goal, limit, nid);

	if (ptr || may_fail)
		return ptr;
	pr_alert("bootmem alloc of %lu bytes failed!\n", size);
	panic("%s: Failed to allocate %lu bytes align=0x%lx nid=%d from=0x%llx max_addr=0x%llx\n",
	      func, size, align, nid, (unsigned long long)goal, (unsigned long long)limit);
}

/**
 * __alloc_bootmem - zeroed boot memory, at or above @goal if possible
 * @size: bytes
 * @align: alignment, a power of two
 * @goal: preferred lowest physical address
 *
 * Context: boot, single-threaded.
 * Return: a direct-map address; panics when there is no memory.
 */
void *__alloc_bootmem(unsigned long size, unsigned long align, unsigned long goal)
{
	return bootmem_alloc(__func__, size, align, goal, BOOTMEM_ALLOC_ACCESSIBLE, NUMA_NO_NODE,
			     false);
}

/**
 * __alloc_bootmem_nopanic - __alloc_bootmem() that may fail
 * @size: bytes
 * @align: alignment, a power of two
 * @goal: preferred lowest physical address
 *
 * Context: boot, single-threaded.
 * Return: a direct-map address, or NULL.
 */
void *__alloc_bootmem_nopanic(unsigned long size, unsigned long align, unsigned long goal)
{
	return bootmem_alloc(__func__, size, align, goal, BOOTMEM_ALLOC_ACCESSIBLE, NUMA_NO_NODE,
			     true);
}

/**
 * __alloc_bootmem_node - zeroed boot memory, on @pgdat's node if possible
 * @pgdat: the node (NULL: any)
 * @size: bytes
 * @align: alignment, a power of two
 * @goal: preferred lowest physical address
 *
 * Context: boot, single-threaded.
 * Return: a direct-map address; panics when there is no memory.
 */
void *__alloc_bootmem_node(pg_data_t *pgdat, unsigned long size, unsigned long align,
			   unsigned long goal)
{
	return bootmem_alloc(__func__, size, align, goal, BOOTMEM_ALLOC_ACCESSIBLE,
			     bootmem_nid(pgdat), false);
}

/**
 * __alloc_bootmem_node_nopanic - __alloc_bootmem_node() that may fail
 * @pgdat: the node (NULL: any)
 * @size: bytes
 * @align: alignment, a power of two
 * @goal: preferred lowest physical address
 *
 * Context: boot, single-threaded.
 * Return: a direct-map address, or NULL.
 */
void *__alloc_bootmem_node_nopanic(pg_data_t *pgdat, unsigned long size, unsigned long align,
				   unsigned long goal)
{
	return bootmem_alloc(__func__, size, align, goal, BOOTMEM_ALLOC_ACCESSIBLE,
			     bootmem_nid(pgdat), true);
}

/**
 * __alloc_bootmem_node_high - __alloc_bootmem_node() (4.19 made them equal)
 * @pgdat: the node (NULL: any)
 * @size: bytes
 * @align: alignment, a power of two
 * @goal: preferred lowest physical address
 *
 * Context: boot, single-threaded.
 * Return: a direct-map address; panics when there is no memory.
 */
void *__alloc_bootmem_node_high(pg_data_t *pgdat, unsigned long size, unsigned long align,
				unsigned long goal)
{
	return bootmem_alloc(__func__, size, align, goal, BOOTMEM_ALLOC_ACCESSIBLE,
			     bootmem_nid(pgdat), false);
}

/**
 * __alloc_bootmem_low - zeroed boot memory below ARCH_LOW_ADDRESS_LIMIT
 * @size: bytes
 * @align: alignment, a power of two
 * @goal: preferred lowest physical address
 *
 * Context: boot, single-threaded.
 * Return: a direct-map address; panics when there is no memory.
 */
void *__alloc_bootmem_low(unsigned long size, unsigned long align, unsigned long goal)
{
	return bootmem_alloc(__func__, size, align, goal, ARCH_LOW_ADDRESS_LIMIT, NUMA_NO_NODE,
			     false);
}

/**
 * __alloc_bootmem_low_nopanic - __alloc_bootmem_low() that may fail
 * @size: bytes
 * @align: alignment, a power of two
 * @goal: preferred lowest physical address
 *
 * Context: boot, single-threaded.
 * Return: a direct-map address, or NULL.
 */
void *__alloc_bootmem_low_nopanic(unsigned long size, unsigned long align, unsigned long goal)
{
	return bootmem_alloc(__func__, size, align, goal, ARCH_LOW_ADDRESS_LIMIT, NUMA_NO_NODE,
			     true);
}

/**
 * __alloc_bootmem_low_node - low boot memory, on @pgdat's node if possible
 * @pgdat: the node (NULL: any)
 * @size: bytes
 * @align: alignment, a power of two
 * @goal: preferred lowest physical address
 *
 * Context: boot, single-threaded.
 * Return: a direct-map address; panics when there is no memory.
 */
void *__alloc_bootmem_low_node(pg_data_t *pgdat, unsigned long size, unsigned long align,
			       unsigned long goal)
{
	return bootmem_alloc(__func__, size, align, goal, ARCH_LOW_ADDRESS_LIMIT,
			     bootmem_nid(pgdat), false);
}

/**
 * free_bootmem - give back boot memory
 * @physaddr: physical start
 * @size: bytes
 *
 * Context: boot, single-threaded; after the hand-over it warns once and
 * frees the whole pages of the range to the page allocator.
 */
void free_bootmem(unsigned long physaddr, unsigned long size)
{
	memblock_phys_free(physaddr, size);
}

/**
 * free_bootmem_node - free_bootmem() (the node is not needed)
 * @pgdat: the node the memory came from
 * @physaddr: physical start
 * @size: bytes
 *
 * Context: as free_bootmem().
 */
void free_bootmem_node(pg_data_t *pgdat, unsigned long physaddr, unsigned long size)
{
	memblock_phys_free(physaddr, size);
}

/**
 * free_bootmem_late - free boot memory once the buddy allocator runs
 * @physaddr: physical start
 * @size: bytes; only whole pages inside the range are freed
 *
 * Context: process context, after the hand-over (no warning).
 */
void free_bootmem_late(unsigned long physaddr, unsigned long size)
{
	memblock_free_late(physaddr, size);
}

/**
 * reserve_bootmem - mark physical memory as in use
 * @addr: physical start
 * @size: bytes
 * @flags: BOOTMEM_DEFAULT, or BOOTMEM_EXCLUSIVE to fail if any of it is
 *	already reserved
 *
 * Context: boot, single-threaded.
 * Return: 0, -EBUSY (BOOTMEM_EXCLUSIVE and an overlap) or -ENOMEM.
 */
int reserve_bootmem(unsigned long addr, unsigned long size, int flags)
{
	if ((flags & BOOTMEM_EXCLUSIVE) && memblock_is_region_reserved(addr, size))
		return -EBUSY;
	return memblock_reserve(addr, size);
}

/**
 * reserve_bootmem_node - reserve_bootmem() (the node is not needed)
 * @pgdat: the node
 * @physaddr: physical start
 * @size: bytes
 * @flags: as for reserve_bootmem()
 *
 * Context: boot, single-threaded.
 * Return: as reserve_bootmem().
 */
int reserve_bootmem_node(pg_data_t *pgdat, unsigned long physaddr, unsigned long size, int flags)
{
	return reserve_bootmem(physaddr, size, flags);
}

/**
 * free_all_bootmem - the 4.19 name of memblock_free_all()
 *
 * Context: boot (mem_init()), single-threaded.
 * Return: the number of pages given to the buddy allocator.
 */
unsigned long free_all_bootmem(void)
{
	return memblock_free_all();
}
