//! renda's front ends over the library [`renda_core`]: the command line
//! ([`cli`] parses it, [`cmd`] runs each command), the local web page and
//! JSON API ([`serve`]) and the tools for an AI assistant ([`mcp`]).
//! They share the printers and export formats of [`output`] and the
//! wording of [`i18n`], the only code that knows the language; they never
//! import each other.

pub mod cli;
pub mod cmd;
pub mod i18n;
pub mod mcp;
pub mod output;
pub mod serve;
