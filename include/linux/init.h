/* SPDX-License-Identifier: MIT */
/*
 * <linux/init.h> - section markers for boot-only code and data.
 *
 * kmm keeps init code after boot (there is nothing to reclaim in a process),
 * so __init and friends only document intent.
 */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H

#include <linux/compiler.h>

#define __init __cold
#define __exit __cold
#define __initdata
#define __initconst
#define __exitdata
#define __meminit
#define __meminitdata
#define __refdata
#define __ref

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

#endif
