//! What renda says to people, in Chinese or in English: the one wording
//! layer. The library (corpus, speech, analysis, index, search, ingest)
//! speaks no language: its errors, warnings and notes carry data and an
//! English `Display` for developers, and [`Say`] words them for people.
//!
//! [`Lang`] is the language: Chinese unless `--lang`, `RENDA_LANG` or the
//! locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) asks for another. The front
//! ends (command line, page, MCP) read it with [`lang`]; the library never
//! does. The wording of the library's types stands by area: [`corpus`]
//! (why a file was skipped, a corpus folder's errors), [`files`] (sizes,
//! I/O errors, the folder browser), [`analysis`] (user dictionaries),
//! [`index`] (the index and an index run), [`search`] (queries, filters,
//! searches, similar paragraphs, checks of a draft), [`speech`] (levels,
//! dates, `metadata.csv`). [`msg`] holds the messages of the front ends:
//! each message is a function with typed arguments whose Chinese and
//! English stand side by side, so that the compiler sees that no message
//! lacks a language and no argument is forgotten in either. [`help`] holds
//! the Chinese help of the command line, whose English is the doc comments
//! of [`crate::cli`].

pub mod analysis;
pub mod corpus;
pub mod files;
pub mod help;
pub mod index;
pub mod msg;
pub mod search;
pub mod speech;

use std::cell::Cell;
use std::sync::OnceLock;

/// A language renda speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// 中文, the default.
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The language a `--lang` value or a locale names: `zh`, `zh_CN.UTF-8`,
    /// `zh-Hans`, `中文` are Chinese; `en`, `en_US.UTF-8` and any other
    /// language are English. `C`, `POSIX` and an empty value name none.
    pub fn parse(value: &str) -> Option<Lang> {
        let v = value.trim();
        let base = v
            .split(['.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if base.is_empty() || base == "c" || base == "posix" {
            return None;
        }
        if base.starts_with("zh") || v == "中文" || v == "汉语" || v == "chinese" {
            Some(Lang::Zh)
        } else {
            Some(Lang::En)
        }
    }

    /// The language the environment asks for: `RENDA_LANG`, then the
    /// locale as POSIX orders it (`LC_ALL`, `LC_MESSAGES`, `LANG`);
    /// Chinese when none names a language.
    pub fn from_env() -> Lang {
        ["RENDA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find_map(|v| Lang::parse(&v))
            .unwrap_or_default()
    }

    /// The code of the language, as `--lang` takes it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// Something of the library said to people in `lang`: its errors,
/// warnings and notes carry data and an English `Display` for developers;
/// this is the one place that words them.
pub trait Say {
    fn say(&self, lang: Lang) -> String;
}

/// The Chinese name of a value of the library that Chinese text shows
/// (a [`Level`](renda_core::speech::Level) names itself: 市, 县 … are also how the
/// texts and the command line name levels).
pub trait ChineseName {
    fn chinese(self) -> &'static str;
}

impl ChineseName for renda_core::speech::LabelName {
    /// 标题, 层级, 年份, 日期, 地区.
    fn chinese(self) -> &'static str {
        use renda_core::speech::LabelName;
        match self {
            LabelName::Title => "标题",
            LabelName::Level => "层级",
            LabelName::Year => "年份",
            LabelName::Date => "日期",
            LabelName::Region => "地区",
        }
    }
}

impl ChineseName for renda_core::search::Unknown {
    /// Its label's: 年份, 层级, 地区.
    fn chinese(self) -> &'static str {
        self.label().chinese()
    }
}

static PROCESS: OnceLock<Lang> = OnceLock::new();

thread_local! {
    static SCOPED: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Set the language of the whole process (the first call wins; until
/// then it is [`Lang::from_env`]; in the library's own unit tests,
/// English, which they assert unless they choose with [`with_lang`]).
pub fn set_lang(lang: Lang) {
    let _ = PROCESS.set(lang);
}

/// The language messages are said in now: the one [`with_lang`] set on
/// this thread, else the process's.
pub fn lang() -> Lang {
    SCOPED.with(Cell::get).unwrap_or_else(|| {
        *PROCESS.get_or_init(|| {
            if cfg!(test) {
                Lang::En
            } else {
                Lang::from_env()
            }
        })
    })
}

/// Run `f` with messages in `lang` on this thread (a request of a server,
/// a test).
pub fn with_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            SCOPED.with(|s| s.set(self.0));
        }
    }
    let _restore = Restore(SCOPED.with(|s| s.replace(Some(lang))));
    f()
}

/// The list separator: `、` or `, `.
pub fn list_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    }
}

/// `zh` or `en`, as the current language is.
pub fn pick<T>(zh: T, en: T) -> T {
    match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_name_languages() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("zh-Hans"), Some(Lang::Zh));
        assert_eq!(Lang::parse("zh_TW.Big5"), Some(Lang::Zh));
        assert_eq!(Lang::parse("中文"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("de_DE@euro"), Some(Lang::En));
        assert_eq!(Lang::parse("C.UTF-8"), None);
        assert_eq!(Lang::parse("POSIX"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn scoped_language_is_restored() {
        let outer = lang();
        with_lang(Lang::En, || {
            assert_eq!(lang(), Lang::En);
            with_lang(Lang::Zh, || assert_eq!(lang(), Lang::Zh));
            assert_eq!(lang(), Lang::En);
        });
        assert_eq!(lang(), outer);
    }
}
