//! The operands of the next operator, kept flat: an array or dictionary is a header followed by
//! its items, so a content stream is read without allocating per operand or per array.

use crate::extract::pdf::lexer::{PdfName, PdfString};

/// Bounds the operands an operator collects; a real one takes at most a few dozen (a `TJ` array
/// of a long line a few hundred).
const MAX_OPERANDS: usize = 4096;
/// Bounds the items inside the arrays and dictionaries of one operator.
const MAX_ITEMS: usize = 65536;

#[derive(Debug, Clone, Copy)]
pub(super) enum Operand<'a> {
    Number(f32),
    String(PdfString<'a>),
    Name(PdfName<'a>),
    /// An array or a dictionary (`dict`): its items are the next `len` entries, the items of
    /// nested containers included.
    Container {
        dict: bool,
        len: usize,
    },
    Other,
}

#[derive(Default)]
pub(super) struct Operands<'a> {
    items: Vec<Operand<'a>>,
    /// Headers of the open containers in `items`, innermost last.
    open: Vec<usize>,
    /// Containers opened beyond the nesting limit: their items go to the innermost open one.
    ignored: usize,
    top_level: usize,
    /// Whether `items` holds a container, so top-level operands are not simply `items`.
    nested: bool,
}

impl<'a> Operands<'a> {
    pub(super) fn clear(&mut self) {
        self.items.clear();
        self.open.clear();
        self.ignored = 0;
        self.top_level = 0;
        self.nested = false;
    }

    /// Whether an array or dictionary is open: a keyword there is an item, not an operator.
    pub(super) fn in_container(&self) -> bool {
        !self.open.is_empty()
    }

    /// Makes room for one more top-level operand, or for one more item in the open container;
    /// `false` when the item is dropped.
    fn make_room(&mut self) -> bool {
        if self.open.is_empty() {
            if self.top_level >= MAX_OPERANDS {
                self.clear();
            }
            self.top_level += 1;
            true
        } else {
            self.items.len() < MAX_ITEMS
        }
    }

    pub(super) fn push(&mut self, operand: Operand<'a>) {
        if self.make_room() {
            self.items.push(operand);
        }
    }

    pub(super) fn open(&mut self, dict: bool, max_nesting: usize) {
        if self.open.len() >= max_nesting || !self.make_room() {
            self.ignored += 1;
            return;
        }
        self.nested = true;
        self.open.push(self.items.len());
        self.items.push(Operand::Container { dict, len: 0 });
    }

    pub(super) fn close(&mut self) {
        if self.ignored > 0 {
            self.ignored -= 1;
            return;
        }
        if let Some(header) = self.open.pop() {
            let len = self.items.len() - header - 1;
            if let Some(Operand::Container { len: slot, .. }) = self.items.get_mut(header) {
                *slot = len;
            }
        }
    }

    /// Number of top-level operands.
    pub(super) fn len(&self) -> usize {
        self.top_level
    }

    /// The `index`th top-level operand.
    pub(super) fn get(&self, index: usize) -> Option<Operand<'a>> {
        if self.nested {
            children(&self.items).nth(index).map(|(operand, _)| operand)
        } else {
            self.items.get(index).copied()
        }
    }

    /// The `index`th operand as a number (0 when it is something else).
    pub(super) fn num(&self, index: usize) -> f32 {
        match self.get(index) {
            Some(Operand::Number(n)) => n,
            _ => 0.0,
        }
    }

    /// The first four top-level numbers (colour components), and how many there are.
    pub(super) fn numbers(&self) -> ([f32; 4], usize) {
        let mut out = [0.0; 4];
        let mut count = 0;
        for (operand, _) in children(&self.items) {
            if let (Operand::Number(n), Some(slot)) = (operand, out.get_mut(count)) {
                *slot = n;
                count += 1;
            }
        }
        (out, count)
    }

    /// The items of the top-level array or dictionary at `index`, nested ones included: walk
    /// them with [`children`].
    pub(super) fn container(&self, index: usize, want_dict: bool) -> Option<&[Operand<'a>]> {
        let (operand, items) = children(&self.items).nth(index)?;
        match operand {
            Operand::Container { dict, .. } if dict == want_dict => Some(items),
            _ => None,
        }
    }
}

/// The operands of a run of items, each with the items it contains (empty for all but arrays
/// and dictionaries).
pub(super) fn children<'s, 'a>(
    items: &'s [Operand<'a>],
) -> impl Iterator<Item = (Operand<'a>, &'s [Operand<'a>])> {
    let mut rest = items;
    std::iter::from_fn(move || {
        let (&first, tail) = rest.split_first()?;
        let len = match first {
            Operand::Container { len, .. } => len.min(tail.len()),
            _ => 0,
        };
        let (inner, after) = tail.split_at(len);
        rest = after;
        Some((first, inner))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::pdf::lexer::{Lexer, Token};

    fn collect(input: &[u8]) -> Operands<'_> {
        let mut operands = Operands::default();
        for token in Lexer::new(input) {
            match token {
                Token::Number(n) => operands.push(Operand::Number(n)),
                Token::String(s) => operands.push(Operand::String(s)),
                Token::Name(n) => operands.push(Operand::Name(n)),
                Token::ArrayStart => operands.open(false, 2),
                Token::DictStart => operands.open(true, 2),
                Token::ArrayEnd | Token::DictEnd => operands.close(),
                Token::Keyword(_) => operands.push(Operand::Other),
            }
        }
        operands
    }

    #[test]
    fn top_level_operands_skip_nested_items() {
        let operands = collect(b"1 [2 [3 [4] 5] 6] 7 <</A (x)>> 8");
        assert_eq!(operands.len(), 5);
        assert_eq!(operands.num(0), 1.0);
        assert_eq!(operands.num(2), 7.0);
        assert_eq!(operands.num(4), 8.0);
        let array = operands.container(1, false).unwrap_or_default();
        // [3 [4] 5] is nested once; [4] is beyond the limit of two and its 4 stays inline.
        let numbers: Vec<Option<f32>> = children(array)
            .map(|(o, _)| match o {
                Operand::Number(n) => Some(n),
                _ => None,
            })
            .collect();
        assert_eq!(numbers, vec![Some(2.0), None, Some(6.0)]);
        assert!(operands.container(3, true).is_some());
        assert!(operands.container(3, false).is_none());
        assert_eq!(operands.numbers(), ([1.0, 7.0, 8.0, 0.0], 3));
    }

    #[test]
    fn flat_operands_and_unclosed_containers() {
        let operands = collect(b"0.5 0.25 1 rg");
        assert_eq!(operands.len(), 4);
        assert_eq!(operands.num(1), 0.25);
        let open = collect(b"[1 2");
        assert!(open.in_container());
        assert_eq!(open.len(), 1);
    }
}
