//! Stacks DL3 runs with the quick-look defaults around a target and prints the θ²
//! numbers (N_on, N_off, α, excess, Li & Ma σ) for the stack and per run, with the time
//! taken to read and to stack, as one JSON object.
//!
//! Usage: `cargo run --release --example dl3_stack -- [--per-run] [--target RA DEC] [--max-offset DEG] FILE...`
//! Without --target, the first run's RA_OBJ/DEC_OBJ; --max-offset changes the 2.5°
//! limit on the pointing's distance from the target for θ² (a large value times the
//! θ² work on every run).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use voscope::app::quicklook::stack::{Stack, StackConfig};

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut target = None;
    if args.first().map(String::as_str) == Some("--target") {
        let parsed = (
            args.get(1).and_then(|s| s.parse().ok()),
            args.get(2).and_then(|s| s.parse().ok()),
        );
        let (Some(ra), Some(dec)) = parsed else {
            eprintln!("dl3_stack: --target needs RA and DEC in degrees");
            return ExitCode::from(2);
        };
        target = Some((ra, dec));
        args.drain(..3);
    }
    // --per-run: each run in a stack of its own around its own RA_OBJ/DEC_OBJ (to time
    // the quick-look of every run of a release whose runs have different targets).
    let per_run = args.first().map(String::as_str) == Some("--per-run");
    if per_run {
        args.remove(0);
    }
    let mut max_offset = None;
    if args.first().map(String::as_str) == Some("--max-offset") {
        let Some(deg) = args.get(1).and_then(|s| s.parse::<f64>().ok()) else {
            eprintln!("dl3_stack: --max-offset needs degrees");
            return ExitCode::from(2);
        };
        max_offset = Some(deg);
        args.drain(..2);
    }
    if args.is_empty() {
        eprintln!("usage: dl3_stack [--per-run] [--target RA DEC] [--max-offset DEG] FILE...");
        return ExitCode::from(2);
    }
    let (mut read_time, mut stack_time) = (Duration::ZERO, Duration::ZERO);
    let mut stack: Option<Stack> = None;
    for path in &args {
        let t0 = Instant::now();
        let run = match std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|b| voscope::standards::gadf::read_file_bytes(&b).map_err(|e| e.to_string()))
        {
            Ok(run) => run,
            Err(e) => {
                eprintln!("dl3_stack: {path}: {e}");
                return ExitCode::from(1);
            }
        };
        let t1 = Instant::now();
        read_time += t1 - t0;
        if per_run {
            target = None;
        }
        let Some(tgt) = target.or_else(|| run.target()) else {
            eprintln!("dl3_stack: {path} has no RA_OBJ/DEC_OBJ: give --target RA DEC");
            return ExitCode::from(1);
        };
        target = Some(tgt);
        if per_run {
            stack = stack.map(|s| {
                let mut fresh = Stack::new(StackConfig::quicklook(tgt));
                fresh.runs = s.runs;
                fresh.n_events = s.n_events;
                fresh.livetime_s = s.livetime_s;
                fresh
            });
        }
        stack
            .get_or_insert_with(|| {
                let mut cfg = StackConfig::quicklook(tgt);
                cfg.max_offset_deg = max_offset.unwrap_or(cfg.max_offset_deg);
                Stack::new(cfg)
            })
            .add(&run);
        stack_time += t1.elapsed();
    }
    let Some(stack) = stack else {
        return ExitCode::from(1);
    };
    let t = &stack.theta2;
    let summary = serde_json::json!({
        "target": target,
        "n_runs": stack.runs.len(),
        "n_events": stack.n_events,
        "livetime_s": stack.livetime_s,
        "theta2_cut_deg2": stack.config.theta2.theta2_cut_deg2,
        "n_on": t.n_on,
        "n_off": t.n_off,
        "alpha": t.alpha(),
        "excess": t.excess(),
        "significance": t.significance(),
        "runs": stack.runs,
        "read_ms": read_time.as_secs_f64() * 1e3,
        "stack_ms": stack_time.as_secs_f64() * 1e3,
    });
    println!("{summary}");
    ExitCode::SUCCESS
}
