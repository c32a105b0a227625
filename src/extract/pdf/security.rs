//! AES-256 encrypted files (security handler revision 5 or 6) that open without a password.
//!
//! lopdf opens such a file by authenticating the empty password and then deriving the file key
//! again, five runs of the revision 6 password hash (each about 0.85 ms: it is made to be slow),
//! and it decrypts every stream at load, embedded fonts included. `load` hands lopdf the file
//! with `/Encrypt` hidden, so lopdf reads the objects as they are stored, and only the streams
//! and strings extraction reads are decrypted, when it reads them (object streams as `load`
//! unpacks them). The key of a revision 6 file takes one run of the hash here: the user branch
//! of Algorithm 2.A, with the key checked against `/Perms` (Algorithm 13) instead of by a
//! second run. When they disagree, one run tells whether the empty password is the user
//! password all the same (a damaged `/Perms`) and one whether it is the owner password (an odd
//! file, but one that opens); if neither, the file needs a password. That is three runs, as
//! long as lopdf's fallback took after the first, but lopdf refused a file whose `/Perms` alone
//! was damaged, which pdftotext reads.
//!
//! Anything else (other handlers and revisions) is decrypted by lopdf, all at once, which is
//! cheap for them.

use std::sync::Arc;

use aes::cipher::{BlockModeDecrypt as _, BlockModeEncrypt as _, KeyInit as _, KeyIvInit as _};
use lopdf::encryption::PasswordAlgorithm;
use lopdf::encryption::crypt_filters::{CryptFilter, IdentityCryptFilter};
use lopdf::{Dictionary, Document, Object, Stream};
use sha2::{Digest as _, Sha256, Sha384, Sha512};

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
    let key = match (revision == 6)
        .then(|| empty_password_key_r6(dict))
        .flatten()
    {
        Some(EmptyPassword::Opens(key)) => key,
        Some(EmptyPassword::Refused) => return Err(ExtractError::Encrypted("PDF")),
        None => {
            let algorithm =
                PasswordAlgorithm::try_from(&*doc).map_err(|_| ExtractError::Encrypted("PDF"))?;
            algorithm
                .sanitize_password("")
                .and_then(|password| algorithm.compute_file_encryption_key(doc, password))
                .map_err(|_| ExtractError::Encrypted("PDF"))?
        }
    };
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

/// What the empty password does to a revision 6 file.
#[derive(Debug, PartialEq)]
enum EmptyPassword {
    /// It is the user or the owner password: the file key.
    Opens(Vec<u8>),
    /// It is neither: the file needs a password.
    Refused,
}

/// Tries the empty password on a revision 6 file (Algorithm 2.A). As the user password: the
/// password hash over the user key salt decrypts `/UE` into the key, and the key decrypts
/// `/Perms` into the permissions the dictionary states (one run of the hash). If `/Perms`
/// disagrees, the user validation hash decides (a second run): a damaged `/Perms` does not
/// lock the file, as it does not for pdftotext. Then, as the owner password: its hash over the
/// owner validation salt and `/U` must equal the start of `/O` (a third run), and only then is
/// the key derived from `/OE`. `None` when the dictionary is not as the standard describes
/// (strings too short): lopdf decides then.
fn empty_password_key_r6(dict: &Dictionary) -> Option<EmptyPassword> {
    let string = |key: &[u8]| dict.get(key).ok()?.as_str().ok();
    let user = string(b"U")?.get(..48)?;
    let owner = string(b"O")?.get(..48)?;
    let user_encrypted_key: [u8; 32] = string(b"UE")?.try_into().ok()?;
    let owner_encrypted_key: [u8; 32] = string(b"OE")?.try_into().ok()?;
    let perms: [u8; 16] = string(b"Perms")?.get(..16)?.try_into().ok()?;
    let permissions = number(dict, b"P")?;
    let encrypt_metadata = dict
        .get(b"EncryptMetadata")
        .and_then(Object::as_bool)
        .unwrap_or(true);
    // The key `hash` decrypts from `encrypted`, and whether `/Perms` agrees with it.
    let decrypt_key = |hash: [u8; 32], encrypted: [u8; 32]| {
        let mut key = encrypted;
        let mut decryptor = cbc::Decryptor::<aes::Aes256>::new(&hash.into(), &[0u8; 16].into());
        for block in key.chunks_exact_mut(16) {
            if let Ok(block) = <&mut [u8; 16]>::try_from(block) {
                decryptor.decrypt_block(block.into());
            }
        }
        let mut check = perms;
        ecb::Decryptor::<aes::Aes256>::new(&key.into()).decrypt_block((&mut check).into());
        let stated = permissions.to_le_bytes();
        let metadata_flag = if encrypt_metadata { b'T' } else { b'F' };
        let agrees = check.get(9..12) == Some(b"adb".as_slice())
            && check.get(..3) == stated.get(..3)
            && check.get(8) == Some(&metadata_flag);
        (key.to_vec(), agrees)
    };

    let user_key_salt = user.get(40..48)?;
    let (key, agrees) = decrypt_key(
        password_hash_r6(b"", user_key_salt, &[]),
        user_encrypted_key,
    );
    if agrees {
        return Some(EmptyPassword::Opens(key));
    }
    // `/Perms` disagrees: a damaged entry (pdftotext does not read it) or another password.
    let user_validation_salt = user.get(32..40)?;
    if password_hash_r6(b"", user_validation_salt, &[]).as_slice() == user.get(..32)? {
        return Some(EmptyPassword::Opens(key));
    }
    let owner_validation_salt = owner.get(32..40)?;
    if password_hash_r6(b"", owner_validation_salt, user).as_slice() != owner.get(..32)? {
        return Some(EmptyPassword::Refused);
    }
    let owner_key_salt = owner.get(40..48)?;
    let (key, _) = decrypt_key(
        password_hash_r6(b"", owner_key_salt, user),
        owner_encrypted_key,
    );
    Some(EmptyPassword::Opens(key))
}

/// Algorithm 2.B of ISO 32000-2: at least 64 rounds of AES-128-CBC over 64 copies of password,
/// hash and `user_key` (`/U` for the owner password, nothing for the user password), each
/// followed by SHA-256, -384 or -512 as the round's output picks.
fn password_hash_r6(password: &[u8], salt: &[u8], user_key: &[u8]) -> [u8; 32] {
    let mut hash: Vec<u8> = Sha256::new()
        .chain_update(password)
        .chain_update(salt)
        .chain_update(user_key)
        .finalize()
        .to_vec();
    let mut round = 0u32;
    let mut block_input = Vec::with_capacity(64 * (password.len() + 64 + user_key.len()));
    loop {
        round += 1;
        block_input.clear();
        for _ in 0..64 {
            block_input.extend_from_slice(password);
            block_input.extend_from_slice(&hash);
            block_input.extend_from_slice(user_key);
        }
        let key: Option<[u8; 16]> = hash.get(..16).and_then(|k| k.try_into().ok());
        let iv: Option<[u8; 16]> = hash.get(16..32).and_then(|v| v.try_into().ok());
        let (Some(key), Some(iv)) = (key, iv) else {
            return [0; 32];
        };
        let mut encryptor = cbc::Encryptor::<aes::Aes128>::new(&key.into(), &iv.into());
        for block in block_input.chunks_exact_mut(16) {
            if let Ok(block) = <&mut [u8; 16]>::try_from(block) {
                encryptor.encrypt_block(block.into());
            }
        }
        let pick: u32 = block_input.iter().take(16).map(|&b| u32::from(b)).sum();
        hash = match pick % 3 {
            0 => Sha256::digest(&block_input).to_vec(),
            1 => Sha384::digest(&block_input).to_vec(),
            _ => Sha512::digest(&block_input).to_vec(),
        };
        let last = block_input.last().copied().map_or(0, u32::from);
        if round >= 64 && last <= round - 32 {
            break;
        }
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(hash.get(..32).unwrap_or(&[0; 32]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixture loaded as stored: `/Encrypt` renamed (same length) so lopdf leaves it alone.
    fn stored(name: &str) -> Document {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/pdf")
            .join(name);
        let mut bytes = std::fs::read(path).unwrap_or_default();
        if let Some(at) = bytes.windows(8).position(|w| w == b"/Encrypt") {
            bytes[at + 1] = b'X';
        }
        let mut doc = Document::load_mem(&bytes).unwrap_or_default();
        if let Some(value) = doc.trailer.remove(b"Xncrypt") {
            doc.trailer.set("Encrypt", value);
        }
        doc
    }

    #[test]
    fn one_hash_finds_the_key_lopdf_derives_and_only_for_the_empty_password() {
        let doc = stored("qpdf-encrypted-empty-userpw.pdf");
        let dict = doc.get_encrypted().cloned().unwrap_or_default();
        assert_eq!(number(&dict, b"R"), Some(6));
        let theirs = PasswordAlgorithm::try_from(&doc)
            .ok()
            .and_then(|a| a.compute_file_encryption_key(&doc, b"").ok());
        assert!(theirs.is_some());
        assert_eq!(
            empty_password_key_r6(&dict),
            theirs.map(EmptyPassword::Opens)
        );

        let locked = stored("qpdf-encrypted-userpw.pdf");
        let dict = locked.get_encrypted().cloned().unwrap_or_default();
        assert!(dict.has(b"UE"));
        assert_eq!(empty_password_key_r6(&dict), Some(EmptyPassword::Refused));
    }
}
