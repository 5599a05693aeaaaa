// SPDX-License-Identifier: MIT
/*
 * bench/bench_pages.c - the page allocator's cost per alloc+free pair.
 *
 * Workload: a driver that takes one block and gives it straight back
 * (immediate reuse), the page allocator's best case, for order 0 and
 * order 3; a batch of 256 order-0 pages taken then freed, which makes the
 * per-CPU lists refill and trim; and two threads doing order-0 pairs at once
 * (throughput on 2 CPUs, reported as the speed-up over one thread).  glibc's malloc(64)+free is
 * measured in the same run as a yardstick (issue 3's target: order-0 pair <= 2x it). Each figure is
 * the median of RUNS runs; the spread is min..max.
 *
 * usage: bench_pages [runs] [iterations]
 */
#include <linux/gfp.h>
#include <linux/mm.h>

#include "bench/bench.h"

#include <kmm/kmm.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void report(const char *name, double *v, int runs)
{
	double m = median(v, runs);

	printf("%-34s %9.1f ns/pair   (min %.1f, max %.1f, %d runs)\n", name, m, v[0], v[runs - 1],
	       runs);
}

static double run_pages(unsigned int order, long iters)
{
	double t0 = now_ns();

	for (long i = 0; i < iters; i++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);

		__free_pages(page, order);
	}
	return (now_ns() - t0) / (double)iters;
}

static double run_batch(long iters)
{
	static struct page *batch[256];
	long rounds = iters / 256 + 1;
	double t0 = now_ns();

	for (long r = 0; r < rounds; r++) {
		for (int i = 0; i < 256; i++)
			batch[i] = alloc_page(GFP_KERNEL);
		for (int i = 0; i < 256; i++)
			__free_page(batch[i]);
	}
	return (now_ns() - t0) / (double)(rounds * 256);
}

static long thread_iters;

static void *pair_thread(void *arg)
{
	*(double *)arg = run_pages(0, thread_iters);
	return NULL;
}

/* Two threads at once: ns per pair of aggregate throughput. */
static double run_two_threads(long iters)
{
	pthread_t t[2];
	double each[2], t0 = now_ns();

	thread_iters = iters;
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, pair_thread, &each[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	return (now_ns() - t0) / (double)(2 * iters);
}

static double run_malloc(long iters)
{
	double t0 = now_ns();

	for (long i = 0; i < iters; i++) {
		void *volatile p = malloc(64);

		free(p);
	}
	return (now_ns() - t0) / (double)iters;
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 7;
	long iters = argc > 2 ? atol(argv[2]) : 1000000;
	double o0[MAX_RUNS], o3[MAX_RUNS], batch[MAX_RUNS], mal[MAX_RUNS], two[MAX_RUNS];

	if (runs < 1 || runs > MAX_RUNS)
		runs = 7;
	if (kmm_boot("mem=1G layout=x86_64 nr_cpus=2"))
		return 1;
	for (int r = 0; r < runs; r++) {
		o0[r] = run_pages(0, iters);
		o3[r] = run_pages(3, iters);
		batch[r] = run_batch(iters);
		mal[r] = run_malloc(iters);
		two[r] = run_two_threads(iters);
	}
	report("alloc_page+__free_page (order 0)", o0, runs);
	report("alloc_pages+__free_pages (order 3)", o3, runs);
	report("256 x alloc_page, then 256 x free", batch, runs);
	report("glibc malloc(64)+free", mal, runs);
	report("2 threads, order-0 pairs (aggregate)", two, runs);
	printf("2-thread speed-up over 1 thread: %.2fx\n", o0[runs / 2] / two[runs / 2]);
	printf("ratio order-0 pair / malloc pair: %.2f (issue 3 target: <= 2.0)\n",
	       o0[runs / 2] / mal[runs / 2]);
	return kmm_shutdown() == 0 ? 0 : 1;
}
