// SPDX-License-Identifier: MIT
/*
 * bench/bench_pages.c - the page allocator's cost per alloc+free pair.
 *
 * Workload: a driver that takes one block and gives it straight back
 * (immediate reuse), the page allocator's best case, for order 0 and
 * order 3; a batch of 256 order-0 pages taken then freed, which makes the
 * per-CPU lists refill and trim; two threads doing order-0 pairs at once
 * (throughput on 2 CPUs, and the speed-up over one thread, measured as
 * bench_threads.h explains); and pairs of
 * every order 0..MAX_PAGE_ORDER (a driver asking for buffers of each size:
 * the per-CPU lists up to order 3, the buddy lists above).  Each figure is the
 * median of RUNS runs; the spread is min..max.  The page allocator has no peer:
 * bench/compare.py sets the order-0 figures beside the peers' malloc(64)+free
 * (pair/64), the yardstick of issue 3 (order-0 pair <= 2x glibc's).
 *
 * usage: bench_pages [--json] [runs] [iterations]
 */
#include <linux/gfp.h>
#include <linux/mm.h>

/* bench_threads.h's pairs: order-0 pages (kind and size index unused) */
#define BENCH_ALLOC(kind, si) ((void)(kind), (void)(si), alloc_page(GFP_KERNEL))
#define BENCH_FREE(kind, p, si) __free_page(p)
#include "bench/bench_threads.h"

#include <kmm/kmm.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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

int main(int argc, char **argv)
{
	int nargs = bench_args(argc, argv);
	int runs = nargs > 1 ? atoi(argv[1]) : 7;
	long iters = nargs > 2 ? atol(argv[2]) : 1000000;
	double o0[MAX_RUNS], o3[MAX_RUNS], batch[MAX_RUNS], two[MAX_RUNS], up[MAX_RUNS];
	double per_order[MAX_PAGE_ORDER + 1][MAX_RUNS];

	if (runs < 1 || runs > MAX_RUNS || iters < 1) {
		fprintf(stderr, "usage: bench_pages [--json] [runs 1..%d] [iterations]\n",
			MAX_RUNS);
		return 2;
	}
	if (kmm_boot("mem=1G layout=x86_64 nr_cpus=2"))
		return 1;
	for (int r = 0; r < runs; r++) {
		o0[r] = run_pages(0, iters);
		o3[r] = run_pages(3, iters);
		batch[r] = run_batch(iters);
		up[r] = ba_threads2(0, 0, iters, &two[r]);
		/* every order: the per-CPU lists (0..3), then the buddy lists under the zone lock
		 */
		for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++)
			per_order[order][r] = run_pages(order, iters >> (order > 3 ? 4 : 0));
	}
	bench_report("pages/order0", "ns/pair", "kmm",
		     "alloc_page+__free_page, immediate reuse (peers: malloc(64)+free)", "pair/64",
		     o0, runs);
	bench_report("pages/order3", "ns/pair", "kmm", "alloc_pages+__free_pages order 3, reuse",
		     NULL, o3, runs);
	bench_report("pages/batch256", "ns/pair", "kmm",
		     "256 x alloc_page, then 256 x free (peers: batch256/64)", "batch256/64", batch,
		     runs);
	bench_report("pages/threads2", "ns/pair", "kmm",
		     "2 threads (host CPUs 0, 1) doing order-0 pairs for a fixed time; time / all "
		     "pairs (peers: threads2/64)",
		     "threads2/64", two, runs);
	bench_report(
		"pages/threads2-speedup", "x", "kmm",
		"2 threads' pairs/s / 1 thread's (mean of CPU 0 and CPU 1 alone); 2.0 = perfect "
		"scaling",
		"threads2-speedup/64", up, runs);
	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
		char name[32], what[96];

		snprintf(name, sizeof(name), "pages/order%u-pair", order);
		snprintf(what, sizeof(what),
			 "alloc_pages+__free_pages of order %u (%lu KiB), immediate reuse", order,
			 (PAGE_SIZE << order) >> 10);
		bench_report(name, "ns/pair", "kmm", what, NULL, per_order[order], runs);
	}
	return kmm_shutdown() == 0 ? 0 : 1;
}
