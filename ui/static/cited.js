// Clicking [n] in an answer brings source card n of that answer into view and highlights it;
// "Open document" shows the whole document at the cited span; "Copy" copies the answer as text.
(function () {
  // The chat's sanitizer drops data-* attributes, so the card's id travels in the href.
  function cardFor(marker) {
    var target = (marker.getAttribute("href") || "").replace(/^#/, "");
    return target ? document.getElementById(target) : null;
  }

  function focusCard(card) {
    document.querySelectorAll(".source-card.focused, .source-group.focused").forEach(function (el) {
      el.classList.remove("focused");
    });
    card.classList.add("focused");
    card.closest(".source-group").classList.add("focused");
    card.scrollIntoView({ behavior: "smooth", block: "center" });
  }

  function lightClaims(card, on) {
    var group = card.closest(".source-group");
    var turn = group && group.getAttribute("data-turn");
    var sel = ".answer.turn-" + turn + " .claim.c" + card.getAttribute("data-n");
    document.querySelectorAll(sel).forEach(function (el) { el.classList.toggle("lit", on); });
  }

  function isDark() {
    return document.body.classList.contains("dark") ||
      document.documentElement.classList.contains("dark") ||
      !!document.querySelector(".gradio-container.dark, .dark .gradio-container");
  }

  function closeViewer() {
    var open = document.getElementById("cited-viewer");
    if (open) open.remove();
  }

  // The document opens over the page; the page itself scrolls to the #cited span.
  function openViewer(link) {
    closeViewer();
    var url = link.getAttribute("href");
    if (isDark()) url = url.replace("#cited", "&theme=dark#cited");
    var viewer = document.createElement("div");
    viewer.id = "cited-viewer";
    viewer.setAttribute("role", "dialog");
    var bar = document.createElement("div");
    bar.className = "viewer-bar";
    var title = document.createElement("span");
    title.className = "viewer-title";
    var card = link.closest(".source-card");
    var doc = card && card.querySelector(".source-doc");
    title.textContent = doc ? doc.textContent : "Document";
    var tab = document.createElement("a");
    tab.href = url;
    tab.target = "_blank";
    tab.rel = "noopener";
    tab.textContent = "Open in a new tab";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    close.addEventListener("click", closeViewer);
    bar.append(title, tab, close);
    var frame = document.createElement("iframe");
    frame.title = title.textContent;
    frame.src = url;
    viewer.append(bar, frame);
    document.body.appendChild(viewer);
    close.focus();
  }

  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text, done); });
    } else {
      fallbackCopy(text, done);
    }
  }

  // Plain http to another machine is not a secure context: the old way still copies there.
  function fallbackCopy(text, done) {
    var area = document.createElement("textarea");
    area.value = text;
    area.style.position = "fixed";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); done(); } finally { area.remove(); }
  }

  function copyAnswer(link) {
    var answer = link.closest(".answer");
    var source = answer && answer.querySelector(".copy-text");
    if (!source) return;
    copyText(source.textContent, function () {
      link.classList.add("copied");
      setTimeout(function () { link.classList.remove("copied"); }, 1500);
    });
  }

  // Capture phase: the chat's own link handling must not open these anchors in a new tab.
  window.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    var copy = event.target.closest("a.copy-answer");
    var open = event.target.closest("a.open-doc");
    var marker = event.target.closest("a.cite-marker");
    if (!copy && !open && !marker) return;
    event.preventDefault();
    event.stopPropagation();
    if (copy) return copyAnswer(copy);
    if (open) return openViewer(open);
    var card = cardFor(marker);
    if (card) focusCard(card);
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeViewer();
  });

  // Hovering a source card lights the sentences it supports.
  ["mouseover", "mouseout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var card = event.target.closest && event.target.closest(".source-card");
      if (card) lightClaims(card, type === "mouseover");
    });
  });
})();
