/* SPDX-License-Identifier: MIT */
/*
 * <linux/nodemask.h> - sets of NUMA nodes.
 *
 * node_online_map is written only at boot and shutdown and read anywhere.
 */
#ifndef _LINUX_NODEMASK_H
#define _LINUX_NODEMASK_H

#include <linux/bitops.h>
#include <linux/numa.h>

typedef struct {
	unsigned long bits[BITS_TO_LONGS(MAX_NUMNODES)];
} nodemask_t;

extern nodemask_t node_online_map;

#define NODE_MASK_NONE ((nodemask_t){{0}})
#define NODE_MASK_ALL ((nodemask_t){{(1UL << MAX_NUMNODES) - 1}})

static inline void node_set(int node, nodemask_t *m)
{
	__set_bit(node, m->bits);
}
static inline void node_clear(int node, nodemask_t *m)
{
	__clear_bit(node, m->bits);
}
static inline bool node_isset(int node, const nodemask_t *m)
{
	return node >= 0 && node < MAX_NUMNODES && test_bit(node, m->bits);
}
static inline void nodes_clear(nodemask_t *m)
{
	m->bits[0] = 0;
}
static inline int nodes_weight(const nodemask_t *m)
{
	return (int)hweight_long(m->bits[0]);
}
static inline bool nodes_empty(const nodemask_t *m)
{
	return m->bits[0] == 0;
}

static inline int next_node(int n, const nodemask_t *m)
{
	for (n++; n < MAX_NUMNODES; n++)
		if (test_bit(n, m->bits))
			return n;
	return MAX_NUMNODES;
}

static inline int first_node(const nodemask_t *m)
{
	return next_node(-1, m);
}

#define for_each_node_mask(node, mask)                            \
	for ((node) = first_node(&(mask)); (node) < MAX_NUMNODES; \
	     (node) = next_node((node), &(mask)))

static inline bool node_online(int nid)
{
	return node_isset(nid, &node_online_map);
}
static inline int num_online_nodes(void)
{
	return nodes_weight(&node_online_map);
}
static inline int next_online_node(int nid)
{
	return next_node(nid, &node_online_map);
}
#define first_online_node first_node(&node_online_map)
#define nr_online_nodes num_online_nodes()
#define for_each_online_node(node) for_each_node_mask(node, node_online_map)
#define for_each_node(node) for_each_online_node(node)

#endif
