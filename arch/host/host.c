// SPDX-License-Identifier: MIT
/*
 * arch/host/host.c - the host contract (host.h) on Linux and glibc.
 *
 * Theory
 * ------
 * This is the only file of kmm that talks to the operating system.  It is
 * compiled without kmm's include directory, so <linux/...> here are the
 * host's UAPI headers, not the kernel API kmm provides.
 *
 * 1. Physical memory is one memfd ("kmm-physmem"), sized with ftruncate().
 *    The file is sparse: a page of it costs host memory only once touched,
 *    and host_physmem_discard() punches a hole to give it back (reads as
 *    zeroes afterwards, exactly like a freshly allocated page of tmpfs).
 *
 * 2. Virtual memory is reserved as PROT_NONE private anonymous mappings with
 *    MAP_NORESERVE, so a reservation of gigabytes costs nothing.  Parts of
 *    the RAM file are then mapped over it with MAP_FIXED|MAP_SHARED; several
 *    virtual ranges may show the same physical page (direct map, kmap,
 *    vmalloc), as in a kernel.  Unmapping puts PROT_NONE reserved space back
 *    with MAP_FIXED, so the reservation never has holes another library
 *    could mmap into.
 *
 * 3. Threads are pthreads; a host_thread_t is a wrapper around a pthread_t,
 *    allocated with malloc() (host memory, not the machine's).  Thread ids
 *    are gettid() values; names come from pthread_getname_np().
 *
 * 4. Waiting is the futex system call on a private 32-bit word, with a
 *    relative CLOCK_MONOTONIC timeout.
 *
 * 5. Diagnostics write straight to file descriptor 2 (no stdio buffering, so
 *    output survives abort()), unwind with glibc's backtrace() and name code
 *    addresses with dladdr1().  Symbols are found only for functions in the
 *    dynamic symbol table (shared libraries, or executables linked with
 *    -rdynamic); others are shown as object+offset, which addr2line accepts.
 *
 * Functions that can fail return 0 or -errno; none changes the caller's errno.
 */
#include "host.h"

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <linux/futex.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define HOST_MAX_FRAMES 128

/* ---------------------------------------------------------------------------
 * Physical memory.
 * ------------------------------------------------------------------------- */

int host_physmem_create(uint64_t size, int *fd_out)
{
	int saved = errno, fd, err = 0;

	fd = memfd_create("kmm-physmem", MFD_CLOEXEC);
	if (fd < 0) {
		err = -errno;
	} else if (ftruncate(fd, (off_t)size) < 0) {
		err = -errno;
		close(fd);
	} else {
		*fd_out = fd;
	}
	errno = saved;
	return err;
}

void host_physmem_destroy(int fd)
{
	int saved = errno;

	close(fd);
	errno = saved;
}

int host_physmem_discard(int fd, uint64_t off, uint64_t len)
{
	int saved = errno, err = 0;

	if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) < 0)
		err = -errno;
	errno = saved;
	return err;
}

/* ---------------------------------------------------------------------------
 * Address space.
 * ------------------------------------------------------------------------- */

#define HOST_RESERVE_FLAGS (MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE)

int host_va_reserve(void *hint, size_t len, void **out)
{
	int saved = errno, err = 0;
	void *p = MAP_FAILED;

	if (hint) {
		p = mmap(hint, len, PROT_NONE, HOST_RESERVE_FLAGS | MAP_FIXED_NOREPLACE, -1, 0);
		/* Kernels before 4.17 take the flag as a mere hint. */
		if (p != MAP_FAILED && p != hint) {
			munmap(p, len);
			p = MAP_FAILED;
		}
	}
	if (p == MAP_FAILED)
		p = mmap(NULL, len, PROT_NONE, HOST_RESERVE_FLAGS, -1, 0);
	if (p == MAP_FAILED)
		err = -errno;
	else
		*out = p;
	errno = saved;
	return err;
}

int host_va_release(void *addr, size_t len)
{
	int saved = errno, err = 0;

	if (munmap(addr, len) < 0)
		err = -errno;
	errno = saved;
	return err;
}

int host_va_map_phys(void *addr, int fd, uint64_t off, size_t len)
{
	int saved = errno, err = 0;
	void *p;

	p = mmap(addr, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, (off_t)off);
	if (p == MAP_FAILED)
		err = -errno;
	errno = saved;
	return err;
}

int host_va_unmap(void *addr, size_t len)
{
	int saved = errno, err = 0;
	void *p;

	p = mmap(addr, len, PROT_NONE, HOST_RESERVE_FLAGS | MAP_FIXED, -1, 0);
	if (p == MAP_FAILED)
		err = -errno;
	errno = saved;
	return err;
}

size_t host_page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* ---------------------------------------------------------------------------
 * Threads and CPUs.
 * ------------------------------------------------------------------------- */

struct host_thread {
	pthread_t pt;
};

int host_thread_id(void)
{
	return (int)gettid();
}

void host_thread_name(char *buf, size_t len)
{
	char name[16] = "";

	if (!len)
		return;
	if (pthread_getname_np(pthread_self(), name, sizeof(name)) != 0)
		strcpy(name, "?");
	snprintf(buf, len, "%s", name);
}

int host_current_cpu(void)
{
	int cpu = sched_getcpu();

	return cpu < 0 ? 0 : cpu;
}

int host_nr_cpus(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return 1;
	n = CPU_COUNT(&set);
	return n > 0 ? n : 1;
}

int host_thread_create(host_thread_t *out, void *(*fn)(void *), void *arg)
{
	struct host_thread *t = malloc(sizeof(*t));
	int err;

	if (!t)
		return -ENOMEM;
	err = pthread_create(&t->pt, NULL, fn, arg);
	if (err) {
		free(t);
		return -err;
	}
	*out = t;
	return 0;
}

int host_thread_join(host_thread_t t, void **ret)
{
	int err = pthread_join(t->pt, ret);

	if (err)
		return -err;
	free(t);
	return 0;
}

/* ---------------------------------------------------------------------------
 * Waiting.
 * ------------------------------------------------------------------------- */

int host_futex_wait(int *word, int expected, uint64_t timeout_ns)
{
	struct timespec ts, *tsp = NULL;
	int saved = errno, err = 0;

	if (timeout_ns) {
		ts.tv_sec = (time_t)(timeout_ns / 1000000000u);
		ts.tv_nsec = (long)(timeout_ns % 1000000000u);
		tsp = &ts;
	}
	if (syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, tsp, NULL, 0) < 0) {
		if (errno == ETIMEDOUT || errno == EINTR)
			err = -errno;
		/* EAGAIN: the word had changed, which counts as woken. */
	}
	errno = saved;
	return err;
}

void host_futex_wake(int *word, int n)
{
	int saved = errno;

	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
	errno = saved;
}

static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;
static __thread void (*exit_fn)(void *);

static void exit_trampoline(void *arg)
{
	void (*fn)(void *) = exit_fn;

	exit_fn = NULL;
	if (fn)
		fn(arg);
}

static void exit_key_create(void)
{
	if (pthread_key_create(&exit_key, exit_trampoline))
		abort();
}

int host_thread_at_exit(void (*fn)(void *arg), void *arg)
{
	pthread_once(&exit_key_once, exit_key_create);
	exit_fn = fn;
	return -pthread_setspecific(exit_key, arg);
}

int host_membarrier_init(void)
{
	int saved = errno, ret = 0;
	long cmds = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);

	if (cmds < 0)
		ret = -errno;
	else if (!(cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED))
		ret = -ENOSYS;
	else if (syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) < 0)
		ret = -errno;
	errno = saved;
	return ret;
}

int host_membarrier(void)
{
	int saved = errno, ret = 0;

	if (syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) < 0)
		ret = -errno;
	errno = saved;
	return ret;
}

void *host_bookkeeping_alloc(size_t len)
{
	int saved = errno;
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	errno = saved;
	return p == MAP_FAILED ? NULL : p;
}

void host_yield(void)
{
	sched_yield();
}

void host_sleep_ns(uint64_t ns)
{
	struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
	int saved = errno;

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	errno = saved;
}

/* ---------------------------------------------------------------------------
 * Time.
 * ------------------------------------------------------------------------- */

uint64_t host_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---------------------------------------------------------------------------
 * Diagnostics.
 * ------------------------------------------------------------------------- */

void host_console_write(const char *buf, size_t len)
{
	int saved = errno;
	ssize_t n;

	while (len) {
		n = write(2, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf += n;
		len -= (size_t)n;
	}
	errno = saved;
}

int host_backtrace(void **frames, int max, int skip)
{
	void *all[HOST_MAX_FRAMES];
	int n, saved = errno;

	if (max <= 0)
		return 0;
	skip++; /* this function's own frame */
	n = backtrace(all, HOST_MAX_FRAMES);
	errno = saved;
	if (n <= skip)
		return 0;
	n -= skip;
	if (n > max)
		n = max;
	memcpy(frames, all + skip, (size_t)n * sizeof(void *));
	return n;
}

static const char *host_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/*
 * dladdr1() for the symbol containing @addr.  Callers pass return addresses;
 * one that ends a function (a call to a noreturn function as its last
 * instruction) points just past it, so look at the byte before as well.
 */
static int host_lookup(const void *addr, Dl_info *info, const ElfW(Sym) * *sym)
{
	const char *before = (const char *)addr - 1;

	if (!dladdr1(addr, info, (void **)sym, RTLD_DL_SYMENT) || !info->dli_fname)
		return 0;
	if (info->dli_sname && info->dli_saddr != addr)
		return 1;
	if (!dladdr1(before, info, (void **)sym, RTLD_DL_SYMENT) || !info->dli_fname)
		return 0;
	return 1;
}

void host_symbolize(const void *addr, char *buf, size_t len)
{
	const ElfW(Sym) *sym = NULL;
	Dl_info info;
	int saved = errno;

	if (!host_lookup(addr, &info, &sym)) {
		snprintf(buf, len, "%p", addr);
	} else if (info.dli_sname && info.dli_saddr) {
		snprintf(buf, len, "%s+0x%lx/0x%lx [%s]", info.dli_sname,
			 (unsigned long)((const char *)addr - (const char *)info.dli_saddr),
			 sym ? (unsigned long)sym->st_size : 0UL, host_basename(info.dli_fname));
	} else {
		snprintf(buf, len, "%s+0x%lx", host_basename(info.dli_fname),
			 (unsigned long)((const char *)addr - (const char *)info.dli_fbase));
	}
	errno = saved;
}

void host_abort(void)
{
	abort();
}

const char *host_getenv(const char *name)
{
	return getenv(name);
}
