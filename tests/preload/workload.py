# SPDX-License-Identifier: MIT
# A Python workload for libkmm-malloc: dicts, lists, sets, strings, json
# round trips, sorting, regular expressions, big and small objects; prints
# digests that must not depend on the allocator.
import hashlib
import json
import re
import sys

def records(n):
    out = []
    for i in range(n):
        out.append({
            "id": i,
            "name": "item-%05d" % i,
            "tags": ["t%d" % (i % 7), "g%d" % (i % 13)] * (i % 3 + 1),
            "score": (i * 7919) % 1000 / 10.0,
            "blob": "x" * (i % 500),
        })
    return out

def main():
    h = hashlib.sha256()
    data = records(5000)
    text = json.dumps(data, sort_keys=True)
    back = json.loads(text)
    assert back == data
    h.update(text.encode())
    by_score = sorted(back, key=lambda r: (r["score"], r["name"]))
    h.update(",".join(r["name"] for r in by_score[:1000]).encode())
    index = {}
    for r in back:
        for t in r["tags"]:
            index.setdefault(t, set()).add(r["id"])
    h.update(repr(sorted((k, len(v)) for k, v in index.items())).encode())
    words = re.findall(r"[a-z]+-\d+", text)
    counts = {}
    for w in words:
        counts[w[:6]] = counts.get(w[:6], 0) + 1
    h.update(repr(sorted(counts.items())).encode())
    big = [bytearray(1 << 20) for _ in range(8)]  # large blocks
    for i, b in enumerate(big):
        b[i] = i
    h.update(bytes(sum(b[i] for i, b in enumerate(big)) % 256 for _ in range(1)))
    s = "".join(str(i) for i in range(30000))
    h.update(s[::-1].encode())
    del big, data, back
    print("records", len(by_score), "words", len(words), "tags", len(index))
    print("digest", h.hexdigest())

main()
sys.exit(0)
