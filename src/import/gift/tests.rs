use super::*;
use crate::import::Kind;

fn one(src: &str) -> Read {
    let mut bank = parse(src);
    assert_eq!(bank.questions.len(), 1, "{bank:?}");
    bank.questions.remove(0)
}

fn draft(src: &str) -> Draft {
    let r = one(src);
    r.outcome.unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn single_choice_with_weights_and_feedback() {
    let d = draft(
        "::Q2:: What's between orange and green?\n{\n =yellow # right; good!\n ~%50%amber#close\n ~%-100%red # wrong\n}\n",
    );
    assert_eq!(d.title.as_deref(), Some("Q2"));
    assert_eq!(d.prompt, "What's between orange and green?");
    let Kind::Single(c) = d.kind else { panic!() };
    assert_eq!(
        c.iter().map(|c| c.credit).collect::<Vec<_>>(),
        vec![1.0, 0.5, -1.0]
    );
    assert_eq!(c[0].feedback.as_deref(), Some("right; good!"));
    assert_eq!(c[0].text, "yellow");
}

#[test]
fn multiple_answers_add_up_to_one() {
    let d = draft("Which two? {~%50%Grant ~%50%Grant's wife ~%-100%No one}");
    assert!(matches!(d.kind, Kind::Multiple(ref c) if c.len() == 3));
    let d = draft("Three? {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}");
    assert!(matches!(d.kind, Kind::Multiple(_)));
    let e = one("Bad? {~%50%a ~%20%b ~c}").outcome.unwrap_err();
    assert!(e.contains("add up to 70%"), "{e}");
    let e = one("Two right? {=a =b ~c}").outcome.unwrap_err();
    assert!(e.contains("2 of its choices"), "{e}");
}

#[test]
fn true_false_feedback_goes_to_the_answer_given() {
    let d = draft("::Q1:: 42 is the answer.{\nFALSE#wrong one#right one\n####A reference.}");
    assert_eq!(d.explanation.as_deref(), Some("A reference."));
    assert_eq!(
        d.kind,
        Kind::TrueFalse {
            answer: false,
            feedback_true: Some("wrong one".into()),
            feedback_false: Some("right one".into()),
        }
    );
    assert!(matches!(
        draft("Sky is blue.{T}").kind,
        Kind::TrueFalse { answer: true, .. }
    ));
    assert!(matches!(
        draft("x {TRUE}").kind,
        Kind::TrueFalse { answer: true, .. }
    ));
}

#[test]
fn short_answers_with_credit_and_a_lost_wildcard() {
    let r = one(
        "::Shortanswer::Which is the best animal?{\n =Frog#Good!\n =%50%Cat#Cats\n =%0%*#Completely wrong\n}",
    );
    let d = r.outcome.unwrap();
    let Kind::Text(a) = d.kind else { panic!() };
    assert_eq!(a.len(), 2);
    assert_eq!((a[1].value.as_str(), a[1].credit), ("Cat", 0.5));
    assert_eq!(a[0].feedback.as_deref(), Some("Good!"));
    assert_eq!(r.lost.len(), 1, "{:?}", r.lost);
}

#[test]
fn numbers_tolerances_ranges_and_credits() {
    let n = |s: &str| match draft(s).kind {
        Kind::Number(v) => v,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        n("When? {#1822:5}")[0].value,
        Num {
            answer: 1822.0,
            tolerance: 5.0
        }
    );
    let mid = n("Mid? {#2.5..3.5}")[0].value;
    assert_eq!(
        mid,
        Num {
            answer: 3.0,
            tolerance: 0.5
        }
    );
    let v = n("When? {#\n =1822:0 #Correct\n =%50%1822:2 #close\n}");
    assert_eq!(v.len(), 2);
    assert_eq!((v[1].credit, v[1].value.tolerance), (0.5, 2.0));
    assert_eq!(v[1].feedback.as_deref(), Some("close"));
    let r = one("::Q5:: A number from 1 to 5? {#3:2~#Completely wrong}");
    assert_eq!(r.lost.len(), 1);
    assert!(
        one("x {#abc}")
            .outcome
            .unwrap_err()
            .contains("not a number")
    );
}

#[test]
fn matching_drops_distractors_and_says_so() {
    let r =
        one("Match. {\n =[html]<b>A</b> forum -> Forum\n =Choice text -> Choice\n = -> Chat\n}");
    let d = r.outcome.unwrap();
    assert_eq!(
        d.kind,
        Kind::Match(vec![
            ("**A** forum".into(), "Forum".into()),
            ("Choice text".into(), "Choice".into())
        ])
    );
    assert!(r.lost.iter().any(|l| l.contains("Chat")), "{:?}", r.lost);
}

#[test]
fn missing_word_has_a_visible_blank() {
    let d = draft("Grant is {~buried =entombed ~living} in Grant's tomb.");
    assert_eq!(d.prompt, "Grant is \\_\\_\\_\\_\\_ in Grant's tomb.");
    let d = draft("Jesus was from {=Nazareth}.");
    assert_eq!(d.prompt, "Jesus was from \\_\\_\\_\\_\\_.");
}

#[test]
fn escapes_comments_and_categories() {
    let bank = parse(
        "// a comment\n$CATEGORY: $course$/top/Default for X/Chương 1\n\n::A\\:B:: 1 \\= 1 \\{ok\\}? {\n // inside\n =\\~yes\\# ~no}\n\n$CATEGORY: $course$/top\n\nSecond {T}\n",
    );
    assert_eq!(bank.questions.len(), 2);
    let q = &bank.questions[0];
    assert_eq!(q.line, 4);
    assert_eq!(q.category.as_deref(), Some("Chương 1"));
    assert_eq!(q.title.as_deref(), Some("A:B"));
    let d = q.outcome.as_ref().unwrap();
    assert_eq!(d.prompt, "1 = 1 {ok}?");
    let Kind::Single(c) = &d.kind else { panic!() };
    assert_eq!(c[0].text, "\\~yes\\#");
    assert_eq!(bank.questions[1].category.as_deref(), Some("top"));
}

#[test]
fn essays_descriptions_and_broken_braces_are_reported_by_line() {
    let bank =
        parse("::Q8:: How are you? {}\n\nJust text.\n\nOpen {\n=a\n\nNext {T}\n\nNested {={x}}\n");
    let why: Vec<String> = bank
        .questions
        .iter()
        .map(|q| {
            q.outcome
                .as_ref()
                .map(|_| "ok".to_string())
                .unwrap_or_else(|e| e.clone())
        })
        .collect();
    assert!(why[0].contains("essay"), "{why:?}");
    assert!(why[1].contains("description"), "{why:?}");
    assert!(why[2].contains("line 5"), "{why:?}");
    assert_eq!(why[3], "ok");
    assert_eq!(bank.questions[3].line, 8);
    assert!(why[4].contains("inside the answers, at line 10"), "{why:?}");
}

#[test]
fn formats_html_and_plain() {
    let r = one(
        "::G::[html]<p>Listen to <span style\\=\"font-style\\: italic;\">this</span>:<img src\\=\"@@PLUGINFILE@@/a.png\"></p>{=French ~English}",
    );
    let d = r.outcome.unwrap();
    assert_eq!(d.prompt, "Listen to this:");
    assert_eq!(r.lost.len(), 2, "{:?}", r.lost);
    let d = draft("[markdown]Who's in **Grant's tomb**?{=no one =nobody}");
    assert_eq!(d.prompt, "Who's in **Grant's tomb**?");
    let d = draft("[plain]Is 2*3 <b>6</b>?{T}");
    assert_eq!(d.prompt, "Is 2\\*3 &lt;b>6&lt;/b>?");
}

#[test]
fn hostile_input_never_panics() {
    let deep = "{".repeat(100_000);
    let bank = parse(&deep);
    assert!(bank.questions[0].outcome.is_err());
    for s in [
        "::",
        "::a",
        "{",
        "}",
        "{#",
        "{#..}",
        "{#1..}",
        "{%%}",
        "{~%",
        "{=->}",
        "::t::[html",
        "{=a->b =c->d =c->d}",
        "x{~a#}",
        "x {####}",
    ] {
        let _ = parse(s);
    }
}
