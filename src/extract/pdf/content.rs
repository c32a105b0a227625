//! Content stream interpretation: runs the text and graphics state operators and records every
//! glyph where it lands on the page, with what it reads as and whether a person could see it.
//! Layout works from these positions, not from operator order, which producers shuffle freely.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, ObjectId};

use super::fonts::{Font, GlyphText};
use super::lexer::{Lexer, Token};
use super::objects::Reader;
use super::page::{Glyph, HiddenReason, IDENTITY, Matrix, PageContent, PageFrame, apply, multiply};
use crate::extract::ExtractError;

mod resources;

/// Caches and budgets shared by all pages of a document.
pub(crate) struct Shared {
    fonts: HashMap<FontKey, Rc<Font>>,
    forms: HashMap<ObjectId, Rc<Vec<u8>>>,
    /// Tokens left to read in the whole file (`Limits::max_content_tokens`): bounds the work of
    /// forms drawn many times, operators or not.
    pub(crate) tokens_left: u64,
}

/// Fonts are cached by object id, or by address for direct dictionaries (the document does
/// not move while it is read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum FontKey {
    Id(ObjectId),
    Direct(usize),
}

const MAX_SAVED_STATES: usize = 1024;
const MAX_OPERANDS: usize = 4096;

impl Shared {
    pub(crate) fn new(max_tokens: u64) -> Shared {
        Shared {
            fonts: HashMap::new(),
            forms: HashMap::new(),
            tokens_left: max_tokens,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum ColorSpace {
    Gray,
    Rgb,
    Cmyk,
    /// Patterns, separations, indexed...: never judged white.
    Other,
}

#[derive(Clone)]
struct GraphicsState {
    ctm: Matrix,
    fill_space: ColorSpace,
    stroke_space: ColorSpace,
    fill_luminance: f32,
    stroke_luminance: f32,
    font: Option<Rc<Font>>,
    font_size: f32,
    char_spacing: f32,
    word_spacing: f32,
    horizontal_scale: f32,
    leading: f32,
    rise: f32,
    render_mode: u8,
}

enum Operand<'a> {
    Number(f32),
    String(Cow<'a, [u8]>),
    Name(Cow<'a, [u8]>),
    Array(Vec<Operand<'a>>),
    Dict(Vec<Operand<'a>>),
    Other,
}

struct MarkedContent {
    actual_text: Option<String>,
    first_glyph: usize,
}

pub(crate) struct Interpreter<'a, 'r> {
    reader: &'r mut Reader<'a>,
    shared: &'r mut Shared,
    frame: PageFrame,
    state: GraphicsState,
    saved: Vec<GraphicsState>,
    text_matrix: Matrix,
    line_matrix: Matrix,
    marked: Vec<MarkedContent>,
    forms_in_progress: Vec<ObjectId>,
    codes: Vec<u32>,
    no_text: Rc<str>,
    /// Bounding box of the path being built, in page space.
    path: Option<[f32; 4]>,
    /// Filled areas and images painted so far (box, luminance), in painting order: white text
    /// on a dark sidebar is visible, white text on the white page is not.
    backgrounds: Vec<([f32; 4], f32)>,
    out: PageContent,
}

/// Keeps the background search cheap on pages drawn with many small fills.
const MAX_BACKGROUNDS: usize = 4096;

fn luminance_of(space: ColorSpace, components: &[f32]) -> f32 {
    let c = |i: usize| components.get(i).copied().unwrap_or(0.0).clamp(0.0, 1.0);
    match space {
        ColorSpace::Gray => c(0),
        ColorSpace::Rgb => 0.2126 * c(0) + 0.7152 * c(1) + 0.0722 * c(2),
        ColorSpace::Cmyk => {
            let k = c(3);
            let rgb = [
                (1.0 - c(0)) * (1.0 - k),
                (1.0 - c(1)) * (1.0 - k),
                (1.0 - c(2)) * (1.0 - k),
            ];
            0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
        }
        ColorSpace::Other => 0.0,
    }
}

impl<'a, 'r> Interpreter<'a, 'r> {
    pub(crate) fn new(
        reader: &'r mut Reader<'a>,
        shared: &'r mut Shared,
        frame: PageFrame,
    ) -> Interpreter<'a, 'r> {
        Interpreter {
            reader,
            shared,
            frame,
            state: GraphicsState {
                ctm: frame.base,
                fill_space: ColorSpace::Gray,
                stroke_space: ColorSpace::Gray,
                fill_luminance: 0.0,
                stroke_luminance: 0.0,
                font: None,
                font_size: 0.0,
                char_spacing: 0.0,
                word_spacing: 0.0,
                horizontal_scale: 1.0,
                leading: 0.0,
                rise: 0.0,
                render_mode: 0,
            },
            saved: Vec::new(),
            text_matrix: IDENTITY,
            line_matrix: IDENTITY,
            marked: Vec::new(),
            forms_in_progress: Vec::new(),
            codes: Vec::new(),
            no_text: Rc::from(""),
            path: None,
            backgrounds: Vec::new(),
            out: PageContent::default(),
        }
    }

    pub(crate) fn finish(self) -> PageContent {
        self.out
    }

    /// Runs one content stream with the given resources.
    pub(crate) fn run(
        &mut self,
        data: &[u8],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), ExtractError> {
        if depth == 0 {
            // About one glyph per 12 bytes of content in typical producers' streams.
            self.out
                .glyphs
                .reserve((data.len() / 12).min(MAX_GLYPHS_PER_PAGE));
        }
        let mut lexer = Lexer::new(data);
        let mut operands: Vec<Operand<'_>> = Vec::new();
        // Open arrays and dictionaries, innermost last.
        let mut containers: Vec<(bool, Vec<Operand<'_>>)> = Vec::new();
        let max_nesting = self.reader.limits.max_depth.max(1);
        let mut ignored_nesting = 0usize;
        while let Some(token) = lexer.next() {
            // Every token counts: a form of operands alone, drawn a million times, costs as
            // much as its operators would.
            if self.shared.tokens_left == 0 {
                return Err(ExtractError::LimitExceeded {
                    what: "content stream tokens",
                    limit: self.reader.limits.max_content_tokens,
                });
            }
            self.shared.tokens_left -= 1;
            let operand = match token {
                Token::Number(n) => Operand::Number(n),
                Token::String(s) => Operand::String(s),
                Token::Name(n) => Operand::Name(n),
                Token::ArrayStart | Token::DictStart => {
                    if containers.len() >= max_nesting {
                        ignored_nesting += 1;
                    } else {
                        containers.push((token == Token::DictStart, Vec::new()));
                    }
                    continue;
                }
                Token::ArrayEnd | Token::DictEnd => {
                    if ignored_nesting > 0 {
                        ignored_nesting -= 1;
                        continue;
                    }
                    match containers.pop() {
                        Some((true, items)) => Operand::Dict(items),
                        Some((false, items)) => Operand::Array(items),
                        None => continue,
                    }
                }
                Token::Keyword(word) => {
                    if !containers.is_empty() {
                        Operand::Other
                    } else {
                        if word == b"ID" {
                            lexer.skip_inline_image_data();
                            self.record_image();
                        } else {
                            self.operator(word, &operands, resources, depth)?;
                        }
                        operands.clear();
                        continue;
                    }
                }
            };
            match containers.last_mut() {
                Some((_, items)) if items.len() < MAX_OPERANDS => items.push(operand),
                Some(_) => {}
                None if operands.len() < MAX_OPERANDS => operands.push(operand),
                None => operands.clear(),
            }
        }
        Ok(())
    }

    fn operator(
        &mut self,
        op: &[u8],
        operands: &[Operand<'_>],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), ExtractError> {
        let num = |i: usize| match operands.get(i) {
            Some(Operand::Number(n)) => *n,
            _ => 0.0,
        };
        let nums = || -> Vec<f32> {
            operands
                .iter()
                .filter_map(|o| {
                    if let Operand::Number(n) = o {
                        Some(*n)
                    } else {
                        None
                    }
                })
                .collect()
        };
        match op {
            b"q" if self.saved.len() < MAX_SAVED_STATES => self.saved.push(self.state.clone()),
            b"Q" => {
                if let Some(state) = self.saved.pop() {
                    self.state = state;
                }
            }
            b"cm" if operands.len() >= 6 => {
                let m = [num(0), num(1), num(2), num(3), num(4), num(5)];
                self.state.ctm = multiply(&m, &self.state.ctm);
            }
            b"BT" => {
                self.text_matrix = IDENTITY;
                self.line_matrix = IDENTITY;
            }
            b"Tf" => {
                self.state.font_size = num(1);
                self.state.font = match operands.first() {
                    Some(Operand::Name(name)) => Some(self.font(resources, name)?),
                    _ => None,
                };
            }
            b"Tc" => self.state.char_spacing = num(0),
            b"Tw" => self.state.word_spacing = num(0),
            b"Tz" => self.state.horizontal_scale = num(0) / 100.0,
            b"TL" => self.state.leading = num(0),
            b"Ts" => self.state.rise = num(0),
            b"Tr" => self.state.render_mode = num(0).clamp(0.0, 7.0) as u8,
            b"Td" => self.move_line(num(0), num(1)),
            b"TD" => {
                self.state.leading = -num(1);
                self.move_line(num(0), num(1));
            }
            b"Tm" if operands.len() >= 6 => {
                self.text_matrix = [num(0), num(1), num(2), num(3), num(4), num(5)];
                self.line_matrix = self.text_matrix;
            }
            b"T*" => self.move_line(0.0, -self.state.leading),
            b"Tj" => {
                if let Some(Operand::String(s)) = operands.first() {
                    self.show(s);
                }
            }
            b"'" => {
                self.move_line(0.0, -self.state.leading);
                if let Some(Operand::String(s)) = operands.first() {
                    self.show(s);
                }
            }
            b"\"" => {
                self.state.word_spacing = num(0);
                self.state.char_spacing = num(1);
                self.move_line(0.0, -self.state.leading);
                if let Some(Operand::String(s)) = operands.get(2) {
                    self.show(s);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = operands.first() {
                    for item in items {
                        match item {
                            Operand::String(s) => self.show(s),
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
            b"g" => {
                self.state.fill_space = ColorSpace::Gray;
                self.state.fill_luminance = luminance_of(ColorSpace::Gray, &nums());
            }
            b"G" => {
                self.state.stroke_space = ColorSpace::Gray;
                self.state.stroke_luminance = luminance_of(ColorSpace::Gray, &nums());
            }
            b"rg" => {
                self.state.fill_space = ColorSpace::Rgb;
                self.state.fill_luminance = luminance_of(ColorSpace::Rgb, &nums());
            }
            b"RG" => {
                self.state.stroke_space = ColorSpace::Rgb;
                self.state.stroke_luminance = luminance_of(ColorSpace::Rgb, &nums());
            }
            b"k" => {
                self.state.fill_space = ColorSpace::Cmyk;
                self.state.fill_luminance = luminance_of(ColorSpace::Cmyk, &nums());
            }
            b"K" => {
                self.state.stroke_space = ColorSpace::Cmyk;
                self.state.stroke_luminance = luminance_of(ColorSpace::Cmyk, &nums());
            }
            b"cs" => {
                self.state.fill_space = self.color_space(resources, operands.first());
                self.state.fill_luminance = 0.0;
            }
            b"CS" => {
                self.state.stroke_space = self.color_space(resources, operands.first());
                self.state.stroke_luminance = 0.0;
            }
            b"sc" | b"scn" => {
                self.state.fill_luminance = luminance_of(self.state.fill_space, &nums())
            }
            b"SC" | b"SCN" => {
                self.state.stroke_luminance = luminance_of(self.state.stroke_space, &nums())
            }
            b"Do" => {
                if let Some(Operand::Name(name)) = operands.first() {
                    self.draw_xobject(resources, name, depth)?;
                }
            }
            b"m" | b"l" if operands.len() >= 2 => self.extend_path(&[(num(0), num(1))]),
            b"c" if operands.len() >= 6 => {
                self.extend_path(&[(num(0), num(1)), (num(2), num(3)), (num(4), num(5))])
            }
            b"v" | b"y" if operands.len() >= 4 => {
                self.extend_path(&[(num(0), num(1)), (num(2), num(3))])
            }
            b"re" if operands.len() >= 4 => {
                let (x, y, w, h) = (num(0), num(1), num(2), num(3));
                self.extend_path(&[(x, y), (x + w, y), (x, y + h), (x + w, y + h)]);
            }
            b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => {
                if let Some(area) = self.path.take() {
                    let luminance = if self.state.fill_space == ColorSpace::Other {
                        0.0
                    } else {
                        self.state.fill_luminance
                    };
                    self.add_background(area, luminance);
                }
            }
            b"S" | b"s" | b"n" => self.path = None,
            b"BMC" => self.marked.push(MarkedContent {
                actual_text: None,
                first_glyph: self.out.glyphs.len(),
            }),
            b"BDC" => {
                let actual_text = self.actual_text(resources, operands.get(1));
                self.marked.push(MarkedContent {
                    actual_text,
                    first_glyph: self.out.glyphs.len(),
                });
            }
            b"EMC" => self.end_marked_content(),
            _ => {}
        }
        Ok(())
    }

    fn move_line(&mut self, tx: f32, ty: f32) {
        self.line_matrix = multiply(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.line_matrix);
        self.text_matrix = self.line_matrix;
    }

    /// Replaces the glyphs drawn inside an `/ActualText` span with its text, placed where
    /// they were drawn. Nested spans defer to the outermost.
    fn end_marked_content(&mut self) {
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
        let replacement = Glyph {
            text: actual
                .chars()
                .filter(|c| !c.is_control())
                .collect::<String>()
                .into(),
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

    fn extend_path(&mut self, points: &[(f32, f32)]) {
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

    fn add_background(&mut self, area: [f32; 4], luminance: f32) {
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

    fn record_image(&mut self) {
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
        for &code in &codes {
            let text = font.text(code);
            let advance = font.advance(code, &text);
            let is_space = matches!(&text, GlyphText::Text(t) if t.as_ref() == " ");
            let word_spacing = if single_byte && font.is_word_space(code, 1) {
                state.word_spacing
            } else {
                0.0
            };
            let glyph_advance = (advance * size + state.char_spacing) * scale;
            let full_advance = glyph_advance + word_spacing * scale;

            let to_page = multiply(&self.text_matrix, &state.ctm);
            let (x, y) = apply(&to_page, 0.0, state.rise);
            let (end_x, end_y) = apply(&to_page, glyph_advance, state.rise);
            let effective_size = size.abs()
                * font.size_scale
                * (to_page[2] * to_page[2] + to_page[3] * to_page[3]).sqrt();
            let direction = {
                let (dx, dy) = (to_page[0], to_page[1]);
                if dx.abs() >= dy.abs() {
                    if dx >= 0.0 { 0 } else { 2 }
                } else if dy > 0.0 {
                    1
                } else {
                    3
                }
            };
            let hidden = self.hidden_reason(x, y, effective_size);
            let (text, unmapped) = match text {
                GlyphText::Text(t) => (t, false),
                GlyphText::Unmapped => (Rc::clone(&self.no_text), true),
            };
            if self.out.glyphs.len() >= MAX_GLYPHS_PER_PAGE {
                self.out.glyphs_dropped += 1;
            } else if !(is_space && hidden.is_some()) {
                self.out.glyphs.push(Glyph {
                    text,
                    unmapped,
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

/// Bounds memory for a page that shows millions of glyphs.
const MAX_GLYPHS_PER_PAGE: usize = 500_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luminance() {
        assert!(luminance_of(ColorSpace::Rgb, &[1.0, 1.0, 1.0]) > 0.95);
        assert!(luminance_of(ColorSpace::Cmyk, &[0.0, 0.0, 0.0, 0.0]) > 0.95);
        assert!(luminance_of(ColorSpace::Cmyk, &[0.0, 0.0, 0.0, 1.0]) < 0.05);
        assert!(luminance_of(ColorSpace::Gray, &[0.5]) < 0.95);
    }
}
