//! The UWS requests the job panels make, each answered with the pure readers of
//! `crate::standards::uws` or with a message a user can act on.
//!
//! Only CORS "simple" requests: GET, and POST with a form body. fetch follows the 303
//! after every POST by itself and lands on the job document (UWS answers every change
//! with a redirect to the job), so `response.url` is the job's URL — the `Location`
//! header is unreadable without `Access-Control-Expose-Headers`, which DaCHS never sends.

use wasm_bindgen::JsCast;

use crate::net::{self, HttpResponse};
use crate::standards::tap;
use crate::standards::uws::request::{self, Form, JobUrl};
use crate::standards::uws::{self, Job, JobList};

fn pairs(form: &Form) -> Vec<(&str, String)> {
    form.iter().map(|(k, v)| (k.as_str(), v.clone())).collect()
}

/// `scheme://host[:port]` for messages.
pub fn host(url: &str) -> String {
    uws::url::origin(url).unwrap_or(url).to_owned()
}

fn http_problem(what: &str, r: &HttpResponse) -> String {
    let excerpt = tap::response::text_excerpt(&r.body);
    match r.status {
        404 => format!(
            "{what}: the service says there is no such job any more (HTTP 404: deleted, or destroyed when its destruction time passed)"
        ),
        s if excerpt.is_empty() => format!("{what}: the service answered HTTP {s}"),
        s => format!("{what}: the service answered HTTP {s}: {excerpt}"),
    }
}

/// Reads a job document answer (of a GET, or of the GET fetch made after a POST's 303).
fn job_of(what: &str, r: &HttpResponse) -> Result<Job, String> {
    if r.status >= 400 {
        return Err(http_problem(what, r));
    }
    uws::job::parse(&r.body).map_err(|e| format!("{what}: {e}"))
}

pub async fn get_job(url: &JobUrl) -> Result<Job, String> {
    let r = net::get(url.as_str()).await.map_err(|e| e.to_string())?;
    job_of("Reading the job", &r)
}

/// A blocking poll: the job document, and how long the service held the request.
pub async fn poll_job(poll_url: &str) -> Result<(Job, f64), String> {
    let t0 = js_sys::Date::now();
    let r = net::get(poll_url).await.map_err(|e| e.to_string())?;
    let elapsed = js_sys::Date::now() - t0;
    Ok((job_of("Following the job", &r)?, elapsed))
}

/// POSTs a change to a job (or a sub-resource) and returns the job as it is afterwards.
async fn change(url: &str, form: &Form, what: &str, job: &JobUrl) -> Result<Job, String> {
    let r = net::post_form(url, &pairs(form))
        .await
        .map_err(|e| e.to_string())?;
    if r.status >= 400 {
        return Err(http_problem(what, &r));
    }
    // Most services redirect to the job; read it fresh when the answer is something else.
    match uws::job::parse(&r.body) {
        Ok(j) => Ok(j),
        Err(_) => get_job(job).await,
    }
}

pub async fn run(job: &JobUrl) -> Result<Job, String> {
    change(&job.sub("phase"), &request::run(), "Starting the job", job).await
}

pub async fn abort(job: &JobUrl) -> Result<Job, String> {
    change(
        &job.sub("phase"),
        &request::abort(),
        "Aborting the job",
        job,
    )
    .await
}

pub async fn set_destruction(job: &JobUrl, text: &str) -> Result<Job, String> {
    let form = request::destruction(text)?;
    change(
        &job.sub("destruction"),
        &form,
        "Changing the destruction time",
        job,
    )
    .await
}

pub async fn set_execution_duration(job: &JobUrl, text: &str) -> Result<Job, String> {
    let form = request::execution_duration(text)?;
    change(
        &job.sub("executionduration"),
        &form,
        "Changing the execution duration",
        job,
    )
    .await
}

/// Deletes with POST ACTION=DELETE (no preflight). Gone already (404) counts as done.
pub async fn delete(job: &JobUrl) -> Result<(), String> {
    let r = net::post_form(job.as_str(), &pairs(&request::delete()))
        .await
        .map_err(|e| e.to_string())?;
    // The 303 leads to the job list: 200 there, or 404 for the job itself.
    if r.status >= 400 && r.status != 404 {
        return Err(http_problem("Deleting the job", &r));
    }
    Ok(())
}

/// Creates a job by POSTing its parameters to the job list; the job's URL is where the
/// redirect led. Some services answer 200 with the job document instead: then the URL is
/// the list URL plus the job id.
pub async fn create(
    list_url: &str,
    params: &Form,
    files: &[net::FilePart<'_>],
) -> Result<(JobUrl, Option<Job>), String> {
    let mut body = Vec::new();
    let head = net::post_form_streaming(list_url, &pairs(params), files, None, |_, chunk| {
        if body.len() < 4 * 1024 * 1024 {
            body.extend_from_slice(chunk);
        }
        Ok::<(), ()>(())
    })
    .await
    .map_err(|e| match e {
        net::StreamError::Net(n) => n.to_string(),
        net::StreamError::Consumer(()) => "the answer could not be read".to_owned(),
    })?;
    let r = HttpResponse {
        status: head.status,
        url: head.url.clone(),
        content_type: head.content_type,
        body,
    };
    if r.status >= 400 {
        // UWS creates the job and reports ERROR; some services (Daiquiri) refuse the
        // creation with a DALI error document instead.
        if let Some(m) = tap::response::error_document_message(&r.body) {
            return Err(format!(
                "Creating the job: the service refused it (HTTP {}) instead of creating a job that reports ERROR: {m}",
                r.status
            ));
        }
        return Err(http_problem("Creating the job", &r));
    }
    let parsed = uws::job::parse(&r.body);
    let list = list_url
        .split(['?', '#'])
        .next()
        .unwrap_or(list_url)
        .trim_end_matches('/');
    let landed = r
        .url
        .split(['?', '#'])
        .next()
        .unwrap_or(&r.url)
        .trim_end_matches('/');
    let url = if landed != list {
        JobUrl::parse(landed)?
    } else if let Ok(j) = &parsed {
        JobUrl::parse(&format!("{list}/{}", uws::url::encode(&j.job_id)))?
    } else {
        return Err(format!(
            "Creating the job: the service did not answer with a job (HTTP {}): {}",
            r.status,
            tap::response::text_excerpt(&r.body)
        ));
    };
    Ok((url, parsed.ok()))
}

pub async fn list(url: &str) -> Result<JobList, String> {
    let r = net::get(url).await.map_err(|e| e.to_string())?;
    if r.status >= 400 {
        return Err(http_problem("Listing the jobs", &r));
    }
    uws::joblist::parse(&r.body, url).map_err(|e| format!("Listing the jobs: {e}"))
}

/// The error document of a failed job (`{job}/error`): a DALI error VOTable's message,
/// or the document's text.
pub async fn error_document(job: &JobUrl) -> Result<String, String> {
    let r = net::get(&job.sub("error"))
        .await
        .map_err(|e| e.to_string())?;
    if r.status >= 400 && r.status != 200 {
        return Err(http_problem("Reading the error document", &r));
    }
    Ok(match tap::read_result(200, &r.body) {
        Err(tap::TapError::Service { message, .. }) => message,
        _ => {
            let text = String::from_utf8_lossy(&r.body[..r.body.len().min(16 * 1024)]);
            let plain = tap::response::text_excerpt(&r.body);
            if text.trim_start().starts_with('<') && !plain.is_empty() {
                plain
            } else {
                text.trim().to_owned()
            }
        }
    })
}

/// Reads a job description (WADL or VOTable parameter metadata).
pub async fn job_description(url: &str) -> Result<uws::JobForm, String> {
    let r = net::get(url).await.map_err(|e| e.to_string())?;
    if r.status >= 400 {
        return Err(http_problem("Reading the job description", &r));
    }
    uws::jobdesc::parse(&r.body).map_err(|e| format!("Reading the job description: {e}"))
}

/// Waits (a timer, not a busy loop).
pub async fn sleep_ms(ms: u32) {
    if ms == 0 {
        return;
    }
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                resolve.unchecked_ref(),
                ms.min(i32::MAX as u32) as i32,
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}
