//! The page's check of a draft (`/check`): the form, the draft read from
//! a form field or an uploaded file within its bound, and the report as a
//! page, JSON or a file.

use super::export::content_disposition;
use super::*;
use crate::i18n::Say;

/// A checked draft, in the format asked: the page's report, or a file.
enum Checked {
    Page(Box<renda_core::search::check::Report>),
    File(&'static str, String, Vec<u8>),
}

/// A draft sent to 查重: the form's fields, and the file uploaded with
/// them, if any (its name and bytes).
struct CheckForm {
    p: Params,
    file: Option<(String, Vec<u8>)>,
}

/// The form of a 查重 POST: URL-encoded, or multipart with a file;
/// from this page's origin, read within [`DRAFT_BODY_LIMIT`] and the
/// body's time ([`read_body`]).
async fn check_form(
    app: &App,
    headers: &HeaderMap,
    body: Result<Bytes, Unread>,
) -> Result<CheckForm, Failure> {
    use axum::extract::{FromRequest, Multipart};
    let multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("multipart/form-data"));
    // The origin, the limit and the time are checked as for every POST.
    let fields = post_body(app, headers, body.clone(), DRAFT_BODY_LIMIT)?;
    if !multipart {
        return Ok(CheckForm {
            p: fields,
            file: None,
        });
    }
    let Ok(bytes) = body else {
        unreachable!("post_body refuses a body that was not read")
    };
    let mut req = axum::extract::Request::new(Body::from(bytes));
    *req.headers_mut() = headers.clone();
    let bad_form = || Failure::bad(i18n::with_lang(Lang::Zh, msg::serve_bad_upload));
    let mut form = Multipart::from_request(req, &())
        .await
        .map_err(|_| bad_form())?;
    let mut pairs = Vec::new();
    let mut file = None;
    while let Some(field) = form.next_field().await.map_err(|_| bad_form())? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(|_| bad_form())?;
        match file_name {
            Some(f) if name == "file" => {
                if !bytes.is_empty() {
                    file = Some((f, bytes.to_vec()));
                }
            }
            _ => pairs.push((name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok(CheckForm {
        p: Params::from_pairs(pairs),
        file,
    })
}

/// Check the draft of `form`: the uploaded file if there is one, else the
/// pasted text. Also returns the draft's text, to show in the form.
fn run_check(app: &App, form: &CheckForm) -> Result<(Checked, String), Failure> {
    use crate::output::check::CheckFormat;
    use renda_core::search::check::{self, CheckError, CheckOptions};
    let p = &form.p;
    let options = CheckOptions {
        region: p.text("region", params::MAX_QUERY_CHARS)?,
        year: p.year("year")?,
        ..Default::default()
    };
    let (draft, name, text) = match &form.file {
        Some((name, bytes)) => {
            let draft = renda_core::ingest::draft_from_bytes(name, bytes).map_err(|e| {
                Failure::bad(msg::check_unreadable(name, &e.say(crate::i18n::lang())))
            })?;
            let text = draft
                .paragraphs
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join("\n\n");
            (draft, name.clone(), text)
        }
        None => {
            let text = p.text("text", MAX_DRAFT_CHARS)?.ok_or_else(|| {
                Failure::bad(crate::i18n::search::check_empty_draft(
                    crate::i18n::lang(),
                    "稿件",
                ))
            })?;
            let ctx = renda_core::speech::ParseContext {
                rel: "",
                metadata: None,
                boilerplate: None,
                published: None,
            };
            (
                renda_core::speech::parse(&text, &ctx),
                "稿件".to_string(),
                text,
            )
        }
    };
    let mut report = check::check(&app.idx, &draft, &options).map_err(|e| match e {
        CheckError::Empty(_) => Failure::bad(crate::i18n::search::check_empty_draft(
            crate::i18n::lang(),
            &name,
        )),
        CheckError::Search(s) => s.into(),
    })?;
    report.draft = name;
    let render = |format| {
        crate::output::check::render(&report, format, false)
            .map_err(|e| Failure::internal(&e.to_string()))
    };
    let day = jiff::ZonedDateTime::now().strftime("%Y-%m-%d").to_string();
    let checked = match p.get("format").map(str::trim) {
        Some("docx") => Checked::File(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            format!("查重_{day}.docx"),
            render(CheckFormat::Docx)?,
        ),
        Some("md") => Checked::File(
            "text/markdown; charset=utf-8",
            format!("查重_{day}.md"),
            render(CheckFormat::Md)?,
        ),
        Some("json") => Checked::File(
            "application/json; charset=utf-8",
            String::new(),
            render(CheckFormat::Json)?,
        ),
        _ => Checked::Page(Box::new(report)),
    };
    Ok((checked, text))
}

/// A body read up to `limit` bytes: all of it, or why not and what came
/// before that.
async fn read_body(mut body: Body, limit: usize) -> (Result<Bytes, Unread>, Bytes) {
    use axum::body::HttpBody;
    let mut got: Vec<u8> = Vec::new();
    loop {
        let frame = std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await;
        let failed = match frame {
            None => return (Ok(Bytes::from(got)), Bytes::new()),
            Some(Ok(frame)) => match frame.data_ref() {
                Some(data) if got.len() + data.len() > limit => Unread::TooLarge,
                Some(data) => {
                    got.extend_from_slice(data);
                    continue;
                }
                None => continue,
            },
            Some(Err(e)) if guard::timed_out(&e) => Unread::TimedOut,
            Some(Err(_)) => Unread::Broken,
        };
        return (Err(failed), Bytes::from(got));
    }
}

/// Whether a request asks for JSON: `format=json` in its address or in
/// the part of its body read, or JSON is what it accepts.
fn wants_json(query: &Option<String>, read: &[u8], headers: &HeaderMap) -> bool {
    let json = |p: &Params| p.get("format").map(str::trim) == Some("json");
    // A body cut at its limit: the fields before the last `&` are whole.
    let whole = read
        .iter()
        .rposition(|&b| b == b'&')
        .map_or(&read[..0], |at| &read[..at]);
    json(&params_of(query))
        || json(&Params::parse(whole))
        || headers
            .get(header::ACCEPT)
            .and_then(|a| a.to_str().ok())
            .is_some_and(|a| a.contains("application/json") && !a.contains("text/html"))
}

pub(super) async fn check_post(
    State(app): State<Arc<App>>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let (body, prefix) = read_body(body, DRAFT_BODY_LIMIT).await;
    let form = match check_form(&app, &headers, body).await {
        Ok(form) => form,
        Err(f) if wants_json(&q, &prefix, &headers) => return api_error(f),
        Err(f) => {
            return html(
                f.status,
                page::check_page(&page::Draft::default(), None, Some(&f.message)),
            );
        }
    };
    let api = form.p.get("format") == Some("json") || wants_json(&q, &[], &headers);
    let mut shown = page::Draft {
        text: form.p.get("text").unwrap_or("").to_string(),
        region: form.p.get("region").unwrap_or("").to_string(),
        year: form.p.get("year").unwrap_or("").to_string(),
        file: form.file.as_ref().map(|(name, _)| name.clone()),
    };
    match blocking(&app, move |app| run_check(app, &form)).await {
        Ok((Checked::Page(report), text)) => {
            shown.text = text;
            html(
                StatusCode::OK,
                page::check_page(&shown, Some(&report), None),
            )
        }
        Ok((Checked::File(mime, name, bytes), _)) if name.is_empty() => {
            ([(header::CONTENT_TYPE, mime)], bytes).into_response()
        }
        Ok((Checked::File(mime, name, bytes), _)) => (
            [
                (header::CONTENT_TYPE, mime.to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    content_disposition(
                        &name,
                        &format!("renda-check.{}", name.rsplit('.').next().unwrap_or("txt")),
                    ),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(f) if api => api_error(f),
        Err(f) => html(f.status, page::check_page(&shown, None, Some(&f.message))),
    }
}

pub(super) async fn check_get() -> Response {
    html(
        StatusCode::OK,
        page::check_page(&page::Draft::default(), None, None),
    )
}
