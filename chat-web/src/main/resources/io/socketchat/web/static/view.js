// The page's DOM. Every piece of text from the network goes in through textContent, never as
// markup, so a message like <img src=x onerror=alert(1)> shows as those characters.

const $ = (id) => document.getElementById(id);

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export const LOBBY = 'lobby';
export const dmKey = (name) => `dm:${name.toLowerCase()}`;

// Conversations (the lobby, one per DM partner; rooms later): their lines and unread counts.
export class Conversations {
  #all = new Map();
  active = LOBBY;

  constructor() {
    this.#all.set(LOBBY, { key: LOBBY, title: 'Lobby', peer: null, lines: [], unread: 0 });
  }

  ensureDirect(peer) {
    const key = dmKey(peer);
    if (!this.#all.has(key)) {
      this.#all.set(key, { key, title: `@ ${peer}`, peer, lines: [], unread: 0 });
    }
    return this.#all.get(key);
  }

  get(key) { return this.#all.get(key); }
  list() { return [...this.#all.values()]; }

  add(key, line) {
    const conversation = this.#all.get(key);
    conversation.lines.push(line);
    if (key !== this.active) conversation.unread++;
    return conversation;
  }

  open(key) {
    this.active = key;
    this.#all.get(key).unread = 0;
  }
}

export class View {
  constructor(conversations) {
    this.conversations = conversations;
  }

  status(text) { $('status').textContent = text; }

  showLogin(error) {
    $('chat').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = error ?? '';
    $('login-name').focus();
  }

  showChat() {
    $('login').hidden = true;
    $('chat').hidden = false;
    $('login-error').textContent = '';
    this.renderAll();
    $('composer-text').focus();
  }

  chatError(text) { $('chat-error').textContent = text ?? ''; }

  renderAll() {
    this.renderConversations();
    this.renderMessages();
  }

  renderConversations() {
    const list = $('conversations');
    list.replaceChildren(...this.conversations.list().map((c) => {
      const button = element('button', c.title);
      button.type = 'button';
      button.dataset.key = c.key;
      button.setAttribute('aria-current', String(c.key === this.conversations.active));
      if (c.unread > 0) {
        const badge = element('span', String(c.unread), 'unread');
        badge.setAttribute('aria-label', `${c.unread} unread`);
        button.append(badge);
      }
      button.addEventListener('click', () => this.onOpen?.(c.key));
      const item = element('li');
      item.append(button);
      return item;
    }));
  }

  renderMessages() {
    const active = this.conversations.get(this.conversations.active);
    $('conversation-title').textContent = active.title;
    $('composer-text').placeholder = active.peer ? `Message ${active.peer}` : 'Message everyone';
    $('messages').replaceChildren(...active.lines.map(lineElement));
    this.#scrollDown();
  }

  appended(conversation, line) {
    if (conversation.key === this.conversations.active) {
      $('messages').append(lineElement(line));
      this.#scrollDown();
    }
    this.renderConversations();
  }

  users(names, self) {
    $('users').replaceChildren(...names.map((name) => {
      const item = element('li');
      if (name.toLowerCase() === self?.toLowerCase()) {
        item.append(element('span', `${name} (you)`));
      } else {
        const button = element('button', name);
        button.type = 'button';
        button.title = `Direct message to ${name}`;
        button.addEventListener('click', () => this.onDirect?.(name));
        item.append(button);
      }
      return item;
    }));
  }

  #scrollDown() {
    const messages = $('messages');
    messages.scrollTop = messages.scrollHeight;
  }
}

function lineElement(line) {
  const item = element('li', undefined, line.kind === 'info' ? 'info' : undefined);
  if (line.from) item.append(element('span', line.from, 'from'));
  item.append(element('span', line.text, 'text'));
  return item;
}
