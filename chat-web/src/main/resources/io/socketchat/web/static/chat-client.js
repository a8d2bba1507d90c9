// The protocol over one WebSocket: one text message is one line each way. Knows nothing of
// the page. Reconnects with back-off after the socket closes, logs in again the same way
// (LOGIN, or AUTH with the password kept in memory only) and joins its rooms again.
//
// The server answers requests in the order they were sent, and several requests share a reply
// word (OK ends LOGIN, AUTH, JOIN, PART and TOPIC; ERR any of them). So every request that may
// be answered is queued in `#pending`, and each reply is matched to the oldest request it can
// belong to. MSG, DM and SAY are answered only when they fail: they wait in the queue until a
// later reply shows they succeeded, or an ERR of theirs arrives.
//
// A JOIN is answered at its END MEMBERS. The server may follow it with the room's newest
// history (HIST lines and END HISTORY, unless --history-on-join is 0): those lines come
// straight after the listing, before any reply to a later request, so `#replay` names the
// room whose replay may still come until some other line arrives.

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;
export const HISTORY_PAGE = 50;

// Which ERR codes each request can get (besides usage and invalid-text); the rest are the server's.
const ERRORS = {
  LOGIN: ['username-taken', 'invalid-username', 'already-logged-in', 'name-registered'],
  AUTH: ['bad-credentials', 'username-taken', 'too-many-attempts', 'tls-required', 'unknown-cmd', 'already-logged-in',
    'account-locked', 'server-busy', 'accounts-unavailable'],
  JOIN: ['invalid-room', 'already-in-room', 'too-many-rooms', 'room-full', 'history-unavailable'],
  PART: ['invalid-room', 'not-in-room'],
  TOPIC: ['invalid-room', 'not-in-room'],
  HISTORY: ['invalid-room', 'not-in-room', 'history-unavailable', 'not-authenticated', 'invalid-username'],
  ROOMS: [],
  WHO: ['reply-too-large'],
  MSG: [],
  DM: ['user-not-found', 'mailbox-full'],
  SAY: ['invalid-room', 'not-in-room'],
};
const SILENT = new Set(['MSG', 'DM', 'SAY']); // no reply when they succeed

const same = (a, b) => a.toLowerCase() === b.toLowerCase();

function words(text, count) {
  // The first `count` blank-separated words, then the unsplit rest (the text as sent).
  const parts = [];
  let rest = text;
  for (let i = 0; i < count; i++) {
    const cut = rest.indexOf(' ');
    if (cut < 0) { parts.push(rest); rest = ''; continue; }
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut + 1);
  }
  parts.push(rest);
  return parts;
}

export class ChatClient extends EventTarget {
  #url;
  #socket = null;
  #retryMs = FIRST_RETRY_MS;
  #retryTimer = null;
  #name = null;
  #password = null;
  #loggedIn = false;
  #hadSession = false;
  #pending = [];
  #rooms = new Map(); // lower-case name -> name as the server shows it: joined, rejoined after a reconnect
  #members = new Map(); // room (lower case) -> names, while a JOIN's listing arrives
  #hist = new Map(); // scope (lower case) -> HIST entries, until END HISTORY
  #roomList = [];
  #who = null;
  #replay = null; // lower-case room just joined, whose newest history may follow its listing

  constructor(url) {
    super();
    this.#url = url;
  }

  get name() { return this.#name; }
  get loggedIn() { return this.#loggedIn; }
  get rooms() { return [...this.#rooms.values()]; }
  /** Logged in (or logging in) with an account: DM history (`HISTORY @user`) is available. */
  get account() { return this.#password !== null; }

  connect() {
    clearTimeout(this.#retryTimer);
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    this.#emit('status', { state: 'connecting' });
    socket.addEventListener('open', () => {
      this.#retryMs = FIRST_RETRY_MS;
      this.#emit('status', { state: 'open' });
      if (this.#name) this.#sendLogin(); // again after a reconnect
    });
    socket.addEventListener('message', (event) => this.#line(String(event.data)));
    socket.addEventListener('close', () => {
      if (this.#socket !== socket) return;
      const wasLoggedIn = this.#loggedIn;
      this.#loggedIn = false;
      this.#pending = [];
      this.#members.clear();
      this.#hist.clear();
      this.#who = null;
      this.#replay = null;
      const delay = this.#retryMs * (0.75 + Math.random() * 0.5);
      this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
      this.#emit('status', { state: 'closed', retryInMs: Math.round(delay), wasLoggedIn });
      this.#retryTimer = setTimeout(() => this.connect(), delay);
    });
  }

  /** As a guest. */
  login(name) {
    this.#name = name;
    this.#password = null;
    return this.#sendLogin();
  }

  /** With an account; the password stays in this page's memory, for logging in again after a reconnect. */
  auth(name, password) {
    this.#name = name;
    this.#password = password;
    return this.#sendLogin();
  }

  #sendLogin() {
    return this.#password === null
      ? this.#request('LOGIN', `LOGIN ${this.#name}`)
      : this.#request('AUTH', `AUTH ${this.#name} ${this.#password}`);
  }

  sendLobby(text) { return this.#request('MSG', `MSG ${text}`); }
  sendDirect(to, text) { return this.#request('DM', `DM ${to} ${text}`, { peer: to }); }
  say(room, text) { return this.#request('SAY', `SAY ${room} ${text}`, { room }); }
  join(room) { return this.#request('JOIN', `JOIN ${room}`, { room }); }
  part(room) { return this.#request('PART', `PART ${room}`, { room }); }
  setTopic(room, text) { return this.#request('TOPIC', `TOPIC ${room} ${text}`, { room, text }); }
  listRooms() { return this.#request('ROOMS', 'ROOMS'); }

  /** `scope` is a room, `*` (the lobby) or `@name` (DMs, with an account); `before` a history id, or null for the newest. */
  history(scope, count = HISTORY_PAGE, before = null) {
    const line = before === null ? `HISTORY ${scope} ${count}` : `HISTORY ${scope} ${count} BEFORE ${before}`;
    return this.#request('HISTORY', line, { scope, count, before });
  }

  // WHO answers with USER lines and no end marker: the PONG after it ends the listing.
  who() {
    if (this.#who !== null || !this.#loggedIn) return false;
    if (!this.#request('WHO', 'WHO')) return false;
    this.#who = [];
    this.#socket.send('PING');
    return true;
  }

  #request(word, line, detail = {}) {
    if (!this.#socket || this.#socket.readyState !== WebSocket.OPEN) return false;
    this.#socket.send(line);
    this.#pending.push({ word, ...detail });
    return true;
  }

  // The request a reply other than ERR answers: the oldest one not silent (silent ones before it succeeded).
  #answered(word) {
    while (this.#pending.length > 0 && SILENT.has(this.#pending[0].word)) this.#pending.shift();
    if (this.#pending.length > 0 && (word === undefined || this.#pending[0].word === word)) return this.#pending.shift();
    return null;
  }

  // The request an ERR answers: the oldest one that can get that code, or else the oldest one.
  #failed(code) {
    const usage = code.startsWith('usage: ');
    const index = this.#pending.findIndex((p) => usage
      ? code.startsWith(`usage: ${p.word}`) : (ERRORS[p.word] ?? []).includes(code));
    if (index >= 0) return this.#pending.splice(0, index + 1).pop();
    if (code === 'invalid-text' || code === 'line-too-long') return this.#pending.shift() ?? null;
    return null; // not an answer to a request: login-timeout, server-full, internal-error
  }

  #line(line) {
    const [word, rest] = words(line, 1);
    if (this.#replay !== null && !this.#replaying(word, rest)) this.#replay = null;
    switch (word) {
      case 'OK': this.#ok(); break;
      case 'ERR': this.#error(rest); break;
      case 'MSG': { const [from, text] = words(rest, 1); this.#emit('lobby', { from, text }); break; }
      case 'DM': { const [from, text] = words(rest, 1); this.#emit('direct', { from, text }); break; }
      case 'SAY': { const [room, from, text] = words(rest, 2); this.#emit('room', { room, from, text }); break; }
      case 'JOIN': { const [room, name] = words(rest, 1); this.#emit('memberJoined', { room, name }); break; }
      case 'PART': this.#parted(...words(rest, 1)); break;
      case 'TOPIC': { const [room, setter, text] = words(rest, 2); this.#emit('topic', { room, setter, text }); break; }
      case 'MEMBERS': {
        const [room, names] = words(rest, 1);
        const key = room.toLowerCase();
        this.#members.set(key, [...(this.#members.get(key) ?? []), ...names.split(' ').filter(Boolean)]);
        break;
      }
      case 'ROOM': {
        const [room, members, topic] = words(rest, 2);
        this.#roomList.push({ room, members: Number(members), topic });
        break;
      }
      case 'HIST': {
        const [scope, id, time, from, text] = words(rest, 4);
        const key = scope.toLowerCase();
        this.#hist.set(key, [...(this.#hist.get(key) ?? []), { id: Number(id), time, from, text }]);
        break;
      }
      case 'END': this.#end(...words(rest, 1)); break;
      case 'USER': this.#who?.push(rest); break;
      case 'PONG':
        if (this.#who !== null) {
          this.#answered('WHO');
          const names = this.#who;
          this.#who = null;
          this.#emit('who', { names });
        }
        break;
      case 'INFO': this.#emit('info', { text: rest }); break;
      default: this.#emit('unknown', { line });
    }
  }

  // Whether a line belongs to the listing of the room just joined: its topic or its history.
  #replaying(word, rest) {
    if (word === 'TOPIC' || word === 'HIST') return words(rest, 1)[0].toLowerCase() === this.#replay;
    if (word !== 'END') return false;
    const [what, scope] = words(rest, 1);
    return what === 'HISTORY' && scope.toLowerCase() === this.#replay;
  }

  #ok() {
    const request = this.#answered();
    if (!request) return;
    switch (request.word) {
      case 'LOGIN': case 'AUTH': {
        this.#loggedIn = true;
        const again = this.#hadSession;
        this.#hadSession = true;
        this.#emit(again ? 'reconnected' : 'loggedIn', { name: this.#name, account: request.word === 'AUTH' });
        if (again) {
          for (const room of this.#rooms.values()) this.join(room); // the page's rooms, joined again
        }
        break;
      }
      case 'JOIN': this.#members.set(request.room.toLowerCase(), []); this.#pending.unshift(request); break; // until END MEMBERS
      case 'PART':
        this.#rooms.delete(request.room.toLowerCase());
        this.#emit('left', { room: request.room, reason: 'part' });
        break;
      case 'TOPIC': this.#emit('topic', { room: request.room, setter: this.#name, text: request.text }); break;
      default: break;
    }
  }

  #error(code) {
    const request = this.#failed(code);
    const word = request?.word ?? null;
    if ((word === 'LOGIN' || word === 'AUTH') && !this.#loggedIn) {
      this.#emit('loginFailed', { code, account: word === 'AUTH' });
      return;
    }
    if (word === 'JOIN' && code === 'already-in-room') {
      this.#rooms.set(request.room.toLowerCase(), request.room); // joined already: nothing is lost
      return;
    }
    if (word === 'JOIN') this.#rooms.delete(request.room.toLowerCase());
    if (word === 'WHO') this.#who = null;
    this.#emit('error', { code, request, loggedIn: this.#loggedIn });
  }

  #parted(room, name) {
    // Our own PART comes as OK; a PART line naming us is an operator closing the room.
    if (same(name, this.#name ?? '')) {
      this.#rooms.delete(room.toLowerCase());
      this.#emit('left', { room, reason: 'closed' });
    } else {
      this.#emit('memberParted', { room, name });
    }
  }

  #end(what, scope) {
    if (what === 'ROOMS') {
      this.#answered('ROOMS');
      const rooms = this.#roomList;
      this.#roomList = [];
      this.#emit('roomList', { rooms });
      return;
    }
    const key = scope.toLowerCase();
    if (what === 'MEMBERS') {
      const request = this.#answered('JOIN');
      if (!request) return;
      this.#rooms.set(key, scope);
      const members = this.#members.get(key) ?? [];
      this.#members.delete(key);
      this.#replay = key; // its topic and newest history may follow
      this.#emit('joined', { room: scope, members });
      return;
    }
    if (what !== 'HISTORY') return;
    const entries = this.#hist.get(key) ?? [];
    this.#hist.delete(key);
    if (this.#replay === key) { // the JOIN's replay, not the answer to a request
      this.#replay = null;
      this.#emit('history', { scope, entries, before: null, count: null, replay: true });
      return;
    }
    const request = this.#answered('HISTORY');
    this.#emit('history', { scope, entries, before: request?.before ?? null, count: request?.count ?? HISTORY_PAGE });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
