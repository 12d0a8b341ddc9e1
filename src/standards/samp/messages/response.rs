//! Responses to calls (§3.9): status, result, error text.

use super::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Ok,
    Warning,
    Error,
    Other(String),
}

/// A response to a SAMP call (§3.9).
#[derive(Clone, Debug, PartialEq)]
pub struct SampResponse {
    pub status: Status,
    pub result: Vec<(String, SampValue)>,
    /// samp.errortxt of samp.error, when there is one.
    pub error_text: Option<String>,
}

impl SampResponse {
    pub fn ok() -> SampResponse {
        SampResponse {
            status: Status::Ok,
            result: Vec::new(),
            error_text: None,
        }
    }

    pub fn error(text: impl Into<String>) -> SampResponse {
        SampResponse {
            status: Status::Error,
            result: Vec::new(),
            error_text: Some(text.into()),
        }
    }

    pub fn to_value(&self) -> SampValue {
        let status = match &self.status {
            Status::Ok => "samp.ok",
            Status::Warning => "samp.warning",
            Status::Error => "samp.error",
            Status::Other(s) => s,
        };
        let mut m = vec![
            ("samp.status".to_owned(), SampValue::str(status)),
            (
                "samp.result".to_owned(),
                SampValue::Map(self.result.clone()),
            ),
        ];
        if let Some(t) = &self.error_text {
            m.push((
                "samp.error".to_owned(),
                SampValue::map([("samp.errortxt", SampValue::str(t.clone()))]),
            ));
        }
        SampValue::Map(m)
    }

    pub fn from_value(v: &SampValue) -> SampResponse {
        let status = match v.get_str("samp.status") {
            Some("samp.ok") => Status::Ok,
            Some("samp.warning") => Status::Warning,
            Some("samp.error") => Status::Error,
            Some(other) => Status::Other(other.to_owned()),
            None => Status::Other(String::new()),
        };
        SampResponse {
            status,
            result: match v.get("samp.result") {
                Some(SampValue::Map(m)) => m.clone(),
                _ => Vec::new(),
            },
            error_text: v
                .get("samp.error")
                .and_then(|e| e.get_str("samp.errortxt"))
                .map(str::to_owned),
        }
    }

    /// One line for the UI: "samp.ok", "samp.error: no such table".
    pub fn summary(&self) -> String {
        let status = match &self.status {
            Status::Ok => "samp.ok".to_owned(),
            Status::Warning => "samp.warning".to_owned(),
            Status::Error => "samp.error".to_owned(),
            Status::Other(s) if s.is_empty() => "no status".to_owned(),
            Status::Other(s) => s.clone(),
        };
        match &self.error_text {
            Some(t) if !t.trim().is_empty() => format!("{status}: {}", t.trim()),
            _ => status,
        }
    }
}
