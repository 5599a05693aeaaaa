/* SPDX-License-Identifier: MIT */
/* <linux/delay.h> - msleep(), udelay() and friends live in <linux/sched.h> in kmm. */
#ifndef _LINUX_DELAY_H
#define _LINUX_DELAY_H

#include <linux/sched.h>

#endif
