// The protocol over one WebSocket: one text message is one line each way. Knows nothing of
// the page. Reconnects with back-off after the socket closes and logs in again under the same
// name; conversations to rejoin (rooms, later) are asked of `onReconnected` listeners.

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

export class ChatClient extends EventTarget {
  #url;
  #socket = null;
  #retryMs = FIRST_RETRY_MS;
  #retryTimer = null;
  #name = null;
  #loggedIn = false;

  constructor(url) {
    super();
    this.#url = url;
  }

  get name() { return this.#name; }
  get loggedIn() { return this.#loggedIn; }

  connect() {
    clearTimeout(this.#retryTimer);
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    this.#emit('status', { state: 'connecting' });
    socket.addEventListener('open', () => {
      this.#retryMs = FIRST_RETRY_MS;
      this.#emit('status', { state: 'open' });
      if (this.#name) {
        this.send(`LOGIN ${this.#name}`); // again after a reconnect
      }
    });
    socket.addEventListener('message', (event) => this.#line(String(event.data)));
    socket.addEventListener('close', () => {
      if (this.#socket !== socket) return;
      const wasLoggedIn = this.#loggedIn;
      this.#loggedIn = false;
      const delay = this.#retryMs * (0.75 + Math.random() * 0.5);
      this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
      this.#emit('status', { state: 'closed', retryInMs: Math.round(delay), wasLoggedIn });
      this.#retryTimer = setTimeout(() => this.connect(), delay);
    });
  }

  login(name) {
    this.#name = name;
    this.send(`LOGIN ${name}`);
  }

  send(line) {
    if (this.#socket && this.#socket.readyState === WebSocket.OPEN) {
      this.#socket.send(line);
      return true;
    }
    return false;
  }

  sendLobby(text) { return this.send(`MSG ${text}`); }
  sendDirect(to, text) { return this.send(`DM ${to} ${text}`); }

  // WHO answers with USER lines and no end marker: the PONG after it ends the listing.
  who() { return this.send('WHO') && this.send('PING'); }

  #line(line) {
    const space = line.indexOf(' ');
    const word = space < 0 ? line : line.slice(0, space);
    const rest = space < 0 ? '' : line.slice(space + 1);
    switch (word) {
      case 'OK':
        this.#loggedIn = true;
        this.#emit(this.#reconnecting() ? 'reconnected' : 'loggedIn', { name: this.#name });
        this.#hadSession = true;
        break;
      case 'MSG': case 'DM': {
        const cut = rest.indexOf(' ');
        const from = cut < 0 ? rest : rest.slice(0, cut);
        const text = cut < 0 ? '' : rest.slice(cut + 1);
        this.#emit(word === 'MSG' ? 'lobby' : 'direct', { from, text });
        break;
      }
      case 'USER': this.#emit('user', { name: rest }); break;
      case 'PONG': this.#emit('pong', {}); break;
      case 'INFO': this.#emit('info', { text: rest }); break;
      case 'ERR': this.#emit('error', { code: rest, loggedIn: this.#loggedIn }); break;
      default: this.#emit('unknown', { line });
    }
  }

  #hadSession = false;
  #reconnecting() { return this.#hadSession; }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
