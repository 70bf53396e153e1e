//! One way to start `renda serve` on a free port and ask it things.

use std::io::{BufRead, Read, Write};
use std::path::Path;

/// A running `renda serve`, stopped when dropped.
pub struct Server {
    pub child: std::process::Child,
    /// `HOST:PORT` to connect to (loopback for a server on every address).
    pub addr: String,
    /// The host it said it listens on.
    pub host: String,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `renda serve --index INDEX --port 0`, once it says where it listens.
pub fn serve(index: &Path) -> Server {
    start(
        super::renda_command(index.parent().unwrap())
            .env("RENDA_LANG", "zh")
            .args(["serve", "--index", index.to_str().unwrap(), "--port", "0"])
            .stderr(std::process::Stdio::null()),
    )
}

/// Start `cmd`, a `renda serve … --port 0` in Chinese (its stdout is
/// piped here), once it says where it listens.
pub fn start(cmd: &mut std::process::Command) -> Server {
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run renda serve");
    let url = listening(&mut child);
    let (host, port) = url.rsplit_once(':').expect("host:port");
    // A server on every address answers on loopback too.
    let reach = if host == "0.0.0.0" { "127.0.0.1" } else { host };
    Server {
        addr: format!("{reach}:{port}"),
        host: host.to_string(),
        port: port.parse().expect("port"),
        child,
    }
}

/// Where a `renda serve` started with a piped stdout listens: the
/// `HOST:PORT` of its first line, `在浏览器中打开 http://HOST:PORT`.
pub fn listening(child: &mut std::process::Child) -> String {
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    line.trim()
        .strip_prefix("在浏览器中打开 http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string()
}

/// GET `target`: the status and the body (de-chunked).
pub fn get(addr: &str, target: &str) -> (u16, Vec<u8>) {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, body)
}

/// GET `target`, which must answer 200 with JSON.
pub fn get_json(addr: &str, target: &str) -> serde_json::Value {
    let (status, body) = get(addr, target);
    assert_eq!(status, 200, "{target}: {}", String::from_utf8_lossy(&body));
    serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{target}: {e}"))
}

/// GET `target`, which must answer 200: the body as text.
pub fn get_text(addr: &str, target: &str) -> String {
    let (status, body) = get(addr, target);
    assert_eq!(status, 200, "{target}");
    String::from_utf8(body).expect("UTF-8 body")
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line) = body.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&body[..line])
            .ok()
            .and_then(|s| usize::from_str_radix(s.trim(), 16).ok())
            .unwrap_or(0);
        body = &body[line + 2..];
        if size == 0 || size > body.len() {
            break;
        }
        out.extend_from_slice(&body[..size]);
        body = &body[(size + 2).min(body.len())..];
    }
    out
}

/// `text` percent-encoded, every byte.
pub fn enc(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}
