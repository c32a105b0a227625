//! Text through the whole check: decoding, normalisation, sections, matching, scoring,
//! suggestions, contact detection, and the job-posting reader.
//!
//! Input layout: the first byte's low bit picks Markdown (1) or plain text (0); the rest is the
//! file. Bytes the text reader refuses (binary) are read as lossy UTF-8 instead, so every input
//! reaches the checker.
#![no_main]

use std::io;
use std::sync::LazyLock;

use atsfit::extract::{Format, text};
use atsfit::report::{HumanOptions, write_ats_view, write_human};
use atsfit::{Checker, Document, Lexicon, Target};
use libfuzzer_sys::fuzz_target;

struct Fixture {
    checker: Checker,
    title: Target,
}

/// Building the automaton costs far more than one check: once per process.
static FIXTURE: LazyLock<Option<Fixture>> = LazyLock::new(|| {
    let lexicon = Lexicon::embedded().ok()?;
    let checker = Checker::new(lexicon).ok()?;
    let title = checker.title_target("Backend Developer").ok()?;
    Some(Fixture { checker, title })
});

fuzz_target!(|data: &[u8]| {
    let Some(fixture) = FIXTURE.as_ref() else {
        panic!("the embedded lexicon must load and build");
    };
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let format = if selector & 1 == 1 {
        Format::Markdown
    } else {
        Format::Text
    };
    let document = text::from_bytes(body, format)
        .unwrap_or_else(|_| Document::from_text(&String::from_utf8_lossy(body)));

    let checker = &fixture.checker;
    let report = checker.check(&document, &fixture.title);
    // The printers index into the report (suggestion counts, section lines): run them too.
    let _ = write_human(&mut io::sink(), &report, HumanOptions::default());
    let _ = write_ats_view(&mut io::sink(), &checker.ats_view(&document));
    let _ = checker.check(&document, &Target::none());

    // The same text read as a job posting, with and without a title fallback, then used as the
    // target for itself.
    let posting = checker.job_target(&document, Some(fixture.title.clone()));
    let _ = checker.check(&document, &posting);
    let _ = checker.job_target(&document, None);
});
