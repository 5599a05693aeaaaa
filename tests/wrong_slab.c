// SPDX-License-Identifier: MIT
/*
 * tests/wrong_slab.c - misuse of the slab allocator.  Each case expects the
 * kernel-style report and an allocator that is still consistent afterwards
 * (the harness checks invariants and leaks at the end of every case).
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "mm/slab.h"
#include "tests/kmm_test.h"

TEST(double_free_on_the_fast_path)
{
	struct kmem_cache *s;
	void *p;

	BOOT("mem=64M slab_nomerge"); /* not merged into kmalloc-64: the report names dfree */
	s = kmem_cache_create("dfree", 64, 0, 0, NULL);
	REQUIRE(s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	kmem_cache_free(s, p);
	kmem_cache_free(s, p);
	CHECK_DMESG("BUG dfree (");
	CHECK_DMESG("already free (double free)");
	CHECK_INVARIANTS();
	/* the freelist is intact: two allocations give two objects */
	{
		void *a = kmem_cache_alloc(s, GFP_KERNEL), *b = kmem_cache_alloc(s, GFP_KERNEL);

		REQUIRE(a && b);
		CHECK(a != b);
		kmem_cache_free(s, a);
		kmem_cache_free(s, b);
	}
	kmem_cache_destroy(s);
	CHECK(!dmesg_contains("still has objects"));
}

TEST(double_free_on_the_slow_path)
{
	void *p, *keep;

	BOOT("mem=64M");
	keep = kmalloc(100, GFP_KERNEL);
	p = kmalloc(100, GFP_KERNEL);
	REQUIRE(p && keep);
	kmem_cache_shrink_all(); /* the slab is no CPU's any more: frees take the slow path */
	kfree(p);
	kfree(p);
	CHECK_DMESG("BUG kmalloc-128 (");
	CHECK_DMESG("already free (double free)");
	CHECK_INVARIANTS();
	kfree(keep);
	kmem_cache_shrink_all();
	kfree(keep); /* the slab is gone: the page is free, not a slab */
	CHECK_DMESG("neither a slab object nor a large kmalloc block");
	CHECK_INVARIANTS();
}

TEST(free_of_a_pointer_inside_an_object)
{
	char *p;

	BOOT("mem=64M");
	p = kmalloc(64, GFP_KERNEL);
	REQUIRE(p);
	kfree(p + 8);
	CHECK_DMESG("BUG kmalloc-64 (");
	CHECK_DMESG("Invalid object pointer");
	CHECK_INVARIANTS();
	kfree(p); /* the object was not touched */
	p = kmalloc(64 * 1024, GFP_KERNEL);
	REQUIRE(p);
	kfree(p + PAGE_SIZE);
	CHECK_DMESG("neither a slab object nor a large kmalloc block");
	kfree(p);
}

TEST(free_to_the_wrong_cache)
{
	struct kmem_cache *a, *b;
	void *p;

	BOOT("mem=64M slab_nomerge"); /* else cache_a and cache_b are both kmalloc-32 */
	a = kmem_cache_create("cache_a", 32, 0, 0, NULL);
	b = kmem_cache_create("cache_b", 32, 0, 0, NULL);
	REQUIRE(a && b);
	p = kmem_cache_alloc(a, GFP_KERNEL);
	REQUIRE(p);
	kmem_cache_free(b, p);
	CHECK_DMESG("kmem_cache_free: Wrong slab cache. cache_b but object is from cache_a");
	CHECK_INVARIANTS();
	kmem_cache_destroy(a); /* p went back to cache_a */
	kmem_cache_destroy(b);
	CHECK(!dmesg_contains("still has objects"));
}

/*
 * The same bad frees of an object whose slab is not the CPU's active one:
 * the fast path would put it on the sheaf, so it must check it first.
 */
TEST(bad_frees_of_another_slabs_objects_are_caught_before_the_sheaf)
{
	struct kmem_cache *a, *b;
	char *p[3 * 64];
	int n;

	BOOT("mem=64M slab_nomerge");
	a = kmem_cache_create("cache_a", 64, 0, 0, NULL);
	b = kmem_cache_create("cache_b", 64, 0, 0, NULL);
	REQUIRE(a && b && 2 * a->objects < 3 * 64);
	n = 2 * (int)a->objects + 1; /* p[0] is in a slab that is no longer active */
	for (int i = 0; i < n; i++)
		REQUIRE((p[i] = kmem_cache_alloc(a, GFP_KERNEL)));
	REQUIRE(virt_to_slab(p[0]) != virt_to_slab(p[n - 1]));
	kmem_cache_free(a, p[0] + 8);
	CHECK_DMESG("Invalid object pointer");
	kmem_cache_free(b, p[1]);
	CHECK_DMESG("kmem_cache_free: Wrong slab cache. cache_b but object is from cache_a");
	CHECK_INVARIANTS();
	for (int i = 0; i < n; i++)
		if (i != 1) /* p[1] went back to cache_a */
			kmem_cache_free(a, p[i]);
	for (int i = 0; i < n; i++)
		REQUIRE((p[i] = kmalloc(64, GFP_KERNEL)));
	kfree(p[0] + 8);
	CHECK_DMESG("BUG kmalloc-64 (");
	CHECK_DMESG("Invalid object pointer");
	CHECK_INVARIANTS();
	for (int i = 0; i < n; i++)
		kfree(p[i]);
	CHECK_INVARIANTS();
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	CHECK(!dmesg_contains("still has objects"));
}

/* Frees of addresses in a memory hole below the end of lowmem (their struct pages read as zero). */
TEST(free_of_an_address_in_a_hole)
{
	struct kmem_cache *s;
	char *hole;

	BOOT("mem=256M memmap=8M#64M");
	s = kmem_cache_create("holey", 64, 0, 0, NULL);
	REQUIRE(s);
	hole = (char *)PAGE_OFFSET + (64UL << 20) + 128;
	REQUIRE(!pfn_valid(PFN_DOWN(64UL << 20)));
	kfree(hole);
	CHECK_DMESG("is not a kernel address");
	kmem_cache_free(s, hole);
	CHECK_DMESG("kmem_cache_free: Object is not a Slab page!");
	CHECK_INVARIANTS();
	kmem_cache_destroy(s);
}

TEST(destroying_an_alias_too_often_spares_the_kmalloc_cache)
{
	struct kmem_cache *s;
	void *p;

	BOOT("mem=64M");
	s = kmem_cache_create("alias64", 64, 0, 0, NULL); /* an alias of kmalloc-64 */
	REQUIRE(s);
	CHECK(!strcmp(s->name, "kmalloc-64"));
	kmem_cache_destroy(s);
	CHECK(!dmesg_contains("WARNING"));
	kmem_cache_destroy(s); /* one too many */
	CHECK_DMESG("kmem_cache_destroy kmalloc-64: a kmalloc cache is never destroyed");
	CHECK_EQ(s->refcount, 1);
	p = kmalloc(64, GFP_KERNEL); /* kmalloc-64 still works */
	REQUIRE(p);
	kfree(p);
	CHECK_INVARIANTS();
}

TEST(free_of_memory_that_is_not_the_kernels)
{
	int on_stack = 0;
	struct kmem_cache *s;
	struct page *page;

	BOOT("mem=64M");
	kfree(&on_stack);
	CHECK_DMESG("is not a kernel address");
	s = kmem_cache_create("not_mine", 32, 0, 0, NULL);
	REQUIRE(s);
	page = alloc_pages(GFP_KERNEL, 0);
	REQUIRE(page);
	kmem_cache_free(s, page_address(page));
	CHECK_DMESG("kmem_cache_free: Object is not a Slab page!");
	kfree(page_address(page));
	CHECK_DMESG("neither a slab object nor a large kmalloc block");
	__free_pages(page, 0);
	kmem_cache_destroy(s);
	CHECK_INVARIANTS();
}

TEST(undestroyed_cache_is_named_at_shutdown)
{
	BOOT("mem=64M");
	REQUIRE(kmem_cache_create("forgotten", 40, 0, SLAB_NO_MERGE, NULL));
	REQUIRE(kmem_cache_create("merged", 32, 0, 0, NULL)); /* an alias of kmalloc-32 */
	CHECK_EQ(kmm_shutdown(), 0); /* empty: destroyed for the caller, no pages leak */
	CHECK_DMESG("kmem_cache forgotten was not destroyed");
	CHECK_DMESG("kmem_cache kmalloc-32: 1 merged caches were not destroyed");
}

TEST(leaked_kmalloc_is_reported_at_shutdown)
{
	void *p;

	BOOT("mem=64M");
	p = kmalloc(500, GFP_KERNEL);
	REQUIRE(p);
	CHECK(kmm_shutdown() > 0);
	CHECK_DMESG("Objects remaining in kmalloc-512 on __kmem_cache_shutdown()");
}

/* ------------------------------------------------------------- slab_debug */

TEST(redzone_overwrite_is_reported_and_repaired)
{
	struct kmem_cache *s;
	char *p;

	BOOT("mem=64M");
	s = kmem_cache_create("rz", 60, 0, SLAB_RED_ZONE | SLAB_STORE_USER, NULL);
	REQUIRE(s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	p[61] = 0x41; /* one byte past the end, and one more */
	kmem_cache_free(s, p);
	CHECK_DMESG("BUG rz (");
	CHECK_DMESG("): Redzone overwritten");
	CHECK_DMESG("First byte 0x41 instead of 0xcc");
	CHECK_DMESG("Allocated in ");
	CHECK_DMESG("Object   ");
	CHECK_DMESG("Redzone  ");
	CHECK_DMESG("FIX rz: Restoring Redzone");
	CHECK_INVARIANTS();
	p = kmem_cache_alloc(s, GFP_KERNEL); /* repaired: no second report */
	REQUIRE(p);
	kmem_cache_free(s, p);
	CHECK_EQ(dmesg_count("Redzone overwritten"), 1);
	kmem_cache_destroy(s);
	CHECK(!dmesg_contains("still has objects"));
}

TEST(write_after_free_is_caught_by_poisoning)
{
	struct kmem_cache *s;
	char *p, *q;

	BOOT("mem=64M");
	s = kmem_cache_create("poisoned", 100, 0, SLAB_POISON | SLAB_STORE_USER, NULL);
	REQUIRE(s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	kmem_cache_free(s, p);
	p[10] = 0x11; /* use after free */
	q = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(q);
	CHECK(q == p); /* the freelist is LIFO */
	CHECK_DMESG("BUG poisoned (");
	CHECK_DMESG("Poison overwritten");
	CHECK_DMESG("First byte 0x11 instead of 0x6b");
	CHECK_DMESG("Freed in ");
	CHECK_DMESG("FIX poisoned: Restoring Poison");
	kmem_cache_free(s, q);
	kmem_cache_destroy(s);
}

TEST(double_free_in_a_debug_cache_is_found_anywhere_on_the_freelist)
{
	struct kmem_cache *s;
	void *a, *b;

	BOOT("mem=64M");
	s = kmem_cache_create("dbg_dfree", 32, 0, SLAB_CONSISTENCY_CHECKS, NULL);
	REQUIRE(s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(a && b);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	kmem_cache_free(s, a); /* not at the head of the freelist */
	CHECK_DMESG("BUG dbg_dfree (");
	CHECK_DMESG("Object already free");
	CHECK_INVARIANTS();
	kmem_cache_destroy(s);
	CHECK(!dmesg_contains("still has objects"));
}

TEST(slab_debug_option_for_kmalloc_64)
{
	char *p;

	BOOT("mem=64M slab_debug=FZPU,kmalloc-64");
	p = kmalloc(64, GFP_KERNEL);
	REQUIRE(p);
	CHECK(virt_to_slab(p)->slab_cache->flags & SLAB_RED_ZONE);
	p[64] = 0; /* overflow */
	kfree(p);
	CHECK_DMESG("BUG kmalloc-64 (");
	CHECK_DMESG("Redzone overwritten");
	CHECK_DMESG("FIX kmalloc-64: Restoring Redzone");
	p = kmalloc(128, GFP_KERNEL); /* kmalloc-128 has no debugging */
	REQUIRE(p);
	CHECK(!(virt_to_slab(p)->slab_cache->flags & SLAB_DEBUG_FLAGS));
	kfree(p);
	kmm_shutdown();
	BOOT("mem=64M slub_debug=FX"); /* unknown letters are skipped, as in the kernel */
	CHECK_DMESG("slab_debug option 'X' unknown");
}

TEST(sleeping_allocation_under_a_spinlock_is_reported)
{
	static DEFINE_SPINLOCK(lock);
	void *p;

	BOOT("mem=64M");
	spin_lock(&lock);
	p = kmalloc(100, GFP_KERNEL);
	spin_unlock(&lock);
	CHECK_DMESG("sleeping function called from invalid context");
	kfree(p);
}
