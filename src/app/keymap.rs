//! Every key binding, in one table per context. The reducer dispatches through these tables and
//! the footer hints and the `?` help are generated from them, so help cannot drift from behaviour.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key means, independent of which key it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Quit,
    Suspend,
    Help,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    StartFilter,
    AcceptFilter,
    ClearFilter,
    Refresh,
    CloseHelp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn ch(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::NONE }
}

const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
}

const fn key(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::NONE }
}

impl Key {
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        // Shift is part of the character itself ('G'), so it is ignored for characters.
        let mods = match ev.code {
            KeyCode::Char(_) => ev.modifiers - KeyModifiers::SHIFT,
            _ => ev.modifiers,
        };
        self.code == ev.code && self.mods == mods
    }

    /// How the key is written in hints and help.
    pub fn label(&self, unicode: bool) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => if unicode { "↑" } else { "Up" }.to_owned(),
            KeyCode::Down => if unicode { "↓" } else { "Down" }.to_owned(),
            KeyCode::Left => if unicode { "←" } else { "Left" }.to_owned(),
            KeyCode::Right => if unicode { "→" } else { "Right" }.to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::Backspace => "Bksp".to_owned(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) { format!("Ctrl-{}", base.to_uppercase()) } else { base }
    }
}

#[derive(Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    pub intent: Intent,
    /// Line in the help overlay.
    pub help: &'static str,
    /// Short label in the footer; `None` keeps the binding out of the footer.
    pub hint: Option<&'static str>,
}

/// Where keys are being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Always active, whatever the screen.
    Global,
    GroupList,
    /// Typing into the group filter: unbound printable keys become text.
    GroupFilter,
    Help,
}

impl Context {
    /// Whether unbound printable keys are typed into a field.
    pub fn takes_text(self) -> bool {
        matches!(self, Self::GroupFilter)
    }
}

const GLOBAL: &[Binding] = &[
    Binding { keys: &[ctrl('c')], intent: Intent::Quit, help: "quit wfio", hint: None },
    Binding { keys: &[ctrl('z')], intent: Intent::Suspend, help: "suspend to the shell (fg resumes)", hint: None },
];

const GROUP_LIST: &[Binding] = &[
    Binding { keys: &[key(KeyCode::Up), ch('k')], intent: Intent::Up, help: "previous group", hint: None },
    Binding { keys: &[key(KeyCode::Down), ch('j')], intent: Intent::Down, help: "next group", hint: Some("move") },
    Binding { keys: &[key(KeyCode::PageUp)], intent: Intent::PageUp, help: "page up", hint: None },
    Binding { keys: &[key(KeyCode::PageDown)], intent: Intent::PageDown, help: "page down", hint: None },
    Binding { keys: &[key(KeyCode::Home), ch('g')], intent: Intent::Top, help: "first group", hint: None },
    Binding { keys: &[key(KeyCode::End), ch('G')], intent: Intent::Bottom, help: "last group", hint: None },
    Binding { keys: &[ch('/')], intent: Intent::StartFilter, help: "filter groups by typing", hint: Some("filter") },
    Binding { keys: &[ch('r')], intent: Intent::Refresh, help: "reload groups from Workfront", hint: Some("refresh") },
    Binding { keys: &[ch('?')], intent: Intent::Help, help: "show all keys", hint: Some("help") },
    Binding { keys: &[ch('q'), key(KeyCode::Esc)], intent: Intent::Quit, help: "quit", hint: Some("quit") },
];

const GROUP_FILTER: &[Binding] = &[
    Binding { keys: &[key(KeyCode::Up)], intent: Intent::Up, help: "previous match", hint: None },
    Binding { keys: &[key(KeyCode::Down)], intent: Intent::Down, help: "next match", hint: Some("move") },
    Binding { keys: &[key(KeyCode::Enter)], intent: Intent::AcceptFilter, help: "keep the filter", hint: Some("done") },
    Binding { keys: &[key(KeyCode::Esc)], intent: Intent::ClearFilter, help: "clear the filter", hint: Some("clear") },
];

const HELP: &[Binding] = &[Binding {
    keys: &[key(KeyCode::Esc), ch('?'), ch('q'), key(KeyCode::Enter)],
    intent: Intent::CloseHelp,
    help: "close help",
    hint: Some("close"),
}];

pub fn table(context: Context) -> &'static [Binding] {
    match context {
        Context::Global => GLOBAL,
        Context::GroupList => GROUP_LIST,
        Context::GroupFilter => GROUP_FILTER,
        Context::Help => HELP,
    }
}

/// The intent of a key in `context` (screen bindings first, then the global ones).
pub fn resolve(context: Context, ev: &KeyEvent) -> Option<Intent> {
    [context, Context::Global]
        .into_iter()
        .flat_map(|c| table(c).iter())
        .find(|b| b.keys.iter().any(|k| k.matches(ev)))
        .map(|b| b.intent)
}

/// Footer hints for a context: `(keys, label)`.
pub fn hints(context: Context, unicode: bool) -> Vec<(String, &'static str)> {
    table(context)
        .iter()
        .filter_map(|b| {
            b.hint.map(|h| {
                let keys = match b.intent {
                    // Up and down read better as one pair.
                    Intent::Down if b.keys.len() > 1 || context == Context::GroupFilter => {
                        if unicode {
                            "↑↓".to_owned()
                        } else {
                            "Up/Down".to_owned()
                        }
                    }
                    _ => b.keys[0].label(unicode),
                };
                (keys, h)
            })
        })
        .collect()
}

/// Help lines for a context, then the global bindings: `(keys, description)`.
pub fn help_lines(context: Context, unicode: bool) -> Vec<(String, &'static str)> {
    [context, Context::Global]
        .into_iter()
        .flat_map(|c| table(c).iter())
        .map(|b| (b.keys.iter().map(|k| k.label(unicode)).collect::<Vec<_>>().join(" "), b.help))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn screen_bindings_then_global() {
        assert_eq!(resolve(Context::GroupList, &press(KeyCode::Char('j'), KeyModifiers::NONE)), Some(Intent::Down));
        assert_eq!(resolve(Context::GroupList, &press(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Intent::Quit));
        assert_eq!(resolve(Context::GroupFilter, &press(KeyCode::Char('j'), KeyModifiers::NONE)), None);
        assert_eq!(resolve(Context::GroupList, &press(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Intent::Bottom));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for ctx in [Context::GroupList, Context::GroupFilter, Context::Help] {
            let keys: Vec<Key> =
                [ctx, Context::Global].iter().flat_map(|c| table(*c)).flat_map(|b| b.keys.iter().copied()).collect();
            for (i, a) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(a), "{a:?} bound twice in {ctx:?}");
            }
        }
    }

    #[test]
    fn labels() {
        assert_eq!(ctrl('c').label(true), "Ctrl-C");
        assert_eq!(key(KeyCode::Up).label(false), "Up");
        assert_eq!(key(KeyCode::Up).label(true), "↑");
    }
}
