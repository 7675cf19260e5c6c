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

/// What the system said of a file, kept with its kind so that it can be
/// said in Chinese: the system's own words are in the system's language
/// (English on most machines), and under `--lang zh` a clerk reads the
/// kind in Chinese instead. Kinds without a wording of their own keep the
/// system's words after a Chinese lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoText {
    pub kind: std::io::ErrorKind,
    pub os: String,
}

impl IoText {
    pub fn message(&self, zh: bool) -> String {
        use std::io::ErrorKind::*;
        if !zh {
            return self.os.clone();
        }
        match self.kind {
            NotFound => "文件或文件夹不存在".into(),
            PermissionDenied => "没有权限（文件只读或被其他程序占用）".into(),
            AlreadyExists => "已经存在".into(),
            StorageFull => "磁盘已满".into(),
            ReadOnlyFilesystem => "磁盘是只读的".into(),
            IsADirectory => "这是一个文件夹，不是文件".into(),
            NotADirectory => "这不是文件夹".into(),
            DirectoryNotEmpty => "文件夹不是空的".into(),
            UnexpectedEof => "文件不完整（提前结束）".into(),
            InvalidData => "文件内容无法读取".into(),
            _ => format!("系统报告错误：{}", self.os),
        }
    }
}

impl From<&std::io::Error> for IoText {
    fn from(e: &std::io::Error) -> IoText {
        IoText {
            kind: e.kind(),
            os: e.to_string(),
        }
    }
}

impl fmt::Display for IoText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.os)
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
