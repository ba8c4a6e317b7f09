//! C2SP tlog-tiles path arithmetic for tile height 8 (256 hashes per full tile).
//!
//! Hash tiles live at `tile/<L>/<N>[.p/<W>]` and entry bundles at `tile/entries/<N>[.p/<W>]`,
//! relative to the log's prefix. `<L>` is a decimal level 0–63 without leading zeros; `<N>` is
//! the tile index written as zero-padded three-digit groups, all but the last prefixed with
//! `x` (1234067 → `x001/x234/067`); `.p/<W>` marks a partial tile of width 1–255. A tile at
//! level L with index N holds the hashes of tree level 8·L, nodes `[256·N, 256·N + W)`.

use std::fmt;

/// Tile height: each tile spans 8 tree levels.
pub const TILE_HEIGHT: u32 = 8;

/// Number of hashes (or entries) in a full tile.
pub const TILE_WIDTH: u16 = 1 << TILE_HEIGHT;

/// Largest tile level a path may name.
pub const MAX_LEVEL: u8 = 63;

/// What a tile holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TileKind {
    /// Merkle tree hashes at tile level `0..=63`.
    Hashes {
        /// The tile level (tree level / 8).
        level: u8,
    },
    /// A bundle of log entries (the data behind level-0 hashes).
    Entries,
}

/// One tile: its kind, index within its level, and width (1..=256; 256 is a full tile).
///
/// The fields are public for matching; build tiles with [`Tile::hashes`] / [`Tile::entries`]
/// (or [`parse_tile_path`]) so the width and level are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tile {
    /// Hash tile (with level) or entry bundle.
    pub kind: TileKind,
    /// Index of the tile within its level.
    pub index: u64,
    /// Number of hashes or entries, 1..=256.
    pub width: u16,
}

impl Tile {
    /// A hash tile, checking `level <= 63` and `1 <= width <= 256`.
    pub fn hashes(level: u8, index: u64, width: u16) -> Result<Tile, TileError> {
        if level > MAX_LEVEL {
            return Err(TileError::BadLevel(u64::from(level)));
        }
        check_width(width)?;
        Ok(Tile {
            kind: TileKind::Hashes { level },
            index,
            width,
        })
    }

    /// An entry bundle, checking `1 <= width <= 256`.
    pub fn entries(index: u64, width: u16) -> Result<Tile, TileError> {
        check_width(width)?;
        Ok(Tile {
            kind: TileKind::Entries,
            index,
            width,
        })
    }

    /// Whether the tile is full (256 wide).
    pub fn is_full(&self) -> bool {
        self.width == TILE_WIDTH
    }

    /// The tile's path, e.g. `tile/0/x001/x234/067.p/8`.
    pub fn path(&self) -> String {
        let mut out = String::from("tile/");
        match self.kind {
            TileKind::Hashes { level } => out.push_str(&level.to_string()),
            TileKind::Entries => out.push_str("entries"),
        }
        out.push('/');
        push_index(&mut out, self.index);
        if self.width != TILE_WIDTH {
            out.push_str(".p/");
            out.push_str(&self.width.to_string());
        }
        out
    }
}

impl fmt::Display for Tile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path())
    }
}

/// Why a tile could not be named or a path could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileError {
    /// Width outside 1..=256.
    #[error("tile width {0} is outside 1..=256")]
    BadWidth(u64),
    /// Level outside 0..=63.
    #[error("tile level {0} is outside 0..=63")]
    BadLevel(u64),
    /// The path does not start with `tile/`.
    #[error("tile path {0:?} does not start with \"tile/\"")]
    NotATilePath(String),
    /// The level element is not a canonical decimal number or `entries`.
    #[error(
        "tile path {path:?}: level element {element:?} is not a canonical decimal or \"entries\""
    )]
    BadLevelElement {
        /// The whole path.
        path: String,
        /// The offending element.
        element: String,
    },
    /// An index element is not a three-digit group in the right form.
    #[error("tile path {path:?}: index element {element:?} is malformed ({reason})")]
    BadIndexElement {
        /// The whole path.
        path: String,
        /// The offending element.
        element: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The partial-width suffix is malformed (it must be `.p/<W>` with canonical W in 1..=255).
    #[error("tile path {path:?}: partial width {element:?} is malformed")]
    BadPartialWidth {
        /// The whole path.
        path: String,
        /// The offending element.
        element: String,
    },
    /// The index does not fit in 64 bits.
    #[error("tile path {0:?}: index overflows 64 bits")]
    IndexOverflow(String),
}

fn check_width(width: u16) -> Result<(), TileError> {
    if width == 0 || width > TILE_WIDTH {
        return Err(TileError::BadWidth(u64::from(width)));
    }
    Ok(())
}

/// Path of the hash tile at `level` and `index` with `width` hashes (256 = full).
pub fn tile_path(level: u8, index: u64, width: u16) -> Result<String, TileError> {
    Tile::hashes(level, index, width).map(|t| t.path())
}

/// Path of the entry bundle `index` with `width` entries (256 = full).
pub fn entries_path(index: u64, width: u16) -> Result<String, TileError> {
    Tile::entries(index, width).map(|t| t.path())
}

/// Writes `index` as `x`-prefixed three-digit groups, the last without `x`.
fn push_index(out: &mut String, index: u64) {
    let mut groups = [0u16; 7];
    let mut n = index;
    let mut count = 0;
    loop {
        // n % 1000 < 1000 always fits in u16.
        groups[count] = (n % 1000) as u16;
        count += 1;
        n /= 1000;
        if n == 0 {
            break;
        }
    }
    for (i, g) in groups[..count].iter().rev().enumerate() {
        if i + 1 < count {
            out.push_str(&format!("x{g:03}/"));
        } else {
            out.push_str(&format!("{g:03}"));
        }
    }
}

/// Parses a canonical decimal (no sign, no leading zeros except `0` itself).
fn canonical_decimal(s: &str) -> Option<u64> {
    let ok =
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    if ok { s.parse().ok() } else { None }
}

/// Parses a tile or entry-bundle path such as `tile/0/x001/x234/067.p/8` or
/// `tile/entries/000`, rejecting every non-canonical form.
pub fn parse_tile_path(path: &str) -> Result<Tile, TileError> {
    let owned = || path.to_owned();
    let rest = path
        .strip_prefix("tile/")
        .ok_or_else(|| TileError::NotATilePath(owned()))?;
    let mut elements: Vec<&str> = rest.split('/').collect();
    if elements.len() < 2 {
        return Err(TileError::NotATilePath(owned()));
    }
    let level_element = elements.remove(0);
    let kind = if level_element == "entries" {
        TileKind::Entries
    } else {
        let level = canonical_decimal(level_element).ok_or_else(|| TileError::BadLevelElement {
            path: owned(),
            element: level_element.to_owned(),
        })?;
        let level = u8::try_from(level)
            .ok()
            .filter(|l| *l <= MAX_LEVEL)
            .ok_or(TileError::BadLevel(level))?;
        TileKind::Hashes { level }
    };

    // A partial tile ends in ".p/<W>": the last index group carries ".p" and W follows.
    let mut width = TILE_WIDTH;
    let partial = elements.len().checked_sub(2).and_then(|i| {
        let stripped = elements.get(i)?.strip_suffix(".p")?;
        Some((i, stripped, *elements.get(i + 1)?))
    });
    if let Some((last_index, stripped, w_element)) = partial {
        let w = canonical_decimal(w_element)
            .filter(|w| (1..u64::from(TILE_WIDTH)).contains(w))
            .ok_or_else(|| TileError::BadPartialWidth {
                path: owned(),
                element: w_element.to_owned(),
            })?;
        // Checked by the filter above: 1 <= w < 256.
        width = w as u16;
        elements[last_index] = stripped;
        elements.pop();
    }

    let bad = |element: &str, reason: &'static str| TileError::BadIndexElement {
        path: owned(),
        element: element.to_owned(),
        reason,
    };
    if elements.len() > 7 {
        return Err(TileError::IndexOverflow(owned()));
    }
    let count = elements.len();
    let mut index: u64 = 0;
    for (i, element) in elements.iter().enumerate() {
        let is_last = i + 1 == count;
        let digits = if is_last {
            if element.starts_with('x') {
                return Err(bad(element, "last group must not start with 'x'"));
            }
            *element
        } else {
            element
                .strip_prefix('x')
                .ok_or_else(|| bad(element, "all but the last group must start with 'x'"))?
        };
        if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(element, "expected exactly three decimal digits"));
        }
        let value: u64 = digits
            .parse()
            .map_err(|_| bad(element, "expected exactly three decimal digits"))?;
        if i == 0 && !is_last && value == 0 {
            return Err(bad(element, "leading group must not be zero"));
        }
        index = index
            .checked_mul(1000)
            .and_then(|v| v.checked_add(value))
            .ok_or_else(|| TileError::IndexOverflow(owned()))?;
    }
    Ok(Tile { kind, index, width })
}

/// The tiles (full, plus at most one partial) covering level `level` of a tree of `size`
/// leaves, as `(full_tiles, partial_width)`; `partial_width` is 0 when there is no partial tile.
pub fn level_coverage(size: u64, level: u8) -> (u64, u16) {
    let shift = u32::from(level) * TILE_HEIGHT;
    let nodes = size.checked_shr(shift).unwrap_or(0);
    // nodes % 256 < 256 always fits in u16.
    (nodes >> TILE_HEIGHT, (nodes % u64::from(TILE_WIDTH)) as u16)
}

/// Every hash tile of a tree of `size` leaves, level by level, lowest index first. Level L
/// exists while the tree has at least one complete node at tree level 8·L.
pub fn tiles_for_size(size: u64) -> impl Iterator<Item = Tile> {
    (0..=MAX_LEVEL)
        .take_while(move |&level| {
            size.checked_shr(u32::from(level) * TILE_HEIGHT)
                .unwrap_or(0)
                > 0
        })
        .flat_map(move |level| {
            let (full, partial) = level_coverage(size, level);
            let kind = TileKind::Hashes { level };
            let fulls = (0..full).map(move |index| Tile {
                kind,
                index,
                width: TILE_WIDTH,
            });
            let last = (partial > 0).then_some(Tile {
                kind,
                index: full,
                width: partial,
            });
            fulls.chain(last)
        })
}

/// Every entry bundle of a log of `size` entries, lowest index first.
pub fn entry_bundles_for_size(size: u64) -> impl Iterator<Item = Tile> {
    let (full, partial) = level_coverage(size, 0);
    (0..full)
        .map(|index| Tile {
            kind: TileKind::Entries,
            index,
            width: TILE_WIDTH,
        })
        .chain((partial > 0).then_some(Tile {
            kind: TileKind::Entries,
            index: full,
            width: partial,
        }))
}
