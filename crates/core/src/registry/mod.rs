//! The registry (REG-1..3): agencies, entrustments, officers and certificates, reviewers.
//! Pure rules; the store keeps the records and the app applies these rules before each write.

mod agency;
mod certificate;
mod entrustment;
mod reviewer;

pub use agency::{AgencyNature, Funding};
pub use certificate::{
    CertificateNo, CertificateNoError, CertificateStatus, StatusChange, StatusEvent, status_at,
};
pub use entrustment::{EntrustmentDraft, check_entrustment};
pub use reviewer::{
    REVIEWER_RATIO_MIN, ReviewerRatio, check_reviewer_ratio, may_first_review_penalties,
};
