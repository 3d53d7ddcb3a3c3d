package io.switchboard.federation;

/** Certificates for tests outside this package (the browser tests), made at test time. */
public final class FederationTestSupport {

    private FederationTestSupport() {
    }

    /** A fresh CA's certificate, as an owner would paste a peer's trust. */
    public static String certificatePem(String name) {
        return new TestCa(name).certificatePem();
    }
}
