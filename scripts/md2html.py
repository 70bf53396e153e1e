#!/usr/bin/env python3
"""Turn the bundle's one-page Markdown (快速上手.md) into a page any
browser opens: headings, paragraphs, lists, images, links, `code`, **bold**
and fenced code blocks, which is all that page uses.

    python3 scripts/md2html.py IN.md OUT.html
"""
import html
import re
import sys

src, dst = sys.argv[1], sys.argv[2]
lines = open(src, encoding="utf-8").read().splitlines()


def inline(text):
    out = html.escape(text, quote=False)
    out = re.sub(r"!\[([^\]]*)\]\(([^)]+)\)",
                 lambda m: f'<img alt="{m[1]}" src="{m[2]}">', out)
    out = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", lambda m: f'<a href="{m[2]}">{m[1]}</a>', out)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    return out


body, para, items, kind, code = [], [], [], None, None
title = "renda"


def flush():
    global para, items, kind
    if para:
        body.append(f"<p>{inline(' '.join(para))}</p>")
        para = []
    if items:
        body.append(f"<{kind}>" + "".join(f"<li>{inline(i)}</li>" for i in items) + f"</{kind}>")
        items, kind = [], None


for line in lines:
    if code is not None:
        if line.startswith("```"):
            body.append("<pre><code>" + html.escape("\n".join(code)) + "</code></pre>")
            code = None
        else:
            code.append(line)
        continue
    if line.startswith("```"):
        flush()
        code = []
        continue
    m = re.match(r"^(#{1,4})\s+(.*)", line)
    if m:
        flush()
        n = len(m[1])
        if n == 1:
            title = m[2]
        body.append(f"<h{n}>{inline(m[2])}</h{n}>")
        continue
    m = re.match(r"^\s*(?:[-*]|(\d+)\.)\s+(.*)", line)
    if m:
        if para:
            flush()
        k = "ol" if m[1] else "ul"
        if kind and kind != k:
            flush()
        kind = k
        items.append(m[2])
        continue
    if not line.strip():
        flush()
        continue
    if items and line.startswith("  "):
        items[-1] += " " + line.strip()
        continue
    para.append(line.strip())
flush()

style = ("body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif;"
         "max-width:52em;margin:2em auto;padding:0 1em;line-height:1.8;color:#1d1d1f}"
         "h1{color:#8b1a1a}img{max-width:100%;border:1px solid #ccc;margin:.5em 0}"
         "code{background:#f2f2f2;padding:0 .2em}pre{background:#f2f2f2;padding:.5em 1em;overflow-x:auto}")
with open(dst, "w", encoding="utf-8") as f:
    f.write(f'<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{style}</style></head><body>\n")
    f.write("\n".join(body))
    f.write("\n</body></html>\n")
