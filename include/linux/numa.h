/* SPDX-License-Identifier: MIT */
/* <linux/numa.h> - the compile-time node limit (CONFIG_NODES_SHIFT). */
#ifndef _LINUX_NUMA_H
#define _LINUX_NUMA_H

#define NODES_SHIFT 3
#define MAX_NUMNODES (1 << NODES_SHIFT)
#define NUMA_NO_NODE (-1)

#endif
