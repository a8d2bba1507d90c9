/**
 * Test support: a blocking line client over a real socket, for end-to-end tests of every
 * module, and a jar builder (the JDK's compiler in process) for tests that need plugin jars.
 */
module io.socketchat.testkit {
    requires java.compiler;

    exports io.socketchat.testkit;
}
