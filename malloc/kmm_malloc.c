// SPDX-License-Identifier: MIT
/*
 * malloc/kmm_malloc.c - libkmm-malloc.so: the C library's malloc API on kmm.
 *
 * Theory
 * ------
 * 1. Where memory comes from.  A request of up to 8 KiB is a slab object
 *    (SLUB) of its size class: the kmalloc caches (kmalloc-16 .. kmalloc-8k,
 *    with 96 and 192), and between them caches of libkmm-malloc's own,
 *    "malloc-48" .. "malloc-7168", so that classes are at most 1.25x apart
 *    above 64 bytes, as in jemalloc and mimalloc (size_class_init()).  The
 *    extra classes waste less memory, and they keep a program's objects
 *    from all starting at multiples of 512 or 1024 bytes, where they would
 *    share a few sets of the CPU caches (a random read of 4000 objects of
 *    16-1024 bytes: 18 ns with kmalloc's classes alone, 11.5 ns with
 *    these, as glibc's and mimalloc's).  A bigger request is a "page
 *    block": a run of whole pages of the machine, any length, from
 *    alloc_contig_pages() (the lowest free run, cut to length; its head
 *    page carries the length, page_block_alloc()).  Freed, its pages go back
 *    to the buddy allocator and serve the next requests of any size while
 *    they stay host memory - no page faults, and no more memory touched
 *    than the program's peak needs plus fragmentation (the `large`
 *    workload: 0.4 s and 83 MiB, against 2.2 s and 112 MiB with 4 MiB
 *    compound blocks and mappings for the rest).  Anything the machine
 *    refuses (it is full) or that needs more than page alignment is a
 *    private host mapping ("huge block") - a temporary measure until kmm
 *    has vmalloc; freed ones are kept in a small cache (8 blocks, 64 MiB)
 *    and reused, so big buffers freed and allocated again fault no pages.
 *    Every request is at least 16 bytes and 16-byte aligned, as glibc
 *    promises on 64-bit hosts.
 *
 * 2. Which kind a pointer is, for free(), realloc() and
 *    malloc_usable_size(): an address in the bootstrap arena (3.) is an
 *    arena block; an address in the direct map (virt_addr_valid()) is a
 *    slab object (the slab map) or a page block (its head page);
 *    otherwise it must be a huge block, found in a hash table of their
 *    addresses.  Anything else is a bug of the program: free() of it
 *    prints a kernel-style report on standard error ("BUG: kmm-malloc:
 *    free(): invalid pointer", the stack, taint W) and is ignored, as the
 *    kernel ignores a bad kfree() - glibc would abort instead.
 *
 * 3. Booting.  The first call boots a machine (the default below, or
 *    KMM_CMDLINE appended to it).  Boot itself, and host code under kmm
 *    (pthread_create() for kswapd, backtrace(), dladdr()), may call
 *    malloc(): every call made while the calling thread is already inside
 *    kmm (a per-thread depth count), or while another thread boots, is
 *    served from a static bootstrap arena (a bump allocator; its blocks
 *    are never reused, free() ignores them, realloc() moves them out).
 *    When the arena is full such calls get huge blocks.  The same guard
 *    covers a signal handler that runs while its thread is inside kmm: its
 *    malloc() gets an arena block, and its free() of a kmm block is dropped
 *    (a leak) rather than re-entering the slab the thread was changing.
 *
 * 4. The default machine: layout=x86_64, nr_cpus = the host CPUs this
 *    process may use but at least MIN_CPUS (16) and at most 64, mem = the
 *    host's RAM rounded up to a GiB but at most 64 GiB.  A thread keeps a
 *    virtual CPU while it allocates (kernel/sched.c), so a machine with
 *    fewer CPUs than busy threads makes them take CPUs from each other on
 *    every call: with 4 threads on a 2-CPU machine, half the time goes
 *    there.  Boot costs about 0.6 MiB of resident memory more than glibc's
 *    malloc, the same from 4 to 64 GiB, and 10 ms (a program that mallocs
 *    once: 2.1-2.3 MiB against 1.6 MiB; the free blocks' struct pages are
 *    deferred, mm/page_alloc.c, the memmap's own are never written,
 *    mm/sparse.c, and so are the per-CPU structs of CPUs a cache never
 *    ran on, mm/slub.c), and each fork() copies what is resident (6.).
 *    The per-CPU page lists are small (percpu_pagelist_fraction=, high 64
 *    pages and batch 16 in the big zone where the kernel's sizing gives 378
 *    and 63): a page waiting on one CPU's list is host memory that no other
 *    CPU can use, and with four busy threads the kernel's sizes made the
 *    xmalloc workload's peak 6.6 MiB instead of 5.2.
 *    A program that needs more gets huge blocks once the machine is full
 *    (so it never runs out before the host does, but small requests then
 *    cost a page each); KMM_CMDLINE="mem=256G" gives it a bigger machine
 *    instead.  The console log level is 5: warnings and errors
 *    reach standard error, the boot messages do not.
 *
 * 5. Allocations use GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN: one light
 *    reclaim attempt, no OOM, never waiting for memory, no failure report.
 *
 * 6. fork(): pthread_atfork() handlers run kmm_fork_prepare() (every lock
 *    and virtual CPU to the forking thread, a copy of the RAM file for the
 *    child) and release in parent and child; kernel/fork.c explains.  The
 *    forking thread counts as inside kmm meanwhile, so a malloc() between
 *    the handlers is an arena block.
 *
 * 7. At exit nothing happens: no kmm_shutdown(), so no leak report (a
 *    program's memory at exit is normal).
 *
 * Not honoured: mallopt(), mallinfo(), malloc_trim(), malloc_stats() and
 * the malloc hooks stay glibc's and see none of this memory;
 * memalign() with an alignment above the page size gets a huge block (the
 * direct map is only page-aligned); with slab_debug= red zones an
 * object of kmalloc-96/192 that is not 16-byte aligned is replaced by one
 * of kmalloc-128/256.
 */
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "arch/host/host.h"
#include "kernel/internal.h"
#include "mm/slab.h"

#include <errno.h>
#include <kmm/kmm.h>
#include <stdint.h>
#include <string.h>

#define KMM_MALLOC_API __attribute__((visibility("default")))
#define MALLOC_ALIGN 16
#define MALLOC_GFP (GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN)
#define DEFAULT_MEM_MAX_GIB 64
#define MIN_CPUS 16		  /* virtual CPUs of the default machine, at least (4. above) */
#define PCP_FRACTION_PER_GIB 4096 /* per-CPU page lists of 64 pages, batch 16 (4. above) */

/* ---------------------------------------------------------------------------
 * State: the machine, and how deep the calling thread is inside kmm.
 * ------------------------------------------------------------------------- */

enum { MACHINE_OFF, MACHINE_BOOTING, MACHINE_UP };
static int machine_state; /* atomic */
static __thread int kmm_depth __attribute__((tls_model("initial-exec")));

static inline bool kmm_usable(void)
{
	return likely(!kmm_depth &&
		      __atomic_load_n(&machine_state, __ATOMIC_ACQUIRE) == MACHINE_UP);
}

static inline void kmm_enter(void)
{
	kmm_depth++;
}

static inline void kmm_leave(void)
{
	kmm_depth--;
}

/* A small spinlock of our own (huge block table): no virtual CPU needed. */
static void tiny_lock(int *word)
{
	while (__atomic_exchange_n(word, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(word, __ATOMIC_RELAXED))
			host_yield();
}

static void tiny_unlock(int *word)
{
	__atomic_store_n(word, 0, __ATOMIC_RELEASE);
}

/* ---------------------------------------------------------------------------
 * Size classes (theory, 1.): the slab cache of each request size.
 * ------------------------------------------------------------------------- */

#define CLASS_FINE_MAX 1024 /* class_fine[] serves sizes up to this, by 16 bytes */
#define CLASS_COARSE_STEP 128
static struct kmem_cache *class_fine[CLASS_FINE_MAX / MALLOC_ALIGN + 1]; /* [(size + 15) / 16] */
/* [(size - 1) / 128] */
static struct kmem_cache *class_coarse[KMALLOC_MAX_CACHE_SIZE / CLASS_COARSE_STEP];

/* The cache for @size (at most KMALLOC_MAX_CACHE_SIZE) once the machine is up. */
static __always_inline struct kmem_cache *class_cache(size_t size)
{
	if (likely(size <= CLASS_FINE_MAX))
		return class_fine[(size + MALLOC_ALIGN - 1) / MALLOC_ALIGN];
	return class_coarse[(size - 1) / CLASS_COARSE_STEP];
}

/* The smallest of kmalloc's cache and @extra[] holding @size bytes. */
static struct kmem_cache *class_pick(size_t size, struct kmem_cache *const *extra, size_t n)
{
	struct kmem_cache *best = kmalloc_cache_of(max(size, (size_t)MALLOC_ALIGN), MALLOC_GFP);

	for (size_t i = 0; i < n; i++)
		if (extra[i] && extra[i]->object_size >= size &&
		    extra[i]->object_size < best->object_size)
			best = extra[i];
	return best;
}

/*
 * Create the extra caches and fill the class tables; boot, inside kmm.  A
 * cache that cannot be created leaves its sizes to the next kmalloc class.
 */
static void size_class_init(void)
{
	static const unsigned short sizes[] = {48,   80,   112,	 160,  224,  320,  384,
					       448,  640,  768,	 896,  1280, 1536, 1792,
					       2560, 3072, 3584, 5120, 6144, 7168};
	struct kmem_cache *extra[ARRAY_SIZE(sizes)];
	char name[32];

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		snprintf(name, sizeof(name), "malloc-%u", sizes[i]);
		extra[i] = kmem_cache_create(name, sizes[i], MALLOC_ALIGN, 0, NULL);
	}
	for (size_t k = 0; k < ARRAY_SIZE(class_fine); k++)
		class_fine[k] = class_pick(k * MALLOC_ALIGN, extra, ARRAY_SIZE(extra));
	for (size_t k = 0; k < ARRAY_SIZE(class_coarse); k++)
		class_coarse[k] = class_pick((k + 1) * CLASS_COARSE_STEP, extra, ARRAY_SIZE(extra));
}

/* ---------------------------------------------------------------------------
 * The bootstrap arena.
 * ------------------------------------------------------------------------- */

#define ARENA_SIZE (1UL << 20)

struct arena_hdr {
	size_t size; /* bytes asked for */
	size_t pad;
};

static char arena[ARENA_SIZE] __attribute__((aligned(4096)));
static size_t arena_used; /* atomic: bytes handed out */

static bool in_arena(const void *p)
{
	return (const char *)p >= arena && (const char *)p < arena + ARENA_SIZE;
}

/* A block of @size bytes aligned to @align (a power of two), or NULL when full. */
static void *arena_alloc(size_t size, size_t align)
{
	size_t old = __atomic_load_n(&arena_used, __ATOMIC_RELAXED), start, end;
	struct arena_hdr *h;

	if (align < MALLOC_ALIGN)
		align = MALLOC_ALIGN;
	do {
		start = ALIGN(old + sizeof(*h), align);
		end = start + ALIGN(size, MALLOC_ALIGN);
		if (size > ARENA_SIZE || end > ARENA_SIZE || end < start)
			return NULL;
	} while (!__atomic_compare_exchange_n(&arena_used, &old, end, false, __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	h = (struct arena_hdr *)(arena + start) - 1;
	h->size = size;
	return arena + start;
}

static size_t arena_size(const void *p)
{
	return ((const struct arena_hdr *)p - 1)->size;
}

/* ---------------------------------------------------------------------------
 * Huge blocks: private host mappings, found through a hash table.
 * ------------------------------------------------------------------------- */

#define HUGE_MAGIC 0x6b6d6d2d68756765UL /* "kmm-huge" */
#define HUGE_BUCKETS 1024

struct huge_hdr {
	unsigned long magic;
	struct huge_hdr *next; /* in its bucket */
	void *map;	       /* the host mapping */
	size_t map_len;
	size_t usable; /* bytes from the block's start to the mapping's end */
};

static struct huge_hdr *huge_table[HUGE_BUCKETS];
static int huge_lock_word;

static struct huge_hdr **huge_bucket(const void *p)
{
	return &huge_table[((uintptr_t)p >> PAGE_SHIFT) % HUGE_BUCKETS];
}

/* The header of huge block @p, or NULL if @p is none. */
static struct huge_hdr *huge_find(const void *p)
{
	struct huge_hdr *h;

	if ((uintptr_t)p & (PAGE_SIZE - 1))
		return NULL;
	tiny_lock(&huge_lock_word);
	for (h = *huge_bucket(p); h && (void *)(h + 1) != p; h = h->next)
		;
	tiny_unlock(&huge_lock_word);
	return h;
}

/*
 * Freed huge blocks are kept for reuse, up to HUGE_CACHE_SLOTS blocks and
 * HUGE_CACHE_BYTES of mappings (huge_lock_word): their pages stay mapped,
 * so a program that frees and allocates big buffers again and again takes
 * no page fault for them - where mapping and unmapping every time faults
 * in every page of every buffer.  A cached block serves a request of at
 * least half its size; the oldest goes first when room is needed.  A
 * reused block is not zero-filled: calloc() clears it.
 */
#define HUGE_CACHE_SLOTS 8
#define HUGE_CACHE_BYTES (64UL << 20)

static struct huge_hdr *huge_cache[HUGE_CACHE_SLOTS]; /* oldest first */
static unsigned int huge_cached;
static size_t huge_cached_bytes;

static void huge_link(struct huge_hdr *h)
{
	h->next = *huge_bucket(h + 1);
	*huge_bucket(h + 1) = h;
}

/* Take the best cached block for @size (page-aligned requests only), or NULL. */
static struct huge_hdr *huge_cache_take(size_t size)
{
	unsigned int best = HUGE_CACHE_SLOTS;
	struct huge_hdr *h;

	for (unsigned int i = 0; i < huge_cached; i++) {
		size_t u = huge_cache[i]->usable;

		if (u >= size && u - size <= u / 2 &&
		    (best == HUGE_CACHE_SLOTS || u < huge_cache[best]->usable))
			best = i;
	}
	if (best == HUGE_CACHE_SLOTS)
		return NULL;
	h = huge_cache[best];
	memmove(&huge_cache[best], &huge_cache[best + 1],
		(huge_cached - best - 1) * sizeof(huge_cache[0]));
	huge_cached--;
	huge_cached_bytes -= h->map_len;
	return h;
}

/*
 * A block of @size bytes aligned to @align (a power of two), or NULL.
 * *@fresh says whether it is a new mapping (zero-filled) or a reused one.
 */
static void *huge_alloc(size_t size, size_t align, bool *fresh)
{
	size_t len, pad = align > PAGE_SIZE ? align : 0;
	struct huge_hdr *h;
	void *map, *p;

	if (size > SIZE_MAX - 2 * PAGE_SIZE - pad)
		return NULL;
	if (!pad) {
		tiny_lock(&huge_lock_word);
		h = huge_cache_take(size);
		if (h)
			huge_link(h);
		tiny_unlock(&huge_lock_word);
		if (h) {
			*fresh = false;
			h->magic = HUGE_MAGIC;
			return h + 1;
		}
	}
	len = PAGE_ALIGN(size) + PAGE_SIZE + pad;
	if (host_anon_map(len, &map))
		return NULL;
	p = (void *)ALIGN((uintptr_t)map + PAGE_SIZE, pad ? pad : PAGE_SIZE);
	h = (struct huge_hdr *)p - 1;
	*h = (struct huge_hdr){HUGE_MAGIC, NULL, map, len, (size_t)((char *)map + len - (char *)p)};
	tiny_lock(&huge_lock_word);
	huge_link(h);
	tiny_unlock(&huge_lock_word);
	*fresh = true;
	return p;
}

/* Free huge block @h: into the cache (evicting the oldest if need be), or unmapped. */
static void huge_free(struct huge_hdr *h)
{
	struct huge_hdr **pp, *evict[HUGE_CACHE_SLOTS];
	unsigned int nr_evict = 0;
	bool keep = (char *)h->map + PAGE_SIZE == (char *)(h + 1) && h->map_len <= HUGE_CACHE_BYTES;

	tiny_lock(&huge_lock_word);
	for (pp = huge_bucket(h + 1); *pp != h; pp = &(*pp)->next)
		;
	*pp = h->next;
	h->magic = 0;
	while (keep && huge_cached &&
	       (huge_cached == HUGE_CACHE_SLOTS ||
		huge_cached_bytes + h->map_len > HUGE_CACHE_BYTES)) {
		evict[nr_evict++] = huge_cache[0];
		huge_cached_bytes -= huge_cache[0]->map_len;
		memmove(&huge_cache[0], &huge_cache[1], --huge_cached * sizeof(huge_cache[0]));
	}
	if (keep) {
		huge_cache[huge_cached++] = h;
		huge_cached_bytes += h->map_len;
	}
	tiny_unlock(&huge_lock_word);
	for (unsigned int i = 0; i < nr_evict; i++)
		host_anon_unmap(evict[i]->map, evict[i]->map_len);
	if (!keep)
		host_anon_unmap(h->map, h->map_len);
}

/* ---------------------------------------------------------------------------
 * Booting, and fork().
 * ------------------------------------------------------------------------- */

static void fork_prepare(void)
{
	kmm_enter();
	while (__atomic_load_n(&machine_state, __ATOMIC_ACQUIRE) == MACHINE_BOOTING)
		host_yield();
	kmm_fork_prepare();
	tiny_lock(&huge_lock_word);
}

static void fork_parent(void)
{
	tiny_unlock(&huge_lock_word);
	kmm_fork_parent();
	kmm_leave();
}

static void fork_child(void)
{
	tiny_unlock(&huge_lock_word);
	kmm_fork_child();
	kmm_leave();
}

/* The default machine (theory, 4.) followed by KMM_CMDLINE. */
static const char *machine_cmdline(char *buf, size_t len)
{
	uint64_t gib = (host_ram_size() + SZ_1G - 1) / SZ_1G;
	const char *extra = host_getenv("KMM_CMDLINE");
	int cpus = host_nr_cpus();

	gib = clamp(gib, (uint64_t)1, (uint64_t)DEFAULT_MEM_MAX_GIB);
	cpus = clamp(cpus, MIN_CPUS, NR_CPUS);
	snprintf(buf, len,
		 "mem=%lluG layout=x86_64 nr_cpus=%d loglevel=5 percpu_pagelist_fraction=%llu %s",
		 (unsigned long long)gib, cpus, (unsigned long long)gib * PCP_FRACTION_PER_GIB,
		 extra ? extra : "");
	return buf;
}

/* Boot the machine, or wait for another thread's boot; false: use the arena. */
static noinline bool machine_boot(void)
{
	static char cmdline[1024];
	int state = MACHINE_OFF, ret;

	if (kmm_depth || !__atomic_compare_exchange_n(&machine_state, &state, MACHINE_BOOTING,
						      false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return kmm_usable();
	kmm_enter();
	host_atfork(fork_prepare, fork_parent, fork_child);
	ret = kmm_boot(machine_cmdline(cmdline, sizeof(cmdline)));
	if (!ret)
		size_class_init();
	kmm_leave();
	if (ret) {
		pr_emerg("libkmm-malloc: cannot boot \"%s\": error %d\n", cmdline, ret);
		host_abort();
	}
	__atomic_store_n(&machine_state, MACHINE_UP, __ATOMIC_RELEASE);
	return true;
}

/* ---------------------------------------------------------------------------
 * The allocator core.
 * ------------------------------------------------------------------------- */

/*
 * From kmm: a slab object of @size bytes (at most KMALLOC_MAX_CACHE_SIZE)
 * aligned to @align (a power of two, <= PAGE_SIZE), or NULL.
 */
static void *kmm_alloc(size_t size, size_t align, gfp_t gfp)
{
	void *p;

	size = max(size, max(align, (size_t)MALLOC_ALIGN));
	kmm_enter();
	if (align <= MALLOC_ALIGN)
		p = kmem_cache_alloc(class_cache(size), gfp);
	else /* kmalloc-2^n is aligned to 2^n */
		p = kmalloc(roundup_pow_of_two(size), gfp);
	if (unlikely((uintptr_t)p & (MALLOC_ALIGN - 1))) {
		kfree(p); /* kmalloc-96/192 with red zones */
		p = kmalloc(roundup_pow_of_two(size), gfp);
	}
	kmm_leave();
	return p;
}

/*
 * Page blocks (theory, 1.): a request above the slab classes is a run of
 * whole pages of the machine, alloc_contig_pages(); its head page carries
 * PG_private and the page count in page->private (the owner's fields of an
 * allocated page).  Inside kmm.
 */
static void *page_block_alloc(size_t size, gfp_t gfp)
{
	unsigned long nr = PFN_UP(size);
	struct page *page;

	if (size > SIZE_MAX - PAGE_SIZE)
		return NULL;
	page = alloc_contig_pages(nr, gfp, NUMA_NO_NODE, NULL);
	if (!page)
		return NULL;
	SetPagePrivate(page);
	set_page_private(page, nr);
	return page_address(page);
}

/* The pages of page block @p, or 0 if @p is not one.  Inside kmm. */
static unsigned long page_block_pages(const void *p)
{
	struct page *page;

	if ((uintptr_t)p & ~PAGE_MASK)
		return 0;
	page = virt_to_page(p);
	if (!PagePrivate(page) || PageSlab(page) || PageHead(page) || page_ref_count(page) != 1)
		return 0;
	return page_private(page);
}

/* free() of a direct-map block past kfree()'s fast path.  Inside kmm. */
static void kmm_free(void *p, unsigned long caller)
{
	unsigned long nr = page_block_pages(p);

	if (nr) {
		struct page *page = virt_to_page(p);

		ClearPagePrivate(page);
		set_page_private(page, 0);
		free_contig_range(page_to_pfn(page), nr);
		return;
	}
	kfree_slow(p, caller); /* the rest of kfree(): reports what is no block */
}

/* Any block: kmm's, else a huge block, else the arena; NULL with errno ENOMEM. */
static void *do_alloc(size_t size, size_t align, bool zero)
{
	bool fresh = true;
	void *p = NULL;

	if (kmm_usable() || machine_boot()) {
		gfp_t gfp = MALLOC_GFP | (zero ? __GFP_ZERO : 0);

		if (size <= KMALLOC_MAX_CACHE_SIZE && align <= PAGE_SIZE) {
			p = kmm_alloc(size, align, gfp);
		} else if (align <= PAGE_SIZE) {
			kmm_enter();
			p = page_block_alloc(size, gfp);
			kmm_leave();
		}
		if (!p)
			p = huge_alloc(size, align, &fresh);
	} else {
		p = arena_alloc(size, align); /* never used before: zero */
		if (!p)
			p = huge_alloc(size, align, &fresh);
	}
	if (unlikely(!p))
		errno = ENOMEM;
	else if (zero && !fresh) /* a reused huge block */
		memset(p, 0, size);
	return p;
}

enum block_kind { BLOCK_INVALID, BLOCK_ARENA, BLOCK_KMM, BLOCK_HUGE };

/* What @p is; for a huge block its header goes to @hp. */
static enum block_kind block_kind(const void *p, struct huge_hdr **hp)
{
	if (in_arena(p))
		return BLOCK_ARENA;
	if (__atomic_load_n(&machine_state, __ATOMIC_ACQUIRE) == MACHINE_UP && virt_addr_valid(p))
		return BLOCK_KMM;
	*hp = huge_find(p);
	return *hp ? BLOCK_HUGE : BLOCK_INVALID;
}

/* The kernel-style report for a pointer that no allocator here gave out. */
static noinline void report_invalid(const char *fn, const void *p)
{
	kmm_enter();
	printk_report_lock();
	pr_err("BUG: kmm-malloc: %s(): invalid pointer %p\n", fn, p);
	dump_stack_lvl(KERN_ERR);
	report_count_inc();
	add_taint(TAINT_WARN, LOCKDEP_STILL_OK);
	printk_report_unlock();
	kmm_leave();
}

/* Usable bytes of @p (0 for an invalid pointer, reported as @fn's). */
static size_t usable_size(const void *p, const char *fn)
{
	struct huge_hdr *h;
	size_t n = 0;

	switch (block_kind(p, &h)) {
	case BLOCK_ARENA: return arena_size(p);
	case BLOCK_KMM:
		kmm_enter();
		n = page_block_pages(p) << PAGE_SHIFT;
		if (!n)
			n = ksize(p);
		kmm_leave();
		return n;
	case BLOCK_HUGE: return h->usable;
	default: report_invalid(fn, p); return 0;
	}
}

/* ---------------------------------------------------------------------------
 * The C library's API.
 * ------------------------------------------------------------------------- */

/**
 * malloc - allocate @size bytes (at least 16, 16-byte aligned)
 * @size: bytes; 0 gives a unique 16-byte block
 *
 * Context: any thread; boots the machine on the first call.
 * Return: the block, or NULL with errno ENOMEM.
 */
KMM_MALLOC_API void *malloc(size_t size)
{
	void *p;

	if (likely(kmm_usable() && size <= KMALLOC_MAX_CACHE_SIZE)) { /* the common case */
		struct kmem_cache *s = class_cache(size);

		kmm_enter(); /* kmem_cache_alloc(), inline: */
		p = slab_alloc_node(s, MALLOC_GFP, NUMA_NO_NODE, _RET_IP_);
		if (likely(p && !((uintptr_t)p & (MALLOC_ALIGN - 1)))) {
			kmm_leave();
			return p;
		}
		kfree(p); /* none, or misaligned (red zones): the general way */
		kmm_leave();
	}
	return do_alloc(size, MALLOC_ALIGN, false);
}

/* free() of anything but a block in the direct map (kfree() reports one that is no block). */
static noinline void free_slow(void *p)
{
	struct huge_hdr *h;

	if (!p)
		return;
	switch (block_kind(p, &h)) {
	case BLOCK_ARENA: return; /* never reused */
	case BLOCK_KMM:
		if (unlikely(kmm_depth))
			return; /* re-entered (a signal handler): kmm is mid-change, leak */
		kmm_enter();
		kmm_free(p, _RET_IP_);
		kmm_leave();
		return;
	case BLOCK_HUGE: huge_free(h); return;
	default: report_invalid("free", p);
	}
}

/**
 * free - give back a block of any function here
 * @p: the block; NULL is ignored, a pointer no allocator here gave out is
 *	reported on standard error and ignored
 *
 * Context: any thread.
 */
KMM_MALLOC_API void free(void *p)
{
	if (likely(kmm_usable())) {
		kmm_enter();
		if (likely(slab_kfree_fast(p))) { /* kfree()'s fast path, inline */
			kmm_leave();
			return;
		}
		if ((uintptr_t)p - PAGE_OFFSET < (uintptr_t)high_memory - PAGE_OFFSET) {
			kmm_free(p, _RET_IP_);
			kmm_leave();
			return;
		}
		kmm_leave();
	}
	free_slow(p);
}

/* The old name of free(). */
KMM_MALLOC_API void cfree(void *p)
{
	free(p);
}

/**
 * calloc - allocate @n zeroed elements of @size bytes
 * @n: element count
 * @size: element size
 *
 * Context: any thread.
 * Return: the block, or NULL with errno ENOMEM (also when @n * @size overflows).
 */
KMM_MALLOC_API void *calloc(size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes)) {
		errno = ENOMEM;
		return NULL;
	}
	return do_alloc(bytes, MALLOC_ALIGN, true);
}

/* Can @p (of @usable bytes, of @kind) keep serving as a block of @size bytes? */
static bool fits_in_place(enum block_kind kind, size_t usable, size_t size)
{
	if (size > usable)
		return false;
	/* pages: a page block, or realloc()'s kmalloc() block of pages */
	if (kind == BLOCK_KMM && usable > KMALLOC_MAX_CACHE_SIZE)
		return size > KMALLOC_MAX_CACHE_SIZE && size >= usable / 2;
	if (kind == BLOCK_KMM) /* a slab object: the same size class */
		return class_cache(size)->object_size == usable;
	return kind == BLOCK_HUGE && size > KMALLOC_MAX_SIZE && size >= usable / 2;
}

/*
 * The new block when realloc() grows a block of @old bytes to @size: up to
 * KMALLOC_MAX_SIZE a kmalloc() block of a power of two pages, so that a
 * buffer growing a little at a time moves when it doubles rather than at
 * every page (exact page blocks, moved that often, scatter and touch 15 %
 * more memory in the realloc_growth workload); otherwise malloc()'s.
 */
static void *realloc_alloc(size_t old, size_t size)
{
	void *q = NULL;

	if (size > KMALLOC_MAX_CACHE_SIZE && size <= KMALLOC_MAX_SIZE && size > old &&
	    kmm_usable()) {
		kmm_enter();
		q = kmalloc(size, MALLOC_GFP);
		kmm_leave();
	}
	return q ? q : malloc(size);
}

/**
 * realloc - resize a block, keeping its contents up to the smaller size
 * @p: the block (NULL: malloc(@size))
 * @size: the new size (0: free @p and return NULL, as glibc)
 *
 * Stays in place while @size has @p's size class (for page blocks and
 * huge blocks: while it fits and is at least half the block); otherwise
 * moves (to a power of two of pages when it grows, up to 4 MiB).
 * Context: any thread.
 * Return: the block, or NULL with errno ENOMEM (then @p is untouched).
 */
KMM_MALLOC_API void *realloc(void *p, size_t size)
{
	struct huge_hdr *h = NULL;
	enum block_kind kind;
	size_t old;
	void *q;

	if (!p)
		return malloc(size);
	if (!size) {
		free(p);
		return NULL;
	}
	kind = block_kind(p, &h);
	if (kind == BLOCK_INVALID) {
		report_invalid("realloc", p);
		errno = ENOMEM;
		return NULL;
	}
	old = kind == BLOCK_HUGE ? h->usable : usable_size(p, "realloc");
	if (fits_in_place(kind, old, size))
		return p;
	q = realloc_alloc(old, size);
	if (q) {
		memcpy(q, p, min(old, size));
		free(p);
	}
	return q;
}

/**
 * reallocarray - realloc() to @n elements of @size bytes
 * @p: the block
 * @n: element count
 * @size: element size
 *
 * Context: any thread.
 * Return: the block, or NULL with errno ENOMEM (also on overflow).
 */
KMM_MALLOC_API void *reallocarray(void *p, size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes)) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, bytes);
}

/**
 * memalign - allocate @size bytes aligned to @align
 * @align: alignment; not a power of two is rounded up to one, as glibc
 * @size: bytes
 *
 * Context: any thread.
 * Return: the block, or NULL with errno ENOMEM (EINVAL for an impossible @align).
 */
KMM_MALLOC_API void *memalign(size_t align, size_t size)
{
	if (align > SIZE_MAX / 2 + 1) {
		errno = EINVAL;
		return NULL;
	}
	if (align & (align - 1))
		align = roundup_pow_of_two(align); /* glibc does the same */
	return do_alloc(size, max(align, (size_t)MALLOC_ALIGN), false);
}

/**
 * posix_memalign - allocate @size bytes aligned to @align
 * @out: where the block goes (untouched on failure)
 * @align: a power of two multiple of sizeof(void *)
 * @size: bytes
 *
 * Context: any thread.
 * Return: 0, EINVAL for a bad @align, ENOMEM; errno is not changed.
 */
KMM_MALLOC_API int posix_memalign(void **out, size_t align, size_t size)
{
	int saved = errno;
	void *p;

	if (!align || (align & (align - 1)) || align % sizeof(void *))
		return EINVAL;
	p = memalign(align, size);
	if (!p) {
		errno = saved;
		return ENOMEM;
	}
	*out = p;
	return 0;
}

/**
 * aligned_alloc - C11's memalign()
 * @align: a power of two
 * @size: bytes
 *
 * Context: any thread.
 * Return: the block, or NULL with errno EINVAL (bad @align) or ENOMEM.
 */
KMM_MALLOC_API void *aligned_alloc(size_t align, size_t size)
{
	if (!align || (align & (align - 1))) {
		errno = EINVAL;
		return NULL;
	}
	return memalign(align, size);
}

/* memalign(PAGE_SIZE, @size).  Context: any thread. */
KMM_MALLOC_API void *valloc(size_t size)
{
	return memalign(PAGE_SIZE, size);
}

/* valloc() of @size rounded up to whole pages (0: one page).  Context: any thread. */
KMM_MALLOC_API void *pvalloc(size_t size)
{
	if (size > SIZE_MAX - PAGE_SIZE) {
		errno = ENOMEM;
		return NULL;
	}
	return memalign(PAGE_SIZE, size ? PAGE_ALIGN(size) : PAGE_SIZE);
}

/**
 * malloc_usable_size - bytes of @p the caller may use
 * @p: a block (NULL: 0)
 *
 * Context: any thread.
 * Return: ksize() for kmm's blocks, the mapping's rest for huge blocks, the
 * requested size for arena blocks; 0 (and a report) for a foreign pointer.
 */
KMM_MALLOC_API size_t malloc_usable_size(void *p)
{
	return p ? usable_size(p, "malloc_usable_size") : 0;
}
