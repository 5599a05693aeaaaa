// SPDX-License-Identifier: MIT
/*
 * kernel/boot.c - kmm_boot() and kmm_shutdown(): the machine's life.
 *
 * Theory
 * ------
 * Boot runs the kernel's order:
 *
 *   kmm_parse_cmdline()   the machine description        (kernel/params.c)
 *   kmm_sched_init()      nr_cpu_ids CPUs                (kernel/sched.c)
 *   setup_arch()          RAM file, e820 map, memblock,  (kernel/setup.c)
 *                         direct map
 *   mm_boot_init()        NODE_DATA, struct pages, zones (mm/mm_init.c)
 *   the setup_arch hook   boot-time allocations (memblock/bootmem)
 *   mem_init()            memblock_free_all(): the buddy allocator takes over
 *
 * Shutdown reports every page that is not back in the buddy allocator, then
 * undoes all of it; the process can boot another machine afterwards.
 *
 * There is one machine per process at a time (the kernel's globals are
 * globals here too).  Boot and shutdown are not thread-safe against each
 * other or against allocations: the caller makes sure nothing else runs.
 *
 * This file also routes kmm_proc_show() to the subsystem that prints each
 * file, and kmm_check_invariants() to each subsystem's checker.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mempolicy.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/vmstat.h>

#include "kernel/internal.h"
#include "mm/internal.h"
#include "mm/slab.h"

#include <kmm/kmm.h>
#include <kmm/numa.h>
#include <kmm/sched.h>
#include <string.h>

static bool kmm_is_booted;

bool kmm_booted(void)
{
	return kmm_is_booted;
}

static void boot_teardown(void)
{
	memblock_handed_over = false;
	mm_teardown();
	teardown_arch();
	kmm_sched_exit();
	memset(vm_event_states, 0, sizeof(vm_event_states));
}

static int boot_fail(int ret)
{
	pr_err("kmm: boot failed (%d)\n", ret);
	boot_teardown();
	return ret;
}

int kmm_boot_with_hook(const char *cmdline, void (*setup_arch_hook)(void *arg), void *arg)
{
	int ret, nid;

	if (kmm_is_booted)
		return -EBUSY;
	printk_reset_clock();
	console_loglevel = CONSOLE_LOGLEVEL_QUIET;
	ret = kmm_parse_cmdline(cmdline);
	if (ret)
		return ret;
	if (kmm_machine.loglevel >= 0)
		console_loglevel = kmm_machine.loglevel;
	pr_notice("kmm version %s: the Linux memory allocators in a process\n", KMM_VERSION);
	pr_notice("Command line: %s\n", kmm_machine.cmdline);
	ret = kmm_sched_init(kmm_machine.nr_cpus, !kmm_machine.strict_cpus);
	if (ret)
		return boot_fail(ret);
	pr_info("smpboot: Allowing %u CPUs, 0 hotplug CPUs\n", nr_cpu_ids);
	pr_info("kmm: %s virtual CPUs\n", kmm_cpus_sticky() ? "sticky" : "strict");
	ret = setup_arch();
	if (!ret)
		ret = mm_boot_init();
	if (ret)
		return boot_fail(ret);
	if (setup_arch_hook)
		setup_arch_hook(arg);
	mem_init();
	kmem_cache_init();
	kmm_is_booted = true;
	for_each_online_node(nid) {
		ret = kswapd_run(nid);
		if (ret) {
			kmm_shutdown();
			return ret;
		}
	}
	return 0;
}

int kmm_boot(const char *cmdline)
{
	return kmm_boot_with_hook(cmdline, NULL, NULL);
}

long kmm_shutdown(void)
{
	long leaked;

	if (!kmm_is_booted)
		return -ENODEV;
	slab_reclaim_exit();
	vmscan_teardown();
	kmem_cache_shutdown();
	drain_all_pages(NULL);
	leaked = (long)buddy_leak_report();
	mempolicy_teardown();
	pr_notice("kmm: machine halted%s\n", leaked ? " with pages still allocated" : "");
	kmm_is_booted = false;
	boot_teardown();
	return leaked;
}

int kmm_check_invariants(void)
{
	return printk_check_invariants() + sched_check_invariants() + memblock_check_invariants() +
	       buddy_check_invariants() + mempolicy_check_invariants() + vmscan_check_invariants() +
	       slab_check_invariants();
}

/* ---------------------------------------------------------------------------
 * /proc and /sys files
 * ------------------------------------------------------------------------- */

static int show_memblock_memory(FILE *out)
{
	return memblock_debug_show("memory", out);
}

static int show_memblock_reserved(FILE *out)
{
	return memblock_debug_show("reserved", out);
}

static const struct {
	const char *path;
	int (*show)(FILE *out);
	bool needs_machine;
} proc_files[] = {
	{"/proc/buddyinfo", kmm_buddyinfo_show, true},
	{"/proc/zoneinfo", kmm_zoneinfo_show, true},
	{"/proc/meminfo", kmm_meminfo_show, true},
	{"/proc/slabinfo", kmm_slabinfo_show, true},
	{"/sys/kernel/slab/stats", kmm_slab_stats_show, true},
	{"/proc/vmstat", kmm_vmstat_show, true},
	{"/proc/iomem", kmm_iomem_show, true},
	{"/proc/cmdline", kmm_cmdline_show, true},
	{"/dev/kmsg", kmm_kmsg_show, false},
	{"/sys/kernel/debug/memblock/memory", show_memblock_memory, true},
	{"/sys/kernel/debug/memblock/reserved", show_memblock_reserved, true},
};

int kmm_proc_show(const char *path, FILE *out)
{
	static const char node_dir[] = "/sys/devices/system/node/node"; /* then "N/file" */
	const char *p;
	int nid = 0;

	for (size_t i = 0; i < ARRAY_SIZE(proc_files); i++) {
		if (strcmp(path, proc_files[i].path))
			continue;
		if (proc_files[i].needs_machine && !kmm_is_booted)
			return -ENODEV;
		return proc_files[i].show(out) < 0 ? -EIO : 0;
	}
	if (strncmp(path, node_dir, sizeof(node_dir) - 1))
		return -ENOENT;
	p = path + sizeof(node_dir) - 1;
	if (*p < '0' || *p > '9')
		return -ENOENT;
	for (; *p >= '0' && *p <= '9' && nid < MAX_NUMNODES; p++)
		nid = nid * 10 + (*p - '0');
	if (strcmp(p, "/numastat") && strcmp(p, "/meminfo"))
		return -ENOENT;
	if (!kmm_is_booted)
		return -ENODEV;
	if (!strcmp(p, "/numastat"))
		return kmm_node_numastat_show(nid, out);
	return kmm_node_meminfo_show(nid, out);
}

void kmm_proc_list(FILE *out)
{
	int nid;

	for (size_t i = 0; i < ARRAY_SIZE(proc_files); i++)
		fprintf(out, "%s\n", proc_files[i].path);
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		if (kmm_is_booted ? !node_online(nid) : nid > 0)
			continue; /* without a machine: node 0 as an example */
		fprintf(out, "/sys/devices/system/node/node%d/numastat\n", nid);
		fprintf(out, "/sys/devices/system/node/node%d/meminfo\n", nid);
	}
}
