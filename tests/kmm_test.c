// SPDX-License-Identifier: MIT
/*
 * tests/kmm_test.c - main() and helpers of the test harness (see kmm_test.h).
 *
 * Test programs are host programs, so this file may use fork() and pipes; the
 * library itself never does.
 */
#include "kmm_test.h"

#include <signal.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <unistd.h>

static struct kmm_test *tests_head, **tests_tail = &tests_head;
static const char *current_case;
static bool case_failed;
int kmm_test_failures;

void kmm_test_register(struct kmm_test *t)
{
	*tests_tail = t;
	tests_tail = &t->next;
}

void kmm_test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FAIL %s: %s:%d: ", current_case ? current_case : "?", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	case_failed = true;
	kmm_test_failures++;
}

static char *dmesg_text(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	kmm_dmesg(f);
	fclose(f);
	return buf;
}

int dmesg_count(const char *needle)
{
	char *text = dmesg_text(), *p;
	int n = 0;

	if (!text)
		return 0;
	for (p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	free(text);
	return n;
}

bool dmesg_contains(const char *needle)
{
	return dmesg_count(needle) > 0;
}

bool kmm_test_dies(void (*fn)(void *), void *arg, const char *needle)
{
	int pipefd[2], status;
	char buf[65536];
	size_t used = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(pipefd))
		return false;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		dup2(pipefd[1], 2);
		fn(arg);
		_exit(0);
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], buf + used, sizeof(buf) - 1 - used)) > 0)
		used += (size_t)n;
	buf[used] = '\0';
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT) {
		fprintf(stderr, "child did not abort (status %#x); its output:\n%s\n", status, buf);
		return false;
	}
	if (needle && !strstr(buf, needle)) {
		fprintf(stderr, "child output lacks \"%s\":\n%s\n", needle, buf);
		return false;
	}
	return true;
}

static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

void kmm_test_seed(unsigned long long seed)
{
	rng_state = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

unsigned long long kmm_test_rand_r(unsigned long long *state)
{
	unsigned long long x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

unsigned long long kmm_test_rand(void)
{
	return kmm_test_rand_r(&rng_state);
}

long kmm_test_env(const char *name, long dflt)
{
	const char *v = getenv(name);

	return v && *v ? strtol(v, NULL, 0) : dflt;
}

static bool selected(const struct kmm_test *t, int argc, char **argv)
{
	if (argc < 2)
		return true;
	for (int i = 1; i < argc; i++)
		if (strstr(t->name, argv[i]))
			return true;
	return false;
}

/* After each case: check, shut down, and count what leaked. */
static void finish_case(void)
{
	long leaked;

	if (!kmm_booted())
		return;
	if (kmm_check_invariants() != 0)
		kmm_test_fail(__FILE__, __LINE__, "invariants violated at end of case");
	leaked = kmm_shutdown();
	if (leaked != 0)
		kmm_test_fail(__FILE__, __LINE__, "%ld pages leaked at shutdown", leaked);
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (struct kmm_test *t = tests_head; t; t = t->next)
			printf("%s\n", t->name);
		return 0;
	}
	for (struct kmm_test *t = tests_head; t; t = t->next) {
		if (!selected(t, argc, argv))
			continue;
		current_case = t->name;
		case_failed = false;
		kmm_dmesg_clear();
		t->fn();
		finish_case();
		printf("%s %s\n", case_failed ? "FAIL" : "ok  ", t->name);
		fflush(stdout);
		if (case_failed)
			failed++;
		else
			passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
