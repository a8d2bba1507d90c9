/**
 * Test support: a blocking line client over a real socket, for end-to-end tests of every
 * module, a jar builder (the JDK's compiler in process) for tests that need plugin jars, and
 * real PostgreSQL and Redis servers run by the test itself in temporary directories.
 */
module io.socketchat.testkit {
    requires java.compiler;

    exports io.socketchat.testkit;
}
