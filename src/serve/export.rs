//! The page's exports (`/export/{format}`): every hit of a search in a
//! file with a Chinese name, as `renda export` writes it.

use super::*;
use crate::i18n::Say;

/// A file name safe on every system: the characters Windows refuses and
/// control characters as `_`, at most `max` characters.
pub fn safe_name(text: &str, max: usize) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || r#"\/:*?"<>|"#.contains(c) || c.is_whitespace() {
                '_'
            } else {
                c
            }
        })
        .take(max)
        .collect()
}

/// A `Content-Disposition` that downloads as `name`: an ASCII fallback and
/// the name itself in UTF-8 (RFC 6266, RFC 5987 `filename*`).
pub fn content_disposition(name: &str, fallback: &str) -> String {
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

pub(super) async fn export(
    State(app): State<Arc<App>>,
    format: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
) -> Response {
    let Ok(Path(format)) = format else {
        return page_error("导出", bad_path());
    };
    let p = params_of(&q);
    let r = blocking(&app, move |app| {
        let Some(fmt) = ExportFormat::named(&format) else {
            return Err(Failure::not_found(msg::serve_bad_format(&format)));
        };
        let (ext, mime) = (fmt.extension(), fmt.mime());
        let query = p.query()?;
        let filters = p.filters()?;
        let options = ThemeOptions {
            literal: p.flag("literal"),
            other_words: p.flag("other_words"),
            without: without_of(&p),
        };
        let how = options.clone();
        let found = search::find_every(&app.idx, &query, &filters, options, EXPORT_MAX)?;
        let head = crate::output::export::ExportHeader::now(
            &query,
            &filters,
            found.total,
            found.hits.len(),
        )
        .searched(&how, &found.wanted);
        let hits = found.hits;
        let mut bytes = Vec::new();
        crate::output::export::write_to(&mut bytes, fmt, &head, &hits).map_err(|e| {
            if search::cancel::is_cancelled(&e) {
                Failure {
                    status: StatusCode::SERVICE_UNAVAILABLE,
                    message: renda_core::search::cancel::Cancelled.say(crate::i18n::lang()),
                }
            } else {
                Failure::internal(&e.to_string())
            }
        })?;
        let day = head.date.get(..10).unwrap_or(&head.date).to_string();
        let name = format!("检索_{}_{day}.{ext}", safe_name(&query, 40));
        let disposition = content_disposition(&name, &format!("renda-export.{ext}"));
        Ok((mime, disposition, bytes))
    })
    .await;
    match r {
        Ok((mime, disposition, bytes)) => (
            [
                (header::CONTENT_TYPE, mime.to_string()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            Body::from(bytes),
        )
            .into_response(),
        Err(f) => page_error("导出", f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_keep_their_chinese_name() {
        let d = content_disposition("检索_密切联系群众_2026-12-01.docx", "renda-export.docx");
        assert_eq!(
            d,
            "attachment; filename=\"renda-export.docx\"; filename*=UTF-8''%E6%A3%80%E7%B4%A2_%E5%AF%86%E5%88%87%E8%81%94%E7%B3%BB%E7%BE%A4%E4%BC%97_2026-12-01.docx"
        );
        assert_eq!(safe_name("a/b \"c\"?:", 40), "a_b__c___");
        assert_eq!(safe_name("密切联系群众", 2), "密切");
    }
}
