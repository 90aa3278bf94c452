//! What a key press costs in `update` (no drawing): Down in a lesson of
//! about 100 laid-out lines and in one of about 12,000. The router works on
//! the screen in place, so the two must cost the same (within 10 %); a
//! copy of the screen per key press would make the long lesson's cost grow
//! with its length.
//!
//! Run with `cargo bench --bench update`; `benches/suite.py` puts the
//! medians in `docs/performance.md`.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use slate::course::Library;
use slate::i18n::I18n;
use slate::markdown::parse;
use slate::tui::action::Action;
use slate::tui::screens::lesson::LessonView;
use slate::tui::state::{Screen, State};
use slate::tui::theme::Theme;
use slate::tui::update::update;

/// The player on the showcase course's lesson, its text replaced by
/// `paragraphs` short paragraphs (about two laid-out lines each), at 80x24.
fn reading(paragraphs: usize) -> State {
    let showcase = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/showcase");
    let library = Library::load(&[showcase], None, false, None);
    let mut s = State::new(I18n::new("en"), Theme::new(false, false), library.entries);
    update(&mut s, Action::Resize(80, 24));
    let text: String = (0..paragraphs)
        .map(|i| format!("Paragraph {i}: a short line of the lesson.\n\n"))
        .collect();
    s.screen = Screen::Lesson(LessonView::new(0, 0));
    update(
        &mut s,
        Action::LessonLoaded {
            entry: 0,
            item: 0,
            doc: Ok(Arc::new(parse(&text))),
        },
    );
    while s.layout_pending() {
        update(&mut s, Action::FinishLayout);
    }
    s
}

fn lines(s: &State) -> usize {
    match &s.screen {
        Screen::Lesson(v) => v.lines.len(),
        _ => 0,
    }
}

fn down(c: &mut Criterion) {
    let mut g = c.benchmark_group("update");
    g.warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for paragraphs in [50, 6_000] {
        let mut s = reading(paragraphs);
        let n = lines(&s);
        assert!(n > paragraphs, "the lesson was laid out ({n} lines)");
        g.bench_function(format!("Down in a {n}-line lesson"), |b| {
            b.iter(|| {
                // Back to the top before the end, so every press scrolls.
                if let Screen::Lesson(v) = &mut s.screen
                    && v.scroll + 30 > v.lines.len()
                {
                    v.scroll = 0;
                }
                black_box(update(&mut s, black_box(Action::Down)))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, down);
criterion_main!(benches);
