// Gluteus service worker: our own. Today's session, the plan and the assets open without
// signal (the network first, the last copy when there is none); logging offline is queued
// by the page itself (today.js), so nothing is written here. Signing out clears this cache
// (the sign-out answer carries Clear-Site-Data; a page that now asks to sign in drops it too).
"use strict";
var CACHE = "gluteus-v1";
var ASSETS = ["/static/style.css", "/static/today.js", "/static/manifest.webmanifest",
              "/static/icon.svg", "/static/icon-192.png"];
var PAGES = ["/today", "/plan"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(ASSETS); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  var page = PAGES.indexOf(url.pathname) !== -1;
  var asset = url.pathname.indexOf("/static/") === 0;
  if (!page && !asset) { return; }
  event.respondWith(
    fetch(request).then(function (response) {
      if (page && response.redirected && new URL(response.url).pathname === "/login") {
        // Signed out (or the session ended): nobody's pages stay here for the next person.
        caches.delete(CACHE);
      } else if (response.ok && !response.redirected) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(url.pathname).then(function (hit) {
        return hit || new Response("You are offline and this page has not been opened here yet.",
          { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
      });
    })
  );
});
