//! The pinned byte formats. redb values carry hand-written type names so a
//! future change of Rust types can never silently reinterpret stored bytes.
//!
//! - `EventBytes` ("juwu.event.v1"): the exact JSON bytes of an `Envelope`,
//!   the bytes the blake3 chain covers.
//! - `RecordBytes` ("juwu.record.v1"): the JSON of a projection record.

use redb::{TypeName, Value};

macro_rules! pinned_bytes {
    ($name:ident, $type_name:literal) => {
        #[derive(Debug)]
        pub struct $name;
        impl Value for $name {
            type SelfType<'a>
                = &'a [u8]
            where
                Self: 'a;
            type AsBytes<'a>
                = &'a [u8]
            where
                Self: 'a;
            fn fixed_width() -> Option<usize> {
                None
            }
            fn from_bytes<'a>(data: &'a [u8]) -> &'a [u8]
            where
                Self: 'a,
            {
                data
            }
            fn as_bytes<'a, 'b: 'a>(value: &'a &'b [u8]) -> &'a [u8]
            where
                Self: 'b,
            {
                value
            }
            fn type_name() -> TypeName {
                TypeName::new($type_name)
            }
        }
    };
}

pinned_bytes!(EventBytes, "juwu.event.v1");
pinned_bytes!(RecordBytes, "juwu.record.v1");

/// Hex blake3 of stored event bytes.
pub fn hash_hex(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}
