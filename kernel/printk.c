// SPDX-License-Identifier: MIT
/*
 * kernel/printk.c - the kernel log: ring buffer, console, dmesg.
 *
 * Theory
 * ------
 * 1. Records.  Every printk() becomes one or more records {seq, timestamp,
 *    level, writer pid, text} in a 256 KiB ring buffer.  A message with
 *    embedded newlines becomes one record per line; a message that does
 *    not end in a newline leaves its record *open*, and a KERN_CONT message
 *    from the same thread extends it (when another message came between,
 *    the continuation starts a record of its own, as in the kernel).
 *
 * 2. The ring.  Records are laid out back to back in log_buf, each a
 *    struct log_rec header followed by its text, padded to 8 bytes.  Live
 *    records are those with seq in [log_first_seq, log_next_seq); the
 *    oldest starts at log_first_idx, the next one goes to log_next_idx.  A
 *    record that does not fit before the end of the buffer goes to the
 *    start, leaving a header with rec_len 0 (or, with no room for even
 *    that, nothing) to say "continue at 0".  To make room, the oldest
 *    records are dropped: seq numbers keep counting, so a reader sees the
 *    gap.  Extending an open record removes it and stores it again, longer,
 *    under the same seq.  kmm_dmesg_clear() only moves log_clear_seq, as
 *    dmesg -C does; /dev/kmsg still shows everything.
 *
 * 3. The console.  A record whose level is below console_loglevel is also
 *    written to standard error as "[    1.234567] text", while the log
 *    lock is held so that console lines come out in seq order.
 *
 * 4. Locking.  printk() is called from everywhere: with spinlocks held,
 *    with interrupts disabled, from the CPU model itself.  So the log's
 *    lock (log_lock) is a plain test-and-set word with host_yield()
 *    backoff that knows nothing of preemption or virtual CPUs, and nothing
 *    under it calls out of this file except host_clock_ns() and
 *    host_console_write().  Multi-line reports (WARN, BUG, stack dumps)
 *    additionally hold the report lock, a recursive lock owned by a
 *    thread id, so that two threads' reports do not interleave; it is
 *    always taken before log_lock.
 *
 * Differences from the kernel: formatting is the C library's vsnprintf(),
 * so the kernel's %p extensions (%pS, %pa, %pG, ...) are not understood;
 * timestamps count from process start or the last kmm_boot(); there are no
 * console drivers, only standard error.
 */
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <stdio.h>

#include "arch/host/host.h"
#include "kernel/internal.h"

#define LOG_BUF_LEN (256 * 1024)
#define LOG_LINE_MAX 1024 /* text bytes of one record */
#define LOG_OPEN 1	  /* record flag: no newline yet, KERN_CONT may extend it */

struct log_rec {
	u64 seq;
	u64 ts_ns;   /* since the clock origin */
	u16 rec_len; /* header + text, padded; 0: continue at the start of the buffer */
	u16 text_len;
	u8 level;
	u8 flags;  /* LOG_OPEN */
	pid_t pid; /* writer, for continuations */
};

#define LOG_HDR ((u32)sizeof(struct log_rec))

int console_loglevel = CONSOLE_LOGLEVEL_QUIET;

/* All of the following is protected by log_lock_word. */
static int log_lock_word;
static char log_buf[LOG_BUF_LEN] __aligned(8);
static u32 log_first_idx, log_next_idx, log_last_idx;
static u64 log_first_seq, log_next_seq, log_clear_seq;
static u64 log_clock_origin;
static char log_scratch[LOG_LINE_MAX];
static bool console_line_open; /* the console's last line awaits a continuation */
static u64 console_line_seq;   /* ... of this record */

/* The report lock: owner thread id (atomic) and depth (owner only). */
static int report_owner;
static int report_depth;

static void cpu_relax_once(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#else
	barrier();
#endif
}

static void log_lock(void)
{
	unsigned int spins = 0;

	while (__atomic_exchange_n(&log_lock_word, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&log_lock_word, __ATOMIC_RELAXED)) {
			if (++spins < 128)
				cpu_relax_once();
			else
				host_yield();
		}
	}
}

static void log_unlock(void)
{
	__atomic_store_n(&log_lock_word, 0, __ATOMIC_RELEASE);
}

__attribute__((constructor)) static void printk_clock_init(void)
{
	log_clock_origin = host_clock_ns();
}

/**
 * printk_reset_clock - make timestamps count from now
 *
 * kmm_boot() calls it, so a machine's log starts near 0.000000 as a
 * kernel's does; before any boot timestamps count from process start.
 *
 * Context: any; never sleeps.
 */
void printk_reset_clock(void)
{
	log_lock();
	log_clock_origin = host_clock_ns();
	log_unlock();
}

/* ---------------------------------------------------------------------------
 * The ring buffer.  Every function here expects log_lock held.
 * ------------------------------------------------------------------------- */

static struct log_rec *log_rec_at(u32 idx)
{
	return (struct log_rec *)(log_buf + idx);
}

/* @idx, or 0 if the record there is really at the start of the buffer. */
static u32 log_norm(u32 idx)
{
	if (idx + LOG_HDR > LOG_BUF_LEN || log_rec_at(idx)->rec_len == 0)
		return 0;
	return idx;
}

static bool log_empty(void)
{
	return log_first_seq == log_next_seq;
}

static void log_drop_first(void)
{
	log_first_idx = log_norm(log_first_idx + log_rec_at(log_first_idx)->rec_len);
	log_first_seq++;
}

/* Is there room for a record of @size bytes without dropping any? */
static bool log_has_room(u32 size)
{
	if (log_empty()) {
		log_first_idx = log_next_idx = 0;
		return true;
	}
	if (log_next_idx > log_first_idx)
		return LOG_BUF_LEN - log_next_idx >= size || log_first_idx >= size;
	return log_first_idx - log_next_idx >= size;
}

/* Append a record; drops the oldest ones as needed.  Returns it. */
static struct log_rec *log_store(u64 seq, u64 ts, int level, int flags, pid_t pid, const char *text,
				 u32 len)
{
	u32 size = ALIGN(LOG_HDR + len, 8);
	struct log_rec *r;

	while (!log_has_room(size))
		log_drop_first();
	if (log_next_idx + size > LOG_BUF_LEN) {
		if (log_next_idx + LOG_HDR <= LOG_BUF_LEN)
			log_rec_at(log_next_idx)->rec_len = 0;
		log_next_idx = 0;
	}
	r = log_rec_at(log_next_idx);
	*r = (struct log_rec){.seq = seq,
			      .ts_ns = ts,
			      .rec_len = (u16)size,
			      .text_len = (u16)len,
			      .level = (u8)level,
			      .flags = (u8)flags,
			      .pid = pid};
	memcpy(r + 1, text, len);
	log_last_idx = log_next_idx;
	log_next_idx += size;
	log_next_seq = seq + 1;
	return r;
}

/* The open record @pid may extend, or NULL. */
static struct log_rec *log_open_record(pid_t pid)
{
	struct log_rec *r;

	if (log_empty())
		return NULL;
	r = log_rec_at(log_last_idx);
	if (!(r->flags & LOG_OPEN) || r->pid != pid || r->seq < log_clear_seq)
		return NULL;
	return r;
}

/* Store the last record again with @len more bytes of text. */
static struct log_rec *log_extend(struct log_rec *r, const char *text, u32 len, int flags)
{
	u32 old = r->text_len;
	struct log_rec hdr = *r;

	len = min(len, (u32)LOG_LINE_MAX - old);
	memcpy(log_scratch, r + 1, old);
	memcpy(log_scratch + old, text, len);
	log_next_idx = log_last_idx;
	log_next_seq = hdr.seq;
	return log_store(hdr.seq, hdr.ts_ns, hdr.level, flags, hdr.pid, log_scratch, old + len);
}

/* Walk every live record; the number of inconsistencies found. */
static int log_check(void)
{
	u32 idx = log_first_idx;
	int bad = 0;

	for (u64 seq = log_first_seq; seq < log_next_seq && !bad; seq++) {
		struct log_rec *r;

		idx = log_norm(idx);
		r = log_rec_at(idx);
		bad += r->seq != seq;
		bad += r->rec_len % 8 || r->rec_len < LOG_HDR + r->text_len;
		bad += idx + r->rec_len > LOG_BUF_LEN || r->text_len > LOG_LINE_MAX;
		idx += r->rec_len;
	}
	if (!bad && !log_empty())
		bad += idx != log_next_idx;
	return bad;
}

/* ---------------------------------------------------------------------------
 * The console.
 * ------------------------------------------------------------------------- */

static int log_format_ts(char *buf, size_t size, u64 ts_ns)
{
	return snprintf(buf, size, "[%5llu.%06llu] ", (unsigned long long)(ts_ns / 1000000000u),
			(unsigned long long)(ts_ns % 1000000000u / 1000u));
}

static bool console_wants(int level)
{
	return level < __atomic_load_n(&console_loglevel, __ATOMIC_RELAXED);
}

/* Show @len bytes of @text of record @r, extending its line if @cont. */
static void console_emit(const struct log_rec *r, const char *text, u32 len, bool cont)
{
	char ts[32];

	if (cont) {
		if (!console_line_open || console_line_seq != r->seq)
			return;
	} else {
		if (console_line_open)
			host_console_write("\n", 1);
		console_line_open = false;
		if (!console_wants(r->level))
			return;
		host_console_write(ts, (size_t)log_format_ts(ts, sizeof(ts), r->ts_ns));
	}
	host_console_write(text, len);
	console_line_open = r->flags & LOG_OPEN;
	console_line_seq = r->seq;
	if (!console_line_open)
		host_console_write("\n", 1);
}

/* ---------------------------------------------------------------------------
 * printk().
 * ------------------------------------------------------------------------- */

/* File one line of a message: extend @pid's open record or start a new one. */
static void log_line(int level, bool cont, pid_t pid, u64 ts, const char *text, u32 len,
		     bool newline)
{
	int flags = newline ? 0 : LOG_OPEN;
	struct log_rec *r = cont ? log_open_record(pid) : NULL;

	if (r) {
		r = log_extend(r, text, len, flags);
		console_emit(r, text, len, true);
	} else {
		r = log_store(log_next_seq, ts, level, flags, pid, text, len);
		console_emit(r, text, len, false);
	}
}

static void log_emit(int level, bool cont, const char *text, size_t len)
{
	pid_t pid = current->pid;
	const char *nl, *end = text + len;
	u64 ts;

	log_lock();
	ts = host_clock_ns() - log_clock_origin;
	do {
		nl = memchr(text, '\n', (size_t)(end - text));
		log_line(level, cont, pid, ts, text, (u32)((nl ? nl : end) - text), nl != NULL);
		text = nl ? nl + 1 : end;
		cont = false;
	} while (text < end);
	log_unlock();
}

/**
 * vprintk - printk() with a va_list
 * @fmt: format, optionally starting with KERN_* level prefixes
 * @args: its arguments
 *
 * Context: any; never sleeps.
 * Return: the number of characters of the formatted message.
 */
int vprintk(const char *fmt, va_list args)
{
	char text[LOG_LINE_MAX];
	int len, level = LOGLEVEL_DEFAULT, c;
	bool cont = false;
	const char *p = text;

	len = vsnprintf(text, sizeof(text), fmt, args);
	if (len < 0)
		return len;
	len = min(len, (int)sizeof(text) - 1);
	while ((c = printk_get_level(p))) {
		if (c == 'c')
			cont = true;
		else
			level = c - '0';
		p += 2;
	}
	if (level == LOGLEVEL_DEFAULT)
		level = MESSAGE_LOGLEVEL_DEFAULT;
	if (p < text + len)
		log_emit(level, cont, p, (size_t)(text + len - p));
	return len;
}

/**
 * printk - print a kernel message
 * @fmt: format, optionally starting with a KERN_* level
 *
 * The message goes to the log, and to the console if its level is below
 * console_loglevel.  Without a level it is filed at level 4 (warning).
 *
 * Context: any; never sleeps.
 * Return: the number of characters of the formatted message.
 */
int printk(const char *fmt, ...)
{
	va_list args;
	int r;

	va_start(args, fmt);
	r = vprintk(fmt, args);
	va_end(args);
	return r;
}

/* ---------------------------------------------------------------------------
 * Readers: dmesg and /dev/kmsg.
 * ------------------------------------------------------------------------- */

/* Where record @seq (live) is; @hint is where the previous read expected it. */
static u32 log_find(u64 seq, u32 hint)
{
	u32 idx;

	if (hint < LOG_BUF_LEN) {
		idx = log_norm(hint);
		if (log_rec_at(idx)->seq == seq)
			return idx;
	}
	/* First read, or the record was moved by log_extend(): walk. */
	for (idx = log_norm(log_first_idx); log_rec_at(idx)->seq != seq;)
		idx = log_norm(idx + log_rec_at(idx)->rec_len);
	return idx;
}

/*
 * Copy the record with the lowest seq >= *@seq (and its text, NUL-terminated)
 * and advance *@seq past it.  *@idx is a hint where it is, kept up to date.
 */
static bool log_read(u64 *seq, u32 *idx, struct log_rec *out, char *text)
{
	struct log_rec *r;
	bool found = false;

	log_lock();
	if (*seq < log_first_seq)
		*seq = log_first_seq;
	if (*seq < log_next_seq) {
		*idx = log_find(*seq, *idx);
		r = log_rec_at(*idx);
		*out = *r;
		memcpy(text, r + 1, r->text_len);
		text[r->text_len] = '\0';
		*idx += r->rec_len;
		*seq = r->seq + 1;
		found = true;
	}
	log_unlock();
	return found;
}

static u64 log_start_seq(bool after_clear)
{
	u64 seq;

	log_lock();
	seq = after_clear ? max(log_clear_seq, log_first_seq) : log_first_seq;
	log_unlock();
	return seq;
}

/**
 * kmm_dmesg - print the log since the last kmm_dmesg_clear(), as dmesg(1) does
 * @out: where to print "[    1.234567] text" lines
 *
 * Context: any; never holds the log lock while writing to @out.
 * Return: the number of records printed.
 */
int kmm_dmesg(FILE *out)
{
	char text[LOG_LINE_MAX + 1];
	u64 seq = log_start_seq(true);
	struct log_rec r;
	u32 idx = UINT32_MAX;
	char ts[32];
	int n = 0;

	for (; log_read(&seq, &idx, &r, text); n++) {
		log_format_ts(ts, sizeof(ts), r.ts_ns);
		fprintf(out, "%s%s\n", ts, text);
	}
	return n;
}

/* /dev/kmsg escapes what is not printable ASCII, and the backslash. */
static void kmsg_put_text(FILE *out, const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p < ' ' || *p >= 127 || *p == '\\')
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
}

/**
 * kmm_kmsg_show - print every record in /dev/kmsg format
 * @out: where to print "level,seq,usec,-;text" lines (text escaped as \xNN
 *	where not printable)
 *
 * Context: any.
 * Return: the number of records printed.
 */
int kmm_kmsg_show(FILE *out)
{
	char text[LOG_LINE_MAX + 1];
	u64 seq = log_start_seq(false);
	struct log_rec r;
	u32 idx = UINT32_MAX;
	int n = 0;

	for (; log_read(&seq, &idx, &r, text); n++) {
		fprintf(out, "%u,%llu,%llu,-;", r.level, (unsigned long long)r.seq,
			(unsigned long long)(r.ts_ns / 1000u));
		kmsg_put_text(out, text);
		fputc('\n', out);
	}
	return n;
}

/**
 * printk_check_invariants - walk the log ring and check every record
 *
 * Records are consecutive in seq, well formed and inside the buffer, and
 * the walk ends where the next record will go.  Violations are counted
 * (and reported after the log lock is dropped).
 *
 * Context: any; O(records).
 * Return: the number of violations (0 when all is well).
 */
int printk_check_invariants(void)
{
	int bad;

	log_lock();
	bad = log_check();
	log_unlock();
	if (bad)
		pr_err("printk: log ring is inconsistent (%d problems)\n", bad);
	return bad;
}

/**
 * kmm_dmesg_clear - hide the current records from kmm_dmesg() (dmesg -C)
 *
 * Context: any.
 */
void kmm_dmesg_clear(void)
{
	log_lock();
	log_clear_seq = log_next_seq;
	log_unlock();
}

/* ---------------------------------------------------------------------------
 * Reports: serialising them, stack dumps.
 * ------------------------------------------------------------------------- */

/**
 * printk_report_lock - keep other threads' reports out until the unlock
 *
 * Recursive per thread.  Spins (yielding the host CPU) while another
 * thread prints a report.
 *
 * Context: any; take no kmm lock and no CPU while holding it.
 */
void printk_report_lock(void)
{
	int me = current->pid, free = 0;
	unsigned int spins = 0;

	if (__atomic_load_n(&report_owner, __ATOMIC_RELAXED) == me) {
		report_depth++;
		return;
	}
	while (!__atomic_compare_exchange_n(&report_owner, &free, me, false, __ATOMIC_ACQUIRE,
					    __ATOMIC_RELAXED)) {
		free = 0;
		if (++spins < 128)
			cpu_relax_once();
		else
			host_yield();
	}
	report_depth = 1;
}

/**
 * printk_report_unlock - end what printk_report_lock() began
 *
 * Context: the holder of the report lock.
 */
void printk_report_unlock(void)
{
	if (--report_depth == 0)
		__atomic_store_n(&report_owner, 0, __ATOMIC_RELEASE);
}

/**
 * printk_fork_lock - hold the report lock and the log lock across fork()
 *
 * Context: kernel/fork.c, after every CPU is taken (see kernel/internal.h).
 */
void printk_fork_lock(void)
{
	printk_report_lock();
	log_lock();
}

/**
 * printk_fork_unlock - release what printk_fork_lock() took
 *
 * In a forked child the report lock names the parent's thread id; the
 * depth count releases it all the same.
 * Context: the task that called printk_fork_lock(), or its forked child.
 */
void printk_fork_unlock(void)
{
	log_unlock();
	printk_report_unlock();
}

#define STACK_MAX_FRAMES 64

/**
 * show_stack_skip - print "Call Trace:" and the caller's stack
 * @log_lvl: KERN_* level of each line
 * @skip: frames to leave out, counted from the caller's own
 *
 * Context: any; never sleeps.
 */
noinline void show_stack_skip(const char *log_lvl, int skip)
{
	void *frames[STACK_MAX_FRAMES];
	char sym[256];
	int n;

	n = host_backtrace(frames, STACK_MAX_FRAMES, skip + 1);
	printk_report_lock();
	printk("%sCall Trace:\n", log_lvl);
	printk("%s <TASK>\n", log_lvl);
	for (int i = 0; i < n; i++) {
		host_symbolize(frames[i], sym, sizeof(sym));
		printk("%s %s\n", log_lvl, sym);
	}
	printk("%s </TASK>\n", log_lvl);
	printk_report_unlock();
}

/**
 * dump_stack_print_info - print "CPU: N PID: N Comm: name <taint> kmm"
 * @log_lvl: KERN_* level of the line
 *
 * Context: any.
 */
void dump_stack_print_info(const char *log_lvl)
{
	struct task_struct *t = current;
	char taint[64];

	taint_string(taint, sizeof(taint));
	printk("%sCPU: %d PID: %d Comm: %.20s %s kmm\n", log_lvl, raw_smp_processor_id(), t->pid,
	       t->comm, taint);
}

/**
 * dump_stack_skip - dump_stack_lvl() for report code
 * @log_lvl: KERN_* level of each line
 * @skip: frames to leave out, counted from the caller's own (1 hides the
 *	reporting function itself)
 *
 * Context: any; never sleeps.
 */
noinline void dump_stack_skip(const char *log_lvl, int skip)
{
	printk_report_lock();
	dump_stack_print_info(log_lvl);
	show_stack_skip(log_lvl, skip + 1);
	printk_report_unlock();
}

/**
 * dump_stack_lvl - print the task line and the caller's stack
 * @log_lvl: KERN_* level of each line
 *
 * Context: any; never sleeps.
 */
noinline void dump_stack_lvl(const char *log_lvl)
{
	dump_stack_skip(log_lvl, 1);
	barrier(); /* keep this frame: the skip count relies on it */
}

/**
 * dump_stack - dump_stack_lvl() at the default level
 *
 * Context: any; never sleeps.
 */
noinline void dump_stack(void)
{
	dump_stack_skip(KERN_DEFAULT, 1);
	barrier();
}

/* ---------------------------------------------------------------------------
 * Rate limiting.
 * ------------------------------------------------------------------------- */

/**
 * ___ratelimit - may this event be reported now?
 * @rs: the limit
 * @func: named in the "callbacks suppressed" line
 *
 * Context: any; never sleeps.
 * Return: nonzero to go ahead, 0 to stay silent.
 */
int ___ratelimit(struct ratelimit_state *rs, const char *func)
{
	u64 now = host_clock_ns();
	int ok;

	if (!rs->interval)
		return 1;
	if (__atomic_exchange_n(&rs->lock, 1, __ATOMIC_ACQUIRE))
		return 0; /* somebody else is deciding right now: stay quiet */
	if (!rs->begin_ns)
		rs->begin_ns = now;
	if (now - rs->begin_ns >= (u64)rs->interval * 1000000u) {
		if (rs->missed)
			printk(KERN_WARNING "%s: %d callbacks suppressed\n", func, rs->missed);
		rs->begin_ns = now;
		rs->printed = 0;
		rs->missed = 0;
	}
	ok = rs->burst && rs->printed < rs->burst;
	if (ok)
		rs->printed++;
	else
		rs->missed++;
	__atomic_store_n(&rs->lock, 0, __ATOMIC_RELEASE);
	return ok;
}

/**
 * __printk_ratelimit - ___ratelimit() with one limit shared by all callers
 * @func: named in the "callbacks suppressed" line
 *
 * Context: any.
 * Return: nonzero to go ahead, 0 to stay silent.
 */
int __printk_ratelimit(const char *func)
{
	static DEFINE_RATELIMIT_STATE(printk_rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);

	return ___ratelimit(&printk_rs, func);
}

/* ---------------------------------------------------------------------------
 * Hex dumps.
 * ------------------------------------------------------------------------- */

#define HEX_LINE_MAX 160 /* 32 bytes: 95 hex and spaces, 2 spaces, 32 ASCII */

static u64 hex_group_value(const u8 *p, int groupsize)
{
	u16 v16;
	u32 v32;
	u64 v64;

	switch (groupsize) {
	case 8: memcpy(&v64, p, 8); return v64;
	case 4: memcpy(&v32, p, 4); return v32;
	case 2: memcpy(&v16, p, 2); return v16;
	default: return *p;
	}
}

/* hex_dump_to_buffer() and print_hex_dump() are documented in <linux/printk.h>. */
int hex_dump_to_buffer(const void *buf, size_t len, int rowsize, int groupsize, char *linebuf,
		       size_t linebuflen, bool ascii)
{
	const u8 *ptr = buf;
	char line[HEX_LINE_MAX];
	int pos = 0, ngroups, col;

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	len = min(len, (size_t)rowsize);
	if ((groupsize != 2 && groupsize != 4 && groupsize != 8) || len % (size_t)groupsize)
		groupsize = 1;
	ngroups = (int)len / groupsize;
	for (int g = 0; g < ngroups; g++) {
		u64 v = hex_group_value(ptr + g * groupsize, groupsize);

		pos += snprintf(line + pos, sizeof(line) - (size_t)pos, "%s%0*llx", g ? " " : "",
				groupsize * 2, (unsigned long long)v);
	}
	if (ascii && len) {
		col = rowsize * 2 + rowsize / groupsize + 1;
		while (pos < col)
			line[pos++] = ' ';
		for (size_t i = 0; i < len; i++)
			line[pos++] = ptr[i] >= ' ' && ptr[i] < 127 ? (char)ptr[i] : '.';
	}
	line[pos] = '\0';
	if (linebuflen)
		snprintf(linebuf, linebuflen, "%s", line);
	return pos;
}

void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize,
		    int groupsize, const void *buf, size_t len, bool ascii)
{
	const u8 *ptr = buf;
	char line[HEX_LINE_MAX];

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	for (size_t i = 0; i < len; i += (size_t)rowsize) {
		hex_dump_to_buffer(ptr + i, min((size_t)rowsize, len - i), rowsize, groupsize, line,
				   sizeof(line), ascii);
		switch (prefix_type) {
		case DUMP_PREFIX_ADDRESS:
			printk("%s%s%016lx: %s\n", level, prefix_str, (unsigned long)(ptr + i),
			       line);
			break;
		case DUMP_PREFIX_OFFSET:
			printk("%s%s%.8zx: %s\n", level, prefix_str, i, line);
			break;
		default: printk("%s%s%s\n", level, prefix_str, line); break;
		}
	}
}
