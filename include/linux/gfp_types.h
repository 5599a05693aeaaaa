/* SPDX-License-Identifier: MIT */
/*
 * <linux/gfp_types.h> - the GFP ("get free pages") allocation flags.
 *
 * The bit values are the kernel's, so a mode printed by kmm ("mode:0xcc0")
 * reads the same as one printed by Linux.  The ___GFP_* raw bits below are the
 * encoding only: code uses the __GFP_* modifiers and, above all, the GFP_*
 * combinations at the end of this file.
 */
#ifndef _LINUX_GFP_TYPES_H
#define _LINUX_GFP_TYPES_H

#include <linux/types.h>

/* Raw bit numbers; do not use directly. */
enum {
	___GFP_DMA_BIT,
	___GFP_HIGHMEM_BIT,
	___GFP_DMA32_BIT,
	___GFP_MOVABLE_BIT,
	___GFP_RECLAIMABLE_BIT,
	___GFP_HIGH_BIT,
	___GFP_IO_BIT,
	___GFP_FS_BIT,
	___GFP_ZERO_BIT,
	___GFP_COLD_BIT, /* unused by today's kernel; kmm keeps the seeds' __GFP_COLD here */
	___GFP_DIRECT_RECLAIM_BIT,
	___GFP_KSWAPD_RECLAIM_BIT,
	___GFP_WRITE_BIT,
	___GFP_NOWARN_BIT,
	___GFP_RETRY_MAYFAIL_BIT,
	___GFP_NOFAIL_BIT,
	___GFP_NORETRY_BIT,
	___GFP_MEMALLOC_BIT,
	___GFP_COMP_BIT,
	___GFP_NOMEMALLOC_BIT,
	___GFP_HARDWALL_BIT,
	___GFP_THISNODE_BIT,
	___GFP_ACCOUNT_BIT,
	___GFP_ZEROTAGS_BIT,
	___GFP_SKIP_ZERO_BIT,
	___GFP_SKIP_KASAN_BIT,
	___GFP_NOLOCKDEP_BIT,
	___GFP_LAST_BIT
};

#define ___GFP_DMA (1u << ___GFP_DMA_BIT)
#define ___GFP_HIGHMEM (1u << ___GFP_HIGHMEM_BIT)
#define ___GFP_DMA32 (1u << ___GFP_DMA32_BIT)
#define ___GFP_MOVABLE (1u << ___GFP_MOVABLE_BIT)
#define ___GFP_RECLAIMABLE (1u << ___GFP_RECLAIMABLE_BIT)
#define ___GFP_HIGH (1u << ___GFP_HIGH_BIT)
#define ___GFP_IO (1u << ___GFP_IO_BIT)
#define ___GFP_FS (1u << ___GFP_FS_BIT)
#define ___GFP_ZERO (1u << ___GFP_ZERO_BIT)
#define ___GFP_COLD (1u << ___GFP_COLD_BIT)
#define ___GFP_DIRECT_RECLAIM (1u << ___GFP_DIRECT_RECLAIM_BIT)
#define ___GFP_KSWAPD_RECLAIM (1u << ___GFP_KSWAPD_RECLAIM_BIT)
#define ___GFP_WRITE (1u << ___GFP_WRITE_BIT)
#define ___GFP_NOWARN (1u << ___GFP_NOWARN_BIT)
#define ___GFP_RETRY_MAYFAIL (1u << ___GFP_RETRY_MAYFAIL_BIT)
#define ___GFP_NOFAIL (1u << ___GFP_NOFAIL_BIT)
#define ___GFP_NORETRY (1u << ___GFP_NORETRY_BIT)
#define ___GFP_MEMALLOC (1u << ___GFP_MEMALLOC_BIT)
#define ___GFP_COMP (1u << ___GFP_COMP_BIT)
#define ___GFP_NOMEMALLOC (1u << ___GFP_NOMEMALLOC_BIT)
#define ___GFP_HARDWALL (1u << ___GFP_HARDWALL_BIT)
#define ___GFP_THISNODE (1u << ___GFP_THISNODE_BIT)
#define ___GFP_ACCOUNT (1u << ___GFP_ACCOUNT_BIT)
#define ___GFP_ZEROTAGS (1u << ___GFP_ZEROTAGS_BIT)
#define ___GFP_SKIP_ZERO (1u << ___GFP_SKIP_ZERO_BIT)
#define ___GFP_SKIP_KASAN (1u << ___GFP_SKIP_KASAN_BIT)
#define ___GFP_NOLOCKDEP (1u << ___GFP_NOLOCKDEP_BIT)

/*
 * Zone modifiers: which physical zones may satisfy the request.
 *
 * __GFP_DMA      only ZONE_DMA (below 16 MiB, for old ISA-style devices).
 * __GFP_DMA32    ZONE_DMA32 or below (below 4 GiB); on the 32-bit layout,
 *                which has no DMA32 zone, this means ZONE_NORMAL or below.
 * __GFP_HIGHMEM  ZONE_HIGHMEM is allowed too (pages with no permanent kernel
 *                address: page_address() is NULL until they are mapped).
 * __GFP_MOVABLE  the page can be migrated; with __GFP_HIGHMEM it may come from
 *                high memory.  kmm has no ZONE_MOVABLE.
 * With none of them the allocation comes from ZONE_NORMAL or below.  Setting
 * two of DMA, DMA32 and HIGHMEM is a bug and is reported.
 */
#define __GFP_DMA ((gfp_t)___GFP_DMA)
#define __GFP_HIGHMEM ((gfp_t)___GFP_HIGHMEM)
#define __GFP_DMA32 ((gfp_t)___GFP_DMA32)
#define __GFP_MOVABLE ((gfp_t)___GFP_MOVABLE)
#define GFP_ZONEMASK (__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)

/*
 * Page mobility and placement.
 *
 * __GFP_RECLAIMABLE  the object can be freed by a shrinker (slab caches made
 *                    with SLAB_RECLAIM_ACCOUNT); used for grouping and counts.
 * __GFP_WRITE        the caller means to dirty the page.
 * __GFP_HARDWALL     honour the cpuset memory policy of the task.
 * __GFP_THISNODE     only the requested node, no fallback to others.
 * __GFP_ACCOUNT      charge the allocation to the memory cgroup (kmm: no-op).
 */
#define __GFP_RECLAIMABLE ((gfp_t)___GFP_RECLAIMABLE)
#define __GFP_WRITE ((gfp_t)___GFP_WRITE)
#define __GFP_HARDWALL ((gfp_t)___GFP_HARDWALL)
#define __GFP_THISNODE ((gfp_t)___GFP_THISNODE)
#define __GFP_ACCOUNT ((gfp_t)___GFP_ACCOUNT)

/*
 * Watermark modifiers: access to the reserves kept below the min watermark.
 *
 * __GFP_HIGH        high priority: may use part of the reserve (GFP_ATOMIC
 *                   has it).
 * __GFP_MEMALLOC    may use all of the reserve; for code that frees memory
 *                   by allocating a little (the kernel's swap-over-network).
 * __GFP_NOMEMALLOC  never use the reserves, even when PF_MEMALLOC is set;
 *                   takes precedence over __GFP_MEMALLOC.
 */
#define __GFP_HIGH ((gfp_t)___GFP_HIGH)
#define __GFP_MEMALLOC ((gfp_t)___GFP_MEMALLOC)
#define __GFP_NOMEMALLOC ((gfp_t)___GFP_NOMEMALLOC)

/*
 * Reclaim modifiers: what the allocator may do when memory is short.
 *
 * __GFP_IO               may start physical I/O (shrinkers that write back).
 * __GFP_FS               may call into the filesystem layer.
 * __GFP_DIRECT_RECLAIM   the caller may sleep and reclaim memory itself.
 * __GFP_KSWAPD_RECLAIM   wake kswapd when a low watermark is reached.
 * __GFP_RECLAIM          both of the above.
 *
 * How hard to try, for sleeping allocations:
 * __GFP_NORETRY        one light attempt at reclaim, then fail; never OOM.
 * __GFP_RETRY_MAYFAIL  retry while reclaim makes progress, then fail rather
 *                      than declare OOM.  (The seeds' __GFP_REPEAT.)
 * __GFP_NOFAIL         never fail: wait as long as it takes.  Meant for
 *                      callers with no way to handle failure; large orders
 *                      with it are warned about.
 */
#define __GFP_IO ((gfp_t)___GFP_IO)
#define __GFP_FS ((gfp_t)___GFP_FS)
#define __GFP_DIRECT_RECLAIM ((gfp_t)___GFP_DIRECT_RECLAIM)
#define __GFP_KSWAPD_RECLAIM ((gfp_t)___GFP_KSWAPD_RECLAIM)
#define __GFP_RECLAIM ((gfp_t)(___GFP_DIRECT_RECLAIM | ___GFP_KSWAPD_RECLAIM))
#define __GFP_RETRY_MAYFAIL ((gfp_t)___GFP_RETRY_MAYFAIL)
#define __GFP_NOFAIL ((gfp_t)___GFP_NOFAIL)
#define __GFP_NORETRY ((gfp_t)___GFP_NORETRY)
/* Old name of __GFP_RETRY_MAYFAIL (Linux before 4.13; used in the seeds). */
#define __GFP_REPEAT __GFP_RETRY_MAYFAIL

/*
 * Action modifiers.
 *
 * __GFP_NOWARN    do not print the allocation-failure report.
 * __GFP_COMP      make a multi-page allocation a compound page (head + tails).
 * __GFP_ZERO      return zeroed memory.
 * __GFP_COLD      (Linux before 4.15, the seeds) prefer a cache-cold page:
 *                 kmm takes it from the cold end of the per-CPU list.
 * __GFP_ZEROTAGS, __GFP_SKIP_ZERO, __GFP_SKIP_KASAN: memory-tagging hints,
 *                 accepted and ignored (there are no tags).
 * __GFP_NOLOCKDEP: accepted and ignored.
 */
#define __GFP_NOWARN ((gfp_t)___GFP_NOWARN)
#define __GFP_COMP ((gfp_t)___GFP_COMP)
#define __GFP_ZERO ((gfp_t)___GFP_ZERO)
#define __GFP_COLD ((gfp_t)___GFP_COLD)
#define __GFP_ZEROTAGS ((gfp_t)___GFP_ZEROTAGS)
#define __GFP_SKIP_ZERO ((gfp_t)___GFP_SKIP_ZERO)
#define __GFP_SKIP_KASAN ((gfp_t)___GFP_SKIP_KASAN)
#define __GFP_NOLOCKDEP ((gfp_t)___GFP_NOLOCKDEP)

#define __GFP_BITS_SHIFT ___GFP_LAST_BIT
#define __GFP_BITS_MASK ((gfp_t)((1u << __GFP_BITS_SHIFT) - 1))

/*
 * The combinations to use.
 *
 * GFP_ATOMIC   cannot sleep (interrupts, spinlocks held); may use part of the
 *              reserves; wakes kswapd.
 * GFP_KERNEL   the usual kernel allocation: may sleep, reclaim, do I/O and
 *              call filesystems.  Not with a spinlock held.
 * GFP_KERNEL_ACCOUNT  GFP_KERNEL charged to the memory cgroup.
 * GFP_NOWAIT   cannot sleep and gets no reserves: fails early under pressure.
 * GFP_NOIO     may sleep and reclaim but not start I/O (block layer).
 *              Prefer memalloc_noio_save() scopes.
 * GFP_NOFS     may sleep and reclaim but not enter the filesystem.
 *              Prefer memalloc_nofs_save() scopes.
 * GFP_USER     for pages handed to user space: may sleep, honours cpusets.
 * GFP_DMA, GFP_DMA32  only the DMA / DMA32 zones (add GFP_KERNEL or GFP_ATOMIC).
 * GFP_HIGHUSER  user pages that may live in high memory.
 * GFP_HIGHUSER_MOVABLE  the same, and migratable.
 * GFP_TRANSHUGE_LIGHT / GFP_TRANSHUGE  huge-page attempts that give up early.
 */
#define GFP_ATOMIC (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT (__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO (__GFP_RECLAIM)
#define GFP_NOFS (__GFP_RECLAIM | __GFP_IO)
#define GFP_USER (__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA __GFP_DMA
#define GFP_DMA32 __GFP_DMA32
#define GFP_HIGHUSER (GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE | __GFP_SKIP_KASAN)
#define GFP_TRANSHUGE_LIGHT \
	((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM)
#define GFP_TRANSHUGE (GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM)

/* Old name of GFP_HIGHUSER's zone bit, used in the seeds' prose. */
#define GFP_HIGHMEM __GFP_HIGHMEM

#endif /* _LINUX_GFP_TYPES_H */
