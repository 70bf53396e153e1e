//! Analysis in words: the errors of a user dictionary
//! ([`renda_core::analysis`]).

use super::{Lang, Say};
use renda_core::analysis::{AnalysisError, DictFault};
use renda_core::display;

/// `a/metadata.csv 第 3 行：……`.
pub fn at_line(lang: Lang, path: &str, line: usize, what: &str) -> String {
    match lang {
        Lang::Zh => format!("{path} 第 {line} 行：{what}"),
        Lang::En => format!("{path}:{line}: {what}"),
    }
}

impl Say for DictFault {
    fn say(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return match self {
                DictFault::NotText(reason) => reason.say(lang),
                other => other.to_string(),
            };
        }
        match self {
            DictFault::NotText(reason) => reason.say(lang),
            DictFault::TooMany(max) => format!("超过 {max} 条，词典最多收这么多"),
            DictFault::LongLine { bytes, max } => {
                format!("这一行有 {bytes} 字节；词典一行最多 {max} 字节")
            }
            DictFault::Fields(found) => format!("应为“词 [词频] [词性]”，却有 {found} 栏"),
            DictFault::BadFreq { freq, word } => format!("“{word}”的词频“{freq}”不是整数"),
            DictFault::FreqTooHigh { freq, word, max } => {
                format!("“{word}”的词频 {freq} 超过 {max}")
            }
            DictFault::LongWord { chars, max } => {
                format!("这个词有 {chars} 个字；一个词最多 {max} 个字")
            }
            DictFault::Control(word) => format!("“{}”含有控制字符", display::escaped(word)),
        }
    }
}

impl Say for AnalysisError {
    fn say(&self, lang: Lang) -> String {
        match self {
            AnalysisError::Read { path, source } => {
                let (path, reason) = (display::path(path), source.say(lang));
                match lang {
                    Lang::Zh => format!("无法读取词典 {path}：{reason}"),
                    Lang::En => format!("cannot read dictionary {path}: {reason}"),
                }
            }
            AnalysisError::Entry {
                path,
                line,
                message,
            } => at_line(lang, &display::path(path), *line, &message.say(lang)),
        }
    }
}
