// The reader: `#START-END` (character offsets into the article text) marks that range and
// scrolls to it. Offsets count Unicode code points, as Python does; the DOM text of
// #article-text equals the article text (the server escapes CR so the parser keeps it).
(function () {
  "use strict";
  var container = document.getElementById("article-text");
  if (!container) return;

  function codePoints(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff || i === 0 || s.charCodeAt(i - 1) < 0xd800 || s.charCodeAt(i - 1) > 0xdbff) n++;
    }
    return n;
  }

  function unitIndex(s, cp) {
    // UTF-16 index of the cp-th code point of s.
    var n = 0, i = 0;
    while (i < s.length && n < cp) {
      var c = s.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
      n++;
    }
    return i;
  }

  function clear() {
    container.querySelectorAll("mark.hl").forEach(function (m) {
      m.replaceWith(document.createTextNode(m.textContent));
    });
    container.normalize();
  }

  function mark(start, end) {
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    var nodes = [];
    for (var n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    var pos = 0, first = null;
    nodes.forEach(function (node) {
      var len = codePoints(node.data), lo = Math.max(start, pos), hi = Math.min(end, pos + len);
      if (lo < hi) {
        var text = node.data, a = unitIndex(text, lo - pos), b = unitIndex(text, hi - pos);
        var middle = node.splitText(a);
        middle.splitText(b - a);
        var m = document.createElement("mark");
        m.className = "hl";
        middle.replaceWith(m);
        m.appendChild(middle);
        if (!first) first = m;
      }
      pos += len;
    });
    return first;
  }

  function apply() {
    clear();
    var found = /^#(\d+)-(\d+)$/.exec(location.hash);
    if (!found) return;
    var start = parseInt(found[1], 10), end = parseInt(found[2], 10);
    if (end <= start) return;
    var first = mark(start, end);
    if (first) first.scrollIntoView({ block: "center" });
  }

  window.addEventListener("hashchange", apply);
  apply();
})();
