//! Any bytes as a Sesame answer (what a broken or hostile resolver could send), and any
//! text as the name asked and the resolver letters. None may panic. An answer that reads
//! has a resolver with a finite position, the first such is `best`; one that does not is
//! `NotFound` for the name asked, or `Malformed`. The request URL keeps the name in its
//! query string, percent-encoded, and only resolver letters in its path.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voscope::standards::sesame::{parse, request_url, SesameError};

fuzz_target!(|data: &[u8]| {
    // The name asked is the input's first line (at most 64 bytes), the answer all of it.
    let line = data.split(|&b| b == b'\n').next().unwrap_or(b"");
    let asked = String::from_utf8_lossy(&line[..line.len().min(64)]);
    match parse(data, &asked) {
        Ok(r) => {
            let best = r.best().expect("a found answer has a position");
            let (ra, dec) = best.position().unwrap();
            assert!(ra.is_finite() && dec.is_finite());
            assert!(r
                .resolvers
                .iter()
                .position(|x| x.position().is_some())
                .is_some());
            for x in &r.resolvers {
                let _ = x.short_name();
            }
            assert!(!r.name.is_empty() || asked.is_empty());
        }
        Err(SesameError::NotFound { name, .. }) => assert_eq!(name, asked),
        Err(SesameError::Malformed(_)) => {}
    }
    let url = request_url("http://127.0.0.1:8082/cgi-bin/nph-sesame/", &asked, &asked);
    let (path, query) = url.split_once('?').expect("a query string");
    let letters = path
        .strip_prefix("http://127.0.0.1:8082/cgi-bin/nph-sesame/-oxpI/")
        .expect("the base");
    assert!(
        !letters.is_empty() && letters.chars().all(|c| "SNVA~".contains(c)),
        "{url}"
    );
    let mut bytes = Vec::new();
    let q = query.as_bytes();
    let mut i = 0;
    while i < q.len() {
        if q[i] == b'%' {
            let hex = std::str::from_utf8(&q[i + 1..i + 3]).expect("hex");
            bytes.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            assert!(
                q[i].is_ascii_alphanumeric() || b"-_.~".contains(&q[i]),
                "{url}"
            );
            bytes.push(q[i]);
            i += 1;
        }
    }
    assert_eq!(String::from_utf8(bytes).unwrap(), asked.trim());
});
