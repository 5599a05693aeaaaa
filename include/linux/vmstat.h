/* SPDX-License-Identifier: MIT */
/*
 * <linux/vmstat.h> - event counters (/proc/vmstat).
 *
 * Counters are per CPU and summed when read, so counting is a plain add on
 * the CPU the caller holds: __count_vm_events() needs preemption disabled
 * (a spinlock held is enough); count_vm_events() disables it itself.
 */
#ifndef _LINUX_VMSTAT_H
#define _LINUX_VMSTAT_H

#include <linux/cache.h>
#include <linux/mmzone.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/threads.h>

enum vm_event_item {
	PGALLOC_DMA, /* one per zone, in zone order */
	PGALLOC_DMA32,
	PGALLOC_NORMAL,
	PGALLOC_HIGH,
	ALLOCSTALL_DMA, /* direct reclaim entered, by the allocation's highest zone */
	ALLOCSTALL_DMA32,
	ALLOCSTALL_NORMAL,
	ALLOCSTALL_HIGH,
	PGFREE,
	PGSCAN_KSWAPD, /* objects asked of shrinkers by kswapd / direct reclaim */
	PGSCAN_DIRECT,
	PGSTEAL_KSWAPD, /* pages those scans gave back */
	PGSTEAL_DIRECT,
	SLABS_SCANNED,
	KSWAPD_WAKEUP, /* kmm: times kswapd was woken */
	PAGEOUTRUN,    /* kswapd balancing passes */
	KSWAPD_LOW_WMARK_HIT_QUICKLY,
	KSWAPD_HIGH_WMARK_HIT_QUICKLY,
	OOM_KILL,	    /* out_of_memory() reports (kmm kills nothing) */
	PGALLOC_WAIT,	    /* kmm: sleeping allocations that waited for pages */
	PGALLOC_FAIL_EVENT, /* kmm: allocations that returned NULL */
	PGBAD_FREE,	    /* kmm: frees refused as bad (double free, wrong page) */
	NR_VM_EVENT_ITEMS
};

struct vm_event_state {
	unsigned long event[NR_VM_EVENT_ITEMS];
} ____cacheline_aligned;

extern struct vm_event_state vm_event_states[NR_CPUS];
extern const char *const vm_event_names[NR_VM_EVENT_ITEMS];

static inline void __count_vm_events(enum vm_event_item item, long delta)
{
	unsigned long *slot = &vm_event_states[raw_smp_processor_id()].event[item];

	/* only the CPU's holder writes its slot: no read-modify-write atomics needed */
	__atomic_store_n(slot, __atomic_load_n(slot, __ATOMIC_RELAXED) + (unsigned long)delta,
			 __ATOMIC_RELAXED);
}

static inline void __count_vm_event(enum vm_event_item item)
{
	__count_vm_events(item, 1);
}

static inline void count_vm_events(enum vm_event_item item, long delta)
{
	preempt_disable();
	__count_vm_events(item, delta);
	preempt_enable();
}

static inline void count_vm_event(enum vm_event_item item)
{
	count_vm_events(item, 1);
}

/* Sum of @item over all CPUs. */
unsigned long global_vm_event(enum vm_event_item item);

static inline void __mod_zone_page_state(struct zone *zone, enum zone_stat_item item, long delta)
{
	atomic_long_add(delta, &zone->vm_stat[item]);
}

#define mod_zone_page_state __mod_zone_page_state

/* Sum of a zone counter over every zone. */
unsigned long global_zone_page_state(enum zone_stat_item item);

#endif /* _LINUX_VMSTAT_H */
