//! The job card's fields, rendered in headless Chromium from a hostile job document: every
//! service string shows as text, and only http(s) results and by-reference values become
//! links.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use leptos::prelude::*;
use voscope::standards::uws;
use voscope::ui::JobFields;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const HOSTILE: &[u8] = br#"<uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1">
<uws:jobId>&lt;img src=x onerror=alert(1)&gt;</uws:jobId>
<uws:runId>&lt;b&gt;bold&lt;/b&gt;</uws:runId>
<uws:phase>ERROR</uws:phase>
<uws:executionDuration>0</uws:executionDuration>
<uws:parameters>
<uws:parameter id="up" byReference="true">file:///etc/passwd</uws:parameter>
<uws:parameter id="ok" byReference="true">https://example.org/param/ok</uws:parameter>
</uws:parameters>
<uws:results>
<uws:result id="evil" xlink:href="javascript:alert(1)"/>
<uws:result id="good" xlink:href="https://example.org/result.fits" size="2048" mime-type="image/fits"/>
</uws:results>
<uws:errorSummary type="transient" hasDetail="true"><uws:message>&lt;script&gt;x()&lt;/script&gt; went wrong</uws:message></uws:errorSummary>
<uws:jobInfo><progress><![CDATA[<script>y()</script>]]></progress></uws:jobInfo>
</uws:job>"#;

fn mount(job: uws::Job) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let job = Arc::new(job);
    let handle =
        leptos::mount::mount_to(host.clone(), move || view! { <JobFields job=job.clone()/> });
    handle.forget();
    host
}

fn text(host: &web_sys::HtmlElement, selector: &str) -> String {
    host.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn service_text_is_text_and_only_http_links_are_links() {
    let job = uws::job::parse(HOSTILE).expect("the document parses");
    let host = mount(job);
    leptos::task::tick().await;
    // Markup in service strings is shown, never interpreted.
    assert_eq!(
        text(&host, ".job-field-jobid"),
        "<img src=x onerror=alert(1)>"
    );
    assert_eq!(text(&host, ".job-field-runid"), "<b>bold</b>");
    assert!(host.query_selector("img").unwrap().is_none());
    assert!(host.query_selector("b").unwrap().is_none());
    assert!(host.query_selector("script").unwrap().is_none());
    assert!(text(&host, ".job-error-summary").contains("<script>x()</script> went wrong"));
    assert!(text(&host, ".job-error-summary").contains("Error (transient)"));
    assert_eq!(
        text(&host, ".job-info pre"),
        "<progress><![CDATA[<script>y()</script>]]></progress>"
    );
    assert_eq!(text(&host, ".job-field-duration"), "0 (no limit)");
    // Links: exactly the two http(s) ones.
    let links = host.query_selector_all("a").unwrap();
    let hrefs: Vec<String> = (0..links.length())
        .map(|i| {
            links
                .item(i)
                .unwrap()
                .unchecked_into::<web_sys::Element>()
                .get_attribute("href")
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        hrefs,
        vec![
            "https://example.org/param/ok",
            "https://example.org/result.fits"
        ]
    );
    let all = host.text_content().unwrap_or_default();
    assert!(all.contains("javascript:alert(1)"), "shown as text");
    assert!(all.contains("file:///etc/passwd"), "shown as text");
    let good = host
        .query_selector_all(".job-result")
        .unwrap()
        .item(1)
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert_eq!(
        good,
        "good: https://example.org/result.fits (image/fits, 2 kB)"
    );
}
