//! The command line's help in Chinese. The English help is the doc
//! comments of [`crate::cli`]; [`localize`] puts the Chinese in their
//! place when the language is Chinese.

use clap::Command;

/// The Chinese help of a command (`""` for the program itself) or of one
/// of its arguments, by the command's name and the argument's id.
fn chinese(command: &str, arg: Option<&str>) -> Option<&'static str> {
    Some(match (command, arg) {
        ("", None) => "renda：人大讲话稿全文检索。",
        // ---- renda index: its folders ----
        ("index", None) => {
            "把文件夹中的讲话稿收入索引（再次运行时只读新增和改动的文件）；一个索引可收录多个文件夹。"
        }
        ("index", Some("dirs")) => {
            "讲话稿所在的文件夹（.txt、.md、.docx 等，含子文件夹）。不给出时，更新索引收录的全部文件夹；索引未收录的文件夹会被拒绝（见 --add）。"
        }
        ("index", Some("add")) => {
            "把这个文件夹加入索引，与已收录的文件夹并存（原有讲话保留）；可重复。"
        }
        ("index", Some("remove")) => "从索引中删除这个文件夹的讲话，并不再收录它；可重复。",
        ("index", Some("rebuild")) => {
            "清空索引重新建立，而不是增量更新（不给出文件夹时，按索引原有的文件夹重建）。"
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
