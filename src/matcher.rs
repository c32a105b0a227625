//! Matching: one Aho-Corasick automaton over every name and alias of the lexicon, with word
//! boundaries that understand technology names and context rules for names that are also
//! ordinary words.
//!
//! The automaton is walked anchored, from each place where a word starts, and the longest form
//! whose boundaries hold wins: "JavaScript" over "Java", "ASP.NET" over ".NET", and no hit
//! inside a longer word ("React" in "reactive", "Git" in "digital"). The walk takes a whole run
//! of letters at a time, from a table of the automaton's transitions over the forms' runs
//! (`runs`).

use std::ops::Range;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::{self, noncontiguous::NFA};
use aho_corasick::{Anchored, MatchError, MatchKind};

use crate::extract::Origin;
use crate::lexicon::{Lexicon, TermId};
use crate::normalize::{NormalizedText, normalize_cow};
use crate::sections::{SectionKind, Sections};

use context::{Context, common_word_has_evidence, has_list_label};
use runs::Runs;

/// A term found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub term: TermId,
    /// Byte span in the normalised text, without any version suffix.
    pub span: Range<usize>,
    /// Index of the line in the normalised text.
    pub line: usize,
    /// Index of the section in [`Sections::list`], if the hit comes after a heading.
    pub section: Option<usize>,
    /// The hit is in text a reader cannot see.
    pub hidden: bool,
}

#[derive(Debug, Clone)]
struct Pattern {
    term: TermId,
    /// For a common word, the form as the lexicon writes it (normalised), for case checks;
    /// empty otherwise.
    form: String,
    common_word: bool,
    /// One or two letters ("C", "R", "Go"): stricter boundaries ("C-suite", "R&D").
    short: bool,
    /// A phrase that names something else: it wins over the forms inside it, finds nothing.
    blocker: bool,
    /// An inflected verb: not found written in capitals ("LED").
    verb: bool,
}

/// A hit before context rules.
#[derive(Debug, Clone, Copy)]
struct RawHit {
    pattern: usize,
    start: usize,
    end: usize,
    /// End including a version suffix ("Python3", "HTML5").
    end_with_version: usize,
}

/// The compiled matcher. Building it is the costly part; matching is a single pass.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Every form, folded byte by byte with [`fold`], searched anchored at word starts only.
    automaton: NFA,
    patterns: Vec<Pattern>,
    /// The automaton's transitions over whole runs of letters.
    runs: Runs,
}

/// Folds a byte for the automaton: ASCII lower case, then rotated so that `a`..`z` become
/// 1..26. The rotation is a bijection, so it changes nothing about what matches; it puts the
/// letters at the front of the automaton's sorted transition lists, which makes building the
/// automaton twice as fast (3,500 forms: 70 M instructions down to 35 M, measured with
/// callgrind).
fn fold(byte: u8) -> u8 {
    byte.to_ascii_lowercase().wrapping_sub(b'a' - 1)
}

/// Errors building the automaton (a lexicon too large for it).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("cannot build the matcher: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
    #[error("cannot build the matcher: {0}")]
    Start(#[from] MatchError),
}

/// One form to look for: what [`Matcher::from_forms`] is built from.
#[derive(Debug, Clone, Copy)]
pub struct Form<'a> {
    pub term: TermId,
    /// The form as the lexicon writes it.
    pub text: &'a str,
    /// The form is also an ordinary word (see the lexicon's `common_words`).
    pub common_word: bool,
    /// A longer phrase that names something else (the lexicon's `not_in`): where it is
    /// written, nothing is found, and the shorter form inside it is passed over.
    pub blocker: bool,
    /// An inflection of one of the term's `verbs` ("collaborated"): never found written in
    /// capitals, where it is another word ("LED" is no "led").
    pub verb: bool,
}

impl Matcher {
    pub fn new(lexicon: &Lexicon) -> Result<Matcher, BuildError> {
        Matcher::from_forms(lexicon.terms.iter().enumerate().flat_map(|(term, entry)| {
            entry
                .forms()
                .map(move |text| Form {
                    term,
                    text,
                    common_word: entry.common_words.iter().any(|c| c == text),
                    blocker: false,
                    verb: false,
                })
                .chain(entry.not_in.iter().map(move |text| Form {
                    term,
                    text,
                    common_word: false,
                    blocker: true,
                    verb: false,
                }))
                .chain(entry.verbs.iter().map(move |text| Form {
                    term,
                    text,
                    common_word: false,
                    blocker: false,
                    verb: true,
                }))
        }))
    }

    /// Builds the matcher from forms alone, so that it can be built while the rest of the
    /// lexicon is still being assembled (see `Checker::embedded`).
    pub fn from_forms<'a>(forms: impl Iterator<Item = Form<'a>>) -> Result<Matcher, BuildError> {
        let forms: Vec<Form<'a>> = forms.collect();
        let derived = derive_variants(&forms);
        Matcher::from_forms_and_variants(
            forms.into_iter(),
            derived.iter().map(|(term, text, common_word, verb)| Form {
                term: *term,
                text,
                common_word: *common_word,
                blocker: false,
                verb: *verb,
            }),
        )
    }

    /// Builds the matcher from forms and their variants already derived (for the embedded
    /// lexicon, by `build.rs`): the listed forms first, then the variants.
    pub fn from_forms_and_variants<'a>(
        forms: impl Iterator<Item = Form<'a>>,
        variants: impl Iterator<Item = Form<'a>>,
    ) -> Result<Matcher, BuildError> {
        // A term's verbs come in with the variants, inflected, where no form is written so.
        let all = forms.filter(|f| !f.verb).chain(variants);
        let mut patterns = Vec::new();
        // Every form folded, end to end in one buffer: `folded_ends[i]` ends pattern `i`.
        let mut folded = Vec::new();
        let mut folded_ends = Vec::new();
        for form in all {
            let normalized = normalize_cow(form.text);
            let alphanumerics = normalized.chars().filter(|c| c.is_alphanumeric()).count();
            folded.extend(normalized.bytes().map(fold));
            folded_ends.push(folded.len());
            patterns.push(Pattern {
                term: form.term,
                common_word: form.common_word,
                short: alphanumerics <= 2,
                blocker: form.blocker,
                verb: form.verb,
                // Only common words need their spelling (to check case); no copy of the rest.
                form: if form.common_word {
                    normalized.into_owned()
                } else {
                    String::new()
                },
            });
        }
        let mut start = 0;
        let folded_forms: Vec<&[u8]> = folded_ends
            .iter()
            .map(|&end| {
                let form = folded.get(start..end).unwrap_or_default();
                start = end;
                form
            })
            .collect();
        // Anchored only: forms are looked for where a word starts, never inside one, which
        // is both the matching rule and what keeps the search fast (an unanchored search
        // stops at every "c" and "r" inside words).
        //
        // Standard semantics, because the walk picks among the forms itself and an anchored
        // walk never follows a failure link: leftmost-longest only adds build work (callgrind,
        // 3,521 forms: 27.7M instructions with leftmost-longest and dense depth 3, 17.8M with
        // standard and dense depth 2; depth 2 keeps the first bytes of a walk on dense
        // transitions, deeper ones cost memory and build time for little).
        let automaton = nfa::noncontiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .dense_depth(2)
            // The prefilter serves unanchored searches only.
            .prefilter(false)
            .build(&folded_forms)?;
        let start = automaton.start_state(Anchored::Yes)?;
        Ok(Matcher {
            patterns,
            runs: Runs::new(&automaton, start, &folded_forms),
            automaton,
        })
    }

    /// Every term in the text, in order, after boundary and context rules.
    pub fn find(&self, text: &NormalizedText, sections: &Sections) -> Vec<Hit> {
        let raw = self.raw_hits(&text.text);
        let mut hits = Vec::with_capacity(raw.len());
        let mut line = 0;
        // Hits are in text order: walk lines alongside.
        let mut line_hits: Vec<RawHit> = Vec::new();
        let mut iter = raw.into_iter().peekable();
        while line < text.lines.len() {
            let Some(current) = text.lines.get(line) else {
                break;
            };
            line_hits.clear();
            while let Some(h) = iter.next_if(|h| h.start <= current.range.end) {
                line_hits.push(h);
            }
            if !line_hits.is_empty() {
                self.resolve_line(text, sections, line, &line_hits, &mut hits);
            }
            line += 1;
        }
        self.find_across_wraps(text, sections, &mut hits);
        hits
    }

    /// Finds forms with technology-aware word boundaries, without context rules.
    ///
    /// At each position where a word may start, the automaton is walked from its anchored
    /// start state; of the forms that end along the walk, the longest whose end boundary
    /// holds wins ("Spring Boot" in "Spring Boot 3", but "Spring" in "Spring Bootcamp"). A
    /// word that begins no form is passed over whole.
    fn raw_hits(&self, text: &str) -> Vec<RawHit> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut ends: Vec<(usize, usize)> = Vec::new();
        let mut at = 0;
        // The byte before `at`; most bytes are inside a word and are passed over on it alone.
        let mut previous = b' ';
        while let Some(&byte) = bytes.get(at) {
            let may_start = !previous.is_ascii_alphanumeric()
                && match previous {
                    b'_' | b'@' | b'#' | b'$' => false,
                    b'.' | b'\'' | 0x80.. => starts_word(text, at),
                    _ => true,
                };
            if !may_start {
                previous = byte;
                at += 1;
                continue;
            }
            ends.clear();
            let first_run = self.runs.walk(&self.automaton, bytes, at, &mut ends);
            let from = at + first_run;
            // Without a hit, the run of letters is passed over whole.
            let mut next = from.max(at + 1);
            for &(pattern, end) in ends.iter().rev() {
                let short = self.patterns.get(pattern).is_some_and(|p| p.short);
                let Some(end_with_version) = boundary_ok(text, at, end, short) else {
                    continue;
                };
                if inside_url_or_email(text, at, end) {
                    break;
                }
                next = end;
                out.push(RawHit {
                    pattern,
                    start: at,
                    end,
                    end_with_version,
                });
                break;
            }
            previous = next
                .checked_sub(1)
                .and_then(|i| bytes.get(i))
                .copied()
                .unwrap_or(b' ');
            at = next;
        }
        out
    }

    fn resolve_line(
        &self,
        text: &NormalizedText,
        sections: &Sections,
        line: usize,
        raw: &[RawHit],
        out: &mut Vec<Hit>,
    ) {
        let Some(line_info) = text.lines.get(line) else {
            return;
        };
        let line_start = line_info.range.start;
        let line_text = text.line_text(line_info);
        let section_index = sections.index_of_line(line);
        let section_kind = sections.of_line(line).and_then(|s| s.kind);
        let skills_context = matches!(
            section_kind,
            Some(SectionKind::Skills | SectionKind::Languages)
        );
        let is_blocker = |h: &RawHit| self.patterns.get(h.pattern).is_some_and(|p| p.blocker);
        let is_common = |h: &RawHit| self.patterns.get(h.pattern).is_some_and(|p| p.common_word);
        let has_clear_hit = raw.iter().any(|h| !is_common(h) && !is_blocker(h));
        // Only common words need the label, and most lines have none.
        let labelled_list = raw.iter().any(is_common) && has_list_label(line_text);
        // A company named at the head of a job ("Stripe • San Francisco, CA"): no skill.
        let employer_line = section_kind == Some(SectionKind::Experience)
            && matches!(raw, [only] if employer::is_employer_line(
                text,
                line,
                only.start - line_start,
                only.end_with_version - line_start,
            ));
        if employer_line {
            return;
        }
        for (i, hit) in raw.iter().enumerate() {
            let Some(pattern) = self.patterns.get(hit.pattern) else {
                continue;
            };
            if pattern.blocker {
                continue;
            }
            if pattern.verb {
                let written = line_text
                    .get(hit.start - line_start..hit.end - line_start)
                    .unwrap_or_default();
                let letters = written.chars().filter(|c| c.is_alphabetic());
                if letters.clone().count() > 1 && letters.clone().all(char::is_uppercase) {
                    continue;
                }
            }
            let ctx = Context {
                line: line_text,
                start: hit.start - line_start,
                end: hit.end - line_start,
                end_with_version: hit.end_with_version - line_start,
            };
            // A person, a pet or a place named like a technology ("Prof. Dana Swift", "our
            // dog, Kafka", "Phoenix, AZ"), outside a list of skills.
            if ctx.names_a_person_pet_or_place() {
                continue;
            }
            let accepted = !pattern.common_word || {
                let neighbour_is_common = |j: usize| {
                    raw.get(j)
                        .and_then(|h| self.patterns.get(h.pattern))
                        .is_some_and(|p| p.common_word)
                };
                let adjacent_common = (i > 0
                    && neighbour_is_common(i - 1)
                    && ctx.joined_to_previous(raw[i - 1].end - line_start))
                    || (neighbour_is_common(i + 1)
                        && raw
                            .get(i + 1)
                            .is_some_and(|n| ctx.joined_to_next(n.start - line_start)));
                common_word_has_evidence(
                    &ctx,
                    &pattern.form,
                    skills_context,
                    labelled_list,
                    has_clear_hit,
                    adjacent_common,
                )
            };
            if accepted {
                out.push(Hit {
                    term: pattern.term,
                    span: hit.start..hit.end,
                    line,
                    section: section_index,
                    hidden: line_info.origin == Origin::Hidden,
                });
            }
        }
    }
}

/// Whether a form may start at `start` as far as the preceding characters go: not inside a
/// word, an identifier, a hashtag or a dotted name ("Node.js" holds no "js").
fn starts_word(text: &str, start: usize) -> bool {
    let Some(before) = text.get(..start) else {
        return false;
    };
    let mut back = before.chars().rev();
    match back.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || matches!(c, '_' | '@' | '#' | '$') => false,
        Some('.' | '\'') => !back.next().is_some_and(char::is_alphanumeric),
        Some(_) => true,
    }
}

/// Checks the characters around a match; returns the end including any version suffix.
fn boundary_ok(text: &str, start: usize, end: usize, short: bool) -> Option<usize> {
    let before = text.get(..start)?;
    let mut back = before.chars().rev();
    match back.next() {
        None => {}
        Some(c) if c.is_alphanumeric() || matches!(c, '_' | '@' | '#' | '$') => return None,
        Some('.' | '\'') if back.next().is_some_and(char::is_alphanumeric) => return None,
        Some('-' | '&' | '+') if short && back.next().is_some_and(char::is_alphanumeric) => {
            return None;
        }
        Some(_) => {}
    }
    let form_ends_alphabetic = text
        .get(..end)?
        .chars()
        .next_back()
        .is_some_and(char::is_alphabetic);
    let mut end_with_version = end;
    let after = text.get(end..)?;
    if form_ends_alphabetic && !short {
        // "Python3", "HTML5", "Java8", "Python3.12": a version glued to the name.
        let digits = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(after.len());
        let version = after.get(..digits)?.trim_end_matches('.');
        if version.starts_with(|c: char| c.is_ascii_digit()) {
            end_with_version = end + version.len();
        }
    }
    let rest = text.get(end_with_version..)?;
    let mut ahead = rest.chars();
    match ahead.next() {
        None => Some(end_with_version),
        Some(c) if c.is_alphanumeric() || matches!(c, '_' | '@' | '#' | '+') => None,
        Some('.') if ahead.next().is_some_and(char::is_alphanumeric) => None,
        Some('-' | '&') if short && ahead.next().is_some_and(char::is_alphanumeric) => None,
        Some('&') if ahead.next().is_some_and(char::is_alphanumeric) => None,
        Some(_) => Some(end_with_version),
    }
}

/// A hit inside an e-mail address or a link is part of someone's name or path, not a skill.
fn inside_url_or_email(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let token_start = bytes
        .get(..start)
        .and_then(|b| b.iter().rposition(u8::is_ascii_whitespace))
        .map_or(0, |i| i + 1);
    let token_end = bytes
        .get(end..)
        .and_then(|a| a.iter().position(u8::is_ascii_whitespace))
        .map_or(bytes.len(), |i| end + i);
    let token = bytes.get(token_start..token_end).unwrap_or_default();
    if !token.iter().any(|&b| matches!(b, b'@' | b'/' | b'.')) {
        return false;
    }
    let has = |needle: &[u8]| token.windows(needle.len()).any(|w| w == needle);
    if token.contains(&b'@')
        || has(b"://")
        || token
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"www."))
    {
        return true;
    }
    let Some(slash) = token.iter().position(|&b| b == b'/') else {
        return false;
    };
    let host = token.get(..slash).unwrap_or_default();
    [
        ".com", ".org", ".io", ".dev", ".net", ".me", ".co", ".ai", ".app", ".edu", ".in", ".uk",
        ".de",
    ]
    .iter()
    .any(|tld| {
        host.len() >= tld.len()
            && host
                .get(host.len() - tld.len()..)
                .is_some_and(|end| end.eq_ignore_ascii_case(tld.as_bytes()))
    })
}

mod context;
mod employer;
mod runs;
#[cfg(test)]
mod tests;
pub(crate) mod variants;
mod wraps;

/// The variants the matcher adds to `forms` (see [`variants::derive`]), as
/// (term, text, common word).
pub fn derive_variants(forms: &[Form<'_>]) -> Vec<(TermId, String, bool, bool)> {
    variants::derive(
        forms
            .iter()
            .map(|f| {
                (
                    f.term,
                    normalize_cow(f.text),
                    f.common_word,
                    f.blocker,
                    f.verb,
                )
            })
            .collect::<Vec<_>>()
            .iter()
            .map(|(t, text, c, b, v)| (*t, text.as_ref(), *c, *b, *v)),
    )
}
