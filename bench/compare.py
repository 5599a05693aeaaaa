#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench/compare.py BUILD_DIR - kmm beside its peer allocators.

Runs, in a release build tree:
  bench_pages, bench_slab     kmm's own API (alloc_page, kmalloc, kmem_cache_alloc, ...)
  bench_malloc                the same object micro-benchmarks for malloc/free, once per
                              allocator: glibc (no preload), jemalloc, mimalloc, tcmalloc
                              (LD_PRELOAD), and kmm's libkmm-malloc.so when it is built
  workloads/*                 plain malloc/free programs (larson, xmalloc, cache_scratch, churn,
                              realloc_growth, large) under every allocator; kmm = libkmm-malloc.so
then prints one table per group of benchmarks (median and spread per allocator, ratio kmm/peer)
and writes BUILD_DIR/bench/results.json.

Each micro-benchmark program runs in BENCH_PROCS separate processes (default 3), the processes
outermost so that drift hits every allocator alike, and the runs of all of them are pooled: a
process's state (which CPU cache path a size class is in, where its data landed) can put all of
its figures off the next one's.  Inside a process the threads are pinned to host CPUs, the same
for every allocator (bench/bench_threads.h): the two vCPUs of a cloud machine need not be equally
fast.

Environment: BENCH_RUNS (micro-benchmark repetitions in all, default 7, spread over the
processes), BENCH_PROCS (processes per micro-benchmark, default 3), BENCH_ITERS (pairs per run,
default 500000), BENCH_WL_RUNS (workload repetitions, default 3), BENCH_WL_SCALE (workload size,
default 1.0), KMM_MALLOC_SO (path of libkmm-malloc.so; default BUILD_DIR/libkmm-malloc.so).
"""
import glob
import json
import math
import os
import platform
import subprocess
import sys
import time

PEERS = [  # (allocator, Debian package, soname)
    ("jemalloc", "libjemalloc2", "libjemalloc.so.2"),
    ("mimalloc", "libmimalloc2.0", "libmimalloc.so.2"),
    ("tcmalloc", "libtcmalloc-minimal4", "libtcmalloc_minimal.so.4"),
]
PEER_NAMES = ["glibc"] + [p[0] for p in PEERS]
WORKLOADS = ["larson", "xmalloc", "cache_scratch", "churn", "realloc_growth", "large"]
WL_WHAT = {
    "larson": "server simulation: 2 threads replace random-size objects, tables change threads",
    "xmalloc": "2 producers malloc messages, 2 consumers free them (batches through a queue)",
    "cache_scratch": "threads write small objects they allocate after freeing another's (false sharing)",
    "churn": "cfrac/espresso-like: short-lived small mixed sizes, 1 in 32 long-lived",
    "realloc_growth": "1024 strings (exact realloc) and vectors (doubling) growing to 256 B..256 KiB",
    "large": "64 KiB..16 MiB (log-uniform), 8 alive, every page written",
}


def progress(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def preload_ok(path):
    """True when the dynamic linker accepts @path as LD_PRELOAD (right file, right ELF class)."""
    if not path or not os.path.isfile(path):
        return False
    env = dict(os.environ, LD_PRELOAD=path)
    try:
        r = subprocess.run(["true"], env=env, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return r.returncode == 0 and "ERROR" not in r.stderr


def find_peer(pkg, soname):
    """The peer's shared object: from dpkg -L, then ldconfig -p, then the usual directories."""
    cands = []
    try:
        out = subprocess.run(["dpkg", "-L", pkg], capture_output=True, text=True).stdout
        cands += [l.strip() for l in out.splitlines() if l.strip().endswith("/" + soname)]
    except OSError:
        pass
    try:
        out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            line = line.strip()
            if line.startswith(soname + " ") and "=>" in line:
                cands.append(line.split("=>", 1)[1].strip())
    except OSError:
        pass
    for d in ["/usr/lib/*-linux-gnu*", "/usr/lib64", "/usr/lib", "/lib/*-linux-gnu*",
              "/usr/local/lib"]:
        cands += glob.glob(os.path.join(d, soname))
    for c in cands:
        if preload_ok(c):
            return c
    return None


def run_json_lines(cmd, env_extra, timeout):
    env = dict(os.environ, **env_extra)
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError("%s exited with %d: %s" % (" ".join(cmd), r.returncode,
                                                     r.stderr.strip()[-300:]))
    return [json.loads(l) for l in r.stdout.splitlines() if l.startswith("{")]


class Results:
    def __init__(self):
        self.order = []  # benchmark names, first seen first
        self.meta = {}  # name -> {unit, workload, peer_ref}
        self.runs = {}  # name -> {alloc: [values]}

    def add(self, name, unit, what, alloc, values, peer_ref=None):
        if name not in self.meta:
            self.order.append(name)
            self.meta[name] = {"unit": unit, "workload": what, "peer_ref": peer_ref}
            self.runs[name] = {}
        self.runs[name].setdefault(alloc, []).extend(values)

    def add_record(self, rec):
        self.add(rec["name"], rec["unit"], rec["workload"], rec["alloc"], rec["runs"],
                 rec.get("peer_ref"))


def med(v):
    s = sorted(v)
    return s[len(s) // 2] if len(s) % 2 else (s[len(s) // 2 - 1] + s[len(s) // 2]) / 2


def summarize(res, allocs):
    """One object per benchmark: name, unit, workload, median, spread, ratio (kmm/peer)."""
    out = []
    for name in res.order:
        m = res.meta[name]
        runs = dict(res.runs[name])
        ref = m["peer_ref"]
        if ref and ref in res.runs:  # peers of another benchmark (the yardstick)
            for a, v in res.runs[ref].items():
                if a in PEER_NAMES and a not in runs:
                    runs[a] = v
        median = {}
        spread = {}
        for a in allocs:
            v = runs.get(a)
            if not v and a not in PEER_NAMES and a != "kmm":
                continue  # kmm-cache, kmm-malloc: only where they were measured
            median[a] = rnd(med(v)) if v else None
            spread[a] = [rnd(min(v)), rnd(max(v))] if v else None
        obj = {"name": name, "unit": m["unit"], "workload": m["workload"], "median": median,
               "spread": spread, "ratio": ratios(median, "kmm")}
        if median.get("kmm-cache") is not None:
            obj["ratio_kmm_cache"] = ratios(median, "kmm-cache")
        if ref:
            obj["peers_from"] = ref
        out.append(obj)
    return out


def rnd(x):
    return float("%.4g" % x)


def ratios(median, who):
    k = median.get(who)
    r = {}
    for p in PEER_NAMES:
        v = median.get(p)
        r[p] = rnd(k / v) if (k is not None and v) else None
    return r


def geomean(vals):
    return math.exp(sum(math.log(v) for v in vals) / len(vals))


def add_geomeans(summary, allocs, suffix, unit, what):
    rows = [s for s in summary if s["name"].startswith("wl/") and s["name"].endswith(suffix)]
    median, spread = {}, {}
    for a in allocs:
        if all(a not in s["median"] for s in rows):
            continue
        ms = [s["median"].get(a) for s in rows]
        sp = [s["spread"].get(a) for s in rows]
        if rows and all(x for x in ms):
            median[a] = rnd(geomean(ms))
            spread[a] = [rnd(geomean([x[0] for x in sp])), rnd(geomean([x[1] for x in sp]))]
        else:
            median[a] = None
            spread[a] = None
    summary.append({"name": "wl/geomean" + suffix, "unit": unit, "workload": what,
                    "median": median, "spread": spread, "ratio": ratios(median, "kmm")})


def fmt(v):
    if v is None:
        return "n/a"
    if v >= 100:
        return "%.0f" % v
    if v >= 10:
        return "%.1f" % v
    return "%.2f" % v


def cell(s, a):
    m = s["median"].get(a)
    if m is None:
        return "n/a"
    lo, hi = s["spread"][a]
    pct = 100.0 * (hi - lo) / 2 / m if m else 0
    return "%s ±%d%%" % (fmt(m), round(pct))


def table(title, rows, allocs):
    if not rows:
        return
    cols = [a for a in allocs if any(r["median"].get(a) is not None for r in rows)
            or a == "kmm" or a in PEER_NAMES]
    peers = [p for p in PEER_NAMES if p in cols]
    w0 = max(len(r["name"]) for r in rows) + 1
    cw = {a: max(len(a), max(len(cell(r, a)) for r in rows)) + 2 for a in cols}
    print()
    print("%s [%s]" % (title, rows[0]["unit"]))
    hdr = "%-*s" % (w0, "benchmark") + "".join("%*s" % (cw[a], a) for a in cols)
    hdr += "  | " + " ".join("%8s" % ("k/" + p[:6]) for p in peers)
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        line = "%-*s" % (w0, r["name"]) + "".join("%*s" % (cw[a], cell(r, a)) for a in cols)
        line += "  | " + " ".join("%8s" % fmt(r["ratio"].get(p)) for p in peers)
        print(line)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build-release"
    runs = int(os.environ.get("BENCH_RUNS", "7"))
    procs = max(1, int(os.environ.get("BENCH_PROCS", "3")))
    per_proc = max(1, -(-runs // procs))
    iters = os.environ.get("BENCH_ITERS", "500000")
    wl_runs = int(os.environ.get("BENCH_WL_RUNS", "3"))
    wl_scale = os.environ.get("BENCH_WL_SCALE", "1.0")
    t_start = time.time()

    preload = {"glibc": None}
    for name, pkg, soname in PEERS:
        path = find_peer(pkg, soname)
        if path:
            preload[name] = path
            progress("%-8s %s" % (name, path))
        else:
            progress("%-8s not found (package %s): its column is n/a" % (name, pkg))
    kmm_so = os.environ.get("KMM_MALLOC_SO") or os.path.join(build, "libkmm-malloc.so")
    kmm_so = os.path.abspath(kmm_so)
    have_kmm_malloc = preload_ok(kmm_so)
    progress("kmm-malloc %s" % (kmm_so if have_kmm_malloc else
                                "not built (%s): kmm workload column is n/a" % kmm_so))

    res = Results()
    # --- micro-benchmarks
    jobs = [("bench_pages", "kmm API", None, {}), ("bench_slab", "kmm API", None, {})]
    for a, path in preload.items():
        jobs.append(("bench_malloc", a, path, {"BENCH_ALLOC": a}))
    if have_kmm_malloc:
        jobs.append(("bench_malloc", "kmm-malloc", kmm_so, {"BENCH_ALLOC": "kmm-malloc"}))
    for p in range(procs):
        for i, (prog, label, so, env) in enumerate(jobs):
            progress("[%d/%d] %s (%s), process %d/%d: %d runs of %s" %
                     (i + 1, len(jobs), prog, label, p + 1, procs, per_proc, iters))
            env = dict(env)
            if so:
                env["LD_PRELOAD"] = so
            try:
                for rec in run_json_lines([os.path.join(build, prog), "--json", str(per_proc),
                                           iters], env, 300):
                    res.add_record(rec)
            except (RuntimeError, subprocess.SubprocessError, OSError) as e:
                progress("FAILED: %s" % e)

    # --- workloads: repetitions outermost, so that drift hits every allocator alike
    wl_allocs = dict(preload)
    wl_allocs["kmm"] = kmm_so if have_kmm_malloc else None
    for rep in range(wl_runs):
        for w in WORKLOADS:
            prog = os.path.join(build, "workloads", w)
            progress("workload %d/%d %s" % (rep + 1, wl_runs, w))
            for a, so in wl_allocs.items():
                if a == "kmm" and not have_kmm_malloc:
                    continue
                env = {"LD_PRELOAD": so} if so else {}
                try:
                    rec = run_json_lines([prog, wl_scale], env, 120)[-1]
                except (RuntimeError, subprocess.SubprocessError, OSError, IndexError) as e:
                    progress("FAILED: %s under %s: %s" % (w, a, e))
                    continue
                res.add("wl/%s/time" % w, "s", WL_WHAT[w], a, [rec["wall_s"]])
                res.add("wl/%s/rss" % w, "MiB", "peak RSS: " + WL_WHAT[w], a,
                        [rec["maxrss_kb"] / 1024.0])
    for w in WORKLOADS:  # an allocator that failed every run still gets its n/a column
        for kind in ("time", "rss"):
            if "wl/%s/%s" % (w, kind) not in res.meta:
                res.add("wl/%s/%s" % (w, kind), "s" if kind == "time" else "MiB", WL_WHAT[w],
                        "kmm", [])

    allocs = ["kmm", "kmm-cache", "kmm-malloc"] + PEER_NAMES
    summary = summarize(res, allocs)
    add_geomeans(summary, allocs, "/time", "s", "geometric mean of the workloads' wall times")
    add_geomeans(summary, allocs, "/rss", "MiB", "geometric mean of the workloads' peak RSS")

    outdir = os.path.join(build, "bench")
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "results.json"), "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")

    def rows(pred):
        return [s for s in summary if pred(s["name"])]

    print("kmm benchmarks, %s, %s, %d CPUs; %d runs per micro-benchmark (%d processes of %d), "
          "%d per workload" % (time.strftime("%Y-%m-%d"), platform.machine(), os.cpu_count() or 0,
                               procs * per_proc, procs, per_proc, wl_runs))
    print("cells: median ±half the min..max range (% of the median); k/PEER = kmm / peer")
    print("(time: < 1 is kmm faster; speed-up rows: > 1 is kmm better).  kmm = kmalloc/kfree,")
    print("kmm-cache = kmem_cache_alloc/free, kmm-malloc = malloc from libkmm-malloc.so;")
    print("in the workload tables kmm = libkmm-malloc.so (LD_PRELOAD).")
    table("Object alloc+free, immediate reuse", rows(lambda n: n.startswith("pair/")), allocs)
    table("256 allocations, then 256 frees", rows(lambda n: n.startswith("batch256/")), allocs)
    table("Two threads at once", rows(lambda n: n.startswith("threads2/")), allocs)
    table("Two threads: speed-up over one", rows(lambda n: "speedup" in n), allocs)
    table("Producer allocates, consumer frees", rows(lambda n: n.startswith("xthread/")), allocs)
    table("Page allocator (peers: their malloc(64) yardstick, see JSON peers_from)",
          rows(lambda n: n.startswith("pages/") and "speedup" not in n), allocs)
    table("Workloads: wall time", rows(lambda n: n.startswith("wl/") and n.endswith("/time")),
          ["kmm"] + PEER_NAMES)
    table("Workloads: peak RSS", rows(lambda n: n.startswith("wl/") and n.endswith("/rss")),
          ["kmm"] + PEER_NAMES)
    print()
    print("results: %s (%.0f s)" % (os.path.join(outdir, "results.json"), time.time() - t_start))


if __name__ == "__main__":
    main()
