#!/bin/sh
# SPDX-License-Identifier: MIT
# Run tests/valgrind_slab.c under memcheck and judge memcheck's report.
# usage: valgrind_slab.sh VALGRIND PROGRAM clean|use_after_free
#   clean:          exit 0 and "ERROR SUMMARY: 0 errors"
#   use_after_free: memcheck's error exit (99) and an "Invalid read" in a freed block
set -u
vg=$1 prog=$2 mode=$3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
KMM_CMDLINE= "$vg" --error-exitcode=99 --leak-check=no "$prog" "$mode" >"$out" 2>&1
rc=$?
cat "$out"
case $mode in
clean)
	[ "$rc" -eq 0 ] && grep -q "ERROR SUMMARY: 0 errors" "$out" ;;
use_after_free)
	[ "$rc" -eq 99 ] && grep -q "Invalid read of size 1" "$out" &&
		grep -q "inside a block of size 64 free'd" "$out" ;;
*)
	echo "valgrind_slab.sh: unknown mode $mode"; exit 2 ;;
esac
