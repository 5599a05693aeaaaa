/* SPDX-License-Identifier: MIT */
/* <linux/minmax.h> - type-checked min/max without double evaluation. */
#ifndef _LINUX_MINMAX_H
#define _LINUX_MINMAX_H

#define __kmm_cmp(op, x, y)              \
	({                               \
		__typeof__(x) x__ = (x); \
		__typeof__(y) y__ = (y); \
		(void)(&x__ == &y__);    \
		x__ op y__ ? x__ : y__;  \
	})

#define min(x, y) __kmm_cmp(<, x, y)
#define max(x, y) __kmm_cmp(>, x, y)
#define min_t(type, x, y) __kmm_cmp(<, (type)(x), (type)(y))
#define max_t(type, x, y) __kmm_cmp(>, (type)(x), (type)(y))
#define clamp(val, lo, hi) min((__typeof__(val))max(val, lo), hi)
#define swap(a, b)                       \
	do {                             \
		__typeof__(a) t__ = (a); \
		(a) = (b);               \
		(b) = t__;               \
	} while (0)

#endif
