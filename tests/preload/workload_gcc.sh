#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A gcc workload for libkmm-malloc: compile and link a C program (cc1, as,
# collect2, ld all run on kmm), then run it.
set -e
cat >prog.c <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
	struct node *next;
	char name[24];
	long value;
};

static int cmp(const void *a, const void *b)
{
	const struct node *x = *(struct node *const *)a, *y = *(struct node *const *)b;

	return (x->value > y->value) - (x->value < y->value);
}

int main(void)
{
	struct node *head = NULL, **v;
	long sum = 0, n = 0;

	for (long i = 0; i < 100000; i++) {
		struct node *e = malloc(sizeof(*e));

		e->value = (i * 2654435761L) % 1000003;
		snprintf(e->name, sizeof(e->name), "n%ld", i);
		e->next = head;
		head = e;
		n++;
	}
	v = calloc((size_t)n, sizeof(*v));
	n = 0;
	for (struct node *e = head; e; e = e->next)
		v[n++] = e;
	qsort(v, (size_t)n, sizeof(*v), cmp);
	for (long i = 0; i < n; i += 1000)
		sum += v[i]->value + (long)strlen(v[i]->name);
	printf("%ld nodes, min %ld, max %ld, sample sum %ld\n", n, v[0]->value, v[n - 1]->value,
	       sum);
	for (long i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return 0;
}
C
gcc -O2 -Wall -Wextra -o prog prog.c
./prog
gcc -O0 -g -c prog.c -o prog.o
size --format=sysv prog.o | grep -E '^\.text' | awk '{print "text size", $2}'
