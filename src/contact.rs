//! Contact details: the first thing a recruiter needs and the first thing some ATS lose, when
//! they sit in a page header or footer that the parser skips.

use std::sync::LazyLock;

use regex_lite::Regex;
use serde::Serialize;

use crate::extract::Origin;
use crate::normalize::NormalizedText;

/// Where a contact detail was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    #[default]
    Missing,
    /// In the body text, where every ATS reads it.
    Body,
    /// Only in a header, footer or text box, which several ATS skip.
    HeaderOnly,
}

impl Presence {
    pub fn is_missing(self) -> bool {
        self == Presence::Missing
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Contact {
    pub email: Presence,
    pub phone: Presence,
    pub location: Presence,
    pub linkedin: Presence,
    pub github: Presence,
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
        .expect("valid regex")
});
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)(?:\+[0-9]{1,3}[ .-]?)?(?:\([0-9]{2,5}\) ?|[0-9]{2,5}[ .-])[0-9]{2,5}[ .-]?[0-9]{3,5}\b")
        .expect("valid regex")
});
static LINKEDIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)linkedin\.com/in/[A-Za-z0-9_-]+").expect("valid regex"));
static GITHUB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:github|gitlab)\.com/[A-Za-z0-9_-]+").expect("valid regex")
});
/// "Berlin, Germany", "Austin, TX", "San Francisco, CA 94105", or "Remote".
static LOCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)\b[A-Z][a-zA-Z.]+(?:[ -][A-Z][a-zA-Z.]+){0,2}, ?(?:[A-Z]{2}\b|[A-Z][a-z]{2,}(?: [A-Z][a-z]+)?)|\b(?:Remote|Relocatable)\b")
        .expect("valid regex")
});

/// How many lines at the top (and in a contact section) may hold the location.
const LOCATION_LINES: usize = 8;

/// Finds contact details; a detail that appears in the body anywhere counts as `Body`.
pub fn detect(text: &NormalizedText) -> Contact {
    let mut contact = Contact::default();
    let mut body_lines_seen = 0;
    for line in &text.lines {
        let written = text.line_text(line);
        if written.is_empty() || line.origin == Origin::Hidden {
            continue;
        }
        let visible_to_ats = matches!(line.origin, Origin::Body | Origin::Table);
        let presence = if visible_to_ats {
            Presence::Body
        } else {
            Presence::HeaderOnly
        };
        let note = |slot: &mut Presence, found: bool| {
            if found && *slot != Presence::Body {
                *slot = presence;
            }
        };
        // Each detail is looked for until it is found in the body, and only in lines that
        // could hold it: on long documents this is most of the stage's time.
        let wanted = |slot: Presence| slot != Presence::Body;
        // Regexes run on the few words or segments that can hold the detail: on a contact
        // line of 150 bytes that is about a tenth of the work.
        if wanted(contact.email) && written.contains('@') {
            note(
                &mut contact.email,
                words_with(written, "@").any(|w| EMAIL.is_match(w)),
            );
        }
        if wanted(contact.phone) && written.bytes().filter(u8::is_ascii_digit).count() >= 9 {
            note(
                &mut contact.phone,
                phone_runs(written)
                    .flat_map(|run| PHONE.find_iter(run))
                    .any(|m| plausible_phone(m.as_str())),
            );
        }
        if wanted(contact.linkedin) {
            note(
                &mut contact.linkedin,
                words_with(written, "linkedin.com/").any(|w| LINKEDIN.is_match(w)),
            );
        }
        if wanted(contact.github) {
            note(
                &mut contact.github,
                words_with(written, "github.com/")
                    .chain(words_with(written, "gitlab.com/"))
                    .any(|w| GITHUB.is_match(w)),
            );
        }
        let near_top = body_lines_seen < LOCATION_LINES || !visible_to_ats;
        if near_top && wanted(contact.location) {
            note(
                &mut contact.location,
                location_candidates(written).any(|s| LOCATION.is_match(s)),
            );
        }
        if visible_to_ats {
            body_lines_seen += 1;
        }
    }
    contact
}

/// The whitespace-separated words of `line` that contain `needle` (lower case ASCII) in any
/// case.
fn words_with<'a>(line: &'a str, needle: &'a str) -> impl Iterator<Item = &'a str> {
    line.split_whitespace().filter(move |word| {
        word.as_bytes()
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
    })
}

/// The parts of a line that may be a location: the line cut at the separators of contact
/// lines ("Austin, TX • jane@example.com | (512) 555-0147"), each short (a contact item,
/// not prose that names a city) and holding "City, ST" or saying remote; then the whole line,
/// if it is short enough to be a contact line, for lines whose items are separated by commas
/// ("john@x.com , +1 (415) 555-0142 , San Francisco, CA , linkedin.com/in/john").
fn location_candidates(line: &str) -> impl Iterator<Item = &str> {
    let says_where =
        |part: &str| part.contains(',') || part.contains("Remote") || part.contains("Relocatable");
    line.split(['•', '|', '\t'])
        .map(str::trim)
        .filter(move |part| part.len() <= MAX_LOCATION_PART && says_where(part))
        .chain((line.len() <= MAX_LOCATION_LINE && says_where(line)).then_some(line))
}

/// "Greater Los Angeles Area, California (Remote)" is 45 bytes.
const MAX_LOCATION_PART: usize = 80;

/// Whether one line holds an e-mail address or a phone number: the line under a person's name.
pub fn line_has_email_or_phone(line: &str) -> bool {
    let email = line.contains('@') && words_with(line, "@").any(|w| EMAIL.is_match(w));
    email
        || phone_runs(line)
            .flat_map(|run| PHONE.find_iter(run))
            .any(|m| plausible_phone(m.as_str()))
}

/// Longer lines are prose; a contact line with e-mail, phone, city and two links is about
/// 150 bytes.
const MAX_LOCATION_LINE: usize = 240;

/// The runs of a line made only of what a phone number is written with, holding at least
/// nine digits: "(512) 555-0147" in "Austin, TX • (512) 555-0147 • jane@example.com".
fn phone_runs(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| !(c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-' | '.')))
        .filter(|run| run.bytes().filter(u8::is_ascii_digit).count() >= 9)
}

/// A phone number has 9 to 15 digits and is not a range of years.
fn plausible_phone(candidate: &str) -> bool {
    let digits = candidate.chars().filter(char::is_ascii_digit).count();
    let looks_like_years = candidate
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .all(|p| p.len() == 4 && (p.starts_with("19") || p.starts_with("20")));
    (9..=15).contains(&digits) && !looks_like_years
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Document, Format, Line};
    use crate::normalize::normalize_document;

    fn contact_of(lines: &[(&str, Origin)]) -> Contact {
        let doc = Document {
            format: Format::Docx,
            pages: 1,
            lines: lines
                .iter()
                .map(|(t, o)| Line {
                    origin: *o,
                    ..Line::body(*t)
                })
                .collect(),
            warnings: vec![],
        };
        detect(&normalize_document(&doc))
    }

    #[test]
    fn details_in_the_body() {
        let c = contact_of(&[
            ("Jane Doe", Origin::Body),
            (
                "Austin, TX | jane.doe@example.com | +1 (512) 555-0142",
                Origin::Body,
            ),
            ("linkedin.com/in/janedoe · github.com/janedoe", Origin::Body),
        ]);
        assert_eq!(
            c,
            Contact {
                email: Presence::Body,
                phone: Presence::Body,
                location: Presence::Body,
                linkedin: Presence::Body,
                github: Presence::Body
            }
        );
    }

    #[test]
    fn details_only_in_a_header() {
        let c = contact_of(&[
            ("jane@example.com · 555 014 2233", Origin::Header),
            ("Summary", Origin::Body),
        ]);
        assert_eq!(c.email, Presence::HeaderOnly);
        assert_eq!(c.phone, Presence::HeaderOnly);
        assert_eq!(c.linkedin, Presence::Missing);
    }

    #[test]
    fn a_location_between_commas_on_a_contact_line() {
        // Made by Chromium for resume-matcher's single-column template: items separated by
        // " , " rather than bullets (the first version of the segment filter missed it).
        let c = contact_of(&[(
            "john.doe@email.com , +1 (415) 555-0142 , San Francisco, CA , linkedin.com/in/johndoe , github.com/johndoe",
            Origin::Body,
        )]);
        assert_eq!(c.location, Presence::Body);
        assert_eq!(c.email, Presence::Body);
        assert_eq!(c.phone, Presence::Body);
        assert_eq!(c.linkedin, Presence::Body);
        assert_eq!(c.github, Presence::Body);
    }

    #[test]
    fn dates_and_numbers_are_not_phones() {
        let rows = [
            "2019-2023",
            "2019 - 2023",
            "Reduced latency by 45%",
            "Served 1,000,000 users",
            "ISO 27001",
        ];
        for row in rows {
            assert_eq!(
                contact_of(&[(row, Origin::Body)]).phone,
                Presence::Missing,
                "{row}"
            );
        }
        for row in [
            "555-014-2233",
            "+44 20 7946 0958",
            "(512) 555-0142",
            "+91 98765 43210",
        ] {
            assert_eq!(
                contact_of(&[(row, Origin::Body)]).phone,
                Presence::Body,
                "{row}"
            );
        }
    }
}
