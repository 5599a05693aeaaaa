/* SPDX-License-Identifier: MIT */
/* <linux/stringify.h> - turn a macro's expansion into a string. */
#ifndef _LINUX_STRINGIFY_H
#define _LINUX_STRINGIFY_H

#define __stringify_1(x...) #x
/* The string of @x after macro expansion: __stringify(NR_CPUS) is "64". */
#define __stringify(x...) __stringify_1(x)

#endif /* _LINUX_STRINGIFY_H */
