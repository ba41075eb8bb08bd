//! One guard for the terminal: raw mode, the alternate screen, bracketed paste and a hidden
//! cursor go on together and come off together, on every way out: normal exit, error, panic,
//! SIGTERM/SIGHUP (handled by the event loop, which then drops the guard) and Ctrl-Z.

use std::io::{self, Stdout, Write, stdout};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::{Hide, Show};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
    enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// Whether the terminal is currently in wizard mode; makes `restore` idempotent.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

pub type Term = Terminal<CrosstermBackend<Stdout>>;

pub struct TerminalGuard {
    terminal: Term,
}

fn enter_modes() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste, Hide)
}

/// Put the terminal back the way the shell expects it. Safe to call from anywhere, any number
/// of times; only the first call after `enter` does anything.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        // Leave raw mode first: it has the most side effects if left on.
        let _ = disable_raw_mode();
        let _ = execute!(stdout(), DisableBracketedPaste, LeaveAlternateScreen, Show);
        let _ = stdout().flush();
    }
}

/// Restore the terminal before any panic report is printed, then run the previous hook
/// (color-eyre's, installed first, so its report lands on a sane screen).
fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

impl TerminalGuard {
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        enter_modes()?;
        match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(terminal) => Ok(Self { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    /// Draw one frame inside a synchronized update, so slow links never show half a frame.
    pub fn draw(&mut self, render: impl FnOnce(&mut ratatui::Frame<'_>)) -> io::Result<()> {
        execute!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        let result = self.terminal.draw(render).map(|_| ());
        execute!(self.terminal.backend_mut(), EndSynchronizedUpdate)?;
        result
    }

    /// Put `text` on the clipboard of the terminal the admin sits at (OSC 52), which works over
    /// SSH where the terminal allows it; terminals that do not simply ignore the sequence.
    /// Only text wfio made is sent this way (a sign-in address), never a secret.
    pub fn copy_to_clipboard(&mut self, text: &str) -> io::Result<()> {
        use base64::Engine as _;
        let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
        let out = self.terminal.backend_mut();
        write!(out, "\x1b]52;c;{encoded}\x07")?;
        out.flush()
    }

    pub fn size(&self) -> io::Result<(u16, u16)> {
        let s = self.terminal.size()?;
        Ok((s.width, s.height))
    }

    /// Ctrl-Z: give the terminal back, stop the process, and take it again on `fg`.
    /// SIGTSTP stops the whole process, worker included; requests in flight carry on (or time
    /// out and report so) after the resume.
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        // In an orphaned process group (no job-control shell) the kernel discards SIGTSTP and
        // this returns at once: the wizard simply carries on.
        #[cfg(unix)]
        signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
        enter_modes()?;
        // Entering the alternate screen cleared it; a new `Terminal` has empty buffers, so the
        // next draw repaints everything. (`Terminal::clear` would ask the terminal for the cursor
        // position, a query a slow or odd terminal may never answer.)
        self.terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
        Ok(())
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}
