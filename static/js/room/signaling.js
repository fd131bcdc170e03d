// The websocket to the media node (docs/media-protocol.md): versioned join with a ticket, request
// ids, an application ping, and reconnection with a fresh ticket. The node keeps a seat 60 s after
// a disconnection, keyed on the member, so rejoining within that time gives the same seat back.

const PROTOCOL_VERSION = 1;
const PING_EVERY_MS = 10000;
const PONG_WITHIN_MS = 6000;
const REJOIN_FOR_MS = 60000;
// Close codes after which trying again cannot help (removed, replaced, ended, full, policy).
const FINAL_CLOSES = new Set([1000, 1008, 4403, 4409, 4410, 4429]);
// What she can try, in order, when the room cannot be reached (shown under « Rejoindre »).
export const UNREACHABLE = "La salle ne répond pas. Vérifiez que vous êtes connectée à Internet, puis cliquez à nouveau " +
  "sur « Rejoindre ». Si cela recommence : rechargez la page, essayez un autre réseau (le Wi-Fi d'une entreprise " +
  "ou d'un lieu public bloque parfois les appels vidéo ; le partage de connexion de votre téléphone fonctionne " +
  "souvent), ou un navigateur à jour (Firefox, Chrome, Edge ou Safari).";

export class Signaling extends EventTarget {
  constructor(config) {
    super();
    this.config = config;
    // The node accepts a ticket once. Take the page's ticket out of the shared config: after a first
    // « Rejoindre » that failed, the next one (a new Signaling) asks the web app for a fresh ticket.
    this.pageTicket = config.ticket;
    this.pageTicketAt = config.ticketAt ?? performance.now();
    config.ticket = null;
    this.ws = null;
    this.nextId = 1;
    this.lastError = null;
    this.leaving = false;
    this.reconnecting = false;
    this.pingTimer = null;
    this.pongTimer = null;
    addEventListener("offline", () => this.lost());
    addEventListener("online", () => { if (this.reconnecting) this.wake?.(); });
  }

  get url() {
    return `${this.config.mediaUrl.replace(/\/$/, "")}`;
  }

  // The ticket printed in the page lives 60 s; someone who lingers on the pre-join screen, or who
  // reconnects, gets a fresh one from the web app (which checks her seat again).
  async ticket() {
    const ageMs = performance.now() - this.pageTicketAt;
    if (this.pageTicket && ageMs < (this.config.expiresIn - 10) * 1000) {
      const ticket = this.pageTicket;
      this.pageTicket = null; // single use (the node refuses it twice): a rejoin asks for a new one
      return ticket;
    }
    const response = await fetch(this.config.ticketUrl, {
      method: "POST",
      headers: { "X-CSRF-Token": this.config.csrfToken },
      credentials: "same-origin",
      cache: "no-store",
    });
    let body = {};
    try { body = await response.json(); } catch { /* a proxy error page: handled below */ }
    if (response.status === 403) {
      const error = new Error(body.error || "Accès refusé.");
      error.final = true;
      throw error;
    }
    if (!response.ok || !body.ticket) throw new Error("ticket");
    if (body.media_url) this.config.mediaUrl = body.media_url;
    return body.ticket;
  }

  // Opens the socket and joins; resolves with the welcome message.
  async connect() {
    const ticket = await this.ticket();
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url);
      this.ws = ws;
      let welcomed = false;
      // A socket that neither opens nor closes (network down) must not hang the rejoin loop.
      const timer = setTimeout(() => {
        if (welcomed) return;
        const error = new Error(UNREACHABLE);
        error.timeout = true;
        reject(error);
        try { ws.close(); } catch { /* never opened */ }
      }, 8000);
      ws.addEventListener("open", () => {
        ws.send(JSON.stringify({ type: "join", v: PROTOCOL_VERSION, ticket }));
      });
      ws.addEventListener("message", (event) => {
        if (ws !== this.ws) return;
        let message;
        try { message = JSON.parse(event.data); } catch { return; }
        if (message.type === "pong") { clearTimeout(this.pongTimer); return; }
        if (message.type === "error") this.lastError = message;
        if (!welcomed && message.type === "welcome") {
          welcomed = true;
          clearTimeout(timer);
          this.startPing();
          resolve(message);
          return;
        }
        this.dispatchEvent(new CustomEvent("message", { detail: message }));
      });
      ws.addEventListener("close", (event) => {
        if (ws !== this.ws) return;
        this.stopPing();
        if (!welcomed) {
          const error = new Error(this.lastError?.message || UNREACHABLE);
          error.code = this.lastError?.code;
          error.final = FINAL_CLOSES.has(event.code) || event.code === 4401;
          reject(error);
          return;
        }
        this.closed(event.code);
      });
    });
  }

  // The first join. A node busy with connections opening at once refuses some (HTTP 503, or close
  // 1013) and asks to try again: do so twice, quickly, each time with a fresh ticket (which also
  // mends a page ticket refused as expired, like rejoin() does). A timeout is not tried again here:
  // she has already waited 8 s and sees the message.
  async firstConnect() {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.connect();
      } catch (error) {
        if ((error.final && error.code !== "bad_ticket") || error.timeout || attempt >= 3) throw error;
        this.lastError = null;
        await new Promise((resolve) => { setTimeout(resolve, 400 * attempt); });
      }
    }
  }

  send(type, fields = {}) {
    const id = this.nextId++;
    if (this.ws?.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ type, id, ...fields }));
    }
    return id;
  }

  leave() {
    this.leaving = true;
    this.send("leave");
  }

  startPing() {
    this.stopPing();
    this.pingTimer = setInterval(() => {
      this.send("ping");
      clearTimeout(this.pongTimer);
      // No pong: the network is gone even if the socket has not noticed yet (a phone leaving Wi-Fi).
      this.pongTimer = setTimeout(() => this.lost(), PONG_WITHIN_MS);
    }, PING_EVERY_MS);
  }

  stopPing() {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }

  closed(code) {
    if (this.leaving || FINAL_CLOSES.has(code)) {
      this.dispatchEvent(new CustomEvent("closed", { detail: { code, error: this.lastError } }));
      return;
    }
    this.lost();
  }

  // Network loss: drop this socket and rejoin with a fresh ticket for up to 60 s.
  lost() {
    if (this.reconnecting || this.leaving || !this.ws) return;
    const old = this.ws;
    this.ws = null;
    this.stopPing();
    try { old.close(); } catch { /* already closed */ }
    this.reconnecting = true;
    this.dispatchEvent(new CustomEvent("reconnecting"));
    this.rejoin();
  }

  async rejoin() {
    const deadline = performance.now() + REJOIN_FOR_MS;
    let delay = 300;
    while (performance.now() < deadline && !this.leaving) {
      try {
        this.lastError = null;
        const welcome = await this.connect();
        this.reconnecting = false;
        this.dispatchEvent(new CustomEvent("rejoined", { detail: welcome }));
        return;
      } catch (error) {
        if (error.final && error.code !== "bad_ticket") {
          this.reconnecting = false;
          this.dispatchEvent(new CustomEvent("closed", { detail: { code: 0, error: { message: error.message, code: error.code } } }));
          return;
        }
      }
      await new Promise((resolve) => { this.wake = resolve; setTimeout(resolve, delay); });
      delay = Math.min(delay * 2, 4000);
    }
    this.reconnecting = false;
    this.dispatchEvent(new CustomEvent("gaveup"));
  }
}
