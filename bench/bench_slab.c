// SPDX-License-Identifier: MIT
/*
 * bench/bench_slab.c - the slab allocator's object micro-benchmarks (bench_alloc.h).
 *
 * Two kinds of allocation, each through every figure of bench_alloc.h (pair/SIZE and
 * batch256/SIZE for the kmalloc size classes 8 .. 8k, threads2/64, threads2-speedup/64,
 * xthread/64):
 *   kmm        kmalloc(SIZE, GFP_KERNEL) + kfree: the general-purpose caches
 *   kmm-cache  kmem_cache_alloc + kmem_cache_free on a cache of its own per size (what a
 *              driver does for its fixed-size objects)
 * The machine has 2 CPUs; threads are the CPUs' users, so xthread frees on the other CPU.
 * bench_malloc measures malloc/free of glibc and the peers with the same loops and names;
 * bench/compare.py sets them side by side.
 *
 * usage: bench_slab [--json] [runs] [iterations]
 */
#include <linux/gfp.h>
#include <linux/slab.h>

#include <kmm/kmm.h>
#include <stdio.h>
#include <stdlib.h>

enum { K_KMALLOC, K_CACHE };

static struct kmem_cache *caches[16];

#define BENCH_ALLOC(kind, si)                                         \
	((kind) == K_CACHE ? kmem_cache_alloc(caches[si], GFP_KERNEL) \
			   : kmalloc(bench_sizes[si], GFP_KERNEL))
#define BENCH_FREE(kind, p, si)                         \
	do {                                            \
		if ((kind) == K_CACHE)                  \
			kmem_cache_free(caches[si], p); \
		else                                    \
			kfree(p);                       \
	} while (0)
#include "bench/bench_alloc.h"

int main(int argc, char **argv)
{
	int runs, nargs = bench_args(argc, argv);
	long iters;

	runs = nargs > 1 ? atoi(argv[1]) : 7;
	iters = nargs > 2 ? atol(argv[2]) : 500000;
	if (runs < 1 || runs > MAX_RUNS || iters < XT_BATCH) {
		fprintf(stderr, "usage: bench_slab [--json] [runs 1..%d] [iterations >= %d]\n",
			MAX_RUNS, XT_BATCH);
		return 2;
	}
	if (kmm_boot("mem=1G nr_cpus=2"))
		return 1;
	for (int si = 0; si < BENCH_NR_SIZES; si++) {
		static char names[16][32]; /* the kernel keeps the name's pointer */

		snprintf(names[si], sizeof(names[si]), "bench-%zu", bench_sizes[si]);
		caches[si] =
			kmem_cache_create(names[si], (unsigned int)bench_sizes[si], 0, 0, NULL);
		if (!caches[si])
			return 1;
	}
	bench_alloc_all(K_KMALLOC, "kmm", runs, iters);
	bench_alloc_all(K_CACHE, "kmm-cache", runs, iters);
	for (int si = 0; si < BENCH_NR_SIZES; si++)
		kmem_cache_destroy(caches[si]);
	return kmm_shutdown() == 0 ? 0 : 1;
}
