// Review pack progress: with JavaScript, poll this page every 2 s and update the aria-live
// region in place (screen readers hear the new stage; no full-page reload). Without it, the
// <noscript> meta refresh in the page head reloads the page instead.
const region = document.getElementById("pack-status");

async function poll() {
  try {
    const response = await fetch(window.location.href, { credentials: "same-origin" });
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("pack-status");
    if (fresh && fresh.innerHTML !== region.innerHTML) {
      region.innerHTML = fresh.innerHTML;
    }
    if (fresh && fresh.dataset.building === "yes") {
      window.setTimeout(poll, 2000);
    }
  } catch {
    window.setTimeout(poll, 4000);
  }
}

if (region && region.dataset.building === "yes") {
  window.setTimeout(poll, 2000);
}
