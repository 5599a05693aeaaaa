/* SPDX-License-Identifier: MIT */
/*
 * mm/slab.h - the slab allocator's internals, shared by mm/slub.c (caches,
 * slabs, the per-CPU and per-node lists) and mm/slab_common.c (kmalloc,
 * the cache list, /proc/slabinfo).  mm/slub.c's theory block explains them.
 */
#ifndef _MM_SLAB_H
#define _MM_SLAB_H

#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <stdio.h>

/*
 * struct slab - overlays the head struct page of a slab (PageSlab set).
 * Fields marked (L) are protected by the node's list_lock; slab_cache is
 * written before the slab is published and cleared after it is unlinked.
 */
struct slab {
	unsigned long __page_flags;
	struct list_head slab_list;    /* (L) node partial/full or a CPU's partial list */
	struct kmem_cache *slab_cache; /* the owner */
	void *freelist;		       /* (L) free objects not held by a CPU */
	union {
		unsigned long counters;
		struct {
			unsigned int inuse : 16; /* (L) objects not on slab->freelist */
			unsigned int frozen : 1; /* (L) owned by a CPU (active or CPU partial) */
			unsigned int objects;	 /* constant; own word: read unlocked */
		};
	};
	unsigned int nid; /* the slab's node, set once (page_type: 0 again when freed) */
	atomic_t __page_refcount;
	void *__virtual;
};

#define SLAB_MATCH(pg, sl)                                                     \
	_Static_assert(offsetof(struct page, pg) == offsetof(struct slab, sl), \
		       "struct slab must overlay struct page: " #sl)
SLAB_MATCH(flags, __page_flags);
SLAB_MATCH(lru, slab_list);
SLAB_MATCH(mapping, slab_cache);
SLAB_MATCH(index, freelist);
SLAB_MATCH(private, counters);
SLAB_MATCH(page_type, nid);
SLAB_MATCH(_refcount, __page_refcount);
SLAB_MATCH(virtual, __virtual);
#undef SLAB_MATCH
_Static_assert(sizeof(struct slab) == sizeof(struct page), "struct slab is one struct page");

static inline struct slab *page_slab(const struct page *page)
{
	return (struct slab *)page;
}

static inline struct page *slab_page(const struct slab *slab)
{
	return (struct page *)slab;
}

/*
 * The head page of the block holding @addr.  A head page's compound_head word
 * is slab_list.next of a slab, written under list_lock: it is read only for
 * pages that are neither PageSlab nor PageHead (tails: set once).
 */
static inline struct page *slab_obj_head_page(const void *addr)
{
	struct page *page = virt_to_page(addr);

	if (PageSlab(page) || PageHead(page))
		return page;
	return compound_head(page);
}

/* The slab holding @addr, or NULL if it is not in a slab. */
static inline struct slab *virt_to_slab(const void *addr)
{
	struct page *page;

	if (!virt_addr_valid(addr))
		return NULL;
	page = slab_obj_head_page(addr);
	return PageSlab(page) ? page_slab(page) : NULL;
}

/* Slab pages never come from HighMem: their address is the direct map's. */
static inline void *slab_address(const struct slab *slab)
{
	return lowmem_page_address(slab_page(slab));
}

/*
 * The slab's node: page_to_nid() of its page, kept in the slab for the free
 * fast paths (set by slab_new(), cleared when the slab is freed).
 */
static inline int slab_nid(const struct slab *slab)
{
	return (int)__atomic_load_n(&slab->nid, __ATOMIC_RELAXED);
}

static inline unsigned int slab_order(const struct slab *slab)
{
	return compound_order(slab_page(slab));
}

/*
 * The slab map (mm/sparse.c): one word per pfn, 0 unless the page is part of
 * a slab, then
 *	bits 12-63	the cache's address shifted left by 6 (descriptors are
 *			64-byte aligned objects of "kmem_cache", mm/slub.c)
 *	bits 1-11	the page's index in its slab (MAX_PAGE_ORDER < 11)
 *	bit 0		SLAB_MAP_SHORT: the slab holds fewer than s->objects objects
 *			(a fallback order), which the fast paths leave to the slow ones
 * slab_new() writes a slab's words before the slab is used, slab_discard()
 * clears them before its pages are freed.  The free fast paths read an
 * object's cache and offset here - one dense word instead of one or two
 * struct pages; nothing else relies on it.
 */
extern unsigned long *slab_map;
#define SLAB_MAP_SHORT 1UL

static inline unsigned long slab_map_word(const struct kmem_cache *s, unsigned long idx,
					  unsigned long flags)
{
	return (uintptr_t)s << 6 | idx << 1 | flags;
}

static inline struct kmem_cache *slab_map_cache(unsigned long word)
{
	return (struct kmem_cache *)((word & PAGE_MASK) >> 6);
}
/* More than one node online: the sheaf must check an object's node (set at boot). */
extern bool slab_numa;

/* The kernel's CONFIG_SLUB_STATS counters (a subset), per CPU. */
enum slub_stat_item {
	ALLOC_FASTPATH,	     /* from the CPU freelist (first two: kmem_cache_cpu's first line) */
	FREE_FASTPATH,	     /* to the CPU freelist */
	ALLOC_SLOWPATH,	     /* anything else */
	FREE_SLOWPATH,	     /* to a slab's freelist under list_lock */
	FREE_FROZEN,	     /* ... of a slab some CPU owns */
	FREE_ADD_PARTIAL,    /* a full slab got a free object: to the node partial list */
	FREE_REMOVE_PARTIAL, /* a slab became empty and was discarded */
	ALLOC_REFILL,	     /* CPU freelist refilled from its slab's remote frees */
	ALLOC_FROM_PARTIAL,  /* CPU slab taken from the node partial list */
	CPU_PARTIAL_ALLOC,   /* CPU slab taken from the CPU partial list */
	CPU_PARTIAL_NODE,    /* slabs moved from a node partial list to a CPU partial list */
	CPU_PARTIAL_FREE,    /* a full slab got a free object: to this CPU's partial list */
	CPU_PARTIAL_DRAIN,   /* CPU partial list too long: its slabs to the node lists */
	ALLOC_SLAB,	     /* new slab from the page allocator */
	FREE_SLAB,	     /* slab given back to the page allocator */
	CPUSLAB_FLUSH,	     /* CPU slabs flushed (shrink, destroy) */
	DEACTIVATE_FULL,     /* CPU slab given up while full */
	DEACTIVATE_EMPTY,    /* CPU slab given up while empty */
	DEACTIVATE_PARTIAL,  /* CPU slab given up with some objects free */
	NR_SLUB_STAT_ITEMS
};

/* The most objects a CPU's sheaf holds (s->sheaf_capacity is at most this). */
#define SLAB_SHEAF_MAX 256

/*
 * Per-CPU state; touched only by a thread holding that CPU.  @base and
 * @objects repeat the active slab's address and object count so that the
 * free fast path can tell an object of @slab from the pointer alone
 * (slab_cpu_set() keeps the three together; 0 and 0 without a slab).
 * The sheaf is a stack of free objects of any slab of this CPU's node
 * (the kernel's per-CPU sheaves): frees of other slabs' objects push them,
 * allocations pop them first.  Its objects count as in use in their slabs.
 */
struct kmem_cache_cpu {
	/* the fast paths' first line: these, and the first stat counters */
	void *freelist;	       /* objects of @slab ready for the fast path */
	struct slab *slab;     /* the active slab (frozen) or NULL */
	uintptr_t base;	       /* slab_address(slab), or 0 */
	unsigned long objects; /* slab->objects, or 0 */
	unsigned int sheaf_nr; /* objects in @sheaf */
	int node;	       /* this CPU's node: the sheaf holds its objects only */
	unsigned long stat[NR_SLUB_STAT_ITEMS]; /* relaxed atomics: readable from any thread */
	struct list_head partial;		/* frozen slabs with free objects, on standby */
	unsigned int nr_partial;
	/*
	 * Unfrozen full slabs (on no list), +1 by the CPU that gives one up,
	 * -1 by the CPU whose free takes it back: one CPU's count may be
	 * negative, the sum over CPUs is right.  Relaxed atomics, as @stat.
	 */
	long full_slabs, full_pages;
	void *sheaf[SLAB_SHEAF_MAX]; /* [0, sheaf_nr): free objects, top last */
} __attribute__((aligned(64)));
_Static_assert(offsetof(struct kmem_cache_cpu, stat[FREE_FASTPATH]) < 64,
	       "the fast paths touch one line of kmem_cache_cpu besides the sheaf");

/*
 * Per-node state.  Unfrozen full slabs are on no list (as in the kernel):
 * a free to one freezes it onto the freeing CPU's partial list without a
 * lock; only debug caches, whose every change is made under list_lock,
 * keep theirs on @full.  The CPUs count the others (kmem_cache_cpu).
 */
struct kmem_cache_node {
	spinlock_t list_lock;
	unsigned long nr_partial; /* (L) */
	struct list_head partial; /* (L) unfrozen slabs with free objects */
	struct list_head full;	  /* (L) unfrozen full slabs of debug caches */
	long nr_slabs;		  /* atomic: slabs of this node, any state */
	long total_objects;	  /* atomic: their objects */
};

struct kmem_cache {
	/* what the fast paths read, in the first cache line */
	struct kmem_cache_cpu *cpu_slab; /* [nr_cpu_ids] */
	unsigned long idx_mul;		 /* odd * idx_mul == 1 mod 2^64: slab_obj_index() ... */
	unsigned int idx_shift;		 /* ... where size = odd << idx_shift */
	unsigned int offset;		 /* of the free pointer in an object */
	unsigned int sheaf_capacity;	 /* of each CPU's sheaf; 0 for debug caches */
	unsigned int object_size;	 /* what the user asked for */
	unsigned int size;		 /* object stride */
	slab_flags_t flags;
	unsigned long min_partial; /* empty slabs kept on a node partial list */
	unsigned int align;
	unsigned int order;		/* preferred slab order */
	unsigned int min_order;		/* fallback when that order is not available */
	unsigned int objects;		/* objects in a slab of @order */
	unsigned int cpu_partial_slabs; /* CPU partial list length limit */
	gfp_t allocflags;		/* added to every slab allocation */
	int refcount;			/* (slab_mutex) */
	void (*ctor)(void *);
	unsigned int useroffset, usersize;
	const char *name;
	struct list_head list;	/* (slab_mutex) slab_caches */
	size_t cpu_size;	/* bytes of the @cpu_slab block */
	unsigned int track_off; /* SLAB_STORE_USER: the two struct slab_track */
	struct kmem_cache_node *node[MAX_NUMNODES];
};
_Static_assert(offsetof(struct kmem_cache, flags) < 64, "fast-path fields in the first line");

/*
 * A slab's freelist and counters change together, by a double-word
 * compare-and-swap (the kernel's cmpxchg_double on freelist+counters), so
 * that a free to a slab that changes no list takes no lock (theory, 5.).
 * A snapshot is two plain atomic loads; a torn one fails the swap.
 */
struct slab_state {
	void *freelist;
	union {
		unsigned long counters;
		struct {
			unsigned int inuse : 16;
			unsigned int frozen : 1;
			unsigned int objects;
		};
	};
};

_Static_assert(offsetof(struct slab, freelist) % 16 == 0 &&
		       offsetof(struct slab, counters) == offsetof(struct slab, freelist) + 8,
	       "freelist and counters: one aligned double word");

static inline struct slab_state slab_state(struct slab *slab)
{
	struct slab_state st;

	st.freelist = __atomic_load_n(&slab->freelist, __ATOMIC_ACQUIRE);
	st.counters = __atomic_load_n(&slab->counters, __ATOMIC_RELAXED);
	return st;
}

/* This CPU's part of @s.  Context: the CPU held. */
static inline struct kmem_cache_cpu *slab_this_cpu(struct kmem_cache *s)
{
	return &s->cpu_slab[raw_smp_processor_id()];
}

/* The most objects a slab may hold (the kernel's MAX_OBJS_PER_PAGE: inuse is 16 bits). */
#define SLAB_MAX_OBJECTS 32767

/* The debug flags (slab_debug= F, Z, P, U): such caches take mm/slub_debug.c's paths. */
#define SLAB_DEBUG_FLAGS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

/* ---------------------------------------------------------------------------
 * Memory checkers: AddressSanitizer and Valgrind's memcheck
 *
 * Free objects and the unused end of a slab are off limits to users.  An
 * ASan build poisons them; a build that finds <valgrind/memcheck.h> tells
 * memcheck, when it runs under Valgrind, that each object is a block of its
 * own (MALLOCLIKE when allocated, FREELIKE when freed: a use after free is
 * an "Invalid read" or "Invalid write") and that free memory is NOACCESS.
 * Constructed objects come back DEFINED, others UNDEFINED.  The allocator
 * itself touches a free object only through get_freepointer() and
 * set_freepointer(), which make the free pointer DEFINED for the access and
 * NOACCESS again after.  Debug caches (SLAB_DEBUG_FLAGS) check the bytes of
 * free objects themselves and are left out.  Outside Valgrind the client
 * requests cost one test of slab_under_valgrind.
 *
 *   slab_mark_new(s, slab)      a new slab, every object free: off limits
 *   slab_mark_alloc(s, obj)     an object handed out
 *   slab_mark_free(s, obj)      an object given back (its free pointer set)
 *   slab_mark_release(slab)     the slab's pages go back to the page allocator
 * ------------------------------------------------------------------------- */

#if defined(__SANITIZE_ADDRESS__)
#define SLAB_NO_ASAN __attribute__((no_sanitize_address))
void __asan_poison_memory_region(void const volatile *addr, size_t size);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#define slab_asan_poison(addr, size) __asan_poison_memory_region(addr, size)
#define slab_asan_unpoison(addr, size) __asan_unpoison_memory_region(addr, size)
#else
#define SLAB_NO_ASAN
#define slab_asan_poison(addr, size) ((void)(addr), (void)(size))
#define slab_asan_unpoison(addr, size) ((void)(addr), (void)(size))
#endif

/* Not with the sanitizers: Valgrind cannot run their builds. */
#if defined(__has_include) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define SLAB_VALGRIND 1
#endif
#endif

#ifdef SLAB_VALGRIND
extern bool slab_under_valgrind; /* RUNNING_ON_VALGRIND, read at boot */
#define slab_vg(s) unlikely(slab_under_valgrind && !((s)->flags & SLAB_DEBUG_FLAGS))
#define slab_vg_noaccess(addr, size) VALGRIND_MAKE_MEM_NOACCESS(addr, size)
#define slab_vg_defined(addr, size) VALGRIND_MAKE_MEM_DEFINED(addr, size)
#define slab_vg_malloclike(addr, size, zeroed) VALGRIND_MALLOCLIKE_BLOCK(addr, size, 0, zeroed)
#define slab_vg_freelike(addr) VALGRIND_FREELIKE_BLOCK(addr, 0)
#else
#define slab_vg(s) ((void)(s), false)
#define slab_vg_noaccess(addr, size) ((void)(addr), (void)(size))
#define slab_vg_defined(addr, size) ((void)(addr), (void)(size))
#define slab_vg_malloclike(addr, size, zeroed) ((void)(addr), (void)(size), (void)(zeroed))
#define slab_vg_freelike(addr) ((void)(addr))
#endif

static inline void slab_mark_new(const struct kmem_cache *s, const struct slab *slab)
{
	size_t len = PAGE_SIZE << slab_order(slab);

	if (s->flags & SLAB_DEBUG_FLAGS)
		return;
	slab_asan_poison(slab_address(slab), len);
	if (slab_vg(s))
		slab_vg_noaccess(slab_address(slab), len);
}

static inline void slab_mark_release(const struct slab *slab)
{
	size_t len = PAGE_SIZE << slab_order(slab);

	slab_asan_unpoison(slab_address(slab), len);
#ifdef SLAB_VALGRIND
	if (unlikely(slab_under_valgrind))
		slab_vg_defined(slab_address(slab), len);
#endif
}

static inline void slab_mark_alloc(const struct kmem_cache *s, void *obj)
{
	slab_asan_unpoison(obj, s->object_size);
	if (slab_vg(s))
		slab_vg_malloclike(obj, s->object_size, s->ctor != NULL);
}

static inline void slab_mark_free(const struct kmem_cache *s, void *obj)
{
	if (s->flags & SLAB_DEBUG_FLAGS)
		return;
	slab_asan_poison(obj, s->size);
	if (slab_vg(s))
		slab_vg_freelike(obj);
}

/* Free objects may be poisoned: their free pointers are accessed only here. */
static inline SLAB_NO_ASAN void *get_freepointer(const struct kmem_cache *s, const void *obj)
{
	void *const *fp = (void *const *)((const char *)obj + s->offset);
	void *next;

	if (slab_vg(s))
		slab_vg_defined(fp, sizeof(*fp));
	next = *fp;
	if (slab_vg(s))
		slab_vg_noaccess(fp, sizeof(*fp));
	return next;
}

static inline SLAB_NO_ASAN void set_freepointer(const struct kmem_cache *s, void *obj, void *next)
{
	void **fp = (void **)((char *)obj + s->offset);

	if (slab_vg(s))
		slab_vg_defined(fp, sizeof(*fp));
	*fp = next;
	if (slab_vg(s))
		slab_vg_noaccess(fp, sizeof(*fp));
}

extern struct mutex slab_mutex;
extern struct list_head slab_caches; /* (slab_mutex) */

/* mm/slub.c */
struct kmem_cache *__kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				       slab_flags_t flags, unsigned int useroffset,
				       unsigned int usersize, void (*ctor)(void *));
int __kmem_cache_shutdown(struct kmem_cache *s, unsigned long caller);
void __kmem_cache_release(struct kmem_cache *s);
extern struct kmem_cache *kmem_cache; /* the cache of cache descriptors (mm/slub.c) */
struct kmem_cache *kmem_cache_desc_init(void);
/* The allocation and free paths past the fast ones below. */
void *slab_alloc_slow(struct kmem_cache *s, gfp_t gfp, int node, unsigned long caller);
void slab_free_slow(struct kmem_cache *s, struct slab *slab, void *obj, unsigned long caller);
void kfree_slow(const void *objp, unsigned long caller); /* kfree() past slab_kfree_fast() */
void slab_flush_all(struct kmem_cache *s);
int __kmem_cache_shrink(struct kmem_cache *s);
void slab_reclaim_init(void); /* the slab shrinker (kmem_cache_init()) */
void slab_reclaim_exit(void); /* kmm_shutdown(), before vmscan_teardown() */
unsigned long slab_count_free(struct kmem_cache *s, unsigned long *nr_slabs,
			      unsigned long *nr_objs);
unsigned long slab_pages(bool reclaimable); /* for /proc/meminfo */
void slab_account_pages(bool reclaimable, long nr);
void slab_forget(struct kmem_cache *s);
int slab_check_invariants(void); /* mm/slub_check.c */
long slab_count_full_all(struct kmem_cache *s, unsigned long *pages);
void slab_err(struct kmem_cache *s, struct slab *slab, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The kmalloc caches (slab_common.c): by type and index, and by (size - 1) / 8 up to 192. */
enum kmalloc_cache_type { KMALLOC_NORMAL, KMALLOC_DMA, NR_KMALLOC_TYPES };
#define KMALLOC_NR_INDEX (KMALLOC_SHIFT_HIGH + 1)
extern struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_NR_INDEX];
extern struct kmem_cache *kmalloc_small_caches[NR_KMALLOC_TYPES][24];

/*
 * The kmalloc cache of @size bytes for @flags: NULL for 0 and above
 * KMALLOC_MAX_CACHE_SIZE, and before the caches exist.
 */
static __always_inline struct kmem_cache *kmalloc_cache_of(size_t size, gfp_t flags)
{
	unsigned int type = (flags & __GFP_DMA) ? KMALLOC_DMA : KMALLOC_NORMAL;

	if (likely(size - 1 < 192))
		return kmalloc_small_caches[type][(size - 1) / 8];
	if (likely(size - 1 < KMALLOC_MAX_CACHE_SIZE))
		return kmalloc_caches[type][ilog2(size - 1) + 1]; /* kmalloc-256 and up */
	return NULL;
}

/* mm/slub_debug.c */
int slab_debug_setup(const char *val); /* the slab_debug= / slub_debug= option */
void slab_debug_reset(void);
slab_flags_t slab_debug_cache_flags(const char *name, slab_flags_t flags, void (*ctor)(void *));
unsigned int slab_debug_track_size(void);
void slab_debug_setup_object(struct kmem_cache *s, void *obj);
void slab_debug_alloc(struct kmem_cache *s, struct slab *slab, void *obj, unsigned long caller);
bool slab_debug_free(struct kmem_cache *s, struct slab *slab, void *obj, unsigned long caller);

/* mm/slab_common.c */
unsigned int calculate_alignment(slab_flags_t flags, unsigned int align, unsigned int size);
void kmem_cache_init(void);	/* boot: after mem_init() */
void kmem_cache_shutdown(void); /* kmm_shutdown(): destroy every cache */
void kmem_cache_shrink_all(void);
unsigned long slab_large_kmalloc_pages(void);
int kmm_slabinfo_show(FILE *out);
int kmm_slab_stats_show(FILE *out);
extern const char *const slub_stat_names[NR_SLUB_STAT_ITEMS];

/* ---------------------------------------------------------------------------
 * The fast paths, inline in every caller (mm/slub.c explains them).
 * ------------------------------------------------------------------------- */

/*
 * Caller holds @c's CPU; readers elsewhere use relaxed loads.  On x86-64 one
 * add to memory (the kernel's this_cpu_inc()): a single instruction, so a
 * reader sees the old value or the new one; elsewhere, and for TSan, a
 * relaxed load and store.
 */
static inline void slab_stat(struct kmem_cache_cpu *c, enum slub_stat_item item)
{
#if defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
	__asm__ volatile("addq $1, %0" : "+m"(c->stat[item]));
#else
	__atomic_store_n(&c->stat[item], __atomic_load_n(&c->stat[item], __ATOMIC_RELAXED) + 1,
			 __ATOMIC_RELAXED);
#endif
}

/*
 * The index of the object at @p in a slab of @s at @base, or a number of
 * 2^(64 - idx_shift) or more when @p is not an object start at or above
 * @base.  Exact division by multiplication: with size = d << k (d odd) and
 * d * idx_mul == 1 (mod 2^64), off * idx_mul rotated right by k is off/size
 * when size divides off, and above (2^64 - 1) / size otherwise.  One
 * multiply, one rotate, one compare against the object count.
 */
static __always_inline unsigned long slab_off_index(const struct kmem_cache *s, unsigned long off)
{
	unsigned long x = off * s->idx_mul;
	unsigned int k = s->idx_shift;

	return k ? (x >> k) | (x << (64 - k)) : x;
}

static __always_inline unsigned long slab_obj_index(const struct kmem_cache *s, uintptr_t base,
						    const void *p)
{
	return slab_off_index(s, (uintptr_t)p - base);
}

/* Its word is changed by compare-and-swap (mm/slub.c), its value never. */
static inline unsigned int slab_objects(const struct slab *slab)
{
	return __atomic_load_n(&slab->objects, __ATOMIC_RELAXED);
}

static inline bool slab_contains(const struct kmem_cache *s, const struct slab *slab, const void *p)
{
	return slab_obj_index(s, (uintptr_t)slab_address(slab), p) < slab_objects(slab);
}

/* @slab (or NULL) becomes @c's active slab, with @freelist its CPU freelist. */
static inline void slab_cpu_set(struct kmem_cache_cpu *c, struct slab *slab, void *freelist)
{
	c->slab = slab;
	c->freelist = freelist;
	c->base = slab ? (uintptr_t)slab_address(slab) : 0;
	c->objects = slab ? slab->objects : 0;
}

/*
 * The free pointer without the memory checkers (the fast paths never run
 * under Valgrind).  Not always_inline: a function with SLAB_NO_ASAN is not
 * inlined into an instrumented one, so ASan builds call it.
 */
static inline SLAB_NO_ASAN void *slab_fp_load(const struct kmem_cache *s, const void *obj)
{
	return *(void *const *)((const char *)obj + s->offset);
}

static inline SLAB_NO_ASAN void slab_fp_store(const struct kmem_cache *s, void *obj, void *next)
{
	*(void **)((char *)obj + s->offset) = next;
}

/*
 * The fast paths: pop this CPU's sheaf or freelist, push its freelist (an
 * object of the active slab) or its sheaf (any other object of its node),
 * on the CPU the task owns (kmm_cpu_fast_enter(): a load, a store and a
 * load to enter, one store to leave, no atomics).  They give up - NULL or
 * false - whenever anything needs more than that: no owned CPU, nothing to
 * pop, no room, a slab of another node, a free of the freelist's head or
 * the sheaf's top (double free).  The ordinary path then decides.
 *
 * They never run under Valgrind (kmm runs in strict mode there, and
 * kmm_cpu_fast_enter() fails), so they touch free pointers directly; and
 * debug caches never have a CPU slab or a sheaf (c->freelist NULL,
 * c->objects 0, sheaf_capacity 0), so they always give up for those.
 * Cost: kmem_cache_alloc() and kmem_cache_free() are about 40
 * instructions each to their return (x86-64, release build), no atomic
 * instruction, no call, no stack frame.
 */
/* Pop @c's sheaf if it has an object for @node; NULL if not.  On @c's CPU. */
static __always_inline void *slab_sheaf_pop(struct kmem_cache_cpu *c, int node)
{
	unsigned int n = c->sheaf_nr;

	if (!n || (node != NUMA_NO_NODE && node != c->node))
		return NULL;
	c->sheaf_nr = n - 1;
	return c->sheaf[n - 1];
}

static __always_inline void *slab_cpu_pop(struct kmem_cache *s, struct kmem_cache_cpu *c, int node)
{
	void *obj = slab_sheaf_pop(c, node);

	if (obj) {
		slab_stat(c, ALLOC_FASTPATH);
		return obj;
	}
	obj = c->freelist;
	if (unlikely(!obj || (node != NUMA_NO_NODE && slab_nid(c->slab) != node)))
		return NULL;
	c->freelist = slab_fp_load(s, obj);
	slab_stat(c, ALLOC_FASTPATH);
	return obj;
}

/* Push @obj of @c's active slab on @c's freelist; false for the freelist's head (double free). */
static __always_inline bool slab_cpu_push(struct kmem_cache *s, struct kmem_cache_cpu *c, void *obj)
{
	void *head = c->freelist;

	if (unlikely(obj == head))
		return false;
	slab_fp_store(s, obj, head);
	slab_asan_poison(obj, s->size);
	c->freelist = obj;
	slab_stat(c, FREE_FASTPATH);
	return true;
}

/* Push @obj, a checked object of this CPU's node, on @c's sheaf; false: a double free. */
static __always_inline bool slab_sheaf_push(struct kmem_cache *s, struct kmem_cache_cpu *c,
					    void *obj)
{
	unsigned int n = c->sheaf_nr;

	if (unlikely(n && c->sheaf[n - 1] == obj))
		return false;
	slab_asan_poison(obj, s->size);
	c->sheaf[n] = obj;
	c->sheaf_nr = n + 1;
	slab_stat(c, FREE_FASTPATH);
	return true;
}

static __always_inline void *slab_alloc_fast(struct kmem_cache *s, int node)
{
	struct task_struct *t = &kmm_current_task; /* no ticket yet: fast_enter fails */
	unsigned int cpu = (unsigned int)t->cpu;
	struct kmm_cpu_ticket *tk = kmm_cpu_fast_enter(t, cpu);
	void *obj;

	if (unlikely(!tk))
		return NULL;
	obj = slab_cpu_pop(s, &s->cpu_slab[cpu], node);
	kmm_cpu_fast_leave(tk);
	return obj;
}

/*
 * The cache of @p for the free fast paths, from the slab map: NULL when @p
 * is not in a slab page of the direct map (or its slab is SLAB_MAP_SHORT);
 * else @p's slab (*@slab, by pointer arithmetic: its struct page is not
 * read) and @p's offset in it (*@off).  Any pfn below max_low_pfn has a
 * readable map word (a hole's reads as zero, mm/sparse.c).
 */
static __always_inline struct kmem_cache *slab_map_lookup(const void *p, struct slab **slab,
							  unsigned long *off)
{
	unsigned long pfn = ((uintptr_t)p - PAGE_OFFSET) >> PAGE_SHIFT, word, idx;

	if (unlikely(pfn >= max_low_pfn))
		return NULL;
	word = __atomic_load_n(&slab_map[pfn], __ATOMIC_RELAXED);
	if (unlikely(word & SLAB_MAP_SHORT))
		return NULL;
	idx = (word & ~PAGE_MASK) >> 1;
	*off = ((uintptr_t)p & ~PAGE_MASK) + (idx << PAGE_SHIFT);
	*slab = page_slab(pfn_to_page(pfn - idx));
	return slab_map_cache(word);
}

/* May @c's sheaf take an object of @slab (same node)?  Reads the struct page only on NUMA. */
static __always_inline bool slab_sheaf_node_ok(const struct kmem_cache_cpu *c,
					       const struct slab *slab)
{
	return likely(!slab_numa) || slab_nid(slab) == c->node;
}

/*
 * The CPU part of a fast free of @obj, at offset @off of @slab (of @s),
 * whose slab holds @objects objects: to the sheaf if that has room and the
 * object is of this CPU's node, else to the CPU freelist if @slab is the
 * active slab.  False: the slow path, which reports what is wrong.  The
 * sheaf comes first although the freelist would do for an object of the
 * active slab: one path whichever slab a random free hits (no branch to
 * mispredict), and the next allocation pops it without reading the
 * object's free pointer.  The object popped last from the sheaf goes back
 * without the object-start check (a multiply): it was checked when it
 * entered the sheaf, and the caller knows its page is still @s's.
 */
static __always_inline bool slab_free_fast_slab(struct kmem_cache *s, struct slab *slab, void *obj,
						unsigned long off, unsigned int objects)
{
	struct task_struct *t = &kmm_current_task;
	unsigned int cpu = (unsigned int)t->cpu;
	struct kmm_cpu_ticket *tk = kmm_cpu_fast_enter(t, cpu);
	struct kmem_cache_cpu *c;
	bool done = false;
	unsigned int n;

	if (unlikely(!tk))
		return false;
	c = &s->cpu_slab[cpu];
	n = c->sheaf_nr;
	if (n < s->sheaf_capacity &&
	    (obj == c->sheaf[n] ||
	     (likely(slab_off_index(s, off) < objects) && slab_sheaf_node_ok(c, slab) &&
	      obj != c->freelist))) /* the freelist's head: a double free */
		done = slab_sheaf_push(s, c, obj);
	else if (slab == c->slab && slab_off_index(s, off) < objects)
		done = slab_cpu_push(s, c, obj);
	kmm_cpu_fast_leave(tk);
	return done;
}

/* kfree()'s whole fast path: false for anything it does not do (kfree() then decides). */
static __always_inline bool slab_kfree_fast(const void *p)
{
	unsigned long off = 0;
	struct slab *slab = NULL;
	struct kmem_cache *s = slab_map_lookup(p, &slab, &off);

	return likely(s) && slab_free_fast_slab(s, slab, (void *)p, off, s->objects);
}

/*
 * kmem_cache_free()'s fast path, with no slab at hand.  The object popped
 * last from the sheaf goes straight back: a pop leaves its pointer in the
 * slot above the top, and every pointer that ever entered the sheaf was
 * checked then (slab, cache, node, object start; the slots a give-back
 * empties are cleared).  An object of the active slab is recognised from
 * the pointer alone.  Only another slab's object costs the lookup of its
 * slab.  (The shortcut trusts the check made when the object entered the
 * sheaf: a double free of it after its whole slab went back to the page
 * allocator and the page became another cache's would go unreported - the
 * kernel without slab_debug reports no double free but the sheaf top's.)
 */
static __always_inline bool slab_free_fast(struct kmem_cache *s, void *obj)
{
	struct task_struct *t = &kmm_current_task;
	unsigned int cpu = (unsigned int)t->cpu;
	struct kmm_cpu_ticket *tk = kmm_cpu_fast_enter(t, cpu);
	struct kmem_cache_cpu *c;
	struct slab *slab;
	unsigned long off;
	bool done = false;

	if (unlikely(!tk))
		return false;
	c = &s->cpu_slab[cpu];
	if (c->sheaf_nr < s->sheaf_capacity && obj == c->sheaf[c->sheaf_nr]) {
		done = slab_sheaf_push(s, c, obj);
	} else if (likely(slab_obj_index(s, c->base, obj) < c->objects)) {
		done = slab_cpu_push(s, c, obj);
	} else if (c->sheaf_nr < s->sheaf_capacity) {
		if (slab_map_lookup(obj, &slab, &off) == s && slab_off_index(s, off) < s->objects &&
		    slab_sheaf_node_ok(c, slab))
			done = slab_sheaf_push(s, c, obj);
	}
	kmm_cpu_fast_leave(tk);
	return done;
}

/**
 * slab_alloc_node - allocate one object of @s
 * @s: the cache
 * @gfp: GFP flags, passed to the page allocator for new slabs; __GFP_ZERO
 *	 zeroes the object
 * @node: the slab's node, or NUMA_NO_NODE
 * @caller: return address for reports
 *
 * The common case is inline in the caller (kmem_cache_alloc(), kmalloc());
 * everything else is slab_alloc_slow() in mm/slub.c.  A task on a CPU
 * (atomic context) always takes the slow path, which also checks that a
 * blocking @gfp is not used there.
 *
 * Context: may sleep if @gfp allows blocking.
 * Return: the object, or NULL.
 */
static __always_inline void *slab_alloc_node(struct kmem_cache *s, gfp_t gfp, int node,
					     unsigned long caller)
{
	void *obj = slab_alloc_fast(s, node);

	if (unlikely(!obj))
		return slab_alloc_slow(s, gfp, node, caller);
	slab_asan_unpoison(obj, s->object_size);
	if (unlikely(gfp & __GFP_ZERO))
		return memset(obj, 0, s->object_size); /* a tail call: no frame on the fast path */
	return obj;
}

#endif /* _MM_SLAB_H */
