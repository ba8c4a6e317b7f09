//! The outcome of checking an identifier as found in real documents, and the input normalisation
//! shared by all identifier types.

use std::fmt;

use super::IdError;

/// The result of [`CreditCode::check`](super::CreditCode::check) and friends.
///
/// Published decisions often mask identifiers (`91430102**********`, `4301**********1234`).
/// Those are neither valid nor wrong: the record is kept, the check is skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked<T> {
    /// The value passed every check.
    Valid(T),
    /// The value has the right length but is masked; it cannot be checked.
    Masked(MaskedId),
    /// The value is wrong.
    Invalid(IdError),
}

impl<T> Checked<T> {
    /// `Ok` for a valid value; a masked value is `Err(IdError::Masked)`.
    pub fn into_result(self) -> Result<T, IdError> {
        match self {
            Self::Valid(value) => Ok(value),
            Self::Masked(_) => Err(IdError::Masked),
            Self::Invalid(error) => Err(error),
        }
    }

    /// The valid value, if any.
    pub fn valid(self) -> Option<T> {
        match self {
            Self::Valid(value) => Some(value),
            _ => None,
        }
    }

    pub fn is_valid(&self) -> bool {
        matches!(self, Self::Valid(_))
    }

    pub fn is_masked(&self) -> bool {
        matches!(self, Self::Masked(_))
    }

    pub fn is_invalid(&self) -> bool {
        matches!(self, Self::Invalid(_))
    }
}

/// A masked identifier, kept as written (after normalisation), e.g. `91430102**********`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MaskedId(String);

impl MaskedId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for MaskedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for MaskedId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Trims, folds full-width forms (`０-９`, `Ａ-Ｚ`, `＊`, `－` …) to ASCII and upper-cases ASCII
/// letters.
pub(crate) fn normalize(input: &str) -> String {
    input
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Minimum length of a run of `*` or `X` that marks a value as masked.
const MASK_RUN: usize = 4;

/// Checks a normalised value: valid if `parse` accepts it, masked if it has the right length and a
/// run of at least four `*` or `X`, invalid otherwise. A valid value is never reported as masked,
/// so a credit code that legitimately contains four `X` in a row stays valid.
pub(crate) fn check_normalized<T>(
    normalized: &str,
    len: usize,
    parse: impl FnOnce(&str) -> Result<T, IdError>,
) -> Checked<T> {
    match parse(normalized) {
        Ok(value) => Checked::Valid(value),
        Err(_) if normalized.chars().count() == len && has_mask_run(normalized) => {
            Checked::Masked(MaskedId(normalized.to_owned()))
        }
        Err(error) => Checked::Invalid(error),
    }
}

fn has_mask_run(s: &str) -> bool {
    ['*', 'X'].into_iter().any(|mask| {
        let mut run = 0;
        s.chars().any(|c| {
            run = if c == mask { run + 1 } else { 0 };
            run >= MASK_RUN
        })
    })
}

/// The 1-based position and value of the first character not accepted by `allowed`.
pub(crate) fn first_illegal(s: &str, allowed: impl Fn(usize, char) -> bool) -> Result<(), IdError> {
    match s.chars().enumerate().find(|&(i, c)| !allowed(i, c)) {
        Some((i, found)) => Err(IdError::IllegalChar {
            position: i + 1,
            found,
        }),
        None => Ok(()),
    }
}

/// `Err(IdError::Length)` unless `s` has exactly `expected` characters.
pub(crate) fn expect_len(s: &str, expected: usize) -> Result<(), IdError> {
    let found = s.chars().count();
    if found == expected {
        Ok(())
    } else {
        Err(IdError::Length { expected, found })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_lower_case_are_folded() {
        assert_eq!(normalize(" ９１ａｂ＊－x\u{3000}"), "91AB*-X");
    }

    #[test]
    fn runs_of_four_mask_characters_are_masks() {
        assert!(has_mask_run("12****"));
        assert!(has_mask_run(&format!("12{}", "X".repeat(4))));
        assert!(!has_mask_run("12***X"));
        assert!(!has_mask_run(&format!("1X2XX3{}", "X".repeat(3))));
    }
}
