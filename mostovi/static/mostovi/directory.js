// Directory page: keep the search form in step with the results after a live (HTMX) update, so that a sort
// chosen from a column header is kept by the next search.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("directory-search");
    if (!form) return;
    document.body.addEventListener("htmx:afterSettle", (event) => {
      if (!event.target || event.target.id !== "results") return;
      const xhr = event.detail && event.detail.xhr;
      const url = xhr && xhr.responseURL ? new URL(xhr.responseURL) : window.location;
      const params = new URLSearchParams(url.search);
      const sort = form.elements.namedItem("sort");
      if (sort) sort.value = params.get("sort") || "";
    });
  });
})();
