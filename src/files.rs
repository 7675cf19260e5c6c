//! Writing files: ONE atomic writer (a temporary name beside the target,
//! synced, then renamed over it) and ONE writer of private files. Nothing
//! else in juwu writes a file the user keeps.
//!
//! Everything juwu writes holds residents' names and the office's records:
//! on Unix every file is created readable by its owner only (0600) and
//! every folder it makes likewise (0700), whatever the umask. On Windows a
//! new file inherits the access list of its folder (the user's own data
//! folder is private to the user; a FAT32/exFAT USB drive has none, so the
//! drive itself must be kept safe): nothing to set there.
//!
//! This module depends on nothing else of juwu, so the lower layers that
//! write files (the bundle writer, the office key) can use it too.

use std::path::{Path, PathBuf};

/// A file could not be read or written: the path and what the system said.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}{}", path.display(), open_elsewhere_hint(source, false))]
pub struct FileError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

impl FileError {
    pub fn new(path: &Path, source: std::io::Error) -> FileError {
        FileError {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The message in the UI language: the path, the system's own words
    /// (in the system's language), and on Windows a hint when the file is
    /// held open by another program.
    pub fn message(&self, zh: bool) -> String {
        format!(
            "{}{}{}{}",
            self.path.display(),
            if zh { "：" } else { ": " },
            crate::i18n::IoText::from(&self.source).message(zh),
            open_elsewhere_hint(&self.source, zh)
        )
    }
}

/// Windows refuses to replace a file another program holds open (a sheet
/// open in Excel or WPS): say so, the system's words alone don't.
fn open_elsewhere_hint(e: &std::io::Error, zh: bool) -> &'static str {
    // ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
    if cfg!(windows) && matches!(e.raw_os_error(), Some(5 | 32 | 33)) {
        if zh {
            "（文件是否在其他程序中打开，如 Excel 或 WPS？请在那里关闭后重试）"
        } else {
            " (is the file open in another program, e.g. Excel or WPS? close it there and try again)"
        }
    } else {
        ""
    }
}

/// The temporary name `write_atomic` writes first: `NAME.part` beside
/// the target.
pub fn part_path(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// Options that create (or truncate) a file readable by its owner only
/// (0600 on Unix).
fn private_options() -> std::fs::OpenOptions {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Makes `dir` and its missing parents, each new one readable by its owner
/// only (0700 on Unix).
pub fn create_private_dir(dir: &Path) -> Result<(), FileError> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(|e| FileError::new(dir, e))
}

/// Creates `path` empty and owner-only if it does not exist, and makes an
/// existing one owner-only (0600 on Unix): for files another library fills
/// (the redb database), so they are never readable by others, not even
/// for a moment.
pub fn make_private(path: &Path) -> Result<(), FileError> {
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        create_private_dir(dir)?;
    }
    let mut o = private_options();
    o.truncate(false);
    o.open(path).map_err(|e| FileError::new(path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| FileError::new(path, e))?;
    }
    Ok(())
}

/// Can people other than the owner read `path`? (Unix: any group or other
/// permission bit; elsewhere never said.)
pub fn readable_by_others(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// Writes `bytes` to `out` atomically: to `out.part` first, synced to the
/// device, then renamed over `out` (a drive pulled out midway leaves only
/// the `.part` file; a failed rename removes it). A missing folder is
/// made. The file (and a folder made) is private to its owner.
pub fn write_atomic(out: &Path, bytes: &[u8]) -> Result<(), FileError> {
    use std::io::Write;
    let tmp = part_path(out);
    let create = |p: &Path| -> std::io::Result<std::fs::File> {
        // A `.part` left by an earlier crash may have other permissions.
        let _ = std::fs::remove_file(p);
        match private_options().open(p) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                match p.parent().filter(|d| !d.as_os_str().is_empty()) {
                    Some(dir) => {
                        create_private_dir(dir).map_err(|e| e.source)?;
                        private_options().open(p)
                    }
                    None => Err(e),
                }
            }
            r => r,
        }
    };
    let written = create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(FileError::new(&tmp, e));
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        let _ = std::fs::remove_file(&tmp);
        return Err(FileError::new(out, e));
    }
    // Make the rename itself durable (directories can be synced on Unix).
    #[cfg(unix)]
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes `bytes` to `out`, or to standard output when `out` is `None`.
pub fn write_out(out: Option<&Path>, bytes: &[u8]) -> Result<(), FileError> {
    match out {
        Some(p) => write_atomic(p, bytes),
        None => {
            use std::io::Write;
            let mut o = std::io::stdout();
            o.write_all(bytes)
                .and_then(|_| o.flush())
                .map_err(|e| FileError::new(Path::new("<stdout>"), e))
        }
    }
}

/// Writes a NEW file readable by its owner only (an office key, a backup's
/// copy of it); an existing file is never replaced.
#[cfg(unix)]
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .map_err(|e| FileError::new(path, e))
}

/// Writes a NEW file readable by its owner only (an office key, a backup's
/// copy of it); an existing file is never replaced.
#[cfg(not(unix))]
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    // On Windows the file inherits the access list of its folder: the
    // user's data directory is readable by that user (and administrators)
    // only; a USB drive formatted FAT32 or exFAT has none, so the drive
    // itself must be kept safe.
    use std::io::Write;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .map_err(|e| FileError::new(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_part_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub").join("a.csv");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert!(!part_path(&p).exists());
    }

    #[test]
    fn failed_rename_removes_the_part_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a folder that is not empty: the rename fails.
        let p = dir.path().join("taken");
        std::fs::create_dir_all(p.join("inside")).unwrap();
        let e = write_atomic(&p, b"x").unwrap_err();
        assert_eq!(e.path, p);
        assert!(!part_path(&p).exists());
    }

    #[cfg(unix)]
    #[test]
    fn atomic_writes_and_their_folders_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new").join("deeper").join("a.csv");
        write_atomic(&p, b"one").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&p), 0o600);
        assert_eq!(mode(&dir.path().join("new")), 0o700);
        assert_eq!(mode(&dir.path().join("new/deeper")), 0o700);
        // Replacing a file readable by others leaves it owner-only.
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(readable_by_others(&p));
        write_atomic(&p, b"two").unwrap();
        assert_eq!(mode(&p), 0o600);
        assert!(!readable_by_others(&p));
        let db = dir.path().join("db").join("x.redb");
        make_private(&db).unwrap();
        assert_eq!(mode(&db), 0o600);
        assert_eq!(std::fs::metadata(&db).unwrap().len(), 0);
    }

    #[test]
    fn private_file_is_new_and_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k.key");
        write_private(&p, b"secret").unwrap();
        assert!(write_private(&p, b"again").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"secret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
