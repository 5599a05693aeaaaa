// SPDX-License-Identifier: MIT
/*
 * bench/workloads/xmalloc.c - producer/consumer in the style of the xmalloc test.
 *
 * Models a pipeline: producer threads allocate small messages (16..256 bytes), fill them and
 * queue them in batches; consumer threads take the batches, read the messages and free them.
 * Every object (and every batch header) is freed by a thread that did not allocate it, so an
 * allocator's remote-free path and the way memory flows back to the producers are what count.
 *
 * usage: xmalloc [scale]
 */
#include "wl.h"

#include <pthread.h>
#include <string.h>

#define PRODUCERS 2
#define CONSUMERS 2
#define BATCH 128
#define MAX_QUEUED 64 /* batches in flight; producers wait beyond that */

struct batch {
	struct batch *next;
	char *obj[BATCH];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER, not_full = PTHREAD_COND_INITIALIZER;
static struct batch *head, *tail;
static int queued, producers_left = PRODUCERS;
static long batches_per_producer;
static uint64_t total_check;

static void *producer(void *arg)
{
	uint64_t s = (uint64_t)(uintptr_t)arg * 0x9E3779B97F4A7C15ULL + 1;

	for (long b = 0; b < batches_per_producer; b++) {
		struct batch *bt = wl_xmalloc(sizeof(*bt));

		bt->next = NULL;
		for (int i = 0; i < BATCH; i++) {
			uint64_t r = wl_rand(&s);
			size_t size = 16 + (size_t)(r % 241);

			bt->obj[i] = wl_xmalloc(size);
			memset(bt->obj[i], (int)(r >> 8), 16);
		}
		pthread_mutex_lock(&lock);
		while (queued >= MAX_QUEUED)
			pthread_cond_wait(&not_full, &lock);
		if (tail)
			tail->next = bt;
		else
			head = bt;
		tail = bt;
		queued++;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	producers_left--;
	pthread_cond_broadcast(&not_empty);
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void *consumer(void *arg)
{
	uint64_t check = 0;

	for (;;) {
		struct batch *bt;

		pthread_mutex_lock(&lock);
		while (!head && producers_left)
			pthread_cond_wait(&not_empty, &lock);
		bt = head;
		if (!bt) {
			pthread_mutex_unlock(&lock);
			break;
		}
		head = bt->next;
		if (!head)
			tail = NULL;
		queued--;
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&lock);
		for (int i = 0; i < BATCH; i++) {
			check += (unsigned char)bt->obj[i][15];
			free(bt->obj[i]);
		}
		free(bt);
	}
	pthread_mutex_lock(&lock);
	total_check += check;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(int argc, char **argv)
{
	double scale = wl_scale(argc, argv), t0 = wl_now();
	pthread_t p[PRODUCERS], c[CONSUMERS];

	batches_per_producer = (long)(40000 * scale);
	for (int i = 0; i < CONSUMERS; i++)
		if (pthread_create(&c[i], NULL, consumer, NULL))
			return 1;
	for (int i = 0; i < PRODUCERS; i++)
		if (pthread_create(&p[i], NULL, producer, (void *)(uintptr_t)(i + 1)))
			return 1;
	for (int i = 0; i < PRODUCERS; i++)
		pthread_join(p[i], NULL);
	for (int i = 0; i < CONSUMERS; i++)
		pthread_join(c[i], NULL);
	return wl_report(t0, total_check);
}
