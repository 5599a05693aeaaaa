/* SPDX-License-Identifier: MIT */
/*
 * <linux/notifier.h> - notifier chains: lists of callbacks run on an event.
 *
 * A chain is a singly linked list of struct notifier_block, sorted by
 * descending @priority (equal priorities keep registration order).  Calling
 * the chain runs each callback in turn with (block, event, data) until one
 * returns a value with NOTIFY_STOP_MASK set; the last value is returned.
 *
 * Three kinds, as in the kernel, differing only in their locking:
 *
 *   blocking  callbacks run in process context and may sleep; a mutex
 *             protects the list and is held while the chain runs.
 *   atomic    callbacks must not sleep; a spinlock protects the list and is
 *             held while the chain runs, so it may be called in atomic context.
 *   raw       no locking at all: the caller serialises everything.
 *
 * Differences from the kernel: the kernel runs atomic chains under RCU and
 * blocking chains under a read-write semaphore, so several callers may run a
 * chain at once.  kmm holds the chain's lock instead: calls of one chain are
 * serialised, and a callback must not register or unregister on the chain
 * that is calling it (the kernel forbids that for blocking chains too).
 */
#ifndef _LINUX_NOTIFIER_H
#define _LINUX_NOTIFIER_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct notifier_block;

typedef int (*notifier_fn_t)(struct notifier_block *nb, unsigned long action, void *data);

struct notifier_block {
	notifier_fn_t notifier_call;
	struct notifier_block *next; /* the chain's lock protects it */
	int priority;		     /* higher runs first */
};

struct atomic_notifier_head {
	spinlock_t lock;
	struct notifier_block *head;
};

struct blocking_notifier_head {
	struct mutex mutex; /* the kernel's rwsem */
	struct notifier_block *head;
};

struct raw_notifier_head {
	struct notifier_block *head;
};

#define ATOMIC_NOTIFIER_INIT(name)                                         \
	{                                                                  \
		.lock = __SPIN_LOCK_INITIALIZER((name).lock), .head = NULL \
	}
#define BLOCKING_NOTIFIER_INIT(name)                                     \
	{                                                                \
		.mutex = __MUTEX_INITIALIZER((name).mutex), .head = NULL \
	}
#define RAW_NOTIFIER_INIT(name) \
	{                       \
		.head = NULL    \
	}

#define ATOMIC_NOTIFIER_HEAD(name) struct atomic_notifier_head name = ATOMIC_NOTIFIER_INIT(name)
#define BLOCKING_NOTIFIER_HEAD(name) \
	struct blocking_notifier_head name = BLOCKING_NOTIFIER_INIT(name)
#define RAW_NOTIFIER_HEAD(name) struct raw_notifier_head name = RAW_NOTIFIER_INIT(name)

#define ATOMIC_INIT_NOTIFIER_HEAD(name)        \
	do {                                   \
		spin_lock_init(&(name)->lock); \
		(name)->head = NULL;           \
	} while (0)
#define BLOCKING_INIT_NOTIFIER_HEAD(name)   \
	do {                                \
		mutex_init(&(name)->mutex); \
		(name)->head = NULL;        \
	} while (0)
#define RAW_INIT_NOTIFIER_HEAD(name) \
	do {                         \
		(name)->head = NULL; \
	} while (0)

/* Return values of a callback. */
#define NOTIFY_DONE 0x0000			   /* don't care */
#define NOTIFY_OK 0x0001			   /* suits me */
#define NOTIFY_STOP_MASK 0x8000			   /* don't call further */
#define NOTIFY_BAD (NOTIFY_STOP_MASK | 0x0002)	   /* bad/veto action */
#define NOTIFY_STOP (NOTIFY_OK | NOTIFY_STOP_MASK) /* clean way to stop the chain */

/* Encode an errno (negative) as a callback's return value that stops the chain. */
static inline int notifier_from_errno(int err)
{
	if (err)
		return NOTIFY_STOP_MASK | (NOTIFY_OK - err);
	return NOTIFY_OK;
}

/* The errno encoded by notifier_from_errno(), or 0. */
static inline int notifier_to_errno(int ret)
{
	ret &= ~NOTIFY_STOP_MASK;
	return ret > NOTIFY_OK ? NOTIFY_OK - ret : 0;
}

/*
 * Registration: 0, or -EEXIST (with a WARN) if @nb is already on the chain.
 * Unregistration: 0, or -ENOENT if it is not.
 * Calling: the last callback's return value, NOTIFY_DONE for an empty chain.
 *
 * Context: blocking_*() may sleep (process context); atomic_*() and raw_*()
 * never sleep and may be called in any context.
 */
int atomic_notifier_chain_register(struct atomic_notifier_head *nh, struct notifier_block *nb);
int atomic_notifier_chain_unregister(struct atomic_notifier_head *nh, struct notifier_block *nb);
int atomic_notifier_call_chain(struct atomic_notifier_head *nh, unsigned long val, void *v);

int blocking_notifier_chain_register(struct blocking_notifier_head *nh, struct notifier_block *nb);
int blocking_notifier_chain_unregister(struct blocking_notifier_head *nh,
				       struct notifier_block *nb);
int blocking_notifier_call_chain(struct blocking_notifier_head *nh, unsigned long val, void *v);

int raw_notifier_chain_register(struct raw_notifier_head *nh, struct notifier_block *nb);
int raw_notifier_chain_unregister(struct raw_notifier_head *nh, struct notifier_block *nb);
int raw_notifier_call_chain(struct raw_notifier_head *nh, unsigned long val, void *v);

#endif /* _LINUX_NOTIFIER_H */
