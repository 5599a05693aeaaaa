/* SPDX-License-Identifier: MIT */
/* <linux/threads.h> - the compile-time CPU limit (CONFIG_NR_CPUS). */
#ifndef _LINUX_THREADS_H
#define _LINUX_THREADS_H

/* Most CPUs a kmm machine can have; nr_cpus= chooses how many exist. */
#define NR_CPUS 64

#endif
