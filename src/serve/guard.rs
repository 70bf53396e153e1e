//! The page belongs to the machines it is meant for.
//!
//! Every request names the host it was sent to (`Host`). A page of another
//! site that re-points its own name at this machine (DNS rebinding) sends
//! its own name, so every route answers only to the server's own hosts
//! ([`Hosts`]): the loopback names (`127.0.0.1`, `[::1]`, `localhost`), the
//! address it is bound to, and the names given with `--allow-host`, each
//! with the server's port. Anything else gets a Chinese 403 (JSON under
//! `/api/`). A request that changes something must also come from one of
//! these origins (`Origin`, `Sec-Fetch-Site`).
//!
//! A request body must arrive within [`BODY_TIME`] of the request's start
//! ([`TimedBody`]); what reads it then answers 408.

use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};

use super::Failure;
use crate::i18n::{self, Lang, msg};

/// How long a request body may take to arrive, from the request's start.
pub const BODY_TIME: Duration = Duration::from_secs(20);

/// The names the server answers to, and its port.
#[derive(Debug, Clone)]
pub struct Hosts {
    /// Lower case, without a trailing dot; IPv6 addresses in brackets.
    names: Vec<String>,
    /// The port a `Host` must name (80 when it names none); `None`: any.
    port: Option<u16>,
}

impl Default for Hosts {
    /// The loopback names, on any port.
    fn default() -> Self {
        Hosts {
            names: ["localhost", "127.0.0.1", "[::1]"]
                .map(String::from)
                .to_vec(),
            port: None,
        }
    }
}

/// `name` as [`Hosts`] keeps it: lower case, no trailing dot, an IPv6
/// address in brackets.
fn normal_name(name: &str) -> String {
    let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
    match name.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => format!("[{v6}]"),
        Ok(ip) => ip.to_string(),
        Err(_) => name,
    }
}

/// A `Host` value (`name`, `name:port`, `[v6]:port`) as its name and port;
/// `None` when it is none of these.
fn split_host(value: &str) -> Option<(String, Option<u16>)> {
    let value = value.trim();
    let (name, port) = if let Some(rest) = value.strip_prefix('[') {
        let (v6, after) = rest.split_once(']')?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (format!("[{v6}]"), port)
    } else {
        match value.split_once(':') {
            Some((name, port)) => (name.to_string(), Some(port)),
            None => (value.to_string(), None),
        }
    };
    if name.is_empty() {
        return None;
    }
    let port = match port {
        None => None,
        Some(p) => Some(p.parse::<u16>().ok()?),
    };
    Some((normal_name(&name), port))
}

/// A name given with `--allow-host` (`renda.office`, `192.168.1.5`,
/// `[fe80::1]`, with or without a port) as the server keeps it; `None`
/// when it is none of these (a URL, spaces, nothing).
pub fn allowed_name(given: &str) -> Option<String> {
    let (name, _) = split_host(given)?;
    let ok = name.starts_with('[')
        || name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    ok.then_some(name)
}

impl Hosts {
    /// A server bound to `bind` on `port`: the loopback names, the bound
    /// address itself, and `allowed` (names or addresses, a port given
    /// with one is left out: the server's port is the one).
    pub fn new(bind: IpAddr, port: u16, allowed: &[String]) -> Hosts {
        let mut hosts = Hosts {
            port: Some(port),
            ..Hosts::default()
        };
        let bound = if bind.is_unspecified() {
            None
        } else {
            Some(normal_name(&bind.to_string()))
        };
        let named = allowed.iter().filter_map(|a| allowed_name(a));
        for name in bound.into_iter().chain(named) {
            if !hosts.names.contains(&name) {
                hosts.names.push(name);
            }
        }
        hosts
    }

    /// The names answered to, as a `Host` names them.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Whether `host` (a `Host` value) is one of the server's.
    pub fn allows(&self, host: &str) -> bool {
        self.allows_at(host, 80)
    }

    fn allows_at(&self, host: &str, default_port: u16) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        self.names.contains(&name)
            && self
                .port
                .is_none_or(|ours| port.unwrap_or(default_port) == ours)
    }

    /// Whether `origin` (`http://127.0.0.1:8080`) is one of the server's.
    pub fn allows_origin(&self, origin: &str) -> bool {
        let (rest, default_port) = if let Some(rest) = origin.strip_prefix("http://") {
            (rest, 80)
        } else if let Some(rest) = origin.strip_prefix("https://") {
            (rest, 443)
        } else {
            return false;
        };
        !rest.contains(['/', '@', '?', '#']) && self.allows_at(rest, default_port)
    }

    /// Whether a request that changes something comes from this page: a
    /// browser says where a request comes from (`Sec-Fetch-Site`,
    /// `Origin`); one from another site, or from an origin that is not one
    /// of the server's, is refused. A request with neither is not from a
    /// browser page.
    pub fn same_origin(&self, headers: &HeaderMap) -> bool {
        if let Some(site) = headers.get("sec-fetch-site")
            && !matches!(site.to_str(), Ok("same-origin" | "none"))
        {
            return false;
        }
        match headers.get(header::ORIGIN) {
            None => true,
            Some(origin) => origin.to_str().is_ok_and(|o| self.allows_origin(o)),
        }
    }
}

/// Every request: refused unless it names one of the server's hosts (in
/// `Host`, and in the request line when that holds one); its body, if
/// any, timed by [`BODY_TIME`].
pub async fn check(State(hosts): State<Arc<Hosts>>, req: Request, next: Next) -> Response {
    let host = req.headers().get(header::HOST);
    // A refusal as the route answers: JSON for the API, else a page.
    let api = req.uri().path().starts_with("/api/");
    let refuse = |code: &str, f: Failure| {
        if api {
            super::api_error(f)
        } else {
            super::page_error(code, f)
        }
    };
    // A request names one host: two Host headers are a bad request
    // (RFC 9112, 3.2), whichever of them is the server's.
    if req.headers().get_all(header::HOST).iter().nth(1).is_some() {
        let f = Failure::bad(i18n::with_lang(Lang::Zh, msg::serve_many_hosts));
        return refuse("400", f);
    }
    let host_ours = host.is_some_and(|h| h.to_str().is_ok_and(|h| hosts.allows(h)));
    let authority = req.uri().authority().filter(|a| !hosts.allows(a.as_str()));
    if !host_ours || authority.is_some() {
        // The name refused: the request line's when that is the one.
        let named = match (host_ours, authority) {
            (true, Some(a)) => a.as_str().to_string(),
            _ => host
                .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
                .unwrap_or_default(),
        };
        let shown: String = named.chars().take(100).collect();
        let shown = renda_core::display::escaped(&shown).into_owned();
        let f = Failure {
            status: StatusCode::FORBIDDEN,
            message: i18n::with_lang(Lang::Zh, || msg::serve_foreign_host(&shown)),
        };
        return refuse("403", f);
    }
    let (parts, body) = req.into_parts();
    let body = if http_body::Body::is_end_stream(&body) {
        body
    } else {
        Body::new(TimedBody::new(body, BODY_TIME))
    };
    next.run(Request::from_parts(parts, body)).await
}

/// The error of a body that did not arrive in time.
#[derive(Debug)]
pub struct BodyTimedOut;

impl std::fmt::Display for BodyTimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "request body not received within {} s",
            BODY_TIME.as_secs()
        )
    }
}

impl std::error::Error for BodyTimedOut {}

/// Whether `e`, or what caused it, is a [`BodyTimedOut`].
pub fn timed_out(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(c) = cause {
        if c.is::<BodyTimedOut>() {
            return true;
        }
        cause = c.source();
    }
    false
}

/// A request body that fails with [`BodyTimedOut`] once its time is up.
pub struct TimedBody {
    inner: Body,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

impl TimedBody {
    pub fn new(inner: Body, within: Duration) -> TimedBody {
        TimedBody {
            inner,
            deadline: Box::pin(tokio::time::sleep(within)),
        }
    }
}

impl http_body::Body for TimedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        match this.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(axum::Error::new(BodyTimedOut)))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_loopback_server_answers_to_loopback_names_on_its_port_only() {
        let h = Hosts::new("127.0.0.1".parse().unwrap(), 8080, &[]);
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST.:8080",
            "[::1]:8080",
        ] {
            assert!(h.allows(ok), "{ok}");
        }
        for no in [
            "evil.com:8080",
            "evil.com",
            "127.0.0.1:8081",
            "127.0.0.1",
            "localhost.evil.com:8080",
            "127.0.0.1:8080@evil.com",
            "",
            "[::1",
            "::1:8080",
            "127.0.0.1:80800",
        ] {
            assert!(!h.allows(no), "{no}");
        }
        assert!(h.allows_origin("http://127.0.0.1:8080"));
        assert!(h.allows_origin("http://localhost:8080"));
        assert!(!h.allows_origin("http://evil.com:8080"));
        assert!(!h.allows_origin("null"));
        assert!(!h.allows_origin("http://127.0.0.1:8080/x"));
        assert!(!h.allows_origin("http://127.0.0.1:9999"));
    }

    #[test]
    fn a_network_server_answers_to_its_address_and_the_names_given() {
        let h = Hosts::new(
            "192.168.1.5".parse().unwrap(),
            80,
            &["Renda.Office".into(), "10.0.0.7:1234".into()],
        );
        assert!(h.allows("192.168.1.5"));
        assert!(h.allows("192.168.1.5:80"));
        assert!(h.allows("renda.office"));
        assert!(h.allows("10.0.0.7"));
        assert!(h.allows("localhost"));
        assert!(!h.allows("evil.com"));
        assert!(!h.allows("192.168.1.6"));
        let any = Hosts::new("0.0.0.0".parse().unwrap(), 80, &[]);
        assert!(!any.allows("0.0.0.0"));
        assert!(!any.allows("192.168.1.5"));
        assert_eq!(allowed_name("Renda.Office."), Some("renda.office".into()));
        assert_eq!(allowed_name("[::1]:80"), Some("[::1]".into()));
        assert_eq!(allowed_name("http://x"), None);
        assert_eq!(allowed_name("a b"), None);
        assert_eq!(allowed_name(""), None);
        let v6 = Hosts::new("fe80::1".parse().unwrap(), 8080, &[]);
        assert!(v6.allows("[FE80::1]:8080"));
    }

    #[test]
    fn posts_from_other_sites_and_other_origins_are_refused() {
        let hosts = Hosts::new("127.0.0.1".parse().unwrap(), 8080, &[]);
        let mut h = HeaderMap::new();
        assert!(hosts.same_origin(&h));
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(hosts.same_origin(&h));
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(hosts.same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(!hosts.same_origin(&h), "Sec-Fetch-Site alone is not enough");
        h.insert(header::HOST, HeaderValue::from_static("evil.example"));
        assert!(!hosts.same_origin(&h), "nor an Origin that equals Host");
        h.remove(header::ORIGIN);
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!hosts.same_origin(&h));
    }
}
