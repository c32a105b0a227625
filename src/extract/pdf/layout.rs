//! Glyphs → lines in reading order. Lines are found by baseline and words by the gaps between
//! glyphs; a two-column page (sidebar + main column) is read one column after the other, left
//! column first, because an ATS that reads across columns interleaves unrelated sentences.
//!
//! The work is done on indices into per-glyph arrays of positions, sorted once: a baseline
//! cluster, the segments cut from it and the line built from those are all runs of one array.

mod columns;
mod line;

use self::columns::find_gutter;
use self::line::build_line;
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
#[derive(Debug, Clone, Copy)]
struct Segment {
    /// Its glyphs: `order[start..end]`, left to right.
    start: usize,
    end: usize,
    x0: f32,
    x1: f32,
    y: f32,
    /// Index of the baseline cluster it came from.
    cluster: usize,
}

impl Segment {
    fn len(&self) -> usize {
        self.end - self.start
    }
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

/// An integer that orders as `f32::total_cmp` orders floats, for sorting on plain keys.
fn total_order(value: f32) -> i32 {
    let bits = value.to_bits() as i32;
    bits ^ (((bits >> 31) as u32) >> 1) as i32
}

/// A glyph with its upright geometry, what layout reads of it again and again.
#[derive(Debug, Clone, Copy)]
struct Item<'g> {
    x: f32,
    y: f32,
    /// Font size, at least 0.1.
    size: f32,
    width: f32,
    /// Draws nothing but is read (a space): never starts a segment.
    blank: bool,
    glyph: &'g Glyph,
}

/// The glyphs of one writing direction, in drawing order.
struct Placed<'g> {
    items: Vec<Item<'g>>,
}

impl<'g> Placed<'g> {
    fn push(&mut self, glyph: &'g Glyph) {
        let (x, y) = upright(glyph);
        self.items.push(Item {
            x,
            y,
            size: glyph.size.max(0.1),
            width: glyph_width(glyph),
            blank: glyph.shape.blank() && !glyph.unmapped,
            glyph,
        });
    }

    fn len(&self) -> usize {
        self.items.len()
    }

    fn x(&self, i: usize) -> f32 {
        self.items.get(i).map_or(0.0, |item| item.x)
    }

    fn y(&self, i: usize) -> f32 {
        self.items.get(i).map_or(0.0, |item| item.y)
    }

    fn size(&self, i: usize) -> f32 {
        self.items.get(i).map_or(1.0, |item| item.size)
    }

    fn width(&self, i: usize) -> f32 {
        self.items.get(i).map_or(0.0, |item| item.width)
    }

    fn glyph(&self, i: usize) -> Option<&'g Glyph> {
        self.items.get(i).map(|item| item.glyph)
    }
}

/// Lays out the glyphs `keep` selects, each writing direction on its own.
pub(crate) fn lay_out(
    glyphs: &[Glyph],
    keep: impl Fn(&Glyph) -> bool,
    page_width: f32,
    page_height: f32,
    find_columns: bool,
) -> PageLayout {
    let mut directions: [Placed<'_>; 4] = std::array::from_fn(|_| Placed { items: Vec::new() });
    if let Some(upright) = directions.first_mut() {
        upright.items.reserve(glyphs.len());
    }
    for glyph in glyphs.iter().filter(|g| keep(g)) {
        if let Some(placed) = directions.get_mut(usize::from(glyph.direction)) {
            placed.push(glyph);
        }
    }
    let mut layout = PageLayout::default();
    for (direction, placed) in directions.iter().enumerate() {
        if placed.len() == 0 {
            continue;
        }
        let columns_allowed = find_columns && direction == 0;
        let part = lay_out_direction(placed, page_width, page_height, columns_allowed);
        layout.multi_column |= part.multi_column;
        layout.lines.extend(part.lines);
    }
    layout
}

fn lay_out_direction(
    placed: &Placed<'_>,
    page_width: f32,
    page_height: f32,
    find_columns: bool,
) -> PageLayout {
    // Top to bottom, then left to right; ties keep drawing order.
    let mut keyed: Vec<(i32, i32, usize)> = placed
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (!total_order(item.y), total_order(item.x), i))
        .collect();
    keyed.sort();
    let mut order: Vec<usize> = keyed.into_iter().map(|(_, _, i)| i).collect();

    // Baseline clusters: runs of `order`.
    let mut clusters: Vec<(usize, usize)> = Vec::new();
    let mut reference: Option<(f32, f32)> = None;
    for (at, &i) in order.iter().enumerate() {
        let y = placed.y(i);
        match (reference, clusters.last_mut()) {
            (Some((ry, rsize)), Some(cluster))
                if (ry - y).abs() <= 0.35 * rsize.min(placed.size(i)).max(0.5) =>
            {
                cluster.1 = at + 1
            }
            _ => {
                clusters.push((at, at + 1));
                reference = Some((y, placed.size(i)));
            }
        }
    }

    merge_raised_and_lowered(&mut clusters, &mut order, placed);

    // Segments: clusters cut at wide gaps.
    let mut segments: Vec<Segment> = Vec::new();
    for (cluster_index, &(start, end)) in clusters.iter().enumerate() {
        if let Some(run) = order.get_mut(start..end) {
            // A cluster of one baseline is already in order from the sort above.
            let by_x = |&a: &usize, &b: &usize| placed.x(a).total_cmp(&placed.x(b));
            if !run.is_sorted_by(|a, b| by_x(a, b).is_le()) {
                run.sort_by(by_x);
            }
        }
        // The segment being built: where it starts, its extent and last baseline.
        let mut current: Option<Segment> = None;
        let mut reach = f32::MIN;
        for (at, &i) in order.iter().enumerate().take(end).skip(start) {
            let Some(item) = placed.items.get(i) else {
                break;
            };
            if let Some(segment) = current
                && item.x - reach > SEGMENT_GAP_EM * item.size
                && !item.blank
            {
                segments.push(Segment { end: at, ..segment });
                current = None;
            }
            if !item.blank || current.is_some() {
                let segment = current.get_or_insert(Segment {
                    start: at,
                    end: at,
                    x0: f32::MAX,
                    x1: f32::MIN,
                    y: 0.0,
                    cluster: cluster_index,
                });
                segment.x0 = segment.x0.min(item.x);
                segment.x1 = segment.x1.max(item.x + item.width);
                segment.y = item.y;
            }
            reach = reach.max(item.x + item.width);
        }
        if let Some(segment) = current {
            segments.push(Segment { end, ..segment });
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
            // Segments of one cluster on the same side make one line. They follow each other
            // in `order`, left to right, so the line is one run of it.
            let (start, cluster) = (first.start, first.cluster);
            let mut end = first.end;
            index += 1;
            while let Some(next) = block.get(index).filter(|s| s.cluster == cluster) {
                end = next.end;
                index += 1;
            }
            let line = build_line(placed, order.get(start..end).unwrap_or_default());
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

/// How far a baseline cluster reaches, and the baseline of its largest glyph.
#[derive(Debug, Clone, Copy)]
struct Extent {
    y: f32,
    size: f32,
    x0: f32,
    x1: f32,
}

impl Extent {
    fn of(placed: &Placed<'_>, glyphs: &[usize]) -> Extent {
        let mut e = Extent {
            y: 0.0,
            size: 0.0,
            x0: f32::MAX,
            x1: f32::MIN,
        };
        for &i in glyphs {
            let (x, y, size) = (placed.x(i), placed.y(i), placed.size(i));
            if size > e.size {
                e.size = size;
                e.y = y;
            }
            e.x0 = e.x0.min(x);
            e.x1 = e.x1.max(x + size);
        }
        e
    }

    /// The extent of `self`'s glyphs followed by `then`'s: the first largest glyph gives the
    /// baseline, as a pass over them all would find.
    fn then(self, then: Extent) -> Extent {
        let largest = if then.size > self.size { then } else { self };
        Extent {
            y: largest.y,
            size: largest.size,
            x0: self.x0.min(then.x0),
            x1: self.x1.max(then.x1),
        }
    }
}

/// Superscripts and subscripts (footnote marks, "CO₂") sit off the baseline in a smaller size;
/// they belong to the line beside them, not to a line of their own. A cluster merged into the
/// one after it goes after that one's glyphs, so `order` is rotated to keep clusters runs.
fn merge_raised_and_lowered(
    clusters: &mut Vec<(usize, usize)>,
    order: &mut [usize],
    placed: &Placed<'_>,
) {
    let mut extents: Vec<Extent> = clusters
        .iter()
        .map(|&(start, end)| Extent::of(placed, order.get(start..end).unwrap_or_default()))
        .collect();
    let mut index = 0;
    while index < clusters.len() {
        let Some(&small) = extents.get(index) else {
            break;
        };
        let target = [index.wrapping_sub(1), index + 1]
            .into_iter()
            .find(|&other| {
                extents.get(other).is_some_and(|big| {
                    small.size < 0.85 * big.size
                        && (small.y - big.y).abs() < 0.45 * big.size
                        && small.x0 >= big.x0 - 2.0 * big.size
                        && small.x1 <= big.x1 + 2.0 * big.size
                })
            });
        match target {
            Some(other) => {
                let (start, end) = clusters.remove(index);
                extents.remove(index);
                if other > index {
                    // The next cluster now sits at `index`: its glyphs first, then these.
                    if let (Some(next), Some(extent)) =
                        (clusters.get_mut(index), extents.get_mut(index))
                    {
                        if let Some(run) = order.get_mut(start..next.1) {
                            run.rotate_left(end - start);
                        }
                        next.0 = start;
                        *extent = extent.then(small);
                    }
                } else if let (Some(previous), Some(extent)) =
                    (clusters.get_mut(other), extents.get_mut(other))
                {
                    previous.1 = end;
                    *extent = extent.then(small);
                }
                index = index.saturating_sub(1);
            }
            None => index += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::pdf::page::TextShape;

    fn word(text: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        let advance = 0.5 * size;
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string().into(),
                unmapped: false,
                shape: TextShape::of(&c.to_string()),
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
        let layout = lay_out(&glyphs, |_| true, 612.0, 792.0, true);
        assert_eq!(texts(&layout), vec!["Education and"]);
    }

    #[test]
    fn lines_top_to_bottom_whatever_the_drawing_order() {
        let mut glyphs = word("second", 72.0, 680.0, 10.0);
        glyphs.extend(word("first", 72.0, 700.0, 10.0));
        let layout = lay_out(&glyphs, |_| true, 612.0, 792.0, true);
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
        let layout = lay_out(&glyphs, |_| true, 612.0, 792.0, true);
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
        let layout = lay_out(&glyphs, |_| true, 612.0, 792.0, true);
        assert!(!layout.multi_column);
        assert_eq!(texts(&layout).first(), Some(&"Engineer 2020"));
    }

    #[test]
    fn paragraph_gaps_are_marked() {
        let mut glyphs = word("one", 72.0, 700.0, 10.0);
        glyphs.extend(word("two", 72.0, 688.0, 10.0));
        glyphs.extend(word("three", 72.0, 676.0, 10.0));
        glyphs.extend(word("four", 72.0, 640.0, 10.0));
        let layout = lay_out(&glyphs, |_| true, 612.0, 792.0, true);
        let gaps: Vec<bool> = layout.lines.iter().map(|l| l.gap_before).collect();
        assert_eq!(gaps, vec![false, false, false, true]);
    }
}
