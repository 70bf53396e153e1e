//! The server's connections, bounded: slow or idle ones cannot hold it.
//!
//! Each connection has [`HEADER_TIME`] to send a request's headers (from
//! its start, and again after each answer while it is kept alive); one
//! that does not is closed. At most [`max_connections`] are open at once:
//! when a new one comes beyond that, the oldest connection that is not
//! being answered at the moment (still sending its headers, or idle) is
//! closed to make room, so a flood of slow connections never keeps the
//! page from answering. On Unix the limit of open files is raised to what
//! the system allows first.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// How long a connection may take to send a request's headers.
pub const HEADER_TIME: Duration = Duration::from_secs(10);

/// Connections open at once, at most: half the files the process may open
/// (raised by [`raise_open_files`]), within 64..=4096.
pub fn max_connections() -> usize {
    (open_files_limit() / 2).clamp(64, 4096)
}

/// Raise the soft limit of open files to the hard one (Unix); a server
/// with many connections needs one file for each.
pub fn raise_open_files() {
    #[cfg(unix)]
    // SAFETY: getrlimit and setrlimit only read and write the struct given.
    unsafe {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < lim.rlim_max {
            let wanted = lim.rlim_max;
            lim.rlim_cur = wanted;
            if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) != 0 {
                // macOS refuses more than OPEN_MAX for an unlimited hard limit.
                lim.rlim_cur = wanted.min(10_240);
                libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
            }
        }
    }
}

/// The files this process may open (1024 where it cannot say).
fn open_files_limit() -> usize {
    #[cfg(unix)]
    // SAFETY: getrlimit only writes the struct given.
    unsafe {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 {
            return usize::try_from(lim.rlim_cur).unwrap_or(usize::MAX);
        }
    }
    1024
}

/// One open connection: how to close it, and how many of its requests
/// are being answered.
struct Conn {
    close: Arc<Notify>,
    busy: Arc<AtomicUsize>,
}

/// The open connections, oldest first.
#[derive(Default)]
struct Conns {
    next: u64,
    open: BTreeMap<u64, Conn>,
}

impl Conns {
    /// Room for one more under `max`: close the oldest connection not
    /// being answered. False when every one is being answered.
    fn make_room(&mut self, max: usize) -> bool {
        if self.open.len() < max {
            return true;
        }
        let idle = self
            .open
            .iter()
            .find(|(_, c)| c.busy.load(Ordering::Acquire) == 0)
            .map(|(id, _)| *id);
        match idle.and_then(|id| self.open.remove(&id)) {
            Some(c) => {
                c.close.notify_one();
                true
            }
            None => false,
        }
    }

    fn add(&mut self) -> (u64, Conn) {
        let id = self.next;
        self.next += 1;
        let conn = Conn {
            close: Arc::new(Notify::new()),
            busy: Arc::new(AtomicUsize::new(0)),
        };
        let copy = Conn {
            close: conn.close.clone(),
            busy: conn.busy.clone(),
        };
        self.open.insert(id, conn);
        (id, copy)
    }
}

/// The router as hyper calls it, counting the requests being answered.
#[derive(Clone)]
struct Counted {
    inner: TowerToHyperService<Router>,
    busy: Arc<AtomicUsize>,
}

/// Takes one off the count when a request's answer is done (or dropped).
struct Busy(Arc<AtomicUsize>);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

type Answer = Result<axum::http::Response<Body>, std::convert::Infallible>;

impl hyper::service::Service<axum::http::Request<Incoming>> for Counted {
    type Response = axum::http::Response<Body>;
    type Error = std::convert::Infallible;
    type Future = Pin<Box<dyn Future<Output = Answer> + Send>>;

    fn call(&self, req: axum::http::Request<Incoming>) -> Self::Future {
        self.busy.fetch_add(1, Ordering::AcqRel);
        let busy = Busy(self.busy.clone());
        let answer = self.inner.call(req);
        Box::pin(async move {
            let _busy = busy;
            answer.await
        })
    }
}

/// Serve `router` on `listener` until `stop` completes.
pub async fn serve(listener: TcpListener, router: Router, stop: impl Future<Output = ()>) {
    let max = max_connections();
    let conns = Arc::new(Mutex::new(Conns::default()));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIME)
        .keep_alive(true);
    let service = TowerToHyperService::new(router);
    tokio::pin!(stop);
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            () = &mut stop => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of files or a connection reset before it was taken:
                // wait a little for connections to close, go on.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let added = match conns.lock() {
            Ok(mut c) => c.make_room(max).then(|| c.add()),
            Err(_) => None,
        };
        let Some((id, conn)) = added else {
            // Every connection is being answered: this one waits for none.
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let counted = Counted {
            inner: service.clone(),
            busy: conn.busy,
        };
        let served = http.serve_connection(TokioIo::new(stream), counted);
        let conns = conns.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = served => {}
                () = conn.close.notified() => {}
            }
            if let Ok(mut c) = conns.lock() {
                c.open.remove(&id);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_is_made_by_closing_the_oldest_connection_not_being_answered() {
        let mut c = Conns::default();
        let (_, first) = c.add();
        let (_, second) = c.add();
        let (_, third) = c.add();
        assert!(c.make_room(4), "under the limit nothing closes");
        first.busy.fetch_add(1, Ordering::AcqRel);
        assert!(c.make_room(3));
        assert_eq!(c.open.len(), 2);
        assert!(c.open.contains_key(&0), "the busy one stays");
        assert!(!c.open.contains_key(&1), "the oldest idle one goes");
        // Its task is told to close (the notification waits for it).
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            tokio::time::timeout(Duration::from_secs(1), second.close.notified())
                .await
                .expect("told to close");
        });
        third.busy.fetch_add(1, Ordering::AcqRel);
        assert!(!c.make_room(2), "every one is being answered");
        assert_eq!(c.open.len(), 2);
    }
}
