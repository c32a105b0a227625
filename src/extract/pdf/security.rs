//! AES-256 encrypted files (security handler revision 5 or 6) that open without a password.
//!
//! lopdf opens such a file by authenticating the empty password and then deriving the file key
//! again, five runs of the revision 6 password hash (each about 0.85 ms: it is made to be slow),
//! and it decrypts every stream at load, embedded fonts included. `load` hands lopdf the file
//! with `/Encrypt` hidden, so lopdf reads the objects as they are stored; here the key is
//! derived once through lopdf's own password algorithm, and only the streams and strings
//! extraction reads are decrypted, when it reads them (object streams as `load` unpacks them).
//!
//! Anything else (other handlers and revisions) is decrypted by lopdf, all at once, which is
//! cheap for them.

use std::sync::Arc;

use lopdf::encryption::PasswordAlgorithm;
use lopdf::encryption::crypt_filters::{CryptFilter, IdentityCryptFilter};
use lopdf::{Dictionary, Document, Object, Stream};

use crate::extract::ExtractError;

/// Decrypts the streams and strings of a file unlocked with the empty password.
pub(crate) struct Decryptor {
    key: Vec<u8>,
    streams: Arc<dyn CryptFilter>,
    strings: Arc<dyn CryptFilter>,
    crypt_filters: std::collections::BTreeMap<Vec<u8>, Arc<dyn CryptFilter>>,
    encrypt_metadata: bool,
}

/// The outcome of [`unlock`].
pub(crate) enum Unlocked {
    Decrypted(Decryptor),
    /// Not a handler this module reads: lopdf decrypts the whole document instead.
    Unsupported,
}

fn number(dict: &Dictionary, key: &[u8]) -> Option<i64> {
    dict.get(key).ok().and_then(|o| o.as_i64().ok())
}

/// Derives the key of a document loaded with its `/Encrypt` entry hidden from lopdf (and put
/// back in the trailer since). A password other than the empty one is needed: `Encrypted`.
pub(crate) fn unlock(doc: &mut Document) -> Result<Unlocked, ExtractError> {
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
    Ok(Unlocked::Decrypted(Decryptor {
        key,
        streams,
        strings,
        crypt_filters,
        encrypt_metadata,
    }))
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
