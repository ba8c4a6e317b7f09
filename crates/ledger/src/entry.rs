//! The canonical encoding of one recorded act: `sanxiang-entry/v1`.
//!
//! An [`Entry`] is the bytes that become a leaf of the global log (its leaf hash is the RFC 6962
//! `H(0x00 ‖ encode(entry))`) and a link of its case's chain ([`crate::chain`]). The format is
//! binary, versioned and domain-tagged, with exactly one encoding per entry:
//!
//! ```text
//! tag            18 bytes  "sanxiang-entry/v1\n"
//! case_id        str
//! seq            u64       per-case sequence number, 1 for the first act
//! prev_head      32 bytes  case-chain head before this act (all zeros for seq 1)
//! act_type       str       e.g. "filing"
//! actors         u32 count (≤ 1000), then count × str   (certificate numbers, in order)
//! claimed_time   i64       Unix milliseconds, UTC, as claimed by the recorder
//! attachments    u32 count (≤ 1000), then count × attachment
//! payload_digest 32 bytes  SM3 of the act's body, which is stored elsewhere
//! signature      opt bytes officer's signature
//!
//! attachment:
//!   kind          str
//!   sm3           32 bytes
//!   sha256        32 bytes
//!   chunk_root    opt 32 bytes
//!   size          u64     bytes
//!   device_serial opt str
//! ```
//!
//! Integers are big-endian (`i64` two's complement). `str` is a u32 big-endian byte length
//! (≤ 65 536) followed by that many bytes of UTF-8; `bytes` is the same without the UTF-8
//! rule. `opt X` is one flag byte, `0x00` (absent, nothing follows) or `0x01` (present, `X`
//! follows). Fixed-width fields carry no length. Nothing may follow the last field.
//!
//! [`Entry::decode`] accepts exactly the outputs of [`Entry::encode`] for entries within the
//! limits ([`Entry::validate`]): `decode(encode(e)) == e` and, for every accepted `b`,
//! `encode(decode(b)) == b`.

use crate::hash::{HASH_LEN, Hash, HashAlg, leaf_hash};

/// The tag line every `sanxiang-entry/v1` encoding starts with.
pub const ENTRY_TAG: &[u8] = b"sanxiang-entry/v1\n";

/// The part of the tag shared by all versions; a tag that matches it but not [`ENTRY_TAG`] is
/// reported as [`EntryError::UnsupportedVersion`].
pub const ENTRY_TAG_FAMILY: &[u8] = b"sanxiang-entry/";

/// Largest number of actors, and of attachments, in one entry.
pub const MAX_LIST_LEN: u32 = 1000;

/// Largest byte length of any string field and of the signature.
pub const MAX_FIELD_LEN: u32 = 64 * 1024;

const FLAG_ABSENT: u8 = 0x00;
const FLAG_PRESENT: u8 = 0x01;

/// One attached document or evidence file, identified by its digests.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Attachment {
    /// What the file is, e.g. `photo`, `video`, `notice`.
    pub kind: String,
    /// SM3 of the whole file.
    pub sm3: Hash,
    /// SHA-256 of the whole file (for interoperability).
    pub sha256: Hash,
    /// Root of the chunk tree over fixed-size chunks, for large audio/video files.
    pub chunk_root: Option<Hash>,
    /// File size in bytes.
    pub size: u64,
    /// Serial number of the recording device (执法记录仪 etc.), if known.
    pub device_serial: Option<String>,
}

/// One recorded act of a case.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Entry {
    /// The case this act belongs to.
    pub case_id: String,
    /// Position in the case chain, starting at 1.
    pub seq: u64,
    /// Case-chain head before this act; [`crate::chain::GENESIS_HEAD`] for the first act.
    pub prev_head: Hash,
    /// Kind of act, e.g. `filing`.
    pub act_type: String,
    /// Certificate numbers of the acting officers, in the order given.
    pub actors: Vec<String>,
    /// Claimed time of the act, Unix milliseconds UTC (a claim, not trusted time).
    pub claimed_time_ms: i64,
    /// Attached documents and evidence files.
    pub attachments: Vec<Attachment>,
    /// SM3 of the act's own body, kept elsewhere.
    pub payload_digest: Hash,
    /// The officer's signature, where one exists.
    pub signature: Option<Vec<u8>>,
}

/// Which field of an entry an [`EntryError`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The tag line.
    Tag,
    /// [`Entry::case_id`].
    CaseId,
    /// [`Entry::seq`].
    Seq,
    /// [`Entry::prev_head`].
    PrevHead,
    /// [`Entry::act_type`].
    ActType,
    /// The count of [`Entry::actors`].
    ActorCount,
    /// One item of [`Entry::actors`].
    Actor,
    /// [`Entry::claimed_time_ms`].
    ClaimedTime,
    /// The count of [`Entry::attachments`].
    AttachmentCount,
    /// [`Attachment::kind`].
    AttachmentKind,
    /// [`Attachment::sm3`].
    AttachmentSm3,
    /// [`Attachment::sha256`].
    AttachmentSha256,
    /// [`Attachment::chunk_root`].
    AttachmentChunkRoot,
    /// [`Attachment::size`].
    AttachmentSize,
    /// [`Attachment::device_serial`].
    AttachmentDeviceSerial,
    /// [`Entry::payload_digest`].
    PayloadDigest,
    /// [`Entry::signature`].
    Signature,
}

/// Why bytes are not a canonical `sanxiang-entry/v1` encoding, or an entry cannot be encoded
/// canonically. `offset` is the byte offset in the input where the offending item starts
/// (for [`Entry::validate`], the offset it would have in [`Entry::encode`]'s output).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    /// The input does not start with `sanxiang-entry/`.
    #[error("not a sanxiang entry: tag differs at byte {offset}")]
    WrongTag {
        /// First byte that differs from [`ENTRY_TAG`] (or the input length, if shorter).
        offset: usize,
    },
    /// The input is a sanxiang entry of a version other than v1.
    #[error(
        "unsupported entry version: tag differs from \"sanxiang-entry/v1\\n\" at byte {offset}"
    )]
    UnsupportedVersion {
        /// First byte that differs from [`ENTRY_TAG`] (or the input length, if shorter).
        offset: usize,
    },
    /// A field runs past the end of the input.
    #[error("{field:?} at byte {offset} needs {needed} bytes, only {available} remain")]
    Truncated {
        /// The field being read.
        field: Field,
        /// Where the field (or its length prefix) starts.
        offset: usize,
        /// Bytes it needs.
        needed: u64,
        /// Bytes left in the input.
        available: usize,
    },
    /// A string or the signature is longer than [`MAX_FIELD_LEN`].
    #[error("{field:?} at byte {offset} is {len} bytes long, more than {max}")]
    FieldTooLong {
        /// The field.
        field: Field,
        /// Where its length prefix starts.
        offset: usize,
        /// The declared (or actual) length.
        len: u64,
        /// [`MAX_FIELD_LEN`].
        max: u32,
    },
    /// A list has more than [`MAX_LIST_LEN`] items.
    #[error("{field:?} at byte {offset} is {count}, more than {max}")]
    TooManyItems {
        /// The count field.
        field: Field,
        /// Where the count starts.
        offset: usize,
        /// The declared (or actual) count.
        count: u64,
        /// [`MAX_LIST_LEN`].
        max: u32,
    },
    /// A string field is not valid UTF-8.
    #[error("{field:?} at byte {offset} is not valid UTF-8")]
    InvalidUtf8 {
        /// The field.
        field: Field,
        /// Where the string's bytes start (after the length prefix).
        offset: usize,
    },
    /// An optional field's flag byte is neither `0x00` nor `0x01`.
    #[error("{field:?} flag at byte {offset} is {value:#04x}, expected 0x00 or 0x01")]
    InvalidFlag {
        /// The optional field.
        field: Field,
        /// Where the flag byte is.
        offset: usize,
        /// The byte found.
        value: u8,
    },
    /// Bytes follow the last field.
    #[error("{count} trailing bytes after the entry, starting at byte {offset}")]
    TrailingBytes {
        /// Where the entry ended.
        offset: usize,
        /// How many bytes follow.
        count: usize,
    },
}

impl Entry {
    /// The canonical `sanxiang-entry/v1` bytes.
    ///
    /// Always succeeds; an entry that breaks the limits (see [`Entry::validate`]) encodes, but
    /// [`Entry::decode`] rejects the result, so appenders must validate first.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.raw(ENTRY_TAG);
        w.str(&self.case_id);
        w.u64(self.seq);
        w.raw(&self.prev_head.0);
        w.str(&self.act_type);
        w.count(self.actors.len());
        for actor in &self.actors {
            w.str(actor);
        }
        w.raw(&self.claimed_time_ms.to_be_bytes());
        w.count(self.attachments.len());
        for a in &self.attachments {
            w.str(&a.kind);
            w.raw(&a.sm3.0);
            w.raw(&a.sha256.0);
            match &a.chunk_root {
                None => w.raw(&[FLAG_ABSENT]),
                Some(root) => {
                    w.raw(&[FLAG_PRESENT]);
                    w.raw(&root.0);
                }
            }
            w.u64(a.size);
            match &a.device_serial {
                None => w.raw(&[FLAG_ABSENT]),
                Some(serial) => {
                    w.raw(&[FLAG_PRESENT]);
                    w.str(serial);
                }
            }
        }
        w.raw(&self.payload_digest.0);
        match &self.signature {
            None => w.raw(&[FLAG_ABSENT]),
            Some(sig) => {
                w.raw(&[FLAG_PRESENT]);
                w.bytes(sig);
            }
        }
        w.out
    }

    /// Parses a canonical `sanxiang-entry/v1` encoding; rejects anything [`Entry::encode`]
    /// would not produce. Never panics.
    pub fn decode(bytes: &[u8]) -> Result<Entry, EntryError> {
        check_tag(bytes)?;
        let mut r = Reader {
            buf: bytes,
            pos: ENTRY_TAG.len(),
        };
        let case_id = r.str(Field::CaseId)?;
        let seq = r.u64(Field::Seq)?;
        let prev_head = r.hash(Field::PrevHead)?;
        let act_type = r.str(Field::ActType)?;
        let n_actors = r.count(Field::ActorCount)?;
        let mut actors = Vec::with_capacity(n_actors);
        for _ in 0..n_actors {
            actors.push(r.str(Field::Actor)?);
        }
        let claimed_time_ms = i64::from_be_bytes(r.array::<8>(Field::ClaimedTime)?);
        let n_attachments = r.count(Field::AttachmentCount)?;
        let mut attachments = Vec::with_capacity(n_attachments);
        for _ in 0..n_attachments {
            let kind = r.str(Field::AttachmentKind)?;
            let sm3 = r.hash(Field::AttachmentSm3)?;
            let sha256 = r.hash(Field::AttachmentSha256)?;
            let chunk_root = if r.flag(Field::AttachmentChunkRoot)? {
                Some(r.hash(Field::AttachmentChunkRoot)?)
            } else {
                None
            };
            let size = r.u64(Field::AttachmentSize)?;
            let device_serial = if r.flag(Field::AttachmentDeviceSerial)? {
                Some(r.str(Field::AttachmentDeviceSerial)?)
            } else {
                None
            };
            attachments.push(Attachment {
                kind,
                sm3,
                sha256,
                chunk_root,
                size,
                device_serial,
            });
        }
        let payload_digest = r.hash(Field::PayloadDigest)?;
        let signature = if r.flag(Field::Signature)? {
            Some(r.bytes(Field::Signature)?.to_vec())
        } else {
            None
        };
        if r.pos != bytes.len() {
            return Err(EntryError::TrailingBytes {
                offset: r.pos,
                count: bytes.len() - r.pos,
            });
        }
        Ok(Entry {
            case_id,
            seq,
            prev_head,
            act_type,
            actors,
            claimed_time_ms,
            attachments,
            payload_digest,
            signature,
        })
    }

    /// Checks the limits ([`MAX_FIELD_LEN`], [`MAX_LIST_LEN`]) that [`Entry::decode`]
    /// enforces, so that `decode(encode(self)) == self`. Offsets are those in `encode()`.
    pub fn validate(&self) -> Result<(), EntryError> {
        let mut pos = ENTRY_TAG.len();
        let str_check = |field: Field, s: &[u8], pos: &mut usize| {
            if s.len() as u64 > u64::from(MAX_FIELD_LEN) {
                return Err(EntryError::FieldTooLong {
                    field,
                    offset: *pos,
                    len: s.len() as u64,
                    max: MAX_FIELD_LEN,
                });
            }
            *pos += 4 + s.len();
            Ok(())
        };
        let count_check = |field: Field, n: usize, pos: &mut usize| {
            if n as u64 > u64::from(MAX_LIST_LEN) {
                return Err(EntryError::TooManyItems {
                    field,
                    offset: *pos,
                    count: n as u64,
                    max: MAX_LIST_LEN,
                });
            }
            *pos += 4;
            Ok(())
        };
        str_check(Field::CaseId, self.case_id.as_bytes(), &mut pos)?;
        pos += 8 + HASH_LEN;
        str_check(Field::ActType, self.act_type.as_bytes(), &mut pos)?;
        count_check(Field::ActorCount, self.actors.len(), &mut pos)?;
        for actor in &self.actors {
            str_check(Field::Actor, actor.as_bytes(), &mut pos)?;
        }
        pos += 8;
        count_check(Field::AttachmentCount, self.attachments.len(), &mut pos)?;
        for a in &self.attachments {
            str_check(Field::AttachmentKind, a.kind.as_bytes(), &mut pos)?;
            pos += 2 * HASH_LEN + 1 + a.chunk_root.map_or(0, |_| HASH_LEN) + 8 + 1;
            if let Some(serial) = &a.device_serial {
                str_check(Field::AttachmentDeviceSerial, serial.as_bytes(), &mut pos)?;
            }
        }
        pos += HASH_LEN + 1;
        if let Some(sig) = &self.signature {
            str_check(Field::Signature, sig, &mut pos)?;
        }
        Ok(())
    }

    /// The RFC 6962 leaf hash of this entry in the global log: `H(0x00 ‖ encode())`.
    pub fn leaf_hash(&self, alg: HashAlg) -> Hash {
        leaf_hash(alg, &self.encode())
    }
}

fn check_tag(bytes: &[u8]) -> Result<(), EntryError> {
    let first_diff = ENTRY_TAG
        .iter()
        .zip(bytes)
        .position(|(a, b)| a != b)
        .unwrap_or(ENTRY_TAG.len().min(bytes.len()));
    if first_diff == ENTRY_TAG.len() {
        return Ok(());
    }
    if first_diff >= ENTRY_TAG_FAMILY.len() {
        Err(EntryError::UnsupportedVersion { offset: first_diff })
    } else {
        Err(EntryError::WrongTag { offset: first_diff })
    }
}

#[derive(Default)]
struct Writer {
    out: Vec<u8>,
}

impl Writer {
    fn raw(&mut self, b: &[u8]) {
        self.out.extend_from_slice(b);
    }

    fn u64(&mut self, v: u64) {
        self.raw(&v.to_be_bytes());
    }

    /// A u32 length or count. Values beyond u32 only arise past the limits that
    /// [`Entry::validate`] reports; they are written saturated (and then rejected by decode).
    fn count(&mut self, n: usize) {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        self.raw(&n.to_be_bytes());
    }

    fn bytes(&mut self, b: &[u8]) {
        self.count(b.len());
        self.raw(b);
    }

    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, field: Field, offset: usize, n: usize) -> Result<&'a [u8], EntryError> {
        let available = self.buf.len() - self.pos;
        if n > available {
            return Err(EntryError::Truncated {
                field,
                offset,
                needed: n as u64,
                available,
            });
        }
        let out = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    fn array<const N: usize>(&mut self, field: Field) -> Result<[u8; N], EntryError> {
        let offset = self.pos;
        let slice = self.take(field, offset, N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(slice);
        Ok(out)
    }

    fn u32(&mut self, field: Field) -> Result<u32, EntryError> {
        Ok(u32::from_be_bytes(self.array::<4>(field)?))
    }

    fn u64(&mut self, field: Field) -> Result<u64, EntryError> {
        Ok(u64::from_be_bytes(self.array::<8>(field)?))
    }

    fn hash(&mut self, field: Field) -> Result<Hash, EntryError> {
        Ok(Hash(self.array::<HASH_LEN>(field)?))
    }

    fn count(&mut self, field: Field) -> Result<usize, EntryError> {
        let offset = self.pos;
        let n = self.u32(field)?;
        if n > MAX_LIST_LEN {
            return Err(EntryError::TooManyItems {
                field,
                offset,
                count: u64::from(n),
                max: MAX_LIST_LEN,
            });
        }
        Ok(n as usize)
    }

    fn flag(&mut self, field: Field) -> Result<bool, EntryError> {
        let offset = self.pos;
        match self.array::<1>(field)?[0] {
            FLAG_ABSENT => Ok(false),
            FLAG_PRESENT => Ok(true),
            value => Err(EntryError::InvalidFlag {
                field,
                offset,
                value,
            }),
        }
    }

    fn bytes(&mut self, field: Field) -> Result<&'a [u8], EntryError> {
        let offset = self.pos;
        let len = self.u32(field)?;
        if len > MAX_FIELD_LEN {
            return Err(EntryError::FieldTooLong {
                field,
                offset,
                len: u64::from(len),
                max: MAX_FIELD_LEN,
            });
        }
        self.take(field, offset, len as usize)
    }

    fn str(&mut self, field: Field) -> Result<String, EntryError> {
        let raw = self.bytes(field)?;
        let start = self.pos - raw.len();
        std::str::from_utf8(raw)
            .map(str::to_owned)
            .map_err(|_| EntryError::InvalidUtf8 {
                field,
                offset: start,
            })
    }
}
