/* The seminar's Q&A page: reload the ranked list every few seconds without reloading the page.
 *
 * Progressive enhancement: without JavaScript the page works as is and a reload updates it.
 * The list is replaced only when the reader is not typing in it (a note for "answered live").
 */
(function () {
  "use strict";

  var list = document.querySelector("[data-refresh-url]");
  if (!list || !window.fetch) {
    return;
  }
  var url = list.getAttribute("data-refresh-url");
  var seconds = parseInt(list.getAttribute("data-refresh-seconds"), 10) || 15;

  function busy() {
    var active = document.activeElement;
    if (active && list.contains(active) && /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(active.tagName)) {
      return true;
    }
    return Array.prototype.some.call(list.querySelectorAll("input[type=text], textarea"), function (field) {
      return field.value.trim() !== "";
    });
  }

  function refresh() {
    if (document.hidden || busy()) {
      return;
    }
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok || response.redirected) {
          throw new Error("not refreshed");
        }
        return response.text();
      })
      .then(function (html) {
        if (!busy()) {
          list.innerHTML = html;
        }
      })
      .catch(function () {
        /* Keep the list as it is; the next tick tries again. */
      });
  }

  window.setInterval(refresh, seconds * 1000);
})();
