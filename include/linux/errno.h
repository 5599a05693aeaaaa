/* SPDX-License-Identifier: MIT */
/*
 * <linux/errno.h> - error numbers.
 *
 * The values are the kernel's (and the host's, on Linux).  This header is
 * also what the C library's <errno.h> reaches for when kmm's include
 * directory comes first, so it must define the numbers itself and must not
 * include <errno.h>.
 */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#include <asm-generic/errno.h>

#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) __builtin_expect((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO, 0)

#endif
