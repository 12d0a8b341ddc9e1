//! What voscope sends to peers (tables, selections, positions, FITS products), and
//! how their answers are awaited and said in the log.

use super::*;

/// What the Send buttons work on, or why they cannot.
pub fn table_entry(samp: Samp) -> Result<(Shown, KnownTable, bool), String> {
    let shown = samp
        .shown
        .get()
        .ok_or_else(|| "run a query first: there is no result to send".to_owned())?;
    if let Some(k) = samp.known.with_value(|k| {
        k.iter()
            .rev()
            .find(|t| Arc::ptr_eq(&t.result, &shown.result))
            .cloned()
    }) {
        return Ok((shown, k, true));
    }
    let r = &shown.result;
    let url = page::table_url(&r.service, &r.adql, r.maxrec)?;
    let entry = KnownTable {
        table_id: String::new(),
        url,
        result: r.clone(),
    };
    Ok((shown, entry, false))
}

/// The first selected row (or the focused one).
pub fn chosen_row(shown: &Shown) -> Option<u32> {
    shown
        .ctx
        .focus_row
        .get_untracked()
        .filter(|r| shown.ctx.selection.with_untracked(|s| s.contains(*r)))
        .or_else(|| {
            shown
                .ctx
                .selection
                .with_untracked(|s| s.rows().first().copied())
        })
}

pub fn send(samp: Samp, about: String, message: Message) {
    let label = Pending {
        what: words::what(&message.mtype, &about),
        mtype: message.mtype.clone(),
        about,
    };
    let Some(key) = samp.key() else {
        samp.note(false, "Not connected to a hub.");
        return;
    };
    let recipient = samp.recipient.get_untracked();
    let tag = format!("voscope-tag-{}", samp.next());
    let to = if recipient.is_empty() {
        "all clients".to_owned()
    } else {
        samp.client_name(&recipient)
    };
    samp.pending.update_value(|p| {
        p.insert(tag.clone(), (label.clone(), Default::default()));
    });
    spawn_local(async move {
        let outcome = if recipient.is_empty() {
            match hub(&m::call_all(&key, &tag, &message), CALL_MS).await {
                Ok(r) => m::read_map(&r)
                    .map(|ids| ids.keys())
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e),
            }
        } else {
            match hub(&m::call_one(&key, &recipient, &tag, &message), CALL_MS).await {
                Ok(r) => m::read_string(&r)
                    .map(|_| vec![recipient.clone()])
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e),
            }
        };
        let n = outcome.as_ref().map_or(0, Vec::len);
        if let Ok(ids) = &outcome {
            samp.pending.update_value(|p| {
                // Answers that came before this list are crossed off it.
                if p.get_mut(&tag).is_some_and(|(_, w)| w.list(ids)) {
                    p.remove(&tag);
                }
            });
        }
        match outcome {
            Ok(_) if n == 0 => samp.note_with(
                false,
                format!("No connected client takes {}.", label.what),
                Some(words::detail(&label.mtype, &label.about, None)),
            ),
            Ok(_) => samp.note_with(
                true,
                format!(
                    "Sent {} to {to}{}; waiting for the answer…",
                    label.what,
                    if n > 1 {
                        format!(" ({n} clients)")
                    } else {
                        String::new()
                    }
                ),
                Some(words::detail(&label.mtype, &label.about, None)),
            ),
            Err(e) => samp.note_with(
                false,
                format!("{} could not be sent to {to}: {e}", label.what),
                Some(words::detail(&label.mtype, &label.about, None)),
            ),
        }
        // A peer that never answers (hung, or gone without unregistering) is said so.
        sleep_ms(ANSWER_MS).await;
        let silent = samp.pending.try_update_value(|p| p.remove(&tag)).flatten();
        if let Some((label, waiting)) = silent {
            for id in waiting.left() {
                let who = samp.client_name(&id);
                samp.note_with(
                    false,
                    format!(
                        "{who} gave no answer about {} within {} s.",
                        label.what,
                        ANSWER_MS / 1000
                    ),
                    Some(words::detail(&label.mtype, &label.about, None)),
                );
            }
        }
    });
}

pub fn send_table(samp: Samp) {
    let (_, mut entry, known) = match table_entry(samp) {
        Ok(x) => x,
        Err(e) => return samp.note(false, e),
    };
    if !known {
        // Unique across pages and reloads: TOPCAT refuses a table-id it has seen before.
        entry.table_id = format!("voscope-{:x}-{}", js_sys::Date::now() as u64, samp.next());
        let e = entry.clone();
        samp.known.update_value(|k| k.push(e));
    }
    // TOPCAT labels a table by the name's last ':'-separated part.
    let name = format!(
        "voscope result {}",
        entry.result.queried_at.replace(':', ".")
    );
    let msg = m::load_votable(&entry.url, &entry.table_id, Some(&name));
    send(samp, entry.table_id.clone(), msg);
}

/// The shown result and its chosen row, or a note saying what is missing.
pub fn chosen(samp: Samp) -> Option<(Shown, u32)> {
    let Some(shown) = samp.shown.get_untracked() else {
        samp.note(false, "There is no result.");
        return None;
    };
    let Some(row) = chosen_row(&shown) else {
        samp.note(false, "Select a row first.");
        return None;
    };
    Some((shown, row))
}

pub fn send_position(samp: Samp) {
    let Some((shown, row)) = chosen(samp) else {
        return;
    };
    let t = &shown.result.table;
    let Some((a, b)) = crate::app::plot::data::position_columns(t) else {
        return samp.note(false, "This table has no RA/Dec columns.");
    };
    match (
        t.columns[a].f64_at(row as usize),
        t.columns[b].f64_at(row as usize),
    ) {
        (Some(ra), Some(dec)) if ra.is_finite() && dec.is_finite() => {
            send(samp, format!("row {row}"), m::point_at_sky(ra, dec))
        }
        _ => samp.note(false, format!("Row {row} has no position.")),
    }
}

/// Sends an event list (or any FITS table) by URL to the chosen client, or to all
/// (`table.load.fits`); what happens is said in the SAMP log.
pub fn send_fits_table(url: &str, name: &str) {
    let Some(samp) = use_context::<Samp>() else {
        return;
    };
    if !m::is_http_url(url) {
        return samp.note(false, format!("{name} has no http(s) address to send."));
    }
    send(
        samp,
        name.to_owned(),
        m::load_fits_table(url, url, Some(name)),
    );
}

pub fn send_product(samp: Samp) {
    let Some((shown, row)) = chosen(samp) else {
        return;
    };
    let t = &shown.result.table;
    let text = |c: &str| {
        t.column(c)
            .and_then(|c| c.str_at(row as usize))
            .map(str::to_owned)
    };
    let url = text("access_url").filter(|u| m::is_http_url(u));
    let format = text("access_format").unwrap_or_default();
    match url {
        Some(url) if page::is_fits(&format) => {
            let name = text("obs_id").unwrap_or_else(|| format!("row {row}"));
            send(samp, name.clone(), m::load_fits(&url, &url, Some(&name)));
        }
        Some(_) => samp.note(
            false,
            format!("Row {row}'s product is {format:?}, not FITS."),
        ),
        None => samp.note(false, format!("Row {row} has no http(s) access_url.")),
    }
}

pub fn send_selection(samp: Samp) {
    let (shown, entry, known) = match table_entry(samp) {
        Ok(x) => x,
        Err(e) => return samp.note(false, e),
    };
    if !known {
        return samp.note(false, "Send the table first: the receivers must know it.");
    }
    let rows: Vec<u64> = shown
        .ctx
        .selection
        .with_untracked(|s| s.rows().into_iter().map(u64::from).collect());
    let n = rows.len();
    send(
        samp,
        format!("{n} rows of {}", entry.table_id),
        m::select_row_list(&entry.table_id, &entry.url, &rows),
    );
}
