// SPDX-License-Identifier: MIT
/*
 * kernel/sched.c - virtual CPUs, preemption, and the task of each thread.
 *
 * Theory
 * ------
 * 1. The model.  A kmm machine has nr_cpu_ids virtual CPUs (nr_cpus= at
 *    boot; 1 before any boot).  Any number of host threads may call into
 *    kmm; each is a task (<linux/sched.h>).  A task *holds* a virtual CPU
 *    exactly while it is not preemptible: while its preempt count is not
 *    zero or its interrupts are disabled.  The outermost preempt_disable(),
 *    spin_lock(), local_bh_disable() or local_irq_disable() takes a CPU; the
 *    step that makes the task preemptible again gives it back.  While a task
 *    holds CPU n no other task holds CPU n.
 *
 *    So the kernel's central promise holds: data of CPU n, touched only
 *    with preemption disabled on CPU n (per-CPU page lists, per-CPU slabs,
 *    per-CPU counters), is never touched by two threads at once, even with
 *    more threads than CPUs.  Between sections a task may come back on
 *    another CPU, as a preempted kernel task may migrate.
 *
 * 2. Data.  cpu_slots[n].owner is the task holding CPU n, or NULL; one
 *    cache line per CPU.  cpu_wq.waiters counts tasks blocked for a CPU and
 *    cpu_wq.seq is the futex word they sleep on.  All other state is
 *    per task, written by its own thread only, so it needs no atomics.
 *
 * 3. Taking a CPU (kmm_cpu_get): one CAS on the CPU the task last held
 *    (warm caches, as the kernel's wake-affine logic prefers), else on
 *    host CPU % nr_cpu_ids, else on any free CPU.  If every CPU is held,
 *    register as a waiter, read cpu_wq.seq, scan again, and sleep on
 *    the futex until the sequence moves.
 *
 * 4. Giving it back (kmm_cpu_put): a release store of NULL to the owner
 *    word, then a relaxed load of cpu_wq.waiters; only when someone waits
 *    is the sequence bumped and one sleeper woken.  There is deliberately
 *    no full barrier between the store and the load (it would cost as much
 *    as the rest of the fast path): a releaser may read a stale zero while a
 *    waiter, having read the slot just before the release, goes to sleep.
 *    That lost wakeup is bounded, not fatal - waiters sleep at most
 *    CPU_WAIT_SLICE_NS before they look again - and it can only happen when
 *    every CPU is held at once.  Uncontended cost: one CAS to take, one
 *    plain store and one load to give back.
 *
 * 5. Interrupts are only a state.  kmm has no interrupts to mask; disabling
 *    them makes the task non-preemptible (and so holding a CPU) and makes
 *    irqs_disabled() true, nothing more.  kmm_irq_enter() runs code "as an
 *    interrupt handler" by adding HARDIRQ_OFFSET and disabling interrupts.
 *
 * 6. Reports, with the kernel's wording: sleeping in atomic context
 *    (__might_sleep), smp_processor_id() while preemptible, a preempt count
 *    going negative, CPUs still held at shutdown.
 *
 * Differences from the kernel: there is no scheduler.  A task that cannot
 * get a CPU waits for one instead of being queued on one; preempt_enable()
 * never reschedules; cond_resched() yields the host CPU now and then.  A
 * thread that exits while holding a CPU keeps it forever (the kernel would
 * say "scheduling while atomic"); kmm_sched_exit() reports it.
 */
#include <kmm/sched.h>
#include <linux/cache.h>
#include <linux/cpumask.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/smp.h>

#include "arch/host/host.h"
#include "kernel/internal.h"

struct cpu_slot {
	struct task_struct *owner; /* holder, NULL when free; atomic */
} ____cacheline_aligned;

static struct cpu_slot cpu_slots[NR_CPUS];

static struct {
	int seq;	     /* bumped when a CPU is released while someone waits; futex word */
	int waiters;	     /* tasks inside cpu_wait() */
	unsigned long waits; /* times a task found every CPU held (statistics) */
} cpu_wq ____cacheline_aligned;

unsigned int nr_cpu_ids = 1;
struct cpumask __cpu_possible_mask = {{1UL}};

__thread struct task_struct kmm_current_task __attribute__((tls_model("initial-exec")));

/* A task waiting for a CPU looks again at least this often (see 4. above). */
#define CPU_WAIT_SLICE_NS (200ULL * 1000)

/* cond_resched() yields the host CPU once per this many calls. */
#define RESCHED_EVERY 64

static unsigned int sched_nr_cpus(void)
{
	return __atomic_load_n(&nr_cpu_ids, __ATOMIC_RELAXED);
}

/**
 * kmm_task_init - fill in the calling thread's task on first use of current
 * @t: the thread's task (zeroed)
 *
 * Context: any; runs once per thread.
 */
void kmm_task_init(struct task_struct *t)
{
	t->pid = host_thread_id();
	t->tgid = t->pid;
	host_thread_name(t->comm, sizeof(t->comm));
	t->cpu = -1;
	t->kmm_ready = true;
}

/* ---------------------------------------------------------------------------
 * Taking and giving back virtual CPUs.
 * ------------------------------------------------------------------------- */

static bool cpu_try(unsigned int cpu, struct task_struct *t)
{
	struct task_struct *expected = NULL;

	return __atomic_compare_exchange_n(&cpu_slots[cpu].owner, &expected, t, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* One pass over every CPU from @first on; the CPU taken, or -1. */
static int cpu_try_all(unsigned int n, unsigned int first, struct task_struct *t)
{
	for (unsigned int i = 0; i < n; i++) {
		unsigned int cpu = first + i < n ? first + i : first + i - n;

		if (!__atomic_load_n(&cpu_slots[cpu].owner, __ATOMIC_SEQ_CST) && cpu_try(cpu, t))
			return (int)cpu;
	}
	return -1;
}

/* Every CPU is held: sleep until one is released, then take it. */
static int cpu_wait(struct task_struct *t)
{
	int cpu, seq;

	__atomic_fetch_add(&cpu_wq.waits, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&cpu_wq.waiters, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		seq = __atomic_load_n(&cpu_wq.seq, __ATOMIC_SEQ_CST);
		cpu = cpu_try_all(sched_nr_cpus(), 0, t);
		if (cpu >= 0)
			break;
		host_futex_wait(&cpu_wq.seq, seq, CPU_WAIT_SLICE_NS);
	}
	__atomic_fetch_sub(&cpu_wq.waiters, 1, __ATOMIC_SEQ_CST);
	return cpu;
}

static void cpu_wake_waiters(int n)
{
	__atomic_fetch_add(&cpu_wq.seq, 1, __ATOMIC_SEQ_CST);
	host_futex_wake(&cpu_wq.seq, n);
}

/**
 * kmm_cpu_get - take a virtual CPU for the calling task
 * @t: current, which holds no CPU
 *
 * Called by the outermost preempt_disable() / local_irq_disable().
 * Context: any; may wait (in the host) until a CPU is free.
 */
void kmm_cpu_get(struct task_struct *t)
{
	unsigned int n = sched_nr_cpus();
	int cpu = t->cpu;

	t->kmm_preempt_ip = (unsigned long)__builtin_return_address(0);
	if ((unsigned int)cpu >= n || !cpu_try((unsigned int)cpu, t)) {
		cpu = cpu_try_all(n, (unsigned int)host_current_cpu() % n, t);
		if (cpu < 0)
			cpu = cpu_wait(t);
	}
	t->cpu = cpu;
	t->kmm_on_cpu = true;
}

/**
 * kmm_cpu_put - give back the calling task's virtual CPU
 * @t: current, which holds a CPU and has just become preemptible
 *
 * Context: any.
 */
void kmm_cpu_put(struct task_struct *t)
{
	struct task_struct *owner;

	t->kmm_on_cpu = false;
	owner = __atomic_load_n(&cpu_slots[t->cpu].owner, __ATOMIC_RELAXED);
	__atomic_store_n(&cpu_slots[t->cpu].owner, NULL, __ATOMIC_RELEASE);
	if (unlikely(__atomic_load_n(&cpu_wq.waiters, __ATOMIC_RELAXED)))
		cpu_wake_waiters(1);
	WARN(owner != t, "kmm: CPU %d was held by %p, not by %s/%d\n", t->cpu, (void *)owner,
	     t->comm, t->pid);
}

/**
 * kmm_run_on_cpu - run a function on one particular virtual CPU
 * @cpu: the CPU
 * @fn: the function; it runs non-preemptible, holding @cpu
 * @arg: its argument
 *
 * The kernel runs per-CPU work (draining per-CPU lists, say) by queueing it
 * on each CPU.  kmm has no queues: the caller waits until @cpu is free, takes
 * it, and runs @fn there itself, so @fn may touch @cpu's per-CPU data as if
 * it were local.
 *
 * Context: process context, preemptible (it waits for the CPU).
 */
void kmm_run_on_cpu(unsigned int cpu, void (*fn)(void *arg), void *arg)
{
	struct task_struct *t = current;

	if (WARN_ON(t->kmm_on_cpu || cpu >= sched_nr_cpus()))
		return;
	__atomic_fetch_add(&cpu_wq.waiters, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		int seq = __atomic_load_n(&cpu_wq.seq, __ATOMIC_SEQ_CST);

		if (cpu_try(cpu, t))
			break;
		/* a release may wake another waiter: look again every millisecond */
		host_futex_wait(&cpu_wq.seq, seq, 1000000);
	}
	__atomic_fetch_sub(&cpu_wq.waiters, 1, __ATOMIC_SEQ_CST);
	t->cpu = (int)cpu;
	t->kmm_on_cpu = true;
	t->kmm_preempt_ip = (unsigned long)__builtin_return_address(0);
	preempt_count_add(1); /* already on @cpu: only counts */
	fn(arg);
	preempt_count_sub(1); /* gives @cpu back */
}

/**
 * need_resched - does some task wait for a virtual CPU?
 *
 * Context: any.
 * Return: true while a task waits for a CPU.
 */
bool need_resched(void)
{
	return __atomic_load_n(&cpu_wq.waiters, __ATOMIC_RELAXED) != 0;
}

/**
 * kmm_cpus_held - number of virtual CPUs held right now
 *
 * Context: any.
 * Return: the count (a snapshot).
 */
unsigned int kmm_cpus_held(void)
{
	unsigned int held = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		held += __atomic_load_n(&cpu_slots[cpu].owner, __ATOMIC_RELAXED) != NULL;
	return held;
}

/**
 * kmm_cpu_waits - how often a task found every virtual CPU held
 *
 * Context: any.
 * Return: the count since process start.
 */
unsigned long kmm_cpu_waits(void)
{
	return __atomic_load_n(&cpu_wq.waits, __ATOMIC_RELAXED);
}

static void sched_set_cpus(unsigned int n)
{
	cpumask_clear(&__cpu_possible_mask);
	for (unsigned int cpu = 0; cpu < n; cpu++)
		cpumask_set_cpu(cpu, &__cpu_possible_mask);
	__atomic_store_n(&nr_cpu_ids, n, __ATOMIC_RELAXED);
	cpu_wake_waiters(__INT_MAX__);
}

/**
 * sched_check_invariants - nobody but the caller holds a virtual CPU
 *
 * Meant for quiet moments (the end of a test case): a CPU held then is a
 * preempt_disable(), spin_lock() or local_irq_disable() whose pair never
 * ran.  Each one is reported.  Also checks the caller's own state: a
 * non-preemptible task holds a CPU, a preemptible one does not.
 *
 * Context: process context, no concurrent kmm calls.
 * Return: the number of violations.
 */
int sched_check_invariants(void)
{
	struct task_struct *t = current, *owner;
	int bad = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		owner = __atomic_load_n(&cpu_slots[cpu].owner, __ATOMIC_SEQ_CST);
		if (!owner || owner == t)
			continue;
		pr_err("sched: CPU %u is held by %s/%d\n", cpu, owner->comm, owner->pid);
		bad++;
	}
	if (t->kmm_on_cpu != (t->preempt_count != 0 || t->kmm_irqs_off)) {
		pr_err("sched: task %s/%d: on_cpu %d, preempt_count %#x, irqs_off %d\n", t->comm,
		       t->pid, t->kmm_on_cpu, t->preempt_count, t->kmm_irqs_off);
		bad++;
	}
	return bad;
}

/* kmm_sched_init() and kmm_sched_exit() are documented in kernel/internal.h. */
int kmm_sched_init(unsigned int nr_cpus)
{
	struct task_struct *owner;

	if (nr_cpus < 1 || nr_cpus > NR_CPUS) {
		pr_err("kmm: nr_cpus=%u: must be 1..%d\n", nr_cpus, NR_CPUS);
		return -EINVAL;
	}
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		owner = __atomic_load_n(&cpu_slots[cpu].owner, __ATOMIC_SEQ_CST);
		if (owner) {
			pr_err("kmm: cannot boot: CPU %u is held by %s/%d\n", cpu, owner->comm,
			       owner->pid);
			return -EBUSY;
		}
	}
	sched_set_cpus(nr_cpus);
	return 0;
}

void kmm_sched_exit(void)
{
	struct task_struct *owner;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		owner = __atomic_load_n(&cpu_slots[cpu].owner, __ATOMIC_SEQ_CST);
		WARN(owner, "kmm: CPU %u still held by %s/%d at shutdown\n", cpu,
		     owner ? owner->comm : "", owner ? owner->pid : 0);
	}
	sched_set_cpus(1);
}

/* ---------------------------------------------------------------------------
 * Preempt count and interrupt context.
 * ------------------------------------------------------------------------- */

/**
 * kmm_preempt_count_underflow - report an unbalanced enable
 * @val: the amount that was to be subtracted
 *
 * Context: any.
 */
void kmm_preempt_count_underflow(int val)
{
	WARN(1, "DEBUG_LOCKS_WARN_ON(val > preempt_count()): val %#x, preempt_count %#x\n", val,
	     preempt_count());
}

/**
 * kmm_irq_enter - enter hard interrupt context (see <kmm/sched.h>)
 *
 * Context: any; nests up to 15 levels.
 */
void kmm_irq_enter(void)
{
	struct task_struct *t = current;
	unsigned int depth = (unsigned int)(hardirq_count() >> HARDIRQ_SHIFT);

	if (WARN(depth >= HARDIRQ_MASK >> HARDIRQ_SHIFT, "kmm_irq_enter: nested too deep\n"))
		return;
	if (t->kmm_irqs_off)
		t->kmm_irq_saved |= 1U << depth;
	else
		t->kmm_irq_saved &= ~(1U << depth);
	local_irq_disable();
	preempt_count_add(HARDIRQ_OFFSET);
}

/**
 * kmm_irq_exit - leave the context the matching kmm_irq_enter() entered
 *
 * Context: inside kmm_irq_enter(); WARNs otherwise.
 */
void kmm_irq_exit(void)
{
	struct task_struct *t = current;
	unsigned int depth = (unsigned int)(hardirq_count() >> HARDIRQ_SHIFT);

	if (WARN(depth == 0, "kmm_irq_exit() without kmm_irq_enter()\n"))
		return;
	preempt_count_sub(HARDIRQ_OFFSET);
	if (!(t->kmm_irq_saved & (1U << (depth - 1))))
		local_irq_enable();
}

/**
 * kmm_softirq_enter - serve a softirq: in_serving_softirq() becomes true
 *
 * Context: any.
 */
void kmm_softirq_enter(void)
{
	preempt_count_add(SOFTIRQ_OFFSET);
}

/**
 * kmm_softirq_exit - stop serving the softirq kmm_softirq_enter() began
 *
 * Context: inside kmm_softirq_enter().
 */
void kmm_softirq_exit(void)
{
	preempt_count_sub(SOFTIRQ_OFFSET);
}

/* ---------------------------------------------------------------------------
 * Reports.
 * ------------------------------------------------------------------------- */

static void sched_print_ip(const char *lvl, unsigned long ip)
{
	char sym[256];

	host_symbolize((const void *)ip, sym, sizeof(sym));
	printk("%s[<%016lx>] %s\n", lvl, ip, sym);
}

/**
 * debug_smp_processor_id - smp_processor_id() off its fast path
 *
 * Reports "BUG: using smp_processor_id() in preemptible" (at most ten
 * times in five seconds) when the caller holds no CPU.
 *
 * Context: any.
 * Return: the CPU held, or the one last held.
 */
unsigned int debug_smp_processor_id(void)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST);
	struct task_struct *t = current;
	char sym[256];

	if (t->kmm_on_cpu)
		return (unsigned int)t->cpu;
	if (__ratelimit(&rs)) {
		host_symbolize(__builtin_return_address(0), sym, sizeof(sym));
		printk_report_lock();
		pr_err("BUG: using smp_processor_id() in preemptible [%08x] code: %s/%d\n",
		       preempt_count(), t->comm, t->pid);
		printk("caller is %s\n", sym);
		dump_stack_skip(KERN_DEFAULT, 1);
		report_count_inc();
		printk_report_unlock();
	}
	return (unsigned int)raw_smp_processor_id();
}

static noinline void might_sleep_report(struct task_struct *t, const char *file, int line)
{
	printk_report_lock();
	pr_err("BUG: sleeping function called from invalid context at %s:%d\n", file, line);
	pr_err("in_atomic(): %d, irqs_disabled(): %d, non_block: 0, pid: %d, name: %s\n",
	       t->preempt_count != 0, t->kmm_irqs_off, t->pid, t->comm);
	pr_err("preempt_count: %x, expected: 0\n", t->preempt_count);
	if (t->preempt_count) {
		pr_err("Preemption disabled at:\n");
		sched_print_ip(KERN_ERR, t->kmm_preempt_ip);
	} else {
		pr_err("hardirqs last disabled at:\n");
		sched_print_ip(KERN_ERR, t->kmm_preempt_ip);
	}
	dump_stack_skip(KERN_DEFAULT, 2);
	report_count_inc();
	add_taint(TAINT_WARN, LOCKDEP_STILL_OK);
	printk_report_unlock();
}

/**
 * __might_sleep - report sleeping in atomic context (might_sleep())
 * @file: source file of the call
 * @line: its line
 *
 * Every offence is reported, with no rate limit: tests count them.
 *
 * Context: any.
 */
void __might_sleep(const char *file, int line)
{
	struct task_struct *t = current;

	if (likely(t->preempt_count == 0 && !t->kmm_irqs_off))
		return;
	might_sleep_report(t, file, line);
	barrier(); /* no tail call: the report's stack skips this frame */
}

/* ---------------------------------------------------------------------------
 * Sleeping and yielding.
 * ------------------------------------------------------------------------- */

/**
 * _cond_resched - the part of cond_resched() after its might_sleep() check
 *
 * Context: process context.
 * Return: 1 if the host CPU was yielded, else 0.
 */
int _cond_resched(void)
{
	struct task_struct *t = current;

	if (!preemptible() || ++t->kmm_resched % RESCHED_EVERY)
		return 0;
	host_yield();
	return 1;
}

/**
 * msleep - sleep for @msecs milliseconds
 * @msecs: how long
 *
 * Context: process context, may sleep (reports if atomic).
 */
void msleep(unsigned int msecs)
{
	might_sleep();
	host_sleep_ns((uint64_t)msecs * 1000000u);
}

/**
 * msleep_interruptible - msleep() that a signal could cut short
 * @msecs: how long
 *
 * Context: process context, may sleep.
 * Return: 0 (kmm delivers no signals).
 */
unsigned long msleep_interruptible(unsigned int msecs)
{
	msleep(msecs);
	return 0;
}

/**
 * ssleep - sleep for @seconds seconds
 * @seconds: how long
 *
 * Context: process context, may sleep.
 */
void ssleep(unsigned int seconds)
{
	might_sleep();
	host_sleep_ns((uint64_t)seconds * 1000000000u);
}

/**
 * usleep_range - sleep between @min and @max microseconds
 * @min: at least this long
 * @max: at most this long (kmm sleeps @min)
 *
 * Context: process context, may sleep.
 */
void usleep_range(unsigned long min, unsigned long max)
{
	might_sleep();
	host_sleep_ns((uint64_t)min * 1000u);
}

/**
 * fsleep - sleep about @usecs microseconds
 * @usecs: how long
 *
 * Context: process context, may sleep.
 */
void fsleep(unsigned long usecs)
{
	might_sleep();
	host_sleep_ns((uint64_t)usecs * 1000u);
}

/**
 * ndelay - busy-wait @nsecs nanoseconds
 * @nsecs: how long
 *
 * Context: any, atomic included.
 */
void ndelay(unsigned long nsecs)
{
	uint64_t end = host_clock_ns() + nsecs;

	while (host_clock_ns() < end)
		barrier();
}

/**
 * udelay - busy-wait @usecs microseconds
 * @usecs: how long
 *
 * Context: any, atomic included.
 */
void udelay(unsigned long usecs)
{
	ndelay(usecs * 1000u);
}

/**
 * mdelay - busy-wait @msecs milliseconds
 * @msecs: how long
 *
 * Context: any, atomic included.
 */
void mdelay(unsigned long msecs)
{
	ndelay(msecs * 1000000u);
}

/* ---------------------------------------------------------------------------
 * fork(): every CPU to one task (kernel/fork.c).
 * ------------------------------------------------------------------------- */

/**
 * kmm_cpus_freeze - take every virtual CPU for the calling task
 *
 * The task becomes non-preemptible on a CPU of its own, as preempt_disable()
 * makes it, then waits for each other CPU to be released and takes it too.
 * Afterwards no other task is inside a spinlock or a per-CPU section, and
 * none can enter one until kmm_cpus_thaw().  One task at a time (the caller
 * serialises): two freezing tasks would wait for each other's CPU.
 *
 * Context: process context, preemptible, holding no kmm lock.
 */
void kmm_cpus_freeze(void)
{
	struct task_struct *t = current;
	unsigned int n = sched_nr_cpus();
	int seq;

	preempt_disable();
	__atomic_fetch_add(&cpu_wq.waiters, 1, __ATOMIC_SEQ_CST);
	for (unsigned int cpu = 0; cpu < n; cpu++) {
		while (cpu != (unsigned int)t->cpu) {
			seq = __atomic_load_n(&cpu_wq.seq, __ATOMIC_SEQ_CST);
			if (cpu_try(cpu, t))
				break;
			host_futex_wait(&cpu_wq.seq, seq, CPU_WAIT_SLICE_NS);
		}
	}
	__atomic_fetch_sub(&cpu_wq.waiters, 1, __ATOMIC_SEQ_CST);
}

/**
 * kmm_cpus_thaw - give back what kmm_cpus_freeze() took
 * @forked_child: true in the child of a fork(): the tasks that waited for a
 *	CPU in the parent do not exist there, so the waiter count restarts at 0
 *
 * Context: the task that froze the CPUs.
 */
void kmm_cpus_thaw(bool forked_child)
{
	struct task_struct *t = current;
	unsigned int n = sched_nr_cpus();

	if (forked_child)
		__atomic_store_n(&cpu_wq.waiters, 0, __ATOMIC_SEQ_CST);
	for (unsigned int cpu = 0; cpu < n; cpu++)
		if (cpu != (unsigned int)t->cpu)
			__atomic_store_n(&cpu_slots[cpu].owner, NULL, __ATOMIC_RELEASE);
	cpu_wake_waiters(__INT_MAX__);
	preempt_enable();
}
