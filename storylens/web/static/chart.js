// Draw every Vega-Lite chart on the page from its JSON spec (a data block, not a script).
(function () {
  "use strict";
  document.querySelectorAll("script.chart-spec").forEach(function (block) {
    var target = block.previousElementSibling;
    if (!target || !window.vegaEmbed) return;
    // defaultStyle false: vega-embed would inject a <style> element, which the CSP forbids.
    window.vegaEmbed(target, JSON.parse(block.textContent), {
      actions: false, renderer: "canvas", defaultStyle: false, tooltip: { disableDefaultStyle: true }
    })
      .catch(function (e) { console.error(e); });
  });
})();
