/* SPDX-License-Identifier: MIT */
/*
 * <linux/page_ref.h> - the reference count of a page.
 *
 * An allocated block's head page starts with one reference.  get_page() adds
 * one; put_page() drops one and frees the block when it reaches zero.
 *
 * One difference from the kernel: a new reference may only be taken by
 * someone who already holds one (or who allocated the block).  The free
 * path drops a count of one to zero with a plain store, not a locked
 * decrement (mm/page_alloc.c, free_pages_fast()), so page_ref_add_unless()
 * / get_page_unless_zero() on a page that its last holder may be freeing at
 * that moment - the kernel's speculative page-cache lookups - is not
 * supported.  kmm has no page cache and no lockless page-table walkers.
 */
#ifndef _LINUX_PAGE_REF_H
#define _LINUX_PAGE_REF_H

#include <linux/atomic.h>
#include <linux/mm_types.h>

static inline int page_ref_count(const struct page *page)
{
	return atomic_read(&page->_refcount);
}

static inline int page_count(const struct page *page)
{
	return page_ref_count(page);
}

static inline void set_page_count(struct page *page, int v)
{
	atomic_set(&page->_refcount, v);
}

static inline void init_page_count(struct page *page)
{
	set_page_count(page, 1);
}

static inline void page_ref_inc(struct page *page)
{
	atomic_inc(&page->_refcount);
}

static inline void page_ref_dec(struct page *page)
{
	atomic_dec(&page->_refcount);
}

static inline void page_ref_add(struct page *page, int nr)
{
	atomic_add(nr, &page->_refcount);
}

static inline void page_ref_sub(struct page *page, int nr)
{
	atomic_sub(nr, &page->_refcount);
}

static inline int page_ref_dec_and_test(struct page *page)
{
	return atomic_dec_and_test(&page->_refcount);
}

static inline int page_ref_sub_and_test(struct page *page, int nr)
{
	return atomic_sub_and_test(nr, &page->_refcount);
}

static inline int page_ref_inc_return(struct page *page)
{
	return atomic_inc_return(&page->_refcount);
}

static inline int page_ref_add_unless(struct page *page, int nr, int u)
{
	return atomic_add_unless(&page->_refcount, nr, u);
}

#endif
