//! The hub's methods (Web Profile: `samp.webhub.*`; the private key first, except
//! `register`), as XML-RPC calls.

use super::*;

fn call(method: &str, params: Vec<Value>) -> MethodCall {
    MethodCall {
        method: format!("samp.webhub.{method}"),
        params,
    }
}

fn key(private_key: &str) -> Value {
    Value::str(private_key)
}

/// `register(identity-info)`: the name is what the hub shows in its consent dialog.
pub fn register(name: &str) -> MethodCall {
    call(
        "register",
        vec![SampValue::map([("samp.name", SampValue::str(name))]).to_xmlrpc()],
    )
}

pub fn unregister(private_key: &str) -> MethodCall {
    call("unregister", vec![key(private_key)])
}

pub fn ping() -> MethodCall {
    call("ping", Vec::new())
}

/// voscope's metadata (§3.5 keys).
#[derive(Clone, Debug, PartialEq)]
pub struct Metadata {
    pub name: String,
    pub description: String,
    pub icon_url: Option<String>,
    pub home_page: Option<String>,
}

pub fn declare_metadata(private_key: &str, m: &Metadata) -> MethodCall {
    let mut pairs = vec![
        ("samp.name", SampValue::str(m.name.clone())),
        (
            "samp.description.text",
            SampValue::str(m.description.clone()),
        ),
    ];
    if let Some(i) = &m.icon_url {
        pairs.push(("samp.icon.url", SampValue::str(i.clone())));
    }
    if let Some(h) = &m.home_page {
        pairs.push(("home.page", SampValue::str(h.clone())));
    }
    call(
        "declareMetadata",
        vec![key(private_key), SampValue::map(pairs).to_xmlrpc()],
    )
}

pub fn declare_subscriptions(private_key: &str, mtypes: &[&str]) -> MethodCall {
    let subs = SampValue::map(mtypes.iter().map(|m| (*m, SampValue::Map(Vec::new()))));
    call(
        "declareSubscriptions",
        vec![key(private_key), subs.to_xmlrpc()],
    )
}

/// The calls that set a fresh registration up, in the order every hub accepts: metadata,
/// then callbacks allowed, then subscriptions. JSAMP refuses `declareSubscriptions` from a
/// web client that is not yet callable ("Client is not callable"); astropy's hub takes any
/// order, so the order here is the one both accept.
pub fn setup_calls(private_key: &str, m: &Metadata) -> Vec<MethodCall> {
    vec![
        declare_metadata(private_key, m),
        allow_reverse_callbacks(private_key, true),
        declare_subscriptions(private_key, SUBSCRIPTIONS),
    ]
}

pub fn get_registered_clients(private_key: &str) -> MethodCall {
    call("getRegisteredClients", vec![key(private_key)])
}

pub fn get_subscribed_clients(private_key: &str, mtype: &str) -> MethodCall {
    call(
        "getSubscribedClients",
        vec![key(private_key), Value::str(mtype)],
    )
}

pub fn get_metadata(private_key: &str, client_id: &str) -> MethodCall {
    call("getMetadata", vec![key(private_key), Value::str(client_id)])
}

pub fn get_subscriptions(private_key: &str, client_id: &str) -> MethodCall {
    call(
        "getSubscriptions",
        vec![key(private_key), Value::str(client_id)],
    )
}

pub fn notify(private_key: &str, recipient: &str, m: &Message) -> MethodCall {
    call(
        "notify",
        vec![
            key(private_key),
            Value::str(recipient),
            m.to_value().to_xmlrpc(),
        ],
    )
}

pub fn notify_all(private_key: &str, m: &Message) -> MethodCall {
    call(
        "notifyAll",
        vec![key(private_key), m.to_value().to_xmlrpc()],
    )
}

/// `call`: the response comes back later as a `receiveResponse` callback with `tag`.
pub fn call_one(private_key: &str, recipient: &str, tag: &str, m: &Message) -> MethodCall {
    call(
        "call",
        vec![
            key(private_key),
            Value::str(recipient),
            Value::str(tag),
            m.to_value().to_xmlrpc(),
        ],
    )
}

pub fn call_all(private_key: &str, tag: &str, m: &Message) -> MethodCall {
    call(
        "callAll",
        vec![key(private_key), Value::str(tag), m.to_value().to_xmlrpc()],
    )
}

pub fn reply(private_key: &str, msg_id: &str, r: &SampResponse) -> MethodCall {
    call(
        "reply",
        vec![
            key(private_key),
            Value::str(msg_id),
            r.to_value().to_xmlrpc(),
        ],
    )
}

pub fn allow_reverse_callbacks(private_key: &str, allow: bool) -> MethodCall {
    call(
        "allowReverseCallbacks",
        vec![key(private_key), Value::str(if allow { "1" } else { "0" })],
    )
}

/// `pullCallbacks(key, timeout)`: the hub holds the request up to `timeout_s` seconds
/// while it has nothing to deliver (a long poll).
pub fn pull_callbacks(private_key: &str, timeout_s: u32) -> MethodCall {
    call(
        "pullCallbacks",
        vec![key(private_key), Value::Str(timeout_s.to_string())],
    )
}
