// Offline capture for the fieldwork pages: with no network, checklist results, findings (with photos)
// and edits go to the device's outbox (outbox.js) and are sent to /api/v1/sync/ when the network
// returns, automatically or with the "send now" button. The server answers item by item: accepted
// items leave the outbox; conflicts stay, shown with both versions and a choice; refusals stay with
// the reason. Saved pages and the outbox belong to the logged-in user and are wiped at logout.
(function () {
  "use strict";
  var body = document.body;
  var userId = body.dataset.user;
  if (!userId || !window.indexedDB || !window.CongvuOutbox) return;
  var Outbox = window.CongvuOutbox;
  var T = JSON.parse(document.getElementById("offline-strings").textContent);
  var syncUrl = body.dataset.syncUrl;
  var pagesCache = "congvu-pages-" + userId;
  var syncing = false;

  // The cookie first: a page saved on the device keeps the token of the login it was saved under,
  // and logging in again (after the session ran out offline) rotates it.
  function csrf() {
    var name = (body.dataset.csrfCookie || "csrftoken") + "=";
    var cookie = document.cookie.split("; ").filter(function (c) { return c.indexOf(name) === 0; })[0];
    if (cookie) return decodeURIComponent(cookie.slice(name.length));
    var field = document.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function remember(url) {
    if (!window.caches) return Promise.resolve();
    return caches.open(pagesCache).then(function (cache) { return cache.add(url); }).catch(function () {});
  }

  function rememberUser() {
    if (!window.caches) return Promise.resolve();
    return caches.open("congvu-meta").then(function (meta) {
      return meta.put("/__congvu/user", new Response(userId));
    });
  }

  if ("serviceWorker" in navigator) {
    rememberUser().then(function () { return navigator.serviceWorker.register("/sw.js", { scope: "/" }); }).catch(function () {});
  }

  // Pages marked data-offline-page are saved for this user when opened online, with the pages they
  // link to with data-offline-prefetch (the finding form of each inspected unit).
  // The page's own stylesheets and scripts go to the worker's static cache at once, so that the very
  // first offline reload already has them.
  if (body.dataset.offlinePage !== undefined && navigator.onLine) {
    remember(location.pathname + location.search);
    document.querySelectorAll("[data-offline-prefetch]").forEach(function (link) { remember(link.getAttribute("href")); });
    if (window.caches) {
      var assets = Array.prototype.map.call(document.querySelectorAll("link[rel=stylesheet], script[src]"), function (node) {
        return node.getAttribute("href") || node.getAttribute("src");
      });
      caches.open("congvu-static-v1").then(function (cache) { return cache.addAll(assets); }).catch(function () {});
    }
  }

  function fieldValue(form, name) {
    var field = form.elements.namedItem(name);
    if (!field) return "";
    if (field instanceof RadioNodeList) return field.value;
    return field.value;
  }

  function idOrNull(value) { return value ? parseInt(value, 10) : null; }

  function afterSave(url) {
    window.location.href = url;
  }

  // A new finding recorded offline.
  document.querySelectorAll("form[data-offline-finding]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) return;
      event.preventDefault();
      if (!form.reportValidity()) return;
      var meta = JSON.parse(form.dataset.offlineFinding);
      var photos = Array.prototype.map.call(form.elements.namedItem("photos").files, function (file) {
        return { client_uuid: Outbox.uuid(), name: file.name, blob: file };
      });
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
      var item = { client_uuid: Outbox.uuid(), type: "finding", inspection: meta.inspection, unit: data.unit,
                   data: data, photos: photos, status: "pending", label: data.description };
      Outbox.put(userId, item).then(function () { afterSave(meta.back + "#outbox"); });
    });
  });

  // An edit of a draft finding made offline: sent with the version it started from.
  document.querySelectorAll("form[data-offline-edit]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) return;
      event.preventDefault();
      if (!form.reportValidity()) return;
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
      Outbox.put(userId, item).then(function () { afterSave(meta.back + "#outbox"); });
    });
  });

  function resultMeta(form) {
    var d = form.dataset;
    return { inspection: parseInt(d.inspection, 10), unit: parseInt(d.unit, 10), label: d.label,
             version: d.version ? parseInt(d.version, 10) : null };
  }

  // A checklist result recorded offline; a later result for the same criterion replaces it.
  document.querySelectorAll("form.result-form[data-offline-result]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) return;
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
      }).then(render);
    });
  });

  function statusText(item) {
    if (item.status === "conflict") return T.conflict;
    if (item.status === "rejected") return T.rejected + (item.message ? ": " + item.message : "");
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
      Outbox.put(userId, item).then(function () { render(); sync(); });
    });
    var drop = el("button", { type: "button", class: "button", "data-testid": "use-server" }, T.use_server);
    drop.addEventListener("click", function () { Outbox.remove(userId, item.client_uuid).then(render); });
    box.appendChild(keep);
    box.appendChild(drop);
    return box;
  }

  function render() {
    return Outbox.all(userId).then(function (items) {
      var badge = document.getElementById("outbox-count");
      if (badge) {
        badge.hidden = items.length === 0;
        badge.textContent = T.unsent + ": " + items.length;
      }
      var panel = document.getElementById("outbox");
      if (!panel) return items;
      panel.hidden = items.length === 0;
      var list = panel.querySelector("ul");
      list.textContent = "";
      items.sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : 1; });
      items.forEach(function (item) {
        var row = el("li", { class: "outbox-item status-" + item.status, "data-testid": "outbox-item" });
        row.appendChild(el("span", { class: "badge" + (item.status === "pending" ? " warn" : " danger") }, statusText(item)));
        row.appendChild(el("span", {}, " " + (item.label || "")));
        if (item.photos && item.photos.length) row.appendChild(el("span", { class: "muted" }, " · " + item.photos.length + " " + T.photos));
        if (item.status === "conflict") row.appendChild(conflictBox(item));
        if (item.status === "rejected") {
          var discard = el("button", { type: "button", class: "button" }, T.discard);
          discard.addEventListener("click", function () { Outbox.remove(userId, item.client_uuid).then(render); });
          row.appendChild(discard);
        }
        list.appendChild(row);
      });
      panel.querySelector("[data-testid=outbox-count]").textContent = String(items.length);
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

  function message(text, kind) {
    var status = document.getElementById("outbox-status");
    if (status) { status.textContent = text; status.className = "message " + (kind || ""); status.hidden = !text; }
  }

  function batchOf(items) {
    var form = new FormData();
    var findings = [], evidence = [], results = [];
    items.forEach(function (item) {
      var entry = { type: item.type, client_uuid: item.client_uuid, base_version: item.base_version || null, data: item.data };
      (item.type === "finding" ? findings : results).push(entry);
      (item.photos || []).forEach(function (photo) {
        var field = "photo-" + photo.client_uuid;
        evidence.push({ type: "evidence", client_uuid: photo.client_uuid, finding_client_uuid: item.client_uuid, file_field: field, name: photo.name });
        form.append(field, photo.blob, photo.name);
      });
    });
    form.append("batch", JSON.stringify({ items: findings.concat(evidence, results) }));
    return form;
  }

  var DONE = { created: true, updated: true, unchanged: true };

  function apply(items, results) {
    var byKey = {};
    results.forEach(function (r) { byKey[r.client_uuid] = r; });
    var changed = false;
    return Promise.all(items.map(function (item) {
      var own = byKey[item.client_uuid];
      if (!own) return null;
      var photoProblem = (item.photos || []).map(function (p) { return byKey[p.client_uuid]; })
        .filter(function (r) { return r && !DONE[r.status]; })[0];
      if (DONE[own.status] && !photoProblem) {
        changed = changed || own.status !== "unchanged";
        return Outbox.remove(userId, item.client_uuid);
      }
      if (own.status === "conflict") {
        item.status = "conflict";
        item.current = own.current;
      } else {
        item.status = "rejected";
        item.message = (photoProblem || own).message;
        if (DONE[own.status]) item.photos = item.photos.filter(function (p) { return !DONE[(byKey[p.client_uuid] || {}).status]; });
      }
      return Outbox.put(userId, item);
    })).then(function () { return changed; });
  }

  function sync() {
    if (syncing || !navigator.onLine || !syncUrl) return Promise.resolve();
    syncing = true;
    return Outbox.all(userId).then(function (items) {
      var pending = items.filter(function (i) { return i.status === "pending"; }).slice(0, 50);
      if (!pending.length) return false;
      message(T.sending);
      return fetch(syncUrl, {
        method: "POST",
        body: batchOf(pending),
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
      }).then(function (response) {
        if (response.status === 401 || response.status === 403) throw new Error(T.login_again);
        if (!response.ok) throw new Error(T.server_refused + " (" + response.status + ")");
        return response.json();
      }).then(function (answer) { return apply(pending, answer.results); });
    }).then(function (changed) {
      syncing = false;
      return render().then(function (left) {
        var open = left.filter(function (i) { return i.status !== "pending"; }).length;
        message(open ? T.needs_attention : (changed ? T.sent : ""), open ? "error" : "success");
        if (changed && !open && body.dataset.offlinePage !== undefined) window.location.reload();
      });
    }).catch(function (error) {
      syncing = false;
      message(error.message || T.server_refused, "error");
    });
  }

  var button = document.querySelector("[data-testid=outbox-send]");
  if (button) button.addEventListener("click", sync);
  window.addEventListener("online", sync);
  window.CongvuSync = sync;

  // Logging out wipes this user's outbox and saved pages, after a warning if something is unsent.
  document.querySelectorAll("form.logout").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.wiped) return;
      event.preventDefault();
      Outbox.all(userId).then(function (items) {
        if (items.length && !window.confirm(T.logout_warning.replace("%(count)s", items.length))) return;
        return Promise.all([
          Outbox.destroy(userId),
          window.caches ? caches.delete(pagesCache) : null,
          window.caches ? caches.open("congvu-meta").then(function (m) { return m.delete("/__congvu/user"); }) : null,
        ]).then(function () { form.dataset.wiped = "1"; form.submit(); });
      });
    });
  });

  render().then(function (items) { if (items.length && navigator.onLine) sync(); });
})();
