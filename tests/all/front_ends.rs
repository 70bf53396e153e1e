//! The same search asked on the command line, on the page and in an MCP
//! call: each front end reads its own flags, parameters or arguments, and
//! all three ask the library for the same parsed query, filters and theme
//! options.

use std::ops::Bound;

use clap::Parser;
use renda::cli::{Cli, Command};
use renda::serve::params::Params;
use renda_core::search::query::{self, FieldFilter, Occur, Query};
use renda_core::search::{Filters, KeepUnknown, SearchRequest};
use renda_core::speech::Level;
use serde_json::json;

fn from_cli(args: &[&str]) -> SearchRequest {
    let cli = Cli::try_parse_from(["renda", "search"].iter().chain(args)).unwrap();
    let Command::Search(search) = cli.command else {
        panic!("not a search: {args:?}")
    };
    renda::cmd::search::request(&search).unwrap()
}

fn from_page(pairs: &[(&str, &str)]) -> SearchRequest {
    let params = Params::from_pairs(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    );
    renda::serve::search_request(&params).unwrap()
}

fn from_mcp(args: serde_json::Value) -> SearchRequest {
    renda::mcp::tools::search_request(serde_json::from_value(args).unwrap())
        .map_err(|_| "refused")
        .unwrap()
}

/// What a request asks the library: the parsed query, the filters, and
/// how themes are searched.
fn asked(r: &SearchRequest) -> (Query, Filters, bool, Vec<String>) {
    (
        query::parse(&r.query).unwrap(),
        r.filters.clone(),
        r.literal,
        r.without.clone(),
    )
}

#[test]
fn the_terminal_the_page_and_mcp_ask_for_the_same_search() {
    let cases = [
        (
            from_cli(&[
                "密切联系群众",
                "region:浙江",
                "--level",
                "县,区",
                "--since",
                "2018",
                "--region",
                "临洮",
            ]),
            from_page(&[
                ("q", "密切联系群众 region:浙江"),
                ("level", "县,区"),
                ("since", "2018"),
                ("region", "临洮"),
            ]),
            from_mcp(json!({
                "query": "密切联系群众 region:浙江",
                "level": ["县", "区"],
                "since": 2018,
                "region": "临洮",
            })),
        ),
        (
            from_cli(&[
                "-e",
                "人民代表",
                "大会",
                "--year",
                "2023",
                "--section",
                "报告",
            ]),
            from_page(&[
                ("q", "\"人民代表 大会\""),
                ("year", "2023"),
                ("section", "报告"),
            ]),
            from_mcp(json!({
                "query": "人民代表 大会",
                "exact": true,
                "year": 2023,
                "section": "报告",
            })),
        ),
        (
            from_cli(&[
                "人大 AND 监督 -“代表大会”~3 year:[2018 TO 2020]",
                "--include-unknown",
                "--until",
                "2022",
                "--literal",
                "--without",
                "联系人民群众",
            ]),
            from_page(&[
                ("q", "人大 AND 监督 -“代表大会”~3 year:[2018 TO 2020]"),
                ("include_unknown", "1"),
                ("until", "2022"),
                ("literal", "on"),
                ("without", "联系人民群众"),
            ]),
            from_mcp(json!({
                "query": "人大 AND 监督 -“代表大会”~3 year:[2018 TO 2020]",
                "include_unknown": true,
                "until": 2022,
                "literal": true,
                "without": ["联系人民群众"],
            })),
        ),
    ];
    let mut seen = Vec::new();
    for (cli, page, mcp) in &cases {
        let (cli, page, mcp) = (asked(cli), asked(page), asked(mcp));
        assert_eq!(cli, page, "the terminal and the page differ");
        assert_eq!(cli, mcp, "the terminal and MCP differ");
        seen.push(cli);
    }
    // What they agree on is what was asked.
    let theme = |t: &str| Query::Theme(t.into());
    assert_eq!(
        seen[0].0,
        Query::Bool(vec![
            (Occur::And, theme("密切联系群众")),
            (Occur::And, Query::Field(FieldFilter::Region("浙江".into()))),
        ])
    );
    assert_eq!(seen[0].1.levels, vec![Level::County, Level::District]);
    assert_eq!(
        (seen[0].1.since, seen[0].1.region.as_deref()),
        (Some(2018), Some("临洮"))
    );
    assert_eq!(
        seen[1].0,
        Query::Phrase {
            text: "人民代表 大会".into(),
            slop: 0
        }
    );
    assert_eq!(
        (seen[1].1.year, seen[1].1.section.as_deref()),
        (Some(2023), Some("报告"))
    );
    let (q, f, literal, without) = &seen[2];
    assert_eq!(
        q,
        &Query::Bool(vec![
            (
                Occur::Or,
                Query::Bool(vec![
                    (Occur::And, theme("人大")),
                    (Occur::And, theme("监督"))
                ])
            ),
            (
                Occur::Not,
                Query::Phrase {
                    text: "代表大会".into(),
                    slop: 3
                }
            ),
            (
                Occur::And,
                Query::Field(FieldFilter::Years {
                    lower: Bound::Included(2018),
                    upper: Bound::Included(2020),
                })
            ),
        ])
    );
    assert_eq!(
        (f.until, f.include_unknown, *literal),
        (Some(2022), KeepUnknown::ALL, true)
    );
    assert_eq!(without, &vec!["联系人民群众".to_string()]);
}
