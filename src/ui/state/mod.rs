//! What the page knows, as signals shared by the panels through context, and the actions
//! on it: this module and its children are the one place a query's life is followed,
//! from the form (`query::generated_adql`) through the run (`query::run_query`, or
//! `uws::run_async`) to the recorded history (`history::record`) and the shown result.

pub mod address;
pub mod boot;
pub mod history;
pub mod launch;
pub mod query;
pub mod quicklook;
pub mod resolve;
pub mod result_context;
pub mod samp;
pub mod service;
pub mod storage;
pub mod uws;

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::app::config::Config;
use crate::standards::tap::TapResult;
use crate::standards::vosi::{Availability, TableSet, TapCapability};
use crate::standards::votable::{Param, Table};

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
    /// "Simbad", "NED", "VizieR", or "typed coordinates".
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
    /// ISO 8601 UTC time the query was sent.
    pub queried_at: String,
    /// Every PARAM of the answer: (name, value, unit).
    pub params: Vec<(String, String, String)>,
    /// For an async job's result: what the job took on the service ("job 12ab ran
    /// 2.1 s"), so that `elapsed_ms` reads as the download it is.
    pub job_note: Option<String>,
}

impl ResultSet {
    /// A service's answer (or a file's content) as the results view holds it: the results
    /// table, with every INFO and PARAM of the document, and the PARAMs outside the table
    /// attached to it so that exports keep them.
    pub fn from_answer(
        mut answer: TapResult,
        service: String,
        adql: String,
        maxrec: Option<u64>,
        elapsed_ms: f64,
        queried_at: String,
    ) -> ResultSet {
        let infos = answer
            .doc
            .all_infos()
            .into_iter()
            .map(|i| (i.name.clone(), i.value.clone(), i.content.clone()))
            .collect();
        let all_params: Vec<Param> = answer.doc.all_params().into_iter().cloned().collect();
        let params = all_params
            .iter()
            .map(|p| {
                let unit = p.field.unit.clone().unwrap_or_default();
                (p.field.name.clone(), p.value.clone(), unit)
            })
            .collect();
        let mut table = answer.doc.take_results_table().unwrap_or_default();
        for p in all_params {
            if !table
                .meta
                .params
                .iter()
                .any(|q| q.field.name == p.field.name)
            {
                table.meta.params.push(p);
            }
        }
        ResultSet {
            table,
            overflow: answer.overflow,
            warnings: std::mem::take(&mut answer.doc.warnings),
            infos,
            service,
            adql,
            maxrec,
            elapsed_ms,
            queried_at,
            params,
            job_note: None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub enum QueryState {
    #[default]
    Idle,
    /// Waiting for an answer or reading it: how far it got is in `AppState::progress`,
    /// apart, so that a progress step redraws the status line and not the preview.
    Running {
        service: String,
        /// The first rows, while the answer arrives.
        preview: Option<Arc<ResultSet>>,
    },
    Done(Arc<ResultSet>),
    /// An async (UWS) query runs: its card (the job of `uws::UwsState` with this key)
    /// stands where the answer will be.
    Job(u64),
    Failed(String),
    /// The user stopped it; what was typed stays, and the message says how far it got.
    Cancelled(String),
}

impl AppState {
    /// Shows that `service`'s answer is awaited, nothing received yet; `total` bytes
    /// expected when known (a file's size).
    pub fn start_running(&self, service: String, total: Option<f64>) {
        self.progress.set(crate::app::progress::Progress::new(
            crate::app::progress::Unit::Bytes,
            total,
            crate::net::schedule::now_ms(),
        ));
        self.query.set(QueryState::Running {
            service,
            preview: None,
        });
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub enum ResolveState {
    #[default]
    Idle,
    Resolving(String),
    Failed(String),
}

/// What the chosen service says about itself (VOSI), loaded when the URL changes.
#[derive(Clone, Debug, Default)]
pub struct ServiceInfo {
    /// The base URL these facts are about.
    pub url: String,
    pub loading: bool,
    pub capabilities: Option<Arc<TapCapability>>,
    pub availability: Option<Availability>,
    /// Why something could not be learnt (the service may still answer queries).
    pub problems: Vec<String>,
}

/// The service's tables, for the schema browser and the editor's completion.
#[derive(Clone, Debug, Default)]
pub struct SchemaState {
    pub url: String,
    pub loading: bool,
    pub tables: Arc<TableSet>,
    /// "VOSI /tables" or "TAP_SCHEMA".
    pub source: String,
    pub error: Option<String>,
}

/// A local table sent with the query (TAP UPLOAD).
#[derive(Clone, Debug, PartialEq)]
pub struct Upload {
    /// The name it is queried under: TAP_UPLOAD.<name>.
    pub name: String,
    pub file_name: String,
    pub bytes: Arc<Vec<u8>>,
    pub rows: usize,
    pub columns: Vec<String>,
}

/// The choice lists of the ObsCore form, filled by DISTINCT queries.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Choices {
    pub dataproduct_types: Vec<String>,
    pub collections: Vec<String>,
    pub facilities: Vec<String>,
    /// Why the lists could not be filled (no ivoa.obscore, service down…).
    pub note: Option<String>,
}

/// The page's state. Fields hold what the user typed, as typed: a bad value is reported
/// where it is used, never thrown away.
#[derive(Clone, Copy)]
pub struct AppState {
    pub config: RwSignal<Config>,
    pub service_url: RwSignal<String>,
    pub service: RwSignal<ServiceInfo>,
    pub schema: RwSignal<SchemaState>,
    pub sesame_url: RwSignal<String>,
    pub sesame_resolvers: RwSignal<String>,
    pub target: RwSignal<String>,
    pub radius: RwSignal<String>,
    /// What the cone is tested against: "field" (s_region) or "pointing" (s_ra, s_dec).
    pub cone_test: RwSignal<String>,
    pub top: RwSignal<String>,
    pub maxrec: RwSignal<String>,
    /// MAXREC was typed by the user: the service's default no longer replaces it.
    pub maxrec_edited: RwSignal<bool>,
    pub position: RwSignal<Option<Position>>,
    pub resolve: RwSignal<ResolveState>,
    /// Names resolved in this session: (resolvers, mirror, name) → position.
    pub resolved_cache: StoredValue<HashMap<String, Position>>,
    // The ObsCore form, as typed.
    pub time_start: RwSignal<String>,
    pub time_end: RwSignal<String>,
    pub energy_min: RwSignal<String>,
    pub energy_max: RwSignal<String>,
    pub energy_unit: RwSignal<String>,
    pub dataproduct_types: RwSignal<Vec<String>>,
    pub calib_levels: RwSignal<Vec<u8>>,
    pub collections: RwSignal<Vec<String>>,
    pub facilities: RwSignal<Vec<String>>,
    pub choices: RwSignal<Choices>,
    pub adql: RwSignal<String>,
    /// The user changed the ADQL by hand: form changes no longer overwrite it.
    pub adql_edited: RwSignal<bool>,
    pub form_error: RwSignal<Option<String>>,
    /// The answer's format asked of a sync query: "" (the service's VOTable, read while it
    /// arrives) or "fits" (RESPONSEFORMAT=fits, read whole).
    pub response_format: RwSignal<String>,
    pub uploads: RwSignal<Vec<Upload>>,
    pub query: RwSignal<QueryState>,
    /// How far the running query (or file, or job result) got: rows, bytes, rate.
    pub progress: RwSignal<crate::app::progress::Progress>,
    /// Incremented per query; a late answer of an older query is dropped.
    pub run_id: RwSignal<u64>,
    /// Stops the running query (the Cancel button).
    pub query_cancel: StoredValue<Option<crate::net::Cancel>, LocalStorage>,
    /// Stops the running name resolution.
    pub resolve_cancel: StoredValue<Option<crate::net::Cancel>, LocalStorage>,
    /// The results view shown (and written into the page's link).
    pub result_view: RwSignal<crate::app::launch::View>,
    /// The queries run, newest first (kept in local storage).
    pub history: RwSignal<crate::app::history::History>,
    /// The ADQL editor's textarea: found through its node, not by id, because an
    /// embedded instance lives in a shadow root that `document.getElementById` can't see.
    pub adql_area: NodeRef<leptos::html::Textarea>,
    /// Where the user last put the caret in the ADQL (None until they do): names picked
    /// in the schema browser go there, not at the end.
    pub adql_caret: StoredValue<Option<usize>>,
}

impl AppState {
    pub fn new(config: Config) -> AppState {
        let default_adql = config.default_adql.trim().to_owned();
        AppState {
            service_url: RwSignal::new(
                config
                    .services
                    .first()
                    .map(|s| s.url.clone())
                    .unwrap_or_default(),
            ),
            service: RwSignal::new(ServiceInfo::default()),
            schema: RwSignal::new(SchemaState::default()),
            sesame_url: RwSignal::new(config.sesame_url.clone()),
            sesame_resolvers: RwSignal::new(config.sesame_resolvers.clone()),
            target: RwSignal::new(config.default_target.clone()),
            radius: RwSignal::new(config.default_radius_deg.to_string()),
            cone_test: RwSignal::new("field".into()),
            top: RwSignal::new(config.default_top.to_string()),
            maxrec: RwSignal::new(config.default_maxrec.to_string()),
            maxrec_edited: RwSignal::new(false),
            config: RwSignal::new(config),
            position: RwSignal::new(None),
            resolve: RwSignal::new(ResolveState::Idle),
            resolved_cache: StoredValue::new(HashMap::new()),
            time_start: RwSignal::new(String::new()),
            time_end: RwSignal::new(String::new()),
            energy_min: RwSignal::new(String::new()),
            energy_max: RwSignal::new(String::new()),
            energy_unit: RwSignal::new("TeV".into()),
            dataproduct_types: RwSignal::new(Vec::new()),
            calib_levels: RwSignal::new(Vec::new()),
            collections: RwSignal::new(Vec::new()),
            facilities: RwSignal::new(Vec::new()),
            choices: RwSignal::new(Choices::default()),
            adql_edited: RwSignal::new(!default_adql.is_empty()),
            adql: RwSignal::new(default_adql),
            form_error: RwSignal::new(None),
            response_format: RwSignal::new(String::new()),
            uploads: RwSignal::new(Vec::new()),
            query: RwSignal::new(QueryState::Idle),
            progress: RwSignal::new(crate::app::progress::Progress::new(
                crate::app::progress::Unit::Bytes,
                None,
                0.0,
            )),
            run_id: RwSignal::new(0),
            query_cancel: StoredValue::new_local(None),
            resolve_cancel: StoredValue::new_local(None),
            result_view: RwSignal::new(crate::app::launch::View::Table),
            adql_area: NodeRef::new(),
            adql_caret: StoredValue::new(None),
            history: RwSignal::new(crate::app::history::History::from_json(
                &storage::load("history").unwrap_or_default(),
            )),
        }
    }
}

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}

/// The id of the element that holds the answer (rows, job card, message): it is focused,
/// and so brought into view, when an action asks for an answer.
pub const ANSWER_ID: &str = "answer";

/// Brings the answer into view and gives it the focus (after the next render), so the
/// user sees at once what their action did, on a phone as on a desktop.
pub fn focus_answer() {
    crate::ui::util::focus_soon(ANSWER_ID);
}
