// The intervenante's controls: open the doors from the green room, raised hands in order with
// « Donner la parole », mute everyone, lock, end for all, and the « Tour de table ». Every action
// is a message to the node, which checks the role again and broadcasts the outcome.
import { $, el } from "./dom.js";
import { isHost, labelOf, nameOf, state } from "./state.js";

export class HostPanel {
  constructor(panel, send, confirmEnd) {
    this.panel = panel;
    this.send = send;
    this.hands = $("#hands-list", panel);
    this.doors = $("#open-doors", panel);
    this.greenRoom = $("#green-room", panel);
    this.lock = $("#lock-room", panel);
    this.roundMinutes = $("#round-minutes", panel);
    this.roundStart = $("#round-start", panel);
    this.roundNext = $("#round-next", panel);
    this.roundStop = $("#round-stop", panel);
    this.endAll = $("#end-all", panel);
    this.doors.addEventListener("click", () => send("open_doors"));
    $("#mute-all", panel).addEventListener("click", () => send("mute_all"));
    this.lock.addEventListener("click", () => send("lock", { locked: !state.locked }));
    this.roundStart.addEventListener("click", () => {
      const minutes = Number(this.roundMinutes.value.replace(",", "."));
      if (minutes > 0 && minutes <= 30) send("round_start", { minutes });
      else this.roundMinutes.focus();
    });
    this.roundNext.addEventListener("click", () => send("round_next"));
    this.roundStop.addEventListener("click", () => send("round_stop"));
    this.endAll.addEventListener("click", confirmEnd);
  }

  render() {
    const host = isHost();
    this.panel.hidden = !host;
    if (!host) return;
    this.greenRoom.hidden = state.doorsOpen;
    this.doors.hidden = state.doorsOpen;
    const waiting = state.waiting.length;
    $("#waiting-count", this.panel).textContent = waiting === 0
      ? "Personne n'attend encore."
      : `${waiting} ${waiting > 1 ? "personnes attendent" : "personne attend"} dans la salle d'attente.`;
    this.lock.setAttribute("aria-pressed", String(state.locked));
    this.lock.textContent = state.locked ? "Déverrouiller l'atelier" : "Verrouiller l'atelier";
    this.endAll.hidden = state.me.role !== "host";
    const running = Boolean(state.round);
    this.roundStart.hidden = running;
    this.roundMinutes.disabled = running;
    this.roundNext.hidden = !running;
    this.roundStop.hidden = !running;
    const items = state.hands.map((id, index) => el("li", { dataset: { member: id } },
      el("span", { text: `${index + 1}. ${nameOf(id)}` }),
      el("button", {
        type: "button", class: "button small", text: "Donner la parole",
        "aria-label": `Donner la parole à ${nameOf(id)}`,
        onclick: () => this.send("give_floor", { member: id }),
      })));
    if (!items.length) items.push(el("li", { class: "muted", text: "Aucune main levée." }));
    this.hands.replaceChildren(...items);
  }
}

// The banner everyone sees: who has the floor, and the « Tour de table » countdown.
export class FloorBanner {
  constructor(banner, send) {
    this.banner = banner;
    this.send = send;
    this.text = $("#floor-text", banner);
    this.timer = $("#round-timer", banner);
    this.release = $("#floor-release", banner);
    this.release.addEventListener("click", () => send("give_floor", { member: null }));
    setInterval(() => this.tick(), 500);
  }

  render() {
    const holder = state.floor;
    this.banner.hidden = !holder && !state.round;
    if (holder) this.text.textContent = holder === state.me?.id ? "Vous avez la parole." : `${labelOf(holder)} a la parole.`;
    else this.text.textContent = state.round ? "Tour de table" : "";
    this.release.hidden = !(isHost() && holder && !state.round);
    this.tick();
  }

  tick() {
    const round = state.round;
    this.timer.hidden = !round;
    if (!round) return;
    const left = Math.max(0, Math.ceil((round.endsAt - performance.now()) / 1000));
    const text = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    // Only the visible text changes each second; the live region is told at each new turn only.
    this.timer.textContent = `Tour de table, ${round.index + 1} sur ${round.order.length} — temps restant ${text}`;
    this.timer.classList.toggle("ending", left <= 15);
  }
}
