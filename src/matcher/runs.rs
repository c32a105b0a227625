//! The automaton's walk over whole words: its transitions over each run of letters of the
//! forms, worked out once at build and looked up by the run.
//!
//! A form can only match where each run of letters in the text equals the form's own run: a
//! form that ends inside a run of the text ("Java" in "JavaScript") fails its end boundary, and
//! a form that goes on past a run goes on with the same non-letter byte the text has. So a
//! walk reads a run of letters once and looks it up with the state it starts from; a run that
//! begins no form (most words of a resume) ends the walk at once, and one that does moves the
//! walk to the automaton's state after it without a step through it. Only the bytes between
//! runs (spaces, dots, dashes, pluses) are steps of the automaton, and the step just after a
//! run is looked up in the few bytes the forms go on with there.
//!
//! Why: stepping a byte at a time, the walks took two thirds of matching, most of it in the
//! automaton's lists of letters (callgrind on 1 MB of the samples; see the README's figures).

use aho_corasick::Anchored;
use aho_corasick::automaton::{Automaton, StateID};
use hashbrown::HashTable;

use super::fold;

/// The runs of letters of every form, keyed by the state each starts from.
#[derive(Debug, Clone)]
pub(super) struct Runs {
    /// Runs that begin a form, from the automaton's start: every word of a text is looked up
    /// here, so this table is kept apart and small.
    first: HashTable<Run>,
    /// Runs after the first ("Boot" in "Spring Boot", "CD" in "CI/CD").
    later: HashTable<Run>,
    /// The letters of long runs past the eighth, folded: [`Run::tail`] indexes into it.
    tails: Vec<u8>,
    /// The byte (folded) each form goes on with after a run, and the state after it:
    /// [`Run::steps`] indexes into it.
    steps: Vec<(u8, StateID)>,
    /// Indexed by a byte as written: some form begins with this byte, which is no letter.
    other_first: [bool; 256],
    start: StateID,
}

/// A run of letters in some form, from the state where it starts.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// The run's first eight letters in lower case, as [`run_head`] reads them: for most runs,
    /// with `len`, the whole of the run, so a lookup compares no bytes.
    head: u64,
    from: StateID,
    state: StateID,
    /// The pattern that ends with this run; `NO_PATTERN` if none. When several forms are the
    /// same text, the last, as the automaton's walk would choose it.
    exact: u32,
    tail: u32,
    steps: u32,
    len: u8,
    steps_len: u8,
}

const NO_PATTERN: u32 = u32::MAX;

/// A run longer than this is looked up in pieces of this length, in the text as at build.
/// `u8` holds it; real forms have runs of at most ~20 letters.
const MAX_RUN: usize = 64;

impl Runs {
    /// `forms` are folded with [`fold`], as the automaton was built from them, in pattern
    /// order.
    pub(super) fn new(automaton: &impl Automaton, start: StateID, forms: &[&[u8]]) -> Runs {
        let mut runs = Runs {
            // Measured on the embedded lexicon: ~1,700 first runs and ~3,100 later ones for
            // ~3,500 forms.
            first: HashTable::with_capacity(forms.len() / 2),
            later: HashTable::with_capacity(forms.len()),
            tails: Vec::new(),
            steps: Vec::new(),
            other_first: [false; 256],
            start,
        };
        // The steps out of each run, gathered before they are laid out.
        let mut steps: Vec<(u64, StateID)> = Vec::new();
        for (pattern, &form) in forms.iter().enumerate() {
            if let Some(&first) = form.first().filter(|&&b| !is_folded_letter(b)) {
                let written = first.wrapping_add(b'a' - 1);
                for byte in [written, written.to_ascii_uppercase()] {
                    if let Some(slot) = runs.other_first.get_mut(usize::from(byte)) {
                        *slot = true;
                    }
                }
            }
            let mut state = start;
            let mut rest = form;
            let mut last_run = None;
            while let Some(&byte) = rest.first() {
                let letters = rest.iter().take_while(|&&b| is_folded_letter(b)).count();
                if letters == 0 {
                    let next = automaton.next_state(Anchored::Yes, state, byte);
                    if let Some(key) = last_run.take() {
                        steps.push((step_key(key, byte), next));
                    }
                    state = next;
                    rest = rest.get(1..).unwrap_or_default();
                    continue;
                }
                let len = letters.min(MAX_RUN);
                let (run, after) = rest.split_at(len);
                let run_entry = runs.entry(automaton, state, run);
                match after.first() {
                    None => run_entry.exact = u32::try_from(pattern).unwrap_or(NO_PATTERN),
                    // Marks a run with steps, to be laid out once all are known.
                    Some(&next) if !is_folded_letter(next) => run_entry.steps_len = 1,
                    Some(_) => {}
                }
                state = run_entry.state;
                // A run is known by the state after it: one per prefix of the forms.
                last_run = Some(run_entry.state);
                rest = after;
            }
        }
        runs.lay_out_steps(steps);
        runs
    }

    /// The entry for `run` (folded) from `from`, made if new.
    fn entry(&mut self, automaton: &impl Automaton, from: StateID, run: &[u8]) -> &mut Run {
        let head = head_of_folded(run);
        let table = if from == self.start {
            &mut self.first
        } else {
            &mut self.later
        };
        let tails = &mut self.tails;
        let found = table.entry(
            run_hash(head, from, run.len()),
            |r| r.from == from && r.head == head && tail_of(tails, r) == tail(run),
            |r| run_hash(r.head, r.from, usize::from(r.len)),
        );
        found
            .or_insert_with(|| {
                let mut state = from;
                for &byte in run {
                    state = automaton.next_state(Anchored::Yes, state, byte);
                }
                let entry = Run {
                    head,
                    from,
                    state,
                    exact: NO_PATTERN,
                    tail: u32::try_from(tails.len()).unwrap_or(u32::MAX),
                    steps: 0,
                    len: u8::try_from(run.len()).unwrap_or(u8::MAX),
                    steps_len: 0,
                };
                tails.extend_from_slice(tail(run));
                entry
            })
            .into_mut()
    }

    /// Lays the steps out after each other, a run's together, in the order of their bytes.
    /// `steps` holds (the state after a run, then the byte, as one key; the state after the
    /// byte).
    fn lay_out_steps(&mut self, mut steps: Vec<(u64, StateID)>) {
        steps.sort_unstable_by_key(|&(key, _)| key);
        steps.dedup_by_key(|&mut (key, _)| key);
        for table in [&mut self.first, &mut self.later] {
            for run in table.iter_mut().filter(|run| run.steps_len > 0) {
                let run_key = step_key(run.state, 0) >> 8;
                let begin = steps.partition_point(|&(key, _)| key >> 8 < run_key);
                let ours = steps
                    .get(begin..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|&&(key, _)| key >> 8 == run_key);
                run.steps = u32::try_from(self.steps.len()).unwrap_or(u32::MAX);
                let before = self.steps.len();
                // The byte is the key's low eight bits.
                self.steps
                    .extend(ours.map(|&(key, state)| ((key & 0xff) as u8, state)));
                run.steps_len = u8::try_from(self.steps.len() - before).unwrap_or(u8::MAX);
            }
        }
    }
}

/// The key of a step: the state it leaves, then its byte.
fn step_key(from: StateID, byte: u8) -> u64 {
    (from.as_u64() << 8) | u64::from(byte)
}

impl Runs {
    /// Every form that starts at `start`, as (pattern, end), shortest first. Returns the
    /// length of the run of letters at `start`: no form starts inside it.
    pub(super) fn walk(
        &self,
        automaton: &impl Automaton,
        bytes: &[u8],
        start: usize,
        ends: &mut Vec<(usize, usize)>,
    ) -> usize {
        let mut state = self.start;
        let mut at = start;
        let mut first_run = 0;
        // The run just read, whose steps say where its next byte leads.
        let mut after_run: Option<&Run> = None;
        while let Some(&byte) = bytes.get(at) {
            let rest = bytes.get(at..).unwrap_or_default();
            let word = first_eight(rest);
            let mut letters = leading_letters(word);
            if letters == 8 {
                let more = rest.get(8..).unwrap_or_default();
                letters += more.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            }
            if letters > 0 {
                let len = letters.min(MAX_RUN);
                if at == start {
                    first_run = letters;
                }
                let Some(run) = self.find(state, word, len, rest) else {
                    break;
                };
                at += len;
                state = run.state;
                if run.exact != NO_PATTERN {
                    ends.push((run.exact as usize, at));
                }
                // Most runs are the last of every form they are in ("Kubernetes").
                if run.steps_len == 0 && len < MAX_RUN {
                    break;
                }
                after_run = Some(run);
                continue;
            }
            let folded = fold(byte);
            state = match after_run.take() {
                Some(run) => {
                    let steps = self
                        .steps
                        .get(run.steps as usize..)
                        .unwrap_or_default()
                        .get(..usize::from(run.steps_len))
                        .unwrap_or_default();
                    match steps.iter().find(|&&(b, _)| b == folded) {
                        Some(&(_, next)) => next,
                        None => break,
                    }
                }
                None if at == start && !self.other_first[usize::from(byte)] => break,
                None => automaton.next_state(Anchored::Yes, state, folded),
            };
            if automaton.is_dead(state) {
                break;
            }
            at += 1;
            if automaton.is_match(state) {
                let len = at - start;
                for index in 0..automaton.match_len(state) {
                    // A state can also carry the matches of its failure state: forms that
                    // began after `start`, which an anchored walk ignores.
                    let pattern = automaton.match_pattern(state, index);
                    if automaton.pattern_len(pattern) == len {
                        ends.push((pattern.as_usize(), at));
                    }
                }
            }
        }
        first_run
    }

    /// The run of `len` letters at the start of `text`, whose first eight bytes are `word`,
    /// from `from`.
    fn find(&self, from: StateID, word: u64, len: usize, text: &[u8]) -> Option<&Run> {
        let head = run_head(word, len);
        let table = if from == self.start {
            &self.first
        } else {
            &self.later
        };
        table.find(run_hash(head, from, len), |r| {
            r.head == head
                && r.from == from
                && usize::from(r.len) == len
                && (len <= 8
                    || tail_of(&self.tails, r)
                        .iter()
                        .zip(text.get(8..).unwrap_or_default())
                        .all(|(&stored, &written)| stored == fold(written)))
        })
    }
}

/// The letters of a folded run past its eighth.
fn tail(run: &[u8]) -> &[u8] {
    run.get(8..).unwrap_or_default()
}

fn tail_of<'a>(tails: &'a [u8], run: &Run) -> &'a [u8] {
    let start = run.tail as usize;
    let len = usize::from(run.len).saturating_sub(8);
    tails.get(start..start + len).unwrap_or_default()
}

/// `a`..`z` in either case, after [`fold`].
fn is_folded_letter(folded: u8) -> bool {
    (1..=26).contains(&folded)
}

/// The first eight bytes of `text` as one little-endian word, zeros past its end.
fn first_eight(text: &[u8]) -> u64 {
    match text.first_chunk::<8>() {
        Some(&eight) => u64::from_le_bytes(eight),
        None => text
            .iter()
            .rev()
            .fold(0, |word, &b| (word << 8) | u64::from(b)),
    }
}

const LOW_SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const CASE_BITS: u64 = 0x2020_2020_2020_2020;

/// How many of the bytes of `word` (from [`first_eight`]), from the first, are ASCII letters:
/// eight bytes tested at once, where testing them one by one cost a third of a lookup.
fn leading_letters(word: u64) -> usize {
    // A letter, in lower case, is 0x61..=0x7a; the high bit of each byte holds the answer.
    // No addition below carries from one byte into the next: each adds to at most 0x7f.
    let lower = word | CASE_BITS;
    let seven = lower & LOW_SEVEN;
    let at_least_a = seven + 0x1f1f_1f1f_1f1f_1f1f;
    let past_z = seven + 0x0505_0505_0505_0505;
    let letters = at_least_a & !past_z & !lower & HIGH_BITS;
    ((!letters & HIGH_BITS).trailing_zeros() / 8) as usize
}

/// The first `min(letters, 8)` bytes of `word` (from [`first_eight`]), letters, in lower case.
fn run_head(word: u64, letters: usize) -> u64 {
    let mask = u64::MAX >> (8 * (8 - letters.min(8)));
    (word | CASE_BITS) & mask
}

/// [`run_head`] of a run stored folded.
fn head_of_folded(folded: &[u8]) -> u64 {
    let mut eight = [0; 8];
    for (slot, b) in eight.iter_mut().zip(folded) {
        *slot = b.wrapping_add(b'a' - 1);
    }
    run_head(u64::from_le_bytes(eight), folded.len())
}

/// The hash of a run of `letters` letters that begins with `head` (from [`run_head`]), from
/// the state `from`.
fn run_hash(head: u64, from: StateID, letters: usize) -> u64 {
    let key = head ^ ((letters as u64) << 56) ^ (from.as_u64() << 29);
    // A folded multiplication (both halves of the 128-bit product) spreads every input bit
    // over the low bits, which pick the table's bucket, and the top ones, which tell its
    // entries apart.
    let product = u128::from(key) * 0x9e37_79b9_7f4a_7c15;
    (product as u64) ^ ((product >> 64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_letters_counts_ascii_letters_in_either_case() {
        for (text, expected) in [
            (&b"Kubernetes"[..], 8),
            (b"Go, Rust", 2),
            (b"k8s", 1),
            (b"C++", 1),
            (b"", 0),
            (b".NET", 0),
            (b"AZaz@[`{", 4),
            (b"caf\xc3\xa9", 3),
            (b"Python", 6),
            (b"Python 3", 6),
            (b"_id", 0),
        ] {
            assert_eq!(
                leading_letters(first_eight(text)),
                expected,
                "{}",
                String::from_utf8_lossy(text)
            );
        }
        // Every byte value, alone: a letter or not.
        for byte in 0..=u8::MAX {
            assert_eq!(
                leading_letters(first_eight(&[byte, b' '])),
                usize::from(byte.is_ascii_alphabetic()),
                "{byte:#x}"
            );
        }
    }

    #[test]
    fn a_run_reads_alike_in_any_case_and_whatever_follows() {
        let head = |text: &[u8], letters| run_head(first_eight(text), letters);
        assert_eq!(head(b"PostgreSQL", 10), head(b"postgresql,", 10));
        assert_eq!(head(b"Go, Rust", 2), head(b"go", 2));
        assert_ne!(head(b"Java", 4), head(b"JavaScript", 10));
        let folded: Vec<u8> = b"react".iter().map(|&b| fold(b)).collect();
        assert_eq!(head_of_folded(&folded), head(b"React.js", 5));
    }
}
