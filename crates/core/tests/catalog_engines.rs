//! The catalog rule engines, each test named after the rule it proves: L1/L2 (major decisions),
//! C3 (discretion), A3 (AV requirement), C2 (versions), CAT-6 (flowcharts).
#![allow(clippy::unwrap_used)]

#[path = "catalog_support.rs"]
mod support;

use chrono::NaiveDate;
use sanxiang_core::case::model::{AvRequirement, Penalty};
use sanxiang_core::catalog::av::{AvAct, AvRule, av_requirement};
use sanxiang_core::catalog::discretion::{
    Bound, Circumstances, DiscretionLevel, DiscretionStandard, DiscretionTier, FineRange,
    applicable_tier, check_fine,
};
use sanxiang_core::catalog::flowchart::{FlowEdge, FlowNode, Flowchart, NodeShape};
use sanxiang_core::catalog::import::major_rule_row;
use sanxiang_core::catalog::major::{
    Classification, DraftDecision, DraftFlags, MajorReviewRule, ReasonSource, classify,
};
use sanxiang_core::catalog::version::{
    Effective, VersionHead, VersionStatus, check_publish, version_in_force,
};
use sanxiang_core::catalog::{MatterKind, PartyClass};
use support::*;

fn catalog(id: &str) -> Vec<MajorReviewRule> {
    rows_of(MAJOR_CSV)
        .iter()
        .map(|r| major_rule_row(r).unwrap())
        .filter(|(p, _)| p.list_id == id)
        .map(|(_, r)| r)
        .collect()
}

fn fine(party: PartyClass, yuan: i64) -> DraftDecision {
    DraftDecision {
        kind: MatterKind::Penalty,
        party,
        penalties: vec![Penalty::Fine { fen: yuan * 100 }],
        flags: DraftFlags::default(),
        business_activity: None,
    }
}

fn from_catalog(c: &Classification) -> Vec<String> {
    c.reasons
        .iter()
        .filter_map(|r| match &r.source {
            ReasonSource::Catalog { item_no } => Some(item_no.clone()),
            ReasonSource::Art58 { .. } => None,
        })
        .collect()
}

#[test]
fn l2_changzhi_thresholds_exclude_the_number_itself() {
    let rules = catalog("changzhi-samr-2022");
    // 不含本数: exactly 1万 for a natural person is not major; one fen more is.
    assert!(!classify(&fine(PartyClass::NaturalPerson, 10_000), &rules).is_major());
    let mut d = fine(PartyClass::NaturalPerson, 10_000);
    d.penalties = vec![Penalty::Fine { fen: 1_000_001 }];
    let c = classify(&d, &rules);
    assert_eq!(from_catalog(&c), vec!["2"]);
    assert!(
        c.reasons[0].text.contains("不含本数"),
        "{}",
        c.reasons[0].text
    );
    // 个体工商户 takes the natural-person threshold, organisations the 10万 one.
    assert!(classify(&fine(PartyClass::IndividualBusiness, 10_001), &rules).is_major());
    assert!(!classify(&fine(PartyClass::Organisation, 100_000), &rules).is_major());
    assert!(classify(&fine(PartyClass::Organisation, 100_001), &rules).is_major());
}

#[test]
fn l2_hengyang_thresholds_include_the_number_itself() {
    let rules = catalog("hengyang-culture-2021");
    assert!(classify(&fine(PartyClass::NaturalPerson, 1_000), &rules).is_major());
    assert!(!classify(&fine(PartyClass::NaturalPerson, 999), &rules).is_major());
    assert!(classify(&fine(PartyClass::Organisation, 20_000), &rules).is_major());
    assert!(!classify(&fine(PartyClass::Organisation, 19_999), &rules).is_major());
}

#[test]
fn l2_unstated_boundary_reads_yishang_as_inclusive_and_says_so() {
    let rules = catalog("gongyi-unknown");
    let c = classify(&fine(PartyClass::NaturalPerson, 10_000), &rules);
    assert_eq!(from_catalog(&c), vec!["1"]);
    assert!(c.reasons[0].text.contains("未说明"));
}

#[test]
fn l2_confiscation_counts_against_its_own_rule_not_the_fine_rule() {
    let rules = catalog("gongyi-unknown");
    let d = DraftDecision {
        penalties: vec![
            Penalty::Warning,
            Penalty::ConfiscateGains { fen: 600_000 },
            Penalty::ConfiscateProperty {
                description: "假冒商品".into(),
                value_fen: 400_000,
            },
        ],
        ..fine(PartyClass::NaturalPerson, 0)
    };
    // 6,000 + 4,000 yuan reaches item 2 (confiscation ≥ 1万); item 1 is about fines.
    assert_eq!(from_catalog(&classify(&d, &rules)), vec!["2"]);
}

#[test]
fn l2_penalty_kinds_and_flags_trigger_catalog_rows() {
    let rules = catalog("changzhi-samr-2022");
    let mut d = fine(PartyClass::Organisation, 100);
    d.penalties.push(Penalty::RevokeLicence);
    assert_eq!(from_catalog(&classify(&d, &rules)), vec!["2"]);
    let mut d = fine(PartyClass::Organisation, 100);
    d.flags.mitigated = true;
    assert_eq!(from_catalog(&classify(&d, &rules)), vec!["3"]);
    // 其他 rows apply to every decision type, 行政处罚 rows only to penalties.
    let licensing = DraftDecision {
        kind: MatterKind::Licensing,
        penalties: vec![],
        flags: DraftFlags {
            complex: true,
            mitigated: true,
            ..DraftFlags::default()
        },
        ..fine(PartyClass::Organisation, 0)
    };
    assert_eq!(from_catalog(&classify(&licensing, &rules)), vec!["5"]);
    let rules = catalog("hssyjglj-unknown");
    let denied = DraftDecision {
        flags: DraftFlags {
            licence_denied: true,
            ..DraftFlags::default()
        },
        ..licensing
    };
    assert_eq!(from_catalog(&classify(&denied, &rules)), vec!["（二）2"]);
}

#[test]
fn l1_art58_situations_apply_to_penalties_without_any_catalog() {
    let none: Vec<MajorReviewRule> = vec![];
    let plain = fine(PartyClass::Organisation, 1_000_000);
    assert!(
        !classify(&plain, &none).is_major(),
        "amounts alone are not an Art 58 situation"
    );
    let with = |flags: DraftFlags| {
        let c = classify(
            &DraftDecision {
                flags,
                ..plain.clone()
            },
            &none,
        );
        c.reasons
            .iter()
            .map(|r| match r.source {
                ReasonSource::Art58 { situation } => situation,
                ReasonSource::Catalog { .. } => 0,
            })
            .collect::<Vec<_>>()
    };
    let f = DraftFlags::default;
    assert_eq!(
        with(DraftFlags {
            public_interest: true,
            ..f()
        }),
        vec![1]
    );
    // (2) needs both major rights and a hearing.
    assert_eq!(
        with(DraftFlags {
            major_rights: true,
            ..f()
        }),
        Vec::<u8>::new()
    );
    assert_eq!(
        with(DraftFlags {
            hearing_held: true,
            ..f()
        }),
        Vec::<u8>::new()
    );
    assert_eq!(
        with(DraftFlags {
            major_rights: true,
            hearing_held: true,
            ..f()
        }),
        vec![2]
    );
    assert_eq!(
        with(DraftFlags {
            complex: true,
            ..f()
        }),
        vec![3]
    );
    assert_eq!(
        with(DraftFlags {
            law_requires: true,
            ..f()
        }),
        vec![4]
    );
    let c = classify(
        &DraftDecision {
            flags: DraftFlags {
                complex: true,
                ..f()
            },
            ..plain.clone()
        },
        &none,
    );
    assert!(c.reasons[0].text.contains("第五十八条第一款第（三）项"));
    // Art 58 is a penalty rule: a licensing decision is not major by it.
    let lic = DraftDecision {
        kind: MatterKind::Licensing,
        flags: DraftFlags {
            complex: true,
            ..f()
        },
        ..plain
    };
    assert!(!classify(&lic, &none).is_major());
}

#[test]
fn l2_a_qualified_threshold_asks_instead_of_guessing() {
    let rules = catalog("hami-2006-filing");
    let d = fine(PartyClass::NaturalPerson, 600);
    let c = classify(&d, &rules);
    assert!(!c.is_major());
    assert_eq!(c.questions.len(), 1, "{:?}", c.questions);
    let non_business = DraftDecision {
        business_activity: Some(false),
        ..d.clone()
    };
    assert!(classify(&non_business, &rules).is_major());
    let business = DraftDecision {
        business_activity: Some(true),
        ..d
    };
    let c = classify(&business, &rules);
    assert!(!c.is_major() && c.questions.is_empty());
}

fn food_standard() -> DiscretionStandard {
    let b = |yuan: i64, inclusive| {
        Some(Bound {
            fen: yuan * 100,
            inclusive,
        })
    };
    DiscretionStandard {
        matter: "食品经营许可".into(),
        violation: "未取得食品经营许可从事食品经营活动".into(),
        basis_text: "《中华人民共和国食品安全法》第一百二十二条第一款".into(),
        tiers: vec![
            DiscretionTier {
                level: DiscretionLevel::Lighter,
                conditions: vec!["违法经营食品货值金额不足一万元，且主动消除危害后果".into()],
                fine: FineRange {
                    min: b(50_000, true),
                    max: b(70_000, false),
                },
                other: None,
            },
            DiscretionTier {
                level: DiscretionLevel::General,
                conditions: vec!["违法经营食品货值金额不足一万元".into()],
                fine: FineRange {
                    min: b(70_000, true),
                    max: b(90_000, true),
                },
                other: None,
            },
            DiscretionTier {
                level: DiscretionLevel::Heavier,
                conditions: vec!["一年内再次违法".into()],
                fine: FineRange {
                    min: b(90_000, false),
                    max: b(100_000, true),
                },
                other: None,
            },
        ],
    }
}

#[test]
fn c3_circumstances_pick_the_tier() {
    let s = food_standard();
    let tier = |c: Circumstances| applicable_tier(&s, &c).unwrap().level;
    assert_eq!(tier(Circumstances::default()), DiscretionLevel::General);
    assert_eq!(
        tier(Circumstances {
            lighter: 2,
            heavier: 1,
            ..Default::default()
        }),
        DiscretionLevel::Lighter
    );
    assert_eq!(
        tier(Circumstances {
            lighter: 1,
            heavier: 2,
            ..Default::default()
        }),
        DiscretionLevel::Heavier
    );
    assert_eq!(
        tier(Circumstances {
            lighter: 1,
            heavier: 1,
            ..Default::default()
        }),
        DiscretionLevel::General
    );
    // No 减轻 tier in this standard: falls back to 一般.
    assert_eq!(
        tier(Circumstances {
            mitigating: 1,
            ..Default::default()
        }),
        DiscretionLevel::General
    );
}

#[test]
fn c3_boundaries_are_inclusive_or_exclusive_as_written_and_outside_is_a_warning() {
    let s = food_standard();
    let [lighter, general, heavier] = [&s.tiers[0], &s.tiers[1], &s.tiers[2]];
    assert!(check_fine(lighter, 5_000_000).is_none());
    assert!(
        check_fine(lighter, 7_000_000).is_some(),
        "70,000 is excluded from 从轻"
    );
    assert!(check_fine(general, 7_000_000).is_none());
    assert!(check_fine(general, 9_000_000).is_none());
    assert!(
        check_fine(heavier, 9_000_000).is_some(),
        "90,000 is excluded from 从重"
    );
    let w = check_fine(heavier, 10_000_001).unwrap();
    assert_eq!(w.rule, "C3");
    assert_eq!(w.severity, sanxiang_core::rule::Severity::Warn);
    assert!(
        w.message.contains("90000元以上（不含）100000元以下（含）"),
        "{}",
        w.message
    );
}

#[test]
fn a3_seizure_and_demolition_always_need_full_process_av() {
    for act in [AvAct::Seizure, AvAct::ForcedDemolition] {
        let d = av_requirement(&[], act, MatterKind::Coercion, None);
        assert_eq!(d.requirement, AvRequirement::FullProcess);
        assert!(d.reason.starts_with("A3"));
    }
    // A catalog cannot lower the floor.
    let lower = AvRule {
        item_no: "1".into(),
        act: AvAct::Seizure,
        matter_kind: None,
        matter_code: None,
        requirement: AvRequirement::None,
        note: String::new(),
    };
    let d = av_requirement(&[lower], AvAct::Seizure, MatterKind::Coercion, None);
    assert_eq!(d.requirement, AvRequirement::FullProcess);
}

#[test]
fn a3_a_catalog_row_raises_the_requirement_for_its_matters_only() {
    let raise = AvRule {
        item_no: "3".into(),
        act: AvAct::OnSiteEnforcement,
        matter_kind: Some(MatterKind::Inspection),
        matter_code: Some("SC-01".into()),
        requirement: AvRequirement::FullProcess,
        note: "从到达现场至离开现场".into(),
    };
    let rules = [raise];
    let d = av_requirement(
        &rules,
        AvAct::OnSiteEnforcement,
        MatterKind::Inspection,
        Some("SC-01"),
    );
    assert_eq!(d.requirement, AvRequirement::FullProcess);
    assert!(d.reason.contains("第3项"));
    let other = av_requirement(
        &rules,
        AvAct::OnSiteEnforcement,
        MatterKind::Inspection,
        Some("SC-02"),
    );
    assert_eq!(other.requirement, AvRequirement::ByCircumstance);
    assert_eq!(
        av_requirement(&rules, AvAct::Inquiry, MatterKind::Penalty, None).requirement,
        AvRequirement::None
    );
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn c2_the_version_in_force_is_the_latest_published_on_the_act_date() {
    let v = |id, status, from: &str, to: Option<&str>| VersionHead {
        id,
        status,
        effective: Some(Effective {
            from: day(from),
            to: to.map(day),
        }),
    };
    let versions = [
        v(1, VersionStatus::Published, "2023-01-01", None),
        v(2, VersionStatus::Published, "2025-07-01", None),
        v(3, VersionStatus::Draft, "2025-01-01", None),
        v(
            4,
            VersionStatus::Published,
            "2024-01-01",
            Some("2024-06-30"),
        ),
    ];
    assert_eq!(version_in_force(&versions, day("2022-12-31")), None);
    assert_eq!(version_in_force(&versions, day("2023-06-01")), Some(1));
    assert_eq!(version_in_force(&versions, day("2024-03-01")), Some(4));
    assert_eq!(version_in_force(&versions, day("2024-07-01")), Some(1));
    assert_eq!(
        version_in_force(&versions, day("2025-06-30")),
        Some(1),
        "drafts never count"
    );
    assert_eq!(version_in_force(&versions, day("2025-07-01")), Some(2));
}

#[test]
fn c2_publishing_needs_dates_and_items_and_a_published_version_is_final() {
    let e = Effective {
        from: day("2026-01-01"),
        to: None,
    };
    assert!(check_publish(VersionStatus::Draft, Some(e), 3).is_empty());
    assert_eq!(
        check_publish(VersionStatus::Draft, None, 3)[0]
            .field
            .as_deref(),
        Some("effective_from")
    );
    let backwards = Effective {
        from: day("2026-01-01"),
        to: Some(day("2025-12-31")),
    };
    assert_eq!(
        check_publish(VersionStatus::Draft, Some(backwards), 3)[0]
            .field
            .as_deref(),
        Some("effective_to")
    );
    assert_eq!(
        check_publish(VersionStatus::Draft, Some(e), 0)[0]
            .field
            .as_deref(),
        Some("items")
    );
    assert_eq!(
        check_publish(VersionStatus::Published, Some(e), 3)[0].rule,
        "C2"
    );
}

fn node(id: &str, shape: NodeShape) -> FlowNode {
    FlowNode {
        id: id.into(),
        label: format!("节点{id}"),
        shape,
        note: None,
    }
}

fn edge(from: &str, to: &str) -> FlowEdge {
    FlowEdge {
        from: from.into(),
        to: to.into(),
        label: None,
    }
}

#[test]
fn cat6_a_sound_flowchart_lays_out_in_layers_with_loops_pointing_back() {
    let chart = Flowchart {
        nodes: vec![
            node("apply", NodeShape::Start),
            node("check", NodeShape::Decision),
            node("fix", NodeShape::Step),
            node("decide", NodeShape::Step),
            node("end", NodeShape::End),
        ],
        edges: vec![
            edge("apply", "check"),
            edge("check", "fix"),
            edge("check", "decide"),
            edge("fix", "apply"),
            edge("decide", "end"),
        ],
    };
    assert!(chart.check().is_empty(), "{:?}", chart.check());
    let rows = chart.layout();
    let ids: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(|n| n.id.as_str()).collect())
        .collect();
    assert_eq!(
        ids,
        vec![
            vec!["apply"],
            vec!["check"],
            vec!["fix", "decide"],
            vec!["end"]
        ]
    );
}

#[test]
fn cat6_broken_flowcharts_are_refused_with_every_problem() {
    let chart = Flowchart {
        nodes: vec![
            node("a", NodeShape::Start),
            node("a", NodeShape::Step),
            node("q", NodeShape::Decision),
            node("orphan", NodeShape::Step),
        ],
        edges: vec![edge("a", "q"), edge("q", "nowhere")],
    };
    let problems: Vec<String> = chart.check().into_iter().map(|v| v.message).collect();
    assert!(problems.iter().any(|m| m.contains("重复")), "{problems:?}");
    assert!(problems.iter().any(|m| m.contains("不存在的节点“nowhere”")));
    assert!(problems.iter().any(|m| m.contains("结束节点")));
    assert!(problems.iter().any(|m| m.contains("两个分支")));
    assert!(problems.iter().any(|m| m.contains("无法到达")));
}

#[test]
fn c2_a_new_version_cannot_take_effect_before_its_publication() {
    use sanxiang_core::catalog::version::check_not_retroactive;
    let today = day("2026-11-23");
    let at = |from: &str| {
        Some(Effective {
            from: day(from),
            to: None,
        })
    };
    assert!(check_not_retroactive(at("2026-11-23"), today).is_none());
    assert!(check_not_retroactive(at("2027-01-01"), today).is_none());
    let v = check_not_retroactive(at("2026-11-22"), today).unwrap();
    assert_eq!(v.rule, "C2");
    assert_eq!(v.field.as_deref(), Some("effective_from"));
    assert!(check_not_retroactive(None, today).is_none());
}
