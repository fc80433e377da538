// nianbao review: click-to-scroll, decisions, text selection and keyboard shortcuts. No build step.
(function () {
  "use strict";
  const body = document.body;
  const reportId = body.dataset.report;
  if (!reportId) return;
  const source = document.getElementById("source");
  const pane = document.getElementById("facts-pane");
  const cells = JSON.parse(document.getElementById("cells-data").textContent || "{}");
  const addForm = document.getElementById("add-form");
  const cellPanel = document.getElementById("cell-panel");
  let current = null;
  let selection = null; // {start, end, text} of the last text selected in the source

  const facts = () => Array.from(document.querySelectorAll("article.fact"));
  const factByKey = (key) => facts().find((el) => el.dataset.fact === key) || null;
  const segments = (key) => source ? Array.from(source.querySelectorAll("[data-k]")).filter((el) => el.dataset.k.split(" ").includes(key)) : [];

  function flash(keys) {
    let first = null;
    for (const key of keys) {
      for (const seg of segments(key)) {
        first = first || seg;
        seg.classList.remove("flash");
        void seg.offsetWidth; // restart the animation
        seg.classList.add("flash");
      }
    }
    if (first) first.scrollIntoView({ block: "center" });
  }

  function select(card, opts) {
    if (!card) return;
    if (current) current.classList.remove("current");
    current = card;
    card.classList.add("current");
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest", behavior: opts && opts.instant ? "auto" : "smooth" });
    if (!opts || opts.flash !== false) flash([card.dataset.fact]);
  }

  async function post(url, payload) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    });
    let data = {};
    try { data = await response.json(); } catch (e) { /* not JSON */ }
    if (!response.ok) throw new Error(data.detail || response.status + " " + response.statusText);
    return data;
  }

  function showError(form, error) {
    const p = form.querySelector(".error");
    if (p) { p.textContent = String(error.message || error); p.hidden = false; }
  }

  function reloadAt(hash) {
    location.hash = hash;
    location.reload();
  }

  function updateProgress(progress) {
    if (!progress) return;
    for (const [name, value] of Object.entries(progress)) {
      const el = document.querySelector(`[data-progress="${name}"]`);
      if (el) el.textContent = value;
    }
  }

  async function decide(card, action, fact) {
    const key = card.dataset.fact;
    const data = await post(`/api/report/${reportId}/facts/${encodeURIComponent(key)}/decision`, { action, fact });
    if (data.reload) return reloadAt("fact=" + encodeURIComponent(key));
    updateProgress(data.progress);
    if (data.html) {
      const holder = document.createElement("div");
      holder.innerHTML = data.html;
      const fresh = holder.firstElementChild;
      card.replaceWith(fresh);
      if (current === card) { current = fresh; fresh.classList.add("current"); }
      return fresh;
    }
    return card;
  }

  function nextFact(from, undecidedOnly) {
    const all = facts();
    if (!all.length) return null;
    const start = from ? all.indexOf(from) : -1;
    if (!undecidedOnly) return all[Math.min(all.length - 1, start + 1)];
    for (let step = 1; step <= all.length; step++) {
      const card = all[(start + step) % all.length];
      if (card.classList.contains("st-none")) return card;
    }
    return null;
  }

  function prevFact(from) {
    const all = facts();
    const i = from ? all.indexOf(from) : all.length;
    return all[Math.max(0, i - 1)] || null;
  }

  async function quickDecision(card, action) {
    try {
      const fresh = await decide(card, action);
      if (fresh && (action === "accept" || action === "reject")) select(nextFact(fresh, true) || fresh);
    } catch (error) {
      alert(error.message || error);
    }
  }

  function openCorrection(card) {
    const form = card.querySelector("form.correct");
    form.hidden = false;
    const first = form.querySelector("input[name=value], input[name=text]");
    if (first) { first.focus(); first.select(); }
  }

  function formFields(form) {
    const fact = {};
    for (const el of form.elements) {
      if (!el.name) continue;
      if (el.type === "checkbox") fact[el.name] = el.checked;
      else if (el.name === "start" || el.name === "end") { if (el.value !== "") fact[el.name] = parseInt(el.value, 10); }
      else fact[el.name] = el.value;
    }
    return fact;
  }

  // Offsets in the source text (code points) of a DOM position inside #source.
  function offsetOf(node, offset) {
    if (!source || !source.contains(node)) return null;
    if (node === source) {
      const child = source.childNodes[offset];
      return child ? parseInt(child.dataset.s, 10) : [...source.textContent].length;
    }
    const seg = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest("[data-s]");
    if (!seg) return null;
    const base = parseInt(seg.dataset.s, 10);
    if (node.nodeType !== Node.TEXT_NODE) return base + (offset > 0 ? [...seg.textContent].length : 0);
    return base + [...node.data.slice(0, offset)].length;
  }

  function readSelection() {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    const range = sel.getRangeAt(0);
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    return { start, end, text: sel.toString() };
  }

  function showAddForm(sel) {
    if (!addForm || body.dataset.hasText !== "yes") return;
    addForm.hidden = false;
    addForm.querySelector(".quote-preview").textContent = `「${sel.text}」 @${sel.start}–${sel.end}`;
    addForm.elements.start.value = sel.start;
    addForm.elements.end.value = sel.end;
    const match = sel.text.match(/\d+(?:\.\d+)?/);
    if (match && !addForm.elements.value.value) addForm.elements.value.value = match[0];
    syncAddKind();
    addForm.scrollIntoView({ block: "nearest" });
  }

  function syncAddKind() {
    const option = addForm.elements.list.selectedOptions[0];
    const kind = option ? option.dataset.kind : "count";
    for (const el of addForm.querySelectorAll("[data-for]")) el.hidden = !el.dataset.for.split(" ").includes(kind);
  }

  function openCell(key) {
    const cell = cells[key];
    if (!cell || !cellPanel) return;
    cellPanel.hidden = false;
    cellPanel.dataset.token = key;
    cellPanel.querySelector(".cell-path").textContent = cell.path;
    cellPanel.querySelector(".cell-label").textContent = cell.label || "";
    cellPanel.querySelector(".cell-value").textContent = cell.value === null ? "blank" : cell.value;
    cellPanel.querySelector(".cell-raw").textContent = cell.raw;
    cellPanel.querySelector(".cell-flags").textContent = (cell.flags || []).join(", ") + (cell.note ? " · " + cell.note : "");
    const marks = Object.entries(cell.misread || {}).map(([who, p]) => `${who}: misread` + (p.value !== null && p.value !== undefined ? ` (prints ${p.value})` : "") + (p.note ? ` – ${p.note}` : ""))
      .concat((cell.confirmed || []).map((who) => `${who}: confirmed`));
    cellPanel.querySelector(".cell-marks").textContent = marks.join("; ");
    const form = cellPanel.querySelector("form");
    form.elements.value.value = cell.my_misread && cell.my_misread.value !== null && cell.my_misread.value !== undefined ? cell.my_misread.value : "";
    form.elements.note.value = (cell.my_misread && cell.my_misread.note) || "";
    flash([key]);
  }

  function jump(keys) {
    const card = keys.map(factByKey).find(Boolean);
    if (card) select(card, { flash: false });
    flash(keys);
  }

  document.addEventListener("click", async (event) => {
    const target = event.target;
    const button = target.closest("[data-action]");
    if (button) {
      event.preventDefault();
      const card = button.closest("article.fact");
      const action = button.dataset.action;
      if (card && (action === "accept" || action === "reject" || action === "withdraw")) return quickDecision(card, action);
      if (card && action === "edit") return openCorrection(card);
      if (card && action === "cancel") { card.querySelector("form.correct").hidden = true; return; }
      if (action === "use-selection") {
        const form = button.closest("form");
        if (!selection) return showError(form, new Error("select the quote in the report text first"));
        form.elements.start.value = selection.start;
        form.elements.end.value = selection.end;
        return;
      }
      if (action === "cancel-add") { addForm.hidden = true; return; }
      if (action === "close-cell") { cellPanel.hidden = true; return; }
      if (action === "confirm-cell") {
        try {
          await post(`/api/report/${reportId}/cells/${encodeURIComponent(cells[cellPanel.dataset.token].target)}/decision`, { action: "confirm" });
          return reloadAt("cell=" + encodeURIComponent(cellPanel.dataset.token));
        } catch (error) { return showError(cellPanel.querySelector("form"), error); }
      }
      if (action === "confirm-check" || action === "unconfirm-check") {
        try {
          await post(`/api/report/${reportId}/checks/${encodeURIComponent(button.dataset.check)}/decision`, { action: action === "confirm-check" ? "confirm" : "withdraw" });
          return reloadAt("");
        } catch (error) { return alert(error.message || error); }
      }
      if (action === "mark-done" || action === "unmark-done") {
        try {
          await post(`/api/report/${reportId}/done`, { done: action === "mark-done" });
          return reloadAt("");
        } catch (error) { return alert(error.message || error); }
      }
      if (action === "clear-misread") {
        try {
          await post(`/api/report/${reportId}/cells/${encodeURIComponent(cells[cellPanel.dataset.token].target)}/decision`, { action: "withdraw" });
          return reloadAt("cell=" + encodeURIComponent(cellPanel.dataset.token));
        } catch (error) { return showError(cellPanel.querySelector("form"), error); }
      }
      return;
    }
    const jumper = target.closest("[data-jump]");
    if (jumper) {
      event.preventDefault();
      const keys = jumper.dataset.jump.split(" ");
      if (keys.length === 1 && keys[0].startsWith("cell-")) return openCell(keys[0]);
      return jump(keys);
    }
    const gridCell = target.closest("td[data-cell]");
    if (gridCell) return openCell(gridCell.dataset.cell);
    const card = target.closest("article.fact");
    if (card && !target.closest("form")) return select(card);
    const seg = target.closest("#source [data-k]");
    if (seg && window.getSelection().isCollapsed) {
      const keys = seg.dataset.k.split(" ");
      const factKey = keys.find((k) => !k.startsWith("cell-"));
      if (factKey) { const c = factByKey(factKey); if (c) select(c, { flash: false }); }
      else openCell(keys[0]);
    }
  });

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    event.preventDefault();
    try {
      if (form.classList.contains("correct")) {
        await decide(form.closest("article.fact"), "correct", formFields(form));
      } else if (form === addForm) {
        const data = await post(`/api/report/${reportId}/facts`, formFields(form));
        reloadAt("fact=" + encodeURIComponent(data.key));
      } else if (form.classList.contains("cell-form")) {
        const key = cellPanel.dataset.token;
        await post(`/api/report/${reportId}/cells/${encodeURIComponent(cells[key].target)}/decision`, { action: "misread", value: form.elements.value.value, note: form.elements.note.value });
        reloadAt("cell=" + encodeURIComponent(key));
      }
    } catch (error) {
      showError(form, error);
    }
  });

  const flagsForm = document.getElementById("flags-form");
  if (flagsForm) flagsForm.addEventListener("change", async () => {
    try { await post(`/api/report/${reportId}/flags`, { complete: !flagsForm.elements.partial.checked }); }
    catch (error) { alert(error.message || error); }
  });
  if (addForm) addForm.elements.list.addEventListener("change", syncAddKind);

  if (source) source.addEventListener("mouseup", () => {
    const sel = readSelection();
    if (sel) { selection = sel; showAddForm(sel); }
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const t = event.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) {
      if (event.key === "Escape") { const f = t.closest("form.correct"); if (f) { f.hidden = true; select(f.closest("article.fact"), { flash: false }); } }
      return;
    }
    const key = event.key;
    if (key === "j" || key === "ArrowDown" && current) { event.preventDefault(); select(nextFact(current, false)); }
    else if (key === "k" || key === "ArrowUp" && current) { event.preventDefault(); select(prevFact(current)); }
    else if (key === "n") { event.preventDefault(); select(nextFact(current, true) || nextFact(current, false)); }
    else if (key === "Escape") { if (addForm) addForm.hidden = true; if (cellPanel) cellPanel.hidden = true; }
    else if (!current) { if ("arcu".includes(key) && key.length === 1) { event.preventDefault(); select(nextFact(null, true) || facts()[0]); } }
    else if (key === "a") { event.preventDefault(); quickDecision(current, "accept"); }
    else if (key === "r") { event.preventDefault(); quickDecision(current, "reject"); }
    else if (key === "u") { event.preventDefault(); quickDecision(current, "withdraw"); }
    else if (key === "c" || key === "e") { event.preventDefault(); openCorrection(current); }
  });

  // #fact=KEY or #cell=KEY after a reload; otherwise start at the first undecided fact.
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith("fact=")) select(factByKey(hash.slice(5)), { instant: true });
  else if (hash.startsWith("cell=")) openCell(hash.slice(5));
  else { const first = nextFact(null, true); if (first) select(first, { instant: true, flash: false }); }
})();
