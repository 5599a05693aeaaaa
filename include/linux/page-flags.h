/* SPDX-License-Identifier: MIT */
/*
 * <linux/page-flags.h> - the PG_* bits of struct page's flags word.
 *
 * PageFoo()/SetPageFoo()/ClearPageFoo() are atomic; the __ variants are for
 * pages nobody else can see (just allocated, or under the zone lock).
 *
 * The high byte of flags is kmm's own: the order of an allocated block is
 * kept there (head page only) so that a free with the wrong order, or of a
 * page that is not the start of a block, is caught.  The kernel keeps section,
 * node and zone numbers in those bits; kmm finds the zone from the pfn.
 * Buddy and slab pages are flags here; newer kernels moved them to page_type.
 */
#ifndef _LINUX_PAGE_FLAGS_H
#define _LINUX_PAGE_FLAGS_H

#include <linux/bitops.h>
#include <linux/mm_types.h>

enum pageflags {
	PG_locked,
	PG_writeback,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_head, /* first page of a compound page */
	PG_waiters,
	PG_active,
	PG_workingset,
	PG_owner_priv_1,
	PG_arch_1,
	PG_reserved, /* never handed to the buddy allocator (boot reservations, holes) */
	PG_private,
	PG_private_2,
	PG_reclaim,
	PG_swapbacked,
	PG_unevictable,
	PG_mlocked,
	PG_buddy, /* head of a free block in a buddy free list; private = order */
	PG_slab,  /* owned by the slab allocator */
	PG_pcp,	  /* head of a free block on a per-CPU page list; private = order */
	__NR_PAGEFLAGS
};

#define KMM_PAGE_ORDER_SHIFT 56
#define KMM_PAGE_ORDER_MASK (0xfUL << KMM_PAGE_ORDER_SHIFT)

#define KMM_PAGEFLAG(uname, lname)                                   \
	static inline bool Page##uname(const struct page *page)      \
	{                                                            \
		return test_bit(PG_##lname, &page->flags);           \
	}                                                            \
	static inline void SetPage##uname(struct page *page)         \
	{                                                            \
		set_bit(PG_##lname, &page->flags);                   \
	}                                                            \
	static inline void ClearPage##uname(struct page *page)       \
	{                                                            \
		clear_bit(PG_##lname, &page->flags);                 \
	}                                                            \
	static inline void __SetPage##uname(struct page *page)       \
	{                                                            \
		__set_bit(PG_##lname, &page->flags);                 \
	}                                                            \
	static inline void __ClearPage##uname(struct page *page)     \
	{                                                            \
		__clear_bit(PG_##lname, &page->flags);               \
	}                                                            \
	static inline bool TestClearPage##uname(struct page *page)   \
	{                                                            \
		return test_and_clear_bit(PG_##lname, &page->flags); \
	}                                                            \
	static inline bool TestSetPage##uname(struct page *page)     \
	{                                                            \
		return test_and_set_bit(PG_##lname, &page->flags);   \
	}

KMM_PAGEFLAG(Locked, locked)
KMM_PAGEFLAG(Writeback, writeback)
KMM_PAGEFLAG(Referenced, referenced)
KMM_PAGEFLAG(Uptodate, uptodate)
KMM_PAGEFLAG(Dirty, dirty)
KMM_PAGEFLAG(LRU, lru)
KMM_PAGEFLAG(Head, head)
KMM_PAGEFLAG(Active, active)
KMM_PAGEFLAG(Reserved, reserved)
KMM_PAGEFLAG(Private, private)
KMM_PAGEFLAG(Reclaim, reclaim)
KMM_PAGEFLAG(SwapBacked, swapbacked)
KMM_PAGEFLAG(Unevictable, unevictable)
KMM_PAGEFLAG(Mlocked, mlocked)
KMM_PAGEFLAG(Buddy, buddy)
KMM_PAGEFLAG(Slab, slab)
KMM_PAGEFLAG(Pcp, pcp)

static inline bool PageTail(const struct page *page)
{
	return READ_ONCE(page->compound_head) & 1UL;
}

static inline bool PageCompound(const struct page *page)
{
	return PageHead(page) || PageTail(page);
}

static inline struct page *compound_head(const struct page *page)
{
	unsigned long head = READ_ONCE(page->compound_head);

	if (head & 1UL)
		return (struct page *)(head - 1);
	return (struct page *)page;
}

static inline unsigned int compound_order(const struct page *page)
{
	if (!PageHead(page))
		return 0;
	return page[1].compound_order;
}

static inline unsigned long compound_nr(const struct page *page)
{
	return 1UL << compound_order(page);
}

/* Names of the flags for dumps ("flags: 0x...(reserved|buddy)"). */
extern const char *const pageflag_names[__NR_PAGEFLAGS];

#endif /* _LINUX_PAGE_FLAGS_H */
