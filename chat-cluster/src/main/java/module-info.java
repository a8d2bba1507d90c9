/**
 * Several SocketChat nodes as one chat, on Redis: {@link io.socketchat.cluster.RedisLink} is the
 * server's {@code ClusterLink} (names claimed under each node's lease, lines over pub/sub).
 */
module io.socketchat.cluster {
    requires transitive io.socketchat.server;
    // An automatic module (its jar names itself in its manifest): it declares no requirements of
    // its own, so the modules it loads classes from are named here, or a runtime image and a
    // module-path launch would leave them out (pub/sub needs the authentication module).
    requires redis.clients.jedis;
    requires redis.clients.authentication.core;
    requires org.apache.commons.pool2;
    requires org.json;
    requires com.google.gson;
    requires org.slf4j;

    exports io.socketchat.cluster;
}
