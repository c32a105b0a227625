//! Reading lopdf objects defensively, and decompressing streams within the file's budget.

use std::borrow::Cow;

use flate2::{Decompress, FlushDecompress, Status};
use lopdf::{Dictionary, Document, Object, Stream};

use super::security::Decryptor;
use crate::extract::{ExtractError, Limits};

/// Access to the document with the cost of decompression counted against the limits.
pub(crate) struct Reader<'a> {
    pub(crate) doc: &'a Document,
    pub(crate) limits: Limits,
    decompressed_total: u64,
    /// Decrypts what is read of a file lopdf loaded without decrypting it.
    decryptor: Option<&'a Decryptor>,
    inflater: Inflater,
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
            inflater: Inflater::default(),
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
        let decoded = match self.inflater.inflate_plain(stream, limit) {
            Some(inflated) => inflated,
            None => stream.decompressed_content_with_limit(limit),
        };
        match decoded {
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

/// Inflates the common stream, `/FlateDecode` alone without a predictor, with one decompressor
/// for the whole file. lopdf sets up a new one per stream, a 32 KB window allocated and zeroed
/// each time: a Chromium resume has a stream per font, and that set-up cost more than the
/// inflating. Reads as lopdf reads, but that a damaged stream yields all that inflated before
/// the damage (lopdf drops the last read's worth); one that yields nothing is left to lopdf,
/// which tries it again as raw deflate.
#[derive(Default)]
struct Inflater {
    decompress: Option<Decompress>,
}

impl Inflater {
    /// The stream's data, or `None` when it is not the common kind, or its zlib wrapper is
    /// damaged from the start: lopdf decodes those.
    fn inflate_plain(&mut self, stream: &Stream, limit: usize) -> Option<lopdf::Result<Vec<u8>>> {
        if !is_plain_flate(&stream.dict) || stream.content.is_empty() {
            return None;
        }
        let decompress = self.decompress.get_or_insert_with(|| Decompress::new(true));
        decompress.reset(true);
        let input = stream.content.as_slice();
        let cap = limit.saturating_add(1);
        // Room for 8× the input: page content often inflates past 3× (the room this began
        // with), and growing a buffer of hundreds of kilobytes copies it.
        let mut output = Vec::with_capacity(input.len().saturating_mul(8).min(cap));
        loop {
            let consumed = decompress.total_in() as usize;
            let rest = input.get(consumed..).unwrap_or_default();
            if output.len() == output.capacity() {
                // `reserve_exact` may give more than asked: the room left is what counts.
                let grow = output
                    .capacity()
                    .max(4096)
                    .min(cap.saturating_sub(output.len()));
                if grow == 0 {
                    break;
                }
                output.reserve_exact(grow);
            }
            let before = (decompress.total_in(), decompress.total_out());
            match decompress.decompress_vec(rest, &mut output, FlushDecompress::None) {
                Ok(Status::StreamEnd) => break,
                Ok(_) if before == (decompress.total_in(), decompress.total_out()) => break,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        if output.is_empty() {
            return None;
        }
        if output.len() > limit {
            return Some(Err(lopdf::Error::Decompress(
                lopdf::DecompressError::MemoryLimitExceeded { limit },
            )));
        }
        Some(Ok(output))
    }
}

/// `/Filter /FlateDecode` (or an array of it alone) and no predictor.
fn is_plain_flate(dict: &Dictionary) -> bool {
    let flate = match dict.get(b"Filter") {
        Ok(Object::Name(name)) => name == b"FlateDecode",
        Ok(Object::Array(filters)) => {
            matches!(&filters[..], [Object::Name(name)] if name == b"FlateDecode")
        }
        _ => false,
    };
    let no_predictor = match dict.get(b"DecodeParms") {
        Err(_) | Ok(Object::Null) => true,
        Ok(Object::Dictionary(params)) => params
            .get(b"Predictor")
            .map_or(true, |p| p.as_i64().is_ok_and(|p| p <= 1)),
        _ => false,
    };
    flate && no_predictor
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use lopdf::dictionary;

    use super::*;

    fn flate_stream(data: &[u8]) -> Stream {
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).unwrap_or_default();
        let compressed = encoder.finish().unwrap_or_default();
        Stream::new(dictionary! { "Filter" => "FlateDecode" }, compressed)
    }

    #[test]
    fn inflates_as_lopdf_does_with_one_decompressor() {
        let mut inflater = Inflater::default();
        let text: Vec<u8> = (0..50_000u32).flat_map(|n| n.to_le_bytes()).collect();
        let whole = flate_stream(&text);
        let mut cut = whole.clone();
        cut.content.truncate(cut.content.len() / 2);
        let mut damaged = whole.clone();
        if let Some(byte) = damaged.content.get_mut(300) {
            *byte ^= 0x55;
        }
        // Twice each, in turn: the decompressor carries nothing from one stream to the next.
        for stream in [&whole, &cut, &damaged, &whole, &cut, &damaged] {
            let ours = inflater.inflate_plain(stream, usize::MAX - 1);
            let theirs = stream
                .decompressed_content_with_limit(usize::MAX - 1)
                .unwrap_or_default();
            let Some(ours) = ours.and_then(Result::ok) else {
                panic!("not inflated");
            };
            // lopdf loses what inflated in the read that met the damage; this keeps it.
            let (kept, lost) = (ours.len(), theirs.len());
            assert!(ours.starts_with(&theirs), "{kept} and {lost} bytes");
            if stream == &whole {
                assert_eq!(ours, text);
            }
        }
    }

    #[test]
    fn stops_at_the_limit_and_leaves_other_filters_to_lopdf() {
        let mut inflater = Inflater::default();
        let stream = flate_stream(&vec![b'x'; 100_000]);
        let result = inflater.inflate_plain(&stream, 1000);
        assert!(matches!(
            result,
            Some(Err(lopdf::Error::Decompress(
                lopdf::DecompressError::MemoryLimitExceeded { limit: 1000 }
            )))
        ));
        let mut predicted = stream.clone();
        predicted
            .dict
            .set("DecodeParms", dictionary! { "Predictor" => 12 });
        assert!(inflater.inflate_plain(&predicted, usize::MAX - 1).is_none());
        let mut chained = stream;
        chained.dict.set(
            "Filter",
            vec![
                Object::Name(b"ASCIIHexDecode".to_vec()),
                "FlateDecode".into(),
            ],
        );
        assert!(inflater.inflate_plain(&chained, usize::MAX - 1).is_none());
    }
}
