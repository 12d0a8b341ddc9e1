//! Components and helpers the panels share. A widget reads the state and may call its
//! actions, but knows no panel.

pub mod adql_editor;
pub mod aggregates;
pub mod chart_view;
pub mod job_card;
pub mod job_manager;
pub mod open_file;
pub mod plots;
pub mod registry_search;
pub mod results_table;
pub mod share_link;
pub mod text_measure;
pub mod uploads;
