//! The zip package and its relationships: finding parts by name, and decompressing them
//! without letting a zip bomb cost more than the limits allow.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::xml::{Node, XmlStream, attribute};
use crate::extract::{ExtractError, Limits};

pub(super) const FORMAT: &str = "DOCX";

pub(super) fn corrupt(detail: impl Into<String>) -> ExtractError {
    ExtractError::Corrupt {
        format: FORMAT,
        detail: detail.into(),
    }
}

pub(super) struct Package<'b> {
    archive: ZipArchive<Cursor<&'b [u8]>>,
    limits: Limits,
    decompressed_so_far: u64,
    by_lower_case_name: Option<HashMap<String, usize>>,
}

impl<'b> Package<'b> {
    pub(super) fn open(bytes: &'b [u8], limits: &Limits) -> Result<Package<'b>, ExtractError> {
        // The zip reader keeps about 650 bytes per central directory entry, and reads as many
        // as the file holds: 50 MB of empty entries cost 400 MB. Each entry starts with this
        // signature, so counting it bounds them before anything is read.
        let entries = bytes.windows(4).filter(|w| w == b"PK\x01\x02").count();
        if entries > limits.max_zip_entries {
            return Err(ExtractError::LimitExceeded {
                what: "entries in a DOCX archive",
                limit: limits.max_zip_entries as u64,
            });
        }
        let archive = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| corrupt(format!("not a readable zip archive ({e})")))?;
        Ok(Package {
            archive,
            limits: *limits,
            decompressed_so_far: 0,
            by_lower_case_name: None,
        })
    }

    /// The decompressed part, or `None` if the package has no such part. Only the parts the
    /// extractor asks for are ever decompressed: media such as photos are never touched.
    pub(super) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ExtractError> {
        let Some(index) = self.find(name) else {
            return Ok(None);
        };
        let budget_left = self
            .limits
            .max_total_bytes
            .saturating_sub(self.decompressed_so_far);
        let (limit, limit_error) = if budget_left < self.limits.max_part_bytes {
            let error = ExtractError::LimitExceeded {
                what: "decompressed size of all DOCX parts together",
                limit: self.limits.max_total_bytes,
            };
            (budget_left, error)
        } else {
            let error = ExtractError::LimitExceeded {
                what: "decompressed size of one DOCX part",
                limit: self.limits.max_part_bytes,
            };
            (self.limits.max_part_bytes, error)
        };
        let entry = self
            .archive
            .by_index(index)
            .map_err(|e| zip_error(name, e))?;
        if entry.size() > limit {
            return Err(limit_error);
        }
        // The declared size may lie: reading stops as soon as the limit is passed.
        let declared = usize::try_from(entry.size()).unwrap_or(0);
        let data = read_bounded(entry, limit, declared)
            .map_err(|e| corrupt(format!("{name}: cannot decompress ({e})")))?
            .ok_or(limit_error)?;
        let size = data.len() as u64;
        self.decompressed_so_far += size;
        Ok(Some(data))
    }

    /// Part names are case-insensitive in OPC, and some producers vary the case.
    /// The lower-case index is built on the first miss only, so that a hostile package with
    /// many entries and many dangling references costs linear, not quadratic, time.
    fn find(&mut self, name: &str) -> Option<usize> {
        if let Some(index) = self.archive.index_for_name(name) {
            return Some(index);
        }
        let archive = &self.archive;
        let by_lower_case = self.by_lower_case_name.get_or_insert_with(|| {
            archive
                .file_names()
                .filter_map(|n| Some((n.to_ascii_lowercase(), archive.index_for_name(n)?)))
                .collect()
        });
        by_lower_case.get(&name.to_ascii_lowercase()).copied()
    }

    pub(super) fn limits(&self) -> &Limits {
        &self.limits
    }
}

/// Everything `reader` yields, or `None` once it yields more than `limit` bytes. The buffer
/// never grows past the limit, so an oversized part costs at most `limit` bytes of memory
/// (`read_to_end` would double its buffer to twice that).
fn read_bounded(
    mut reader: impl Read,
    limit: u64,
    size_hint: usize,
) -> std::io::Result<Option<Vec<u8>>> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut data = Vec::with_capacity(size_hint.min(limit).min(1 << 20));
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        let read = match reader.read(&mut chunk) {
            Ok(0) => return Ok(Some(data)),
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let Some(fresh) = chunk.get(..read) else {
            return Ok(Some(data));
        };
        let new_len = data.len().saturating_add(read);
        if new_len > limit {
            return Ok(None);
        }
        if new_len > data.capacity() {
            let grown = data.capacity().saturating_mul(2).clamp(new_len, limit);
            data.reserve_exact(grown - data.len());
        }
        data.extend_from_slice(fresh);
    }
}

fn zip_error(name: &str, error: ZipError) -> ExtractError {
    match error {
        ZipError::UnsupportedArchive(why) => ExtractError::Unsupported(format!(
            "DOCX part {name} uses an unsupported zip feature: {why}"
        )),
        ZipError::CompressionMethodNotSupported(method) => ExtractError::Unsupported(format!(
            "DOCX part {name} uses zip compression method {method}, which atsfit does not read"
        )),
        other => corrupt(format!("{name}: {other}")),
    }
}

/// One `Relationship` of a `.rels` part, with its target resolved to a part name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Relationship {
    pub(super) kind: String,
    pub(super) part: String,
}

/// The relationships of `source_part` by id, internal targets only (hyperlinks are external).
pub(super) fn relationships(
    package: &mut Package<'_>,
    source_part: &str,
) -> Result<HashMap<String, Relationship>, ExtractError> {
    let (folder, file) = match source_part.rsplit_once('/') {
        Some((folder, file)) => (folder, file),
        None => ("", source_part),
    };
    let rels_name = if folder.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{folder}/_rels/{file}.rels")
    };
    let Some(xml) = package.read(&rels_name)? else {
        return Ok(HashMap::new());
    };
    let mut found = HashMap::new();
    let mut stream = XmlStream::new(&rels_name, &xml, package.limits().max_xml_depth);
    loop {
        match stream.next()? {
            Node::End => break,
            Node::Open { element, .. } if element.local_name().as_ref() == b"Relationship" => {
                let external = attribute(&element, b"TargetMode").as_deref() == Some(b"External");
                let (Some(id), Some(target), Some(kind)) = (
                    attribute(&element, b"Id"),
                    attribute(&element, b"Target"),
                    attribute(&element, b"Type"),
                ) else {
                    continue;
                };
                if external {
                    continue;
                }
                let target = String::from_utf8_lossy(&target);
                found.insert(
                    String::from_utf8_lossy(&id).into_owned(),
                    Relationship {
                        kind: String::from_utf8_lossy(&kind).into_owned(),
                        part: resolve_target(folder, &target),
                    },
                );
            }
            _ => {}
        }
    }
    Ok(found)
}

/// A relationship target made into a part name: relative to the source part's folder unless
/// it starts with `/`, with `.` and `..` segments folded.
pub(super) fn resolve_target(folder: &str, target: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let (base, relative) = match target.strip_prefix('/') {
        Some(absolute) => ("", absolute),
        None => (folder, target),
    };
    for segment in base.split('/').chain(relative.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    segments.join("/")
}

/// The main document part named by the package relationships, `word/document.xml` by default.
pub(super) fn main_document_part(package: &mut Package<'_>) -> Result<String, ExtractError> {
    let package_relationships = relationships(package, "")?;
    Ok(package_relationships
        .values()
        .find(|r| r.kind.ends_with("/officeDocument"))
        .map(|r| r.part.clone())
        .unwrap_or_else(|| "word/document.xml".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::{read_bounded, resolve_target};

    #[test]
    fn bounded_reads_stop_past_the_limit_and_never_overallocate() {
        let cases: [(usize, u64, bool); 5] = [
            (0, 0, true),
            (10, 10, true),
            (11, 10, false),
            (300_000, 300_000, true),
            (300_001, 300_000, false),
        ];
        for (length, limit, fits) in cases {
            let input = vec![b'x'; length];
            let outcome = read_bounded(input.as_slice(), limit, 0).unwrap();
            assert_eq!(outcome.is_some(), fits, "{length} bytes, limit {limit}");
            if let Some(data) = outcome {
                assert_eq!(data.len(), length);
                assert!(
                    data.capacity() as u64 <= limit.max(1),
                    "capacity {}",
                    data.capacity()
                );
            }
        }
    }

    #[test]
    fn targets_resolve_against_the_source_folder() {
        let cases = [
            ("word", "header1.xml", "word/header1.xml"),
            ("word", "/word/footer2.xml", "word/footer2.xml"),
            ("word", "../customXml/item1.xml", "customXml/item1.xml"),
            ("word", "./notes/footnotes.xml", "word/notes/footnotes.xml"),
            ("", "word/document.xml", "word/document.xml"),
            ("word", "../../../../x.xml", "x.xml"),
        ];
        for (folder, target, want) in cases {
            assert_eq!(resolve_target(folder, target), want, "{folder} + {target}");
        }
    }
}
