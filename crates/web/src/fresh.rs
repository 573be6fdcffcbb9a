//! Values read from the store, trusted for a moment without reading them again.
//!
//! Every request would otherwise read its session, the person's access to the plan, the
//! plan's revision and whatever else its page shows, though nearly all requests find them
//! as they were a moment ago. A value kept here is used again while both hold:
//!
//! - **no write has been committed through this store since it was read** (the store's
//!   [`changes`](assure_store::Store::changes) count is where it was when the read
//!   began), so whoever changes something here sees the change on their next page, and
//!   signing out, removing someone or ending their sessions takes effect at once;
//! - **it is younger than the trust window**, which bounds how long a change made by
//!   another process (the CLI beside a SQLite server) takes to be seen.
//!
//! The window is zero, and so every value is read on every request, where other
//! instances may write the same database unseen (PostgreSQL): see [`AppState`]'s
//! construction. Each cache holds at most a fixed number of values.
//!
//! [`AppState`]: crate::AppState

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Values by key, each with the moment it was read and the store's count of writes then.
pub(crate) struct Fresh<K, V> {
    values: Mutex<HashMap<K, Kept<V>>>,
    capacity: usize,
}

struct Kept<V> {
    value: V,
    read_at: Instant,
    changes: u64,
}

/// What a caller needs to know to trust a value: the store's count of writes now, and
/// the window. Taken once per use, before any read, so a value read after a write began
/// is never labelled newer than it is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Moment {
    pub changes: u64,
    pub window: Duration,
}

impl Moment {
    /// Whether a value read at `read_at`, when the count was `changes`, still holds.
    pub(crate) fn trusts(&self, read_at: Instant, changes: u64) -> bool {
        !self.window.is_zero() && changes == self.changes && read_at.elapsed() < self.window
    }
}

impl<K: Eq + Hash, V: Clone> Fresh<K, V> {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            values: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    /// The value kept under `key`, if it may still be trusted at `now`.
    pub(crate) fn get<Q>(&self, key: &Q, now: Moment) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if now.window.is_zero() {
            return None;
        }
        let values = self.lock();
        let kept = values.get(key)?;
        now.trusts(kept.read_at, kept.changes)
            .then(|| kept.value.clone())
    }

    /// Keeps `value`, read at or after `then` (taken before the read began).
    pub(crate) fn keep(&self, key: K, value: V, then: Moment) {
        if then.window.is_zero() {
            return;
        }
        let mut values = self.lock();
        if values.len() >= self.capacity && !values.contains_key(&key) {
            // Let go of what may no longer be trusted; when everything still may (a burst
            // of new keys within one window), of everything.
            values.retain(|_, k| then.trusts(k.read_at, k.changes));
            if values.len() >= self.capacity {
                values.clear();
            }
        }
        values.insert(
            key,
            Kept {
                value,
                read_at: Instant::now(),
                changes: then.changes,
            },
        );
    }

    /// Forgets the value under `key`.
    pub(crate) fn forget<Q>(&self, key: &Q)
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.lock().remove(key);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Kept<V>>> {
        self.values.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(changes: u64) -> Moment {
        Moment {
            changes,
            window: Duration::from_secs(60),
        }
    }

    #[test]
    fn a_value_holds_until_a_write_is_committed() {
        let fresh = Fresh::new(4);
        fresh.keep("k", 1, at(7));
        assert_eq!(fresh.get(&"k", at(7)), Some(1));
        assert_eq!(fresh.get(&"k", at(8)), None, "a write since the read");
    }

    #[test]
    fn a_value_read_while_a_write_was_under_way_is_not_trusted_after_it() {
        let fresh = Fresh::new(4);
        // The count was 3 when the read began; the write committed (4) before `keep`.
        fresh.keep("k", 1, at(3));
        assert_eq!(fresh.get(&"k", at(4)), None);
    }

    #[test]
    fn a_zero_window_keeps_nothing() {
        let fresh = Fresh::new(4);
        let never = Moment {
            changes: 0,
            window: Duration::ZERO,
        };
        fresh.keep("k", 1, never);
        assert_eq!(fresh.get(&"k", never), None);
        assert_eq!(fresh.get(&"k", at(0)), None, "nothing was kept");
    }

    #[test]
    fn a_value_older_than_the_window_is_read_again() {
        let fresh = Fresh::new(4);
        let short = Moment {
            changes: 0,
            window: Duration::from_millis(1),
        };
        fresh.keep("k", 1, short);
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(fresh.get(&"k", short), None);
    }

    #[test]
    fn the_cache_never_holds_more_than_its_capacity() {
        let fresh = Fresh::new(3);
        for i in 0..10 {
            fresh.keep(i, i, at(0));
            assert!(fresh.lock().len() <= 3);
        }
        assert_eq!(fresh.get(&9, at(0)), Some(9), "the newest is kept");
        fresh.forget(&9);
        assert_eq!(fresh.get(&9, at(0)), None);
    }
}
