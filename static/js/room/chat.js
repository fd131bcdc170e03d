// Chat: to everyone, or privately to the intervenantes. Lines live only in this page (the node
// relays them and keeps nothing); nothing is written to the console or to storage.
import { $, el } from "./dom.js";
import { announce } from "./announce.js";
import { roleMark, state, withRole } from "./state.js";

const MAX_LINES = 300; // a long workshop must not grow the page without bound

export class Chat {
  constructor(panel, toggle, signaling) {
    this.panel = panel;
    this.toggle = toggle;
    this.sig = signaling;
    this.log = $("#chat-log", panel);
    this.form = $("#chat-form", panel);
    this.input = $("#chat-text", panel);
    this.to = $("#chat-to", panel);
    this.unread = 0;
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      const fields = { text };
      if (this.to.value === "hosts") fields.to = "hosts";
      this.sig.send("chat", fields);
      this.input.value = "";
      this.input.focus();
    });
    // Enter sends, Shift+Enter makes a new line (what people expect from messaging apps).
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        this.form.requestSubmit();
      }
    });
  }

  setSignaling(signaling) {
    this.sig = signaling;
  }

  receive(message) {
    const mine = message.from === state.me?.id;
    const time = new Date(message.at * 1000).toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" });
    const who = mine ? "Vous" : message.name;
    const mark = roleMark(message.role, message.name);
    const privately = message.to === "hosts";
    const line = el("li", { class: `chat-line${privately ? " private" : ""}${mine ? " mine" : ""}` },
      el("p", { class: "chat-meta" },
        el("span", { class: "chat-name", text: who }),
        mark ? el("span", { class: `role-mark ${message.role}`, text: ` · ${mark}` }) : null,
        privately ? el("span", { class: "chat-private", text: " · en privé aux intervenantes" }) : null,
        el("span", { class: "chat-time", text: ` · ${time}` })),
      el("p", { class: "chat-text", text: message.text }));
    this.log.append(line);
    while (this.log.children.length > MAX_LINES) this.log.firstElementChild.remove();
    // Scroll the log only, never the page: on a phone the video must stay where it is.
    this.log.scrollTop = this.log.scrollHeight;
    if (!mine) {
      announce(`${privately ? "Message privé" : "Message"} de ${withRole(message.role, message.name)} : ${message.text}`);
      if (this.panel.hidden) {
        this.unread += 1;
        this.showUnread();
      }
    }
  }

  showUnread() {
    const badge = $(".count", this.toggle);
    badge.textContent = this.unread ? String(this.unread) : "";
    badge.hidden = !this.unread;
  }

  opened() {
    this.unread = 0;
    this.showUnread();
    // Someone who is herself an intervenante writes to the other hosts with the same option.
    this.input.focus();
  }
}
