//! Generators of hostile files, shared by the hostile test suite and by
//! `examples/hostile_files.rs`, which writes the largest ones to disk to measure peak memory.
//! Everything is built in memory from code: no file is downloaded or committed.
#![allow(dead_code)]

use std::io::Write;

/// A seeded xorshift64* generator: the same bytes on every machine and every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            out.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        out.truncate(len);
        out
    }
}

/// A PDF from object bodies numbered 1, 2, ... with a correct cross-reference table. Object 1
/// is the catalog unless `trailer` names another root.
pub fn pdf_from_objects(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", index + 1).ok();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).ok();
    for offset in offsets {
        writeln!(out, "{offset:010} 00000 n ").ok();
    }
    let root = if trailer.contains("/Root") {
        ""
    } else {
        "/Root 1 0 R "
    };
    write!(
        out,
        "trailer\n<< /Size {} {root}{trailer} >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .ok();
    out
}

/// Like [`pdf_from_objects`], but with a cross-reference stream that also lists objects kept
/// in object streams: `(number, container)`, each the first object of its container.
pub fn pdf_with_xref_stream(objects: &[Vec<u8>], in_streams: &[(u32, u32)]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut rows = vec![[0u8, 0, 0, 0, 0, 0xff, 0xff]];
    for (index, body) in objects.iter().enumerate() {
        let offset = out.len() as u32;
        let mut row = [1u8, 0, 0, 0, 0, 0, 0];
        row[1..5].copy_from_slice(&offset.to_be_bytes());
        rows.push(row);
        writeln!(out, "{} 0 obj", index + 1).ok();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let mut last = objects.len() as u32;
    for &(number, container) in in_streams {
        while last + 1 < number {
            rows.push([0, 0, 0, 0, 0, 0, 0]);
            last += 1;
        }
        let mut row = [2u8, 0, 0, 0, 0, 0, 0];
        row[1..5].copy_from_slice(&container.to_be_bytes());
        rows.push(row);
        last = number;
    }
    let xref_number = last + 1;
    let xref_at = out.len() as u32;
    let mut row = [1u8, 0, 0, 0, 0, 0, 0];
    row[1..5].copy_from_slice(&xref_at.to_be_bytes());
    rows.push(row);
    let data: Vec<u8> = rows.concat();
    writeln!(out, "{xref_number} 0 obj").ok();
    out.extend_from_slice(&stream(
        &format!(
            "/Type /XRef /Size {} /W [1 4 2] /Root 1 0 R",
            xref_number + 1
        ),
        &data,
    ));
    write!(out, "\nendobj\nstartxref\n{xref_at}\n%%EOF\n").ok();
    out
}

/// A stream object body with `data` as is and `dict` entries added.
pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< /Length {} {dict} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A stream object body holding `data` FlateDecode-compressed.
pub fn flate_stream(dict: &str, data: &[u8]) -> Vec<u8> {
    stream(&format!("/Filter /FlateDecode {dict}"), &zlib(data))
}

pub fn zlib(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).ok();
    encoder.finish().unwrap_or_default()
}

/// The objects of a one-page PDF: catalog (1), pages (2), Helvetica (3), page (4), content (5).
/// `extra` objects follow from 6, and the catalog refers to them (`/Extra`), so that a load
/// that parses only what the catalog reaches parses them too; `resources` replaces the page's
/// resource dictionary.
pub fn one_page_objects(
    content: &[u8],
    resources: Option<&str>,
    extra: Vec<Vec<u8>>,
) -> Vec<Vec<u8>> {
    let resources = resources.unwrap_or("<< /Font << /F1 3 0 R >> >>");
    let references: String = (6..6 + extra.len()).map(|n| format!("{n} 0 R ")).collect();
    let mut objects = vec![
        format!("<< /Type /Catalog /Pages 2 0 R /Extra [{references}] >>").into_bytes(),
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources {resources} /Contents 5 0 R >>"
        )
        .into_bytes(),
        stream("", content),
    ];
    objects.extend(extra);
    objects
}

pub const HELLO: &[u8] = b"BT /F1 12 Tf 72 700 Td (Jane Doe Rust engineer) Tj ET";

/// A zlib stream of `megabytes` MB of zeros in about a kilobyte per megabyte, without
/// compressing them: a megabyte compressed once with a sync flush only refers back into
/// itself, so copies of it chain into one valid stream.
pub fn zlib_zeros(megabytes: usize) -> Vec<u8> {
    zlib_repeated(0, megabytes)
}

/// A zlib stream of `megabytes` MB of `byte`, checksum included.
pub fn zlib_repeated(byte: u8, megabytes: usize) -> Vec<u8> {
    let mut out = vec![0x78, 0xDA];
    out.extend_from_slice(&deflate_repeated(&vec![byte; 1 << 20], megabytes));
    // Adler-32 of n bytes c: a = 1 + n c, b = n + c n (n + 1) / 2, both mod 65521.
    let (n, c) = ((megabytes as u128) << 20, u128::from(byte));
    let a = (1 + n * c) % 65521;
    let b = (n + c * n * (n + 1) / 2) % 65521;
    out.extend_from_slice(&(((b << 16) | a) as u32).to_be_bytes());
    out
}

/// Raw deflate data of `chunk` repeated `times`.
pub fn deflate_repeated(chunk: &[u8], times: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let mut compressor = Compress::new(Compression::best(), false);
    let mut once = Vec::with_capacity(chunk.len() / 100 + 1024);
    compressor
        .compress_vec(chunk, &mut once, FlushCompress::Sync)
        .ok();
    let mut out = Vec::with_capacity(once.len() * times + 2);
    for _ in 0..times {
        out.extend_from_slice(&once);
    }
    out.extend_from_slice(&[0x03, 0x00]); // a final, empty fixed-Huffman block
    out
}

/// One entry of a zip written field by field, so that each size may lie.
#[derive(Clone)]
pub struct RawEntry {
    pub name: String,
    /// 0 stored, 8 deflate.
    pub method: u16,
    pub data: Vec<u8>,
    pub crc: u32,
    pub compressed_size: u32,
    pub uncompressed_size: u32,
}

impl RawEntry {
    /// An honest stored entry.
    pub fn stored(name: &str, content: &[u8]) -> RawEntry {
        RawEntry {
            name: name.to_owned(),
            method: 0,
            data: content.to_vec(),
            crc: crc32(content),
            compressed_size: content.len() as u32,
            uncompressed_size: content.len() as u32,
        }
    }

    /// An honest deflated entry.
    pub fn deflated(name: &str, content: &[u8]) -> RawEntry {
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(content).ok();
        let data = encoder.finish().unwrap_or_default();
        RawEntry {
            name: name.to_owned(),
            method: 8,
            compressed_size: data.len() as u32,
            uncompressed_size: content.len() as u32,
            crc: crc32(content),
            data,
        }
    }
}

/// A zip archive from raw entries: local headers, data, central directory, end record. The
/// central directory repeats each entry's fields as given.
pub fn raw_zip(entries: &[RawEntry]) -> Vec<u8> {
    let mut zip = Vec::new();
    let mut offsets = Vec::new();
    for entry in entries {
        offsets.push(zip.len() as u32);
        zip_header(&mut zip, entry, None);
        zip.extend_from_slice(&entry.data);
    }
    let central_start = zip.len();
    for (entry, offset) in entries.iter().zip(offsets) {
        zip_header(&mut zip, entry, Some(offset));
    }
    let central_len = zip.len() - central_start;
    zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    zip.extend_from_slice(&[0; 4]);
    let count = entries.len().min(0xFFFF) as u16;
    zip.extend_from_slice(&count.to_le_bytes());
    zip.extend_from_slice(&count.to_le_bytes());
    zip.extend_from_slice(&(central_len as u32).to_le_bytes());
    zip.extend_from_slice(&(central_start as u32).to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}

fn zip_header(zip: &mut Vec<u8>, entry: &RawEntry, central_offset: Option<u32>) {
    let signature: u32 = if central_offset.is_some() {
        0x0201_4b50
    } else {
        0x0403_4b50
    };
    zip.extend_from_slice(&signature.to_le_bytes());
    if central_offset.is_some() {
        zip.extend_from_slice(&20u16.to_le_bytes()); // made by
    }
    zip.extend_from_slice(&20u16.to_le_bytes()); // version needed
    zip.extend_from_slice(&0u16.to_le_bytes()); // flags
    zip.extend_from_slice(&entry.method.to_le_bytes());
    zip.extend_from_slice(&[0; 4]); // time, date
    zip.extend_from_slice(&entry.crc.to_le_bytes());
    zip.extend_from_slice(&entry.compressed_size.to_le_bytes());
    zip.extend_from_slice(&entry.uncompressed_size.to_le_bytes());
    zip.extend_from_slice(&(entry.name.len() as u16).to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes()); // extra length
    if let Some(offset) = central_offset {
        zip.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        zip.extend_from_slice(&[0; 4]); // external attributes
        zip.extend_from_slice(&offset.to_le_bytes());
    }
    zip.extend_from_slice(entry.name.as_bytes());
}

pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

pub const WORD_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

pub fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{WORD_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}</w:body></w:document>"#
    )
}

pub fn paragraph(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// A DOCX package from (part name, content) pairs, with `[Content_Types].xml` first.
pub fn docx(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let types = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;
    let mut entries = vec![RawEntry::deflated("[Content_Types].xml", types.as_bytes())];
    entries.extend(
        parts
            .iter()
            .map(|(name, content)| RawEntry::deflated(name, content)),
    );
    raw_zip(&entries)
}

/// An OLE2 compound file (version 3, 512-byte sectors) holding streams of the given names and
/// contents, each at least 4096 bytes so that it lives in regular sectors: sector 0 is the
/// FAT, sector 1 the directory, then the streams.
pub fn ole2(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
    const SECTOR: usize = 512;
    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
    const FAT_SECTOR: u32 = 0xFFFF_FFFD;
    const FREE: u32 = 0xFFFF_FFFF;
    let padded: Vec<Vec<u8>> = streams
        .iter()
        .map(|(_, data)| {
            let mut data = data.clone();
            let len = data.len().max(4096).div_ceil(SECTOR) * SECTOR;
            data.resize(len, 0);
            data
        })
        .collect();
    let mut fat = vec![FAT_SECTOR, END_OF_CHAIN];
    let mut starts = Vec::new();
    for data in &padded {
        let first = fat.len() as u32;
        starts.push(first);
        let sectors = data.len() / SECTOR;
        for k in 0..sectors {
            fat.push(if k + 1 == sectors {
                END_OF_CHAIN
            } else {
                first + k as u32 + 1
            });
        }
    }
    assert!(
        fat.len() <= SECTOR / 4,
        "one FAT sector is enough for tests"
    );
    fat.resize(SECTOR / 4, FREE);

    let mut header = vec![0u8; SECTOR];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header[24..26].copy_from_slice(&0x003Eu16.to_le_bytes()); // minor version
    header[26..28].copy_from_slice(&3u16.to_le_bytes()); // major version
    header[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes()); // little-endian
    header[30..32].copy_from_slice(&9u16.to_le_bytes()); // 512-byte sectors
    header[32..34].copy_from_slice(&6u16.to_le_bytes()); // 64-byte mini sectors
    header[44..48].copy_from_slice(&1u32.to_le_bytes()); // FAT sectors
    header[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory start
    header[56..60].copy_from_slice(&4096u32.to_le_bytes()); // mini stream cutoff
    header[60..64].copy_from_slice(&END_OF_CHAIN.to_le_bytes()); // no mini FAT
    header[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes()); // no DIFAT sectors
    header[76..80].copy_from_slice(&0u32.to_le_bytes()); // DIFAT[0]: the FAT is sector 0
    for slot in header[80..].chunks_exact_mut(4) {
        slot.copy_from_slice(&FREE.to_le_bytes());
    }

    // Root entry, then the streams as a chain of right siblings under the root.
    let mut directory = directory_entry("Root Entry", 5, END_OF_CHAIN, 0);
    let count = streams.len() as u32;
    directory[76..80].copy_from_slice(&(if count > 0 { 1u32 } else { FREE }).to_le_bytes());
    for (index, ((name, _), data)) in streams.iter().zip(&padded).enumerate() {
        let mut entry = directory_entry(name, 2, starts[index], data.len() as u64);
        let right = if (index as u32) + 1 < count {
            index as u32 + 2
        } else {
            FREE
        };
        entry[72..76].copy_from_slice(&right.to_le_bytes());
        directory.extend_from_slice(&entry);
    }
    while !directory.len().is_multiple_of(SECTOR) {
        directory.extend_from_slice(&directory_entry("", 0, FREE, 0));
    }
    assert_eq!(
        directory.len(),
        SECTOR,
        "one directory sector is enough for tests"
    );

    let mut file = header;
    file.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    file.extend_from_slice(&directory);
    for data in padded {
        file.extend_from_slice(&data);
    }
    file
}

fn directory_entry(name: &str, kind: u8, start: u32, size: u64) -> Vec<u8> {
    let mut entry = vec![0u8; 128];
    let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    entry[..utf16.len()].copy_from_slice(&utf16);
    let name_len = if name.is_empty() { 0 } else { utf16.len() + 2 };
    entry[64..66].copy_from_slice(&(name_len as u16).to_le_bytes());
    entry[66] = kind;
    entry[67] = 1; // black
    for sibling in [68, 72, 76] {
        entry[sibling..sibling + 4].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
    }
    entry[116..120].copy_from_slice(&start.to_le_bytes());
    entry[120..128].copy_from_slice(&size.to_le_bytes());
    entry
}
