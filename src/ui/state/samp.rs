//! The SAMP panel: voscope as a Web Profile client of the hub on http://localhost:21012,
//! sending results to TOPCAT, Aladin and the like, and acting on what they send back.
//!
//! Nothing goes to the hub until the user presses Connect (the choice is remembered in
//! local storage, and forgotten on Disconnect or a refusal). Once asked, the panel
//! keeps looking for a hub every few seconds (one small ping), registers when one
//! appears, and pulls callbacks by long poll; a hub that stops answering shows as lost
//! and is looked for again. Everything typed elsewhere on the page is left alone.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::net::xmlrpc::{self as rpc, CallError};
use crate::standards::samp::messages::{self as m, HUB_URL};
use crate::standards::samp::{page, words};
use crate::standards::samp::{
    Callback, ClientInfo, HubEvent, Incoming, Message, Metadata, Registration, SampError,
    SampResponse,
};
use crate::ui::state::result_context::ResultContext;
use crate::ui::state::storage;
use crate::ui::state::{AppState, QueryState, ResultSet};
use crate::ui::util::{now_iso, sleep_ms};

/// Ordinary calls; a hub answers them at once.
pub const CALL_MS: u32 = 5_000;
/// Registration waits for the user to answer the hub's consent dialog.
pub const REGISTER_MS: u32 = 120_000;
/// The hub holds a pull this long when it has nothing to deliver…
pub const PULL_S: u32 = 10;
/// …so the HTTP call may take a little longer.
pub const PULL_MS: u32 = PULL_S * 1000 + 8_000;
/// How long a peer has to answer a call before the panel says it did not.
pub const ANSWER_MS: i32 = 30_000;
/// The shortest time between two pulls that delivered nothing.
pub const MIN_PULL_MS: f64 = 700.0;
/// How often to look for a hub while there is none.
pub const PROBE_MS: i32 = 3_000;
pub const LOG_LINES: usize = 40;
pub const STORE_KEY: &str = "samp.connect";

#[derive(Clone, Debug, PartialEq)]
pub enum Conn {
    /// The user has not asked to connect: nothing is sent.
    Off,
    /// Asked to connect; the first look for a hub is on its way.
    Looking,
    /// Asked to connect; no hub answered yet.
    NoHub(String),
    /// Asked to connect; the browser keeps this page from the hub (Local Network Access
    /// denied for a page that is not on this machine). Looked for again all the same.
    Blocked(String),
    /// `register` is on its way; the hub may be asking the user.
    Registering,
    Connected,
    /// The hub (or the user, in its dialog) refused the registration.
    Refused(String),
    /// Connected, then the hub went away; looking for it again.
    Lost(String),
}

impl Conn {
    pub fn key(&self) -> &'static str {
        match self {
            Conn::Off => "off",
            Conn::Looking => "looking",
            Conn::NoHub(_) => "nohub",
            Conn::Blocked(_) => "blocked",
            Conn::Registering => "registering",
            Conn::Connected => "connected",
            Conn::Refused(_) => "refused",
            Conn::Lost(_) => "lost",
        }
    }
}

/// The result on screen, as the results view shows it.
#[derive(Clone)]
pub struct Shown {
    pub ctx: ResultContext,
    pub result: Arc<ResultSet>,
}

/// A table the peers know under an id: one voscope sent, or one it received.
#[derive(Clone)]
pub struct KnownTable {
    pub table_id: String,
    pub url: String,
    pub result: Arc<ResultSet>,
}

/// A table a peer sent: its upload name, the result, the VOTable's bytes.
pub type Received = (String, Arc<ResultSet>, Arc<Vec<u8>>);

#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    pub ok: bool,
    pub text: String,
    /// The technical form (MType, SAMP status), shown as the line's tooltip.
    pub detail: Option<String>,
}

/// A message sent and not yet answered by everyone: what it carried, in words and as
/// MType and subject.
#[derive(Clone, Debug)]
pub struct Pending {
    pub what: String,
    pub mtype: String,
    pub about: String,
}

/// The SAMP link of the page (context): the connection and what it knows.
#[derive(Clone, Copy)]
pub struct Samp {
    pub conn: RwSignal<Conn>,
    pub session: RwSignal<Option<Registration>>,
    /// Bumped on every connect and disconnect: a loop of an older one stops.
    pub generation: StoredValue<u64>,
    pub clients: RwSignal<Vec<ClientInfo>>,
    pub log: RwSignal<Vec<LogLine>>,
    /// "" for all clients, else a client id.
    pub recipient: RwSignal<String>,
    pub shown: RwSignal<Option<Shown>>,
    pub known: StoredValue<Vec<KnownTable>>,
    /// A table received from a peer, offered as a TAP upload.
    pub received: RwSignal<Option<Received>>,
    /// Call tags → what was sent and who has not answered yet.
    pub pending: StoredValue<HashMap<String, (Pending, Vec<String>)>>,
    pub counter: StoredValue<u64>,
    /// Where event lists that peers send go (taken at set-up: a message is handled
    /// outside any component, where context cannot be read).
    pub quicklook: Option<crate::ui::state::quicklook::Quicklook>,
}

/// Makes the SAMP link available to the panel and to the results view.
pub fn provide() {
    let quicklook = use_context::<crate::ui::state::quicklook::Quicklook>();
    // What the quick-look asks to send goes out as table.load.fits.
    if let Some(q) = quicklook {
        Effect::new(move |_| {
            if let Some((url, name)) = q.to_send.get() {
                q.to_send.set(None);
                send_fits_table(&url, &name);
            }
        });
    }
    provide_context(Samp {
        conn: RwSignal::new(Conn::Off),
        session: RwSignal::new(None),
        generation: StoredValue::new(0),
        clients: RwSignal::new(Vec::new()),
        log: RwSignal::new(Vec::new()),
        recipient: RwSignal::new(String::new()),
        shown: RwSignal::new(None),
        known: StoredValue::new(Vec::new()),
        received: RwSignal::new(None),
        pending: StoredValue::new(HashMap::new()),
        counter: StoredValue::new(0),
        quicklook,
    });
}

/// Called by the results view for the result it shows: SAMP highlights and selections
/// then drive its table and plots.
pub fn attach(ctx: ResultContext, result: Arc<ResultSet>) {
    let Some(samp) = use_context::<Samp>() else {
        return;
    };
    samp.shown.set(Some(Shown {
        ctx,
        result: result.clone(),
    }));
    on_cleanup(move || {
        let mine = samp
            .shown
            .try_with_untracked(|s| s.as_ref().is_some_and(|s| Arc::ptr_eq(&s.result, &result)))
            .unwrap_or(false);
        if mine {
            samp.shown.try_set(None);
        }
    });
}

impl Samp {
    pub fn note(&self, ok: bool, text: impl Into<String>) {
        self.note_with(ok, text, None);
    }

    pub fn note_with(&self, ok: bool, text: impl Into<String>, detail: Option<String>) {
        let line = LogLine {
            ok,
            text: text.into(),
            detail,
        };
        self.log.update(|l| {
            l.insert(0, line);
            l.truncate(LOG_LINES);
        });
    }

    pub fn next(&self) -> u64 {
        self.counter.update_value(|c| *c += 1);
        self.counter.get_value()
    }

    pub fn current(&self, generation: u64) -> bool {
        self.generation.try_get_value() == Some(generation)
    }

    pub fn key(&self) -> Option<String> {
        self.session
            .with_untracked(|s| s.as_ref().map(|r| r.private_key.clone()))
    }

    pub fn client_name(&self, id: &str) -> String {
        self.clients.with_untracked(|c| {
            c.iter()
                .find(|c| c.id == id)
                .map(|c| c.label().to_owned())
                .unwrap_or_else(|| id.to_owned())
        })
    }

    pub fn connect(self, state: AppState) {
        storage::save(STORE_KEY, "1");
        self.generation.update_value(|g| *g += 1);
        let generation = self.generation.get_value();
        self.conn.set(Conn::Looking);
        spawn_local(run(self, state, generation));
    }

    pub fn disconnect(self) {
        storage::remove(STORE_KEY);
        self.generation.update_value(|g| *g += 1);
        if let Some(key) = self.key() {
            spawn_local(async move {
                let _ = rpc::call(HUB_URL, &m::unregister(&key), CALL_MS).await;
            });
        }
        self.session.set(None);
        self.clients.set(Vec::new());
        self.conn.set(Conn::Off);
        self.note(true, "Disconnected from the hub.");
    }
}

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
                        waiting.retain(|id| *id != responder);
                        if waiting.is_empty() {
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
        p.insert(tag.clone(), (label.clone(), Vec::new()));
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
                if let Some((_, waiting)) = p.get_mut(&tag) {
                    // Answers that came before this list are already crossed off.
                    waiting.extend(ids.iter().cloned());
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
            for id in waiting {
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
