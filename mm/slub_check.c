// SPDX-License-Identifier: MIT
/*
 * mm/slub_check.c - the slab allocator's invariant checker.
 *
 * Walks every cache at a quiescent moment (tests and fuzzers call it after
 * each phase, through kmm_check_invariants()): each CPU's active slab,
 * partial list and sheaf on that CPU (kmm_run_on_cpu()), then each node's
 * partial and (debug caches) full lists under list_lock.  For every slab
 * it checks what mm/slub.c's theory block promises:
 *
 *	objects - inuse == |slab->freelist|	(the CPU freelist counts as in use)
 *	frozen  <=> active or on a CPU partial list
 *	partial  => freelist != NULL;  node full list  => freelist == NULL
 *	every freelist entry an object start of the slab, no cycle
 *	sheaf: at most sheaf_capacity objects of the cache and the CPU's node, none twice
 *
 * and that slabs and slab pages found (plus the unfrozen full slabs on no
 * list, counted per CPU) match the per-node counters and the page
 * accounting.  It reads slab fields without their compare-and-swap: only
 * a quiescent cache gives a meaningful answer.
 */
#include <linux/kernel.h>
#include <linux/nodemask.h>
#include <linux/printk.h>
#include <linux/smp.h>
#include <kmm/sched.h>

#include "mm/internal.h"
#include "mm/slab.h"

struct slab_check {
	struct kmem_cache *s;
	int errors;
	unsigned long slabs, pages;
};

#define slab_check_fail(ck, slab, fmt, ...)                                           \
	do {                                                                          \
		pr_err("slab: %s: slab %p: " fmt "\n", (ck)->s->name, (void *)(slab), \
		       ##__VA_ARGS__);                                                \
		(ck)->errors++;                                                       \
	} while (0)

/* Walk a freelist of @slab: every entry an object of it, no cycle.  Return: length or -1. */
static long slab_check_freelist(struct slab_check *ck, struct slab *slab, void *fl)
{
	long count = 0;

	for (void *p = fl; p; p = get_freepointer(ck->s, p)) {
		if (!slab_contains(ck->s, slab, p)) {
			slab_check_fail(ck, slab, "free pointer %p is not an object of the slab",
					p);
			return -1;
		}
		if (++count > slab->objects) {
			slab_check_fail(ck, slab, "freelist longer than %u objects (cycle?)",
					slab->objects);
			return -1;
		}
	}
	return count;
}

/* @slab's node and its pages' slab map words (mm/slab.h). */
static void slab_check_map(struct slab_check *ck, struct slab *slab)
{
	unsigned long pfn = page_to_pfn(slab_page(slab));
	unsigned long flags = slab->objects < ck->s->objects ? SLAB_MAP_SHORT : 0;

	if (slab_nid(slab) != page_to_nid(slab_page(slab)))
		slab_check_fail(ck, slab, "node %d, but its page is on node %d", slab_nid(slab),
				page_to_nid(slab_page(slab)));
	for (unsigned long i = 0; i < 1UL << slab_order(slab); i++) {
		unsigned long word = __atomic_load_n(&slab_map[pfn + i], __ATOMIC_RELAXED);

		if (word != slab_map_word(ck->s, i, flags)) {
			slab_check_fail(ck, slab, "slab map word of its page %lu is %#lx", i, word);
			return;
		}
	}
}

/* One slab, under its list_lock; @cpu_fl: the CPU freelist of an active slab. */
static void slab_check_one(struct slab_check *ck, struct slab *slab, bool frozen, void *cpu_fl)
{
	long nfree, ncpu = 0;

	ck->slabs++;
	ck->pages += 1UL << slab_order(slab);
	if (!PageSlab(slab_page(slab)) || slab->slab_cache != ck->s) {
		slab_check_fail(ck, slab, "not a slab of this cache");
		return;
	}
	slab_check_map(ck, slab);
	if (slab->frozen != frozen)
		slab_check_fail(ck, slab, "frozen is %u, expected %u", slab->frozen, frozen);
	if (slab->inuse > slab->objects)
		slab_check_fail(ck, slab, "inuse %u > objects %u", slab->inuse, slab->objects);
	nfree = slab_check_freelist(ck, slab, slab->freelist);
	if (cpu_fl)
		ncpu = slab_check_freelist(ck, slab, cpu_fl);
	if (nfree >= 0 && nfree != (long)slab->objects - (long)slab->inuse)
		slab_check_fail(ck, slab, "%ld free objects, but objects %u - inuse %u", nfree,
				slab->objects, slab->inuse);
	if (ncpu > (long)slab->inuse)
		slab_check_fail(ck, slab, "CPU freelist of %ld objects > inuse %u", ncpu,
				slab->inuse);
}

/* One slab of a CPU partial list: frozen, with free objects. */
static void slab_check_cpu_partial(struct slab_check *ck, struct slab *slab)
{
	struct kmem_cache_node *n = ck->s->node[slab_nid(slab)];

	spin_lock(&n->list_lock);
	slab_check_one(ck, slab, true, NULL);
	if (!slab->freelist)
		slab_check_fail(ck, slab, "full slab on a CPU partial list");
	spin_unlock(&n->list_lock);
}

/* Each object of @c's sheaf: an object of this cache on the CPU's node, there once. */
static void slab_check_sheaf(struct slab_check *ck, struct kmem_cache_cpu *c)
{
	if (c->sheaf_nr > ck->s->sheaf_capacity) {
		slab_check_fail(ck, NULL, "sheaf of %u objects, capacity %u", c->sheaf_nr,
				ck->s->sheaf_capacity);
		return;
	}
	for (unsigned int i = 0; i < c->sheaf_nr; i++) {
		struct slab *slab = virt_to_slab(c->sheaf[i]);

		if (!slab || slab->slab_cache != ck->s ||
		    !slab_contains(ck->s, slab, c->sheaf[i]) || slab_nid(slab) != c->node)
			slab_check_fail(ck, slab, "sheaf object %p is not an object of this node",
					c->sheaf[i]);
		for (unsigned int j = 0; j < i; j++)
			if (c->sheaf[j] == c->sheaf[i])
				slab_check_fail(ck, slab, "object %p twice in a sheaf",
						c->sheaf[i]);
	}
}

static void slab_check_cpu(void *arg)
{
	struct slab_check *ck = arg;
	struct kmem_cache_cpu *c = slab_this_cpu(ck->s);
	struct slab *slab;
	unsigned int nr = 0;

	slab_check_sheaf(ck, c);
	if (c->slab) {
		struct kmem_cache_node *n = ck->s->node[slab_nid(c->slab)];

		spin_lock(&n->list_lock);
		slab_check_one(ck, c->slab, true, c->freelist);
		spin_unlock(&n->list_lock);
	} else if (c->freelist) {
		slab_check_fail(ck, NULL, "CPU %d has a freelist but no slab",
				raw_smp_processor_id());
	}
	if (c->partial.next) /* set up on first use (slub.c: slab_cpu_partial()) */
		list_for_each_entry(slab, &c->partial, slab_list) {
			slab_check_cpu_partial(ck, slab);
			nr++;
		}
	if (nr != c->nr_partial)
		slab_check_fail(ck, NULL, "CPU %d: %u partial slabs listed, nr_partial %u",
				raw_smp_processor_id(), nr, c->nr_partial);
}

/* Every slab of @s; adds its pages to *@pages.  Quiescent callers only. */
static int slab_check_cache(struct kmem_cache *s, unsigned long *pages)
{
	struct slab_check ck = {.s = s};
	unsigned long full_pages;
	long nr_slabs = 0, full;
	int nid;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		kmm_run_on_cpu(cpu, slab_check_cpu, &ck);
	/* unfrozen full slabs are on no list: counted, not walked */
	full = slab_count_full_all(s, &full_pages);
	if (full < 0)
		slab_check_fail(&ck, NULL, "%ld full slabs counted", full);
	else
		ck.slabs += (unsigned long)full;
	ck.pages += full_pages;
	for_each_online_node(nid) {
		struct kmem_cache_node *n = s->node[nid];
		unsigned long nr = 0;
		struct slab *slab;

		nr_slabs += __atomic_load_n(&n->nr_slabs, __ATOMIC_RELAXED);
		spin_lock(&n->list_lock);
		list_for_each_entry(slab, &n->partial, slab_list) {
			nr++;
			slab_check_one(&ck, slab, false, NULL);
			if (!slab->freelist)
				slab_check_fail(&ck, slab, "full slab on the partial list");
		}
		if (nr != n->nr_partial)
			slab_check_fail(&ck, NULL,
					"node %d: %lu partial slabs listed, nr_partial %lu", nid,
					nr, n->nr_partial);
		list_for_each_entry(slab, &n->full, slab_list) {
			slab_check_one(&ck, slab, false, NULL);
			if (slab->freelist)
				slab_check_fail(&ck, slab,
						"slab with free objects on the full list");
		}
		spin_unlock(&n->list_lock);
	}
	if ((long)ck.slabs != nr_slabs)
		slab_check_fail(&ck, NULL, "%lu slabs found, %ld counted", ck.slabs, nr_slabs);
	*pages += ck.pages;
	return ck.errors;
}

/**
 * slab_check_invariants - check every cache's slabs and lists
 *
 * Context: process context, nothing allocating or freeing concurrently.
 * Return: the number of problems found (each is printed).
 */
int slab_check_invariants(void)
{
	unsigned long pages = 0, counted;
	struct kmem_cache *s;
	int errors = 0;

	mutex_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list)
		errors += slab_check_cache(s, &pages);
	mutex_unlock(&slab_mutex);
	counted = slab_pages(false) + slab_pages(true) - slab_large_kmalloc_pages();
	if (pages != counted) {
		pr_err("slab: %lu pages in slabs, %lu counted\n", pages, counted);
		errors++;
	}
	return errors;
}
