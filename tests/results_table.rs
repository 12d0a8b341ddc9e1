//! The results table component, rendered in headless Chromium from parsed fixtures.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use leptos::prelude::*;
use voscope::standards::votable;
use voscope::ui::{ResultSet, ResultsTable};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn result_from(bytes: &[u8]) -> Arc<ResultSet> {
    let mut doc = votable::parse(bytes).expect("fixture parses");
    let table = doc.take_results_table().expect("fixture has a table");
    Arc::new(ResultSet {
        table,
        overflow: false,
        warnings: Vec::new(),
        infos: Vec::new(),
        service: "fixture".into(),
        adql: String::new(),
        maxrec: None,
        elapsed_ms: 0.0,
        queried_at: "2026-11-24T00:00:00Z".into(),
        params: Vec::new(),
        job_note: None,
    })
}

fn mount(result: Arc<ResultSet>) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(
        host.clone(),
        move || view! { <ResultsTable result=result/> },
    );
    handle.forget();
    host
}

fn texts(host: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let list = host.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn renders_names_units_and_cells_of_a_tabledata_result() {
    // A real GAVO DC result (100 rows, TABLEDATA).
    let host = mount(result_from(include_bytes!(
        "fixtures/votable/taplib_testdata.vot"
    )));
    leptos::task::tick().await;
    let headers = texts(&host, "thead th .name");
    assert_eq!(headers, vec!["sourceid", "alpha", "delta", "magg"]);
    let units = texts(&host, "thead th .unit");
    assert_eq!(units, vec!["deg", "deg", "mag"]);
    // The rows in view (a 600 px viewport of 24 px rows, and 4 rows of overscan twice:
    // 25 + 2 * 4), not all 100; the first alpha cell as the file writes it.
    assert_eq!(
        host.query_selector_all("tbody tr:not(.spacer)")
            .unwrap()
            .length(),
        600 / 24 + 2 * 4
    );
    let first_row = texts(&host, "tbody tr:not(.spacer) td");
    // RA as written, with its sexagesimal form (315.1963° / 15 = 21h00m47.11s).
    assert_eq!(first_row[1], "315.196288862219 (21:00:47.11)");
    assert_eq!(
        texts(&host, "#page-info"),
        vec!["rows 1–33 of 100".to_owned()]
    );
    // Descriptions travel as tooltips.
    let th = host.query_selector("thead th").unwrap().unwrap();
    let title = th.get_attribute("title").unwrap_or_default();
    assert!(
        title.contains("GUMS source identifier") && title.contains("meta.id;meta.main"),
        "{title}"
    );
}

#[wasm_bindgen_test]
async fn pages_through_a_binary2_result_and_links_only_http() {
    let host = mount(result_from(include_bytes!(
        "fixtures/votable/astropy_binary2_masked_strings.xml"
    )));
    leptos::task::tick().await;
    let links = host.query_selector_all("tbody a").unwrap();
    assert!(links.length() > 0);
    for i in 0..links.length() {
        let a: web_sys::Element = links.item(i).unwrap().unchecked_into();
        let href = a.get_attribute("href").unwrap();
        assert!(
            href.starts_with("http://") || href.starts_with("https://"),
            "{href}"
        );
        assert_eq!(
            a.get_attribute("rel").as_deref(),
            Some("noopener noreferrer")
        );
    }
    // Masked (null) string cells render empty and marked.
    assert!(host.query_selector_all("td.null").unwrap().length() > 0);
}

#[wasm_bindgen_test]
async fn markup_in_cells_stays_text() {
    let doc = br#"<VOTABLE><RESOURCE type="results"><TABLE>
      <FIELD name="name" datatype="char" arraysize="*"><DESCRIPTION>&lt;img src=x onerror=alert(1)&gt;</DESCRIPTION></FIELD>
      <FIELD name="url" datatype="char" arraysize="*"/>
      <DATA><TABLEDATA><TR><TD>&lt;script&gt;window.pwned=1&lt;/script&gt;</TD><TD>javascript:alert(1)</TD></TR></TABLEDATA></DATA>
      </TABLE></RESOURCE></VOTABLE>"#;
    let host = mount(result_from(doc));
    leptos::task::tick().await;
    assert_eq!(host.query_selector_all("tbody script").unwrap().length(), 0);
    assert_eq!(host.query_selector_all("tbody a").unwrap().length(), 0);
    let cells = texts(&host, "tbody td");
    assert_eq!(cells[0], "<script>window.pwned=1</script>");
    assert_eq!(cells[1], "javascript:alert(1)");
}

/// A synthetic table of `n` rows: id, a value counting down, a label.
fn synthetic(n: usize) -> Arc<ResultSet> {
    let mut doc = String::from(
        r#"<VOTABLE><RESOURCE type="results"><TABLE><FIELD name="id" datatype="int"/>
        <FIELD name="x" datatype="double" unit="TeV"/><FIELD name="label" datatype="char" arraysize="*"/>
        <DATA><TABLEDATA>"#,
    );
    for i in 0..n {
        doc.push_str(&format!(
            "<TR><TD>{i}</TD><TD>{}</TD><TD>{}</TD></TR>",
            (n - i) as f64 / 10.0,
            if i % 3 == 0 { "crab" } else { "vela" }
        ));
    }
    doc.push_str("</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>");
    result_from(doc.as_bytes())
}

fn scroll_to(host: &web_sys::HtmlElement, top: i32) {
    let el: web_sys::HtmlElement = host
        .query_selector("#results-scroll")
        .unwrap()
        .unwrap()
        .unchecked_into();
    el.style().set_property("height", "300px").unwrap();
    el.style().set_property("overflow", "auto").unwrap();
    el.set_scroll_top(top);
    el.dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn scrolling_a_large_table_keeps_the_dom_bounded() {
    let host = mount(synthetic(20_000));
    leptos::task::tick().await;
    let rendered = || {
        host.query_selector_all("tbody tr:not(.spacer)")
            .unwrap()
            .length()
    };
    assert!(rendered() <= 200, "{}", rendered());
    // Scroll to row 10,000: the rows shown are those around it, still a bounded number.
    scroll_to(&host, 24 * 10_000);
    leptos::task::tick().await;
    let ids = texts(&host, "tbody tr:not(.spacer) td:first-child");
    assert!(rendered() <= 200, "{}", rendered());
    let first: usize = ids[0].parse().unwrap();
    assert!((9_980..=10_000).contains(&first), "{first}");
    // The spacers keep the full height: 20,000 rows of 24 px.
    let scroll: web_sys::HtmlElement = host
        .query_selector("#results-scroll")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(
        scroll.scroll_height() >= 24 * 20_000,
        "{}",
        scroll.scroll_height()
    );
}

#[wasm_bindgen_test]
async fn sorting_and_filtering_change_the_rows_shown() {
    let host = mount(synthetic(1_000));
    leptos::task::tick().await;
    // Click the x header: ascending x is descending id.
    let buttons = host.query_selector_all("thead th button.sort").unwrap();
    let x: web_sys::HtmlElement = buttons.item(1).unwrap().unchecked_into();
    x.click();
    leptos::task::tick().await;
    let ids = texts(&host, "tbody tr:not(.spacer) td:first-child");
    assert_eq!(&ids[..3], &["999", "998", "997"]);
    // Filter label = crab and x > 50: ids divisible by 3 with (1000 - id) / 10 > 50.
    let inputs = host.query_selector_all("input.col-filter").unwrap();
    for (k, text) in [(2, "crab"), (1, "> 50")] {
        let input: web_sys::HtmlInputElement = inputs.item(k).unwrap().unchecked_into();
        input.set_value(text);
        input
            .dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
    }
    leptos::task::tick().await;
    let expected = (0..1000)
        .filter(|i| i % 3 == 0 && (1000 - i) as f64 / 10.0 > 50.0)
        .count();
    let info = texts(&host, "#page-info").join("");
    assert!(
        info.contains(&format!("of {expected} (filtered from 1000)")),
        "{info}"
    );
    let ids = texts(&host, "tbody tr:not(.spacer) td:first-child");
    // Still sorted by x ascending: the largest qualifying id first.
    assert_eq!(ids[0], "498");
    // Clicking a row selects it, and the status says so.
    let row: web_sys::HtmlElement = host
        .query_selector("tbody tr:not(.spacer)")
        .unwrap()
        .unwrap()
        .unchecked_into();
    row.click();
    leptos::task::tick().await;
    assert_eq!(row.get_attribute("aria-selected").as_deref(), Some("true"));
    assert!(texts(&host, "#page-info").join("").contains("1 selected"));
}
