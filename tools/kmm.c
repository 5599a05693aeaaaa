// SPDX-License-Identifier: MIT
/*
 * tools/kmm.c - the kmm command.
 *
 *   kmm run   [--cmdline "..."]   boot, show the machine, walk the buddy
 *                                  allocator through a few allocations, halt
 *   kmm cat PATH [--cmdline "..."] print one /proc or /sys file of a fresh machine
 *   kmm dmesg [--cmdline "..."]   boot and print the kernel log
 *   kmm check [--cmdline "..."]   boot, run every invariant checker, halt
 *   kmm params                    the command-line parameters kmm knows
 *   kmm files                     the files kmm cat can print
 */
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/printk.h>

#include "mm/internal.h"

#include <kmm/kmm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
	fprintf(stderr,
		"usage: kmm run   [--cmdline \"...\"]\n"
		"       kmm cat PATH [--cmdline \"...\"]\n"
		"       kmm dmesg [--cmdline \"...\"]\n"
		"       kmm check [--cmdline \"...\"]\n"
		"       kmm params | files\n"
		"The default machine is \"%s\".\n",
		KMM_DEFAULT_CMDLINE);
	exit(2);
}

static void section(const char *title)
{
	printf("\n==== %s ====\n", title);
}

static void show_titled(const char *path, const char *title)
{
	section(title);
	fflush(stdout);
	if (kmm_proc_show(path, stdout))
		printf("(cannot show %s)\n", path);
}

static void show(const char *path)
{
	show_titled(path, path);
}

/* Show the buddy free lists moving as blocks are taken and given back. */
static void buddy_walkthrough(void)
{
	struct page *order3, *high = NULL, *dma;

	section("the buddy allocator at work");
	printf("alloc_pages(GFP_KERNEL, 3): an order-3 block (8 pages) from ZONE_NORMAL\n");
	order3 = alloc_pages(GFP_KERNEL, 3);
	printf("alloc_pages(GFP_DMA, 0): one page from ZONE_DMA\n");
	dma = alloc_pages(GFP_KERNEL | GFP_DMA, 0);
	if (kmm_machine.layout == KMM_LAYOUT_X86_32) {
		printf("alloc_pages(GFP_HIGHUSER, 0): one page from ZONE_HIGHMEM\n");
		high = alloc_pages(GFP_HIGHUSER, 0);
	}
	if (order3)
		printf("  order-3 block: pfn %#lx, zone %s, kernel address %p\n",
		       page_to_pfn(order3), page_zone(order3)->name, page_address(order3));
	if (dma)
		printf("  DMA page:      pfn %#lx, zone %s, kernel address %p\n", page_to_pfn(dma),
		       page_zone(dma)->name, page_address(dma));
	if (high)
		printf("  HighMem page:  pfn %#lx, zone %s, kernel address %p (no direct "
		       "mapping)\n",
		       page_to_pfn(high), page_zone(high)->name, page_address(high));
	show_titled("/proc/buddyinfo", "/proc/buddyinfo: blocks split to serve them");
	if (order3)
		__free_pages(order3, 3);
	if (dma)
		__free_pages(dma, 0);
	if (high)
		__free_pages(high, 0);
	show_titled("/proc/buddyinfo", "/proc/buddyinfo: freed and merged again");
}

static int boot_or_die(const char *cmdline)
{
	if (kmm_boot(cmdline)) {
		fprintf(stderr, "kmm: the machine did not boot\n");
		return 1;
	}
	return 0;
}

static int halt(void)
{
	long leaked = kmm_shutdown();

	return leaked ? 1 : 0;
}

static int cmd_run(const char *cmdline)
{
	char buf[1200];

	snprintf(buf, sizeof(buf), "%s loglevel=7", cmdline ? cmdline : KMM_DEFAULT_CMDLINE);
	printf("==== booting: %s ====\n", buf);
	fflush(stdout);
	if (boot_or_die(buf))
		return 1;
	console_loglevel = CONSOLE_LOGLEVEL_QUIET;
	show("/proc/iomem");
	show("/sys/kernel/debug/memblock/memory");
	show("/sys/kernel/debug/memblock/reserved");
	show("/proc/buddyinfo");
	show("/proc/zoneinfo");
	show("/proc/meminfo");
	buddy_walkthrough();
	section("invariant check");
	printf("%d violations\n", kmm_check_invariants());
	return halt();
}

static int cmd_cat(const char *path, const char *cmdline)
{
	int ret;

	if (boot_or_die(cmdline))
		return 1;
	ret = kmm_proc_show(path, stdout);
	if (ret)
		fprintf(stderr, "kmm cat: %s: %s\n", path, strerror(-ret));
	halt();
	return ret ? 1 : 0;
}

static int cmd_check(const char *cmdline)
{
	int bad;

	if (boot_or_die(cmdline))
		return 1;
	bad = kmm_check_invariants();
	printf("%d violations\n", bad);
	return halt() || bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *cmdline = NULL, *arg = NULL;

	if (argc < 2)
		usage();
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--cmdline") && i + 1 < argc)
			cmdline = argv[++i];
		else if (!arg)
			arg = argv[i];
		else
			usage();
	}
	if (!strcmp(argv[1], "run"))
		return cmd_run(cmdline);
	if (!strcmp(argv[1], "cat") && arg)
		return cmd_cat(arg, cmdline);
	if (!strcmp(argv[1], "dmesg")) {
		if (boot_or_die(cmdline))
			return 1;
		kmm_dmesg(stdout);
		return halt();
	}
	if (!strcmp(argv[1], "check"))
		return cmd_check(cmdline);
	if (!strcmp(argv[1], "params")) {
		kmm_params_help(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "files")) {
		kmm_proc_list(stdout);
		return 0;
	}
	usage();
}
