//! Identifier rules: every worked example and pitfall of `spec/identifiers.md`.
//! Tests assert rule codes and fields, not wording, except where the wording is the contract
//! (`校验码错误`).
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use sanxiang_core::ids::{
    Checked, CreditCode, DivisionCode, DivisionLevel, DivisionStatus, IdError, IdNumber, OrgCode,
    Sex,
};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("test date")
}

fn division(code: &str) -> DivisionCode {
    DivisionCode::parse(code).expect("division in the history")
}

// ---- 统一社会信用代码 ------------------------------------------------------------------------

#[test]
fn the_standards_example_with_check_z_is_rejected_with_expected_3() {
    let error = CreditCode::parse("91350100M000100Y4Z").expect_err("Z is the wrong check");
    assert_eq!(
        error,
        IdError::Checksum {
            position: 18,
            expected: '3',
            found: 'Z'
        }
    );
    assert_eq!(error.rule(), "ID-CHECKSUM");
    assert!(error.message_zh().contains("校验码错误"));
    assert_eq!(error.message_zh(), "校验码错误：第18位应为3，实为Z");
}

#[test]
fn the_standards_example_with_check_3_is_valid() {
    let code = CreditCode::parse("91350100M000100Y43").expect("valid");
    assert_eq!(code.as_str(), "91350100M000100Y43");
    assert_eq!(code.registration_authority(), '9');
    assert_eq!(code.category(), '1');
    assert_eq!(code.region(), "350100");
    assert_eq!(code.org_code().as_str(), "M000100Y4");
    assert_eq!(code.org_code().to_string(), "M000100Y-4");
}

#[test]
fn a_real_enterprise_code_from_a_published_decision_is_valid() {
    let code = CreditCode::parse("911306840787827947").expect("valid");
    let region = code.division().expect("130684 is a division");
    assert_eq!(region.name(), "高碑店市");
    assert_eq!(region.full_name(), "河北省保定市高碑店市");
    assert_eq!(code.org_code().to_string(), "07878279-4");
}

#[test]
fn a_credit_code_with_a_retired_region_is_valid_and_reports_the_successor() {
    let code = CreditCode::parse("91410381MA9FD4K73U").expect("valid");
    let region = code.division().expect("410381 is in the history");
    assert_eq!(region.name(), "偃师市");
    assert_eq!(region.full_name(), "河南省洛阳市偃师市");
    assert_eq!(
        region.status(),
        DivisionStatus::Retired {
            since: 2021,
            replaced_by: vec![division("410307")]
        }
    );
    assert!(!region.is_in_use());
    assert_eq!(division("410307").name(), "偃师区");
}

#[test]
fn the_embedded_org_code_is_checked_with_the_gb_11714_value_table() {
    // MA53A9UY: with M=22, Y=34 (GB 11714) the check is 7; with the GB 32100 values (M=21, Y=30)
    // it would be 8. A code built with the wrong table has a correct pos 18 but a wrong pos 17.
    assert_eq!(OrgCode::compute_check_char("MA53A9UY"), Some('7'));
    assert!(CreditCode::parse("91430102MA53A9UY73").is_ok());
    assert_eq!(
        CreditCode::parse("91430102MA53A9UY86"),
        Err(IdError::Checksum {
            position: 17,
            expected: '7',
            found: '8'
        })
    );
}

#[test]
fn the_embedded_org_code_of_the_standards_example_checks_to_4() {
    assert_eq!(OrgCode::compute_check_char("M000100Y"), Some('4'));
    assert_eq!(
        CreditCode::compute_check_char("91350100M000100Y4"),
        Some('3')
    );
}

#[test]
fn a_credit_code_whose_region_is_unknown_is_still_valid() {
    let code = CreditCode::parse("91999999078782794C").expect("region is not covered by a check");
    assert_eq!(code.region(), "999999");
    assert_eq!(code.division(), None);
}

#[test]
fn an_nbs_statistical_code_is_not_a_credit_code_region() {
    let code = CreditCode::parse("91130171078782794J").expect("valid checks");
    assert_eq!(code.division(), None);
}

#[test]
fn credit_code_letters_outside_the_31_symbols_are_illegal() {
    for (input, bad) in [("91350100M000100I43", 'I'), ("91350100O000100Y43", 'O')] {
        let error = CreditCode::parse(input).expect_err("illegal letter");
        assert_eq!(error.rule(), "ID-CHARSET");
        assert!(matches!(error, IdError::IllegalChar { found, .. } if found == bad));
    }
    assert_eq!(
        CreditCode::parse("91350100M000100S43"),
        Err(IdError::IllegalChar {
            position: 16,
            found: 'S'
        })
    );
}

#[test]
fn a_credit_code_of_the_wrong_length_is_rejected() {
    assert_eq!(
        CreditCode::parse("91350100M000100Y4"),
        Err(IdError::Length {
            expected: 18,
            found: 17
        })
    );
    assert_eq!(
        CreditCode::parse("").map_err(|e| e.rule()),
        Err("ID-LENGTH")
    );
}

#[test]
fn full_width_lower_case_and_blanks_are_normalised() {
    let code = CreditCode::parse("  ９１３５０１００ｍ０００１００ｙ４３\u{3000}").expect("valid");
    assert_eq!(code.as_str(), "91350100M000100Y43");
    assert_eq!(
        CreditCode::parse("91350100m000100y43").map(String::from),
        Ok("91350100M000100Y43".to_owned())
    );
}

#[test]
fn a_credit_code_embedding_a_reserved_org_code_is_rejected() {
    let error = CreditCode::parse("91430102PDY00001XH").expect_err("reserved");
    assert_eq!(error.rule(), "ID-RESERVED");
}

#[test]
fn a_credit_code_is_masked_for_display_keeping_8_and_2() {
    let code = CreditCode::parse("91350100M000100Y43").expect("valid");
    assert_eq!(code.masked(), "91350100********43");
}

#[test]
fn masked_credit_codes_from_published_decisions_are_masked() {
    for input in [
        "91430102**********",
        "913101173245******",
        "91430681XXXXXXXXXX",
        "91430681xxxxxxxxxx",
        "９１４３０１０２＊＊＊＊＊＊＊＊＊＊",
    ] {
        match CreditCode::check(input) {
            Checked::Masked(masked) => assert_eq!(masked.as_str().chars().count(), 18),
            other => panic!("{input} should be masked, got {other:?}"),
        }
        assert_eq!(CreditCode::parse(input), Err(IdError::Masked));
        assert_eq!(IdError::Masked.rule(), "ID-MASKED");
    }
}

#[test]
fn a_mask_of_the_wrong_length_is_invalid_not_masked() {
    let checked = CreditCode::check("91430102********");
    assert!(checked.is_invalid());
    assert_eq!(
        checked.into_result().map_err(|e| e.rule()),
        Err("ID-LENGTH")
    );
}

#[test]
fn a_valid_credit_code_containing_xxxx_stays_valid_but_a_typo_in_it_reads_as_a_mask() {
    // X is a GB 32100 symbol, so a real code may hold `XXXX`; only when the checks fail is the run
    // taken for a mask (found by the property tests).
    assert!(CreditCode::check("91430102MAXXXX12X2").is_valid());
    assert!(CreditCode::check("91430103MAXXXX12X2").is_masked());
}

#[test]
fn three_mask_characters_are_not_a_mask() {
    assert!(CreditCode::check("91350100M000100***").is_invalid());
}

#[test]
fn credit_codes_round_trip_through_serde_as_strings() {
    let code = CreditCode::parse("911306840787827947").expect("valid");
    let json = serde_json::to_string(&code).expect("serialise");
    assert_eq!(json, "\"911306840787827947\"");
    let back: CreditCode = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, code);
    assert!(serde_json::from_str::<CreditCode>("\"91350100M000100Y4Z\"").is_err());
}

// ---- 组织机构代码 --------------------------------------------------------------------------

#[test]
fn org_codes_are_accepted_with_or_without_the_hyphen() {
    for input in ["07878279-4", "078782794", "０７８７８２７９－４"] {
        let code = OrgCode::parse(input).expect("valid");
        assert_eq!(code.as_str(), "078782794");
        assert_eq!(code.to_string(), "07878279-4");
        assert_eq!(code.body(), "07878279");
        assert_eq!(code.check_char(), '4');
    }
}

#[test]
fn org_codes_from_real_credit_codes_are_valid() {
    for input in ["MA53A9UY-7", "MA9FD4K7-3", "M000100Y-4"] {
        assert!(OrgCode::parse(input).is_ok(), "{input}");
    }
}

#[test]
fn an_org_code_with_a_wrong_check_reports_position_9() {
    let error = OrgCode::parse("07878279-5").expect_err("wrong check");
    assert_eq!(
        error,
        IdError::Checksum {
            position: 9,
            expected: '4',
            found: '5'
        }
    );
    assert_eq!(error.message_zh(), "校验码错误：第9位应为4，实为5");
}

#[test]
fn an_org_code_check_of_10_is_written_x() {
    assert_eq!(OrgCode::compute_check_char("MA9FD4K7"), Some('3'));
    assert_eq!(OrgCode::compute_check_char("PDY00001"), Some('X'));
}

#[test]
fn reserved_org_codes_pdy00001_to_pdy99999_are_rejected() {
    let error = OrgCode::parse("PDY00001-X").expect_err("reserved");
    assert_eq!(
        error,
        IdError::Reserved {
            body: "PDY00001".to_owned()
        }
    );
    assert_eq!(error.rule(), "ID-RESERVED");
    assert_eq!(
        OrgCode::parse("PDY99999-4").map_err(|e| e.rule()),
        Err("ID-RESERVED")
    );
    // PDY00000 is outside the reserved range.
    assert!(OrgCode::parse("PDY00000-1").is_ok());
}

#[test]
fn gb_11714_misses_a_substitution_by_eleven_which_is_why_it_is_not_trusted_alone() {
    // '0' (value 0) and 'B' (value 11) differ by 11: the sum mod 11 is unchanged.
    assert!(OrgCode::parse("B7878279-4").is_ok());
    // Inside a credit code the GB 32100 check still catches it.
    assert_eq!(
        CreditCode::parse("91130684B787827947").map_err(|e| e.rule()),
        Err("ID-CHECKSUM")
    );
}

#[test]
fn a_hyphen_anywhere_else_in_an_org_code_is_not_removed() {
    assert_eq!(
        OrgCode::parse("0787-82794"),
        Err(IdError::Length {
            expected: 9,
            found: 10
        })
    );
    assert_eq!(
        OrgCode::parse("0787-8279"),
        Err(IdError::IllegalChar {
            position: 5,
            found: '-'
        })
    );
}

#[test]
fn masked_org_codes_are_masked() {
    assert!(OrgCode::check("0787****-4").is_masked());
    assert!(OrgCode::check("*********").is_masked());
}

// ---- 公民身份号码 --------------------------------------------------------------------------

#[test]
fn the_standards_id_example_is_valid_and_female() {
    let id = IdNumber::parse("11010519491231002X").expect("valid");
    assert_eq!(id.birth_date(), date(1949, 12, 31));
    assert_eq!(id.sex(), Sex::Female);
    assert_eq!(id.sex().label_zh(), "女");
    assert_eq!(id.division(), division("110105"));
    assert_eq!(id.division().full_name(), "北京市朝阳区");
    assert_eq!(id.masked(), "110105********002X");
}

#[test]
fn a_lower_case_x_check_is_accepted() {
    let id = IdNumber::parse("11010519491231002x").expect("valid");
    assert_eq!(id.as_str(), "11010519491231002X");
}

#[test]
fn an_address_code_retired_before_the_number_was_issued_is_accepted() {
    // 440524 潮阳县 existed 1983-1993 only; the holder was born in 1880.
    let id = IdNumber::parse("440524188001010014").expect("valid");
    assert_eq!(id.sex(), Sex::Male);
    assert_eq!(id.birth_date(), date(1880, 1, 1));
    assert!(!id.address_in_use_at_birth());
    assert!(matches!(
        id.division().status(),
        DivisionStatus::Retired { since: 1993, .. }
    ));
    // Births before 1981, where the history starts, are compared with the 1981 list.
    assert!(
        IdNumber::parse("11010519491231002X")
            .expect("valid")
            .address_in_use_at_birth()
    );
    // 410381 偃师市 existed 1993-2021.
    assert!(
        !IdNumber::parse("410381199001010019")
            .expect("valid")
            .address_in_use_at_birth()
    );
}

#[test]
fn an_id_with_a_wrong_check_reports_the_expected_character() {
    let error = IdNumber::parse("110105194912310021").expect_err("wrong check");
    assert_eq!(
        error,
        IdError::Checksum {
            position: 18,
            expected: 'X',
            found: '1'
        }
    );
    assert!(error.message_zh().contains("校验码错误"));
}

#[test]
fn a_birth_date_of_29_february_2019_is_invalid() {
    let error = IdNumber::parse("110105201902290013").expect_err("2019 is not a leap year");
    assert_eq!(
        error,
        IdError::BirthDate {
            digits: "20190229".to_owned()
        }
    );
    assert_eq!(error.rule(), "ID-BIRTHDATE");
    assert!(IdNumber::parse("110105202002290012").is_ok());
}

#[test]
fn a_birth_date_before_1850_is_invalid() {
    assert_eq!(
        IdNumber::parse("110105184912310012").map_err(|e| e.rule()),
        Err("ID-BIRTHDATE")
    );
}

#[test]
fn an_id_with_an_nbs_only_address_code_is_rejected() {
    let error = IdNumber::parse("130171198001010013").expect_err("130171 is not a division");
    assert_eq!(
        error,
        IdError::UnknownDivision {
            code: "130171".to_owned()
        }
    );
    assert_eq!(error.rule(), "ID-DIVISION");
}

#[test]
fn a_letter_other_than_x_in_the_last_position_is_a_wrong_check_character() {
    assert_eq!(
        IdNumber::parse("11010519491231002Y"),
        Err(IdError::Checksum {
            position: 18,
            expected: 'X',
            found: 'Y'
        })
    );
}

#[test]
fn an_x_before_the_last_position_is_illegal() {
    assert_eq!(
        IdNumber::parse("1101051949123100X2"),
        Err(IdError::IllegalChar {
            position: 17,
            found: 'X'
        })
    );
}

#[test]
fn masked_id_numbers_are_masked() {
    for input in [
        "4301**********1234",
        "430102********123X",
        "430102XXXXXXXX1234",
    ] {
        assert!(IdNumber::check(input).is_masked(), "{input}");
        assert_eq!(IdNumber::parse(input), Err(IdError::Masked));
    }
}

#[test]
fn a_fifteen_digit_number_is_upgraded_to_eighteen() {
    let id = IdNumber::parse_legacy15("110105491231002").expect("valid");
    assert_eq!(id.as_str(), "11010519491231002X");
    assert_eq!(
        IdNumber::parse_legacy15("11010549123100"),
        Err(IdError::Length {
            expected: 15,
            found: 14
        })
    );
    assert_eq!(
        IdNumber::parse_legacy15("110105190229001").map_err(|e| e.rule()),
        Err("ID-BIRTHDATE")
    );
}

#[test]
fn an_id_number_debug_output_is_masked() {
    let id = IdNumber::parse("430102199003071234").expect("valid");
    assert_eq!(format!("{id:?}"), "IdNumber(430102********1234)");
    assert_eq!(id.to_string(), "430102199003071234");
}

#[test]
fn id_numbers_round_trip_through_serde_as_strings() {
    let id = IdNumber::parse("11010519491231002X").expect("valid");
    let json = serde_json::to_string(&id).expect("serialise");
    assert_eq!(json, "\"11010519491231002X\"");
    assert_eq!(
        serde_json::from_str::<IdNumber>(&json).expect("deserialise"),
        id
    );
}

// ---- 行政区划代码 --------------------------------------------------------------------------

#[test]
fn an_nbs_only_code_is_not_a_division() {
    let error = DivisionCode::parse("130171").expect_err("NBS development zone");
    assert_eq!(error.rule(), "ID-DIVISION");
    assert_eq!(error.message_zh(), "行政区划代码“130171”不存在");
}

#[test]
fn a_division_knows_its_level_parents_and_full_name() {
    let furong = division("430102");
    assert_eq!(furong.name(), "芙蓉区");
    assert_eq!(furong.level(), DivisionLevel::County);
    assert_eq!(furong.province(), Some(division("430000")));
    assert_eq!(furong.prefecture(), Some(division("430100")));
    assert_eq!(furong.full_name(), "湖南省长沙市芙蓉区");
    assert_eq!(furong.status(), DivisionStatus::InUse);
    // 430102 was 东区 until 1996.
    assert_eq!(furong.name_in(1990), Some("东区"));
    assert_eq!(furong.name_in(1980), None);

    let changsha = division("430100");
    assert_eq!(changsha.level(), DivisionLevel::Prefecture);
    assert_eq!(changsha.prefecture(), Some(changsha));
    assert_eq!(changsha.full_name(), "湖南省长沙市");

    let hunan = division("430000");
    assert_eq!(hunan.level(), DivisionLevel::Province);
    assert_eq!(hunan.province(), Some(hunan));
    assert_eq!(hunan.prefecture(), None);
    assert_eq!(hunan.full_name(), "湖南省");
}

#[test]
fn counties_directly_under_a_province_have_no_prefecture() {
    assert_eq!(division("110105").prefecture(), None);
    assert_eq!(division("429004").full_name(), "湖北省仙桃市");
    // Hainan's 4600xx counties are not under the province code 460000 as a prefecture.
    assert_eq!(division("460029").prefecture(), None);
    assert_eq!(division("460029").full_name(), "海南省儋县");
}

#[test]
fn a_full_name_uses_the_parent_names_of_its_own_time() {
    // 422801 恩施市 under 恩施土家族苗族自治州 (renamed from 鄂西土家族苗族自治州 in 1993).
    assert_eq!(
        division("422801").full_name(),
        "湖北省恩施土家族苗族自治州恩施市"
    );
    // 110103 崇文区, retired 2010 into 东城区.
    assert_eq!(division("110103").full_name(), "北京市崇文区");
}

#[test]
fn a_split_division_lists_every_successor() {
    assert_eq!(
        division("130103").status(),
        DivisionStatus::Retired {
            since: 2014,
            replaced_by: vec![division("130102"), division("130104")]
        }
    );
    // 130124 栾城县 lost part of its area to 130108 in 2001; in 2014 it became 130111.
    assert_eq!(
        division("130124").status(),
        DivisionStatus::Retired {
            since: 2014,
            replaced_by: vec![division("130111")]
        }
    );
}

#[test]
fn division_codes_are_six_digits() {
    assert_eq!(
        DivisionCode::parse("43010"),
        Err(IdError::Length {
            expected: 6,
            found: 5
        })
    );
    assert_eq!(
        DivisionCode::parse("43010A"),
        Err(IdError::IllegalChar {
            position: 6,
            found: 'A'
        })
    );
    assert_eq!(
        DivisionCode::parse(" ４３０１０２ "),
        Ok(division("430102"))
    );
    assert!(DivisionCode::check("43****").is_masked());
}

#[test]
fn the_history_covers_current_and_retired_codes() {
    let all: Vec<DivisionCode> = DivisionCode::all().collect();
    assert!(all.windows(2).all(|w| w[0].as_str() < w[1].as_str()));
    let in_use = all.iter().filter(|d| d.is_in_use()).count();
    // mca-areacodes-2024.txt lists 3213 codes.
    assert_eq!(in_use, 3213);
    assert!(all.len() > in_use);
}

#[test]
fn division_codes_round_trip_through_serde_as_strings() {
    let code = division("410381");
    assert_eq!(
        serde_json::to_string(&code).expect("serialise"),
        "\"410381\""
    );
    assert_eq!(
        serde_json::from_str::<DivisionCode>("\"410381\"").expect("deserialise"),
        code
    );
    assert!(serde_json::from_str::<DivisionCode>("\"130171\"").is_err());
}

// ---- errors --------------------------------------------------------------------------------

#[test]
fn every_error_has_a_rule_code_and_a_chinese_message() {
    let errors = [
        IdError::Length {
            expected: 18,
            found: 3,
        },
        IdError::IllegalChar {
            position: 1,
            found: '甲',
        },
        IdError::Checksum {
            position: 18,
            expected: '3',
            found: 'Z',
        },
        IdError::BirthDate {
            digits: "20190229".to_owned(),
        },
        IdError::UnknownDivision {
            code: "130171".to_owned(),
        },
        IdError::Reserved {
            body: "PDY00001".to_owned(),
        },
        IdError::Masked,
    ];
    let rules: Vec<&str> = errors.iter().map(IdError::rule).collect();
    assert_eq!(
        rules,
        [
            "ID-LENGTH",
            "ID-CHARSET",
            "ID-CHECKSUM",
            "ID-BIRTHDATE",
            "ID-DIVISION",
            "ID-RESERVED",
            "ID-MASKED"
        ]
    );
    for error in &errors {
        assert!(!error.message_zh().is_empty());
        assert!(!error.to_string().is_empty());
        let violation = error.to_violation(Some("credit_code"));
        assert_eq!(violation.rule, error.rule());
        assert!(violation.is_hard());
    }
}
