/* SPDX-License-Identifier: MIT */
/*
 * <linux/cpumask.h> - the machine's CPUs and sets of them.
 *
 * A kmm machine has nr_cpu_ids virtual CPUs (nr_cpus= on the command line,
 * 1 before any boot), numbered 0..nr_cpu_ids-1.  They are all possible,
 * present and online for the machine's whole life: there is no hotplug.
 */
#ifndef _LINUX_CPUMASK_H
#define _LINUX_CPUMASK_H

#include <linux/bitops.h>
#include <linux/threads.h>
#include <linux/types.h>

/* Number of CPUs of the machine (set at boot, read-only while it runs). */
extern unsigned int nr_cpu_ids;

typedef struct cpumask {
	unsigned long bits[BITS_TO_LONGS(NR_CPUS)];
} cpumask_t;

#define cpumask_bits(maskp) ((maskp)->bits)
#define nr_cpumask_bits nr_cpu_ids

/* All CPUs of the machine (possible == present == online). */
extern struct cpumask __cpu_possible_mask;
#define cpu_possible_mask ((const struct cpumask *)&__cpu_possible_mask)
#define cpu_present_mask cpu_possible_mask
#define cpu_online_mask cpu_possible_mask
#define cpu_active_mask cpu_possible_mask

static inline void cpumask_set_cpu(unsigned int cpu, struct cpumask *dstp)
{
	set_bit(cpu, cpumask_bits(dstp));
}

static inline void cpumask_clear_cpu(unsigned int cpu, struct cpumask *dstp)
{
	clear_bit(cpu, cpumask_bits(dstp));
}

static inline bool cpumask_test_cpu(unsigned int cpu, const struct cpumask *srcp)
{
	return test_bit(cpu, cpumask_bits(srcp));
}

static inline void cpumask_clear(struct cpumask *dstp)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(NR_CPUS); i++)
		dstp->bits[i] = 0;
}

static inline void cpumask_copy(struct cpumask *dstp, const struct cpumask *srcp)
{
	*dstp = *srcp;
}

/* The first CPU in @srcp after @n (-1 to start), or nr_cpu_ids if none. */
static inline unsigned int cpumask_next(int n, const struct cpumask *srcp)
{
	for (unsigned int cpu = (unsigned int)(n + 1); cpu < nr_cpu_ids; cpu++)
		if (cpumask_test_cpu(cpu, srcp))
			return cpu;
	return nr_cpu_ids;
}

static inline unsigned int cpumask_first(const struct cpumask *srcp)
{
	return cpumask_next(-1, srcp);
}

static inline unsigned int cpumask_weight(const struct cpumask *srcp)
{
	unsigned int n = 0;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		n += cpumask_test_cpu(cpu, srcp);
	return n;
}

static inline bool cpumask_empty(const struct cpumask *srcp)
{
	return cpumask_first(srcp) >= nr_cpu_ids;
}

#define for_each_cpu(cpu, mask)                                                                   \
	for ((cpu) = (__typeof__(cpu))cpumask_next(-1, (mask)); (unsigned int)(cpu) < nr_cpu_ids; \
	     (cpu) = (__typeof__(cpu))cpumask_next((int)(cpu), (mask)))

#define for_each_possible_cpu(cpu) for ((cpu) = 0; (unsigned int)(cpu) < nr_cpu_ids; (cpu)++)
#define for_each_present_cpu(cpu) for_each_possible_cpu(cpu)
#define for_each_online_cpu(cpu) for_each_possible_cpu(cpu)

#define num_possible_cpus() nr_cpu_ids
#define num_present_cpus() nr_cpu_ids
#define num_online_cpus() nr_cpu_ids
#define cpu_possible(cpu) ((unsigned int)(cpu) < nr_cpu_ids)
#define cpu_present(cpu) cpu_possible(cpu)
#define cpu_online(cpu) cpu_possible(cpu)
#define cpu_active(cpu) cpu_possible(cpu)

#endif /* _LINUX_CPUMASK_H */
