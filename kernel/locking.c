// SPDX-License-Identifier: MIT
/*
 * kernel/locking.c - spinlocks and mutexes, with their debug checks.
 *
 * Theory
 * ------
 * 1. Spinlocks.  spin_lock() first disables preemption, which gives the
 *    task a virtual CPU of its own (kernel/sched.c), then takes the lock
 *    word: one CAS when free; when held, spin reading it (a pause per
 *    round, host_yield() after a while, because the holder may be a host
 *    thread the host has descheduled) and CAS again when it looks free.
 *    At most nr_cpu_ids tasks can hold or wait for spinlocks at once, as
 *    in the kernel.  Unlock clears the debug fields and store-releases 0.
 *
 * 2. Debug checks (the kernel's CONFIG_DEBUG_SPINLOCK, always on).  The
 *    lock's dep_map records the owner task and its CPU:
 *
 *	locking a lock the task holds     "BUG: spinlock recursion", BUG()
 *	lock never initialised            "BUG: spinlock bad magic", go on
 *	lock held by another task on
 *	  this same CPU                   "BUG: spinlock cpu recursion", go on
 *	spinning for 10 s                 "BUG: spinlock lockup suspected", go on
 *	unlocking a free lock             "BUG: spinlock already unlocked"
 *	unlocking another task's lock     "BUG: spinlock wrong owner"
 *
 *    A refused unlock changes nothing: not the lock, not the preempt count,
 *    not the interrupt state.  The kernel would go on and corrupt the lock;
 *    kmm prefers that the rest of the run still means something.
 *
 * 3. Mutexes.  The futex word is 0 (free), 1 (held) or 2 (held, maybe with
 *    sleepers).  Lock: CAS 0->1; when that fails spin a little, then swap
 *    in 2 and sleep on the futex until a swap returns 0.  Unlock: swap in 0
 *    and wake one sleeper if the old value was 2.  The holder may sleep.
 *    Misuse is a WARN (unlock by a non-owner: no effect) or, for taking a
 *    mutex the task holds, a report and BUG().
 *
 * Memory ordering: taking either lock is an acquire, releasing a release,
 * so the critical sections are ordered (and TSan sees them so).  The debug
 * fields are atomics because other tasks read them in their checks.
 */
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/spinlock.h>

#include "arch/host/host.h"
#include "kernel/internal.h"

/* Spin rounds before yielding the host CPU to whoever holds the lock. */
#define SPIN_BEFORE_YIELD 256
/* Report a spinlock held this long (ns) as a suspected lockup. */
#define SPIN_LOCKUP_NS (10ULL * 1000000000ULL)
/* Mutex: rounds to spin before sleeping. */
#define MUTEX_SPINS 100

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#else
	barrier();
#endif
}

/* ---------------------------------------------------------------------------
 * Owner tracking, shared by both lock types.
 * ------------------------------------------------------------------------- */

static struct task_struct *dep_owner(const struct lockdep_map *map)
{
	return __atomic_load_n(&map->owner, __ATOMIC_ACQUIRE);
}

static void dep_set_owner(struct lockdep_map *map, struct task_struct *t)
{
	__atomic_store_n(&map->owner_cpu, t->cpu, __ATOMIC_RELAXED);
	__atomic_store_n(&map->owner, t, __ATOMIC_RELEASE);
}

static void dep_clear_owner(struct lockdep_map *map)
{
	__atomic_store_n(&map->owner, NULL, __ATOMIC_RELAXED);
	__atomic_store_n(&map->owner_cpu, -1, __ATOMIC_RELAXED);
}

static void dep_init(struct lockdep_map *map, const char *name)
{
	map->name = name;
	dep_clear_owner(map);
}

/* ---------------------------------------------------------------------------
 * Spinlock reports.
 * ------------------------------------------------------------------------- */

static noinline void spin_bug(raw_spinlock_t *lock, const char *msg)
{
	struct task_struct *t = current, *owner = dep_owner(&lock->dep_map);

	printk_report_lock();
	pr_emerg("BUG: spinlock %s on CPU#%d, %s/%d\n", msg, raw_smp_processor_id(), t->comm,
		 t->pid);
	pr_emerg(" lock: %s at %016lx, .magic: %08x, .owner: %s/%d, .owner_cpu: %d\n",
		 lock->dep_map.name ? lock->dep_map.name : "?", (unsigned long)lock, lock->magic,
		 owner ? owner->comm : "<none>", owner ? owner->pid : -1,
		 __atomic_load_n(&lock->dep_map.owner_cpu, __ATOMIC_RELAXED));
	dump_stack_skip(KERN_DEFAULT, 1);
	report_count_inc();
	printk_report_unlock();
}

/* Checks before spinning; BUG()s on recursion, which would never end. */
static void spin_debug_before(raw_spinlock_t *lock, struct task_struct *t)
{
	struct task_struct *owner = dep_owner(&lock->dep_map);

	if (unlikely(lock->magic != SPINLOCK_MAGIC))
		spin_bug(lock, "bad magic");
	if (unlikely(owner == t)) {
		spin_bug(lock, "recursion");
		BUG();
	}
	if (unlikely(owner &&
		     __atomic_load_n(&lock->dep_map.owner_cpu, __ATOMIC_RELAXED) == t->cpu))
		spin_bug(lock, "cpu recursion");
}

/* ---------------------------------------------------------------------------
 * Spinlocks: the lock word.
 * ------------------------------------------------------------------------- */

static bool spin_try(raw_spinlock_t *lock)
{
	unsigned int free = 0;

	return __atomic_compare_exchange_n(&lock->raw_lock, &free, 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static noinline void spin_slowpath(raw_spinlock_t *lock)
{
	u64 start = host_clock_ns();
	unsigned long spins = 0;
	bool reported = false;

	do {
		while (__atomic_load_n(&lock->raw_lock, __ATOMIC_RELAXED)) {
			if (++spins < SPIN_BEFORE_YIELD) {
				cpu_relax();
				continue;
			}
			host_yield();
			if (!reported && host_clock_ns() - start > SPIN_LOCKUP_NS) {
				spin_bug(lock, "lockup suspected");
				reported = true;
			}
		}
	} while (!spin_try(lock));
}

/* Take the lock word of a lock whose caller is already non-preemptible. */
static void do_raw_spin_lock(raw_spinlock_t *lock)
{
	struct task_struct *t = current;

	spin_debug_before(lock, t);
	if (unlikely(!spin_try(lock)))
		spin_slowpath(lock);
	dep_set_owner(&lock->dep_map, t);
}

static bool do_raw_spin_trylock(raw_spinlock_t *lock)
{
	if (unlikely(lock->magic != SPINLOCK_MAGIC))
		spin_bug(lock, "bad magic");
	if (!spin_try(lock))
		return false;
	dep_set_owner(&lock->dep_map, current);
	return true;
}

/* Release the lock word; false (and a report) if the caller does not hold it. */
static bool do_raw_spin_unlock(raw_spinlock_t *lock)
{
	struct task_struct *t = current, *owner = dep_owner(&lock->dep_map);

	if (unlikely(lock->magic != SPINLOCK_MAGIC))
		spin_bug(lock, "bad magic");
	if (unlikely(!raw_spin_is_locked(lock))) {
		spin_bug(lock, "already unlocked");
		return false;
	}
	if (unlikely(owner != t)) {
		spin_bug(lock, "wrong owner");
		return false;
	}
	if (unlikely(__atomic_load_n(&lock->dep_map.owner_cpu, __ATOMIC_RELAXED) != t->cpu))
		spin_bug(lock, "wrong CPU");
	dep_clear_owner(&lock->dep_map);
	__atomic_store_n(&lock->raw_lock, 0, __ATOMIC_RELEASE);
	return true;
}

/* ---------------------------------------------------------------------------
 * Spinlocks: the API behind <linux/spinlock.h>.
 * ------------------------------------------------------------------------- */

/**
 * __raw_spin_lock_init - make @lock a free, named spinlock
 * @lock: the lock
 * @name: shown in reports
 *
 * Context: any; the lock must not be in use.
 */
void __raw_spin_lock_init(raw_spinlock_t *lock, const char *name)
{
	lock->magic = SPINLOCK_MAGIC;
	dep_init(&lock->dep_map, name);
	__atomic_store_n(&lock->raw_lock, 0, __ATOMIC_RELEASE);
}

/**
 * _raw_spin_lock - disable preemption and take @lock (spin_lock())
 * @lock: an initialised lock the caller does not hold
 *
 * Context: any; never sleeps.  The caller is atomic until the unlock.
 */
void _raw_spin_lock(raw_spinlock_t *lock)
{
	preempt_disable();
	do_raw_spin_lock(lock);
}

/**
 * _raw_spin_trylock - take @lock if it is free (spin_trylock())
 * @lock: an initialised lock
 *
 * Context: any; never sleeps.
 * Return: 1 with the lock held and preemption disabled, or 0.
 */
int _raw_spin_trylock(raw_spinlock_t *lock)
{
	preempt_disable();
	if (do_raw_spin_trylock(lock))
		return 1;
	preempt_enable();
	return 0;
}

/**
 * _raw_spin_unlock - release @lock and enable preemption (spin_unlock())
 * @lock: a lock the caller holds; otherwise reported and left alone
 *
 * Context: any.
 */
void _raw_spin_unlock(raw_spinlock_t *lock)
{
	if (do_raw_spin_unlock(lock))
		preempt_enable();
}

/**
 * _raw_spin_lock_irq - disable interrupts and preemption, take @lock
 * @lock: an initialised lock the caller does not hold
 *
 * Context: any, with interrupts enabled (they are enabled again by the unlock).
 */
void _raw_spin_lock_irq(raw_spinlock_t *lock)
{
	local_irq_disable();
	preempt_disable();
	do_raw_spin_lock(lock);
}

/**
 * _raw_spin_unlock_irq - release @lock, enable interrupts and preemption
 * @lock: a lock the caller holds; otherwise reported and left alone
 *
 * Context: any.
 */
void _raw_spin_unlock_irq(raw_spinlock_t *lock)
{
	if (!do_raw_spin_unlock(lock))
		return;
	local_irq_enable();
	preempt_enable();
}

/**
 * _raw_spin_lock_irqsave - save and disable interrupts, take @lock
 * @lock: an initialised lock the caller does not hold
 *
 * Context: any.
 * Return: the interrupt state to give to the unlock.
 */
unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock)
{
	unsigned long flags;

	local_irq_save(flags);
	preempt_disable();
	do_raw_spin_lock(lock);
	return flags;
}

/**
 * _raw_spin_unlock_irqrestore - release @lock, restore the interrupt state
 * @lock: a lock the caller holds; otherwise reported and left alone
 * @flags: what _raw_spin_lock_irqsave() returned
 *
 * Context: any.
 */
void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags)
{
	if (!do_raw_spin_unlock(lock))
		return;
	local_irq_restore(flags);
	preempt_enable();
}

/**
 * _raw_spin_lock_bh - disable bottom halves and preemption, take @lock
 * @lock: an initialised lock the caller does not hold
 *
 * Context: any.
 */
void _raw_spin_lock_bh(raw_spinlock_t *lock)
{
	preempt_count_add(SOFTIRQ_LOCK_OFFSET);
	do_raw_spin_lock(lock);
}

/**
 * _raw_spin_unlock_bh - release @lock, enable bottom halves and preemption
 * @lock: a lock the caller holds; otherwise reported and left alone
 *
 * Context: any.
 */
void _raw_spin_unlock_bh(raw_spinlock_t *lock)
{
	if (do_raw_spin_unlock(lock))
		preempt_count_sub(SOFTIRQ_LOCK_OFFSET);
}

/**
 * _raw_spin_trylock_bh - take @lock with bottom halves disabled, if it is free
 * @lock: an initialised lock
 *
 * Context: any.
 * Return: 1 with the lock held, or 0 (and bottom halves as before).
 */
int _raw_spin_trylock_bh(raw_spinlock_t *lock)
{
	preempt_count_add(SOFTIRQ_LOCK_OFFSET);
	if (do_raw_spin_trylock(lock))
		return 1;
	preempt_count_sub(SOFTIRQ_LOCK_OFFSET);
	return 0;
}

/* ---------------------------------------------------------------------------
 * Mutexes.
 * ------------------------------------------------------------------------- */

static bool mutex_try(struct mutex *lock)
{
	int free = 0;

	return __atomic_compare_exchange_n(&lock->state, &free, 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static noinline void mutex_lock_slowpath(struct mutex *lock)
{
	for (int i = 0; i < MUTEX_SPINS; i++) {
		if (!__atomic_load_n(&lock->state, __ATOMIC_RELAXED) && mutex_try(lock))
			return;
		cpu_relax();
	}
	while (__atomic_exchange_n(&lock->state, 2, __ATOMIC_ACQUIRE) != 0)
		host_futex_wait(&lock->state, 2, 0);
}

/* Checks before taking @lock; BUG()s on recursion, which would never end. */
static void mutex_debug_before(struct mutex *lock)
{
	WARN(lock->magic != lock, "DEBUG_LOCKS_WARN_ON(lock->magic != lock): mutex %s at %p\n",
	     lock->dep_map.name ? lock->dep_map.name : "?", (void *)lock);
	if (unlikely(dep_owner(&lock->dep_map) == current)) {
		printk_report_lock();
		pr_emerg("BUG: mutex recursion: %s/%d is taking mutex %s, which it holds\n",
			 current->comm, current->pid, lock->dep_map.name);
		printk_report_unlock();
		BUG();
	}
}

/* The mutex functions are documented in <linux/mutex.h>. */

void __mutex_init(struct mutex *lock, const char *name, struct lock_class_key *key)
{
	lock->magic = lock;
	dep_init(&lock->dep_map, name);
	__atomic_store_n(&lock->state, 0, __ATOMIC_RELEASE);
}

void mutex_lock(struct mutex *lock)
{
	might_sleep();
	mutex_debug_before(lock);
	if (unlikely(!mutex_try(lock)))
		mutex_lock_slowpath(lock);
	dep_set_owner(&lock->dep_map, current);
}

int mutex_lock_interruptible(struct mutex *lock)
{
	mutex_lock(lock);
	return 0;
}

int mutex_lock_killable(struct mutex *lock)
{
	mutex_lock(lock);
	return 0;
}

int mutex_trylock(struct mutex *lock)
{
	WARN(lock->magic != lock, "DEBUG_LOCKS_WARN_ON(lock->magic != lock)\n");
	if (!mutex_try(lock))
		return 0;
	dep_set_owner(&lock->dep_map, current);
	return 1;
}

void mutex_unlock(struct mutex *lock)
{
	struct task_struct *owner = dep_owner(&lock->dep_map);

	if (WARN(owner != current,
		 "DEBUG_LOCKS_WARN_ON(__owner_task(owner) != current): mutex %s held by %s/%d\n",
		 lock->dep_map.name ? lock->dep_map.name : "?", owner ? owner->comm : "<none>",
		 owner ? owner->pid : -1))
		return;
	dep_clear_owner(&lock->dep_map);
	if (__atomic_exchange_n(&lock->state, 0, __ATOMIC_RELEASE) == 2)
		host_futex_wake(&lock->state, 1);
}

void mutex_destroy(struct mutex *lock)
{
	WARN(mutex_is_locked(lock), "DEBUG_LOCKS_WARN_ON(mutex_is_locked(lock))\n");
	lock->magic = NULL;
}
