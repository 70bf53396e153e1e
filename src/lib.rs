//! renda: full-text search over archives of Chinese people's-congress (人大) speeches.
//!
//! The modules follow the data as it flows:
//! [`corpus`] walks a folder and decodes each file into text →
//! [`speech`] cleans that text and parses it into a [`speech::Speech`] →
//! [`analysis`] tokenises Chinese for the index.

pub mod analysis;
pub mod corpus;
pub mod speech;
