//! Cells as an astronomer reads them: ObsCore's spectral bounds in the band's natural
//! unit (TeV for gamma rays, keV, nm, µm, GHz), MJD as UTC dates, positions also in
//! sexagesimal, file sizes in kB/MB/GB. The value as the service sent it stays in the
//! tooltip. Columns are recognised by ObsCore name, UCD, unit and xtype.

use crate::standards::adql::obscore::HC_EV_M;
use crate::standards::votable::display::cell_text;
use crate::standards::votable::{Column, Field};

/// How a column is shown; decided once per column (one unit for the whole column).
#[derive(Clone, Debug, PartialEq)]
pub enum Rendering {
    /// The service's text.
    Plain,
    /// A spectral bound in metres shown as energy (`eV` multiple) or wavelength or
    /// frequency: (unit name, factor applied to the SI value, kind).
    Spectral {
        unit: &'static str,
        kind: SpectralKind,
    },
    /// MJD shown as ISO 8601 UTC.
    Mjd,
    /// Degrees of RA (hours when sexagesimal) or Dec.
    Ra,
    Dec,
    /// A size in the given unit (kbyte, byte) shown human-readable.
    Size {
        unit_bytes: f64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpectralKind {
    Energy,
    Wavelength,
    Frequency,
}

/// The header text of the unit for a rendered column (replaces the FIELD unit).
pub fn unit_label(r: &Rendering, field: &Field) -> Option<String> {
    match r {
        Rendering::Spectral { unit, .. } => Some((*unit).to_owned()),
        Rendering::Mjd => Some("UTC".into()),
        Rendering::Size { .. } => None,
        _ => field.unit.clone(),
    }
}

/// The quantity a spectral bound is shown as, when it is not the one served: a
/// wavelength bound read as energy or frequency turns around (the shortest wavelength,
/// `em_min`, is the highest energy, `E_max`). `None` for every other column.
pub fn quantity(r: &Rendering, field: &Field) -> Option<&'static str> {
    let Rendering::Spectral { kind, .. } = r else {
        return None;
    };
    let name = field.name.to_ascii_lowercase();
    let ucd = field.ucd.as_deref().unwrap_or("").to_ascii_lowercase();
    let low = name == "em_min" || (name != "em_max" && ucd.contains("stat.min"));
    let high = name == "em_max" || (!low && ucd.contains("stat.max"));
    Some(match (kind, low, high) {
        (SpectralKind::Energy, true, _) => "E_max",
        (SpectralKind::Energy, _, true) => "E_min",
        (SpectralKind::Energy, ..) => "E",
        (SpectralKind::Frequency, true, _) => "ν_max",
        (SpectralKind::Frequency, _, true) => "ν_min",
        (SpectralKind::Frequency, ..) => "ν",
        (SpectralKind::Wavelength, true, _) => "λ_min",
        (SpectralKind::Wavelength, _, true) => "λ_max",
        (SpectralKind::Wavelength, ..) => "λ",
    })
}

/// What a column is called where it is shown in another unit than served: "E_min
/// (em_max) [TeV]", "t_min [UTC]", "s_ra [deg]" (axis captions, CSV headers).
pub fn caption(r: &Rendering, field: &Field) -> String {
    // Sizes are shown with their own unit ("616 kB") but plotted and exported as served.
    let unit = match r {
        Rendering::Size { .. } => field.unit.clone(),
        _ => unit_label(r, field),
    };
    let unit = unit
        .filter(|u| !u.trim().is_empty())
        .map(|u| format!(" [{u}]"))
        .unwrap_or_default();
    match quantity(r, field) {
        Some(q) => format!("{q} ({}){unit}", field.name),
        None => format!("{}{unit}", field.name),
    }
}

/// A cell as a CSV "as shown" carries it: the number in the unit shown at full
/// precision (TeV, GHz), dates in ISO 8601 UTC; RA, Dec and sizes stay the served
/// numbers (their unit is in the header), so the file stays machine-readable.
pub fn export_text(r: &Rendering, field: &Field, column: &Column, row: usize) -> String {
    let raw = || cell_text(column, field, row);
    match (r, column.f64_at(row)) {
        (Rendering::Spectral { unit, .. }, Some(v)) if v > 0.0 => {
            significant(convert_spectral(v, unit), 12)
        }
        (Rendering::Mjd, Some(v)) => crate::standards::time::mjd_to_iso(v),
        _ => raw(),
    }
}

/// The columns a result opens on (see [`crate::app::tableview::default_columns`]), wavelength
/// bounds read as energy or frequency counted as turned around.
pub fn opening_columns(fields: &[Field], renderings: &[Rendering]) -> Vec<usize> {
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    let turned = |j: usize| renderings.get(j).is_some_and(reverses_order);
    crate::app::tableview::default_columns(&names, &turned)
}

/// About how many pixels a text takes in the table's font (digits and lower case are
/// about 7 px at 0.8 rem); for sizing columns to what they hold.
pub fn text_px(text: &str) -> usize {
    text.chars().count() * 7
}

fn median_positive(column: &Column) -> Option<f64> {
    let mut v: Vec<f64> = (0..column.len().min(2000))
        .filter_map(|i| column.f64_at(i))
        .filter(|x| *x > 0.0)
        .collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    Some(v[v.len() / 2])
}

/// Decides how to show a column, from its FIELD and (for units) its values.
pub fn rendering(field: &Field, column: &Column) -> Rendering {
    let name = field.name.to_ascii_lowercase();
    let ucd = field.ucd.as_deref().unwrap_or("").to_ascii_lowercase();
    let unit = field.unit.as_deref().unwrap_or("").trim().to_owned();
    let xtype = field.xtype.as_deref().unwrap_or("").to_ascii_lowercase();
    if !field.is_scalar() {
        return Rendering::Plain;
    }
    let spectral =
        (name == "em_min" || name == "em_max" || ucd.starts_with("em.wl")) && unit == "m";
    if spectral {
        if let Some(m) = median_positive(column) {
            return spectral_rendering(m);
        }
    }
    if xtype == "mjd" || ((name == "t_min" || name == "t_max") && (unit == "d" || unit.is_empty()))
    {
        return Rendering::Mjd;
    }
    if name == "s_ra" || ucd == "pos.eq.ra;meta.main" || (ucd == "pos.eq.ra" && unit == "deg") {
        return Rendering::Ra;
    }
    if name == "s_dec" || ucd == "pos.eq.dec;meta.main" || (ucd == "pos.eq.dec" && unit == "deg") {
        return Rendering::Dec;
    }
    if name == "access_estsize" || ucd.contains("phys.size;meta.file") {
        let unit_bytes = match unit.as_str() {
            "byte" | "B" => 1.0,
            "Mbyte" | "MB" => 1_048_576.0,
            _ => 1024.0,
        };
        return Rendering::Size { unit_bytes };
    }
    Rendering::Plain
}

/// The natural unit for a band, from a typical wavelength in metres.
fn spectral_rendering(lambda: f64) -> Rendering {
    let energy_ev = HC_EV_M / lambda;
    let (unit, kind) = if energy_ev >= 1e11 {
        ("TeV", SpectralKind::Energy)
    } else if energy_ev >= 1e8 {
        ("GeV", SpectralKind::Energy)
    } else if energy_ev >= 1e5 {
        ("MeV", SpectralKind::Energy)
    } else if energy_ev >= 100.0 {
        ("keV", SpectralKind::Energy)
    } else if lambda < 1e-6 {
        ("nm", SpectralKind::Wavelength)
    } else if lambda < 1e-3 {
        ("µm", SpectralKind::Wavelength)
    } else if lambda < 1.0 {
        ("GHz", SpectralKind::Frequency)
    } else {
        ("MHz", SpectralKind::Frequency)
    };
    Rendering::Spectral { unit, kind }
}

/// Value in `unit` of a wavelength in metres.
pub fn convert_spectral(lambda: f64, unit: &str) -> f64 {
    const C: f64 = 299_792_458.0;
    match unit {
        "TeV" => HC_EV_M / lambda / 1e12,
        "GeV" => HC_EV_M / lambda / 1e9,
        "MeV" => HC_EV_M / lambda / 1e6,
        "keV" => HC_EV_M / lambda / 1e3,
        "nm" => lambda * 1e9,
        "µm" => lambda * 1e6,
        "GHz" => C / lambda / 1e9,
        "MHz" => C / lambda / 1e6,
        _ => lambda,
    }
}

/// The value the service holds for a value typed in the unit the column is shown in
/// ("1" in a TeV column is 1.24e-18 m; "2004-03-26" in a date column is MJD 53090), so
/// filters read as the table does. `None` if the text is not a value of that kind.
pub fn typed_to_raw(r: &Rendering, text: &str) -> Option<f64> {
    let t = text.trim();
    let number = t.parse::<f64>().ok().filter(|v| v.is_finite());
    match r {
        Rendering::Spectral { unit, kind } => {
            let v = number?;
            Some(match kind {
                // E = k/λ and ν = c/λ: the conversion is its own inverse.
                SpectralKind::Energy | SpectralKind::Frequency => convert_spectral(v, unit),
                SpectralKind::Wavelength => v / convert_spectral(1.0, unit),
            })
        }
        Rendering::Mjd => number.or_else(|| crate::standards::time::iso_to_mjd(t).ok()),
        Rendering::Size { unit_bytes } => {
            let split = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
            let v: f64 = t[..split].trim().parse().ok()?;
            let factor = match t[split..].trim().to_ascii_lowercase().as_str() {
                "" => return Some(v),
                "b" | "bytes" => 1.0,
                "kb" => 1024.0,
                "mb" => 1_048_576.0,
                "gb" => 1_073_741_824.0,
                "tb" => 1_099_511_627_776.0,
                _ => return None,
            };
            Some(v * factor / unit_bytes)
        }
        _ => number,
    }
}

/// Whether larger shown values are smaller held ones (energy and frequency of a
/// wavelength), which turns a filter's bounds around.
pub fn reverses_order(r: &Rendering) -> bool {
    matches!(
        r,
        Rendering::Spectral {
            kind: SpectralKind::Energy | SpectralKind::Frequency,
            ..
        }
    )
}

fn significant(v: f64, digits: usize) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let magnitude = v.abs().log10().floor() as i32;
    let decimals = (digits as i32 - 1 - magnitude).clamp(0, 12) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

pub fn human_size(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["bytes", "kB", "MB", "GB", "TB"];
    let mut v = bytes;
    let mut k = 0;
    while v >= 1024.0 && k + 1 < UNITS.len() {
        v /= 1024.0;
        k += 1;
    }
    if k == 0 {
        format!("{v:.0} bytes")
    } else {
        format!("{} {}", significant(v, 3), UNITS[k])
    }
}

/// The text shown in a cell and, when it differs from what the service sent, a tooltip
/// with the original.
pub fn render(
    r: &Rendering,
    field: &Field,
    column: &Column,
    row: usize,
) -> (String, Option<String>) {
    let raw = cell_text(column, field, row);
    if raw.is_empty() {
        return (raw, None);
    }
    let original = || {
        format!(
            "{raw}{}",
            field
                .unit
                .as_deref()
                .map(|u| format!(" {u}"))
                .unwrap_or_default()
        )
    };
    match r {
        Rendering::Plain => (raw, None),
        Rendering::Spectral { unit, .. } => match column.f64_at(row) {
            Some(v) if v > 0.0 => (significant(convert_spectral(v, unit), 4), Some(original())),
            _ => (raw, None),
        },
        Rendering::Mjd => match column.f64_at(row) {
            Some(v) => (
                crate::standards::time::mjd_to_iso(v),
                Some(format!("MJD {raw}")),
            ),
            None => (raw, None),
        },
        Rendering::Ra => match column.f64_at(row) {
            Some(v) => {
                let s = crate::standards::coords::sexagesimal(v, 0.0);
                let hms = s.split(' ').next().unwrap_or("").to_owned();
                (format!("{raw} ({hms})"), None)
            }
            None => (raw, None),
        },
        Rendering::Dec => match column.f64_at(row) {
            Some(v) => {
                let s = crate::standards::coords::sexagesimal(0.0, v);
                let dms = s.split(' ').nth(1).unwrap_or("").to_owned();
                (format!("{raw} ({dms})"), None)
            }
            None => (raw, None),
        },
        Rendering::Size { unit_bytes } => match column.f64_at(row) {
            Some(v) => (human_size(v * unit_bytes), Some(original())),
            None => (raw, None),
        },
    }
}

/// Longer cell texts are cut for the table: a page cannot lay out a 100 MB text node
/// (Chromium's renderer crashed on one). The whole value stays in the table and its exports.
pub const MAX_SHOWN_BYTES: usize = 4096;

/// `text` as a table cell shows it: whole, or its start and how much was left out.
pub fn shown(text: String) -> String {
    if text.len() <= MAX_SHOWN_BYTES {
        return text;
    }
    let mut cut = MAX_SHOWN_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(
        "{}… ({} more not shown; export the table to read it all)",
        &text[..cut],
        human_size((text.len() - cut) as f64)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_texts_are_cut_for_showing() {
        assert_eq!(super::shown("short".into()), "short");
        let long = "é".repeat(3000);
        let s = super::shown(long);
        assert!(s.starts_with(&"é".repeat(2048)));
        assert!(
            s.ends_with("… (1.86 kB more not shown; export the table to read it all)"),
            "{s}"
        );
        assert!(s.len() < super::MAX_SHOWN_BYTES + 100);
    }

    use super::*;
    use crate::standards::votable::parse;

    const DOC: &str = r#"<VOTABLE><RESOURCE type="results"><TABLE>
      <FIELD name="em_min" datatype="double" unit="m" ucd="em.wl;stat.min"/>
      <FIELD name="t_min" datatype="double" unit="d" xtype="mjd"/>
      <FIELD name="s_ra" datatype="double" unit="deg" ucd="pos.eq.ra"/>
      <FIELD name="s_dec" datatype="double" unit="deg" ucd="pos.eq.dec"/>
      <FIELD name="access_estsize" datatype="long" unit="kbyte"/>
      <FIELD name="em_max" datatype="double" unit="m"/>
      <DATA><TABLEDATA>
      <TR><TD>1.239842e-20</TD><TD>53090.12345120</TD><TD>83.633083</TD><TD>-30.22559</TD><TD>616</TD><TD>5.5e-7</TD></TR>
      </TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"#;

    #[test]
    fn typed_values_become_held_values() {
        let tev = Rendering::Spectral {
            unit: "TeV",
            kind: SpectralKind::Energy,
        };
        let m = typed_to_raw(&tev, "1").unwrap();
        assert!((m / 1.239841984e-18 - 1.0).abs() < 1e-12, "{m}");
        assert!(reverses_order(&tev));
        let nm = Rendering::Spectral {
            unit: "nm",
            kind: SpectralKind::Wavelength,
        };
        assert!((typed_to_raw(&nm, "500").unwrap() - 5e-7).abs() < 1e-20);
        assert!(!reverses_order(&nm));
        assert_eq!(typed_to_raw(&Rendering::Mjd, "2004-03-26"), Some(53090.0));
        assert_eq!(typed_to_raw(&Rendering::Mjd, "53090.5"), Some(53090.5));
        let kb = Rendering::Size { unit_bytes: 1024.0 };
        assert_eq!(typed_to_raw(&kb, "2 MB"), Some(2048.0));
        assert_eq!(typed_to_raw(&kb, "300"), Some(300.0));
        assert_eq!(typed_to_raw(&kb, "3 parsecs"), None);
        assert_eq!(typed_to_raw(&Rendering::Plain, "crab"), None);
    }

    #[test]
    fn obscore_columns_read_naturally() {
        let doc = parse(DOC.as_bytes()).unwrap();
        let t = doc.results_table().unwrap();
        let show = |j: usize| {
            let r = rendering(&t.fields[j], &t.columns[j]);
            (r.clone(), render(&r, &t.fields[j], &t.columns[j], 0))
        };
        let (r, (text, tip)) = show(0);
        assert_eq!(
            r,
            Rendering::Spectral {
                unit: "TeV",
                kind: SpectralKind::Energy
            }
        );
        assert_eq!(text, "100");
        assert_eq!(tip.as_deref(), Some("1.239842e-20 m"));
        assert_eq!(show(1).1 .0, "2004-03-26T02:57:46");
        assert_eq!(show(2).1 .0, "83.633083 (05:34:31.94)");
        assert_eq!(show(3).1 .0, "-30.22559 (-30:13:32.1)");
        assert_eq!(show(4).1 .0, "616 kB");
        let (r, (text, _)) = show(5);
        assert_eq!(
            r,
            Rendering::Spectral {
                unit: "nm",
                kind: SpectralKind::Wavelength
            }
        );
        assert_eq!(text, "550");
    }

    #[test]
    fn wavelength_bounds_read_as_energies_turn_around() {
        let doc = parse(DOC.as_bytes()).unwrap();
        let t = doc.results_table().unwrap();
        let r = |j: usize| rendering(&t.fields[j], &t.columns[j]);
        // em_min is the shortest wavelength: the highest energy.
        assert_eq!(quantity(&r(0), &t.fields[0]), Some("E_max"));
        assert_eq!(caption(&r(0), &t.fields[0]), "E_max (em_min) [TeV]");
        // em_max shown as a wavelength stays a maximum.
        assert_eq!(quantity(&r(5), &t.fields[5]), Some("λ_max"));
        assert_eq!(quantity(&r(1), &t.fields[1]), None);
        assert_eq!(caption(&r(1), &t.fields[1]), "t_min [UTC]");
        assert_eq!(caption(&r(2), &t.fields[2]), "s_ra [deg]");
        assert_eq!(caption(&r(4), &t.fields[4]), "access_estsize [kbyte]");
        let mut f = t.fields[0].clone();
        f.name = "em_max".into();
        assert_eq!(quantity(&r(0), &f), Some("E_min"));
        let ghz = Rendering::Spectral {
            unit: "GHz",
            kind: SpectralKind::Frequency,
        };
        assert_eq!(quantity(&ghz, &t.fields[0]), Some("ν_max"));
    }

    #[test]
    fn exported_cells_keep_precision_in_the_unit_shown() {
        let doc = parse(DOC.as_bytes()).unwrap();
        let t = doc.results_table().unwrap();
        let out = |j: usize| {
            let r = rendering(&t.fields[j], &t.columns[j]);
            export_text(&r, &t.fields[j], &t.columns[j], 0)
        };
        // hc = 1.239841984e-6 eV m; 1.239842e-20 m is 99.99998709… TeV.
        let tev: f64 = out(0).parse().unwrap();
        assert!(
            (tev - 1.239841984e-6 / 1.239842e-20 / 1e12).abs() < 1e-8,
            "{tev}"
        );
        assert!(
            out(0).len() > 8,
            "more digits than the screen's four: {}",
            out(0)
        );
        assert_eq!(out(1), "2004-03-26T02:57:46");
        assert_eq!(out(2), "83.633083");
        assert_eq!(out(4), "616");
    }

    #[test]
    fn units_by_band() {
        assert_eq!(
            spectral_rendering(1.2398e-18),
            Rendering::Spectral {
                unit: "TeV",
                kind: SpectralKind::Energy
            }
        );
        assert_eq!(
            spectral_rendering(1.2398e-14),
            Rendering::Spectral {
                unit: "GeV",
                kind: SpectralKind::Energy
            }
        );
        assert_eq!(
            spectral_rendering(1.2398e-10),
            Rendering::Spectral {
                unit: "keV",
                kind: SpectralKind::Energy
            }
        );
        assert_eq!(
            spectral_rendering(2.2e-6),
            Rendering::Spectral {
                unit: "µm",
                kind: SpectralKind::Wavelength
            }
        );
        assert_eq!(
            spectral_rendering(0.21),
            Rendering::Spectral {
                unit: "GHz",
                kind: SpectralKind::Frequency
            }
        );
        assert!((convert_spectral(0.21, "GHz") - 1.4276).abs() < 1e-3);
        assert_eq!(human_size(4.2 * 1048576.0), "4.2 MB");
    }
}
