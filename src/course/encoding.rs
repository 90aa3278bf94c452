//! What a file that is not UTF-8 probably is, so that `slate check` can
//! say so in the words of the program that saved it: Notepad's "Unicode"
//! is UTF-16, and Vietnamese text from older tools is in Windows-1258 or
//! TCVN3 (ABC).

/// The likely encoding of bytes that are not UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guess {
    /// UTF-16, little or big endian, with or without its byte order mark.
    Utf16,
    /// A one-byte legacy code page (Windows-1258, Windows-1252, TCVN3).
    LegacyCodePage,
    /// Binary data, or something else.
    Unknown,
}

impl Guess {
    pub fn what(self) -> &'static str {
        match self {
            Guess::Utf16 => {
                "it looks saved as UTF-16 (what Notepad calls “Unicode”, Word “Unicode” or “UTF-16”)"
            }
            Guess::LegacyCodePage => {
                "it looks saved in a legacy code page (for Vietnamese: Windows-1258, VNI or TCVN3/ABC)"
            }
            Guess::Unknown => "it may not be a text file at all",
        }
    }

    pub fn is_utf16(self) -> bool {
        self == Guess::Utf16
    }
}

/// How to save a file as UTF-8 in the programs trainers use.
pub const HOW_TO_SAVE_UTF8: &str = "save it as UTF-8: in Notepad, File › Save as, Encoding: UTF-8; in Word, File › Save as, Plain Text (.txt), then Other encoding: Unicode (UTF-8); in LibreOffice, File › Save as, tick Edit filter settings, Character set: Unicode (UTF-8). Text typed in TCVN3 or VNI fonts needs converting first (Unikey: Công cụ chuyển mã, to Unicode)";

/// Guesses from the first few kilobytes.
pub fn guess(bytes: &[u8]) -> Guess {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Guess::Utf16;
    }
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let pairs = head.len() / 2;
    if pairs > 0 {
        // Latin text in UTF-16 has a zero in every other byte.
        let zeros_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
        let zeros_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        if zeros_even.max(zeros_odd) * 3 > pairs {
            return Guess::Utf16;
        }
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        .count();
    if controls * 20 > head.len().max(1) {
        return Guess::Unknown;
    }
    Guess::LegacyCodePage
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notepad_unicode_with_and_without_a_mark_is_utf16() {
        let le: Vec<u8> = "Bài học"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(guess(&le), Guess::Utf16);
        let mut marked = vec![0xFF, 0xFE];
        marked.extend(&le);
        assert_eq!(guess(&marked), Guess::Utf16);
    }

    #[test]
    fn windows_1258_text_is_a_legacy_code_page() {
        // "Bài h?c" in Windows-1258: à is 0xE0.
        assert_eq!(
            guess(b"# B\xe0i h\xf2c\n\nN\xf4i dung.\n"),
            Guess::LegacyCodePage
        );
    }

    #[test]
    fn binary_is_neither() {
        assert_eq!(
            guess(&[0x89, b'P', b'N', b'G', 1, 2, 3, 4, 5, 6, 7, 8]),
            Guess::Unknown
        );
    }
}
