//! A counting global allocator, shared by the benches: allocations and live bytes are
//! counted per thread, so the numbers are exact and not disturbed by other threads.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

pub struct Counting;

thread_local! {
    static COUNT: Cell<u64> = const { Cell::new(0) };
    static LIVE: Cell<i64> = const { Cell::new(0) };
    static PEAK: Cell<i64> = const { Cell::new(0) };
}

fn grow(bytes: i64) {
    let _ = LIVE.try_with(|live| {
        live.set(live.get() + bytes);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
    });
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so
// `Counting` upholds `GlobalAlloc`'s contract exactly as `System` does; the counters are
// thread-local `Cell`s reached with `try_with`, which neither allocates nor panics (during
// thread teardown it does nothing).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = COUNT.try_with(|c| c.set(c.get() + 1));
        grow(layout.size() as i64);
        // SAFETY: the caller's `layout` meets `alloc`'s requirements (non-zero size).
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        grow(-(layout.size() as i64));
        // SAFETY: `ptr` was allocated by this allocator, that is by `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = COUNT.try_with(|c| c.set(c.get() + 1));
        grow(new_size as i64 - layout.size() as i64);
        // SAFETY: `ptr` came from `System` with `layout`, and the caller guarantees
        // `new_size` is valid for it, as `realloc` requires.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Allocations (and reallocations) made on this thread by `f`.
#[allow(dead_code)]
pub fn allocations<T>(f: impl FnOnce() -> T) -> (u64, T) {
    let before = COUNT.with(Cell::get);
    let value = f();
    (COUNT.with(Cell::get) - before, value)
}

/// The most bytes `f` had allocated at once on this thread, above what was live before it.
#[allow(dead_code)]
pub fn peak_bytes<T>(f: impl FnOnce() -> T) -> (u64, T) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let value = f();
    ((PEAK.with(Cell::get) - base).max(0) as u64, value)
}

/// The bytes allocated on this thread and not yet freed.
#[allow(dead_code)]
pub fn live_bytes() -> i64 {
    LIVE.with(Cell::get)
}
