//! Every text a request carries, checked at the edge (SEC-2, `core::text`): JSON and form bodies
//! are read once, each string value is checked under its field's name (NFC, no control or
//! invisible characters, line breaks only in texts of many lines, the field's maximum length)
//! and passed on in NFC. A refused text is a 422 naming the field; nothing reaches a use case.
//! Passwords pass untouched (their bytes are the secret). Uploads and imports (octet streams,
//! multipart) are not text and are checked where they are read.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use sanxiang_core::text::{TextError, accept};
use serde_json::Value;

/// Fields never normalised or checked: secrets, whose exact bytes matter.
fn untouched(field: &str) -> bool {
    let last = field.rsplit('.').next().unwrap_or(field);
    // `code`: the party's access code on /my-case.
    last.contains("password") || last == "pin" || field == "code"
}

enum Kind {
    Json,
    Form,
}

pub async fn hygiene(req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH) {
        return next.run(req).await;
    }
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let kind = if ct.starts_with("application/json") {
        Kind::Json
    } else if ct.starts_with("application/x-www-form-urlencoded") {
        Kind::Form
    } else {
        return next.run(req).await;
    };
    let api = req.uri().path().starts_with("/api/");
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, crate::router::BODY_LIMIT).await {
        Ok(b) => b,
        Err(e) => {
            tracing::info!(error = %e, "request body not read");
            return crate::error::edge_refusal(
                api,
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                None,
                format!(
                    "请求内容过大（最多{} MiB）或读取中断",
                    crate::router::BODY_LIMIT >> 20
                ),
            );
        }
    };
    let checked = match kind {
        Kind::Json => json_body(&bytes),
        Kind::Form => form_body(&bytes),
    };
    match checked {
        Ok(None) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Some(nfc)) => next.run(Request::from_parts(parts, Body::from(nfc))).await,
        Err((field, e)) => {
            tracing::info!(field = %field, error = ?e, "text refused");
            let message = format!("{field}：{}", e.message_zh());
            refuse(api, Some(field), message)
        }
    }
}

type Refusal = (String, TextError);

/// The body again in NFC when any value changed; `None` when it stands as sent. A body that is
/// not JSON passes on as it is (the handler names the syntax error).
fn json_body(bytes: &Bytes) -> Result<Option<Vec<u8>>, Refusal> {
    let Ok(mut v) = serde_json::from_slice::<Value>(bytes) else {
        return Ok(None);
    };
    let mut changed = false;
    walk(&mut v, &mut String::new(), &mut changed)?;
    Ok(changed.then(|| serde_json::to_vec(&v).unwrap_or_else(|_| bytes.to_vec())))
}

fn walk(v: &mut Value, path: &mut String, changed: &mut bool) -> Result<(), Refusal> {
    match v {
        Value::String(s) => {
            if untouched(path) {
                return Ok(());
            }
            match accept(path, s) {
                Ok(std::borrow::Cow::Borrowed(_)) => Ok(()),
                Ok(std::borrow::Cow::Owned(nfc)) => {
                    *s = nfc;
                    *changed = true;
                    Ok(())
                }
                Err(e) => Err((path.clone(), e)),
            }
        }
        Value::Array(items) => {
            let len = path.len();
            for (i, item) in items.iter_mut().enumerate() {
                path.push_str(&format!("[{i}]"));
                walk(item, path, changed)?;
                path.truncate(len);
            }
            Ok(())
        }
        Value::Object(map) => {
            let len = path.len();
            for (k, item) in map.iter_mut() {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                walk(item, path, changed)?;
                path.truncate(len);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn form_body(bytes: &Bytes) -> Result<Option<Vec<u8>>, Refusal> {
    let mut changed = false;
    let mut pairs = Vec::new();
    for (k, v) in form_urlencoded::parse(bytes) {
        let v = if untouched(&k) {
            v
        } else {
            match accept(&k, &v) {
                Ok(std::borrow::Cow::Borrowed(_)) => v,
                Ok(std::borrow::Cow::Owned(nfc)) => {
                    changed = true;
                    nfc.into()
                }
                Err(e) => return Err((k.into_owned(), e)),
            }
        };
        pairs.push((k, v));
    }
    Ok(changed.then(|| {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
            .into_bytes()
    }))
}

fn refuse(api: bool, field: Option<String>, message: String) -> Response {
    // On a console form the browser's back button returns to the form as it was filled.
    let message = if api {
        message
    } else {
        format!("{message}。请返回上一页修改，已填写的内容仍在。")
    };
    crate::error::edge_refusal(
        api,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_text",
        field,
        message,
    )
}
