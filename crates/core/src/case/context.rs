//! What a command is decided against besides the case state: the act's time, the calendar,
//! the officers as the registry sees them, the matter, and the jurisdiction's configuration.

use chrono::{NaiveDate, NaiveDateTime};

use super::act::ActKind;
use super::model::{AvRequirement, Fen, OfficerOnDuty, Party, Penalty};
use super::state::CaseState;
use crate::calendar::{Period, WorkCalendar};
use crate::registry::CertificateNo;
use crate::rule::Violation;

/// The legal-review gate (L1): given the state and the penalties about to be decided, the
/// violations that block the decision. The review module supplies the real one.
pub type ReviewGate = fn(&CaseState, &[Penalty]) -> Vec<Violation>;

/// Default gate: when filing marked the case for review, or a hearing was held (L1 item 2),
/// a passed review opinion must be on file.
pub fn default_review_gate(state: &CaseState, _penalties: &[Penalty]) -> Vec<Violation> {
    let required = state.review_required || state.hearing.held;
    if required && state.review_passed != Some(true) {
        vec![Violation::hard(
            "L1",
            Some("legal_review"),
            "L1 本案须经法制审核，且审核意见为通过后方可作出决定",
        )]
    } else {
        Vec::new()
    }
}

/// P2: simplified-procedure limits. The statute caps them; a sector may set lower ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleLimits {
    pub person_fen: Fen,
    pub organisation_fen: Fen,
    /// On-the-spot collection without another ground (S2 Art 68).
    pub on_spot_fen: Fen,
    pub citation: String,
}

impl SimpleLimits {
    pub const STATUTE_PERSON_FEN: Fen = 20_000;
    pub const STATUTE_ORGANISATION_FEN: Fen = 300_000;
    pub const STATUTE_ON_SPOT_FEN: Fen = 10_000;

    /// The limit for this party (个体工商户 as a citizen, 民法典 Art 54); a configured value
    /// above the statute is ignored.
    pub fn limit_for(&self, party: &Party) -> Fen {
        if party.counts_as_person(true) {
            self.person_fen.min(Self::STATUTE_PERSON_FEN)
        } else {
            self.organisation_fen.min(Self::STATUTE_ORGANISATION_FEN)
        }
    }

    pub fn on_spot_limit(&self) -> Fen {
        self.on_spot_fen.min(Self::STATUTE_ON_SPOT_FEN)
    }
}

impl Default for SimpleLimits {
    fn default() -> Self {
        SimpleLimits {
            person_fen: Self::STATUTE_PERSON_FEN,
            organisation_fen: Self::STATUTE_ORGANISATION_FEN,
            on_spot_fen: Self::STATUTE_ON_SPOT_FEN,
            citation: "《行政处罚法》第五十一条、第六十八条".into(),
        }
    }
}

/// P6: "large fine" thresholds above which a hearing must be offered (CONFIG per agency or
/// sector, [`super::local_rules`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingThresholds {
    /// The threshold of a fine or confiscation for a citizen.
    pub person_fen: Fen,
    pub organisation_fen: Fen,
    /// "以上（含）": the threshold itself is large; "超过" (false): only above it.
    pub inclusive: bool,
    /// 个体工商户 counts as a natural person (民法典 Art 54) unless the local rule says otherwise.
    pub individual_business_as_person: bool,
    pub citation: String,
}

impl HearingThresholds {
    /// The threshold for this party.
    pub fn limit_for(&self, party: &Party) -> Fen {
        if party.counts_as_person(self.individual_business_as_person) {
            self.person_fen
        } else {
            self.organisation_fen
        }
    }

    /// Whether `amount` is a "较大数额" for this party.
    pub fn is_large(&self, amount: Fen, party: &Party) -> bool {
        let limit = self.limit_for(party);
        if self.inclusive {
            amount >= limit
        } else {
            amount > limit
        }
    }

    /// How the boundary reads: "超过" or "以上（含）".
    pub fn boundary_zh(&self) -> &'static str {
        if self.inclusive {
            "以上（含）"
        } else {
            "超过"
        }
    }
}

impl Default for HearingThresholds {
    /// The 北京住建 example of domain-rules.md P6; other sectors must configure theirs.
    fn default() -> Self {
        HearingThresholds {
            person_fen: 300_000,
            organisation_fen: 5_000_000,
            inclusive: false,
            individual_business_as_person: true,
            citation: "京建法〔2023〕2号（示例，须按本地规定配置）".into(),
        }
    }
}

/// P8: decision-period extensions a sector rule allows (处罚法 Art 60 grants none of its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionExtensions {
    pub max_extensions: u32,
    pub max_days: u32,
    /// From the second extension on, the heads decide collectively.
    pub collective_after_first: bool,
    pub citation: String,
}

/// Per-jurisdiction configuration of the case rules.
#[derive(Debug, Clone)]
pub struct CaseConfig {
    pub simple_limits: SimpleLimits,
    pub hearing_thresholds: HearingThresholds,
    /// P5 reply period after the notice is served (sector CONFIG; UNVERIFIED nationally). The
    /// 事先告知书 prints this same period.
    pub reply_period: Period,
    /// P8 extensions; `None`: no rule allows one.
    pub decision_extensions: Option<DecisionExtensions>,
    /// CASE-2: an act recorded more than this after its claimed time is a 补录.
    pub late_entry_after_minutes: u32,
    /// CASE-2: how far a claimed time may run ahead of the server's clock (devices drift).
    pub clock_skew_minutes: u32,
    /// L1 gate.
    pub review_gate: ReviewGate,
    /// R3 exceptions: act kinds one officer may carry out, each with the statute allowing it.
    pub single_officer_exceptions: Vec<(ActKind, String)>,
}

impl Default for CaseConfig {
    fn default() -> Self {
        CaseConfig {
            simple_limits: SimpleLimits::default(),
            hearing_thresholds: HearingThresholds::default(),
            reply_period: Period::Workdays(5),
            decision_extensions: None,
            late_entry_after_minutes: 24 * 60,
            clock_skew_minutes: 5,
            review_gate: default_review_gate,
            single_officer_exceptions: Vec::new(),
        }
    }
}

/// Who vouches for an act (CASE-2, R3): the signed-in officer who records it, and the other
/// named officers who confirmed it with their own sign-in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attestation {
    /// The certificates of the signed-in officer recording the act (empty: the account is
    /// linked to no officer).
    pub recorder: Vec<CertificateNo>,
    /// Other officers named by the command who confirmed with their own password or PIN.
    pub confirmed: Vec<CertificateNo>,
}

impl Attestation {
    /// Did the holder of `no` vouch for the act?
    pub fn vouches(&self, no: &CertificateNo) -> bool {
        self.recorder.contains(no) || self.confirmed.contains(no)
    }
}

/// The body acting in the case (R1): its nature and, for an entrusted body, its entrustments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActingBody {
    /// `None` only for records the system enters itself without a registry (tests of rules
    /// that do not concern the actor).
    pub nature: Option<crate::registry::AgencyNature>,
    pub entrustments: Vec<EntrustmentTerm>,
}

/// An entrustment held by the acting body: its term and its stated matters (S2 Art 20).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntrustmentTerm {
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// 委托事项 as the 委托书 states them.
    pub scope: String,
}

/// Everything besides the state that a command is decided against.
#[derive(Debug, Clone)]
pub struct ActContext {
    /// When the act takes place (as claimed by the officer).
    pub at: NaiveDateTime,
    /// When the server records it (China Standard Time): beside `at` on every act (CASE-2).
    pub recorded_at: NaiveDateTime,
    /// Shared: one calendar serves every act (cloning its tables per act showed in profiles).
    pub calendar: std::sync::Arc<WorkCalendar>,
    /// The officers named by the command, as the registry says on the act date.
    pub officers: Vec<OfficerOnDuty>,
    /// R1: the body acting in the case.
    pub acting_body: ActingBody,
    /// The matter's 执法类别 and 执法区域.
    pub matter_category: String,
    pub matter_area: String,
    pub av_requirement: AvRequirement,
    /// An AV record covering this act is attached.
    pub av_attached: bool,
    pub config: CaseConfig,
    /// CASE-2: who vouches for the act. `None` only for records the system enters itself (the
    /// demonstration data, migrations); a signed-in user's act always has one.
    pub attestation: Option<Attestation>,
}

impl ActContext {
    pub fn date(&self) -> NaiveDate {
        self.at.date()
    }
}
