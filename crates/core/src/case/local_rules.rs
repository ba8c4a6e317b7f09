//! Local rules (CONFIG): what a province, a sector or an agency sets within the statutes — the
//! "较大数额" hearing thresholds (P6), the 陈述申辩 period (P5), lower simplified-procedure limits
//! (P2), decision-period extensions (P8) and statutory single-officer exceptions (R3).
//!
//! The caller reads the file (TOML) into [`LocalRulesFile`]; [`LocalRulesFile::check`] refuses,
//! naming the rule and the article, any value that contradicts a statute's floor, and yields the
//! [`LocalRules`] the cases are decided with. Nothing here reads a file.

use serde::Deserialize;

use super::act::ActKind;
use super::context::{CaseConfig, DecisionExtensions, HearingThresholds, SimpleLimits};
use super::model::Fen;
use crate::calendar::Period;
use crate::rule::Violation;

/// The file as written: rules for every agency, then overrides per sector or agency.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalRulesFile {
    #[serde(default)]
    pub default: RuleSet,
    #[serde(default, rename = "override")]
    pub overrides: Vec<Override>,
}

/// Rules for the agencies of one sector (their 执法类别) or for one agency (its 统一社会信用代码).
/// An agency's override wins over its sector's, which wins over the default, section by section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub sector: Option<String>,
    pub agency: Option<String>,
    #[serde(default)]
    pub rules: RuleSet,
}

/// One set of rules; a section left out is taken from the next wider level.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    pub hearing: Option<HearingRule>,
    /// P5: working days the party has to state a case after the notice is served.
    pub reply_working_days: Option<u32>,
    pub simple: Option<SimpleRule>,
    pub decision_extension: Option<ExtensionRule>,
    pub single_officer: Option<Vec<SingleOfficerRule>>,
}

/// P6 (处罚法 Art 63(1)(一)(二)): the "较大数额" of a fine or a confiscation, in yuan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HearingRule {
    pub person_yuan: i64,
    pub organisation_yuan: i64,
    /// How the local rule words the boundary: "超过" (above) or "以上（含）" (at or above).
    pub boundary: Boundary,
    /// The local rule (e.g. 京建法〔2023〕2号).
    pub citation: String,
    /// 个体工商户 counts as a natural person (民法典 Art 54) unless the local rule says otherwise.
    #[serde(default = "yes")]
    pub individual_business_as_person: bool,
}

fn yes() -> bool {
    true
}

/// Where a threshold's own value falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Boundary {
    /// "超过": the value itself is not large.
    #[serde(rename = "超过", alias = "above")]
    Above,
    /// "以上（含）": the value itself is large.
    #[serde(rename = "以上（含）", alias = "以上", alias = "at_least")]
    AtLeast,
}

/// P2 (处罚法 Arts 51, 68): lower limits a sector may set, in yuan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimpleRule {
    pub person_yuan: i64,
    pub organisation_yuan: i64,
    pub on_spot_collection_yuan: Option<i64>,
    pub citation: String,
}

/// P8 (处罚法 Art 60: "法律、法规、规章另有规定的，从其规定"): the extensions a sector rule allows.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtensionRule {
    /// How many extensions in one case.
    pub max_extensions: u32,
    /// Longest single extension, in days.
    pub max_days: u32,
    /// From the second extension on, the heads decide collectively (e.g. SAMR).
    #[serde(default)]
    pub collective_after_first: bool,
    pub citation: String,
}

/// R3 (处罚法 Art 42: "法律另有规定的除外"): an act one officer may carry out, with its law.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SingleOfficerRule {
    pub act: ActKind,
    pub citation: String,
}

/// Checked local rules: every value within its statute.
#[derive(Debug, Clone, Default)]
pub struct LocalRules {
    default: RuleSet,
    sectors: Vec<(String, RuleSet)>,
    agencies: Vec<(String, RuleSet)>,
}

const REPLY_MAX_WORKING_DAYS: u32 = 60;

fn fen(yuan: i64) -> Fen {
    yuan.saturating_mul(100)
}

impl LocalRulesFile {
    /// Every value that contradicts a statute (or cannot be applied), with the rule, the field
    /// and the article; or the rules, when there is none.
    pub fn check(self) -> Result<LocalRules, Vec<Violation>> {
        let mut problems = Vec::new();
        check_set("default", &self.default, &mut problems);
        let mut rules = LocalRules {
            default: self.default,
            ..LocalRules::default()
        };
        for (i, o) in self.overrides.into_iter().enumerate() {
            let at = format!("override[{}]", i + 1);
            check_set(&at, &o.rules, &mut problems);
            match (o.sector, o.agency) {
                (Some(s), None) if !s.trim().is_empty() => rules.sectors.push((s, o.rules)),
                (None, Some(a)) if !a.trim().is_empty() => rules.agencies.push((a, o.rules)),
                _ => problems.push(Violation::hard(
                    "CONFIG",
                    Some(&at),
                    format!("{at}：须且只须指明一个执法类别（sector）或一个机关（agency，统一社会信用代码）"),
                )),
            }
        }
        if problems.is_empty() {
            Ok(rules)
        } else {
            Err(problems)
        }
    }
}

fn check_set(at: &str, set: &RuleSet, out: &mut Vec<Violation>) {
    let mut bad = |rule: &str, field: &str, message: String| {
        let field = format!("{at}.{field}");
        out.push(Violation::hard(
            rule,
            Some(&field),
            format!("{field}：{message}"),
        ));
    };
    if let Some(h) = &set.hearing {
        if h.person_yuan <= 0 || h.organisation_yuan <= 0 {
            bad(
                "P6",
                "hearing",
                "较大数额标准须为正数（《行政处罚法》第六十三条）".into(),
            );
        }
        if h.citation.trim().is_empty() {
            bad(
                "P6",
                "hearing.citation",
                "须写明规定较大数额标准的文件".into(),
            );
        }
    }
    if let Some(n) = set.reply_working_days
        && !(1..=REPLY_MAX_WORKING_DAYS).contains(&n)
    {
        bad(
            "P5",
            "reply_working_days",
            format!(
                "陈述申辩期限应为1至{REPLY_MAX_WORKING_DAYS}个工作日（《行政处罚法》第四十四条、第四十五条）"
            ),
        );
    }
    if let Some(s) = &set.simple {
        let statute = SimpleLimits::default();
        if s.person_yuan <= 0
            || fen(s.person_yuan) > statute.person_fen
            || s.organisation_yuan <= 0
            || fen(s.organisation_yuan) > statute.organisation_fen
        {
            bad(
                "P2",
                "simple",
                "简易程序限额不得高于对公民二百元、对法人或者其他组织三千元（《行政处罚法》第五十一条）".into(),
            );
        }
        if let Some(c) = s.on_spot_collection_yuan
            && (c <= 0 || fen(c) > statute.on_spot_fen)
        {
            bad(
                "P2",
                "simple.on_spot_collection_yuan",
                "当场收缴罚款限额不得高于一百元（《行政处罚法》第六十八条）".into(),
            );
        }
        if s.citation.trim().is_empty() {
            bad("P2", "simple.citation", "须写明规定较低限额的文件".into());
        }
    }
    if let Some(e) = &set.decision_extension {
        if e.max_extensions == 0 || e.max_days == 0 {
            bad(
                "P8",
                "decision_extension",
                "延长次数和每次延长天数须为正数；不允许延长的，不配置本项".into(),
            );
        }
        if e.citation.trim().is_empty() {
            bad(
                "P8",
                "decision_extension.citation",
                "《行政处罚法》第六十条未规定延长，须写明规定延长的法律、法规或者规章".into(),
            );
        }
    }
    for (i, r) in set.single_officer.iter().flatten().enumerate() {
        let field = format!("single_officer[{}]", i + 1);
        if matches!(
            r.act,
            ActKind::CoercionMeasure | ActKind::CoercionRelease | ActKind::EmergencyApproval
        ) {
            bad(
                "R3",
                &field,
                "行政强制措施应当由两名以上行政执法人员实施，没有例外（《行政强制法》第十八条第二项）".into(),
            );
        }
        if r.citation.trim().is_empty() {
            bad(
                "R3",
                &field,
                "一名执法人员实施须有法律规定（《行政处罚法》第四十二条），须写明该法律条文".into(),
            );
        }
    }
}

/// The section of the narrowest level (agency, sector, default) that has it.
fn narrowest<'a, T>(
    levels: &[&'a RuleSet],
    get: impl Fn(&'a RuleSet) -> Option<&'a T>,
) -> Option<&'a T> {
    levels.iter().find_map(|r| get(r))
}

impl LocalRules {
    /// The configuration for an agency of `sector` with credit code `agency`.
    pub fn config_for(&self, sector: &str, agency: Option<&str>) -> CaseConfig {
        let sector_set = self
            .sectors
            .iter()
            .find(|(s, _)| s.trim() == sector.trim())
            .map(|(_, r)| r);
        let agency_set = agency.and_then(|code| {
            self.agencies
                .iter()
                .find(|(a, _)| a.trim() == code.trim())
                .map(|(_, r)| r)
        });
        // Narrowest first: the agency, its sector, the default.
        let levels: Vec<&RuleSet> = [agency_set, sector_set, Some(&self.default)]
            .into_iter()
            .flatten()
            .collect();
        let mut config = CaseConfig::default();
        if let Some(h) = narrowest(&levels, |r| r.hearing.as_ref()) {
            config.hearing_thresholds = HearingThresholds {
                person_fen: fen(h.person_yuan),
                organisation_fen: fen(h.organisation_yuan),
                inclusive: h.boundary == Boundary::AtLeast,
                individual_business_as_person: h.individual_business_as_person,
                citation: h.citation.clone(),
            };
        }
        if let Some(n) = narrowest(&levels, |r| r.reply_working_days.as_ref()) {
            config.reply_period = Period::Workdays(*n);
        }
        if let Some(s) = narrowest(&levels, |r| r.simple.as_ref()) {
            let statute = SimpleLimits::default();
            config.simple_limits = SimpleLimits {
                person_fen: fen(s.person_yuan),
                organisation_fen: fen(s.organisation_yuan),
                on_spot_fen: s.on_spot_collection_yuan.map_or(statute.on_spot_fen, fen),
                citation: s.citation.clone(),
            };
        }
        if let Some(e) = narrowest(&levels, |r| r.decision_extension.as_ref()) {
            config.decision_extensions = Some(DecisionExtensions {
                max_extensions: e.max_extensions,
                max_days: e.max_days,
                collective_after_first: e.collective_after_first,
                citation: e.citation.clone(),
            });
        }
        if let Some(list) = narrowest(&levels, |r| r.single_officer.as_ref()) {
            config.single_officer_exceptions =
                list.iter().map(|r| (r.act, r.citation.clone())).collect();
        }
        config
    }
}
