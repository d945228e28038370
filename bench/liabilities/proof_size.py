#!/usr/bin/env python3
"""Where the bytes of a liabilities proof (format assay-liability-proof/2) go, and how far encoding can take it.

Reads a proof written by LiabilitiesBench (bench/target/liabilities/sample-proof.json, a real user of the 10M-user
tree) and prints: its JSON size split into envelope, sibling strings and JSON punctuation; the siblings' compact
bytes (hash + length-prefixed minimal sums, what the base64url strings hold) and the hashes alone; and, for other
window sizes, the floor that the sibling hashes alone put under the JSON size (exact arithmetic, no guess: 32 bytes
per sibling hash, 43 base64url characters).
It also writes the proof's binary form (io.assay.liabilities.ProofBinary, docs/liabilities.md "Binary form"),
encoded here independently (the encoder is checked byte for byte against the binary twins of the shared vectors),
next to the JSON as sample-proof.bin, and prints its size: the binary form carries the same content as the JSON.
Usage: python3 bench/liabilities/proof_size.py [proof.json]
"""
import base64
import json
import math
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "bench/target/liabilities/sample-proof.json"
raw = open(path, "rb").read().rstrip(b"\n")
p = json.loads(raw)
if p.get("format") != "assay-liability-proof/2":
    sys.exit(f"{path}: format {p.get('format')!r}, expected assay-liability-proof/2 (re-run bench/liabilities/run.sh)")
compact = lambda o: len(json.dumps(o, separators=(",", ":")).encode())
siblings = p["windowPath"] + p["path"]
pub = p["publication"]
depth = int(math.log2(pub["leaves"]))
k = int(math.log2(pub["window"]))
assets = len(pub["assets"])


def unb64(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def amount(s):
    v = int(s)
    b = v.to_bytes((v.bit_length() + 7) // 8, "big")
    return bytes([len(b)]) + b


def short(s):
    b = s.encode()
    return bytes([len(b)]) + b


def to_binary(q):
    """The binary form of a JSON proof, as ProofBinary.fromJson (for proofs that have one)."""
    pb = q["publication"]
    out = bytearray(b"ALP\x02") + short(pb["id"]) + bytes([len(pb["assets"])])
    for a in pb["assets"]:
        out += short(a)
    out += bytes.fromhex(pb["root"][2:]) + b"".join(amount(t) for t in pb["totals"])
    out += varint(pb["leaves"]) + varint(pb["window"]) + short(pb["asOf"])
    user = q["user"].encode()
    out += varint(len(user)) + user + bytes.fromhex(q["userSecret"][2:]) + b"".join(amount(x) for x in q["balances"])
    out += bytes([len(q["leaves"])])
    for leaf in q["leaves"]:
        out += varint(leaf["index"]) + b"".join(amount(x) for x in leaf["balances"])
    for field in ("windowPath", "path"):
        out += varint(len(q[field])) + b"".join(unb64(s) for s in q[field])
    return bytes(out)


vectors = json.load(open("src/test/resources/liabilities/vectors.json")) if len(sys.argv) <= 1 else []
for v in vectors:
    if v.get("binary"):
        assert to_binary(v["proof"]) == unb64(v["binary"]), v["name"] + ": not the Java encoder's bytes"
bin_path = path[:-len(".json")] + ".bin" if path.endswith(".json") else path + ".bin"
binary_proof = to_binary(p)
open(bin_path, "wb").write(binary_proof)

env = dict(p, windowPath=[], path=[])
sib_chars = sum(len(s) for s in siblings)
binary = sum(len(unb64(s)) for s in siblings)
sum_bytes = binary - 32 * len(siblings)
print(f"proof {path}: {len(raw):,} B as written ({len(p['leaves'])} leaves, depth {depth}, window 2^{k}, {assets} assets)")
print(f"  envelope (format, publication, user, secret, balances, leaf indices and parts): {compact(env):,} B")
print(f"  {len(siblings)} sibling strings ({len(p['windowPath'])} inside the window, {len(p['path'])} above): {sib_chars:,} B"
      f" (mean {sib_chars / len(siblings):.1f}), quotes and commas {len(raw) - compact(env) - sib_chars:,} B")
print(f"  compact bytes of the siblings: {binary:,} B = hashes {32 * len(siblings):,} B + sums with length bytes"
      f" {sum_bytes:,} B (mean {sum_bytes / len(siblings):.1f} per sibling for {assets} assets)")
print(f"  binary form (same content, ProofBinary; checked against {sum(1 for v in vectors if v.get('binary'))} vector twins):"
      f" {len(binary_proof):,} B = siblings {binary:,} B + everything else {len(binary_proof) - binary:,} B; written to {bin_path}")
print("floor under the JSON size by window, at this depth (2 leaves in different halves: d + k - 2 siblings):")
mean_sums = sum_bytes / len(siblings)
for kk in range(2, 13):
    n = depth + kk - 2
    hashes_chars = n * 43
    est = compact(env) + n * (3 + math.ceil((32 + mean_sums) * 4 / 3))
    print(f"  window 2^{kk:<2}: {n} siblings; hashes alone {hashes_chars:,} chars of base64url;"
          f" with this proof's mean sums and envelope about {est:,} B")
