//! `renda kwic TERM`: every occurrence of a term in its context, and the
//! words most often right before and after it.

use std::io::{self, Write};

use crate::cli::{KwicArgs, KwicFormat, KwicSort};
use crate::cmd::search::{filters, use_color};
use crate::cmd::{CmdError, Outcome};
use crate::output::kwic as print;
use renda_core::index;
use renda_core::search::kwic;

pub fn run(args: &KwicArgs) -> Result<Outcome, CmdError> {
    let term = args.term.trim();
    if term.is_empty() {
        return Err(CmdError::Message(crate::i18n::msg::kwic_term_empty()));
    }
    let filters = filters(&args.filters)?;
    let idx = index::open(&args.index)?;
    let options = kwic::Options {
        width: args.width,
        sort: match args.sort {
            KwicSort::None => kwic::Sort::None,
            KwicSort::Left => kwic::Sort::Left,
            KwicSort::Right => kwic::Sort::Right,
        },
        limit: args.limit,
        top: kwic::TOP_COLLOCATES,
    };
    let (concordance, left_out) = kwic::of_index(&idx, term, &filters, &options)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        KwicFormat::Text => {
            print::write_text(&mut out, &concordance, use_color(args.color))?;
            for line in crate::output::hits::left_out_lines(&left_out) {
                writeln!(out, "{line}")?;
            }
        }
        KwicFormat::Json => print::write_json(&mut out, &concordance)?,
    }
    out.flush()?;
    Ok(if concordance.total_lines == 0 {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}
