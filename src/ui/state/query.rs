//! The query: ADQL generated from the target and observation filters (or typed), TOP,
//! MAXREC, tables to upload, and Run.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::net::{self, StreamError};
use crate::standards::adql::obscore::{ConeTest, EnergyUnit, ObsCoreForm};
use crate::standards::tap::{self, ServiceUrl, SyncQuery, TapError};
use crate::standards::votable::{StreamReader, VoTableError};
use crate::ui::state::{AppState, QueryState, ResultSet};

/// Rows shown while the answer still arrives.
const PREVIEW_ROWS: usize = 100;

/// Parses an optional positive count typed by the user.
pub fn count(text: &str, what: &str) -> Result<Option<u64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<u64>()
        .map(Some)
        .map_err(|_| format!("{what} must be a whole number, not {t:?}"))
}

fn optional_number(text: &str, what: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or_else(|| format!("{what} must be a number, not {t:?}"))
}

fn optional_date(text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    crate::standards::time::iso_to_mjd(t).map(Some)
}

/// Whether the service's `ivoa.obscore` has an `s_region` column to test the field of
/// view against (None while its columns are not known).
pub fn field_test_possible(state: AppState) -> Option<bool> {
    state.schema.with_untracked(|s| {
        let t = s.tables.table("ivoa.obscore")?;
        t.columns_known.then(|| {
            t.columns
                .iter()
                .any(|c| c.name.eq_ignore_ascii_case("s_region"))
        })
    })
}

/// The ObsCore query for everything the forms hold.
pub fn generated_adql(state: AppState) -> Result<Option<String>, String> {
    let mut form = ObsCoreForm::new();
    if let Some(p) = state.position.get_untracked() {
        let radius_text = state.radius.get_untracked();
        let radius: f64 = radius_text.trim().parse().map_err(|_| {
            format!(
                "The radius must be a number of degrees, not {:?}",
                radius_text.trim()
            )
        })?;
        form.cone = Some((p.ra, p.dec, radius));
        form.cone_test = match (
            ConeTest::parse(&state.cone_test.get_untracked()),
            field_test_possible(state),
        ) {
            // The service's ObsCore has no s_region: only the pointing can be tested.
            (ConeTest::Field, Some(false)) => ConeTest::Pointing,
            (t, _) => t,
        };
    }
    form.time_start = optional_date(&state.time_start.get_untracked())?;
    form.time_end = optional_date(&state.time_end.get_untracked())?;
    form.energy_min = optional_number(&state.energy_min.get_untracked(), "The lowest energy")?;
    form.energy_max = optional_number(&state.energy_max.get_untracked(), "The highest energy")?;
    form.energy_unit = EnergyUnit::parse(&state.energy_unit.get_untracked());
    form.dataproduct_types = state.dataproduct_types.get_untracked();
    form.calib_levels = state.calib_levels.get_untracked();
    form.collections = state.collections.get_untracked();
    form.facilities = state.facilities.get_untracked();
    form.top = count(&state.top.get_untracked(), "TOP")?;
    let constrained = form.cone.is_some()
        || form.time_start.is_some()
        || form.time_end.is_some()
        || form.energy_min.is_some()
        || form.energy_max.is_some()
        || !form.dataproduct_types.is_empty()
        || !form.calib_levels.is_empty()
        || !form.collections.is_empty()
        || !form.facilities.is_empty();
    if !constrained {
        return Ok(None);
    }
    form.to_adql().map(Some).map_err(|e| e.to_string())
}

/// Rewrites the ADQL from the forms, unless the user edited it (or `force`).
pub fn regenerate(state: AppState, force: bool) {
    if state.adql_edited.get_untracked() && !force {
        return;
    }
    match generated_adql(state) {
        Ok(Some(q)) => {
            state.adql.set(q);
            state.adql_edited.set(false);
            state.form_error.set(None);
        }
        // Nothing constrains the query any more (the target was cleared or not found):
        // the generated query goes too, so Run cannot ask about the previous object.
        Ok(None) => {
            state.adql.set(String::new());
            state.adql_edited.set(false);
            state.form_error.set(None);
        }
        Err(e) => state.form_error.set(Some(e)),
    }
}

/// Whether there is something to run (Run is disabled otherwise, with the reason shown).
pub fn has_query(state: AppState) -> bool {
    state.adql.with(|q| !q.trim().is_empty())
}

/// A message left by an earlier action (a query that could not run, was cancelled or
/// failed) is cleared when the user changes what would be asked: it no longer applies.
pub fn clear_stale_outcome(state: AppState) {
    if state
        .query
        .with_untracked(|q| matches!(q, QueryState::Failed(_) | QueryState::Cancelled(_)))
    {
        state.query.set(QueryState::Idle);
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Sends the ADQL to the service's /sync endpoint (with the uploaded tables) and reads
/// the answer while it arrives.
pub fn run_query(state: AppState) {
    let fail = |msg: String| {
        state.query.set(QueryState::Failed(msg));
        super::focus_answer();
    };
    let service = match ServiceUrl::parse(&state.service_url.get_untracked()) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let adql = state.adql.get_untracked();
    if adql.trim().is_empty() {
        return fail(
            "There is no query to run: resolve a target, set a filter, or type ADQL.".into(),
        );
    }
    let maxrec = match count(&state.maxrec.get_untracked(), "MAXREC") {
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    let uploads = state.uploads.get_untracked();
    let mut query = SyncQuery::new(service.clone(), adql.clone());
    query.maxrec = maxrec;
    query.uploads = uploads.iter().map(|u| u.name.clone()).collect();
    // A FITS answer is read whole at the end; a VOTable while it arrives.
    let as_fits = state.response_format.get_untracked() == "fits";
    if as_fits {
        query.format = Some("fits".into());
    }
    let id = state.run_id.get_untracked() + 1;
    state.run_id.set(id);
    let cancel = net::Cancel::new();
    if let Some(old) = state.query_cancel.get_value() {
        old.cancel();
    }
    state.query_cancel.set_value(cancel.clone());
    let target = state.target.get_untracked();
    let service_name = service.to_string();
    state.start_running(service_name.clone(), None);
    super::focus_answer();
    spawn_local(async move {
        let started = now_ms();
        let queried_at = crate::ui::util::now_iso();
        let files: Vec<(String, String, Arc<Vec<u8>>)> = uploads
            .iter()
            .map(|u| (u.name.clone(), u.file_name.clone(), u.bytes.clone()))
            .collect();
        let parts: Vec<net::FilePart<'_>> = files
            .iter()
            .map(|(n, f, b)| (n.as_str(), f.as_str(), b.as_slice()))
            .collect();
        let reading = Reading {
            state,
            id,
            service: service_name,
            adql: adql.clone(),
            maxrec,
            started,
            queried_at: queried_at.clone(),
        };
        let params = query.params();
        let url = query.url();
        let request = Request::Post {
            url: &url,
            params: &params,
            files: &parts,
        };
        let outcome = match read_answer(&reading, request, cancel.as_ref(), as_fits).await {
            Read::Superseded => return,
            Read::Cancelled(got) => {
                state.query.set(QueryState::Cancelled(format!(
                    "You cancelled the query {got}. The query is kept: change it or run it again."
                )));
                return;
            }
            Read::Answer(outcome) => outcome,
        };
        let mut entry = crate::app::history::Entry {
            at: queried_at.clone(),
            service: service.to_string(),
            adql: adql.clone(),
            target,
            rows: None,
            error: None,
        };
        let next = match outcome {
            Err(msg) => {
                entry.error = Some(crate::app::history::summary(&msg, 160));
                QueryState::Failed(msg)
            }
            Ok(result) => {
                let r = ResultSet::from_answer(
                    result,
                    service.to_string(),
                    adql,
                    maxrec,
                    now_ms() - started,
                    queried_at,
                );
                entry.rows = Some(r.table.row_count());
                QueryState::Done(Arc::new(r))
            }
        };
        crate::ui::state::history::record(state, entry);
        state.query.set(next);
    });
}

/// What a streamed answer is read for: which run of the answer area it belongs to, and
/// what its preview says of where it came from.
pub(super) struct Reading {
    pub state: AppState,
    /// The run this answer belongs to (`AppState::run_id`): a newer run drops it.
    pub id: u64,
    pub service: String,
    pub adql: String,
    pub maxrec: Option<u64>,
    pub started: f64,
    pub queried_at: String,
}

pub(super) enum Request<'a> {
    Post {
        url: &'a str,
        params: &'a [(&'a str, String)],
        files: &'a [net::FilePart<'a>],
    },
    Get {
        url: &'a str,
    },
}

pub(super) enum Read {
    /// A newer run took the answer area: say nothing.
    Superseded,
    /// The user cancelled; how far it got ("after 1 200 rows (3 MB)").
    Cancelled(String),
    Answer(Result<tap::TapResult, String>),
}

/// Fetches a TAP answer and reads it while it arrives, with the progress (rows, bytes,
/// rate, time left) and the first rows shown; a FITS answer is gathered and read at the
/// end. The network layer pauses for the page between slices of reading.
pub(super) async fn read_answer(
    r: &Reading,
    request: Request<'_>,
    cancel: Option<&net::Cancel>,
    as_fits: bool,
) -> Read {
    let state = r.state;
    let id = r.id;
    let mine = move || state.run_id.get_untracked() == id;
    let mut reader = StreamReader::new();
    // The start of the body, kept for the text of an error page.
    let mut head_bytes: Vec<u8> = Vec::new();
    let mut whole: Vec<u8> = Vec::new();
    let mut last_update = f64::NEG_INFINITY;
    let mut total_known = false;
    let mut preview_rows = 0;
    let on_chunk = |head: &net::ResponseHead, chunk: &[u8]| {
        if !total_known {
            total_known = true;
            let total = head.content_length.map(|n| n as f64);
            state
                .progress
                .update(|p| p.total = total.filter(|t| *t > 0.0));
            if let Some(n) = head.content_length.and_then(|n| usize::try_from(n).ok()) {
                reader.expect_length(n);
            }
        }
        if head_bytes.len() < 64 * 1024 {
            head_bytes.extend_from_slice(&chunk[..chunk.len().min(64 * 1024)]);
        }
        let received = if as_fits {
            whole.extend_from_slice(chunk);
            whole.len()
        } else {
            reader.feed(chunk)?;
            reader.bytes_received()
        };
        let now = now_ms();
        if now - last_update > 150.0 && mine() {
            last_update = now;
            let rows = (!as_fits).then(|| reader.rows_read());
            state.progress.update(|p| {
                p.rows = rows;
                p.update(received as f64, crate::net::schedule::now_ms());
            });
            // The preview changes only until it holds its rows: after that the answer
            // area is left alone while the rest arrives.
            let rows = reader.rows_read();
            if !as_fits && preview_rows < PREVIEW_ROWS && rows > preview_rows {
                preview_rows = rows.min(PREVIEW_ROWS);
                let preview = reader.preview(PREVIEW_ROWS).map(|table| {
                    Arc::new(ResultSet {
                        table,
                        overflow: false,
                        warnings: Vec::new(),
                        infos: Vec::new(),
                        service: r.service.clone(),
                        adql: r.adql.clone(),
                        maxrec: r.maxrec,
                        elapsed_ms: now - r.started,
                        queried_at: r.queried_at.clone(),
                        params: Vec::new(),
                        job_note: None,
                    })
                });
                state.query.set(QueryState::Running {
                    service: r.service.clone(),
                    preview,
                });
            }
        }
        Ok::<(), VoTableError>(())
    };
    let streamed = match request {
        Request::Post { url, params, files } => {
            net::post_form_streaming(url, params, files, cancel, on_chunk).await
        }
        Request::Get { url } => net::get_streaming(url, cancel, on_chunk).await,
    };
    if !mine() {
        return Read::Superseded;
    }
    state.query_cancel.set_value(None);
    if let Err(StreamError::Net(net::NetError::Cancelled)) = streamed {
        let received = if as_fits {
            whole.len()
        } else {
            reader.bytes_received()
        };
        return Read::Cancelled(if received == 0 {
            "before the service answered".to_owned()
        } else if as_fits {
            format!("after {}", crate::app::cells::human_size(received as f64))
        } else {
            format!(
                "after {} rows ({})",
                crate::app::progress::grouped(reader.rows_read() as u64),
                crate::app::cells::human_size(received as f64)
            )
        });
    }
    Read::Answer(match streamed {
        Err(StreamError::Net(e)) => Err(e.to_string()),
        Err(StreamError::Consumer(e)) => Err(TapError::BadVoTable {
            status: 200,
            error: e,
        }
        .to_string()),
        Ok(head) if as_fits => {
            tap::response::read_fits_answer(head.status, &whole).map_err(|e| e.to_string())
        }
        Ok(head) => {
            tap::read_parsed(head.status, reader.finish(), &head_bytes).map_err(|e| e.to_string())
        }
    })
}

/// Stops the running query: the request is aborted and its late answer dropped.
/// A query's request is aborted (its task then says how far it got); anything else that
/// shows as running (a job's result, a file being read) is dropped when it arrives.
pub fn cancel_query(state: AppState) {
    if let Some(c) = state.query_cancel.get_value() {
        c.cancel();
    } else if state
        .query
        .with_untracked(|q| matches!(q, QueryState::Running { .. }))
    {
        state.run_id.update(|id| *id += 1);
        state.query.set(QueryState::Cancelled(
            "You cancelled it; nothing was changed.".into(),
        ));
    }
}
