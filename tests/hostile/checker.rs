//! The checker on text the limits let through but no resume looks like: one line of ninety
//! thousand skills. Each word of a line was compared with every match on it: this line (810 KB)
//! took 6 s in a release build, and the 8 MB line the text limit allows would have taken hours
//! (the time grows with the square of the line); it now takes under a second in a debug build,
//! and reads the same.

use atsfit::suggest::SuggestionKind;
use atsfit::{Checker, Document, Lexicon};

#[test]
fn one_line_of_ninety_thousand_skills() {
    let checker = Checker::new(Lexicon::embedded().unwrap()).unwrap();
    let target = checker.title_target("Backend Developer").unwrap();
    let line = format!(
        "{}Terrafrom and Rust",
        "Rust Kubernetes PostgreSQL ".repeat(30_000)
    );
    let document = Document::from_text(&format!("Jane Doe\nSkills\n{line}\n"));
    let report = checker.check(&document, &target);
    let kinds: Vec<SuggestionKind> = report.suggestions.iter().map(|s| s.kind).collect();
    // Mentions past any natural count read as stuffing; the misspelling among the matches is
    // still found, and no match is taken for one.
    assert!(
        kinds.contains(&SuggestionKind::KeywordStuffing),
        "{kinds:?}"
    );
    let near_misses: Vec<&str> = report
        .suggestions
        .iter()
        .filter(|s| s.kind == SuggestionKind::NearMiss)
        .map(|s| s.message.as_str())
        .collect();
    assert_eq!(near_misses.len(), 1, "{near_misses:?}");
    assert!(near_misses[0].contains("\"Terrafrom\""), "{near_misses:?}");
}
