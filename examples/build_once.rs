//! Builds the checker once (for callgrind / perf: `valgrind --tool=callgrind target/release/examples/build_once`).
fn main() {
    let lexicon = atsfit::Lexicon::embedded().expect("embedded lexicon");
    let checker = atsfit::Checker::new(lexicon).expect("checker");
    std::hint::black_box(checker);
}
