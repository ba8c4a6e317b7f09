// Resumable evidence upload for the console (CASE-4). The file is hashed nowhere here: the
// server computes SM3 and SHA-256 while it stores the parts. Parts of 4 MiB are sent one after
// another; a dropped connection is retried with backoff, and an upload begun earlier (same file
// name, size and modification time, remembered in localStorage) resumes from what the server
// says it has received. Without JavaScript the page says so and offers the API.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) return;
  var caseId = form.getAttribute("data-case");
  var input = document.getElementById("upload-file");
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  var CHUNK = 4 * 1024 * 1024;
  document.getElementById("upload-nojs").hidden = true;
  form.hidden = false;

  function say(text) { status.textContent = text; }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  function key(f) { return "sx-upload:" + caseId + ":" + f.name + ":" + f.size + ":" + f.lastModified; }

  async function call(method, url, body, type) {
    var opts = { method: method, credentials: "same-origin", headers: {} };
    if (body !== undefined) { opts.body = body; opts.headers["Content-Type"] = type; }
    var r = await fetch(url, opts);
    var json = null;
    try { json = await r.json(); } catch (e) { json = null; }
    if (!r.ok) {
      var msg = json && json.error ? json.error.message + (json.error.rule ? "（" + json.error.rule + "）" : "") : "服务器返回 " + r.status;
      var err = new Error(msg);
      err.status = r.status;
      throw err;
    }
    return json;
  }

  // Retries network failures and 5xx answers; a 4xx is the user's to fix and stops the upload.
  async function retrying(what, fn) {
    for (var attempt = 0; ; attempt++) {
      try { return await fn(); } catch (e) {
        if (e.status && e.status < 500) throw e;
        var wait = Math.min(30000, 1000 * Math.pow(2, attempt));
        say(what + "中断，" + Math.round(wait / 1000) + "秒后自动重试（已重试" + attempt + "次）……");
        await sleep(wait);
      }
    }
  }

  function missingParts(st, size) {
    var parts = [];
    for (var off = 0; off < size; off += CHUNK) {
      var end = Math.min(size, off + CHUNK);
      var have = st.received.some(function (r) { return r[0] <= off && r[1] >= end; });
      if (!have) parts.push([off, end]);
    }
    return parts;
  }

  async function begin(f) {
    var id = localStorage.getItem(key(f));
    if (id) {
      try {
        var st = await call("GET", "/api/v1/evidence/uploads/" + id);
        return st;
      } catch (e) { localStorage.removeItem(key(f)); }
    }
    var meta = {
      content_type: f.type || null,
      file_name: f.name,
      device_serial: document.getElementById("upload-device").value || null,
      capture_start_ms: null, capture_end_ms: null, gps: null, gaps: []
    };
    var start = document.getElementById("upload-start").value;
    var end = document.getElementById("upload-end").value;
    if (start) meta.capture_start_ms = new Date(start + ":00+08:00").getTime();
    if (end) meta.capture_end_ms = new Date(end + ":00+08:00").getTime();
    var created = await call("POST", "/api/v1/cases/" + caseId + "/evidence/uploads",
      JSON.stringify({ size: f.size, metadata: meta }), "application/json");
    localStorage.setItem(key(f), created.id);
    return created;
  }

  form.addEventListener("submit", async function (ev) {
    ev.preventDefault();
    var f = input.files && input.files[0];
    if (!f) { say("请选择文件"); return; }
    var button = form.querySelector("button");
    button.disabled = true;
    try {
      var st = await retrying("建立上传", function () { return begin(f); });
      var parts = missingParts(st, f.size);
      var done = f.size - parts.reduce(function (n, p) { return n + p[1] - p[0]; }, 0);
      bar.max = f.size || 1;
      bar.value = done;
      if (done > 0) say("继续上次未完成的上传：已收到 " + Math.round(100 * done / (f.size || 1)) + "%");
      for (var i = 0; i < parts.length; i++) {
        var p = parts[i];
        await retrying("上传", function () {
          return call("PUT", "/api/v1/evidence/uploads/" + st.id + "?offset=" + p[0],
            f.slice(p[0], p[1]), "application/octet-stream");
        });
        done += p[1] - p[0];
        bar.value = done;
        say("已上传 " + Math.round(100 * done / (f.size || 1)) + "%");
      }
      say("正在校验（SM3、SHA-256）……");
      var ev2 = await retrying("校验", function () {
        return call("POST", "/api/v1/evidence/uploads/" + st.id + "/complete");
      });
      localStorage.removeItem(key(f));
      say("上传完成：" + ev2.file_name + "，SM3 " + ev2.sm3);
      window.location.reload();
    } catch (e) {
      say("上传失败：" + e.message);
    } finally {
      button.disabled = false;
    }
  });
})();
