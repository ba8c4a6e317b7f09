//! RFC 3161 genTime: `YYYYMMDDhhmmss[.s+]Z`, UTC, fraction without trailing zeros. Parsed by
//! hand because `der`'s GeneralizedTime refuses fractions, which TSAs with
//! `clock_precision_digits` set produce.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A parsed genTime: seconds and nanoseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct GenTime {
    pub secs: u64,
    pub nanos: u32,
}

impl GenTime {
    pub fn to_system_time(self) -> SystemTime {
        UNIX_EPOCH + Duration::new(self.secs, self.nanos)
    }
}

/// Parses the content octets of a GeneralizedTime as RFC 3161 restricts it.
pub(crate) fn parse(text: &[u8]) -> Result<GenTime, String> {
    let s = std::str::from_utf8(text).map_err(|_| "not ASCII".to_string())?;
    let body = s.strip_suffix('Z').ok_or("does not end in Z (UTC)")?;
    let (whole, frac) = match body.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    if whole.len() != 14 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err("expected YYYYMMDDhhmmss".into());
    }
    let num = |r: std::ops::Range<usize>| -> u64 {
        whole
            .get(r)
            .and_then(|p| p.parse().ok())
            .unwrap_or(u64::MAX)
    };
    let (year, month, day) = (num(0..4), num(4..6), num(6..8));
    let (hour, minute, second) = (num(8..10), num(10..12), num(12..14));
    if year < 1970 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err("date out of range".into());
    }
    // Leap seconds (second 60) are refused: they cannot be represented as Unix time.
    if hour > 23 || minute > 59 || second > 59 {
        return Err("time of day out of range".into());
    }
    let nanos = match frac {
        None => 0,
        Some(f) => {
            if f.is_empty()
                || f.len() > 9
                || f.ends_with('0')
                || !f.bytes().all(|b| b.is_ascii_digit())
            {
                return Err("fraction must be 1 to 9 digits without trailing zeros".into());
            }
            let padded = format!("{f:0<9}");
            padded
                .parse::<u32>()
                .map_err(|_| "fraction is not a number".to_string())?
        }
    };
    let days = days_from_civil(year, month, day);
    Ok(GenTime {
        secs: days * 86_400 + hour * 3600 + minute * 60 + second,
        nanos,
    })
}

fn is_leap(year: u64) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a date on or after it.
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let mut days = 0;
    for y in 1970..year {
        days += if is_leap(y) { 366 } else { 365 };
    }
    for m in 1..month {
        days += days_in_month(year, m);
    }
    days + day - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_whole_and_fractional_seconds() {
        assert_eq!(parse(b"19700101000000Z"), Ok(GenTime { secs: 0, nanos: 0 }));
        assert_eq!(parse(b"20000301000000Z").map(|t| t.secs), Ok(951_868_800));
        assert_eq!(
            parse(b"20240229235959.5Z"),
            Ok(GenTime {
                secs: 1_709_251_199,
                nanos: 500_000_000
            })
        );
    }

    #[test]
    fn refuses_non_rfc3161_forms() {
        for bad in [
            "20240101000000",
            "20240101000000.50Z",
            "20240101000000.Z",
            "20230229000000Z",
            "20240101240000Z",
            "2024010100000Z",
            "20240101000060Z",
            "19691231235959Z",
            "+0240101000000Z",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}
