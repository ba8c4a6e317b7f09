//! Documents drafted from the case record (AI-3, in part): the party, the officers and the act's
//! own data fill the document, so that what is printed is what was recorded, and the officer
//! types nothing twice. A draft is then checked like any document ([`super::check_required`]);
//! drafting itself never invents a missing element.

use chrono::NaiveDateTime;

use crate::calendar::Period;

use super::content::{
    DeliveryMethod, InspectionRecord, InstrumentContent, PenaltyPriorNotice, ServedDocument,
    ServiceReceipt,
};
use super::parts::{LegalBasis, Officer, PartyInfo, RecordHeader, Signatures, Witness};
use crate::case::payload::{Notice, Service, ServiceMethod, Transcript, TranscriptKind};
use crate::case::state::CaseState;
use crate::catalog::legal_basis::parse_legal_basis;

/// What every draft takes from the case and the act.
pub struct DraftContext<'a> {
    pub state: &'a CaseState,
    /// The act's officers with their names, as the registry has them.
    pub officers: Vec<Officer>,
    /// The agency's full name (行政机关名称).
    pub organ: &'a str,
    /// When the act took place.
    pub at: NaiveDateTime,
    /// The 陈述申辩 period the decision gate enforces (P5, `CaseConfig::reply_period`): the
    /// notice prints the same.
    pub reply_period: Period,
}

impl DraftContext<'_> {
    /// The party as printed: the ID number masked (A8), the credit code in full.
    fn party(&self) -> PartyInfo {
        match &self.state.party {
            Some(p) => PartyInfo::from_party(p, None),
            None => PartyInfo {
                name: String::new(),
                kind: super::parts::PartyKind::Organisation,
                id_display: String::new(),
                address: String::new(),
                legal_representative: None,
            },
        }
    }
}

/// Provisions as the documents print them: `《law》` and `第…条…` per reference.
pub fn legal_bases(text: &str) -> Vec<LegalBasis> {
    parse_legal_basis(text)
        .into_iter()
        .map(|r| {
            let label = r.label_zh();
            let law = format!("《{}》", r.law);
            LegalBasis {
                article: label.trim_start_matches(law.as_str()).to_owned(),
                law,
            }
        })
        .collect()
}

/// The on-site details a 现场检查笔录 prints besides the act's own data.
pub struct InspectionDetails {
    pub started_at: NaiveDateTime,
    pub place: String,
    /// 现场负责人 or other person present, with their role.
    pub present_person: String,
    /// 记录人 (one of the officers).
    pub recorder: String,
    /// 见证人 when the party refused to sign.
    pub witness: Option<Witness>,
}

/// 现场检查笔录 from an inspection transcript (§10 笔录, A7, R4): `None` for other transcripts.
pub fn inspection_record(
    ctx: &DraftContext<'_>,
    t: &Transcript,
    details: InspectionDetails,
) -> Option<InstrumentContent> {
    if t.kind != TranscriptKind::Inspection {
        return None;
    }
    Some(InstrumentContent::InspectionRecord(InspectionRecord {
        header: RecordHeader {
            started_at: details.started_at,
            ended_at: ctx.at,
            place: details.place,
            officers: ctx.officers.clone(),
            recorder: details.recorder,
            certificates_shown: !t.certificates_shown.is_empty(),
            rights_notified: t.rights_notified,
        },
        party: ctx.party(),
        present_person: details.present_person,
        content: t.content.clone(),
        signatures: Signatures {
            party_checked: t.party_signed,
            party_signed: t.party_signed,
            refusal_note: t.refusal_note.clone(),
            witness: details.witness,
            officers_signed: t.officers_signed,
        },
    }))
}

/// 行政处罚事先告知书 from the 事先告知 act (P5, P6): facts, reasons, basis and the intended
/// penalties exactly as recorded; the hearing period only when a hearing is offered.
pub fn prior_notice(
    ctx: &DraftContext<'_>,
    n: &Notice,
    evidence: Vec<String>,
    contact: &str,
) -> InstrumentContent {
    InstrumentContent::PenaltyPriorNotice(PenaltyPriorNotice {
        party: ctx.party(),
        facts: n.facts.clone(),
        evidence,
        reasons: n.reasons.clone(),
        violated: Vec::new(),
        basis: legal_bases(&n.basis),
        penalties: n.penalties.clone(),
        rights_told: n.rights_told,
        hearing_offered: n.hearing_offered,
        hearing_request_working_days: n
            .hearing_offered
            .then_some(super::check::HEARING_REQUEST_WORKING_DAYS),
        reply_period: ctx.reply_period,
        contact: contact.to_owned(),
        organ: ctx.organ.to_owned(),
    })
}

/// 送达回证 from the 送达 act (P10): the documents of the served act, the recipient, the method,
/// the date; the party's access code is filled in when the act is recorded (CASE-6). `None` for
/// 公告送达, which has no receipt (the publication is its proof).
pub fn service_receipt(
    ctx: &DraftContext<'_>,
    service: &Service,
    documents: Vec<ServedDocument>,
) -> Option<InstrumentContent> {
    let party = ctx.party();
    let (method, refusal_reason, witness, av_record, signed) = match &service.method {
        ServiceMethod::Personal { receipt_signed } => {
            (DeliveryMethod::Personal, None, None, None, *receipt_signed)
        }
        ServiceMethod::Left {
            refusal_reason,
            witness,
            av_record,
        } => (
            DeliveryMethod::Left,
            Some(refusal_reason.clone()),
            witness.clone().map(|name| Witness {
                name,
                identity: String::new(),
            }),
            av_record.clone(),
            false,
        ),
        ServiceMethod::Post { .. } => (DeliveryMethod::Post, None, None, None, true),
        ServiceMethod::Electronic { .. } => (DeliveryMethod::Electronic, None, None, None, true),
        ServiceMethod::PublicNotice { .. } => return None,
    };
    Some(InstrumentContent::ServiceReceipt(ServiceReceipt {
        documents,
        recipient: service.recipient.clone(),
        address: party.address,
        method,
        received_on: Some(service.served_on),
        recipient_signed: signed,
        signed_by_other: None,
        refusal_reason,
        witness,
        av_record,
        servers: ctx.officers.clone(),
        party_access_code: None,
    }))
}
