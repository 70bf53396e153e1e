//! The first start: `renda serve` with no index yet. The page asks for
//! the folder of speeches (a path field and a folder browser, see
//! [`renda_core::places`]), builds the index through the same library call as
//! `renda index` ([`renda_core::index::update`], run by [`reindex::Jobs`]),
//! shows how the run goes, and once the index opens serves the whole page
//! in the same process: every request from then on goes to the routes of
//! [`super::routes`].
//!
//! Only on a loopback address, or with `--allow-index`: elsewhere the page
//! says there is no index and how to build one, and offers nothing else.

use crate::i18n::Say;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower::ServiceExt;

use super::{Failure, Unread, api_error, guard, html, page, params_of, reindex};
use crate::i18n::{self, Lang, msg};
use renda_core::index::RendaIndex;
use renda_core::index::update::UpdateRequest;

/// Builds the routes of the whole page over an index, sharing the first
/// start's runs.
pub type MakeRoutes = Box<dyn Fn(RendaIndex, reindex::Jobs) -> Router + Send + Sync>;

/// A server that has no index yet.
pub struct FirstStart {
    /// Where the index is built.
    pub index: PathBuf,
    hosts: Arc<guard::Hosts>,
    /// Whether the page may build it (loopback, or `--allow-index`).
    allowed: bool,
    roots: Vec<PathBuf>,
    jobs: reindex::Jobs,
    /// The whole page, once the index is built and open.
    ready: Arc<OnceLock<Router>>,
    make: Arc<MakeRoutes>,
    /// Told to stop the server (the page's 关闭 renda).
    stop: Arc<tokio::sync::Notify>,
    /// The format of the index an earlier renda left there, which the
    /// build replaces.
    stale: Option<u32>,
}

impl FirstStart {
    pub fn new(
        index: PathBuf,
        hosts: Arc<guard::Hosts>,
        allowed: bool,
        roots: Vec<PathBuf>,
        make: MakeRoutes,
    ) -> FirstStart {
        FirstStart {
            index,
            hosts,
            allowed,
            roots,
            jobs: reindex::Jobs::default(),
            ready: Arc::new(OnceLock::new()),
            make: Arc::new(make),
            stop: Arc::new(tokio::sync::Notify::new()),
            stale: None,
        }
    }

    /// The same, where an index of an earlier renda (format `found`)
    /// stands: the page says so and the build replaces it.
    pub fn stale(mut self, found: Option<u32>) -> FirstStart {
        self.stale = found;
        self
    }

    /// The same, stopped through `stop` when the page asks.
    pub fn with_stop(mut self, stop: Arc<tokio::sync::Notify>) -> FirstStart {
        self.stop = stop;
        self
    }
}

/// The server of a first start: its own routes until the index is ready,
/// then the whole page's; the checks of every request on both.
pub fn router(fs: FirstStart) -> Router {
    let fs = Arc::new(fs);
    let hosts = fs.hosts.clone();
    let own = Router::new()
        .route("/start", get(start_page).post(start_post))
        .route("/api/start", get(api_status).post(api_start))
        .route("/api/folders", get(api_folders))
        .route("/quit", axum::routing::post(quit_post))
        .route("/api/index", get(api_status))
        .route("/static/style.css", get(super::style))
        .fallback(elsewhere)
        .with_state(fs.clone());
    let dispatch = move |req: Request| {
        let fs = fs.clone();
        let own = own.clone();
        async move {
            match fs.ready.get() {
                // Built: the first start's page leads to the search.
                Some(_) if req.uri().path() == "/start" => {
                    (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response()
                }
                Some(whole) => whole.clone().oneshot(req).await.into_response(),
                None => own.oneshot(req).await.into_response(),
            }
        }
    };
    super::with_guard(Router::new().fallback(dispatch), hosts)
}

/// Any other address before the index is built: the first start's page
/// (the API says there is no index yet).
async fn elsewhere(State(fs): State<Arc<FirstStart>>, req: Request) -> Response {
    if req.uri().path().starts_with("/api/") {
        let message = i18n::with_lang(Lang::Zh, || {
            crate::i18n::index::index_missing(
                crate::i18n::lang(),
                &renda_core::display::path(&fs.index),
            )
        });
        return api_error(Failure {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message,
        });
    }
    (StatusCode::SEE_OTHER, [(header::LOCATION, "/start")]).into_response()
}

/// The folder asked for by `?dir=`, else the first place offered.
fn asked_dir(fs: &FirstStart, q: &Option<String>) -> Option<PathBuf> {
    let p = params_of(q);
    match p.get("dir").map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(PathBuf::from(d)),
        None => fs.roots.first().cloned(),
    }
}

async fn start_page(State(fs): State<Arc<FirstStart>>, RawQuery(q): RawQuery) -> Response {
    html(StatusCode::OK, first_start_html(&fs, &q, None))
}

fn first_start_html(fs: &FirstStart, q: &Option<String>, message: Option<&str>) -> String {
    let st = fs.jobs.status();
    let index = renda_core::display::path(&fs.index);
    if !fs.allowed {
        let off = i18n::with_lang(Lang::Zh, || msg::serve_first_start_off(&index));
        return page::first_start_off(&off);
    }
    let browse = asked_dir(fs, q).map(|dir| {
        i18n::with_lang(Lang::Zh, || {
            renda_core::places::list(&dir, &fs.roots).map_err(|e| e.say(Lang::Zh))
        })
    });
    let typed = params_of(q).get("folder").unwrap_or("").to_string();
    let stale = fs
        .stale
        .map(|found| i18n::with_lang(Lang::Zh, || msg::serve_stale_index(&index, found)));
    let message = message.or(stale.as_deref());
    page::first_start(&page::FirstStartView {
        index: &index,
        status: &st,
        roots: &fs.roots,
        browse: browse.as_ref(),
        typed: &typed,
        message,
    })
}

/// Start building the index from the folder in `body`, or say why not.
fn start_build(
    fs: &FirstStart,
    headers: &HeaderMap,
    body: Result<Bytes, Unread>,
) -> Result<(), Failure> {
    let p = super::post_body_with(&fs.hosts, headers, body, super::BODY_LIMIT)?;
    i18n::with_lang(Lang::Zh, || {
        if !fs.allowed {
            return Err(Failure {
                status: StatusCode::FORBIDDEN,
                message: msg::serve_index_off().into(),
            });
        }
        let folder = super::folder_param(&p, "folder")?;
        let mut req = UpdateRequest::new(&fs.index);
        req.folders = vec![folder];
        req.rebuild = fs.stale.is_some();
        let make = fs.make.clone();
        let ready = fs.ready.clone();
        let index = fs.index.clone();
        let jobs = fs.jobs.clone();
        fs.jobs
            .start_request(req, move |ok| {
                if !ok {
                    return None;
                }
                match renda_core::index::open(&index) {
                    Ok(idx) => {
                        let _ = ready.set(make(idx, jobs));
                        None
                    }
                    Err(e) => Some(msg::serve_index_unopened(&e.say(i18n::lang()))),
                }
            })
            .map_err(|_| Failure {
                status: StatusCode::CONFLICT,
                message: msg::serve_index_running().into(),
            })
    })
}

async fn start_post(
    State(fs): State<Arc<FirstStart>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match start_build(&fs, &headers, body.map_err(Unread::from)) {
        Ok(()) => (StatusCode::SEE_OTHER, [(header::LOCATION, "/start")]).into_response(),
        Err(f) => html(f.status, first_start_html(&fs, &None, Some(&f.message))),
    }
}

fn status_json(fs: &FirstStart) -> Response {
    let mut value = serde_json::to_value(fs.jobs.status()).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        obj.insert("allowed".into(), fs.allowed.into());
        obj.insert("ready".into(), fs.ready.get().is_some().into());
        obj.insert("index".into(), renda_core::display::path(&fs.index).into());
    }
    super::json_bytes(format!("{value}\n").into_bytes())
}

async fn api_status(State(fs): State<Arc<FirstStart>>) -> Response {
    status_json(&fs)
}

async fn api_start(
    State(fs): State<Arc<FirstStart>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match start_build(&fs, &headers, body.map_err(Unread::from)) {
        Ok(()) => (StatusCode::ACCEPTED, status_json(&fs)).into_response(),
        Err(f) => api_error(f),
    }
}

async fn api_folders(State(fs): State<Arc<FirstStart>>, RawQuery(q): RawQuery) -> Response {
    super::folders_json(fs.allowed, &fs.roots, &q)
}

async fn quit_post(
    State(fs): State<Arc<FirstStart>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    super::quit(
        &fs.hosts,
        fs.allowed,
        &fs.jobs,
        &fs.stop,
        &headers,
        body.map_err(Unread::from),
    )
}
