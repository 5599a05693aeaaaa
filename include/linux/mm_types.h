/* SPDX-License-Identifier: MIT */
/*
 * <linux/mm_types.h> - struct page, the descriptor of one page frame.
 *
 * Every page frame of the machine has one struct page, 64 bytes, in the
 * virtually contiguous array vmemmap[] (indexed by pfn).  The arrays live in
 * the machine's own RAM: boot takes them from memblock, as the kernel does.
 *
 * Layout (8 words):
 *   flags      PG_* bits, plus kmm's record of an allocated block's order
 *   5 words    a union whose meaning depends on who owns the page:
 *                free (buddy) head:  buddy_list, private = order
 *                allocated:          lru, mapping, index, private for the owner
 *                compound tail:      compound_head (pointer | 1), compound_order
 *   _mapcount  (kmm stores it biased: 0 means "not mapped"; the kernel's is -1)
 *   _refcount  0 for free pages and the tails of non-compound blocks
 *   virtual    the host address of a HighMem page while it is mapped
 *
 * A struct page that was never written is all zeroes and means "inside a
 * block": the interior of a free block, or a tail of a non-compound block.
 * kmm relies on that: boot initialises only the struct pages it must (block
 * heads, reserved pages), so a 64 GiB machine costs little until used.
 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>

struct address_space;

struct page {
	unsigned long flags;
	union {
		struct {
			union {
				struct list_head lru;
				struct list_head buddy_list;
				struct list_head pcp_list;
			};
			struct address_space *mapping;
			unsigned long index;
			unsigned long private;
		};
		struct {
			unsigned long compound_head;  /* bit 0 set on tail pages */
			unsigned char compound_order; /* valid in the first tail */
			unsigned char compound_pad[7];
			unsigned long compound_word[3];
		};
	};
	union {
		atomic_t _mapcount;
		unsigned int page_type;
	};
	atomic_t _refcount;
	void *virtual;
};

_Static_assert(sizeof(struct page) == 64, "struct page must be 64 bytes");

#endif /* _LINUX_MM_TYPES_H */
