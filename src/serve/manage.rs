//! What the page may change on this machine: the 索引状态 page, the
//! index's folders and its runs, the folder browser, and stopping renda.
//! Changes are offered on a loopback address (or with `--allow-index`),
//! from the page's own origin only.

use super::*;

/// The folder a form names in `name`: given, and a folder that exists.
pub(super) fn folder_param(p: &Params, name: &str) -> Result<std::path::PathBuf, Failure> {
    let typed = p
        .text(name, 4096)?
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Failure::bad(msg::serve_no_folder()))?;
    let path = std::path::PathBuf::from(&typed);
    if !path.is_dir() {
        return Err(Failure::bad(msg::serve_folder_missing(&typed)));
    }
    Ok(path)
}

/// Start a run over the index, or say why not: what the form of the body
/// asks, as `renda index` would with the same flags (`add=DIR`,
/// `remove=DIR`, `rebuild=1`; nothing: bring every folder up to date).
pub(super) fn start_index(
    app: &App,
    headers: &HeaderMap,
    body: Result<Bytes, Unread>,
) -> Result<(), Failure> {
    let p = post_body(app, headers, body, BODY_LIMIT)?;
    i18n::with_lang(Lang::Zh, || {
        if !app.allow_index {
            return Err(Failure {
                status: StatusCode::FORBIDDEN,
                message: msg::serve_index_off().into(),
            });
        }
        let mut req = renda_core::index::update::UpdateRequest::new(&app.idx.path);
        if p.get("add").is_some() {
            req.add = vec![folder_param(&p, "add")?];
        }
        if let Some(gone) = p.text("remove", 4096)?.filter(|t| !t.trim().is_empty()) {
            req.remove = vec![std::path::PathBuf::from(gone.trim())];
        }
        req.rebuild = p.flag("rebuild");
        app.jobs.start_request(req, |_| None).map_err(|_| Failure {
            status: StatusCode::CONFLICT,
            message: msg::serve_index_running().into(),
        })
    })
}

pub(super) async fn index_page(State(app): State<Arc<App>>) -> Response {
    html(
        StatusCode::OK,
        page::index_page(&app.jobs.status(), app.allow_index, None),
    )
}

/// The sub-folders of `?dir=` as JSON (names only), or why not; absent
/// (404) where the page may not index.
pub(super) fn folders_json(
    allowed: bool,
    roots: &[std::path::PathBuf],
    q: &Option<String>,
) -> Response {
    i18n::with_lang(Lang::Zh, || {
        if !allowed {
            return api_error(Failure::not_found(msg::serve_not_found()));
        }
        let p = params_of(q);
        let Some(dir) = p.get("dir").map(str::trim).filter(|d| !d.is_empty()) else {
            let roots: Vec<String> = roots.iter().map(|r| r.to_string_lossy().into()).collect();
            let body = serde_json::json!({ "roots": roots });
            return json_bytes(format!("{body}\n").into_bytes());
        };
        match renda_core::places::list(std::path::Path::new(dir), roots) {
            Ok(listing) => {
                let body = serde_json::to_string(&listing).unwrap_or_default();
                json_bytes(format!("{body}\n").into_bytes())
            }
            Err(e @ renda_core::places::BrowseError::NotOffered(_)) => api_error(Failure {
                status: StatusCode::FORBIDDEN,
                message: e.say(i18n::lang()),
            }),
            Err(e) => api_error(Failure::not_found(e.say(i18n::lang()))),
        }
    })
}

pub(super) async fn api_folders(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    folders_json(app.allow_index, &app.roots, &q)
}

/// The folder browser of the 索引状态 page: choose a folder to add.
pub(super) async fn folders_page(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    if !app.allow_index {
        return not_found().await;
    }
    let p = params_of(&q);
    let dir = p
        .get("dir")
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(|| app.roots.first().cloned());
    let listing = dir.map(|d| {
        i18n::with_lang(Lang::Zh, || {
            renda_core::places::list(&d, &app.roots).map_err(|e| e.say(Lang::Zh))
        })
    });
    let status = match &listing {
        Some(Err(_)) => StatusCode::FORBIDDEN,
        _ => StatusCode::OK,
    };
    html(status, page::add_folder_page(&app.roots, listing.as_ref()))
}

/// Stop the server when the page asks (POST from its own origin, where
/// the page may change the index: on loopback or with `--allow-index`; not
/// while a run is under way), after the answer has left.
pub(super) fn quit(
    hosts: &guard::Hosts,
    allowed: bool,
    jobs: &reindex::Jobs,
    stop: &Arc<tokio::sync::Notify>,
    headers: &HeaderMap,
    body: Result<Bytes, Unread>,
) -> Response {
    let asked = post_body_with(hosts, headers, body, BODY_LIMIT).and_then(|_| {
        i18n::with_lang(Lang::Zh, || {
            if !allowed {
                return Err(Failure {
                    status: StatusCode::FORBIDDEN,
                    message: msg::serve_quit_off().into(),
                });
            }
            if jobs.status().running {
                return Err(Failure {
                    status: StatusCode::CONFLICT,
                    message: msg::serve_index_running().into(),
                });
            }
            Ok(())
        })
    });
    match asked {
        Ok(()) => {
            let stop = stop.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(200)).await;
                stop.notify_one();
            });
            html(StatusCode::OK, page::quit_page())
        }
        Err(f) => page_error("关闭 renda", f),
    }
}

pub(super) async fn quit_post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    quit(
        &app.hosts,
        app.allow_index,
        &app.jobs,
        &app.stop,
        &headers,
        body.map_err(Unread::from),
    )
}

pub(super) async fn index_post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match start_index(&app, &headers, body.map_err(Unread::from)) {
        Ok(()) => (StatusCode::SEE_OTHER, [(header::LOCATION, "/index")]).into_response(),
        Err(f) => html(
            f.status,
            page::index_page(&app.jobs.status(), app.allow_index, Some(&f.message)),
        ),
    }
}

pub(super) fn index_status_json(app: &App) -> Response {
    let mut value = serde_json::to_value(app.jobs.status()).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        obj.insert("allowed".into(), app.allow_index.into());
    }
    json_bytes(format!("{value}\n").into_bytes())
}

pub(super) async fn api_index_get(State(app): State<Arc<App>>) -> Response {
    index_status_json(&app)
}

pub(super) async fn api_index_post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match start_index(&app, &headers, body.map_err(Unread::from)) {
        Ok(()) => (StatusCode::ACCEPTED, index_status_json(&app)).into_response(),
        Err(f) => api_error(f),
    }
}
