//! Rendering every kind to PDF/A-2b: visible text (via `pdftotext`), PDF/A identification,
//! determinism, refusal of incomplete documents, missing fonts, and literal markup characters.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use sanxiang_core::instrument::sample::sample;
use sanxiang_core::instrument::{InstrumentContent, InstrumentKind};
use sanxiang_docgen::{
    DEFAULT_FONT_DIRS, DocMeta, DocgenError, FontSet, Renderer, template_version,
};

const AGENCY: &str = "湘潭市市场监督管理局";

fn renderer() -> Arc<Renderer> {
    static RENDERER: OnceLock<Arc<Renderer>> = OnceLock::new();
    RENDERER
        .get_or_init(|| {
            let dirs: Vec<PathBuf> = DEFAULT_FONT_DIRS.iter().map(PathBuf::from).collect();
            Arc::new(Renderer::new(FontSet::load(&dirs).unwrap()))
        })
        .clone()
}

fn meta(kind: InstrumentKind) -> DocMeta {
    DocMeta {
        number: Some(format!(
            "湘潭市监{}〔2026〕12号",
            kind.number_word().unwrap_or("案")
        )),
        issued_on: NaiveDate::from_ymd_opt(2026, 5, 8).unwrap(),
        agency_name: AGENCY.into(),
        title_override: None,
    }
}

/// The PDF's text with all whitespace removed (CJK lines wrap anywhere).
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "pdftotext is needed by these tests and could not be run ({e}): \
                 install it with `apt-get install -y poppler-utils` (scripts/test does)"
            )
        });
    assert!(out.status.success(), "pdftotext failed: {out:?}");
    let text: String = String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    without_page_numbers(&text)
}

/// Drops the `—n—` page footers, which otherwise split sentences that run across pages.
fn without_page_numbers(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('—') {
        out.push_str(&rest[..start]);
        let after = &rest[start + '—'.len_utf8()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        match after[digits..].strip_prefix('—') {
            Some(tail) if digits > 0 => rest = tail,
            _ => {
                out.push('—');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn page_footers_are_removed_from_extracted_text() {
    assert_eq!(without_page_numbers("行政—1—诉讼—x—"), "行政诉讼—x—");
}

/// A sentence of each template's body that must reach the page.
fn body_sentence(kind: InstrumentKind) -> &'static str {
    use InstrumentKind as K;
    match kind {
        K::FilingApproval => "案情简介及立案理由",
        K::InspectionRecord => "执法人员已向当事人出示执法证件",
        K::InquiryRecord => "你有申请执法人员回避的权利",
        K::EvidencePreservationNotice => "决定对下列证据予以先行登记保存",
        K::PenaltyPriorNotice => "你（单位）有权进行陈述和申辩",
        K::HearingNotice => "无正当理由不出席听证的，视为放弃听证权利",
        K::HearingRecord => "主持人宣布听证纪律",
        K::CollectiveDiscussion => "本案经负责人集体讨论决定",
        K::PenaltyDecision => "可以在收到本决定书之日起60日内向湘潭市人民政府申请行政复议",
        K::OnSpotPenaltyDecision => "以上事实清楚、证据确凿",
        K::SeizureDecision => "清单一式两份",
        K::SeizureList => "本清单一式两份",
        K::ServiceReceipt => "即视为送达",
        K::ClosingReport => "拟予结案并归档",
    }
}

#[test]
fn every_kind_renders_title_agency_number_and_body_text() {
    let r = renderer();
    for kind in InstrumentKind::ALL {
        let meta = meta(kind);
        let out = r.render(&sample(kind), &meta).unwrap();
        assert!(out.pdf.starts_with(b"%PDF-"), "{kind:?}");
        assert!(out.pages >= 1);
        let text = pdf_text(&out.pdf);
        for expected in [
            kind.label_zh(),
            AGENCY,
            meta.number.as_deref().unwrap(),
            body_sentence(kind),
        ] {
            assert!(
                text.contains(expected),
                "{kind:?}: {expected:?} not in {text}"
            );
        }
    }
}

#[test]
fn decision_prints_the_party_penalties_and_amounts_from_the_content() {
    let out = renderer()
        .render(
            &sample(InstrumentKind::PenaltyDecision),
            &meta(InstrumentKind::PenaltyDecision),
        )
        .unwrap();
    let text = pdf_text(&out.pdf);
    for expected in [
        "湘潭市雨湖区味美食品有限公司",
        "没收违法所得360.00元",
        "罚款50000.00元",
        "自收到本决定书之日起十五日内",
        "湘潭市雨湖区人民法院",
        "2026年5月8日",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
}

#[test]
fn output_is_pdf_a_2b_with_the_issue_date() {
    let out = renderer()
        .render(
            &sample(InstrumentKind::PenaltyDecision),
            &meta(InstrumentKind::PenaltyDecision),
        )
        .unwrap();
    let raw = String::from_utf8_lossy(&out.pdf);
    assert!(
        raw.contains("pdfaid:part>2<") || raw.contains("pdfaid:part=\"2\""),
        "no PDF/A part"
    );
    assert!(
        raw.contains("pdfaid:conformance>B<") || raw.contains("pdfaid:conformance=\"B\""),
        "no PDF/A conformance B"
    );
    assert!(raw.contains("2026-05-08"), "XMP carries the document date");
}

#[test]
fn same_input_gives_byte_identical_pdf() {
    let r = renderer();
    let kind = InstrumentKind::InquiryRecord;
    let a = r.render(&sample(kind), &meta(kind)).unwrap();
    let b = r.render(&sample(kind), &meta(kind)).unwrap();
    assert_eq!(a.sha256, b.sha256);
    assert!(a.pdf == b.pdf);
    let mut other = meta(kind);
    other.issued_on = NaiveDate::from_ymd_opt(2026, 5, 9).unwrap();
    let c = r.render(&sample(kind), &other).unwrap();
    assert_ne!(a.sha256, c.sha256, "the date is part of the document");
}

#[test]
fn sha256_is_the_digest_of_the_pdf() {
    use sha2::Digest;
    let kind = InstrumentKind::ServiceReceipt;
    let out = renderer().render(&sample(kind), &meta(kind)).unwrap();
    assert_eq!(out.sha256, hex::encode(sha2::Sha256::digest(&out.pdf)));
}

#[test]
fn p9_missing_element_returns_violations_and_renders_nothing() {
    let mut content = sample(InstrumentKind::PenaltyDecision);
    if let InstrumentContent::PenaltyDecision(d) = &mut content {
        d.remedies.court.clear();
    }
    match renderer().render(&content, &meta(InstrumentKind::PenaltyDecision)) {
        Err(DocgenError::MissingElements(v)) => {
            assert!(
                v.iter()
                    .any(|v| v.rule == "P9" && v.field.as_deref() == Some("remedies"))
            );
        }
        other => panic!("expected MissingElements, got {other:?}"),
    }
}

#[test]
fn empty_font_directory_is_refused_with_the_install_hint() {
    let empty = tempfile::tempdir().unwrap();
    let err = FontSet::load(&[empty.path().to_path_buf()]).unwrap_err();
    assert!(matches!(err, DocgenError::MissingCjkFont { .. }));
    let message = err.to_string();
    assert!(message.starts_with("未找到中文字体"), "{message}");
    assert!(message.contains("sudo apt-get install fonts-noto-cjk"));
    assert!(message.contains("docgen_font_dirs"));
    assert!(message.contains(&empty.path().display().to_string()));
    assert!(message.contains("no CJK font found"));
}

#[test]
fn latin_only_fonts_do_not_count_as_cjk() {
    let dejavu = PathBuf::from("/usr/share/fonts/truetype/dejavu");
    assert!(dejavu.is_dir(), "fonts-dejavu-core is expected on Debian");
    let err = FontSet::load(&[dejavu]).unwrap_err();
    assert!(matches!(err, DocgenError::MissingCjkFont { .. }));
}

#[test]
fn noto_serif_cjk_is_found_in_the_default_directories() {
    let r = renderer();
    assert!(r.fonts().has_family("Noto Serif CJK SC"));
    assert!(!r.fonts().is_empty());
}

#[test]
fn markup_characters_in_a_party_name_print_literally() {
    let name = r"味美#[strong] *粗体* $x^2$ \ 公司]";
    let mut content = sample(InstrumentKind::PenaltyDecision);
    if let InstrumentContent::PenaltyDecision(d) = &mut content {
        d.party.name = name.into();
    }
    let out = renderer()
        .render(&content, &meta(InstrumentKind::PenaltyDecision))
        .unwrap();
    let text = pdf_text(&out.pdf);
    let expected: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains(&expected), "{expected:?} not in {text}");
}

#[test]
fn title_override_replaces_the_standard_title() {
    let kind = InstrumentKind::InspectionRecord;
    let mut m = meta(kind);
    m.title_override = Some("现场笔录".into());
    let text = pdf_text(&renderer().render(&sample(kind), &m).unwrap().pdf);
    assert!(text.contains("现场笔录"));
    assert!(!text.contains("现场检查笔录"));
}

#[test]
fn unnumbered_document_has_no_number_line() {
    let kind = InstrumentKind::ServiceReceipt;
    let mut m = meta(kind);
    m.number = None;
    let text = pdf_text(&renderer().render(&sample(kind), &m).unwrap().pdf);
    assert!(!text.contains("湘潭市监案〔2026〕12号"), "{text}");
    assert!(text.contains("送达回证"));
}

#[test]
fn every_template_is_versioned() {
    for kind in InstrumentKind::ALL {
        assert!(template_version(kind) >= 1, "{kind:?}");
    }
}

#[test]
fn renderer_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Renderer>();
}

#[test]
#[ignore = "writes sample PDFs to $DOCGEN_DUMP_DIR for a visual check"]
fn dump_samples() {
    let dir = PathBuf::from(std::env::var("DOCGEN_DUMP_DIR").unwrap());
    for kind in InstrumentKind::ALL {
        let out = renderer().render(&sample(kind), &meta(kind)).unwrap();
        std::fs::write(dir.join(format!("{}.pdf", kind.template_name())), out.pdf).unwrap();
    }
}

/// P12 (复议法 2023 Art 23(1)(一), (2), in force 2024-01-01): an on-the-spot decision tells the
/// party to apply for 复议 first and prints no direct lawsuit period; one dated before 2024
/// keeps the old wording (复议 60 days or 诉讼 6 months); the wrong wording for the date is
/// refused before anything is printed.
#[test]
fn p12_on_the_spot_decision_prints_review_first_from_2024_and_the_old_remedies_before() {
    let r = renderer();
    let kind = InstrumentKind::OnSpotPenaltyDecision;
    let after = pdf_text(&r.render(&sample(kind), &meta(kind)).unwrap().pdf);
    assert!(
        after.contains("应当先在收到本决定书之日起60日内向湘潭市人民政府申请行政复议"),
        "{after}"
    );
    assert!(after.contains("对行政复议决定不服的，可以再依法向人民法院提起行政诉讼"));
    assert!(after.contains("第二十三条"));
    assert!(!after.contains("6个月内"), "{after}");

    let mut old = sample(kind);
    if let InstrumentContent::OnSpotPenaltyDecision(d) = &mut old {
        d.remedies.review_first = false;
    }
    let before_2024 = DocMeta {
        issued_on: NaiveDate::from_ymd_opt(2023, 12, 29).unwrap(),
        ..meta(kind)
    };
    let text = pdf_text(&r.render(&old, &before_2024).unwrap().pdf);
    assert!(text.contains("也可以在6个月内依法向湘潭市雨湖区人民法院提起行政诉讼"));
    assert!(!text.contains("应当先"));

    // The same old wording on a 2024 decision, or 复议前置 on a 2023 one, is refused.
    for (content, meta) in [(&old, meta(kind)), (&sample(kind), before_2024)] {
        let Err(DocgenError::MissingElements(v)) = r.render(content, &meta) else {
            panic!("rendered with the wrong remedies for {}", meta.issued_on);
        };
        assert!(v.iter().any(|v| v.rule == "P12"), "{v:?}");
    }
}

/// P13 (行政强制法 Art 24(2)): a 查封扣押决定书 without a storage place prints and says nothing
/// about one; with one, it prints it.
#[test]
fn p13_seizure_decision_prints_the_storage_place_only_when_given() {
    let r = renderer();
    let kind = InstrumentKind::SeizureDecision;
    let with_place = pdf_text(&r.render(&sample(kind), &meta(kind)).unwrap().pdf);
    assert!(with_place.contains("存放于湘潭市市场监督管理局罚没物品仓库"));
    let mut content = sample(kind);
    if let InstrumentContent::SeizureDecision(d) = &mut content {
        d.storage_place = String::new();
    }
    let text = pdf_text(&r.render(&content, &meta(kind)).unwrap().pdf);
    assert!(!text.contains("存放于"), "{text}");
    assert!(text.contains("清单一式两份"));
}
