// The device's outbox: work recorded without a network, kept in IndexedDB until the server has it.
// One database per user ("congvu-outbox-<user id>"), so another user of the same tablet never reads it.
(function (global) {
  "use strict";
  var STORE = "items";

  function open(userId) {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open("congvu-outbox-" + userId, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "client_uuid" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(userId, mode, work) {
    return open(userId).then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
        tx.onabort = function () { db.close(); reject(tx.error); };
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
