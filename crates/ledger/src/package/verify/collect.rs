//! The single pass over the archive: reads the manifest, matches every later member to the
//! manifest's list, keeps the small members and entries, and hashes the files as they stream
//! by (through a fixed buffer). Judging what was collected is `checks`' job.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use super::super::digest::{FileDigest, digest_stream};
use super::super::manifest::{Manifest, ManifestError, MemberKind, is_safe_member_name};
use super::super::{MANIFEST_MEMBER, MAX_ENTRY_LEN, MAX_MANIFEST_LEN, MAX_SMALL_MEMBER_LEN};

/// What became of `manifest.json`.
pub(super) enum ManifestState {
    /// Parsed.
    Parsed(Box<Manifest>),
    /// Absent, not first, or unreadable; the reason.
    Unreadable(String),
    /// Read but rejected.
    Invalid(ManifestError),
}

/// Everything the pass found.
pub(super) struct Collected {
    pub archive_errors: Vec<String>,
    pub manifest: ManifestState,
    pub checkpoint: Option<Vec<u8>>,
    pub log_keys: Option<Vec<u8>>,
    pub witness_keys: Option<Vec<u8>>,
    pub tsa: Vec<Option<Vec<u8>>>,
    pub timestamps: Vec<Option<Vec<u8>>>,
    pub entries: Vec<Option<Vec<u8>>>,
    pub files: Vec<Option<FileDigest>>,
    pub unlisted: Vec<String>,
    pub duplicates: Vec<String>,
    pub out_of_order: Vec<String>,
}

impl Collected {
    fn new() -> Self {
        Collected {
            archive_errors: Vec::new(),
            manifest: ManifestState::Unreadable("the archive has no members".to_owned()),
            checkpoint: None,
            log_keys: None,
            witness_keys: None,
            tsa: Vec::new(),
            timestamps: Vec::new(),
            entries: Vec::new(),
            files: Vec::new(),
            unlisted: Vec::new(),
            duplicates: Vec::new(),
            out_of_order: Vec::new(),
        }
    }
}

/// The manifest's members, by name, with their slot in the fixed order.
struct Slots {
    kinds: Vec<MemberKind>,
    by_name: BTreeMap<String, Vec<usize>>,
    filled: Vec<bool>,
    last_filled: Option<usize>,
}

enum Placement {
    Slot(MemberKind),
    Duplicate,
    Unlisted,
}

impl Slots {
    fn new(manifest: &Manifest) -> Self {
        let members = manifest.members();
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut kinds = Vec::with_capacity(members.len());
        for (i, (name, kind)) in members.into_iter().enumerate() {
            by_name.entry(name).or_default().push(i);
            kinds.push(kind);
        }
        let filled = vec![false; kinds.len()];
        Slots {
            kinds,
            by_name,
            filled,
            last_filled: None,
        }
    }

    /// Assigns a member to the first unfilled slot of that name; `out_of_order` is set when an
    /// earlier slot is filled after a later one.
    fn place(&mut self, name: &str, out_of_order: &mut bool) -> Placement {
        let Some(candidates) = self.by_name.get(name) else {
            return if name == MANIFEST_MEMBER {
                Placement::Duplicate
            } else {
                Placement::Unlisted
            };
        };
        let free = candidates
            .iter()
            .copied()
            .find(|&i| !self.filled.get(i).copied().unwrap_or(true));
        let Some(i) = free else {
            return Placement::Duplicate;
        };
        if let Some(slot) = self.filled.get_mut(i) {
            *slot = true;
        }
        *out_of_order = self.last_filled.is_some_and(|last| i < last);
        self.last_filled = Some(self.last_filled.map_or(i, |last| last.max(i)));
        match self.kinds.get(i) {
            Some(kind) => Placement::Slot(*kind),
            None => Placement::Unlisted,
        }
    }
}

/// Checks a member header: ustar, a regular file, a safe ASCII name stored in the header itself.
fn member_name<R: Read>(member: &tar::Entry<'_, R>) -> Result<String, String> {
    let header = member.header();
    let raw_name = header.path_bytes();
    let shown = String::from_utf8_lossy(&raw_name).into_owned();
    if header.as_ustar().is_none() {
        return Err(format!("{shown:?}: not a ustar header"));
    }
    if header.entry_type() != tar::EntryType::Regular {
        return Err(format!(
            "{shown:?}: not a regular file (type {:?})",
            header.entry_type().as_byte() as char
        ));
    }
    let name = std::str::from_utf8(&raw_name).map_err(|_| format!("{shown:?}: name not ASCII"))?;
    if !is_safe_member_name(name) {
        return Err(format!("{shown:?}: name not allowed by the format"));
    }
    Ok(name.to_owned())
}

/// Reads a whole member of at most `limit` bytes; a short member is an error.
fn read_member<R: Read>(
    member: &mut tar::Entry<'_, R>,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, String> {
    let size = member.size();
    if size > limit {
        return Err(format!(
            "{name}: {size} bytes, more than the {limit} allowed"
        ));
    }
    let mut buf = Vec::new();
    member
        .take(limit)
        .read_to_end(&mut buf)
        .map_err(|e| format!("{name}: {e}"))?;
    if (buf.len() as u64) != size {
        return Err(format!("{name}: truncated, {} of {size} bytes", buf.len()));
    }
    Ok(buf)
}

fn store<T>(list: &mut [Option<T>], i: usize, value: T) {
    if let Some(slot) = list.get_mut(i) {
        *slot = Some(value);
    }
}

/// Reads the archive once, start to end.
pub(super) fn collect<R: Read>(reader: R) -> Collected {
    let mut out = Collected::new();
    let mut archive = tar::Archive::new(reader);
    if read_members(&mut archive, &mut out)
        && let Err(e) = check_trailer(archive.into_inner())
    {
        out.archive_errors.push(e);
    }
    out
}

/// After the first end-of-archive block only zero bytes may follow (the second end block and
/// any record padding): data hidden there would be carried by the package unverified.
fn check_trailer<R: Read>(mut rest: R) -> Result<(), String> {
    let mut buf = [0u8; 8192];
    let mut offset = 0u64;
    loop {
        let n = rest
            .read(&mut buf)
            .map_err(|e| format!("after the end of the archive: {e}"))?;
        let chunk = buf.get(..n).unwrap_or_default();
        if chunk.is_empty() {
            return Ok(());
        }
        if let Some(i) = chunk.iter().position(|&b| b != 0) {
            return Err(format!(
                "data after the end of the archive, {} bytes past the first end block",
                offset + i as u64
            ));
        }
        offset += n as u64;
    }
}

/// Reads every member into `out`; true when the archive ended properly (an end block).
fn read_members<R: Read>(archive: &mut tar::Archive<R>, out: &mut Collected) -> bool {
    let members = match archive.entries() {
        Ok(m) => m.raw(true),
        Err(e) => {
            out.archive_errors.push(e.to_string());
            return false;
        }
    };
    let mut slots: Option<Slots> = None;
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for (n, item) in members.enumerate() {
        let mut member = match item {
            Ok(m) => m,
            Err(e) => {
                out.archive_errors.push(format!(
                    "member {}: {e} (archive damaged or truncated)",
                    n + 1
                ));
                return false;
            }
        };
        let name = match member_name(&member) {
            Ok(name) => name,
            Err(e) => {
                out.archive_errors.push(format!("member {}: {e}", n + 1));
                if n == 0 {
                    out.manifest = ManifestState::Unreadable(format!("first member {e}"));
                }
                continue;
            }
        };
        if n == 0 {
            seen.insert(name.clone());
            if name != MANIFEST_MEMBER {
                out.manifest = ManifestState::Unreadable(format!(
                    "the first member is {name:?}, not {MANIFEST_MEMBER}"
                ));
                return false;
            }
            match read_member(&mut member, &name, MAX_MANIFEST_LEN) {
                Err(e) => {
                    out.archive_errors.push(e.clone());
                    out.manifest = ManifestState::Unreadable(e);
                }
                Ok(bytes) => match Manifest::from_json(&bytes) {
                    Err(e) => out.manifest = ManifestState::Invalid(e),
                    Ok(m) => {
                        out.tsa = vec![None; m.keys.tsa.len()];
                        out.timestamps = vec![None; m.timestamps.len()];
                        out.entries = vec![None; m.entries.len()];
                        out.files = vec![None; m.files.len()];
                        slots = Some(Slots::new(&m));
                        out.manifest = ManifestState::Parsed(Box::new(m));
                    }
                },
            }
            continue;
        }
        let Some(slots) = slots.as_mut() else {
            // Without a manifest only the archive structure can still be checked.
            continue;
        };
        // A name the archive repeats is a duplicate member even where the manifest lists it
        // twice (a tar extractor would keep only the last); the slots still take it so that
        // the chain check can name what the repetition does to the case.
        if !seen.insert(name.clone()) {
            out.duplicates.push(name.clone());
        }
        let mut late = false;
        let kind = match slots.place(&name, &mut late) {
            Placement::Slot(kind) => kind,
            Placement::Duplicate => continue,
            Placement::Unlisted => {
                out.unlisted.push(name);
                continue;
            }
        };
        if late {
            out.out_of_order.push(name.clone());
        }
        let result = match kind {
            MemberKind::File(i) => {
                let size = member.size();
                match digest_stream(&mut member) {
                    Ok(d) if d.size == size => {
                        store(&mut out.files, i, d);
                        Ok(())
                    }
                    Ok(d) => Err(format!("{name}: truncated, {} of {size} bytes", d.size)),
                    Err(e) => Err(format!("{name}: {e}")),
                }
            }
            MemberKind::Entry(i) => read_member(&mut member, &name, MAX_ENTRY_LEN)
                .map(|b| store(&mut out.entries, i, b)),
            small => read_member(&mut member, &name, MAX_SMALL_MEMBER_LEN).map(|b| match small {
                MemberKind::Checkpoint => out.checkpoint = Some(b),
                MemberKind::LogKeys => out.log_keys = Some(b),
                MemberKind::WitnessKeys => out.witness_keys = Some(b),
                MemberKind::TsaCert(i) => store(&mut out.tsa, i, b),
                MemberKind::Timestamp(i) => store(&mut out.timestamps, i, b),
                MemberKind::Entry(_) | MemberKind::File(_) => {}
            }),
        };
        if let Err(e) = result {
            out.archive_errors.push(e);
        }
    }
    true
}
