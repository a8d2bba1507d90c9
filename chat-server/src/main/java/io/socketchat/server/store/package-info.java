/**
 * The history store's interface, for its implementations (SQLite on one node, PostgreSQL for a
 * cluster): the server appends accepted messages and reads pages of them, never waiting for the
 * disk on the message path. See {@link io.socketchat.server.store.MessageStore}.
 */
package io.socketchat.server.store;
