//! Local rules (CONFIG): P6 thresholds with their boundary and 个体工商户, P8 extensions only
//! as a sector rule allows, and configurations contradicting a statute refused with the article.
#![allow(clippy::unwrap_used)]

mod case_support;

use case_support::*;
use sanxiang_core::case::local_rules::{LocalRulesFile, Override, RuleSet};
use sanxiang_core::case::penalty::hearing_required;
use sanxiang_core::case::*;
use sanxiang_core::ids::CreditCode;

/// A 个体工商户: credit code of registration authority 9 (工商), category 2 (GB 32100-2015).
fn individual_business() -> Party {
    // The embedded organisation code and the whole code each end in a check character.
    let chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    let code = chars
        .chars()
        .flat_map(|x| {
            chars
                .chars()
                .map(move |y| format!("92430121MA4L0000{x}{y}"))
        })
        .find_map(|c| CreditCode::parse(&c).ok())
        .unwrap();
    Party {
        name: "芙蓉区王记小吃店".into(),
        id: PartyId::Organisation { credit_code: code },
        service_address: "长沙市芙蓉区某路3号".into(),
        agents: vec![],
    }
}

fn rules_from(json: serde_json::Value) -> Result<local_rules::LocalRules, Vec<String>> {
    let file: LocalRulesFile = serde_json::from_value(json).unwrap();
    file.check().map_err(|v| {
        v.into_iter()
            .map(|v| format!("{} {}", v.rule, v.message))
            .collect()
    })
}

fn hearing(boundary: &str) -> serde_json::Value {
    serde_json::json!({"default": {"hearing": {
        "person_yuan": 10000, "organisation_yuan": 100000,
        "boundary": boundary, "citation": "某省规定"}}})
}

/// P6 (处罚法 Art 63(1)(一)): a fine at exactly the threshold is "较大数额" where the local rule
/// says "以上（含）" and is not where it says "超过"; one yuan more is, under both.
#[test]
fn p6_threshold_boundary_is_the_configured_one() {
    let above = rules_from(hearing("超过")).unwrap().config_for("", None);
    let at_least = rules_from(hearing("以上（含）"))
        .unwrap()
        .config_for("", None);
    let t =
        |c: &CaseConfig, yuan| hearing_required(&[fine(yuan)], &person(), &c.hearing_thresholds);
    assert!(!t(&above, 10_000));
    assert!(t(&at_least, 10_000));
    assert!(t(&above, 10_001) && t(&at_least, 10_001));
    assert!(!t(&above, 9_999) && !t(&at_least, 9_999));
}

/// P6 with 民法典 Art 54: a 个体工商户 counts as a natural person for the threshold unless the
/// local rule says otherwise.
#[test]
fn p6_individual_business_counts_as_a_natural_person_unless_configured() {
    let rules = rules_from(hearing("超过")).unwrap().config_for("", None);
    let t = &rules.hearing_thresholds;
    assert!(hearing_required(&[fine(20_000)], &individual_business(), t));
    assert!(!hearing_required(&[fine(20_000)], &org(), t));
    let mut v = hearing("超过");
    v["default"]["hearing"]["individual_business_as_person"] = false.into();
    let as_org = rules_from(v).unwrap().config_for("", None);
    assert!(!hearing_required(
        &[fine(20_000)],
        &individual_business(),
        &as_org.hearing_thresholds
    ));
}

/// P6 (Art 63(1)(三)(五)): 暂扣许可证件 and another heavier penalty require the offer whatever
/// the amount.
#[test]
fn p6_suspending_a_licence_or_another_heavy_penalty_requires_the_offer() {
    let t = HearingThresholds::default();
    assert!(hearing_required(
        &[Penalty::SuspendLicence { days: 30 }],
        &person(),
        &t
    ));
    assert!(hearing_required(
        &[Penalty::Other {
            description: "责令停止执业".into()
        }],
        &person(),
        &t
    ));
    assert!(!hearing_required(&[Penalty::Warning], &person(), &t));
}

/// A sector override wins over the default; an agency override over its sector, section by
/// section.
#[test]
fn config_the_narrowest_level_wins_section_by_section() {
    let file = LocalRulesFile {
        default: RuleSet {
            reply_working_days: Some(5),
            ..RuleSet::default()
        },
        overrides: vec![
            Override {
                sector: Some("市场监管".into()),
                agency: None,
                rules: RuleSet {
                    reply_working_days: Some(7),
                    ..RuleSet::default()
                },
            },
            Override {
                sector: None,
                agency: Some("11430100MB1234567X".into()),
                rules: RuleSet {
                    reply_working_days: Some(10),
                    ..RuleSet::default()
                },
            },
        ],
    };
    let rules = file.check().unwrap();
    let reply = |s: &str, a: Option<&str>| rules.config_for(s, a).reply_period;
    use sanxiang_core::calendar::Period::Workdays;
    assert_eq!(reply("生态环境", None), Workdays(5));
    assert_eq!(reply("市场监管", None), Workdays(7));
    assert_eq!(reply("市场监管", Some("11430100MB1234567X")), Workdays(10));
}

/// A configuration contradicting a statute is refused at import with the article: simplified
/// limits above 处罚法 Art 51, on-the-spot collection above Art 68, a one-officer coercive
/// measure (行政强制法 Art 18(2)), an extension without the rule that allows it (Art 60).
#[test]
fn config_contradicting_a_statute_is_refused_with_the_article() {
    let err = rules_from(serde_json::json!({"default": {
        "simple": {"person_yuan": 300, "organisation_yuan": 3000,
                   "on_spot_collection_yuan": 150, "citation": "x"},
        "single_officer": [{"act": "coercion_measure", "citation": "某法"}],
        "decision_extension": {"max_extensions": 1, "max_days": 30, "citation": ""},
        "reply_working_days": 0
    }}))
    .unwrap_err();
    let all = err.join("\n");
    assert!(all.contains("P2") && all.contains("第五十一条"), "{all}");
    assert!(all.contains("第六十八条"), "{all}");
    assert!(
        all.contains("R3") && all.contains("《行政强制法》第十八条第二项"),
        "{all}"
    );
    assert!(all.contains("P8") && all.contains("第六十条"), "{all}");
    assert!(all.contains("P5"), "{all}");
    // The statute's own limits are accepted.
    assert!(
        rules_from(serde_json::json!({"default": {"simple": {
            "person_yuan": 200, "organisation_yuan": 3000,
            "on_spot_collection_yuan": 100, "citation": "x"}}}))
        .is_ok()
    );
    // An override names exactly one sector or agency.
    assert!(rules_from(serde_json::json!({"override": [{"rules": {}}]})).is_err());
}

fn extension(days: u32, collective: bool) -> ActPayload {
    ActPayload::DecisionPeriodExtension {
        days,
        approved_by: "局长".into(),
        collective,
    }
}

/// P8 (处罚法 Art 60): the 90 days hold "unless a law, regulation or rule provides otherwise";
/// the statute itself grants no extension. Without a configured rule none is allowed; with one,
/// its count, length and collective decision are enforced.
#[test]
fn p8_extensions_only_as_a_configured_rule_allows() {
    let mut case = Case::new(ProcedureKind::PenaltyOrdinary);
    case.ok(at(2024, 9, 2), ab(), filing(person()));
    let err = case
        .try_at(at(2024, 9, 20), vec![a()], extension(30, false))
        .unwrap_err();
    assert!(
        err.iter()
            .any(|v| v.rule == "P8" && v.message.contains("第六十条")),
        "{err:?}"
    );
    let mut cx = ctx(at(2024, 9, 20));
    cx.config.decision_extensions = Some(DecisionExtensions {
        max_extensions: 2,
        max_days: 30,
        collective_after_first: true,
        citation: "某部门规章第六十四条".into(),
    });
    let due = case.state().deadline("P8").unwrap().due;
    assert!(case.try_with(&cx, vec![a()], extension(31, false)).is_err());
    case.try_with(&cx, vec![a()], extension(30, false)).unwrap();
    assert_eq!(
        case.state().deadline("P8").unwrap().due,
        due + chrono::Duration::days(30)
    );
    // The second needs the heads' collective decision.
    let err = case
        .try_with(&cx, vec![a()], extension(10, false))
        .unwrap_err();
    assert!(has(&err, "P8"));
    case.try_with(&cx, vec![a()], extension(10, true)).unwrap();
    // No third.
    let err = case
        .try_with(&cx, vec![a()], extension(5, true))
        .unwrap_err();
    assert!(
        err.iter().any(|v| v.message.contains("最多延长2次")),
        "{err:?}"
    );
}
