// Clicking [n] in an answer brings source card n of that answer into view and highlights it.
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

  // Capture phase: the chat's own link handling must not open the anchor in a new tab.
  window.addEventListener("click", function (event) {
    var marker = event.target.closest && event.target.closest("a.cite-marker");
    if (!marker) return;
    event.preventDefault();
    event.stopPropagation();
    var card = cardFor(marker);
    if (card) focusCard(card);
  }, true);

  // Hovering a source card lights the sentences it supports.
  ["mouseover", "mouseout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var card = event.target.closest && event.target.closest(".source-card");
      if (card) lightClaims(card, type === "mouseover");
    });
  });
})();
