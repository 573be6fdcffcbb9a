//! Reading parts of a zip package (.docx, .xlsx) within limits: a zip bomb or a
//! spreadsheet of hundreds of megabytes stops with a clear error instead of filling
//! memory. Sizes are counted as bytes come out of the decompressor, so a package
//! that lies about its sizes is caught too.

use std::io::{Cursor, Read};

use crate::{ImportError, ImportOptions};

pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    file: String,
    format: &'static str,
    budget: u64,
    limit: u64,
}

impl<'a> Package<'a> {
    pub fn open(
        file: &str,
        format: &'static str,
        bytes: &'a [u8],
        opts: &ImportOptions,
    ) -> Result<Self, ImportError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ImportError::Corrupt {
            file: file.to_string(),
            format,
            detail: e.to_string(),
        })?;
        Ok(Package {
            zip,
            file: file.to_string(),
            format,
            budget: opts.max_expanded_bytes,
            limit: opts.max_expanded_bytes,
        })
    }

    pub fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(|n| n.ok())
            .map(|n| n.into_owned())
            .collect()
    }

    pub fn corrupt(&self, detail: impl Into<String>) -> ImportError {
        ImportError::Corrupt {
            file: self.file.clone(),
            format: self.format,
            detail: detail.into(),
        }
    }

    /// A part's bytes, or `None` when the package has no such part.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let file = self.file.clone();
        let limit = self.limit;
        let format = self.format;
        let mut entry = match self.zip.by_name(name) {
            Ok(e) => e,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(zip::result::ZipError::UnsupportedArchive(m))
                if m.contains("ncrypt") || m.contains("assword") =>
            {
                return Err(ImportError::Encrypted { file });
            }
            Err(e) => {
                return Err(ImportError::Corrupt {
                    file,
                    format,
                    detail: e.to_string(),
                });
            }
        };
        if entry.encrypted() {
            return Err(ImportError::Encrypted { file });
        }
        if entry.size() > self.budget {
            return Err(ImportError::ExpansionLimit { file, limit });
        }
        let mut out = Vec::with_capacity(entry.size().min(16 * 1024 * 1024) as usize);
        let read = (&mut entry)
            .take(self.budget + 1)
            .read_to_end(&mut out)
            .map_err(|e| ImportError::Corrupt {
                file: file.clone(),
                format,
                detail: format!("{name}: {e}"),
            })?;
        if read as u64 > self.budget {
            return Err(ImportError::ExpansionLimit { file, limit });
        }
        self.budget -= read as u64;
        Ok(Some(out))
    }

    /// A part as text (UTF-8; a BOM is dropped).
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>, ImportError> {
        Ok(self.read(name)?.map(|b| {
            let b = b
                .strip_prefix(&[0xEF, 0xBB, 0xBF])
                .map(<[u8]>::to_vec)
                .unwrap_or(b);
            String::from_utf8(b)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        }))
    }
}
