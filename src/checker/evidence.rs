//! What makes a mention evidence of a skill, beyond matching its name: the line it stands on
//! and the section it stands in. A soft skill's word can name people, a certification can be
//! pending, a hobby or a degree's field is no professional claim.

use crate::lexicon::{Kind, Lexicon};
use crate::matcher::Hit;
use crate::normalize::NormalizedText;
use crate::sections::{SectionKind, Sections};

/// Qualities that make a soft skill of the word after "with": "with strong communication".
const SKILL_QUALIFIERS: &[&str] = &[
    "strong",
    "excellent",
    "good",
    "great",
    "effective",
    "clear",
    "proven",
    "solid",
    "exceptional",
    "outstanding",
    "demonstrated",
    "technical",
    "servant",
];

/// A soft skill's word naming people, not a skill: "reported to leadership", "presented to
/// underwriting leadership", "aligned with product leadership".
pub(super) fn names_people(lexicon: &Lexicon, text: &NormalizedText, hit: &Hit) -> bool {
    let soft = lexicon
        .term(hit.term)
        .is_some_and(|t| t.kind == Kind::SoftSkill);
    if !soft {
        return false;
    }
    let Some(line) = text.lines.get(hit.line) else {
        return false;
    };
    let before = text
        .text
        .get(line.range.start..hit.span.start)
        .unwrap_or_default();
    let mut words = before.split_whitespace().rev();
    let last = words.next().unwrap_or_default();
    let second = words.next().unwrap_or_default();
    let addressed = |w: &str| matches!(w, "to" | "with");
    addressed(last)
        || (addressed(second)
            && last.chars().all(|c| c.is_ascii_lowercase())
            && !SKILL_QUALIFIERS.contains(&last))
}

/// A hobby or a referee is no evidence of a professional skill ("playing Go", "our dog,
/// Kafka", "Marco Pascal, Engineering Manager").
pub(super) fn outside_work(sections: &Sections, hit: &Hit) -> bool {
    hit.section
        .and_then(|i| sections.list.get(i))
        .is_some_and(|s| {
            matches!(
                s.kind,
                Some(SectionKind::Interests | SectionKind::References)
            )
        })
}

/// Words of a line that names a degree or a school: its field of study is a qualification, not
/// a skill the resume claims ("B.S. Computer Science, University of Utah").
const DEGREE_WORDS: &[&str] = &[
    "b.s.",
    "b.sc",
    "bsc",
    "b.a.",
    "b.eng",
    "beng",
    "b.tech",
    "btech",
    "b.e.",
    "bachelor",
    "m.s.",
    "m.sc",
    "msc",
    "m.eng",
    "meng",
    "m.tech",
    "mtech",
    "master",
    "mba",
    "ph.d",
    "phd",
    "doctor",
    "degree",
    "diploma",
    "university",
    "college",
    "institute",
    "école",
    "school of",
];

/// A hit on a line of the Education section that names a degree or a school.
pub(super) fn degree_line(sections: &Sections, text: &NormalizedText, hit: &Hit) -> bool {
    let in_education = hit
        .section
        .and_then(|i| sections.list.get(i))
        .is_some_and(|s| s.kind == Some(SectionKind::Education));
    in_education
        && text.lines.get(hit.line).is_some_and(|line| {
            let line = text.line_text(line).to_lowercase();
            DEGREE_WORDS.iter().any(|w| line.contains(w))
        })
}

/// Words that say a certification is not held yet: "CISSP (expected 2027)", "studying for
/// the CKA", "AWS Solutions Architect - in progress".
const IN_PROGRESS: &[&str] = &[
    "in progress",
    "in-progress",
    "expected",
    "studying",
    "pursuing",
    "preparing",
    "working toward",
    "candidate",
    "scheduled",
    "planned",
    "target date",
    "exam booked",
    "anticipated",
];

/// A certification named on a line that says it is not held yet.
pub(super) fn in_progress(lexicon: &Lexicon, text: &NormalizedText, hit: &Hit) -> bool {
    let is_certification = lexicon
        .term(hit.term)
        .is_some_and(|t| t.kind == Kind::Certification);
    is_certification
        && text.lines.get(hit.line).is_some_and(|line| {
            let line = text.line_text(line).to_ascii_lowercase();
            IN_PROGRESS.iter().any(|m| line.contains(m))
        })
}
