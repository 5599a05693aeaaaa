/* SPDX-License-Identifier: MIT */
/*
 * <kmm/kmm.h> - kmm's own API: booting a machine, reports, checks.
 *
 * Everything a kernel-style program uses comes from <linux/...>.  This header
 * holds what has no kernel counterpart: starting and stopping the simulated
 * machine inside the process, reading its /proc files, and the checks that
 * tests and fuzzers run.
 */
#ifndef KMM_KMM_H
#define KMM_KMM_H

#include <stdbool.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The machine booted when kmm_boot() is given NULL (see README, "The machine"). */
#define KMM_DEFAULT_CMDLINE "mem=1G layout=x86_32 nr_cpus=2"

/**
 * kmm_boot - boot a machine described by a kernel-style command line
 * @cmdline: "mem=512M nr_cpus=4 ...", or NULL for KMM_DEFAULT_CMDLINE
 *
 * Runs the kernel's boot order: the machine's RAM file and memory map,
 * memblock, the struct page arrays (taken from the machine's own RAM), zones
 * and nodes, then memblock_free_all() hands the rest to the buddy allocator.
 *
 * Context: process context, no other kmm machine running.
 * Return: 0; -EINVAL for a malformed or impossible command line (the reason
 * is printed); -EBUSY if a machine is already up; -ENOMEM if the host said no.
 */
int kmm_boot(const char *cmdline);

/**
 * kmm_boot_with_hook - kmm_boot() with an early hook
 * @cmdline: as for kmm_boot()
 * @setup_arch_hook: called where a kernel's setup_arch() ends: memblock holds
 *	the machine's memory and reservations, the direct map exists, the buddy
 *	allocator does not.  This is where boot-time allocators (memblock_alloc,
 *	alloc_bootmem) are meant to be used.
 * @arg: passed to @setup_arch_hook
 *
 * Return: as kmm_boot().
 */
int kmm_boot_with_hook(const char *cmdline, void (*setup_arch_hook)(void *arg), void *arg);

/**
 * kmm_shutdown - stop the machine and return its memory to the host
 *
 * Checks that every page handed to the buddy allocator is back; pages that
 * are not are reported (pfn, order, zone) as leaks.
 *
 * Context: process context; no kmm call may be running in another thread.
 * Return: the number of pages still allocated (0 when all is back), or
 * -ENODEV if no machine is up.
 */
long kmm_shutdown(void);

/* True between a successful kmm_boot() and kmm_shutdown(). */
bool kmm_booted(void);

/**
 * kmm_fork_prepare - quiesce the machine before the process fork()s
 *
 * Takes the machine's global mutexes, every virtual CPU (so no spinlock is
 * held and no per-CPU data is in use) and printk's locks, and copies the
 * RAM file for the child, which must not share its parent's RAM.  Meant
 * for pthread_atfork(kmm_fork_prepare, kmm_fork_parent, kmm_fork_child),
 * which libkmm-malloc registers; without a machine it only serialises.
 * Between the prepare and the parent/child call the forking thread must not
 * call into kmm.
 *
 * Context: process context, preemptible, no kmm lock held.
 */
void kmm_fork_prepare(void);
/* After fork(), in the parent: release what kmm_fork_prepare() took. */
void kmm_fork_parent(void);
/*
 * After fork(), in the child: map the copy of RAM, then release.  If the
 * copy could not be made the child aborts (it would write into the parent).
 */
void kmm_fork_child(void);

/**
 * kmm_proc_show - print one of the machine's /proc or /sys files
 * @path: "/proc/buddyinfo", "/proc/zoneinfo", "/proc/meminfo", "/proc/iomem",
 *	"/proc/vmstat", "/proc/cmdline", "/dev/kmsg",
 *	"/sys/kernel/debug/memblock/memory", "/sys/kernel/debug/memblock/reserved"
 * @out: where to print
 *
 * Return: 0, -ENOENT for an unknown path, -ENODEV if the file needs a machine
 * and none is up.
 */
int kmm_proc_show(const char *path, FILE *out);

/* List the paths kmm_proc_show() knows, one a line. */
void kmm_proc_list(FILE *out);

/**
 * kmm_dmesg - print the kernel log ring buffer, as dmesg(1) does
 * @out: where to print
 *
 * Return: the number of records printed.
 */
int kmm_dmesg(FILE *out);

/* Empty the kernel log ring buffer (dmesg -C). */
void kmm_dmesg_clear(void);

/**
 * kmm_check_invariants - walk every subsystem's data structures
 *
 * memblock (sorted, disjoint, merged regions), the buddy free lists (orders,
 * alignment, no unmerged buddy pairs, per-zone and per-order counts) and page
 * conservation (free + allocated + reserved == present, per zone).  Each
 * violation is printed with pr_err().  O(pages): for tests and fuzzers.
 *
 * Return: the number of violations found (0 when all is well).
 */
int kmm_check_invariants(void);

/* Page counts of the whole machine, for tests and reports. */
/* Pages free now: in the buddy lists plus cached on the per-CPU lists. */
unsigned long kmm_nr_free_pages(void);

struct kmm_mem_stats {
	unsigned long spanned;	 /* pages between each zone's first and last pfn */
	unsigned long present;	 /* pages of real RAM (holes excluded) */
	unsigned long managed;	 /* pages handed to the buddy allocator */
	unsigned long free;	 /* pages free now (buddy lists and per-CPU lists) */
	unsigned long allocated; /* pages handed out by the buddy allocator now */
	unsigned long memmap;	 /* pages holding the struct page arrays */
	unsigned long reserved;	 /* other pages reserved at boot (present - managed - memmap) */
	unsigned long highmem_managed;
	unsigned long highmem_free;
};
void kmm_mem_stats(struct kmm_mem_stats *st);

/* Taint flags accumulated since process start, as /proc/sys/kernel/tainted. */
unsigned long kmm_tainted(void);
/* Number of WARN/BUG-style reports printed since process start. */
unsigned long kmm_report_count(void);

#ifdef __cplusplus
}
#endif

#endif /* KMM_KMM_H */
