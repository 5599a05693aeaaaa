/* SPDX-License-Identifier: MIT */
/*
 * <linux/mempolicy.h> - NUMA memory policies of tasks.
 *
 * A task's memory policy says on which nodes alloc_pages() takes its pages:
 *
 *   MPOL_DEFAULT      no policy of its own: the local node (the node of the
 *                     CPU the task runs, or last ran, on), then the others by
 *                     distance.
 *   MPOL_LOCAL        the same, as an explicit policy.
 *   MPOL_PREFERRED    one node first, then the others by distance from it.
 *   MPOL_BIND         only the given nodes, nearest to the local node first;
 *                     when they are full the allocation fails (or waits)
 *                     rather than leave them.
 *   MPOL_INTERLEAVE   round robin over the given nodes, one allocation each,
 *                     falling back like MPOL_PREFERRED when a node is full.
 *   MPOL_PREFERRED_MANY  the given nodes first (without reclaim), then all.
 *   MPOL_WEIGHTED_INTERLEAVE  interleave by per-node weights; kmm has no
 *                     weight table, so every weight is 1 (= MPOL_INTERLEAVE).
 *
 * set_mempolicy() and get_mempolicy() have the system calls' signatures,
 * arguments and errors, and act on the calling thread only.  Allocations in
 * interrupt context and __GFP_THISNODE allocations ignore the policy.
 * mm/mempolicy.c explains the rest, including what kmm leaves out (VMA
 * policies, mbind, cpusets).
 */
#ifndef _LINUX_MEMPOLICY_H
#define _LINUX_MEMPOLICY_H

#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/nodemask.h>
#include <linux/numa.h>

/* ---- the user-space ABI (the kernel's <uapi/linux/mempolicy.h>) ---- */

/* Policies (set_mempolicy's @mode), with the kernel's values. */
enum {
	MPOL_DEFAULT,
	MPOL_PREFERRED,
	MPOL_BIND,
	MPOL_INTERLEAVE,
	MPOL_LOCAL,
	MPOL_PREFERRED_MANY,
	MPOL_WEIGHTED_INTERLEAVE,
	MPOL_MAX, /* always last */
};

/* Mode flags, ORed into @mode. */
#define MPOL_F_NUMA_BALANCING (1 << 13) /* BIND / PREFERRED_MANY only; no effect in kmm */
#define MPOL_F_RELATIVE_NODES (1 << 14) /* node n means the n-th allowed node */
#define MPOL_F_STATIC_NODES (1 << 15)	/* keep the nodes as given (get_mempolicy shows them) */
#define MPOL_MODE_FLAGS (MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES | MPOL_F_NUMA_BALANCING)

/* get_mempolicy() @flags. */
#define MPOL_F_NODE (1 << 0)	     /* return a node id instead of the mode */
#define MPOL_F_ADDR (1 << 1)	     /* the policy of the mapping at @addr */
#define MPOL_F_MEMS_ALLOWED (1 << 2) /* return the nodes a policy may use */

/* mbind() flags (kmm has no mbind(); for source compatibility). */
#define MPOL_MF_STRICT (1 << 0)
#define MPOL_MF_MOVE (1 << 1)
#define MPOL_MF_MOVE_ALL (1 << 2)
#define MPOL_MF_LAZY (1 << 3)

/* Internal flags, kept in mempolicy.flags next to the mode flags. */
#define MPOL_F_SHARED (1 << 0)
#define MPOL_F_MOF (1 << 3)
#define MPOL_F_MORON (1 << 4)

/* ---- the kernel API ---- */

struct task_struct;

/**
 * struct mempolicy - one policy, as set_mempolicy() made it
 * @refcnt: references; the task holding it in ->mempolicy owns one
 * @mode: MPOL_* (never MPOL_DEFAULT: that is a NULL policy)
 * @flags: mode flags and internal flags
 * @nodes: the nodes it uses, all online (one node for MPOL_PREFERRED, none
 *	for MPOL_LOCAL)
 * @home_node: node to start from for BIND/PREFERRED_MANY, or NUMA_NO_NODE
 * @w: the nodes as the caller gave them (with MPOL_F_STATIC_NODES or
 *	MPOL_F_RELATIVE_NODES), else the nodes allowed when it was made
 * @kmm_owner: the task that made it; NULL while the slot is free
 * @kmm_next_free: next free slot of the pool (mm/mempolicy.c)
 *
 * Every field but @refcnt is written before the policy is published and
 * never again, so its owner reads it without locks.
 */
struct mempolicy {
	atomic_t refcnt;
	unsigned short mode;
	unsigned short flags;
	nodemask_t nodes;
	int home_node;
	union {
		nodemask_t cpuset_mems_allowed;
		nodemask_t user_nodemask;
	} w;
	struct task_struct *kmm_owner;
	struct mempolicy *kmm_next_free;
};

/**
 * set_mempolicy - set the calling thread's NUMA memory policy
 * @mode: MPOL_* ORed with mode flags
 * @nmask: bitmap of nodes (bit n = node n), or NULL
 * @maxnode: bits in @nmask plus one, as the system call counts them
 *
 * Offline nodes in @nmask are dropped; a mask left empty is an error except
 * for MPOL_PREFERRED (which then means MPOL_LOCAL).  Bits at or above
 * MAX_NUMNODES must be zero.
 *
 * Context: process context; takes a spinlock briefly.
 * Return: 0; -EINVAL for a bad mode or flag combination, a mask that names
 * no online node where one is needed, a non-empty mask for MPOL_DEFAULT or
 * MPOL_LOCAL, set bits at or above MAX_NUMNODES, or @maxnode above
 * PAGE_SIZE * 8 (or 0 with a mask); -ENOMEM if kmm's policy pool is full.
 * On error the old policy stays.
 */
long set_mempolicy(int mode, const unsigned long *nmask, unsigned long maxnode);

/**
 * get_mempolicy - read the calling thread's NUMA memory policy
 * @mode: where to store the mode (with its mode flags), or NULL
 * @nmask: where to store the nodes, or NULL
 * @maxnode: bits in @nmask (at least the number of possible nodes)
 * @addr: with MPOL_F_ADDR, an address in a mapping; otherwise 0
 * @flags: 0, MPOL_F_NODE (the node the next interleaved allocation uses),
 *	MPOL_F_MEMS_ALLOWED (the nodes a policy may name)
 *
 * Context: process context.
 * Return: 0; -EINVAL for unknown flags, @addr without MPOL_F_ADDR,
 * MPOL_F_NODE without an interleave policy, MPOL_F_MEMS_ALLOWED with other
 * flags, or @maxnode too small for the machine's nodes; -EFAULT for
 * MPOL_F_ADDR (kmm has no mappings yet).
 */
long get_mempolicy(int *mode, unsigned long *nmask, unsigned long maxnode, unsigned long addr,
		   unsigned long flags);

/* Drop a reference; the last one frees the policy.  Only its owner may. */
void __mpol_put(struct mempolicy *pol);

static inline void mpol_put(struct mempolicy *pol)
{
	if (pol)
		__mpol_put(pol);
}

/* Take a reference, so the policy outlives a set_mempolicy() that replaces it. */
static inline void mpol_get(struct mempolicy *pol)
{
	if (pol)
		atomic_inc(&pol->refcnt);
}

/**
 * get_task_policy - the policy allocations of a task follow
 * @p: the task; must be current (kmm tasks do not read each other)
 *
 * Context: any.
 * Return: @p's policy, or the system default (MPOL_LOCAL, never freed).
 * No reference is taken: only @p can change its policy.
 */
struct mempolicy *get_task_policy(struct task_struct *p);

/**
 * alloc_page_interleave - allocate for an interleave policy
 * @gfp: GFP flags
 * @order: log2 of the number of pages
 * @nid: the node this turn of the round robin chose
 *
 * As __alloc_pages(@gfp, @order, @nid, NULL), and counts NUMA_INTERLEAVE_HIT
 * on the page's zone when the page is on @nid.
 *
 * Context: as __alloc_pages().
 * Return: the first page, or NULL.
 */
struct page *alloc_page_interleave(gfp_t gfp, unsigned int order, int nid);

/*
 * alloc_pages_current - alloc_pages() under its pre-5.x name (the seeds'):
 * allocate following the calling task's policy.
 */
struct page *alloc_pages_current(gfp_t gfp, unsigned int order);

/*
 * kmm: forget every policy of the machine that is going away.  kmm_shutdown()
 * calls it; a thread's policy pointer from before is then treated as
 * MPOL_DEFAULT.  Context: shutdown, nothing else running.
 */
void mempolicy_teardown(void);

/* kmm: check the policy pool; returns the number of problems (printed). */
int mempolicy_check_invariants(void);

#endif /* _LINUX_MEMPOLICY_H */
