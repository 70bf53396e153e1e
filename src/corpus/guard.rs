//! Run a format library on untrusted bytes without letting it take the
//! process down.
//!
//! Some readers (PDF above all) hold `unwrap`s that a hostile or damaged
//! file can reach. [`guarded`] catches such a panic and turns it into a
//! [`SkipReason::Damaged`], and keeps the panic's message off stderr: the
//! user hears about the file once, as `path: damaged .pdf: …`.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use super::SkipReason;

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
            detail: format!("the file's structure is broken ({what})"),
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
}
