//! `renda serve`: the search, the speeches and the exports as a local web
//! page, and the same JSON as the command line's `--format json` under
//! `/api/`.
//!
//! Safe by default: bound to 127.0.0.1 unless told otherwise; speeches are
//! named by their id in the index ([`speech::id_of`]), never by a path
//! from the request; queries and bodies are bounded ([`params`],
//! [`BODY_LIMIT`]); every query runs on the blocking pool under a time
//! limit; a bad request gets a Chinese message and HTTP 400, never a 500;
//! every request must name one of the server's own hosts ([`guard`]);
//! requests that change something are POST from this page's own origin;
//! slow headers, slow bodies and too many connections are cut
//! ([`listen`], [`guard::BODY_TIME`]); every response carries a
//! Content-Security-Policy and `nosniff`.

mod api;
mod check;
mod export;
pub mod guard;
pub mod listen;
mod manage;
pub mod page;
mod pages;
pub mod params;
pub mod reindex;
pub mod speech;
pub mod start;

use crate::i18n::Say;
use api::{
    api_compare, api_kwic, api_search, api_similar_get, api_similar_post, api_speech, api_stats,
};
use manage::{
    api_folders, api_index_get, api_index_post, folder_param, folders_json, folders_page,
    index_page, index_post, quit, quit_post,
};
use pages::{
    compare_page, kwic_page, not_found, related_page, related_post, search_page, similar_get,
    similar_post, speech_page, stats_page, style,
};
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::Semaphore;

use crate::i18n::{self, Lang, msg};
use crate::output::export::ExportFormat;
use page::Asked;
use params::{BadParam, Params};
use renda_core::index::RendaIndex;
use renda_core::search::compare::By;
use renda_core::search::{self, SearchError, SearchRequest, ThemeOptions};

/// The largest request body accepted (a pasted paragraph, a form).
pub const BODY_LIMIT: usize = 64 * 1024;
/// Paragraphs an export from the page holds at most.
pub const EXPORT_MAX: usize = 20_000;
/// The largest body of a draft to check.
pub const DRAFT_BODY_LIMIT: usize = 1024 * 1024;
/// Characters of a draft to check.
pub const MAX_DRAFT_CHARS: usize = 200_000;
/// Candidates a comparison reads.
pub const COMPARE_DEPTH: usize = 500;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: IpAddr,
    pub port: u16,
    /// Open the page in the default browser once listening.
    pub open: bool,
    /// How long a query may run before it is given up.
    pub time_limit: Duration,
    /// Let the page re-index on a non-loopback address too.
    pub allow_index: bool,
    /// Host names (or addresses) the page answers to besides the loopback
    /// names and the bound address (`--allow-host`).
    pub allow_hosts: Vec<String>,
}

/// What every request shares: the index, opened once.
pub struct App {
    idx: RendaIndex,
    time_limit: Duration,
    /// Queries running at once, at most (the rest wait, within their time).
    permits: Arc<Semaphore>,
    last_reload: Mutex<Instant>,
    /// Whether the page may re-index.
    allow_index: bool,
    jobs: reindex::Jobs,
    /// The hosts requests must name.
    hosts: Arc<guard::Hosts>,
    /// The address the page listens on, as it was printed.
    address: String,
    /// The folders the page's folder browser offers ([`renda_core::places`]).
    roots: Vec<std::path::PathBuf>,
    /// Told to stop the server (the page's 关闭 renda).
    stop: Arc<tokio::sync::Notify>,
}

impl App {
    /// The server's state over `idx`; `allow_index`: whether the page may
    /// re-index it.
    pub fn new(idx: RendaIndex, time_limit: Duration, allow_index: bool) -> App {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        App {
            idx,
            time_limit,
            allow_index,
            jobs: reindex::Jobs::default(),
            permits: Arc::new(Semaphore::new((cores * 2).max(4))),
            last_reload: Mutex::new(Instant::now()),
            hosts: Arc::new(guard::Hosts::default()),
            address: String::new(),
            roots: Vec::new(),
            stop: Arc::new(tokio::sync::Notify::new()),
        }
    }

    /// The same, stopped through `stop` when the page asks.
    pub fn with_stop(mut self, stop: Arc<tokio::sync::Notify>) -> App {
        self.stop = stop;
        self
    }

    /// The same, its runs shared with `jobs` (those of the first start).
    pub fn with_jobs(mut self, jobs: reindex::Jobs) -> App {
        self.jobs = jobs;
        self
    }

    /// The same, saying it listens on `address`, its folder browser
    /// offering `roots`.
    pub fn with_place(mut self, address: &str, roots: Vec<std::path::PathBuf>) -> App {
        self.address = address.to_string();
        self.roots = roots;
        self
    }

    /// The same, answering only to `hosts` (by default the loopback names
    /// on any port).
    pub fn with_hosts(mut self, hosts: impl Into<Arc<guard::Hosts>>) -> App {
        self.hosts = hosts.into();
        self
    }

    /// See the index's last commit (at most once a second), so that a
    /// `renda index` run meanwhile shows up without a restart.
    fn refresh(&self) {
        let Ok(mut last) = self.last_reload.lock() else {
            return;
        };
        if last.elapsed() >= Duration::from_secs(1) {
            let _ = self.idx.reload();
            *last = Instant::now();
        }
    }
}

/// Why a request got no answer, said for people.
#[derive(Debug, Clone)]
pub struct Failure {
    pub status: StatusCode,
    pub message: String,
}

impl Failure {
    fn bad(message: impl Into<String>) -> Failure {
        Failure {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    fn not_found(message: impl Into<String>) -> Failure {
        Failure {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    fn internal(detail: &str) -> Failure {
        Failure {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: msg::serve_internal(detail),
        }
    }
}

impl From<BadParam> for Failure {
    fn from(e: BadParam) -> Self {
        Failure::bad(e.0)
    }
}

impl From<SearchError> for Failure {
    fn from(e: SearchError) -> Self {
        match e {
            SearchError::Query(q) => Failure::bad(q.say(i18n::lang())),
            SearchError::Cancelled(c) => Failure {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: c.say(i18n::lang()),
            },
            other => Failure::internal(&other.say(i18n::lang())),
        }
    }
}

impl From<renda_core::search::similar::SimilarError> for Failure {
    fn from(e: renda_core::search::similar::SimilarError) -> Self {
        use renda_core::search::similar::SimilarError as E;
        match e {
            E::Search(s) => s.into(),
            E::NoFile { .. } => Failure::not_found(e.say(i18n::lang())),
            E::EmptyText => Failure::bad(msg::serve_similar_empty()),
            other => Failure::bad(other.say(i18n::lang())),
        }
    }
}

/// Run `f` on the blocking pool, in Chinese, under the time limit: at the
/// limit the answer is a 503, and the work itself stops at its next check
/// ([`search::cancel`]), which lets its query slot go.
async fn blocking<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(&App) -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    let limit = app.time_limit;
    let deadline = Instant::now() + limit;
    let over = move || Failure {
        status: StatusCode::SERVICE_UNAVAILABLE,
        message: i18n::with_lang(Lang::Zh, || msg::serve_timeout(limit.as_secs().max(1))),
    };
    let run = {
        let app = app.clone();
        async move {
            let permit = app
                .permits
                .clone()
                .acquire_owned()
                .await
                .map_err(|e| Failure::internal(&e.to_string()))?;
            let task = tokio::task::spawn_blocking(move || {
                let _permit = permit;
                search::cancel::within(deadline, || {
                    i18n::with_lang(Lang::Zh, || {
                        search::cancel::check().map_err(|_| over())?;
                        app.refresh();
                        f(&app)
                    })
                })
            });
            match task.await {
                Ok(r) => r,
                Err(e) => Err(i18n::with_lang(Lang::Zh, || {
                    Failure::internal(&e.to_string())
                })),
            }
        }
    };
    match tokio::time::timeout_at(deadline.into(), run).await {
        Ok(r) => r,
        Err(_) => Err(over()),
    }
}

fn params_of(raw: &Option<String>) -> Params {
    Params::parse(raw.as_deref().unwrap_or("").as_bytes())
}

// ---- responses --------------------------------------------------------------

fn json_bytes(bytes: Vec<u8>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        bytes,
    )
        .into_response()
}

fn api_error(f: Failure) -> Response {
    let body = serde_json::json!({ "error": f.message, "status": f.status.as_u16() });
    (f.status, json_bytes(body.to_string().into_bytes())).into_response()
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

fn page_error(title: &str, f: Failure) -> Response {
    html(f.status, page::message_page(title, &f.message))
}

/// Headers every response carries.
async fn secure(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Nothing of the page's address leaves for another site; within the
    // page, a browser names its origin on a form's POST (under
    // `no-referrer` it sends `Origin: null`, which `same_origin` refuses).
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Why a request body was not read.
#[derive(Debug, Clone, Copy)]
enum Unread {
    TooLarge,
    TimedOut,
    Broken,
}

impl From<BytesRejection> for Unread {
    fn from(e: BytesRejection) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Unread::TooLarge
        } else if guard::timed_out(&e) {
            Unread::TimedOut
        } else {
            Unread::Broken
        }
    }
}

/// The body of a POST, checked: from this page's origin, within `limit`
/// bytes, arrived in time.
fn post_body(
    app: &App,
    headers: &HeaderMap,
    body: Result<Bytes, Unread>,
    limit: usize,
) -> Result<Params, Failure> {
    post_body_with(&app.hosts, headers, body, limit)
}

/// [`post_body`] for a server whose hosts are `hosts`.
fn post_body_with(
    hosts: &guard::Hosts,
    headers: &HeaderMap,
    body: Result<Bytes, Unread>,
    limit: usize,
) -> Result<Params, Failure> {
    i18n::with_lang(Lang::Zh, || {
        if !hosts.same_origin(headers) {
            return Err(Failure {
                status: StatusCode::FORBIDDEN,
                message: msg::serve_cross_origin().into(),
            });
        }
        match body {
            Ok(bytes) => Ok(Params::parse(&bytes)),
            Err(Unread::TooLarge) => Err(Failure {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                message: msg::serve_body_too_large(limit),
            }),
            Err(Unread::TimedOut) => Err(Failure {
                status: StatusCode::REQUEST_TIMEOUT,
                message: msg::serve_body_timeout(guard::BODY_TIME.as_secs()),
            }),
            Err(Unread::Broken) => Err(Failure::bad(msg::serve_body_unreadable())),
        }
    })
}

/// A path the router could not read (`/speech/%c0%ae`: not UTF-8), in
/// Chinese.
fn bad_path() -> Failure {
    Failure::bad(i18n::with_lang(Lang::Zh, msg::serve_bad_path))
}

// ---- the library calls behind the routes ----------------------------------

/// The search a request's parameters ask for.
pub fn search_request(p: &Params) -> Result<SearchRequest, BadParam> {
    let (limit, offset) = p.page()?;
    Ok(SearchRequest {
        query: search::query::query_text(&p.query()?, false),
        filters: p.filters()?,
        limit,
        offset,
        collapse: !p.flag("no_collapse"),
        literal: p.flag("literal"),
        other_words: p.flag("other_words"),
        without: without_of(p),
    })
}

/// The related expressions a request drops (`without=词`, repeated or
/// separated by commas), at most 64 of them.
fn without_of(p: &Params) -> Vec<String> {
    p.all("without")
        .into_iter()
        .take(64)
        .map(String::from)
        .collect()
}

fn run_search(app: &App, p: &Params) -> Result<search::SearchResult, Failure> {
    let req = search_request(p)?;
    Ok(search::search(&app.idx, &req)?)
}

fn by_of(p: &Params) -> Result<By, Failure> {
    Ok(match p.get("by").map(str::trim) {
        None | Some("level") => By::Level,
        Some("region") => By::Region,
        Some("year") => By::Year,
        Some("speech") => By::Speech,
        Some(other) => {
            return Err(Failure::bad(msg::serve_bad_choice(
                "by",
                other,
                crate::i18n::pick(
                    "层级（level）、地区（region）、年份（year）、讲话（speech）",
                    "level, region, year, speech",
                ),
            )));
        }
    })
}

fn run_compare(
    app: &App,
    p: &Params,
) -> Result<(String, By, Vec<search::compare::Group>), Failure> {
    let theme = p.query()?;
    let filters = p.filters()?;
    let by = by_of(p)?;
    let options = ThemeOptions {
        literal: p.flag("literal"),
        other_words: p.flag("other_words"),
        without: without_of(p),
    };
    let depth = p.number("depth", COMPARE_DEPTH, 5_000)?;
    // Phrasings per group, as `renda compare --limit`; all of them by default.
    let limit = p.number("limit", usize::MAX, usize::MAX)?;
    let mut groups =
        search::compare::of_index(&app.idx, &theme, &filters, options, depth, by, &[], &[])?;
    search::compare::limit(&mut groups, limit);
    Ok((theme, by, groups))
}

fn run_kwic(app: &App, p: &Params) -> Result<search::kwic::Concordance, Failure> {
    let term = p.query()?;
    let filters = p.filters()?;
    let sort = match p.get("sort").map(str::trim) {
        None | Some("none") => search::kwic::Sort::None,
        Some("left") => search::kwic::Sort::Left,
        Some("right") => search::kwic::Sort::Right,
        Some(other) => {
            return Err(Failure::bad(msg::serve_bad_choice(
                "sort",
                other,
                crate::i18n::pick(
                    "不排（none）、按左文（left）、按右文（right）",
                    "none, left, right",
                ),
            )));
        }
    };
    let options = search::kwic::Options {
        width: p.number("width", 20, 200)?,
        sort,
        limit: Some(p.number("limit", 200, 2_000)?),
        top: search::kwic::TOP_COLLOCATES,
    };
    Ok(search::kwic::of_index(&app.idx, &term, &filters, &options)?.0)
}

fn run_similar(
    app: &App,
    p: &Params,
) -> Result<(search::similar::Source, search::SearchResult), Failure> {
    use search::similar::{self, Request, Source};
    let filters = p.filters()?;
    let (limit, offset) = p.page()?;
    let located = |id: &str| -> Result<Source, Failure> {
        let file = speech::file_of(&app.idx, id.trim())?
            .ok_or_else(|| Failure::not_found(msg::serve_no_speech(id)))?;
        let n = p.number("paragraph", 1, 1_000_000)?;
        Ok(similar::locate(&app.idx, &file, n)?)
    };
    let source = match (p.get("id"), p.text("text", params::MAX_TEXT_CHARS)?) {
        (Some(id), None) => located(id)?,
        // The page's form sends the paragraph it came from with its text:
        // the paragraph as long as the text is still its own.
        (Some(id), Some(text)) => match located(id) {
            Ok(source) if source.text.trim() == text.trim() => source,
            _ => Source::text(&text)?,
        },
        (None, Some(text)) => Source::text(&text)?,
        (None, None) => return Err(Failure::bad(msg::serve_similar_empty())),
    };
    let req = Request {
        source,
        filters,
        limit,
        offset,
        include_copies: p.flag("include_copies"),
    };
    let r = similar::similar(&app.idx, &req)?;
    Ok((req.source, r))
}

/// When the index was last committed, in local time (`2026-12-01 18:20
/// +08:00`): the time of its `meta.json`.
fn last_commit(app: &App) -> Option<String> {
    let modified = std::fs::metadata(app.idx.path.join("meta.json"))
        .ok()?
        .modified()
        .ok()?;
    let zoned = jiff::ZonedDateTime::try_from(modified).ok()?;
    Some(crate::output::export::export_times(&zoned).0)
}

fn run_stats(
    app: &App,
) -> Result<
    (
        renda_core::index::reader::Stats,
        Vec<renda_core::index::reader::FolderCount>,
    ),
    Failure,
> {
    let st = renda_core::index::reader::stats(&app.idx)
        .map_err(|e| Failure::internal(&e.to_string()))?;
    let meta = app
        .idx
        .last_meta()
        .ok()
        .flatten()
        .or_else(|| app.idx.meta.clone());
    let folders = renda_core::index::reader::folder_counts_of(&app.idx, meta.as_ref())
        .map_err(|e| Failure::internal(&e.say(i18n::lang())))?;
    Ok((st, folders))
}

fn write_json(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> Result<Vec<u8>, Failure> {
    let mut out = Vec::new();
    f(&mut out).map_err(|e| Failure::internal(&e.to_string()))?;
    Ok(out)
}

// ---- JSON API -------------------------------------------------------------

/// The routes of the server over `app`, with the checks every request
/// passes ([`with_guard`]).
pub fn router(app: Arc<App>) -> Router {
    let hosts = app.hosts.clone();
    with_guard(routes(app), hosts)
}

/// `routes` behind the checks of every request: its host ([`guard`]), its
/// body's size and time, and the headers of every response ([`secure`]).
pub fn with_guard(routes: Router, hosts: Arc<guard::Hosts>) -> Router {
    routes
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(hosts, guard::check))
        .layer(axum::middleware::map_response(secure))
}

/// The routes of the server over `app`, without the checks.
pub fn routes(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(search_page))
        .route("/compare", get(compare_page))
        .route("/kwic", get(kwic_page))
        .route("/similar", get(similar_get).post(similar_post))
        .route(
            "/check",
            get(check::check_get)
                .post(check::check_post)
                .layer(DefaultBodyLimit::max(DRAFT_BODY_LIMIT)),
        )
        .route("/speech/{id}", get(speech_page))
        .route("/stats", get(stats_page))
        .route("/index", get(index_page).post(index_post))
        .route(
            "/related",
            get(related_page)
                .post(related_post)
                .layer(DefaultBodyLimit::max(DRAFT_BODY_LIMIT)),
        )
        .route("/api/index", get(api_index_get).post(api_index_post))
        .route("/export/{format}", get(export::export))
        .route("/static/style.css", get(style))
        .route("/api/search", get(api_search))
        .route("/api/compare", get(api_compare))
        .route("/api/kwic", get(api_kwic))
        .route("/api/similar", get(api_similar_get).post(api_similar_post))
        .route("/api/speech/{id}", get(api_speech))
        .route("/api/stats", get(api_stats))
        .route("/folders", get(folders_page))
        .route("/quit", axum::routing::post(quit_post))
        .route("/api/folders", get(api_folders))
        .fallback(not_found)
        .with_state(app)
}

/// What a server serves: an index, or none yet where one is to be built
/// ([`start`]).
pub enum Serving {
    Index(Box<RendaIndex>),
    Missing(std::path::PathBuf),
    /// An index in the format of another renda (the one it found): built
    /// anew, as `renda index --rebuild` would.
    Stale(std::path::PathBuf, u32),
}

impl Serving {
    /// The index to serve, or where one is to be built with the format
    /// of an earlier renda's index found there.
    fn index_or_place(self) -> Result<Box<RendaIndex>, (std::path::PathBuf, Option<u32>)> {
        match self {
            Serving::Index(idx) => Ok(idx),
            Serving::Missing(path) => Err((path, None)),
            Serving::Stale(path, found) => Err((path, Some(found))),
        }
    }
}

/// Serve as [`Config`] says until Ctrl-C: print the address to open, warn
/// when other machines can reach it.
pub fn run(serving: Serving, config: &Config) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let addr = SocketAddr::new(config.bind, config.port);
        let bound = match tokio::net::TcpListener::bind(addr).await {
            // Started to open the page (a launcher, a double click): a port
            // another program holds is no reason to show nothing.
            Err(e) if e.kind() == io::ErrorKind::AddrInUse && config.open => {
                tokio::net::TcpListener::bind(SocketAddr::new(config.bind, 0)).await
            }
            bound => bound,
        };
        let listener = bound
            .map_err(|e| io::Error::new(e.kind(), msg::serve_bind_failed(&addr.to_string(), &e)))?;
        let local = listener.local_addr()?;
        if local.port() != config.port && config.port != 0 {
            eprintln!("{}", msg::serve_port_taken(config.port, local.port()));
        }
        listen::raise_open_files();
        let url = format!("http://{local}");
        println!("{}", msg::serve_open(&url));
        eprintln!("{}", msg::serve_stop());
        let hosts = Arc::new(guard::Hosts::new(
            config.bind,
            local.port(),
            &config.allow_hosts,
        ));
        if !config.bind.is_loopback() {
            eprintln!("{}", msg::serve_network_warning(&local.to_string()));
            eprintln!("{}", msg::serve_hosts(hosts.names()));
        }
        let allow_index = config.allow_index || config.bind.is_loopback();
        let roots = if allow_index {
            renda_core::places::roots()
        } else {
            Vec::new()
        };
        let stop = Arc::new(tokio::sync::Notify::new());
        let make: start::MakeRoutes = {
            let hosts = hosts.clone();
            let stop = stop.clone();
            let time_limit = config.time_limit;
            let url = url.clone();
            let roots = roots.clone();
            Box::new(move |idx: RendaIndex, jobs: reindex::Jobs| {
                // A server lives long: build the whole segmenter once,
                // aside, for the searches after the first few (which cut
                // with only the dictionary words of their texts meanwhile).
                let dictionary = idx.dictionary.clone();
                std::thread::spawn(move || {
                    dictionary.jieba();
                });
                let app = App::new(idx, time_limit, allow_index)
                    .with_hosts(hosts.clone())
                    .with_jobs(jobs)
                    .with_place(&url, roots.clone())
                    .with_stop(stop.clone());
                routes(Arc::new(app))
            })
        };
        let service = match serving.index_or_place() {
            Ok(idx) => with_guard(make(*idx, reindex::Jobs::default()), hosts),
            // No index to serve, or one of an earlier renda: the page that
            // builds one.
            Err((path, stale)) => {
                let shown = renda_core::display::path(&path);
                if let Some(found) = stale {
                    eprintln!("{}", msg::serve_stale_index(&shown, found));
                }
                if allow_index {
                    eprintln!("{}", msg::serve_first_start(&shown));
                } else {
                    eprintln!("{}", msg::serve_first_start_off(&shown));
                }
                start::router(
                    start::FirstStart::new(path, hosts, allow_index, roots, make)
                        .with_stop(stop.clone())
                        .stale(stale),
                )
            }
        };
        if config.open {
            open_browser(&url);
        }
        listen::serve(listener, service, async {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                () = stop.notified() => {}
            }
        })
        .await;
        eprintln!("{}", msg::serve_stopped());
        Ok(())
    })
}

/// Open `url` in the desktop's browser, or say why not.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Err(e) = cmd.spawn() {
        eprintln!("{}", msg::serve_open_failed(&e.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_over_its_time_is_given_up_with_a_chinese_message() {
        let idx =
            renda_core::index::in_ram(renda_core::analysis::dictionary::Dictionary::builtin());
        let app = Arc::new(App::new(idx, Duration::from_millis(50), false));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        let slow = runtime.block_on(blocking(&app, |_| {
            std::thread::sleep(Duration::from_millis(400));
            Ok(())
        }));
        let f = slow.unwrap_err();
        assert_eq!(f.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(f.message.contains("秒仍未完成"), "{}", f.message);
        // A quick one answers, in Chinese.
        let quick = runtime.block_on(blocking(&app, |_| Ok(msg::serve_stop())));
        assert_eq!(quick.unwrap(), "按 Ctrl-C 停止");
    }
}
