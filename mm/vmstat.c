// SPDX-License-Identifier: MIT
/*
 * mm/vmstat.c - memory statistics and the /proc files that show them.
 *
 * Theory
 * ------
 * Two kinds of counters, as in the kernel:
 *   zone counters  (enum zone_stat_item) atomic longs in struct zone, changed
 *                  under zone->lock, read anywhere;
 *   event counters (enum vm_event_item) per CPU, added to by the CPU's holder
 *                  (see <linux/vmstat.h>), summed when read.
 *
 * The files are printed in the kernel's formats: /proc/buddyinfo,
 * /proc/zoneinfo (the fields kmm has so far), /proc/meminfo, /proc/vmstat.
 * Readers take no locks: a report is a snapshot that may be slightly stale
 * while other threads allocate, as in the kernel.
 */
#include <linux/kernel.h>
#include <linux/cpumask.h>
#include <linux/mm.h>
#include <linux/vmstat.h>

#include "mm/internal.h"
#include "mm/slab.h"

#include <kmm/kmm.h>

struct vm_event_state vm_event_states[NR_CPUS];

const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
	[PGALLOC_DMA] = "pgalloc_dma",
	[PGALLOC_DMA32] = "pgalloc_dma32",
	[PGALLOC_NORMAL] = "pgalloc_normal",
	[PGALLOC_HIGH] = "pgalloc_high",
	[ALLOCSTALL_DMA] = "allocstall_dma",
	[ALLOCSTALL_DMA32] = "allocstall_dma32",
	[ALLOCSTALL_NORMAL] = "allocstall_normal",
	[ALLOCSTALL_HIGH] = "allocstall_high",
	[PGFREE] = "pgfree",
	[PGSCAN_KSWAPD] = "pgscan_kswapd",
	[PGSCAN_DIRECT] = "pgscan_direct",
	[PGSTEAL_KSWAPD] = "pgsteal_kswapd",
	[PGSTEAL_DIRECT] = "pgsteal_direct",
	[SLABS_SCANNED] = "slabs_scanned",
	[KSWAPD_WAKEUP] = "kswapd_wakeup",
	[PAGEOUTRUN] = "pageoutrun",
	[KSWAPD_LOW_WMARK_HIT_QUICKLY] = "kswapd_low_wmark_hit_quickly",
	[KSWAPD_HIGH_WMARK_HIT_QUICKLY] = "kswapd_high_wmark_hit_quickly",
	[OOM_KILL] = "oom_kill",
	[PGALLOC_WAIT] = "pgalloc_wait",
	[PGALLOC_FAIL_EVENT] = "pgalloc_fail",
	[PGBAD_FREE] = "pgfree_bad",
};

static const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS] = {
	[NR_FREE_PAGES] = "nr_free_pages",
	[NR_ZONE_ALLOCATED] = "nr_allocated_pages",
};

unsigned long global_vm_event(enum vm_event_item item)
{
	unsigned long sum = 0;
	struct zone *zone;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		sum += __atomic_load_n(&vm_event_states[cpu].event[item], __ATOMIC_RELAXED);
	/* the page allocator counts these per zone and CPU (struct per_cpu_pages) */
	if (item != PGFREE && (item < PGALLOC_DMA || item > PGALLOC_HIGH))
		return sum;
	for_each_populated_zone(zone) {
		if (item == PGFREE)
			sum += zone_pcp_event(zone, PGFREE);
		else if ((int)(item - PGALLOC_DMA) == zone_idx(zone))
			sum += zone_pcp_event(zone, PGALLOC_DMA);
	}
	return sum;
}

unsigned long global_zone_page_state(enum zone_stat_item item)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		sum += zone_page_state(zone, item);
	return sum;
}

unsigned long nr_free_pages(void)
{
	return global_zone_page_state(NR_FREE_PAGES);
}

static const char *const numa_stat_names[NR_VM_NUMA_EVENT_ITEMS] = {
	[NUMA_HIT] = "numa_hit",	 [NUMA_MISS] = "numa_miss",
	[NUMA_FOREIGN] = "numa_foreign", [NUMA_INTERLEAVE_HIT] = "numa_interleave",
	[NUMA_LOCAL] = "numa_local",	 [NUMA_OTHER] = "numa_other",
};

static unsigned long global_numa_event(enum numa_stat_item item)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		sum += zone_numa_event(zone, item);
	return sum;
}

/* Free pages minus what the allocator keeps back, plus nothing reclaimable yet. */
static unsigned long si_mem_available(void)
{
	long avail = (long)kmm_nr_free_pages() - (long)totalreserve_pages();

	return avail < 0 ? 0 : (unsigned long)avail;
}

static unsigned long sum_highmem(bool free)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		if (is_highmem(zone))
			sum += free ? zone_page_state(zone, NR_FREE_PAGES) + zone_pcp_pages(zone)
				    : zone_managed_pages(zone);
	return sum;
}

unsigned long totalhigh_pages(void)
{
	return sum_highmem(false);
}

unsigned long nr_free_highpages(void)
{
	return sum_highmem(true);
}

void si_meminfo(struct sysinfo *val)
{
	val->totalram = totalram_pages();
	val->sharedram = 0;
	val->freeram = kmm_nr_free_pages();
	val->bufferram = 0;
	val->totalhigh = totalhigh_pages();
	val->freehigh = nr_free_highpages();
	val->mem_unit = PAGE_SIZE;
}

void kmm_mem_stats(struct kmm_mem_stats *st)
{
	struct zone *zone;

	memset(st, 0, sizeof(*st));
	if (!kmm_booted() && !memblock_handed_over)
		return;
	for_each_populated_zone(zone) {
		st->spanned += zone->spanned_pages;
		st->present += zone->present_pages;
		st->managed += zone_managed_pages(zone);
		st->free += zone_page_state(zone, NR_FREE_PAGES) + zone_pcp_pages(zone);
		st->allocated += zone_allocated_pages(zone);
	}
	st->memmap = kmm_memmap_pages;
	st->reserved = st->present - st->managed - st->memmap;
	st->highmem_managed = sum_highmem(false);
	st->highmem_free = sum_highmem(true);
}

/* ---------------------------------------------------------------------------
 * /proc files
 * ------------------------------------------------------------------------- */

int kmm_buddyinfo_show(FILE *out)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		fprintf(out, "Node %d, zone %8s ", zone->node, zone->name);
		for (int order = 0; order < NR_PAGE_ORDERS; order++)
			fprintf(out, "%6lu ", kmm_counter_read(zone->free_area[order].nr_free));
		fputc('\n', out);
	}
	return 0;
}

static bool zone_in_layout(int idx)
{
	if (kmm_machine.layout == KMM_LAYOUT_X86_64)
		return idx != ZONE_HIGHMEM;
	return idx != ZONE_DMA32;
}

static void zoneinfo_pagesets(FILE *out, struct zone *zone)
{
	fprintf(out, "\n  pagesets");
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		fprintf(out,
			"\n    cpu: %u\n              count: %d\n              high:  %d\n"
			"              batch: %d",
			cpu, kmm_counter_read(pcp->count), pcp->high, pcp->batch);
	}
}

static void zoneinfo_zone(FILE *out, struct zone *zone)
{
	fprintf(out, "Node %d, zone %8s", zone->node, zone->name);
	fprintf(out, "\n  pages free     %lu", zone_page_state(zone, NR_FREE_PAGES));
	fprintf(out, "\n        boost    0");
	fprintf(out, "\n        min      %lu", min_wmark_pages(zone));
	fprintf(out, "\n        low      %lu", low_wmark_pages(zone));
	fprintf(out, "\n        high     %lu", high_wmark_pages(zone));
	fprintf(out, "\n        spanned  %lu", zone->spanned_pages);
	fprintf(out, "\n        present  %lu", zone->present_pages);
	fprintf(out, "\n        managed  %lu", zone_managed_pages(zone));
	fprintf(out, "\n        cma      0");
	fprintf(out, "\n        protection: (%ld", zone->lowmem_reserve[0]);
	for (int i = 1; i < MAX_NR_ZONES; i++)
		fprintf(out, ", %ld", zone->lowmem_reserve[i]);
	fputc(')', out);
	if (!populated_zone(zone)) {
		fputc('\n', out);
		return;
	}
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		fprintf(out, "\n      %-12s %lu", zone_stat_names[i],
			i == NR_ZONE_ALLOCATED ? zone_allocated_pages(zone)
					       : zone_page_state(zone, (enum zone_stat_item)i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		fprintf(out, "\n      %-12s %lu", numa_stat_names[i],
			zone_numa_event(zone, (enum numa_stat_item)i));
	zoneinfo_pagesets(out, zone);
	fprintf(out, "\n  node_unreclaimable:  %d",
		__atomic_load_n(&zone->zone_pgdat->kswapd_failures, __ATOMIC_RELAXED) >= 16);
	fprintf(out, "\n  start_pfn:           %lu\n", zone->zone_start_pfn);
}

int kmm_zoneinfo_show(FILE *out)
{
	int nid;

	for_each_online_node(nid)
		for (int idx = 0; idx < MAX_NR_ZONES; idx++)
			if (zone_in_layout(idx))
				zoneinfo_zone(out, &NODE_DATA(nid)->node_zones[idx]);
	return 0;
}

static void meminfo_line(FILE *out, const char *name, unsigned long pages)
{
	char label[32];

	snprintf(label, sizeof(label), "%s:", name);
	fprintf(out, "%-16s%8lu kB\n", label, pages << (PAGE_SHIFT - 10));
}

int kmm_meminfo_show(FILE *out)
{
	struct sysinfo i;

	si_meminfo(&i);
	meminfo_line(out, "MemTotal", i.totalram);
	meminfo_line(out, "MemFree", i.freeram);
	meminfo_line(out, "MemAvailable", si_mem_available());
	if (kmm_machine.layout == KMM_LAYOUT_X86_32) {
		meminfo_line(out, "HighTotal", i.totalhigh);
		meminfo_line(out, "HighFree", i.freehigh);
		meminfo_line(out, "LowTotal", i.totalram - i.totalhigh);
		meminfo_line(out, "LowFree", i.freeram - i.freehigh);
	}
	meminfo_line(out, "Slab", slab_pages(true) + slab_pages(false));
	meminfo_line(out, "SReclaimable", slab_pages(true));
	meminfo_line(out, "SUnreclaim", slab_pages(false));
	return 0;
}

int kmm_vmstat_show(FILE *out)
{
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		fprintf(out, "%s %lu\n", zone_stat_names[i],
			global_zone_page_state((enum zone_stat_item)i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		fprintf(out, "%s %lu\n", numa_stat_names[i],
			global_numa_event((enum numa_stat_item)i));
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++) {
		if ((i == PGALLOC_DMA32 || i == ALLOCSTALL_DMA32) &&
		    kmm_machine.layout == KMM_LAYOUT_X86_32)
			continue;
		if ((i == PGALLOC_HIGH || i == ALLOCSTALL_HIGH) &&
		    kmm_machine.layout == KMM_LAYOUT_X86_64)
			continue;
		fprintf(out, "%s %lu\n", vm_event_names[i], global_vm_event((enum vm_event_item)i));
	}
	return 0;
}

/* "Node 0 DMA: 1*4kB 0*8kB ... = 15360kB" */
static void show_zone_orders(struct zone *zone)
{
	char line[512];
	size_t used = 0;
	unsigned long total = 0;

	used += (size_t)snprintf(line, sizeof(line), "Node %d %s:", zone->node, zone->name);
	for (int order = 0; order < NR_PAGE_ORDERS; order++) {
		unsigned long nr = kmm_counter_read(zone->free_area[order].nr_free);

		total += nr << order;
		used += (size_t)snprintf(line + used, sizeof(line) - min(used, sizeof(line)),
					 " %lu*%lukB", nr, (PAGE_SIZE >> 10) << order);
	}
	pr_warn("%s = %lukB\n", line, total << (PAGE_SHIFT - 10));
}

void show_mem(void)
{
	struct kmm_mem_stats st;
	struct zone *zone;

	if (!kmm_booted())
		return;
	kmm_mem_stats(&st);
	pr_warn("Mem-Info:\n");
	pr_warn("free:%lu free_pcp:%lu\n", nr_free_pages(), st.free - nr_free_pages());
	for_each_populated_zone(zone)
		pr_warn("Node %d %s free:%lukB boost:0kB min:%lukB low:%lukB high:%lukB "
			"present:%lukB managed:%lukB free_pcp:%lukB\n",
			zone->node, zone->name, zone_page_state(zone, NR_FREE_PAGES) << 2,
			min_wmark_pages(zone) << 2, low_wmark_pages(zone) << 2,
			high_wmark_pages(zone) << 2, zone->present_pages << 2,
			zone_managed_pages(zone) << 2, zone_pcp_pages(zone) << 2);
	for_each_populated_zone(zone)
		show_zone_orders(zone);
	pr_warn("%lu pages RAM\n", st.present);
	pr_warn("%lu pages HighMem/MovableOnly\n", st.highmem_managed);
	pr_warn("%lu pages reserved\n", st.present - st.managed);
}
