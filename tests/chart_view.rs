//! The chart widget in headless Chromium: quick-look charts built by the pure code are
//! drawn on their canvas, with their notes as text and their exports offered.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use leptos::prelude::*;
use voscope::app::plot::chart::{Axis, Chart, Series, Style};
use voscope::ui::ChartView;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount(chart: Arc<Chart>) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), move || view! { <ChartView chart=chart/> }).forget();
    host
}

/// Canvas pixels that are not white.
fn ink(host: &web_sys::HtmlElement, selector: &str) -> usize {
    let canvas: web_sys::HtmlCanvasElement = host
        .query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into();
    let ctx: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let data = ctx
        .get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64)
        .unwrap()
        .data();
    data.chunks(4)
        .filter(|p| p[3] > 0 && (p[0] < 230 || p[1] < 230 || p[2] < 230))
        .count()
}

#[wasm_bindgen_test]
async fn a_histogram_is_drawn_and_its_notes_stay_text() {
    let chart = Chart {
        id: "theta2-test".into(),
        title: "θ²".into(),
        x: Axis::new("θ²", "deg2"),
        y: Axis::new("events", ""),
        series: vec![Series {
            label: "ON".into(),
            rgb: (31, 95, 191),
            style: Style::Steps,
            x: vec![0.0, 0.01, 0.02, 0.03],
            y: vec![120.0, 40.0, 20.0],
            err: None,
        }],
        notes: vec!["<img src=x onerror=alert(1)> N_on = 120".into()],
        ..Chart::default()
    };
    let host = mount(Arc::new(chart));
    leptos::task::tick().await;
    assert!(ink(&host, "#chart-theta2-test canvas") > 2000);
    let notes = host.query_selector("ul.notes li").unwrap().unwrap();
    assert_eq!(
        notes.text_content().unwrap(),
        "<img src=x onerror=alert(1)> N_on = 120"
    );
    assert!(host.query_selector("ul.notes img").unwrap().is_none());
    let buttons: Vec<String> = {
        let list = host.query_selector_all("figure button").unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().text_content().unwrap())
            .collect()
    };
    assert_eq!(
        buttons,
        ["SVG", "PNG", "numbers (CSV)", "numbers (VOTable)"]
    );
}

#[wasm_bindgen_test]
async fn a_counts_map_of_a_real_run_lays_its_pixels_in() {
    let target = (83.633, 22.0145);
    let mut map = voscope::app::quicklook::counts_map::CountsMap::new(
        voscope::app::quicklook::counts_map::MapGeometry::quicklook(target.0, target.1),
        voscope::app::quicklook::EnergyRange::default(),
    );
    // A bright spot at the target and a faint disc around it.
    let (mut ra, mut dec) = (Vec::new(), Vec::new());
    for k in 0..4000 {
        let a = k as f64 * 0.618;
        let r = if k % 4 == 0 { 0.03 } else { 1.2 } * ((k % 97) as f64 / 97.0);
        ra.push(target.0 + r * a.cos() / target.1.to_radians().cos());
        dec.push(target.1 + r * a.sin());
    }
    let energy = vec![1.0; ra.len()];
    map.fill(&ra, &dec, &energy);
    let mut stack = voscope::app::quicklook::stack::Stack::new(
        voscope::app::quicklook::stack::StackConfig::quicklook(target),
    );
    stack.counts_map = map;
    let chart =
        voscope::app::quicklook::charts::counts_map(&stack, &[(target.0, target.1 + 0.5)], true);
    let host = mount(Arc::new(chart));
    leptos::task::tick().await;
    assert!(ink(&host, "#chart-counts-map canvas") > 50_000);
}
