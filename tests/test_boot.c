// SPDX-License-Identifier: MIT
/*
 * tests/test_boot.c - booting machines: command lines, layouts, zones,
 * conservation of pages, address translation, /proc files.
 */
#include <linux/gfp.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/errno.h>
#include <linux/cpumask.h>

#include "mm/internal.h"
#include "tests/kmm_test.h"

#include <stdio.h>
#include <unistd.h>

static struct zone *zone_of(int nid, enum zone_type idx)
{
	return &NODE_DATA(nid)->node_zones[idx];
}

TEST(default_machine_has_the_seeds_zones)
{
	BOOT(NULL);
	CHECK(num_online_nodes() == 1);
	CHECK_EQ(zone_of(0, ZONE_DMA)->zone_start_pfn, 0);
	CHECK_EQ(zone_of(0, ZONE_DMA)->spanned_pages, SZ_16M / PAGE_SIZE);
	CHECK_EQ(zone_of(0, ZONE_NORMAL)->zone_start_pfn, SZ_16M / PAGE_SIZE);
	CHECK_EQ(zone_end_pfn(zone_of(0, ZONE_NORMAL)), (896UL << 20) / PAGE_SIZE);
	CHECK_EQ(zone_of(0, ZONE_HIGHMEM)->spanned_pages, (128UL << 20) / PAGE_SIZE);
	CHECK(!populated_zone(zone_of(0, ZONE_DMA32)));
	CHECK_EQ(max_low_pfn, (896UL << 20) / PAGE_SIZE);
	CHECK_EQ(nr_cpu_ids, 2);
	CHECK(totalhigh_pages() > 0);
}

TEST(x86_64_layout_has_dma32_and_no_highmem)
{
	BOOT("mem=5G layout=x86_64");
	CHECK_EQ(zone_end_pfn(zone_of(0, ZONE_DMA32)), SZ_4G / PAGE_SIZE);
	CHECK_EQ(zone_of(0, ZONE_NORMAL)->zone_start_pfn, SZ_4G / PAGE_SIZE);
	CHECK_EQ(zone_of(0, ZONE_NORMAL)->spanned_pages, SZ_1G / PAGE_SIZE);
	CHECK(!populated_zone(zone_of(0, ZONE_HIGHMEM)));
	CHECK_EQ(totalhigh_pages(), 0);
	CHECK_EQ(max_low_pfn, max_pfn);
}

TEST(highmem_parameter_moves_the_lowmem_split)
{
	BOOT("mem=1G highmem=512M");
	CHECK_EQ(max_low_pfn, (512UL << 20) / PAGE_SIZE);
	CHECK_EQ(zone_of(0, ZONE_HIGHMEM)->spanned_pages, (512UL << 20) / PAGE_SIZE);
}

TEST(small_x86_32_machine_has_no_highmem)
{
	BOOT("mem=64M");
	CHECK(!populated_zone(zone_of(0, ZONE_HIGHMEM)));
	CHECK_EQ(zone_end_pfn(zone_of(0, ZONE_NORMAL)), (64UL << 20) / PAGE_SIZE);
}

/* Pages touched by reserved regions that are RAM: computed from memblock alone. */
static unsigned long reserved_ram_pages(void)
{
	unsigned long n = 0;

	for (unsigned long pfn = 0; pfn < max_pfn; pfn++) {
		phys_addr_t pa = PFN_PHYS(pfn);

		if (memblock_is_memory(pa) && memblock_is_region_reserved(pa, PAGE_SIZE))
			n++;
	}
	return n;
}

static unsigned long free_pages_on_lists(void)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_populated_zone(zone) {
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			n += list_count_nodes(&zone->free_area[o].free_list) << o;
		n += zone_pcp_pages(zone);
		n += zone->deferred_end_pfn - zone->deferred_pfn; /* free, not set up yet */
	}
	return n;
}

static void check_conservation(const char *cmdline)
{
	struct kmm_mem_stats st;
	unsigned long present, free, reserved;

	BOOT(cmdline);
	kmm_mem_stats(&st);
	present = (unsigned long)(memblock_phys_mem_size() >> PAGE_SHIFT);
	free = free_pages_on_lists();
	reserved = reserved_ram_pages();
	CHECK_EQ(st.present, present);
	CHECK_EQ(st.free, free);
	/* what boot itself allocated after the hand-over (slab caches) is accounted */
	CHECK_EQ(st.managed, free + st.allocated);
	/* managed + reserved (which includes the struct page arrays) == present */
	CHECK_EQ(st.managed + reserved, present);
	CHECK_EQ(st.managed + st.reserved + st.memmap, st.present);
	CHECK(st.memmap > 0 && st.memmap < reserved);
	CHECK_INVARIANTS();
	if (kmm_test_failures)
		fprintf(stderr, "  (machine: %s)\n", cmdline);
	kmm_shutdown();
}

TEST(boot_conserves_every_page)
{
	check_conservation("mem=64M");
	check_conservation("mem=65M");
	check_conservation("mem=128M memmap=16M$32M");
	check_conservation("mem=256M memmap=8M#64M memmap=1M$100M");
	check_conservation("mem=100M memmap=3M#50M memmap=5K$20M");
	check_conservation("mem=1G");
	check_conservation("mem=1G highmem=256M numa=fake=2");
	check_conservation("mem=2G layout=x86_64 numa=fake=4");
	check_conservation("mem=64M memmap=32M@128M");
}

TEST(holes_have_no_pages_and_reserved_ranges_are_not_free)
{
	BOOT("mem=256M memmap=8M#64M memmap=4M$128M");
	CHECK(!pfn_valid(PFN_DOWN(64UL << 20)));
	CHECK(!pfn_valid(PFN_DOWN((72UL << 20) - 1)));
	CHECK(pfn_valid(PFN_DOWN(72UL << 20)));
	CHECK(!memblock_is_memory(64UL << 20));
	CHECK(memblock_is_reserved(128UL << 20));
	CHECK(PageReserved(pfn_to_page(PFN_DOWN(128UL << 20))));
	CHECK(PageReserved(pfn_to_page(0))); /* the BIOS page */
	CHECK_EQ(zone_of(0, ZONE_NORMAL)->present_pages,
		 zone_of(0, ZONE_NORMAL)->spanned_pages - (8UL << 20) / PAGE_SIZE);
}

TEST(bad_command_lines_fail_cleanly)
{
	static const char *const bad[] = {
		"mem=12Q",	     "mem=1M",	     "numa=fake=99",
		"numa=fake=x",	     "layout=arm",   "mem=1G layout=x86_64 highmem=512M",
		"memmap=1M",	     "memmap=1M!2M", "nr_cpus=0",
		"nr_cpus=1000",	     "loglevel=x",   "mem=2G highmem=16G",
		"memblock=sideways", "mem=80G",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = kmm_boot(bad[i]);

		if (ret != -EINVAL)
			fprintf(stderr, "  cmdline \"%s\" gave %d\n", bad[i], ret);
		CHECK_EQ(ret, -EINVAL);
		CHECK(!kmm_booted());
	}
	BOOT("mem=32M"); /* nothing was left behind */
}

TEST(unknown_parameters_are_reported_not_fatal)
{
	BOOT("mem=32M frobnicate=3 quux");
	CHECK_DMESG("Unknown kernel command line parameters \"frobnicate=3 quux\"");
}

TEST(boot_twice_and_busy)
{
	BOOT("mem=32M");
	CHECK_EQ(kmm_boot("mem=64M"), -EBUSY);
	CHECK_EQ(kmm_shutdown(), 0);
	CHECK_EQ(kmm_shutdown(), -ENODEV);
	BOOT("mem=48M layout=x86_64");
	CHECK_EQ(max_pfn, (48UL << 20) / PAGE_SIZE);
}

/* Round trips between pfn, struct page, physical and virtual addresses. */
static void check_translations(struct page *page)
{
	unsigned long pfn = page_to_pfn(page);
	phys_addr_t pa = page_to_phys(page);

	CHECK(pfn_to_page(pfn) == page);
	CHECK(phys_to_page(pa) == page);
	CHECK(pfn_valid(pfn));
	if (PageHighMem(page)) {
		char dummy;

		CHECK(page_address(page) == NULL);
		set_page_address(page, &dummy);
		CHECK(page_address(page) == &dummy);
		set_page_address(page, NULL);
		return;
	}
	CHECK(page_address(page) == __va(pa));
	CHECK(__pa(page_address(page)) == pa);
	CHECK(virt_to_page(page_address(page)) == page);
	CHECK(virt_to_page((char *)page_address(page) + PAGE_SIZE - 1) == page);
	CHECK(virt_addr_valid(page_address(page)));
	memset(page_address(page), 0x5a, PAGE_SIZE);
	CHECK(((unsigned char *)__va(pa))[PAGE_SIZE - 1] == 0x5a);
}

static void translate_in_every_zone(const char *cmdline)
{
	struct zone *zone;
	int stack_var = 0;

	BOOT(cmdline);
	for_each_populated_zone(zone) {
		gfp_t gfp = zone_idx(zone) == ZONE_DMA	     ? GFP_KERNEL | GFP_DMA
			    : zone_idx(zone) == ZONE_DMA32   ? GFP_KERNEL | GFP_DMA32
			    : zone_idx(zone) == ZONE_HIGHMEM ? GFP_HIGHUSER
							     : GFP_KERNEL;
		struct page *page = __alloc_pages(gfp | __GFP_THISNODE, 0, zone->node, NULL);

		REQUIRE(page);
		CHECK(page_zone(page) == zone);
		check_translations(page);
		__free_pages(page, 0);
	}
	CHECK(!virt_addr_valid(&stack_var));
	CHECK(!pfn_valid(kmm_nr_sections << PFN_SECTION_SHIFT));
	kmm_shutdown();
}

TEST(address_translation_round_trips_in_every_zone)
{
	translate_in_every_zone(NULL);
	translate_in_every_zone("mem=6G layout=x86_64 numa=fake=2");
	translate_in_every_zone("mem=2G highmem=1536M numa=fake=2");
}

TEST(numa_nodes_and_fallback)
{
	struct page *page;

	BOOT("mem=512M layout=x86_64 numa=fake=2 nr_cpus=4");
	CHECK_EQ(num_online_nodes(), 2);
	CHECK_EQ(NODE_DATA(1)->node_start_pfn, (256UL << 20) / PAGE_SIZE);
	CHECK_EQ(cpu_to_node(0), 0);
	CHECK_EQ(cpu_to_node(3), 1);
	CHECK_EQ(node_distance(0, 1), REMOTE_DISTANCE);
	page = alloc_pages_node(1, GFP_KERNEL, 0);
	REQUIRE(page);
	CHECK_EQ(page_to_nid(page), 1);
	__free_pages(page, 0);
	/* node 1's zonelist starts with node 1 and falls back to node 0 */
	CHECK(NODE_DATA(1)->node_zonelists[ZONELIST_FALLBACK]._zonerefs[0].zone->node == 1);
	CHECK(NODE_DATA(1)->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs[1].zone == NULL ||
	      NODE_DATA(1)->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs[1].zone->node == 1);
}

static long rss_kb(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

TEST(a_64G_machine_costs_little_until_touched)
{
	long before = rss_kb(), after;
	struct kmm_mem_stats st;

	BOOT("mem=64G layout=x86_64 numa=fake=2");
	after = rss_kb();
	kmm_mem_stats(&st);
	CHECK(st.free > (60UL << 30) / PAGE_SIZE);
	/*
	 * 1 GiB of struct pages exists; only reserved pages and the heads of blocks that are not
	 * deferred are touched (a 4 MiB block's head alone is a page of struct pages: without
	 * deferral this machine cost 83 MiB), and not those of the memmap's own 1 GiB
	 * (MEMBLOCK_RSRV_NOINIT: marking them PG_reserved cost 16 MiB)
	 */
	printf("  64G machine: RSS grew by %ld kB at boot\n", after - before);
#if !defined(__SANITIZE_THREAD__) && !defined(__SANITIZE_ADDRESS__)
	CHECK(after - before < 4 * 1024); /* sanitizers add shadow memory of their own */
#endif
}

static char *proc_text(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (kmm_proc_show(path, f))
		fputs("<error>", f);
	fclose(f);
	return buf;
}

TEST(proc_files_have_the_kernel_formats)
{
	char *t;

	CHECK_EQ(kmm_proc_show("/proc/buddyinfo", stdout), -ENODEV);
	BOOT("mem=1G");
	CHECK_EQ(kmm_proc_show("/proc/nonexistent", stdout), -ENOENT);
	t = proc_text("/proc/buddyinfo");
	CHECK(strstr(t, "Node 0, zone      DMA ") && strstr(t, "Node 0, zone   Normal ") &&
	      strstr(t, "Node 0, zone  HighMem "));
	free(t);
	t = proc_text("/proc/meminfo");
	CHECK(strncmp(t, "MemTotal:       ", 16) == 0);
	CHECK(strstr(t, "\nHighTotal:") && strstr(t, "\nLowFree:") && strstr(t, " kB\n"));
	free(t);
	t = proc_text("/proc/zoneinfo");
	CHECK(strstr(t, "Node 0, zone   Normal\n  pages free     ") && strstr(t, "managed  "));
	free(t);
	t = proc_text("/proc/iomem");
	CHECK(strncmp(t, "00000000-00000fff : Reserved\n00001000-3fffffff : System RAM\n", 60) ==
	      0);
	free(t);
	t = proc_text("/sys/kernel/debug/memblock/memory");
	CHECK(strstr(t, "   0: 0x0000000000000000..0x000000003fffffff    0 NONE\n") != NULL);
	free(t);
	t = proc_text("/proc/cmdline");
	CHECK(strncmp(t, "mem=1G", 6) == 0);
	free(t);
	t = proc_text("/proc/vmstat");
	CHECK(strstr(t, "nr_free_pages ") && strstr(t, "pgalloc_high ") && !strstr(t, "dma32"));
	free(t);
}
