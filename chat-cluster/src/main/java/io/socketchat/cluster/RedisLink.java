package io.socketchat.cluster;

import io.socketchat.server.cluster.ClusterLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisURIHelper;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ClusterLink} on one Redis server.
 *
 * <p>What it keeps in Redis, and the scripts that claim names, are {@link RedisKeys}': a name is
 * free when no key holds it or when its node's lease is gone, so a killed node's names are free
 * the moment its lease expires, and a claim (one Lua script, so atomic) never has to wait for
 * anyone to clean up.
 *
 * <p>Lines go over pub/sub: {@code all} to every node, {@code to:<id>} to one. One thread
 * publishes everything, pipelined, in the order it was given, on one connection; Redis delivers
 * one connection's messages to each subscriber in that order. Each message carries its sender. A
 * node that was paused past its lease drops what it finds waiting when it resumes, until its
 * heartbeat has told its users and taken a new lease.
 */
public final class RedisLink implements ClusterLink {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.cluster");
    /** How many payloads may wait for the publisher; past it they are dropped and counted. */
    private static final int QUEUE_LIMIT = 262_144;
    /** A message kind of the link itself: the name in it was given to a later claimant; that one goes. */
    private static final char CONFLICT = 'X';
    private static final char PAYLOAD = 'P';

    private final URI uri;
    private final String nodeId;
    private final long leaseMillis;
    private final int timeoutMillis;
    private final JedisClientConfig clientConfig;
    private final ReentrantLock commandLock = new ReentrantLock();
    /** How many connections claims may use at once. */
    private static final int CLAIM_CONNECTIONS = 4;
    private final BlockingQueue<Jedis> claimConnections = new ArrayBlockingQueue<>(CLAIM_CONNECTIONS);
    private final AtomicInteger claimConnectionsMade = new AtomicInteger();
    private Jedis commands;
    private final BlockingQueue<Outgoing> outgoing = new ArrayBlockingQueue<>(QUEUE_LIMIT);
    private final AtomicBoolean available = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    /** Other nodes this one has seen, their users told to the core. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    /** When each local name was claimed (wall clock): after an outage the earlier of two claims keeps it. */
    private final Map<String, Long> claimedAt = new ConcurrentHashMap<>();
    private volatile Node node;
    /** When the heartbeat last tried to renew the lease, whether Redis answered or not. */
    private volatile long lastAttemptNanos;
    private volatile boolean mustResync;
    /** The lease was lost while this node was away: take a new one, with no users to claim again. */
    private boolean mustRegister;
    private Thread publisher;
    private Thread subscriber;
    private Thread heartbeat;
    private volatile JedisPubSub subscription;
    /** Counted down at the first subscription to both channels. */
    private final java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);

    private record Outgoing(String channel, String message, String releaseKey) {
    }

    /**
     * @param uri   {@code redis://[user:password@]host:port[/db]} or {@code rediss://} for TLS
     * @param lease how long a silent node's names stay its own
     */
    public RedisLink(URI uri, String nodeId, Duration lease) {
        this.uri = uri;
        this.nodeId = nodeId;
        this.leaseMillis = lease.toMillis();
        this.timeoutMillis = (int) Math.max(200, Math.min(2_000, leaseMillis / 4));
        this.clientConfig = clientConfig(uri, timeoutMillis);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void start(Node node) {
        this.node = node;
        try {
            commands = connect();
            register();
            available.set(true);
            loadNodes(true);
        } catch (JedisException e) {
            closeQuietly(commands);
            throw new IllegalStateException("cannot reach the cluster's Redis at " + describe(uri) + ": "
                    + e.getMessage(), e);
        }
        lastAttemptNanos = System.nanoTime();
        log.info("[CLUSTER] event=joined node={} redis={} lease={}ms nodes={}", nodeId, describe(uri), leaseMillis,
                known.size() + 1);
        publisher = Thread.ofPlatform().name("cluster-publish").daemon().start(this::publishLoop);
        subscriber = Thread.ofPlatform().name("cluster-subscribe").daemon().start(this::subscribeLoop);
        heartbeat = Thread.ofPlatform().name("cluster-heartbeat").daemon().start(this::heartbeatLoop);
        // The node listens before it serves: a login's payloads from another node must reach it.
        boolean listening;
        try {
            listening = subscribed.await(Math.max(2_000, leaseMillis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listening = false;
        }
        if (!listening) {
            close();
            throw new IllegalStateException("cannot subscribe to the cluster's Redis at " + describe(uri));
        }
    }

    private Jedis connect() {
        Jedis jedis = new Jedis(JedisURIHelper.getHostAndPort(uri), clientConfig);
        jedis.ping();
        return jedis;
    }

    /** The URL's user, password, database and TLS, the link's timeouts, and RESP2 (what pub/sub here speaks). */
    private static JedisClientConfig clientConfig(URI uri, int timeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .protocol(RedisProtocol.RESP2)
                .autoNegotiateProtocol(false)
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .clientName("socketchat");
        if (JedisURIHelper.getUser(uri) != null) {
            config.user(JedisURIHelper.getUser(uri));
        }
        if (JedisURIHelper.getPassword(uri) != null) {
            config.password(JedisURIHelper.getPassword(uri));
        }
        if (JedisURIHelper.hasDbIndex(uri)) {
            config.database(JedisURIHelper.getDBIndex(uri));
        }
        return config.build();
    }

    /** Takes this node's lease and lists it among the nodes. */
    private void register() {
        commands.set(RedisKeys.lease(nodeId), Long.toString(System.currentTimeMillis()),
                SetParams.setParams().px(leaseMillis));
        commands.hset(RedisKeys.NODES, nodeId, Long.toString(System.currentTimeMillis()));
    }

    /**
     * Claims on connections of their own, a few at once: a claim is one round trip, and a crowd
     * logging in on one connection would wait for each other's.
     */
    @Override
    public Claim claim(String key, String name) {
        if (!available.get()) {
            return Claim.UNAVAILABLE;
        }
        Jedis jedis;
        try {
            jedis = claimConnection();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Claim.UNAVAILABLE;
        } catch (JedisException e) {
            lostRedis(e);
            return Claim.UNAVAILABLE;
        }
        try {
            long now = System.currentTimeMillis();
            Object result = jedis.eval(RedisKeys.CLAIM, List.of(RedisKeys.name(key)),
                    List.of(nodeId, name, key, Long.toString(now)));
            long answer = result instanceof Long l ? l : 0;
            claimConnections.offer(jedis);
            if (answer == 1) {
                claimedAt.put(key, now);
                return Claim.CLAIMED;
            }
            return answer == 0 ? Claim.TAKEN : Claim.UNAVAILABLE; // -1: the lease is being renewed
        } catch (JedisException e) {
            closeQuietly(jedis);
            claimConnectionsMade.decrementAndGet(); // a new one may take its place
            lostRedis(e);
            return Claim.UNAVAILABLE;
        }
    }

    /** An idle claim connection, a new one while fewer than {@link #CLAIM_CONNECTIONS} exist, or the next one given back. */
    private Jedis claimConnection() throws InterruptedException {
        Jedis idle = claimConnections.poll();
        if (idle != null) {
            return idle;
        }
        if (claimConnectionsMade.incrementAndGet() <= CLAIM_CONNECTIONS) {
            try {
                return connect();
            } catch (JedisException e) {
                claimConnectionsMade.decrementAndGet();
                throw e;
            }
        }
        claimConnectionsMade.decrementAndGet();
        Jedis next = claimConnections.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new redis.clients.jedis.exceptions.JedisConnectionException("no claim connection within " + timeoutMillis + " ms");
        }
        return next;
    }

    @Override
    public void release(String key) {
        claimedAt.remove(key);
        enqueue(new Outgoing(null, null, key));
    }

    @Override
    public void publish(String payload) {
        enqueue(new Outgoing(RedisKeys.ALL, envelope(PAYLOAD, payload), null));
    }

    @Override
    public void send(String to, String payload) {
        enqueue(new Outgoing(RedisKeys.to(to), envelope(PAYLOAD, payload), null));
    }

    private String envelope(char kind, String payload) {
        return nodeId + "\t" + kind + payload;
    }

    private void enqueue(Outgoing item) {
        if (!available.get() && item.releaseKey() == null || !outgoing.offer(item)) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public List<NodeStatus> nodes() {
        commandLock.lock();
        try {
            Map<String, String> beats = commands.hgetAll(RedisKeys.NODES);
            List<NodeStatus> nodes = new ArrayList<>();
            for (Map.Entry<String, String> entry : beats.entrySet()) {
                String id = entry.getKey();
                if (!commands.exists(RedisKeys.lease(id))) {
                    continue;
                }
                int users = (int) commands.hlen(RedisKeys.users(id));
                nodes.add(new NodeStatus(id, users, Instant.ofEpochMilli(Long.parseLong(entry.getValue())),
                        id.equals(nodeId)));
            }
            nodes.sort((a, b) -> a.id().compareTo(b.id()));
            return nodes;
        } catch (JedisException e) {
            lostRedis(e);
            throw new IllegalStateException("the cluster's Redis is unavailable: " + e.getMessage(), e);
        } finally {
            commandLock.unlock();
        }
    }

    @Override
    public boolean isAvailable() {
        return available.get();
    }

    // ---- the threads ----

    private void publishLoop() {
        Jedis jedis = null;
        List<Outgoing> batch = new ArrayList<>();
        while (!closed.get() || !outgoing.isEmpty()) {
            try {
                Outgoing first = outgoing.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outgoing.drainTo(batch, 4_096);
                if (jedis == null) {
                    jedis = connect();
                }
                Pipeline pipeline = jedis.pipelined();
                for (Outgoing item : batch) {
                    if (item.releaseKey() != null) {
                        pipeline.eval(RedisKeys.RELEASE, List.of(RedisKeys.name(item.releaseKey())),
                                List.of(nodeId, item.releaseKey()));
                    } else {
                        pipeline.publish(item.channel(), item.message());
                    }
                }
                pipeline.sync();
            } catch (InterruptedException e) {
                break;
            } catch (JedisException e) {
                dropped.addAndGet(batch.size());
                lostRedis(e);
                closeQuietly(jedis);
                jedis = null;
                pause(timeoutMillis);
            } catch (RuntimeException e) {
                dropped.addAndGet(batch.size());
                log.error("[CLUSTER] event=publisher-failed node={} cause={}", nodeId, e.toString(), e);
            } finally {
                batch.clear();
            }
        }
        closeQuietly(jedis);
    }

    private void subscribeLoop() {
        while (!closed.get()) {
            Jedis jedis = null;
            try {
                jedis = connect();
                JedisPubSub listener = new JedisPubSub() {
                    @Override
                    public void onMessage(String channel, String message) {
                        received(channel, message);
                    }

                    @Override
                    public void onSubscribe(String channel, int subscribedChannels) {
                        if (subscribedChannels == 2) {
                            // Both channels heard from now on: what went by before is read back.
                            node.missedPayloads();
                            subscribed.countDown();
                        }
                    }
                };
                subscription = listener;
                if (closed.get()) {
                    break;
                }
                mustResync = true; // what was published while not subscribed is missed: read the state again
                jedis.subscribe(listener, RedisKeys.ALL, RedisKeys.to(nodeId));
            } catch (JedisException e) {
                if (!closed.get()) {
                    lostRedis(e);
                    pause(timeoutMillis);
                }
            } catch (RuntimeException | LinkageError e) {
                log.error("[CLUSTER] event=subscriber-failed node={} cause={}", nodeId, e.toString(), e);
                pause(timeoutMillis);
            } finally {
                closeQuietly(jedis);
            }
        }
    }

    private void received(String channel, String message) {
        int tab = message.indexOf('\t');
        if (tab < 0 || tab + 1 >= message.length()) {
            return;
        }
        String from = message.substring(0, tab);
        if (from.equals(nodeId)) {
            return; // this node's own broadcast
        }
        if (leaseInDoubt()) {
            // This node was away past its lease and has not yet told its users so: what waited
            // for it is old news, and they must not read it as current.
            dropped.incrementAndGet();
            return;
        }
        char kind = message.charAt(tab + 1);
        String payload = message.substring(tab + 2);
        try {
            if (kind == PAYLOAD) {
                if (!known.contains(from)) {
                    seeNode(from);
                }
                node.received(from, payload);
            } else if (kind == CONFLICT) {
                node.lost(payload, "name-conflict");
            }
        } catch (RuntimeException e) {
            log.error("[CLUSTER] event=payload-failed node={} cause={}", from, e.toString(), e);
        }
    }

    /** A node heard from before the heartbeat listed it: its users, read once, so a DM to them finds them. */
    private void seeNode(String id) {
        commandLock.lock();
        try {
            if (known.add(id)) {
                node.nodeSeen(id, commands.hgetAll(RedisKeys.users(id)));
            }
        } catch (JedisException e) {
            lostRedis(e);
        } finally {
            commandLock.unlock();
        }
    }

    /**
     * The heartbeat did not even try for longer than the lease: this process was stopped (or
     * starved), and other nodes may have given its names out. Not so while Redis is away: then
     * the heartbeat keeps trying, and the names are claimed again when it answers.
     */
    private boolean leaseInDoubt() {
        return System.nanoTime() - lastAttemptNanos > TimeUnit.MILLISECONDS.toNanos(leaseMillis);
    }

    private void heartbeatLoop() {
        long period = Math.max(100, leaseMillis / 4);
        while (!closed.get()) {
            pause(period);
            if (closed.get()) {
                break;
            }
            try {
                beat();
            } catch (RuntimeException e) {
                log.error("[CLUSTER] event=heartbeat-failed node={} cause={}", nodeId, e.toString(), e);
            }
        }
    }

    private void beat() {
        long now = System.nanoTime();
        if (leaseInDoubt()) {
            // Stopped (or starved) past the lease: other nodes may have given these names out.
            log.warn("[CLUSTER] event=lease-expired node={} away={}ms", nodeId,
                    TimeUnit.NANOSECONDS.toMillis(now - lastAttemptNanos));
            for (String key : node.localUsers().keySet()) {
                claimedAt.remove(key);
                node.lost(key, "cluster-lease-expired");
            }
            mustRegister = true;
        }
        lastAttemptNanos = now;
        commandLock.lock();
        try {
            if (commands == null || !available.get()) {
                closeQuietly(commands);
                commands = connect();
            }
            String renewed = mustRegister ? null : commands.set(RedisKeys.lease(nodeId),
                    Long.toString(System.currentTimeMillis()), SetParams.setParams().xx().px(leaseMillis));
            if (renewed == null) {
                register();
                if (!mustRegister) {
                    // The lease is gone but this node ran all along: Redis restarted, or could not
                    // be reached for longer than the lease. Claim this node's users again.
                    reclaim();
                }
                mustRegister = false;
                mustResync = true;
            } else {
                commands.hset(RedisKeys.NODES, nodeId, Long.toString(System.currentTimeMillis()));
            }
            if (available.compareAndSet(false, true)) {
                log.info("[CLUSTER] event=available node={} redis={}", nodeId, describe(uri));
            }
            boolean resync = mustResync;
            mustResync = false;
            loadNodes(resync);
        } catch (JedisException e) {
            lostRedis(e);
        } finally {
            commandLock.unlock();
        }
    }

    /** After an outage: each local user's name again; of two claims of one name, the later one goes. */
    private void reclaim() {
        for (Map.Entry<String, String> user : node.localUsers().entrySet()) {
            String key = user.getKey();
            long mine = claimedAt.getOrDefault(key, System.currentTimeMillis());
            List<String> args = List.of(nodeId, user.getValue(), key, Long.toString(mine));
            Object result = commands.eval(RedisKeys.CLAIM, List.of(RedisKeys.name(key)), args);
            if (result instanceof Long l && l == 1) {
                continue;
            }
            String holder = commands.get(RedisKeys.name(key));
            String claimed = commands.hget(RedisKeys.CLAIMED, key);
            long theirs = claimed == null ? Long.MAX_VALUE : Long.parseLong(claimed);
            if (mine <= theirs && holder != null) {
                commands.eval(RedisKeys.TAKE, List.of(RedisKeys.name(key)), args);
                commands.publish(RedisKeys.to(holder), envelope(CONFLICT, key));
                log.info("[CLUSTER] event=name-conflict user={} kept=here other={}", user.getValue(), holder);
            } else {
                claimedAt.remove(key);
                log.info("[CLUSTER] event=name-conflict user={} kept={}", user.getValue(), holder);
                node.lost(key, "name-conflict");
            }
        }
    }

    /** Tells the core of nodes that appeared or are gone; with {@code resync}, every node's users again. */
    private void loadNodes(boolean resync) {
        Map<String, String> beats = commands.hgetAll(RedisKeys.NODES);
        Set<String> seen = new HashSet<>();
        for (String id : beats.keySet()) {
            if (id.equals(nodeId)) {
                continue;
            }
            if (!commands.exists(RedisKeys.lease(id))) {
                commands.hdel(RedisKeys.NODES, id);
                commands.del(RedisKeys.users(id));
                continue;
            }
            seen.add(id);
            if (resync || !known.contains(id)) {
                known.add(id);
                node.nodeSeen(id, commands.hgetAll(RedisKeys.users(id)));
            }
        }
        for (String id : List.copyOf(known)) {
            if (!seen.contains(id)) {
                known.remove(id);
                node.nodeLost(id);
            }
        }
    }

    private void lostRedis(JedisException e) {
        if (available.compareAndSet(true, false) && !closed.get()) {
            log.warn("[CLUSTER] event=unavailable node={} redis={} cause={}", nodeId, describe(uri), e.toString());
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        joinQuietly(publisher, 2_000); // what the users' leaves queued goes out first
        JedisPubSub listening = subscription;
        if (listening != null && listening.isSubscribed()) {
            try {
                listening.unsubscribe();
            } catch (JedisException | IllegalStateException e) {
                // the connection is gone already
            }
        }
        if (heartbeat != null) {
            heartbeat.interrupt();
        }
        commandLock.lock();
        try {
            if (commands != null && available.get()) {
                Map<String, String> users = commands.hgetAll(RedisKeys.users(nodeId));
                for (String key : users.keySet()) {
                    commands.eval(RedisKeys.RELEASE, List.of(RedisKeys.name(key)), List.of(nodeId, key));
                }
                commands.del(RedisKeys.lease(nodeId), RedisKeys.users(nodeId));
                commands.hdel(RedisKeys.NODES, nodeId);
            }
        } catch (JedisException e) {
            log.warn("[CLUSTER] event=leave-failed node={} cause={}", nodeId, e.toString());
        } finally {
            closeQuietly(commands);
            commandLock.unlock();
        }
        joinQuietly(subscriber, 1_000);
        for (Jedis jedis; (jedis = claimConnections.poll()) != null; ) {
            closeQuietly(jedis);
        }
        log.info("[CLUSTER] event=left node={} dropped={}", nodeId, dropped.get());
    }

    private static void joinQuietly(Thread thread, long millis) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // the heartbeat's and a reconnect's pace: nothing to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Jedis jedis) {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException e) {
                // closing a broken connection
            }
        }
    }

    /** The URL without its password, for logs and errors. */
    static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + (uri.getPath() == null ? "" : uri.getPath());
    }
}
