#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every benchmark of a release build: bench/run.sh BUILD_DIR
set -e
build=${1:-build-release}
for b in "$build"/bench_*; do
	[ -x "$b" ] || continue
	echo "== $(basename "$b")"
	"$b"
done
