#!/usr/bin/env python3
"""Where the bytes of a liabilities proof go, and what other encodings and layouts would weigh.

Reads a proof written by LiabilitiesBench (bench/target/liabilities/sample-proof.json, a real user of the 10M-user
tree) and prints: its JSON size split into envelope, sibling hashes, sibling sums and JSON punctuation; the binary
size the verifier hashes; and the size of the same information under other encodings (exact, computed from this
proof's values), and with the user's two leaves under one shared path (a different tree layout; see RESULTS.md).
Usage: python3 bench/liabilities/proof_size.py [proof.json]
"""
import base64
import json
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "bench/target/liabilities/sample-proof.json"
raw = open(path, "rb").read().rstrip(b"\n")
p = json.loads(raw)
compact = lambda o: len(json.dumps(o, separators=(",", ":")).encode())
levels = [s for leaf in p["leaves"] for s in leaf["path"]]
depth = len(p["leaves"][0]["path"])
assets = len(p["publication"]["assets"])

env = dict(p)
env["leaves"] = [dict(l, path=[]) for l in p["leaves"]]
hash_chars = sum(len(s["hash"]) + 2 for s in levels)
sum_chars = sum(len(x) + 2 for s in levels for x in s["sums"])
print(f"proof {path}: {len(raw):,} B as written ({len(p['leaves'])} leaves, depth {depth}, {assets} assets)")
print(f"  envelope (publication, user, secret, balances, leaf indices/balances): {compact(env):,} B")
print(f"  sibling hashes as quoted 0x-hex: {hash_chars:,} B ({len(levels)} siblings x 68)")
print(f"  sibling sums as quoted decimals: {sum_chars:,} B (mean {sum_chars / len(levels):.1f} per sibling)")
print(f"  JSON punctuation and keys of the path entries: {len(raw) - compact(env) - hash_chars - sum_chars:,} B")
binary = len(levels) * (32 + 16 * assets)
print(f"  binary (what is hashed: 32-byte hash + {assets} x 16-byte sums per sibling): {binary:,} B")
print(f"  hashes alone, binary: {len(levels) * 32:,} B")


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def minimal(n):
    n = int(n)
    return n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big")


def encode(siblings, style):
    if style == "hex-arrays":   # ["<hash hex>", "<sum hex>", ...] per level, no 0x
        return [[s["hash"][2:]] + [format(int(x), "x") for x in s["sums"]] for s in siblings]
    if style == "b64-arrays":   # ["<hash b64url>", "<sum decimal>", ...]
        return [[b64(bytes.fromhex(s["hash"][2:]))] + list(s["sums"]) for s in siblings]
    if style == "b64-strings":  # "<hash>.<sum>.<sum>.<sum>", all base64url, minimal-length sums
        return [".".join([b64(bytes.fromhex(s["hash"][2:]))] + [b64(minimal(x)) for x in s["sums"]]) for s in siblings]
    raise ValueError(style)


print("other encodings of the same proof (envelope unchanged):")
for style in ("hex-arrays", "b64-arrays", "b64-strings"):
    q = dict(p)
    q["leaves"] = [dict(l, path=encode(l["path"], style)) for l in p["leaves"]]
    print(f"  {style:12s}: {compact(q):,} B")
vb = sum(32 + sum(len(minimal(x)) + 1 for x in s["sums"]) for s in levels)
print(f"  binary with length-prefixed minimal sums: {vb:,} B")

# one shared path: both leaves under one parent (siblings of each other), so depth - 1 siblings above them
one = p["leaves"][0]["path"][1:]
q = dict(p)
q["leaves"] = [dict(p["leaves"][0], path=one), dict(p["leaves"][1], path=[])]
print(f"two leaves under one shared path ({len(one)} siblings; sizes from leaf 0's real siblings above level 0):")
print(f"  as written today: {compact(q):,} B; binary {len(one) * (32 + 16 * assets):,} B")
for style in ("hex-arrays", "b64-arrays", "b64-strings"):
    q["leaves"] = [dict(p["leaves"][0], path=encode(one, style)), dict(p["leaves"][1], path=[])]
    print(f"  {style:12s}: {compact(q):,} B")
