//! Every key binding, in one table per context. The reducer dispatches through these tables and
//! the footer hints and the `?` help are generated from them, so help cannot drift from behaviour.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key means, independent of which key it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Quit,
    Suspend,
    Help,
    CloseHelp,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: open, choose, submit.
    Confirm,
    StartFilter,
    AcceptFilter,
    ClearFilter,
    Refresh,
    New,
    Connect,
    Reveal,
    NextField,
    Toggle,
    ToggleAll,
    Edit,
    Assign,
    Upload,
    Save,
    Yes,
    No,
    Left,
    Right,
    Complete,
    GoGroups,
    GoProjects,
    GoTasks,
    GoStatus,
    Retry,
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

#[derive(Debug, Clone, Copy)]
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
    Home,
    GroupList,
    GroupFilter,
    GroupCreate,
    Token,
    Accounts,
    Teams,
    ProjectList,
    ProjectFilter,
    ProjectCreate,
    ProjectDetails,
    GroupDropdown,
    Confirm,
    TaskList,
    TaskName,
    TaskForm,
    AssignPicker,
    UploadPath,
    StatusChoose,
    StatusRunning,
    StatusDone,
    StatusFailed,
    Help,
}

impl Context {
    /// Whether unbound printable keys are typed into a field.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Self::GroupFilter
                | Self::GroupCreate
                | Self::Token
                | Self::ProjectFilter
                | Self::ProjectCreate
                | Self::TaskName
                | Self::AssignPicker
                | Self::UploadPath
        )
    }
}

macro_rules! b {
    ([$($k:expr),+], $intent:ident, $help:expr) => {
        Binding { keys: &[$($k),+], intent: Intent::$intent, help: $help, hint: None }
    };
    ([$($k:expr),+], $intent:ident, $help:expr, $hint:expr) => {
        Binding { keys: &[$($k),+], intent: Intent::$intent, help: $help, hint: Some($hint) }
    };
}

const UP: Key = key(KeyCode::Up);
const DOWN: Key = key(KeyCode::Down);
const ENTER: Key = key(KeyCode::Enter);
const ESC: Key = key(KeyCode::Esc);

const GLOBAL: &[Binding] =
    &[b!([ctrl('c')], Quit, "quit wfio"), b!([ctrl('z')], Suspend, "suspend to the shell (fg resumes)")];

/// Moving in a list; shared by every list context.
macro_rules! list_moves {
    ($what:literal) => {
        [
            b!([UP, ch('k')], Up, concat!("previous ", $what)),
            b!([DOWN, ch('j')], Down, concat!("next ", $what), "move"),
            b!([key(KeyCode::PageUp)], PageUp, "page up"),
            b!([key(KeyCode::PageDown)], PageDown, "page down"),
            b!([key(KeyCode::Home), ch('g')], Top, "first"),
            b!([key(KeyCode::End), ch('G')], Bottom, "last"),
        ]
    };
}

const HOME: &[Binding] = &{
    let m = list_moves!("project");
    [
        m[0],
        m[1],
        m[2],
        m[3],
        b!([ENTER], Confirm, "open the project's tasks (step 5)", "tasks"),
        b!([ch('1')], GoGroups, "groups: connect a group to Frame.io (step 1)", "groups"),
        b!([ch('4')], GoProjects, "projects: create or pick one, set its group (step 4)", "projects"),
        b!([ch('6')], GoStatus, "activate the selected project (step 6)", "activate"),
        b!([ch('r')], Refresh, "refresh from Workfront"),
        b!([ch('?')], Help, "show all keys", "help"),
        b!([ch('q')], Quit, "quit", "quit"),
    ]
};

const GROUP_LIST: &[Binding] = &{
    let m = list_moves!("group");
    [
        m[0],
        m[1],
        m[2],
        m[3],
        m[4],
        m[5],
        b!([ENTER, ch('c')], Connect, "Connect to Frame.io (step 2)", "connect"),
        b!([ch('n')], New, "create a group", "new"),
        b!([ch('/')], StartFilter, "filter groups by typing", "filter"),
        b!([ch('r')], Refresh, "reload groups from Workfront"),
        b!([ch('?')], Help, "show all keys", "help"),
        b!([ESC], Back, "back", "back"),
        b!([ch('q')], Quit, "quit"),
    ]
};

const GROUP_FILTER: &[Binding] = &[
    b!([UP], Up, "previous match"),
    b!([DOWN], Down, "next match", "move"),
    b!([ENTER], AcceptFilter, "keep the filter", "done"),
    b!([ESC], ClearFilter, "clear the filter", "clear"),
];

const TEXT_PROMPT: &[Binding] = &[b!([ENTER], Confirm, "create", "create"), b!([ESC], Back, "cancel", "cancel")];

const TOKEN: &[Binding] = &[
    b!([ENTER], Confirm, "Initiate Connection: sign in and check with Frame.io", "initiate connection"),
    b!([key(KeyCode::Tab)], NextField, "next way to sign in (token, Adobe, server-to-server)", "how"),
    b!([UP], Up, "server-to-server: the client ID field"),
    b!([DOWN], Down, "server-to-server: the client secret field"),
    b!([ctrl('r')], Reveal, "show or hide the last 4 characters", "last 4"),
    b!([ctrl('u')], ClearFilter, "clear the field", "clear"),
    b!([ESC], Back, "back", "back"),
];

const ACCOUNTS: &[Binding] = &{
    let m = list_moves!("account");
    [
        m[0],
        m[1],
        b!([ENTER], Confirm, "use this account", "choose"),
        b!([ch('?')], Help, "show all keys", "help"),
        b!([ESC], Back, "back", "back"),
    ]
};

const TEAMS: &[Binding] = &{
    let m = list_moves!("workspace");
    [
        m[0],
        m[1],
        b!([ENTER], Confirm, "connect the group to this workspace", "connect"),
        b!([ch('?')], Help, "show all keys", "help"),
        b!([ESC], Back, "back", "back"),
    ]
};

const PROJECT_LIST: &[Binding] = &{
    let m = list_moves!("project");
    [
        m[0],
        m[1],
        m[2],
        m[3],
        m[4],
        m[5],
        b!([ENTER], Confirm, "open Project Details", "open"),
        b!([ch('n')], New, "create a project (from scratch or a template)", "new"),
        b!([ch('/')], StartFilter, "search projects by typing", "search"),
        b!([ch('r')], Refresh, "reload from Workfront"),
        b!([ch('?')], Help, "show all keys", "help"),
        b!([ESC], Back, "back", "back"),
        b!([ch('q')], Quit, "quit"),
    ]
};

const PROJECT_FILTER: &[Binding] = &[
    b!([UP], Up, "previous match"),
    b!([DOWN], Down, "next match", "move"),
    b!([ENTER], AcceptFilter, "keep the search", "done"),
    b!([ESC], ClearFilter, "clear the search", "clear"),
];

const PROJECT_CREATE: &[Binding] = &[
    b!([key(KeyCode::Tab)], NextField, "switch between name and template", "next field"),
    b!([UP], Up, "previous template"),
    b!([DOWN], Down, "next template", "template"),
    b!([ENTER], Confirm, "create the project", "create"),
    b!([ESC], Back, "cancel", "cancel"),
];

const PROJECT_DETAILS: &[Binding] = &[
    b!([ENTER], Confirm, "open the Group drop-down", "change group"),
    b!([ch('s')], Save, "Save Changes", "save changes"),
    b!([ch('5')], GoTasks, "go to the project's tasks (step 5)", "tasks"),
    b!([ch('?')], Help, "show all keys", "help"),
    b!([ESC], Back, "back (unsaved changes are dropped)", "back"),
];

const GROUP_DROPDOWN: &[Binding] = &{
    let m = list_moves!("group");
    [
        m[0],
        m[1],
        m[2],
        m[3],
        m[4],
        m[5],
        b!([ENTER], Confirm, "choose this group", "choose"),
        b!([ESC], Back, "close the drop-down", "close"),
    ]
};

const CONFIRM: &[Binding] =
    &[b!([ch('y')], Yes, "yes, go ahead", "yes"), b!([ch('n'), ESC], No, "no, keep things as they are", "no")];

const TASK_LIST: &[Binding] = &{
    let m = list_moves!("task");
    [
        m[0],
        m[1],
        m[2],
        m[3],
        m[4],
        m[5],
        b!([key(KeyCode::Char(' '))], Toggle, "select or unselect the task"),
        b!([ch('a')], ToggleAll, "select all tasks, or none"),
        b!([ch('e'), ENTER], Edit, "Edit: the Frame.io integration form of the selected tasks", "edit"),
        b!([ch('n')], New, "create a task", "new"),
        b!([ch('u')], Assign, "assign a user or a team to the selected tasks", "assign"),
        b!([ch('d')], Upload, "upload a document to the project", "upload"),
        b!([ch('6')], GoStatus, "switch the project's status (step 6)", "status"),
        b!([ch('r')], Refresh, "reload from Workfront"),
        b!([ch('?')], Help, "show all keys", "help"),
        b!([ESC], Back, "back", "back"),
        b!([ch('q')], Quit, "quit"),
    ]
};

const TASK_FORM: &[Binding] = &[
    b!(
        [key(KeyCode::Left), key(KeyCode::Right), key(KeyCode::Char(' ')), key(KeyCode::Tab)],
        Toggle,
        "choose Inactive or Active",
        "choose"
    ),
    b!([ENTER, ch('s')], Save, "Save Changes", "save"),
    b!([ESC], Back, "cancel", "cancel"),
];

const ASSIGN_PICKER: &[Binding] = &[
    b!([UP], Up, "previous"),
    b!([DOWN], Down, "next", "move"),
    b!([ENTER], Confirm, "assign to the selected tasks", "assign"),
    b!([ESC], Back, "cancel", "cancel"),
];

const UPLOAD_PATH: &[Binding] = &[
    b!([key(KeyCode::Tab)], Complete, "complete the path", "complete"),
    b!([ENTER], Confirm, "upload the file", "upload"),
    b!([ESC], Back, "cancel", "cancel"),
];

const STATUS_CHOOSE: &[Binding] = &[
    b!([UP, ch('k')], Up, "previous status"),
    b!([DOWN, ch('j')], Down, "next status", "status"),
    b!([key(KeyCode::PageUp)], PageUp, "scroll the plan up"),
    b!([key(KeyCode::PageDown)], PageDown, "scroll the plan down", "scroll"),
    b!([ENTER], Confirm, "switch the status and generate in Frame.io", "switch"),
    b!([ch('r')], Refresh, "read the plan again", "refresh"),
    b!([ch('?')], Help, "show all keys", "help"),
    b!([ESC], Back, "back", "back"),
];

const STATUS_RUNNING: &[Binding] = &[
    b!([key(KeyCode::PageUp), UP], PageUp, "scroll up"),
    b!([key(KeyCode::PageDown), DOWN], PageDown, "scroll down", "scroll"),
    b!([ESC], Back, "back (the activation keeps running)", "back"),
];

const STATUS_DONE: &[Binding] = &[
    b!([key(KeyCode::PageUp), UP], PageUp, "scroll up"),
    b!([key(KeyCode::PageDown), DOWN], PageDown, "scroll down", "scroll"),
    b!([ENTER], Confirm, "back to the dashboard", "dashboard"),
    b!([ch('?')], Help, "show all keys", "help"),
    b!([ESC], Back, "back", "back"),
    b!([ch('q')], Quit, "quit"),
];

const STATUS_FAILED: &[Binding] = &[
    b!([key(KeyCode::PageUp), UP], PageUp, "scroll up"),
    b!([key(KeyCode::PageDown), DOWN], PageDown, "scroll down", "scroll"),
    b!([ch('r')], Retry, "retry: resume where it stopped", "retry"),
    b!([ENTER], Confirm, "back to the dashboard", "dashboard"),
    b!([ch('?')], Help, "show all keys", "help"),
    b!([ESC], Back, "back", "back"),
    b!([ch('q')], Quit, "quit"),
];

const HELP: &[Binding] = &[b!([ESC, ch('?'), ch('q'), ENTER], CloseHelp, "close help", "close")];

pub fn table(context: Context) -> &'static [Binding] {
    match context {
        Context::Global => GLOBAL,
        Context::Home => HOME,
        Context::GroupList => GROUP_LIST,
        Context::GroupFilter => GROUP_FILTER,
        Context::GroupCreate | Context::TaskName => TEXT_PROMPT,
        Context::Token => TOKEN,
        Context::Accounts => ACCOUNTS,
        Context::Teams => TEAMS,
        Context::ProjectList => PROJECT_LIST,
        Context::ProjectFilter => PROJECT_FILTER,
        Context::ProjectCreate => PROJECT_CREATE,
        Context::ProjectDetails => PROJECT_DETAILS,
        Context::GroupDropdown => GROUP_DROPDOWN,
        Context::Confirm => CONFIRM,
        Context::TaskList => TASK_LIST,
        Context::TaskForm => TASK_FORM,
        Context::AssignPicker => ASSIGN_PICKER,
        Context::UploadPath => UPLOAD_PATH,
        Context::StatusChoose => STATUS_CHOOSE,
        Context::StatusRunning => STATUS_RUNNING,
        Context::StatusDone => STATUS_DONE,
        Context::StatusFailed => STATUS_FAILED,
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
                let moves = matches!(b.intent, Intent::Down) && matches!(b.keys[0].code, KeyCode::Down);
                let keys = if moves {
                    if unicode { "↑↓".to_owned() } else { "Up/Down".to_owned() }
                } else {
                    b.keys[0].label(unicode)
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

    const ALL: [Context; 23] = [
        Context::Home,
        Context::GroupList,
        Context::GroupFilter,
        Context::GroupCreate,
        Context::Token,
        Context::Accounts,
        Context::Teams,
        Context::ProjectList,
        Context::ProjectFilter,
        Context::ProjectCreate,
        Context::ProjectDetails,
        Context::GroupDropdown,
        Context::Confirm,
        Context::TaskList,
        Context::TaskName,
        Context::TaskForm,
        Context::AssignPicker,
        Context::UploadPath,
        Context::StatusChoose,
        Context::StatusRunning,
        Context::StatusDone,
        Context::StatusFailed,
        Context::Help,
    ];

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
        for ctx in ALL {
            let keys: Vec<Key> =
                [ctx, Context::Global].iter().flat_map(|c| table(*c)).flat_map(|b| b.keys.iter().copied()).collect();
            for (i, a) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(a), "{a:?} bound twice in {ctx:?}");
            }
        }
    }

    #[test]
    fn text_contexts_bind_no_plain_letters() {
        // A letter bound in a text field could never be typed (a token has letters).
        for ctx in ALL.into_iter().filter(|c| c.takes_text()) {
            for b in table(ctx) {
                for k in b.keys {
                    let plain_char = matches!(k.code, KeyCode::Char(_)) && k.mods == KeyModifiers::NONE;
                    assert!(!plain_char, "{ctx:?} binds {k:?}");
                }
            }
        }
    }

    #[test]
    fn every_context_can_be_left() {
        for ctx in ALL {
            let intents: Vec<Intent> = table(ctx).iter().map(|b| b.intent).collect();
            assert!(
                intents.iter().any(|i| matches!(
                    i,
                    Intent::Back | Intent::Quit | Intent::No | Intent::CloseHelp | Intent::ClearFilter
                )),
                "{ctx:?} has no way out"
            );
        }
    }

    #[test]
    fn labels() {
        assert_eq!(ctrl('c').label(true), "Ctrl-C");
        assert_eq!(key(KeyCode::Up).label(false), "Up");
        assert_eq!(key(KeyCode::Up).label(true), "↑");
    }
}
