//! One line's text from its glyphs, left to right: word spaces from the gaps between them.

use std::rc::Rc;

use super::{Placed, TextLine, WORD_GAP_EM};
use crate::extract::pdf::page::Glyph;

/// Builds a line from a run of glyphs sorted left to right.
pub(super) fn build_line(placed: &Placed<'_>, run: &[usize]) -> TextLine {
    let mut text = String::with_capacity(run.len() + run.len() / 4);
    // Whether `text` ends with whitespace, kept up to date instead of decoding its last char.
    let mut text_ends_with_space = false;
    let mut previous: Option<&Glyph> = None;
    let mut previous_pos = (0.0f32, 0.0f32);
    let mut previous_width = 0.0f32;
    let (mut size, mut y, mut bold_chars, mut chars) = (0.0f32, 0.0f32, 0usize, 0usize);
    for &i in run {
        let Some(g) = placed.glyph(i) else { continue };
        let (gx, gy) = (placed.x(i), placed.y(i));
        if let Some(p) = previous {
            // Producers that fake bold draw each glyph twice, a hair apart.
            if same_text(&p.text, &g.text)
                && (gx - previous_pos.0).abs() < 0.1 * g.size
                && (gy - previous_pos.1).abs() < 0.1 * g.size
            {
                continue;
            }
            let gap = gx - (previous_pos.0 + previous_width);
            let em = p.size.max(g.size).max(0.1);
            // A footnote mark before a word ("¹Valid until") is not part of it.
            let leaves_superscript = p.size < 0.85 * g.size
                && previous_pos.1 - gy > 0.2 * g.size
                && g.shape.starts_alphanumeric();
            let threshold = if leaves_superscript {
                0.0
            } else {
                WORD_GAP_EM * em
            };
            if gap > threshold
                && !text_ends_with_space
                && !g.shape.starts_with_space()
                && !text.is_empty()
            {
                text.push(' ');
                text_ends_with_space = true;
            }
        }
        previous = Some(g);
        previous_pos = (gx, gy);
        previous_width = placed.width(i);
        if g.unmapped {
            continue;
        }
        if g.shape.blank() {
            if !text.is_empty() && !text_ends_with_space {
                text.push(' ');
                text_ends_with_space = true;
            }
            continue;
        }
        let n = match g.text.as_bytes() {
            [byte] if byte.is_ascii() => {
                text.push(char::from(*byte));
                1
            }
            _ => {
                text.push_str(&g.text);
                g.text.chars().count()
            }
        };
        text_ends_with_space = g.shape.ends_with_space();
        chars += n;
        if g.bold {
            bold_chars += n;
        }
        if g.size > size {
            size = g.size;
            y = gy;
        }
    }
    if chars == 0 {
        y = run.first().map_or(0.0, |&i| placed.y(i));
    }
    TextLine {
        text: collapse_whitespace(text),
        y,
        size,
        bold: chars > 0 && bold_chars * 2 > chars,
        gap_before: false,
    }
}

/// Whether two glyphs read the same; glyphs of one font and code share their text.
fn same_text(a: &Rc<str>, b: &Rc<str>) -> bool {
    Rc::ptr_eq(a, b)
        || (a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b)
}

/// Words separated by single spaces, without leading or trailing space; the text is returned
/// as it is when it already reads so, which is the usual case.
fn collapse_whitespace(text: String) -> String {
    let mut after_space = true;
    let mut collapsed = true;
    for c in text.chars() {
        if c.is_whitespace() {
            if c != ' ' || after_space {
                collapsed = false;
                break;
            }
            after_space = true;
        } else {
            after_space = false;
        }
    }
    if collapsed && (!after_space || text.is_empty()) {
        return text;
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_only_when_needed() {
        for text in [
            "", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u{a0}b", "é  ü ",
        ] {
            let want = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(text.to_string()), want, "{text:?}");
        }
    }
}
