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

#define LOCAL_DISTANCE 10
#define REMOTE_DISTANCE 20

int cpu_to_node(int cpu);
int node_distance(int from, int to);
/* Node of the CPU the calling thread runs (or last ran) on. */
int numa_node_id(void);
#define numa_mem_id() numa_node_id()

#endif
