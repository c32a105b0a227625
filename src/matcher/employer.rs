//! Employer lines: "Stripe", "Figma • San Francisco, CA" at the head of a job in the experience
//! section name the company a person worked for, not a tool they claim.
//!
//! Many companies share their name with their product (Stripe, Notion, Figma, Slack, Datadog,
//! Snowflake, GitHub), and a job's header names the company alone or with its place, next to
//! the job's dates. A term found there is not counted; the same name in a sentence ("connect
//! with Notion workspaces") or in a list still is.

use crate::normalize::NormalizedText;

/// What may follow the company's name on its line: its place or dates, after one of these.
const SEPARATORS: &[char] = &['•', '|', '·', '–', '—', '@', ','];

/// Words of a job title: a line holding one names the role ("Business Intelligence
/// Developer"), and the skill in it counts.
const ROLE_WORDS: &[&str] = &[
    "administrator",
    "analyst",
    "architect",
    "associate",
    "consultant",
    "designer",
    "developer",
    "director",
    "engineer",
    "intern",
    "lead",
    "manager",
    "officer",
    "programmer",
    "researcher",
    "scientist",
    "specialist",
    "technician",
    "tester",
];

/// Lines above and below the employer line where the job's dates may be.
const DATE_REACH: usize = 2;

/// Whether the only hit of line `line`, at `start..end` in it, names an employer: capitalised,
/// it opens a line that does not continue the sentence above, is alone on it or followed by a
/// separator and a few words or by a place, and the job's dates are on this line or a
/// neighbouring one.
pub(super) fn is_employer_line(
    text: &NormalizedText,
    line: usize,
    start: usize,
    end: usize,
) -> bool {
    let Some(written) = text.lines.get(line).map(|l| text.line_text(l)) else {
        return false;
    };
    let (Some(before), Some(after)) = (written.get(..start), written.get(end..)) else {
        return false;
    };
    if !before.trim().is_empty() || written.split_whitespace().count() > 8 {
        return false;
    }
    // A company's name is capitalised, and starts its line ("performance tuning" ending a
    // bullet above a job's dates does not).
    if !written.starts_with(char::is_uppercase) {
        return false;
    }
    let continues_sentence = line
        .checked_sub(1)
        .and_then(|previous| text.lines.get(previous))
        .map(|l| text.line_text(l).trim_end())
        .is_some_and(|l| {
            l.ends_with(',')
                || l.split_whitespace()
                    .next_back()
                    .is_some_and(|word| word.starts_with(char::is_lowercase))
        });
    if continues_sentence {
        return false;
    }
    let after = after.trim_start();
    // Its place, set apart by a separator or only by space ("Stripe  San Francisco, CA", as
    // a layout in columns reads): capitalised words, no sentence.
    let place = || {
        after.split_whitespace().count() <= 5
            && after
                .split_whitespace()
                .all(|word| !word.starts_with(char::is_lowercase))
    };
    if !(after.is_empty() || after.starts_with(SEPARATORS) || place()) {
        return false;
    }
    let names_a_role = written.split(|c: char| !c.is_alphabetic()).any(|word| {
        ROLE_WORDS
            .iter()
            .any(|role| word.eq_ignore_ascii_case(role))
    });
    if names_a_role {
        return false;
    }
    let first = line.saturating_sub(DATE_REACH);
    (first..=line + DATE_REACH).any(|index| {
        text.lines
            .get(index)
            .map(|l| text.line_text(l))
            .is_some_and(|l| l.split_whitespace().count() <= 10 && has_dates(l))
    })
}

/// A year from 1950 to 2039, or "Present" / "Current": the dates of a job.
fn has_dates(line: &str) -> bool {
    let bytes = line.as_bytes();
    let year = bytes.windows(4).enumerate().any(|(at, w)| {
        let value = w.iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        });
        let alone = |i: Option<usize>| {
            i.and_then(|i| bytes.get(i))
                .is_none_or(|b| !b.is_ascii_alphanumeric())
        };
        value.is_some_and(|y| (1950..=2039).contains(&y))
            && alone(at.checked_sub(1))
            && alone(Some(at + 4))
    });
    year || line.contains("Present") || line.contains("Current")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Document, Format, Line};
    use crate::normalize::normalize_document;

    fn text(lines: &[&str]) -> NormalizedText {
        normalize_document(&Document {
            format: Format::Text,
            pages: 1,
            lines: lines.iter().map(|l| Line::body(*l)).collect(),
            warnings: vec![],
        })
    }

    #[test]
    fn employer_lines_are_told_from_mentions() {
        /// Lines, the line of the hit, its span in the line, whether it names an employer.
        type Row<'a> = (&'a [&'a str], usize, (usize, usize), bool);
        let rows: &[Row] = &[
            (
                &[
                    "Senior Software Engineer",
                    "Stripe",
                    "",
                    "Jan 2023 - Present",
                ],
                1,
                (0, 6),
                true,
            ),
            (
                &[
                    "Software Engineer Jun 2021 - Dec 2022",
                    "Figma • San Francisco, CA",
                ],
                1,
                (0, 5),
                true,
            ),
            (&["Notion | Remote | 2019 - 2021"], 0, (0, 6), true),
            (
                &["Engineer Jan 2023 - Present", "Stripe San Francisco, CA"],
                1,
                (0, 6),
                true,
            ),
            // In a sentence, in a list, without dates near: a mention.
            (
                &[
                    "Jan 2023 - Present",
                    "Connected Notion workspaces to the API",
                ],
                1,
                (10, 16),
                false,
            ),
            (
                &["2019 - 2021", "Stripe billing and invoicing for 3 products"],
                1,
                (0, 6),
                false,
            ),
            (
                &["Payments team", "Stripe", "Built the ledger"],
                1,
                (0, 6),
                false,
            ),
            (
                &["2021 - 2023", "Kubernetes migration lead"],
                1,
                (0, 10),
                false,
            ),
            (
                &["Stripe", "Stripe handled 40,000 requests"],
                0,
                (0, 6),
                false,
            ),
        ];
        for (lines, line, (start, end), want) in rows {
            let t = text(lines);
            assert_eq!(
                is_employer_line(&t, *line, *start, *end),
                *want,
                "{lines:?}"
            );
        }
    }

    #[test]
    fn years_are_whole_and_plausible() {
        assert!(has_dates("2019 - 2021"));
        assert!(has_dates("Mar 2021 – Present"));
        assert!(!has_dates("40,000 requests"));
        assert!(!has_dates("HTTP 2048 bytes"));
        assert!(!has_dates("port 12019"));
    }
}
