//! Speeches by their id in the index: the library's [`crate::search::speeches`],
//! under the name the page's modules use.

pub use crate::search::speeches::*;
