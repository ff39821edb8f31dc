// The job page follows its job: it asks the API for the job's state every two seconds until
// the job ends, moves the progress bar, and words the state in the page's live region
// (role="status"). Screen readers hear a change of state and every quarter of the way, not
// every tick. Without JavaScript the page offers to reload itself instead. A job that makes a
// case (an import; data-job-reload) reloads the page when it ends: the server then shows the
// link to the case, or the list of what was wrong.
(function () {
  "use strict";
  var card = document.querySelector("[data-job-status-url]");
  if (!card) return;
  var url = card.getAttribute("data-job-status-url");
  var bar = card.querySelector("[data-job-progress]");
  var live = card.querySelector("[data-job-live]");
  var done = card.querySelector('[data-job-when="done"]');
  var lastState = card.getAttribute("data-job-status");
  var lastQuarter = -1;

  function finished(status) {
    return status === "done" || status === "failed" || status === "expired";
  }

  function words(job) {
    if (job.status === "queued") return live.getAttribute("data-queued-text");
    if (job.status === "running") {
      var text = live.getAttribute("data-running-text").replace("__PERCENT__", job.progress);
      return job.message ? text + " " + job.message : text;
    }
    if (job.status === "done") return live.getAttribute("data-done-text");
    var failed = live.getAttribute("data-failed-text");
    return job.message ? failed + " " + job.message : failed;
  }

  function show(job) {
    bar.value = job.progress;
    bar.textContent = job.progress + "%";
    var quarter = Math.floor(job.progress / 25);
    if (job.status !== lastState || quarter !== lastQuarter) {
      live.textContent = words(job);
      lastState = job.status;
      lastQuarter = quarter;
    }
    if (finished(job.status)) {
      if (card.hasAttribute("data-job-reload")) {
        window.location.reload();
        return;
      }
      bar.hidden = true;
      if (job.status === "done") done.hidden = false;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (job) {
        show(job);
        if (!finished(job.status)) window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 10000); // the server is busy or away: try again, less often
      });
  }

  if (!finished(lastState)) window.setTimeout(poll, 2000);
})();
