//! wfio's benchmarks (issue 7): `cargo bench --bench wfio` runs them all at full size, prints each
//! table as it is measured and writes `BENCHMARKS.md` at the repository root.
//!
//! `cargo bench --bench wfio -- --only activation,transfer` runs some of them (then nothing is
//! written unless `--out FILE` is given). Names: activation, transfer, listing, terminal, startup.
//! Benchmarks are not tests: `cargo test` does not run this file, but `tests/bench_smoke.rs`
//! runs every benchmark at tiny sizes.

mod support;

use std::time::Instant;

use support::machine::{Conditions, Machine};
use support::report::{Section, Table, mib, ratio, secs};
use support::{BIN, activation, listing, startup, terminal, transfer};

const ALL: [&str; 5] = ["activation", "transfer", "listing", "terminal", "startup"];

struct Args {
    only: Vec<String>,
    out: Option<std::path::PathBuf>,
}

fn args() -> Args {
    let mut only = Vec::new();
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--only" => only.extend(it.next().unwrap_or_default().split(',').map(|s| s.trim().to_owned())),
            "--out" => out = it.next().map(Into::into),
            // `cargo bench` passes --bench; anything else is a filter cargo forwards.
            _ => {}
        }
    }
    if let Ok(v) = std::env::var("WFIO_BENCH_ONLY") {
        only.extend(v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()));
    }
    for o in &only {
        assert!(ALL.contains(&o.as_str()), "unknown benchmark {o}; choose from {ALL:?}");
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = out.or_else(|| only.is_empty().then(|| root.join("BENCHMARKS.md")));
    Args { only, out }
}

#[derive(Default)]
struct All {
    activation: Option<activation::Results>,
    transfer: Option<transfer::Results>,
    listing: Option<listing::Results>,
    terminal: Option<terminal::Results>,
    startup: Option<startup::Results>,
}

fn main() {
    let args = args();
    let wanted = |name: &str| args.only.is_empty() || args.only.iter().any(|o| o == name);
    let machine = Machine::detect();
    let before = Conditions::now();
    println!("wfio benchmarks on {}\nstarted {}\n", machine.summary(), before.summary());
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("wfio-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let started = Instant::now();
    let mut all = All::default();
    let show = |s: &Section| println!("{}", s.plain());

    if wanted("activation") {
        let r = runtime.block_on(activation::run(BIN, activation::Config::FULL, &dir));
        show(&r.section());
        all.activation = Some(r);
    }
    if wanted("transfer") {
        if support::have("curl") && support::have("jq") {
            let r = runtime.block_on(transfer::run(BIN, transfer::Config::FULL, &dir));
            show(&r.section());
            all.transfer = Some(r);
        } else {
            println!("transfer: skipped (needs curl and jq)");
        }
    }
    if wanted("listing") {
        let r = runtime.block_on(listing::run(BIN, listing::Config::FULL, &dir));
        show(&r.section());
        all.listing = Some(r);
    }
    if wanted("terminal") {
        let r = terminal::run(BIN, terminal::Config::FULL, &dir);
        show(&r.section());
        all.terminal = Some(r);
    }
    if wanted("startup") {
        let r = startup::run(BIN, startup::Config::FULL, &dir);
        show(&r.section());
        all.startup = Some(r);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let summary = summary(&all);
    println!("== Summary\n\n{}", summary.plain());
    println!("all benchmarks took {}", secs(started.elapsed()));
    if let Some(out) = &args.out {
        std::fs::write(out, markdown(&machine, &before, &summary, &all)).expect("write BENCHMARKS.md");
        println!("wrote {}", out.display());
    }
}

fn summary(all: &All) -> Table {
    let mut t = Table::new(&["benchmark", "figure", "value"]);
    if let Some(a) = &all.activation {
        t.row(vec![
            "1 activation".into(),
            "wfio wall time / lower bound (target ≤ 1.20×)".into(),
            format!("{} / {} = **{}**", secs(a.wfio.wall), secs(a.bound.total), ratio(a.vs_bound())),
        ]);
        if let Some(s) = &a.serial {
            t.row(vec![
                "1 activation".into(),
                "serial baseline / wfio".into(),
                format!(
                    "{} / {} = **{}**",
                    secs(s.wall),
                    secs(a.wfio.wall),
                    ratio(s.wall.as_secs_f64() / a.wfio.wall.as_secs_f64())
                ),
            ]);
        }
        t.row(vec![
            "1 activation".into(),
            "requests, 429s (wfio)".into(),
            format!("{}, {}", a.wfio.counters.total, a.wfio.counters.rate_limited),
        ]);
        if let (Some(small), Some(full), Some(f)) =
            (a.small.as_ref().and_then(|s| s.rss_kb), a.wfio.rss_kb, a.config.small_factor)
        {
            t.row(vec![
                "1 activation".into(),
                format!("peak RSS, documents ×1 vs ×{f}"),
                format!("{} vs {} ({})", mib(full), mib(small), ratio(full as f64 / small as f64)),
            ]);
        }
    }
    if let Some(x) = &all.transfer {
        t.row(vec![
            "2 transfer".into(),
            format!("wfio throughput / curl ({} parts at a time)", x.config.parallel),
            format!("**{}**", ratio(x.throughput_ratio())),
        ]);
        t.row(vec![
            "2 transfer".into(),
            "peak RSS wfio vs curl (largest process)".into(),
            format!("{} vs {}", mib(x.wfio.rss_kb), x.curl.first().map_or("-".into(), |c| mib(c.rss_kb))),
        ]);
    }
    if let Some(l) = &all.listing {
        for f in &l.fetches {
            t.row(vec![
                "3 listing".into(),
                format!("{} {}: serial / concurrent pages", f.rows, f.what),
                format!(
                    "{} / {} = **{}**",
                    support::report::ms(f.serial),
                    support::report::ms(f.concurrent),
                    ratio(f.serial.as_secs_f64() / f.concurrent.as_secs_f64())
                ),
            ]);
        }
        t.row(vec![
            "3 listing".into(),
            format!("filter keystroke on {} groups (update + draw, median)", l.config.groups),
            support::report::micros(l.keystroke.0),
        ]);
    }
    if let Some(tm) = &all.terminal {
        t.row(vec!["4 terminal".into(), "bytes per ↓ in the group list (median)".into(), tm.moving.median.to_string()]);
        t.row(vec!["4 terminal".into(), "bytes per token character (median)".into(), tm.typing.median.to_string()]);
        t.row(vec![
            "4 terminal".into(),
            format!("idle {} s: bytes, CPU", tm.config.idle.as_secs()),
            format!("{}, {:.2} s", tm.idle_bytes, tm.idle_cpu.as_secs_f64()),
        ]);
    }
    if let Some(s) = &all.startup {
        for (mode, _, full) in &s.modes {
            t.row(vec!["5 startup".into(), format!("{mode}: exec → dashboard"), support::report::ms(*full)]);
        }
    }
    t
}

fn markdown(machine: &Machine, before: &Conditions, summary: &Table, all: &All) -> String {
    let mut out = String::from(
        "# Benchmarks\n\n\
         Generated by `cargo bench --bench wfio` (`benches/wfio.rs`, `benches/support/`); run it again to \
         reproduce every figure on your machine (a few minutes; it needs about 3 GB of free memory for the \
         simulator and `curl`, `jq` and GNU `dd` for the curl comparison). Ratios compare runs made in the same \
         invocation, one after the other, so a busy machine slows both sides. `cargo test` runs the same code at \
         tiny sizes (`tests/bench_smoke.rs`).\n\n",
    );
    out.push_str(&format!("- Machine: {}\n- Started: {}\n\n", machine.summary(), before.summary()));
    out.push_str("## Summary\n\n");
    out.push_str(&summary.markdown());
    out.push('\n');
    let sections: Vec<Section> = [
        all.activation.as_ref().map(activation::Results::section),
        all.transfer.as_ref().map(transfer::Results::section),
        all.listing.as_ref().map(listing::Results::section),
        all.terminal.as_ref().map(terminal::Results::section),
        all.startup.as_ref().map(startup::Results::section),
    ]
    .into_iter()
    .flatten()
    .collect();
    for s in sections {
        out.push_str(&s.markdown());
    }
    out
}
