// SPDX-License-Identifier: MIT
/*
 * bench/workloads/larson.c - a server simulation in the style of the Larson benchmark.
 *
 * Models a server whose worker threads each keep a table of live objects of random sizes
 * (connections, requests, buffers) and keep replacing random entries: free the old object,
 * allocate a new one.  Workers are short-lived: every epoch a new set of threads is started and
 * each takes over the table another thread worked on in the previous epoch, so most objects are
 * freed by a thread other than the one that allocated them, and thread caches are set up and torn
 * down all the time.
 *
 * usage: larson [scale]
 */
#include "wl.h"

#include <pthread.h>
#include <string.h>

#define THREADS 2
#define SLOTS 4000 /* live objects per table */
#define EPOCHS 40
#define MIN_SIZE 16
#define MAX_SIZE 1024

struct table {
	char *slot[SLOTS];
	uint64_t check;
};

static struct table tables[THREADS];
static long ops_per_epoch;

struct worker {
	struct table *t;
	uint64_t seed;
};

static void *worker(void *arg)
{
	struct worker *w = arg;
	struct table *t = w->t;
	uint64_t s = w->seed, check = 0;

	for (long i = 0; i < ops_per_epoch; i++) {
		uint64_t r = wl_rand(&s);
		unsigned int k = (unsigned int)(r % SLOTS);
		size_t size = MIN_SIZE + (size_t)((r >> 32) % (MAX_SIZE - MIN_SIZE + 1));

		if (t->slot[k])
			check += (unsigned char)t->slot[k][0];
		free(t->slot[k]);
		t->slot[k] = wl_xmalloc(size);
		memset(t->slot[k], (int)(r >> 16), size < 64 ? size : 64);
	}
	t->check += check;
	return NULL;
}

int main(int argc, char **argv)
{
	double scale = wl_scale(argc, argv), t0 = wl_now();
	uint64_t check = 0;

	ops_per_epoch = (long)(240000 * scale);
	for (int e = 0; e < EPOCHS; e++) {
		pthread_t th[THREADS];
		struct worker w[THREADS];

		for (int i = 0; i < THREADS; i++) {
			/* the tables rotate: thread i frees what thread i-1 allocated last epoch */
			w[i] = (struct worker){&tables[(i + e) % THREADS],
					       0x9E3779B97F4A7C15ULL *
						       (uint64_t)(e * THREADS + i + 1)};
			if (pthread_create(&th[i], NULL, worker, &w[i]))
				return 1;
		}
		for (int i = 0; i < THREADS; i++)
			pthread_join(th[i], NULL);
	}
	for (int i = 0; i < THREADS; i++) {
		for (int k = 0; k < SLOTS; k++)
			free(tables[i].slot[k]);
		check += tables[i].check;
	}
	return wl_report(t0, check);
}
