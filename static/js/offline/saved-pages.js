// The pages a person may need offline, kept on the device for them (split from fieldwork.js). Pages
// marked data-offline-page are saved for the signed-in user when opened from the server, with the pages
// they link to with data-offline-prefetch (the finding form of each inspected unit), and the page's own
// stylesheets and scripts go to the worker's static cache at once, so that the very first offline
// reload already has them. The service worker (sw.js) fetches and stores the copies, not this page: a
// page stops its own requests when the person moves on (or reloads itself after a send), and a copy
// whose saving is cut off half-way leaves no copy at all, not even the one saved before.
//
// <body data-offline-saved> is set when the worker has answered that this page's copies are stored.
// CongvuSavedPages.wipe(userId) drops a user's copies, and any saving still under way, at logout.
(function (global) {
  "use strict";
  var body = document.body;
  var userId = body.dataset.user;

  // Asks the worker to drop the user's saved pages and anything it is still saving for them, and waits
  // for its answer (for at most two seconds: an absent or stopped worker saves nothing anyway).
  function wipe(user) {
    var direct = global.caches ? caches.delete("congvu-pages-" + user) : Promise.resolve();
    var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!worker) return direct;
    return direct.then(function () {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        var timer = setTimeout(resolve, 2000);
        channel.port1.onmessage = function () { clearTimeout(timer); resolve(); };
        worker.postMessage({ type: "wipe", user: user }, [channel.port2]);
      });
    });
  }

  global.CongvuSavedPages = { wipe: wipe };
  if (!userId || !global.indexedDB) return;

  function saveForOffline(pages, assets) {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (!registration.active) return;
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        var answer = event.data || {};
        body.dataset.offlineSaved = String(answer.saved || 0);
        if (answer.failed) body.dataset.offlineUnsaved = String(answer.failed);
      };
      registration.active.postMessage({ type: "save", user: userId, pages: pages, assets: assets }, [channel.port2]);
    }).catch(function () {});
  }

  function rememberUser() {
    if (!global.caches) return Promise.resolve();
    return caches.open("congvu-meta").then(function (meta) {
      return meta.put("/__congvu/user", new Response(userId));
    });
  }

  if ("serviceWorker" in navigator) {
    rememberUser().then(function () { return navigator.serviceWorker.register("/sw.js", { scope: "/" }); }).catch(function () {});
  }

  if (body.dataset.offlinePage !== undefined && navigator.onLine) {
    var pages = [location.pathname + location.search];
    document.querySelectorAll("[data-offline-prefetch]").forEach(function (link) { pages.push(link.getAttribute("href")); });
    var assets = Array.prototype.map.call(document.querySelectorAll("link[rel=stylesheet], script[src]"), function (node) {
      return node.getAttribute("href") || node.getAttribute("src");
    });
    saveForOffline(pages, assets);
  }
})(window);
