//! Hostile documents for every XML reader: billion laughs, external entities, deep
//! nesting, a 100 MB cell, script in text. Each reader must return a clear error or a
//! bounded result, never panic, never expand a DTD entity or read a file.
//! The big inputs are generated here, not committed.

use std::time::{Duration, Instant};

use voscope::standards::votable::{self, ErrorKind, StreamReader};
use voscope::standards::{datalink, samp, sesame, uws, vosi, xml};

/// A DTD whose entity `lol9` would expand to 10^9 "lol"s.
fn laughs_dtd(root: &str) -> String {
    let mut s = format!("<?xml version=\"1.0\"?>\n<!DOCTYPE {root} [\n<!ENTITY lol \"lol\">\n");
    s.push_str("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for i in 2..=9 {
        let p = format!("&lol{};", i - 1);
        s.push_str(&format!("<!ENTITY lol{i} \"{}\">\n", p.repeat(10)));
    }
    s.push_str("]>\n");
    s
}

/// A DTD with an external entity pointing at a local file.
fn xxe_dtd(root: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE {root} [\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
    )
}

const PASSWD_MARK: &str = "root:x:0:0";

fn votable_with_cell(prolog: &str, cell: &str) -> String {
    format!(
        "{prolog}<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"><RESOURCE type=\"results\">\
<INFO name=\"QUERY_STATUS\" value=\"OK\"/><TABLE><FIELD name=\"s\" datatype=\"char\" arraysize=\"*\"/>\
<DATA><TABLEDATA><TR><TD>{cell}</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"
    )
}

/// Reads a VOTable both ways the app does: whole, and streamed in 64 KiB chunks.
fn both_ways(doc: &[u8]) -> [Result<votable::VoTable, votable::VoTableError>; 2] {
    let whole = votable::parse(doc);
    let mut r = StreamReader::new();
    let mut fed = Ok(());
    for c in doc.chunks(64 * 1024) {
        fed = r.feed(c);
        if fed.is_err() {
            break;
        }
    }
    let streamed = fed.and_then(|()| r.finish());
    [whole, streamed]
}

fn first_cell(doc: &votable::VoTable) -> String {
    let t = doc.tables().into_iter().next().expect("a table");
    t.columns[0].str_at(0).unwrap_or("").to_owned()
}

#[test]
fn votable_billion_laughs_is_not_expanded() {
    let doc = votable_with_cell(&laughs_dtd("VOTABLE"), "&lol9;");
    for r in both_ways(doc.as_bytes()) {
        match r {
            Ok(d) => {
                let cell = first_cell(&d);
                assert!(cell.len() < 100, "entity expanded: {} bytes", cell.len());
                assert!(!cell.contains("lollol"), "{cell}");
                assert_eq!(cell, "&lol9;", "shown as written");
                assert!(
                    d.warnings.iter().any(|w| w == votable::DTD_ENTITIES),
                    "{:?}",
                    d.warnings
                );
                assert_eq!(
                    d.warnings.iter().filter(|w| w.contains("DTD")).count(),
                    1,
                    "said once"
                );
            }
            Err(e) => panic!("a DTD is not a reason to refuse the table: {e}"),
        }
    }
}

#[test]
fn votable_plain_doctype_is_no_warning() {
    let doc = votable_with_cell(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE VOTABLE SYSTEM \"http://us-vo.org/xml/VOTable.dtd\">\n",
        "x",
    );
    for r in both_ways(doc.as_bytes()) {
        let d = r.expect("parses");
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }
}

#[test]
fn votable_external_entity_is_not_read() {
    let doc = votable_with_cell(&xxe_dtd("VOTABLE"), "&xxe;");
    for r in both_ways(doc.as_bytes()) {
        match r {
            Ok(d) => {
                let cell = first_cell(&d);
                assert!(!cell.contains(PASSWD_MARK), "file read: {cell}");
                assert_eq!(cell, "&xxe;", "shown as written");
                assert!(
                    d.warnings.iter().any(|w| w == votable::DTD_ENTITIES),
                    "{:?}",
                    d.warnings
                );
            }
            Err(e) => panic!("a DTD is not a reason to refuse the table: {e}"),
        }
    }
}

/// The entities in attributes and metadata text, not only cells.
#[test]
fn votable_entities_in_metadata_are_not_expanded() {
    let mut doc = laughs_dtd("VOTABLE");
    doc.push_str(
        "<VOTABLE version=\"1.4\"><RESOURCE type=\"results\"><DESCRIPTION>&lol9;</DESCRIPTION>\
<INFO name=\"QUERY_STATUS\" value=\"OK\">&lol9;</INFO><TABLE>\
<FIELD name=\"a&lol9;\" unit=\"&lol9;\" datatype=\"char\" arraysize=\"*\"><DESCRIPTION>&lol9;</DESCRIPTION></FIELD>\
<DATA><TABLEDATA><TR><TD>x</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>",
    );
    for r in both_ways(doc.as_bytes()) {
        let d = r.expect("a DTD is not a reason to refuse the table");
        let all = format!("{d:?}");
        assert!(all.len() < 100_000, "{} bytes", all.len());
        assert!(!all.contains("lollol"));
        assert!(d.warnings.iter().any(|w| w == votable::DTD_ENTITIES));
    }
}

fn deep(open: &str, close: &str, n: usize) -> String {
    let mut s = String::with_capacity((open.len() + close.len()) * n);
    for _ in 0..n {
        s.push_str(open);
    }
    for _ in 0..n {
        s.push_str(close);
    }
    s
}

const DEEP: usize = 100_000;

#[test]
fn votable_deep_nesting_is_refused_or_bounded() {
    let cases = [
        // RESOURCEs in RESOURCEs.
        format!("<VOTABLE version=\"1.4\">{}</VOTABLE>", deep("<RESOURCE>", "</RESOURCE>", DEEP)),
        // GROUPs in a TABLE.
        format!(
            "<VOTABLE version=\"1.4\"><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"int\"/>{}<DATA><TABLEDATA/></DATA></TABLE></RESOURCE></VOTABLE>",
            deep("<GROUP>", "</GROUP>", DEEP)
        ),
        // Unknown elements inside a DESCRIPTION and in a cell.
        format!(
            "<VOTABLE version=\"1.4\"><DESCRIPTION>{}</DESCRIPTION><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"char\" arraysize=\"*\"/><DATA><TABLEDATA><TR><TD>{}</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>",
            deep("<x>", "</x>", DEEP),
            deep("<y>", "</y>", DEEP)
        ),
        // Unclosed: 100k start tags and no end.
        format!("<VOTABLE version=\"1.4\">{}", "<RESOURCE>".repeat(DEEP)),
    ];
    for (i, doc) in cases.iter().enumerate() {
        let started = Instant::now();
        for r in both_ways(doc.as_bytes()) {
            if let Err(e) = r {
                assert!(!e.message.is_empty(), "case {i}");
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "case {i} took {:?}",
            started.elapsed()
        );
    }
    // The RESOURCE nesting says what is wrong.
    let e = votable::parse(cases[0].as_bytes()).expect_err("refused");
    assert!(e.message.contains("nested"), "{e}");
    let e = votable::parse(cases[3].as_bytes()).expect_err("refused");
    assert!(
        e.kind == ErrorKind::Truncated || e.message.contains("nested"),
        "{e:?}"
    );
}

/// 100 MB of text, made once for every test that needs it.
fn huge() -> &'static str {
    static HUGE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HUGE.get_or_init(|| "0123456789abcdef".repeat(100 * 1024 * 1024 / 16))
}

#[test]
fn votable_100_mb_cell_is_read_in_linear_time() {
    let doc = votable_with_cell("", huge());
    let started = Instant::now();
    let whole = votable::parse(doc.as_bytes()).expect("a long cell is a cell");
    assert_eq!(first_cell(&whole).len(), huge().len());
    let whole_time = started.elapsed();
    drop(whole);
    // Streamed in 64 KiB chunks, as fetch delivers it: rescanning the unfinished row from
    // its start at every chunk took 286 s here (quadratic); linear is a few seconds.
    let started = Instant::now();
    let mut r = StreamReader::new();
    for c in doc.as_bytes().chunks(64 * 1024) {
        r.feed(c).expect("fed");
    }
    let streamed = r.finish().expect("a long cell is a cell");
    assert_eq!(first_cell(&streamed).len(), huge().len());
    let stream_time = started.elapsed();
    eprintln!("100 MB cell: whole {whole_time:?}, streamed {stream_time:?}");
    assert!(
        whole_time < Duration::from_secs(60),
        "whole: {whole_time:?}"
    );
    assert!(
        stream_time < Duration::from_secs(60),
        "streamed: {stream_time:?}"
    );
}

#[test]
fn votable_script_in_text_stays_text() {
    let p = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=1\">";
    let esc = p
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let doc = votable_with_cell("", &esc);
    for r in both_ways(doc.as_bytes()) {
        assert_eq!(
            first_cell(&r.expect("parses")),
            p,
            "the cell is the text, decoded once"
        );
    }
}

/// Every reader of the small documents, on the same hostile inputs.
/// A reader under test: its result's debug text, or its message.
type Read = fn(&[u8]) -> Result<String, String>;

fn small_readers() -> Vec<(&'static str, &'static str, Read)> {
    vec![
        ("xml::parse", "r", |b| {
            xml::parse(b)
                .map(|e| format!("{e:?}"))
                .map_err(|e| e.to_string())
        }),
        ("uws job", "job", |b| {
            uws::job::parse(b)
                .map(|e| format!("{e:?}"))
                .map_err(|e| e.to_string())
        }),
        ("uws jobs", "jobs", |b| {
            uws::joblist::parse(b, "http://127.0.0.1/async")
                .map(|e| format!("{e:?}"))
                .map_err(|e| e.to_string())
        }),
        ("uws jobdesc", "application", |b| {
            uws::jobdesc::parse(b)
                .map(|e| format!("{e:?}"))
                .map_err(|e| e.to_string())
        }),
        ("vosi capabilities", "capabilities", |b| {
            vosi::capabilities::parse(b)
                .map(|e| format!("{e:?}"))
                .map_err(|e| e.to_string())
        }),
        ("vosi tables", "tableset", |b| {
            vosi::tables::parse(b)
                .map(|e| format!("{e:?}"))
                .map_err(|e| e.to_string())
        }),
        ("vosi table", "table", |b| {
            vosi::tables::parse_table(b)
                .map(|e| format!("{e:?}"))
                .map_err(|e| e.to_string())
        }),
        ("vosi availability", "availability", |b| {
            vosi::availability::parse(b)
                .map(|e| format!("{e:?}"))
                .map_err(|e| e.to_string())
        }),
        ("sesame", "Sesame", |b| {
            sesame::parse(b, "Crab")
                .map(|e| format!("{e:?}"))
                .map_err(|e| e.to_string())
        }),
        ("datalink", "VOTABLE", |b| {
            datalink::parse(b)
                .map(|e| format!("{e:?}"))
                .map_err(|e| e.to_string())
        }),
        ("samp response", "methodResponse", |b| {
            samp::xmlrpc::decode_response(b)
                .map(|e| format!("{e:?}"))
                .map_err(|e| e.to_string())
        }),
        ("samp call", "methodCall", |b| {
            samp::xmlrpc::decode_call(b)
                .map(|e| format!("{e:?}"))
                .map_err(|e| e.to_string())
        }),
    ]
}

/// A plausible body for each root, with `text` where a reader keeps text.
fn body(root: &str, text: &str) -> String {
    match root {
        "job" => format!("<uws:job xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\"><uws:jobId>{text}</uws:jobId><uws:phase>COMPLETED</uws:phase><uws:errorSummary><uws:message>{text}</uws:message></uws:errorSummary></uws:job>"),
        "jobs" => format!("<uws:jobs xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\"><uws:jobref id=\"a\"><uws:phase>{text}</uws:phase></uws:jobref></uws:jobs>"),
        "Sesame" => format!("<Sesame><Target><name>{text}</name><Resolver name=\"S=Simbad\"><oname>{text}</oname><jradeg>1</jradeg><jdedeg>2</jdedeg></Resolver></Target></Sesame>"),
        "VOTABLE" => format!("<VOTABLE version=\"1.4\"><RESOURCE type=\"results\"><TABLE><FIELD name=\"ID\" datatype=\"char\" arraysize=\"*\"/><FIELD name=\"access_url\" datatype=\"char\" arraysize=\"*\"/><FIELD name=\"semantics\" datatype=\"char\" arraysize=\"*\"/><FIELD name=\"description\" datatype=\"char\" arraysize=\"*\"/><DATA><TABLEDATA><TR><TD>a</TD><TD>http://x/</TD><TD>#this</TD><TD>{text}</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"),
        "methodResponse" => format!("<methodResponse><params><param><value><string>{text}</string></value></param></params></methodResponse>"),
        "methodCall" => format!("<methodCall><methodName>samp.webhub.x</methodName><params><param><value><string>{text}</string></value></param></params></methodCall>"),
        "availability" => format!("<vosi:availability xmlns:vosi=\"http://www.ivoa.net/xml/VOSIAvailability/v1.0\"><vosi:available>true</vosi:available><vosi:note>{text}</vosi:note></vosi:availability>"),
        "tableset" => format!("<vosi:tableset xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\"><schema><name>s</name><table><name>t</name><description>{text}</description></table></schema></vosi:tableset>"),
        "table" => format!("<vosi:table xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\"><name>t</name><description>{text}</description><column><name>c</name><description>{text}</description></column></vosi:table>"),
        "capabilities" => format!("<vosi:capabilities xmlns:vosi=\"http://www.ivoa.net/xml/VOSICapabilities/v1.0\"><capability standardID=\"ivo://ivoa.net/std/TAP\"><interface><accessURL>{text}</accessURL></interface></capability></vosi:capabilities>"),
        "application" => format!("<application xmlns=\"http://wadl.dev.java.net/2009/02\"><resources><resource path=\"x\"><method name=\"POST\"><request><param name=\"p\" type=\"xs:string\"><doc>{text}</doc></param></request></method></resource></resources></application>"),
        other => format!("<{other}>{text}</{other}>"),
    }
}

fn check(name: &str, what: &str, r: Result<String, String>, limit: usize) {
    match r {
        Ok(out) => {
            assert!(out.len() < limit, "{name} {what}: {} bytes kept", out.len());
            assert!(!out.contains("lollol"), "{name} {what}: entity expanded");
            assert!(!out.contains(PASSWD_MARK), "{name} {what}: file read");
        }
        Err(msg) => {
            assert!(!msg.trim().is_empty(), "{name} {what}: empty message");
            assert!(!msg.contains(PASSWD_MARK), "{name} {what}: file read");
        }
    }
}

#[test]
fn small_documents_refuse_or_bound_laughs_and_external_entities() {
    for (name, root, read) in small_readers() {
        let laughs = format!("{}{}", laughs_dtd(root), body(root, "&lol9;"));
        check(name, "billion laughs", read(laughs.as_bytes()), 100_000);
        let xxe = format!("{}{}", xxe_dtd(root), body(root, "&xxe;"));
        check(name, "external entity", read(xxe.as_bytes()), 100_000);
    }
}

#[test]
fn small_documents_refuse_or_bound_deep_nesting() {
    for (name, root, read) in small_readers() {
        let started = Instant::now();
        let nested = body(
            root,
            &deep("<value><array><data>", "</data></array></value>", DEEP / 3),
        );
        check(name, "deep nesting", read(nested.as_bytes()), 10_000_000);
        let plain = body(root, &deep("<a>", "</a>", DEEP));
        check(name, "deep nesting", read(plain.as_bytes()), 10_000_000);
        let unclosed = format!("<{root}>{}", "<a>".repeat(DEEP));
        check(
            name,
            "unclosed nesting",
            read(unclosed.as_bytes()),
            10_000_000,
        );
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{name}: {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn small_documents_take_a_100_mb_text_in_linear_time() {
    for (name, root, read) in small_readers() {
        let started = Instant::now();
        let doc = body(root, huge());
        // A bounded result: an error, or the text kept (never more than the input).
        check(
            name,
            "100 MB text",
            read(doc.as_bytes()),
            2 * doc.len() + 10_000,
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{name}: {:?}",
            started.elapsed()
        );
    }
}

/// A download cut anywhere (in a tag, in an attribute, in the rows) says so, both ways.
#[test]
fn votable_cut_anywhere_says_it_was_cut() {
    let doc = votable_with_cell(
        "<?xml version=\"1.0\"?>\n",
        "a long enough cell to cut in many places",
    );
    for cut in (10..doc.len() - 12).step_by(7) {
        for r in both_ways(&doc.as_bytes()[..cut]) {
            let e = r.expect_err("a cut document is refused");
            assert!(
                e.kind == ErrorKind::Truncated
                    && (e.message.contains("cut") || e.message.contains("ends inside")),
                "cut at {cut}: {e:?}"
            );
        }
    }
}
