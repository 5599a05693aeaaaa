#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A SQLite workload for libkmm-malloc: tables, indexes, joins, aggregates,
# a recursive CTE, updates and deletes, in one sqlite3 process.
set -e
sqlite3 test.db <<'SQL'
PRAGMA journal_mode=WAL;
CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, grp INTEGER, val REAL, pad BLOB);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
INSERT INTO t SELECT i, 'name-' || i, i % 97, (i * 7919) % 1000 / 10.0, zeroblob(i % 300) FROM n;
CREATE INDEX t_grp ON t(grp, val);
CREATE TABLE g(grp INTEGER PRIMARY KEY, label TEXT);
INSERT INTO g SELECT DISTINCT grp, 'group ' || grp FROM t;
SELECT count(*), sum(val), max(length(pad)) FROM t;
SELECT g.label, count(*), round(avg(t.val), 3) FROM t JOIN g USING (grp)
 GROUP BY grp ORDER BY count(*) DESC, grp LIMIT 5;
UPDATE t SET name = upper(name) || '-' || length(pad) WHERE id % 3 = 0;
DELETE FROM t WHERE id % 5 = 0;
SELECT count(*), min(name), max(name) FROM t;
SELECT group_concat(name, ',') FROM (SELECT name FROM t ORDER BY val DESC, id LIMIT 20);
VACUUM;
PRAGMA integrity_check;
SQL
