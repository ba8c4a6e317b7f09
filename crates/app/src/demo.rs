//! Demonstration data: a fictional county, 示范县, under the real city of 长沙市 (GB/T 2260
//! 430100; the county borrows the in-use code 430121), with its enforcement agencies, one
//! entrustment, about 150 officers whose certificates are in every status, a legal-adviser pool,
//! a few open deadlines and one user per role.
//!
//! Every record passes the same validation as typed input: agencies and officers are built as
//! forms and parsed into drafts, the entrustment is checked against R1, status changes go through
//! the REG-2 transition rule. The registry is written in one transaction, so a crash leaves
//! either nothing or a whole county; users are created afterwards through [`App::create_user`],
//! and a rerun creates only the demo users still missing. A database that already holds other
//! agencies is never touched.

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate};
use sanxiang_core::auth::{Role, Scope};
use sanxiang_core::calendar::Deadline;
use sanxiang_core::ids::{CreditCode, DivisionCode, IdNumber, OrgCode};
use sanxiang_core::registry::{
    AgencyNature, CertificateStatus, EntrustmentDraft, StatusChange, check_entrustment,
};
use sanxiang_store::ConnectionTrait;
use sanxiang_store::entity::{entrustment, legal_adviser};
use sanxiang_store::repo::{self, PageRequest, officers::OfficerFilter};
use sea_orm::ActiveValue::{NotSet, Set};
use serde_json::json;

use crate::auth::NewUser;
use crate::forms::{AgencyForm, OfficerForm};
use crate::registry::{insert_agency, insert_officer};
use crate::{Actor, App, AppError};

mod cases;
mod catalogs;
mod data;

use data::{ADVISERS, AGENCIES, DEADLINES, Link, MARKER_AGENCY, USERS};
use data::{
    BIRTHPLACES, FEMALE_GIVEN, MALE_GIVEN, MOBILE_PREFIXES, ORDINARY_POSTS, SURNAMES,
    SUSPEND_REASONS,
};

/// The fictional county's name, used in agency names, addresses and certificate areas.
pub const COUNTY_NAME: &str = "示范县";
/// How many cases the demo county gets.
const DEMO_CASES: usize = 300;
/// The real city the demo county belongs to.
const CITY: (&str, &str) = ("430100", "长沙市");
/// The real, in-use county code the demo county borrows.
const COUNTY: (&str, &str) = ("430121", "长沙县");
const ISSUED_BY: &str = "长沙市人民政府";
/// Seed of the generator for names, ID numbers and phones: the same county on every run.
const SEED: u64 = 0x5a11_7a9e_2026_0430;

/// The demo users created by this run, with their one-time passwords (shown once, never stored).
pub struct DemoCredentials {
    /// (username, password, role)
    pub users: Vec<(String, String, Role)>,
}

impl fmt::Debug for DemoCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let users: Vec<(&str, &str, Role)> = self
            .users
            .iter()
            .map(|(u, _, r)| (u.as_str(), "********", *r))
            .collect();
        f.debug_struct("DemoCredentials")
            .field("users", &users)
            .finish()
    }
}

/// Seeds the demo county once. Returns the credentials of the users created by this call, or
/// `None` when there was nothing to do: the demo is complete, or the database holds real data.
pub async fn seed_demo(app: &App) -> Result<Option<DemoCredentials>, AppError> {
    let db = app.store().db();
    if repo::agencies::count(db).await? == 0 {
        let started = std::time::Instant::now();
        match seed_registry(app).await {
            Ok(s) => tracing::info!(
                agencies = s.agencies,
                officers = s.officers,
                ms = started.elapsed().as_millis(),
                "demo county seeded"
            ),
            Err(e) => {
                // Another process seeding at the same moment wins on the unique agency name.
                let raced = matches!(e, AppError::Conflict { .. })
                    && repo::agencies::by_name(db, MARKER_AGENCY).await?.is_some();
                if !raced {
                    return Err(e);
                }
            }
        }
    } else if repo::agencies::by_name(db, MARKER_AGENCY).await?.is_none() {
        return Ok(None);
    }
    let users = seed_users(app).await?;
    if let Some(marker) = repo::agencies::by_name(db, MARKER_AGENCY).await? {
        let published = catalogs::seed_catalogs(app, marker.id).await?;
        if published > 0 {
            tracing::info!(versions = published, "demo catalogs published");
        }
    }
    app.public_changed();
    let started = std::time::Instant::now();
    let filed = cases::seed_cases(app, DEMO_CASES).await?;
    if filed > 0 {
        let assigned = cases::assign_demo_reviewer(app).await?;
        tracing::info!(cases = assigned, "demo reviewer assigned");
        tracing::info!(
            cases = filed,
            ms = started.elapsed().as_millis(),
            "demo cases recorded"
        );
    }
    Ok((!users.is_empty()).then_some(DemoCredentials { users }))
}

/// A random 12-character password meeting SEC-2, without look-alike characters (0/O, 1/l/I).
pub fn random_password() -> String {
    use rand::seq::{IndexedRandom, SliceRandom};
    const CLASSES: [&[u8]; 4] = [
        b"abcdefghijkmnpqrstuvwxyz",
        b"ABCDEFGHJKLMNPQRSTUVWXYZ",
        b"23456789",
        b"@#%+=?!*",
    ];
    let mut rng = rand::rng();
    let all: Vec<u8> = CLASSES.concat();
    // One of each class, then any, then shuffled.
    let mut chars: Vec<u8> = CLASSES
        .iter()
        .filter_map(|c| c.choose(&mut rng).copied())
        .collect();
    while chars.len() < 12 {
        chars.extend(all.choose(&mut rng));
    }
    chars.shuffle(&mut rng);
    chars.into_iter().map(char::from).collect()
}

// ---------------------------------------------------------------------------------------------
// Generation

/// A small linear congruential generator: deterministic demo data without a dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }

    fn below(&mut self, n: usize) -> usize {
        // n is small; the modulo bias is irrelevant for demo data.
        self.next() as usize % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items
            .get(self.below(items.len()))
            .copied()
            .unwrap_or_default()
    }
}

/// What happens to an officer's certificate after it is issued.
#[derive(Clone, Copy, PartialEq)]
enum CertPlan {
    Active,
    /// Valid until a few weeks from today.
    ExpiringSoon,
    /// Valid until some time before today.
    Expired,
    Suspended(&'static str),
    /// Revoked while active, after expiry, or after a suspension.
    Revoked(RevokeFrom),
}

#[derive(Clone, Copy, PartialEq)]
enum RevokeFrom {
    Active,
    Expired,
    Suspended,
}

/// Spreads the statuses over rank-and-file officers (heads and reviewers stay active).
fn cert_plan(n: usize) -> CertPlan {
    if n % 41 == 17 {
        CertPlan::Revoked(match (n / 41) % 3 {
            0 => RevokeFrom::Active,
            1 => RevokeFrom::Expired,
            _ => RevokeFrom::Suspended,
        })
    } else if n % 23 == 9 {
        CertPlan::Suspended(SUSPEND_REASONS[(n / 23) % SUSPEND_REASONS.len()])
    } else if n % 15 == 4 {
        CertPlan::Expired
    } else if n % 29 == 13 {
        CertPlan::ExpiringSoon
    } else {
        CertPlan::Active
    }
}

fn days_before(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(d)
}

fn days_after(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

/// A certificate valid for five years ending on `until`.
fn five_years_to(until: NaiveDate) -> (NaiveDate, NaiveDate) {
    let from = until
        .checked_sub_months(Months::new(60))
        .map_or(until, |d| days_after(d, 1));
    (from, until)
}

/// A certificate valid for five years from `from`.
fn five_years_from(from: NaiveDate) -> (NaiveDate, NaiveDate) {
    let until = from
        .checked_add_months(Months::new(60))
        .map_or(from, |d| days_before(d, 1));
    (from, until)
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn internal(what: impl fmt::Display) -> AppError {
    AppError::Internal(format!("demo data: {what}"))
}

/// A valid 统一社会信用代码: authority 1 (机构编制), category 1 (机关) or 2 (事业单位), the
/// region, a new-style organisation code (`MB…` with its check character) and the final check.
fn credit_code(category: char, region: &str, k: usize) -> Result<String, AppError> {
    let body = format!("MB1{:05}", (k * 7919 + 3571) % 100_000);
    let org_check = OrgCode::compute_check_char(&body).ok_or_else(|| internal("org code"))?;
    let first17 = format!("1{category}{region}{body}{org_check}");
    let check = CreditCode::compute_check_char(&first17).ok_or_else(|| internal("credit code"))?;
    let code = format!("{first17}{check}");
    CreditCode::parse(&code).map_err(|e| internal(format!("credit code {code}: {e}")))?;
    Ok(code)
}

/// Generates people: unique names, ID numbers and phones.
struct People {
    rng: Lcg,
    names: HashSet<String>,
    ids: HashSet<String>,
    phones: HashSet<String>,
    today: NaiveDate,
}

struct Person {
    name: String,
    male: bool,
    birth_year: i32,
    id_number: String,
    phone: String,
}

impl People {
    fn new(rng: Lcg, today: NaiveDate) -> People {
        People {
            rng,
            names: HashSet::new(),
            ids: HashSet::new(),
            phones: HashSet::new(),
            today,
        }
    }

    /// A person aged `min_age` to 57.
    fn person(&mut self, min_age: usize) -> Result<Person, AppError> {
        let male = self.rng.below(100) >= 35;
        let name = loop {
            let mut n = self.rng.pick(&SURNAMES).to_owned();
            let given: &[&str] = if male { &MALE_GIVEN } else { &FEMALE_GIVEN };
            n.push_str(self.rng.pick(given));
            if self.rng.below(100) < 65 {
                n.push_str(self.rng.pick(given));
            }
            if self.names.insert(n.clone()) {
                break n;
            }
        };
        let age = (min_age + self.rng.below(58usize.saturating_sub(min_age))) as i32;
        let birth_year = self.today.year() - age;
        let id_number = loop {
            let place = self.rng.pick(&BIRTHPLACES);
            let month = 1 + self.rng.below(12);
            let day = 1 + self.rng.below(28);
            // Sequence code: two digits, then one whose parity is the sex (odd: male).
            let station = self.rng.below(100);
            let parity = self.rng.below(5) * 2 + usize::from(male);
            let first17 = format!("{place}{birth_year:04}{month:02}{day:02}{station:02}{parity}");
            let check =
                IdNumber::compute_check_char(&first17).ok_or_else(|| internal("id number"))?;
            let id = format!("{first17}{check}");
            if self.ids.insert(id.clone()) {
                break id;
            }
        };
        let phone = loop {
            let p = format!(
                "{}{:08}",
                self.rng.pick(&MOBILE_PREFIXES),
                self.rng.next() % 100_000_000
            );
            if self.phones.insert(p.clone()) {
                break p;
            }
        };
        Ok(Person {
            name,
            male,
            birth_year,
            id_number,
            phone,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Seeding

struct Summary {
    agencies: usize,
    officers: usize,
}

async fn seed_registry(app: &App) -> Result<Summary, AppError> {
    let actor = Actor::system("demo");
    let now = app.now();
    let today = app.today();
    for (code, name) in [CITY, COUNTY] {
        let d = DivisionCode::parse(code).map_err(|e| internal(format!("division {code}: {e}")))?;
        if d.name() != name || !d.is_in_use() {
            return Err(internal(format!("division {code} is not {name} in use")));
        }
    }
    let txn = app.store().begin_write().await?;

    // Agencies (REG-1), parents first.
    let mut ids: HashMap<&str, i64> = HashMap::new();
    for (k, a) in AGENCIES.iter().enumerate() {
        let region = if a.city_level { CITY.0 } else { COUNTY.0 };
        let category = if a.nature == AgencyNature::Organ || a.nature == AgencyNature::Township {
            '1'
        } else {
            '2'
        };
        let form = AgencyForm {
            name: a.name.to_owned(),
            short_name: a.short_name.to_owned(),
            nature: a.nature.code().to_owned(),
            credit_code: credit_code(category, region, k)?,
            division_code: region.to_owned(),
            parent_id: match a.parent {
                Some(p) => id_of(&ids, p)?.to_string(),
                None => String::new(),
            },
            funding: a.funding.to_owned(),
            staffing: a.staffing.to_string(),
            category: a.category.to_owned(),
            duties: a.duties.to_owned(),
            legal_representative: a.legal_representative.to_owned(),
            address: a.address.to_owned(),
            complaint_phone: a.complaint_phone.to_owned(),
        };
        let draft = form.parse().map_err(AppError::Invalid)?;
        let m = insert_agency(&txn, &actor, &draft, now).await?;
        ids.insert(a.key, m.id);
    }

    insert_entrustment(&txn, &actor, &ids, today, now).await?;
    let officers = insert_officers(&txn, &actor, &ids, today, now).await?;

    // The legal-adviser pool (REG-3).
    for s in &ADVISERS {
        let agency_id = s.agency.map(|k| id_of(&ids, k)).transpose()?;
        let valid_until = s.valid_for_days.map(|n| {
            if n >= 0 {
                days_after(today, n.unsigned_abs())
            } else {
                days_before(today, n.unsigned_abs())
            }
        });
        let m = repo::advisers::insert(
            &txn,
            legal_adviser::ActiveModel {
                id: NotSet,
                agency_id: Set(agency_id),
                name: Set(s.name.to_owned()),
                kind: Set(s.kind.to_owned()),
                organisation: Set(s.organisation.to_owned()),
                pool: Set(s.pool.to_owned()),
                legal_qualified: Set(s.legal_qualified),
                valid_until: Set(valid_until),
                created_at: Set(now),
            },
        )
        .await?;
        let mut e = actor.audit("legal_adviser.create", "legal_adviser", Some(m.id));
        e.after = Some(json!(m));
        repo::audit::append(&txn, e, now).await?;
    }

    // Open deadlines for the calendar page, computed exactly as `App::open_deadline` does.
    let calendar = app.calendar();
    for (i, (rule, back, period)) in DEADLINES.iter().enumerate() {
        let d = Deadline::compute(*rule, days_before(today, *back), *period, &calendar);
        repo::deadlines::insert(&txn, "demo", i64::try_from(i + 1).unwrap_or(0), &d, now).await?;
    }

    txn.commit().await?;
    app.store().forget_agencies();
    Ok(Summary {
        agencies: AGENCIES.len(),
        officers,
    })
}

fn id_of(ids: &HashMap<&str, i64>, key: &str) -> Result<i64, AppError> {
    ids.get(key)
        .copied()
        .ok_or_else(|| internal(format!("agency {key} not seeded yet")))
}

/// The 委托书 from the city-management bureau to its 城东中队 (R1).
async fn insert_entrustment(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &HashMap<&str, i64>,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let entrusting_id = id_of(ids, "urban")?;
    let entrusted_id = id_of(ids, "urban_east")?;
    let year = today.year() - 1;
    let valid_from =
        NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| internal("entrustment date"))?;
    let valid_until =
        NaiveDate::from_ymd_opt(year + 2, 12, 31).ok_or_else(|| internal("entrustment date"))?;
    let scope = "以示范县城市管理和综合执法局名义，对城东片区内违反市容环境卫生管理规定的占道经营、乱张贴乱涂画、违规设置户外广告以及违规倾倒建筑垃圾行为实施行政处罚（警告、罚款），委托机关对委托行为的后果承担法律责任";
    let publication_url = format!("https://xxgk.shifan.example/zfxxgk/xzzf/wts/{year}-001.html");
    let v = check_entrustment(&EntrustmentDraft {
        entrusting_id,
        entrusting_nature: AgencyNature::Organ,
        entrusted_id,
        entrusted_nature: AgencyNature::Entrusted,
        scope,
        valid_from,
        valid_until,
        publication_url: &publication_url,
    });
    if !v.is_empty() {
        return Err(AppError::Invalid(v));
    }
    let m = repo::entrustments::insert(
        txn,
        entrustment::ActiveModel {
            id: NotSet,
            entrusting_id: Set(entrusting_id),
            entrusted_id: Set(entrusted_id),
            document_no: Set(format!("示城管委〔{year}〕1号")),
            scope: Set(scope.to_owned()),
            valid_from: Set(valid_from),
            valid_until: Set(valid_until),
            publication_url: Set(publication_url),
            created_at: Set(now),
        },
    )
    .await?;
    let mut e = actor.audit("entrustment.create", "entrustment", Some(m.id));
    e.after = Some(json!(m));
    repo::audit::append(txn, e, now).await?;
    Ok(())
}

/// About 150 officers (REG-2/REG-3) with certificates in every status.
async fn insert_officers(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &HashMap<&str, i64>,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, AppError> {
    let mut people = People {
        rng: Lcg(SEED),
        names: HashSet::new(),
        ids: HashSet::new(),
        phones: HashSet::new(),
        today,
    };
    let mut serials: HashMap<i32, u32> = HashMap::new();
    let mut rank_and_file = 0;
    let mut count = 0;
    for a in &AGENCIES {
        let agency_id = id_of(ids, a.key)?;
        for i in 0..a.officers {
            // Heads of enforcement units are older; everyone else is 24 or over.
            let p = people.person(if i == 0 { 40 } else { 24 })?;
            let is_reviewer = (1..=a.reviewers).contains(&i);
            let plan = if i == 0 || is_reviewer {
                CertPlan::Active
            } else {
                rank_and_file += 1;
                cert_plan(rank_and_file - 1)
            };
            let rng = &mut people.rng;
            let post = match i {
                0 => a.lead_post,
                _ if is_reviewer => ["法规股股长", "法制审核员"][(i - 1) % 2],
                _ => rng.pick(&ORDINARY_POSTS),
            };
            let legal_qualified = if is_reviewer {
                a.reviewers_qualified
            } else {
                rng.below(100) < 5
            };
            let legal_qualified_on = if legal_qualified {
                let earliest = (p.birth_year + 23).max(2006);
                let latest = (today.year() - 1).max(earliest);
                let year = earliest
                    + rng.below(usize::try_from(latest - earliest + 1).unwrap_or(1)) as i32;
                NaiveDate::from_ymd_opt(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
                    .map(ymd)
                    .unwrap_or_default()
            } else {
                String::new()
            };
            let (from, until) = match plan {
                CertPlan::Expired | CertPlan::Revoked(RevokeFrom::Expired) => {
                    five_years_to(days_before(today, 15 + rng.below(400) as u64))
                }
                CertPlan::ExpiringSoon => {
                    five_years_to(days_after(today, 5 + rng.below(35) as u64))
                }
                _ => five_years_from(days_before(today, 60 + rng.below(1640) as u64)),
            };
            let serial = serials.entry(from.year()).or_insert(0);
            *serial += 1;
            let form = OfficerForm {
                agency_id: agency_id.to_string(),
                name: p.name,
                sex: if p.male { "男" } else { "女" }.to_owned(),
                id_number: p.id_number,
                phone: p.phone,
                post: post.to_owned(),
                is_reviewer: if is_reviewer { "是" } else { "否" }.to_owned(),
                legal_qualified: if legal_qualified { "是" } else { "否" }.to_owned(),
                legal_qualified_on,
                certificate_no: format!("{}{}{:04}", COUNTY.0, from.year(), serial),
                certificate_category: a.category.to_owned(),
                certificate_area: COUNTY_NAME.to_owned(),
                certificate_issued_by: ISSUED_BY.to_owned(),
                certificate_valid_from: ymd(from),
                certificate_valid_until: ymd(until),
            };
            let draft = form.parse().map_err(AppError::Invalid)?;
            let o = insert_officer(txn, actor, &draft, now).await?;
            count += 1;
            let changes: &[(StatusChange, &str)] = match plan {
                CertPlan::Active | CertPlan::ExpiringSoon | CertPlan::Expired => &[],
                CertPlan::Suspended(reason) => &[(StatusChange::Suspend, reason)],
                CertPlan::Revoked(RevokeFrom::Active) => &[(
                    StatusChange::Revoke,
                    "调离行政执法岗位，收回并注销行政执法证件",
                )],
                CertPlan::Revoked(RevokeFrom::Expired) => {
                    &[(StatusChange::Revoke, "已退休，注销行政执法证件")]
                }
                CertPlan::Revoked(RevokeFrom::Suspended) => &[
                    (StatusChange::Suspend, SUSPEND_REASONS[0]),
                    (
                        StatusChange::Revoke,
                        "经调查核实存在违法违纪行为，依规注销行政执法证件",
                    ),
                ],
            };
            if !changes.is_empty() {
                let mut cert = repo::certificates::for_officer(txn, o.id)
                    .await?
                    .into_iter()
                    .next()
                    .ok_or_else(|| internal("certificate missing"))?;
                for (change, reason) in changes {
                    cert = crate::registry::record_status_change(
                        txn, actor, cert, *change, reason, today, now,
                    )
                    .await?;
                }
            }
        }
    }
    Ok(count)
}

async fn seed_users(app: &App) -> Result<Vec<(String, String, Role)>, AppError> {
    let actor = Actor::system("demo");
    let db = app.store().db();
    let mut created = Vec::new();
    for u in &USERS {
        if repo::users::by_username(db, u.username).await?.is_some() {
            continue;
        }
        let agency = repo::agencies::by_name(db, u.agency)
            .await?
            .ok_or_else(|| internal(format!("agency {} missing", u.agency)))?;
        let linked = match u.link {
            Link::None => None,
            Link::Officer => linked_officer(app, agency.id, false).await?,
            Link::Reviewer => linked_officer(app, agency.id, true).await?,
        };
        let (officer_id, display_name) = match linked {
            Some((id, name)) => (Some(id), name),
            None => (None, u.display_name.to_owned()),
        };
        let password = random_password();
        let r = app
            .create_user(
                &actor,
                NewUser {
                    username: u.username,
                    display_name: &display_name,
                    password: &password,
                    role: u.role,
                    agency_id: agency.id,
                    officer_id,
                },
            )
            .await;
        match r {
            Ok(_) => created.push((u.username.to_owned(), password, u.role)),
            // Created by a concurrent run in the meantime.
            Err(AppError::Conflict { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(created)
}

/// The first officer (by name) of the agency with an active certificate: a plain officer, or a
/// reviewer with 法律职业资格.
async fn linked_officer(
    app: &App,
    agency_id: i64,
    reviewer: bool,
) -> Result<Option<(i64, String)>, AppError> {
    let filter = OfficerFilter {
        agency_id: Some(agency_id),
        status: Some(CertificateStatus::Active),
        reviewers_only: reviewer,
        ..Default::default()
    };
    let page = repo::officers::list(
        app.store().db(),
        &Scope::All,
        &filter,
        PageRequest::new(1, 200),
        app.today(),
    )
    .await?;
    Ok(page
        .items
        .into_iter()
        .find(|r| r.officer.is_reviewer == reviewer && (!reviewer || r.officer.legal_qualified))
        .map(|r| (r.officer.id, r.officer.name)))
}
