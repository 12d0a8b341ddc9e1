//! The messages voscope sends and understands: MTypes, their parameters, what an
//! incoming message asks.

use super::*;

/// A SAMP message: an MType and its parameters (§3.8).
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub mtype: String,
    pub params: Vec<(String, SampValue)>,
}

impl Message {
    pub fn new(mtype: &str, params: Vec<(&str, SampValue)>) -> Message {
        Message {
            mtype: mtype.to_owned(),
            params: params.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        }
    }

    pub fn to_value(&self) -> SampValue {
        SampValue::map([
            ("samp.mtype", SampValue::str(self.mtype.clone())),
            ("samp.params", SampValue::Map(self.params.clone())),
        ])
    }

    pub fn from_value(v: &SampValue) -> Result<Message, SampError> {
        let mtype = v
            .get_str("samp.mtype")
            .filter(|m| !m.is_empty())
            .ok_or_else(|| SampError::Shape("a message without samp.mtype".into()))?;
        let params = match v.get("samp.params") {
            Some(SampValue::Map(m)) => m.clone(),
            None => Vec::new(),
            Some(_) => return Err(SampError::Shape("samp.params is not a map".into())),
        };
        Ok(Message {
            mtype: mtype.to_owned(),
            params,
        })
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.as_str())
    }
}

pub const TABLE_LOAD_VOTABLE: &str = "table.load.votable";
pub const TABLE_LOAD_FITS: &str = "table.load.fits";
pub const TABLE_HIGHLIGHT_ROW: &str = "table.highlight.row";
pub const TABLE_SELECT_ROW_LIST: &str = "table.select.rowList";
pub const COORD_POINT_AT_SKY: &str = "coord.pointAt.sky";
pub const IMAGE_LOAD_FITS: &str = "image.load.fits";
/// What voscope sends, so what the panel asks the hub who takes (`getSubscribedClients`).
pub const SENT: &[&str] = &[
    TABLE_LOAD_VOTABLE,
    TABLE_SELECT_ROW_LIST,
    TABLE_HIGHLIGHT_ROW,
    COORD_POINT_AT_SKY,
    IMAGE_LOAD_FITS,
];
pub const PING: &str = "samp.app.ping";

/// What voscope subscribes to: the messages it acts on, and the hub's events (to keep
/// the client list current and notice a hub shutting down).
pub const SUBSCRIPTIONS: &[&str] = &[
    TABLE_LOAD_VOTABLE,
    TABLE_LOAD_FITS,
    TABLE_HIGHLIGHT_ROW,
    TABLE_SELECT_ROW_LIST,
    COORD_POINT_AT_SKY,
    PING,
    "samp.hub.event.*",
    "samp.hub.disconnect",
];

fn opt(params: &mut Vec<(&'static str, SampValue)>, key: &'static str, v: Option<&str>) {
    if let Some(v) = v.filter(|v| !v.is_empty()) {
        params.push((key, SampValue::str(v)));
    }
}

/// `table.load.votable`: the receiver fetches `url` itself.
pub fn load_votable(url: &str, table_id: &str, name: Option<&str>) -> Message {
    let mut p = vec![
        ("url", SampValue::str(url)),
        ("table-id", SampValue::str(table_id)),
    ];
    opt(&mut p, "name", name);
    Message::new(TABLE_LOAD_VOTABLE, p)
}

/// `table.highlight.row`: `row` counts from 0, in the table's original order.
pub fn highlight_row(table_id: &str, url: &str, row: u64) -> Message {
    Message::new(
        TABLE_HIGHLIGHT_ROW,
        vec![
            ("table-id", SampValue::str(table_id)),
            ("url", SampValue::str(url)),
            ("row", SampValue::Str(row.to_string())),
        ],
    )
}

pub fn select_row_list(table_id: &str, url: &str, rows: &[u64]) -> Message {
    Message::new(
        TABLE_SELECT_ROW_LIST,
        vec![
            ("table-id", SampValue::str(table_id)),
            ("url", SampValue::str(url)),
            (
                "row-list",
                SampValue::List(rows.iter().map(|r| SampValue::Str(r.to_string())).collect()),
            ),
        ],
    )
}

/// Degrees as SAMP floats: enough digits for a milliarcsecond, no exponent.
fn degrees(d: f64) -> String {
    let s = format!("{d:.8}");
    let s = s.trim_end_matches('0');
    s.strip_suffix('.').unwrap_or(s).to_owned()
}

/// `coord.pointAt.sky`: ICRS degrees.
pub fn point_at_sky(ra: f64, dec: f64) -> Message {
    Message::new(
        COORD_POINT_AT_SKY,
        vec![
            ("ra", SampValue::Str(degrees(ra))),
            ("dec", SampValue::Str(degrees(dec))),
        ],
    )
}

/// `table.load.fits`: a FITS table (an event list) the receiver fetches itself.
pub fn load_fits_table(url: &str, table_id: &str, name: Option<&str>) -> Message {
    let mut p = vec![
        ("url", SampValue::str(url)),
        ("table-id", SampValue::str(table_id)),
    ];
    opt(&mut p, "name", name);
    Message::new(TABLE_LOAD_FITS, p)
}

pub fn load_fits(url: &str, image_id: &str, name: Option<&str>) -> Message {
    let mut p = vec![
        ("url", SampValue::str(url)),
        ("image-id", SampValue::str(image_id)),
    ];
    opt(&mut p, "name", name);
    Message::new(IMAGE_LOAD_FITS, p)
}

/// What voscope makes of an incoming message.
#[derive(Clone, Debug, PartialEq)]
pub enum Incoming {
    LoadVotable {
        url: String,
        table_id: Option<String>,
        name: Option<String>,
    },
    /// A FITS table: an event list goes to the quick-look, other tables to the results.
    LoadFits {
        url: String,
        table_id: Option<String>,
        name: Option<String>,
    },
    HighlightRow {
        table_id: Option<String>,
        url: Option<String>,
        row: u64,
    },
    SelectRowList {
        table_id: Option<String>,
        url: Option<String>,
        rows: Vec<u64>,
    },
    PointAtSky {
        ra: f64,
        dec: f64,
    },
    Ping,
    Hub(HubEvent),
    /// Something voscope did not subscribe to.
    Other(String),
}

/// The hub's own notifications (§6.4.1).
#[derive(Clone, Debug, PartialEq)]
pub enum HubEvent {
    /// A client registered, unregistered, or changed its metadata or subscriptions: the
    /// client list should be read again.
    ClientsChanged,
    Shutdown,
    Disconnect(String),
}

fn row_number(text: &str, what: &str) -> Result<u64, String> {
    text.trim()
        .parse::<u64>()
        .map_err(|_| format!("{what} {text:?} is not a row number (0, 1, 2…)"))
}

fn required<'a>(m: &'a Message, key: &str) -> Result<&'a str, String> {
    m.param(key)
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| format!("{} without its {key} parameter", m.mtype))
}

fn nonempty(m: &Message, key: &str) -> Option<String> {
    m.param(key)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Reads an incoming message. The error text is what the reply tells the sender.
pub fn read_incoming(m: &Message) -> Result<Incoming, String> {
    Ok(match m.mtype.as_str() {
        TABLE_LOAD_VOTABLE => Incoming::LoadVotable {
            url: required(m, "url")?.trim().to_owned(),
            table_id: nonempty(m, "table-id"),
            name: nonempty(m, "name"),
        },
        TABLE_LOAD_FITS => Incoming::LoadFits {
            url: required(m, "url")?.trim().to_owned(),
            table_id: nonempty(m, "table-id"),
            name: nonempty(m, "name"),
        },
        TABLE_HIGHLIGHT_ROW => Incoming::HighlightRow {
            table_id: nonempty(m, "table-id"),
            url: nonempty(m, "url"),
            row: row_number(required(m, "row")?, "row")?,
        },
        TABLE_SELECT_ROW_LIST => {
            let rows = match m.params.iter().find(|(k, _)| k == "row-list") {
                Some((_, SampValue::List(items))) => items
                    .iter()
                    .map(|v| match v {
                        SampValue::Str(s) => row_number(s, "row-list entry"),
                        _ => Err("row-list holds something other than strings".to_owned()),
                    })
                    .collect::<Result<Vec<u64>, String>>()?,
                Some(_) => return Err("row-list is not a list".into()),
                None => return Err("table.select.rowList without its row-list parameter".into()),
            };
            Incoming::SelectRowList {
                table_id: nonempty(m, "table-id"),
                url: nonempty(m, "url"),
                rows,
            }
        }
        COORD_POINT_AT_SKY => {
            let num = |key: &str| -> Result<f64, String> {
                let t = required(m, key)?;
                t.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| format!("{key} {t:?} is not a number of degrees"))
            };
            let (ra, dec) = (num("ra")?, num("dec")?);
            if !(-90.0..=90.0).contains(&dec) {
                return Err(format!("dec {dec} is outside -90…+90 degrees"));
            }
            Incoming::PointAtSky {
                ra: ra.rem_euclid(360.0),
                dec,
            }
        }
        PING => Incoming::Ping,
        "samp.hub.event.shutdown" => Incoming::Hub(HubEvent::Shutdown),
        "samp.hub.disconnect" => Incoming::Hub(HubEvent::Disconnect(
            m.param("reason").unwrap_or("").to_owned(),
        )),
        t if t.starts_with("samp.hub.event.") => Incoming::Hub(HubEvent::ClientsChanged),
        other => Incoming::Other(other.to_owned()),
    })
}

/// Whether a subscriptions map's keys cover `mtype` (wildcards as in §3.6: `table.*`, `*`).
pub fn subscribes(subscriptions: &[String], mtype: &str) -> bool {
    subscriptions.iter().any(|s| {
        s == "*"
            || s == mtype
            || s.strip_suffix('*')
                .is_some_and(|prefix| prefix.ends_with('.') && mtype.starts_with(prefix))
    })
}
