//! Rate limits on everything that writes: per session (a person, however many tabs) and
//! per client address (anyone, signed in or not), with a tighter one on uploads and
//! imports, which cost the most. Sign-in has its own, stricter throttle in the store
//! (`views/login.rs`), which holds across restarts and instances; these are in memory,
//! per instance, and meant to stop a script or a stuck client, not a person working.
//!
//! A whole council office may reach Assure from one address, so the per-address limit is
//! set well above what one person does.

use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

/// How much each key may do: `burst` at once, then one more every `every`.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    pub burst: u32,
    pub every: Duration,
}

impl Rate {
    fn quota(self) -> Quota {
        let burst = NonZeroU32::new(self.burst.max(1)).unwrap_or(NonZeroU32::MIN);
        Quota::with_period(self.every.max(Duration::from_millis(1)))
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst)
    }
}

/// The limits' settings (see `WebConfig`).
#[derive(Debug, Clone, Copy)]
pub struct RateSettings {
    /// Unsafe requests (form posts) of one session.
    pub writes_per_session: Rate,
    /// Unsafe requests from one client address.
    pub writes_per_address: Rate,
    /// Uploads of evidence and imports of plans by one session.
    pub uploads_per_session: Rate,
}

impl Default for RateSettings {
    fn default() -> Self {
        Self {
            // 60 saves at once, then one a second: far beyond a person at a keyboard.
            writes_per_session: Rate {
                burst: 60,
                every: Duration::from_secs(1),
            },
            // An office behind one address: 600 at once, then ten a second.
            writes_per_address: Rate {
                burst: 600,
                every: Duration::from_millis(100),
            },
            // Ten files at once, then one every six seconds.
            uploads_per_session: Rate {
                burst: 10,
                every: Duration::from_secs(6),
            },
        }
    }
}

/// What a request was held back by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limited {
    Session,
    Address,
    Uploads,
}

/// The limiters of one server.
pub struct Limits {
    session: DefaultKeyedRateLimiter<String>,
    address: DefaultKeyedRateLimiter<IpAddr>,
    uploads: DefaultKeyedRateLimiter<String>,
}

impl Limits {
    pub fn new(settings: RateSettings) -> Self {
        Self {
            session: DefaultKeyedRateLimiter::keyed(settings.writes_per_session.quota()),
            address: DefaultKeyedRateLimiter::keyed(settings.writes_per_address.quota()),
            uploads: DefaultKeyedRateLimiter::keyed(settings.uploads_per_session.quota()),
        }
    }

    /// Counts one unsafe request of `session` (its hash) from `address`; `upload` for an
    /// evidence upload or a plan import.
    ///
    /// # Errors
    /// The limit it is over.
    pub fn check(
        &self,
        session: Option<&str>,
        address: Option<IpAddr>,
        upload: bool,
    ) -> Result<(), Limited> {
        if let Some(ip) = address
            && self.address.check_key(&ip).is_err()
        {
            return Err(Limited::Address);
        }
        if let Some(s) = session {
            let key = s.to_string();
            if self.session.check_key(&key).is_err() {
                return Err(Limited::Session);
            }
            if upload && self.uploads.check_key(&key).is_err() {
                return Err(Limited::Uploads);
            }
        }
        Ok(())
    }

    /// Forgets keys that are back to their full allowance (run with the housekeeping).
    pub fn forget_idle(&self) {
        self.session.retain_recent();
        self.address.retain_recent();
        self.uploads.retain_recent();
        self.session.shrink_to_fit();
        self.address.shrink_to_fit();
        self.uploads.shrink_to_fit();
    }
}

/// Whether an unsafe request to `path` uploads a file or imports a plan.
pub fn is_upload(path: &str) -> bool {
    path.ends_with("/evidence") || path.starts_with("/plans/import")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tight() -> RateSettings {
        let r = |burst| Rate {
            burst,
            every: Duration::from_secs(3600),
        };
        RateSettings {
            writes_per_session: r(3),
            writes_per_address: r(5),
            uploads_per_session: r(1),
        }
    }

    #[test]
    fn each_key_has_its_own_allowance() {
        let l = Limits::new(tight());
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(l.check(Some("a"), Some(ip), false), Ok(()));
        }
        assert_eq!(l.check(Some("a"), Some(ip), false), Err(Limited::Session));
        // Another person at the same address still has theirs, until the address's runs out.
        assert_eq!(l.check(Some("b"), Some(ip), false), Ok(()));
        assert_eq!(l.check(None, Some(ip), false), Err(Limited::Address));
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        assert_eq!(l.check(None, Some(other), false), Ok(()));
    }

    #[test]
    fn uploads_have_a_tighter_limit() {
        let l = Limits::new(tight());
        assert_eq!(l.check(Some("a"), None, true), Ok(()));
        assert_eq!(l.check(Some("a"), None, true), Err(Limited::Uploads));
        assert_eq!(l.check(Some("a"), None, false), Ok(()));
        assert!(is_upload("/plans/1/actions/2/evidence"));
        assert!(is_upload("/plans/import/confirm"));
        assert!(!is_upload("/plans/1/actions/2/update"));
    }
}
