//! The `atsfit` binary: argument parsing and printing only; the work is in the library.

mod cli;

/// See the `jemalloc` feature in Cargo.toml for why.
#[cfg(all(feature = "jemalloc", target_os = "linux"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
