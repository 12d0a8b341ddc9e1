//! Taking a result elsewhere: as VOTable (BINARY2, with its provenance as INFOs), as CSV
//! (what the service sent, or what the screen shows: its columns, rows and units), or as
//! the command or code that reproduces the query (curl, pyvo, the ADQL itself).

use crate::app::cells::{self, Rendering};
use crate::standards::tap::sync::form_encode;
use crate::standards::votable::display::cell_text;
use crate::standards::votable::{writer, Serialization, Table};

/// Where a result came from, exported with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Provenance {
    pub service: String,
    pub adql: String,
    /// ISO 8601 UTC time of the query.
    pub queried_at: String,
    pub rows: usize,
    pub maxrec: Option<u64>,
    pub overflow: bool,
    /// The answer's own INFOs: (name, value, content).
    pub infos: Vec<(String, String, String)>,
}

impl Provenance {
    /// INFO elements for the exported VOTable: voscope's record first, then the service's.
    pub fn infos(&self) -> Vec<(String, String, String)> {
        let mut out = vec![
            (
                "voscope_service".to_owned(),
                self.service.clone(),
                "TAP service queried".to_owned(),
            ),
            (
                "voscope_query".to_owned(),
                self.adql.clone(),
                "ADQL sent (LANG=ADQL)".to_owned(),
            ),
            (
                "voscope_queried_at".to_owned(),
                self.queried_at.clone(),
                "UTC time of the query".to_owned(),
            ),
            (
                "voscope_rows".to_owned(),
                self.rows.to_string(),
                String::new(),
            ),
        ];
        if let Some(m) = self.maxrec {
            out.push(("voscope_maxrec".to_owned(), m.to_string(), String::new()));
        }
        out.push((
            "QUERY_STATUS".to_owned(),
            if self.overflow { "OVERFLOW" } else { "OK" }.to_owned(),
            String::new(),
        ));
        out.extend(
            self.infos
                .iter()
                .filter(|(n, _, _)| n != "QUERY_STATUS")
                .cloned(),
        );
        out
    }
}

/// The table as a BINARY2 VOTable, provenance included.
pub fn votable(table: &Table, provenance: &Provenance) -> Vec<u8> {
    writer::write(table, Serialization::Binary2, &provenance.infos())
}

fn csv_field(text: &str, out: &mut String) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// RFC 4180 CSV of the given rows (all rows if `rows` is None), header first; nulls are
/// empty fields.
pub fn csv(table: &Table, rows: Option<&[u32]>) -> String {
    let mut out = String::new();
    for (j, f) in table.fields.iter().enumerate() {
        if j > 0 {
            out.push(',');
        }
        csv_field(&f.name, &mut out);
    }
    out.push_str("\r\n");
    let all: Vec<u32>;
    let rows = match rows {
        Some(r) => r,
        None => {
            all = (0..table.row_count() as u32).collect();
            &all
        }
    };
    for &r in rows {
        for (j, (f, c)) in table.fields.iter().zip(&table.columns).enumerate() {
            if j > 0 {
                out.push(',');
            }
            csv_field(&cell_text(c, f, r as usize), &mut out);
        }
        out.push_str("\r\n");
    }
    out
}

/// Which CSV: the table as the service sent it, or as the screen shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvValues {
    /// Every column and row, names and values as served (metres, MJD).
    Served,
    /// The columns and rows on screen, in their order, values in the units shown
    /// (TeV, UTC) and each header saying its unit: "E_min (em_max) [TeV]".
    Shown,
}

/// CSV of what the screen shows: `columns` in display order, `rows` as filtered and
/// sorted, each cell in the unit its column is shown in (see [`cells::export_text`]).
pub fn csv_shown(
    table: &Table,
    renderings: &[Rendering],
    columns: &[usize],
    rows: &[u32],
) -> String {
    let mut out = String::new();
    let columns: Vec<usize> = columns
        .iter()
        .copied()
        .filter(|&j| j < table.fields.len() && j < renderings.len())
        .collect();
    for (k, &j) in columns.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        csv_field(&cells::caption(&renderings[j], &table.fields[j]), &mut out);
    }
    out.push_str("\r\n");
    for &r in rows {
        for (k, &j) in columns.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            let (f, c) = (&table.fields[j], &table.columns[j]);
            if r as usize >= c.len() || c.is_null(r as usize) {
                continue;
            }
            csv_field(
                &cells::export_text(&renderings[j], f, c, r as usize),
                &mut out,
            );
        }
        out.push_str("\r\n");
    }
    out
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// A curl command that sends the same synchronous query.
pub fn curl(service: &str, adql: &str, maxrec: Option<u64>) -> String {
    let mut c = format!(
        "curl -L {}/sync \\\n  --data-urlencode REQUEST=doQuery --data-urlencode LANG=ADQL \\\n  --data-urlencode {}",
        service.trim_end_matches('/'),
        shell_quote(&format!("QUERY={adql}"))
    );
    if let Some(m) = maxrec {
        c.push_str(&format!(" \\\n  --data-urlencode MAXREC={m}"));
    }
    c.push_str(" \\\n  -o result.vot");
    c
}

/// The same query as a link (GET), for sharing.
pub fn get_url(service: &str, adql: &str, maxrec: Option<u64>) -> String {
    let mut u = format!(
        "{}/sync?REQUEST=doQuery&LANG=ADQL&QUERY={}",
        service.trim_end_matches('/'),
        form_encode(adql)
    );
    if let Some(m) = maxrec {
        u.push_str(&format!("&MAXREC={m}"));
    }
    u
}

fn python_string(s: &str) -> String {
    let mut out = String::from("\"\"\"");
    out.push_str(&s.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\""));
    out.push_str("\"\"\"");
    out
}

/// A pyvo snippet that runs the same query.
pub fn pyvo(service: &str, adql: &str, maxrec: Option<u64>) -> String {
    format!(
        "import pyvo\n\nservice = pyvo.dal.TAPService({:?})\nresult = service.search({}{})\ntable = result.to_table()\nprint(table)\n",
        service,
        python_string(adql),
        maxrec.map(|m| format!(", maxrec={m}")).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::votable::parse;

    fn table() -> Table {
        parse(br#"<VOTABLE><RESOURCE type="results"><TABLE><FIELD name="name" datatype="char" arraysize="*"/><FIELD name="n" datatype="int"/>
          <DATA><TABLEDATA><TR><TD>a, "b"</TD><TD>1</TD></TR><TR><TD>c</TD><TD/></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"#)
            .unwrap()
            .take_results_table()
            .unwrap()
    }

    #[test]
    fn csv_quotes_and_nulls() {
        assert_eq!(
            csv(&table(), None),
            "name,n\r\n\"a, \"\"b\"\"\",1\r\nc,\r\n"
        );
        assert_eq!(csv(&table(), Some(&[1])), "name,n\r\nc,\r\n");
    }

    #[test]
    fn csv_as_shown_has_the_screens_units_columns_and_rows() {
        let t = parse(
            br#"<VOTABLE><RESOURCE type="results"><TABLE>
          <FIELD name="obs_id" datatype="char" arraysize="*"/>
          <FIELD name="em_min" datatype="double" unit="m"/>
          <FIELD name="t_min" datatype="double" unit="d"/>
          <FIELD name="em_max" datatype="double" unit="m"/>
          <DATA><TABLEDATA>
          <TR><TD>a</TD><TD>1.239841984e-20</TD><TD>53090.5</TD><TD>1.239841984e-18</TD></TR>
          <TR><TD>b</TD><TD>2.479683968e-20</TD><TD/><TD>2.479683968e-18</TD></TR>
          </TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"#,
        )
        .unwrap()
        .take_results_table()
        .unwrap();
        let r: Vec<Rendering> = t
            .fields
            .iter()
            .zip(&t.columns)
            .map(|(f, c)| cells::rendering(f, c))
            .collect();
        // Shown: em_max (E_min) first, obs_id hidden, rows sorted b then a.
        let out = csv_shown(&t, &r, &[3, 1, 2], &[1, 0]);
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "E_min (em_max) [TeV],E_max (em_min) [TeV],t_min [UTC]"
        );
        assert_eq!(lines[1], "0.5,50,");
        assert_eq!(lines[2], "1,100,2004-03-26T12:00:00");
        assert_eq!(lines.len(), 4);
        // Served: every column, metres and MJD.
        assert!(
            csv(&t, None).starts_with("obs_id,em_min,t_min,em_max\r\na,1.239841984e-20,53090.5,")
        );
    }

    #[test]
    fn votable_round_trip_keeps_provenance() {
        let p = Provenance {
            service: "http://127.0.0.1:8081/tap".into(),
            adql: "SELECT * FROM t".into(),
            queried_at: "2026-11-24T20:00:00".into(),
            rows: 2,
            maxrec: Some(10),
            overflow: true,
            infos: vec![
                ("QUERY_STATUS".into(), "OVERFLOW".into(), String::new()),
                ("server".into(), "x".into(), String::new()),
            ],
        };
        let doc = parse(&votable(&table(), &p)).unwrap();
        assert_eq!(
            doc.query_status(),
            crate::standards::votable::QueryStatus::Overflow
        );
        let infos = doc.all_infos();
        assert!(infos
            .iter()
            .any(|i| i.name == "voscope_query" && i.value == "SELECT * FROM t"));
        assert!(infos.iter().any(|i| i.name == "server"));
        assert_eq!(doc.results_table().unwrap().row_count(), 2);
    }

    #[test]
    fn snippets() {
        let c = curl("http://x/tap", "SELECT 'it''s' FROM t", Some(5));
        assert!(
            c.contains("'QUERY=SELECT '\\''it'\\'''\\''s'\\'' FROM t'"),
            "{c}"
        );
        let p = pyvo("http://x/tap", "SELECT * FROM t", None);
        assert!(
            p.contains("TAPService(\"http://x/tap\")") && p.contains("\"\"\"SELECT * FROM t\"\"\"")
        );
        assert_eq!(
            get_url("http://x/tap/", "SELECT 1", Some(2)),
            "http://x/tap/sync?REQUEST=doQuery&LANG=ADQL&QUERY=SELECT+1&MAXREC=2"
        );
    }
}
