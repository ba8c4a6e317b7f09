//! The party's own access (CASE-6): with the case number and the per-case access code printed on
//! the 送达回证, a party sees the documents served on it and downloads them, without an account.
//!
//! The code is derived, not stored: HMAC-SM3 under a key derived from the deployment's seal key
//! over the case number, shown as ten characters of an alphabet without look-alikes (about 49
//! bits). The web layer limits attempts per address; a wrong code and an unknown case number get
//! the same answer. Every party read is logged under the case.

use hmac::{Hmac, KeyInit, Mac};
use sanxiang_store::entity::cases;
use sanxiang_store::repo;
use sanxiang_store::repo::audit::AuditEntry;

use crate::instruments::IssuedInstrument;
use crate::{App, AppError};

type HmacSm3 = Hmac<sm3::Sm3>;

/// No 0/O, 1/I/L: read off paper and typed on a phone.
const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LEN: usize = 10;

/// What a party sees of its case.
pub struct PartyCase {
    pub case: cases::Model,
    pub agency: String,
    /// The documents of acts that were served on the party, in act order.
    pub served: Vec<IssuedInstrument>,
}

/// A party's read, logged under the case (no account: the actor is "当事人").
fn party_audit(action: &str, case_id: i64) -> AuditEntry {
    AuditEntry {
        actor_id: None,
        actor_name: "当事人".into(),
        actor_role: "party".into(),
        action: action.to_owned(),
        entity: "case".into(),
        entity_id: Some(case_id),
        ..AuditEntry::default()
    }
}

/// `ABCDE-FGHJK` or `abcdefghjk` → the ten code characters (or none when malformed).
pub fn normalize_code(input: &str) -> Option<String> {
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

impl App {
    fn party_mac(&self, domain: &str, message: &[u8]) -> Result<HmacSm3, AppError> {
        let key = self.seal_key();
        // A key of its own for this purpose, derived from the seal key by one SM4 block.
        let mut label = [0u8; 16];
        for (i, b) in domain.bytes().take(16).enumerate() {
            label[i] = b;
        }
        let subkey = key.encrypt_block(label);
        let mut mac = HmacSm3::new_from_slice(&subkey)
            .map_err(|e| AppError::Internal(format!("party access key: {e}")))?;
        mac.update(message);
        Ok(mac)
    }

    /// The access code of a case as printed: two groups of five characters, e.g. `7K3MQ-9XH2D`.
    pub fn party_access_code(&self, case_no: &str) -> Result<String, AppError> {
        let digest = self
            .party_mac("party-access/v1", case_no.as_bytes())?
            .finalize()
            .into_bytes();
        let chars: String = digest
            .iter()
            .take(CODE_LEN)
            .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
            .collect();
        Ok(format!("{}-{}", &chars[..5], &chars[5..]))
    }

    /// A token binding a browser to one case until `expires` (Unix seconds): `id.expires.mac`.
    pub fn party_token(&self, case_id: i64, expires: i64) -> Result<String, AppError> {
        let mac = self
            .party_mac("party-token/v1", format!("{case_id}.{expires}").as_bytes())?
            .finalize()
            .into_bytes();
        Ok(format!("{case_id}.{expires}.{}", hex::encode(mac)))
    }

    /// The case a token grants, if it is genuine and not expired.
    pub fn party_token_case(&self, token: &str) -> Option<i64> {
        let mut parts = token.splitn(3, '.');
        let (id, expires, mac) = (parts.next()?, parts.next()?, parts.next()?);
        let (case_id, exp) = (id.parse::<i64>().ok()?, expires.parse::<i64>().ok()?);
        if exp < self.now().timestamp() {
            return None;
        }
        let mac = hex::decode(mac).ok()?;
        let check = self
            .party_mac("party-token/v1", format!("{case_id}.{exp}").as_bytes())
            .ok()?;
        check.verify_slice(&mac).ok().map(|()| case_id)
    }

    /// CASE-6: the case `case_no` if `code` is its access code (compared in constant time).
    pub async fn party_open(&self, case_no: &str, code: &str) -> Result<cases::Model, AppError> {
        let refused = || {
            AppError::invalid(sanxiang_core::rule::Violation::hard(
                "CASE-6",
                Some("code"),
                "案号或查询码不正确",
            ))
        };
        let case_no = case_no.trim();
        let code = normalize_code(code).ok_or_else(refused)?;
        let mac = self.party_mac("party-access/v1", case_no.as_bytes())?;
        let expected = self.party_access_code(case_no)?.replace('-', "");
        // Constant-time comparison through the MAC of both strings.
        let ok = {
            let mut a = mac.clone();
            a.update(expected.as_bytes());
            let mut b = mac;
            b.update(code.as_bytes());
            b.verify_slice(&a.finalize().into_bytes()).is_ok()
        };
        let case = repo::cases::by_case_no(self.store().db(), case_no).await?;
        match case {
            Some(c) if ok => {
                repo::audit::append(
                    self.store().db(),
                    party_audit("party.open", c.id),
                    self.now(),
                )
                .await?;
                Ok(c)
            }
            _ => Err(refused()),
        }
    }

    /// The party's view of its case: the documents of the acts served on it.
    pub async fn party_case(&self, case_id: i64) -> Result<PartyCase, AppError> {
        let db = self.store().db();
        let case = repo::cases::get(db, &sanxiang_core::auth::Scope::All, case_id).await?;
        let (_, state) = self.load_acts(&case).await?;
        let agency = repo::agencies::get(db, &sanxiang_core::auth::Scope::All, case.agency_id)
            .await?
            .name;
        let served = self
            .instruments_of(case.id)
            .await?
            .into_iter()
            .filter(|i| u64::try_from(i.act_seq).is_ok_and(|seq| state.served.contains_key(&seq)))
            .collect();
        Ok(PartyCase {
            case,
            agency,
            served,
        })
    }

    /// One served document's PDF for the party; the read is logged under the case.
    pub async fn party_document(
        &self,
        case_id: i64,
        sm3: &str,
    ) -> Result<(IssuedInstrument, Vec<u8>), AppError> {
        let view = self.party_case(case_id).await?;
        if !view.served.iter().any(|i| i.sm3 == sm3) {
            return Err(AppError::NotFound);
        }
        let (row, bytes) = self.instrument_bytes(case_id, sm3).await?;
        let mut audit = party_audit("party.instrument_read", case_id);
        audit.after = Some(serde_json::json!({"sm3": row.sm3, "number": row.number}));
        repo::audit::append(self.store().db(), audit, self.now()).await?;
        Ok((IssuedInstrument::of(&row), bytes))
    }
}
