//! Reading the XML parts of a zip package (.docx, .xlsx) as a stream, within limits.
//!
//! A part is never unpacked whole: its bytes go from the decompressor through a meter
//! into quick-xml, one event at a time. The meter counts every byte that comes out
//! (so a package that lies about its sizes is caught too) against the package's
//! expansion budget, and the bytes of the event being read against
//! [`MAX_XML_PIECE_BYTES`], because quick-xml buffers a whole event (a run of text, a
//! tag with its attributes) before handing it over. Nesting is bounded by
//! [`MAX_XML_DEPTH`]. What the readers keep from the events is counted by
//! [`crate::limits::Budget`].

use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::limits::{Limit, MAX_XML_DEPTH, MAX_XML_PIECE_BYTES};
use crate::{ImportError, ImportOptions};

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

pub struct Package<'a> {
    zip: Zip<'a>,
    file: String,
    format: &'static str,
    /// What may still be unpacked, in bytes.
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

    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The part named `name`, matched as Office does: ignoring case and the kind of
    /// slash.
    pub fn find(&self, name: &str) -> Option<String> {
        if self.has(name) {
            return Some(name.to_string());
        }
        let want = name.replace('\\', "/").to_ascii_lowercase();
        self.zip
            .file_names()
            .filter_map(|n| n.ok())
            .find(|n| n.replace('\\', "/").to_ascii_lowercase() == want)
            .map(|n| n.into_owned())
    }

    pub fn corrupt(&self, detail: impl Into<String>) -> ImportError {
        ImportError::Corrupt {
            file: self.file.clone(),
            format: self.format,
            detail: detail.into(),
        }
    }

    /// A part as a stream of XML events, or `None` when the package has no such part.
    pub fn xml(&mut self, name: &str) -> Result<Option<XmlPart<'_, 'a>>, ImportError> {
        let file = self.file.clone();
        let format = self.format;
        let limit = self.limit;
        let Package { zip, budget, .. } = self;
        let entry = match zip.by_name(name) {
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
        // A part that says it is larger than what is left is refused unread.
        if entry.size() > *budget {
            return Err(ImportError::ExpansionLimit { file, limit });
        }
        let meter = Meter {
            inner: entry,
            budget,
            piece: 0,
            tripped: None,
        };
        let reader = Reader::from_reader(BufReader::with_capacity(64 * 1024, meter));
        Ok(Some(XmlPart {
            reader,
            buf: Vec::new(),
            depth: 0,
            part: name.to_string(),
            place: match format {
                "Word" => "the document".to_string(),
                _ => format!("the part {name}"),
            },
            file,
            format,
            limit,
        }))
    }
}

/// Why the meter stopped a read.
#[derive(Debug, Clone, Copy)]
enum Tripped {
    Expansion,
    Piece,
}

/// Counts the bytes coming out of the decompressor.
struct Meter<'p, R> {
    inner: R,
    /// The package's budget, spent as bytes come out.
    budget: &'p mut u64,
    /// Bytes handed over since the current event began.
    piece: u64,
    tripped: Option<Tripped>,
}

impl<R: Read> Read for Meter<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let got = n as u64;
        if got > *self.budget {
            self.tripped = Some(Tripped::Expansion);
            return Err(std::io::Error::other("the expansion limit was reached"));
        }
        *self.budget -= got;
        self.piece += got;
        if self.piece > MAX_XML_PIECE_BYTES {
            self.tripped = Some(Tripped::Piece);
            return Err(std::io::Error::other("one piece of XML is too long"));
        }
        Ok(n)
    }
}

type PartReader<'p, 'a> = Reader<BufReader<Meter<'p, zip::read::ZipFile<'p, Cursor<&'a [u8]>>>>>;

/// One part being read, event by event (`'a`: the package's bytes; `'p`: the package).
pub struct XmlPart<'p, 'a> {
    reader: PartReader<'p, 'a>,
    buf: Vec<u8>,
    depth: usize,
    part: String,
    /// The part as errors name it.
    place: String,
    file: String,
    format: &'static str,
    limit: u64,
}

impl XmlPart<'_, '_> {
    /// The next event; `Event::Eof` at the end.
    ///
    /// # Errors
    /// Malformed XML, the expansion limit, a piece longer than [`MAX_XML_PIECE_BYTES`],
    /// or nesting deeper than [`MAX_XML_DEPTH`].
    pub fn event(&mut self) -> Result<Event<'_>, ImportError> {
        self.buf.clear();
        // The buffer grows to the largest event read; a big one is not kept for the rest.
        if self.buf.capacity() > 1024 * 1024 {
            self.buf = Vec::new();
        }
        self.reader.get_mut().get_mut().piece = 0;
        let ev = match self.reader.read_event_into(&mut self.buf) {
            Ok(ev) => ev,
            Err(e) => {
                let tripped = self.reader.get_ref().get_ref().tripped;
                return Err(match tripped {
                    Some(Tripped::Expansion) => ImportError::ExpansionLimit {
                        file: self.file.clone(),
                        limit: self.limit,
                    },
                    Some(Tripped::Piece) => ImportError::OverLimit {
                        file: self.file.clone(),
                        place: self.place.clone(),
                        limit: Limit::Piece,
                        found: None,
                        max: MAX_XML_PIECE_BYTES,
                    },
                    None => ImportError::Corrupt {
                        file: self.file.clone(),
                        format: self.format,
                        detail: format!("{}: {e}", self.part),
                    },
                });
            }
        };
        match &ev {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > MAX_XML_DEPTH {
                    return Err(ImportError::OverLimit {
                        file: self.file.clone(),
                        place: self.place.clone(),
                        limit: Limit::Depth,
                        found: None,
                        max: MAX_XML_DEPTH as u64,
                    });
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Ok(ev)
    }

    /// Reads on past end tags that do not match what is open, as spreadsheet readers
    /// do: not every tool that writes .xlsx closes what it opens in order.
    pub fn lenient(&mut self) {
        let config = self.reader.config_mut();
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
    }

    /// Names the part in errors as a person knows it ("the sheet “Plan”").
    pub fn set_place(&mut self, place: impl Into<String>) {
        self.place = place.into();
    }
}
