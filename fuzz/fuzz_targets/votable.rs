//! The VOTable reader on arbitrary bytes: whole, and streamed in chunks whose sizes the
//! input chooses. Neither may panic, hang or allocate beyond the input's bound, and both
//! must agree on the rows, or both reject the input (a document with several faults may
//! be rejected for a different one of them: the whole reader checks UTF-8 first).
#![no_main]

use libfuzzer_sys::fuzz_target;
use voscope::standards::votable::{parse, StreamReader};

fuzz_target!(|data: &[u8]| {
    let whole = parse(data);
    // The first byte picks the chunk size for the streamed reading.
    let chunk = 1 + data.first().copied().unwrap_or(0) as usize * 7;
    let mut reader = StreamReader::new();
    let mut streamed = Ok(());
    for piece in data.chunks(chunk) {
        streamed = reader.feed(piece);
        if streamed.is_err() {
            break;
        }
    }
    let streamed = streamed.and_then(|()| reader.finish());
    match (&whole, &streamed) {
        (Ok(a), Ok(b)) => {
            let rows = |d: &voscope::standards::votable::VoTable| d.tables().iter().map(|t| t.row_count()).collect::<Vec<_>>();
            assert_eq!(rows(a), rows(b));
        }
        (Err(_), Err(_)) => {}
        (a, b) => panic!("whole {:?} / streamed {:?}", a.as_ref().err(), b.as_ref().err()),
    }
});
