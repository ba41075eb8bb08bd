//! The wizard's event loop: one `tokio::select!` over terminal input, worker answers, signals
//! and (only while something animates) a tick. It draws only when the reducer marked the state
//! dirty, so an idle wizard makes no system calls at all.

use std::time::Duration;

use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;
use tokio::time::MissedTickBehavior;

use crate::app::state::SessionInfo;
use crate::app::{self, Action, Command, State};
use crate::integration::Context;
use crate::terminal::TerminalGuard;
use crate::ui::{self, theme::Theme};
use crate::worker;

/// Spinner frame interval.
const TICK: Duration = Duration::from_millis(100);

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    /// SIGTERM, SIGHUP, or the terminal went away.
    Terminated,
}

/// Run the wizard; `warning` (about the config dir's permissions) is shown until the first key.
pub async fn run(
    session: SessionInfo,
    context: Context,
    theme: Theme,
    warning: Option<String>,
) -> color_eyre::Result<Exit> {
    let mut guard = TerminalGuard::enter()?;
    let (width, height) = guard.size()?;
    let mut state = State::new(session, width, height);
    if let Some(text) = warning {
        state.toast = Some(app::state::Toast { text: format!("Warning: {text}"), error: true });
    }
    let (event_tx, mut event_rx) = mpsc::channel::<Action>(256);
    let jobs = worker::spawn(context, event_tx);
    let mut input = EventStream::new();
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);

    let mut commands = app::init(&mut state);
    loop {
        for command in commands.drain(..) {
            match command {
                Command::Request(id, request) => jobs.send((id, request)).await?,
                Command::Quit => return Ok(Exit::Quit),
                Command::Copy(text) => {
                    // Best effort: a terminal without OSC 52 ignores it; the address is on screen.
                    let _ = guard.copy_to_clipboard(&text);
                }
                Command::Suspend => {
                    guard.suspend()?;
                    let (w, h) = guard.size()?;
                    commands_after_resume(&mut state, w, h);
                }
            }
        }
        if state.dirty {
            guard.draw(|frame| ui::draw(frame, &state, &theme))?;
            state.dirty = false;
        }
        let animating = state.animating();
        let action = tokio::select! {
            event = input.next() => match event {
                Some(Ok(event)) => translate(event),
                // The terminal is gone (an SSH link dropped): leave instead of spinning.
                Some(Err(_)) | None => return Ok(Exit::Terminated),
            },
            Some(action) = event_rx.recv() => Some(action),
            _ = ticker.tick(), if animating => Some(Action::Tick),
            _ = sigterm.recv() => return Ok(Exit::Terminated),
            _ = sighup.recv() => return Ok(Exit::Terminated),
        };
        if let Some(action) = action {
            commands = app::update(&mut state, action);
        }
        // Apply every answer already waiting before drawing, so a burst costs one frame.
        while let Ok(action) = event_rx.try_recv() {
            commands.extend(app::update(&mut state, action));
        }
    }
}

fn commands_after_resume(state: &mut State, width: u16, height: u16) {
    // The window may have changed while we were stopped; the screen was cleared on resume.
    let _ = app::update(state, Action::Resize(width, height));
    state.dirty = true;
}

fn translate(event: Event) -> Option<Action> {
    match event {
        // A deliberate crash, for the tests that prove a panic restores the terminal.
        Event::Key(key)
            if key.code == crossterm::event::KeyCode::F(12) && std::env::var_os("WFIO_DEBUG_PANIC").is_some() =>
        {
            panic!("WFIO_DEBUG_PANIC: F12 pressed")
        }
        Event::Key(key) => Some(Action::Key(key)),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}
