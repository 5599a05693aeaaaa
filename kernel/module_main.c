// SPDX-License-Identifier: MIT
/*
 * kernel/module_main.c - main() of a program built by kmm-cc.
 *
 * Built into libkmm_main.a, apart from libkmm, so that only programs that
 * ask for it (kmm-cc links it) get a main().
 */
int kmm_module_main(void);

int main(void)
{
	return kmm_module_main();
}
