//! A page sent as pieces: the plan table's rows, kept, between the page around them.
//!
//! Plain, the pieces go out as they are, the rows shared rather than copied into each
//! response ([`Pieces`]). Gzipped, they are joined as follows.
//!
//! The plan table's rows (some 130 KB for 100 actions) are the same for everyone who
//! sees them, and kept with the copy of the plan they were rendered from; the page around
//! them is rendered per request, since its forms carry the person's masked CSRF token.
//! Compressing the whole page on every request cost 1.7 ms of CPU, which under load was
//! most of the table's p99. So the rows are deflated once, when kept, and each response
//! deflates only the few kilobytes around them and joins the three.
//!
//! Joining is sound because DEFLATE is a sequence of blocks: each piece but the last ends
//! with a sync flush (an empty stored block that brings the stream to a byte boundary),
//! and each piece is compressed from an empty window, so none refers to another's bytes.
//! The gzip trailer's CRC-32 of the whole is combined from the pieces' own.
//!
//! It also keeps the secret apart: the CSRF token lives only in the pieces compressed per
//! response, never in a compression window shared with text someone else wrote.

use flate2::write::DeflateEncoder;
use flate2::{Compression, Crc};
use std::io::Write;

/// Text deflated into a piece that more can follow: no final block, ends byte-aligned.
pub(crate) struct Deflated {
    bytes: Vec<u8>,
    crc: Crc,
}

impl Deflated {
    /// `text` deflated as a piece others follow. Kept pieces are compressed once, so
    /// at the best level.
    pub(crate) fn piece(text: &[u8]) -> Self {
        Self::new(text, Compression::best(), false)
    }

    /// How many bytes the piece holds: what keeping it costs.
    pub(crate) fn len(&self) -> usize {
        self.bytes.len()
    }

    fn new(text: &[u8], level: Compression, last: bool) -> Self {
        let mut crc = Crc::new();
        crc.update(text);
        let mut e = DeflateEncoder::new(Vec::with_capacity(text.len() / 4 + 64), level);
        // Writing to a Vec cannot fail; neither can deflating it.
        let bytes = if e.write_all(text).is_err() {
            Vec::new()
        } else if last {
            e.finish().unwrap_or_default()
        } else {
            let _ = e.flush();
            // Taken before the encoder is dropped, which would end the stream.
            std::mem::take(e.get_mut())
        };
        Self { bytes, crc }
    }
}

/// The gzip of `before`, then `middle`'s text, then `after`.
pub(crate) fn gzip(before: &[u8], middle: &Deflated, after: &[u8]) -> Vec<u8> {
    // The pieces made per response are small: the quick level does.
    let head = Deflated::new(before, Compression::fast(), false);
    let tail = Deflated::new(after, Compression::fast(), true);
    let mut out = Vec::with_capacity(18 + head.len() + middle.len() + tail.len());
    let mut crc = head.crc;
    crc.combine(&middle.crc);
    crc.combine(&tail.crc);
    // ID1 ID2, deflate, no flags, no time, no extra flags, unknown system (RFC 1952).
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    out.extend_from_slice(&head.bytes);
    out.extend_from_slice(&middle.bytes);
    out.extend_from_slice(&tail.bytes);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&crc.amount().to_le_bytes());
    out
}

/// A response body of a few pieces, sent in turn without being copied into one buffer,
/// with its exact length (so the response has a `Content-Length`).
pub(crate) struct Pieces {
    pieces: std::collections::VecDeque<axum::body::Bytes>,
    left: u64,
}

impl Pieces {
    pub(crate) fn new(pieces: impl IntoIterator<Item = axum::body::Bytes>) -> Self {
        let pieces: std::collections::VecDeque<_> =
            pieces.into_iter().filter(|p| !p.is_empty()).collect();
        let left = pieces.iter().map(|p| p.len() as u64).sum();
        Self { pieces, left }
    }
}

impl http_body::Body for Pieces {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let next = self.pieces.pop_front();
        if let Some(p) = &next {
            self.left -= p.len() as u64;
        }
        std::task::Poll::Ready(next.map(|p| Ok(http_body::Frame::data(p))))
    }

    fn is_end_stream(&self) -> bool {
        self.pieces.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.left)
    }
}

/// An HTML page sent as `before`, `middle` and `after`, uncompressed.
pub(crate) fn plain_html_response(
    before: &str,
    middle: axum::body::Bytes,
    after: &str,
) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let body = Pieces::new([
        axum::body::Bytes::copy_from_slice(before.as_bytes()),
        middle,
        axum::body::Bytes::copy_from_slice(after.as_bytes()),
    ]);
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        axum::body::Body::new(body),
    )
        .into_response()
}

/// Whether the request's `Accept-Encoding` takes gzip (RFC 9110 §12.5.3): named, or `*`,
/// with a weight above zero.
pub(crate) fn accepts_gzip(headers: &axum::http::HeaderMap) -> bool {
    let mut named = None;
    let mut any = None;
    for value in headers.get_all(axum::http::header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let weight = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            match coding.as_str() {
                "gzip" | "x-gzip" => named = Some(weight > 0.0),
                "*" => any = Some(weight > 0.0),
                _ => {}
            }
        }
    }
    named.or(any).unwrap_or(false)
}

/// An HTML page sent as the gzip of `before`, `middle` and `after`.
pub(crate) fn html_response(
    before: &str,
    middle: &Deflated,
    after: &str,
) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let body = gzip(before.as_bytes(), middle, after.as_bytes());
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CONTENT_ENCODING, HeaderValue::from_static("gzip")),
            (header::VARY, HeaderValue::from_static("accept-encoding")),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        // A single-member decoder: the join must be one gzip member, as browsers read.
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("a valid gzip member");
        out
    }

    #[test]
    fn the_joined_pieces_are_one_gzip_of_the_whole() {
        let before = "<html><form><input name=csrf value=abc123>".repeat(20);
        let middle = "<tr><td>Action 1.1</td><td>Amber</td></tr>\n".repeat(3000);
        let after = "</table></html>".repeat(5);
        let kept = Deflated::piece(middle.as_bytes());
        assert!(kept.len() < middle.len() / 10, "the rows compress");
        let joined = gzip(before.as_bytes(), &kept, after.as_bytes());
        let whole = format!("{before}{middle}{after}");
        assert_eq!(gunzip(&joined), whole.as_bytes());
    }

    fn accepts(value: &str) -> bool {
        let mut h = axum::http::HeaderMap::new();
        h.insert(
            axum::http::header::ACCEPT_ENCODING,
            value.parse().expect("a header value"),
        );
        accepts_gzip(&h)
    }

    #[test]
    fn gzip_is_taken_only_where_the_browser_says_so() {
        assert!(accepts("gzip, deflate, br, zstd"));
        assert!(accepts("br;q=1.0, GZIP;q=0.5"));
        assert!(accepts("*"));
        assert!(!accepts("br"));
        assert!(!accepts("gzip;q=0, br"));
        assert!(!accepts("*, gzip;q=0"), "named beats the wildcard");
        assert!(!accepts("identity"));
        assert!(!accepts_gzip(&axum::http::HeaderMap::new()));
    }

    #[tokio::test]
    async fn pieces_are_sent_in_turn_with_their_exact_length() {
        use http_body::Body as _;
        use http_body_util::BodyExt;
        let rows = axum::body::Bytes::from_static(b"<tr>rows</tr>");
        let body = Pieces::new([
            axum::body::Bytes::from_static(b"<table>"),
            rows,
            axum::body::Bytes::new(),
            axum::body::Bytes::from_static(b"</table>"),
        ]);
        assert_eq!(body.size_hint().exact(), Some(28));
        let all = body.collect().await.expect("infallible").to_bytes();
        assert_eq!(&all[..], b"<table><tr>rows</tr></table>");
    }

    #[test]
    fn empty_pieces_join_too() {
        let kept = Deflated::piece(b"");
        assert_eq!(gunzip(&gzip(b"", &kept, b"")), b"");
        let kept = Deflated::piece(b"rows");
        assert_eq!(gunzip(&gzip(b"", &kept, b"")), b"rows");
    }

    #[test]
    fn a_kept_piece_serves_many_responses() {
        let kept = Deflated::piece("row ".repeat(10_000).as_bytes());
        for token in ["one", "two", "three"] {
            let page = gunzip(&gzip(token.as_bytes(), &kept, b"end"));
            assert!(page.starts_with(token.as_bytes()));
            assert!(page.ends_with(b"end"));
            assert_eq!(page.len(), token.len() + 40_000 + 3);
        }
    }
}
