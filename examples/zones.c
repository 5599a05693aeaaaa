// SPDX-License-Identifier: MIT
/*
 * examples/zones.c - where each GFP zone modifier puts a page.
 *
 * On the default (x86_32) machine: GFP_DMA below 16 MiB, GFP_KERNEL in
 * Normal (lowmem, below 896 MiB), GFP_HIGHUSER in HighMem.  Try also
 * KMM_CMDLINE="mem=8G layout=x86_64" ./zones   for DMA/DMA32/Normal.
 */
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>

static const struct {
	const char *name;
	gfp_t gfp;
} kinds[] = {
	{"GFP_KERNEL | GFP_DMA", GFP_KERNEL | GFP_DMA},
	{"GFP_KERNEL | GFP_DMA32", GFP_KERNEL | GFP_DMA32},
	{"GFP_KERNEL", GFP_KERNEL},
	{"GFP_HIGHUSER", GFP_HIGHUSER},
};

static struct page *pages[4];

static int __init zones_init(void)
{
	for (int i = 0; i < 4; i++) {
		struct page *page = alloc_pages(kinds[i].gfp, 0);

		if (!page)
			return -ENOMEM;
		pages[i] = page;
		pr_info("zones: %-24s -> pfn %#8lx  phys %#011llx  zone %-7s node %d  %s\n",
			kinds[i].name, page_to_pfn(page), (unsigned long long)page_to_phys(page),
			page_zone(page)->name, page_to_nid(page),
			page_address(page) ? "direct-mapped" : "no kernel address (highmem)");
	}
	return 0;
}

static void __exit zones_exit(void)
{
	for (int i = 0; i < 4; i++)
		if (pages[i])
			__free_page(pages[i]);
}

module_init(zones_init);
module_exit(zones_exit);
MODULE_LICENSE("GPL");
