//! No panic of redb reaches the user. redb panics on some damaged pages
//! ("Invalid page type byte", "entered unreachable code") instead of
//! returning an error; every call into redb from the store runs inside
//! [`guard`], which turns such a panic into [`StoreError::Damaged`] with
//! what to do.
//!
//! This needs panics to unwind: with `panic = "abort"` in the release
//! profile, `catch_unwind` catches nothing and the process ends.
//!
//! While a guarded call runs, the panic hook stays silent (no "thread
//! 'main' panicked at …" on the terminal): [`install_panic_filter`] puts a
//! filter in front of whatever hook is set (call it again after a library
//! sets its own hook, as ratatui does, so the filter stays in front).

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::StoreError;

thread_local! {
    /// How many guarded calls this thread is inside.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

static INSTALLED: std::sync::Once = std::sync::Once::new();

/// Puts a filter in front of the current panic hook that keeps panics
/// caught by [`guard`] off the terminal; other panics reach the hook as
/// before.
pub fn install_panic_filter() {
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if DEPTH.with(|d| d.get()) == 0 {
            prev(info);
        }
    }));
}

/// Runs `f`; a panic inside it (from redb reading a damaged page) becomes
/// [`StoreError::Damaged`].
pub(crate) fn guard<R>(f: impl FnOnce() -> Result<R, StoreError>) -> Result<R, StoreError> {
    INSTALLED.call_once(install_panic_filter);
    DEPTH.with(|d| d.set(d.get() + 1));
    let r = catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    match r {
        Ok(r) => r,
        Err(payload) => Err(StoreError::Damaged(panic_text(payload.as_ref()))),
    }
}

/// The message a panic carried.
pub(crate) fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}
