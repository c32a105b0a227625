//! Finding the gutter of a two-column page.

use super::Segment;

/// A vertical band free of text between two bodies of text that run side by side over a large
/// share of the page: the gutter of a two-column layout.
pub(super) fn find_gutter(segments: &[Segment], page_width: f32, page_height: f32) -> Option<f32> {
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
            left_glyphs += s.len();
            left_count += 1;
            left_top = left_top.max(s.y);
            left_bottom = left_bottom.min(s.y);
        } else if s.x0 >= x {
            right_glyphs += s.len();
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
