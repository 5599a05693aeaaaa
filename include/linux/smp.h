/* SPDX-License-Identifier: MIT */
/*
 * <linux/smp.h> - which CPU am I on?
 *
 * A task is on a CPU of its own only while it is not preemptible (see
 * kernel/sched.c), so smp_processor_id() is meaningful only then; called
 * while preemptible it reports the kernel's DEBUG_PREEMPT bug and answers
 * the CPU the task last held.  get_cpu()/put_cpu() bracket a section that
 * stays on one CPU.
 */
#ifndef _LINUX_SMP_H
#define _LINUX_SMP_H

#include <linux/cpumask.h>
#include <linux/preempt.h>
#include <linux/sched.h>

/* The CPU the task holds, or last held; never checks.  Context: any. */
static __always_inline int raw_smp_processor_id(void)
{
	struct task_struct *t = current;

	return (unsigned int)t->cpu < nr_cpu_ids ? t->cpu : 0;
}

/**
 * debug_smp_processor_id - smp_processor_id() when the caller may be preemptible
 *
 * Context: any; reports "BUG: using smp_processor_id() in preemptible" if
 * the caller is preemptible.
 * Return: the CPU held, or last held.
 */
unsigned int debug_smp_processor_id(void);

static __always_inline int __kmm_smp_processor_id(void)
{
	struct task_struct *t = current;

	if (likely(t->kmm_on_cpu))
		return t->cpu;
	return (int)debug_smp_processor_id();
}

#define smp_processor_id() __kmm_smp_processor_id()

#define get_cpu()                   \
	({                          \
		preempt_disable();  \
		smp_processor_id(); \
	})
#define put_cpu() preempt_enable()

#endif /* _LINUX_SMP_H */
