// SPDX-License-Identifier: MIT
/*
 * tests/stress_cpu.c - the CPU model under churn: more threads than CPUs,
 * threads that come and go (so CPU tickets are recycled while other threads
 * look at them), and every way onto a CPU at once - preempt_disable(),
 * local_irq_save(), a spinlock, the allocators' fast sections
 * (kmm_cpu_fast_enter()) and kmm_run_on_cpu() - each checking that nobody
 * else is inside a section of the same CPU.  Runs in sticky and strict mode
 * (ctest runs stress_cpu_strict with KMM_BOOT_APPEND=sticky_cpus=off).
 *
 *   KMM_TEST_THREADS  threads alive at once (6)
 *   KMM_TEST_ITERS    sections per thread life (2000), lives per thread slot (40)
 */
#include <kmm/sched.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/spinlock.h>

#include "tests/kmm_test.h"

#include <pthread.h>

struct cpu_box {
	int inside;    /* atomic: 1 while some thread is in a section of this CPU */
	long counter;  /* plain: only changed inside a section */
	long expected; /* atomic: what counter must reach */
} __aligned(64);

static struct cpu_box box[NR_CPUS];
static int violations;
static long iters;
static DEFINE_SPINLOCK(churn_lock);

/* Inside a section of @cpu: nobody else may be. */
static void visit(unsigned int cpu)
{
	if (__atomic_exchange_n(&box[cpu].inside, 1, __ATOMIC_ACQUIRE))
		__atomic_add_fetch(&violations, 1, __ATOMIC_RELAXED);
	box[cpu].counter++;
	__atomic_add_fetch(&box[cpu].expected, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&box[cpu].inside, 0, __ATOMIC_RELEASE);
}

static void visit_arg(void *arg)
{
	visit((unsigned int)(unsigned long)arg);
}

static void one_section(unsigned long long r)
{
	struct task_struct *t = current;
	unsigned long flags;

	switch (r % 5) {
	case 0:
		visit(get_cpu());
		put_cpu();
		break;
	case 1:
		local_irq_save(flags);
		visit(smp_processor_id());
		local_irq_restore(flags);
		break;
	case 2:
		spin_lock(&churn_lock);
		visit(smp_processor_id());
		spin_unlock(&churn_lock);
		break;
	case 3: {
		unsigned int cpu = (unsigned int)t->cpu;
		struct kmm_cpu_ticket *tk = kmm_cpu_fast_enter(t, cpu);

		if (tk) {
			visit(cpu);
			kmm_cpu_fast_leave(tk);
		}
		break;
	}
	default:
		if ((r >> 8) % 16 == 0)
			kmm_run_on_cpu((unsigned int)(r >> 12) % nr_cpu_ids, visit_arg,
				       (void *)(unsigned long)((r >> 12) % nr_cpu_ids));
	}
}

static void *one_life(void *arg)
{
	unsigned long long seed = (unsigned long long)(unsigned long)arg;

	for (long i = 0; i < iters; i++)
		one_section(kmm_test_rand_r(&seed));
	return NULL;
}

/* A thread slot: lives of short threads, one after another. */
static void *slot(void *arg)
{
	unsigned long long seed = (unsigned long long)(unsigned long)arg;
	pthread_t t;

	for (int life = 0; life < 40; life++) {
		if (pthread_create(&t, NULL, one_life,
				   (void *)(unsigned long)kmm_test_rand_r(&seed)))
			abort();
		pthread_join(t, NULL);
	}
	return NULL;
}

static void churn(const char *cmdline, int nthreads)
{
	pthread_t t[64];

	BOOT(cmdline);
	memset(box, 0, sizeof(box));
	violations = 0;
	iters = kmm_test_env("KMM_TEST_ITERS", 2000);
	for (int i = 0; i < nthreads; i++)
		if (pthread_create(&t[i], NULL, slot, (void *)(unsigned long)(i * 7919 + 1)))
			abort();
	for (int i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ(violations, 0);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		CHECK_EQ(box[cpu].counter, box[cpu].expected);
	CHECK_EQ(kmm_cpus_held(), 0);
	CHECK(!dmesg_contains("BUG:") && !dmesg_contains("WARNING:"));
	printf("     (%s: %lu steals, %lu waits so far)\n", kmm_cpus_sticky() ? "sticky" : "strict",
	       kmm_cpu_steals(), kmm_cpu_waits());
}

/*
 * Threads that each hold a CPU and wait for one another: the last one in
 * needs the only CPU left, which an idle task - or a recycled ticket -
 * may still own.  A thief that waited for the old owner here would wait
 * forever (the old owner may be one of the threads at the barrier).
 */
static pthread_barrier_t all_on_cpus;

static void *hold_and_wait(void *arg)
{
	unsigned int cpu = get_cpu();

	visit(cpu);
	pthread_barrier_wait(&all_on_cpus);
	put_cpu();
	return arg;
}

TEST(every_cpu_held_at_once_round_after_round)
{
	pthread_t t[NR_CPUS];

	BOOT("mem=64M nr_cpus=4");
	memset(box, 0, sizeof(box));
	violations = 0;
	for (int round = 0; round < 300; round++) {
		get_cpu(); /* the main task owns a CPU too, idle while the round runs */
		put_cpu();
		pthread_barrier_init(&all_on_cpus, NULL, nr_cpu_ids);
		for (unsigned int i = 0; i < nr_cpu_ids; i++)
			if (pthread_create(&t[i], NULL, hold_and_wait, NULL))
				abort();
		for (unsigned int i = 0; i < nr_cpu_ids; i++)
			pthread_join(t[i], NULL);
		pthread_barrier_destroy(&all_on_cpus);
	}
	CHECK_EQ(violations, 0);
	CHECK_EQ(kmm_cpus_held(), 0);
}

TEST(churning_threads_on_two_cpus)
{
	churn("mem=64M nr_cpus=2", (int)clamp(kmm_test_env("KMM_TEST_THREADS", 6), 1L, 64L));
}

TEST(churning_threads_on_one_cpu)
{
	churn("mem=64M nr_cpus=1", 3);
}

TEST(as_many_threads_as_cpus)
{
	churn("mem=64M nr_cpus=4", 4);
}
