//! An export of every paragraph of a large index to Word: the `.docx` is
//! written as it goes, so its peak memory stays near a CSV's (it once took
//! 4.7 GB for 322,917 paragraphs). Alone in its test binary, so that the
//! peak memory of its children is its own.

use crate::common;

#[cfg(unix)]
use common::children_max_rss;
use common::{err_text, run_within, write};
use std::io::Read;

/// Four files of 45,000 paragraphs each that all hold 代表.
fn large_corpus(root: &std::path::Path) {
    const CHARS: &[char] = &[
        '人', '民', '代', '表', '大', '会', '常', '务', '委', '员', '监', '督', '工', '作', '法',
        '律', '制', '度', '建', '设', '发', '展', '改', '革', '经', '济', '社', '民', '生', '保',
    ];
    let mut rng = 1u64;
    for f in 0..4 {
        let mut text = String::from("在人大工作会议上的讲话\n");
        for i in 0..45_000 {
            text.push_str("代表");
            for _ in 0..30 {
                rng = rng
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push(CHARS[(rng >> 33) as usize % CHARS.len()]);
            }
            text.push_str(&format!("{i}\n"));
        }
        write(root, &format!("speeches/{f}.txt"), text);
    }
}

#[test]
fn a_docx_export_of_180000_paragraphs_takes_no_more_memory_than_a_csv_export() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    large_corpus(root);
    let out = run_within(root, &["index", "speeches", "--index", "index", "-q"], 300);
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    let out = run_within(
        root,
        &["export", "代表", "--index", "index", "-o", "all.csv"],
        300,
    );
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    #[cfg(unix)]
    let csv_peak = children_max_rss();
    let out = run_within(
        root,
        &["export", "代表", "--index", "index", "-o", "all.docx"],
        300,
    );
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    // Every paragraph is in the document.
    let file = std::fs::File::open(root.join("all.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    for i in [0, 17_771, 44_999] {
        assert!(xml.contains(&format!("{i}</w:t>")), "paragraph {i}");
    }
    assert!(xml.matches("<w:p>").count() + xml.matches("<w:p ").count() >= 180_000);
    #[cfg(unix)]
    {
        let peak = children_max_rss();
        eprintln!(
            "peak memory: index and CSV {} MiB, all with the .docx {} MiB",
            csv_peak >> 20,
            peak >> 20
        );
        assert!(peak < 512 << 20, "{} MiB", peak >> 20);
        assert!(
            peak <= csv_peak.max(1) * 2,
            "{} MiB against {} MiB",
            peak >> 20,
            csv_peak >> 20
        );
    }
}
