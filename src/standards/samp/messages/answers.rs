//! Reading the hub's answers: registration, client lists and metadata, pulled callbacks.

use super::*;

fn value(r: &Response) -> Result<SampValue, SampError> {
    match r {
        Response::Ok(v) => Ok(SampValue::from_xmlrpc(v)),
        Response::Fault { code, message } => Err(SampError::Fault {
            code: *code,
            message: message.clone(),
        }),
    }
}

/// What `register` gives back.
#[derive(Clone, Debug, PartialEq)]
pub struct Registration {
    pub private_key: String,
    pub hub_id: String,
    pub self_id: String,
    /// The hub's URL translator (append the URL, percent-encoded): fetches a resource
    /// for a web client that could not read it itself.
    pub url_translator: Option<String>,
}

pub fn read_registration(r: &Response) -> Result<Registration, SampError> {
    let v = value(r)?;
    let s = |k: &str| v.get_str(k).map(str::to_owned);
    Ok(Registration {
        private_key: s("samp.private-key")
            .filter(|k| !k.is_empty())
            .ok_or_else(|| SampError::Shape("register gave no samp.private-key".into()))?,
        hub_id: s("samp.hub-id").unwrap_or_default(),
        self_id: s("samp.self-id").unwrap_or_default(),
        url_translator: s("samp.url-translator").filter(|u| !u.is_empty()),
    })
}

/// An answer whose value does not matter (declare*, notify, reply, unregister…): only a
/// fault counts.
pub fn read_void(r: &Response) -> Result<(), SampError> {
    value(r).map(|_| ())
}

/// A string answer (`call` gives the message id).
pub fn read_string(r: &Response) -> Result<String, SampError> {
    match value(r)? {
        SampValue::Str(s) => Ok(s),
        _ => Err(SampError::Shape("a string was expected".into())),
    }
}

/// A list of strings (`getRegisteredClients`, `notifyAll`).
pub fn read_id_list(r: &Response) -> Result<Vec<String>, SampError> {
    match value(r)? {
        SampValue::List(items) => items
            .into_iter()
            .map(|i| match i {
                SampValue::Str(s) => Ok(s),
                _ => Err(SampError::Shape("a list of client ids was expected".into())),
            })
            .collect(),
        // A hub that answers an empty list as an empty string.
        SampValue::Str(s) if s.is_empty() => Ok(Vec::new()),
        _ => Err(SampError::Shape("a list of client ids was expected".into())),
    }
}

/// A map (`getMetadata`, `getSubscriptions`, `getSubscribedClients`, `callAll`).
pub fn read_map(r: &Response) -> Result<SampValue, SampError> {
    match value(r)? {
        m @ SampValue::Map(_) => Ok(m),
        SampValue::Str(s) if s.is_empty() => Ok(SampValue::Map(Vec::new())),
        _ => Err(SampError::Shape("a map was expected".into())),
    }
}

/// Another client, as the panel lists it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClientInfo {
    pub id: String,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Only an http(s) URL: anything else (javascript:, file:, data:) is dropped.
    pub icon_url: Option<String>,
    pub subscriptions: Vec<String>,
}

impl ClientInfo {
    pub fn from_parts(id: &str, metadata: &SampValue, subscriptions: &SampValue) -> ClientInfo {
        let text = |k: &str| {
            metadata
                .get_str(k)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        ClientInfo {
            id: id.to_owned(),
            name: text("samp.name"),
            description: text("samp.description.text"),
            icon_url: text("samp.icon.url").filter(|u| is_http_url(u)),
            subscriptions: subscriptions.keys(),
        }
    }

    /// Adds `mtype` to the subscriptions of the clients the hub names for it
    /// (`getSubscribedClients`: a map whose keys are client ids). JSAMP shows a web
    /// client only the subscriptions to MTypes it may send, so a client subscribed to
    /// `*` (a logger, a recorder) looks subscribed to `samp.app.ping` alone in
    /// `getSubscriptions`; asked by MType, the hub names it.
    pub fn add_subscribed(clients: &mut [ClientInfo], mtype: &str, subscribed: &SampValue) {
        let ids = subscribed.keys();
        for c in clients.iter_mut().filter(|c| ids.contains(&c.id)) {
            if !c.subscribes(mtype) {
                c.subscriptions.push(mtype.to_owned());
            }
        }
    }

    /// The name to show: the client's, else its id.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    pub fn subscribes(&self, mtype: &str) -> bool {
        subscribes(&self.subscriptions, mtype)
    }
}

pub fn is_http_url(u: &str) -> bool {
    let lower = u.trim_start().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && lower.len() > 8
}

/// A callback pulled from the hub (§5.2.4: `samp.methodName` and `samp.params`).
#[derive(Clone, Debug, PartialEq)]
pub enum Callback {
    Notification {
        sender: String,
        message: Message,
    },
    Call {
        sender: String,
        msg_id: String,
        message: Message,
    },
    Response {
        responder: String,
        tag: String,
        response: SampResponse,
    },
}

fn read_callback(v: &SampValue) -> Result<Callback, SampError> {
    let method = v
        .get_str("samp.methodName")
        .ok_or_else(|| SampError::Shape("a callback without samp.methodName".into()))?;
    let params = match v.get("samp.params") {
        Some(SampValue::List(p)) => p.as_slice(),
        _ => {
            return Err(SampError::Shape(format!(
                "{method}: samp.params is not a list"
            )))
        }
    };
    let text = |i: usize| -> Result<String, SampError> {
        params
            .get(i)
            .and_then(SampValue::as_str)
            .map(str::to_owned)
            .ok_or_else(|| {
                SampError::Shape(format!("{method}: parameter {} is not a string", i + 1))
            })
    };
    let arg = |i: usize| {
        params
            .get(i)
            .ok_or_else(|| SampError::Shape(format!("{method}: parameter {} is missing", i + 1)))
    };
    // Hubs name them with or without the samp.webclient. prefix.
    match method.strip_prefix("samp.webclient.").unwrap_or(method) {
        "receiveNotification" => Ok(Callback::Notification {
            sender: text(0)?,
            message: Message::from_value(arg(1)?)?,
        }),
        "receiveCall" => Ok(Callback::Call {
            sender: text(0)?,
            msg_id: text(1)?,
            message: Message::from_value(arg(2)?)?,
        }),
        "receiveResponse" => Ok(Callback::Response {
            responder: text(0)?,
            tag: text(1)?,
            response: SampResponse::from_value(arg(2)?),
        }),
        other => Err(SampError::Shape(format!("unknown callback {other}"))),
    }
}

/// The answer of `pullCallbacks`: every callback that could be read, and a message for
/// each that could not (one broken callback does not lose the others).
pub fn read_callbacks(r: &Response) -> Result<(Vec<Callback>, Vec<String>), SampError> {
    let items = match value(r)? {
        SampValue::List(items) => items,
        SampValue::Str(s) if s.is_empty() => Vec::new(),
        _ => return Err(SampError::Shape("pullCallbacks gave no list".into())),
    };
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for i in &items {
        match read_callback(i) {
            Ok(c) => good.push(c),
            Err(e) => bad.push(e.to_string()),
        }
    }
    Ok((good, bad))
}

/// The URL to fetch `url` through the hub's translator (which proxies anything,
/// file:// included: only ever hand it URLs a SAMP peer sent).
pub fn translated(translator: &str, url: &str) -> String {
    format!(
        "{translator}{}",
        crate::standards::tap::sync::form_encode(url).replace('+', "%20")
    )
}
