//! Writes the largest inputs the default limits let through, and a few that they stop, to a
//! folder, to measure atsfit's peak memory on them (docs/LIMITS.md):
//!
//!     cargo run --release --example hostile_files -- /tmp/atsfit-hostile
//!     /usr/bin/time -v target/release/atsfit check /tmp/atsfit-hostile/FILE --title "Backend Developer"
//!
//! The generators are the hostile test suite's (tests/hostile/make.rs).

#[path = "../tests/hostile/make.rs"]
mod make;

use std::path::{Path, PathBuf};

use atsfit::Limits;
use make::{HELLO, RawEntry, one_page_objects, pdf_from_objects, raw_zip, stream};

fn main() -> std::io::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("atsfit-hostile"));
    std::fs::create_dir_all(&dir)?;
    let limits = Limits::default();
    let budget = limits.max_object_bytes as usize;
    let text_limit = limits.max_text_bytes as usize;
    let part_limit = limits.max_part_bytes as usize;

    // Let through: PDF object syntax just under the object budget, numbers or empty arrays.
    let numbers = format!("[{}]", "0 ".repeat(budget / 256));
    let objects = one_page_objects(HELLO, None, vec![numbers.into_bytes()]);
    write(
        &dir,
        "pdf-objects-numbers.pdf",
        pdf_from_objects(&objects, ""),
    )?;
    let arrays = format!("[{}]", "[]".repeat(budget / 900));
    let objects = one_page_objects(HELLO, None, vec![arrays.into_bytes()]);
    write(
        &dir,
        "pdf-objects-arrays.pdf",
        pdf_from_objects(&objects, ""),
    )?;

    // Let through: forms that inflate to just under the part limit each, all drawn on one
    // page, so that they are all cached at once, up to the total decompressed size.
    let part_mb = (part_limit >> 20) - 1;
    let forms = ((limits.max_total_bytes >> 20) as usize / part_mb).min(8);
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Filter /FlateDecode",
        &make::zlib_repeated(b' ', part_mb),
    );
    let names: String = (0..forms)
        .map(|i| format!("/X{i} {} 0 R ", 6 + i))
        .collect();
    let draws: String = (0..forms).map(|i| format!("/X{i} Do ")).collect();
    let content = format!("{} {draws}", String::from_utf8_lossy(HELLO));
    let resources = format!("<< /Font << /F1 3 0 R >> /XObject << {names}>> >>");
    let objects = one_page_objects(
        content.as_bytes(),
        Some(&resources),
        vec![form.clone(); forms],
    );
    write(&dir, "pdf-forms-total.pdf", pdf_from_objects(&objects, ""))?;

    // Let through: pages of 480,000 tiny glyphs each (the cap is 500,000 per page), up to the
    // text limit.
    let pages = text_limit / 520_000;
    let kids: String = (0..pages).map(|i| format!("{} 0 R ", 4 + i)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{kids}] /Count {pages} /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> >>").into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    for _ in 0..pages {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /Contents {} 0 R >>",
                4 + pages
            )
            .into_bytes(),
        );
    }
    let glyphs = format!(
        "BT /F1 9 Tf 0.01 Tz 72 700 Td {} ET",
        "(Rust Go SQL ) Tj ".repeat(40_000)
    );
    objects.push(make::flate_stream("", glyphs.as_bytes()));
    write(&dir, "pdf-glyphs.pdf", pdf_from_objects(&objects, ""))?;

    // Let through: all three at once, on the PDF side: object syntax near the budget, the
    // forms on the first page, and the glyph pages.
    let numbers = format!("[{}]", "0 ".repeat((budget - (4 << 20)) / 256));
    let first_form = 5 + pages;
    let names: String = (0..forms)
        .map(|i| format!("/X{i} {} 0 R ", first_form + i))
        .collect();
    let resources = format!("<< /Font << /F1 3 0 R >> /XObject << {names}>> >>");
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{kids}] /Count {pages} /MediaBox [0 0 612 792] /Resources {resources} >>").into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    for _ in 0..pages {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /Contents {} 0 R >>",
                4 + pages
            )
            .into_bytes(),
        );
    }
    let glyphs = format!(
        "BT /F1 9 Tf 0.01 Tz 72 700 Td {} ET {draws}",
        "(Rust Go SQL ) Tj ".repeat(40_000)
    );
    objects.push(make::flate_stream("", glyphs.as_bytes()));
    // Forms 2 MB smaller, so that the pages' content fits in the total with them.
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Filter /FlateDecode",
        &make::zlib_repeated(b' ', part_mb - 2),
    );
    objects.extend(std::iter::repeat_n(form, forms));
    objects.push(numbers.into_bytes());
    write(&dir, "pdf-combined.pdf", pdf_from_objects(&objects, ""))?;

    // The same near the file size limit: a 44 MB image that is never drawn (its bytes count
    // in the object budget, so the numbers shrink), and an object stream, whose /First makes
    // atsfit copy the file to hide it from lopdf.
    let image = 44 << 20;
    let last = objects.len() - 1;
    objects[last] = format!("[{}]", "0 ".repeat((budget - (4 << 20) - image) / 256)).into_bytes();
    objects.push(stream(
        "/Type /XObject /Subtype /Image /Width 1 /Height 1",
        &vec![0x55; image],
    ));
    objects.push(make::flate_stream(
        "/Type /ObjStm /N 1 /First 4",
        b"999 0\n[1 2 3]",
    ));
    write(
        &dir,
        "pdf-combined-50mb.pdf",
        pdf_from_objects(&objects, ""),
    )?;

    // Let through: a DOCX part just under the part limit: the line and text limits' worth of
    // paragraphs, padded with a comment.
    let lines = limits.max_lines - 10;
    let width = (text_limit / lines).min(80) - 1;
    let text =
        &"Rust, Go and PostgreSQL for payment services at scale, on call, Kubernetes, AWS"[..width];
    let body = format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>").repeat(lines);
    let padding = " ".repeat(part_limit - body.len() - 4096);
    let xml = make::document_xml(&format!("{body}<!--{padding}-->"));
    write(
        &dir,
        "docx-part.docx",
        raw_zip(&[RawEntry::deflated("word/document.xml", xml.as_bytes())]),
    )?;

    // Let through: text at the text limits, in lines of skills, or in one line.
    write(
        &dir,
        "text-lines.txt",
        format!("{text}\n").repeat(lines).into_bytes(),
    )?;
    let one = "Rust Kubernetes PostgreSQL ".repeat(text_limit / 28);
    write(&dir, "text-one-line.txt", one.into_bytes())?;

    // Stopped: a 1 GB content stream; an object stream of 10,000 entries on one offset (read
    // once); a DOCX part of tiny paragraphs; 50 MB of two-byte lines.
    let mut bomb = one_page_objects(HELLO, None, vec![]);
    bomb[4] = stream("/Filter /FlateDecode", &make::zlib_zeros(1024));
    write(&dir, "pdf-bomb-1gb.pdf", pdf_from_objects(&bomb, ""))?;
    let index: String = (0..10_000).map(|i| format!("{} 0 ", 100 + i)).collect();
    let index = format!("{index}\n");
    let content = format!("{index}[{}]", "0 ".repeat(10_000));
    let container = make::flate_stream(
        &format!("/Type /ObjStm /N 10000 /First {}", index.len()),
        content.as_bytes(),
    );
    let objects = one_page_objects(HELLO, None, vec![container]);
    write(
        &dir,
        "pdf-objstm-one-offset.pdf",
        pdf_from_objects(&objects, ""),
    )?;
    let tiny = "<w:p><w:r><w:t>Go</w:t></w:r></w:p>";
    let xml = make::document_xml(&tiny.repeat((part_limit - 4096) / tiny.len()));
    write(
        &dir,
        "docx-tiny-paragraphs.docx",
        raw_zip(&[RawEntry::deflated("word/document.xml", xml.as_bytes())]),
    )?;
    write(
        &dir,
        "text-short-lines.txt",
        b"a\n".repeat(limits.max_file_bytes as usize / 2),
    )?;
    Ok(())
}

fn write(dir: &Path, name: &str, bytes: Vec<u8>) -> std::io::Result<()> {
    let path = dir.join(name);
    std::fs::write(&path, &bytes)?;
    println!("{:>12} bytes  {}", bytes.len(), path.display());
    Ok(())
}
