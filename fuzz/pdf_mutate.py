#!/usr/bin/env python3
"""A bounded random-mutation driver for the PDF reader, for machines without
a nightly toolchain or cargo-fuzz: it mutates the seeds of
fuzz/seeds/pdf_reader (the bytes after the first, mode byte, are the PDF for
mode 0; the others are wrapped as the target `pdf_reader` wraps them) with
PDF-aware mutations and runs `renda parse FILE` on each, alone in a folder.

    python3 fuzz/pdf_mutate.py target/release/renda SECONDS [SEED]

A run that ends by a signal (an abort, a stack overflow), with status 101
(a panic) or that takes more than 60 s is a failure: the input is kept in
fuzz/artifacts/pdf_mutate/ and counted. At the end it prints the number of
executions, of failures, and how the runs ended.
"""
import collections
import os
import random
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "seeds", "pdf_reader")
ARTIFACTS = os.path.join(HERE, "artifacts", "pdf_mutate")

HELLO = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET\n"
CMAP = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <00> <FF> "
        b"endcodespacerange\n1 beginbfrange <20> <7E> <0020> endbfrange\nendcmap end end\n")
# Pieces that make structure: recursion, nesting, loops, filters.
TOKENS = [b"/X1 Do ", b"[", b"]", b"<<", b">>", b"(", b")", b" 6 0 R", b" 3 0 R", b" 2 0 R",
          b"/Kids [2 0 R 3 0 R]", b"/Parent 3 0 R", b"/Prev 0", b"/Filter /FlateDecode",
          b"/Subtype /Form", b"/Resources << /XObject << /X1 7 0 R >> >>", b" q ", b" Q ",
          b"BT ", b" ET", b"(x) Tj ", b"0 0 m 1 1 l ", b"beginbfrange <0000> <FFFF> <0041> endbfrange",
          b"BI /W 1 ID \x00 EI", b"/X1 Do1 ", b"1Do ", b"/Subtype /Fx", b"%", b"\n", b"endstream", b"obj", b"stream\n", b"1e308 ", b"-1 "]


def stream(d, data):
    return b"<< " + d + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def one_page(page, content, cmap):
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> "
        b"/XObject << /X1 7 0 R >> >> /Contents 5 0 R " + page + b" >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        stream(b"", content),
        stream(b"", cmap),
        stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> "
               b"/XObject << /X1 7 0 R >> >>", content),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, b in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + b + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    return bytes(out)


def as_pdf(data):
    if not data:
        return b""
    mode, rest = data[0], data[1:]
    if mode == 1:
        return one_page(b"", rest, CMAP)
    if mode == 2:
        return one_page(b"", HELLO, rest)
    if mode == 3:
        return one_page(rest, HELLO, CMAP)
    return rest


def mutate(rng, data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not data:
            data += rng.choice(TOKENS)
            continue
        at = rng.randrange(len(data) + 1)
        kind = rng.randrange(7)
        if kind == 0:  # flip bytes
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif kind == 1:  # insert a structural token
            data[at:at] = rng.choice(TOKENS)
        elif kind == 2:  # a token repeated (nesting, many operators)
            data[at:at] = rng.choice(TOKENS) * rng.choice([10, 300, 5000, 100000])
        elif kind == 3:  # cut
            del data[at:at + rng.randint(1, 64)]
        elif kind == 4:  # repeat a block
            block = data[at:at + rng.randint(1, 256)]
            data[at:at] = block * rng.randint(1, 8)
        elif kind == 5:  # change a number
            digits = [i for i, b in enumerate(data) if 48 <= b <= 57]
            if digits:
                i = rng.choice(digits)
                data[i:i + 1] = str(rng.choice([0, 1, 2, 3, 6, 7, 9, 65535, 2**31])).encode()
        else:  # truncate
            del data[at:]
    if len(data) > 1 and rng.random() < 0.1:
        data[0] = rng.randrange(4)
    return bytes(data)


def main():
    renda, seconds = sys.argv[1], float(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    seeds = [open(os.path.join(SEEDS, f), "rb").read() for f in sorted(os.listdir(SEEDS))]
    pool = list(seeds)
    outcomes = collections.Counter()
    runs = failures = 0
    slowest = 0.0
    end = time.time() + seconds
    env = {"PATH": os.environ.get("PATH", ""), "RENDA_LANG": "en"}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "x.pdf")
        while time.time() < end:
            data = mutate(rng, rng.choice(pool))
            with open(path, "wb") as f:
                f.write(as_pdf(data))
            start = time.time()
            try:
                p = subprocess.run([renda, "parse", "x.pdf"], cwd=tmp, env=env,
                                   capture_output=True, timeout=60)
                took = time.time() - start
                slowest = max(slowest, took)
                if p.returncode < 0 or p.returncode == 101:
                    failed = "signal %d" % -p.returncode if p.returncode < 0 else "panic"
                else:
                    failed = None
                    err = p.stderr.decode("utf-8", "replace")
                    reason = err.split(": ", 2)[-1].split(" (")[0].strip()[:60] if p.returncode else "read"
                    outcomes[reason] += 1
                    if p.returncode == 0 and rng.random() < 0.05:
                        pool.append(data)
            except subprocess.TimeoutExpired:
                failed = "timeout"
            runs += 1
            if failed:
                failures += 1
                outcomes["FAILED: " + failed] += 1
                os.makedirs(ARTIFACTS, exist_ok=True)
                with open(os.path.join(ARTIFACTS, "%s-%d" % (failed.replace(" ", "_"), runs)), "wb") as f:
                    f.write(data)
    print("executions: %d, failures: %d, slowest run: %.1f s" % (runs, failures, slowest))
    for k, v in outcomes.most_common(20):
        print("%7d  %s" % (v, k))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
