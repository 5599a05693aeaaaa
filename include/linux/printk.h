/* SPDX-License-Identifier: MIT */
/*
 * <linux/printk.h> - the kernel log: printk(), pr_*(), hex dumps, stack dumps.
 *
 * Every message goes to kmm's ring buffer (read it with kmm_dmesg(), or
 * /dev/kmsg through kmm_proc_show()).  A message whose level is below
 * console_loglevel is also written to the console, the process's standard
 * error.  kmm boots as if "quiet" were given: console_loglevel is 4, so
 * errors and worse reach the console and warnings only reach the log.
 *
 * A file may define pr_fmt(fmt) before including this header to prefix all
 * of its pr_*() messages, e.g. #define pr_fmt(fmt) KBUILD_MODNAME ": " fmt.
 */
#ifndef _LINUX_PRINTK_H
#define _LINUX_PRINTK_H

#include <linux/compiler.h>
#include <linux/kern_levels.h>
#include <linux/types.h>
#include <stdarg.h>

/* Level of a message printed without one (the kernel's default_message_loglevel). */
#define MESSAGE_LOGLEVEL_DEFAULT 4
#define CONSOLE_LOGLEVEL_SILENT 0  /* nothing reaches the console */
#define CONSOLE_LOGLEVEL_MIN 1	   /* the lowest value a user may set */
#define CONSOLE_LOGLEVEL_QUIET 4   /* "quiet": kmm's default */
#define CONSOLE_LOGLEVEL_DEFAULT 7 /* a kernel booted without "quiet" */
#define CONSOLE_LOGLEVEL_DEBUG 10  /* "debug": everything */
#define CONSOLE_LOGLEVEL_MOTORMOUTH 15

/* Messages with a level below this reach the console.  Default 4; loglevel= sets it. */
extern int console_loglevel;

/* Let everything reach the console from now on (oopses and panics call it). */
static inline void console_verbose(void)
{
	if (__atomic_load_n(&console_loglevel, __ATOMIC_RELAXED))
		__atomic_store_n(&console_loglevel, CONSOLE_LOGLEVEL_MOTORMOUTH, __ATOMIC_RELAXED);
}

/* The level digit of a "\001N..." format, or 0 if it has none. */
static inline int printk_get_level(const char *buffer)
{
	if (buffer[0] == KERN_SOH_ASCII && buffer[1]) {
		switch (buffer[1]) {
		case '0' ... '7':
		case 'c': return buffer[1];
		}
	}
	return 0;
}

/* @buffer without its level prefixes. */
static inline const char *printk_skip_level(const char *buffer)
{
	while (printk_get_level(buffer))
		buffer += 2;
	return buffer;
}

int vprintk(const char *fmt, va_list args) __printf(1, 0);
int printk(const char *fmt, ...) __printf(1, 2);
#define vprintk_emit(facility, level, dict, fmt, args) vprintk(fmt, args)
/* The kernel defers these to avoid scheduler locks; kmm's printk() is safe anywhere. */
#define printk_deferred(fmt, ...) printk(fmt, ##__VA_ARGS__)

/* Compiles the arguments (so they are type-checked) but prints nothing. */
#define no_printk(fmt, ...)                         \
	({                                          \
		if (0)                              \
			printk(fmt, ##__VA_ARGS__); \
		0;                                  \
	})

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define pr_emerg(fmt, ...) printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...) printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warning pr_warn
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
/* Continue the line this thread left open; no pr_fmt() prefix. */
#define pr_cont(fmt, ...) printk(KERN_CONT fmt, ##__VA_ARGS__)

/* pr_debug() and pr_devel() print only in files compiled with DEBUG defined. */
#ifdef DEBUG
#define pr_devel(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_devel(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

/* ---- once per call site ---- */

#define printk_once(fmt, ...)                                                              \
	({                                                                                 \
		static bool __print_once;                                                  \
		bool __ret_print_once = !__atomic_load_n(&__print_once, __ATOMIC_RELAXED); \
		if (unlikely(__ret_print_once) &&                                          \
		    !__atomic_exchange_n(&__print_once, true, __ATOMIC_RELAXED))           \
			printk(fmt, ##__VA_ARGS__);                                        \
		unlikely(__ret_print_once);                                                \
	})

#define printk_deferred_once(fmt, ...) printk_once(fmt, ##__VA_ARGS__)
#define pr_emerg_once(fmt, ...) printk_once(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert_once(fmt, ...) printk_once(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit_once(fmt, ...) printk_once(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_once(fmt, ...) printk_once(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...) printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_once(fmt, ...) printk_once(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_once(fmt, ...) printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont_once(fmt, ...) printk_once(KERN_CONT pr_fmt(fmt), ##__VA_ARGS__)
#ifdef DEBUG
#define pr_debug_once(fmt, ...) printk_once(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug_once(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

/* ---- rate limiting ---- */

/*
 * struct ratelimit_state - allow @burst events per @interval.
 *
 * @interval is in jiffies; a kmm jiffy is one millisecond (HZ is 1000).  All
 * other fields are private and protected by @lock (an atomic flag: a caller
 * that finds it taken is simply told "no").
 */
struct ratelimit_state {
	int lock;
	int interval;
	int burst;
	int printed;
	int missed;
	u64 begin_ns;
};

#define DEFAULT_RATELIMIT_INTERVAL 5000 /* 5 s */
#define DEFAULT_RATELIMIT_BURST 10

#define RATELIMIT_STATE_INIT(name, interval_init, burst_init)      \
	{                                                          \
		.interval = (interval_init), .burst = (burst_init) \
	}
#define DEFINE_RATELIMIT_STATE(name, interval_init, burst_init) \
	struct ratelimit_state name = RATELIMIT_STATE_INIT(name, interval_init, burst_init)

/**
 * ___ratelimit - may this event be reported now?
 * @rs: the limit, usually one per call site
 * @func: reported as "<func>: N callbacks suppressed" when a new interval
 *	begins after suppressing some
 *
 * Context: any; never sleeps.
 * Return: nonzero if the caller should go ahead, 0 to stay silent.
 */
int ___ratelimit(struct ratelimit_state *rs, const char *func);
#define __ratelimit(state) ___ratelimit(state, __func__)

/* A global limit shared by every caller (10 messages per 5 seconds). */
int __printk_ratelimit(const char *func);
#define printk_ratelimit() __printk_ratelimit(__func__)

#define printk_ratelimited(fmt, ...)                                                \
	({                                                                          \
		static struct ratelimit_state __rs = RATELIMIT_STATE_INIT(          \
			__rs, DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST); \
		if (__ratelimit(&__rs))                                             \
			printk(fmt, ##__VA_ARGS__);                                 \
	})

#define pr_emerg_ratelimited(fmt, ...) printk_ratelimited(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert_ratelimited(fmt, ...) printk_ratelimited(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit_ratelimited(fmt, ...) printk_ratelimited(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_ratelimited(fmt, ...) printk_ratelimited(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_ratelimited(fmt, ...) printk_ratelimited(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_ratelimited(fmt, ...) printk_ratelimited(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_ratelimited(fmt, ...) printk_ratelimited(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#ifdef DEBUG
#define pr_debug_ratelimited(fmt, ...) printk_ratelimited(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug_ratelimited(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

/* ---- hex dumps ---- */

enum {
	DUMP_PREFIX_NONE,
	DUMP_PREFIX_ADDRESS,
	DUMP_PREFIX_OFFSET,
};

/**
 * hex_dump_to_buffer - format one line of a hex dump
 * @buf: the bytes
 * @len: how many (at most @rowsize are used)
 * @rowsize: bytes per line, 16 or 32 (anything else means 16)
 * @groupsize: bytes per group, 1, 2, 4 or 8, printed as one host-endian
 *	number; 1 when @len is not a multiple of it
 * @linebuf: where the text goes, always NUL-terminated if @linebuflen > 0
 * @linebuflen: size of @linebuf
 * @ascii: append the printable characters in a column of their own
 *
 * Context: any.
 * Return: the length of the whole line (as snprintf() counts), which is
 * larger than @linebuflen - 1 if it did not fit.
 */
int hex_dump_to_buffer(const void *buf, size_t len, int rowsize, int groupsize, char *linebuf,
		       size_t linebuflen, bool ascii);

/**
 * print_hex_dump - print a buffer as lines of hex (and ASCII)
 * @level: KERN_* level of every line
 * @prefix_str: printed at the start of every line
 * @prefix_type: DUMP_PREFIX_NONE, DUMP_PREFIX_ADDRESS or DUMP_PREFIX_OFFSET
 * @rowsize: bytes per line (16 or 32)
 * @groupsize: bytes per group (1, 2, 4 or 8)
 * @buf: the bytes
 * @len: how many
 * @ascii: add the ASCII column
 *
 * Context: any.
 */
void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize,
		    int groupsize, const void *buf, size_t len, bool ascii);

#define print_hex_dump_bytes(prefix_str, prefix_type, buf, len) \
	print_hex_dump(KERN_DEBUG, prefix_str, prefix_type, 16, 1, buf, len, true)
#ifdef DEBUG
#define print_hex_dump_debug(prefix_str, prefix_type, rowsize, groupsize, buf, len, ascii) \
	print_hex_dump(KERN_DEBUG, prefix_str, prefix_type, rowsize, groupsize, buf, len, ascii)
#else
#define print_hex_dump_debug(prefix_str, prefix_type, rowsize, groupsize, buf, len, ascii) \
	do {                                                                               \
	} while (0)
#endif

/* ---- stack dumps ---- */

/**
 * dump_stack_lvl - print who we are and how we got here
 * @log_lvl: KERN_* level of every line
 *
 * Prints "CPU: N PID: N Comm: name Tainted: ...", then "Call Trace:" with
 * one symbolized return address per line between <TASK> and </TASK>.
 *
 * Context: any; never sleeps, takes no kmm lock but the log's own.
 */
void dump_stack_lvl(const char *log_lvl);

/* dump_stack_lvl() at the default level. */
void dump_stack(void);

#endif /* _LINUX_PRINTK_H */
