/**
 * The seam between one node's chat and the engine that joins several nodes into one chat.
 *
 * <p>The core implements {@link io.socketchat.server.cluster.ClusterLink.Node}: it keeps its own
 * users, fans lines out to them and tells the link what the other nodes must know. A link
 * ({@code chat-cluster} builds one on Redis) claims names across nodes, carries opaque payloads
 * between nodes in the order each node sent them, keeps the node's lease and tells the core when
 * another node appears or is lost. Payloads are the core's own encoding; a link never reads them.
 */
package io.socketchat.server.cluster;
