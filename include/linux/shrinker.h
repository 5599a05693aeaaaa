/* SPDX-License-Identifier: MIT */
/*
 * <linux/shrinker.h> - caches that give memory back when the machine runs short.
 *
 * A subsystem that keeps freeable objects (a cache of pages, of inodes, of
 * anything) registers a shrinker.  When memory is short, reclaim - kswapd in
 * the background, or an allocating task itself ("direct reclaim") - asks
 * every registered shrinker two questions:
 *
 *   count_objects()  how many objects could you free?  Return the number,
 *                    0 (or SHRINK_EMPTY) for none.  Must be cheap.
 *   scan_objects()   look at sc->nr_to_scan of them and free what you can.
 *                    Return the number freed, or SHRINK_STOP if you cannot
 *                    make progress now (a lock is held, the gfp_mask forbids
 *                    what you would need to do); scanning stops for this
 *                    round.  May set sc->nr_scanned if it looked at a
 *                    different number than asked.
 *
 * How much is asked of a shrinker follows the reclaim priority: at priority
 * p about (objects >> p) * 4 / seeks, in batches of @batch (default
 * SHRINK_BATCH, 128), plus work deferred from earlier rounds that stopped
 * early.  Both callbacks run in process context, may sleep, and get the
 * allocation's *effective* gfp_mask in sc->gfp_mask (the caller's flags
 * narrowed by memalloc_noio_save() / memalloc_nofs_save() scopes), so a
 * shrinker that must not enter the filesystem checks sc->gfp_mask & __GFP_FS
 * as in the kernel.
 *
 * Two ways to register, as in the kernel:
 *
 *   static struct shrinker s = { .count_objects = .., .scan_objects = ..,
 *                                .seeks = DEFAULT_SEEKS };
 *   register_shrinker(&s, "my-cache");      (Linux 6.0-6.6; register_shrinker(&s)
 *   ...                                      of older kernels compiles too)
 *   unregister_shrinker(&s);
 *
 *   struct shrinker *s = shrinker_alloc(0, "my-cache-%d", id);   (Linux 6.7 on)
 *   s->count_objects = ..; s->scan_objects = ..; s->private_data = ..;
 *   shrinker_register(s);
 *   ...
 *   shrinker_free(s);
 *
 * unregister_shrinker() and shrinker_free() wait until no reclaimer is inside
 * the shrinker's callbacks; afterwards none will call it again.
 *
 * Differences from the kernel:
 *  - SHRINKER_NEEDS_IO / SHRINKER_NEEDS_FS are kmm's: such a shrinker is not
 *    called at all when the effective gfp_mask lacks __GFP_IO / __GFP_FS.
 *    The kernel leaves that test to each shrinker (which still works here).
 *  - There are no memory cgroups: sc->memcg is always NULL and
 *    SHRINKER_MEMCG_AWARE is accepted and ignored.
 *  - Callbacks may register and unregister *other* shrinkers; a shrinker
 *    unregistering itself from its own callback is reported and ignored
 *    (it would wait for itself forever).
 *  - kmm has no page cache and no LRU lists: shrinkers are the only source
 *    of reclaimable memory.
 */
#ifndef _LINUX_SHRINKER_H
#define _LINUX_SHRINKER_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/gfp_types.h>
#include <linux/list.h>
#include <linux/numa.h>
#include <linux/types.h>

struct mem_cgroup;

/*
 * struct shrink_control - one request to a shrinker.
 * @gfp_mask: the effective allocation flags of the reclaim
 * @nid: the node being reclaimed (0 for shrinkers without SHRINKER_NUMA_AWARE)
 * @nr_to_scan: objects to look at in this scan_objects() call
 * @nr_scanned: objects looked at; preset to @nr_to_scan, the shrinker may lower it
 * @memcg: always NULL in kmm
 */
struct shrink_control {
	gfp_t gfp_mask;
	int nid;
	unsigned long nr_to_scan;
	unsigned long nr_scanned;
	struct mem_cgroup *memcg;
};

/* scan_objects(): no progress is possible now, stop asking. */
#define SHRINK_STOP (~0UL)
/* count_objects(): the cache is empty. */
#define SHRINK_EMPTY (~0UL - 1)

/* Seeks to recreate an object: a hint of its cost (0 = cheap, scan hard). */
#define DEFAULT_SEEKS 2

/* Objects asked of a shrinker per scan_objects() call when ->batch is 0. */
#define SHRINK_BATCH 128

/* Shrinker flags (the kernel's values from 6.7 on). */
#define SHRINKER_REGISTERED BIT(0)  /* on the list; set by registration */
#define SHRINKER_ALLOCATED BIT(1)   /* from shrinker_alloc() */
#define SHRINKER_NUMA_AWARE BIT(2)  /* called per node with sc->nid */
#define SHRINKER_MEMCG_AWARE BIT(3) /* accepted, ignored (no memory cgroups) */
#define SHRINKER_NONSLAB BIT(4)	    /* accepted, ignored */
/* kmm: only call this shrinker when the effective gfp_mask has __GFP_IO. */
#define SHRINKER_NEEDS_IO BIT(16)
/* kmm: only call this shrinker when the effective gfp_mask has __GFP_FS. */
#define SHRINKER_NEEDS_FS BIT(17)

#define KMM_SHRINKER_NAME_LEN 32

/*
 * struct shrinker - a cache reclaim may shrink.
 *
 * The owner fills in count_objects, scan_objects, and optionally batch,
 * seeks, flags and private_data before registering.  The rest belongs to
 * mm/vmscan.c: @list and @flags' SHRINKER_REGISTERED are protected by
 * shrinker_mutex; @nr_deferred and @kmm_active are atomics.
 */
struct shrinker {
	unsigned long (*count_objects)(struct shrinker *shrinker, struct shrink_control *sc);
	unsigned long (*scan_objects)(struct shrinker *shrinker, struct shrink_control *sc);
	long batch;	    /* objects per scan_objects() call; 0 = SHRINK_BATCH */
	int seeks;	    /* cost to recreate an object; 0 = free them eagerly */
	unsigned int flags; /* SHRINKER_* */
	void *private_data; /* the owner's */

	struct list_head list; /* on the list of registered shrinkers */
	const char *name;      /* kmm_name once registered */
	int kmm_active;	       /* reclaimers inside its callbacks; a futex word */
	char kmm_name[KMM_SHRINKER_NAME_LEN];
	/* scan work left over from rounds that stopped early, per node */
	atomic_long_t nr_deferred[MAX_NUMNODES];
};

/**
 * shrinker_alloc - allocate a shrinker to fill in and shrinker_register()
 * @flags: SHRINKER_NUMA_AWARE, SHRINKER_NEEDS_IO, ... or 0
 * @fmt: printf format of its name
 *
 * The shrinker is zeroed, with seeks = DEFAULT_SEEKS; its memory comes from
 * the machine (a page), so the machine's leak check sees one never freed.
 * Context: process context, may sleep.
 * Return: the shrinker, or NULL if there is no memory.
 */
struct shrinker *shrinker_alloc(unsigned int flags, const char *fmt, ...) __printf(2, 3);

/**
 * shrinker_register - make a shrinker from shrinker_alloc() visible to reclaim
 * @shrinker: filled in by the caller
 *
 * Context: process context, may sleep.
 */
void shrinker_register(struct shrinker *shrinker);

/**
 * shrinker_free - unregister (if registered) and free a shrinker_alloc() shrinker
 * @shrinker: the shrinker, or NULL
 *
 * Waits until no reclaimer runs its callbacks.
 * Context: process context, may sleep; not from the shrinker's own callbacks.
 */
void shrinker_free(struct shrinker *shrinker);

/**
 * __register_shrinker - register a caller-owned shrinker (register_shrinker())
 * @shrinker: filled in by the caller
 * @fmt: printf format of its name
 *
 * Context: process context, may sleep.
 * Return: 0, or -EINVAL if it has no callbacks or is already registered.
 */
int __register_shrinker(struct shrinker *shrinker, const char *fmt, ...) __printf(2, 3);
/* The pre-6.0 form without a name. */
int __register_shrinker_noname(struct shrinker *shrinker);

/*
 * register_shrinker(shrinker, fmt, ...) as in Linux 6.0-6.6, and
 * register_shrinker(shrinker) as before 6.0: the argument count picks.
 */
#define __kmm_shrinker_pick(_1, _2, _3, _4, _5, _6, _7, _8, _9, fn, ...) fn
#define register_shrinker(...)                                                             \
	__kmm_shrinker_pick(__VA_ARGS__, __register_shrinker, __register_shrinker,         \
			    __register_shrinker, __register_shrinker, __register_shrinker, \
			    __register_shrinker, __register_shrinker, __register_shrinker, \
			    __register_shrinker_noname, ~)(__VA_ARGS__)

/*
 * Linux 4.16-6.6: registration in two steps.  prealloc_shrinker() names the
 * shrinker and returns 0 (-EINVAL if it is registered: kmm allocates
 * nothing, so it cannot run out of memory); register_shrinker_prepared()
 * makes it visible; free_prealloced_shrinker() undoes a prealloc that was
 * never registered.  Context: process context, may sleep.
 */
int prealloc_shrinker(struct shrinker *shrinker, const char *fmt, ...) __printf(2, 3);
void register_shrinker_prepared(struct shrinker *shrinker);
void free_prealloced_shrinker(struct shrinker *shrinker);

/**
 * unregister_shrinker - remove a shrinker registered with register_shrinker()
 * @shrinker: the shrinker; nothing happens if it is not registered
 *
 * Returns once no reclaimer runs its callbacks; none will call it again.
 * Context: process context, may sleep; not from the shrinker's own callbacks.
 */
void unregister_shrinker(struct shrinker *shrinker);

/**
 * shrink_slab - ask every eligible shrinker to free objects on a node
 * @gfp_mask: the effective allocation flags (checked against SHRINKER_NEEDS_*)
 * @nid: the node
 * @priority: DEF_PRIORITY (12, gentle) down to 0 (scan everything)
 *
 * What reclaim calls for each node; the kernel keeps it in mm/internal.h
 * (with a memcg argument).  kmm exports it for tests and for code that wants
 * to drop caches.
 * Context: process context, may sleep.
 * Return: the objects the shrinkers said they freed.
 */
unsigned long shrink_slab(gfp_t gfp_mask, int nid, int priority);

#endif /* _LINUX_SHRINKER_H */
