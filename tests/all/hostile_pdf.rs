//! PDFs that fight back: drawings that draw themselves, page trees and
//! cross-reference chains that loop, brackets nested a hundred thousand
//! deep, streams that inflate to gigabytes, pages of millions of drawing
//! operators, millions of characters of text. Each is generated here, put
//! in a folder beside a seed speech and indexed: the run ends with status
//! 0, the file is skipped with its name and the reason, the seed is
//! indexed, and no run takes 1 GiB.

use crate::common;

use common::{children_max_rss, run_within};

use std::time::Instant;

use common::{err_text, out_text, pdf_with, renda_command, seeds, write};

// ------------------------------------------------------------ making PDFs

fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    pdf_with(objects, "")
}

fn obj(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

/// A stream object: `dict` (without `/Length`) and its data.
fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// `data` deflated (zlib), as a FlateDecode stream holds it.
fn deflate(data: impl IntoIterator<Item = Vec<u8>>) -> Vec<u8> {
    use std::io::Write as _;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    for chunk in data {
        z.write_all(&chunk).unwrap();
    }
    z.finish().unwrap()
}

/// `chunk` `times` over, in pieces of about a megabyte (never whole in
/// memory).
fn repeated(chunk: &str, times: usize) -> impl Iterator<Item = Vec<u8>> + '_ {
    let per = ((1 << 20) / chunk.len().max(1)).max(1);
    (0..times.div_ceil(per)).map(move |i| chunk.repeat(per.min(times - i * per)).into_bytes())
}

const CATALOG: &str = "<< /Type /Catalog /Pages 2 0 R >>";
const PAGES: &str = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
const FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/// A one-page PDF: the page (object 3) with `resources` (its font is
/// object 4) draws `content` (object 5); `more` are objects 6, 7, ….
fn one_page(resources: &str, content: &[u8], more: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objects = vec![
        obj(CATALOG),
        obj(PAGES),
        obj(&format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> {resources} >> /Contents 5 0 R >>"
        )),
        obj(FONT),
        stream("", content),
    ];
    objects.extend(more);
    pdf(&objects)
}

const HELLO: &[u8] = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET\n";

fn with_hello(rest: &str) -> Vec<u8> {
    let mut c = HELLO.to_vec();
    c.extend_from_slice(rest.as_bytes());
    c
}

const FORM: &str = "/Type /XObject /Subtype /Form /BBox [0 0 595 842]";

/// A form (Form XObject) that draws itself (the 783-byte file of the
/// report), directly.
fn form_draws_itself() -> Vec<u8> {
    one_page(
        "/XObject << /X1 6 0 R >>",
        &with_hello("/X1 Do\n"),
        vec![stream(
            &format!("{FORM} /Resources << /XObject << /X1 6 0 R >> >>"),
            b"q /X1 Do Q\n",
        )],
    )
}

/// Two forms that draw each other; the first has no resources of its own
/// and finds the second through the page's.
fn forms_draw_each_other() -> Vec<u8> {
    one_page(
        "/XObject << /A 6 0 R /B 7 0 R >>",
        &with_hello("/A Do\n"),
        vec![
            stream(FORM, b"/B Do\n"),
            stream(
                &format!("{FORM} /Resources << /XObject << /A 6 0 R >> >>"),
                b"/A Do\n",
            ),
        ],
    )
}

/// A chain of `n` forms, each drawing the next.
fn forms_nested(n: usize) -> Vec<u8> {
    let more = (0..n)
        .map(|i| {
            let id = 6 + i;
            if i + 1 < n {
                stream(
                    &format!("{FORM} /Resources << /XObject << /N {} 0 R >> >>", id + 1),
                    b"/N Do\n",
                )
            } else {
                stream(
                    &format!("{FORM} /Resources << /Font << /F1 4 0 R >> >>"),
                    HELLO,
                )
            }
        })
        .collect();
    one_page("/XObject << /N 6 0 R >>", &with_hello("/N Do\n"), more)
}

/// A page tree whose node lists itself among its kids.
fn page_tree_loop() -> Vec<u8> {
    pdf(&[
        obj(CATALOG),
        obj("<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"),
        obj(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        ),
        obj(FONT),
        stream("", HELLO),
    ])
}

/// A page whose parent's parent is itself, and which inherits its
/// resources and media box.
fn parent_loop() -> Vec<u8> {
    pdf(&[
        obj(CATALOG),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 6 0 R /Contents 5 0 R >>"),
        obj(FONT),
        stream("", HELLO),
        obj("<< /Type /Pages /Parent 6 0 R /Kids [3 0 R] /Count 1 >>"),
    ])
}

/// A cross-reference table whose `/Prev` points back to itself.
fn xref_loop() -> Vec<u8> {
    let objects = [
        obj(CATALOG),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        ),
        obj(FONT),
        stream("", HELLO),
    ];
    pdf_with(&objects, "/Prev {xref}")
}

/// `n` brackets inside each other, in the page's dictionary.
fn nested_arrays_in_the_page(n: usize) -> Vec<u8> {
    let nested = format!("{}{}", "[".repeat(n), "]".repeat(n));
    pdf(&[
        obj(CATALOG),
        obj(PAGES),
        obj(&format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R /Annots {nested} >>"
        )),
        obj(FONT),
        stream("", HELLO),
    ])
}

/// `n` brackets inside each other in the page's drawing, and `n` strings
/// inside each other in its font's CMap.
fn nested_in_streams(n: usize, in_cmap: bool) -> Vec<u8> {
    let nested = if in_cmap {
        format!("{}{}", "(".repeat(n), ")".repeat(n))
    } else {
        format!("{}{}", "[".repeat(n), "]".repeat(n))
    };
    if in_cmap {
        pdf(&[
            obj(CATALOG),
            obj(PAGES),
            obj(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            ),
            obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"),
            stream("", HELLO),
            stream(
                "",
                format!("/CIDInit /ProcSet findresource begin {nested} end").as_bytes(),
            ),
        ])
    } else {
        one_page("", &with_hello(&format!("{nested} pop\n")), Vec::new())
    }
}

/// A font whose character map maps every four-byte code (four billion
/// entries, expanded one by one by the CMap parser).
fn cmap_bomb() -> Vec<u8> {
    pdf(&[
        obj(CATALOG),
        obj(PAGES),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"),
        obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"),
        stream("", HELLO),
        stream(
            "",
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange\nendcmap end end\n",
        ),
    ])
}

/// A content stream that inflates to `mib` MiB of blanks.
fn flate_bomb(mib: usize) -> Vec<u8> {
    let data = deflate(repeated(&" ".repeat(1 << 10), mib << 10));
    pdf(&[
        obj(CATALOG),
        obj(PAGES),
        obj(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents [6 0 R 5 0 R] >>",
        ),
        obj(FONT),
        stream("/Filter /FlateDecode", &data),
        stream("", HELLO),
    ])
}

/// An object stream (which the PDF library inflates as it loads the file)
/// that inflates to `mib` MiB.
fn object_stream_bomb(mib: usize) -> Vec<u8> {
    let data =
        deflate(std::iter::once(b"7 0 ".to_vec()).chain(repeated(&" ".repeat(1 << 10), mib << 10)));
    one_page(
        "",
        HELLO,
        vec![stream(
            "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
            &data,
        )],
    )
}

/// A page that shows `chars` characters of text, through a form drawn
/// many times (small on disk, millions of characters drawn).
fn text_bomb(chars: usize) -> Vec<u8> {
    let line = format!("({}) Tj\n", "A".repeat(1000));
    let per_form = 100; // lines of a form
    let draws = chars.div_ceil(1000 * per_form);
    let form = format!("BT /F1 1 Tf {} ET\n", line.repeat(per_form));
    one_page(
        "/XObject << /T 6 0 R >>",
        &with_hello(&"/T Do\n".repeat(draws)),
        vec![stream(
            &format!("{FORM} /Resources << /Font << /F1 4 0 R >> >> /Filter /FlateDecode"),
            &deflate([form.into_bytes()]),
        )],
    )
}

/// A page of `ops` path operators, deflated.
fn path_bomb(ops: usize) -> Vec<u8> {
    let data = deflate(repeated("0 0 m 1 1 l\n", ops / 2));
    pdf(&[
        obj(CATALOG),
        obj(PAGES),
        obj(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents [5 0 R 6 0 R] >>",
        ),
        obj(FONT),
        stream("", HELLO),
        stream("/Filter /FlateDecode", &data),
    ])
}

/// A page that draws a form of `ops` path operators `times` times.
fn path_bomb_through_a_form(ops: usize, times: usize) -> Vec<u8> {
    one_page(
        "/XObject << /P 6 0 R >>",
        &with_hello(&"/P Do\n".repeat(times)),
        vec![stream(
            &format!("{FORM} /Filter /FlateDecode"),
            &deflate(repeated("0 0 m 1 1 l\n", ops / 2)),
        )],
    )
}

// ------------------------------------------------------------ running renda

/// Index a folder of `files` and a seed speech: status 0, the seed
/// indexed, each file skipped with a message that names it and holds its
/// reason; then the peak memory is under 1 GiB. Also `renda parse`,
/// `check` and `similar --file` of each file: status 2 and the reason.
fn index_skips(files: &[(&str, Vec<u8>, &str)]) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("speeches");
    let (name, text) = seeds().remove(0);
    write(&root, &name, &text);
    for (file, bytes, _) in files {
        write(&root, file, bytes);
    }
    let start = Instant::now();
    let out = run_within(tmp.path(), &["index", "speeches", "--index", "index"], 180);
    eprintln!("indexing took {:?}", start.elapsed());
    let err = err_text(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        out_text(&out).starts_with("1 file read: 1 speech"),
        "{}\n{err}",
        out_text(&out)
    );
    for (file, _, reason) in files {
        let line = err
            .lines()
            .find(|l| l.starts_with(&format!("speeches/{file}: ")))
            .unwrap_or_else(|| panic!("no message for {file} in {err}"));
        assert!(line.contains(reason), "{file}: {line}");
    }
    assert_eq!(err.lines().count(), files.len(), "{err}");
    let out = run_within(tmp.path(), &["search", "代表", "--index", "index"], 60);
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    assert!(out_text(&out).contains(&name), "{}", out_text(&out));
    // `parse` of the seed does not read the files beside it.
    let out = run_within(&root, &["parse", &name], 30);
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    assert_eq!(err_text(&out), "");
    // `parse`, and a draft's `check` and `similar --file`, read the file
    // as the index run does: status 2, the file and the reason.
    for (file, _, reason) in files {
        for args in [
            vec!["parse", file],
            vec!["check", file, "--index", "../index"],
            vec!["similar", "--file", file, "--index", "../index"],
        ] {
            let out = run_within(&root, &args, 120);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", err_text(&out));
            assert!(
                err_text(&out).contains(file) && err_text(&out).contains(reason),
                "{args:?}: {}",
                err_text(&out)
            );
        }
    }
    #[cfg(unix)]
    {
        let rss = children_max_rss();
        eprintln!("the most memory a renda run took: {} MiB", rss >> 20);
        assert!(rss < 1 << 30, "{} MiB", rss >> 20);
    }
}

// ------------------------------------------------------------ the classes

#[test]
fn a_drawing_that_draws_itself_is_skipped_and_the_run_goes_on() {
    let itself = form_draws_itself();
    assert!(itself.len() < 1024, "{} bytes", itself.len());
    index_skips(&[
        (
            "itself.pdf",
            itself,
            "damaged .pdf: a drawing (Form XObject) draws itself",
        ),
        ("each_other.pdf", forms_draw_each_other(), "draws itself"),
        (
            "deep.pdf",
            forms_nested(200),
            "drawings (Form XObjects) are nested more than 16 deep",
        ),
    ]);
}

#[test]
fn a_page_tree_or_a_chain_that_loops_is_damaged_not_empty() {
    index_skips(&[
        (
            "tree.pdf",
            page_tree_loop(),
            "damaged .pdf: its page tree loops",
        ),
        (
            "parent.pdf",
            parent_loop(),
            "damaged .pdf: a page's chain of parents loops",
        ),
    ]);
}

#[test]
fn deep_nesting_is_damaged_not_empty() {
    index_skips(&[
        (
            "page.pdf",
            nested_arrays_in_the_page(100_000),
            "damaged .pdf: ",
        ),
        (
            "content.pdf",
            nested_in_streams(100_000, false),
            "damaged .pdf: brackets or strings are nested more than 256 deep",
        ),
        (
            "cmap.pdf",
            nested_in_streams(100_000, true),
            "damaged .pdf: brackets or strings are nested more than 256 deep",
        ),
    ]);
}

#[test]
fn streams_that_inflate_too_far_are_refused_before_they_are_inflated() {
    let bomb = flate_bomb(1024);
    assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
    index_skips(&[
        (
            "bomb.pdf",
            bomb,
            "too large: a stream of the PDF inflates to more than 64 MiB",
        ),
        (
            "objstm.pdf",
            object_stream_bomb(1024),
            "too large: a stream of the PDF inflates to more than 64 MiB",
        ),
    ]);
}

#[test]
fn text_and_drawing_bombs_stop_within_their_bounds() {
    let text = text_bomb(60_000_000);
    let paths = path_bomb(20_000_000);
    let through_form = path_bomb_through_a_form(100_000, 1000);
    for bytes in [&text, &paths, &through_form] {
        assert!(bytes.len() < 1 << 20, "{} bytes", bytes.len());
    }
    index_skips(&[
        (
            "text.pdf",
            text,
            "too large: the PDF holds more than 10000000 characters",
        ),
        ("paths.pdf", paths, "too large: "),
        (
            "cmap.pdf",
            cmap_bomb(),
            "damaged .pdf: a font's character map (ToUnicode) maps more than 1048576 codes",
        ),
        (
            "form.pdf",
            through_form,
            "too large: page 1 of the PDF runs more than 1000000 drawing operations",
        ),
    ]);
}

/// An xref chain that loops is not followed forever; the file is read.
#[test]
fn a_cross_reference_chain_that_loops_is_read_once() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "loop.pdf", xref_loop());
    let out = run_within(tmp.path(), &["parse", "loop.pdf"], 60);
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    assert!(out_text(&out).contains("Hello"), "{}", out_text(&out));
}

/// The same files read in the library: never a panic, never an abort,
/// and the reason in Chinese.
#[test]
fn the_reasons_are_said_in_chinese() {
    let cases = [
        (form_draws_itself(), "图形对象（Form XObject）绘制了它自己"),
        (page_tree_loop(), "页面树有环"),
        (flate_bomb(128), "解压后超过 64 MiB"),
    ];
    for (bytes, want) in cases {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "x.pdf", &bytes);
        let out = renda_command(tmp.path())
            .env("RENDA_LANG", "zh")
            .args(["parse", "x.pdf"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", err_text(&out));
        let err = err_text(&out);
        assert!(err.contains("x.pdf") && err.contains(want), "{err}");
        assert!(!err.contains("draws") && !err.contains("stream"), "{err}");
    }
}

/// `renda serve` re-indexing a folder that has come to hold a drawing that
/// draws itself, loops and deep nesting (which once took the server down
/// with the run): the run ends, counts the files it skipped, indexes the
/// rest, and the server goes on answering.
#[test]
fn renda_serve_re_indexing_such_files_stays_up() {
    use common::http::{get, get_json, serve};
    use std::io::{Read, Write};
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("speeches");
    let mut seeds = seeds();
    let (name, text) = seeds.remove(0);
    write(&root, &name, &text);
    let out = run_within(tmp.path(), &["index", "speeches", "--index", "index"], 120);
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    let server = serve(&tmp.path().join("index"));
    let a = server.addr.as_str();
    let (name, text) = seeds.remove(0);
    write(&root, &name, &text);
    write(&root, "itself.pdf", form_draws_itself());
    write(&root, "each_other.pdf", forms_draw_each_other());
    write(&root, "tree.pdf", page_tree_loop());
    write(&root, "nested.pdf", nested_in_streams(100_000, false));
    let deep = format!(
        "<html><body>{}<p>人大代表</p></body></html>",
        "<b><i>".repeat(50_000)
    );
    write(&root, "deep.html", deep);
    let mut post = std::net::TcpStream::connect(a).unwrap();
    write!(
        post,
        "POST /api/index HTTP/1.1\r\nHost: {a}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    post.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 202"), "{reply}");
    let start = Instant::now();
    let status = loop {
        let st = get_json(a, "/api/index");
        if st["running"] == false {
            break st;
        }
        assert!(
            start.elapsed().as_secs() < 180,
            "the re-index did not end: {st}"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert_eq!(status["failed"], false, "{status}");
    assert_eq!(status["skipped"], 5, "{status}");
    // Each named, with its reason, in the page's language.
    let listed = status["skipped_files"].as_array().unwrap();
    for (file, why) in [
        ("itself.pdf", "绘制了它自己"),
        ("each_other.pdf", "绘制了它自己"),
        ("tree.pdf", "页面树有环"),
        ("nested.pdf", "嵌套超过"),
        ("deep.html", "元素嵌套超过"),
    ] {
        assert!(
            listed
                .iter()
                .any(|f| f["file"].as_str().unwrap().ends_with(file)
                    && f["reason"].as_str().unwrap().contains(why)),
            "{file}: {status}"
        );
    }
    let page = String::from_utf8(get(a, "/index").1).unwrap();
    assert!(
        page.contains("tree.pdf：损坏的 .pdf 文件：页面树有环"),
        "{page}"
    );
    assert!(
        status["result"].as_str().unwrap().contains("索引已更新"),
        "{status}"
    );
    let stats = get_json(a, "/api/stats");
    assert_eq!(stats["speeches"], 2, "{stats}");
    assert_eq!(get(a, "/").0, 200);
}
