//! Reading files in words: why a file was skipped ([`SkipReason`] and its
//! details), the errors of a corpus folder ([`renda_core::corpus`]).

use super::files::{size, special};
use super::{Lang, Say};
use renda_core::corpus::pdf_check::{
    MAX_CMAP_CODES, MAX_FORM_DEPTH, MAX_NESTING, MAX_TREE_DEPTH, Refusal,
};
use renda_core::corpus::{
    CorpusError, Damage, LegacyFormat, OleKind, SkipReason, Skipped, TooLarge, WordFault,
};
use renda_core::display;
use renda_core::ingest::IngestError;

/// `zh` or `en`, as `lang` is.
fn pick(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
    .to_string()
}

/// A file not used, and why: `跳过：a/b.doc：……`.
pub fn skipped(lang: Lang, path: &str, reason: &str) -> String {
    match lang {
        Lang::Zh => format!("跳过：{path}：{reason}"),
        Lang::En => format!("{path}: {reason}"),
    }
}

impl Say for Skipped {
    fn say(&self, lang: Lang) -> String {
        // The reason may quote the file (a damaged .docx's XML): one line.
        skipped(
            lang,
            &display::path(&self.path),
            &display::escaped(&self.reason.say(lang)),
        )
    }
}

/// How to convert a format renda does not read.
impl Say for LegacyFormat {
    fn say(&self, lang: Lang) -> String {
        const LIBREOFFICE: &str = "libreoffice --headless --convert-to docx";
        match lang {
            Lang::Zh => match self {
                LegacyFormat::Doc => format!(
                    "旧版 Word .doc：请在 Word/WPS 中另存为 .docx，或用 `{LIBREOFFICE}` 转换"
                ),
                LegacyFormat::Wps => {
                    format!("WPS .wps 文档：请在 WPS 中另存为 .docx，或用 `{LIBREOFFICE}` 转换")
                }
                LegacyFormat::Rtf => {
                    format!("RTF 文档：请在 Word/WPS 中另存为 .docx，或用 `{LIBREOFFICE}` 转换")
                }
                LegacyFormat::Odt => {
                    format!("OpenDocument .odt：请另存为 .docx，或用 `{LIBREOFFICE}` 转换")
                }
                LegacyFormat::Pdf => {
                    "PDF：请用 `pdftotext -enc UTF-8 文件.pdf` 提取文字，改为收录 .txt".to_string()
                }
                LegacyFormat::OldWps => {
                    "WPS 2000 或更早的 .wps（其中没有 Word 文字）：请在 WPS 中打开并另存为 .docx"
                        .to_string()
                }
                LegacyFormat::Word6 => format!(
                    "Word 6.0/95 的 .doc（比 Word 97 更早）：请在 Word/WPS 中另存为 .docx，或用 `{LIBREOFFICE}` 转换"
                ),
            },
            Lang::En => match self {
                LegacyFormat::Doc => format!(
                    "legacy Word .doc: save it as .docx (Word/WPS: 另存为 .docx) or convert with `{LIBREOFFICE}`"
                ),
                LegacyFormat::Wps => format!(
                    "WPS .wps document: save it as .docx (WPS: 另存为 .docx) or convert with `{LIBREOFFICE}`"
                ),
                LegacyFormat::Rtf => format!(
                    "RTF document: save it as .docx (Word/WPS: 另存为 .docx) or convert with `{LIBREOFFICE}`"
                ),
                LegacyFormat::Odt => format!(
                    "OpenDocument .odt: save it as .docx (另存为 .docx) or convert with `{LIBREOFFICE}`"
                ),
                LegacyFormat::Pdf => self.to_string(),
                LegacyFormat::OldWps => "WPS 2000 or older .wps (no Word text inside): open it in WPS and save it as .docx (另存为 .docx)".to_string(),
                LegacyFormat::Word6 => format!(
                    "Word 6.0/95 .doc, older than Word 97: save it as .docx (Word/WPS: 另存为 .docx) or convert with `{LIBREOFFICE}`"
                ),
            },
        }
    }
}

/// Why a file was not used, for people.
impl Say for SkipReason {
    fn say(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            SkipReason::Empty => pick(lang, "空文件", "empty file"),
            SkipReason::Binary => pick(lang, "二进制数据，不是文字", "binary data, not text"),
            SkipReason::Legacy(format) => format.say(lang),
            SkipReason::DamagedDocx(detail) => {
                let detail = detail.say(lang);
                if zh {
                    format!("损坏的 .docx：{detail}")
                } else {
                    format!("damaged .docx: {detail}")
                }
            }
            SkipReason::Unsupported(ext) if ext.is_empty() => pick(
                lang,
                "无法识别的文件格式（没有扩展名）",
                "unsupported file type (no extension)",
            ),
            SkipReason::Unsupported(ext) => {
                if zh {
                    format!("无法识别的文件格式 .{ext}")
                } else {
                    format!("unsupported file type .{ext}")
                }
            }
            SkipReason::Unreadable(detail) => {
                let detail = detail.say(lang);
                if zh {
                    format!("无法读取：{detail}")
                } else {
                    format!("cannot read: {detail}")
                }
            }
            SkipReason::SymlinkLoop => pick(lang, "符号链接指回了自己的上级文件夹", "symlink loop"),
            SkipReason::LinkOutside => pick(
                lang,
                "符号链接指向所索引的文件夹之外，未跟随（要跟随，请加 --follow-links）",
                "symbolic link to outside the folder indexed, not followed (add --follow-links to follow it)",
            ),
            SkipReason::NotAFile(what) => {
                if zh {
                    format!("不是普通文件（{}）", special(lang, *what))
                } else {
                    format!("not a regular file ({})", special(lang, *what))
                }
            }
            SkipReason::TooLarge(detail) => {
                let detail = detail.say(lang);
                if zh {
                    format!("太大：{detail}")
                } else {
                    format!("too large: {detail}")
                }
            }
            SkipReason::Undecodable { guess } => {
                if zh {
                    format!("不是 UTF-8、UTF-16 或 GB18030 文字（像是 {guess}）：请另存为 UTF-8")
                } else {
                    format!(
                        "not valid UTF-8, UTF-16 or GB18030 text (looks like {guess}): save it as UTF-8"
                    )
                }
            }
            SkipReason::Changing => pick(
                lang,
                "读取时文件在变动；保存好后再索引",
                "changed while being read; index again once it is saved",
            ),
            SkipReason::Damaged { format, detail } => {
                let detail = detail.say(lang);
                if zh {
                    format!("损坏的 {format} 文件：{detail}")
                } else {
                    format!("damaged {format}: {detail}")
                }
            }
            SkipReason::Encrypted { format } => {
                if zh {
                    format!("加密的 {format} 文件（有密码保护）：请用密码打开，另存一份不加密的")
                } else {
                    format!(
                        "encrypted {format} (password-protected): open it with its password and save a copy without one"
                    )
                }
            }
            SkipReason::NoTextLayer => pick(
                lang,
                "没有文字层（扫描的图片：请先做文字识别 OCR）",
                "no text layer (a scanned image: run OCR first)",
            ),
        }
    }
}

/// What of a file is too large (the detail of "too large").
impl Say for TooLarge {
    fn say(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            TooLarge::File { size: s, limit } => {
                let detail = super::files::larger_than(lang, *s, *limit);
                if zh {
                    format!("文件 {detail}")
                } else {
                    format!("the file is {detail}")
                }
            }
            TooLarge::Input { mib } => {
                if zh {
                    format!("输入超过 {mib} MiB")
                } else {
                    format!("more than {mib} MiB")
                }
            }
            TooLarge::Inflates { part, limit } => {
                let limit = size(lang, *limit);
                if zh {
                    format!("{part} 解压后超过 {limit}")
                } else {
                    format!("{part} inflates to more than {limit}")
                }
            }
            TooLarge::Paragraph { n, limit } => {
                let limit = size(lang, *limit);
                if zh {
                    format!("第 {n} 段超过 renda 一段读取的上限 {limit}")
                } else {
                    format!("paragraph {n} is more than the {limit} renda takes in one paragraph")
                }
            }
            TooLarge::AParagraph { size: s, limit } => {
                let (s, limit) = (size(lang, *s), size(lang, *limit));
                if zh {
                    format!("有一段长 {s}，超过 renda 一段读取的上限 {limit}")
                } else {
                    format!(
                        "a paragraph of {s} is more than the {limit} renda takes in one paragraph"
                    )
                }
            }
            TooLarge::Line { n, size: s, limit } => {
                let (s, limit) = (size(lang, *s), size(lang, *limit));
                if zh {
                    format!("第 {n} 行是一段 {s}，超过 renda 一段读取的上限 {limit}")
                } else {
                    format!(
                        "line {n} is a paragraph of {s}, more than the {limit} renda takes in one paragraph"
                    )
                }
            }
            TooLarge::Text { limit } => {
                let limit = size(lang, *limit);
                if zh {
                    format!("文字超过 renda 从一个文件读取的上限 {limit}")
                } else {
                    format!("more text than the {limit} renda takes from one file")
                }
            }
            TooLarge::Paragraphs { limit } => {
                if zh {
                    format!("段落超过 renda 从一个文件读取的上限 {limit} 段")
                } else {
                    format!("more than the {limit} paragraphs renda takes from one file")
                }
            }
            TooLarge::Elements { limit } => {
                if zh {
                    format!("元素超过 renda 从一个网页读取的上限 {limit} 个")
                } else {
                    format!("more than the {limit} elements renda takes from one page")
                }
            }
            TooLarge::PdfStream { mib } => {
                if zh {
                    format!("PDF 中有一个数据流解压后超过 {mib} MiB")
                } else {
                    format!("a stream of the PDF inflates to more than {mib} MiB")
                }
            }
            TooLarge::PdfStreams { mib } => {
                if zh {
                    format!("PDF 的数据流解压后合计超过 {mib} MiB")
                } else {
                    format!("the streams of the PDF inflate to more than {mib} MiB in all")
                }
            }
            TooLarge::PdfPage { page, max } => {
                if zh {
                    format!("PDF 第 {page} 页的绘图指令超过 {max} 条")
                } else {
                    format!("page {page} of the PDF runs more than {max} drawing operations")
                }
            }
            TooLarge::PdfText { limit } => {
                if zh {
                    format!("PDF 中的文字超过 {limit} 个字符")
                } else {
                    format!("the PDF holds more than {limit} characters")
                }
            }
        }
    }
}

/// What is damaged inside a file. The libraries' own words (a zip or XML
/// error) are English: the English message quotes them, the Chinese one
/// says what they mean.
impl Say for Damage {
    fn say(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Damage::NotZip(_) => "不是可读的 zip 压缩包".into(),
            Damage::NoPart(part) => format!("其中没有 {part}"),
            Damage::PartUnreadable { part, .. } => format!("无法读取其中的 {part}"),
            Damage::BadXml { part, .. } => format!("{part} 不是格式正确的 XML"),
            Damage::NotOle(_) => "不是可读的 OLE 复合文件".into(),
            Damage::NotWordDocument => "不是 Word 文档（其中没有 OLE 复合文件）".into(),
            Damage::OleNotWord(OleKind::Excel) => "这是 Excel 工作簿，不是 Word 文档".into(),
            Damage::OleNotWord(OleKind::PowerPoint) => {
                "这是 PowerPoint 演示文稿，不是 Word 文档".into()
            }
            Damage::NoStream(name) => format!("其中没有 {name} 数据流"),
            Damage::StreamUnreadable { name, .. } => format!("无法读取 {name} 数据流"),
            Damage::Word { table, fault } => {
                let what = word_fault_zh(*fault);
                match table {
                    None => what.to_string(),
                    Some(table) => format!("{table}：{what}"),
                }
            }
            Damage::NotWebArchive => "不是可读的网页存档（MIME）".into(),
            Damage::NoWebPage => "其中没有网页（text/html 部分）".into(),
            Damage::NestedTooDeep(limit) => format!("元素嵌套超过 {limit} 层"),
            Damage::TooSlow(seconds) => format!("{seconds} 秒内未能读完"),
            Damage::StructureBroken(_) => "文件结构损坏".into(),
            Damage::PdfTooLarge { mb, limit_mb } => {
                format!("太大，无法读取（{mb} MB；renda 读取的 PDF 最大 {limit_mb} MB）")
            }
            Damage::NoPdfHeader => "没有 PDF 文件头".into(),
            Damage::NotReadablePdf(_) => "不是可读的 PDF".into(),
            Damage::NoPageReadable => "没有一页能读出来".into(),
            Damage::PdfRefused(r) => pdf_refusal_zh(r),
            Damage::PdfTooSlow(secs) => format!("读取超过 {secs} 秒仍未读完"),
        }
    }
}

fn word_fault_zh(fault: WordFault) -> &'static str {
    match fault {
        WordFault::HeaderShort => "WordDocument 数据流太短，放不下文件头",
        WordFault::NotWordHeader(_) => "WordDocument 数据流开头不是 Word 文件头",
        WordFault::PiecesOutside => "文字片段表在数据流之外",
        WordFault::PiecesCut => "文字片段表不完整",
        WordFault::NoPieces => "没有文字片段表",
        WordFault::PiecesSize => "文字片段表的大小不对",
        WordFault::PiecesOrder => "文字片段表的顺序错乱",
    }
}

/// Why a PDF is refused before it is read (the detail of a damaged file).
fn pdf_refusal_zh(r: &Refusal) -> String {
    match r {
        Refusal::PageTreeLoop => "页面树有环（页面指回了自己的上级）".into(),
        Refusal::PageTreeDepth => format!("页面树嵌套超过 {MAX_TREE_DEPTH} 层"),
        Refusal::ParentLoop => "页面的上级链有环".into(),
        Refusal::NoPages => "找不到任何页面".into(),
        Refusal::FormLoop => "有一个图形对象（Form XObject）绘制了它自己".into(),
        Refusal::FormDepth => format!("图形对象（Form XObject）嵌套超过 {MAX_FORM_DEPTH} 层"),
        Refusal::Nesting => format!("括号或字符串嵌套超过 {MAX_NESTING} 层"),
        Refusal::CmapTooLarge => {
            format!("字体的字符映射表（ToUnicode）超过 {MAX_CMAP_CODES} 个编码")
        }
        Refusal::StreamBomb
        | Refusal::InflatedTotal
        | Refusal::PageTooBusy(_)
        | Refusal::TooSlow => "结构异常".into(),
    }
}

/// A skip category ([`SkipReason::kind`]) in a summary: `3 空文件`.
pub fn skip_kind(lang: Lang, kind: &str) -> String {
    if lang == Lang::En {
        return kind.to_string();
    }
    match kind {
        "empty" => "空文件",
        "binary" => "二进制文件",
        "legacy format" => "需转换格式",
        "damaged docx" => "损坏的 .docx",
        "unsupported type" => "无法识别的格式",
        "unreadable" => "无法读取",
        "symlink loop" => "符号链接循环",
        "link outside" => "指向文件夹之外的链接",
        "special file" => "特殊文件",
        "too large" => "太大",
        "unknown encoding" => "编码无法识别",
        "changing" => "读取时在变动",
        "damaged file" => "损坏的文件",
        "encrypted" => "加密文件",
        "no text layer" => "没有文字层",
        other => other,
    }
    .to_string()
}

impl Say for CorpusError {
    fn say(&self, lang: Lang) -> String {
        match (self, lang) {
            (CorpusError::NotFound { path }, Lang::Zh) => {
                format!("语料文件夹 {} 不存在", display::path(path))
            }
            (CorpusError::NotADirectory { path }, Lang::Zh) => {
                format!("{} 不是文件夹", display::path(path))
            }
            (CorpusError::Unreadable { path, source }, Lang::Zh) => format!(
                "无法读取语料文件夹 {}：{}",
                display::path(path),
                super::files::io_error(lang, source)
            ),
            (e, Lang::En) => e.to_string(),
        }
    }
}

impl Say for IngestError {
    fn say(&self, lang: Lang) -> String {
        match self {
            IngestError::Corpus(e) => e.say(lang),
            IngestError::Metadata(e) => e.say(lang),
            IngestError::Interrupted => pick(lang, "已中断", "interrupted"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every advice to convert a legacy file names the menu people see in
    /// Word and WPS, which is 另存为 in a Chinese office suite, in both
    /// languages.
    #[test]
    fn legacy_advice_names_the_save_as_menu() {
        for format in [
            LegacyFormat::Doc,
            LegacyFormat::Wps,
            LegacyFormat::Rtf,
            LegacyFormat::Odt,
            LegacyFormat::OldWps,
            LegacyFormat::Word6,
        ] {
            for lang in [Lang::Zh, Lang::En] {
                let said = format.say(lang);
                assert!(said.contains("另存为"), "{said}");
                assert!(said.contains(".docx"), "{said}");
            }
        }
        assert!(
            LegacyFormat::Doc
                .say(Lang::En)
                .starts_with("legacy Word .doc: ")
        );
    }
}
