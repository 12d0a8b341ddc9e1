//! What the page knows, as signals shared by the panels through context.

use std::sync::Arc;

use leptos::prelude::*;

use crate::config::Config;
use crate::votable::Table;

/// A resolved (or typed) target position.
#[derive(Clone, Debug, PartialEq)]
pub struct Position {
    pub ra: f64,
    pub dec: f64,
    /// What the user asked for.
    pub query: String,
    /// Sesame's main identifier, object type, resolver used, aliases.
    pub oname: Option<String>,
    pub otype: Option<String>,
    pub resolver: String,
    pub jpos: Option<String>,
    pub aliases: Vec<String>,
}

/// A finished query's result and where it came from.
#[derive(Debug)]
pub struct ResultSet {
    pub table: Table,
    pub overflow: bool,
    pub warnings: Vec<String>,
    /// Every INFO of the answer: (name, value, content).
    pub infos: Vec<(String, String, String)>,
    pub service: String,
    pub adql: String,
    pub maxrec: Option<u64>,
    pub elapsed_ms: f64,
}

#[derive(Clone, Debug, Default)]
pub enum QueryState {
    #[default]
    Idle,
    Running {
        service: String,
        /// Bytes and rows received so far, and the first rows, while the answer arrives.
        bytes: usize,
        rows: usize,
        preview: Option<Arc<ResultSet>>,
    },
    Done(Arc<ResultSet>),
    Failed(String),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub enum ResolveState {
    #[default]
    Idle,
    Resolving(String),
    Failed(String),
}

/// The page's state. Fields hold what the user typed, as typed: a bad value is reported
/// where it is used, never thrown away.
#[derive(Clone, Copy)]
pub struct AppState {
    pub config: RwSignal<Config>,
    pub service_url: RwSignal<String>,
    pub sesame_url: RwSignal<String>,
    pub sesame_resolvers: RwSignal<String>,
    pub target: RwSignal<String>,
    pub radius: RwSignal<String>,
    pub top: RwSignal<String>,
    pub maxrec: RwSignal<String>,
    pub position: RwSignal<Option<Position>>,
    pub resolve: RwSignal<ResolveState>,
    pub adql: RwSignal<String>,
    /// The user changed the ADQL by hand: form changes no longer overwrite it.
    pub adql_edited: RwSignal<bool>,
    pub form_error: RwSignal<Option<String>>,
    pub query: RwSignal<QueryState>,
    /// Incremented per query; a late answer of an older query is dropped.
    pub run_id: RwSignal<u64>,
}

impl AppState {
    pub fn new(config: Config) -> AppState {
        AppState {
            service_url: RwSignal::new(
                config
                    .services
                    .first()
                    .map(|s| s.url.clone())
                    .unwrap_or_default(),
            ),
            sesame_url: RwSignal::new(config.sesame_url.clone()),
            sesame_resolvers: RwSignal::new(config.sesame_resolvers.clone()),
            target: RwSignal::new(config.default_target.clone()),
            radius: RwSignal::new(config.default_radius_deg.to_string()),
            top: RwSignal::new(config.default_top.to_string()),
            maxrec: RwSignal::new(config.default_maxrec.to_string()),
            config: RwSignal::new(config),
            position: RwSignal::new(None),
            resolve: RwSignal::new(ResolveState::Idle),
            adql: RwSignal::new(String::new()),
            adql_edited: RwSignal::new(false),
            form_error: RwSignal::new(None),
            query: RwSignal::new(QueryState::Idle),
            run_id: RwSignal::new(0),
        }
    }
}

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}
