//! The `renda` binary: parse the command line, run the command, map the
//! outcome to an exit code (0 success or hits, 1 no hits, 2 error, 130
//! interrupted by Ctrl-C).

use std::process::ExitCode;

use renda::cli::{self, Command};
use renda::cmd::{self, Outcome};
use renda::i18n::Say;

fn main() -> ExitCode {
    let cli = cli::parse();
    let result = match cli.command {
        Command::Index(args) => cmd::index::run(&args),
        Command::Search(args) => cmd::search::run(&args),
        Command::Compare(args) => cmd::compare::run(&args),
        Command::Export(args) => cmd::export::run(&args),
        Command::Kwic(args) => cmd::kwic::run(&args),
        Command::Similar(args) => cmd::similar::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Stats(args) => cmd::stats::run(&args),
        Command::Serve(args) => cmd::serve::run(&args),
        Command::Mcp(args) => cmd::mcp::run(&args),
        Command::Parse(args) => cmd::parse::run(&args),
        Command::Label(args) => cmd::label::run(&args),
        Command::Completions(args) => cmd::completions::run(&args),
    };
    match result {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            renda::output::progress::to_stderr(&renda::i18n::msg::error_line(
                &e.say(renda::i18n::lang()),
            ));
            ExitCode::from(Outcome::Error.code())
        }
    }
}
