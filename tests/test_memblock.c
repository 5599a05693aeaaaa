// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock.c - memblock and the legacy bootmem API.
 *
 * Most cases use memblock as pure bookkeeping: they call memblock_reset(),
 * never boot, and only use the physical-address calls (there is no direct
 * map without a machine).  The cases that need memory (memblock_alloc(),
 * alloc_bootmem*()) run inside kmm_boot_with_hook(), where memblock holds
 * the machine and the buddy allocator does not exist yet; the last ones boot
 * normally and look at memblock after the hand-over.
 */
#include "tests/kmm_test.h"

#include <linux/bootmem.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/sizes.h>

#include "mm/internal.h"

#define K(x) ((phys_addr_t)(x) << 10)
#define M(x) ((phys_addr_t)(x) << 20)

struct rr {
	phys_addr_t base, size;
};

/* Compare a region list with the expected (base, size) pairs. */
static void check_regions(const char *file, int line, const struct memblock_type *t,
			  const struct rr *exp, size_t n)
{
	if (t->cnt != n) {
		kmm_test_fail(file, line, "%s has %lu regions, expected %zu", t->name, t->cnt, n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (t->regions[i].base != exp[i].base || t->regions[i].size != exp[i].size)
			kmm_test_fail(
				file, line, "%s[%zu] is [%#llx+%#llx], expected [%#llx+%#llx]",
				t->name, i, (unsigned long long)t->regions[i].base,
				(unsigned long long)t->regions[i].size,
				(unsigned long long)exp[i].base, (unsigned long long)exp[i].size);
}

#define CHECK_REGIONS(type, ...)                                                  \
	check_regions(__FILE__, __LINE__, type, (const struct rr[]){__VA_ARGS__}, \
		      sizeof((const struct rr[]){__VA_ARGS__}) / sizeof(struct rr))
#define CHECK_EMPTY(type) check_regions(__FILE__, __LINE__, type, NULL, 0)
#define CHECK_MB_INVARIANTS() CHECK_EQ(memblock_check_invariants(), 0)

/* ---------------------------------------------------------------------------
 * Bookkeeping: adding, removing, reserving
 * ------------------------------------------------------------------------- */

TEST(add_merges_adjacent)
{
	memblock_reset();
	CHECK_EQ(memblock_add(M(1), M(1)), 0);
	CHECK_EQ(memblock_add(M(2), M(1)), 0);
	CHECK_REGIONS(&memblock.memory, {M(1), M(2)});
	CHECK_EQ(memblock_add(M(5), M(1)), 0);
	CHECK_EQ(memblock_add(0, M(1)), 0);
	CHECK_REGIONS(&memblock.memory, {0, M(3)}, {M(5), M(1)});
	CHECK_EQ(memblock_phys_mem_size(), M(4));
	CHECK_EQ(memblock_start_of_DRAM(), 0);
	CHECK_EQ(memblock_end_of_DRAM(), M(6));
	CHECK_MB_INVARIANTS();
}

TEST(add_overlapping_adds_only_the_missing_parts)
{
	memblock_reset();
	memblock_add(M(1), M(1));
	memblock_add(M(3), M(1));
	memblock_add(M(5), M(1));
	/* covers the middle region and overlaps both others */
	CHECK_EQ(memblock_add(M(1) + K(512), M(4)), 0);
	CHECK_REGIONS(&memblock.memory, {M(1), M(5)});
	CHECK_EQ(memblock_phys_mem_size(), M(5));
	CHECK_MB_INVARIANTS();
	/* entirely inside: nothing changes */
	CHECK_EQ(memblock_add(M(2), K(4)), 0);
	CHECK_REGIONS(&memblock.memory, {M(1), M(5)});
	CHECK_EQ(memblock_phys_mem_size(), M(5));
	/* a range covering several regions and the gaps around them */
	memblock_reset();
	memblock_add(M(2), M(1));
	memblock_add(M(4), M(1));
	CHECK_EQ(memblock_add(0, M(8)), 0);
	CHECK_REGIONS(&memblock.memory, {0, M(8)});
	CHECK_EQ(memblock_phys_mem_size(), M(8));
	CHECK_MB_INVARIANTS();
}

TEST(overlap_keeps_existing_nid_and_flags)
{
	memblock_reset();
	CHECK_EQ(memblock_add_node(M(4), M(4), 1, MEMBLOCK_NONE), 0);
	CHECK_EQ(memblock_add_node(0, M(16), 0, MEMBLOCK_NONE), 0);
	CHECK_REGIONS(&memblock.memory, {0, M(4)}, {M(4), M(4)}, {M(8), M(8)});
	CHECK_EQ(memblock.memory.regions[0].nid, 0);
	CHECK_EQ(memblock.memory.regions[1].nid, 1);
	CHECK_EQ(memblock.memory.regions[2].nid, 0);
	CHECK_MB_INVARIANTS();
}

TEST(node_aware_add_and_set_node)
{
	memblock_reset();
	CHECK_EQ(memblock_add_node(0, M(4), 0, MEMBLOCK_NONE), 0);
	CHECK_EQ(memblock_add_node(M(4), M(4), 1, MEMBLOCK_NONE), 0);
	CHECK_REGIONS(&memblock.memory, {0, M(4)}, {M(4), M(4)}); /* nids differ */
	CHECK_EQ(memblock_set_node(M(2), M(4), &memblock.memory, 1), 0);
	CHECK_REGIONS(&memblock.memory, {0, M(2)}, {M(2), M(6)});
	CHECK_EQ(memblock_get_region_node(&memblock.memory.regions[0]), 0);
	CHECK_EQ(memblock_get_region_node(&memblock.memory.regions[1]), 1);
	CHECK_MB_INVARIANTS();
	CHECK_EQ(memblock_set_node(0, M(8), &memblock.memory, 0), 0);
	CHECK_REGIONS(&memblock.memory, {0, M(8)});
	CHECK_EQ(memblock.memory.regions[0].nid, 0);
	/* memblock_add() leaves the node unknown */
	memblock_reset();
	memblock_add(0, M(1));
	CHECK_EQ(memblock.memory.regions[0].nid, MAX_NUMNODES);
	CHECK_MB_INVARIANTS();
}

TEST(remove_splits_a_region)
{
	memblock_reset();
	memblock_add(0, M(16));
	CHECK_EQ(memblock_remove(M(4), M(4)), 0);
	CHECK_REGIONS(&memblock.memory, {0, M(4)}, {M(8), M(8)});
	CHECK_MB_INVARIANTS();
	/* across the hole and into both neighbours */
	CHECK_EQ(memblock_remove(M(2), M(8)), 0);
	CHECK_REGIONS(&memblock.memory, {0, M(2)}, {M(10), M(6)});
	CHECK_EQ(memblock_phys_mem_size(), M(8));
	/* a range with nothing in it */
	CHECK_EQ(memblock_remove(M(4), M(4)), 0);
	CHECK_REGIONS(&memblock.memory, {0, M(2)}, {M(10), M(6)});
	CHECK_EQ(memblock_remove(0, M(64)), 0);
	CHECK_EMPTY(&memblock.memory);
	CHECK_EQ(memblock_phys_mem_size(), 0);
	CHECK_MB_INVARIANTS();
}

TEST(reserve_and_free_split)
{
	memblock_reset();
	memblock_add(0, M(16));
	CHECK_EQ(memblock_reserve(M(1), M(4)), 0);
	CHECK_EQ(memblock_phys_free(M(2), M(1)), 0);
	CHECK_REGIONS(&memblock.reserved, {M(1), M(1)}, {M(3), M(2)});
	CHECK_EQ(memblock_reserved_size(), M(3));
	CHECK(memblock_is_reserved(M(1)));
	CHECK(!memblock_is_reserved(M(2)));
	CHECK(memblock_is_reserved(M(5) - 1));
	CHECK(!memblock_is_reserved(M(5)));
	CHECK(memblock_is_region_reserved(M(2), M(1) + 1));
	CHECK(!memblock_is_region_reserved(M(2), M(1)));
	CHECK_MB_INVARIANTS();
	/* reserving the hole again merges everything back */
	CHECK_EQ(memblock_reserve(M(2), M(1)), 0);
	CHECK_REGIONS(&memblock.reserved, {M(1), M(4)});
	/* reservations may lie outside memory */
	CHECK_EQ(memblock_reserve(M(32), M(1)), 0);
	CHECK(memblock_is_reserved(M(32)));
	CHECK(!memblock_is_memory(M(32)));
	CHECK_MB_INVARIANTS();
}

TEST(size_zero_is_a_no_op)
{
	memblock_reset();
	CHECK_EQ(memblock_add(M(1), 0), 0);
	CHECK_EQ(memblock_reserve(M(1), 0), 0);
	CHECK_EMPTY(&memblock.memory);
	CHECK_EMPTY(&memblock.reserved);
	memblock_add(0, M(4));
	memblock_reserve(M(1), M(1));
	CHECK_EQ(memblock_remove(M(2), 0), 0);
	CHECK_EQ(memblock_phys_free(M(1) + K(4), 0), 0);
	CHECK_EQ(memblock_set_node(M(1), 0, &memblock.memory, 0), 0);
	CHECK_REGIONS(&memblock.memory, {0, M(4)});
	CHECK_REGIONS(&memblock.reserved, {M(1), M(1)});
	CHECK_MB_INVARIANTS();
}

TEST(wrap_around_is_clamped)
{
	memblock_reset();
	CHECK_EQ(memblock_add(PHYS_ADDR_MAX - K(4) + 1, K(8)), 0);
	CHECK_REGIONS(&memblock.memory, {PHYS_ADDR_MAX - K(4) + 1, K(4) - 1});
	CHECK_EQ(memblock_end_of_DRAM(), PHYS_ADDR_MAX);
	CHECK_EQ(memblock_reserve(PHYS_ADDR_MAX - 10, 100), 0);
	CHECK_REGIONS(&memblock.reserved, {PHYS_ADDR_MAX - 10, 10});
	CHECK_MB_INVARIANTS();
	CHECK_EQ(memblock_remove(PHYS_ADDR_MAX - K(2), PHYS_ADDR_MAX), 0);
	CHECK_REGIONS(&memblock.memory, {PHYS_ADDR_MAX - K(4) + 1, K(2) - 1});
	CHECK_EQ(memblock_add(0, PHYS_ADDR_MAX), 0);
	CHECK_REGIONS(&memblock.memory, {0, PHYS_ADDR_MAX});
	CHECK_MB_INVARIANTS();
}

/* Regions [from, cnt) are [M(2 * k), M(1)) for k = from + shift .. */
static bool every_other_mb(unsigned long from, long shift)
{
	for (unsigned long k = from; k < memblock.memory.cnt; k++)
		if (memblock.memory.regions[k].base != M(2 * ((long)k + shift)) ||
		    memblock.memory.regions[k].size != M(1))
			return false;
	return true;
}

TEST(full_region_array_fails_with_state_intact)
{
	int i;

	memblock_reset();
	for (i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		CHECK_EQ(memblock_add(M(2 * i), M(1)), 0);
	CHECK_EQ(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS);
	CHECK_EQ(memblock_add(M(2 * i), M(1)), -ENOMEM);
	CHECK_DMESG("memblock: memory array is full");
	/* a split needs a region too */
	CHECK_EQ(memblock_remove(K(256), K(512)), -ENOMEM);
	CHECK_EQ(memblock_mark_nomap(K(256), K(4)), -ENOMEM);
	CHECK_EQ(memblock_set_node(K(256), K(4), &memblock.memory, 0), -ENOMEM);
	CHECK_EQ(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS);
	CHECK_EQ(memblock_phys_mem_size(), M(INIT_MEMBLOCK_REGIONS));
	CHECK(every_other_mb(0, 0));
	CHECK_MB_INVARIANTS();
	/* no split needed: removing a whole region, or a merging add, still works */
	CHECK_EQ(memblock_remove(M(4), M(1)), 0);
	CHECK_EQ(memblock_add(M(1), M(1)), 0);
	CHECK_EQ(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS - 2);
	CHECK_EQ(memblock.memory.regions[0].base, 0);
	CHECK_EQ(memblock.memory.regions[0].size, M(3));
	CHECK(every_other_mb(1, 2));
	CHECK_EQ(memblock_phys_mem_size(), M(INIT_MEMBLOCK_REGIONS));
	CHECK_MB_INVARIANTS();
	/* the reserved array has its own limit */
	for (i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		CHECK_EQ(memblock_reserve(K(8 * i), K(4)), 0);
	CHECK_EQ(memblock_reserve(K(8 * i), K(4)), -ENOMEM);
	CHECK_EQ(memblock_reserved_size(), K(4 * INIT_MEMBLOCK_REGIONS));
	CHECK_DMESG("memblock: reserved array is full");
	CHECK_MB_INVARIANTS();
}

/* ---------------------------------------------------------------------------
 * Bookkeeping: physical allocation
 * ------------------------------------------------------------------------- */

TEST(top_down_picks_the_highest_fit)
{
	memblock_reset();
	memblock_add(0, M(64));
	memblock_reserve(M(60), M(4));
	CHECK_EQ(memblock_phys_alloc(M(1), K(4)), M(59));
	CHECK_EQ(memblock_phys_alloc(K(4), K(4)), M(59) - K(4));
	CHECK_REGIONS(&memblock.reserved, {M(59) - K(4), M(5) + K(4)});
	CHECK_MB_INVARIANTS();
}

TEST(bottom_up_picks_the_lowest_fit)
{
	memblock_reset();
	memblock_add(0, M(64));
	memblock_set_bottom_up(true);
	CHECK(memblock_bottom_up());
	/* page 0 is never handed out */
	CHECK_EQ(memblock_phys_alloc(K(4), K(4)), K(4));
	memblock_reserve(0, M(1));
	CHECK_EQ(memblock_phys_alloc(K(4), K(4)), M(1));
	CHECK_EQ(memblock_phys_alloc(K(8), K(4)), M(1) + K(4));
	CHECK_REGIONS(&memblock.reserved, {0, M(1) + K(12)});
	CHECK_MB_INVARIANTS();
}

TEST(alignment)
{
	memblock_reset();
	memblock_add(0, M(64));
	memblock_reserve(M(63) + 100, M(1));
	/* top-down: the end is rounded down to the alignment */
	CHECK_EQ(memblock_phys_alloc(M(1), M(2)), M(62));
	CHECK_EQ(memblock_phys_alloc(100, 64), M(63)); /* the 100 bytes below the reservation */
	/* bottom-up: the start is rounded up */
	memblock_set_bottom_up(true);
	memblock_reserve(0, M(1) + 1);
	CHECK_EQ(memblock_phys_alloc(K(4), K(64)), M(1) + K(64));
	CHECK_EQ(memblock_phys_alloc(1, 1), M(1) + 1);
	CHECK_MB_INVARIANTS();
}

TEST(align_zero_warns_and_uses_cache_line)
{
	phys_addr_t a, b;

	memblock_reset();
	memblock_add(0, M(64));
	a = memblock_phys_alloc(10, 0);
	b = memblock_phys_alloc(10, 0);
	CHECK(a && b);
	CHECK_EQ(a % SMP_CACHE_BYTES, 0);
	CHECK_EQ(b % SMP_CACHE_BYTES, 0);
	CHECK_EQ(a - b, SMP_CACHE_BYTES);
	CHECK_EQ(dmesg_count("allocation with align 0"), 1);
	CHECK_MB_INVARIANTS();
}

TEST(min_max_and_current_limit)
{
	memblock_reset();
	memblock_add(0, M(64));
	CHECK_EQ(memblock_phys_alloc_range(M(1), K(4), M(8), M(16)), M(15));
	memblock_set_bottom_up(true);
	CHECK_EQ(memblock_phys_alloc_range(M(1), K(4), M(8), M(16)), M(8));
	memblock_set_bottom_up(false);
	/* a range too small for the request */
	CHECK_EQ(memblock_phys_alloc_range(M(2), K(4), M(9), M(10)), 0);
	memblock_set_current_limit(M(32));
	CHECK_EQ(memblock_get_current_limit(), M(32));
	CHECK_EQ(memblock_phys_alloc(M(1), K(4)), M(31));
	CHECK_EQ(memblock_phys_alloc_try_nid(M(1), K(4), NUMA_NO_NODE), M(30));
	/* an explicit end may go past the current limit; ANYWHERE has none */
	CHECK_EQ(memblock_phys_alloc_range(M(1), K(4), 0, M(48)), M(47));
	CHECK_EQ(memblock_phys_alloc_range(M(1), K(4), 0, MEMBLOCK_ALLOC_ANYWHERE), M(63));
	CHECK_MB_INVARIANTS();
}

TEST(allocation_skips_reserved)
{
	memblock_reset();
	memblock_add(0, M(16));
	memblock_reserve(M(8), M(8));
	memblock_reserve(M(2), M(5));
	/* [7M, 8M) is too small; [4K, 2M) fits */
	CHECK_EQ(memblock_phys_alloc(K(1536), K(4)), K(512));
	CHECK_EQ(memblock_phys_alloc(M(1), K(4)), M(7));
	CHECK_MB_INVARIANTS();
}

TEST(failure_returns_zero_and_changes_nothing)
{
	memblock_reset();
	CHECK_EQ(memblock_phys_alloc(K(4), K(4)), 0); /* no memory at all */
	memblock_add(0, M(4));
	memblock_reserve(M(1), M(1));
	CHECK_EQ(memblock_phys_alloc(M(3), K(4)), 0);
	CHECK_EQ(memblock_phys_alloc_try_nid(M(3), K(4), 0), 0);
	CHECK_REGIONS(&memblock.reserved, {M(1), M(1)});
	CHECK_EQ(memblock_reserved_size(), M(1));
	CHECK_MB_INVARIANTS();
}

TEST(try_nid_falls_back_to_another_node)
{
	memblock_reset();
	memblock_add_node(0, M(32), 0, MEMBLOCK_NONE);
	memblock_add_node(M(32), M(32), 1, MEMBLOCK_NONE);
	CHECK_EQ(memblock_phys_alloc_try_nid(M(1), K(4), 0), M(31));
	CHECK_EQ(memblock_phys_alloc_try_nid(M(1), K(4), 1), M(63));
	memblock_reserve(M(32), M(31));
	CHECK_EQ(memblock_phys_alloc_try_nid(M(1), K(4), 1), M(30));
	/* exact_nid does not fall back */
	CHECK_EQ(memblock_alloc_range_nid(M(1), K(4), 0, MEMBLOCK_ALLOC_ANYWHERE, 1, true), 0);
	CHECK_EQ(memblock_alloc_range_nid(M(1), K(4), 0, MEMBLOCK_ALLOC_ANYWHERE, 0, true), M(29));
	CHECK_MB_INVARIANTS();
}

TEST(mirrored_memory_is_preferred)
{
	memblock_reset();
	memblock_add(0, M(64));
	CHECK_EQ(memblock_mark_mirror(M(8), M(8)), 0);
	CHECK_REGIONS(&memblock.memory, {0, M(8)}, {M(8), M(8)}, {M(16), M(48)});
	CHECK_EQ(memblock_phys_alloc(M(4), K(4)), M(12));
	CHECK_EQ(memblock_phys_alloc(M(4), K(4)), M(8));
	/* mirrored memory is used up: a warning, then any memory */
	CHECK_EQ(memblock_phys_alloc(M(4), K(4)), M(60));
	CHECK_DMESG("Could not allocate");
	CHECK_MB_INVARIANTS();
}

TEST(nomap_memory_is_never_allocated)
{
	memblock_reset();
	memblock_add(0, M(16));
	CHECK_EQ(memblock_mark_nomap(M(8), M(8)), 0);
	CHECK(memblock_is_memory(M(12)));
	CHECK(!memblock_is_map_memory(M(12)));
	CHECK(memblock_is_map_memory(M(4)));
	CHECK_EQ(memblock_phys_alloc(M(1), K(4)), M(7));
	CHECK_EQ(memblock_clear_nomap(M(8), M(8)), 0);
	CHECK_REGIONS(&memblock.memory, {0, M(16)});
	CHECK_EQ(memblock_phys_alloc(M(1), K(4)), M(15));
	CHECK_MB_INVARIANTS();
}

TEST(queries)
{
	unsigned long s, e;

	memblock_reset();
	CHECK_EQ(memblock_start_of_DRAM(), 0);
	CHECK_EQ(memblock_end_of_DRAM(), 0);
	memblock_add_node(M(1), M(3), 2, MEMBLOCK_NONE);
	memblock_add_node(M(8), M(8), 3, MEMBLOCK_NONE);
	CHECK_EQ(memblock_start_of_DRAM(), M(1));
	CHECK_EQ(memblock_end_of_DRAM(), M(16));
	CHECK(!memblock_is_memory(M(1) - 1));
	CHECK(memblock_is_memory(M(1)));
	CHECK(!memblock_is_memory(M(4)));
	CHECK(memblock_is_region_memory(M(1), M(3)));
	CHECK(!memblock_is_region_memory(M(1), M(3) + 1));
	CHECK(!memblock_is_region_memory(M(3), M(6)));
	CHECK_EQ(memblock_search_pfn_nid(PHYS_PFN(M(9)), &s, &e), 3);
	CHECK_EQ(s, PHYS_PFN(M(8)));
	CHECK_EQ(e, PHYS_PFN(M(16)));
	CHECK_EQ(memblock_search_pfn_nid(PHYS_PFN(M(5)), &s, &e), -1);
	CHECK_MB_INVARIANTS();
}

/* ---------------------------------------------------------------------------
 * Bookkeeping: iterators and reports
 * ------------------------------------------------------------------------- */

struct range {
	phys_addr_t start, end;
	int nid;
};

static int collect_free(struct range *out, int max, int nid, bool reverse)
{
	phys_addr_t s, e;
	int n = 0, rnid;
	u64 i;

	if (reverse) {
		for_each_free_mem_range_reverse(i, nid, MEMBLOCK_NONE, &s, &e, &rnid)
			if (n < max)
				out[n++] = (struct range){s, e, rnid};
	} else {
		for_each_free_mem_range(i, nid, MEMBLOCK_NONE, &s, &e, &rnid)
			if (n < max)
				out[n++] = (struct range){s, e, rnid};
	}
	return n;
}

static void setup_two_nodes(void)
{
	memblock_reset();
	memblock_add_node(0, M(16), 0, MEMBLOCK_NONE);
	memblock_add_node(M(32), M(16), 1, MEMBLOCK_NONE);
	memblock_reserve(0, K(4));
	memblock_reserve(M(4), M(4));
	memblock_reserve(M(40), M(16));
	memblock_reserve(M(64), M(1)); /* outside memory */
}

TEST(for_each_free_mem_range_output)
{
	const struct range want[] = {{K(4), M(4), 0}, {M(8), M(16), 0}, {M(32), M(40), 1}};
	struct range got[8];
	int n;

	setup_two_nodes();
	n = collect_free(got, 8, NUMA_NO_NODE, false);
	CHECK_EQ(n, 3);
	for (int i = 0; i < n && i < 3; i++) {
		CHECK_EQ(got[i].start, want[i].start);
		CHECK_EQ(got[i].end, want[i].end);
		CHECK_EQ(got[i].nid, want[i].nid);
	}
	n = collect_free(got, 8, NUMA_NO_NODE, true);
	CHECK_EQ(n, 3);
	for (int i = 0; i < n && i < 3; i++) {
		CHECK_EQ(got[i].start, want[2 - i].start);
		CHECK_EQ(got[i].end, want[2 - i].end);
	}
	n = collect_free(got, 8, 1, false);
	CHECK_EQ(n, 1);
	CHECK_EQ(got[0].start, M(32));
	CHECK_EQ(got[0].end, M(40));
	n = collect_free(got, 8, 0, true);
	CHECK_EQ(n, 2);
	CHECK_EQ(got[0].start, M(8));
	CHECK_EQ(got[1].start, K(4));
	CHECK_MB_INVARIANTS();
}

TEST(free_range_iterators_with_many_gaps)
{
	phys_addr_t s, e, sum = 0, rsum = 0, prev = 0;
	int n = 0, rn = 0;
	u64 i;

	memblock_reset();
	memblock_add(0, M(8));
	memblock_add(M(9), M(7));
	for (int k = 0; k < 40; k++)
		memblock_reserve(K(100) * k + K(4) * (k % 3), K(4) * (k % 5));
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL) {
		CHECK(s < e);
		CHECK(s >= prev);
		CHECK(!memblock_is_reserved(s) && !memblock_is_reserved(e - 1));
		CHECK(memblock_is_memory(s) && memblock_is_memory(e - 1));
		prev = e;
		sum += e - s;
		n++;
	}
	prev = PHYS_ADDR_MAX;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL) {
		CHECK(e <= prev);
		prev = s;
		rsum += e - s;
		rn++;
	}
	CHECK_EQ(n, rn);
	CHECK_EQ(sum, rsum);
	CHECK_EQ(sum, memblock_phys_mem_size() - memblock_reserved_size());
	CHECK_MB_INVARIANTS();
}

TEST(memory_and_reserved_iterators)
{
	phys_addr_t s, e;
	unsigned long ps, pe;
	struct memblock_region *r;
	int n, nid;
	u64 i;

	setup_two_nodes();
	memblock_add_node(M(20) + 100, K(8), 0, MEMBLOCK_NONE); /* one whole page */
	memblock_add_node(M(24) + 100, K(4), 0, MEMBLOCK_NONE); /* no whole page */
	n = 0;
	for_each_mem_range(i, &s, &e)
		n++;
	CHECK_EQ(n, 4);
	n = 0;
	for_each_reserved_mem_range(i, &s, &e) {
		if (n == 3) {
			CHECK_EQ(s, M(64));
			CHECK_EQ(e, M(65));
		}
		n++;
	}
	CHECK_EQ(n, 4);
	n = 0;
	for_each_mem_pfn_range(n, MAX_NUMNODES, &ps, &pe, &nid)
		CHECK(ps < pe);
	n = 0;
	{
		int k;

		for_each_mem_pfn_range(k, 0, &ps, &pe, &nid) {
			CHECK_EQ(nid, 0);
			n++;
		}
	}
	CHECK_EQ(n, 2); /* [0, 16M) and the one-page region */
	n = 0;
	for_each_mem_region(r)
		n++;
	CHECK_EQ(n, 4);
	n = 0;
	for_each_reserved_mem_region(r)
		n++;
	CHECK_EQ(n, 4);
	CHECK_MB_INVARIANTS();
}

static char *show(const char *which, int *ret)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	*ret = memblock_debug_show(which, f);
	fclose(f);
	return buf;
}

TEST(debug_show_format)
{
	char *text;
	int ret;

	memblock_reset();
	memblock_add_node(0, M(16), 0, MEMBLOCK_NONE);
	memblock_add_node(M(16), M(16), 1, MEMBLOCK_NONE);
	memblock_add(M(64), M(1));
	memblock_mark_nomap(M(16), M(4));
	memblock_mark_hotplug(M(24), M(8));
	memblock_mark_mirror(M(28), M(4));
	memblock_reserve(0, K(4));
	memblock_reserve(M(1), M(1));
	text = show("memory", &ret);
	CHECK_EQ(ret, 0);
	CHECK(text &&
	      !strcmp(text, "   0: 0x0000000000000000..0x0000000000ffffff    0 NONE\n"
			    "   1: 0x0000000001000000..0x00000000013fffff    1 NOMAP\n"
			    "   2: 0x0000000001400000..0x00000000017fffff    1 NONE\n"
			    "   3: 0x0000000001800000..0x0000000001bfffff    1 HOTPLUG\n"
			    "   4: 0x0000000001c00000..0x0000000001ffffff    1 HOTPLUG|MIRROR\n"
			    "   5: 0x0000000004000000..0x00000000040fffff    x NONE\n"));
	free(text);
	text = show("reserved", &ret);
	CHECK_EQ(ret, 0);
	CHECK(text && !strcmp(text, "   0: 0x0000000000000000..0x0000000000000fff    x NONE\n"
				    "   1: 0x0000000000100000..0x00000000001fffff    x NONE\n"));
	free(text);
	text = show("physmem", &ret);
	CHECK_EQ(ret, -ENOENT);
	free(text);
	CHECK_MB_INVARIANTS();
}

TEST(dump_all_and_debug_trace)
{
	memblock_reset();
	memblock_add_node(0, M(16), 0, MEMBLOCK_NONE);
	memblock_reserve(0, K(4));
	memblock_dump_all(); /* silent without memblock=debug */
	CHECK(!dmesg_contains("MEMBLOCK configuration:"));
	CHECK(!dmesg_contains("memblock_reserve:"));
	memblock_set_debug(true);
	memblock_reserve(M(1), M(1));
	memblock_phys_alloc(K(4), K(4));
	memblock_dump_all();
	CHECK_DMESG("memblock_reserve: [0x0000000000100000-0x00000000001fffff] ");
	CHECK_DMESG("memblock_phys_alloc_range: 4096 bytes align=0x1000 from=0x0000000000000000 "
		    "max_addr=0x0000000000000000 ");
	CHECK_DMESG("MEMBLOCK configuration:");
	CHECK_DMESG(" memory size = 0x0000000001000000 reserved size = 0x0000000000102000");
	CHECK_DMESG(" memory.cnt  = 0x1");
	CHECK_DMESG(" memory[0x0]\t[0x0000000000000000-0x0000000000ffffff], 0x0000000001000000 "
		    "bytes on node 0 flags: 0x0");
	CHECK_DMESG(" reserved.cnt  = 0x3");
	CHECK_DMESG(" reserved[0x0]\t[0x0000000000000000-0x0000000000000fff], 0x0000000000001000 "
		    "bytes flags: 0x0");
	memblock_reset(); /* tracing off again */
	memblock_add(0, M(1));
	CHECK(!dmesg_contains("memblock_add:"));
}

TEST(invariant_checker_catches_corruption)
{
	memblock_reset();
	memblock_add(0, M(4));
	memblock_add(M(8), M(4));
	CHECK_MB_INVARIANTS();
	memblock.memory.regions[1].base = M(2); /* overlap */
	CHECK(memblock_check_invariants() > 0);
	memblock.memory.regions[1].base = M(4); /* touching, same node: unmerged */
	CHECK(memblock_check_invariants() > 0);
	memblock.memory.regions[1].base = M(8);
	memblock.memory.total_size++;
	CHECK(memblock_check_invariants() > 0);
	CHECK_DMESG("memblock: memory.total_size");
	memblock.memory.total_size--;
	CHECK_MB_INVARIANTS();
	memblock_reset();
}

/* ---------------------------------------------------------------------------
 * Bookkeeping: random operations against a page-by-page model
 * ------------------------------------------------------------------------- */

#define MODEL_PAGES 1024
#define MODEL_ABSENT (-2)

struct model {
	int nid[MODEL_PAGES]; /* MODEL_ABSENT, a node, or MAX_NUMNODES */
	bool res[MODEL_PAGES];
};

/* Do the lists hold exactly the maximal runs of the model? */
static bool model_matches(const struct model *m)
{
	unsigned long mi = 0, ri = 0;

	for (int p = 0; p < MODEL_PAGES;) {
		int q = p + 1;

		if (m->nid[p] != MODEL_ABSENT) {
			const struct memblock_region *r = &memblock.memory.regions[mi++];

			while (q < MODEL_PAGES && m->nid[q] == m->nid[p])
				q++;
			if (mi > memblock.memory.cnt || r->base != PFN_PHYS(p) ||
			    r->size != PFN_PHYS(q - p) || r->nid != m->nid[p])
				return false;
		}
		p = q;
	}
	for (int p = 0; p < MODEL_PAGES;) {
		int q = p + 1;

		if (m->res[p]) {
			const struct memblock_region *r = &memblock.reserved.regions[ri++];

			while (q < MODEL_PAGES && m->res[q])
				q++;
			if (ri > memblock.reserved.cnt || r->base != PFN_PHYS(p) ||
			    r->size != PFN_PHYS(q - p))
				return false;
		}
		p = q;
	}
	return mi == memblock.memory.cnt && ri == memblock.reserved.cnt;
}

static bool model_free(const struct model *m, int p, int nid)
{
	return m->nid[p] != MODEL_ABSENT && !m->res[p] && (nid == NUMA_NO_NODE || m->nid[p] == nid);
}

/* Where memblock should place @size pages: runs of free pages of one node. */
static long model_find(const struct model *m, int size, int align, int start, int end, int nid,
		       bool bottom_up)
{
	long best = -1;

	start = max(start, 1); /* page 0 is never handed out */
	end = max(start, min(end, MODEL_PAGES));
	for (int p = start; p < end;) {
		int q = p + 1;
		long cand;

		if (!model_free(m, p, nid)) {
			p++;
			continue;
		}
		while (q < end && model_free(m, q, nid) && m->nid[q] == m->nid[p])
			q++;
		if (bottom_up) {
			cand = round_up(p, align);
			if (cand + size <= q)
				return cand;
		} else if (q >= size) {
			cand = round_down(q - size, align);
			if (cand >= p)
				best = cand; /* later runs are higher */
		}
		p = q;
	}
	return best;
}

static void model_set(struct model *m, int base, int size, int nid, bool memory, bool only_absent)
{
	for (int p = base; p < base + size && p < MODEL_PAGES; p++) {
		if (!memory)
			m->res[p] = nid;
		else if (!only_absent || m->nid[p] == MODEL_ABSENT)
			m->nid[p] = nid;
	}
}

/* One random operation on memblock and on the model; false on a mismatch. */
static bool model_step(struct model *m)
{
	int op = (int)(kmm_test_rand() % 6), base = (int)(kmm_test_rand() % MODEL_PAGES);
	int size = min((int)(kmm_test_rand() % 48), MODEL_PAGES - base);
	int nid = (int)(kmm_test_rand() % 5) - 1;
	phys_addr_t b = PFN_PHYS(base), sz = PFN_PHYS(size);

	switch (op) {
	case 0:
		if (!memblock_add_node(b, sz, nid < 0 ? MAX_NUMNODES : nid, MEMBLOCK_NONE))
			model_set(m, base, size, nid < 0 ? MAX_NUMNODES : nid, true, true);
		break;
	case 1:
		if (!memblock_remove(b, sz))
			model_set(m, base, size, MODEL_ABSENT, true, false);
		break;
	case 2:
		if (!memblock_reserve(b, sz))
			model_set(m, base, size, true, false, false);
		break;
	case 3:
		if (!memblock_phys_free(b, sz))
			model_set(m, base, size, false, false, false);
		break;
	case 4:
		if (nid >= 0 && !memblock_set_node(b, sz, &memblock.memory, nid))
			for (int p = base; p < base + size && p < MODEL_PAGES; p++)
				if (m->nid[p] != MODEL_ABSENT)
					m->nid[p] = nid;
		break;
	default: {
		int align = 1 << (kmm_test_rand() % 4),
		    end = base + 64 + (int)(kmm_test_rand() % 512);
		bool up = kmm_test_rand() & 1;
		long want = -1;
		phys_addr_t got;

		size = size / 4 + 1;
		memblock_set_bottom_up(up);
		if (nid >= 0)
			want = model_find(m, size, align, base, end, nid, up);
		if (want < 0)
			want = model_find(m, size, align, base, end, NUMA_NO_NODE, up);
		got = memblock_alloc_range_nid(PFN_PHYS(size), PFN_PHYS(align), b, PFN_PHYS(end),
					       nid, false);
		if (got != (want < 0 ? 0 : PFN_PHYS(want))) {
			fprintf(stderr,
				"alloc %d pages align %d in [%d, %d) nid %d %s: got %#llx, want "
				"page %ld\n",
				size, align, base, end, nid, up ? "bottom-up" : "top-down",
				(unsigned long long)got, want);
			return false;
		}
		if (want >= 0)
			model_set(m, (int)want, size, true, false, false);
	}
	}
	return model_matches(m);
}

TEST(random_operations_match_a_page_model)
{
	static struct model m;
	long iters = kmm_test_env("KMM_TEST_ITERS", 20000);

	memblock_reset();
	for (int p = 0; p < MODEL_PAGES; p++) {
		m.nid[p] = MODEL_ABSENT;
		m.res[p] = false;
	}
	kmm_test_seed(0x6d656d626c6f636bULL);
	for (long i = 0; i < iters; i++) {
		if (!model_step(&m)) {
			kmm_test_fail(__FILE__, __LINE__,
				      "memblock differs from the model at step %ld", i);
			__memblock_dump_all();
			break;
		}
		if (memblock_check_invariants()) {
			kmm_test_fail(__FILE__, __LINE__, "invariants broken at step %ld", i);
			break;
		}
	}
	memblock_reset();
}

/* ---------------------------------------------------------------------------
 * On a machine, in the setup_arch hook
 * ------------------------------------------------------------------------- */

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		if (c[i])
			return false;
	return true;
}

static void memblock_alloc_hook(void *arg)
{
	phys_addr_t limit = memblock_get_current_limit();
	unsigned char *p, *q;

	*(bool *)arg = true;
	CHECK(limit != MEMBLOCK_ALLOC_ANYWHERE);
	CHECK(!memblock_handed_over);

	p = memblock_alloc(1000, 64);
	REQUIRE(p);
	CHECK(all_zero(p, 1000));
	CHECK_EQ(__pa(p) % 64, 0);
	CHECK(__pa(p) + 1000 <= limit);
	CHECK(memblock_is_reserved(__pa(p)) && memblock_is_reserved(__pa(p) + 999));
	memset(p, 0x5a, 1000);
	memblock_free(p, 1000);
	CHECK(!memblock_is_reserved(__pa(p)));

	/* the same range comes back, zeroed again */
	q = memblock_alloc(1000, 64);
	CHECK(q == p);
	CHECK(q && all_zero(q, 1000));

	q = memblock_alloc_raw(PAGE_SIZE, PAGE_SIZE);
	CHECK(q && PAGE_ALIGNED(q));
	q = memblock_alloc_from(100, 8, M(8));
	CHECK(q && __pa(q) >= M(8));
	q = memblock_alloc_low(100, 8);
	CHECK(q && __pa(q) < ARCH_LOW_ADDRESS_LIMIT);
	q = memblock_alloc_node(100, 8, 0);
	CHECK(q && all_zero(q, 100));
	/* a min_addr above everything is dropped, as the kernel does */
	q = memblock_alloc_from(100, 8, M(4096));
	CHECK(q != NULL);
	/* more than the machine has */
	CHECK(memblock_alloc(M(512), PAGE_SIZE) == NULL);
	CHECK_EQ(memblock_phys_alloc(M(512), PAGE_SIZE), 0);
	CHECK_EQ(memblock_check_invariants(), 0);
}

TEST(memblock_alloc_in_setup_arch)
{
	bool ran = false;

	REQUIRE(kmm_boot_with_hook("mem=64M", memblock_alloc_hook, &ran) == 0);
	CHECK(ran);
	CHECK(memblock_handed_over);
	CHECK_INVARIANTS();
}

static void bootmem_hook(void *arg)
{
	unsigned long *placed = arg;
	pg_data_t fake = {.node_id = 0};
	unsigned char *p;

	p = alloc_bootmem(100);
	CHECK(p && all_zero(p, 100));
	CHECK(p && __pa(p) % SMP_CACHE_BYTES == 0);
	CHECK(p && __pa(p) >= M(16)); /* above the DMA zone */
	placed[0] = p ? __pa(p) : 0;
	p = alloc_bootmem_align(100, 256);
	CHECK(p && __pa(p) % 256 == 0 && __pa(p) >= M(16));
	p = alloc_bootmem_pages(5000);
	CHECK(p && PAGE_ALIGNED(p) && all_zero(p, 5000) && __pa(p) >= M(16));
	p = alloc_bootmem_low(100);
	CHECK(p && __pa(p) < ARCH_LOW_ADDRESS_LIMIT && __pa(p) % SMP_CACHE_BYTES == 0);
	placed[1] = p ? __pa(p) : 0;
	p = alloc_bootmem_low_pages(PAGE_SIZE);
	CHECK(p && PAGE_ALIGNED(p) && all_zero(p, PAGE_SIZE));
	p = alloc_bootmem_node(&fake, 64);
	CHECK(p && all_zero(p, 64));
	p = alloc_bootmem_pages_node(&fake, PAGE_SIZE);
	CHECK(p && PAGE_ALIGNED(p));
	p = alloc_bootmem_node(NULL, 64);
	CHECK(p != NULL);
	CHECK(alloc_bootmem_nopanic(M(512)) == NULL);
	CHECK(alloc_bootmem_pages_nopanic(M(512)) == NULL);
	CHECK(alloc_bootmem_low_nopanic(M(512)) == NULL);
	CHECK(alloc_bootmem_node_nopanic(&fake, M(512)) == NULL);

	p = alloc_bootmem(PAGE_SIZE);
	REQUIRE(p);
	CHECK_EQ(reserve_bootmem(__pa(p), PAGE_SIZE, BOOTMEM_EXCLUSIVE), -EBUSY);
	CHECK_EQ(reserve_bootmem(__pa(p), PAGE_SIZE, BOOTMEM_DEFAULT), 0);
	free_bootmem(__pa(p), PAGE_SIZE);
	CHECK(!memblock_is_reserved(__pa(p)));
	CHECK_EQ(reserve_bootmem(__pa(p), PAGE_SIZE, BOOTMEM_EXCLUSIVE), 0);
	free_bootmem_node(&fake, __pa(p), PAGE_SIZE);
	CHECK(!memblock_is_reserved(__pa(p)));
	CHECK_EQ(memblock_check_invariants(), 0);
}

TEST(bootmem_top_down)
{
	unsigned long placed[2] = {0, 0};

	REQUIRE(kmm_boot_with_hook("mem=64M", bootmem_hook, placed) == 0);
	CHECK(placed[0] >= M(48)); /* top-down: near the end of RAM */
	CHECK_INVARIANTS();
}

TEST(bootmem_bottom_up_goal_and_low)
{
	unsigned long placed[2] = {0, 0};

	REQUIRE(kmm_boot_with_hook("mem=64M memblock=bottomup", bootmem_hook, placed) == 0);
	CHECK_EQ(placed[0], M(16)); /* the goal: just above ZONE_DMA */
	CHECK(placed[1] < M(16));   /* _low has no goal: the lowest free memory */
	CHECK_INVARIANTS();
}

static void highmem_hook(void *arg)
{
	unsigned char *p = alloc_bootmem(100);

	CHECK(p && __pa(p) < memblock_get_current_limit());
	CHECK_EQ(memblock_get_current_limit(), M(896));
	CHECK(memblock_alloc(M(900), PAGE_SIZE) == NULL); /* more than lowmem */
	CHECK_EQ(memblock_phys_alloc_range(M(4), PAGE_SIZE, 0, MEMBLOCK_ALLOC_ANYWHERE) >= M(896),
		 1);
}

TEST(bootmem_stays_in_lowmem_on_x86_32)
{
	REQUIRE(kmm_boot_with_hook("mem=1G layout=x86_32", highmem_hook, NULL) == 0);
	CHECK_INVARIANTS();
}

static void x86_64_hook(void *arg)
{
	unsigned char *p = alloc_bootmem(100), *low = alloc_bootmem_low(100);

	CHECK(p && __pa(p) >= SZ_4G);
	CHECK(low && __pa(low) < SZ_4G);
	low = memblock_alloc_low(100, 8);
	CHECK(low && __pa(low) < SZ_4G);
}

TEST(bootmem_low_below_4g_on_x86_64)
{
	REQUIRE(kmm_boot_with_hook("mem=4200M layout=x86_64", x86_64_hook, NULL) == 0);
	CHECK_INVARIANTS();
}

static void bootmem_oom_hook(void *arg)
{
	alloc_bootmem(M(256));
}

static void bootmem_oom_child(void *arg)
{
	kmm_boot_with_hook("mem=64M", bootmem_oom_hook, NULL);
}

TEST(bootmem_panics_when_out_of_memory)
{
	CHECK(kmm_test_dies(bootmem_oom_child, NULL, "Failed to allocate 268435456 bytes"));
}

/* ---------------------------------------------------------------------------
 * After the hand-over
 * ------------------------------------------------------------------------- */

TEST(alloc_after_handover_warns_and_falls_back)
{
	unsigned char *p, *q;
	phys_addr_t pa;
	int warnings;

	BOOT("mem=64M");
	CHECK(memblock_handed_over);
	warnings = dmesg_count("WARNING:");
	p = memblock_alloc(100, 64);
	REQUIRE(p);
	CHECK_DMESG("WARNING:");
	CHECK_DMESG("memblock_alloc_try_nid() called after memblock_free_all()");
	CHECK(all_zero(p, 100));
	memset(p, 0xa5, 100);
	q = memblock_alloc(3 * PAGE_SIZE, PAGE_SIZE);
	CHECK(q && all_zero(q, 3 * PAGE_SIZE));
	pa = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);
	CHECK(pa != 0);
	CHECK_EQ(dmesg_count("WARNING:"), warnings + 1); /* once */
	memblock_free(p, 100);
	memblock_free(q, 3 * PAGE_SIZE);
	memblock_phys_free(pa, PAGE_SIZE);
	CHECK_DMESG("memblock_free() called after memblock_free_all()");
	CHECK_EQ(dmesg_count("WARNING:"), warnings + 2);
	/* the lists are as the hand-over left them */
	CHECK_EQ(memblock_check_invariants(), 0);
}

TEST(bootmem_after_handover_falls_back)
{
	unsigned char *p;

	BOOT("mem=64M");
	p = alloc_bootmem_pages(PAGE_SIZE);
	REQUIRE(p);
	CHECK_DMESG("WARNING:");
	CHECK(all_zero(p, PAGE_SIZE));
	free_bootmem(__pa(p), PAGE_SIZE);
}

/* Whole free pages below max_pfn, as memblock_free_all() counts them. */
static unsigned long memblock_free_pages_now(void)
{
	phys_addr_t s, e;
	unsigned long n = 0;
	u64 i;

	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL) {
		unsigned long a = PFN_UP(s), b = min(PFN_DOWN(e), (unsigned long)max_pfn);

		if (a < b)
			n += b - a;
	}
	return n;
}

TEST(boot_conservation_with_holes)
{
	BOOT("mem=128M memmap=16M#32M");
	CHECK_EQ(memblock_phys_mem_size(), M(112));
	CHECK_EQ(memblock_end_of_DRAM(), M(128));
	CHECK(!memblock_is_memory(M(40)));
	CHECK(memblock_is_memory(M(48)));
	CHECK_EQ(totalram_pages(), memblock_free_pages_now());
	CHECK_EQ(memblock_check_invariants(), 0);
}

TEST(boot_conservation_with_reserved_ram)
{
	BOOT("mem=128M memmap=8M$64M");
	CHECK_EQ(memblock_phys_mem_size(), M(128));
	CHECK(memblock_is_memory(M(64)) && memblock_is_reserved(M(64)));
	CHECK(memblock_is_reserved(M(72) - 1) && !memblock_is_region_memory(M(126), M(4)));
	CHECK(PageReserved(pfn_to_page(PHYS_PFN(M(64)))));
	CHECK(PageReserved(pfn_to_page(0))); /* the BIOS page */
	CHECK_EQ(totalram_pages(), memblock_free_pages_now());
	CHECK_EQ(memblock_check_invariants(), 0);
}

TEST(boot_with_memblock_debug)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	BOOT("mem=64M memblock=debug");
	/* the e820 map: the BIOS page (reserved RAM), then the rest */
	CHECK_DMESG("memblock_add: [0x0000000000000000-0x0000000000000fff] ");
	CHECK_DMESG("memblock_add: [0x0000000000001000-0x0000000003ffffff] ");
	CHECK_DMESG("memblock_reserve: [0x0000000000000000-0x0000000000000fff] ");
	f = open_memstream(&text, &len);
	REQUIRE(f);
	CHECK_EQ(kmm_proc_show("/sys/kernel/debug/memblock/memory", f), 0);
	fclose(f);
	CHECK(text && !strcmp(text, "   0: 0x0000000000000000..0x0000000003ffffff    0 NONE\n"));
	free(text);
}

/*
 * The memmap's own backing is reserved with MEMBLOCK_RSRV_NOINIT: its struct
 * pages are never written (no host memory for them), the checkers count them
 * reserved, and freeing one is refused as freeing a reserved page.
 */
TEST(memmap_backing_struct_pages_are_left_alone)
{
	struct memblock_region *r, *found = NULL;
	unsigned long pfn, end;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	BOOT("mem=256M");
	for_each_reserved_mem_region(r)
		if (memblock_is_reserved_noinit(r))
			found = r;
	REQUIRE(found);
	CHECK_EQ(found->size, kmm_memmap_pages << PAGE_SHIFT);
	pfn = PFN_DOWN(found->base);
	CHECK(memblock_noinit_pfn(pfn, &end));
	CHECK_EQ(end, pfn + kmm_memmap_pages);
	CHECK(!memblock_noinit_pfn(end, NULL));
	for (unsigned long i = pfn; i < end; i++)
		if (pfn_to_page(i)->flags) {
			CHECK(!"a struct page of the memmap's backing was written");
			break;
		}
	CHECK_EQ(kmm_check_invariants(), 0);
	__free_pages(pfn_to_page(pfn + 1), 0);
	CHECK_DMESG("page dumped because: freeing a reserved page");
	CHECK_EQ(kmm_check_invariants(), 0);
	f = open_memstream(&text, &len);
	REQUIRE(f);
	CHECK_EQ(kmm_proc_show("/sys/kernel/debug/memblock/reserved", f), 0);
	fclose(f);
	CHECK(text && strstr(text, "RSV_NIT"));
	free(text);
}
