//! What peers send to voscope: callbacks handled, tables and event lists fetched
//! (directly or through the hub's URL translator), highlights and selections applied.

use super::*;

/// Acts on one callback (spawned: a slow table load must not hold up the pull loop).
pub fn handle(samp: Samp, state: AppState, generation: u64, c: Callback) {
    spawn_local(async move {
        match c {
            Callback::Notification { sender, message } => {
                let _ = act(samp, state, generation, &sender, &message).await;
            }
            Callback::Call {
                sender,
                msg_id,
                message,
            } => {
                let outcome = act(samp, state, generation, &sender, &message).await;
                let response = match outcome {
                    Ok(()) => SampResponse::ok(),
                    Err(e) => SampResponse::error(e),
                };
                if let Some(key) = samp.key() {
                    // A fault is the hub refusing the reply: the caller never gets it.
                    let sent = hub(&m::reply(&key, &msg_id, &response), CALL_MS)
                        .await
                        .and_then(|r| m::read_void(&r).map_err(|e| e.to_string()));
                    if let Err(e) = sent {
                        samp.note(
                            false,
                            format!("The reply to {} could not be sent: {e}", message.mtype),
                        );
                    }
                }
            }
            Callback::Response {
                responder,
                tag,
                response,
            } => {
                let mut what = Pending {
                    what: "a message".into(),
                    mtype: String::new(),
                    about: tag.clone(),
                };
                samp.pending.update_value(|p| {
                    if let Some((label, waiting)) = p.get_mut(&tag) {
                        what = label.clone();
                        if waiting.answered(&responder) {
                            p.remove(&tag);
                        }
                    }
                });
                let who = samp.client_name(&responder);
                let (ok, text) = words::answer(&who, &what.what, &response);
                samp.note_with(
                    ok,
                    text,
                    Some(words::detail(&what.mtype, &what.about, Some(&response))),
                );
            }
        }
    });
}

/// What a message asks of voscope; the error is the reply's text.
pub async fn act(
    samp: Samp,
    state: AppState,
    generation: u64,
    sender: &str,
    message: &Message,
) -> Result<(), String> {
    let who = samp.client_name(sender);
    let incoming = match m::read_incoming(message) {
        Ok(i) => i,
        Err(e) => {
            samp.note(false, format!("{who} sent {}: {e}", message.mtype));
            return Err(e);
        }
    };
    let result = match incoming {
        Incoming::Ping => Ok(format!("{who} pinged voscope")),
        Incoming::Hub(HubEvent::ClientsChanged) => {
            refresh_clients(samp, generation).await;
            return Ok(());
        }
        Incoming::Hub(HubEvent::Shutdown) => {
            samp.note(false, "The hub is shutting down.");
            return Ok(());
        }
        Incoming::Hub(HubEvent::Disconnect(reason)) => {
            samp.note(false, format!("The hub disconnected voscope: {reason}"));
            return Ok(());
        }
        Incoming::HighlightRow { table_id, url, row } => select(samp, table_id, url, &[row])
            .map(|n| format!("{who}: row {row} of {n} highlighted")),
        Incoming::SelectRowList {
            table_id,
            url,
            rows,
        } => select(samp, table_id, url, &rows)
            .map(|_| format!("{who}: {} rows selected", rows.len())),
        Incoming::PointAtSky { ra, dec } => {
            state.target.set(format!("{ra:.6} {dec:+.6}"));
            crate::ui::state::resolve::resolve(state);
            Ok(format!(
                "{who} pointed at RA {ra:.5}°, Dec {dec:+.5}°: the target is set"
            ))
        }
        Incoming::LoadVotable {
            url,
            table_id,
            name,
        } => load_table(samp, state, &who, &url, table_id, name).await,
        Incoming::LoadFits { url, name, .. } => load_fits(samp, state, &who, &url, name).await,
        Incoming::Other(mtype) => Err(format!("voscope does not handle {mtype}")),
    };
    match &result {
        Ok(text) => samp.note(true, text.clone()),
        Err(e) => samp.note(false, format!("{who} sent {}: {e}", message.mtype)),
    }
    result.map(|_| ())
}

/// Selects rows of the shown table, if it is the one the message means. Returns its
/// row count.
pub fn select(
    samp: Samp,
    table_id: Option<String>,
    url: Option<String>,
    rows: &[u64],
) -> Result<usize, String> {
    let which = table_id
        .clone()
        .or_else(|| url.clone())
        .unwrap_or_else(|| "(no table-id)".into());
    let entry = samp.known.with_value(|k| {
        k.iter()
            .rev()
            .find(|t| match (&table_id, &url) {
                (Some(id), _) => &t.table_id == id,
                (None, Some(u)) => &t.url == u,
                (None, None) => false,
            })
            .cloned()
    });
    let Some(entry) = entry else {
        return Err(format!("voscope has no table {which}"));
    };
    let Some(shown) = samp.shown.get_untracked() else {
        return Err(format!("table {which} is no longer shown in voscope"));
    };
    if !Arc::ptr_eq(&shown.result, &entry.result) {
        return Err(format!("table {which} is no longer shown in voscope"));
    }
    let n = entry.result.table.row_count();
    if let Some(bad) = rows.iter().find(|&&r| r >= n as u64) {
        return Err(format!("row {bad} is beyond the table's {n} rows"));
    }
    let rows32: Vec<u32> = rows.iter().map(|&r| r as u32).collect();
    shown.ctx.select_rows(&rows32);
    shown.ctx.focus_row.set(rows32.first().copied());
    Ok(n)
}

/// Fetches a table a peer sent (directly, else through the hub's URL translator when
/// the source allows no cross-origin reads) and shows it as the result.
/// `table.load.fits`: fetched like a VOTable (directly, else through the hub's
/// translator), then an event list opens in the quick-look, another table in Results.
pub async fn load_fits(
    samp: Samp,
    state: AppState,
    who: &str,
    url: &str,
    name: Option<String>,
) -> Result<String, String> {
    let Some(q) = samp.quicklook else {
        return Err("voscope has no quick-look here".into());
    };
    let (response, via) = fetch_for_peer(samp, url).await?;
    let label = name.unwrap_or_else(|| url.rsplit('/').next().unwrap_or(url).to_owned());
    let direct = via.is_empty().then(|| response.url.clone());
    let done =
        crate::ui::state::quicklook::open_fits(q, state, label, direct, response.body).await?;
    Ok(format!("{who} sent {done}{via}"))
}

/// A URL a peer sent, fetched directly or, if that fails, through the hub's translator.
pub async fn fetch_for_peer(
    samp: Samp,
    url: &str,
) -> Result<(crate::net::HttpResponse, &'static str), String> {
    let translator = samp
        .session
        .with_untracked(|s| s.as_ref().and_then(|r| r.url_translator.clone()));
    let direct = if m::is_http_url(url) {
        crate::net::get(url).await.map_err(|e| e.to_string())
    } else {
        Err(format!("{url} is not an http(s) URL"))
    };
    let (response, via) = match (direct, translator) {
        (Ok(r), _) => (r, ""),
        (Err(first), Some(t)) => (
            crate::net::get(&m::translated(&t, url))
                .await
                .map_err(|e| format!("{first}; through the hub's translator: {e}"))?,
            " (fetched through the hub's URL translator)",
        ),
        (Err(first), None) => return Err(first),
    };
    if response.status >= 400 {
        return Err(format!("{url} answered HTTP {}", response.status));
    }
    Ok((response, via))
}

pub async fn load_table(
    samp: Samp,
    state: AppState,
    who: &str,
    url: &str,
    table_id: Option<String>,
    name: Option<String>,
) -> Result<String, String> {
    let started = js_sys::Date::now();
    let (response, via) = fetch_for_peer(samp, url).await?;
    let parsed = crate::standards::tap::read_result(response.status, &response.body)
        .map_err(|e| e.to_string())?;
    if parsed.doc.tables().is_empty() {
        return Err(format!("{url} holds no table"));
    }
    let label = name.clone().unwrap_or_else(|| url.to_owned());
    let result = Arc::new(ResultSet::from_answer(
        parsed,
        format!("SAMP: {label} (from {who})"),
        String::new(),
        None,
        js_sys::Date::now() - started,
        now_iso(),
    ));
    let rows = result.table.row_count();
    samp.known.update_value(|k| {
        k.push(KnownTable {
            table_id: table_id.unwrap_or_else(|| url.to_owned()),
            url: url.to_owned(),
            result: result.clone(),
        })
    });
    let upload_name =
        crate::standards::tap::upload::name_from_file(name.as_deref().unwrap_or("samp_table"));
    samp.received
        .set(Some((upload_name, result.clone(), Arc::new(response.body))));
    // Newer than any query still running: its late answer is dropped.
    state.run_id.update(|r| *r += 1);
    state.query.set(QueryState::Done(result));
    Ok(format!(
        "{who} sent {label}: {rows} rows, shown in Results{via}"
    ))
}
