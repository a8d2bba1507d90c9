/** Test support: a blocking line client over a real socket, for end-to-end tests of every module. */
module io.socketchat.testkit {
    exports io.socketchat.testkit;
}
