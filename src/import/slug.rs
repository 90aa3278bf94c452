//! Ids made from a bank's titles: `Câu 1` → `cau-1`, Cyrillic spelt in
//! Latin letters, and anything else (CJK, Lao, Thai…) numbered, as no
//! spelling of it in ASCII would mean anything to its author.

use std::collections::HashSet;

/// The longest id the format accepts.
const MAX_ID: usize = 128;

/// Cyrillic letters in Latin (a simple scholarly-style table; ids need
/// to be readable, not reversible).
fn cyrillic(c: char) -> Option<&'static str> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    Some(match lower {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'ґ' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "e",
        'є' => "ye",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'і' => "i",
        'ї' => "yi",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "",
        'ы' => "y",
        'ь' => "",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// The ASCII id a title gives, or `None` when nothing of it can be
/// spelt in ASCII letters and digits.
pub fn from_title(title: &str) -> Option<String> {
    let mut latin = String::with_capacity(title.len());
    for c in title.chars() {
        match cyrillic(c) {
            Some(s) => latin.push_str(s),
            None => latin.push(c),
        }
    }
    let slug = crate::text::slug(&latin);
    let cut = slug.get(..slug.len().min(MAX_ID - 8)).unwrap_or(&slug);
    let cut = cut.trim_end_matches('-');
    (!cut.is_empty()).then(|| cut.to_string())
}

/// Gives ids unique within one set (a quiz's questions, or a course's
/// quizzes): `cau-1`, then `cau-1-2` for the next `Câu 1`.
#[derive(Debug, Default)]
pub struct Unique {
    taken: HashSet<String>,
}

impl Unique {
    /// `base` if free, else `base-2`, `base-3`, …
    pub fn take(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let mut n = 2usize;
        loop {
            let id = format!("{base}-{n}");
            if self.taken.insert(id.clone()) {
                return id;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_ascii_ids() {
        assert_eq!(from_title("Câu 1").as_deref(), Some("cau-1"));
        assert_eq!(
            from_title("Đánh giá quá trình").as_deref(),
            Some("danh-gia-qua-trinh")
        );
        assert_eq!(from_title("Вопрос 3").as_deref(), Some("vopros-3"));
        assert_eq!(from_title("Щука и ёж").as_deref(), Some("shchuka-i-ezh"));
        assert_eq!(from_title("数字能力"), None);
        assert_eq!(from_title("ຄຳຖາມ"), None);
        assert_eq!(from_title("  "), None);
        let long = "a".repeat(500);
        assert!(from_title(&long).is_some_and(|s| s.len() <= 120));
    }

    #[test]
    fn clashes_get_a_number() {
        let mut u = Unique::default();
        assert_eq!(u.take("cau-1"), "cau-1");
        assert_eq!(u.take("cau-1"), "cau-1-2");
        assert_eq!(u.take("cau-1"), "cau-1-3");
        assert_eq!(u.take("cau-1-2-x"), "cau-1-2-x");
    }
}
