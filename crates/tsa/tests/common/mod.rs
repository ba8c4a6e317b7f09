//! A throw-away RFC 3161 TSA run with the `openssl` CLI: a CA, a TSA certificate with a
//! critical extendedKeyUsage timeStamping, and an `openssl ts` configuration, all inside a
//! caller-given temporary directory. Reused by other crates' tests to serve a loopback TSA.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// How the test TSA is built.
#[derive(Debug, Clone)]
pub struct TsaOptions {
    /// `P-256` or `P-384` (both CA and TSA key).
    pub curve: &'static str,
    /// Digest of the CMS signature (`signer_digest`).
    pub signer_digest: &'static str,
    /// `sha1` gives ESSCertID (SigningCertificate), anything else ESSCertIDv2.
    pub ess_cert_id_alg: &'static str,
    /// Whether the EKU extension is marked critical (RFC 3161 requires it).
    pub eku_critical: bool,
    /// Subject CN of the CA, so that two CAs are distinguishable.
    pub ca_name: &'static str,
    /// Decimal digits of genTime fractions.
    pub clock_precision_digits: u8,
}

impl Default for TsaOptions {
    fn default() -> Self {
        Self {
            curve: "P-256",
            signer_digest: "sha256",
            ess_cert_id_alg: "sha1",
            eku_critical: true,
            ca_name: "Sanxiang Test CA",
            clock_precision_digits: 0,
        }
    }
}

/// The files of a test TSA and the means to ask it for time-stamps.
pub struct TestTsa {
    pub dir: PathBuf,
    pub ca_pem: PathBuf,
    pub ca_key: PathBuf,
    pub tsa_pem: PathBuf,
    pub tsa_key: PathBuf,
    pub config: PathBuf,
    /// `openssl ts` updates one serial file: replies are serialised.
    lock: Mutex<()>,
    counter: AtomicU64,
}

/// The openssl binary; fails the test loudly when it is missing (never a silent pass).
pub fn openssl() -> &'static str {
    let ok = Command::new("openssl")
        .arg("version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "the `openssl` command (OpenSSL 3.0) is required by these tests: install it (apt-get install openssl)"
    );
    "openssl"
}

/// Runs openssl with `args` in `dir`; panics with its stderr on failure.
pub fn run_openssl(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new(openssl())
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openssl {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

impl TestTsa {
    /// A P-256 CA and TSA with the default options in `dir`.
    pub fn create(dir: &Path) -> Self {
        Self::create_with(dir, &TsaOptions::default())
    }

    /// A CA and TSA in `dir` built as `opts` says.
    pub fn create_with(dir: &Path, opts: &TsaOptions) -> Self {
        let p = |name: &str| dir.join(name);
        let curve = format!("ec_paramgen_curve:{}", opts.curve);
        run_openssl(
            dir,
            &[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                &curve,
                "-out",
                "ca.key",
            ],
        );
        run_openssl(
            dir,
            &[
                "req",
                "-x509",
                "-new",
                "-key",
                "ca.key",
                "-subj",
                &format!("/CN={}", opts.ca_name),
                "-days",
                "3650",
                "-out",
                "ca.pem",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        run_openssl(
            dir,
            &[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                &curve,
                "-out",
                "tsa.key",
            ],
        );
        run_openssl(
            dir,
            &[
                "req",
                "-new",
                "-key",
                "tsa.key",
                "-subj",
                "/O=Sanxiang/CN=Sanxiang Test TSA",
                "-out",
                "tsa.csr",
            ],
        );
        let critical = if opts.eku_critical { "critical," } else { "" };
        std::fs::write(
            p("tsa_ext.cnf"),
            format!(
                "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n\
                 extendedKeyUsage={critical}timeStamping\nsubjectKeyIdentifier=hash\n"
            ),
        )
        .unwrap();
        run_openssl(
            dir,
            &[
                "x509",
                "-req",
                "-in",
                "tsa.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-set_serial",
                "4660",
                "-days",
                "365",
                "-extfile",
                "tsa_ext.cnf",
                "-out",
                "tsa.pem",
            ],
        );
        std::fs::write(p("tsaserial"), "01\n").unwrap();
        let config = format!(
            "[ tsa ]\ndefault_tsa = tsa_config1\n\n[ tsa_config1 ]\n\
             dir = {dir}\nserial = $dir/tsaserial\ncrypto_device = builtin\n\
             signer_cert = $dir/tsa.pem\ncerts = $dir/ca.pem\nsigner_key = $dir/tsa.key\n\
             signer_digest = {digest}\ndefault_policy = 1.2.156.1.3161.1\nother_policies = 1.2.3.4.5\n\
             digests = sm3, sha256, sha384, sha512\naccuracy = secs:1, millisecs:500, microsecs:100\n\
             clock_precision_digits = {digits}\nordering = yes\ntsa_name = yes\n\
             ess_cert_id_chain = no\ness_cert_id_alg = {ess}\n",
            dir = dir.display(),
            digest = opts.signer_digest,
            digits = opts.clock_precision_digits,
            ess = opts.ess_cert_id_alg,
        );
        std::fs::write(p("tsa.cnf"), config).unwrap();
        Self {
            dir: dir.to_path_buf(),
            ca_pem: p("ca.pem"),
            ca_key: p("ca.key"),
            tsa_pem: p("tsa.pem"),
            tsa_key: p("tsa.key"),
            config: p("tsa.cnf"),
            lock: Mutex::new(()),
            counter: AtomicU64::new(0),
        }
    }

    fn scratch(&self, ext: &str) -> PathBuf {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        self.dir.join(format!("call{n}.{ext}"))
    }

    fn ts_reply(&self, request_der: &[u8], token_only: bool) -> Vec<u8> {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let (req, out) = (self.scratch("tsq"), self.scratch("tsr"));
        std::fs::write(&req, request_der).unwrap();
        let mut args = vec![
            "ts",
            "-reply",
            "-config",
            self.config.to_str().unwrap(),
            "-queryfile",
            req.to_str().unwrap(),
            "-out",
            out.to_str().unwrap(),
        ];
        if token_only {
            args.push("-token_out");
        }
        run_openssl(&self.dir, &args);
        std::fs::read(&out).unwrap()
    }

    /// The TimeStampResp DER for a TimeStampReq DER (`application/timestamp-reply`).
    pub fn reply(&self, request_der: &[u8]) -> Vec<u8> {
        self.ts_reply(request_der, false)
    }

    /// The bare TimeStampToken (CMS ContentInfo) DER for a request.
    pub fn reply_token(&self, request_der: &[u8]) -> Vec<u8> {
        self.ts_reply(request_der, true)
    }

    /// The CA certificate as PEM text, to build trust anchors from.
    pub fn ca_pem_text(&self) -> String {
        std::fs::read_to_string(&self.ca_pem).unwrap()
    }

    /// Runs `openssl ts -verify` on a request/response pair; true when OpenSSL accepts it.
    pub fn openssl_verifies(&self, request_der: &[u8], response_der: &[u8]) -> bool {
        let (req, resp) = (self.scratch("tsq"), self.scratch("tsr"));
        std::fs::write(&req, request_der).unwrap();
        std::fs::write(&resp, response_der).unwrap();
        let out = Command::new(openssl())
            .args([
                "ts",
                "-verify",
                "-in",
                resp.to_str().unwrap(),
                "-queryfile",
                req.to_str().unwrap(),
                "-CAfile",
                self.ca_pem.to_str().unwrap(),
            ])
            .current_dir(&self.dir)
            .output()
            .unwrap();
        out.status.success()
    }
}
