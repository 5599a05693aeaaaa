#!/bin/sh
# SPDX-License-Identifier: MIT
# kmm-cc end to end: build modules from source with the wrapper and run them.
# usage: example_kmm_cc.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
extra_cflags=""

ok()  { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

# expect NAME SOURCE EXIT NEEDLE [CMDLINE]: build, run, check exit status and output
expect() {
	name=$1 source=$2 want=$3 needle=$4 cmdline=${5:-}
	# shellcheck disable=SC2086 # $extra_cflags: words on purpose
	if ! "$build/kmm-cc" -Wall -Werror $extra_cflags "$source" -o "$tmp/$name" 2>"$tmp/$name.cc"; then
		cat "$tmp/$name.cc"; bad "$name (compile)"; return
	fi
	KMM_CMDLINE="$cmdline" "$tmp/$name" >"$tmp/$name.out" 2>&1
	got=$?
	if [ "$got" -ne "$want" ] || ! grep -q -- "$needle" "$tmp/$name.out"; then
		cat "$tmp/$name.out"; bad "$name (exit $got, wanted $want, needle '$needle')"; return
	fi
	ok "$name"
}

expect pages "$src/examples/pages.c" 0 "everything given back"
expect zones32 "$src/examples/zones.c" 0 "zone HighMem" ""
expect zones64 "$src/examples/zones.c" 0 "zone DMA32" "mem=5G layout=x86_64"
expect leaky "$src/tests/modules/leaky.c" 1 "pages leaked"
expect init_fails "$src/tests/modules/init_fails.c" 1 "failed with error -19"
if grep -q "failing_exit must not run" "$tmp/init_fails.out"; then bad "init_fails ran exit"; fi
# the seed as written: its misleading indentation needs the examples' flag
extra_cflags="-Wno-misleading-indentation"
expect kmalloc_seed "$src/examples/kmalloc_seed.c" 0 "Memory Allocation"
extra_cflags=""
expect badboot "$src/examples/pages.c" 1 "mem=" "mem=12Q"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
