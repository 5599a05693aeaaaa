/* SPDX-License-Identifier: MIT */
/*
 * <linux/preempt.h> - the preempt count and the contexts it encodes.
 *
 * The count has the kernel's layout:
 *
 *	bits  0- 7  PREEMPT_MASK   preempt_disable() depth
 *	bits  8-15  SOFTIRQ_MASK   bit 8: serving a softirq; +2 per local_bh_disable()
 *	bits 16-19  HARDIRQ_MASK   hard interrupt nesting (kmm_irq_enter())
 *	bits 20-23  NMI_MASK       NMI nesting
 *
 * A task whose count is not zero, or whose interrupts are disabled, holds a
 * virtual CPU of its own (kernel/sched.c): the first step that makes it
 * non-preemptible takes one, possibly waiting for it, and the step that
 * makes it preemptible again gives it back.  Everything else is a plain
 * add or subtract on the thread's own task_struct.
 */
#ifndef _LINUX_PREEMPT_H
#define _LINUX_PREEMPT_H

#include <linux/cache.h>
#include <linux/sched.h>
#include <linux/threads.h>

#define PREEMPT_BITS 8
#define SOFTIRQ_BITS 8
#define HARDIRQ_BITS 4
#define NMI_BITS 4

#define PREEMPT_SHIFT 0
#define SOFTIRQ_SHIFT (PREEMPT_SHIFT + PREEMPT_BITS)
#define HARDIRQ_SHIFT (SOFTIRQ_SHIFT + SOFTIRQ_BITS)
#define NMI_SHIFT (HARDIRQ_SHIFT + HARDIRQ_BITS)

#define __IRQ_MASK(x) ((1UL << (x)) - 1)

#define PREEMPT_MASK (__IRQ_MASK(PREEMPT_BITS) << PREEMPT_SHIFT)
#define SOFTIRQ_MASK (__IRQ_MASK(SOFTIRQ_BITS) << SOFTIRQ_SHIFT)
#define HARDIRQ_MASK (__IRQ_MASK(HARDIRQ_BITS) << HARDIRQ_SHIFT)
#define NMI_MASK (__IRQ_MASK(NMI_BITS) << NMI_SHIFT)

#define PREEMPT_OFFSET (1UL << PREEMPT_SHIFT)
#define SOFTIRQ_OFFSET (1UL << SOFTIRQ_SHIFT)
#define HARDIRQ_OFFSET (1UL << HARDIRQ_SHIFT)
#define NMI_OFFSET (1UL << NMI_SHIFT)

#define SOFTIRQ_DISABLE_OFFSET (2 * SOFTIRQ_OFFSET)
#define PREEMPT_DISABLE_OFFSET PREEMPT_OFFSET
#define PREEMPT_LOCK_OFFSET PREEMPT_DISABLE_OFFSET
#define SOFTIRQ_LOCK_OFFSET (SOFTIRQ_DISABLE_OFFSET + PREEMPT_LOCK_OFFSET)

/*
 * A task's claim on a virtual CPU (kernel/sched.c explains the protocol).
 * It lives in memory that outlives the task's thread, because other threads
 * look at it.  @busy says where the task runs: 0 nowhere, n + 1 in (or
 * entering) a section on CPU n, KMM_CPU_TAKING while it looks for a CPU,
 * KMM_CPU_ALL on every CPU it owns (kmm_cpus_freeze()).
 */
#define KMM_CPU_TAKING (-1)
#define KMM_CPU_ALL (-2)

struct kmm_cpu_ticket {
	int busy;		     /* atomic; written by the task only, with release */
	int releases;		     /* nonzero: give the CPU back at leaves until release_until */
	unsigned long release_until; /* host clock (ns) when keeping CPUs resumes */
	unsigned long penalty;	  /* ns of releasing after a steal (grows while steals come fast) */
	bool released;		  /* the last leave gave the CPU back */
	unsigned long stolen_at;  /* host clock (ns) of the last steal from it */
	int pid;		  /* for reports */
	bool kthread;		  /* PF_KTHREAD when made: may run at any time */
	char comm[TASK_COMM_LEN]; /* for reports */
	struct kmm_cpu_ticket *next; /* free list */
} ____cacheline_aligned;

/* Virtual CPU n is owned by kmm_cpu_slots[n].owner (NULL: nobody). */
struct kmm_cpu_slot {
	struct kmm_cpu_ticket *owner; /* atomic */
} ____cacheline_aligned;

extern struct kmm_cpu_slot kmm_cpu_slots[NR_CPUS];
extern int kmm_cpu_sticky_mode; /* -1 undecided, 0 strict, 1 sticky */
extern int kmm_cpu_waiters;	/* tasks waiting for a CPU */
void kmm_cpu_wake_waiter(void);

/* Take a virtual CPU for @t (may wait for one); give it back. */
void kmm_cpu_get(struct task_struct *t);
void kmm_cpu_put(struct task_struct *t);

/*
 * Does ticket @tk still own @cpu, the CPU its task ran on last?  Announces
 * "busy on CPU n" (a plain store), then confirms ownership; false (busy
 * cleared) when it does not: strict mode, a stolen CPU.
 */
static __always_inline bool __kmm_cpu_own(struct kmm_cpu_ticket *tk, unsigned int cpu)
{
	__atomic_store_n(&tk->busy, (int)cpu + 1, __ATOMIC_RELEASE);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (likely(__atomic_load_n(&kmm_cpu_slots[cpu].owner, __ATOMIC_RELAXED) == tk))
		return true;
	__atomic_store_n(&tk->busy, 0, __ATOMIC_RELEASE);
	return false;
}

/*
 * Allocator fast paths: a short section on the CPU the task owns, with no
 * preempt count and no irq state.  The section must not call anything that
 * looks at them (might_sleep, spinlocks, printk); it only touches the CPU's
 * data and leaves.  kmm_cpu_fast_enter() takes the task and the CPU it read
 * from t->cpu (read once: the section's per-CPU data is that CPU's) and
 * returns the task's ticket, or NULL when the task may not enter: it is on
 * a CPU already (atomic context), it does not own its CPU (strict mode, a
 * stolen CPU, no ticket yet), or some task waits for a CPU; the caller then
 * takes its ordinary path, whose leave wakes the waiter.  So
 * kmm_cpu_fast_leave() is one store: a task that starts to wait during the
 * section sleeps one CPU_WAIT_SLICE at most (kernel/sched.c, 5.).
 */
static __always_inline struct kmm_cpu_ticket *kmm_cpu_fast_enter(struct task_struct *t,
								 unsigned int cpu)
{
	struct kmm_cpu_ticket *tk = t->kmm_fast_ticket; /* NULL on a CPU or without a ticket */

	if (unlikely(!tk) || unlikely(__atomic_load_n(&kmm_cpu_waiters, __ATOMIC_RELAXED)))
		return NULL;
	return likely(__kmm_cpu_own(tk, cpu)) ? tk : NULL;
}

/* Set @t's on-CPU state; kmm_fast_ticket follows it (the fast paths read one field). */
static __always_inline void kmm_task_set_on_cpu(struct task_struct *t, bool on)
{
	t->kmm_on_cpu = on;
	t->kmm_fast_ticket = on ? NULL : t->kmm_ticket;
}

static __always_inline void kmm_cpu_fast_leave(struct kmm_cpu_ticket *tk)
{
	__atomic_store_n(&tk->busy, 0, __ATOMIC_RELEASE);
}

/*
 * The fast way onto a CPU: the task still owns the CPU it ran on last
 * (__kmm_cpu_own() announces "busy on CPU n", then confirms ownership;
 * a thread taking the CPU away pairs its compiler barrier with
 * host_membarrier()).  Otherwise the slow way, kmm_cpu_get().
 */
static __always_inline void kmm_cpu_enter(struct task_struct *t)
{
	struct kmm_cpu_ticket *tk = t->kmm_ticket;

	if (likely(tk) && likely(__kmm_cpu_own(tk, (unsigned int)t->cpu))) {
		kmm_task_set_on_cpu(t, true);
		return;
	}
	kmm_cpu_get(t);
}

/* The fast way off a CPU: in sticky mode the task keeps owning it. */
static __always_inline void kmm_cpu_leave(struct task_struct *t)
{
	struct kmm_cpu_ticket *tk = t->kmm_ticket;

	if (likely(__atomic_load_n(&kmm_cpu_sticky_mode, __ATOMIC_RELAXED) > 0 &&
		   !__atomic_load_n(&tk->releases, __ATOMIC_RELAXED))) {
		kmm_task_set_on_cpu(t, false);
		kmm_cpu_fast_leave(tk);
		if (unlikely(__atomic_load_n(&kmm_cpu_waiters, __ATOMIC_RELAXED)))
			kmm_cpu_wake_waiter();
		return;
	}
	kmm_cpu_put(t);
}

/* Report a preempt count that would go below zero (the caller skips the change). */
void kmm_preempt_count_underflow(int val);

/* Can @val be taken off @count without any field going below zero? */
static __always_inline bool __kmm_preempt_sub_ok(unsigned long count, unsigned long val)
{
	return (count & PREEMPT_MASK) >= (val & PREEMPT_MASK) &&
	       (count & SOFTIRQ_MASK) >= (val & SOFTIRQ_MASK) &&
	       (count & HARDIRQ_MASK) >= (val & HARDIRQ_MASK) &&
	       (count & NMI_MASK) >= (val & NMI_MASK);
}

static __always_inline void __kmm_preempt_count_add(int val)
{
	struct task_struct *t = current;

	if (unlikely(!t->kmm_on_cpu))
		kmm_cpu_enter(t);
	t->preempt_count += val;
	barrier();
}

static __always_inline void __kmm_preempt_count_sub(int val)
{
	struct task_struct *t = current;

	barrier();
	if (unlikely(!__kmm_preempt_sub_ok((unsigned long)t->preempt_count, (unsigned long)val))) {
		kmm_preempt_count_underflow(val);
		return;
	}
	t->preempt_count -= val;
	if (t->preempt_count == 0 && !t->kmm_irqs_off)
		kmm_cpu_leave(t);
}

#define preempt_count_add(val) __kmm_preempt_count_add((int)(val))
#define preempt_count_sub(val) __kmm_preempt_count_sub((int)(val))
#define preempt_count_inc() preempt_count_add(1)
#define preempt_count_dec() preempt_count_sub(1)

/* The calling task's preempt count.  Context: any. */
static __always_inline int preempt_count(void)
{
	return current->preempt_count;
}

#define hardirq_count() ((unsigned long)preempt_count() & HARDIRQ_MASK)
#define softirq_count() ((unsigned long)preempt_count() & SOFTIRQ_MASK)
#define irq_count() ((unsigned long)preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK | NMI_MASK))
#define nmi_count() ((unsigned long)preempt_count() & NMI_MASK)

#define in_nmi() (nmi_count() != 0)
#define in_hardirq() (hardirq_count() != 0)
#define in_irq() in_hardirq()
#define in_serving_softirq() ((softirq_count() & SOFTIRQ_OFFSET) != 0)
/* In a softirq, or with bottom halves disabled. */
#define in_softirq() (softirq_count() != 0)
/* In any interrupt context, or with bottom halves disabled. */
#define in_interrupt() (irq_count() != 0)
/* Plain task context: not serving any interrupt (bh may be disabled). */
#define in_task() (!((unsigned long)preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET)))

/* Cannot sleep: preemption, bottom halves or interrupts are disabled. */
#define in_atomic() (preempt_count() != 0)
#define in_atomic_preempt_off() (preempt_count() != PREEMPT_DISABLE_OFFSET)

/* May be preempted (and so may sleep): count zero and interrupts enabled. */
static __always_inline bool preemptible(void)
{
	struct task_struct *t = current;

	return t->preempt_count == 0 && !t->kmm_irqs_off;
}

#define preempt_disable()            \
	do {                         \
		preempt_count_inc(); \
		barrier();           \
	} while (0)
#define preempt_enable()             \
	do {                         \
		barrier();           \
		preempt_count_dec(); \
	} while (0)
/* There is no scheduler to run on enable, so these are the same thing. */
#define preempt_enable_no_resched() preempt_enable()
#define sched_preempt_enable_no_resched() preempt_enable()
#define preempt_disable_notrace() preempt_disable()
#define preempt_enable_notrace() preempt_enable()
#define preempt_enable_no_resched_notrace() preempt_enable()
#define preempt_check_resched() \
	do {                    \
	} while (0)

/* Bottom halves (the kernel's <linux/bottom_half.h>). */
#define local_bh_disable() preempt_count_add(SOFTIRQ_DISABLE_OFFSET)
#define local_bh_enable() preempt_count_sub(SOFTIRQ_DISABLE_OFFSET)

#endif /* _LINUX_PREEMPT_H */
