//! Sending over SMTP: one lettre transport, configured by one URL in lettre's form.

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Why mail could not be set up or sent. The words are for the person reading the log.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the SMTP URL is not usable: {0}")]
    Url(String),
    #[error("the sender address {0:?} is not an email address")]
    From(String),
    #[error("the address {0:?} is not an email address")]
    To(String),
    #[error("the message could not be written: {0}")]
    Build(String),
    #[error("the SMTP server did not take the message: {0}")]
    Send(String),
}

/// How long one SMTP conversation may take before it counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// The configured mail transport and sender.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Where the server is, without the credentials, for the log.
    pub server: String,
}

impl std::fmt::Debug for Mailer {
    // The URL may hold a password: only the server is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("server", &self.server)
            .field("from", &self.from.to_string())
            .finish()
    }
}

/// The URL without its user and password: what a log may show.
fn redacted(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
            let host = host.split(['/', '?']).next().unwrap_or(host);
            format!("{scheme}://{host}")
        }
        None => "(not a URL)".into(),
    }
}

impl Mailer {
    /// A mailer for `smtp_url` (lettre's form: `smtps://user:pass@host:465`,
    /// `smtp://host:587?tls=required`, `smtp://127.0.0.1:2525` for a local relay), sending
    /// as `from` ("Assure <assure@council.example>" or a bare address).
    ///
    /// # Errors
    /// [`MailError::Url`] or [`MailError::From`], saying what is wrong (never echoing a
    /// password).
    pub fn new(smtp_url: &str, from: &str) -> Result<Mailer, MailError> {
        let server = redacted(smtp_url);
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| MailError::Url(format!("{server}: {e}")))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from: Mailbox = from
            .trim()
            .parse()
            .map_err(|_| MailError::From(from.to_string()))?;
        Ok(Mailer {
            transport,
            from,
            server,
        })
    }

    /// Sends one message with both bodies to `to`.
    ///
    /// # Errors
    /// [`MailError::To`] for an address lettre cannot use, [`MailError::Send`] when the
    /// server refuses it or cannot be reached.
    pub async fn send(
        &self,
        to: &str,
        subject: &str,
        text: &str,
        html: &str,
    ) -> Result<(), MailError> {
        let to: Mailbox = to.parse().map_err(|_| MailError::To(to.to_string()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .multipart(MultiPart::alternative_plain_html(
                text.to_string(),
                html.to_string(),
            ))
            .map_err(|e| MailError::Build(e.to_string()))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| MailError::Send(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_never_shows_the_password() {
        assert_eq!(
            redacted("smtps://user:s3cret@mail.council.example:465"),
            "smtps://mail.council.example:465"
        );
        assert_eq!(
            redacted("smtp://127.0.0.1:2525?tls=none"),
            "smtp://127.0.0.1:2525"
        );
        let err = Mailer::new("smtps://u:s3cret@", "a@b.example").expect_err("no host");
        assert!(!err.to_string().contains("s3cret"), "{err}");
    }

    #[tokio::test]
    async fn urls_and_senders_are_checked() {
        assert!(Mailer::new("smtp://127.0.0.1:2525", "Assure <assure@council.example>").is_ok());
        assert!(matches!(
            Mailer::new("ftp://host", "a@b.example"),
            Err(MailError::Url(_))
        ));
        assert!(matches!(
            Mailer::new("smtp://127.0.0.1:2525", "not an address"),
            Err(MailError::From(_))
        ));
    }
}
