//! Which rows of an ObsCore result lead to an event list, and how: the product itself
//! (a FITS `access_url`) or a DataLink document that lists it. Pure, so that "Quick-look
//! selected runs" says exactly which rows it takes and why it leaves the others.

use crate::standards::votable::Table;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Product {
    /// The event list's own URL.
    EventList(String),
    /// A DataLink document whose `#this` is the event list.
    DataLink(String),
}

/// A row to open: what to call it and where its event list is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProduct {
    pub row: u32,
    pub label: String,
    pub product: Product,
}

fn text<'t>(t: &'t Table, column: &str, row: u32) -> Option<&'t str> {
    t.column(column)
        .and_then(|c| c.str_at(row as usize))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Why a row leads to no event list.
enum Refusal {
    NotEvent(String),
    NoUrl,
    NotFits(String),
}

/// Where a row's event list is, or why it has none (no label: this runs over every row
/// of a result to decide whether to offer the quick-look at all).
fn product_at(t: &Table, row: u32) -> Result<Product, Refusal> {
    let kind = text(t, "dataproduct_type", row).unwrap_or("event");
    if !kind.eq_ignore_ascii_case("event") {
        return Err(Refusal::NotEvent(kind.to_owned()));
    }
    let Some(url) = text(t, "access_url", row).filter(|u| crate::standards::urls::is_http(u))
    else {
        return Err(Refusal::NoUrl);
    };
    let format = text(t, "access_format", row)
        .unwrap_or("")
        .to_ascii_lowercase();
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if crate::standards::datalink::is_datalink(&format) {
        Ok(Product::DataLink(url.to_owned()))
    } else if format.contains("fits") || path.ends_with(".fits") || path.ends_with(".fits.gz") {
        Ok(Product::EventList(url.to_owned()))
    } else {
        Err(Refusal::NotFits(format))
    }
}

/// Whether any row of the table leads to an event list (stops at the first that does).
pub fn has_event_product(t: &Table) -> bool {
    (0..t.row_count() as u32).any(|row| product_at(t, row).is_ok())
}

/// The event lists behind `rows`, in their order, and the rows left out with why.
pub fn event_products(t: &Table, rows: &[u32]) -> (Vec<RowProduct>, Vec<(u32, String)>) {
    let (mut found, mut skipped) = (Vec::new(), Vec::new());
    for &row in rows {
        let id = text(t, "obs_id", row)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("row {}", row + 1));
        let label = match text(t, "target_name", row) {
            Some(target) => format!("{id} ({target})"),
            None => id,
        };
        match product_at(t, row) {
            Ok(product) => found.push(RowProduct {
                row,
                label,
                product,
            }),
            Err(Refusal::NotEvent(kind)) => {
                skipped.push((row, format!("{label}: a {kind} product, not an event list")))
            }
            Err(Refusal::NoUrl) => skipped.push((row, format!("{label}: no http(s) access_url"))),
            Err(Refusal::NotFits(format)) => {
                skipped.push((row, format!("{label}: its product is {format:?}, not FITS")))
            }
        }
    }
    (found, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datalink_and_fits_rows_are_taken_others_are_said() {
        let doc = crate::standards::votable::parse(
            br#"<VOTABLE version="1.4"><RESOURCE type="results"><TABLE>
            <FIELD name="obs_id" datatype="char" arraysize="*"/>
            <FIELD name="target_name" datatype="char" arraysize="*"/>
            <FIELD name="dataproduct_type" datatype="char" arraysize="*"/>
            <FIELD name="access_url" datatype="char" arraysize="*"/>
            <FIELD name="access_format" datatype="char" arraysize="*"/>
            <DATA><TABLEDATA>
            <TR><TD>023523</TD><TD>Crab</TD><TD>event</TD><TD>http://h/dl/links/023523.xml</TD><TD>application/x-votable+xml;content=datalink</TD></TR>
            <TR><TD>s-1</TD><TD>Crab</TD><TD>event</TD><TD>https://h/s-1.fits.gz</TD><TD>application/fits</TD></TR>
            <TR><TD>cube-2</TD><TD>Crab</TD><TD>cube</TD><TD>https://h/c.fits</TD><TD>application/fits</TD></TR>
            <TR><TD>x-3</TD><TD></TD><TD>event</TD><TD>javascript:alert(1)</TD><TD>application/fits</TD></TR>
            <TR><TD>p-4</TD><TD>Crab</TD><TD>event</TD><TD>https://h/page</TD><TD>text/html</TD></TR>
            </TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"#,
        )
        .unwrap();
        let t = &doc.resources[0].tables[0];
        assert!(has_event_product(t));
        let (found, skipped) = event_products(t, &[0, 1, 2, 3, 4]);
        assert_eq!(
            found,
            vec![
                RowProduct {
                    row: 0,
                    label: "023523 (Crab)".into(),
                    product: Product::DataLink("http://h/dl/links/023523.xml".into())
                },
                RowProduct {
                    row: 1,
                    label: "s-1 (Crab)".into(),
                    product: Product::EventList("https://h/s-1.fits.gz".into())
                },
            ]
        );
        let why: Vec<&str> = skipped.iter().map(|(_, w)| w.as_str()).collect();
        assert_eq!(
            why,
            [
                "cube-2 (Crab): a cube product, not an event list",
                "x-3: no http(s) access_url",
                "p-4 (Crab): its product is \"text/html\", not FITS"
            ]
        );
    }

    #[test]
    fn a_table_without_event_lists_offers_no_quick_look() {
        let doc = crate::standards::votable::parse(
            br#"<VOTABLE version="1.4"><RESOURCE type="results"><TABLE>
            <FIELD name="dataproduct_type" datatype="char" arraysize="*"/>
            <FIELD name="access_url" datatype="char" arraysize="*"/>
            <FIELD name="access_format" datatype="char" arraysize="*"/>
            <DATA><TABLEDATA>
            <TR><TD>image</TD><TD>https://h/i.fits</TD><TD>application/fits</TD></TR>
            <TR><TD>event</TD><TD>http://h/tableinfo/t</TD><TD>text/html</TD></TR>
            </TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"#,
        )
        .unwrap();
        assert!(!has_event_product(&doc.resources[0].tables[0]));
    }
}
