// SPDX-License-Identifier: MIT
/*
 * mm/slub_debug.c - slab_debug: red zones, poisoning, owner tracking and
 * consistency checks for the caches that ask for them.
 *
 * Theory
 * ------
 * A cache gets debug flags from kmem_cache_create() (SLAB_CONSISTENCY_CHECKS,
 * SLAB_RED_ZONE, SLAB_POISON, SLAB_STORE_USER) or from the slab_debug= (old
 * name slub_debug=) option: "slab_debug" alone means FZPU for every cache;
 * "slab_debug=FZ" picks the checks; "slab_debug=FZ,kmalloc-64,dentry" limits
 * them to the named caches (a trailing '*' matches a prefix).  Letters:
 * F consistency checks, Z red zones, P poisoning, U owner tracking, '-' none.
 *
 * Object layout of a debug cache (mm/slub.c, slab_calculate_sizes()):
 *
 *   [0, object_size)        the object; free: POISON_FREE (0x6b) bytes and a
 *                           last POISON_END (0xa5) byte (P, no constructor)
 *   [object_size, offset)   red zone (Z): SLUB_RED_ACTIVE (0xcc) while
 *                           allocated, SLUB_RED_INACTIVE (0xbb) while free
 *   offset                  the free pointer, outside the object
 *   track_off               two struct slab_track: last alloc, last free (U)
 *
 * Debug caches take list_lock for every allocation and free (mm/slub.c), so
 * each object is checked under it as it changes hands:
 *   alloc: red zone still inactive, poison intact (else "Poison overwritten":
 *          a write after free), then the red zone goes active;
 *   free:  not already on the slab's freelist ("Object already free"), red
 *          zone still active (else "Redzone overwritten": a write past the
 *          end), then poison, red zone inactive, the free recorded.
 * A damaged area is reported in the kernel's shape - "BUG <cache> (<taint>):
 * <what>", the bytes, the slab, the object with its owners and a hex dump,
 * a stack trace - and repaired: "FIX <cache>: Restoring <what> <from>-<to>=<byte>".
 *
 * Differences from the kernel: no left red zone (the kernel has red_left_pad
 * before each object), no padding checks, owner tracking keeps one return
 * address, not a stack depot; the cache list of slab_debug= accepts names
 * and name prefixes only.
 */
#include <linux/kernel.h>
#include <linux/panic.h>
#include <linux/poison.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "arch/host/host.h"
#include "mm/slab.h"

struct slab_track {
	unsigned long addr; /* caller */
	int cpu, pid;
	u64 when_ns;
};

enum track_item { TRACK_ALLOC, TRACK_FREE };

/* The parsed slab_debug= option (boot parses it before kmem_cache_init()). */
static slab_flags_t slab_debug_flags;
static char slab_debug_caches[256]; /* comma-separated names, "" for every cache */

unsigned int slab_debug_track_size(void)
{
	return 2 * sizeof(struct slab_track);
}

/**
 * slab_debug_setup - parse the value of slab_debug= / slub_debug=
 * @val: "FZPU", "FZ,kmalloc-64,foo*", "-", or NULL / "" for FZPU everywhere
 *
 * Context: boot (command-line parsing).
 * Unknown letters are reported and skipped, as the kernel does.
 * Return: 0.
 */
int slab_debug_setup(const char *val)
{
	slab_flags_t flags = 0;
	const char *p = val;

	slab_debug_caches[0] = '\0';
	if (!val || !*val || *val == ',') {
		flags = SLAB_DEBUG_FLAGS;
	} else {
		for (; *p && *p != ','; p++) {
			switch (*p | 0x20) {
			case 'f': flags |= SLAB_CONSISTENCY_CHECKS; break;
			case 'z': flags |= SLAB_RED_ZONE; break;
			case 'p': flags |= SLAB_POISON; break;
			case 'u': flags |= SLAB_STORE_USER; break;
			case '-' | 0x20: break;
			default: pr_err("slab_debug option '%c' unknown. skipped\n", *p); break;
			}
		}
	}
	if (p && *p == ',')
		snprintf(slab_debug_caches, sizeof(slab_debug_caches), "%s", p + 1);
	slab_debug_flags = flags;
	return 0;
}

/* Forget the option (machine shutdown). */
void slab_debug_reset(void)
{
	slab_debug_flags = 0;
	slab_debug_caches[0] = '\0';
}

static bool slab_debug_name_matches(const char *name)
{
	const char *p = slab_debug_caches;

	if (!*p)
		return true;
	while (*p) {
		size_t len = strcspn(p, ",");

		if (len && p[len - 1] == '*') {
			if (!strncmp(name, p, len - 1))
				return true;
		} else if (strlen(name) == len && !strncmp(name, p, len)) {
			return true;
		}
		p += len + (p[len] == ',');
	}
	return false;
}

/* The flags a new cache gets: its own plus slab_debug='s; no poisoning with a constructor. */
slab_flags_t slab_debug_cache_flags(const char *name, slab_flags_t flags, void (*ctor)(void *))
{
	if (slab_debug_flags && slab_debug_name_matches(name))
		flags |= slab_debug_flags;
	if (ctor)
		flags &= ~SLAB_POISON; /* the constructed state must survive a free */
	return flags;
}

static struct slab_track *get_track(struct kmem_cache *s, void *obj, enum track_item item)
{
	return (struct slab_track *)((char *)obj + s->track_off) + item;
}

static void set_track(struct kmem_cache *s, void *obj, enum track_item item, unsigned long addr)
{
	struct slab_track *t = get_track(s, obj, item);

	t->addr = addr;
	t->cpu = raw_smp_processor_id();
	t->pid = current->pid;
	t->when_ns = host_clock_ns();
}

/* Poison (P) and red zone (Z) of an object; @red: SLUB_RED_ACTIVE or _INACTIVE. */
static void slab_debug_init_object(struct kmem_cache *s, void *obj, u8 red)
{
	u8 *p = obj;

	if ((s->flags & SLAB_POISON) && red == SLUB_RED_INACTIVE) {
		memset(p, POISON_FREE, s->object_size - 1);
		p[s->object_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + s->object_size, red, s->offset - s->object_size);
}

/* A new slab's object: free state, no owners yet. */
void slab_debug_setup_object(struct kmem_cache *s, void *obj)
{
	slab_debug_init_object(s, obj, SLUB_RED_INACTIVE);
	if (s->flags & SLAB_STORE_USER)
		memset(get_track(s, obj, TRACK_ALLOC), 0, slab_debug_track_size());
}

/* ---------------------------------------------------------------------------
 * Reports
 * ------------------------------------------------------------------------- */

static void slab_bug(struct kmem_cache *s, const char *what)
{
	pr_err("=============================================================================\n");
	pr_err("BUG %s (%s): %s\n", s->name, print_tainted(), what);
	pr_err("-----------------------------------------------------------------------------\n\n");
}

static void print_track(const char *s, struct slab_track *t, u64 now)
{
	char sym[128];

	if (!t->addr)
		return;
	host_symbolize((void *)t->addr, sym, sizeof(sym));
	pr_err("%s in %s age=%llu cpu=%d pid=%d\n", s, sym,
	       (unsigned long long)((now - t->when_ns) / 1000000), t->cpu, t->pid);
}

static void print_trailer(struct kmem_cache *s, struct slab *slab, u8 *p)
{
	u8 *base = slab_address(slab);

	if (s->flags & SLAB_STORE_USER) {
		u64 now = host_clock_ns();

		print_track("Allocated", get_track(s, p, TRACK_ALLOC), now);
		print_track("Freed", get_track(s, p, TRACK_FREE), now);
	}
	pr_err("Slab %p objects=%u used=%u fp=%p flags=%#lx\n", (void *)slab, slab->objects,
	       slab->inuse, slab->freelist, slab_page(slab)->flags & ~KMM_PAGE_ORDER_MASK);
	pr_err("Object %p @offset=%lu fp=%p\n\n", (void *)p, (unsigned long)(p - base),
	       get_freepointer(s, p));
	print_hex_dump(KERN_ERR, "Object   ", DUMP_PREFIX_ADDRESS, 16, 1, p,
		       min(s->object_size, 256U), true);
	if (s->flags & SLAB_RED_ZONE)
		print_hex_dump(KERN_ERR, "Redzone  ", DUMP_PREFIX_ADDRESS, 16, 1,
			       p + s->object_size, s->offset - s->object_size, true);
	dump_stack();
}

static void object_err(struct kmem_cache *s, struct slab *slab, u8 *obj, const char *reason)
{
	slab_bug(s, reason);
	print_trailer(s, slab, obj);
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
}

/* The kernel's check_bytes_and_report(): [start, end) must all be @value. */
static bool check_bytes(struct kmem_cache *s, struct slab *slab, u8 *obj, const char *what,
			u8 *start, u8 *end, u8 value)
{
	u8 *fault = start, *last;

	while (fault < end && *fault == value)
		fault++;
	if (fault == end)
		return true;
	last = end;
	while (last > fault && last[-1] == value)
		last--;
	{
		char buf[64];

		snprintf(buf, sizeof(buf), "%s overwritten", what);
		slab_bug(s, buf);
	}
	pr_err("%p-%p @offset=%lu. First byte 0x%x instead of 0x%x\n", (void *)fault,
	       (void *)(last - 1), (unsigned long)(fault - obj), *fault, value);
	print_trailer(s, slab, obj);
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
	pr_err("FIX %s: Restoring %s %p-%p=0x%x\n", s->name, what, (void *)fault,
	       (void *)(last - 1), value);
	memset(fault, value, (size_t)(last - fault));
	return false;
}

/* Red zone and poison of @obj as it is in state @red. */
static bool check_object(struct kmem_cache *s, struct slab *slab, u8 *obj, u8 red)
{
	bool ok = true;

	if (s->flags & SLAB_RED_ZONE)
		ok &= check_bytes(s, slab, obj, "Redzone", obj + s->object_size, obj + s->offset,
				  red);
	if ((s->flags & SLAB_POISON) && red == SLUB_RED_INACTIVE) {
		ok &= check_bytes(s, slab, obj, "Poison", obj, obj + s->object_size - 1,
				  POISON_FREE);
		ok &= check_bytes(s, slab, obj, "End Poison", obj + s->object_size - 1,
				  obj + s->object_size, POISON_END);
	}
	return ok;
}

/**
 * slab_debug_alloc - check and mark an object being allocated
 * @s: a debug cache
 * @slab: its slab
 * @obj: the object, just taken from the slab's freelist
 * @caller: the allocating code
 *
 * Context: the node's list_lock held.
 */
void slab_debug_alloc(struct kmem_cache *s, struct slab *slab, void *obj, unsigned long caller)
{
	check_object(s, slab, obj, SLUB_RED_INACTIVE);
	slab_debug_init_object(s, obj, SLUB_RED_ACTIVE);
	if (s->flags & SLAB_STORE_USER)
		set_track(s, obj, TRACK_ALLOC, caller);
}

/**
 * slab_debug_free - check an object being freed, then mark it free
 * @s: a debug cache
 * @slab: its slab
 * @obj: the object (a valid object start)
 * @caller: the freeing code
 *
 * Context: the node's list_lock held.
 * Return: false if it must not be freed (already free).
 */
bool slab_debug_free(struct kmem_cache *s, struct slab *slab, void *obj, unsigned long caller)
{
	unsigned int n = 0;

	lockdep_assert_held(&s->node[slab_nid(slab)]->list_lock);
	for (void *p = slab->freelist; p && n <= slab->objects; p = get_freepointer(s, p), n++) {
		if (p == obj) {
			object_err(s, slab, obj, "Object already free");
			return false;
		}
	}
	check_object(s, slab, obj, SLUB_RED_ACTIVE);
	if (s->flags & SLAB_STORE_USER)
		set_track(s, obj, TRACK_FREE, caller);
	slab_debug_init_object(s, obj, SLUB_RED_INACTIVE);
	return true;
}
