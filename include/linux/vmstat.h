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
	PGALLOC_DMA,
	PGALLOC_DMA32,
	PGALLOC_NORMAL,
	PGALLOC_HIGH,
	PGFREE,
	PGALLOC_FAIL_EVENT, /* kmm: allocations that returned NULL */
	PGBAD_FREE,         /* kmm: frees refused as bad (double free, wrong page) */
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
