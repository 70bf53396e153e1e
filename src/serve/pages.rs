//! The page's handlers: read the parameters, run the library call on the
//! blocking pool, and answer with the template of [`super::page`].

use super::*;

/// What a form shows back: what was asked, as typed; a wrong year stays
/// in its box, with why it is wrong.
pub(super) fn asked_of(p: &Params) -> Asked {
    let typed = |names: [&str; 2]| {
        names
            .iter()
            .find_map(|n| p.get(n))
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let error = |names: [&str; 2]| names.iter().find_map(|n| p.year(n).err().map(|e| e.0));
    Asked {
        q: p.get("q").unwrap_or("").trim().to_string(),
        filters: p.filters().unwrap_or_else(|_| p.valid_filters()),
        literal: p.flag("literal"),
        without: without_of(p),
        years: [typed(["since", "year"]), typed(["until", "year"])],
        year_errors: [error(["since", "year"]), error(["until", "year"])],
    }
}

pub(super) async fn search_page(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let p = params_of(&q);
    let asked = asked_of(&p);
    if p.get("q").is_none() {
        // Just built from the page (the first start): what the run read.
        let status = app.jobs.status();
        return html(
            StatusCode::OK,
            page::search_page(&asked, page::Below::LastRun(&status)),
        );
    }
    let shown = asked.clone();
    let r = blocking(&app, move |app| {
        let (limit, offset) = p.page()?;
        let r = run_search(app, &p)?;
        Ok(page::results(&shown, &r, offset, limit))
    })
    .await;
    match r {
        Ok(results) => html(
            StatusCode::OK,
            page::search_page(&asked, page::Below::Results(results)),
        ),
        Err(f) => html(
            f.status,
            page::search_page(&asked, page::Below::Error(&f.message)),
        ),
    }
}

pub(super) async fn compare_page(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let p = params_of(&q);
    let asked = asked_of(&p);
    let by = by_of(&p).unwrap_or(By::Level);
    if p.get("q").is_none() {
        return html(StatusCode::OK, page::compare_page(&asked, by, None, None));
    }
    let r = blocking(&app, move |app| run_compare(app, &p)).await;
    match r {
        Ok((_, by, groups)) => html(
            StatusCode::OK,
            page::compare_page(&asked, by, Some(&groups), None),
        ),
        Err(f) => html(
            f.status,
            page::compare_page(&asked, by, None, Some(&f.message)),
        ),
    }
}

pub(super) async fn kwic_page(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let p = params_of(&q);
    let asked = asked_of(&p);
    let sort = p.get("sort").unwrap_or("none").trim().to_string();
    if p.get("q").is_none() {
        return html(StatusCode::OK, page::kwic_page(&asked, &sort, None, None));
    }
    let r = blocking(&app, move |app| run_kwic(app, &p)).await;
    match r {
        Ok(c) => html(
            StatusCode::OK,
            page::kwic_page(&asked, &sort, Some(&c), None),
        ),
        Err(f) => html(
            f.status,
            page::kwic_page(&asked, &sort, None, Some(&f.message)),
        ),
    }
}

pub(super) async fn similar_answer(app: Arc<App>, p: Params) -> Response {
    let asked = asked_of(&p);
    let typed = p.get("text").unwrap_or("").to_string();
    let asked_something = p.get("text").is_some() || p.get("id").is_some();
    if !asked_something {
        return html(
            StatusCode::OK,
            page::similar_page("", None, &asked, None, None),
        );
    }
    let r = blocking(&app, move |app| {
        let (source, r) = run_similar(app, &p)?;
        // The paragraph searched from, named by its speech's title.
        let from = match &source.at {
            Some((file, n)) => {
                let title = speech::read(&app.idx, &speech::id_of(file))
                    .ok()
                    .flatten()
                    .map(|sp| sp.labels.title)
                    .unwrap_or_default();
                Some(page::SimilarFrom {
                    file: file.clone(),
                    title,
                    paragraph: *n,
                })
            }
            None => None,
        };
        Ok((source.text, from, r))
    })
    .await;
    match r {
        Ok((text, from, r)) => html(
            StatusCode::OK,
            page::similar_page(&text, from.as_ref(), &asked, Some(&r), None),
        ),
        Err(f) => html(
            f.status,
            page::similar_page(&typed, None, &asked, None, Some(&f.message)),
        ),
    }
}

pub(super) async fn similar_get(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    similar_answer(app, params_of(&q)).await
}

pub(super) async fn similar_post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match post_body(&app, &headers, body.map_err(Unread::from), BODY_LIMIT) {
        Ok(p) => similar_answer(app, p).await,
        Err(f) => html(
            f.status,
            page::similar_page("", None, &Asked::default(), None, Some(&f.message)),
        ),
    }
}

pub(super) async fn speech_page(
    State(app): State<Arc<App>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
) -> Response {
    let Ok(Path(id)) = id else {
        return page_error("讲话", bad_path());
    };
    let marks: Vec<String> = params_of(&q)
        .values("hl")
        .into_iter()
        .filter(|t| t.chars().count() <= page::MAX_MARK_CHARS)
        .take(page::MAX_MARKS)
        .map(str::to_string)
        .collect();
    let r = blocking(&app, move |app| {
        speech::read(&app.idx, &id)?.ok_or_else(|| Failure::not_found(msg::serve_no_speech(&id)))
    })
    .await;
    match r {
        Ok(sp) => html(StatusCode::OK, page::speech_page(&sp, &marks)),
        Err(f) => page_error("讲话", f),
    }
}

pub(super) async fn stats_page(State(app): State<Arc<App>>) -> Response {
    let r = blocking(&app, |app| Ok((run_stats(app)?, last_commit(app)))).await;
    match r {
        Ok(((st, folders), last)) => {
            let settings = page::Settings {
                index: renda_core::display::path(&renda_core::index::resolved(&app.idx.path)),
                address: app.address.clone(),
                allow_index: app.allow_index,
                running: app.jobs.status().running,
            };
            html(
                StatusCode::OK,
                page::stats_page(&st, &folders, last.as_deref(), &settings),
            )
        }
        Err(f) => page_error("索引状态", f),
    }
}

/// The office's own groups of related expressions (`related.txt` in the
/// index folder), to read and, where the page may change the index, edit.
pub(super) async fn related_page(State(app): State<Arc<App>>) -> Response {
    let text = app.idx.office_related_text();
    let groups = renda_core::analysis::Thesaurus::parse(&text).len();
    html(
        StatusCode::OK,
        page::related_page(&text, groups, app.allow_index, None),
    )
}

/// Save the office's groups (`text=`), from this page's origin, where the
/// page may change the index; they apply from the next search.
pub(super) async fn related_post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let saved =
        post_body(&app, &headers, body.map_err(Unread::from), DRAFT_BODY_LIMIT).and_then(|p| {
            i18n::with_lang(Lang::Zh, || {
                if !app.allow_index {
                    return Err(Failure {
                        status: StatusCode::FORBIDDEN,
                        message: msg::serve_related_off(),
                    });
                }
                let text = p.get("text").unwrap_or_default();
                if text.chars().count() > renda_core::index::MAX_OFFICE_RELATED {
                    return Err(Failure::bad(msg::serve_too_long(
                        "text",
                        renda_core::index::MAX_OFFICE_RELATED,
                    )));
                }
                app.idx.write_office_related(text).map_err(|e| Failure {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    message: msg::serve_related_unsaved(&crate::i18n::files::io_error(
                        crate::i18n::lang(),
                        &e,
                    )),
                })
            })
        });
    let text = app.idx.office_related_text();
    let groups = renda_core::analysis::Thesaurus::parse(&text).len();
    match saved {
        Ok(n) => html(
            StatusCode::OK,
            page::related_page(
                &text,
                groups,
                app.allow_index,
                Some(&msg::serve_related_saved(n)),
            ),
        ),
        Err(f) => html(
            f.status,
            page::related_page(&text, groups, app.allow_index, Some(&f.message)),
        ),
    }
}

pub(super) async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        page::STYLE,
    )
        .into_response()
}

pub(super) async fn not_found() -> Response {
    let message = i18n::with_lang(Lang::Zh, || msg::serve_not_found().to_string());
    page_error("404", Failure::not_found(message))
}

// ---- the server -------------------------------------------------------------
