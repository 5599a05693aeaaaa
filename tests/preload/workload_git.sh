#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A git workload for libkmm-malloc: init, add, commit, log, diff, on a
# scratch repository with fixed dates and identities (stable hashes).
set -e
export HOME=$PWD GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=kmm GIT_AUTHOR_EMAIL=kmm@example.org
export GIT_COMMITTER_NAME=kmm GIT_COMMITTER_EMAIL=kmm@example.org
export GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
git init -q -b main repo
cd repo
for i in 1 2 3 4 5 6 7 8; do
	seq "$i" 3 4000 >"file$i.txt"
done
git add .
git commit -q -m "first"
sed -i 's/^1\(.*\)$/one\1/' file1.txt file2.txt
seq 1 50 >>file8.txt
git rm -q file7.txt
git add -A
git commit -q -m "second"
git log --stat --format='%H %s'
git diff HEAD~1 --stat
git diff HEAD~1 | sha256sum
git gc -q --prune=now
git fsck --strict 2>&1
git count-objects -v | grep -E '^(count|in-pack|packs)'
