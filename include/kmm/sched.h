/* SPDX-License-Identifier: MIT */
/*
 * <kmm/sched.h> - kmm's handles on its CPU model, for tests and tools.
 *
 * kmm has no interrupts, but code can be run "as an interrupt handler":
 * between kmm_irq_enter() and kmm_irq_exit() the task is in hard interrupt
 * context (in_interrupt() and in_hardirq() are true) with interrupts
 * disabled, exactly what an allocation from an interrupt handler sees.
 */
#ifndef KMM_SCHED_H
#define KMM_SCHED_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * kmm_irq_enter - enter hard interrupt context on the calling thread
 *
 * Adds HARDIRQ_OFFSET to the preempt count and disables interrupts, taking
 * a virtual CPU if the thread has none.  Nests (up to 15 levels).
 *
 * Context: any.
 */
void kmm_irq_enter(void);

/* Leave the context kmm_irq_enter() entered; interrupts return to their state before it. */
void kmm_irq_exit(void);

/* Serve a softirq (in_serving_softirq() true) until kmm_softirq_exit(). */
void kmm_softirq_enter(void);
void kmm_softirq_exit(void);

/* Number of virtual CPUs some thread holds right now (a snapshot). */
unsigned int kmm_cpus_held(void);

/* Times since process start that a thread found every virtual CPU held and waited. */
unsigned long kmm_cpu_waits(void);

/* Times since process start that a thread took an idle virtual CPU from its owner. */
unsigned long kmm_cpu_steals(void);

/*
 * Do threads keep their virtual CPU between non-preemptible sections (sticky
 * CPUs, the fast way, needs the host's membarrier), or give it back each time
 * (strict: sticky_cpus=off, or no membarrier)?  See kernel/sched.c.
 */
bool kmm_cpus_sticky(void);

/* Run @fn(@arg) holding virtual CPU @cpu (waits for it); the caller must be preemptible. */
void kmm_run_on_cpu(unsigned int cpu, void (*fn)(void *arg), void *arg);

#ifdef __cplusplus
}
#endif

#endif /* KMM_SCHED_H */
