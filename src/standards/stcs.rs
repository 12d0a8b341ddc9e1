//! Regions as ObsCore's `s_region` carries them: STC-S strings (`Polygon ICRS …`,
//! `Circle ICRS …`, `Box …`, `Position …`, DaCHS and most services) or DALI arrays
//! (xtype `polygon`, `circle`, `point`: bare numbers).

#[derive(Clone, Debug, PartialEq)]
pub enum Region {
    /// Vertices (ra, dec) in degrees.
    Polygon(Vec<(f64, f64)>),
    /// Centre and radius, degrees.
    Circle {
        ra: f64,
        dec: f64,
        radius: f64,
    },
    Point {
        ra: f64,
        dec: f64,
    },
    /// Several shapes (Union); what other STC-S operators describe is approximated by
    /// their members.
    Union(Vec<Region>),
}

impl Region {
    /// An outline for drawing: polygons as they are, circles as 36-gons (small-circle
    /// approximation good to a fraction of a percent for footprints below ~10°).
    pub fn outline(&self) -> Vec<Vec<(f64, f64)>> {
        match self {
            Region::Polygon(v) => vec![v.clone()],
            Region::Circle { ra, dec, radius } => {
                let cosd = dec.to_radians().cos().max(1e-6);
                vec![(0..36)
                    .map(|k| {
                        let a = (k as f64 * 10.0).to_radians();
                        (
                            (ra + radius * a.cos() / cosd).rem_euclid(360.0),
                            (dec + radius * a.sin()).clamp(-90.0, 90.0),
                        )
                    })
                    .collect()]
            }
            Region::Point { ra, dec } => vec![vec![(*ra, *dec)]],
            Region::Union(parts) => parts.iter().flat_map(|p| p.outline()).collect(),
        }
    }

    /// A representative centre (for plotting a footprint as a point when zoomed out).
    pub fn center(&self) -> Option<(f64, f64)> {
        match self {
            Region::Circle { ra, dec, .. } | Region::Point { ra, dec } => Some((*ra, *dec)),
            Region::Polygon(v) if !v.is_empty() => {
                // Mean on the unit sphere, so polygons across RA=0 stay right.
                let (mut x, mut y, mut z) = (0.0, 0.0, 0.0);
                for (ra, dec) in v {
                    let (a, d) = (ra.to_radians(), dec.to_radians());
                    x += d.cos() * a.cos();
                    y += d.cos() * a.sin();
                    z += d.sin();
                }
                let ra = y.atan2(x).to_degrees().rem_euclid(360.0);
                let dec = z.atan2((x * x + y * y).sqrt()).to_degrees();
                Some((ra, dec))
            }
            Region::Union(parts) => parts.iter().find_map(Region::center),
            Region::Polygon(_) => None,
        }
    }
}

const FRAMES: &[&str] = &[
    "ICRS",
    "FK4",
    "FK5",
    "J2000",
    "B1950",
    "ECLIPTIC",
    "GALACTIC",
    "GALACTIC_II",
    "SUPER_GALACTIC",
    "GEO_C",
    "GEO_D",
    "UNKNOWNFRAME",
];
const REFPOS: &[&str] = &[
    "BARYCENTER",
    "GEOCENTER",
    "HELIOCENTER",
    "LSR",
    "TOPOCENTER",
    "RELOCATABLE",
    "UNKNOWNREFPOS",
];
const FLAVORS: &[&str] = &["SPHERICAL2", "CARTESIAN2", "CARTESIAN3"];

/// Parses an STC-S region, or a DALI array given with its xtype.
pub fn parse(text: &str, xtype: Option<&str>) -> Option<Region> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if t.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.') {
        let nums: Vec<f64> = t
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().ok())
            .collect::<Option<_>>()?;
        return match (xtype.map(str::to_ascii_lowercase).as_deref(), nums.len()) {
            (Some("circle"), 3) => Some(Region::Circle {
                ra: nums[0],
                dec: nums[1],
                radius: nums[2],
            }),
            (Some("point"), 2) => Some(Region::Point {
                ra: nums[0],
                dec: nums[1],
            }),
            (_, n) if n >= 6 && n % 2 == 0 => Some(Region::Polygon(
                nums.chunks(2).map(|c| (c[0], c[1])).collect(),
            )),
            _ => None,
        };
    }
    let tokens: Vec<&str> = t.split_whitespace().collect();
    let mut pos = 0;
    let r = shape(&tokens, &mut pos)?;
    Some(r)
}

fn skip_frame(tokens: &[&str], pos: &mut usize) {
    while let Some(t) = tokens.get(*pos) {
        let u = t.to_ascii_uppercase();
        if FRAMES.contains(&u.as_str())
            || REFPOS.contains(&u.as_str())
            || FLAVORS.contains(&u.as_str())
        {
            *pos += 1;
        } else {
            break;
        }
    }
}

fn numbers(tokens: &[&str], pos: &mut usize) -> Vec<f64> {
    let mut out = Vec::new();
    while let Some(v) = tokens.get(*pos).and_then(|t| t.parse::<f64>().ok()) {
        out.push(v);
        *pos += 1;
    }
    out
}

fn shape(tokens: &[&str], pos: &mut usize) -> Option<Region> {
    let word = tokens
        .get(*pos)?
        .trim_start_matches('(')
        .to_ascii_uppercase();
    *pos += 1;
    match word.as_str() {
        "POLYGON" => {
            skip_frame(tokens, pos);
            let n = numbers(tokens, pos);
            (n.len() >= 6)
                .then(|| Region::Polygon(n.chunks_exact(2).map(|c| (c[0], c[1])).collect()))
        }
        "CIRCLE" => {
            skip_frame(tokens, pos);
            let n = numbers(tokens, pos);
            (n.len() >= 3).then(|| Region::Circle {
                ra: n[0],
                dec: n[1],
                radius: n[2],
            })
        }
        "POSITION" => {
            skip_frame(tokens, pos);
            let n = numbers(tokens, pos);
            (n.len() >= 2).then(|| Region::Point {
                ra: n[0],
                dec: n[1],
            })
        }
        "BOX" => {
            skip_frame(tokens, pos);
            let n = numbers(tokens, pos);
            if n.len() < 4 {
                return None;
            }
            let (ra, dec, w, h) = (n[0], n[1], n[2] / 2.0, n[3] / 2.0);
            let c = dec.to_radians().cos().max(1e-6);
            Some(Region::Polygon(vec![
                (ra - w / c, dec - h),
                (ra + w / c, dec - h),
                (ra + w / c, dec + h),
                (ra - w / c, dec + h),
            ]))
        }
        "UNION" | "INTERSECTION" | "NOT" => {
            skip_frame(tokens, pos);
            let mut parts = Vec::new();
            while *pos < tokens.len() {
                let t = tokens[*pos].trim_start_matches('(');
                if t.is_empty() {
                    *pos += 1;
                    continue;
                }
                match shape(
                    &tokens
                        .iter()
                        .map(|s| s.trim_matches(['(', ')']))
                        .collect::<Vec<_>>(),
                    pos,
                ) {
                    Some(r) => parts.push(r),
                    None => break,
                }
            }
            (!parts.is_empty()).then_some(Region::Union(parts))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stcs_shapes() {
        assert_eq!(
            parse("Circle ICRS 83.63 22.01 2.5", None),
            Some(Region::Circle {
                ra: 83.63,
                dec: 22.01,
                radius: 2.5
            })
        );
        let p = parse("Polygon ICRS TOPOCENTER 10 10 11 10 11 11 10 11", None).unwrap();
        assert_eq!(p.outline()[0].len(), 4);
        assert_eq!(
            parse("Position ICRS 1 2", None),
            Some(Region::Point { ra: 1.0, dec: 2.0 })
        );
        let b = parse("Box ICRS 0 0 2 2", None).unwrap();
        assert_eq!(b.outline()[0][0], (-1.0, -1.0));
        let u = parse("Union ICRS (Circle 1 2 3 Polygon 10 10 11 10 11 11)", None).unwrap();
        assert!(matches!(u, Region::Union(ref v) if v.len() == 2), "{u:?}");
        assert_eq!(parse("nonsense", None), None);
    }

    #[test]
    fn dali_arrays_and_centres() {
        assert_eq!(
            parse("83.6 22.0 1.5", Some("circle")),
            Some(Region::Circle {
                ra: 83.6,
                dec: 22.0,
                radius: 1.5
            })
        );
        let p = parse("359 0 1 0 1 1 359 1", Some("polygon")).unwrap();
        let (ra, dec) = p.center().unwrap();
        assert!(!(0.01..=359.99).contains(&ra), "{ra}");
        assert!((dec - 0.5).abs() < 0.01);
    }
}
