// SPDX-License-Identifier: MIT
/*
 * tests/test_numa.c - NUMA: memory policies of threads (default, local,
 * preferred, bind, interleave, preferred-many), set_mempolicy() and
 * get_mempolicy() as the system calls behave, the per-node numastat and
 * meminfo files, and zonelists ordered by node distance.
 *
 * Most cases run on a 4-node x86_64 machine where CPU n belongs to node n,
 * some on a 2-node x86_32 machine with HighMem on node 1.  Checks that need
 * "the local node" run on helper threads that each hold a different CPU at
 * the same time, so every node is someone's local node.
 */
#include <kmm/numa.h>
#include <kmm/sched.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mempolicy.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/topology.h>

#include "mm/internal.h"
#include "tests/kmm_test.h"

#include <pthread.h>

#define NUMA4 "mem=512M layout=x86_64 numa=fake=4 nr_cpus=4"
#define NUMA2_X86_32 "mem=1G layout=x86_32 numa=fake=2 nr_cpus=2"
#define GFP_NOWAIT_HIGH (GFP_NOWAIT | __GFP_HIGHMEM)

static nodemask_t mask(unsigned long bits)
{
	nodemask_t m = {{bits}};

	return m;
}

static long set_policy(int mode, unsigned long bits)
{
	nodemask_t m = mask(bits);

	return kmm_set_mempolicy(mode, &m);
}

static void reset_policy(void)
{
	CHECK_EQ(set_mempolicy(MPOL_DEFAULT, NULL, 0), 0);
}

/* Allocate @n order-0 pages onto @list (NULL ends early); returns how many. */
static int alloc_onto(struct list_head *list, gfp_t gfp, int n, int per_node[MAX_NUMNODES])
{
	int got = 0;

	for (; got < n; got++) {
		struct page *page = alloc_page(gfp);

		if (!page)
			break;
		list_add_tail(&page->lru, list);
		if (per_node)
			per_node[page_to_nid(page)]++;
	}
	return got;
}

static void free_list(struct list_head *list)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, list, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
}

static unsigned long node_managed(int nid)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += zone_managed_pages(&NODE_DATA(nid)->node_zones[z]);
	return n;
}

/* ---- reading the node files ---- */

struct numastat {
	unsigned long hit, miss, foreign, interleave, local, other;
};

/* The text of a kmm_proc_show() file (caller frees), or NULL. */
static char *read_file(const char *path, int *ret)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	*ret = kmm_proc_show(path, f);
	fclose(f);
	return buf;
}

static struct numastat numastat(int nid)
{
	struct numastat s = {0};
	char path[64];
	int ret;
	char *text;

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/numastat", nid);
	text = read_file(path, &ret);
	CHECK_EQ(ret, 0);
	CHECK_EQ(sscanf(text,
			"numa_hit %lu\nnuma_miss %lu\nnuma_foreign %lu\ninterleave_hit %lu\n"
			"local_node %lu\nother_node %lu\n",
			&s.hit, &s.miss, &s.foreign, &s.interleave, &s.local, &s.other),
		 6);
	free(text);
	return s;
}

static void numastat_all(struct numastat s[MAX_NUMNODES])
{
	for (int nid = 0; nid < num_online_nodes(); nid++)
		s[nid] = numastat(nid);
}

/* ---- running code on every CPU at once ---- */

struct cpu_result {
	int cpu, node; /* the CPU held, numa_node_id() there */
	int nid[4];    /* nodes of the pages allocated there */
	int mode;      /* get_mempolicy() before taking the CPU */
};

struct cpu_job {
	void (*before)(void *arg); /* preemptible, before taking a CPU */
	void (*on_cpu)(struct cpu_result *r, void *arg);
	void *arg;
	pthread_barrier_t barrier;
	int next;
	struct cpu_result res[NR_CPUS];
};

static void *cpu_job_thread(void *p)
{
	struct cpu_job *job = p;
	struct cpu_result *r = &job->res[__atomic_fetch_add(&job->next, 1, __ATOMIC_RELAXED)];

	if (job->before)
		job->before(job->arg);
	get_mempolicy(&r->mode, NULL, 0, 0, 0);
	r->cpu = get_cpu();
	pthread_barrier_wait(&job->barrier); /* all CPUs are held: each thread has its own */
	r->node = numa_node_id();
	job->on_cpu(r, job->arg);
	put_cpu();
	set_mempolicy(MPOL_DEFAULT, NULL, 0); /* give the policy back before the thread ends */
	return NULL;
}

/* Run @job on nr_cpu_ids threads that hold every CPU at once. */
static void on_every_cpu(struct cpu_job *job)
{
	pthread_t t[NR_CPUS];
	unsigned int seen = 0;

	job->next = 0;
	pthread_barrier_init(&job->barrier, NULL, nr_cpu_ids);
	for (unsigned int i = 0; i < nr_cpu_ids; i++)
		if (pthread_create(&t[i], NULL, cpu_job_thread, job))
			abort();
	for (unsigned int i = 0; i < nr_cpu_ids; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&job->barrier);
	for (unsigned int i = 0; i < nr_cpu_ids; i++)
		seen |= 1u << job->res[i].cpu;
	CHECK_EQ(seen, (1u << nr_cpu_ids) - 1);
}

/* Allocate with each of up to four GFP masks from @arg, record the nodes, free. */
static void alloc_and_record(struct cpu_result *r, void *arg)
{
	const gfp_t *gfp = arg;

	for (int i = 0; i < 4 && gfp[i]; i++) {
		struct page *page = alloc_page(gfp[i]);

		r->nid[i] = page ? page_to_nid(page) : -1;
		if (page)
			__free_page(page);
	}
}

/* ---- the default policy ---- */

static void alloc_local(struct cpu_result *r, void *arg)
{
	struct page *a = alloc_page(GFP_NOWAIT);
	struct page *b = alloc_pages_node(NUMA_NO_NODE, GFP_NOWAIT, 0);
	struct page *c = alloc_pages_current(GFP_ATOMIC, 1);

	r->nid[0] = a ? page_to_nid(a) : -1;
	r->nid[1] = b ? page_to_nid(b) : -1;
	r->nid[2] = c ? page_to_nid(c) : -1;
	if (a)
		__free_page(a);
	if (b)
		__free_page(b);
	if (c)
		__free_pages(c, 1);
}

TEST(default_policy_allocates_on_the_local_node)
{
	struct cpu_job job = {.on_cpu = alloc_local};

	BOOT(NUMA4);
	on_every_cpu(&job);
	for (unsigned int i = 0; i < nr_cpu_ids; i++) {
		struct cpu_result *r = &job.res[i];

		CHECK_EQ(r->mode, MPOL_DEFAULT);
		CHECK_EQ(r->node, cpu_to_node(r->cpu));
		CHECK_EQ(r->node, r->cpu); /* 4 CPUs, 4 nodes */
		CHECK_EQ(r->nid[0], r->node);
		CHECK_EQ(r->nid[1], r->node);
		CHECK_EQ(r->nid[2], r->node);
	}
}

TEST(local_policy_is_the_default_made_explicit)
{
	int mode = -1;
	nodemask_t nodes = mask(0xff);

	BOOT(NUMA4);
	CHECK_EQ(kmm_set_mempolicy(MPOL_LOCAL, NULL), 0);
	CHECK_EQ(kmm_get_mempolicy(&mode, &nodes), 0);
	CHECK_EQ(mode, MPOL_LOCAL);
	CHECK(nodes_empty(&nodes));
	/* MPOL_PREFERRED with no node means local too */
	CHECK_EQ(set_mempolicy(MPOL_PREFERRED, NULL, 0), 0);
	CHECK_EQ(kmm_get_mempolicy(&mode, NULL), 0);
	CHECK_EQ(mode, MPOL_LOCAL);
	{
		int cpu = get_cpu();
		struct page *page = alloc_page(GFP_NOWAIT);

		REQUIRE(page);
		CHECK_EQ(page_to_nid(page), cpu_to_node(cpu));
		__free_page(page);
		put_cpu();
	}
	reset_policy();
}

/* ---- preferred ---- */

TEST(preferred_node_is_honoured_then_falls_back)
{
	struct numastat before[MAX_NUMNODES], after[MAX_NUMNODES];
	unsigned long limit;
	LIST_HEAD(pages);
	int on2 = 0, mode;
	struct page *page = NULL;
	nodemask_t nodes;

	BOOT(NUMA4);
	limit = node_managed(2) + 1;
	CHECK_EQ(set_policy(MPOL_PREFERRED, BIT(2)), 0);
	CHECK_EQ(kmm_get_mempolicy(&mode, &nodes), 0);
	CHECK_EQ(mode, MPOL_PREFERRED);
	CHECK_EQ(nodes.bits[0], BIT(2));
	numastat_all(before);
	while ((unsigned long)on2 < limit) {
		page = alloc_page(GFP_KERNEL);
		REQUIRE(page);
		list_add_tail(&page->lru, &pages);
		if (page_to_nid(page) != 2)
			break;
		on2++;
	}
	numastat_all(after);
	/* node 2 filled up to its watermark, then the nearest node took over */
	CHECK((unsigned long)on2 > node_managed(2) / 2);
	CHECK_EQ(page_to_nid(page), 3); /* distances tie: the next node round from 2 */
	CHECK_EQ(after[3].miss - before[3].miss, 1);
	CHECK_EQ(after[2].foreign - before[2].foreign, 1);
	CHECK_EQ(after[2].hit - before[2].hit, on2);
	free_list(&pages);
	/* with room again, node 2 is used again */
	page = alloc_page(GFP_KERNEL);
	REQUIRE(page);
	CHECK_EQ(page_to_nid(page), 2);
	__free_page(page);
	reset_policy();
}

/* ---- bind ---- */

TEST(bind_never_leaves_the_mask)
{
	int per_node[MAX_NUMNODES] = {0}, got;
	LIST_HEAD(pages);
	struct page *page;

	BOOT(NUMA4);
	CHECK_EQ(set_policy(MPOL_BIND, BIT(1) | BIT(2)), 0);
	got = alloc_onto(&pages, GFP_NOWAIT | __GFP_NOWARN, 1 << 20, per_node);
	CHECK(got > 0);
	CHECK_EQ(per_node[0] + per_node[3], 0);
	CHECK(per_node[1] > (int)node_managed(1) / 2);
	CHECK(per_node[2] > (int)node_managed(2) / 2);
	/* nodes 0 and 3 are nearly empty, yet the policy's nodes are full */
	CHECK_EQ(alloc_page(GFP_NOWAIT), NULL);
	CHECK_DMESG("page allocation failure: order:0");
	CHECK_DMESG("nodemask=1-2");
	/* alloc_pages_node() names its node: no policy applies */
	page = alloc_pages_node(0, GFP_NOWAIT, 0);
	REQUIRE(page);
	CHECK_EQ(page_to_nid(page), 0);
	__free_page(page);
	free_list(&pages);
	page = alloc_page(GFP_NOWAIT);
	REQUIRE(page);
	CHECK(page_to_nid(page) == 1 || page_to_nid(page) == 2);
	__free_page(page);
	reset_policy();
}

static void bind_to_node_1(void *arg)
{
	set_policy(MPOL_BIND, BIT(1));
}

TEST(bind_starts_on_the_nearest_allowed_node)
{
	static const gfp_t gfp[4] = {GFP_NOWAIT};
	struct cpu_job job = {
		.before = bind_to_node_1, .on_cpu = alloc_and_record, .arg = (void *)gfp};

	BOOT(NUMA4);
	on_every_cpu(&job);
	for (unsigned int i = 0; i < nr_cpu_ids; i++) {
		CHECK_EQ(job.res[i].mode, MPOL_BIND);
		CHECK_EQ(job.res[i].nid[0], 1);
	}
}

/* ---- interleave ---- */

TEST(interleave_spreads_evenly)
{
	struct numastat before[MAX_NUMNODES], after[MAX_NUMNODES];
	int per_node[MAX_NUMNODES] = {0}, next = -1;
	LIST_HEAD(pages);

	BOOT(NUMA4);
	CHECK_EQ(set_policy(MPOL_INTERLEAVE, 0xf), 0);
	CHECK_EQ(get_mempolicy(&next, NULL, 0, 0, MPOL_F_NODE), 0);
	CHECK_EQ(next, 0);
	numastat_all(before);
	CHECK_EQ(alloc_onto(&pages, GFP_KERNEL, 4000, per_node), 4000);
	numastat_all(after);
	for (int nid = 0; nid < 4; nid++) {
		CHECK(per_node[nid] >= 999 && per_node[nid] <= 1001);
		CHECK_EQ(after[nid].interleave - before[nid].interleave, per_node[nid]);
		CHECK_EQ(after[nid].hit - before[nid].hit, per_node[nid]);
		CHECK_EQ(after[nid].miss - before[nid].miss, 0);
	}
	CHECK_EQ(get_mempolicy(&next, NULL, 0, 0, MPOL_F_NODE), 0);
	CHECK_EQ(next, 0); /* 4000 turns: the round starts over */
	free_list(&pages);
	reset_policy();
}

TEST(interleave_goes_round_its_own_nodes)
{
	int nids[6], mode;
	nodemask_t nodes;

	BOOT(NUMA4);
	CHECK_EQ(set_policy(MPOL_INTERLEAVE, BIT(1) | BIT(3)), 0);
	for (int i = 0; i < 6; i++) {
		struct page *page = alloc_pages(GFP_KERNEL, (unsigned int)(i % 2));

		REQUIRE(page);
		nids[i] = page_to_nid(page);
		__free_pages(page, (unsigned int)(i % 2));
	}
	for (int i = 0; i < 6; i++)
		CHECK_EQ(nids[i], i % 2 ? 3 : 1);
	/* weighted interleave: every weight is 1, so the same round */
	CHECK_EQ(set_policy(MPOL_WEIGHTED_INTERLEAVE, BIT(0) | BIT(2)), 0);
	CHECK_EQ(kmm_get_mempolicy(&mode, &nodes), 0);
	CHECK_EQ(mode, MPOL_WEIGHTED_INTERLEAVE);
	CHECK_EQ(nodes.bits[0], BIT(0) | BIT(2));
	for (int i = 0; i < 4; i++) {
		struct page *page = alloc_page(GFP_KERNEL);

		REQUIRE(page);
		CHECK_EQ(page_to_nid(page), i % 2 ? 2 : 0);
		__free_page(page);
	}
	reset_policy();
}

/* ---- preferred many ---- */

TEST(preferred_many_tries_its_nodes_first)
{
	int per_node[MAX_NUMNODES] = {0};
	LIST_HEAD(pages);

	BOOT(NUMA4);
	CHECK_EQ(set_policy(MPOL_PREFERRED_MANY, BIT(2) | BIT(3)), 0);
	CHECK_EQ(alloc_onto(&pages, GFP_KERNEL, 100, per_node), 100);
	CHECK_EQ(per_node[2] + per_node[3], 100);
	free_list(&pages);
	reset_policy();
}

/* ---- statistics ---- */

TEST(numastat_counts_follow_the_allocations)
{
	struct numastat s0[MAX_NUMNODES], s1[MAX_NUMNODES], s2[MAX_NUMNODES];
	LIST_HEAD(pages);
	int local, local2, remote;

	BOOT(NUMA4);
	numastat_all(s0);
	local = cpu_to_node(get_cpu());
	CHECK_EQ(alloc_onto(&pages, GFP_NOWAIT, 100, NULL), 100);
	put_cpu();
	numastat_all(s1);
	remote = (local + 1) % 4;
	CHECK_EQ(set_policy(MPOL_PREFERRED, BIT(remote)), 0);
	local2 = cpu_to_node(get_cpu()); /* most likely the same CPU again, but maybe not */
	CHECK_EQ(alloc_onto(&pages, GFP_NOWAIT, 100, NULL), 100);
	put_cpu();
	numastat_all(s2);
	for (int nid = 0; nid < 4; nid++) {
		CHECK_EQ(s1[nid].hit - s0[nid].hit, nid == local ? 100 : 0);
		CHECK_EQ(s1[nid].local - s0[nid].local, nid == local ? 100 : 0);
		CHECK_EQ(s1[nid].other - s0[nid].other, 0);
		CHECK_EQ(s2[nid].hit - s1[nid].hit, nid == remote ? 100 : 0);
		CHECK_EQ(s2[nid].local - s1[nid].local,
			 nid == remote && remote == local2 ? 100 : 0);
		CHECK_EQ(s2[nid].other - s1[nid].other,
			 nid == remote && remote != local2 ? 100 : 0);
		CHECK_EQ(s2[nid].miss - s0[nid].miss, 0);
		CHECK_EQ(s2[nid].foreign - s0[nid].foreign, 0);
		CHECK_EQ(s2[nid].interleave - s0[nid].interleave, 0);
	}
	free_list(&pages);
	reset_policy();
}

static void expect_line(const char *text, const char *fmt, int nid, unsigned long pages)
{
	char line[128];

	snprintf(line, sizeof(line), fmt, nid, pages << (PAGE_SHIFT - 10));
	if (!strstr(text, line))
		kmm_test_fail(__FILE__, __LINE__, "missing \"%s\" in:\n%s", line, text);
}

static unsigned long node_free(int nid)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += zone_page_state(&NODE_DATA(nid)->node_zones[z], NR_FREE_PAGES);
	return n;
}

TEST(node_files_have_the_kernel_format)
{
	char *text;
	int ret;

	BOOT(NUMA4);
	text = read_file("/sys/devices/system/node/node2/meminfo", &ret);
	CHECK_EQ(ret, 0);
	expect_line(text, "Node %d MemTotal:       %8lu kB\n", 2, node_managed(2));
	expect_line(text, "Node %d MemFree:        %8lu kB\n", 2, node_free(2));
	expect_line(text, "Node %d MemUsed:        %8lu kB\n", 2, node_managed(2) - node_free(2));
	CHECK(!strstr(text, "HighTotal")); /* x86_64: no CONFIG_HIGHMEM */
	free(text);
	text = read_file("/sys/devices/system/node/node3/numastat", &ret);
	CHECK_EQ(ret, 0);
	CHECK(!strncmp(text, "numa_hit ", 9) && strstr(text, "\nnuma_miss ") &&
	      strstr(text, "\nnuma_foreign ") && strstr(text, "\ninterleave_hit ") &&
	      strstr(text, "\nlocal_node ") && strstr(text, "\nother_node "));
	free(text);
	free(read_file("/sys/devices/system/node/node4/numastat", &ret));
	CHECK_EQ(ret, -ENOENT);
	free(read_file("/sys/devices/system/node/node12/meminfo", &ret));
	CHECK_EQ(ret, -ENOENT);
	free(read_file("/sys/devices/system/node/node1/vmstat", &ret));
	CHECK_EQ(ret, -ENOENT);
	free(read_file("/sys/devices/system/node/nodeX/numastat", &ret));
	CHECK_EQ(ret, -ENOENT);
	CHECK_EQ(kmm_node_numastat_show(-1, stdout), -ENOENT);
	text = NULL;
	{
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);

		kmm_proc_list(f);
		fclose(f);
	}
	CHECK(strstr(text, "/sys/devices/system/node/node3/numastat\n"));
	CHECK(strstr(text, "/sys/devices/system/node/node3/meminfo\n"));
	CHECK(!strstr(text, "node4"));
	free(text);
	kmm_shutdown();
	free(read_file("/sys/devices/system/node/node0/numastat", &ret));
	CHECK_EQ(ret, -ENODEV);
}

/* ---- set_mempolicy() and get_mempolicy() as the system calls ---- */

TEST(set_mempolicy_errors_match_the_kernel)
{
	unsigned long m = BIT(1), wide[3] = {BIT(1), 0, 0};
	int mode;
	nodemask_t nodes;

	BOOT(NUMA4);
	CHECK_EQ(set_policy(MPOL_BIND, BIT(3)), 0);
	CHECK_EQ(set_mempolicy(MPOL_MAX, &m, 9), -EINVAL); /* bad mode */
	CHECK_EQ(set_mempolicy(-1, &m, 9), -EINVAL);
	CHECK_EQ(set_mempolicy(MPOL_BIND | MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES, &m, 9),
		 -EINVAL);
	CHECK_EQ(set_mempolicy(MPOL_INTERLEAVE | MPOL_F_NUMA_BALANCING, &m, 9), -EINVAL);
	CHECK_EQ(set_mempolicy(MPOL_BIND, NULL, 0), -EINVAL); /* empty mask */
	CHECK_EQ(set_policy(MPOL_BIND, 0), -EINVAL);
	CHECK_EQ(set_policy(MPOL_INTERLEAVE, 0), -EINVAL);
	CHECK_EQ(set_policy(MPOL_PREFERRED_MANY, 0), -EINVAL);
	CHECK_EQ(set_mempolicy(MPOL_PREFERRED | MPOL_F_STATIC_NODES, NULL, 0), -EINVAL);
	CHECK_EQ(set_policy(MPOL_DEFAULT, BIT(1)), -EINVAL); /* nodes where none belong */
	CHECK_EQ(set_policy(MPOL_LOCAL, BIT(1)), -EINVAL);
	CHECK_EQ(set_mempolicy(MPOL_LOCAL | MPOL_F_STATIC_NODES, NULL, 0), -EINVAL);
	CHECK_EQ(set_policy(MPOL_BIND, BIT(5)), -EINVAL); /* offline node */
	CHECK_EQ(set_policy(MPOL_PREFERRED, BIT(4) | BIT(7)), -EINVAL);
	wide[1] = BIT(3); /* node 67 > MAX_NUMNODES */
	CHECK_EQ(set_mempolicy(MPOL_BIND, wide, 3 * BITS_PER_LONG), -EINVAL);
	m = BIT(1) | BIT(9); /* node 9, bit in range */
	CHECK_EQ(set_mempolicy(MPOL_BIND, &m, 11), -EINVAL);
	m = BIT(2); /* maxnode too small */
	CHECK_EQ(set_mempolicy(MPOL_BIND, &m, 2), -EINVAL);
	CHECK_EQ(set_mempolicy(MPOL_BIND, &m, 0), -EINVAL);
	CHECK_EQ(set_mempolicy(MPOL_BIND, &m, PAGE_SIZE * 8 + 2), -EINVAL);
	/* after all that, the policy is still the one set first */
	CHECK_EQ(kmm_get_mempolicy(&mode, &nodes), 0);
	CHECK_EQ(mode, MPOL_BIND);
	CHECK_EQ(nodes.bits[0], BIT(3));
	/* accepted: offline nodes beside online ones are dropped; bits past maxnode ignored */
	CHECK_EQ(set_policy(MPOL_BIND, BIT(1) | BIT(5)), 0);
	CHECK_EQ(kmm_get_mempolicy(&mode, &nodes), 0);
	CHECK_EQ(nodes.bits[0], BIT(1));
	m = BIT(1) | BIT(2);
	CHECK_EQ(set_mempolicy(MPOL_INTERLEAVE, &m, 3), 0); /* reads bits 0-1 */
	CHECK_EQ(kmm_get_mempolicy(&mode, &nodes), 0);
	CHECK_EQ(nodes.bits[0], BIT(1));
	wide[1] = 0;
	CHECK_EQ(set_mempolicy(MPOL_BIND, wide, 3 * BITS_PER_LONG), 0);
	CHECK_EQ(set_mempolicy(MPOL_BIND | MPOL_F_NUMA_BALANCING, &m, 9), 0);
	CHECK_EQ(set_mempolicy(MPOL_DEFAULT, &m, 1), 0); /* maxnode 1: no mask read */
	CHECK_EQ(kmm_get_mempolicy(&mode, NULL), 0);
	CHECK_EQ(mode, MPOL_DEFAULT);
}

TEST(get_mempolicy_returns_what_was_set)
{
	unsigned long big[2] = {~0UL, ~0UL}, m;
	int mode, node;
	nodemask_t nodes;

	BOOT(NUMA4);
	CHECK_EQ(get_mempolicy(&mode, big, 64, 0, 0), 0);
	CHECK_EQ(mode, MPOL_DEFAULT);
	CHECK_EQ(big[0], 0);
	CHECK_EQ(set_policy(MPOL_PREFERRED, BIT(3) | BIT(1)), 0); /* the first node counts */
	CHECK_EQ(kmm_get_mempolicy(&mode, &nodes), 0);
	CHECK_EQ(mode, MPOL_PREFERRED);
	CHECK_EQ(nodes.bits[0], BIT(1));
	CHECK_EQ(set_policy(MPOL_BIND | MPOL_F_STATIC_NODES, BIT(2) | BIT(6)), 0);
	CHECK_EQ(kmm_get_mempolicy(&mode, &nodes), 0);
	CHECK_EQ(mode, MPOL_BIND | MPOL_F_STATIC_NODES);
	CHECK_EQ(nodes.bits[0], BIT(2) | BIT(6)); /* as given, offline node too */
	CHECK_EQ(current->mempolicy->nodes.bits[0], BIT(2));
	/* relative: node n is the n-th online node, modulo their number */
	CHECK_EQ(set_policy(MPOL_INTERLEAVE | MPOL_F_RELATIVE_NODES, BIT(0) | BIT(5)), 0);
	CHECK_EQ(kmm_get_mempolicy(&mode, &nodes), 0);
	CHECK_EQ(mode, MPOL_INTERLEAVE | MPOL_F_RELATIVE_NODES);
	CHECK_EQ(nodes.bits[0], BIT(0) | BIT(5));
	CHECK_EQ(current->mempolicy->nodes.bits[0], BIT(0) | BIT(1));
	CHECK_EQ(get_mempolicy(&node, NULL, 0, 0, MPOL_F_NODE), 0);
	CHECK_EQ(node, 0);
	/* the nodes a policy may use; a mask wider than the nodes is zero-filled */
	big[1] = ~0UL;
	CHECK_EQ(get_mempolicy(&mode, big, 128, 0, MPOL_F_MEMS_ALLOWED), 0);
	CHECK_EQ(big[0], 0xf);
	CHECK_EQ(big[1], 0);
	/* errors */
	CHECK_EQ(get_mempolicy(&mode, &m, 3, 0, 0), -EINVAL); /* fewer bits than nodes */
	CHECK_EQ(get_mempolicy(&mode, NULL, 0, 0, 8), -EINVAL);
	CHECK_EQ(get_mempolicy(&mode, NULL, 0, 0x1000, 0), -EINVAL);
	CHECK_EQ(get_mempolicy(&mode, NULL, 0, 0x1000, MPOL_F_ADDR), -EFAULT);
	CHECK_EQ(get_mempolicy(&mode, NULL, 0, 0, MPOL_F_MEMS_ALLOWED | MPOL_F_NODE), -EINVAL);
	CHECK_EQ(set_policy(MPOL_BIND, BIT(1)), 0);
	CHECK_EQ(get_mempolicy(&node, NULL, 0, 0, MPOL_F_NODE), -EINVAL); /* not interleave */
	CHECK_EQ(set_mempolicy(MPOL_BIND | MPOL_F_NUMA_BALANCING, &(unsigned long){BIT(2)}, 9), 0);
	CHECK_EQ(kmm_get_mempolicy(&mode, NULL), 0);
	CHECK_EQ(mode, MPOL_BIND | MPOL_F_NUMA_BALANCING);
	reset_policy();
	CHECK_EQ(mempolicy_check_invariants(), 0);
}

/* ---- one policy per thread ---- */

struct other_thread {
	int mode_seen;
	int nids[4];
	struct mempolicy *policy; /* what its set_mempolicy() made */
	int go, done;
	bool keep; /* keep the policy until told to go */
};

static void *other_thread_fn(void *p)
{
	struct other_thread *o = p;

	kmm_get_mempolicy(&o->mode_seen, NULL);
	set_policy(MPOL_INTERLEAVE, BIT(0) | BIT(1));
	o->policy = current->mempolicy;
	for (int i = 0; i < 4; i++) {
		struct page *page = alloc_page(GFP_KERNEL);

		o->nids[i] = page ? page_to_nid(page) : -1;
		if (page)
			__free_page(page);
	}
	__atomic_store_n(&o->done, 1, __ATOMIC_RELEASE);
	while (o->keep && !__atomic_load_n(&o->go, __ATOMIC_ACQUIRE))
		sched_yield();
	set_mempolicy(MPOL_DEFAULT, NULL, 0);
	return NULL;
}

TEST(policy_of_one_thread_does_not_affect_another)
{
	struct other_thread o = {.mode_seen = -1};
	pthread_t t;
	int mode;
	nodemask_t nodes;
	struct page *page;

	BOOT(NUMA4);
	CHECK_EQ(set_policy(MPOL_BIND, BIT(3)), 0);
	pthread_create(&t, NULL, other_thread_fn, &o);
	pthread_join(t, NULL);
	CHECK_EQ(o.mode_seen, MPOL_DEFAULT);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(o.nids[i], i % 2);
	CHECK_EQ(kmm_get_mempolicy(&mode, &nodes), 0);
	CHECK_EQ(mode, MPOL_BIND);
	CHECK_EQ(nodes.bits[0], BIT(3));
	page = alloc_page(GFP_KERNEL);
	REQUIRE(page);
	CHECK_EQ(page_to_nid(page), 3);
	__free_page(page);
	reset_policy();
	CHECK_EQ(mempolicy_check_invariants(), 0);
}

TEST(stale_policy_from_a_previous_machine_is_ignored)
{
	struct other_thread o = {.keep = true};
	struct mempolicy *old;
	struct page *page;
	pthread_t t;
	int mode;

	BOOT(NUMA4);
	CHECK_EQ(set_policy(MPOL_BIND, BIT(3)), 0);
	old = current->mempolicy;
	REQUIRE(old);
	kmm_shutdown();
	/* a new machine: another thread is given the very same slot */
	BOOT(NUMA4);
	pthread_create(&t, NULL, other_thread_fn, &o);
	while (!__atomic_load_n(&o.done, __ATOMIC_ACQUIRE))
		sched_yield();
	CHECK(o.policy == old);
	CHECK_EQ(kmm_get_mempolicy(&mode, NULL), 0);
	CHECK_EQ(mode, MPOL_DEFAULT); /* not the other thread's interleave */
	CHECK(current->mempolicy == NULL);
	__atomic_store_n(&o.go, 1, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
	/* bound to node 3, then a machine without node 3 */
	CHECK_EQ(set_policy(MPOL_BIND, BIT(3)), 0);
	kmm_shutdown();
	BOOT("mem=256M");
	page = alloc_page(GFP_KERNEL);
	REQUIRE(page);
	CHECK_EQ(page_to_nid(page), 0);
	__free_page(page);
	CHECK(!dmesg_contains("is not online"));
	CHECK_EQ(kmm_get_mempolicy(&mode, NULL), 0);
	CHECK_EQ(mode, MPOL_DEFAULT);
	CHECK_EQ(mempolicy_check_invariants(), 0);
}

static void *policy_and_exit(void *arg)
{
	*(long *)arg = set_policy(MPOL_BIND, BIT(0));
	return NULL; /* ends holding its policy: the slot stays taken */
}

TEST(policy_pool_full_is_enomem_until_shutdown)
{
	long ret = 0;
	int n = 0;

	BOOT(NUMA4);
	while (n < 4096) {
		pthread_t t;

		pthread_create(&t, NULL, policy_and_exit, &ret);
		pthread_join(t, NULL);
		if (ret)
			break;
		n++;
	}
	CHECK_EQ(ret, -ENOMEM);
	CHECK(n >= 64);
	CHECK_EQ(set_policy(MPOL_BIND, BIT(1)), -ENOMEM);
	CHECK_EQ(set_mempolicy(MPOL_DEFAULT, NULL, 0), 0); /* needs no slot */
	CHECK_EQ(mempolicy_check_invariants(), 0);
	kmm_shutdown();
	BOOT(NUMA4);
	CHECK_EQ(set_policy(MPOL_BIND, BIT(1)), 0);
	reset_policy();
}

/* ---- what ignores the policy ---- */

static void bind_to_node_2(void *arg)
{
	set_policy(MPOL_BIND, BIT(2));
}

TEST(thisnode_and_interrupts_ignore_the_policy)
{
	static const gfp_t gfp[4] = {GFP_NOWAIT | __GFP_THISNODE, GFP_NOWAIT};
	struct cpu_job job = {
		.before = bind_to_node_2, .on_cpu = alloc_and_record, .arg = (void *)gfp};
	struct page *page;
	int cpu;

	BOOT(NUMA4);
	on_every_cpu(&job);
	for (unsigned int i = 0; i < nr_cpu_ids; i++) {
		CHECK_EQ(job.res[i].nid[0], job.res[i].node);
		CHECK_EQ(job.res[i].nid[1], 2);
	}
	CHECK_EQ(set_policy(MPOL_INTERLEAVE, BIT(1) | BIT(2)), 0);
	kmm_irq_enter();
	cpu = smp_processor_id();
	page = alloc_page(GFP_ATOMIC);
	kmm_irq_exit();
	REQUIRE(page);
	CHECK_EQ(page_to_nid(page), cpu_to_node(cpu));
	__free_page(page);
	reset_policy();
}

/* ---- zonelists ---- */

static int populated_zones(int nid)
{
	int n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += populated_zone(&NODE_DATA(nid)->node_zones[z]);
	return n;
}

/* Node @nid's fallback list: each node's zones highest first, nodes in @want order. */
static void check_zonelist(int nid, const int *want, int nr_nodes)
{
	struct zoneref *z = NODE_DATA(nid)->node_zonelists[ZONELIST_FALLBACK]._zonerefs;

	for (int k = 0; k < nr_nodes; k++) {
		int prev_idx = MAX_NR_ZONES, n = 0;

		for (; z->zone && z->zone->node == want[k]; z++, n++) {
			CHECK(z->zone_idx < prev_idx);
			CHECK(z->zone == &NODE_DATA(want[k])->node_zones[z->zone_idx]);
			prev_idx = z->zone_idx;
		}
		CHECK_EQ(n, populated_zones(want[k]));
	}
	CHECK(z->zone == NULL);
	z = NODE_DATA(nid)->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
	for (; z->zone; z++)
		CHECK_EQ(z->zone->node, nid);
}

TEST(zonelists_are_ordered_by_distance)
{
	static const int from0[] = {0, 1, 2, 3}, from2[] = {2, 3, 0, 1};
	struct zoneref *z;

	BOOT(NUMA4);
	CHECK_EQ(node_distance(0, 0), LOCAL_DISTANCE);
	CHECK_EQ(node_distance(0, 3), REMOTE_DISTANCE);
	check_zonelist(0, from0, 4);
	check_zonelist(2, from2, 4);
	z = NODE_DATA(0)->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	CHECK(z[0].zone == &NODE_DATA(0)->node_zones[ZONE_DMA32]);
	CHECK(z[1].zone == &NODE_DATA(0)->node_zones[ZONE_DMA]);
	CHECK(z[2].zone == &NODE_DATA(1)->node_zones[ZONE_DMA32]);
	kmm_shutdown();
	BOOT(NUMA2_X86_32);
	z = NODE_DATA(0)->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	CHECK(z[0].zone == &NODE_DATA(0)->node_zones[ZONE_NORMAL]);
	CHECK(z[1].zone == &NODE_DATA(0)->node_zones[ZONE_DMA]);
	CHECK(z[2].zone == &NODE_DATA(1)->node_zones[ZONE_HIGHMEM]);
	CHECK(z[3].zone == &NODE_DATA(1)->node_zones[ZONE_NORMAL]);
	CHECK(z[4].zone == NULL);
}

/* ---- the x86_32 machine ---- */

static void bind_x86_32(struct cpu_result *r, void *arg)
{
	static const gfp_t gfp[4] = {GFP_NOWAIT, GFP_NOWAIT_HIGH};

	alloc_and_record(r, (void *)gfp);
}

TEST(x86_32_two_nodes)
{
	static const gfp_t local_gfp[4] = {GFP_NOWAIT, GFP_NOWAIT_HIGH};
	struct cpu_job local = {.on_cpu = alloc_and_record, .arg = (void *)local_gfp};
	struct cpu_job bound = {.before = bind_to_node_1, .on_cpu = bind_x86_32};
	int per_node[MAX_NUMNODES] = {0};
	LIST_HEAD(pages);
	char *text;
	int ret;

	BOOT(NUMA2_X86_32);
	CHECK_EQ(num_online_nodes(), 2);
	CHECK(populated_zone(&NODE_DATA(1)->node_zones[ZONE_HIGHMEM]));
	on_every_cpu(&local);
	for (unsigned int i = 0; i < nr_cpu_ids; i++) {
		CHECK_EQ(local.res[i].node, (int)local.res[i].cpu);
		CHECK_EQ(local.res[i].nid[0], local.res[i].node);
		CHECK_EQ(local.res[i].nid[1], local.res[i].node);
	}
	/* bind applies to allocations that may use HighMem (the policy zone) only */
	on_every_cpu(&bound);
	for (unsigned int i = 0; i < nr_cpu_ids; i++) {
		CHECK_EQ(bound.res[i].nid[0], bound.res[i].node);
		CHECK_EQ(bound.res[i].nid[1], 1);
	}
	CHECK_EQ(set_policy(MPOL_INTERLEAVE, BIT(0) | BIT(1)), 0);
	CHECK_EQ(alloc_onto(&pages, GFP_HIGHUSER, 2000, per_node), 2000);
	CHECK_EQ(per_node[0], 1000);
	CHECK_EQ(per_node[1], 1000);
	text = read_file("/sys/devices/system/node/node1/meminfo", &ret);
	CHECK_EQ(ret, 0);
	expect_line(text, "Node %d HighTotal:      %8lu kB\n", 1,
		    zone_managed_pages(&NODE_DATA(1)->node_zones[ZONE_HIGHMEM]));
	CHECK(strstr(text, "Node 1 LowFree:"));
	free(text);
	text = read_file("/sys/devices/system/node/node0/meminfo", &ret);
	expect_line(text, "Node %d HighTotal:      %8lu kB\n", 0, 0);
	expect_line(text, "Node %d LowTotal:       %8lu kB\n", 0, node_managed(0));
	free(text);
	free_list(&pages);
	reset_policy();
}
