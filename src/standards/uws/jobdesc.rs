//! Job-creation forms from a job description: a WADL document (as the CTA/OPUS UWS
//! servers publish for each job type) or DaCHS's parameter metadata (a VOTable whose
//! `GROUP name="inputParams"` declares the service's parameters, as DataLink service
//! descriptors do). Both become the same form model: typed fields with defaults,
//! required marks, choices and help, and the values are checked before submission.

use crate::standards::xml::Element;

use super::UwsError;

/// What kind of value a field takes (decides the input and the check).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Integer,
    Real,
    Boolean,
    /// An instant (ISO 8601).
    DateTime,
    /// A URI (may be relative: OPUS's `evfile` defaults to `events.fits`).
    Uri,
}

impl FieldKind {
    /// The HTML input type that fits.
    pub fn input_type(&self) -> &'static str {
        match self {
            FieldKind::Integer | FieldKind::Real => "text",
            FieldKind::DateTime => "text",
            FieldKind::Uri => "url",
            _ => "text",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Integer => "integer",
            FieldKind::Real => "number",
            FieldKind::Boolean => "boolean",
            FieldKind::DateTime => "date/time (UTC)",
            FieldKind::Uri => "URI",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FormField {
    pub name: String,
    pub kind: FieldKind,
    pub default: Option<String>,
    pub required: bool,
    /// A closed list of (value, label); the value must be one of them.
    pub options: Vec<(String, String)>,
    pub help: String,
    pub unit: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Several numbers separated by spaces (a VOTable arraysize, e.g. an interval: 2).
    pub count: Option<usize>,
    /// The value is fixed by the description (shown, not editable, always sent).
    pub fixed: Option<String>,
}

impl FormField {
    fn new(name: &str, kind: FieldKind) -> FormField {
        FormField {
            name: name.to_owned(),
            kind,
            default: None,
            required: false,
            options: Vec::new(),
            help: String::new(),
            unit: None,
            min: None,
            max: None,
            count: None,
            fixed: None,
        }
    }

    /// Checks one typed value; Ok(None) for an empty optional value (left out).
    pub fn check(&self, value: &str) -> Result<Option<String>, String> {
        if let Some(f) = &self.fixed {
            return Ok(Some(f.clone()));
        }
        let v = value.trim();
        if v.is_empty() {
            return if self.required {
                Err(format!("{} is required", self.name))
            } else {
                Ok(None)
            };
        }
        if !self.options.is_empty() {
            if self.options.iter().any(|(o, _)| o == v) {
                return Ok(Some(v.to_owned()));
            }
            let list: Vec<&str> = self.options.iter().map(|(o, _)| o.as_str()).collect();
            return Err(format!(
                "{}: {v:?} is not one of the choices ({})",
                self.name,
                list.join(", ")
            ));
        }
        match self.kind {
            FieldKind::Text => {}
            FieldKind::Uri => {
                if v.contains(char::is_whitespace) {
                    return Err(format!("{}: a URI cannot contain spaces", self.name));
                }
            }
            FieldKind::Boolean => {
                if !matches!(
                    v.to_ascii_lowercase().as_str(),
                    "true" | "false" | "yes" | "no" | "1" | "0" | "t" | "f"
                ) {
                    return Err(format!("{}: {v:?} is not true or false", self.name));
                }
            }
            FieldKind::DateTime => {
                crate::standards::time::iso_to_mjd(v).map_err(|e| format!("{}: {e}", self.name))?;
            }
            FieldKind::Integer | FieldKind::Real => {
                let parts: Vec<&str> = v.split_whitespace().collect();
                match self.count {
                    Some(n) if parts.len() != n => {
                        return Err(format!(
                            "{}: give {n} numbers separated by spaces, not {}",
                            self.name,
                            parts.len()
                        ))
                    }
                    None if parts.len() != 1 => {
                        return Err(format!("{}: give one number", self.name))
                    }
                    _ => {}
                }
                for p in parts {
                    let x = if self.kind == FieldKind::Integer {
                        p.parse::<i64>()
                            .map(|i| i as f64)
                            .map_err(|_| format!("{}: {p:?} is not a whole number", self.name))?
                    } else {
                        p.parse::<f64>()
                            .ok()
                            .filter(|x| x.is_finite())
                            .ok_or_else(|| format!("{}: {p:?} is not a number", self.name))?
                    };
                    if let Some(lo) = self.min.filter(|lo| x < *lo) {
                        return Err(format!("{}: {p} is below the minimum {lo}", self.name));
                    }
                    if let Some(hi) = self.max.filter(|hi| x > *hi) {
                        return Err(format!("{}: {p} is above the maximum {hi}", self.name));
                    }
                }
            }
        }
        Ok(Some(v.to_owned()))
    }
}

/// (field name, what is wrong with its value).
pub type FieldError = (String, String);

#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobForm {
    pub title: Option<String>,
    pub description: String,
    /// The job list to POST to, when the description names it (WADL resources base+path).
    pub job_list: Option<String>,
    pub fields: Vec<FormField>,
    /// "WADL" or "VOTable parameter metadata".
    pub source: &'static str,
}

impl JobForm {
    /// Checks every value (name → as typed); on success the form body to POST, with
    /// empty optional values left out and fixed values added. Every problem is listed,
    /// each with its field name, so the form can mark them all at once.
    pub fn validate(
        &self,
        values: &[(String, String)],
    ) -> Result<Vec<(String, String)>, Vec<FieldError>> {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for f in &self.fields {
            let typed = values
                .iter()
                .find(|(k, _)| *k == f.name)
                .map(|(_, v)| v.as_str())
                .unwrap_or("");
            match f.check(typed) {
                Ok(Some(v)) => out.push((f.name.clone(), v)),
                Ok(None) => {}
                Err(e) => errors.push((f.name.clone(), e)),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }
}

/// Reads a job description: WADL or a VOTable with input parameters.
pub fn parse(bytes: &[u8]) -> Result<JobForm, UwsError> {
    let root = super::parse_xml(bytes, "application")?;
    match root.name.as_str() {
        "application" => from_wadl(&root),
        "VOTABLE" => from_votable(&root),
        _ => Err(UwsError::NotUws {
            expected: "application (WADL) or VOTABLE",
            found: root.name,
        }),
    }
}

fn docs(e: &Element) -> String {
    e.all("doc")
        .filter(|d| d.attr("title").is_none())
        .map(|d| d.text.trim())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn xsd_kind(t: &str) -> FieldKind {
    let t = t.rsplit(':').next().unwrap_or(t).to_ascii_lowercase();
    match t.as_str() {
        "int" | "integer" | "long" | "short" | "byte" | "unsignedbyte" | "unsignedint"
        | "unsignedlong" | "unsignedshort" | "positiveinteger" | "nonnegativeinteger"
        | "negativeinteger" | "nonpositiveinteger" => FieldKind::Integer,
        "double" | "float" | "decimal" => FieldKind::Real,
        "boolean" => FieldKind::Boolean,
        "datetime" | "date" => FieldKind::DateTime,
        "anyuri" => FieldKind::Uri,
        _ => FieldKind::Text,
    }
}

/// `choices="A|B|C"` (OPUS writes them as an attribute, or inside the help text).
fn choices_in(text: &str) -> Option<Vec<String>> {
    let start = text.find("choices=\"")? + "choices=\"".len();
    let end = text[start..].find('"')? + start;
    Some(
        text[start..end]
            .split('|')
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect(),
    )
}

fn booleanish(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no"
    )
}

fn from_wadl(app: &Element) -> Result<JobForm, UwsError> {
    // The job list: the resource with a POST that creates jobs (id create_job, or the
    // first POST of a resource whose path is no template).
    let mut best: Option<(&Element, &Element, &Element, String)> = None;
    for resources in app.all("resources") {
        let base = resources.attr("base").unwrap_or("");
        for res in resources.all("resource") {
            let path = res.attr("path").unwrap_or("");
            if path.contains('{') {
                continue;
            }
            for m in res.all("method") {
                if !m.attr("name").unwrap_or("").eq_ignore_ascii_case("POST") {
                    continue;
                }
                let Some(req) = m.child("request") else {
                    continue;
                };
                let preferred = m.attr("id") == Some("create_job");
                if best.is_none() || preferred {
                    let url = format!(
                        "{}/{}",
                        base.trim_end_matches('/'),
                        path.trim_start_matches('/')
                    );
                    best = Some((res, m, req, url));
                }
                if preferred {
                    break;
                }
            }
        }
    }
    let Some((res, method, req, url)) = best else {
        return Err(UwsError::Missing(
            "POST method of a job list (no job-creation request in the WADL)",
        ));
    };
    let mut fields = Vec::new();
    for p in req.all("param") {
        let style = p.attr("style").unwrap_or("query");
        let name = p.attr("name").unwrap_or("").trim();
        if name.is_empty() || style == "template" || style == "header" {
            continue;
        }
        // voscope starts jobs itself (PHASE=RUN is sent separately).
        if name.eq_ignore_ascii_case("PHASE") {
            continue;
        }
        let mut f = FormField::new(name, xsd_kind(p.attr("type").unwrap_or("xs:string")));
        f.default = p
            .attr("default")
            .map(str::to_owned)
            .filter(|d| !d.is_empty());
        f.required = p
            .attr("required")
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("true"));
        f.fixed = p.attr("fixed").map(str::to_owned);
        f.help = docs(p);
        f.count = None;
        let mut options: Vec<String> = p
            .all("option")
            .filter_map(|o| o.attr("value"))
            .map(str::to_owned)
            .collect();
        if options.is_empty() {
            options = p
                .attr("choices")
                .map(|c| choices_in(&format!("choices=\"{c}\"")).unwrap_or_default())
                .or_else(|| choices_in(&f.help))
                .unwrap_or_default();
            // A list that leaves out the default (OPUS's `prefix`: default cntmap_,
            // choices "0") is no closed list: keep it as a hint.
            let closed =
                options.len() >= 2 && f.default.as_ref().is_none_or(|d| options.contains(d));
            if !closed && !options.is_empty() {
                f.help = format!(
                    "{}{}(the description lists: {})",
                    f.help,
                    if f.help.is_empty() { "" } else { " " },
                    options.join(", ")
                );
                options.clear();
            }
        }
        f.options = options.into_iter().map(|o| (o.clone(), o)).collect();
        if f.kind == FieldKind::Boolean && f.options.is_empty() {
            let yes_no = f
                .default
                .as_deref()
                .is_some_and(|d| matches!(d.to_ascii_lowercase().as_str(), "yes" | "no"));
            let pair = if yes_no {
                ["yes", "no"]
            } else {
                ["true", "false"]
            };
            f.options = pair
                .iter()
                .map(|v| (v.to_string(), v.to_string()))
                .collect();
            if let Some(d) = &f.default {
                if !booleanish(d) {
                    f.options.clear();
                }
            }
        }
        fields.push(f);
    }
    Ok(JobForm {
        title: res
            .all("doc")
            .find(|d| d.attr("title") == Some("description"))
            .map(|d| d.text.trim().to_owned())
            .filter(|t| !t.is_empty())
            .or_else(|| res.attr("path").map(str::to_owned)),
        description: docs(method),
        job_list: super::url::is_http(&url).then_some(url),
        fields,
        source: "WADL",
    })
}

fn votable_kind(datatype: &str, xtype: Option<&str>) -> FieldKind {
    match xtype.map(str::to_ascii_lowercase).as_deref() {
        Some("timestamp") | Some("adql:timestamp") => return FieldKind::DateTime,
        Some("uri") => return FieldKind::Uri,
        _ => {}
    }
    match datatype {
        "short" | "int" | "long" | "unsignedByte" => FieldKind::Integer,
        "float" | "double" => FieldKind::Real,
        "boolean" => FieldKind::Boolean,
        _ => FieldKind::Text,
    }
}

/// A single number (bounds of arrays like a circle's MAX are not per-element bounds).
fn scalar(v: Option<&str>) -> Option<f64> {
    let v = v?.trim();
    if v.contains(char::is_whitespace) {
        return None;
    }
    v.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// The parameters a VOTable declares: DataLink's `GROUP name="inputParams"`, or DaCHS's
/// service metadata (MAXREC=0 on its `api` renderer, SIAP style): PARAMs named
/// `INPUT:<name>` in a `RESOURCE type="meta"`. Neither says which parameters are required;
/// the service says so when the job is created or run, and its message is shown.
fn from_votable(root: &Element) -> Result<JobForm, UwsError> {
    let group = root
        .descendants("GROUP")
        .into_iter()
        .find(|g| g.attr("name") == Some("inputParams"));
    let params: Vec<(&Element, String)> = match group {
        Some(g) => g
            .all("PARAM")
            .map(|p| (p, p.attr("name").unwrap_or("").trim().to_owned()))
            .collect(),
        None => root
            .descendants("PARAM")
            .into_iter()
            .filter_map(|p| {
                let n = p.attr("name")?.trim();
                n.strip_prefix("INPUT:").map(|n| (p, n.to_owned()))
            })
            .collect(),
    };
    if params.is_empty() {
        return Err(UwsError::Missing(
            "input parameters (no inputParams group and no INPUT: PARAMs in the VOTable)",
        ));
    }
    let mut fields = Vec::new();
    for (p, name) in params {
        if name.is_empty() {
            continue;
        }
        let datatype = p.attr("datatype").unwrap_or("char");
        let xtype = p.attr("xtype");
        let mut f = FormField::new(&name, votable_kind(datatype, xtype));
        let arraysize = p.attr("arraysize").unwrap_or("1").trim();
        if matches!(f.kind, FieldKind::Integer | FieldKind::Real) {
            if arraysize.contains('*') {
                // Variable-length numeric arrays (polygons) are free text of numbers.
                f.kind = FieldKind::Text;
            } else if let Ok(n) = arraysize.parse::<usize>() {
                f.count = (n > 1).then_some(n);
            }
        }
        f.default = p
            .attr("value")
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty());
        f.unit = p.attr("unit").map(str::to_owned).filter(|u| !u.is_empty());
        f.help = p
            .child("DESCRIPTION")
            .map(|d| d.text.trim().to_owned())
            .unwrap_or_default();
        if let Some(values) = p.child("VALUES") {
            f.min = scalar(values.child("MIN").and_then(|m| m.attr("value")));
            f.max = scalar(values.child("MAX").and_then(|m| m.attr("value")));
            for o in values.all("OPTION") {
                let Some(v) = o.attr("value") else { continue };
                // DaCHS lists aliases of one value several times; the first name stays.
                if f.options.iter().any(|(x, _)| x == v) {
                    continue;
                }
                let label = o.attr("name").unwrap_or(v).to_owned();
                f.options.push((v.to_owned(), label));
            }
        }
        if f.kind == FieldKind::Boolean && f.options.is_empty() {
            f.options = ["True", "False"]
                .iter()
                .map(|v| (v.to_string(), v.to_string()))
                .collect();
        }
        fields.push(f);
    }
    let service = root
        .descendants("RESOURCE")
        .into_iter()
        .find(|r| r.attr("utype") == Some("adhoc:service"));
    let service_param = |name: &str| {
        service.and_then(|r| {
            r.all("PARAM")
                .find(|p| p.attr("name") == Some(name))
                .and_then(|p| p.attr("value"))
                .map(str::to_owned)
        })
    };
    let info = root
        .descendants("INFO")
        .into_iter()
        .find(|i| i.attr("name") == Some("serviceInfo"));
    Ok(JobForm {
        title: info
            .map(|i| i.text.trim().to_owned())
            .filter(|t| !t.is_empty())
            .or_else(|| service_param("standardID")),
        description: root
            .child("DESCRIPTION")
            .or_else(|| root.child("RESOURCE").and_then(|r| r.child("DESCRIPTION")))
            .map(|d| d.text.trim().to_owned())
            .unwrap_or_default(),
        job_list: service_param("accessURL").filter(|a| super::url::is_http(a)),
        fields,
        source: "VOTable parameter metadata",
    })
}

/// Where DaCHS publishes the parameter metadata of a UWS job list: the same service's
/// `api` renderer with MAXREC=0 (`…/run/async` or `…/run/uws.xml` → `…/run/api?MAXREC=0`).
pub fn dachs_metadata_url(job_list: &str) -> Option<String> {
    let l = job_list
        .trim()
        .split(['?', '#'])
        .next()?
        .trim_end_matches('/');
    let base = l
        .strip_suffix("/uws.xml")
        .or_else(|| l.strip_suffix("/async"))?;
    // TAP's /async is no DaCHS service with parameter metadata.
    if base.ends_with("/tap") || base.ends_with("/__system__/tap/run") {
        return None;
    }
    super::url::is_http(base).then(|| format!("{base}/api?MAXREC=0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    fn field<'a>(f: &'a JobForm, name: &str) -> &'a FormField {
        f.fields
            .iter()
            .find(|x| x.name == name)
            .unwrap_or_else(|| panic!("no field {name}"))
    }

    #[test]
    fn opus_ctbin_wadl() {
        let f = parse(&fixture("uws/wadl/opus_ctbin.wadl")).unwrap();
        assert_eq!(f.source, "WADL");
        assert_eq!(
            f.job_list.as_deref(),
            Some("https://voparis-uws-test.obspm.fr/ctbin")
        );
        assert_eq!(
            f.title.as_deref(),
            Some(
                "CTOOLS command to generate a counts cube for binned maximum likelihood analysis."
            )
        );
        assert_eq!(
            f.fields.len(),
            22,
            "PHASE left out: voscope starts jobs itself"
        );
        assert!(f.fields.iter().all(|x| x.name != "PHASE"));
        let ev = field(&f, "evfile");
        assert_eq!(ev.kind, FieldKind::Uri);
        assert!(ev.required);
        assert_eq!(ev.default.as_deref(), Some("events.fits"));
        assert_eq!(ev.help, "Input event list or observation definition file");
        let ebinalg = field(&f, "ebinalg");
        assert!(!ebinalg.required);
        assert_eq!(
            ebinalg
                .options
                .iter()
                .map(|o| o.0.as_str())
                .collect::<Vec<_>>(),
            ["FILE", "LIN", "LOG"]
        );
        let prefix = field(&f, "prefix");
        assert!(
            prefix.options.is_empty(),
            "a choice list without the default is a hint"
        );
        assert!(
            prefix.help.ends_with("(the description lists: 0)"),
            "{}",
            prefix.help
        );
        assert_eq!(field(&f, "enumbins").kind, FieldKind::Integer);
        assert_eq!(field(&f, "emin").kind, FieldKind::Real);
        let usepnt = field(&f, "usepnt");
        assert_eq!(usepnt.kind, FieldKind::Boolean);
        assert_eq!(
            usepnt
                .options
                .iter()
                .map(|o| o.0.as_str())
                .collect::<Vec<_>>(),
            ["yes", "no"]
        );
    }

    #[test]
    fn wadl_values_checked_before_submission() {
        let f = parse(&fixture("uws/wadl/opus_ctbin.wadl")).unwrap();
        let defaults: Vec<(String, String)> = f
            .fields
            .iter()
            .map(|x| (x.name.clone(), x.default.clone().unwrap_or_default()))
            .collect();
        let body = f.validate(&defaults).unwrap();
        assert!(body.contains(&("emin".to_owned(), "0.1".to_owned())));
        assert!(body.contains(&("proj".to_owned(), "TAN".to_owned())));
        let mut bad = defaults.clone();
        for (k, v) in bad.iter_mut() {
            match k.as_str() {
                "enumbins" => *v = "2.5".into(),
                "emin" => *v = "low".into(),
                "proj" => *v = "XYZ".into(),
                "evfile" => *v = "".into(),
                "usepnt" => *v = "maybe".into(),
                _ => {}
            }
        }
        let errors = f.validate(&bad).unwrap_err();
        let names: Vec<&str> = errors.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(names, ["evfile", "emin", "enumbins", "usepnt", "proj"]);
        assert_eq!(errors[0].1, "evfile is required");
        assert!(
            errors[4].1.contains("AIT, AZP, CAR, MER, STG, TAN"),
            "{}",
            errors[4].1
        );
    }

    #[test]
    fn opus_gammastart_choices_in_help_text() {
        let f = parse(&fixture("uws/wadl/opus_gammastart.wadl")).unwrap();
        assert_eq!(
            f.job_list.as_deref(),
            Some("https://voparis-uws-test.obspm.fr/gammastart")
        );
        let ana = field(&f, "anaconfig");
        assert!(ana.required, "required=\"True\" (capitalised)");
        assert_eq!(
            ana.options.iter().map(|o| o.0.as_str()).collect::<Vec<_>>(),
            ["std_north_1b", "std_south_1b"]
        );
        let contour = field(&f, "optcontour");
        assert_eq!(contour.kind, FieldKind::Integer);
        assert_eq!(contour.options.len(), 3);
        assert!(!field(&f, "configfile").required);
        assert_eq!(field(&f, "nebin").default.as_deref(), Some("20"));
    }

    #[test]
    fn votable_input_params() {
        let f = parse(&fixture("datalink/pyvo_datalink_cutout1.xml")).unwrap();
        assert_eq!(f.source, "VOTable parameter metadata");
        let band = field(&f, "BAND");
        assert_eq!(band.kind, FieldKind::Real);
        assert_eq!(band.count, Some(2));
        assert_eq!(band.unit.as_deref(), Some("m"));
        assert_eq!(band.min, Some(5.800000000000001E-7));
        assert_eq!(band.max, Some(7.8E-7));
        assert!(band.check("6e-7 7e-7").unwrap().is_some());
        assert!(band.check("6e-7").unwrap_err().contains("give 2 numbers"));
        assert!(band
            .check("1e-7 7e-7")
            .unwrap_err()
            .contains("below the minimum"));
        let circle = field(&f, "CIRCLE");
        assert_eq!(circle.count, Some(3));
        assert_eq!(circle.max, None, "a circle as MAX is no per-number bound");
        assert_eq!(field(&f, "POLYGON").kind, FieldKind::Text);
        assert_eq!(
            field(&f, "ID").default.as_deref(),
            Some("ad:MACHO/cal054150r.fits.fz")
        );
    }

    #[test]
    fn dachs_parameter_metadata_of_a_uws_service() {
        let f = parse(&fixture("uws/dachs/uwsdemo_api_metadata.vot")).unwrap();
        assert_eq!(f.source, "VOTable parameter metadata");
        assert_eq!(
            f.title.as_deref(),
            Some("voscope UWS demo: spectral binning jobs")
        );
        assert!(f.description.starts_with("A toy asynchronous job service"));
        let names: Vec<&str> = f.fields.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "source",
                "emin",
                "emax",
                "nbins",
                "index",
                "duration",
                "fail",
                "responseformat",
                "maxrec",
                "verb"
            ]
        );
        let source = field(&f, "source");
        assert_eq!(source.kind, FieldKind::Text);
        assert_eq!(
            source
                .options
                .iter()
                .map(|o| o.0.as_str())
                .collect::<Vec<_>>(),
            ["Crab", "PKS 2155-304", "MSH 15-52"]
        );
        assert_eq!(source.help, "The source whose spectrum is binned");
        let emin = field(&f, "emin");
        assert_eq!(
            (
                emin.kind.clone(),
                emin.default.as_deref(),
                emin.unit.as_deref(),
                emin.min,
                emin.max
            ),
            (
                FieldKind::Real,
                Some("0.5"),
                Some("TeV"),
                Some(0.1),
                Some(100.0)
            )
        );
        let nbins = field(&f, "nbins");
        assert_eq!(nbins.kind, FieldKind::Integer);
        assert!(nbins
            .check("0")
            .unwrap_err()
            .contains("below the minimum 1"));
        assert!(nbins
            .check("2.5")
            .unwrap_err()
            .contains("not a whole number"));
        let fail = field(&f, "fail");
        assert_eq!(fail.kind, FieldKind::Boolean);
        assert_eq!(fail.default.as_deref(), Some("False"));
        let formats = &field(&f, "responseformat").options;
        let text_xml = formats.iter().filter(|o| o.0 == "text/xml").count();
        assert_eq!(text_xml, 1, "aliases of one value appear once");
        assert_eq!(
            field(&f, "verb").options[0],
            ("1".to_owned(), "terse".to_owned())
        );
        let body = f
            .validate(&[
                ("source".into(), "Crab".into()),
                ("emin".into(), "1".into()),
                ("nbins".into(), "5".into()),
                ("fail".into(), "False".into()),
            ])
            .unwrap();
        assert_eq!(
            body,
            vec![
                ("source".to_owned(), "Crab".to_owned()),
                ("emin".to_owned(), "1".to_owned()),
                ("nbins".to_owned(), "5".to_owned()),
                ("fail".to_owned(), "False".to_owned())
            ]
        );
        let errs = f
            .validate(&[
                ("source".into(), "Vela".into()),
                ("emax".into(), "500".into()),
            ])
            .unwrap_err();
        assert_eq!(errs.len(), 2);
        assert!(errs[0]
            .1
            .contains("not one of the choices (Crab, PKS 2155-304, MSH 15-52)"));
        assert!(errs[1].1.contains("above the maximum 100"));
    }

    #[test]
    fn where_dachs_keeps_the_metadata() {
        assert_eq!(
            dachs_metadata_url("http://127.0.0.1:8081/uwsdemo/q/run/async").as_deref(),
            Some("http://127.0.0.1:8081/uwsdemo/q/run/api?MAXREC=0")
        );
        assert_eq!(
            dachs_metadata_url("http://h/x/q/run/uws.xml/").as_deref(),
            Some("http://h/x/q/run/api?MAXREC=0")
        );
        assert_eq!(dachs_metadata_url("http://127.0.0.1:8081/tap/async"), None);
        assert_eq!(dachs_metadata_url("http://h/other/jobs"), None);
    }

    #[test]
    fn not_a_job_description() {
        assert!(matches!(
            parse(b"<uws:jobs xmlns:uws='x'/>"),
            Err(UwsError::NotUws { .. })
        ));
        assert!(matches!(
            parse(b"<VOTABLE><RESOURCE/></VOTABLE>"),
            Err(UwsError::Missing(_))
        ));
        assert!(matches!(
            parse(b"<application><resources base='http://h/'><resource path='{x}'/></resources></application>"),
            Err(UwsError::Missing(_))
        ));
    }
}
