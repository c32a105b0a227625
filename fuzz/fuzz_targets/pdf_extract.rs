//! Any bytes through the PDF extractor. The extractor picks its reader by content, so inputs
//! that lack a `%PDF-` signature in their first KiB are skipped: they would only exercise the
//! sniffer and the text reader, which `text_match` covers.
#![no_main]

use atsfit::extract::{self, Limits};
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(|data: &[u8]| -> Corpus {
    let head = data.get(..data.len().min(1024)).unwrap_or(data);
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Corpus::Reject;
    }
    // Errors are fine (and typed); panics, hangs and runaway memory are what is looked for.
    let _ = extract::from_bytes(data, Some("pdf"), &Limits::default());
    Corpus::Keep
});
