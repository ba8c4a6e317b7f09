//! Each act form read into its payload (CASE-2): one arm per kind of act, every unreadable
//! field recorded as a named violation in the form's `Fields`, and the document the officer asked
//! to issue with the act.

use chrono::NaiveDateTime;
use sanxiang_app::cases::DraftRequest;
use sanxiang_core::case::payload::{
    Art18Checklist, CoercionKind, CoercionMeasure, HearingHeld, HearingNotice, Item, Notice,
    Payment, PenaltyDecision, Remedies, Service, ServiceMethod, Transcript, TranscriptKind,
};
use sanxiang_core::case::{ActPayload, Party, Penalty, Stage};
use sanxiang_core::instrument::Witness;
use sanxiang_core::instrument::draft::InspectionDetails;
use sanxiang_core::rule::Violation;

use super::case_forms::parse_code;
use super::form::Fields;

/// Non-empty lines of a textarea.
fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(super) fn number(f: &mut Fields, name: &str, label: &str) -> Option<u32> {
    let v = f.get(name);
    let n = v.parse::<u32>().ok();
    if n.is_none() {
        f.problems.push(Violation::hard(
            "REQUIRED",
            Some(name),
            format!("{label}应为整数"),
        ));
    }
    n
}

/// The sequence number of an earlier act chosen in a select.
fn seq_field(f: &mut Fields, name: &str, rule: &str, message: &str) -> u64 {
    f.get(name).parse::<u64>().unwrap_or_else(|_| {
        f.problems
            .push(Violation::hard(rule, Some(name), message.to_owned()));
        0
    })
}

fn one_certificate(
    f: &mut Fields,
    name: &str,
    label: &str,
) -> Option<sanxiang_core::registry::CertificateNo> {
    if f.get(name).is_empty() {
        f.problems.push(Violation::hard(
            "REQUIRED",
            Some(name),
            format!("请填写{label}"),
        ));
        return None;
    }
    f.certificates(&[name]).pop()
}

fn penalties(f: &mut Fields) -> Vec<Penalty> {
    let mut out = Vec::new();
    if f.checked("warning") {
        out.push(Penalty::Warning);
    }
    if let Some(fen) = f.yuan("fine_yuan", "罚款金额") {
        out.push(Penalty::Fine { fen });
    }
    if let Some(fen) = f.yuan("gains_yuan", "没收违法所得金额") {
        out.push(Penalty::ConfiscateGains { fen });
    }
    if out.is_empty() {
        f.problems.push(Violation::hard(
            "P5",
            Some("fine_yuan"),
            "请填写拟作出（或决定）的行政处罚",
        ));
    }
    out
}

/// The form of one act kind read into its payload (and the document to draft with it).
pub(super) fn read_payload(
    f: &mut Fields,
    kind: &str,
    party: Option<&Party>,
    organ: &str,
    at: NaiveDateTime,
    officers: &[sanxiang_core::registry::CertificateNo],
) -> (Option<ActPayload>, Option<DraftRequest>) {
    let payload = match kind {
        "transcript" => {
            let tk = match f.get("transcript_kind").as_str() {
                "inquiry" => TranscriptKind::Inquiry,
                "on_site" => TranscriptKind::OnSite,
                _ => TranscriptKind::Inspection,
            };
            let content = f.required("content", "笔录内容");
            let t = Transcript {
                kind: tk,
                certificates_shown: if f.checked("certificates_shown") {
                    officers.to_vec()
                } else {
                    Vec::new()
                },
                rights_notified: f.checked("rights_notified"),
                content,
                officers_signed: f.checked("officers_signed"),
                party_signed: f.checked("party_signed"),
                refusal_note: f.optional("refusal_note"),
                witness: f.optional("witness"),
            };
            let draft = (f.checked("issue") && tk == TranscriptKind::Inspection).then(|| {
                DraftRequest::InspectionRecord(InspectionDetails {
                    started_at: f.datetime("started_at", "检查开始时间").unwrap_or(at),
                    place: f.get("place"),
                    present_person: f.get("present_person"),
                    recorder: f.get("recorder"),
                    witness: t.witness.clone().map(|name| Witness {
                        name,
                        identity: f.get("witness_identity"),
                    }),
                })
            });
            return (Some(ActPayload::Transcript(t)), draft);
        }
        "notice" => {
            let n = Notice {
                penalties: penalties(f),
                facts: f.required("facts", "违法事实"),
                reasons: f.required("reasons", "理由"),
                basis: f.required("basis", "处罚依据"),
                rights_told: f.checked("rights_told"),
                hearing_offered: f.checked("hearing_offered"),
            };
            let draft = f.checked("issue").then(|| DraftRequest::PriorNotice {
                contact: f.get("contact"),
            });
            return (Some(ActPayload::Notice(n)), draft);
        }
        "reply" => Some(ActPayload::Reply {
            waived: f.checked("waived"),
            statement: f.get("statement"),
        }),
        "legal_review" => Some(ActPayload::LegalReview {
            passed: f.get("passed") == "yes",
            reviewer: f.required("reviewer", "审核人员"),
            opinion: f.required("opinion", "审核意见"),
        }),
        "deliberation" => Some(ActPayload::Deliberation {
            participants: f
                .required("participants", "参加人员")
                .split(['、', ',', '，'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            conclusion: f.required("conclusion", "讨论结论"),
        }),
        "decision" => {
            let Some(party) = party.cloned() else {
                f.problems.push(Violation::hard(
                    "P9",
                    Some("facts"),
                    "本案没有立案记载的当事人",
                ));
                return (None, None);
            };
            let penalties = penalties(f);
            let decided_on = f.date("decided_on", "决定日期");
            Some(ActPayload::Decision(PenaltyDecision {
                party,
                facts: f.required("facts", "违法事实"),
                evidence: f
                    .get("evidence_list")
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
                penalties,
                basis: f.required("basis", "处罚依据"),
                performance: f.required("performance", "履行方式和期限"),
                remedies: Remedies::statutory(
                    &f.required("review_organ", "行政复议机关"),
                    &f.required("court", "人民法院"),
                ),
                organ: organ.to_owned(),
                decided_on: decided_on.unwrap_or(at.date()),
                sealed: f.checked("sealed"),
                on_the_spot: false,
                instrument_no: None,
                certificates_shown: Vec::new(),
                facts_conclusive: false,
            }))
        }
        "service" => {
            let of_act = f.get("of_act").parse::<u64>().ok();
            if of_act.is_none() {
                f.problems
                    .push(Violation::hard("P10", Some("of_act"), "请选择送达的文书"));
            }
            let served_on = f.date("served_on", "送达日期");
            let method = match f.get("method").as_str() {
                "post" => ServiceMethod::Post {
                    return_receipt_on: served_on,
                },
                "left" => ServiceMethod::Left {
                    refusal_reason: f.required("refusal_reason", "拒收理由"),
                    witness: f.optional("service_witness"),
                    av_record: f.optional("av_record"),
                },
                _ => ServiceMethod::Personal {
                    receipt_signed: f.checked("receipt_signed"),
                },
            };
            let draft = f.checked("issue").then_some(DraftRequest::ServiceReceipt);
            let service = ActPayload::Service(Service {
                of_act: of_act.unwrap_or(0),
                recipient: f.required("recipient", "受送达人"),
                method,
                served_on: served_on.unwrap_or(at.date()),
            });
            return (Some(service), draft);
        }
        "payment" => Some(ActPayload::Payment(Payment {
            amount_fen: f.yuan("amount_yuan", "缴纳金额").unwrap_or(0),
            paid_on: f.date("paid_on", "缴纳日期").unwrap_or(at.date()),
            on_the_spot: None,
            receipt_no: f.optional("receipt_no"),
        })),
        "not_applicable" => match parse_code::<Stage>(&f.get("stage")) {
            Some(stage) => Some(ActPayload::NotApplicable {
                stage,
                reason: f.required("reason", "不适用的理由"),
            }),
            None => {
                f.problems
                    .push(Violation::hard("A1", Some("stage"), "请选择环节"));
                None
            }
        },
        "close" => Some(ActPayload::Close {
            summary: f.required("summary", "结案报告摘要"),
        }),
        "archive" => Some(ActPayload::Archive),
        "inspection_result" => Some(ActPayload::InspectionResult {
            findings: f.required("findings", "检查结果"),
        }),
        "preservation_approval" => Some(ActPayload::PreservationApproval {
            approved_by: f.required("approved_by", "批准的负责人"),
        }),
        "preservation" => Some(ActPayload::Preservation {
            approval: seq_field(f, "approval", "P4", "请选择先行登记保存的审批"),
            items: lines(&f.required("items", "登记保存的物品")),
        }),
        // P4: within 7 working days of 先行登记保存, a decision on the evidence.
        "preservation_handled" => Some(ActPayload::PreservationHandled {
            preservation: seq_field(f, "preservation", "P4", "请选择先行登记保存"),
            outcome: f.required("outcome", "处理决定"),
        }),
        // P8: the decision period extended as the sector rule allows.
        "decision_extension" => Some(ActPayload::DecisionPeriodExtension {
            days: number(f, "days", "延长天数").unwrap_or(0),
            approved_by: f.required("approved_by", "批准的负责人"),
            collective: f.checked("collective"),
        }),
        "hearing_request" => Some(ActPayload::HearingRequest),
        "hearing_notice" => {
            let host = one_certificate(f, "host", "听证主持人执法证号");
            let hearing_on = f.date("hearing_on", "听证日期").unwrap_or(at.date());
            let public = f.checked("public");
            host.map(|host| {
                ActPayload::HearingNotice(HearingNotice {
                    hearing_on,
                    host,
                    public,
                })
            })
        }
        "hearing_held" => {
            let host = one_certificate(f, "host", "听证主持人执法证号");
            let (party_appeared, absence_excused, record_signed) = (
                f.checked("party_appeared"),
                f.checked("absence_excused"),
                f.checked("record_signed"),
            );
            let (refusal_note, witness) = (f.optional("refusal_note"), f.optional("witness"));
            host.map(|host| {
                ActPayload::HearingHeld(HearingHeld {
                    host,
                    party_appeared,
                    absence_excused,
                    record_signed,
                    refusal_note,
                    witness,
                })
            })
        }
        "recusal" => {
            let officer = one_certificate(f, "recused", "回避人员执法证号");
            let reason = f.required("reason", "回避理由");
            let decided_by = f.required("decided_by", "决定回避的负责人");
            officer.map(|officer| ActPayload::Recusal {
                officer,
                reason,
                decided_by,
            })
        }
        "pause" => {
            let reason = f.required("reason", "中止的理由");
            let mut measures = Vec::new();
            for v in f.all("measures") {
                match v.parse::<u64>() {
                    Ok(seq) => measures.push(seq),
                    Err(_) => f.problems.push(Violation::hard(
                        "P13",
                        Some("measures"),
                        "P13 请选择送检的强制措施",
                    )),
                }
            }
            Some(ActPayload::Pause { reason, measures })
        }
        "resume" => Some(ActPayload::Resume),
        "coercion_approval" => Some(ActPayload::CoercionApproval {
            approved_by: f.required("approved_by", "批准的负责人"),
        }),
        "coercion_measure" => Some(ActPayload::CoercionMeasure(CoercionMeasure {
            measure: if f.get("measure") == "freeze" {
                CoercionKind::Freeze
            } else {
                CoercionKind::Seizure
            },
            emergency: f.checked("emergency"),
            items: lines(&f.required("items", "查封扣押的场所、设施或者财物清单"))
                .into_iter()
                .map(|l| match l.rsplit_once(['，', ',', ' ']) {
                    Some((name, quantity)) => Item {
                        name: name.trim().to_owned(),
                        quantity: quantity.trim().to_owned(),
                    },
                    None => Item {
                        name: l,
                        quantity: String::new(),
                    },
                })
                .collect(),
            term_days: number(f, "term_days", "期限（日）").unwrap_or(0),
            checklist: Art18Checklist {
                certificate_shown: f.checked("certificate_shown"),
                party_notified: f.checked("party_notified"),
                reasons_basis_rights_told: f.checked("reasons_basis_rights_told"),
                party_heard: f.checked("party_heard"),
                onsite_record_made: f.checked("onsite_record_made"),
                signed_or_refusal_noted: f.checked("signed_or_refusal_noted"),
                party_present: f.checked("party_present"),
                witness_signed: f.checked("witness_signed"),
                other_legal_steps: f.checked("other_legal_steps"),
            },
            reasons: f.required("reasons", "理由"),
            basis: f.required("basis", "依据"),
        })),
        "coercion_extension" => Some(ActPayload::CoercionExtension {
            measure: seq_field(f, "measure", "P13", "请选择强制措施"),
            days: number(f, "days", "延长天数").unwrap_or(0),
            reasons: f.required("reasons", "延长的理由"),
            approved_by: f.required("approved_by", "批准的负责人"),
        }),
        // S3 Art 19: reported within 24 hours, approved (or not: then released at once).
        "emergency_approval" => Some(ActPayload::EmergencyApproval {
            measure: seq_field(f, "measure", "P13", "请选择强制措施"),
            approved: f.get("approved") != "no",
            approved_by: f.required("approved_by", "批准的负责人"),
        }),
        "coercion_release" => Some(ActPayload::CoercionRelease {
            measure: seq_field(f, "measure", "P13", "请选择强制措施"),
            ground: f.required("ground", "解除的理由"),
            property_returned: f.checked("property_returned"),
        }),
        "correction_notice" => Some(ActPayload::CorrectionNotice {
            missing: lines(&f.required("missing", "需要补正的全部内容")),
        }),
        "acceptance" => Some(ActPayload::Acceptance {
            receipt_sealed_and_dated: f.checked("receipt_sealed_and_dated"),
        }),
        "licensing_extension" => Some(ActPayload::LicensingExtension {
            days: number(f, "days", "延长天数").unwrap_or(0),
            approved_by: f.required("approved_by", "批准的负责人"),
            reasons_told: f.checked("reasons_told"),
        }),
        "licensing_decision" => Some(ActPayload::LicensingDecision {
            granted: f.get("granted") != "no",
            reasons: f.required("reasons", "决定的理由"),
        }),
        _ => None,
    };
    (payload, None)
}
