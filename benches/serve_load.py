#!/usr/bin/env python3
"""Load on a running `renda serve`: CLIENTS threads for SECONDS, each
asking a mixed theme or phrase, of /api/search or the search page, in
turn. Prints requests/s, p50, p99 and errors (BENCHMARKS.md), and, given
the server's PID, its peak resident memory (VmHWM).

    renda serve --index INDEX --port 8080 & pid=$!
    python3 benches/serve_load.py http://127.0.0.1:8080 50 30 $pid
"""
import threading, time, urllib.request, urllib.parse, sys, random
base = sys.argv[1]; clients = int(sys.argv[2]); secs = float(sys.argv[3])
qs = ["密切联系群众", "\"人民代表大会制度\"", "代表履职", "监督 AND 预算", "乡村振兴", "依法行使职权", "\"全过程人民民主\"", "营商环境 OR 优化", "生态环境保护", "基层治理"]
lat = []; errs = [0]; lock = threading.Lock(); stop = time.time() + secs
def worker(i):
    r = random.Random(i)
    while time.time() < stop:
        q = r.choice(qs)
        path = r.choice(["/api/search?q=", "/?q="]) + urllib.parse.quote(q)
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(base + path, timeout=30) as resp:
                resp.read(); ok = resp.status == 200
        except Exception as e:
            ok = False
        d = time.perf_counter() - t
        with lock:
            lat.append(d)
            if not ok: errs[0] += 1
ts = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
t0 = time.time(); [t.start() for t in ts]; [t.join() for t in ts]; el = time.time() - t0
lat.sort(); n = len(lat)
peak = ""
if len(sys.argv) > 4:
    for line in open(f"/proc/{sys.argv[4]}/status"):
        if line.startswith("VmHWM:"):
            peak = f" peak_rss={int(line.split()[1]) / 1024:.0f}MB"
print(f"clients={clients} seconds={el:.1f} requests={n} req/s={n/el:.1f} p50={lat[n//2]*1000:.1f}ms p99={lat[int(n*0.99)]*1000:.1f}ms errors={errs[0]}{peak}")
