//! Approximate widths of the standard 14 fonts, for files that name them without `/Widths`.

/// Which standard font's widths to use.
#[derive(Debug, Clone, Copy)]
pub(super) enum StandardMetrics {
    Helvetica { bold: bool },
    Times { bold: bool },
    Fixed,
}

#[rustfmt::skip]
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

#[rustfmt::skip]
const TIMES: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
];

impl StandardMetrics {
    pub(super) fn for_base_font(name: &str) -> Option<StandardMetrics> {
        let bold = name.contains("Bold");
        if name.starts_with("Helvetica") || name.starts_with("Arial") {
            Some(StandardMetrics::Helvetica { bold })
        } else if name.starts_with("Times") {
            Some(StandardMetrics::Times { bold })
        } else if name.starts_with("Courier")
            || name.starts_with("Symbol")
            || name.starts_with("ZapfDingbats")
        {
            Some(StandardMetrics::Fixed)
        } else {
            None
        }
    }

    /// Width in glyph units of the glyph that reads as `text`.
    pub(super) fn width(self, text: &str) -> f32 {
        let first = text.chars().next().map_or(0, u32::from);
        let index = first.checked_sub(32).and_then(|i| usize::try_from(i).ok());
        let (table, fallback, bold) = match self {
            StandardMetrics::Helvetica { bold } => (&HELVETICA, 556, bold),
            StandardMetrics::Times { bold } => (&TIMES, 500, bold),
            StandardMetrics::Fixed => return 600.0,
        };
        let base = f32::from(
            index
                .and_then(|i| table.get(i).copied())
                .unwrap_or(fallback),
        );
        // Bold faces run about 5% wider; exact metrics are not worth a table here.
        if bold { base * 1.05 } else { base }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_widths() {
        let helvetica = StandardMetrics::for_base_font("Helvetica").map(|m| m.width("W"));
        assert_eq!(helvetica, Some(944.0));
        assert_eq!(
            StandardMetrics::for_base_font("Courier-Bold").map(|m| m.width("i")),
            Some(600.0)
        );
        assert!(StandardMetrics::for_base_font("Garamond").is_none());
    }
}
