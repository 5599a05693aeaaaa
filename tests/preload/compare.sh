#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# compare.sh LIB WORKLOAD [ARGS...]: run WORKLOAD (a script of this directory
# or a program) in a fresh scratch directory twice, without and with
# LD_PRELOAD=LIB, and fail unless both exit 0 with the same standard output
# and the preloaded run printed no kmm report (BUG/WARNING) on standard error.
set -u
lib=$1
shift
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
run_one() {
	local name=$1 preload=$2
	shift 2
	mkdir "$scratch/$name"
	(cd "$scratch/$name" && env ${preload:+LD_PRELOAD="$preload"} "$@") \
		>"$scratch/$name.out" 2>"$scratch/$name.err"
}
run_one plain "" "$@"
plain=$?
run_one kmm "$lib" "$@"
kmm=$?
status=0
if [ $plain -ne 0 ] || [ $kmm -ne 0 ]; then
	echo "exit status: $plain without kmm, $kmm with kmm"
	status=1
fi
if ! cmp -s "$scratch/plain.out" "$scratch/kmm.out"; then
	echo "standard output differs:"
	diff "$scratch/plain.out" "$scratch/kmm.out" | head -20
	status=1
fi
if grep -E 'BUG|WARNING|kmm' "$scratch/kmm.err" >/dev/null; then
	echo "kmm reports on standard error:"
	head -40 "$scratch/kmm.err"
	status=1
fi
if [ $status -ne 0 ]; then
	echo "--- stderr without kmm:"; head -20 "$scratch/plain.err"
	echo "--- stderr with kmm:"; head -20 "$scratch/kmm.err"
else
	echo "same output ($(wc -l <"$scratch/kmm.out") lines): $*"
fi
exit $status
