/* SPDX-License-Identifier: MIT */
/* <linux/ratelimit.h> - struct ratelimit_state and __ratelimit() live in <linux/printk.h> in kmm.
 */
#ifndef _LINUX_RATELIMIT_H
#define _LINUX_RATELIMIT_H

#include <linux/printk.h>

#endif
