//! Property tests for the identifier types. The check characters are computed here with an
//! independent implementation of each algorithm, so these tests do not trust the library's own.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use proptest::sample::select;
use sanxiang_core::ids::{Checked, CreditCode, DivisionCode, IdError, IdNumber, OrgCode};

const GB32100: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const ALNUM: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// ---- independent oracles -------------------------------------------------------------------

fn gb32100_value(c: char) -> u32 {
    GB32100
        .chars()
        .position(|x| x == c)
        .expect("GB 32100 symbol") as u32
}

fn gb11714_value(c: char) -> u32 {
    ALNUM.chars().position(|x| x == c).expect("alphanumeric") as u32
}

fn gb32100_check(first17: &str) -> char {
    let mut weight = 1;
    let mut sum = 0;
    for c in first17.chars() {
        sum += gb32100_value(c) * weight;
        weight = weight * 3 % 31;
    }
    GB32100
        .chars()
        .nth(((31 - sum % 31) % 31) as usize)
        .expect("in range")
}

fn gb11714_check(body: &str) -> char {
    let sum: u32 = body
        .chars()
        .zip([3, 7, 9, 10, 5, 8, 4, 2])
        .map(|(c, w)| gb11714_value(c) * w)
        .sum();
    match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).expect("digit"),
    }
}

fn mod11_2_check(first17: &str) -> char {
    let sum: u32 = first17
        .chars()
        .enumerate()
        .map(|(i, c)| c.to_digit(10).expect("digit") * (1 << (17 - i)) % 11)
        .sum();
    ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize]
}

fn is_reserved(body: &str) -> bool {
    body.starts_with("PDY")
        && body[3..].chars().all(|c| c.is_ascii_digit())
        && &body[3..] != "00000"
}

// ---- generators ----------------------------------------------------------------------------

fn chars_from(set: &'static str, len: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(select(set.chars().collect::<Vec<_>>()), len)
        .prop_map(|v| v.into_iter().collect())
}

fn org_code() -> impl Strategy<Value = String> {
    chars_from(ALNUM, 8)
        .prop_filter("not reserved", |b| !is_reserved(b))
        .prop_map(|body| format!("{body}{}", gb11714_check(&body)))
}

fn credit_code() -> impl Strategy<Value = String> {
    chars_from(GB32100, 16)
        .prop_filter("not reserved", |b| !is_reserved(&b[8..]))
        .prop_map(|first16| {
            let first17 = format!("{first16}{}", gb11714_check(&first16[8..]));
            format!("{first17}{}", gb32100_check(&first17))
        })
}

fn id_number() -> impl Strategy<Value = String> {
    let divisions: Vec<&'static str> = DivisionCode::all().map(DivisionCode::as_str).collect();
    (select(divisions), 0i64..91_000, 0u32..1000).prop_map(|(division, days, sequence)| {
        let epoch = chrono::NaiveDate::from_ymd_opt(1850, 1, 1).expect("date");
        let birth = epoch + chrono::Duration::days(days);
        let first17 = format!("{division}{}{sequence:03}", birth.format("%Y%m%d"));
        format!("{first17}{}", mod11_2_check(&first17))
    })
}

/// A different symbol of `set` than `original`: the `offset`-th one after it, cyclically.
fn other_than(set: &str, original: char, offset: usize) -> char {
    let symbols: Vec<char> = set.chars().collect();
    let from = symbols.iter().position(|&c| c == original).unwrap_or(0);
    symbols[(from + 1 + offset % (symbols.len() - 1)) % symbols.len()]
}

/// A run `(start, len)` of at least four positions inside a value of `total` characters.
fn run_in(total: usize) -> impl Strategy<Value = (usize, usize)> {
    (0..=total - 4).prop_flat_map(move |start| (Just(start), 4..=total - start))
}

fn replace_at(s: &str, index: usize, c: char) -> String {
    s.chars()
        .enumerate()
        .map(|(i, x)| if i == index { c } else { x })
        .collect()
}

fn mask_run(s: &str, start: usize, len: usize, mask: char) -> String {
    s.chars()
        .enumerate()
        .map(|(i, x)| {
            if i >= start && i < start + len {
                mask
            } else {
                x
            }
        })
        .collect()
}

fn to_full_width(s: &str) -> String {
    s.chars()
        .map(|c| char::from_u32(u32::from(c) + 0xFEE0).expect("full-width form"))
        .collect()
}

// ---- properties ----------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_random_body_with_its_computed_check_is_a_valid_credit_code(code in credit_code()) {
        let parsed = CreditCode::parse(&code).expect("valid");
        prop_assert_eq!(parsed.as_str(), code.as_str());
        prop_assert_eq!(CreditCode::compute_check_char(&code[..17]), code.chars().last());
        prop_assert_eq!(String::from(parsed.org_code()), &code[8..17]);
        prop_assert_eq!(CreditCode::parse(&code.to_lowercase()).expect("lower case"), parsed.clone());
        prop_assert_eq!(CreditCode::parse(&to_full_width(&code)).expect("full width"), parsed);
    }

    #[test]
    fn a_random_body_with_its_computed_check_is_a_valid_org_code(code in org_code()) {
        let parsed = OrgCode::parse(&code).expect("valid");
        prop_assert_eq!(parsed.as_str(), code.as_str());
        let hyphenated = format!("{}-{}", &code[..8], &code[8..]);
        prop_assert_eq!(parsed.to_string(), hyphenated.clone());
        prop_assert_eq!(OrgCode::parse(&hyphenated).expect("hyphenated"), parsed);
    }

    #[test]
    fn a_random_id_with_its_computed_check_is_valid(id in id_number()) {
        let parsed = IdNumber::parse(&id).expect("valid");
        prop_assert_eq!(parsed.as_str(), id.as_str());
        prop_assert_eq!(parsed.division().as_str(), &id[..6]);
        prop_assert_eq!(parsed.birth_date().format("%Y%m%d").to_string(), &id[6..14]);
    }

    /// MOD 31 with weights 3^k (all non-zero mod the prime 31) and values below 31: any single
    /// substitution changes the sum, so it is always caught at position 18. (If the result holds
    /// a run `XXXX` it is reported as masked instead: still not valid.)
    #[test]
    fn any_single_substitution_in_a_credit_code_is_detected(
        code in credit_code(), index in 0usize..18, offset in 0usize..30,
    ) {
        let original = code.chars().nth(index).expect("index < 18");
        let mutated = replace_at(&code, index, other_than(GB32100, original, offset));
        let result = CreditCode::parse(&mutated);
        if mutated.contains("XXXX") {
            prop_assert_eq!(result, Err(IdError::Masked));
        } else {
            prop_assert!(matches!(result, Err(IdError::Checksum { position: 18, .. })), "{mutated}: {result:?}");
        }
    }

    /// MOD 11-2 with weights 2^k mod 11 (never 0) and digit differences below 11: any single
    /// substitution is caught at position 18.
    #[test]
    fn any_single_substitution_in_an_id_number_is_detected(
        id in id_number(), index in 0usize..18, offset in 0usize..10,
    ) {
        let legal = if index == 17 { "0123456789X" } else { "0123456789" };
        let original = id.chars().nth(index).expect("index < 18");
        let mutated = replace_at(&id, index, other_than(legal, original, offset));
        let result = IdNumber::parse(&mutated);
        prop_assert!(matches!(result, Err(IdError::Checksum { position: 18, .. })), "{mutated}: {result:?}");
    }

    /// GB 11714 is MOD 11 over values 0–35: a substitution is caught exactly when the two
    /// values differ by something other than a multiple of 11 (e.g. `0` and `B` are not told apart).
    #[test]
    fn a_single_substitution_in_an_org_code_is_detected_unless_the_values_differ_by_a_multiple_of_11(
        code in org_code(), index in 0usize..9, offset in 0usize..35,
    ) {
        let original = code.chars().nth(index).expect("index < 9");
        let replacement = other_than(ALNUM, original, offset);
        let mutated = replace_at(&code, index, replacement);
        let undetectable = index < 8
            && gb11714_value(original) % 11 == gb11714_value(replacement) % 11
            && !is_reserved(&mutated[..8]);
        prop_assert_eq!(OrgCode::parse(&mutated).is_ok(), undetectable, "{}", mutated);
    }

    #[test]
    fn parsing_never_panics_on_arbitrary_text(s in any::<String>()) {
        exercise_all(&s);
    }

    #[test]
    fn parsing_never_panics_on_near_miss_text(s in "[0-9A-Za-z*xX０-９Ａ-Ｚａ-ｚ＊－ \\-甲é]{0,20}") {
        exercise_all(&s);
    }

    #[test]
    fn a_credit_code_with_four_or_more_stars_is_masked(
        code in credit_code(), (start, len) in run_in(18),
    ) {
        let masked = mask_run(&code, start, len, '*');
        prop_assert!(CreditCode::check(&masked).is_masked(), "{}", masked);
    }

    #[test]
    fn an_id_number_with_four_or_more_stars_or_xs_is_masked(
        id in id_number(), (start, len) in run_in(18), x in any::<bool>(),
    ) {
        let masked = mask_run(&id, start, len, if x { 'X' } else { '*' });
        prop_assert!(IdNumber::check(&masked).is_masked(), "{}", masked);
    }

    /// An `X` run may by chance leave a credit code valid (X is a GB 32100 symbol); then it is
    /// valid, not masked. It is never reported as wrong.
    #[test]
    fn a_credit_code_with_an_x_run_is_masked_or_valid_never_invalid(
        code in credit_code(), (start, len) in run_in(18),
    ) {
        let masked = mask_run(&code, start, len, 'X');
        prop_assert!(!CreditCode::check(&masked).is_invalid(), "{}", masked);
    }

    #[test]
    fn a_masked_value_is_never_valid(s in "[0-9A-Z]{0,6}[*]{4,12}[0-9A-Z]{0,6}") {
        prop_assert!(!CreditCode::check(&s).is_valid());
        prop_assert!(!OrgCode::check(&s).is_valid());
        prop_assert!(!IdNumber::check(&s).is_valid());
        prop_assert!(!DivisionCode::check(&s).is_valid());
    }
}

fn exercise_all(s: &str) {
    observe(CreditCode::check(s), |c| {
        (c.masked(), c.region().to_owned(), c.org_code().to_string())
    });
    observe(OrgCode::check(s), |c| c.to_string());
    observe(IdNumber::check(s), |c| {
        (c.masked(), c.sex(), c.birth_date())
    });
    observe(DivisionCode::check(s), |c| (c.full_name(), c.status()));
    let _ = IdNumber::parse_legacy15(s).map(|id| id.masked());
    for result in [
        CreditCode::parse(s).err(),
        OrgCode::parse(s).err(),
        IdNumber::parse(s).err(),
        DivisionCode::parse(s).err(),
    ]
    .into_iter()
    .flatten()
    {
        let _ = (result.message_zh(), result.to_string(), result.rule());
    }
}

fn observe<T, R>(checked: Checked<T>, f: impl FnOnce(&T) -> R) {
    match &checked {
        Checked::Valid(value) => {
            let _ = f(value);
        }
        Checked::Masked(masked) => assert!(!masked.as_str().is_empty()),
        Checked::Invalid(error) => {
            let _ = error.message_zh();
        }
    }
}
