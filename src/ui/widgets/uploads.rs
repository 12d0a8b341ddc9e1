//! Local tables sent with the query (TAP UPLOAD): chosen from disk, read and checked
//! with voscope's own VOTable reader, queried as TAP_UPLOAD.<name>.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::standards::tap::upload::{check_name, name_from_file};
use crate::standards::votable;
use crate::ui::state::{use_state, Upload};
use crate::ui::util::{read_file, take_chosen_file};

#[component]
pub fn Uploads() -> impl IntoView {
    let state = use_state();
    let problem: RwSignal<Option<String>> = RwSignal::new(None);
    let on_file = move |ev: web_sys::Event| {
        let Some(file) = take_chosen_file(&ev) else {
            return;
        };
        problem.set(None);
        spawn_local(async move {
            let bytes = match read_file(&file).await {
                Ok(b) => b,
                Err(e) => {
                    problem.set(Some(e));
                    return;
                }
            };
            let doc = match votable::parse(&bytes) {
                Ok(d) => d,
                Err(e) => {
                    problem.set(Some(format!(
                        "{} is not a VOTable voscope can read: {e}",
                        file.name()
                    )));
                    return;
                }
            };
            let Some(table) = doc.tables().into_iter().next() else {
                problem.set(Some(format!("{} holds no table", file.name())));
                return;
            };
            let mut name = name_from_file(&file.name());
            let taken = state
                .uploads
                .with_untracked(|u| u.iter().map(|x| x.name.clone()).collect::<Vec<_>>());
            let base = name.clone();
            let mut k = 2;
            while taken.contains(&name) {
                name = format!("{base}_{k}");
                k += 1;
            }
            let upload = Upload {
                name,
                file_name: file.name(),
                rows: table.row_count(),
                columns: table.fields.iter().map(|f| f.name.clone()).collect(),
                bytes: Arc::new(bytes),
            };
            state.uploads.update(|u| u.push(upload));
        });
    };
    view! {
        <div class="uploads" role="group" aria-labelledby="uploads-h">
            <h3 id="uploads-h">"Upload a table"</h3>
            <p class="hint">"A VOTable from your disk, queried as TAP_UPLOAD.name (for example to match a target list against ivoa.obscore)."</p>
            <label for="upload-file" class="file-label">"Choose a VOTable file"</label>
            <input id="upload-file" type="file" accept=".xml,.vot,.votable,application/x-votable+xml,text/xml" on:change=on_file/>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert" id="upload-error">{p}</p> })}
            <ul class="upload-list">
                {move || state.uploads.get().into_iter().enumerate().map(|(i, u)| {
                    let name_error = check_name(&u.name).err();
                    view! {
                        <li class="upload-item">
                            <label for=format!("upload-name-{i}")>"TAP_UPLOAD."</label>
                            <input id=format!("upload-name-{i}") class="upload-name" type="text" prop:value=u.name.clone()
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    state.uploads.update(|list| if let Some(x) = list.get_mut(i) { x.name = v; });
                                }/>
                            <span class="hint">{format!("{} · {} rows · {}", u.file_name, u.rows, u.columns.join(", "))}</span>
                            <button type="button" class="remove" aria-label=format!("remove {}", u.name)
                                on:click=move |_| state.uploads.update(|list| { if i < list.len() { list.remove(i); } })>"✕"</button>
                            {name_error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
