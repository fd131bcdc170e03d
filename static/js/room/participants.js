// The list of people in the room, with their state in words; hosts get their actions on each row
// (mute, give the floor, promote, remove). Actions confirm nothing by themselves: the node's
// messages update the list, so every page shows the same thing.
import { el } from "./dom.js";
import { ROLE_LABELS, isHost, state } from "./state.js";

export class Participants {
  constructor(list, waitingList, count, actions) {
    this.list = list;
    this.waitingList = waitingList;
    this.count = count;
    this.actions = actions; // {mute(id), floor(id), promote(id), remove(id)}
  }

  render() {
    if (!state.me) return;
    const people = [{ ...state.me, isMe: true }, ...state.members.values()];
    this.count.textContent = String(people.length);
    const rows = people.map((person) => {
      const facts = [ROLE_LABELS[person.role] || "participante"];
      const hand = state.hands.indexOf(person.id);
      if (hand >= 0) facts.push(`main levée (${hand + 1})`);
      if (person.muted?.has("microphone")) facts.push("micro coupé");
      if (state.floor === person.id) facts.push("a la parole");
      const row = el("li", { class: "person", dataset: { member: person.id } },
        el("span", { class: "person-name", text: person.isMe ? `${person.name} (vous)` : person.name }),
        el("span", { class: "person-facts", text: facts.join(" · ") }));
      if (isHost() && !person.isMe) {
        const buttons = el("span", { class: "person-actions" });
        const add = (label, action, extra = {}) => buttons.append(el("button", {
          type: "button", class: "button small secondary", text: label,
          "aria-label": `${label} : ${person.name}`, onclick: () => action(person.id), ...extra,
        }));
        if (!person.muted?.has("microphone")) add("Couper le micro", this.actions.mute);
        add("Donner la parole", this.actions.floor);
        if (state.me.role === "host" && person.role === "participant") add("Nommer co-animatrice", this.actions.promote);
        if (person.role !== "host") add("Retirer", this.actions.remove, { class: "button small danger" });
        row.append(buttons);
      }
      return row;
    });
    this.list.replaceChildren(...rows);
    if (this.waitingList) {
      this.waitingList.replaceChildren(...state.waiting.map((w) => el("li", { text: w.name })));
    }
  }
}
