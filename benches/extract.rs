//! PDF extraction per producer: one resume from each producer among the fixtures, in-process
//! (bytes already read, as `atsfit batch` hands them over).
//!
//! `cargo bench --bench extract`; set `ATSFIT_BENCH_PDFS=DIR` to add every PDF of a folder
//! (e.g. a corpus with Typst and Chromium resumes the fixtures lack).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use atsfit::extract::{Limits, from_bytes};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// The fixtures that stand for a producer, and what each one exercises.
const FIXTURES: &[(&str, &str)] = &[
    (
        "chromium-backend",
        "Chromium (Skia): a glyph per Td/Tj, Identity-H",
    ),
    ("chromium-twocol-frontend", "Chromium, two columns"),
    (
        "libreoffice-backend",
        "LibreOffice: simple TrueType, WinAnsi",
    ),
    ("qpdf-objstreams", "LibreOffice via qpdf: object streams"),
    ("pdflatex-devops", "pdfTeX: Type 1, Differences, ToUnicode"),
    ("pandoc-backend", "pandoc + pdfTeX"),
    ("xelatex-data", "xdvipdfmx: CID TrueType, Identity-H"),
    ("lualatex-frontend", "LuaTeX: CID CFF, Identity-H"),
    ("ghostscript-devops", "Ghostscript: CFF without ToUnicode"),
    ("multipage", "pdfTeX, 3 pages with running headers"),
    (
        "qpdf-encrypted-empty-userpw",
        "AES-256 (R6), empty user password",
    ),
];

fn fixture(name: &str) -> Option<Vec<u8>> {
    let path = format!(
        "{}/tests/fixtures/pdf/{name}.pdf",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(path).ok()
}

fn extra_pdfs() -> Vec<PathBuf> {
    let Some(dir) = std::env::var_os("ATSFIT_BENCH_PDFS") else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = std::fs::read_dir(Path::new(&dir))
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    found.retain(|p| p.extension().is_some_and(|e| e == "pdf"));
    found.sort();
    found
}

fn bench(c: &mut Criterion) {
    let limits = Limits::default();
    let mut inputs: Vec<(String, Vec<u8>)> = FIXTURES
        .iter()
        .filter_map(|(name, _)| fixture(name).map(|bytes| (name.to_string(), bytes)))
        .collect();
    for path in extra_pdfs() {
        let name = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Ok(bytes) = std::fs::read(&path) {
            inputs.push((name, bytes));
        }
    }

    let mut group = c.benchmark_group("pdf extraction");
    for (name, bytes) in &inputs {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), bytes, |b, bytes| {
            b.iter(|| from_bytes(black_box(bytes), Some("pdf"), &limits).map(|d| d.lines.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
