// SPDX-License-Identifier: MIT
/*
 * tests/wrong_buddy.c - misuse of the page allocator.  Each case expects the
 * kernel-style report and an allocator that is still consistent afterwards
 * (the harness checks invariants and leaks at the end of every case).
 */
#include <linux/gfp.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "mm/internal.h"
#include "tests/kmm_test.h"

TEST(double_free_is_reported_and_ignored)
{
	unsigned long free0;
	struct page *page;

	BOOT("mem=64M");
	free0 = kmm_nr_free_pages();
	page = alloc_pages(GFP_KERNEL, 1);
	REQUIRE(page);
	__free_pages(page, 1);
	__free_pages(page, 1);
	CHECK_DMESG("BUG: Bad page state in process");
	CHECK_DMESG("page dumped because: double free");
	CHECK_EQ(kmm_nr_free_pages(), free0);
	CHECK_INVARIANTS();
}

TEST(double_free_after_merge_is_reported)
{
	struct page *a, *b;

	BOOT("mem=64M");
	a = alloc_pages(GFP_KERNEL, 0);
	b = alloc_pages(GFP_KERNEL, 0);
	REQUIRE(a && b);
	__free_pages(a, 0);
	__free_pages(b, 0); /* may merge with a: a is now inside a bigger free block */
	__free_pages(a, 0);
	CHECK_DMESG("BUG: Bad page state");
	CHECK_INVARIANTS();
}

TEST(wrong_order_is_reported_and_the_whole_block_freed)
{
	unsigned long free0;
	struct page *page;

	BOOT("mem=64M");
	free0 = kmm_nr_free_pages();
	page = alloc_pages(GFP_KERNEL, 3);
	REQUIRE(page);
	__free_pages(page, 2);
	CHECK_DMESG("page dumped because: freed with a different order");
	CHECK_EQ(kmm_nr_free_pages(), free0); /* nothing leaked */
}

TEST(order_beyond_max_is_refused)
{
	struct page *page;

	BOOT("mem=64M");
	page = alloc_pages(GFP_KERNEL, 0);
	REQUIRE(page);
	__free_pages(page, MAX_PAGE_ORDER + 1);
	CHECK_DMESG("page dumped because: freed with order > MAX_PAGE_ORDER");
	CHECK_EQ(page_ref_count(page), 1); /* untouched: still the caller's */
	__free_pages(page, 0);
}

TEST(freeing_the_middle_of_a_block_is_refused)
{
	struct page *page;

	BOOT("mem=64M");
	page = alloc_pages(GFP_KERNEL, 2);
	REQUIRE(page);
	__free_pages(page + 1, 0);
	CHECK_DMESG("not the first page of an allocated block");
	free_pages((unsigned long)page_address(page + 2), 0);
	CHECK_EQ(dmesg_count("BUG: Bad page state"), 2);
	__free_pages(page, 2);
}

TEST(freeing_a_compound_tail_is_refused)
{
	struct page *page;

	BOOT("mem=64M");
	page = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	REQUIRE(page);
	__free_pages(page + 3, 0);
	CHECK_DMESG("freeing a tail page of a compound page");
	__free_pages(page, 2);
}

TEST(freeing_a_reserved_page_is_refused)
{
	BOOT("mem=64M");
	__free_pages(pfn_to_page(0), 0); /* the BIOS page */
	CHECK_DMESG("page dumped because: freeing a reserved page");
	CHECK(PageReserved(pfn_to_page(0)));
}

TEST(foreign_and_unaligned_addresses)
{
	static char not_ours[64];
	unsigned long addr, free0;

	BOOT("mem=64M");
	free0 = kmm_nr_free_pages();
	free_pages((unsigned long)not_ours, 0);
	CHECK_DMESG("is not a direct-map address");
	__free_pages((struct page *)not_ours, 0);
	CHECK_DMESG("which is not a struct page of this machine");
	__free_pages((struct page *)((char *)pfn_to_page(1000) + 8), 0);
	CHECK_EQ(dmesg_count("not a struct page of this machine"), 2);
	addr = __get_free_page(GFP_KERNEL);
	REQUIRE(addr);
	free_pages(addr + 100, 0); /* the kernel frees the page it points into */
	CHECK_DMESG("is not page aligned");
	CHECK_EQ(kmm_nr_free_pages(), free0);
}

TEST(put_page_on_a_free_page)
{
	struct page *page;

	BOOT("mem=64M");
	page = alloc_page(GFP_KERNEL);
	REQUIRE(page);
	put_page(page);
	put_page(page);
	CHECK_DMESG("double free");
}

TEST(sleeping_allocation_in_atomic_context)
{
	DEFINE_SPINLOCK(lock);
	struct page *page;

	BOOT("mem=64M");
	spin_lock(&lock);
	page = alloc_page(GFP_KERNEL);
	spin_unlock(&lock);
	CHECK_DMESG("BUG: sleeping function called from invalid context at mm/page_alloc.c");
	CHECK_DMESG("in_atomic(): 1");
	if (page)
		__free_page(page);
	preempt_disable();
	page = alloc_page(GFP_NOWAIT);
	preempt_enable();
	CHECK_EQ(dmesg_count("sleeping function called from invalid context"), 1);
	if (page)
		__free_page(page);
}

TEST(allocation_before_boot_is_refused)
{
	CHECK(alloc_pages(GFP_KERNEL, 0) == NULL);
	CHECK_DMESG("WARNING:");
	free_pages(0, 0); /* a no-op, as in the kernel */
}

TEST(memblock_after_boot_warns_and_falls_back)
{
	void *p;

	BOOT("mem=64M");
	p = memblock_alloc(3 * PAGE_SIZE, PAGE_SIZE);
	REQUIRE(p);
	CHECK_DMESG("WARNING:");
	CHECK(((char *)p)[3 * PAGE_SIZE - 1] == 0);
	memset(p, 1, 3 * PAGE_SIZE);
	memblock_free(p, 3 * PAGE_SIZE);
	CHECK_INVARIANTS();
}
