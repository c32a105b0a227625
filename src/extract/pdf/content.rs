//! Content stream interpretation: runs the text and graphics state operators and records every
//! glyph where it lands on the page, with what it reads as and whether a person could see it.
//! Layout works from these positions, not from operator order, which producers shuffle freely.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use lopdf::{Dictionary, ObjectId};

use super::fonts::Font;
use super::lexer::{Lexer, Token};
use super::objects::Reader;
use super::page::{IDENTITY, Matrix, PageContent, PageFrame};
use crate::extract::ExtractError;

use self::operands::{Operand, Operands};

mod glyphs;
mod operands;
mod operators;
mod resources;

/// Caches and budgets shared by all pages of a document.
pub(crate) struct Shared {
    fonts: HashMap<FontKey, Rc<Font>>,
    /// Fonts by the resource dictionary (its address) a `Tf` looked in, so a font set again
    /// is not looked up again.
    font_names: HashMap<usize, FontNames, QuickHash>,
    forms: HashMap<ObjectId, Rc<Vec<u8>>>,
    /// Tokens left to read in the whole file (`Limits::max_content_tokens`): bounds the work of
    /// forms drawn many times, operators or not.
    pub(crate) tokens_left: u64,
}

/// Hashes with a multiplication per word: SipHash guards against keys an attacker picks, and
/// these maps are keyed by addresses and by a few dozen font names per resource dictionary.
#[derive(Default)]
struct QuickHasher(u64);

type QuickHash = BuildHasherDefault<QuickHasher>;

impl Hasher for QuickHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let h = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        // The table indexes with the low bits: fold the well-mixed high ones down.
        self.0 = h ^ (h >> 29);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// Fonts by the name a `Tf` gave them, as written.
type FontNames = HashMap<Box<[u8]>, Rc<Font>, QuickHash>;

/// Fonts are cached by object id, or by address for direct dictionaries (the document does
/// not move while it is read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum FontKey {
    Id(ObjectId),
    Direct(usize),
}

const MAX_SAVED_STATES: usize = 1024;
/// Bounds memory for a page that shows millions of glyphs.
const MAX_GLYPHS_PER_PAGE: usize = 500_000;
/// Keeps the background search cheap on pages drawn with many small fills.
const MAX_BACKGROUNDS: usize = 4096;

impl Shared {
    pub(crate) fn new(max_tokens: u64) -> Shared {
        Shared {
            fonts: HashMap::new(),
            font_names: HashMap::default(),
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
    /// Decoded bytes of the string being shown.
    string: Vec<u8>,
    /// Bounding box of the path being built, in page space.
    path: Option<[f32; 4]>,
    /// Filled areas and images painted so far (box, luminance), in painting order: white text
    /// on a dark sidebar is visible, white text on the white page is not.
    backgrounds: Vec<([f32; 4], f32)>,
    out: PageContent,
}

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
            string: Vec::new(),
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
            // Typical producers spend 4 to 12 bytes of content per glyph: reserving for the
            // densest keeps the glyphs from being copied as the page fills.
            self.out
                .glyphs
                .reserve((data.len() / 4).min(MAX_GLYPHS_PER_PAGE));
        }
        let mut lexer = Lexer::new(data);
        let mut operands = Operands::default();
        let max_nesting = self.reader.limits.max_depth.max(1);
        // Every token counts, operand or operator: a form of operands alone, drawn a million
        // times, costs as much as its operators would.
        let mut tokens = 0u64;
        while let Some(word) = next_operator(&mut lexer, &mut operands, max_nesting, &mut tokens) {
            self.charge_tokens(&mut tokens)?;
            if word == b"ID" {
                lexer.skip_inline_image_data();
                self.record_image();
            } else {
                self.operator(word, &operands, resources, depth)?;
            }
        }
        self.charge_tokens(&mut tokens)
    }

    fn charge_tokens(&mut self, tokens: &mut u64) -> Result<(), ExtractError> {
        // The error is built only when it is returned: built for `ok_or` on every operator and
        // dropped, it cost 2% of a Chromium page.
        let Some(left) = self.shared.tokens_left.checked_sub(std::mem::take(tokens)) else {
            return Err(ExtractError::LimitExceeded {
                what: "content stream tokens",
                limit: self.reader.limits.max_content_tokens,
            });
        };
        self.shared.tokens_left = left;
        Ok(())
    }
}

/// Reads the operands of the next operator into `operands` (cleared first) and returns the
/// operator; `None` at the end of the stream. A keyword inside an array or dictionary is an item,
/// not an operator. Counts the tokens read into `tokens`.
fn next_operator<'a>(
    lexer: &mut Lexer<'a>,
    operands: &mut Operands<'a>,
    max_nesting: usize,
    tokens: &mut u64,
) -> Option<&'a [u8]> {
    operands.clear();
    loop {
        let token = lexer.next()?;
        *tokens += 1;
        match token {
            Token::Number(n) => operands.push(Operand::Number(n)),
            Token::String(s) => operands.push(Operand::String(s)),
            Token::Name(n) => operands.push(Operand::Name(n)),
            Token::ArrayStart => operands.open(false, max_nesting),
            Token::DictStart => operands.open(true, max_nesting),
            Token::ArrayEnd | Token::DictEnd => operands.close(),
            Token::Keyword(_) if operands.in_container() => operands.push(Operand::Other),
            Token::Keyword(word) => return Some(word),
        }
    }
}

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
