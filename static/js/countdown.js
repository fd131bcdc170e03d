// « La salle ouvre dans 12 min 30 s »: a live countdown on the early-arrival page (live/join_refused.html).
// The page already says the day and time; this only adds the count, and once the room is open offers the
// way in and reloads the page, which then is the room. Seconds come from the server, so the member's
// clock being wrong does not matter.
const box = document.querySelector("[data-countdown-seconds]");
if (box) {
  const text = box.querySelector("[data-countdown-text]");
  const link = box.querySelector("[data-countdown-link]");
  const end = performance.now() + Number(box.dataset.countdownSeconds) * 1000;
  const plural = (n, one, many) => `${n} ${n > 1 ? many : one}`;
  const say = (seconds) => {
    const days = Math.floor(seconds / 86400);
    const hours = Math.floor((seconds % 86400) / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    if (days > 0) return `${plural(days, "jour", "jours")} et ${plural(hours, "heure", "heures")}`;
    if (hours > 0) return `${plural(hours, "heure", "heures")} et ${plural(minutes, "minute", "minutes")}`;
    if (minutes > 0) return `${plural(minutes, "minute", "minutes")} et ${plural(seconds % 60, "seconde", "secondes")}`;
    return plural(seconds, "seconde", "secondes");
  };
  const tick = () => {
    const left = Math.ceil((end - performance.now()) / 1000);
    if (left <= 0) {
      text.textContent = box.dataset.countdownDone;
      link.hidden = false;
      // A few seconds of margin: the server must see the room open too.
      setTimeout(() => window.location.reload(), 3000);
      return;
    }
    text.textContent = `La salle ouvre dans ${say(left)}.`;
    // Twice a minute is enough while it is far; every second for the last ten minutes.
    setTimeout(tick, left > 600 ? 30000 : 1000);
  };
  box.hidden = false;
  tick();
}
