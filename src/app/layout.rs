//! How many rows each part of a screen gets. The reducer pages and scrolls by these numbers and
//! the UI lays screens out with them, so the selection can never be scrolled out of sight.

use super::state::{ProjectPhase, Screen, State, StatusPhase, TasksMode};
use crate::sync::Outcome;
use crate::sync::plan_text::Tone;

/// Header, breadcrumb and footer.
const FRAME_ROWS: u16 = 3;
/// A box's top and bottom border.
const BORDERS: u16 = 2;
/// Rows of the Group drop-down list.
pub const DROPDOWN_ROWS: u16 = 8;
/// Height of the assignment picker dialog, when the screen allows.
pub const ASSIGN_DIALOG: u16 = 16;

/// Rows of the status line: a message wraps onto a second row rather than being cut.
pub fn status_rows(state: &State) -> u16 {
    match &state.toast {
        Some(t) if t.text.chars().count() + 1 > usize::from(state.width) => 2,
        _ => 1,
    }
}

/// Rows between the breadcrumb and the status line.
pub fn body_rows(state: &State) -> u16 {
    state.height.saturating_sub(FRAME_ROWS + status_rows(state))
}

/// Lines under the dashboard's list for the selected project's full reason.
pub const HOME_DETAIL_ROWS: u16 = 2;

/// Lines the dashboard gives the connected groups above the project list.
pub fn home_group_rows(connected: usize) -> u16 {
    connected.clamp(1, 3) as u16 + u16::from(connected > 3)
}

/// The task screen's document lines (a heading and up to three) and the upload bar.
pub fn tasks_extra_rows(state: &State) -> (u16, u16) {
    let docs = state.tasks.data.data().map_or(0, |d| d.documents.len());
    let docs = if docs == 0 { 0 } else { docs.min(3) as u16 + 1 };
    (docs, u16::from(state.tasks.upload.is_some()))
}

/// Lines of the plan box or the progress box of step 6.
pub fn status_box_rows(state: &State) -> u16 {
    let body = body_rows(state);
    let s = &state.status;
    match s.phase {
        StatusPhase::Choose => {
            let choices = s.preview.data().map_or(0, |p| p.choices.len()) as u16;
            body.saturating_sub(1 + choices + 1 + BORDERS)
        }
        StatusPhase::Running | StatusPhase::Done => {
            let notices = s.notices.len().min(2) as u16;
            body.saturating_sub(2 + notices + outcome_rows(state) + BORDERS)
        }
    }
}

/// The outcome panel of step 6, under its glyph line: the link and who was invited, or the
/// error and what to do. Shared so the panel's height fits its text.
pub fn outcome_text(o: &Outcome) -> Vec<(Tone, String)> {
    if o.ok {
        let mut lines = vec![
            (Tone::Normal, o.frameio_url.clone().unwrap_or_default()),
            (Tone::Dim, format!("{} created, {} already there. Invited:", o.created, o.reused)),
        ];
        lines.extend(o.invited.iter().take(4).map(|who| (Tone::Normal, format!("  {who}"))));
        if o.invited.len() > 4 {
            lines.push((Tone::Dim, format!("  and {} more", o.invited.len() - 4)));
        }
        lines
    } else {
        vec![
            (Tone::Error, o.error.clone().unwrap_or_default()),
            (Tone::Normal, "Nothing is lost: press r to retry; it resumes and creates nothing twice.".into()),
        ]
    }
}

/// Height of the outcome panel: borders, the glyph line, and the wrapped text.
pub fn outcome_rows(state: &State) -> u16 {
    let Some(o) = &state.status.outcome else { return 0 };
    let width = usize::from(state.width.saturating_sub(BORDERS)).max(1);
    let text: usize = outcome_text(o).iter().map(|(_, l)| wrap(l, width).len()).sum();
    (1 + text) as u16 + BORDERS
}

/// Rows of the list the keys move in on the current screen: what a page is.
pub fn list_rows(state: &State) -> usize {
    let body = body_rows(state);
    let rows = match state.screen {
        Screen::Home => {
            let connected = state.home.data.data().map_or(0, |d| d.connected_groups().len());
            body.saturating_sub(1 + home_group_rows(connected) + BORDERS + HOME_DETAIL_ROWS)
        }
        Screen::Groups => body.saturating_sub(2 + BORDERS),
        Screen::Token => body,
        Screen::Account => body.saturating_sub(1 + 2 + 2 + BORDERS),
        Screen::Project => match state.project.phase {
            ProjectPhase::Dropdown => dropdown_rows(state),
            _ => body.saturating_sub(2 + BORDERS),
        },
        Screen::Tasks => match state.tasks.mode {
            TasksMode::Assign { .. } => assign_rows(state),
            _ => {
                let (docs, upload) = tasks_extra_rows(state);
                body.saturating_sub(2 + docs + upload + BORDERS)
            }
        },
        Screen::Status => status_box_rows(state),
    };
    usize::from(rows).max(1)
}

/// Rows of the Group drop-down.
pub fn dropdown_rows(state: &State) -> u16 {
    let len = state.project.groups().len() as u16;
    len.min(DROPDOWN_ROWS).min(body_rows(state).saturating_sub(BORDERS)).max(1)
}

/// Rows of the assignment picker's list: the dialog, less its borders and the search field.
pub fn assign_rows(state: &State) -> u16 {
    ASSIGN_DIALOG.min(body_rows(state)).saturating_sub(BORDERS + 2).max(1)
}

/// Rows of the scrollable text in step 6 (the plan, or the progress list), at the current width.
pub fn status_text_rows(state: &State, unicode: bool) -> usize {
    let s = &state.status;
    match s.phase {
        StatusPhase::Choose => s.preview.data().map_or(0, |p| {
            let width = usize::from(state.width.saturating_sub(BORDERS)).max(1);
            crate::sync::plan_text::lines(&p.plan, p.frameio_user.as_deref(), unicode)
                .iter()
                .map(|(_, line)| wrap(line, width).len())
                .sum()
        }),
        StatusPhase::Running | StatusPhase::Done => s.items.len(),
    }
}

/// Split text into lines of at most `width` characters, at spaces where possible. Used for
/// scrollable text, so that the reducer and the UI agree on how many rows it takes.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    let indent: String = text.chars().take_while(|c| *c == ' ').collect();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let wlen = word.chars().count();
        let llen = line.chars().count();
        if llen > 0 && llen + 1 + wlen > width {
            out.push(std::mem::take(&mut line));
        }
        if line.is_empty() {
            line.push_str(if out.is_empty() { &indent } else { "  " });
            if indent.chars().count() >= width {
                line.clear();
            }
        } else {
            line.push(' ');
        }
        let mut rest: Vec<char> = word.chars().collect();
        while line.chars().count() + rest.len() > width {
            let room = width.saturating_sub(line.chars().count()).max(1);
            let head: String = rest.drain(..room.min(rest.len())).collect();
            line.push_str(&head);
            out.push(std::mem::take(&mut line));
        }
        line.extend(rest);
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_and_breaks_long_words() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "  three"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("   • Invite 3 people", 12), vec!["   • Invite", "  3 people"]);
        for line in wrap("a fairly long sentence with words", 9) {
            assert!(line.chars().count() <= 9, "{line:?}");
        }
    }
}
