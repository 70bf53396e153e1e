//! Integration tests of `renda_core::corpus::walk`: which files are read, which
//! are skipped and why, on trees built in temporary folders.

use crate::common;

use std::fs;

use common::{gb18030, seeds, write};
use renda_core::corpus::{Encoding, Format, LegacyFormat, SkipReason, read_document, walk};

#[test]
fn walk_sorts_reads_and_explains() {
    // What it says is asserted in English.
    renda::i18n::with_lang(renda::i18n::Lang::En, || {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let (_, seed) = seeds().remove(0);
        for name in [
            "b/d/e.md",
            "b/c.txt",
            "a.TXT",
            "z.docx",
            "index/x.txt",
            ".git/x.txt",
        ] {
            write(root, name, &seed);
        }
        for name in [
            "README.md",
            "b/readme.txt",
            "metadata.csv",
            ".hidden.txt",
            "b/.DS_Store",
        ] {
            write(root, name, "doc");
        }
        for name in [
            "old.doc",
            "report.wps",
            "scan.pdf",
            "data.xlsx",
            "notes",
            "letter.rtf",
            "draft.odt",
        ] {
            write(root, name, "x");
        }
        let found = walk(root, &[root.join("index")]).unwrap();

        let rels: Vec<&str> = found.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "a.TXT",
                "b/c.txt",
                "b/d/e.md",
                "draft.odt",
                "old.doc",
                "report.wps",
                "scan.pdf",
                "z.docx"
            ]
        );
        assert_eq!(found.files[7].format, Format::Docx);
        assert_eq!(
            (
                found.files[3].format,
                found.files[4].format,
                found.files[5].format,
                found.files[6].format
            ),
            (Format::Odt, Format::Doc, Format::Wps, Format::Pdf)
        );
        assert_eq!(found.files[1].path, root.join("b").join("c.txt"));
        assert_eq!(found.files[1].size, seed.len() as u64);
        assert_eq!(found.ignored, 3);

        let skipped: Vec<(&str, &str)> = found
            .skipped
            .iter()
            .map(|s| (s.rel.as_str(), s.reason.kind()))
            .collect();
        assert_eq!(
            skipped,
            [
                ("data.xlsx", "unsupported type"),
                ("letter.rtf", "legacy format"),
                ("notes", "unsupported type"),
            ]
        );
        let rtf = found.skipped[1].to_string();
        assert!(rtf.ends_with(&SkipReason::Legacy(LegacyFormat::Rtf).to_string()));
        assert!(
            rtf.contains("letter.rtf: RTF document") && rtf.contains("save it as .docx"),
            "{rtf}"
        );
        assert_eq!(
            found.skipped[0].reason.to_string(),
            "unsupported file type .xlsx"
        );
        // Files that only claim to be .doc, .wps or .pdf say what they are not.
        let doc = read_document(&root.join("old.doc")).unwrap_err();
        assert_eq!(doc.kind(), "damaged file");
        assert!(doc.to_string().contains("not a Word document"), "{doc}");
        assert_eq!(
            read_document(&root.join("report.wps")),
            Err(SkipReason::Legacy(LegacyFormat::OldWps))
        );
        assert!(
            LegacyFormat::OldWps
                .to_string()
                .contains("WPS 2000 or older"),
            "{}",
            LegacyFormat::OldWps
        );
        let odt = read_document(&root.join("draft.odt")).unwrap_err();
        assert!(odt.to_string().starts_with("damaged .odt: "), "{odt}");
        let pdf = read_document(&root.join("scan.pdf")).unwrap_err();
        assert_eq!(pdf.to_string(), "damaged .pdf: no PDF header");
    })
}

#[test]
fn walk_root_must_be_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("没有这个目录");
    let err = walk(&missing, &[]).unwrap_err();
    assert!(err.to_string().contains("没有这个目录"), "{err}");
    let file = write(dir.path(), "a.txt", "x");
    assert!(walk(&file, &[]).unwrap_err().to_string().contains("a.txt"));
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_not_followed() {
    // What it says is asserted in English.
    renda::i18n::with_lang(renda::i18n::Lang::En, || {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "sub/a.txt", "文本");
        std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("sub/a.txt"), root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("gone.txt"), root.join("dangling.txt")).unwrap();
        let found = walk(root, &[]).unwrap();
        let rels: Vec<&str> = found.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["link.txt", "sub/a.txt"]);
        let skipped: Vec<(&str, &str)> = found
            .skipped
            .iter()
            .map(|s| (s.rel.as_str(), s.reason.kind()))
            .collect();
        assert_eq!(
            skipped,
            [("dangling.txt", "unreadable"), ("sub/loop", "symlink loop")]
        );
        assert_eq!(found.skipped[1].reason.to_string(), "symlink loop");
    })
}

#[cfg(unix)]
#[test]
fn links_out_of_the_folder_are_reported_not_followed_unless_asked() {
    use renda_core::corpus::walk_links;
    renda::i18n::with_lang(renda::i18n::Lang::En, || {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        write(&root, "a/speech.txt", "文本");
        let secret = write(dir.path(), "elsewhere/passwd.txt", "root:x:0:0");
        std::os::unix::fs::symlink(&secret, root.join("a/passwd.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), root.join("out")).unwrap();
        // A link to a link out leads out too.
        std::os::unix::fs::symlink(root.join("a/passwd.txt"), root.join("again.txt")).unwrap();
        // Links within the folder keep working, relative ones too.
        std::os::unix::fs::symlink("a/speech.txt", root.join("inside.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("a"), root.join("same")).unwrap();
        let found = walk(&root, &[]).unwrap();
        let rels: Vec<&str> = found.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a/speech.txt", "inside.txt", "same/speech.txt"]);
        let skipped: Vec<(&str, &str)> = found
            .skipped
            .iter()
            .map(|s| (s.rel.as_str(), s.reason.kind()))
            .collect();
        assert_eq!(
            skipped,
            [
                ("a/passwd.txt", "link outside"),
                ("again.txt", "link outside"),
                ("out", "link outside"),
                ("same/passwd.txt", "link outside"),
            ]
        );
        assert!(
            found.skipped[0]
                .reason
                .to_string()
                .contains("--follow-links"),
            "{}",
            found.skipped[0].reason
        );
        // Asked to, the walk follows them.
        let all = walk_links(&root, &[], true).unwrap();
        let rels: Vec<&str> = all.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "a/passwd.txt",
                "a/speech.txt",
                "again.txt",
                "inside.txt",
                "out/passwd.txt",
                "same/passwd.txt",
                "same/speech.txt"
            ]
        );
        assert!(all.skipped.is_empty(), "{:?}", all.skipped);
    })
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let file = write(root, "locked.txt", "文本");
    write(root, "closed/inner.txt", "文本");
    let closed = root.join("closed");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(&closed, fs::Permissions::from_mode(0o000)).unwrap();
    let privileged = fs::read(&file).is_ok();

    let found = walk(root, &[]);
    let doc = read_document(&file);
    fs::set_permissions(&closed, fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();

    let found = found.unwrap();
    if privileged {
        println!(
            "note: running with privileges that ignore permissions; unreadable checks skipped"
        );
        assert_eq!(doc.unwrap().text, "文本");
        return;
    }
    let err = doc.unwrap_err();
    assert_eq!(err.kind(), "unreadable");
    assert!(err.to_string().starts_with("cannot read: "), "{err}");
    assert!(
        found
            .skipped
            .iter()
            .any(|s| s.rel == "closed" && s.reason.kind() == "unreadable"),
        "{:?}",
        found.skipped
    );
}

#[cfg(unix)]
#[test]
fn non_utf8_file_names_are_walked() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"\xD6\xD0\xCE\xC4-gbk.txt");
    let path = dir.path().join(name);
    fs::write(&path, gb18030("中文文件名")).unwrap();
    let found = walk(dir.path(), &[]).unwrap();
    assert_eq!(found.files.len(), 1);
    assert_eq!(found.files[0].path, path);
    // A name in GBK reads as GBK.
    assert_eq!(found.files[0].rel, "中文-gbk.txt");
    let doc = read_document(&found.files[0].path).unwrap();
    assert_eq!(
        (doc.text.as_str(), doc.encoding),
        ("中文文件名", Some(Encoding::Gb18030))
    );
}
