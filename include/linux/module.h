/* SPDX-License-Identifier: MIT */
/*
 * <linux/module.h> - module_init()/module_exit() for kernel-style programs.
 *
 * A source file written as a kernel module compiles unchanged with kmm-cc.
 * module_init(fn) and module_exit(fn) register @fn before main() runs; the
 * main() that kmm-cc links in (kernel/module_main.c) boots the machine named
 * by $KMM_CMDLINE, runs every init function in order, then every exit
 * function in reverse, shuts down and reports leaks.  If an init function
 * returns an error the program reports it and exits non-zero; that module's
 * exit function is not run, as a module that failed to load is never
 * unloaded.
 *
 * The MODULE_* tags are kept as strings in the program and printed when it
 * loads the module; EXPORT_SYMBOL has nothing to export to (one program is
 * one link unit) and only documents intent.
 */
#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H

#include <linux/init.h>
#include <linux/kernel.h>

struct module;
#define THIS_MODULE ((struct module *)0)

void kmm_register_initcall(initcall_t fn, const char *name, const char *file);
void kmm_register_exitcall(exitcall_t fn, const char *name, const char *file);
void kmm_register_modinfo(const char *tag, const char *value, const char *file);

#define module_init(initfn)                                                 \
	__attribute__((constructor)) static void kmm_modinit_##initfn(void) \
	{                                                                   \
		kmm_register_initcall(initfn, #initfn, __FILE__);           \
	}

#define module_exit(exitfn)                                                 \
	__attribute__((constructor)) static void kmm_modexit_##exitfn(void) \
	{                                                                   \
		kmm_register_exitcall(exitfn, #exitfn, __FILE__);           \
	}

#define KMM_MODINFO_(tag, value, line)                                    \
	__attribute__((constructor)) static void kmm_modinfo_##line(void) \
	{                                                                 \
		kmm_register_modinfo(tag, value, __FILE__);               \
	}
#define KMM_MODINFO(tag, value, line) KMM_MODINFO_(tag, value, line)

#define MODULE_LICENSE(l) KMM_MODINFO("license", l, __LINE__)
#define MODULE_AUTHOR(a) KMM_MODINFO("author", a, __LINE__)
#define MODULE_DESCRIPTION(d) KMM_MODINFO("description", d, __LINE__)
#define MODULE_VERSION(v) KMM_MODINFO("version", v, __LINE__)
#define MODULE_ALIAS(a) KMM_MODINFO("alias", a, __LINE__)

#define EXPORT_SYMBOL(sym) extern __typeof__(sym) sym
#define EXPORT_SYMBOL_GPL(sym) extern __typeof__(sym) sym

#endif /* _LINUX_MODULE_H */
