#![cfg(not(target_arch = "wasm32"))]
//! The real H.E.S.S. DL3 DR1 release (data/hess-dl3-dr1) through the FITS reader: every
//! run parses, its EVENTS table has the rows the header and the obs-index say, three runs
//! agree with astropy + numpy (tests/fixtures/expected/fits/dl3_runs.json, written by
//! tests/astropy/fits_fixtures.py), and a run cut anywhere is refused with the place.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use voscope::standards::fits::{self, Fits};

const EVENTS_COLUMNS: [&str; 5] = ["EVENT_ID", "TIME", "RA", "DEC", "ENERGY"];

fn release() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/hess-dl3-dr1")
}

fn run(obs_id: &str) -> Vec<u8> {
    let gz = std::fs::read(release().join(format!("data/hess_dl3_dr1_obs_id_{obs_id}.fits.gz")))
        .unwrap();
    assert!(fits::is_gzip(&gz));
    fits::gunzip(&gz).unwrap()
}

/// OBS_ID → EVENT_COUNT from the release's obs-index, read with the same reader.
fn event_counts() -> HashMap<i64, f64> {
    let gz = std::fs::read(release().join("obs-index.fits.gz")).unwrap();
    let raw = fits::gunzip(&gz).unwrap();
    let f = Fits::parse(&raw).unwrap();
    let t = f.hdu("OBS_INDEX").unwrap().table().unwrap();
    let ids = t.column_f64("OBS_ID").unwrap();
    let counts = t.column_f64("EVENT_COUNT").unwrap();
    ids.iter().map(|&i| i as i64).zip(counts).collect()
}

#[test]
fn every_run_of_the_release_parses() {
    let counts = event_counts();
    assert_eq!(counts.len(), 105);
    let mut files: Vec<PathBuf> = std::fs::read_dir(release().join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".fits.gz"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 105);
    let mut events = 0;
    for path in &files {
        let raw = fits::gunzip(&std::fs::read(path).unwrap()).unwrap();
        let f = Fits::parse(&raw).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(f.hdus.len(), 7, "{}", path.display());
        let hdu = f.hdu("events").unwrap();
        let t = hdu.table().unwrap();
        let naxis2 = hdu.header.get_i64("NAXIS2").unwrap() as usize;
        assert_eq!(t.nrows(), naxis2);
        let obs_id = hdu.header.get_i64("OBS_ID").unwrap();
        assert_eq!(Some(&(naxis2 as f64)), counts.get(&obs_id), "{obs_id}");
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, EVENTS_COLUMNS);
        for name in EVENTS_COLUMNS {
            let v = t.column_f64(name).unwrap();
            assert_eq!(v.len(), naxis2);
            assert!(v.iter().all(|x| x.is_finite()), "{obs_id} {name}");
        }
        for name in ["GTI", "AEFF", "EDISP", "PSF", "BKG"] {
            assert_eq!(
                f.hdu(name).unwrap().table().unwrap().nrows(),
                1,
                "{obs_id} {name}"
            );
        }
        events += naxis2;
    }
    // The total over the release, from the obs-index.
    assert_eq!(events as f64, counts.values().sum::<f64>());
}

#[test]
fn three_runs_agree_with_astropy() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/expected/fits/dl3_runs.json"),
    )
    .unwrap();
    let want: Json = serde_json::from_str(&text).unwrap();
    let runs = want["runs"].as_object().unwrap();
    assert_eq!(runs.len(), 3);
    for (obs_id, w) in runs {
        let raw = run(obs_id);
        let f = Fits::parse(&raw).unwrap();
        assert_eq!(f.hdus.len() as u64, w["hdus"].as_u64().unwrap());
        let events = f.hdu("EVENTS").unwrap();
        let t = events.table().unwrap();
        assert_eq!(t.nrows() as u64, w["naxis2"].as_u64().unwrap());
        assert_eq!(events.header.get_str("OBJECT"), w["object"].as_str());
        let ra_pnt = events.header.get_f64("RA_PNT").unwrap();
        assert!((ra_pnt - w["ra_pnt"].as_f64().unwrap()).abs() < 1e-12);
        for (name, wc) in w["columns"].as_object().unwrap() {
            let v = t.column_f64(name).unwrap();
            let stats = [
                ("min", v.iter().copied().fold(f64::INFINITY, f64::min)),
                ("max", v.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
                ("first", v[0]),
                ("last", v[v.len() - 1]),
            ];
            for (k, got) in stats {
                assert_eq!(
                    got.to_bits(),
                    wc["bits"][k].as_u64().unwrap(),
                    "{obs_id} {name} {k}: {got}"
                );
            }
            // numpy sums pairwise, we sum in order: equal to rounding.
            let sum: f64 = v.iter().sum();
            let wsum = wc["sum"].as_f64().unwrap();
            assert!(
                (sum - wsum).abs() <= 1e-12 * wsum.abs(),
                "{obs_id} {name}: {sum} vs {wsum}"
            );
        }
        let gti = f.hdu("GTI").unwrap().table().unwrap();
        let (start, stop) = (
            gti.column_f64("START").unwrap(),
            gti.column_f64("STOP").unwrap(),
        );
        let wgti = w["gti"].as_array().unwrap();
        assert_eq!(start.len(), wgti.len());
        for (i, g) in wgti.iter().enumerate() {
            assert_eq!(
                (start[i], stop[i]),
                (g[0].as_f64().unwrap(), g[1].as_f64().unwrap())
            );
        }
        let aeff = f.hdu("AEFF").unwrap().table().unwrap();
        let effarea = aeff.column_f64("EFFAREA").unwrap();
        let col = &aeff.columns[aeff.column_index("EFFAREA").unwrap()];
        assert_eq!(col.tdim.as_deref(), Some(&[96, 6][..]));
        assert_eq!(effarea.len() as u64, w["effarea_len"].as_u64().unwrap());
        // [theta 0][energy 47] in numpy's order is element 47 in FITS order.
        assert_eq!(effarea[47], w["effarea_0_47"].as_f64().unwrap());
        let sum: f64 = effarea.iter().sum();
        let wsum = w["effarea_sum"].as_f64().unwrap();
        assert!((sum - wsum).abs() <= 1e-12 * wsum.abs());
    }
}

#[test]
fn a_run_cut_anywhere_is_refused_with_the_place() {
    let raw = run("023523");
    let whole = Fits::parse(&raw).unwrap();
    let mut refused = 0;
    for cut in (1000..raw.len()).step_by(1000) {
        match Fits::parse(&raw[..cut]) {
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    msg.contains(&format!("{cut}")) && msg.contains("the file is cut"),
                    "cut at {cut}: {msg}"
                );
                refused += 1;
            }
            // A cut on an HDU boundary leaves a shorter, valid file: fewer HDUs.
            Ok(f) => {
                assert!(
                    cut % 2880 == 0 && f.hdus.len() < whole.hdus.len(),
                    "cut at {cut}"
                );
            }
        }
    }
    assert!(refused >= raw.len() / 1000 - 2, "{refused}");
}

#[test]
fn a_dl3_table_converts_for_the_results_view() {
    let raw = run("023523");
    let f = Fits::parse(&raw).unwrap();
    let i = f.hdu("EVENTS").unwrap().index;
    let vot = fits::to_votable(&f, i).unwrap();
    let t = vot.results_table().unwrap();
    assert_eq!(t.name.as_deref(), Some("EVENTS"));
    let events = f.hdus[i].table().unwrap();
    assert_eq!(t.row_count(), events.nrows());
    let energy = t.column("ENERGY").unwrap();
    let e = events.column_f64("ENERGY").unwrap();
    assert_eq!(energy.f64_at(0), Some(e[0]));
    assert_eq!(energy.f64_at(e.len() - 1), e.last().copied());
    let f_energy = &t.fields[t.column_index("energy").unwrap()];
    assert_eq!(
        (f_energy.datatype.as_str(), f_energy.unit.as_deref()),
        ("float", Some("TeV"))
    );
    let id = &t.fields[t.column_index("EVENT_ID").unwrap()];
    assert_eq!(id.datatype.as_str(), "long");
    let params: HashMap<&str, &str> = t
        .meta
        .params
        .iter()
        .map(|p| (p.field.name.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(params.get("OBJECT"), Some(&"Crab Nebula"));
    assert_eq!(params.get("OBS_ID"), Some(&"23523"));
    assert!(!params.contains_key("TTYPE1") && !params.contains_key("NAXIS2"));
    let aeff = fits::to_votable(&f, f.hdu("AEFF").unwrap().index).unwrap();
    let area = &aeff.results_table().unwrap().fields[4];
    assert_eq!(
        (
            area.name.as_str(),
            area.arraysize.as_ref().map(|a| a.to_string())
        ),
        ("EFFAREA", Some("96x6".to_owned()))
    );
}

/// A stream can stop after AEFF: the bytes up to there read as a whole file of four HDUs
/// with the same events, and the run still reads (without the IRFs it does not need).
#[test]
fn a_run_read_only_up_to_aeff_has_the_same_events() {
    let plain = run("023523");
    let whole = Fits::parse(&plain).unwrap();
    // FORMAT.md: AEFF ends at 2880 + 8640 + pad(28 N) + 2880 + 5760 + 5760.
    let n = whole.hdu("EVENTS").unwrap().table().unwrap().nrows();
    let expected = 2880 + 8640 + (28 * n).div_ceil(2880) * 2880 + 2880 + 2880 + 5760 + 5760;
    assert_eq!(fits::prefix_end(&plain, "AEFF"), Some(expected));
    // Not yet there: None, at every shorter prefix tried.
    for cut in [0, 100, 2880, 11_520, expected - 1] {
        assert_eq!(fits::prefix_end(&plain[..cut], "AEFF"), None, "{cut}");
    }
    let short = Fits::parse(&plain[..expected]).unwrap();
    assert_eq!(short.hdus.len(), 4);
    let a = whole
        .hdu("EVENTS")
        .unwrap()
        .table()
        .unwrap()
        .column_f64("ENERGY")
        .unwrap();
    let b = short
        .hdu("EVENTS")
        .unwrap()
        .table()
        .unwrap()
        .column_f64("ENERGY")
        .unwrap();
    assert_eq!(a, b);
    let run = voscope::standards::gadf::DlRun::read(&short).unwrap();
    assert!(run.aeff.is_some() && run.edisp.is_none() && run.psf.is_none());
    assert_eq!(fits::prefix_end(&plain, "NOSUCH"), None);
}

/// The page's quick check agrees with the full reader on every run of the release, and
/// says what is missing on tables that are not runs (real files, cut down).
#[test]
fn the_quick_event_list_check_agrees_with_the_reader() {
    use voscope::standards::gadf::{looks_like_run, DlRun};
    for obs in ["023523", "047802"] {
        let plain = run(obs);
        let f = Fits::parse(&plain).unwrap();
        assert_eq!(looks_like_run(&f), Ok(()), "{obs}");
        assert!(DlRun::read(&f).is_ok(), "{obs}");
        // Only the primary HDU and EVENTS (cut before GTI): not a run, and the reader agrees.
        let events_end = fits::prefix_end(&plain, "EVENTS").unwrap();
        let g = Fits::parse(&plain[..events_end]).unwrap();
        assert_eq!(looks_like_run(&g), Err("no GTI table".into()), "{obs}");
        assert!(DlRun::read(&g).is_err(), "{obs}");
    }
}
