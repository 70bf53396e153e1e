//! The command line's help in Chinese. The English help is the doc
//! comments of [`crate::cli`]; [`localize`] puts the Chinese in their
//! place when the language is Chinese.

use clap::Command;

/// The Chinese help of a command (`""` for the program itself) or of one
/// of its arguments, by the command's name and the argument's id.
fn chinese(command: &str, arg: Option<&str>) -> Option<&'static str> {
    Some(match (command, arg) {
        ("", None) => "renda：人大讲话稿全文检索。",
        // similar: a paragraph, a text or a draft
        ("similar", Some("source_file")) => {
            "加 --paragraph 时：该段所在的已收录讲话（收录时的路径，相对于讲话稿文件夹，或以它结尾的路径）。\
             不加 --paragraph 时：磁盘上的一份草稿（.txt、.docx 等；“-”表示从标准输入读取），为草稿的每一段找出档案中相似的段落。"
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
