/* SPDX-License-Identifier: MIT */
/*
 * <linux/build_bug.h> - assertions checked by the compiler.
 *
 * The condition of BUILD_BUG_ON() must be an integer constant expression (it
 * becomes a C11 _Static_assert); the kernel also accepts conditions that are
 * constant only after optimisation, kmm does not.  BUILD_BUG() fails the
 * build if a call to it survives optimisation.
 */
#ifndef _LINUX_BUILD_BUG_H
#define _LINUX_BUILD_BUG_H

#include <linux/compiler.h>

/* Fail the build with @msg if @cond is true. */
#define BUILD_BUG_ON_MSG(cond, msg)           \
	do {                                  \
		_Static_assert(!(cond), msg); \
	} while (0)

/* Fail the build if @condition is true. */
#define BUILD_BUG_ON(condition) BUILD_BUG_ON_MSG(condition, "BUILD_BUG_ON failed: " #condition)

/* Fail the build unless @n is a power of two. */
#define BUILD_BUG_ON_NOT_POWER_OF_2(n) BUILD_BUG_ON((n) == 0 || (((n) & ((n)-1)) != 0))

/* Type-check @e without evaluating it. */
#define BUILD_BUG_ON_INVALID(e) ((void)(sizeof((long)(e))))

extern void __kmm_build_bug(void) __attribute__((__error__("BUILD_BUG failed")));
/* A line that must be optimised away: the build fails if a call remains. */
#define BUILD_BUG() __kmm_build_bug()

#ifndef BUILD_BUG_ON_ZERO
/* 0 in an expression, or a build failure if @e is true. */
#define BUILD_BUG_ON_ZERO(e) ((int)(sizeof(struct { int : (-!!(e)); })))
#endif

#endif /* _LINUX_BUILD_BUG_H */
