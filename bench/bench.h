/* SPDX-License-Identifier: MIT */
/* bench/bench.h - the clock and the median that every benchmark shares. */
#ifndef KMM_BENCH_H
#define KMM_BENCH_H

#include <stdlib.h>
#include <time.h>

#define MAX_RUNS 31

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

#endif /* KMM_BENCH_H */
