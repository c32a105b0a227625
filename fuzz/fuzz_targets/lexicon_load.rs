//! A user-supplied lexicon (`--lexicon DIR`): terms.toml and titles.toml are parsed and
//! validated, and a lexicon that loads must also build a checker and check text without
//! panicking, whatever forms and titles it holds.
//!
//! Input layout: terms.toml, a NUL byte, titles.toml (no NUL: titles.toml is empty). Both are
//! read as lossy UTF-8.
#![no_main]

use atsfit::{Checker, Document, Lexicon, Target};
use libfuzzer_sys::fuzz_target;

const RESUME: &str = "Jane Doe\njane@example.com\n\nSkills\nRust, Go, SQL, Docker\n\n\
                      Experience\nBackend Developer at Acme, 2019-2024\n- Built APIs";

fuzz_target!(|data: &[u8]| {
    let (terms, titles) = match data.iter().position(|&b| b == 0) {
        Some(at) => (
            data.get(..at).unwrap_or_default(),
            data.get(at + 1..).unwrap_or_default(),
        ),
        None => (data, &[][..]),
    };
    let terms = String::from_utf8_lossy(terms);
    let titles = String::from_utf8_lossy(titles);
    let Ok(lexicon) = Lexicon::from_sources(("terms.toml", &terms), ("titles.toml", &titles))
    else {
        return;
    };

    // The resume names some of the lexicon's own forms, so the matcher finds what it built.
    let mut text = String::from(RESUME);
    for term in lexicon.terms.iter().take(64) {
        for form in term.forms().take(4) {
            text.push_str("\n- ");
            text.push_str(form);
        }
    }
    let first_title = lexicon.titles.first().map(Target::from_title);
    let title_name = lexicon.titles.first().map(|t| t.name.clone());

    let Ok(checker) = Checker::new(lexicon) else {
        return;
    };
    let document = Document::from_text(&text);
    let _ = checker.check(&document, &Target::none());
    if let Some(target) = first_title {
        let _ = checker.check(&document, &target);
        let posting = checker.job_target(&document, Some(target));
        let _ = checker.check(&document, &posting);
    }
    if let Some(name) = title_name {
        let _ = checker.title_target(&name);
    }
});
