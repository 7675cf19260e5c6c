//! No panic of redb reaches the user. redb panics on some damaged pages
//! ("Invalid page type byte", "entered unreachable code") instead of
//! returning an error; every call into redb from the store runs inside
//! [`guard`], which turns such a panic into [`StoreError::Damaged`] with
//! what to do.
//!
//! This needs panics to unwind: with `panic = "abort"` in the release
//! profile, `catch_unwind` catches nothing and the process ends.
//!
//! While a guarded call runs, the panic hook stays silent on redb's
//! panics (no "thread 'main' panicked at …" on the terminal): [`install_panic_filter`] puts a
//! filter in front of whatever hook is set (call it again after a library
//! sets its own hook, as ratatui does, so the filter stays in front).

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::StoreError;

thread_local! {
    /// How many guarded calls this thread is inside.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// The last panic inside a guarded call was raised in redb's code.
    static FROM_REDB: Cell<bool> = const { Cell::new(false) };
}

static INSTALLED: std::sync::Once = std::sync::Once::new();

/// Puts a filter in front of the current panic hook that keeps panics
/// caught by [`guard`] off the terminal; other panics reach the hook as
/// before.
pub fn install_panic_filter() {
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let redb = DEPTH.with(|d| d.get()) > 0
            && info.location().is_some_and(|l| l.file().contains("redb"));
        FROM_REDB.with(|f| f.set(redb));
        if !redb {
            prev(info);
        }
    }));
}

/// Runs `f`; a panic of redb inside it (reading a damaged page) becomes
/// [`StoreError::Damaged`]. Any other panic (a bug of juwu's own, not a
/// damaged file) goes on as a panic, as it would without the guard.
pub(crate) fn guard<R>(f: impl FnOnce() -> Result<R, StoreError>) -> Result<R, StoreError> {
    INSTALLED.call_once(install_panic_filter);
    DEPTH.with(|d| d.set(d.get() + 1));
    let r = catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    match r {
        Ok(r) => r,
        Err(payload) if FROM_REDB.with(|f| f.replace(false)) => {
            Err(StoreError::Damaged(panic_text(payload.as_ref())))
        }
        Err(payload) => std::panic::resume_unwind(payload),
    }
}

/// The message a panic carried.
pub(crate) fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_of_juwu_s_own_code_stays_a_panic() {
        let r = catch_unwind(|| guard(|| -> Result<(), StoreError> { panic!("a bug") }));
        assert!(r.is_err(), "a bug was reported as a damaged file");
        // The guard is still usable, and an error passes through.
        assert!(matches!(
            guard(|| -> Result<(), StoreError> { Err(StoreError::NoOffice) }),
            Err(StoreError::NoOffice)
        ));
    }
}
