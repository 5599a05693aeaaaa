/* SPDX-License-Identifier: MIT */
/*
 * mm/internal.h - what mm/ files share and nothing outside mm/ and kernel/ uses.
 */
#ifndef KMM_MM_INTERNAL_H
#define KMM_MM_INTERNAL_H

#include <linux/gfp.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <stdio.h>

/* ---- the machine (kernel/setup.c) ---- */

enum kmm_layout {
	KMM_LAYOUT_X86_32, /* DMA, Normal up to 896 MiB, HighMem above */
	KMM_LAYOUT_X86_64, /* DMA, DMA32 up to 4 GiB, Normal above */
};

/* What the command line asked for, after parsing (kernel/params.c). */
struct kmm_machine {
	enum kmm_layout layout;
	phys_addr_t mem_size;       /* mem= : end of RAM */
	phys_addr_t highmem_size;   /* highmem= (x86_32 only), or ~0 for "automatic" */
	unsigned int nr_nodes;      /* numa=fake= */
	unsigned int nr_cpus;       /* nr_cpus= */
	int loglevel;               /* loglevel= / quiet / debug, or -1 */
	bool memblock_debug;        /* memblock=debug */
	bool memblock_bottom_up;    /* memblock=bottomup (kmm) */
	unsigned int mminit_loglevel; /* mminit_loglevel= */
	int nr_memmap;
	struct kmm_memmap_arg {
		phys_addr_t start, size;
		char type; /* '$' reserved, '#' hole, '@' extra RAM */
	} memmap[32];
	char cmdline[1024];
};

extern struct kmm_machine kmm_machine;
int kmm_parse_cmdline(const char *cmdline);
void kmm_params_help(FILE *out);
int kmm_cmdline_show(FILE *out);
/* Physical end of the direct map (lowmem); the RAM file descriptor. */
extern phys_addr_t kmm_lowmem_end;
extern int kmm_physmem_fd;

/* ---- boot handshakes between memblock and the buddy allocator ---- */

/*
 * Set by memblock_free_all() once the buddy allocator owns free memory.
 * From then on memblock and bootmem calls warn and fall back to the buddy
 * allocator (late_alloc_pages / late_free_range).
 */
extern bool memblock_handed_over;

/* Free a 2^@order block of boot memory into the buddy allocator (boot only). */
void __free_pages_core(struct page *page, unsigned int order);

/* After boot: @size bytes of zeroed pages below @max_addr, preferring @nid. */
void *late_alloc_pages(size_t size, phys_addr_t max_addr, int nid);
/* After boot: give [base, base+size) back: boot-reserved pages go to the buddy
 * allocator, pages from late_alloc_pages() are freed. */
void late_free_range(phys_addr_t base, phys_addr_t size);

/* Pages of RAM that hold struct page arrays (for conservation checks). */
extern unsigned long kmm_memmap_pages;

/* ---- boot steps ---- */
int setup_arch(void);          /* kernel/setup.c */
void teardown_arch(void);
int kmm_iomem_show(FILE *out);
extern void *kmm_kernel_va;    /* the kernel's address range; the direct map starts it */
extern size_t kmm_kernel_va_size;
int mm_boot_init(void);        /* mm/mm_init.c: nodes, sections, zones */
void mem_init(void);           /* memblock_free_all() */
void mm_teardown(void);
void build_all_zonelists(void);
int sparse_init(void);         /* mm/sparse.c */
bool sparse_section_present(unsigned long sec);
void sparse_teardown(void);

/* ---- page allocator internals (mm/page_alloc.c) ---- */

void zone_init_free_lists(struct zone *zone);
/* Order recorded in an allocated block's head page, or -1. */
int page_alloc_order(const struct page *page);

/* Is @page the head of a free block of exactly @order? */
static inline bool page_is_buddy(const struct page *page, unsigned int order)
{
	return PageBuddy(page) && page_private(page) == order;
}

/* ---- checks and reports (mm/debug.c, mm/vmstat.c) ---- */
int buddy_check_invariants(void);
unsigned long buddy_leak_report(void);
void bad_page(const struct page *page, const char *reason);
void format_gfp_flags(gfp_t gfp, char *buf, size_t len);
void format_nodemask(const nodemask_t *mask, char *buf, size_t len);
int kmm_buddyinfo_show(FILE *out);
int kmm_zoneinfo_show(FILE *out);
int kmm_meminfo_show(FILE *out);
int kmm_vmstat_show(FILE *out);

/* ---- reports ---- */
int memblock_debug_show(const char *which, FILE *out);
int memblock_check_invariants(void);

#endif /* KMM_MM_INTERNAL_H */
