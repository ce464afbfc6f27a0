/* Small progressive enhancements; every page works without them.
 *
 * 1. A form sends once: a double click does not post twice.
 * 2. What is typed in a long form is kept in this tab (sessionStorage) until the server accepts
 *    it, so a session that expired while writing loses nothing: log in again, come back, the
 *    text is there.
 * 3. On a phone, the list's filters start folded above the results (open elsewhere).
 */
(function () {
  "use strict";

  var DRAFT_PREFIX = "portal-draft:";
  var PENDING_KEY = "portal-draft-pending";

  function draftKey(form) {
    return DRAFT_PREFIX + (form.getAttribute("action") || window.location.pathname);
  }

  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return (
        field.name &&
        field.name !== "csrfmiddlewaretoken" &&
        (field.tagName === "TEXTAREA" ||
          (field.tagName === "INPUT" && /^(text|email|date|datetime-local|number|url)$/.test(field.type)))
      );
    });
  }

  function saveDraft(form) {
    var values = {};
    keptFields(form).forEach(function (field) {
      values[field.name] = field.value;
    });
    try {
      window.sessionStorage.setItem(draftKey(form), JSON.stringify(values));
    } catch (error) {
      /* storage full or disabled: the form still works */
    }
  }

  function restoreDraft(form) {
    var saved;
    try {
      saved = JSON.parse(window.sessionStorage.getItem(draftKey(form)) || "null");
    } catch (error) {
      saved = null;
    }
    if (!saved) return;
    var restored = false;
    keptFields(form).forEach(function (field) {
      if (!field.value && saved[field.name]) {
        field.value = saved[field.name];
        restored = true;
      }
    });
    if (restored && form.dataset.restoredMessage) {
      var note = document.createElement("p");
      note.className = "message";
      note.setAttribute("role", "status");
      note.textContent = form.dataset.restoredMessage;
      form.insertBefore(note, form.firstChild);
    }
  }

  function forgetPendingDrafts(formsHere) {
    /* The server said "saved" and moved on from the form: its draft is no longer needed.
     * A success message above the same form (e.g. "signed in" after a session expired) is
     * not that: the draft stays to be restored. */
    var pending;
    try {
      pending = JSON.parse(window.sessionStorage.getItem(PENDING_KEY) || "[]");
      var kept = pending.filter(function (key) {
        return formsHere.indexOf(key) !== -1;
      });
      pending.forEach(function (key) {
        if (kept.indexOf(key) === -1) window.sessionStorage.removeItem(key);
      });
      window.sessionStorage.setItem(PENDING_KEY, JSON.stringify(kept));
    } catch (error) {
      /* nothing to forget */
    }
  }

  function markPending(form) {
    try {
      var pending = JSON.parse(window.sessionStorage.getItem(PENDING_KEY) || "[]");
      if (pending.indexOf(draftKey(form)) === -1) pending.push(draftKey(form));
      window.sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    } catch (error) {
      /* ignore */
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var draftForms = Array.prototype.map.call(
      document.querySelectorAll("form[data-keep-draft]"),
      draftKey
    );
    if (document.querySelector(".message-success")) forgetPendingDrafts(draftForms);

    Array.prototype.forEach.call(document.querySelectorAll("form[method=post]"), function (form) {
      var keepsDraft = form.hasAttribute("data-keep-draft");
      if (keepsDraft) {
        restoreDraft(form);
        form.addEventListener("input", function () {
          saveDraft(form);
        });
      }
      form.addEventListener("submit", function (event) {
        if (form.dataset.sending === "1") {
          event.preventDefault();
          return;
        }
        form.dataset.sending = "1";
        if (keepsDraft) {
          saveDraft(form);
          markPending(form);
        }
        /* Disable after the browser has read the clicked button's name and value. */
        window.setTimeout(function () {
          Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) {
            b.disabled = true;
          });
        }, 0);
      });
    });

    /* Back from the browser's page cache: let the form send again. */
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) return;
      Array.prototype.forEach.call(document.querySelectorAll("form[data-sending]"), function (form) {
        delete form.dataset.sending;
        Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) {
          b.disabled = false;
        });
      });
    });
  });
  // 3. Filters folded on a phone: the results are one tap away, the filters one tap too.
  if (window.matchMedia && window.matchMedia("(max-width: 760px)").matches) {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-fold-on-phone]"), function (box) {
      box.removeAttribute("open");
    });
  }
})();
