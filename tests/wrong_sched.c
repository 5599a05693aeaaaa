// SPDX-License-Identifier: MIT
/*
 * tests/wrong_sched.c - misuse of locks and of the CPU model must be caught
 * and reported with the kernel's words, and must not corrupt anything:
 * after a refused unlock the lock, the preempt count and the interrupt
 * state are as they were.
 */
#include <kmm/sched.h>
#include <linux/cpumask.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "tests/kmm_test.h"

#include <pthread.h>
#include <unistd.h>

static void relock_spinlock(void *arg)
{
	DEFINE_SPINLOCK(lock);

	spin_lock(&lock);
	spin_lock(&lock);
}

TEST(spinlock_recursion_dies)
{
	CHECK(kmm_test_dies(relock_spinlock, NULL,
			    "BUG: spinlock recursion on CPU#0, wrong_sched/"));
	CHECK(kmm_test_dies(relock_spinlock, NULL, ".magic: dead4ead, .owner: wrong_sched/"));
	CHECK(kmm_test_dies(relock_spinlock, NULL, "kernel BUG at kernel/locking.c:"));
}

TEST(unlocking_a_free_spinlock_changes_nothing)
{
	DEFINE_SPINLOCK(lock);
	unsigned long reports = kmm_report_count();
	unsigned long flags;

	spin_unlock(&lock);
	CHECK_DMESG("BUG: spinlock already unlocked on CPU#");
	CHECK_EQ(preempt_count(), 0);
	spin_lock(&lock);
	spin_unlock(&lock);
	spin_unlock(&lock);
	CHECK_EQ(preempt_count(), 0);
	local_irq_save(flags);
	spin_unlock_irqrestore(&lock, flags);
	CHECK(irqs_disabled()); /* the refused unlock did not restore */
	local_irq_restore(flags);
	CHECK_EQ(kmm_report_count(), reports + 3);
	CHECK(!spin_is_locked(&lock));
}

static DEFINE_SPINLOCK(held_lock);
static int holder_state;

static void *hold_lock(void *arg)
{
	spin_lock(&held_lock);
	__atomic_store_n(&holder_state, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&holder_state, __ATOMIC_ACQUIRE) != 2)
		;
	spin_unlock(&held_lock);
	return arg;
}

TEST(unlocking_another_tasks_spinlock_is_refused)
{
	pthread_t t;

	BOOT("mem=64M nr_cpus=2");
	holder_state = 0;
	pthread_create(&t, NULL, hold_lock, NULL);
	while (__atomic_load_n(&holder_state, __ATOMIC_ACQUIRE) != 1)
		;
	spin_unlock(&held_lock);
	CHECK_DMESG("BUG: spinlock wrong owner on CPU#");
	CHECK_DMESG(".owner: wrong_sched/");
	CHECK(spin_is_locked(&held_lock));
	CHECK_EQ(preempt_count(), 0);
	__atomic_store_n(&holder_state, 2, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
	CHECK(!spin_is_locked(&held_lock));
	CHECK_EQ(dmesg_count("BUG: spinlock"), 1);
}

TEST(uninitialised_spinlock_reports_bad_magic)
{
	spinlock_t lock;

	memset(&lock, 0, sizeof(lock));
	spin_lock(&lock);
	spin_unlock(&lock);
	CHECK_DMESG("BUG: spinlock bad magic on CPU#");
	CHECK_EQ(preempt_count(), 0);
}

TEST(preempt_enable_underflow_warns_and_keeps_count)
{
	preempt_enable();
	CHECK_DMESG("DEBUG_LOCKS_WARN_ON(val > preempt_count())");
	CHECK_EQ(preempt_count(), 0);
	local_bh_disable();
	preempt_enable(); /* the preempt field is empty, the softirq one is not */
	CHECK_EQ(dmesg_count("DEBUG_LOCKS_WARN_ON"), 2);
	CHECK_EQ(preempt_count(), SOFTIRQ_DISABLE_OFFSET);
	local_bh_enable();
	CHECK(preemptible());
	CHECK_EQ(kmm_cpus_held(), 0);
}

TEST(irq_exit_without_enter_warns)
{
	kmm_irq_exit();
	CHECK_DMESG("kmm_irq_exit() without kmm_irq_enter()");
	CHECK(preemptible());
}

static DEFINE_MUTEX(owned_mutex);
static int owner_state;

static void *own_mutex_for_a_while(void *arg)
{
	mutex_lock(&owned_mutex);
	__atomic_store_n(&owner_state, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&owner_state, __ATOMIC_ACQUIRE) != 2)
		usleep(100);
	mutex_unlock(&owned_mutex);
	return arg;
}

static void *unlock_mutex(void *arg)
{
	mutex_unlock(&owned_mutex);
	return arg;
}

TEST(mutex_unlock_by_another_task_is_refused)
{
	pthread_t t;

	owner_state = 0;
	pthread_create(&t, NULL, own_mutex_for_a_while, NULL);
	while (__atomic_load_n(&owner_state, __ATOMIC_ACQUIRE) != 1)
		usleep(100);
	mutex_unlock(&owned_mutex);
	CHECK_DMESG("DEBUG_LOCKS_WARN_ON(__owner_task(owner) != current)");
	CHECK_DMESG("held by wrong_sched/");
	CHECK(mutex_is_locked(&owned_mutex));
	__atomic_store_n(&owner_state, 2, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
	CHECK(!mutex_is_locked(&owned_mutex));
	pthread_create(&t, NULL, unlock_mutex, NULL);
	pthread_join(t, NULL);
	CHECK_DMESG("held by <none>");
	CHECK(!mutex_is_locked(&owned_mutex));
	CHECK_EQ(dmesg_count("WARNING:"), 2);
}

static void relock_mutex(void *arg)
{
	DEFINE_MUTEX(m);

	mutex_lock(&m);
	mutex_lock(&m);
}

TEST(mutex_recursion_dies)
{
	CHECK(kmm_test_dies(relock_mutex, NULL, "BUG: mutex recursion"));
}

TEST(uninitialised_and_destroyed_mutex_warn)
{
	struct mutex m;

	memset(&m, 0, sizeof(m));
	mutex_lock(&m);
	CHECK_DMESG("DEBUG_LOCKS_WARN_ON(lock->magic != lock)");
	mutex_destroy(&m);
	CHECK_DMESG("DEBUG_LOCKS_WARN_ON(mutex_is_locked(lock))");
	mutex_unlock(&m);
	mutex_init(&m);
	mutex_lock(&m);
	mutex_unlock(&m);
	mutex_destroy(&m);
	CHECK_EQ(dmesg_count("WARNING:"), 2);
}

TEST(lockdep_assert_held_warns_when_not_held)
{
	DEFINE_SPINLOCK(lock);
	DEFINE_MUTEX(m);

	lockdep_assert_held(&lock);
	lockdep_assert_held(&m);
	CHECK_EQ(dmesg_count("WARNING: CPU: "), 2);
	CHECK_DMESG("at tests/wrong_sched.c:");
	mutex_lock(&m);
	lockdep_assert_held(&m);
	lockdep_assert_not_held(&lock);
	mutex_unlock(&m);
	CHECK_EQ(dmesg_count("WARNING: CPU: "), 2);
}

TEST(cpu_held_at_shutdown_is_reported)
{
	BOOT("mem=64M nr_cpus=2");
	preempt_disable();
	kmm_shutdown();
	preempt_enable();
	CHECK_DMESG("still held by wrong_sched/");
	CHECK_EQ(kmm_cpus_held(), 0);
	CHECK_EQ(nr_cpu_ids, 1);
}
