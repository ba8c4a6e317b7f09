//! 服务指南 (CAT-6, S4 Arts 30 and 33): what a party needs to know to use a matter — conditions,
//! materials, time limit, fees, the procedure as a flowchart, and the remedies.

use serde::{Deserialize, Serialize};

use super::flowchart::Flowchart;
use super::legal_basis::LegalRef;
use super::matter::MatterKind;
use crate::rule::Violation;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceGuide {
    /// e.g. `食品经营许可办事指南`
    pub title: String,
    /// The matter it guides (name as in the 权责清单).
    pub matter_name: String,
    pub kind: MatterKind,
    pub basis_text: String,
    #[serde(default)]
    pub basis: Vec<LegalRef>,
    /// 申请条件 / 适用情形
    #[serde(default)]
    pub conditions: Vec<String>,
    /// 申请材料
    #[serde(default)]
    pub materials: Vec<String>,
    /// 办理时限
    pub time_limit: String,
    /// 收费标准
    pub fees: String,
    /// 办理地点 and public contact of the agency (never a person's own phone).
    #[serde(default)]
    pub place: String,
    pub flowchart: Flowchart,
    /// 救济渠道
    #[serde(default)]
    pub remedies: Vec<String>,
}

impl ServiceGuide {
    /// G1/CAT-6: a published guide states its basis, time limit and remedies, and its chart is sound.
    pub fn check(&self) -> Vec<Violation> {
        let mut out = self.flowchart.check();
        let mut need = |ok: bool, field: &str, what: &str| {
            if !ok {
                out.push(Violation::hard(
                    "CAT-6",
                    Some(field),
                    format!("服务指南缺少：{what}"),
                ));
            }
        };
        need(!self.title.trim().is_empty(), "title", "标题");
        need(!self.basis_text.trim().is_empty(), "basis_text", "设定依据");
        need(!self.time_limit.trim().is_empty(), "time_limit", "办理时限");
        need(!self.remedies.is_empty(), "remedies", "救济渠道");
        out
    }
}
