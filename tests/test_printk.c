// SPDX-License-Identifier: MIT
/*
 * tests/test_printk.c - the kernel log and the reports built on it: ring
 * buffer order, levels and the console, KERN_CONT, dmesg -C, /dev/kmsg,
 * wraparound, hex dumps, stack dumps, WARN, BUG, panic and taints.
 */
#define pr_fmt(fmt) "ptest: " fmt

#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/sched.h>

#include "kernel/internal.h"
#include "tests/kmm_test.h"

#include <pthread.h>
#include <unistd.h>

/* ---- helpers ---- */

static noinline char *dmesg_string(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	kmm_dmesg(f);
	fclose(f);
	return buf;
}

static noinline char *kmsg_string(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	kmm_kmsg_show(f);
	fclose(f);
	return buf;
}

static int dmesg_records(void)
{
	FILE *f = fopen("/dev/null", "w");
	int n = kmm_dmesg(f);

	fclose(f);
	return n;
}

/* Run @fn with the console (fd 2) captured; returns what it wrote. */
static char *console_capture(void (*fn)(void))
{
	FILE *tmp = tmpfile();
	int saved = dup(2);
	off_t size;
	char *buf;

	fflush(stderr);
	dup2(fileno(tmp), 2);
	fn();
	dup2(saved, 2);
	close(saved);
	size = lseek(fileno(tmp), 0, SEEK_END);
	buf = calloc(1, (size_t)size + 1);
	if (pread(fileno(tmp), buf, (size_t)size, 0) != size)
		buf[0] = '\0';
	fclose(tmp);
	return buf;
}

/* Text of the record after the timestamp on line @n of dmesg (0-based). */
static bool dmesg_line_is(int n, const char *want)
{
	char *text = dmesg_string(), *line = text, *end;
	bool ok = false;

	for (int i = 0; line && i < n; i++) {
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	if (line && (line = strstr(line, "] "))) {
		line += 2;
		end = strchr(line, '\n');
		ok = end && (size_t)(end - line) == strlen(want) &&
		     !strncmp(line, want, strlen(want));
	}
	if (!ok)
		fprintf(stderr, "dmesg line %d is not \"%s\":\n%s", n, want, text);
	free(text);
	return ok;
}

/* ---- the ring buffer ---- */

TEST(records_come_back_in_order)
{
	printk(KERN_INFO "first\n");
	pr_info("second %d\n", 2);
	printk("third\n");
	CHECK_EQ(dmesg_records(), 3);
	CHECK(dmesg_line_is(0, "first"));
	CHECK(dmesg_line_is(1, "ptest: second 2"));
	CHECK(dmesg_line_is(2, "third"));
}

TEST(dmesg_lines_have_the_kernel_timestamp)
{
	char *text;
	unsigned long s, us;
	char word[32];

	pr_info("stamp\n");
	text = dmesg_string();
	CHECK_EQ(strlen(text), strlen("[    0.000000] ptest: stamp\n"));
	CHECK_EQ(sscanf(text, "[%5lu.%6lu] %31s", &s, &us, word), 3);
	CHECK(!strcmp(word, "ptest:"));
	CHECK(text[0] == '[' && text[13] == ']' && text[6] == '.');
	free(text);
}

TEST(newlines_split_a_message_into_records)
{
	printk(KERN_ERR "one\ntwo\nthree\n");
	CHECK(dmesg_line_is(0, "one"));
	CHECK(dmesg_line_is(1, "two"));
	CHECK(dmesg_line_is(2, "three"));
	CHECK_EQ(dmesg_count("\n"), 3);
}

TEST(kern_cont_extends_the_open_line)
{
	pr_info("a");
	pr_cont("b");
	pr_cont("c%d\n", 1);
	pr_info("next\n");
	CHECK(dmesg_line_is(0, "ptest: abc1"));
	CHECK(dmesg_line_is(1, "ptest: next"));
}

TEST(kern_cont_after_a_closed_line_starts_a_record)
{
	pr_info("closed\n");
	pr_cont("orphan\n");
	CHECK(dmesg_line_is(0, "ptest: closed"));
	CHECK(dmesg_line_is(1, "orphan"));
}

static void *other_thread_prints(void *arg)
{
	pr_info("from another thread\n");
	pr_cont("cont of another thread\n");
	return arg;
}

TEST(kern_cont_does_not_join_another_threads_line)
{
	pthread_t t;

	pr_info("mine");
	pthread_create(&t, NULL, other_thread_prints, NULL);
	pthread_join(t, NULL);
	pr_cont(" and mine again\n");
	CHECK(dmesg_line_is(0, "ptest: mine"));
	CHECK(dmesg_line_is(1, "ptest: from another thread"));
	CHECK(dmesg_line_is(2, "cont of another thread"));
	CHECK(dmesg_line_is(3, " and mine again"));
}

TEST(dmesg_clear_hides_old_records_from_dmesg_but_not_kmsg)
{
	char *k;

	pr_info("before clear\n");
	kmm_dmesg_clear();
	CHECK_EQ(dmesg_records(), 0);
	pr_info("after clear\n");
	CHECK(dmesg_line_is(0, "ptest: after clear"));
	CHECK(!dmesg_contains("before clear"));
	k = kmsg_string();
	CHECK(strstr(k, "before clear") && strstr(k, "after clear"));
	free(k);
}

TEST(kmsg_format_has_level_seq_usec_and_escapes)
{
	unsigned int lvl1, lvl2;
	unsigned long long seq1, seq2, us1, us2;
	char *k, *last2, *last1;

	kmm_dmesg_clear();
	printk(KERN_ERR "kmsg err\n");
	printk(KERN_DEBUG "tab\there\\\n");
	k = kmsg_string();
	last1 = strstr(k, "kmsg err");
	REQUIRE(last1);
	while (last1 > k && last1[-1] != '\n')
		last1--;
	last2 = strchr(last1, '\n') + 1;
	CHECK_EQ(sscanf(last1, "%u,%llu,%llu,-;", &lvl1, &seq1, &us1), 3);
	CHECK_EQ(sscanf(last2, "%u,%llu,%llu,-;", &lvl2, &seq2, &us2), 3);
	CHECK_EQ(lvl1, 3);
	CHECK_EQ(lvl2, 7);
	CHECK_EQ(seq2, seq1 + 1);
	CHECK(us2 >= us1);
	CHECK(strstr(last2, ";tab\\x09here\\x5c\n") != NULL);
	free(k);
}

TEST(full_buffer_drops_the_oldest_records)
{
	char line[200], *k, *p;
	unsigned long long seq, prev = 0;
	int n = 0, total = 3000;

	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	for (int i = 0; i < total; i++)
		printk(KERN_INFO "wrap %05d %s\n", i, line);
	CHECK(!dmesg_contains("wrap 00000 "));
	CHECK(dmesg_contains("wrap 02999 "));
	k = kmsg_string();
	for (p = k; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL, n++) {
		CHECK_EQ(sscanf(p, "%*u,%llu,", &seq), 1);
		if (n)
			CHECK_EQ(seq, prev + 1);
		prev = seq;
	}
	CHECK(n > 500 && n < total);
	CHECK(strstr(k, "wrap 02999 ") != NULL);
	free(k);
	CHECK_EQ(printk_check_invariants(), 0);
	/* The log still works after wrapping, continuation included. */
	pr_info("after");
	pr_cont(" wrap\n");
	CHECK(dmesg_contains("ptest: after wrap"));
}

TEST(long_continuations_wrap_the_buffer_consistently)
{
	char chunk[64];

	memset(chunk, 'y', sizeof(chunk) - 1);
	chunk[sizeof(chunk) - 1] = '\0';
	for (int i = 0; i < 20000; i++) {
		pr_info("c%d:", i);
		for (int j = 0; j < 5; j++)
			pr_cont("%s", chunk);
		pr_cont("\n");
	}
	CHECK(dmesg_contains("c19999:yyyy"));
	CHECK(!dmesg_contains("c0:"));
	CHECK_EQ(printk_check_invariants(), 0);
}

/* ---- the console ---- */

static void print_all_levels(void)
{
	pr_emerg("lvl0\n");
	pr_err("lvl3\n");
	pr_warn("lvl4\n");
	pr_info("lvl6\n");
	printk("lvldefault\n");
	pr_debug("never\n");
}

TEST(console_shows_only_levels_below_console_loglevel)
{
	int saved = console_loglevel;
	char *out;

	console_loglevel = 4;
	out = console_capture(print_all_levels);
	CHECK(strstr(out, "] ptest: lvl0\n") && strstr(out, "] ptest: lvl3\n"));
	CHECK(!strstr(out, "lvl4") && !strstr(out, "lvl6") && !strstr(out, "lvldefault"));
	CHECK(out[0] == '[' && out[13] == ']');
	free(out);
	console_loglevel = 7;
	out = console_capture(print_all_levels);
	CHECK(strstr(out, "lvl4") && strstr(out, "lvl6") && strstr(out, "lvldefault"));
	CHECK(!strstr(out, "never"));
	free(out);
	console_loglevel = saved;
	CHECK(dmesg_contains("lvl4") && dmesg_contains("lvl6"));
	CHECK(!dmesg_contains("never"));
}

static void print_cont_line(void)
{
	pr_err("left");
	pr_cont(" right\n");
	pr_err("open");
	pr_err("closed by the next\n");
}

TEST(console_joins_continuations)
{
	char *out = console_capture(print_cont_line);

	CHECK(strstr(out, "] ptest: left right\n") != NULL);
	CHECK(strstr(out, "] ptest: open\n[") != NULL);
	free(out);
}

/* ---- once and ratelimited ---- */

TEST(printk_once_prints_once_per_call_site)
{
	for (int i = 0; i < 5; i++) {
		pr_warn_once("once only\n");
		printk_once(KERN_INFO "once too %d\n", i);
	}
	CHECK_EQ(dmesg_count("once only"), 1);
	CHECK_EQ(dmesg_count("once too 0"), 1);
	CHECK_EQ(dmesg_count("once too"), 1);
}

TEST(ratelimited_prints_ten_per_interval)
{
	for (int i = 0; i < 25; i++)
		pr_err_ratelimited("limited %d\n", i);
	CHECK_EQ(dmesg_count("limited"), 10);
}

TEST(ratelimit_state_counts_misses)
{
	DEFINE_RATELIMIT_STATE(rs, 100, 2);
	int ok = 0;

	for (int i = 0; i < 5; i++)
		ok += __ratelimit(&rs);
	CHECK_EQ(ok, 2);
	usleep(120 * 1000);
	CHECK(__ratelimit(&rs));
	CHECK(dmesg_contains("callbacks suppressed"));
}

/* ---- hex dumps ---- */

TEST(hex_dump_matches_the_kernels_layout)
{
	static const char data[] = "0123456789abcdefXY\x01";
	char line[200];

	hex_dump_to_buffer(data, 16, 16, 1, line, sizeof(line), true);
	CHECK(!strcmp(line, "30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66  0123456789abcdef"));
	hex_dump_to_buffer(data, 16, 16, 4, line, sizeof(line), true);
	CHECK(!strcmp(line, "33323130 37363534 62613938 66656463  0123456789abcdef"));
	hex_dump_to_buffer(data, 8, 16, 8, line, sizeof(line), false);
	CHECK(!strcmp(line, "3736353433323130"));
	/* The ASCII column starts at rowsize * 2 + rowsize / groupsize + 1 = 49. */
	CHECK_EQ(hex_dump_to_buffer(data + 16, 3, 16, 2, line, 4, true), 49 + 3);
	CHECK(!strcmp(line, "58 "));
	print_hex_dump(KERN_INFO, "dump: ", DUMP_PREFIX_OFFSET, 16, 1, data, 19, true);
	CHECK(dmesg_line_is(0, "dump: 00000000: 30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66  "
			       "0123456789abcdef"));
	snprintf(line, sizeof(line), "dump: 00000010: %-49s%s", "58 59 01", "XY.");
	CHECK(dmesg_line_is(1, line));
	print_hex_dump_bytes("b ", DUMP_PREFIX_NONE, data, 2);
	snprintf(line, sizeof(line), "b %-49s%s", "30 31", "01");
	CHECK(dmesg_line_is(2, line));
	print_hex_dump(KERN_INFO, "", DUMP_PREFIX_ADDRESS, 16, 1, data, 1, false);
	snprintf(line, sizeof(line), "%016lx: 30", (unsigned long)data);
	CHECK(dmesg_line_is(3, line));
}

/* ---- stack dumps and reports ---- */

TEST(dump_stack_prints_task_and_trace)
{
	dump_stack();
	CHECK_DMESG("CPU: ");
	CHECK_DMESG(" PID: ");
	CHECK_DMESG(" Comm: test_printk ");
	CHECK_DMESG(" kmm\n");
	CHECK_DMESG("Call Trace:");
	CHECK_DMESG(" <TASK>");
	CHECK_DMESG(" </TASK>");
	CHECK(dmesg_count("\n") > 5);
}

static int warn_line;

static bool warn_here(int x)
{
	warn_line = __LINE__ + 1;
	return WARN_ON(x > 1);
}

TEST(warn_on_returns_its_condition_and_reports)
{
	unsigned long reports = kmm_report_count();
	char want[128];

	CHECK(!warn_here(1));
	CHECK_EQ(kmm_report_count(), reports);
	CHECK(!dmesg_contains("cut here"));
	CHECK(warn_here(2));
	CHECK_EQ(kmm_report_count(), reports + 1);
	CHECK(dmesg_line_is(0, "------------[ cut here ]------------"));
	snprintf(want, sizeof(want), "WARNING: CPU: 0 PID: %d at tests/test_printk.c:%d warn_here",
		 current->pid, warn_line);
	CHECK(dmesg_line_is(1, want));
	CHECK(dmesg_line_is(2, "Modules linked in:"));
	CHECK_DMESG("Call Trace:");
	CHECK_DMESG("---[ end trace 0000000000000000 ]---");
	CHECK(test_taint(TAINT_WARN));
	CHECK(kmm_tainted() & (1UL << TAINT_WARN));
	CHECK(!strncmp(print_tainted(), "Tainted: G", 10));
	CHECK_EQ(print_tainted()[9 + TAINT_WARN], 'W');
	CHECK_EQ(strlen(print_tainted()), 9 + TAINT_FLAGS_COUNT);
}

TEST(warn_prints_its_message_first)
{
	int v = 7;

	CHECK(WARN(v == 7, "value is %d\n", v));
	CHECK(!WARN(v == 8, "never\n"));
	CHECK(dmesg_line_is(0, "------------[ cut here ]------------"));
	CHECK(dmesg_line_is(1, "value is 7"));
	CHECK(!dmesg_contains("never"));
	CHECK_DMESG("WARNING: CPU: ");
}

TEST(warn_on_once_fires_once)
{
	int hits = 0;

	for (int i = 0; i < 4; i++)
		hits += WARN_ON_ONCE(i >= 1);
	for (int i = 0; i < 3; i++)
		(void)WARN_ONCE(true, "warn once %d\n", i);
	CHECK_EQ(hits, 3);
	CHECK_EQ(dmesg_count("cut here"), 2);
	CHECK_EQ(dmesg_count("warn once"), 1);
}

TEST(stack_line_shows_the_taint_letters)
{
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
	dump_stack();
	CHECK_DMESG("Tainted: G    B   ");
}

TEST(vm_warn_and_build_bug_compile)
{
	BUILD_BUG_ON(sizeof(u32) != 4);
	BUILD_BUG_ON_MSG(sizeof(u64) != 8, "u64 is 8 bytes");
	CHECK_EQ(BUILD_BUG_ON_ZERO(0), 0);
	CHECK(VM_WARN_ON_ONCE(0) == 0);
	VM_WARN_ON(0);
	VM_BUG_ON(0);
	BUG_ON(0);
	CHECK(!dmesg_contains("cut here"));
}

static int bug_line;

static void do_bug(void *arg)
{
	bug_line = __LINE__ + 1;
	BUG_ON(arg != NULL);
}

TEST(bug_on_aborts_with_the_kernel_report)
{
	char want[64];

	do_bug(NULL);
	snprintf(want, sizeof(want), "kernel BUG at tests/test_printk.c:%d!", bug_line);
	CHECK(kmm_test_dies(do_bug, (void *)1, want));
	CHECK(kmm_test_dies(do_bug, (void *)1, "invalid opcode: 0000 [#1] PREEMPT SMP"));
	CHECK(kmm_test_dies(do_bug, (void *)1, "Call Trace:"));
	CHECK(kmm_test_dies(do_bug, (void *)1, "------------[ cut here ]------------"));
}

static void do_panic(void *arg)
{
	panic("boom %d\n", 42);
}

TEST(panic_aborts_with_the_kernel_report)
{
	CHECK(kmm_test_dies(do_panic, NULL, "Kernel panic - not syncing: boom 42\n"));
	CHECK(kmm_test_dies(do_panic, NULL, "---[ end Kernel panic - not syncing: boom 42 ]---"));
	CHECK(kmm_test_dies(do_panic, NULL, " <TASK>"));
}

static void do_warn_panics(void *arg)
{
	panic_on_warn = 1;
	WARN_ON(1);
}

TEST(panic_on_warn_turns_a_warn_into_a_panic)
{
	CHECK(kmm_test_dies(do_warn_panics, NULL,
			    "Kernel panic - not syncing: kernel: panic_on_warn set"));
}

/* ---- many writers ---- */

static void *random_printer(void *arg)
{
	unsigned long long x = (unsigned long long)(long)arg * 0x9e3779b97f4a7c15ULL + 1;
	char text[700];

	for (int i = 0; i < 5000; i++) {
		int len;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = (int)(x % (sizeof(text) - 1));
		memset(text, 'a' + (int)(x % 26), (size_t)len);
		text[len] = '\0';
		switch (x % 4) {
		case 0: pr_info("r%ld %s\n", (long)arg, text); break;
		case 1: pr_info("open %s", text); break;
		case 2: pr_cont("%s", text + len / 2); break;
		default: pr_cont("\n");
		}
	}
	return NULL;
}

TEST(concurrent_printk_keeps_the_ring_consistent)
{
	pthread_t t[4];
	unsigned long long seq, prev = 0;
	char *k, *p;
	int n = 0;

	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, random_printer, (void *)(i + 1));
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ(printk_check_invariants(), 0);
	k = kmsg_string();
	for (p = k; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL, n++) {
		CHECK_EQ(sscanf(p, "%*u,%llu,", &seq), 1);
		if (n)
			CHECK_EQ(seq, prev + 1);
		prev = seq;
	}
	CHECK(n > 100);
	free(k);
}
