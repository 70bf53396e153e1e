//! Run a format library on untrusted bytes without letting it take the
//! process down.
//!
//! Some readers (PDF above all) hold `unwrap`s that a hostile or damaged
//! file can reach. [`guarded`] catches such a panic and turns it into a
//! [`SkipReason::Damaged`], and keeps the panic's message off stderr: the
//! user hears about the file once, as `path: damaged .pdf: …`.
//!
//! A [`Budget`] bounds what one file may cost a reader: its time, its
//! paragraphs and the bytes of its text. A reader counts as it goes and
//! stops with the budget's reason as soon as one runs out, before the
//! memory is spent.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;
use std::time::{Duration, Instant};

use super::{Damage, MAX_PARAGRAPHS, MAX_TEXT_BYTES, SkipReason, TooLarge};

/// The longest a reader may take over one file.
pub(crate) const TIME_LIMIT: Duration = Duration::from_secs(60);

/// What one file may still cost its reader: time and bytes of text
/// (readers count their paragraphs against [`MAX_PARAGRAPHS`] themselves).
#[derive(Debug)]
pub(crate) struct Budget {
    format: &'static str,
    deadline: Instant,
    bytes: usize,
    ticks: u32,
}

impl Budget {
    /// A budget of [`TIME_LIMIT`] and [`MAX_TEXT_BYTES`] for a file of `format` (`.doc`, `.html`, …).
    pub(crate) fn new(format: &'static str) -> Self {
        Budget {
            format,
            deadline: Instant::now() + TIME_LIMIT,
            bytes: 0,
            ticks: 0,
        }
    }

    /// The format it reads, for messages.
    pub(crate) fn format(&self) -> &'static str {
        self.format
    }

    /// Count `len` more bytes of text.
    pub(crate) fn text(&mut self, len: usize) -> Result<(), SkipReason> {
        self.bytes = self.bytes.saturating_add(len);
        if self.bytes > MAX_TEXT_BYTES {
            return Err(too_much_text());
        }
        self.tick()
    }

    /// Count a step of work; every so often, look at the clock.
    pub(crate) fn tick(&mut self) -> Result<(), SkipReason> {
        self.ticks = self.ticks.wrapping_add(1);
        if self.ticks.is_multiple_of(1024) {
            self.in_time()
        } else {
            Ok(())
        }
    }

    /// Whether the reader is still within its time.
    pub(crate) fn in_time(&self) -> Result<(), SkipReason> {
        if Instant::now() > self.deadline {
            Err(SkipReason::Damaged {
                format: self.format,
                detail: Damage::TooSlow(TIME_LIMIT.as_secs()),
            })
        } else {
            Ok(())
        }
    }
}

/// A file of more than [`MAX_PARAGRAPHS`] paragraphs.
pub(crate) fn too_many_paragraphs() -> SkipReason {
    SkipReason::TooLarge(TooLarge::Paragraphs {
        limit: MAX_PARAGRAPHS,
    })
}

/// A file of more than [`MAX_TEXT_BYTES`] of text.
pub(crate) fn too_much_text() -> SkipReason {
    SkipReason::TooLarge(TooLarge::Text {
        limit: MAX_TEXT_BYTES as u64,
    })
}

thread_local! {
    /// Set while this thread runs a guarded reader.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Install (once) a panic hook that is quiet for guarded threads and
/// otherwise does what the previous hook did.
fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Run `f`; a panic inside it becomes a damaged-file reason for `format`.
pub(crate) fn guarded<T>(
    format: &'static str,
    f: impl FnOnce() -> Result<T, SkipReason>,
) -> Result<T, SkipReason> {
    install_hook();
    let was = GUARDED.with(|g| g.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".into());
        let what: String = what.chars().take(120).collect();
        Err(SkipReason::Damaged {
            format,
            detail: Damage::StructureBroken(what),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_reason() {
        let r: Result<(), SkipReason> = guarded(".pdf", || panic!("boom"));
        let err = r.unwrap_err();
        assert_eq!(err.kind(), "damaged file");
        assert!(err.to_string().contains("boom"), "{err}");
        assert_eq!(guarded(".pdf", || Ok(3)), Ok(3));
    }

    #[test]
    fn a_budget_runs_out_of_text_and_time() {
        let mut b = Budget::new(".doc");
        b.text(MAX_TEXT_BYTES).unwrap();
        assert_eq!(b.text(1), Err(too_much_text()));
        let mut b = Budget::new(".html");
        b.deadline = Instant::now() - Duration::from_secs(1);
        assert_eq!(b.in_time().unwrap_err().kind(), "damaged file");
    }
}
