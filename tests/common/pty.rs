//! Run the real `wfio` binary in a pseudo-terminal and read its screen through a VT100 parser,
//! the way a user on an SSH session would see it.

use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

#[allow(unused_imports)]
use std::os::fd::AsRawFd;

pub struct Pty {
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for checking escape sequences.
    raw: Arc<Mutex<Vec<u8>>>,
    /// Tells the reader thread to let go of its copy of the master.
    closing: Arc<AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Pty {
    /// Start `wfio` with `args` in an isolated config/data dir, at `cols`x`rows`.
    pub fn spawn(args: &[&str], home: &Path, env: &[(&str, &str)], cols: u16, rows: u16) -> Self {
        Self::spawn_program(env!("CARGO_BIN_EXE_wfio"), args, home, env, cols, rows)
    }

    /// Start any program (a shell, say) with the same isolated environment.
    pub fn spawn_program(
        program: &str,
        args: &[&str],
        home: &Path,
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Self {
        let system = native_pty_system();
        let pair = system.openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("openpty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env("HOME", home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("WFIO_CONFIG_DIR", home.join("config"));
        cmd.env("WFIO_DATA_DIR", home.join("data"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn wfio");
        drop(pair.slave);
        let writer = pair.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let closing = Arc::new(AtomicBool::new(false));
        let reader =
            Self::reader(pair.master.as_raw_fd().expect("pty master fd"), parser.clone(), raw.clone(), closing.clone());
        Self { master: Some(pair.master), writer: Some(writer), child, parser, raw, closing, reader: Some(reader) }
    }

    /// Read the program's output on a copy of the master fd, polling so the thread can drop its
    /// copy on request: a pseudo-terminal closes only when every copy of the master is closed,
    /// and a thread blocked in `read` would keep it open.
    #[allow(unsafe_code)]
    fn reader(
        master: i32,
        parser: Arc<Mutex<vt100::Parser>>,
        raw: Arc<Mutex<Vec<u8>>>,
        closing: Arc<AtomicBool>,
    ) -> std::thread::JoinHandle<()> {
        // SAFETY: `dup` returns a new descriptor this thread owns (or -1, checked).
        let fd = unsafe { libc::dup(master) };
        assert!(fd >= 0, "dup of the pty master");
        // SAFETY: `fd` is a fresh, valid descriptor owned by nobody else.
        let owned = unsafe { OwnedFd::from_raw_fd(fd) };
        std::thread::spawn(move || {
            let mut file = std::fs::File::from(owned);
            let mut buf = [0u8; 8192];
            while !closing.load(Ordering::SeqCst) {
                let mut poll = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
                // SAFETY: one valid pollfd, for the descriptor `file` keeps open.
                let ready = unsafe { libc::poll(&mut poll, 1, 50) };
                if ready <= 0 {
                    continue;
                }
                match file.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        parser.lock().unwrap().process(&buf[..n]);
                        raw.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                }
            }
        })
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn raw_len(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    pub fn send(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("pty open");
        writer.write_all(bytes).expect("write to pty");
        writer.flush().unwrap();
    }

    /// Close our side of the terminal, as a dropped SSH link does.
    pub fn close_master(&mut self) {
        self.closing.store(true, Ordering::SeqCst);
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.writer = None;
        self.master = None;
    }

    /// Type text one key at a time, with a small gap so no two keys merge into an escape sequence.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(c.encode_utf8(&mut [0; 4]).as_bytes());
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    pub fn key(&mut self, bytes: &[u8]) {
        self.send(bytes);
        std::thread::sleep(Duration::from_millis(40));
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .as_ref()
            .expect("pty open")
            .resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .unwrap();
        self.parser.lock().unwrap().screen_mut().set_size(nz(rows), nz(cols));
    }

    /// Wait until the screen satisfies `pred`; panic with the screen if it never does.
    pub fn wait_for(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            if start.elapsed() > timeout {
                panic!("timed out after {timeout:?} waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_text(&self, text: &str, timeout: Duration) -> String {
        self.wait_for(&format!("{text:?}"), timeout, |s| s.contains(text))
    }

    /// Wait for the process to exit; its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader thread drain the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            if start.elapsed() > timeout {
                let _ = self.child.kill();
                panic!("wfio did not exit within {timeout:?}; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Whether the bytes end with the terminal restored: alternate screen left, cursor shown and
/// bracketed paste off, after the last time they were turned on.
pub fn restored(raw: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(raw);
    let last = |needle: &str| text.rfind(needle);
    let checks = [
        ("alternate screen left", "\x1b[?1049h", "\x1b[?1049l"),
        ("bracketed paste off", "\x1b[?2004h", "\x1b[?2004l"),
        ("cursor shown", "\x1b[?25l", "\x1b[?25h"),
    ];
    for (what, on, off) in checks {
        match (last(on), last(off)) {
            (_, None) => return Err(format!("{what}: never sent {off:?}")),
            (Some(a), Some(b)) if a > b => return Err(format!("{what}: turned on again after the last {off:?}")),
            _ => {}
        }
    }
    Ok(())
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap()
}
