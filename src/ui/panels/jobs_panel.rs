//! The jobs panel: the UWS jobs this page started or opened, and the generic job
//! manager for any UWS service.

use leptos::prelude::*;

use crate::ui::state::uws::use_uws;
use crate::ui::widgets::job_card::JobCard;

/// The jobs of this page: started here (remembered) or opened from a job list.
#[component]
pub fn UwsPanel() -> impl IntoView {
    let s = use_uws();
    view! {
        <section class="panel uws" aria-labelledby="uws-h">
            <h2 id="uws-h">"Asynchronous jobs"</h2>
            {move || s.creating.get().map(|c| view! { <p class="status" role="status">{c}</p> })}
            {move || s.jobs.with(|j| j.is_empty()).then(|| view! {
                <p class="hint">"Run async starts the query as a UWS job; jobs started here are remembered across reloads."</p>
            })}
            <div class="job-cards">
                <For each=move || s.jobs.get() key=|t| t.key children=move |t| view! { <JobCard t=t/> }/>
            </div>
            <crate::ui::widgets::job_manager::JobManager/>
        </section>
    }
}
