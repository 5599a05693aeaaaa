// SPDX-License-Identifier: MIT
/*
 * mm/oom_kill.c - out of memory: the OOM notifiers, the OOM report, and the
 * notifier chains they are built on.
 *
 * Theory
 * ------
 * 1. When.  The page allocator's slow path calls out_of_memory() once direct
 *    reclaim has stopped making progress for an allocation that is not
 *    allowed to give up early (no __GFP_NORETRY / __GFP_RETRY_MAYFAIL).
 *
 * 2. What it does, in order:
 *      a. serialise on oom_lock: a second task arriving while one OOM is
 *         being handled does not report again - it sleeps a millisecond and
 *         returns true ("retry"), as the kernel's allocator does when its
 *         mutex_trylock(&oom_lock) fails;
 *      b. run the OOM notifier chain; a callback adds the pages it freed to
 *         *freed.  Anything freed: return true, no report;
 *      c. count OOM_KILL and print the report (rate limited: at most one a
 *         second, and always the first of each machine - the limit restarts
 *         when OOM_KILL, which boot zeroes, is 0; the count is always kept):
 *         the kernel's "invoked oom-killer" line, the stack, show_mem(),
 *         then kmm's verdict;
 *      d. return false: no progress.
 *
 * 3. Locking.  oom_lock (a mutex) is taken with trylock only, so out_of_memory()
 *    never waits for another OOM; it also protects oom_rs, the report's rate
 *    limit.  The notifier chain has its own mutex,
 *    held while the chain runs (<linux/notifier.h>).  Order: oom_lock ->
 *    chain mutex -> whatever the notifiers take.
 *
 * Differences from the kernel: there are no processes, so nothing is
 * chosen or killed, there is no task list in the report, and no panic
 * ("System is deadlocked on memory").  The last line says so and what
 * becomes of the allocation:
 *
 *   Out of memory: no process to kill in kmm; <comm> (pid N) waits for pages to be freed
 *
 * for allocations that are "too small to fail" (order <= 3 or __GFP_NOFAIL:
 * the allocator puts them to sleep until a page is freed), or "... fails"
 * for the others.  The kernel skips the OOM killer for allocations without
 * __GFP_FS (it returns true and lets them retry); kmm kills nothing anyway,
 * so they get the same report and the same wait as everyone else.
 * OOM_KILL counts reports, not kills.
 *
 * The notifier chains live here until something else in kmm needs them (the
 * kernel has them in kernel/notifier.c).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/oom.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/vmstat.h>

#include "kernel/internal.h"
#include "mm/internal.h"

/* Full OOM reports: at most one per this many milliseconds (a kmm jiffy is 1 ms). */
#define OOM_REPORT_INTERVAL_MS 1000

DEFINE_MUTEX(oom_lock);
static BLOCKING_NOTIFIER_HEAD(oom_notify_list);
static DEFINE_RATELIMIT_STATE(oom_rs, OOM_REPORT_INTERVAL_MS, 1);

/* ---------------------------------------------------------------------------
 * Notifier chains
 * ------------------------------------------------------------------------- */

/* Insert @n before the first block of lower priority.  Caller holds the chain's lock. */
static int notifier_chain_register(struct notifier_block **nl, struct notifier_block *n)
{
	while (*nl) {
		if (WARN(*nl == n, "notifier callback %p already registered\n",
			 (void *)n->notifier_call))
			return -EEXIST;
		if (n->priority > (*nl)->priority)
			break;
		nl = &(*nl)->next;
	}
	n->next = *nl;
	*nl = n;
	return 0;
}

static int notifier_chain_unregister(struct notifier_block **nl, struct notifier_block *n)
{
	for (; *nl; nl = &(*nl)->next) {
		if (*nl == n) {
			*nl = n->next;
			n->next = NULL;
			return 0;
		}
	}
	return -ENOENT;
}

/* Run the callbacks until one sets NOTIFY_STOP_MASK.  Caller holds the chain's lock. */
static int notifier_call_chain(struct notifier_block *nb, unsigned long val, void *v)
{
	int ret = NOTIFY_DONE;

	for (; nb; nb = nb->next) {
		ret = nb->notifier_call(nb, val, v);
		if (ret & NOTIFY_STOP_MASK)
			break;
	}
	return ret;
}

/**
 * blocking_notifier_chain_register - add @nb to a blocking chain
 * @nh: the chain
 * @nb: the block; its priority orders the chain (higher first)
 *
 * Context: process context, may sleep.
 * Return: 0, or -EEXIST if @nb is already on the chain.
 */
int blocking_notifier_chain_register(struct blocking_notifier_head *nh, struct notifier_block *nb)
{
	int ret;

	mutex_lock(&nh->mutex);
	ret = notifier_chain_register(&nh->head, nb);
	mutex_unlock(&nh->mutex);
	return ret;
}

/**
 * blocking_notifier_chain_unregister - remove @nb from a blocking chain
 * @nh: the chain
 * @nb: the block
 *
 * Once it returns, @nb's callback is not running and will not run again.
 * Context: process context, may sleep; not from a callback of the same chain.
 * Return: 0, or -ENOENT if @nb was not on the chain.
 */
int blocking_notifier_chain_unregister(struct blocking_notifier_head *nh, struct notifier_block *nb)
{
	int ret;

	mutex_lock(&nh->mutex);
	ret = notifier_chain_unregister(&nh->head, nb);
	mutex_unlock(&nh->mutex);
	return ret;
}

/**
 * blocking_notifier_call_chain - run every callback of a blocking chain
 * @nh: the chain
 * @val: the event, passed to each callback
 * @v: data passed to each callback
 *
 * Context: process context, may sleep; callbacks may sleep.
 * Return: the last callback's value (NOTIFY_DONE for an empty chain).
 */
int blocking_notifier_call_chain(struct blocking_notifier_head *nh, unsigned long val, void *v)
{
	int ret;

	mutex_lock(&nh->mutex);
	ret = notifier_call_chain(nh->head, val, v);
	mutex_unlock(&nh->mutex);
	return ret;
}

/**
 * atomic_notifier_chain_register - add @nb to an atomic chain
 * @nh: the chain
 * @nb: the block
 *
 * Context: any.
 * Return: 0, or -EEXIST.
 */
int atomic_notifier_chain_register(struct atomic_notifier_head *nh, struct notifier_block *nb)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&nh->lock, flags);
	ret = notifier_chain_register(&nh->head, nb);
	spin_unlock_irqrestore(&nh->lock, flags);
	return ret;
}

/**
 * atomic_notifier_chain_unregister - remove @nb from an atomic chain
 * @nh: the chain
 * @nb: the block
 *
 * Context: any; not from a callback of the same chain.
 * Return: 0, or -ENOENT.
 */
int atomic_notifier_chain_unregister(struct atomic_notifier_head *nh, struct notifier_block *nb)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&nh->lock, flags);
	ret = notifier_chain_unregister(&nh->head, nb);
	spin_unlock_irqrestore(&nh->lock, flags);
	return ret;
}

/**
 * atomic_notifier_call_chain - run every callback of an atomic chain
 * @nh: the chain
 * @val: the event
 * @v: data for the callbacks
 *
 * Callbacks run with the chain's spinlock held and must not sleep.
 * Context: any.
 * Return: the last callback's value (NOTIFY_DONE for an empty chain).
 */
int atomic_notifier_call_chain(struct atomic_notifier_head *nh, unsigned long val, void *v)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&nh->lock, flags);
	ret = notifier_call_chain(nh->head, val, v);
	spin_unlock_irqrestore(&nh->lock, flags);
	return ret;
}

/**
 * raw_notifier_chain_register - add @nb to a chain the caller serialises
 * @nh: the chain
 * @nb: the block
 *
 * Context: any; the caller provides the locking.
 * Return: 0, or -EEXIST.
 */
int raw_notifier_chain_register(struct raw_notifier_head *nh, struct notifier_block *nb)
{
	return notifier_chain_register(&nh->head, nb);
}

/**
 * raw_notifier_chain_unregister - remove @nb from a raw chain
 * @nh: the chain
 * @nb: the block
 *
 * Context: any; the caller provides the locking.
 * Return: 0, or -ENOENT.
 */
int raw_notifier_chain_unregister(struct raw_notifier_head *nh, struct notifier_block *nb)
{
	return notifier_chain_unregister(&nh->head, nb);
}

/**
 * raw_notifier_call_chain - run every callback of a raw chain
 * @nh: the chain
 * @val: the event
 * @v: data for the callbacks
 *
 * Context: any the callbacks allow; the caller provides the locking.
 * Return: the last callback's value (NOTIFY_DONE for an empty chain).
 */
int raw_notifier_call_chain(struct raw_notifier_head *nh, unsigned long val, void *v)
{
	return notifier_call_chain(nh->head, val, v);
}

/* ---------------------------------------------------------------------------
 * The OOM handler
 * ------------------------------------------------------------------------- */

int register_oom_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&oom_notify_list, nb);
}

int unregister_oom_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_unregister(&oom_notify_list, nb);
}

/* Does the allocator give up on this allocation after OOM, rather than wait? */
static bool oom_allocation_may_fail(const struct oom_control *oc)
{
	gfp_t gfp = oc->gfp_mask;

	if (gfp & __GFP_NOFAIL)
		return false;
	if (!(gfp & __GFP_DIRECT_RECLAIM) || (gfp & (__GFP_NORETRY | __GFP_RETRY_MAYFAIL)))
		return true;
	return oc->order > PAGE_ALLOC_COSTLY_ORDER;
}

/* The kernel's dump_header(), then kmm's verdict instead of a victim. */
static void oom_report(const struct oom_control *oc)
{
	char flags[256];

	format_gfp_flags(oc->gfp_mask, flags, sizeof(flags));
	printk_report_lock();
	pr_warn("%s invoked oom-killer: gfp_mask=%#x(%s), order=%d, oom_score_adj=0\n",
		current->comm, oc->gfp_mask, flags, oc->order);
	dump_stack();
	show_mem();
	pr_err("Out of memory: no process to kill in kmm; %s (pid %d) %s\n", current->comm,
	       task_pid_nr(current),
	       oom_allocation_may_fail(oc) ? "fails" : "waits for pages to be freed");
	report_count_inc();
	printk_report_unlock();
}

/**
 * out_of_memory - reclaim failed: try the OOM notifiers, else report
 * @oc: the allocation that found no memory
 *
 * Context: process context, may sleep (the notifiers may); called by the
 * page allocator without locks held.
 * Return: true if the caller should simply retry (the notifiers freed pages,
 * or another task is handling an OOM right now); false if nothing was freed.
 */
bool out_of_memory(struct oom_control *oc)
{
	unsigned long freed = 0;

	might_sleep();
	if (!mutex_trylock(&oom_lock)) {
		msleep(1); /* someone else is at it: give them a moment, then retry */
		return true;
	}
	blocking_notifier_call_chain(&oom_notify_list, 0, &freed);
	if (freed) {
		mutex_unlock(&oom_lock);
		return true;
	}
	if (!global_vm_event(OOM_KILL)) /* the machine's first OOM: a fresh limit */
		oom_rs = (struct ratelimit_state)RATELIMIT_STATE_INIT(oom_rs,
								      OOM_REPORT_INTERVAL_MS, 1);
	count_vm_event(OOM_KILL);
	if (__ratelimit(&oom_rs))
		oom_report(oc);
	mutex_unlock(&oom_lock);
	return false;
}
