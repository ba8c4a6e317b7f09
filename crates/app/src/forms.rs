//! Forms: what a user types (HTML form, JSON body or spreadsheet row), all strings, parsed into
//! typed drafts. Every problem is reported at once, each naming its field and rule.

use chrono::NaiveDate;
use sanxiang_core::ids::{Checked, CreditCode, DivisionCode, DivisionStatus, IdNumber};
use sanxiang_core::registry::{AgencyNature, CertificateNo, Funding};
use sanxiang_core::rule::Violation;
use serde::{Deserialize, Serialize};

/// Collects violations while parsing fields.
#[derive(Default)]
pub(crate) struct Check {
    pub violations: Vec<Violation>,
}

impl Check {
    fn push(&mut self, rule: &str, field: &str, message: impl Into<String>) {
        self.violations
            .push(Violation::hard(rule, Some(field), message));
    }

    fn required(&mut self, field: &str, label: &str, value: &str, max_chars: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.push("REQUIRED", field, format!("{label}不能为空"));
        } else if v.chars().count() > max_chars {
            self.push("LENGTH", field, format!("{label}不能超过{max_chars}个字"));
        }
        v.to_owned()
    }

    fn optional(&mut self, field: &str, label: &str, value: &str, max_chars: usize) -> String {
        let v = value.trim();
        if v.chars().count() > max_chars {
            self.push("LENGTH", field, format!("{label}不能超过{max_chars}个字"));
        }
        v.to_owned()
    }

    fn date(&mut self, field: &str, label: &str, value: &str, required: bool) -> Option<NaiveDate> {
        let v = value.trim();
        if v.is_empty() {
            if required {
                self.push("REQUIRED", field, format!("{label}不能为空"));
            }
            return None;
        }
        let parsed = NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(v, "%Y/%m/%d"))
            .or_else(|_| NaiveDate::parse_from_str(v, "%Y.%m.%d"))
            .or_else(|_| NaiveDate::parse_from_str(v, "%Y年%m月%d日"));
        match parsed {
            Ok(d) => Some(d),
            Err(_) => {
                self.push(
                    "DATE",
                    field,
                    format!("{label}“{v}”不是有效日期，格式应为YYYY-MM-DD"),
                );
                None
            }
        }
    }

    fn flag(&mut self, field: &str, label: &str, value: &str) -> bool {
        match value.trim() {
            "" | "0" | "false" | "否" | "off" | "无" => false,
            "1" | "true" | "是" | "on" | "有" => true,
            other => {
                self.push(
                    "BOOL",
                    field,
                    format!("{label}应填“是”或“否”，实为“{other}”"),
                );
                false
            }
        }
    }

    fn finish<T>(self, value: T) -> Result<T, Vec<Violation>> {
        if self.violations.is_empty() {
            Ok(value)
        } else {
            Err(self.violations)
        }
    }
}

fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (5..=20).contains(&digits) && s.chars().all(|c| c.is_ascii_digit() || "-+() ".contains(c))
}

/// An agency as typed (REG-1).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AgencyForm {
    pub name: String,
    pub short_name: String,
    /// `organ`, `empowered`, `entrusted`, `township` or the Chinese label.
    pub nature: String,
    pub credit_code: String,
    pub division_code: String,
    pub parent_id: String,
    /// `full`, `partial`, `self_funded` or the Chinese label.
    pub funding: String,
    pub staffing: String,
    pub category: String,
    pub duties: String,
    pub legal_representative: String,
    pub address: String,
    pub complaint_phone: String,
}

#[derive(Debug, Clone)]
pub struct AgencyDraft {
    pub name: String,
    pub short_name: String,
    pub nature: AgencyNature,
    pub credit_code: Option<CreditCode>,
    pub division_code: DivisionCode,
    pub parent_id: Option<i64>,
    pub funding: Funding,
    pub staffing: i32,
    pub category: String,
    pub duties: String,
    pub legal_representative: String,
    pub address: String,
    pub complaint_phone: String,
}

impl AgencyForm {
    pub fn parse(&self) -> Result<AgencyDraft, Vec<Violation>> {
        let mut c = Check::default();
        let name = c.required("name", "主体名称", &self.name, 100);
        let short_name = c.optional("short_name", "简称", &self.short_name, 20);
        let nature = AgencyNature::parse(&self.nature);
        if nature.is_none() {
            c.push(
                "REG-1",
                "nature",
                "主体性质应为行政机关、法律法规授权组织、受委托组织或乡镇街道（赋权）",
            );
        }
        let credit_code = match self.credit_code.trim() {
            "" => None,
            s => match CreditCode::check(s) {
                Checked::Valid(code) => Some(code),
                Checked::Masked(_) => {
                    c.push(
                        "ID-MASKED",
                        "credit_code",
                        "统一社会信用代码应填写完整，不能含*号",
                    );
                    None
                }
                Checked::Invalid(e) => {
                    c.violations.push(e.to_violation(Some("credit_code")));
                    None
                }
            },
        };
        let division_code = match DivisionCode::parse(&self.division_code) {
            Ok(d) => {
                if let DivisionStatus::Retired { since, .. } = d.status() {
                    c.push(
                        "ID-DIVISION",
                        "division_code",
                        format!("行政区划代码{}已于{since}年弃用", d.as_str()),
                    );
                }
                Some(d)
            }
            Err(e) => {
                c.violations.push(e.to_violation(Some("division_code")));
                None
            }
        };
        let parent_id = match self.parent_id.trim() {
            "" => None,
            s => match s.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    c.push("REG-1", "parent_id", "上级主体无效");
                    None
                }
            },
        };
        let funding = match self.funding.trim() {
            "" => Some(Funding::Full),
            s => Funding::parse(s),
        };
        if funding.is_none() {
            c.push(
                "REG-1",
                "funding",
                "经费保障方式应为财政全额拨款、财政差额拨款或自收自支",
            );
        }
        let staffing = match self.staffing.trim() {
            "" => 0,
            s => s
                .parse::<i32>()
                .ok()
                .filter(|n| *n >= 0)
                .unwrap_or_else(|| {
                    c.push("REG-1", "staffing", "编制数应为不小于0的整数");
                    0
                }),
        };
        let category = c.required("category", "执法领域", &self.category, 50);
        let duties = c.optional("duties", "职责职权", &self.duties, 5000);
        let legal_representative = c.required(
            "legal_representative",
            "法定代表人（负责人）",
            &self.legal_representative,
            50,
        );
        let address = c.required("address", "办公地址", &self.address, 200);
        let complaint_phone =
            c.required("complaint_phone", "投诉举报电话", &self.complaint_phone, 30);
        if !complaint_phone.is_empty() && !is_phone(&complaint_phone) {
            c.push("REG-1", "complaint_phone", "投诉举报电话格式不正确");
        }
        match (nature, division_code, funding) {
            (Some(nature), Some(division_code), Some(funding)) => c.finish(AgencyDraft {
                short_name: if short_name.is_empty() {
                    name.clone()
                } else {
                    short_name
                },
                name,
                nature,
                credit_code,
                division_code,
                parent_id,
                funding,
                staffing,
                category,
                duties,
                legal_representative,
                address,
                complaint_phone,
            }),
            _ => Err(c.violations),
        }
    }
}

/// An officer as typed (REG-2/REG-3), with an optional certificate.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct OfficerForm {
    pub agency_id: String,
    pub name: String,
    /// `M`/`F` or 男/女; derived from the ID number when empty.
    pub sex: String,
    pub id_number: String,
    pub phone: String,
    pub post: String,
    /// 是/否
    pub is_reviewer: String,
    /// 是/否: holds 法律职业资格.
    pub legal_qualified: String,
    pub legal_qualified_on: String,
    pub certificate_no: String,
    pub certificate_category: String,
    pub certificate_area: String,
    pub certificate_issued_by: String,
    pub certificate_valid_from: String,
    pub certificate_valid_until: String,
}

#[derive(Debug, Clone)]
pub struct OfficerDraft {
    pub agency_id: i64,
    pub name: String,
    pub sex: String,
    pub id_number: Option<IdNumber>,
    pub phone: Option<String>,
    pub post: String,
    pub is_reviewer: bool,
    pub legal_qualified: bool,
    pub legal_qualified_on: Option<NaiveDate>,
    pub certificate: Option<CertificateDraft>,
}

#[derive(Debug, Clone)]
pub struct CertificateDraft {
    pub number: CertificateNo,
    pub category: String,
    pub area: String,
    pub issued_by: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
}

impl OfficerForm {
    /// Parses the form. `agency_id` may be resolved by the caller (imports use agency names).
    pub fn parse(&self) -> Result<OfficerDraft, Vec<Violation>> {
        let mut c = Check::default();
        let agency_id = self.agency_id.trim().parse::<i64>().ok();
        if agency_id.is_none() {
            c.push("REQUIRED", "agency_id", "请选择所属执法主体");
        }
        let name = c.required("name", "姓名", &self.name, 50);
        let id_number = match self.id_number.trim() {
            "" => None,
            s => match IdNumber::check(s) {
                Checked::Valid(id) => Some(id),
                // A masked number (as exported) means "not disclosed here": keep what is stored.
                Checked::Masked(_) => None,
                Checked::Invalid(e) => {
                    c.violations.push(e.to_violation(Some("id_number")));
                    None
                }
            },
        };
        let sex = match (self.sex.trim(), &id_number) {
            ("M" | "m" | "男", _) => "M".to_owned(),
            ("F" | "f" | "女", _) => "F".to_owned(),
            ("", Some(id)) => match id.sex() {
                sanxiang_core::ids::Sex::Male => "M".to_owned(),
                sanxiang_core::ids::Sex::Female => "F".to_owned(),
            },
            ("", None) => {
                c.push("REQUIRED", "sex", "性别不能为空");
                String::new()
            }
            (other, _) => {
                c.push("REG-2", "sex", format!("性别应为“男”或“女”，实为“{other}”"));
                String::new()
            }
        };
        let phone = c.optional("phone", "联系电话", &self.phone, 30);
        if !phone.is_empty() && !is_phone(&phone) {
            c.push("REG-2", "phone", "联系电话格式不正确");
        }
        let post = c.optional("post", "岗位", &self.post, 50);
        let is_reviewer = c.flag("is_reviewer", "是否法制审核人员", &self.is_reviewer);
        let legal_qualified = c.flag(
            "legal_qualified",
            "是否具有法律职业资格",
            &self.legal_qualified,
        );
        let legal_qualified_on = c.date(
            "legal_qualified_on",
            "取得法律职业资格日期",
            &self.legal_qualified_on,
            false,
        );
        if legal_qualified_on.is_some() && !legal_qualified {
            c.push(
                "R8",
                "legal_qualified_on",
                "未勾选具有法律职业资格，却填写了取得日期",
            );
        }
        let certificate = self.parse_certificate(&mut c);
        match agency_id {
            Some(agency_id) => c.finish(OfficerDraft {
                agency_id,
                name,
                sex,
                id_number,
                phone: (!phone.is_empty()).then_some(phone),
                post,
                is_reviewer,
                legal_qualified,
                legal_qualified_on,
                certificate,
            }),
            None => Err(c.violations),
        }
    }

    /// Parses only the certificate fields (issuing a new certificate to an existing officer).
    pub(crate) fn parse_certificate_only(&self, c: &mut Check) -> Option<CertificateDraft> {
        self.parse_certificate(c)
    }

    fn parse_certificate(&self, c: &mut Check) -> Option<CertificateDraft> {
        let any = [
            &self.certificate_no,
            &self.certificate_category,
            &self.certificate_area,
            &self.certificate_valid_from,
            &self.certificate_valid_until,
        ]
        .iter()
        .any(|s| !s.trim().is_empty());
        if !any {
            return None;
        }
        let number = match CertificateNo::parse(&self.certificate_no) {
            Ok(n) => Some(n),
            Err(e) => {
                c.push("REG-2", "certificate_no", e.message_zh());
                None
            }
        };
        let category = c.required(
            "certificate_category",
            "执法类别",
            &self.certificate_category,
            50,
        );
        let area = c.required("certificate_area", "执法区域", &self.certificate_area, 100);
        let issued_by = c.optional(
            "certificate_issued_by",
            "发证机关",
            &self.certificate_issued_by,
            100,
        );
        let from = c.date(
            "certificate_valid_from",
            "有效期起",
            &self.certificate_valid_from,
            true,
        );
        let until = c.date(
            "certificate_valid_until",
            "有效期止",
            &self.certificate_valid_until,
            true,
        );
        if let (Some(f), Some(u)) = (from, until)
            && u < f
        {
            c.push("R6", "certificate_valid_until", "有效期止不能早于有效期起");
        }
        Some(CertificateDraft {
            number: number?,
            category,
            area,
            issued_by,
            valid_from: from?,
            valid_until: until?,
        })
    }
}

/// An entrustment as typed (R1).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EntrustmentForm {
    pub entrusting_id: String,
    pub entrusted_id: String,
    pub document_no: String,
    pub scope: String,
    pub valid_from: String,
    pub valid_until: String,
    pub publication_url: String,
}

/// A certificate status change as typed (REG-2).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct StatusChangeForm {
    /// `suspend`, `reinstate` or `revoke`.
    pub change: String,
    pub reason: String,
}

/// An entrustment's own fields, parsed; the R1 checks that need both agencies come after.
#[derive(Debug, Clone)]
pub struct EntrustmentDraft {
    pub entrusting_id: i64,
    pub entrusted_id: i64,
    pub document_no: String,
    pub scope: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub publication_url: String,
}

impl EntrustmentForm {
    /// Parses the fields. The draft is there whenever the agencies and dates could be read, even
    /// if other fields have violations, so that the R1 checks can report theirs in the same go.
    pub fn parse(&self) -> (Option<EntrustmentDraft>, Vec<Violation>) {
        let mut c = Check::default();
        let id = |c: &mut Check, field: &str, label: &str, value: &str| {
            let id = value.trim().parse::<i64>().ok();
            if id.is_none() {
                c.push("REQUIRED", field, format!("请选择{label}"));
            }
            id
        };
        let entrusting_id = id(&mut c, "entrusting_id", "委托机关", &self.entrusting_id);
        let entrusted_id = id(&mut c, "entrusted_id", "受委托组织", &self.entrusted_id);
        let document_no = c.required("document_no", "委托书文号", &self.document_no, 100);
        let from = c.date("valid_from", "委托期限起", &self.valid_from, true);
        let until = c.date("valid_until", "委托期限止", &self.valid_until, true);
        let draft = match (entrusting_id, entrusted_id, from, until) {
            (Some(entrusting_id), Some(entrusted_id), Some(valid_from), Some(valid_until)) => {
                Some(EntrustmentDraft {
                    entrusting_id,
                    entrusted_id,
                    document_no,
                    scope: self.scope.trim().to_owned(),
                    valid_from,
                    valid_until,
                    publication_url: self.publication_url.trim().to_owned(),
                })
            }
            _ => None,
        };
        (draft, c.violations)
    }
}

/// A legal adviser or public lawyer as typed (REG-3).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AdviserForm {
    /// Empty for the shared pool.
    pub agency_id: String,
    pub name: String,
    /// `adviser` (法律顾问) or `public_lawyer` (公职律师).
    pub kind: String,
    pub organisation: String,
    pub pool: String,
    /// 是/否
    pub legal_qualified: String,
    pub valid_until: String,
}

#[derive(Debug, Clone)]
pub struct AdviserDraft {
    pub agency_id: Option<i64>,
    pub name: String,
    pub kind: &'static str,
    pub organisation: String,
    pub pool: String,
    pub legal_qualified: bool,
    pub valid_until: Option<NaiveDate>,
}

impl AdviserForm {
    pub fn parse(&self) -> Result<AdviserDraft, Vec<Violation>> {
        let mut c = Check::default();
        let agency_id = match self.agency_id.trim() {
            "" => None,
            s => {
                let id = s.parse::<i64>().ok();
                if id.is_none() {
                    c.push("REG-3", "agency_id", "聘用单位无效");
                }
                id
            }
        };
        let name = c.required("name", "姓名", &self.name, 50);
        let kind = match self.kind.trim() {
            "adviser" | "法律顾问" | "" => "adviser",
            "public_lawyer" | "公职律师" => "public_lawyer",
            other => {
                c.push(
                    "REG-3",
                    "kind",
                    format!("类别应为法律顾问或公职律师，实为“{other}”"),
                );
                "adviser"
            }
        };
        let organisation = c.required("organisation", "所在单位", &self.organisation, 100);
        let pool = c.required("pool", "人才库", &self.pool, 50);
        let legal_qualified = c.flag(
            "legal_qualified",
            "是否具有法律职业资格",
            &self.legal_qualified,
        );
        let valid_until = c.date("valid_until", "聘期至", &self.valid_until, false);
        c.finish(AdviserDraft {
            agency_id,
            name,
            kind,
            organisation,
            pool,
            legal_qualified,
            valid_until,
        })
    }
}
