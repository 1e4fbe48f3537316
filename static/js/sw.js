/* RUKO PARSEL's service worker: a form sent without a connection is kept on the phone and
   sent when the connection returns, by itself, even after the page was closed.

   Only the forms named at registration (?queue=<path>, e.g. the case form) are kept, and only
   when the network fails: a form that reaches the server is never touched. Each kept form
   carries the idempotency key its page gave it, so a form that did reach the server before
   the connection dropped is answered with the case it already made: nothing is made twice.
   The page it shows meanwhile (?kept=<path>) is stored while online. Pages hear what
   happened through messages: {type: "status", waiting}, {type: "sent", url, key},
   {type: "failed", url, key} (the server refused it: the form's draft still holds the text). */
"use strict";

var params = new URL(self.location).searchParams;
var KEPT = params.get("kept") || "/tersimpan/";
var QUEUE = params.getAll("queue");
var ASSETS = params.getAll("asset"); /* what the kept page needs: its style and script */
var CACHE = "ruko-kept-1";
var DB_NAME = "ruko-outbox";
var STORE = "requests";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE)
      .then(function (cache) {
        return cache.addAll([new Request(KEPT, { credentials: "same-origin" })].concat(ASSETS));
      })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function database() {
  return new Promise(function (resolve, reject) {
    var open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = function () {
      open.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
    };
    open.onsuccess = function () { resolve(open.result); };
    open.onerror = function () { reject(open.error); };
  });
}

function store(mode, work) {
  return database().then(function (db) {
    return new Promise(function (resolve, reject) {
      var transaction = db.transaction(STORE, mode);
      var request = work(transaction.objectStore(STORE));
      transaction.oncomplete = function () { resolve(request ? request.result : undefined); };
      transaction.onerror = function () { reject(transaction.error); };
    });
  });
}

function keep(item) { return store("readwrite", function (s) { return s.add(item); }); }
function kept() { return store("readonly", function (s) { return s.getAll(); }); }
function forget(id) { return store("readwrite", function (s) { return s.delete(id); }); }

function tell(message) {
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (list) {
    list.forEach(function (client) { client.postMessage(message); });
  });
}

function status() {
  return kept().then(function (items) { return tell({ type: "status", waiting: items.length }); });
}

function keyOf(entries) {
  for (var i = 0; i < entries.length; i++) {
    if (entries[i][0] === "idempotency_key") { return entries[i][1]; }
  }
  return "";
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method === "GET" && ASSETS.indexOf(new URL(request.url).pathname) >= 0) {
    event.respondWith(fetch(request).catch(function () { return caches.match(request); }));
    return;
  }
  if (request.method !== "POST" || QUEUE.indexOf(new URL(request.url).pathname) < 0) { return; }
  event.respondWith(
    request.clone().formData().then(function (form) {
      var entries = [];
      form.forEach(function (value, name) { entries.push([name, value]); });
      return fetch(request).catch(function () {
        return keep({ url: request.url, entries: entries, at: Date.now() }).then(function () {
          if (self.registration.sync) {
            self.registration.sync.register("ruko-outbox").catch(function () {});
          }
          return caches.match(KEPT);
        });
      });
    })
  );
});

var flushing = null;
function flush() {
  if (flushing) { return flushing; }
  flushing = kept().then(function (items) {
    return items.reduce(function (chain, item) {
      return chain.then(function () {
        var body = new FormData();
        item.entries.forEach(function (entry) {
          if (entry[1] instanceof File) { body.append(entry[0], entry[1], entry[1].name); }
          else { body.append(entry[0], entry[1]); }
        });
        return fetch(item.url, { method: "POST", body: body, credentials: "same-origin" })
          .then(function (response) {
            /* a form the server took answers with a redirect to what it made, marked
               ?draft=sent; a redirect anywhere else (the login page after the session ended,
               the code step) took nothing: the form's draft keeps the text */
            var sent = response.ok && response.redirected &&
              new URL(response.url).searchParams.get("draft") === "sent";
            return forget(item.id).then(function () {
              return tell({
                type: sent ? "sent" : "failed",
                url: sent ? response.url : item.url,
                key: keyOf(item.entries),
              });
            });
          }, function () { /* still no connection: kept for the next try */ });
      });
    }, Promise.resolve());
  }).then(status, status).then(function () { flushing = null; });
  return flushing;
}

self.addEventListener("sync", function (event) {
  if (event.tag === "ruko-outbox") { event.waitUntil(flush()); }
});

self.addEventListener("message", function (event) {
  if (event.data === "flush") { event.waitUntil(flush()); }
  if (event.data === "status") { event.waitUntil(status()); }
  if (event.data === "forget") {  /* logging out on a shared phone: nothing stays behind */
    event.waitUntil(store("readwrite", function (s) { return s.clear(); }));
  }
});
