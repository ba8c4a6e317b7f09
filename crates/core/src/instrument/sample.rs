//! One complete, realistic document of each kind, for tests, demos and benchmarks. Every sample
//! passes [`check_required`](super::check_required).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::content::*;
use super::kind::InstrumentKind;
use super::parts::*;
use crate::case::model::Penalty;
use crate::case::payload::Remedies;

const ORGAN: &str = "湘潭市市场监督管理局";

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
}

fn at(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    day(m, d).and_time(NaiveTime::from_hms_opt(h, min, 0).unwrap_or_default())
}

fn text(s: &str) -> String {
    s.to_owned()
}

/// 湘潭某食品有限公司, the party of every sample.
pub fn party() -> PartyInfo {
    PartyInfo {
        name: text("湘潭市雨湖区味美食品有限公司"),
        kind: PartyKind::Organisation,
        id_display: text("91430302MA4L16XX8Q"),
        address: text("湖南省湘潭市雨湖区建设北路18号"),
        legal_representative: Some(text("王建国")),
    }
}

pub fn officers() -> Vec<Officer> {
    vec![
        Officer {
            name: text("李明"),
            certificate_no: text("43030019001"),
        },
        Officer {
            name: text("张华"),
            certificate_no: text("43030019002"),
        },
    ]
}

fn opinion(text_: &str, by: &str, on: NaiveDate) -> Opinion {
    Opinion {
        text: text(text_),
        signed_by: text(by),
        signed_on: Some(on),
    }
}

fn header(start: NaiveDateTime, end: NaiveDateTime, place: &str) -> RecordHeader {
    RecordHeader {
        started_at: start,
        ended_at: end,
        place: text(place),
        officers: officers(),
        recorder: text("张华"),
        certificates_shown: true,
        rights_notified: true,
    }
}

fn signed() -> Signatures {
    Signatures {
        party_checked: true,
        party_signed: true,
        refusal_note: None,
        witness: None,
        officers_signed: true,
    }
}

fn basis(law: &str, article: &str) -> LegalBasis {
    LegalBasis {
        law: text(law),
        article: text(article),
    }
}

fn items() -> Vec<ListedItem> {
    vec![
        ListedItem {
            name: text("过期调味酱"),
            spec: text("500克/瓶"),
            quantity: text("48瓶"),
            note: Some(text("保质期至2026年2月1日")),
        },
        ListedItem {
            name: text("无标签辣椒油"),
            spec: text("2.5升/桶"),
            quantity: text("6桶"),
            note: None,
        },
    ]
}

fn remedies() -> Remedies {
    Remedies::statutory("湘潭市人民政府", "湘潭市雨湖区人民法院")
}

const FACTS: &str = "经查，当事人于2026年3月1日至3月10日期间在其经营场所销售超过保质期的调味酱48瓶，货值金额1440元，违法所得360元。";

/// A complete sample of `kind`.
/// The day the samples are issued on (their rules in force that day).
pub fn sample_date() -> NaiveDate {
    day(5, 8)
}

pub fn sample(kind: InstrumentKind) -> InstrumentContent {
    use InstrumentKind as K;
    let food_law = "《中华人民共和国食品安全法》";
    match kind {
        K::FilingApproval => InstrumentContent::FilingApproval(FilingApproval {
            source: text("监督检查"),
            cause: text("涉嫌经营超过保质期的食品案"),
            party: party(),
            facts_and_reasons: text(
                "2026年3月10日执法人员现场检查时发现当事人经营超过保质期的调味酱，涉嫌违反《中华人民共和国食品安全法》第三十四条第十项，符合立案条件，建议立案调查。",
            ),
            officers: officers(),
            officer_opinion: opinion("建议立案", "李明", day(3, 11)),
            unit_opinion: opinion("同意立案", "赵刚", day(3, 11)),
            head_approval: opinion("同意立案，由李明、张华承办", "陈局长", day(3, 12)),
        }),
        K::InspectionRecord => InstrumentContent::InspectionRecord(InspectionRecord {
            header: header(
                at(3, 10, 9, 30),
                at(3, 10, 10, 45),
                "湘潭市雨湖区建设北路18号当事人仓库",
            ),
            party: party(),
            present_person: text("王建国（法定代表人）"),
            content: text(
                "执法人员对当事人仓库进行检查，发现货架上存放标示保质期至2026年2月1日的调味酱48瓶，另有无中文标签辣椒油6桶。现场拍照取证12张。",
            ),
            signatures: signed(),
        }),
        K::InquiryRecord => InstrumentContent::InquiryRecord(InquiryRecord {
            header: header(
                at(3, 12, 14, 0),
                at(3, 12, 15, 10),
                "湘潭市市场监督管理局询问室",
            ),
            interviewee: Witness {
                name: text("王建国"),
                identity: text("430302********0016"),
            },
            relation: text("当事人法定代表人"),
            party: party(),
            questions: vec![
                QuestionAnswer {
                    question: text("你是否清楚今天询问的原因？"),
                    answer: text("清楚，是关于仓库里过期调味酱的事情。"),
                },
                QuestionAnswer {
                    question: text("这批调味酱是何时购进、销售了多少？"),
                    answer: text("2026年1月购进100瓶，已销售52瓶，每瓶售价30元。"),
                },
            ],
            signatures: signed(),
        }),
        K::EvidencePreservationNotice => {
            InstrumentContent::EvidencePreservationNotice(EvidencePreservationNotice {
                party: party(),
                suspected_violation: text("经营超过保质期的食品"),
                basis: vec![basis("《中华人民共和国行政处罚法》", "第五十六条")],
                items: items(),
                storage_place: text("当事人仓库"),
                storage_manner: text("就地保存"),
                approved_by: text("陈局长"),
                decide_within_working_days: 7,
                officers: officers(),
            })
        }
        K::PenaltyPriorNotice => InstrumentContent::PenaltyPriorNotice(PenaltyPriorNotice {
            party: party(),
            facts: text(FACTS),
            evidence: vec![text("现场检查笔录"), text("询问笔录"), text("进货单据")],
            reasons: text(
                "当事人经营超过保质期的食品，违反食品安全法的规定，且系初次违法，依法从轻处罚。",
            ),
            violated: vec![basis(food_law, "第三十四条第十项")],
            basis: vec![basis(food_law, "第一百二十四条第一款第五项")],
            penalties: vec![
                Penalty::ConfiscateGains { fen: 36_000 },
                Penalty::Fine { fen: 5_000_000 },
            ],
            rights_told: true,
            hearing_offered: true,
            hearing_request_working_days: Some(5),
            reply_period: crate::calendar::Period::Workdays(5),
            contact: text("李明，电话0731-52800000，湘潭市岳塘区芙蓉中路8号"),
            organ: text(ORGAN),
        }),
        K::HearingNotice => InstrumentContent::HearingNotice(HearingNotice {
            party: party(),
            cause: text("涉嫌经营超过保质期的食品案"),
            hearing_at: at(4, 20, 9, 0),
            place: text("湘潭市市场监督管理局听证室"),
            host: text("刘伟"),
            panel: vec![text("周敏"), text("吴强")],
            recorder: text("孙丽"),
            public: true,
            not_public_reason: None,
            organ: text(ORGAN),
        }),
        K::HearingRecord => InstrumentContent::HearingRecord(HearingRecord {
            cause: text("涉嫌经营超过保质期的食品案"),
            header: header(
                at(4, 20, 9, 0),
                at(4, 20, 11, 30),
                "湘潭市市场监督管理局听证室",
            ),
            host: text("刘伟"),
            panel: vec![text("周敏"), text("吴强")],
            party: party(),
            agents: vec![text("钱律师")],
            investigators: officers(),
            public: true,
            proceedings: text(
                "调查人员陈述了违法事实、证据和拟处罚意见；当事人委托代理人对货值金额提出异议，认为部分调味酱未上架销售；双方进行了质证和辩论；当事人作最后陈述，请求从轻处罚。",
            ),
            signatures: signed(),
        }),
        K::CollectiveDiscussion => InstrumentContent::CollectiveDiscussion(CollectiveDiscussion {
            cause: text("涉嫌经营超过保质期的食品案"),
            party: party(),
            held_at: at(5, 6, 15, 0),
            place: text("局三楼会议室"),
            chair: text("陈局长"),
            participants: vec![text("陈局长"), text("赵副局长"), text("法制科科长何静")],
            recorder: text("孙丽"),
            summary: text("承办人介绍了案件事实、证据、听证情况及法制审核意见（审核通过）。"),
            discussion: text("与会人员一致认为事实清楚、证据确凿，当事人系初次违法，可从轻处罚。"),
            conclusion: text("没收违法所得360元，并处罚款50000元。"),
            participants_signed: true,
        }),
        K::PenaltyDecision => InstrumentContent::PenaltyDecision(PenaltyDecisionDoc {
            party: party(),
            facts: text(FACTS),
            evidence: vec![
                text("现场检查笔录"),
                text("询问笔录"),
                text("进货单据"),
                text("现场照片12张"),
            ],
            violated: vec![basis(food_law, "第三十四条第十项")],
            basis: vec![basis(food_law, "第一百二十四条第一款第五项")],
            penalties: vec![
                Penalty::ConfiscateGains { fen: 36_000 },
                Penalty::Fine { fen: 5_000_000 },
            ],
            statement_considered: Some(text(
                "当事人在听证中提出的部分货物未上架的意见，经复核与证据不符，不予采纳。",
            )),
            performance_manner: text("持本决定书到指定银行缴纳罚没款"),
            performance_deadline: text("自收到本决定书之日起十五日内"),
            remedies: remedies(),
            organ: text(ORGAN),
        }),
        K::OnSpotPenaltyDecision => {
            InstrumentContent::OnSpotPenaltyDecision(OnSpotPenaltyDecision {
                party: PartyInfo {
                    name: text("刘小明"),
                    kind: PartyKind::Person,
                    id_display: text("430302********0031"),
                    address: text("湘潭市雨湖区韶山西路2号"),
                    legal_representative: None,
                },
                violation: text("未亮照经营"),
                occurred_at: at(3, 15, 10, 20),
                place: text("湘潭市雨湖区韶山西路2号门店"),
                violated: vec![basis("《个体工商户条例》", "第十三条")],
                basis: vec![basis("《个体工商户条例》", "第二十二条")],
                penalties: vec![Penalty::Fine { fen: 10_000 }],
                performance_manner: text("自收到本决定书之日起十五日内到指定银行缴纳罚款"),
                // 复议法 2023 Art 23(1)(一): 复议 first.
                remedies: Remedies {
                    review_first: true,
                    ..remedies()
                },
                organ: text(ORGAN),
                officers: officers(),
                party_signed: true,
                refusal_note: None,
            })
        }
        K::SeizureDecision => InstrumentContent::SeizureDecision(SeizureDecision {
            party: party(),
            action: SeizureAction::Seize,
            reasons: text("当事人涉嫌经营无中文标签的食品，有证据证明可能危害人体健康。"),
            basis: vec![basis(food_law, "第一百一十条第四项")],
            term_days: 30,
            items: items(),
            storage_place: text("湘潭市市场监督管理局罚没物品仓库"),
            remedies: remedies(),
            organ: text(ORGAN),
        }),
        K::SeizureList => InstrumentContent::SeizureList(SeizureList {
            decision_number: text("湘潭市监强〔2026〕3号"),
            party: party(),
            items: items(),
            place: text("湘潭市雨湖区建设北路18号当事人仓库"),
            made_on: day(3, 10),
            officers: officers(),
            signatures: signed(),
        }),
        K::ServiceReceipt => InstrumentContent::ServiceReceipt(ServiceReceipt {
            documents: vec![ServedDocument {
                title: text("行政处罚决定书"),
                number: Some(text("湘潭市监罚〔2026〕12号")),
            }],
            recipient: text("湘潭市雨湖区味美食品有限公司"),
            address: text("湖南省湘潭市雨湖区建设北路18号"),
            method: DeliveryMethod::Personal,
            received_on: Some(day(5, 9)),
            recipient_signed: true,
            signed_by_other: None,
            refusal_reason: None,
            witness: None,
            av_record: None,
            servers: officers(),
            party_access_code: Some(text("7K3MQ-9XH2D")),
        }),
        K::ClosingReport => InstrumentContent::ClosingReport(ClosingReport {
            case_number: text("湘潭市监立〔2026〕8号"),
            cause: text("经营超过保质期的食品案"),
            party: party(),
            filed_on: day(3, 12),
            outcome: text(
                "2026年5月8日作出湘潭市监罚〔2026〕12号行政处罚决定：没收违法所得360元，并处罚款50000元。",
            ),
            execution: text("当事人已于2026年5月20日缴清罚没款，决定已履行完毕。"),
            officers: officers(),
            officer_opinion: opinion("案件已执行完毕，建议结案", "李明", day(5, 21)),
            head_approval: opinion("同意结案", "陈局长", day(5, 22)),
        }),
    }
}
