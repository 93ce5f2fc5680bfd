// Submit a Complaint: reasons follow the chosen IPR, guidance follows the reason, and every
// pasted URL line is checked as the user types (same checker as the server, via the API).
(function () {
  "use strict";
  const form = document.getElementById("complaint-form");
  if (!form) return;
  const guidance = JSON.parse(document.getElementById("reason-guidance-data").textContent);
  const iprReasons = JSON.parse(document.getElementById("ipr-reasons-data").textContent);
  const ipr = form.querySelector("#id_ipr");
  const reason = form.querySelector("#id_reason");
  const guide = document.getElementById("reason-guidance");
  const checklist = document.getElementById("evidence-checklist");
  const urls = form.querySelector("#id_urls");
  const results = document.getElementById("url-results");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function filterReasons() {
    const allowed = iprReasons[ipr.value] || null;
    for (const option of reason.options) {
      if (!option.value) continue;
      const ok = !allowed || allowed.includes(option.value);
      option.hidden = !ok;
      option.disabled = !ok;
    }
    if (reason.selectedOptions[0] && reason.selectedOptions[0].disabled) reason.value = "";
    showGuidance();
  }

  const proofBox = document.getElementById("proof-box");
  const dropButton = document.getElementById("drop-invalid");
  const words = JSON.parse(document.getElementById("complaint-form-words").textContent);

  function showGuidance() {
    const g = guidance[reason.value];
    guide.hidden = !(g && g.text);
    guide.textContent = g ? g.text : "";
    checklist.replaceChildren();
    const items = g ? g.checklist : [];
    proofBox.hidden = items.length === 0;
    for (const item of items) {
      const li = document.createElement("li");
      li.className = item.required ? "proof-required" : "proof-recommended";
      const tag = document.createElement("span");
      tag.className = "proof-tag";
      tag.textContent = item.required ? words.required : words.recommended;
      li.append(tag, " " + item.text);
      checklist.appendChild(li);
    }
  }

  function platform() {
    const checked = form.querySelector("input[name=platform]:checked");
    return checked ? checked.value : "";
  }

  let timer = null;
  let seq = 0;
  async function fetchCheck() {
    const response = await fetch("/api/v1/complaints/check-urls/", {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify({urls: urls.value, platform: platform()}),
    });
    return response.ok ? response.json() : null;
  }
  async function checkUrls(removed) {
    const mine = ++seq;
    if (!urls.value.trim()) {
      results.replaceChildren();
      if (removed) results.append(removed instanceof Element ? removed : removedNote(removed));
      return;
    }
    const body = await fetchCheck();
    if (!body || mine !== seq) return;
    results.replaceChildren();
    for (const line of body.lines) {
      const div = document.createElement("div");
      div.className = "url-line " + (line.ok ? "good" : "bad");
      div.dataset.line = line.line;
      const ln = document.createElement("span");
      ln.className = "ln";
      ln.textContent = line.line;
      div.appendChild(ln);
      div.appendChild(document.createTextNode(" " + (line.ok ? "\u2713 " + line.platform + " " + line.listing_id : line.message)));
      results.appendChild(div);
    }
    const summary = document.createElement("div");
    summary.className = "url-summary";
    summary.textContent = body.summary;
    results.prepend(summary);
    if (removed) results.prepend(removed instanceof Element ? removed : removedNote(removed));
  }
  function scheduleCheck() { clearTimeout(timer); timer = setTimeout(() => checkUrls(), 350); }

  // What "Remove the invalid lines" took out, and why (the same note the server writes).
  function removedNote(removed) {
    const note = document.createElement("div");
    note.className = "url-summary";
    note.id = "removed-lines";
    note.setAttribute("role", "status");
    if (!removed.length) { note.textContent = words.none_removed; return note; }
    note.textContent = (removed.length === 1 ? words.removed_one : words.removed_many).replace("%(n)s", removed.length);
    const list = document.createElement("ul");
    for (const line of removed) {
      const li = document.createElement("li");
      const url = document.createElement("span");
      url.className = "url-cell";
      url.textContent = line.url.length > 80 ? line.url.slice(0, 79) + "\u2026" : line.url;
      li.append(words.line.replace("%(n)s", line.line) + ": ", url, " (" + line.message + ")");
      list.appendChild(li);
    }
    note.appendChild(list);
    return note;
  }

  // In place: the same rule as the server's button (keep the lines the checker accepts).
  async function dropInvalid(event) {
    event.preventDefault();
    clearTimeout(timer);
    const body = await fetchCheck();
    if (!body) { form.requestSubmit(dropButton); return; }
    const removed = body.lines.filter((line) => !line.ok);
    urls.value = body.lines.filter((line) => line.ok).map((line) => line.url).join("\n");
    await checkUrls(removed);
    urls.focus();
  }

  ipr.addEventListener("change", filterReasons);
  reason.addEventListener("change", showGuidance);
  urls.addEventListener("input", scheduleCheck);
  dropButton.addEventListener("click", dropInvalid);
  form.querySelectorAll("input[name=platform]").forEach((r) => r.addEventListener("change", scheduleCheck));
  filterReasons();
  // A note the server wrote (the button used without the script) stays above the fresh check.
  if (urls.value.trim()) checkUrls(document.getElementById("removed-lines"));
})();
