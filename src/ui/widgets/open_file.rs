//! Opening a VOTable from disk straight into the results view: a table saved earlier,
//! one a colleague sent, or a file from another tool — read by the same reader and shown
//! with the same table, plots and exports as a query's answer.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::standards::tap;
use crate::standards::votable::{StreamReader, VoTable, VoTableError};
use crate::ui::state::{use_state, QueryState, ResultSet};
use crate::ui::util::{now_iso, perf_mark, sleep_ms, take_chosen_file};

/// Bytes read from the file at a time: large enough that the pauses between pieces
/// cost little, small enough that progress moves and Cancel answers within a moment.
const PIECE: f64 = 8.0 * 1024.0 * 1024.0;

/// Reads a file piece by piece into the streaming reader (never holding the whole file),
/// saying after each piece how far it got; `progress` returning false stops it (the
/// user cancelled). Returns the parse and the file's first bytes (for error texts).
async fn read_in_pieces(
    file: &web_sys::File,
    mut progress: impl FnMut(usize, usize) -> bool,
) -> Result<(Result<VoTable, VoTableError>, Vec<u8>), String> {
    let size = file.size();
    let mut reader = StreamReader::new();
    if size.is_finite() && size > 0.0 {
        reader.expect_length(size as usize);
    }
    let mut head = Vec::new();
    let mut offset = 0.0;
    while offset < size {
        let end = (offset + PIECE).min(size);
        let piece = file
            .slice_with_f64_and_f64(offset, end)
            .map_err(|_| "the file could not be read".to_owned())?;
        let buffer = wasm_bindgen_futures::JsFuture::from(piece.array_buffer())
            .await
            .map_err(|_| "the file could not be read (was it moved or deleted?)".to_owned())?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        if head.len() < 64 * 1024 {
            head.extend_from_slice(&bytes[..bytes.len().min(64 * 1024)]);
        }
        // Fed a mebibyte at a time with a pause for the page every few milliseconds, as
        // a download is (`net::schedule`): the page paints and Cancel answers meanwhile.
        let mut slice_start = crate::net::schedule::now_ms();
        for part in bytes.chunks(1 << 20) {
            if let Err(e) = reader.feed(part) {
                return Ok((Err(e), head));
            }
            if crate::net::schedule::now_ms() - slice_start >= 8.0 {
                crate::net::schedule::yield_to_page().await;
                slice_start = crate::net::schedule::now_ms();
                if !progress(reader.bytes_received(), reader.rows_read()) {
                    return Err("cancelled".into());
                }
            }
        }
        offset = end;
        if !progress(reader.bytes_received(), reader.rows_read()) {
            return Err("cancelled".into());
        }
    }
    Ok((reader.finish(), head))
}

/// A FITS file from disk: an event list opens in the quick-look, another table in the
/// results view; a file that does not read is said, and nothing shown is lost.
fn open_fits_file(state: crate::ui::state::AppState, file: web_sys::File) {
    let Some(q) = use_context::<crate::ui::state::quicklook::Quicklook>() else {
        return;
    };
    let name = file.name();
    let note = state.query;
    spawn_local(async move {
        let bytes = match crate::ui::util::read_file(&file).await {
            Ok(b) => b,
            Err(e) => {
                note.set(QueryState::Failed(format!("{name}: {e}")));
                return;
            }
        };
        if let Err(e) =
            crate::ui::state::quicklook::open_fits(q, state, name.clone(), None, bytes).await
        {
            // An error goes where the user looks for a file's outcome: the quick-look
            // shows it, and what the results view had stays.
            q.fail(e);
        }
    });
}

#[component]
pub fn OpenFile() -> impl IntoView {
    let state = use_state();
    let on_file = move |ev: web_sys::Event| {
        let Some(file) = take_chosen_file(&ev) else {
            return;
        };
        let name = file.name();
        let lower = name.to_ascii_lowercase();
        if [".fits", ".fits.gz", ".fit", ".fts", ".fit.gz"]
            .iter()
            .any(|e| lower.ends_with(e))
        {
            open_fits_file(state, file);
            return;
        }
        let id = state.run_id.get_untracked() + 1;
        state.run_id.set(id);
        state.start_running(format!("file {name}"), Some(file.size()));
        spawn_local(async move {
            // Let the "reading" status paint before the parse holds the thread.
            sleep_ms(0).await;
            let started = js_sys::Date::now();
            let queried_at = now_iso();
            let read = read_in_pieces(&file, |bytes, rows| {
                if state.run_id.get_untracked() != id {
                    return false;
                }
                state.progress.update(|p| {
                    p.rows = Some(rows);
                    p.update(bytes as f64, crate::net::schedule::now_ms());
                });
                true
            })
            .await;
            if state.run_id.get_untracked() != id {
                return;
            }
            let next = match read {
                Err(e) => QueryState::Failed(format!("{name}: {e}")),
                Ok((parsed, head)) => match tap::read_parsed(200, parsed, &head) {
                    Err(e) => QueryState::Failed(format!("{name}: {e}")),
                    Ok(answer) if answer.doc.tables().is_empty() => {
                        QueryState::Failed(format!("{name} is a VOTable but holds no table"))
                    }
                    Ok(answer) => {
                        let result = ResultSet::from_answer(
                            answer,
                            format!("file {name}"),
                            String::new(),
                            None,
                            js_sys::Date::now() - started,
                            queried_at,
                        );
                        perf_mark("voscope:result-ready");
                        QueryState::Done(Arc::new(result))
                    }
                },
            };
            if state.run_id.get_untracked() == id {
                state.query.set(next);
            }
        });
    };
    view! {
        <div class="open-file">
            <label for="open-votable">"Open a VOTable or FITS file"</label>
            <input id="open-votable" type="file" accept=".xml,.vot,.votable,.fits,.fit,.fts,.gz,application/x-votable+xml,text/xml,application/fits"
                on:change=on_file/>
        </div>
    }
}
