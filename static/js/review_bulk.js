// The complaint review page at scale: a live count of the selection, decisions and undos sent to
// the API and shown in place (no reload, the reviewer keeps their place), and keyboard shortcuts.
// Without this file the page works as plain forms: the selection bar posts and comes back to the
// same filtered page and anchor.
//   j / k  next / previous URL      x  select the URL      a / r  accept / reject the selection
//   u      undo the URL's takedown  ?  show or hide the shortcut help
(function () {
  "use strict";
  const form = document.getElementById("decide-form");
  if (!form) return;
  const table = document.getElementById("review-items");
  const count = document.getElementById("selected-count");
  const message = document.getElementById("bulk-message");
  const matching = document.getElementById("select-matching");
  const reason = document.getElementById("bulk-reason");
  const note = document.getElementById("bulk-note");
  const help = document.getElementById("shortcut-help");
  const helpToggle = document.getElementById("shortcut-help-toggle");
  const labelsNode = document.getElementById("status-labels");
  const labels = labelsNode ? JSON.parse(labelsNode.textContent) : {};
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const openMatching = parseInt(form.dataset.openMatching || "0", 10);
  let current = -1;

  function rows() {
    return Array.from(table.querySelectorAll("tbody tr[data-item]"));
  }
  function boxes() {
    return Array.from(table.querySelectorAll("input[name=items]"));
  }
  function selected() {
    return boxes().filter((box) => box.checked);
  }

  function updateCount() {
    if (!count) return;
    const n = matching && matching.checked ? openMatching : selected().length;
    count.textContent =
      n === 0 ? count.dataset.none : n === 1 ? count.dataset.one : count.dataset.many.replace("%(n)s", n);
  }

  function say(text, isError) {
    message.textContent = text;
    message.classList.toggle("error", Boolean(isError));
  }

  function statusCell(row, item) {
    const cell = row.querySelector("td.decision");
    cell.textContent = "";
    const chip = document.createElement("span");
    chip.className = "status status-" + item.status;
    chip.textContent = labels[item.status] || item.status;
    cell.appendChild(chip);
    if (item.decision_note) {
      const text = document.createElement("span");
      text.className = "muted small";
      text.textContent = " " + item.decision_note;
      cell.appendChild(text);
    }
    if (item.undo_until) {
      const undo = document.createElement("button");
      undo.className = "btn btn-ghost btn-sm undo";
      undo.dataset.undo = String(item.id);
      undo.textContent = form.dataset.undoLabel || "Undo";
      undo.title = form.dataset.undoTitle || "";
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(undo);
    }
  }

  function pickCell(row, item) {
    const pick = row.querySelector("td.pick");
    pick.textContent = "";
    if (item.status === "valid") {
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = "items";
      box.value = String(item.id);
      box.setAttribute("aria-label", (form.dataset.selectLabel || "Select URL %(n)s").replace("%(n)s", item.line));
      pick.appendChild(box);
    }
  }

  function showItem(item) {
    const row = table.querySelector('tr[data-item="' + item.id + '"]');
    if (!row) return;
    pickCell(row, item);
    statusCell(row, item);
    row.classList.add("just-decided");
  }

  function showComplaintStatus(status) {
    const chip = document.getElementById("complaint-status");
    if (chip && labels.complaint && labels.complaint[status]) chip.textContent = labels.complaint[status];
    if (chip) chip.className = "status status-" + status;
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
    });
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = {};
    }
    if (!response.ok) {
      const detail = data.detail || Object.values(data).flat().join(" ") || response.statusText;
      throw new Error(detail);
    }
    return data;
  }

  async function decide(decision) {
    if (matching && matching.checked) {
      // Every matching URL, across pages: the plain form post decides them all on the server.
      form.requestSubmit(form.querySelector('button[name=decision][value="' + decision + '"]'));
      return;
    }
    const ids = selected().map((box) => parseInt(box.value, 10));
    if (!ids.length) {
      say(form.dataset.emptySelection || "Select at least one URL.", true);
      return;
    }
    if (decision === "reject" && !reason.value) {
      say(form.dataset.needReason || "Choose a reason to reject.", true);
      reason.focus();
      return;
    }
    try {
      const data = await post(form.dataset.api, {
        item_ids: ids,
        decision: decision,
        reason: decision === "reject" ? reason.value : "",
        note: note.value,
      });
      data.items.forEach(showItem);
      showComplaintStatus(data.complaint_status);
      note.value = "";
      const one = data.decided === 1;
      const text = decision === "accept"
        ? (one ? form.dataset.acceptedOne : form.dataset.accepted)
        : (one ? form.dataset.rejectedOne : form.dataset.rejected);
      say((text || "").replace("%(n)s", data.decided), false);
      updateCount();
    } catch (error) {
      say(error.message, true);
    }
  }

  async function undo(itemId) {
    try {
      const data = await post(form.dataset.undoApi.replace("/0/", "/" + itemId + "/"), {});
      showItem(data.item);
      showComplaintStatus(data.complaint_status);
      say((form.dataset.undone || "").replace("%(n)s", data.item.line), false);
      updateCount();
    } catch (error) {
      say(error.message, true);
    }
  }

  form.addEventListener("submit", function (event) {
    const button = event.submitter;
    if (!button) return;
    if (button.dataset.undo) {
      event.preventDefault();
      undo(button.dataset.undo);
    } else if (button.name === "decision" && !(matching && matching.checked)) {
      event.preventDefault();
      decide(button.value);
    }
  });
  form.addEventListener("change", function (event) {
    if (event.target.name === "items" || event.target === matching) updateCount();
  });

  // --- keyboard ---------------------------------------------------------------------------------
  function focusRow(index) {
    const all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(all.length - 1, index));
    all.forEach((row, i) => row.classList.toggle("is-current", i === current));
    all[current].scrollIntoView({ block: "nearest" });
  }
  function toggleHelp() {
    const open = help.hidden;
    help.hidden = !open;
    helpToggle.setAttribute("aria-expanded", String(open));
  }
  function typing(target) {
    return target.closest("input, select, textarea, [contenteditable=true]") !== null;
  }
  helpToggle.hidden = false;
  helpToggle.addEventListener("click", toggleHelp);
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const row = rows()[current];
    switch (event.key) {
      case "j":
        focusRow(current + 1);
        break;
      case "k":
        focusRow(current - 1);
        break;
      case "x": {
        const box = row && row.querySelector("input[name=items]");
        if (!box) return;
        box.checked = !box.checked;
        updateCount();
        break;
      }
      case "a":
        decide("accept");
        break;
      case "r":
        decide("reject");
        break;
      case "u": {
        const button = row && row.querySelector("button[data-undo]");
        if (!button) return;
        undo(button.dataset.undo);
        break;
      }
      case "?":
        toggleHelp();
        break;
      case "Escape":
        if (!help.hidden) toggleHelp();
        return;
      default:
        return;
    }
    event.preventDefault();
  });
  updateCount();
})();
