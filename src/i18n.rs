//! The UI language: Chinese (default where the locale is Chinese) or English,
//! chosen by `--lang` or the system locale. Screen strings live in
//! `tui::strings`; this module only decides the language.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// From the system locale (`LC_ALL`, `LC_MESSAGES`, `LANG` first, then the
    /// platform's own setting, which is how Windows reports it).
    pub fn detect() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
                && v != "C"
                && v != "POSIX"
            {
                return Lang::from_locale(&v);
            }
        }
        sys_locale::get_locale()
            .map(|l| Lang::from_locale(&l))
            .unwrap_or(Lang::En)
    }

    pub fn from_locale(l: &str) -> Lang {
        if l.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    pub fn zh(self) -> bool {
        self == Lang::Zh
    }

    /// Picks the string of this language.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        if self.zh() { zh } else { en }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.zh() { "zh" } else { "en" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn locale_names() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("zh-Hans-CN"), Lang::Zh);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
    }
}
