//! renda's integration tests, as one test binary (`cargo test --release
//! --test all`): one module per area, the fixtures and helpers they share
//! in `common/`. `cargo test --release --test all -- search_cli::` runs one
//! module's tests (the filter is a substring: `cli::` matches
//! `search_cli::` too; add `--skip search_cli::`).
//!
//! The tests run on parallel threads of this one process, so none of them
//! may change the process's environment, current folder or language (they
//! set those on the `renda` they start, or per thread with
//! `renda::i18n::with_lang`), and the scratch folders under
//! `target/tmp` have one name per module.

mod common;

mod analysis;
mod bundle;
mod cli;
mod corpus;
mod corpus_walk;
mod docs;
mod first_start;
mod front_ends;
mod fuzz_regressions;
mod hostile_export;
mod hostile_files;
mod hostile_pdf;
mod hostile_readers;
mod kwic_similar;
mod mcp;
mod output_hits;
mod paging;
mod pdf_layout;
mod phrasings;
mod reliability;
mod search;
mod search_cli;
mod serve_guard;
mod snippet;
mod speech;
mod unknown_compare;
