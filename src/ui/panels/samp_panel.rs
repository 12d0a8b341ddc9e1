//! The SAMP panel: Connect, the hub's clients, what to send to whom, and the log. The
//! connection and the messages are `state::samp`'s.

use leptos::prelude::*;

use crate::net::xmlrpc as rpc;
use crate::standards::samp::messages::{self as m, HUB_URL};
use crate::standards::samp::{page, words};
use crate::ui::state::samp::*;
use crate::ui::state::storage;
use crate::ui::state::{use_state, Upload};

#[component]
pub fn SampPanel() -> impl IntoView {
    let state = use_state();
    let samp = expect_context::<Samp>();
    if storage::load(STORE_KEY).as_deref() == Some("1") {
        samp.connect(state);
    }
    // Unregister when the page goes away (a keepalive request outlives the page).
    let _ = window_event_listener_untyped("pagehide", move |_| {
        if let Some(key) = samp.key() {
            rpc::send_on_unload(HUB_URL, &m::unregister(&key));
        }
    });
    let hint = web_sys::window().and_then(|w| {
        let l = w.location();
        page::origin_hint(&l.protocol().ok()?, &l.hostname().ok()?)
    });
    let status = move || {
        match samp.conn.get() {
        Conn::Off => "Not connected. Connect to send results to TOPCAT, Aladin or other SAMP tools on this computer; nothing is sent before you do.".to_owned(),
        Conn::Looking => "Looking for a SAMP hub on http://localhost:21012…".to_owned(),
        Conn::NoHub(why) => format!("No hub: {why}."),
        Conn::Blocked(why) => format!("Blocked: {why}."),
        Conn::Registering => "Registering with the hub… (it may ask you to accept voscope)".to_owned(),
        Conn::Connected => "Connected to the SAMP hub.".to_owned(),
        Conn::Refused(why) => format!("Refused: {why}"),
        Conn::Lost(why) => format!("Lost: {why}."),
    }
    };
    let connected = move || samp.conn.with(|c| *c == Conn::Connected);
    let idle = move || {
        samp.conn
            .with(|c| matches!(c, Conn::Off | Conn::Refused(_)))
    };
    let table_problem = move || table_entry(samp).err();
    let takes = move |mtype: &'static str| {
        move || {
            let r = samp.recipient.get();
            samp.clients.with(|cs| {
                cs.iter()
                    .any(|c| (r.is_empty() || c.id == r) && c.subscribes(mtype))
            })
        }
    };
    let order_note = move || {
        samp.shown
            .get()
            .and_then(|s| page::order_note(&s.result.adql))
    };
    view! {
        <section class="panel samp" id="samp-panel" aria-labelledby="samp-h">
            <h2 id="samp-h">"SAMP: TOPCAT, Aladin…"</h2>
            <p class="status" role="status" id="samp-status" data-state=move || samp.conn.with(|c| c.key())>{status}</p>
            {hint.map(|h| view! { <p class="hint warn" id="samp-hint">{h}</p> })}
            <div class="row tight">
                {move || if idle() {
                    view! { <button type="button" id="samp-connect" on:click=move |_| samp.connect(state)>"Connect"</button> }.into_any()
                } else {
                    view! { <button type="button" id="samp-disconnect" on:click=move |_| samp.disconnect()>"Disconnect"</button> }.into_any()
                }}
            </div>
            {move || connected().then(|| view! {
                <h3>"Other clients"</h3>
                <ul class="samp-clients" id="samp-clients">
                    {move || {
                        let cs = samp.clients.get();
                        if cs.is_empty() {
                            return view! { <li class="hint">"No other client is registered."</li> }.into_any();
                        }
                        cs.into_iter().map(|c| {
                            let relevant: Vec<&str> = [m::TABLE_LOAD_VOTABLE, m::IMAGE_LOAD_FITS, m::COORD_POINT_AT_SKY, m::TABLE_HIGHLIGHT_ROW]
                                .into_iter()
                                .filter(|t| c.subscribes(t))
                                .collect();
                            let subs = words::takes(&relevant);
                            let tech = format!("{} subscriptions: {}", c.subscriptions.len(), relevant.join(", "));
                            let badge = words::initials(c.label());
                            view! {
                                <li class="samp-client" data-client-id=c.id.clone()>
                                    // The client's icon is on another origin, which the page's
                                    // strict CSP (img-src 'self') refuses: initials instead.
                                    <span class="samp-badge" aria-hidden="true">{badge}</span>
                                    <span class="name">{c.label().to_owned()}</span>
                                    " "
                                    <span class="hint" title=tech>{subs}</span>
                                </li>
                            }
                        }).collect_view().into_any()
                    }}
                </ul>
                <label for="samp-recipient">"Send to"</label>
                <select id="samp-recipient" on:change=move |ev| samp.recipient.set(event_target_value(&ev))
                    prop:value=move || samp.recipient.get()>
                    <option value="">"all clients"</option>
                    {move || samp.clients.get().into_iter().map(|c| {
                        let id = c.id.clone();
                        view! { <option value=id>{c.label().to_owned()}</option> }
                    }).collect_view()}
                </select>
                <div class="row tight">
                    <button type="button" id="samp-send-table"
                        disabled=move || table_problem().is_some() || !takes(m::TABLE_LOAD_VOTABLE)()
                        title=move || table_problem().unwrap_or_default()
                        on:click=move |_| send_table(samp)>"Send table"</button>
                    <button type="button" id="samp-send-selection"
                        disabled=move || samp.shown.get().is_none() || !takes(m::TABLE_SELECT_ROW_LIST)()
                        on:click=move |_| send_selection(samp)>"Send selection"</button>
                    <button type="button" id="samp-send-position"
                        disabled=move || samp.shown.get().is_none() || !takes(m::COORD_POINT_AT_SKY)()
                        title="The position of the selected row"
                        on:click=move |_| send_position(samp)>"Send row position"</button>
                    <button type="button" id="samp-send-fits"
                        disabled=move || samp.shown.get().is_none() || !takes(m::IMAGE_LOAD_FITS)()
                        title="The selected row's FITS product, to an image viewer"
                        on:click=move |_| send_product(samp)>"Send FITS product"</button>
                </div>
                {move || table_problem().map(|p| view! { <p class="hint" id="samp-table-problem">{p}</p> })}
                {move || order_note().map(|n| view! { <p class="hint" id="samp-order-note">{n}</p> })}
            })}
            {move || samp.received.get().map(|(name, result, bytes)| {
                let rows = result.table.row_count();
                let columns: Vec<String> = result.table.fields.iter().map(|f| f.name.clone()).collect();
                view! {
                    <div class="row tight">
                        <button type="button" id="samp-use-upload" on:click=move |_| {
                            state.uploads.update(|u| {
                                let mut n = name.clone();
                                let mut k = 2;
                                while u.iter().any(|x| x.name == n) {
                                    n = format!("{name}_{k}");
                                    k += 1;
                                }
                                u.push(Upload {
                                    name: n,
                                    file_name: "from SAMP".into(),
                                    bytes: bytes.clone(),
                                    rows,
                                    columns: columns.clone(),
                                });
                            });
                        }>"Use the received table as a TAP upload"</button>
                    </div>
                }
            })}
            <ol class="samp-log" id="samp-log" aria-live="polite">
                {move || samp.log.get().into_iter().map(|l| view! {
                    <li class:error=!l.ok title=l.detail.unwrap_or_default()>{l.text}</li>
                }).collect_view()}
            </ol>
        </section>
    }
}
