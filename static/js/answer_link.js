// A link to an answer or comment on another page of its thread (#tra-loi-12, #binh-luan-7): the
// browser keeps the fragment to itself, so ask the server for the page that holds it.
(function () {
  "use strict";
  var match = /^#(tra-loi|binh-luan)-(\d+)$/.exec(window.location.hash);
  if (!match || document.getElementById(match[1] + "-" + match[2])) {
    return;
  }
  var params = new URLSearchParams(window.location.search);
  if (params.get(match[1]) === match[2]) {
    return; // asked already: the post is gone or hidden from this reader
  }
  params.delete("page");
  params.set(match[1], match[2]);
  window.location.replace(window.location.pathname + "?" + params.toString() + window.location.hash);
})();
