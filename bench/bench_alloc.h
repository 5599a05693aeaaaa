/* SPDX-License-Identifier: MIT */
/*
 * bench/bench_alloc.h - the object allocation micro-benchmarks, written once for every allocator.
 *
 * bench_malloc.c (malloc/free of whatever malloc is in the process) and bench_slab.c (kmalloc/kfree
 * and kmem_cache_alloc/kmem_cache_free) both include this file, so the same loops run for kmm and
 * for its peers and the figures carry the same names:
 *
 *   pair/SIZE             one object allocated and freed at once, again and again: immediate
 *                         reuse, the allocator's fast path both ways (a driver that takes a buffer
 *                         for one request and gives it back)
 *   batch256/SIZE         256 objects allocated, then the 256 freed: the per-CPU / per-thread
 *                         caches run dry and overflow, so the refill and drain paths are measured
 *   threads2/64           two threads doing pair/64 at once, one pinned to each of host CPUs 0
 *                         and 1, for the same stretch of time: time per pair of the two together
 *                         (the time / the pairs both did); scalability of the fast path on 2 CPUs
 *   threads2-speedup/64   the two threads' pairs per second / one thread's, where one thread's is
 *                         the mean of one thread pinned to CPU 0 and one pinned to CPU 1, each
 *                         alone for the same stretch (2.0 is perfect scaling).  Fixed time, not
 *                         fixed work, and the one-thread rate of both CPUs: the two virtual CPUs
 *                         of a cloud machine need not be equally fast (on the 2-vCPU VM this was
 *                         written on, the same malloc/free loop takes 6.4 ns on one and up to
 *                         9.3 ns on the other, for glibc and the peers as for kmm), and with
 *                         fixed work the faster thread would finish and leave its CPU idle, so
 *                         the figure would measure the slower core instead of the scaling.
 *   xthread/64            a producer thread allocates, a consumer thread frees (objects handed
 *                         over in batches of 64 through a ring): remote frees, as when a network
 *                         driver allocates a buffer on one CPU and it is freed on another
 *
 * Every figure runs its threads pinned to host CPUs (the one-thread figures on CPU 0, the
 * producer on 0 and the consumer on 1), so that every allocator is measured on the same cores
 * (see threads2-speedup for why that matters).
 *
 * The includer defines, before including this file, for each kind of allocation it measures:
 *   BENCH_ALLOC(kind, si)     allocate an object of bench_sizes[si] bytes
 *   BENCH_FREE(kind, p, si)   free it
 * and calls bench_alloc_all(kind, "allocator name", runs, iterations).
 */
#ifndef KMM_BENCH_ALLOC_H
#define KMM_BENCH_ALLOC_H

#include "bench/bench.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

/* The kmalloc size classes (kmalloc-8 ... kmalloc-8k). */
static const size_t bench_sizes[] = {8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192};
#define BENCH_NR_SIZES ((int)(sizeof(bench_sizes) / sizeof(bench_sizes[0])))
#define BENCH_SI_64 3

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

static double ba_batch(int kind, int si, long n)
{
	void *batch[256];
	long rounds = n / 256 + 1;
	double t0 = now_ns();

	for (long r = 0; r < rounds; r++) {
		for (int i = 0; i < 256; i++)
			batch[i] = BENCH_ALLOC(kind, si);
		BENCH_KEEP(batch[r & 255]);
		for (int i = 0; i < 256; i++)
			BENCH_FREE(kind, batch[i], si);
	}
	return (now_ns() - t0) / (double)(rounds * 256);
}

struct ba_job {
	int kind, si;
	long n;
};

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
		for (int i = 0; i < 1024; i++) {
			void *p = BENCH_ALLOC(j->kind, j->si);

			BENCH_KEEP(p);
			BENCH_FREE(j->kind, p, j->si);
		}
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
	double span = ba_pairs(kind, si, n) * (double)n;

	if (span < 20e6)
		span = 20e6;
	double one =
		(ba_timed_run(kind, si, 1, cpu0, span) + ba_timed_run(kind, si, 1, cpu1, span)) / 2;
	double rate = ba_timed_run(kind, si, 2, both, span);

	*two = 1 / rate;
	return rate / one;
}

/* The producer -> consumer ring: XT_SLOTS batches of XT_BATCH objects. */
#define XT_BATCH 64
#define XT_SLOTS 64

struct ba_ring {
	void *slot[XT_SLOTS][XT_BATCH];
	_Alignas(64) atomic_long head; /* batches published by the producer */
	_Alignas(64) atomic_long tail; /* batches freed by the consumer */
	struct ba_job job;
};

static void ba_wait(int *spins)
{
	if (++*spins > 200) {
		*spins = 0;
		sched_yield();
	}
}

static void *ba_producer(void *arg)
{
	struct ba_ring *r = arg;
	long nb = r->job.n / XT_BATCH;

	ba_pin(0);
	for (long b = 0; b < nb; b++) {
		int spins = 0;

		while (b - atomic_load_explicit(&r->tail, memory_order_acquire) >= XT_SLOTS)
			ba_wait(&spins);
		for (int i = 0; i < XT_BATCH; i++)
			r->slot[b % XT_SLOTS][i] = BENCH_ALLOC(r->job.kind, r->job.si);
		atomic_store_explicit(&r->head, b + 1, memory_order_release);
	}
	return NULL;
}

static void *ba_consumer(void *arg)
{
	struct ba_ring *r = arg;
	long nb = r->job.n / XT_BATCH;

	ba_pin(1);
	for (long b = 0; b < nb; b++) {
		int spins = 0;

		while (atomic_load_explicit(&r->head, memory_order_acquire) <= b)
			ba_wait(&spins);
		for (int i = 0; i < XT_BATCH; i++)
			BENCH_FREE(r->job.kind, r->slot[b % XT_SLOTS][i], r->job.si);
		atomic_store_explicit(&r->tail, b + 1, memory_order_release);
	}
	return NULL;
}

/* Objects allocated by one thread and freed by another; wall time per object. */
static double ba_xthread(int kind, int si, long n)
{
	static struct ba_ring ring;
	pthread_t p, c;
	double t0;

	ring.job = (struct ba_job){kind, si, n / XT_BATCH * XT_BATCH};
	atomic_store(&ring.head, 0);
	atomic_store(&ring.tail, 0);
	t0 = now_ns();
	if (pthread_create(&c, NULL, ba_consumer, &ring) ||
	    pthread_create(&p, NULL, ba_producer, &ring))
		exit(1);
	pthread_join(p, NULL);
	pthread_join(c, NULL);
	return (now_ns() - t0) / (double)ring.job.n;
}

/* Every figure of the file's header for one kind of allocation, reported as allocator @alloc. */
static void bench_alloc_all(int kind, const char *alloc, int runs, long n)
{
	double v[MAX_RUNS], s[MAX_RUNS];
	char name[64], what[160];

	ba_pin(0); /* one thread's figures on the same CPU for every allocator (see threads2) */

	for (int si = 0; si < BENCH_NR_SIZES; si++) {
		for (int r = 0; r < runs; r++)
			v[r] = ba_pairs(kind, si, n);
		snprintf(name, sizeof(name), "pair/%zu", bench_sizes[si]);
		snprintf(what, sizeof(what), "alloc(%zu)+free of one object, immediate reuse",
			 bench_sizes[si]);
		bench_report(name, "ns/pair", alloc, what, NULL, v, runs);
	}
	for (int si = 0; si < BENCH_NR_SIZES; si++) {
		/* big batches are slow where they go back to the system: fewer of them */
		long bn = bench_sizes[si] >= 1024 ? n / 4 : n;

		for (int r = 0; r < runs; r++)
			v[r] = ba_batch(kind, si, bn);
		snprintf(name, sizeof(name), "batch256/%zu", bench_sizes[si]);
		snprintf(what, sizeof(what), "256 x alloc(%zu), then 256 x free", bench_sizes[si]);
		bench_report(name, "ns/pair", alloc, what, NULL, v, runs);
	}
	for (int r = 0; r < runs; r++)
		s[r] = ba_threads2(kind, BENCH_SI_64, n, &v[r]);
	bench_report(
		"threads2/64", "ns/pair", alloc,
		"2 threads (host CPUs 0, 1) doing alloc(64)+free pairs for a fixed time; time / "
		"all pairs",
		NULL, v, runs);
	bench_report("threads2-speedup/64", "x", alloc,
		     "2 threads' pairs/s / 1 thread's (mean of CPU 0 and CPU 1 alone); 2.0 = "
		     "perfect scaling",
		     NULL, s, runs);
	for (int r = 0; r < runs; r++)
		v[r] = ba_xthread(kind, BENCH_SI_64, n);
	bench_report("xthread/64", "ns/object", alloc,
		     "producer thread allocs 64 B, consumer thread frees (remote free)", NULL, v,
		     runs);
}

#endif /* KMM_BENCH_ALLOC_H */
