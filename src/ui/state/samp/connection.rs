//! Finding the hub, registering, pulling callbacks, and the client list: the
//! connection's loop, one per Connect (its generation).

use super::*;

/// A call whose fault and transport errors are one message.
pub async fn hub(
    call: &crate::standards::samp::MethodCall,
    ms: u32,
) -> Result<crate::standards::samp::Response, String> {
    rpc::call(HUB_URL, call, ms)
        .await
        .map_err(|e| e.to_string())
}

/// Looks for a hub, registers, and pulls callbacks, until the generation changes.
pub async fn run(samp: Samp, state: AppState, generation: u64) {
    while samp.current(generation) {
        // A cheap ping first: registering pops up a dialog on the hub's side.
        if let Err(e) = rpc::call(HUB_URL, &m::ping(), CALL_MS).await {
            if !samp.current(generation) {
                return;
            }
            let (blocked, why) = match e {
                CallError::Unreachable(_) | CallError::Timeout(_) => {
                    let host = web_sys::window()
                        .and_then(|w| w.location().hostname().ok())
                        .unwrap_or_default();
                    page::no_hub_reason(&host, local_access().await)
                }
                other => (false, format!("{other}; voscope keeps looking")),
            };
            if !samp.current(generation) {
                return;
            }
            samp.conn.update(|c| {
                if blocked {
                    *c = Conn::Blocked(why);
                } else if !matches!(c, Conn::Lost(_)) {
                    *c = Conn::NoHub(why);
                }
            });
            sleep_ms(PROBE_MS).await;
            continue;
        }
        if !samp.current(generation) {
            return;
        }
        samp.conn.set(Conn::Registering);
        let reg = match rpc::call(HUB_URL, &m::register("voscope"), REGISTER_MS).await {
            Ok(r) => m::read_registration(&r),
            Err(e) => Err(SampError::Shape(e.to_string())),
        };
        if !samp.current(generation) {
            if let Ok(r) = reg {
                let _ = hub(&m::unregister(&r.private_key), CALL_MS).await;
            }
            return;
        }
        let reg = match reg {
            Ok(r) => r,
            Err(e @ SampError::Fault { .. }) => {
                // Asking again would pop the dialog up again: wait for the user.
                storage::remove(STORE_KEY);
                samp.conn.set(Conn::Refused(format!(
                    "The hub refused to register voscope ({e}). Press Connect to ask again."
                )));
                samp.note(false, format!("Registration refused: {e}"));
                return;
            }
            Err(e) => {
                samp.conn
                    .set(Conn::Lost(format!("registration failed: {e}")));
                sleep_ms(PROBE_MS).await;
                continue;
            }
        };
        let key = reg.private_key.clone();
        // (refused by the hub, its words) for the first step that failed.
        let mut failed: Option<(bool, String)> = None;
        for call in m::setup_calls(&key, &metadata()) {
            match hub(&call, CALL_MS).await {
                Err(e) => failed = Some((false, e)),
                Ok(r) => {
                    if let Err(e) = m::read_void(&r) {
                        failed = Some((matches!(e, SampError::Fault { .. }), e.to_string()));
                    }
                }
            }
            if failed.is_some() {
                break;
            }
        }
        match failed {
            None => {}
            // The hub said no to a step: asking again gets the same answer, so leave the
            // registration and wait for the user instead of looping.
            Some((true, e)) => {
                let _ = hub(&m::unregister(&key), CALL_MS).await;
                storage::remove(STORE_KEY);
                samp.conn.set(Conn::Refused(format!(
                    "The hub accepted voscope but refused to set it up ({e}). Press Connect to try again."
                )));
                samp.note(false, format!("Set-up refused by the hub: {e}"));
                return;
            }
            Some((false, e)) => {
                let _ = hub(&m::unregister(&key), CALL_MS).await;
                samp.conn.set(Conn::Lost(format!(
                    "the hub failed while voscope set up: {e}"
                )));
                sleep_ms(PROBE_MS).await;
                continue;
            }
        }
        let hub_id = reg.hub_id.clone();
        samp.session.set(Some(reg));
        samp.conn.set(Conn::Connected);
        samp.note(true, format!("Connected to the hub ({hub_id})."));
        refresh_clients(samp, generation).await;
        // The pull loop: one long poll at a time.
        let lost = loop {
            if !samp.current(generation) {
                return;
            }
            let asked = js_sys::Date::now();
            let mut delivered = false;
            match rpc::call(HUB_URL, &m::pull_callbacks(&key, PULL_S), PULL_MS).await {
                Ok(r) => match m::read_callbacks(&r) {
                    Ok((callbacks, broken)) => {
                        for b in broken {
                            samp.note(false, format!("A callback could not be read: {b}"));
                        }
                        delivered = !callbacks.is_empty();
                        for c in callbacks {
                            handle(samp, state, generation, c);
                        }
                    }
                    Err(SampError::Fault { message, .. }) => {
                        break format!("the hub no longer knows voscope ({})", message.trim())
                    }
                    Err(e) => samp.note(false, format!("pullCallbacks: {e}")),
                },
                Err(e) => break format!("the hub stopped answering ({e})"),
            }
            // Some hubs (astropy's) answer a pull at once instead of holding it: pace
            // the loop so an idle connection costs one small request a second.
            let waited = js_sys::Date::now() - asked;
            if !delivered && waited < MIN_PULL_MS {
                sleep_ms((MIN_PULL_MS - waited) as i32).await;
            }
        };
        if !samp.current(generation) {
            return;
        }
        samp.session.set(None);
        samp.clients.set(Vec::new());
        samp.conn.set(Conn::Lost(format!(
            "{lost}; voscope reconnects when a hub answers again"
        )));
        samp.note(false, format!("Lost the hub: {lost}."));
        sleep_ms(PROBE_MS).await;
    }
}

/// This page's Local Network Access permission (Chromium), read through the Permissions
/// API by name ("loopback-network", then the older "local-network-access"); `Unknown`
/// where the browser knows neither.
pub async fn local_access() -> page::LocalAccess {
    use js_sys::Reflect;
    let Some(w) = web_sys::window() else {
        return page::LocalAccess::Unknown;
    };
    let Ok(perms) = Reflect::get(&w.navigator(), &"permissions".into()) else {
        return page::LocalAccess::Unknown;
    };
    let Some(query) = Reflect::get(&perms, &"query".into())
        .ok()
        .and_then(|q| q.dyn_into::<js_sys::Function>().ok())
    else {
        return page::LocalAccess::Unknown;
    };
    for name in ["loopback-network", "local-network-access"] {
        let desc = js_sys::Object::new();
        let _ = Reflect::set(&desc, &"name".into(), &name.into());
        let Ok(promise) = query
            .call1(&perms, &desc)
            .and_then(|p| p.dyn_into::<js_sys::Promise>())
        else {
            continue;
        };
        if let Ok(status) = wasm_bindgen_futures::JsFuture::from(promise).await {
            if let Some(state) = Reflect::get(&status, &"state".into())
                .ok()
                .and_then(|s| s.as_string())
            {
                return page::LocalAccess::from_state(&state);
            }
        }
    }
    page::LocalAccess::Unknown
}

pub fn metadata() -> Metadata {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split(['?', '#']).next().unwrap_or("").to_owned())
        .filter(|h| m::is_http_url(h));
    let dir = base
        .as_ref()
        .map(|b| b[..b.rfind('/').map_or(b.len(), |p| p + 1)].to_owned());
    Metadata {
        name: "voscope".into(),
        description:
            "A Virtual Observatory client in the browser: TAP queries, ObsCore, results and plots."
                .into(),
        icon_url: dir.as_ref().map(|d| format!("{d}favicon.svg")),
        home_page: base,
    }
}

pub async fn refresh_clients(samp: Samp, generation: u64) {
    let Some(reg) = samp.session.get_untracked() else {
        return;
    };
    let key = reg.private_key.clone();
    let ids = match hub(&m::get_registered_clients(&key), CALL_MS).await {
        Ok(r) => m::read_id_list(&r),
        Err(e) => {
            samp.note(false, format!("The client list could not be read: {e}"));
            return;
        }
    };
    if !samp.current(generation) {
        return;
    }
    let ids = match ids {
        Ok(ids) => ids,
        Err(e) => {
            samp.note(false, format!("The client list could not be read: {e}"));
            return;
        }
    };
    let mut clients = Vec::new();
    for id in ids
        .iter()
        .filter(|i| **i != reg.hub_id && **i != reg.self_id)
    {
        // A Disconnect (or a new Connect) between two calls ends the walk: the old
        // registration's key must not reach the hub after the user said stop.
        if !samp.current(generation) {
            return;
        }
        let md = match hub(&m::get_metadata(&key, id), CALL_MS).await {
            Ok(r) => m::read_map(&r).unwrap_or(crate::standards::samp::SampValue::Map(Vec::new())),
            Err(_) => crate::standards::samp::SampValue::Map(Vec::new()),
        };
        let subs = match hub(&m::get_subscriptions(&key, id), CALL_MS).await {
            Ok(r) => m::read_map(&r).unwrap_or(crate::standards::samp::SampValue::Map(Vec::new())),
            Err(_) => crate::standards::samp::SampValue::Map(Vec::new()),
        };
        clients.push(ClientInfo::from_parts(id, &md, &subs));
    }
    // Who takes what voscope sends, as the hub routes it (JSAMP hides wildcard
    // subscriptions from getSubscriptions).
    for mtype in m::SENT {
        if !samp.current(generation) {
            return;
        }
        if let Ok(r) = hub(&m::get_subscribed_clients(&key, mtype), CALL_MS).await {
            if let Ok(ids) = m::read_map(&r) {
                ClientInfo::add_subscribed(&mut clients, mtype, &ids);
            }
        }
    }
    if samp.current(generation) {
        let chosen = samp.recipient.get_untracked();
        if !chosen.is_empty() && !clients.iter().any(|c| c.id == chosen) {
            samp.recipient.set(String::new());
        }
        samp.clients.set(clients);
    }
}
