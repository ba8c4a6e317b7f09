//! Deterministic synthetic documents of realistic Chinese text, for benchmarks and demos.
//!
//! Names come from common surnames and given-name characters, agencies from Hunan counties and
//! enforcement departments, matters from action patterns (`对…的行政处罚`, `…许可`) with legal
//! bases such as `《中华人民共和国食品安全法》第一百二十二条`. The same seed gives the same
//! documents, so figures are comparable between runs.

use crate::doc::{DocKind, SearchDoc};

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
    "欧阳", "司马",
];

const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "文", "辉", "玲", "鹏", "宇", "浩",
    "婷", "雪", "琳", "晨", "欣", "怡", "佳", "子", "涵", "俊", "志", "红", "海", "波", "斌", "倩",
    "亮", "峰", "燕", "萍", "丹", "凯", "云", "龙", "新", "春", "雨", "晓", "兰", "梅", "瑞", "昊",
];

/// (county, its six-digit division code).
const COUNTIES: &[(&str, &str)] = &[
    ("长沙市芙蓉区", "430102"),
    ("长沙市天心区", "430103"),
    ("长沙市岳麓区", "430104"),
    ("长沙市开福区", "430105"),
    ("长沙市雨花区", "430111"),
    ("长沙市望城区", "430112"),
    ("长沙县", "430121"),
    ("浏阳市", "430181"),
    ("宁乡市", "430182"),
    ("株洲市荷塘区", "430202"),
    ("株洲市芦淞区", "430203"),
    ("株洲市石峰区", "430204"),
    ("株洲市天元区", "430211"),
    ("攸县", "430223"),
    ("茶陵县", "430224"),
    ("醴陵市", "430281"),
    ("湘潭市雨湖区", "430302"),
    ("湘潭市岳塘区", "430304"),
    ("湘潭县", "430321"),
    ("湘乡市", "430381"),
    ("韶山市", "430382"),
    ("衡阳市珠晖区", "430405"),
    ("衡阳市雁峰区", "430406"),
    ("衡阳县", "430421"),
    ("衡南县", "430422"),
    ("衡山县", "430423"),
    ("耒阳市", "430481"),
    ("常宁市", "430482"),
    ("邵阳市双清区", "430502"),
    ("邵东市", "430582"),
    ("武冈市", "430581"),
    ("岳阳市岳阳楼区", "430602"),
    ("岳阳县", "430621"),
    ("华容县", "430623"),
    ("平江县", "430626"),
    ("汨罗市", "430681"),
    ("临湘市", "430682"),
    ("常德市武陵区", "430702"),
    ("常德市鼎城区", "430703"),
    ("汉寿县", "430722"),
    ("桃源县", "430725"),
    ("津市市", "430781"),
    ("张家界市永定区", "430802"),
    ("慈利县", "430821"),
    ("益阳市赫山区", "430903"),
    ("桃江县", "430922"),
    ("安化县", "430923"),
    ("沅江市", "430981"),
    ("郴州市北湖区", "431002"),
    ("桂阳县", "431021"),
    ("资兴市", "431081"),
    ("永州市冷水滩区", "431103"),
    ("祁阳市", "431182"),
    ("怀化市鹤城区", "431202"),
    ("洪江市", "431281"),
    ("娄底市娄星区", "431302"),
    ("冷水江市", "431381"),
    ("涟源市", "431382"),
    ("吉首市", "433101"),
    ("凤凰县", "433123"),
];

/// (department, the law it mostly enforces).
const DEPARTMENTS: &[(&str, &str)] = &[
    ("市场监督管理局", "中华人民共和国食品安全法"),
    ("综合行政执法局", "城市市容和环境卫生管理条例"),
    ("生态环境局", "中华人民共和国大气污染防治法"),
    ("交通运输局", "中华人民共和国道路运输条例"),
    ("农业农村局", "中华人民共和国农产品质量安全法"),
    ("文化旅游广电局", "中华人民共和国旅游法"),
    ("卫生健康局", "公共场所卫生管理条例"),
    ("应急管理局", "中华人民共和国安全生产法"),
    ("自然资源局", "中华人民共和国土地管理法"),
    ("住房和城乡建设局", "中华人民共和国建筑法"),
    ("水利局", "中华人民共和国水法"),
    ("林业局", "中华人民共和国森林法"),
    ("人力资源和社会保障局", "劳动保障监察条例"),
    ("医疗保障局", "医疗保障基金使用监督管理条例"),
    ("商务局", "单用途商业预付卡管理办法"),
    ("教育局", "中华人民共和国民办教育促进法"),
    ("民政局", "社会组织登记管理条例"),
    ("司法局", "中华人民共和国律师法"),
    ("药品监督管理局", "中华人民共和国药品管理法"),
    ("城市管理局", "城市市容和环境卫生管理条例"),
    ("消防救援大队", "中华人民共和国消防法"),
    ("统计局", "中华人民共和国统计法"),
    ("气象局", "中华人民共和国气象法"),
    ("烟草专卖局", "中华人民共和国烟草专卖法"),
    ("体育局", "中华人民共和国体育法"),
];

const OFFENCES: &[&str] = &[
    "未取得食品经营许可从事食品经营活动",
    "经营超过保质期的食品",
    "生产经营不符合食品安全标准的食品",
    "未按规定进行进货查验",
    "虚假宣传误导消费者",
    "销售不合格产品",
    "使用未经检验的特种设备",
    "未按规定办理特种设备使用登记",
    "擅自占用城市道路经营",
    "未按规定设置户外广告",
    "超标排放大气污染物",
    "未批先建",
    "无证从事道路运输经营",
    "超限超载运输",
    "使用禁用农药",
    "销售假劣种子",
    "未取得卫生许可证经营公共场所",
    "未落实安全生产主体责任",
    "非法占用耕地",
    "未取得施工许可证擅自施工",
    "拒不配合行政检查",
    "违法收集使用个人信息",
    "拖欠劳动者工资",
    "骗取医疗保障基金",
    "无照经营",
    "价格欺诈",
    "违规储存危险化学品",
    "非法采伐林木",
    "违法排放污水",
    "随意倾倒建筑垃圾",
];

const LICENCES: &[&str] = &[
    "食品经营许可",
    "食品生产许可",
    "药品经营许可",
    "医疗器械经营许可",
    "特种设备使用登记",
    "工业产品生产许可",
    "公共场所卫生许可",
    "道路运输经营许可",
    "建筑工程施工许可",
    "取水许可",
    "排污许可",
    "林木采伐许可",
    "户外广告设置许可",
    "城市道路占用许可",
    "危险化学品经营许可",
    "烟花爆竹经营许可",
    "出版物经营许可",
    "娱乐场所经营许可",
    "民办学校办学许可",
    "人力资源服务许可",
];

const MEASURES: &[&str] = &[
    "查封扣押",
    "责令停产停业",
    "先行登记保存",
    "冻结存款",
    "强制拆除",
    "代履行",
];

const CHECKS: &[&str] = &[
    "双随机一公开抽查",
    "日常监督检查",
    "专项检查",
    "飞行检查",
    "监督抽检",
];

const CN_DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// SplitMix64: tiny, deterministic, good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // Modulo bias is irrelevant for test data.
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = self.below(items.len());
        items.get(i).copied().unwrap_or_default()
    }
}

/// Chinese numeral for an article number (1..=999), as laws write it: 一百二十二.
pub fn chinese_number(n: u32) -> String {
    let digit = |d: u32| CN_DIGITS.get(d as usize).copied().unwrap_or_default();
    let (h, t, u) = (n / 100 % 10, n / 10 % 10, n % 10);
    let mut s = String::new();
    if h > 0 {
        s.push_str(digit(h));
        s.push('百');
    }
    if t > 0 {
        if !(h == 0 && t == 1) {
            s.push_str(digit(t));
        }
        s.push('十');
    } else if h > 0 && u > 0 {
        s.push('零');
    }
    if u > 0 || s.is_empty() {
        s.push_str(digit(u));
    }
    s
}

/// Name of agency number `i` (unique for `i` below counties × departments = 1,500).
pub fn agency_name(i: usize) -> String {
    let (county, _) = COUNTIES
        .get(i % COUNTIES.len())
        .copied()
        .unwrap_or_default();
    let (dept, _) = DEPARTMENTS
        .get(i / COUNTIES.len() % DEPARTMENTS.len())
        .copied()
        .unwrap_or_default();
    format!("{county}{dept}")
}

fn agency_parts(i: usize) -> (&'static str, &'static str, &'static str, &'static str) {
    let (county, code) = COUNTIES
        .get(i % COUNTIES.len())
        .copied()
        .unwrap_or_default();
    let (dept, law) = DEPARTMENTS
        .get(i / COUNTIES.len() % DEPARTMENTS.len())
        .copied()
        .unwrap_or_default();
    (county, code, dept, law)
}

/// Agency documents `agency:0…`.
pub fn agencies(n: usize) -> impl Iterator<Item = SearchDoc> {
    (0..n).map(|i| {
        let (county, code, dept, law) = agency_parts(i);
        let mut name = format!("{county}{dept}");
        if i >= COUNTIES.len() * DEPARTMENTS.len() {
            name.push_str(&format!("第{}分局", chinese_number((i / 1500 % 999) as u32 + 1)));
        }
        SearchDoc {
            key: format!("agency:{i}"),
            kind: DocKind::Agency,
            body: format!(
                "{name}是{county}人民政府的行政执法主体，行政区划代码{code}，主要执法依据《{law}》，\
                 依法实施行政处罚、行政检查和行政强制，执法结果向社会公示。"
            ),
            url: format!("/agencies/{i}"),
            agency: Some(name.clone()),
            subtitle: Some(format!("行政执法主体 · {county}")),
            title: name,
        }
    })
}

/// Officer documents `officer:0…`, each with a 14-digit certificate number (division code,
/// year, sequence), spread over `agencies` agencies.
pub fn officers(n: usize, agencies: usize, seed: u64) -> impl Iterator<Item = SearchDoc> {
    let mut rng = Rng::new(seed ^ 0x0FF1);
    (0..n).map(move |i| {
        let name = officer_name(&mut rng);
        let a = rng.below(agencies.max(1));
        let agency = agency_name(a);
        let (_, code, dept, _) = agency_parts(a);
        let cert = certificate_number(code, i);
        let years = 1 + rng.below(20);
        SearchDoc {
            key: format!("officer:{i}"),
            kind: DocKind::Officer,
            title: format!("{name} {cert}"),
            body: format!(
                "{name}，{agency}行政执法人员，执法证号{cert}，执法门类：{}，从事行政执法工作{years}年，\
                 经培训考试合格取得行政执法证件。",
                dept.trim_end_matches('局')
            ),
            url: format!("/officers/{i}"),
            agency: Some(agency.clone()),
            subtitle: Some(format!("执法证号 {cert} · {agency}")),
        }
    })
}

fn officer_name(rng: &mut Rng) -> String {
    let mut name = rng.pick(SURNAMES).to_owned();
    name.push_str(rng.pick(GIVEN));
    if rng.below(3) > 0 {
        name.push_str(rng.pick(GIVEN));
    }
    name
}

/// Certificate number of officer `i`: division code, year, four-digit sequence.
pub fn certificate_number(division_code: &str, i: usize) -> String {
    format!("{division_code}{}{:04}", 2015 + i / 10_000 % 11, i % 10_000)
}

/// Enforcement-matter documents `matter:0…`, spread over `agencies` agencies.
pub fn matters(n: usize, agencies: usize, seed: u64) -> impl Iterator<Item = SearchDoc> {
    let mut rng = Rng::new(seed ^ 0x3A77);
    (0..n).map(move |i| {
        let a = rng.below(agencies.max(1));
        let agency = agency_name(a);
        let (_, _, _, law) = agency_parts(a);
        let article = chinese_number(1 + rng.below(150) as u32);
        let (title, category) = match rng.below(4) {
            0 => (format!("对{}的行政处罚", rng.pick(OFFENCES)), "行政处罚"),
            1 => (rng.pick(LICENCES).to_owned(), "行政许可"),
            2 => (
                format!("对{}的{}", rng.pick(OFFENCES), rng.pick(MEASURES)),
                "行政强制",
            ),
            _ => (
                format!(
                    "{}{}",
                    rng.pick(LICENCES).trim_end_matches("许可"),
                    rng.pick(CHECKS)
                ),
                "行政检查",
            ),
        };
        SearchDoc {
            key: format!("matter:{i}"),
            kind: DocKind::Matter,
            body: format!(
                "事项类别：{category}。实施主体：{agency}。设定依据：《{law}》第{article}条。\
                 办理流程：立案、调查取证、法制审核、集体讨论、作出决定、送达、执行。"
            ),
            url: format!("/matters/{i}"),
            agency: Some(agency),
            subtitle: Some(format!("{category} · 《{law}》第{article}条")),
            title,
        }
    })
}

/// The benchmark corpus: agencies, then officers, then matters.
pub fn corpus(
    agencies_n: usize,
    officers_n: usize,
    matters_n: usize,
    seed: u64,
) -> impl Iterator<Item = SearchDoc> {
    agencies(agencies_n)
        .chain(officers(officers_n, agencies_n, seed))
        .chain(matters(matters_n, agencies_n, seed))
}

/// `n` portal-like queries: officer names and surnames, some of `certificates` (numbers of
/// indexed officers), matter words and partial words, agency names.
pub fn queries(n: usize, certificates: &[String], seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed ^ 0x9E5E);
    (0..n)
        .map(|_| match rng.below(6) {
            0 => officer_name(&mut rng),
            1 => rng.pick(SURNAMES).to_owned(),
            2 => certificates
                .get(rng.below(certificates.len()))
                .cloned()
                .unwrap_or_default(),
            3 => rng.pick(LICENCES).to_owned(),
            4 => {
                let offence = rng.pick(OFFENCES);
                offence.chars().skip(2).take(4).collect()
            }
            _ => agency_name(rng.below(1_500)),
        })
        .collect()
}
