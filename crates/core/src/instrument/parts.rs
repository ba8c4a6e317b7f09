//! Building blocks shared by several documents: the party as printed, officers, legal bases,
//! opinions and the signature block of a 笔录.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::case::model::{Party, PartyId};

/// 当事人类型 as printed on a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// 公民
    Person,
    /// 法人或其他组织
    Organisation,
}

/// The party as a document prints it. A citizen's ID number is only ever held masked
/// (`110105********002X`): decisions are published, and A8 allows no more than the duty needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyInfo {
    pub name: String,
    pub kind: PartyKind,
    /// Masked 公民身份号码, or the 统一社会信用代码 (public by law).
    pub id_display: String,
    /// 住所 / 送达地址.
    pub address: String,
    /// 法定代表人（负责人）, for an organisation.
    pub legal_representative: Option<String>,
}

impl PartyInfo {
    /// The printed form of a case party: the ID number masked, the credit code in full.
    pub fn from_party(party: &Party, legal_representative: Option<&str>) -> PartyInfo {
        let (kind, id_display) = match &party.id {
            PartyId::Person { id_number } => (PartyKind::Person, id_number.masked()),
            PartyId::Organisation { credit_code } => {
                (PartyKind::Organisation, credit_code.as_str().to_owned())
            }
        };
        PartyInfo {
            name: party.name.clone(),
            kind,
            id_display,
            address: party.service_address.clone(),
            legal_representative: legal_representative.map(str::to_owned),
        }
    }
}

/// An officer named on a document, with the 执法证 number (R4: shown and printed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Officer {
    pub name: String,
    pub certificate_no: String,
}

/// A provision: law and article, e.g. `《中华人民共和国食品安全法》` + `第一百二十四条第一款第三项`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalBasis {
    pub law: String,
    pub article: String,
}

/// A signed opinion on an approval form: text, who signed, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opinion {
    pub text: String,
    pub signed_by: String,
    pub signed_on: Option<NaiveDate>,
}

/// When and where a record was made, by whom, and what the party was told first (§10 笔录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordHeader {
    pub started_at: NaiveDateTime,
    pub ended_at: NaiveDateTime,
    pub place: String,
    pub officers: Vec<Officer>,
    /// 记录人.
    pub recorder: String,
    /// 执法证件已出示 (R4).
    pub certificates_shown: bool,
    /// Rights told, including the right to ask for recusal.
    pub rights_notified: bool,
}

/// A witness (见证人) who signs when the party refuses or is absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Witness {
    pub name: String,
    /// 工作单位或住址, or a masked ID number.
    pub identity: String,
}

/// The signature block of a 笔录 or list (A7): the party checked and signed, or refused and a
/// witness signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatures {
    /// The party read (or was read) the record and confirmed it (以上笔录已看过，与事实相符).
    pub party_checked: bool,
    pub party_signed: bool,
    /// Why the party did not sign, when it refused or was absent.
    pub refusal_note: Option<String>,
    pub witness: Option<Witness>,
    pub officers_signed: bool,
}

/// 物品: one item preserved, sealed or seized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedItem {
    pub name: String,
    /// 规格型号.
    pub spec: String,
    /// 数量 with its unit, e.g. `20箱`.
    pub quantity: String,
    /// 备注 (condition, place).
    pub note: Option<String>,
}
