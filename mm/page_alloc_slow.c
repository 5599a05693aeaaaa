// SPDX-License-Identifier: MIT
/*
 * mm/page_alloc_slow.c - what an allocation does when the fast path fails:
 * the promises of the GFP flags.
 *
 * Theory
 * ------
 * The fast path (page_alloc.c) takes pages only from zones above their low
 * watermark.  When that fails, __alloc_pages_slowpath() works down this list
 * and stops at the first step that yields pages:
 *
 *   1. wake kswapd of every node in the zonelist (unless __GFP_KSWAPD_RECLAIM
 *      is clear), then retry against the min watermark - lowered for
 *      __GFP_HIGH (to 1/2) and further for GFP_ATOMIC (to 3/8);
 *   2. PF_MEMALLOC tasks (memalloc_noreclaim_save) and __GFP_MEMALLOC ignore
 *      watermarks (never with __GFP_NOMEMALLOC);
 *   3. callers that cannot sleep (no __GFP_DIRECT_RECLAIM) fail here;
 *   4. direct reclaim: the shrinkers, in the task's NOIO/NOFS context, then
 *      drain the per-CPU lists, then retry;
 *   5. __GFP_NORETRY fails after that one attempt; costly orders (> 3) fail
 *      unless __GFP_RETRY_MAYFAIL; reclaim is retried while it makes progress,
 *      at most MAX_RECLAIM_RETRIES times without progress;
 *   6. __GFP_RETRY_MAYFAIL fails here rather than invoke the OOM killer;
 *   7. out_of_memory(): the OOM notifiers may free memory (retry if so); else
 *      the kernel would kill a process.  kmm has no process to kill, so
 *      "too small to fail" allocations (order <= 3) and __GFP_NOFAIL ones
 *      WAIT: the task sleeps until some page is freed anywhere, then goes
 *      back to step 4.  This is the one place an allocation really blocks.
 *
 * Waiting: page_waiters counts sleeping tasks; every free checks it (one
 * relaxed load) and only then bumps page_free_seq and wakes them.  Sleepers
 * also wake every 100 ms to retry reclaim, so nothing depends on a wakeup
 * that a free racing with the sleep could miss for long.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/vmstat.h>

#include "arch/host/host.h"
#include "kernel/internal.h"
#include "mm/internal.h"

#define MAX_RECLAIM_RETRIES 16
#define WAIT_SLICE_NS (100ULL * 1000 * 1000)

int page_waiters;	  /* tasks sleeping in wait_for_free_pages() */
static int page_free_seq; /* futex word, bumped when pages are freed while someone waits */

void wake_page_waiters(void)
{
	__atomic_fetch_add(&page_free_seq, 1, __ATOMIC_SEQ_CST);
	host_futex_wake(&page_free_seq, 1 << 30);
}

/* Sleep until a page is freed or a time slice passes. */
static void wait_for_free_pages(void)
{
	int seq;

	count_vm_event(PGALLOC_WAIT);
	__atomic_fetch_add(&page_waiters, 1, __ATOMIC_SEQ_CST);
	seq = __atomic_load_n(&page_free_seq, __ATOMIC_SEQ_CST);
	host_futex_wait(&page_free_seq, seq, WAIT_SLICE_NS);
	__atomic_fetch_sub(&page_waiters, 1, __ATOMIC_SEQ_CST);
}

static unsigned int gfp_to_alloc_flags(gfp_t gfp, unsigned int order)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN;

	if (gfp & __GFP_HIGH)
		alloc_flags |= ALLOC_MIN_RESERVE;
	if (!(gfp & __GFP_DIRECT_RECLAIM) && !(gfp & __GFP_NOMEMALLOC))
		alloc_flags |= ALLOC_NON_BLOCK;
	if (gfp & __GFP_KSWAPD_RECLAIM)
		alloc_flags |= ALLOC_KSWAPD;
	return alloc_flags;
}

/* May this allocation ignore the watermarks altogether? */
static bool gfp_pfmemalloc_allowed(gfp_t gfp)
{
	if (gfp & __GFP_NOMEMALLOC)
		return false;
	if (gfp & __GFP_MEMALLOC)
		return true;
	return (current->flags & PF_MEMALLOC) && !in_interrupt();
}

static void wake_all_kswapds(unsigned int order, gfp_t gfp, const struct alloc_context *ac)
{
	pg_data_t *last = NULL;

	for (struct zoneref *z = ac->zonelist->_zonerefs; z->zone; z++) {
		if (z->zone_idx > ac->highest_zoneidx || z->zone->zone_pgdat == last)
			continue;
		if (ac->nodemask && !node_isset(z->zone->node, ac->nodemask))
			continue;
		last = z->zone->zone_pgdat;
		wakeup_kswapd(z->zone, gfp, (int)order, (enum zone_type)ac->highest_zoneidx);
	}
}

static struct page *direct_reclaim(gfp_t gfp, unsigned int order, unsigned int alloc_flags,
				   const struct alloc_context *ac, unsigned long *progress)
{
	struct page *page;

	*progress = try_to_free_pages(ac->zonelist, (int)order, gfp, ac->nodemask);
	drain_all_pages(NULL);
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (page)
		*progress = max(*progress, 1UL);
	return page;
}

/* Could free plus reclaimable memory still satisfy the min watermark somewhere? */
static bool should_reclaim_retry(unsigned int order, const struct alloc_context *ac,
				 unsigned int alloc_flags, int no_progress_loops)
{
	if (no_progress_loops > MAX_RECLAIM_RETRIES)
		return false;
	for (struct zoneref *z = ac->zonelist->_zonerefs; z->zone; z++) {
		long avail;

		if (z->zone_idx > ac->highest_zoneidx)
			continue;
		avail = (long)(zone_page_state(z->zone, NR_FREE_PAGES) + zone_pcp_pages(z->zone));
		if (__zone_watermark_ok(z->zone, order, min_wmark_pages(z->zone),
					ac->highest_zoneidx, alloc_flags, avail))
			return true;
	}
	return false;
}

static bool may_oom(gfp_t gfp, unsigned int order, const struct alloc_context *ac)
{
	struct oom_control oc = {
		.zonelist = ac->zonelist,
		.nodemask = ac->nodemask,
		.gfp_mask = gfp,
		.order = (int)order,
	};

	return out_of_memory(&oc);
}

static void check_retry_flags(gfp_t gfp, unsigned int order)
{
	if (!(gfp & __GFP_NOFAIL))
		return;
	WARN_ONCE(gfp & (__GFP_NORETRY | __GFP_RETRY_MAYFAIL),
		  "__GFP_NOFAIL with __GFP_NORETRY or __GFP_RETRY_MAYFAIL: %#x\n", gfp);
	WARN_ON_ONCE(order > 1); /* the kernel's warning: NOFAIL for large orders */
}

/* Steps 4-7 of the theory; loops until pages come or the rules say fail. */
static struct page *slowpath_reclaim(gfp_t gfp, unsigned int order, unsigned int alloc_flags,
				     const struct alloc_context *ac)
{
	bool costly = order > PAGE_ALLOC_COSTLY_ORDER;
	int no_progress_loops = 0;
	unsigned long progress;
	struct page *page;

	for (;;) {
		page = direct_reclaim(gfp, order, alloc_flags, ac, &progress);
		if (page)
			return page;
		if ((gfp & __GFP_NORETRY) && !(gfp & __GFP_NOFAIL))
			return NULL;
		if (costly && !(gfp & (__GFP_RETRY_MAYFAIL | __GFP_NOFAIL)))
			return NULL;
		no_progress_loops = progress ? 0 : no_progress_loops + 1;
		if (should_reclaim_retry(order, ac, alloc_flags, no_progress_loops))
			continue;
		if ((gfp & __GFP_RETRY_MAYFAIL) && !(gfp & __GFP_NOFAIL))
			return NULL;
		if (may_oom(gfp, order, ac)) {
			no_progress_loops = 0;
			continue;
		}
		if (costly && !(gfp & __GFP_NOFAIL))
			return NULL;
		wait_for_free_pages(); /* too small to fail, or NOFAIL: wait */
		wake_all_kswapds(order, gfp, ac);
		no_progress_loops = 0;
	}
}

struct page *__alloc_pages_slowpath(gfp_t gfp, unsigned int order, struct alloc_context *ac)
{
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp, order);
	bool can_reclaim = gfpflags_allow_blocking(gfp);
	struct page *page;

	check_retry_flags(gfp, order);
	if (alloc_flags & ALLOC_KSWAPD)
		wake_all_kswapds(order, gfp, ac);
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (!page && gfp_pfmemalloc_allowed(gfp))
		page = get_page_from_freelist(gfp, order, ALLOC_NO_WATERMARKS, ac);
	if (page)
		return page;
	if (!can_reclaim) {
		WARN_ON_ONCE(gfp & __GFP_NOFAIL); /* NOFAIL that cannot sleep cannot keep it */
		goto fail;
	}
	if (current->flags & PF_MEMALLOC)
		goto fail; /* reclaiming already: do not recurse */
	gfp = current_gfp_context(gfp);
	page = slowpath_reclaim(gfp, order, alloc_flags, ac);
	if (page)
		return page;
fail:
	warn_alloc(gfp, ac->nodemask, order);
	return NULL;
}
