//! A time limit that stops the work itself, not only the wait for it.
//!
//! [`within`] runs a closure with a deadline for the thread it runs on;
//! the loops of a search (the candidates read, the feedback round, the
//! near-copies) and of an export's writers ask [`check`] as they go and
//! stop with [`Cancelled`] once the deadline has passed. Outside
//! [`within`] there is no deadline and [`check`] always passes.

use std::cell::Cell;
use std::time::Instant;

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Work stopped because its time was up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("over its time limit; stopped")]
pub struct Cancelled;

impl From<Cancelled> for std::io::Error {
    fn from(c: Cancelled) -> Self {
        std::io::Error::new(std::io::ErrorKind::TimedOut, c)
    }
}

/// Puts the deadline before [`within`] back, even on a panic.
struct Restore(Option<Instant>);

impl Drop for Restore {
    fn drop(&mut self) {
        DEADLINE.with(|d| d.set(self.0));
    }
}

/// Run `f` with work on this thread stopping at `deadline`.
pub fn within<T>(deadline: Instant, f: impl FnOnce() -> T) -> T {
    let _restore = Restore(DEADLINE.with(|d| d.replace(Some(deadline))));
    f()
}

/// `Err(Cancelled)` once the deadline of this thread has passed.
pub fn check() -> Result<(), Cancelled> {
    match DEADLINE.with(Cell::get) {
        Some(deadline) if Instant::now() >= deadline => Err(Cancelled),
        _ => Ok(()),
    }
}

/// Whether `e` says the work was [`Cancelled`].
pub fn is_cancelled(e: &std::io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<Cancelled>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn work_stops_after_its_deadline_and_only_within_it() {
        assert_eq!(check(), Ok(()));
        let past = Instant::now();
        assert_eq!(within(past, check), Err(Cancelled));
        let later = Instant::now() + Duration::from_secs(3600);
        assert_eq!(within(later, check), Ok(()));
        assert_eq!(check(), Ok(()), "the deadline ends with the work");
        let e: std::io::Error = Cancelled.into();
        assert!(is_cancelled(&e));
        assert!(!is_cancelled(&std::io::Error::other("x")));
    }
}
