//! The web app's settings.

use chrono::Duration;
use std::net::IpAddr;

/// How the web app behaves; one place, with safe defaults.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure`: on whenever Assure is reached over HTTPS.
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// A session ends after this long without use.
    pub session_idle_minutes: i64,
    /// Failed sign-ins allowed per account within the window before it is paused.
    pub max_failures_per_account: i64,
    /// Failed sign-ins allowed per client address within the window.
    pub max_failures_per_ip: i64,
    /// The throttling window.
    pub login_window_minutes: i64,
    /// The largest evidence file accepted.
    pub max_upload_bytes: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            trusted_proxies: Vec::new(),
            session_idle_minutes: 8 * 60,
            max_failures_per_account: 5,
            max_failures_per_ip: 50,
            login_window_minutes: 15,
            max_upload_bytes: 20 * 1024 * 1024,
        }
    }
}

impl WebConfig {
    pub fn session_idle(&self) -> Duration {
        Duration::minutes(self.session_idle_minutes)
    }

    pub fn login_window(&self) -> Duration {
        Duration::minutes(self.login_window_minutes)
    }
}
