/* SPDX-License-Identifier: MIT */
/* <linux/container_of.h> */
#ifndef _LINUX_CONTAINER_OF_H
#define _LINUX_CONTAINER_OF_H

#include <stddef.h>

#define container_of(ptr, type, member)                              \
	({                                                           \
		void *mptr__ = (void *)(ptr);                        \
		((type *)((char *)mptr__ - offsetof(type, member))); \
	})

#endif
