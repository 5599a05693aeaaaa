#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every benchmark of a release build beside the peer allocators: bench/run.sh BUILD_DIR
#
# Installs the peers (jemalloc, mimalloc, tcmalloc) from Debian's packages when they are missing
# and apt-get can be used (as root, or through sudo without a password); without them the
# benchmarks still run and the missing columns read n/a.  Then bench/compare.py runs everything,
# prints the tables and writes BUILD_DIR/bench/results.json.
set -e
build=${1:-build-release}
here=$(dirname "$0")

missing=""
if command -v dpkg >/dev/null 2>&1; then
	for pkg in libjemalloc2 libmimalloc2.0 libtcmalloc-minimal4; do
		dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
	done
fi
if [ -n "$missing" ]; then
	sudo=""
	if [ "$(id -u)" != 0 ]; then
		if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
			sudo="sudo -n"
		else
			sudo=none
		fi
	fi
	if [ "$sudo" = none ] || ! command -v apt-get >/dev/null 2>&1; then
		echo "bench: cannot install the peers ($missing ): not root and no sudo/apt-get;" \
			"continuing with the peers that are available" >&2
	else
		log="$build/bench/apt.log"
		mkdir -p "$build/bench"
		echo "bench: installing$missing (log: $log)" >&2
		for pkg in $missing; do
			# one package at a time, so that one missing from the archive does not stop the others
			if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "$pkg" >>"$log" 2>&1; then
				DEBIAN_FRONTEND=noninteractive $sudo apt-get update >>"$log" 2>&1 || true
				DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "$pkg" >>"$log" 2>&1 ||
					echo "bench: could not install $pkg; continuing without it" >&2
			fi
		done
	fi
fi

exec python3 "$here/compare.py" "$build"
