// SPDX-License-Identifier: MIT
/*
 * kernel/setup.c - the machine: its RAM file, memory map and direct map.
 *
 * Theory
 * ------
 * This is kmm's setup_arch().  From the parsed command line it builds the
 * machine's physical memory map (the "e820" table a PC firmware would hand
 * over), creates the RAM file that backs it, fills memblock from the map, and
 * maps lowmem at PAGE_OFFSET.
 *
 *   e820 table     sorted, disjoint ranges of type usable RAM or reserved RAM;
 *                  holes are simply absent.  Built once per boot, read by
 *                  /proc/iomem.
 *   RAM file       one sparse host memory file as long as the highest RAM
 *                  address; physical address == file offset.
 *   direct map     lowmem RAM ranges mapped read-write at PAGE_OFFSET + pa;
 *                  holes and highmem are left unmapped, so touching them
 *                  faults as it would on a real machine.
 *
 * Like a PC firmware, the machine reserves its first page (the BIOS data
 * area), so physical address 0 is never handed out.
 *
 * Differences from the kernel: `memmap=nn$ss` is reserved RAM (present,
 * reserved in memblock) and `memmap=nn#ss` a hole; the x86_32 layout is the
 * 3G/1G split with lowmem capped at 896 MiB (or mem - highmem=).  Everything
 * here runs inside kmm_boot()/kmm_shutdown(), single-threaded.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/sizes.h>

#include "arch/host/host.h"
#include "mm/internal.h"

#include <string.h>

enum e820_type { E820_NONE, E820_RAM, E820_RESERVED };

struct e820_entry {
	phys_addr_t start, end; /* [start, end) */
	enum e820_type type;
};

#define E820_MAX 64
static struct e820_entry e820_table[E820_MAX];
static int e820_nr;

unsigned long kmm_page_offset;
void *high_memory;
phys_addr_t kmm_lowmem_end;
int kmm_physmem_fd = -1;
/* The kernel's virtual address range: the direct map at its start. */
void *kmm_kernel_va;
size_t kmm_kernel_va_size;

#define X86_32_MAXMEM (896ULL << 20)
#define X86_32_PAGE_OFFSET 0xC0000000UL
#define X86_32_MAX_RAM (64ULL << 30)
#define X86_64_MAX_RAM (1ULL << 40)

/* Remove [start, end) from the table, splitting entries that straddle it. */
static int e820_cut(phys_addr_t start, phys_addr_t end)
{
	struct e820_entry out[E820_MAX];
	int n = 0;

	for (int i = 0; i < e820_nr; i++) {
		struct e820_entry e = e820_table[i];

		if (e.end <= start || e.start >= end) {
			out[n++] = e;
			continue;
		}
		if (n + 2 > E820_MAX)
			return -EINVAL;
		if (e.start < start)
			out[n++] = (struct e820_entry){e.start, start, e.type};
		if (e.end > end)
			out[n++] = (struct e820_entry){end, e.end, e.type};
	}
	memcpy(e820_table, out, sizeof(out[0]) * (size_t)n);
	e820_nr = n;
	return 0;
}

/* Make [start, end) of @type (E820_NONE: a hole), keeping the table sorted. */
static int e820_set(phys_addr_t start, phys_addr_t end, enum e820_type type)
{
	int i;

	if (e820_cut(start, end))
		return -EINVAL;
	if (type == E820_NONE)
		return 0;
	if (e820_nr >= E820_MAX)
		return -EINVAL;
	for (i = e820_nr; i > 0 && e820_table[i - 1].start > start; i--)
		e820_table[i] = e820_table[i - 1];
	e820_table[i] = (struct e820_entry){start, end, type};
	e820_nr++;
	return 0;
}

static const char *e820_name(enum e820_type t)
{
	return t == E820_RAM ? "usable" : "reserved";
}

static void e820_print(const char *who)
{
	pr_info("%s physical RAM map:\n", who);
	for (int i = 0; i < e820_nr; i++)
		pr_info("%s: [mem 0x%016llx-0x%016llx] %s\n", who[0] == 'B' ? "BIOS-e820" : "user",
			(unsigned long long)e820_table[i].start,
			(unsigned long long)e820_table[i].end - 1, e820_name(e820_table[i].type));
}

/* Apply memmap= ranges: '$' reserved RAM, '#' hole, '@' extra RAM. */
static int e820_apply_memmap(const struct kmm_machine *m)
{
	for (int i = 0; i < m->nr_memmap; i++) {
		const struct kmm_memmap_arg *a = &m->memmap[i];
		phys_addr_t s = ALIGN_DOWN(a->start, PAGE_SIZE);
		phys_addr_t e = ALIGN(a->start + a->size, PAGE_SIZE);
		enum e820_type t = a->type == '$'   ? E820_RESERVED
				   : a->type == '#' ? E820_NONE
						    : E820_RAM;

		if (t == E820_RAM) {
			s = ALIGN(a->start, PAGE_SIZE);
			e = ALIGN_DOWN(a->start + a->size, PAGE_SIZE);
		}
		if (s < e && e820_set(s, e, t)) {
			pr_err("kmm: memmap=: too many ranges in the memory map\n");
			return -EINVAL;
		}
	}
	return 0;
}

static phys_addr_t e820_end_of_ram(void)
{
	return e820_nr ? e820_table[e820_nr - 1].end : 0;
}

static int e820_build(const struct kmm_machine *m)
{
	e820_nr = 0;
	e820_set(0, ALIGN_DOWN(m->mem_size, PAGE_SIZE), E820_RAM);
	e820_set(0, PAGE_SIZE, E820_RESERVED); /* the BIOS data area */
	e820_print("BIOS-provided");
	if (!m->nr_memmap)
		return 0;
	if (e820_apply_memmap(m))
		return -EINVAL;
	e820_print("user-defined");
	return 0;
}

/* Check sizes against the layout; compute the end of lowmem. */
static int setup_lowmem(const struct kmm_machine *m, phys_addr_t end)
{
	if (m->layout == KMM_LAYOUT_X86_64) {
		if (m->highmem_size != ~(phys_addr_t)0) {
			pr_err("kmm: highmem= needs layout=x86_32 (x86_64 has no HighMem)\n");
			return -EINVAL;
		}
		if (end > X86_64_MAX_RAM) {
			pr_err("kmm: x86_64 machines have at most 1 TiB of RAM here\n");
			return -EINVAL;
		}
		kmm_lowmem_end = end;
		return 0;
	}
	if (end > X86_32_MAX_RAM) {
		pr_err("kmm: x86_32 (PAE) machines have at most 64 GiB of RAM\n");
		return -EINVAL;
	}
	kmm_lowmem_end = min_t(phys_addr_t, end, X86_32_MAXMEM);
	if (m->highmem_size != ~(phys_addr_t)0) {
		if (m->highmem_size >= end || end - m->highmem_size > X86_32_MAXMEM) {
			pr_err("kmm: highmem=%lluM leaves %lluM of lowmem; it must be 4M..896M\n",
			       (unsigned long long)m->highmem_size >> 20,
			       (unsigned long long)(m->highmem_size < end ? end - m->highmem_size
									  : 0) >>
				       20);
			return -EINVAL;
		}
		kmm_lowmem_end = end - m->highmem_size;
	}
	kmm_lowmem_end = ALIGN_DOWN(kmm_lowmem_end, 1UL << SECTION_SIZE_BITS);
	if (kmm_lowmem_end < (1UL << SECTION_SIZE_BITS)) {
		pr_err("kmm: lowmem would be smaller than one 4M section\n");
		return -EINVAL;
	}
	return 0;
}

static int setup_memblock(void)
{
	memblock_reset();
	memblock_set_debug(kmm_machine.memblock_debug);
	for (int i = 0; i < e820_nr; i++) {
		struct e820_entry *e = &e820_table[i];

		if (memblock_add(e->start, e->end - e->start))
			return -ENOMEM;
		if (e->type == E820_RESERVED && memblock_reserve(e->start, e->end - e->start))
			return -ENOMEM;
	}
	return 0;
}

/* numa=fake=N: N nodes of equal size, on section boundaries. */
static int setup_numa(unsigned int nr_nodes, phys_addr_t end)
{
	phys_addr_t size = ALIGN_DOWN(end / nr_nodes, 1UL << SECTION_SIZE_BITS);

	if (nr_nodes > 1 && size == 0) {
		pr_err("kmm: numa=fake=%u: nodes would be smaller than 4M\n", nr_nodes);
		return -EINVAL;
	}
	for (unsigned int nid = 0; nid < nr_nodes; nid++) {
		phys_addr_t s = nid * size;
		phys_addr_t e = nid == nr_nodes - 1 ? end : s + size;

		memblock_set_node(s, e - s, &memblock.memory, (int)nid);
		if (nr_nodes > 1)
			pr_info("Faking node %u at [mem 0x%016llx-0x%016llx] (%lluMB)\n", nid,
				(unsigned long long)s, (unsigned long long)e - 1,
				(unsigned long long)(e - s) >> 20);
	}
	return 0;
}

/* Reserve the kernel's address range and map lowmem RAM into it. */
static int setup_direct_map(const struct kmm_machine *m)
{
	phys_addr_t start, end;
	void *hint = NULL;
	u64 i;
	int ret;

	kmm_kernel_va_size = kmm_lowmem_end;
	if (m->layout == KMM_LAYOUT_X86_32) {
		kmm_kernel_va_size = SZ_1G;
		hint = (void *)X86_32_PAGE_OFFSET;
	}
	ret = host_va_reserve(hint, kmm_kernel_va_size, &kmm_kernel_va);
	if (ret)
		return ret;
	kmm_page_offset = (unsigned long)kmm_kernel_va;
	high_memory = __va(kmm_lowmem_end);
	for_each_mem_range(i, &start, &end) {
		if (start >= kmm_lowmem_end)
			break;
		end = min(end, kmm_lowmem_end);
		ret = host_va_map_phys(__va(start), kmm_physmem_fd, start, end - start);
		if (ret)
			return ret;
	}
	pr_info("direct map: [mem 0x%016llx-0x%016llx] at %#lx (PAGE_OFFSET)\n", 0ULL,
		(unsigned long long)kmm_lowmem_end - 1, kmm_page_offset);
	memblock_set_current_limit(kmm_lowmem_end);
	return 0;
}

/**
 * kmm_physmem_replace - back the machine with another RAM file
 * @fd: a copy of the RAM file (host_physmem_clone()), same size
 *
 * Every mapping of the old file (direct map, vmemmap) maps @fd instead, and
 * the old file is closed: a forked child's way to stop sharing RAM with its
 * parent.
 *
 * Context: kernel/fork.c, every CPU held, nothing else running.
 * Return: 0 or a host error (the mappings are then partly on each file).
 */
int kmm_physmem_replace(int fd)
{
	int ret = host_physmem_switch(kmm_physmem_fd, fd);

	if (!ret)
		kmm_physmem_fd = fd;
	return ret;
}

/**
 * setup_arch - build the machine from kmm_machine
 *
 * Context: kmm_boot(), single-threaded.
 * Return: 0, -EINVAL for an impossible machine, or a host error.
 */
int setup_arch(void)
{
	const struct kmm_machine *m = &kmm_machine;
	phys_addr_t end;
	int ret;

	if (host_page_size() != PAGE_SIZE) {
		pr_err("kmm: host page size %zu is not %lu\n", host_page_size(), PAGE_SIZE);
		return -EINVAL;
	}
	if (m->mem_size < SZ_8M) {
		pr_err("kmm: mem=%lluK is too small: a machine needs at least 8M\n",
		       (unsigned long long)m->mem_size >> 10);
		return -EINVAL;
	}
	if (e820_build(m))
		return -EINVAL;
	end = e820_end_of_ram();
	ret = setup_lowmem(m, end);
	if (ret)
		return ret;
	ret = host_physmem_create(end, &kmm_physmem_fd);
	if (ret)
		return ret;
	ret = setup_memblock();
	if (!ret)
		ret = setup_numa(m->nr_nodes, end);
	if (!ret)
		ret = setup_direct_map(m);
	if (m->memblock_bottom_up)
		memblock_set_bottom_up(true);
	return ret;
}

/* Undo setup_arch(); safe on a half-built machine. */
void teardown_arch(void)
{
	if (kmm_kernel_va)
		host_va_release(kmm_kernel_va, kmm_kernel_va_size);
	kmm_kernel_va = NULL;
	kmm_kernel_va_size = 0;
	kmm_page_offset = 0;
	high_memory = NULL;
	if (kmm_physmem_fd >= 0)
		host_physmem_destroy(kmm_physmem_fd);
	kmm_physmem_fd = -1;
	kmm_lowmem_end = 0;
	e820_nr = 0;
	memblock_reset();
}

/* /proc/iomem: the memory map as resources. */
int kmm_iomem_show(FILE *out)
{
	for (int i = 0; i < e820_nr; i++)
		fprintf(out, "%08llx-%08llx : %s\n", (unsigned long long)e820_table[i].start,
			(unsigned long long)e820_table[i].end - 1,
			e820_table[i].type == E820_RAM ? "System RAM" : "Reserved");
	return 0;
}
