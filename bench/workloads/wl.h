/* SPDX-License-Identifier: MIT */
/*
 * bench/workloads/wl.h - what every allocation workload shares: a random number generator, the
 * clock, the scale argument and the one-line JSON report that bench/compare.py reads.
 *
 * The workloads are plain malloc/free programs: no kmm code.  bench/compare.py runs each one
 * under every allocator (LD_PRELOAD) and records its wall time and peak RSS.
 */
#ifndef KMM_WL_H
#define KMM_WL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

/* xorshift64*: small, fast, and good enough to pick sizes and slots. */
static inline uint64_t wl_rand(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static inline double wl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* usage: WORKLOAD [scale]; scale multiplies the amount of work (default 1.0). */
static inline double wl_scale(int argc, char **argv)
{
	double s = argc > 1 ? atof(argv[1]) : 1.0;

	if (s <= 0) {
		fprintf(stderr, "usage: %s [scale > 0]\n", argv[0]);
		exit(2);
	}
	return s;
}

static inline void *wl_xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p) {
		fprintf(stderr, "out of memory (%zu bytes)\n", n);
		exit(1);
	}
	return p;
}

/*
 * Peak RSS of this process in KiB: VmHWM, the high-water mark of this program's own address
 * space (getrusage's ru_maxrss would also count the parent's before exec).
 */
static inline long wl_peak_rss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	if (kb < 0) {
		struct rusage ru;

		getrusage(RUSAGE_SELF, &ru);
		kb = ru.ru_maxrss;
	}
	return kb;
}

/* The report: wall time since @t0, peak RSS, and a checksum that keeps the work from being elided.
 */
static inline int wl_report(double t0, uint64_t check)
{
	double wall = wl_now() - t0;

	printf("{\"wall_s\": %.4f, \"maxrss_kb\": %ld, \"check\": %llu}\n", wall, wl_peak_rss_kb(),
	       (unsigned long long)check);
	return 0;
}

#endif /* KMM_WL_H */
