//! Catalogs (清单, CAT-1..6): the published lists that ground and steer every later step, and the
//! pure rule engines that read them (major-decision classification, discretion, AV requirement).
//!
//! Every catalog is versioned ([`version`]): a published version is immutable and a case pins the
//! version in force on its act date (C2). Import rows ([`import`]) come from CSV or XLSX that the
//! adapters parse into [`import::Row`]s; this module checks them cell by cell and names the rule.

pub mod av;
pub mod discretion;
pub mod flowchart;
pub mod guide;
pub mod import;
pub mod law;
pub mod legal_basis;
pub mod major;
pub mod matter;
pub mod money;
pub mod numerals;
pub mod spot_check;
pub mod version;

use serde::{Deserialize, Serialize};

pub use matter::{Matter, MatterKind};
pub use version::{CatalogKind, Effective, VersionStatus};

/// Who the party is, for thresholds that differ by party type (CAT-5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyClass {
    /// 公民 / 自然人
    NaturalPerson,
    /// 个体工商户: catalogs that name it (e.g. 长治 2022) put it with natural persons; the others
    /// are silent, and we follow the ones that say so.
    IndividualBusiness,
    /// 法人或者其他组织
    Organisation,
}

impl PartyClass {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::NaturalPerson => "自然人",
            Self::IndividualBusiness => "个体工商户",
            Self::Organisation => "法人或其他组织",
        }
    }

    /// Thresholds are stated for two classes; 个体工商户 takes the natural-person one.
    pub fn uses_person_threshold(self) -> bool {
        !matches!(self, Self::Organisation)
    }
}
