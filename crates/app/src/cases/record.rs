//! Recording acts: decide in core, then write the sealed acts, the case projection and their
//! ledger entries in one unit of work of the sequencer.

use sanxiang_core::case::{Act, CaseState, ProcedureKind};
use sanxiang_core::rule::Violation;
use sanxiang_ledger::chain::next_head;
use sanxiang_ledger::entry::{Attachment, Entry};
use sanxiang_ledger::hash::{Hash, HashAlg};
use sanxiang_ledger::seal::SealKey;
use sanxiang_store::entity::{case_act, cases, evidence};
use sanxiang_store::repo;
use serde::Serialize;

use super::{ActInput, RecordedAct};
use crate::{Actor, App, AppError};

/// The serde code of an enum value (`penalty_ordinary`, `filing`, …).
pub fn code<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(super) enum Target {
    New(cases::Model),
    Existing(cases::Model),
}

/// A3: an audio or video record covers the act when its capture window (if the device gave
/// one) contains the act's time.
fn covers(e: &evidence::Model, at: chrono::NaiveDateTime) -> bool {
    use chrono::TimeZone as _;
    if !matches!(e.kind.as_str(), "video" | "audio") {
        return false;
    }
    let Some(t) = crate::clock::cst().from_local_datetime(&at).single() else {
        return false;
    };
    let t = t.with_timezone(&chrono::Utc);
    e.capture_start.is_none_or(|s| s <= t) && e.capture_end.is_none_or(|end| t <= end)
}

/// A stored or counted integer in the width another column or the log needs; out of range is
/// corrupt data, named, never a silent stand-in value on the way to the ledger.
fn int<T: TryFrom<U>, U: Copy + std::fmt::Display>(v: U, what: &str) -> Result<T, AppError> {
    T::try_from(v).map_err(|_| AppError::Internal(format!("{what} out of range: {v}")))
}

fn attachment(e: &evidence::Model) -> Result<Attachment, AppError> {
    let h = |s: &str| {
        Hash::from_hex(s).map_err(|err| AppError::Internal(format!("evidence {}: {err}", e.id)))
    };
    Ok(Attachment {
        kind: e.kind.clone(),
        sm3: h(&e.sm3)?,
        sha256: h(&e.sha256)?,
        chunk_root: Some(h(&e.chunk_root)?),
        size: int(e.size, &format!("evidence {} size", e.id))?,
        device_serial: e.device_serial.clone(),
    })
}

fn seal_context(case_no: &str, seq: u64) -> Vec<u8> {
    format!("sanxiang-act/v1/{case_no}/{seq}").into_bytes()
}

/// The ledger entry of an act (LOG-1): its body's SM3 digest, not the body (which holds
/// personal data), is what the log commits to.
fn entry_of(
    case_no: &str,
    act: &Act,
    body: &[u8],
    prev: Hash,
    attachments: Vec<Attachment>,
) -> Result<Entry, AppError> {
    use chrono::TimeZone as _;
    let at = crate::clock::cst()
        .from_local_datetime(&act.at)
        .single()
        .map(|t| t.timestamp_millis())
        .ok_or_else(|| {
            AppError::Internal(format!(
                "{case_no} act {}: time {} not in CST",
                act.seq, act.at
            ))
        })?;
    Ok(Entry {
        case_id: case_no.to_owned(),
        seq: act.seq,
        prev_head: prev,
        act_type: code(&act.kind()),
        actors: act.officers.iter().map(|c| c.as_str().to_owned()).collect(),
        claimed_time_ms: at,
        attachments,
        payload_digest: HashAlg::Sm3.digest(body),
        signature: None,
    })
}

impl App {
    pub(super) fn seal_key(&self) -> SealKey {
        self.seal_key.clone()
    }

    /// The evidence a command references: each must be a file of this case (CASE-4).
    async fn act_evidence(
        &self,
        case: &cases::Model,
        cmd: &sanxiang_core::case::Command,
        is_new: bool,
    ) -> Result<Vec<evidence::Model>, AppError> {
        let mut out = Vec::with_capacity(cmd.evidence.len());
        for sm3 in &cmd.evidence {
            let found = if is_new {
                None
            } else {
                repo::evidence::by_sm3(self.store().db(), case.id, sm3.trim()).await?
            };
            match found {
                Some(e) => out.push(e),
                None => {
                    return Err(AppError::invalid(Violation::hard(
                        "CASE-4",
                        Some("evidence"),
                        format!("证据{sm3}不是本案已上传的文件"),
                    )));
                }
            }
        }
        Ok(out)
    }

    /// The acts of a case, opened, and the state they replay to.
    pub(super) async fn load_acts(
        &self,
        case: &cases::Model,
    ) -> Result<(Vec<RecordedAct>, CaseState), AppError> {
        let key = self.seal_key();
        let kind: ProcedureKind =
            serde_json::from_value(serde_json::Value::String(case.kind.clone()))
                .map_err(|e| AppError::Internal(format!("case {}: kind: {e}", case.id)))?;
        let rows = repo::cases::acts(self.store().db(), case.id).await?;
        let mut acts = Vec::with_capacity(rows.len());
        for r in rows {
            let seq: u64 = int(r.seq, &format!("case {} act seq", case.id))?;
            let body = key
                .open(&r.body, &seal_context(&case.case_no, seq))
                .map_err(|e| AppError::Internal(format!("case {} act {seq}: {e}", case.id)))?;
            let act: Act = serde_json::from_slice(&body)
                .map_err(|e| AppError::Internal(format!("case {} act {seq}: {e}", case.id)))?;
            acts.push(RecordedAct {
                act,
                ledger_index: r.ledger_index,
                warnings: serde_json::from_str(&r.warnings).map_err(|e| {
                    AppError::Internal(format!("case {} act {seq}: warnings: {e}", case.id))
                })?,
                recorded_at: r.recorded_at,
            });
        }
        let plain: Vec<Act> = acts.iter().map(|a| a.act.clone()).collect();
        Ok((acts, CaseState::replay(kind, &plain)))
    }

    pub(super) async fn record(
        &self,
        actor: &Actor,
        target: Target,
        input: ActInput,
    ) -> Result<cases::Model, AppError> {
        let key = self.seal_key();
        let (case, is_new) = match target {
            Target::New(c) => (c, true),
            Target::Existing(c) => (c, false),
        };
        let kind: ProcedureKind =
            serde_json::from_value(serde_json::Value::String(case.kind.clone())).map_err(|_| {
                AppError::invalid(Violation::hard("CASE-1", Some("kind"), "程序种类无效"))
            })?;
        let state = if is_new {
            CaseState::new(kind)
        } else if let Some(s) = self.case_states.get(case.id, case.act_count) {
            s
        } else {
            self.load_acts(&case).await?.1
        };
        if case.closed
            && !matches!(
                input.command.payload,
                sanxiang_core::case::ActPayload::Archive
            )
        {
            return Err(AppError::invalid(Violation::hard(
                "A1",
                None,
                "案件已结案，只能记录归档",
            )));
        }
        let at = input
            .at
            .unwrap_or_else(|| self.now().with_timezone(&crate::clock::cst()).naive_local());
        let evidence = self.act_evidence(&case, &input.command, is_new).await?;
        let av_attached = evidence.iter().any(|e| covers(e, at));
        let mut ctx = self
            .act_context(&case, &input.command, at, av_attached)
            .await?;
        // CASE-2, R3: the recorder and the officers who confirmed with their own sign-in.
        ctx.attestation = self
            .attestation(actor, &input.command, &input.confirmations)
            .await?;
        let decision =
            sanxiang_core::case::decide(&state, &input.command, &ctx).map_err(AppError::Invalid)?;
        // CASE-2: named officers who have not vouched for the act confirm it later; until then
        // no document is issued in their name and they do not join the case.
        let mut unconfirmed: Vec<String> = match &ctx.attestation {
            Some(a) => input
                .command
                .officers
                .iter()
                .filter(|no| !a.vouches(no))
                .map(|no| no.as_str().to_owned())
                .collect(),
            None => Vec::new(),
        };
        unconfirmed.sort();
        unconfirmed.dedup();
        if !unconfirmed.is_empty() && !input.issue.is_empty() {
            return Err(AppError::invalid(Violation::hard(
                "CASE-2",
                Some("confirmations"),
                format!(
                    "文书以全部执法人员的名义制作：执法证号{}的执法人员须本人确认（在本设备输入其密码）后才能制作",
                    unconfirmed.join("、")
                ),
            )));
        }
        // CASE-6: a 送达回证 carries the case's party access code, whatever the client sent.
        let mut issue = input.issue;
        for content in &mut issue {
            if let sanxiang_core::instrument::InstrumentContent::ServiceReceipt(r) = content {
                r.party_access_code = if is_new {
                    None
                } else {
                    Some(self.party_access_code(&case.case_no)?)
                };
            }
        }
        // P5: a 事先告知书 prints the reply period the decision will wait for.
        let configured: Vec<_> = issue
            .iter()
            .flat_map(|c| sanxiang_core::instrument::check_configured(c, &ctx.config))
            .collect();
        if !configured.is_empty() {
            return Err(AppError::Invalid(configured));
        }
        // Documents: required elements checked before anything is written.
        let issuer = self.issuer(case.agency_id, issue, at.date()).await?;
        let before: Vec<_> = state
            .open_deadlines
            .iter()
            .map(|d| &d.spec)
            .cloned()
            .collect();
        // CASE-6: officers acting in the case for the first time (the others are in
        // `case_officer` already, written with their first act).
        let mut new_officers: Vec<String> = decision
            .acts
            .iter()
            .flat_map(|a| a.officers.iter())
            .filter(|c| !state.officers.contains(*c))
            .map(|c| c.as_str().to_owned())
            .filter(|c| !unconfirmed.contains(c))
            .collect();
        new_officers.sort();
        new_officers.dedup();
        let mut after = state;
        for a in &decision.acts {
            after.apply_act(a);
        }
        let alg = self.ledger_alg().await?;
        let now = self.now();
        let warnings = serde_json::to_string(&decision.warnings).unwrap_or_else(|_| "[]".into());
        let recorded_by = (actor.user_id > 0).then_some(actor.user_id);
        let stage = super::code(&after.stage);
        let closed = after.closed;
        let party_name = after
            .party
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_default();
        let mut acts = decision.acts;
        let mut attachments = evidence
            .iter()
            .map(attachment)
            .collect::<Result<Vec<_>, _>>()?;
        let deadlines: Vec<sanxiang_core::case::DeadlineSpec> = after
            .open_deadlines
            .iter()
            .map(|d| d.spec.clone())
            .collect();
        // Most acts open or close no deadline: then the table has nothing to learn.
        let deadlines_changed = is_new || deadlines != before;
        let calendar = self.calendar();
        let actor = actor.clone();
        let (_, case) = self
            .ledger_append_with(move |txn, first| {
                Box::pin(async move {
                    let mut case = case;
                    if is_new {
                        let year = chrono::Datelike::year(&at);
                        case.case_no = repo::cases::next_case_no(txn, case.agency_id, year).await?;
                        case.party_name = party_name;
                        case.stage = stage.clone();
                        case = repo::cases::insert(txn, case).await?;
                    }
                    // Documents are numbered and rendered here, inside the unit: the number must
                    // come from the counter in this transaction (gap-free), and the PDF's SM3 must be
                    // in the act before it is sealed. Held ~10 ms per document; see issue.rs.
                    if let (Some(issuer), Some(last)) = (&issuer, acts.last_mut()) {
                        let issued = issuer
                            .issue(txn, &case, last.seq, last.at.date(), recorded_by, now)
                            .await?;
                        for doc in &issued {
                            last.instruments.push(doc.instrument.sm3.clone());
                            attachments.push(attachment(&doc.evidence)?);
                        }
                    }
                    let mut head = Hash::from_slice(&case.chain_head).map_err(|e| {
                        AppError::Internal(format!("case {}: chain head: {e}", case.id))
                    })?;
                    let mut entries = Vec::with_capacity(acts.len());
                    for (k, act) in acts.iter().enumerate() {
                        let body = serde_json::to_vec(act)
                            .map_err(|e| AppError::Internal(format!("act JSON: {e}")))?;
                        // The command's files are attached to its own act (the last one).
                        let files = if k + 1 == acts.len() {
                            attachments.clone()
                        } else {
                            Vec::new()
                        };
                        let entry = entry_of(&case.case_no, act, &body, head, files)?;
                        head = next_head(alg, &head, &entry.encode());
                        let nonce: [u8; 12] = rand::random();
                        repo::cases::insert_act(
                            txn,
                            case_act::Model {
                                case_id: case.id,
                                seq: int(act.seq, "act seq")?,
                                kind: code(&act.kind()),
                                at: act.at,
                                body: key.seal(nonce, &body, &seal_context(&case.case_no, act.seq)),
                                ledger_index: int(first + k as u64, "ledger index")?,
                                chain_head: head.as_bytes().to_vec(),
                                warnings: if k + 1 == acts.len() {
                                    warnings.clone()
                                } else {
                                    "[]".into()
                                },
                                recorded_by,
                                recorded_at: now,
                                late_entry: act.late_entry.is_some(),
                            },
                        )
                        .await?;
                        entries.push(entry);
                    }
                    // CASE-6: the officers who acted, for an officer's own-cases list and reads.
                    if !new_officers.is_empty() {
                        repo::cases::add_officers(txn, case.id, &new_officers).await?;
                    }
                    // CASE-2: the command's act awaits the others' own confirmation.
                    if let Some(last) = acts.last().filter(|_| !unconfirmed.is_empty()) {
                        let kind = last.kind().label_zh().to_owned();
                        let pending = repo::confirmations::PendingAct {
                            case_id: case.id,
                            seq: int(last.seq, "act seq")?,
                            agency_id: case.agency_id,
                            case_no: &case.case_no,
                            act_kind: &kind,
                            act_at: last.at,
                            requested_by: recorded_by,
                        };
                        repo::confirmations::request(txn, &pending, &unconfirmed, now).await?;
                    }
                    let count = case.act_count + acts.len() as i64;
                    repo::cases::advance(txn, &case, count, &stage, head.as_bytes(), closed)
                        .await?;
                    case.act_count = count;
                    case.stage = stage;
                    case.chain_head = head.as_bytes().to_vec();
                    case.closed = closed;
                    // Audited in the same transaction: no act without its audit entry.
                    let action = if is_new {
                        "case.file"
                    } else {
                        "case.record_act"
                    };
                    let mut audit = actor.audit(action, "case", Some(case.id));
                    audit.after = Some(serde_json::json!(
                        {"case_no": case.case_no, "acts": case.act_count, "stage": case.stage}
                    ));
                    repo::audit::append(txn, audit, now).await?;
                    if deadlines_changed {
                        sync_deadlines(txn, case.id, &deadlines, &calendar, now).await?;
                    }
                    Ok((entries, case))
                })
            })
            .await?;
        self.case_states.put(case.id, case.act_count, after);
        Ok(case)
    }
}

/// CASE-5: the case's open deadlines in the deadline table (the alarm lists; recomputed when
/// the calendar changes): those the acts closed are closed, new ones are added, and one whose
/// due date moved (an extension, or a pause that ended) is closed and added again, so that its
/// alarms follow the new date.
async fn sync_deadlines(
    txn: &sanxiang_store::DatabaseTransaction,
    case_id: i64,
    open: &[sanxiang_core::case::DeadlineSpec],
    calendar: &sanxiang_core::calendar::WorkCalendar,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let existing = repo::deadlines::open_for(txn, "case", case_id).await?;
    // Compared by period, not due date: a calendar change moves due dates in the table (W7)
    // without making them other deadlines; extensions and pauses lengthen the period.
    let existing = existing
        .into_iter()
        .map(|e| Ok((repo::deadlines::to_core(&e)?, e.id)))
        .collect::<Result<Vec<_>, sanxiang_store::StoreError>>()?;
    let same = |d: &sanxiang_core::case::DeadlineSpec, e: &sanxiang_core::calendar::Deadline| {
        d.rule == e.rule && d.start == e.start && d.period == e.period
    };
    for (e, id) in &existing {
        if !open.iter().any(|d| same(d, e)) {
            repo::deadlines::close(txn, *id).await?;
        }
    }
    for d in open {
        if !existing.iter().any(|(e, _)| same(d, e)) {
            let dl = sanxiang_core::calendar::Deadline::compute(
                d.rule.clone(),
                d.start,
                d.period,
                calendar,
            );
            repo::deadlines::insert_with_what(txn, "case", case_id, &dl, &d.what, now).await?;
        }
    }
    Ok(())
}

/// The replayed state of recently recorded cases, keyed by act count: acts are append-only,
/// so a state at count n stays right until act n + 1. A stale entry (another process recorded
/// meanwhile) is never used: the count differs, and the unit of work's optimistic check on the
/// count refuses to write on top of a state it did not see.
#[derive(Default)]
pub struct StateCache(std::sync::Mutex<std::collections::HashMap<i64, (i64, CaseState)>>);

impl StateCache {
    const MAX: usize = 10_000;

    fn get(&self, case_id: i64, act_count: i64) -> Option<CaseState> {
        let map = self.0.lock().ok()?;
        map.get(&case_id)
            .filter(|(n, _)| *n == act_count)
            .map(|(_, s)| s.clone())
    }

    fn put(&self, case_id: i64, act_count: i64, state: CaseState) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= Self::MAX {
                map.clear();
            }
            map.insert(case_id, (act_count, state));
        }
    }
}
