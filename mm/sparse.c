// SPDX-License-Identifier: MIT
/*
 * mm/sparse.c - memory sections and the struct page array (vmemmap).
 *
 * Theory
 * ------
 * Physical memory is cut into 4 MiB sections.  A section "exists" when any
 * RAM lies in it; only then does it have struct pages.  All struct pages sit
 * in one virtually contiguous host array, vmemmap[], indexed by pfn, so
 * pfn_to_page() and page_to_pfn() are pointer arithmetic (the kernel's
 * SPARSEMEM_VMEMMAP).
 *
 *   vmemmap    a host address reservation of (nr_sections * 64 KiB); each
 *              run of existing sections of a node is backed by memory taken
 *              from memblock on that node (the machine's own RAM) and mapped
 *              into the reservation.  Missing sections read as zeroes (an
 *              all-zero struct page, which no fast path takes for a slab or
 *              a free block) and fault on a write.
 *   slab_map   one word per pfn beside the memmap, laid out the same way
 *              (its own reservation, backed per run of sections, holes read
 *              as zero): the slab cache and page index of each slab page
 *              (mm/slab.h), so that kfree() finds an object's cache in a
 *              dense array - 8 bytes a page instead of a 64-byte struct
 *              page, two for an object in a tail page.
 *   kmm_section_zone[]  the zone of each section (NULL: no section).  Zone
 *              and node boundaries fall on sections, so this one table
 *              answers page_zone(), page_to_nid() and pfn_valid().
 *
 * The backing memory (memmap and slab map of a run in one block) is taken
 * from memblock and not written: the RAM file starts as zeroes, an all-zero
 * struct page is a valid "inside a block" page (see mm_types.h) and a zero
 * word says "no slab", so untouched parts of a large machine's memmap cost
 * no host memory.  Nor are the backing's own struct pages marked PG_reserved
 * (MEMBLOCK_RSRV_NOINIT): they are 1/64 of the memmap, and marking them
 * would make that much of it host memory at once.
 *
 * Boot-time only, single-threaded; the tables are read-only afterwards.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>

#include "arch/host/host.h"
#include "mm/internal.h"

struct page *vmemmap;
unsigned long *slab_map;
struct zone **kmm_section_zone;
unsigned long kmm_nr_sections;
unsigned long kmm_memmap_pages;
static void *vmemmap_base, *slab_map_base;
static size_t vmemmap_size, slab_map_size;

#define SECTION_MEMMAP_BYTES (PAGES_PER_SECTION * sizeof(struct page))
#define SECTION_SLAB_MAP_BYTES (PAGES_PER_SECTION * sizeof(*slab_map))

static bool sparse_section_has_ram(unsigned long sec, int *nid)
{
	phys_addr_t s = PFN_PHYS(sec << PFN_SECTION_SHIFT);
	phys_addr_t e = s + (1UL << SECTION_SIZE_BITS);
	struct memblock_region *r;

	for_each_mem_region(r) {
		if (r->base < e && r->base + r->size > s) {
			*nid = memblock_get_region_node(r);
			return true;
		}
	}
	return false;
}

/* Back sections [first, first + n) of node @nid with memmap and slab map from that node. */
static int sparse_map_run(unsigned long first, unsigned long n, int nid)
{
	size_t memmap = n * SECTION_MEMMAP_BYTES, bytes = memmap + n * SECTION_SLAB_MAP_BYTES;
	unsigned long pfn = first << PFN_SECTION_SHIFT;
	phys_addr_t pa;
	int ret;

	pa = memblock_phys_alloc_try_nid(bytes, PAGE_SIZE, nid);
	if (!pa) {
		pr_err("kmm: no memory for the struct pages of %lu sections on node %d\n", n, nid);
		return -ENOMEM;
	}
	ret = host_va_map_phys(vmemmap + pfn, kmm_physmem_fd, pa, memmap);
	if (!ret)
		ret = host_va_map_phys(slab_map + pfn, kmm_physmem_fd, pa + memmap, bytes - memmap);
	if (ret)
		return ret;
	ret = memblock_reserved_mark_noinit(pa, bytes); /* never freed: no PG_reserved */
	if (ret)
		return ret;
	kmm_memmap_pages += bytes >> PAGE_SHIFT;
	if (kmm_machine.mminit_loglevel)
		pr_debug("mminit::memmap_init sections %lu-%lu node %d memmap at [mem "
			 "0x%016llx-0x%016llx]\n",
			 first, first + n - 1, nid, (unsigned long long)pa,
			 (unsigned long long)(pa + bytes - 1));
	return 0;
}

/* Reserve @size bytes of host addresses at *@base that read as zeroes until backed. */
static int sparse_reserve_zeroed(size_t size, void **base)
{
	int ret = host_va_reserve(NULL, size, base);

	return ret ? ret : host_va_zero_readonly(*base, size);
}

/**
 * sparse_init - find the sections with RAM and give them struct pages
 *
 * Context: boot, after memblock holds the machine's memory.
 * Return: 0 or -ENOMEM.
 */
int sparse_init(void)
{
	unsigned long sec, run_start = 0, run_len = 0;
	int run_nid = NUMA_NO_NODE, nid;
	int ret;

	kmm_nr_sections =
		(PFN_UP(memblock_end_of_DRAM()) + PAGES_PER_SECTION - 1) >> PFN_SECTION_SHIFT;
	kmm_section_zone =
		memblock_alloc(kmm_nr_sections * sizeof(*kmm_section_zone), SMP_CACHE_BYTES);
	if (!kmm_section_zone)
		return -ENOMEM;
	vmemmap_size = kmm_nr_sections * SECTION_MEMMAP_BYTES;
	slab_map_size = kmm_nr_sections * SECTION_SLAB_MAP_BYTES;
	/* holes read as zeroes: the free fast paths need no pfn_valid() */
	ret = sparse_reserve_zeroed(vmemmap_size, &vmemmap_base);
	if (!ret)
		ret = sparse_reserve_zeroed(slab_map_size, &slab_map_base);
	if (ret)
		return ret;
	vmemmap = vmemmap_base;
	slab_map = slab_map_base;
	kmm_memmap_pages = 0;
	for (sec = 0; sec <= kmm_nr_sections; sec++) {
		bool has = sec < kmm_nr_sections && sparse_section_has_ram(sec, &nid);

		if (run_len && (!has || nid != run_nid)) {
			ret = sparse_map_run(run_start, run_len, run_nid);
			if (ret)
				return ret;
			run_len = 0;
		}
		if (has && !run_len) {
			run_start = sec;
			run_nid = nid;
		}
		if (has)
			run_len++;
	}
	return 0;
}

/* Does section @sec have struct pages (even before zones are assigned)? */
bool sparse_section_present(unsigned long sec)
{
	int nid;

	return sec < kmm_nr_sections && sparse_section_has_ram(sec, &nid);
}

void sparse_teardown(void)
{
	if (vmemmap_base)
		host_va_release(vmemmap_base, vmemmap_size);
	if (slab_map_base)
		host_va_release(slab_map_base, slab_map_size);
	vmemmap_base = NULL;
	vmemmap = NULL;
	vmemmap_size = 0;
	slab_map_base = NULL;
	slab_map = NULL;
	slab_map_size = 0;
	kmm_section_zone = NULL;
	kmm_nr_sections = 0;
	kmm_memmap_pages = 0;
}
