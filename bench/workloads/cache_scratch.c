// SPDX-License-Identifier: MIT
/*
 * bench/workloads/cache_scratch.c - passive false sharing, in the style of Hoard's cache-scratch.
 *
 * Models threads that start from small objects handed to them by another thread (the main
 * thread allocates them back to back, so they share cache lines).  Each worker frees the object
 * it was given, then over and over allocates a small object of its own, writes to it many
 * times and frees it.  An allocator that gives a worker back the freed neighbour of another
 * worker's object makes the two threads write to the same cache line (false sharing), and the
 * writes get tens of times slower; one that keeps each thread's objects apart does not.
 *
 * usage: cache_scratch [scale]
 */
#include "wl.h"

#include <pthread.h>

#define THREADS 2
#define OBJ_SIZE 8
#define WRITES 1000 /* writes to each object */

static long iterations;

static void *worker(void *arg)
{
	char *given = arg;
	uint64_t check = 0;

	free(given);
	for (long i = 0; i < iterations; i++) {
		volatile char *p = wl_xmalloc(OBJ_SIZE);

		for (int b = 0; b < OBJ_SIZE; b++)
			p[b] = 0;
		for (int w = 0; w < WRITES; w++)
			for (int b = 0; b < OBJ_SIZE; b++)
				p[b] = (char)(p[b] + 1);
		check += (unsigned char)p[0];
		free((void *)p);
	}
	return (void *)(uintptr_t)check;
}

int main(int argc, char **argv)
{
	double scale = wl_scale(argc, argv), t0 = wl_now();
	pthread_t th[THREADS];
	char *given[THREADS];
	uint64_t check = 0;

	iterations = (long)(300000 * scale);
	for (int i = 0; i < THREADS; i++) {
		given[i] = wl_xmalloc(OBJ_SIZE);
		given[i][0] = 0;
	}
	for (int i = 0; i < THREADS; i++)
		if (pthread_create(&th[i], NULL, worker, given[i]))
			return 1;
	for (int i = 0; i < THREADS; i++) {
		void *ret;

		pthread_join(th[i], &ret);
		check += (uint64_t)(uintptr_t)ret;
	}
	return wl_report(t0, check);
}
