/* SPDX-License-Identifier: MIT */
/*
 * bench/bench.h - the clock, the median and the report that every benchmark shares.
 *
 * A benchmark program prints its figures in one of two forms:
 *   - for people (the default): one line per figure, median and min..max of the runs;
 *   - for bench/compare.py (argument --json): one JSON object per line on stdout,
 *     {"name", "unit", "workload", "alloc", "runs": [...]} (plus "peer_ref" when the
 *     figure has no peer of its own and is to be set beside another benchmark's peers),
 *     and nothing else on stdout.
 */
#ifndef KMM_BENCH_H
#define KMM_BENCH_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_RUNS 31

static bool bench_json;

static inline double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sort @v (the runs of one figure) and return its median. */
static inline double median(double *v, int runs)
{
	qsort(v, (size_t)runs, sizeof(*v), cmp_double);
	return v[runs / 2];
}

/*
 * Take "--json" out of the arguments (it may come anywhere) and return how many are left, so
 * that the positional arguments ([runs] [iterations]) stay where they were.
 */
static inline int bench_args(int argc, char **argv)
{
	int out = 1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			bench_json = true;
		else
			argv[out++] = argv[i];
	}
	argv[out] = NULL;
	return out;
}

/*
 * Report one figure: @runs values of @name (in @unit) measured for allocator @alloc.  @what
 * says in a few words what the figure models; @peer_ref, when not NULL, names the benchmark
 * whose peer figures this one is to be compared with.  Sorts @v.
 */
static inline void bench_report(const char *name, const char *unit, const char *alloc,
				const char *what, const char *peer_ref, double *v, int runs)
{
	double m = median(v, runs);

	if (!bench_json) {
		printf("%-24s %-10s %10.2f %-8s (min %.2f, max %.2f, %d runs)  %s\n", name, alloc,
		       m, unit, v[0], v[runs - 1], runs, what);
		fflush(stdout);
		return;
	}
	printf("{\"name\": \"%s\", \"unit\": \"%s\", \"alloc\": \"%s\", \"workload\": \"%s\"", name,
	       unit, alloc, what);
	if (peer_ref)
		printf(", \"peer_ref\": \"%s\"", peer_ref);
	printf(", \"runs\": [");
	for (int r = 0; r < runs; r++)
		printf("%s%.4f", r ? ", " : "", v[r]);
	printf("]}\n");
	fflush(stdout);
}

#endif /* KMM_BENCH_H */
