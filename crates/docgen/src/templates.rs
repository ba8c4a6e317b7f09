//! The templates, compiled into the binary. Each starts with `// template-version: N`; the
//! version is stored with every issued document so a re-render can be told apart from the
//! original layout.

use sanxiang_core::instrument::InstrumentKind;

pub(crate) const COMMON: &str = include_str!("../templates/common.typ");

/// The typst source of `kind`'s template.
pub(crate) fn source(kind: InstrumentKind) -> &'static str {
    use InstrumentKind as K;
    match kind {
        K::FilingApproval => include_str!("../templates/filing_approval.typ"),
        K::InspectionRecord => include_str!("../templates/inspection_record.typ"),
        K::InquiryRecord => include_str!("../templates/inquiry_record.typ"),
        K::EvidencePreservationNotice => {
            include_str!("../templates/evidence_preservation_notice.typ")
        }
        K::PenaltyPriorNotice => include_str!("../templates/penalty_prior_notice.typ"),
        K::HearingNotice => include_str!("../templates/hearing_notice.typ"),
        K::HearingRecord => include_str!("../templates/hearing_record.typ"),
        K::CollectiveDiscussion => include_str!("../templates/collective_discussion.typ"),
        K::PenaltyDecision => include_str!("../templates/penalty_decision.typ"),
        K::OnSpotPenaltyDecision => include_str!("../templates/on_spot_penalty_decision.typ"),
        K::SeizureDecision => include_str!("../templates/seizure_decision.typ"),
        K::SeizureList => include_str!("../templates/seizure_list.typ"),
        K::ServiceReceipt => include_str!("../templates/service_receipt.typ"),
        K::ClosingReport => include_str!("../templates/closing_report.typ"),
    }
}

/// The version on the first line of `kind`'s template (`// template-version: N`); 0 if absent.
pub fn template_version(kind: InstrumentKind) -> u32 {
    version_of(source(kind))
}

pub(crate) fn version_of(text: &str) -> u32 {
    text.lines()
        .next()
        .and_then(|l| l.trim().strip_prefix("// template-version:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}
