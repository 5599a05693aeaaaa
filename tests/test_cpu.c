// SPDX-License-Identifier: MIT
/*
 * tests/test_cpu.c - the CPU model: preempt count and contexts, virtual CPUs
 * held exactly while non-preemptible, might_sleep(), spinlocks and mutexes
 * under contention, and the promise everything per-CPU relies on: two
 * threads are never in a section of the same CPU at once.
 *
 *   KMM_TEST_ITERS    iterations per thread of the per-CPU test (200000)
 *   KMM_TEST_THREADS  threads of the per-CPU test (8)
 */
#include <kmm/sched.h>
#include <linux/hardirq.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/smp.h>
#include <linux/spinlock.h>

#include "kernel/internal.h"
#include "tests/kmm_test.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLEEP_BUG "BUG: sleeping function called from invalid context"

static pthread_t start_thread(void *(*fn)(void *), void *arg)
{
	pthread_t t;

	if (pthread_create(&t, NULL, fn, arg))
		abort();
	return t;
}

/* ---- preempt count and contexts ---- */

TEST(preempt_count_arithmetic)
{
	CHECK_EQ(preempt_count(), 0);
	CHECK(preemptible() && !in_atomic() && in_task() && !in_interrupt());
	preempt_disable();
	CHECK_EQ(preempt_count(), 1);
	preempt_disable();
	CHECK_EQ(preempt_count(), 2);
	CHECK(in_atomic() && !preemptible() && !in_interrupt());
	local_bh_disable();
	CHECK_EQ(preempt_count(), 2 + SOFTIRQ_DISABLE_OFFSET);
	CHECK(in_softirq() && in_interrupt() && in_task() && !in_serving_softirq());
	local_bh_enable();
	preempt_enable();
	preempt_enable_no_resched();
	CHECK_EQ(preempt_count(), 0);
	CHECK(preemptible());
	CHECK_EQ(kmm_cpus_held(), 0);
}

TEST(irq_state_and_flags)
{
	unsigned long f1, f2;

	CHECK(!irqs_disabled());
	local_irq_save(f1);
	CHECK(irqs_disabled() && !preemptible() && !in_atomic());
	CHECK_EQ(kmm_cpus_held(), 1);
	local_irq_save(f2);
	CHECK(irqs_disabled_flags(f2) && !irqs_disabled_flags(f1));
	local_irq_restore(f2);
	CHECK(irqs_disabled());
	local_irq_restore(f1);
	CHECK(!irqs_disabled() && preemptible());
	CHECK_EQ(kmm_cpus_held(), 0);
	local_irq_disable();
	preempt_disable();
	local_irq_enable();
	CHECK_EQ(kmm_cpus_held(), 1); /* still not preemptible */
	preempt_enable();
	CHECK_EQ(kmm_cpus_held(), 0);
}

TEST(irq_enter_makes_interrupt_context)
{
	CHECK(!in_interrupt());
	kmm_irq_enter();
	CHECK(in_interrupt() && in_hardirq() && in_irq() && !in_task() && irqs_disabled());
	CHECK_EQ(hardirq_count(), HARDIRQ_OFFSET);
	kmm_irq_enter();
	CHECK_EQ(hardirq_count(), 2 * HARDIRQ_OFFSET);
	kmm_irq_exit();
	CHECK(in_hardirq() && irqs_disabled());
	kmm_irq_exit();
	CHECK(!in_interrupt() && !irqs_disabled() && preemptible());
	/* Interrupts disabled before the "interrupt" stay disabled after it. */
	local_irq_disable();
	kmm_irq_enter();
	kmm_irq_exit();
	CHECK(irqs_disabled());
	local_irq_enable();
	kmm_softirq_enter();
	CHECK(in_serving_softirq() && in_softirq() && !in_task());
	kmm_softirq_exit();
	CHECK(in_task() && preemptible());
	CHECK_EQ(kmm_cpus_held(), 0);
}

TEST(get_cpu_holds_one_cpu_for_the_section)
{
	int cpu;

	BOOT("mem=64M nr_cpus=2");
	CHECK_EQ(nr_cpu_ids, 2);
	CHECK_EQ(num_online_cpus(), 2);
	cpu = get_cpu();
	CHECK(cpu >= 0 && cpu < 2);
	CHECK_EQ(smp_processor_id(), cpu);
	CHECK_EQ(raw_smp_processor_id(), cpu);
	CHECK_EQ(kmm_cpus_held(), 1);
	for (int i = 0; i < 100; i++)
		CHECK_EQ(smp_processor_id(), cpu);
	put_cpu();
	CHECK_EQ(kmm_cpus_held(), 0);
	CHECK_EQ(raw_smp_processor_id(), cpu); /* the last CPU held */
	CHECK(!dmesg_contains("BUG:"));
}

TEST(cpumask_iterators_cover_the_machine)
{
	unsigned int cpu, n = 0;
	int icpu;
	cpumask_t mask;

	BOOT("mem=64M nr_cpus=3");
	for_each_possible_cpu(cpu)
		n++;
	CHECK_EQ(n, 3);
	for_each_online_cpu(icpu)
		CHECK(cpu_online(icpu));
	CHECK(!cpu_possible(3));
	cpumask_clear(&mask);
	cpumask_set_cpu(2, &mask);
	cpumask_set_cpu(0, &mask);
	n = 0;
	for_each_cpu(cpu, &mask) n += cpu;
	CHECK_EQ(n, 2);
	CHECK_EQ(cpumask_weight(&mask), 2);
	CHECK_EQ(cpumask_weight(cpu_online_mask), 3);
}

TEST(smp_processor_id_reports_when_preemptible)
{
	unsigned long reports = kmm_report_count();
	int cpu;

	BOOT("mem=64M nr_cpus=2");
	cpu = smp_processor_id();
	CHECK(cpu >= 0 && cpu < 2);
	CHECK_EQ(kmm_report_count(), reports + 1);
	CHECK_DMESG("BUG: using smp_processor_id() in preemptible [00000000] code: test_cpu/");
	CHECK_DMESG("caller is ");
	CHECK_DMESG("Call Trace:");
}

/* ---- might_sleep ---- */

TEST(might_sleep_is_silent_when_preemptible)
{
	DEFINE_MUTEX(m);

	might_sleep();
	cond_resched();
	msleep(1);
	mutex_lock(&m);
	might_sleep(); /* holding a mutex is fine */
	mutex_unlock(&m);
	CHECK(!dmesg_contains("BUG:"));
}

TEST(might_sleep_reports_in_atomic_context)
{
	DEFINE_SPINLOCK(lock);
	unsigned long reports = kmm_report_count();

	spin_lock(&lock);
	might_sleep();
	spin_unlock(&lock);
	CHECK_DMESG("in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: ");
	CHECK_DMESG("preempt_count: 1, expected: 0");
	CHECK_DMESG("Preemption disabled at:");
	local_irq_disable();
	might_sleep();
	local_irq_enable();
	CHECK_DMESG("in_atomic(): 0, irqs_disabled(): 1,");
	preempt_disable();
	cond_resched();
	preempt_enable();
	CHECK_EQ(dmesg_count(SLEEP_BUG " at tests/test_cpu.c:"), 3);
	CHECK_EQ(kmm_report_count(), reports + 3);
	CHECK(test_taint(TAINT_WARN));
	might_sleep();
	CHECK_EQ(dmesg_count(SLEEP_BUG), 3);
}

TEST(mutex_lock_in_atomic_context_reports)
{
	DEFINE_MUTEX(m);

	preempt_disable();
	mutex_lock(&m);
	mutex_unlock(&m);
	preempt_enable();
	CHECK_EQ(dmesg_count(SLEEP_BUG), 1);
}

TEST(memalloc_scopes_narrow_gfp)
{
	unsigned int noio, nofs;

	CHECK_EQ(current_gfp_context(GFP_KERNEL), GFP_KERNEL);
	nofs = memalloc_nofs_save();
	CHECK(current->flags & PF_MEMALLOC_NOFS);
	CHECK_EQ(current_gfp_context(GFP_KERNEL), GFP_KERNEL & ~__GFP_FS);
	noio = memalloc_noio_save();
	CHECK_EQ(current_gfp_context(GFP_KERNEL), GFP_KERNEL & ~(__GFP_FS | __GFP_IO));
	memalloc_noio_restore(noio);
	CHECK_EQ(current_gfp_context(GFP_KERNEL), GFP_KERNEL & ~__GFP_FS);
	memalloc_nofs_restore(nofs);
	CHECK_EQ(current->flags & (PF_MEMALLOC_NOFS | PF_MEMALLOC_NOIO), 0);
	nofs = memalloc_noreclaim_save();
	CHECK(current->flags & PF_MEMALLOC);
	memalloc_noreclaim_restore(nofs);
	CHECK(!(current->flags & PF_MEMALLOC));
}

TEST(current_names_the_thread)
{
	char comm[TASK_COMM_LEN];

	CHECK(task_pid_nr(current) > 0);
	CHECK(!strcmp(current->comm, "test_cpu"));
	get_task_comm(comm, current);
	CHECK(!strcmp(comm, "test_cpu"));
}

/* ---- the key promise: one thread per CPU section ---- */

struct pcpu_slot {
	long counter; /* plain: only its CPU's holder touches it */
	int inside;
} __aligned(64);

static struct pcpu_slot pcpu[NR_CPUS];
static long pcpu_iters;
static int pcpu_violations, pcpu_ready, pcpu_go;

static void *pcpu_worker(void *arg)
{
	__atomic_fetch_add(&pcpu_ready, 1, __ATOMIC_RELAXED);
	while (!__atomic_load_n(&pcpu_go, __ATOMIC_ACQUIRE))
		sched_yield();
	for (long i = 0; i < pcpu_iters; i++) {
		int cpu = get_cpu();

		if (__atomic_exchange_n(&pcpu[cpu].inside, 1, __ATOMIC_RELAXED))
			__atomic_fetch_add(&pcpu_violations, 1, __ATOMIC_RELAXED);
		pcpu[cpu].counter++;
		__atomic_store_n(&pcpu[cpu].inside, 0, __ATOMIC_RELAXED);
		put_cpu();
	}
	return arg;
}

static void pcpu_run(int nthreads, long iters)
{
	pthread_t t[64];
	long total = 0;

	memset(pcpu, 0, sizeof(pcpu));
	pcpu_violations = pcpu_ready = pcpu_go = 0;
	pcpu_iters = iters;
	for (int i = 0; i < nthreads; i++)
		t[i] = start_thread(pcpu_worker, NULL);
	while (__atomic_load_n(&pcpu_ready, __ATOMIC_RELAXED) < nthreads)
		sched_yield();
	__atomic_store_n(&pcpu_go, 1, __ATOMIC_RELEASE);
	for (int i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		CHECK(cpu < nr_cpu_ids || pcpu[cpu].counter == 0);
		total += pcpu[cpu].counter;
	}
	CHECK_EQ(pcpu_violations, 0);
	CHECK_EQ(total, (long)nthreads * pcpu_iters);
	CHECK_EQ(kmm_cpus_held(), 0);
	CHECK_EQ(sched_check_invariants(), 0);
}

TEST(per_cpu_sections_are_exclusive)
{
	unsigned long waits = kmm_cpu_waits(), steals = kmm_cpu_steals();

	BOOT("mem=64M nr_cpus=2");
	pcpu_run((int)clamp(kmm_test_env("KMM_TEST_THREADS", 8), 1L, 64L),
		 kmm_test_env("KMM_TEST_ITERS", 200000));
	CHECK(!dmesg_contains("BUG:") && !dmesg_contains("WARNING:"));
	printf("     (%lu waits for a CPU, %lu steals)\n", kmm_cpu_waits() - waits,
	       kmm_cpu_steals() - steals);
}

/* ---- sticky and strict CPUs ---- */

/* Sticky unless the suite runs with KMM_BOOT_APPEND=sticky_cpus=off. */
static bool want_sticky(void)
{
	const char *extra = getenv("KMM_BOOT_APPEND");

	return !extra || !strstr(extra, "sticky_cpus=off");
}

static struct kmm_cpu_ticket *cpu_owner(unsigned int cpu)
{
	return __atomic_load_n(&kmm_cpu_slots[cpu].owner, __ATOMIC_SEQ_CST);
}

TEST(a_task_keeps_its_cpu_between_sections)
{
	unsigned long steals = kmm_cpu_steals();
	unsigned int cpu;

	BOOT("mem=64M nr_cpus=4");
	CHECK_EQ(kmm_cpus_sticky(), want_sticky());
	cpu = get_cpu();
	CHECK(cpu_owner(cpu) == current->kmm_ticket);
	put_cpu();
	CHECK_EQ(kmm_cpus_held(), 0);
	CHECK(cpu_owner(cpu) == (want_sticky() ? current->kmm_ticket : NULL));
	for (int i = 0; i < 1000; i++) {
		CHECK_EQ(get_cpu(), cpu);
		put_cpu();
	}
	CHECK_EQ(kmm_cpu_steals(), steals);
	CHECK_EQ(sched_check_invariants(), 0);
}

static unsigned int stolen_cpu = ~0U;

static void *take_the_only_cpu(void *arg)
{
	stolen_cpu = get_cpu();
	put_cpu();
	return arg;
}

TEST(an_idle_cpu_is_taken_from_its_owner_and_freed_at_thread_exit)
{
	unsigned long steals = kmm_cpu_steals();
	pthread_t t;

	BOOT("mem=64M nr_cpus=1");
	CHECK_EQ(get_cpu(), 0);
	put_cpu(); /* sticky: this task still owns CPU 0 */
	t = start_thread(take_the_only_cpu, NULL);
	pthread_join(t, NULL);
	CHECK_EQ(stolen_cpu, 0);
	CHECK_EQ(kmm_cpu_steals() - steals, want_sticky() ? 1UL : 0UL);
	CHECK(cpu_owner(0) == NULL); /* the thread gave it back when it exited */
	steals = kmm_cpu_steals();
	CHECK_EQ(get_cpu(), 0);
	put_cpu();
	CHECK_EQ(kmm_cpu_steals(), steals);
	CHECK_EQ(sched_check_invariants(), 0);
}

TEST(strict_cpus_are_given_back_at_every_leave)
{
	unsigned long steals = kmm_cpu_steals();

	BOOT("mem=64M nr_cpus=2 sticky_cpus=off");
	CHECK(!kmm_cpus_sticky());
	get_cpu();
	put_cpu();
	CHECK(cpu_owner(0) == NULL && cpu_owner(1) == NULL);
	pcpu_run(4, 20000);
	CHECK_EQ(kmm_cpu_steals(), steals);
}

TEST(one_cpu_serialises_every_thread)
{
	BOOT("mem=64M nr_cpus=1");
	pcpu_run(4, 20000);
	CHECK_EQ(pcpu[0].counter, 4 * 20000);
}

static int waiter_done;

static void *waiter_takes_cpu(void *arg)
{
	preempt_disable();
	__atomic_store_n(&waiter_done, 1, __ATOMIC_RELEASE);
	preempt_enable();
	return arg;
}

TEST(a_thread_waits_while_every_cpu_is_held)
{
	pthread_t t;

	BOOT("mem=64M nr_cpus=1");
	waiter_done = 0;
	preempt_disable();
	t = start_thread(waiter_takes_cpu, NULL);
	for (int i = 0; i < 50 && !need_resched(); i++)
		usleep(1000);
	CHECK(need_resched());
	usleep(20000);
	CHECK_EQ(__atomic_load_n(&waiter_done, __ATOMIC_ACQUIRE), 0);
	preempt_enable();
	pthread_join(t, NULL);
	CHECK_EQ(waiter_done, 1);
	CHECK(!need_resched());
}

static int holder_go;

static void *hold_cpu(void *arg)
{
	preempt_disable();
	__atomic_store_n(&holder_go, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&holder_go, __ATOMIC_ACQUIRE) != 2)
		usleep(100);
	preempt_enable();
	return arg;
}

TEST(invariant_check_finds_a_cpu_left_held)
{
	pthread_t t;

	BOOT("mem=64M nr_cpus=2");
	CHECK_EQ(sched_check_invariants(), 0);
	preempt_disable();
	CHECK_EQ(sched_check_invariants(), 0); /* the caller's own CPU is fine */
	preempt_enable();
	holder_go = 0;
	t = start_thread(hold_cpu, NULL);
	while (__atomic_load_n(&holder_go, __ATOMIC_ACQUIRE) != 1)
		usleep(100);
	CHECK_EQ(sched_check_invariants(), 1);
	CHECK_DMESG("sched: CPU ");
	__atomic_store_n(&holder_go, 2, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
	CHECK_EQ(sched_check_invariants(), 0);
}

/* ---- spinlocks and mutexes under contention ---- */

static DEFINE_SPINLOCK(shared_lock);
static long shared_counter;

static void *spin_worker(void *arg)
{
	long n = (long)arg;
	unsigned long flags;

	for (long i = 0; i < n; i++) {
		switch (i % 3) {
		case 0:
			spin_lock(&shared_lock);
			shared_counter++;
			lockdep_assert_held(&shared_lock);
			spin_unlock(&shared_lock);
			break;
		case 1:
			spin_lock_irqsave(&shared_lock, flags);
			shared_counter++;
			spin_unlock_irqrestore(&shared_lock, flags);
			break;
		default:
			spin_lock_bh(&shared_lock);
			shared_counter++;
			spin_unlock_bh(&shared_lock);
		}
	}
	return NULL;
}

TEST(spinlock_contention_counts_exactly)
{
	long n = kmm_test_env("KMM_TEST_ITERS", 200000) / 4;
	pthread_t t[4];

	BOOT("mem=64M nr_cpus=2");
	shared_counter = 0;
	for (int i = 0; i < 4; i++)
		t[i] = start_thread(spin_worker, (void *)n);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ(shared_counter, 4 * n);
	CHECK(!spin_is_locked(&shared_lock));
	CHECK(!dmesg_contains("BUG:") && !dmesg_contains("WARNING:"));
}

TEST(spinlock_state_and_lockdep)
{
	DEFINE_SPINLOCK(a);
	spinlock_t b;
	unsigned long flags;

	spin_lock_init(&b);
	CHECK(!spin_is_locked(&a));
	spin_lock(&a);
	CHECK(spin_is_locked(&a) && in_atomic() && !irqs_disabled());
	lockdep_assert_held(&a);
	CHECK(spin_trylock(&b));
	CHECK_EQ(preempt_count(), 2);
	spin_unlock(&b);
	spin_unlock(&a);
	spin_lock_irqsave(&b, flags);
	CHECK(irqs_disabled() && !irqs_disabled_flags(flags));
	assert_spin_locked(&b);
	spin_unlock_irqrestore(&b, flags);
	spin_lock_irq(&a);
	CHECK(irqs_disabled());
	spin_unlock_irq(&a);
	CHECK(preemptible());
	CHECK(!dmesg_contains("WARNING:"));
	lockdep_assert_held(&a);
	CHECK_EQ(dmesg_count("WARNING:"), 1);
}

static void *try_other_thread(void *arg)
{
	return (void *)(long)spin_trylock((spinlock_t *)arg);
}

TEST(trylock_fails_on_a_held_lock)
{
	DEFINE_SPINLOCK(lock);
	void *got;

	BOOT("mem=64M nr_cpus=2");
	spin_lock(&lock);
	pthread_join(start_thread(try_other_thread, &lock), &got);
	CHECK(got == NULL);
	spin_unlock(&lock);
}

static DEFINE_MUTEX(shared_mutex);

static void *mutex_worker(void *arg)
{
	long n = (long)arg;

	for (long i = 0; i < n; i++) {
		mutex_lock(&shared_mutex);
		lockdep_assert_held(&shared_mutex);
		shared_counter++;
		if (i % 1000 == 0)
			usleep(100); /* a mutex holder may sleep */
		mutex_unlock(&shared_mutex);
	}
	return NULL;
}

TEST(mutex_excludes_across_threads)
{
	long n = kmm_test_env("KMM_TEST_ITERS", 200000) / 8;
	pthread_t t[4];

	BOOT("mem=64M nr_cpus=2");
	shared_counter = 0;
	for (int i = 0; i < 4; i++)
		t[i] = start_thread(mutex_worker, (void *)n);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ(shared_counter, 4 * n);
	CHECK(!mutex_is_locked(&shared_mutex));
	CHECK(mutex_trylock(&shared_mutex));
	CHECK(mutex_is_locked(&shared_mutex));
	mutex_unlock(&shared_mutex);
	CHECK(!dmesg_contains("BUG:") && !dmesg_contains("WARNING:"));
}
