//! `renda mcp`: the archive as tools of an AI assistant, served over
//! standard input and output with the Model Context Protocol (the
//! official Rust SDK, `rmcp`).
//!
//! Read-only, over the same library calls as the command line and the
//! page: [`tools`] names the tools, their input schemas and what each
//! returns. Every call runs on the blocking pool under a time limit (the
//! work itself stops at its next check, [`search::cancel`]); a bad call
//! (an unknown tool, a wrong argument, an argument too long, a query the
//! library refuses) is a tool error in the language of the command line,
//! never a crash of the server; every output is bounded and says when it
//! was cut and how to get more.

pub mod args;
pub mod tools;

use std::io;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    InitializeResult, JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities,
    Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use tokio::sync::Semaphore;

use crate::i18n::{self, Lang, msg};
use renda_core::index::RendaIndex;
use renda_core::search;

/// What every call shares: the index, opened once.
struct Shared {
    idx: RendaIndex,
    time_limit: Duration,
    /// The language of the descriptions and the messages.
    lang: Lang,
    /// Calls running at once, at most (the rest wait, within their time).
    permits: Arc<Semaphore>,
    last_reload: Mutex<Instant>,
}

/// The MCP server over one index.
#[derive(Clone)]
pub struct Server {
    shared: Arc<Shared>,
}

impl Server {
    /// A server over `idx`, each call given at most `time_limit`, speaking
    /// the current language.
    pub fn new(idx: RendaIndex, time_limit: Duration) -> Server {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Server {
            shared: Arc::new(Shared {
                idx,
                time_limit,
                lang: i18n::lang(),
                permits: Arc::new(Semaphore::new(cores.max(2))),
                last_reload: Mutex::new(Instant::now()),
            }),
        }
    }

    /// The tools, described in the server's language.
    pub fn tools(&self) -> Vec<Tool> {
        i18n::with_lang(self.shared.lang, tools::list)
    }

    /// Run the tool `name` on `arguments`: its result, or a tool error
    /// whose text says why (in the server's language).
    pub async fn call(&self, name: &str, arguments: Option<JsonObject>) -> CallToolResult {
        let shared = self.shared.clone();
        let lang = shared.lang;
        let limit = shared.time_limit;
        let deadline = Instant::now() + limit;
        let over = move || i18n::with_lang(lang, || msg::serve_timeout(limit.as_secs().max(1)));
        let name = name.to_string();
        let run =
            async move {
                let permit =
                    shared.permits.clone().acquire_owned().await.map_err(|e| {
                        i18n::with_lang(lang, || msg::serve_internal(&e.to_string()))
                    })?;
                let task = tokio::task::spawn_blocking(move || {
                    let _permit = permit;
                    search::cancel::within(deadline, || {
                        i18n::with_lang(lang, || {
                            if search::cancel::check().is_err() {
                                return Err(over());
                            }
                            shared.refresh();
                            tools::call(&shared.idx, &name, arguments).map_err(|e| match e {
                                tools::Failure::OverTime => over(),
                                tools::Failure::Message(m) => m,
                            })
                        })
                    })
                });
                match task.await {
                    Ok(r) => r,
                    Err(e) => Err(i18n::with_lang(lang, || {
                        msg::serve_internal(&e.to_string())
                    })),
                }
            };
        let result = match tokio::time::timeout_at(deadline.into(), run).await {
            Ok(r) => r,
            Err(_) => Err(over()),
        };
        match result {
            Ok(value) => CallToolResult::structured(value),
            Err(message) => CallToolResult::error(vec![ContentBlock::text(message)]),
        }
    }
}

impl Shared {
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

impl ServerHandler for Server {
    fn get_info(&self) -> InitializeResult {
        i18n::with_lang(self.shared.lang, || {
            InitializeResult::new(ServerCapabilities::builder().enable_tools().build())
                .with_server_info(Implementation::new("renda", env!("CARGO_PKG_VERSION")))
                .with_instructions(msg::mcp_instructions())
        })
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools()))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.tools().into_iter().find(|t| t.name == name)
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        Ok(self.call(&request.name, request.arguments).await.into())
    }
}

/// Serve `idx` over standard input and output until the client closes
/// them; each call given at most `time_limit`.
pub fn run(idx: RendaIndex, time_limit: Duration) -> io::Result<()> {
    let server = Server::new(idx, time_limit);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let failed = |e: &dyn std::fmt::Display| io::Error::other(msg::mcp_failed(&e.to_string()));
    runtime.block_on(async {
        let service = server
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| failed(&e))?;
        service.waiting().await.map_err(|e| failed(&e))?;
        Ok(())
    })
}
