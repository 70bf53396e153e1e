//! `renda serve` belongs to the machines it is meant for, and nobody can
//! hold it: a foreign `Host` is refused on every route, slow headers and
//! bodies are cut, a thousand slow connections do not keep it from
//! answering, and work over its time limit stops. Also the words of its
//! errors, and CSV cells that a spreadsheet would take for formulas.

use crate::common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;

use common::http::{Server, enc};
use common::{index_folder, renda_command, run_renda, scratch_dir, seeds_dir};
use serde_json::Value;

/// The header time of `renda serve` (docs/en/serve.md): a connection that has not
/// sent its headers by then is closed.
const HEADER_SECONDS: u64 = 10;
/// The body time of `renda serve` (docs/en/serve.md): a body not received by then
/// gets a 408.
const BODY_SECONDS: u64 = 20;

fn seeds_index() -> &'static PathBuf {
    static SEEDS: OnceLock<PathBuf> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let index = scratch_dir("serve-guard-seeds").join("index");
        index_folder(&seeds_dir(), &index);
        index
    })
}

fn serve(index: &Path, args: &[&str]) -> Server {
    serve_with_files(index, args, None)
}

/// [`serve`], the server allowed at most `files` open files (its soft and
/// hard limit) when given.
fn serve_with_files(index: &Path, args: &[&str], files: Option<u64>) -> Server {
    use std::os::unix::process::CommandExt;
    let mut cmd = renda_command(index.parent().unwrap());
    if let Some(files) = files {
        // SAFETY: setrlimit is async-signal-safe and touches only the child.
        unsafe {
            cmd.pre_exec(move || {
                let lim = libc::rlimit {
                    rlim_cur: files as libc::rlim_t,
                    rlim_max: files as libc::rlim_t,
                };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    common::http::start(
        cmd.env("RENDA_LANG", "zh")
            .arg("serve")
            .arg("--index")
            .arg(index)
            .args(["--port", "0"])
            .args(args)
            .stderr(Stdio::null()),
    )
}

/// An HTTP answer.
struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    fn is_html(&self) -> bool {
        self.head
            .to_ascii_lowercase()
            .contains("content-type: text/html")
    }
}

/// One request over a fresh connection, `host` as its `Host`, and the
/// whole answer (not chunked: the answers read here have a length).
fn http(addr: &str, host: &str, method: &str, target: &str, headers: &str, body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut request = format!(
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    let _ = stream.write_all(&request);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP head in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}

fn is_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Every route, as (method, target).
const ROUTES: [(&str, &str); 24] = [
    ("GET", "/"),
    ("GET", "/?q=%E7%BE%A4%E4%BC%97"),
    ("GET", "/compare?q=%E7%BE%A4%E4%BC%97"),
    ("GET", "/kwic?q=%E7%BE%A4%E4%BC%97"),
    ("GET", "/similar"),
    ("POST", "/similar"),
    ("GET", "/check"),
    ("POST", "/check"),
    ("GET", "/speech/0123456789abcdef"),
    ("GET", "/stats"),
    ("GET", "/index"),
    ("POST", "/index"),
    ("GET", "/related"),
    ("POST", "/related"),
    ("GET", "/export/csv?q=%E7%BE%A4%E4%BC%97"),
    ("GET", "/static/style.css"),
    ("GET", "/api/search?q=%E7%BE%A4%E4%BC%97"),
    ("GET", "/api/compare?q=%E7%BE%A4%E4%BC%97"),
    ("GET", "/api/kwic?q=%E7%BE%A4%E4%BC%97"),
    ("POST", "/api/similar"),
    ("GET", "/api/speech/0123456789abcdef"),
    ("GET", "/api/stats"),
    ("POST", "/api/index"),
    ("GET", "/no-such-page"),
];

#[test]
fn a_foreign_host_is_refused_on_every_route_in_chinese() {
    let server = serve(seeds_index(), &[]);
    let a = server.addr.as_str();
    let port = server.port;
    for (method, target) in ROUTES {
        for host in [
            format!("evil.example:{port}"),
            "evil.example".to_string(),
            format!("127.0.0.1.evil.example:{port}"),
            // The right name on another port is another origin.
            format!("127.0.0.1:{}", port.wrapping_add(1)),
        ] {
            let r = http(a, &host, method, target, "", b"text=abc");
            assert_eq!(r.status, 403, "{method} {target} Host {host}: {}", r.text());
            let message = if target.starts_with("/api/") {
                let v = r.json();
                assert_eq!(v["status"], 403);
                v["error"].as_str().unwrap().to_string()
            } else {
                assert!(r.is_html(), "{method} {target}: {}", r.head);
                r.text()
            };
            assert!(message.contains("拒绝"), "{method} {target}: {message}");
            assert!(message.contains("--allow-host"), "{message}");
            assert!(is_chinese(&message));
            assert!(r.head.contains("nosniff"), "{}", r.head);
        }
    }
    // The loopback names on the server's port are its own.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let r = http(a, &host, "GET", "/api/stats", "", b"");
        assert_eq!(r.status, 200, "{host}: {}", r.text());
        assert_eq!(http(a, &host, "GET", "/", "", b"").status, 200);
    }
    // A re-index asked with the server's own Host, but from another
    // origin, is refused even when the request claims to be same-origin;
    // and none starts.
    let own = format!("127.0.0.1:{port}");
    let r = http(
        a,
        &own,
        "POST",
        "/api/index",
        "Origin: http://evil.example\r\nSec-Fetch-Site: same-origin\r\n",
        b"",
    );
    assert_eq!(r.status, 403, "{}", r.text());
    let r = http(
        a,
        &own,
        "POST",
        "/api/index",
        &format!("Origin: http://evil.example:{port}\r\n"),
        b"",
    );
    assert_eq!(r.status, 403, "{}", r.text());
    let status = http(a, &own, "GET", "/api/index", "", b"").json();
    assert_eq!(status["running"], false, "{status}");
    assert!(status["result"].is_null(), "{status}");
    // A second Host header is a bad request, whichever is the server's.
    for second in ["evil.example", own.as_str()] {
        let r = http(
            a,
            &own,
            "GET",
            "/api/stats",
            &format!("Host: {second}\r\n"),
            b"",
        );
        assert_eq!(r.status, 400, "{second}: {}", r.text());
        assert!(
            r.json()["error"].as_str().unwrap().contains("Host"),
            "{}",
            r.text()
        );
    }
    // A foreign name in the request line is the one the refusal names.
    let r = http(a, &own, "GET", "http://evil.example/api/stats", "", b"");
    assert_eq!(r.status, 403, "{}", r.text());
    let said = r.json()["error"].as_str().unwrap().to_string();
    assert!(
        said.contains("evil.example") && !said.contains(&own),
        "{said}"
    );
}

#[test]
fn a_name_given_with_allow_host_is_answered_too() {
    let server = serve(seeds_index(), &["--allow-host", "renda.office"]);
    let port = server.port;
    let r = http(
        &server.addr,
        &format!("renda.office:{port}"),
        "GET",
        "/api/stats",
        "",
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = http(
        &server.addr,
        &format!("evil.example:{port}"),
        "GET",
        "/api/stats",
        "",
        b"",
    );
    assert_eq!(r.status, 403);
}

/// Read from `stream` until the server closes it; what it sent. Fails if
/// the server keeps it open for `within`.
fn read_until_closed(stream: &mut TcpStream, within: Duration) -> Vec<u8> {
    stream.set_read_timeout(Some(within)).unwrap();
    let deadline = std::time::Instant::now() + within;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return got,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return got,
            // A signal to the test process (another test's child exiting)
            // interrupts the read; the server's time is still counted.
            Err(e)
                if e.kind() == std::io::ErrorKind::Interrupted
                    && std::time::Instant::now() < deadline =>
            {
                let left = deadline.saturating_duration_since(std::time::Instant::now());
                stream
                    .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                    .unwrap();
            }
            Err(e) => panic!(
                "still open after {within:?} ({e}); got {:?}",
                String::from_utf8_lossy(&got)
            ),
        }
    }
}

#[test]
fn slow_headers_and_bodies_are_cut_within_their_stated_times() {
    let server = serve(seeds_index(), &[]);
    let margin = Duration::from_secs(8);
    // A connection that sends nothing.
    let mut silent = TcpStream::connect(&server.addr).unwrap();
    // One that trickles its headers, a byte a second.
    let mut trickle = TcpStream::connect(&server.addr).unwrap();
    let trickler = {
        let mut t = trickle.try_clone().unwrap();
        std::thread::spawn(move || {
            for b in b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
                if t.write_all(&[*b]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        })
    };
    // A POST announcing 100 MB that sends 8 bytes.
    let mut body = TcpStream::connect(&server.addr).unwrap();
    body.write_all(
        format!(
            "POST /api/similar HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000000\r\n\r\ntext=abc",
            server.addr
        )
        .as_bytes(),
    )
    .unwrap();
    let header_time = Duration::from_secs(HEADER_SECONDS) + margin;
    assert!(read_until_closed(&mut silent, header_time).is_empty());
    read_until_closed(&mut trickle, header_time);
    let answer = read_until_closed(&mut body, Duration::from_secs(BODY_SECONDS) + margin);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    let json = &answer[answer.find("\r\n\r\n").unwrap() + 4..];
    let v: Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["status"], 408);
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains(&format!("{BODY_SECONDS} 秒")),
        "{v}"
    );
    let _ = trickler.join();
}

/// Raise this process's limit of open files to what it may (for the
/// client end of many connections).
fn raise_open_files() -> usize {
    // SAFETY: getrlimit and setrlimit only read and write the struct given.
    unsafe {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim);
        lim.rlim_cur = lim.rlim_max.min(65_536);
        libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim);
        lim.rlim_cur as usize
    }
}

/// A thousand connections that never finish their headers, against a
/// server that may open only 512 files: it closes the oldest of them to
/// make room, and answers.
#[test]
fn the_page_answers_while_a_thousand_slow_connections_are_open() {
    let can = raise_open_files();
    let slow = 1000.min(can.saturating_sub(64));
    assert!(slow >= 600, "this machine lets a process open {can} files");
    let server = serve_with_files(seeds_index(), &[], Some(512));
    let mut held = Vec::with_capacity(slow);
    for _ in 0..slow {
        let mut s = TcpStream::connect(&server.addr).unwrap();
        // The server may already have closed it to make room.
        let _ = s.write_all(b"GET / HTTP/1.1\r\nHo");
        held.push(s);
    }
    let host = server.addr.clone();
    for target in ["/api/stats", "/", "/api/search?q=%E7%BE%A4%E4%BC%97"] {
        let r = http(&server.addr, &host, "GET", target, "", b"");
        assert_eq!(r.status, 200, "{target}: {}", r.text());
    }
    // The slow ones are still there, or were closed: none was answered.
    let mut s = held.pop().unwrap();
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut buf = [0u8; 16];
    assert!(!matches!(s.read(&mut buf), Ok(n) if n > 0));
}

#[test]
fn after_timed_out_exports_the_next_query_is_served() {
    let Some(real) = common::real_corpus() else {
        eprintln!("note: the shared corpus is absent; the timed-out export test skips");
        return;
    };
    static REAL: OnceLock<PathBuf> = OnceLock::new();
    let index = REAL.get_or_init(|| {
        let index = scratch_dir("serve-guard-real").join("index");
        index_folder(&real, &index);
        index
    });
    let server = serve(index, &["--time-limit", "1"]);
    // Eight exports of the commonest character at once, each over the
    // limit: more than the server runs at a time.
    let exports: Vec<_> = (0..8)
        .map(|_| {
            let addr = server.addr.clone();
            std::thread::spawn(move || {
                http(&addr, &addr, "GET", "/export/docx?q=%E7%9A%84", "", b"").status
            })
        })
        .collect();
    for e in exports {
        assert_eq!(e.join().unwrap(), 503);
    }
    // Their work stopped with them: the next query has its slot.
    let r = http(&server.addr, &server.addr, "GET", "/api/stats", "", b"");
    assert_eq!(r.status, 200, "{}", r.text());
    let r = http(
        &server.addr,
        &server.addr,
        "GET",
        "/api/search?q=%E4%BA%BA%E5%A4%A7",
        "",
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn too_large_bodies_and_unreadable_paths_are_said_in_chinese_and_in_json_for_json() {
    let server = serve(seeds_index(), &[]);
    let a = server.addr.as_str();
    // 查重 takes 1 MB, says so, and in JSON when JSON was asked for.
    let mut big = b"format=json&text=".to_vec();
    big.extend(std::iter::repeat_n(b'a', 1_500_000));
    let r = http(
        a,
        a,
        "POST",
        "/check",
        "Content-Type: application/x-www-form-urlencoded\r\n",
        &big,
    );
    assert_eq!(r.status, 413);
    let v = r.json();
    assert_eq!(v["status"], 413);
    assert_eq!(v["error"], "提交的内容太大：最多 1 MB");
    let r = http(a, a, "POST", "/check?format=json", "", &big[12..]);
    assert_eq!(r.json()["error"], "提交的内容太大：最多 1 MB");
    let r = http(a, a, "POST", "/check", "", &big[12..]);
    assert_eq!(r.status, 413);
    assert!(r.is_html());
    assert!(
        r.text().contains("提交的内容太大：最多 1 MB"),
        "{}",
        r.text()
    );
    // The other forms take 64 KB.
    let r = http(a, a, "POST", "/api/similar", "", &[b'a'; 100_000]);
    assert_eq!(r.status, 413);
    assert_eq!(r.json()["error"], "提交的内容太大：最多 64 KB");
    // A path that is no text once decoded.
    let r = http(a, a, "GET", "/speech/%c0%ae", "", b"");
    assert_eq!(r.status, 400);
    assert!(r.is_html(), "{}", r.head);
    assert!(r.text().contains("网址无效"), "{}", r.text());
    let r = http(a, a, "GET", "/api/speech/%c0%ae", "", b"");
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("网址无效"));
    let r = http(a, a, "GET", "/export/%ff", "", b"");
    assert_eq!(r.status, 400);
    assert!(r.text().contains("网址无效"), "{}", r.text());
}

#[test]
fn an_address_the_machine_does_not_have_and_a_host_name_that_is_none_are_said_in_chinese() {
    let index = seeds_index();
    let out = renda_command(index.parent().unwrap())
        .env("RENDA_LANG", "zh")
        .args(["serve", "--port", "0", "--bind", "192.0.2.1", "--index"])
        .arg(index)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("无法在 192.0.2.1:0 上启动网页"), "{err}");
    assert!(err.contains("本机没有这个地址"), "{err}");
    assert!(!err.contains("Cannot assign"), "{err}");
    // A host name that is none.
    let out = renda_command(index.parent().unwrap())
        .env("RENDA_LANG", "zh")
        .args([
            "serve",
            "--port",
            "0",
            "--allow-host",
            "http://evil.example/",
            "--index",
        ])
        .arg(index)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--allow-host “http://evil.example/”不是主机名或地址"),
        "{err}"
    );
}

/// A corpus whose paragraphs begin like spreadsheet formulas.
fn formula_corpus() -> (PathBuf, PathBuf) {
    let root = scratch_dir("serve-guard-formulas");
    let corpus = root.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("a.txt"),
        "在全市人大工作会议上的讲话\n\n=SUM(1,2)+cmd|'/C calc'!A0 人大代表要密切联系群众。\n\n-人大代表密切联系群众，@所有人。\n\n@人大代表的履职。\n\n人大代表=人民的代表。\n",
    )
    .unwrap();
    let index = root.join("index");
    index_folder(&corpus, &index);
    (root, index)
}

const FORMULAS: [&str; 3] = [
    "=SUM(1,2)+cmd|'/C calc'!A0 人大代表要密切联系群众。",
    "-人大代表密切联系群众，@所有人。",
    "@人大代表的履职。",
];

/// The cells of a CSV (after its byte-order mark).
fn cells(csv_text: &str) -> Vec<String> {
    let body = csv_text.trim_start_matches('\u{feff}');
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes());
    rd.records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

fn assert_neutral(csv_text: &str, what: &str) {
    let cells = cells(csv_text);
    for f in FORMULAS {
        assert!(
            cells.iter().any(|c| *c == format!("'{f}")),
            "{what}: {f} not quoted in {cells:?}"
        );
    }
    assert!(
        cells.iter().any(|c| c == "人大代表=人民的代表。"),
        "{what}: a cell not beginning like a formula is as it was"
    );
    for c in &cells {
        assert!(
            !c.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{what}: {c}"
        );
    }
}

#[test]
fn csv_cells_that_begin_like_formulas_are_quoted_everywhere_and_nothing_else_changes() {
    let (root, index) = formula_corpus();
    let idx = index.to_str().unwrap();
    // renda search --format csv
    let out = run_renda(
        &root,
        &["search", "人大代表", "--index", idx, "--format", "csv"],
    );
    assert!(out.status.success());
    assert_neutral(&String::from_utf8(out.stdout).unwrap(), "search");
    // renda export -o x.csv
    let file = root.join("x.csv");
    let out = run_renda(
        &root,
        &[
            "export",
            "人大代表",
            "--index",
            idx,
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_neutral(&std::fs::read_to_string(&file).unwrap(), "export");
    // The page's download.
    let server = serve(&index, &[]);
    let r = http(
        &server.addr,
        &server.addr,
        "GET",
        "/export/csv?q=%E4%BA%BA%E5%A4%A7%E4%BB%A3%E8%A1%A8",
        "",
        b"",
    );
    assert_eq!(r.status, 200);
    assert_neutral(&r.text(), "page");
    // JSON Lines, Markdown and JSON keep the text as it is.
    for (format, ext) in [("jsonl", "jsonl"), ("md", "md")] {
        let file = root.join(format!("x.{ext}"));
        let out = run_renda(
            &root,
            &[
                "export",
                "人大代表",
                "--index",
                idx,
                "-o",
                file.to_str().unwrap(),
            ],
        );
        assert!(out.status.success());
        let text = std::fs::read_to_string(&file).unwrap();
        for f in FORMULAS {
            // Markdown escapes its own characters; neither adds a quote.
            let start: String = f.chars().take(4).collect();
            if format == "jsonl" {
                assert!(text.contains(&format!("\"text\":\"{f}\"")), "{f} in {text}");
            }
            assert!(!text.contains(&format!("'{start}")), "{format}: {f}");
        }
    }
    let out = run_renda(
        &root,
        &["search", "人大代表", "--index", idx, "--format", "json"],
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let texts: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["text"].as_str().unwrap())
        .collect();
    for f in FORMULAS {
        assert!(texts.contains(&f), "{f} in {texts:?}");
    }
}

#[test]
fn a_related_word_dropped_on_the_page_is_neither_searched_nor_shown_and_comes_back() {
    let server = serve(seeds_index(), &[]);
    let addr = &server.addr;
    let theme = enc("密切联系群众");
    let all = http(
        addr,
        addr,
        "GET",
        &format!("/api/search?q={theme}"),
        "",
        b"",
    )
    .json();
    let words: Vec<String> = all["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["word"].as_str().unwrap().to_string())
        .collect();
    assert!(words.len() >= 2, "{all}");
    assert!(all["related"][0]["source"].is_string());
    let first = &words[0];
    let page = http(addr, addr, "GET", &format!("/?q={theme}"), "", b"").text();
    // Each word is a chip whose × searches again without it.
    assert!(page.contains(r#"class="chip""#), "{page}");
    assert!(page.contains(&format!("without={}", enc(first))), "{page}");
    let target = format!("/?q={theme}&without={}", enc(first));
    let dropped = http(addr, addr, "GET", &target, "", b"");
    assert_eq!(dropped.status, 200);
    let text = dropped.text();
    assert!(text.contains(&format!("已不检索：{first}")), "{text}");
    assert!(text.contains("恢复"), "{text}");
    let api = http(
        addr,
        addr,
        "GET",
        &format!("/api/search?q={theme}&without={}", enc(first)),
        "",
        b"",
    )
    .json();
    let left: Vec<&str> = api["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["word"].as_str().unwrap())
        .collect();
    assert!(!left.contains(&first.as_str()), "{api}");
    assert_eq!(left.len() + 1, words.len());
}

/// The office's related expressions are read and saved on the page, from
/// its own origin only, and apply from the next search.
#[test]
fn the_offices_related_expressions_are_edited_on_the_page_and_apply_from_the_next_search() {
    let index = scratch_dir("serve-related").join("index");
    index_folder(&seeds_dir(), &index);
    let server = serve(&index, &[]);
    let addr = &server.addr;
    let page = http(addr, addr, "GET", "/related", "", b"");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("现有 0 组"), "{}", page.text());
    assert!(page.text().contains("<textarea"), "loopback: editable");
    let stats = http(addr, addr, "GET", "/stats", "", b"").text();
    assert!(stats.contains(r#"href="/related""#), "{stats}");

    let body = format!(
        "text={}",
        enc("# 本单位\n人大代表履职 代表履职尽责\n孤词\n")
    );
    let form = "Content-Type: application/x-www-form-urlencoded\r\n";
    let foreign = http(
        addr,
        addr,
        "POST",
        "/related",
        &format!("{form}Origin: http://evil.example\r\n"),
        body.as_bytes(),
    );
    assert_eq!(foreign.status, 403, "{}", foreign.text());
    assert!(!index.join("related.txt").exists(), "nothing written");

    let saved = http(
        addr,
        addr,
        "POST",
        "/related",
        &format!("{form}Origin: http://{addr}\r\n"),
        body.as_bytes(),
    );
    assert_eq!(saved.status, 200, "{}", saved.text());
    assert!(saved.text().contains("已保存：共 1 组"), "{}", saved.text());
    assert_eq!(
        std::fs::read_to_string(index.join("related.txt")).unwrap(),
        "# 本单位\n人大代表履职 代表履职尽责\n孤词\n"
    );
    let api = http(
        addr,
        addr,
        "GET",
        &format!("/api/search?q={}", enc("人大代表履职")),
        "",
        b"",
    )
    .json();
    let office: Vec<&Value> = api["related"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["source"] == "office")
        .collect();
    assert_eq!(office.len(), 1, "{api}");
    assert_eq!(office[0]["word"], "代表履职尽责");
}
