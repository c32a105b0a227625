//! AES-256 encrypted files (security handler revision 5 or 6) that open without a password.
//!
//! lopdf opens such a file by authenticating the empty password and then deriving the file key
//! again, five runs of the revision 6 password hash (each about 0.85 ms: it is made to be slow),
//! and it decrypts every stream at load, embedded fonts included. Here lopdf is handed a copy
//! of the file in which the trailer's `/Encrypt` and the object streams' `/ObjStm` are renamed
//! (same length, so every offset holds): it reads the objects as they are stored, the key is
//! derived once through lopdf's own password algorithm, the object streams are decrypted and
//! unpacked, and only the streams and strings extraction reads are decrypted, when it reads them.
//!
//! Anything else (other revisions, an `/Encrypt` that is not the trailer's) goes back to lopdf's
//! own loading, which is cheap for them.

use std::sync::{Arc, OnceLock};

use aho_corasick::AhoCorasick;
use lopdf::encryption::PasswordAlgorithm;
use lopdf::encryption::crypt_filters::{CryptFilter, IdentityCryptFilter};
use lopdf::xref::XrefEntry;
use lopdf::{Dictionary, Document, Object, ObjectStream, Stream};

use crate::extract::ExtractError;

/// What `/Encrypt` and `/ObjStm` become in the copy lopdf reads.
const ENCRYPT: &[u8] = b"/Encrypt";
const HIDDEN_ENCRYPT: &[u8] = b"/Encryp_";
const OBJECT_STREAM: &[u8] = b"/ObjStm";
const HIDDEN_OBJECT_STREAM: &[u8] = b"/ObjSt_";
/// The crypt filter method of AES-256, named only by revision 5 and 6 handlers.
const AES_256: &[u8] = b"/AESV3";
/// How far from the end the trailer (or cross-reference stream dictionary) is looked for.
const TRAILER_WINDOW: usize = 16 * 1024;

/// Decrypts the streams and strings of a file unlocked with the empty password.
pub(crate) struct Decryptor {
    key: Vec<u8>,
    streams: Arc<dyn CryptFilter>,
    strings: Arc<dyn CryptFilter>,
    crypt_filters: std::collections::BTreeMap<Vec<u8>, Arc<dyn CryptFilter>>,
    encrypt_metadata: bool,
}

/// The names this module looks for, found with a fast substring search: every PDF's tail is
/// searched, and an encrypted file's whole length.
fn names() -> Option<&'static AhoCorasick> {
    static NAMES: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    NAMES
        .get_or_init(|| AhoCorasick::new([ENCRYPT, OBJECT_STREAM, AES_256]).ok())
        .as_ref()
}

/// Where the names stand as name tokens in `bytes` (followed by a delimiter, whitespace or the
/// end, so `/EncryptMetadata` is not `/Encrypt`), with the index of the name.
fn name_positions(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    names()
        .into_iter()
        .flat_map(move |names| names.find_iter(bytes))
        .filter_map(move |found| {
            let ends = bytes
                .get(found.end())
                .is_none_or(|&b| !(b.is_ascii_alphanumeric() || b"_.-+#*".contains(&b)));
            ends.then(|| (found.start(), found.pattern().as_usize()))
        })
}

/// The copy of the file lopdf should read, when its trailer names an AES-256 handler.
pub(crate) fn hide_encryption(bytes: &[u8]) -> Option<Vec<u8>> {
    let tail = bytes.get(bytes.len().saturating_sub(TRAILER_WINDOW)..)?;
    name_positions(tail).find(|&(_, name)| name == 0)?;
    let found: Vec<(usize, usize)> = name_positions(bytes).collect();
    if !found.iter().any(|&(_, name)| name == 2) {
        return None;
    }
    let mut copy = bytes.to_vec();
    for (at, name) in found {
        let hidden = match name {
            0 => HIDDEN_ENCRYPT,
            1 => HIDDEN_OBJECT_STREAM,
            _ => continue,
        };
        if let Some(slot) = copy.get_mut(at..at + hidden.len()) {
            slot.copy_from_slice(hidden);
        }
    }
    Some(copy)
}

/// The outcome of unlocking a copy made by [`hide_encryption`].
pub(crate) enum Unlocked {
    Decrypted(Decryptor),
    /// Not a handler this module reads: load the original bytes with lopdf's own decryption.
    Unsupported,
}

fn number(dict: &Dictionary, key: &[u8]) -> Option<i64> {
    dict.get(key).ok().and_then(|o| o.as_i64().ok())
}

/// Derives the key of a document loaded from [`hide_encryption`]'s copy, and decrypts and
/// unpacks its object streams. A password other than the empty one is needed: `Encrypted`.
pub(crate) fn unlock(doc: &mut Document, limit: usize) -> Result<Unlocked, ExtractError> {
    let Some(encrypt) = doc.trailer.remove(b"Encryp_") else {
        return Ok(Unlocked::Unsupported);
    };
    // lopdf's password algorithm and crypt filters read the dictionary through the trailer.
    doc.trailer.set("Encrypt", encrypt);
    let Ok(dict) = doc.get_encrypted() else {
        return Ok(Unlocked::Unsupported);
    };
    let is_standard = dict.get(b"Filter").and_then(Object::as_name).ok() == Some(b"Standard");
    let revision = number(dict, b"R").unwrap_or(0);
    if !is_standard || number(dict, b"V") != Some(5) || !(5..=6).contains(&revision) {
        return Ok(Unlocked::Unsupported);
    }
    let encrypt_metadata = dict
        .get(b"EncryptMetadata")
        .and_then(Object::as_bool)
        .unwrap_or(true);
    let crypt_filters = doc.get_crypt_filters();
    let filter_named = |key: &[u8]| -> Option<Arc<dyn CryptFilter>> {
        match dict.get(key).and_then(Object::as_name) {
            Ok(b"Identity") | Err(_) => Some(Arc::new(IdentityCryptFilter)),
            Ok(name) => crypt_filters.get(name).cloned(),
        }
    };
    let (Some(streams), Some(strings)) = (filter_named(b"StmF"), filter_named(b"StrF")) else {
        return Ok(Unlocked::Unsupported);
    };
    let algorithm =
        PasswordAlgorithm::try_from(&*doc).map_err(|_| ExtractError::Encrypted("PDF"))?;
    let key = algorithm
        .sanitize_password("")
        .and_then(|password| algorithm.compute_file_encryption_key(doc, password))
        .map_err(|_| ExtractError::Encrypted("PDF"))?;
    doc.trailer.remove(b"Encrypt");
    let decryptor = Decryptor {
        key,
        streams,
        strings,
        crypt_filters,
        encrypt_metadata,
    };
    unpack_object_streams(doc, &decryptor, limit)?;
    Ok(Unlocked::Decrypted(decryptor))
}

/// Decrypts the object streams (renamed `/ObjSt_` in the copy) and adds their objects, as
/// lopdf does on load: never replacing an object, and only where the cross-reference table
/// places it in that stream.
fn unpack_object_streams(
    doc: &mut Document,
    decryptor: &Decryptor,
    limit: usize,
) -> Result<(), ExtractError> {
    let containers: Vec<(lopdf::ObjectId, Stream)> = doc
        .objects
        .iter()
        .filter_map(|(id, object)| match object {
            Object::Stream(stream) if stream.dict.has_type(b"ObjSt_") => {
                let content = decryptor.stream_bytes(stream)?;
                Some((*id, Stream::new(stream.dict.clone(), content)))
            }
            _ => None,
        })
        .collect();
    for (container, stream) in containers {
        let objects = match ObjectStream::new_with_limit(&stream, Some(limit)) {
            Ok(unpacked) => unpacked.objects,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                limit,
            })) => {
                return Err(ExtractError::LimitExceeded {
                    what: "decompressed stream size",
                    limit: limit as u64,
                });
            }
            Err(_) => continue,
        };
        for (id, object) in objects {
            let placed_here = match doc.reference_table.entries.get(&id.0) {
                Some(XrefEntry::Compressed { container: c, .. }) => *c == container.0,
                Some(XrefEntry::Free | XrefEntry::UnusableFree) => false,
                _ => true,
            };
            if placed_here {
                doc.objects.entry(id).or_insert(object);
            }
        }
    }
    Ok(())
}

impl Decryptor {
    /// The decrypted bytes of a stream, or `None` when they do not decrypt (damage).
    fn stream_bytes(&self, stream: &Stream) -> Option<Vec<u8>> {
        if stream.dict.has_type(b"XRef")
            || (!self.encrypt_metadata && stream.dict.has_type(b"Metadata"))
        {
            return Some(stream.content.clone());
        }
        // A /Crypt filter names the stream's own crypt filter (Identity when it names none).
        let has_crypt = stream
            .filters()
            .is_ok_and(|filters| filters.contains(&&b"Crypt"[..]));
        let own = has_crypt.then(|| {
            stream
                .dict
                .get(b"DecodeParms")
                .and_then(Object::as_dict)
                .and_then(|d| d.get(b"Name"))
                .and_then(Object::as_name)
                .ok()
                .and_then(|name| self.crypt_filters.get(name).cloned())
                .unwrap_or_else(|| Arc::new(IdentityCryptFilter))
        });
        let filter = own.as_ref().unwrap_or(&self.streams);
        filter.decrypt(&self.key, &stream.content).ok()
    }

    /// A copy of `stream` with its content decrypted, for lopdf to decode.
    pub(crate) fn decrypt_stream(&self, stream: &Stream) -> Option<Stream> {
        let content = self.stream_bytes(stream)?;
        Some(Stream {
            dict: stream.dict.clone(),
            content,
            allows_compression: stream.allows_compression,
            start_position: stream.start_position,
        })
    }

    /// The decrypted bytes of a string, or its bytes as they stand when they do not decrypt.
    pub(crate) fn decrypt_string(&self, bytes: &[u8]) -> Vec<u8> {
        self.strings
            .decrypt(&self.key, bytes)
            .unwrap_or_else(|_| bytes.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_whole_tokens() {
        let bytes = b"<< /EncryptMetadata false /Encrypt 5 0 R /Encrypt/X /ObjStm /AESV3";
        let found: Vec<(usize, usize)> = name_positions(bytes).collect();
        assert_eq!(found, vec![(26, 0), (41, 0), (52, 1), (60, 2)]);
    }

    #[test]
    fn only_files_naming_aes_256_in_their_trailer_are_copied() {
        assert!(hide_encryption(b"%PDF-1.7 trailer << /Root 1 0 R >>").is_none());
        assert!(hide_encryption(b"/CFM /AESV2 trailer << /Encrypt 3 0 R >>").is_none());
        let copy = hide_encryption(b"/CFM /AESV3 /Type /ObjStm trailer << /Encrypt 3 0 R >>");
        assert_eq!(
            copy.as_deref(),
            Some(&b"/CFM /AESV3 /Type /ObjSt_ trailer << /Encryp_ 3 0 R >>"[..])
        );
    }
}
