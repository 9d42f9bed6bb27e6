// congvu service worker: static files from the cache (refreshed in the background); pages from the
// network, and when there is none (or it hangs, or answers 5xx), from the copy the logged-in user's fieldwork pages saved
// (cache "congvu-pages-<user id>"). It never serves one user's saved pages to another.
"use strict";
var STATIC = "congvu-static-v1";
var META = "congvu-meta";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

// The user whose saved pages may be shown: the one who saved them, and only while the browser's
// "congvu_owner" cookie (set by the server for the signed-in user, ending with the session, gone when
// cookies are cleared) names the same user. Browsers without cookieStore fall back to the saver alone.
function savedBy() {
  return caches.open(META)
    .then(function (meta) { return meta.match("/__congvu/user"); })
    .then(function (hit) { return hit ? hit.text() : ""; });
}

function signedIn() {
  if (!self.cookieStore) return Promise.resolve(null);
  return self.cookieStore.get("congvu_owner").then(function (cookie) { return cookie ? cookie.value : ""; });
}

function agreed(saver, owner) {
  if (owner === null) return saver;
  return saver && saver === owner ? saver : "";
}

function fromStatic(request) {
  return caches.open(STATIC).then(function (cache) {
    return cache.match(request).then(function (hit) {
      var refresh = fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
      if (hit) { refresh.catch(function () {}); return hit; }
      return refresh;
    });
  });
}

var OFFLINE_PAGE =
  '<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
  "<title>Không có mạng</title><body style=\"font-family:sans-serif;padding:2rem\"><h1>Không có kết nối mạng</h1>" +
  "<p>Trang này chưa được lưu trên máy. Các trang làm việc tại hiện trường đã mở trước đó vẫn dùng được khi mất mạng.</p>" +
  "<p>No network, and this page was not saved on this device.</p><p><a href=\"javascript:history.back()\">← Quay lại</a></p></body></html>";

// A network that is "connected but not working" hangs or answers with a proxy's error page: after
// NAVIGATION_TIMEOUT_MS, or on a 5xx, the saved copy is shown instead (when there is one).
var NAVIGATION_TIMEOUT_MS = 10000;

function network(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, NAVIGATION_TIMEOUT_MS);
    fetch(request).then(function (response) {
      clearTimeout(timer);
      if (response.status >= 500) reject(response); else resolve(response);
    }, function (error) { clearTimeout(timer); reject(error); });
  });
}

// What the worker sees when a page has no saved copy: which pages this user has saved, and the
// origin's storage use, so that an emptied (evicted) cache can be told from a missing page.
function noCopy(cache, userId) {
  var estimate = self.navigator.storage && self.navigator.storage.estimate
    ? self.navigator.storage.estimate().catch(function () { return {}; })
    : Promise.resolve({});
  return Promise.all([cache.keys(), estimate]).then(function (seen) {
    var paths = seen[0].map(function (request) { var u = new URL(request.url); return u.pathname + u.search; });
    return "no-copy user=" + userId + " saved=" + seen[0].length + " [" + paths.join(" ") + "]" +
      " storage=" + (seen[1].usage || "?") + "/" + (seen[1].quota || "?");
  });
}

// The offline answer says why no saved copy was shown (X-Congvu-Offline): "no-user" when the saver
// and the signed-in owner do not agree (with both ids), "no-copy" when this user saved no such page.
function fromNetworkOrSaved(request) {
  return network(request).catch(function (failed) {
    var why = "";
    return Promise.all([savedBy(), signedIn()]).then(function (users) {
      var userId = agreed(users[0], users[1]);
      if (!userId) { why = "no-user saver=" + users[0] + " owner=" + users[1]; return undefined; }
      return caches.open("congvu-pages-" + userId).then(function (cache) {
        return cache.match(request).then(function (hit) {
          return hit || cache.match(request, { ignoreSearch: true });
        }).then(function (hit) {
          if (hit) return hit;
          return noCopy(cache, userId).then(function (text) { why = text; return undefined; });
        });
      });
    }).then(function (hit) {
      if (hit) return hit;
      if (failed instanceof Response) return failed;
      return new Response(OFFLINE_PAGE, {
        status: 503,
        headers: { "Content-Type": "text/html; charset=utf-8", "X-Congvu-Offline": why },
      });
    });
  });
}

// Saving for offline use, asked by the pages (saved-pages.js): each copy is read whole before it is
// stored, so a cut connection never replaces a good copy with a broken one, and it is done here because
// the worker outlives the page that asked. A login page met on the way (the session ran out) is not
// kept. "wipe" (at logout) drops the user's copies and any saving still under way for them.
var wipes = {};

function keep(cacheName, url, user) {
  var generation = wipes[user] || 0;
  return fetch(url, { credentials: "same-origin" }).then(function (response) {
    if (!response.ok || response.redirected) return false;
    return response.blob().then(function (body) {
      if ((wipes[user] || 0) !== generation) return false;
      var copy = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      return caches.open(cacheName).then(function (cache) { return cache.put(url, copy); }).then(function () { return true; });
    });
  }).catch(function () { return false; });
}

function sameOrigin(url) {
  try { return new URL(url, self.location.href).origin === self.location.origin; } catch (error) { return false; }
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var user = String(data.user || "");
  if (!/^[0-9]+$/.test(user)) return;
  if (data.type === "save") {
    var work = (data.pages || []).filter(sameOrigin).map(function (url) {
      return keep("congvu-pages-" + user, new URL(url, self.location.href).href, user);
    }).concat((data.assets || []).filter(sameOrigin).map(function (url) {
      return keep(STATIC, new URL(url, self.location.href).href, user);
    }));
    var reply = event.ports && event.ports[0];
    event.waitUntil(Promise.all(work).then(function (kept) {
      var saved = kept.filter(Boolean).length;
      if (reply) reply.postMessage({ saved: saved, failed: kept.length - saved });
    }));
  } else if (data.type === "wipe") {
    wipes[user] = (wipes[user] || 0) + 1;
    var port = event.ports && event.ports[0];
    event.waitUntil(caches.delete("congvu-pages-" + user).then(function () { if (port) port.postMessage("wiped"); }));
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(fromStatic(request));
  } else if (request.mode === "navigate") {
    event.respondWith(fromNetworkOrSaved(request));
  }
});
