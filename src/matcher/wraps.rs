//! Forms split by a line wrap: the end of each line read joined to the start of the next.

use crate::extract::Origin;
use crate::normalize::NormalizedText;
use crate::sections::Sections;

use super::{Hit, Matcher};

impl Matcher {
    /// Forms that a line wrap splits ("Machine⏎Learning", "inter-process⏎communication"):
    /// the end of each line is read joined to the start of the next, within a paragraph (same
    /// section and origin, no heading, no sentence end, no bullet starting the next line). A
    /// form found across the wrap replaces the hits inside it; a `not_in` phrase removes them.
    /// Common words need the line's context, so they are not looked for across a wrap.
    pub(super) fn find_across_wraps(
        &self,
        text: &NormalizedText,
        sections: &Sections,
        hits: &mut Vec<Hit>,
    ) {
        /// Words read on each side of a wrap: longer than any form's words.
        const REACH: usize = 5;
        let mut joined = String::new();
        // Hits are in text order: the ones a wrap overlaps are found by bisection and marked,
        // and the list is rebuilt once, so the pass stays linear in the text.
        let mut removed = vec![false; hits.len()];
        let mut added: Vec<Hit> = Vec::new();
        for (index, pair) in text.lines.windows(2).enumerate() {
            let [first, second] = pair else { continue };
            if first.range.is_empty()
                || second.range.is_empty()
                || first.origin != second.origin
                || first.origin == Origin::Table
                || sections.is_heading(index)
                || sections.is_heading(index + 1)
                || sections.index_of_line(index) != sections.index_of_line(index + 1)
            {
                continue;
            }
            let head = text.line_text(first);
            let tail = text.line_text(second);
            if head.ends_with(['.', ':', ';', '!', '?', ','])
                || tail.starts_with(['•', '-', '*', '–', '·', '▪'])
            {
                continue;
            }
            let from = head
                .char_indices()
                .rev()
                .filter(|&(_, c)| c == ' ')
                .nth(REACH - 1)
                .map_or(0, |(i, _)| i + 1);
            let to = tail
                .char_indices()
                .filter(|&(_, c)| c == ' ')
                .nth(REACH - 1)
                .map_or(tail.len(), |(i, _)| i);
            let (Some(left), Some(right)) = (head.get(from..), tail.get(..to)) else {
                continue;
            };
            // A line that ends in a hyphen goes on with the same word ("event-⏎driven"), which
            // keeps its hyphen; otherwise the wrap was a space.
            let separator = if left.ends_with('-') { "" } else { " " };
            joined.clear();
            joined.push_str(left);
            joined.push_str(separator);
            joined.push_str(right);
            let junction = left.len();
            let resumes_at = junction + separator.len();
            for raw in self.raw_hits(&joined) {
                if raw.start >= junction || raw.end <= resumes_at {
                    continue;
                }
                let Some(pattern) = self.patterns.get(raw.pattern) else {
                    continue;
                };
                let start = first.range.start + from + raw.start;
                let end = second.range.start + (raw.end - resumes_at);
                let mut at = hits.partition_point(|h| h.span.start < end);
                while let Some(previous) = at.checked_sub(1) {
                    let Some(hit) = hits.get(previous) else { break };
                    // No hit reaches further back than the two lines read.
                    if hit.span.end <= first.range.start {
                        break;
                    }
                    if hit.span.end > start
                        && let Some(mark) = removed.get_mut(previous)
                    {
                        *mark = true;
                    }
                    at = previous;
                }
                if pattern.blocker || pattern.common_word {
                    continue;
                }
                added.push(Hit {
                    term: pattern.term,
                    span: start..end,
                    line: index,
                    section: sections.index_of_line(index),
                    hidden: first.origin == Origin::Hidden,
                });
            }
        }
        if removed.contains(&true) || !added.is_empty() {
            let mut kept: Vec<Hit> = std::mem::take(hits)
                .into_iter()
                .zip(removed)
                .filter(|(_, removed)| !removed)
                .map(|(hit, _)| hit)
                .collect();
            kept.extend(added);
            kept.sort_by_key(|h| h.span.start);
            *hits = kept;
        }
    }
}
