// SPDX-License-Identifier: MIT
/*
 * mm/mempolicy.c - NUMA memory policies, alloc_pages(), and per-node reports.
 *
 * Theory
 * ------
 * 1. What it does.  alloc_pages() is the policy-aware entry to the page
 *    allocator: it looks at the calling task's policy (current->mempolicy,
 *    set by set_mempolicy()) and turns it into a preferred node and an
 *    allowed nodemask for __alloc_pages():
 *
 *      policy                preferred node           nodemask
 *      none (MPOL_DEFAULT)   numa_node_id()           NULL
 *      MPOL_LOCAL            numa_node_id()           NULL
 *      MPOL_PREFERRED        its node                 NULL
 *      MPOL_BIND             numa_node_id()           its nodes (*)
 *      MPOL_INTERLEAVE       next node after il_prev  NULL  -> alloc_page_interleave()
 *      MPOL_PREFERRED_MANY   numa_node_id()           its nodes, then NULL
 *
 *    __alloc_pages() walks the zonelist of the preferred node, which lists
 *    every node by distance from it, skipping nodes outside the mask; so BIND
 *    starts on the allowed node nearest to the local one.  (*) As in the
 *    kernel, BIND only restricts allocations that may use the highest zone
 *    any node has ("policy_zone"): on an x86_32 machine with HighMem a
 *    GFP_KERNEL allocation is not bound, a GFP_HIGHUSER one is.
 *    In interrupt context, and for __GFP_THISNODE, the policy is ignored.
 *
 * 2. Interleave.  current->il_prev is the node the task's last interleaved
 *    allocation was meant for; the next one goes to the next node of the
 *    policy's mask after it, wrapping round.  set_mempolicy() resets it so
 *    the round starts at the mask's first node.  A page that lands on the
 *    node it was meant for counts NUMA_INTERLEAVE_HIT on its zone; if that
 *    node is full the allocation falls back by distance like PREFERRED.
 *
 * 3. Data structures.  struct mempolicy (<linux/mempolicy.h>) is immutable
 *    once published except for its reference count.  Policies live in a
 *    fixed pool in .bss (kmm allocates nothing from the host in mm/, and a
 *    policy must outlive any one machine's RAM - see 5):
 *
 *      mpol_pool[MPOL_POOL_SIZE]  the slots
 *      mpol_pool_next             slots [next, SIZE) were never handed out
 *                                 since the last teardown
 *      mpol_free_slots            slots handed out and freed since, LIFO
 *
 *    Slot states:
 *
 *      state   kmm_owner   refcnt  on free list  reached through
 *      unused  NULL          0         no        index >= mpol_pool_next
 *      free    NULL          0         yes       mpol_free_slots
 *      live    the task     >= 1       no        owner's ->mempolicy
 *      stale   NULL/other    any       maybe     a pointer from a dead machine
 *
 * 4. Locking.  mpol_pool_lock (a spinlock) protects mpol_pool_next,
 *    mpol_free_slots and every slot's fields while the slot is not live;
 *    a slot is filled under it before it is published.  A live policy is
 *    read without locks by its owner (the only task that can reach it:
 *    threads never share a policy) and by the invariant checker under the
 *    lock.  kmm_owner is read and written with single atomic accesses,
 *    because a task holding a stale pointer may look at a slot that another
 *    task is being given.  Nothing is taken under mpol_pool_lock.
 *
 * 5. Machines come and go.  mempolicy_teardown() (kmm_shutdown) empties
 *    the pool and clears every slot's owner.  A thread that still points at
 *    a slot afterwards finds an owner that is not itself - NULL, or whoever
 *    was given the slot on a later machine - and task_policy() then treats
 *    the pointer as MPOL_DEFAULT and forgets it.  A slot only becomes owned
 *    by T when T's own set_mempolicy() stores it in T->mempolicy, so a
 *    stale pointer can never look live.
 *
 * Fast path: for a task without a policy, alloc_pages() adds a preempt
 * count test, a flag test and one thread-local load to __alloc_pages().
 *
 * Differences from the kernel
 * ---------------------------
 * - Only task policies: kmm has no VMAs yet, so no mbind(), no shared
 *   policies, and get_mempolicy(MPOL_F_ADDR) fails with -EFAULT.
 * - No cpusets: the nodes a policy may use are the online nodes (every
 *   online node has memory), so policies are never rebound.
 * - Policies come from a fixed pool (MPOL_POOL_SIZE), not a slab cache;
 *   set_mempolicy() returns -ENOMEM when it is full.  kmm does not see
 *   threads exit, so a thread that ends with a policy keeps its slot until
 *   shutdown (the kernel frees it in do_exit()); reset it with MPOL_DEFAULT.
 * - MPOL_WEIGHTED_INTERLEAVE: there is no weight table, every weight is 1,
 *   which is exactly MPOL_INTERLEAVE (task_struct has no il_weight).
 * - set_mempolicy_home_node() does not exist (it applies to VMAs); home_node
 *   stays NUMA_NO_NODE.
 */
#include <linux/kernel.h>
#include <linux/mempolicy.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/topology.h>

#include "mm/internal.h"

#include <kmm/numa.h>
#include <string.h>

#define MPOL_POOL_SIZE 1024

static DEFINE_SPINLOCK(mpol_pool_lock);
static struct mempolicy mpol_pool[MPOL_POOL_SIZE];
static unsigned int mpol_pool_next;	  /* mpol_pool_lock */
static struct mempolicy *mpol_free_slots; /* mpol_pool_lock */

/* The policy of tasks without one: local allocation.  Never freed. */
static struct mempolicy default_policy = {
	.refcnt = ATOMIC_INIT(1),
	.mode = MPOL_LOCAL,
	.home_node = NUMA_NO_NODE,
};

/* ---------------------------------------------------------------------------
 * Nodemask helpers the kernel keeps in <linux/nodemask.h>
 * ------------------------------------------------------------------------- */

/* The next node of @mask after @node, wrapping round; MAX_NUMNODES if empty. */
static int mpol_next_node_in(int node, const nodemask_t *mask)
{
	int next = next_node(node, mask);

	return next < MAX_NUMNODES ? next : first_node(mask);
}

static void mpol_nodes_and(nodemask_t *dst, const nodemask_t *a, const nodemask_t *b)
{
	for (size_t i = 0; i < ARRAY_SIZE(dst->bits); i++)
		dst->bits[i] = a->bits[i] & b->bits[i];
}

/*
 * The kernel's nodes_fold() then nodes_onto(): node n of @orig stands for
 * the (n mod weight(@rel))-th node of @rel (MPOL_F_RELATIVE_NODES).
 */
static void mpol_relative_nodemask(nodemask_t *ret, const nodemask_t *orig, const nodemask_t *rel)
{
	int w = nodes_weight(rel), n;

	nodes_clear(ret);
	if (!w)
		return;
	for_each_node_mask(n, *orig) {
		int k = n % w, m = first_node(rel);

		while (k--)
			m = next_node(m, rel);
		node_set(m, ret);
	}
}

/* The kernel's nr_node_ids: the highest possible node plus one. */
static unsigned long mpol_nr_node_ids(void)
{
	int nid, last = 0;

	for_each_online_node(nid)
		last = nid;
	return (unsigned long)last + 1;
}

/* ---------------------------------------------------------------------------
 * The policy pool
 * ------------------------------------------------------------------------- */

static struct task_struct *mpol_owner(const struct mempolicy *pol)
{
	return __atomic_load_n(&pol->kmm_owner, __ATOMIC_RELAXED);
}

static bool mpol_in_pool(const struct mempolicy *pol)
{
	return pol >= mpol_pool && pol < mpol_pool + MPOL_POOL_SIZE;
}

/* Take a slot, fill it from @tmpl and give it to @owner; NULL if the pool is full. */
static struct mempolicy *mpol_install(const struct mempolicy *tmpl, struct task_struct *owner)
{
	struct mempolicy *pol;

	spin_lock(&mpol_pool_lock);
	pol = mpol_free_slots;
	if (pol)
		mpol_free_slots = pol->kmm_next_free;
	else if (mpol_pool_next < MPOL_POOL_SIZE)
		pol = &mpol_pool[mpol_pool_next++];
	if (pol) {
		atomic_set(&pol->refcnt, 1);
		pol->mode = tmpl->mode;
		pol->flags = tmpl->flags;
		pol->nodes = tmpl->nodes;
		pol->home_node = tmpl->home_node;
		pol->w = tmpl->w;
		pol->kmm_next_free = NULL;
		__atomic_store_n(&pol->kmm_owner, owner, __ATOMIC_RELAXED);
	}
	spin_unlock(&mpol_pool_lock);
	return pol;
}

/**
 * __mpol_put - drop a reference to a policy
 * @pol: the policy
 *
 * The last reference gives the slot back to the pool.  Only the owner may
 * drop references; a policy of another task or of a machine that is gone
 * is reported and left alone.
 *
 * Context: process context; takes mpol_pool_lock when freeing.
 */
void __mpol_put(struct mempolicy *pol)
{
	if (!mpol_in_pool(pol)) {
		WARN_ON_ONCE(atomic_dec_and_test(&pol->refcnt));
		return;
	}
	if (WARN_ONCE(
		    mpol_owner(pol) != current,
		    "mpol_put: policy %p is not this task's (left from a machine that is gone?)\n",
		    pol))
		return;
	if (!atomic_dec_and_test(&pol->refcnt))
		return;
	spin_lock(&mpol_pool_lock);
	__atomic_store_n(&pol->kmm_owner, NULL, __ATOMIC_RELAXED);
	pol->kmm_next_free = mpol_free_slots;
	mpol_free_slots = pol;
	spin_unlock(&mpol_pool_lock);
}

/**
 * mempolicy_teardown - forget the policies of the machine that is going away
 *
 * Every slot becomes unused and ownerless, so pointers threads still hold
 * read as stale (MPOL_DEFAULT) from now on.
 *
 * Context: kmm_shutdown(), while no other thread calls into kmm.
 */
void mempolicy_teardown(void)
{
	spin_lock(&mpol_pool_lock);
	for (unsigned int i = 0; i < mpol_pool_next; i++) {
		__atomic_store_n(&mpol_pool[i].kmm_owner, NULL, __ATOMIC_RELAXED);
		atomic_set(&mpol_pool[i].refcnt, 0);
		mpol_pool[i].kmm_next_free = NULL;
	}
	mpol_pool_next = 0;
	mpol_free_slots = NULL;
	spin_unlock(&mpol_pool_lock);
	current->mempolicy = NULL;
}

#define mpol_check(cond, ...)                                        \
	({                                                           \
		bool ok__ = (cond);                                  \
		if (!ok__)                                           \
			pr_err("mempolicy invariant: " __VA_ARGS__); \
		!ok__;                                               \
	})

/* Problems of one live slot (mpol_pool_lock held). */
static int mpol_check_live(const struct mempolicy *pol)
{
	nodemask_t off = pol->nodes;
	int bad = 0;

	for (size_t i = 0; i < ARRAY_SIZE(off.bits); i++)
		off.bits[i] &= ~node_online_map.bits[i];
	bad += mpol_check(atomic_read(&pol->refcnt) >= 1, "live policy %p has refcount %d\n", pol,
			  atomic_read(&pol->refcnt));
	bad += mpol_check(pol->mode != MPOL_DEFAULT && pol->mode < MPOL_MAX,
			  "policy %p has mode %u\n", pol, pol->mode);
	bad += mpol_check((pol->mode == MPOL_LOCAL) == nodes_empty(&pol->nodes),
			  "policy %p (mode %u) has %d nodes\n", pol, pol->mode,
			  nodes_weight(&pol->nodes));
	bad += mpol_check(nodes_empty(&off), "policy %p names offline nodes\n", pol);
	return bad;
}

/**
 * mempolicy_check_invariants - walk the policy pool
 *
 * Free slots have no owner and no references; live slots hold a valid
 * policy of online nodes; free + live == slots handed out.  O(pool).
 *
 * Context: process context; takes mpol_pool_lock.
 * Return: the number of problems found (each printed).
 */
int mempolicy_check_invariants(void)
{
	unsigned int nr_free = 0, nr_live = 0;
	struct mempolicy *pol;
	int bad = 0;

	spin_lock(&mpol_pool_lock);
	for (pol = mpol_free_slots; pol && nr_free <= MPOL_POOL_SIZE; pol = pol->kmm_next_free) {
		nr_free++;
		bad += mpol_check(!mpol_owner(pol) && !atomic_read(&pol->refcnt),
				  "free policy %p is in use\n", pol);
	}
	for (unsigned int i = 0; i < mpol_pool_next; i++) {
		if (!mpol_owner(&mpol_pool[i]))
			continue;
		nr_live++;
		bad += mpol_check_live(&mpol_pool[i]);
	}
	bad += mpol_check(nr_free + nr_live == mpol_pool_next,
			  "%u free + %u live != %u slots used\n", nr_free, nr_live, mpol_pool_next);
	spin_unlock(&mpol_pool_lock);
	return bad;
}

/* ---------------------------------------------------------------------------
 * The task's policy
 * ------------------------------------------------------------------------- */

/* @p's live policy, or NULL for the default; forgets a stale one. @p is current. */
static struct mempolicy *task_policy(struct task_struct *p)
{
	struct mempolicy *pol = p->mempolicy;

	if (likely(!pol))
		return NULL;
	if (unlikely(mpol_owner(pol) != p)) {
		p->mempolicy = NULL; /* made on a machine that is gone */
		return NULL;
	}
	return pol;
}

struct mempolicy *get_task_policy(struct task_struct *p)
{
	struct mempolicy *pol;

	if (WARN_ON_ONCE(p != current))
		return &default_policy;
	pol = task_policy(p);
	return pol ? pol : &default_policy;
}

/* ---------------------------------------------------------------------------
 * set_mempolicy() and get_mempolicy()
 * ------------------------------------------------------------------------- */

/* Split @mode into mode and mode flags; reject what the kernel rejects. */
static int mpol_sanitize_flags(int *mode, unsigned short *flags)
{
	*flags = (unsigned short)(*mode & MPOL_MODE_FLAGS);
	*mode &= ~MPOL_MODE_FLAGS;
	if ((unsigned int)*mode >= MPOL_MAX)
		return -EINVAL;
	if ((*flags & MPOL_F_STATIC_NODES) && (*flags & MPOL_F_RELATIVE_NODES))
		return -EINVAL;
	if (*flags & MPOL_F_NUMA_BALANCING) {
		if (*mode != MPOL_BIND && *mode != MPOL_PREFERRED_MANY)
			return -EINVAL;
		*flags |= MPOL_F_MOF | MPOL_F_MORON;
	}
	return 0;
}

/* Read @bits bits (at most one word) of a caller's bitmap word. */
static unsigned long mpol_bitmap_word(const unsigned long *word, unsigned long bits)
{
	unsigned long w = *word;

	if (bits % BITS_PER_LONG)
		w &= (1UL << (bits % BITS_PER_LONG)) - 1;
	return w;
}

/*
 * Copy the caller's node bitmap, as the system call does: @maxnode counts one
 * more bit than it reads, and bits at or above MAX_NUMNODES must be clear
 * (checked a word at a time from the end, the way the kernel checks them).
 */
static int mpol_get_nodes(nodemask_t *nodes, const unsigned long *nmask, unsigned long maxnode)
{
	--maxnode;
	nodes_clear(nodes);
	if (maxnode == 0 || !nmask)
		return 0;
	if (maxnode > PAGE_SIZE * BITS_PER_BYTE)
		return -EINVAL;
	while (maxnode > MAX_NUMNODES) {
		unsigned long bits = min(maxnode, (unsigned long)BITS_PER_LONG);
		unsigned long t = mpol_bitmap_word(&nmask[(maxnode - 1) / BITS_PER_LONG], bits);

		if (maxnode - bits >= MAX_NUMNODES) {
			maxnode -= bits;
		} else {
			maxnode = MAX_NUMNODES;
			t &= ~((1UL << (MAX_NUMNODES % BITS_PER_LONG)) - 1);
		}
		if (t)
			return -EINVAL;
	}
	for (unsigned long i = 0; i < BITS_TO_LONGS(maxnode); i++)
		nodes->bits[i] = mpol_bitmap_word(
			&nmask[i], i + 1 < BITS_TO_LONGS(maxnode) ? BITS_PER_LONG : maxnode);
	return 0;
}

/*
 * The kernel's mpol_new() checks: fill @tmpl's mode and flags.
 * Returns 1 for MPOL_DEFAULT (no policy object), 0, or -EINVAL.
 */
static int mpol_new(struct mempolicy *tmpl, unsigned short mode, unsigned short flags,
		    const nodemask_t *nodes)
{
	const unsigned short user_nodes = MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES;

	if (mode == MPOL_DEFAULT)
		return nodes_empty(nodes) ? 1 : -EINVAL;
	if (mode == MPOL_PREFERRED && nodes_empty(nodes)) {
		if (flags & user_nodes)
			return -EINVAL;
		mode = MPOL_LOCAL; /* "preferred: no node" means local */
	} else if (mode == MPOL_LOCAL) {
		if (!nodes_empty(nodes) || (flags & user_nodes))
			return -EINVAL;
	} else if (nodes_empty(nodes)) {
		return -EINVAL;
	}
	memset(tmpl, 0, sizeof(*tmpl));
	tmpl->mode = mode;
	tmpl->flags = flags;
	tmpl->home_node = NUMA_NO_NODE;
	return 0;
}

/* The nodes the policy uses: @nodes within the online nodes (mpol_set_nodemask). */
static int mpol_set_nodemask(struct mempolicy *tmpl, const nodemask_t *nodes)
{
	nodemask_t allowed = node_online_map, use;

	if (tmpl->mode == MPOL_LOCAL)
		return 0;
	if (tmpl->flags & MPOL_F_RELATIVE_NODES)
		mpol_relative_nodemask(&use, nodes, &allowed);
	else
		mpol_nodes_and(&use, nodes, &allowed);
	if (tmpl->flags & MPOL_MODE_FLAGS)
		tmpl->w.user_nodemask = *nodes;
	else
		tmpl->w.cpuset_mems_allowed = allowed;
	if (nodes_empty(&use))
		return -EINVAL;
	if (tmpl->mode == MPOL_PREFERRED) {
		nodes_clear(&tmpl->nodes);
		node_set(first_node(&use), &tmpl->nodes);
	} else {
		tmpl->nodes = use;
	}
	return 0;
}

static long do_set_mempolicy(unsigned short mode, unsigned short flags, const nodemask_t *nodes)
{
	struct task_struct *me = current;
	struct mempolicy tmpl, *new = NULL, *old;
	int ret = mpol_new(&tmpl, mode, flags, nodes);

	if (ret < 0)
		return ret;
	if (ret == 0) {
		ret = mpol_set_nodemask(&tmpl, nodes);
		if (ret)
			return ret;
		new = mpol_install(&tmpl, me);
		if (!new)
			return -ENOMEM;
	}
	old = task_policy(me);
	me->mempolicy = new;
	if (new && (new->mode == MPOL_INTERLEAVE || new->mode == MPOL_WEIGHTED_INTERLEAVE))
		me->il_prev = MAX_NUMNODES - 1;
	mpol_put(old);
	return 0;
}

long set_mempolicy(int mode, const unsigned long *nmask, unsigned long maxnode)
{
	unsigned short mode_flags;
	nodemask_t nodes;
	int lmode = mode;
	int err;

	err = mpol_sanitize_flags(&lmode, &mode_flags);
	if (!err)
		err = mpol_get_nodes(&nodes, nmask, maxnode);
	if (!err)
		err = (int)do_set_mempolicy((unsigned short)lmode, mode_flags, &nodes);
	return err;
}

/* The nodes get_mempolicy() reports for @pol (get_policy_nodemask). */
static void mpol_report_nodes(const struct mempolicy *pol, nodemask_t *nodes)
{
	nodes_clear(nodes);
	if (pol == &default_policy)
		return;
	if (pol->flags & MPOL_MODE_FLAGS)
		*nodes = pol->w.user_nodemask;
	else if (pol->mode != MPOL_LOCAL)
		*nodes = pol->nodes;
}

static int do_get_mempolicy(int *policy, nodemask_t *nmask, unsigned long addr, unsigned long flags)
{
	struct mempolicy *pol;

	if (flags & ~(unsigned long)(MPOL_F_NODE | MPOL_F_ADDR | MPOL_F_MEMS_ALLOWED))
		return -EINVAL;
	if (flags & MPOL_F_MEMS_ALLOWED) {
		if (flags & (MPOL_F_NODE | MPOL_F_ADDR))
			return -EINVAL;
		*policy = 0;
		*nmask = node_online_map;
		return 0;
	}
	if (flags & MPOL_F_ADDR)
		return -EFAULT; /* no mapping contains @addr: kmm has none */
	if (addr)
		return -EINVAL;
	pol = get_task_policy(current);
	if (flags & MPOL_F_NODE) {
		if (pol->mode != MPOL_INTERLEAVE && pol->mode != MPOL_WEIGHTED_INTERLEAVE)
			return -EINVAL;
		*policy = mpol_next_node_in(current->il_prev, &pol->nodes);
	} else {
		*policy = pol == &default_policy ? MPOL_DEFAULT : pol->mode;
		*policy |= pol->flags & MPOL_MODE_FLAGS;
	}
	mpol_report_nodes(pol, nmask);
	return 0;
}

/* Copy a node mask out as the system call does: ALIGN(@maxnode - 1, 64) bits. */
static int mpol_copy_nodes_out(unsigned long *mask, unsigned long maxnode, const nodemask_t *nodes)
{
	unsigned long copy = ALIGN(maxnode - 1, 64) / 8;
	unsigned long nbytes = BITS_TO_LONGS(mpol_nr_node_ids()) * sizeof(long);

	if (copy > nbytes) {
		if (copy > PAGE_SIZE)
			return -EINVAL;
		memset((char *)mask + nbytes, 0, copy - nbytes);
		copy = nbytes;
	}
	memcpy(mask, nodes->bits, copy);
	return 0;
}

long get_mempolicy(int *mode, unsigned long *nmask, unsigned long maxnode, unsigned long addr,
		   unsigned long flags)
{
	nodemask_t nodes;
	int pval, err;

	if (nmask && maxnode < mpol_nr_node_ids())
		return -EINVAL;
	err = do_get_mempolicy(&pval, &nodes, addr, flags);
	if (err)
		return err;
	if (mode)
		*mode = pval;
	if (nmask)
		err = mpol_copy_nodes_out(nmask, maxnode, &nodes);
	return err;
}

long kmm_set_mempolicy(int mode, const nodemask_t *nodes)
{
	if (!nodes)
		return set_mempolicy(mode, NULL, 0);
	return set_mempolicy(mode, nodes->bits, MAX_NUMNODES + 1);
}

long kmm_get_mempolicy(int *mode, nodemask_t *nodes)
{
	nodemask_t tmp;
	long err = get_mempolicy(mode, tmp.bits, MAX_NUMNODES, 0, 0);

	if (!err && nodes)
		*nodes = tmp;
	return err;
}

/* ---------------------------------------------------------------------------
 * Allocation
 * ------------------------------------------------------------------------- */

/* The highest zone any node has: BIND binds allocations that may use it. */
static enum zone_type mpol_policy_zone(void)
{
	int nid, highest = 0;

	for_each_online_node(nid)
		highest = max(highest, NODE_DATA(nid)->nr_zones - 1);
	return (enum zone_type)highest;
}

/* The node of this turn of the interleave round robin. */
static int interleave_nodes(const struct mempolicy *pol)
{
	struct task_struct *me = current;
	int nid = mpol_next_node_in(me->il_prev, &pol->nodes);

	if (nid < MAX_NUMNODES)
		me->il_prev = nid;
	return nid;
}

struct page *alloc_page_interleave(gfp_t gfp, unsigned int order, int nid)
{
	struct page *page = __alloc_pages(gfp, order, nid, NULL);

	if (page && page_to_nid(page) == nid)
		count_numa_event(page_zone(page), NUMA_INTERLEAVE_HIT);
	return page;
}

/* The policy's nodes without reclaim or a failure report, then anywhere. */
static struct page *alloc_pages_preferred_many(gfp_t gfp, unsigned int order, int nid,
					       nodemask_t *nodemask)
{
	gfp_t first = (gfp | __GFP_NOWARN) & ~(__GFP_DIRECT_RECLAIM | __GFP_NOFAIL);
	struct page *page = __alloc_pages(first, order, nid, nodemask);

	return page ? page : __alloc_pages(gfp, order, nid, NULL);
}

/* Allocate as @pol says; @nid is the local node. */
static struct page *alloc_pages_mpol(gfp_t gfp, unsigned int order, struct mempolicy *pol, int nid)
{
	nodemask_t *nodemask = NULL;

	switch (pol->mode) {
	case MPOL_PREFERRED: nid = first_node(&pol->nodes); break;
	case MPOL_BIND:
		if (gfp_zone(gfp) >= mpol_policy_zone())
			nodemask = &pol->nodes;
		if (pol->home_node != NUMA_NO_NODE)
			nid = pol->home_node;
		break;
	case MPOL_INTERLEAVE:
	case MPOL_WEIGHTED_INTERLEAVE:
		return alloc_page_interleave(gfp, order, interleave_nodes(pol));
	case MPOL_PREFERRED_MANY:
		if (pol->home_node != NUMA_NO_NODE)
			nid = pol->home_node;
		return alloc_pages_preferred_many(gfp, order, nid, &pol->nodes);
	default: /* MPOL_LOCAL */ break;
	}
	return __alloc_pages(gfp, order, nid, nodemask);
}

/**
 * alloc_pages_policy - alloc_pages() for a task that has a memory policy
 * @gfp: GFP flags
 * @order: log2 of the number of pages
 *
 * Interrupt context and __GFP_THISNODE use the local node, whatever the
 * calling task's policy (see the table at the top of this file).
 *
 * Context: any context, with GFP flags that fit it; may sleep if @gfp allows.
 * Return: the first struct page, or NULL.
 */
struct page *alloc_pages_policy(gfp_t gfp, unsigned int order)
{
	struct mempolicy *pol = NULL;

	if (!in_interrupt() && !(gfp & __GFP_THISNODE))
		pol = task_policy(current);
	if (likely(!pol))
		return __alloc_pages(gfp, order, numa_node_id(), NULL);
	return alloc_pages_mpol(gfp, order, pol, numa_node_id());
}

struct page *alloc_pages_current(gfp_t gfp, unsigned int order)
{
	return alloc_pages(gfp, order);
}

/* ---------------------------------------------------------------------------
 * /sys/devices/system/node/nodeN/{numastat,meminfo}
 * ------------------------------------------------------------------------- */

static bool mpol_node_exists(int nid)
{
	return node_online(nid) && NODE_DATA(nid);
}

static unsigned long node_numa_event(int nid, enum numa_stat_item item)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &NODE_DATA(nid)->node_zones[z];

		if (populated_zone(zone))
			n += zone_numa_event(zone, item);
	}
	return n;
}

int kmm_node_numastat_show(int nid, FILE *out)
{
	if (!mpol_node_exists(nid))
		return -ENOENT;
	fprintf(out, "numa_hit %lu\n", node_numa_event(nid, NUMA_HIT));
	fprintf(out, "numa_miss %lu\n", node_numa_event(nid, NUMA_MISS));
	fprintf(out, "numa_foreign %lu\n", node_numa_event(nid, NUMA_FOREIGN));
	fprintf(out, "interleave_hit %lu\n", node_numa_event(nid, NUMA_INTERLEAVE_HIT));
	fprintf(out, "local_node %lu\n", node_numa_event(nid, NUMA_LOCAL));
	fprintf(out, "other_node %lu\n", node_numa_event(nid, NUMA_OTHER));
	return 0;
}

/* The kernel's si_meminfo_node(): managed and free pages, all and HighMem. */
static void node_meminfo(int nid, struct sysinfo *i)
{
	memset(i, 0, sizeof(*i));
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &NODE_DATA(nid)->node_zones[z];
		unsigned long managed = zone_managed_pages(zone);
		unsigned long free = zone_page_state(zone, NR_FREE_PAGES);

		i->totalram += managed;
		i->freeram += free;
		if (is_highmem_idx((enum zone_type)z)) {
			i->totalhigh += managed;
			i->freehigh += free;
		}
	}
	i->mem_unit = PAGE_SIZE;
}

/* "Node N Label:" padded to the kernel's column, then the size in kB. */
static void node_meminfo_line(FILE *out, int nid, const char *name, unsigned long pages)
{
	char label[32];

	snprintf(label, sizeof(label), "%s:", name);
	fprintf(out, "Node %d %-16s%8lu kB\n", nid, label, pages << (PAGE_SHIFT - 10));
}

int kmm_node_meminfo_show(int nid, FILE *out)
{
	struct sysinfo i;

	if (!mpol_node_exists(nid))
		return -ENOENT;
	node_meminfo(nid, &i);
	node_meminfo_line(out, nid, "MemTotal", i.totalram);
	node_meminfo_line(out, nid, "MemFree", i.freeram);
	node_meminfo_line(out, nid, "MemUsed", i.totalram - i.freeram);
	if (kmm_machine.layout == KMM_LAYOUT_X86_32) { /* the kernel's CONFIG_HIGHMEM */
		node_meminfo_line(out, nid, "HighTotal", i.totalhigh);
		node_meminfo_line(out, nid, "HighFree", i.freehigh);
		node_meminfo_line(out, nid, "LowTotal", i.totalram - i.totalhigh);
		node_meminfo_line(out, nid, "LowFree", i.freeram - i.freehigh);
	}
	return 0;
}
