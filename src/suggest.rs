//! Suggestions: what to change in the resume, in order of impact.
//!
//! Each suggestion has a kind, the term it is about (where there is one), a message a person can
//! act on, and a priority from 1 to 100. Priorities follow one scale so they can be compared
//! across kinds: missing contact details and must-have skills first, style advice last.

use serde::Serialize;

use crate::checker::Analysis;
use crate::contact::Presence;
use crate::lexicon::{Kind, Term, TermId, Weight};
use crate::sections::SectionKind;

mod misspelt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SuggestionKind {
    MissingKeyword,
    NearMiss,
    Acronym,
    JobTitle,
    SectionHeading,
    Contact,
    KeywordStuffing,
    Length,
    Quantify,
    LiteralKeyword,
}

impl SuggestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SuggestionKind::MissingKeyword => "missing_keyword",
            SuggestionKind::NearMiss => "near_miss",
            SuggestionKind::Acronym => "acronym",
            SuggestionKind::JobTitle => "job_title",
            SuggestionKind::SectionHeading => "section_heading",
            SuggestionKind::Contact => "contact",
            SuggestionKind::KeywordStuffing => "keyword_stuffing",
            SuggestionKind::Length => "length",
            SuggestionKind::Quantify => "quantify",
            SuggestionKind::LiteralKeyword => "literal_keyword",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    /// The term, heading or detail concerned, where there is one.
    pub term: Option<String>,
    pub message: String,
    /// 1–100, higher first.
    pub priority: u8,
}

impl Suggestion {
    fn new(
        kind: SuggestionKind,
        term: Option<String>,
        message: String,
        priority: u8,
    ) -> Suggestion {
        Suggestion {
            kind,
            term,
            message,
            priority,
        }
    }
}

/// Word counts outside which a resume is probably too short or too long.
const MIN_WORDS: usize = 250;
const MAX_WORDS: usize = 1100;

/// All suggestions for an analysed resume, highest priority first.
pub fn suggest(analysis: &Analysis) -> Vec<Suggestion> {
    let mut out = Vec::new();
    if !analysis.has_text {
        return out;
    }
    missing_keywords(analysis, &mut out);
    literal_keywords(analysis, &mut out);
    job_title(analysis, &mut out);
    contact(analysis, &mut out);
    section_headings(analysis, &mut out);
    acronyms(analysis, &mut out);
    misspelt::near_misses(analysis, &mut out);
    keyword_stuffing(analysis, &mut out);
    length(analysis, &mut out);
    quantify(analysis, &mut out);
    out.sort_by_key(|s| std::cmp::Reverse(s.priority));
    out
}

fn missing_keywords(analysis: &Analysis, out: &mut Vec<Suggestion>) {
    let Some(scored) = &analysis.scored else {
        return;
    };
    for missing in &scored.missing {
        let requirement = &missing.requirement;
        let skill = requirement
            .any
            .first()
            .and_then(|&id| analysis.lexicon.term(id));
        let place = match skill.map(|t| t.kind) {
            Some(Kind::Certification) => "the Certifications section, if you hold it",
            Some(Kind::SoftSkill) => "an experience bullet that shows it",
            _ => "the Skills section, and an experience bullet that shows it used",
        };
        let what = if missing.any_of.len() > 1 {
            format!(
                "{} (any of: {})",
                requirement.label,
                missing.any_of.join(", ")
            )
        } else {
            requirement.label.clone()
        };
        let priority = match requirement.importance {
            Weight::Must => 90,
            Weight::Should => 70,
            Weight::Nice => 40,
        };
        out.push(Suggestion::new(
            SuggestionKind::MissingKeyword,
            Some(requirement.label.clone()),
            format!(
                "Add {what} if you have it: a {} requirement; put it in {place}",
                requirement.importance.as_str()
            ),
            priority,
        ));
    }
}

/// A requirement met only through a narrower term ("AWS" through "AWS Lambda"): a reader
/// sees it, an ATS searching for the word itself does not.
fn literal_keywords(analysis: &Analysis, out: &mut Vec<Suggestion>) {
    let Some(scored) = &analysis.scored else {
        return;
    };
    for matched in &scored.matched {
        let Some(narrower) = &matched.through else {
            continue;
        };
        let requirement = &matched.requirement;
        let priority = match requirement.importance {
            Weight::Must => 60,
            Weight::Should => 45,
            Weight::Nice => 25,
        };
        out.push(Suggestion::new(
            SuggestionKind::LiteralKeyword,
            Some(matched.via.clone()),
            format!(
                "Write \"{}\" itself once, e.g. \"{} ({})\": your resume shows it only through {narrower}, and an ATS searches for the word the {} asks for",
                matched.via,
                narrower,
                matched.via,
                if analysis.target.title.is_some() && requirement.source != crate::score::Source::Job {
                    "title"
                } else {
                    "posting"
                },
            ),
            priority,
        ));
    }
}

/// Substring search ignoring ASCII case, without lower-casing a copy of the whole resume per
/// check: candidates are the places where the first byte occurs in either case, found with
/// memchr2 (the title and its aliases are searched in the whole text, every check).
fn contains_ignoring_ascii_case(haystack: &str, needle: &str) -> bool {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else {
        return true;
    };
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), hay).any(|at| {
        hay.get(at..at + needle.len())
            .is_some_and(|window| window.eq_ignore_ascii_case(needle))
    })
}

fn job_title(analysis: &Analysis, out: &mut Vec<Suggestion>) {
    let Some(title) = &analysis.target.title else {
        return;
    };
    let present = std::iter::once(title)
        .chain(&analysis.target.title_aliases)
        .any(|t| contains_ignoring_ascii_case(&analysis.text.text, t));
    if !present {
        out.push(Suggestion::new(
            SuggestionKind::JobTitle,
            Some(title.clone()),
            format!("Write the exact title \"{title}\" in your headline or summary: recruiters search for it and ATS rank an exact title match highly"),
            80,
        ));
    }
}

fn contact(analysis: &Analysis, out: &mut Vec<Suggestion>) {
    let c = &analysis.contact;
    let rows = [
        (c.email, "email", "an email address", 95),
        (c.phone, "phone", "a phone number", 90),
        (
            c.location,
            "location",
            "your city and country (or \"Remote\")",
            45,
        ),
    ];
    for (presence, term, what, priority) in rows {
        if presence.is_missing() {
            out.push(Suggestion::new(
                SuggestionKind::Contact,
                Some(term.into()),
                format!("Add {what} near the top"),
                priority,
            ));
        } else if presence == Presence::HeaderOnly {
            out.push(Suggestion::new(
                SuggestionKind::Contact,
                Some(term.into()),
                format!("Move {what} out of the page header or footer into the body: several ATS skip headers"),
                priority,
            ));
        }
    }
    if c.linkedin.is_missing() && c.github.is_missing() {
        out.push(Suggestion::new(
            SuggestionKind::Contact,
            Some("profile".into()),
            "Add a LinkedIn or GitHub profile URL: recruiters look for one".into(),
            50,
        ));
    }
}

fn section_headings(analysis: &Analysis, out: &mut Vec<Suggestion>) {
    for section in analysis.sections.list.iter().filter(|s| !s.standard) {
        let message = match section.kind {
            Some(kind) => format!(
                "Rename the heading \"{}\" to \"{}\": ATS file content under standard headings",
                section.heading,
                kind.standard_heading()
            ),
            None => format!(
                "\"{}\" is not a heading ATS recognise: use a standard one (Summary, Experience, Education, Skills, Projects, Certifications)",
                section.heading
            ),
        };
        out.push(Suggestion::new(
            SuggestionKind::SectionHeading,
            Some(section.heading.clone()),
            message,
            65,
        ));
    }
    let has = |kind: SectionKind| analysis.sections.list.iter().any(|s| s.kind == Some(kind));
    for (kind, priority) in [
        (SectionKind::Experience, 75),
        (SectionKind::Skills, 70),
        (SectionKind::Education, 55),
    ] {
        if !has(kind) {
            out.push(Suggestion::new(
                SuggestionKind::SectionHeading,
                Some(kind.standard_heading().into()),
                format!(
                    "Add a section headed \"{}\": ATS look for it by name",
                    kind.standard_heading()
                ),
                priority,
            ));
        }
    }
}

/// A term written only as an acronym, or only in long form, where ATS searches may use the
/// other: when the job posting wrote the other form, or for a certification known only by its
/// acronym. Writing both once ("Amazon Web Services (AWS)") catches both searches.
fn acronyms(analysis: &Analysis, out: &mut Vec<Suggestion>) {
    // How each term found is written, from the hits sorted by term: (term, as an acronym,
    // in long form).
    let mut writes: Vec<(TermId, bool, bool)> = analysis
        .hits
        .iter()
        .filter(|hit| analysis.acronyms.get(hit.term).is_some_and(Option::is_some))
        .filter_map(|hit| {
            let written = analysis.text.text.get(hit.span.clone())?;
            Some((hit.term, is_acronym(written), written.contains(' ')))
        })
        .collect();
    writes.sort_unstable_by_key(|&(term, _, _)| term);
    let mut merged: Vec<(TermId, bool, bool)> = Vec::with_capacity(writes.len());
    for (term, acronym, long) in writes {
        match merged.last_mut() {
            Some(last) if last.0 == term => {
                last.1 |= acronym;
                last.2 |= long;
            }
            _ => merged.push((term, acronym, long)),
        }
    }
    for (id, resume_acronym, resume_long) in merged {
        let (Some(term), Some(Some((acronym, long)))) =
            (analysis.lexicon.term(id), analysis.acronyms.get(id))
        else {
            continue;
        };
        let (posting_acronym, posting_long) = analysis
            .target
            .posting_forms
            .iter()
            .filter(|(t, _)| *t == id)
            .fold((false, false), |(acr, lng), (_, w)| {
                (acr || is_acronym(w), lng || w.contains(' '))
            });
        let is_cert = term.kind == Kind::Certification;
        let message = match (resume_acronym, resume_long) {
            (true, false) if posting_long || (is_cert && !posting_acronym) => {
                format!(
                    "Spell out {acronym} once as \"{long} ({acronym})\": some ATS searches use the long form"
                )
            }
            (false, true) if posting_acronym => {
                format!(
                    "Add the acronym once, as \"{long} ({acronym})\": the posting writes {acronym}, and ATS match exact words"
                )
            }
            _ => continue,
        };
        let priority = if posting_acronym || posting_long {
            45
        } else {
            30
        };
        out.push(Suggestion::new(
            SuggestionKind::Acronym,
            Some(term.name.clone()),
            message,
            priority,
        ));
    }
}

/// Mentions per term beyond which the repetition reads as stuffing, for a resume of `words`.
fn stuffing_threshold(words: usize) -> usize {
    (words / 50).max(8)
}

/// A term repeated far beyond natural use, or a skills list that the rest of the resume does not
/// back up: both read as keyword stuffing to a recruiter.
fn keyword_stuffing(analysis: &Analysis, out: &mut Vec<Suggestion>) {
    // Per term found: (term, mentions, mentioned outside the skills section), from the hits
    // sorted by term (a resume names a hundred terms; the lexicon has fifteen times more).
    let mut by_term: Vec<(TermId, bool)> = analysis
        .hits
        .iter()
        .map(|hit| {
            let in_skills = hit
                .section
                .and_then(|i| analysis.sections.list.get(i))
                .and_then(|s| s.kind)
                == Some(SectionKind::Skills);
            (hit.term, !in_skills)
        })
        .collect();
    by_term.sort_unstable_by_key(|&(term, _)| term);
    let mut terms: Vec<(TermId, usize, bool)> = Vec::new();
    for (term, outside) in by_term {
        match terms.last_mut() {
            Some(last) if last.0 == term => {
                last.1 += 1;
                last.2 |= outside;
            }
            _ => terms.push((term, 1, outside)),
        }
    }
    let threshold = stuffing_threshold(analysis.words);
    for &(id, count, _) in &terms {
        let Some(term) = analysis.lexicon.term(id) else {
            continue;
        };
        if count > threshold && term.kind != Kind::SoftSkill {
            out.push(Suggestion::new(
                SuggestionKind::KeywordStuffing,
                Some(term.name.clone()),
                format!("{} appears {count} times: past about {threshold} mentions it reads as keyword stuffing; keep the mentions that show real use", term.name),
                60,
            ));
        }
    }
    let skills_only = terms.iter().filter(|&&(_, _, outside)| !outside).count();
    let listed = terms.len();
    if skills_only >= 25 && skills_only * 10 >= listed * 7 {
        out.push(Suggestion::new(
            SuggestionKind::KeywordStuffing,
            None,
            format!("{skills_only} skills appear only in the skills list and nowhere in your experience: trim the list to what you have used, and show the key ones in experience bullets"),
            55,
        ));
    }
}

/// A term's acronym and the long form it spells out ("AWS", "Amazon Web Services"), if it has
/// both among its forms. It depends only on the lexicon, so the checker works it out once.
pub fn acronym_pair(term: &Term) -> Option<(String, String)> {
    term.forms().filter(|f| is_acronym(f)).find_map(|a| {
        term.forms()
            .find(|l| expands(a, l))
            .map(|l| (a.to_owned(), l.to_owned()))
    })
}

/// Whether `long` spells out `acronym`: the initials of its capitalised words, ignoring a
/// vendor prefix ("Amazon Relational Database Service" → RDS, "Amazon Web Services" → AWS).
fn expands(acronym: &str, long: &str) -> bool {
    let letters: String = acronym.chars().filter(|c| c.is_alphabetic()).collect();
    let initials: String = long
        .split([' ', '-', '/'])
        .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
        .filter_map(|w| w.chars().next())
        .collect();
    initials.len() >= 2
        && (initials == letters || initials.get(1..).is_some_and(|rest| rest == letters))
}

/// "AWS", "CKA", "CI/CD": short, upper case, no digits (exam codes like "AZ-104" are not what
/// recruiters search for).
fn is_acronym(form: &str) -> bool {
    // Longer forms cannot be one (six letters and a few separators at most): most are not.
    if form.len() > 12 || form.bytes().any(|b| b.is_ascii_digit() || b == b' ') {
        return false;
    }
    let letters = form.chars().filter(|c| c.is_alphanumeric()).count();
    (2..=6).contains(&letters)
        && form
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

fn length(analysis: &Analysis, out: &mut Vec<Suggestion>) {
    let words = analysis.words;
    let message = if words < MIN_WORDS {
        format!(
            "At {words} words the resume is thin: most one-page resumes have 400–700; add detail to your experience"
        )
    } else if words > MAX_WORDS && analysis.document.pages <= 2 {
        format!(
            "At {words} words the resume is long for two pages: trim older roles and repeated points"
        )
    } else if analysis.document.pages > 2 {
        format!(
            "{} pages is long: most recruiters expect one or two",
            analysis.document.pages
        )
    } else {
        return;
    };
    out.push(Suggestion::new(SuggestionKind::Length, None, message, 50));
}

/// Recruiters' most common advice: show results with numbers.
fn quantify(analysis: &Analysis, out: &mut Vec<Suggestion>) {
    let (mut bullets, mut measured) = (0, 0);
    for (index, line) in analysis.text.lines.iter().enumerate() {
        let in_experience =
            analysis.sections.of_line(index).and_then(|s| s.kind) == Some(SectionKind::Experience);
        if !in_experience || analysis.sections.is_heading(index) {
            continue;
        }
        let text = analysis.text.line_text(line);
        if has_words(text, 6) {
            bullets += 1;
            measured += usize::from(has_measure(text));
        }
    }
    if bullets < 3 {
        return;
    }
    if measured * 10 < bullets * 3 {
        out.push(Suggestion::new(
            SuggestionKind::Quantify,
            None,
            format!(
                "Only {measured} of {bullets} experience bullets show a measurable result: add numbers (%, time saved, users, revenue, latency)"
            ),
            55,
        ));
    }
}

/// Whether a line has at least `count` words. Normalised text has no whitespace but ASCII
/// spaces, so bytes are enough.
fn has_words(line: &str, count: usize) -> bool {
    line.as_bytes()
        .split(u8::is_ascii_whitespace)
        .filter(|word| !word.is_empty())
        .nth(count.saturating_sub(1))
        .is_some()
}

/// A number that is not a year: "45%", "$2M", "3x", "10,000 users", "200 ms". Jumps from digit
/// to digit: most words of a line have none.
fn has_measure(line: &str) -> bool {
    let bytes = line.as_bytes();
    let splits = |b: &u8| b.is_ascii_whitespace() || matches!(b, b'(' | b')');
    let mut at = 0;
    while let Some(digit) = bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(u8::is_ascii_digit))
    {
        let digit = at + digit;
        let (before, after) = bytes.split_at(digit);
        let start = before.iter().rposition(splits).map_or(0, |i| i + 1);
        let end = after
            .iter()
            .position(splits)
            .map_or(bytes.len(), |i| digit + i);
        if !is_year(bytes.get(start..end).unwrap_or_default()) {
            return true;
        }
        at = end;
    }
    false
}

/// Four digits in a row, starting 19 or 20, and no other digit in the word.
fn is_year(word: &[u8]) -> bool {
    let mut digits = word.iter().copied().filter(u8::is_ascii_digit);
    let (first, second) = (digits.next(), digits.next());
    let span = word
        .iter()
        .position(u8::is_ascii_digit)
        .zip(word.iter().rposition(u8::is_ascii_digit))
        .map_or(0, |(from, to)| to + 1 - from);
    digits.count() == 2
        && matches!(
            (first, second),
            (Some(b'1'), Some(b'9')) | (Some(b'2'), Some(b'0'))
        )
        && span == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_are_numbers_that_are_not_years() {
        for (line, want) in [
            ("Cut latency by 45% for checkout", true),
            ("Saved $2M a year", true),
            ("Served 10,000 users", true),
            ("Joined in 2019 and led the team", false),
            ("Led the migration to Kubernetes", false),
            ("Scaled 3x", true),
            ("Since 2019, led 12 engineers", true),
            ("(2020) moved to the platform team", false),
            ("Shipped v2 of the API", true),
            ("2019–2021 at Acme", true),
            ("", false),
        ] {
            assert_eq!(has_measure(line), want, "{line}");
        }
    }

    #[test]
    fn acronyms() {
        assert!(expands("AWS", "Amazon Web Services"));
        assert!(expands("RDS", "Amazon Relational Database Service"));
        assert!(expands("CKA", "Certified Kubernetes Administrator"));
        assert!(!expands("REST", "RESTful APIs"));
        for (form, want) in [
            ("AWS", true),
            ("CKA", true),
            ("CI/CD", true),
            ("Go", false),
            ("Amazon Web Services", false),
            ("A", false),
        ] {
            assert_eq!(is_acronym(form), want, "{form}");
        }
    }
}
