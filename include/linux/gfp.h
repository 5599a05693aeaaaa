/* SPDX-License-Identifier: MIT */
/*
 * <linux/gfp.h> - the page allocator's API.
 *
 * Every call here ends in __alloc_pages(): take the zonelist of the preferred
 * node, walk its zones from the highest one the GFP zone modifiers allow down
 * to ZONE_DMA, and take a block of 2^order pages from the first zone's buddy
 * free lists that has one.  Freeing gives the block back to its zone, merging
 * it with its free buddy as far as it goes.
 */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/gfp_types.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/topology.h>

struct page;

/* True if the flags allow the allocation to sleep (direct reclaim). */
static inline bool gfpflags_allow_blocking(const gfp_t gfp_flags)
{
	return !!(gfp_flags & __GFP_DIRECT_RECLAIM);
}

/* The highest zone an allocation with @flags may use (on this machine's layout). */
enum zone_type gfp_zone(gfp_t flags);

/* First zone of NODE_DATA(nid)'s zonelist for @flags. */
static inline int gfp_zonelist(gfp_t flags)
{
	return (flags & __GFP_THISNODE) ? ZONELIST_NOFALLBACK : ZONELIST_FALLBACK;
}

/**
 * __alloc_pages - the heart of the page allocator
 * @gfp: GFP flags
 * @order: log2 of the number of pages (0..MAX_PAGE_ORDER)
 * @preferred_nid: node to try first
 * @nodemask: nodes allowed, or NULL for all
 *
 * Context: may sleep if @gfp allows it (might_sleep is checked).
 * Return: the first page of the block, or NULL (with the kernel's
 * "page allocation failure" report unless __GFP_NOWARN).
 */
struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid, nodemask_t *nodemask);
/* The seeds' (pre-5.13) name for __alloc_pages(). */
#define __alloc_pages_nodemask(gfp, order, nid, nodemask) __alloc_pages(gfp, order, nid, nodemask)

/* Allocate from @nid (which must be online) first; falls back to other nodes. */
struct page *__alloc_pages_node(int nid, gfp_t gfp, unsigned int order);

/* As __alloc_pages_node(), but NUMA_NO_NODE means the local node. */
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);

/* alloc_pages() for a task with a memory policy (mm/mempolicy.c). */
struct page *alloc_pages_policy(gfp_t gfp, unsigned int order);

/**
 * alloc_pages - allocate 2^@order contiguous pages
 * @gfp: GFP flags
 * @order: log2 of the number of pages
 *
 * From the local node, unless the calling task has a memory policy
 * (set_mempolicy()); interrupts and __GFP_THISNODE ignore the policy.
 *
 * Context: may sleep if @gfp allows it.
 * Return: the first struct page, or NULL.
 */
static inline struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	if (likely(!current->mempolicy) || in_interrupt() || (gfp & __GFP_THISNODE))
		return __alloc_pages(gfp, order, numa_node_id(), NULL);
	return alloc_pages_policy(gfp, order);
}
#define alloc_page(gfp_mask) alloc_pages(gfp_mask, 0)

/**
 * __get_free_pages - allocate pages and return their kernel address
 * @gfp_mask: GFP flags; __GFP_HIGHMEM is not allowed (the pages need an address)
 * @order: log2 of the number of pages
 *
 * Context: may sleep if @gfp_mask allows it.
 * Return: the direct-map address, or 0.
 */
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order);
#define __get_free_page(gfp_mask) __get_free_pages((gfp_mask), 0)
#define __get_dma_pages(gfp_mask, order) __get_free_pages((gfp_mask) | GFP_DMA, (order))

/* One zeroed page's kernel address, or 0. */
unsigned long get_zeroed_page(gfp_t gfp_mask);

/* @size bytes of whole pages (rounded up), the unused tail of the block freed. */
void *alloc_pages_exact(size_t size, gfp_t gfp_mask);
void *alloc_pages_exact_nid(int nid, size_t size, gfp_t gfp_mask);
void free_pages_exact(void *virt, size_t size);
struct page *alloc_contig_pages(unsigned long nr_pages, gfp_t gfp_mask, int nid,
				nodemask_t *nodemask);
void free_contig_range(unsigned long pfn, unsigned long nr_pages);

/**
 * __free_pages - give back pages from alloc_pages()
 * @page: the first page
 * @order: the order it was allocated with
 *
 * Drops a reference; the block is freed when that was the last one.  If
 * someone else still holds the first page of a non-compound block, the rest
 * of the block is freed now and the first page when they let go.
 *
 * Context: any (never sleeps).
 */
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page) __free_pages((page), 0)

/**
 * free_pages - give back pages from __get_free_pages()
 * @addr: the address returned (0 is ignored)
 * @order: the order it was allocated with
 *
 * Context: any (never sleeps).
 */
void free_pages(unsigned long addr, unsigned int order);
#define free_page(addr) free_pages((addr), 0)

/*
 * The seeds' (Linux 2.6-4.14) calls: free one order-0 page to the hot end of
 * this CPU's list (reused first, still in the CPU cache) or to the cold end.
 */
void free_hot_page(struct page *page);
void free_cold_page(struct page *page);
void free_hot_cold_page(struct page *page, bool cold);

/* Turn a non-compound block of 2^@order pages into 2^@order order-0 pages. */
void split_page(struct page *page, unsigned int order);

#endif /* _LINUX_GFP_H */
