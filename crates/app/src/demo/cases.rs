//! Demo cases (CASE-1, CASE-2): about 300 cases of the demo county, recorded through the same
//! use cases as an officer's (`file_case`, `record_act`), so every act passed the rules and is
//! in the ledger. Each case follows its procedure's script up to a stage drawn at random, so the
//! lists hold cases in every stage. Dates run through 2026 before the demo's "today".

use chrono::{Days, NaiveDate, NaiveDateTime};
use sanxiang_core::auth::{Role, Scope};
use sanxiang_core::case::payload::{
    Art18Checklist, CoercionKind, CoercionMeasure, Filing, Item, Notice, OnSpotGround, Payment,
    PenaltyDecision, Remedies, Service, ServiceMethod, Transcript, TranscriptKind,
};
use sanxiang_core::case::{ActPayload, Command, Party, PartyId, Penalty, ProcedureKind};
use sanxiang_core::ids::{CreditCode, IdNumber, OrgCode};
use sanxiang_core::registry::{CertificateNo, CertificateStatus};
use sanxiang_store::repo::{self, PageRequest, officers::OfficerFilter};

use super::{COUNTY, COUNTY_NAME, Lcg, People, internal};
use crate::cases::{ActInput, NewCase};
use crate::{Actor, App, AppError};

const COMPANIES: [&str; 12] = [
    "示范县鑫达食品商行",
    "示范县顺心超市",
    "示范县宏远建材有限公司",
    "示范县绿源农资经营部",
    "示范县康宁大药房",
    "示范县兴旺餐饮店",
    "示范县天宇汽车修理厂",
    "示范县明珠宾馆",
    "示范县金穗粮油有限公司",
    "示范县安居物业服务有限公司",
    "示范县福满楼酒家",
    "示范县晨光印刷厂",
];

const CAUSES: [&str; 8] = [
    "销售超过保质期的食品",
    "未按规定公示营业执照",
    "经营标签不符合规定的预包装食品",
    "使用未经检定的计量器具",
    "未取得许可从事经营活动",
    "虚假宣传",
    "未按规定建立进货查验记录",
    "超范围经营",
];

/// An agency with at least three officers whose certificates are active (two investigate, the
/// third can host a hearing).
struct Team {
    agency_id: i64,
    organ: String,
    category: String,
    officers: Vec<CertificateNo>,
}

async fn teams(app: &App) -> Result<Vec<Team>, AppError> {
    let db = app.store().db();
    let mut out = Vec::new();
    for a in repo::agencies::all(db, &Scope::All).await? {
        let filter = OfficerFilter {
            agency_id: Some(a.id),
            status: Some(CertificateStatus::Active),
            ..Default::default()
        };
        let page = repo::officers::list(
            db,
            &Scope::All,
            &filter,
            PageRequest::new(1, 50),
            app.today(),
        )
        .await?;
        let officers: Vec<CertificateNo> = page
            .items
            .iter()
            .filter_map(|r| r.certificate.as_ref())
            // Certificates valid through the whole demo year.
            .filter(|c| c.valid_from <= day(2026, 1, 1) && c.valid_until >= day(2026, 12, 31))
            .filter_map(|c| CertificateNo::parse(&c.number).ok())
            .collect();
        if officers.len() >= 3 {
            out.push(Team {
                agency_id: a.id,
                organ: a.name.clone(),
                category: a.category.clone(),
                officers,
            });
        }
    }
    Ok(out)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn enterprise_code(k: usize) -> Result<CreditCode, AppError> {
    let body = format!("MA{:06}", (k * 104_729 + 1_299_709) % 1_000_000);
    let org_check = OrgCode::compute_check_char(&body).ok_or_else(|| internal("org code"))?;
    let first17 = format!("91{}{body}{org_check}", COUNTY.0);
    let check = CreditCode::compute_check_char(&first17).ok_or_else(|| internal("credit code"))?;
    CreditCode::parse(&format!("{first17}{check}")).map_err(internal)
}

/// Records one case's script up to `depth` acts; stops quietly at the first refused act (the
/// demo must not fail because a generated date crossed a rule).
struct Script {
    actor: Actor,
    case_id: Option<i64>,
}

impl Script {
    async fn act(
        &mut self,
        app: &App,
        new: Option<(&Team, ProcedureKind)>,
        at: NaiveDateTime,
        officers: Vec<CertificateNo>,
        payload: ActPayload,
    ) -> Result<bool, AppError> {
        let input = ActInput {
            command: Command::new(officers, payload),
            at: Some(at),
            issue: Vec::new(),
            confirmations: Vec::new(),
        };
        let r = match (self.case_id, new) {
            (None, Some((team, kind))) => {
                app.file_case(
                    &self.actor,
                    NewCase {
                        agency_id: team.agency_id,
                        kind,
                        matter_category: team.category.clone(),
                        matter_area: COUNTY_NAME.to_owned(),
                        first_act: input,
                    },
                )
                .await
            }
            (Some(id), _) => app.record_act(&self.actor, id, input).await,
            (None, None) => return Ok(false),
        };
        match r {
            Ok(case) => {
                self.case_id = Some(case.id);
                Ok(true)
            }
            Err(AppError::Invalid(v)) => {
                tracing::debug!(?v, "demo case stops at a refused act");
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }
}

/// Seeds `n` cases unless the county already has some. Returns how many were filed.
pub(super) async fn seed_cases(app: &App, n: usize) -> Result<usize, AppError> {
    let actor = Actor::system_as("demo", Role::Head);
    let db = app.store().db();
    let existing =
        repo::cases::list(db, &Scope::All, &Default::default(), PageRequest::new(1, 1)).await?;
    if existing.total > 0 {
        return Ok(0);
    }
    let teams = teams(app).await?;
    if teams.is_empty() {
        return Ok(0);
    }
    let mut rng = Lcg(20_261_123);
    let mut people = People::new(Lcg(7_040_713), app.today());
    let start = day(2026, 1, 5);
    let mut filed = 0;
    for i in 0..n {
        let team = &teams[rng.below(teams.len())];
        let (a, b, c) = (
            team.officers[0].clone(),
            team.officers[1].clone(),
            team.officers[2].clone(),
        );
        let base = start
            .checked_add_days(Days::new((i * 300 / n.max(1)) as u64))
            .unwrap_or(start);
        let at = |offset: u64, hour: u32| {
            base.checked_add_days(Days::new(offset))
                .unwrap_or(base)
                .and_hms_opt(hour, 30, 0)
                .unwrap_or_default()
        };
        let person = rng.below(100) < 45;
        let party = if person {
            let p = people.person(18)?;
            Party {
                name: p.name,
                id: PartyId::Person {
                    id_number: IdNumber::parse(&p.id_number).map_err(internal)?,
                },
                service_address: format!("{COUNTY_NAME}城关镇{}号", 1 + rng.below(300)),
                agents: Vec::new(),
            }
        } else {
            Party {
                name: COMPANIES[i % COMPANIES.len()].to_owned(),
                id: PartyId::Organisation {
                    credit_code: enterprise_code(i)?,
                },
                service_address: format!("{COUNTY_NAME}人民路{}号", 1 + rng.below(500)),
                agents: Vec::new(),
            }
        };
        let cause = CAUSES[rng.below(CAUSES.len())].to_owned();
        let remedies = Remedies::statutory(
            &format!("{COUNTY_NAME}人民政府"),
            &format!("{COUNTY_NAME}人民法院"),
        );
        let mut s = Script {
            actor: actor.clone(),
            case_id: None,
        };
        let ab = vec![a.clone(), b.clone()];
        let roll = rng.below(100);
        if roll < 20 {
            // 简易程序: decided and served on the spot, paid, closed, archived.
            let yuan = [50i64, 100, 200][rng.below(3)];
            let depth = 1 + rng.below(5);
            let decision = ActPayload::Decision(PenaltyDecision {
                party: party.clone(),
                facts: cause.clone(),
                evidence: vec!["现场照片".into()],
                penalties: vec![Penalty::Fine { fen: yuan * 100 }],
                basis: "《中华人民共和国行政处罚法》第五十一条".into(),
                performance: "当场缴纳或自收到决定书之日起十五日内缴纳".into(),
                // P12: 复议 first for an on-the-spot decision (复议法 2023 Art 23).
                remedies: Remedies::statutory_for_penalty(
                    &remedies.review_organ,
                    &remedies.court,
                    true,
                    at(0, 10).date(),
                ),
                organ: team.organ.clone(),
                decided_on: at(0, 10).date(),
                sealed: true,
                on_the_spot: true,
                instrument_no: Some(format!("示当罚〔2026〕{:04}号", i + 1)),
                facts_conclusive: true,
                // R4 (处罚法 Art 52): both officers showed their certificates.
                certificates_shown: ab.clone(),
            });
            let steps: Vec<(NaiveDateTime, Vec<CertificateNo>, ActPayload)> = vec![
                (at(0, 10), ab.clone(), decision),
                (at(0, 10), ab.clone(), service(1, &party, at(0, 10).date())),
                (
                    at(0, 11),
                    vec![a.clone()],
                    ActPayload::Payment(Payment {
                        amount_fen: yuan * 100,
                        paid_on: at(0, 11).date(),
                        on_the_spot: (yuan <= 100).then_some(OnSpotGround::SmallFine),
                        receipt_no: (yuan <= 100).then(|| format!("No.{:06}", i + 1)),
                    }),
                ),
                (
                    at(1, 9),
                    vec![a.clone()],
                    ActPayload::Close {
                        summary: "罚款已缴纳，结案".into(),
                    },
                ),
                (at(3, 9), vec![a.clone()], ActPayload::Archive),
            ];
            for (when, who, payload) in steps.into_iter().take(depth) {
                if !s
                    .act(
                        app,
                        Some((team, ProcedureKind::PenaltySimple)),
                        when,
                        who,
                        payload,
                    )
                    .await?
                {
                    break;
                }
            }
        } else if roll < 35 {
            // 行政检查: filed, inspected, result, closed, archived.
            let depth = 1 + rng.below(5);
            let steps = vec![
                (
                    at(0, 9),
                    ab.clone(),
                    filing(&party, "日常监督检查", at(0, 9).date(), false),
                ),
                (
                    at(1, 10),
                    ab.clone(),
                    transcript(TranscriptKind::Inspection, &ab),
                ),
                (
                    at(2, 15),
                    ab.clone(),
                    ActPayload::InspectionResult {
                        findings: "未发现违法行为".into(),
                    },
                ),
                (
                    at(3, 9),
                    vec![a.clone()],
                    ActPayload::Close {
                        summary: "检查完毕".into(),
                    },
                ),
                (at(5, 9), vec![a.clone()], ActPayload::Archive),
            ];
            for (when, who, payload) in steps.into_iter().take(depth) {
                if !s
                    .act(
                        app,
                        Some((team, ProcedureKind::Inspection)),
                        when,
                        who,
                        payload,
                    )
                    .await?
                {
                    break;
                }
            }
        } else if roll < 43 {
            // 行政许可 (P14): application, a correction notice when materials are missing,
            // acceptance, decision, service, closing, archiving.
            let complete = rng.below(2) == 0;
            let depth = 1 + rng.below(7);
            let mut steps = vec![(
                at(0, 9),
                vec![a.clone()],
                ActPayload::Application {
                    applicant: party.clone(),
                    item: LICENCES[rng.below(LICENCES.len())].into(),
                    materials_complete: complete,
                },
            )];
            if !complete {
                steps.push((
                    at(1, 10),
                    vec![a.clone()],
                    ActPayload::CorrectionNotice {
                        missing: vec!["营业执照复印件".into(), "经营场所平面图".into()],
                    },
                ));
            }
            let decided = u64::try_from(steps.len() + 2).unwrap_or(3);
            steps.extend([
                (
                    at(3, 10),
                    vec![a.clone()],
                    ActPayload::Acceptance {
                        receipt_sealed_and_dated: true,
                    },
                ),
                (
                    at(12, 10),
                    ab.clone(),
                    ActPayload::LicensingDecision {
                        granted: true,
                        reasons: "申请材料齐全，经现场核查符合法定条件".into(),
                    },
                ),
                (
                    at(13, 10),
                    ab.clone(),
                    service(decided, &party, at(13, 10).date()),
                ),
                (
                    at(14, 9),
                    vec![a.clone()],
                    ActPayload::Close {
                        summary: "准予许可，许可证已送达".into(),
                    },
                ),
                (at(16, 9), vec![a.clone()], ActPayload::Archive),
            ]);
            for (when, who, payload) in steps.into_iter().take(depth) {
                if !s
                    .act(
                        app,
                        Some((team, ProcedureKind::Licensing)),
                        when,
                        who,
                        payload,
                    )
                    .await?
                {
                    break;
                }
            }
        } else if roll < 50 {
            // 行政强制措施: filed, approved, 冻结 (with the Art 18 steps), released, closed.
            let depth = 1 + rng.below(6);
            let steps = vec![
                (
                    at(0, 9),
                    ab.clone(),
                    filing(&party, &cause, at(0, 9).date(), false),
                ),
                (
                    at(0, 11),
                    ab.clone(),
                    ActPayload::CoercionApproval {
                        approved_by: "局长".into(),
                    },
                ),
                (
                    at(0, 15),
                    ab.clone(),
                    ActPayload::CoercionMeasure(CoercionMeasure {
                        measure: CoercionKind::Freeze,
                        emergency: false,
                        items: vec![Item {
                            name: "当事人银行账户存款".into(),
                            quantity: "50000元".into(),
                        }],
                        term_days: 30,
                        checklist: Art18Checklist {
                            certificate_shown: true,
                            party_notified: true,
                            reasons_basis_rights_told: true,
                            party_heard: true,
                            onsite_record_made: true,
                            signed_or_refusal_noted: true,
                            party_present: true,
                            witness_signed: false,
                            other_legal_steps: true,
                        },
                        reasons: "涉嫌违法经营，防止转移违法所得".into(),
                        basis: "《中华人民共和国行政强制法》第九条".into(),
                    }),
                ),
                (
                    at(20, 10),
                    ab.clone(),
                    ActPayload::CoercionRelease {
                        measure: 3,
                        ground: "案件事实已查清，不再需要冻结".into(),
                        property_returned: true,
                    },
                ),
                (
                    at(21, 9),
                    vec![a.clone()],
                    ActPayload::Close {
                        summary: "强制措施已解除，结案".into(),
                    },
                ),
                (at(23, 9), vec![a.clone()], ActPayload::Archive),
            ];
            for (when, who, payload) in steps.into_iter().take(depth) {
                if !s
                    .act(
                        app,
                        Some((team, ProcedureKind::Coercion)),
                        when,
                        who,
                        payload,
                    )
                    .await?
                {
                    break;
                }
            }
        } else {
            // 普通程序: filing to archive, stopping at a random stage.
            let fine_fen = if person { 200_000 } else { 2_000_000 };
            let penalties = vec![Penalty::Warning, Penalty::Fine { fen: fine_fen }];
            let depth = 1 + rng.below(11);
            let steps = vec![
                (
                    at(0, 9),
                    ab.clone(),
                    filing(&party, &cause, at(0, 9).date(), false),
                ),
                (
                    at(1, 10),
                    ab.clone(),
                    transcript(TranscriptKind::Inspection, &ab),
                ),
                (
                    at(2, 14),
                    ab.clone(),
                    transcript(TranscriptKind::Inquiry, &ab),
                ),
                (
                    at(9, 10),
                    ab.clone(),
                    ActPayload::Notice(Notice {
                        penalties: penalties.clone(),
                        facts: cause.clone(),
                        reasons: "经调查核实，违法事实清楚".into(),
                        basis: "《中华人民共和国食品安全法》第一百二十四条".into(),
                        rights_told: true,
                        hearing_offered: false,
                    }),
                ),
                (
                    at(10, 10),
                    ab.clone(),
                    service(4, &party, at(10, 10).date()),
                ),
                (
                    at(11, 10),
                    vec![],
                    ActPayload::Reply {
                        waived: true,
                        statement: "当事人书面表示放弃陈述申辩".into(),
                    },
                ),
                (
                    at(13, 10),
                    ab.clone(),
                    ActPayload::Decision(PenaltyDecision {
                        party: party.clone(),
                        facts: cause.clone(),
                        evidence: vec!["现场检查笔录".into(), "询问笔录".into()],
                        penalties: penalties.clone(),
                        basis: "《中华人民共和国食品安全法》第一百二十四条".into(),
                        performance: "自收到本决定书之日起十五日内缴纳罚款".into(),
                        remedies: remedies.clone(),
                        organ: team.organ.clone(),
                        decided_on: at(13, 10).date(),
                        sealed: true,
                        on_the_spot: false,
                        instrument_no: Some(format!("示罚〔2026〕{:04}号", i + 1)),
                        facts_conclusive: true,
                        certificates_shown: Vec::new(),
                    }),
                ),
                (
                    at(14, 10),
                    ab.clone(),
                    service(7, &party, at(14, 10).date()),
                ),
                (
                    at(24, 10),
                    vec![a.clone()],
                    ActPayload::Payment(Payment {
                        amount_fen: fine_fen,
                        paid_on: at(24, 10).date(),
                        on_the_spot: None,
                        receipt_no: None,
                    }),
                ),
                (
                    at(25, 9),
                    vec![a.clone()],
                    ActPayload::Close {
                        summary: "罚款已缴纳，结案".into(),
                    },
                ),
                (at(27, 9), vec![c.clone()], ActPayload::Archive),
            ];
            for (when, who, payload) in steps.into_iter().take(depth) {
                if !s
                    .act(
                        app,
                        Some((team, ProcedureKind::PenaltyOrdinary)),
                        when,
                        who,
                        payload,
                    )
                    .await?
                {
                    break;
                }
            }
        }
        if s.case_id.is_some() {
            filed += 1;
        }
    }
    Ok(filed)
}

const LICENCES: [&str; 4] = [
    "食品经营许可",
    "公共场所卫生许可",
    "特种设备使用登记",
    "排污许可",
];

fn filing(party: &Party, cause: &str, on: NaiveDate, serious: bool) -> ActPayload {
    ActPayload::Filing(Filing {
        party: party.clone(),
        cause: cause.to_owned(),
        violation_on: on.checked_sub_days(Days::new(12)).unwrap_or(on),
        continuing_until: None,
        discovered_on: on.checked_sub_days(Days::new(2)).unwrap_or(on),
        serious_harm: serious,
        special_limitation: None,
        complex_or_serious: serious,
        review_required: false,
        approved_by: "分管负责人".into(),
    })
}

fn transcript(kind: TranscriptKind, shown: &[CertificateNo]) -> ActPayload {
    ActPayload::Transcript(Transcript {
        kind,
        certificates_shown: shown.to_vec(),
        rights_notified: true,
        content: match kind {
            TranscriptKind::Inquiry => "询问当事人经营情况及违法事实，当事人如实陈述".into(),
            _ => "出示执法证件，对经营场所进行检查，发现问题如实记录".into(),
        },
        officers_signed: true,
        party_signed: true,
        refusal_note: None,
        witness: None,
    })
}

fn service(of_act: u64, party: &Party, on: NaiveDate) -> ActPayload {
    ActPayload::Service(Service {
        of_act,
        recipient: party.name.clone(),
        method: ServiceMethod::Personal {
            receipt_signed: true,
        },
        served_on: on,
    })
}

/// CASE-6: the demo's 法制审核人员 is assigned to the ordinary-procedure penalty cases of their
/// agency (the cases that reach 法制审核), so that their account has cases to read.
pub(super) async fn assign_demo_reviewer(app: &App) -> Result<u64, AppError> {
    let db = app.store().db();
    let Some(reviewer) = repo::users::by_username(db, "reviewer").await? else {
        return Ok(0);
    };
    let filter = repo::cases::CaseFilter {
        agency_id: Some(reviewer.agency_id),
        kind: Some("penalty_ordinary".into()),
        ..Default::default()
    };
    let mut assigned = 0;
    let mut page = 1;
    loop {
        let batch =
            repo::cases::list(db, &Scope::All, &filter, PageRequest::new(page, 200)).await?;
        if batch.items.is_empty() {
            break;
        }
        for case in &batch.items {
            repo::cases::assign_reviewer(db, case.id, reviewer.id, None, app.now()).await?;
            assigned += 1;
        }
        page += 1;
    }
    Ok(assigned)
}
