"""Latency of each tool of `renda mcp` and the server's peak memory, as an
MCP client sees them (the official Python SDK over stdio).

    python benches/mcp_bench.py RENDA INDEX [RUNS]

Each tool is called once cold (the first call after start, in the table's
`first` column), then RUNS times (default 5): median and slowest, wall time
of the round trip. The server's peak RSS is its VmHWM at the end. Needs the
`mcp` package (e.g. target/mcp-venv/bin/python, which .ci/run makes).
"""

import asyncio
import os
import statistics
import sys
import tempfile
import time

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def vm(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) // 1024
    return None


async def timed(session, name, args):
    t = time.perf_counter()
    r = await session.call_tool(name, args)
    ms = (time.perf_counter() - t) * 1000
    if r.is_error:
        raise SystemExit(f"{name} {args}: {r.content[0].text}")
    return ms, r.structured_content


async def main(renda, index, runs):
    pidfile = tempfile.mktemp()
    params = StdioServerParameters(
        command="/bin/sh",
        args=["-c", f'echo $$ > {pidfile}; exec "{renda}" mcp --index "{index}" --time-limit 60'],
    )
    rows = []
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            t = time.perf_counter()
            await session.initialize()
            init_ms = (time.perf_counter() - t) * 1000
            pid = int(open(pidfile).read())
            print(f"initialise: {init_ms:.0f} ms, RSS {vm(pid, 'VmRSS')} MiB")
            _, first = await timed(session, "search", {"query": "密切联系群众", "limit": 20})
            hit = next(h for h in first["hits"] if h["paragraph"] > 0)
            _, speech = await timed(session, "read_speech", {"id": hit["id"]})
            draft = "\n".join(b["text"] for b in speech["blocks"] if b["paragraph"] > 0)[:3000]
            calls = [
                ("search", "theme 密切联系群众, 10 hits", {"query": "密切联系群众"}),
                ("search", 'phrase "人民代表大会制度", 10 hits', {"query": "人民代表大会制度", "exact": True}),
                ("search", "theme, level county, 2020–2023", {"query": "营商环境", "level": ["county"], "since": 2020, "until": 2023}),
                ("compare", "密切联系群众 by level", {"theme": "密切联系群众"}),
                ("kwic", "人民代表大会, 50 lines", {"term": "人民代表大会"}),
                ("similar", "a pasted paragraph, 10", {"text": hit["text"][:500]}),
                ("read_speech", "whole speech (first 40,000 chars)", {"id": hit["id"]}),
                ("read_speech", "paragraph ±3", {"id": hit["id"], "paragraph": hit["paragraph"]}),
                ("check_draft", f"a draft of {len(draft)} characters", {"text": draft}),
                ("stats", "", {}),
            ]
            for name, what, args in calls:
                cold, _ = await timed(session, name, args)
                times = [(await timed(session, name, args))[0] for _ in range(runs)]
                rows.append((name, what, cold, statistics.median(times), max(times)))
            peak = vm(pid, "VmHWM")
            now = {k: vm(pid, k) for k in ("VmRSS", "RssAnon", "RssFile")}
    os.unlink(pidfile)
    print(f"\n| tool | call | first | median of {runs} | slowest |")
    print("| --- | --- | --- | --- | --- |")
    for name, what, cold, med, worst in rows:
        print(f"| `{name}` | {what} | {cold:.0f} ms | {med:.0f} ms | {worst:.0f} ms |")
    print(f"\nserver peak RSS (VmHWM): {peak} MiB")
    print(
        f"at the end: RSS {now['VmRSS']} MiB = own memory (RssAnon) {now['RssAnon']} MiB"
        f" + mapped index files (RssFile) {now['RssFile']} MiB"
    )


if __name__ == "__main__":
    renda, index = sys.argv[1:3]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    asyncio.run(main(renda, index, runs))
