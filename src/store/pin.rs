//! Operators' PINs: checked and hashed (argon2id, random salt) into the PHC
//! string an operator record keeps; the clear PIN is never stored. Here, not
//! in a front end, so the command line, the app and the kiosk (and tests)
//! share one rule of what a PIN is.

use argon2::password_hash::PasswordHasher;

/// Why a PIN was not hashed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("a PIN is 4 to 12 digits")]
    Malformed,
    /// The hasher's own words.
    #[error("could not hash the PIN: {0}")]
    Hash(String),
}

impl PinError {
    /// The message in the UI language.
    pub fn message(&self, zh: bool) -> String {
        match (self, zh) {
            (_, false) => self.to_string(),
            (PinError::Malformed, true) => "PIN 为 4 到 12 位数字".into(),
            (PinError::Hash(e), true) => format!("无法生成 PIN 的散列：{e}"),
        }
    }
}

/// Checks a PIN (4 to 12 digits, surrounding spaces ignored) and hashes it
/// with argon2id and a random salt into a PHC string.
pub fn hash_pin(pin: &str) -> Result<String, PinError> {
    let p = pin.trim();
    if !(4..=12).contains(&p.len()) || !p.chars().all(|c| c.is_ascii_digit()) {
        return Err(PinError::Malformed);
    }
    argon2::Argon2::default()
        .hash_password(p.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| PinError::Hash(e.to_string()))
}

/// Does `pin` match `hash` (an argon2 PHC string)? An empty PIN never does.
pub fn pin_matches(pin: &str, hash: &str) -> bool {
    use argon2::password_hash::PasswordVerifier;
    use argon2::password_hash::phc::PasswordHash;
    if pin.is_empty() {
        return false;
    }
    match PasswordHash::new(hash) {
        Ok(h) => argon2::Argon2::default()
            .verify_password(pin.as_bytes(), &h)
            .is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_four_to_twelve_digits_and_says_so_in_both_languages() {
        for bad in ["123", "1234567890123", "12a4", ""] {
            assert_eq!(hash_pin(bad), Err(PinError::Malformed), "{bad:?}");
        }
        assert_eq!(PinError::Malformed.message(true), "PIN 为 4 到 12 位数字");
        assert_eq!(
            PinError::Malformed.message(false),
            "a PIN is 4 to 12 digits"
        );
    }
}
