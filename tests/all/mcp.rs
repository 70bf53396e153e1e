//! `renda mcp` end to end with a real MCP client: the official Python SDK
//! (`mcp` from PyPI) drives the server over stdio (tests/mcp_client.py):
//! initialise, list the tools, call each one on the shipped corpus, check
//! `search` against `renda search --format json`, and send malformed calls
//! (an unknown tool, wrong types, 1 MB arguments) that get errors while
//! the server keeps answering.
//!
//! The Python comes from `RENDA_MCP_PYTHON` (set by .ci/run, which makes a
//! venv with `mcp` in target/mcp-venv), else target/mcp-venv itself; without
//! a Python that imports `mcp`, the test skips with a note.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A Python that can import the MCP SDK, if there is one.
fn python() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("RENDA_MCP_PYTHON").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/mcp-venv/bin/python")),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .args(["-c", "import mcp.client.stdio"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn the_python_sdk_calls_every_tool_and_malformed_calls_get_errors() {
    let Some(python) = python() else {
        eprintln!(
            "note: skipped: no Python with the `mcp` package (set RENDA_MCP_PYTHON, or run .ci/run, which makes target/mcp-venv)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let index = indexed(dir.path());

    let (query, limit) = ("人大代表", "5");
    let cli = common::run_renda(
        dir.path(),
        &[
            "search".as_ref(),
            query.as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            "-n".as_ref(),
            limit.as_ref(),
            "--index".as_ref(),
            index.as_os_str(),
        ],
    );
    assert!(cli.status.success(), "{}", common::err_text(&cli));
    let cli_json = dir.path().join("cli.json");
    std::fs::write(&cli_json, &cli.stdout).unwrap();
    let parsed: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert!(
        parsed["total"].as_u64().unwrap() > 5,
        "a query with a second page"
    );

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp_client.py");
    let run = Command::new(&python)
        .arg(&script)
        .arg(env!("CARGO_BIN_EXE_renda"))
        .arg(&index)
        .arg(&cli_json)
        .arg(query)
        .arg(limit)
        .current_dir(dir.path())
        .output()
        .expect("run the MCP client");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    println!("{stdout}");
    assert!(
        run.status.success(),
        "the MCP client failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("mcp client: all checks passed"),
        "{stdout}\n{stderr}"
    );
    assert!(stdout.contains("malformed calls: 16 errors"), "{stdout}");
}

#[test]
fn without_an_index_mcp_says_so_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::renda_command(dir.path())
        .env("RENDA_LANG", "zh")
        .args(["mcp", "--index", "no-such-index"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing on the protocol's stream");
    let err = common::err_text(&out);
    assert!(err.contains("no-such-index"), "{err}");
    assert!(!err.is_ascii(), "said in Chinese: {err}");
}

/// The shipped corpus indexed into `dir/index`.
fn indexed(dir: &Path) -> PathBuf {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let index = dir.join("index");
    let out = common::run_renda(
        dir,
        &[
            "index".as_ref(),
            corpus.as_os_str(),
            "--index".as_ref(),
            index.as_os_str(),
            "-q".as_ref(),
        ],
    );
    assert!(out.status.success(), "{}", common::err_text(&out));
    index
}

/// A runtime for the server's calls, as `renda mcp` runs them.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn object(v: serde_json::Value) -> Option<serde_json::Map<String, serde_json::Value>> {
    v.as_object().cloned()
}

#[test]
fn a_call_over_its_time_is_a_tool_error_and_the_next_call_is_answered() {
    use renda::i18n::{Lang, with_lang};
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let index = indexed(dir.path());
    let runtime = runtime();
    let args = object(serde_json::json!({"query": "人大代表"}));

    // No time at all: given up, said as the page says it.
    let idx = renda_core::index::open(&index).unwrap();
    let late = with_lang(Lang::Zh, || renda::mcp::Server::new(idx, Duration::ZERO));
    let r = runtime.block_on(late.call("search", args.clone()));
    assert_eq!(r.is_error, Some(true));
    let text = serde_json::to_value(&r.content).unwrap().to_string();
    assert!(text.contains("检索超过 1 秒仍未完成"), "{text}");

    // In time, in English: the answer, and an unknown tool's error.
    let idx = renda_core::index::open(&index).unwrap();
    let server = with_lang(Lang::En, || {
        renda::mcp::Server::new(idx, Duration::from_secs(20))
    });
    let names: Vec<String> = server.tools().iter().map(|t| t.name.to_string()).collect();
    assert_eq!(
        names,
        [
            "search",
            "compare",
            "kwic",
            "similar",
            "read_speech",
            "check_draft",
            "stats"
        ]
    );
    assert!(server.tools().iter().all(|t| {
        t.description
            .as_deref()
            .is_some_and(|d| d.is_ascii() || d.contains("届次"))
    }));
    let r = runtime.block_on(server.call("search", args));
    assert_eq!(r.is_error, Some(false));
    let found = r.structured_content.unwrap();
    assert!(found["total"].as_u64().unwrap() > 0);
    assert!(
        found["notes"][0]
            .as_str()
            .unwrap()
            .contains("gets the next page")
    );
    let r = runtime.block_on(server.call("drop_index", None));
    assert_eq!(r.is_error, Some(true));
    let text = serde_json::to_value(&r.content).unwrap().to_string();
    assert!(
        text.contains("there is no tool \\\"drop_index\\\""),
        "{text}"
    );
}

#[test]
fn a_heading_hit_reads_from_the_start_and_no_call_pages_without_moving_on() {
    use renda::i18n::{Lang, with_lang};
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let index = indexed(dir.path());
    let runtime = runtime();
    let idx = renda_core::index::open(&index).unwrap();
    let server = with_lang(Lang::Zh, || {
        renda::mcp::Server::new(idx, Duration::from_secs(20))
    });
    let call =
        |name: &str, args: serde_json::Value| runtime.block_on(server.call(name, object(args)));

    // A heading's hit, paragraph 0, is read from the speech's start.
    let r = call(
        "search",
        serde_json::json!({"query": "\"履职\"", "limit": 50}),
    );
    assert_eq!(r.is_error, Some(false));
    let found = r.structured_content.unwrap();
    let heading = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["paragraph"] == 0)
        .expect("a heading among the hits")
        .clone();
    let r = call(
        "read_speech",
        serde_json::json!({"id": heading["id"], "paragraph": 0}),
    );
    assert_eq!(r.is_error, Some(false), "{:?}", r.content);
    let read = r.structured_content.unwrap();
    let blocks = read["blocks"].as_array().unwrap();
    assert!(
        blocks.iter().any(|b| b["text"] == heading["text"]),
        "{read}"
    );

    // similar needs the paragraph of the speech it is given.
    let r = call("similar", serde_json::json!({"id": heading["id"]}));
    assert_eq!(r.is_error, Some(true));
    let said = serde_json::to_value(&r.content).unwrap().to_string();
    assert!(said.contains("paragraph"), "{said}");

    // A page of none has no next page to go on to.
    let r = call(
        "search",
        serde_json::json!({"query": "人大代表", "limit": 0}),
    );
    let found = r.structured_content.unwrap();
    assert!(found["total"].as_u64().unwrap() > 0);
    assert_eq!(found["returned"], 0);
    assert!(found["next_offset"].is_null(), "{found}");
}
