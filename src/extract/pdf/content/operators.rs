//! What each operator does to the graphics and text state.

use lopdf::Dictionary;

use super::operands::{Operand, Operands, children};
use super::{ColorSpace, Interpreter, MAX_SAVED_STATES, MarkedContent, luminance_of};
use crate::extract::ExtractError;
use crate::extract::pdf::page::{IDENTITY, multiply};

/// An operator's name packed into a number (operators are at most three bytes), so the
/// dispatch below is one jump instead of a string comparison per arm.
const fn key(op: &[u8]) -> u32 {
    let mut value = 0u32;
    let mut rest = op;
    while let [first, tail @ ..] = rest {
        value = value << 8 | *first as u32;
        rest = tail;
    }
    value
}

fn key_of(op: &[u8]) -> Option<u32> {
    match *op {
        [a] => Some(u32::from(a)),
        [a, b] => Some(u32::from(a) << 8 | u32::from(b)),
        [a, b, c] => Some(u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c)),
        _ => None,
    }
}

const SAVE: u32 = key(b"q");
const RESTORE: u32 = key(b"Q");
const CONCAT: u32 = key(b"cm");
const BEGIN_TEXT: u32 = key(b"BT");
const FONT: u32 = key(b"Tf");
const CHAR_SPACING: u32 = key(b"Tc");
const WORD_SPACING: u32 = key(b"Tw");
const HORIZONTAL_SCALE: u32 = key(b"Tz");
const LEADING: u32 = key(b"TL");
const RISE: u32 = key(b"Ts");
const RENDER_MODE: u32 = key(b"Tr");
const MOVE: u32 = key(b"Td");
const MOVE_SET_LEADING: u32 = key(b"TD");
const TEXT_MATRIX: u32 = key(b"Tm");
const NEXT_LINE: u32 = key(b"T*");
const SHOW: u32 = key(b"Tj");
const NEXT_LINE_SHOW: u32 = key(b"'");
const SPACED_SHOW: u32 = key(b"\"");
const SHOW_ARRAY: u32 = key(b"TJ");
const FILL_GRAY: u32 = key(b"g");
const STROKE_GRAY: u32 = key(b"G");
const FILL_RGB: u32 = key(b"rg");
const STROKE_RGB: u32 = key(b"RG");
const FILL_CMYK: u32 = key(b"k");
const STROKE_CMYK: u32 = key(b"K");
const FILL_SPACE: u32 = key(b"cs");
const STROKE_SPACE: u32 = key(b"CS");
const FILL_COLOR: u32 = key(b"sc");
const FILL_COLOR_N: u32 = key(b"scn");
const STROKE_COLOR: u32 = key(b"SC");
const STROKE_COLOR_N: u32 = key(b"SCN");
const DRAW_OBJECT: u32 = key(b"Do");
const MOVE_TO: u32 = key(b"m");
const LINE_TO: u32 = key(b"l");
const CURVE: u32 = key(b"c");
const CURVE_V: u32 = key(b"v");
const CURVE_Y: u32 = key(b"y");
const RECTANGLE: u32 = key(b"re");
const FILL: u32 = key(b"f");
const FILL_OLD: u32 = key(b"F");
const FILL_EVEN_ODD: u32 = key(b"f*");
const FILL_STROKE: u32 = key(b"B");
const FILL_STROKE_EVEN_ODD: u32 = key(b"B*");
const CLOSE_FILL_STROKE: u32 = key(b"b");
const CLOSE_FILL_STROKE_EVEN_ODD: u32 = key(b"b*");
const STROKE: u32 = key(b"S");
const CLOSE_STROKE: u32 = key(b"s");
const END_PATH: u32 = key(b"n");
const BEGIN_MARKED: u32 = key(b"BMC");
const BEGIN_MARKED_PROPERTIES: u32 = key(b"BDC");
const END_MARKED: u32 = key(b"EMC");

impl<'a> Interpreter<'a, '_> {
    pub(super) fn operator(
        &mut self,
        op: &[u8],
        operands: &Operands<'_>,
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), ExtractError> {
        let Some(op) = key_of(op) else {
            return Ok(());
        };
        let num = |i: usize| operands.num(i);
        let luminance = |space: ColorSpace| {
            let (components, count) = operands.numbers();
            luminance_of(space, components.get(..count).unwrap_or_default())
        };
        match op {
            SAVE if self.saved.len() < MAX_SAVED_STATES => self.saved.push(self.state.clone()),
            RESTORE => {
                if let Some(state) = self.saved.pop() {
                    self.state = state;
                }
            }
            CONCAT if operands.len() >= 6 => {
                let m = [num(0), num(1), num(2), num(3), num(4), num(5)];
                self.state.ctm = multiply(&m, &self.state.ctm);
            }
            BEGIN_TEXT => {
                self.text_matrix = IDENTITY;
                self.line_matrix = IDENTITY;
            }
            FONT => {
                self.state.font_size = num(1);
                self.state.font = match operands.get(0) {
                    Some(Operand::Name(name)) => Some(self.font(resources, &name)?),
                    _ => None,
                };
            }
            CHAR_SPACING => self.state.char_spacing = num(0),
            WORD_SPACING => self.state.word_spacing = num(0),
            HORIZONTAL_SCALE => self.state.horizontal_scale = num(0) / 100.0,
            LEADING => self.state.leading = num(0),
            RISE => self.state.rise = num(0),
            RENDER_MODE => self.state.render_mode = num(0).clamp(0.0, 7.0) as u8,
            MOVE => self.move_line(num(0), num(1)),
            MOVE_SET_LEADING => {
                self.state.leading = -num(1);
                self.move_line(num(0), num(1));
            }
            TEXT_MATRIX if operands.len() >= 6 => {
                self.text_matrix = [num(0), num(1), num(2), num(3), num(4), num(5)];
                self.line_matrix = self.text_matrix;
            }
            NEXT_LINE => self.move_line(0.0, -self.state.leading),
            SHOW => {
                if let Some(Operand::String(s)) = operands.get(0) {
                    self.show_string(&s);
                }
            }
            NEXT_LINE_SHOW => {
                self.move_line(0.0, -self.state.leading);
                if let Some(Operand::String(s)) = operands.get(0) {
                    self.show_string(&s);
                }
            }
            SPACED_SHOW => {
                self.state.word_spacing = num(0);
                self.state.char_spacing = num(1);
                self.move_line(0.0, -self.state.leading);
                if let Some(Operand::String(s)) = operands.get(2) {
                    self.show_string(&s);
                }
            }
            SHOW_ARRAY => {
                if let Some(items) = operands.container(0, false) {
                    for (item, _) in children(items) {
                        match item {
                            Operand::String(s) => self.show_string(&s),
                            Operand::Number(n) => {
                                let tx = -n / 1000.0
                                    * self.state.font_size
                                    * self.state.horizontal_scale;
                                self.text_matrix =
                                    multiply(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &self.text_matrix);
                            }
                            _ => {}
                        }
                    }
                }
            }
            FILL_GRAY => {
                self.state.fill_space = ColorSpace::Gray;
                self.state.fill_luminance = luminance(ColorSpace::Gray);
            }
            STROKE_GRAY => {
                self.state.stroke_space = ColorSpace::Gray;
                self.state.stroke_luminance = luminance(ColorSpace::Gray);
            }
            FILL_RGB => {
                self.state.fill_space = ColorSpace::Rgb;
                self.state.fill_luminance = luminance(ColorSpace::Rgb);
            }
            STROKE_RGB => {
                self.state.stroke_space = ColorSpace::Rgb;
                self.state.stroke_luminance = luminance(ColorSpace::Rgb);
            }
            FILL_CMYK => {
                self.state.fill_space = ColorSpace::Cmyk;
                self.state.fill_luminance = luminance(ColorSpace::Cmyk);
            }
            STROKE_CMYK => {
                self.state.stroke_space = ColorSpace::Cmyk;
                self.state.stroke_luminance = luminance(ColorSpace::Cmyk);
            }
            FILL_SPACE => {
                self.state.fill_space = self.color_space(resources, operands.get(0));
                self.state.fill_luminance = 0.0;
            }
            STROKE_SPACE => {
                self.state.stroke_space = self.color_space(resources, operands.get(0));
                self.state.stroke_luminance = 0.0;
            }
            FILL_COLOR | FILL_COLOR_N => {
                self.state.fill_luminance = luminance(self.state.fill_space);
            }
            STROKE_COLOR | STROKE_COLOR_N => {
                self.state.stroke_luminance = luminance(self.state.stroke_space);
            }
            DRAW_OBJECT => {
                if let Some(Operand::Name(name)) = operands.get(0) {
                    self.draw_xobject(resources, &name.decoded(), depth)?;
                }
            }
            MOVE_TO | LINE_TO if operands.len() >= 2 => self.extend_path(&[(num(0), num(1))]),
            CURVE if operands.len() >= 6 => {
                self.extend_path(&[(num(0), num(1)), (num(2), num(3)), (num(4), num(5))])
            }
            CURVE_V | CURVE_Y if operands.len() >= 4 => {
                self.extend_path(&[(num(0), num(1)), (num(2), num(3))])
            }
            RECTANGLE if operands.len() >= 4 => {
                let (x, y, w, h) = (num(0), num(1), num(2), num(3));
                self.extend_path(&[(x, y), (x + w, y), (x, y + h), (x + w, y + h)]);
            }
            FILL
            | FILL_OLD
            | FILL_EVEN_ODD
            | FILL_STROKE
            | FILL_STROKE_EVEN_ODD
            | CLOSE_FILL_STROKE
            | CLOSE_FILL_STROKE_EVEN_ODD => {
                if let Some(area) = self.path.take() {
                    let luminance = if self.state.fill_space == ColorSpace::Other {
                        0.0
                    } else {
                        self.state.fill_luminance
                    };
                    self.add_background(area, luminance);
                }
            }
            STROKE | CLOSE_STROKE | END_PATH => self.path = None,
            BEGIN_MARKED => self.marked.push(MarkedContent {
                actual_text: None,
                first_glyph: self.out.glyphs.len(),
            }),
            BEGIN_MARKED_PROPERTIES => {
                let actual_text = self.actual_text(resources, operands);
                self.marked.push(MarkedContent {
                    actual_text,
                    first_glyph: self.out.glyphs.len(),
                });
            }
            END_MARKED => self.end_marked_content(),
            _ => {}
        }
        Ok(())
    }

    fn move_line(&mut self, tx: f32, ty: f32) {
        self.line_matrix = multiply(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.line_matrix);
        self.text_matrix = self.line_matrix;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_keys_are_distinct() {
        let all = [
            SAVE,
            RESTORE,
            CONCAT,
            BEGIN_TEXT,
            FONT,
            CHAR_SPACING,
            WORD_SPACING,
            HORIZONTAL_SCALE,
            LEADING,
            RISE,
            RENDER_MODE,
            MOVE,
            MOVE_SET_LEADING,
            TEXT_MATRIX,
            NEXT_LINE,
            SHOW,
            NEXT_LINE_SHOW,
            SPACED_SHOW,
            SHOW_ARRAY,
            FILL_GRAY,
            STROKE_GRAY,
            FILL_RGB,
            STROKE_RGB,
            FILL_CMYK,
            STROKE_CMYK,
            FILL_SPACE,
            STROKE_SPACE,
            FILL_COLOR,
            FILL_COLOR_N,
            STROKE_COLOR,
            STROKE_COLOR_N,
            DRAW_OBJECT,
            MOVE_TO,
            LINE_TO,
            CURVE,
            CURVE_V,
            CURVE_Y,
            RECTANGLE,
            FILL,
            FILL_OLD,
            FILL_EVEN_ODD,
            FILL_STROKE,
            FILL_STROKE_EVEN_ODD,
            CLOSE_FILL_STROKE,
            CLOSE_FILL_STROKE_EVEN_ODD,
            STROKE,
            CLOSE_STROKE,
            END_PATH,
            BEGIN_MARKED,
            BEGIN_MARKED_PROPERTIES,
            END_MARKED,
        ];
        let mut sorted = all.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), all.len());
        // Longer words never reach the dispatch, so "BDCx" cannot pass for an operator.
        assert_eq!(key_of(b"BDC"), Some(BEGIN_MARKED_PROPERTIES));
        assert_eq!(key_of(b"BDCx"), None);
        assert_eq!(key_of(b"Tj"), Some(SHOW));
        assert_eq!(key_of(b"q"), Some(SAVE));
    }
}
