//! `renda serve` with no index yet: the page offers to build one from a
//! folder chosen on it (a folder browser that lists only folder names, only
//! under the places it offers, only on a loopback address), refuses a
//! second run while one goes on, then serves the search; the 索引状态
//! page shows the settings and adds and removes folders. On a network
//! address none of this is offered. `--index` and `RENDA_INDEX` still win
//! over the per-user index.

use crate::common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::http::Server;
use common::{renda_command, scratch_dir, seeds};
use serde_json::Value;

/// `renda serve --port 0 ARGS…` with `home` as its HOME (and so its
/// per-user index under `home/.local/share/renda/index`).
fn serve(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
    let mut cmd = renda_command(home);
    cmd.env("RENDA_LANG", "zh")
        .env("HOME", home)
        .arg("serve")
        .args(["--port", "0"])
        .args(args)
        .stderr(std::process::Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    common::http::start(&mut cmd)
}

/// One request: the status, the `Location` header and the body.
fn request(
    addr: &str,
    method: &str,
    target: &str,
    origin: Option<&str>,
    body: &str,
) -> (u16, String, String) {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(o) = origin {
        head.push_str(&format!("Origin: {o}\r\n"));
    }
    if method == "POST" {
        head.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let location = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with("location:")
                .then(|| l[9..].trim().to_string())
        })
        .unwrap_or_default();
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        let mut out = Vec::new();
        let mut rest = &body[..];
        while let Some(end) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..end]).unwrap().trim(), 16)
                .unwrap_or(0);
            if size == 0 || end + 2 + size > rest.len() {
                break;
            }
            out.extend_from_slice(&rest[end + 2..end + 2 + size]);
            rest = &rest[(end + 4 + size).min(rest.len())..];
        }
        body = out;
    }
    (
        status,
        location,
        String::from_utf8_lossy(&body).into_owned(),
    )
}

fn get(addr: &str, target: &str) -> (u16, String, String) {
    request(addr, "GET", target, None, "")
}

/// POST a form from the page's own origin.
fn post(addr: &str, target: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    request(addr, "POST", target, Some(&format!("http://{addr}")), &body)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Poll `/api/index` until no run is under way (at most 120 s).
fn wait_for_run(addr: &str) -> Value {
    let start = Instant::now();
    loop {
        let (status, _, body) = get(addr, "/api/index");
        if status == 200 {
            let v = json(&body);
            if v["running"] == false && v["result"].is_string() {
                return v;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the run never ended"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A home folder with a folder of speeches (`讲话/档案`, the five seeds and
/// `copies` renamed variants of them, so that a run lasts a while), a
/// file beside it, and a folder outside home.
fn home_with_speeches(name: &str, copies: usize) -> (PathBuf, PathBuf, PathBuf) {
    let base = scratch_dir(name);
    let home = base.join("home");
    let corpus = home.join("讲话").join("档案");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::create_dir_all(home.join(".hidden")).unwrap();
    std::fs::write(home.join("私人.txt"), "不应被列出").unwrap();
    let seeds = seeds();
    for (name, text) in &seeds {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    for i in 0..copies {
        let (_, text) = &seeds[i % seeds.len()];
        std::fs::write(
            corpus.join(format!("副本_{i:04}.txt")),
            format!("{text}\n\n第{i}次补充：本段落仅用于测试。\n"),
        )
        .unwrap();
    }
    // A file no reader can use: the run says which and why.
    std::fs::write(corpus.join("坏.docx"), b"not a zip at all").unwrap();
    let outside = base.join("outside");
    std::fs::create_dir_all(outside.join("机密")).unwrap();
    (home, corpus, outside)
}

#[test]
fn the_first_start_builds_the_index_from_a_folder_chosen_on_the_page() {
    let (home, corpus, outside) = home_with_speeches("first-start", 400);
    let home = std::fs::canonicalize(home).unwrap();
    let corpus = std::fs::canonicalize(corpus).unwrap();
    let server = serve(&home, &[], &[]);
    let addr = &server.addr;

    // Every page leads to the first start, which asks for the folder.
    let (status, location, _) = get(addr, "/");
    assert_eq!((status, location.as_str()), (303, "/start"));
    let (status, _, page) = get(addr, "/start");
    assert_eq!(status, 200);
    assert!(page.contains("还没有索引"), "{page}");
    let data = home.join(".local/share/renda/index");
    assert!(
        page.contains(&data.to_string_lossy().to_string()),
        "the index's place is said: {page}"
    );
    assert!(
        page.contains("讲话"),
        "the home folder's sub-folders are listed"
    );
    assert!(
        !page.contains("私人.txt") && !page.contains(".hidden"),
        "no files, no hidden folders: {page}"
    );
    // The API says there is no index yet, in Chinese.
    let (status, _, body) = get(addr, "/api/search?q=x");
    assert_eq!(status, 503);
    assert!(
        json(&body)["error"].as_str().unwrap().contains("没有索引"),
        "{body}"
    );

    // The folder browser: names of folders only, under home only.
    let (status, _, body) = get(
        addr,
        &format!("/api/folders?dir={}", enc(&home.to_string_lossy())),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["folders"], serde_json::json!(["讲话"]));
    let (status, _, body) = get(
        addr,
        &format!("/api/folders?dir={}", enc(&corpus.to_string_lossy())),
    );
    assert_eq!(status, 200);
    assert_eq!(
        json(&body)["folders"],
        serde_json::json!([]),
        "files are not listed"
    );
    let roots = json(&get(addr, "/api/folders").2);
    assert_eq!(roots["roots"][0], home.to_string_lossy().as_ref());
    for refused in [
        outside.to_string_lossy().into_owned(),
        "/etc".to_string(),
        format!("{}/..", home.display()),
        format!("{}/../outside", home.display()),
    ] {
        let (status, _, body) = get(addr, &format!("/api/folders?dir={}", enc(&refused)));
        assert_eq!(status, 403, "{refused}: {body}");
        assert!(
            json(&body)["error"]
                .as_str()
                .unwrap()
                .contains("不在可浏览的范围内"),
            "{body}"
        );
        let (status, _, page) = get(addr, &format!("/start?dir={}", enc(&refused)));
        assert_eq!(status, 200);
        assert!(
            page.contains("不在可浏览的范围内") && !page.contains("机密"),
            "{page}"
        );
    }

    // The checks of every request hold on the new routes: a foreign host
    // is refused.
    for target in ["/start", "/api/folders", "/api/start"] {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = String::new();
        let _ = stream.read_to_string(&mut raw);
        assert!(raw.starts_with("HTTP/1.1 403"), "{target}: {raw}");
    }

    // A folder that is not there, and a form from elsewhere, are refused.
    let (status, _, page) = post(addr, "/start", &[("folder", "/没有这个文件夹")]);
    assert_eq!(status, 400);
    assert!(page.contains("找不到这个文件夹"), "{page}");
    let (status, _, _) = post(addr, "/start", &[("folder", "")]);
    assert_eq!(status, 400);
    let body = format!("folder={}", enc(&corpus.to_string_lossy()));
    let (status, _, _) = request(addr, "POST", "/start", Some("http://evil.example"), &body);
    assert_eq!(status, 403);

    // The run starts; a second one meanwhile is refused, clearly.
    let (status, location, _) = post(addr, "/start", &[("folder", &corpus.to_string_lossy())]);
    assert_eq!((status, location.as_str()), (303, "/start"));
    let (status, _, body) = post(addr, "/api/start", &[("folder", &corpus.to_string_lossy())]);
    assert_eq!(status, 409, "{body}");
    assert_eq!(json(&body)["error"], "索引正在更新，请等这次完成");
    let (status, _, page) = post(addr, "/start", &[("folder", &corpus.to_string_lossy())]);
    assert_eq!(status, 409);
    assert!(page.contains("索引正在更新，请等这次完成"));
    let (_, _, page) = get(addr, "/start");
    if page.contains("正在建立索引") {
        assert!(
            page.contains(r#"http-equiv="refresh""#),
            "the progress refreshes itself"
        );
    }

    let done = wait_for_run(addr);
    assert_eq!(done["failed"], false, "{done}");
    assert_eq!(done["speeches"], 405, "{done}");
    assert_eq!(done["skipped"], 1, "{done}");
    let skipped = &done["skipped_files"][0];
    assert!(
        skipped["file"].as_str().unwrap().ends_with("坏.docx"),
        "{done}"
    );
    assert!(!skipped["reason"].as_str().unwrap().is_empty(), "{done}");
    // Built: the first start leads to the search, which answers.
    let (status, location, _) = get(addr, "/start");
    assert_eq!((status, location.as_str()), (303, "/"));
    // The search page says what the run read, and where the files not
    // read are listed, with why.
    let (_, _, search) = get(addr, "/");
    assert!(
        search.contains("共读取 405 篇讲话") && search.contains("1 个文件未能读取"),
        "{search}"
    );
    let (_, _, listed) = get(addr, "/index");
    assert!(listed.contains("坏.docx"), "{listed}");
    let hits = json(&get(addr, &format!("/api/search?q={}", enc("密切联系群众"))).2);
    assert!(hits["total"].as_u64().unwrap() > 0, "{hits}");
    assert!(
        data.join("meta.json").is_file(),
        "the per-user index is on disk"
    );

    // 索引状态 shows the settings and changes the folders.
    let (status, _, stats) = get(addr, "/stats");
    assert_eq!(status, 200);
    for shown in [
        "索引位置",
        &data.to_string_lossy(),
        "网页地址",
        &format!("http://{addr}"),
        "界面语言",
        &corpus.to_string_lossy(),
        "添加文件夹",
        "重建索引",
        "移除",
    ] {
        assert!(stats.contains(shown), "{shown}: {stats}");
    }
    let other = home.join("其他");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("一篇.txt"), &seeds()[0].1).unwrap();
    let (status, location, _) = post(addr, "/index", &[("add", &other.to_string_lossy())]);
    assert_eq!((status, location.as_str()), (303, "/index"));
    assert_eq!(wait_for_run(addr)["failed"], false);
    let folders = json(&get(addr, "/api/stats").2)["folders"].clone();
    assert_eq!(folders.as_array().unwrap().len(), 2, "{folders}");
    let (status, _, _) = post(addr, "/index", &[("remove", &other.to_string_lossy())]);
    assert_eq!(status, 303);
    assert_eq!(wait_for_run(addr)["failed"], false);
    let folders = json(&get(addr, "/api/stats").2)["folders"].clone();
    assert_eq!(folders.as_array().unwrap().len(), 1, "{folders}");
    let (status, _, page) = post(addr, "/index", &[("add", "/没有这个文件夹")]);
    assert_eq!(status, 400);
    assert!(page.contains("找不到这个文件夹"));
    // The browser of 索引状态 refuses the same places.
    let (status, _, _) = get(
        addr,
        &format!("/folders?dir={}", enc(&outside.to_string_lossy())),
    );
    assert_eq!(status, 403);
    let (status, _, page) = get(
        addr,
        &format!("/folders?dir={}", enc(&home.to_string_lossy())),
    );
    assert_eq!(status, 200);
    assert!(
        page.contains("添加这个文件夹") && page.contains("讲话"),
        "{page}"
    );

    // 关闭 renda: from the page's own origin only; then the server ends.
    assert!(stats.contains(r#"action="/quit""#));
    let (status, _, _) = request(addr, "POST", "/quit", Some("http://evil.example"), "");
    assert_eq!(status, 403);
    let (status, _, page) = post(addr, "/quit", &[]);
    assert_eq!(status, 200);
    assert!(page.contains("renda 已关闭"), "{page}");
    let mut server = server;
    let ended = wait_until(Duration::from_secs(10), || {
        server.child.try_wait().ok().flatten()
    });
    assert!(
        ended.is_some_and(|s| s.success()),
        "the server ends: {ended:?}"
    );
}

fn wait_until<T>(within: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    while start.elapsed() < within {
        if let Some(v) = f() {
            return Some(v);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn a_network_address_offers_no_first_start_and_no_folder_browser() {
    let (home, corpus, _) = home_with_speeches("first-start-network", 0);
    let server = serve(&home, &["--bind", "0.0.0.0"], &[]);
    let addr = &server.addr;
    let (status, _, page) = get(addr, "/start");
    assert_eq!(status, 200);
    assert!(page.contains("不能从网页建立索引"), "{page}");
    assert!(
        !page.contains("<form") && !page.contains("讲话</a>"),
        "nothing offered: {page}"
    );
    for target in [
        "/api/folders".to_string(),
        format!("/api/folders?dir={}", enc(&home.to_string_lossy())),
    ] {
        let (status, _, body) = get(addr, &target);
        assert_eq!(status, 404, "{target}: {body}");
    }
    let (status, _, body) = post(addr, "/api/start", &[("folder", &corpus.to_string_lossy())]);
    assert_eq!(status, 403, "{body}");
    assert!(
        json(&body)["error"]
            .as_str()
            .unwrap()
            .contains("--allow-index")
    );
    let (status, _, page) = post(addr, "/quit", &[]);
    assert_eq!(status, 403);
    assert!(page.contains("不能从网页关闭"), "{page}");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!home.join(".local/share/renda").exists(), "nothing built");
}

#[test]
fn index_and_renda_index_win_over_the_per_user_index() {
    let (home, corpus, _) = home_with_speeches("first-start-explicit", 0);
    let index = home.parent().unwrap().join("elsewhere");
    common::index_folder(&corpus, &index);
    for (args, env) in [
        (vec!["--index", index.to_str().unwrap()], vec![]),
        (vec![], vec![("RENDA_INDEX", index.to_str().unwrap())]),
    ] {
        let server = serve(&home, &args, &env);
        let stats = json(&get(&server.addr, "/api/stats").2);
        assert_eq!(stats["speeches"], 5, "{args:?} {env:?}: {stats}");
        let (_, _, page) = get(&server.addr, "/stats");
        assert!(page.contains(&*std::fs::canonicalize(&index).unwrap().to_string_lossy()));
    }
    assert!(!home.join(".local/share/renda").exists());
    // The other commands still use index/ in the current folder.
    let out = common::run_renda(&home, &["stats"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::err_text(&out).contains("no index here"));
}

/// `renda serve --open` (how a double click or the launcher starts it) on
/// a port another program holds opens the page on a free port instead and
/// says so; without `--open` the taken port is an error naming it.
#[test]
fn a_taken_port_opens_the_page_on_a_free_one_when_asked_to_open_it() {
    let home = scratch_dir("taken-port");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    // A browser that writes down the address it is asked to open.
    let bin = home.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let opened = home.join("opened.txt");
    for name in ["xdg-open", "open"] {
        let script = bin.join(name);
        std::fs::write(
            &script,
            format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let mut cmd = renda_command(&home);
    cmd.env("RENDA_LANG", "zh")
        .env("HOME", &home)
        .env("PATH", &path)
        .args(["serve", "--open", "--port", &port])
        .stderr(std::process::Stdio::piped());
    let mut server = common::http::start(&mut cmd);
    assert_ne!(
        server.port.to_string(),
        port,
        "a free port, not the taken one"
    );
    let (status, _, _) = get(&server.addr, "/");
    assert!(status == 200 || status == 303, "the page answers: {status}");
    let url = wait_until(Duration::from_secs(10), || {
        std::fs::read_to_string(&opened)
            .ok()
            .filter(|s| !s.trim().is_empty())
    })
    .expect("the browser is asked to open the page");
    assert_eq!(url.trim(), format!("http://{}", server.addr));
    server.child.kill().unwrap();
    let mut said = String::new();
    server
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut said)
        .unwrap();
    assert!(
        said.contains(&format!(
            "端口 {port} 已被其他程序占用，改用端口 {}",
            server.port
        )),
        "{said}"
    );

    // Without --open, the port asked for is the port meant: an error.
    let out = common::output(
        renda_command(&home)
            .env("RENDA_LANG", "zh")
            .env("HOME", &home)
            .args(["serve", "--port", &port]),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("这个端口已被其他程序占用"), "{err}");
    drop(taken);
}

/// An index an earlier renda wrote at the per-user place (another index
/// format): the page says so and builds it anew from the folder chosen,
/// rather than the server stopping with a message a double-click never
/// shows.
#[test]
fn an_index_of_an_earlier_renda_is_built_anew_from_the_page() {
    let (home, corpus, _) = home_with_speeches("stale-start", 0);
    let home = std::fs::canonicalize(home).unwrap();
    let corpus = std::fs::canonicalize(corpus).unwrap();
    let data = home.join(".local/share/renda/index");
    let out = renda_command(&home)
        .args([
            "index".as_ref(),
            corpus.as_os_str(),
            "--index".as_ref(),
            data.as_os_str(),
            "-q".as_ref(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // As an earlier renda would have left it.
    let meta = data.join("meta.json");
    let ours = format!("\\\"renda_index\\\":{}", renda_core::index::FORMAT);
    let text = std::fs::read_to_string(&meta).unwrap();
    assert!(text.contains(&ours), "{text}");
    std::fs::write(&meta, text.replace(&ours, "\\\"renda_index\\\":1")).unwrap();

    let server = serve(&home, &[], &[]);
    let addr = &server.addr;
    let (status, _, page) = get(addr, "/start");
    assert_eq!(status, 200);
    assert!(page.contains("旧版本的 renda"), "{page}");
    let (status, _, body) = post(addr, "/start", &[("folder", &corpus.to_string_lossy())]);
    assert!(status == 303 || status == 200, "{status}: {body}");
    let run = wait_for_run(addr);
    assert_eq!(run["failed"], false, "{run}");
    assert_eq!(run["speeches"], 5, "{run}");
    let (status, _, body) = get(addr, &format!("/api/search?q={}", enc("密切联系群众")));
    assert_eq!(status, 200, "{body}");
    assert!(json(&body)["total"].as_u64().unwrap() > 0, "{body}");
    let text = std::fs::read_to_string(&meta).unwrap();
    assert!(text.contains(&ours), "rebuilt in this renda's format");
}
