//! Simple-font encodings (PDF 32000 Annex D) and glyph names → Unicode. Used when a font has no
//! ToUnicode map: pdfTeX, Word, LibreOffice and the standard-14 fonts mostly rely on these.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// The base encodings a font dictionary can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
    /// The Symbol font's own encoding (Greek letters, bullets, math).
    Symbol,
    /// ZapfDingbats' own encoding: dingbats, bullets and check marks.
    Dingbats,
}

impl BaseEncoding {
    pub(crate) fn from_name(name: &[u8]) -> Option<BaseEncoding> {
        match name {
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" | b"MacExpertEncoding" => Some(BaseEncoding::MacRoman),
            _ => None,
        }
    }

    /// A 256-entry table: code → text (empty when the code has no glyph).
    pub(crate) fn table(self) -> &'static [String; 256] {
        static STANDARD: OnceLock<[String; 256]> = OnceLock::new();
        static WIN_ANSI: OnceLock<[String; 256]> = OnceLock::new();
        static MAC_ROMAN: OnceLock<[String; 256]> = OnceLock::new();
        static SYMBOL: OnceLock<[String; 256]> = OnceLock::new();
        static DINGBATS: OnceLock<[String; 256]> = OnceLock::new();
        match self {
            BaseEncoding::Standard => STANDARD.get_or_init(standard_table),
            BaseEncoding::WinAnsi => {
                WIN_ANSI.get_or_init(|| legacy_table(encoding_rs::WINDOWS_1252))
            }
            BaseEncoding::MacRoman => {
                MAC_ROMAN.get_or_init(|| legacy_table(encoding_rs::MACINTOSH))
            }
            BaseEncoding::Symbol => SYMBOL.get_or_init(symbol_table),
            BaseEncoding::Dingbats => DINGBATS.get_or_init(dingbats_table),
        }
    }
}

fn ascii_table() -> [String; 256] {
    std::array::from_fn(|code| match u8::try_from(code) {
        Ok(b @ 0x20..=0x7e) => char::from(b).to_string(),
        _ => String::new(),
    })
}

fn legacy_table(encoding: &'static encoding_rs::Encoding) -> [String; 256] {
    let mut table = ascii_table();
    for (code, slot) in table.iter_mut().enumerate().skip(0x80) {
        let byte = [code as u8];
        let (text, _) = encoding.decode_without_bom_handling(&byte);
        if !text.chars().any(char::is_control) {
            *slot = text.into_owned();
        }
    }
    if encoding == encoding_rs::WINDOWS_1252 {
        // PDF's WinAnsi draws a non-breaking space at 0xA0 and a hyphen at 0xAD.
        table[0xa0] = " ".into();
        table[0xad] = "-".into();
    }
    table
}

fn standard_table() -> [String; 256] {
    let mut table = ascii_table();
    table[0x27] = "\u{2019}".into();
    table[0x60] = "\u{2018}".into();
    const HIGH: &[(usize, &str)] = &[
        (0xa1, "¡"),
        (0xa2, "¢"),
        (0xa3, "£"),
        (0xa4, "⁄"),
        (0xa5, "¥"),
        (0xa6, "ƒ"),
        (0xa7, "§"),
        (0xa8, "¤"),
        (0xa9, "'"),
        (0xaa, "“"),
        (0xab, "«"),
        (0xac, "‹"),
        (0xad, "›"),
        (0xae, "fi"),
        (0xaf, "fl"),
        (0xb1, "–"),
        (0xb2, "†"),
        (0xb3, "‡"),
        (0xb4, "·"),
        (0xb6, "¶"),
        (0xb7, "•"),
        (0xb8, "‚"),
        (0xb9, "„"),
        (0xba, "”"),
        (0xbb, "»"),
        (0xbc, "…"),
        (0xbd, "‰"),
        (0xbf, "¿"),
        (0xc1, "`"),
        (0xc2, "´"),
        (0xc3, "ˆ"),
        (0xc4, "˜"),
        (0xc5, "¯"),
        (0xc6, "˘"),
        (0xc7, "˙"),
        (0xc8, "¨"),
        (0xca, "˚"),
        (0xcb, "¸"),
        (0xcd, "˝"),
        (0xce, "˛"),
        (0xcf, "ˇ"),
        (0xd0, "—"),
        (0xe1, "Æ"),
        (0xe3, "ª"),
        (0xe8, "Ł"),
        (0xe9, "Ø"),
        (0xea, "Œ"),
        (0xeb, "º"),
        (0xf1, "æ"),
        (0xf5, "ı"),
        (0xf8, "ł"),
        (0xf9, "ø"),
        (0xfa, "œ"),
        (0xfb, "ß"),
    ];
    for &(code, text) in HIGH {
        table[code] = text.into();
    }
    table
}

/// Only what resumes use from Symbol: punctuation, digits, bullets and a few signs.
fn symbol_table() -> [String; 256] {
    let mut table = ascii_table();
    for letter in (b'A'..=b'Z').chain(b'a'..=b'z') {
        table[usize::from(letter)] = String::new();
    }
    const SIGNS: &[(usize, &str)] = &[
        (0x22, "∀"),
        (0x24, "∃"),
        (0x27, "∋"),
        (0x2a, "∗"),
        (0x2d, "−"),
        (0x40, "≅"),
        (0xa5, "∞"),
        (0xae, "→"),
        (0xac, "←"),
        (0xb0, "°"),
        (0xb1, "±"),
        (0xb4, "×"),
        (0xb7, "•"),
        (0xb8, "÷"),
        (0xbc, "…"),
        (0xd2, "®"),
        (0xd3, "©"),
        (0xd4, "™"),
        (0xe0, "◊"),
        (0xe2, "®"),
        (0xe3, "©"),
        (0xe4, "™"),
    ];
    for &(code, text) in SIGNS {
        table[code] = text.into();
    }
    table
}

fn dingbats_table() -> [String; 256] {
    let mut table: [String; 256] = std::array::from_fn(|_| String::new());
    table[0x20] = " ".into();
    const SIGNS: &[(usize, &str)] = &[
        (0x33, "✓"),
        (0x34, "✔"),
        (0x35, "✕"),
        (0x36, "✖"),
        (0x37, "✗"),
        (0x38, "✘"),
        (0x6c, "●"),
        (0x6d, "❍"),
        (0x6e, "■"),
        (0x6f, "❏"),
        (0x70, "❐"),
        (0x71, "❑"),
        (0x72, "❒"),
        (0x73, "▲"),
        (0x74, "▼"),
        (0x75, "◆"),
        (0x76, "❖"),
        (0xa8, "♣"),
        (0xa9, "♦"),
        (0xaa, "♥"),
        (0xab, "♠"),
        (0xd5, "→"),
        (0xe0, "➠"),
    ];
    for &(code, text) in SIGNS {
        table[code] = text.into();
    }
    table
}

/// Named glyphs beyond single letters and accented letters, from the Adobe Glyph List.
const NAMES: &[(&str, &str)] = &[
    ("AE", "Æ"),
    ("Dcroat", "Đ"),
    ("Eth", "Ð"),
    ("Euro", "€"),
    ("H18533", "●"),
    ("H18543", "▪"),
    ("H18551", "◦"),
    ("H22073", "□"),
    ("Lslash", "Ł"),
    ("OE", "Œ"),
    ("Oslash", "Ø"),
    ("Thorn", "Þ"),
    ("acute", "´"),
    ("ae", "æ"),
    ("ampersand", "&"),
    ("arrowdown", "↓"),
    ("arrowleft", "←"),
    ("arrowright", "→"),
    ("arrowup", "↑"),
    ("asciicircum", "^"),
    ("asciitilde", "~"),
    ("asterisk", "*"),
    ("at", "@"),
    ("backslash", "\\"),
    ("bar", "|"),
    ("braceleft", "{"),
    ("braceright", "}"),
    ("bracketleft", "["),
    ("bracketright", "]"),
    ("breve", "˘"),
    ("brokenbar", "¦"),
    ("bullet", "•"),
    ("caron", "ˇ"),
    ("cedilla", "¸"),
    ("cent", "¢"),
    ("checkmark", "✓"),
    ("circle", "○"),
    ("circumflex", "ˆ"),
    ("colon", ":"),
    ("comma", ","),
    ("copyright", "©"),
    ("currency", "¤"),
    ("dagger", "†"),
    ("daggerdbl", "‡"),
    ("dcroat", "đ"),
    ("degree", "°"),
    ("dieresis", "¨"),
    ("divide", "÷"),
    ("dollar", "$"),
    ("dotaccent", "˙"),
    ("dotlessi", "ı"),
    ("dotlessj", "ȷ"),
    ("eight", "8"),
    ("ellipsis", "…"),
    ("emdash", "—"),
    ("endash", "–"),
    ("equal", "="),
    ("eth", "ð"),
    ("euro", "€"),
    ("exclam", "!"),
    ("exclamdown", "¡"),
    ("ff", "ff"),
    ("ffi", "ffi"),
    ("ffl", "ffl"),
    ("fi", "fi"),
    ("filledbox", "■"),
    ("five", "5"),
    ("fl", "fl"),
    ("florin", "ƒ"),
    ("four", "4"),
    ("fraction", "⁄"),
    ("germandbls", "ß"),
    ("grave", "`"),
    ("greater", ">"),
    ("guillemotleft", "«"),
    ("guillemotright", "»"),
    ("guilsinglleft", "‹"),
    ("guilsinglright", "›"),
    ("hungarumlaut", "˝"),
    ("hyphen", "-"),
    ("less", "<"),
    ("logicalnot", "¬"),
    ("lozenge", "◊"),
    ("lslash", "ł"),
    ("macron", "¯"),
    ("minus", "−"),
    ("mu", "µ"),
    ("multiply", "×"),
    ("nbspace", " "),
    ("nine", "9"),
    ("nonbreakingspace", " "),
    ("numbersign", "#"),
    ("oe", "œ"),
    ("ogonek", "˛"),
    ("one", "1"),
    ("onehalf", "½"),
    ("onequarter", "¼"),
    ("onesuperior", "¹"),
    ("ordfeminine", "ª"),
    ("ordmasculine", "º"),
    ("oslash", "ø"),
    ("paragraph", "¶"),
    ("parenleft", "("),
    ("parenright", ")"),
    ("percent", "%"),
    ("period", "."),
    ("periodcentered", "·"),
    ("perthousand", "‰"),
    ("plus", "+"),
    ("plusminus", "±"),
    ("question", "?"),
    ("questiondown", "¿"),
    ("quotedbl", "\""),
    ("quotedblbase", "„"),
    ("quotedblleft", "“"),
    ("quotedblright", "”"),
    ("quoteleft", "‘"),
    ("quoteright", "’"),
    ("quotesinglbase", "‚"),
    ("quotesingle", "'"),
    ("registered", "®"),
    ("ring", "˚"),
    ("section", "§"),
    ("semicolon", ";"),
    ("seven", "7"),
    ("sfthyphen", "-"),
    ("six", "6"),
    ("slash", "/"),
    ("softhyphen", "-"),
    ("space", " "),
    ("sterling", "£"),
    ("thorn", "þ"),
    ("three", "3"),
    ("threequarters", "¾"),
    ("threesuperior", "³"),
    ("tilde", "˜"),
    ("trademark", "™"),
    ("triagrt", "►"),
    ("two", "2"),
    ("twosuperior", "²"),
    ("underscore", "_"),
    ("yen", "¥"),
    ("zero", "0"),
];

const ACCENTS: &[(&str, char)] = &[
    ("acute", '\u{301}'),
    ("grave", '\u{300}'),
    ("circumflex", '\u{302}'),
    ("dieresis", '\u{308}'),
    ("tilde", '\u{303}'),
    ("ring", '\u{30a}'),
    ("cedilla", '\u{327}'),
    ("caron", '\u{30c}'),
    ("macron", '\u{304}'),
    ("breve", '\u{306}'),
    ("ogonek", '\u{328}'),
    ("dotaccent", '\u{307}'),
    ("hungarumlaut", '\u{30b}'),
    ("commaaccent", '\u{326}'),
];

fn hex_scalar(hex: &str) -> Option<char> {
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
}

/// Subsetters' and Chromium's names (`g12`, `glyph34`, `cid56`, `index7`) carry no meaning.
fn is_numbered_glyph(name: &str) -> bool {
    ["g", "glyph", "cid", "index", "c"].iter().any(|prefix| {
        name.strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_hexdigit()))
    })
}

fn single_glyph(name: &str) -> Option<String> {
    if is_numbered_glyph(name) {
        return None;
    }
    if name.len() == 1 && name.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Some(name.to_string());
    }
    if let Ok(i) = NAMES.binary_search_by(|(n, _)| n.cmp(&name)) {
        return NAMES.get(i).map(|(_, text)| (*text).to_string());
    }
    if let Some(hex) = name.strip_prefix("uni")
        && hex.len() >= 4
        && hex.len() % 4 == 0
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        let units: Vec<u16> = hex
            .as_bytes()
            .chunks(4)
            .filter_map(|c| {
                std::str::from_utf8(c)
                    .ok()
                    .and_then(|s| u16::from_str_radix(s, 16).ok())
            })
            .collect();
        return Some(super::cmap::utf16_to_string(&units));
    }
    if let Some(hex) = name.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return hex_scalar(hex).map(String::from);
    }
    // "eacute", "Ccedilla": a letter and an accent's name.
    let mut chars = name.chars();
    let base = chars.next().filter(char::is_ascii_alphabetic)?;
    let accent_name = chars.as_str();
    let (_, mark) = ACCENTS.iter().find(|(n, _)| *n == accent_name)?;
    Some([base, *mark].into_iter().nfc().collect())
}

/// Text for a glyph name, following the Adobe Glyph List's rules: suffixes after a period are
/// variants (`a.sc`), underscores join ligature parts (`f_f_i`), `uniXXXX`/`uXXXX` give code
/// points. Names like `g12` or `cid34` (Chromium, subsetters) mean nothing and give `None`.
pub(crate) fn glyph_name_to_unicode(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    let name = name.split('.').next().unwrap_or_default();
    if name.is_empty() {
        return None;
    }
    if name.contains('_') {
        let parts: Option<Vec<String>> = name.split('_').map(single_glyph).collect();
        return parts.map(|p| p.concat());
    }
    single_glyph(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_table_is_sorted_for_binary_search() {
        assert!(NAMES.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)));
    }

    #[test]
    fn glyph_names() {
        let cases: &[(&str, Option<&str>)] = &[
            ("A", Some("A")),
            ("eacute", Some("é")),
            ("Ccedilla", Some("Ç")),
            ("fi", Some("fi")),
            ("f_f_i", Some("ffi")),
            ("uni00660069", Some("fi")),
            ("uni2022", Some("•")),
            ("u1F600", Some("😀")),
            ("a.sc", Some("a")),
            ("quoteright", Some("’")),
            ("g23", None),
            ("cid123", None),
            ("", None),
            (".notdef", None),
        ];
        for &(name, want) in cases {
            assert_eq!(
                glyph_name_to_unicode(name.as_bytes()).as_deref(),
                want,
                "{name}"
            );
        }
    }

    #[test]
    fn base_encodings() {
        assert_eq!(BaseEncoding::WinAnsi.table()[0x93], "“");
        assert_eq!(BaseEncoding::WinAnsi.table()[0xe9], "é");
        assert_eq!(BaseEncoding::MacRoman.table()[0x8e], "é");
        assert_eq!(BaseEncoding::Standard.table()[0x27], "’");
        assert_eq!(BaseEncoding::Standard.table()[0xae], "fi");
        assert_eq!(BaseEncoding::Symbol.table()[0xb7], "•");
    }
}
