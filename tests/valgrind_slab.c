// SPDX-License-Identifier: MIT
/*
 * tests/valgrind_slab.c - slab objects under Valgrind's memcheck (mm/slab.h,
 * "Memory checkers").  Run by tests/valgrind_slab.sh under valgrind:
 *
 *   valgrind_slab clean            every clean_* case: memcheck must report
 *                                  no error at all (the allocator's own
 *                                  accesses to free objects are allowed)
 *   valgrind_slab use_after_free   reads a freed object: memcheck must
 *                                  report "Invalid read" in a freed block
 *
 * Machines are small (mem=32M, one or two CPUs): Valgrind is slow.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/shrinker.h>
#include <linux/slab.h>

#include "tests/kmm_test.h"

struct vg_obj {
	long id;
	char text[48]; /* 56 bytes: a cache of its own (SLAB_NO_MERGE) or kmalloc-64 */
};

static void vg_ctor(void *p)
{
	struct vg_obj *o = p;

	o->id = -1;
	strcpy(o->text, "constructed");
}

/* Allocate, write, read back and free objects of @s, @n at a time, twice. */
static void churn(struct kmem_cache *s, int n, bool has_ctor)
{
	struct vg_obj *objs[200];
	long sum = 0;

	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < n; i++) {
			objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
			REQUIRE(objs[i]);
			if (has_ctor)
				CHECK(objs[i]->id == -1 && !strcmp(objs[i]->text, "constructed"));
			objs[i]->id = i;
			snprintf(objs[i]->text, sizeof(objs[i]->text), "object %d", i);
		}
		for (int i = 0; i < n; i++)
			sum += objs[i]->id + objs[i]->text[0];
		for (int i = n - 1; i >= 0; i--) {
			if (has_ctor)
				vg_ctor(objs[i]); /* back to the constructed state */
			kmem_cache_free(s, objs[i]);
		}
	}
	CHECK(sum > 0);
}

TEST(clean_caches_kmalloc_and_shrinking)
{
	struct kmem_cache *plain, *ctor, *debug, *alias;
	char *p;

	BOOT("mem=32M nr_cpus=2");
	plain = kmem_cache_create("vg_plain", sizeof(struct vg_obj), 0, SLAB_NO_MERGE, NULL);
	ctor = kmem_cache_create("vg_ctor", sizeof(struct vg_obj), 0, 0, vg_ctor);
	debug = kmem_cache_create("vg_debug", sizeof(struct vg_obj), 0,
				  SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER, NULL);
	alias = kmem_cache_create("vg_alias", sizeof(struct vg_obj), 0, 0, NULL);
	REQUIRE(plain && ctor && debug && alias);
	churn(plain, 200, false); /* several slabs: CPU and node lists, frees to non-CPU slabs */
	churn(ctor, 200, true);
	churn(debug, 50, false);
	churn(alias, 100, false);
	p = kmem_cache_zalloc(plain, GFP_KERNEL);
	REQUIRE(p);
	for (size_t i = 0; i < sizeof(struct vg_obj); i++)
		CHECK_EQ(p[i], 0);
	kmem_cache_free(plain, p);
	for (size_t size = 8; size <= 16384; size *= 2) {
		p = kmalloc(size, GFP_KERNEL);
		REQUIRE(p);
		memset(p, 0x5a, size);
		CHECK_EQ(p[size - 1], 0x5a);
		p = krealloc(p, size + 100, GFP_KERNEL);
		REQUIRE(p);
		CHECK_EQ(p[size - 1], 0x5a);
		kfree(p);
	}
	CHECK_INVARIANTS();			  /* walks every freelist */
	shrink_slab(GFP_KERNEL, 0, DEF_PRIORITY); /* frees slabs on each CPU */
	kmem_cache_shrink(plain);
	churn(plain, 20, false); /* new slabs after the old ones went back */
	kmem_cache_destroy(alias);
	kmem_cache_destroy(debug);
	kmem_cache_destroy(ctor);
	kmem_cache_destroy(plain);
}

TEST(use_after_free_read)
{
	struct kmem_cache *s;
	volatile char *p;
	char c;

	BOOT("mem=32M nr_cpus=1");
	s = kmem_cache_create("vg_uaf", 64, 0, SLAB_NO_MERGE, NULL);
	REQUIRE(s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	p[5] = 'x';
	kmem_cache_free(s, (void *)p);
	c = p[5]; /* memcheck: Invalid read of size 1, inside a block of size 64 free'd */
	(void)c;
	kmem_cache_destroy(s);
}
