//! Office identity: the ed25519 key pair made at `init`. The private key
//! lives in a file beside the database (mode 0600 on Unix), never in an
//! export or a bundle. The public key is shown as hex, with a short
//! fingerprint people can read out on the phone.

use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum KeyError {
    #[error("cannot read the office key {0}: {1}")]
    Read(PathBuf, String),
    #[error("cannot write the office key {0}: {1}")]
    Write(PathBuf, String),
    #[error("{0} already exists: refusing to overwrite an office key")]
    Exists(PathBuf),
    #[error("the office key file {0} is damaged")]
    Damaged(PathBuf),
    #[error("'{0}' is not a public key (64 hex digits, as `juwu key show` prints it)")]
    BadPublicKey(String),
    #[error("no randomness from the operating system: {0}")]
    Random(String),
}

impl KeyError {
    /// The message in the UI language (`Display` is the English one).
    pub fn message(&self, zh: bool) -> String {
        if !zh {
            return self.to_string();
        }
        match self {
            KeyError::Read(p, e) => format!("无法读取单位密钥 {}：{e}", p.display()),
            KeyError::Write(p, e) => format!("无法写入单位密钥 {}：{e}", p.display()),
            KeyError::Exists(p) => format!("{} 已存在：不会覆盖单位密钥", p.display()),
            KeyError::Damaged(p) => format!("单位密钥文件 {} 已损坏", p.display()),
            KeyError::BadPublicKey(s) => {
                format!("“{s}”不是公钥（64 位十六进制数字，即 `juwu key show` 显示的）")
            }
            KeyError::Random(e) => format!("操作系统未能提供随机数：{e}"),
        }
    }
}

/// Where the private key of the database at `db` lives.
pub fn key_path(db: &Path) -> PathBuf {
    db.with_extension("key")
}

/// Where a new key waits while a rotation is being recorded.
pub fn pending_key_path(db: &Path) -> PathBuf {
    db.with_extension("key.new")
}

/// Finishes a rotation: the old key file is kept as `*.key.retired-N`
/// (no longer used to sign) and the pending key takes its place.
pub fn retire_and_promote(db: &Path) -> Result<(), KeyError> {
    let cur = key_path(db);
    let pending = pending_key_path(db);
    let mut n = 1;
    let retired = loop {
        let p = db.with_extension(format!("key.retired-{n}"));
        if !p.exists() {
            break p;
        }
        n += 1;
    };
    if cur.exists() {
        std::fs::rename(&cur, &retired)
            .map_err(|e| KeyError::Write(retired.clone(), e.to_string()))?;
    }
    std::fs::rename(&pending, &cur).map_err(|e| KeyError::Write(cur.clone(), e.to_string()))?;
    Ok(())
}

pub struct OfficeKey {
    signing: SigningKey,
}

impl OfficeKey {
    pub fn generate() -> Result<OfficeKey, KeyError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| KeyError::Random(e.to_string()))?;
        Ok(OfficeKey {
            signing: SigningKey::from_bytes(&seed),
        })
    }

    /// Writes the key to a new file, readable by the owner only.
    pub fn save_new(&self, path: &Path) -> Result<(), KeyError> {
        if path.exists() {
            return Err(KeyError::Exists(path.to_path_buf()));
        }
        let text = format!(
            "# juwu office private key. Keep it secret; never copy it into a bundle.\n{}\n",
            hex(self.signing.as_bytes())
        );
        crate::files::write_private(path, text.as_bytes())
            .map_err(|e| KeyError::Write(e.path, e.source.to_string()))
    }

    /// A key from a fixed seed (tests, and the sample offices' published
    /// keys; never for a real office).
    pub fn from_seed(seed: [u8; 32]) -> OfficeKey {
        OfficeKey {
            signing: SigningKey::from_bytes(&seed),
        }
    }

    /// The key of a sample office of `juwu demo`: derived from its code, so
    /// the sample bundles in sample-data/bundles verify. Public knowledge,
    /// not a secret: only for demonstration databases.
    pub fn sample(code: &str) -> OfficeKey {
        let seed = blake3::hash(format!("juwu sample office key, not secret: {code}").as_bytes());
        OfficeKey::from_seed(*seed.as_bytes())
    }

    pub fn load(path: &Path) -> Result<OfficeKey, KeyError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| KeyError::Read(path.to_path_buf(), e.to_string()))?;
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("");
        let bytes = unhex(line).ok_or_else(|| KeyError::Damaged(path.to_path_buf()))?;
        let seed: [u8; 32] = bytes
            .try_into()
            .map_err(|_| KeyError::Damaged(path.to_path_buf()))?;
        Ok(OfficeKey {
            signing: SigningKey::from_bytes(&seed),
        })
    }

    pub fn public_hex(&self) -> String {
        hex(self.signing.verifying_key().as_bytes())
    }

    pub fn sign(&self, msg: &[u8]) -> String {
        hex(&self.signing.sign(msg).to_bytes())
    }
}

/// What an office signs to vouch for the head of its own log.
pub fn checkpoint_message(office: &str, seq: u64, hash: &str) -> Vec<u8> {
    format!("juwu-checkpoint-v1\n{office}\n{seq}\n{hash}").into_bytes()
}

/// What the old key signs when an office moves to a new key.
pub fn rotation_message(office: &str, new_public_hex: &str) -> Vec<u8> {
    format!("juwu-key-rotation-v1\n{office}\n{new_public_hex}").into_bytes()
}

/// Verifies a hex signature of `msg` by the hex public key.
pub fn verify(public_hex: &str, msg: &[u8], sig_hex: &str) -> bool {
    let Some(pk) = unhex(public_hex).and_then(|b| <[u8; 32]>::try_from(b).ok()) else {
        return false;
    };
    let Some(sig) = unhex(sig_hex).and_then(|b| <[u8; 64]>::try_from(b).ok()) else {
        return false;
    };
    let Ok(vk) = VerifyingKey::from_bytes(&pk) else {
        return false;
    };
    vk.verify(msg, &Signature::from_bytes(&sig)).is_ok()
}

/// Checks and normalises a public key as typed by a person.
pub fn parse_public(s: &str) -> Result<String, KeyError> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    let b = unhex(&t)
        .filter(|b| b.len() == 32)
        .ok_or_else(|| KeyError::BadPublicKey(s.to_string()))?;
    let arr: [u8; 32] = b
        .try_into()
        .map_err(|_| KeyError::BadPublicKey(s.to_string()))?;
    VerifyingKey::from_bytes(&arr).map_err(|_| KeyError::BadPublicKey(s.to_string()))?;
    Ok(t)
}

/// A short fingerprint for reading out by phone: the first 10 bytes of the
/// blake3 of the public key, as five groups of four letters and digits
/// (Crockford base32, no I/L/O/U to avoid mishearing).
pub fn fingerprint(public_hex: &str) -> String {
    const ALPHA: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let h = blake3::hash(public_hex.as_bytes());
    let bytes = &h.as_bytes()[..10];
    let mut bits: u128 = 0;
    for b in bytes {
        bits = (bits << 8) | *b as u128;
    }
    let mut chars = Vec::with_capacity(16);
    for i in (0..16).rev() {
        chars.push(ALPHA[((bits >> (i * 5)) & 31) as usize] as char);
    }
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_verify_and_fingerprint() {
        let k = OfficeKey::generate().unwrap();
        let sig = k.sign(b"hello");
        assert!(verify(&k.public_hex(), b"hello", &sig));
        assert!(!verify(&k.public_hex(), b"hellp", &sig));
        let fp = fingerprint(&k.public_hex());
        assert_eq!(fp.len(), 19);
        assert_eq!(fp.matches('-').count(), 3);
        assert_eq!(
            parse_public(&k.public_hex().to_uppercase()).unwrap(),
            k.public_hex()
        );
        assert!(parse_public("abc").is_err());
    }

    #[test]
    fn key_file_is_private_and_reloads() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("juwu.key");
        let k = OfficeKey::generate().unwrap();
        k.save_new(&p).unwrap();
        assert!(matches!(k.save_new(&p), Err(KeyError::Exists(_))));
        assert_eq!(OfficeKey::load(&p).unwrap().public_hex(), k.public_hex());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
}
