// SPDX-License-Identifier: MIT
/*
 * tests/test_reclaim.c - shrinkers, direct reclaim, kswapd, the OOM handler
 * and notifier chains.
 *
 * The machines are small (16 MiB: one DMA zone of ~4000 pages, min/low/high
 * 256/320/384 pages) so that driving them to their watermarks is quick.
 * Memory is held in "piles" (page->lru lists); a "cache" is a pile with a
 * shrinker that frees its pages, the reclaimable memory of these tests.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/oom.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/shrinker.h>
#include <linux/spinlock.h>
#include <linux/vmstat.h>

#include "arch/host/host.h"
#include "mm/internal.h"
#include "tests/kmm_test.h"

#include <limits.h>
#include <pthread.h>
#include <unistd.h>

#define MACHINE "mem=16M layout=x86_64 min_free_kbytes=1024 nr_cpus=2"
#define NUMA_MACHINE "mem=32M layout=x86_64 numa=fake=2 min_free_kbytes=1024 nr_cpus=2"

/* mm/vmscan.c, for kmm_shutdown() and kmm_check_invariants() */

/* pgdat->kswapd_sleeping (mm/vmscan.c) */
#define KSWAPD_ASLEEP 2

static unsigned long load(const unsigned long *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static void add(unsigned long *p, unsigned long n)
{
	__atomic_fetch_add(p, n, __ATOMIC_SEQ_CST);
}

static uint64_t now_ms(void)
{
	return host_clock_ns() / 1000000u;
}

/* Poll @cond(@arg) every millisecond for up to @ms; its last value. */
static bool wait_until(bool (*cond)(void *arg), void *arg, unsigned int ms)
{
	uint64_t end = now_ms() + ms;

	while (!cond(arg)) {
		if (now_ms() > end)
			return cond(arg);
		usleep(1000);
	}
	return true;
}

/* ---------------------------------------------------------------------------
 * Piles of pages
 * ------------------------------------------------------------------------- */

struct pile {
	spinlock_t lock;
	struct list_head pages; /* page->lru; lock */
	unsigned long n;	/* pages on the list; written under lock, read atomically */
};

static void pile_init(struct pile *p)
{
	spin_lock_init(&p->lock);
	INIT_LIST_HEAD(&p->pages);
	p->n = 0;
}

static void pile_push(struct pile *p, struct page *page)
{
	spin_lock(&p->lock);
	list_add(&page->lru, &p->pages);
	__atomic_store_n(&p->n, p->n + 1, __ATOMIC_SEQ_CST);
	spin_unlock(&p->lock);
}

/* Free up to @nr pages of the pile; the number freed. */
static unsigned long pile_release(struct pile *p, unsigned long nr)
{
	unsigned long done = 0;

	while (done < nr) {
		struct page *page = NULL;

		spin_lock(&p->lock);
		if (!list_empty(&p->pages)) {
			page = list_first_entry(&p->pages, struct page, lru);
			list_del(&page->lru);
			__atomic_store_n(&p->n, p->n - 1, __ATOMIC_SEQ_CST);
		}
		spin_unlock(&p->lock);
		if (!page)
			break;
		__free_pages(page, 0);
		done++;
	}
	return done;
}

/* Move up to @nr pages from @from to @to. */
static void pile_move(struct pile *from, struct pile *to, unsigned long nr)
{
	while (nr--) {
		struct page *page = NULL;

		spin_lock(&from->lock);
		if (!list_empty(&from->pages)) {
			page = list_first_entry(&from->pages, struct page, lru);
			list_del(&page->lru);
			__atomic_store_n(&from->n, from->n - 1, __ATOMIC_SEQ_CST);
		}
		spin_unlock(&from->lock);
		if (!page)
			return;
		pile_push(to, page);
	}
}

/* Allocate with @gfp until it fails, draining the per-CPU lists between rounds. */
static unsigned long pile_fill(struct pile *p, gfp_t gfp)
{
	unsigned long got = 0, round;
	struct page *page;

	do {
		drain_all_pages(NULL);
		for (round = 0; (page = alloc_page(gfp | __GFP_NOWARN)); round++)
			pile_push(p, page);
		got += round;
	} while (round);
	return got;
}

/* Allocate with @gfp until @zone's free count is at most @target. */
static void pile_fill_to(struct pile *p, struct zone *zone, unsigned long target, gfp_t gfp)
{
	struct page *page;

	while (zone_page_state(zone, NR_FREE_PAGES) > target && (page = alloc_page(gfp)))
		pile_push(p, page);
}

/* ---------------------------------------------------------------------------
 * Shrinkers for the tests
 * ------------------------------------------------------------------------- */

/*
 * A probe: claims @count objects, frees nothing (unless @frees: then it says
 * it freed what it was asked for), records what it was called with.  Calls
 * made by kswapd are counted apart.
 */
struct probe {
	struct shrinker s;
	unsigned long count;	  /* returned by count_objects() */
	bool frees;		  /* scan_objects() claims nr_to_scan */
	unsigned long stop_after; /* scan call that returns SHRINK_STOP (0: never) */
	unsigned long counts;	  /* count_objects() calls, not by kswapd */
	unsigned long scans;	  /* scan_objects() calls, not by kswapd */
	unsigned long scanned;	  /* nr_to_scan asked, not by kswapd */
	unsigned long max_batch;  /* largest nr_to_scan */
	unsigned long kswapd_scans;
	unsigned long nodes; /* bit per sc->nid seen */
	unsigned long last_gfp;
	unsigned long last_nid;
	unsigned long saw_memalloc; /* PF_MEMALLOC was set in a callback */
	unsigned long not_memalloc;
	int block;	      /* scan_objects() waits while this is 1 */
	unsigned long inside; /* a scan_objects() call is blocked */
	bool unregister_self;
};

static struct probe *to_probe(struct shrinker *s)
{
	return s->private_data ? s->private_data : container_of(s, struct probe, s);
}

static void probe_record(struct probe *p, struct shrink_control *sc)
{
	__atomic_store_n(&p->last_gfp, (unsigned long)sc->gfp_mask, __ATOMIC_SEQ_CST);
	__atomic_store_n(&p->last_nid, (unsigned long)sc->nid, __ATOMIC_SEQ_CST);
	__atomic_fetch_or(&p->nodes, 1UL << sc->nid, __ATOMIC_SEQ_CST);
	add(current->flags & PF_MEMALLOC ? &p->saw_memalloc : &p->not_memalloc, 1);
}

static unsigned long probe_count(struct shrinker *s, struct shrink_control *sc)
{
	struct probe *p = to_probe(s);

	if (!(current->flags & PF_KSWAPD)) {
		add(&p->counts, 1);
		probe_record(p, sc);
	}
	return p->count;
}

static unsigned long probe_scan(struct shrinker *s, struct shrink_control *sc)
{
	struct probe *p = to_probe(s);
	unsigned long n;

	if (current->flags & PF_KSWAPD) {
		add(&p->kswapd_scans, 1);
		return 0;
	}
	n = __atomic_add_fetch(&p->scans, 1, __ATOMIC_SEQ_CST);
	add(&p->scanned, sc->nr_to_scan);
	if (sc->nr_to_scan > load(&p->max_batch))
		__atomic_store_n(&p->max_batch, sc->nr_to_scan, __ATOMIC_SEQ_CST);
	probe_record(p, sc);
	if (p->unregister_self)
		unregister_shrinker(s);
	__atomic_store_n(&p->inside, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&p->block, __ATOMIC_SEQ_CST))
		usleep(1000);
	__atomic_store_n(&p->inside, 0, __ATOMIC_SEQ_CST);
	if (p->stop_after && n >= p->stop_after)
		return SHRINK_STOP;
	return p->frees ? sc->nr_to_scan : 0;
}

static void probe_init(struct probe *p, unsigned long count, unsigned int flags)
{
	memset(p, 0, sizeof(*p));
	p->count = count;
	p->s.count_objects = probe_count;
	p->s.scan_objects = probe_scan;
	p->s.seeks = DEFAULT_SEEKS;
	p->s.flags = flags;
}

/* A cache: a pile whose shrinker frees its pages. */
struct cache {
	struct shrinker s;
	struct pile pile;
	bool direct_only;	    /* invisible to kswapd */
	unsigned long direct_scans; /* scan_objects() calls, not by kswapd */
	unsigned long kswapd_scans;
	unsigned long kswapd_flags_ok; /* kswapd ran as "kswapd0" with PF_MEMALLOC */
	unsigned long last_gfp;
};

static unsigned long cache_count(struct shrinker *s, struct shrink_control *sc)
{
	struct cache *c = container_of(s, struct cache, s);

	if (c->direct_only && (current->flags & PF_KSWAPD))
		return 0;
	return load(&c->pile.n);
}

static unsigned long cache_scan(struct shrinker *s, struct shrink_control *sc)
{
	struct cache *c = container_of(s, struct cache, s);

	if (current->flags & PF_KSWAPD) {
		add(&c->kswapd_scans, 1);
		if (!strcmp(current->comm, "kswapd0") && (current->flags & PF_MEMALLOC))
			__atomic_store_n(&c->kswapd_flags_ok, 1, __ATOMIC_SEQ_CST);
	} else {
		add(&c->direct_scans, 1);
		__atomic_store_n(&c->last_gfp, (unsigned long)sc->gfp_mask, __ATOMIC_SEQ_CST);
	}
	return pile_release(&c->pile, sc->nr_to_scan);
}

static void cache_init(struct cache *c, bool direct_only, long batch, unsigned int flags)
{
	memset(c, 0, sizeof(*c));
	pile_init(&c->pile);
	c->direct_only = direct_only;
	c->s.count_objects = cache_count;
	c->s.scan_objects = cache_scan;
	c->s.seeks = DEFAULT_SEEKS;
	c->s.batch = batch;
	c->s.flags = flags;
}

static void cache_destroy(struct cache *c)
{
	unregister_shrinker(&c->s);
	pile_release(&c->pile, ULONG_MAX);
}

static struct zone *dma_zone(void)
{
	return &NODE_DATA(0)->node_zones[ZONE_DMA];
}

/* ---------------------------------------------------------------------------
 * Registration
 * ------------------------------------------------------------------------- */

TEST(register_and_unregister_shrinker)
{
	static struct probe p;
	unsigned long scans;

	BOOT(MACHINE);
	probe_init(&p, 100, 0);
	CHECK_EQ(register_shrinker(&p.s, "probe-%d", 7), 0);
	CHECK(!strcmp(p.s.name, "probe-7"));
	CHECK(p.s.flags & SHRINKER_REGISTERED);
	shrink_slab(GFP_KERNEL, 0, 0);
	CHECK(load(&p.counts) >= 1);
	CHECK(load(&p.scans) >= 1);
	CHECK_EQ(register_shrinker(&p.s, "again"), -EINVAL);
	CHECK_DMESG("shrinker probe-7 registered twice");

	unregister_shrinker(&p.s);
	CHECK(!(p.s.flags & SHRINKER_REGISTERED));
	scans = load(&p.scans);
	shrink_slab(GFP_KERNEL, 0, 0);
	CHECK_EQ(load(&p.scans), scans);
	unregister_shrinker(&p.s); /* not registered: nothing happens */

	CHECK_EQ(register_shrinker(&p.s), 0); /* the pre-6.0 form */
	shrink_slab(GFP_KERNEL, 0, 0);
	CHECK(load(&p.scans) > scans);
	unregister_shrinker(&p.s);

	CHECK_EQ(prealloc_shrinker(&p.s, "pre-%s", "x"), 0); /* 4.16-6.6 split form */
	register_shrinker_prepared(&p.s);
	CHECK(p.s.flags & SHRINKER_REGISTERED);
	p.unregister_self = true; /* a shrinker cannot unregister itself */
	shrink_slab(GFP_KERNEL, 0, DEF_PRIORITY);
	CHECK_DMESG("pre-x unregisters itself from its own callback");
	CHECK(p.s.flags & SHRINKER_REGISTERED);
	p.unregister_self = false;
	unregister_shrinker(&p.s);
	free_prealloced_shrinker(&p.s);
	CHECK_INVARIANTS();
}

TEST(shrinker_alloc_register_free)
{
	static struct probe p, q;
	struct shrinker *s;
	unsigned long scans;

	BOOT(MACHINE);
	probe_init(&p, 100, 0);
	s = shrinker_alloc(SHRINKER_NUMA_AWARE, "alloc-%s", "x");
	REQUIRE(s);
	CHECK(s->flags & SHRINKER_ALLOCATED);
	CHECK(s->flags & SHRINKER_NUMA_AWARE);
	CHECK(!(s->flags & SHRINKER_REGISTERED));
	CHECK_EQ(s->seeks, DEFAULT_SEEKS);
	CHECK(!strcmp(s->name, "alloc-x"));
	s->count_objects = probe_count;
	s->scan_objects = probe_scan;
	s->private_data = &p;
	shrinker_register(s);
	CHECK(s->flags & SHRINKER_REGISTERED);
	shrink_slab(GFP_KERNEL, 0, DEF_PRIORITY);
	CHECK(load(&p.scans) >= 1);
	shrinker_free(s); /* unregisters, then frees its page */
	scans = load(&p.scans);
	shrink_slab(GFP_KERNEL, 0, 0);
	CHECK_EQ(load(&p.scans), scans);
	shrinker_free(NULL);

	/* shrinker_register() wants a shrinker from shrinker_alloc() */
	probe_init(&q, 100, 0);
	shrinker_register(&q.s);
	CHECK(!(q.s.flags & SHRINKER_REGISTERED));
	CHECK_DMESG("Must use shrinker_alloc()");
	CHECK_INVARIANTS();
}

struct unregister_arg {
	struct probe *p;
	unsigned long done;
};

static void *shrink_thread(void *arg)
{
	shrink_slab(GFP_KERNEL, 0, DEF_PRIORITY);
	return arg;
}

static void *unregister_thread(void *arg)
{
	struct unregister_arg *u = arg;

	unregister_shrinker(&u->p->s);
	__atomic_store_n(&u->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static bool probe_inside(void *arg)
{
	return load(&((struct probe *)arg)->inside);
}

TEST(unregister_waits_for_a_running_shrinker)
{
	static struct probe p;
	struct unregister_arg u = {&p, 0};
	pthread_t shrinker_tid, unregister_tid;

	BOOT(MACHINE);
	probe_init(&p, 100, 0);
	p.block = 1;
	CHECK_EQ(register_shrinker(&p.s, "slow"), 0);
	REQUIRE(pthread_create(&shrinker_tid, NULL, shrink_thread, NULL) == 0);
	CHECK(wait_until(probe_inside, &p, 5000));
	REQUIRE(pthread_create(&unregister_tid, NULL, unregister_thread, &u) == 0);
	usleep(50 * 1000);
	CHECK_EQ(load(&u.done), 0); /* still inside scan_objects(): unregister waits */
	__atomic_store_n(&p.block, 0, __ATOMIC_SEQ_CST);
	pthread_join(unregister_tid, NULL);
	CHECK_EQ(load(&u.done), 1);
	CHECK_EQ(load(&p.inside), 0); /* the callback had returned */
	pthread_join(shrinker_tid, NULL);
	CHECK(!(p.s.flags & SHRINKER_REGISTERED));
	CHECK_INVARIANTS();
}

/* ---------------------------------------------------------------------------
 * How shrinkers are scanned
 * ------------------------------------------------------------------------- */

TEST(scan_follows_priority_batch_and_stop)
{
	static struct probe big, small, empty, none;
	unsigned long slabs;

	BOOT(MACHINE);
	probe_init(&big, 10000, 0);
	big.s.batch = 100;
	big.stop_after = 3;
	probe_init(&small, 1000, 0);
	small.s.batch = 100;
	probe_init(&empty, SHRINK_EMPTY, 0);
	probe_init(&none, 0, 0);
	CHECK_EQ(register_shrinker(&big.s, "big"), 0);
	CHECK_EQ(register_shrinker(&small.s, "small"), 0);
	CHECK_EQ(register_shrinker(&empty.s, "empty"), 0);
	CHECK_EQ(register_shrinker(&none.s, "none"), 0);

	/* priority 0: 2 * count objects (seeks 2), in batches of 100 */
	slabs = global_vm_event(SLABS_SCANNED);
	shrink_slab(GFP_KERNEL, 0, 0);
	CHECK_EQ(load(&big.scans), 3); /* the third call said SHRINK_STOP */
	CHECK_EQ(load(&small.scans), 20);
	CHECK_EQ(load(&small.max_batch), 100);
	CHECK_EQ(global_vm_event(SLABS_SCANNED) - slabs, 2 * 100 + 2000);
	CHECK_EQ(atomic_long_read(&big.s.nr_deferred[0]), 20000 - 200); /* deferred */
	CHECK(load(&empty.counts) == 1 && load(&empty.scans) == 0);
	CHECK(load(&none.counts) == 1 && load(&none.scans) == 0);

	/* priority 12: (count >> 12) * 4 / 2 plus deferred >> 12, at least one batch */
	big.stop_after = 0;
	big.scans = 0;
	small.scans = 0;
	shrink_slab(GFP_KERNEL, 0, DEF_PRIORITY);
	CHECK_EQ(load(&small.scans), 1);
	CHECK_EQ(load(&big.scans), 1);
	CHECK_EQ(load(&big.scanned), 3 * 100 + 100);

	unregister_shrinker(&big.s);
	unregister_shrinker(&small.s);
	unregister_shrinker(&empty.s);
	unregister_shrinker(&none.s);
	CHECK_INVARIANTS();
}

/* ---------------------------------------------------------------------------
 * Direct reclaim: flags, nodes, and what the allocator gets from it
 * ------------------------------------------------------------------------- */

TEST(direct_reclaim_passes_the_gfp_mask_and_sets_pf_memalloc)
{
	static struct probe p;
	unsigned long stall, scan;
	struct pile pile;

	BOOT(MACHINE);
	pile_init(&pile);
	probe_init(&p, 50, 0);
	CHECK_EQ(register_shrinker(&p.s, "probe"), 0);
	stall = global_vm_event(ALLOCSTALL_NORMAL);
	scan = global_vm_event(PGSCAN_DIRECT);
	CHECK_EQ(try_to_free_pages(node_zonelist(0, GFP_KERNEL), 0, GFP_KERNEL, NULL), 0);
	CHECK_EQ(load(&p.last_gfp), GFP_KERNEL);
	CHECK_EQ(load(&p.last_nid), 0);
	CHECK(load(&p.saw_memalloc) > 0);
	CHECK_EQ(load(&p.not_memalloc), 0);
	CHECK(!(current->flags & PF_MEMALLOC)); /* restored */
	CHECK_EQ(load(&p.scans), 1); /* the zone meets its min watermark: one round is enough */
	CHECK_EQ(global_vm_event(ALLOCSTALL_NORMAL), stall + 1);
	CHECK_EQ(global_vm_event(PGSCAN_DIRECT), scan + 50);

	/* short of memory, a shrinker that frees nothing: every priority, then give up */
	pile_fill(&pile, GFP_NOWAIT);
	p.scans = 0;
	stall = global_vm_event(ALLOCSTALL_DMA);
	CHECK_EQ(try_to_free_pages(node_zonelist(0, GFP_KERNEL), 0, GFP_KERNEL | __GFP_DMA, NULL),
		 0);
	CHECK_EQ(load(&p.scans), 13);
	CHECK_EQ(global_vm_event(ALLOCSTALL_DMA), stall + 1);
	CHECK_EQ(load(&p.last_gfp), GFP_KERNEL | __GFP_DMA);
	unregister_shrinker(&p.s);
	pile_release(&pile, ULONG_MAX);
	CHECK_INVARIANTS();
}

enum { SCOPE_NONE, SCOPE_NOFS, SCOPE_NOIO };

/* Direct reclaim with @gfp inside a memalloc scope; which probes ran. */
static unsigned int reclaim_calls(struct probe *probes[3], gfp_t gfp, int scope)
{
	unsigned int called = 0, saved = 0;

	for (int i = 0; i < 3; i++)
		probes[i]->counts = 0;
	if (scope == SCOPE_NOFS)
		saved = memalloc_nofs_save();
	else if (scope == SCOPE_NOIO)
		saved = memalloc_noio_save();
	try_to_free_pages(node_zonelist(0, gfp), 0, gfp, NULL);
	if (scope == SCOPE_NOFS)
		memalloc_nofs_restore(saved);
	else if (scope == SCOPE_NOIO)
		memalloc_noio_restore(saved);
	for (int i = 0; i < 3; i++)
		if (load(&probes[i]->counts))
			called |= 1u << i;
	return called;
}

TEST(shrinkers_respect_noio_and_nofs)
{
	static struct probe plain, io, fs;
	struct probe *probes[3] = {&plain, &io, &fs};

	BOOT(MACHINE);
	probe_init(&plain, 10, 0);
	probe_init(&io, 10, SHRINKER_NEEDS_IO);
	probe_init(&fs, 10, SHRINKER_NEEDS_FS);
	CHECK_EQ(register_shrinker(&plain.s, "plain"), 0);
	CHECK_EQ(register_shrinker(&io.s, "io"), 0);
	CHECK_EQ(register_shrinker(&fs.s, "fs"), 0);

	CHECK_EQ(reclaim_calls(probes, GFP_KERNEL, SCOPE_NONE), 7);
	CHECK_EQ(load(&plain.last_gfp), GFP_KERNEL);
	CHECK_EQ(reclaim_calls(probes, GFP_NOFS, SCOPE_NONE), 3);
	CHECK_EQ(load(&plain.last_gfp), GFP_NOFS);
	CHECK_EQ(reclaim_calls(probes, GFP_NOIO, SCOPE_NONE), 1);
	CHECK_EQ(load(&plain.last_gfp), GFP_NOIO);
	/* the scopes narrow GFP_KERNEL the same way */
	CHECK_EQ(reclaim_calls(probes, GFP_KERNEL, SCOPE_NOFS), 3);
	CHECK_EQ(load(&plain.last_gfp), GFP_NOFS);
	CHECK_EQ(reclaim_calls(probes, GFP_KERNEL, SCOPE_NOIO), 1);
	CHECK_EQ(load(&plain.last_gfp), GFP_NOIO);
	CHECK(!(current->flags & (PF_MEMALLOC_NOFS | PF_MEMALLOC_NOIO)));
	/* shrink_slab() itself checks the flags it is given */
	fs.counts = 0;
	shrink_slab(GFP_NOFS, 0, DEF_PRIORITY);
	CHECK_EQ(load(&fs.counts), 0);

	unregister_shrinker(&plain.s);
	unregister_shrinker(&io.s);
	unregister_shrinker(&fs.s);
	CHECK_INVARIANTS();
}

TEST(numa_aware_shrinkers_get_the_node)
{
	static struct probe aware, plain;
	nodemask_t only0;

	BOOT(NUMA_MACHINE);
	REQUIRE(num_online_nodes() == 2);
	probe_init(&aware, 10, SHRINKER_NUMA_AWARE);
	probe_init(&plain, 10, 0);
	CHECK_EQ(register_shrinker(&aware.s, "aware"), 0);
	CHECK_EQ(register_shrinker(&plain.s, "plain"), 0);

	/* __GFP_THISNODE: node 1 only */
	try_to_free_pages(node_zonelist(1, __GFP_THISNODE), 0, GFP_KERNEL | __GFP_THISNODE, NULL);
	CHECK_EQ(load(&aware.nodes), 1UL << 1);
	CHECK_EQ(load(&plain.nodes), 1UL << 0); /* not NUMA aware: always nid 0 */
	/* the nodemask restricts the fallback zonelist */
	aware.nodes = 0;
	nodes_clear(&only0);
	node_set(0, &only0);
	try_to_free_pages(node_zonelist(1, GFP_KERNEL), 0, GFP_KERNEL, &only0);
	CHECK_EQ(load(&aware.nodes), 1UL << 0);
	/* no nodemask: both nodes of the zonelist, once each (plenty free: one round) */
	aware.nodes = 0;
	aware.scans = 0;
	try_to_free_pages(node_zonelist(1, GFP_KERNEL), 0, GFP_KERNEL, NULL);
	CHECK_EQ(load(&aware.nodes), 3);
	CHECK_EQ(load(&aware.scans), 2);
	CHECK_EQ(shrink_slab(GFP_KERNEL, 1, 0), 0);
	CHECK_EQ(load(&aware.last_nid), 1);

	unregister_shrinker(&aware.s);
	unregister_shrinker(&plain.s);
	CHECK_INVARIANTS();
}

TEST(direct_reclaim_takes_pages_from_a_cache)
{
	static struct cache c;
	unsigned long stall, steal, cached;
	struct page *page;

	BOOT(MACHINE);
	cache_init(&c, true, 0, 0);
	cached = pile_fill(&c.pile, GFP_NOWAIT); /* down to the min watermark */
	CHECK(cached > 3000);
	CHECK_EQ(register_shrinker(&c.s, "cache"), 0);
	CHECK(alloc_page(GFP_NOWAIT | __GFP_NOWARN) == NULL); /* the buddy lists alone: no */
	stall = global_vm_event(ALLOCSTALL_NORMAL);
	steal = global_vm_event(PGSTEAL_DIRECT);

	page = alloc_page(GFP_KERNEL);
	CHECK(page != NULL);
	CHECK_EQ(global_vm_event(ALLOCSTALL_NORMAL), stall + 1);
	CHECK(global_vm_event(PGSTEAL_DIRECT) > steal);
	CHECK(load(&c.direct_scans) > 0);
	CHECK_EQ(load(&c.last_gfp), GFP_KERNEL);
	CHECK(load(&c.pile.n) < cached);
	CHECK(load(&c.pile.n) > cached - 1000); /* a few batches, not the whole cache */
	CHECK(!dmesg_contains("invoked oom-killer"));
	if (page)
		__free_page(page);
	cache_destroy(&c);
	CHECK_INVARIANTS();
}

TEST(gfp_nofs_cannot_reclaim_a_cache_that_needs_the_fs)
{
	static struct cache c;
	unsigned int nofs;
	struct page *page;

	BOOT(MACHINE);
	cache_init(&c, true, 0, SHRINKER_NEEDS_FS);
	pile_fill(&c.pile, GFP_NOWAIT);
	CHECK_EQ(register_shrinker(&c.s, "fs-cache"), 0);
	CHECK(alloc_page(GFP_NOFS | __GFP_NORETRY | __GFP_NOWARN) == NULL);
	nofs = memalloc_nofs_save();
	CHECK(alloc_page(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN) == NULL);
	memalloc_nofs_restore(nofs);
	CHECK_EQ(load(&c.direct_scans), 0);
	page = alloc_page(GFP_KERNEL | __GFP_NORETRY);
	CHECK(page != NULL);
	CHECK(load(&c.direct_scans) > 0);
	CHECK_EQ(load(&c.last_gfp), GFP_KERNEL | __GFP_NORETRY);
	if (page)
		__free_page(page);
	cache_destroy(&c);
	CHECK_INVARIANTS();
}

TEST(a_shrinker_that_frees_nothing_does_not_hang_allocations)
{
	static struct probe liar;
	struct pile pile;
	uint64_t t0;

	BOOT(MACHINE);
	pile_init(&pile);
	probe_init(&liar, 1000, 0);
	CHECK_EQ(register_shrinker(&liar.s, "liar"), 0);
	pile_fill(&pile, GFP_NOWAIT);
	t0 = now_ms();
	CHECK(alloc_page(GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN) == NULL);
	CHECK(alloc_page(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN) == NULL);
	CHECK(now_ms() - t0 < 5000);
	CHECK(load(&liar.scans) > 0);
	CHECK(!dmesg_contains("invoked oom-killer"));
	unregister_shrinker(&liar.s);
	pile_release(&pile, ULONG_MAX);
	CHECK_INVARIANTS();
}

/* ---------------------------------------------------------------------------
 * kswapd
 * ------------------------------------------------------------------------- */

static bool kswapd_asleep(void *arg)
{
	pg_data_t *pgdat = arg;

	return __atomic_load_n(&pgdat->kswapd_sleeping, __ATOMIC_SEQ_CST) == KSWAPD_ASLEEP;
}

static bool kswapd_balanced_and_asleep(void *arg)
{
	struct zone *zone = arg;

	return zone_watermark_ok(zone, 0, high_wmark_pages(zone), ZONE_NORMAL, 0) &&
	       kswapd_asleep(zone->zone_pgdat);
}

static bool kswapd_hopeless_and_asleep(void *arg)
{
	pg_data_t *pgdat = arg;

	return __atomic_load_n(&pgdat->kswapd_failures, __ATOMIC_SEQ_CST) >= 16 &&
	       kswapd_asleep(pgdat);
}

TEST(kswapd_wakes_below_low_and_stops_at_high)
{
	static struct cache c;
	struct zone *zone;
	struct pile pinned;
	unsigned long wakeups, cached, n = 0;
	struct page *page;

	BOOT(MACHINE);
	zone = dma_zone();
	pile_init(&pinned);
	cache_init(&c, false, 8, 0);
	REQUIRE(NODE_DATA(0)->kswapd != NULL);
	CHECK(wait_until(kswapd_asleep, NODE_DATA(0), 5000));
	pile_fill_to(&c.pile, zone, high_wmark_pages(zone) + 32, GFP_KERNEL);
	cached = load(&c.pile.n);
	CHECK_EQ(register_shrinker(&c.s, "cache"), 0);

	/* allocate until the zone is below low and the allocator wakes kswapd */
	wakeups = global_vm_event(KSWAPD_WAKEUP);
	while (global_vm_event(KSWAPD_WAKEUP) == wakeups && n++ < 1000 &&
	       (page = alloc_page(GFP_KERNEL)))
		pile_push(&pinned, page);
	CHECK(global_vm_event(KSWAPD_WAKEUP) > wakeups);

	CHECK(wait_until(kswapd_balanced_and_asleep, zone, 5000));
	CHECK(global_vm_event(PAGEOUTRUN) > 0);
	CHECK(global_vm_event(PGSTEAL_KSWAPD) > 0);
	CHECK(global_vm_event(PGSCAN_KSWAPD) > 0);
	CHECK(load(&c.kswapd_scans) > 0);
	CHECK_EQ(load(&c.kswapd_flags_ok), 1);
	CHECK_EQ(load(&c.direct_scans), 0);
	/* it stopped near high: most of the cache is still there */
	CHECK(zone_page_state(zone, NR_FREE_PAGES) < high_wmark_pages(zone) + 128);
	CHECK(load(&c.pile.n) > cached / 2);
	CHECK_EQ(__atomic_load_n(&NODE_DATA(0)->kswapd_failures, __ATOMIC_SEQ_CST), 0);

	cache_destroy(&c);
	pile_release(&pinned, ULONG_MAX);
	CHECK_INVARIANTS();
}

TEST(kswapd_gives_up_on_a_hopeless_node)
{
	static struct probe liar;
	static struct cache c;
	pg_data_t *pgdat;
	struct pile pile;
	unsigned long wakeups, scans;

	BOOT(MACHINE);
	pgdat = NODE_DATA(0);
	pile_init(&pile);
	probe_init(&liar, 1000, 0);
	CHECK_EQ(register_shrinker(&liar.s, "liar"), 0);
	pile_fill(&pile, GFP_NOWAIT); /* below low: the allocator wakes kswapd */

	CHECK(wait_until(kswapd_hopeless_and_asleep, pgdat, 5000));
	CHECK(load(&liar.kswapd_scans) > 0);
	CHECK(global_vm_event(KSWAPD_HIGH_WMARK_HIT_QUICKLY) > 0);
	/* a hopeless node is left alone */
	wakeups = global_vm_event(KSWAPD_WAKEUP);
	scans = load(&liar.kswapd_scans);
	wakeup_kswapd(dma_zone(), GFP_KERNEL, 0, ZONE_NORMAL);
	CHECK(alloc_page(GFP_NOWAIT | __GFP_NOWARN) == NULL);
	usleep(50 * 1000);
	CHECK_EQ(global_vm_event(KSWAPD_WAKEUP), wakeups);
	CHECK_EQ(load(&liar.kswapd_scans), scans);
	CHECK(kswapd_asleep(pgdat));

	/* reclaim that makes progress makes it hopeful again */
	cache_init(&c, true, 0, 0);
	pile_move(&pile, &c.pile, 64); /* little enough to stay below high */
	CHECK_EQ(register_shrinker(&c.s, "cache"), 0);
	CHECK(try_to_free_pages(node_zonelist(0, GFP_KERNEL), 0, GFP_KERNEL, NULL) > 0);
	CHECK(__atomic_load_n(&pgdat->kswapd_failures, __ATOMIC_SEQ_CST) < 16);
	wakeup_kswapd(dma_zone(), GFP_KERNEL, 0, ZONE_NORMAL);
	CHECK_EQ(global_vm_event(KSWAPD_WAKEUP), wakeups + 1);
	CHECK(wait_until(kswapd_hopeless_and_asleep, pgdat, 5000)); /* the liar again */

	unregister_shrinker(&liar.s);
	cache_destroy(&c);
	pile_release(&pile, ULONG_MAX);
	CHECK_INVARIANTS();
}

TEST(teardown_stops_kswapd_and_forgets_leftover_shrinkers)
{
	static struct probe p;

	BOOT(MACHINE);
	probe_init(&p, 10, 0);
	CHECK_EQ(register_shrinker(&p.s, "leftover"), 0);
	CHECK_EQ(vmscan_check_invariants(), 0);
	vmscan_teardown();
	CHECK_DMESG("shrinker leftover still registered at shutdown");
	CHECK(!(p.s.flags & SHRINKER_REGISTERED));
	CHECK(NODE_DATA(0)->kswapd == NULL);
	CHECK_EQ(vmscan_check_invariants(), 0);
	kmm_shutdown();
	BOOT(MACHINE);
	shrink_slab(GFP_KERNEL, 0, 0);
	CHECK_EQ(load(&p.counts), 0); /* the next machine does not know it */
	CHECK_INVARIANTS();
}

TEST(kswapd_threads_stop_and_restart)
{
	BOOT(NUMA_MACHINE);
	for (int nid = 0; nid < 2; nid++)
		CHECK(NODE_DATA(nid)->kswapd != NULL);
	kswapd_stop(1);
	CHECK(NODE_DATA(1)->kswapd == NULL);
	kswapd_stop(1); /* stopped: nothing to do */
	CHECK_EQ(kswapd_run(1), 0);
	CHECK(NODE_DATA(1)->kswapd != NULL);
	CHECK_EQ(kswapd_run(1), 0); /* running: nothing to do */
	CHECK(wait_until(kswapd_asleep, NODE_DATA(1), 5000));
	CHECK_INVARIANTS();
}

/* ---------------------------------------------------------------------------
 * Out of memory
 * ------------------------------------------------------------------------- */

struct oom_freer {
	struct notifier_block nb;
	struct pile *pile;
	unsigned long calls;
	unsigned long nr; /* pages to free per call */
};

static int oom_freer_call(struct notifier_block *nb, unsigned long action, void *data)
{
	struct oom_freer *f = container_of(nb, struct oom_freer, nb);

	add(&f->calls, 1);
	*(unsigned long *)data += pile_release(f->pile, f->nr);
	return NOTIFY_OK;
}

TEST(oom_notifiers_free_memory_before_any_report)
{
	struct oom_freer f = {.nb.notifier_call = oom_freer_call, .nr = 32};
	struct oom_control oc = {.gfp_mask = GFP_KERNEL};
	struct pile pile;
	struct page *page;

	BOOT(MACHINE);
	pile_init(&pile);
	f.pile = &pile;
	oc.zonelist = node_zonelist(0, GFP_KERNEL);
	pile_fill(&pile, GFP_NOWAIT);
	CHECK_EQ(register_oom_notifier(&f.nb), 0);
	CHECK(out_of_memory(&oc)); /* called directly: it freed, so "retry" */
	CHECK_EQ(load(&f.calls), 1);

	pile_fill(&pile, GFP_NOWAIT);
	page = alloc_page(GFP_KERNEL); /* reclaim finds nothing, the notifier frees */
	CHECK(page != NULL);
	CHECK(load(&f.calls) >= 2);
	CHECK_EQ(global_vm_event(OOM_KILL), 0);
	CHECK(!dmesg_contains("invoked oom-killer"));
	if (page)
		__free_page(page);
	CHECK_EQ(unregister_oom_notifier(&f.nb), 0);
	CHECK_EQ(unregister_oom_notifier(&f.nb), -ENOENT);
	pile_release(&pile, ULONG_MAX);
	CHECK_INVARIANTS();
}

struct delayed_free {
	struct pile *pile;
	unsigned int delay_ms;
	unsigned long nr;
};

static void *delayed_free_main(void *arg)
{
	struct delayed_free *d = arg;

	usleep(d->delay_ms * 1000);
	pile_release(d->pile, d->nr);
	return NULL;
}

TEST(oom_reports_and_the_allocation_waits_for_freed_pages)
{
	struct pile pile;
	struct delayed_free d = {.pile = &pile, .delay_ms = 300, .nr = 64};
	unsigned long reports;
	struct page *page;
	pthread_t tid;
	uint64_t t0;

	BOOT(MACHINE);
	pile_init(&pile);
	pile_fill(&pile, GFP_NOWAIT);
	reports = kmm_report_count();
	REQUIRE(pthread_create(&tid, NULL, delayed_free_main, &d) == 0);
	t0 = now_ms();
	page = alloc_page(GFP_KERNEL);
	CHECK(page != NULL);
	CHECK(now_ms() - t0 >= 250); /* it waited for the other thread */
	pthread_join(tid, NULL);
	CHECK_DMESG("invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	CHECK_DMESG("Call Trace:");
	CHECK_DMESG("Mem-Info:");
	CHECK_DMESG("Out of memory: no process to kill in kmm; ");
	CHECK_DMESG("waits for pages to be freed");
	CHECK(global_vm_event(OOM_KILL) >= 1);
	CHECK(kmm_report_count() > reports);
	if (page)
		__free_page(page);
	pile_release(&pile, ULONG_MAX);
	CHECK_INVARIANTS();
}

TEST(oom_reports_are_rate_limited_but_counted)
{
	struct oom_control oc = {.gfp_mask = GFP_KERNEL | __GFP_RETRY_MAYFAIL, .order = 0};

	BOOT(MACHINE);
	oc.zonelist = node_zonelist(0, GFP_KERNEL);
	CHECK(!out_of_memory(&oc)); /* a new machine's first OOM is always reported */
	CHECK_DMESG("gfp_mask=0x4cc0(GFP_KERNEL|__GFP_RETRY_MAYFAIL), order=0");
	CHECK_DMESG("(pid ");
	CHECK_DMESG(") fails");
	oc.gfp_mask = GFP_KERNEL;
	oc.order = 2;
	CHECK(!out_of_memory(&oc));
	CHECK_EQ(dmesg_count("invoked oom-killer"), 1); /* within a second: not again */
	CHECK_EQ(global_vm_event(OOM_KILL), 2);
	CHECK_INVARIANTS();
}

struct oom_racer {
	struct notifier_block nb;
	int release; /* the notifier waits until the other OOM returned */
	unsigned long other_result;
};

static void *oom_other_main(void *arg)
{
	struct oom_racer *r = arg;
	struct oom_control oc = {.gfp_mask = GFP_KERNEL};

	oc.zonelist = node_zonelist(0, GFP_KERNEL);
	__atomic_store_n(&r->other_result, out_of_memory(&oc) ? 1 : 2, __ATOMIC_SEQ_CST);
	__atomic_store_n(&r->release, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static int oom_racer_call(struct notifier_block *nb, unsigned long action, void *data)
{
	struct oom_racer *r = container_of(nb, struct oom_racer, nb);
	pthread_t tid;

	if (pthread_create(&tid, NULL, oom_other_main, r) == 0) {
		while (!__atomic_load_n(&r->release, __ATOMIC_SEQ_CST))
			usleep(1000);
		pthread_join(tid, NULL);
	}
	*(unsigned long *)data += 1;
	return NOTIFY_OK;
}

TEST(a_second_oom_meanwhile_just_retries)
{
	struct oom_racer r = {.nb.notifier_call = oom_racer_call};
	struct oom_control oc = {.gfp_mask = GFP_KERNEL};

	BOOT(MACHINE);
	oc.zonelist = node_zonelist(0, GFP_KERNEL);
	CHECK_EQ(register_oom_notifier(&r.nb), 0);
	CHECK(out_of_memory(&oc));
	CHECK_EQ(load(&r.other_result), 1); /* returned true while the first held oom_lock */
	CHECK_EQ(global_vm_event(OOM_KILL), 0);
	CHECK_EQ(unregister_oom_notifier(&r.nb), 0);
	CHECK_INVARIANTS();
}

/* ---------------------------------------------------------------------------
 * Notifier chains
 * ------------------------------------------------------------------------- */

struct recorder {
	struct notifier_block nb;
	int id;
	int ret;
	char *log;
};

static int recorder_call(struct notifier_block *nb, unsigned long action, void *data)
{
	struct recorder *r = container_of(nb, struct recorder, nb);
	size_t len = strlen(r->log);

	r->log[len] = (char)('0' + r->id);
	r->log[len + 1] = '\0';
	CHECK_EQ(action, 42);
	CHECK(data == (void *)r->log);
	return r->ret;
}

static void recorder_init(struct recorder *r, int id, int priority, int ret, char *log)
{
	r->nb.notifier_call = recorder_call;
	r->nb.priority = priority;
	r->id = id;
	r->ret = ret;
	r->log = log;
}

TEST(notifier_chains_run_by_priority_until_stopped)
{
	static BLOCKING_NOTIFIER_HEAD(chain);
	static ATOMIC_NOTIFIER_HEAD(achain);
	static RAW_NOTIFIER_HEAD(rchain);
	struct recorder r[4];
	char log[16] = "";

	BOOT(MACHINE);
	recorder_init(&r[0], 0, 0, NOTIFY_DONE, log);
	recorder_init(&r[1], 1, 10, NOTIFY_OK, log);
	recorder_init(&r[2], 2, 0, NOTIFY_OK, log);
	recorder_init(&r[3], 3, -5, NOTIFY_OK, log);
	CHECK_EQ(blocking_notifier_call_chain(&chain, 42, log), NOTIFY_DONE); /* empty */
	for (int i = 0; i < 4; i++)
		CHECK_EQ(blocking_notifier_chain_register(&chain, &r[i].nb), 0);
	CHECK_EQ(blocking_notifier_call_chain(&chain, 42, log), NOTIFY_OK);
	CHECK(!strcmp(log, "1023")); /* priority, then registration order */
	log[0] = '\0';
	r[0].ret = NOTIFY_STOP;
	CHECK_EQ(blocking_notifier_call_chain(&chain, 42, log), NOTIFY_STOP);
	CHECK(!strcmp(log, "10"));
	CHECK_EQ(blocking_notifier_chain_register(&chain, &r[0].nb), -EEXIST);
	CHECK_DMESG("already registered");
	for (int i = 0; i < 4; i++)
		CHECK_EQ(blocking_notifier_chain_unregister(&chain, &r[i].nb), 0);
	CHECK_EQ(blocking_notifier_chain_unregister(&chain, &r[0].nb), -ENOENT);
	CHECK_EQ(notifier_to_errno(notifier_from_errno(-ENOMEM)), -ENOMEM);
	CHECK(notifier_from_errno(-ENOMEM) & NOTIFY_STOP_MASK);

	log[0] = '\0';
	r[0].ret = NOTIFY_BAD;
	CHECK_EQ(atomic_notifier_chain_register(&achain, &r[3].nb), 0);
	CHECK_EQ(atomic_notifier_chain_register(&achain, &r[0].nb), 0);
	CHECK_EQ(atomic_notifier_call_chain(&achain, 42, log), NOTIFY_BAD);
	CHECK(!strcmp(log, "0"));
	CHECK_EQ(atomic_notifier_chain_unregister(&achain, &r[0].nb), 0);
	CHECK_EQ(atomic_notifier_chain_unregister(&achain, &r[3].nb), 0);

	log[0] = '\0';
	CHECK_EQ(raw_notifier_chain_register(&rchain, &r[2].nb), 0);
	CHECK_EQ(raw_notifier_call_chain(&rchain, 42, log), NOTIFY_OK);
	CHECK(!strcmp(log, "2"));
	CHECK_EQ(raw_notifier_chain_unregister(&rchain, &r[2].nb), 0);
	CHECK_INVARIANTS();
}
