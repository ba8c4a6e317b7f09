#![allow(clippy::unwrap_used)]
//! Thumbnails of JPEG/PNG blobs: size, aspect, format, caching, refusals.

use std::io::Cursor;

use image::{ImageFormat, RgbImage};
use sanxiang_evidence::{Completion, EvidenceError, EvidenceStore, Hash, Metadata};

fn upload(store: &EvidenceStore, bytes: &[u8]) -> Hash {
    let id = store
        .create(bytes.len() as u64, None, None, Metadata::default())
        .unwrap();
    store.put_part(&id, 0, bytes).unwrap();
    match store.complete(&id).unwrap() {
        Completion::Stored { record, .. } => record.digests.sm3,
        other => panic!("{other:?}"),
    }
}

fn encoded(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

#[test]
fn png_and_jpeg_blobs_get_a_cached_jpeg_thumbnail_with_the_aspect_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = EvidenceStore::open(dir.path()).unwrap();
    for (format, w, h, expect) in [
        (ImageFormat::Png, 300, 200, (64, 43)),
        (ImageFormat::Jpeg, 120, 480, (16, 64)),
    ] {
        let sm3 = upload(&store, &encoded(w, h, format));
        let thumb = store.thumbnail(&sm3, 64).unwrap();
        assert_eq!(image::guess_format(&thumb).unwrap(), ImageFormat::Jpeg);
        let decoded = image::load_from_memory(&thumb).unwrap();
        assert_eq!((decoded.width(), decoded.height()), expect, "{format:?}");
        let cached = dir
            .path()
            .join("blobs")
            .join(format!("{}.thumb-64.jpg", sm3.to_hex()));
        assert_eq!(std::fs::read(&cached).unwrap(), thumb);
        // Served from the cache: a marker written there comes back.
        std::fs::write(&cached, b"cached").unwrap();
        assert_eq!(store.thumbnail(&sm3, 64).unwrap(), b"cached");
    }
}

#[test]
fn non_images_bad_sizes_and_unknown_blobs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = EvidenceStore::open(dir.path()).unwrap();
    let text = upload(&store, b"not an image at all");
    assert!(matches!(
        store.thumbnail(&text, 64),
        Err(EvidenceError::Thumbnail(_))
    ));
    let mut broken = encoded(50, 50, ImageFormat::Png);
    broken.truncate(60);
    let broken = upload(&store, &broken);
    assert!(matches!(
        store.thumbnail(&broken, 64),
        Err(EvidenceError::Thumbnail(_))
    ));
    let png = upload(&store, &encoded(40, 40, ImageFormat::Png));
    assert!(matches!(
        store.thumbnail(&png, 0),
        Err(EvidenceError::Thumbnail(_))
    ));
    assert!(matches!(
        store.thumbnail(&png, 100_000),
        Err(EvidenceError::Thumbnail(_))
    ));
    assert!(matches!(
        store.thumbnail(&Hash::default(), 64),
        Err(EvidenceError::UnknownBlob(_))
    ));
    // A picture smaller than the box is not enlarged.
    let small = image::load_from_memory(&store.thumbnail(&png, 64).unwrap()).unwrap();
    assert_eq!((small.width(), small.height()), (40, 40));
}
