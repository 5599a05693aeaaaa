// SPDX-License-Identifier: MIT
/* A module that forgets to free: the program must report the leak and fail. */
#include <linux/gfp.h>
#include <linux/module.h>

static int __init leaky_init(void)
{
	return __get_free_pages(GFP_KERNEL, 1) ? 0 : -ENOMEM;
}

module_init(leaky_init);
MODULE_LICENSE("GPL");
