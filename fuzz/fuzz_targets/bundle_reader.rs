//! Fuzzes the bundle reader: any bytes must give a bundle or a clear
//! error, never a panic, and never an allocation beyond the declared bounds.
//! The input is used twice: as a whole file, and as a file body sealed with
//! a fixed key, so mutations get past the hash check into the header
//! parser, the bounded inflater and the event reader.
//!
//! Run: `cargo fuzz run bundle_reader` (nightly).
#![no_main]

use juwu::sync::format;
use juwu::sync::keys::OfficeKey;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = format::read(data);
    let key = OfficeKey::from_seed([42; 32]);
    if let Ok(sealed) = format::seal(data.to_vec(), &key) {
        if let Ok(p) = format::read(&sealed) {
            // A readable bundle's logs match its header.
            assert_eq!(p.logs.len(), p.header.logs.len());
        }
    }
});
