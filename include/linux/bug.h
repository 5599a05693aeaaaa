/* SPDX-License-Identifier: MIT */
/*
 * <linux/bug.h> - WARN and BUG: checks that report a kernel bug.
 *
 * WARN_ON(cond) evaluates @cond once; when true it prints the kernel's
 * "------------[ cut here ]------------" report (file:line, function, CPU,
 * task, taints, stack), taints the kernel with W, and carries on.  It yields
 * the truth value of @cond, so it can guard a bail-out:
 *
 *	if (WARN_ON(order > MAX_PAGE_ORDER))
 *		return NULL;
 *
 * The _ONCE variants report only the first time per call site (the value is
 * still returned every time).  BUG_ON(cond) prints "kernel BUG at
 * file:line!" with a stack, taints D and aborts the process: it is for
 * states the code cannot continue from.
 *
 * kmm always builds with the kernel's CONFIG_DEBUG_VM checks on: the VM_*
 * variants are the same as the plain ones.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/panic.h>
#include <linux/printk.h>

/**
 * __kmm_warn - print a WARN report for @file:@line in @func
 * @file: source file (__FILE__)
 * @line: source line
 * @func: function name
 * @fmt: optional message printed before the "WARNING:" line, or NULL
 *
 * The WARN*() macros call it.  Context: any; never sleeps.
 */
__cold void __kmm_warn(const char *file, int line, const char *func, const char *fmt, ...)
	__printf(4, 5);

/**
 * __kmm_bug - print a BUG report for @file:@line in @func and abort
 * @file: source file (__FILE__)
 * @line: source line
 * @func: function name
 *
 * Context: any.
 */
__noreturn __cold void __kmm_bug(const char *file, int line, const char *func);

#define __WARN() __kmm_warn(__FILE__, __LINE__, __func__, NULL)
#define __WARN_printf(taint, arg...) __kmm_warn(__FILE__, __LINE__, __func__, arg)

#define WARN_ON(condition)                         \
	({                                         \
		int __ret_warn_on = !!(condition); \
		if (unlikely(__ret_warn_on))       \
			__WARN();                  \
		unlikely(__ret_warn_on);           \
	})

#define WARN(condition, format...)                         \
	({                                                 \
		int __ret_warn_on = !!(condition);         \
		if (unlikely(__ret_warn_on))               \
			__WARN_printf(TAINT_WARN, format); \
		unlikely(__ret_warn_on);                   \
	})

#define WARN_TAINT(condition, taint, format...) WARN(condition, format)

/* True the first time per call site only (thread-safe). */
#define __kmm_first_time(flagp)                       \
	(!__atomic_load_n(flagp, __ATOMIC_RELAXED) && \
	 !__atomic_exchange_n(flagp, true, __ATOMIC_RELAXED))

#define WARN_ON_ONCE(condition)                                               \
	({                                                                    \
		static bool __warned;                                         \
		int __ret_warn_once = !!(condition);                          \
		if (unlikely(__ret_warn_once) && __kmm_first_time(&__warned)) \
			__WARN();                                             \
		unlikely(__ret_warn_once);                                    \
	})

#define WARN_ONCE(condition, format...)                                       \
	({                                                                    \
		static bool __warned;                                         \
		int __ret_warn_once = !!(condition);                          \
		if (unlikely(__ret_warn_once) && __kmm_first_time(&__warned)) \
			__WARN_printf(TAINT_WARN, format);                    \
		unlikely(__ret_warn_once);                                    \
	})

#define WARN_TAINT_ONCE(condition, taint, format...) WARN_ONCE(condition, format)

#define BUG() __kmm_bug(__FILE__, __LINE__, __func__)

#define BUG_ON(condition)                \
	do {                             \
		if (unlikely(condition)) \
			BUG();           \
	} while (0)

/* ---- CONFIG_DEBUG_VM checks (always on in kmm) ---- */

#define VM_BUG_ON(cond) BUG_ON(cond)
/* The kernel also dumps the object; kmm's mm code may refine these. */
#define VM_BUG_ON_PAGE(cond, page) BUG_ON(cond)
#define VM_BUG_ON_FOLIO(cond, folio) BUG_ON(cond)
#define VM_BUG_ON_VMA(cond, vma) BUG_ON(cond)
#define VM_BUG_ON_MM(cond, mm) BUG_ON(cond)
#define VM_WARN_ON(cond) (void)WARN_ON(cond)
#define VM_WARN_ON_ONCE(cond) WARN_ON_ONCE(cond)
#define VM_WARN_ONCE(cond, format...) (void)WARN_ONCE(cond, format)
#define VM_WARN(cond, format...) (void)WARN(cond, format)
#define VM_WARN_ON_PAGE(cond, page) (void)WARN_ON(cond)
#define VM_WARN_ON_ONCE_PAGE(cond, page) WARN_ON_ONCE(cond)
#define VM_WARN_ON_FOLIO(cond, folio) (void)WARN_ON(cond)
#define VM_WARN_ON_ONCE_FOLIO(cond, folio) WARN_ON_ONCE(cond)

#endif /* _LINUX_BUG_H */
