//! Required elements of forms and records: 立案审批表, 笔录, 集体讨论记录, 清单, 送达回证, 结案报告.

use super::Checker;
use crate::instrument::content::{
    ClosingReport, CollectiveDiscussion, DeliveryMethod, FilingApproval, HearingRecord,
    InquiryRecord, InspectionRecord, SeizureList, ServiceReceipt,
};

/// §10 立案审批表 (`DOC-FILING-APPROVAL`); P3: two or more officers assigned.
pub(super) fn filing_approval(c: &mut Checker, d: &FilingApproval) {
    let doc = c.doc();
    c.text(&doc, "source", &d.source, "案件来源");
    c.text(&doc, "cause", &d.cause, "案由");
    c.party(&doc, &d.party, false);
    c.text(
        &doc,
        "facts_and_reasons",
        &d.facts_and_reasons,
        "案情及立案理由",
    );
    c.officers("P3", "officers", &d.officers, 2);
    c.opinion(&doc, "officer_opinion", &d.officer_opinion, "承办人意见");
    c.opinion(&doc, "unit_opinion", &d.unit_opinion, "承办机构意见");
    c.opinion(&doc, "head_approval", &d.head_approval, "负责人审批意见");
}

/// §10 笔录 (S2 Art 55), A7 signatures.
pub(super) fn inspection_record(c: &mut Checker, d: &InspectionRecord) {
    let doc = c.doc();
    c.record_header(&d.header);
    c.party(&doc, &d.party, false);
    c.text(&doc, "content", &d.content, "检查情况");
    c.signatures(&d.signatures);
}

/// §10 笔录 (S2 Art 55), A7 signatures.
pub(super) fn inquiry_record(c: &mut Checker, d: &InquiryRecord) {
    let doc = c.doc();
    c.record_header(&d.header);
    c.text(
        &doc,
        "interviewee.name",
        &d.interviewee.name,
        "被询问人姓名",
    );
    c.witness("interviewee.identity", &d.interviewee);
    c.text(&doc, "relation", &d.relation, "被询问人与案件关系");
    c.party(&doc, &d.party, false);
    let answered = !d.questions.is_empty()
        && d.questions
            .iter()
            .all(|qa| !qa.question.trim().is_empty() && !qa.answer.trim().is_empty());
    c.require(&doc, "questions", answered, "询问内容（问与答）");
    c.signatures(&d.signatures);
}

/// P6: host, at most two agents, host not an investigator; A7: the record is signed.
pub(super) fn hearing_record(c: &mut Checker, d: &HearingRecord) {
    let doc = c.doc();
    c.text(&doc, "cause", &d.cause, "案由");
    c.record_header(&d.header);
    c.text("P6", "host", &d.host, "听证主持人");
    c.party(&doc, &d.party, false);
    if d.agents.len() > 2 {
        c.invalid(
            "P6",
            "agents",
            "听证笔录：当事人委托代理人不得超过二人".to_owned(),
        );
    }
    c.officers(&doc, "investigators", &d.investigators, 1);
    let host = d.host.trim();
    if !host.is_empty() && d.investigators.iter().any(|o| o.name.trim() == host) {
        c.invalid(
            "P6",
            "host",
            "听证笔录：听证主持人不得由本案调查人员担任".to_owned(),
        );
    }
    c.text(&doc, "proceedings", &d.proceedings, "听证过程记载");
    c.signatures(&d.signatures);
}

/// P7: a collective decision by the heads, recorded and signed.
pub(super) fn collective_discussion(c: &mut Checker, d: &CollectiveDiscussion) {
    c.text("P7", "cause", &d.cause, "案由");
    c.party("P7", &d.party, false);
    c.text("P7", "place", &d.place, "地点");
    c.text("P7", "chair", &d.chair, "主持人");
    // A collective decision needs more than one head; the rulebook sets no larger quorum.
    let participants = d
        .participants
        .iter()
        .filter(|p| !p.trim().is_empty())
        .count();
    c.require(
        "P7",
        "participants",
        participants >= 2,
        "出席人员（二人以上）",
    );
    c.text("P7", "recorder", &d.recorder, "记录人");
    c.text("P7", "summary", &d.summary, "案情介绍");
    c.text("P7", "discussion", &d.discussion, "讨论意见");
    c.text("P7", "conclusion", &d.conclusion, "讨论决定");
    c.require(
        "P7",
        "participants_signed",
        d.participants_signed,
        "出席人员签名",
    );
}

/// P13 (S3 Art 24): the items by name and quantity, tied to the decision; A7 signatures.
pub(super) fn seizure_list(c: &mut Checker, d: &SeizureList) {
    c.text(
        "P13",
        "decision_number",
        &d.decision_number,
        "查封扣押决定书文号",
    );
    c.party("P13", &d.party, false);
    let items_ok = !d.items.is_empty()
        && d.items
            .iter()
            .all(|i| !i.name.trim().is_empty() && !i.quantity.trim().is_empty());
    c.require("P13", "items", items_ok, "物品名称及数量");
    c.text("P13", "place", &d.place, "查封扣押地点");
    c.officers("P13", "officers", &d.officers, 2);
    c.signatures(&d.signatures);
}

/// P10 (S7 Arts 87, 89): document, recipient, date, signature or seal; for 留置送达 the
/// refusal reason plus a witness or a photo/video record.
pub(super) fn service_receipt(c: &mut Checker, d: &ServiceReceipt) {
    let listed = !d.documents.is_empty() && d.documents.iter().all(|x| !x.title.trim().is_empty());
    c.require("P10", "documents", listed, "送达文书名称");
    c.text("P10", "recipient", &d.recipient, "受送达人");
    c.text("P10", "address", &d.address, "送达地址");
    c.require("P10", "received_on", d.received_on.is_some(), "收到日期");
    c.officers("P10", "servers", &d.servers, 1);
    if d.method == DeliveryMethod::Left {
        let reason = d
            .refusal_reason
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty());
        c.require("P10", "refusal_reason", reason, "拒收事由");
        let witnessed = d
            .witness
            .as_ref()
            .is_some_and(|w| !w.name.trim().is_empty());
        let recorded = d.av_record.as_deref().is_some_and(|r| !r.trim().is_empty());
        c.require(
            "P10",
            "witness",
            witnessed || recorded,
            "见证人签名或拍照、录像记录",
        );
    } else {
        c.require(
            "P10",
            "recipient_signed",
            d.recipient_signed,
            "受送达人签名或盖章",
        );
    }
    if let Some(w) = &d.witness {
        c.witness("witness.identity", w);
    }
}

/// `DOC-CLOSING-REPORT`: §10 names no elements; these are the SAMR form's fields.
pub(super) fn closing_report(c: &mut Checker, d: &ClosingReport) {
    let doc = c.doc();
    c.text(&doc, "case_number", &d.case_number, "案件编号");
    c.text(&doc, "cause", &d.cause, "案由");
    c.party(&doc, &d.party, false);
    c.text(&doc, "outcome", &d.outcome, "处理结果");
    c.text(&doc, "execution", &d.execution, "执行情况");
    c.officers(&doc, "officers", &d.officers, 2);
    c.opinion(&doc, "officer_opinion", &d.officer_opinion, "承办人意见");
    c.opinion(&doc, "head_approval", &d.head_approval, "负责人审批意见");
}
