//! Related expressions of people's-congress work, shipped as data.
//!
//! `related.txt` (in the binary) holds groups of expressions that say one
//! thing of 人大 work in different words (联系群众, 倾听民意, 接待选民, …).
//! A theme search for any expression of a group also searches the others
//! (see `search::expand`). Each group is one line of expressions separated
//! by spaces; `#` starts a comment line.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

const RELATED: &str = include_str!("related.txt");

/// Groups of related expressions, looked up by any of their members.
#[derive(Debug, Default)]
pub struct Thesaurus {
    groups: Vec<Vec<String>>,
    by_member: HashMap<String, Vec<usize>>,
}

impl Thesaurus {
    /// The thesaurus of a text in the format of `related.txt`.
    pub fn parse(text: &str) -> Self {
        let mut t = Thesaurus::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut group: Vec<String> = Vec::new();
            for member in line.split_whitespace() {
                if !group.iter().any(|m| m == member) {
                    group.push(member.to_string());
                }
            }
            if group.len() < 2 {
                continue;
            }
            let id = t.groups.len();
            for m in &group {
                t.by_member.entry(m.clone()).or_default().push(id);
            }
            t.groups.push(group);
        }
        t
    }

    /// The built-in thesaurus, parsed once.
    pub fn builtin() -> &'static Thesaurus {
        static BUILTIN: OnceLock<Thesaurus> = OnceLock::new();
        BUILTIN.get_or_init(|| Thesaurus::parse(RELATED))
    }

    /// How many groups it holds.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether it holds no group.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The expressions related to `expression` (itself excluded), in the
    /// order of the groups and of their members.
    pub fn related(&self, expression: &str) -> Vec<&str> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for &g in self.by_member.get(expression).into_iter().flatten() {
            for m in &self.groups[g] {
                if m != expression && seen.insert(m.as_str()) {
                    out.push(m.as_str());
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_relate_their_members_both_ways() {
        let t =
            Thesaurus::parse("# comment\n联系群众 倾听民意 接待选民\n接待选民 走访选民\n孤词\n");
        assert_eq!(t.related("联系群众"), vec!["倾听民意", "接待选民"]);
        assert_eq!(
            t.related("接待选民"),
            vec!["联系群众", "倾听民意", "走访选民"]
        );
        assert!(t.related("孤词").is_empty());
        assert!(t.related("不在其中").is_empty());
        assert_eq!(t.len(), 2, "a line of one word is no group");
        assert!(Thesaurus::parse("# 只有说明\n").is_empty());
    }

    #[test]
    fn the_builtin_thesaurus_holds_groups() {
        let t = Thesaurus::builtin();
        assert!(t.related("联系群众").contains(&"倾听民意"));
        assert!(t.related("基层立法联系点").contains(&"立法意见征集"));
    }
}
