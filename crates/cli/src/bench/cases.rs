//! `sanxiang bench cases`: acts recorded through the app layer (rules, sealing, projection,
//! audit and ledger entry in one unit of work), concurrent officers, on SQLite.

use std::time::Instant;

use sanxiang_app::cases::{ActInput, NewCase};
use sanxiang_app::{Actor, App};
use sanxiang_core::auth::Role;
use sanxiang_core::case::payload::{Filing, Transcript, TranscriptKind};
use sanxiang_core::case::{ActPayload, Command, Party, PartyId, ProcedureKind};
use sanxiang_core::ids::CreditCode;
use sanxiang_core::registry::{CertificateNo, CertificateStatus};
use sanxiang_store::repo::PageRequest;
use sanxiang_store::repo::officers::OfficerFilter;

/// Two officers of one agency with active certificates, and the agency's category.
pub(super) async fn team(app: &App) -> anyhow::Result<(i64, String, Vec<CertificateNo>)> {
    let page = app
        .list_officers(
            &Actor::system("bench"),
            &OfficerFilter {
                status: Some(CertificateStatus::Active),
                ..Default::default()
            },
            PageRequest::new(1, 200),
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    for r in &page.items {
        let same: Vec<CertificateNo> = page
            .items
            .iter()
            .filter(|o| o.officer.agency_id == r.officer.agency_id)
            .filter_map(|o| o.certificate.as_ref())
            .filter_map(|c| CertificateNo::parse(&c.number).ok())
            .take(2)
            .collect();
        if let (2, Some(c)) = (same.len(), r.certificate.as_ref()) {
            return Ok((r.officer.agency_id, c.category.clone(), same));
        }
    }
    anyhow::bail!("no agency with two active officers (run `sanxiang demo` once first)")
}

pub async fn run(app: App, acts: u64, writers: u64, per_case: u64) -> anyhow::Result<()> {
    if sanxiang_app::demo::seed_demo(&app)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .is_some()
    {
        println!("(seeded the demo county first)");
    }
    let (agency_id, category, officers) = team(&app).await?;
    let actor = Actor::system_as("bench", Role::Head);
    let party = Party {
        name: "示范县基准测试有限公司".into(),
        id: PartyId::Organisation {
            credit_code: CreditCode::parse("911306840787827947")
                .map_err(|e| anyhow::anyhow!("{e}"))?,
        },
        service_address: "示范县人民路1号".into(),
        agents: Vec::new(),
    };
    let at = |day: u64| {
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .and_then(|d| d.checked_add_days(chrono::Days::new(day % 200)))
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap_or_default()
    };
    let writers = writers.max(1);
    let per_case = per_case.max(2);
    let t = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..writers {
        let (app, actor, party, officers, category) = (
            app.clone(),
            actor.clone(),
            party.clone(),
            officers.clone(),
            category.clone(),
        );
        let share = acts / writers + u64::from(w < acts % writers);
        tasks.spawn(async move {
            let mut done = 0;
            let mut case_id = None;
            let mut in_case = 0;
            while done < share {
                let (payload, first) = match case_id {
                    None => (
                        ActPayload::Filing(Filing {
                            party: party.clone(),
                            cause: "基准测试".into(),
                            violation_on: at(w).date() - chrono::Days::new(10),
                            continuing_until: None,
                            discovered_on: at(w).date(),
                            serious_harm: false,
                            special_limitation: None,
                            complex_or_serious: false,
                            review_required: false,
                            approved_by: "分管负责人".into(),
                        }),
                        true,
                    ),
                    Some(_) => (
                        ActPayload::Transcript(Transcript {
                            kind: TranscriptKind::Inspection,
                            certificates_shown: officers.clone(),
                            rights_notified: true,
                            content: "现场检查".into(),
                            officers_signed: true,
                            party_signed: true,
                            refusal_note: None,
                            witness: None,
                        }),
                        false,
                    ),
                };
                let input = ActInput {
                    command: Command::new(officers.clone(), payload),
                    at: Some(at(w)),
                    issue: Vec::new(),
                    confirmations: Vec::new(),
                };
                let case = if first {
                    app.file_case(
                        &actor,
                        NewCase {
                            agency_id,
                            kind: ProcedureKind::PenaltyOrdinary,
                            matter_category: category.clone(),
                            matter_area: sanxiang_app::demo::COUNTY_NAME.to_owned(),
                            first_act: input,
                        },
                    )
                    .await
                } else {
                    app.record_act(&actor, case_id.unwrap_or_default(), input)
                        .await
                }
                .map_err(|e| anyhow::anyhow!("{e}"))?;
                case_id = Some(case.id);
                done += 1;
                in_case += 1;
                if in_case == per_case {
                    case_id = None;
                    in_case = 0;
                }
            }
            anyhow::Ok(())
        });
    }
    while let Some(r) = tasks.join_next().await {
        r??;
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "cases: {acts} acts by {writers} concurrent officers ({per_case} acts per case) in {secs:.2} s = {:.0} acts/s, each decided by the rules, sealed, audited and appended to the ledger in one transaction",
        acts as f64 / secs
    );
    Ok(())
}
