//! The command line: clap definitions, with each flag's help as its doc comment.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// renda: full-text search over archives of people's-congress (人大) speeches.
#[derive(Debug, Parser)]
#[command(name = "renda", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read every speech in a folder: decode, clean, structure and label it.
    Index(IndexArgs),
    /// Show how renda understands one speech file.
    Parse(ParseArgs),
}

#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// The folder of transcripts (.txt, .md, .docx; nested folders too).
    pub dir: PathBuf,
    /// Where the index lives.
    #[arg(long, env = "RENDA_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// Print nothing but errors and the final summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// A speech file (.txt, .md, .docx).
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ParseFormat::Text)]
    pub format: ParseFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    /// For people: title, labels, sections and numbered paragraphs.
    Text,
    /// One JSON object.
    Json,
}
