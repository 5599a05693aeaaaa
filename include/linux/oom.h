/* SPDX-License-Identifier: MIT */
/*
 * <linux/oom.h> - the out-of-memory handler.
 *
 * When reclaim cannot find memory for an allocation that must not fail, the
 * page allocator calls out_of_memory().  It first runs the OOM notifier chain:
 * subsystems holding memory they can drop in an emergency register a
 * notifier_block whose callback gets (nb, 0, unsigned long *freed) and adds
 * the number of pages it freed to *freed.  If they freed anything, the
 * allocation simply retries.
 *
 * Otherwise the kernel would pick a process and kill it.  kmm has no
 * processes: it prints the kernel's OOM report ("... invoked oom-killer:
 * gfp_mask=..., order=..."), says there is nothing to kill, and the
 * allocation either fails or waits until pages are freed (see
 * mm/oom_kill.c and mm/page_alloc_slow.c).
 */
#ifndef _LINUX_OOM_H
#define _LINUX_OOM_H

#include <linux/notifier.h>
#include <linux/types.h>

struct oom_control; /* mm/internal.h */

/* The range of a task's oom_score_adj (kmm's tasks all have 0). */
#define OOM_SCORE_ADJ_MIN (-1000)
#define OOM_SCORE_ADJ_MAX 1000

/**
 * register_oom_notifier - run @nb's callback before declaring OOM
 * @nb: callback (nb, 0, unsigned long *freed); it adds the pages it freed
 *
 * Context: process context, may sleep.
 * Return: 0, or -EEXIST if already registered.
 */
int register_oom_notifier(struct notifier_block *nb);

/**
 * unregister_oom_notifier - remove an OOM notifier
 * @nb: a registered notifier
 *
 * Once it returns the callback is not running and will not run again.
 * Context: process context, may sleep.
 * Return: 0, or -ENOENT if @nb was not registered.
 */
int unregister_oom_notifier(struct notifier_block *nb);

/* See mm/oom_kill.c. */
bool out_of_memory(struct oom_control *oc);

#endif /* _LINUX_OOM_H */
