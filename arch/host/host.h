/* SPDX-License-Identifier: MIT */
/*
 * arch/host/host.h - the one contract between kmm and the host OS.
 *
 * Nothing outside arch/host/ includes <sys/mman.h>, <pthread.h>, <linux/futex.h>
 * or any other host header that reaches the OS.  Everything kmm needs from the
 * host is listed here, in five groups: physical memory, address space, threads
 * and CPUs, waiting, and diagnostics.
 *
 * Shared preconditions, stated once:
 *  - Functions that can fail return 0 or a negative errno value; they never set
 *    errno for the caller and never print.
 *  - Lengths and offsets given to the memory functions are multiples of the host
 *    page size (kmm's PAGE_SIZE equals it; boot checks that).
 *  - None of these functions takes a kmm lock or calls back into kmm, so any of
 *    them may be called with kmm spinlocks held, except host_futex_wait() and
 *    host_sleep_ns(), which block the calling thread.
 */
#ifndef KMM_ARCH_HOST_H
#define KMM_ARCH_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------------------
 * Physical memory: one sparse host memory file per machine.
 * ------------------------------------------------------------------------- */

/* Create the RAM file of @size bytes (sparse: no host memory until touched). */
int host_physmem_create(uint64_t size, int *fd_out);
/* Close the RAM file; host memory is returned once every mapping is gone. */
void host_physmem_destroy(int fd);
/* Give back [@off, @off+@len) to the host; it reads as zeroes afterwards. */
int host_physmem_discard(int fd, uint64_t off, uint64_t len);
/*
 * Copy the RAM file @fd into a new one of the same size (*@fd_out): only
 * the ranges holding data are copied, holes stay holes.  For fork(): the
 * child must not share the parent's RAM.
 */
int host_physmem_clone(int fd, int *fd_out);
/*
 * Make every mapping of RAM file @old (wherever kmm mapped it: direct map,
 * vmemmap, ...) map the same offsets of @new instead, then close @old.
 * Found in /proc/self/maps.  For a forked child, before it writes to RAM.
 */
int host_physmem_switch(int old, int new);
/* Bytes of RAM the host has (its physical memory, not what is free). */
uint64_t host_ram_size(void);

/* ---------------------------------------------------------------------------
 * Address space: reserve a range of host virtual addresses, then map parts
 * of the RAM file into it.
 * ------------------------------------------------------------------------- */

/*
 * Reserve @len bytes of inaccessible address space.  If @hint is not NULL the
 * reservation is tried there first (never replacing an existing mapping) and
 * anywhere else if that fails.
 */
int host_va_reserve(void *hint, size_t len, void **out);
/* Make [@addr, @addr+@len), inside a reservation, read as zeroes (writes fault). */
int host_va_zero_readonly(void *addr, size_t len);
/* Release a reservation (and whatever is mapped in it). */
int host_va_release(void *addr, size_t len);
/* Map RAM file bytes [@off, @off+@len) read-write at @addr, inside a reservation. */
int host_va_map_phys(void *addr, int fd, uint64_t off, size_t len);
/* Turn [@addr, @addr+@len) back into inaccessible reserved space. */
int host_va_unmap(void *addr, size_t len);
/* Host page size in bytes. */
size_t host_page_size(void);
/*
 * Map @len bytes of private, zero-filled, read-write host memory (not the
 * machine's RAM), anywhere; the memory is copied on fork() as any private
 * memory is.  Used by libkmm-malloc for blocks the machine cannot give.
 */
int host_anon_map(size_t len, void **out);
/* Unmap [@addr, @addr+@len) from host_anon_map() (a part of it may be given). */
int host_anon_unmap(void *addr, size_t len);

/* ---------------------------------------------------------------------------
 * Threads and CPUs.
 * ------------------------------------------------------------------------- */

/* Kernel thread id of the calling thread (gettid). */
int host_thread_id(void);
/* Name of the calling thread (up to 15 characters, NUL-terminated). */
void host_thread_name(char *buf, size_t len);
/* The host CPU the calling thread runs on now (a hint: it may move). */
int host_current_cpu(void);
/* Number of host CPUs this process may run on. */
int host_nr_cpus(void);

typedef struct host_thread *host_thread_t;
/* Start @fn(@arg) on a new host thread. */
int host_thread_create(host_thread_t *out, void *(*fn)(void *), void *arg);
/* Wait for the thread to finish; its return value goes to @ret if not NULL. */
int host_thread_join(host_thread_t t, void **ret);
/*
 * Call @fn(@arg) when the calling thread exits (one callback per thread; a
 * second call replaces the first).  Returns 0 or -errno.
 */
int host_thread_at_exit(void (*fn)(void *arg), void *arg);

/*
 * Asymmetric memory barriers.  host_membarrier_init() enables them for the
 * process (0, or -errno when the host cannot: then host_membarrier() must
 * not be used).  host_membarrier() makes every thread of the process that
 * is running now execute a full memory barrier before it returns, so a
 * thread may pair it with a mere compiler barrier on its own fast path.
 * Under Valgrind host_membarrier_init() says -ENOSYS: Valgrind runs one
 * thread at a time anyway, and kmm's lock-free fast paths (which need the
 * asymmetric barriers) touch free slab objects that memcheck must see as
 * off limits, so kmm runs its strict paths there.
 */
int host_membarrier_init(void);
int host_membarrier(void);
/* True when the process runs under Valgrind (false in builds without its header). */
bool host_under_valgrind(void);

/*
 * @len bytes of zeroed host memory for kmm's own bookkeeping (never the
 * machine's RAM), or NULL.  It is never given back.
 */
void *host_bookkeeping_alloc(size_t len);

/*
 * Run @prepare before every fork() of the process, @parent after it in the
 * parent and @child in the child (pthread_atfork(); may call malloc()).
 */
int host_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void));

/* ---------------------------------------------------------------------------
 * Waiting.
 * ------------------------------------------------------------------------- */

/*
 * Block while *@word == @expected, for at most @timeout_ns (0: no limit).
 * @word is a plain int that every user accesses with __atomic builtins
 * (<stdatomic.h> cannot be used: its macros collide with the kernel's
 * atomic_*() API).
 * Returns 0 when woken or when the word had changed, -ETIMEDOUT, or -EINTR.
 * Callers re-check their condition after any return.
 */
int host_futex_wait(int *word, int expected, uint64_t timeout_ns);
/* Wake up to @n threads blocked on @word. */
void host_futex_wake(int *word, int n);
/* Let another thread run on this host CPU. */
void host_yield(void);
/* Sleep for @ns nanoseconds. */
void host_sleep_ns(uint64_t ns);

/* ---------------------------------------------------------------------------
 * Time.
 * ------------------------------------------------------------------------- */

/* Monotonic clock in nanoseconds. */
uint64_t host_clock_ns(void);

/* ---------------------------------------------------------------------------
 * Diagnostics.
 * ------------------------------------------------------------------------- */

/* Write to the console (standard error), unbuffered. */
void host_console_write(const char *buf, size_t len);
/* Return addresses of the calling stack, innermost first (skipping @skip). */
int host_backtrace(void **frames, int max, int skip);
/* Describe a code address as "symbol+0xoff/0xsize [object]" into @buf. */
void host_symbolize(const void *addr, char *buf, size_t len);
/* Terminate the process as a crashed kernel would (SIGABRT). */
__attribute__((noreturn)) void host_abort(void);
/* Value of an environment variable, or NULL. */
const char *host_getenv(const char *name);

#endif /* KMM_ARCH_HOST_H */
