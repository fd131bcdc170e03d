// The two peer connections of docs/media-protocol.md: one this page offers to publish its camera,
// microphone and screen; one the node offers, with a fixed pool of send-only slots that `slot`
// messages re-point at members. Both use max-bundle (without it, Chrome mixes camera and screen
// into one track on the node) and only the ICE servers given in `welcome`.
// The node has no ICE restart of the standard kind: `restart` asks it for new connections for the same
// seat, which keep her slots and the slots showing her (docs/media-protocol.md).

// A connection `disconnected` this long (a network change) is rebuilt rather than waited for.
const DISCONNECTED_FOR_MS = 2000;
// Bits per second of the camera's quarter-size copy (live/media/forwarder.py LOW_CAP says the same).
const LOW_COPY_BITRATE = 200000;

function waitForIce(pc, ms = 4000) {
  // The node does not trickle: complete SDP both ways.
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== "complete") return;
      pc.removeEventListener("icegatheringstatechange", done);
      resolve();
    };
    pc.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, ms); // send what we have rather than wait forever
  });
}

// Whether to ask this browser's VP8 encoder for L1T3. A browser that lists its VP8 `scalabilityModes`
// without L1T3 is not asked for an encoding it may half-support; one that lists none is asked all the
// same: Chromium (156, the browser lane's) lists none yet sends L1T3 when asked, and a refusal falls
// back to one layer (addSource).
function sendsTemporalLayers() {
  try {
    const vp8 = (RTCRtpSender.getCapabilities("video")?.codecs || []).filter((c) => c.mimeType.toLowerCase() === "video/vp8");
    const listed = vp8.filter((c) => Array.isArray(c.scalabilityModes));
    return vp8.length > 0 && (!listed.length || listed.some((c) => c.scalabilityModes.includes("L1T3")));
  } catch {
    return false;
  }
}

export class Media extends EventTarget {
  constructor(signaling, iceServers) {
    super();
    this.sig = signaling;
    this.iceServers = iceServers || [];
    this.pub = null;
    this.sub = null;
    this.transceivers = {}; // source name -> transceiver of the publishing connection
    this.tracks = new Map(); // receiving mid -> MediaStreamTrack
    this.slots = new Map(); // receiving mid -> {kind, member, source}
    this.queue = Promise.resolve(); // publish negotiations, one at a time
    this.waiters = [];
    this.onMessage = (event) => this.handle(event.detail);
    signaling.addEventListener("message", this.onMessage);
    // Answers to what was asked on a lost socket never come: a negotiation waiting for one ends now,
    // and the rejoin's restart sends what it carried (it waited 15 s, then said her camera failed).
    this.onLost = () => this.dropWaiters("lost");
    signaling.addEventListener("reconnecting", this.onLost);
  }

  dropWaiters(type) {
    for (const waiter of this.waiters) waiter.resolve({ type });
    this.waiters = [];
  }

  config() {
    return { iceServers: this.iceServers, bundlePolicy: "max-bundle" };
  }

  // "failed" when the connection fails, or stays disconnected (her network changed under it); "connected"
  // once every current connection is connected again.
  watch(pc) {
    let timer = null;
    pc.addEventListener("connectionstatechange", () => {
      if (pc !== this.pub && pc !== this.sub) return; // replaced meanwhile
      clearTimeout(timer);
      if (pc.connectionState === "failed") this.dispatchEvent(new CustomEvent("failed"));
      if (pc.connectionState === "disconnected") {
        timer = setTimeout(() => {
          if (pc.connectionState === "disconnected") this.dispatchEvent(new CustomEvent("failed"));
        }, DISCONNECTED_FOR_MS);
      }
      if ([this.pub, this.sub].every((p) => !p || p.connectionState === "connected")) {
        this.dispatchEvent(new CustomEvent("connected"));
      }
    });
    return pc;
  }

  async awaitAnswer(id) {
    const open = this.sig.ws?.readyState === WebSocket.OPEN; // else what was sent went nowhere
    const answer = open ? new Promise((resolve) => this.waiters.push({ id, resolve })) : { type: "lost" };
    const reply = await Promise.race([answer, new Promise((r) => setTimeout(() => r(null), 15000))]);
    if (reply?.type === "lost") throw Object.assign(new Error("socket lost"), { lost: true });
    if (!reply || reply.type !== "publish_answer") throw new Error("publish");
    await this.pub.setRemoteDescription({ type: "answer", sdp: reply.sdp });
  }

  addSource(name, track) {
    const stream = new MediaStream([track]);
    const init = { direction: "sendonly", streams: [stream] };
    if (name === "screen") init.sendEncodings = [{ maxBitrate: 2500000 }];
    // The camera's quarter-size copy (« camera-low »): what a thumbnail or a weak link gets, at the full
    // frame rate, where the camera itself would only fit at a quarter of it.
    if (name === "camera-low") init.sendEncodings = [{ scaleResolutionDownBy: 2, maxBitrate: LOW_COPY_BITRATE }];
    let transceiver = null;
    if ((name === "camera" || name === "camera-low") && sendsTemporalLayers()) {
      // Three temporal layers (docs/media-protocol.md, « Media »): the node forwards each
      // receiver the frame rate her tile and her link need, without decoding anything.
      const encoding = { ...(init.sendEncodings?.[0] || {}), scalabilityMode: "L1T3" };
      try {
        transceiver = this.pub.addTransceiver(track, { ...init, sendEncodings: [encoding] });
      } catch {
        transceiver = null; // refused after all: one layer
      }
    }
    if (!transceiver) transceiver = this.pub.addTransceiver(track, init);
    if (name === "screen" && "contentHint" in track) track.contentHint = "detail";
    return transceiver;
  }

  handle(message) {
    if (message.type === "publish_answer") {
      this.waiters.shift()?.resolve(message);
    } else if (message.type === "error" && message.in_reply_to !== undefined) {
      const index = this.waiters.findIndex((w) => w.id === message.in_reply_to);
      if (index >= 0) this.waiters.splice(index, 1)[0].resolve(message);
    } else if (message.type === "subscribe_offer") {
      this.answerOffer(message).catch(() => this.dispatchEvent(new CustomEvent("failed")));
    } else if (message.type === "slot") {
      this.slots.set(message.mid, message);
      this.dispatchEvent(new CustomEvent("slots"));
    }
  }

  // Adds sources ({camera: track, microphone: track, screen: track}) and negotiates them.
  publish(tracks) {
    this.queue = this.queue.then(() => this.negotiate(tracks)).catch((error) => {
      // A refused negotiation would be refused again: say it, do not loop on rejoins. (One cut short
      // by a lost socket is not refused: the rejoin's restart sends her tracks.)
      if (!error?.lost) this.dispatchEvent(new CustomEvent("publishfailed"));
    });
    return this.queue;
  }

  async negotiate(tracks) {
    if (!this.pub) this.pub = this.watch(new RTCPeerConnection(this.config()));
    const fresh = {};
    if (tracks.camera && tracks["camera-low"] === undefined) tracks = { ...tracks, "camera-low": tracks.camera };
    for (const [name, track] of Object.entries(tracks)) {
      if (!track) continue;
      const existing = this.transceivers[name];
      if (existing) {
        // The m-line stays negotiated after a screen share stops: point it at the new track.
        await existing.sender.replaceTrack(track);
        existing.direction = "sendonly";
        fresh[name] = existing;
      } else {
        fresh[name] = this.transceivers[name] = this.addSource(name, track);
      }
    }
    if (!Object.keys(fresh).length) return;
    await this.pub.setLocalDescription(await this.pub.createOffer());
    await waitForIce(this.pub);
    const sources = {};
    for (const [name, transceiver] of Object.entries(fresh)) sources[transceiver.mid] = name;
    const id = this.sig.send("publish", { sdp: this.pub.localDescription.sdp, sources });
    await this.awaitAnswer(id);
  }

  // New connections for the same seat, with the tracks she sends now (a stopped screen share is not
  // carried over); the node answers, then offers the receiving side again (answerOffer).
  restart() {
    const done = this.queue.then(() => this.renew());
    this.queue = done.catch(() => {});
    return done;
  }

  async renew() {
    const tracks = {};
    for (const [name, transceiver] of Object.entries(this.transceivers)) {
      if (transceiver.sender.track) tracks[name] = transceiver.sender.track;
    }
    const old = this.pub;
    this.pub = null;
    this.transceivers = {};
    old?.close();
    if (!Object.keys(tracks).length) {
      this.sig.send("restart");
      return;
    }
    this.pub = this.watch(new RTCPeerConnection(this.config()));
    for (const [name, track] of Object.entries(tracks)) this.transceivers[name] = this.addSource(name, track);
    await this.pub.setLocalDescription(await this.pub.createOffer());
    await waitForIce(this.pub);
    const sources = {};
    for (const [name, transceiver] of Object.entries(this.transceivers)) sources[transceiver.mid] = name;
    await this.awaitAnswer(this.sig.send("restart", { sdp: this.pub.localDescription.sdp, sources }));
  }

  // Another camera or microphone for a published source: the sender's track changes, nothing is
  // renegotiated. A source not published yet (she joined without a camera) is published.
  replace(name, track) {
    const transceiver = this.transceivers[name];
    if (!transceiver) return this.publish({ [name]: track });
    const copy = this.transceivers[`${name}-low`];
    return Promise.all([transceiver.sender.replaceTrack(track), copy?.sender.replaceTrack(track)]);
  }

  unpublish(name) {
    const transceiver = this.transceivers[name];
    if (!transceiver) return;
    transceiver.sender.replaceTrack(null);
    this.transceivers[`${name}-low`]?.sender.replaceTrack(null); // the node drops the copy with its camera
    this.sig.send("unpublish", { source: name });
  }

  subscribe() {
    this.sig.send("subscribe");
  }

  async answerOffer(message) {
    if (this.sub) this.sub.close(); // a new offer replaces the old receiving connection
    this.tracks.clear();
    this.slots.clear();
    const pc = this.sub = this.watch(new RTCPeerConnection(this.config()));
    for (const slot of message.slots) this.slots.set(slot.mid, { mid: slot.mid, kind: slot.kind, member: null, source: null });
    pc.addEventListener("track", (event) => {
      this.tracks.set(event.transceiver.mid, event.track);
      this.dispatchEvent(new CustomEvent("slots"));
    });
    await pc.setRemoteDescription({ type: "offer", sdp: message.sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await waitForIce(pc);
    this.sig.send("subscribe_answer", { sdp: pc.localDescription.sdp });
    this.dispatchEvent(new CustomEvent("slots"));
  }

  // What each receiving slot carries now, with its track: [{mid, kind, member, source, track}].
  bindings() {
    const out = [];
    for (const [mid, slot] of this.slots) {
      out.push({ ...slot, mid, track: this.tracks.get(mid) || null });
    }
    return out;
  }

  // Audio levels of the slots, 0..1, from the receiving connection's stats (active speaker).
  async levels() {
    const levels = new Map();
    if (!this.sub) return levels;
    try {
      const stats = await this.sub.getStats();
      stats.forEach((report) => {
        if (report.type === "inbound-rtp" && report.kind === "audio" && report.mid !== undefined) {
          levels.set(String(report.mid), report.audioLevel || 0);
        }
      });
    } catch { /* closed meanwhile */ }
    return levels;
  }

  close() {
    this.sig.removeEventListener("message", this.onMessage);
    this.sig.removeEventListener("reconnecting", this.onLost);
    for (const pc of [this.pub, this.sub]) {
      if (pc) pc.close();
    }
    this.pub = this.sub = null;
    this.transceivers = {};
    this.tracks.clear();
    this.slots.clear();
    this.dropWaiters("error");
  }
}
