// Device-first capture for the fieldwork pages (ODK Collect's rule: what is captured is saved on the
// device first, always; the network is only a way to deliver it). Every checklist result, new finding
// (with its photos), edit of a draft finding and unit's response to a recommendation (with its files)
// is written to the outbox (outbox.js) before anything
// is sent, whatever navigator.onLine says; the person sees "saved on this tablet" at once. The outbox
// is then sent to /api/v1/sync/ in batches cut to the server's limits (items, files and bytes, given
// on <body>), and only the server's answer for an item removes it: a refused connection, a timeout, a
// 5xx, a page that is not the API's JSON (captive portal, proxy), a redirect to the login page, a 413
// all keep it, and sending is tried again with back-off, when the browser says it is online, when a
// page opens and on "send now". Conflicts stay, shown with both versions; refusals stay with the reason
// and never hold back the others.
//
// For tests and people alike the page says what it is doing: <body data-ready> once the outbox is
// read and the forms are wired, and data-outbox-state = idle | pending | sending | retrying | login |
// attention (items only a person can settle), with data-outbox-error naming the last failure.
(function () {
  "use strict";
  var body = document.body;
  var userId = body.dataset.user;
  if (!userId || !window.indexedDB || !window.CongvuOutbox) return;
  var Outbox = window.CongvuOutbox;
  var T = JSON.parse(document.getElementById("offline-strings").textContent);
  var syncUrl = body.dataset.syncUrl;
  var LIMITS = {
    items: intData("syncMaxItems", 200),
    bytes: intData("syncMaxBytes", 100 * 1024 * 1024),
    files: intData("syncMaxFiles", 100),
    fields: intData("syncMaxFieldBytes", 5 * 1024 * 1024),
  };
  var TIMEOUT_MS = intData("syncTimeoutMs", 30000);
  var RETRY_MS = intData("syncRetryMs", 2000);
  var MAX_SIDE = intData("photoMaxSide", 2560);
  var syncing = null;
  var rerun = false;
  var sentUnshown = 0; // items a run sent whose rerun has not yet shown them as sent
  var retryTimer = null;
  var failures = 0;
  var groupLimit = Infinity; // lowered when the server (or a proxy in front of it) refuses a batch as too big
  var csrfRetried = false;

  function intData(name, fallback) {
    var value = parseInt(body.dataset[name], 10);
    return isNaN(value) || value <= 0 ? fallback : value;
  }

  function setState(state, error) {
    body.dataset.outboxState = state;
    if (error !== undefined) body.dataset.outboxError = error;
  }

  // The cookie first: a page saved on the device keeps the token of the login it was saved under,
  // and logging in again (after the session ran out) rotates it.
  function csrf() {
    var name = (body.dataset.csrfCookie || "csrftoken") + "=";
    var cookie = document.cookie.split("; ").filter(function (c) { return c.indexOf(name) === 0; })[0];
    if (cookie) return decodeURIComponent(cookie.slice(name.length));
    var field = document.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function message(text, kind) {
    var status = document.getElementById("outbox-status");
    if (status) { status.textContent = text; status.className = "message " + (kind || ""); status.hidden = !text; }
  }

  // Shown where the person is looking: the form they filled in, else the outbox panel.
  function saveFailed(form, error) {
    var text = T.save_failed + " (" + ((error && (error.name || error.message)) || "IndexedDB") + ")";
    var box = form && form.querySelector(".save-error");
    if (form && !box) {
      box = document.createElement("div");
      box.className = "message error save-error";
      box.setAttribute("role", "alert");
      box.setAttribute("data-testid", "save-error");
      form.insertBefore(box, form.firstChild);
    }
    if (box) {
      box.textContent = text + " ";
      // The tablet cannot keep it: offer to send the form straight to the server as a page would.
      var direct = el("button", { type: "button", class: "button", "data-testid": "send-directly" }, T.send_directly);
      direct.addEventListener("click", function () { HTMLFormElement.prototype.submit.call(form); });
      box.appendChild(direct);
    } else message(text, "error");
    setState(body.dataset.outboxState || "pending", "storage");
    saving = false;
  }

  function fieldValue(form, name) {
    var field = form.elements.namedItem(name);
    return field ? field.value : "";
  }

  function idOrNull(value) { return value ? parseInt(value, 10) : null; }

  function saved(form, back) {
    var note = form.querySelector(".saved-note");
    if (note) note.hidden = false;
    setState("pending");
    window.location.href = back;
  }

  var saving = false;

  // Photos are prepared (downscaled, time kept) as soon as they are chosen, and shown as thumbnails, so
  // the person sees what will be saved before saving.
  var prepared = new WeakMap();
  document.querySelectorAll("input[type=file][data-offline-photos]").forEach(function (input) {
    var previews = document.getElementById(input.dataset.previews);
    input.addEventListener("change", function () {
      if (previews) previews.textContent = "";
      var files = Array.prototype.slice.call(input.files);
      var work = Promise.all(files.map(function (file) {
        var figure = el("figure", { "data-testid": "photo-preview" });
        if (previews) previews.appendChild(figure);
        return window.CongvuPhotos.prepare(file, MAX_SIDE).then(function (photo) {
          var img = el("img", { alt: photo.name, "data-width": photo.width, "data-height": photo.height });
          img.src = URL.createObjectURL(photo.blob);
          figure.appendChild(img);
          figure.appendChild(el("figcaption", {}, photo.width + "×" + photo.height + " · " + (photo.blob.size / 1048576).toFixed(1) + " MB"));
          return photo;
        }, function () {
          figure.appendChild(el("figcaption", { class: "error" }, file.name + ": " + T.photo_unreadable));
          return null;
        });
      }));
      prepared.set(input, work);
      input.dataset.prepared = "0";
      work.then(function () { input.dataset.prepared = "1"; });
    });
  });

  function photosOf(form) {
    var input = form.querySelector("input[type=file][data-offline-photos]");
    if (!input || !input.files.length) return Promise.resolve([]);
    var work = prepared.get(input) || Promise.resolve([]);
    return work.then(function (photos) {
      return photos.filter(Boolean).map(function (photo) {
        return { client_uuid: Outbox.uuid(), name: photo.name, blob: photo.blob, taken_at: photo.taken_at };
      });
    });
  }

  // A new finding: saved on the tablet, then the page goes back to the unit's checklist, which sends.
  document.querySelectorAll("form[data-offline-finding]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (saving || !form.reportValidity()) return;
      saving = true;
      var meta = JSON.parse(form.dataset.offlineFinding);
      var data = {
        inspection: meta.inspection,
        unit: idOrNull(fieldValue(form, "unit")),
        staff: idOrNull(fieldValue(form, "staff")),
        criterion: idOrNull(fieldValue(form, "criterion")),
        category: fieldValue(form, "category"),
        severity: fieldValue(form, "severity"),
        description: fieldValue(form, "description"),
        place: fieldValue(form, "place"),
        recommendation: fieldValue(form, "recommendation"),
        observed_at: new Date().toISOString(),
      };
      // A fresh key for every capture: the form's own client_uuid is the same in every copy of the page
      // saved on the device, so it would make two findings one.
      var key = Outbox.uuid();
      photosOf(form).then(function (photos) {
        var item = { client_uuid: key, type: "finding", inspection: meta.inspection, unit: data.unit,
                     data: data, photos: photos, status: "pending", label: data.description };
        return Outbox.put(userId, item);
      }).then(function () { saved(form, meta.back + "#outbox"); }, function (error) { saveFailed(form, error); });
    });
  });

  // An edit of a draft finding: sent with the version it started from.
  document.querySelectorAll("form[data-offline-edit]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (saving || !form.reportValidity()) return;
      saving = true;
      var meta = JSON.parse(form.dataset.offlineEdit);
      var data = Object.assign({}, meta.data, {
        severity: fieldValue(form, "severity"),
        description: fieldValue(form, "description"),
        place: fieldValue(form, "place"),
        recommendation: fieldValue(form, "recommendation"),
      });
      var item = { client_uuid: meta.client_uuid, type: "finding", inspection: data.inspection, unit: data.unit,
                   base_version: parseInt(fieldValue(form, "base_version"), 10), data: data, photos: [],
                   status: "pending", label: data.description, edit: true };
      Outbox.put(userId, item).then(function () { saved(form, meta.back + "#outbox"); }, function (error) { saveFailed(form, error); });
    });
  });

  // The unit's response to a recommendation: text and files kept on the tablet as one item, sent at once;
  // the page shows it as received when the server has it (it reloads after sending).
  function responseFiles(form) {
    var input = form.querySelector("input[type=file]");
    var files = input ? Array.prototype.slice.call(input.files) : [];
    return Promise.all(files.map(function (file) {
      var entry = function (blob, name) { return { client_uuid: Outbox.uuid(), name: name, blob: blob }; };
      if (!/^image\//.test(file.type) || !window.CongvuPhotos) return entry(file, file.name);
      return window.CongvuPhotos.prepare(file, MAX_SIDE).then(function (photo) { return entry(photo.blob, photo.name); },
                                                               function () { return entry(file, file.name); });
    }));
  }

  document.querySelectorAll("form[data-offline-response]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (saving || !form.reportValidity()) return;
      saving = true;
      var action = parseInt(form.dataset.offlineResponse, 10);
      var data = { action: action, explanation: fieldValue(form, "explanation"), remediation: fieldValue(form, "remediation") };
      var earlier = form.dataset.replaces;
      responseFiles(form).then(function (files) {
        return (earlier ? Outbox.get(userId, earlier) : Promise.resolve(null)).then(function (before) {
          var item = { client_uuid: earlier || Outbox.uuid(), type: "response", data: data, status: "pending",
                       files: files.length || !before ? files : before.files || [],
                       label: T.response_label + ": " + data.explanation.slice(0, 80) };
          return Outbox.put(userId, item);
        });
      }).then(function () {
        saving = false;
        delete form.dataset.replaces;
        message(T.saved_here, "success");
        return render().then(function () { sync(true); });
      }, function (error) { saveFailed(form, error); });
    });
  });

  // Something typed and not yet saved on this page: the page is not reloaded under the person's hands.
  function typing() {
    var fields = document.querySelectorAll("form:not([hidden]) textarea, form:not([hidden]) input[type=text]");
    return Array.prototype.some.call(fields, function (field) { return field.value !== field.defaultValue; });
  }

  // A response waiting on the tablet hides its form (it cannot be given twice), and so does one already
  // sent from this page; one the server refused brings its text back into the form, to be corrected and
  // submitted again.
  var sentResponses = {};

  function showResponses(items) {
    document.querySelectorAll("form[data-offline-response]").forEach(function (form) {
      var action = parseInt(form.dataset.offlineResponse, 10);
      var item = items.filter(function (i) { return i.type === "response" && i.data.action === action; })[0];
      var note = document.getElementById("response-pending-" + action);
      if (!item && sentResponses[action]) {
        form.hidden = true;
        if (note) { note.hidden = false; note.className = "message success"; note.textContent = T.sent; }
        return;
      }
      form.hidden = !!item && item.status !== "rejected";
      if (note) {
        note.hidden = !item;
        note.className = "message " + (item && item.status === "rejected" ? "error" : "success");
        note.textContent = !item ? "" : item.status === "rejected" ? T.response_refused + (item.message ? " (" + item.message + ")" : "") : T.response_pending;
      }
      if (item && item.status === "rejected" && form.dataset.replaces !== item.client_uuid) {
        form.dataset.replaces = item.client_uuid;
        ["explanation", "remediation"].forEach(function (name) {
          var field = form.elements.namedItem(name);
          if (field && !field.value) field.value = item.data[name] || "";
        });
      }
    });
  }

  function resultMeta(form) {
    var d = form.dataset;
    return { inspection: parseInt(d.inspection, 10), unit: parseInt(d.unit, 10), label: d.label,
             version: d.version ? parseInt(d.version, 10) : null };
  }

  // A checklist result; a later result for the same criterion replaces the one not yet sent.
  document.querySelectorAll("form.result-form[data-offline-result]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var meta = resultMeta(form);
      var value = event.submitter ? event.submitter.value : "";
      var criterion = parseInt(fieldValue(form, "criterion"), 10);
      Outbox.all(userId).then(function (items) {
        var same = items.filter(function (i) {
          return i.type === "result" && i.data.inspection === meta.inspection && i.data.unit === meta.unit && i.data.criterion === criterion;
        })[0];
        var item = { client_uuid: same ? same.client_uuid : Outbox.uuid(), type: "result", inspection: meta.inspection,
                     unit: meta.unit, base_version: meta.version || null, status: "pending",
                     data: { inspection: meta.inspection, unit: meta.unit, criterion: criterion, value: value, note: fieldValue(form, "note") },
                     label: meta.label + ": " + (event.submitter ? event.submitter.textContent.trim() : value) };
        return Outbox.put(userId, item);
      }).then(function () {
        message(T.saved_here, "success");
        return render().then(function () { sync(); });
      }, function (error) { saveFailed(null, error); });
    });
  });

  function statusText(item) {
    if (item.status === "conflict") return T.conflict;
    if (item.status === "rejected") return T.rejected + (item.message ? ": " + item.message : "");
    if (item.status === "sending") return T.sending_item;
    return T.pending;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function conflictBox(item) {
    var box = el("div", { class: "conflict", "data-testid": "outbox-conflict" });
    box.appendChild(el("p", {}, T.conflict_help));
    var mine = el("div", { class: "version" });
    mine.appendChild(el("strong", {}, T.mine));
    mine.appendChild(el("p", { "data-testid": "conflict-mine" }, item.data.description || item.data.value || ""));
    var theirs = el("div", { class: "version" });
    theirs.appendChild(el("strong", {}, T.theirs + " (v" + (item.current && item.current.version) + ")"));
    theirs.appendChild(el("p", { "data-testid": "conflict-server" }, item.current ? (item.current.description || item.current.value || "") : ""));
    box.appendChild(mine);
    box.appendChild(theirs);
    var keep = el("button", { type: "button", class: "button primary", "data-testid": "keep-mine" }, T.keep_mine);
    keep.addEventListener("click", function () {
      item.base_version = item.current.version;
      item.status = "pending";
      delete item.current;
      Outbox.put(userId, item).then(function () { return render(); }).then(function () { sync(true); }, storageTrouble);
    });
    var drop = el("button", { type: "button", class: "button", "data-testid": "use-server" }, T.use_server);
    drop.addEventListener("click", function () { Outbox.remove(userId, item.client_uuid).then(render).catch(storageTrouble); });
    box.appendChild(keep);
    box.appendChild(drop);
    return box;
  }

  function storageTrouble(error) { saveFailed(null, error); }

  var inFlight = {};

  // What reached the server in the last minutes, shown as "sent" under the outbox (this tab only).
  var SENT_SHOWN_MS = 15 * 60 * 1000;

  function recentlySent() {
    try {
      var since = Date.now() - SENT_SHOWN_MS;
      return JSON.parse(sessionStorage.getItem("congvu-sent-" + userId) || "[]").filter(function (s) { return s.at > since; });
    } catch (e) { return []; }
  }

  function noteSent(labels) {
    var now = Date.now();
    var fresh = labels.map(function (label) { return { label: label, at: now }; });
    try { sessionStorage.setItem("congvu-sent-" + userId, JSON.stringify(fresh.concat(recentlySent()).slice(0, 20))); } catch (e) { /* a full session store only loses the note */ }
  }

  function render() {
    return Outbox.all(userId).then(function (items) {
      var badge = document.getElementById("outbox-count");
      if (badge) {
        badge.hidden = items.length === 0;
        badge.textContent = T.unsent + ": " + items.length;
      }
      body.dataset.outboxCount = String(items.length);
      var panel = document.getElementById("outbox");
      if (!panel) return items;
      var sent = recentlySent();
      panel.hidden = items.length === 0 && sent.length === 0;
      var list = panel.querySelector("ul");
      list.textContent = "";
      items.sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : 1; });
      items.forEach(function (item) {
        var status = inFlight[item.client_uuid] && item.status === "pending" ? "sending" : item.status;
        var row = el("li", { class: "outbox-item status-" + status, "data-testid": "outbox-item", "data-status": status });
        row.appendChild(el("span", { class: "badge" + (item.status === "pending" ? " warn" : " danger") }, statusText({ status: status, message: item.message })));
        row.appendChild(el("span", {}, " " + (item.label || "")));
        if (item.photos && item.photos.length) row.appendChild(el("span", { class: "muted" }, " · " + item.photos.length + " " + T.photos));
        if (item.files && item.files.length) row.appendChild(el("span", { class: "muted" }, " · " + item.files.length + " " + T.files));
        if (item.status === "conflict") row.appendChild(conflictBox(item));
        if (item.status === "rejected") {
          var again = el("button", { type: "button", class: "button", "data-testid": "outbox-retry" }, T.retry);
          again.addEventListener("click", function () {
            item.status = "pending";
            delete item.message;
            Outbox.put(userId, item).then(function () { return render(); }).then(function () { sync(true); }, storageTrouble);
          });
          row.appendChild(again);
          var discard = el("button", { type: "button", class: "button" }, T.discard);
          discard.addEventListener("click", function () { Outbox.remove(userId, item.client_uuid).then(render).catch(storageTrouble); });
          row.appendChild(discard);
        }
        list.appendChild(row);
      });
      sent.forEach(function (done) {
        var row = el("li", { class: "outbox-item status-sent", "data-testid": "outbox-sent-item" });
        row.appendChild(el("span", { class: "badge ok" }, T.sent_item));
        row.appendChild(el("span", {}, " " + done.label));
        list.appendChild(row);
      });
      panel.querySelector("[data-testid=outbox-count]").textContent = String(items.length);
      showResponses(items);
      document.querySelectorAll("form.result-form[data-offline-result]").forEach(function (form) {
        var meta = resultMeta(form);
        var criterion = parseInt(fieldValue(form, "criterion"), 10);
        var pending = items.filter(function (i) { return i.type === "result" && i.data.unit === meta.unit && i.data.criterion === criterion; })[0];
        var holder = form.closest("li");
        if (pending && holder) {
          holder.classList.add("unsent", "result-" + pending.data.value);
          holder.dataset.unsent = pending.data.value;
        }
      });
      return items;
    });
  }

  // ---- Batches that fit: a finding travels with its photos; a batch never exceeds the server's items,
  // files, field bytes or request bytes. A group too big on its own still goes alone (and is refused
  // alone, with the reason, without holding back the others).
  var PART_OVERHEAD = 400;

  // A finding's photos go as items of their own after it; a response's files belong to its one item.
  function groupOf(item) {
    var entry = { type: item.type, client_uuid: item.client_uuid, base_version: item.base_version || null, data: item.data };
    var photos = (item.photos || []).map(function (photo) {
      return { entry: { type: "evidence", client_uuid: photo.client_uuid, finding_client_uuid: item.client_uuid,
                        file_field: "photo-" + photo.client_uuid, name: photo.name }, blob: photo.blob };
    });
    var attached = (item.files || []).map(function (file) {
      return { field: "file-" + file.client_uuid, blob: file.blob, name: file.name };
    });
    if (attached.length) entry.file_fields = attached.map(function (a) { return a.field; });
    var json = JSON.stringify(entry).length * 3 + photos.length * 300;
    var fileBytes = photos.concat(attached).reduce(function (sum, p) { return sum + p.blob.size + PART_OVERHEAD; }, 0);
    return { item: item, entry: entry, photos: photos, attached: attached, count: 1 + photos.length,
             files: photos.length + attached.length, json: json, bytes: json + fileBytes };
  }

  function cut(groups) {
    var budget = { items: LIMITS.items, files: LIMITS.files, json: LIMITS.fields * 0.8, bytes: LIMITS.bytes * 0.9 - 4096 };
    var batch = [], used = { items: 0, files: 0, json: 0, bytes: 0 };
    for (var i = 0; i < groups.length; i++) {
      var g = groups[i];
      var fits = used.items + g.count <= budget.items && used.files + g.files <= budget.files &&
                 used.json + g.json <= budget.json && used.bytes + g.bytes <= budget.bytes && batch.length < groupLimit;
      if (!fits && batch.length) break;
      batch.push(g);
      used.items += g.count; used.files += g.files; used.json += g.json; used.bytes += g.bytes;
    }
    return batch;
  }

  function formOf(batch) {
    var form = new FormData();
    var findings = [], evidence = [], results = [];
    batch.forEach(function (g) {
      (g.item.type === "finding" ? findings : results).push(g.entry);
      g.photos.forEach(function (p) {
        evidence.push(p.entry);
        form.append(p.entry.file_field, p.blob, p.entry.name);
      });
      g.attached.forEach(function (a) { form.append(a.field, a.blob, a.name); });
    });
    form.append("batch", JSON.stringify({ items: findings.concat(evidence, results) }));
    return form;
  }

  function Failure(kind, text, answer) {
    this.kind = kind;
    this.message = text;
    this.answer = answer;
  }

  function looksLikeLogin(url) {
    var login = body.dataset.loginUrl;
    return !!(login && url && new URL(url, location.href).pathname.indexOf(login) === 0);
  }

  // One request, bounded in time (an AbortController stops it), with upload progress. Resolves with the
  // server's per-item results; rejects with a Failure saying what went wrong.
  function send(form, bytes, progress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      var controller = new AbortController();
      var timedOut = false;
      var limit = Math.min(TIMEOUT_MS + Math.round(bytes / 256), 10 * 60 * 1000);
      var timer = setTimeout(function () { timedOut = true; controller.abort(); }, limit);
      controller.signal.addEventListener("abort", function () { xhr.abort(); });
      xhr.open("POST", syncUrl);
      xhr.withCredentials = true;
      xhr.setRequestHeader("X-CSRFToken", csrf());
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (event) { if (event.lengthComputable) progress(event.loaded, event.total); };
      xhr.onabort = function () {
        clearTimeout(timer);
        reject(new Failure(timedOut ? "timeout" : "network", timedOut ? T.timeout : T.no_connection));
      };
      xhr.onerror = function () { clearTimeout(timer); reject(new Failure("network", T.no_connection)); };
      xhr.onload = function () {
        clearTimeout(timer);
        var type = xhr.getResponseHeader("Content-Type") || "";
        if (looksLikeLogin(xhr.responseURL)) return reject(new Failure("login", T.login_again));
        var answer = null;
        if (type.indexOf("json") !== -1) {
          try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
        }
        if (xhr.status === 401 || xhr.status === 403) {
          return reject(new Failure(answer && answer.code === "csrf_failed" ? "csrf" : "login", T.login_again, answer));
        }
        if (xhr.status === 413) return reject(new Failure("too-large", T.too_large, answer));
        if (xhr.status >= 500) return reject(new Failure("server", T.server_refused + " (" + xhr.status + ")"));
        if (!answer) return reject(new Failure("not-json", T.not_the_server));
        if (xhr.status >= 400) return reject(new Failure("refused", answer.message || T.server_refused, answer));
        if (!answer.results || !answer.results.length) return reject(new Failure("not-json", T.not_the_server));
        resolve(answer.results);
      };
      xhr.send(form);
    });
  }

  var DONE = { created: true, updated: true, unchanged: true };

  // The server's answer, item by item: only an answer removes an item; a finding whose photo was refused
  // stays with the photos still to send and the reason.
  function apply(batch, results) {
    var byKey = {};
    results.forEach(function (r) { byKey[r.client_uuid] = r; });
    var sent = [];
    return Promise.all(batch.map(function (g) {
      var item = g.item;
      var own = byKey[item.client_uuid] || { status: "rejected", message: T.no_answer };
      var photoProblem = (item.photos || []).map(function (p) { return byKey[p.client_uuid]; })
        .filter(function (r) { return !r || !DONE[r.status]; })[0];
      if (DONE[own.status] && !photoProblem) {
        sent.push(item.label || "");
        if (item.type === "response") sentResponses[item.data.action] = true;
        return Outbox.remove(userId, item.client_uuid);
      }
      if (own.status === "conflict") {
        item.status = "conflict";
        item.current = own.current;
      } else {
        item.status = "rejected";
        item.message = (photoProblem || own).message || T.server_refused;
        if (DONE[own.status]) {
          item.photos = item.photos.filter(function (p) { return !DONE[(byKey[p.client_uuid] || {}).status]; });
        }
      }
      return Outbox.put(userId, item);
    })).then(function () { return sent; });
  }

  function refuse(group, reason) {
    group.item.status = "rejected";
    group.item.message = reason;
    return Outbox.put(userId, group.item);
  }

  function showProgress(done, total) {
    var bar = document.getElementById("outbox-progress");
    if (!bar) return;
    bar.hidden = !total;
    bar.max = total || 1;
    bar.value = done;
  }

  // Send everything pending, batch after batch, until the outbox holds only what a person must settle
  // or the network fails (then try again later, backing off).
  function drain() {
    var totals = { bytes: 0, done: 0, sent: [] };
    function next() {
      return Outbox.all(userId).then(function (items) {
        var pending = items.filter(function (i) { return i.status === "pending"; })
          .sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : 1; });
        if (!pending.length) return totals;
        var groups = pending.map(groupOf);
        if (!totals.bytes) totals.bytes = groups.reduce(function (s, g) { return s + g.bytes; }, 0);
        var batch = cut(groups);
        var bytes = batch.reduce(function (s, g) { return s + g.bytes; }, 0);
        batch.forEach(function (g) { inFlight[g.item.client_uuid] = true; });
        setState("sending");
        return render().then(function () {
          message(T.sending + " " + pending.length + " · " + (totals.bytes / 1048576).toFixed(1) + " MB", "");
          return send(formOf(batch), bytes, function (loaded) { showProgress(totals.done + loaded, totals.bytes); });
        }).then(function (results) {
          inFlight = {};
          totals.done += bytes;
          failures = 0;
          return apply(batch, results).then(function (sent) { totals.sent = totals.sent.concat(sent); return next(); });
        }, function (failure) {
          inFlight = {};
          if (failure.kind === "too-large" || failure.kind === "refused") {
            // Too big or refused as a whole: send fewer at a time; a single item refused alone is marked
            // with the reason and the others go on.
            if (batch.length > 1) {
              groupLimit = Math.max(1, Math.floor(batch.length / 2));
              return next();
            }
            return refuse(batch[0], failure.message).then(next);
          }
          throw failure;
        });
      });
    }
    return next();
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    var delay = Math.min(RETRY_MS * Math.pow(2, failures), 5 * 60 * 1000);
    delay = Math.round(delay * (0.8 + Math.random() * 0.4));
    failures += 1;
    body.dataset.outboxRetryMs = String(delay);
    retryTimer = setTimeout(function () { sync(); }, delay);
  }

  // One sending run at a time; `now` (the button, the network returning) also resets the back-off.
  function sync(now) {
    if (now) { failures = 0; clearTimeout(retryTimer); }
    if (!syncUrl) return Promise.resolve();
    if (syncing) { rerun = rerun || !!now; return syncing; }
    syncing = drain().then(function (totals) {
      syncing = null;
      csrfRetried = false;
      // Noted before a rerun: what this run sent is shown (and reloaded for) when the rerun ends,
      // which may find nothing left to send.
      if (totals.sent.length) { noteSent(totals.sent); sentUnshown += totals.sent.length; }
      if (rerun) { rerun = false; return sync(true); }
      groupLimit = Infinity;
      showProgress(0, 0);
      var sent = sentUnshown;
      sentUnshown = 0;
      return render().then(function (left) {
        var open = left.filter(function (i) { return i.status !== "pending"; }).length;
        if (sent && !open && body.dataset.offlinePage !== undefined && body.dataset.reloadAfterSync !== undefined && !typing()) {
          // The checklist and the list of findings come from the server: show them as it now has them.
          sessionStorage.setItem("congvu-just-sent-" + userId, "1");
          setState("reloading");
          window.location.reload();
          return;
        }
        if (open) message(T.needs_attention, "error");
        else if (sent) message(T.sent, "success");
        setState(open ? "attention" : "idle", "");
      });
    }, function (failure) {
      syncing = null;
      if (rerun && failure instanceof Failure) { rerun = false; return sync(true); }
      // The token is read from the cookie when a batch is sent; another answer arriving meanwhile may
      // have set the cookie anew. Send once more with the cookie as it is now before asking to log in.
      if (failure instanceof Failure && failure.kind === "csrf" && !csrfRetried) { csrfRetried = true; return sync(true); }
      showProgress(0, 0);
      return render().catch(function () { return []; }).then(function () {
        if (!(failure instanceof Failure)) {
          saveFailed(null, failure);
          setState("pending", "storage");
          return;
        }
        if (failure.kind === "login" || failure.kind === "csrf") {
          showLogin(failure.message);
          setState("login", failure.kind);
          return;
        }
        message(failure.message + " " + T.kept_here, "error");
        setState("retrying", failure.kind);
        scheduleRetry();
      });
    }).catch(storageTrouble);
    return syncing;
  }

  // The session ended: the items stay; after logging in the person comes back here and they are sent.
  function showLogin(text) {
    var status = document.getElementById("outbox-status");
    message(text, "error");
    if (!status || !body.dataset.loginUrl) return;
    var link = el("a", { href: body.dataset.loginUrl + "?next=" + encodeURIComponent(location.pathname + location.search), class: "button primary", "data-testid": "login-again" }, T.log_in);
    status.appendChild(document.createTextNode(" "));
    status.appendChild(link);
  }

  var button = document.querySelector("[data-testid=outbox-send]");
  if (button) button.addEventListener("click", function () { sync(true); });
  window.addEventListener("online", function () { sync(true); });
  window.CongvuSync = function () { return sync(true); };

  // Ask the browser to keep the outbox through storage pressure, and say so when it will not or when the
  // device is nearly full. The answer never holds the outbox back (a permission query may take its
  // time); <body data-storage-checked> says when it came.
  function checkStorage() {
    return askStorage().then(function () { body.dataset.storageChecked = "1"; });
  }

  function askStorage() {
    var box = document.getElementById("storage-warning");
    if (body.dataset.offlinePage === undefined) return Promise.resolve();
    if (!navigator.storage || !navigator.storage.persist) return Promise.resolve();
    function warn(text) {
      if (!box) return;
      box.textContent = text;
      box.hidden = false;
    }
    return navigator.storage.persisted().then(function (already) {
      return already || navigator.storage.persist();
    }).then(function (persisted) {
      body.dataset.storagePersisted = persisted ? "1" : "0";
      if (!persisted) warn(T.storage_not_persisted);
      return navigator.storage.estimate ? navigator.storage.estimate() : null;
    }).then(function (estimate) {
      if (!estimate || !estimate.quota) return;
      var free = estimate.quota - (estimate.usage || 0);
      if (free < 200 * 1024 * 1024 || (estimate.usage || 0) / estimate.quota > 0.9) {
        warn(T.storage_nearly_full.replace("%(mb)s", Math.round(free / 1048576)));
        body.dataset.storageLow = "1";
      }
    }).catch(function () {});
  }

  // Logging out wipes this user's outbox and saved pages, after a warning if something is unsent.
  document.querySelectorAll("form.logout").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.wiped) return;
      event.preventDefault();
      Outbox.all(userId).then(function (items) {
        if (items.length && !window.confirm(T.logout_warning.replace("%(count)s", items.length))) {
          body.dataset.logout = "cancelled";
          return;
        }
        return Promise.all([
          Outbox.destroy(userId),
          window.CongvuSavedPages ? window.CongvuSavedPages.wipe(userId) : null,
          window.caches ? caches.open("congvu-meta").then(function (m) { return m.delete("/__congvu/user"); }) : null,
        ]).then(function () { form.dataset.wiped = "1"; form.submit(); });
      }).catch(function (error) {
        if (window.confirm(T.logout_unreadable + " (" + (error && error.name) + ")")) { form.dataset.wiped = "1"; form.submit(); }
      });
    });
  });

  setState("loading", "");
  var justSent = sessionStorage.getItem("congvu-just-sent-" + userId);
  sessionStorage.removeItem("congvu-just-sent-" + userId);
  checkStorage();
  render().then(function (items) {
    body.dataset.ready = "1";
    if (justSent) message(T.sent, "success");
    var pending = items.filter(function (i) { return i.status === "pending"; }).length;
    if (pending) { setState("pending"); return sync(true); }
    var open = items.length - pending;
    if (open) message(T.needs_attention, "error");
    setState(open ? "attention" : "idle");
  }, function (error) {
    body.dataset.ready = "1";
    saveFailed(null, error);
    setState("pending", "storage");
  });
})();
