//! The command line: clap definitions, with each flag's help as its doc comment.

use crate::i18n::Say;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use renda_core::speech::Level;

/// renda: full-text search over archives of people's-congress (人大) speeches.
#[derive(Debug, Parser)]
#[command(name = "renda", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language renda speaks: zh (the default) or en; else RENDA_LANG,
    /// else the locale (LC_ALL, LC_MESSAGES, LANG).
    #[arg(long, global = true, value_name = "zh|en", value_parser = parse_lang)]
    pub lang: Option<crate::i18n::Lang>,
}

fn parse_lang(s: &str) -> Result<crate::i18n::Lang, String> {
    crate::i18n::Lang::parse(s).ok_or_else(|| crate::i18n::msg::not_a_language(s))
}

/// The language the command line asks for with `--lang X` or `--lang=X`,
/// read before the line is parsed (so that help and errors of the parse
/// are in that language).
pub fn lang_flag<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Option<crate::i18n::Lang> {
    let args: Vec<&str> = args.iter().filter_map(|a| a.as_ref().to_str()).collect();
    args.iter().enumerate().find_map(|(i, a)| {
        if let Some(v) = a.strip_prefix("--lang=") {
            crate::i18n::Lang::parse(v)
        } else if *a == "--lang" {
            args.get(i + 1).and_then(|v| crate::i18n::Lang::parse(v))
        } else {
            None
        }
    })
}

/// The command line, its help in the current language.
pub fn command() -> clap::Command {
    let cmd = <Cli as clap::CommandFactory>::command();
    match crate::i18n::lang() {
        crate::i18n::Lang::Zh => crate::i18n::help::localize(cmd),
        crate::i18n::Lang::En => cmd,
    }
}

/// Parse the process's command line (exits with clap's message on a bad
/// one, as [`Parser::parse`] does).
pub fn parse() -> Cli {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if launched(&args, std::io::IsTerminal::is_terminal(&std::io::stdin())) {
        args.extend(["serve", "--open"].map(std::ffi::OsString::from));
    }
    if let Some(lang) = lang_flag(&args) {
        crate::i18n::set_lang(lang);
    }
    let parsed = command()
        .try_get_matches_from(args)
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    match parsed {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() && crate::i18n::lang() == crate::i18n::Lang::Zh => {
            let text = crate::i18n::help::error(&e).to_string();
            let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
            std::process::exit(2);
        }
        Err(e) => e.exit(),
    }
}

/// Whether `renda` was started by a launcher rather than typed: no
/// argument at all, and standard input not a terminal (a double-click in
/// a file manager, a desktop entry). Then it runs `renda serve --open`; typed
/// in a terminal with no argument, it prints its help as before. On
/// Windows a double-clicked `renda.exe` gets a console of its own, which
/// is a terminal: there no argument at all is enough.
pub fn launched<S: AsRef<std::ffi::OsStr>>(args: &[S], stdin_terminal: bool) -> bool {
    args.len() <= 1 && (!stdin_terminal || cfg!(windows))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index every speech in a folder (new and changed files only, on a
    /// re-run); an index may hold several folders (--add, --remove).
    Index(IndexArgs),
    /// Search the paragraphs of the indexed speeches.
    Search(SearchArgs),
    /// How others phrase a theme: its distinct phrasings by level, region,
    /// year or speech.
    Compare(CompareArgs),
    /// Write all matching paragraphs, each with its source, to a file
    /// (Markdown, CSV, JSON Lines or Word).
    Export(ExportArgs),
    /// Keyword in context: every occurrence of a term, centred in its
    /// context, and the words most often right before and after it.
    Kwic(KwicArgs),
    /// The paragraphs that say what a paragraph (or a text) says, in other
    /// words.
    Similar(SimilarArgs),
    /// Check a draft against the archive: what each sentence takes from
    /// which speech, the share copied, and the names of the source it forgot
    /// to change (places, 届次, years, the speaker).
    Check(CheckArgs),
    /// Show what the index holds: speeches and paragraphs by level and year.
    Stats(StatsArgs),
    /// Open the search as a web page on this machine (and the JSON API
    /// under /api/), until Ctrl-C.
    Serve(ServeArgs),
    /// Serve the archive to an AI assistant as an MCP server over standard
    /// input and output (search, compare, kwic, similar, read_speech,
    /// check_draft, stats; read-only), until the client closes it.
    Mcp(McpArgs),
    /// Show how renda understands one speech file.
    Parse(ParseArgs),
    /// Set a speech's level, year, date, region or title in the corpus's
    /// metadata.csv (the next `renda index` uses it).
    Label(LabelArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell,
    /// elvish): `renda completions bash > /etc/bash_completion.d/renda`.
    Completions(CompletionsArgs),
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Where a paragraph comes from: the filters `search` and the other
/// commands share.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// Only these levels: city, county, district, province, township,
    /// national (or 市, 县, 区, 省, 乡镇, 全国); repeat or separate with commas.
    #[arg(long, value_delimiter = ',', value_parser = parse_level)]
    pub level: Vec<Level>,
    /// Only speeches of this year.
    #[arg(long, value_parser = parse_year)]
    pub year: Option<u16>,
    /// Only speeches of this year or later.
    #[arg(long, value_parser = parse_year)]
    pub since: Option<u16>,
    /// Only speeches of this year or earlier.
    #[arg(long, value_parser = parse_year)]
    pub until: Option<u16>,
    /// Only speeches whose region contains this text (临洮, 城关区).
    #[arg(long)]
    pub region: Option<String>,
    /// Only paragraphs whose section heading contains this text.
    #[arg(long)]
    pub section: Option<String>,
    /// Only files whose path matches this glob (`*.docx`, `county/**`).
    #[arg(long, value_name = "GLOB")]
    pub file: Option<String>,
    /// Keep the speeches whose year, level or region is unknown when
    /// filtering on it (by default they are left out, and counted): all
    /// three of --include-unknown-year, --include-unknown-level and
    /// --include-unknown-region.
    #[arg(long)]
    pub include_unknown: bool,
    /// Keep the speeches whose year is unknown when filtering on years.
    #[arg(long)]
    pub include_unknown_year: bool,
    /// Keep the speeches whose level is unknown when filtering on levels.
    #[arg(long)]
    pub include_unknown_level: bool,
    /// Keep the speeches whose region is unknown when filtering on regions.
    #[arg(long)]
    pub include_unknown_region: bool,
}

fn parse_level(s: &str) -> Result<Level, String> {
    s.parse()
        .map_err(|e: renda_core::speech::UnknownLevel| e.say(crate::i18n::lang()))
}

fn parse_year(s: &str) -> Result<u16, String> {
    match s.trim().trim_end_matches('年').parse::<u16>() {
        Ok(y) if (1900..=2100).contains(&y) => Ok(y),
        _ => Err(crate::i18n::msg::not_a_year_between(s)),
    }
}

/// How an unquoted theme is searched.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ThemeArgs {
    /// Search a theme by its own words only, without the related
    /// expressions and feedback words renda searches besides them.
    #[arg(long)]
    pub literal: bool,
    /// Only paragraphs that say the theme in other words: none that holds
    /// the theme as typed.
    #[arg(long)]
    pub other_words: bool,
    /// Do not search this related expression (one of those the search
    /// says it searched too); repeat for more.
    #[arg(long, value_name = "WORD")]
    pub without: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// What to look for. An unquoted theme (密切联系群众) is a concept: the
    /// paragraphs that hold its words (all but one at most: either word of
    /// a theme of two; a word also counts when all its smaller words are there)
    /// or that say it in related words (listed as "also searched"; see
    /// --literal), most about it first. "…", “…” or 「…」 (quoted for the
    /// shell as '"…"') finds exactly the paragraphs holding the string;
    /// AND, OR, -word, ( ) and "…"~N work as usual. A space, a full-width
    /// space or ，、；。 separate themes, each of which must match.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Where the index lives.
    #[arg(long, env = "RENDA_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// Take the whole query as one exact string, as if quoted.
    #[arg(long, short = 'e')]
    pub exact: bool,
    /// List every matching paragraph, instead of showing each phrasing once
    /// with the other speeches that use it.
    #[arg(long)]
    pub no_collapse: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub how: ThemeArgs,
    /// How many hits to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Skip this many hits first (for the next page).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SearchFormat::Text)]
    pub format: SearchFormat,
    /// Colour the text output: auto (on a terminal, unless NO_COLOR is set),
    /// always, never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SearchFormat {
    /// For people: source, then the passage with the match highlighted.
    Text,
    /// One JSON object with the query, the total and the hits.
    Json,
    /// One JSON object per hit per line.
    Jsonl,
    /// A CSV table, one row per hit.
    Csv,
    /// Markdown, a heading per source.
    Md,
}

#[derive(Debug, clap::Args)]
pub struct KwicArgs {
    /// The exact text to look for, as it stands in the speeches; a pair of
    /// quotes around it ("…", “…”, 「…」) is taken off, as search reads a
    /// phrase, and spaces around it are ignored.
    pub term: String,
    /// Where the index lives.
    #[arg(long, env = "RENDA_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// Characters of context on each side of the term (at most 200).
    #[arg(long, short = 'w', default_value_t = 20, value_parser = parse_width)]
    pub width: usize,
    /// Order of the lines.
    #[arg(long, value_enum, default_value_t = KwicSort::None)]
    pub sort: KwicSort,
    /// Show at most this many lines (all of them are counted).
    #[arg(long, short = 'n')]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = KwicFormat::Text)]
    pub format: KwicFormat,
    /// Colour the text output: auto (on a terminal, unless NO_COLOR is set),
    /// always, never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KwicSort {
    /// As in the corpus: file, paragraph, place in the paragraph.
    None,
    /// By the left context read backwards: the words right before the term.
    Left,
    /// By the right context: the words right after the term.
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KwicFormat {
    /// For people: aligned lines, then the words before and after.
    Text,
    /// One JSON object with the lines and the words before and after.
    Json,
}

/// `--file FILE --paragraph N` or `--text TEXT` (checked by the command,
/// whose messages say what is missing).
#[derive(Debug, clap::Args)]
#[command(mut_arg("file", |a| a
    .long("only-files")
    .help("Only results from files whose path matches this glob (`*.docx`, `county/**`)")))]
pub struct SimilarArgs {
    /// With --paragraph: the indexed speech that holds the paragraph (its
    /// path as indexed, relative to the corpus folder, or a path that ends
    /// with it). Without --paragraph: a draft on disk (.txt, .docx, …; `-`
    /// reads standard input), whose every paragraph gets the archive's
    /// paragraphs like it.
    #[arg(long = "file", value_name = "FILE")]
    pub source_file: Option<String>,
    /// The paragraph's number in that speech (¶n, as `search` shows it).
    #[arg(long, value_name = "N")]
    pub paragraph: Option<usize>,
    /// Find paragraphs like this text instead.
    #[arg(long)]
    pub text: Option<String>,
    /// Where the index lives.
    #[arg(long, env = "RENDA_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// How many paragraphs to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Skip this many paragraphs first (for the next page).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Also show the paragraphs that copy the source, whole or one of its
    /// sentences, with small edits.
    #[arg(long)]
    pub include_copies: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SearchFormat::Text)]
    pub format: SearchFormat,
    /// Colour the text output: auto (on a terminal, unless NO_COLOR is set),
    /// always, never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The draft: a .txt, .docx or any file `renda index` reads; `-` for
    /// standard input.
    pub draft: PathBuf,
    /// The draft's own region (安化县, 临洮): places of other regions in
    /// copied sentences are leftovers. By default the region the draft
    /// names as its own (its title, its opening, a place beside 我县);
    /// with none, a source's own places are possible leftovers.
    #[arg(long)]
    pub region: Option<String>,
    /// The draft's year: earlier years in sentences about the present
    /// (今年, 当前) are leftovers. By default this year.
    #[arg(long, value_parser = parse_year)]
    pub year: Option<u16>,
    /// The draft's level (county, district, …): self-references of another
    /// level in copied sentences (我区 in a county's draft) are leftovers.
    /// By default the level the draft's own sentences speak as.
    #[arg(long, value_parser = parse_level)]
    pub level: Option<Level>,
    /// Where the index lives.
    #[arg(long, env = "RENDA_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// The report's format; by default from the output file's extension
    /// (.json, .md, .docx), else text.
    #[arg(long, value_enum)]
    pub format: Option<CheckFormat>,
    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Colour the text report: auto (on a terminal, unless NO_COLOR is
    /// set), always, never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

pub use crate::output::check::CheckFormat;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Where the index lives.
    #[arg(long, env = "RENDA_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ParseFormat::Text)]
    pub format: ParseFormat,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Where the index lives; by default the per-user index (on Linux
    /// ~/.local/share/renda/index), which the page offers to build from a
    /// folder of speeches when there is none yet.
    #[arg(long, env = "RENDA_INDEX")]
    pub index: Option<PathBuf>,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The address to listen on; anything but 127.0.0.1 (or ::1) opens the
    /// page to other machines of the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the page in the default browser; if another program holds the
    /// port, use a free one.
    #[arg(long)]
    pub open: bool,
    /// Seconds a query may run before it is given up.
    #[arg(long, default_value_t = 20, value_name = "SECONDS")]
    pub time_limit: u64,
    /// Let the page re-index the index's folders even when bound to an
    /// address other machines reach (always allowed on 127.0.0.1).
    #[arg(long)]
    pub allow_index: bool,
    /// A host name (or address) the page answers to besides 127.0.0.1,
    /// localhost, [::1] and the --bind address; repeat for more.
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct McpArgs {
    /// Where the index lives.
    #[arg(long, env = "RENDA_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// Seconds a tool call may run before it is given up.
    #[arg(long, default_value_t = 20, value_name = "SECONDS")]
    pub time_limit: u64,
}

#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// The folder of transcripts (.txt, .md, .docx, .doc, .wps, .pdf, web
    /// pages and more; nested folders too).
    /// Without one, every folder the index holds is brought up to date; a
    /// folder the index does not hold is refused (see --add).
    #[arg(value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Index this folder beside the folders the index holds (their
    /// speeches stay); repeat for more.
    #[arg(long, value_name = "DIR")]
    pub add: Vec<PathBuf>,
    /// Take this folder's speeches out of the index and forget it; repeat
    /// for more.
    #[arg(long, value_name = "DIR")]
    pub remove: Vec<PathBuf>,
    /// Where the index lives.
    #[arg(long, env = "RENDA_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// Start the index over instead of updating it (with no DIR, from the
    /// folders it holds).
    #[arg(long)]
    pub rebuild: bool,
    /// A user dictionary of words for segmentation (`word [freq]` per line),
    /// added to renda's own 人大 dictionary and remembered in the index.
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Follow symbolic links that lead out of the folder being indexed
    /// (by default they are skipped and reported; links within it are
    /// always followed).
    #[arg(long)]
    pub follow_links: bool,
    /// Print nothing but errors and the final summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Commit to the index after every SIZE of text read (e.g. 64M, 500K;
    /// a bare number is megabytes; 0 commits after every file). Work since
    /// the last commit is lost when a run is killed; smaller is safer but
    /// slower.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    pub commit_every: usize,
}

/// A size in bytes: a number with an optional unit B, K, M or G (powers
/// of 1024; KB, MB, GB too; any case); a bare number is megabytes.
fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim().to_ascii_uppercase();
    let units = [
        ("KB", 1 << 10),
        ("MB", 1 << 20),
        ("GB", 1 << 30),
        ("K", 1 << 10),
        ("M", 1 << 20),
        ("G", 1 << 30),
        ("B", 1),
    ];
    let (digits, unit) = units
        .iter()
        .find_map(|(suffix, unit)| t.strip_suffix(suffix).map(|d| (d, *unit)))
        .unwrap_or((t.as_str(), 1 << 20));
    digits
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(|| crate::i18n::msg::not_a_size(s))
}

#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// A speech file (.txt, .md, .docx).
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ParseFormat::Text)]
    pub format: ParseFormat,
    /// Also read the files beside FILE (up to 1,000) and name those with
    /// the same text, as `renda index` would keep once.
    #[arg(long)]
    pub copies: bool,
}

#[derive(Debug, clap::Args)]
pub struct LabelArgs {
    /// The speech file to label.
    pub file: PathBuf,
    /// Its level: city, county, district, province, township, national (or
    /// 市, 县, 区, 省, 乡镇, 全国).
    #[arg(long, value_parser = parse_level)]
    pub level: Option<Level>,
    /// Its year.
    #[arg(long, value_parser = parse_year)]
    pub year: Option<u16>,
    /// Its date: YYYY-MM-DD, YYYY-MM or YYYY (sets the year too).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<renda_core::speech::Date>,
    /// Its region (临洮县).
    #[arg(long)]
    pub region: Option<String>,
    /// Its title.
    #[arg(long)]
    pub title: Option<String>,
    /// The corpus folder whose metadata.csv to write (default: the nearest
    /// folder above FILE that has one, else the folder the index was built
    /// from, when FILE lies in it).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// The index whose corpus folder to use when no metadata.csv is found.
    #[arg(long, env = "RENDA_INDEX", default_value = "index")]
    pub index: PathBuf,
}

fn parse_date(s: &str) -> Result<renda_core::speech::Date, String> {
    s.parse()
        .map_err(|e: renda_core::speech::NotADate| e.say(crate::i18n::lang()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    /// For people: title, labels, sections and numbered paragraphs.
    Text,
    /// One JSON object.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The theme (as for `search`).
    #[arg(required = true, num_args = 1..)]
    pub theme: Vec<String>,
    /// Group by level, region, year or speech.
    #[arg(long, value_enum, default_value_t = CompareBy::Level)]
    pub by: CompareBy,
    /// Where the index lives.
    #[arg(long, env = "RENDA_INDEX", default_value = "index")]
    pub index: PathBuf,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub how: ThemeArgs,
    /// Leave out speeches whose region contains this text (one's own); repeatable.
    #[arg(long, value_name = "TEXT")]
    pub exclude_region: Vec<String>,
    /// Leave out files matching this glob; repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude_file: Vec<String>,
    /// How many of the best paragraphs to compare.
    #[arg(long, default_value_t = 500, value_parser = parse_depth)]
    pub depth: usize,
    /// Phrasings shown per group, the most used first (a line says how
    /// many more there are).
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    pub format: CompareFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareBy {
    Level,
    Region,
    Year,
    Speech,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    Text,
    Json,
    Md,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// What to look for (as for `search`).
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// The file to write; - writes to standard output.
    #[arg(long, short)]
    pub output: PathBuf,
    /// The format; by default from the output file's extension
    /// (.md, .csv, .jsonl, .docx).
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Take the whole query as one exact string, as if quoted.
    #[arg(long, short = 'e')]
    pub exact: bool,
    /// Where the index lives.
    #[arg(long, env = "RENDA_INDEX", default_value = "index")]
    pub index: PathBuf,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub how: ThemeArgs,
}

pub use crate::output::export::ExportFormat;

/// A `--width`: at most [`renda_core::search::kwic::MAX_WIDTH`] characters.
fn parse_width(s: &str) -> Result<usize, String> {
    let max = renda_core::search::kwic::MAX_WIDTH;
    match s.trim().parse::<usize>() {
        Ok(w) if w <= max => Ok(w),
        _ => Err(crate::i18n::msg::width_range(max)),
    }
}

fn parse_depth(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(crate::i18n::msg::depth_range()),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn only_a_bare_start_without_a_terminal_opens_the_page() {
        use super::launched;
        assert!(launched(&["renda"], false));
        assert_eq!(launched(&["renda"], true), cfg!(windows));
        assert!(!launched(&["renda", "--help"], false));
        assert!(!launched(&["renda", "search", "x"], false));
    }

    #[test]
    fn sizes_take_units_and_default_to_megabytes() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("64mb"), Ok(64 << 20));
        assert_eq!(parse_size("500K"), Ok(500 << 10));
        assert_eq!(parse_size(" 1G "), Ok(1 << 30));
        assert_eq!(parse_size("2"), Ok(2 << 20));
        assert_eq!(parse_size("300B"), Ok(300));
        assert_eq!(parse_size("0"), Ok(0));
        for bad in ["", "M", "-1", "1.5M", "ten", "5T"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }
}
