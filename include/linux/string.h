/* SPDX-License-Identifier: MIT */
/* <linux/string.h> - the C library's string functions serve the kernel's. */
#ifndef _LINUX_STRING_H
#define _LINUX_STRING_H

#include <string.h>

#endif
