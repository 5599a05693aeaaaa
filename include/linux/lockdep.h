/* SPDX-License-Identifier: MIT */
/*
 * <linux/lockdep.h> - assertions about which locks are held.
 *
 * kmm has no lock validator (no lock classes, no dependency graph); what it
 * keeps is the owner of every lock, which is enough for the assertions
 * kernel code writes at the top of functions that need a lock:
 *
 *	lockdep_assert_held(&zone->lock);
 *
 * They work on anything with a dep_map member: spinlock_t, raw_spinlock_t,
 * struct mutex.  A failed assertion is a WARN.  The class annotations
 * (lockdep_set_class(), lock_class_key, ...) compile to nothing.
 */
#ifndef _LINUX_LOCKDEP_H
#define _LINUX_LOCKDEP_H

#include <linux/bug.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/spinlock_types.h>

/* True if the calling task holds the lock of @map.  Context: any. */
static inline bool lock_is_held(const struct lockdep_map *map)
{
	return __atomic_load_n(&map->owner, __ATOMIC_RELAXED) == current;
}

#define lockdep_is_held(lock) lock_is_held(&(lock)->dep_map)

#define lockdep_assert(cond)      \
	do {                      \
		WARN_ON(!(cond)); \
	} while (0)
#define lockdep_assert_once(cond)      \
	do {                           \
		WARN_ON_ONCE(!(cond)); \
	} while (0)

#define lockdep_assert_held(l) lockdep_assert(lockdep_is_held(l))
#define lockdep_assert_not_held(l) lockdep_assert(!lockdep_is_held(l))
#define lockdep_assert_held_once(l) lockdep_assert_once(lockdep_is_held(l))
#define lockdep_assert_held_write(l) lockdep_assert_held(l)
#define lockdep_assert_held_read(l) lockdep_assert_held(l)
#define lockdep_assert_none_held_once() \
	do {                            \
	} while (0)

#define lockdep_assert_irqs_enabled() lockdep_assert(!irqs_disabled())
#define lockdep_assert_irqs_disabled() lockdep_assert(irqs_disabled())
#define lockdep_assert_in_irq() lockdep_assert(in_hardirq())
#define lockdep_assert_preemption_enabled() lockdep_assert(preemptible())
#define lockdep_assert_preemption_disabled() lockdep_assert(!preemptible())

struct lock_class_key {
	char __unused_key;
};

#define SINGLE_DEPTH_NESTING 1
#define lockdep_set_class(lock, key) \
	do {                         \
		(void)(key);         \
	} while (0)
#define lockdep_set_class_and_name(lock, key, name) \
	do {                                        \
		(void)(key);                        \
	} while (0)
#define lockdep_set_class_and_subclass(lock, key, sub) \
	do {                                           \
		(void)(key);                           \
	} while (0)
#define lockdep_set_subclass(lock, sub) \
	do {                            \
	} while (0)
#define lockdep_set_novalidate_class(lock) \
	do {                               \
	} while (0)
#define lockdep_register_key(key) \
	do {                      \
	} while (0)
#define lockdep_unregister_key(key) \
	do {                        \
	} while (0)
#define lockdep_off() \
	do {          \
	} while (0)
#define lockdep_on() \
	do {         \
	} while (0)
#define lock_map_acquire(map) \
	do {                  \
	} while (0)
#define lock_map_release(map) \
	do {                  \
	} while (0)

#endif /* _LINUX_LOCKDEP_H */
