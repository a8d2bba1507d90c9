/**
 * Several SocketChat nodes as one chat, on Redis: {@link io.socketchat.cluster.RedisLink} is the
 * server's {@code ClusterLink} (names claimed under each node's lease, lines over pub/sub).
 */
module io.socketchat.cluster {
    requires transitive io.socketchat.server;
    // An automatic module (its jar names itself in its manifest).
    requires redis.clients.jedis;
    requires org.slf4j;

    exports io.socketchat.cluster;
}
