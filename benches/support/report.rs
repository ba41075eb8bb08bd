//! Tables for the terminal and for BENCHMARKS.md.

use std::time::Duration;

use super::machine::Conditions;

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Self { header: header.iter().map(|s| (*s).to_owned()).collect(), rows: Vec::new() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn markdown(&self) -> String {
        let mut out = format!("| {} |\n", self.header.join(" | "));
        out.push_str(&format!("|{}\n", self.header.iter().map(|_| "---|").collect::<String>()));
        for r in &self.rows {
            out.push_str(&format!("| {} |\n", r.join(" | ")));
        }
        out
    }

    /// Aligned columns for the terminal.
    pub fn plain(&self) -> String {
        let cols = self.header.len();
        let width = |c: usize| {
            std::iter::once(&self.header[c])
                .chain(self.rows.iter().filter_map(|r| r.get(c)))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..cols).map(width).collect();
        let line = |cells: &[String]| {
            cells
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c:<w$}", w = widths.get(i).copied().unwrap_or(0)))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_owned()
        };
        let mut out = line(&self.header);
        out.push('\n');
        out.push_str(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
        out.push('\n');
        for r in &self.rows {
            out.push_str(&line(r));
            out.push('\n');
        }
        out
    }
}

/// One benchmark's results: what was measured, on what, and the numbers.
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub title: String,
    /// What is measured and how, in a few sentences (Markdown).
    pub method: String,
    pub sizes: String,
    pub conditions: Conditions,
    pub tables: Vec<Table>,
    /// Findings, formulas, caveats (Markdown paragraphs or list items).
    pub notes: Vec<String>,
}

impl Section {
    pub fn markdown(&self) -> String {
        let mut out = format!("## {}\n\n{}\n\n", self.title, self.method.trim());
        out.push_str(&format!("- Sizes: {}\n- Measured: {}\n\n", self.sizes, self.conditions.summary()));
        for t in &self.tables {
            out.push_str(&t.markdown());
            out.push('\n');
        }
        for n in &self.notes {
            out.push_str(n.trim_end());
            out.push_str("\n\n");
        }
        out
    }

    pub fn plain(&self) -> String {
        let mut out =
            format!("== {}\n   sizes: {}\n   measured: {}\n\n", self.title, self.sizes, self.conditions.summary());
        for t in &self.tables {
            out.push_str(&t.plain());
            out.push('\n');
        }
        for n in &self.notes {
            out.push_str(n.trim_end());
            out.push_str("\n\n");
        }
        out
    }
}

pub fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 10.0 {
        format!("{s:.1} s")
    } else if s >= 1.0 {
        format!("{s:.2} s")
    } else {
        format!("{:.0} ms", s * 1000.0)
    }
}

pub fn ms(d: Duration) -> String {
    let m = d.as_secs_f64() * 1000.0;
    if m >= 100.0 { format!("{m:.0} ms") } else { format!("{m:.1} ms") }
}

pub fn micros(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us >= 100.0 { format!("{us:.0} µs") } else { format!("{us:.1} µs") }
}

pub fn mib(kb: u64) -> String {
    format!("{:.1} MiB", kb as f64 / 1024.0)
}

pub fn bytes(b: u64) -> String {
    let b = b as f64;
    if b >= 1e9 {
        format!("{:.2} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else if b >= 1e3 {
        format!("{:.1} kB", b / 1e3)
    } else {
        format!("{b:.0} B")
    }
}

pub fn rate(bytes: u64, d: Duration) -> String {
    format!("{:.0} MB/s", bytes as f64 / 1e6 / d.as_secs_f64().max(1e-9))
}

pub fn ratio(x: f64) -> String {
    format!("{x:.2}×")
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    v.sort();
    v[v.len() / 2]
}
