//! Builds the checker once (for callgrind / perf: `valgrind --tool=callgrind target/release/examples/build_once`).
fn main() {
    let checker = atsfit::Checker::embedded().expect("checker");
    std::hint::black_box(checker);
}
