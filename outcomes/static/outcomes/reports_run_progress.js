// Report run progress: with JavaScript, fetch this page every 3 s and update the progress bar
// and the aria-live status in place (screen readers hear the new stage; no full-page reload,
// which WCAG 2.2.1 and 3.2.5 discourage). When the run stops building, the downloads appear.
// Without JavaScript, the <noscript> meta refresh in the page head reloads the page instead.
const region = document.getElementById("run-status");

function swap(fresh, id) {
  const mine = document.getElementById(id);
  const theirs = fresh.getElementById(id);
  if (mine && theirs && mine.innerHTML !== theirs.innerHTML) {
    mine.innerHTML = theirs.innerHTML;
  }
}

async function poll() {
  try {
    const response = await fetch(window.location.href, { credentials: "same-origin" });
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    const bar = document.getElementById("run-progress");
    const freshBar = fresh.getElementById("run-progress");
    if (bar && freshBar) {
      bar.value = Number(freshBar.getAttribute("value"));
      bar.textContent = freshBar.textContent;
    }
    swap(fresh, "run-status");
    const freshRegion = fresh.getElementById("run-status");
    if (freshRegion && freshRegion.dataset.building === "yes") {
      window.setTimeout(poll, 3000);
    } else {
      region.dataset.building = "no";
      swap(fresh, "run-results");
    }
  } catch {
    window.setTimeout(poll, 6000);
  }
}

if (region && region.dataset.building === "yes") {
  window.setTimeout(poll, 3000);
}
