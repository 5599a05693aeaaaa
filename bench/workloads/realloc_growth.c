// SPDX-License-Identifier: MIT
/*
 * bench/workloads/realloc_growth.c - strings and vectors that grow by realloc.
 *
 * Models a program building many strings and arrays at once (a parser, a log formatter, a JSON
 * writer): 1024 buffers, each appended to a few bytes at a time.  Half of them are strings that
 * are realloc'ed to the exact new length on every append; the other half are vectors that double
 * their capacity when full.  A buffer that reaches its final length (256 B .. 256 KiB) is freed
 * and a new one started.  In-place growth, the copy on moves and size-class steps are what count.
 *
 * usage: realloc_growth [scale]
 */
#include "wl.h"

#include <string.h>

#define BUFFERS 1024

struct buf {
	char *p;
	size_t len, cap, limit;
};

static size_t new_limit(uint64_t *s)
{
	return (size_t)256 << (wl_rand(s) % 11); /* 256 B .. 256 KiB */
}

int main(int argc, char **argv)
{
	static struct buf bufs[BUFFERS];
	double scale = wl_scale(argc, argv), t0 = wl_now();
	long steps = (long)(7000000 * scale);
	uint64_t s = 777, check = 0;

	for (int i = 0; i < BUFFERS; i++)
		bufs[i].limit = new_limit(&s);
	for (long i = 0; i < steps; i++) {
		uint64_t r = wl_rand(&s);
		unsigned int k = (unsigned int)(r % BUFFERS);
		struct buf *b = &bufs[k];
		size_t add = 1 + (size_t)((r >> 16) % 32);

		if (k & 1) { /* a string: exact length every time */
			b->cap = b->len + add + 1;
			b->p = realloc(b->p, b->cap);
		} else if (b->len + add > b->cap) { /* a vector: doubling */
			b->cap = b->cap ? b->cap * 2 : 16;
			while (b->cap < b->len + add)
				b->cap *= 2;
			b->p = realloc(b->p, b->cap);
		}
		if (!b->p)
			return 1;
		memset(b->p + b->len, 'a' + (int)(r % 26), add);
		b->len += add;
		if (b->len >= b->limit) {
			check += (unsigned char)b->p[b->len / 2];
			free(b->p);
			*b = (struct buf){.limit = new_limit(&s)};
		}
	}
	for (int i = 0; i < BUFFERS; i++)
		free(bufs[i].p);
	return wl_report(t0, check);
}
