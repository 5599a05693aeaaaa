// SPDX-License-Identifier: MIT
/*
 * kernel/sched.c - virtual CPUs, preemption, and the task of each thread.
 *
 * Theory
 * ------
 * 1. The model.  A kmm machine has nr_cpu_ids virtual CPUs (nr_cpus= at
 *    boot; 1 before any boot).  Any number of host threads may call into
 *    kmm; each is a task (<linux/sched.h>).  A task *runs on* a virtual CPU
 *    exactly while it is not preemptible: while its preempt count is not
 *    zero or its interrupts are disabled.  The outermost preempt_disable(),
 *    spin_lock(), local_bh_disable() or local_irq_disable() puts it on a
 *    CPU; the step that makes it preemptible again takes it off.  While a
 *    task runs on CPU n no other task runs on CPU n.
 *
 *    So the kernel's central promise holds: data of CPU n, touched only
 *    with preemption disabled on CPU n (per-CPU page lists, per-CPU slabs,
 *    per-CPU counters), is never touched by two threads at once, even with
 *    more threads than CPUs.  Between sections a task may come back on
 *    another CPU, as a preempted kernel task may migrate.
 *
 * 2. Ownership.  Every task has a ticket (struct kmm_cpu_ticket, in memory
 *    that outlives its thread).  kmm_cpu_slots[n].owner is the ticket that
 *    owns CPU n, or NULL.  A ticket owns at most one CPU, the task's t->cpu
 *    (kmm_cpus_freeze() aside), and ticket->busy says where the task runs:
 *    n + 1 while it is in - or about to enter - a section on CPU n, 0 when
 *    it runs nowhere, KMM_CPU_TAKING while it looks for a CPU.  Owning is
 *    not running: a task *keeps* its CPU when it becomes preemptible, so the
 *    next section is entered with no atomic read-modify-write at all
 *    (sticky CPUs):
 *
 *	enter:  busy = n + 1; compiler barrier; owner[n] == me ? run : slow
 *	leave:  busy = 0
 *
 *    Every store to busy is a release, every thief's load an acquire.
 *
 * 3. Taking a CPU away.  A task that finds no unowned CPU takes one whose
 *    owner is not running on it: busy = n + 1 for itself, CAS owner[n] from
 *    the old ticket to its own, host_membarrier(), then look at the old
 *    ticket's busy once more.  This is Dekker's mutual exclusion made
 *    asymmetric: the membarrier forces a full barrier into the old owner's
 *    instruction stream, so either the old owner's "busy = n + 1" is
 *    visible to the thief after the membarrier, or the old owner's check
 *    comes after the barrier and sees the new owner (it goes the slow way).
 *    In the first case the thief gives the CPU back (CAS to the old owner)
 *    and looks elsewhere: it never waits for another task, so a task that
 *    holds a CPU while it waits for the thief (a barrier of threads each on
 *    a CPU) cannot deadlock with it, and a recycled ticket (its thread gone,
 *    the ticket now another task's) only ever makes a steal fail.  The
 *    release/acquire pair on busy orders the old owner's per-CPU writes
 *    before the thief's.  Steals cost a system call, so a task that finds
 *    its CPU stolen (it kept it at its last leave, and no longer owns it)
 *    releases its CPUs for a while (CPU_PENALTY_MIN ns) instead of keeping
 *    them; the while doubles, up to CPU_PENALTY_MAX, while steals keep
 *    coming.  The thief keeps the CPU it took, sticky, until it is stolen
 *    from in turn: a thread that took the CPU of one that went quiet (a
 *    main thread in pthread_join()) runs at full speed, and with more busy
 *    threads than CPUs every thief soon becomes a victim, so tasks then hand
 *    CPUs over by CAS and release, without membarriers.  A ticket is
 *    written by its own task only; others read it.
 *
 * 4. Strict mode.  Without membarrier (old hosts, some sandboxes, valgrind)
 *    or with sticky_cpus=off, every leave releases the CPU: one CAS to take
 *    it, one release store to give it back, and no steals.  The enter fast
 *    path above then never succeeds and costs one failed compare.
 *
 * 5. Waiting.  If every CPU is owned by a busy ticket, the task registers
 *    as a waiter, reads cpu_wq.seq, scans again, and sleeps on the futex
 *    until the sequence moves.  Leaving a CPU bumps the sequence only when
 *    someone waits.  There is deliberately no full barrier between a
 *    leave's release store and its load of the waiter count: a lost wakeup
 *    is bounded, not fatal - waiters sleep at most CPU_WAIT_SLICE_NS before
 *    they look again - and happens only when every CPU is busy at once.
 *
 * 6. Interrupts are only a state.  kmm has no interrupts to mask; disabling
 *    them makes the task non-preemptible (and so on a CPU) and makes
 *    irqs_disabled() true, nothing more.  kmm_irq_enter() runs code "as an
 *    interrupt handler" by adding HARDIRQ_OFFSET and disabling interrupts.
 *
 * 7. Reports, with the kernel's wording: sleeping in atomic context
 *    (__might_sleep), smp_processor_id() while preemptible, a preempt count
 *    going negative, CPUs still busy at shutdown.
 *
 * Differences from the kernel: there is no scheduler.  A task that cannot
 * get a CPU waits for one instead of being queued on one; preempt_enable()
 * never reschedules; cond_resched() yields the host CPU now and then.  A
 * thread that exits while running on a CPU keeps it forever (the kernel
 * would say "scheduling while atomic"); kmm_sched_exit() reports it.  A
 * thread that exits owning an idle CPU gives it back.
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

struct kmm_cpu_slot kmm_cpu_slots[NR_CPUS];

static struct {
	int seq;	      /* bumped when a CPU is released while someone waits; futex word */
	unsigned long waits;  /* times a task found every CPU busy (statistics) */
	unsigned long steals; /* CPUs taken from an idle owner (statistics) */
} cpu_wq ____cacheline_aligned;

/* Tickets: a free list, and a host-level lock that needs no CPU. */
static struct {
	int lock;
	struct kmm_cpu_ticket *free;
} tickets;

/* Sticky CPUs: -1 not decided yet, 0 strict (see 4. above), 1 sticky. */
int kmm_cpu_sticky_mode = -1;

/* Tasks inside cpu_wait() or cpu_take(), waiting for a CPU. */
int kmm_cpu_waiters;
static bool cpu_sticky_wanted = true;
static bool cpu_membarrier_ok; /* registered with the host once: stays so */

unsigned int nr_cpu_ids = 1;
struct cpumask __cpu_possible_mask = {{1UL}};

__thread struct task_struct kmm_current_task __attribute__((tls_model("initial-exec")));

/* A task waiting for a CPU looks again at least this often (see 5. above). */
#define CPU_WAIT_SLICE_NS (200ULL * 1000)

/* A task whose CPU was stolen releases its CPUs for 1 ms, up to 64 ms if steals come fast. */
#define CPU_PENALTY_MIN (1000UL * 1000)
#define CPU_PENALTY_MAX (64UL * 1000 * 1000)

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
 * Tickets.
 * ------------------------------------------------------------------------- */

static void tickets_lock(void)
{
	while (__atomic_exchange_n(&tickets.lock, 1, __ATOMIC_ACQUIRE))
		host_yield();
}

static void tickets_unlock(void)
{
	__atomic_store_n(&tickets.lock, 0, __ATOMIC_RELEASE);
}

/* Give back the CPU @tk owns, if it owns one and is not running on it. */
static void ticket_disown(struct kmm_cpu_ticket *tk, int cpu)
{
	struct kmm_cpu_ticket *expected = tk;

	if ((unsigned int)cpu < NR_CPUS)
		__atomic_compare_exchange_n(&kmm_cpu_slots[cpu].owner, &expected, NULL, false,
					    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* The thread of the task exits: its CPU and its ticket are free again. */
static void ticket_exit(void *arg)
{
	struct task_struct *t = current;
	struct kmm_cpu_ticket *tk = arg;

	if (t->kmm_on_cpu)
		return; /* dies on its CPU: kept forever, reported at shutdown */
	t->kmm_ticket = NULL;
	t->kmm_fast_ticket = NULL;
	ticket_disown(tk, t->cpu);
	__atomic_store_n(&tk->busy, 0, __ATOMIC_RELEASE);
	tickets_lock();
	tk->next = tickets.free;
	tickets.free = tk;
	tickets_unlock();
}

/* @tk gives its CPU back at every leave until @until (host clock, ns). */
static void cpu_share_until(struct kmm_cpu_ticket *tk, unsigned long until)
{
	if (until > tk->release_until)
		tk->release_until = until;
	__atomic_store_n(&tk->releases, 1, __ATOMIC_RELAXED);
}

static struct kmm_cpu_ticket *ticket_new(struct task_struct *t)
{
	enum { CHUNK = 64 };
	struct kmm_cpu_ticket *tk, *chunk;

	tickets_lock();
	if (!tickets.free) {
		chunk = host_bookkeeping_alloc(CHUNK * sizeof(*chunk));
		if (!chunk) {
			tickets_unlock();
			panic("kmm: no host memory for CPU tickets\n");
		}
		for (int i = 0; i < CHUNK; i++) {
			chunk[i].next = tickets.free;
			tickets.free = &chunk[i];
		}
	}
	tk = tickets.free;
	tickets.free = tk->next;
	tickets_unlock();
	tk->next = NULL;
	tk->penalty = 0;
	tk->stolen_at = 0;
	tk->release_until = 0;
	tk->releases = 0;
	tk->released = true;
	tk->pid = t->pid;
	tk->kthread = t->flags & PF_KTHREAD;
	memcpy(tk->comm, t->comm, sizeof(tk->comm));
	host_thread_at_exit(ticket_exit, tk);
	return tk;
}

/* ---------------------------------------------------------------------------
 * Taking and giving back virtual CPUs.
 * ------------------------------------------------------------------------- */

static int cpu_sticky_mode_now(void)
{
	return __atomic_load_n(&kmm_cpu_sticky_mode, __ATOMIC_RELAXED);
}

static bool cpu_is_sticky(void)
{
	int s = __atomic_load_n(&kmm_cpu_sticky_mode, __ATOMIC_ACQUIRE);

	if (likely(s >= 0))
		return s;
	if (cpu_sticky_wanted && !cpu_membarrier_ok)
		cpu_membarrier_ok = host_membarrier_init() == 0;
	s = cpu_sticky_wanted && cpu_membarrier_ok;
	__atomic_store_n(&kmm_cpu_sticky_mode, s, __ATOMIC_RELEASE);
	return s;
}

/* The heavy half of the asymmetric fence (3. above). */
static void cpu_fence(void)
{
	if (unlikely(host_membarrier())) {
		/* registered once and inherited by fork(): cannot fail; no fence, no safety */
		static const char msg[] = "kmm: membarrier failed after registration\n";

		host_console_write(msg, sizeof(msg) - 1);
		host_abort();
	}
}

/* Announce where @tk runs (see 2. above); a full barrier, for the slow paths. */
static void busy_set(struct kmm_cpu_ticket *tk, int where)
{
	__atomic_store_n(&tk->busy, where, __ATOMIC_SEQ_CST);
}

/* Is a task whose ticket says @busy in (or entering) a section on @cpu? */
static bool busy_on(int busy, unsigned int cpu)
{
	return busy == (int)cpu + 1 || busy == KMM_CPU_ALL;
}

/* @tk still owns @cpu: announce it runs there and make sure.  @tk is taking a CPU. */
static bool cpu_mine(unsigned int cpu, struct kmm_cpu_ticket *tk)
{
	busy_set(tk, (int)cpu + 1);
	if (__atomic_load_n(&kmm_cpu_slots[cpu].owner, __ATOMIC_SEQ_CST) == tk)
		return true;
	busy_set(tk, KMM_CPU_TAKING);
	return false;
}

/* Own @cpu if nobody does. */
static bool cpu_try(unsigned int cpu, struct kmm_cpu_ticket *tk)
{
	int before = __atomic_load_n(&tk->busy, __ATOMIC_RELAXED);
	struct kmm_cpu_ticket *expected = NULL;

	if (before != KMM_CPU_ALL)
		busy_set(tk, (int)cpu + 1);
	if (__atomic_compare_exchange_n(&kmm_cpu_slots[cpu].owner, &expected, tk, false,
					__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return true;
	busy_set(tk, before);
	return false;
}

/* Take @cpu from an owner that is not running on it (see 3. above). */
static bool cpu_steal(unsigned int cpu, struct kmm_cpu_ticket *tk)
{
	struct kmm_cpu_ticket *old = __atomic_load_n(&kmm_cpu_slots[cpu].owner, __ATOMIC_ACQUIRE);
	struct kmm_cpu_ticket *mine = tk;
	int before = __atomic_load_n(&tk->busy, __ATOMIC_RELAXED);

	if (!old || old == tk || busy_on(__atomic_load_n(&old->busy, __ATOMIC_ACQUIRE), cpu))
		return false;
	if (before != KMM_CPU_ALL)
		busy_set(tk, (int)cpu + 1);
	if (!__atomic_compare_exchange_n(&kmm_cpu_slots[cpu].owner, &old, tk, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		busy_set(tk, before);
		return false;
	}
	cpu_fence();
	if (busy_on(__atomic_load_n(&old->busy, __ATOMIC_ACQUIRE), cpu)) {
		/* the old owner got in first: it keeps the CPU (nobody steals from us) */
		__atomic_compare_exchange_n(&kmm_cpu_slots[cpu].owner, &mine, old, false,
					    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
		busy_set(tk, before);
		return false;
	}
	__atomic_fetch_add(&cpu_wq.steals, 1, __ATOMIC_RELAXED);
	return true;
}

/* One pass over every CPU from @first on, free ones first; the CPU taken, or -1. */
static int cpu_try_all(unsigned int n, unsigned int first, struct kmm_cpu_ticket *tk)
{
	for (unsigned int i = 0; i < n; i++) {
		unsigned int cpu = first + i < n ? first + i : first + i - n;

		if (!__atomic_load_n(&kmm_cpu_slots[cpu].owner, __ATOMIC_SEQ_CST) &&
		    cpu_try(cpu, tk))
			return (int)cpu;
	}
	if (!cpu_is_sticky())
		return -1;
	for (unsigned int i = 0; i < n; i++) {
		unsigned int cpu = first + i < n ? first + i : first + i - n;

		if (cpu_steal(cpu, tk))
			return (int)cpu;
	}
	return -1;
}

/* Every CPU is busy: sleep until one is left, then take it.  @tk is taking a CPU. */
static int cpu_wait(struct kmm_cpu_ticket *tk, unsigned int first)
{
	int cpu, seq;

	__atomic_fetch_add(&cpu_wq.waits, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&kmm_cpu_waiters, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		seq = __atomic_load_n(&cpu_wq.seq, __ATOMIC_SEQ_CST);
		cpu = cpu_try_all(sched_nr_cpus(), first, tk);
		if (cpu >= 0)
			break;
		busy_set(tk, 0);
		host_futex_wait(&cpu_wq.seq, seq, CPU_WAIT_SLICE_NS);
		busy_set(tk, KMM_CPU_TAKING);
	}
	__atomic_fetch_sub(&kmm_cpu_waiters, 1, __ATOMIC_SEQ_CST);
	return cpu;
}

static void cpu_wake_waiters(int n)
{
	__atomic_fetch_add(&cpu_wq.seq, 1, __ATOMIC_SEQ_CST);
	host_futex_wake(&cpu_wq.seq, n);
}

/* kmm_cpu_leave() saw a waiter: wake one.  Context: any. */
void kmm_cpu_wake_waiter(void)
{
	cpu_wake_waiters(1);
}

/* @t's ticket, marked as taking a CPU. */
static struct kmm_cpu_ticket *cpu_ticket_busy(struct task_struct *t)
{
	struct kmm_cpu_ticket *tk = t->kmm_ticket;

	if (!tk)
		tk = t->kmm_ticket = ticket_new(t);
	busy_set(tk, KMM_CPU_TAKING);
	return tk;
}

/**
 * kmm_cpu_get - put the calling task on a virtual CPU (the slow way)
 * @t: current, which is on no CPU
 *
 * Called by kmm_cpu_enter() when @t does not own the CPU it last ran on.
 * Context: any; may wait (in the host) until a CPU is free.
 */
/* @tk kept its CPU at its last leave and lost it since: release for a while (3. above). */
static void cpu_was_stolen(struct kmm_cpu_ticket *tk)
{
	unsigned long now = (unsigned long)host_clock_ns();

	if (now - tk->stolen_at > 2 * tk->penalty)
		tk->penalty = CPU_PENALTY_MIN;
	else
		tk->penalty = min(2 * tk->penalty, CPU_PENALTY_MAX);
	tk->stolen_at = now;
	cpu_share_until(tk, now + tk->penalty);
}

void kmm_cpu_get(struct task_struct *t)
{
	unsigned int n = sched_nr_cpus();
	bool had_ticket = t->kmm_ticket != NULL;
	struct kmm_cpu_ticket *tk = cpu_ticket_busy(t);
	int cpu = t->cpu;

	if (had_ticket && !tk->released && cpu_sticky_mode_now() > 0 && (unsigned int)cpu < n) {
		struct kmm_cpu_ticket *now =
			__atomic_load_n(&kmm_cpu_slots[cpu].owner, __ATOMIC_RELAXED);

		if (now && now != tk) /* not just disowned at boot */
			cpu_was_stolen(tk);
	}
	tk->released = false;

	t->kmm_preempt_ip = (unsigned long)__builtin_return_address(0);
	if ((unsigned int)cpu >= n ||
	    !(cpu_mine((unsigned int)cpu, tk) || cpu_try((unsigned int)cpu, tk))) {
		unsigned int first = (unsigned int)host_current_cpu() % n;

		cpu = cpu_try_all(n, first, tk);
		if (cpu < 0)
			cpu = cpu_wait(tk, first);
	}
	t->cpu = cpu;
	kmm_task_set_on_cpu(t, true);
}

/**
 * kmm_cpu_put - take the calling task off its virtual CPU (the slow way)
 * @t: current, which runs on a CPU and has just become preemptible
 *
 * Called by kmm_cpu_leave() in strict mode and when @t must release.
 * In sticky mode the task keeps owning the CPU; otherwise it releases it.
 * Context: any.
 */
void kmm_cpu_put(struct task_struct *t)
{
	struct kmm_cpu_ticket *tk = t->kmm_ticket;
	bool release = cpu_sticky_mode_now() <= 0;

	kmm_task_set_on_cpu(t, false);
	if (unlikely(__atomic_load_n(&tk->releases, __ATOMIC_RELAXED)) && !release) {
		release = (unsigned long)host_clock_ns() < tk->release_until;
		if (!release)
			__atomic_store_n(&tk->releases, 0, __ATOMIC_RELAXED);
	}
	if (release) {
		struct kmm_cpu_ticket *owner = tk;

		/*
		 * A CAS, not a store: in sticky mode a thief may hold the owner
		 * word for a moment (it will see busy and hand the CPU back, see
		 * 3. above).  In strict mode there are no thieves.
		 */
		tk->released =
			__atomic_compare_exchange_n(&kmm_cpu_slots[t->cpu].owner, &owner, NULL,
						    false, __ATOMIC_RELEASE, __ATOMIC_RELAXED);
		if (!tk->released)
			WARN(cpu_sticky_mode_now() <= 0,
			     "kmm: CPU %d was owned by %p, not by %s/%d\n", t->cpu, (void *)owner,
			     t->comm, t->pid);
	}
	__atomic_store_n(&tk->busy, 0, __ATOMIC_RELEASE);
	if (unlikely(__atomic_load_n(&kmm_cpu_waiters, __ATOMIC_RELAXED)))
		cpu_wake_waiters(1);
}

/* Own @cpu, waiting while another task runs on it.  @tk is taking a CPU and owns none. */
static void cpu_take(unsigned int cpu, struct kmm_cpu_ticket *tk)
{
	__atomic_fetch_add(&kmm_cpu_waiters, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		int seq = __atomic_load_n(&cpu_wq.seq, __ATOMIC_SEQ_CST);

		if (cpu_try(cpu, tk) || (cpu_is_sticky() && cpu_steal(cpu, tk)))
			break;
		/* a leave may wake another waiter: look again every millisecond */
		busy_set(tk, 0);
		host_futex_wait(&cpu_wq.seq, seq, 1000000);
		busy_set(tk, KMM_CPU_TAKING);
	}
	__atomic_fetch_sub(&kmm_cpu_waiters, 1, __ATOMIC_SEQ_CST);
}

/**
 * kmm_run_on_cpu - run a function on one particular virtual CPU
 * @cpu: the CPU
 * @fn: the function; it runs non-preemptible, on @cpu
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
	struct kmm_cpu_ticket *tk;

	if (WARN_ON(t->kmm_on_cpu || cpu >= sched_nr_cpus()))
		return;
	tk = cpu_ticket_busy(t);
	if ((int)cpu != t->cpu || !cpu_mine(cpu, tk)) {
		ticket_disown(tk, t->cpu);
		cpu_take(cpu, tk);
		t->cpu = (int)cpu;
	}
	kmm_task_set_on_cpu(t, true);
	t->kmm_preempt_ip = (unsigned long)__builtin_return_address(0);
	/* already on @cpu: preempt_count_add() without its enter, only the count */
	t->preempt_count += 1;
	barrier();
	fn(arg);
	preempt_count_sub(1); /* leaves @cpu */
}

/**
 * need_resched - does some task wait for a virtual CPU?
 *
 * Context: any.
 * Return: true while a task waits for a CPU.
 */
bool need_resched(void)
{
	return __atomic_load_n(&kmm_cpu_waiters, __ATOMIC_RELAXED) != 0;
}

/* The ticket running on @cpu, or NULL when the CPU is idle (owned or not). */
static struct kmm_cpu_ticket *cpu_runner(unsigned int cpu)
{
	struct kmm_cpu_ticket *owner = __atomic_load_n(&kmm_cpu_slots[cpu].owner, __ATOMIC_SEQ_CST);

	return owner && busy_on(__atomic_load_n(&owner->busy, __ATOMIC_SEQ_CST), cpu) ? owner
										      : NULL;
}

/**
 * kmm_cpus_held - number of virtual CPUs some task runs on right now
 *
 * A CPU merely owned by a task that is preemptible does not count.
 *
 * Context: any.
 * Return: the count (a snapshot).
 */
unsigned int kmm_cpus_held(void)
{
	unsigned int held = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		held += cpu_runner(cpu) != NULL;
	return held;
}

/**
 * kmm_cpu_waits - how often a task found every virtual CPU busy
 *
 * Context: any.
 * Return: the count since process start.
 */
unsigned long kmm_cpu_waits(void)
{
	return __atomic_load_n(&cpu_wq.waits, __ATOMIC_RELAXED);
}

/**
 * kmm_cpu_steals - how often a task took an idle CPU from its owner
 *
 * Context: any.
 * Return: the count since process start (0 in strict mode).
 */
unsigned long kmm_cpu_steals(void)
{
	return __atomic_load_n(&cpu_wq.steals, __ATOMIC_RELAXED);
}

/**
 * kmm_cpus_sticky - do tasks keep their CPU between sections?
 *
 * Context: any.
 * Return: true in sticky mode, false in strict mode (see the theory above).
 */
bool kmm_cpus_sticky(void)
{
	return cpu_is_sticky();
}

/* Every idle CPU loses its owner (a quiet moment: boot or shutdown). */
static void cpu_disown_idle(void)
{
	bool sticky = cpu_membarrier_ok;
	struct kmm_cpu_ticket *old[NR_CPUS] = {NULL};

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct kmm_cpu_ticket *o =
			__atomic_load_n(&kmm_cpu_slots[cpu].owner, __ATOMIC_SEQ_CST);

		if (o && !busy_on(__atomic_load_n(&o->busy, __ATOMIC_SEQ_CST), cpu) &&
		    __atomic_compare_exchange_n(&kmm_cpu_slots[cpu].owner, &o, NULL, false,
						__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			old[cpu] = o;
	}
	if (sticky)
		cpu_fence();
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct kmm_cpu_ticket *none = NULL;

		/* an owner that got in first keeps its CPU (see 3. above) */
		if (old[cpu] && busy_on(__atomic_load_n(&old[cpu]->busy, __ATOMIC_ACQUIRE), cpu))
			__atomic_compare_exchange_n(&kmm_cpu_slots[cpu].owner, &none, old[cpu],
						    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	}
}

static void sched_set_cpus(unsigned int n, bool sticky)
{
	cpu_disown_idle();
	cpumask_clear(&__cpu_possible_mask);
	for (unsigned int cpu = 0; cpu < n; cpu++)
		cpumask_set_cpu(cpu, &__cpu_possible_mask);
	__atomic_store_n(&nr_cpu_ids, n, __ATOMIC_RELAXED);
	if (sticky != cpu_sticky_wanted) {
		cpu_sticky_wanted = sticky;
		__atomic_store_n(&kmm_cpu_sticky_mode, -1, __ATOMIC_RELEASE);
	}
	cpu_wake_waiters(__INT_MAX__);
}

/**
 * sched_check_invariants - nobody but the caller runs on a virtual CPU
 *
 * Meant for quiet moments (the end of a test case): a CPU busy then is a
 * preempt_disable(), spin_lock() or local_irq_disable() whose pair never
 * ran - unless a kernel thread (kswapd) runs on it, which it may.  Each one is reported.  Also
 * checks the caller's own state: a non-preemptible task runs on a CPU it owns, a preemptible one is
 * not busy, and no ticket owns two CPUs.
 *
 * Context: process context, no concurrent kmm calls.
 * Return: the number of violations.
 */
int sched_check_invariants(void)
{
	struct task_struct *t = current;
	struct kmm_cpu_ticket *tk = t->kmm_ticket, *r, *seen[NR_CPUS];
	int bad = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		seen[cpu] = __atomic_load_n(&kmm_cpu_slots[cpu].owner, __ATOMIC_SEQ_CST);
		for (unsigned int i = 0; seen[cpu] && i < cpu; i++)
			if (seen[i] == seen[cpu]) {
				pr_err("sched: CPUs %u and %u are both owned by %s/%d\n", i, cpu,
				       seen[cpu]->comm, seen[cpu]->pid);
				bad++;
			}
		r = cpu_runner(cpu);
		if (!r || r == tk || r->kthread)
			continue; /* kernel threads (kswapd) run whenever they must */
		pr_err("sched: CPU %u is held by %s/%d\n", cpu, r->comm, r->pid);
		bad++;
	}
	if (t->kmm_on_cpu != (t->preempt_count != 0 || t->kmm_irqs_off) ||
	    t->kmm_fast_ticket != (t->kmm_on_cpu ? NULL : tk) ||
	    (tk && !t->kmm_on_cpu && __atomic_load_n(&tk->busy, __ATOMIC_RELAXED)) ||
	    (t->kmm_on_cpu && seen[t->cpu] != tk)) {
		pr_err("sched: task %s/%d: on_cpu %d, preempt_count %#x, irqs_off %d\n", t->comm,
		       t->pid, t->kmm_on_cpu, t->preempt_count, t->kmm_irqs_off);
		bad++;
	}
	return bad;
}

/* kmm_sched_init() and kmm_sched_exit() are documented in kernel/internal.h. */
int kmm_sched_init(unsigned int nr_cpus, bool sticky)
{
	struct kmm_cpu_ticket *r;

	if (nr_cpus < 1 || nr_cpus > NR_CPUS) {
		pr_err("kmm: nr_cpus=%u: must be 1..%d\n", nr_cpus, NR_CPUS);
		return -EINVAL;
	}
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		r = cpu_runner(cpu);
		if (r) {
			pr_err("kmm: cannot boot: CPU %u is held by %s/%d\n", cpu, r->comm, r->pid);
			return -EBUSY;
		}
	}
	sched_set_cpus(nr_cpus, sticky);
	return 0;
}

void kmm_sched_exit(void)
{
	struct kmm_cpu_ticket *r;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		r = cpu_runner(cpu);
		WARN(r, "kmm: CPU %u still held by %s/%d at shutdown\n", cpu, r ? r->comm : "",
		     r ? r->pid : 0);
	}
	sched_set_cpus(1, true);
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
	struct kmm_cpu_ticket *tk;
	unsigned int n = sched_nr_cpus();
	int seq;

	preempt_disable();
	tk = t->kmm_ticket;
	busy_set(tk, KMM_CPU_ALL); /* on every CPU it owns until kmm_cpus_thaw() */
	__atomic_fetch_add(&kmm_cpu_waiters, 1, __ATOMIC_SEQ_CST);
	for (unsigned int cpu = 0; cpu < n; cpu++) {
		while (cpu != (unsigned int)t->cpu) {
			seq = __atomic_load_n(&cpu_wq.seq, __ATOMIC_SEQ_CST);
			if (cpu_try(cpu, tk) || (cpu_is_sticky() && cpu_steal(cpu, tk)))
				break;
			host_futex_wait(&cpu_wq.seq, seq, CPU_WAIT_SLICE_NS);
		}
	}
	__atomic_fetch_sub(&kmm_cpu_waiters, 1, __ATOMIC_SEQ_CST);
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

	if (forked_child) {
		__atomic_store_n(&kmm_cpu_waiters, 0, __ATOMIC_SEQ_CST);
		__atomic_store_n(&tickets.lock, 0, __ATOMIC_RELEASE);
	}
	for (unsigned int cpu = 0; cpu < n; cpu++)
		if (cpu != (unsigned int)t->cpu)
			__atomic_store_n(&kmm_cpu_slots[cpu].owner, NULL, __ATOMIC_RELEASE);
	busy_set(t->kmm_ticket, t->cpu + 1); /* only now: the others were off limits until given */
	cpu_wake_waiters(__INT_MAX__);
	preempt_enable();
}
