/* SPDX-License-Identifier: MIT */
/* <linux/poison.h> - values that make use of dead pointers fault. */
#ifndef _LINUX_POISON_H
#define _LINUX_POISON_H

/* Non-canonical x86-64 addresses: any access faults at once. */
#define LIST_POISON1 ((void *)0xdead000000000100UL)
#define LIST_POISON2 ((void *)0xdead000000000122UL)

/* Slab poisoning bytes (used by slab_debug). */
#define POISON_INUSE 0x5a
#define POISON_FREE 0x6b
#define POISON_END 0xa5
#define SLUB_RED_INACTIVE 0xbb
#define SLUB_RED_ACTIVE 0xcc

/* Written over a page freed with debug_pagealloc-style poisoning. */
#define PAGE_POISON 0xaa

#endif
