//! renda: full-text search over archives of Chinese people's-congress (人大) speeches.
//!
//! The modules follow the data as it flows:
//! [`corpus`] walks a folder and decodes each file into text →
//! [`speech`] cleans that text and parses it into a [`speech::Speech`] →
//! [`ingest`] runs both over a whole folder →
//! [`analysis`] tokenises Chinese for the index →
//! [`output`] prints results for people and programs.
//! [`serve`] is the same as a local web page and JSON API, [`mcp`] as
//! tools for an AI assistant.
//! [`cli`] and [`cmd`] are the command line's glue.

pub mod analysis;
pub mod cli;
pub mod cmd;
pub mod corpus;
pub mod display;
pub mod files;
pub mod hit;
pub mod i18n;
pub mod index;
pub mod ingest;
pub mod mcp;
pub mod output;
pub mod places;
pub mod search;
pub mod serve;
pub mod speech;
pub mod text;
