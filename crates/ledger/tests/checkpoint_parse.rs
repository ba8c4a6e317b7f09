//! C2SP tlog-checkpoint bodies: round trips, every malformed case, and properties.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use sanxiang_ledger::checkpoint::{Checkpoint, CheckpointError, hash_extension_line};
use sanxiang_ledger::hash::HashAlg;

/// The example from c2sp.org/tlog-checkpoint.
const SPEC_EXAMPLE: &str =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
const ROOT_B64: &str = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";

fn err(text: &str) -> CheckpointError {
    Checkpoint::parse(text).unwrap_err()
}

#[test]
fn the_c2sp_example_parses_and_prints_back_identically() {
    let c = Checkpoint::parse(SPEC_EXAMPLE).unwrap();
    assert_eq!(c.origin, "example.com/behind-the-sofa");
    assert_eq!(c.size, 20852163);
    assert_eq!(c.root[0], 0x0a);
    assert!(c.extensions.is_empty());
    assert_eq!(c.to_text(), SPEC_EXAMPLE);
    assert_eq!(
        c.hash_algorithm().unwrap_err(),
        CheckpointError::MissingHashAlgorithm
    );
}

#[test]
fn a_sanxiang_checkpoint_records_its_hash_algorithm_as_an_extension_line() {
    let c = Checkpoint::new("example.gov.cn/sanxiang/log", 7, [0u8; 32], HashAlg::Sm3);
    assert_eq!(
        c.to_text(),
        "example.gov.cn/sanxiang/log\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nhash sm3\n"
    );
    assert_eq!(Checkpoint::parse(&c.to_text()).unwrap(), c);
    assert_eq!(c.hash_algorithm().unwrap(), HashAlg::Sm3);
    let s = Checkpoint::new("o", 0, [1u8; 32], HashAlg::Sha256);
    assert!(s.to_text().ends_with("\nhash sha256\n"));
    assert_eq!(
        Checkpoint::parse(&s.to_text())
            .unwrap()
            .hash_algorithm()
            .unwrap(),
        HashAlg::Sha256
    );
}

#[test]
fn size_zero_and_the_largest_u64_are_accepted() {
    let t = format!("o\n0\n{ROOT_B64}\n");
    assert_eq!(Checkpoint::parse(&t).unwrap().size, 0);
    let t = format!("o\n18446744073709551615\n{ROOT_B64}\n");
    assert_eq!(Checkpoint::parse(&t).unwrap().size, u64::MAX);
}

#[test]
fn other_extension_lines_are_kept_in_order() {
    let t = format!("o\n1\n{ROOT_B64}\nfirst ext\nhash sm3\nthird — 扩展\n");
    let c = Checkpoint::parse(&t).unwrap();
    assert_eq!(c.extensions, vec!["first ext", "hash sm3", "third — 扩展"]);
    assert_eq!(c.to_text(), t);
    assert_eq!(c.to_string(), t);
    assert_eq!(t.parse::<Checkpoint>().unwrap(), c);
}

#[test]
fn origins_may_contain_inner_spaces_and_unicode() {
    let t = format!("某市 执法 日志\n1\n{ROOT_B64}\n");
    assert_eq!(Checkpoint::parse(&t).unwrap().origin, "某市 执法 日志");
}

#[test]
fn structural_errors_are_reported_precisely() {
    assert_eq!(err(""), CheckpointError::MissingFinalNewline);
    assert_eq!(
        err(&SPEC_EXAMPLE[..SPEC_EXAMPLE.len() - 1]),
        CheckpointError::MissingFinalNewline
    );
    assert_eq!(err("\n"), CheckpointError::TooFewLines { lines: 1 });
    assert_eq!(err("o\n1\n"), CheckpointError::TooFewLines { lines: 2 });
    assert_eq!(
        err(&format!("\n1\n{ROOT_B64}\n")),
        CheckpointError::EmptyOrigin
    );
    assert_eq!(
        err(&SPEC_EXAMPLE.replace('\n', "\r\n")),
        CheckpointError::CarriageReturn
    );
    assert_eq!(
        err(&format!("o\x07\n1\n{ROOT_B64}\n")),
        CheckpointError::ControlCharacter
    );
    assert_eq!(
        err(&format!("o\n1\n{ROOT_B64}\nx\ty\n")),
        CheckpointError::ControlCharacter
    );
    assert_eq!(
        err(&format!("o\n1\n{ROOT_B64}\n\n")),
        CheckpointError::EmptyExtension { line: 4 }
    );
    assert_eq!(
        err(&format!("o\n1\n{ROOT_B64}\na\n\nb\n")),
        CheckpointError::EmptyExtension { line: 5 }
    );
}

#[test]
fn leading_or_trailing_whitespace_on_any_line_is_rejected() {
    let cases = [
        (format!("o \n1\n{ROOT_B64}\n"), 1),
        (format!(" o\n1\n{ROOT_B64}\n"), 1),
        (format!("o\n1 \n{ROOT_B64}\n"), 2),
        (format!("o\n 1\n{ROOT_B64}\n"), 2),
        (format!("o\n1\n{ROOT_B64} \n"), 3),
        (format!("o\n1\n{ROOT_B64}\next \n"), 4),
        (format!("o\n1\n{ROOT_B64}\na\n\u{3000}b\n"), 5),
    ];
    for (t, line) in cases {
        assert_eq!(
            err(&t),
            CheckpointError::SurroundingWhitespace { line },
            "{t:?}"
        );
    }
}

#[test]
fn sizes_that_are_not_canonical_decimal_are_rejected() {
    for s in ["", "-1", "+1", "1e3", "0x10", "1_000", "١٢", "12a", "1.0"] {
        assert_eq!(
            err(&format!("o\n{s}\n{ROOT_B64}\n")),
            CheckpointError::SizeNotDecimal,
            "{s:?}"
        );
    }
    for s in ["00", "01", "0000000012"] {
        assert_eq!(
            err(&format!("o\n{s}\n{ROOT_B64}\n")),
            CheckpointError::SizeLeadingZero
        );
    }
    for s in ["18446744073709551616", "99999999999999999999999"] {
        assert_eq!(
            err(&format!("o\n{s}\n{ROOT_B64}\n")),
            CheckpointError::SizeOverflow
        );
    }
}

#[test]
fn roots_that_are_not_strict_base64_of_32_bytes_are_rejected() {
    let not_b64 = [
        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I", // missing padding
        "CsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=", // URL alphabet
        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=", // non-zero trailing bits
        "CsUYapGGPo4dkMgIAUqom/Xajj7h2f B2MPA3j2jxq2I=", // inner space
        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I==", // extra padding
    ];
    for r in not_b64 {
        let t = format!("o\n1\n{r}\n");
        assert_eq!(err(&t), CheckpointError::RootNotBase64, "{r:?}");
    }
    assert_eq!(err("o\n1\n\n"), CheckpointError::RootWrongLength { len: 0 });
    assert_eq!(
        err("o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n"),
        CheckpointError::RootWrongLength { len: 31 }
    );
    use base64::Engine as _;
    for len in [1usize, 33, 48, 64] {
        let r = base64::engine::general_purpose::STANDARD.encode(vec![7u8; len]);
        assert_eq!(
            err(&format!("o\n1\n{r}\n")),
            CheckpointError::RootWrongLength { len }
        );
    }
}

#[test]
fn hash_extension_lines_must_be_unique_and_known() {
    assert_eq!(
        err(&format!("o\n1\n{ROOT_B64}\nhash md5\n")),
        CheckpointError::UnknownHashAlgorithm("md5".into())
    );
    assert_eq!(
        err(&format!("o\n1\n{ROOT_B64}\nhash SM3\n")),
        CheckpointError::UnknownHashAlgorithm("SM3".into())
    );
    assert_eq!(
        err(&format!("o\n1\n{ROOT_B64}\nhash sm3\nhash sm3\n")),
        CheckpointError::DuplicateHashAlgorithm
    );
    assert_eq!(
        err(&format!("o\n1\n{ROOT_B64}\nhash sm3\nhash sha256\n")),
        CheckpointError::DuplicateHashAlgorithm
    );
}

#[test]
fn validate_rejects_checkpoints_whose_text_would_not_parse_back() {
    let good = Checkpoint::new("o", 1, [0; 32], HashAlg::Sm3);
    assert!(good.validate().is_ok());
    let mut c = good.clone();
    c.origin = "a\nb".into();
    assert_eq!(
        c.validate().unwrap_err(),
        CheckpointError::OriginContainsNewline
    );
    let mut c = good.clone();
    c.origin = String::new();
    assert_eq!(c.validate().unwrap_err(), CheckpointError::EmptyOrigin);
    let mut c = good.clone();
    c.extensions.push("x\ny".into());
    assert_eq!(
        c.validate().unwrap_err(),
        CheckpointError::ExtensionContainsNewline { line: 5 }
    );
    let mut c = good;
    c.extensions.push(String::new());
    assert_eq!(
        c.validate().unwrap_err(),
        CheckpointError::EmptyExtension { line: 5 }
    );
}

fn line() -> impl Strategy<Value = String> {
    // Non-empty, no control characters, no surrounding whitespace, never a `hash ` line.
    "[a-zA-Z0-9./:_-][a-zA-Z0-9./:_ 法律-]{0,20}[a-zA-Z0-9./_法-]|[a-zA-Z0-9]"
}

fn checkpoint() -> impl Strategy<Value = Checkpoint> {
    (
        line(),
        any::<u64>(),
        any::<[u8; 32]>(),
        prop::option::of(prop_oneof![Just(HashAlg::Sm3), Just(HashAlg::Sha256)]),
        prop::collection::vec(line().prop_map(|l| format!("x-{l}")), 0..4),
    )
        .prop_map(|(origin, size, root, hash, mut extensions)| {
            if let Some(h) = hash {
                extensions.insert(0, hash_extension_line(h));
            }
            Checkpoint {
                origin,
                size,
                root,
                extensions,
            }
        })
}

proptest! {
    #[test]
    fn parse_never_panics_on_arbitrary_strings(s in any::<String>()) {
        let _ = Checkpoint::parse(&s);
    }

    #[test]
    fn parse_never_panics_on_checkpoint_like_strings(
        s in "[a-z0\n\r =+/A-Z1-9-]{0,80}"
    ) {
        if let Ok(c) = Checkpoint::parse(&s) {
            prop_assert_eq!(c.to_text(), s);
        }
    }

    #[test]
    fn parse_of_to_text_is_the_identity(c in checkpoint()) {
        prop_assert!(c.validate().is_ok());
        prop_assert_eq!(Checkpoint::parse(&c.to_text()).unwrap(), c);
    }

    #[test]
    fn any_accepted_text_prints_back_identically(c in checkpoint(), cut in 0usize..200) {
        let text = c.to_text();
        let cut = text.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(text.len());
        if let Ok(p) = Checkpoint::parse(&text[..cut]) {
            prop_assert_eq!(p.to_text(), &text[..cut]);
        }
    }
}
