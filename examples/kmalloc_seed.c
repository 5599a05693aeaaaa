// SPDX-License-Identifier: MIT
/* The seeds' kmalloc module (seed 000), verbatim - its misleading indentation included; the
 * blank lines held non-breaking spaces (a web page artefact), now plain spaces. */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>

static char *buffer = NULL;

static int __init kmalloc_init(void)
{
	if ((buffer = kmalloc(1024, GFP_KERNEL)) != NULL)
		printk("Memory Allocation\n");
	return 0;
}

static void __exit kmalloc_exit(void)
{
	if (buffer != NULL)
		kfree(buffer);
}

module_init(kmalloc_init);
module_exit(kmalloc_exit);
MODULE_LICENSE("GPL");
