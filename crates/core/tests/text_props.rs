//! SEC-2 properties of the text and media parsers: whatever comes in, what is accepted holds no
//! control or invisible character, is NFC, fits its field and accepts again unchanged; markup is
//! never shown inline.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use sanxiang_core::media::inline_type;
use sanxiang_core::text::{DEFAULT_MAX_CHARS, accept};
use unicode_normalization::UnicodeNormalization;

const FIELDS: [&str; 5] = ["name", "party.name", "cause", "content", "agency_name"];

proptest! {
    #[test]
    fn sec2_accepted_text_is_clean_nfc_bounded_and_stable(
        s in "\\PC{0,40}|[\\x00-\\x1f\\u{200b}-\\u{200f}\\u{202a}-\\u{202e}a-z张三\\u{301}]{0,40}",
        f in 0usize..FIELDS.len(),
    ) {
        let field = FIELDS[f];
        if let Ok(v) = accept(field, &s) {
            for c in v.chars() {
                let allowed = !c.is_control() || (field == "content" && "\t\r\n".contains(c));
                prop_assert!(allowed, "{:?} in {}", c, field);
                let invisible = matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}');
                prop_assert!(!invisible, "{:?}", c);
            }
            prop_assert_eq!(v.nfc().collect::<String>(), v.to_string());
            prop_assert!(v.chars().count() <= DEFAULT_MAX_CHARS);
            prop_assert_eq!(accept(field, &v).unwrap(), v.clone());
        }
    }

    #[test]
    fn sec2_markup_is_never_inline(
        lead in "[ \\t\\r\\n]{0,3}",
        tag in "(html|svg|script|\\?xml|!DOCTYPE|body|iframe)",
        rest in proptest::collection::vec(any::<u8>(), 0..32),
    ) {
        let mut head = lead.into_bytes();
        head.push(b'<');
        head.extend_from_slice(tag.as_bytes());
        head.extend_from_slice(&rest);
        prop_assert_eq!(inline_type(&head), None);
    }
}
