// SPDX-License-Identifier: MIT
/*
 * bench/bench_slab.c - the slab allocator's cost per alloc+free pair.
 *
 * Workloads, each beside glibc's malloc/free doing the same in the same run:
 *   cache64    kmem_cache_alloc + kmem_cache_free of 64 bytes, immediate reuse
 *              (the CPU freelist fast path both ways)
 *   kmalloc64  kmalloc(64) + kfree
 *   batch256   allocate 256 objects of 64 bytes, then free the 256
 *              (slabs fill up, go full, come back through the partial lists)
 *   2 threads  kmalloc(64) + kfree on two threads at once: the time per pair
 *              of the pair of threads (throughput), beside malloc's
 * Each figure is the median of RUNS runs (min..max shown); the ratio is
 * kmm / glibc.  Peer allocators (jemalloc, mimalloc, tcmalloc) come later.
 *
 * usage: bench_slab [runs] [iterations]
 */
#include <linux/gfp.h>
#include <linux/slab.h>

#include "bench/bench.h"

#include <kmm/kmm.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static struct kmem_cache *cache64;
static long iters;
static void *volatile sink;

enum workload { W_CACHE, W_KMALLOC, W_MALLOC };

static void *obj_alloc(enum workload w)
{
	switch (w) {
	case W_CACHE: return kmem_cache_alloc(cache64, GFP_KERNEL);
	case W_KMALLOC: return kmalloc(64, GFP_KERNEL);
	default: return malloc(64);
	}
}

static void obj_free(enum workload w, void *p)
{
	switch (w) {
	case W_CACHE: kmem_cache_free(cache64, p); break;
	case W_KMALLOC: kfree(p); break;
	default: free(p); break;
	}
}

static double run_pairs(enum workload w, long n)
{
	double t0 = now_ns();

	for (long i = 0; i < n; i++) {
		void *p = obj_alloc(w);

		sink = p;
		obj_free(w, p);
	}
	return (now_ns() - t0) / (double)n;
}

static double run_batch(enum workload w, long n)
{
	static void *batch[256];
	long rounds = n / 256 + 1;
	double t0 = now_ns();

	for (long r = 0; r < rounds; r++) {
		for (int i = 0; i < 256; i++)
			batch[i] = obj_alloc(w);
		for (int i = 0; i < 256; i++)
			obj_free(w, batch[i]);
	}
	return (now_ns() - t0) / (double)(rounds * 256);
}

struct thread_arg {
	enum workload w;
	double ns;
};

static void *pair_thread(void *arg)
{
	struct thread_arg *a = arg;

	a->ns = run_pairs(a->w, iters);
	return NULL;
}

/* Two threads at once; the time per pair of the whole (wall time / all pairs). */
static double run_threads(enum workload w)
{
	struct thread_arg a[2] = {{w, 0}, {w, 0}};
	pthread_t t[2];
	double t0 = now_ns();

	for (int i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, pair_thread, &a[i]))
			exit(1);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	return (now_ns() - t0) / (double)(2 * iters);
}

static void bench(const char *name, int runs, double (*fn)(enum workload, long),
		  double (*tfn)(enum workload), enum workload w)
{
	double kv[MAX_RUNS], gv[MAX_RUNS], k, g;

	for (int r = 0; r < runs; r++) {
		kv[r] = fn ? fn(w, iters) : tfn(w);
		gv[r] = fn ? fn(W_MALLOC, iters) : tfn(W_MALLOC);
	}
	k = median(kv, runs);
	g = median(gv, runs);
	printf("%-22s kmm %7.1f ns/pair (min %.1f, max %.1f)   glibc %7.1f ns/pair   ratio %.2fx\n",
	       name, k, kv[0], kv[runs - 1], g, k / g);
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 7;

	iters = argc > 2 ? atol(argv[2]) : 2000000;
	if (runs < 1 || runs > MAX_RUNS || iters < 1) {
		fprintf(stderr, "usage: bench_slab [runs 1..%d] [iterations]\n", MAX_RUNS);
		return 2;
	}
	if (kmm_boot("mem=1G nr_cpus=2"))
		return 1;
	cache64 = kmem_cache_create("bench64", 64, 0, 0, NULL);
	if (!cache64)
		return 1;
	printf("slab alloc+free pairs, 64 bytes: median of %d runs of %ld pairs\n", runs, iters);
	bench("cache64 (reuse)", runs, run_pairs, NULL, W_CACHE);
	bench("kmalloc64 (reuse)", runs, run_pairs, NULL, W_KMALLOC);
	bench("batch256 cache64", runs, run_batch, NULL, W_CACHE);
	bench("batch256 kmalloc64", runs, run_batch, NULL, W_KMALLOC);
	bench("2 threads kmalloc64", runs, NULL, run_threads, W_KMALLOC);
	bench("2 threads cache64", runs, NULL, run_threads, W_CACHE);
	kmem_cache_destroy(cache64);
	return kmm_shutdown() == 0 ? 0 : 1;
}
