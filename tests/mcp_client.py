"""Drive `renda mcp` with the official MCP Python SDK, as a desktop client
would: initialise, list the tools, call each one, compare `search` with
the command line's JSON, and send malformed calls that must get errors
while the server keeps answering.

Run by tests/all/mcp.rs:
    python mcp_client.py RENDA INDEX CLI_SEARCH_JSON QUERY LIMIT
Exits non-zero (an AssertionError) on the first thing that is wrong;
prints one line per check and `mcp client: all checks passed` at the end.
"""

import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

TOOLS = {"search", "compare", "kwic", "similar", "read_speech", "check_draft", "stats"}


def structured(result):
    assert not result.is_error, f"tool error: {result.content}"
    data = result.structured_content
    assert isinstance(data, dict), f"no structured content: {result}"
    # The text content is the same JSON, for clients that only show text.
    assert json.loads(result.content[0].text) == data
    return data


def error_text(result):
    assert result.is_error, f"expected a tool error, got {result.structured_content}"
    return result.content[0].text


def has_chinese(s):
    return any("\u4e00" <= c <= "\u9fff" for c in s)


async def main(renda, index, cli_json, query, limit):
    expected = json.loads(open(cli_json, encoding="utf-8").read())
    params = StdioServerParameters(
        command=renda, args=["mcp", "--index", index], env={"RENDA_LANG": "zh"}
    )
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            assert init.server_info.name == "renda", init.server_info
            assert init.instructions and has_chinese(init.instructions)
            print("initialised:", init.server_info.name, init.server_info.version)

            tools = (await session.list_tools()).tools
            names = {t.name for t in tools}
            assert names == TOOLS, names
            for t in tools:
                assert t.description and has_chinese(t.description), t.name
                assert t.input_schema.get("type") == "object", t.name
            search_tool = next(t for t in tools if t.name == "search")
            props = search_tool.input_schema["properties"]
            assert "query" in search_tool.input_schema.get("required", [])
            assert props["limit"]["type"] in ("integer", ["integer", "null"])
            assert has_chinese(props["query"]["description"])
            print("tools:", sorted(names))

            # search: the same hits as `renda search --format json`.
            r = structured(await session.call_tool("search", {"query": query, "limit": limit}))
            assert r["total"] == expected["total"], (r["total"], expected["total"])
            assert r["related"] == expected["related"]
            got = [(h["file"], h["paragraph"]) for h in r["hits"]]
            want = [(h["file"], h["paragraph"]) for h in expected["hits"]]
            assert got == want, (got, want)
            for h, e in zip(r["hits"], expected["hits"]):
                assert h["text"] == e["text"] or h.get("text_cut")
                assert h["title"] == e["title"]
                assert e["title"] in h["citation"] and e["file"] in h["citation"]
                assert f"第{e['paragraph']}段" in h["citation"], h["citation"]
                folded = [(d["file"], d["paragraph"]) for d in h.get("folded", [])]
                want_folded = [(d["file"], d["paragraph"]) for d in e["duplicates"]][:10]
                assert folded == want_folded, (folded, want_folded)
            assert r["returned"] == len(r["hits"]) <= limit
            if r["next_offset"] is not None:
                assert any("offset=" in n for n in r["notes"]), r["notes"]
                page2 = structured(
                    await session.call_tool(
                        "search", {"query": query, "limit": limit, "offset": r["next_offset"]}
                    )
                )
                assert page2["offset"] == r["next_offset"]
                assert not set(got) & {(h["file"], h["paragraph"]) for h in page2["hits"]}
            print("search:", r["total"], "paragraphs,", len(got), "hits as the CLI's")

            # without: a related word dropped is not searched, the others are.
            theme = structured(await session.call_tool("search", {"query": "密切联系群众"}))
            words = [w["word"] for w in theme["related"]]
            assert words, theme["related"]
            dropped = structured(
                await session.call_tool(
                    "search", {"query": "密切联系群众", "without": [words[0], " "]}
                )
            )
            left = [w["word"] for w in dropped["related"]]
            assert words[0] not in left and left == words[1:], (words, left)
            assert dropped["total"] <= theme["total"]
            print("without:", words[0], "dropped,", len(left), "related words left")

            hit = r["hits"][0]

            # read_speech: around the first hit, and the speech from the start.
            sp = structured(
                await session.call_tool(
                    "read_speech", {"id": hit["id"], "paragraph": hit["paragraph"], "around": 1}
                )
            )
            assert sp["file"] == hit["file"] and sp["title"] == hit["title"]
            numbers = [b["paragraph"] for b in sp["blocks"] if b["paragraph"] > 0]
            assert hit["paragraph"] in numbers, numbers
            assert min(numbers) >= hit["paragraph"] - 1 and max(numbers) <= hit["paragraph"] + 1
            texts = [b["text"] for b in sp["blocks"] if b["paragraph"] == hit["paragraph"]]
            assert texts and (texts[0] == hit["text"] or hit.get("text_cut"))
            whole = structured(await session.call_tool("read_speech", {"id": hit["id"]}))
            assert whole["blocks"][0]["paragraph"] == 0  # the title opens it
            assert whole["paragraphs"] >= hit["paragraph"]
            print("read_speech:", len(sp["blocks"]), "blocks around ¶", hit["paragraph"])

            # compare, kwic, similar, check_draft, stats.
            c = structured(await session.call_tool("compare", {"theme": query, "by": "level"}))
            assert c["by"] == "level" and c["groups"], c
            assert all(g["phrasings"] for g in c["groups"])
            src = c["groups"][0]["phrasings"][0]["sources"][0]
            assert src["id"] and src["citation"]
            print("compare:", len(c["groups"]), "groups")

            k = structured(await session.call_tool("kwic", {"term": "人大代表", "limit": 5}))
            assert k["total_lines"] >= len(k["lines"]) > 0
            assert all(line["match"] == "人大代表" for line in k["lines"])
            assert len(k["lines"]) <= 5
            if k["total_lines"] > 5:
                assert k["next_offset"] == 5
            print("kwic:", k["total_lines"], "lines in all")

            s = structured(await session.call_tool("similar", {"text": hit["text"][:300], "limit": 3}))
            assert len(s["hits"]) <= 3 and s["source"]
            s2 = structured(
                await session.call_tool(
                    "similar", {"id": hit["id"], "paragraph": hit["paragraph"], "limit": 3}
                )
            )
            assert all((h["file"], h["paragraph"]) != (hit["file"], hit["paragraph"]) for h in s2["hits"])
            print("similar:", len(s["hits"]), "and", len(s2["hits"]), "paragraphs")

            draft = whole["blocks"]
            draft_text = "\n".join(b["text"] for b in draft if b["paragraph"] > 0)[:3000]
            d = structured(await session.call_tool("check_draft", {"text": draft_text}))
            assert d["copied_share"] > 0.5, d["copied_share"]
            assert d["speeches"] and d["speeches"][0]["file"] == hit["file"], d["speeches"][:1]
            assert d["copied_sentences"] and d["copied_sentences"][0]["sources"][0]["citation"]
            print("check_draft: copied share", round(d["copied_share"], 2))

            st = structured(await session.call_tool("stats", {}))
            assert st["speeches"] == 5 and st["paragraphs"] > 0, st
            print("stats:", st["speeches"], "speeches,", st["paragraphs"], "paragraphs")

            # Malformed calls: errors in Chinese, and the server answers on.
            bad = [
                ("no_such_tool", {"query": query}, "没有名为"),
                ("search", {"query": query, "limit": "ten"}, "参数 limit 应为非负整数"),
                ("search", {"query": 42}, "参数 query 应为字符串"),
                ("search", {"query": query, "level": "县"}, "参数 level 应为字符串列表"),
                ("search", {}, "缺少参数 query"),
                ("search", {"query": query, "qeury": 1}, "不认识的参数"),
                ("search", {"query": query, "limit": 100000}, "（limit）应为 0 到 50 之间的整数"),
                ("search", {"query": query, "year": 3000}, "1900 到 2100"),
                ("search", {"query": "人大 AND (代表"}, ""),
                ("search", {"query": "长" * (1 << 20)}, "（query）太长"),
                ("check_draft", {"text": "稿" * (1 << 20)}, "（text）太长"),
                ("similar", {"text": "x" * (1 << 20)}, "（text）太长"),
                ("read_speech", {"id": "../../etc/passwd"}, "没有这篇讲话"),
                ("read_speech", {"id": hit["id"], "paragraph": 100000}, "没有第 100000 段"),
                ("compare", {"theme": query, "by": "colour"}, "（by）只能是"),
                ("kwic", {"term": "   "}, "请输入"),
            ]
            for name, args, says in bad:
                result = await session.call_tool(name, args)
                if name == "search" and args.get("query") == "人大 AND (代表":
                    # A query the parser may take or refuse: never a crash.
                    if result.is_error:
                        assert has_chinese(error_text(result))
                    continue
                text = error_text(result)
                assert says in text, (name, text[:200])
                assert has_chinese(text), text[:200]
                assert len(text) < 2000, len(text)
                again = structured(await session.call_tool("stats", {}))
                assert again["speeches"] == 5
            print("malformed calls:", len(bad), "errors, the server still answers")

    print("mcp client: all checks passed")


if __name__ == "__main__":
    renda, index, cli_json, query, limit = sys.argv[1:6]
    asyncio.run(main(renda, index, cli_json, query, int(limit)))
