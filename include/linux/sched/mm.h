/* SPDX-License-Identifier: MIT */
/*
 * <linux/sched/mm.h> - scoped allocation constraints of the current task.
 *
 * memalloc_noio_save() and friends set a PF_* flag on current and return
 * the old state for the matching restore; the page and slab allocators
 * apply it to every allocation in between through current_gfp_context(),
 * so a whole call chain allocates as GFP_NOIO (or NOFS) without passing the
 * flag down.  Scopes nest.
 */
#ifndef _LINUX_SCHED_MM_H
#define _LINUX_SCHED_MM_H

#include <linux/gfp_types.h>
#include <linux/kernel.h>
#include <linux/sched.h>

static inline unsigned int __kmm_memalloc_flags_save(unsigned int flag)
{
	unsigned int old = current->flags & flag;

	current->flags |= flag;
	return old;
}

static inline void __kmm_memalloc_flags_restore(unsigned int flag, unsigned int old)
{
	current->flags = (current->flags & ~flag) | old;
}

/* Allocations until the restore do no I/O (GFP_NOIO).  Context: task. */
static inline unsigned int memalloc_noio_save(void)
{
	return __kmm_memalloc_flags_save(PF_MEMALLOC_NOIO);
}

static inline void memalloc_noio_restore(unsigned int flags)
{
	__kmm_memalloc_flags_restore(PF_MEMALLOC_NOIO, flags);
}

/* Allocations until the restore do not call into filesystems (GFP_NOFS). */
static inline unsigned int memalloc_nofs_save(void)
{
	return __kmm_memalloc_flags_save(PF_MEMALLOC_NOFS);
}

static inline void memalloc_nofs_restore(unsigned int flags)
{
	__kmm_memalloc_flags_restore(PF_MEMALLOC_NOFS, flags);
}

/* The task frees memory: it may dip into reserves and must not recurse into reclaim. */
static inline unsigned int memalloc_noreclaim_save(void)
{
	return __kmm_memalloc_flags_save(PF_MEMALLOC);
}

static inline void memalloc_noreclaim_restore(unsigned int flags)
{
	__kmm_memalloc_flags_restore(PF_MEMALLOC, flags);
}

/* Allocations until the restore avoid movable memory (for long-term pins). */
static inline unsigned int memalloc_pin_save(void)
{
	return __kmm_memalloc_flags_save(PF_MEMALLOC_PIN);
}

static inline void memalloc_pin_restore(unsigned int flags)
{
	__kmm_memalloc_flags_restore(PF_MEMALLOC_PIN, flags);
}

/**
 * current_gfp_context - @flags as narrowed by the task's memalloc scopes
 * @flags: the caller's allocation flags
 *
 * NOIO removes __GFP_IO and __GFP_FS, NOFS removes __GFP_FS, PIN removes
 * __GFP_MOVABLE.
 *
 * Context: any.
 * Return: the flags to allocate with.
 */
static inline gfp_t current_gfp_context(gfp_t flags)
{
	unsigned int pf = current->flags;

	if (pf & PF_MEMALLOC_NOIO)
		flags &= ~(__GFP_IO | __GFP_FS);
	else if (pf & PF_MEMALLOC_NOFS)
		flags &= ~__GFP_FS;
	if (pf & PF_MEMALLOC_PIN)
		flags &= ~__GFP_MOVABLE;
	return flags;
}

/* Lockdep's reclaim annotations: nothing to record in kmm. */
static inline void fs_reclaim_acquire(gfp_t gfp_mask)
{
}
static inline void fs_reclaim_release(gfp_t gfp_mask)
{
}

/* Check that an allocation with @gfp_mask could be made here (it may sleep if it may reclaim). */
#define might_alloc(gfp_mask) might_sleep_if(((gfp_mask)&__GFP_DIRECT_RECLAIM) != 0)

#endif /* _LINUX_SCHED_MM_H */
