//! End-to-end browser test: a staff member signs in to the console in headless Chromium,
//! registers an officer with a certificate and finds the officer through the list filter.
//!
//! Opt-in: runs only with `SANXIANG_BROWSER_TESTS=1` and needs Debian's `chromium` and
//! `chromium-driver` (`/usr/bin/chromium`, `/usr/bin/chromedriver`). When a step fails, a
//! screenshot named after the step is saved under `<target dir>/browser-screenshots/`.
#![allow(clippy::unwrap_used)]

mod common;

use std::future::Future;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Backend, PASSWORD, server};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long to wait for an element or a navigation.
const WAIT: Duration = Duration::from_secs(10);
/// How long one step may take in all (a hung browser fails the step instead of the run).
const STEP_TIMEOUT: Duration = Duration::from_secs(30);
/// How long chromedriver may take to start answering.
const DRIVER_START: Duration = Duration::from_secs(20);

const USER: &str = "head1";
const OFFICER_NAME: &str = "测试执法员";
const CERT_NO: &str = "43012120269999";
const CERT_CATEGORY: &str = "市场监管";
const CERT_AREA: &str = "示范县";
/// Valid on the harness's fixed date (2026-11-23), so the certificate shows as 有效.
const VALID_FROM: &str = "2024-01-01";
const VALID_UNTIL: &str = "2029-12-31";

#[tokio::test]
async fn browser_officer_signs_in_creates_an_officer_and_finds_it_in_the_list() {
    if std::env::var("SANXIANG_BROWSER_TESTS").as_deref() != Ok("1") {
        eprintln!(
            "SKIPPED browser test: set SANXIANG_BROWSER_TESTS=1 (needs chromium and chromium-driver)"
        );
        return;
    }
    let started = Instant::now();
    let s = server(Backend::Sqlite).await;
    let driver = Chromedriver::start().await;
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities(&driver.profile))
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("open a Chromium session through chromedriver");
    let shots = screenshot_dir();

    let flow = async {
        step("login", login(&client, &s.base)).await?;
        step("open-officer-form", open_officer_form(&client)).await?;
        step("fill-officer-form", fill_officer_form(&client)).await?;
        step("submit-officer-form", submit_officer_form(&client)).await?;
        step("filter-officer-list", filter_officer_list(&client, &s.base)).await?;
        step(
            "screenshot-officer-list",
            save_screenshot(&client, &shots.join("officer-list.png")),
        )
        .await
    };
    let outcome = flow.await;

    let failure = match outcome {
        Ok(()) => None,
        Err(f) => {
            let path = shots.join(format!("failed-{}.png", f.step));
            let shot = match tokio::time::timeout(WAIT, save_screenshot(&client, &path)).await {
                Ok(Ok(())) => format!("screenshot: {}", path.display()),
                Ok(Err(e)) => format!("no screenshot: {e}"),
                Err(_) => "no screenshot: the browser did not answer".to_owned(),
            };
            Some(format!(
                "browser step `{}` failed: {}\n{shot}",
                f.step, f.message
            ))
        }
    };
    // Always end the browser session, so that no Chromium outlives the test.
    if let Ok(Err(e)) = tokio::time::timeout(WAIT, client.close()).await {
        eprintln!("closing the browser session: {e}");
    }
    drop(driver);
    if let Some(message) = failure {
        panic!("{message}");
    }
    eprintln!(
        "browser test passed in {:.1} s; screenshot of the officer list: {}",
        started.elapsed().as_secs_f64(),
        shots.join("officer-list.png").display()
    );
}

// ---- steps -------------------------------------------------------------------------------

async fn login(client: &Client, base: &str) -> Result<(), String> {
    client
        .goto(&format!("{base}/console/login"))
        .await
        .ctx("open the login page")?;
    type_into(client, "#username", USER).await?;
    type_into(client, "#password", PASSWORD).await?;
    find(client, "#login-submit")
        .await?
        .click()
        .await
        .ctx("click #login-submit")?;
    // The login page has no `.who`; the signed-in frame shows the user's name there.
    let who = find(client, ".who").await?.text().await.ctx("read .who")?;
    if !who.contains(USER) {
        return Err(format!("the header shows “{who}”, not the user {USER}"));
    }
    let url = client.current_url().await.ctx("read the URL")?;
    if !url.path().ends_with("/console") {
        return Err(format!(
            "after signing in the browser is at {url}, not /console"
        ));
    }
    Ok(())
}

async fn open_officer_form(client: &Client) -> Result<(), String> {
    // The dashboard has no 新增 button: go to the officer list through the main navigation.
    find(client, "nav.main a[href='/console/officers']")
        .await?
        .click()
        .await
        .ctx("click 执法人员 in the navigation")?;
    find(client, "#new-officer")
        .await?
        .click()
        .await
        .ctx("click #new-officer")?;
    find(client, "#officer-form").await?;
    Ok(())
}

async fn fill_officer_form(client: &Client) -> Result<(), String> {
    type_into(client, "#name", OFFICER_NAME).await?;
    // Without an ID number the sex must be chosen.
    find(client, "#sex")
        .await?
        .select_by_value("M")
        .await
        .ctx("choose 男 in #sex")?;
    type_into(client, "#certificate_no", CERT_NO).await?;
    type_into(client, "#certificate_category", CERT_CATEGORY).await?;
    type_into(client, "#certificate_area", CERT_AREA).await?;
    // Typing into a date input depends on the browser's locale; set the value directly.
    set_by_script(client, "certificate_valid_from", VALID_FROM).await?;
    set_by_script(client, "certificate_valid_until", VALID_UNTIL).await
}

async fn submit_officer_form(client: &Client) -> Result<(), String> {
    find(client, "#officer-submit")
        .await?
        .click()
        .await
        .ctx("click #officer-submit")?;
    let is_officer_page = |path: &str| {
        path.strip_prefix("/console/officers/")
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
    };
    let deadline = Instant::now() + WAIT;
    loop {
        let url = client.current_url().await.ctx("read the URL")?;
        if is_officer_page(url.path()) {
            break;
        }
        // The form came back with messages (a failed POST renders at /console/officers): name them.
        let errors = match client.find(Locator::Css(".errors")).await {
            Ok(e) => Some(e.text().await.unwrap_or_default()),
            Err(_) => None,
        };
        if let Some(errors) = errors {
            return Err(format!("the form was refused at {url}: {errors}"));
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "the browser stayed at {url} instead of /console/officers/<id> after {WAIT:?}"
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    find(client, "h1").await?;
    let source = client.source().await.ctx("read the officer page")?;
    for expected in [OFFICER_NAME, CERT_NO] {
        if !source.contains(expected) {
            return Err(format!("the officer page does not show “{expected}”"));
        }
    }
    Ok(())
}

async fn filter_officer_list(client: &Client, base: &str) -> Result<(), String> {
    client
        .goto(&format!("{base}/console/officers"))
        .await
        .ctx("open the officer list")?;
    type_into(client, "#f-name", "测试").await?;
    find(client, "form.filters button[type=submit]")
        .await?
        .click()
        .await
        .ctx("submit the filter form")?;
    // The filter is a GET form: wait until the browser is at the filtered list.
    let deadline = Instant::now() + WAIT;
    loop {
        let url = client.current_url().await.ctx("read the URL")?;
        if url.path() == "/console/officers"
            && url.query_pairs().any(|(k, v)| k == "name" && v == "测试")
        {
            break;
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "the filter did not lead to /console/officers?name=测试; the browser is at {url}"
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let table = find(client, "#officer-list")
        .await?
        .text()
        .await
        .ctx("read #officer-list")?;
    for expected in [OFFICER_NAME, "有效"] {
        if !table.contains(expected) {
            return Err(format!(
                "#officer-list does not show “{expected}”:\n{table}"
            ));
        }
    }
    // "有效" is also in the column head 有效期至: check the status cell of the officer's row.
    let rows = client
        .find_all(Locator::Css("#officer-list tbody tr"))
        .await
        .ctx("find the list rows")?;
    if rows.len() != 1 {
        return Err(format!(
            "the filter 姓名=测试 shows {} rows, expected 1:\n{table}",
            rows.len()
        ));
    }
    let row = rows[0].text().await.ctx("read the row")?;
    if !row.contains(OFFICER_NAME) || !row.contains(CERT_NO) {
        return Err(format!(
            "the row does not show {OFFICER_NAME} {CERT_NO}: {row}"
        ));
    }
    let status = rows[0]
        .find(Locator::Css("td[class^='status-']"))
        .await
        .ctx("find the row's certificate status cell")?
        .text()
        .await
        .ctx("read the certificate status")?;
    if status.trim() != "有效" {
        return Err(format!(
            "the certificate status is “{status}”, expected 有效"
        ));
    }
    Ok(())
}

// ---- helpers -----------------------------------------------------------------------------

/// A failed step: its name (which also names the screenshot) and what went wrong.
struct Failure {
    step: &'static str,
    message: String,
}

/// Runs one named step with an overall time limit.
async fn step(
    name: &'static str,
    f: impl Future<Output = Result<(), String>>,
) -> Result<(), Failure> {
    match tokio::time::timeout(STEP_TIMEOUT, f).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(message)) => Err(Failure {
            step: name,
            message,
        }),
        Err(_) => Err(Failure {
            step: name,
            message: format!("did not finish within {STEP_TIMEOUT:?}"),
        }),
    }
}

trait Ctx<T> {
    /// The error as text, prefixed with what was being done.
    fn ctx(self, doing: &str) -> Result<T, String>;
}

impl<T, E: std::fmt::Display> Ctx<T> for Result<T, E> {
    fn ctx(self, doing: &str) -> Result<T, String> {
        self.map_err(|e| format!("{doing}: {e}"))
    }
}

/// Waits (up to [`WAIT`]) for an element to appear. When it does not, says what page the
/// browser shows instead.
async fn find(client: &Client, css: &str) -> Result<fantoccini::elements::Element, String> {
    match client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
    {
        Ok(e) => Ok(e),
        Err(e) => {
            let url = client
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default();
            let text = client
                .execute(
                    "return document.body ? document.body.innerText.slice(0, 400) : '';",
                    vec![],
                )
                .await
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            Err(format!(
                "no {css} within {WAIT:?} ({e}); the page at {url} shows:\n{}",
                text.trim()
            ))
        }
    }
}

/// Types into an input and checks that the input holds exactly the text.
async fn type_into(client: &Client, css: &str, text: &str) -> Result<(), String> {
    let input = find(client, css).await?;
    input.clear().await.ctx(&format!("clear {css}"))?;
    input
        .send_keys(text)
        .await
        .ctx(&format!("type into {css}"))?;
    let value = input
        .prop("value")
        .await
        .ctx(&format!("read {css}"))?
        .unwrap_or_default();
    if value != text {
        return Err(format!("{css} holds “{value}” after typing “{text}”"));
    }
    Ok(())
}

/// Sets an input's value by script (for date inputs) and checks that the browser took it.
async fn set_by_script(client: &Client, id: &str, value: &str) -> Result<(), String> {
    find(client, &format!("#{id}")).await?;
    let script = "const [id, value] = arguments;
        const e = document.getElementById(id);
        e.value = value;
        e.dispatchEvent(new Event('input', { bubbles: true }));
        e.dispatchEvent(new Event('change', { bubbles: true }));
        return e.value;";
    let got = client
        .execute(script, vec![json!(id), json!(value)])
        .await
        .ctx(&format!("set #{id}"))?;
    if got.as_str() != Some(value) {
        return Err(format!("#{id} holds {got} after setting “{value}”"));
    }
    Ok(())
}

async fn save_screenshot(client: &Client, path: &Path) -> Result<(), String> {
    let png = client.screenshot().await.ctx("take a screenshot")?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).ctx(&format!("create {}", dir.display()))?;
    }
    std::fs::write(path, png).ctx(&format!("write {}", path.display()))
}

/// `$CARGO_TARGET_DIR/browser-screenshots`, else `<workspace>/target/browser-screenshots`.
fn screenshot_dir() -> PathBuf {
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(2)
            .expect("workspace root")
            .join("target"),
    };
    target.join("browser-screenshots")
}

fn capabilities(profile: &Path) -> serde_json::Map<String, Value> {
    let args = [
        "--headless=new".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        // The machine has no internet: keep Chromium from reaching for it.
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--no-first-run".to_owned(),
        "--window-size=1280,900".to_owned(),
        format!("--user-data-dir={}", profile.display()),
    ];
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".to_owned(),
        json!({ "binary": CHROMIUM, "args": args }),
    );
    caps
}

/// A chromedriver child process on a free port, with a fresh Chromium profile directory.
/// Dropping it (also while a panic unwinds) kills the process and removes the profile.
struct Chromedriver {
    child: Child,
    port: u16,
    profile: PathBuf,
}

impl Chromedriver {
    async fn start() -> Chromedriver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("find a free port")
            .port();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let profile = std::env::temp_dir().join(format!(
            "sanxiang-chromium-{}-{port}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&profile).expect("create the Chromium profile directory");
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {CHROMEDRIVER} (install chromium-driver): {e}"));
        let mut driver = Chromedriver {
            child,
            port,
            profile,
        };
        let deadline = Instant::now() + DRIVER_START;
        while !driver.ready().await {
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!("chromedriver exited before answering: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer on port {port} within {DRIVER_START:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        driver
    }

    /// Whether `GET /status` answers with `"ready": true`.
    async fn ready(&self) -> bool {
        let Ok(mut stream) = tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await else {
            return false;
        };
        let request = format!(
            "GET /status HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        );
        // Read until the answer says it is ready: chromedriver may keep the connection open.
        let exchange = async {
            stream.write_all(request.as_bytes()).await?;
            let mut response = Vec::new();
            let mut buf = [0u8; 1024];
            loop {
                let n = stream.read(&mut buf).await?;
                if n == 0 {
                    return Ok::<bool, std::io::Error>(false);
                }
                response.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&response);
                if text.contains("\"ready\":true") || text.contains("\"ready\": true") {
                    return Ok(true);
                }
            }
        };
        matches!(
            tokio::time::timeout(Duration::from_secs(2), exchange).await,
            Ok(Ok(true))
        )
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
