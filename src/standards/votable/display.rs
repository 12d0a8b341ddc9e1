//! Cell text for the table view: as the service wrote it, not as f64 noise.

use super::column::{Column, ColumnData};
use super::model::Field;

/// The text of one cell; empty for nulls. Floats print as the shortest text that reads
/// back to the stored value at their own precision (a float32 0.7 shows "0.7").
pub fn cell_text(column: &Column, field: &Field, row: usize) -> String {
    if row >= column.len() || column.is_null(row) {
        return String::new();
    }
    match &column.data {
        ColumnData::Text(t) => t.get(row).to_owned(),
        ColumnData::Float(v) => float32(v[row]),
        ColumnData::Double(v) => float64(v[row]),
        ColumnData::Bool(v) => if v[row] != 0 { "true" } else { "false" }.to_owned(),
        ColumnData::UByte(v) => v[row].to_string(),
        ColumnData::Short(v) => v[row].to_string(),
        ColumnData::Int(v) => v[row].to_string(),
        ColumnData::Long(v) => v[row].to_string(),
        ColumnData::Array(a) => {
            let range = a.range(row);
            let complex = field.datatype.is_complex();
            let mut parts: Vec<String> = range.map(|i| element_text(&a.values, i)).collect();
            if complex {
                parts = parts
                    .chunks(2)
                    .map(|c| {
                        format!(
                            "({}{}{}j)",
                            c[0],
                            if c.get(1).is_some_and(|s| s.starts_with('-')) {
                                ""
                            } else {
                                "+"
                            },
                            c.get(1).map_or("0", |s| s.as_str())
                        )
                    })
                    .collect();
            }
            parts.join(" ")
        }
    }
}

fn element_text(data: &ColumnData, i: usize) -> String {
    match data {
        ColumnData::Text(t) => t.get(i).to_owned(),
        ColumnData::Float(v) => float32(v[i]),
        ColumnData::Double(v) => float64(v[i]),
        ColumnData::Bool(v) => match v[i] {
            0 => "0",
            1 => "1",
            _ => "?",
        }
        .to_owned(),
        ColumnData::UByte(v) => v[i].to_string(),
        ColumnData::Short(v) => v[i].to_string(),
        ColumnData::Int(v) => v[i].to_string(),
        ColumnData::Long(v) => v[i].to_string(),
        ColumnData::Array(_) => String::new(),
    }
}

fn float64(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.into()
    } else if v != 0.0 && (v.abs() >= 1e15 || v.abs() < 1e-5) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

fn float32(v: f32) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.into()
    } else if v != 0.0 && (v.abs() >= 1e15 || v.abs() < 1e-5) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::votable::parse;

    #[test]
    fn texts() {
        let doc = parse(br#"<VOTABLE><RESOURCE><TABLE>
          <FIELD name="f" datatype="float"/><FIELD name="d" datatype="double"/>
          <FIELD name="c" datatype="floatComplex"/><FIELD name="s" datatype="char" arraysize="*"/>
          <DATA><TABLEDATA><TR><TD>0.7</TD><TD>1.239842e-20</TD><TD>1 -2</TD><TD>Crab</TD></TR>
          <TR><TD/><TD>83.63308</TD><TD/><TD/></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"#).unwrap();
        let t = doc.results_table().unwrap();
        let text = |c: usize, r: usize| cell_text(&t.columns[c], &t.fields[c], r);
        assert_eq!(text(0, 0), "0.7");
        assert_eq!(text(1, 0), "1.239842e-20");
        assert_eq!(text(2, 0), "(1-2j)");
        assert_eq!(text(3, 0), "Crab");
        assert_eq!(text(0, 1), "");
        assert_eq!(text(1, 1), "83.63308");
    }
}
