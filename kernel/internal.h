/* SPDX-License-Identifier: MIT */
/*
 * kernel/internal.h - what kernel/ provides to the rest of kmm and nothing
 * outside the library uses: the boot-time hooks of printk and the CPU model,
 * and the pieces every report (WARN, BUG, "BUG: Bad page state", ...) is
 * built from.
 *
 * A report is built as:
 *
 *	printk_report_lock();
 *	pr_emerg("BUG: ...\n");          (one or more lines)
 *	dump_stack_skip(KERN_DEFAULT, 0); (optional)
 *	report_count_inc();
 *	add_taint(TAINT_..., LOCKDEP_STILL_OK);
 *	printk_report_unlock();
 *
 * so that reports from several threads never interleave and tests can count
 * them (kmm_report_count()).
 */
#ifndef KMM_KERNEL_INTERNAL_H
#define KMM_KERNEL_INTERNAL_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <stdio.h>

/* ---- printk (kernel/printk.c) ---- */

/* Timestamps count from now on (kmm_boot() calls it; before, from process start). */
void printk_reset_clock(void);

/* Print every record in /dev/kmsg format ("level,seq,usec,-;text"); returns the count. */
int kmm_kmsg_show(FILE *out);

/*
 * Serialise a multi-line report against other threads' reports.  Recursive:
 * a report may contain another (dump_stack() inside a WARN).  Never take a
 * kmm lock, or a CPU, while holding it.
 */
void printk_report_lock(void);
void printk_report_unlock(void);

/* Hold printk's locks (report lock, then log lock) across fork(); kernel/fork.c. */
void printk_fork_lock(void);
void printk_fork_unlock(void);

/* dump_stack_lvl(), leaving out the @skip innermost frames of the caller's. */
void dump_stack_skip(const char *log_lvl, int skip);

/* The "Call Trace:" block alone, leaving out the @skip innermost frames of the caller's. */
void show_stack_skip(const char *log_lvl, int skip);

/* The "CPU: N PID: N Comm: name Tainted: ... kmm" line alone. */
void dump_stack_print_info(const char *log_lvl);

/* Walk the log ring; the number of inconsistencies (for kmm_check_invariants()). */
int printk_check_invariants(void);

/* ---- reports and taints (kernel/panic.c) ---- */

/* Count one more report printed (see kmm_report_count()). */
void report_count_inc(void);

/* The taint string of the dump_stack() line: "Not tainted" or "Tainted: G  W ...". */
void taint_string(char *buf, size_t len);

/* ---- the CPU model (kernel/sched.c) ---- */

/**
 * kmm_sched_init - give the machine @nr_cpus virtual CPUs
 * @nr_cpus: 1..NR_CPUS
 * @sticky: let tasks keep their CPU between sections when the host allows
 *
 * Context: boot, one thread, no CPU held by anyone.
 * Return: 0, -EINVAL for a bad count, -EBUSY if some thread holds a CPU.
 */
int kmm_sched_init(unsigned int nr_cpus, bool sticky);

/**
 * kmm_sched_exit - back to the single CPU of an unbooted process
 *
 * WARNs about every CPU some thread still holds (a preempt_disable(),
 * spin_lock() or local_irq_disable() without its pair).
 *
 * Context: shutdown, process context.
 */
void kmm_sched_exit(void);

/*
 * Nobody but the caller holds a virtual CPU, and the caller's own state is
 * consistent; the number of violations (for kmm_check_invariants()).
 */
int sched_check_invariants(void);

/*
 * fork(): take every virtual CPU for the calling task, and give them back
 * (in the parent, or in the child with @forked_child); kernel/sched.c.
 */
void kmm_cpus_freeze(void);
void kmm_cpus_thaw(bool forked_child);

#endif /* KMM_KERNEL_INTERNAL_H */
