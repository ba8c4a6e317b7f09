//! Photo thumbnails: JPEG previews of JPEG/PNG blobs, made once and cached next to the blob as
//! `blobs/<sm3 hex>.thumb-<max side>.jpg` (blobs never change, so the cache never goes stale).

use std::io::{BufReader, Cursor};

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sanxiang_ledger::hash::Hash;

use crate::error::{EvidenceError, Result, io_ctx};
use crate::fsutil::write_atomic;
use crate::store::EvidenceStore;

/// Smallest thumbnail side accepted.
pub const MIN_THUMB_SIDE: u32 = 16;
/// Largest thumbnail side accepted (bounds the cache and the work per request).
pub const MAX_THUMB_SIDE: u32 = 2048;
/// JPEG quality of thumbnails.
const QUALITY: u8 = 80;
/// Largest decoded image accepted, in bytes of pixel buffer.
const MAX_DECODE_ALLOC: u64 = 512 * 1024 * 1024;

impl EvidenceStore {
    /// A JPEG no larger than `max_side` × `max_side` (aspect kept, EXIF orientation applied)
    /// of a JPEG or PNG blob.
    pub fn thumbnail(&self, sm3: &Hash, max_side: u32) -> Result<Vec<u8>> {
        if !(MIN_THUMB_SIDE..=MAX_THUMB_SIDE).contains(&max_side) {
            return Err(EvidenceError::Thumbnail(format!(
                "side {max_side} is outside {MIN_THUMB_SIDE}..={MAX_THUMB_SIDE}"
            )));
        }
        let cache = self
            .root()
            .join("blobs")
            .join(format!("{}.thumb-{max_side}.jpg", sm3.to_hex()));
        match std::fs::read(&cache) {
            Ok(bytes) => return Ok(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_ctx(format!("reading {}", cache.display()))(e)),
        }
        let blob = self.open_blob(sm3)?;
        let bytes = render(BufReader::new(blob), max_side)?;
        write_atomic(&cache, &bytes)?;
        Ok(bytes)
    }
}

fn render<R: std::io::BufRead + std::io::Seek>(input: R, max_side: u32) -> Result<Vec<u8>> {
    let fail = |what: &str, e: image::ImageError| EvidenceError::Thumbnail(format!("{what}: {e}"));
    let mut reader = ImageReader::new(input)
        .with_guessed_format()
        .map_err(|e| EvidenceError::Thumbnail(format!("reading the blob: {e}")))?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png) => {}
        _ => {
            return Err(EvidenceError::Thumbnail(
                "the blob is not a JPEG or PNG image".into(),
            ));
        }
    }
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| fail("decoding", e))?;
    let orientation = decoder
        .orientation()
        .map_err(|e| fail("reading orientation", e))?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| fail("decoding", e))?;
    image.apply_orientation(orientation);
    // Never enlarge a picture that already fits.
    if image.width() > max_side || image.height() > max_side {
        image = image.thumbnail(max_side, max_side);
    }
    let rgb = image.into_rgb8();
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(Cursor::new(&mut out), QUALITY)
        .encode_image(&rgb)
        .map_err(|e| fail("encoding", e))?;
    Ok(out)
}
