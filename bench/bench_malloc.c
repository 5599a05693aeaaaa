// SPDX-License-Identifier: MIT
/*
 * bench/bench_malloc.c - the object micro-benchmarks of bench_alloc.h for malloc/free.
 *
 * Measures whatever malloc the process has: glibc's when run as is, a peer allocator's when run
 * under LD_PRELOAD (bench/compare.py runs it once per allocator: glibc, jemalloc, mimalloc,
 * tcmalloc, and kmm's own libkmm-malloc.so when it is built).  The allocator's name for the report
 * comes from the environment variable BENCH_ALLOC (default "glibc").  The figures carry the names
 * bench_slab reports for kmalloc and kmem_cache, so that they line up.  No kmm code is linked in.
 *
 * usage: bench_malloc [--json] [runs] [iterations]
 */
#include <stdio.h>
#include <stdlib.h>

#define BENCH_ALLOC(kind, si) malloc(bench_sizes[si])
#define BENCH_FREE(kind, p, si) free(p)
#include "bench/bench_alloc.h"

int main(int argc, char **argv)
{
	const char *alloc = getenv("BENCH_ALLOC");
	int runs, nargs = bench_args(argc, argv);
	long iters;

	runs = nargs > 1 ? atoi(argv[1]) : 7;
	iters = nargs > 2 ? atol(argv[2]) : 500000;
	if (runs < 1 || runs > MAX_RUNS || iters < XT_BATCH) {
		fprintf(stderr, "usage: bench_malloc [--json] [runs 1..%d] [iterations >= %d]\n",
			MAX_RUNS, XT_BATCH);
		return 2;
	}
	bench_alloc_all(0, alloc && *alloc ? alloc : "glibc", runs, iters);
	return 0;
}
