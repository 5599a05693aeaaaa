// SPDX-License-Identifier: MIT
/*
 * kernel/module.c - loading and unloading kernel-style modules in a program.
 *
 * Theory
 * ------
 * module_init()/module_exit() (see <linux/module.h>) register functions from
 * constructors, before main().  kmm_module_main() then plays insmod and rmmod:
 *
 *   boot ($KMM_CMDLINE or the default machine)
 *   init functions, in registration order; a failing one is reported and the
 *     program's result becomes 1 (its exit function will not run)
 *   exit functions of the modules that loaded, in reverse order
 *   shutdown: pages still allocated are leaks -> result 1
 *
 * Unless the command line sets loglevel= (or quiet/debug), the boot runs
 * quietly and the console then shows everything up to KERN_INFO, so a
 * module's printk() output is seen as on a kernel console at the default
 * level.  Registration happens before main(), single-threaded.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>

#include "arch/host/host.h"
#include "mm/internal.h"

#include <kmm/kmm.h>
#include <string.h>

#define MAX_MODULE_CALLS 64

struct modcall {
	const char *name, *file;
	initcall_t init;
	exitcall_t exit;
	bool loaded;
};

static struct modcall modcalls[MAX_MODULE_CALLS];
static int nr_modcalls;

/* One entry per source file: init and exit of the same file pair up. */
static struct modcall *modcall_for(const char *file)
{
	for (int i = 0; i < nr_modcalls; i++)
		if (!strcmp(modcalls[i].file, file))
			return &modcalls[i];
	if (nr_modcalls == MAX_MODULE_CALLS) {
		host_console_write("kmm: too many modules in one program\n", 37);
		host_abort();
	}
	modcalls[nr_modcalls].file = file;
	return &modcalls[nr_modcalls++];
}

void kmm_register_initcall(initcall_t fn, const char *name, const char *file)
{
	struct modcall *m = modcall_for(file);

	m->init = fn;
	m->name = name;
}

void kmm_register_exitcall(exitcall_t fn, const char *name, const char *file)
{
	struct modcall *m = modcall_for(file);

	m->exit = fn;
	if (!m->name)
		m->name = name;
}

void kmm_register_modinfo(const char *tag, const char *value, const char *file)
{
	(void)modcall_for(file);
	if (!strcmp(tag, "license") && strcmp(value, "GPL") && strcmp(value, "GPL v2") &&
	    strcmp(value, "Dual MIT/GPL") && strcmp(value, "Dual BSD/GPL") && strcmp(value, "MIT"))
		pr_debug("%s: license '%s'\n", file, value);
}

static int load_modules(void)
{
	int result = 0;

	for (int i = 0; i < nr_modcalls; i++) {
		struct modcall *m = &modcalls[i];
		int ret;

		if (!m->init) {
			m->loaded = true;
			continue;
		}
		ret = m->init();
		if (ret) {
			pr_err("kmm: module %s: init function %s failed with error %d (%s)\n",
			       m->file, m->name, ret, ret < 0 ? strerror(-ret) : "positive return");
			result = 1;
			continue;
		}
		m->loaded = true;
	}
	return result;
}

static void unload_modules(void)
{
	for (int i = nr_modcalls - 1; i >= 0; i--)
		if (modcalls[i].loaded && modcalls[i].exit)
			modcalls[i].exit();
}

/**
 * kmm_module_main - boot, load the program's modules, unload them, shut down
 *
 * Context: main(), before any other thread uses kmm.
 * Return: 0, or 1 if boot or an init function failed or pages leaked.
 */
int kmm_module_main(void)
{
	const char *cmdline = host_getenv("KMM_CMDLINE");
	int result;
	long leaked;

	if (kmm_boot(cmdline && *cmdline ? cmdline : NULL)) {
		host_console_write("kmm: the machine did not boot (see the messages above)\n", 56);
		return 1;
	}
	if (kmm_machine.loglevel < 0)
		console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
	result = load_modules();
	unload_modules();
	leaked = kmm_shutdown();
	if (leaked > 0) {
		pr_err("kmm: %ld pages leaked by the module(s)\n", leaked);
		result = 1;
	}
	return result;
}
