//! The near-miss pass: words that look like a skill's name misspelt ("Kubernets").
//!
//! Only capitalised words of five letters or more are candidates, and only those that begin no
//! sentence (unless the line is a list): the pass runs over every line of every resume, so it
//! jumps from capital to capital instead of reading word by word.

use super::{Suggestion, SuggestionKind};
use crate::checker::Analysis;
use crate::extract::Origin;
use crate::sections::SectionKind;
use std::ops::Range;

/// Misspelt skills: only words that look like skills (capitalised mid-sentence, or in a skills
/// list) are looked up, so prose never triggers a "correction".
pub(super) fn near_misses(analysis: &Analysis, out: &mut Vec<Suggestion>) {
    let mut reported = std::collections::HashSet::new();
    let mut looked_up = foldhash::HashSet::default();
    let mut hits = analysis.hits.iter().peekable();
    // The line's hits, in offsets within the line, sorted by start.
    let mut line_hits: Vec<Range<usize>> = Vec::new();
    let mut furthest_end: Vec<usize> = Vec::new();
    for (index, line) in analysis.text.lines.iter().enumerate() {
        line_hits.clear();
        line_hits.extend(std::iter::from_fn(|| {
            hits.next_if(|h| h.line == index).map(|h| {
                h.span.start.saturating_sub(line.range.start)
                    ..h.span.end.saturating_sub(line.range.start)
            })
        }));
        if line.origin == Origin::Hidden || analysis.sections.is_heading(index) {
            continue;
        }
        line_hits.sort_unstable_by_key(|span| span.start);
        let text = analysis.text.line_text(line);
        // Most lines have no candidate at all: nothing else is worked out for them.
        let mut candidates = capitalised_words(text, &line_hits).peekable();
        if candidates.peek().is_none() {
            continue;
        }
        // Whether a word overlaps a hit, in log time: among the hits starting before the word
        // ends, the furthest end must pass the word's start. (Scanning every hit for every word
        // took minutes on one long line of skills.)
        furthest_end.clear();
        furthest_end.extend(line_hits.iter().scan(0, |end, span| {
            *end = span.end.max(*end);
            Some(*end)
        }));
        let overlaps_a_hit = |piece: &Range<usize>| {
            let before = line_hits.partition_point(|span| span.start < piece.end);
            before
                .checked_sub(1)
                .and_then(|last| furthest_end.get(last))
                .is_some_and(|&furthest| furthest > piece.start)
        };
        let kind = analysis.sections.of_line(index).and_then(|s| s.kind);
        // Only a word that begins a sentence needs to know (and most do not).
        let list_line = std::cell::OnceCell::new();
        let is_list_line = || {
            *list_line.get_or_init(|| {
                matches!(kind, Some(SectionKind::Skills | SectionKind::Languages))
                    || has_list_separators(text)
            })
        };
        for candidate in candidates {
            let word = candidate.word;
            if overlaps_a_hit(&candidate.piece) {
                continue;
            }
            if begins_sentence(text.as_bytes(), candidate.piece.start) && !is_list_line() {
                continue;
            }
            // Names, places and job titles come back line after line: one look-up each.
            if !looked_up.insert(word) {
                continue;
            }
            let Some((term, _)) = analysis.near_misses.lookup(word) else {
                continue;
            };
            if analysis.found.written.get(term).copied().unwrap_or(false)
                || !reported.insert(word.to_lowercase())
            {
                continue;
            }
            let Some(entry) = analysis.lexicon.term(term) else {
                continue;
            };
            let required = analysis
                .target
                .requirements
                .iter()
                .any(|r| r.any.contains(&term));
            out.push(Suggestion::new(
                SuggestionKind::NearMiss,
                Some(entry.name.clone()),
                format!("\"{word}\" looks like a misspelling of {}: ATS match exact spellings, so write \"{}\"", entry.name, entry.name),
                if required { 85 } else { 60 },
            ));
        }
    }
}

/// At least two commas, bars or bullets in a line: a list, where every item is capitalised.
fn has_list_separators(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memchr3_iter(b',', b'|', BULLET_LEAD, bytes)
        .filter(|&at| {
            let rest = bytes.get(at..).unwrap_or_default();
            !rest.starts_with(&[BULLET_LEAD]) || rest.starts_with(BULLET)
        })
        .nth(1)
        .is_some()
}

/// A word of a line that may name a skill: capitalised, five letters or more, letters only.
#[derive(Debug)]
struct CapitalisedWord<'a> {
    word: &'a str,
    /// The piece of the line the word was cut from, with its separator (offsets in the line).
    piece: Range<usize>,
}

const BULLET: &[u8] = "•".as_bytes();
/// The first byte of [`BULLET`] (and of other punctuation from U+2000 to U+2FFF).
const BULLET_LEAD: u8 = 0xE2;

/// What ends a piece of a line: a word and the separator after it. All ASCII: a split on these
/// bytes never cuts a character.
fn ends_word(byte: u8) -> bool {
    matches!(byte, b' ' | b',' | b';' | b'(' | b')' | b'|' | b'/' | b':')
}

/// A byte that may begin a capitalised word: an ASCII capital, or the lead byte of another
/// character, which [`char::is_uppercase`] then decides ("Élasticsearch").
fn may_begin_capital(byte: u8) -> bool {
    byte.is_ascii_uppercase() || byte >= 0xC0
}

/// The word of a piece: separators and then sentence punctuation off the end, bullets, dashes
/// and opening quotes off the start.
fn word_bounds(piece: &[u8]) -> Range<usize> {
    let mut end = piece.len();
    while end > 0 && piece.get(end - 1).copied().is_some_and(ends_word) {
        end -= 1;
    }
    while end > 0 && matches!(piece.get(end - 1), Some(b'.' | b'!' | b'?')) {
        end -= 1;
    }
    let mut start = 0;
    while start < end {
        let head = piece.get(start..end).unwrap_or_default();
        if head.starts_with(BULLET) {
            start += BULLET.len();
        } else if matches!(head.first(), Some(b'-' | b'*' | b'"' | b'\'')) {
            start += 1;
        } else {
            break;
        }
    }
    start.min(end)..end
}

/// Where the piece holding the byte at `at` begins, if only opening marks (bullets, dashes,
/// quotes) come between the two; `None` when `at` is inside a word.
fn piece_start(bytes: &[u8], at: usize) -> Option<usize> {
    let mut start = at;
    loop {
        let before = bytes.get(..start)?;
        match before.last() {
            None => return Some(0),
            Some(&b) if ends_word(b) => return Some(start),
            Some(b'-' | b'*' | b'"' | b'\'') => start -= 1,
            Some(_) if before.ends_with(BULLET) => start -= BULLET.len(),
            Some(_) => return None,
        }
    }
}

/// Whether the piece starting at `start` begins a sentence: the line starts there, or the last
/// piece before it with a word in it ends with sentence punctuation, a colon or a bullet.
fn begins_sentence(bytes: &[u8], mut start: usize) -> bool {
    while start > 0 {
        let before = bytes.get(..start).unwrap_or_default();
        // The piece before ends with its separator: the separator before that one opens it.
        let previous_start = before
            .get(..start - 1)
            .and_then(|b| b.iter().rposition(|&b| ends_word(b)))
            .map_or(0, |i| i + 1);
        let previous = before.get(previous_start..).unwrap_or_default();
        let trimmed = previous.trim_ascii_end();
        if matches!(trimmed.last(), Some(b'.' | b':' | b'!' | b'?')) || trimmed.ends_with(BULLET) {
            return true;
        }
        if !word_bounds(previous).is_empty() {
            return false;
        }
        start = previous_start;
    }
    true
}

/// The first byte from `from` on that may begin a capital ([`may_begin_capital`]), eight bytes
/// at a time: most bytes of a resume are lower case, digits and spaces.
fn next_possible_capital(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut offset = from;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // Per byte, on its low seven bits (no carry crosses a byte): adding 0x3F sets the high
        // bit from b'A' on, adding 0x25 from b'[' on.
        let low = x & !HIGH;
        let capital = (low + ONES * 0x3F) & !(low + ONES * 0x25) & !x & HIGH;
        // Lead bytes of characters past U+007F: both top bits set.
        let lead = x & (x << 1) & HIGH;
        let found = capital | lead;
        if found != 0 {
            return Some(offset + found.trailing_zeros() as usize / 8);
        }
        offset += 8;
    }
    let tail = chunks
        .remainder()
        .iter()
        .position(|&b| may_begin_capital(b))?;
    Some(offset + tail)
}

/// The line's capitalised words, in order, but for those inside a `known` span (the line's
/// hits, sorted by start): they are spelt right. Whether a word begins a sentence is
/// [`begins_sentence`], worked out only for the few words that get that far.
fn capitalised_words<'a>(
    line: &'a str,
    known: &[Range<usize>],
) -> impl Iterator<Item = CapitalisedWord<'a>> {
    let bytes = line.as_bytes();
    let mut known = known.iter().peekable();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let capital = next_possible_capital(bytes, at)?;
            while known.next_if(|span| span.end <= capital).is_some() {}
            if let Some(span) = known.peek()
                && span.start <= capital
            {
                at = span.end.max(capital + 1);
                continue;
            }
            let Some(start) = piece_start(bytes, capital) else {
                at = capital + 1;
                continue;
            };
            let end = bytes
                .get(capital..)
                .unwrap_or_default()
                .iter()
                .position(|&b| ends_word(b))
                .map_or(bytes.len(), |i| capital + i + 1);
            at = end;
            let bounds = word_bounds(bytes.get(start..end).unwrap_or_default());
            if bounds.len() < 5 {
                continue;
            }
            let Some(word) = line.get(start + bounds.start..start + bounds.end) else {
                continue;
            };
            let letters_only = if word.is_ascii() {
                word.bytes().all(|b| b.is_ascii_alphabetic())
            } else {
                word.chars().all(char::is_alphabetic)
            };
            if letters_only && word.starts_with(char::is_uppercase) {
                return Some(CapitalisedWord {
                    word,
                    piece: start..end,
                });
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_lines() {
        for (line, want) in [
            ("Java, Go, Rust", true),
            ("Java | Go", false),
            ("• Java • Go", true),
            ("Java – Go – Rust", false),
            ("Java | Go | Rust", true),
            ("Led a team, then another", false),
        ] {
            assert_eq!(has_list_separators(line), want, "{line}");
        }
    }

    #[test]
    fn capitalised_words_and_sentence_starts() {
        let cases: &[(&str, &[(&str, bool)])] = &[
            (
                "Deployed with Kubernets: Postgress",
                &[
                    ("Deployed", true),
                    ("Kubernets", false),
                    ("Postgress", true),
                ],
            ),
            (
                "• Terraform, Ansible",
                &[("Terraform", true), ("Ansible", false)],
            ),
            (
                "data/Kubernets (Dockerr)",
                &[("Kubernets", false), ("Dockerr", false)],
            ),
            ("Go1234 Kafka3 Élasticsearch", &[("Élasticsearch", false)]),
            // An opening quote is trimmed, a closing one is not (the word is not letters only).
            ("ran it. \"Jenkins\" and Ansible!", &[("Ansible", false)]),
            (
                "ran it. \"Jenkins and Ansible!",
                &[("Jenkins", true), ("Ansible", false)],
            ),
            ("all lower case words here", &[]),
            // Empty pieces (a second space, a lone dash) keep what came before them.
            (
                "Done.  - Kubernets and  Postgress",
                &[("Kubernets", true), ("Postgress", false)],
            ),
            (
                "e.g. Kubernets, see: Dockerr",
                &[("Kubernets", true), ("Dockerr", true)],
            ),
            (
                "KUBERNETS and JavaScript",
                &[("KUBERNETS", true), ("JavaScript", false)],
            ),
            // Capitals inside a word begin nothing.
            ("usedKubernets and x-Postgress", &[]),
            ("", &[]),
        ];
        for &(line, expected) in cases {
            let found: Vec<(&str, bool)> = capitalised_words(line, &[])
                .map(|w| (w.word, begins_sentence(line.as_bytes(), w.piece.start)))
                .collect();
            assert_eq!(found, expected, "{line:?}");
            for word in capitalised_words(line, &[]) {
                assert!(
                    line.get(word.piece.clone())
                        .is_some_and(|p| p.contains(word.word))
                );
            }
        }
    }

    #[test]
    fn skips_known_spans() {
        let line = "Kubernets on Postgress, Dockerr";
        let words: Vec<&str> = capitalised_words(line, &[0..9, 24..31])
            .map(|w| w.word)
            .collect();
        assert_eq!(words, ["Postgress"]);
    }
}
