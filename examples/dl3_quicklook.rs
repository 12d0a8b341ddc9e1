//! Prints issue 16's fixed-parameter quick-look numbers for one DL3 event list as one
//! JSON object: obs_id, n_events, livetime_s, energy_hist, counts_map, light_curve, gti,
//! aeff_m2 (see `voscope::app::quicklook::reference` for the rules). A file that cannot be
//! read prints why to stderr and exits with status 1.
//!
//! Usage: `cargo run --release --example dl3_quicklook -- FILE` (.fits or .fits.gz)

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!("usage: dl3_quicklook FILE   (a GADF DL3 event list, .fits or .fits.gz)");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("dl3_quicklook: cannot read {path}: {e}");
            return ExitCode::from(1);
        }
    };
    let result = voscope::standards::gadf::read_file_bytes(&bytes)
        .and_then(|run| voscope::app::quicklook::reference::reference(&run));
    match result {
        Ok(numbers) => match serde_json::to_string(&numbers) {
            Ok(json) => {
                let _ = writeln!(std::io::stdout().lock(), "{json}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("dl3_quicklook: {path}: cannot write JSON: {e}");
                ExitCode::from(1)
            }
        },
        Err(e) => {
            eprintln!("dl3_quicklook: {path}: {e}");
            ExitCode::from(1)
        }
    }
}
