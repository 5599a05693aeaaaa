/* SPDX-License-Identifier: MIT */
/*
 * <linux/sched.h> - tasks: struct task_struct, current, and sleeping.
 *
 * Every host thread that calls into kmm is a task.  Its task_struct is a
 * thread-local variable, filled in on first use of current (pid = the host
 * thread id, comm = the host thread name); nothing is allocated.  Only the
 * fields below exist; kmm-private ones carry a kmm_ prefix.
 *
 * How a task holds a virtual CPU while it is not preemptible is explained
 * in kernel/sched.c; <linux/preempt.h> and <linux/irqflags.h> are the entry
 * points.
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/compiler.h>
#include <linux/string.h>
#include <linux/types.h>

struct mempolicy;
struct kmm_cpu_ticket;

#define TASK_COMM_LEN 16

/* Task flags (task_struct.flags), with the kernel's values. */
#define PF_IDLE 0x00000002
#define PF_EXITING 0x00000004
#define PF_WQ_WORKER 0x00000020
#define PF_MEMALLOC 0x00000800 /* allocating to free memory: may use reserves */
#define PF_NOFREEZE 0x00008000
#define PF_KSWAPD 0x00020000	    /* this is kswapd */
#define PF_MEMALLOC_NOFS 0x00040000 /* allocations act as GFP_NOFS */
#define PF_MEMALLOC_NOIO 0x00080000 /* allocations act as GFP_NOIO */
#define PF_LOCAL_THROTTLE 0x00100000
#define PF_KTHREAD 0x00200000
#define PF_MEMALLOC_PIN 0x10000000 /* allocations may not be movable */

/*
 * struct task_struct - one host thread, as the kernel API sees it.
 *
 * All fields are written only by the thread itself.  pid, tgid and comm are
 * set before the task can own any lock and never change, so other threads
 * may read them through a lock's owner pointer.
 */
struct task_struct {
	int preempt_count;  /* the kernel's layout, see <linux/preempt.h> */
	bool kmm_on_cpu;    /* holds virtual CPU @cpu right now */
	bool kmm_irqs_off;  /* local_irq_disable() state */
	bool kmm_ready;	    /* pid, tgid, comm and cpu are filled in */
	unsigned int flags; /* PF_* */
	int cpu;	    /* the CPU held, or last held; -1 before the first */
	struct kmm_cpu_ticket *kmm_fast_ticket; /* kmm_ticket while on no CPU, else NULL */
	unsigned int kmm_irq_saved;		/* irq states saved by nested kmm_irq_enter() */
	unsigned int kmm_resched;		/* cond_resched() calls, to yield now and then */
	unsigned long kmm_preempt_ip; /* code that last took a CPU ("Preemption disabled at") */
	pid_t pid;
	pid_t tgid;
	char comm[TASK_COMM_LEN];
	struct mempolicy *mempolicy; /* set_mempolicy(); NULL: the default (local) policy */
	int il_prev;		     /* last node used by MPOL_INTERLEAVE */
	struct kmm_cpu_ticket
		*kmm_ticket; /* claim on a CPU (kernel/sched.c); NULL before the first */
};

extern __thread struct task_struct kmm_current_task __attribute__((tls_model("initial-exec")));

/* Fill in the calling thread's task (first use of current). */
void kmm_task_init(struct task_struct *t);

/* The calling thread's task.  Context: any. */
static __always_inline struct task_struct *get_current(void)
{
	struct task_struct *t = &kmm_current_task;

	if (unlikely(!t->kmm_ready))
		kmm_task_init(t);
	return t;
}
#define current get_current()

static inline pid_t task_pid_nr(const struct task_struct *tsk)
{
	return tsk->pid;
}

static inline pid_t task_tgid_nr(const struct task_struct *tsk)
{
	return tsk->tgid;
}

#define task_pid_vnr(tsk) task_pid_nr(tsk)

/* The CPU @p holds, or last held (0 if it never held one). */
static inline unsigned int task_cpu(const struct task_struct *p)
{
	return p->cpu < 0 ? 0 : (unsigned int)p->cpu;
}

/* Copy @tsk's name into @buf, which must be a char[TASK_COMM_LEN]. */
#define get_task_comm(buf, tsk)           \
	((char *)memcpy(buf, (tsk)->comm, \
			TASK_COMM_LEN + BUILD_BUG_ON_ZERO(sizeof(buf) != TASK_COMM_LEN)))

/* kmm delivers no signals. */
static inline int signal_pending(const struct task_struct *p)
{
	return 0;
}

static inline int fatal_signal_pending(const struct task_struct *p)
{
	return 0;
}

/**
 * _cond_resched - yield the host CPU now and then if preemptible
 *
 * Context: process context.
 * Return: 1 if it yielded, else 0.
 */
int _cond_resched(void);

/*
 * cond_resched - a point where a long-running task lets others run.  Checks,
 * like might_sleep(), that the caller could sleep here; when preemptible it
 * yields the host CPU now and then.  Returns 1 if it yielded.
 */
#define cond_resched()                             \
	({                                         \
		__might_sleep(__FILE__, __LINE__); \
		_cond_resched();                   \
	})

/* True while some thread waits for a virtual CPU (the kernel's "resched wanted"). */
bool need_resched(void);

/* ---- sleeping (the kernel's <linux/delay.h>) ---- */

/* Sleep for @msecs milliseconds.  Context: process context, may sleep. */
void msleep(unsigned int msecs);
/* Sleep for @msecs milliseconds; returns 0 (no signals end it early). */
unsigned long msleep_interruptible(unsigned int msecs);
/* Sleep for @seconds seconds.  Context: may sleep. */
void ssleep(unsigned int seconds);
/* Sleep between @min and @max microseconds.  Context: may sleep. */
void usleep_range(unsigned long min, unsigned long max);
/* Sleep about @usecs microseconds.  Context: may sleep. */
void fsleep(unsigned long usecs);
/* Busy-wait; allowed in atomic context. */
void ndelay(unsigned long nsecs);
void udelay(unsigned long usecs);
void mdelay(unsigned long msecs);

#include <linux/kernel.h>
#include <linux/preempt.h>

#endif /* _LINUX_SCHED_H */
