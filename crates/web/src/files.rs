//! Evidence files: which kinds are accepted (by extension and by their first bytes),
//! their names made safe, and their keeping in the object store under the SHA-256 of
//! their content (`evidence/<sha256>`), so the same file uploaded twice is kept once.

use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};
use sha2::{Digest, Sha256};

/// The kinds of file accepted as evidence: extension, content type.
pub const ALLOWED: [(&str, &str); 9] = [
    ("pdf", "application/pdf"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("csv", "text/csv"),
    ("txt", "text/plain"),
];

/// What people are told is accepted.
pub const ALLOWED_TEXT: &str =
    "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG, JPEG, CSV or text";

/// Whether `content_type` is one Assure serves as itself.
pub fn is_allowed_type(content_type: &str) -> bool {
    ALLOWED.iter().any(|(_, t)| *t == content_type)
}

/// A file name's extension, lower case.
pub fn extension(name: &str) -> Option<String> {
    let (_, ext) = name.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

/// The content type of an accepted file: its extension is in the allow list and its
/// first bytes are what that kind of file starts with. `None`: refused.
pub fn accept(name: &str, bytes: &[u8]) -> Option<&'static str> {
    let ext = extension(name)?;
    let (_, content_type) = ALLOWED.iter().find(|(e, _)| *e == ext)?;
    let ok = match ext.as_str() {
        "pdf" => bytes.starts_with(b"%PDF-"),
        "docx" => is_zip_with(bytes, b"word/"),
        "xlsx" => is_zip_with(bytes, b"xl/"),
        "pptx" => is_zip_with(bytes, b"ppt/"),
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpg" | "jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "csv" | "txt" => is_plain_text(bytes),
        _ => false,
    };
    ok.then_some(*content_type)
}

fn is_zip_with(bytes: &[u8], folder: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") && bytes.windows(folder.len()).any(|w| w == folder)
}

fn is_plain_text(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    !body.is_empty() && !body.contains(&0) && std::str::from_utf8(body).is_ok()
}

/// A file name safe to store and to send back in a header: the last part of any path,
/// letters, digits and a few marks kept, anything else made `_`, at most 120 characters.
pub fn sanitise_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    let mut out: String = trimmed
        .chars()
        .rev()
        .take(120)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if out.is_empty() {
        out = "file".into();
    }
    out
}

/// The key a file's content is kept under.
pub fn key_for(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("evidence/{hex}")
}

/// Keeps `bytes` and returns their key.
///
/// # Errors
/// When the object store fails.
pub async fn put(store: &dyn ObjectStore, bytes: Vec<u8>) -> Result<String, object_store::Error> {
    let key = key_for(&bytes);
    store.put(&Path::from(key.as_str()), bytes.into()).await?;
    Ok(key)
}

/// The content kept under `key`.
///
/// # Errors
/// When it is missing or the object store fails.
pub async fn get(store: &dyn ObjectStore, key: &str) -> Result<Vec<u8>, object_store::Error> {
    let got = store.get(&Path::from(key)).await?;
    Ok(got.bytes().await?.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_what_the_bytes_say() {
        assert_eq!(accept("a.pdf", b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(accept("a.PDF", b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(accept("setup.pdf", b"MZ\x90\x00\x03"), None);
        assert_eq!(accept("setup.exe", b"MZ\x90\x00\x03"), None);
        assert_eq!(accept("a.txt", b"hello\n"), Some("text/plain"));
        assert_eq!(accept("a.txt", b"he\0llo"), None);
        assert_eq!(
            accept("a.docx", b"PK\x03\x04....word/document.xml"),
            Some(ALLOWED[1].1)
        );
        assert_eq!(accept("a.docx", b"PK\x03\x04....xl/workbook.xml"), None);
        assert_eq!(accept("noext", b"%PDF-"), None);
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(sanitise_name("../../etc/passwd"), "passwd");
        assert_eq!(
            sanitise_name("C:\\x\\Report \"final\".pdf"),
            "Report _final_.pdf"
        );
        assert_eq!(sanitise_name(".hidden.txt"), "hidden.txt");
        assert_eq!(sanitise_name(""), "file");
        assert_eq!(sanitise_name("a\r\nb.txt"), "ab.txt");
    }
}
