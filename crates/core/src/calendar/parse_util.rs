//! Field parsers shared by the CSV and JSON notice readers.

use chrono::NaiveDate;

use super::error::ParseProblem;

/// `YYYY-MM-DD`, exactly (no signs, no missing zero padding).
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, ParseProblem> {
    let invalid = || ParseProblem::InvalidDate(text.to_owned());
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let well_formed = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10);
    if !well_formed {
        return Err(invalid());
    }
    let number = |r: std::ops::Range<usize>| text[r].parse::<u32>().map_err(|_| invalid());
    let year = i32::try_from(number(0..4)?).map_err(|_| invalid())?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?).ok_or_else(invalid)
}

/// `true` or `false`, case-insensitive.
pub(crate) fn parse_bool(text: &str) -> Result<bool, ParseProblem> {
    if text.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if text.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(ParseProblem::InvalidBool(text.to_owned()))
    }
}

/// A four-digit year.
pub(crate) fn parse_year(text: &str) -> Result<i32, ParseProblem> {
    if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse()
            .map_err(|_| ParseProblem::InvalidYear(text.to_owned()))
    } else {
        Err(ParseProblem::InvalidYear(text.to_owned()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_zero_padded_iso_dates() {
        assert_eq!(
            parse_date("2026-01-04"),
            Ok(NaiveDate::from_ymd_opt(2026, 1, 4).unwrap())
        );
        for bad in [
            "2026-1-4",
            "2026-02-30",
            "+2026-01-04",
            "2026/01/04",
            "",
            "２０２６-01-04",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }
}
