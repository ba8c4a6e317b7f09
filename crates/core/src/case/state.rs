//! `CaseState`: what a case's acts add up to. It is never stored; it is rebuilt by replaying
//! the acts, so the record is the only truth (CASE-2).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::act::{Act, ActPayload};
use super::deadlines::DeadlineSpec;
use super::model::{Party, Penalty, ProcedureKind, Stage};
use super::payload::{CoercionKind, ServiceMethod};
use crate::registry::CertificateNo;

/// The notice of intended penalty (P5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeState {
    pub seq: u64,
    pub penalties: Vec<Penalty>,
    pub hearing_offered: bool,
    pub served_on: Option<NaiveDate>,
}

/// The hearing (P6).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HearingState {
    pub requested_on: Option<NaiveDate>,
    pub notified_for: Option<NaiveDate>,
    /// The 听证通知 act and the day it reached the party (P6: the 7 working days run from it).
    pub notice_seq: Option<u64>,
    pub notice_served_on: Option<NaiveDate>,
    pub held: bool,
    /// Absent without good reason, or never requested.
    pub waived: bool,
}

/// The decision (P9–P12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionState {
    pub seq: u64,
    pub penalties: Vec<Penalty>,
    pub decided_on: NaiveDate,
    pub served_on: Option<NaiveDate>,
    pub on_the_spot: bool,
}

impl DecisionState {
    /// The total of fines in fen.
    pub fn fine_fen(&self) -> i64 {
        self.penalties
            .iter()
            .map(|p| match p {
                Penalty::Fine { fen } => *fen,
                _ => 0,
            })
            .sum()
    }
}

/// A coercive measure (P13).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureState {
    pub seq: u64,
    pub kind: CoercionKind,
    pub emergency: bool,
    pub started_on: NaiveDate,
    pub term_days: u32,
    pub extended_days: u32,
    /// Days of testing, quarantine or appraisal, not counted in the term (S3 Art 25).
    pub paused_days: u32,
    /// Under testing since (S3 Art 25(3): the pause is per measure).
    pub testing_since: Option<NaiveDate>,
    /// For an emergency measure: the after-the-fact approval, once given.
    pub approved: Option<bool>,
    pub released: bool,
}

impl MeasureState {
    /// Days the term runs for now: the term, its extensions and the excluded testing days.
    pub fn counted_days(&self) -> u32 {
        self.term_days
            .saturating_add(self.extended_days)
            .saturating_add(self.paused_days)
    }

    /// A 查封扣押 still in force: the measure whose term testing time is excluded from (S3
    /// Art 25; freezing, Art 32, has no such exclusion).
    pub fn pausable(&self) -> bool {
        self.kind == super::payload::CoercionKind::Seizure && !self.released
    }
}

/// Licensing (P14).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LicensingState {
    pub received_on: Option<NaiveDate>,
    pub materials_complete: bool,
    pub correction_notified: bool,
    pub accepted_on: Option<NaiveDate>,
    pub deemed_accepted: bool,
    pub extended: bool,
    pub granted: Option<bool>,
}

/// An open deadline and the act that opened it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDeadline {
    pub spec: DeadlineSpec,
    pub opened_by: u64,
}

/// The state of a case after its acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseState {
    /// The kind of each applied act by sequence number (for corrections and references).
    pub acts: BTreeMap<u64, super::act::ActKind>,
    pub kind: ProcedureKind,
    pub stage: Stage,
    /// The sequence number the next act gets.
    pub next_seq: u64,
    pub party: Option<Party>,
    pub filed_on: Option<NaiveDate>,
    pub complex_or_serious: bool,
    pub review_required: bool,
    /// Every officer who acted in the case.
    pub officers: BTreeSet<CertificateNo>,
    /// Officers who took part in investigation (not eligible to host a hearing, P6).
    pub investigators: BTreeSet<CertificateNo>,
    pub recused: BTreeSet<CertificateNo>,
    /// Stages with a record, and stages declared not applicable with the reason (A1).
    pub stages_recorded: BTreeSet<Stage>,
    pub not_applicable: BTreeMap<Stage, String>,
    pub notice: Option<NoticeState>,
    pub reply_waived: bool,
    pub hearing: HearingState,
    pub review_passed: Option<bool>,
    pub deliberated: bool,
    pub decision: Option<DecisionState>,
    pub paid_fen: i64,
    /// Approved and carried-out evidence preservations (P4).
    pub preservation_approvals: BTreeSet<u64>,
    pub preservations: BTreeMap<u64, bool>,
    pub coercion_approved: bool,
    pub measures: Vec<MeasureState>,
    pub licensing: LicensingState,
    /// The claimed time of the latest act (CASE-2: the next may not be earlier).
    pub last_at: Option<chrono::NaiveDateTime>,
    /// Decision-period extensions so far (P8).
    pub decision_extensions: u32,
    /// Start of the current pause of a period (P8, P13, P14).
    pub paused_since: Option<NaiveDate>,
    /// Service date of each served act.
    pub served: BTreeMap<u64, NaiveDate>,
    pub open_deadlines: Vec<OpenDeadline>,
    pub closed: bool,
    pub archived: bool,
}

impl CaseState {
    pub fn new(kind: ProcedureKind) -> CaseState {
        CaseState {
            acts: BTreeMap::new(),
            kind,
            stage: Stage::Opened,
            next_seq: 1,
            party: None,
            filed_on: None,
            complex_or_serious: false,
            review_required: false,
            officers: BTreeSet::new(),
            investigators: BTreeSet::new(),
            recused: BTreeSet::new(),
            stages_recorded: BTreeSet::new(),
            not_applicable: BTreeMap::new(),
            notice: None,
            reply_waived: false,
            hearing: HearingState::default(),
            review_passed: None,
            deliberated: false,
            decision: None,
            paid_fen: 0,
            preservation_approvals: BTreeSet::new(),
            preservations: BTreeMap::new(),
            coercion_approved: false,
            measures: Vec::new(),
            licensing: LicensingState::default(),
            last_at: None,
            decision_extensions: 0,
            paused_since: None,
            served: BTreeMap::new(),
            open_deadlines: Vec::new(),
            closed: false,
            archived: false,
        }
    }

    /// Rebuilds the state from the acts in order. A correction takes the place of the act it
    /// corrects (the latest correction wins); the corrected act is otherwise ignored.
    pub fn replay(kind: ProcedureKind, acts: &[Act]) -> CaseState {
        let mut replacement: BTreeMap<u64, &Act> = BTreeMap::new();
        for act in acts {
            if let Some(target) = act.corrects {
                replacement.insert(target, act);
            }
        }
        let mut state = CaseState::new(kind);
        for act in acts {
            if act.corrects.is_some() {
                state.next_seq = state.next_seq.max(act.seq.saturating_add(1));
                continue;
            }
            let effective = replacement.get(&act.seq).copied().unwrap_or(act);
            state.apply(act.seq, effective);
        }
        state
    }

    /// Applies one more act (no correction lookup: use [`CaseState::replay`] for a log that
    /// contains corrections).
    pub fn apply_act(&mut self, act: &Act) {
        self.apply(act.seq, act);
    }

    /// Applies one act at position `seq` (the act's own sequence, or the corrected one's).
    fn apply(&mut self, seq: u64, act: &Act) {
        self.next_seq = self.next_seq.max(seq.saturating_add(1));
        self.last_at = self.last_at.max(Some(act.at));
        self.acts.insert(seq, act.kind());
        let date = act.date();
        self.officers.extend(act.officers.iter().cloned());
        if let Some(stage) = act.payload.stage() {
            self.stages_recorded.insert(stage);
            if stage > self.stage || matches!(stage, Stage::Closing | Stage::Archiving) {
                self.stage = stage;
            }
        }
        for rule in &act.closes {
            self.open_deadlines.retain(|d| &d.spec.rule != rule);
        }
        for spec in &act.opens {
            self.open_deadlines.push(OpenDeadline {
                spec: spec.clone(),
                opened_by: seq,
            });
        }
        match &act.payload {
            ActPayload::Filing(f) => {
                self.party = Some(f.party.clone());
                self.filed_on = Some(date);
                self.complex_or_serious = f.complex_or_serious;
                self.review_required = f.review_required;
                self.investigators.extend(act.officers.iter().cloned());
            }
            ActPayload::Recusal { officer, .. } => {
                self.recused.insert(officer.clone());
            }
            ActPayload::Transcript(_) | ActPayload::Preservation { .. } => {
                self.investigators.extend(act.officers.iter().cloned());
                if let ActPayload::Preservation { .. } = &act.payload {
                    self.preservations.insert(seq, false);
                }
            }
            ActPayload::PreservationApproval { .. } => {
                self.preservation_approvals.insert(seq);
            }
            ActPayload::PreservationHandled { preservation, .. } => {
                self.preservations.insert(*preservation, true);
            }
            ActPayload::Notice(n) => {
                self.notice = Some(NoticeState {
                    seq,
                    penalties: n.penalties.clone(),
                    hearing_offered: n.hearing_offered,
                    served_on: None,
                });
                // A new notice restarts the right to be heard.
                self.reply_waived = false;
                self.hearing = HearingState::default();
            }
            ActPayload::Service(s) => self.apply_service(s.of_act, s.served_on, &s.method),
            ActPayload::Reply { waived, .. } => self.reply_waived |= *waived,
            ActPayload::HearingRequest => self.hearing.requested_on = Some(date),
            ActPayload::HearingNotice(n) => {
                self.hearing.notified_for = Some(n.hearing_on);
                self.hearing.notice_seq = Some(seq);
                self.hearing.notice_served_on = None;
            }
            ActPayload::HearingHeld(h) => {
                if h.party_appeared {
                    self.hearing.held = true;
                } else if !h.absence_excused {
                    self.hearing.waived = true;
                }
            }
            ActPayload::LegalReview { passed, .. } => self.review_passed = Some(*passed),
            ActPayload::Deliberation { .. } => self.deliberated = true,
            ActPayload::Pause { measures, .. } => {
                self.paused_since = Some(date);
                // P13: only the named measures are tested (older records named none: all).
                for m in self.measures.iter_mut().filter(|m| m.pausable()) {
                    if measures.is_empty() || measures.contains(&m.seq) {
                        m.testing_since = Some(date);
                    }
                }
            }
            ActPayload::Resume => {
                // P13: the days a seized thing was being tested are not part of its term.
                self.paused_since = None;
                for m in &mut self.measures {
                    if let Some(since) = m.testing_since.take() {
                        let days = u32::try_from((date - since).num_days().max(0)).unwrap_or(0);
                        m.paused_days = m.paused_days.saturating_add(days);
                    }
                }
            }
            ActPayload::Decision(d) => {
                if self.party.is_none() {
                    self.party = Some(d.party.clone());
                }
                self.decision = Some(DecisionState {
                    seq,
                    penalties: d.penalties.clone(),
                    decided_on: date,
                    served_on: None,
                    on_the_spot: d.on_the_spot,
                });
            }
            ActPayload::Payment(p) => self.paid_fen = self.paid_fen.saturating_add(p.amount_fen),
            ActPayload::NotApplicable { stage, reason } => {
                self.not_applicable.insert(*stage, reason.clone());
            }
            ActPayload::Close { .. } => {
                self.closed = true;
                self.open_deadlines.clear();
            }
            ActPayload::Archive => self.archived = true,
            ActPayload::CoercionApproval { .. } => self.coercion_approved = true,
            ActPayload::CoercionMeasure(m) => self.measures.push(MeasureState {
                seq,
                kind: m.measure,
                emergency: m.emergency,
                started_on: date,
                term_days: m.term_days,
                extended_days: 0,
                paused_days: 0,
                testing_since: None,
                approved: None,
                released: false,
            }),
            ActPayload::EmergencyApproval {
                measure, approved, ..
            } => {
                if let Some(m) = self.measure_mut(*measure) {
                    m.approved = Some(*approved);
                }
            }
            ActPayload::CoercionExtension { measure, days, .. } => {
                if let Some(m) = self.measure_mut(*measure) {
                    m.extended_days = m.extended_days.saturating_add(*days);
                }
            }
            ActPayload::CoercionRelease { measure, .. } => {
                if let Some(m) = self.measure_mut(*measure) {
                    m.released = true;
                }
            }
            ActPayload::Application {
                applicant,
                materials_complete,
                ..
            } => {
                self.party = Some(applicant.clone());
                self.licensing.received_on = Some(date);
                self.licensing.materials_complete = *materials_complete;
            }
            ActPayload::CorrectionNotice { .. } => self.licensing.correction_notified = true,
            ActPayload::Acceptance { .. } => {
                self.licensing.accepted_on = Some(date);
                self.licensing.materials_complete = true;
            }
            ActPayload::DeemedAccepted { received_on } => {
                self.licensing.accepted_on = Some(*received_on);
                self.licensing.deemed_accepted = true;
            }
            ActPayload::LicensingExtension { .. } => self.licensing.extended = true,
            ActPayload::LicensingDecision { granted, .. } => {
                self.licensing.granted = Some(*granted);
            }
            ActPayload::DecisionPeriodExtension { .. } => {
                self.decision_extensions = self.decision_extensions.saturating_add(1);
            }
            ActPayload::InspectionResult { .. } => {}
        }
    }

    fn apply_service(&mut self, of_act: u64, served_on: NaiveDate, _method: &ServiceMethod) {
        self.served.insert(of_act, served_on);
        if let Some(n) = self.notice.as_mut().filter(|n| n.seq == of_act) {
            n.served_on = Some(served_on);
        }
        if let Some(d) = self.decision.as_mut().filter(|d| d.seq == of_act) {
            d.served_on = Some(served_on);
        }
        if self.hearing.notice_seq == Some(of_act) {
            self.hearing.notice_served_on = Some(served_on);
        }
    }

    fn measure_mut(&mut self, seq: u64) -> Option<&mut MeasureState> {
        self.measures.iter_mut().find(|m| m.seq == seq)
    }

    pub fn measure(&self, seq: u64) -> Option<&MeasureState> {
        self.measures.iter().find(|m| m.seq == seq)
    }

    /// The open deadline of a rule, if any.
    pub fn deadline(&self, rule: &str) -> Option<&DeadlineSpec> {
        self.open_deadlines
            .iter()
            .map(|d| &d.spec)
            .find(|d| d.rule == rule)
    }

    /// Whether a stage has a record or a "not applicable" (A1).
    pub fn stage_accounted(&self, stage: Stage) -> bool {
        self.stages_recorded.contains(&stage) || self.not_applicable.contains_key(&stage)
    }
}
