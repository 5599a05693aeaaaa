/* SPDX-License-Identifier: MIT */
/*
 * <linux/mm.h> - page frames: struct page lookup, addresses, references.
 *
 * pfn_to_page()/page_to_pfn() are one addition: every struct page sits in
 * vmemmap[], a virtually contiguous array in which only the sections that
 * exist are mapped (the kernel's SPARSEMEM_VMEMMAP).  The zone of a page is
 * found from its section, so page_zone() is one load.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <asm/page.h>
#include <linux/align.h>
#include <linux/bug.h>
#include <linux/gfp.h>
#include <linux/mm_types.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>
#include <linux/page_ref.h>
#include <linux/pfn.h>

/* vmemmap[pfn] is the struct page of pfn (set at boot). */
extern struct page *vmemmap;
/* Zone of each memory section, NULL where the section has no memory. */
extern struct zone **kmm_section_zone;
extern unsigned long kmm_nr_sections;
/* One past the highest pfn of RAM; one past the highest direct-mapped pfn. */
extern unsigned long max_pfn, max_low_pfn, min_low_pfn;
/* Host address one past the end of the direct map. */
extern void *high_memory;

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return vmemmap + pfn;
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - vmemmap);
}

/* True if @pfn has a struct page (its section exists). */
static inline int pfn_valid(unsigned long pfn)
{
	unsigned long sec = pfn >> PFN_SECTION_SHIFT;

	return sec < kmm_nr_sections && kmm_section_zone[sec] != NULL;
}

static inline struct zone *page_zone(const struct page *page)
{
	return kmm_section_zone[page_to_pfn(page) >> PFN_SECTION_SHIFT];
}

static inline enum zone_type page_zonenum(const struct page *page)
{
	return (enum zone_type)zone_idx(page_zone(page));
}

static inline int page_to_nid(const struct page *page)
{
	return page_zone(page)->node;
}

static inline pg_data_t *page_pgdat(const struct page *page)
{
	return page_zone(page)->zone_pgdat;
}

static inline bool PageHighMem(const struct page *page)
{
	return page_zonenum(page) == ZONE_HIGHMEM;
}

#define page_to_phys(page) PFN_PHYS(page_to_pfn(page))
#define phys_to_page(phys) pfn_to_page(PHYS_PFN(phys))
#define virt_to_pfn(kaddr) PHYS_PFN(__pa(kaddr))
#define virt_to_page(kaddr) pfn_to_page(virt_to_pfn(kaddr))
#define page_to_virt(page) __va(page_to_phys(page))
#define pfn_to_kaddr(pfn) __va(PFN_PHYS(pfn))

/* True if @kaddr is in the direct map and has a struct page. */
static inline bool virt_addr_valid(const volatile void *kaddr)
{
	unsigned long a = (unsigned long)kaddr;

	return a >= PAGE_OFFSET && a < (unsigned long)high_memory && pfn_valid(virt_to_pfn(a));
}

static inline void *lowmem_page_address(const struct page *page)
{
	return page_to_virt(page);
}

/**
 * page_address - the kernel virtual address of a page
 * @page: the page
 *
 * Lowmem pages are always in the direct map.  A HighMem page has an address
 * only while something maps it (kmap, or set_page_address()).
 *
 * Context: any.
 * Return: the address, or NULL for an unmapped HighMem page.
 */
static inline void *page_address(const struct page *page)
{
	if (PageHighMem(page))
		return READ_ONCE(page->virtual);
	return lowmem_page_address(page);
}

/**
 * set_page_address - record where a HighMem page is mapped
 * @page: the page
 * @address: its mapping, or NULL when it is unmapped
 *
 * Lowmem pages always answer their direct-map address; for them this only
 * records @address in page->virtual.
 * Context: any.
 */
static inline void set_page_address(struct page *page, void *address)
{
	WRITE_ONCE(page->virtual, address);
}

static inline unsigned long page_private(const struct page *page)
{
	return page->private;
}

static inline void set_page_private(struct page *page, unsigned long private)
{
	page->private = private;
}

static inline int page_mapcount(const struct page *page)
{
	return atomic_read(&page->_mapcount);
}

#define PAGE_ALIGN(addr) ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGNED(addr) IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)
#define page_size(page) (PAGE_SIZE << compound_order(page))

/* Take a reference on a page in use (VM_BUG if it is free). */
static inline void get_page(struct page *page)
{
	page = compound_head(page);
	VM_BUG_ON(page_ref_count(page) <= 0);
	page_ref_inc(page);
}

/* Drop a reference; true if it was the last one (the caller frees the page). */
static inline int put_page_testzero(struct page *page)
{
	VM_BUG_ON(page_ref_count(page) == 0);
	return page_ref_dec_and_test(page);
}

/**
 * put_page - drop a reference and free the page's block with the last one
 * @page: any page of the block (compound tails find their head)
 *
 * Context: any.
 */
void put_page(struct page *page);

/* Print a struct page the way the kernel's dump_page() does. */
void dump_page(const struct page *page, const char *reason);

extern atomic_long_t _totalram_pages;
extern unsigned long totalhigh_pages_count;

/* Pages managed by the buddy allocator, over all zones. */
static inline unsigned long totalram_pages(void)
{
	return (unsigned long)atomic_long_read(&_totalram_pages);
}

unsigned long totalhigh_pages(void);
unsigned long nr_free_pages(void);
unsigned long nr_free_highpages(void);

struct sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	unsigned short procs, pad;
	unsigned long totalhigh, freehigh;
	unsigned int mem_unit;
};

/* Fill the memory fields of @val (in pages; mem_unit = PAGE_SIZE). */
void si_meminfo(struct sysinfo *val);

/* Print the memory summary the kernel prints on allocation failure. */
void show_mem(void);
#define show_mem_filter(f, n) show_mem()

#endif /* _LINUX_MM_H */
