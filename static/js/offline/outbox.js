// The device's outbox: every capture on the fieldwork pages, kept in IndexedDB until the server has
// answered for it. One database per user ("congvu-outbox-<user id>"), so another user of the same
// tablet never reads it. Every call returns a promise that rejects with the browser's error, so the
// page can tell the person when the tablet could not save (full storage, private mode, a broken
// database) instead of silently doing nothing.
(function (global) {
  "use strict";
  var STORE = "items";

  // A database that never answers (a browser bug class, or storage the system is busy with) must not
  // leave "save" hanging: after OPEN_TIMEOUT_MS the caller is told, like any other storage failure,
  // and a connection that opens later is closed unused.
  var OPEN_TIMEOUT_MS = 15000;

  function open(userId) {
    return new Promise(function (resolve, reject) {
      var settled = false;
      function fail(error) {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      }
      var timer = setTimeout(function () {
        var error = new Error("the tablet's storage did not answer");
        error.name = "TimeoutError";
        fail(error);
      }, OPEN_TIMEOUT_MS);
      var request;
      try {
        request = indexedDB.open("congvu-outbox-" + userId, 1);
      } catch (error) {
        fail(error);
        return;
      }
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "client_uuid" });
      };
      request.onsuccess = function () {
        if (settled) { request.result.close(); return; }
        settled = true;
        clearTimeout(timer);
        resolve(request.result);
      };
      request.onerror = function () { fail(request.error || new Error("indexedDB.open failed")); };
      request.onblocked = function () { fail(new Error("the outbox is held open by another tab")); };
    });
  }

  function run(userId, mode, work) {
    return open(userId).then(function (db) {
      return new Promise(function (resolve, reject) {
        var result;
        try {
          var tx = db.transaction(STORE, mode);
          tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : result); };
          tx.onerror = function () { db.close(); reject(tx.error || new Error("transaction failed")); };
          tx.onabort = function () { db.close(); reject(tx.error || new Error("transaction aborted")); };
          result = work(tx.objectStore(STORE));
        } catch (error) {
          db.close();
          reject(error);
        }
      });
    });
  }

  function uuid() {
    if (global.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  global.CongvuOutbox = {
    uuid: uuid,
    put: function (userId, item) {
      item.saved_at = item.saved_at || new Date().toISOString();
      return run(userId, "readwrite", function (store) { store.put(item); });
    },
    get: function (userId, key) {
      return run(userId, "readonly", function (store) { return store.get(key); });
    },
    all: function (userId) {
      return run(userId, "readonly", function (store) { return store.getAll(); });
    },
    remove: function (userId, key) {
      return run(userId, "readwrite", function (store) { store.delete(key); });
    },
    destroy: function (userId) {
      return new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase("congvu-outbox-" + userId);
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      });
    },
  };
})(window);
