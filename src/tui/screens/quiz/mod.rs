//! A quiz question: prompt, options or answer field, hint, and feedback
//! after answering (immediately, or at the end, as the quiz says). The
//! question's lines are laid out when it opens, when the window changes and
//! when the answer changes, and the scroll is kept to them.

mod draw;
mod lines;
mod start;

pub use draw::draw;
pub use lines::{answer_text, feedback_lines, markdown_lines};
pub use start::{QuizStartView, attempts};
pub use start::{draw as draw_start, update as update_start};

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use ratatui::text::Line as TLine;

use super::results::ResultsView;
use crate::course::{Answer, AnswerForm, Course, FeedbackMode, ItemKind, Question, Quiz};
use crate::markdown::Line;
use crate::quiz::{Attempt, Grade, Response, grade, normalize_answer, parse_number};
use crate::tui::action::{Action, Effect, LearnerEvent};
use crate::tui::nav::{Go, Step};
use crate::tui::state::{Finished, Flash, Screen, Session, clamp_scroll, geometry, scroll_keys};
use crate::tui::text_field::{Edit, TextField, limit};

/// The answer shown after submitting, in immediate-feedback quizzes.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub response: Response,
    pub grade: Grade,
}

#[derive(Debug, Clone)]
pub struct QuizView {
    pub entry: usize,
    pub item: usize,
    /// Position in the attempt's shown order.
    pub pos: usize,
    /// Typed text (text and number questions).
    pub input: TextField,
    /// Shown option indices: chosen (single, multiple), in order (order),
    /// or per left side (match); `true_false`: 0 true, 1 false.
    pub picks: Vec<usize>,
    /// Highlighted option (arrows and mouse).
    pub cursor: usize,
    /// The answer field has the keys.
    pub focus: bool,
    pub hint: bool,
    pub feedback: Option<Feedback>,
    pub scroll: usize,
    /// The attempt this answer finished (already recorded): its last
    /// feedback is on screen, and Enter shows the results.
    pub finished: Option<Finished>,
    laid: Laid,
}

/// The question laid out for the window.
#[derive(Debug, Clone, Default)]
struct Laid {
    /// The window width the lines are for.
    width: u16,
    /// The prompt, parsed and laid out once per question and width.
    prompt: Vec<Line>,
    /// The feedback of the answer given, once given.
    feedback: Option<Vec<TLine<'static>>>,
    /// Every line of the body.
    lines: Vec<TLine<'static>>,
    /// The option each line of the body belongs to (for clicks).
    options: Vec<Option<usize>>,
}

impl QuizView {
    fn new(s: &Session, entry: usize, item: usize, pos: usize) -> QuizView {
        let mut v = QuizView {
            entry,
            item,
            pos,
            input: TextField::new(limit::ANSWER),
            picks: Vec::new(),
            cursor: 0,
            focus: false,
            hint: false,
            feedback: None,
            scroll: 0,
            finished: None,
            laid: Laid::default(),
        };
        // A typed answer has the keys from the start.
        v.focus = current(s, &v).is_some_and(|c| c.question.answer.form() == AnswerForm::Typed);
        v.refresh(s);
        v
    }

    /// Whether the answer field has the keys.
    pub fn typing(&self) -> bool {
        self.focus && self.feedback.is_none() && self.finished.is_none()
    }

    /// The body's lines, as laid out for the window.
    pub fn lines(&self) -> &[TLine<'static>] {
        &self.laid.lines
    }

    /// The option a line of the body shows, if any.
    pub fn option_on(&self, line: usize) -> Option<usize> {
        self.laid.options.get(line).copied().flatten()
    }

    /// Lays the question out again after a change (the answer, the hint,
    /// the feedback, the window), keeping the scroll within it.
    pub fn refresh(&mut self, s: &Session) {
        let Some(c) = current(s, self) else {
            self.laid = Laid::default();
            return;
        };
        let lang = s.content_lang(c.course);
        let w = s.text_width();
        if self.laid.width != s.width || self.laid.prompt.is_empty() {
            self.laid.prompt = lines::prompt(s, c.question, lang, w);
            self.laid.feedback = None;
            self.laid.width = s.width;
        }
        let mut reveal = false;
        match &self.feedback {
            Some(fb) if self.laid.feedback.is_none() => {
                reveal = true;
                self.laid.feedback = Some(feedback_lines(
                    s,
                    c.question,
                    &fb.response,
                    &fb.grade,
                    lang,
                    w,
                ));
            }
            Some(_) => {}
            None => self.laid.feedback = None,
        }
        let (lines, options) = lines::body(
            s,
            self,
            &c,
            &self.laid.prompt,
            self.laid.feedback.as_deref(),
        );
        self.laid.lines = lines;
        self.laid.options = options;
        if reveal {
            // The answer just given: its feedback comes into view, from its
            // first line, however far below the options it is.
            let fb = self.laid.feedback.as_ref().map_or(0, Vec::len);
            let start = self.laid.lines.len().saturating_sub(fb + 1);
            let bottom = self.laid.lines.len().saturating_sub(s.page());
            self.scroll = self.scroll.max(bottom.min(start));
        }
        self.scroll = clamp_scroll(self.scroll, self.laid.lines.len(), s.page());
    }
}

/// The question on view and what it belongs to.
pub struct Current<'a> {
    pub course: &'a Course,
    pub quiz: &'a Quiz,
    pub attempt: &'a Attempt,
    pub question: &'a Question,
    /// The package indices of the options, in the order shown.
    pub options: &'a [usize],
}

/// The question a quiz view shows, in the open attempt (or in the one its
/// last answer just finished).
pub fn current<'a>(s: &'a Session, v: &QuizView) -> Option<Current<'a>> {
    let (course, quiz) = s.quiz_of(v.entry, v.item)?;
    let id = &course.items.get(v.item)?.id;
    let progress = s.progress.get(&course.id)?;
    let attempt = match &v.finished {
        None => progress.open_attempts.get(id)?,
        Some(done) => progress
            .finished
            .get(id)?
            .iter()
            .rfind(|f| f.attempt.number == done.attempt.number)
            .map(|f| &f.attempt)?,
    };
    let shown = attempt.shown.get(v.pos)?;
    Some(Current {
        course,
        quiz,
        attempt,
        question: quiz.questions.get(shown.question)?,
        options: &shown.options,
    })
}

/// The question `id` on view, where the attempt has it (`slate preview`
/// keeps the question a trainer is on when the quiz file is saved).
pub fn show_question(v: &mut QuizView, s: &Session, id: &str) {
    let Some(c) = current(s, v) else {
        return;
    };
    let at = c.attempt.shown.iter().position(|shown| {
        c.quiz
            .questions
            .get(shown.question)
            .is_some_and(|q| q.id == id)
    });
    if let Some(pos) = at
        && pos != v.pos
    {
        *v = QuizView::new(s, v.entry, v.item, pos);
    }
}

fn attempt_seed(s: &Session, course: &str, quiz: &str, number: u32) -> u64 {
    let mut h = DefaultHasher::new();
    (s.seed, course, quiz, number).hash(&mut h);
    h.finish()
}

/// Opens a quiz: its open attempt where it was left; else, when the
/// learner asked to `start` one (the start page, `r` on results), a new
/// attempt; else the results of the last attempt (the best one when none
/// is left), or the start page of a quiz never tried. An attempt is never
/// started that the learner did not ask for.
pub fn open(
    s: &mut Session,
    entry: usize,
    item: usize,
    course: &Course,
    quiz: &Quiz,
    start: bool,
) -> (Option<Screen>, Vec<Effect>) {
    let Some(qid) = course.items.get(item).map(|i| i.id.clone()) else {
        return (None, Vec::new());
    };
    let mut effects = Vec::new();
    // An unfinished attempt from an earlier version of the quiz that no
    // longer fits it is set aside with its answers, and a new one begins.
    let stale = s
        .progress
        .get(&course.id)
        .and_then(|p| p.open_attempts.get(&qid))
        .filter(|a| !a.fits(quiz))
        .map(|a| a.number);
    if let Some(number) = stale {
        effects.push(s.record(LearnerEvent::AttemptSetAside {
            course: course.id.clone(),
            quiz: qid.clone(),
            attempt: number,
        }));
    }
    let progress = s.progress.get(&course.id);
    let open = progress.and_then(|p| p.open_attempts.get(&qid));
    let used = progress.map_or(0, |p| p.attempts_used(&qid));
    let next = progress.map_or(1, |p| p.next_attempt_number(&qid));
    match open {
        // One that has every answer (left on its last screen by an older
        // Slate, or a crash before it was marked finished) is finished now.
        Some(a) if a.is_complete() => {
            let number = a.number;
            let (done, result) = finish(s, course, quiz, &qid, number);
            let screen = result.map(|r| Screen::Results(ResultsView::new(s, entry, item, r)));
            return (screen, done);
        }
        Some(_) => {}
        None if quiz.max_attempts > 0 && used >= quiz.max_attempts => {
            let best = progress.and_then(|p| p.best(&qid)).cloned();
            let screen = match best {
                Some(b) => Screen::Results(ResultsView::new(s, entry, item, b)),
                None => Screen::QuizStart(QuizStartView::new(s, entry, item)),
            };
            return (Some(screen), effects);
        }
        None if !start => {
            let last = progress
                .and_then(|p| p.finished.get(&qid))
                .and_then(|f| f.last())
                .cloned();
            let screen = match last {
                Some(r) => Screen::Results(ResultsView::new(s, entry, item, r)),
                None => Screen::QuizStart(QuizStartView::new(s, entry, item)),
            };
            return (Some(screen), effects);
        }
        None => {
            let seed = attempt_seed(s, &course.id, &qid, next);
            effects.push(s.record(LearnerEvent::AttemptStarted {
                course: course.id.clone(),
                quiz: qid.clone(),
                attempt: Attempt::new(quiz, next, seed),
            }));
        }
    }
    let pos = s
        .progress
        .get(&course.id)
        .and_then(|p| p.open_attempts.get(&qid))
        .and_then(|a| a.answers.iter().position(Option::is_none))
        .unwrap_or(0);
    (
        Some(Screen::Quiz(QuizView::new(s, entry, item, pos))),
        effects,
    )
}

/// Records the end of attempt `number` and returns it as finished.
fn finish(
    s: &mut Session,
    course: &Course,
    quiz: &Quiz,
    qid: &str,
    number: u32,
) -> (Vec<Effect>, Option<Finished>) {
    let Some(attempt) = s
        .progress
        .get(&course.id)
        .and_then(|p| p.open_attempts.get(qid))
    else {
        return (Vec::new(), None);
    };
    let (points, max) = attempt.score(quiz);
    let passed = attempt.passed(quiz);
    let effect = s.record(LearnerEvent::QuizFinished {
        course: course.id.clone(),
        quiz: qid.to_string(),
        attempt: number,
        points,
        max,
        passed,
    });
    let result = s
        .progress
        .get(&course.id)
        .and_then(|p| p.finished.get(qid))
        .and_then(|f| f.last())
        .cloned();
    (vec![effect], result)
}

pub fn update(v: &mut QuizView, s: &mut Session, action: Action) -> Step {
    let step = answer(v, s, action);
    // The view may have moved on (a new question, another screen); what is
    // still on view is laid out for what changed.
    if step.go.is_none() {
        v.refresh(s);
    }
    step
}

/// Leaving an attempt with questions still to answer: said, so that the
/// teacher knows it waits for them.
fn leave_open(v: &QuizView, s: &mut Session, action: &Action) -> Option<Go> {
    let go = leave(v, action)?;
    // Not while answers wait to be saved: that warning is what is true.
    if s.saving.problem.is_none() {
        s.flash = Some(Flash::new("quiz-kept"));
    }
    Some(go)
}

/// Where Esc, `n` and `p` go from a quiz.
fn leave(v: &QuizView, action: &Action) -> Option<Go> {
    let (entry, item) = (v.entry, v.item);
    match action {
        Action::Next | Action::Prev => Some(Go::Neighbour {
            entry,
            item,
            forward: *action == Action::Next,
        }),
        Action::Back => Some(Go::Outline {
            entry,
            item: Some(item),
        }),
        _ => None,
    }
}

fn answer(v: &mut QuizView, s: &mut Session, action: Action) -> Step {
    let (lines, page) = (v.laid.lines.len(), s.page());
    // The attempt is finished and recorded; its last feedback is shown.
    if let Some(result) = &v.finished {
        if matches!(action, Action::Enter | Action::Space) {
            let results = ResultsView::new(s, v.entry, v.item, result.clone());
            return Step::go(Go::To(Box::new(Screen::Results(results))));
        }
        scroll_keys(&mut v.scroll, &action, lines, page);
        return leave(v, &action).map_or_else(Step::none, Step::go);
    }
    // The course is shared (an Arc), not copied: a key press must not clone
    // every quiz of a large course.
    let Some(course) = s.course(v.entry).cloned() else {
        return Step::go(Go::Library);
    };
    let Some(ItemKind::Quiz(quiz)) = course.items.get(v.item).map(|i| &i.kind) else {
        return Step::go(Go::Library);
    };
    let Some(c) = current(s, v) else {
        return Step::go(Go::Library);
    };
    let answer = c.question.answer.clone();
    let form = answer.form();
    let n_options = answer.options();

    // After an answer with immediate feedback: continue, or move around.
    if v.feedback.is_some() {
        match action {
            Action::Enter | Action::Space => return advance(v, s, &course, quiz),
            Action::Hint => v.hint = !v.hint,
            _ if scroll_keys(&mut v.scroll, &action, lines, page) => {}
            _ => return leave_open(v, s, &action).map_or_else(Step::none, Step::go),
        }
        return Step::none();
    }

    let typed = form == AnswerForm::Typed;
    if typed && v.focus {
        match v.input.edit(&action) {
            Edit::Cancel => v.focus = false,
            Edit::Submit => return submit(v, s, &course, quiz),
            Edit::Changed | Edit::Ignored => {}
        }
        return Step::none();
    }

    if let Some(go) = leave_open(v, s, &action) {
        return Step::go(go);
    }
    match action {
        Action::Hint => v.hint = !v.hint,
        Action::Up => v.cursor = v.cursor.saturating_sub(1),
        Action::Down => v.cursor = (v.cursor + 1).min(n_options.saturating_sub(1)),
        Action::ScrollUp | Action::ScrollDown => {
            scroll_keys(&mut v.scroll, &action, lines, page);
        }
        Action::Digit(d) if usize::from(d) <= n_options && !typed => {
            let i = usize::from(d).saturating_sub(1);
            if matches!(form, AnswerForm::PickOne | AnswerForm::PickMany) {
                v.cursor = i;
            }
            pick(v, form, i, n_options);
        }
        Action::Space if matches!(form, AnswerForm::PickOne | AnswerForm::PickMany) => {
            pick(v, form, v.cursor, n_options);
        }
        Action::Click { row, .. } => {
            let line = row
                .checked_sub(geometry::HEADER)
                .map(|r| usize::from(r) + v.scroll);
            if let Some(i) = line.and_then(|l| v.option_on(l)) {
                v.cursor = i;
                pick(v, form, i, n_options);
            }
        }
        Action::Backspace => {
            v.picks.pop();
        }
        Action::Paste(text) if typed => {
            v.focus = true;
            v.input.insert(&text);
        }
        Action::Enter => {
            if typed && v.input.trimmed().is_empty() {
                v.focus = true;
            } else if matches!(form, AnswerForm::PickOne | AnswerForm::PickMany)
                && v.picks.is_empty()
            {
                // The highlighted option is only where the cursor is: Enter
                // submits what is marked, and nothing is marked yet.
                s.flash = Some(Flash::new("quiz-mark-first"));
            } else {
                return submit(v, s, &course, quiz);
            }
        }
        _ => {}
    }
    Step::none()
}

fn pick(v: &mut QuizView, form: AnswerForm, i: usize, n: usize) {
    if i >= n {
        return;
    }
    match form {
        AnswerForm::PickOne => v.picks = vec![i],
        AnswerForm::PickMany => {
            if let Some(at) = v.picks.iter().position(|&p| p == i) {
                v.picks.remove(at);
            } else {
                v.picks.push(i);
            }
        }
        AnswerForm::Sequence => {
            if !v.picks.contains(&i) && v.picks.len() < n {
                v.picks.push(i);
            }
        }
        AnswerForm::Pairs => {
            if v.picks.len() < n {
                v.picks.push(i);
            }
        }
        AnswerForm::Typed => {}
    }
}

/// The learner's answer in package terms, or `None` if not complete.
fn response(v: &QuizView, answer: &Answer, options: &[usize]) -> Option<Response> {
    let pkg = |shown: usize| options.get(shown).copied();
    match answer {
        Answer::Single { .. } => Some(Response::Choice(pkg(*v.picks.first()?)?)),
        Answer::Multiple { .. } => {
            if v.picks.is_empty() {
                return None;
            }
            let mut picked: Vec<usize> = v.picks.iter().filter_map(|&p| pkg(p)).collect();
            picked.sort_unstable();
            Some(Response::Choices(picked))
        }
        Answer::TrueFalse { .. } => Some(Response::Bool(*v.picks.first()? == 0)),
        Answer::Text { .. } => {
            let t = v.input.trimmed();
            (!normalize_answer(t, false).is_empty()).then(|| Response::Text(t.to_string()))
        }
        Answer::Number { .. } => {
            let t = v.input.trimmed();
            (!t.is_empty()).then(|| Response::Number(t.to_string()))
        }
        Answer::Order { items } => (v.picks.len() == items.len())
            .then(|| Response::Order(v.picks.iter().filter_map(|&p| pkg(p)).collect())),
        Answer::Match { pairs } => (v.picks.len() == pairs.len())
            .then(|| Response::Match(v.picks.iter().filter_map(|&p| pkg(p)).collect())),
    }
}

fn submit(v: &mut QuizView, s: &mut Session, course: &Arc<Course>, quiz: &Quiz) -> Step {
    let Some(c) = current(s, v) else {
        return Step::none();
    };
    let Some(resp) = response(v, &c.question.answer, c.options) else {
        s.flash = Some(Flash::new("quiz-give-answer"));
        return Step::none();
    };
    // What cannot be read as a number is refused, not graded: "14 points"
    // is a slip of the keys, not a wrong answer.
    if let Response::Number(typed) = &resp
        && parse_number(typed).is_none()
    {
        s.flash = Some(Flash::new("quiz-not-a-number"));
        v.focus = true;
        return Step::none();
    }
    let Some(qid) = course.items.get(v.item).map(|i| i.id.clone()) else {
        return Step::none();
    };
    let g = grade(c.question, &resp);
    let event = LearnerEvent::AnswerSubmitted {
        course: course.id.clone(),
        quiz: qid.clone(),
        attempt: c.attempt.number,
        position: v.pos,
        question: c.question.id.clone(),
        response: resp.clone(),
        grade: g,
    };
    let number = c.attempt.number;
    let mut effects = vec![s.record(event)];
    v.focus = false;
    let complete = s
        .progress
        .get(&course.id)
        .and_then(|p| p.open_attempts.get(&qid))
        .is_some_and(Attempt::is_complete);
    let feedback = Feedback {
        response: resp,
        grade: g,
    };
    match (quiz.feedback, complete) {
        // The last answer finishes the attempt at once (its feedback is in
        // the results review): an attempt left open with every answer given
        // could otherwise be re-answered after seeing the right answers.
        (FeedbackMode::Immediate, true) => {
            let (done, result) = finish(s, course, quiz, &qid, number);
            effects.extend(done);
            v.finished = result;
            v.feedback = Some(feedback);
            Step::effects(effects)
        }
        (FeedbackMode::Immediate, false) => {
            v.feedback = Some(feedback);
            Step::effects(effects)
        }
        (FeedbackMode::End, _) => {
            let mut step = advance(v, s, course, quiz);
            effects.append(&mut step.effects);
            if step.go.is_none() {
                s.flash = Some(Flash::new("quiz-saved"));
            }
            Step {
                effects,
                go: step.go,
            }
        }
    }
}

/// On to the next question not answered yet, or, with every question
/// answered, the attempt is finished and its results shown.
fn advance(v: &mut QuizView, s: &mut Session, course: &Course, quiz: &Quiz) -> Step {
    let Some(qid) = course.items.get(v.item).map(|i| i.id.clone()) else {
        return Step::none();
    };
    let Some(attempt) = s
        .progress
        .get(&course.id)
        .and_then(|p| p.open_attempts.get(&qid))
    else {
        return Step::none();
    };
    let unanswered = |p: &usize| attempt.answers.get(*p).is_some_and(Option::is_none);
    if let Some(next) = (v.pos + 1..attempt.shown.len())
        .chain(0..v.pos)
        .find(unanswered)
    {
        *v = QuizView::new(s, v.entry, v.item, next);
        return Step::none();
    }
    let number = attempt.number;
    let (effects, result) = finish(s, course, quiz, &qid, number);
    let go = result.map(|r| {
        Go::To(Box::new(Screen::Results(ResultsView::new(
            s, v.entry, v.item, r,
        ))))
    });
    Step { effects, go }
}
