/* SPDX-License-Identifier: MIT */
/*
 * mm/internal.h - what mm/ files share and nothing outside mm/ and kernel/ uses.
 */
#ifndef KMM_MM_INTERNAL_H
#define KMM_MM_INTERNAL_H

#include <linux/gfp.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/vmstat.h>
#include <stdio.h>

/* ---- the machine (kernel/setup.c) ---- */

enum kmm_layout {
	KMM_LAYOUT_X86_32, /* DMA, Normal up to 896 MiB, HighMem above */
	KMM_LAYOUT_X86_64, /* DMA, DMA32 up to 4 GiB, Normal above */
};

/* What the command line asked for, after parsing (kernel/params.c). */
struct kmm_machine {
	enum kmm_layout layout;
	phys_addr_t mem_size;		       /* mem= : end of RAM */
	phys_addr_t highmem_size;	       /* highmem= (x86_32 only), or ~0 for "automatic" */
	unsigned int nr_nodes;		       /* numa=fake= */
	unsigned int nr_cpus;		       /* nr_cpus= */
	bool strict_cpus;		       /* sticky_cpus=off */
	int loglevel;			       /* loglevel= / quiet / debug, or -1 */
	bool memblock_debug;		       /* memblock=debug */
	bool memblock_bottom_up;	       /* memblock=bottomup (kmm) */
	unsigned int mminit_loglevel;	       /* mminit_loglevel= */
	int min_free_kbytes;		       /* min_free_kbytes=, or -1 for the kernel's rule */
	int watermark_scale_factor;	       /* watermark_scale_factor= (default 10) */
	unsigned int percpu_pagelist_fraction; /* percpu_pagelist_fraction= (0: zone_batchsize) */
	bool slab_nomerge;		       /* slab_nomerge / slab_merge (default: merge) */
	unsigned int slab_min_order;	       /* slab_min_order= (default 0) */
	unsigned int slab_max_order;   /* slab_max_order= (default PAGE_ALLOC_COSTLY_ORDER) */
	unsigned int slab_min_objects; /* slab_min_objects=, 0: from the CPU count */
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
/* Map the direct map from @fd, a copy of the RAM file, and close the old one. */
int kmm_physmem_replace(int fd);

/* Global mutexes, taken in this order by kmm_fork_prepare() (kernel/fork.c). */
extern struct mutex oom_lock;	    /* mm/oom_kill.c */
extern struct mutex shrinker_mutex; /* mm/vmscan.c */

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
/* Zero whole direct-map pages by giving their host memory back (mm/page_alloc.c). */
void kmm_pages_zero_discard(void *addr, size_t len);
/* mm/memblock.c: a page whose struct page was never set up (MEMBLOCK_RSRV_NOINIT)? */
bool memblock_noinit_pfn(unsigned long pfn, unsigned long *end);

/* Pages of RAM that hold struct page arrays (for conservation checks). */
extern unsigned long kmm_memmap_pages;

/* ---- boot steps ---- */
int setup_arch(void); /* kernel/setup.c */
void teardown_arch(void);
int kmm_iomem_show(FILE *out);
extern void *kmm_kernel_va; /* the kernel's address range; the direct map starts it */
extern size_t kmm_kernel_va_size;
int mm_boot_init(void); /* mm/mm_init.c: nodes, sections, zones */
void mem_init(void);	/* memblock_free_all() */
void mm_teardown(void);
void build_all_zonelists(void);
int sparse_init(void); /* mm/sparse.c */
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

/* ---- allocation flags of the page allocator (mm/page_alloc.c) ---- */
#define ALLOC_WMARK_MIN WMARK_MIN
#define ALLOC_WMARK_LOW WMARK_LOW
#define ALLOC_WMARK_HIGH WMARK_HIGH
#define ALLOC_NO_WATERMARKS 0x04 /* ignore watermarks entirely */
#define ALLOC_WMARK_MASK (ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM 0x08	       /* the OOM victim's share (unused: kmm kills nothing) */
#define ALLOC_NON_BLOCK 0x10   /* cannot sleep: a little deeper into the reserve */
#define ALLOC_MIN_RESERVE 0x20 /* __GFP_HIGH: half of the min reserve */
#define ALLOC_CPUSET 0x40      /* check the task's allowed nodes */
#define ALLOC_KSWAPD 0x800     /* wake kswapd when below the low watermark */

/* mm/watermarks.c */
extern int min_free_kbytes;
extern int watermark_scale_factor;
void setup_per_zone_wmarks(void);
unsigned long totalreserve_pages(void);
bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags, long free_pages);

/* mm/page_alloc.c: per-CPU lists */
void setup_zone_pagesets(void); /* after memblock_free_all(): batch and high */
unsigned long zone_pcp_pages(const struct zone *zone);
unsigned long zone_allocated_pages(const struct zone *zone);
/* Pages of @zone allocated (PGALLOC_DMA) or freed (PGFREE) through its per-CPU counters. */
unsigned long zone_pcp_event(const struct zone *zone, enum vm_event_item item);

/* What one allocation may use: set up by __alloc_pages(), read by the slow path. */
struct alloc_context {
	struct zonelist *zonelist;
	nodemask_t *nodemask;
	struct zone *preferred_zone; /* first usable zone: where the pages "should" come from */
	int highest_zoneidx;	     /* from the GFP zone modifiers */
};
struct page *get_page_from_freelist(gfp_t gfp, unsigned int order, unsigned int alloc_flags,
				    const struct alloc_context *ac);
struct page *__alloc_pages_slowpath(gfp_t gfp, unsigned int order, struct alloc_context *ac);
void warn_alloc(gfp_t gfp, const nodemask_t *nodemask, unsigned int order);

/* Know (@on) or forget the zone each node's plain allocations try first. */
void fast_zones_setup(bool on);

/* Wake sleepers in __alloc_pages() that wait for pages to be freed. */
extern int page_waiters;
void wake_page_waiters(void);

/* Count a NUMA placement event for @zone on the calling CPU. */
void count_numa_event(struct zone *zone, enum numa_stat_item item);
unsigned long zone_numa_event(const struct zone *zone, enum numa_stat_item item);

/* ---- reclaim (mm/vmscan.c) ---- */

/* Direct reclaim for an allocation; returns the pages it freed. */
unsigned long try_to_free_pages(struct zonelist *zonelist, int order, gfp_t gfp_mask,
				nodemask_t *nodemask);
/* Ask kswapd of @zone's node to bring zones up to their high watermark. */
void wakeup_kswapd(struct zone *zone, gfp_t gfp_flags, int order, enum zone_type highest_zoneidx);
int kswapd_run(int nid);   /* boot: start kswapd of node @nid */
void kswapd_stop(int nid); /* shutdown: stop it and wait for it */
/* Shutdown: stop every kswapd, then report and unlink shrinkers still registered. */
void vmscan_teardown(void);
int vmscan_check_invariants(void);

/* ---- out of memory (mm/oom_kill.c) ---- */
struct oom_control {
	struct zonelist *zonelist;
	nodemask_t *nodemask;
	gfp_t gfp_mask;
	int order;
};
/* Report OOM and run the OOM notifiers; true if they freed something. */
bool out_of_memory(struct oom_control *oc);

/* ---- checks and reports (mm/debug.c, mm/vmstat.c) ---- */
int buddy_check_invariants(void);
unsigned long buddy_leak_report(void);
void zone_walk_allocated(struct zone *zone, bool (*fn)(struct page *head, int order, void *arg),
			 void *arg);
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
