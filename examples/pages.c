// SPDX-License-Identifier: MIT
/*
 * examples/pages.c - the seeds' page allocator calls, as a kernel module.
 *
 * Build and run:  build/kmm-cc examples/pages.c -o pages && ./pages
 */
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/string.h>

static unsigned long buffer;  /* __get_free_pages: 2^2 pages, kernel address */
static unsigned long zeroed;  /* get_zeroed_page */
static struct page *highpage; /* alloc_pages from high memory: no address */

static int __init pages_init(void)
{
	buffer = __get_free_pages(GFP_KERNEL, 2);
	if (!buffer)
		return -ENOMEM;
	memset((void *)buffer, 0xab, 4 * PAGE_SIZE);
	printk(KERN_INFO "pages: 4 pages at %#lx, pfn %#lx, zone %s\n", buffer,
	       page_to_pfn(virt_to_page((void *)buffer)),
	       page_zone(virt_to_page((void *)buffer))->name);

	zeroed = get_zeroed_page(GFP_KERNEL);
	if (!zeroed)
		goto free_buffer;
	printk(KERN_INFO "pages: zeroed page at %#lx, first byte %d\n", zeroed, *(char *)zeroed);

	highpage = alloc_pages(GFP_HIGHUSER, 0);
	if (highpage)
		printk(KERN_INFO "pages: GFP_HIGHUSER page pfn %#lx in zone %s, page_address %p\n",
		       page_to_pfn(highpage), page_zone(highpage)->name, page_address(highpage));
	return 0;

free_buffer:
	free_pages(buffer, 2);
	return -ENOMEM;
}

static void __exit pages_exit(void)
{
	if (highpage)
		__free_page(highpage);
	free_page(zeroed);
	free_pages(buffer, 2);
	printk(KERN_INFO "pages: everything given back\n");
}

module_init(pages_init);
module_exit(pages_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("page allocator example from the seeds");
