// SPDX-License-Identifier: MIT
/*
 * bench/workloads/large.c - large allocations, 64 KiB .. 16 MiB.
 *
 * Models a program handling big buffers (images, file chunks, network windows): sizes spread
 * evenly on a log scale from 64 KiB to 16 MiB, up to 8 alive at once, each written page by page
 * before it is freed.  Whether large blocks are reused or mapped and unmapped every time (page
 * faults, zeroing), and how much memory stays resident afterwards, are what count.
 *
 * usage: large [scale]
 */
#include "wl.h"

#include <math.h>

#define WINDOW 8
#define PAGE 4096

int main(int argc, char **argv)
{
	static char *live[WINDOW];
	double scale = wl_scale(argc, argv), t0 = wl_now();
	long count = (long)(1500 * scale);
	uint64_t s = 4242, check = 0;

	for (long i = 0; i < count; i++) {
		uint64_t r = wl_rand(&s);
		/* log2(size) uniform in [16, 24] */
		size_t size = (size_t)exp2(16.0 + 8.0 * (double)(r >> 11) / 9007199254740992.0);
		unsigned int k = (unsigned int)(i % WINDOW);
		char *p;

		if (live[k])
			check += (unsigned char)live[k][0];
		free(live[k]);
		p = wl_xmalloc(size);
		for (size_t off = 0; off < size; off += PAGE)
			p[off] = (char)i;
		p[size - 1] = (char)i;
		live[k] = p;
	}
	for (int k = 0; k < WINDOW; k++)
		free(live[k]);
	return wl_report(t0, check);
}
