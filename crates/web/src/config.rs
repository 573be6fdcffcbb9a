//! The web app's settings.

use axum::http::Uri;
use chrono::Duration;
use std::net::IpAddr;

/// How the web app behaves; one place, with safe defaults.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure`: on whenever Assure is reached over HTTPS.
    pub secure_cookies: bool,
    /// The address people use (`--public-url`), e.g. `https://assure.council.example`.
    /// Forms posted from its origin are accepted even when a reverse proxy rewrites the
    /// `Host` header, and an `https` address turns on HSTS. Set it with
    /// [`with_public_url`](Self::with_public_url), which also makes cookies `Secure`.
    pub public_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// A session ends after this long without use.
    pub session_idle_minutes: i64,
    /// A session ends this long after sign-in however much it is used (ASVS 3.3.2), so a
    /// stolen session cookie does not work for ever.
    pub session_max_age_hours: i64,
    /// Failed sign-ins allowed per account within the window before it is paused.
    pub max_failures_per_account: i64,
    /// Failed sign-ins allowed per client address within the window.
    pub max_failures_per_ip: i64,
    /// The throttling window.
    pub login_window_minutes: i64,
    /// The largest evidence file accepted.
    pub max_upload_bytes: usize,
    /// Rate limits on writes, uploads and imports.
    pub rates: crate::auth::limits::RateSettings,
    /// Imports read at once. Each may hold tens of megabytes while it is read, so the
    /// cap bounds what imports add to the server's memory (`docs/benchmarks.md`).
    pub max_concurrent_imports: usize,
    /// How long an import waits for its turn before the person is asked to try again.
    pub import_wait: std::time::Duration,
    /// How long a session, an access or a plan's revision read from a SQLite store is
    /// used again unread, while nothing has been written through this server (see
    /// `fresh.rs`): the longest a change made by another process, such as the CLI, takes
    /// to be seen. Zero reads everything on every request; PostgreSQL always does, since
    /// other instances may write it.
    pub read_trust: std::time::Duration,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            public_url: None,
            trusted_proxies: Vec::new(),
            session_idle_minutes: 8 * 60,
            session_max_age_hours: 7 * 24,
            max_failures_per_account: 5,
            max_failures_per_ip: 50,
            login_window_minutes: 15,
            max_upload_bytes: 20 * 1024 * 1024,
            rates: crate::auth::limits::RateSettings::default(),
            max_concurrent_imports: 2,
            import_wait: std::time::Duration::from_secs(10),
            read_trust: std::time::Duration::from_secs(1),
        }
    }
}

impl WebConfig {
    pub fn session_idle(&self) -> Duration {
        Duration::minutes(self.session_idle_minutes)
    }

    pub fn session_max_age(&self) -> Duration {
        Duration::hours(self.session_max_age_hours)
    }

    /// When a session started at `created` and used at `now` ends: the idle timeout on
    /// from now, but never past the absolute lifetime.
    pub fn session_expiry(
        &self,
        created: chrono::DateTime<chrono::Utc>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> chrono::DateTime<chrono::Utc> {
        (now + self.session_idle()).min(created + self.session_max_age())
    }

    pub fn login_window(&self) -> Duration {
        Duration::minutes(self.login_window_minutes)
    }

    /// These settings for people reaching Assure at `url` (`--public-url`): its origin is
    /// trusted for forms, and an `https` address makes cookies `Secure` and turns on HSTS
    /// (browsers drop `Secure` cookies over plain HTTP). `None` changes nothing.
    ///
    /// # Errors
    /// When `url` is not an absolute `http://` or `https://` address.
    pub fn with_public_url(mut self, url: Option<&str>) -> Result<Self, String> {
        let Some(url) = url else {
            return Ok(self);
        };
        if origin_of(url).is_none() {
            return Err(format!(
                "the public URL {url:?} is not an http:// or https:// address"
            ));
        }
        self.secure_cookies = is_https(url);
        self.public_url = Some(url.to_string());
        Ok(self)
    }

    /// The origin (`scheme://host[:port]`) of the public URL, normalised as browsers send
    /// it in `Origin`: lower case, without a default port.
    pub fn public_origin(&self) -> Option<String> {
        self.public_url.as_deref().and_then(origin_of)
    }

    /// Whether to send `Strict-Transport-Security`: when the public URL is `https`.
    pub fn hsts(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| is_https(u) && origin_of(u).is_some())
    }
}

fn is_https(url: &str) -> bool {
    url.get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
}

/// The origin of an absolute `http`/`https` URL as a browser serialises it (`Origin`):
/// `scheme://host[:port]`, lower case, the port left out when it is the scheme's default.
pub(crate) fn origin_of(url: &str) -> Option<String> {
    let uri: Uri = url.trim().parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => 443,
        "http" => 80,
        _ => return None,
    };
    let authority = uri.authority()?;
    // Credentials in the URL are not part of an origin, and never in a browser's Origin.
    if authority.as_str().contains('@') {
        return None;
    }
    let host = authority.host().to_ascii_lowercase();
    if host.is_empty() {
        return None;
    }
    Some(match authority.port_u16() {
        Some(port) if port != default_port => format!("{scheme}://{host}:{port}"),
        _ => format!("{scheme}://{host}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised_as_browsers_send_them() {
        assert_eq!(
            origin_of("https://Assure.Council.example/"),
            Some("https://assure.council.example".into())
        );
        assert_eq!(
            origin_of("https://assure.council.example:443/plans?x=1"),
            Some("https://assure.council.example".into())
        );
        assert_eq!(
            origin_of("http://assure.council.example:8080"),
            Some("http://assure.council.example:8080".into())
        );
        assert_eq!(origin_of("http://[::1]:80"), Some("http://[::1]".into()));
        for bad in [
            "assure.council.example",
            "/plans",
            "ftp://assure.council.example",
            "null",
            "",
            "https://user:pw@assure.council.example",
        ] {
            assert_eq!(origin_of(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_public_url_sets_secure_cookies_and_hsts_only_for_https() {
        let plain = WebConfig::default();
        assert!(!plain.hsts() && !plain.secure_cookies && plain.public_origin().is_none());
        let https = WebConfig::default()
            .with_public_url(Some("HTTPS://assure.council.example/"))
            .unwrap();
        assert!(https.hsts() && https.secure_cookies);
        assert_eq!(
            https.public_origin().as_deref(),
            Some("https://assure.council.example")
        );
        let http = WebConfig::default()
            .with_public_url(Some("http://assure.internal:8080"))
            .unwrap();
        assert!(!http.hsts() && !http.secure_cookies);
        assert!(
            WebConfig::default()
                .with_public_url(Some("assure.council.example"))
                .is_err()
        );
        assert!(WebConfig::default().with_public_url(None).is_ok());
    }
}
