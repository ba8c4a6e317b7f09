//! Configuration: defaults → `sanxiang.toml` → `SANXIANG_*` environment. Each setting is
//! declared once here; the defaults need no file at all.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use sanxiang_core::case::local_rules::{LocalRules, LocalRulesFile};
use sanxiang_core::instrument::NumberPattern;
use serde::{Deserialize, Serialize};

/// The example local rules, which the demo runs with.
const EXAMPLE_LOCAL_RULES: &str = include_str!("../../../config/local-rules.example.toml");

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the SQLite database (and later evidence files) live. `SANXIANG_DATA_DIR`.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means SQLite in `data_dir`. `SANXIANG_DATABASE_URL`.
    pub database_url: String,
    /// Listen address. `SANXIANG_LISTEN`.
    pub listen: String,
    /// `text` or `json`. `SANXIANG_LOG_FORMAT`.
    pub log_format: String,
    /// Mark session cookies `Secure` (set when served over HTTPS). `SANXIANG_SECURE_COOKIES`.
    pub secure_cookies: bool,
    /// A second listen address serving only `/metrics` to any client (for a monitoring agent on
    /// another host); empty means none: `/metrics` then answers loopback clients only.
    /// `SANXIANG_METRICS_LISTEN`.
    pub metrics_listen: String,
    /// Seconds a client has to send a request's headers, and that a kept-alive connection may
    /// sit idle. `SANXIANG_HEADER_TIMEOUT_SECS`.
    pub header_timeout_secs: u64,
    /// Seconds a request body may pause between two pieces. `SANXIANG_BODY_IDLE_TIMEOUT_SECS`.
    pub body_idle_timeout_secs: u64,
    /// Open connections one client address may hold. `SANXIANG_MAX_CONNECTIONS_PER_CLIENT`.
    pub max_connections_per_client: usize,
    /// Hash of a new ledger: `sm3` (default) or `sha256`; an existing log keeps its own.
    /// `SANXIANG_LEDGER_HASH`.
    pub ledger_hash: String,
    /// The origin line of the log's checkpoints (a unique name, e.g. a host and path).
    /// `SANXIANG_LEDGER_ORIGIN`.
    pub ledger_origin: String,
    /// SM2 signer key file for checkpoints (`sanxiang ledger keygen`); empty means
    /// `<data_dir>/ledger/<origin>.sm2.key`, generated on first start. `SANXIANG_LEDGER_KEY`.
    pub ledger_key: String,
    /// Optional Ed25519 signer key file: checkpoints are then also signed with it (note key type
    /// 0x01, which standard tools verify). `SANXIANG_LEDGER_ED25519_KEY`.
    pub ledger_ed25519_key: String,
    /// Witnesses that must cosign a checkpoint before it is published: entries separated by `;`
    /// or newlines, each `URL VERIFIER-KEY`. `SANXIANG_LEDGER_WITNESSES`.
    pub ledger_witnesses: String,
    /// How many of the witnesses must cosign (default: all). `SANXIANG_LEDGER_WITNESS_QUORUM`.
    pub ledger_witness_quorum: Option<usize>,
    /// RFC 3161 time-stamping authority URL; empty means none. `SANXIANG_LEDGER_TSA_URL`.
    pub ledger_tsa_url: String,
    /// PEM file with the TSA's trust anchor certificate(s). `SANXIANG_LEDGER_TSA_CA`.
    pub ledger_tsa_ca: String,
    /// SM4 key (32 hex digits) sealing case records at rest; empty means
    /// `<data_dir>/keys/seal.key`, generated on first start. `SANXIANG_SEAL_KEY`.
    pub seal_key: String,
    /// Directories whose fonts render documents (文书); one must cover Chinese, or issuing
    /// fails with a clear message while the server runs on. `SANXIANG_DOCGEN_FONT_DIRS`
    /// (`[dir1, dir2]`).
    pub docgen_font_dirs: Vec<PathBuf>,
    /// Document number pattern (`{简称}{字}〔{年}〕{序号}号`). `SANXIANG_INSTRUMENT_NUMBER_PATTERN`.
    pub instrument_number_pattern: String,
    /// Local case rules (hearing thresholds, reply period, extensions …; see
    /// `config/local-rules.example.toml`), checked against the statutes when read; empty means
    /// none (the demo then uses the example). `SANXIANG_LOCAL_RULES`.
    pub local_rules: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("data"),
            database_url: String::new(),
            listen: "127.0.0.1:8080".to_owned(),
            log_format: "text".to_owned(),
            secure_cookies: false,
            metrics_listen: String::new(),
            header_timeout_secs: 15,
            body_idle_timeout_secs: 30,
            max_connections_per_client: 256,
            ledger_hash: "sm3".to_owned(),
            ledger_origin: "sanxiang.local/log".to_owned(),
            ledger_key: String::new(),
            ledger_ed25519_key: String::new(),
            ledger_witnesses: String::new(),
            ledger_witness_quorum: None,
            ledger_tsa_url: String::new(),
            ledger_tsa_ca: String::new(),
            seal_key: String::new(),
            docgen_font_dirs: sanxiang_docgen::DEFAULT_FONT_DIRS
                .iter()
                .map(PathBuf::from)
                .collect(),
            instrument_number_pattern: NumberPattern::DEFAULT.to_owned(),
            local_rules: String::new(),
        }
    }
}

const KEYS: &[&str] = &[
    "data_dir",
    "database_url",
    "listen",
    "log_format",
    "secure_cookies",
    "metrics_listen",
    "header_timeout_secs",
    "body_idle_timeout_secs",
    "max_connections_per_client",
    "ledger_hash",
    "ledger_origin",
    "ledger_key",
    "ledger_ed25519_key",
    "ledger_witnesses",
    "ledger_witness_quorum",
    "ledger_tsa_url",
    "ledger_tsa_ca",
    "seal_key",
    "docgen_font_dirs",
    "instrument_number_pattern",
    "local_rules",
];

impl Config {
    /// Loads the layered configuration; `file` defaults to `sanxiang.toml` in the working dir.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Config> {
        let file = file
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("sanxiang.toml"));
        let cfg: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(&file))
            .merge(Env::prefixed("SANXIANG_").only(KEYS))
            .extract()
            .map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))?;
        if !matches!(cfg.log_format.as_str(), "text" | "json") {
            anyhow::bail!(
                "invalid configuration: log_format must be `text` or `json`, got `{}`",
                cfg.log_format
            );
        }
        if cfg
            .ledger_hash
            .parse::<sanxiang_ledger::hash::HashAlg>()
            .is_err()
        {
            anyhow::bail!(
                "invalid configuration: ledger_hash must be `sm3` or `sha256`, got `{}`",
                cfg.ledger_hash
            );
        }
        cfg.number_pattern()?;
        if cfg.header_timeout_secs == 0
            || cfg.body_idle_timeout_secs == 0
            || cfg.max_connections_per_client == 0
        {
            anyhow::bail!(
                "invalid configuration: header_timeout_secs, body_idle_timeout_secs and \
                 max_connections_per_client must be at least 1"
            );
        }
        Ok(cfg)
    }

    /// The connection limits of the server.
    pub fn limits(&self) -> sanxiang_web::Limits {
        sanxiang_web::Limits {
            header_timeout: std::time::Duration::from_secs(self.header_timeout_secs),
            body_idle_timeout: std::time::Duration::from_secs(self.body_idle_timeout_secs),
            max_connections_per_client: self.max_connections_per_client,
        }
    }

    /// The parsed `instrument_number_pattern`.
    pub fn number_pattern(&self) -> anyhow::Result<NumberPattern> {
        NumberPattern::parse(&self.instrument_number_pattern).map_err(|e| {
            anyhow::anyhow!(
                "invalid configuration: instrument_number_pattern: {} / {e}",
                e.message_zh()
            )
        })
    }

    /// The local case rules: the configured file (or, for the demo, the example), each value
    /// checked against its statute; a contradiction stops the start naming the rule and article.
    pub fn local_rules(&self, demo: bool) -> anyhow::Result<LocalRules> {
        let (name, file) = if self.local_rules.trim().is_empty() {
            if !demo {
                return Ok(LocalRules::default());
            }
            (
                "local-rules.example.toml".to_owned(),
                Figment::from(Toml::string(EXAMPLE_LOCAL_RULES)),
            )
        } else {
            let path = PathBuf::from(self.local_rules.trim());
            if !path.is_file() {
                anyhow::bail!(
                    "invalid configuration: local_rules: no such file {} / 找不到本地规则文件",
                    path.display()
                );
            }
            (path.display().to_string(), Figment::from(Toml::file(&path)))
        };
        let parsed: LocalRulesFile = file.extract().map_err(|e| {
            anyhow::anyhow!("invalid configuration: local_rules {name}: {e} / 本地规则文件格式错误")
        })?;
        parsed.check().map_err(|problems| {
            let lines: Vec<String> = problems
                .iter()
                .map(|v| format!("  [{}] {}", v.rule, v.message))
                .collect();
            anyhow::anyhow!(
                "invalid configuration: local_rules {name} contradicts the statutes / 本地规则与法律规定不符:\n{}",
                lines.join("\n")
            )
        })
    }

    /// The database URL, defaulting to SQLite under the data directory.
    pub fn database_url(&self) -> anyhow::Result<String> {
        if !self.database_url.trim().is_empty() {
            return Ok(self.database_url.trim().to_owned());
        }
        std::fs::create_dir_all(&self.data_dir).map_err(|e| {
            anyhow::anyhow!(
                "cannot create data directory {}: {e}",
                self.data_dir.display()
            )
        })?;
        Ok(format!(
            "sqlite://{}?mode=rwc",
            self.data_dir.join("sanxiang.db").display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_need_no_file() {
        let c = Config::load(Some(Path::new("/nonexistent/sanxiang.toml"))).expect("defaults load");
        assert_eq!(c.listen, "127.0.0.1:8080");
        assert_eq!(c.log_format, "text");
    }

    #[test]
    fn every_setting_has_its_environment_variable() {
        // figment reads only the listed keys from SANXIANG_*; a forgotten one would be ignored.
        let fields = serde_json::to_value(Config::default()).expect("serialises");
        let mut names: Vec<&str> = fields
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        names.sort_unstable();
        let mut keys = KEYS.to_vec();
        keys.sort_unstable();
        assert_eq!(names, keys);
    }

    #[test]
    fn every_setting_is_in_the_readme_configuration_table() {
        let readme = include_str!("../../../README.md");
        for key in KEYS {
            let env = format!("SANXIANG_{}", key.to_ascii_uppercase());
            assert!(
                readme.contains(&format!("| `{key}` | `{env}` |")),
                "README's configuration table lacks `{key}`"
            );
        }
    }

    #[test]
    fn a_bad_instrument_number_pattern_stops_loading_with_its_chinese_reason() {
        let file = std::env::temp_dir().join(format!("sanxiang-cfg-{}.toml", std::process::id()));
        std::fs::write(
            &file,
            "instrument_number_pattern = \"{简称}罚〔{年}〕号\"\n",
        )
        .unwrap();
        let err = Config::load(Some(&file)).unwrap_err().to_string();
        let _ = std::fs::remove_file(&file);
        assert!(err.contains("instrument_number_pattern"), "{err}");
        assert!(err.contains("文号格式必须包含 {序号}"), "{err}");
    }

    #[test]
    fn documents_default_to_debian_font_dirs_and_the_national_number_form() {
        let c = Config::load(Some(Path::new("/nonexistent/sanxiang.toml"))).expect("defaults load");
        assert_eq!(
            c.docgen_font_dirs.first(),
            Some(&PathBuf::from("/usr/share/fonts/opentype/noto"))
        );
        let p = c.number_pattern().expect("default pattern parses");
        assert_eq!(p.format("湘潭市监", "罚", 2026, 7), "湘潭市监罚〔2026〕7号");
    }
}
