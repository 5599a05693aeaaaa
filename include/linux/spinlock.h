/* SPDX-License-Identifier: MIT */
/*
 * <linux/spinlock.h> - spinlocks.
 *
 * spin_lock() disables preemption (so the task holds a virtual CPU, see
 * kernel/sched.c) and then spins for the lock word; spin_unlock() does the
 * reverse.  The _irq/_irqsave variants also disable interrupts, the _bh
 * variants bottom halves, exactly as in the kernel.  A task holding a
 * spinlock must not sleep: might_sleep() reports it.
 *
 * Debug checks are always on (kernel/locking.c): taking a lock the task
 * already holds reports "BUG: spinlock recursion" and BUG()s (the kernel
 * would hang); releasing a lock the task does not hold reports "BUG:
 * spinlock wrong owner" or "already unlocked" and leaves the lock, the
 * preempt count and the interrupt state untouched.
 *
 * raw_spinlock_t and spinlock_t behave the same in kmm.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/irqflags.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/spinlock_types.h>

/**
 * __raw_spin_lock_init - make @lock a free lock named @name
 * @lock: the lock
 * @name: shown in reports (spin_lock_init() passes the expression's text)
 *
 * Context: any; the lock must not be in use.
 */
void __raw_spin_lock_init(raw_spinlock_t *lock, const char *name);

/*
 * The operations.  Context of each: any (they never sleep); the lock must
 * have been initialised.  The unlock functions expect the caller to hold
 * the lock.
 */
void _raw_spin_lock(raw_spinlock_t *lock) __acquires(lock);
void _raw_spin_unlock(raw_spinlock_t *lock) __releases(lock);
int _raw_spin_trylock(raw_spinlock_t *lock);
void _raw_spin_lock_irq(raw_spinlock_t *lock) __acquires(lock);
void _raw_spin_unlock_irq(raw_spinlock_t *lock) __releases(lock);
unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock) __acquires(lock);
void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags) __releases(lock);
void _raw_spin_lock_bh(raw_spinlock_t *lock) __acquires(lock);
void _raw_spin_unlock_bh(raw_spinlock_t *lock) __releases(lock);
int _raw_spin_trylock_bh(raw_spinlock_t *lock);

/* ---- raw_spinlock_t ---- */

#define raw_spin_lock_init(lock) __raw_spin_lock_init(lock, #lock)
#define raw_spin_lock(lock) _raw_spin_lock(lock)
#define raw_spin_unlock(lock) _raw_spin_unlock(lock)
#define raw_spin_trylock(lock) _raw_spin_trylock(lock)
#define raw_spin_lock_irq(lock) _raw_spin_lock_irq(lock)
#define raw_spin_unlock_irq(lock) _raw_spin_unlock_irq(lock)
#define raw_spin_lock_bh(lock) _raw_spin_lock_bh(lock)
#define raw_spin_unlock_bh(lock) _raw_spin_unlock_bh(lock)
#define raw_spin_trylock_bh(lock) _raw_spin_trylock_bh(lock)
#define raw_spin_lock_nested(lock, subclass) _raw_spin_lock(lock)
#define raw_spin_lock_irqsave(lock, flags)              \
	do {                                            \
		(void)__kmm_irqflags_typecheck(flags);  \
		(flags) = _raw_spin_lock_irqsave(lock); \
	} while (0)
#define raw_spin_lock_irqsave_nested(lock, flags, subclass) raw_spin_lock_irqsave(lock, flags)
#define raw_spin_unlock_irqrestore(lock, flags)           \
	do {                                              \
		(void)__kmm_irqflags_typecheck(flags);    \
		_raw_spin_unlock_irqrestore(lock, flags); \
	} while (0)
#define raw_spin_trylock_irqsave(lock, flags)     \
	({                                        \
		local_irq_save(flags);            \
		raw_spin_trylock(lock) ? 1 : ({   \
			local_irq_restore(flags); \
			0;                        \
		});                               \
	})
#define raw_spin_is_locked(lock) (__atomic_load_n(&(lock)->raw_lock, __ATOMIC_RELAXED) != 0)
#define raw_spin_is_contended(lock) ((void)(lock), 0)
#define assert_raw_spin_locked(lock) BUG_ON(!raw_spin_is_locked(lock))

/* ---- spinlock_t ---- */

static __always_inline raw_spinlock_t *spinlock_check(spinlock_t *lock)
{
	return &lock->rlock;
}

#define spin_lock_init(_lock) __raw_spin_lock_init(spinlock_check(_lock), #_lock)

static __always_inline void spin_lock(spinlock_t *lock) __acquires(lock)
{
	_raw_spin_lock(&lock->rlock);
}

static __always_inline void spin_unlock(spinlock_t *lock) __releases(lock)
{
	_raw_spin_unlock(&lock->rlock);
}

static __always_inline int spin_trylock(spinlock_t *lock)
{
	return _raw_spin_trylock(&lock->rlock);
}

static __always_inline void spin_lock_irq(spinlock_t *lock) __acquires(lock)
{
	_raw_spin_lock_irq(&lock->rlock);
}

static __always_inline void spin_unlock_irq(spinlock_t *lock) __releases(lock)
{
	_raw_spin_unlock_irq(&lock->rlock);
}

static __always_inline void spin_lock_bh(spinlock_t *lock) __acquires(lock)
{
	_raw_spin_lock_bh(&lock->rlock);
}

static __always_inline void spin_unlock_bh(spinlock_t *lock) __releases(lock)
{
	_raw_spin_unlock_bh(&lock->rlock);
}

static __always_inline int spin_trylock_bh(spinlock_t *lock)
{
	return _raw_spin_trylock_bh(&lock->rlock);
}

static __always_inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
	__releases(lock)
{
	_raw_spin_unlock_irqrestore(&lock->rlock, flags);
}

#define spin_lock_irqsave(lock, flags) raw_spin_lock_irqsave(spinlock_check(lock), flags)
#define spin_lock_irqsave_nested(lock, flags, subclass) spin_lock_irqsave(lock, flags)
#define spin_trylock_irqsave(lock, flags) raw_spin_trylock_irqsave(spinlock_check(lock), flags)
#define spin_lock_nested(lock, subclass) spin_lock(lock)
#define spin_lock_nest_lock(lock, nest_lock) spin_lock(lock)
#define spin_is_locked(lock) raw_spin_is_locked(&(lock)->rlock)
#define spin_is_contended(lock) raw_spin_is_contended(&(lock)->rlock)
#define spin_needbreak(lock) ((void)(lock), 0)
#define assert_spin_locked(lock) assert_raw_spin_locked(&(lock)->rlock)

/**
 * atomic_dec_and_lock - decrement @atomic, taking @lock if it reaches zero
 * @atomic: the counter
 * @lock: taken only when the counter drops to zero
 *
 * Context: any.
 * Return: 1 with @lock held if the counter reached zero, else 0.
 */
static inline int atomic_dec_and_lock(atomic_t *atomic, spinlock_t *lock)
{
	if (atomic_add_unless(atomic, -1, 1))
		return 0;
	spin_lock(lock);
	if (atomic_dec_and_test(atomic))
		return 1;
	spin_unlock(lock);
	return 0;
}

#endif /* _LINUX_SPINLOCK_H */
