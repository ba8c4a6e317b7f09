//! What a stored file is, read from its first bytes rather than from what the uploader declared
//! (SEC-2, CASE-4). The bytes decide both the file's kind — only real audio or video counts as
//! 音像记录 for A3 — and whether a browser may show it: only types that a browser shows without
//! running anything are inline; every other file — HTML, SVG, XML, scripts, office files,
//! anything unrecognised — is a download.

/// Bytes of a file's head that [`sniff`] looks at.
pub const HEAD_LEN: usize = 16;

/// A file's kind, as the case record and A3 count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Photo,
    Video,
    Audio,
    Document,
}

impl MediaKind {
    /// The stored code (`evidence.kind`).
    pub fn code(self) -> &'static str {
        match self {
            MediaKind::Photo => "photo",
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
            MediaKind::Document => "document",
        }
    }
}

/// A recognised format: its media type, kind, and whether browsers may show it inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    pub media_type: &'static str,
    pub kind: MediaKind,
    pub inline: bool,
}

const fn format(media_type: &'static str, kind: MediaKind, inline: bool) -> Sniffed {
    Sniffed {
        media_type,
        kind,
        inline,
    }
}

/// The format of a file starting with `head`, if it is one we know.
pub fn sniff(head: &[u8]) -> Option<Sniffed> {
    use MediaKind::{Audio, Document, Photo, Video};
    let at = |i: usize, sig: &[u8]| head.get(i..i + sig.len()) == Some(sig);
    Some(if at(0, &[0xFF, 0xD8, 0xFF]) {
        format("image/jpeg", Photo, true)
    } else if at(0, b"\x89PNG\r\n\x1a\n") {
        format("image/png", Photo, true)
    } else if at(0, b"GIF87a") || at(0, b"GIF89a") {
        format("image/gif", Photo, true)
    } else if at(0, b"RIFF") && at(8, b"WEBP") {
        format("image/webp", Photo, true)
    } else if at(0, b"RIFF") && at(8, b"WAVE") {
        format("audio/wav", Audio, true)
    } else if at(0, b"RIFF") && at(8, b"AVI ") {
        format("video/x-msvideo", Video, false)
    } else if at(0, b"%PDF-") {
        format("application/pdf", Document, true)
    } else if at(4, b"ftyp") {
        iso_media(head.get(8..12)?)?
    } else if at(0, &[0x1A, 0x45, 0xDF, 0xA3]) {
        format("video/webm", Video, true)
    } else if at(0, b"OggS") {
        format("audio/ogg", Audio, true)
    } else if at(0, b"#!AMR") {
        format("audio/amr", Audio, false)
    } else if at(0, b"FLV") {
        format("video/x-flv", Video, false)
    } else if at(0, &[0x00, 0x00, 0x01, 0xBA]) {
        format("video/mpeg", Video, false)
    } else if at(0, b"ID3") || (head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0) {
        format("audio/mpeg", Audio, true)
    } else {
        return None;
    })
}

/// The media type under which a file starting with `head` may be shown inline, if any.
pub fn inline_type(head: &[u8]) -> Option<&'static str> {
    sniff(head).filter(|s| s.inline).map(|s| s.media_type)
}

/// The kind of a file starting with `head`: what it is, not what it was declared to be.
pub fn kind(head: &[u8]) -> MediaKind {
    sniff(head).map_or(MediaKind::Document, |s| s.kind)
}

/// ISO base media files by major brand: HEIF/AVIF are photos, audio-only brands audio, the
/// rest video.
fn iso_media(brand: &[u8]) -> Option<Sniffed> {
    use MediaKind::{Audio, Photo, Video};
    Some(match brand {
        b"avif" | b"avis" => format("image/avif", Photo, true),
        b"heic" | b"heix" | b"heim" | b"heis" | b"mif1" | b"msf1" => {
            format("image/heic", Photo, false)
        }
        b"M4A " | b"M4B " => format("audio/mp4", Audio, true),
        b"qt  " => format("video/quicktime", Video, false),
        b if b.starts_with(b"3gp") || b.starts_with(b"3g2") => format("video/3gpp", Video, true),
        b if b.iter().all(|c| c.is_ascii_graphic() || *c == b' ') => {
            format("video/mp4", Video, true)
        }
        _ => return None,
    })
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

    #[test]
    fn a3_case4_only_real_audio_and_video_bytes_are_av_records() {
        assert_eq!(kind(b"\0\0\0\x20ftypmp42\0\0"), MediaKind::Video);
        assert_eq!(kind(b"\0\0\0\x14ftypqt  \0\0"), MediaKind::Video);
        assert_eq!(kind(b"RIFF\0\0\0\0AVI LIST"), MediaKind::Video);
        assert_eq!(kind(b"#!AMR\n"), MediaKind::Audio);
        assert_eq!(kind(b"\0\0\0\x18ftypheic\0\0"), MediaKind::Photo);
        // A phone's HEIC photo is kept as a photo but downloaded, not shown inline.
        assert_eq!(inline_type(b"\0\0\0\x18ftypheic\0\0"), None);
        // Whatever was declared, bytes that are no media are a document.
        assert_eq!(kind(&[7u8; 16]), MediaKind::Document);
        assert_eq!(kind(b"<html><video>"), MediaKind::Document);
    }
}
