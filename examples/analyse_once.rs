//! Analyses ~1 MB of resume text (`ROUNDS` times, default 1), for callgrind or perf:
//! `valgrind --tool=callgrind --toggle-collect='*Checker::analyse*' target/release/examples/analyse_once`
use atsfit::{Checker, Document, Lexicon, Target};
fn main() {
    let checker = Checker::new(Lexicon::embedded().expect("lexicon")).expect("checker");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/");
    let all: String = [
        "backend-developer.md",
        "devops-engineer.txt",
        "frontend-developer.md",
        "data-engineer.txt",
    ]
    .iter()
    .map(|n| std::fs::read_to_string(format!("{dir}{n}")).expect("sample"))
    .collect::<Vec<_>>()
    .join("\n");
    let text = all.repeat((1 << 20) / all.len() + 1);
    let document = Document::from_text(&text);
    let target = Target::none();
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    for _ in 1..rounds {
        std::hint::black_box(checker.analyse(&document, &target).hits.len());
    }
    let analysis = checker.analyse(&document, &target);
    std::hint::black_box(analysis.hits.len());
}
