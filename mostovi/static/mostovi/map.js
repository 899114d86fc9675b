// Maps of the directory (Leaflet). Country outlines come from a local file, so the map stays useful when no
// tile server is configured or reachable; tiles are added only when the page passes a tile URL.
// Every map: <div class="map" data-map data-points="<id of a json_script>" data-borders="<url>" ...>.
(function () {
  "use strict";
  if (typeof L === "undefined") return;

  const FOCUS_BOUNDS = [[39.5, -5.2], [51.2, 29.0]]; // France to Bulgaria
  let bordersPromise = null;

  function loadBorders(url) {
    if (!bordersPromise) {
      bordersPromise = fetch(url, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : null))
        .catch(() => null);
    }
    return bordersPromise;
  }

  function readPoints(id) {
    // Either a json_script (<script type="application/json">) or an element with a data-json attribute.
    const element = id && document.getElementById(id);
    if (!element) return [];
    try {
      const data = JSON.parse(element.dataset.json !== undefined ? element.dataset.json : element.textContent);
      return Array.isArray(data) ? data : [];
    } catch (error) {
      return [];
    }
  }

  function popupContent(point, linkLabel) {
    // Built with DOM nodes: names are data, never HTML.
    const box = document.createElement("div");
    const link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    link.setAttribute("aria-label", (linkLabel || "%(name)s").replace("%(name)s", point.latin || point.name));
    box.appendChild(link);
    if (point.latin) {
      const latin = document.createElement("div");
      latin.className = "map-popup-latin";
      latin.textContent = point.latin;
      box.appendChild(latin);
    }
    return box;
  }

  function setup(element) {
    const map = L.map(element, { zoomSnap: 0.5, worldCopyJump: false, attributionControl: true });
    map.attributionControl.setPrefix(false);
    const tiles = element.dataset.tiles;
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: element.dataset.tileAttribution || "" }).addTo(map);
    }
    map.fitBounds(FOCUS_BOUNDS);
    loadBorders(element.dataset.borders).then((geojson) => {
      if (!geojson) return;
      L.geoJSON(geojson, {
        interactive: false,
        attribution: element.dataset.bordersAttribution || "",
        style: (feature) => ({
          color: "#5b6b80",
          weight: 1,
          fillColor: feature.properties.focus ? "#f7f4ea" : "#e4e8ee",
          fillOpacity: tiles ? 0.15 : 1,
        }),
      }).addTo(map).bringToBack();
    });
    const markers = L.layerGroup().addTo(map);
    const icon = L.divIcon({ className: "map-marker", iconSize: [14, 14], iconAnchor: [7, 7], popupAnchor: [0, -6] });

    function draw() {
      const points = readPoints(element.dataset.points);
      markers.clearLayers();
      const latlngs = [];
      points.forEach((point) => {
        if (typeof point.lat !== "number" || typeof point.lon !== "number") return;
        const label = point.latin ? point.name + " (" + point.latin + ")" : point.name;
        const marker = L.marker([point.lat, point.lon], { icon: icon, title: label, alt: label, keyboard: true });
        marker.bindPopup(popupContent(point, element.dataset.linkLabel));
        marker.addTo(markers);
        latlngs.push([point.lat, point.lon]);
      });
      // Never closer than a town seen whole (11), and without a tile layer, where only the country outlines
      // give a place its context, never closer than a region (7): one result no longer fills the map with an
      // empty tile. A single point is shown with some country around it.
      const cap = Math.min(Number(element.dataset.zoom) || 11, tiles ? 11 : 7);
      if (latlngs.length === 1) {
        const [lat, lon] = latlngs[0];
        map.fitBounds(
          [
            [lat - 0.5, lon - 0.75],
            [lat + 0.5, lon + 0.75],
          ],
          { padding: [24, 24], maxZoom: cap, animate: false },
        );
      } else if (latlngs.length > 1) {
        map.fitBounds(latlngs, { padding: [24, 24], maxZoom: Math.min(cap, 10), animate: false });
      } else {
        map.fitBounds(FOCUS_BOUNDS);
      }
      element.dataset.shownZoom = String(map.getZoom());
    }

    draw();
    // Live search (HTMX) replaces the results and their points: redraw.
    document.body.addEventListener("htmx:afterSettle", (event) => {
      if (event.target && event.target.querySelector && event.target.querySelector("#" + element.dataset.points)) {
        draw();
      }
    });
  }

  function init() {
    document.querySelectorAll("[data-map]").forEach((element) => {
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
