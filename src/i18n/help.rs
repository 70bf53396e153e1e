//! The command line's help in Chinese. The English help is the doc
//! comments of [`crate::cli`]; [`localize`] puts the Chinese in their
//! place when the language is Chinese.

use clap::Command;

/// The Chinese help of a command (`""` for the program itself) or of one
/// of its arguments, by the command's name and the argument's id.
fn chinese(command: &str, arg: Option<&str>) -> Option<&'static str> {
    Some(match (command, arg) {
        ("", None) => "renda：人大讲话稿全文检索。",
        // ---- check ----
        ("check", None) => {
            "检查稿件：逐句标出抄自档案中哪篇讲话、抄了多少，以及忘了改的来源地名、届次、年份和讲话人。"
        }
        ("check", Some("draft")) => {
            "要检查的稿件：.txt、.docx 或 renda index 能读的任何文件；- 表示标准输入。"
        }
        ("check", Some("region")) => {
            "稿件的本地（安化县、临洮）：抄来句子中其他地方的地名即为遗留。默认取稿件标题中的地名。"
        }
        ("check", Some("year")) => {
            "稿件的年份：说“今年”“当前”的句子里更早的年份即为遗留。默认为今年。"
        }
        ("check", Some("index")) => "索引所在的文件夹。",
        ("check", Some("format")) => {
            "报告格式：text、json、md、docx；默认按输出文件扩展名判断，否则为 text。"
        }
        ("check", Some("output")) => "把报告写入此文件，而不是标准输出。",
        ("check", Some("force")) => "输出文件已存在时覆盖。",
        ("check", Some("color")) => {
            "文本报告的颜色：auto（终端上且未设 NO_COLOR 时着色）、always、never。"
        }
        _ => return None,
    })
}

/// `cmd` with its help (and its subcommands' and arguments') in Chinese
/// wherever the catalogue has it.
pub fn localize(cmd: Command) -> Command {
    localize_named("", cmd)
}

fn localize_named(name: &str, mut cmd: Command) -> Command {
    if let Some(about) = chinese(name, None) {
        cmd = cmd.about(about);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().as_str().to_string())
        .collect();
    for id in ids {
        if let Some(help) = chinese(name, Some(&id)) {
            cmd = cmd.mut_arg(id, |a| a.help(help));
        }
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
