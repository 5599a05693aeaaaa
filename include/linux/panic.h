/* SPDX-License-Identifier: MIT */
/*
 * <linux/panic.h> - panic() and taint flags.
 *
 * A taint records that something went wrong since the process started
 * (kmm's "boot" of the kernel is the process): TAINT_WARN after a WARN,
 * TAINT_DIE after a BUG, TAINT_BAD_PAGE after a bad page state.  The flags
 * use the kernel's bit numbers, so kmm_tainted() reads like
 * /proc/sys/kernel/tainted, and every stack dump shows them as letters.
 */
#ifndef _LINUX_PANIC_H
#define _LINUX_PANIC_H

#include <linux/compiler.h>
#include <linux/types.h>

/**
 * panic - stop the machine: print the reason and a stack, then abort
 * @fmt: printf-style reason
 *
 * Prints "Kernel panic - not syncing: <reason>", the stack, and
 * "---[ end Kernel panic - not syncing: <reason> ]---", then terminates the
 * process with SIGABRT.
 *
 * Context: any.
 */
__noreturn __cold void panic(const char *fmt, ...) __printf(1, 2);

/* Set to make every WARN a panic (the panic_on_warn= parameter). */
extern int panic_on_warn;

#define TAINT_PROPRIETARY_MODULE 0
#define TAINT_FORCED_MODULE 1
#define TAINT_CPU_OUT_OF_SPEC 2
#define TAINT_FORCED_RMMOD 3
#define TAINT_MACHINE_CHECK 4
#define TAINT_BAD_PAGE 5
#define TAINT_USER 6
#define TAINT_DIE 7
#define TAINT_OVERRIDDEN_ACPI_TABLE 8
#define TAINT_WARN 9
#define TAINT_CRAP 10
#define TAINT_FIRMWARE_WORKAROUND 11
#define TAINT_OOT_MODULE 12
#define TAINT_UNSIGNED_MODULE 13
#define TAINT_SOFTLOCKUP 14
#define TAINT_LIVEPATCH 15
#define TAINT_AUX 16
#define TAINT_RANDSTRUCT 17
#define TAINT_TEST 18
#define TAINT_FLAGS_COUNT 19
#define TAINT_FLAGS_MAX ((1UL << TAINT_FLAGS_COUNT) - 1)

enum lockdep_ok {
	LOCKDEP_STILL_OK,
	LOCKDEP_NOW_UNRELIABLE,
};

/**
 * add_taint - record that something went wrong
 * @flag: TAINT_* bit number
 * @lockdep_ok: whether lock debugging may still be trusted (kmm keeps it on)
 *
 * Context: any.
 */
void add_taint(unsigned int flag, enum lockdep_ok lockdep_ok);

/* True if @flag was ever added.  Context: any. */
int test_taint(unsigned int flag);

/* The taint mask (bit n set for TAINT n).  Context: any. */
unsigned long get_taint(void);

/**
 * print_tainted - the taint state as the kernel prints it
 *
 * "Not tainted", or "Tainted: " followed by one column per flag: its letter
 * if set, else a space ('G' in the first column when no proprietary module).
 *
 * Context: any; the string is the calling thread's and valid until its next call.
 * Return: the string.
 */
const char *print_tainted(void);

#endif /* _LINUX_PANIC_H */
