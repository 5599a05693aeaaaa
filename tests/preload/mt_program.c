// SPDX-License-Identifier: MIT
/*
 * tests/preload/mt_program.c - a multi-threaded program that checks its own
 * memory: run with and without LD_PRELOAD=libkmm-malloc.so, its output must
 * be the same.
 *
 * Producer threads fill blocks (malloc, calloc, realloc, posix_memalign) with
 * a pattern and hand them to consumer threads through a queue; consumers
 * verify and free them (cross-thread frees).  Meanwhile the main thread
 * fork()s and exec()s a child (itself, "child" mode) that allocates and
 * prints a checksum.  Output: the number of blocks checked and corrupt, the
 * pattern digest, and the children's lines.  Exit status 1 on corruption.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PRODUCERS 4
#define PER_PRODUCER 20000
#define QUEUE 256

struct block {
	unsigned char *p;
	size_t n;
	unsigned char seed;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t more, room;
	struct block q[QUEUE];
	unsigned int head, tail;
	int producers_left;
} queue = {.lock = PTHREAD_MUTEX_INITIALIZER,
	   .more = PTHREAD_COND_INITIALIZER,
	   .room = PTHREAD_COND_INITIALIZER};

static unsigned long checked, corrupt, digest;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;

static void put(struct block b)
{
	pthread_mutex_lock(&queue.lock);
	while (queue.tail - queue.head == QUEUE)
		pthread_cond_wait(&queue.room, &queue.lock);
	queue.q[queue.tail++ % QUEUE] = b;
	pthread_cond_signal(&queue.more);
	pthread_mutex_unlock(&queue.lock);
}

/* The next block, or one with p == NULL when every producer is done. */
static struct block get(void)
{
	struct block b = {0};

	pthread_mutex_lock(&queue.lock);
	while (queue.tail == queue.head && queue.producers_left)
		pthread_cond_wait(&queue.more, &queue.lock);
	if (queue.tail != queue.head) {
		b = queue.q[queue.head++ % QUEUE];
		pthread_cond_signal(&queue.room);
	}
	pthread_mutex_unlock(&queue.lock);
	return b;
}

/* One block of the kind @i selects, @n bytes filled with @seed. */
static struct block make_block(unsigned int i, size_t n, unsigned char seed)
{
	struct block b = {NULL, n, seed};
	void *p = NULL;

	switch (i % 4) {
	case 0: b.p = malloc(n); break;
	case 1: b.p = calloc(1, n); break;
	case 2:
		b.p = realloc(malloc(n / 2 + 1), n); /* grows, moves or not */
		break;
	default:
		if (posix_memalign(&p, 64, n) == 0 && ((uintptr_t)p & 63) == 0)
			b.p = p;
	}
	if (b.p)
		memset(b.p, seed, n);
	return b;
}

static void *producer(void *arg)
{
	unsigned int r = (unsigned int)(uintptr_t)arg * 2654435761u;

	for (unsigned int i = 0; i < PER_PRODUCER; i++) {
		r = r * 1103515245u + 12345u;
		put(make_block(i, (r >> 8) % (i % 100 ? 2000 : 300000) + 1, (unsigned char)r));
	}
	pthread_mutex_lock(&queue.lock);
	queue.producers_left--;
	pthread_cond_broadcast(&queue.more);
	pthread_mutex_unlock(&queue.lock);
	return NULL;
}

static void *consumer(void *arg)
{
	unsigned long ok = 0, bad = 0, sum = 0;
	struct block b;

	while ((b = get()).p) {
		int good = 1;

		for (size_t i = 0; i < b.n; i++)
			good &= b.p[i] == b.seed;
		b.p = realloc(b.p, b.n / 3 + 1); /* shrink, then free on this thread */
		good &= b.p && b.p[0] == b.seed;
		free(b.p);
		ok++;
		bad += !good;
		sum += b.n * b.seed;
	}
	pthread_mutex_lock(&stats_lock);
	checked += ok;
	corrupt += bad;
	digest += sum;
	pthread_mutex_unlock(&stats_lock);
	return arg;
}

static int child(void)
{
	unsigned long sum = 0;
	char *v[1000];

	for (int i = 0; i < 1000; i++) {
		v[i] = malloc((size_t)i + 1);
		memset(v[i], i & 0xff, (size_t)i + 1);
	}
	for (int i = 0; i < 1000; i++) {
		sum += (unsigned char)v[i][i];
		free(v[i]);
	}
	printf("child: sum %lu\n", sum);
	return 0;
}

/* fork + exec of this program in child mode, while the threads run. */
static void spawn_children(const char *self, int n)
{
	for (int i = 0; i < n; i++) {
		pid_t pid;
		int status;

		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			execl(self, self, "child", (char *)NULL);
			_exit(127);
		}
		waitpid(pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			printf("child %d failed\n", i);
	}
}

int main(int argc, char **argv)
{
	pthread_t p[PRODUCERS], c[PRODUCERS];

	if (argc > 1 && !strcmp(argv[1], "child"))
		return child();
	queue.producers_left = PRODUCERS;
	for (int i = 0; i < PRODUCERS; i++) {
		pthread_create(&p[i], NULL, producer, (void *)(uintptr_t)(i + 1));
		pthread_create(&c[i], NULL, consumer, NULL);
	}
	spawn_children(argv[0], 3);
	for (int i = 0; i < PRODUCERS; i++) {
		pthread_join(p[i], NULL);
		pthread_join(c[i], NULL);
	}
	printf("blocks checked %lu, corrupt %lu, digest %lu\n", checked, corrupt, digest);
	return corrupt != 0;
}
