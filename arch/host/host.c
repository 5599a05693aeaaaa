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
 * 6. For libkmm-malloc: private anonymous mappings (memory that is not the
 *    machine's RAM), the host's RAM size, pthread_atfork(), and copying the
 *    RAM file for a forked child (SEEK_DATA/SEEK_HOLE finds what to copy;
 *    copy_file_range() copies inside the host kernel, pread/pwrite when it
 *    cannot).
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
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#if defined(__has_include) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define HOST_VALGRIND 1
#endif
#endif
#include <sys/stat.h>
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

/* Copy [@off, @off+@len) of @in to the same offsets of @out. */
static int host_copy_range(int in, int out, off_t off, off_t len)
{
	static char buf[1 << 16]; /* fork preparation runs one at a time */
	loff_t ioff = off, ooff = off;
	ssize_t n;

	while (len > 0) {
		n = copy_file_range(in, &ioff, out, &ooff, (size_t)len, 0);
		if (n <= 0)
			break;
		len -= n;
	}
	off = ioff;
	while (len > 0) {
		n = pread(in, buf, len < (off_t)sizeof(buf) ? (size_t)len : sizeof(buf), off);
		if (n <= 0 || pwrite(out, buf, (size_t)n, off) != n)
			return n < 0 ? -errno : -EIO;
		off += n;
		len -= n;
	}
	return 0;
}

int host_physmem_clone(int fd, int *fd_out)
{
	int saved = errno, out = -1, err = 0;
	off_t data, hole = 0, size = 0;
	struct stat st;

	if (fstat(fd, &st) < 0)
		err = -errno;
	else
		size = st.st_size;
	if (!err)
		err = host_physmem_create((uint64_t)size, &out);
	while (!err && hole < size) {
		data = lseek(fd, hole, SEEK_DATA);
		if (data < 0) {
			err = errno == ENXIO ? 0 : -errno;
			break;
		}
		hole = lseek(fd, data, SEEK_HOLE);
		if (hole < 0)
			err = -errno;
		else
			err = host_copy_range(fd, out, data, hole - data);
	}
	if (err && out >= 0)
		close(out);
	else if (!err)
		*fd_out = out;
	errno = saved;
	return err;
}

struct host_map_range {
	unsigned long start, end, off;
	int prot;
};

/* Parse "start-end perms offset dev inode ..." of /proc/self/maps; true if of @ino. */
static bool host_maps_line(const char *l, unsigned long ino, struct host_map_range *r)
{
	char perms[8];
	unsigned long i;

	if (sscanf(l, "%lx-%lx %7s %lx %*s %lu", &r->start, &r->end, perms, &r->off, &i) != 5)
		return false;
	r->prot = (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0);
	return i == ino && perms[3] == 's';
}

/* Up to @max mappings of inode @ino, from /proc/self/maps; -errno on error. */
static int host_maps_find(unsigned long ino, struct host_map_range *r, int max)
{
	static char buf[8192];
	size_t used = 0;
	int fd, n = 0;
	ssize_t got;
	char *nl, *l;

	fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (n < max && (got = read(fd, buf + used, sizeof(buf) - 1 - used)) > 0) {
		used += (size_t)got;
		buf[used] = '\0';
		for (l = buf; n < max && (nl = strchr(l, '\n')); l = nl + 1) {
			*nl = '\0';
			n += host_maps_line(l, ino, &r[n]);
		}
		used -= (size_t)(l - buf);
		memmove(buf, l, used);
	}
	close(fd);
	return n;
}

int host_physmem_switch(int old, int new)
{
	static struct host_map_range r[256]; /* the forked child's only thread */
	int saved = errno, n, err = 0;
	struct stat st;

	if (fstat(old, &st) < 0)
		err = -errno;
	/* remapped ranges no longer match, so look again until none is left */
	while (!err && (n = host_maps_find((unsigned long)st.st_ino, r, 256)) > 0)
		for (int i = 0; i < n && !err; i++)
			if (mmap((void *)r[i].start, r[i].end - r[i].start, r[i].prot,
				 MAP_SHARED | MAP_FIXED, new, (off_t)r[i].off) == MAP_FAILED)
				err = -errno;
	if (!err && n < 0)
		err = n;
	if (!err)
		close(old);
	errno = saved;
	return err;
}

uint64_t host_ram_size(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);

	return pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size : 0;
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

int host_va_zero_readonly(void *addr, size_t len)
{
	int saved = errno, err = 0;

	if (mmap(addr, len, PROT_READ, HOST_RESERVE_FLAGS | MAP_FIXED, -1, 0) == MAP_FAILED)
		err = -errno;
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

int host_anon_map(size_t len, void **out)
{
	int saved = errno, err = 0;
	void *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		err = -errno;
	else
		*out = p;
	errno = saved;
	return err;
}

int host_anon_unmap(void *addr, size_t len)
{
	int saved = errno, err = 0;

	if (munmap(addr, len) < 0)
		err = -errno;
	errno = saved;
	return err;
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

int host_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void))
{
	return -pthread_atfork(prepare, parent, child);
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
	long cmds;

	if (host_under_valgrind())
		return -ENOSYS;
	cmds = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
	if (cmds < 0)
		ret = -errno;
	else if (!(cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED))
		ret = -ENOSYS;
	else if (syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) < 0)
		ret = -errno;
	errno = saved;
	return ret;
}

bool host_under_valgrind(void)
{
#ifdef HOST_VALGRIND
	return RUNNING_ON_VALGRIND != 0;
#else
	return false;
#endif
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
