/* SPDX-License-Identifier: MIT */
/*
 * <linux/irqflags.h> - disabling and enabling local interrupts.
 *
 * kmm has no interrupts to mask: the irq-disabled state is a flag in the
 * task, nothing more.  It matters because, as in the kernel, a task with
 * interrupts disabled cannot be preempted: it holds a virtual CPU
 * (kernel/sched.c), irqs_disabled() is true, and might_sleep() complains.
 *
 * Flags saved by local_irq_save() follow x86: bit 9 (IF) set means enabled.
 */
#ifndef _LINUX_IRQFLAGS_H
#define _LINUX_IRQFLAGS_H

#include <linux/preempt.h>
#include <linux/sched.h>

#define KMM_IRQ_FLAGS_ENABLED 0x200UL /* X86_EFLAGS_IF */

/* Fails to compile unless @x is an unsigned long (as the kernel's typecheck()). */
#define __kmm_irqflags_typecheck(x)            \
	({                                     \
		unsigned long __dummy;         \
		__typeof__(x) __dummy2;        \
		(void)(&__dummy == &__dummy2); \
		1;                             \
	})

static __always_inline void arch_local_irq_disable(void)
{
	struct task_struct *t = current;

	if (unlikely(!t->kmm_on_cpu))
		kmm_cpu_enter(t);
	t->kmm_irqs_off = true;
	barrier();
}

static __always_inline void arch_local_irq_enable(void)
{
	struct task_struct *t = current;

	barrier();
	t->kmm_irqs_off = false;
	if (t->kmm_on_cpu && t->preempt_count == 0)
		kmm_cpu_leave(t);
}

static __always_inline unsigned long arch_local_save_flags(void)
{
	return current->kmm_irqs_off ? 0 : KMM_IRQ_FLAGS_ENABLED;
}

static __always_inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = arch_local_save_flags();

	arch_local_irq_disable();
	return flags;
}

static __always_inline void arch_local_irq_restore(unsigned long flags)
{
	if (flags & KMM_IRQ_FLAGS_ENABLED)
		arch_local_irq_enable();
	else
		arch_local_irq_disable();
}

static __always_inline bool arch_irqs_disabled_flags(unsigned long flags)
{
	return !(flags & KMM_IRQ_FLAGS_ENABLED);
}

static __always_inline bool arch_irqs_disabled(void)
{
	return current->kmm_irqs_off;
}

#define raw_local_irq_disable() arch_local_irq_disable()
#define raw_local_irq_enable() arch_local_irq_enable()
#define raw_local_irq_save(flags)                      \
	do {                                           \
		(void)__kmm_irqflags_typecheck(flags); \
		(flags) = arch_local_irq_save();       \
	} while (0)
#define raw_local_irq_restore(flags)                   \
	do {                                           \
		(void)__kmm_irqflags_typecheck(flags); \
		arch_local_irq_restore(flags);         \
	} while (0)
#define raw_local_save_flags(flags)                    \
	do {                                           \
		(void)__kmm_irqflags_typecheck(flags); \
		(flags) = arch_local_save_flags();     \
	} while (0)
#define raw_irqs_disabled_flags(flags) arch_irqs_disabled_flags(flags)
#define raw_irqs_disabled() arch_irqs_disabled()

#define local_irq_disable() raw_local_irq_disable()
#define local_irq_enable() raw_local_irq_enable()
#define local_irq_save(flags) raw_local_irq_save(flags)
#define local_irq_restore(flags) raw_local_irq_restore(flags)
#define local_save_flags(flags) raw_local_save_flags(flags)
#define irqs_disabled_flags(flags) raw_irqs_disabled_flags(flags)
#define irqs_disabled() raw_irqs_disabled()
#define safe_halt() \
	do {        \
	} while (0)

#endif /* _LINUX_IRQFLAGS_H */
