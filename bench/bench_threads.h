/* SPDX-License-Identifier: MIT */
/*
 * bench/bench_threads.h - one thread's alloc+free pairs, and two threads' against one.
 *
 * Shared by bench_alloc.h (objects: malloc, kmalloc, kmem_cache) and bench_pages.c (pages).
 * The includer defines BENCH_ALLOC(kind, si) and BENCH_FREE(kind, p, si) first.
 *
 * Two threads against one: the two run at once, one pinned to each of host CPUs 0 and 1, for
 * the same stretch of time; one thread's rate is the mean of one thread pinned to CPU 0 and one
 * pinned to CPU 1, each alone for the same stretch.  Fixed time, not fixed work, and the
 * one-thread rate of both CPUs, because the two virtual CPUs of a cloud machine need not be
 * equally fast: on the 2-vCPU VM this was written on, the same malloc/free loop takes 6.4 ns on
 * one and up to 9.3 ns on the other, for glibc and the peers as for kmm.  With fixed work the
 * faster thread would finish and leave its CPU idle, and the figure would measure the slower
 * core instead of the scaling.
 */
#ifndef KMM_BENCH_THREADS_H
#define KMM_BENCH_THREADS_H

#include "bench/bench.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

/*
 * Make the compiler believe @p is used, so that an allocation and its free are not optimized
 * away; no store, so two threads doing it share no cache line.
 */
#define BENCH_KEEP(p) __asm__ __volatile__("" : : "r"(p) : "memory")

static double ba_pairs(int kind, int si, long n)
{
	double t0 = now_ns();

	for (long i = 0; i < n; i++) {
		void *p = BENCH_ALLOC(kind, si);

		BENCH_KEEP(p);
		BENCH_FREE(kind, p, si);
	}
	return (now_ns() - t0) / (double)n;
}

/* One thread of a fixed-time run: pairs until the deadline, on host CPU @cpu (-1: anywhere). */
struct ba_timed {
	int kind, si, cpu;
	double deadline_ns;	/* for the timed part; 0 until the starter sets it */
	atomic_int *ready, *go; /* threads warmed up; the starter's signal */
	double rate;		/* pairs per ns */
};

static void ba_pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set); /* no such CPU: anywhere */
}

static void *ba_timed_thread(void *arg)
{
	struct ba_timed *j = arg;
	long pairs = 0;
	double t0;

	ba_pin(j->cpu);
	ba_pairs(j->kind, j->si, 4096); /* warm: the CPU's caches of objects filled */
	atomic_fetch_add(j->ready, 1);
	while (!atomic_load(j->go))
		;
	t0 = now_ns();
	do {
		ba_pairs(j->kind, j->si, 1024);
		pairs += 1024;
	} while (now_ns() < j->deadline_ns);
	j->rate = (double)pairs / (now_ns() - t0);
	return NULL;
}

/* @nr threads, thread i on host CPU @cpus[i], doing pairs for @span_ns; their pairs per ns. */
static double ba_timed_run(int kind, int si, int nr, const int *cpus, double span_ns)
{
	struct ba_timed j[2];
	pthread_t t[2];
	atomic_int ready = 0, go = 0;
	double rate = 0;

	for (int i = 0; i < nr; i++) {
		j[i] = (struct ba_timed){kind, si, cpus[i], 0, &ready, &go, 0};
		if (pthread_create(&t[i], NULL, ba_timed_thread, &j[i]))
			exit(1);
	}
	while (atomic_load(&ready) < nr)
		sched_yield();
	for (int i = 0; i < nr; i++)
		j[i].deadline_ns = now_ns() + span_ns;
	atomic_store(&go, 1);
	for (int i = 0; i < nr; i++) {
		pthread_join(t[i], NULL);
		rate += j[i].rate;
	}
	return rate;
}

/*
 * Two threads at once against one alone (the header's threads2 figures): @two gets the time
 * per pair of the two together, and the result is the speed-up.  Each run lasts as long as
 * @n pairs take one thread, and at least 20 ms (a few of the host's scheduler ticks).
 */
static double ba_threads2(int kind, int si, long n, double *two)
{
	static const int cpu0[] = {0}, cpu1[] = {1}, both[] = {0, 1};
	double span = ba_pairs(kind, si, n) * (double)n, one, rate;

	if (span < 20e6)
		span = 20e6;
	one = (ba_timed_run(kind, si, 1, cpu0, span) + ba_timed_run(kind, si, 1, cpu1, span)) / 2;
	rate = ba_timed_run(kind, si, 2, both, span);

	*two = 1 / rate;
	return rate / one;
}

#endif /* KMM_BENCH_THREADS_H */
