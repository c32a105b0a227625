//! Glyphs → lines in reading order. Lines are found by baseline and words by the gaps between
//! glyphs; a two-column page (sidebar + main column) is read one column after the other, left
//! column first, because an ATS that reads across columns interleaves unrelated sentences.

use super::page::Glyph;

/// A laid-out line with the geometry later passes need (headers, headings, blank lines).
#[derive(Debug, Clone)]
pub(crate) struct TextLine {
    pub(crate) text: String,
    /// Baseline, upright page space (y up).
    pub(crate) y: f32,
    /// Largest glyph size in the line.
    pub(crate) size: f32,
    /// Most of the line's glyphs are in a bold font.
    pub(crate) bold: bool,
    /// A paragraph gap precedes this line.
    pub(crate) gap_before: bool,
}

#[derive(Debug, Default)]
pub(crate) struct PageLayout {
    pub(crate) lines: Vec<TextLine>,
    pub(crate) multi_column: bool,
}

/// A run of glyphs on one baseline with no wide gap: a line, or one column's part of it.
#[derive(Debug, Clone)]
struct Segment {
    glyphs: Vec<usize>,
    x0: f32,
    x1: f32,
    y: f32,
    /// Index of the baseline cluster it came from.
    cluster: usize,
}

/// Characters that draw something: not spaces, soft hyphens or zero-width marks.
fn is_visible(c: char) -> bool {
    !(c.is_whitespace()
        || c == '\u{ad}'
        || ('\u{200b}'..='\u{200f}').contains(&c)
        || c == '\u{feff}')
}

/// Gap between glyphs, in ems, above which a word space is inserted.
const WORD_GAP_EM: f32 = 0.13;
/// Gap, in ems, that splits a baseline into separate segments (columns, tab stops).
const SEGMENT_GAP_EM: f32 = 1.8;

/// Coordinates turned so every glyph reads left to right: (along, across) with across growing
/// upwards.
fn upright(glyph: &Glyph) -> (f32, f32) {
    match glyph.direction {
        1 => (glyph.y, -glyph.x),
        2 => (-glyph.x, -glyph.y),
        3 => (-glyph.y, glyph.x),
        _ => (glyph.x, glyph.y),
    }
}

fn glyph_width(glyph: &Glyph) -> f32 {
    (glyph.end_x - glyph.x).max(0.0)
}

pub(crate) fn lay_out(
    glyphs: &[Glyph],
    page_width: f32,
    page_height: f32,
    find_columns: bool,
) -> PageLayout {
    let mut layout = PageLayout::default();
    for direction in 0..4u8 {
        let chosen: Vec<usize> = (0..glyphs.len())
            .filter(|&i| glyphs.get(i).is_some_and(|g| g.direction == direction))
            .collect();
        if chosen.is_empty() {
            continue;
        }
        let columns_allowed = find_columns && direction == 0;
        let part = lay_out_direction(glyphs, &chosen, page_width, page_height, columns_allowed);
        layout.multi_column |= part.multi_column;
        layout.lines.extend(part.lines);
    }
    layout
}

fn lay_out_direction(
    glyphs: &[Glyph],
    chosen: &[usize],
    page_width: f32,
    page_height: f32,
    find_columns: bool,
) -> PageLayout {
    let pos = |i: usize| glyphs.get(i).map(upright).unwrap_or_default();
    let size = |i: usize| glyphs.get(i).map_or(1.0, |g| g.size.max(0.1));

    // Baseline clusters, top to bottom.
    let mut order = chosen.to_vec();
    order.sort_by(|&a, &b| {
        pos(b)
            .1
            .total_cmp(&pos(a).1)
            .then(pos(a).0.total_cmp(&pos(b).0))
    });
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    let mut reference: Option<(f32, f32)> = None;
    for i in order {
        let (_, y) = pos(i);
        match (reference, clusters.last_mut()) {
            (Some((ry, rsize)), Some(cluster))
                if (ry - y).abs() <= 0.35 * rsize.min(size(i)).max(0.5) =>
            {
                cluster.push(i)
            }
            _ => {
                clusters.push(vec![i]);
                reference = Some((y, size(i)));
            }
        }
    }

    merge_raised_and_lowered(&mut clusters, &pos, &size);

    // Segments: clusters cut at wide gaps.
    let mut segments: Vec<Segment> = Vec::new();
    for (cluster_index, cluster) in clusters.iter_mut().enumerate() {
        cluster.sort_by(|&a, &b| pos(a).0.total_cmp(&pos(b).0));
        let mut current: Vec<usize> = Vec::new();
        let mut reach = f32::MIN;
        for &i in cluster.iter() {
            let (x, _) = pos(i);
            let is_blank = glyphs
                .get(i)
                .is_some_and(|g| g.text.trim().is_empty() && !g.unmapped);
            if !current.is_empty() && x - reach > SEGMENT_GAP_EM * size(i) && !is_blank {
                segments.push(make_segment(
                    std::mem::take(&mut current),
                    glyphs,
                    cluster_index,
                ));
            }
            if !is_blank || !current.is_empty() {
                current.push(i);
            }
            reach = reach.max(x + glyphs.get(i).map_or(0.0, glyph_width));
        }
        if !current.is_empty() {
            segments.push(make_segment(current, glyphs, cluster_index));
        }
    }

    let gutter = if find_columns {
        find_gutter(&segments, page_width, page_height)
    } else {
        None
    };

    // Reading order: segments on one side of the gutter are grouped into blocks between
    // segments that cross it (full-width headings, a name banner).
    let mut ordered: Vec<Vec<Segment>> = Vec::new();
    match gutter {
        None => ordered.push(segments),
        Some(x) => {
            let mut left: Vec<Segment> = Vec::new();
            let mut right: Vec<Segment> = Vec::new();
            for segment in segments {
                if segment.x0 < x && segment.x1 > x {
                    ordered.push(std::mem::take(&mut left));
                    ordered.push(std::mem::take(&mut right));
                    ordered.push(vec![segment]);
                } else if segment.x1 <= x {
                    left.push(segment);
                } else {
                    right.push(segment);
                }
            }
            ordered.push(left);
            ordered.push(right);
        }
    }

    let mut layout = PageLayout {
        lines: Vec::new(),
        multi_column: gutter.is_some(),
    };
    let mut previous_y: Option<f32> = None;
    let mut pitches: Vec<f32> = Vec::new();
    let mut flow: Vec<(TextLine, bool)> = Vec::new();
    for block in ordered.into_iter().filter(|b| !b.is_empty()) {
        let mut block_start = true;
        let mut index = 0;
        while let Some(first) = block.get(index) {
            // Segments of one cluster on the same side make one line.
            let mut members: Vec<usize> = first.glyphs.clone();
            let cluster = first.cluster;
            index += 1;
            while let Some(next) = block.get(index).filter(|s| s.cluster == cluster) {
                members.extend_from_slice(&next.glyphs);
                index += 1;
            }
            let line = build_line(glyphs, &members, pos);
            if !line.text.chars().any(is_visible) {
                continue;
            }
            if let Some(py) = previous_y
                && !block_start
            {
                pitches.push(py - line.y);
            }
            previous_y = Some(line.y);
            flow.push((line, block_start));
            block_start = false;
        }
    }

    // A paragraph gap is a baseline step clearly larger than a line of the font needs and than
    // the page's usual step (its lower quartile: pages with few lines have many gaps).
    pitches.retain(|p| *p > 0.0);
    pitches.sort_by(f32::total_cmp);
    let usual_pitch = pitches.get(pitches.len() / 4).copied();
    let mut previous: Option<(f32, f32)> = None;
    for (mut line, block_start) in flow {
        if let Some((py, psize)) = previous
            && !block_start
        {
            let step = py - line.y;
            let line_height = 1.2 * psize.max(line.size);
            line.gap_before =
                step > 1.5 * line_height && usual_pitch.is_none_or(|usual| step > 1.3 * usual);
        }
        previous = Some((line.y, line.size));
        layout.lines.push(line);
    }
    layout
}

/// Superscripts and subscripts (footnote marks, "CO₂") sit off the baseline in a smaller size;
/// they belong to the line beside them, not to a line of their own.
fn merge_raised_and_lowered(
    clusters: &mut Vec<Vec<usize>>,
    pos: &impl Fn(usize) -> (f32, f32),
    size: &impl Fn(usize) -> f32,
) {
    struct Extent {
        y: f32,
        size: f32,
        x0: f32,
        x1: f32,
    }
    let extent = |cluster: &[usize]| {
        let mut e = Extent {
            y: 0.0,
            size: 0.0,
            x0: f32::MAX,
            x1: f32::MIN,
        };
        for &i in cluster {
            let (x, y) = pos(i);
            if size(i) > e.size {
                e.size = size(i);
                e.y = y;
            }
            e.x0 = e.x0.min(x);
            e.x1 = e.x1.max(x + size(i));
        }
        e
    };
    let mut index = 0;
    while index < clusters.len() {
        let Some(small) = clusters.get(index).map(|c| extent(c)) else {
            break;
        };
        let target = [index.wrapping_sub(1), index + 1]
            .into_iter()
            .find(|&other| {
                clusters.get(other).is_some_and(|c| {
                    let big = extent(c);
                    small.size < 0.85 * big.size
                        && (small.y - big.y).abs() < 0.45 * big.size
                        && small.x0 >= big.x0 - 2.0 * big.size
                        && small.x1 <= big.x1 + 2.0 * big.size
                })
            });
        match target {
            Some(other) => {
                let moved = clusters.remove(index);
                let other = if other > index { other - 1 } else { other };
                if let Some(c) = clusters.get_mut(other) {
                    c.extend(moved);
                }
                index = index.saturating_sub(1);
            }
            None => index += 1,
        }
    }
}

fn make_segment(members: Vec<usize>, glyphs: &[Glyph], cluster: usize) -> Segment {
    let mut x0 = f32::MAX;
    let mut x1 = f32::MIN;
    let mut y = 0.0;
    for &i in &members {
        if let Some(g) = glyphs.get(i) {
            let (gx, gy) = upright(g);
            x0 = x0.min(gx);
            x1 = x1.max(gx + glyph_width(g));
            y = gy;
        }
    }
    Segment {
        glyphs: members,
        x0,
        x1,
        y,
        cluster,
    }
}

/// A vertical band free of text between two bodies of text that run side by side over a large
/// share of the page: the gutter of a two-column layout.
fn find_gutter(segments: &[Segment], page_width: f32, page_height: f32) -> Option<f32> {
    if segments.len() < 8 || page_width <= 0.0 {
        return None;
    }
    let step = 2.0;
    let mut best: Option<(f32, f32)> = None; // (width of free run, centre)
    let mut run_start: Option<f32> = None;
    let mut x = page_width * 0.15;
    let end = page_width * 0.85;
    while x <= end {
        let usable = column_split_ok(segments, x, page_height);
        match (usable, run_start) {
            (true, None) => run_start = Some(x),
            (false, Some(start)) => {
                let width = x - step - start;
                if best.is_none_or(|(w, _)| width > w) {
                    best = Some((width, (start + x - step) / 2.0));
                }
                run_start = None;
            }
            _ => {}
        }
        x += step;
    }
    if let Some(start) = run_start {
        let width = end - start;
        if best.is_none_or(|(w, _)| width > w) {
            best = Some((width, (start + end) / 2.0));
        }
    }
    best.map(|(_, centre)| centre)
}

fn column_split_ok(segments: &[Segment], x: f32, page_height: f32) -> bool {
    let (mut left_top, mut left_bottom, mut right_top, mut right_bottom) =
        (f32::MIN, f32::MAX, f32::MIN, f32::MAX);
    let (mut left_count, mut right_count) = (0usize, 0usize);
    let (mut left_glyphs, mut right_glyphs) = (0usize, 0usize);
    for s in segments {
        if s.x1 <= x {
            left_glyphs += s.glyphs.len();
            left_count += 1;
            left_top = left_top.max(s.y);
            left_bottom = left_bottom.min(s.y);
        } else if s.x0 >= x {
            right_glyphs += s.glyphs.len();
            right_count += 1;
            right_top = right_top.max(s.y);
            right_bottom = right_bottom.min(s.y);
        }
    }
    // A column holds a real share of the text: a strip of right-aligned dates does not.
    if left_count < 5
        || right_count < 5
        || left_glyphs.min(right_glyphs) * 100 < 12 * (left_glyphs + right_glyphs)
    {
        return false;
    }
    // Both sides must run alongside each other for a good part of the page...
    let overlap_top = left_top.min(right_top);
    let overlap_bottom = left_bottom.max(right_bottom);
    if overlap_top - overlap_bottom < 0.3 * page_height {
        return false;
    }
    // ...and no line may cross the gutter where they do.
    !segments
        .iter()
        .any(|s| s.x0 < x && s.x1 > x && s.y <= overlap_top && s.y >= overlap_bottom)
}

fn build_line(glyphs: &[Glyph], members: &[usize], pos: impl Fn(usize) -> (f32, f32)) -> TextLine {
    let mut sorted: Vec<usize> = members.to_vec();
    sorted.sort_by(|&a, &b| pos(a).0.total_cmp(&pos(b).0));
    let mut text = String::new();
    let mut previous: Option<&Glyph> = None;
    let mut previous_pos = (0.0f32, 0.0f32);
    let (mut size, mut y, mut bold_chars, mut chars) = (0.0f32, 0.0f32, 0usize, 0usize);
    for &i in &sorted {
        let Some(g) = glyphs.get(i) else { continue };
        let (gx, gy) = pos(i);
        if let Some(p) = previous {
            // Producers that fake bold draw each glyph twice, a hair apart.
            if p.text == g.text
                && (gx - previous_pos.0).abs() < 0.1 * g.size
                && (gy - previous_pos.1).abs() < 0.1 * g.size
            {
                continue;
            }
            let gap = gx - (previous_pos.0 + glyph_width(p));
            let em = p.size.max(g.size).max(0.1);
            // A footnote mark before a word ("¹Valid until") is not part of it.
            let leaves_superscript = p.size < 0.85 * g.size
                && previous_pos.1 - gy > 0.2 * g.size
                && g.text.starts_with(char::is_alphanumeric);
            let threshold = if leaves_superscript {
                0.0
            } else {
                WORD_GAP_EM * em
            };
            if gap > threshold
                && !text.ends_with(char::is_whitespace)
                && !g.text.starts_with(char::is_whitespace)
                && !text.is_empty()
            {
                text.push(' ');
            }
        }
        previous = Some(g);
        previous_pos = (gx, gy);
        if g.unmapped {
            continue;
        }
        if g.text.chars().all(char::is_whitespace) {
            if !text.is_empty() && !text.ends_with(char::is_whitespace) {
                text.push(' ');
            }
            continue;
        }
        text.push_str(&g.text);
        let n = g.text.chars().count();
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
        y = sorted.first().map_or(0.0, |&i| pos(i).1);
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    TextLine {
        text,
        y,
        size,
        bold: chars > 0 && bold_chars * 2 > chars,
        gap_before: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        let advance = 0.5 * size;
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string().into(),
                unmapped: false,
                x: x + i as f32 * advance,
                y,
                end_x: x + (i + 1) as f32 * advance,
                size,
                bold: false,
                hidden: None,
                direction: 0,
            })
            .collect()
    }

    fn texts(layout: &PageLayout) -> Vec<&str> {
        layout.lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn words_from_gaps_and_kerning_is_not_a_space() {
        let mut glyphs = word("Edu", 72.0, 700.0, 10.0);
        // Kerned 0.05 em closer and 0.05 em further: still one word.
        glyphs.extend(word("cation", 72.0 + 15.0 + 0.5, 700.0, 10.0));
        glyphs.extend(word("and", 72.0 + 45.5 + 3.0, 700.0, 10.0));
        let layout = lay_out(&glyphs, 612.0, 792.0, true);
        assert_eq!(texts(&layout), vec!["Education and"]);
    }

    #[test]
    fn lines_top_to_bottom_whatever_the_drawing_order() {
        let mut glyphs = word("second", 72.0, 680.0, 10.0);
        glyphs.extend(word("first", 72.0, 700.0, 10.0));
        let layout = lay_out(&glyphs, 612.0, 792.0, true);
        assert_eq!(texts(&layout), vec!["first", "second"]);
    }

    #[test]
    fn two_columns_read_one_after_the_other() {
        let mut glyphs = Vec::new();
        for row in 0..20 {
            let y = 700.0 - row as f32 * 14.0;
            glyphs.extend(word(&format!("side{row}"), 40.0, y, 10.0));
            glyphs.extend(word(&format!("main{row}"), 250.0, y, 10.0));
        }
        let layout = lay_out(&glyphs, 612.0, 792.0, true);
        assert!(layout.multi_column);
        let lines = texts(&layout);
        assert_eq!(lines.first(), Some(&"side0"));
        assert_eq!(lines.get(19), Some(&"side19"));
        assert_eq!(lines.get(20), Some(&"main0"));
    }

    #[test]
    fn single_column_with_right_aligned_dates_is_not_two_columns() {
        let mut glyphs = Vec::new();
        for row in 0..20 {
            let y = 700.0 - row as f32 * 14.0;
            if row % 2 == 0 {
                glyphs.extend(word("Engineer", 72.0, y, 10.0));
                glyphs.extend(word("2020", 500.0, y, 10.0));
            } else {
                glyphs.extend(word(
                    &"Built services in Rust and Go for many users ok".replace(' ', "_"),
                    72.0,
                    y,
                    10.0,
                ));
            }
        }
        let layout = lay_out(&glyphs, 612.0, 792.0, true);
        assert!(!layout.multi_column);
        assert_eq!(texts(&layout).first(), Some(&"Engineer 2020"));
    }

    #[test]
    fn paragraph_gaps_are_marked() {
        let mut glyphs = word("one", 72.0, 700.0, 10.0);
        glyphs.extend(word("two", 72.0, 688.0, 10.0));
        glyphs.extend(word("three", 72.0, 676.0, 10.0));
        glyphs.extend(word("four", 72.0, 640.0, 10.0));
        let layout = lay_out(&glyphs, 612.0, 792.0, true);
        let gaps: Vec<bool> = layout.lines.iter().map(|l| l.gap_before).collect();
        assert_eq!(gaps, vec![false, false, false, true]);
    }
}
