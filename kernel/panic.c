// SPDX-License-Identifier: MIT
/*
 * kernel/panic.c - WARN, BUG, panic() and the taint flags.
 *
 * Theory
 * ------
 * 1. Reports.  Every report has the kernel's shape, so that what kmm prints
 *    reads (and greps) like a real kernel log:
 *
 *	WARN:  ------------[ cut here ]------------
 *	       [the WARN's message]
 *	       WARNING: CPU: 0 PID: 1234 at mm/page_alloc.c:123 func
 *	       Modules linked in:
 *	       CPU: 0 PID: 1234 Comm: test Not tainted kmm
 *	       Call Trace: / <TASK> / frames / </TASK>
 *	       ---[ end trace 0000000000000000 ]---
 *
 *	BUG:   ------------[ cut here ]------------
 *	       kernel BUG at mm/x.c:12!
 *	       invalid opcode: 0000 [#1] PREEMPT SMP
 *	       CPU line, RIP line, trace, end marker; then the process aborts
 *
 *	panic: Kernel panic - not syncing: <reason>
 *	       CPU line, trace
 *	       ---[ end Kernel panic - not syncing: <reason> ]---; abort
 *
 *    A WARN is filed at KERN_WARNING, so with kmm's quiet console it only
 *    reaches the log; BUG and panic make the console verbose first, as the
 *    kernel's oops and panic paths do, so the whole report reaches standard
 *    error before the process dies.  Each report holds the report lock
 *    (printk_report_lock()) so reports of different threads do not mix, and
 *    counts itself (kmm_report_count()).
 *
 * 2. Taints.  One word of flags with the kernel's bit numbers, set with
 *    atomic OR; WARN adds W, BUG adds D.  Like the kernel, a WARN taints
 *    after printing, so the first WARN's stack line still says "Not
 *    tainted".
 *
 * Differences from the kernel: no registers, no "Code:" line, and BUG does
 * not kill only the current task (there is no other task to keep running):
 * it ends the process with SIGABRT.
 */
#include <linux/kernel.h>
#include <linux/panic.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <kmm/kmm.h>

#include "arch/host/host.h"
#include "kernel/internal.h"

#define CUT_HERE "------------[ cut here ]------------\n"
#define END_TRACE "---[ end trace 0000000000000000 ]---\n"

int panic_on_warn;

static unsigned long tainted_mask;
static unsigned long report_count;
static int die_counter;
static int panic_started;

/* Letter shown when the flag is set, and when it is not. */
static const char taint_letters[TAINT_FLAGS_COUNT][2] = {
	[TAINT_PROPRIETARY_MODULE] = {'P', 'G'},
	[TAINT_FORCED_MODULE] = {'F', ' '},
	[TAINT_CPU_OUT_OF_SPEC] = {'S', ' '},
	[TAINT_FORCED_RMMOD] = {'R', ' '},
	[TAINT_MACHINE_CHECK] = {'M', ' '},
	[TAINT_BAD_PAGE] = {'B', ' '},
	[TAINT_USER] = {'U', ' '},
	[TAINT_DIE] = {'D', ' '},
	[TAINT_OVERRIDDEN_ACPI_TABLE] = {'A', ' '},
	[TAINT_WARN] = {'W', ' '},
	[TAINT_CRAP] = {'C', ' '},
	[TAINT_FIRMWARE_WORKAROUND] = {'I', ' '},
	[TAINT_OOT_MODULE] = {'O', ' '},
	[TAINT_UNSIGNED_MODULE] = {'E', ' '},
	[TAINT_SOFTLOCKUP] = {'L', ' '},
	[TAINT_LIVEPATCH] = {'K', ' '},
	[TAINT_AUX] = {'X', ' '},
	[TAINT_RANDSTRUCT] = {'T', ' '},
	[TAINT_TEST] = {'N', ' '},
};

/* ---------------------------------------------------------------------------
 * Taints and report counting.
 * ------------------------------------------------------------------------- */

/* add_taint(), test_taint(), get_taint() and print_tainted() are documented in <linux/panic.h>. */
void add_taint(unsigned int flag, enum lockdep_ok lockdep_ok)
{
	if (flag < TAINT_FLAGS_COUNT)
		__atomic_fetch_or(&tainted_mask, 1UL << flag, __ATOMIC_RELAXED);
}

int test_taint(unsigned int flag)
{
	return flag < TAINT_FLAGS_COUNT && (get_taint() & (1UL << flag));
}

unsigned long get_taint(void)
{
	return __atomic_load_n(&tainted_mask, __ATOMIC_RELAXED);
}

/**
 * taint_string - the taint column of a stack dump
 * @buf: where the text goes
 * @len: its size (TAINT_FLAGS_COUNT + 10 is enough)
 *
 * Context: any.
 */
void taint_string(char *buf, size_t len)
{
	unsigned long mask = get_taint();
	char s[sizeof("Tainted: ") + TAINT_FLAGS_COUNT];
	int pos;

	if (!mask) {
		snprintf(buf, len, "Not tainted");
		return;
	}
	pos = snprintf(s, sizeof(s), "Tainted: ");
	for (int i = 0; i < TAINT_FLAGS_COUNT; i++)
		s[pos++] = taint_letters[i][(mask >> i) & 1 ? 0 : 1];
	s[pos] = '\0';
	snprintf(buf, len, "%s", s);
}

const char *print_tainted(void)
{
	static __thread char buf[64];

	taint_string(buf, sizeof(buf));
	return buf;
}

/**
 * kmm_tainted - taint flags since process start (/proc/sys/kernel/tainted)
 *
 * Context: any.
 * Return: the mask, bit n for TAINT n.
 */
unsigned long kmm_tainted(void)
{
	return get_taint();
}

/**
 * report_count_inc - count one more report
 *
 * Every report (WARN, BUG, panic, "BUG: sleeping function ...", "BUG: Bad
 * page state", ...) calls it once.
 *
 * Context: any.
 */
void report_count_inc(void)
{
	__atomic_fetch_add(&report_count, 1, __ATOMIC_RELAXED);
}

/**
 * kmm_report_count - number of reports printed since process start
 *
 * Context: any.
 * Return: the count.
 */
unsigned long kmm_report_count(void)
{
	return __atomic_load_n(&report_count, __ATOMIC_RELAXED);
}

/* ---------------------------------------------------------------------------
 * WARN.
 * ------------------------------------------------------------------------- */

/* __kmm_warn() and __kmm_bug() are documented in <linux/bug.h>, panic() in <linux/panic.h>. */
noinline void __kmm_warn(const char *file, int line, const char *func, const char *fmt, ...)
{
	va_list args;

	printk_report_lock();
	printk(KERN_WARNING CUT_HERE);
	if (fmt) {
		va_start(args, fmt);
		vprintk(fmt, args);
		va_end(args);
	}
	printk(KERN_WARNING "WARNING: CPU: %d PID: %d at %s:%d %s\n", raw_smp_processor_id(),
	       current->pid, file, line, func);
	printk(KERN_DEFAULT "Modules linked in:\n");
	if (panic_on_warn)
		panic("kernel: panic_on_warn set ...\n");
	dump_stack_skip(KERN_DEFAULT, 1);
	printk(KERN_WARNING END_TRACE);
	add_taint(TAINT_WARN, LOCKDEP_STILL_OK);
	report_count_inc();
	printk_report_unlock();
}

/* ---------------------------------------------------------------------------
 * BUG and panic.
 * ------------------------------------------------------------------------- */

noinline void __kmm_bug(const char *file, int line, const char *func)
{
	char rip[256];

	console_verbose();
	host_symbolize(__builtin_return_address(0), rip, sizeof(rip));
	printk_report_lock();
	printk(KERN_DEFAULT CUT_HERE);
	pr_crit("kernel BUG at %s:%d!\n", file, line);
	printk(KERN_DEFAULT "invalid opcode: 0000 [#%d] PREEMPT SMP\n",
	       __atomic_add_fetch(&die_counter, 1, __ATOMIC_RELAXED));
	dump_stack_print_info(KERN_DEFAULT);
	printk(KERN_DEFAULT "RIP: 0010:%s (%s)\n", rip, func);
	show_stack_skip(KERN_DEFAULT, 1);
	printk(KERN_DEFAULT END_TRACE);
	add_taint(TAINT_DIE, LOCKDEP_NOW_UNRELIABLE);
	report_count_inc();
	printk_report_unlock();
	host_abort();
}

noinline void panic(const char *fmt, ...)
{
	char buf[1024];
	va_list args;
	int len;

	if (__atomic_exchange_n(&panic_started, 1, __ATOMIC_RELAXED))
		host_abort(); /* a panic while panicking */
	console_verbose();
	va_start(args, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	len = clamp(len, 0, (int)sizeof(buf) - 1);
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	printk_report_lock();
	pr_emerg("Kernel panic - not syncing: %s\n", buf);
	dump_stack_skip(KERN_DEFAULT, 1);
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	report_count_inc();
	printk_report_unlock();
	host_abort();
}
