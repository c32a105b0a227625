//! Where glyphs land and whether a person could see them; paths and images are tracked only
//! as the backgrounds text is drawn on.

use super::{Interpreter, MAX_BACKGROUNDS, MAX_GLYPHS_PER_PAGE};
use crate::extract::pdf::lexer::PdfString;
use crate::extract::pdf::page::{Glyph, HiddenReason, TextShape, apply, multiply};

impl Interpreter<'_, '_> {
    /// Shows a string operand, decoding it first when it needs decoding.
    pub(super) fn show_string(&mut self, string: &PdfString<'_>) {
        match string.plain() {
            Some(bytes) => self.show(bytes),
            None => {
                let mut bytes = std::mem::take(&mut self.string);
                bytes.clear();
                string.decode_into(&mut bytes);
                self.show(&bytes);
                self.string = bytes;
            }
        }
    }

    /// Replaces the glyphs drawn inside an `/ActualText` span with its text, placed where
    /// they were drawn. Nested spans defer to the outermost.
    pub(super) fn end_marked_content(&mut self) {
        let Some(span) = self.marked.pop() else {
            return;
        };
        let Some(actual) = span.actual_text else {
            return;
        };
        if self.marked.iter().any(|m| m.actual_text.is_some()) {
            return;
        }
        let Some(drawn) = self.out.glyphs.get(span.first_glyph..) else {
            return;
        };
        let (Some(first), Some(last)) = (drawn.first(), drawn.last()) else {
            return;
        };
        let text: String = actual.chars().filter(|c| !c.is_control()).collect();
        let replacement = Glyph {
            shape: TextShape::of(&text),
            text: text.into(),
            unmapped: false,
            end_x: last.end_x,
            hidden: drawn
                .iter()
                .all(|g| g.hidden.is_some())
                .then_some(first.hidden)
                .flatten(),
            ..first.clone()
        };
        self.out.glyphs.truncate(span.first_glyph);
        if !replacement.text.trim().is_empty() || replacement.text.as_ref() == " " {
            self.out.glyphs.push(replacement);
        }
    }

    pub(super) fn extend_path(&mut self, points: &[(f32, f32)]) {
        for &(x, y) in points {
            let (px, py) = apply(&self.state.ctm, x, y);
            let area = self.path.get_or_insert([px, py, px, py]);
            *area = [
                area[0].min(px),
                area[1].min(py),
                area[2].max(px),
                area[3].max(py),
            ];
        }
    }

    pub(super) fn add_background(&mut self, area: [f32; 4], luminance: f32) {
        // Lines and rules are not backgrounds.
        if area[2] - area[0] < 2.0 || area[3] - area[1] < 2.0 {
            return;
        }
        if self.backgrounds.len() >= MAX_BACKGROUNDS {
            self.backgrounds.remove(0);
        }
        self.backgrounds.push((area, luminance));
    }

    /// Whether the last thing painted under a point is white (or nothing: the page).
    fn white_background_at(&self, x: f32, y: f32) -> bool {
        self.backgrounds
            .iter()
            .rev()
            .find(|(a, _)| x >= a[0] && x <= a[2] && y >= a[1] && y <= a[3])
            .is_none_or(|(_, luminance)| *luminance > 0.95)
    }

    pub(super) fn record_image(&mut self) {
        let m = self.state.ctm;
        let corners = [
            apply(&m, 0.0, 0.0),
            apply(&m, 1.0, 0.0),
            apply(&m, 0.0, 1.0),
            apply(&m, 1.0, 1.0),
        ];
        let mut area = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        for (x, y) in corners {
            area = [
                area[0].min(x),
                area[1].min(y),
                area[2].max(x),
                area[3].max(y),
            ];
        }
        // An image's colours are unknown: count it as a background white text can show on.
        self.add_background(area, 0.5);
        let m = &self.state.ctm;
        let area = (m[0] * m[3] - m[1] * m[2]).abs();
        let page_area = (self.frame.width * self.frame.height).max(1.0);
        self.out.images_drawn += 1;
        self.out.largest_image_share = self
            .out
            .largest_image_share
            .max((area / page_area).min(1.0));
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.state.font.clone() else {
            return;
        };
        let mut codes = std::mem::take(&mut self.codes);
        font.codes(bytes, &mut codes);
        let state = &self.state;
        let size = state.font_size;
        let scale = state.horizontal_scale;
        let single_byte = !font.is_composite();
        // Glyphs only move the text matrix's origin, so the linear part of text space → page
        // space, and the size and direction it gives, hold for the whole string.
        let linear = multiply(&self.text_matrix, &state.ctm);
        let effective_size =
            size.abs() * font.size_scale * (linear[2] * linear[2] + linear[3] * linear[3]).sqrt();
        let direction = {
            let (dx, dy) = (linear[0], linear[1]);
            if dx.abs() >= dy.abs() {
                if dx >= 0.0 { 0 } else { 2 }
            } else if dy > 0.0 {
                1
            } else {
                3
            }
        };
        for &code in &codes {
            let glyph = font.glyph(code);
            let state = &self.state;
            let word_spacing = if single_byte && font.is_word_space(code, 1) {
                state.word_spacing
            } else {
                0.0
            };
            let glyph_advance = (glyph.advance * size + state.char_spacing) * scale;
            let full_advance = glyph_advance + word_spacing * scale;

            let to_page = multiply(&self.text_matrix, &state.ctm);
            let (x, y) = apply(&to_page, 0.0, state.rise);
            let (end_x, end_y) = apply(&to_page, glyph_advance, state.rise);
            let hidden = self.hidden_reason(x, y, effective_size);
            if self.out.glyphs.len() >= MAX_GLYPHS_PER_PAGE {
                self.out.glyphs_dropped += 1;
            } else if !(glyph.is_space && hidden.is_some()) {
                self.out.glyphs.push(Glyph {
                    text: glyph.text,
                    unmapped: glyph.unmapped,
                    shape: glyph.shape,
                    x,
                    y,
                    end_x: if direction == 0 {
                        end_x
                    } else {
                        x + (end_x - x).hypot(end_y - y)
                    },
                    size: effective_size,
                    bold: font.bold,
                    hidden,
                    direction,
                });
            }
            // Translating by (advance, 0) in text space moves the origin along the first row.
            self.text_matrix[4] += full_advance * self.text_matrix[0];
            self.text_matrix[5] += full_advance * self.text_matrix[1];
        }
        self.codes = codes;
    }

    fn hidden_reason(&self, x: f32, y: f32, effective_size: f32) -> Option<HiddenReason> {
        let state = &self.state;
        let fills = matches!(state.render_mode, 0 | 2 | 4 | 6);
        let strokes = matches!(state.render_mode, 1 | 2 | 5 | 6);
        let white = |lum: f32| lum > 0.95;
        if matches!(state.render_mode, 3 | 7) {
            Some(HiddenReason::Invisible)
        } else if (!fills || white(state.fill_luminance))
            && (!strokes || white(state.stroke_luminance))
            && self.white_background_at(x, y + 0.3 * effective_size)
        {
            Some(HiddenReason::White)
        } else if effective_size < 2.0 {
            Some(HiddenReason::Tiny)
        } else if x < -2.0 || y < -2.0 || x > self.frame.width + 2.0 || y > self.frame.height + 2.0
        {
            Some(HiddenReason::OffPage)
        } else {
            None
        }
    }
}
