//! Finding the gutter of a two-column page.

use super::Segment;

/// A vertical band free of text between two bodies of text that run side by side over a large
/// share of the page: the gutter of a two-column layout.
pub(super) fn find_gutter(segments: &[Segment], page_width: f32, page_height: f32) -> Option<f32> {
    if segments.len() < 8 || page_width <= 0.0 {
        return None;
    }
    let sides = Sides::new(segments);
    let step = 2.0;
    let mut best: Option<(f32, f32)> = None; // (width of free run, centre)
    let mut run_start: Option<f32> = None;
    let mut x = page_width * 0.15;
    let end = page_width * 0.85;
    while x <= end {
        let usable = sides.split_ok(segments, x, page_height);
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

/// The segments on one side of a candidate gutter.
#[derive(Debug, Clone, Copy)]
struct Side {
    count: usize,
    glyphs: usize,
    top: f32,
    bottom: f32,
}

impl Side {
    const EMPTY: Side = Side {
        count: 0,
        glyphs: 0,
        top: f32::MIN,
        bottom: f32::MAX,
    };

    fn with(self, segment: &Segment) -> Side {
        Side {
            count: self.count + 1,
            glyphs: self.glyphs + segment.len(),
            top: self.top.max(segment.y),
            bottom: self.bottom.min(segment.y),
        }
    }
}

/// What lies left and right of any `x`, without a pass over the segments per candidate: the
/// left side of `x` is the segments ending at or before it (a prefix in order of right edge),
/// the right side those starting at or after it (a suffix in order of left edge).
struct Sides {
    /// Right edges, ascending, and the left side once the first `k` of them are passed.
    right_edges: Vec<f32>,
    left_of: Vec<Side>,
    /// Left edges, ascending, and the right side from the `k`th of them on.
    left_edges: Vec<f32>,
    right_of: Vec<Side>,
    /// Where zero-width segments sit: such a segment at exactly `x` is on the left only.
    zero_width: Vec<f32>,
}

impl Sides {
    fn new(segments: &[Segment]) -> Sides {
        // A segment with a NaN edge is on neither side of any gutter.
        let usable: Vec<&Segment> = segments
            .iter()
            .filter(|s| !s.x0.is_nan() && !s.x1.is_nan())
            .collect();
        let mut by_right = usable.clone();
        by_right.sort_by(|a, b| a.x1.total_cmp(&b.x1));
        let mut left_of = Vec::with_capacity(by_right.len() + 1);
        let mut side = Side::EMPTY;
        left_of.push(side);
        for segment in &by_right {
            side = side.with(segment);
            left_of.push(side);
        }
        let mut by_left = usable.clone();
        by_left.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut right_of = vec![Side::EMPTY; by_left.len() + 1];
        let mut side = Side::EMPTY;
        for (k, segment) in by_left.iter().enumerate().rev() {
            side = side.with(segment);
            if let Some(slot) = right_of.get_mut(k) {
                *slot = side;
            }
        }
        let mut zero_width: Vec<f32> = usable
            .iter()
            .filter(|s| s.x1 <= s.x0)
            .map(|s| s.x0)
            .collect();
        zero_width.sort_by(f32::total_cmp);
        Sides {
            right_edges: by_right.iter().map(|s| s.x1).collect(),
            left_of,
            left_edges: by_left.iter().map(|s| s.x0).collect(),
            right_of,
            zero_width,
        }
    }

    fn split_ok(&self, segments: &[Segment], x: f32, page_height: f32) -> bool {
        if self
            .zero_width
            .binary_search_by(|p| p.total_cmp(&x))
            .is_ok()
        {
            return column_split_ok(segments, x, page_height);
        }
        let passed = self.right_edges.partition_point(|&x1| x1 <= x);
        let before = self.left_edges.partition_point(|&x0| x0 < x);
        let (Some(left), Some(right)) = (self.left_of.get(passed), self.right_of.get(before))
        else {
            return false;
        };
        split_ok(segments, x, page_height, left, right)
    }
}

/// Whether the segments split at `x` into two columns, one pass over them.
fn column_split_ok(segments: &[Segment], x: f32, page_height: f32) -> bool {
    let (mut left, mut right) = (Side::EMPTY, Side::EMPTY);
    for s in segments {
        if s.x1 <= x {
            left = left.with(s);
        } else if s.x0 >= x {
            right = right.with(s);
        }
    }
    split_ok(segments, x, page_height, &left, &right)
}

fn split_ok(segments: &[Segment], x: f32, page_height: f32, left: &Side, right: &Side) -> bool {
    // A column holds a real share of the text: a strip of right-aligned dates does not.
    if left.count < 5
        || right.count < 5
        || left.glyphs.min(right.glyphs) * 100 < 12 * (left.glyphs + right.glyphs)
    {
        return false;
    }
    // Both sides must run alongside each other for a good part of the page...
    let overlap_top = left.top.min(right.top);
    let overlap_bottom = left.bottom.max(right.bottom);
    if overlap_top - overlap_bottom < 0.3 * page_height {
        return false;
    }
    // ...and no line may cross the gutter where they do.
    !segments
        .iter()
        .any(|s| s.x0 < x && s.x1 > x && s.y <= overlap_top && s.y >= overlap_bottom)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(x0: f32, x1: f32, y: f32, len: usize) -> Segment {
        Segment {
            start: 0,
            end: len,
            x0,
            x1,
            y,
            cluster: 0,
        }
    }

    #[test]
    fn sides_agree_with_a_pass_over_the_segments() {
        for with_banners in [false, true] {
            let mut segments = Vec::new();
            for row in 0..12 {
                let y = 700.0 - 14.0 * row as f32;
                segments.push(segment(40.0, 180.0 + row as f32, y, 20));
                segments.push(segment(250.0 - row as f32, 560.0, y, 40));
                if with_banners && row % 3 == 0 {
                    segments.push(segment(40.0, 560.0, y - 7.0, 60));
                }
            }
            segments.push(segment(300.0, 300.0, 500.0, 1));
            segments.push(segment(f32::NAN, 320.0, 400.0, 3));
            let sides = Sides::new(&segments);
            let mut splits = 0;
            let mut x = 0.0;
            while x < 612.0 {
                for height in [100.0, 792.0] {
                    let fast = sides.split_ok(&segments, x, height);
                    assert_eq!(
                        fast,
                        column_split_ok(&segments, x, height),
                        "x = {x}, height = {height}"
                    );
                    splits += usize::from(fast);
                }
                x += 0.5;
            }
            assert_eq!(splits > 0, !with_banners);
        }
    }
}
