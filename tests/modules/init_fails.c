// SPDX-License-Identifier: MIT
/* A module whose init fails: the program must say so and fail; exit must not run. */
#include <linux/module.h>
#include <linux/printk.h>

static int __init failing_init(void)
{
	return -ENODEV;
}

static void __exit failing_exit(void)
{
	pr_err("failing_exit must not run\n");
}

module_init(failing_init);
module_exit(failing_exit);
MODULE_LICENSE("GPL");
