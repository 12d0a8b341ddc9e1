//! The state of one result on screen, shared by its table, plots and exports: sort,
//! filters, column order and visibility, and the row selection (linked everywhere).

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::cells::{self, Rendering};
use crate::app::tableview::{self, parse_filter, Filter, RowSet, Sort};
use crate::ui::state::ResultSet;

#[derive(Clone, Copy)]
pub struct ResultContext {
    pub result: StoredValue<Arc<ResultSet>>,
    /// How each column is shown (decided once per result).
    pub renderings: StoredValue<Arc<Vec<Rendering>>>,
    pub sort: RwSignal<Option<Sort>>,
    /// Per column, the filter text as typed ("crab", "> 5", "1..10").
    pub filter_text: RwSignal<Vec<String>>,
    /// Shown columns, in display order.
    pub columns: RwSignal<Vec<usize>>,
    pub selection: RwSignal<Arc<RowSet>>,
    /// The rows shown, after filters and sort.
    pub rows: Memo<Arc<Vec<u32>>>,
    /// A row to bring into view (set by plots and SAMP highlights).
    pub focus_row: RwSignal<Option<u32>>,
}

impl ResultContext {
    pub fn new(result: Arc<ResultSet>) -> ResultContext {
        let table = &result.table;
        let renderings: Vec<Rendering> = table
            .fields
            .iter()
            .zip(&table.columns)
            .map(|(f, c)| cells::rendering(f, c))
            .collect();
        // Wide ObsCore results open on the columns an astronomer reads first.
        let opening = cells::opening_columns(&table.fields, &renderings);
        let ncols = table.fields.len();
        let nrows = table.row_count();
        let numeric_columns = crate::app::plot::data::numeric_columns(table);
        let numeric: Vec<bool> = (0..ncols).map(|j| numeric_columns.contains(&j)).collect();
        let stored = StoredValue::new(result);
        let sort = RwSignal::new(None);
        let filter_text = RwSignal::new(vec![String::new(); ncols]);
        let shown_as = renderings.clone();
        let rows = Memo::new(move |_| {
            // Bounds are typed in the unit the column is shown in (TeV, dates, MB).
            let filters: Vec<Filter> = filter_text
                .get()
                .iter()
                .enumerate()
                .filter_map(|(j, t)| {
                    let r = &shown_as[j];
                    let raw = |text: &str| cells::typed_to_raw(r, text);
                    parse_filter(j, t, numeric[j], &raw, cells::reverses_order(r))
                })
                .collect();
            let s = sort.get();
            let rows = stored.with_value(|r| Arc::new(tableview::rows(&r.table, &filters, s)));
            crate::ui::util::perf_mark("voscope:rows-indexed");
            rows
        });
        ResultContext {
            result: stored,
            renderings: StoredValue::new(Arc::new(renderings)),
            sort,
            filter_text,
            columns: RwSignal::new(opening),
            selection: RwSignal::new(Arc::new(RowSet::new(nrows))),
            rows,
            focus_row: RwSignal::new(None),
        }
    }

    pub fn toggle_row(&self, row: u32) {
        self.selection.update(|s| Arc::make_mut(s).toggle(row));
    }

    pub fn select_rows(&self, rows: &[u32]) {
        let n = self.result.with_value(|r| r.table.row_count());
        let mut set = RowSet::new(n);
        for &r in rows {
            set.insert(r);
        }
        self.selection.set(Arc::new(set));
    }
}
