//! The JSON API under `/api/`: the same values the command line prints
//! with `--format json`, from the same library calls.

use super::*;

pub(super) async fn api_search(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let p = params_of(&q);
    let r = blocking(&app, move |app| {
        let r = run_search(app, &p)?;
        write_json(|w| crate::output::hits::write_json(w, &r))
    })
    .await;
    r.map_or_else(api_error, json_bytes)
}

pub(super) async fn api_compare(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let p = params_of(&q);
    let r = blocking(&app, move |app| {
        let (theme, by, groups) = run_compare(app, &p)?;
        write_json(|w| crate::output::compare::write_json(w, &theme, by, &groups))
    })
    .await;
    r.map_or_else(api_error, json_bytes)
}

pub(super) async fn api_kwic(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let p = params_of(&q);
    let r = blocking(&app, move |app| {
        let c = run_kwic(app, &p)?;
        write_json(|w| crate::output::kwic::write_json(w, &c))
    })
    .await;
    r.map_or_else(api_error, json_bytes)
}

pub(super) async fn similar_json(app: Arc<App>, p: Params) -> Response {
    let r = blocking(&app, move |app| {
        let (_, r) = run_similar(app, &p)?;
        write_json(|w| crate::output::hits::write_json(w, &r))
    })
    .await;
    r.map_or_else(api_error, json_bytes)
}

pub(super) async fn api_similar_get(
    State(app): State<Arc<App>>,
    RawQuery(q): RawQuery,
) -> Response {
    similar_json(app, params_of(&q)).await
}

pub(super) async fn api_similar_post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match post_body(&app, &headers, body.map_err(Unread::from), BODY_LIMIT) {
        Ok(p) => similar_json(app, p).await,
        Err(f) => api_error(f),
    }
}

pub(super) async fn api_speech(
    State(app): State<Arc<App>>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let Ok(Path(id)) = id else {
        return api_error(bad_path());
    };
    let r = blocking(&app, move |app| {
        let sp = speech::read(&app.idx, &id)?
            .ok_or_else(|| Failure::not_found(msg::serve_no_speech(&id)))?;
        write_json(|w| {
            serde_json::to_writer(&mut *w, &sp).map_err(io::Error::other)?;
            w.push(b'\n');
            Ok(())
        })
    })
    .await;
    r.map_or_else(api_error, json_bytes)
}

pub(super) async fn api_stats(State(app): State<Arc<App>>) -> Response {
    let r = blocking(&app, move |app| {
        let (st, folders) = run_stats(app)?;
        let copies = app
            .idx
            .meta
            .as_ref()
            .map(|m| m.copies())
            .unwrap_or_default();
        let value = crate::output::stats::json(&st, &copies, &folders)
            .map_err(|e| Failure::internal(&e.to_string()))?;
        Ok(format!("{value}\n").into_bytes())
    })
    .await;
    r.map_or_else(api_error, json_bytes)
}

// ---- pages ----------------------------------------------------------------
