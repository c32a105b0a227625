//! What a page drew, in upright page space: the glyphs with their geometry and visibility.

use std::rc::Rc;

/// Row-vector affine matrix `[a b c d e f]`, as PDF writes them.
pub(crate) type Matrix = [f32; 6];

pub(crate) const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `first` then `second`: a point goes through `first`, then `second`.
pub(crate) fn multiply(first: &Matrix, second: &Matrix) -> Matrix {
    let [a, b, c, d, e, f] = *first;
    let [a2, b2, c2, d2, e2, f2] = *second;
    [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]
}

pub(crate) fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// Why a person would not see a glyph that an ATS reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum HiddenReason {
    /// Render mode 3 or 7.
    Invisible,
    /// White or near-white fill on the (assumed) white page.
    White,
    /// Under 2 pt after all scaling.
    Tiny,
    /// Outside the page's visible box.
    OffPage,
}

/// What layout asks of a glyph's text, found once when the text is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TextShape(u8);

impl TextShape {
    const BLANK: u8 = 1;
    const STARTS_WITH_SPACE: u8 = 2;
    const ENDS_WITH_SPACE: u8 = 4;
    const STARTS_ALPHANUMERIC: u8 = 8;

    pub(crate) fn of(text: &str) -> TextShape {
        let first = text.chars().next();
        let last = text.chars().next_back();
        let flag = |set: bool, bit: u8| if set { bit } else { 0 };
        TextShape(
            flag(text.chars().all(char::is_whitespace), Self::BLANK)
                | flag(
                    first.is_some_and(char::is_whitespace),
                    Self::STARTS_WITH_SPACE,
                )
                | flag(last.is_some_and(char::is_whitespace), Self::ENDS_WITH_SPACE)
                | flag(
                    first.is_some_and(char::is_alphanumeric),
                    Self::STARTS_ALPHANUMERIC,
                ),
        )
    }

    /// All whitespace, or empty.
    pub(crate) fn blank(self) -> bool {
        self.0 & Self::BLANK != 0
    }

    pub(crate) fn starts_with_space(self) -> bool {
        self.0 & Self::STARTS_WITH_SPACE != 0
    }

    pub(crate) fn ends_with_space(self) -> bool {
        self.0 & Self::ENDS_WITH_SPACE != 0
    }

    pub(crate) fn starts_alphanumeric(self) -> bool {
        self.0 & Self::STARTS_ALPHANUMERIC != 0
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    /// Empty when `unmapped`.
    pub(crate) text: Rc<str>,
    pub(crate) shape: TextShape,
    pub(crate) unmapped: bool,
    /// Baseline origin, in upright page space (y up).
    pub(crate) x: f32,
    pub(crate) y: f32,
    /// Where the next glyph would start without extra positioning.
    pub(crate) end_x: f32,
    /// Effective font size in page units.
    pub(crate) size: f32,
    pub(crate) bold: bool,
    pub(crate) hidden: Option<HiddenReason>,
    /// Writing direction in quarter turns (0 = left to right, upright).
    pub(crate) direction: u8,
}

/// Everything drawn on one page that the extractor cares about.
#[derive(Debug, Default)]
pub(crate) struct PageContent {
    pub(crate) glyphs: Vec<Glyph>,
    pub(crate) images_drawn: usize,
    /// The largest share of the page one image covers (0–1).
    pub(crate) largest_image_share: f32,
    /// Glyphs past the per-page cap, which were not kept.
    pub(crate) glyphs_dropped: usize,
    /// Form XObjects not drawn because they nest deeper than `Limits::max_depth`.
    pub(crate) forms_too_deep: usize,
}

/// The page's geometry in upright space.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageFrame {
    /// Maps user space to upright page space with the origin at the visible box's corner.
    pub(crate) base: Matrix,
    pub(crate) width: f32,
    pub(crate) height: f32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_shapes() {
        let shape = TextShape::of;
        assert!(shape("").blank() && !shape("").starts_with_space());
        assert!(shape(" \u{a0}").blank() && shape(" ").ends_with_space());
        let word = shape("é1 ");
        assert!(!word.blank() && word.starts_alphanumeric() && word.ends_with_space());
        assert!(!word.starts_with_space());
        assert!(!shape("(a").starts_alphanumeric());
    }

    #[test]
    fn matrix_order() {
        let translate = [1.0, 0.0, 0.0, 1.0, 10.0, 20.0];
        let scale = [2.0, 0.0, 0.0, 2.0, 0.0, 0.0];
        // Translate then scale: (0,0) → (10,20) → (20,40).
        assert_eq!(apply(&multiply(&translate, &scale), 0.0, 0.0), (20.0, 40.0));
    }
}
