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

mod connection;
mod receive;
mod send;

pub use connection::*;
pub use receive::*;
pub use send::*;

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

/// Who a call still waits for. A peer can answer before the hub has said whom the call
/// went to (JSAMP hands TOPCAT's answer over before `callAll` returns): those answers
/// are kept until the list comes, so the call is not forgotten while others still owe
/// an answer.
#[derive(Clone, Debug, Default)]
pub struct Waiting {
    /// The recipients the hub named, once it has.
    pub listed: Option<Vec<String>>,
    /// Who answered before the list came.
    pub early: Vec<String>,
}

impl Waiting {
    /// The hub named the recipients: those not yet answered are waited for. True when
    /// nobody is left.
    pub fn list(&mut self, ids: &[String]) -> bool {
        let left: Vec<String> = ids
            .iter()
            .filter(|id| !self.early.contains(id))
            .cloned()
            .collect();
        let done = left.is_empty();
        self.listed = Some(left);
        done
    }

    /// `id` answered. True when nobody is left.
    pub fn answered(&mut self, id: &str) -> bool {
        match &mut self.listed {
            Some(left) => {
                left.retain(|x| x != id);
                left.is_empty()
            }
            None => {
                self.early.push(id.to_owned());
                false
            }
        }
    }

    /// Who is still waited for (none known before the list).
    pub fn left(self) -> Vec<String> {
        self.listed.unwrap_or_default()
    }
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
    pub pending: StoredValue<HashMap<String, (Pending, Waiting)>>,
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
