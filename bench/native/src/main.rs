//! `votable-native-bench TOOL FILE` reads FILE with one tool and prints one JSON line:
//! {"tool", "read_s", "parse_s", "rows", "peak_rss_kb"}. One tool per process, so the
//! peak resident memory is that tool's.

use std::time::Instant;

use base64::Engine;

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn stream_content(bytes: &[u8]) -> &[u8] {
    let start = memchr::memmem::find(bytes, b"<STREAM").expect("a STREAM element");
    let start = start + memchr::memchr(b'>', &bytes[start..]).expect("STREAM start tag") + 1;
    let end = start + memchr::memchr(b'<', &bytes[start..]).expect("STREAM end tag");
    &bytes[start..end]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (tool, path) = (args[1].as_str(), args[2].as_str());
    let t0 = Instant::now();
    let bytes = std::fs::read(path).expect("readable file");
    let read_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let rows: usize = match tool {
        "voscope" => {
            let doc = voscope::standards::votable::parse(&bytes).expect("voscope reads it");
            doc.tables().first().map_or(0, |t| t.row_count())
        }
        "voscope-stream" => {
            let mut r = voscope::standards::votable::StreamReader::new();
            for chunk in bytes.chunks(1 << 20) {
                r.feed(chunk).expect("voscope reads it");
            }
            let doc = r.finish().expect("voscope reads it");
            doc.tables().first().map_or(0, |t| t.row_count())
        }
        "votable-crate" => {
            use votable::impls::mem::InMemTableDataRows;
            use votable::votable::VOTableWrapper;
            use votable::data::DataElem;
            let vot = VOTableWrapper::<InMemTableDataRows>::from_ivoa_xml_bytes(&bytes)
                .expect("the votable crate reads it")
                .unwrap();
            let table = vot.get_first_table().expect("a table");
            match table.data.as_ref().map(|d| &d.data) {
                Some(DataElem::TableData(t)) => t.content.rows.len(),
                Some(DataElem::Binary(b)) => b.stream.content.as_ref().map_or(0, |c| c.rows.len()),
                Some(DataElem::Binary2(b)) => b.stream.content.as_ref().map_or(0, |c| c.rows.len()),
                _ => 0,
            }
        }
        "floor-memchr" => memchr::memchr_iter(b'<', &bytes).count(),
        "floor-base64" => {
            let text = stream_content(&bytes);
            let mut clean = Vec::with_capacity(text.len());
            let mut rest = text;
            while let Some(p) = memchr::memchr3(b'\n', b'\r', b' ', rest) {
                clean.extend_from_slice(&rest[..p]);
                rest = &rest[p + 1..];
            }
            clean.extend_from_slice(rest);
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(&clean)
                .expect("valid base64");
            decoded.len()
        }
        other => panic!("unknown tool {other}"),
    };
    let parse_s = t1.elapsed().as_secs_f64();
    println!(
        "{{\"tool\":\"{tool}\",\"read_s\":{read_s},\"parse_s\":{parse_s},\"rows\":{rows},\"peak_rss_kb\":{}}}",
        peak_rss_kb()
    );
}
