/* global document, window, sessionStorage */
// Vigie dashboard, progressive enhancement only: every action also works as a plain form.
// Served as a same-origin static file so the CSP can forbid inline scripts.
(function () {
  'use strict';

  var FOCUS_KEY = 'vigie.queue.focus';

  function typingInField(event) {
    var t = event.target;
    if (!t || !t.tagName) return false;
    var tag = t.tagName.toLowerCase();
    return tag === 'input' || tag === 'textarea' || tag === 'select' || t.isContentEditable;
  }

  function openDialog(dialog) {
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    var first = dialog.querySelector('select, input, button');
    if (first) first.focus();
  }

  function closeDialog(dialog) {
    if (typeof dialog.close === 'function') dialog.close();
    else dialog.removeAttribute('open');
  }

  function setupQueue(table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll('tr.alert-row'));
    var actionForm = document.getElementById('row-action');
    var dismissDialog = document.getElementById('dismiss-dialog');
    var selectedCount = document.getElementById('selected-count');
    var index = -1;

    function focusRow(i, scroll) {
      if (rows.length === 0) return;
      i = Math.max(0, Math.min(rows.length - 1, i));
      if (rows[index]) rows[index].classList.remove('focused');
      index = i;
      rows[i].classList.add('focused');
      rows[i].setAttribute('aria-current', 'true');
      if (scroll && rows[i].scrollIntoView) rows[i].scrollIntoView({ block: 'nearest' });
      try {
        sessionStorage.setItem(FOCUS_KEY, String(i));
      } catch {
        // Storage may be disabled: focus simply is not remembered.
      }
    }

    function current() {
      return rows[index] || null;
    }

    function refreshSelected() {
      var n = table.querySelectorAll('input.row-select:checked').length;
      if (selectedCount) selectedCount.textContent = String(n);
      rows.forEach(function (row) {
        var box = row.querySelector('input.row-select');
        row.classList.toggle('selected', !!(box && box.checked));
      });
    }

    function submitStatus(row, status, reason) {
      if (!actionForm || !row) return;
      actionForm.setAttribute(
        'action',
        row.getAttribute(status === 'escalated' ? 'data-escalate' : 'data-triage'),
      );
      actionForm.querySelector('[name=status]').value = status;
      actionForm.querySelector('[name=version]').value = row.getAttribute('data-version');
      actionForm.querySelector('[name=reason]').value = reason || '';
      actionForm.submit();
    }

    var saved = -1;
    try {
      saved = Number(sessionStorage.getItem(FOCUS_KEY));
    } catch {
      saved = -1;
    }
    focusRow(isFinite(saved) && saved >= 0 ? saved : 0, false);

    rows.forEach(function (row, i) {
      row.addEventListener('click', function (event) {
        if (event.target && event.target.closest && event.target.closest('a, input, button')) return;
        focusRow(i, false);
      });
    });
    table.addEventListener('change', refreshSelected);

    if (dismissDialog) {
      var dismissForm = dismissDialog.querySelector('form');
      dismissDialog.querySelector('[data-cancel]').addEventListener('click', function () {
        closeDialog(dismissDialog);
      });
      dismissForm.addEventListener('submit', function (event) {
        event.preventDefault();
        var reason = dismissForm.querySelector('[name=reason]').value;
        closeDialog(dismissDialog);
        submitStatus(current(), 'dismissed', reason);
      });
    }

    document.addEventListener('keydown', function (event) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (typingInField(event)) return;
      if (dismissDialog && dismissDialog.hasAttribute('open')) return;
      var row = current();
      switch (event.key) {
        case 'j':
          focusRow(index + 1, true);
          break;
        case 'k':
          focusRow(index - 1, true);
          break;
        case 'Enter':
          if (row) window.location.assign(row.getAttribute('data-href'));
          break;
        case 'x':
          if (row) {
            var box = row.querySelector('input.row-select');
            if (box) box.checked = !box.checked;
            refreshSelected();
          }
          break;
        case 'c':
          submitStatus(row, 'confirmed');
          break;
        case 'e':
          submitStatus(row, 'escalated');
          break;
        case 'd':
          if (row && dismissDialog) openDialog(dismissDialog);
          break;
        default:
          return;
      }
      event.preventDefault();
    });
    refreshSelected();
  }

  // Detail page: c / e submit the matching triage form, d focuses the dismiss reason.
  function setupDetail(root) {
    document.addEventListener('keydown', function (event) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (typingInField(event)) return;
      var form = root.querySelector('form[data-key="' + event.key + '"]');
      if (!form) return;
      event.preventDefault();
      var reason = form.querySelector('select[name=reason]');
      if (reason) reason.focus();
      else form.submit();
    });
  }

  // Bulk "dismiss" needs a reason: show its select only then.
  function setupBulk(form) {
    var action = form.querySelector('[name=status]');
    var reason = form.querySelector('.bulk-reason');
    function sync() {
      if (reason) reason.hidden = action.value !== 'dismissed';
    }
    action.addEventListener('change', sync);
    sync();
  }

  document.addEventListener('DOMContentLoaded', function () {
    var table = document.getElementById('alert-queue');
    if (table) setupQueue(table);
    var detail = document.getElementById('alert-detail');
    if (detail) setupDetail(detail);
    var bulk = document.getElementById('bulk-form');
    if (bulk) setupBulk(bulk);
    var lang = document.getElementById('lang-select');
    if (lang) {
      lang.addEventListener('change', function () {
        lang.form.submit();
      });
    }
  });
})();
