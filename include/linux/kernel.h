/* SPDX-License-Identifier: MIT */
/*
 * <linux/kernel.h> - the grab bag most kernel files include first.
 *
 * Pulls in the basic types, printk, WARN/BUG, min/max, alignment and bit
 * helpers, and defines what the kernel keeps here: ARRAY_SIZE(), the
 * integer limits, upper_32_bits(), might_sleep().
 */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>

#include <linux/align.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/errno.h>
#include <linux/kern_levels.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/panic.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/stringify.h>
#include <linux/types.h>

/* Number of elements of an array (a compile error for a pointer). */
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))
#endif

#define U8_MAX ((u8)~0U)
#define S8_MAX ((s8)(U8_MAX >> 1))
#define S8_MIN ((s8)(-S8_MAX - 1))
#define U16_MAX ((u16)~0U)
#define S16_MAX ((s16)(U16_MAX >> 1))
#define S16_MIN ((s16)(-S16_MAX - 1))
#define U32_MAX ((u32)~0U)
#define S32_MAX ((s32)(U32_MAX >> 1))
#define S32_MIN ((s32)(-S32_MAX - 1))
#define U64_MAX ((u64)~0ULL)
#define S64_MAX ((s64)(U64_MAX >> 1))
#define S64_MIN ((s64)(-S64_MAX - 1))
#define PHYS_ADDR_MAX (~(phys_addr_t)0)
/* INT_MAX, UINT_MAX, LONG_MAX, ULONG_MAX, LLONG_MAX, ULLONG_MAX come from <limits.h>. */

/* The high and low halves of a 64-bit value (safe on 32-bit values too). */
#define upper_32_bits(n) ((u32)(((n) >> 16) >> 16))
#define lower_32_bits(n) ((u32)((n)&0xffffffff))
#define upper_16_bits(n) ((u16)((n) >> 16))
#define lower_16_bits(n) ((u16)((n)&0xffff))

#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))

/* The caller's return address, and the current one, as numbers. */
#define _RET_IP_ ((unsigned long)__builtin_return_address(0))
#define _THIS_IP_                        \
	({                               \
		__label__ __here;        \
	__here:                          \
		(unsigned long)&&__here; \
	})

/**
 * __might_sleep - report a call that may sleep made from atomic context
 * @file: source file of the call
 * @line: its line
 *
 * Prints the kernel's "BUG: sleeping function called from invalid context"
 * report when the caller is not preemptible (preempt count not zero, or
 * interrupts disabled), and carries on.
 *
 * Context: any.
 */
void __might_sleep(const char *file, int line);

/* Annotate a point that may sleep: reports if the caller is atomic. */
#define might_sleep() __might_sleep(__FILE__, __LINE__)
#define might_sleep_if(cond)           \
	do {                           \
		if (cond)              \
			might_sleep(); \
	} while (0)
#define might_resched() \
	do {            \
	} while (0)
#define sched_annotate_sleep() \
	do {                   \
	} while (0)
#define non_block_start() \
	do {              \
	} while (0)
#define non_block_end() \
	do {            \
	} while (0)

#endif /* _LINUX_KERNEL_H */
