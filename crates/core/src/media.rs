//! What a stored file is, read from its first bytes rather than from what the uploader declared
//! (SEC-2). Only types that a browser shows without running anything may be shown inline; every
//! other file — HTML, SVG, XML, scripts, office files, anything unrecognised — is a download.

/// Bytes of a file's head that [`inline_type`] looks at.
pub const HEAD_LEN: usize = 16;

/// The media type under which a file starting with `head` may be shown inline, if any:
/// JPEG, PNG, GIF, WebP, PDF, MP4/M4A/3GP (ISO base media), WebM, MP3, WAV, Ogg.
pub fn inline_type(head: &[u8]) -> Option<&'static str> {
    let at = |i: usize, sig: &[u8]| head.get(i..i + sig.len()) == Some(sig);
    if at(0, &[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if at(0, b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if at(0, b"GIF87a") || at(0, b"GIF89a") {
        Some("image/gif")
    } else if at(0, b"RIFF") && at(8, b"WEBP") {
        Some("image/webp")
    } else if at(0, b"RIFF") && at(8, b"WAVE") {
        Some("audio/wav")
    } else if at(0, b"%PDF-") {
        Some("application/pdf")
    } else if at(4, b"ftyp") {
        iso_media(head.get(8..12)?)
    } else if at(0, &[0x1A, 0x45, 0xDF, 0xA3]) {
        Some("video/webm")
    } else if at(0, b"OggS") {
        Some("audio/ogg")
    } else if at(0, b"ID3") || (head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0) {
        Some("audio/mpeg")
    } else {
        None
    }
}

/// ISO base media files by major brand: audio-only brands are audio, the rest video.
fn iso_media(brand: &[u8]) -> Option<&'static str> {
    match brand {
        b"M4A " | b"M4B " => Some("audio/mp4"),
        b if b.starts_with(b"3gp") || b.starts_with(b"3g2") => Some("video/3gpp"),
        b if b.iter().all(|c| c.is_ascii_graphic() || *c == b' ') => Some("video/mp4"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sec2_markup_is_never_inline_whatever_was_declared() {
        for head in [
            &b"<!DOCTYPE html><script>"[..],
            b"<html><body>",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\">",
            b"<?xml version=\"1.0\"?>",
            b"+ADw-script+AD4-",
            b"\xEF\xBB\xBF<script>",
            b"PK\x03\x04",
            b"",
        ] {
            assert_eq!(inline_type(head), None, "{head:?}");
        }
    }

    #[test]
    fn sec2_media_types_are_sniffed_from_content() {
        assert_eq!(
            inline_type(b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
            Some("image/jpeg")
        );
        assert_eq!(inline_type(b"\x89PNG\r\n\x1a\n\0\0"), Some("image/png"));
        assert_eq!(inline_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(inline_type(b"RIFF\0\0\0\0WAVEfmt "), Some("audio/wav"));
        assert_eq!(inline_type(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(inline_type(b"\0\0\0\x20ftypisom\0\0"), Some("video/mp4"));
        assert_eq!(inline_type(b"\0\0\0\x20ftypM4A \0\0"), Some("audio/mp4"));
        assert_eq!(inline_type(b"\0\0\0\x20ftyp3gp4\0\0"), Some("video/3gpp"));
        assert_eq!(inline_type(b"ID3\x04\0"), Some("audio/mpeg"));
        assert_eq!(inline_type(b"OggS\0\x02"), Some("audio/ogg"));
        assert_eq!(inline_type(b"\x1A\x45\xDF\xA3\x9f"), Some("video/webm"));
    }
}
