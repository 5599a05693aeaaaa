// SPDX-License-Identifier: MIT
/*
 * kernel/fork.c - a machine that survives fork() of its host process.
 *
 * Theory
 * ------
 * fork() copies the calling thread only, and copies memory at one instant.
 * Two things then go wrong for a kmm machine:
 *
 * 1. Locks and CPUs held by other threads stay held forever in the child,
 *    and data they were changing (free lists, per-CPU slabs, per-CPU page
 *    lists) is caught half-changed.  So kmm_fork_prepare() quiesces the
 *    machine first, in the lock order:
 *
 *	fork_mutex            one fork preparation at a time
 *	oom_lock              (mm/oom_kill.c; OOM notifiers may take slab_mutex)
 *	slab_mutex            (mm/slab_common.c)
 *	shrinker_mutex        (mm/vmscan.c)
 *	every virtual CPU     kmm_cpus_freeze(): spinlocks (zone locks, slab
 *	                      node list locks, ...) are only held by a task on
 *	                      a CPU, so once the forking task owns every CPU,
 *	                      no spinlock is held and no per-CPU data is in use
 *	printk's locks        taken without a CPU, so last
 *
 *    kmm_fork_parent() and kmm_fork_child() release them in reverse order.
 *    In the child the forking thread is the only task: the waiter count of
 *    the CPU model restarts at 0, and current's pid becomes the child's.
 *
 * 2. The machine's RAM is a host memory file mapped shared, so a child
 *    would write into its parent's memory.  kmm_fork_prepare() therefore
 *    copies the RAM file (only the parts holding data: struct pages of
 *    touched memory and whatever was allocated) while everything is
 *    quiet, and the child maps the copy over its direct map.  The cost is
 *    one copy of the touched RAM per fork(); vfork() and posix_spawn() do
 *    not run fork handlers and need none, as the child shares memory
 *    until it calls exec.
 *
 * kswapd threads do not exist in the child: its allocations reclaim
 * directly when they must.  Threads of the parent that were in a sleeping
 * part of an allocation (between two locks) vanish with whatever pages
 * they held; those pages stay allocated in the child (a leak, not damage).
 *
 * Not covered: the notifier chains' own mutexes (register_oom_notifier()
 * racing with fork()), and fork() by a raw clone() system call that runs
 * no fork handlers.
 */
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/sched.h>

#include "arch/host/host.h"
#include "kernel/internal.h"
#include "mm/internal.h"
#include "mm/slab.h"

#include <kmm/kmm.h>

static DEFINE_MUTEX(fork_mutex);
static int fork_ram_fd = -1; /* the copy the child will use; under fork_mutex */
static int fork_ram_err;

void kmm_fork_prepare(void)
{
	mutex_lock(&fork_mutex);
	if (!kmm_booted())
		return;
	mutex_lock(&oom_lock);
	mutex_lock(&slab_mutex);
	mutex_lock(&shrinker_mutex);
	kmm_cpus_freeze();
	printk_fork_lock();
	fork_ram_err = host_physmem_clone(kmm_physmem_fd, &fork_ram_fd);
}

/* Release in reverse order what kmm_fork_prepare() took. */
static void fork_release(bool child)
{
	if (kmm_booted()) {
		printk_fork_unlock();
		kmm_cpus_thaw(child);
		mutex_unlock(&shrinker_mutex);
		mutex_unlock(&slab_mutex);
		mutex_unlock(&oom_lock);
	}
	mutex_unlock(&fork_mutex);
}

void kmm_fork_parent(void)
{
	if (kmm_booted() && !fork_ram_err)
		host_physmem_destroy(fork_ram_fd);
	fork_ram_fd = -1;
	fork_release(false);
}

/* The child's own RAM: the copy, or death rather than sharing the parent's. */
static void fork_child_ram(void)
{
	int ret = fork_ram_err;

	if (!ret)
		ret = kmm_physmem_replace(fork_ram_fd);
	if (ret) {
		pr_emerg("kmm: fork: the child cannot get its own copy of RAM (%d)\n", ret);
		host_abort();
	}
	fork_ram_fd = -1;
}

void kmm_fork_child(void)
{
	struct task_struct *t = current;

	t->pid = host_thread_id();
	t->tgid = t->pid;
	/* the mutexes name the parent's task, which is this one: unlock works */
	if (kmm_booted())
		fork_child_ram();
	fork_release(true);
}
