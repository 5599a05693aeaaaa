// SPDX-License-Identifier: MIT
/*
 * mm/vmscan.c - reclaim: shrinkers, direct reclaim and kswapd.
 *
 * Theory
 * ------
 * 1. What can be reclaimed.  kmm has no page cache, no anonymous memory and
 *    no LRU lists, so the only memory reclaim can give back is what
 *    shrinkers hold (<linux/shrinker.h>).  Reclaiming a node means calling
 *    shrink_slab() for it at a priority, DEF_PRIORITY (12, gentle) down to 0.
 *
 * 2. Scanning one shrinker (do_shrink_slab), the kernel's arithmetic:
 *      freeable = count_objects()                      (0 / SHRINK_EMPTY: skip)
 *      delta    = (freeable >> priority) * 4 / seeks   (seeks 0: freeable / 2)
 *      total    = min(deferred >> priority + delta, 2 * freeable)
 *    then scan_objects() in batches of ->batch (SHRINK_BATCH) until total
 *    is used up or it returns SHRINK_STOP; work not done is deferred to the
 *    next call on that node.  kmm's addition: every call scans at least one
 *    batch (or all of a smaller cache), because kmm's caches are small and
 *    the kernel's formula would not touch them until low priorities.
 *
 * 3. Measuring.  The kernel counts reclaimed pages as they are freed
 *    (current->reclaim_state).  kmm measures the rise of the free page
 *    count - buddy lists plus per-CPU lists - of the zones reclaim works
 *    for, across each node's shrink_slab().  Frees by other tasks at the
 *    same time make it look bigger, allocations smaller (never below 0):
 *    it is an estimate, good for progress decisions and the pgsteal
 *    counters.  pgscan counts objects asked of shrinkers.
 *
 * 4. Direct reclaim (try_to_free_pages): an allocation that found no memory
 *    runs reclaim itself, with PF_MEMALLOC set (its own allocations use the
 *    reserves and never recurse into reclaim) and with its effective gfp
 *    mask (memalloc_noio/nofs scopes applied).  For priority 12 down to 0 it
 *    shrinks each node of the zonelist once (nodemask respected), and stops
 *    once it has 32 pages (SWAP_CLUSTER_MAX, order 0) or a zone it may use
 *    meets the min watermark for the order.  A shrinker that frees nothing
 *    only costs 13 rounds: direct reclaim always ends.
 *
 * 5. kswapd: one host thread per node, "kswapd<nid>", flags PF_KSWAPD |
 *    PF_MEMALLOC.  The allocator calls wakeup_kswapd() when a zone is below
 *    its low watermark; kswapd reclaims until the node is balanced - some
 *    zone up to the requested highest zone meets its high watermark for the
 *    requested order (the kernel's pgdat_balanced; after reclaiming twice
 *    the request's size without forming such a block it settles for order
 *    0, as the kernel does) - and sleeps again:
 *
 *      state (kswapd_sleeping)  what kswapd does            who moves it on
 *      0 working                balance_pgdat() passes      itself
 *      1 napping                100 ms after balancing      a waker, or time
 *      2 asleep                 nothing                     a waker, or stop
 *
 *    A pass that reclaims nothing counts a failure; after MAX_RECLAIM_RETRIES
 *    (16) the node is "hopeless": kswapd sleeps and wakeup_kswapd() leaves
 *    it alone until some reclaim makes progress there again (which resets
 *    the count).  Between unproductive passes kswapd sleeps 5 ms: it never
 *    spins.  Woken during its nap it counts kswapd_low_wmark_hit_quickly;
 *    unable to sleep because the node is not balanced,
 *    kswapd_high_wmark_hit_quickly (the kernel's meanings).
 *
 *    Waking, without a lost wakeup: a waker records the request (order,
 *    highest zone; atomic maxima) and then exchanges kswapd_sleeping with
 *    0; if it was not 0 it bumps kswapd_wait and futex-wakes it.  kswapd
 *    stores its sleeping state, then reads kswapd_wait, then looks for a
 *    pending request and only then sleeps on the value it read.  Both sides
 *    are sequentially consistent, so either kswapd sees the request or the
 *    waker sees it sleeping (and the futex sees the bump).
 *
 * 6. Locking.  shrinker_mutex protects shrinker_list and the
 *    SHRINKER_REGISTERED flag; it is NOT held while a shrinker runs.  A
 *    reclaimer takes a reference (shrinker->kmm_active, under the mutex),
 *    drops the mutex, calls the shrinker, retakes the mutex, drops the
 *    reference and moves to the next entry.  Unregistering clears
 *    SHRINKER_REGISTERED (no new references), waits on the kmm_active futex
 *    until it is 0, then unlinks the entry - so a reclaimer holding a
 *    reference always finds its entry still linked.  Nothing else is taken
 *    under shrinker_mutex except the futex wake; shrinkers may allocate,
 *    sleep, and register or unregister other shrinkers.
 *
 * Differences from the kernel: no LRU lists, page cache, swap, writeback,
 * memory cgroups, compaction or reclaim throttling; reclaimed pages are
 * measured, not counted (3.); at least one batch per shrinker call (2.);
 * the kernel walks the shrinker list under RCU (earlier a read-write
 * semaphore), kmm uses the per-shrinker reference of 6.  kswapd is a host
 * thread, not a kthread, started and stopped by kmm_boot() / kmm_shutdown().
 */
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/shrinker.h>
#include <linux/vmstat.h>

#include "arch/host/host.h"
#include "kernel/internal.h"
#include "mm/internal.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>

#define SWAP_CLUSTER_MAX 32UL
#ifndef MAX_RECLAIM_RETRIES
#define MAX_RECLAIM_RETRIES 16
#endif

#define KSWAPD_NAP_NS (100ULL * 1000 * 1000)   /* the kernel's HZ/10 */
#define KSWAPD_BACKOFF_NS (5ULL * 1000 * 1000) /* between unproductive passes */

/* pgdat->kswapd_sleeping */
enum { KSWAPD_WORKING, KSWAPD_NAPPING, KSWAPD_ASLEEP };

/* One reclaim run: what it may do and what it achieved. */
struct scan_control {
	gfp_t gfp_mask;		     /* effective flags (memalloc scopes applied) */
	int order;		     /* of the allocation reclaim is for */
	int priority;		     /* DEF_PRIORITY .. 0 */
	int reclaim_idx;	     /* highest zone the allocation may use */
	nodemask_t *nodemask;	     /* nodes allowed, or NULL */
	unsigned long nr_to_reclaim; /* pages wanted (order-0 direct reclaim) */
	unsigned long nr_scanned;    /* objects asked of shrinkers */
	unsigned long nr_reclaimed;  /* pages: rise of the free count */
};

static LIST_HEAD(shrinker_list); /* registered shrinkers; shrinker_mutex */
DEFINE_MUTEX(shrinker_mutex);
/* The shrinker whose callback this thread is running, to catch self-unregistration. */
static __thread struct shrinker *vmscan_running_shrinker;

/* ---------------------------------------------------------------------------
 * Registering shrinkers
 * ------------------------------------------------------------------------- */

static void shrinker_init(struct shrinker *s, const char *fmt, va_list ap)
{
	vsnprintf(s->kmm_name, sizeof(s->kmm_name), fmt, ap);
	s->name = s->kmm_name;
	s->kmm_active = 0;
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		atomic_long_set(&s->nr_deferred[nid], 0);
	INIT_LIST_HEAD(&s->list);
}

/* Put @s on the list.  False (with a WARN) if it cannot be registered. */
static bool shrinker_add(struct shrinker *s)
{
	bool ok;

	might_sleep();
	if (WARN(!s->count_objects || !s->scan_objects,
		 "shrinker %s has no count_objects or scan_objects\n", s->name ?: "?"))
		return false;
	mutex_lock(&shrinker_mutex);
	ok = !(s->flags & SHRINKER_REGISTERED);
	if (ok) {
		list_add_tail(&s->list, &shrinker_list);
		s->flags |= SHRINKER_REGISTERED;
	}
	mutex_unlock(&shrinker_mutex);
	WARN(!ok, "shrinker %s registered twice\n", s->name);
	return ok;
}

/* Is @s registered?  Read under the mutex: the flag changes under it. */
static bool shrinker_registered(struct shrinker *s)
{
	bool registered;

	mutex_lock(&shrinker_mutex);
	registered = s->flags & SHRINKER_REGISTERED;
	mutex_unlock(&shrinker_mutex);
	return registered;
}

int prealloc_shrinker(struct shrinker *shrinker, const char *fmt, ...)
{
	va_list ap;

	if (WARN(shrinker_registered(shrinker), "prealloc_shrinker: %s is registered\n",
		 shrinker->name))
		return -EINVAL;
	va_start(ap, fmt);
	shrinker_init(shrinker, fmt, ap);
	va_end(ap);
	return 0;
}

void register_shrinker_prepared(struct shrinker *shrinker)
{
	shrinker_add(shrinker);
}

void free_prealloced_shrinker(struct shrinker *shrinker)
{
	/* nothing was allocated */
}

int __register_shrinker(struct shrinker *shrinker, const char *fmt, ...)
{
	va_list ap;

	if (WARN(shrinker_registered(shrinker), "shrinker %s registered twice\n", shrinker->name))
		return -EINVAL;
	va_start(ap, fmt);
	shrinker_init(shrinker, fmt, ap);
	va_end(ap);
	return shrinker_add(shrinker) ? 0 : -EINVAL;
}

int __register_shrinker_noname(struct shrinker *shrinker)
{
	return __register_shrinker(shrinker, "%s", "(unnamed)");
}

/* Wait until no reclaimer is inside @s's callbacks.  @s is no longer registered. */
static void shrinker_wait_idle(struct shrinker *s)
{
	int active;

	while ((active = __atomic_load_n(&s->kmm_active, __ATOMIC_ACQUIRE)) != 0)
		host_futex_wait(&s->kmm_active, active, 0);
}

void unregister_shrinker(struct shrinker *shrinker)
{
	bool was_registered;

	might_sleep();
	if (WARN(vmscan_running_shrinker == shrinker,
		 "unregister_shrinker: %s unregisters itself from its own callback\n",
		 shrinker->name))
		return;
	mutex_lock(&shrinker_mutex);
	was_registered = shrinker->flags & SHRINKER_REGISTERED;
	shrinker->flags &= ~SHRINKER_REGISTERED;
	mutex_unlock(&shrinker_mutex);
	if (!was_registered)
		return;
	shrinker_wait_idle(shrinker);
	mutex_lock(&shrinker_mutex);
	list_del(&shrinker->list);
	mutex_unlock(&shrinker_mutex);
}

struct shrinker *shrinker_alloc(unsigned int flags, const char *fmt, ...)
{
	struct shrinker *s;
	va_list ap;

	might_sleep();
	s = alloc_pages_exact(sizeof(*s), GFP_KERNEL | __GFP_ZERO);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	shrinker_init(s, fmt, ap);
	va_end(ap);
	s->flags = (flags & ~SHRINKER_REGISTERED) | SHRINKER_ALLOCATED;
	s->seeks = DEFAULT_SEEKS;
	return s;
}

void shrinker_register(struct shrinker *shrinker)
{
	if (!(shrinker->flags & SHRINKER_ALLOCATED)) {
		pr_warn("Must use shrinker_alloc() to dynamically allocate the shrinker");
		return;
	}
	shrinker_add(shrinker);
}

void shrinker_free(struct shrinker *shrinker)
{
	if (!shrinker)
		return;
	if (WARN(!(shrinker->flags & SHRINKER_ALLOCATED),
		 "shrinker_free: %s did not come from shrinker_alloc()\n", shrinker->name))
		return;
	if (WARN(vmscan_running_shrinker == shrinker,
		 "shrinker_free: %s frees itself from its own callback\n", shrinker->name))
		return;
	unregister_shrinker(shrinker);
	free_pages_exact(shrinker, sizeof(*shrinker));
}

/* ---------------------------------------------------------------------------
 * Calling shrinkers
 * ------------------------------------------------------------------------- */

static unsigned long shrinker_call(struct shrinker *s, struct shrink_control *sc, bool scan)
{
	struct shrinker *prev = vmscan_running_shrinker;
	unsigned long ret;

	vmscan_running_shrinker = s;
	ret = scan ? s->scan_objects(s, sc) : s->count_objects(s, sc);
	vmscan_running_shrinker = prev;
	return ret;
}

/* Objects to ask for this call, before the one-batch minimum. */
static long shrink_delta(unsigned long freeable, int seeks, int priority)
{
	if (seeks <= 0)
		return (long)(freeable / 2);
	return (long)((freeable >> priority) * 4 / (unsigned long)seeks);
}

/* Scan @s on one node (sc->nid) at @priority; see theory 2.  Returns objects freed. */
static unsigned long do_shrink_slab(struct shrinker *s, struct shrink_control *sc, int priority,
				    unsigned long *scanned)
{
	long batch = s->batch > 0 ? s->batch : SHRINK_BATCH;
	unsigned long freeable, freed = 0;
	long deferred, delta, total, done = 0;

	freeable = shrinker_call(s, sc, false);
	if (freeable == 0 || freeable == SHRINK_EMPTY)
		return 0;
	freeable = min(freeable, (unsigned long)LONG_MAX / 8);
	deferred = atomic_long_xchg(&s->nr_deferred[sc->nid], 0);
	delta = shrink_delta(freeable, s->seeks, priority);
	total = min((deferred >> priority) + delta, 2 * (long)freeable);
	total = max(total, min(batch, (long)freeable));
	while (total > 0) {
		unsigned long ret;

		sc->nr_to_scan = sc->nr_scanned = (unsigned long)min(batch, total);
		ret = shrinker_call(s, sc, true);
		if (ret == SHRINK_STOP || !sc->nr_scanned)
			break;
		freed += ret;
		count_vm_events(SLABS_SCANNED, (long)sc->nr_scanned);
		total -= (long)sc->nr_scanned;
		done += (long)sc->nr_scanned;
		cond_resched();
	}
	deferred = clamp(deferred + delta - done, 0L, 2 * (long)freeable);
	atomic_long_add(deferred, &s->nr_deferred[sc->nid]);
	*scanned += (unsigned long)done;
	return freed;
}

static bool shrinker_eligible(const struct shrinker *s, gfp_t gfp)
{
	if (!(s->flags & SHRINKER_REGISTERED))
		return false;
	if ((s->flags & SHRINKER_NEEDS_IO) && !(gfp & __GFP_IO))
		return false;
	return !(s->flags & SHRINKER_NEEDS_FS) || (gfp & __GFP_FS);
}

/* Drop a reference taken in vmscan_shrink_slab().  Caller holds shrinker_mutex. */
static void shrinker_put(struct shrinker *s)
{
	lockdep_assert_held(&shrinker_mutex);
	if (__atomic_sub_fetch(&s->kmm_active, 1, __ATOMIC_RELEASE) == 0 &&
	    !(s->flags & SHRINKER_REGISTERED))
		host_futex_wake(&s->kmm_active, INT_MAX);
}

/* Every eligible shrinker, on node @nid; see theory 6 for the locking. */
static unsigned long vmscan_shrink_slab(gfp_t gfp, int nid, int priority, unsigned long *scanned)
{
	unsigned long freed = 0;
	struct shrinker *s;

	mutex_lock(&shrinker_mutex);
	list_for_each_entry(s, &shrinker_list, list) {
		struct shrink_control sc = {.gfp_mask = gfp};

		if (!shrinker_eligible(s, gfp))
			continue;
		sc.nid = (s->flags & SHRINKER_NUMA_AWARE) ? nid : 0;
		__atomic_add_fetch(&s->kmm_active, 1, __ATOMIC_RELAXED);
		mutex_unlock(&shrinker_mutex);
		freed += do_shrink_slab(s, &sc, priority, scanned);
		mutex_lock(&shrinker_mutex);
		shrinker_put(s);
	}
	mutex_unlock(&shrinker_mutex);
	return freed;
}

unsigned long shrink_slab(gfp_t gfp_mask, int nid, int priority)
{
	unsigned long scanned = 0;

	might_sleep();
	if (WARN(nid < 0 || nid >= MAX_NUMNODES || !node_online(nid),
		 "shrink_slab: node %d is not online\n", nid))
		return 0;
	return vmscan_shrink_slab(gfp_mask, nid, clamp(priority, 0, DEF_PRIORITY), &scanned);
}

/* ---------------------------------------------------------------------------
 * Reclaiming a node, and direct reclaim
 * ------------------------------------------------------------------------- */

/* Free pages (buddy and per-CPU lists) of @pgdat's zones up to @reclaim_idx. */
static unsigned long node_free_pages(pg_data_t *pgdat, int reclaim_idx)
{
	unsigned long n = 0;

	for (int i = 0; i <= reclaim_idx && i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		if (managed_zone(zone))
			n += zone_page_state(zone, NR_FREE_PAGES) + zone_pcp_pages(zone);
	}
	return n;
}

/* One round of shrinkers on @pgdat at sc->priority.  Returns the pages it got back. */
static unsigned long shrink_node(pg_data_t *pgdat, struct scan_control *sc)
{
	unsigned long before, after, reclaimed;

	before = node_free_pages(pgdat, sc->reclaim_idx);
	vmscan_shrink_slab(sc->gfp_mask, pgdat->node_id, sc->priority, &sc->nr_scanned);
	after = node_free_pages(pgdat, sc->reclaim_idx);
	reclaimed = after > before ? after - before : 0;
	sc->nr_reclaimed += reclaimed;
	if (reclaimed) /* the node is not hopeless (theory 5) */
		__atomic_store_n(&pgdat->kswapd_failures, 0, __ATOMIC_RELAXED);
	return reclaimed;
}

static bool zone_reclaim_eligible(const struct zone *zone, const struct scan_control *sc)
{
	return zone_idx(zone) <= sc->reclaim_idx && managed_zone(zone) &&
	       (!sc->nodemask || node_isset(zone_to_nid(zone), sc->nodemask));
}

/* Shrink every node of @zonelist that has a zone the allocation may use, once. */
static void shrink_zones(struct zonelist *zonelist, struct scan_control *sc)
{
	nodemask_t done;

	nodes_clear(&done);
	for (struct zoneref *z = zonelist->_zonerefs; z->zone; z++) {
		int nid = zone_to_nid(z->zone);

		if (!zone_reclaim_eligible(z->zone, sc) || node_isset(nid, &done))
			continue;
		node_set(nid, &done);
		shrink_node(z->zone->zone_pgdat, sc);
	}
}

/* Does some zone the allocation may use meet its min watermark for the order? */
static bool reclaim_target_met(struct zonelist *zonelist, const struct scan_control *sc)
{
	for (struct zoneref *z = zonelist->_zonerefs; z->zone; z++) {
		long free;

		if (!zone_reclaim_eligible(z->zone, sc))
			continue;
		free = (long)(zone_page_state(z->zone, NR_FREE_PAGES) + zone_pcp_pages(z->zone));
		if (__zone_watermark_ok(z->zone, (unsigned int)sc->order, min_wmark_pages(z->zone),
					sc->reclaim_idx, 0, free))
			return true;
	}
	return false;
}

/**
 * try_to_free_pages - direct reclaim for an allocation that found no memory
 * @zonelist: the allocation's zonelist
 * @order: its order
 * @gfp_mask: its flags (narrowed here by the task's memalloc scopes)
 * @nodemask: nodes it may use, or NULL
 *
 * Runs the shrinkers of the zonelist's nodes at falling priority with
 * PF_MEMALLOC set, until SWAP_CLUSTER_MAX pages came back (order 0) or a
 * usable zone meets its min watermark for @order (see theory 4).
 *
 * Context: process context, may sleep; no locks held.
 * Return: the pages reclaimed (an estimate, theory 3); 0 if nothing came back.
 */
unsigned long try_to_free_pages(struct zonelist *zonelist, int order, gfp_t gfp_mask,
				nodemask_t *nodemask)
{
	struct scan_control sc = {
		.gfp_mask = current_gfp_context(gfp_mask),
		.order = order,
		.reclaim_idx = (int)gfp_zone(gfp_mask),
		.nodemask = nodemask,
		.nr_to_reclaim = SWAP_CLUSTER_MAX,
	};
	unsigned int noreclaim;

	might_sleep();
	noreclaim = memalloc_noreclaim_save();
	count_vm_event((enum vm_event_item)(ALLOCSTALL_DMA + sc.reclaim_idx));
	for (sc.priority = DEF_PRIORITY; sc.priority >= 0; sc.priority--) {
		shrink_zones(zonelist, &sc);
		if (order == 0 && sc.nr_reclaimed >= sc.nr_to_reclaim)
			break;
		if (reclaim_target_met(zonelist, &sc))
			break;
	}
	memalloc_noreclaim_restore(noreclaim);
	count_vm_events(PGSCAN_DIRECT, (long)sc.nr_scanned);
	count_vm_events(PGSTEAL_DIRECT, (long)sc.nr_reclaimed);
	return sc.nr_reclaimed;
}

/* ---------------------------------------------------------------------------
 * kswapd
 * ------------------------------------------------------------------------- */

/* Does some managed zone up to @highest meet its high watermark?  (No zone: yes.) */
static bool pgdat_balanced(pg_data_t *pgdat, int order, int highest)
{
	bool any = false;

	for (int i = 0; i <= highest && i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		if (!managed_zone(zone))
			continue;
		any = true;
		if (zone_watermark_ok(zone, (unsigned int)order, high_wmark_pages(zone), highest,
				      0))
			return true;
	}
	return !any;
}

static bool pgdat_hopeless(pg_data_t *pgdat)
{
	return __atomic_load_n(&pgdat->kswapd_failures, __ATOMIC_RELAXED) >= MAX_RECLAIM_RETRIES;
}

static bool kswapd_should_stop(pg_data_t *pgdat)
{
	return __atomic_load_n(&pgdat->kswapd_should_stop, __ATOMIC_SEQ_CST);
}

static bool kswapd_request_pending(pg_data_t *pgdat)
{
	return __atomic_load_n(&pgdat->kswapd_highest_zoneidx, __ATOMIC_SEQ_CST) != MAX_NR_ZONES;
}

/* Raise the pending request to at least (@order, @highest). */
static void kswapd_record_request(pg_data_t *pgdat, int order, int highest)
{
	int cur = __atomic_load_n(&pgdat->kswapd_highest_zoneidx, __ATOMIC_SEQ_CST);

	while ((cur == MAX_NR_ZONES || cur < highest) &&
	       !__atomic_compare_exchange_n(&pgdat->kswapd_highest_zoneidx, &cur, highest, false,
					    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	cur = __atomic_load_n(&pgdat->kswapd_order, __ATOMIC_SEQ_CST);
	while (cur < order && !__atomic_compare_exchange_n(&pgdat->kswapd_order, &cur, order, false,
							   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
}

/* Take the pending request; *@highest stays as it was if there is none. */
static void kswapd_take_request(pg_data_t *pgdat, int *order, int *highest)
{
	int h = __atomic_exchange_n(&pgdat->kswapd_highest_zoneidx, MAX_NR_ZONES, __ATOMIC_SEQ_CST);

	if (h != MAX_NR_ZONES)
		*highest = h;
	*order = __atomic_exchange_n(&pgdat->kswapd_order, 0, __ATOMIC_SEQ_CST);
}

/*
 * Sleep in @state until a request or a stop comes, or @timeout_ns passes (0:
 * no limit).  True if woken by a request or a stop.  See theory 5.
 */
static bool kswapd_wait_for_work(pg_data_t *pgdat, int state, uint64_t timeout_ns)
{
	uint64_t deadline = host_clock_ns() + timeout_ns;
	bool woken = false;

	__atomic_store_n(&pgdat->kswapd_sleeping, state, __ATOMIC_SEQ_CST);
	for (;;) {
		int seq = __atomic_load_n(&pgdat->kswapd_wait, __ATOMIC_SEQ_CST);
		uint64_t now = host_clock_ns();

		if (kswapd_should_stop(pgdat) || kswapd_request_pending(pgdat)) {
			woken = true;
			break;
		}
		if (timeout_ns && now >= deadline)
			break;
		host_futex_wait(&pgdat->kswapd_wait, seq, timeout_ns ? deadline - now : 0);
	}
	__atomic_store_n(&pgdat->kswapd_sleeping, KSWAPD_WORKING, __ATOMIC_SEQ_CST);
	return woken;
}

/* A short pause that only kswapd_stop() cuts short. */
static void kswapd_backoff(pg_data_t *pgdat)
{
	int seq = __atomic_load_n(&pgdat->kswapd_wait, __ATOMIC_SEQ_CST);

	if (!kswapd_should_stop(pgdat))
		host_futex_wait(&pgdat->kswapd_wait, seq, KSWAPD_BACKOFF_NS);
}

/* Could kswapd sleep now?  Yes if the node is balanced, or hopeless. */
static bool prepare_kswapd_sleep(pg_data_t *pgdat, int order, int highest)
{
	return pgdat_hopeless(pgdat) || pgdat_balanced(pgdat, order, highest);
}

/*
 * Reclaim on @pgdat until it is balanced for (*@order, @highest), priority
 * 12 down to 0; a round that brings back SWAP_CLUSTER_MAX pages keeps the
 * priority.  As in the kernel, once twice the request's size came back
 * without a free block of that order, fragmentation is to blame and only
 * order 0 is balanced (*@order becomes 0).  Returns the pages reclaimed.
 */
static unsigned long balance_pgdat(pg_data_t *pgdat, int *order, int highest)
{
	struct scan_control sc = {
		.gfp_mask = GFP_KERNEL,
		.order = *order,
		.priority = DEF_PRIORITY,
		.reclaim_idx = highest,
	};
	bool balanced;

	count_vm_event(PAGEOUTRUN);
	while (!(balanced = pgdat_balanced(pgdat, sc.order, highest)) && sc.priority >= 0 &&
	       !kswapd_should_stop(pgdat)) {
		if (shrink_node(pgdat, &sc) < SWAP_CLUSTER_MAX)
			sc.priority--;
		if (sc.order && sc.nr_reclaimed >= 2UL << sc.order)
			sc.order = 0;
	}
	count_vm_events(PGSCAN_KSWAPD, (long)sc.nr_scanned);
	count_vm_events(PGSTEAL_KSWAPD, (long)sc.nr_reclaimed);
	if (!balanced && !sc.nr_reclaimed)
		__atomic_fetch_add(&pgdat->kswapd_failures, 1, __ATOMIC_RELAXED);
	*order = sc.order;
	return sc.nr_reclaimed;
}

/* After a pass: nap, then sleep until woken - or go again if the node needs it. */
static void kswapd_try_to_sleep(pg_data_t *pgdat, int order, int highest, bool progress)
{
	if (kswapd_should_stop(pgdat))
		return;
	if (!prepare_kswapd_sleep(pgdat, order, highest)) {
		count_vm_event(KSWAPD_HIGH_WMARK_HIT_QUICKLY);
		if (!progress)
			kswapd_backoff(pgdat);
		return;
	}
	if (kswapd_request_pending(pgdat))
		return; /* balanced for the last request, but a new one came */
	if (kswapd_wait_for_work(pgdat, KSWAPD_NAPPING, KSWAPD_NAP_NS)) {
		if (!kswapd_should_stop(pgdat))
			count_vm_event(KSWAPD_LOW_WMARK_HIT_QUICKLY);
		return;
	}
	if (!prepare_kswapd_sleep(pgdat, order, highest)) {
		count_vm_event(KSWAPD_HIGH_WMARK_HIT_QUICKLY);
		return;
	}
	kswapd_wait_for_work(pgdat, KSWAPD_ASLEEP, 0);
}

static void *kswapd(void *arg)
{
	pg_data_t *pgdat = arg;
	struct task_struct *tsk = current;
	int order = 0, highest = MAX_NR_ZONES - 1;
	bool progress = true;

	snprintf(tsk->comm, sizeof(tsk->comm), "kswapd%d", pgdat->node_id);
	tsk->flags |= PF_MEMALLOC | PF_KSWAPD | PF_KTHREAD;
	for (;;) {
		kswapd_try_to_sleep(pgdat, order, highest, progress);
		if (kswapd_should_stop(pgdat))
			break;
		kswapd_take_request(pgdat, &order, &highest);
		progress = balance_pgdat(pgdat, &order, highest) != 0;
	}
	return NULL;
}

/**
 * wakeup_kswapd - ask kswapd of @zone's node to bring it up to the high watermark
 * @zone: a zone the allocation found below its low watermark
 * @gfp_flags: the allocation's flags
 * @order: its order
 * @highest_zoneidx: the highest zone it may use
 *
 * Does nothing if the node is balanced or hopeless (theory 5); otherwise
 * records the request and wakes kswapd if it sleeps.
 * Context: any (never sleeps; GFP_ATOMIC allocations call it).
 */
void wakeup_kswapd(struct zone *zone, gfp_t gfp_flags, int order, enum zone_type highest_zoneidx)
{
	pg_data_t *pgdat = zone->zone_pgdat;

	if (!managed_zone(zone) || !__atomic_load_n(&pgdat->kswapd, __ATOMIC_ACQUIRE))
		return;
	if (pgdat_hopeless(pgdat) || pgdat_balanced(pgdat, order, (int)highest_zoneidx))
		return;
	kswapd_record_request(pgdat, order, (int)highest_zoneidx);
	if (__atomic_exchange_n(&pgdat->kswapd_sleeping, KSWAPD_WORKING, __ATOMIC_SEQ_CST) ==
	    KSWAPD_WORKING)
		return; /* it is at work and will see the request before it sleeps */
	count_vm_event(KSWAPD_WAKEUP);
	__atomic_fetch_add(&pgdat->kswapd_wait, 1, __ATOMIC_SEQ_CST);
	host_futex_wake(&pgdat->kswapd_wait, 1);
}

/**
 * kswapd_run - start kswapd of node @nid
 * @nid: an online node
 *
 * Does nothing if it runs already.
 * Context: boot (kmm_boot()), process context.
 * Return: 0, or the host's error creating the thread.
 */
int kswapd_run(int nid)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	host_thread_t thread;
	int ret;

	if (__atomic_load_n(&pgdat->kswapd, __ATOMIC_ACQUIRE))
		return 0;
	__atomic_store_n(&pgdat->kswapd_should_stop, false, __ATOMIC_RELAXED);
	__atomic_store_n(&pgdat->kswapd_order, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&pgdat->kswapd_highest_zoneidx, MAX_NR_ZONES, __ATOMIC_RELAXED);
	__atomic_store_n(&pgdat->kswapd_failures, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&pgdat->kswapd_sleeping, KSWAPD_WORKING, __ATOMIC_RELAXED);
	ret = host_thread_create(&thread, kswapd, pgdat);
	if (ret) {
		pr_err("Failed to start kswapd on node %d, ret=%d\n", nid, ret);
		return ret;
	}
	__atomic_store_n(&pgdat->kswapd, (void *)thread, __ATOMIC_RELEASE);
	return 0;
}

/**
 * kswapd_stop - stop kswapd of node @nid and wait for its thread to end
 * @nid: the node
 *
 * A pass in progress finishes its current shrinker call first.  Does nothing
 * if kswapd does not run.
 * Context: shutdown (kmm_shutdown()), process context, may sleep.
 */
void kswapd_stop(int nid)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	host_thread_t thread = __atomic_load_n(&pgdat->kswapd, __ATOMIC_ACQUIRE);

	if (!thread)
		return;
	__atomic_store_n(&pgdat->kswapd_should_stop, true, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&pgdat->kswapd_wait, 1, __ATOMIC_SEQ_CST);
	host_futex_wake(&pgdat->kswapd_wait, INT_MAX);
	host_thread_join(thread, NULL);
	__atomic_store_n(&pgdat->kswapd, NULL, __ATOMIC_RELEASE);
}

/**
 * vmscan_teardown - stop every kswapd and forget shrinkers left registered
 *
 * A shrinker still registered when the machine goes down would be called on
 * the next machine (and one from shrinker_alloc() lives in this machine's
 * RAM): each is reported and unlinked.
 * Context: shutdown, process context; no other kmm call running.
 */
void vmscan_teardown(void)
{
	struct shrinker *s, *next;
	int nid;

	for_each_online_node(nid)
		kswapd_stop(nid);
	mutex_lock(&shrinker_mutex);
	list_for_each_entry_safe(s, next, &shrinker_list, list) {
		pr_warn("kmm: shrinker %s still registered at shutdown; unregistered\n", s->name);
		s->flags &= ~SHRINKER_REGISTERED;
		list_del(&s->list);
	}
	mutex_unlock(&shrinker_mutex);
}

/* ---------------------------------------------------------------------------
 * Invariants
 * ------------------------------------------------------------------------- */

#define vmscan_check(cond, ...)                                   \
	({                                                        \
		bool ok__ = (cond);                               \
		if (!ok__)                                        \
			pr_err("vmscan invariant: " __VA_ARGS__); \
		!ok__;                                            \
	})

static int kswapd_check(pg_data_t *pgdat)
{
	int sleeping = __atomic_load_n(&pgdat->kswapd_sleeping, __ATOMIC_RELAXED);
	int highest = __atomic_load_n(&pgdat->kswapd_highest_zoneidx, __ATOMIC_RELAXED);
	int order = __atomic_load_n(&pgdat->kswapd_order, __ATOMIC_RELAXED);
	int bad = 0;

	bad += vmscan_check(sleeping >= KSWAPD_WORKING && sleeping <= KSWAPD_ASLEEP,
			    "kswapd%d: sleeping state %d\n", pgdat->node_id, sleeping);
	bad += vmscan_check(highest >= 0 && highest <= MAX_NR_ZONES, "kswapd%d: highest zone %d\n",
			    pgdat->node_id, highest);
	bad += vmscan_check(order >= 0 && order <= MAX_PAGE_ORDER, "kswapd%d: order %d\n",
			    pgdat->node_id, order);
	bad += vmscan_check(__atomic_load_n(&pgdat->kswapd_failures, __ATOMIC_RELAXED) >= 0,
			    "kswapd%d: negative failure count\n", pgdat->node_id);
	return bad;
}

/**
 * vmscan_check_invariants - check the shrinker list and every node's kswapd state
 *
 * Registered shrinkers are linked consistently and have both callbacks; no
 * reference count is negative; kswapd's request and state are in range.
 * Context: process context (takes shrinker_mutex).
 * Return: the number of problems found; each is printed.
 */
int vmscan_check_invariants(void)
{
	struct shrinker *s;
	int bad = 0, nid;

	mutex_lock(&shrinker_mutex);
	list_for_each_entry(s, &shrinker_list, list) {
		bad += vmscan_check(s->list.next->prev == &s->list &&
					    s->list.prev->next == &s->list,
				    "shrinker %s: list links broken\n", s->name);
		bad += vmscan_check(s->count_objects && s->scan_objects,
				    "shrinker %s: callbacks missing\n", s->name);
		bad += vmscan_check(__atomic_load_n(&s->kmm_active, __ATOMIC_RELAXED) >= 0,
				    "shrinker %s: negative reference count\n", s->name);
	}
	mutex_unlock(&shrinker_mutex);
	for_each_online_node(nid)
		bad += kswapd_check(NODE_DATA(nid));
	return bad;
}
