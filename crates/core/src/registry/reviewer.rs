//! R8 / REG-3: legal reviewers, their qualification and the 5% ratio.

use chrono::NaiveDate;
use serde::Serialize;

use crate::rule::Violation;

/// R8: reviewers should be at least 5% of the organ's officers.
pub const REVIEWER_RATIO_MIN: f64 = 0.05;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReviewerRatio {
    pub reviewers: u64,
    pub officers: u64,
}

impl ReviewerRatio {
    /// The ratio, or `None` for an agency without officers.
    pub fn ratio(&self) -> Option<f64> {
        (self.officers > 0).then(|| self.reviewers as f64 / self.officers as f64)
    }

    /// Percentage with one decimal, for display.
    pub fn percent_label(&self) -> String {
        match self.ratio() {
            Some(r) => format!("{:.1}%", r * 100.0),
            None => "—".to_owned(),
        }
    }
}

/// R8 (WARN): a warning when an agency with officers has reviewers below 5% of them.
pub fn check_reviewer_ratio(r: ReviewerRatio) -> Option<Violation> {
    let ratio = r.ratio()?;
    (ratio < REVIEWER_RATIO_MIN).then(|| {
        Violation::warn(
            "R8",
            None,
            format!(
                "法制审核人员{}人，占执法人员{}人的{}，低于5%",
                r.reviewers,
                r.officers,
                r.percent_label()
            ),
        )
    })
}

/// R8 (HARD): the law in force from 2021-07-15 requires 法律职业资格 for anyone who first does
/// legal review of penalty decisions. The cut-off date is an interpretation (UNVERIFIED).
pub fn may_first_review_penalties(qualified: bool, first_review: Option<NaiveDate>) -> bool {
    let cutoff = NaiveDate::from_ymd_opt(2021, 7, 15);
    qualified || matches!((first_review, cutoff), (Some(d), Some(c)) if d < c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r8_ratio_below_five_percent_warns() {
        let w = check_reviewer_ratio(ReviewerRatio {
            reviewers: 2,
            officers: 41,
        });
        assert_eq!(w.as_ref().map(|v| v.rule.as_str()), Some("R8"));
        assert!(
            check_reviewer_ratio(ReviewerRatio {
                reviewers: 2,
                officers: 40
            })
            .is_none()
        );
        assert!(
            check_reviewer_ratio(ReviewerRatio {
                reviewers: 0,
                officers: 0
            })
            .is_none()
        );
    }

    #[test]
    fn r8_unqualified_reviewer_may_not_start_after_2021_07_15() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert!(may_first_review_penalties(true, None));
        assert!(!may_first_review_penalties(false, None));
        assert!(!may_first_review_penalties(false, d(2021, 7, 15)));
        assert!(may_first_review_penalties(false, d(2021, 7, 14)));
    }
}
