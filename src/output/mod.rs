//! Printers over `impl Write`: what renda shows people and other programs.

pub mod cells;
pub mod check;
pub mod compare;
pub mod export;
pub mod hits;
pub mod kwic;
pub mod ooxml;
pub mod progress;
pub mod speech;
pub mod stats;
pub mod summary;
