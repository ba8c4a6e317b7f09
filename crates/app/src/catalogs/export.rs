//! Catalog export in the import layout (CSV UTF-8 with BOM for Excel/WPS, or XLSX), so that an
//! exported version re-imports as it is.

use rust_xlsxwriter::{Format, Workbook};
use sanxiang_core::catalog::import::{MAJOR_REVIEW_COLUMNS, POWERS_COLUMNS, SPOT_CHECK_COLUMNS};
use sanxiang_core::catalog::money::Boundary;
use sanxiang_core::catalog::version::CatalogKind;
use sanxiang_store::entity::{catalog_item, catalog_version};

use super::items::ItemValue;
use crate::AppError;

/// Header and rows of a version in its import layout; `None` for kinds without a flat layout.
pub fn rows(
    v: &catalog_version::Model,
    items: &[catalog_item::Model],
) -> Option<(&'static [&'static str], Vec<Vec<String>>)> {
    let kind = CatalogKind::from_code(&v.kind)?;
    let list_id = v
        .source_list_id
        .clone()
        .unwrap_or_else(|| format!("agency-{}-v{}", v.agency_id, v.version_no));
    let issuer = v.source_issuer.clone().unwrap_or_default();
    let url = v.source_url.clone().unwrap_or_default();
    let published = v.effective_from.map(|d| d.to_string()).unwrap_or_default();
    let columns: &'static [&'static str] = match kind {
        CatalogKind::Powers => POWERS_COLUMNS,
        CatalogKind::MajorReview => MAJOR_REVIEW_COLUMNS,
        CatalogKind::SpotCheck => SPOT_CHECK_COLUMNS,
        _ => return None,
    };
    let mut out = Vec::new();
    for it in items {
        let Ok(value) = ItemValue::from_stored(kind, &it.data) else {
            continue;
        };
        let row: Vec<String> = match value {
            ItemValue::Matter(m) => vec![
                list_id.clone(),
                m.unit.clone().unwrap_or_else(|| issuer.clone()),
                v.title.clone(),
                published.clone(),
                m.seq.to_string(),
                m.code.clone().unwrap_or_default(),
                m.name.clone(),
                m.sub_item.clone().unwrap_or_default(),
                m.kind_label.clone(),
                m.level.clone().unwrap_or_default(),
                m.basis_text.clone(),
                m.notes.clone().unwrap_or_default(),
                url.clone(),
                String::new(),
            ],
            ItemValue::MajorReview(r) => {
                let amount = |a: &Option<sanxiang_core::catalog::money::Amount>| {
                    a.as_ref()
                        .map(|a| {
                            let mut s = sanxiang_core::catalog::money::yuan_plain(a.fen);
                            if let Some(q) = &a.qualifier {
                                s.push_str(&format!("（{q}）"));
                            }
                            s
                        })
                        .unwrap_or_default()
                };
                vec![
                    list_id.clone(),
                    issuer.clone(),
                    v.title.clone(),
                    published.clone(),
                    r.item_no.clone(),
                    match r.applies_to {
                        sanxiang_core::catalog::major::AppliesTo::Any => "其他".into(),
                        sanxiang_core::catalog::major::AppliesTo::Kind(k) => k.label_zh().into(),
                    },
                    r.criterion.clone(),
                    amount(&r.person_threshold),
                    amount(&r.org_threshold),
                    match r.boundary {
                        None => String::new(),
                        Some(Boundary::Inclusive) => "含本数".into(),
                        Some(Boundary::Exclusive) => "不含本数".into(),
                        Some(Boundary::Unstated) => "未说明".into(),
                    },
                    trigger_tokens(&r.triggers),
                    r.review_focus.clone().unwrap_or_default(),
                    url.clone(),
                    String::new(),
                ]
            }
            ItemValue::SpotCheck(s) => vec![
                list_id.clone(),
                issuer.clone(),
                s.year.map(|y| y.to_string()).unwrap_or_default(),
                s.seq.clone(),
                s.domain.clone().unwrap_or_default(),
                s.name.clone(),
                s.content.clone(),
                s.target.clone(),
                s.class.clone(),
                s.method.clone(),
                s.ratio.clone(),
                s.frequency.clone(),
                s.period.clone(),
                s.lead_dept.clone(),
                s.assisting.clone(),
                s.basis_text.clone(),
                s.level.clone(),
                url.clone(),
                String::new(),
            ],
            _ => continue,
        };
        out.push(row);
    }
    Some((columns, out))
}

/// The canonical token of each trigger, as `Trigger::parse_token` reads it back.
fn trigger_tokens(ts: &[sanxiang_core::catalog::major::Trigger]) -> String {
    use sanxiang_core::catalog::major::Trigger as T;
    let mut out: Vec<&str> = Vec::new();
    for t in ts {
        let token = match t {
            T::PublicInterest => "重大公共利益",
            T::MajorSafetyOrSocial => "重大安全/社会影响",
            T::Complex => "疑难复杂",
            T::MajorRights => "重大权益",
            T::HearingHeld => "听证",
            T::Mitigated => "减轻处罚",
            T::MitigatedOrAggravated => "减轻/加重处罚",
            T::SuspendBusiness => "责令停产停业",
            T::StopWork => "停产停业/停止建设/停止施工",
            T::Closure => "责令关闭",
            T::PracticeBan => "限制从业",
            T::LowerQualification => "降低资质等级",
            T::RevokeLicence => "吊销许可证",
            T::Confiscation => "没收",
            T::LicenceDenied => "不予许可/撤销",
            T::LicenceRevoked => "撤回/撤销许可",
            T::AuctionSeized => "拍卖/处理查封扣押财物",
            T::SeizureStopsBusiness => "查封致生产经营难以进行",
            T::CatchAll => "兜底",
        };
        if !out.contains(&token) {
            out.push(token);
        }
    }
    out.join(";")
}

pub fn to_csv(columns: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(columns)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    for r in rows {
        w.write_record(r.iter().map(|v| crate::cell::neutral(v).into_owned()))
            .map_err(|e| AppError::Internal(e.to_string()))?;
    }
    w.into_inner()
        .map_err(|e| AppError::Internal(e.to_string()))
}

pub fn to_xlsx(columns: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let err = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
    for (c, h) in columns.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet
            .write_string_with_format(0, c, *h, &bold)
            .map_err(err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, v) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            sheet
                .write_string_with_format(r, c, crate::cell::neutral(v), &text)
                .map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}
