// Map of the partnerships (Leaflet): a line between the partners of each partnership.
// Data come in one compact data- attribute (no inline script, strict CSP):
//   {"p": {"<authority id>": [lat, lon, name, latin]}, "l": [[a, b, partnership id, kind, demo, unverified]],
//    "kinds": {kind: label}, "detail": "/fr/partnerships/0/"}
// Country outlines come from a local file, so the map works without any tile server.
(function () {
  "use strict";
  if (typeof L === "undefined") return;

  const FOCUS_BOUNDS = [[39.5, -5.2], [51.2, 29.0]]; // France to Bulgaria

  function read(element) {
    try {
      return JSON.parse(element.dataset.mapJson || "{}");
    } catch (error) {
      return {};
    }
  }

  function label(point) {
    return point[3] ? point[2] + " (" + point[3] + ")" : point[2];
  }

  function popup(data, line, element) {
    // DOM nodes only: names are data, never HTML.
    const box = document.createElement("div");
    const link = document.createElement("a");
    link.href = (data.detail || "").replace("/0/", "/" + line[2] + "/");
    link.textContent = label(data.p[line[0]]) + " – " + label(data.p[line[1]]);
    box.appendChild(link);
    const kind = document.createElement("div");
    kind.textContent = (data.kinds && data.kinds[line[3]]) || line[3];
    if (line[4]) kind.textContent += " · " + (element.dataset.demoLabel || "demo");
    if (line[5]) kind.textContent += " · " + (element.dataset.unverifiedLabel || "unverified");
    box.appendChild(kind);
    return box;
  }

  function setup(element) {
    const data = read(element);
    const points = data.p || {};
    const lines = data.l || [];
    const map = L.map(element, { zoomSnap: 0.5, preferCanvas: true, attributionControl: true });
    map.attributionControl.setPrefix(false);
    const tiles = element.dataset.tiles;
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: element.dataset.tileAttribution || "" }).addTo(map);
    }
    map.fitBounds(FOCUS_BOUNDS);
    fetch(element.dataset.borders, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null)
      .then((geojson) => {
        if (!geojson) return;
        L.geoJSON(geojson, {
          interactive: false,
          attribution: element.dataset.bordersAttribution || "",
          style: (feature) => ({
            color: "#5b6b80",
            weight: 1,
            fillColor: feature.properties && feature.properties.focus ? "#f7f4ea" : "#e4e8ee",
            fillOpacity: tiles ? 0.15 : 1,
          }),
        }).addTo(map).bringToBack();
      });
    // One canvas renderer for every line and dot: hundreds of features stay fast.
    const renderer = L.canvas({ padding: 0.2 });
    const bounds = [];
    lines.forEach((line) => {
      const a = points[line[0]];
      const b = points[line[1]];
      if (!a || !b) return;
      const polyline = L.polyline([[a[0], a[1]], [b[0], b[1]]], {
        renderer: renderer,
        color: line[4] ? "#b85c00" : "#1f4e8c",
        weight: 2,
        opacity: 0.7,
        dashArray: line[3] === "unspecified" ? "4 4" : null,
      });
      polyline.bindPopup(() => popup(data, line, element));
      polyline.addTo(map);
      bounds.push([a[0], a[1]], [b[0], b[1]]);
    });
    Object.keys(points).forEach((id) => {
      const point = points[id];
      if (typeof point[0] !== "number" || typeof point[1] !== "number") return;
      L.circleMarker([point[0], point[1]], {
        renderer: renderer,
        radius: 3,
        color: "#253041",
        weight: 1,
        fillColor: "#ffffff",
        fillOpacity: 1,
      })
        .bindTooltip(label(point))
        .addTo(map);
    });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [20, 20], maxZoom: 9 });
    }
  }

  function init() {
    document.querySelectorAll("[data-partnership-map]").forEach((element) => {
      if (!element.dataset.mapReady) {
        element.dataset.mapReady = "1";
        setup(element);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
