//! Element names from Rust parameter names.

/// How parameter names become element names (`#[soap_service(rename_all = "...")]`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum RenameRule {
    /// `target_id` → `TargetId`: WCF's convention and the default.
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    Lower,
    Upper,
}

impl RenameRule {
    pub(crate) const NAMES: &'static str = "\"PascalCase\", \"camelCase\", \"snake_case\", \"SCREAMING_SNAKE_CASE\", \"kebab-case\", \"lowercase\", \"UPPERCASE\"";

    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "PascalCase" => RenameRule::Pascal,
            "camelCase" => RenameRule::Camel,
            "snake_case" => RenameRule::Snake,
            "SCREAMING_SNAKE_CASE" => RenameRule::ScreamingSnake,
            "kebab-case" => RenameRule::Kebab,
            "lowercase" => RenameRule::Lower,
            "UPPERCASE" => RenameRule::Upper,
            _ => return None,
        })
    }

    /// Applies the rule to a snake_case Rust identifier.
    pub(crate) fn apply(self, ident: &str) -> String {
        let ident = ident.strip_prefix("r#").unwrap_or(ident);
        let words = ident.split('_').filter(|w| !w.is_empty());
        match self {
            RenameRule::Pascal => words.map(capitalize).collect(),
            RenameRule::Camel => {
                let pascal: String = words.map(capitalize).collect();
                let mut chars = pascal.chars();
                chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
            }
            RenameRule::Snake => ident.to_owned(),
            RenameRule::ScreamingSnake => ident.to_uppercase(),
            RenameRule::Kebab => ident.replace('_', "-"),
            RenameRule::Lower => ident.replace('_', "").to_lowercase(),
            RenameRule::Upper => ident.replace('_', "").to_uppercase(),
        }
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::RenameRule::*;

    #[test]
    fn renames() {
        assert_eq!(Pascal.apply("target_id"), "TargetId");
        assert_eq!(Pascal.apply("r#type"), "Type");
        assert_eq!(Camel.apply("target_id"), "targetId");
        assert_eq!(Snake.apply("target_id"), "target_id");
        assert_eq!(ScreamingSnake.apply("target_id"), "TARGET_ID");
        assert_eq!(Kebab.apply("target_id"), "target-id");
        assert_eq!(Lower.apply("target_id"), "targetid");
        assert_eq!(Upper.apply("target_id"), "TARGETID");
    }
}
