#![allow(clippy::unwrap_used, dead_code)]

use sanxiang_search::{DocKind, SearchDoc, SearchIndex, SearchQuery, SearchResults};

pub fn doc(key: &str, kind: DocKind, title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        key: key.to_owned(),
        kind,
        title: title.to_owned(),
        body: body.to_owned(),
        url: format!("/{}", key.replace(':', "/")),
        agency: Some("长沙市岳麓区市场监督管理局".to_owned()),
        subtitle: None,
    }
}

/// A small portal: matters sharing words, officers sharing surnames, agencies.
pub fn sample() -> Vec<SearchDoc> {
    vec![
        doc(
            "matter:1",
            DocKind::Matter,
            "对未取得食品经营许可从事食品经营活动的行政处罚",
            "设定依据：《中华人民共和国食品安全法》第一百二十二条。",
        ),
        doc(
            "matter:2",
            DocKind::Matter,
            "食品经营许可",
            "事项类别：行政许可。设定依据：《中华人民共和国食品安全法》第三十五条。",
        ),
        doc(
            "matter:3",
            DocKind::Matter,
            "食品经营许可证延续",
            "事项类别：行政许可。食品经营许可证有效期届满需要延续的，依法办理。",
        ),
        doc(
            "matter:4",
            DocKind::Matter,
            "对使用未经检验的特种设备的查封扣押",
            "事项类别：行政强制。设定依据：《中华人民共和国特种设备安全法》第六十一条。",
        ),
        doc(
            "officer:1",
            DocKind::Officer,
            "王伟 43010020230001",
            "王伟，长沙市岳麓区市场监督管理局行政执法人员，执法证号43010020230001。",
        ),
        doc(
            "officer:2",
            DocKind::Officer,
            "李娜 43010020230002",
            "李娜，长沙市岳麓区市场监督管理局行政执法人员，执法证号43010020230002。",
        ),
        doc(
            "officer:3",
            DocKind::Officer,
            "王芳 43010020230003",
            "王芳，长沙市岳麓区综合行政执法局行政执法人员，执法证号43010020230003。",
        ),
        doc(
            "agency:1",
            DocKind::Agency,
            "长沙市岳麓区市场监督管理局",
            "长沙市岳麓区人民政府的行政执法主体，依法实施食品安全监督检查。",
        ),
    ]
}

pub fn index_with(docs: Vec<SearchDoc>) -> SearchIndex {
    let index = SearchIndex::in_ram().unwrap();
    index.rebuild(docs).unwrap();
    index
}

pub fn search(index: &SearchIndex, text: &str) -> SearchResults {
    index.search(&SearchQuery::new(text)).unwrap()
}

pub fn keys(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.key.as_str()).collect()
}
