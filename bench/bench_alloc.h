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
 *   threads2/64           two threads doing pair/64 at once (bench_threads.h): time per pair of
 *                         the two together; scalability of the fast path on 2 CPUs
 *   threads2-speedup/64   the two threads' pairs per second / one thread's (2.0 is perfect scaling)
 *   xthread/64            a producer thread allocates, a consumer thread frees (objects handed
 *                         over in batches of 64 through a ring): remote frees, as when a network
 *                         driver allocates a buffer on one CPU and it is freed on another
 *
 * Every figure runs its threads pinned to host CPUs (the one-thread figures on CPU 0, the
 * producer on 0 and the consumer on 1), so that every allocator is measured on the same cores
 * (bench_threads.h says why that matters).
 *
 * The includer defines, before including this file, for each kind of allocation it measures:
 *   BENCH_ALLOC(kind, si)     allocate an object of bench_sizes[si] bytes
 *   BENCH_FREE(kind, p, si)   free it
 * and calls bench_alloc_all(kind, "allocator name", runs, iterations).
 */
#ifndef KMM_BENCH_ALLOC_H
#define KMM_BENCH_ALLOC_H

#include <stddef.h>
#include <stdio.h>

/* The kmalloc size classes (kmalloc-8 ... kmalloc-8k). */
static const size_t bench_sizes[] = {8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192};
#define BENCH_NR_SIZES ((int)(sizeof(bench_sizes) / sizeof(bench_sizes[0])))
#define BENCH_SI_64 3

#include "bench/bench_threads.h"

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
