// SPDX-License-Identifier: MIT
/*
 * mm/slab_common.c - the cache list, kmem_cache_create()/destroy(), kmalloc
 * and friends, /proc/slabinfo and the slab statistics.
 *
 * Theory
 * ------
 * kmalloc(size) rounds @size up to one of the kmalloc caches - kmalloc-8,
 * 16, 32, 64, 96, 128, 192, 256, 512, 1k, 2k, 4k, 8k, the kernel's set - or,
 * with GFP_DMA, to the matching dma-kmalloc-* cache, whose slabs come from
 * ZONE_DMA.  Power-of-two caches are aligned to their size, the others to
 * ARCH_KMALLOC_MINALIGN (8).  Above 8 KiB a request is a compound block of
 * the page allocator (the kernel's kmalloc_large), up to KMALLOC_MAX_SIZE
 * (one order-MAX_PAGE_ORDER block); larger requests fail with a warning.
 * kfree() finds the owner from the address: the head page is PageSlab (an
 * object of a cache) or the head of a large block.
 *
 * kmem_cache_init() creates the kmalloc caches when boot has finished
 * mem_init(); kmem_cache_shutdown() destroys every cache at kmm_shutdown(),
 * reporting the objects still allocated, so the page leak check that
 * follows sees every slab page back.
 *
 * Merging.  kmem_cache_create() of a cache that would look exactly like an
 * existing one hands out the existing cache instead (an alias) and raises
 * its refcount; kmem_cache_destroy() drops it, and only the last destroy
 * really destroys.  The rules are the kernel's (find_mergeable()):
 *
 *   - neither cache has a constructor;
 *   - neither has a flag of SLAB_NEVER_MERGE: the debug flags (also when
 *     slab_debug= gives them), SLAB_TYPESAFE_BY_RCU, SLAB_NOLEAKTRACE,
 *     SLAB_TRACE, SLAB_NO_MERGE;
 *   - both agree on SLAB_MERGE_SAME: DMA, DMA32, reclaimable, accounted;
 *   - the new object size, rounded up to a pointer and to the new alignment,
 *     is at most the existing stride and less than a pointer below it, and
 *     the existing stride is a multiple of the new alignment;
 *   - the new cache asks for no user-copy region (kmem_cache_create_usercopy
 *     with a region never merges, as in the kernel).  kmm checks no user
 *     copies, so the target's region does not matter (like a kernel without
 *     CONFIG_HARDENED_USERCOPY): the kmalloc caches are merge targets.
 *
 * The oldest compatible cache wins.  An alias has the target's name (in
 * reports and in /proc/slabinfo, where the merged cache appears once); its
 * object size grows to the larger of the two.  slab_nomerge (or
 * slub_nomerge) on the command line turns merging off, slab_merge back on.
 *
 * Locks: slab_mutex (sleeping) protects slab_caches and each cache's
 * refcount; it is taken before anything in mm/slub.c.
 */
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/panic.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "arch/host/host.h"
#include "mm/internal.h"
#include "mm/slab.h"

DEFINE_MUTEX(slab_mutex);
LIST_HEAD(slab_caches);
#ifdef SLAB_VALGRIND
bool slab_under_valgrind; /* written at boot, before any allocation */
#endif
bool slab_numa; /* written at boot, before any allocation */

/* Written at boot and shutdown only (no allocations run then); mm/slab.h reads them. */
struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_NR_INDEX];
struct kmem_cache *kmalloc_small_caches[NR_KMALLOC_TYPES][24];
static long large_kmalloc_pages; /* atomic */

/* Index 1 is kmalloc-96, 2 is kmalloc-192, n >= 3 is kmalloc-2^n (the kernel's). */
/* The cache index of 1..192 bytes, by (size - 1) / 8: the kernel's size_index[] idea. */
static const unsigned char kmalloc_small_index[24] = {
	3, 4, 5, 5, 6, 6, 6, 6, 1, 1, 1, 1, 7, 7, 7, 7, 2, 2, 2, 2, 2, 2, 2, 2,
};

static unsigned int kmalloc_index_size(unsigned int idx)
{
	return idx == 1 ? 96 : idx == 2 ? 192 : 1U << idx;
}

unsigned long slab_large_kmalloc_pages(void)
{
	return (unsigned long)__atomic_load_n(&large_kmalloc_pages, __ATOMIC_RELAXED);
}

/* ---------------------------------------------------------------------------
 * Caches
 * ------------------------------------------------------------------------- */

/* Caches with these flags are never merged (the kernel's set, plus the debug flags). */
#define SLAB_NEVER_MERGE \
	(SLAB_DEBUG_FLAGS | SLAB_TRACE | SLAB_TYPESAFE_BY_RCU | SLAB_NOLEAKTRACE | SLAB_NO_MERGE)
/* Caches merge only when they agree on these. */
#define SLAB_MERGE_SAME (SLAB_RECLAIM_ACCOUNT | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | SLAB_ACCOUNT)

/**
 * calculate_alignment - the object alignment of a cache
 * @flags: its flags (SLAB_HWCACHE_ALIGN: a cache line, or less for small objects)
 * @align: what the creator asked for
 * @size: the object size
 *
 * Return: at least ARCH_SLAB_MINALIGN and a pointer's alignment.
 */
unsigned int calculate_alignment(slab_flags_t flags, unsigned int align, unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = L1_CACHE_BYTES;

		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	align = max(align, (unsigned int)ARCH_SLAB_MINALIGN);
	return ALIGN(align, (unsigned int)sizeof(void *));
}

/* May @s take aliases?  Caller holds slab_mutex. */
static bool slab_unmergeable(struct kmem_cache *s)
{
	return kmm_machine.slab_nomerge || (s->flags & SLAB_NEVER_MERGE) || s->ctor ||
	       s->refcount < 0;
}

/* The oldest cache a new one (already vetted by the caller) may alias, or NULL. */
static struct kmem_cache *find_mergeable(unsigned int size, unsigned int align, slab_flags_t flags)
{
	struct kmem_cache *s;

	lockdep_assert_held(&slab_mutex);
	size = ALIGN(size, (unsigned int)sizeof(void *));
	align = calculate_alignment(flags, align, size);
	size = ALIGN(size, align);
	list_for_each_entry_reverse(s, &slab_caches, list) {
		if (slab_unmergeable(s) || size > s->size)
			continue;
		if ((flags & SLAB_MERGE_SAME) != (s->flags & SLAB_MERGE_SAME))
			continue;
		if (s->size & (align - 1))
			continue;
		if (s->size - size >= sizeof(void *))
			continue;
		return s;
	}
	return NULL;
}

/**
 * __kmem_cache_alias - an existing cache for a new one, if they may merge
 * @name: the new cache's name (for slab_debug= matching)
 * @size: its object size
 * @align: its alignment
 * @flags: its flags
 * @ctor: its constructor
 *
 * Context: slab_mutex held.
 * Return: the existing cache with its refcount raised, or NULL.
 */
static struct kmem_cache *__kmem_cache_alias(const char *name, unsigned int size,
					     unsigned int align, slab_flags_t flags,
					     void (*ctor)(void *))
{
	struct kmem_cache *s;

	if (kmm_machine.slab_nomerge || ctor)
		return NULL;
	flags = slab_debug_cache_flags(name, flags, ctor);
	if (flags & SLAB_NEVER_MERGE)
		return NULL;
	s = find_mergeable(size, align, flags);
	if (!s)
		return NULL;
	s->refcount++;
	/* read without slab_mutex by allocations (__GFP_ZERO, ksize()): the kernel's plain store */
	if (size > s->object_size)
		__atomic_store_n(&s->object_size, size, __ATOMIC_RELAXED);
	pr_debug("kmem_cache_create(%s): merged into %s\n", name, s->name);
	return s;
}

static int kmem_cache_sanity_check(const char *name, unsigned int size)
{
	if (!name || in_interrupt() || !size || size > KMALLOC_MAX_SIZE) {
		pr_err("kmem_cache_create(%s) integrity check failed\n", name ? name : "(null)");
		return -EINVAL;
	}
	return 0;
}

/**
 * kmem_cache_create_usercopy - create a cache with a user-copy region
 * @name: shown in /proc/slabinfo and reports (copied)
 * @size: object size
 * @align: minimum object alignment (0: ARCH_SLAB_MINALIGN)
 * @flags: SLAB_* flags
 * @useroffset: start of the region user copies may touch
 * @usersize: its size
 * @ctor: run once per object when a slab is set up (not on each allocation)
 *
 * Without a region, an existing compatible cache may be returned instead
 * (see "Merging" above); destroy it all the same.
 * Context: process context; may sleep.
 * Return: the cache, or NULL (a panic with SLAB_PANIC).
 */
struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size,
					      unsigned int align, slab_flags_t flags,
					      unsigned int useroffset, unsigned int usersize,
					      void (*ctor)(void *))
{
	struct kmem_cache *s = NULL;
	int err;

	might_sleep();
	mutex_lock(&slab_mutex);
	err = kmem_cache_sanity_check(name, size);
	if (!err && (align & (align - 1)))
		err = -EINVAL;
	if (!err && (useroffset > size || usersize > size - useroffset)) {
		WARN(1, "kmem_cache_create(%s): usercopy region outside the object\n", name);
		useroffset = usersize = 0;
	}
	if (!err && !usersize)
		s = __kmem_cache_alias(name, size, align, flags & ~SLAB_KMALLOC, ctor);
	if (!err && !s) {
		s = __kmem_cache_create(name, size, align, flags & ~SLAB_KMALLOC, useroffset,
					usersize, ctor);
		if (IS_ERR(s)) {
			err = (int)PTR_ERR(s);
			s = NULL;
		} else {
			list_add(&s->list, &slab_caches);
		}
	}
	mutex_unlock(&slab_mutex);
	if (err) {
		if (flags & SLAB_PANIC)
			panic("%s: Failed to create slab '%s'. Error %d\n", __func__,
			      name ? name : "(null)", err);
		pr_warn("%s(%s) failed with error %d\n", __func__, name ? name : "(null)", err);
		dump_stack();
	}
	return s;
}

/**
 * kmem_cache_create - create a cache
 * @name: shown in /proc/slabinfo and reports (copied)
 * @size: object size
 * @align: minimum object alignment (0: ARCH_SLAB_MINALIGN)
 * @flags: SLAB_* flags (SLAB_HWCACHE_ALIGN, SLAB_CACHE_DMA, SLAB_PANIC, ...)
 * @ctor: run once per object when a slab is set up (not on each allocation)
 *
 * A compatible existing cache may be returned instead (an alias, see
 * "Merging" above): it then carries that cache's name.
 * Context: process context; may sleep.
 * Return: the cache, or NULL (a panic with SLAB_PANIC).
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *))
{
	return kmem_cache_create_usercopy(name, size, align, flags, 0, 0, ctor);
}

/**
 * kmem_cache_destroy - destroy a cache
 * @s: the cache (NULL is ignored)
 *
 * An alias (a cache merged into another) only drops a reference; the last
 * destroy of a cache that is not a kmalloc cache destroys it.  With objects
 * still allocated the kernel's report is printed (each slab and object,
 * then "Slab cache still has objects") and the cache is kept: free the
 * objects and destroy it again.
 *
 * Context: process context; may sleep.
 */
void kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long caller = _RET_IP_;
	char sym[128];
	int err;

	if (IS_ERR_OR_NULL(s))
		return;
	might_sleep();
	mutex_lock(&slab_mutex);
	if (WARN(s->refcount == 1 && (s->flags & SLAB_KMALLOC),
		 "kmem_cache_destroy %s: a kmalloc cache is never destroyed\n", s->name)) {
		mutex_unlock(&slab_mutex); /* one destroy too many of an alias */
		return;
	}
	if (--s->refcount) {
		mutex_unlock(&slab_mutex);
		return;
	}
	err = __kmem_cache_shutdown(s, caller);
	if (err) {
		s->refcount++;
		host_symbolize((void *)caller, sym, sizeof(sym));
		WARN(1, "kmem_cache_destroy %s: Slab cache still has objects when called from %s\n",
		     s->name, sym);
		mutex_unlock(&slab_mutex);
		return;
	}
	list_del(&s->list);
	mutex_unlock(&slab_mutex);
	__kmem_cache_release(s);
}

/**
 * kmem_cache_shrink - give a cache's empty slabs back to the page allocator
 * @s: the cache
 *
 * Every CPU's slabs are flushed first.
 * Context: process context; may sleep.  Return: 0.
 */
int kmem_cache_shrink(struct kmem_cache *s)
{
	int ret;

	might_sleep();
	mutex_lock(&slab_mutex);
	ret = __kmem_cache_shrink(s);
	mutex_unlock(&slab_mutex);
	return ret;
}

/**
 * kmem_cache_shrink_all - kmem_cache_shrink() every cache (tests, benchmarks)
 *
 * Context: process context; may sleep.
 */
void kmem_cache_shrink_all(void)
{
	struct kmem_cache *s;

	mutex_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list)
		__kmem_cache_shrink(s);
	mutex_unlock(&slab_mutex);
}

/* Context: any.  Return: the object size @s was created with. */
unsigned int kmem_cache_size(struct kmem_cache *s)
{
	return s->object_size;
}

/* Context: any.  Return: the cache's name. */
const char *kmem_cache_name(struct kmem_cache *s)
{
	return s->name;
}

/* Context: may sleep if @flags allows.  Return: an object or NULL. */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)
{
	return slab_alloc_node(s, flags, NUMA_NO_NODE, _RET_IP_);
}

/* Context: may sleep if @flags allows.  Return: an object (on @node if possible) or NULL. */
void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t flags, int node)
{
	return slab_alloc_node(s, flags, node, _RET_IP_);
}

/* kmem_cache_free() past its fast path: NULL, foreign pointers, other slabs. */
static noinline void slab_cache_free_slow(struct kmem_cache *s, void *objp, unsigned long caller)
{
	struct slab *slab;

	if (unlikely(!objp))
		return;
	slab = virt_to_slab(objp);
	if (WARN(!slab, "kmem_cache_free: Object is not a Slab page!\n"))
		return;
	if (WARN(slab->slab_cache != s,
		 "kmem_cache_free: Wrong slab cache. %s but object is from %s\n", s->name,
		 slab->slab_cache->name))
		s = slab->slab_cache;
	else if (slab_free_fast_slab(s, slab, objp, (uintptr_t)objp - (uintptr_t)slab_address(slab),
				     slab_objects(slab)))
		return; /* to the sheaf: an object of a SLAB_MAP_SHORT slab */
	slab_free_slow(s, slab, objp, caller);
}

/**
 * kmem_cache_free - give an object back to its cache
 * @s: the cache
 * @objp: the object (NULL is ignored)
 *
 * A pointer that is not in a slab, or is in a slab of another cache, is
 * reported; the latter is then freed to its real cache, as in the kernel.
 * Context: any context.
 */
void kmem_cache_free(struct kmem_cache *s, void *objp)
{
	if (likely(slab_free_fast(s, objp)))
		return;
	slab_cache_free_slow(s, objp, _RET_IP_);
}

/**
 * kmem_cache_alloc_bulk - allocate several objects
 * @s: the cache
 * @flags: GFP flags
 * @size: how many
 * @p: where to put them
 *
 * Context: may sleep if @flags allows.
 * Return: @size, or 0 (nothing allocated) on failure.
 */
int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t flags, size_t size, void **p)
{
	for (size_t i = 0; i < size; i++) {
		p[i] = slab_alloc_node(s, flags, NUMA_NO_NODE, _RET_IP_);
		if (unlikely(!p[i])) {
			kmem_cache_free_bulk(s, i, p);
			return 0;
		}
	}
	return (int)size;
}

/* Free @size objects of @p; @s NULL means each object's own cache.  Context: any. */
void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p)
{
	for (size_t i = 0; i < size; i++) {
		if (s)
			kmem_cache_free(s, p[i]);
		else
			kfree(p[i]);
	}
}

/* ---------------------------------------------------------------------------
 * kmalloc
 * ------------------------------------------------------------------------- */

static void *kmalloc_large_node(size_t size, gfp_t flags, int node)
{
	struct page *page;
	unsigned int order;

	if (unlikely(size > KMALLOC_MAX_SIZE)) {
		WARN(!(flags & __GFP_NOWARN),
		     "kmalloc: %zu bytes is more than KMALLOC_MAX_SIZE (%lu)\n", size,
		     KMALLOC_MAX_SIZE);
		return NULL;
	}
	order = (unsigned int)get_order(size);
	page = alloc_pages_node(node, (flags & ~(__GFP_HIGHMEM | __GFP_MOVABLE)) | __GFP_COMP,
				order);
	if (!page)
		return NULL;
	__atomic_add_fetch(&large_kmalloc_pages, 1L << order, __ATOMIC_RELAXED);
	slab_account_pages(false, 1L << order);
	return page_address(page);
}

/* __kmalloc_node() for 0 bytes, large blocks, and before boot or after shutdown. */
static noinline void *kmalloc_node_slow(size_t size, gfp_t flags, int node)
{
	if (!size)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large_node(size, flags, node);
	WARN_ONCE(1, "kmalloc before kmem_cache_init() or after shutdown\n");
	return NULL;
}

/**
 * __kmalloc_node - allocate @size bytes
 * @size: bytes; 0 gives ZERO_SIZE_PTR
 * @flags: GFP flags (GFP_DMA: the dma-kmalloc caches; __GFP_ZERO: zeroed)
 * @node: preferred node or NUMA_NO_NODE
 *
 * Context: may sleep if @flags allows.
 * Return: memory aligned to ARCH_KMALLOC_MINALIGN (to @size for powers of
 * two), or NULL.
 */
void *__kmalloc_node(size_t size, gfp_t flags, int node)
{
	struct kmem_cache *s = kmalloc_cache_of(size, flags);

	if (unlikely(!s))
		return kmalloc_node_slow(size, flags, node);
	return slab_alloc_node(s, flags, node, _RET_IP_);
}

static void free_large_kmalloc(struct page *page, const void *objp)
{
	unsigned int order = compound_order(page);

	if (WARN(!PageHead(page) || objp != page_address(page),
		 "kfree: %p is neither a slab object nor a large kmalloc block\n", objp))
		return;
	__atomic_sub_fetch(&large_kmalloc_pages, 1L << order, __ATOMIC_RELAXED);
	slab_account_pages(false, -(1L << order));
	__free_pages(page, order);
}

/* kfree() past its fast path: NULL, bad pointers, large blocks, other slabs. */
noinline void kfree_slow(const void *objp, unsigned long caller)
{
	struct page *page;

	if (unlikely(ZERO_OR_NULL_PTR(objp)))
		return;
	if (WARN(!virt_addr_valid(objp), "kfree: %p is not a kernel address\n", objp))
		return;
	page = slab_obj_head_page(objp);
	if (likely(PageSlab(page))) {
		struct slab *slab = page_slab(page);

		slab_free_slow(slab->slab_cache, slab, (void *)objp, caller);
		return;
	}
	free_large_kmalloc(page, objp);
}

/**
 * kfree - free memory from kmalloc() and friends
 * @objp: the memory; NULL and ZERO_SIZE_PTR are ignored
 *
 * Context: any context.
 */
void kfree(const void *objp)
{
	if (likely(slab_kfree_fast(objp)))
		return;
	kfree_slow(objp, _RET_IP_);
}

/* Context: any.  Return: the usable size of @objp (0 for NULL or ZERO_SIZE_PTR). */
size_t ksize(const void *objp)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(objp) || !virt_addr_valid(objp))
		return 0;
	page = slab_obj_head_page(objp);
	if (PageSlab(page))
		return page_slab(page)->slab_cache->object_size;
	return PAGE_SIZE << compound_order(page);
}

/* Zero the whole block (ksize() bytes), then free it.  Context: any. */
void kfree_sensitive(const void *objp)
{
	size_t ks = ksize(objp);

	if (ks)
		memset((void *)objp, 0, ks);
	__asm__ __volatile__("" : : "r"(objp) : "memory"); /* memzero_explicit */
	kfree(objp);
}

/**
 * krealloc - resize a kmalloc()ed block
 * @p: the block (NULL: plain kmalloc)
 * @new_size: new size; 0 frees @p and returns ZERO_SIZE_PTR
 * @flags: GFP flags for a new block
 *
 * The contents up to the smaller size are kept.  A block that is already
 * big enough is returned as it is.
 * Context: may sleep if @flags allows.
 * Return: the block, or NULL (then @p is untouched).
 */
void *krealloc(const void *p, size_t new_size, gfp_t flags)
{
	size_t ks;
	void *ret;

	if (unlikely(!new_size)) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	ks = ksize(p);
	if (ks >= new_size)
		return (void *)p;
	ret = __kmalloc_node(new_size, flags, NUMA_NO_NODE);
	if (ret && ks) {
		memcpy(ret, p, ks);
		kfree(p);
	}
	return ret;
}

/* Context: may sleep if @gfp allows.  Return: a kmalloc()ed copy or NULL. */
void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = __kmalloc_node(len, gfp, NUMA_NO_NODE);

	if (p && !ZERO_OR_NULL_PTR(p))
		memcpy(p, src, len);
	return p;
}

/* Copy @len bytes of @s and a NUL.  Return: the string or NULL. */
char *kmemdup_nul(const char *s, size_t len, gfp_t gfp)
{
	char *buf;

	if (!s)
		return NULL;
	buf = __kmalloc_node(len + 1, gfp, NUMA_NO_NODE);
	if (buf) {
		memcpy(buf, s, len);
		buf[len] = '\0';
	}
	return buf;
}

/* Return: a kmalloc()ed copy of @s (NULL for NULL or on failure). */
char *kstrdup(const char *s, gfp_t gfp)
{
	return s ? kmemdup_nul(s, strlen(s), gfp) : NULL;
}

/* Return: a copy of at most @max characters of @s, NUL-terminated. */
char *kstrndup(const char *s, size_t max, gfp_t gfp)
{
	return s ? kmemdup_nul(s, strnlen(s, max), gfp) : NULL;
}

/* kmm cannot tell .rodata from other memory: always a copy, freed by kfree_const(). */
const char *kstrdup_const(const char *s, gfp_t gfp)
{
	return kstrdup(s, gfp);
}

void kfree_const(const void *x)
{
	kfree(x);
}

/* ---------------------------------------------------------------------------
 * Boot and shutdown
 * ------------------------------------------------------------------------- */

static void create_kmalloc_cache(enum kmalloc_cache_type type, unsigned int idx)
{
	unsigned int size = kmalloc_index_size(idx);
	char name[32];
	struct kmem_cache *s;

	if (size >= 1024)
		snprintf(name, sizeof(name), "%skmalloc-%uk", type == KMALLOC_DMA ? "dma-" : "",
			 size >> 10);
	else
		snprintf(name, sizeof(name), "%skmalloc-%u", type == KMALLOC_DMA ? "dma-" : "",
			 size);
	s = __kmem_cache_create(name, size, is_power_of_2(size) ? size : ARCH_KMALLOC_MINALIGN,
				SLAB_KMALLOC | (type == KMALLOC_DMA ? SLAB_CACHE_DMA : 0), 0, size,
				NULL);
	if (IS_ERR(s))
		panic("Out of memory when creating slab %s\n", name);
	list_add(&s->list, &slab_caches);
	kmalloc_caches[type][idx] = s;
}

/**
 * kmem_cache_init - create the kmalloc caches, register the slab shrinker
 *
 * Context: boot, right after mem_init(); nothing else runs.
 */
void kmem_cache_init(void)
{
#ifdef SLAB_VALGRIND
	slab_under_valgrind = RUNNING_ON_VALGRIND;
#endif
	slab_numa = num_online_nodes() > 1;
	mutex_lock(&slab_mutex);
	if (IS_ERR(kmem_cache_desc_init()))
		panic("Out of memory when creating slab kmem_cache\n");
	list_add(&kmem_cache->list, &slab_caches);
	for (int type = 0; type < NR_KMALLOC_TYPES; type++)
		for (unsigned int idx = 1; idx < KMALLOC_NR_INDEX; idx++)
			if (idx >= KMALLOC_SHIFT_LOW || idx <= 2)
				create_kmalloc_cache((enum kmalloc_cache_type)type, idx);
	for (int type = 0; type < NR_KMALLOC_TYPES; type++)
		for (unsigned int i = 0; i < ARRAY_SIZE(kmalloc_small_index); i++)
			kmalloc_small_caches[type][i] =
				kmalloc_caches[type][kmalloc_small_index[i]];
	mutex_unlock(&slab_mutex);
	slab_reclaim_init();
}

/**
 * kmem_cache_shutdown - destroy every cache (kmm_shutdown())
 *
 * Caches that were never destroyed are named; objects still allocated are
 * reported, and their slabs stay allocated for the page leak check.
 * Context: machine shutdown; nothing else runs.
 */
void kmem_cache_shutdown(void)
{
	struct kmem_cache *s, *tmp;
	bool forgotten = false;

	mutex_lock(&slab_mutex);
	list_for_each_entry_safe(s, tmp, &slab_caches, list) {
		if (s == kmem_cache) /* the descriptors' cache goes last */
			continue;
		if (!(s->flags & SLAB_KMALLOC))
			pr_err("kmem_cache %s was not destroyed\n", s->name);
		else if (s->refcount > 1)
			pr_err("kmem_cache %s: %d merged caches were not destroyed\n", s->name,
			       s->refcount - 1);
		list_del(&s->list);
		if (__kmem_cache_shutdown(s, _RET_IP_) == 0) {
			__kmem_cache_release(s);
		} else {
			slab_forget(s);
			forgotten = true;
		}
	}
	if (kmem_cache) { /* what it still holds are the forgotten caches' descriptors */
		s = kmem_cache;
		list_del(&s->list);
		if (!forgotten && __kmem_cache_shutdown(s, _RET_IP_) == 0)
			__kmem_cache_release(s);
		else
			slab_forget(s);
		kmem_cache = NULL;
	}
	memset(kmalloc_caches, 0, sizeof(kmalloc_caches));
	memset(kmalloc_small_caches, 0, sizeof(kmalloc_small_caches));
	__atomic_store_n(&large_kmalloc_pages, 0, __ATOMIC_RELAXED);
	slab_account_pages(false, -(long)slab_pages(false));
	slab_account_pages(true, -(long)slab_pages(true));
	slab_debug_reset();
	mutex_unlock(&slab_mutex);
}

/* ---------------------------------------------------------------------------
 * /proc/slabinfo and statistics
 * ------------------------------------------------------------------------- */

/**
 * kmm_slabinfo_show - /proc/slabinfo, "slabinfo - version: 2.1"
 * @out: where to print
 *
 * Context: process context; may sleep.  Return: 0.
 */
int kmm_slabinfo_show(FILE *out)
{
	struct kmem_cache *s;

	fprintf(out, "slabinfo - version: 2.1\n");
	fprintf(out, "# name            <active_objs> <num_objs> <objsize> <objperslab> "
		     "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata "
		     "<active_slabs> <num_slabs> <sharedavail>\n");
	mutex_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list) {
		unsigned long nr_slabs, nr_objs, nr_free = slab_count_free(s, &nr_slabs, &nr_objs);

		fprintf(out,
			"%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu "
			"%6lu\n",
			s->name, nr_objs - nr_free, nr_objs, s->size, s->objects, 1 << s->order, 0U,
			0U, 0U, nr_slabs, nr_slabs, 0UL);
	}
	mutex_unlock(&slab_mutex);
	return 0;
}

/**
 * kmm_slab_stats_show - per-cache fast and slow path counters
 * @out: where to print
 *
 * One line per cache and counter, as the kernel's /sys/kernel/slab/<cache>/<stat>
 * with CONFIG_SLUB_STATS: "<cache> <stat> <total> C0=<n> C1=<n> ...".
 * Context: process context; may sleep.  Return: 0.
 */
int kmm_slab_stats_show(FILE *out)
{
	struct kmem_cache *s;

	mutex_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list) {
		for (int item = 0; item < NR_SLUB_STAT_ITEMS; item++) {
			unsigned long sum = 0;

			for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
				sum += __atomic_load_n(&s->cpu_slab[cpu].stat[item],
						       __ATOMIC_RELAXED);
			if (!sum)
				continue;
			fprintf(out, "%s %s %lu", s->name, slub_stat_names[item], sum);
			for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
				unsigned long v = __atomic_load_n(&s->cpu_slab[cpu].stat[item],
								  __ATOMIC_RELAXED);

				if (v)
					fprintf(out, " C%u=%lu", cpu, v);
			}
			fputc('\n', out);
		}
	}
	mutex_unlock(&slab_mutex);
	return 0;
}
