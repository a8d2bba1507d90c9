/**
 * The stores' interfaces, for their implementations (SQLite on one node, PostgreSQL for a
 * cluster): the history ({@link io.socketchat.server.store.MessageStore}: the server appends
 * accepted messages and reads pages of them, never waiting for the disk on the message path) and
 * the accounts ({@link io.socketchat.server.store.AccountStore}: accounts, the DMs kept for an
 * offline account, the history of DMs between accounts).
 */
package io.socketchat.server.store;
