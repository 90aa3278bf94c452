//! The whole course as one printable, self-contained HTML page, for
//! teachers who study on paper (`slate print`). Course content is
//! untrusted: every text is escaped, raw HTML is shown as text, the page
//! holds no script and loads nothing (its Content-Security-Policy says so
//! to the browser too), and images come from the package as `data:` URIs.

pub mod markdown;
pub mod quiz;

use std::fmt::Write as _;

use crate::course::{Course, ItemKind, Source, Text, lesson_body};
use crate::i18n::I18n;
use markdown::{Media, Place, render};

/// What to print.
#[derive(Debug, Clone)]
pub struct Options {
    /// A content language of the course (see [`Course::content_language`]).
    pub lang: String,
    /// The trainer's key: right choices marked, accepted answers, feedback
    /// and explanations.
    pub answers: bool,
    /// Each question's hint under it.
    pub hints: bool,
}

/// The page, and what was left out of it, a line each, for stderr.
#[derive(Debug)]
pub struct Printed {
    pub html: String,
    pub notes: Vec<String>,
}

/// The page's policy: nothing but its own inline style and `data:` images.
pub const CSP: &str = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/// `s` neutralised as the player neutralises it, then HTML-escaped (for
/// text and for attribute values in double quotes alike).
pub fn esc(s: &str) -> String {
    let clean = crate::text::sanitize(s);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The course in `opts.lang`, each module and its items in study order.
pub fn print(source: &Source, course: &Course, opts: &Options) -> Printed {
    let lang = opts.lang.as_str();
    let i18n = I18n::new(lang);
    let mut media = Media::new(source, i18n.t("media-image"));
    let mut notes = Vec::new();
    let t = |text: &Text| esc(text.get(lang));
    let mut html = String::new();
    let title = t(&course.title);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header class=\"course\">\n<h1>{title}</h1>\n",
        esc(lang)
    );
    if let Some(summary) = &course.summary {
        let _ = writeln!(html, "<p class=\"summary\">{}</p>", t(summary));
    }
    let mut meta = vec![format!("{} {}", esc(&course.id), esc(&course.version))];
    meta.extend(course.authors.iter().map(|a| esc(a)));
    meta.extend(course.license.iter().map(|l| esc(l)));
    let _ = writeln!(html, "<p class=\"meta\">{}</p>", meta.join(" · "));
    if opts.answers {
        let _ = writeln!(
            html,
            "<p class=\"key-banner\">{} {}</p>",
            quiz::KEY_MARK,
            esc(&i18n.t("print-answer-key"))
        );
    }
    contents(&mut html, course, lang, &i18n);
    html.push_str("</header>\n");
    for (m, module) in course.modules.iter().enumerate() {
        let _ = writeln!(
            html,
            "<section class=\"module\">\n<h2>{}</h2>",
            t(&module.title)
        );
        for (i, item) in course.items_of(module) {
            let scope = format!("m{}-i{}", m + 1, i + 1);
            let title = item.title().get(lang);
            let class = match &item.kind {
                ItemKind::Lesson(_) => "lesson",
                ItemKind::Quiz(_) => "quiz",
                ItemKind::Unavailable(_) => "unavailable",
            };
            let _ = writeln!(html, "<article class=\"{class}\">\n<h3>{}</h3>", esc(title));
            match &item.kind {
                ItemKind::Lesson(lesson) => {
                    let path = lesson.path_for(item, lang);
                    match lesson_body(source, path) {
                        Ok(body) => {
                            let place = Place {
                                file: path,
                                heading_shift: 2,
                                title: Some(title),
                                scope: &scope,
                            };
                            html.push_str(&render(&body, &place, &mut media));
                        }
                        Err(e) => {
                            let reason = format!("{}: {e}", source.file_name(path));
                            unavailable(&mut html, &i18n, &reason);
                            notes.push(format!("left out: {reason}"));
                        }
                    }
                }
                ItemKind::Quiz(q) => {
                    let read;
                    let q = if q.lazy {
                        match crate::course::load::quiz_body(source, &item.path, &course.language) {
                            Ok(full) => {
                                read = full;
                                &read
                            }
                            Err(e) => {
                                let reason = format!("{}: {e}", source.file_name(&item.path));
                                unavailable(&mut html, &i18n, &reason);
                                notes.push(format!("left out: {reason}"));
                                html.push_str("</article>\n");
                                continue;
                            }
                        }
                    } else {
                        q
                    };
                    quiz::QuizPage {
                        opts,
                        i18n: &i18n,
                        media: &mut media,
                        file: &item.path,
                    }
                    .quiz(&mut html, q, &scope);
                }
                ItemKind::Unavailable(u) => {
                    unavailable(&mut html, &i18n, &u.reason);
                    notes.push(format!("left out: {}", u.reason));
                }
            }
            html.push_str("</article>\n");
        }
        html.push_str("</section>\n");
    }
    html.push_str("</body>\n</html>\n");
    notes.append(&mut media.notes);
    Printed { html, notes }
}

fn unavailable(html: &mut String, i18n: &I18n, reason: &str) {
    let _ = writeln!(
        html,
        "<p class=\"note\">{}</p>",
        esc(&i18n.t_args(
            "outline-unavailable-reason",
            &[("reason", fluent_bundle::FluentValue::from(reason))]
        ))
    );
}

/// The modules and their items, as a list to find one's way on paper.
fn contents(html: &mut String, course: &Course, lang: &str, i18n: &I18n) {
    let _ = writeln!(
        html,
        "<nav class=\"contents\">\n<h2>{}</h2>\n<ol>",
        esc(&i18n.t("print-contents"))
    );
    for module in &course.modules {
        let _ = write!(html, "<li>{}<ol>", esc(module.title.get(lang)));
        for (_, item) in course.items_of(module) {
            let _ = write!(html, "<li>{}</li>", esc(item.title().get(lang)));
        }
        html.push_str("</ol></li>\n");
    }
    html.push_str("</ol>\n</nav>\n");
}

/// Readable on A4, each module on a new page, no question split across two;
/// fonts the systems of the course's readers have, Lao and Chinese
/// included, and nothing fetched.
const STYLE: &str = r#"
:root { color: #111; background: #fff; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans Lao", "Phetsarath OT", "Saysettha OT", "Lao UI", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", Roboto, Arial, sans-serif; font-size: 11pt; line-height: 1.5; max-width: 46em; margin: 2em auto; padding: 0 1em; }
:lang(lo) body, body:lang(lo) { font-family: "Noto Sans Lao", "Phetsarath OT", "Saysettha OT", "Lao UI", "Noto Sans", system-ui, sans-serif; line-height: 1.7; }
:lang(zh) body, body:lang(zh) { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", system-ui, sans-serif; }
h1 { font-size: 20pt; margin: 0 0 .3em; }
h2 { font-size: 16pt; border-bottom: 1px solid #999; padding-bottom: .2em; }
h3 { font-size: 13pt; margin-top: 1.6em; }
h4, h5, h6 { font-size: 11pt; }
.summary { font-size: 12pt; }
.meta, .points, .how { color: #444; font-size: 9.5pt; }
.key-banner { border: 2px solid #111; padding: .3em .6em; font-weight: bold; }
nav.contents ol { padding-left: 1.4em; }
img { max-width: 100%; height: auto; }
pre, code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 9.5pt; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 3px solid #bbb; padding: .3em .6em; background: #f4f4f4; }
table { border-collapse: collapse; margin: .6em 0; }
th, td { border: 1px solid #999; padding: .2em .5em; vertical-align: top; }
blockquote { border-left: 3px solid #999; margin-left: 0; padding-left: .8em; color: #333; }
a { color: inherit; }
.question { border: 1px solid #bbb; border-radius: 4px; padding: .2em .8em .6em; margin: 1em 0; }
.question h4 { margin: .5em 0 .2em; }
ul.choices, ul.order { list-style: none; padding-left: .4em; }
ul.choices li, ul.order li { margin: .3em 0; }
.box { display: inline-block; width: 1.4em; font-size: 13pt; }
.blank { display: inline-block; min-width: 2.5em; border-bottom: 1px solid #111; }
table.match td { border: none; }
table.match td.blank { width: 3em; border-bottom: 1px solid #111; }
table.match td.n { font-weight: bold; text-align: right; }
.write { border-bottom: 1px solid #111; height: 2em; margin: .4em 0 .8em; }
.note { border: 1px dashed #999; padding: .3em .6em; font-style: italic; }
.right { font-weight: bold; }
.mark { font-weight: bold; }
.feedback { font-weight: normal; font-style: italic; color: #333; margin-left: 1.8em; }
.key { border-top: 1px dashed #999; margin-top: .5em; padding-top: .3em; }
.hint { color: #333; }
.footnote-definition { font-size: 9.5pt; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  section.module { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  .question, figure, img, table.match, tr { break-inside: avoid; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 9pt; }
}
"#;
