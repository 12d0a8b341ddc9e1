//! Writes a realistic ObsCore 1.1 result VOTable for the benchmark: every ObsCore column,
//! about 5 % nulls, STC-S `s_region` strings, deterministic.
//!
//! Usage: `cargo run --release --example gen_obscore_votable -- ROWS td|binary|binary2 OUT`

use std::io::Write;

use voscope::standards::votable::{
    writer, ArraySize, Datatype, Field, Serialization, TableBuilder,
};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.unit()
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn field(
    name: &str,
    dt: Datatype,
    arraysize: Option<&str>,
    unit: Option<&str>,
    ucd: &str,
    utype: &str,
) -> Field {
    let mut f = Field::new(name, dt);
    f.arraysize = arraysize.map(|a| ArraySize::parse(a).expect("valid arraysize"));
    f.unit = unit.map(str::to_owned);
    f.ucd = Some(ucd.to_owned());
    f.utype = Some(format!("obscore:{utype}"));
    f
}

fn fields() -> Vec<Field> {
    use Datatype::*;
    let s = Some("*");
    let mut v = vec![
        field(
            "dataproduct_type",
            Char,
            s,
            None,
            "meta.code.class",
            "ObsDataset.dataProductType",
        ),
        field(
            "dataproduct_subtype",
            Char,
            s,
            None,
            "meta.code.class",
            "ObsDataset.dataProductSubtype",
        ),
        field(
            "calib_level",
            Short,
            None,
            None,
            "meta.code;obs.calib",
            "ObsDataset.calibLevel",
        ),
        field(
            "obs_collection",
            Char,
            s,
            None,
            "meta.id",
            "DataID.Collection",
        ),
        field("obs_id", Char, s, None, "meta.id", "DataID.observationID"),
        field("obs_title", Char, s, None, "meta.title;obs", "DataID.Title"),
        field(
            "obs_publisher_did",
            Char,
            s,
            None,
            "meta.ref.ivoid",
            "Curation.PublisherDID",
        ),
        field(
            "obs_creator_did",
            Char,
            s,
            None,
            "meta.id",
            "DataID.CreatorDID",
        ),
        field(
            "access_url",
            Char,
            s,
            None,
            "meta.ref.url",
            "Access.Reference",
        ),
        field(
            "access_format",
            Char,
            s,
            None,
            "meta.code.mime",
            "Access.Format",
        ),
        field(
            "access_estsize",
            Long,
            None,
            Some("kbyte"),
            "phys.size;meta.file",
            "Access.Size",
        ),
        field("target_name", Char, s, None, "meta.id;src", "Target.Name"),
        field("target_class", Char, s, None, "src.class", "Target.Class"),
        field(
            "s_ra",
            Double,
            None,
            Some("deg"),
            "pos.eq.ra",
            "Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1",
        ),
        field(
            "s_dec",
            Double,
            None,
            Some("deg"),
            "pos.eq.dec",
            "Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C2",
        ),
        field(
            "s_fov",
            Double,
            None,
            Some("deg"),
            "phys.angSize;instr.fov",
            "Char.SpatialAxis.Coverage.Bounds.Extent.diameter",
        ),
        field(
            "s_region",
            Char,
            s,
            None,
            "pos.outline;obs.field",
            "Char.SpatialAxis.Coverage.Support.Area",
        ),
        field(
            "s_resolution",
            Double,
            None,
            Some("arcsec"),
            "pos.angResolution",
            "Char.SpatialAxis.Resolution.Refval.value",
        ),
        field(
            "s_xel1",
            Long,
            None,
            None,
            "meta.number",
            "Char.SpatialAxis.numBins1",
        ),
        field(
            "s_xel2",
            Long,
            None,
            None,
            "meta.number",
            "Char.SpatialAxis.numBins2",
        ),
        field(
            "s_pixel_scale",
            Double,
            None,
            Some("arcsec"),
            "phys.angSize;instr.pixel",
            "Char.SpatialAxis.Sampling.RefVal.SamplingPeriod",
        ),
        field(
            "t_min",
            Double,
            None,
            Some("d"),
            "time.start;obs.exposure",
            "Char.TimeAxis.Coverage.Bounds.Limits.StartTime",
        ),
        field(
            "t_max",
            Double,
            None,
            Some("d"),
            "time.end;obs.exposure",
            "Char.TimeAxis.Coverage.Bounds.Limits.StopTime",
        ),
        field(
            "t_exptime",
            Double,
            None,
            Some("s"),
            "time.duration;obs.exposure",
            "Char.TimeAxis.Coverage.Support.Extent",
        ),
        field(
            "t_resolution",
            Double,
            None,
            Some("s"),
            "time.resolution",
            "Char.TimeAxis.Resolution.Refval.value",
        ),
        field(
            "t_xel",
            Long,
            None,
            None,
            "meta.number",
            "Char.TimeAxis.numBins",
        ),
        field(
            "em_min",
            Double,
            None,
            Some("m"),
            "em.wl;stat.min",
            "Char.SpectralAxis.Coverage.Bounds.Limits.LoLimit",
        ),
        field(
            "em_max",
            Double,
            None,
            Some("m"),
            "em.wl;stat.max",
            "Char.SpectralAxis.Coverage.Bounds.Limits.HiLimit",
        ),
        field(
            "em_res_power",
            Double,
            None,
            None,
            "spect.resolution",
            "Char.SpectralAxis.Resolution.ResolPower.refVal",
        ),
        field(
            "em_xel",
            Long,
            None,
            None,
            "meta.number",
            "Char.SpectralAxis.numBins",
        ),
        field("em_ucd", Char, s, None, "meta.ucd", "Char.SpectralAxis.ucd"),
        field(
            "o_ucd",
            Char,
            s,
            None,
            "meta.ucd",
            "Char.ObservableAxis.ucd",
        ),
        field(
            "pol_states",
            Char,
            s,
            None,
            "meta.code;phys.polarization",
            "Char.PolarizationAxis.stateList",
        ),
        field(
            "pol_xel",
            Long,
            None,
            None,
            "meta.number",
            "Char.PolarizationAxis.numBins",
        ),
        field(
            "facility_name",
            Char,
            s,
            None,
            "meta.id;instr.tel",
            "Provenance.ObsConfig.Facility.name",
        ),
        field(
            "instrument_name",
            Char,
            s,
            None,
            "meta.id;instr",
            "Provenance.ObsConfig.Instrument.name",
        ),
        field(
            "preview",
            Char,
            s,
            None,
            "meta.ref.url;meta.preview",
            "Access.Preview",
        ),
    ];
    v[16].xtype = Some("adql:REGION".into());
    v[21].xtype = Some("mjd".into());
    v[22].xtype = Some("mjd".into());
    v
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: gen_obscore_votable ROWS td|binary|binary2 OUT");
        std::process::exit(2);
    }
    let rows: usize = args[1].parse().expect("ROWS is a number");
    let ser = match args[2].as_str() {
        "td" => Serialization::TableData,
        "binary" => Serialization::Binary,
        "binary2" => Serialization::Binary2,
        other => panic!("unknown serialization {other}"),
    };
    let mut rng = Rng(0x9E3779B97F4A7C15 ^ rows as u64);
    let mut tb = TableBuilder::new(fields(), rows);
    let facilities = [
        ("H.E.S.S.", "H.E.S.S. II", 5.0),
        ("MAGIC", "MAGIC stereo", 3.5),
        ("VERITAS", "VERITAS", 3.5),
        ("CTAO-South", "SST", 8.0),
        ("CTAO-North", "LST-1", 4.5),
    ];
    let targets = [
        "Crab Nebula",
        "PKS 2155-304",
        "RX J1713.7-3946",
        "MSH 15-52",
        "Vela X",
        "Galactic Centre",
        "Mrk 421",
        "Mrk 501",
        "Cas A",
        "W28",
    ];
    let kinds = [
        "event",
        "event",
        "event",
        "event",
        "cube",
        "image",
        "spectrum",
        "timeseries",
    ];
    let mut cells: Vec<String> = Vec::with_capacity(37);
    for i in 0..rows {
        cells.clear();
        let (fac, inst, fov) = facilities[(rng.next() % 5) as usize];
        let kind = rng.pick(&kinds);
        let ra = rng.range(0.0, 360.0);
        let dec = rng.range(-80.0, 80.0);
        let r = fov / 2.0;
        let region = if rng.unit() < 0.5 {
            format!("Circle ICRS {ra:.6} {dec:.6} {r:.3}")
        } else {
            let n = 4 + (rng.next() % 5) as usize;
            let mut s = String::from("Polygon ICRS");
            for k in 0..n {
                let a = std::f64::consts::TAU * k as f64 / n as f64;
                s.push_str(&format!(
                    " {:.6} {:.6}",
                    (ra + r * a.cos() / dec.to_radians().cos().max(0.2) + 360.0) % 360.0,
                    (dec + r * a.sin()).clamp(-90.0, 90.0)
                ));
            }
            s
        };
        let t_min = rng.range(53000.0, 61000.0);
        let exptime = rng.range(600.0, 1800.0);
        let e_th = rng.range(0.02, 1.0) * 1e12;
        let obs_id = format!("{}-{:08}", fac.to_ascii_lowercase().replace('.', ""), i);
        cells.extend([
            kind.to_owned(),
            String::new(),
            ["1", "2", "2", "3", "4"][(rng.next() % 5) as usize].to_owned(),
            format!("{fac} DL3"),
            obs_id.clone(),
            format!("{inst} observation of {} #{i}", rng.pick(&targets)),
            format!("ivo://example.org/vhe?{obs_id}"),
            format!("ivo://example.org/raw?{obs_id}"),
            format!("https://data.example.org/vhe/{obs_id}.fits.gz"),
            "application/fits".to_owned(),
            format!("{}", 200 + rng.next() % 50_000),
            rng.pick(&targets).to_owned(),
            rng.pick(&["PWN", "SNR", "BLL", "AGN", "XRB"]).to_owned(),
            format!("{ra:.8}"),
            format!("{dec:.8}"),
            format!("{fov}"),
            region,
            format!("{:.3}", rng.range(100.0, 600.0)),
            format!("{}", 100 + rng.next() % 400),
            format!("{}", 100 + rng.next() % 400),
            format!("{:.4}", rng.range(0.5, 2.0)),
            format!("{t_min:.9}"),
            format!("{:.9}", t_min + exptime / 86400.0),
            format!("{exptime:.2}"),
            "1e-06".to_owned(),
            format!("{}", rng.next() % 1_000_000),
            format!("{:.6e}", 1.239841984e-6 / 1e14),
            format!("{:.6e}", 1.239841984e-6 / e_th),
            format!("{:.2}", rng.range(4.0, 10.0)),
            format!("{}", 10 + rng.next() % 50),
            "em.energy".to_owned(),
            "phot.count".to_owned(),
            String::new(),
            String::new(),
            fac.to_owned(),
            inst.to_owned(),
            format!("https://data.example.org/vhe/preview/{obs_id}.png"),
        ]);
        // About 5 % nulls, and the columns ObsCore leaves empty for event lists.
        let row: Vec<Option<&str>> = cells
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let always = matches!(j, 1 | 32 | 33);
                let sometimes = !matches!(j, 0 | 2 | 3 | 4 | 6 | 8 | 9) && rng.unit() < 0.05;
                if always || sometimes {
                    None
                } else {
                    Some(c.as_str())
                }
            })
            .collect();
        tb.push_row(&row).expect("generated cells are valid");
    }
    let table = tb.finish();
    let bytes = writer::write(
        &table,
        ser,
        &[("QUERY_STATUS".into(), "OK".into(), String::new())],
    );
    let mut out = std::fs::File::create(&args[3]).expect("can create OUT");
    out.write_all(&bytes).expect("can write OUT");
    eprintln!("{} rows, {} bytes -> {}", rows, bytes.len(), args[3]);
}
