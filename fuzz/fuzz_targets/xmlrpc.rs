//! The XML-RPC reader on arbitrary bytes (what a hostile or broken hub could send): it
//! may refuse, never panic or hang; what it accepts must write back out and read again
//! to the same value (after one normalising pass: NaN and control characters cannot be
//! written, so the first rewrite may change them).
#![no_main]

use libfuzzer_sys::fuzz_target;
use voscope::standards::samp::xmlrpc::{decode_call, decode_response, encode_call, encode_response};

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = decode_response(data) {
        let once = decode_response(encode_response(&r).as_bytes()).expect("own response unreadable");
        let twice = decode_response(encode_response(&once).as_bytes()).expect("own response unreadable");
        assert_eq!(once, twice);
    }
    if let Ok(c) = decode_call(data) {
        let once = decode_call(encode_call(&c).as_bytes()).expect("own call unreadable");
        let twice = decode_call(encode_call(&once).as_bytes()).expect("own call unreadable");
        assert_eq!(once, twice);
    }
});
