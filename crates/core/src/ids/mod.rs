//! Identifiers: parse, don't validate.
//!
//! | type             | 中文             | standard            | rule of the last character          |
//! |------------------|------------------|---------------------|-------------------------------------|
//! | [`CreditCode`]   | 统一社会信用代码 | GB 32100-2015 (XG1) | MOD 31 over 17 chars; pos 17 is the embedded org code's own check |
//! | [`OrgCode`]      | 组织机构代码     | GB 11714-1997       | MOD 11, `X` for 10                  |
//! | [`IdNumber`]     | 公民身份号码     | GB 11643-1999       | ISO 7064 MOD 11-2, `X` for 10       |
//! | [`DivisionCode`] | 行政区划代码     | GB/T 2260           | must appear in the MCA history      |
//!
//! Each type has a private field, so holding one proves the value passed every check. Two entry
//! points:
//!
//! - `parse(&str) -> Result<T, IdError>` for input that must be valid (forms, API).
//! - `check(&str) -> Checked<T>` for values taken from real documents, which are often masked
//!   (`91430102**********`, `4301**********1234`): [`Checked::Masked`] keeps such a value
//!   without judging it; `parse` rejects it as [`IdError::Masked`].
//!
//! Input is trimmed, full-width characters (`０-９`, `Ａ-Ｚ`, `＊`) are folded to ASCII and letters
//! upper-cased; an organisation code may be written with a hyphen (`MA53A9UY-7`). A value counts as masked when it
//! has the right length, is not valid, and contains a run of at least four `*` or four `X`.
//!
//! Every [`IdError`] has a stable rule code for tests and clients (`ID-LENGTH`, `ID-CHARSET`,
//! `ID-CHECKSUM`, `ID-BIRTHDATE`, `ID-DIVISION`, `ID-RESERVED`, `ID-MASKED`), an English `Display`
//! for logs and a Chinese [`IdError::message_zh`], e.g. `校验码错误：第18位应为3，实为Z`.
//!
//! Division codes come from `data/divisions.csv`, the GB/T 2260 history since 1981 compiled by
//! yescallop/areacodes (CC0, see `data/divisions.LICENSE.txt`), embedded at compile time and
//! parsed on first use. Regenerate it with `data/make-divisions.py`. A code stays valid after it
//! is retired, because identifiers issued before keep it; NBS statistical codes such as 130171
//! are not division codes. The check algorithms, worked examples and pitfalls are in
//! `spec/identifiers.md`.

mod checked;
mod credit_code;
mod division;
mod division_table;
mod error;
mod id_number;
mod org_code;

pub use checked::{Checked, MaskedId};
pub use credit_code::CreditCode;
pub use division::{DivisionCode, DivisionLevel, DivisionStatus};
pub use error::IdError;
pub use id_number::{IdNumber, Sex};
pub use org_code::OrgCode;
