/* SPDX-License-Identifier: MIT */
/*
 * <linux/mutex.h> - sleeping locks.
 *
 * A mutex is a futex word (0 free, 1 held, 2 held and maybe waited for):
 * an uncontended lock or unlock is one atomic instruction; a contended
 * mutex_lock() spins briefly and then sleeps in the host kernel until the
 * holder's unlock wakes it.  The holder may sleep.  mutex_lock() may sleep,
 * so calling it in atomic context gives the might_sleep() report.
 *
 * Debug checks are always on, as with the kernel's DEBUG_MUTEXES: taking a
 * mutex the task holds is reported and BUG()s (it would deadlock); releasing
 * one it does not hold is a WARN and changes nothing; a mutex that was never
 * initialised or was copied is a WARN.
 */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <linux/compiler.h>
#include <linux/lockdep.h>
#include <linux/spinlock_types.h>
#include <linux/types.h>

struct mutex {
	int state;	   /* 0 free, 1 held, 2 held with possible waiters; the futex word */
	const void *magic; /* the mutex's own address once initialised */
	struct lockdep_map dep_map;
};

#define __MUTEX_INITIALIZER(lockname)                                                     \
	{                                                                                 \
		.state = 0, .magic = &(lockname), .dep_map = __KMM_DEP_MAP_INIT(lockname) \
	}
#define DEFINE_MUTEX(mutexname) struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)

/**
 * __mutex_init - make @lock a free mutex
 * @lock: the mutex
 * @name: shown in reports
 * @key: lockdep class (unused)
 *
 * Context: any; the mutex must not be in use.
 */
void __mutex_init(struct mutex *lock, const char *name, struct lock_class_key *key);
#define mutex_init(mutex) __mutex_init(mutex, #mutex, NULL)

/**
 * mutex_lock - take @lock, sleeping until it is free
 * @lock: the mutex
 *
 * Context: process context, may sleep; not with spinlocks held or in
 * interrupt context.
 */
void mutex_lock(struct mutex *lock);

/**
 * mutex_lock_interruptible - take @lock, unless a signal arrives
 * @lock: the mutex
 *
 * kmm delivers no signals, so this always takes the lock.
 * Context: process context, may sleep.
 * Return: 0.
 */
int __must_check mutex_lock_interruptible(struct mutex *lock);

/* As mutex_lock_interruptible(), for fatal signals only.  Return: 0. */
int __must_check mutex_lock_killable(struct mutex *lock);

/**
 * mutex_trylock - take @lock if it is free, without waiting
 * @lock: the mutex
 *
 * Context: process context (it does not sleep).
 * Return: 1 if the lock was taken, 0 if it is held.
 */
int __must_check mutex_trylock(struct mutex *lock);

/**
 * mutex_unlock - release @lock
 * @lock: a mutex the caller holds
 *
 * Context: process context.
 */
void mutex_unlock(struct mutex *lock);

/**
 * mutex_destroy - mark @lock unusable
 * @lock: a free mutex
 *
 * WARNs if the mutex is still held.
 * Context: any.
 */
void mutex_destroy(struct mutex *lock);

/* True if somebody holds @lock (a snapshot).  Context: any. */
static inline bool mutex_is_locked(struct mutex *lock)
{
	return __atomic_load_n(&lock->state, __ATOMIC_RELAXED) != 0;
}

#define mutex_lock_nested(lock, subclass) mutex_lock(lock)
#define mutex_lock_nest_lock(lock, nest_lock) mutex_lock(lock)
#define mutex_lock_interruptible_nested(lock, subclass) mutex_lock_interruptible(lock)
#define mutex_lock_killable_nested(lock, subclass) mutex_lock_killable(lock)
#define mutex_lock_io(lock) mutex_lock(lock)

#endif /* _LINUX_MUTEX_H */
