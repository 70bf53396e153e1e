//! A tool's arguments checked against its input schema before they are
//! read, so that a wrong one is said for people, naming the argument, in
//! the current language (not as a deserializer's message in English).

use serde_json::Value;

use crate::i18n::msg::{self, ArgKind};

/// Characters a text argument may have, unless its tool says more.
pub const MAX_TEXT_CHARS: usize = 500;
/// Items a list argument may have.
pub const MAX_ITEMS: usize = 20;

/// The kind of value a property of a schema takes (`null` aside).
fn kind_of(property: &Value) -> Option<ArgKind> {
    let types: Vec<&str> = match property.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    types.iter().find_map(|t| match *t {
        "string" => Some(ArgKind::Text),
        "integer" => Some(ArgKind::Number),
        "boolean" => Some(ArgKind::Flag),
        "array" => Some(ArgKind::TextList),
        _ => None,
    })
}

fn fits(value: &Value, kind: ArgKind) -> bool {
    match kind {
        ArgKind::Text => value.is_string(),
        ArgKind::Number => value.is_u64(),
        ArgKind::Flag => value.is_boolean(),
        ArgKind::TextList => value
            .as_array()
            .is_some_and(|items| items.iter().all(Value::is_string)),
    }
}

/// Check `args` against `schema` (an object schema as schemars makes
/// it): every argument known and of its kind, every required one given,
/// texts within `max_chars(name)` characters, lists within
/// [`MAX_ITEMS`] items of [`MAX_TEXT_CHARS`]. `null` counts as not given.
pub fn check(
    args: &serde_json::Map<String, Value>,
    schema: &serde_json::Map<String, Value>,
    max_chars: impl Fn(&str) -> usize,
) -> Result<(), String> {
    let empty = serde_json::Map::new();
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (name, value) in args {
        let Some(property) = properties.get(name) else {
            let mut known: Vec<&str> = properties.keys().map(String::as_str).collect();
            known.sort_unstable();
            let known = if known.is_empty() {
                "—".to_string()
            } else {
                known.join(", ")
            };
            return Err(msg::mcp_unknown_arg(&short(name), &known));
        };
        if value.is_null() {
            continue;
        }
        let Some(kind) = kind_of(property) else {
            continue;
        };
        if !fits(value, kind) {
            return Err(msg::mcp_bad_type(name, kind));
        }
        match value {
            Value::String(s) => {
                let max = max_chars(name);
                if s.chars().count() > max {
                    return Err(msg::serve_too_long(name, max));
                }
            }
            Value::Array(items) => {
                if items.len() > MAX_ITEMS {
                    return Err(msg::serve_too_long(name, MAX_ITEMS));
                }
                if items
                    .iter()
                    .filter_map(Value::as_str)
                    .any(|s| s.chars().count() > MAX_TEXT_CHARS)
                {
                    return Err(msg::serve_too_long(name, MAX_TEXT_CHARS));
                }
            }
            _ => {}
        }
    }
    let required = schema
        .get("required")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for name in required.iter().filter_map(Value::as_str) {
        if args.get(name).is_none_or(Value::is_null) {
            return Err(msg::mcp_missing_arg(name));
        }
    }
    Ok(())
}

/// A name given by the caller, cut for a message.
pub fn short(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, with_lang};
    use serde_json::json;

    fn schema() -> serde_json::Map<String, Value> {
        json!({
            "type": "object",
            "properties": {
                "query": {"type": "string"},
                "limit": {"type": ["integer", "null"]},
                "exact": {"type": ["boolean", "null"]},
                "level": {"type": ["array", "null"], "items": {"type": "string"}}
            },
            "required": ["query"]
        })
        .as_object()
        .unwrap()
        .clone()
    }

    fn run(args: Value) -> Result<(), String> {
        with_lang(Lang::Zh, || {
            check(args.as_object().unwrap(), &schema(), |_| MAX_TEXT_CHARS)
        })
    }

    #[test]
    fn good_arguments_pass_and_null_is_absent() {
        assert_eq!(run(json!({"query": "人大", "limit": 3})), Ok(()));
        assert_eq!(
            run(json!({"query": "人大", "limit": null, "level": ["县"]})),
            Ok(())
        );
    }

    #[test]
    fn each_wrong_argument_is_named_in_chinese() {
        assert_eq!(
            run(json!({"query": "人大", "limit": "ten"})).unwrap_err(),
            "参数 limit 应为非负整数"
        );
        assert_eq!(
            run(json!({"query": "人大", "limit": -1})).unwrap_err(),
            "参数 limit 应为非负整数"
        );
        assert_eq!(
            run(json!({"query": 5})).unwrap_err(),
            "参数 query 应为字符串"
        );
        assert_eq!(
            run(json!({"query": "人大", "level": "县"})).unwrap_err(),
            "参数 level 应为字符串列表"
        );
        assert_eq!(run(json!({})).unwrap_err(), "缺少参数 query");
        let unknown = run(json!({"query": "人大", "qeury": "x"})).unwrap_err();
        assert!(unknown.starts_with("不认识的参数“qeury”"), "{unknown}");
        assert!(unknown.contains("exact, level, limit, query"), "{unknown}");
        let long = run(json!({"query": "长".repeat(501)})).unwrap_err();
        assert_eq!(long, "检索词（query）太长：最多 500 个字");
    }
}
