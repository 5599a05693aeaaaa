/* SPDX-License-Identifier: MIT */
/*
 * <kmm/numa.h> - kmm's conveniences for NUMA policies and per-node reports.
 *
 * The kernel API is <linux/mempolicy.h>: set_mempolicy() and get_mempolicy()
 * take the system calls' bitmaps and bit counts.  These take a nodemask_t.
 * The per-node files are also reachable by path through kmm_proc_show():
 * "/sys/devices/system/node/nodeN/numastat" and ".../nodeN/meminfo".
 */
#ifndef KMM_NUMA_H
#define KMM_NUMA_H

#include <linux/nodemask.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * kmm_set_mempolicy - set_mempolicy() with a nodemask_t
 * @mode: MPOL_* ORed with mode flags
 * @nodes: the nodes, or NULL for none
 *
 * Context: process context.
 * Return: as set_mempolicy().
 */
long kmm_set_mempolicy(int mode, const nodemask_t *nodes);

/**
 * kmm_get_mempolicy - get_mempolicy() of the calling thread, into a nodemask_t
 * @mode: where to store the mode and its mode flags, or NULL
 * @nodes: where to store the nodes, or NULL
 *
 * Context: process context.
 * Return: 0.
 */
long kmm_get_mempolicy(int *mode, nodemask_t *nodes);

/**
 * kmm_node_numastat_show - print /sys/devices/system/node/node@nid/numastat
 * @nid: the node
 * @out: where to print
 *
 * The kernel's six counters (numa_hit, numa_miss, numa_foreign,
 * interleave_hit, local_node, other_node), summed over the node's zones.
 *
 * Context: process context; reads counters without locks.
 * Return: 0, or -ENOENT if @nid is not an online node.
 */
int kmm_node_numastat_show(int nid, FILE *out);

/**
 * kmm_node_meminfo_show - print /sys/devices/system/node/node@nid/meminfo
 * @nid: the node
 * @out: where to print
 *
 * The lines kmm has of the kernel's file: MemTotal, MemFree, MemUsed and,
 * on the x86_32 layout, HighTotal, HighFree, LowTotal, LowFree.
 *
 * Context: process context; reads counters without locks.
 * Return: 0, or -ENOENT if @nid is not an online node.
 */
int kmm_node_meminfo_show(int nid, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* KMM_NUMA_H */
