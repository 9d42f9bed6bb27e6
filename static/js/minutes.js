// The minutes (biên bản) signed on the tablet: two drawn signatures, saved in IndexedDB first and sent
// to POST /api/v1/minutes/ until the server has them. A send is replay-safe (the item's client_uuid):
// sending again after a lost answer changes nothing on the server. The outbox is one small object,
// CongvuMinutesOutbox = { save(item), pending(), send() }, to be folded into the shared outbox later.
(function () {
  "use strict";
  var section = document.getElementById("minutes-sign");
  var userId = document.body.dataset.user;
  if (!section || !userId || !window.indexedDB) return;
  var T = JSON.parse(document.getElementById("minutes-strings").textContent);
  var DB = "congvu-minutes-" + userId;
  var STORE = "items";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "client_uuid" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function csrf() {
    var name = (document.body.dataset.csrfCookie || "csrftoken") + "=";
    var cookie = document.cookie.split("; ").filter(function (c) { return c.indexOf(name) === 0; })[0];
    return cookie ? decodeURIComponent(cookie.slice(name.length)) : "";
  }

  var sending = false;
  var Outbox = {
    save: function (item) { return run("readwrite", function (store) { store.put(item); }).then(function () { return item; }); },
    pending: function () { return run("readonly", function (store) { return store.getAll(); }); },
    remove: function (key) { return run("readwrite", function (store) { store.delete(key); }); },
    // Sends every pending item once; resolves with the server's answers. Items stay until the server
    // has answered for them: accepted ones leave, refused ones stay marked with the reason.
    send: function () {
      if (sending) return Promise.resolve([]);
      sending = true;
      return Outbox.pending().then(function (items) {
        return items.reduce(function (chain, item) {
          return chain.then(function (answers) {
            if (item.refused) return answers;
            return post(item).then(function (answer) { answers.push(answer); return answers; });
          });
        }, Promise.resolve([]));
      }).finally(function () { sending = false; });
    },
  };
  window.CongvuMinutesOutbox = Outbox;

  function post(item) {
    var body = Object.assign({}, item);
    delete body.refused; delete body.reason; delete body.page_url;
    return fetch(section.dataset.endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) {
          return Outbox.remove(item.client_uuid).then(function () { return { item: item, ok: true, data: data }; });
        }
        if (response.status >= 400 && response.status < 500 && response.status !== 401 && response.status !== 403 && response.status !== 429) {
          item.refused = true;
          item.reason = data.message || String(response.status);
          return Outbox.save(item).then(function () { return { item: item, ok: false, data: data }; });
        }
        return { item: item, ok: false, retry: true };
      });
    }).catch(function () { return { item: item, ok: false, retry: true }; });
  }

  // Signature pads: pointer events, so a finger, a stylus and a mouse all draw.
  var pads = {};
  section.querySelectorAll("canvas[data-pad]").forEach(function (canvas) {
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#0b3d91";
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return { x: (event.clientX - box.left) * canvas.width / box.width, y: (event.clientY - box.top) * canvas.height / box.height };
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true; var p = point(event); ctx.beginPath(); ctx.moveTo(p.x, p.y);
      if (canvas.setPointerCapture) canvas.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var p = point(event); ctx.lineTo(p.x, p.y); ctx.stroke(); drawn = true; event.preventDefault();
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
      canvas.addEventListener(name, function () { drawing = false; });
    });
    pads[canvas.dataset.pad] = { canvas: canvas, isDrawn: function () { return drawn; }, clear: function () { ctx.clearRect(0, 0, canvas.width, canvas.height); drawn = false; } };
  });
  section.querySelectorAll("[data-clear]").forEach(function (button) {
    button.addEventListener("click", function () { pads[button.dataset.clear].clear(); });
  });

  var form = section.querySelector("form");
  var status = section.querySelector("[data-testid=minutes-status]");
  var error = section.querySelector("[data-form-error]");

  function show(text, kind) {
    status.hidden = false;
    status.className = "message " + (kind || "info");
    status.textContent = text;
  }

  function report(answers) {
    answers.forEach(function (answer) {
      if (answer.ok) {
        show(T.sent.replace("%(number)s", answer.data.number), "success");
        status.dataset.state = "sent";
        form.hidden = true;
        setTimeout(function () { window.location.assign(section.dataset.pageUrl); }, 300);
      } else if (!answer.retry) {
        show(T.refused.replace("%(reason)s", answer.item.reason), "error");
        status.dataset.state = "refused";
      }
    });
  }

  function mine(item) { return item.inspection === Number(section.dataset.inspection) && item.unit === Number(section.dataset.unit); }

  function showPending() {
    return Outbox.pending().then(function (items) {
      var here = items.filter(mine);
      if (!here.length) return;
      form.hidden = !here.some(function (item) { return item.refused; }) ? true : form.hidden;
      var refused = here.filter(function (item) { return item.refused; })[0];
      if (refused) { show(T.refused.replace("%(reason)s", refused.reason), "error"); status.dataset.state = "refused"; }
      else { show(T.saved, "warn"); status.dataset.state = "saved"; }
    });
  }

  function trySend() { return Outbox.send().then(report); }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    error.hidden = true;
    var fields = ["leader_position", "representative_name", "representative_position"];
    var missing = fields.some(function (name) { return !form.elements.namedItem(name).value.trim(); });
    if (missing || !pads.leader_signature.isDrawn() || !pads.representative_signature.isDrawn()) {
      error.textContent = T.missing; error.hidden = false; return;
    }
    if (!window.confirm(T.confirm)) return;
    var item = {
      client_uuid: uuid(),
      inspection: Number(section.dataset.inspection),
      unit: Number(section.dataset.unit),
      content_sha256: section.dataset.contentSha256,
      leader_position: form.elements.namedItem("leader_position").value.trim(),
      representative_name: form.elements.namedItem("representative_name").value.trim(),
      representative_position: form.elements.namedItem("representative_position").value.trim(),
      objections: form.elements.namedItem("objections").value.trim(),
      leader_signature: pads.leader_signature.canvas.toDataURL("image/png"),
      representative_signature: pads.representative_signature.canvas.toDataURL("image/png"),
      signed_at: new Date().toISOString(),
      page_url: section.dataset.pageUrl,
    };
    Outbox.save(item).then(function () {
      form.hidden = true;
      show(T.saved, "warn");
      status.dataset.state = "saved";
      return trySend();
    }).catch(function () { error.textContent = T.storage; error.hidden = false; form.hidden = false; });
  });

  window.addEventListener("online", trySend);
  showPending().then(trySend);
})();
