//! Where the quick-look appears: the element the lazily loaded quick-look module mounts
//! its panel into, and the page's own word while that module loads or if it cannot.

use leptos::prelude::*;

use crate::ui::state::quicklook::{use_quicklook, Load};

#[component]
pub fn QuicklookHost() -> impl IntoView {
    let q = use_quicklook();
    let host = NodeRef::<leptos::html::Div>::new();
    host.on_load(move |el| q.host.set_value(Some(el.into())));
    view! {
        {move || match q.load.get() {
            Load::Loading => view! {
                <section class="panel quicklook" aria-label="Quick-look">
                    <p class="status" role="status" id="ql-loading">"Loading the quick-look…"</p>
                </section>
            }.into_any(),
            Load::Failed(e) => view! {
                <section class="panel quicklook" aria-label="Quick-look">
                    <div class="banner error" role="alert" id="ql-load-error">{e}</div>
                </section>
            }.into_any(),
            _ => ().into_any(),
        }}
        <div id="quicklook-host" node_ref=host></div>
    }
}
