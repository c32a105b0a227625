//! Job postings: the requirements a posting asks for, weighted by how it asks.
//!
//! A posting is read with the same extractor, normaliser and matcher as a resume. Every
//! lexicon term it names becomes a requirement; where it is named decides the weight: the
//! title line and "Requirements / You have" parts weigh more than "Responsibilities", which
//! weigh more than "Nice to have" and the company blurb. Repetition raises the weight a little;
//! soft skills weigh half. Alternatives written "Java, Go or Kotlin" form one any-of requirement.

use crate::lexicon::{Kind, Lexicon, TermId, Title, Weight, form_key};
use crate::matcher::Hit;
use crate::normalize::NormalizedText;
use crate::score::{Requirement, Source, Target};

/// The part of a posting a line belongs to, which sets the weight of the terms in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Before any heading: the company blurb and the introduction.
    Intro,
    /// "About us", "Benefits": terms here describe the company, not the job.
    Company,
    Duties,
    Required,
    Nice,
}

impl Part {
    fn weight(self) -> f64 {
        match self {
            Part::Required => 3.0,
            Part::Duties => 2.0,
            Part::Intro => 1.5,
            Part::Nice | Part::Company => 1.0,
        }
    }
}

const REQUIRED_HEADINGS: &[&str] = &[
    "requirement",
    "qualification",
    "must have",
    "must-have",
    "you have",
    "what you bring",
    "what you'll bring",
    "looking for",
    "who you are",
    "about you",
    "you are",
    "minimum",
    "required",
    "skills",
    "what we need",
    "you should have",
    "you bring",
    "your profile",
    "experience",
];
const NICE_HEADINGS: &[&str] = &[
    "nice to have",
    "nice-to-have",
    "preferred",
    "bonus",
    "plus",
    "good to have",
    "desirable",
    "extra credit",
    "would be great",
    "optional",
];
const DUTY_HEADINGS: &[&str] = &[
    "responsibilit",
    "what you'll do",
    "what you will do",
    "the role",
    "your role",
    "day to day",
    "duties",
    "you will",
    "in this role",
    "what you'll work on",
    "the job",
    "the work",
];
const COMPANY_HEADINGS: &[&str] = &[
    "about us",
    "about the company",
    "who we are",
    "benefits",
    "perks",
    "what we offer",
    "compensation",
    "why join",
    "equal opportunity",
    "our team",
    "about ",
];
/// Phrases that make a single line optional, whatever part it is in.
const NICE_PHRASES: &[&str] = &[
    "nice to have",
    "a plus",
    "is a plus",
    "bonus",
    "preferred",
    "ideally",
    "not required",
];

/// What a posting asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Posting {
    /// The job title, as the posting writes it (from its first line), if it looks like one.
    pub title: Option<String>,
    /// The lexicon title it corresponds to, if any.
    pub lexicon_title: Option<usize>,
    pub requirements: Vec<Requirement>,
    /// Every term as the posting writes it.
    pub forms: Vec<(TermId, String)>,
}

/// Reads a posting's requirements from its normalised text and the matcher's hits.
pub fn read_posting(lexicon: &Lexicon, text: &NormalizedText, hits: &[Hit]) -> Posting {
    let parts = parts_of_lines(text);
    let title_line = text.lines.iter().position(|l| !l.range.is_empty());
    let mut weights: Vec<(f64, usize)> = vec![(0.0, 0); lexicon.terms.len()];
    for hit in hits.iter().filter(|h| !h.hidden) {
        let part = parts.get(hit.line).copied().unwrap_or(Part::Intro);
        let weight = if Some(hit.line) == title_line {
            3.0
        } else {
            part.weight()
        };
        if let Some(slot) = weights.get_mut(hit.term) {
            slot.0 = slot.0.max(weight);
            slot.1 += 1;
        }
    }
    let weight_of = |id: TermId| -> f64 {
        let Some(&(base, mentions)) = weights.get(id) else {
            return 0.0;
        };
        let repetition = (0.5 * mentions.saturating_sub(1) as f64).min(1.5);
        let kind = if lexicon.term(id).is_some_and(|t| t.kind == Kind::SoftSkill) {
            0.5
        } else {
            1.0
        };
        (base + repetition) * kind
    };

    let groups = alternative_groups(text, hits);
    let mut grouped = vec![false; lexicon.terms.len()];
    let mut requirements = Vec::new();
    for group in groups {
        let fresh: Vec<TermId> = group
            .into_iter()
            .filter(|&id| !grouped.get(id).copied().unwrap_or(true))
            .collect();
        if fresh.len() < 2 {
            continue;
        }
        for &id in &fresh {
            if let Some(g) = grouped.get_mut(id) {
                *g = true;
            }
        }
        let names: Vec<&str> = fresh
            .iter()
            .filter_map(|&id| lexicon.term(id))
            .map(|t| t.name.as_str())
            .collect();
        let weight = fresh.iter().map(|&id| weight_of(id)).fold(0.0, f64::max);
        requirements.push(requirement(
            format!("one of {}", names.join(", ")),
            weight,
            fresh,
        ));
    }
    for (id, &(_, mentions)) in weights.iter().enumerate() {
        if mentions > 0 && !grouped.get(id).copied().unwrap_or(true) {
            let label = lexicon.term(id).map(|t| t.name.clone()).unwrap_or_default();
            requirements.push(requirement(label, weight_of(id), vec![id]));
        }
    }
    requirements.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.label.cmp(&b.label))
    });

    let title = title_line
        .and_then(|i| text.lines.get(i))
        .map(|l| text.line_text(l))
        .and_then(clean_title);
    let lexicon_title = title.as_deref().and_then(|t| lexicon_title_in(lexicon, t));
    let mut forms: Vec<(TermId, String)> = Vec::new();
    for hit in hits {
        let written = text
            .text
            .get(hit.span.clone())
            .unwrap_or_default()
            .to_owned();
        if !forms.iter().any(|(t, f)| *t == hit.term && *f == written) {
            forms.push((hit.term, written));
        }
    }
    Posting {
        title,
        lexicon_title,
        requirements,
        forms,
    }
}

fn requirement(label: String, weight: f64, any: Vec<TermId>) -> Requirement {
    let weight = (weight * 10.0).round() / 10.0;
    let importance = if weight >= 3.0 {
        Weight::Must
    } else if weight >= 2.0 {
        Weight::Should
    } else {
        Weight::Nice
    };
    Requirement {
        label,
        importance,
        weight,
        any,
        source: Source::Job,
    }
}

/// Combines a posting with an optional title target: the posting's requirements count as
/// written; the title's requirements that the posting does not mention are added as a fallback.
pub fn combine(lexicon: &Lexicon, posting: Posting, title: Option<Target>) -> Target {
    let Some(mut title_target) = title else {
        let lexicon_title: Option<&Title> =
            posting.lexicon_title.and_then(|i| lexicon.titles.get(i));
        return Target {
            title: posting
                .title
                .clone()
                .or_else(|| lexicon_title.map(|t| t.name.clone())),
            title_aliases: lexicon_title
                .map(|t| {
                    std::iter::once(t.name.clone())
                        .chain(t.aliases.iter().cloned())
                        .collect()
                })
                .unwrap_or_default(),
            requirements: posting.requirements,
            posting_forms: posting.forms,
        };
    };
    let mut requirements = posting.requirements;
    for title_req in title_target.requirements.drain(..) {
        let covered = requirements
            .iter_mut()
            .filter(|r| r.any.iter().any(|id| title_req.any.contains(id)));
        let mut any_covered = false;
        for r in covered {
            r.source = Source::Both;
            any_covered = true;
        }
        if !any_covered {
            requirements.push(title_req);
        }
    }
    if let Some(posting_title) = posting.title {
        title_target.title_aliases.push(posting_title);
    }
    Target {
        requirements,
        ..title_target
    }
}

/// Assigns every line to a part of the posting, from heading-like lines.
fn parts_of_lines(text: &NormalizedText) -> Vec<Part> {
    let mut current = Part::Intro;
    let mut parts = Vec::with_capacity(text.lines.len());
    for line in &text.lines {
        let written = text.line_text(line);
        let lower = written.to_lowercase();
        let words = lower.split_whitespace().count();
        let heading_like =
            words > 0 && words <= 8 && !lower.starts_with(['-', '•', '*']) && !lower.ends_with('.');
        if heading_like {
            let has = |list: &[&str]| list.iter().any(|k| lower.contains(k));
            // Order matters: "Preferred qualifications" is nice to have, not required.
            let heading = if has(NICE_HEADINGS) {
                Some(Part::Nice)
            } else if has(DUTY_HEADINGS) {
                Some(Part::Duties)
            } else if has(REQUIRED_HEADINGS) {
                Some(Part::Required)
            } else if has(COMPANY_HEADINGS) {
                Some(Part::Company)
            } else {
                None
            };
            if let Some(part) = heading {
                current = part;
            }
        }
        let inline_nice = NICE_PHRASES.iter().any(|p| lower.contains(p));
        parts.push(if inline_nice && current != Part::Company {
            Part::Nice
        } else {
            current
        });
    }
    parts
}

/// Terms written as alternatives on one line: "Java, Go or Kotlin", "AWS/GCP".
fn alternative_groups(text: &NormalizedText, hits: &[Hit]) -> Vec<Vec<TermId>> {
    let mut groups = Vec::new();
    let mut current: Vec<TermId> = Vec::new();
    let mut has_or = false;
    let mut flush = |current: &mut Vec<TermId>, has_or: &mut bool| {
        if *has_or && current.len() >= 2 {
            groups.push(std::mem::take(current));
        }
        current.clear();
        *has_or = false;
    };
    for pair in hits.windows(2) {
        let [a, b] = pair else { continue };
        let between = text.text.get(a.span.end..b.span.start).unwrap_or("\n");
        let joiner = between.trim().trim_start_matches(',').trim();
        let is_or =
            matches!(joiner, "or" | "/" | "or a" | "or an" | ", or") || between.trim() == "/";
        let is_list = is_or || joiner.is_empty() && between.contains(',') || between.trim() == ",";
        if a.line == b.line && is_list {
            if current.is_empty() {
                current.push(a.term);
            }
            if !current.contains(&b.term) {
                current.push(b.term);
            }
            has_or |= is_or;
        } else {
            flush(&mut current, &mut has_or);
        }
    }
    flush(&mut current, &mut has_or);
    groups
}

/// "Senior Backend Engineer (Java / Go) - Payments" → "Senior Backend Engineer".
fn clean_title(line: &str) -> Option<String> {
    let line = ["job title:", "position:", "role:", "title:"]
        .iter()
        .find_map(|p| {
            line.to_lowercase()
                .starts_with(p)
                .then(|| line.get(p.len()..).unwrap_or_default())
        })
        .unwrap_or(line);
    let cut = [" (", " - ", " | ", ", ", " – ", " at "]
        .iter()
        .filter_map(|sep| line.find(sep))
        .min()
        .unwrap_or(line.len());
    let title = line.get(..cut).unwrap_or(line).trim();
    let words = title.split_whitespace().count();
    let roles = [
        "engineer",
        "developer",
        "architect",
        "lead",
        "scientist",
        "analyst",
        "manager",
        "administrator",
        "specialist",
        "designer",
        "consultant",
        "programmer",
        "tester",
        "sre",
        "devops",
    ];
    let lower = title.to_lowercase();
    ((1..=8).contains(&words) && roles.iter().any(|r| lower.contains(r))).then(|| title.to_owned())
}

/// The lexicon title whose name or alias the written title contains (longest wins).
fn lexicon_title_in(lexicon: &Lexicon, written: &str) -> Option<usize> {
    let key = form_key(written);
    let mut best: Option<(usize, usize)> = None;
    for (index, title) in lexicon.titles.iter().enumerate() {
        for form in std::iter::once(&title.name).chain(&title.aliases) {
            let form = form_key(form);
            if key.contains(&form) && best.is_none_or(|(len, _)| form.len() > len) {
                best = Some((form.len(), index));
            }
        }
    }
    best.map(|(_, index)| index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_cleaned_from_the_first_line() {
        for (line, want) in [
            (
                "Senior Backend Engineer (Java / Go) - Payments Platform",
                Some("Senior Backend Engineer"),
            ),
            (
                "Job title: Data Engineer II - Analytics",
                Some("Data Engineer II"),
            ),
            ("DevOps Engineer (Platform / SRE)", Some("DevOps Engineer")),
            ("About Fernwood Pay", None),
            ("We are hiring!", None),
        ] {
            assert_eq!(clean_title(line).as_deref(), want, "{line}");
        }
    }
}
