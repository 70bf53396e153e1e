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

mod common;

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
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let index = dir.path().join("index");
    let out = common::run_renda(
        dir.path(),
        &[
            "index".as_ref(),
            corpus.as_os_str(),
            "--index".as_ref(),
            index.as_os_str(),
            "-q".as_ref(),
        ],
    );
    assert!(out.status.success(), "{}", common::err_text(&out));

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
