// SPDX-License-Identifier: MIT
/*
 * bench/workloads/churn.c - small-object churn, in the style of cfrac and espresso.
 *
 * Models a single-threaded program that computes with many short-lived small objects of mixed
 * sizes (big-number digits, cubes, list nodes): most die within a few steps of their birth, in
 * roughly the order they were made, while a few survive for a long time in a large table and
 * replace one another at random.  The allocator's single-thread fast path, size-class spread and
 * fragmentation (the long-lived objects pin pages) are what count.
 *
 * usage: churn [scale]
 */
#include "wl.h"

#include <string.h>

#define LONG_LIVED 16384 /* slots of the long-lived table */
#define WINDOW 32	 /* short-lived objects alive at once */

static size_t pick_size(uint64_t r)
{
	unsigned int p = (unsigned int)(r % 100);

	if (p < 70)
		return 8 + (size_t)((r >> 8) % 57); /* 8..64 */
	if (p < 95)
		return 64 + (size_t)((r >> 8) % 193); /* 64..256 */
	return 256 + (size_t)((r >> 8) % 1793);	      /* 256..2048 */
}

int main(int argc, char **argv)
{
	static char *longlived[LONG_LIVED], *window[WINDOW];
	double scale = wl_scale(argc, argv), t0 = wl_now();
	long steps = (long)(30000000 * scale);
	uint64_t s = 12345, check = 0;

	for (long i = 0; i < steps; i++) {
		uint64_t r = wl_rand(&s);
		size_t size = pick_size(r);
		char *p = wl_xmalloc(size);

		memset(p, (int)i, size < 32 ? size : 32);
		if ((r >> 40) % 32 == 0) { /* one in 32 lives long */
			unsigned int k = (unsigned int)((r >> 20) % LONG_LIVED);

			if (longlived[k])
				check += (unsigned char)longlived[k][0];
			free(longlived[k]);
			longlived[k] = p;
		} else { /* the others die WINDOW steps later */
			unsigned int k = (unsigned int)(i % WINDOW);

			if (window[k])
				check += (unsigned char)window[k][0];
			free(window[k]);
			window[k] = p;
		}
	}
	for (int k = 0; k < LONG_LIVED; k++)
		free(longlived[k]);
	for (int k = 0; k < WINDOW; k++)
		free(window[k]);
	return wl_report(t0, check);
}
