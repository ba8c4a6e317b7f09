//! C2SP tlog-tiles path arithmetic, table-driven.
#![allow(clippy::unwrap_used)]

use sanxiang_ledger::tiles::{
    Tile, TileError, TileKind, entries_path, entry_bundles_for_size, level_coverage,
    parse_tile_path, tile_path, tiles_for_size,
};

fn hashes(level: u8, index: u64, width: u16) -> Tile {
    Tile {
        kind: TileKind::Hashes { level },
        index,
        width,
    }
}

#[test]
fn tile_paths_from_the_spec_and_edges() {
    let cases: &[(u8, u64, u16, &str)] = &[
        (0, 1_234_067, 256, "tile/0/x001/x234/067"),
        (0, 1_234_067, 8, "tile/0/x001/x234/067.p/8"),
        (0, 0, 256, "tile/0/000"),
        (0, 0, 1, "tile/0/000.p/1"),
        (0, 7, 255, "tile/0/007.p/255"),
        (1, 999, 256, "tile/1/999"),
        (1, 1000, 256, "tile/1/x001/000"),
        (2, 1_000_000, 256, "tile/2/x001/x000/000"),
        (63, 0, 256, "tile/63/000"),
        (0, u64::MAX, 256, "tile/0/x018/x446/x744/x073/x709/x551/615"),
    ];
    for &(level, index, width, path) in cases {
        assert_eq!(tile_path(level, index, width).unwrap(), path);
        assert_eq!(
            parse_tile_path(path),
            Ok(hashes(level, index, width)),
            "{path}"
        );
    }
}

#[test]
fn entries_paths() {
    assert_eq!(
        entries_path(1_234_067, 256).unwrap(),
        "tile/entries/x001/x234/067"
    );
    assert_eq!(entries_path(0, 3).unwrap(), "tile/entries/000.p/3");
    assert_eq!(
        parse_tile_path("tile/entries/x001/x234/067.p/8"),
        Ok(Tile {
            kind: TileKind::Entries,
            index: 1_234_067,
            width: 8
        })
    );
}

#[test]
fn bad_arguments_are_rejected() {
    assert_eq!(tile_path(0, 0, 0), Err(TileError::BadWidth(0)));
    assert_eq!(tile_path(0, 0, 257), Err(TileError::BadWidth(257)));
    assert_eq!(tile_path(64, 0, 256), Err(TileError::BadLevel(64)));
    assert_eq!(entries_path(0, 0), Err(TileError::BadWidth(0)));
}

#[test]
fn malformed_paths_are_rejected() {
    let bad = [
        "",
        "tile",
        "tile/",
        "tile/0",
        "tile/0/",
        "/tile/0/000",
        "tiles/0/000",
        "tile/00/000",
        "tile/01/000",
        "tile/64/000",
        "tile/256/000",
        "tile/-1/000",
        "tile/+1/000",
        "tile/a/000",
        "tile/0/00",
        "tile/0/0000",
        "tile/0/7",
        "tile/0/x007",
        "tile/0/001/234",
        "tile/0/x000/001",
        "tile/0/x01/234",
        "tile/0/x001/x234",
        "tile/0/X001/234",
        "tile/0/x00a/234",
        "tile/0/x001//234",
        "tile/0/000.p",
        "tile/0/000.p/",
        "tile/0/000.p/0",
        "tile/0/000.p/256",
        "tile/0/000.p/08",
        "tile/0/000.p/8/",
        "tile/0/000.p/+8",
        "tile/0/000/.p/8",
        "tile/0/000.q/8",
        "tile/0/000/",
        "tile/0/x018/x446/x744/x073/x709/x551/616",
        "tile/0/x001/x001/x001/x001/x001/x001/x001/000",
        "tile/entries/",
        "tile/entries/7",
        "tile/0/ 000",
    ];
    for path in bad {
        assert!(parse_tile_path(path).is_err(), "accepted {path:?}");
    }
    assert!(matches!(
        parse_tile_path("tile/0/x018/x446/x744/x073/x709/x551/616"),
        Err(TileError::IndexOverflow(_))
    ));
}

#[test]
fn coverage_of_trees() {
    assert_eq!(tiles_for_size(0).count(), 0);
    assert_eq!(tiles_for_size(1).collect::<Vec<_>>(), [hashes(0, 0, 1)]);
    assert_eq!(
        tiles_for_size(256).collect::<Vec<_>>(),
        [hashes(0, 0, 256), hashes(1, 0, 1)]
    );
    assert_eq!(
        tiles_for_size(257).collect::<Vec<_>>(),
        [hashes(0, 0, 256), hashes(0, 1, 1), hashes(1, 0, 1)]
    );
    // 70000 leaves: 273 full level-0 tiles + 112 wide; 273 level-8 nodes -> 1 full + 17;
    // 1 level-16 node -> one tile of width 1.
    assert_eq!(level_coverage(70_000, 0), (273, 112));
    assert_eq!(level_coverage(70_000, 1), (1, 17));
    assert_eq!(level_coverage(70_000, 2), (0, 1));
    assert_eq!(level_coverage(70_000, 3), (0, 0));
    let tiles: Vec<Tile> = tiles_for_size(70_000).collect();
    assert_eq!(tiles.len(), 274 + 2 + 1);
    assert_eq!(tiles[273], hashes(0, 273, 112));
    assert_eq!(tiles.last(), Some(&hashes(2, 0, 1)));
    assert_eq!(level_coverage(u64::MAX, 63), (0, 0));
    assert_eq!(level_coverage(u64::MAX, 7), (0, 255));
    assert_eq!(tiles_for_size(u64::MAX).next(), Some(hashes(0, 0, 256)));
    let bundles: Vec<Tile> = entry_bundles_for_size(513).collect();
    assert_eq!(bundles.len(), 3);
    assert_eq!(bundles[2].to_string(), "tile/entries/002.p/1");
    // Every generated path parses back to itself.
    for tile in tiles.iter().chain(&bundles) {
        assert_eq!(parse_tile_path(&tile.path()), Ok(*tile));
    }
}
