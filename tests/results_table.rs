//! The results table component, rendered in headless Chromium from parsed fixtures.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use leptos::prelude::*;
use voscope::ui::{ResultSet, ResultsTable};
use voscope::votable;
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
    // One page of 100 rows; the first alpha cell as the file writes it.
    assert_eq!(host.query_selector_all("tbody tr").unwrap().length(), 100);
    let first_row = texts(&host, "tbody tr:first-child td");
    assert_eq!(first_row[1], "315.196288862219");
    assert_eq!(
        texts(&host, "#page-info"),
        vec!["rows 1–100 of 100".to_owned()]
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
