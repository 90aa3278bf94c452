//! `slate print`'s page, from the library: hostile text in every field
//! stays text, the page names nothing outside itself, images come from the
//! package or not at all, and the key shows only with `--answers`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use slate::course::{Source, load};
use slate::print::{Options, Printed, print};

const ESC: char = '\u{1b}';

/// Every hostile text we know of, in every field a package has: the
/// course's title and summary, a module's title, a lesson's title and
/// body, a prompt, a choice, its feedback, a hint, an explanation, an
/// accepted answer, order items and match pairs.
fn hostile(dir: &Path) {
    let w = |rel: &str, text: &[u8]| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    // TOML escapes, so that the control characters are in the texts read
    // (a raw one is blanked by the loader).
    let evil = r#"<script>alert(1)</script> \"><img src=x onerror=alert(2)> \u001b[31mred \u202eevil \u0007"#;
    w(
        "course.toml",
        format!(
            r#"format = 1
id = "hostile"
version = "1.0.0"
language = "en"
title = {{ en = "Course {evil}", vi = "Khóa học tiếng Việt" }}
summary = "Summary {evil}"

[[module]]
id = "m1"
title = "Module {evil}"
items = ["lessons/one.md", "quizzes/q.toml", "lessons/missing.md"]
"#
        )
        .as_bytes(),
    );
    w(
        "lessons/one.md",
        "+++\nid = \"one\"\ntitle = \"Lesson <script>x</script>\"\n+++\n\
         # Lesson <script>x</script>\n\n\
         Hello <script>alert(4)</script> and <img src=x onerror=\"alert(5)\">.\n\n\
         <div onclick=\"alert(6)\">block html</div>\n\n\
         [js](javascript:alert(7)) [JS](JaVaScRiPt:alert(7)) [ext](https://example.org/a?b=\"c\") \
         [mail](mailto:a@b.c) [other](two.md) [anchor](#x) [data](data:text/html,hi) <https://example.org/auto>\n\n\
         ![pic](../assets/p.png \"t\\\"itle\") ![gone](nope.png) ![far](https://example.org/x.png) \
         ![svg](../assets/s.svg) ![fake](../assets/fake.png)\n\n\
         ESC \u{1b}[2J, as a reference &#27;, &#x9b; bidi &#x202e; rev.\n\n\
         ```js onload=x\n<script>code</script>\n```\n\n\
         - [x] done\n- [ ] to do\n\n\
         Foot[^n].\n\n[^n]: note <b onmouseover=x>\n"
            .as_bytes(),
    );
    w(
        "lessons/one.vi.md",
        "+++\nid = \"one\"\ntitle = \"Bài một\"\n+++\n# Bài một\n\nNội dung tiếng Việt.\n"
            .as_bytes(),
    );
    w("lessons/two.md", b"# Two\n\ntext\n");
    w("assets/p.png", b"\x89PNG\r\n\x1a\n0000");
    w(
        "assets/s.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(8)</script></svg>",
    );
    w("assets/fake.png", b"not an image");
    w(
        "quizzes/q.toml",
        format!(
            r#"id = "q"
title = "Quiz {evil}"

[[question]]
id = "s"
type = "single"
prompt = "Prompt {evil}"
explanation = "Explanation {evil}"
hint = "Hint {evil}"
[[question.choice]]
text = "Choice {evil}"
correct = true
feedback = "Feedback {evil}"
[[question.choice]]
text = "Wrong one"

[[question]]
id = "o"
type = "order"
prompt = "Order"
items = ["first {evil}", "second", "third"]

[[question]]
id = "m"
type = "match"
prompt = "Match"
pairs = [["left {evil}", "right {evil}"], ["b", "B side"], ["c", "C side"]]

[[question]]
id = "t"
type = "text"
prompt = "Text"
accept = ["accepted {evil}", "oui"]
ignore_diacritics = true

[[question]]
id = "n"
type = "number"
prompt = "Number"
answer = 51.7
tolerance = 0.5

[[question]]
id = "tf"
type = "true_false"
prompt = "TF"
answer = false
"#
        )
        .as_bytes(),
    );
}

fn printed(dir: &Path, lang: &str, answers: bool) -> Printed {
    let source = Source::open(dir).unwrap();
    let loaded = load(&source);
    let course = loaded.course.as_ref().expect("the hostile course opens");
    print(
        &source,
        course,
        &Options {
            lang: lang.into(),
            answers,
            hints: true,
        },
    )
}

/// Each tag of the page: its name and its attributes (name, value).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').expect("every tag closes");
        let tag = &rest[..end];
        rest = &rest[end..];
        if tag.starts_with('/') || tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let mut attrs = Vec::new();
        let mut a = tag[name.len()..].trim_start();
        while !a.is_empty() && a != "/" {
            let key: String = a
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '=')
                .collect();
            a = &a[key.len()..];
            let mut value = String::new();
            if let Some(v) = a.strip_prefix("=\"") {
                let close = v.find('"').expect("attribute values are quoted");
                value = v[..close].to_string();
                a = &v[close + 1..];
            } else {
                assert!(
                    !a.starts_with('='),
                    "an unquoted attribute value in <{tag}>"
                );
            }
            attrs.push((key, value));
            a = a.trim_start();
        }
        out.push((name, attrs));
    }
    out
}

/// No script, no event handler, nothing the page would load or run: every
/// reference is a `data:` image, an anchor on the page or a link a reader
/// may follow.
fn assert_self_contained(html: &str) {
    const TAGS: &[&str] = &[
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "nav",
        "section",
        "article",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "ul",
        "ol",
        "li",
        "span",
        "div",
        "b",
        "a",
        "img",
        "pre",
        "code",
        "em",
        "strong",
        "del",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "sup",
        "br",
        "hr",
    ];
    let mut refs = 0;
    for (name, attrs) in tags(html) {
        assert!(TAGS.contains(&name.as_str()), "unexpected tag <{name}>");
        for (key, value) in attrs {
            assert!(
                !key.to_ascii_lowercase().starts_with("on"),
                "an event handler on <{name}>: {key}"
            );
            assert!(
                !value.chars().any(|c| c.is_control()),
                "a control character in an attribute of <{name}>"
            );
            match (name.as_str(), key.as_str()) {
                ("img", "src") => {
                    refs += 1;
                    assert!(
                        value.starts_with("data:image/"),
                        "an image from elsewhere: {value}"
                    );
                }
                ("a", "href") => {
                    refs += 1;
                    let lower = value.to_ascii_lowercase();
                    assert!(
                        ["#", "http://", "https://", "mailto:"]
                            .iter()
                            .any(|p| lower.starts_with(p)),
                        "a link the page should not have: {value}"
                    );
                }
                ("meta", "http-equiv") => assert_eq!(value, "Content-Security-Policy"),
                ("meta", "content") => assert!(
                    value == slate::print::CSP || value.starts_with("width="),
                    "{value}"
                ),
                (_, "src" | "href" | "srcset" | "action" | "formaction" | "data" | "style") => {
                    panic!("<{name} {key}=\"{value}\">")
                }
                _ => {}
            }
        }
    }
    assert!(refs > 0, "the check saw no reference at all");
    assert!(html.contains(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        slate::print::CSP
    )));
}

fn body(html: &str) -> &str {
    &html[html.find("<body>").unwrap()..]
}

#[test]
fn hostile_text_in_every_field_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path());
    for answers in [false, true] {
        let p = printed(dir.path(), "en", answers);
        let html = &p.html;
        assert_self_contained(html);
        assert!(!html.contains(ESC), "an escape reached the page");
        assert!(!html.contains('\u{9b}') && !html.contains('\u{7}'));
        assert!(
            !html.contains('\u{202e}'),
            "a bidi override reached the page"
        );
        assert!(!html.to_ascii_lowercase().contains("<script"));
        assert!(!html.to_ascii_lowercase().contains("javascript:alert(7)\""));
        // Each field is there, as text.
        for field in [
            "Course", "Summary", "Module", "Prompt", "Choice", "Hint", "first", "left", "right",
        ] {
            assert!(
                html.contains(&format!("{field} &lt;script&gt;alert(1)&lt;/script&gt;")),
                "{field} is not shown as text"
            );
        }
        assert!(html.contains("␛[31mred"), "the escape is shown as a symbol");
        assert!(html.contains("Hello &lt;script&gt;alert(4)&lt;/script&gt;"));
        assert!(html.contains("&lt;div onclick=\"alert(6)\"&gt;block html"));
        for keyed in ["Feedback", "Explanation", "accepted"] {
            assert_eq!(
                html.contains(&format!("{keyed} &lt;script&gt;")),
                answers,
                "{keyed} is shown only in the key"
            );
        }
        assert_eq!(html.contains(slate::print::quiz::KEY_MARK), answers);
    }
}

#[test]
fn the_hostile_page_as_a_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path());
    insta::assert_snapshot!("hostile_key", body(&printed(dir.path(), "en", true).html));
    insta::assert_snapshot!(
        "hostile_blank",
        body(&printed(dir.path(), "en", false).html)
    );
}

#[test]
fn images_come_from_the_package_or_their_alt_text_stands_in() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path());
    let p = printed(dir.path(), "en", false);
    assert!(
        p.html
            .contains("src=\"data:image/png;base64,iVBORw0KGgowMDAw\"")
    );
    assert!(p.html.contains("src=\"data:image/svg+xml;base64,"));
    for alt in ["gone", "far", "fake"] {
        assert!(p.html.contains(&format!("[image: {alt}]")), "{alt}");
    }
    let notes = p.notes.join("\n");
    assert!(
        notes
            .contains("image `nope.png` is not embedded: `lessons/nope.png` is not in the package"),
        "{notes}"
    );
    assert!(
        notes.contains("image `https://example.org/x.png` is not embedded"),
        "{notes}"
    );
    assert!(notes.contains("image `../assets/fake.png` is not embedded: it is not a PNG, JPEG, GIF, WebP or SVG image"), "{notes}");
    assert!(
        notes.contains("left out: course.toml:11: `lessons/missing.md` does not exist"),
        "{notes}"
    );
    // Package links are plain text with their path; others keep their text.
    assert!(p.html.contains("other (lessons/two.md)"));
    assert!(p.html.contains("js (javascript:alert(7))"));
    assert!(p.html.contains("<a href=\"https://example.org/auto\">"));
}

#[test]
fn an_image_too_large_or_too_often_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path());
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(slate::print::markdown::MAX_IMAGE_BYTES as usize + 1, 0);
    std::fs::write(dir.path().join("assets/big.png"), big).unwrap();
    let mut four = b"\x89PNG\r\n\x1a\n".to_vec();
    four.resize(4 * 1024 * 1024, 0);
    std::fs::write(dir.path().join("assets/four.png"), four).unwrap();
    let uses = "![four](../assets/four.png)\n".repeat(10);
    std::fs::write(
        dir.path().join("lessons/two.md"),
        format!("# Two\n\n![big](../assets/big.png)\n\n{uses}"),
    )
    .unwrap();
    let course = std::fs::read_to_string(dir.path().join("course.toml")).unwrap();
    std::fs::write(
        dir.path().join("course.toml"),
        course.replace("\"lessons/missing.md\"", "\"lessons/two.md\""),
    )
    .unwrap();
    let p = printed(dir.path(), "en", false);
    let notes = p.notes.join("\n");
    assert!(
        notes.contains(
            "image `../assets/big.png` is not embedded: it is 5121 KiB; at most 5 MiB is embedded"
        ),
        "{notes}"
    );
    let embedded = p.html.matches("alt=\"four\"").count();
    // 32 MiB holds eight, less the few bytes of the first lesson's images.
    assert_eq!(embedded, 7);
    assert_eq!(p.html.matches("[image: four]").count(), 3);
    assert!(p.html.len() < 45 * 1024 * 1024);
}

#[test]
fn a_translation_is_printed_and_falls_back_per_text() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path());
    let p = printed(dir.path(), "vi", false);
    assert!(p.html.contains("<html lang=\"vi\">"));
    assert!(p.html.contains("<h1>Khóa học tiếng Việt</h1>"));
    assert!(p.html.contains("<h3>Bài một</h3>"));
    assert!(p.html.contains("Nội dung tiếng Việt."));
    // The module has no Vietnamese title: the default is printed.
    assert!(p.html.contains("<h2>Module &lt;script&gt;"));
    // The page's own words are Vietnamese.
    assert!(p.html.contains("Mục lục"));
    // The title the page shows is not repeated by the lesson's heading.
    assert_eq!(p.html.matches("Bài một").count(), 2, "contents and heading");
}

#[test]
fn the_sample_course_names_nothing_outside_itself() {
    let source = Source::open(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("courses/digital-competence-foundations"),
    )
    .unwrap();
    let loaded = load(&source);
    let course = loaded.course.as_ref().unwrap();
    for lang in &course.languages {
        for answers in [false, true] {
            let p = print(
                &source,
                course,
                &Options {
                    lang: lang.clone(),
                    answers,
                    hints: true,
                },
            );
            assert_self_contained(&p.html);
            assert!(p.notes.is_empty(), "{lang}: {:?}", p.notes);
            assert!(p.html.contains(&format!("<html lang=\"{lang}\">")));
        }
    }
}

fn slate(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_slate"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_command_prints_what_opens_and_says_what_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("pkg");
    hostile(&pkg);
    let page = dir.path().join("page.html");
    let out = slate(&[
        "print".as_ref(),
        pkg.as_os_str(),
        "-o".as_ref(),
        page.as_os_str(),
    ]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("1 error(s) in the package; what cannot be opened is left out"),
        "{err}"
    );
    assert!(
        err.contains("slate: left out: course.toml:11: `lessons/missing.md` does not exist"),
        "{err}"
    );
    assert!(!err.contains(ESC) && !err.contains('\u{202e}'));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
    // Standard output gets the same page.
    let out = slate(&[
        "print".as_ref(),
        pkg.as_os_str(),
        "-o".as_ref(),
        "-".as_ref(),
    ]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), html);
}

#[test]
fn the_command_refuses_what_it_cannot_open_or_write() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("pkg");
    hostile(&pkg);
    let page = dir.path().join("page.html");
    let said = |args: &[&std::ffi::OsStr]| {
        let out = slate(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let broken = dir.path().join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("course.toml"), "format = 1\nid = \n").unwrap();
    let err = said(&[
        "print".as_ref(),
        broken.as_os_str(),
        "-o".as_ref(),
        page.as_os_str(),
    ]);
    assert!(
        err.starts_with("slate: the course cannot be opened: "),
        "{err}"
    );
    assert!(err.contains("course.toml:2:"), "with its line: {err}");
    let err = said(&[
        "print".as_ref(),
        pkg.as_os_str(),
        "-o".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert!(
        err.contains("is a folder; give the name of the HTML file to write"),
        "{err}"
    );
    let nowhere = dir.path().join("no/such/folder/page.html");
    let err = said(&[
        "print".as_ref(),
        pkg.as_os_str(),
        "-o".as_ref(),
        nowhere.as_os_str(),
    ]);
    assert!(err.contains("nothing was written"), "{err}");
    let err = said(&[
        "print".as_ref(),
        pkg.as_os_str(),
        "--lang".as_ref(),
        "th".as_ref(),
        "-o".as_ref(),
        page.as_os_str(),
    ]);
    assert!(
        err.contains("the course has no content in \"th\"; it has: en, vi"),
        "{err}"
    );
    assert!(!page.exists(), "nothing is written on a refusal");
    #[cfg(unix)]
    {
        let fifo = dir.path().join("course.zip");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let err = said(&[
            "print".as_ref(),
            fifo.as_os_str(),
            "-o".as_ref(),
            page.as_os_str(),
        ]);
        assert!(err.contains("a named pipe (FIFO), not a file"), "{err}");
    }
}
