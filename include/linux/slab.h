/* SPDX-License-Identifier: MIT */
/*
 * <linux/slab.h> - object caches (kmem_cache_*) and kmalloc.
 *
 * The slab allocator hands out objects smaller than a page.  A cache
 * (struct kmem_cache) holds objects of one size; kmalloc() picks one of the
 * kmalloc-8 ... kmalloc-8k caches by size and goes straight to the page
 * allocator above that.  mm/slub.c explains the design.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/gfp.h>
#include <linux/numa.h>
#include <linux/types.h>

typedef unsigned int slab_flags_t;

/*
 * Cache flags (kmem_cache_create()'s @flags), with the kernel's values.
 * The debug flags (F Z P U of slab_debug=) are implemented by mm/slub_debug.c.
 */
#define SLAB_CONSISTENCY_CHECKS ((slab_flags_t)0x00000100U) /* debug: checks on alloc/free */
#define SLAB_RED_ZONE ((slab_flags_t)0x00000400U)	    /* debug: red zones around objects */
#define SLAB_POISON ((slab_flags_t)0x00000800U)		    /* debug: poison free objects */
#define SLAB_KMALLOC ((slab_flags_t)0x00001000U)	    /* one of the kmalloc caches */
#define SLAB_HWCACHE_ALIGN ((slab_flags_t)0x00002000U)	    /* align objects to cache lines */
#define SLAB_CACHE_DMA ((slab_flags_t)0x00004000U)	    /* slab pages from ZONE_DMA */
#define SLAB_CACHE_DMA32 ((slab_flags_t)0x00008000U)	    /* slab pages from ZONE_DMA32 */
#define SLAB_STORE_USER ((slab_flags_t)0x00010000U)	    /* debug: record owners */
#define SLAB_RECLAIM_ACCOUNT ((slab_flags_t)0x00020000U)    /* reclaimable: SReclaimable */
#define SLAB_PANIC ((slab_flags_t)0x00040000U)		    /* panic if creation fails */
#define SLAB_TYPESAFE_BY_RCU ((slab_flags_t)0x00080000U)    /* (accepted, no RCU in kmm) */
#define SLAB_MEM_SPREAD ((slab_flags_t)0x00100000U)	    /* (accepted, no effect) */
#define SLAB_TRACE ((slab_flags_t)0x00200000U)		    /* debug: trace (accepted) */
#define SLAB_NOLEAKTRACE ((slab_flags_t)0x00800000U)	    /* (accepted, no effect) */
#define SLAB_NO_MERGE ((slab_flags_t)0x01000000U)	    /* never merge this cache */
#define SLAB_ACCOUNT ((slab_flags_t)0x04000000U)	    /* memcg (accepted, no effect) */
#define SLAB_TEMPORARY SLAB_RECLAIM_ACCOUNT
/* The seeds' name for a cache whose objects come from ZONE_DMA. */
#define SLAB_RECLAIM_DMA SLAB_CACHE_DMA

/* kmalloc(0) returns this: not NULL, but faults when dereferenced. */
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

/* x86's minimum alignments: kmalloc objects and cache objects. */
#define ARCH_KMALLOC_MINALIGN 8
#define ARCH_SLAB_MINALIGN 8

/* The largest kmalloc cache (kmalloc-8k); larger requests take whole pages. */
#define KMALLOC_SHIFT_HIGH (PAGE_SHIFT + 1)
#define KMALLOC_SHIFT_LOW 3
#define KMALLOC_MAX_CACHE_SIZE (1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MIN_SIZE (1UL << KMALLOC_SHIFT_LOW)
/* The largest kmalloc: one block of the page allocator (order MAX_PAGE_ORDER). */
#define KMALLOC_SHIFT_MAX (MAX_PAGE_ORDER + PAGE_SHIFT)
#define KMALLOC_MAX_SIZE (1UL << KMALLOC_SHIFT_MAX)
#define KMALLOC_MAX_ORDER MAX_PAGE_ORDER

struct kmem_cache;

/* ------------------------------------------------------------------ caches */

/* Create a cache of @size-byte objects; NULL on failure (panics with SLAB_PANIC). */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *));
/* As kmem_cache_create(); [useroffset, useroffset + usersize) may be copied to user space. */
struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size,
					      unsigned int align, slab_flags_t flags,
					      unsigned int useroffset, unsigned int usersize,
					      void (*ctor)(void *));
/* Destroy a cache; with objects still allocated it is reported and kept. */
void kmem_cache_destroy(struct kmem_cache *s);
/* Give empty slabs back to the page allocator; 0. */
int kmem_cache_shrink(struct kmem_cache *s);
/* The object size the cache was created with. */
unsigned int kmem_cache_size(struct kmem_cache *s);
/* The cache's name. */
const char *kmem_cache_name(struct kmem_cache *s);

/* A cache named after @__struct, sized and aligned for it. */
#define KMEM_CACHE(__struct, __flags)                                                       \
	kmem_cache_create(#__struct, sizeof(struct __struct), __alignof__(struct __struct), \
			  (__flags), NULL)
#define KMEM_CACHE_USERCOPY(__struct, __flags, __field)                                      \
	kmem_cache_create_usercopy(                                                          \
		#__struct, sizeof(struct __struct), __alignof__(struct __struct), (__flags), \
		offsetof(struct __struct, __field), sizeof(((struct __struct *)0)->__field), NULL)

/* One object from @s (NULL on failure). */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags);
/* One object from @s whose slab is on @node (NUMA_NO_NODE: any). */
void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t flags, int node);
/* Give @objp back to @s. */
void kmem_cache_free(struct kmem_cache *s, void *objp);
/* @size objects into @p: @size, or 0 (and nothing allocated) on failure. */
int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t flags, size_t size, void **p);
/* Free @size objects of @p (@s NULL: each object's own cache, as kfree()). */
void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p);

static inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags)
{
	return kmem_cache_alloc(s, flags | __GFP_ZERO);
}

/* ----------------------------------------------------------------- kmalloc */

/* @size bytes on @node (NUMA_NO_NODE: any); ZERO_SIZE_PTR for 0, NULL on failure. */
void *__kmalloc_node(size_t size, gfp_t flags, int node);
/* Free a kmalloc()ed block (NULL and ZERO_SIZE_PTR are ignored). */
void kfree(const void *objp);
/* Zero the block, then kfree() it. */
void kfree_sensitive(const void *objp);
/* The usable size of a kmalloc()ed block (0 for NULL/ZERO_SIZE_PTR). */
size_t ksize(const void *objp);
/* Resize @p to @new_size keeping its contents; @p is freed only on success. */
void *krealloc(const void *p, size_t new_size, gfp_t flags);

static inline void *kmalloc(size_t size, gfp_t flags)
{
	return __kmalloc_node(size, flags, NUMA_NO_NODE);
}

static inline void *kmalloc_node(size_t size, gfp_t flags, int node)
{
	return __kmalloc_node(size, flags, node);
}

static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

static inline void *kzalloc_node(size_t size, gfp_t flags, int node)
{
	return kmalloc_node(size, flags | __GFP_ZERO, node);
}

static inline void *kmalloc_array_node(size_t n, size_t size, gfp_t flags, int node)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(n, size, &bytes)))
		return NULL;
	return __kmalloc_node(bytes, flags, node);
}

static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array_node(n, size, flags, NUMA_NO_NODE);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

static inline void *kcalloc_node(size_t n, size_t size, gfp_t flags, int node)
{
	return kmalloc_array_node(n, size, flags | __GFP_ZERO, node);
}

static inline void *krealloc_array(void *p, size_t new_n, size_t new_size, gfp_t flags)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(new_n, new_size, &bytes)))
		return NULL;
	return krealloc(p, bytes, flags);
}

/* Copies in kmalloc()ed memory (NULL on failure; kstrdup(NULL) is NULL). */
void *kmemdup(const void *src, size_t len, gfp_t gfp);
char *kmemdup_nul(const char *s, size_t len, gfp_t gfp);
char *kstrdup(const char *s, gfp_t gfp);
char *kstrndup(const char *s, size_t max, gfp_t gfp);
const char *kstrdup_const(const char *s, gfp_t gfp);
void kfree_const(const void *x);

#endif /* _LINUX_SLAB_H */
