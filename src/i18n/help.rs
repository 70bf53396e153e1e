//! The command line's help in Chinese. The English help is the doc
//! comments of [`crate::cli`]; [`localize`] puts the Chinese in their
//! place when the language is Chinese: the texts, the headings, clap's own
//! help and version flags, and the possible values of each choice.
//!
//! The two must not drift apart: a test checks that for every command and
//! argument both say the same flags, file formats, environment variables
//! and choices.

use clap::{Arg, Command};

/// The Chinese help of a command (`arg` is `None`) or of one of its
/// arguments, by the command's name (`""` for the program) and the
/// argument's id. Arguments many commands share fall back to
/// [`shared`].
fn chinese(command: &str, arg: Option<&str>) -> Option<&'static str> {
    let Some(arg) = arg else {
        return about(command);
    };
    let own = match (command, arg) {
        // ---- renda index ----
        ("index", "dirs") => {
            "讲话稿所在的文件夹（.txt、.md、.docx、.doc、.wps、.pdf、网页等，含子文件夹）。不给出时，更新索引收录的全部文件夹；索引未收录的文件夹会被拒绝（见 --add）。"
        }
        ("index", "add") => "把这个文件夹加入索引，与已收录的文件夹并存（原有讲话保留）；可重复。",
        ("index", "remove") => "从索引中删除这个文件夹的讲话，并不再收录它；可重复。",
        ("index", "rebuild") => {
            "清空索引重新建立，而不是增量更新（不给出文件夹时，按索引原有的文件夹重建）。"
        }
        ("index", "dict") => {
            "用户词典（每行“词 [词频]”），用于分词；与 renda 自带的人大词典合用，并记在索引里。"
        }
        ("index", "follow_links") => {
            "跟随指向所索引的文件夹之外的符号链接（默认跳过并报告；文件夹之内的链接总是跟随）。"
        }
        ("index", "quiet") => "除错误和最后的汇总外不输出任何内容。",
        ("index", "commit_every") => {
            "每读入这么多文本就提交一次索引（如 64M、500K；只写数字表示 MB；0 表示每个文件提交一次）。进程被强行终止时，上次提交之后的工作会丢失；越小越安全，但越慢。"
        }
        // ---- renda search / export / compare ----
        ("export", "query") => "要找的内容（写法同 search）。",
        ("search", "query") => {
            "要找的内容。不加引号的主题（密切联系群众）按概念检索：含有它的词（可缺一个：两个词的主题含其一即可；一个词的各个小词都在也算）或用相关说法表达它的段落（在“也检索了”中列出；见 --literal），最相关的在前。“…”、\"…\" 或「…」（在命令行中写作 '\"…\"'）精确查找含有该字符串的段落；支持 AND、OR、-词、( ) 和 \"…\"~N。空格、全角空格或 ，、；。 分隔多个主题，每个主题都须匹配。"
        }
        ("search" | "export", "exact") => "把整个查询当作一个精确字符串，如同加了引号。",
        ("search", "no_collapse") => {
            "列出每一个匹配段落，而不是把同一说法只显示一次、并列出用过它的其他讲话。"
        }
        ("search", "limit") => "显示多少条结果。",
        ("search", "offset") => "先跳过这么多条结果（用于翻页）。",
        ("search", "format") => {
            "输出格式：text（给人看，默认）、json、jsonl、csv（Excel/WPS 可直接打开）、md（Markdown）。"
        }
        ("export", "output") => "要写入的文件；- 表示写到标准输出。",
        ("export", "format") => "文件格式；默认按输出文件的扩展名：.md、.csv、.jsonl、.docx。",
        ("export", "force") => "输出文件已存在时覆盖它。",
        ("compare", "theme") => "主题（写法同 search）。",
        ("compare", "by") => {
            "按什么分组：level（层级，默认）、region（地区）、year（年份）、speech（讲话）。"
        }
        ("compare", "exclude_region") => "不看地区含有此文字的讲话（如本地）；可重复。",
        ("compare", "exclude_file") => "不看路径匹配此通配符的文件；可重复。",
        ("compare", "depth") => "比较最相关的多少段。",
        ("compare", "limit") => "每组列出几种说法（用得最多的在前），默认 10；其余的写明还有几种。",
        ("compare", "format") => "输出格式：text（默认）、json、md。",
        // ---- renda kwic ----
        ("kwic", "term") => {
            "要找的确切文字，照讲话中的原样；两端成对的引号（\"…\"、“…”、「…」）会去掉，与 search 的短语写法相同；两端的空格不计。"
        }
        ("kwic", "width") => "检索词两侧各显示多少字的上下文（最多 200）。",
        ("kwic", "sort") => {
            "排列顺序：none（按语料顺序，默认）、left（按左侧紧邻的词）、right（按右侧紧邻的词）。"
        }
        ("kwic", "limit") => "最多显示多少行（全部都会计数）。",
        ("kwic", "format") => "输出格式：text（对齐的各行，再列出前后常见的词；默认）、json。",
        // ---- renda similar ----
        ("similar", "source_file") => {
            "加 --paragraph 时：该段所在的已收录讲话（收录时的路径，相对于讲话稿文件夹，或以它结尾的路径）。\
             不加 --paragraph 时：磁盘上的一份草稿（.txt、.docx 等；“-”表示从标准输入读取），为草稿的每一段找出档案中相似的段落。"
        }
        ("similar", "paragraph") => "该段在讲话中的编号（即 search 显示的 ¶n）。",
        ("similar", "text") => "改为查找与这段文字相似的段落。",
        ("similar", "limit") => "显示多少段。",
        ("similar", "offset") => "先跳过这么多段（用于翻页）。",
        ("similar", "include_copies") => "也显示照抄原段（整段或其中一句，略有改动）的段落。",
        ("similar", "file") => "只看路径匹配此通配符的文件的结果（`*.docx`、`county/**`）。",
        ("similar", "format") => "输出格式：text（默认）、json、jsonl、csv、md。",
        // ---- renda stats / parse ----
        ("stats" | "parse", "format") => "输出格式：text（默认）、json。",
        ("parse", "file") => "一个讲话稿文件（.txt、.md、.docx 等）。",
        ("parse", "copies") => {
            "同时读取该文件旁边的文件（最多 1000 个），列出正文与它相同的文件（renda index 只收录其中一个）。"
        }
        // ---- renda label ----
        ("label", "file") => "要标注的讲话稿文件。",
        ("label", "level") => {
            "层级：市、县、区、省、乡镇、全国（或 city、county、district、province、township、national）。"
        }
        ("label", "year") => "年份。",
        ("label", "date") => "日期：YYYY-MM-DD、YYYY-MM 或 YYYY（同时设定年份）。",
        ("label", "region") => "地区（临洮县）。",
        ("label", "title") => "标题。",
        ("label", "corpus") => {
            "写入哪个语料文件夹的 metadata.csv（默认：该文件上方最近的有 metadata.csv 的文件夹，否则为索引所建自的文件夹，若该文件在其中）。"
        }
        ("label", "index") => "找不到 metadata.csv 时，用哪个索引的语料文件夹。",
        // ---- renda check ----
        ("check", "draft") => {
            "要检查的稿件：.txt、.docx 或 renda index 能读的任何文件；- 表示标准输入。"
        }
        ("check", "region") => {
            "稿件的本地（安化县、临洮）：抄来句子中其他地方的地名即为遗留。默认取稿件自己写明的地方（标题、开头讲话机关的地名，或与“我县”“本市”同句的地名）；都没有时，来源本地的地名报为“可能遗留”。"
        }
        ("check", "year") => "稿件的年份：说“今年”“当前”的句子里更早的年份即为遗留。默认为今年。",
        ("check", "level") => {
            "稿件的层级（county、district 等，或 县、区）：抄来的句子里别的层级的自称（县级稿件里的“我区”“全区人民”“按照区委的部署”）即为遗留。默认取稿件自己句子里的自称。"
        }
        ("check", "format") => {
            "报告格式：text、json、md、docx；默认按输出文件扩展名判断，否则为 text。"
        }
        ("check", "output") => "把报告写入此文件，而不是标准输出。",
        ("check", "force") => "输出文件已存在时覆盖。",
        // ---- renda serve ----
        ("serve", "index") => {
            "索引所在的文件夹；默认为本用户的索引（如 ~/.local/share/renda/index），还没有时网页会请你选择讲话所在的文件夹来建立。"
        }
        ("serve", "port") => "监听的端口（0 表示任选空闲端口）。",
        ("serve", "bind") => {
            "监听的地址；除 127.0.0.1（或 ::1）外的地址会让局域网内的其他电脑也能打开网页。"
        }
        ("serve", "open") => "启动后在默认浏览器中打开网页；端口已被其他程序占用时改用空闲端口。",
        ("serve", "time_limit") => "每次检索或导出最多运行的秒数，超过即停止。",
        ("serve", "allow_index") => {
            "绑定在其他电脑能访问的地址上时，也允许从网页更新索引（在 127.0.0.1 上总是允许）。"
        }
        ("serve", "allow_host") => {
            "网页还接受的主机名或地址（127.0.0.1、localhost、[::1] 和 --bind 的地址之外）；可重复。"
        }
        // ---- renda mcp ----
        ("mcp", "time_limit") => "每次工具调用最多运行的秒数，超过即停止。",
        // ---- renda completions ----
        ("completions", "shell") => "哪种命令行：bash、zsh、fish、powershell、elvish。",
        _ => return shared(arg),
    };
    Some(own)
}

/// What a command is for.
fn about(command: &str) -> Option<&'static str> {
    Some(match command {
        "" => "renda：人大讲话稿全文检索。",
        "index" => {
            "把文件夹中的讲话稿收入索引（再次运行时只读新增和改动的文件）；一个索引可收录多个文件夹（--add、--remove）。"
        }
        "search" => "检索已索引讲话的段落。",
        "compare" => "别人怎么说一个主题：按层级、地区、年份或讲话列出不同的说法。",
        "export" => "把所有匹配段落连同出处写入文件（Markdown、CSV、JSON Lines 或 Word）。",
        "kwic" => "上下文索引：一个词的每一次出现，居中显示在上下文里，并列出它前后最常见的词。",
        "similar" => "用别的话说同一件事的段落：与一段（或一段文字）意思相近的段落。",
        "stats" => "索引里有什么：按层级和年份统计讲话和段落。",
        "serve" => "在本机以网页形式打开检索（以及 /api/ 下的 JSON 接口），按 Ctrl-C 停止。",
        "mcp" => {
            "作为 MCP 服务器（经标准输入输出）把档案提供给人工智能助手：检索、比较、上下文、相似段落、读讲话、查重、统计；只读，直到客户端关闭。"
        }
        "parse" => "显示 renda 如何理解一个讲话稿文件。",
        "label" => {
            "在语料的 metadata.csv 中设定一篇讲话的层级、年份、日期、地区或标题（下次 renda index 时生效）。"
        }
        "check" => {
            "检查稿件：逐句标出抄自档案中哪篇讲话、抄了多少，以及忘了改的来源地名、届次、年份和讲话人。"
        }
        "completions" => "输出命令行的自动补全脚本（bash、zsh、fish、powershell、elvish）。",
        "help" => "显示本帮助，或某个命令的帮助。",
        _ => return None,
    })
}

/// The Chinese help of arguments many commands share.
fn shared(arg: &str) -> Option<&'static str> {
    Some(match arg {
        "index" => "索引所在的文件夹。",
        "level" => {
            "只看这些层级：市、县、区、省、乡镇、全国（或 city、county、district、province、township、national）；可重复，或用逗号分隔。"
        }
        "year" => "只看这一年的讲话。",
        "since" => "只看这一年及以后的讲话。",
        "until" => "只看这一年及以前的讲话。",
        "region" => "只看地区含有此文字的讲话（临洮、城关区）。",
        "section" => "只看所在部分的标题含有此文字的段落。",
        "file" => "只看路径匹配此通配符的文件（`*.docx`、`county/**`）。",
        "include_unknown" => {
            "按年份、层级或地区筛选时，保留这些信息不明的讲话（默认不保留，但会计数）；等于同时加 --include-unknown-year、--include-unknown-level 和 --include-unknown-region。"
        }
        "include_unknown_year" => "按年份筛选时，保留年份不明的讲话。",
        "include_unknown_level" => "按层级筛选时，保留层级不明的讲话。",
        "include_unknown_region" => "按地区筛选时，保留地区不明的讲话。",
        "literal" => "只按主题本身的词检索，不加 renda 另外检索的相关说法和反馈词。",
        "other_words" => "只要用别的话表达主题的段落：不要含有主题原文的段落。",
        "without" => "不检索这个相关说法（结果末尾“也检索了”列出的词之一）；可重复使用。",
        "color" => "文本输出是否着色：auto（在终端上且未设 NO_COLOR 时着色）、always、never。",
        "lang" => {
            "界面语言：zh（默认）或 en；否则看 RENDA_LANG，再看系统语言（LC_ALL、LC_MESSAGES、LANG）。"
        }
        "help" => "显示帮助（-h 为简要帮助）。",
        "version" => "显示版本。",
        _ => return None,
    })
}

/// `cmd` with its help (and its subcommands' and arguments') in Chinese
/// wherever the catalogue has it.
pub fn localize(mut cmd: Command) -> Command {
    // The help and version flags and the help subcommand exist once the
    // command is built.
    cmd.build();
    localize_named("", cmd)
}

fn localize_named(name: &str, mut cmd: Command) -> Command {
    if let Some(about) = chinese(name, None) {
        cmd = cmd.about(about).long_about(None);
    }
    cmd = cmd
        .help_template(
            "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}\n",
        )
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().as_str().to_string())
        .collect();
    for id in ids {
        let help = chinese(name, Some(&id));
        cmd = cmd.mut_arg(id, |a| localize_arg(a, help));
    }
    // The usage line, its options said in Chinese (`[选项]`).
    let usage = cmd.clone().render_usage().to_string();
    if let Some(usage) = usage.lines().next().and_then(|l| l.split_once(": ")) {
        cmd = cmd.override_usage(usage.1.replace("[OPTIONS]", "[选项]"));
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(sub.clone(), |s| localize_named(&sub, s));
    }
    cmd
}

/// The Chinese name of a value a flag or an argument takes (`--port <端口>`).
fn value_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "BIND" => "地址",
        "BY" => "分组",
        "COLOR" => "着色",
        "DATE" => "日期",
        "DEPTH" => "段数",
        "DIR" => "文件夹",
        "DRAFT" => "稿件",
        "FILE" => "文件",
        "FORMAT" => "格式",
        "GLOB" => "通配符",
        "INDEX" => "索引",
        "LEVEL" => "层级",
        "LIMIT" | "OFFSET" => "条数",
        "N" => "编号",
        "NAME" => "主机名",
        "OUTPUT" => "输出文件",
        "PORT" => "端口",
        "QUERY" => "查询",
        "REGION" => "地区",
        "SECONDS" => "秒数",
        "SECTION" => "部分",
        "SHELL" => "命令行",
        "SINCE" | "UNTIL" | "YEAR" => "年份",
        "SIZE" => "大小",
        "SORT" => "顺序",
        "TERM" => "检索词",
        "TEXT" => "文字",
        "THEME" => "主题",
        "TITLE" => "标题",
        "WORD" => "词",
        "WIDTH" => "字数",
        _ => return None,
    })
}

fn localize_arg(mut a: Arg, help: Option<&'static str>) -> Arg {
    let heading = if a.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let names: Vec<&'static str> = a
        .get_value_names()
        .map(|v| v.iter().filter_map(|n| value_name(n.as_str())).collect())
        .unwrap_or_default();
    if !names.is_empty() && a.get_value_names().is_some_and(|v| v.len() == names.len()) {
        a = a.value_names(names);
    }
    if let Some(help) = help {
        // The choices are listed in the Chinese help itself; the default
        // and the environment variable are said in Chinese.
        let mut text = help.to_string();
        let defaults: Vec<String> = (if a.get_action().takes_values() {
            a.get_default_values()
        } else {
            &[]
        })
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
        let env = a.get_env().map(|e| e.to_string_lossy().into_owned());
        match (defaults.is_empty(), &env) {
            (false, Some(env)) => {
                text.push_str(&format!("（默认：{}；环境变量 {env}）", defaults.join(",")))
            }
            (false, None) => text.push_str(&format!("（默认：{}）", defaults.join(","))),
            (true, Some(env)) => text.push_str(&format!("（环境变量 {env}）")),
            (true, None) => {}
        }
        a = a
            .help(text)
            .long_help(None)
            .hide_possible_values(true)
            .hide_default_value(true)
            .hide_env(true);
    }
    a.help_heading(heading)
}

/// A command-line error said in Chinese: what is wrong, the usage, and
/// where to read more.
pub fn error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let what = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”"),
        ErrorKind::InvalidSubcommand => {
            format!("没有“{}”这个命令", get(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("{arg} 的值“{value}”无效")
            } else {
                format!("{arg} 的值“{value}”无效；可选：{valid}")
            }
        }
        ErrorKind::ValueValidation => {
            // The reason our own parsers give, already in the catalogue's
            // language.
            let reason = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            format!("{arg} 的值“{value}”无效：{reason}")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::ArgumentConflict => {
            format!("{arg} 不能与 {} 同时使用", get(ContextKind::PriorArg))
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("参数“{arg}”的值个数不对")
        }
        ErrorKind::NoEquals => format!("{arg} 需要用 = 给值"),
        ErrorKind::InvalidUtf8 => "命令行含有无效的 UTF-8 字符".to_string(),
        _ => {
            // Any other: clap's own words, first line.
            return e.to_string();
        }
    };
    let mut out = format!("错误：{what}\n");
    let suggested = get(ContextKind::SuggestedArg);
    if !suggested.is_empty() {
        out.push_str(&format!("  提示：是不是要用 {suggested}？\n"));
    }
    let suggested = get(ContextKind::SuggestedSubcommand);
    if !suggested.is_empty() {
        out.push_str(&format!("  提示：是不是要用 {suggested}？\n"));
    }
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        out.push_str(&format!("\n用法：{usage}\n"));
    }
    out.push_str("\n更多信息：加 --help\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The flags (`--add`), file extensions (`.docx`), environment
    /// variables (`RENDA_LANG`) and format names a help text mentions: what
    /// the two languages must say alike.
    fn mentions(text: &str) -> BTreeSet<String> {
        let re = regex::Regex::new(
            r"--[a-z][a-z0-9-]*|\.[a-z][a-z0-9]{1,4}\b|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\b(?:txt|md|docx|doc|wps|pdf|odt|html?|mhtml?|eml|csv|jsonl|json)\b",
        )
        .unwrap();
        re.find_iter(text)
            // `.docx` and `docx` name one format.
            .map(|m| m.as_str().trim_start_matches('.').to_string())
            .collect()
    }

    /// Every command and argument of the English command line, with its
    /// English help: (command, argument id or None, help, possible values).
    fn english() -> Vec<(String, Option<String>, String, Vec<String>)> {
        fn walk(
            name: &str,
            cmd: &Command,
            out: &mut Vec<(String, Option<String>, String, Vec<String>)>,
        ) {
            let about = cmd
                .get_long_about()
                .or(cmd.get_about())
                .map(|s| s.to_string())
                .unwrap_or_default();
            out.push((name.to_string(), None, about, Vec::new()));
            for a in cmd.get_arguments() {
                if a.is_hide_set() {
                    continue;
                }
                let help = a
                    .get_long_help()
                    .or(a.get_help())
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                let values = a
                    .get_possible_values()
                    .iter()
                    .filter(|v| !v.is_hide_set())
                    .map(|v| v.get_name().to_string())
                    .collect();
                out.push((
                    name.to_string(),
                    Some(a.get_id().as_str().to_string()),
                    help,
                    values,
                ));
            }
            for sub in cmd.get_subcommands() {
                walk(sub.get_name(), sub, out);
            }
        }
        let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
        cmd.build();
        let mut out = Vec::new();
        walk("", &cmd, &mut out);
        out
    }

    #[test]
    fn the_chinese_help_says_what_the_english_help_says() {
        let mut drift = Vec::new();
        for (command, arg, en, values) in english() {
            let what = format!("{command} {}", arg.as_deref().unwrap_or("(about)"));
            let Some(zh) = chinese(&command, arg.as_deref()) else {
                drift.push(format!("{what}: no Chinese help"));
                continue;
            };
            // The English help lists the choices after the text (clap
            // does); the Chinese says them in the text.
            let mut en_says = mentions(&en);
            en_says.extend(values.iter().flat_map(|v| mentions(v)));
            let zh_says = mentions(zh);
            if en_says != zh_says {
                drift.push(format!("{what}: English {en_says:?}, Chinese {zh_says:?}"));
            }
            for v in values {
                if !zh.contains(&v) {
                    drift.push(format!("{what}: the Chinese help does not list {v}"));
                }
            }
        }
        assert!(drift.is_empty(), "{}", drift.join("\n"));
    }

    #[test]
    fn mentions_are_flags_extensions_variables_and_formats() {
        let got = mentions("Files (.txt, .docx) under --add; RENDA_LANG; json or csv. Done.");
        let want: BTreeSet<String> = ["txt", "docx", "--add", "RENDA_LANG", "json", "csv"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(got, want);
    }
}
