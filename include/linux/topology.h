/* SPDX-License-Identifier: MIT */
/*
 * <linux/topology.h> - which node a CPU belongs to, and node distances.
 *
 * With numa=fake=N the CPUs are split into N consecutive groups, one a node.
 * Distances follow the ACPI SLIT convention: 10 to itself, 20 to any other.
 */
#ifndef _LINUX_TOPOLOGY_H
#define _LINUX_TOPOLOGY_H

#include <linux/numa.h>
#include <linux/smp.h>
#include <linux/threads.h>

#define LOCAL_DISTANCE 10
#define REMOTE_DISTANCE 20

/* Node of each CPU (mm/mm_init.c fills it in at boot). */
extern int kmm_cpu_node_map[NR_CPUS];

/* Node of @cpu; 0 for a CPU number out of range.  Context: any. */
static inline int cpu_to_node(int cpu)
{
	return (unsigned int)cpu < NR_CPUS ? kmm_cpu_node_map[cpu] : 0;
}

int node_distance(int from, int to);

/* Node of the CPU the calling thread runs (or last ran) on.  Context: any. */
static inline int numa_node_id(void)
{
	return kmm_cpu_node_map[raw_smp_processor_id()];
}
#define numa_mem_id() numa_node_id()

#endif
