// SPDX-License-Identifier: MIT
/*
 * kernel/params.c - the kernel command line that describes a kmm machine.
 *
 * Theory
 * ------
 * A machine is described the way a kernel is told about one: by its command
 * line.  Parsing fills struct kmm_machine (mm/internal.h), starting from the
 * default machine's values, so "mem=256M" means "the default machine with
 * 256 MiB".  Each parameter has a handler in param_table[]; a handler returns
 * 0 or -EINVAL after saying what is wrong.
 *
 *   known parameter, good value    -> applied
 *   known parameter, bad value     -> boot fails with -EINVAL and a message
 *   unknown parameter              -> reported (as the kernel's "Unknown kernel
 *                                     command line parameters"), boot goes on
 *
 * Sizes take the kernel's memparse() suffixes (K, M, G, T; 0x for hex).
 * Parsing has no locking: it runs inside kmm_boot(), which is single-threaded.
 *
 * Differences from the kernel: `layout=` and `memblock=bottomup` are kmm's;
 * `memmap=nn$ss` keeps the range as RAM that is reserved (the kernel would
 * make it a firmware "reserved" e820 range), and `memmap=nn#ss` makes a hole
 * (the kernel would call it ACPI data) — see the README.
 */
#include <linux/kernel.h>
#include <linux/mmzone.h>
#include <linux/sizes.h>
#include <linux/threads.h>

#include "arch/host/host.h"
#include "mm/internal.h"
#include "mm/slab.h"

#include <kmm/kmm.h>

#include <stdlib.h>
#include <string.h>

struct kmm_machine kmm_machine;

struct kernel_param {
	const char *name; /* "mem" matches "mem=..."; a name ending in '=' is never used */
	int (*set)(const char *val, struct kmm_machine *m);
	const char *help;
};

/* memparse: a number with an optional K/M/G/T/P/E suffix. */
static int param_size(const char *name, const char *val, phys_addr_t *out)
{
	char *end;
	unsigned long long v;

	if (!val || !*val)
		goto bad;
	v = strtoull(val, &end, 0);
	switch (*end) {
	case 'E':
	case 'e': v <<= 10; /* fall through */
	case 'P':
	case 'p': v <<= 10; /* fall through */
	case 'T':
	case 't': v <<= 10; /* fall through */
	case 'G':
	case 'g': v <<= 10; /* fall through */
	case 'M':
	case 'm': v <<= 10; /* fall through */
	case 'K':
	case 'k':
		v <<= 10;
		end++;
		break;
	default: break;
	}
	if (end == val || *end)
		goto bad;
	*out = v;
	return 0;
bad:
	pr_err("kmm: %s=%s: not a size (use e.g. 512M, 4G, 0x100000)\n", name, val ? val : "");
	return -EINVAL;
}

static int param_uint(const char *name, const char *val, unsigned int lo, unsigned int hi,
		      unsigned int *out)
{
	char *end;
	unsigned long v;

	if (!val || !*val)
		goto bad;
	v = strtoul(val, &end, 0);
	if (*end || v < lo || v > hi)
		goto bad;
	*out = (unsigned int)v;
	return 0;
bad:
	pr_err("kmm: %s=%s: expected a number from %u to %u\n", name, val ? val : "", lo, hi);
	return -EINVAL;
}

static int set_mem(const char *val, struct kmm_machine *m)
{
	return param_size("mem", val, &m->mem_size);
}

static int set_highmem(const char *val, struct kmm_machine *m)
{
	return param_size("highmem", val, &m->highmem_size);
}

static int set_layout(const char *val, struct kmm_machine *m)
{
	if (val && (!strcmp(val, "x86_32") || !strcmp(val, "32") || !strcmp(val, "i386")))
		m->layout = KMM_LAYOUT_X86_32;
	else if (val && (!strcmp(val, "x86_64") || !strcmp(val, "64")))
		m->layout = KMM_LAYOUT_X86_64;
	else {
		pr_err("kmm: layout=%s: expected x86_32 or x86_64\n", val ? val : "");
		return -EINVAL;
	}
	return 0;
}

/* One "nn[KMG]<type>ss[KMG]" item of memmap=. */
static int memmap_one(char *item, struct kmm_machine *m)
{
	char *sep = strpbrk(item, "$#@!");
	struct kmm_memmap_arg *a;
	char type;

	if (!sep) {
		pr_err("kmm: memmap=%s: expected nn$ss (reserved), nn#ss (hole) or nn@ss (RAM)\n",
		       item);
		return -EINVAL;
	}
	type = *sep;
	*sep = '\0';
	if (type == '!') {
		pr_err("kmm: memmap=%s!...: persistent memory is not modelled\n", item);
		return -EINVAL;
	}
	if (m->nr_memmap >= (int)ARRAY_SIZE(m->memmap)) {
		pr_err("kmm: memmap=: at most %zu ranges\n", ARRAY_SIZE(m->memmap));
		return -EINVAL;
	}
	a = &m->memmap[m->nr_memmap];
	if (param_size("memmap", item, &a->size) || param_size("memmap", sep + 1, &a->start))
		return -EINVAL;
	if (!a->size || a->start + a->size < a->start) {
		pr_err("kmm: memmap=: empty or wrapping range\n");
		return -EINVAL;
	}
	a->type = type;
	m->nr_memmap++;
	return 0;
}

static int set_memmap(const char *val, struct kmm_machine *m)
{
	char buf[256], *item, *save = NULL;

	if (!val || strlen(val) >= sizeof(buf)) {
		pr_err("kmm: memmap=: missing or too long\n");
		return -EINVAL;
	}
	strcpy(buf, val);
	for (item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save))
		if (memmap_one(item, m))
			return -EINVAL;
	return 0;
}

static int set_numa(const char *val, struct kmm_machine *m)
{
	if (val && !strcmp(val, "off")) {
		m->nr_nodes = 1;
		return 0;
	}
	if (!val || strncmp(val, "fake=", 5)) {
		pr_err("kmm: numa=%s: expected numa=fake=N or numa=off\n", val ? val : "");
		return -EINVAL;
	}
	return param_uint("numa=fake", val + 5, 1, MAX_NUMNODES, &m->nr_nodes);
}

static int set_nr_cpus(const char *val, struct kmm_machine *m)
{
	return param_uint("nr_cpus", val, 1, NR_CPUS, &m->nr_cpus);
}

static int set_sticky_cpus(const char *val, struct kmm_machine *m)
{
	if (val && (!strcmp(val, "on") || !strcmp(val, "1")))
		m->strict_cpus = false;
	else if (val && (!strcmp(val, "off") || !strcmp(val, "0")))
		m->strict_cpus = true;
	else {
		pr_err("kmm: sticky_cpus=%s: expected on or off\n", val ? val : "");
		return -EINVAL;
	}
	return 0;
}

static int set_loglevel(const char *val, struct kmm_machine *m)
{
	unsigned int lvl;

	if (param_uint("loglevel", val, 0, 15, &lvl))
		return -EINVAL;
	m->loglevel = (int)lvl;
	return 0;
}

static int set_quiet(const char *val, struct kmm_machine *m)
{
	m->loglevel = 4;
	return 0;
}

static int set_debug(const char *val, struct kmm_machine *m)
{
	m->loglevel = 10;
	return 0;
}

static int set_memblock(const char *val, struct kmm_machine *m)
{
	if (val && !strcmp(val, "debug"))
		m->memblock_debug = true;
	else if (val && !strcmp(val, "bottomup"))
		m->memblock_bottom_up = true;
	else {
		pr_err("kmm: memblock=%s: expected debug or bottomup\n", val ? val : "");
		return -EINVAL;
	}
	return 0;
}

static int set_mminit_loglevel(const char *val, struct kmm_machine *m)
{
	return param_uint("mminit_loglevel", val, 0, 4, &m->mminit_loglevel);
}

static int set_min_free_kbytes(const char *val, struct kmm_machine *m)
{
	unsigned int kb;

	if (param_uint("min_free_kbytes", val, 0, 1U << 30, &kb))
		return -EINVAL;
	m->min_free_kbytes = (int)kb;
	return 0;
}

static int set_watermark_scale_factor(const char *val, struct kmm_machine *m)
{
	unsigned int f;

	if (param_uint("watermark_scale_factor", val, 1, 3000, &f))
		return -EINVAL;
	m->watermark_scale_factor = (int)f;
	return 0;
}

/* percpu_pagelist_fraction=N: per-CPU page lists of 1/N of a zone (mm/page_alloc.c). */
static int set_percpu_pagelist_fraction(const char *val, struct kmm_machine *m)
{
	return param_uint("percpu_pagelist_fraction", val, 8, UINT_MAX,
			  &m->percpu_pagelist_fraction);
}

/* slab_debug=[FZPU][,cache,...]: the slab allocator's debug checks (mm/slub_debug.c). */
static int set_slab_debug(const char *val, struct kmm_machine *m)
{
	return slab_debug_setup(val);
}

static int set_slab_nomerge(const char *val, struct kmm_machine *m)
{
	m->slab_nomerge = true;
	return 0;
}

static int set_slab_merge(const char *val, struct kmm_machine *m)
{
	m->slab_nomerge = false;
	return 0;
}

/* The kernel's rule: raising the minimum order raises the maximum with it. */
static int set_slab_min_order(const char *val, struct kmm_machine *m)
{
	if (param_uint("slab_min_order", val, 0, MAX_PAGE_ORDER, &m->slab_min_order))
		return -EINVAL;
	m->slab_max_order = max(m->slab_max_order, m->slab_min_order);
	return 0;
}

/* ... and lowering the maximum lowers the minimum. */
static int set_slab_max_order(const char *val, struct kmm_machine *m)
{
	if (param_uint("slab_max_order", val, 0, MAX_PAGE_ORDER, &m->slab_max_order))
		return -EINVAL;
	m->slab_min_order = min(m->slab_min_order, m->slab_max_order);
	return 0;
}

static int set_slab_min_objects(const char *val, struct kmm_machine *m)
{
	return param_uint("slab_min_objects", val, 0, SLAB_MAX_OBJECTS, &m->slab_min_objects);
}

static const struct kernel_param param_table[] = {
	{"mem", set_mem, "RAM size (end of RAM), e.g. mem=512M"},
	{"layout", set_layout,
	 "x86_32 (DMA/Normal/HighMem, 896M lowmem) or x86_64 (DMA/DMA32/Normal)"},
	{"highmem", set_highmem, "x86_32: size of ZONE_HIGHMEM; the rest (at most 896M) is lowmem"},
	{"memmap", set_memmap, "nn$ss reserved RAM, nn#ss hole, nn@ss extra RAM; comma-separated"},
	{"numa", set_numa, "fake=N: N NUMA nodes of equal size; off: one node"},
	{"nr_cpus", set_nr_cpus, "number of CPUs (1..NR_CPUS)"},
	{"sticky_cpus", set_sticky_cpus,
	 "on (default): threads keep their virtual CPU between sections; off: strict"},
	{"loglevel", set_loglevel, "console log level: messages below it are printed (default 4)"},
	{"quiet", set_quiet, "loglevel=4"},
	{"debug", set_debug, "loglevel=10"},
	{"memblock", set_memblock, "debug: trace memblock calls; bottomup: allocate bottom-up"},
	{"mminit_loglevel", set_mminit_loglevel, "0..4: detail of the memory-init messages"},
	{"min_free_kbytes", set_min_free_kbytes,
	 "KiB kept free below the min watermarks (default: the kernel's sqrt rule)"},
	{"watermark_scale_factor", set_watermark_scale_factor,
	 "gap between watermarks in 1/10000 of a zone (1..3000, default 10)"},
	{"percpu_pagelist_fraction", set_percpu_pagelist_fraction,
	 "per-CPU page lists: high = 1/N of a zone, batch = high/4 (N >= 8; default: by zone "
	 "size)"},
	{"slab_debug", set_slab_debug,
	 "F Z P U checks, optionally ,cache,... (no value: FZPU for every cache)"},
	{"slub_debug", set_slab_debug, "old name of slab_debug"},
	{"slab_nomerge", set_slab_nomerge, "never merge a new cache into a compatible one"},
	{"slub_nomerge", set_slab_nomerge, "old name of slab_nomerge"},
	{"slab_merge", set_slab_merge, "merge compatible caches (the default)"},
	{"slub_merge", set_slab_merge, "old name of slab_merge"},
	{"slab_min_order", set_slab_min_order,
	 "smallest slab order (0..10, default 0); raises slab_max_order if needed"},
	{"slub_min_order", set_slab_min_order, "old name of slab_min_order"},
	{"slab_max_order", set_slab_max_order,
	 "largest slab order chosen for little waste (0..10, default 3); lowers slab_min_order"},
	{"slub_max_order", set_slab_max_order, "old name of slab_max_order"},
	{"slab_min_objects", set_slab_min_objects,
	 "objects a slab should hold (0..32767; 0, the default: 4 * (fls(nr_cpus) + 1))"},
	{"slub_min_objects", set_slab_min_objects, "old name of slab_min_objects"},
};

void kmm_params_help(FILE *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(param_table); i++)
		fprintf(out, "  %-16s %s\n", param_table[i].name, param_table[i].help);
}

static const struct kernel_param *param_find(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(param_table); i++)
		if (strlen(param_table[i].name) == len && !strncmp(param_table[i].name, name, len))
			return &param_table[i];
	return NULL;
}

static void machine_defaults(struct kmm_machine *m)
{
	memset(m, 0, sizeof(*m));
	m->layout = KMM_LAYOUT_X86_32;
	m->mem_size = SZ_1G;
	m->highmem_size = ~(phys_addr_t)0;
	m->nr_nodes = 1;
	m->nr_cpus = 2;
	m->loglevel = -1;
	m->min_free_kbytes = -1;
	m->watermark_scale_factor = 10;
	m->slab_max_order = PAGE_ALLOC_COSTLY_ORDER;
	slab_debug_reset();
}

/* Apply one "name[=value]" word; unknown words are collected in @unknown. */
static int param_apply(char *word, struct kmm_machine *m, char *unknown, size_t ulen)
{
	char *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	const struct kernel_param *p = param_find(word, len);

	if (!p) {
		size_t used = strlen(unknown);

		snprintf(unknown + used, ulen - used, "%s%s", used ? " " : "", word);
		return 0;
	}
	return p->set(eq ? eq + 1 : NULL, m);
}

/**
 * kmm_parse_cmdline - fill kmm_machine from a command line
 * @cmdline: the command line, or NULL for KMM_DEFAULT_CMDLINE
 *
 * The environment variable KMM_BOOT_APPEND, when set, is appended to every
 * command line (a test suite runs again with sticky_cpus=off this way).
 *
 * Context: boot (single-threaded).
 * Return: 0, or -EINVAL after printing what is wrong.
 */
int kmm_parse_cmdline(const char *cmdline)
{
	struct kmm_machine *m = &kmm_machine;
	char buf[sizeof(m->cmdline)], unknown[512] = "", *word, *save = NULL;
	const char *extra;

	machine_defaults(m);
	if (!cmdline)
		cmdline = KMM_DEFAULT_CMDLINE;
	if (strlen(cmdline) >= sizeof(buf)) {
		pr_err("kmm: command line longer than %zu bytes\n", sizeof(buf) - 1);
		return -EINVAL;
	}
	extra = host_getenv("KMM_BOOT_APPEND");
	if (snprintf(m->cmdline, sizeof(m->cmdline), "%s%s%s", cmdline, extra ? " " : "",
		     extra ? extra : "") >= (int)sizeof(m->cmdline)) {
		pr_err("kmm: command line and $KMM_BOOT_APPEND longer than %zu bytes\n",
		       sizeof(buf) - 1);
		return -EINVAL;
	}
	strcpy(buf, m->cmdline);
	for (word = strtok_r(buf, " \t\n", &save); word; word = strtok_r(NULL, " \t\n", &save))
		if (param_apply(word, m, unknown, sizeof(unknown)))
			return -EINVAL;
	if (unknown[0])
		pr_notice("Unknown kernel command line parameters \"%s\", will be ignored.\n",
			  unknown);
	return 0;
}

/* /proc/cmdline */
int kmm_cmdline_show(FILE *out)
{
	fprintf(out, "%s\n", kmm_machine.cmdline);
	return 0;
}
