//! Shared fixtures for the case tests: officers, parties, a context, and a case that appends the
//! acts its commands produce.
#![allow(clippy::unwrap_used, dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use sanxiang_core::calendar::WorkCalendar;
use sanxiang_core::case::payload::{
    Filing, Notice, PenaltyDecision, Remedies, Service, ServiceMethod, Transcript, TranscriptKind,
};
use sanxiang_core::case::*;
use sanxiang_core::ids::{CreditCode, IdNumber};
use sanxiang_core::registry::{CertificateNo, CertificateStatus};
use sanxiang_core::rule::Violation;

pub const CATEGORY: &str = "市场监管";
pub const AREA: &str = "430102";

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn at(y: i32, m: u32, day: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(10, 0, 0).unwrap()
}

pub fn cert(s: &str) -> CertificateNo {
    CertificateNo::parse(s).unwrap()
}

/// Officers A and B investigate, C hosts hearings; D is suspended; E lacks the category.
pub fn a() -> CertificateNo {
    cert("湘A0001")
}
pub fn b() -> CertificateNo {
    cert("湘A0002")
}
pub fn c() -> CertificateNo {
    cert("湘A0003")
}
pub fn dd() -> CertificateNo {
    cert("湘A0004")
}
pub fn e() -> CertificateNo {
    cert("湘A0005")
}
pub fn ab() -> Vec<CertificateNo> {
    vec![a(), b()]
}

fn officer(
    name: &str,
    no: CertificateNo,
    status: CertificateStatus,
    category: &str,
) -> OfficerOnDuty {
    OfficerOnDuty {
        name: name.into(),
        certificate_no: no,
        status,
        categories: vec![category.into()],
        areas: vec![AREA.into()],
    }
}

pub fn officers() -> Vec<OfficerOnDuty> {
    vec![
        officer("张三", a(), CertificateStatus::Active, CATEGORY),
        officer("李四", b(), CertificateStatus::Active, CATEGORY),
        officer("王五", c(), CertificateStatus::Active, CATEGORY),
        officer("赵六", dd(), CertificateStatus::Suspended, CATEGORY),
        officer("钱七", e(), CertificateStatus::Active, "交通运输"),
    ]
}

pub fn ctx(when: NaiveDateTime) -> ActContext {
    ActContext {
        at: when,
        recorded_at: when,
        calendar: std::sync::Arc::new(WorkCalendar::builtin()),
        officers: officers(),
        acting_body: ActingBody::default(),
        matter_category: CATEGORY.into(),
        matter_area: AREA.into(),
        av_requirement: AvRequirement::None,
        av_attached: true,
        config: CaseConfig::default(),
        attestation: None,
    }
}

pub fn person() -> Party {
    Party {
        name: "王某".into(),
        id: PartyId::Person {
            id_number: IdNumber::parse("11010519491231002X").unwrap(),
        },
        service_address: "长沙市芙蓉区某路1号".into(),
        agents: vec![],
    }
}

pub fn org() -> Party {
    Party {
        name: "某某商贸有限公司".into(),
        id: PartyId::Organisation {
            credit_code: CreditCode::parse("91350100M000100Y43").unwrap(),
        },
        service_address: "长沙市芙蓉区某路2号".into(),
        agents: vec![],
    }
}

pub fn filing(party: Party) -> ActPayload {
    ActPayload::Filing(Filing {
        party,
        cause: "销售过期食品".into(),
        violation_on: d(2024, 3, 1),
        continuing_until: None,
        discovered_on: d(2024, 3, 5),
        serious_harm: false,
        special_limitation: None,
        complex_or_serious: false,
        review_required: false,
        approved_by: "局长".into(),
    })
}

pub fn transcript(kind: TranscriptKind, shown: Vec<CertificateNo>) -> ActPayload {
    ActPayload::Transcript(Transcript {
        kind,
        certificates_shown: shown,
        rights_notified: true,
        content: "现场检查情况".into(),
        officers_signed: true,
        party_signed: true,
        refusal_note: None,
        witness: None,
    })
}

pub fn notice(penalties: Vec<Penalty>, hearing_offered: bool) -> ActPayload {
    ActPayload::Notice(Notice {
        penalties,
        facts: "销售过期食品".into(),
        reasons: "违反食品安全法".into(),
        basis: "《食品安全法》第一百二十四条".into(),
        rights_told: true,
        hearing_offered,
    })
}

pub fn decision(
    party: Party,
    penalties: Vec<Penalty>,
    on: NaiveDate,
    on_the_spot: bool,
) -> ActPayload {
    ActPayload::Decision(PenaltyDecision {
        party,
        facts: "销售过期食品".into(),
        evidence: vec!["E1".into()],
        penalties,
        basis: "《食品安全法》第一百二十四条".into(),
        performance: "自收到决定书之日起十五日内缴纳".into(),
        // 复议前置 for an on-the-spot decision from 2024 (复议法 2023 Art 23(1)(一)).
        remedies: Remedies {
            review_first: on_the_spot && on >= NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            ..Remedies::statutory("长沙市芙蓉区人民政府", "长沙市芙蓉区人民法院")
        },
        organ: "长沙市芙蓉区市场监督管理局".into(),
        decided_on: on,
        sealed: true,
        on_the_spot,
        instrument_no: Some("芙市监简〔2024〕1号".into()),
        facts_conclusive: true,
        // R4 (S2 Art 52): shown on the spot by the officers of these tests.
        certificates_shown: if on_the_spot { ab() } else { Vec::new() },
    })
}

/// A hearing held by `host` with the party present and the record signed (P6, A7).
pub fn hearing_held(host: CertificateNo) -> ActPayload {
    ActPayload::HearingHeld(payload::HearingHeld {
        host,
        party_appeared: true,
        absence_excused: false,
        record_signed: true,
        refusal_note: None,
        witness: None,
    })
}

pub fn personal_service(of_act: u64, on: NaiveDate) -> ActPayload {
    ActPayload::Service(Service {
        of_act,
        recipient: "王某".into(),
        method: ServiceMethod::Personal {
            receipt_signed: true,
        },
        served_on: on,
    })
}

pub fn fine(yuan: i64) -> Penalty {
    Penalty::Fine { fen: yuan * 100 }
}

/// A case: its acts and the way to add more.
#[derive(Debug)]
pub struct Case {
    pub kind: ProcedureKind,
    pub acts: Vec<Act>,
}

impl Case {
    pub fn new(kind: ProcedureKind) -> Case {
        Case { kind, acts: vec![] }
    }

    pub fn state(&self) -> CaseState {
        CaseState::replay(self.kind, &self.acts)
    }

    /// Decides with a context at `when`; appends the acts when accepted.
    pub fn try_with(
        &mut self,
        cx: &ActContext,
        officers: Vec<CertificateNo>,
        payload: ActPayload,
    ) -> Result<Decision, Vec<Violation>> {
        let cmd = Command::new(officers, payload);
        let out = decide(&self.state(), &cmd, cx)?;
        self.acts.extend(out.acts.iter().cloned());
        Ok(out)
    }

    pub fn try_at(
        &mut self,
        when: NaiveDateTime,
        officers: Vec<CertificateNo>,
        payload: ActPayload,
    ) -> Result<Decision, Vec<Violation>> {
        self.try_with(&ctx(when), officers, payload)
    }

    /// Like `try_at` but the command must be accepted; returns the new act's sequence number.
    pub fn ok(
        &mut self,
        when: NaiveDateTime,
        officers: Vec<CertificateNo>,
        payload: ActPayload,
    ) -> u64 {
        match self.try_at(when, officers, payload.clone()) {
            Ok(d) => d.acts.last().unwrap().seq,
            Err(v) => panic!("{payload:?} rejected: {v:#?}"),
        }
    }
}

/// The rule IDs of the violations.
pub fn rules(v: &[Violation]) -> Vec<&str> {
    v.iter().map(|v| v.rule.as_str()).collect()
}

pub fn has(v: &[Violation], rule: &str) -> bool {
    v.iter().any(|x| x.rule == rule)
}
