//! Demo catalogs (PUB-1): the real published lists shipped in `data/catalogs` (each row keeps its
//! source), assigned to the demo county's agencies of the same sector, plus a few items the demo
//! county writes itself — a second 权责清单 version completing legal bases (so versions and their
//! comparison have content), a discretion standard, an AV list and two service guides with
//! flowcharts. Seeded once; a published version is never touched again.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sanxiang_core::case::model::AvRequirement;
use sanxiang_core::catalog::av::{AvAct, AvRule};
use sanxiang_core::catalog::discretion::{
    Bound, DiscretionLevel, DiscretionStandard, DiscretionTier, FineRange,
};
use sanxiang_core::catalog::flowchart::{FlowEdge, FlowNode, Flowchart, NodeShape};
use sanxiang_core::catalog::guide::ServiceGuide;
use sanxiang_core::catalog::import::Provenance;
use sanxiang_core::catalog::legal_basis::parse_legal_basis;
use sanxiang_core::catalog::version::CatalogKind;
use sanxiang_core::catalog::{Matter, MatterKind};
use sanxiang_store::repo;

use crate::catalogs::{ItemValue, parse_catalog_rows};
use crate::{Actor, App, AppError};

const POWERS: &[u8] = include_bytes!("../../data/catalogs/power-list-items.csv");
const MAJOR: &[u8] = include_bytes!("../../data/catalogs/legal-review-catalogs.csv");
const SPOT: &[u8] = include_bytes!("../../data/catalogs/random-inspection-items.csv");

/// Which demo agency takes which published list (by the list's sector).
const ASSIGN: &[(&str, &str)] = &[
    ("baicheng-samr", "示范县市场监督管理局"),
    ("wenzhou-zhzf-2021", "示范县城市管理和综合执法局"),
    ("putian-hanjiang", "示范县城市管理和综合执法局"),
    ("biyang-cgj", "示范县城市管理和综合执法局"),
    ("yueyanglou-cgj-2016", "示范县城市管理和综合执法局"),
    ("dizhi-zizhi-template", "示范县自然资源局"),
    ("changzhi-samr-2022", "示范县市场监督管理局"),
    ("hengyang-culture-2021", "示范县文化旅游广电体育局"),
    ("yiyang-ajj", "示范县应急管理局"),
    ("hssyjglj-unknown", "示范县住房和城乡建设局"),
    ("gongyi-unknown", "示范县城市管理和综合执法局"),
    ("yiyuan-2023", "示范县市场监督管理局"),
    ("yishui-2023", "示范县市场监督管理局"),
    ("shanggao-2023", "示范县市场监督管理局"),
    ("fenyang-2021", "示范县市场监督管理局"),
];

fn day(y: i32, m: u32, d: u32) -> Result<NaiveDate, AppError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| AppError::Internal("bad demo date".into()))
}

pub(super) async fn seed_catalogs(app: &App, marker_agency_id: i64) -> Result<usize, AppError> {
    let db = app.store().db();
    if !repo::catalogs::versions(db, Some(marker_agency_id), None, None)
        .await?
        .is_empty()
    {
        return Ok(0);
    }
    let actor = Actor::system_as("demo", sanxiang_core::auth::Role::Supervisor);
    let agencies: BTreeMap<String, i64> = repo::agencies::all(db, &sanxiang_core::auth::Scope::All)
        .await?
        .into_iter()
        .map(|a| (a.name, a.id))
        .collect();
    let mut published = 0;
    let first_day = day(2024, 1, 1)?;
    for bytes in [POWERS, MAJOR, SPOT] {
        let (kind, rows) = parse_catalog_rows(bytes).map_err(|p| {
            AppError::Internal(format!(
                "demo catalog does not import: {} problems",
                p.len()
            ))
        })?;
        // Group the rows by the agency that takes their list, keeping file order.
        let mut groups: BTreeMap<i64, (Vec<Provenance>, Vec<ItemValue>)> = BTreeMap::new();
        for (prov, item) in rows {
            let Some((_, agency)) = ASSIGN.iter().find(|(list, _)| *list == prov.list_id) else {
                continue;
            };
            let Some(agency_id) = agencies.get(*agency) else {
                continue;
            };
            let g = groups.entry(*agency_id).or_default();
            if !g.0.contains(&prov) {
                g.0.push(prov);
            }
            g.1.push(item);
        }
        for (agency_id, (provs, mut items)) in groups {
            renumber(&mut items);
            let title = format!("{}（{}年版）", kind.label_zh(), 2024);
            let source = combined(&provs);
            let new_items = items
                .iter()
                .enumerate()
                .map(|(i, v)| v.to_new_item(seq(i)))
                .collect();
            let v = app
                .catalog_store_draft(&actor, agency_id, kind, title, Some(source), new_items)
                .await?;
            app.catalog_publish_historical(&actor, v.id, Some(first_day), None)
                .await?;
            published += 1;
            if kind == CatalogKind::Powers && agency_id == marker_agency_id {
                // Version 2: the county's legal staff completed the legal bases.
                let completed: Vec<ItemValue> = items.into_iter().map(complete_basis).collect();
                let new_items = completed
                    .iter()
                    .enumerate()
                    .map(|(i, v)| v.to_new_item(seq(i)))
                    .collect();
                let v2 = app
                    .catalog_store_draft(
                        &actor,
                        agency_id,
                        kind,
                        "权责清单（2026年版，补充设定依据）".into(),
                        Some(combined(&provs)),
                        new_items,
                    )
                    .await?;
                app.catalog_publish_historical(&actor, v2.id, Some(day(2026, 1, 1)?), None)
                    .await?;
                published += 1;
            }
        }
    }
    let own = Provenance {
        list_id: "demo-county".into(),
        issuer: "示范县市场监督管理局".into(),
        title: None,
        published: Some("2026-01".into()),
        source_url: None,
    };
    let authored: [(CatalogKind, &str, Vec<ItemValue>); 3] = [
        (
            CatalogKind::Discretion,
            "行政处罚裁量基准（示范）",
            vec![ItemValue::Discretion(food_discretion())],
        ),
        (CatalogKind::Av, "音像记录事项清单（示范）", av_rules()),
        (
            CatalogKind::Guides,
            "服务指南和执法流程图（示范）",
            vec![
                ItemValue::Guide(food_licence_guide()),
                ItemValue::Guide(penalty_guide()),
            ],
        ),
    ];
    for (kind, title, items) in authored {
        let new_items = items
            .iter()
            .enumerate()
            .map(|(i, v)| v.to_new_item(seq(i)))
            .collect();
        let v = app
            .catalog_store_draft(
                &actor,
                marker_agency_id,
                kind,
                title.into(),
                Some(own.clone()),
                new_items,
            )
            .await?;
        app.catalog_publish_historical(&actor, v.id, Some(first_day), None)
            .await?;
        published += 1;
    }
    Ok(published)
}

fn seq(i: usize) -> i32 {
    i32::try_from(i + 1).unwrap_or(i32::MAX)
}

/// Lists merged into one agency's catalog are numbered anew, in file order.
fn renumber(items: &mut [ItemValue]) {
    for (i, item) in items.iter_mut().enumerate() {
        if let ItemValue::Matter(m) = item {
            m.seq = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
    }
}

fn combined(provs: &[Provenance]) -> Provenance {
    let mut p = provs.first().cloned().unwrap_or(Provenance {
        list_id: String::new(),
        issuer: String::new(),
        title: None,
        published: None,
        source_url: None,
    });
    if provs.len() > 1 {
        p.issuer = provs
            .iter()
            .map(|p| p.issuer.as_str())
            .collect::<Vec<_>>()
            .join("；");
    }
    p
}

/// The bases the demo county adds in its 2026 version (real articles of the laws cited).
fn complete_basis(item: ItemValue) -> ItemValue {
    let ItemValue::Matter(m) = item else {
        return item;
    };
    let basis = match m.name.as_str() {
        n if n.contains("食品") && n.contains("经营许可") => Some(
            "《中华人民共和国食品安全法》第三十五条第一款；《中华人民共和国行政许可法》第十二条第（一）项、第二十九条",
        ),
        "食品生产许可" => Some(
            "《中华人民共和国食品安全法》第三十五条第一款；《中华人民共和国行政许可法》第十二条第（一）项",
        ),
        _ => None,
    };
    match basis {
        Some(b) if m.basis_text.is_empty() => ItemValue::Matter(Matter { ..m }.with_basis(b)),
        _ => ItemValue::Matter(m),
    }
}

fn yuan(y: i64, inclusive: bool) -> Option<Bound> {
    Some(Bound {
        fen: y * 100,
        inclusive,
    })
}

/// 食品安全法 Art 122: without a licence, goods under 10,000 yuan: 50,000–100,000 yuan. The
/// split into tiers is the demo county's.
fn food_discretion() -> DiscretionStandard {
    DiscretionStandard {
        matter: "食品（含保健食品）经营许可".into(),
        violation: "未取得食品经营许可从事食品经营活动（违法经营的食品货值金额不足一万元）".into(),
        basis_text: "《中华人民共和国食品安全法》第一百二十二条第一款".into(),
        tiers: vec![
            DiscretionTier {
                level: DiscretionLevel::Lighter,
                conditions: vec![
                    "主动消除或者减轻违法行为危害后果".into(),
                    "配合行政机关查处违法行为有立功表现".into(),
                ],
                fine: FineRange {
                    min: yuan(50_000, true),
                    max: yuan(65_000, false),
                },
                other: Some("没收违法所得和违法经营的食品".into()),
            },
            DiscretionTier {
                level: DiscretionLevel::General,
                conditions: vec!["无从轻、从重情节".into()],
                fine: FineRange {
                    min: yuan(65_000, true),
                    max: yuan(85_000, true),
                },
                other: Some("没收违法所得和违法经营的食品".into()),
            },
            DiscretionTier {
                level: DiscretionLevel::Heavier,
                conditions: vec![
                    "一年内因同一违法行为受过行政处罚".into(),
                    "经营对象主要为婴幼儿、老年人等特定人群".into(),
                ],
                fine: FineRange {
                    min: yuan(85_000, false),
                    max: yuan(100_000, true),
                },
                other: Some("没收违法所得和违法经营的食品、工具、设备、原料等物品".into()),
            },
        ],
    }
}

fn av_rules() -> Vec<ItemValue> {
    let row = |no: &str, act, kind: Option<MatterKind>, req, note: &str| {
        ItemValue::Av(AvRule {
            item_no: no.into(),
            act,
            matter_kind: kind,
            matter_code: None,
            requirement: req,
            note: note.into(),
        })
    };
    vec![
        row(
            "1",
            AvAct::Seizure,
            None,
            AvRequirement::FullProcess,
            "从到达现场至离开现场连续记录，说明查封、扣押的场所、设施、财物",
        ),
        row(
            "2",
            AvAct::OnSiteEnforcement,
            Some(MatterKind::Inspection),
            AvRequirement::FullProcess,
            "食品经营场所现场检查全过程记录",
        ),
        row(
            "3",
            AvAct::OnSpotPenalty,
            None,
            AvRequirement::FullProcess,
            "当场作出行政处罚决定的，记录告知、陈述申辩和送达",
        ),
        row(
            "4",
            AvAct::EvidenceCollection,
            None,
            AvRequirement::ByCircumstance,
            "抽样取证、先行登记保存时记录",
        ),
        row(
            "5",
            AvAct::LeaveService,
            None,
            AvRequirement::ByCircumstance,
            "留置送达时记录送达过程及见证人",
        ),
        row(
            "6",
            AvAct::Hearing,
            None,
            AvRequirement::FullProcess,
            "听证会全程录音录像",
        ),
    ]
}

fn node(id: &str, label: &str, shape: NodeShape, note: Option<&str>) -> FlowNode {
    FlowNode {
        id: id.into(),
        label: label.into(),
        shape,
        note: note.map(str::to_owned),
    }
}

fn edge(from: &str, to: &str, label: Option<&str>) -> FlowEdge {
    FlowEdge {
        from: from.into(),
        to: to.into(),
        label: label.map(str::to_owned),
    }
}

fn remedies() -> Vec<String> {
    vec![
        "对行政行为不服的，可以自知道或者应当知道该行政行为之日起六十日内申请行政复议（《中华人民共和国行政复议法》第二十条）".into(),
        "也可以自知道或者应当知道作出行政行为之日起六个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）".into(),
    ]
}

/// 食品经营许可: acceptance and 补正 (行政许可法 Art 32), decision within 20 working days (Art 42),
/// delivery within 10 days (Art 44).
fn food_licence_guide() -> ServiceGuide {
    use NodeShape::*;
    let basis = "《中华人民共和国食品安全法》第三十五条第一款；《中华人民共和国行政许可法》第二十九条、第三十二条、第四十二条、第四十四条";
    ServiceGuide {
        title: "食品经营许可办事指南".into(),
        matter_name: "食品（含保健食品）经营许可".into(),
        kind: MatterKind::Licensing,
        basis_text: basis.into(),
        basis: parse_legal_basis(basis),
        conditions: vec![
            "具有与经营的食品品种、数量相适应的食品经营场所".into(),
            "具有与经营的食品品种、数量相适应的设备或者设施".into(),
            "有专职或者兼职的食品安全管理人员和保证食品安全的规章制度".into(),
        ],
        materials: vec![
            "食品经营许可申请书".into(),
            "营业执照或者其他主体资格证明文件".into(),
            "与食品经营相适应的主要设备设施布局、操作流程等文件".into(),
            "食品安全自查、从业人员健康管理、进货查验记录等保证食品安全的规章制度".into(),
        ],
        time_limit: "自受理之日起二十个工作日内作出决定；经本行政机关负责人批准可延长十个工作日"
            .into(),
        fees: "不收费".into(),
        place: "示范县政务服务中心市场监管窗口".into(),
        flowchart: Flowchart {
            nodes: vec![
                node("apply", "申请人提交申请", Start, None),
                node(
                    "check",
                    "材料是否齐全、符合法定形式",
                    Decision,
                    Some("当场或五日内"),
                ),
                node("fix", "一次告知需要补正的全部内容", Step, Some("五日内")),
                node("accept", "受理", Step, None),
                node("review", "审查（必要时现场核查）", Step, None),
                node("decide", "是否符合法定条件", Decision, Some("二十个工作日")),
                node(
                    "grant",
                    "作出准予许可决定，颁发许可证",
                    Step,
                    Some("十日内送达"),
                ),
                node(
                    "deny",
                    "作出不予许可决定，说明理由并告知救济权利",
                    Step,
                    None,
                ),
                node("end", "办结", End, None),
            ],
            edges: vec![
                edge("apply", "check", None),
                edge("check", "fix", Some("否")),
                edge("check", "accept", Some("是")),
                edge("fix", "apply", Some("补正后重新提交")),
                edge("accept", "review", None),
                edge("review", "decide", None),
                edge("decide", "grant", Some("符合")),
                edge("decide", "deny", Some("不符合")),
                edge("grant", "end", None),
                edge("deny", "end", None),
            ],
        },
        remedies: remedies(),
    }
}

/// 行政处罚普通程序 (行政处罚法 Arts 54–67).
fn penalty_guide() -> ServiceGuide {
    use NodeShape::*;
    let basis = "《中华人民共和国行政处罚法》第五十四条、第五十五条、第五十七条、第五十八条、第六十二条、第六十三条、第六十四条、第六十一条";
    ServiceGuide {
        title: "行政处罚（普通程序）执法流程".into(),
        matter_name: "行政处罚".into(),
        kind: MatterKind::Penalty,
        basis_text: basis.into(),
        basis: parse_legal_basis(basis),
        conditions: vec!["发现公民、法人或者其他组织有依法应当给予行政处罚的行为".into()],
        materials: vec![],
        time_limit: "自立案之日起九十日内作出处罚决定（法律、法规、规章另有规定的除外）".into(),
        fees: "不收费".into(),
        place: "示范县市场监督管理局".into(),
        flowchart: Flowchart {
            nodes: vec![
                node("file", "立案", Start, None),
                node(
                    "investigate",
                    "调查取证（执法人员不少于两人，出示执法证件）",
                    Step,
                    None,
                ),
                node(
                    "notice",
                    "事先告知拟作出的处罚及陈述、申辩、听证权利",
                    Step,
                    None,
                ),
                node(
                    "hearing",
                    "当事人是否要求听证",
                    Decision,
                    Some("告知后五日内提出"),
                ),
                node("hold", "组织听证", Step, Some("听证七日前通知")),
                node("review", "法制审核（第五十八条情形）", Step, None),
                node("decide", "负责人决定；情节复杂或重大的集体讨论", Step, None),
                node("serve", "送达行政处罚决定书", Step, Some("七日内")),
                node("end", "执行、结案、归档", End, None),
            ],
            edges: vec![
                edge("file", "investigate", None),
                edge("investigate", "notice", None),
                edge("notice", "hearing", None),
                edge("hearing", "hold", Some("是")),
                edge("hearing", "review", Some("否")),
                edge("hold", "review", None),
                edge("review", "decide", None),
                edge("decide", "serve", None),
                edge("serve", "end", None),
            ],
        },
        remedies: remedies(),
    }
}
