package io.socketchat.cluster;

/**
 * What a cluster keeps in Redis, all under {@code socketchat:}, and the Lua scripts that change
 * names (each one atomic):
 *
 * <ul>
 *   <li>{@code node:<id>}: the node's lease, a key that expires unless the node renews it;
 *   <li>{@code nodes}: a hash of every node id to its last heartbeat (epoch milliseconds);
 *   <li>{@code users:<id>}: a hash of a node's name keys to names;
 *   <li>{@code name:<key>}: the id of the node holding a name;
 *   <li>{@code claimed}: a hash of name keys to when they were claimed, which decides a conflict
 *       after an outage (the later claim loses);
 *   <li>channels {@code all} (every node) and {@code to:<id>} (one node).
 * </ul>
 */
final class RedisKeys {

    static final String NODES = "socketchat:nodes";
    static final String CLAIMED = "socketchat:claimed";
    static final String ALL = "socketchat:all";

    /**
     * Claims KEYS[1] (a name key) for node ARGV[1], name ARGV[2], key ARGV[3], at ARGV[4] (epoch
     * milliseconds): free when unheld, held by this node, or held by a node whose lease is gone.
     * -1 when this node's own lease is gone.
     */
    static final String CLAIM = """
            local holder = redis.call('GET', KEYS[1])
            if redis.call('EXISTS', 'socketchat:node:' .. ARGV[1]) == 0 then return -1 end
            if holder and holder ~= ARGV[1] and redis.call('EXISTS', 'socketchat:node:' .. holder) == 1 then
              return 0
            end
            if holder and holder ~= ARGV[1] then redis.call('HDEL', 'socketchat:users:' .. holder, ARGV[3]) end
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('HSET', 'socketchat:users:' .. ARGV[1], ARGV[3], ARGV[2])
            redis.call('HSET', 'socketchat:claimed', ARGV[3], ARGV[4])
            return 1
            """;

    /** Releases KEYS[1] if node ARGV[1] holds it (key ARGV[2]). */
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
              redis.call('HDEL', 'socketchat:claimed', ARGV[2])
            end
            redis.call('HDEL', 'socketchat:users:' .. ARGV[1], ARGV[2])
            return 1
            """;

    /** As {@link #CLAIM}, whoever holds KEYS[1]; returns the previous holder (or false). */
    static final String TAKE = """
            local holder = redis.call('GET', KEYS[1])
            if holder and holder ~= ARGV[1] then redis.call('HDEL', 'socketchat:users:' .. holder, ARGV[3]) end
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('HSET', 'socketchat:users:' .. ARGV[1], ARGV[3], ARGV[2])
            redis.call('HSET', 'socketchat:claimed', ARGV[3], ARGV[4])
            return holder
            """;

    private RedisKeys() {
    }

    static String lease(String node) {
        return "socketchat:node:" + node;
    }

    static String users(String node) {
        return "socketchat:users:" + node;
    }

    static String name(String key) {
        return "socketchat:name:" + key;
    }

    static String to(String node) {
        return "socketchat:to:" + node;
    }
}
