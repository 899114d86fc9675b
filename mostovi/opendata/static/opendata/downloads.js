// Open-data downloads: a file that takes more than a second to prepare shows a progress bar (against the
// size measured at its last complete download) and a "preparing" status. Without JavaScript, or if anything
// fails, the link downloads the file as a plain link does.
function dispositionName(header) {
  const match = /filename="([^"]+)"/.exec(header || "");
  return match ? match[1] : "";
}

async function download(link) {
  const box = link.closest(".download");
  const bar = box.querySelector("progress");
  const status = box.querySelector(".download-status");
  const expected = Number(link.dataset.size) || 0;
  link.dataset.busy = "1";
  link.setAttribute("aria-busy", "true");
  const timer = setTimeout(() => {
    bar.hidden = false;
    if (!expected) bar.removeAttribute("value"); // indeterminate: the size is not known yet
    status.textContent = status.dataset.preparing;
  }, 1000);
  try {
    const response = await fetch(link.href, { credentials: "same-origin" });
    if (!response.ok || !response.body) throw new Error(String(response.status));
    const reader = response.body.getReader();
    const parts = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      received += value.length;
      if (expected) bar.value = Math.min(99, Math.round((received / expected) * 100));
    }
    const type = response.headers.get("Content-Type") || "application/octet-stream";
    const url = URL.createObjectURL(new Blob(parts, { type }));
    const save = document.createElement("a");
    save.href = url;
    save.download = dispositionName(response.headers.get("Content-Disposition")) || "download";
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    status.textContent = bar.hidden ? "" : status.dataset.ready;
  } catch (_error) {
    window.location.href = link.href;
  } finally {
    clearTimeout(timer);
    bar.hidden = true;
    delete link.dataset.busy;
    link.removeAttribute("aria-busy");
  }
}

document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[data-download]") : null;
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (!window.fetch || !window.ReadableStream) return;
  event.preventDefault();
  if (!link.dataset.busy) download(link);
});
