//! Speeches by their id in the index: the library's [`renda_core::search::speeches`],
//! under the name the page's modules use.

pub use renda_core::search::speeches::*;
