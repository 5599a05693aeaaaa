/* SPDX-License-Identifier: MIT */
/*
 * <linux/hardirq.h> - interrupt context tests.
 *
 * in_interrupt(), in_hardirq(), in_softirq(), in_task() and in_nmi() read
 * the preempt count (<linux/preempt.h>).  kmm has no interrupts of its own;
 * a test enters "interrupt context" with kmm_irq_enter() from <kmm/sched.h>.
 */
#ifndef _LINUX_HARDIRQ_H
#define _LINUX_HARDIRQ_H

#include <linux/preempt.h>

#endif /* _LINUX_HARDIRQ_H */
