//! Small TAP and VOSI requests the panels make on their own (metadata, choice lists,
//! registry searches): whole answers, read with the pure modules.

use crate::net;
use crate::standards::tap::{self, ServiceUrl, SyncQuery};
use crate::standards::vosi;
use crate::standards::votable::Table;

/// Runs a small synchronous query and returns its result table, or a message.
pub async fn sync_table(
    service: &ServiceUrl,
    adql: &str,
    maxrec: Option<u64>,
) -> Result<Table, String> {
    sync_table_cancellable(service, adql, maxrec, None).await
}

/// The same, stopped by `cancel` (its error then says "Cancelled.").
pub async fn sync_table_cancellable(
    service: &ServiceUrl,
    adql: &str,
    maxrec: Option<u64>,
    cancel: Option<&net::Cancel>,
) -> Result<Table, String> {
    let mut q = SyncQuery::new(service.clone(), adql);
    q.maxrec = maxrec;
    let r = net::post_form_cancellable(&q.url(), &q.params(), cancel)
        .await
        .map_err(|e| e.to_string())?;
    let mut result = tap::read_result(r.status, &r.body).map_err(|e| e.to_string())?;
    result
        .doc
        .take_results_table()
        .ok_or_else(|| "the answer holds no table".to_owned())
}

/// The text values of one column, nulls dropped.
pub fn texts(table: &Table, column: &str) -> Vec<String> {
    let Some(c) = table.column(column) else {
        return Vec::new();
    };
    (0..c.len())
        .filter_map(|i| c.str_at(i).map(str::to_owned))
        .collect()
}

async fn fetch_ok(url: &str, what: &str) -> Result<Vec<u8>, String> {
    let r = net::get(url).await.map_err(|e| e.to_string())?;
    if r.status >= 400 {
        return Err(format!(
            "{what}: HTTP {} ({})",
            r.status,
            tap::response::text_excerpt(&r.body)
        ));
    }
    Ok(r.body)
}

pub async fn capabilities(service: &ServiceUrl) -> Result<vosi::Capabilities, String> {
    let body = fetch_ok(&service.endpoint("capabilities"), "capabilities").await?;
    vosi::capabilities::parse(&body).map_err(|e| e.to_string())
}

pub async fn availability(service: &ServiceUrl) -> Result<vosi::Availability, String> {
    let body = fetch_ok(&service.endpoint("availability"), "availability").await?;
    vosi::availability::parse(&body).map_err(|e| e.to_string())
}

/// The table list: VOSI `/tables?detail=min`, else TAP_SCHEMA.
pub async fn table_list(service: &ServiceUrl) -> Result<(vosi::TableSet, &'static str), String> {
    let vosi = match fetch_ok(
        &format!("{}?detail=min", service.endpoint("tables")),
        "tables",
    )
    .await
    {
        Ok(body) => vosi::tables::parse(&body).map_err(|e| e.to_string()),
        Err(e) => Err(e),
    };
    match vosi {
        Ok(set) if !set.schemas.is_empty() => Ok((set, "VOSI /tables")),
        first => {
            let t = sync_table(
                service,
                "SELECT schema_name, table_name, table_type, description FROM TAP_SCHEMA.tables ORDER BY schema_name, table_name",
                Some(100_000),
            )
            .await
            .map_err(|e| match first {
                Err(v) => format!("{v}; TAP_SCHEMA: {e}"),
                Ok(_) => e,
            })?;
            Ok((tableset_from_tap_schema(&t), "TAP_SCHEMA"))
        }
    }
}

fn tableset_from_tap_schema(t: &Table) -> vosi::TableSet {
    let mut set = vosi::TableSet::default();
    for row in 0..t.row_count() {
        let schema = t
            .column("schema_name")
            .and_then(|c| c.str_at(row))
            .unwrap_or("")
            .to_owned();
        let name = t
            .column("table_name")
            .and_then(|c| c.str_at(row))
            .unwrap_or("")
            .to_owned();
        let description = t
            .column("description")
            .and_then(|c| c.str_at(row))
            .map(str::to_owned);
        let kind = t
            .column("table_type")
            .and_then(|c| c.str_at(row))
            .map(str::to_owned);
        let pos = match set.schemas.iter().position(|s| s.name == schema) {
            Some(p) => p,
            None => {
                set.schemas.push(vosi::SchemaMeta {
                    name: schema.clone(),
                    ..Default::default()
                });
                set.schemas.len() - 1
            }
        };
        set.schemas[pos].tables.push(vosi::TableMeta {
            name,
            description,
            kind,
            ..Default::default()
        });
    }
    set
}

/// The columns of one table: VOSI `/tables/<name>`, else TAP_SCHEMA.columns.
pub async fn table_columns(service: &ServiceUrl, table: &str) -> Result<vosi::TableMeta, String> {
    let url = format!("{}/{}", service.endpoint("tables"), table);
    if let Ok(body) = fetch_ok(&url, "table").await {
        if let Ok(t) = vosi::tables::parse_table(&body) {
            if t.columns_known {
                return Ok(t);
            }
        }
    }
    let adql = format!(
        "SELECT column_name, datatype, unit, ucd, utype, description, indexed, principal FROM TAP_SCHEMA.columns WHERE table_name = {} ORDER BY column_index",
        crate::standards::adql::string_literal(table)
    );
    let t = match sync_table(service, &adql, Some(100_000)).await {
        Ok(t) => t,
        // column_index is TAP 1.1; older services lack it.
        Err(_) => {
            sync_table(
                service,
                &adql.replace(" ORDER BY column_index", ""),
                Some(100_000),
            )
            .await?
        }
    };
    let mut meta = vosi::TableMeta {
        name: table.to_owned(),
        columns_known: true,
        ..Default::default()
    };
    for row in 0..t.row_count() {
        let s = |c: &str| {
            t.column(c)
                .and_then(|col| col.str_at(row))
                .map(str::to_owned)
                .filter(|v| !v.is_empty())
        };
        let flag = |c: &str| {
            t.column(c)
                .and_then(|col| col.f64_at(row))
                .is_some_and(|v| v != 0.0)
        };
        meta.columns.push(vosi::ColumnMeta {
            name: s("column_name").unwrap_or_default(),
            datatype: s("datatype"),
            unit: s("unit"),
            ucd: s("ucd"),
            utype: s("utype"),
            description: s("description"),
            indexed: flag("indexed"),
            principal: flag("principal"),
            ..Default::default()
        });
    }
    Ok(meta)
}
