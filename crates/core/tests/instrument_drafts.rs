//! Documents drafted from the case record (`instrument::draft`): what is printed is what was
//! recorded, the party's ID number is masked (A8), and a draft passes or fails the same
//! required-element checks as any document (P5, P6, §10 笔录).
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use sanxiang_core::calendar::Period;
use sanxiang_core::case::payload::{Notice, Transcript, TranscriptKind};
use sanxiang_core::case::{CaseConfig, CaseState, Party, PartyId, Penalty, ProcedureKind};
use sanxiang_core::ids::IdNumber;
use sanxiang_core::instrument::draft::{
    DraftContext, InspectionDetails, inspection_record, legal_bases, prior_notice,
};
use sanxiang_core::instrument::sample::sample_date;
use sanxiang_core::instrument::{InstrumentContent, Officer, check_configured, check_required};
use sanxiang_core::registry::CertificateNo;

const ID: &str = "11010519491231002X";

fn state() -> CaseState {
    let mut s = CaseState::new(ProcedureKind::PenaltyOrdinary);
    s.party = Some(Party {
        name: "赵某".into(),
        id: PartyId::Person {
            id_number: IdNumber::parse(ID).unwrap(),
        },
        service_address: "示范县幸福里3栋201".into(),
        agents: Vec::new(),
    });
    s
}

fn ctx(state: &CaseState) -> DraftContext<'_> {
    DraftContext {
        state,
        officers: vec![
            Officer {
                name: "张三".into(),
                certificate_no: "43012120250001".into(),
            },
            Officer {
                name: "李四".into(),
                certificate_no: "43012120250002".into(),
            },
        ],
        organ: "示范县市场监督管理局",
        at: NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(10, 30, 0)
            .unwrap(),
        reply_period: Period::Workdays(5),
    }
}

fn notice(hearing: bool) -> Notice {
    Notice {
        penalties: vec![Penalty::Warning, Penalty::Fine { fen: 500_000 }],
        facts: "销售超过保质期的食品3件".into(),
        reasons: "违反食品安全法第三十四条".into(),
        basis: "《中华人民共和国食品安全法》第一百二十四条第一款".into(),
        rights_told: true,
        hearing_offered: hearing,
    }
}

#[test]
fn p5_a_prior_notice_drafted_from_the_act_prints_what_was_recorded_and_masks_the_id() {
    let s = state();
    let InstrumentContent::PenaltyPriorNotice(d) =
        prior_notice(&ctx(&s), &notice(true), vec!["现场照片".into()], "李四")
    else {
        panic!("not a prior notice");
    };
    assert_eq!(d.facts, "销售超过保质期的食品3件");
    assert_eq!(d.penalties.len(), 2);
    assert_eq!(d.organ, "示范县市场监督管理局");
    assert_eq!(d.basis[0].law, "《中华人民共和国食品安全法》");
    assert_eq!(d.basis[0].article, "第一百二十四条第一款");
    assert_ne!(d.party.id_display, ID, "A8: the ID number is masked");
    assert!(d.party.id_display.starts_with("110105"));
    // P6: a hearing offered prints the five-working-day period; the draft passes the checks.
    assert_eq!(d.hearing_request_working_days, Some(5));
    assert!(check_required(&InstrumentContent::PenaltyPriorNotice(d), sample_date()).is_empty());
}

/// P5 (处罚法 Arts 44, 45, 62): the 事先告知书 prints the reply period the decision gate waits for
/// (the agency's configured one, not a fixed 5); a notice printing another is refused.
#[test]
fn p5_the_printed_reply_period_is_the_enforced_one() {
    let s = state();
    let mut c = ctx(&s);
    c.reply_period = Period::Workdays(7);
    let drafted = prior_notice(&c, &notice(false), Vec::new(), "李四");
    let InstrumentContent::PenaltyPriorNotice(d) = &drafted else {
        panic!("not a prior notice");
    };
    assert_eq!(d.reply_period, Period::Workdays(7));
    let config = CaseConfig {
        reply_period: Period::Workdays(7),
        ..CaseConfig::default()
    };
    assert!(check_configured(&drafted, &config).is_empty());
    let five = CaseConfig::default();
    assert_eq!(five.reply_period, Period::Workdays(5));
    let v = check_configured(&drafted, &five);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].rule, "P5");
    assert!(v[0].message.contains("7个工作日") && v[0].message.contains("5个工作日"));
}

#[test]
fn p5_a_draft_never_invents_a_missing_element() {
    let s = state();
    let mut n = notice(false);
    n.reasons = String::new();
    n.rights_told = false;
    let d = prior_notice(&ctx(&s), &n, Vec::new(), "");
    let rules: Vec<String> = check_required(&d, sample_date())
        .into_iter()
        .map(|v| format!("{}:{}", v.rule, v.field.unwrap_or_default()))
        .collect();
    assert!(rules.contains(&"P5:reasons".to_owned()), "{rules:?}");
    assert!(rules.contains(&"P5:rights_told".to_owned()), "{rules:?}");
}

#[test]
fn doc_an_inspection_record_is_drafted_only_from_an_inspection_transcript() {
    let s = state();
    let t = |kind| Transcript {
        kind,
        certificates_shown: vec![CertificateNo::parse("43012120250001").unwrap()],
        rights_notified: true,
        content: "货架上发现过期食品3件".into(),
        officers_signed: true,
        party_signed: true,
        refusal_note: None,
        witness: None,
    };
    let details = || InspectionDetails {
        started_at: NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap(),
        place: "示范县人民路8号".into(),
        present_person: "赵某（店主）".into(),
        recorder: "李四".into(),
        witness: None,
    };
    assert!(inspection_record(&ctx(&s), &t(TranscriptKind::Inquiry), details()).is_none());
    let d = inspection_record(&ctx(&s), &t(TranscriptKind::Inspection), details()).unwrap();
    assert!(
        check_required(&d, sample_date()).is_empty(),
        "{:?}",
        check_required(&d, sample_date())
    );
    // An empty place is reported, not filled in.
    let mut no_place = details();
    no_place.place = String::new();
    let d = inspection_record(&ctx(&s), &t(TranscriptKind::Inspection), no_place).unwrap();
    assert!(
        check_required(&d, sample_date())
            .iter()
            .any(|v| v.field.as_deref() == Some("header.place"))
    );
}

#[test]
fn c1_legal_bases_split_into_law_and_article() {
    let b = legal_bases(
        "《中华人民共和国行政处罚法》第五十八条第一款第（三）项；《中华人民共和国食品安全法》",
    );
    assert_eq!(b.len(), 2);
    assert_eq!(b[0].article, "第五十八条第一款第（三）项");
    assert_eq!(b[1].law, "《中华人民共和国食品安全法》");
    assert_eq!(b[1].article, "");
}
