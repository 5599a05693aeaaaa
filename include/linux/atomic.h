/* SPDX-License-Identifier: MIT */
/*
 * <linux/atomic.h> - atomic_t, atomic_long_t and atomic64_t.
 *
 * Plain operations (read, set, add, inc, ...) are relaxed; operations that
 * return a value after changing it are fully ordered, as in the kernel.
 */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include <linux/compiler.h>
#include <linux/types.h>

#define ATOMIC_INIT(i) \
	{              \
		(i)    \
	}
#define ATOMIC_LONG_INIT(i) \
	{                   \
		(i)         \
	}
#define ATOMIC64_INIT(i) \
	{                \
		(i)      \
	}

#define KMM_ATOMIC_OPS(pfx, atype, ctype)                                                          \
	static inline ctype pfx##_read(const atype *v)                                             \
	{                                                                                          \
		return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);                             \
	}                                                                                          \
	static inline ctype pfx##_read_acquire(const atype *v)                                     \
	{                                                                                          \
		return __atomic_load_n(&v->counter, __ATOMIC_ACQUIRE);                             \
	}                                                                                          \
	static inline void pfx##_set(atype *v, ctype i)                                            \
	{                                                                                          \
		__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);                                \
	}                                                                                          \
	static inline void pfx##_set_release(atype *v, ctype i)                                    \
	{                                                                                          \
		__atomic_store_n(&v->counter, i, __ATOMIC_RELEASE);                                \
	}                                                                                          \
	static inline void pfx##_add(ctype i, atype *v)                                            \
	{                                                                                          \
		__atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED);                              \
	}                                                                                          \
	static inline void pfx##_sub(ctype i, atype *v)                                            \
	{                                                                                          \
		__atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED);                              \
	}                                                                                          \
	static inline void pfx##_inc(atype *v)                                                     \
	{                                                                                          \
		pfx##_add(1, v);                                                                   \
	}                                                                                          \
	static inline void pfx##_dec(atype *v)                                                     \
	{                                                                                          \
		pfx##_sub(1, v);                                                                   \
	}                                                                                          \
	static inline ctype pfx##_add_return(ctype i, atype *v)                                    \
	{                                                                                          \
		return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_sub_return(ctype i, atype *v)                                    \
	{                                                                                          \
		return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_fetch_add(ctype i, atype *v)                                     \
	{                                                                                          \
		return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_fetch_sub(ctype i, atype *v)                                     \
	{                                                                                          \
		return __atomic_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_inc_return(atype *v)                                             \
	{                                                                                          \
		return pfx##_add_return(1, v);                                                     \
	}                                                                                          \
	static inline ctype pfx##_dec_return(atype *v)                                             \
	{                                                                                          \
		return pfx##_sub_return(1, v);                                                     \
	}                                                                                          \
	static inline bool pfx##_dec_and_test(atype *v)                                            \
	{                                                                                          \
		return pfx##_dec_return(v) == 0;                                                   \
	}                                                                                          \
	static inline bool pfx##_inc_and_test(atype *v)                                            \
	{                                                                                          \
		return pfx##_inc_return(v) == 0;                                                   \
	}                                                                                          \
	static inline bool pfx##_sub_and_test(ctype i, atype *v)                                   \
	{                                                                                          \
		return pfx##_sub_return(i, v) == 0;                                                \
	}                                                                                          \
	static inline ctype pfx##_xchg(atype *v, ctype new)                                        \
	{                                                                                          \
		return __atomic_exchange_n(&v->counter, new, __ATOMIC_SEQ_CST);                    \
	}                                                                                          \
	static inline ctype pfx##_cmpxchg(atype *v, ctype old, ctype new)                          \
	{                                                                                          \
		__atomic_compare_exchange_n(&v->counter, &old, new, false, __ATOMIC_SEQ_CST,       \
					    __ATOMIC_RELAXED);                                     \
		return old;                                                                        \
	}                                                                                          \
	static inline bool pfx##_try_cmpxchg(atype *v, ctype *old, ctype new)                      \
	{                                                                                          \
		return __atomic_compare_exchange_n(&v->counter, old, new, false, __ATOMIC_SEQ_CST, \
						   __ATOMIC_RELAXED);                              \
	}                                                                                          \
	/* Add @a unless the value is @u; true if it added. */                                     \
	static inline bool pfx##_add_unless(atype *v, ctype a, ctype u)                            \
	{                                                                                          \
		ctype c = pfx##_read(v);                                                           \
		do {                                                                               \
			if (c == u)                                                                \
				return false;                                                      \
		} while (!pfx##_try_cmpxchg(v, &c, c + a));                                        \
		return true;                                                                       \
	}                                                                                          \
	static inline bool pfx##_inc_not_zero(atype *v)                                            \
	{                                                                                          \
		return pfx##_add_unless(v, 1, 0);                                                  \
	}

KMM_ATOMIC_OPS(atomic, atomic_t, int)
KMM_ATOMIC_OPS(atomic_long, atomic_long_t, long)
KMM_ATOMIC_OPS(atomic64, atomic64_t, s64)

#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_load_acquire(p) __atomic_load_n(p, __ATOMIC_ACQUIRE)
#define smp_store_release(p, v) __atomic_store_n(p, v, __ATOMIC_RELEASE)
#define xchg(p, v) __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST)
#define cmpxchg(p, o, n)                                                           \
	({                                                                         \
		__typeof__(*(p)) old__ = (o);                                      \
		__atomic_compare_exchange_n(p, &old__, n, false, __ATOMIC_SEQ_CST, \
					    __ATOMIC_RELAXED);                     \
		old__;                                                             \
	})

#endif /* _LINUX_ATOMIC_H */
