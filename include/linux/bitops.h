/* SPDX-License-Identifier: MIT */
/*
 * <linux/bitops.h> - bit operations on arrays of unsigned long.
 *
 * set_bit()/clear_bit()/test_and_*() are atomic; the __ variants are not and
 * need the caller to exclude other writers of the same word.
 */
#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H

#include <linux/bits.h>
#include <linux/types.h>

static inline void set_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_RELAXED);
}

static inline void clear_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_RELAXED);
}

static inline bool test_and_set_bit(long nr, volatile unsigned long *addr)
{
	return __atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_SEQ_CST) &
	       BIT_MASK(nr);
}

static inline bool test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	return __atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_SEQ_CST) &
	       BIT_MASK(nr);
}

/*
 * Not atomic as a read-modify-write, but the load and the store are single
 * relaxed accesses, so a reader testing other bits of the word concurrently
 * (as the buddy allocator does with a neighbour's page flags) is well defined.
 */
static inline void __set_bit(long nr, volatile unsigned long *addr)
{
	volatile unsigned long *p = &addr[BIT_WORD(nr)];

	__atomic_store_n(p, __atomic_load_n(p, __ATOMIC_RELAXED) | BIT_MASK(nr), __ATOMIC_RELAXED);
}

static inline void __clear_bit(long nr, volatile unsigned long *addr)
{
	volatile unsigned long *p = &addr[BIT_WORD(nr)];

	__atomic_store_n(p, __atomic_load_n(p, __ATOMIC_RELAXED) & ~BIT_MASK(nr), __ATOMIC_RELAXED);
}

static inline bool test_bit(long nr, const volatile unsigned long *addr)
{
	return (__atomic_load_n(&addr[BIT_WORD(nr)], __ATOMIC_RELAXED) >> (nr % BITS_PER_LONG)) &
	       1UL;
}

/* Index of the lowest set bit; @word must not be 0. */
static inline unsigned long __ffs(unsigned long word)
{
	return (unsigned long)__builtin_ctzl(word);
}

/* Index of the highest set bit; @word must not be 0. */
static inline unsigned long __fls(unsigned long word)
{
	return 63UL - (unsigned long)__builtin_clzl(word);
}

/* 1-based index of the highest set bit, 0 for 0. */
static inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

static inline unsigned int hweight_long(unsigned long w)
{
	return (unsigned int)__builtin_popcountl(w);
}

#endif
