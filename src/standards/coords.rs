//! Positions typed by hand: decimal or sexagesimal, ICRS or galactic, as astronomers
//! write them — so a target field takes "Crab" (resolved) or "83.633 +22.0145" or
//! "05:34:31.94 +22:00:52.2" or "l=184.557 b=-5.784" alike.

/// A position typed into the target field, in ICRS degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Typed {
    pub ra: f64,
    pub dec: f64,
    /// The frame the user wrote it in.
    pub frame: Frame,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    Icrs,
    Galactic,
}

/// Reads `text` as a position. `None`: it is not a position (so, a name to resolve).
/// `Some(Err)`: it looks like one but is wrong (e.g. Dec above 90°).
pub fn parse(text: &str, default_frame: Frame) -> Option<Result<Typed, String>> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    // Explicit galactic forms: "l=184.557 b=-5.784", "gal 184.557 -5.784", "G184.557-05.784".
    let (frame, body) = if let Some(rest) = lower
        .strip_prefix("gal ")
        .or_else(|| lower.strip_prefix("galactic "))
    {
        (Frame::Galactic, rest.to_owned())
    } else if lower.starts_with("l=") || lower.starts_with("l =") {
        (
            Frame::Galactic,
            lower
                .replace("l=", " ")
                .replace("l =", " ")
                .replace("b=", " ")
                .replace("b =", " "),
        )
    } else if let Some(rest) = lower.strip_prefix("icrs ") {
        (Frame::Icrs, rest.to_owned())
    } else if lower.starts_with('g') && lower[1..].starts_with(|c: char| c.is_ascii_digit()) {
        let rest = &lower[1..];
        let split = rest[1..].find(['+', '-']).map(|p| p + 1)?;
        (
            Frame::Galactic,
            format!("{} {}", &rest[..split], &rest[split..]),
        )
    } else {
        (default_frame, lower.clone())
    };
    let body = body.replace(',', " ");
    let (a, b) = split_two(&body)?;
    let (lon, lat) = match (
        sexagesimal_or_decimal(&a, true),
        sexagesimal_or_decimal(&b, false),
    ) {
        (Some(x), Some(y)) => (x, y),
        _ => return None,
    };
    Some(finish(lon, lat, frame))
}

fn finish(lon: f64, lat: f64, frame: Frame) -> Result<Typed, String> {
    if !(-90.0..=90.0).contains(&lat) {
        return Err(format!(
            "the latitude {lat}° is outside -90…+90: is it RA and Dec in that order?"
        ));
    }
    if !(0.0..360.0).contains(&lon) && lon != 360.0 {
        return Err(format!("the longitude {lon}° is outside 0…360"));
    }
    let lon = lon % 360.0;
    let (ra, dec) = match frame {
        Frame::Icrs => (lon, lat),
        Frame::Galactic => galactic_to_icrs(lon, lat),
    };
    Ok(Typed { ra, dec, frame })
}

/// Splits "a b" where each part may itself contain spaces (sexagesimal "05 34 31.9"):
/// the sign of the second coordinate, or the number of fields, tells where.
fn split_two(text: &str) -> Option<(String, String)> {
    let fields: Vec<&str> = text.split_whitespace().collect();
    match fields.len() {
        2 => Some((fields[0].to_owned(), fields[1].to_owned())),
        6 => Some((fields[..3].join(" "), fields[3..].join(" "))),
        4 => Some((fields[..2].join(" "), fields[2..].join(" "))),
        1 => {
            // "83.633+22.0145" or "05:34:31.9+22:00:52"
            let f = fields[0];
            let p = f[1..].find(['+', '-']).map(|p| p + 1)?;
            Some((f[..p].to_owned(), f[p..].to_owned()))
        }
        3 | 5 => {
            // The second coordinate starts with a sign.
            let k = fields
                .iter()
                .skip(1)
                .position(|s| s.starts_with(['+', '-']))?
                + 1;
            Some((fields[..k].join(" "), fields[k..].join(" ")))
        }
        _ => None,
    }
}

/// Degrees from "83.633", "05:34:31.94", "05 34 31.94", "5h34m31.94s", "+22d00m52.2s".
/// A sexagesimal first coordinate is in hours (RA), the second in degrees.
fn sexagesimal_or_decimal(text: &str, is_longitude: bool) -> Option<f64> {
    let t = text.trim();
    let unit_hours = t.contains('h');
    let cleaned: String = t
        .chars()
        .map(|c| match c {
            ':' | 'h' | 'd' | 'm' | '°' | '\'' | '"' | 's' => ' ',
            c => c,
        })
        .collect();
    let parts: Vec<&str> = cleaned.split_whitespace().collect();
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    if parts.len() == 1 && !unit_hours && !t.contains(':') && !t.contains('d') {
        let v: f64 = parts[0].parse().ok()?;
        return v.is_finite().then_some(v);
    }
    let negative = parts[0].starts_with('-');
    let mut value = 0.0;
    for (k, p) in parts.iter().enumerate() {
        let v: f64 = p.trim_start_matches(['+', '-']).parse().ok()?;
        if k > 0 && !(0.0..60.0).contains(&v) {
            return None;
        }
        value += v / 60f64.powi(k as i32);
    }
    let value = if negative { -value } else { value };
    Some(if is_longitude && (unit_hours || parts.len() > 1) {
        value * 15.0
    } else {
        value
    })
}

/// Galactic (l, b) to ICRS (ra, dec), degrees. The rotation is astropy's (rows: the
/// galactic axes in ICRS), so positions agree with astropy to rounding.
pub fn galactic_to_icrs(l: f64, b: f64) -> (f64, f64) {
    const M: [[f64; 3]; 3] = [
        [
            -0.054_875_657_712_591_79,
            -0.873_437_051_955_616,
            -0.483_835_073_616_715_5,
        ],
        [
            0.494_109_437_192_727_5,
            -0.444_829_721_223_295_56,
            0.746_982_183_986_667_6,
        ],
        [
            -0.867_666_137_559_658_7,
            -0.198_076_337_273_000_75,
            0.455_983_813_687_301_6,
        ],
    ];
    let (l, b) = (l.to_radians(), b.to_radians());
    let g = [b.cos() * l.cos(), b.cos() * l.sin(), b.sin()];
    let x = M[0][0] * g[0] + M[1][0] * g[1] + M[2][0] * g[2];
    let y = M[0][1] * g[0] + M[1][1] * g[1] + M[2][1] * g[2];
    let z = M[0][2] * g[0] + M[1][2] * g[1] + M[2][2] * g[2];
    let ra = y.atan2(x).to_degrees().rem_euclid(360.0);
    let dec = z.clamp(-1.0, 1.0).asin().to_degrees();
    (ra, dec)
}

/// ICRS to galactic, the inverse rotation.
pub fn icrs_to_galactic(ra: f64, dec: f64) -> (f64, f64) {
    const M: [[f64; 3]; 3] = [
        [
            -0.054_875_657_712_591_79,
            -0.873_437_051_955_616,
            -0.483_835_073_616_715_5,
        ],
        [
            0.494_109_437_192_727_5,
            -0.444_829_721_223_295_56,
            0.746_982_183_986_667_6,
        ],
        [
            -0.867_666_137_559_658_7,
            -0.198_076_337_273_000_75,
            0.455_983_813_687_301_6,
        ],
    ];
    let (a, d) = (ra.to_radians(), dec.to_radians());
    let e = [d.cos() * a.cos(), d.cos() * a.sin(), d.sin()];
    let x = M[0][0] * e[0] + M[0][1] * e[1] + M[0][2] * e[2];
    let y = M[1][0] * e[0] + M[1][1] * e[1] + M[1][2] * e[2];
    let z = M[2][0] * e[0] + M[2][1] * e[1] + M[2][2] * e[2];
    (
        y.atan2(x).to_degrees().rem_euclid(360.0),
        z.clamp(-1.0, 1.0).asin().to_degrees(),
    )
}

/// "05:34:31.94 +22:00:52.2" for a position in degrees.
pub fn sexagesimal(ra: f64, dec: f64) -> String {
    let h = ra.rem_euclid(360.0) / 15.0;
    let (hh, hm, hs) = split60(h, 2);
    let sign = if dec < 0.0 { '-' } else { '+' };
    let (dd, dm, ds) = split60(dec.abs(), 1);
    format!("{hh:02}:{hm:02}:{hs:05.2} {sign}{dd:02}:{dm:02}:{ds:04.1}")
}

fn split60(v: f64, decimals: i32) -> (u32, u32, f64) {
    let scale = 10f64.powi(decimals);
    let total = (v * 3600.0 * scale).round() / scale;
    let whole = total.floor();
    let frac = total - whole;
    let whole = whole as u64;
    (
        (whole / 3600) as u32,
        ((whole / 60) % 60) as u32,
        (whole % 60) as f64 + frac,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Typed {
        parse(text, Frame::Icrs)
            .expect("a position")
            .expect("valid")
    }

    #[test]
    fn decimal_and_sexagesimal_forms() {
        let a = p("83.63308 22.0145");
        assert!((a.ra - 83.63308).abs() < 1e-9 && (a.dec - 22.0145).abs() < 1e-9);
        for text in [
            "05:34:31.94 +22:00:52.2",
            "05 34 31.94 +22 00 52.2",
            "5h34m31.94s +22d00m52.2s",
            "05:34:31.94+22:00:52.2",
            "83.63308, 22.0145",
        ] {
            let b = p(text);
            assert!((b.ra - 83.633083).abs() < 1e-4, "{text}: {b:?}");
            assert!((b.dec - 22.014500).abs() < 1e-4, "{text}: {b:?}");
        }
        let c = p("21 58 52.07 -30 13 32.1");
        assert!(
            (c.ra - 329.71696).abs() < 1e-4 && (c.dec + 30.22558).abs() < 1e-4,
            "{c:?}"
        );
    }

    #[test]
    fn names_are_not_positions() {
        for name in [
            "Crab",
            "M 1",
            "PKS 2155-304",
            "RX J1713.7-3946",
            "MSH 15-52",
            "NGC 1952",
            "Vela",
        ] {
            assert!(parse(name, Frame::Icrs).is_none(), "{name}");
        }
    }

    #[test]
    fn galactic_round_trip_and_known_points() {
        // The Galactic Centre and the Crab (l=184.5575, b=-5.7843), checked against astropy.
        let gc = p("l=0 b=0");
        assert_eq!(gc.frame, Frame::Galactic);
        assert!(
            (gc.ra - 266.40499).abs() < 1e-3 && (gc.dec + 28.93617).abs() < 1e-3,
            "{gc:?}"
        );
        let crab = p("gal 184.5575 -5.7843");
        assert!(
            (crab.ra - 83.6330).abs() < 1e-3 && (crab.dec - 22.0145).abs() < 1e-3,
            "{crab:?}"
        );
        let (l, b) = icrs_to_galactic(crab.ra, crab.dec);
        assert!((l - 184.5575).abs() < 1e-9 && (b + 5.7843).abs() < 1e-9);
    }

    #[test]
    fn out_of_range_is_explained() {
        let e = parse("10 95", Frame::Icrs).unwrap().unwrap_err();
        assert!(e.contains("outside -90"), "{e}");
    }

    #[test]
    fn formatting() {
        assert_eq!(sexagesimal(83.63308333, 22.0145), "05:34:31.94 +22:00:52.2");
        assert_eq!(sexagesimal(329.71694, -30.22559), "21:58:52.07 -30:13:32.1");
    }
}
