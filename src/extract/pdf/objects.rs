//! Reading lopdf objects defensively, and decompressing streams within the file's budget.

use std::borrow::Cow;

use lopdf::{Document, Object};

use super::security::Decryptor;
use crate::extract::{ExtractError, Limits};

/// Access to the document with the cost of decompression counted against the limits.
pub(crate) struct Reader<'a> {
    pub(crate) doc: &'a Document,
    pub(crate) limits: Limits,
    decompressed_total: u64,
    /// Decrypts what is read of a file lopdf loaded without decrypting it.
    decryptor: Option<&'a Decryptor>,
}

/// The object itself, or the one it refers to: direct objects (most numbers and names) skip
/// the document lookup.
fn direct<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    match obj {
        Object::Reference(_) => doc.dereference(obj).ok().map(|(_, o)| o),
        _ => Some(obj),
    }
}

pub(crate) fn as_number(doc: &Document, obj: &Object) -> Option<f32> {
    match direct(doc, obj)? {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

pub(crate) fn name_of<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a [u8]> {
    match direct(doc, obj)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

/// Numbers of a rectangle or matrix array.
pub(crate) fn numbers(doc: &Document, obj: &Object) -> Vec<f32> {
    match direct(doc, obj) {
        Some(Object::Array(items)) => items.iter().filter_map(|o| as_number(doc, o)).collect(),
        _ => Vec::new(),
    }
}

impl<'a> Reader<'a> {
    pub(crate) fn new(
        doc: &'a Document,
        limits: &Limits,
        decryptor: Option<&'a Decryptor>,
    ) -> Reader<'a> {
        Reader {
            doc,
            limits: *limits,
            decompressed_total: 0,
            decryptor,
        }
    }

    /// A string's bytes, decrypted when the file is.
    pub(crate) fn string_bytes<'s>(&self, bytes: &'s [u8]) -> Cow<'s, [u8]> {
        match self.decryptor {
            Some(decryptor) => Cow::Owned(decryptor.decrypt_string(bytes)),
            None => Cow::Borrowed(bytes),
        }
    }

    pub(crate) fn resolve(&self, obj: &'a Object) -> Option<&'a Object> {
        direct(self.doc, obj)
    }

    /// The decoded bytes of a stream object, or `None` when it is not a stream or its data is
    /// damaged (a damaged stream costs the text it holds, not the whole file). A stream that
    /// would decompress beyond the limits fails the file: that is a bomb, not damage.
    pub(crate) fn stream_content(
        &mut self,
        obj: &'a Object,
    ) -> Result<Option<Vec<u8>>, ExtractError> {
        let Some(Object::Stream(stream)) = self.resolve(obj) else {
            return Ok(None);
        };
        let total_left = self
            .limits
            .max_total_bytes
            .saturating_sub(self.decompressed_total);
        let per_stream = self.limits.max_part_bytes.min(total_left);
        let limit = usize::try_from(per_stream).unwrap_or(usize::MAX);
        let decrypted;
        let stream = match self.decryptor {
            Some(decryptor) => match decryptor.decrypt_stream(stream) {
                Some(plain) => {
                    decrypted = plain;
                    &decrypted
                }
                None => return Ok(None),
            },
            None => stream,
        };
        match stream.decompressed_content_with_limit(limit) {
            Ok(data) => {
                self.decompressed_total += data.len() as u64;
                Ok(Some(data))
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => Err(if per_stream < self.limits.max_part_bytes {
                ExtractError::LimitExceeded {
                    what: "total decompressed size",
                    limit: self.limits.max_total_bytes,
                }
            } else {
                ExtractError::LimitExceeded {
                    what: "decompressed stream size",
                    limit: self.limits.max_part_bytes,
                }
            }),
            Err(_) => Ok(None),
        }
    }
}
