/* SPDX-License-Identifier: MIT */
/*
 * <linux/kern_levels.h> - log levels, written as a prefix of a printk format.
 *
 * A level is the byte KERN_SOH followed by one digit; printk() strips it and
 * files the message at that level.  The lower the number, the more urgent.
 * KERN_CONT continues the line the same thread left open (no newline yet).
 */
#ifndef _LINUX_KERN_LEVELS_H
#define _LINUX_KERN_LEVELS_H

#define KERN_SOH "\001" /* start of header */
#define KERN_SOH_ASCII '\001'

#define KERN_EMERG KERN_SOH "0"	  /* system is unusable */
#define KERN_ALERT KERN_SOH "1"	  /* action must be taken immediately */
#define KERN_CRIT KERN_SOH "2"	  /* critical conditions */
#define KERN_ERR KERN_SOH "3"	  /* error conditions */
#define KERN_WARNING KERN_SOH "4" /* warning conditions */
#define KERN_NOTICE KERN_SOH "5"  /* normal but significant condition */
#define KERN_INFO KERN_SOH "6"	  /* informational */
#define KERN_DEBUG KERN_SOH "7"	  /* debug-level messages */

#define KERN_DEFAULT ""	       /* the default message level */
#define KERN_CONT KERN_SOH "c" /* continues the previous line */

/* The same levels as integers (for the console and loglevel= settings). */
#define LOGLEVEL_SCHED -2   /* deferred messages (kept for compatibility) */
#define LOGLEVEL_DEFAULT -1 /* no level given */
#define LOGLEVEL_EMERG 0
#define LOGLEVEL_ALERT 1
#define LOGLEVEL_CRIT 2
#define LOGLEVEL_ERR 3
#define LOGLEVEL_WARNING 4
#define LOGLEVEL_NOTICE 5
#define LOGLEVEL_INFO 6
#define LOGLEVEL_DEBUG 7

#endif /* _LINUX_KERN_LEVELS_H */
