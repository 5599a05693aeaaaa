/* SPDX-License-Identifier: MIT */
/*
 * <linux/spinlock_types.h> - spinlock_t and raw_spinlock_t, without the API.
 *
 * A lock is one word (0 free, 1 held) plus debug fields that are always
 * kept: a magic value to catch locks that were never initialised, and a
 * struct lockdep_map naming the owner task and its CPU.  lockdep_map is
 * shared by every kmm lock type (spinlocks and mutexes), so one
 * lockdep_assert_held() works on all of them, reached as lock->dep_map just
 * as in the kernel.
 */
#ifndef _LINUX_SPINLOCK_TYPES_H
#define _LINUX_SPINLOCK_TYPES_H

#include <linux/types.h>
#include <stddef.h>

struct task_struct;

/*
 * struct lockdep_map - who holds a lock.  @owner and @owner_cpu are written
 * by the holder (atomically: other threads read them in checks and reports).
 */
struct lockdep_map {
	struct task_struct *owner; /* NULL while the lock is free */
	int owner_cpu;		   /* holder's CPU, -1 while free */
	const char *name;	   /* the variable's name, for reports */
};

#define SPINLOCK_MAGIC 0xdead4ead
#define SPINLOCK_OWNER_INIT NULL

#define __KMM_DEP_MAP_INIT(lockname)                              \
	{                                                         \
		.owner = NULL, .owner_cpu = -1, .name = #lockname \
	}

typedef struct raw_spinlock {
	unsigned int raw_lock; /* 0 free, 1 held; atomic */
	unsigned int magic;    /* SPINLOCK_MAGIC once initialised */
	struct lockdep_map dep_map;
} raw_spinlock_t;

/* A spinlock_t is a raw_spinlock_t; the union lets lock->dep_map reach its map. */
typedef struct spinlock {
	union {
		struct raw_spinlock rlock;
		struct {
			u8 __padding[offsetof(struct raw_spinlock, dep_map)];
			struct lockdep_map dep_map;
		};
	};
} spinlock_t;

#define __RAW_SPIN_LOCK_INITIALIZER(lockname)                                                   \
	{                                                                                       \
		.raw_lock = 0, .magic = SPINLOCK_MAGIC, .dep_map = __KMM_DEP_MAP_INIT(lockname) \
	}
#define __RAW_SPIN_LOCK_UNLOCKED(lockname) ((raw_spinlock_t)__RAW_SPIN_LOCK_INITIALIZER(lockname))
#define DEFINE_RAW_SPINLOCK(x) raw_spinlock_t x = __RAW_SPIN_LOCK_UNLOCKED(x)

#define __SPIN_LOCK_INITIALIZER(lockname)                              \
	{                                                              \
		{                                                      \
			.rlock = __RAW_SPIN_LOCK_INITIALIZER(lockname) \
		}                                                      \
	}
#define __SPIN_LOCK_UNLOCKED(lockname) ((spinlock_t)__SPIN_LOCK_INITIALIZER(lockname))
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

#endif /* _LINUX_SPINLOCK_TYPES_H */
