//! Any bytes through every UWS reader: a job, a job list, a job description. None may
//! panic; what reads as a form must validate its own defaults without panicking, and
//! every link a job list yields must be http(s).
#![no_main]

use libfuzzer_sys::fuzz_target;
use voscope::standards::uws;

fuzz_target!(|data: &[u8]| {
    let _ = uws::job::parse(data);
    if let Ok(list) = uws::joblist::parse(data, "http://127.0.0.1:8081/tap/async") {
        for j in &list.jobs {
            if let Some(u) = &j.url {
                assert!(uws::url::is_http(u), "{u}");
            }
        }
    }
    if let Ok(form) = uws::jobdesc::parse(data) {
        let values: Vec<(String, String)> = form
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.default.clone().unwrap_or_default()))
            .collect();
        let _ = form.validate(&values);
    }
    let text = String::from_utf8_lossy(data);
    let _ = uws::request::seconds(&text);
    let _ = uws::request::iso_utc(&text);
    if let Some(r) = uws::url::resolve("http://127.0.0.1:8081/tap/async/x", &text) {
        assert!(uws::url::is_http(&r));
    }
});
