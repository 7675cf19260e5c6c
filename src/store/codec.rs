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

/// Reading `EventBody` without serde's buffering.
///
/// `EventBody` is internally tagged (`{"type":"opinion_received",…}`). serde's
/// derived reader for that layout cannot know the variant before it has read
/// the whole object, so it first copies every body into an intermediate tree
/// (every string allocated twice) and then reads the variant from the copy:
/// half the cost of decoding an event. The stored bytes always have the tag
/// first (serde writes it first, and those bytes are pinned by the chain
/// hashes), so this reader takes the tag, then reads the variant's fields
/// straight from the JSON. Bytes without the tag first (not written by any
/// juwu, but valid) are read through a buffered `serde_json::Value`, with the
/// same result. The bytes, and the codec name `juwu.event.v1`, do not change.
mod body_de {
    use std::fmt;

    use chrono::NaiveDate;
    use rust_decimal::Decimal;
    use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
    use serde::{Deserialize, Deserializer, Serialize};

    use crate::domain::EventBody;
    use crate::domain::money::Line;
    use crate::domain::records::*;
    use crate::domain::types::*;

    /// The variants of `EventBody`, externally tagged (serde's `remote`
    /// builds `EventBody` itself). The derived `Serialize` is never used: it
    /// makes the compiler check that every variant of `EventBody` is here
    /// (a new variant must be added here too, with the same fields).
    #[derive(Serialize, Deserialize)]
    #[serde(remote = "EventBody", rename_all = "snake_case")]
    #[allow(dead_code)]
    enum Body {
        OfficeCreated {
            office: Office,
        },
        OfficeRegistered {
            office: Office,
        },
        SettingsChanged {
            settings: Settings,
        },
        OperatorAdded {
            operator: Operator,
        },
        OperatorChanged {
            operator: Operator,
        },
        DisclosureDrafted {
            id: String,
            fields: DraftFields,
            basis: Basis,
            request: Option<String>,
            supersedes: Option<String>,
            correction_note: Option<String>,
        },
        DisclosureRevised {
            id: String,
            fields: DraftFields,
        },
        DisclosureSigned {
            id: String,
            role: Role,
        },
        DisclosureSubmitted {
            id: String,
            on: NaiveDate,
            planned_on: NaiveDate,
        },
        DisclosureApproved {
            id: String,
            note: String,
        },
        DisclosureReturned {
            id: String,
            amendments: String,
        },
        DisclosurePublished {
            id: String,
            on: NaiveDate,
            forms: Vec<Form>,
            seal: String,
        },
        DisclosureArchived {
            id: String,
            on: NaiveDate,
        },
        DisclosureImported {
            id: String,
            fields: DraftFields,
            basis: Basis,
            status: Status,
            published_on: Option<NaiveDate>,
            forms: Vec<Form>,
            seal: String,
            archived_on: Option<NaiveDate>,
            signers: Vec<ImportedSigner>,
            approved_by: Option<String>,
            correction_note: Option<String>,
            source_ref: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            supersedes: Option<String>,
        },
        BoxOpened {
            opening: BoxOpening,
        },
        OpinionReceived {
            opinion: Opinion,
        },
        OpinionRerouted {
            id: String,
            to: RouteTo,
        },
        OpinionPaused {
            id: String,
            on: NaiveDate,
            reason: String,
        },
        OpinionResumed {
            id: String,
            on: NaiveDate,
        },
        ComplaintVerified {
            id: String,
            holds: bool,
            on: NaiveDate,
            note: String,
        },
        ReplyRecorded {
            reply: Reply,
        },
        StatementDrafted {
            statement: Statement,
        },
        StatementRevised {
            id: String,
            lines: Vec<Line>,
            #[serde(default, with = "crate::domain::money::opt_str")]
            opening_balance: Option<Decimal>,
        },
        CheckRecorded {
            check: Check,
        },
        FindingResolved {
            resolution: Resolution,
        },
        KeyRotated {
            public_key: String,
            signature: String,
        },
        SettingChanged {
            key: crate::domain::settings::SettingKey,
            value: String,
            from: NaiveDate,
        },
    }

    impl<'de> Deserialize<'de> for EventBody {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<EventBody, D::Error> {
            d.deserialize_map(BodyVisitor)
        }
    }

    struct BodyVisitor;

    impl<'de> Visitor<'de> for BodyVisitor {
        type Value = EventBody;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an event body (an object with its \"type\")")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EventBody, A::Error> {
            let Some(first) = map.next_key_seed(KeyIsType)? else {
                return Err(de::Error::missing_field("type"));
            };
            match first {
                // The tag first: its value names the variant, the rest of
                // the map is the variant's fields.
                None => Body::deserialize(TagFirst { map }),
                // Anything else: buffer the object, then read it.
                Some(k) => {
                    let mut obj = serde_json::Map::new();
                    let v: serde_json::Value = map.next_value()?;
                    obj.insert(k, v);
                    while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
                        obj.insert(k, v);
                    }
                    let tag = match obj.remove("type") {
                        Some(serde_json::Value::String(t)) => t,
                        Some(_) => return Err(de::Error::custom("the event type is not a string")),
                        None => return Err(de::Error::missing_field("type")),
                    };
                    let mut ext = serde_json::Map::new();
                    ext.insert(tag, serde_json::Value::Object(obj));
                    Body::deserialize(serde_json::Value::Object(ext)).map_err(de::Error::custom)
                }
            }
        }
    }

    /// Reads a map key: `None` when it is "type", else the key.
    struct KeyIsType;

    impl<'de> DeserializeSeed<'de> for KeyIsType {
        type Value = Option<String>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
            d.deserialize_str(self)
        }
    }

    impl<'de> Visitor<'de> for KeyIsType {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a field name")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<String>, E> {
            Ok((v != "type").then(|| v.to_string()))
        }
    }

    /// The rest of a body's map after its "type" key, seen as an externally
    /// tagged enum: the tag's value is the variant, the remaining entries
    /// its fields.
    struct TagFirst<A> {
        map: A,
    }

    impl<'de, A: MapAccess<'de>> Deserializer<'de> for TagFirst<A> {
        type Error = A::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _v: V) -> Result<V::Value, A::Error> {
            Err(de::Error::custom(
                "internal: an event body is read as an enum",
            ))
        }
        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _variants: &'static [&'static str],
            v: V,
        ) -> Result<V::Value, A::Error> {
            v.visit_enum(self)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map struct identifier ignored_any
        }
    }

    impl<'de, A: MapAccess<'de>> de::EnumAccess<'de> for TagFirst<A> {
        type Error = A::Error;
        type Variant = Self;
        fn variant_seed<S: DeserializeSeed<'de>>(
            mut self,
            seed: S,
        ) -> Result<(S::Value, Self), A::Error> {
            let v = self.map.next_value_seed(seed)?;
            Ok((v, self))
        }
    }

    impl<'de, A: MapAccess<'de>> de::VariantAccess<'de> for TagFirst<A> {
        type Error = A::Error;
        fn unit_variant(mut self) -> Result<(), A::Error> {
            while self.map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(())
        }
        fn newtype_variant_seed<S: DeserializeSeed<'de>>(
            self,
            _s: S,
        ) -> Result<S::Value, A::Error> {
            Err(de::Error::custom("internal: event bodies are objects"))
        }
        fn tuple_variant<V: Visitor<'de>>(self, _n: usize, _v: V) -> Result<V::Value, A::Error> {
            Err(de::Error::custom("internal: event bodies are objects"))
        }
        fn struct_variant<V: Visitor<'de>>(
            self,
            _fields: &'static [&'static str],
            v: V,
        ) -> Result<V::Value, A::Error> {
            v.visit_map(self.map)
        }
    }
}
