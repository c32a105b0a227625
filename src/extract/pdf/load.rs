//! Loading a PDF into lopdf's object model without letting the file pick the cost.
//!
//! lopdf parses every object of a file when it loads it, into a model far larger than the
//! syntax: a number or a name takes a 120-byte `Object` and an array at least 600 bytes, so the
//! two bytes `[]` cost 600 bytes of memory. It also parses an object again for every
//! cross-reference entry or object-stream entry that points at it, and expands object streams
//! before anything can look at them. Files of a few kilobytes built on that reached gigabytes.
//! So the load runs on a budget, `Limits::max_object_bytes`, an upper bound of what lopdf
//! allocates:
//! 1. before lopdf runs, the object syntax is weighed ([`syntax_weight`]): a file whose syntax
//!    alone would exceed the budget is refused;
//! 2. while lopdf loads, a filter charges every object it parses to the budget and drops the
//!    ones it already has; past the budget the load is abandoned;
//! 3. the filter renames the type of object streams, so that lopdf keeps them as plain streams,
//!    and their `/First` is renamed in a copy of the bytes (same length: every offset holds), so
//!    that no other path of lopdf's (an indirect `/Length` stored in one) can unpack them;
//!    [`expand_object_streams`] reads them here: each entry's bytes are weighed before they are
//!    parsed, and parsed once;
//! 4. lopdf's loader skips the filter for encrypted files, so `/Encrypt` is renamed too, and the
//!    document is unlocked after the load with the empty user password (an AES-256 file by
//!    `security`, which decrypts what is read as it is read; others all at once).
//!
//! lopdf gives a filter no way to stop a load, so step 2 unwinds out of it with
//! [`panic::resume_unwind`] (which runs no panic hook) and catches that in this module; the
//! budget lives in a thread-local because the filter is a plain `fn`. Both rely on lopdf
//! loading on the calling thread, which holds while its `rayon` feature is off (Cargo.toml).

use std::cell::RefCell;
use std::collections::HashSet;
use std::panic::{self, AssertUnwindSafe};

use lopdf::xref::{XrefEntry, XrefRecovery};
use lopdf::{Document, Object, ObjectId, Stream, dictionary};

use self::syntax::{ENTRY, Hidden, VALUE, hide_names, syntax_weight, weigh};
use super::security::{self, Decryptor, Unlocked};
use crate::extract::{ExtractError, Limits};

mod lazy;
mod parser;
mod syntax;

pub(super) use self::parser::{KEPT_DIFFERENCES, kept_differences};

/// The type object streams are given while lopdf loads, so that it keeps them as they are.
const HIDDEN_OBJECT_STREAM: &[u8] = b"AtsfitHiddenObjStm";
/// lopdf decompresses cross-reference streams as it loads, and keeps about 40 bytes per entry of
/// 5 to 10 bytes; 8 MB holds a million entries, five times `Limits::max_objects`.
const MAX_XREF_STREAM_BYTES: u64 = 8 << 20;

struct Budget {
    left: u64,
    seen: HashSet<ObjectId>,
}

thread_local! {
    /// The budget of the load running on this thread, for [`charge`].
    static BUDGET: RefCell<Option<Budget>> = const { RefCell::new(None) };
}

/// The payload of the unwinding that abandons a load.
struct OverBudget;

/// Loads `bytes` within `limits.max_object_bytes`, decrypted if the user password is empty,
/// with the objects of object streams in place.
pub(super) fn load(
    bytes: &[u8],
    limits: &Limits,
) -> Result<(Document, Option<Decryptor>), ExtractError> {
    if let Some(loaded) = lazy::load(bytes, limits) {
        return loaded;
    }
    check_object_count(bytes, limits)?;
    let mut left = limits.max_object_bytes;
    let syntax = weigh(bytes, left);
    if syntax.weight > left {
        return Err(over_budget(limits));
    }
    let (bytes, hidden) = hide_names(bytes, &syntax);
    drop(syntax);
    let mut loaded = load_once(&bytes, &hidden, false, &mut left, limits)?;
    // lopdf rebuilds the cross-reference table of a file whose page tree did not load, but
    // only when it loads without a filter; this does the same, on what is left of the budget.
    let (doc, _) = &loaded;
    if !page_tree_loaded(doc)
        && doc.xref_recovery != Some(XrefRecovery::Reconstructed)
        && let Ok(rebuilt) = load_once(&bytes, &hidden, true, &mut left, limits)
        && rebuilt.0.xref_recovery == Some(XrefRecovery::Reconstructed)
        && page_tree_loaded(&rebuilt.0)
    {
        loaded = rebuilt;
    }
    Ok(loaded)
}

/// lopdf holds every object of the file in memory, so refuse a file that declares more than the
/// limit before parsing it: counting `obj` keywords costs one pass over the bytes. Objects inside
/// object streams are counted after loading (their streams are bounded by `max_part_bytes`).
fn check_object_count(bytes: &[u8], limits: &Limits) -> Result<(), ExtractError> {
    // The smallest object, "1 0 obj null endobj", takes about 20 bytes: a small file cannot
    // exceed the limit, and resumes are small.
    if bytes.len() / 16 < limits.max_objects {
        return Ok(());
    }
    let mut count = 0usize;
    let mut rest = bytes;
    while let Some(at) = rest.iter().position(|&b| b == b'o') {
        let tail = rest.get(at..).unwrap_or_default();
        if tail.starts_with(b"obj") {
            count += 1;
            if count > limits.max_objects.saturating_mul(2) {
                // "endobj" matches too, hence twice the limit.
                return Err(ExtractError::LimitExceeded {
                    what: "PDF objects",
                    limit: limits.max_objects as u64,
                });
            }
        }
        rest = rest.get(at + 1..).unwrap_or_default();
    }
    Ok(())
}

fn load_error(error: lopdf::Error) -> ExtractError {
    match error {
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => {
            ExtractError::Encrypted("PDF")
        }
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => {
            ExtractError::LimitExceeded {
                what: "decompressed stream size",
                limit: limit as u64,
            }
        }
        other => ExtractError::Corrupt {
            format: "PDF",
            detail: other.to_string(),
        },
    }
}

fn over_budget(limits: &Limits) -> ExtractError {
    ExtractError::LimitExceeded {
        what: "memory of the PDF's objects",
        limit: limits.max_object_bytes,
    }
}

/// One budgeted lopdf load, then decryption, object streams, and the stream data lopdf could
/// not place without them.
fn load_once(
    bytes: &[u8],
    hidden: &Hidden,
    force_reconstruct: bool,
    left: &mut u64,
    limits: &Limits,
) -> Result<(Document, Option<Decryptor>), ExtractError> {
    let options = lopdf::LoadOptions {
        filter: Some(charge),
        max_decompressed_size: Some(
            usize::try_from(limits.max_part_bytes.min(MAX_XREF_STREAM_BYTES)).unwrap_or(usize::MAX),
        ),
        force_reconstruct,
        ..Default::default()
    };
    BUDGET.with(|b| {
        b.replace(Some(Budget {
            left: *left,
            seen: HashSet::new(),
        }))
    });
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        Document::load_mem_with_options(bytes, options)
    }));
    let budget = BUDGET.with(RefCell::take);
    *left = budget.map_or(0, |b| b.left);
    let mut doc = match outcome {
        Ok(Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
            limit,
        }))) => {
            // Only cross-reference streams are decompressed while lopdf loads.
            return Err(ExtractError::LimitExceeded {
                what: "decompressed cross-reference stream size",
                limit: limit as u64,
            });
        }
        Ok(loaded) => loaded.map_err(load_error)?,
        Err(payload) if payload.is::<OverBudget>() => return Err(over_budget(limits)),
        // Not ours: a bug in lopdf, which the caller's guard reports as such.
        Err(payload) => panic::resume_unwind(payload),
    };
    let decryptor = restore_encryption(&mut doc, &hidden.encrypt)?;
    expand_object_streams(&mut doc, decryptor.as_ref(), &hidden.first, left, limits)?;
    fill_deferred_streams(&mut doc, bytes, left, limits)?;
    Ok((doc, decryptor))
}

/// lopdf's load filter: charges each object parsed to the thread's budget, drops repeated
/// objects, hides object streams, and abandons the load past the budget.
///
/// lopdf keeps the object it passed in (changed in place), not the one returned, when the
/// filter returns `Some`; the `Null` returned is only a "keep".
fn charge(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    let weight = VALUE.saturating_add(object_weight(object));
    let verdict = BUDGET.with(|cell| {
        let mut budget = cell.borrow_mut();
        let budget = budget.as_mut()?;
        if weight > budget.left {
            return Some(Err(OverBudget));
        }
        budget.left -= weight;
        Some(Ok(budget.seen.insert(id)))
    });
    match verdict {
        Some(Err(over)) => panic::resume_unwind(Box::new(over)),
        // A second parse of an object already loaded: many entries point at it.
        Some(Ok(false)) => return None,
        Some(Ok(true)) | None => {}
    }
    if let Object::Stream(stream) = object
        && stream.dict.has_type(b"ObjStm")
    {
        stream
            .dict
            .set("Type", Object::Name(HIDDEN_OBJECT_STREAM.to_vec()));
    }
    Some((id, Object::Null))
}

/// The heap an object holds, as lopdf built it.
fn object_weight(object: &Object) -> u64 {
    let size = std::mem::size_of::<Object>() as u64;
    let mut total = 0u64;
    let mut stack = vec![object];
    while let Some(object) = stack.pop() {
        let own = match object {
            Object::Name(bytes) | Object::String(bytes, _) => bytes.capacity() as u64,
            Object::Array(items) => {
                stack.extend(items.iter());
                items.capacity() as u64 * size
            }
            Object::Dictionary(dict) => dict
                .iter()
                .map(|(key, value)| {
                    stack.push(value);
                    size + ENTRY + key.capacity() as u64
                })
                .sum(),
            Object::Stream(stream) => {
                let dict: u64 = stream
                    .dict
                    .iter()
                    .map(|(key, value)| {
                        stack.push(value);
                        size + ENTRY + key.capacity() as u64
                    })
                    .sum();
                dict + stream.content.capacity() as u64
            }
            _ => 0,
        };
        total = total.saturating_add(own);
    }
    total
}

/// Puts back the `/Encrypt` entry [`hide_names`] renamed, and unlocks the file with the empty
/// user password: an AES-256 file through [`security`], which decrypts what is read when it is
/// read, any other by decrypting every object, as lopdf's loader does. A file that needs a
/// password fails.
fn restore_encryption(
    doc: &mut Document,
    encrypt_keys: &[Vec<u8>],
) -> Result<Option<Decryptor>, ExtractError> {
    let Some(value) = encrypt_keys.iter().find_map(|key| doc.trailer.remove(key)) else {
        return Ok(None);
    };
    doc.trailer.set("Encrypt", value);
    if let Unlocked::Decrypted(decryptor) = security::unlock(doc)? {
        return Ok(Some(decryptor));
    }
    // An object that fails to decrypt keeps its bytes, as in lopdf's loader; only a document
    // left encrypted is an error.
    let _ = doc.decrypt("");
    if doc.trailer.has(b"Encrypt") {
        return Err(ExtractError::Encrypted("PDF"));
    }
    Ok(None)
}

/// Adds the objects of the object streams the load filter hid. Like lopdf, an object the
/// cross-reference data places elsewhere, or one already loaded, is left alone.
fn expand_object_streams(
    doc: &mut Document,
    decryptor: Option<&Decryptor>,
    first_keys: &[Vec<u8>],
    left: &mut u64,
    limits: &Limits,
) -> Result<(), ExtractError> {
    let containers: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| matches!(o, Object::Stream(s) if s.dict.has_type(HIDDEN_OBJECT_STREAM)))
        .map(|(id, _)| *id)
        .collect();
    for container in containers {
        let Some(Object::Stream(stream)) = doc.objects.get(&container) else {
            continue;
        };
        // A file decrypted as it is read still holds the stream as stored.
        let decrypted;
        let stream = match decryptor {
            Some(decryptor) => match decryptor.decrypt_stream(stream) {
                Some(plain) => {
                    decrypted = plain;
                    &decrypted
                }
                None => continue,
            },
            None => stream,
        };
        let members = read_object_stream(stream, first_keys, left, limits)?;
        for (id, object) in members {
            let placed_elsewhere = match doc.reference_table.get(id.0) {
                Some(XrefEntry::Compressed { container: c, .. }) => *c != container.0,
                Some(XrefEntry::Free | XrefEntry::UnusableFree) => true,
                Some(XrefEntry::Normal { .. }) | None => false,
            };
            if !placed_elsewhere {
                doc.objects.entry(id).or_insert(object);
            }
        }
    }
    Ok(())
}

/// The objects of one object stream. Each entry is parsed alone, from its offset to the next
/// entry's, so no byte is parsed twice; a damaged stream or entry is skipped, as lopdf does.
fn read_object_stream(
    stream: &Stream,
    first_keys: &[Vec<u8>],
    left: &mut u64,
    limits: &Limits,
) -> Result<Vec<(ObjectId, Object)>, ExtractError> {
    let limit = limits.max_part_bytes.min(*left);
    let content = match stream
        .decompressed_content_with_limit(usize::try_from(limit).unwrap_or(usize::MAX))
    {
        Ok(content) => content,
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(if limit < limits.max_part_bytes {
                over_budget(limits)
            } else {
                ExtractError::LimitExceeded {
                    what: "decompressed stream size",
                    limit: limits.max_part_bytes,
                }
            });
        }
        Err(_) => return Ok(Vec::new()),
    };
    *left = left.saturating_sub(content.len() as u64);
    let Some(first) = first_keys
        .iter()
        .map(Vec::as_slice)
        .chain([b"First".as_slice()])
        .find_map(|key| stream.dict.get(key).and_then(Object::as_i64).ok())
        .and_then(|f| usize::try_from(f).ok())
    else {
        return Ok(Vec::new());
    };
    let Some((index, body)) = content.get(..first).zip(content.get(first..)) else {
        return Ok(Vec::new());
    };
    let mut entries = object_stream_index(index);
    // Offsets in order give each entry its slice; an offset listed twice is read once.
    entries.sort_by_key(|&(offset, _)| offset);
    entries.dedup_by_key(|&mut (offset, _)| offset);
    let ends: Vec<usize> = entries
        .iter()
        .skip(1)
        .map(|&(offset, _)| offset)
        .chain([body.len()])
        .collect();
    let mut objects = Vec::new();
    for (&(offset, number), end) in entries.iter().zip(ends) {
        let Some(slice) = body.get(offset.min(end)..end.min(body.len())) else {
            continue;
        };
        let weight = syntax_weight(slice, *left);
        if weight > *left {
            return Err(over_budget(limits));
        }
        *left -= weight;
        let header = format!("{number} 0\n");
        let mut single = header.clone().into_bytes();
        single.extend_from_slice(slice);
        let single = Stream::new(
            dictionary! { "N" => 1, "First" => header.len() as i64 },
            single,
        );
        if let Ok(mut parsed) = lopdf::ObjectStream::new(&single)
            && let Some(object) = parsed.objects.remove(&(number, 0))
        {
            objects.push(((number, 0), object));
        }
    }
    Ok(objects)
}

/// The (offset, object number) pairs of an object stream's index, as lopdf reads them.
fn object_stream_index(index: &[u8]) -> Vec<(usize, u32)> {
    let numbers: Vec<Option<u64>> = index
        .split(|&b| b == b'\r' || b == b'\n')
        .flat_map(|line| {
            let line = line.split(|&b| b == b'%').next().unwrap_or_default();
            line.split(|b| b.is_ascii_whitespace())
                .filter(|word| !word.is_empty())
                .map(|word| std::str::from_utf8(word).ok()?.parse().ok())
        })
        .collect();
    numbers
        .chunks_exact(2)
        .filter_map(|pair| match pair {
            [Some(number), Some(offset)] => {
                Some((usize::try_from(*offset).ok()?, u32::try_from(*number).ok()?))
            }
            _ => None,
        })
        .collect()
}

/// Streams whose `/Length` lopdf could not resolve while it parsed them get their data here:
/// by their length if it can be resolved now (it points into an object stream, which lopdf was
/// kept from reading), else up to the next `endstream` (a length that refers to the stream
/// itself, or to nothing). The bytes copied and searched count against the budget.
fn fill_deferred_streams(
    doc: &mut Document,
    bytes: &[u8],
    left: &mut u64,
    limits: &Limits,
) -> Result<(), ExtractError> {
    // lopdf's positions count from the header, as it drops what comes before.
    let header = bytes.windows(5).position(|w| w == b"%PDF-").unwrap_or(0);
    let bytes = bytes.get(header..).unwrap_or_default();
    let deferred: Vec<(ObjectId, usize, Option<usize>)> = doc
        .objects
        .iter()
        .filter_map(|(id, object)| {
            let Object::Stream(stream) = object else {
                return None;
            };
            let start = stream
                .start_position
                .filter(|_| stream.content.is_empty())?;
            let length = stream
                .dict
                .get(b"Length")
                .and_then(|l| doc.dereference(l))
                .and_then(|(_, l)| l.as_i64())
                .ok()
                .and_then(|l| usize::try_from(l).ok());
            Some((*id, start, length))
        })
        .collect();
    let state = doc.encryption_state.clone();
    for (id, start, length) in deferred {
        let Some(rest) = bytes.get(start..) else {
            continue;
        };
        let end = match length.filter(|&l| l <= rest.len()) {
            Some(length) => length,
            None => {
                let found = rest
                    .windows(b"endstream".len())
                    .position(|w| w == b"endstream");
                let searched = found.unwrap_or(rest.len()) as u64;
                *left = left
                    .checked_sub(searched)
                    .ok_or_else(|| over_budget(limits))?;
                let Some(at) = found else {
                    continue;
                };
                let data = rest.get(..at).unwrap_or_default();
                let data = data.strip_suffix(b"\n").unwrap_or(data);
                data.strip_suffix(b"\r").unwrap_or(data).len()
            }
        };
        let data = rest.get(..end).unwrap_or_default();
        *left = left
            .checked_sub(data.len() as u64)
            .ok_or_else(|| over_budget(limits))?;
        if let Some(object) = doc.objects.get_mut(&id) {
            if let Object::Stream(stream) = object {
                stream.set_content(data.to_vec());
            }
            // The data read from the file is as encrypted as the rest was before decryption.
            if let Some(state) = &state {
                let _ = lopdf::encryption::decrypt_object(state, id, object);
            }
        }
    }
    Ok(())
}

/// Whether the catalog leads to a page tree root with `/Kids`, as lopdf checks before it
/// rebuilds the cross-reference table.
fn page_tree_loaded(doc: &Document) -> bool {
    doc.catalog()
        .and_then(|catalog| catalog.get(b"Pages"))
        .and_then(Object::as_reference)
        .and_then(|root| doc.get_dictionary(root))
        .and_then(|root| root.get_deref(b"Kids", doc))
        .and_then(Object::as_array)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_weight_bounds_what_lopdf_allocates() {
        for syntax in [
            "[]".repeat(10_000),
            "0 ".repeat(10_000),
            format!("[{}]", "[] ".repeat(5_000)),
            format!("<<{}>>", "/Key [0 0] ".repeat(2_000)),
            "<< /Type /Page /Kids [1 0 R 2 0 R] /Name (text \\) here) /Hex <48656c6c6f> >>"
                .repeat(200),
        ] {
            let object = format!("{} 0 obj\n{syntax}\nendobj\n", 1);
            let doc = format!("%PDF-1.4\n{object}trailer\n<< /Root 1 0 R >>\n");
            let estimate = syntax_weight(doc.as_bytes(), u64::MAX);
            let loaded = Document::load_mem(doc.as_bytes()).map(|d| {
                d.objects
                    .values()
                    .map(|o| std::mem::size_of::<Object>() as u64 + object_weight(o))
                    .sum::<u64>()
            });
            if let Ok(actual) = loaded {
                assert!(
                    estimate >= actual,
                    "{estimate} < {actual} for {}",
                    &syntax[..40.min(syntax.len())]
                );
            }
        }
    }

    #[test]
    fn object_stream_index_pairs() {
        assert_eq!(
            object_stream_index(b"10 0 11 25 % comment 99\n12 40 13"),
            [(0, 10), (25, 11), (40, 12)]
        );
    }
}
