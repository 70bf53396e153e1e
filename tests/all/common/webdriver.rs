//! A headless Chromium driven over the W3C WebDriver protocol by
//! `chromedriver`, for the tests that use the page as a person would.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The key under which WebDriver returns an element reference.
pub const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// One headless Chromium session, ended and its driver stopped on drop.
pub struct Browser {
    driver: Child,
    addr: String,
    session: String,
    /// The window's size when it is not taking a screenshot.
    width: u64,
    height: u64,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = exchange(
            &self.addr,
            "DELETE",
            &format!("/session/{}", self.session),
            &[],
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Wait until `ready` holds, at most `secs` seconds, naming `what` if it
/// never does.
pub fn wait_for<T>(what: &str, secs: u64, mut ready: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = ready() {
            return v;
        }
        assert!(
            start.elapsed() < Duration::from_secs(secs),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl Browser {
    /// A headless Chromium with a window `width` × `height` pixels that
    /// saves downloads in `downloads`, or why there is none.
    pub fn start(downloads: &Path, width: u64, height: u64) -> Result<Browser, String> {
        let chromium = on_path(&["chromium", "chromium-browser", "google-chrome"])
            .ok_or("no chromium on PATH")?;
        let chromedriver = on_path(&["chromedriver"]).ok_or("no chromedriver on PATH")?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        // The browser's language is set below (`--lang`); its locale is
        // one that is always there, whatever the tests run under.
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANGUAGE")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run {chromedriver:?}: {e}"))?;
        let addr = format!("127.0.0.1:{port}");
        let mut browser = Browser {
            driver,
            addr,
            session: String::new(),
            width,
            height,
        };
        let start = Instant::now();
        while std::net::TcpStream::connect(&browser.addr).is_err() {
            if start.elapsed() > Duration::from_secs(20) {
                return Err("chromedriver did not start listening".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", &format!("--window-size={width},{height}"),
                         "--lang=zh-CN"],
                "prefs": {
                    "download.default_directory": downloads,
                    "download.prompt_for_download": false,
                    "intl.accept_languages": "zh-CN,zh",
                },
            },
        }}});
        let reply = browser.call("POST", "/session", caps)?;
        browser.session = reply["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no session: {reply}"))?
            .to_string();
        Ok(browser)
    }

    /// One WebDriver command; its `value`, or the driver's error.
    pub fn call(&self, method: &str, path: &str, body: Value) -> Result<Value, String> {
        let body = if method == "POST" {
            body.to_string().into_bytes()
        } else {
            Vec::new()
        };
        let (status, reply) = exchange(&self.addr, method, path, &body)
            .map_err(|e| format!("{method} {path}: {e}"))?;
        let v: Value = serde_json::from_slice(&reply)
            .map_err(|e| format!("{method} {path}: not JSON ({e})"))?;
        let value = v.get("value").cloned().unwrap_or(Value::Null);
        if status != 200 {
            return Err(format!("{method} {path}: {status} {value}"));
        }
        Ok(value)
    }

    pub fn cmd(&self, method: &str, what: &str, body: Value) -> Value {
        let path = format!("/session/{}{what}", self.session);
        self.call(method, &path, body)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", json!({ "url": url }));
    }

    pub fn url(&self) -> String {
        self.cmd("GET", "/url", Value::Null)
            .as_str()
            .unwrap()
            .to_string()
    }

    pub fn find_all(&self, css: &str) -> Vec<String> {
        self.locate("css selector", css)
    }

    /// The first element an XPath selects, once there is one.
    pub fn find_xpath(&self, xpath: &str) -> String {
        wait_for(xpath, 30, || self.locate("xpath", xpath).into_iter().next())
    }

    pub fn locate(&self, using: &str, selector: &str) -> Vec<String> {
        self.cmd(
            "POST",
            "/elements",
            json!({"using": using, "value": selector}),
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e[ELEMENT].as_str().unwrap().to_string())
        .collect()
    }

    /// The first element `css` selects, once there is one.
    pub fn find(&self, css: &str) -> String {
        wait_for(css, 30, || self.find_all(css).into_iter().next())
    }

    pub fn click(&self, element: &str) {
        self.cmd("POST", &format!("/element/{element}/click"), json!({}));
    }

    pub fn type_in(&self, element: &str, text: &str) {
        self.cmd("POST", &format!("/element/{element}/clear"), json!({}));
        self.cmd(
            "POST",
            &format!("/element/{element}/value"),
            json!({ "text": text }),
        );
    }

    /// The text of every element `css` selects, in the page's order.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.find_all(css).iter().map(|e| self.text(e)).collect()
    }

    pub fn text(&self, element: &str) -> String {
        self.cmd("GET", &format!("/element/{element}/text"), Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn property(&self, element: &str, name: &str) -> Value {
        self.cmd(
            "GET",
            &format!("/element/{element}/property/{name}"),
            Value::Null,
        )
    }

    pub fn displayed(&self, element: &str) -> bool {
        self.cmd("GET", &format!("/element/{element}/displayed"), Value::Null)
            .as_bool()
            .unwrap_or(false)
    }

    pub fn script(&self, script: &str) -> Value {
        self.script_with(script, json!([]))
    }

    pub fn script_with(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": args}),
        )
    }

    /// Save what the window shows, the whole page tall (at most
    /// `max_height` pixels), as a PNG.
    pub fn screenshot(&self, path: &Path, max_height: u64) {
        let height = self
            .script("return document.documentElement.scrollHeight")
            .as_u64()
            .unwrap_or(self.height)
            .clamp(500, max_height);
        self.cmd(
            "POST",
            "/window/rect",
            json!({"width": self.width, "height": height + 140}),
        );
        let png = self.cmd("GET", "/screenshot", Value::Null);
        let png = base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD,
            png.as_str().unwrap(),
        )
        .expect("a base64 screenshot");
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        std::fs::write(path, png).unwrap();
        self.cmd(
            "POST",
            "/window/rect",
            json!({"width": self.width, "height": self.height}),
        );
    }
}

/// One HTTP/1.1 request to the driver, which keeps connections open: the
/// answer is read to its `Content-Length`.
fn exchange(addr: &str, method: &str, path: &str, body: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = None;
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut out = Vec::new();
    match length {
        Some(n) => {
            out.resize(n, 0);
            reader.read_exact(&mut out)?;
        }
        None => {
            reader.read_to_end(&mut out)?;
        }
    }
    Ok((status, out))
}
