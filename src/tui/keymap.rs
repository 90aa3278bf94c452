//! The one place where keys and mouse events become actions. Screens never
//! look at key codes. Key releases (sent by Windows) are dropped.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::action::Action;

/// Whether an answer field has the keys: then letters, digits, `q` and `?`
/// are typed, and Esc leaves the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Typing,
}

pub fn action_for(event: &Event, mode: Mode) -> Option<Action> {
    match event {
        Event::Key(key) => key_action(key, mode),
        Event::Paste(text) => Some(Action::Paste(text.clone())),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) => mouse_action(m),
        _ => None,
    }
}

fn key_action(key: &KeyEvent, mode: Mode) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('C')) {
        return Some(Action::Quit);
    }
    // Windows reports AltGr (how `@` and many letters are typed on
    // European keyboards) as Ctrl+Alt: that is typing, not a shortcut.
    let alt_gr = ctrl && key.modifiers.contains(KeyModifiers::ALT);
    if mode == Mode::Typing {
        return match key.code {
            KeyCode::Char(c) if !ctrl || alt_gr => Some(Action::Char(c)),
            KeyCode::Backspace => Some(Action::Backspace),
            KeyCode::Enter => Some(Action::Enter),
            KeyCode::Esc => Some(Action::Back),
            _ => None,
        };
    }
    Some(match key.code {
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Char(' ') => Action::Space,
        KeyCode::Home => Action::Home,
        KeyCode::End => Action::End,
        KeyCode::Enter => Action::Enter,
        KeyCode::Esc => Action::Back,
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Char('n') => Action::Next,
        KeyCode::Char('p') => Action::Prev,
        KeyCode::Char(c @ '1'..='9') => Action::Digit(c as u8 - b'0'),
        KeyCode::Char('h') => Action::Hint,
        KeyCode::Char('?') => Action::Help,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('c') => Action::Continue,
        KeyCode::Char('o') => Action::Media,
        KeyCode::Char('r') => Action::Retry,
        KeyCode::Char('b') => Action::Bookmark,
        KeyCode::Char('m') => Action::Note,
        KeyCode::Char('x') => Action::Export,
        KeyCode::Char('a') => Action::AnswerKey,
        _ => return None,
    })
}

fn mouse_action(m: &MouseEvent) -> Option<Action> {
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
            column: m.column,
            row: m.row,
        }),
        MouseEventKind::ScrollUp => Some(Action::ScrollUp),
        MouseEventKind::ScrollDown => Some(Action::ScrollDown),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn the_fixed_key_set() {
        let n = Mode::Normal;
        assert_eq!(action_for(&key(KeyCode::Char('j')), n), Some(Action::Down));
        assert_eq!(action_for(&key(KeyCode::Char('k')), n), Some(Action::Up));
        assert_eq!(
            action_for(&key(KeyCode::Char('3')), n),
            Some(Action::Digit(3))
        );
        assert_eq!(action_for(&key(KeyCode::Char('q')), n), Some(Action::Quit));
        assert_eq!(action_for(&key(KeyCode::Char('?')), n), Some(Action::Help));
        assert_eq!(action_for(&key(KeyCode::Char('h')), n), Some(Action::Hint));
        assert_eq!(action_for(&key(KeyCode::Esc), n), Some(Action::Back));
        assert_eq!(action_for(&key(KeyCode::Char(' ')), n), Some(Action::Space));
    }

    #[test]
    fn typing_keeps_q_and_digits_for_the_answer() {
        let t = Mode::Typing;
        assert_eq!(
            action_for(&key(KeyCode::Char('q')), t),
            Some(Action::Char('q'))
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('7')), t),
            Some(Action::Char('7'))
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('ậ')), t),
            Some(Action::Char('ậ'))
        );
        assert_eq!(action_for(&key(KeyCode::Esc), t), Some(Action::Back));
        let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert_eq!(action_for(&ctrl_c, t), Some(Action::Quit));
    }

    #[test]
    fn releases_are_dropped_and_pastes_kept() {
        let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(action_for(&Event::Key(release), Mode::Normal), None);
        assert_eq!(
            action_for(&Event::Paste("mật khẩu".into()), Mode::Typing),
            Some(Action::Paste("mật khẩu".into()))
        );
    }
}
