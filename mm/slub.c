// SPDX-License-Identifier: MIT
/*
 * mm/slub.c - the SLUB object allocator: caches, slabs, per-CPU and per-node
 * lists.  kmalloc and the cache list are in mm/slab_common.c.
 *
 * Theory
 * ------
 * 1. Slabs.  A slab is one block of the page allocator (order s->order, a
 *    compound page with __GFP_COMP), cut into s->objects objects of s->size
 *    bytes.  Its head struct page is PageSlab and is overlaid by struct slab
 *    (mm/slab.h): slab_list (page->lru), slab_cache (page->mapping), freelist
 *    (page->index) and the counters inuse/objects/frozen (page->private).
 *    There is no per-object header: a free object holds the pointer to the
 *    next free object at s->offset - the middle of the object, or just past
 *    it when the cache has a constructor (whose work must survive a free).
 *    The constructor runs once per object when a slab is set up, never on
 *    allocation.
 *
 * 2. Object states.
 *
 *      state                         where it is                   protected by
 *      allocated                     with the user                 -
 *      free, on the CPU freelist     c->freelist (of c->slab)      the CPU
 *      free, on the slab freelist    slab->freelist                double-word CAS
 *
 *    Slab states:
 *
 *      active      frozen, c->slab of one CPU       its objects feed c->freelist
 *      CPU partial frozen, on c->partial            standby for that CPU
 *      partial     unfrozen, on n->partial          has free objects
 *      full        unfrozen, on no list             no free objects (counted per CPU)
 *      empty       unfrozen partial with inuse 0    discarded beyond s->min_partial
 *
 *    Invariants:
 *      slab->inuse == objects - |slab->freelist|  (c->freelist counts as in use)
 *      unfrozen: on n->partial iff slab->freelist != NULL, else on no list
 *      (debug caches: on n->full; their slabs change only under list_lock)
 *
 * 3. Locks, in the order they are taken:
 *      slab_mutex      (mm/slab_common.c) the cache list, create/destroy/shrink;
 *                      a sleeping mutex.
 *      the CPU         local_irq_save(): the thread holds its virtual CPU, so
 *                      the CPU's struct kmem_cache_cpu is its own.
 *      n->list_lock    a spinlock per cache and node: the node lists.
 *    A slab's freelist and counters (inuse, frozen) change together by one
 *    double-word compare-and-swap (slab_update(), cmpxchg16b), with or
 *    without list_lock: a change that moves the slab between lists is made
 *    under list_lock, any other without it.  (The kernel's order is the
 *    same: slab_mutex, cpu_slab->lock, list_lock; and so is its
 *    cmpxchg_double on freelist+counters.)  Work on another CPU's data runs
 *    there through kmm_run_on_cpu(), which takes that CPU: flushing (shrink,
 *    destroy) and the invariant checker.
 *
 * 4. Fast paths, on the CPU the thread already owns: entering is
 *    kmm_cpu_fast_enter() - a load, a store and a load, no atomic
 *    instruction (sticky CPUs, kernel/sched.c), leaving one store - where
 *    the kernel uses a this_cpu_cmpxchg_double.  Allocation pops the CPU's sheaf, else
 *    c->freelist.  kfree() pushes an object of this node on the sheaf, a
 *    stack of up to s->sheaf_capacity free objects of any slab (the
 *    kernel's per-CPU sheaves, here on for every cache but debug ones); it
 *    finds the object's cache in the slab map (mm/sparse.c, mm/slab.h), one
 *    word per page, without reading a struct page, and skips the object
 *    start check for the object popped last from the sheaf.  kmem_cache_free()
 *    tells an object of the active slab from the pointer by one multiply
 *    (mm/slab.h) and pushes it on c->freelist, any other on the sheaf; a
 *    full sheaf sends kfree()'s objects of the active slab to c->freelist
 *    too.  Frees and
 *    allocations of a busy cache so meet in the sheaf and rarely touch a
 *    slab.  Sheaf objects count as in use in their slabs; flushing a CPU
 *    (shrink, destroy, the slab shrinker) gives them back first.  When the
 *    thread owns no CPU (strict mode, a CPU taken away) or neither can
 *    serve, the work is done under local_irq_save(), which takes a CPU the
 *    slow way; the slow paths free to slabs, never to the sheaf.
 *
 * 5. Slow paths.  An empty CPU freelist is refilled from the active slab's
 *    own freelist (objects freed by other CPUs, taken by one CAS), else the
 *    next CPU partial slab, else slabs taken from the node partial list
 *    under list_lock (the first becomes active, up to cpu_partial_slabs / 2
 *    more go to the CPU partial list), else a new slab.  A free of any
 *    other object pushes it on its slab's freelist by CAS: that is how
 *    frees from other CPUs work.  Only two such frees change lists: one to
 *    a full slab freezes it for the freeing CPU, onto that CPU's partial
 *    list (no lock; a list that grows past cpu_partial_slabs goes back to
 *    the node first), and one that empties a partial slab takes list_lock
 *    and discards the slab when the node already keeps s->min_partial
 *    partial slabs.  A slab given up full (deactivated) goes on no list,
 *    without a lock.  A new slab is allocated with the CPU given back (the
 *    page allocator may sleep), so the thread may come back on another CPU.
 *
 * 6. Differences from the kernel.  Full slabs are on no list, as in the
 *    kernel, but kmem_cache_destroy() still names every remaining object:
 *    it finds full slabs by walking the node's memory map
 *    (slab_for_each_full()).  Caches merge as
 *    in the kernel (mm/slab_common.c).  The slab order follows the kernel's
 *    calculate_order() and its parameters slab_min_order, slab_max_order
 *    and slab_min_objects (old names slub_*; defaults 0,
 *    PAGE_ALLOC_COSTLY_ORDER, 4 * (fls(nr_cpu_ids) + 1)).  Without debug flags a double free at
 *    the head of a freelist, a free of a pointer that is not an object
 *    start and a free to the wrong cache are still reported; so is a
 *    double free of the sheaf's top, but not of an object deeper in it.  Caches with
 *    debug flags (slab_debug: red zones, poisoning, owner tracking, checks)
 *    use no CPU slabs and are checked by mm/slub_debug.c under list_lock.
 *    Under AddressSanitizer the free objects of other caches are poisoned,
 *    and under Valgrind memcheck sees every object as a block of its own,
 *    so a use after free of a cache object is caught (mm/slab.h, "Memory
 *    checkers").
 */
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/nodemask.h>
#include <linux/panic.h>
#include <linux/poison.h>
#include <linux/printk.h>
#include <linux/shrinker.h>
#include <linux/smp.h>
#include <linux/topology.h>
#include <kmm/sched.h>
#include <stdarg.h>

#include "arch/host/host.h"
#include "mm/internal.h"
#include "mm/slab.h"

/* Pages of all slabs (and large kmalloc blocks): [0] unreclaimable, [1] reclaimable. */
static long slab_nr_pages[2];

const char *const slub_stat_names[NR_SLUB_STAT_ITEMS] = {
	"alloc_fastpath",     "free_fastpath",	   "alloc_slowpath",	  "free_slowpath",
	"free_frozen",	      "free_add_partial",  "free_remove_partial", "alloc_refill",
	"alloc_from_partial", "cpu_partial_alloc", "cpu_partial_node",	  "cpu_partial_free",
	"cpu_partial_drain",  "alloc_slab",	   "free_slab",		  "cpuslab_flush",
	"deactivate_full",    "deactivate_empty",  "deactivate_partial",
};

static inline bool slab_node_matches(const struct slab *slab, int node)
{
	return node == NUMA_NO_NODE || slab_nid(slab) == node;
}

void slab_account_pages(bool reclaimable, long nr)
{
	__atomic_add_fetch(&slab_nr_pages[reclaimable], nr, __ATOMIC_RELAXED);
}

unsigned long slab_pages(bool reclaimable)
{
	long nr = __atomic_load_n(&slab_nr_pages[reclaimable], __ATOMIC_RELAXED);

	return nr > 0 ? (unsigned long)nr : 0;
}

/* ---------------------------------------------------------------------------
 * Reports
 * ------------------------------------------------------------------------- */

/* The kernel's slab_err(): "BUG <cache> (<taint>): <what>", the slab, a stack dump. */
void slab_err(struct kmem_cache *s, struct slab *slab, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_err("=============================================================================\n");
	pr_err("BUG %s (%s): %s\n", s->name, print_tainted(), buf);
	pr_err("-----------------------------------------------------------------------------\n\n");
	if (slab)
		pr_err("Slab %p objects=%u used=%u fp=%p flags=%#lx\n", (void *)slab, slab->objects,
		       slab->inuse, slab->freelist, slab_page(slab)->flags & ~KMM_PAGE_ORDER_MASK);
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
	dump_stack();
}

/* ---------------------------------------------------------------------------
 * Slabs: creation and discard
 * ------------------------------------------------------------------------- */

_Static_assert(MAX_PAGE_ORDER <= 11, "a slab page's index fits bits 1-11 of its slab map word");

/* Write the slab map words of the 2^@order pages at @page: cache @s (NULL: none). */
static void slab_map_set(struct kmem_cache *s, struct page *page, unsigned int order,
			 unsigned long flags)
{
	unsigned long pfn = page_to_pfn(page);

	WARN_ON_ONCE((uintptr_t)s & 63 || (uintptr_t)s >> 58);
	for (unsigned long i = 0; i < (1UL << order); i++)
		__atomic_store_n(&slab_map[pfn + i], s ? slab_map_word(s, i, flags) : 0,
				 __ATOMIC_RELAXED);
}

static struct slab *slab_new(struct kmem_cache *s, gfp_t gfp, int node)
{
	const gfp_t strip = __GFP_ZERO | __GFP_HIGHMEM | __GFP_DMA | __GFP_DMA32 | __GFP_MOVABLE;
	gfp_t pgfp = (gfp & ~strip) | s->allocflags | __GFP_COMP;
	struct kmem_cache_node *n;
	unsigned int order = s->order, nr;
	struct page *page = NULL;
	struct slab *slab;
	char *base;

	if (order > s->min_order)
		page = alloc_pages_node(node, (pgfp | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL,
					order);
	if (!page) {
		order = s->min_order;
		page = alloc_pages_node(node, pgfp, order);
		if (!page)
			return NULL;
	}
	slab = page_slab(page);
	base = page_address(page);
	nr = (unsigned int)((PAGE_SIZE << order) / s->size);
	for (unsigned int i = 0; i < nr; i++) {
		char *p = base + (size_t)i * s->size;

		if (s->ctor)
			s->ctor(p);
		if (s->flags & SLAB_DEBUG_FLAGS)
			slab_debug_setup_object(s, p);
		set_freepointer(s, p, i + 1 < nr ? p + s->size : NULL);
	}
	slab_mark_new(s, slab);
	slab->slab_cache = s;
	slab->freelist = base;
	slab->counters = 0;
	slab->objects = nr;
	__atomic_store_n(&slab->nid, (unsigned int)page_to_nid(page), __ATOMIC_RELAXED);
	slab_map_set(s, page, order, nr < s->objects ? SLAB_MAP_SHORT : 0);
	INIT_LIST_HEAD(&slab->slab_list);
	SetPageSlab(page);
	n = s->node[slab_nid(slab)];
	__atomic_add_fetch(&n->nr_slabs, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&n->total_objects, (long)nr, __ATOMIC_RELAXED);
	slab_account_pages(s->flags & SLAB_RECLAIM_ACCOUNT, 1L << order);
	return slab;
}

/* Give an unlinked slab without allocated objects back to the page allocator. */
static void slab_discard(struct kmem_cache *s, struct slab *slab)
{
	struct kmem_cache_node *n = s->node[slab_nid(slab)];
	struct page *page = slab_page(slab);
	unsigned int order = slab_order(slab);

	__atomic_sub_fetch(&n->nr_slabs, 1, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&n->total_objects, (long)slab->objects, __ATOMIC_RELAXED);
	slab_account_pages(s->flags & SLAB_RECLAIM_ACCOUNT, -(1L << order));
	slab_mark_release(slab);
	slab_map_set(NULL, page, order, 0);
	slab->slab_cache = NULL;
	slab->freelist = NULL;
	slab->counters = 0;
	__atomic_store_n(&slab->nid, 0, __ATOMIC_RELAXED); /* page_type: checked clear when freed */
	ClearPageSlab(page);
	__free_pages(page, order);
}

/* ---------------------------------------------------------------------------
 * Freezing and unfreezing (list_lock)
 * ------------------------------------------------------------------------- */

/* Replace @old by @new if the slab still holds @old (a full barrier either way). */
static inline bool slab_update(struct slab *slab, struct slab_state old, struct slab_state new)
{
	typedef unsigned __int128 u128;
	u128 o = (u128)old.counters << 64 | (uintptr_t)old.freelist;
	u128 n = (u128) new.counters << 64 | (uintptr_t) new.freelist;

	return __sync_bool_compare_and_swap((u128 *)(void *)&slab->freelist, o, n);
}

/* @slab becomes (@sign 1) or stops being (-1) an unfrozen full slab on no list (CPU held). */
static void slab_count_full(struct kmem_cache_cpu *c, struct slab *slab, long sign)
{
	__atomic_store_n(&c->full_slabs, c->full_slabs + sign, __ATOMIC_RELAXED);
	__atomic_store_n(&c->full_pages, c->full_pages + sign * (1L << slab_order(slab)),
			 __ATOMIC_RELAXED);
}

/* The unfrozen full slabs of @s and their pages (a snapshot). */
long slab_count_full_all(struct kmem_cache *s, unsigned long *pages)
{
	long nr = 0, np = 0;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		nr += __atomic_load_n(&s->cpu_slab[cpu].full_slabs, __ATOMIC_RELAXED);
		np += __atomic_load_n(&s->cpu_slab[cpu].full_pages, __ATOMIC_RELAXED);
	}
	if (pages)
		*pages = np > 0 ? (unsigned long)np : 0;
	return nr;
}

/*
 * Put an unfrozen, unlinked slab whose state is @st on its node list;
 * true: discard it instead.
 */
static bool __slab_place(struct kmem_cache *s, struct kmem_cache_cpu *c, struct kmem_cache_node *n,
			 struct slab *slab, struct slab_state st)
{
	lockdep_assert_held(&n->list_lock);
	if (!st.inuse && n->nr_partial >= s->min_partial)
		return true;
	if (st.freelist) {
		list_add_tail(&slab->slab_list, &n->partial);
		n->nr_partial++;
	} else {
		slab_count_full(c, slab, 1);
	}
	return false;
}

/* Take every free object of frozen @slab: its freelist, NULL if none. */
static void *slab_take_freelist(struct slab *slab)
{
	struct slab_state old, new;

	do {
		old = slab_state(slab);
		new.counters = old.counters;
		new.inuse = old.objects;
		new.frozen = 1;
		new.freelist = NULL;
	} while (!slab_update(slab, old, new));
	return old.freelist;
}

/* Mark @slab frozen (taken by a CPU), its free objects left on it. */
static void slab_freeze(struct slab *slab)
{
	struct slab_state old, new;

	do {
		old = slab_state(slab);
		new = old;
		new.frozen = 1;
	} while (!slab_update(slab, old, new));
}

/* Move the active slab's free objects to the CPU freelist (CPU held; no lock: it is frozen). */
static void *slab_refill(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	void *fl = slab_take_freelist(c->slab);

	c->freelist = fl;
	return fl;
}

/*
 * Give a frozen slab up, with @fl (CPU freelist objects of it, or NULL).
 * A full slab goes on no list and needs no lock; a partial or empty one is
 * unfrozen under list_lock and listed in the same section, so a free that
 * would empty it waits until it is on the partial list.
 */
static void slab_unfreeze(struct kmem_cache *s, struct kmem_cache_cpu *c, struct slab *slab,
			  void *fl)
{
	struct kmem_cache_node *n = s->node[slab_nid(slab)];
	struct slab_state old, new;
	unsigned int count = 0;
	bool locked = false, discard;
	void *tail = NULL;

	for (void *p = fl; p; p = get_freepointer(s, p)) {
		tail = p;
		count++;
	}
	for (;;) {
		old = slab_state(slab);
		new.counters = old.counters;
		new.inuse -= count;
		new.frozen = 0;
		new.freelist = tail ? fl : old.freelist;
		if (new.freelist && !locked) { /* stays non-NULL: only this CPU takes objects */
			spin_lock(&n->list_lock);
			locked = true;
			continue;
		}
		if (tail)
			set_freepointer(s, tail, old.freelist);
		if (slab_update(slab, old, new))
			break;
	}
	if (!new.freelist) {
		slab_stat(c, DEACTIVATE_FULL);
		slab_count_full(c, slab, 1);
		return;
	}
	slab_stat(c, new.inuse ? DEACTIVATE_PARTIAL : DEACTIVATE_EMPTY);
	discard = __slab_place(s, c, n, slab, new);
	spin_unlock(&n->list_lock);
	if (discard) {
		slab_stat(c, FREE_SLAB);
		slab_discard(s, slab);
	}
}

static void slab_deactivate(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct slab *slab = c->slab;
	void *fl = c->freelist;

	slab_cpu_set(c, NULL, NULL);
	slab_unfreeze(s, c, slab, fl);
}

/*
 * This CPU's partial list, set up on first use: a cache's per-CPU structs
 * start as untouched zero pages (__kmem_cache_create()), and a CPU that never
 * runs the cache never makes them host memory.  c->nr_partial says whether
 * the list is empty; it is 0 while the list is not set up.
 */
static struct list_head *slab_cpu_partial(struct kmem_cache_cpu *c)
{
	if (unlikely(!c->partial.next))
		INIT_LIST_HEAD(&c->partial);
	return &c->partial;
}

/* Take the first slab off this CPU's partial list, or NULL if it has none. */
static struct slab *slab_cpu_partial_pop(struct kmem_cache_cpu *c)
{
	struct slab *slab;

	if (!c->nr_partial)
		return NULL;
	slab = list_first_entry(&c->partial, struct slab, slab_list);
	list_del_init(&slab->slab_list);
	c->nr_partial--;
	return slab;
}

/* Give every slab of this CPU's partial list back to the node lists. */
static void slab_drain_cpu_partial(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct slab *slab;

	while ((slab = slab_cpu_partial_pop(c)))
		slab_unfreeze(s, c, slab, NULL);
}

static void slab_sheaf_flush(struct kmem_cache *s, struct kmem_cache_cpu *c);

/* Runs holding the CPU whose slabs it gives up (kmm_run_on_cpu()). */
static void slab_flush_cpu(void *arg)
{
	struct kmem_cache *s = arg;
	struct kmem_cache_cpu *c = slab_this_cpu(s);

	if (!c->slab && !c->nr_partial && !c->sheaf_nr)
		return;
	slab_stat(c, CPUSLAB_FLUSH);
	slab_sheaf_flush(s, c);
	if (c->slab)
		slab_deactivate(s, c);
	slab_drain_cpu_partial(s, c);
}

/**
 * slab_flush_all - give every CPU's active and partial slabs of @s back
 * @s: the cache
 *
 * Context: process context; may sleep (waits for each CPU in turn).
 */
void slab_flush_all(struct kmem_cache *s)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		kmm_run_on_cpu(cpu, slab_flush_cpu, s);
}

/* Take slabs from node @nid's partial list: the first becomes active. */
static bool slab_get_partial_node(struct kmem_cache *s, struct kmem_cache_cpu *c, int nid)
{
	struct kmem_cache_node *n = s->node[nid];
	struct slab *slab, *tmp;
	bool got = false;

	if (!n)
		return false;
	spin_lock(&n->list_lock);
	list_for_each_entry_safe(slab, tmp, &n->partial, slab_list) {
		list_del_init(&slab->slab_list);
		n->nr_partial--;
		if (!got) {
			slab_cpu_set(c, slab, slab_take_freelist(slab));
			got = true;
			slab_stat(c, ALLOC_FROM_PARTIAL);
		} else {
			slab_freeze(slab);
			list_add_tail(&slab->slab_list, slab_cpu_partial(c));
			c->nr_partial++;
			slab_stat(c, CPU_PARTIAL_NODE);
		}
		if (c->nr_partial >= s->cpu_partial_slabs / 2)
			break;
	}
	spin_unlock(&n->list_lock);
	return got;
}

static bool slab_get_partial(struct kmem_cache *s, struct kmem_cache_cpu *c, int node)
{
	int start = node == NUMA_NO_NODE ? numa_node_id() : node, nid;

	if (slab_get_partial_node(s, c, start))
		return true;
	if (node != NUMA_NO_NODE)
		return false;
	for_each_online_node(nid)
		if (nid != start && slab_get_partial_node(s, c, nid))
			return true;
	return false;
}

/* ---------------------------------------------------------------------------
 * Allocation
 * ------------------------------------------------------------------------- */

/* A new slab arrived while this CPU got another one: take one object, list the slab. */
static void *slab_alloc_from_new(struct kmem_cache *s, struct kmem_cache_cpu *c, struct slab *slab)
{
	struct kmem_cache_node *n = s->node[slab_nid(slab)];
	void *obj = slab->freelist;
	bool discard;

	spin_lock(&n->list_lock);
	slab->freelist = get_freepointer(s, obj); /* nobody else has seen the slab yet */
	slab->inuse = 1;
	discard = __slab_place(s, c, n, slab, slab_state(slab));
	spin_unlock(&n->list_lock);
	WARN_ON(discard); /* inuse is 1 */
	return obj;
}

/* CPU held on entry and on return (perhaps another CPU): c->freelist was no good. */
static void *__slab_alloc(struct kmem_cache *s, gfp_t gfp, int node, unsigned long *flags)
{
	struct kmem_cache_cpu *c = slab_this_cpu(s);
	struct slab *slab;
	void *obj;

	slab_stat(c, ALLOC_SLOWPATH);
	if (c->slab) {
		if (!c->freelist && slab_node_matches(c->slab, node)) {
			obj = slab_refill(s, c);
			if (obj) {
				slab_stat(c, ALLOC_REFILL);
				goto pop;
			}
		}
		slab_deactivate(s, c);
	}
	while ((slab = slab_cpu_partial_pop(c))) {
		if (!slab_node_matches(slab, node)) {
			slab_unfreeze(s, c, slab, NULL);
			continue;
		}
		slab_cpu_set(c, slab, NULL);
		obj = slab_refill(s, c);
		if (obj) {
			slab_stat(c, CPU_PARTIAL_ALLOC);
			goto pop;
		}
		slab_deactivate(s, c);
	}
	if (slab_get_partial(s, c, node)) {
		obj = c->freelist;
		goto pop;
	}

	local_irq_restore(*flags); /* the page allocator may sleep */
	slab = slab_new(s, gfp, node);
	local_irq_save(*flags);
	if (!slab)
		return NULL;
	c = slab_this_cpu(s);
	slab_stat(c, ALLOC_SLAB);
	if (c->slab)
		return slab_alloc_from_new(s, c, slab);
	/* nobody else has seen the slab yet: freeze it without list_lock */
	slab->frozen = 1;
	slab->inuse = slab->objects;
	slab_cpu_set(c, slab, slab->freelist);
	slab->freelist = NULL;
	obj = c->freelist;
pop:
	c->freelist = get_freepointer(s, obj);
	return obj;
}

/*
 * Debug caches (SLAB_DEBUG_FLAGS) use no CPU slabs: every allocation and free
 * takes list_lock, so that mm/slub_debug.c checks each object as it changes
 * hands.  Their slabs are never frozen.
 */
/* Take an object from node @nid's partial list; NULL if it has none. */
static void *slab_alloc_debug_node(struct kmem_cache *s, int nid, unsigned long caller)
{
	struct kmem_cache_node *n = s->node[nid];
	struct slab *slab;
	void *obj = NULL;

	if (!n)
		return NULL;
	spin_lock(&n->list_lock);
	if (!list_empty(&n->partial)) {
		slab = list_first_entry(&n->partial, struct slab, slab_list);
		obj = slab->freelist;
		slab->freelist = get_freepointer(s, obj);
		slab->inuse++;
		if (!slab->freelist) {
			list_move(&slab->slab_list, &n->full);
			n->nr_partial--;
		}
		slab_debug_alloc(s, slab, obj, caller);
	}
	spin_unlock(&n->list_lock);
	return obj;
}

static void *slab_alloc_debug(struct kmem_cache *s, gfp_t gfp, int node, unsigned long caller)
{
	int start = node == NUMA_NO_NODE ? numa_node_id() : node, nid;
	struct kmem_cache_node *n;
	struct slab *slab;
	void *obj;

	for (;;) {
		obj = slab_alloc_debug_node(s, start, caller);
		if (!obj && node == NUMA_NO_NODE)
			for_each_online_node(nid)
				if (nid != start && (obj = slab_alloc_debug_node(s, nid, caller)))
					break;
		if (obj) {
			if (gfp & __GFP_ZERO)
				memset(obj, 0, s->object_size);
			return obj;
		}
		slab = slab_new(s, gfp, node);
		if (!slab)
			return NULL;
		n = s->node[slab_nid(slab)];
		spin_lock(&n->list_lock);
		list_add(&slab->slab_list, &n->partial);
		n->nr_partial++;
		spin_unlock(&n->list_lock);
		start = slab_nid(slab); /* the page allocator may have used another node */
		node = NUMA_NO_NODE;
	}
}

/*
 * Push @obj of a debug cache's slab on its freelist and fix the node lists
 * (n->list_lock held; debug slabs are never frozen).  True: the slab is
 * empty and off the lists, to be discarded.
 */
static bool __slab_debug_put_object(struct kmem_cache *s, struct kmem_cache_node *n,
				    struct slab *slab, void *obj)
{
	bool was_full = !slab->freelist;

	lockdep_assert_held(&n->list_lock);
	set_freepointer(s, obj, slab->freelist);
	slab->freelist = obj;
	slab->inuse--;
	if (!slab->inuse && n->nr_partial >= s->min_partial) {
		list_del_init(&slab->slab_list);
		if (!was_full)
			n->nr_partial--;
		return true;
	}
	if (was_full) {
		list_move_tail(&slab->slab_list, &n->partial);
		n->nr_partial++;
	}
	return false;
}

static void slab_free_debug(struct kmem_cache *s, struct slab *slab, void *obj,
			    unsigned long caller)
{
	struct kmem_cache_node *n = s->node[slab_nid(slab)];
	bool discard;

	spin_lock(&n->list_lock);
	if (!slab_debug_free(s, slab, obj, caller)) {
		spin_unlock(&n->list_lock);
		return;
	}
	discard = __slab_debug_put_object(s, n, slab, obj);
	spin_unlock(&n->list_lock);
	if (discard)
		slab_discard(s, slab);
}

/* slab_alloc_node() past its fast path: debug caches, refills, new slabs, zeroing. */
noinline void *slab_alloc_slow(struct kmem_cache *s, gfp_t gfp, int node, unsigned long caller)
{
	struct kmem_cache_cpu *c;
	unsigned long flags;
	void *obj;

	if (gfpflags_allow_blocking(gfp) && unlikely(!preemptible()))
		might_sleep();
	if (unlikely(s->flags & SLAB_DEBUG_FLAGS))
		return slab_alloc_debug(s, gfp, node, caller);
	obj = slab_alloc_fast(s, node);
	if (likely(obj))
		goto out;
	local_irq_save(flags);
	c = slab_this_cpu(s);
	obj = slab_sheaf_pop(c, node);
	if (obj) {
		slab_stat(c, ALLOC_FASTPATH);
	} else if ((obj = c->freelist) && slab_node_matches(c->slab, node)) {
		c->freelist = get_freepointer(s, obj);
		slab_stat(c, ALLOC_FASTPATH);
	} else {
		obj = __slab_alloc(s, gfp, node, &flags);
	}
	local_irq_restore(flags);
	if (unlikely(!obj))
		return NULL;
out:
	slab_mark_alloc(s, obj);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, s->object_size);
	return obj;
}

/* ---------------------------------------------------------------------------
 * Free
 * ------------------------------------------------------------------------- */

/* A free froze full @slab for this CPU: onto its partial list (the kernel's put_cpu_partial()). */
static void slab_cpu_partial_add(struct kmem_cache *s, struct kmem_cache_cpu *c,
				 struct kmem_cache_node *n, struct slab *slab)
{
	slab_count_full(c, slab, -1);
	if (c->nr_partial >= s->cpu_partial_slabs) {
		slab_stat(c, CPU_PARTIAL_DRAIN);
		slab_drain_cpu_partial(s, c);
	}
	list_add_tail(&slab->slab_list, slab_cpu_partial(c));
	c->nr_partial++;
	slab_stat(c, CPU_PARTIAL_FREE);
}

/*
 * Free the chain @head .. @tail of @cnt objects of @slab (linked by their
 * free pointers; @tail's is set here) to the slab, which is not this
 * CPU's active one (CPU held), without a lock unless the slab leaves the
 * partial list: a frozen slab just takes the objects; a full one is
 * frozen for this CPU and goes on its partial list; a partial one stays
 * where it is - unless the free empties it, which is done under list_lock
 * so that the slab may be discarded.  False: a double free (nothing
 * changed).
 */
static bool __slab_free_chain(struct kmem_cache *s, struct kmem_cache_cpu *c, struct slab *slab,
			      void *head, void *tail, unsigned int cnt)
{
	struct kmem_cache_node *n = s->node[slab_nid(slab)];
	struct slab_state old, new;
	bool locked = false, discard = false;

	for (;;) {
		old = slab_state(slab);
		if (unlikely(old.inuse < cnt || head == old.freelist)) {
			if (locked)
				spin_unlock(&n->list_lock);
			return false;
		}
		new.counters = old.counters;
		new.inuse -= cnt;
		new.freelist = head;
		if (!old.frozen && !old.freelist) {
			new.frozen = 1;
		} else if (!old.frozen && !new.inuse && !locked) {
			spin_lock(&n->list_lock);
			locked = true;
			continue;
		}
		set_freepointer(s, tail, old.freelist);
		if (slab_update(slab, old, new))
			break;
	}
	slab_stat(c, FREE_SLOWPATH);
	if (old.frozen) {
		slab_stat(c, FREE_FROZEN);
	} else if (!new.frozen && !new.inuse && n->nr_partial >= s->min_partial) {
		list_del_init(&slab->slab_list); /* locked: it was partial, now empty */
		n->nr_partial--;
		discard = true;
	}
	if (locked)
		spin_unlock(&n->list_lock);
	if (!old.frozen && new.frozen)
		slab_cpu_partial_add(s, c, n, slab);
	if (discard) {
		slab_stat(c, FREE_REMOVE_PARTIAL);
		slab_stat(c, FREE_SLAB);
		slab_discard(s, slab);
	}
	return true;
}

/* Free @obj to its slab, which is not this CPU's active one (CPU held).  False: a double free. */
static bool __slab_free(struct kmem_cache *s, struct kmem_cache_cpu *c, struct slab *slab,
			void *obj)
{
	slab_mark_free(s, obj); /* before the object can be handed out again */
	return __slab_free_chain(s, c, slab, obj, obj, 1);
}

/*
 * Give the oldest @nr objects of @c's sheaf back to their slabs (CPU held):
 * the objects of one slab go as one chain, with one compare-and-swap (the
 * kernel's detached freelists), or onto the CPU freelist for the active
 * slab.  The rest, the hot top, moves down.
 */
static void slab_sheaf_give_back(struct kmem_cache *s, struct kmem_cache_cpu *c, unsigned int nr)
{
	void *objs[SLAB_SHEAF_MAX];
	struct slab *slabs[SLAB_SHEAF_MAX];
	unsigned int left = nr;

	memcpy(objs, c->sheaf, nr * sizeof(objs[0]));
	memmove(c->sheaf, c->sheaf + nr, (c->sheaf_nr - nr) * sizeof(c->sheaf[0]));
	c->sheaf_nr -= nr;
	/* above the top only objects popped since (slab_free_fast()'s shortcut) */
	memset(c->sheaf + c->sheaf_nr, 0, nr * sizeof(c->sheaf[0]));
	for (unsigned int i = 0; i < nr; i++)
		slabs[i] = virt_to_slab(objs[i]);
	while (left) {
		struct slab *slab = slabs[--left];
		void *head = objs[left], *tail = head;
		unsigned int cnt = 1;

		for (unsigned int i = left; i-- > 0;) {
			if (slabs[i] != slab)
				continue;
			set_freepointer(s, objs[i], head);
			head = objs[i];
			cnt++;
			objs[i] = objs[--left]; /* the last unsorted one takes its place */
			slabs[i] = slabs[left];
		}
		if (slab == c->slab) {
			set_freepointer(s, tail, c->freelist);
			c->freelist = head;
		} else if (!__slab_free_chain(s, c, slab, head, tail, cnt)) {
			slab_err(s, slab, "Object %p already free (double free)", head);
		}
	}
}

/* Give every object of @c's sheaf back to its slab (CPU held). */
static void slab_sheaf_flush(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	slab_sheaf_give_back(s, c, c->sheaf_nr);
}

/* slab_free_fast*() could not: bad pointers, debug caches, other slabs, double frees. */
noinline void slab_free_slow(struct kmem_cache *s, struct slab *slab, void *obj,
			     unsigned long caller)
{
	struct kmem_cache_cpu *c;
	unsigned long flags;
	bool ok = true;

	if (unlikely(!slab_contains(s, slab, obj))) {
		slab_err(s, slab, "Invalid object pointer %p", obj);
		return;
	}
	if (unlikely(s->flags & SLAB_DEBUG_FLAGS)) {
		slab_free_debug(s, slab, obj, caller);
		return;
	}
	local_irq_save(flags);
	c = slab_this_cpu(s);
	if (unlikely(c->sheaf_nr && c->sheaf[c->sheaf_nr - 1] == obj)) {
		ok = false; /* freed a moment ago, to the sheaf */
	} else if (s->sheaf_capacity && c->sheaf_nr == s->sheaf_capacity && slab != c->slab &&
		   slab_nid(slab) == c->node) {
		slab_sheaf_give_back(s, c, c->sheaf_nr / 2); /* the fast path found it full */
		ok = slab_sheaf_push(s, c, obj);
	} else if (likely(slab == c->slab)) {
		ok = obj != c->freelist;
		if (ok) { /* the fast path's push, with the memory checkers told */
			set_freepointer(s, obj, c->freelist);
			slab_mark_free(s, obj);
			c->freelist = obj;
			slab_stat(c, FREE_FASTPATH);
		}
	} else {
		ok = __slab_free(s, c, slab, obj);
	}
	local_irq_restore(flags);
	if (unlikely(!ok))
		slab_err(s, slab, "Object %p already free (double free)", obj);
}

/* ---------------------------------------------------------------------------
 * Caches: create, shrink, shutdown
 * ------------------------------------------------------------------------- */

/* Objects of @size in a slab of @order. */
static unsigned int slab_order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

/* The smallest order in [@min_order, @max_order] wasting at most 1/@fraction; else > max. */
static unsigned int slab_calc_order(unsigned int size, unsigned int min_order,
				    unsigned int max_order, unsigned int fraction)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned long slab_size = PAGE_SIZE << order;

		if (slab_size % size <= slab_size / fraction)
			break;
	}
	return order;
}

/* slab_min_objects=, or the kernel's default from the CPU count. */
static unsigned int slab_min_objects(void)
{
	if (kmm_machine.slab_min_objects)
		return kmm_machine.slab_min_objects;
	return 4 * ((unsigned int)fls((int)nr_cpu_ids) + 1);
}

/**
 * slab_calculate_order - the slab order of a cache of @size-byte objects
 * @size: the object stride
 *
 * The kernel's calculate_order(): start from the order that holds
 * slab_min_objects (fewer if even a slab_max_order slab cannot hold them),
 * but at least slab_min_order; accept the smallest order up to
 * slab_max_order that wastes at most 1/16 of the slab, then 1/8, then 1/4.
 * If no order up to slab_max_order holds one object: the smallest order
 * that does.  Never more than SLAB_MAX_OBJECTS objects.
 */
static unsigned int slab_calculate_order(unsigned int size)
{
	unsigned int max_order = kmm_machine.slab_max_order;
	unsigned int min_objects = slab_min_objects();
	unsigned int max_objects = max(slab_order_objects(max_order, size), 1U);
	unsigned int min_order, order;

	min_objects = min(min_objects, max_objects);
	min_order = max(kmm_machine.slab_min_order,
			(unsigned int)get_order((unsigned long)min_objects * size));
	if (slab_order_objects(min_order, size) > SLAB_MAX_OBJECTS)
		return (unsigned int)get_order((unsigned long)size * SLAB_MAX_OBJECTS) - 1;
	for (unsigned int fraction = 16; fraction > 1; fraction /= 2) {
		order = slab_calc_order(size, min_order, max_order, fraction);
		if (order <= max_order)
			return order;
	}
	return (unsigned int)get_order(size);
}

static void slab_set_cpu_partial(struct kmem_cache *s)
{
	unsigned int nr_objects;

	if (s->size >= PAGE_SIZE)
		nr_objects = 6;
	else if (s->size >= 1024)
		nr_objects = 24;
	else if (s->size >= 256)
		nr_objects = 52;
	else
		nr_objects = 120;
	s->cpu_partial_slabs = DIV_ROUND_UP(nr_objects * 2, s->objects);
}

/*
 * Objects a CPU's sheaf keeps: more of small objects, none for debug
 * caches (every object of theirs goes through mm/slub_debug.c's checks).
 */
static unsigned int slab_sheaf_capacity(const struct kmem_cache *s)
{
	if (s->flags & SLAB_DEBUG_FLAGS)
		return 0;
	if (s->size <= 64)
		return SLAB_SHEAF_MAX;
	if (s->size <= 256)
		return SLAB_SHEAF_MAX / 2;
	return s->size <= 1024 ? SLAB_SHEAF_MAX / 8 : SLAB_SHEAF_MAX / 16;
}

/* The inverse of odd @d modulo 2^64 (Newton's iteration doubles the good bits). */
static unsigned long slab_odd_inverse(unsigned long d)
{
	unsigned long x = d; /* right to 3 bits: d * d == 1 mod 8 */

	for (int i = 0; i < 5; i++)
		x *= 2 - d * x;
	return x;
}

static int slab_calculate_sizes(struct kmem_cache *s, unsigned int align)
{
	unsigned int size = ALIGN(s->object_size, (unsigned int)sizeof(void *));

	if (s->flags & SLAB_RED_ZONE)
		size += sizeof(void *); /* the red zone: [object_size, offset) */
	if (s->ctor || (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON | SLAB_RED_ZONE))) {
		s->offset = size; /* the object (constructed or poisoned) survives a free */
		size += sizeof(void *);
	} else {
		s->offset = ALIGN_DOWN(s->object_size / 2, (unsigned int)sizeof(void *));
	}
	if (s->flags & SLAB_STORE_USER) {
		s->track_off = size;
		size += slab_debug_track_size();
	}
	s->align = calculate_alignment(s->flags, align, s->object_size);
	s->size = ALIGN(size, s->align);
	s->idx_shift = (unsigned int)__builtin_ctz(s->size);
	s->idx_mul = slab_odd_inverse(s->size >> s->idx_shift);
	if (s->size > (PAGE_SIZE << MAX_PAGE_ORDER))
		return -EINVAL;
	s->order = slab_calculate_order(s->size);
	s->min_order = (unsigned int)get_order(s->size);
	s->objects = slab_order_objects(s->order, s->size);
	s->min_partial = clamp((unsigned long)ilog2(s->size) / 2, 5UL, 10UL);
	slab_set_cpu_partial(s);
	s->sheaf_capacity = slab_sheaf_capacity(s);
	return 0;
}

/*
 * Cache descriptors.  A cache's struct kmem_cache, its name and its per-node
 * structs are one object of the cache "kmem_cache" (the kernel's name for
 * it): ten to a page on a one-node machine, where a block of its own would
 * cost every cache a page of host memory.  That cache's own descriptor is
 * static (boot_desc, the kernel's boot_kmem_cache).  The per-CPU array is a
 * page-aligned block of its own, zeroed without being touched: the per-CPU
 * structs of a CPU that never uses the cache (all zero is their empty
 * state) never become host memory.  A name too long for the descriptor is
 * kstrdup()ed.
 */
#define SLAB_DESC_NAME 48
#define SLAB_DESC_MAX \
	(sizeof(struct kmem_cache) + MAX_NUMNODES * sizeof(struct kmem_cache_node) + SLAB_DESC_NAME)

struct kmem_cache *kmem_cache; /* the descriptors' cache */
static union {
	struct kmem_cache s;
	char bytes[SLAB_DESC_MAX];
} boot_desc __aligned(64);

_Static_assert((sizeof(struct kmem_cache) + SLAB_DESC_NAME) % __alignof__(struct kmem_cache_node) ==
		       0,
	       "the per-node structs follow the name, aligned");

/* A descriptor's bytes: struct kmem_cache, the name, node structs for ids up to the last online. */
static size_t slab_desc_size(void)
{
	unsigned int nr = 0;
	int nid;

	for_each_online_node(nid)
		nr = (unsigned int)nid + 1;
	return sizeof(struct kmem_cache) + SLAB_DESC_NAME + nr * sizeof(struct kmem_cache_node);
}

static char *slab_desc_name(struct kmem_cache *s)
{
	return (char *)(s + 1);
}

static struct kmem_cache_node *slab_desc_nodes(struct kmem_cache *s)
{
	return (struct kmem_cache_node *)(slab_desc_name(s) + SLAB_DESC_NAME);
}

/* A zeroed descriptor: the static one for "kmem_cache" itself, then its objects. */
static struct kmem_cache *slab_desc_alloc(void)
{
	if (!kmem_cache) {
		memset(&boot_desc, 0, sizeof(boot_desc));
		return &boot_desc.s;
	}
	return kmem_cache_zalloc(kmem_cache, GFP_KERNEL);
}

static void slab_desc_free(struct kmem_cache *s)
{
	if (s->name != slab_desc_name(s))
		kfree_const(s->name);
	if (s == &boot_desc.s)
		kmem_cache = NULL;
	else
		kmem_cache_free(kmem_cache, s);
}

/* Set up @s's per-node structs and name, and allocate its per-CPU array. */
static int slab_desc_setup(struct kmem_cache *s, const char *name)
{
	struct kmem_cache_node *nodes = slab_desc_nodes(s);
	int nid;

	s->cpu_size = PAGE_ALIGN(nr_cpu_ids * sizeof(struct kmem_cache_cpu));
	s->cpu_slab = alloc_pages_exact(s->cpu_size, GFP_KERNEL);
	if (!s->cpu_slab)
		return -ENOMEM;
	kmm_pages_zero_discard(s->cpu_slab, s->cpu_size);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cpu_to_node((int)cpu)) /* zero is node 0: no write, no host page */
			s->cpu_slab[cpu].node = cpu_to_node((int)cpu);
	for_each_online_node(nid) {
		struct kmem_cache_node *n = &nodes[nid];

		spin_lock_init(&n->list_lock);
		INIT_LIST_HEAD(&n->partial);
		INIT_LIST_HEAD(&n->full);
		s->node[nid] = n;
	}
	if (strlen(name) < SLAB_DESC_NAME) {
		s->name = strcpy(slab_desc_name(s), name);
	} else {
		s->name = kstrdup_const(name, GFP_KERNEL);
		if (!s->name) {
			s->name = slab_desc_name(s);
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * __kmem_cache_create - allocate and set up a cache descriptor
 *
 * The caller (slab_common.c) holds slab_mutex and links the cache into
 * slab_caches.  The first cache made is "kmem_cache" (kmem_cache_init()).
 *
 * Context: process context; may sleep.
 * Return: the cache, or an ERR_PTR().
 */
struct kmem_cache *__kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				       slab_flags_t flags, unsigned int useroffset,
				       unsigned int usersize, void (*ctor)(void *))
{
	struct kmem_cache *s = slab_desc_alloc();
	int err;

	if (!s)
		return ERR_PTR(-ENOMEM);
	err = slab_desc_setup(s, name);
	if (err)
		goto fail;
	s->object_size = size;
	s->flags = slab_debug_cache_flags(name, flags, ctor);
	s->ctor = ctor;
	s->useroffset = useroffset;
	s->usersize = usersize;
	s->refcount = 1;
	if (flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if (flags & SLAB_CACHE_DMA32)
		s->allocflags |= GFP_DMA32;
	if (flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	err = slab_calculate_sizes(s, align);
	if (err)
		goto fail;
	INIT_LIST_HEAD(&s->list);
	return s;
fail:
	__kmem_cache_release(s);
	return ERR_PTR(err);
}

/**
 * kmem_cache_desc_init - create "kmem_cache", the cache of cache descriptors
 *
 * Context: boot, kmem_cache_init(), slab_mutex held.  Return: the cache.
 */
struct kmem_cache *kmem_cache_desc_init(void)
{
	struct kmem_cache *s;

	_Static_assert(sizeof(boot_desc) >= SLAB_DESC_MAX, "room for the boot descriptor");
	s = __kmem_cache_create("kmem_cache", (unsigned int)slab_desc_size(), 64,
				SLAB_HWCACHE_ALIGN | SLAB_NO_MERGE, 0, 0, NULL);
	if (!IS_ERR(s))
		kmem_cache = s;
	return s;
}

void __kmem_cache_release(struct kmem_cache *s)
{
	if (s->cpu_slab)
		free_pages_exact(s->cpu_slab, s->cpu_size);
	slab_desc_free(s);
}

/*
 * The empty slabs on node @nid's partial list: their pages, and with
 * @discard the slabs themselves go back to the page allocator.
 */
static unsigned long slab_node_empty(struct kmem_cache *s, int nid, bool discard)
{
	struct kmem_cache_node *n = s->node[nid];
	unsigned long pages = 0;
	struct slab *slab, *tmp;
	LIST_HEAD(empty);

	if (!n)
		return 0;
	spin_lock(&n->list_lock);
	list_for_each_entry_safe(slab, tmp, &n->partial, slab_list) {
		if (slab_state(slab).inuse) /* 0 stays 0: no object is out */
			continue;
		pages += 1UL << slab_order(slab);
		if (discard) {
			list_move(&slab->slab_list, &empty);
			n->nr_partial--;
		}
	}
	spin_unlock(&n->list_lock);
	list_for_each_entry_safe(slab, tmp, &empty, slab_list) {
		list_del_init(&slab->slab_list);
		slab_discard(s, slab);
	}
	return pages;
}

/**
 * __kmem_cache_shrink - flush every CPU's slabs, free the empty ones
 * @s: the cache
 *
 * Context: process context; may sleep.  Return: 0.
 */
int __kmem_cache_shrink(struct kmem_cache *s)
{
	int nid;

	slab_flush_all(s);
	for_each_online_node(nid)
		slab_node_empty(s, nid, true);
	return 0;
}

/* ---------------------------------------------------------------------------
 * Reclaim: the slab shrinker
 *
 * Under memory pressure reclaim (kswapd, direct reclaim) calls the "slab"
 * shrinker for each node.  Its objects are pages: those of empty slabs on
 * the node partial lists, on the CPU partial lists and empty active CPU
 * slabs.  A CPU's slabs are looked at and freed only on that CPU
 * (kmm_run_on_cpu()); an empty frozen slab has no object anywhere but on
 * that CPU, so it can be freed without going through the node lists.  The
 * node pass frees every empty node partial slab, the min_partial ones
 * included: under pressure a free page is worth more than a warm slab.
 * Slabs with objects in use are never touched.  The shrinker takes
 * slab_mutex only with mutex_trylock(): reclaim may run inside
 * kmem_cache_create() or kmem_cache_destroy(), which hold it.
 * ------------------------------------------------------------------------- */

struct slab_reclaim {
	struct kmem_cache *s;
	int nid;	     /* the node reclaimed */
	bool discard;	     /* free the slabs, or only count them */
	unsigned long pages; /* counted or freed */
};

/* Has frozen @slab of this CPU no object in use?  @fl: its CPU freelist, if active. */
static bool slab_frozen_empty(struct kmem_cache *s, struct slab *slab, void *fl)
{
	unsigned int count = 0;

	for (void *p = fl; p; p = get_freepointer(s, p))
		count++;
	return slab_state(slab).inuse == count; /* stays true: no object is out */
}

/* Free empty frozen @slab, already taken from this CPU: nobody else can reach it. */
static void slab_reclaim_frozen(struct kmem_cache *s, struct kmem_cache_cpu *c, struct slab *slab)
{
	slab->frozen = 0;
	slab_stat(c, DEACTIVATE_EMPTY);
	slab_stat(c, FREE_SLAB);
	slab_discard(s, slab);
}

/* Runs holding the CPU whose slabs it looks at (kmm_run_on_cpu()). */
static void slab_reclaim_cpu(void *arg)
{
	struct slab_reclaim *r = arg;
	struct kmem_cache_cpu *c = slab_this_cpu(r->s);
	struct slab *slab, *tmp;

	/* a sheaf's objects keep their slabs from looking empty */
	if (c->node == r->nid && c->sheaf_nr) {
		struct kmem_cache_node *n = r->s->node[r->nid];
		long before = __atomic_load_n(&n->nr_slabs, __ATOMIC_RELAXED);

		if (!r->discard) { /* counting: what it holds, at best whole slabs once flushed */
			r->pages += DIV_ROUND_UP(c->sheaf_nr * r->s->size, PAGE_SIZE);
		} else { /* the flush frees the slabs it empties beyond min_partial */
			slab_sheaf_flush(r->s, c);
			before -= __atomic_load_n(&n->nr_slabs, __ATOMIC_RELAXED);
			r->pages += (unsigned long)max(before, 0L) << r->s->order;
		}
	}
	list_for_each_entry_safe(slab, tmp, slab_cpu_partial(c), slab_list) {
		if (slab_nid(slab) != r->nid || !slab_frozen_empty(r->s, slab, NULL))
			continue;
		r->pages += 1UL << slab_order(slab);
		if (!r->discard)
			continue;
		list_del_init(&slab->slab_list);
		c->nr_partial--;
		slab_reclaim_frozen(r->s, c, slab);
	}
	slab = c->slab;
	if (slab && slab_nid(slab) == r->nid && slab_frozen_empty(r->s, slab, c->freelist)) {
		r->pages += 1UL << slab_order(slab);
		if (!r->discard)
			return;
		slab_cpu_set(c, NULL, NULL);
		slab_reclaim_frozen(r->s, c, slab);
	}
}

/*
 * Count (@discard false) or free the pages of empty slabs on node @nid,
 * cache by cache, until @budget pages.  Return: the pages; 0 if slab_mutex
 * is busy.
 */
static unsigned long slab_reclaim(int nid, bool discard, unsigned long budget)
{
	struct slab_reclaim r = {.nid = nid, .discard = discard};
	struct kmem_cache *s;

	if (!mutex_trylock(&slab_mutex))
		return 0;
	list_for_each_entry(s, &slab_caches, list) {
		r.s = s;
		if (!(s->flags & SLAB_DEBUG_FLAGS)) /* debug caches have no CPU slabs */
			for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
				kmm_run_on_cpu(cpu, slab_reclaim_cpu, &r);
		r.pages += slab_node_empty(s, nid, discard);
		if (r.pages >= budget)
			break;
	}
	mutex_unlock(&slab_mutex);
	return r.pages;
}

static unsigned long slab_shrink_count(struct shrinker *shrinker, struct shrink_control *sc)
{
	unsigned long pages = slab_reclaim(sc->nid, false, ULONG_MAX);

	return pages ? pages : SHRINK_EMPTY;
}

static unsigned long slab_shrink_scan(struct shrinker *shrinker, struct shrink_control *sc)
{
	unsigned long pages = slab_reclaim(sc->nid, true, sc->nr_to_scan);

	return pages ? pages : SHRINK_STOP;
}

static struct shrinker slab_shrinker = {
	.count_objects = slab_shrink_count,
	.scan_objects = slab_shrink_scan,
	.seeks = DEFAULT_SEEKS,
	.flags = SHRINKER_NUMA_AWARE,
};

/**
 * slab_reclaim_init - register the slab shrinker
 *
 * Context: boot, from kmem_cache_init().
 */
void slab_reclaim_init(void)
{
	if (register_shrinker(&slab_shrinker, "slab"))
		pr_warn("slab: no shrinker: empty slabs are freed only by kmem_cache_shrink()\n");
}

/**
 * slab_reclaim_exit - unregister the slab shrinker
 *
 * Context: kmm_shutdown(), before reclaim is torn down; waits for a
 * running call of the shrinker to end.
 */
void slab_reclaim_exit(void)
{
	unregister_shrinker(&slab_shrinker);
}

static unsigned long slab_obj_map[BITS_TO_LONGS(SLAB_MAX_OBJECTS + 1)]; /* slab_mutex */

/* The kernel's list_slab_objects(): name each allocated object of @slab. */
static void slab_list_objects(struct kmem_cache *s, struct slab *slab, unsigned int *budget)
{
	char *base = slab_address(slab);

	slab_err(s, slab, "Objects remaining in %s on __kmem_cache_shutdown()", s->name);
	memset(slab_obj_map, 0, sizeof(slab_obj_map));
	for (void *p = slab->freelist; p; p = get_freepointer(s, p))
		__set_bit((unsigned long)((char *)p - base) / s->size, slab_obj_map);
	for (unsigned int i = 0; i < slab->objects; i++) {
		if (test_bit(i, slab_obj_map))
			continue;
		if (!*budget) {
			pr_err("(more objects not shown)\n");
			return;
		}
		(*budget)--;
		pr_err("Object %p @offset=%lu\n", base + (size_t)i * s->size,
		       (unsigned long)i * s->size);
	}
}

struct slab_full_walk {
	struct kmem_cache *s;
	void (*fn)(struct kmem_cache *s, struct slab *slab, void *arg);
	void *arg;
};

static bool slab_full_block(struct page *head, int order, void *arg)
{
	struct slab_full_walk *w = arg;
	struct slab_state st;

	if (!PageSlab(head) || page_slab(head)->slab_cache != w->s)
		return true;
	st = slab_state(page_slab(head));
	if (!st.frozen && !st.freelist)
		w->fn(w->s, page_slab(head), w->arg);
	return true;
}

/*
 * Call @fn(@s, slab, @arg) for each unfrozen full slab of @s on node @nid.
 * Such slabs are on no list, so the node's memory map is walked block by
 * block (free blocks skipped whole) under each zone's lock.  Reports and
 * teardown only: it costs O(blocks of the node).
 */
static void slab_for_each_full(struct kmem_cache *s, int nid,
			       void (*fn)(struct kmem_cache *s, struct slab *slab, void *arg),
			       void *arg)
{
	struct slab_full_walk w = {s, fn, arg};
	struct zone *zone;

	for_each_populated_zone(zone) {
		unsigned long flags;

		if (zone->node != nid)
			continue;
		spin_lock_irqsave(&zone->lock, flags);
		zone_walk_allocated(zone, slab_full_block, &w);
		spin_unlock_irqrestore(&zone->lock, flags);
	}
}

static void slab_report_full(struct kmem_cache *s, struct slab *slab, void *budget)
{
	slab_list_objects(s, slab, budget);
}

static void slab_release_full(struct kmem_cache *s, struct slab *slab, void *arg)
{
	slab_mark_release(slab);
}

/**
 * __kmem_cache_shutdown - empty a cache before its destruction
 * @s: the cache
 * @caller: who asked (for the report)
 *
 * Flushes every CPU, frees every empty slab; if objects remain, reports
 * each slab and its objects and leaves them in place.
 *
 * Context: process context, slab_mutex held.
 * Return: 0, or -EBUSY when objects remain.
 */
int __kmem_cache_shutdown(struct kmem_cache *s, unsigned long caller)
{
	unsigned int budget = 64;
	bool busy = false;
	long full;
	int nid;

	lockdep_assert_held(&slab_mutex);
	__kmem_cache_shrink(s);
	full = slab_count_full_all(s, NULL);
	for_each_online_node(nid) {
		struct kmem_cache_node *n = s->node[nid];
		struct slab *slab;

		spin_lock(&n->list_lock);
		busy |= n->nr_partial || !list_empty(&n->full) || full > 0;
		spin_unlock(&n->list_lock);
		/* slab_mutex held and every CPU flushed: nobody else walks these lists now */
		list_for_each_entry(slab, &n->partial, slab_list)
			slab_list_objects(s, slab, &budget);
		list_for_each_entry(slab, &n->full, slab_list)
			slab_list_objects(s, slab, &budget);
		if (full > 0)
			slab_for_each_full(s, nid, slab_report_full, &budget);
	}
	return busy ? -EBUSY : 0;
}

/**
 * slab_forget - drop a cache whose objects leaked (machine shutdown)
 * @s: the cache, already reported by __kmem_cache_shutdown()
 *
 * Its slabs stay allocated (the page leak check names them); under ASan
 * their memory is unpoisoned so that the next machine may reuse it.
 */
void slab_forget(struct kmem_cache *s)
{
	int nid;

	for_each_online_node(nid) {
		struct kmem_cache_node *n = s->node[nid];
		struct slab *slab;

		list_for_each_entry(slab, &n->partial, slab_list)
			slab_mark_release(slab);
		list_for_each_entry(slab, &n->full, slab_list)
			slab_mark_release(slab);
		if (slab_count_full_all(s, NULL) > 0)
			slab_for_each_full(s, nid, slab_release_full, NULL);
	}
}

/**
 * slab_count_free - counts for /proc/slabinfo
 * @s: the cache
 * @nr_slabs: slabs of the cache
 * @nr_objs: objects in them
 *
 * Objects on CPU freelists count as active, as in the kernel.
 * Return: free objects on the node partial lists.
 */
unsigned long slab_count_free(struct kmem_cache *s, unsigned long *nr_slabs, unsigned long *nr_objs)
{
	unsigned long nr_free = 0;
	int nid;

	*nr_slabs = *nr_objs = 0;
	for_each_online_node(nid) {
		struct kmem_cache_node *n = s->node[nid];
		struct slab *slab;

		*nr_slabs += (unsigned long)__atomic_load_n(&n->nr_slabs, __ATOMIC_RELAXED);
		*nr_objs += (unsigned long)__atomic_load_n(&n->total_objects, __ATOMIC_RELAXED);
		spin_lock(&n->list_lock);
		list_for_each_entry(slab, &n->partial, slab_list)
			nr_free += slab->objects - slab_state(slab).inuse;
		spin_unlock(&n->list_lock);
	}
	return nr_free;
}
